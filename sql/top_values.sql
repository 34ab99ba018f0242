--
-- aov_top_values: compared with a GROUP BY / count(*) reference ranked by
-- count descending, then value ascending, cut at k; the share is the count
-- over the number of non-null values, computed in float8 as count::float8 /
-- total::float8.
--
-- Each comparison over many groups is stored in a cmp_* table, one row per
-- (group, k, rank) from got FULL JOIN ref, so a missing or extra row shows
-- up.  Two queries print it: the number of rows on each side, a fixed
-- count that proves the data was there, and the rows that differ, with
-- both values (no rows expected).
--

-- result types
SELECT pg_typeof(aov_top_values(1::numeric, 3)) AS num,
       pg_typeof(aov_top_values(1::float8, 3)) AS f8,
       pg_typeof(aov_top_values(1::bigint, 3)) AS i8,
       pg_typeof(aov_top_values(1::integer, 3)) AS i4;

-- usable through unnest() as rows (value, count, share)
SELECT * FROM unnest((SELECT aov_top_values(x, 3) FROM unnest(ARRAY[5, 3, 3, 1, 1, 1, 2, NULL]::int[]) x));
SELECT u.value, u.count, u.share
FROM unnest((SELECT aov_top_values(x, 2) FROM unnest(ARRAY[2.50, 2.5, 9.99, 0.5]) x)) u;

-- ---------------------------------------------------------------------
-- Random data with ties, per group, k = 1, 3, 10, 50
-- ---------------------------------------------------------------------

-- One comparison for an expression x of t_rand, per group of the column
-- grp and each k in ks: got FULL JOIN ref on (group, k, rank), values as
-- text for display, and same = every field equal, compared in x's own
-- type (NULL on either side is not the same).
CREATE FUNCTION tv_compare(x text, grp text DEFAULT 'g', ks int[] DEFAULT '{1,3,10,50}')
RETURNS TABLE (grp_key int, k int, rn bigint, got_value text, ref_value text, got_count bigint, ref_count bigint,
               got_share float8, ref_share float8, same boolean)
LANGUAGE plpgsql AS $f$
BEGIN
    RETURN QUERY EXECUTE format($q$
        WITH ks(k) AS (SELECT unnest(%3$L::int[])),
        c AS (SELECT %1$s AS grp, %2$s AS x, count(*) AS cnt FROM t_rand WHERE %2$s IS NOT NULL GROUP BY 1, 2),
        r AS (SELECT grp, x, cnt, row_number() OVER (PARTITION BY grp ORDER BY cnt DESC, x) AS rn,
                     sum(cnt) OVER (PARTITION BY grp) AS tot FROM c),
        ref AS (SELECT grp, k, rn, x, cnt, cnt::float8 / tot::float8 AS share FROM r JOIN ks ON rn <= k),
        got AS (SELECT grp, k, u.*
                FROM (SELECT %1$s AS grp, k, aov_top_values(%2$s, k) AS a FROM t_rand CROSS JOIN ks GROUP BY 1, 2) s,
                     unnest(s.a) WITH ORDINALITY AS u(value, count, share, rn))
        SELECT grp, k, rn, got.value::text, ref.x::text, got.count, ref.cnt, got.share, ref.share,
               (got.value = ref.x AND got.count = ref.cnt AND got.share = ref.share) IS TRUE
        FROM got FULL JOIN ref USING (grp, k, rn) $q$, grp, x, ks);
END $f$;

-- numeric(12,2), numeric with mixed scales (rounded, where 1.5 and 1.50 are
-- one value, and as is), float8 (eighths and cents), bigint, integer
CREATE TEMP TABLE cmp_top AS
SELECT v.n, v.x, c.*
FROM (VALUES (1, 'num'), (2, 'round(nm, 1)'), (3, 'nm'), (4, 'f'), (5, 'fc'), (6, 'b'), (7, 'i')) v(n, x),
     tv_compare(v.x) c;
SELECT x, count(got_value) AS got_rows, count(ref_value) AS ref_rows FROM cmp_top GROUP BY n, x ORDER BY n;
SELECT x, grp_key AS g, k, rn, got_value, ref_value, got_count, ref_count, got_share, ref_share
FROM cmp_top WHERE NOT same ORDER BY n, g, k, rn;

-- the tie-break matters here: counts tie across the cut at rank k
WITH c AS (SELECT g, num AS x, count(*) AS cnt FROM t_rand WHERE num IS NOT NULL GROUP BY g, num),
r AS (SELECT g, cnt, row_number() OVER (PARTITION BY g ORDER BY cnt DESC, x) AS rn FROM c)
SELECT k, count(*) AS groups_with_tie_at_cut
FROM (VALUES (3), (10), (50)) ks(k)
JOIN r a ON a.rn = k JOIN r b ON b.g = a.g AND b.rn = k + 1 AND b.cnt = a.cnt
GROUP BY k ORDER BY k;

