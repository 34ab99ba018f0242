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
--   8 20,000 ids scattered over 1..2,000,000 (31 pages): too few for a
--     bitmap when the hash set first doubles past 8,192 slots, enough at
--     the next doubling
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
      SELECT 8, (i * 7919) % 2000000 + 1, (i % 61)::numeric FROM generate_series(1, 20000) i
      UNION ALL
      SELECT g, NULL, 3 FROM generate_series(1, 8) g) x;
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

-- More paths, serial plans again.
SET max_parallel_workers_per_gather = 0;

-- A state merged in-process without being moved (aov_summary_merge_into:
-- the bitmap's pages ORed into a copy, never taken).  A user aggregate's
-- SQL final function gets the state itself (an expanded object) and rolls
-- it up after the stored value in cs_first: the rollup copies its first
-- value flat, then merges the state page by page into it.  cs_first is
-- (a) group 6, a short run with no bitmap: the merge starts one and adds
-- every page; (b) group 3, a bitmap with the pages at both ends and near
-- 10^12: ids shifted to other pages go in as new pages, group 2's ids
-- (-8000..8000) into pages it has.  Each must equal the rollup of the
-- two stored values, and count the distinct ids of both.
CREATE TABLE cs_first (f aov_summary, ids bigint[]);
CREATE FUNCTION cs_after_first(s aov_summary) RETURNS aov_summary LANGUAGE sql AS $$
    SELECT aov_rollup(x) FROM (VALUES ((SELECT f FROM cs_first)), (s)) v(x)
$$;
CREATE AGGREGATE cs_summary_after_first(numeric, integer, bigint) (
    SFUNC = _aov_summary_add, STYPE = aov_summary, FINALFUNC = cs_after_first);
CREATE TABLE cs_shift (k text, g int, c bigint, r numeric);
INSERT INTO cs_shift SELECT 'g6', g, c, r FROM cs WHERE g IN (1, 2, 3);
INSERT INTO cs_shift SELECT 'g3', g, c + 5 * 65536, r FROM cs WHERE g = 1;
INSERT INTO cs_shift SELECT 'g3', g, c, r FROM cs WHERE g = 2;
INSERT INTO cs_shift SELECT 'g3', 8, c * 3 - 2000000000000, r FROM cs WHERE g = 1;
CREATE VIEW cs_after AS
SELECT k, g, s, n, hex, (SELECT aov_rollup(v)::text FROM (VALUES ((SELECT f FROM cs_first)),
                                                          (y.plain)) w(v)) AS rollup_text
FROM (SELECT k, g, cs_summary_after_first(r, 1, c) AS s,
             count(DISTINCT c) FILTER (WHERE c IS NOT NULL AND c <> ALL ((SELECT ids FROM cs_first)::bigint[])) +
             cardinality((SELECT ids FROM cs_first)) AS n,
             cs_ids_hex((SELECT ids FROM cs_first) || array_agg(c) FILTER (WHERE c IS NOT NULL)) AS hex
      FROM cs_shift GROUP BY k, g) x
JOIN LATERAL (SELECT aov_summary(r, 1, c) AS plain FROM cs_shift z WHERE z.k = x.k AND z.g = x.g) y ON true;
INSERT INTO cs_first SELECT s, (SELECT array_agg(DISTINCT c) FROM cs WHERE cs.g = 6 AND c IS NOT NULL) FROM cs_one WHERE g = 6;
SELECT k, g, (aov_breakdown(s)).customers, n FROM cs_after WHERE k = 'g6' ORDER BY g;
SELECT k, g FROM cs_after
WHERE k = 'g6' AND (s::text <> rollup_text OR strpos(s::text, hex) = 0);
TRUNCATE cs_first;
INSERT INTO cs_first SELECT s, (SELECT array_agg(DISTINCT c) FROM cs WHERE cs.g = 3 AND c IS NOT NULL) FROM cs_one WHERE g = 3;
SELECT k, g, (aov_breakdown(s)).customers, n FROM cs_after WHERE k = 'g3' ORDER BY g;
SELECT k, g FROM cs_after
WHERE k = 'g3' AND (s::text <> rollup_text OR strpos(s::text, hex) = 0);

-- Many groups at once (a hash aggregate holds every state): 10 groups of
-- 6,000 dense ids each, every one a bitmap, group 0 across the sign and
-- group 9 at the top of the range; counts and stored runs per group.
CREATE TABLE cs_many AS
SELECT i % 10 AS g, CASE i % 10 WHEN 0 THEN i / 10 - 3000
                                WHEN 9 THEN 9223372036854775807 - i / 10
                                ELSE (i % 10) * 100000000 + i / 10 END AS c,
       (i % 13)::numeric AS r
FROM generate_series(0, 59999) i;
SET enable_sort = off;
SELECT * FROM parallel_plan('SELECT g, aov_summary(r, 1, c) FROM cs_many GROUP BY g', 'Aggregate');
SELECT g, n
FROM (SELECT g, (aov_breakdown(r, 1, c)).customers AS n, count(DISTINCT c) AS d FROM cs_many GROUP BY g) x
WHERE n IS DISTINCT FROM d OR n <> 6000;
SELECT g FROM (SELECT g, aov_summary(r, 1, c) AS s, array_agg(c) AS ids FROM cs_many GROUP BY g) x
WHERE strpos(s::text, cs_ids_hex(ids)) = 0;
RESET enable_sort;

-- Two dense blocks 2^62 apart (12,000 ids on three pages: a bitmap),
-- rolled up with sparse states that never become bitmaps (group 5, and
-- group 4, whose bitmap turned into a run) in several orders, and each
-- part twice: the same text as one pass over the rows (twice).
CREATE TABLE cs_far AS
SELECT 1 AS part, c, (c % 11)::numeric AS r
FROM (SELECT i AS c FROM generate_series(-3000, 2999) i
      UNION ALL SELECT 4611686018427387904 + i FROM generate_series(0, 5999) i) b
UNION ALL SELECT 2, c, r FROM cs WHERE g = 5
UNION ALL SELECT 3, c, r FROM cs WHERE g = 4;
CREATE TABLE cs_far_parts AS SELECT part, aov_summary(r, 1, c) AS s FROM cs_far GROUP BY part;
SELECT part, (aov_breakdown(s)).customers,
       (SELECT count(DISTINCT c) FROM cs_far WHERE cs_far.part = cs_far_parts.part) AS n
FROM cs_far_parts ORDER BY part;
SELECT part FROM cs_far_parts
WHERE strpos(s::text, (SELECT cs_ids_hex(array_agg(c) FILTER (WHERE c IS NOT NULL))
                       FROM cs_far WHERE cs_far.part = cs_far_parts.part)) = 0;
SELECT o, times
FROM (SELECT 'up' AS o, 1 AS times, aov_rollup(s ORDER BY part) AS s FROM cs_far_parts
      UNION ALL SELECT 'down', 1, aov_rollup(s ORDER BY part DESC) FROM cs_far_parts
      UNION ALL SELECT 'middle first', 1, aov_rollup(s ORDER BY part = 2 DESC, part) FROM cs_far_parts
      UNION ALL SELECT 'each twice', 2, aov_rollup(s ORDER BY part)
      FROM (SELECT * FROM cs_far_parts UNION ALL SELECT * FROM cs_far_parts) d) x
WHERE s::text <> (SELECT aov_summary(r, 1, c)::text FROM cs_far, generate_series(1, times))
   OR (aov_breakdown(s)).customers IS DISTINCT FROM (SELECT count(DISTINCT c) FROM cs_far);

-- send and recv of every state (COPY binary): the parsed runs of large
-- dense sets become bitmaps again; the same text and count, and rollups
-- of received values equal rollups of the stored ones.
CREATE TABLE cs_bin (LIKE cs_one);
CALL copy_binary('cs_one', 'cs_bin');
SELECT g FROM cs_bin JOIN cs_one USING (g)
WHERE cs_bin.s::text <> cs_one.s::text OR (aov_breakdown(cs_bin.s)).customers IS DISTINCT FROM cs_one.n;
CREATE TABLE cs_far_bin (LIKE cs_far_parts);
CALL copy_binary('cs_far_parts', 'cs_far_bin');
SELECT (SELECT aov_rollup(s ORDER BY part)::text FROM cs_far_bin) =
       (SELECT aov_rollup(s ORDER BY part)::text FROM cs_far_parts) AS same;
SELECT (SELECT aov_rollup(s ORDER BY g)::text FROM cs_bin WHERE g IN (1, 2, 3)) =
       (SELECT aov_summary(r, 1, c)::text FROM cs WHERE g IN (1, 2, 3)) AS same;

-- The old format (version 1: the ids as raw int64s after the items sum)
-- of group 1's 20,000 dense ids, read into a bitmap: the same breakdown
-- (a value read stays in its format), and rolled up with group 2 the same
-- text as one pass.
CREATE TABLE cs_v1 AS
SELECT '01' || substr(s::text, 3, 270)
       || (SELECT string_agg(encode(int8send(c), 'hex'), '' ORDER BY c)
           FROM (SELECT DISTINCT c FROM cs WHERE g = 1 AND c IS NOT NULL) d) AS hex
FROM cs_one WHERE g = 1;
SELECT (aov_breakdown(hex::aov_summary)).customers,
       aov_breakdown(hex::aov_summary)::text = (SELECT aov_breakdown(s)::text FROM cs_one WHERE g = 1) AS same
FROM cs_v1;
SELECT (SELECT aov_rollup(v)::text FROM (VALUES ((SELECT hex::aov_summary FROM cs_v1)),
                                                ((SELECT s FROM cs_one WHERE g = 2))) w(v))
       = (SELECT aov_summary(r, 1, c)::text FROM cs WHERE g IN (1, 2)) AS same;

-- Ids that fill 80 pages in slowly (each id 7,919 after the last, modulo
-- 80 pages, from 0): too spread for a bitmap until the hash set is large
-- enough to queue ids, so the set turns into a bitmap while flushing its
-- queue, id 0 held apart (ascending: seen first) or still to come
-- (descending: seen last).  Counts and the stored run, both orders.
CREATE TABLE cs_fill AS
SELECT i, (i::bigint * 7919) % (80 * 65536) AS c, (i % 7)::numeric AS r FROM generate_series(0, 59999) i;
SELECT o, (aov_breakdown(s)).customers, strpos(s::text, (SELECT cs_ids_hex(array_agg(c)) FROM cs_fill)) > 0 AS same_run
FROM (SELECT 'ascending' AS o, aov_summary(r, 1, c ORDER BY i) AS s FROM cs_fill
      UNION ALL
      SELECT 'descending', aov_summary(r, 1, c ORDER BY i DESC) FROM cs_fill) x
ORDER BY o;
RESET max_parallel_workers_per_gather;
