--
-- aov_report: every row and field compared with a plain SQL report over the
-- same rows (rp_ref below; the definitions: doc/reference.md, section
-- aov_report):
--   period   date_trunc(granularity, order time) in the session's time zone;
--   segment  guest for a NULL customer; new when date_trunc of the
--            customer's first order time, min() over the customer's rows in
--            the WHOLE relation (not only the reported range), is the
--            order's period; else returning; plus an 'all' row per period;
--   range    since <= time < until; rows with a NULL time are in no period;
--   shares   segment orders / period orders, segment revenue / period
--            revenue;
--   figures  as in breakdown.sql: count/sum/count(DISTINCT), numeric
--            division of the exact sums, trimmed means by row_number() and
--            avg(), medians of the middle rows, top 3 by GROUP BY.
-- Rows come ordered by period, then new, returning, guest, all.
-- Each check returns the fields that differ: the row (period, segment), the
-- field, the report's value (got) and the reference's (ref); no rows when
-- all agree.  The number of report rows is printed next to it.
--
SET TimeZone = 'PST8PDT';

-- ---------------------------------------------------------------------
-- Reference helpers (plain SQL over arrays of one measure's values)
-- ---------------------------------------------------------------------

-- trimmed mean, median and top 3: ref_trimmed(), ref_median() and
-- top_diff() (setup)
-- equal in value and in text (NULL and NULL are equal)
CREATE FUNCTION rp_same(a numeric, b numeric) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$
    SELECT a IS NOT DISTINCT FROM b AND a::text IS NOT DISTINCT FROM b::text $$;
-- a float8 share: within 1e-15 (relative) of the exact ratio rounded to float8
CREATE FUNCTION rp_share_ok(a float8, b numeric) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$
    SELECT (a IS NULL AND b IS NULL) OR abs(a - b::float8) <= 1e-15 * abs(b::float8) $$;

-- the helpers on known answers: the values that differ
SELECT top_diff(ARRAY[(3, 2, 0.4), (1, 1, 0.2), (2, 1, 0.2)]::aov_top_numeric[], ARRAY[3, 2, 3, 1, 5]) AS right_top,
       top_diff(ARRAY[(3, 2, 0.4), (2, 1, 0.2), (1, 1, 0.2)]::aov_top_numeric[], ARRAY[3, 2, 3, 1, 5]) AS tie_order,
       rp_share_ok(1::float8 / 3, 1 / 3.0) AS share_ok, rp_share_ok(0.3333333333333, 1 / 3.0) AS share_off;

-- The orders the reference reads: each test fills it from the relation
-- that aov_report reads, mapping the columns by hand.
CREATE TEMP TABLE rp_src (ts timestamptz, rev numeric, qty numeric, cust bigint);

-- The reference report.
CREATE FUNCTION rp_ref(gran text, since timestamptz, until timestamptz, t numeric)
RETURNS TABLE (ord bigint, period date, segment text, orders_share numeric, revenue_share numeric,
               orders bigint, customers bigint, guest_orders bigint, zero_item_orders bigint,
               revenue numeric, items numeric, aov numeric, unit_price numeric, items_per_order numeric,
               revenue_per_customer numeric, orders_per_customer numeric,
               rs numeric[], qs numeric[], ps numeric[])
LANGUAGE sql STABLE AS $$
    WITH firsts AS (
        SELECT ts, rev, qty, cust, min(ts) OVER (PARTITION BY cust) AS first_ts FROM rp_src
    ), r AS (
        SELECT date_trunc(gran, ts)::date AS period,
               CASE WHEN cust IS NULL THEN 'guest'
                    WHEN date_trunc(gran, first_ts) = date_trunc(gran, ts) THEN 'new'
                    ELSE 'returning' END AS segment,
               rev, qty, cust,
               CASE WHEN qty <> 0 THEN round(rev::numeric(1000,40) / qty, scale(rev) + 4) END AS p
        FROM firsts
        WHERE ts IS NOT NULL AND (since IS NULL OR ts >= since) AND (until IS NULL OR ts < until)
          AND rev IS NOT NULL AND qty IS NOT NULL
    ), k AS (
        SELECT period, segment, rev, qty, cust, p FROM r
        UNION ALL SELECT period, 'all', rev, qty, cust, p FROM r
    ), per AS (
        SELECT period, count(*) AS n, sum(rev) AS total FROM r GROUP BY period
    )
    SELECT row_number() OVER (ORDER BY period, CASE segment WHEN 'new' THEN 1 WHEN 'returning' THEN 2
                                                            WHEN 'guest' THEN 3 ELSE 4 END),
           period, segment,
           count(*)::numeric / min(per.n), sum(rev) / nullif(min(per.total), 0),
           count(*), count(DISTINCT cust), count(*) - count(cust), count(*) FILTER (WHERE qty = 0),
           sum(rev), sum(qty), sum(rev) / count(*), sum(rev) / nullif(sum(qty), 0), sum(qty) / count(*),
           sum(rev) FILTER (WHERE cust IS NOT NULL) / nullif(count(DISTINCT cust), 0),
           count(cust)::numeric / nullif(count(DISTINCT cust), 0),
           array_agg(rev), array_agg(qty), array_agg(p) FILTER (WHERE p IS NOT NULL)
    FROM k JOIN per USING (period)
    GROUP BY period, segment $$;

-- The report under test, as rp_run keeps it: aov_report's columns and the
-- row's position.
CREATE TEMP TABLE rp_got (
    period date, segment text, orders_share float8, revenue_share float8,
    orders bigint, customers bigint, guest_orders bigint, zero_item_orders bigint,
    revenue numeric, items numeric, aov numeric, unit_price numeric, items_per_order numeric,
    revenue_per_customer numeric, orders_per_customer numeric, trim_fraction_used float8,
    aov_trimmed numeric, aov_median numeric, aov_top aov_top_numeric[],
    items_per_order_trimmed numeric, items_per_order_median numeric, items_per_order_top aov_top_numeric[],
    unit_price_trimmed numeric, unit_price_median numeric, unit_price_top aov_top_numeric[],
    ordinality bigint);

-- Runs an aov_report call into rp_got and returns the number of rows.
CREATE FUNCTION rp_run(call text) RETURNS bigint LANGUAGE plpgsql AS $f$
DECLARE
    n bigint;
BEGIN
    TRUNCATE rp_got;
    EXECUTE format('INSERT INTO rp_got SELECT * FROM %s WITH ORDINALITY', call);
    GET DIAGNOSTICS n = ROW_COUNT;
    RETURN n;
END
$f$;

-- Compares rp_got with rp_ref(gran, since, until, t) over rp_src: the
-- fields that differ, with both values ('row' for a row on one side only,
-- 'position' for a row out of order; shares are compared to 1e-15
-- relative, and difference is got - ref for them).
CREATE FUNCTION rp_diff(gran text, since timestamptz, until timestamptz, t numeric)
RETURNS TABLE (period date, segment text, field text, got text, ref text, difference float8)
LANGUAGE sql STABLE AS $$
    SELECT coalesce(g.period, r.period), coalesce(g.segment, r.segment), f.field, f.got, f.ref, f.difference
    FROM rp_got g FULL JOIN rp_ref(gran, since, until, t) r ON g.period = r.period AND g.segment = r.segment
    CROSS JOIN LATERAL (SELECT ref_trimmed(r.rs, t) AS aov_trimmed, ref_median(r.rs) AS aov_median,
                               top_diff(g.aov_top, r.rs) AS aov_top,
                               ref_trimmed(r.qs, t) AS ipo_trimmed, ref_median(r.qs) AS ipo_median,
                               top_diff(g.items_per_order_top, r.qs) AS ipo_top,
                               ref_trimmed(r.ps, t) AS up_trimmed, ref_median(r.ps) AS up_median,
                               top_diff(g.unit_price_top, r.ps) AS up_top
                        OFFSET 0) x
    CROSS JOIN LATERAL (VALUES
        (0, 'row', CASE WHEN g.period IS NOT NULL THEN 'present' END, CASE WHEN r.period IS NOT NULL THEN 'present' END,
         NULL::float8, g.period IS NOT NULL AND r.period IS NOT NULL),
        (1, 'position', g.ordinality::text, r.ord::text, NULL, g.ordinality = r.ord),
        (2, 'orders_share', g.orders_share::text, r.orders_share::text, g.orders_share - r.orders_share::float8,
         rp_share_ok(g.orders_share, r.orders_share)),
        (3, 'revenue_share', g.revenue_share::text, r.revenue_share::text, g.revenue_share - r.revenue_share::float8,
         rp_share_ok(g.revenue_share, r.revenue_share)),
        (4, 'orders', g.orders::text, r.orders::text, NULL, g.orders IS NOT DISTINCT FROM r.orders),
        (5, 'customers', g.customers::text, r.customers::text, NULL, g.customers IS NOT DISTINCT FROM r.customers),
        (6, 'guest_orders', g.guest_orders::text, r.guest_orders::text, NULL, g.guest_orders IS NOT DISTINCT FROM r.guest_orders),
        (7, 'zero_item_orders', g.zero_item_orders::text, r.zero_item_orders::text, NULL,
         g.zero_item_orders IS NOT DISTINCT FROM r.zero_item_orders),
        (8, 'revenue', g.revenue::text, r.revenue::text, NULL, rp_same(g.revenue, r.revenue)),
        (9, 'items', g.items::text, r.items::text, NULL, rp_same(g.items, r.items)),
        (10, 'aov', g.aov::text, r.aov::text, NULL, rp_same(g.aov, r.aov)),
        (11, 'unit_price', g.unit_price::text, r.unit_price::text, NULL, rp_same(g.unit_price, r.unit_price)),
        (12, 'items_per_order', g.items_per_order::text, r.items_per_order::text, NULL,
         rp_same(g.items_per_order, r.items_per_order)),
        (13, 'revenue_per_customer', g.revenue_per_customer::text, r.revenue_per_customer::text, NULL,
         rp_same(g.revenue_per_customer, r.revenue_per_customer)),
        (14, 'orders_per_customer', g.orders_per_customer::text, r.orders_per_customer::text, NULL,
         rp_same(g.orders_per_customer, r.orders_per_customer)),
        (15, 'trim_fraction_used', g.trim_fraction_used::text, t::float8::text, NULL,
         g.trim_fraction_used IS NOT DISTINCT FROM t::float8),
        (16, 'aov_trimmed', g.aov_trimmed::text, x.aov_trimmed::text, NULL, rp_same(g.aov_trimmed, x.aov_trimmed)),
        (17, 'aov_median', g.aov_median::text, x.aov_median::text, NULL, g.aov_median IS NOT DISTINCT FROM x.aov_median),
        (18, 'aov_top', g.aov_top::text, x.aov_top, NULL, x.aov_top IS NULL),
        (19, 'items_per_order_trimmed', g.items_per_order_trimmed::text, x.ipo_trimmed::text, NULL,
         rp_same(g.items_per_order_trimmed, x.ipo_trimmed)),
        (20, 'items_per_order_median', g.items_per_order_median::text, x.ipo_median::text, NULL,
         g.items_per_order_median IS NOT DISTINCT FROM x.ipo_median),
        (21, 'items_per_order_top', g.items_per_order_top::text, x.ipo_top, NULL, x.ipo_top IS NULL),
        (22, 'unit_price_trimmed', g.unit_price_trimmed::text, x.up_trimmed::text, NULL,
         rp_same(g.unit_price_trimmed, x.up_trimmed)),
        (23, 'unit_price_median', g.unit_price_median::text, x.up_median::text, NULL,
         g.unit_price_median IS NOT DISTINCT FROM x.up_median),
        (24, 'unit_price_top', g.unit_price_top::text, x.up_top, NULL, x.up_top IS NULL)
    ) f(n, field, got, ref, difference, ok)
    -- a row on one side only shows as 'row' alone
    WHERE f.ok IS NOT TRUE AND (f.n = 0 OR (g.period IS NOT NULL AND r.period IS NOT NULL))
    ORDER BY 1, coalesce(g.ordinality, r.ord), f.n $$;

-- The fields of a report row as text, in order (numeric text keeps the
-- scale), and the fields in which two rows differ, with both values; two
-- missing rows are reported as well.
CREATE FUNCTION rp_fields(r rp_got) RETURNS TABLE (n int, field text, value text) LANGUAGE sql IMMUTABLE AS $$
    SELECT * FROM (VALUES
        (1, 'period', r.period::text), (2, 'segment', r.segment), (3, 'orders_share', r.orders_share::text),
        (4, 'revenue_share', r.revenue_share::text), (5, 'orders', r.orders::text), (6, 'customers', r.customers::text),
        (7, 'guest_orders', r.guest_orders::text), (8, 'zero_item_orders', r.zero_item_orders::text),
        (9, 'revenue', r.revenue::text), (10, 'items', r.items::text), (11, 'aov', r.aov::text),
        (12, 'unit_price', r.unit_price::text), (13, 'items_per_order', r.items_per_order::text),
        (14, 'revenue_per_customer', r.revenue_per_customer::text),
        (15, 'orders_per_customer', r.orders_per_customer::text), (16, 'trim_fraction_used', r.trim_fraction_used::text),
        (17, 'aov_trimmed', r.aov_trimmed::text), (18, 'aov_median', r.aov_median::text), (19, 'aov_top', r.aov_top::text),
        (20, 'items_per_order_trimmed', r.items_per_order_trimmed::text),
        (21, 'items_per_order_median', r.items_per_order_median::text),
        (22, 'items_per_order_top', r.items_per_order_top::text),
        (23, 'unit_price_trimmed', r.unit_price_trimmed::text), (24, 'unit_price_median', r.unit_price_median::text),
        (25, 'unit_price_top', r.unit_price_top::text), (26, 'position', r.ordinality::text)) v $$;
CREATE FUNCTION rp_row_diff(got_r rp_got, ref_r rp_got) RETURNS TABLE (field text, got text, ref text)
LANGUAGE sql IMMUTABLE AS $$
    SELECT field, got, ref FROM (
        SELECT g.n, g.field, g.value AS got, r.value AS ref
        FROM rp_fields(got_r) g JOIN rp_fields(ref_r) r USING (n)
        WHERE g.value IS DISTINCT FROM r.value
        UNION ALL
        SELECT 0, '(both NULL)', NULL, NULL WHERE num_nulls(got_r, ref_r) = 2) d
    ORDER BY n $$;

-- ---------------------------------------------------------------------
-- The orders table
-- ---------------------------------------------------------------------

-- 420 orders.  History: 80 orders from October to December 2023 by
-- customers 1-40, so those are returning customers in 2024 even in their
-- first 2024 month.  2024: orders of customers 1-100 and guests (never in
-- March) from January to mid-May; zero-item orders, returns (negative
-- revenue and items), a few wholesale orders.  Special rows: an order at
-- the first instant of 2024 and one at the first of May (the range below
-- includes the first and excludes the second), a customer whose only
-- orders are in one week, a NULL order time, a NULL revenue, NULL items.
CREATE TEMP TABLE rp_orders AS
WITH o AS (
    SELECT id,
           CASE WHEN id <= 80 THEN '2023-10-01'::timestamptz + floor(92 * 86400 * test_rnd(id, 'pt')) * interval '1 second'
                ELSE '2024-01-01'::timestamptz + floor(135 * 86400 * test_rnd(id, 'pt')) * interval '1 second' END AS ordered_at,
           CASE WHEN test_rnd(id, 'pq0') < 0.07 THEN 0 ELSE 1 + floor(4 * test_rnd(id, 'pq') ^ 2)::int END
             * CASE WHEN test_rnd(id, 'pr') < 0.04 THEN -1 ELSE 1 END
             * CASE WHEN test_rnd(id, 'pw') < 0.015 THEN 25 ELSE 1 END AS items,
           (ARRAY[9.99, 14.50, 19.99, 29.00, 49.99])[1 + floor(5 * test_rnd(id, 'pp'))::int] AS price,
           CASE WHEN id <= 80 THEN 1 + floor(40 * test_rnd(id, 'pc'))::bigint
                WHEN test_rnd(id, 'pg') < 0.12 THEN NULL
                ELSE 1 + floor(100 * test_rnd(id, 'pc') ^ 1.3)::bigint END AS customer_id
    FROM generate_series(1, 400) AS id
)
SELECT id, ordered_at,
       CASE WHEN items = 0 THEN 4.95 ELSE round(price * items * CASE WHEN abs(items) >= 25 THEN 0.8 ELSE 1 END, 2) END::numeric(12,2) AS revenue,
       items,
       -- guests never order in March (their March orders get customer 77)
       CASE WHEN customer_id IS NULL AND date_trunc('month', ordered_at) = '2024-03-01' THEN 77 ELSE customer_id END AS customer_id
FROM o;
INSERT INTO rp_orders VALUES
    (401, '2024-01-01 00:00:00', 19.99, 1, 150),
    (402, '2024-05-01 00:00:00', 29.00, 1, 151),
    (403, NULL, 9.99, 1, 152),
    (404, '2024-02-14 12:00:00', NULL, 2, 3),
    (405, '2024-02-15 12:00:00', 14.50, NULL, 4),
    (406, '2024-04-02 09:00:00', 49.99, 2, 160),
    (407, '2024-04-04 18:30:00', 9.99, 1, 160),
    (408, '2024-06-10 10:00:00', 10.00, 1, 170),
    (409, '2024-06-11 10:00:00', -10.00, -1, 170);
ANALYZE rp_orders;

-- the fixture is as described
SELECT to_char(date_trunc('month', ordered_at), 'YYYY-MM') AS month, count(*) AS rows,
       count(*) FILTER (WHERE customer_id IS NULL) AS guests, count(*) FILTER (WHERE items = 0) AS zero_items,
       count(*) FILTER (WHERE revenue < 0) AS returns, count(DISTINCT customer_id) AS customers
FROM rp_orders GROUP BY 1 ORDER BY 1;
SELECT count(DISTINCT customer_id) FILTER (WHERE ordered_at < '2024-01-01') AS customers_before_2024,
       count(DISTINCT customer_id) FILTER (WHERE ordered_at >= '2024-01-01' AND customer_id <= 40) AS of_them_in_2024
FROM rp_orders;

INSERT INTO rp_src SELECT ordered_at, revenue, items, customer_id FROM rp_orders;

-- ---------------------------------------------------------------------
-- The report against the reference
-- ---------------------------------------------------------------------

-- defaults: months, the whole table, trim 0.05
SELECT rp_run($$aov_report('rp_orders')$$) AS rows;
SELECT * FROM rp_diff('month', NULL, NULL, 0.05);
-- January to April, the history before the range decides who is new
SELECT rp_run($$aov_report('rp_orders', 'month', '2024-01-01', '2024-05-01')$$) AS rows;
SELECT * FROM rp_diff('month', '2024-01-01', '2024-05-01', 0.05);
-- weeks, with a trim
SELECT rp_run($$aov_report('rp_orders', 'week', '2024-01-01', '2024-05-01', 0.2)$$) AS rows;
SELECT * FROM rp_diff('week', '2024-01-01', '2024-05-01', 0.2);
-- quarters, since only, trim 0 (plain means)
SELECT rp_run($$aov_report('rp_orders', granularity => 'quarter', since => '2023-11-15', trim_fraction => 0)$$) AS rows;
SELECT * FROM rp_diff('quarter', '2023-11-15', NULL, 0);
-- days of one week, until only; year; the granularity in capitals
SELECT rp_run($$aov_report('rp_orders', 'day', until => '2024-01-08')$$) AS rows;
SELECT * FROM rp_diff('day', NULL, '2024-01-08', 0.05);
SELECT rp_run($$aov_report('rp_orders', 'YEAR', trim_fraction => 0.25)$$) AS rows;
SELECT * FROM rp_diff('year', NULL, NULL, 0.25);

-- the check does catch differences: a report at trim 0.1 against the
-- reference at 0.05 (the fields that differ), and months against weeks
-- (rows on one side only)
SELECT rp_run($$aov_report('rp_orders', trim_fraction => 0.1)$$) AS rows;
SELECT DISTINCT field FROM rp_diff('month', NULL, NULL, 0.05) ORDER BY field;
SELECT rp_run($$aov_report('rp_orders', 'month', '2024-01-01', '2024-05-01')$$) AS rows;
SELECT count(*) FILTER (WHERE got IS NULL) AS ref_only_rows, count(*) FILTER (WHERE ref IS NULL) AS got_only_rows,
       (SELECT count(*) FROM rp_ref('week', '2024-01-01', '2024-05-01', 0.05)) AS ref_rows
FROM rp_diff('week', '2024-01-01', '2024-05-01', 0.05) WHERE field = 'row';

-- the reference is not vacuous: the range and the history change segments
SELECT count(*) FILTER (WHERE segment = 'returning' AND period = '2024-01-01') > 0 AS returning_in_january,
       count(*) FILTER (WHERE segment = 'guest' AND period = '2024-03-01') AS guests_in_march,
       count(*) FILTER (WHERE segment = 'all') AS all_rows,
       count(DISTINCT period) AS periods
FROM aov_report('rp_orders', 'month', '2024-01-01', '2024-05-01');

-- January to April, for the eye
SELECT period, segment, orders, customers AS cust, guest_orders AS guests, zero_item_orders AS zero,
       round(orders_share::numeric, 4) AS o_share, round(revenue_share::numeric, 4) AS r_share,
       revenue, round(aov, 2) AS aov, round(unit_price, 2) AS unit_price, round(items_per_order, 3) AS ipo,
       round(aov_trimmed, 2) AS aov_trimmed, aov_median
FROM aov_report('rp_orders', 'month', '2024-01-01', '2024-05-01');
-- the range bounds: the first instant of 2024 is in, the first of May out
SELECT count(*) FILTER (WHERE period = '2024-05-01') AS may_rows,
       (SELECT orders FROM aov_report('rp_orders', 'day', '2024-01-01', '2024-01-02') WHERE segment = 'all') AS jan_1_orders,
       (SELECT count(*) FROM rp_orders WHERE ordered_at >= '2024-01-01' AND ordered_at < '2024-01-02'
                                         AND revenue IS NOT NULL AND items IS NOT NULL) AS jan_1_ref
FROM aov_report('rp_orders', 'month', '2024-01-01', '2024-05-01');
-- the shares of each period's segments add up to 1; 'all' is 1
SELECT period, sum(orders_share) FILTER (WHERE segment <> 'all') AS orders_shares,
       sum(revenue_share) FILTER (WHERE segment <> 'all') AS revenue_shares,
       min(orders_share) FILTER (WHERE segment = 'all') AS all_orders_share
FROM aov_report('rp_orders', 'quarter') GROUP BY period ORDER BY period;

-- a period whose revenue is 0: no revenue shares
SELECT period, segment, orders, revenue, orders_share, revenue_share
FROM aov_report('rp_orders', since => '2024-06-01');

-- an empty range: no rows
SELECT count(*) AS rows FROM aov_report('rp_orders', 'month', '2030-01-01', '2030-02-01');

-- ---------------------------------------------------------------------
-- Other relations: column names, views, date and integer columns
-- ---------------------------------------------------------------------

-- a table with other column names and types (smallint items, integer ids)
CREATE TEMP TABLE rp_renamed AS
SELECT id AS order_no, ordered_at AS "Placed At", revenue AS amount, items::smallint AS qty,
       customer_id::integer AS buyer
FROM rp_orders;
TRUNCATE rp_src;
INSERT INTO rp_src SELECT "Placed At", amount, qty, buyer FROM rp_renamed;
SELECT rp_run($$aov_report('rp_renamed', 'month', '2024-01-01', '2024-05-01', time_column => 'Placed At',
                           revenue_column => 'amount', items_column => 'qty', customer_column => 'buyer')$$) AS rows;
SELECT * FROM rp_diff('month', '2024-01-01', '2024-05-01', 0.05);
-- the same orders, so the same report as the original table, row by row:
-- the fields that differ
SELECT coalesce(g.ordinality, o.ordinality) AS position, x.field, x.got, x.ref
FROM rp_got g
FULL JOIN aov_report('rp_orders', 'month', '2024-01-01', '2024-05-01') WITH ORDINALITY o ON o.ordinality = g.ordinality
CROSS JOIN LATERAL rp_row_diff(g, ROW(o.*)::rp_got) x
ORDER BY position, x.field;

-- a view that computes its columns (net revenue after a 10% voucher on
-- orders of customers 1-20) and hides some rows (no returns)
CREATE TEMP VIEW rp_view AS
SELECT ordered_at AS ts, CASE WHEN customer_id <= 20 THEN round(revenue * 0.9, 2) ELSE revenue END AS net,
       items AS n_items, customer_id AS who
FROM rp_orders WHERE revenue >= 0 OR revenue IS NULL;
TRUNCATE rp_src;
INSERT INTO rp_src SELECT ts, net, n_items, who FROM rp_view;
SELECT rp_run($$aov_report('rp_view', 'month', time_column => 'ts', revenue_column => 'net',
                           items_column => 'n_items', customer_column => 'who')$$) AS rows;
SELECT * FROM rp_diff('month', NULL, NULL, 0.05);

-- a date column: days start at midnight in the session's time zone
CREATE TEMP TABLE rp_dated AS
SELECT (ordered_at AT TIME ZONE 'PST8PDT')::date AS ordered_on, revenue, items, customer_id FROM rp_orders;
TRUNCATE rp_src;
INSERT INTO rp_src SELECT ordered_on::timestamptz, revenue, items, customer_id FROM rp_dated;
SELECT rp_run($$aov_report('rp_dated', 'week', '2024-01-01', '2024-05-01', time_column => 'ordered_on')$$) AS rows;
SELECT * FROM rp_diff('week', '2024-01-01', '2024-05-01', 0.05);
SELECT rp_run($$aov_report('rp_dated', 'month', '2024-02-01', time_column => 'ordered_on')$$) AS rows;
SELECT * FROM rp_diff('month', '2024-02-01', NULL, 0.05);

-- integer revenue (whole currency units), read as numeric
CREATE TEMP TABLE rp_intrev AS
SELECT ordered_at, round(revenue)::integer AS revenue, items, customer_id FROM rp_orders;
TRUNCATE rp_src;
INSERT INTO rp_src SELECT ordered_at, revenue::numeric, items, customer_id FROM rp_intrev;
SELECT rp_run($$aov_report('rp_intrev', 'month', '2024-01-01', '2024-05-01', 0.1)$$) AS rows;
SELECT * FROM rp_diff('month', '2024-01-01', '2024-05-01', 0.1);
SELECT period, segment, revenue, aov, unit_price_median, unit_price_top
FROM aov_report('rp_intrev', 'month', '2024-04-01', '2024-05-01');

-- a timestamp column (read in the session's time zone), numeric items
-- (weights), a domain over numeric revenue, smallint customer ids
CREATE DOMAIN rp_money AS numeric(12,2) CHECK (VALUE > -100000);
CREATE TEMP TABLE rp_ts AS
SELECT (ordered_at AT TIME ZONE 'PST8PDT') AS ordered_at, revenue::rp_money AS revenue,
       (items * 0.375)::numeric(8,3) AS items, customer_id::smallint AS customer_id
FROM rp_orders;
TRUNCATE rp_src;
INSERT INTO rp_src SELECT ordered_at::timestamptz, revenue, items, customer_id FROM rp_ts;
SELECT rp_run($$aov_report('rp_ts', 'week', '2024-02-01', '2024-04-01', 0.1)$$) AS rows;
SELECT * FROM rp_diff('week', '2024-02-01', '2024-04-01', 0.1);
SELECT rp_run($$aov_report('rp_ts', 'month')$$) AS rows;
SELECT * FROM rp_diff('month', NULL, NULL, 0.05);

-- a schema-qualified name that needs quoting
CREATE SCHEMA "Rp Schema";
CREATE TABLE "Rp Schema"."Orders 2024" AS SELECT * FROM rp_orders;
TRUNCATE rp_src;
INSERT INTO rp_src SELECT ordered_at, revenue, items, customer_id FROM rp_orders;
SELECT rp_run($$aov_report('"Rp Schema"."Orders 2024"', 'quarter')$$) AS rows;
SELECT * FROM rp_diff('quarter', NULL, NULL, 0.05);
DROP SCHEMA "Rp Schema" CASCADE;

-- float8 revenue: each row is aov_breakdown(revenue, items, customer, trim)
-- over the period's segment (checked against plain SQL in breakdown.sql):
-- the fields that differ (shares and positions left out)
CREATE TEMP TABLE rp_f8 AS SELECT ordered_at, revenue::float8 AS revenue, items, customer_id FROM rp_orders;
SELECT rp_run($$aov_report('rp_f8', trim_fraction => 0.1)$$) AS rows;
WITH seg AS (
    SELECT date_trunc('month', ordered_at)::date AS period,
           CASE WHEN customer_id IS NULL THEN 'guest'
                WHEN date_trunc('month', min(ordered_at) OVER (PARTITION BY customer_id)) = date_trunc('month', ordered_at)
                    THEN 'new' ELSE 'returning' END AS segment,
           revenue, items, customer_id
    FROM rp_f8 WHERE ordered_at IS NOT NULL
), ref AS (
    SELECT period, segment, aov_breakdown(revenue, items, customer_id, 0.1) AS b FROM seg GROUP BY period, segment
    UNION ALL SELECT period, 'all', aov_breakdown(revenue, items, customer_id, 0.1) FROM seg GROUP BY period
)
SELECT coalesce(g.period, ref.period) AS period, coalesce(g.segment, ref.segment) AS segment, x.field, x.got, x.ref
FROM rp_got g FULL JOIN ref ON ref.period = g.period AND ref.segment = g.segment
CROSS JOIN LATERAL rp_row_diff(jsonb_populate_record(g, '{"orders_share": null, "revenue_share": null, "ordinality": null}'),
                               ROW(ref.period, ref.segment, NULL, NULL, (ref.b).*, NULL)::rp_got) x
ORDER BY 1, 2, x.field;

DROP FUNCTION rp_diff(text, timestamptz, timestamptz, numeric), rp_run(text),
    rp_row_diff(rp_got, rp_got), rp_fields(rp_got),
    rp_ref(text, timestamptz, timestamptz, numeric), rp_same(numeric, numeric), rp_share_ok(float8, numeric);
DROP TABLE rp_ts, rp_got;
DROP DOMAIN rp_money;
RESET TimeZone;