-- many small groups, hashed and sorted, k larger than most groups' distinct count
SET enable_sort = off;
SET work_mem = '64kB';
CREATE TEMP TABLE cmp_g2 AS SELECT 'hashed' AS agg, * FROM tv_compare('num', 'g2', '{30}');
RESET enable_sort;
RESET work_mem;
SET enable_hashagg = off;
INSERT INTO cmp_g2 SELECT 'sorted', * FROM tv_compare('num', 'g2', '{30}');
RESET enable_hashagg;
SELECT agg, count(*) FILTER (WHERE rn = 30 AND ref_value IS NOT NULL) AS groups_with_30_values,
       count(DISTINCT grp_key) FILTER (WHERE ref_value IS NOT NULL) AS groups,
       count(got_value) AS got_rows, count(ref_value) AS ref_rows
FROM cmp_g2 GROUP BY agg ORDER BY agg;
SELECT agg, grp_key AS g2, rn, got_value, ref_value, got_count, ref_count, got_share, ref_share
FROM cmp_g2 WHERE NOT same ORDER BY agg, g2, rn;

-- ---------------------------------------------------------------------
-- Small cases
-- ---------------------------------------------------------------------

-- ties in count go to the smaller value
SELECT aov_top_values(x, 2) AS i4, aov_top_values(x::numeric, 2) AS num,
       aov_top_values(-x::float8, 2) AS f8_negated
FROM unnest(ARRAY[3, 3, 1, 1, 2, 2, 5]) x;

-- k larger than the number of distinct values: all of them
SELECT aov_top_values(x, 100) AS i8, aov_top_values(x, 2147483647) AS i8_maxk
FROM unnest(ARRAY[7, 7, 7, -1, 4]::bigint[]) x;

-- shares are over the non-null values
SELECT u.value, u.count, u.share, u.share = u.count::float8 / 6 AS share_ok
FROM unnest((SELECT aov_top_values(x, 5) FROM unnest(ARRAY[1, 1, NULL, 2, NULL, 1, 3, NULL, 2]) x)) u;

-- empty and all-NULL input: NULL
\pset null NULL
SELECT aov_top_values(num, 3) AS num, aov_top_values(f, 3) AS f8,
       aov_top_values(b, 3) AS i8, aov_top_values(i, 3) AS i4
FROM t_rand WHERE false;
SELECT aov_top_values(x::numeric, 3) AS num, aov_top_values(x::float8, 3) AS f8,
       aov_top_values(x::bigint, 3) AS i8, aov_top_values(x, 3) AS i4
FROM (SELECT NULL::int FROM generate_series(1, 4)) s(x);
\pset null ''

-- one row
SELECT aov_top_values(12.34, 1) AS num, aov_top_values(-0.5::float8, 3) AS f8,
       aov_top_values(-9223372036854775808, 1) AS i8;

