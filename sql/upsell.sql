--
-- upsell: aov_upsell against a plain SQL ranking of the same rows: the
-- alternatives (same group, dearer, not in the cart, within max_step and
-- max_price, bought in at least min_orders orders), their counts, shares,
-- repeat rates and AOV effect; a customer's budget against percentile_cont
-- and ref_trimmed over their order values; budget exclusion and flags with
-- planted customers; the new-customer ordering; serial and forced
-- parallel; and the errors of bad input.
--
SET TimeZone = 'UTC';

-- 6 groups of 8 products, prices rising by 9% a step inside a group (two
-- products of a group share a price, for ties), ratings and return rates
-- with NULLs, a product without a group, one exactly 30% dearer than P08
-- (PY) and one 30% dearer than P00 that is never bought (PZ).
CREATE TABLE up_cat AS
SELECT 'P' || lpad(i::text, 2, '0') AS product_id,
       'g' || (i / 8) AS category,
       round((10 + 5 * (i / 8)) * (1 + 0.09 * CASE WHEN i % 8 = 4 THEN 3 ELSE i % 8 END), 2)::numeric(10,2) AS price,
       CASE WHEN i % 8 <> 7 THEN round((3 + 2 * test_rnd(i, 'up-rating'))::numeric, 1) END::float8 AS rating,
       CASE WHEN i % 8 <> 6 THEN round((0.2 * test_rnd(i, 'up-return'))::numeric, 3) END AS return_rate
  FROM generate_series(0, 47) i
UNION ALL SELECT 'PX', NULL, 7.50, 4.0, 0.01
UNION ALL SELECT 'PY', 'g1', 19.50, 4.4, 0.02
UNION ALL SELECT 'PZ', 'g0', 13.00, 5.0, 0.00;

-- 600 orders of 70 customers and guests (every 10th), over a year.
CREATE TABLE up_orders AS
SELECT i::bigint AS order_id,
       CASE WHEN i % 10 <> 0 THEN 1 + floor(70 * test_rnd(i, 'up-cust'))::int END::bigint AS customer_id,
       timestamptz '2026-01-01' + i * interval '14 hours' AS ordered_at
  FROM generate_series(1, 600) i;

-- 1 to 3 lines an order; cheap products of a group sell more; quantity 1
-- to 3; line revenue at 90% to 100% of the list price, NULL on every 13th
-- line (read at the catalogue price then); a few returns (quantity 0 or
-- less) and lines of orders missing from up_orders.
CREATE TABLE up_lines AS
SELECT o AS order_id, j AS line_no,
       'P' || lpad((8 * floor(6 * test_rnd(o * 4 + j, 'up-grp'))
                    + floor(8 * test_rnd(o * 4 + j, 'up-prod') ^ 2))::int::text, 2, '0') AS product_id,
       CASE WHEN (o * 4 + j) % 41 = 0 THEN 0 ELSE 1 + floor(3 * test_rnd(o * 4 + j, 'up-qty'))::int END AS quantity
  FROM generate_series(1, 620) o,
       generate_series(1, 1 + floor(3 * test_rnd(o, 'up-lines'))::int) j;
ALTER TABLE up_lines ADD COLUMN revenue numeric(12,2);
UPDATE up_lines l SET revenue = round(l.quantity * c.price * (0.9 + 0.1 * test_rnd(l.order_id * 4 + l.line_no, 'up-rev'))::numeric, 2)
  FROM up_cat c WHERE c.product_id = l.product_id AND (l.order_id * 4 + l.line_no) % 13 <> 0;

INSERT INTO up_lines VALUES (3, 9, 'PY', 1, 19.50), (50, 9, 'PY', 2, 39.00), (77, 9, 'PY', 1, NULL);

-- Planted customers: 9001 budget-limited (four small orders of cheap
-- products), 9002 one order (new), 9003 no orders (new, no budget), 9004
-- big spender.
INSERT INTO up_orders VALUES (9001, 9001, '2026-03-01'), (9002, 9001, '2026-04-01'), (9003, 9001, '2026-05-01'),
                             (9004, 9001, '2026-06-01'), (9005, 9002, '2026-06-02'),
                             (9006, 9004, '2026-06-03'), (9007, 9004, '2026-06-04');
