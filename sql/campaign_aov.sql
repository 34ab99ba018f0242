--
-- campaign_aov: aov_campaign_report against plain SQL over the same rows
-- (sum, count, count(DISTINCT), ratios), per campaign and month and for all
-- periods, with guests, unattributed orders (NULL campaign), new and
-- returning customers, costs with NULLs, serial and forced parallel, and
-- the errors of bad input.
--
SET TimeZone = 'UTC';

-- 300 orders over four months, three campaigns and unattributed orders
-- (every 7th), guests (every 11th), NULL costs and discounts.
CREATE TABLE camp_orders AS
SELECT i AS order_id,
       CASE WHEN i % 7 = 0 THEN NULL ELSE 'c' || (i % 3) END AS campaign_id,
       CASE WHEN i % 11 = 0 THEN NULL ELSE i % 40 END::bigint AS customer_id,
       timestamptz '2026-01-01' + (i * 37 % 120) * interval '1 day' + i * interval '1 minute' AS ordered_at,
       ((i * 13 % 97) + 0.5)::numeric(12,2) AS revenue,
       1 + i % 4 AS items,
       CASE WHEN i % 9 <> 0 THEN (i % 5)::numeric END AS promo_cost,
       CASE WHEN i % 2 = 0 THEN 1.25 END::numeric(8,2) AS discount
  FROM generate_series(1, 300) i;

-- Equal up to 1e-12 relative: the function's ratios are numeric with the
-- scale of aov_breakdown, the reference's those of numeric division.
CREATE FUNCTION camp_close(a numeric, b numeric) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$
    SELECT (a IS NULL AND b IS NULL) OR abs(a - b) <= 1e-12 * greatest(1, abs(b))
$$;

-- The reference: a customer is new in the month of their first order ever
-- (over every order, attributed or not); guests are neither.
CREATE VIEW camp_ref AS
WITH f AS (SELECT customer_id, min(ordered_at) AS fo FROM camp_orders GROUP BY customer_id),
o AS (
    SELECT c.*, date_trunc('month', c.ordered_at) AS p,
           CASE WHEN c.customer_id IS NULL THEN 'guest'
                WHEN date_trunc('month', f.fo) = date_trunc('month', c.ordered_at) THEN 'new'
                ELSE 'returning' END AS seg
      FROM camp_orders c LEFT JOIN f USING (customer_id))
SELECT campaign_id AS campaign, p::date AS period,
       count(*) AS orders, count(DISTINCT customer_id) AS customers,
       count(*) FILTER (WHERE customer_id IS NULL) AS guest_orders,
       sum(revenue) AS revenue, sum(items)::numeric AS items,
       sum(revenue) FILTER (WHERE customer_id IS NOT NULL) / nullif(count(DISTINCT customer_id), 0) AS rpc,
       sum(revenue) / count(*) AS rpo,
       sum(revenue) / nullif(sum(items), 0) AS unit_price,
       sum(items) FILTER (WHERE customer_id IS NOT NULL)::numeric / nullif(count(DISTINCT customer_id), 0) AS ipc,
       sum(items)::numeric / count(*) AS ipo,
       count(DISTINCT customer_id) FILTER (WHERE seg = 'new') AS new_customers,
       count(DISTINCT customer_id) FILTER (WHERE seg = 'returning') AS returning_customers,
       count(*) FILTER (WHERE seg = 'new') AS new_orders,
       count(*) FILTER (WHERE seg = 'returning') AS returning_orders,
       coalesce(sum(revenue) FILTER (WHERE seg = 'new'), 0) AS new_revenue,
       coalesce(sum(revenue) FILTER (WHERE seg = 'returning'), 0) AS returning_revenue,
       sum(promo_cost) AS promotion_cost, sum(discount) AS discount,
       coalesce(sum(promo_cost), 0) + coalesce(sum(discount), 0) AS mc
  FROM o
 GROUP BY GROUPING SETS ((campaign_id, p), (campaign_id));

