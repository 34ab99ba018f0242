--
-- aov_trimmed_mean: every result is compared with a plain SQL computation
-- over the same rows.  The reference sorts the non-null values with
-- row_number(), keeps the rows with rn > floor(n*low) and
-- rn <= n - floor(n*high), and averages them.  numeric: the exact sum of
-- the kept rows divided by their count with numeric division, as avg()
-- divides; the sum carries the largest display scale of the group's inputs
-- (doc/reference.md: "no fewer decimals than the input with the most"), so
-- the reference adds round(0, that scale), and the text must match too.
-- float8 and integer inputs: the exact mean computed in numeric (60
-- decimals) and rounded once to float8, which is what a correctly rounded
-- result is, and within 1e-12 of avg().
--
-- Each comparison over many groups is stored in a cmp_* table (got FULL
-- JOIN ref, so a group missing on either side shows up).  Two queries
-- print it: the number of groups on each side, a fixed count that proves
-- the data was there, and the groups that differ, with both values (no
-- rows expected).
--

-- ---------------------------------------------------------------------
-- Small fixtures with known answers, all four types
-- ---------------------------------------------------------------------

-- 0..19, trim 0.1: floor(20*0.1) = 2 values cut at each end, mean of 2..17
SELECT aov_trimmed_mean(x::numeric, 0.1) AS num,
       aov_trimmed_mean(x::float8, 0.1) AS f8,
       aov_trimmed_mean(x::bigint, 0.1) AS i8,
       aov_trimmed_mean(x::integer, 0.1) AS i4,
       avg(x) FILTER (WHERE x BETWEEN 2 AND 17) AS ref
FROM generate_series(0, 19) AS x;

-- 0..10 and 50, trim 0.1: floor(12*0.1) = 1, so 0 and 50 go, mean of 1..10
SELECT aov_trimmed_mean(x::numeric, 0.1) AS num,
       aov_trimmed_mean(x::float8, 0.1) AS f8,
       aov_trimmed_mean(x::bigint, 0.1) AS i8,
       aov_trimmed_mean(x::integer, 0.1) AS i4,
       aov_trimmed_mean(x::numeric, 0.1) = 5.5 AND aov_trimmed_mean(x::float8, 0.1) = 5.5
         AND aov_trimmed_mean(x::bigint, 0.1) = 5.5 AND aov_trimmed_mean(x::integer, 0.1) = 5.5 AS all_5_5
FROM (SELECT generate_series(0, 10) UNION ALL SELECT 50) AS s(x);

-- result types: numeric for numeric, float8 for the others
SELECT pg_typeof(aov_trimmed_mean(1::numeric, 0.1)) AS num,
       pg_typeof(aov_trimmed_mean(1::float8, 0.1)) AS f8,
       pg_typeof(aov_trimmed_mean(1::bigint, 0.1)) AS i8,
       pg_typeof(aov_trimmed_mean(1::integer, 0.1)) AS i4,
       pg_typeof(aov_trimmed_mean(1::numeric, 0.1, 0.2)) AS num_asym,
       pg_typeof(aov_trimmed_mean(1::integer, 0.1, 0.2)) AS i4_asym;

-- ---------------------------------------------------------------------
-- Random data with ties, per group, symmetric trims
-- ---------------------------------------------------------------------

