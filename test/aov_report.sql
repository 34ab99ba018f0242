-- test/aov_report.sql: the AOV report of test/demo.sh.
--
-- Needs the aov_ext extension and the orders table of test/sample_data.sql:
--
--   psql -v ON_ERROR_STOP=1 -f test/aov_report.sql
--
-- One row per calendar month (UTC) and customer segment, plus an 'all' row
-- per month:
--
--   segment          new: the customer's first order ever falls in this month
--                    (all of the customer's orders in that month count as new);
--                    returning: any other customer; guest: customer_id IS NULL
--   orders           number of orders
--   revenue          sum of revenue
--   aov              average order value = revenue / orders
--   items_per_order  sum(items) / orders
--   unit_price       revenue / sum(items)   (aov = unit_price * items_per_order)
--   aov_trim5        aov_trimmed_mean(revenue, 0.05): the mean after dropping
--                    the lowest and highest 5% of order values
--   top3             aov_top_values(revenue, 3): the three most frequent order
--                    values, shown as value x count, e.g. 12.99x1714

\set ON_ERROR_STOP 1

WITH first_order AS (
    SELECT customer_id,
           date_trunc('month', min(ordered_at) AT TIME ZONE 'UTC')::date AS first_month
    FROM orders
    WHERE customer_id IS NOT NULL
    GROUP BY customer_id
), o AS (
    SELECT date_trunc('month', o.ordered_at AT TIME ZONE 'UTC')::date AS month,
           CASE WHEN o.customer_id IS NULL THEN 'guest'
                WHEN f.first_month = date_trunc('month', o.ordered_at AT TIME ZONE 'UTC')::date
                    THEN 'new'
                ELSE 'returning' END AS segment,
           o.revenue, o.items
    FROM orders AS o
    LEFT JOIN first_order AS f USING (customer_id)
), r AS (
    SELECT month,
           CASE WHEN grouping(segment) = 1 THEN 'all' ELSE segment END AS segment,
           count(*) AS orders,
           sum(revenue) AS revenue,
           sum(items) AS items,
           aov_trimmed_mean(revenue, 0.05) AS aov_trim5,
           aov_top_values(revenue, 3) AS top
    FROM o
    GROUP BY GROUPING SETS ((month, segment), (month))
)
SELECT to_char(month, 'YYYY-MM') AS month,
       segment,
       orders,
       revenue,
       round(revenue / orders, 2) AS aov,
       round(items::numeric / orders, 3) AS items_per_order,
       round(revenue / nullif(items, 0), 2) AS unit_price,
       round(aov_trim5, 2) AS aov_trim5,
       (SELECT string_agg(t.value || 'x' || t.count, '  ' ORDER BY t.ord)
        FROM unnest(top) WITH ORDINALITY AS t(value, count, share, ord)) AS top3
FROM r
ORDER BY r.month, array_position(ARRAY['new', 'returning', 'guest', 'all'], segment);