-- Field by field: the rows that differ (none), and how many rows match.
CREATE FUNCTION camp_diff(got_rows regclass) RETURNS TABLE (campaign text, period date, what text)
LANGUAGE plpgsql AS $$
BEGIN
    RETURN QUERY EXECUTE format($q$
    SELECT coalesce(g.campaign, r.campaign), coalesce(g.period, r.period),
           concat_ws(',',
               CASE WHEN g.orders IS DISTINCT FROM r.orders THEN 'orders' END,
               CASE WHEN g.customers IS DISTINCT FROM r.customers THEN 'customers' END,
               CASE WHEN g.guest_orders IS DISTINCT FROM r.guest_orders THEN 'guest_orders' END,
               CASE WHEN g.revenue IS DISTINCT FROM r.revenue THEN 'revenue' END,
               CASE WHEN g.items IS DISTINCT FROM r.items THEN 'items' END,
               CASE WHEN NOT camp_close(g.revenue_per_customer, r.rpc) THEN 'revenue_per_customer' END,
               CASE WHEN NOT camp_close(g.revenue_per_order, r.rpo) THEN 'revenue_per_order' END,
               CASE WHEN NOT camp_close(g.unit_price, r.unit_price) THEN 'unit_price' END,
               CASE WHEN NOT camp_close(g.items_per_customer, r.ipc) THEN 'items_per_customer' END,
               CASE WHEN NOT camp_close(g.items_per_order, r.ipo) THEN 'items_per_order' END,
               CASE WHEN g.new_customers IS DISTINCT FROM r.new_customers THEN 'new_customers' END,
               CASE WHEN g.returning_customers IS DISTINCT FROM r.returning_customers THEN 'returning_customers' END,
               CASE WHEN g.new_orders IS DISTINCT FROM r.new_orders THEN 'new_orders' END,
               CASE WHEN g.returning_orders IS DISTINCT FROM r.returning_orders THEN 'returning_orders' END,
               CASE WHEN g.new_revenue IS DISTINCT FROM r.new_revenue THEN 'new_revenue' END,
               CASE WHEN g.returning_revenue IS DISTINCT FROM r.returning_revenue THEN 'returning_revenue' END,
               CASE WHEN g.promotion_cost IS DISTINCT FROM r.promotion_cost THEN 'promotion_cost' END,
               CASE WHEN g.discount IS DISTINCT FROM r.discount THEN 'discount' END,
               CASE WHEN g.marketing_cost IS DISTINCT FROM r.mc THEN 'marketing_cost' END,
               CASE WHEN NOT camp_close(g.cost_per_order, r.mc / r.orders) THEN 'cost_per_order' END,
               CASE WHEN NOT camp_close(g.cost_per_revenue, r.mc / nullif(r.revenue, 0)) THEN 'cost_per_revenue' END,
               CASE WHEN g.orders IS NULL THEN 'missing' WHEN r.orders IS NULL THEN 'extra' END)
      FROM %s g FULL JOIN camp_ref r
        ON coalesce(g.campaign, '-') = coalesce(r.campaign, '-')
       AND coalesce(g.period, 'infinity') = coalesce(r.period, 'infinity')
     ORDER BY 1, 2$q$, got_rows);
END $$;

CREATE TABLE camp_serial AS
SELECT * FROM aov_campaign_report('camp_orders', cost_column => 'promo_cost', discount_column => 'discount');
SELECT * FROM camp_diff('camp_serial') WHERE what <> '';
-- 4 campaigns (c0, c1, c2 and unattributed) x (4 months + all periods)
SELECT count(*) AS rows, count(*) FILTER (WHERE campaign IS NULL) AS unattributed_rows,
       count(*) FILTER (WHERE period IS NULL) AS all_period_rows
  FROM camp_serial;
-- The planted figures are not trivial: every segment and guests occur.
SELECT bool_and(new_customers > 0) FILTER (WHERE period = '2026-01-01') AS new_in_january,
       bool_and(returning_customers > 0) FILTER (WHERE period = '2026-03-01') AS returning_in_march,
       bool_or(guest_orders > 0) AS guests,
       bool_or(new_customers + returning_customers > customers) FILTER (WHERE period IS NULL) AS overlap_all_periods
  FROM camp_serial;
-- The article's identity on the customers' orders: revenue per customer =
-- unit price of their orders x items per customer.
SELECT count(*) AS identity_violations
  FROM camp_serial
 WHERE NOT camp_close(revenue_per_customer,
                      (new_revenue + returning_revenue) / nullif(items_per_customer * customers, 0) * items_per_customer);

