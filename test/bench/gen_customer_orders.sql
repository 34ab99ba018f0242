-- gen_customer_orders.sql: synthetic orders with customers and order times,
-- for the aov_breakdown / aov_report benchmark (test/bench/breakdown.sh).
--
--   psql -v rows=1000000 -f test/bench/gen_customer_orders.sql   (default: 10,000,000)
--   psql -v rows=1000000 -v customers=50000 -f ...                (default: rows / 12)
--
-- orders(order_id bigint, customer_id bigint, ordered_at timestamptz,
--        revenue numeric(12,2), revenue_f float8, items integer)
--
-- The column names are aov_report's defaults (ordered_at, revenue, items,
-- customer_id).  gen_orders.sql (the trimmed-mean benchmark's table) has no
-- customers or times and items up to 5000, so this is a separate generator;
-- the order values follow the same recipe.
--
-- Distribution:
--   * ordered_at: uniform over the 12 months of 2025 (UTC), to the second.
--   * customer_id: NULL for ~8% of the orders (guest checkouts).  The other
--     orders go to customers 1..C (C = :customers, default rows / 12).
--     Customer c is acquired at 0.9 * (c - 1) / C of the year, and an order
--     at time t goes to one of the customers acquired by then, the early
--     (loyal) ones more often: c = 1 + floor(C(t) * v^1.5), C(t) = the
--     customers acquired by t.  So new customers keep arriving all year, and
--     "new" vs "returning" is a real split in every month.  At 10M orders:
--     ~800k distinct customers, ~11 orders each on average.
--   * items: 1 + floor(-1.5 ln u), capped at 12 (mean ~2.05); ~0.3% of the
--     orders have 0 items (gift cards / services: 25.00, 50.00 or 100.00).
--   * revenue: items^0.8 * exp(3.3 + 0.75 z), z ~ N(0,1) (lognormal, median
--     about 27 for one item), rounded to cents, at least 0.50; ~5% are
--     single-item orders at a price point (9.99, 19.99, 24.99, 49.99, 99.00);
--     ~0.2% are bulk orders worth 30x (same item counts): the heavy tail.
--   revenue_f holds exactly the same values as revenue (the double nearest to
--   each cent value), so float8 and numeric results are comparable.
--
-- Deterministic (gen_common.sql: u(id, k) is draw k of order id).
--
-- One INSERT ... SELECT over generate_series, then VACUUM (FREEZE, ANALYZE).

\ir gen_common.sql
\if :{?rows} \else \set rows 10000000 \endif
\if :{?customers}
\else
SELECT greatest(1, (:rows)::bigint / 12) AS customers \gset
\endif

DROP TABLE IF EXISTS orders;
CREATE TABLE orders (
    order_id    bigint NOT NULL,
    customer_id bigint,
    ordered_at  timestamptz NOT NULL,
    revenue     numeric(12,2) NOT NULL,
    revenue_f   float8 NOT NULL,
    items       integer NOT NULL
);

INSERT INTO orders (order_id, customer_id, ordered_at, revenue, revenue_f, items)
SELECT id,
       CASE WHEN u7 < 0.08 THEN NULL
            ELSE 1 + floor(least(:customers, greatest(1, ceil(:customers * t / 0.9)))
                           * power(u8, 1.5))::bigint
       END,
       timestamptz '2025-01-01 00:00:00+00'
           + make_interval(secs => floor(t * 365 * 86400)),
       (cents::numeric / 100)::numeric(12,2),
       cents::float8 / 100,          -- same value as the numeric column, exactly rounded
       n_items
FROM (
    SELECT id, t, u7, u8,
           CASE WHEN zero THEN (ARRAY[2500, 5000, 10000]::bigint[])[1 + floor(pg_temp.u(id, 6) * 3)::int]
                WHEN bulk THEN 30 * c
                ELSE c END AS cents,
           CASE WHEN zero THEN 0 ELSE i END AS n_items
    FROM (
        SELECT id, t, u7, u8,
               pg_temp.u(id, 5) >= 0.05 AND pg_temp.u(id, 5) < 0.053 AS zero,
               pg_temp.u(id, 4) < 0.002 AS bulk,
               pg_temp.order_items(id, 12, 1.5) AS i,
               pg_temp.order_cents(id, 12, 1.5) AS c
        FROM (
            SELECT id, pg_temp.u(id, 7) AS u7, pg_temp.u(id, 8) AS u8, pg_temp.u(id, 9) AS t
            FROM generate_series(1::bigint, (:rows)::bigint) AS id
        ) d1
    ) d2
) d3;

VACUUM (FREEZE, ANALYZE) orders;

SELECT count(*) AS orders,
       count(DISTINCT customer_id) AS customers,
       round(100.0 * count(*) FILTER (WHERE customer_id IS NULL) / count(*), 1) AS guest_pct,
       count(*) FILTER (WHERE items = 0) AS zero_item_orders,
       min(items) || '..' || max(items) AS items,
       round(avg(items), 2) AS avg_items,
       min(revenue), max(revenue),
       round(avg(revenue), 2) AS avg_revenue,
       percentile_disc(0.5) WITHIN GROUP (ORDER BY revenue) AS median_revenue,
       to_char(min(ordered_at) AT TIME ZONE 'UTC', 'YYYY-MM-DD') || '..'
           || to_char(max(ordered_at) AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS ordered_at_utc,
       pg_size_pretty(pg_table_size('orders')) AS table_size
FROM orders;
