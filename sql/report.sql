--
-- aov_report: every row and field compared with a plain SQL report over the
-- same rows (rp_ref below):
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
--
SET TimeZone = 'PST8PDT';

-- ---------------------------------------------------------------------
-- Reference helpers (plain SQL over arrays of one measure's values)
-- ---------------------------------------------------------------------

CREATE FUNCTION rp_trimmed(x numeric[], t numeric) RETURNS numeric LANGUAGE sql IMMUTABLE AS $$
    SELECT avg(v) FROM (SELECT v, row_number() OVER (ORDER BY v) AS rn, count(*) OVER () AS n
                        FROM unnest(x) v) s
    WHERE rn > floor(n * t) AND rn <= n - floor(n * t) $$;
CREATE FUNCTION rp_median(x numeric[]) RETURNS numeric LANGUAGE sql IMMUTABLE AS $$
    SELECT avg(v) FROM (SELECT v, row_number() OVER (ORDER BY v) AS rn, count(*) OVER () AS n
                        FROM unnest(x) v) s
    WHERE rn IN ((n + 1) / 2, (n + 2) / 2) $$;
CREATE FUNCTION rp_top_ok(got aov_top_numeric[], x numeric[]) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$
    WITH ref AS (SELECT row_number() OVER (ORDER BY count(*) DESC, v) AS rn, v, count(*) AS cnt,
                        count(*)::float8 / cardinality(x)::float8 AS share
                 FROM unnest(x) v GROUP BY v ORDER BY count(*) DESC, v LIMIT 3),
    g AS (SELECT * FROM unnest(got) WITH ORDINALITY AS u(value, count, share, rn))
    SELECT coalesce(bool_and(g.value = ref.v AND g.count = ref.cnt AND g.share = ref.share), true)
           AND count(g.rn) = count(ref.rn)
           AND (got IS NULL) = (x IS NULL OR cardinality(x) = 0)
    FROM g FULL JOIN ref USING (rn) $$;
-- equal in value and in text (NULL and NULL are equal)
CREATE FUNCTION rp_same(a numeric, b numeric) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$
    SELECT a IS NOT DISTINCT FROM b AND a::text IS NOT DISTINCT FROM b::text $$;
-- a float8 share: within 1e-15 (relative) of the exact ratio rounded to float8
CREATE FUNCTION rp_share_ok(a float8, b numeric) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$
    SELECT (a IS NULL AND b IS NULL) OR abs(a - b::float8) <= 1e-15 * abs(b::float8) $$;

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

-- Runs an aov_report call and compares it with rp_ref(gran, since, until,
-- t) over rp_src: the number of rows on each side, whether the order is
-- right, and the fields that differ anywhere (empty when none does).
CREATE FUNCTION rp_check(call text, gran text, since timestamptz, until timestamptz, t numeric)
RETURNS TABLE (got_rows bigint, ref_rows bigint, ordered boolean, mismatches text)
LANGUAGE plpgsql AS $f$
BEGIN
    RETURN QUERY EXECUTE format($q$
    WITH got AS (SELECT * FROM %s WITH ORDINALITY AS g),
    ref AS (SELECT * FROM rp_ref($1, $2, $3, $4))
    SELECT count(got.period), count(ref.period), coalesce(bool_and(got.ordinality = ref.ord), false),
           concat_ws(' ',
             CASE WHEN NOT bool_and(got.period IS NOT NULL AND ref.period IS NOT NULL) THEN 'unmatched_rows' END,
             CASE WHEN NOT bool_and(rp_share_ok(got.orders_share, ref.orders_share)) THEN 'orders_share' END,
             CASE WHEN NOT bool_and(rp_share_ok(got.revenue_share, ref.revenue_share)) THEN 'revenue_share' END,
             CASE WHEN NOT bool_and(got.orders IS NOT DISTINCT FROM ref.orders) THEN 'orders' END,
             CASE WHEN NOT bool_and(got.customers IS NOT DISTINCT FROM ref.customers) THEN 'customers' END,
             CASE WHEN NOT bool_and(got.guest_orders IS NOT DISTINCT FROM ref.guest_orders) THEN 'guest_orders' END,
             CASE WHEN NOT bool_and(got.zero_item_orders IS NOT DISTINCT FROM ref.zero_item_orders) THEN 'zero_item_orders' END,
             CASE WHEN NOT bool_and(rp_same(got.revenue, ref.revenue)) THEN 'revenue' END,
             CASE WHEN NOT bool_and(rp_same(got.items, ref.items)) THEN 'items' END,
             CASE WHEN NOT bool_and(rp_same(got.aov, ref.aov)) THEN 'aov' END,
             CASE WHEN NOT bool_and(rp_same(got.unit_price, ref.unit_price)) THEN 'unit_price' END,
             CASE WHEN NOT bool_and(rp_same(got.items_per_order, ref.items_per_order)) THEN 'items_per_order' END,
             CASE WHEN NOT bool_and(rp_same(got.revenue_per_customer, ref.revenue_per_customer)) THEN 'revenue_per_customer' END,
             CASE WHEN NOT bool_and(rp_same(got.orders_per_customer, ref.orders_per_customer)) THEN 'orders_per_customer' END,
             CASE WHEN NOT bool_and(got.trim_fraction_used IS NOT DISTINCT FROM $4::float8) THEN 'trim_fraction_used' END,
             CASE WHEN NOT bool_and(rp_same(got.aov_trimmed, rp_trimmed(ref.rs, $4))) THEN 'aov_trimmed' END,
             CASE WHEN NOT bool_and(got.aov_median IS NOT DISTINCT FROM rp_median(ref.rs)) THEN 'aov_median' END,
             CASE WHEN NOT bool_and(rp_top_ok(got.aov_top, ref.rs)) THEN 'aov_top' END,
             CASE WHEN NOT bool_and(rp_same(got.items_per_order_trimmed, rp_trimmed(ref.qs, $4))) THEN 'items_per_order_trimmed' END,
             CASE WHEN NOT bool_and(got.items_per_order_median IS NOT DISTINCT FROM rp_median(ref.qs)) THEN 'items_per_order_median' END,
             CASE WHEN NOT bool_and(rp_top_ok(got.items_per_order_top, ref.qs)) THEN 'items_per_order_top' END,
             CASE WHEN NOT bool_and(rp_same(got.unit_price_trimmed, rp_trimmed(ref.ps, $4))) THEN 'unit_price_trimmed' END,
             CASE WHEN NOT bool_and(got.unit_price_median IS NOT DISTINCT FROM rp_median(ref.ps)) THEN 'unit_price_median' END,
             CASE WHEN NOT bool_and(rp_top_ok(got.unit_price_top, ref.ps)) THEN 'unit_price_top' END)
    FROM got FULL JOIN ref ON got.period = ref.period AND got.segment = ref.segment
    $q$, call) USING gran, since, until, t;
END
$f$;

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
SELECT * FROM rp_check($$aov_report('rp_orders')$$, 'month', NULL, NULL, 0.05);
-- January to April, the history before the range decides who is new
SELECT * FROM rp_check($$aov_report('rp_orders', 'month', '2024-01-01', '2024-05-01')$$,
                       'month', '2024-01-01', '2024-05-01', 0.05);
-- weeks, with a trim
SELECT * FROM rp_check($$aov_report('rp_orders', 'week', '2024-01-01', '2024-05-01', 0.2)$$,
                       'week', '2024-01-01', '2024-05-01', 0.2);
-- quarters, since only, trim 0 (plain means)
SELECT * FROM rp_check($$aov_report('rp_orders', granularity => 'quarter', since => '2023-11-15', trim_fraction => 0)$$,
                       'quarter', '2023-11-15', NULL, 0);
-- days of one week, until only; year; the granularity in capitals
SELECT * FROM rp_check($$aov_report('rp_orders', 'day', until => '2024-01-08')$$, 'day', NULL, '2024-01-08', 0.05);
SELECT * FROM rp_check($$aov_report('rp_orders', 'YEAR', trim_fraction => 0.25)$$, 'year', NULL, NULL, 0.25);

-- the check does catch differences: a report at trim 0.1 against the
-- reference at 0.05, and months against weeks
SELECT * FROM rp_check($$aov_report('rp_orders', trim_fraction => 0.1)$$, 'month', NULL, NULL, 0.05);
SELECT got_rows, ref_rows, left(mismatches, 14) AS mismatches
FROM rp_check($$aov_report('rp_orders', 'month', '2024-01-01', '2024-05-01')$$, 'week', '2024-01-01', '2024-05-01', 0.05);

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
SELECT * FROM rp_check($$aov_report('rp_renamed', 'month', '2024-01-01', '2024-05-01', time_column => 'Placed At',
                                    revenue_column => 'amount', items_column => 'qty', customer_column => 'buyer')$$,
                       'month', '2024-01-01', '2024-05-01', 0.05);
-- the same orders, so the same report as the original table
SELECT (SELECT array_agg(r::text) FROM aov_report('rp_renamed', 'month', '2024-01-01', '2024-05-01',
                                                  time_column => 'Placed At', revenue_column => 'amount',
                                                  items_column => 'qty', customer_column => 'buyer') r)
     = (SELECT array_agg(r::text) FROM aov_report('rp_orders', 'month', '2024-01-01', '2024-05-01') r) AS same_report;

-- a view that computes its columns (net revenue after a 10% voucher on
-- orders of customers 1-20) and hides some rows (no returns)
CREATE TEMP VIEW rp_view AS
SELECT ordered_at AS ts, CASE WHEN customer_id <= 20 THEN round(revenue * 0.9, 2) ELSE revenue END AS net,
       items AS n_items, customer_id AS who
FROM rp_orders WHERE revenue >= 0 OR revenue IS NULL;
TRUNCATE rp_src;
INSERT INTO rp_src SELECT ts, net, n_items, who FROM rp_view;
SELECT * FROM rp_check($$aov_report('rp_view', 'month', time_column => 'ts', revenue_column => 'net',
                                    items_column => 'n_items', customer_column => 'who')$$,
                       'month', NULL, NULL, 0.05);

-- a date column: days start at midnight in the session's time zone
CREATE TEMP TABLE rp_dated AS
SELECT (ordered_at AT TIME ZONE 'PST8PDT')::date AS ordered_on, revenue, items, customer_id FROM rp_orders;
TRUNCATE rp_src;
INSERT INTO rp_src SELECT ordered_on::timestamptz, revenue, items, customer_id FROM rp_dated;
SELECT * FROM rp_check($$aov_report('rp_dated', 'week', '2024-01-01', '2024-05-01', time_column => 'ordered_on')$$,
                       'week', '2024-01-01', '2024-05-01', 0.05);
SELECT * FROM rp_check($$aov_report('rp_dated', 'month', '2024-02-01', time_column => 'ordered_on')$$,
                       'month', '2024-02-01', NULL, 0.05);

-- integer revenue (whole currency units), read as numeric
CREATE TEMP TABLE rp_intrev AS
SELECT ordered_at, round(revenue)::integer AS revenue, items, customer_id FROM rp_orders;
TRUNCATE rp_src;
INSERT INTO rp_src SELECT ordered_at, revenue::numeric, items, customer_id FROM rp_intrev;
SELECT * FROM rp_check($$aov_report('rp_intrev', 'month', '2024-01-01', '2024-05-01', 0.1)$$,
                       'month', '2024-01-01', '2024-05-01', 0.1);
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
SELECT * FROM rp_check($$aov_report('rp_ts', 'week', '2024-02-01', '2024-04-01', 0.1)$$,
                       'week', '2024-02-01', '2024-04-01', 0.1);
SELECT * FROM rp_check($$aov_report('rp_ts', 'month')$$, 'month', NULL, NULL, 0.05);

-- a schema-qualified name that needs quoting
CREATE SCHEMA "Rp Schema";
CREATE TABLE "Rp Schema"."Orders 2024" AS SELECT * FROM rp_orders;
TRUNCATE rp_src;
INSERT INTO rp_src SELECT ordered_at, revenue, items, customer_id FROM rp_orders;
SELECT * FROM rp_check($$aov_report('"Rp Schema"."Orders 2024"', 'quarter')$$, 'quarter', NULL, NULL, 0.05);
DROP SCHEMA "Rp Schema" CASCADE;

-- float8 revenue: each row is aov_breakdown(revenue, items, customer, trim)
-- over the period's segment (checked against plain SQL in breakdown.sql)
CREATE TEMP TABLE rp_f8 AS SELECT ordered_at, revenue::float8 AS revenue, items, customer_id FROM rp_orders;
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
SELECT count(*) AS rows, count(ref.b) AS ref_rows,
       bool_and(ROW(r.orders, r.customers, r.guest_orders, r.zero_item_orders, r.revenue, r.items, r.aov,
                    r.unit_price, r.items_per_order, r.revenue_per_customer, r.orders_per_customer,
                    r.trim_fraction_used, r.aov_trimmed, r.aov_median, r.aov_top, r.items_per_order_trimmed,
                    r.items_per_order_median, r.items_per_order_top, r.unit_price_trimmed,
                    r.unit_price_median, r.unit_price_top)::text = ref.b::text) AS equal
FROM aov_report('rp_f8', trim_fraction => 0.1) r
LEFT JOIN ref ON ref.period = r.period AND ref.segment = r.segment;

DROP FUNCTION rp_check(text, text, timestamptz, timestamptz, numeric),
    rp_ref(text, timestamptz, timestamptz, numeric), rp_trimmed(numeric[], numeric), rp_median(numeric[]),
    rp_top_ok(aov_top_numeric[], numeric[]), rp_same(numeric, numeric), rp_share_ok(float8, numeric);
DROP TABLE rp_ts;
DROP DOMAIN rp_money;
RESET TimeZone;
