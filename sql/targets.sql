--
-- targets: aov_targets against plain SQL over the same rows.  The reference
-- splits every target by the formula of the log split (unit price x g^s,
-- items per order x g^(1 - s), g = target / baseline AOV), where the
-- function holds one factor and divides for the other; the products must
-- multiply back to the targets, and the segments' targets recombine at
-- today's order mix to the overall target.  Then the fixed splits, the
-- composable form and the errors.
--
SET TimeZone = 'UTC';

-- 260 orders: customers 0..29 from April on (returning in May, unless their
-- first order falls in May), customers 30..39 only in May (new), guests
-- (every 9th), a few June orders outside the baseline.
CREATE TABLE tg_orders AS
SELECT i AS order_id,
       CASE WHEN i % 9 = 0 THEN NULL WHEN i > 200 THEN 30 + i % 10 ELSE i % 30 END::bigint AS customer_id,
       CASE WHEN i > 250 THEN timestamptz '2026-06-02' + i * interval '1 hour'
            WHEN i > 200 THEN timestamptz '2026-05-01' + (i % 30) * interval '1 day' + i * interval '1 minute'
            ELSE timestamptz '2026-04-01' + (i * 7 % 61) * interval '1 day' + i * interval '1 minute' END AS ordered_at,
       (5 + 90 * test_rnd(i, 'tg'))::numeric(12,2) AS revenue,
       1 + (i * 5 % 7) % 4 AS items
  FROM generate_series(1, 260) i;

-- The baseline per segment, in plain SQL: new when the customer's first
-- order ever falls in May.
CREATE VIEW tg_base AS
WITH f AS (SELECT customer_id, min(ordered_at) AS fo FROM tg_orders GROUP BY customer_id)
SELECT CASE WHEN o.customer_id IS NULL THEN 'guest'
            WHEN f.fo >= '2026-05-01' THEN 'new' ELSE 'returning' END AS segment,
       count(*) AS n, sum(o.revenue) AS r, sum(o.items)::numeric AS q
  FROM tg_orders o LEFT JOIN f USING (customer_id)
 WHERE o.ordered_at >= '2026-05-01' AND o.ordered_at < '2026-06-01'
 GROUP BY 1;
SELECT segment, n > 0 AS has_orders FROM tg_base ORDER BY segment;

-- The targets by the formula: overall target t spread as the same relative
-- change, or per-segment targets (a segment left out keeps its AOV); share
-- s of the log change through unit price, by default 1 for new and guest,
-- 0 for returning.
CREATE FUNCTION tg_ref(t numeric, targets jsonb, share numeric)
RETURNS TABLE (segment text, n bigint, orders_share float8, a0 numeric, up0 numeric, ipo0 numeric,
               s numeric, tgt numeric, up numeric, ipo numeric)
LANGUAGE sql AS $$
    WITH b AS (SELECT *, sum(n) OVER () AS nn, sum(r) OVER () AS rr FROM tg_base),
    g AS (SELECT b.*, r / n AS a, r / q AS p, q / n AS m,
                 CASE WHEN t IS NOT NULL THEN (r / n) * t / (rr / nn)
                      ELSE (targets ->> b.segment)::numeric END AS tg,
                 coalesce(share, CASE b.segment WHEN 'returning' THEN 0 ELSE 1 END) AS sh
            FROM b)
    SELECT g.segment, g.n, (g.n::float8 / g.nn), g.a, g.p, g.m,
           CASE WHEN g.tg IS NOT NULL THEN g.sh END, coalesce(g.tg, g.a),
           g.p * power(coalesce(g.tg, g.a) / g.a, CASE WHEN g.tg IS NULL THEN 0 ELSE g.sh END),
           g.m * power(coalesce(g.tg, g.a) / g.a, CASE WHEN g.tg IS NULL THEN 0 ELSE 1 - g.sh END)
      FROM g
$$;

CREATE FUNCTION tg_close(a numeric, b numeric, tol numeric DEFAULT 1e-12) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$
    SELECT (a IS NULL AND b IS NULL) OR abs(a - b) <= tol * greatest(1, abs(b))
$$;

