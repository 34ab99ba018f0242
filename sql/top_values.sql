--
-- aov_top_values: compared with a GROUP BY / count(*) reference ranked by
-- count descending, then value ascending, cut at k; the share is the count
-- over the number of non-null values, computed in float8 as count::float8 /
-- total::float8.
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

-- numeric(12,2)
WITH ks(k) AS (VALUES (1), (3), (10), (50)),
c AS (SELECT g, num AS x, count(*) AS cnt FROM t_rand WHERE num IS NOT NULL GROUP BY g, num),
r AS (SELECT g, x, cnt, row_number() OVER (PARTITION BY g ORDER BY cnt DESC, x) AS rn,
             sum(cnt) OVER (PARTITION BY g) AS tot FROM c),
ref AS (SELECT g, k, rn, x, cnt, cnt::float8 / tot::float8 AS share FROM r JOIN ks ON rn <= k),
got AS (SELECT g, k, u.*
        FROM (SELECT g, k, aov_top_values(num, k) AS a FROM t_rand CROSS JOIN ks GROUP BY g, k) s,
             unnest(s.a) WITH ORDINALITY AS u(value, count, share, rn))
SELECT k, count(got.value) AS got, count(ref.x) AS ref,
       bool_and(got.value = ref.x AND got.count = ref.cnt AND got.share = ref.share) AS equal
FROM got FULL JOIN ref USING (g, k, rn) GROUP BY k ORDER BY k;

-- the tie-break matters here: counts tie across the cut at rank k
WITH c AS (SELECT g, num AS x, count(*) AS cnt FROM t_rand WHERE num IS NOT NULL GROUP BY g, num),
r AS (SELECT g, cnt, row_number() OVER (PARTITION BY g ORDER BY cnt DESC, x) AS rn FROM c)
SELECT k, count(*) AS groups_with_tie_at_cut
FROM (VALUES (3), (10), (50)) ks(k)
JOIN r a ON a.rn = k JOIN r b ON b.g = a.g AND b.rn = k + 1 AND b.cnt = a.cnt
GROUP BY k ORDER BY k;

-- numeric with mixed scales (1.5 and 1.50 are one value)
WITH ks(k) AS (VALUES (1), (3), (10), (50)),
c AS (SELECT g, round(nm, 1) AS x, count(*) AS cnt FROM t_rand WHERE nm IS NOT NULL GROUP BY g, round(nm, 1)),
r AS (SELECT g, x, cnt, row_number() OVER (PARTITION BY g ORDER BY cnt DESC, x) AS rn,
             sum(cnt) OVER (PARTITION BY g) AS tot FROM c),
ref AS (SELECT g, k, rn, x, cnt, cnt::float8 / tot::float8 AS share FROM r JOIN ks ON rn <= k),
got AS (SELECT g, k, u.*
        FROM (SELECT g, k, aov_top_values(round(nm, 1), k) AS a FROM t_rand CROSS JOIN ks GROUP BY g, k) s,
             unnest(s.a) WITH ORDINALITY AS u(value, count, share, rn))
SELECT k, count(got.value) AS got, count(ref.x) AS ref,
       bool_and(got.value = ref.x AND got.count = ref.cnt AND got.share = ref.share) AS equal
FROM got FULL JOIN ref USING (g, k, rn) GROUP BY k ORDER BY k;
WITH ks(k) AS (VALUES (1), (3), (10), (50)),
c AS (SELECT g, nm AS x, count(*) AS cnt FROM t_rand WHERE nm IS NOT NULL GROUP BY g, nm),
r AS (SELECT g, x, cnt, row_number() OVER (PARTITION BY g ORDER BY cnt DESC, x) AS rn,
             sum(cnt) OVER (PARTITION BY g) AS tot FROM c),
ref AS (SELECT g, k, rn, x, cnt, cnt::float8 / tot::float8 AS share FROM r JOIN ks ON rn <= k),
got AS (SELECT g, k, u.*
        FROM (SELECT g, k, aov_top_values(nm, k) AS a FROM t_rand CROSS JOIN ks GROUP BY g, k) s,
             unnest(s.a) WITH ORDINALITY AS u(value, count, share, rn))
SELECT k, count(got.value) AS got, count(ref.x) AS ref,
       bool_and(got.value = ref.x AND got.count = ref.cnt AND got.share = ref.share) AS equal
FROM got FULL JOIN ref USING (g, k, rn) GROUP BY k ORDER BY k;

-- float8
WITH ks(k) AS (VALUES (1), (3), (10), (50)),
c AS (SELECT g, f AS x, count(*) AS cnt FROM t_rand WHERE f IS NOT NULL GROUP BY g, f),
r AS (SELECT g, x, cnt, row_number() OVER (PARTITION BY g ORDER BY cnt DESC, x) AS rn,
             sum(cnt) OVER (PARTITION BY g) AS tot FROM c),