-- numeric: 1.5 and 1.50 are one value, shown with the largest display scale
-- seen (as the column's precision: cents for numeric(12,2))
SELECT aov_top_values(x, 3) FROM unnest(ARRAY[1.5, 1.50, 2, 1.500, 2.0, 0.25]) x;
SELECT aov_top_values(x, 3) FROM unnest(ARRAY[1.5, 1.50, 2]::numeric(12,2)[]) x;
SELECT u.value, u.value = 1.5 AS same_value, u.count FROM
  unnest((SELECT aov_top_values(x, 1) FROM unnest(ARRAY[1.5, 1.50, 1.500000000000000000]) x)) u;

-- float8: -0 and 0 are one value
SELECT aov_top_values(x, 3) AS top, (SELECT count(DISTINCT y) FROM unnest(ARRAY['-0'::float8, 0, 0, '-0', 1]) y) AS distinct_ref
FROM unnest(ARRAY['-0'::float8, 0, 0, '-0', 1]) x;

-- NaN and infinities are values: NaN sorts last, -Infinity first
WITH v(x) AS (SELECT unnest(ARRAY['NaN', 'NaN', 'NaN', 'Infinity', 'Infinity', '-Infinity', '-Infinity', 1, 1, 2]::float8[])),
c AS (SELECT x, count(*) AS cnt FROM v GROUP BY x),
ref AS (SELECT x, cnt, row_number() OVER (ORDER BY cnt DESC, x) AS rn FROM c)
SELECT rn, u.value, u.count, u.share, u.value = ref.x AND u.count = ref.cnt AND u.share = ref.cnt::float8 / 10 AS ok
FROM unnest((SELECT aov_top_values(x, 10) FROM v)) WITH ORDINALITY AS u(value, count, share, rn)
FULL JOIN ref USING (rn) ORDER BY rn;
WITH v(x) AS (SELECT unnest(ARRAY['NaN', 'NaN', 'NaN', 'Infinity', 'Infinity', '-Infinity', '-Infinity', 1, 1, 2]::numeric[])),
c AS (SELECT x, count(*) AS cnt FROM v GROUP BY x),
ref AS (SELECT x, cnt, row_number() OVER (ORDER BY cnt DESC, x) AS rn FROM c)
SELECT rn, u.value, u.count, u.share, u.value = ref.x AND u.count = ref.cnt AND u.share = ref.cnt::float8 / 10 AS ok
FROM unnest((SELECT aov_top_values(x, 10) FROM v)) WITH ORDINALITY AS u(value, count, share, rn)
FULL JOIN ref USING (rn) ORDER BY rn;
-- the special values compete for the top k like any other
SELECT aov_top_values(x, 2) FROM unnest(ARRAY['NaN', 'Infinity', 'Infinity', 1, 1, 1, 2, 2]::float8[]) x;
SELECT aov_top_values(x, 1) FROM unnest(ARRAY['NaN', 'NaN', 'Infinity', 'Infinity', 3]::numeric[]) x;
SELECT aov_top_values(x, 1) FROM unnest(ARRAY['-Infinity', 'NaN']::float8[]) x;

-- extreme bigints and integers
SELECT aov_top_values(x, 3) FROM unnest(ARRAY[9223372036854775807, -9223372036854775808, 0, 9223372036854775807]::bigint[]) x;
SELECT aov_top_values(x, 3) FROM unnest(ARRAY[2147483647, -2147483648, -2147483648, 0]::int[]) x;

-- large numerics within int64 at the group's scale
SELECT aov_top_values(x, 3) FROM unnest(ARRAY[100000000000000000, 0.5, 0.5, -922337203685477580.7]) x;

-- GROUP BY with a per-group answer
SELECT g, (aov_top_values((i + 1000) % 7, 1))[1].value AS mode,
       (SELECT (i + 1000) % 7 FROM t_rand t2 WHERE t2.g = t_rand.g AND i IS NOT NULL
        GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1) AS ref_mode
FROM t_rand GROUP BY g ORDER BY g;

-- GROUPING SETS give each set what its own GROUP BY gives (checked above
-- against the reference), sorted and hashed
-- (key 0 is the grand total)
CREATE TEMP TABLE top_sets_ref AS
SELECT g AS key, aov_top_values(num, 3) AS a FROM t_rand GROUP BY g
UNION ALL SELECT 0, aov_top_values(num, 3) FROM t_rand;
-- (the view is planned where it is read, under the settings then)
CREATE TEMP VIEW cmp_sets AS
SELECT key, s.a::text AS got, p.a::text AS ref
FROM (SELECT coalesce(g, 0) AS key, aov_top_values(num, 3) AS a
      FROM t_rand GROUP BY GROUPING SETS ((g), ())) s
FULL JOIN top_sets_ref p USING (key);
SET enable_hashagg = off;
CREATE TEMP TABLE cmp_sets_sorted AS SELECT * FROM cmp_sets;
RESET enable_hashagg;
SET enable_sort = off;
CREATE TEMP TABLE cmp_sets_hashed AS SELECT * FROM cmp_sets;
RESET enable_sort;
SELECT 'sorted' AS agg, count(got) AS got_groups, count(ref) AS ref_groups FROM cmp_sets_sorted
UNION ALL
SELECT 'hashed', count(got), count(ref) FROM cmp_sets_hashed;
SELECT 'sorted' AS agg, * FROM cmp_sets_sorted WHERE got IS DISTINCT FROM ref
UNION ALL
SELECT 'hashed', * FROM cmp_sets_hashed WHERE got IS DISTINCT FROM ref
ORDER BY agg DESC, key;

-- as a window aggregate (the final function only reads the state)
CREATE TEMP TABLE cmp_window AS
WITH w AS (SELECT id, num FROM t_rand WHERE id <= 300)
SELECT id, (a[1]).value AS got,
       (SELECT num FROM w w2 WHERE w2.id <= w.id AND num IS NOT NULL
        GROUP BY num ORDER BY count(*) DESC, num LIMIT 1) AS ref
FROM (SELECT id, aov_top_values(num, 1) OVER (ORDER BY id) AS a FROM w) w;
SELECT count(*) AS rows, count(got) AS got_values, count(ref) AS ref_values FROM cmp_window;
SELECT id, got, ref FROM cmp_window WHERE got IS DISTINCT FROM ref ORDER BY id;
