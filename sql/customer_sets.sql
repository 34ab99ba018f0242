--
-- customer_sets: the distinct customer ids of an aov_summary (src/idset.c)
-- are counted exactly and stored as the same sorted run whatever the set
-- held them in: a hash set, a bitmap of 65,536-id pages (dense ids), or
-- sorted runs from combines, and whichever way they were combined.
--
-- Each group below drives one path:
--   1 dense ids 1..20000, each twice: the hash set turns into a bitmap
--   2 ids -8000..8000 with 0: a bitmap across the sign (page order must be
--     id order) holding id 0, which the hash set keeps apart
--   3 a dense block far out plus the int64 extremes and -1, 0, 1: pages
--     at both ends of the key space
--   4 7,000 dense ids, then 3,000 ids 2^17 apart: the bitmap grows too
--     sparse, turns into a sorted run, and the hash set takes the rest
--   5 8,000 ids spread over the whole int64 range: never a bitmap
--   6 300 ids: a small hash set
--   7 242 ids in each of 48 pages: too spread for a bitmap in one pass, but
--     each half (24 pages) makes one; rolling the halves up overflows the
--     bitmap mid-page, so the rest goes in id by id and it becomes a run
-- Checks: the customer count is count(DISTINCT c); the stored run of ids
-- is, byte for byte, the one computed here from the ids (vi(), setup); and
-- every way of building the state gives the same text: one pass, rollups
-- of parts in several orders (parts large enough to become bitmaps, or
-- small enough to stay runs), and a forced parallel plan.
--
CREATE TABLE cs AS
SELECT row_number() OVER () AS id, g, c, r
FROM (SELECT 1 AS g, 1 + (i % 20000) AS c, (i % 97)::numeric AS r FROM generate_series(1, 40000) i
      UNION ALL
      SELECT 2, (i % 16001) - 8000, (i % 89)::numeric FROM generate_series(1, 32002) i
      UNION ALL
      SELECT 3, 1000000000000 + (i % 10000), (i % 83)::numeric FROM generate_series(1, 20000) i
      UNION ALL
      SELECT 3, c, 1 FROM unnest(ARRAY[-9223372036854775808, -9223372036854775807, -1, 0, 1,
                                       9223372036854775806, 9223372036854775807]::bigint[]) c
      UNION ALL
      SELECT 4, i, (i % 79)::numeric FROM generate_series(1, 7000) i
      UNION ALL
      SELECT 4, i::bigint * 131072, (i % 73)::numeric FROM generate_series(100, 3099) i
      UNION ALL
      SELECT 5, ('x' || substr(md5('cs' || i), 1, 16))::bit(64)::bigint, (i % 71)::numeric
      FROM generate_series(1, 8000) i
      UNION ALL
      SELECT 6, i * 7, 5 FROM generate_series(1, 300) i
      UNION ALL
      SELECT 7, p * 65536 + j * 200, (p + j) % 67 FROM generate_series(0, 47) p, generate_series(0, 241) j
      UNION ALL
      SELECT g, NULL, 3 FROM generate_series(1, 7) g) x;
ANALYZE cs;

-- the stored run of a set of ids: its length, the first id's order key
-- (id + 2^63), then each step to the next id less one, all as LEB128
CREATE FUNCTION cs_ids_hex(ids bigint[]) RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT vi(count(*)) || coalesce(string_agg(CASE WHEN prev IS NULL THEN vi(id::numeric + 9223372036854775808)
                                                    ELSE vi(id::numeric - prev - 1) END, '' ORDER BY id), '')
    FROM (SELECT id, lag(id) OVER (ORDER BY id) AS prev FROM (SELECT DISTINCT unnest(ids) AS id) d) x
$$;

SET max_parallel_workers_per_gather = 0;
CREATE TABLE cs_one AS
SELECT g, aov_summary(r, 1, c) AS s, count(DISTINCT c) AS n, cs_ids_hex(array_agg(c) FILTER (WHERE c IS NOT NULL)) AS hex
FROM (SELECT * FROM cs ORDER BY id) o GROUP BY g;

-- the groups are what they should be: counts, and guests in every group
SELECT g, n, (SELECT count(*) FROM cs WHERE cs.g = cs_one.g AND c IS NULL) AS guests FROM cs_one ORDER BY g;