ref AS (SELECT g, k, rn, x, cnt, cnt::float8 / tot::float8 AS share FROM r JOIN ks ON rn <= k),
got AS (SELECT g, k, u.*
        FROM (SELECT g, k, aov_top_values(f, k) AS a FROM t_rand CROSS JOIN ks GROUP BY g, k) s,
             unnest(s.a) WITH ORDINALITY AS u(value, count, share, rn))
SELECT k, count(got.value) AS got, count(ref.x) AS ref,
       bool_and(got.value = ref.x AND got.count = ref.cnt AND got.share = ref.share) AS equal
FROM got FULL JOIN ref USING (g, k, rn) GROUP BY k ORDER BY k;

-- float8 cents
WITH ks(k) AS (VALUES (1), (3), (10), (50)),
c AS (SELECT g, fc AS x, count(*) AS cnt FROM t_rand WHERE fc IS NOT NULL GROUP BY g, fc),
r AS (SELECT g, x, cnt, row_number() OVER (PARTITION BY g ORDER BY cnt DESC, x) AS rn,
             sum(cnt) OVER (PARTITION BY g) AS tot FROM c),
ref AS (SELECT g, k, rn, x, cnt, cnt::float8 / tot::float8 AS share FROM r JOIN ks ON rn <= k),
got AS (SELECT g, k, u.*
        FROM (SELECT g, k, aov_top_values(fc, k) AS a FROM t_rand CROSS JOIN ks GROUP BY g, k) s,
             unnest(s.a) WITH ORDINALITY AS u(value, count, share, rn))
SELECT k, count(got.value) AS got, count(ref.x) AS ref,
       bool_and(got.value = ref.x AND got.count = ref.cnt AND got.share = ref.share) AS equal
FROM got FULL JOIN ref USING (g, k, rn) GROUP BY k ORDER BY k;

-- bigint
WITH ks(k) AS (VALUES (1), (3), (10), (50)),
c AS (SELECT g, b AS x, count(*) AS cnt FROM t_rand WHERE b IS NOT NULL GROUP BY g, b),
r AS (SELECT g, x, cnt, row_number() OVER (PARTITION BY g ORDER BY cnt DESC, x) AS rn,
             sum(cnt) OVER (PARTITION BY g) AS tot FROM c),
ref AS (SELECT g, k, rn, x, cnt, cnt::float8 / tot::float8 AS share FROM r JOIN ks ON rn <= k),
got AS (SELECT g, k, u.*
        FROM (SELECT g, k, aov_top_values(b, k) AS a FROM t_rand CROSS JOIN ks GROUP BY g, k) s,
             unnest(s.a) WITH ORDINALITY AS u(value, count, share, rn))
SELECT k, count(got.value) AS got, count(ref.x) AS ref,
       bool_and(got.value = ref.x AND got.count = ref.cnt AND got.share = ref.share) AS equal
FROM got FULL JOIN ref USING (g, k, rn) GROUP BY k ORDER BY k;

-- integer
WITH ks(k) AS (VALUES (1), (3), (10), (50)),
c AS (SELECT g, i AS x, count(*) AS cnt FROM t_rand WHERE i IS NOT NULL GROUP BY g, i),
r AS (SELECT g, x, cnt, row_number() OVER (PARTITION BY g ORDER BY cnt DESC, x) AS rn,
             sum(cnt) OVER (PARTITION BY g) AS tot FROM c),
ref AS (SELECT g, k, rn, x, cnt, cnt::float8 / tot::float8 AS share FROM r JOIN ks ON rn <= k),
got AS (SELECT g, k, u.*
        FROM (SELECT g, k, aov_top_values(i, k) AS a FROM t_rand CROSS JOIN ks GROUP BY g, k) s,
             unnest(s.a) WITH ORDINALITY AS u(value, count, share, rn))
SELECT k, count(got.value) AS got, count(ref.x) AS ref,
       bool_and(got.value = ref.x AND got.count = ref.cnt AND got.share = ref.share) AS equal
FROM got FULL JOIN ref USING (g, k, rn) GROUP BY k ORDER BY k;

-- many small groups, hashed and sorted, k larger than most groups' distinct count
CREATE TEMP TABLE ref_top_g2 AS
WITH c AS (SELECT g2, num AS x, count(*) AS cnt FROM t_rand WHERE num IS NOT NULL GROUP BY g2, num),
r AS (SELECT g2, x, cnt, row_number() OVER (PARTITION BY g2 ORDER BY cnt DESC, x) AS rn,
             sum(cnt) OVER (PARTITION BY g2) AS tot FROM c)