-- Every field of every row against the reference; the products; the lever
-- that holds one factor exactly; the 'all' row as the segments at today's
-- mix.  The rows that differ (expected: none).
CREATE FUNCTION tg_diff(got regclass, t numeric, targets jsonb, share numeric)
RETURNS TABLE (segment text, what text) LANGUAGE plpgsql AS $$
BEGIN
    RETURN QUERY EXECUTE format($q$
        WITH r AS (SELECT * FROM tg_ref($1, $2, $3)),
        mix AS (SELECT sum(r.n) AS nn, sum(r.n * r.tgt) AS trev, sum(r.n * r.ipo) AS titems,
                       sum(b.r) AS rr, sum(b.q) AS qq FROM r JOIN tg_base b USING (segment))
        SELECT g.segment, w.what
          FROM %s g LEFT JOIN r USING (segment) CROSS JOIN mix
         CROSS JOIN LATERAL (VALUES
            ('row', g.segment <> 'all' AND r.segment IS NULL),
            ('orders', g.orders <> coalesce(r.n, mix.nn)),
            ('orders_share', abs(g.orders_share - coalesce(r.orders_share, 1)) > 1e-15),
            ('aov', NOT tg_close(g.aov, coalesce(r.a0, mix.rr / mix.nn))),
            ('unit_price', NOT tg_close(g.unit_price, coalesce(r.up0, mix.rr / mix.qq))),
            ('items_per_order', NOT tg_close(g.items_per_order, coalesce(r.ipo0, mix.qq / mix.nn))),
            ('unit_price_share', g.unit_price_share IS DISTINCT FROM r.s),
            ('lever', g.lever IS DISTINCT FROM CASE WHEN g.segment = 'all' THEN 'mix' WHEN r.s IS NULL THEN 'none'
                                                    WHEN r.s = 1 THEN 'unit_price' WHEN r.s = 0 THEN 'items_per_order'
                                                    ELSE 'split' END),
            ('target_aov', NOT tg_close(g.target_aov, coalesce(r.tgt, mix.trev / mix.nn))),
            ('target_unit_price', NOT tg_close(g.target_unit_price, coalesce(r.up, mix.trev / mix.titems))),
            ('target_items_per_order', NOT tg_close(g.target_items_per_order, coalesce(r.ipo, mix.titems / mix.nn))),
            ('aov_change', NOT tg_close(g.aov_change, coalesce(r.tgt / r.a0, mix.trev / mix.rr) - 1)),
            ('unit_price_change', NOT tg_close(g.unit_price_change, coalesce(r.up / r.up0, mix.trev / mix.titems / (mix.rr / mix.qq)) - 1)),
            ('items_per_order_change', NOT tg_close(g.items_per_order_change, coalesce(r.ipo / r.ipo0, mix.titems / mix.qq) - 1)),
            -- the factors multiply back to the target: only the 20th
            -- decimal of the factor that moves is rounded
            ('product', g.lever <> 'none' AND (g.target_product <> g.target_unit_price * g.target_items_per_order
                OR abs(g.target_unit_price * g.target_items_per_order - g.target_aov) > 1e-18 * g.target_aov
                OR NOT g.product_matches)),
            ('no check without a target', g.lever = 'none' AND (g.target_product IS NOT NULL OR g.product_matches IS NOT NULL)),
            -- the lever's other factor is held exactly
            ('held factor', (g.lever = 'unit_price' AND g.target_items_per_order <> g.items_per_order)
                OR (g.lever = 'items_per_order' AND g.target_unit_price <> g.unit_price)
                OR (g.lever = 'none' AND (g.target_aov, g.target_unit_price, g.target_items_per_order)
                                          <> (g.aov, g.unit_price, g.items_per_order))),
            -- an overall target is met at today's mix
            ('overall', g.segment = 'all' AND $1 IS NOT NULL AND (g.target_aov <> $1
                OR abs((SELECT sum(x.orders_share::numeric * x.target_aov) FROM %1$s x WHERE x.segment <> 'all') - $1) > 1e-12 * $1))
         ) AS w(what, bad)
         WHERE w.bad IS NOT FALSE
        UNION ALL
        SELECT r.segment, 'missing' FROM r WHERE r.segment NOT IN (SELECT x.segment FROM %1$s x)
        $q$, got) USING t, targets, share;
END $$;

-- An overall target of 60 by the lever rule: new and guests through unit
-- price, returning customers through items per order.
CREATE TABLE got1 AS
SELECT * FROM aov_targets('tg_orders', tstzrange('2026-05-01', '2026-06-01'), target_aov => 60);
SELECT segment, lever, unit_price_share, orders, product_matches FROM got1;
SELECT * FROM tg_diff('got1', 60, NULL, NULL);
-- the same relative change for every segment
SELECT count(DISTINCT round(aov_change, 15)) AS aov_changes FROM got1;

