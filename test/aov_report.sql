-- test/aov_report.sql: the AOV report of test/demo.sh.
--
-- Needs the aov_ext extension and the orders table of test/sample_data.sql:
--
--   psql -v ON_ERROR_STOP=1 -f test/aov_report.sql
--
-- aov_report('orders', 'month') does the work (doc/reference.md#aov_report);
-- this file only picks and rounds columns.  One row per calendar month (UTC)
-- and customer segment, plus an 'all' row per month:
--
--   segment     new: the customer's first order ever falls in this month (all
--               of the customer's orders in that month count as new);
--               returning: any other customer; guest: customer_id IS NULL;
--               all: every order of the month
--   orders      number of orders
--   orders%     the segment's share of the month's orders (mix: more new
--               customers, who buy less, lower the month's AOV by themselves)
--   revenue%    the segment's share of the month's revenue
--   aov         average order value (客单价) = revenue / orders
--   unit_price  revenue / items (客单品价)
--   ipo         items per order (客单量) = items / orders;
--               aov = unit_price * ipo exactly
--   aov_trim5   mean order value after dropping the lowest and highest 5% of
--               the segment's orders: the typical order, not moved by a few
--               wholesale orders or by returns
--   aov_median  the middle order value
--   up_trim5    5% trimmed mean of the per-order unit prices (revenue / items
--               of each order): what a typical order pays per item
--   ipo_trim5   5% trimmed mean of the items per order: the typical basket
--   top_order   the most frequent order value, with its number of orders
--               (e.g. 12.99 x213: 213 orders of exactly 12.99)

\set ON_ERROR_STOP 1

-- The sample data is in UTC; calendar months follow the session's TimeZone.
\set QUIET 1
SET TimeZone = 'UTC';
\set QUIET 0

SELECT to_char(period, 'YYYY-MM') AS month,
       segment,
       orders,
       round(100 * orders_share::numeric, 1) AS "orders%",
       round(100 * revenue_share::numeric, 1) AS "revenue%",
       round(aov, 2) AS aov,
       round(unit_price, 2) AS unit_price,
       round(items_per_order, 2) AS ipo,
       round(aov_trimmed, 2) AS aov_trim5,
       aov_median,
       round(unit_price_trimmed, 2) AS up_trim5,
       round(items_per_order_trimmed, 2) AS ipo_trim5,
       aov_top[1].value || ' x' || aov_top[1].count AS top_order
FROM aov_report('orders', 'month');