INSERT INTO up_lines VALUES (9001, 1, 'P00', 1, 10.00), (9002, 1, 'P08', 1, 14.50), (9003, 1, 'P01', 1, 10.90),
                            (9003, 2, 'P00', 1, 9.80), (9004, 1, 'P16', 1, NULL), (9005, 1, 'P17', 2, 43.60),
                            (9006, 1, 'P47', 3, 178.50), (9007, 1, 'P41', 4, 160.00), (9007, 2, 'P46', 2, 100.00);

-- The rows of the sample: lines, orders, customers, guests, repeat buyers.
SELECT (SELECT count(*) FROM up_lines) AS lines,
       (SELECT count(DISTINCT order_id) FROM up_lines JOIN up_orders USING (order_id) WHERE quantity > 0) AS orders,
       (SELECT count(DISTINCT customer_id) FROM up_orders) AS customers,
       (SELECT count(*) FROM up_orders WHERE customer_id IS NULL) AS guest_orders;

-- ---------------------------------------------------------------------
-- The reference: every count straight from the tables, the ranking by an
-- explicit ORDER BY.  ub and ob are the customer's unit-price and
-- order-value budgets (NULL: none); seg the ranking used.
-- ---------------------------------------------------------------------
CREATE FUNCTION up_ref(cart text[], seg text, ub numeric DEFAULT NULL, ob numeric DEFAULT NULL,
                       max_step float8 DEFAULT 0.3, max_price numeric DEFAULT NULL, one_in float8 DEFAULT 10,
                       k int DEFAULT 3, min_orders bigint DEFAULT 1, exclude boolean DEFAULT true)
RETURNS TABLE (product text, alternative text, product_price numeric, alternative_price numeric,
               price_step numeric, price_step_rel float8, orders bigint, customers bigint, units numeric,
               group_share float8, repeat_rate float8, rating float8, return_rate float8, aov_effect numeric,
               within_budget boolean, over_budget text, segment text, rank int)
LANGUAGE sql AS $$
    WITH sold AS (SELECT l.*, o.customer_id FROM up_lines l JOIN up_orders o USING (order_id) WHERE l.quantity > 0),
    n AS (SELECT count(DISTINCT order_id) AS n FROM sold),
    pairs AS (
        SELECT b.product_id AS product, a.product_id AS alternative, b.price AS product_price,
               a.price AS alternative_price, a.price - b.price AS price_step,
               (a.price - b.price)::float8 / b.price::float8 AS price_step_rel,
               (SELECT count(DISTINCT order_id) FROM sold WHERE product_id = a.product_id) AS orders,
               (SELECT count(DISTINCT customer_id) FROM sold WHERE product_id = a.product_id) AS customers,
               (SELECT coalesce(sum(quantity), 0) FROM sold WHERE product_id = a.product_id)::numeric AS units,
               (SELECT sum(quantity) FROM sold WHERE product_id = a.product_id)::float8
                 / (SELECT sum(s.quantity) FROM sold s JOIN up_cat c USING (product_id)
                     WHERE c.category = a.category)::float8 AS group_share,
               (SELECT count(*) FILTER (WHERE m >= 2)::float8 / nullif(count(*), 0)::float8
                  FROM (SELECT customer_id, count(DISTINCT order_id) AS m FROM sold
                         WHERE product_id = a.product_id AND customer_id IS NOT NULL GROUP BY 1) r) AS repeat_rate,
               a.rating, a.return_rate::float8 AS return_rate,
               (a.price - b.price) * (SELECT count(DISTINCT order_id) FROM sold WHERE product_id = b.product_id)
                 / one_in::numeric / (SELECT n FROM n) AS aov_effect,
               CASE WHEN ub IS NOT NULL THEN NOT (a.price > ub OR (SELECT sum(price) FROM up_cat WHERE product_id = ANY (cart)) + a.price - b.price > ob) END
                 AS within_budget,
               nullif(concat_ws(', ', CASE WHEN a.price > ub THEN 'unit price' END,
                                CASE WHEN (SELECT sum(price) FROM up_cat WHERE product_id = ANY (cart)) + a.price - b.price > ob
                                     THEN 'order value' END), '') AS over_budget,
               array_position(cart, b.product_id) AS pos
          FROM up_cat b JOIN up_cat a ON a.category = b.category
         WHERE b.product_id = ANY (cart) AND NOT a.product_id = ANY (cart) AND a.price > b.price
           AND (a.price - b.price)::float8 / b.price::float8 <= max_step
           AND (max_price IS NULL OR a.price <= max_price)),
    kept AS (SELECT * FROM pairs WHERE orders >= min_orders AND NOT (exclude AND within_budget IS FALSE)),
    ranked AS (
        SELECT kept.*, row_number() OVER (PARTITION BY product ORDER BY within_budget IS FALSE,
                   CASE WHEN seg = 'new' THEN orders END DESC,
                   CASE WHEN seg = 'new' THEN rating END DESC NULLS LAST,
                   CASE WHEN seg = 'new' THEN return_rate END ASC NULLS LAST,
                   CASE WHEN seg = 'new' THEN price_step END ASC,
                   aov_effect DESC, orders DESC, alternative COLLATE "C")::int AS rank
          FROM kept)
    SELECT product, alternative, product_price, alternative_price, price_step, price_step_rel, orders, customers,
           units, group_share, repeat_rate, rating, return_rate, aov_effect, within_budget, over_budget, seg, rank
      FROM ranked WHERE rank <= k
