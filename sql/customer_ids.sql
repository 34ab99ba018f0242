--
-- customer_ids: uuid and text customer ids count customers exactly, as
-- bigint ids of the same customers do.  The integer ids of the test orders
-- are mapped one to one to uuid (md5(id)::uuid) and to text ('c' || id);
-- every figure must equal the bigint one, serial and parallel, through
-- stored values (text and binary) and rollups.  Queries return the rows
-- that differ: expected none.
--
-- 20,000 orders in 5 groups; about 3,000 customers, 1 order in 23 a guest's
CREATE TABLE cid AS
SELECT id, g, num AS r, (id % 5)::int AS q,
       CASE WHEN id % 23 = 0 THEN NULL ELSE (id * 31) % 3001 END AS c
FROM t_rand;
ALTER TABLE cid ADD COLUMN u uuid, ADD COLUMN t text, ADD COLUMN v varchar(20);
UPDATE cid SET u = md5(c::text)::uuid, t = 'c' || c, v = 'c' || c;
ANALYZE cid;
-- the mapping is one to one, and the groups have guests and repeat buyers
SELECT count(DISTINCT c) = count(DISTINCT u) AND count(DISTINCT c) = count(DISTINCT t) AS one_to_one,
       count(*) FILTER (WHERE c IS NULL) > 0 AS guests, count(DISTINCT c) < count(c) / 2 AS repeat_buyers
FROM cid;

-- Every field of the breakdown, per group: uuid, text and varchar ids
-- against bigint ids, with the default and an explicit trim
CREATE TABLE cid_ref AS
SELECT g, aov_breakdown(r, q, c) AS b, aov_breakdown(r, q, c, 0.1) AS bt, aov_summary(r, q, c) AS s
FROM cid GROUP BY g;
SELECT g, k, d.*
FROM (SELECT g, 'uuid' AS k, aov_breakdown(r, q, u) AS b, aov_breakdown(r, q, u, 0.1) AS bt,
             aov_breakdown(aov_summary(r, q, u)) AS bs FROM cid GROUP BY g
      UNION ALL
      SELECT g, 'text', aov_breakdown(r, q, t), aov_breakdown(r, q, t, 0.1),
             aov_breakdown(aov_summary(r, q, t)) FROM cid GROUP BY g
      UNION ALL
      SELECT g, 'varchar', aov_breakdown(r, q, v), aov_breakdown(r, q, v, 0.1),
             aov_breakdown(aov_summary(r, q, v)) FROM cid GROUP BY g) x
JOIN cid_ref USING (g),
LATERAL (SELECT * FROM breakdown_diff(x.b, cid_ref.b)
         UNION ALL SELECT * FROM breakdown_diff(x.bt, cid_ref.bt)
         UNION ALL SELECT * FROM breakdown_diff(x.bs, aov_breakdown(cid_ref.s))) d
ORDER BY 1, 2;
-- and the customer count is count(DISTINCT id) itself
SELECT g, (b).customers, n
FROM (SELECT g, aov_breakdown(r, q, u) AS b,
             count(DISTINCT u) FILTER (WHERE r IS NOT NULL) AS n FROM cid GROUP BY g) x
WHERE (b).customers IS DISTINCT FROM n;
SELECT g, (b).customers, n
FROM (SELECT g, aov_breakdown(r, q, t) AS b,
             count(DISTINCT t) FILTER (WHERE r IS NOT NULL) AS n FROM cid GROUP BY g) x
WHERE (b).customers IS DISTINCT FROM n;

-- The same in a parallel plan (partial states cross the Gather queue)
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
SET parallel_leader_participation = off;
SELECT * FROM parallel_plan('SELECT aov_breakdown(r, q, u), aov_summary(r, q, t, 0.1) FROM cid');
SELECT k, d.*
FROM (SELECT 'uuid' AS k, aov_breakdown(r, q, u) AS b, aov_breakdown(r, q, u, 0.1) AS bt FROM cid
      UNION ALL SELECT 'text', aov_breakdown(r, q, t), aov_breakdown(r, q, t, 0.1) FROM cid) x,
     (SELECT aov_breakdown(r, q, c) AS b, aov_breakdown(r, q, c, 0.1) AS bt FROM cid) p,