-- The period's AOV of doc/reference.md (the revenue of all campaigns over
-- the period's distinct customers, one aov_summary per month over the
-- attributed orders) against plain SQL: the rows that differ (none).
SELECT r.period, r.period_aov, x.ref
  FROM (SELECT date_trunc('month', ordered_at)::date AS period,
               aov_revenue_per_customer(aov_summary(revenue, items, customer_id)) AS period_aov
          FROM camp_orders WHERE campaign_id IS NOT NULL GROUP BY 1) r
  FULL JOIN (SELECT date_trunc('month', ordered_at)::date AS period,
                    sum(revenue) FILTER (WHERE customer_id IS NOT NULL) / count(DISTINCT customer_id) AS ref
               FROM camp_orders WHERE campaign_id IS NOT NULL GROUP BY 1) x USING (period)
 WHERE NOT camp_close(r.period_aov, x.ref) OR r.period_aov IS NULL;
-- Without cost columns the cost figures are NULL; the rest is the same.
SELECT count(*) FILTER (WHERE a.promotion_cost IS NOT NULL OR a.discount IS NOT NULL OR a.marketing_cost IS NOT NULL
                           OR a.cost_per_order IS NOT NULL OR a.cost_per_revenue IS NOT NULL) AS cost_without_columns,
       count(*) FILTER (WHERE (a.campaign, a.period, a.orders, a.customers, a.revenue, a.revenue_per_customer)
                              IS DISTINCT FROM (s.campaign, s.period, s.orders, s.customers, s.revenue, s.revenue_per_customer))
           AS differ,
       count(*) AS joined
  FROM aov_campaign_report('camp_orders') a
  JOIN camp_serial s ON a.campaign IS NOT DISTINCT FROM s.campaign AND a.period IS NOT DISTINCT FROM s.period;
-- Only a discount: marketing cost is the discount.
SELECT count(*) FILTER (WHERE marketing_cost IS DISTINCT FROM coalesce(discount, 0)) AS discount_only_differ
  FROM aov_campaign_report('camp_orders', discount_column => 'discount');

-- Forced parallel gives the same rows, digit for digit (parallel workers
-- scan the orders).
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
SELECT parallel_plan($$SELECT campaign_id, aov_summary(revenue, items, customer_id) FROM camp_orders GROUP BY 1$$);
CREATE TABLE camp_parallel AS
SELECT * FROM aov_campaign_report('camp_orders', cost_column => 'promo_cost', discount_column => 'discount');
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
RESET max_parallel_workers_per_gather;
SELECT count(*) AS parallel_differs
  FROM camp_parallel p FULL JOIN camp_serial s
    ON coalesce(p.campaign, '-') = coalesce(s.campaign, '-')
   AND coalesce(p.period, 'infinity') = coalesce(s.period, 'infinity')
 WHERE p::text IS DISTINCT FROM s::text;

-- Text customer ids and integer campaign ids, and a since / until window:
-- the same figures as bigint ids; the window keeps first orders over all rows.
CREATE VIEW camp_text AS
SELECT ('cust-' || customer_id) AS customer_id, ascii(right(campaign_id, 1)) - 48 AS campaign_no,
       ordered_at, revenue, items FROM camp_orders;
SELECT count(*) FILTER (WHERE (t.orders, t.customers, t.revenue, t.new_customers, t.returning_customers,
                               t.items_per_customer)
                              IS DISTINCT FROM (s.orders, s.customers, s.revenue, s.new_customers,
                                                s.returning_customers, s.items_per_customer)) AS text_ids_differ,
       count(*) AS joined
  FROM aov_campaign_report('camp_text', 'campaign_no') t
  JOIN camp_serial s ON t.campaign IS NOT DISTINCT FROM substr(s.campaign, 2)
                    AND t.period IS NOT DISTINCT FROM s.period;