$$;

-- The rows of a call and of the reference that differ (none expected),
-- float8 within 1e-12 relative, numeric effect within 1e-15.
CREATE FUNCTION up_close(a float8, b float8) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$
    SELECT (a IS NULL AND b IS NULL) OR abs(a - b) <= 1e-12 * greatest(1, abs(b)) $$;
CREATE FUNCTION up_diff(got text, ref text) RETURNS TABLE (side text, product text, alternative text, rank int)
LANGUAGE plpgsql AS $$
BEGIN
    RETURN QUERY EXECUTE format($q$
        SELECT CASE WHEN g.product IS NULL THEN 'reference only' WHEN r.product IS NULL THEN 'got only'
                    ELSE 'differs' END, coalesce(g.product, r.product), coalesce(g.alternative, r.alternative),
               coalesce(g.rank, r.rank)
          FROM (%s) g FULL JOIN (%s) r ON g.product = r.product AND g.alternative = r.alternative
         WHERE g.product IS NULL OR r.product IS NULL
            OR (g.product_price, g.alternative_price, g.price_step, g.orders, g.customers, g.units, g.rating,
                g.within_budget, g.over_budget, g.segment, g.rank)
               IS DISTINCT FROM (r.product_price, r.alternative_price, r.price_step, r.orders, r.customers,
                                 r.units, r.rating, r.within_budget, r.over_budget, r.segment, r.rank)
            OR NOT up_close(g.price_step_rel, r.price_step_rel) OR NOT up_close(g.group_share, r.group_share)
            OR NOT up_close(g.repeat_rate, r.repeat_rate) OR NOT up_close(g.return_rate, r.return_rate)
            OR NOT coalesce(abs(g.aov_effect - r.aov_effect) <= 1e-15, g.aov_effect IS NULL AND r.aov_effect IS NULL)
         ORDER BY 2, 4 $q$, got, ref);
END $$;

-- ---------------------------------------------------------------------
-- Candidates: every product of the catalogue as a one-product cart, and
-- carts of several products (alternatives in the cart are not offered),
-- with the defaults and with other steps, caps, floors and take rates.
-- ---------------------------------------------------------------------
CREATE TABLE up_got AS
SELECT u.* FROM up_cat c,
     aov_upsell('up_cat', 'up_lines', ARRAY[c.product_id], order_table => 'up_orders', k => 8,
                rating_column => 'rating', return_rate_column => 'return_rate', line_revenue_column => 'revenue') u;
CREATE TABLE up_want AS
SELECT r.* FROM up_cat c, up_ref(ARRAY[c.product_id], 'returning', k => 8) r;
SELECT * FROM up_diff('SELECT * FROM up_got', 'SELECT * FROM up_want');
-- not vacuous: candidates, products with some, steps at exactly +30% kept,
-- never-bought alternatives left out, ties in price
SELECT count(*) AS candidates, count(DISTINCT product) AS products_with_candidates,
       count(*) FILTER (WHERE price_step_rel = 0.3) AS at_max_step,
       (SELECT count(*) FROM up_cat a JOIN up_cat b USING (category)
         WHERE a.price = b.price AND a.product_id < b.product_id) AS price_ties,
       count(*) FILTER (WHERE repeat_rate > 0) AS with_repeat_buyers,
       count(*) FILTER (WHERE rating IS NULL) AS unrated
  FROM up_got;
-- PZ is never bought: left out by the default min_orders 1, there with 0
SELECT count(*) FILTER (WHERE alternative = 'PZ') AS pz_default,
       (SELECT count(*) FROM aov_upsell('up_cat', 'up_lines', ARRAY['P00'], min_orders => 0, k => 8)
         WHERE alternative = 'PZ' AND orders = 0) AS pz_min_orders_0
  FROM up_got;

