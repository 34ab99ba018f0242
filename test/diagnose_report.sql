-- test/diagnose_report.sql: why AOV fell from May to June 2026, the second
-- part of test/demo.sh.
--
-- Needs the aov_ext extension and the orders and campaigns tables of
-- test/sample_data.sql:
--
--   psql -v ON_ERROR_STOP=1 -f test/diagnose_report.sql
--
-- diagnose_aov_drop does the work (doc/reference.md#diagnose_aov_drop), with
-- the promo prices of the sample's promotion plan (promo_table =>
-- 'campaigns').  This file prints its answer as three questions a shop owner
-- asks, each table preceded by what its columns mean: how much did AOV fall
-- (plain and typical), did the typical order buy fewer items or pay less per
-- item and which case of the decision table that is, and where the plain
-- change came from (its exact split into effects).  Money is rounded to 2
-- decimals, changes in percent to 1.

\set ON_ERROR_STOP 1
\set QUIET 1
SET TimeZone = 'UTC';
CREATE TEMP TABLE diagnosis AS
SELECT row_number() OVER () AS n, * FROM diagnose_aov_drop('orders',
                                aov_period('month', '2026-05-01'),
                                aov_period('month', '2026-06-01'),
                                promo_table => 'campaigns');
-- the typical (5% trimmed) AOV of each month, to print next to the plain one
CREATE TEMP TABLE typical AS
SELECT segment AS scope,
       max(aov_trimmed) FILTER (WHERE period = '2026-05-01') AS may,
       max(aov_trimmed) FILTER (WHERE period = '2026-06-01') AS june
FROM aov_report('orders', 'month', since => '2026-05-01', until => '2026-07-01')
GROUP BY segment;
\set QUIET 0

\echo '1. How much did AOV fall from May to June?'
\echo '   AOV is revenue / orders: every order counts, so a few wholesale orders of hundreds of items move it.'
\echo '   Typical AOV leaves out the 5% lowest and 5% highest orders first (a 5% trimmed mean): what a usual order is worth.'
\echo ''

SELECT d.scope AS segment,
       d.orders_before AS "orders May",
       d.orders_after AS "orders June",
       round(d.aov_before, 2) AS "AOV May",
       round(d.aov_after, 2) AS "AOV June",
       round(100 * (d.aov_after / d.aov_before - 1), 1) AS "AOV change %",
       round(t.may, 2) AS "typical AOV May",
       round(t.june, 2) AS "typical AOV June",
       round(100 * (t.june / t.may - 1), 1) AS "typical change %"
FROM diagnosis AS d JOIN typical AS t USING (scope)
ORDER BY d.n;

\echo 'The plain AOV fell much more than the typical order, because wholesale orders (200 items or more)'
\echo 'were fewer and smaller in June:'
\echo ''

SELECT to_char(month, 'YYYY-MM') AS month,
       count(*) FILTER (WHERE items >= 200) AS "wholesale orders",
       sum(items) FILTER (WHERE items >= 200) AS items,
       sum(revenue) FILTER (WHERE items >= 200) AS revenue,
       round(100 * sum(revenue) FILTER (WHERE items >= 200) / sum(revenue), 1) AS "% of the month's revenue"
FROM (SELECT date_trunc('month', ordered_at) AS month, items, revenue FROM orders
      WHERE ordered_at >= '2026-05-01' AND ordered_at < '2026-07-01') AS o
GROUP BY month ORDER BY month;

\echo '2. Did the typical order buy fewer items, or pay less per item?'
\echo '   Each change compares the typical (5% trimmed) figure of June with May''s; it counts as down or up only'
\echo '   when it is larger than 2% and than chance (Yuen''s test, p < 0.05), else flat.  The promo price is the'
\echo '   mean list price of the products promoted in the month (table campaigns).  The three directions pick'
\echo '   the case of the decision table (doc/reference.md#the-four-cases):'
\echo '     case 1: items/order or unit price down, the other flat, promo price not down -> season or promotion plan'
\echo '     case 2: items/order not down, promo price down -> promoted items picked below the usual price standard'
\echo '     case 3: items/order and unit price down, promo price not down -> season first, then brands, policy, targeting'
\echo '     case 4: items/order and promo price down -> any of the above'
\echo '     no drop: the typical AOV did not fall by more than 2% and chance'
\echo ''

SELECT scope AS segment,
       format('%s%% %s', to_char(round(100 * items_per_order_rel_change::numeric, 1), 'FMSG990.0'),
              items_per_order_direction) AS "typical items/order",
       format('%s%% %s', to_char(round(100 * unit_price_rel_change::numeric, 1), 'FMSG990.0'),
              unit_price_direction) AS "typical unit price",
       format('%s -> %s (%s%%) %s', round(promo_price_before, 2), round(promo_price_after, 2),
              to_char(round(100 * promo_price_rel_change::numeric, 1), 'FMSG990.0'), promo_price_direction)
           AS "promo price",
       outcome
FROM diagnosis ORDER BY n;

\set QUIET 1
\x on
\set QUIET 0
SELECT scope AS segment, explanation, checks AS "what to check", lever AS "what to do"
FROM diagnosis WHERE scope <> 'guest' ORDER BY n;
\set QUIET 1
\x off
\set QUIET 0

\echo '3. Where did the change of the plain AOV come from?'
\echo '   The plain AOV change splits exactly into a part due to unit price and a part due to items per order'
\echo '   (they add up to it; log-mean Divisia split of AOV = unit price x items/order).  For all orders it also'
\echo '   splits into the segments'' shares of orders moving (mix) and the segments'' own AOVs moving (within).'
\echo '   The large items/order part is the wholesale orders above: the typical basket did not shrink (question 2).'
\echo ''

SELECT scope AS segment,
       round(aov_change, 2) AS "AOV change",
       round(unit_price_effect, 2) AS "due to unit price",
       round(items_per_order_effect, 2) AS "due to items/order",
       round(mix_effect, 2) AS "due to segment mix",
       round(within_effect, 2) AS "within segments"
FROM diagnosis ORDER BY n;

\set QUIET 1
\pset tuples_only on
\pset format unaligned
\set QUIET 0
SELECT format(E'In short: June''s typical order kept its basket (items/order %s%%) and paid %s%% less per item,\n'
              'while the promoted products cost about what May''s did (%s%%): %s.  The summer sale cut prices and\n'
              'brought %s%% more orders, but not bigger baskets; the plain AOV fell %s%% mostly because May had\n'
              'more wholesale orders.',
              to_char(round(100 * items_per_order_rel_change::numeric, 1), 'FMSG990.0'),
              to_char(round(-100 * unit_price_rel_change::numeric, 1), 'FM990.0'),
              to_char(round(100 * promo_price_rel_change::numeric, 1), 'FMSG990.0'),
              outcome,
              to_char(round(100 * (orders_after::numeric / orders_before - 1), 1), 'FM990.0'),
              to_char(round(-100 * (aov_after / aov_before - 1), 1), 'FM990.0'))
FROM diagnosis WHERE scope = 'all';