-- the count and the stored run (no rows expected)
SELECT g, (aov_breakdown(s)).customers, n FROM cs_one WHERE (aov_breakdown(s)).customers IS DISTINCT FROM n;
SELECT g FROM cs_one WHERE strpos(s::text, hex) = 0;
-- the same through the text form read back (a parsed run, into a bitmap when large)
SELECT g FROM cs_one WHERE (aov_breakdown(s::text::aov_summary)).customers IS DISTINCT FROM n
                        OR s::text::aov_summary::text <> s::text;

-- rollups of parts: k parts by id, rolled up in increasing, decreasing and
-- interleaved order; 3 parts of the dense groups are bitmaps, 40 are runs
CREATE TABLE cs_parts AS
SELECT g, k, p, aov_summary(r, 1, c) AS s
FROM (SELECT g, k, id % k AS p, r, c FROM cs, (VALUES (3), (40)) ks(k)) x
GROUP BY g, k, p;
SELECT k, g, o
FROM (SELECT k, g, 'up' AS o, aov_rollup(s ORDER BY p) AS s FROM cs_parts GROUP BY k, g
      UNION ALL
      SELECT k, g, 'down', aov_rollup(s ORDER BY p DESC) FROM cs_parts GROUP BY k, g
      UNION ALL
      SELECT k, g, 'odd first', aov_rollup(s ORDER BY p % 2 DESC, p) FROM cs_parts GROUP BY k, g) x
JOIN cs_one USING (g)
WHERE x.s::text <> cs_one.s::text
ORDER BY 1, 2, 3;
-- small parts (runs) and large ones (bitmaps) together, small first and
-- large first: the orders count twice, the customers once
SELECT g, o
FROM (SELECT g, 'small first' AS o, aov_rollup(s ORDER BY k DESC, p) AS s
      FROM cs_parts WHERE k = 3 OR p < 20 GROUP BY g
      UNION ALL
      SELECT g, 'large first', aov_rollup(s ORDER BY k, p)
      FROM cs_parts WHERE k = 3 OR p < 20 GROUP BY g) x
JOIN cs_one USING (g)
WHERE (aov_breakdown(x.s)).customers IS DISTINCT FROM n OR strpos(x.s::text, hex) = 0
ORDER BY 1, 2;
-- group 7 by halves of its pages, in both orders
SELECT o
FROM (SELECT 'low half first' AS o, aov_rollup(s ORDER BY h) AS s
      FROM (SELECT c >= 24 * 65536 AS h, aov_summary(r, 1, c) AS s FROM cs WHERE g = 7 GROUP BY 1) x
      UNION ALL
      SELECT 'high half first', aov_rollup(s ORDER BY h DESC)
      FROM (SELECT c >= 24 * 65536 AS h, aov_summary(r, 1, c) AS s FROM cs WHERE g = 7 GROUP BY 1) x) y
JOIN cs_one ON g = 7
WHERE y.s::text <> cs_one.s::text;

-- the rollup of a state with itself and with part of itself: the same set
SELECT g FROM cs_one
WHERE (SELECT aov_rollup(s2)::text FROM (VALUES (cs_one.s), (cs_one.s)) v(s2)) IS DISTINCT FROM
      (SELECT aov_summary(r, 1, c)::text FROM (SELECT r, c FROM cs WHERE cs.g = cs_one.g
                                               UNION ALL SELECT r, c FROM cs WHERE cs.g = cs_one.g) d)
   OR (SELECT (aov_breakdown(aov_rollup(s2))).customers
       FROM (SELECT cs_one.s UNION ALL SELECT s FROM cs_parts WHERE cs_parts.g = cs_one.g AND k = 3) v(s2))
      IS DISTINCT FROM n;

-- a parallel plan: every row through a worker's state, combined by the leader
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
SET parallel_leader_participation = off;
SELECT * FROM parallel_plan('SELECT g, aov_summary(r, 1, c) FROM cs GROUP BY g');
SELECT g FROM (SELECT g, aov_summary(r, 1, c) AS s FROM cs GROUP BY g) x JOIN cs_one USING (g)
WHERE x.s::text <> cs_one.s::text;
SELECT * FROM parallel_plan('SELECT aov_summary(r, 1, c) FROM cs WHERE g = 1');
SELECT g FROM cs_one
WHERE g = 1 AND s::text <> (SELECT aov_summary(r, 1, c)::text FROM cs WHERE cs.g = 1);
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
RESET max_parallel_workers_per_gather;
RESET parallel_leader_participation;