SELECT * FROM up_diff($$SELECT * FROM aov_upsell('up_cat', 'up_lines', ARRAY['P00', 'P02', 'P17', 'P33', 'PX'],
                          order_table => 'up_orders', rating_column => 'rating', return_rate_column => 'return_rate',
                          max_step => 0.5, one_in => 4, k => 2, min_orders => 5)$$,
                      $$SELECT * FROM up_ref(ARRAY['P00', 'P02', 'P17', 'P33', 'PX'], 'returning', max_step => 0.5,
                                             one_in => 4, k => 2, min_orders => 5)$$);
SELECT * FROM up_diff($$SELECT * FROM aov_upsell('up_cat', 'up_lines', ARRAY['P24', 'P25'], order_table => 'up_orders',
                          rating_column => 'rating', return_rate_column => 'return_rate', max_step => 'Infinity',
                          max_price => 35, k => 10)$$,
                      $$SELECT * FROM up_ref(ARRAY['P24', 'P25'], 'returning', max_step => 'Infinity',
                                             max_price => 35, k => 10)$$);
-- the cart keeps its order and its first position; a repeated id is one product
SELECT product, string_agg(alternative, ' ' ORDER BY rank) AS offers
  FROM aov_upsell('up_cat', 'up_lines', ARRAY['P33', 'P00', 'P33'], order_table => 'up_orders', k => 2)
 GROUP BY product ORDER BY min(rank), product;
SELECT string_agg(product, ' ') AS cart_order
  FROM aov_upsell('up_cat', 'up_lines', ARRAY['P33', 'P00', 'P33'], order_table => 'up_orders', k => 1);

-- Without the orders relation: every line counts, customers and repeat
-- rates are unknown (NULL).
SELECT count(*) AS rows, count(customers) AS customers_known, count(repeat_rate) AS repeat_known,
       count(*) FILTER (WHERE u.orders = r.n) AS orders_match
  FROM aov_upsell('up_cat', 'up_lines', ARRAY['P00', 'P08'], k => 8) u
  JOIN LATERAL (SELECT count(DISTINCT order_id) AS n FROM up_lines
                 WHERE product_id = u.alternative AND quantity > 0) r ON true;

-- until: only orders before it count (the whole reference, on a copy)
CREATE TABLE up_orders_all AS SELECT * FROM up_orders;
DELETE FROM up_orders WHERE ordered_at >= '2026-06-01';
CREATE TABLE up_want_until AS
SELECT r.* FROM (VALUES ('P00'), ('P09'), ('P40')) c(p), up_ref(ARRAY[c.p], 'returning', k => 8) r;
TRUNCATE up_orders;
INSERT INTO up_orders SELECT * FROM up_orders_all;
SELECT * FROM up_diff($$SELECT u.* FROM (VALUES ('P00'), ('P09'), ('P40')) c(p),
                          aov_upsell('up_cat', 'up_lines', ARRAY[c.p], order_table => 'up_orders', until => '2026-06-01',
                                     rating_column => 'rating', return_rate_column => 'return_rate', k => 8) u$$,
                      'SELECT * FROM up_want_until');
SELECT count(*) AS until_rows FROM up_want_until;

-- ---------------------------------------------------------------------
-- A customer's budget: the 90% quantile (percentile_cont) and a trimmed
-- mean (ref_trimmed) of their order values and per-order unit prices,
-- a line's value its revenue or else quantity x list price.
-- ---------------------------------------------------------------------
CREATE VIEW up_hist AS
SELECT o.customer_id, l.order_id, sum(coalesce(l.revenue, l.quantity * c.price)) AS v, sum(l.quantity) AS q
  FROM up_lines l JOIN up_orders o USING (order_id) JOIN up_cat c USING (product_id)
 WHERE l.quantity > 0 GROUP BY 1, 2;