LATERAL (SELECT * FROM breakdown_diff(x.b, p.b) UNION ALL SELECT * FROM breakdown_diff(x.bt, p.bt)) d;
-- a parallel summary has the bytes of a serial one (canonical)
CREATE TEMP TABLE cid_par AS SELECT aov_summary(r, q, u) AS su, aov_summary(r, q, t, 0.1) AS st FROM cid;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
RESET max_parallel_workers_per_gather;
RESET parallel_leader_participation;
SET max_parallel_workers_per_gather = 0;
SELECT p.su::text = s.su::text AS uuid_same_bytes, p.st::text = s.st::text AS text_same_bytes
FROM cid_par p, (SELECT aov_summary(r, q, u) AS su, aov_summary(r, q, t, 0.1) AS st FROM cid) s;
-- and one in another row order, too
SELECT (SELECT aov_summary(r, q, t ORDER BY id) FROM cid)::text
     = (SELECT aov_summary(r, q, t ORDER BY md5(id::text)) FROM cid)::text AS order_independent;
RESET max_parallel_workers_per_gather;

-- Stored values: text and binary round trips, and rollups of days into
-- the whole equal to one pass (same bytes, same breakdown as bigint ids)
CREATE TEMP TABLE cid_days AS
SELECT id % 40 AS day, aov_summary(r, q, c) AS sc, aov_summary(r, q, u) AS su, aov_summary(r, q, t) AS st,
       aov_summary(r, q, t, 0.1) AS std
FROM cid GROUP BY 1;
CREATE TEMP TABLE cid_days_copy (LIKE cid_days);
CALL copy_binary('cid_days', 'cid_days_copy');
SELECT day FROM cid_days o JOIN cid_days_copy b USING (day)
WHERE o.su::text::aov_summary::text IS DISTINCT FROM o.su::text
   OR o.st::text::aov_summary::text IS DISTINCT FROM o.st::text
   OR o.std::text::aov_summary::text IS DISTINCT FROM o.std::text
   OR encode(_aov_summary_send(o.su), 'hex') IS DISTINCT FROM o.su::text
   OR encode(_aov_summary_send(o.st), 'hex') IS DISTINCT FROM o.st::text
   OR b.su::text IS DISTINCT FROM o.su::text OR b.st::text IS DISTINCT FROM o.st::text
   OR b.std::text IS DISTINCT FROM o.std::text;
SELECT count(*) AS days FROM cid_days_copy;
SELECT (SELECT aov_rollup(su) FROM cid_days_copy)::text = (SELECT aov_summary(r, q, u) FROM cid)::text AS uuid_rollup,
       (SELECT aov_rollup(st) FROM cid_days_copy)::text = (SELECT aov_summary(r, q, t) FROM cid)::text AS text_rollup,
       (SELECT aov_rollup(std) FROM cid_days_copy)::text = (SELECT aov_summary(r, q, t, 0.1) FROM cid)::text AS text_detail_rollup;
SELECT * FROM breakdown_diff((SELECT aov_breakdown(aov_rollup(su)) FROM cid_days_copy),
                             (SELECT aov_breakdown(aov_rollup(sc)) FROM cid_days))
UNION ALL
SELECT * FROM breakdown_diff((SELECT aov_breakdown(aov_rollup(st)) FROM cid_days_copy),
                             (SELECT aov_breakdown(aov_rollup(sc)) FROM cid_days));

-- Ids of different types do not merge: the same customer could be a
-- number in one summary and a uuid in the other
SELECT expect_error('SELECT aov_rollup(s) FROM (SELECT su AS s FROM cid_days UNION ALL SELECT sc FROM cid_days) x') AS uuid_bigint,
       expect_error('SELECT aov_rollup(s) FROM (SELECT st AS s FROM cid_days UNION ALL SELECT su FROM cid_days) x') AS text_uuid;
-- except a summary with no ids at all (only guests), which fits any kind
SELECT (b).customers, (b).guest_orders, ref.*
FROM (SELECT aov_breakdown(aov_rollup(s)) AS b
      FROM (SELECT aov_summary(r, q, u) AS s FROM cid WHERE id <= 100
            UNION ALL SELECT aov_summary(r, q, t) FROM cid WHERE c IS NULL
            UNION ALL SELECT aov_summary(r, q, c) FROM cid WHERE c IS NULL) x) y,
     (SELECT count(DISTINCT c) FILTER (WHERE id <= 100) AS ref_customers,
             count(*) FILTER (WHERE c IS NULL AND id <= 100) + 2 * count(*) FILTER (WHERE c IS NULL) AS ref_guest_orders
      FROM cid WHERE r IS NOT NULL) ref;