-- A lower target (a cut) and a large one.
CREATE TABLE got2 AS
SELECT * FROM aov_targets('tg_orders', tstzrange('2026-05-01', '2026-06-01'), target_aov => 31.5);
SELECT * FROM tg_diff('got2', 31.5, NULL, NULL);
CREATE TABLE got3 AS
SELECT * FROM aov_targets('tg_orders', tstzrange('2026-05-01', '2026-06-01'), target_aov => 1234.567);
SELECT * FROM tg_diff('got3', 1234.567, NULL, NULL);

-- Per-segment targets; guests keep their AOV and the 'all' row is the
-- result at today's mix.
CREATE TABLE got4 AS
SELECT * FROM aov_targets('tg_orders', tstzrange('2026-05-01', '2026-06-01'),
                          segment_targets => '{"new": 70, "returning": 55.55}');
SELECT segment, lever, unit_price_share, product_matches FROM got4;
SELECT * FROM tg_diff('got4', NULL, '{"new": 70, "returning": 55.55}', NULL);

-- Fixed splits: all through unit price, all through items per order, and
-- a quarter of the log change through unit price.
CREATE TABLE got5 AS
SELECT * FROM aov_targets('tg_orders', tstzrange('2026-05-01', '2026-06-01'), target_aov => 60, unit_price_share => 1);
SELECT * FROM tg_diff('got5', 60, NULL, 1);
CREATE TABLE got6 AS
SELECT * FROM aov_targets('tg_orders', tstzrange('2026-05-01', '2026-06-01'), target_aov => 60, unit_price_share => 0);
SELECT * FROM tg_diff('got6', 60, NULL, 0);
CREATE TABLE got7 AS
SELECT * FROM aov_targets('tg_orders', tstzrange('2026-05-01', '2026-06-01'),
                          segment_targets => '{"new": 50, "guest": 70}', unit_price_share => 0.25);
SELECT segment, lever, unit_price_share FROM got7;
SELECT * FROM tg_diff('got7', NULL, '{"new": 50, "guest": 70}', 0.25);
-- the split of the log change: ln(unit price change) = s ln(AOV change)
SELECT segment FROM got7
 WHERE lever = 'split'
   AND abs(ln(1 + unit_price_change) - 0.25 * ln(1 + aov_change)) > 1e-12;

-- The composable form on summaries made by plain GROUP BY gives the same rows.
CREATE TABLE tg_sums AS
WITH f AS (SELECT customer_id, min(ordered_at) AS fo FROM tg_orders GROUP BY customer_id)
SELECT CASE WHEN o.customer_id IS NULL THEN 'guest'
            WHEN f.fo >= '2026-05-01' THEN 'new' ELSE 'returning' END AS segment,
       aov_summary(o.revenue, o.items, o.customer_id) AS s
  FROM tg_orders o LEFT JOIN f USING (customer_id)
 WHERE o.ordered_at >= '2026-05-01' AND o.ordered_at < '2026-06-01'
 GROUP BY 1;
CREATE TABLE got8 AS
SELECT t.* FROM aov_targets((SELECT s FROM tg_sums WHERE segment = 'new'),
                            (SELECT s FROM tg_sums WHERE segment = 'returning'),
                            (SELECT s FROM tg_sums WHERE segment = 'guest'), target_aov => 60) t;
(SELECT * FROM got8 EXCEPT SELECT * FROM got1) UNION ALL (SELECT * FROM got1 EXCEPT SELECT * FROM got8);
-- without guests: no guest row
SELECT segment, lever FROM aov_targets((SELECT s FROM tg_sums WHERE segment = 'new'),
                                       (SELECT s FROM tg_sums WHERE segment = 'returning'), target_aov => 60);

-- Text customer ids and double precision revenue give the same targets
-- (to the float8 rounding of the revenue): the rows that differ.
CREATE VIEW tg_orders_f8 AS
SELECT order_id, 'c' || customer_id AS customer_id, ordered_at, revenue::float8 AS revenue, items FROM tg_orders;
SELECT count(*) AS rows, count(*) FILTER (WHERE b.product_matches) AS products_match
  FROM aov_targets('tg_orders_f8', tstzrange('2026-05-01', '2026-06-01'), target_aov => 60) b;
