-- test/aov_report.sql: the AOV report of test/demo.sh.
--
-- Needs the aov_ext extension and the orders table of test/sample_data.sql:
--
--   psql -v ON_ERROR_STOP=1 -f test/aov_report.sql
--
-- aov_report('orders', 'month') does the work (doc/reference.md#aov_report);
-- this file only picks, names and rounds columns (money and items to 2
-- decimals, shares to 1), and prints what they mean with them, so that a
-- reader of the demo needs no other file.  The column names of aov_report
-- behind each heading are in doc/guide.md, section 2.

\set ON_ERROR_STOP 1

-- The sample data is in UTC; calendar months follow the session's TimeZone.
\set QUIET 1
SET TimeZone = 'UTC';
\set QUIET 0

\echo 'Average order value (AOV, 客单价) per month and customer segment.'
\echo '  AOV = revenue / orders = unit price (revenue / items) x items per order, exactly.'
\echo '  Segments: new = the customer''s first order ever is in this month; returning = bought before;'
\echo '  guest = no account; all = every order of the month.'
\echo '  Plain figures (AOV, unit price, items/order) count every order: they add up to the revenue.'
\echo '  Typical figures leave out the 5% lowest and 5% highest orders (returns, wholesale orders of'
\echo '  hundreds of items) before averaging (5% trimmed means), so one big order cannot move them;'
\echo '  typical unit price and items/order are per order, so they do not multiply to the typical AOV.'
\echo ''

SELECT to_char(period, 'YYYY-MM') AS month,
       segment,
       orders,
       round(100 * orders_share::numeric, 1) AS "% of orders",
       round(aov, 2) AS "AOV",
       round(unit_price, 2) AS "unit price",
       round(items_per_order, 2) AS "items/order",
       round(aov_trimmed, 2) AS "typical AOV",
       round(unit_price_trimmed, 2) AS "typical unit price",
       round(items_per_order_trimmed, 2) AS "typical items/order",
       round(aov_median, 2) AS "median order",
       aov_top[1].value || ' (' || aov_top[1].count || 'x)' AS "most frequent order"
FROM aov_report('orders', 'month');