SELECT g2, rn, x, cnt, cnt::float8 / tot::float8 AS share FROM r WHERE rn <= 30;
SELECT count(*) FILTER (WHERE rn = 30) AS groups_with_30_values, count(DISTINCT g2) AS groups FROM ref_top_g2;
SET enable_sort = off;
SET work_mem = '64kB';
SELECT count(got.value) AS got, count(ref.x) AS ref,
       bool_and(got.value = ref.x AND got.count = ref.cnt AND got.share = ref.share) AS equal
FROM (SELECT g2, u.* FROM (SELECT g2, aov_top_values(num, 30) AS a FROM t_rand GROUP BY g2) s,
             unnest(s.a) WITH ORDINALITY AS u(value, count, share, rn)) got
FULL JOIN ref_top_g2 ref USING (g2, rn);
RESET enable_sort;
RESET work_mem;
SET enable_hashagg = off;
SELECT count(got.value) AS got, count(ref.x) AS ref,
       bool_and(got.value = ref.x AND got.count = ref.cnt AND got.share = ref.share) AS equal
FROM (SELECT g2, u.* FROM (SELECT g2, aov_top_values(num, 30) AS a FROM t_rand GROUP BY g2) s,
             unnest(s.a) WITH ORDINALITY AS u(value, count, share, rn)) got
FULL JOIN ref_top_g2 ref USING (g2, rn);
RESET enable_hashagg;

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
SELECT u.value, u.count, u.share = u.count::float8 / 6 AS share_ok
FROM unnest((SELECT aov_top_values(x, 5) FROM unnest(ARRAY[1, 1, NULL, 2, NULL, 1, 3, NULL, 2]) x)) u;

-- empty and all-NULL input: NULL
SELECT aov_top_values(num, 3) IS NULL AS num, aov_top_values(f, 3) IS NULL AS f8,
       aov_top_values(b, 3) IS NULL AS i8, aov_top_values(i, 3) IS NULL AS i4
FROM t_rand WHERE false;
SELECT aov_top_values(x::numeric, 3) IS NULL AS num, aov_top_values(x::float8, 3) IS NULL AS f8,
       aov_top_values(x::bigint, 3) IS NULL AS i8, aov_top_values(x, 3) IS NULL AS i4
FROM (SELECT NULL::int FROM generate_series(1, 4)) s(x);

-- one row
SELECT aov_top_values(12.34, 1) AS num, aov_top_values(-0.5::float8, 3) AS f8,
       aov_top_values(-9223372036854775808, 1) AS i8;

-- numeric: 1.5 and 1.50 are one value, shown with the largest display scale
-- seen (as the column's precision: cents for numeric(12,2))
SELECT aov_top_values(x, 3) FROM unnest(ARRAY[1.5, 1.50, 2, 1.500, 2.0, 0.25]) x;
SELECT aov_top_values(x, 3) FROM unnest(ARRAY[1.5, 1.50, 2]::numeric(12,2)[]) x;
SELECT u.value = 1.5 AS same_value, u.count FROM
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
SET enable_hashagg = off;
SELECT count(*) AS groups, bool_and(s.a::text = p.a::text) AS equal
FROM (SELECT g, aov_top_values(num, 3) AS a FROM t_rand GROUP BY GROUPING SETS ((g), ())) s
JOIN (SELECT g, aov_top_values(num, 3) AS a FROM t_rand GROUP BY g
      UNION ALL SELECT NULL, aov_top_values(num, 3) FROM t_rand) p ON s.g IS NOT DISTINCT FROM p.g;
RESET enable_hashagg;
SET enable_sort = off;
SELECT count(*) AS groups, bool_and(s.a::text = p.a::text) AS equal
FROM (SELECT g, aov_top_values(num, 3) AS a FROM t_rand GROUP BY GROUPING SETS ((g), ())) s
JOIN (SELECT g, aov_top_values(num, 3) AS a FROM t_rand GROUP BY g
      UNION ALL SELECT NULL, aov_top_values(num, 3) FROM t_rand) p ON s.g IS NOT DISTINCT FROM p.g;
RESET enable_sort;

-- as a window aggregate (the final function only reads the state)
WITH w AS (SELECT id, num FROM t_rand WHERE id <= 300)
SELECT count(*) AS rows,
       bool_and((a[1]).value IS NOT DISTINCT FROM
                (SELECT num FROM w w2 WHERE w2.id <= w.id AND num IS NOT NULL
                 GROUP BY num ORDER BY count(*) DESC, num LIMIT 1)) AS equal
FROM (SELECT id, aov_top_values(num, 1) OVER (ORDER BY id) AS a FROM w) w;