SELECT a.segment
  FROM got1 a FULL JOIN aov_targets('tg_orders_f8', tstzrange('2026-05-01', '2026-06-01'), target_aov => 60) b USING (segment)
 WHERE a.orders IS DISTINCT FROM b.orders OR a.lever IS DISTINCT FROM b.lever
    OR NOT tg_close(a.target_aov, b.target_aov) OR NOT tg_close(a.target_unit_price, b.target_unit_price)
    OR NOT tg_close(a.target_items_per_order, b.target_items_per_order);

-- Errors.
SELECT q, expect_error_hint(q) FROM (VALUES
    ($$SELECT * FROM aov_targets('tg_orders', tstzrange('2026-05-01', '2026-06-01'))$$),
    ($$SELECT * FROM aov_targets('tg_orders', tstzrange('2026-05-01', '2026-06-01'), 60, '{"new": 70}')$$),
    ($$SELECT * FROM aov_targets('tg_orders', tstzrange('2026-05-01', '2026-06-01'), target_aov => 0)$$),
    ($$SELECT * FROM aov_targets('tg_orders', tstzrange('2026-05-01', '2026-06-01'), target_aov => -5)$$),
    ($$SELECT * FROM aov_targets('tg_orders', tstzrange('2026-05-01', '2026-06-01'), target_aov => 'NaN')$$),
    ($$SELECT * FROM aov_targets('tg_orders', tstzrange('2026-05-01', '2026-06-01'), target_aov => 'Infinity')$$),
    ($$SELECT * FROM aov_targets('tg_orders', tstzrange('2026-05-01', '2026-06-01'), segment_targets => '[70]')$$),
    ($$SELECT * FROM aov_targets('tg_orders', tstzrange('2026-05-01', '2026-06-01'), segment_targets => '{}')$$),
    ($$SELECT * FROM aov_targets('tg_orders', tstzrange('2026-05-01', '2026-06-01'), segment_targets => '{"new": 70, "vip": 90}')$$),
    ($$SELECT * FROM aov_targets('tg_orders', tstzrange('2026-05-01', '2026-06-01'), segment_targets => '{"new": "70"}')$$),
    ($$SELECT * FROM aov_targets('tg_orders', tstzrange('2026-05-01', '2026-06-01'), segment_targets => '{"new": null}')$$),
    ($$SELECT * FROM aov_targets('tg_orders', tstzrange('2026-05-01', '2026-06-01'), segment_targets => '{"returning": 0}')$$),
    ($$SELECT * FROM aov_targets('tg_orders', tstzrange('2026-05-01', '2026-06-01'), target_aov => 60, unit_price_share => 1.5)$$),
    ($$SELECT * FROM aov_targets('tg_orders', tstzrange('2026-05-01', '2026-06-01'), target_aov => 60, unit_price_share => -0.1)$$),
    ($$SELECT * FROM aov_targets('tg_orders', tstzrange('2026-05-01', '2026-06-01'), target_aov => 60, unit_price_share => 'NaN')$$),
    ($$SELECT * FROM aov_targets(NULL::regclass, tstzrange('2026-05-01', '2026-06-01'), target_aov => 60)$$),
    ($$SELECT * FROM aov_targets('tg_orders', NULL::tstzrange, target_aov => 60)$$),
    ($$SELECT * FROM aov_targets('tg_orders', 'empty'::tstzrange, target_aov => 60)$$),
    ($$SELECT * FROM aov_targets('tg_orders', tstzrange('2027-01-01', '2027-02-01'), target_aov => 60)$$),
    ($$SELECT * FROM aov_targets('tg_orders', tstzrange('2026-05-01', '2026-06-01'), target_aov => 60, revenue_column => 'nope')$$),
    -- June has no new customers
    ($$SELECT * FROM aov_targets('tg_orders', tstzrange('2026-06-01', '2026-07-01'), segment_targets => '{"new": 60}')$$)
) v(q);

-- Zero items and a baseline AOV that is not positive, on summaries.
CREATE TABLE tg_odd AS
SELECT aov_summary(r, q, c) FILTER (WHERE k = 'noitems') AS noitems,
       aov_summary(r, q, c) FILTER (WHERE k = 'ok') AS ok,
       aov_summary(r, q, c) FILTER (WHERE k = 'free') AS free
  FROM (VALUES ('noitems', 12.00::numeric, 0, 1::bigint), ('noitems', 8.00, 0, 2),
               ('ok', 30.00, 3, 3), ('ok', 10.00, 1, 4),
               ('free', 0.00, 2, 5)) v(k, r, q, c);