SELECT h.customer_id, count(*) AS history_orders,
       abs(u.budget_order_value - percentile_cont(0.9) WITHIN GROUP (ORDER BY h.v)::numeric) < 1e-9 AS order_q90_ok,
       abs(u.budget_unit_price - percentile_cont(0.9) WITHIN GROUP (ORDER BY h.v / h.q)::numeric) < 1e-9 AS unit_q90_ok,
       abs(t.budget_order_value - ref_trimmed(array_agg(h.v), 0.2)) < 1e-12 AS order_trim_ok,
       abs(t.budget_unit_price - ref_trimmed(array_agg(h.v / h.q), 0.2)) < 1e-12 AS unit_trim_ok
  FROM up_hist h
  CROSS JOIN LATERAL (SELECT * FROM aov_upsell('up_cat', 'up_lines', ARRAY['P00'], customer => h.customer_id::text,
                                               order_table => 'up_orders', line_revenue_column => 'revenue',
                                               budget_action => 'flag', max_step => 'Infinity', k => 1)) u
  CROSS JOIN LATERAL (SELECT * FROM aov_upsell('up_cat', 'up_lines', ARRAY['P00'], customer => h.customer_id::text,
                                               order_table => 'up_orders', line_revenue_column => 'revenue',
                                               budget_action => 'flag', max_step => 'Infinity', k => 1,
                                               budget_statistic => 'trimmed', budget_level => 0.2)) t
 WHERE h.customer_id IN (3, 17, 9001, 9004)
 GROUP BY h.customer_id, u.budget_order_value, u.budget_unit_price, t.budget_order_value, t.budget_unit_price
 ORDER BY 1;

-- The budget-limited customer 9001: their 90% quantiles are the reference
-- budgets; excluded alternatives are exactly those flagged, and the flags
-- are the reference's.
CREATE TABLE up_b AS
SELECT percentile_cont(0.9) WITHIN GROUP (ORDER BY v)::numeric AS ob,
       percentile_cont(0.9) WITHIN GROUP (ORDER BY v / q)::numeric AS ub
  FROM up_hist WHERE customer_id = 9001;
SELECT round(ob, 4) AS order_value_budget, round(ub, 4) AS unit_price_budget FROM up_b;
CREATE TABLE up_flag AS
SELECT * FROM aov_upsell('up_cat', 'up_lines', ARRAY['P08'], customer => '9001', order_table => 'up_orders',
                         line_revenue_column => 'revenue', rating_column => 'rating', return_rate_column => 'return_rate',
                         budget_action => 'flag', k => 8);
-- the budgets as the reference computed them (within 1e-9), then the rows
SELECT count(*) FILTER (WHERE abs(budget_order_value - ob) >= 1e-9 OR abs(budget_unit_price - ub) >= 1e-9) AS budgets_differ
  FROM up_flag, up_b;
SELECT * FROM up_diff('SELECT * FROM up_flag',
                      $$SELECT r.* FROM up_b, up_ref(ARRAY['P08'], 'returning', ub => (SELECT budget_unit_price FROM up_flag LIMIT 1),
                                                     ob => (SELECT budget_order_value FROM up_flag LIMIT 1), k => 8, exclude => false) r$$);
SELECT product, alternative, alternative_price, within_budget, over_budget, rank FROM up_flag ORDER BY product, rank;
-- exclude (the default) keeps the rows within budget, ranked among themselves
SELECT * FROM up_diff($$SELECT * FROM aov_upsell('up_cat', 'up_lines', ARRAY['P08'], customer => '9001',
                          order_table => 'up_orders', line_revenue_column => 'revenue', rating_column => 'rating',
                          return_rate_column => 'return_rate', k => 8)$$,
                      $$SELECT r.* FROM up_ref(ARRAY['P08'], 'returning', ub => (SELECT budget_unit_price FROM up_flag LIMIT 1),
                                               ob => (SELECT budget_order_value FROM up_flag LIMIT 1), k => 8) r$$);
SELECT count(*) FILTER (WHERE within_budget IS FALSE) AS over_budget_rows,
       count(*) FILTER (WHERE within_budget) AS within_budget_rows
  FROM up_flag;
-- a cart of two is over the order-value budget whatever the step
SELECT product, alternative, over_budget
  FROM aov_upsell('up_cat', 'up_lines', ARRAY['P00', 'P08'], customer => '9001', order_table => 'up_orders',
                  line_revenue_column => 'revenue', budget_action => 'flag', k => 1);
-- the big spender 9004 is offered everything within the step
SELECT count(*) FILTER (WHERE within_budget) AS within, count(*) AS offered
  FROM aov_upsell('up_cat', 'up_lines', ARRAY['P40', 'P41'], customer => '9004', order_table => 'up_orders', k => 8);

