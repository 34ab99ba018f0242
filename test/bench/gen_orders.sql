-- gen_orders.sql: synthetic order table for the aov_ext benchmarks.
--
--   psql -v rows=1000000 -f test/bench/gen_orders.sql    (default: 10,000,000)
--
-- bench_orders(order_id bigint, revenue numeric(12,2), revenue_f float8, items integer)
--
-- Distribution (order values are heavy-tailed, like real shops):
--   * items:  1 + floor(-1.3 ln u)          geometric-like, mean ~2.3, capped at 50
--   * revenue: items^0.8 * exp(3.3 + 0.75 z), z ~ N(0,1)  (lognormal, median
--     about 27 per single-item order), rounded to cents, at least 0.50;
--   * ~5% are single-item orders at a fixed price point (9.99, 19.99, 24.99,
--     49.99, 99.00): real order values have such spikes, and they give
--     aov_top_values a well-defined answer;
--   * ~0.1% are wholesale orders: items and revenue multiplied by 100.
--   revenue_f holds exactly the same values as revenue (the double nearest to
--   each cent value), so float8 and numeric results are comparable.
--
-- Deterministic (gen_common.sql: u(id, k) is draw k of order id).
--
-- One INSERT ... SELECT over generate_series, then VACUUM (FREEZE, ANALYZE)
-- so that hint bits and the visibility map are set before anything is timed.

\ir gen_common.sql
\if :{?rows} \else \set rows 10000000 \endif

DROP TABLE IF EXISTS bench_orders;
CREATE TABLE bench_orders (
    order_id  bigint NOT NULL,
    revenue   numeric(12,2) NOT NULL,
    revenue_f float8 NOT NULL,
    items     integer NOT NULL
);

INSERT INTO bench_orders (order_id, revenue, revenue_f, items)
SELECT id,
       (cents::numeric / 100)::numeric(12,2),
       cents::float8 / 100,          -- same value as the numeric column, exactly rounded
       n_items
FROM (
    SELECT id,
           CASE WHEN wholesale THEN 100 * c ELSE c END AS cents,
           CASE WHEN wholesale THEN 100 * i ELSE i END AS n_items
    FROM (
        SELECT id,
               pg_temp.u(id, 4) < 0.001 AS wholesale,
               pg_temp.order_items(id, 50, 1.3) AS i,
               pg_temp.order_cents(id, 50, 1.3) AS c
        FROM generate_series(1::bigint, (:rows)::bigint) AS id
    ) d1
) d2;

VACUUM (FREEZE, ANALYZE) bench_orders;

SELECT count(*) AS orders,
       min(revenue), max(revenue),
       round(avg(revenue), 2) AS avg_revenue,
       percentile_disc(0.5) WITHIN GROUP (ORDER BY revenue) AS median_revenue,
       count(*) FILTER (WHERE items >= 100) AS wholesale_orders,
       count(DISTINCT revenue) AS distinct_revenues,
       pg_size_pretty(pg_table_size('bench_orders')) AS table_size
FROM bench_orders;