SELECT q, expect_error_hint(q) FROM (VALUES
    -- the lever of new customers is unit price, undefined without items
    ($$SELECT * FROM aov_targets((SELECT noitems FROM tg_odd), (SELECT ok FROM tg_odd), target_aov => 20)$$),
    -- all through items per order: still no unit price to hold
    ($$SELECT * FROM aov_targets((SELECT noitems FROM tg_odd), (SELECT ok FROM tg_odd), target_aov => 20, unit_price_share => 0)$$),
    -- a segment without a target keeps its (undefined) unit price: no error
    ($$SELECT * FROM aov_targets((SELECT noitems FROM tg_odd), (SELECT ok FROM tg_odd), segment_targets => '{"returning": 25}')$$),
    ($$SELECT * FROM aov_targets((SELECT free FROM tg_odd), NULL, target_aov => 20)$$),
    ($$SELECT * FROM aov_targets((SELECT free FROM tg_odd), (SELECT ok FROM tg_odd), segment_targets => '{"new": 5}')$$),
    ($$SELECT * FROM aov_targets(NULL::aov_summary, NULL, target_aov => 20)$$),
    ($$SELECT * FROM aov_targets((SELECT ok FROM tg_odd), NULL, segment_targets => '{"returning": 20}')$$)
) v(q);
-- the segment without a target, beside one with
SELECT segment, lever, target_aov, target_unit_price, unit_price_change, target_product
  FROM aov_targets((SELECT noitems FROM tg_odd), (SELECT ok FROM tg_odd), segment_targets => '{"returning": 25}');

-- Forced parallel gives the same rows, digit for digit: the first orders
-- and the segments' summaries are partial aggregates in the workers.
SELECT * INTO TEMP tg_serial FROM aov_targets('tg_orders', tstzrange('2026-05-01', '2026-06-01'), target_aov => 60);
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
SELECT parallel_plan($$SELECT _aov_firsts(customer_id, ordered_at) FROM tg_orders$$);
SELECT * INTO TEMP tg_par FROM aov_targets('tg_orders', tstzrange('2026-05-01', '2026-06-01'), target_aov => 60);
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
RESET max_parallel_workers_per_gather;
SELECT count(*) AS parallel_differs, (SELECT count(*) FROM tg_serial) AS rows
  FROM tg_par p FULL JOIN tg_serial s USING (segment)
 WHERE p::text IS DISTINCT FROM s::text;

-- The period range checks that aov_targets shares with diagnose_aov_drop
-- and aov_threshold_effect (_aov_check_ranges): message, detail and hint
-- of each, as each function raised them before they were shared.
SELECT expect_error_hint(q) FROM (VALUES
    ($$SELECT * FROM diagnose_aov_drop('tg_orders', 'empty'::tstzrange, tstzrange('2026-05-01', '2026-06-01'))$$),
    ($$SELECT * FROM diagnose_aov_drop('tg_orders', tstzrange('2026-04-01', '2026-05-01'), 'empty'::tstzrange)$$),
    ($$SELECT * FROM diagnose_aov_drop('tg_orders', tstzrange('2026-04-01', '2026-05-02'), tstzrange('2026-05-01', '2026-06-01'))$$),
    ($$SELECT * FROM diagnose_aov_drop('tg_orders', tstzrange('2026-05-01', '2026-06-01'), tstzrange('2026-04-01', '2026-05-01'))$$),
    ($$SELECT * FROM aov_threshold_effect('tg_orders', 50, 'empty'::tstzrange, tstzrange('2026-05-01', '2026-06-01'), 5)$$),
    ($$SELECT * FROM aov_threshold_effect('tg_orders', 50, tstzrange('2026-04-01', '2026-05-01'), 'empty'::tstzrange, 5)$$),
    ($$SELECT * FROM aov_threshold_effect('tg_orders', 50, tstzrange('2026-04-01', '2026-05-02'), tstzrange('2026-05-01', '2026-06-01'), 5)$$),
    ($$SELECT * FROM aov_targets('tg_orders', 'empty'::tstzrange, target_aov => 60)$$)
) v(q);