-- ---------------------------------------------------------------------
-- New customers: one order (9002) or none (9003, no budget): ranked by
-- orders, then rating, return rate and the smaller step.
-- ---------------------------------------------------------------------
SELECT * FROM up_diff($$SELECT * FROM aov_upsell('up_cat', 'up_lines', ARRAY['P08', 'P24'], customer => '9002',
                          order_table => 'up_orders', rating_column => 'rating', return_rate_column => 'return_rate',
                          line_revenue_column => 'revenue', budget_action => 'flag', k => 8)$$,
                      $$SELECT * FROM up_ref(ARRAY['P08', 'P24'], 'new', ub => 21.80, ob => 43.60, k => 8, exclude => false)$$);
SELECT * FROM up_diff($$SELECT * FROM aov_upsell('up_cat', 'up_lines', ARRAY['P08', 'P24'], customer => '9003',
                          order_table => 'up_orders', rating_column => 'rating', return_rate_column => 'return_rate', k => 8)$$,
                      $$SELECT * FROM up_ref(ARRAY['P08', 'P24'], 'new', k => 8)$$);
-- the two orderings differ on this cart (else the checks above prove little)
SELECT n.product, string_agg(n.alternative, ' ' ORDER BY n.rank) AS new_order,
       (SELECT string_agg(r.alternative, ' ' ORDER BY r.rank)
          FROM aov_upsell('up_cat', 'up_lines', ARRAY['P08', 'P24'], order_table => 'up_orders', k => 8) r
         WHERE r.product = n.product) AS returning_order
  FROM aov_upsell('up_cat', 'up_lines', ARRAY['P08', 'P24'], customer => '9003', order_table => 'up_orders',
                  rating_column => 'rating', k => 8) n
 GROUP BY n.product ORDER BY n.product;
SELECT DISTINCT segment, budget_unit_price, budget_order_value
  FROM aov_upsell('up_cat', 'up_lines', ARRAY['P08'], customer => '9003', order_table => 'up_orders');
-- ranking overrides the segment
SELECT DISTINCT segment FROM aov_upsell('up_cat', 'up_lines', ARRAY['P08'], customer => '9003',
                                        order_table => 'up_orders', ranking => 'returning');

