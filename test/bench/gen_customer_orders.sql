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
-- Deterministic without setseed(): every random draw is a hash of
-- (order_id, stream) via hashint8extended(), stable across platforms,
-- releases, plan shapes and parallelism.  u(k) is uniform on (0,1), 53 bits.
--
-- One INSERT ... SELECT over generate_series, then VACUUM (FREEZE, ANALYZE).

\set ON_ERROR_STOP 1
\if :{?rows}
\else
\set rows 10000000
\endif
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
           CASE WHEN zero THEN (ARRAY[2500, 5000, 10000]::bigint[])[1 + floor(u6 * 3)::int]
                WHEN bulk THEN 30 * c
                ELSE c END AS cents,
           CASE WHEN zero THEN 0 ELSE i END AS n_items
    FROM (
        SELECT id, t, u7, u8, u6,
               u5 >= 0.05 AND u5 < 0.053 AS zero,
               u4 < 0.002 AS bulk,
               CASE WHEN u5 < 0.05 THEN 1 ELSE i0 END AS i,
               CASE WHEN u5 < 0.05
                    THEN (ARRAY[999, 1999, 2499, 4999, 9900]::bigint[])[1 + floor(u6 * 5)::int]
                    ELSE greatest(50, round(100 * power(i0, 0.8)
                                            * exp(3.3 + 0.75 * sqrt(-2 * ln(u1)) * cos(2 * pi() * u2))))::bigint
               END AS c
        FROM (
            SELECT id, u1, u2, u4, u5, u6, u7, u8, t,
                   least(12, 1 + floor(-1.5 * ln(u3))::int) AS i0
            FROM (
                SELECT id,
                       ((hashint8extended(id, 1) & 9007199254740991)::float8 + 0.5) / 9007199254740992 AS u1,
                       ((hashint8extended(id, 2) & 9007199254740991)::float8 + 0.5) / 9007199254740992 AS u2,
                       ((hashint8extended(id, 3) & 9007199254740991)::float8 + 0.5) / 9007199254740992 AS u3,
                       ((hashint8extended(id, 4) & 9007199254740991)::float8 + 0.5) / 9007199254740992 AS u4,
                       ((hashint8extended(id, 5) & 9007199254740991)::float8 + 0.5) / 9007199254740992 AS u5,
                       ((hashint8extended(id, 6) & 9007199254740991)::float8 + 0.5) / 9007199254740992 AS u6,
                       ((hashint8extended(id, 7) & 9007199254740991)::float8 + 0.5) / 9007199254740992 AS u7,
                       ((hashint8extended(id, 8) & 9007199254740991)::float8 + 0.5) / 9007199254740992 AS u8,
                       ((hashint8extended(id, 9) & 9007199254740991)::float8 + 0.5) / 9007199254740992 AS t
                FROM generate_series(1::bigint, (:rows)::bigint) AS id
            ) draws
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