SELECT count(*) FILTER (WHERE w::text IS DISTINCT FROM s::text AND w.period IS NOT NULL
                            OR w.period IS NULL AND (w.orders, w.new_customers, w.returning_customers, w.revenue)
                                   IS DISTINCT FROM (s.orders, s.new_customers, s.returning_customers, s.revenue))
           AS window_differs,
       count(*) AS window_rows
  FROM aov_campaign_report('camp_orders', since => '2026-02-01', until => '2026-03-01',
                           cost_column => 'promo_cost', discount_column => 'discount') w
  JOIN camp_serial s ON w.campaign IS NOT DISTINCT FROM s.campaign AND s.period = '2026-02-01';

-- An order spanning several campaigns (doc/reference.md): two lines per
-- order, the second under another campaign on every other order, fed as one
-- row per order and campaign by the reference's view.  Per campaign over
-- all periods against plain SQL over the lines: the rows that differ (none);
-- then the lines' revenue and items add up exactly, the orders do not.
CREATE TABLE camp_lines AS
SELECT o.order_id, CASE WHEN k = 2 AND o.order_id % 2 = 0 THEN 'c' || ((o.order_id + 1) % 3) ELSE o.campaign_id END
           AS campaign_id,
       ((o.order_id * k * 7 % 50) + 0.25)::numeric(12,2) AS revenue, k AS quantity, 0.5 * k AS discount
  FROM camp_orders o, generate_series(1, 2) k;
CREATE VIEW camp_line_orders AS
SELECT l.order_id, l.campaign_id, o.customer_id, o.ordered_at,
       sum(l.revenue) AS revenue, sum(l.quantity)::integer AS items, sum(l.discount) AS discount
  FROM camp_lines l JOIN camp_orders o USING (order_id)
 GROUP BY l.order_id, l.campaign_id, o.customer_id, o.ordered_at;
SELECT coalesce(g.campaign, r.campaign) AS campaign, g.orders, r.orders, g.revenue, r.revenue
  FROM (SELECT * FROM aov_campaign_report('camp_line_orders', discount_column => 'discount') WHERE period IS NULL) g
  FULL JOIN (SELECT l.campaign_id AS campaign, count(DISTINCT l.order_id) AS orders,
                    count(DISTINCT o.customer_id) AS customers, sum(l.revenue) AS revenue,
                    sum(l.quantity)::numeric AS items, sum(l.discount) AS discount
               FROM camp_lines l JOIN camp_orders o USING (order_id) GROUP BY 1) r
    ON coalesce(g.campaign, '-') = coalesce(r.campaign, '-')
 WHERE (g.orders, g.customers, g.revenue, g.items, g.marketing_cost)
       IS DISTINCT FROM (r.orders, r.customers, r.revenue, r.items, r.discount);
SELECT sum(orders) AS campaign_orders, (SELECT count(*) FROM camp_orders) AS shop_orders,
       sum(revenue) = (SELECT sum(revenue) FROM camp_lines) AS revenue_adds_up,
       sum(items) = (SELECT sum(quantity) FROM camp_lines) AS items_add_up
  FROM aov_campaign_report('camp_line_orders') WHERE period IS NULL;

-- Bad input: clear errors with their SQLSTATE.
SELECT expect_error($$SELECT * FROM aov_campaign_report(NULL)$$);
SELECT expect_error($$SELECT * FROM aov_campaign_report('camp_orders', 'no_such_column')$$);
SELECT expect_error($$SELECT * FROM aov_campaign_report('camp_orders', NULL)$$);
SELECT expect_error($$SELECT * FROM aov_campaign_report('camp_orders', granularity => 'fortnight')$$);
SELECT expect_error($$SELECT * FROM aov_campaign_report('camp_orders', since => '2026-03-01', until => '2026-02-01')$$);
SELECT expect_error($$SELECT * FROM aov_campaign_report('camp_orders', cost_column => 'no_cost')$$);
SELECT expect_error($$SELECT * FROM aov_campaign_report('camp_orders', discount_column => 'campaign_id')$$);
SELECT expect_error($$SELECT * FROM aov_campaign_report('camp_orders', revenue_column => 'nope')$$);
SELECT expect_error($$SELECT * FROM aov_campaign_report('no_such_table')$$);

DROP VIEW camp_text, camp_ref, camp_line_orders;
DROP FUNCTION camp_diff(regclass);
DROP FUNCTION camp_close(numeric, numeric);
DROP TABLE camp_orders, camp_serial, camp_parallel, camp_lines;