-- ---------------------------------------------------------------------
-- Serial and forced parallel: the same rows (the lines and history are
-- read by parallel workers; the budget's trimmed mean is an aggregate).
-- ---------------------------------------------------------------------
CREATE TABLE up_serial AS
SELECT * FROM aov_upsell('up_cat', 'up_lines', ARRAY['P00', 'P08', 'P17'], customer => '9001', order_table => 'up_orders',
                         rating_column => 'rating', budget_action => 'flag', budget_statistic => 'trimmed',
                         budget_level => 0.1, k => 8);
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
SELECT parallel_plan($$SELECT product_id, count(DISTINCT order_id) FROM up_lines GROUP BY 1$$, 'Workers Launched|Parallel Seq');
CREATE TABLE up_parallel AS
SELECT * FROM aov_upsell('up_cat', 'up_lines', ARRAY['P00', 'P08', 'P17'], customer => '9001', order_table => 'up_orders',
                         rating_column => 'rating', budget_action => 'flag', budget_statistic => 'trimmed',
                         budget_level => 0.1, k => 8);
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
RESET max_parallel_workers_per_gather;
SELECT count(*) AS rows,
       (SELECT count(*) FROM (SELECT * FROM up_serial EXCEPT SELECT * FROM up_parallel
                              UNION ALL
                              SELECT * FROM up_parallel EXCEPT SELECT * FROM up_serial) d) AS parallel_differs
  FROM up_serial;

-- Other column types: integer product ids in the lines, a text catalogue
-- through a view, a numeric quantity, timestamp without time zone.
CREATE VIEW up_lines_int AS SELECT order_id::int AS order_id, substr(product_id, 2)::int AS product_id,
       quantity::numeric AS quantity FROM up_lines WHERE product_id ~ '^P[0-9]+$';
CREATE VIEW up_cat_int AS SELECT substr(product_id, 2)::int AS product_id, category, price::float8 AS price
  FROM up_cat WHERE product_id ~ '^P[0-9]+$';
CREATE VIEW up_orders_ts AS SELECT order_id, customer_id::text AS customer_id, ordered_at::timestamp AS ordered_at FROM up_orders;
SELECT count(*) FILTER (WHERE ('P' || lpad(i.alternative, 2, '0'), i.orders, i.customers, i.rank)
                              IS DISTINCT FROM (t.alternative, t.orders, t.customers, t.rank)) AS types_differ,
       count(*) AS joined
  FROM aov_upsell('up_cat_int', 'up_lines_int', ARRAY['0', '16'], order_table => 'up_orders_ts', until => '2026-12-31', k => 8) i
  JOIN aov_upsell('up_cat', 'up_lines', ARRAY['P00', 'P16'], order_table => 'up_orders', k => 8) t
    ON t.product = 'P' || lpad(i.product, 2, '0') AND t.rank = i.rank;

-- Names that need quoting: columns with spaces and capitals, a relation in
-- a schema whose name needs quoting, ids and a customer id with quotes.
CREATE SCHEMA "Up Shop";
CREATE TABLE "Up Shop"."Cat" AS
SELECT product_id || '''s' AS "Product Id", category AS "Kind", price AS "List Price" FROM up_cat;
CREATE TABLE "Up Shop"."Lines" AS
SELECT order_id AS "Order", product_id || '''s' AS "Item", quantity AS "Qty" FROM up_lines;
CREATE TABLE "Up Shop"."Orders" AS
SELECT order_id AS "Order", 'o''' || customer_id AS "Who", ordered_at AS "When" FROM up_orders;
SELECT count(*) FILTER (WHERE (q.product, q.alternative, q.orders, q.customers, q.budget_order_value, q.rank)
                              IS DISTINCT FROM (t.product || '''s', t.alternative || '''s', t.orders, t.customers,
                                                t.budget_order_value, t.rank)) AS quoted_differ,
       count(*) AS joined
  FROM aov_upsell('"Up Shop"."Cat"', '"Up Shop"."Lines"', ARRAY['P08''s'], customer => 'o''9001',
                  order_table => '"Up Shop"."Orders"', until => '2027-01-01', budget_action => 'flag', k => 8,
                  product_column => 'Product Id', group_column => 'Kind', price_column => 'List Price',
                  order_column => 'Order', line_product_column => 'Item', quantity_column => 'Qty',
                  customer_column => 'Who', time_column => 'When') q
  FULL JOIN aov_upsell('up_cat', 'up_lines', ARRAY['P08'], customer => '9001', order_table => 'up_orders',
                       budget_action => 'flag', k => 8) t ON q.rank = t.rank;

-- ---------------------------------------------------------------------
-- Bad input: clear errors with their SQLSTATE.
-- ---------------------------------------------------------------------
SELECT expect_error($$SELECT * FROM aov_upsell('up_cat', 'up_lines', ARRAY['P00', 'NOPE', 'P99'])$$);
SELECT expect_error($$SELECT * FROM aov_upsell('up_cat', 'up_lines', ARRAY['P09'], max_price => 12)$$);
SELECT expect_error($$SELECT * FROM aov_upsell('up_cat', 'up_lines', ARRAY['P00'], max_price => 'NaN')$$);
SELECT expect_error($$SELECT * FROM aov_upsell('up_cat', 'up_lines', ARRAY['P00'], max_step => 0)$$);
SELECT expect_error($$SELECT * FROM aov_upsell('up_cat', 'up_lines', ARRAY['P00'], max_step => -0.1)$$);
SELECT expect_error($$SELECT * FROM aov_upsell('up_cat', 'up_lines', ARRAY['P00'], max_step => 'NaN')$$);
SELECT expect_error($$SELECT * FROM aov_upsell('up_cat', 'up_lines', ARRAY['P00'], group_column => 'grp')$$);
SELECT expect_error($$SELECT * FROM aov_upsell('up_cat', 'up_lines', ARRAY['P00'], quantity_column => 'qty')$$);
SELECT expect_error($$SELECT * FROM aov_upsell('up_cat', 'up_lines', ARRAY['P00'], rating_column => 'stars')$$);
SELECT expect_error($$SELECT * FROM aov_upsell('up_cat', 'up_lines', ARRAY['P00'], price_column => 'category')$$);
SELECT expect_error($$SELECT * FROM aov_upsell('up_cat', 'up_lines', ARRAY['P00'], order_table => 'up_orders', customer_column => 'buyer')$$);
SELECT expect_error($$SELECT * FROM aov_upsell('up_cat', 'up_lines', ARRAY['P00'], order_table => 'up_orders', until => '2026-06-01', time_column => 'customer_id')$$);
SELECT expect_error($$SELECT * FROM aov_upsell('up_cat', 'up_lines', ARRAY['P00', NULL])$$);
SELECT expect_error($$SELECT * FROM aov_upsell('up_cat', 'up_lines', NULL)$$);
SELECT expect_error($$SELECT * FROM aov_upsell('up_cat', 'up_lines', '{}')$$);
SELECT expect_error($$SELECT * FROM aov_upsell(NULL, 'up_lines', ARRAY['P00'])$$);
SELECT expect_error($$SELECT * FROM aov_upsell('up_cat', 'up_lines', ARRAY['P00'], group_column => NULL)$$);
SELECT expect_error($$SELECT * FROM aov_upsell('up_cat', 'up_lines', ARRAY['P00'], customer => '3')$$);
SELECT expect_error($$SELECT * FROM aov_upsell('up_cat', 'up_lines', ARRAY['P00'], one_in => 0.5)$$);
SELECT expect_error($$SELECT * FROM aov_upsell('up_cat', 'up_lines', ARRAY['P00'], k => 0)$$);
SELECT expect_error($$SELECT * FROM aov_upsell('up_cat', 'up_lines', ARRAY['P00'], min_orders => -1)$$);
SELECT expect_error($$SELECT * FROM aov_upsell('up_cat', 'up_lines', ARRAY['P00'], budget_statistic => 'mean')$$);
SELECT expect_error($$SELECT * FROM aov_upsell('up_cat', 'up_lines', ARRAY['P00'], budget_statistic => 'trimmed', budget_level => 0.5)$$);
SELECT expect_error($$SELECT * FROM aov_upsell('up_cat', 'up_lines', ARRAY['P00'], budget_level => 1.5)$$);
SELECT expect_error($$SELECT * FROM aov_upsell('up_cat', 'up_lines', ARRAY['P00'], budget_action => 'warn')$$);
SELECT expect_error($$SELECT * FROM aov_upsell('up_cat', 'up_lines', ARRAY['P00'], ranking => 'vip')$$);
SELECT expect_error($$SELECT * FROM aov_upsell('up_lines', 'up_lines', ARRAY['P00'], group_column => 'order_id', price_column => 'quantity')$$);
CREATE VIEW up_cat_zero AS SELECT product_id, category, CASE WHEN product_id = 'P00' THEN 0 ELSE price END AS price FROM up_cat;
SELECT expect_error($$SELECT * FROM aov_upsell('up_cat_zero', 'up_lines', ARRAY['P00'])$$);
SELECT expect_error($$SELECT * FROM aov_upsell('no_such_table', 'up_lines', ARRAY['P00'])$$);

-- Empty input: no lines sold, so no alternative has orders; with
-- min_orders => 0 the dearer products of P00's group within +30% are still
-- listed (the same as the plain SQL list), with zero counts and no AOV
-- effect to divide by.  An empty catalogue knows no product.
CREATE TABLE up_lines_none (LIKE up_lines);
SELECT count(*) AS candidates FROM aov_upsell('up_cat', 'up_lines_none', ARRAY['P00']);
SELECT alternative, abs(price_step_rel - (alternative_price / product_price - 1)::float8) < 1e-12 AS step_ok,
       orders, customers, group_share, aov_effect
  FROM aov_upsell('up_cat', 'up_lines_none', ARRAY['P00'], min_orders => 0, k => 20)
 ORDER BY alternative;
SELECT string_agg(c.product_id, ', ' ORDER BY c.product_id) AS plain_sql FROM up_cat c, up_cat b
 WHERE b.product_id = 'P00' AND c.category = b.category AND c.price > b.price AND c.price <= b.price * 1.3;
CREATE TABLE up_cat_none (LIKE up_cat);
SELECT expect_error($$SELECT * FROM aov_upsell('up_cat_none', 'up_lines', ARRAY['P00'])$$);
DROP TABLE up_lines_none, up_cat_none;

DROP VIEW up_lines_int, up_cat_int, up_orders_ts, up_cat_zero, up_hist;
DROP TABLE "Up Shop"."Cat", "Up Shop"."Lines", "Up Shop"."Orders";
DROP SCHEMA "Up Shop";
DROP FUNCTION up_diff(text, text);
DROP FUNCTION up_close(float8, float8);
DROP FUNCTION up_ref(text[], text, numeric, numeric, float8, numeric, float8, int, bigint, boolean);
DROP TABLE up_cat, up_orders, up_orders_all, up_lines, up_got, up_want, up_want_until, up_b, up_flag, up_serial, up_parallel;