-- and one without customer ids drops the customer figures, as for bigint
SELECT (b).customers, (b).guest_orders, (b).orders, (SELECT 2 * count(r) FROM cid) AS ref_orders
FROM (SELECT aov_breakdown(aov_rollup(s)) AS b
      FROM (SELECT aov_summary(r, q, t) AS s FROM cid UNION ALL SELECT aov_summary(r, q) FROM cid) x) y;
-- an untyped NULL id is text: all guests, and it merges with bigint ids
SELECT (b).customers, (b).guest_orders, (b).orders, ref.*
FROM (SELECT aov_breakdown(aov_rollup(s)) AS b
      FROM (SELECT aov_summary(r, q, NULL) AS s FROM cid WHERE id <= 10
            UNION ALL SELECT aov_summary(r, q, c) FROM cid WHERE id <= 10) x) y,
     (SELECT count(DISTINCT c) AS ref_customers, count(*) AS ref_guest_orders, 2 * count(*) AS ref_orders
      FROM cid WHERE id <= 10 AND r IS NOT NULL) ref;

-- Text ids are bytes: prefixes of each other, the empty string, multibyte
-- characters, long ids, case (two customers) and trailing blanks of
-- char(n) (dropped by the cast to text, as count(DISTINCT) does)
CREATE TEMP TABLE odd_ids (t text);
INSERT INTO odd_ids VALUES (''), ('a'), ('ab'), ('abc'), ('abd'), ('b'), ('B'), ('客户'), ('客户1'),
    (repeat('x', 3000)), (repeat('x', 3000) || 'y'), ('a'), (''), (NULL), ('ab');
SELECT (b).customers, (SELECT count(DISTINCT t) FROM odd_ids) AS distinct_ids, (b).guest_orders,
       s::text::aov_summary::text = s::text AS round_trip
FROM (SELECT aov_breakdown(1.0, 1, t) AS b, aov_summary(1.0, 1, t) AS s FROM odd_ids) x;
SELECT (aov_breakdown(1.0, 1, x::char(4))).customers AS char_ids, count(DISTINCT x::char(4)::text) AS ref
FROM (VALUES ('ab'), ('ab  '), ('abc')) v(x);

-- aov_report and diagnose_aov_drop on uuid, text and varchar id columns:
-- the rows of the report and the diagnosis on bigint ids, serial and
-- parallel.  Orders over 6 months, so customers are new and returning.
CREATE TABLE cid_orders AS
SELECT timestamptz '2026-01-01 00:00+00' + (id % 180) * interval '1 day' + (id % 24) * interval '1 hour' AS ordered_at,
       r AS revenue, q AS items, c::bigint AS customer_id, u, t, v
FROM cid;
CREATE VIEW cid_uuid AS SELECT ordered_at, revenue, items, u AS customer_id FROM cid_orders;
CREATE VIEW cid_text AS SELECT ordered_at, revenue, items, t AS customer_id FROM cid_orders;
CREATE VIEW cid_varchar AS SELECT ordered_at, revenue, items, v AS customer_id FROM cid_orders;
SET TimeZone = 'UTC';
CREATE FUNCTION cid_report_diff(rel regclass) RETURNS TABLE (side text, period date, segment text) LANGUAGE sql AS $$
    (SELECT 'ids only', period, segment FROM (SELECT * FROM aov_report(rel) EXCEPT SELECT * FROM aov_report('cid_orders')) a)
    UNION ALL
    (SELECT 'bigint only', period, segment FROM (SELECT * FROM aov_report('cid_orders') EXCEPT SELECT * FROM aov_report(rel)) b) $$;
CREATE FUNCTION cid_diagnosis_diff(rel regclass) RETURNS TABLE (side text, scope text) LANGUAGE sql AS $$
    WITH d AS (SELECT * FROM diagnose_aov_drop(rel, '[2026-02-01,2026-03-01)', '[2026-05-01,2026-06-01)')),
         ref AS (SELECT * FROM diagnose_aov_drop('cid_orders', '[2026-02-01,2026-03-01)', '[2026-05-01,2026-06-01)'))
    (SELECT 'ids only', scope FROM (SELECT * FROM d EXCEPT SELECT * FROM ref) a)
    UNION ALL
    (SELECT 'bigint only', scope FROM (SELECT * FROM ref EXCEPT SELECT * FROM d) b) $$;