-- One comparison for a column x of t_rand, per group g and trim: got FULL
-- JOIN ref on (g, low, high), the values as text, ok when they agree.
-- sym: the trims 0, 0.05, 0.1, 0.25 and 0.4999 through the one-fraction
-- form (low = high), else six (low, high) pairs through the two-fraction
-- form.  kind, the reference:
--   numeric  the exact mean with avg()'s division and the group's largest
--            display scale: equal values and equal text
--   exact    the exact mean computed in numeric (60 decimals) rounded once
--            to float8: equal values
--   avg      avg() (ref is avg's value)
-- with_avg: also within 1e-12 of avg() (ref_avg).
CREATE FUNCTION tm_compare(x text, kind text, sym boolean, with_avg boolean)
RETURNS TABLE (g int, lo numeric, hi numeric, got text, ref text, ref_avg float8, ok boolean)
LANGUAGE plpgsql AS $f$
BEGIN
    RETURN QUERY EXECUTE format($q$
        WITH tr(lo, hi) AS (SELECT * FROM unnest(%2$L::numeric[], %3$L::numeric[])),
        r AS (SELECT g, %1$s AS x, row_number() OVER (PARTITION BY g ORDER BY %1$s) AS rn,
                     count(*) OVER (PARTITION BY g) AS n %4$s
              FROM t_rand WHERE %1$s IS NOT NULL),
        ref AS (SELECT g, lo, hi, %5$s AS m, avg(x)::float8 AS a FROM r CROSS JOIN tr
                WHERE rn > floor(n * lo) AND rn <= n - floor(n * hi) GROUP BY g, lo, hi),
        got AS (SELECT g, lo, hi, %6$s AS m FROM t_rand CROSS JOIN tr GROUP BY g, lo, hi)
        SELECT g, lo, hi, got.m::text, ref.m::text, ref.a,
               %7$s %8$s
        FROM got FULL JOIN ref USING (g, lo, hi) $q$,
        x,
        CASE WHEN sym THEN '{0.0, 0.05, 0.1, 0.25, 0.4999}' ELSE '{0.0, 0.1, 0.2, 0.1, 0.57, 0.0}' END,
        CASE WHEN sym THEN '{0.0, 0.05, 0.1, 0.25, 0.4999}' ELSE '{0.1, 0.0, 0.3, 0.89, 0.29, 0.0}' END,
        CASE kind WHEN 'numeric' THEN format(', max(scale(%s)) OVER (PARTITION BY g) AS ds', x) ELSE '' END,
        CASE kind WHEN 'numeric' THEN '(sum(x) + round(0, max(ds))) / count(*)'
                  WHEN 'exact' THEN '(sum(x::numeric)::numeric(1000,60) / count(*))::float8'
                  ELSE 'avg(x)::float8' END,
        CASE WHEN sym THEN format('aov_trimmed_mean(%s, lo::float8)', x)
             ELSE format('aov_trimmed_mean(%s, lo::float8, hi::float8)', x) END,
        CASE kind WHEN 'numeric' THEN 'NOT (got.m IS DISTINCT FROM ref.m OR got.m::text IS DISTINCT FROM ref.m::text)'
                  WHEN 'exact' THEN 'NOT (got.m IS DISTINCT FROM ref.m)' ELSE 'true' END,
        CASE WHEN with_avg THEN 'AND (abs(got.m - ref.a) <= 1e-12 * abs(ref.a)) IS TRUE' ELSE '' END);
END $f$;

-- numeric(12,2) (exact, and displayed as avg() would show it); numeric
-- with 0 to 5 decimals in one group (the stored scale grows); float8
-- multiples of 1/8 (within 1e-12 of avg(), and equal to the exact mean
-- correctly rounded); float8 cents (not exact in binary: within 1e-12 of
-- avg()); bigint (sums beyond int64) and integer (the exact mean correctly
-- rounded to float8, within 1e-12 of avg()).  Then the asymmetric trims
-- (low, high), each type against its exact reference.
CREATE TEMP TABLE cmp_tm AS
SELECT v.n, v.x, v.sym, c.*
FROM (VALUES (1, 'num', true, 'numeric', false), (2, 'nm', true, 'numeric', false),
             (3, 'f', true, 'exact', true), (4, 'fc', true, 'avg', true),
             (5, 'b', true, 'exact', true), (6, 'i', true, 'exact', true),
             (7, 'num', false, 'numeric', false), (8, 'f', false, 'exact', false),
             (9, 'b', false, 'exact', false), (10, 'i', false, 'exact', false)) v(n, x, sym, kind, with_avg),
     tm_compare(v.x, v.kind, v.sym, v.with_avg) c;
SELECT x, sym, count(got) AS got_groups, count(ref) AS ref_groups FROM cmp_tm GROUP BY n, x, sym ORDER BY n;
SELECT x, sym, g, lo, hi, got, ref, ref_avg FROM cmp_tm WHERE NOT ok ORDER BY n, g, lo, hi;

-- the trims matter on this data: every trim gives a different numeric
-- reference, so an implementation that cut the wrong number of values
-- would differ above
SELECT count(DISTINCT ref::numeric) AS distinct_results FROM cmp_tm WHERE n = 1 AND g = 1;

-- ---------------------------------------------------------------------
-- Asymmetric trims (low, high): compared above (cmp_tm, sym false)
-- ---------------------------------------------------------------------

-- the symmetric form is the asymmetric one with low = high
CREATE TEMP TABLE cmp_sym AS
SELECT g, aov_trimmed_mean(num, 0.1) AS num_sym, aov_trimmed_mean(num, 0.1, 0.1) AS num_asym,
       aov_trimmed_mean(f, 0.25) AS f8_sym, aov_trimmed_mean(f, 0.25, 0.25) AS f8_asym
FROM t_rand GROUP BY g;
SELECT count(num_sym) AS num_groups, count(f8_sym) AS f8_groups FROM cmp_sym;
SELECT g, num_sym, num_asym, f8_sym, f8_asym FROM cmp_sym
WHERE num_sym IS DISTINCT FROM num_asym OR num_sym::text IS DISTINCT FROM num_asym::text
   OR f8_sym IS DISTINCT FROM f8_asym
ORDER BY g;

-- ---------------------------------------------------------------------
-- Many groups (about 1,000 groups of about 20 rows), hashed and sorted
-- ---------------------------------------------------------------------

CREATE TEMP TABLE ref_g2 AS
WITH tr(t) AS (VALUES (0.1), (0.25)),
r AS (SELECT g2, num AS x, row_number() OVER (PARTITION BY g2 ORDER BY num) AS rn,
             count(*) OVER (PARTITION BY g2) AS n, max(scale(num)) OVER (PARTITION BY g2) AS ds
      FROM t_rand WHERE num IS NOT NULL)
SELECT g2, t, (sum(x) + round(0, max(ds))) / count(*) AS m FROM r CROSS JOIN tr
WHERE rn > floor(n * t) AND rn <= n - floor(n * t) GROUP BY g2, t;

SET enable_sort = off;
SET work_mem = '64kB';   -- hash aggregation with this many states spills
CREATE TEMP TABLE cmp_g2_hashed AS
SELECT g2, t, got.m AS got, ref_g2.m AS ref
FROM (SELECT g2, t, aov_trimmed_mean(num, t::float8) AS m
      FROM t_rand CROSS JOIN (VALUES (0.1), (0.25)) tr(t) GROUP BY g2, t) got
FULL JOIN ref_g2 USING (g2, t);
RESET enable_sort;
RESET work_mem;
SET enable_hashagg = off;
CREATE TEMP TABLE cmp_g2_sorted AS
SELECT g2, t, got.m AS got, ref_g2.m AS ref
FROM (SELECT g2, t, aov_trimmed_mean(num, t::float8) AS m
      FROM t_rand CROSS JOIN (VALUES (0.1), (0.25)) tr(t) GROUP BY g2, t) got
FULL JOIN ref_g2 USING (g2, t);
RESET enable_hashagg;
SELECT 'hashed' AS agg, count(got) AS got_groups, count(ref) AS ref_groups FROM cmp_g2_hashed
UNION ALL
SELECT 'sorted', count(got), count(ref) FROM cmp_g2_sorted;
SELECT 'hashed' AS agg, g2, t, got, ref FROM cmp_g2_hashed
WHERE got IS DISTINCT FROM ref OR got::text IS DISTINCT FROM ref::text
UNION ALL
SELECT 'sorted', g2, t, got, ref FROM cmp_g2_sorted
WHERE got IS DISTINCT FROM ref OR got::text IS DISTINCT FROM ref::text
ORDER BY agg, g2, t;

-- ---------------------------------------------------------------------
-- GROUPING SETS: each set's groups against the reference for that grouping
-- ---------------------------------------------------------------------

CREATE TEMP TABLE ref_sets AS
WITH r AS (SELECT g, g2 % 7 AS h, num AS x,
                  row_number() OVER (PARTITION BY g ORDER BY num) AS rn_g, count(*) OVER (PARTITION BY g) AS n_g,
                  row_number() OVER (PARTITION BY g2 % 7 ORDER BY num) AS rn_h, count(*) OVER (PARTITION BY g2 % 7) AS n_h,
                  row_number() OVER (ORDER BY num) AS rn_a, count(*) OVER () AS n_a
           FROM t_rand WHERE num IS NOT NULL)
SELECT 1 AS gi, g AS key, avg(x) FILTER (WHERE rn_g > floor(n_g * 0.1) AND rn_g <= n_g - floor(n_g * 0.1)) AS m
FROM r GROUP BY g
UNION ALL
SELECT 2, h, avg(x) FILTER (WHERE rn_h > floor(n_h * 0.1) AND rn_h <= n_h - floor(n_h * 0.1)) FROM r GROUP BY h
UNION ALL
SELECT 3, 0, avg(x) FILTER (WHERE rn_a > floor(n_a * 0.1) AND rn_a <= n_a - floor(n_a * 0.1)) FROM r;
SET enable_hashagg = off;
CREATE TEMP TABLE cmp_sets_sorted AS
SELECT gi, key, s.m AS got, ref_sets.m AS ref
FROM (SELECT CASE grouping(g, g2 % 7) WHEN 1 THEN 1 WHEN 2 THEN 2 ELSE 3 END AS gi,
             coalesce(g, g2 % 7, 0) AS key, aov_trimmed_mean(num, 0.1) AS m
      FROM t_rand GROUP BY GROUPING SETS ((g), (g2 % 7), ())) s
FULL JOIN ref_sets USING (gi, key);
RESET enable_hashagg;
SET enable_sort = off;
CREATE TEMP TABLE cmp_sets_hashed AS
SELECT gi, key, s.m AS got, ref_sets.m AS ref
FROM (SELECT CASE grouping(g, g2 % 7) WHEN 1 THEN 1 WHEN 2 THEN 2 ELSE 3 END AS gi,
             coalesce(g, g2 % 7, 0) AS key, aov_trimmed_mean(num, 0.1) AS m
      FROM t_rand GROUP BY GROUPING SETS ((g), (g2 % 7), ())) s
FULL JOIN ref_sets USING (gi, key);
RESET enable_sort;
SELECT 'sorted' AS agg, gi, count(got) AS got_groups, count(ref) AS ref_groups FROM cmp_sets_sorted GROUP BY gi
UNION ALL
SELECT 'hashed', gi, count(got), count(ref) FROM cmp_sets_hashed GROUP BY gi
ORDER BY agg DESC, gi;
SELECT 'sorted' AS agg, gi, key, got, ref FROM cmp_sets_sorted
WHERE got IS DISTINCT FROM ref OR got::text IS DISTINCT FROM ref::text
UNION ALL
SELECT 'hashed', gi, key, got, ref FROM cmp_sets_hashed
WHERE got IS DISTINCT FROM ref OR got::text IS DISTINCT FROM ref::text
ORDER BY agg DESC, gi, key;

-- DISTINCT, FILTER, and a correlated subquery (the aggregate is rescanned
-- once per outer row)
CREATE TEMP TABLE cmp_distinct AS
WITH r AS (SELECT g, num AS x, row_number() OVER (PARTITION BY g ORDER BY num) AS rn,
                  count(*) OVER (PARTITION BY g) AS n
           FROM (SELECT DISTINCT g, num FROM t_rand WHERE num IS NOT NULL) d),
ref AS (SELECT g, avg(x) AS m FROM r WHERE rn > floor(n * 0.1) AND rn <= n - floor(n * 0.1) GROUP BY g)
SELECT g, got.m AS got, ref.m AS ref
FROM (SELECT g, aov_trimmed_mean(DISTINCT num, 0.1) AS m FROM t_rand GROUP BY g) got FULL JOIN ref USING (g);
CREATE TEMP TABLE cmp_filter AS
WITH r AS (SELECT g, num AS x, row_number() OVER (PARTITION BY g ORDER BY num) AS rn,
                  count(*) OVER (PARTITION BY g) AS n
           FROM t_rand WHERE num > 10),
ref AS (SELECT g, avg(x) AS m FROM r WHERE rn > floor(n * 0.25) AND rn <= n - floor(n * 0.25) GROUP BY g)
SELECT g, got.m AS got, ref.m AS ref
FROM (SELECT g, aov_trimmed_mean(num, 0.25) FILTER (WHERE num > 10) AS m FROM t_rand GROUP BY g) got
FULL JOIN ref USING (g);
CREATE TEMP TABLE cmp_subquery AS
WITH r AS (SELECT g, num AS x, row_number() OVER (PARTITION BY g ORDER BY num) AS rn,
                  count(*) OVER (PARTITION BY g) AS n
           FROM t_rand WHERE num IS NOT NULL),
ref AS (SELECT g, avg(x) AS m FROM r WHERE rn > floor(n * 0.1) AND rn <= n - floor(n * 0.1) GROUP BY g)
SELECT g, (SELECT aov_trimmed_mean(num, 0.1) FROM t_rand t WHERE t.g = ref.g) AS got, ref.m AS ref
FROM ref;
SELECT 'distinct' AS form, count(got) AS got_groups, count(ref) AS ref_groups FROM cmp_distinct
UNION ALL SELECT 'filter', count(got), count(ref) FROM cmp_filter
UNION ALL SELECT 'subquery', count(got), count(ref) FROM cmp_subquery;
SELECT 'distinct' AS form, g, got, ref FROM cmp_distinct
WHERE got IS DISTINCT FROM ref OR got::text IS DISTINCT FROM ref::text
UNION ALL
SELECT 'filter', g, got, ref FROM cmp_filter
WHERE got IS DISTINCT FROM ref OR got::text IS DISTINCT FROM ref::text
UNION ALL
SELECT 'subquery', g, got, ref FROM cmp_subquery
WHERE got IS DISTINCT FROM ref
ORDER BY form, g;

-- ---------------------------------------------------------------------
-- Large groups (65,536 values and more): the final step brackets the cut
-- points from a sample instead of selecting in place; distinct values,
-- ties, few distinct values, a heavy spike, all equal, infinities, and
-- exactly 65,536 values
-- ---------------------------------------------------------------------

CREATE TEMP TABLE big (ds int, i int, u bigint);
INSERT INTO big SELECT 1, i, (i::bigint * 7919) % 100003 - 50000 FROM generate_series(1, 70000) i;
INSERT INTO big SELECT 2, i, (i::bigint * 7919) % 1000 FROM generate_series(1, 70000) i;
INSERT INTO big SELECT 3, i, i % 3 FROM generate_series(1, 70000) i;
INSERT INTO big SELECT 4, i, CASE WHEN i % 100 = 0 THEN (i::bigint * 7919) % 100003 ELSE 0 END FROM generate_series(1, 70000) i;
INSERT INTO big SELECT 5, i, 42 FROM generate_series(1, 70000) i;
INSERT INTO big SELECT 6, i, (i::bigint * 104729) % 65537 FROM generate_series(1, 70000) i;
INSERT INTO big SELECT 7, i, (i::bigint * 7919) % 65537 FROM generate_series(1, 65536) i;
CREATE TEMP TABLE big_v AS
SELECT ds, CASE WHEN i % 97 = 0 AND ds <> 7 THEN NULL
                WHEN ds = 6 AND i % 1000 = 1 THEN 'Infinity'
                WHEN ds = 6 AND i % 1000 = 2 THEN '-Infinity'
                ELSE u * 0.25 END::numeric AS x,
       CASE WHEN i % 97 = 0 AND ds <> 7 THEN NULL
            WHEN ds = 6 AND i % 1000 = 1 THEN 'Infinity'
            WHEN ds = 6 AND i % 1000 = 2 THEN '-Infinity'
            ELSE u * 0.25 END::float8 AS f,
       CASE WHEN (i % 97 = 0 AND ds <> 7) OR (ds = 6 AND i % 1000 IN (1, 2)) THEN NULL
            ELSE u * 1000000007 END AS b
FROM big;
SELECT ds, count(x) AS n_x, count(b) AS n_b, count(DISTINCT x) AS distinct_x, max(scale(x)) AS max_scale
FROM big_v GROUP BY ds ORDER BY ds;
SET enable_hashagg = off;
CREATE TEMP TABLE big_got AS
SELECT ds,
       aov_trimmed_mean(x, 0.0001) AS x1,
       aov_trimmed_mean(x, 0.1) AS x2,
       aov_trimmed_mean(x, 0.25) AS x3,
       aov_trimmed_mean(x, 0.4999) AS x4,
       aov_trimmed_mean(x, 0.3, 0) AS x5,
       aov_trimmed_mean(x, 0, 0.3) AS x6,
       aov_trimmed_mean(x, 0.05, 0.9) AS x7,
       aov_trimmed_mean(f, 0.0001) AS f1,
       aov_trimmed_mean(f, 0.1) AS f2,
       aov_trimmed_mean(f, 0.25) AS f3,
       aov_trimmed_mean(f, 0.4999) AS f4,
       aov_trimmed_mean(f, 0.3, 0) AS f5,
       aov_trimmed_mean(f, 0, 0.3) AS f6,
       aov_trimmed_mean(f, 0.05, 0.9) AS f7,
       aov_trimmed_mean(b, 0.0001) AS b1,
       aov_trimmed_mean(b, 0.1) AS b2,
       aov_trimmed_mean(b, 0.25) AS b3,
       aov_trimmed_mean(b, 0.4999) AS b4,
       aov_trimmed_mean(b, 0.3, 0) AS b5,
       aov_trimmed_mean(b, 0, 0.3) AS b6,
       aov_trimmed_mean(b, 0.05, 0.9) AS b7
FROM big_v GROUP BY ds;
RESET enable_hashagg;
-- reference, one pass per type with a FILTER per trim; the values are
-- multiples of 1/4 (display scale 2), so f::numeric is exact
CREATE TEMP TABLE big_ref_x AS
SELECT ds,
       avg(x) FILTER (WHERE rn > floor(n * 0.0001) AND rn <= n - floor(n * 0.0001)) AS x1,
       avg(x) FILTER (WHERE rn > floor(n * 0.1) AND rn <= n - floor(n * 0.1)) AS x2,
       avg(x) FILTER (WHERE rn > floor(n * 0.25) AND rn <= n - floor(n * 0.25)) AS x3,
       avg(x) FILTER (WHERE rn > floor(n * 0.4999) AND rn <= n - floor(n * 0.4999)) AS x4,
       avg(x) FILTER (WHERE rn > floor(n * 0.3) AND rn <= n - floor(n * 0)) AS x5,
       avg(x) FILTER (WHERE rn > floor(n * 0) AND rn <= n - floor(n * 0.3)) AS x6,
       avg(x) FILTER (WHERE rn > floor(n * 0.05) AND rn <= n - floor(n * 0.9)) AS x7
FROM (SELECT ds, x, row_number() OVER (PARTITION BY ds ORDER BY x) AS rn, count(*) OVER (PARTITION BY ds) AS n
      FROM big_v WHERE x IS NOT NULL) r GROUP BY ds;
CREATE TEMP TABLE big_ref_f AS
SELECT ds,
       sum(f::numeric) FILTER (WHERE rn > floor(n * 0.0001) AND rn <= n - floor(n * 0.0001)) AS fs1, count(*) FILTER (WHERE rn > floor(n * 0.0001) AND rn <= n - floor(n * 0.0001)) AS fc1,
       sum(f::numeric) FILTER (WHERE rn > floor(n * 0.1) AND rn <= n - floor(n * 0.1)) AS fs2, count(*) FILTER (WHERE rn > floor(n * 0.1) AND rn <= n - floor(n * 0.1)) AS fc2,
       sum(f::numeric) FILTER (WHERE rn > floor(n * 0.25) AND rn <= n - floor(n * 0.25)) AS fs3, count(*) FILTER (WHERE rn > floor(n * 0.25) AND rn <= n - floor(n * 0.25)) AS fc3,
       sum(f::numeric) FILTER (WHERE rn > floor(n * 0.4999) AND rn <= n - floor(n * 0.4999)) AS fs4, count(*) FILTER (WHERE rn > floor(n * 0.4999) AND rn <= n - floor(n * 0.4999)) AS fc4,
       sum(f::numeric) FILTER (WHERE rn > floor(n * 0.3) AND rn <= n - floor(n * 0)) AS fs5, count(*) FILTER (WHERE rn > floor(n * 0.3) AND rn <= n - floor(n * 0)) AS fc5,
       sum(f::numeric) FILTER (WHERE rn > floor(n * 0) AND rn <= n - floor(n * 0.3)) AS fs6, count(*) FILTER (WHERE rn > floor(n * 0) AND rn <= n - floor(n * 0.3)) AS fc6,
       sum(f::numeric) FILTER (WHERE rn > floor(n * 0.05) AND rn <= n - floor(n * 0.9)) AS fs7, count(*) FILTER (WHERE rn > floor(n * 0.05) AND rn <= n - floor(n * 0.9)) AS fc7
FROM (SELECT ds, f, row_number() OVER (PARTITION BY ds ORDER BY f) AS rn, count(*) OVER (PARTITION BY ds) AS n
      FROM big_v WHERE f IS NOT NULL) r GROUP BY ds;
CREATE TEMP TABLE big_ref_b AS
SELECT ds,
       (sum(b) FILTER (WHERE rn > floor(n * 0.0001) AND rn <= n - floor(n * 0.0001)))::numeric(1000,60) / count(*) FILTER (WHERE rn > floor(n * 0.0001) AND rn <= n - floor(n * 0.0001)) AS b1,
       (sum(b) FILTER (WHERE rn > floor(n * 0.1) AND rn <= n - floor(n * 0.1)))::numeric(1000,60) / count(*) FILTER (WHERE rn > floor(n * 0.1) AND rn <= n - floor(n * 0.1)) AS b2,
       (sum(b) FILTER (WHERE rn > floor(n * 0.25) AND rn <= n - floor(n * 0.25)))::numeric(1000,60) / count(*) FILTER (WHERE rn > floor(n * 0.25) AND rn <= n - floor(n * 0.25)) AS b3,
       (sum(b) FILTER (WHERE rn > floor(n * 0.4999) AND rn <= n - floor(n * 0.4999)))::numeric(1000,60) / count(*) FILTER (WHERE rn > floor(n * 0.4999) AND rn <= n - floor(n * 0.4999)) AS b4,
       (sum(b) FILTER (WHERE rn > floor(n * 0.3) AND rn <= n - floor(n * 0)))::numeric(1000,60) / count(*) FILTER (WHERE rn > floor(n * 0.3) AND rn <= n - floor(n * 0)) AS b5,
       (sum(b) FILTER (WHERE rn > floor(n * 0) AND rn <= n - floor(n * 0.3)))::numeric(1000,60) / count(*) FILTER (WHERE rn > floor(n * 0) AND rn <= n - floor(n * 0.3)) AS b6,
       (sum(b) FILTER (WHERE rn > floor(n * 0.05) AND rn <= n - floor(n * 0.9)))::numeric(1000,60) / count(*) FILTER (WHERE rn > floor(n * 0.05) AND rn <= n - floor(n * 0.9)) AS b7
FROM (SELECT ds, b, row_number() OVER (PARTITION BY ds ORDER BY b) AS rn, count(*) OVER (PARTITION BY ds) AS n
      FROM big_v WHERE b IS NOT NULL) r GROUP BY ds;
-- one row per data set and result: numeric equal and with the same text,
-- float8 and bigint equal to the correctly rounded exact mean
CREATE TEMP TABLE cmp_big AS
SELECT ds, v.result, v.got, v.ref, v.ok
FROM big_got g
JOIN big_ref_x x USING (ds)
JOIN (SELECT ds,
       CASE WHEN fs1 IN ('Infinity', '-Infinity', 'NaN') THEN fs1::float8 ELSE (fs1::numeric(1000,60) / fc1)::float8 END AS f1,
       CASE WHEN fs2 IN ('Infinity', '-Infinity', 'NaN') THEN fs2::float8 ELSE (fs2::numeric(1000,60) / fc2)::float8 END AS f2,
       CASE WHEN fs3 IN ('Infinity', '-Infinity', 'NaN') THEN fs3::float8 ELSE (fs3::numeric(1000,60) / fc3)::float8 END AS f3,
       CASE WHEN fs4 IN ('Infinity', '-Infinity', 'NaN') THEN fs4::float8 ELSE (fs4::numeric(1000,60) / fc4)::float8 END AS f4,
       CASE WHEN fs5 IN ('Infinity', '-Infinity', 'NaN') THEN fs5::float8 ELSE (fs5::numeric(1000,60) / fc5)::float8 END AS f5,
       CASE WHEN fs6 IN ('Infinity', '-Infinity', 'NaN') THEN fs6::float8 ELSE (fs6::numeric(1000,60) / fc6)::float8 END AS f6,
       CASE WHEN fs7 IN ('Infinity', '-Infinity', 'NaN') THEN fs7::float8 ELSE (fs7::numeric(1000,60) / fc7)::float8 END AS f7
      FROM big_ref_f) f USING (ds)
JOIN big_ref_b y USING (ds),
LATERAL (VALUES
    ('x1', g.x1::text, x.x1::text, g.x1 = x.x1 AND g.x1::text = x.x1::text),
    ('x2', g.x2::text, x.x2::text, g.x2 = x.x2 AND g.x2::text = x.x2::text),
    ('x3', g.x3::text, x.x3::text, g.x3 = x.x3 AND g.x3::text = x.x3::text),
    ('x4', g.x4::text, x.x4::text, g.x4 = x.x4 AND g.x4::text = x.x4::text),
    ('x5', g.x5::text, x.x5::text, g.x5 = x.x5 AND g.x5::text = x.x5::text),
    ('x6', g.x6::text, x.x6::text, g.x6 = x.x6 AND g.x6::text = x.x6::text),
    ('x7', g.x7::text, x.x7::text, g.x7 = x.x7 AND g.x7::text = x.x7::text),
    ('f1', g.f1::text, f.f1::text, g.f1 = f.f1),
    ('f2', g.f2::text, f.f2::text, g.f2 = f.f2),
    ('f3', g.f3::text, f.f3::text, g.f3 = f.f3),
    ('f4', g.f4::text, f.f4::text, g.f4 = f.f4),
    ('f5', g.f5::text, f.f5::text, g.f5 = f.f5),
    ('f6', g.f6::text, f.f6::text, g.f6 = f.f6),
    ('f7', g.f7::text, f.f7::text, g.f7 = f.f7),
    ('b1', g.b1::text, y.b1::float8::text, g.b1 = y.b1::float8),
    ('b2', g.b2::text, y.b2::float8::text, g.b2 = y.b2::float8),
    ('b3', g.b3::text, y.b3::float8::text, g.b3 = y.b3::float8),
    ('b4', g.b4::text, y.b4::float8::text, g.b4 = y.b4::float8),
    ('b5', g.b5::text, y.b5::float8::text, g.b5 = y.b5::float8),
    ('b6', g.b6::text, y.b6::float8::text, g.b6 = y.b6::float8),
    ('b7', g.b7::text, y.b7::float8::text, g.b7 = y.b7::float8)) v(result, got, ref, ok);
SELECT count(*) AS results_checked, count(DISTINCT ds) AS data_sets FROM cmp_big;
SELECT ds, result, got, ref FROM cmp_big WHERE ok IS NOT TRUE ORDER BY ds, result;
-- ds 6 keeps infinities of both signs at trim 0.0001 (about 70 of each, 6
-- cut), so the reference is NaN, and loses them at 0.1, where the reference
-- is finite; its bigint column has NULLs in their place, so b1 is finite
SELECT x.x1 AS ref_x1, g.x1 AS got_x1, g.f1 AS got_f1,
       CASE WHEN x.x2 IN ('NaN', 'Infinity', '-Infinity') THEN x.x2::text ELSE 'finite' END AS ref_x2,
       g.b1 IS NOT NULL AS got_b1_not_null
FROM big_got g JOIN big_ref_x x USING (ds) WHERE ds = 6;

-- ---------------------------------------------------------------------
-- NULLs, empty input, one row
-- ---------------------------------------------------------------------

-- NULLs are skipped and not counted: n = 10 here, so floor(10*0.1) = 1
-- value is cut at each end (with n = 20 it would be 2, giving 5.5)
SELECT aov_trimmed_mean(x, 0.1) AS num, aov_trimmed_mean(x::float8, 0.1) AS f8,
       aov_trimmed_mean(x::bigint, 0.1) AS i8, aov_trimmed_mean(x::integer, 0.1) AS i4,
       aov_trimmed_mean(x, 0.1) = (2 + 3 + 4 + 5 + 6 + 7 + 8 + 50) / 8.0 AS num_ok,
       aov_trimmed_mean(x::float8, 0.1) = 10.625 AND aov_trimmed_mean(x::bigint, 0.1) = 10.625
         AND aov_trimmed_mean(x::integer, 0.1) = 10.625 AS others_ok
FROM (SELECT x::numeric FROM unnest(ARRAY[1, 2, 3, 4, 5, 6, 7, 8, 50, 100]) x
      UNION ALL SELECT NULL FROM generate_series(1, 10)) s;

-- empty input: NULL (plain and grouped: no group at all)
\pset null NULL
SELECT aov_trimmed_mean(num, 0.1) AS num,
       aov_trimmed_mean(f, 0.1) AS f8,
       aov_trimmed_mean(b, 0.1) AS i8,
       aov_trimmed_mean(i, 0.1) AS i4,
       aov_trimmed_mean(num, 0.1, 0.2) AS num_asym,
       aov_trimmed_mean(i, 0, 0) AS i4_asym
FROM t_rand WHERE false;
SELECT g, aov_trimmed_mean(num, 0.1) FROM t_rand WHERE false GROUP BY g;

-- all NULL: NULL
SELECT aov_trimmed_mean(x::numeric, 0.1) AS num,
       aov_trimmed_mean(x::float8, 0.1) AS f8,
       aov_trimmed_mean(x::bigint, 0.1) AS i8,
       aov_trimmed_mean(x::integer, 0.1) AS i4,
       aov_trimmed_mean(x::float8, 0.3, 0.6) AS f8_asym
FROM (SELECT NULL::int AS x FROM generate_series(1, 5)) s;

-- all NULL in one group: NULL there, a value in the others
SELECT g, CASE WHEN g = 1 OR m IS NULL THEN m::text ELSE 'a value' END AS result
FROM (SELECT g, aov_trimmed_mean(CASE WHEN g = 1 THEN NULL ELSE num END, 0.1) AS m
      FROM t_rand GROUP BY g) s ORDER BY g;
\pset null ''

-- one row: the value itself, whatever the trim
-- (numeric: the value, with the digits avg() shows)
SELECT t, num, f8, i8, i4,
       num = 12.34 AND num::text = num_avg::text AND f8 = -7.25 AND i8 = 9223372036854775807::float8
         AND i4 = -2147483648 AS ok
FROM (SELECT t, aov_trimmed_mean(12.34, t) AS num, avg(12.34) AS num_avg,
             aov_trimmed_mean(-7.25::float8, t) AS f8,
             aov_trimmed_mean(9223372036854775807, t) AS i8, aov_trimmed_mean(-2147483648, t) AS i4
      FROM (VALUES (0.0::float8), (0.25), (0.4999)) tr(t) GROUP BY t) s ORDER BY t;
-- two rows, trim 0.4999: floor(2*0.4999) = 0, nothing is cut
SELECT aov_trimmed_mean(x, 0.4999) AS num, aov_trimmed_mean(x, 0.4999) = 1.5 AS ok
FROM (VALUES (1.0), (2.0)) v(x);
-- three rows, trim 0.4999: floor(3*0.4999) = 1, the median stays
SELECT aov_trimmed_mean(x, 0.4999) AS num, aov_trimmed_mean(x::float8, 0.4999) AS f8,
       aov_trimmed_mean(x, 0.4999) = 2 AND aov_trimmed_mean(x::float8, 0.4999) = 2 AS ok
FROM (VALUES (1.0), (2.0), (300.0)) v(x);

-- trim 0 is avg() exactly, shown the same way
CREATE TEMP TABLE cmp_avg AS
SELECT g::text AS grp, aov_trimmed_mean(num, 0) AS num, avg(num) AS num_avg,
       aov_trimmed_mean(nm, 0) AS nm, aov_trimmed_mean(nm, 0, 0) AS nm_asym, avg(nm) AS nm_avg
FROM t_rand GROUP BY g
UNION ALL
SELECT 'all rows', aov_trimmed_mean(num, 0), avg(num), aov_trimmed_mean(nm, 0), aov_trimmed_mean(nm, 0, 0), avg(nm)
FROM t_rand;
SELECT count(num) AS num_groups, count(nm) AS nm_groups FROM cmp_avg;
SELECT grp, num, num_avg, nm, nm_asym, nm_avg FROM cmp_avg
WHERE num IS DISTINCT FROM num_avg OR num::text IS DISTINCT FROM num_avg::text
   OR nm IS DISTINCT FROM nm_avg OR nm::text IS DISTINCT FROM nm_avg::text
   OR nm_asym::text IS DISTINCT FROM nm_avg::text
ORDER BY grp;

-- the display scale comes from every input of the group, also from the
-- values that are cut: 0.333333333333333333 (18 decimals) is cut here, and
-- the result has 18 decimals where avg() over the kept 1.5 and 2.5 has 16
SELECT aov_trimmed_mean(x, 0.25) = 2 AS equal,
       aov_trimmed_mean(x, 0.25)::text AS got,
       aov_trimmed_mean(x, 0.25)::text = ((1.5 + 2.5 + round(0, 18)) / 2)::text AS documented_scale,
       (SELECT avg(y) FROM (VALUES (1.5), (2.5)) w(y))::text AS avg_of_kept
FROM (VALUES (0.333333333333333333), (1.5), (2.5), (100)) v(x);
SELECT aov_trimmed_mean(x, 0.25)::text AS got,
       aov_trimmed_mean(x, 0.25)::text = ((2.5 + 3.5 + round(0, 19)) / 2)::text AS documented_scale
FROM (VALUES (1.5), (2.5), (3.5), (100.1234567890123456789)) v(x);

-- ---------------------------------------------------------------------
-- NaN and infinities
-- ---------------------------------------------------------------------

-- any NaN gives NaN, even where the trim would cut it by position
SELECT aov_trimmed_mean(x, 0.4999)::text AS num,
       aov_trimmed_mean(x::float8, 0.4999)::text AS f8,
       aov_trimmed_mean(x, 0, 0.4)::text AS num_asym
FROM (SELECT generate_series(1, 10)::numeric UNION ALL SELECT 'NaN') s(x);
SELECT aov_trimmed_mean(x, 0.1)::text AS num, aov_trimmed_mean(x::float8, 0.1)::text AS f8
FROM (VALUES ('NaN'::numeric), ('Infinity'), ('-Infinity'), (1)) v(x);
SELECT aov_trimmed_mean(x, 0.1)::text AS only_nan FROM (VALUES ('NaN'::float8)) v(x);

-- 1..18 with +Infinity and -Infinity: the infinities sort at the ends and
-- are trimmed by position; kept infinities give what avg() gives
CREATE TEMP TABLE inf_f8 AS
SELECT x::float8 FROM generate_series(1, 18) x UNION ALL VALUES ('Infinity'::float8), ('-Infinity');
CREATE TEMP TABLE inf_num AS
SELECT x::numeric FROM generate_series(1, 18) x UNION ALL VALUES ('Infinity'::numeric), ('-Infinity');
WITH tr(lo, hi) AS (VALUES (0.1, 0.1), (0.0, 0.0), (0.05, 0.0), (0.0, 0.05), (0.05, 0.05), (0.4, 0.0)),
r AS (SELECT x, row_number() OVER (ORDER BY x) rn, count(*) OVER () n FROM inf_f8),
ref AS (SELECT lo, hi, avg(x) AS m FROM r CROSS JOIN tr
        WHERE rn > floor(n * lo) AND rn <= n - floor(n * hi) GROUP BY lo, hi),
got AS (SELECT lo, hi, aov_trimmed_mean(x, lo::float8, hi::float8) AS m
        FROM inf_f8 CROSS JOIN tr GROUP BY lo, hi)
SELECT lo, hi, got.m AS got, ref.m AS ref, got.m = ref.m AS equal
FROM got FULL JOIN ref USING (lo, hi) ORDER BY lo, hi;
WITH tr(lo, hi) AS (VALUES (0.1, 0.1), (0.0, 0.0), (0.05, 0.0), (0.0, 0.05), (0.05, 0.05), (0.4, 0.0)),
r AS (SELECT x, row_number() OVER (ORDER BY x) rn, count(*) OVER () n FROM inf_num),
ref AS (SELECT lo, hi, avg(x) AS m FROM r CROSS JOIN tr
        WHERE rn > floor(n * lo) AND rn <= n - floor(n * hi) GROUP BY lo, hi),
got AS (SELECT lo, hi, aov_trimmed_mean(x, lo::float8, hi::float8) AS m
        FROM inf_num CROSS JOIN tr GROUP BY lo, hi)
SELECT lo, hi, got.m AS got, ref.m AS ref, got.m = ref.m AS equal,
       got.m::text = ref.m::text AS same_text
FROM got FULL JOIN ref USING (lo, hi) ORDER BY lo, hi;
-- symmetric trims over the same rows
SELECT aov_trimmed_mean(x, 0.1) AS t10, aov_trimmed_mean(x, 0) AS t0, aov_trimmed_mean(x, 0.05) AS t5
FROM inf_f8;
SELECT aov_trimmed_mean(x, 0.1) AS t10, aov_trimmed_mean(x, 0) AS t0, aov_trimmed_mean(x, 0.05) AS t5
FROM inf_num;
-- two +Infinity, n = 20, trim 0.05 cuts one of them: Infinity
SELECT aov_trimmed_mean(x, 0.05) AS f8, aov_trimmed_mean(x::numeric, 0.05) AS num
FROM (SELECT generate_series(1, 18)::float8 UNION ALL VALUES ('Infinity'::float8), ('Infinity')) s(x);
-- only infinities
SELECT aov_trimmed_mean(x, 0) AS f8, aov_trimmed_mean(x::numeric, 0) AS num
FROM (VALUES ('-Infinity'::float8), ('-Infinity')) v(x);

-- ---------------------------------------------------------------------
-- Large and precise numerics, exact
-- ---------------------------------------------------------------------

CREATE TEMP TABLE big_num (g int, x numeric);
INSERT INTO big_num
SELECT 1, 1e30 + i * 0.001 FROM generate_series(1, 50) i          -- 34 digits
UNION ALL SELECT 1, 1e30 * (i % 3 + 1) FROM generate_series(1, 5) i
UNION ALL SELECT 2, 12345678901234567890.123456 * i - 0.000001 FROM generate_series(-20, 30) i
UNION ALL SELECT 3, x FROM unnest(ARRAY[1.5, 0.333333333333333333, 2, 7.25, 100, 0.5, 3.333333333333333333]) x
UNION ALL SELECT 4, (i % 7 + 1) * 2e37 FROM generate_series(1, 40) i   -- sums beyond int128
UNION ALL SELECT 7, -(i % 7 + 1) * 2e37 + i * 1e31 FROM generate_series(1, 40) i
UNION ALL SELECT 5, 99999999999999999999999999.999999 * (1 - 2 * (i % 2)) + i FROM generate_series(1, 31) i
UNION ALL SELECT 6, x FROM unnest(ARRAY[1.50000000000000000000, 2.5, 0.1, 1e-30, -1e-30]) x;
CREATE TEMP TABLE cmp_big_num AS
WITH tr(t) AS (VALUES (0.0), (0.1), (0.25), (0.4999)),
r AS (SELECT g, x, row_number() OVER (PARTITION BY g ORDER BY x) AS rn,
             count(*) OVER (PARTITION BY g) AS n, max(scale(x)) OVER (PARTITION BY g) AS ds FROM big_num),
ref AS (SELECT g, t, (sum(x) + round(0, max(ds))) / count(*) AS m FROM r CROSS JOIN tr
        WHERE rn > floor(n * t) AND rn <= n - floor(n * t) GROUP BY g, t),
got AS (SELECT g, t, aov_trimmed_mean(x, t::float8) AS m FROM big_num CROSS JOIN tr GROUP BY g, t)
SELECT g, t, got.m AS got, ref.m AS ref FROM got FULL JOIN ref USING (g, t);
SELECT count(got) AS got_groups, count(ref) AS ref_groups FROM cmp_big_num;
SELECT g, t, got, ref FROM cmp_big_num
WHERE got IS DISTINCT FROM ref OR got::text IS DISTINCT FROM ref::text ORDER BY g, t;
-- the values themselves, for the eye
SELECT g, aov_trimmed_mean(x, 0) FROM big_num GROUP BY g ORDER BY g;

-- 35 and 37 significant digits (documented: 38 digits in all, int128)
-- are held exactly
SELECT aov_trimmed_mean(x, 0) = x AS equal, aov_trimmed_mean(x, 0)
FROM (VALUES (1.0000000000000000000000000000000001)) v(x) GROUP BY x;
SELECT aov_trimmed_mean(x, 0) = x AS equal, aov_trimmed_mean(x, 0)
FROM (VALUES (1234567890123456789012345678901234567)) v(x) GROUP BY x;
SELECT aov_trimmed_mean(x, 0.1), aov_trimmed_mean(x, 0.1) = 5000000000000000000000000000000.0005 AS equal
FROM (VALUES (1000000000000000000000000000000.0001), (9000000000000000000000000000000.0009)) v(x);

-- beyond the range: an error, never a wrong number
SELECT expect_error($$SELECT aov_trimmed_mean(x, 0.1) FROM (VALUES (1e40), (0.1)) v(x)$$);
SELECT expect_error($$SELECT aov_trimmed_mean(x, 0.1) FROM (VALUES (0.1), (1e40)) v(x)$$);
SELECT expect_error($$SELECT aov_trimmed_mean(x, 0) FROM (VALUES (1e36), (0.001)) v(x)$$);
SELECT expect_error($$SELECT aov_trimmed_mean(x, 0) FROM (VALUES (1e-39), (1)) v(x)$$);

-- ---------------------------------------------------------------------
-- The trim is the decimal typed: floor(100 * 0.29) = 29 values are cut,
-- not the 28 that the binary product 28.999999999999996 would give
-- ---------------------------------------------------------------------

SELECT floor(100 * 0.29::float8) AS binary_floor, floor(100 * 0.29) AS decimal_floor,
       floor(100 * 0.57::float8) AS binary_floor_57;
CREATE TEMP TABLE hundred AS
SELECT x, ((x * 37) % 100)::numeric * ((x * 37) % 100) AS v FROM generate_series(1, 100) x;
-- one row per check, with both values
WITH r AS (SELECT v, row_number() OVER (ORDER BY v) rn FROM hundred),
c AS (SELECT (SELECT aov_trimmed_mean(v, 0.29) FROM hundred) AS num,
             (SELECT avg(v) FROM r WHERE rn > 29 AND rn <= 71) AS num_29,
             (SELECT avg(v) FROM r WHERE rn > 28 AND rn <= 72) AS num_28,
             (SELECT aov_trimmed_mean(v::float8, 0.29) FROM hundred) AS f8,
             (SELECT avg(v)::float8 FROM r WHERE rn > 29 AND rn <= 71) AS f8_29,
             (SELECT aov_trimmed_mean(v::bigint, 0.57, 0.29) FROM hundred) AS i8,
             (SELECT avg(v)::float8 FROM r WHERE rn > 57 AND rn <= 71) AS i8_57_29)
SELECT v.* FROM c, LATERAL (VALUES
    ('numeric 0.29 = 29 cut', num::text, num_29::text, num = num_29),
    ('numeric 0.29 <> 28 cut', num::text, num_28::text, num <> num_28),
    ('float8 0.29 = 29 cut', f8::text, f8_29::text, f8 = f8_29),
    ('bigint 0.57, 0.29 = 57 and 29 cut', i8::text, i8_57_29::text, i8 = i8_57_29)) v(what, got, ref, ok);

-- small fractions (shortest decimal in exponent form) on 100,000 values
CREATE TEMP TABLE perm AS
SELECT ((x::bigint * 7919) % 100003)::int AS v FROM generate_series(1, 100000) x;
WITH tr(t, k) AS (VALUES (1e-05::float8, 1), (3e-05, 3), (7e-05, 7), (0.00011, 11), (0.0003, 30)),
r AS (SELECT v, row_number() OVER (ORDER BY v) rn FROM perm)
SELECT t, k, got, ref, got = ref AS equal
FROM (SELECT t::text, k, (SELECT aov_trimmed_mean(v, t) FROM perm) AS got,
             (SELECT (sum(v)::numeric(1000,60) / count(*))::float8 FROM r WHERE rn > k AND rn <= 100000 - k) AS ref
      FROM tr) s ORDER BY k;

-- ---------------------------------------------------------------------
-- float8 and integer results are the exact mean correctly rounded
-- ---------------------------------------------------------------------

-- 1e16 + 1 - 1e16 = 1, mean 1/3 (a running float sum gives 0)
SELECT aov_trimmed_mean(x, 0) AS got, aov_trimmed_mean(x, 0) = 1::float8 / 3 AS exact,
       aov_trimmed_mean(x, 0) = ((1e16 + 1 - 1e16)::numeric(1000,60) / 3)::float8 AS numeric_ref
FROM (VALUES (1e16::float8), (1), (-1e16)) v(x);
-- 10,000 times 0.1: the mean is exactly the double 0.1
SELECT aov_trimmed_mean(x, 0) AS got, aov_trimmed_mean(x, 0.1) AS got_trimmed,
       aov_trimmed_mean(x, 0) = 0.1::float8 AS exact, aov_trimmed_mean(x, 0.1) = 0.1::float8 AS trimmed
FROM (SELECT 0.1::float8 FROM generate_series(1, 10000)) s(x);
-- near the top of the range: no overflow of the sum
SELECT aov_trimmed_mean(x, 0) AS got, aov_trimmed_mean(x, 0) = 1e308::float8 / 3 AS exact
FROM (VALUES (1e308::float8), (1e308), (-1e308)) v(x);
SELECT aov_trimmed_mean(x, 0) AS got, aov_trimmed_mean(x, 0) = 1.7976931348623157e308 AS max_double
FROM (SELECT 1.7976931348623157e308::float8 FROM generate_series(1, 1000)) s(x);
-- subnormals: 2/3 of the least subnormal rounds up, 1/3 rounds to zero
SELECT aov_trimmed_mean(x, 0) AS got, aov_trimmed_mean(x, 0) = '5e-324'::float8 AS two_thirds
FROM (VALUES ('5e-324'::float8), ('5e-324'), (0)) v(x);
SELECT aov_trimmed_mean(x, 0) AS got, aov_trimmed_mean(x, 0) = 0 AS one_third
FROM (VALUES ('5e-324'::float8), (0), (0)) v(x);
-- negative values and cancellation
SELECT aov_trimmed_mean(x, 0) AS got, aov_trimmed_mean(x, 0) = -0.25 AS neg
FROM (VALUES (-1e300::float8), (1e300), (-1.5), (0.5)) v(x);

-- bigints near 2^62 and 2^63: doubles there are 1024 and 2048 apart
WITH cases(c, vals) AS (VALUES
    (1, ARRAY[4611686018427388417, 4611686018427388417]::bigint[]),  -- 2^62 + 513: up
    (2, ARRAY[4611686018427388415, 4611686018427388417]),            -- 2^62 + 512: tie, to even
    (3, ARRAY[4611686018427388416, 4611686018427388417, 4611686018427388417]),  -- 2^62 + 512 + 2/3
    (4, ARRAY[4611686018427389439, 4611686018427389441]),            -- 2^62 + 1536: tie, to even (up)
    (5, ARRAY[9223372036854775807, 9223372036854775807, 9223372036854775807]),
    (6, ARRAY[-9223372036854775808, -9223372036854775808, 9223372036854775807]),
    (7, ARRAY[9223372036854775807, 9223372036854775806, 1]))
SELECT c, aov_trimmed_mean(v, 0) AS got, (sum(v)::numeric(1000,60) / count(*))::float8 AS ref,
       aov_trimmed_mean(v, 0) = (sum(v)::numeric(1000,60) / count(*))::float8 AS correctly_rounded
FROM cases, unnest(vals) v GROUP BY c ORDER BY c;
-- integer extremes
SELECT aov_trimmed_mean(x, 0) AS got_max, aov_trimmed_mean(-x - 1, 0) AS got_min,
       aov_trimmed_mean(x, 0) = 2147483647 AS max4, aov_trimmed_mean(-x - 1, 0) = -2147483648 AS min4
FROM (SELECT 2147483647 FROM generate_series(1, 5)) s(x);