SELECT count(*) AS report_rows, count(*) FILTER (WHERE segment = 'returning') AS returning_rows,
       sum(customers) FILTER (WHERE segment = 'new') AS new_customers
FROM aov_report('cid_orders');
SELECT count(*) AS diagnosis_rows FROM diagnose_aov_drop('cid_orders', '[2026-02-01,2026-03-01)', '[2026-05-01,2026-06-01)');
SELECT 'uuid' AS ids, * FROM cid_report_diff('cid_uuid')
UNION ALL SELECT 'text', * FROM cid_report_diff('cid_text')
UNION ALL SELECT 'varchar', * FROM cid_report_diff('cid_varchar');
SELECT 'uuid' AS ids, * FROM cid_diagnosis_diff('cid_uuid')
UNION ALL SELECT 'text', * FROM cid_diagnosis_diff('cid_text');
-- and in parallel plans
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
SET parallel_leader_participation = off;
SELECT * FROM parallel_plan($$SELECT _aov_firsts(_aov_customer_number((SELECT aov_summary(0, 0, t) FROM cid_orders), t),
                                                  ordered_at) FROM cid_orders$$);
SELECT 'uuid' AS ids, * FROM cid_report_diff('cid_uuid')
UNION ALL SELECT 'text', * FROM cid_report_diff('cid_text');
SELECT 'uuid' AS ids, * FROM cid_diagnosis_diff('cid_uuid')
UNION ALL SELECT 'text', * FROM cid_diagnosis_diff('cid_text');
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
RESET max_parallel_workers_per_gather;
RESET parallel_leader_participation;
-- the numbering: distinct ids get distinct numbers 0 .. n - 1 in bytewise
-- order; an id that the summary lacks, or a summary of other ids, is an
-- error (never a guest)
SELECT count(DISTINCT n) = count(DISTINCT t) AND min(n) = 0 AND max(n) = count(DISTINCT t) - 1 AS dense,
       bool_and(n IS NULL) FILTER (WHERE t IS NULL) AS guests_null,
       (array_agg(t ORDER BY n) FILTER (WHERE t IS NOT NULL))
           = (array_agg(t ORDER BY t COLLATE "C") FILTER (WHERE t IS NOT NULL)) AS bytewise_order
FROM (SELECT t, _aov_customer_number((SELECT aov_summary(0, 0, t) FROM cid), t) AS n FROM cid) x;
SELECT expect_error($$SELECT _aov_customer_number(aov_summary(0, 0, 'a'::text), 'b'::text)$$) AS missing_id,
       expect_error($$SELECT _aov_customer_number(aov_summary(0, 0, 7), 'b'::text)$$) AS bigint_ids,
       expect_error($$SELECT _aov_customer_number(aov_summary(0, 0, 'a'::text), md5('a')::uuid)$$) AS text_ids_for_uuid;
-- A summary that changes from row to row is recognized by its bytes, not
-- by its address, size and header: here each row's value is read from its
-- text into the same memory as the row before, with the same size and
-- header.  'b' ranks 1 among {a, b} and 0 among {b, c}.
CREATE TEMP TABLE cid_sets AS
SELECT g, aov_summary(0, 0, t) AS s
FROM (VALUES (1, 'a'), (1, 'b'), (2, 'b'), (2, 'c'), (3, 'a'), (3, 'b'), (4, 'b'), (4, 'c')) v(g, t)
GROUP BY g;
SELECT g, octet_length(s::text) AS hex_chars, _aov_customer_number(s::text::aov_summary, 'b'::text) AS rank_of_b
FROM cid_sets ORDER BY g;
DROP TABLE cid_sets;
RESET TimeZone;
DROP FUNCTION cid_report_diff(regclass);
DROP FUNCTION cid_diagnosis_diff(regclass);
DROP VIEW cid_uuid, cid_text, cid_varchar;
DROP TABLE cid_orders;
DROP TABLE cid, cid_ref;
