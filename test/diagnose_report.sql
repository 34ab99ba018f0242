-- test/diagnose_report.sql: why AOV fell from May to June 2026, the second
-- part of test/demo.sh.
--
-- Needs the aov_ext extension and the orders table of test/sample_data.sql:
--
--   psql -v ON_ERROR_STOP=1 -f test/diagnose_report.sql
--
-- diagnose_aov_drop does the work (doc/reference.md#diagnose_aov_drop).  The
-- sample data has a few wholesale orders of hundreds of items, so the
-- directions compare 5% trimmed means (Yuen's test): the typical order.
-- The effects split the plain AOV change exactly into a unit-price part and
-- an items-per-order part, and for 'all' into segment mix and within-segment.
-- No promoted-item prices are given, so the outcome names the cases that
-- remain possible.

\set ON_ERROR_STOP 1
\set QUIET 1
SET TimeZone = 'UTC';
CREATE TEMP TABLE diagnosis AS
SELECT * FROM diagnose_aov_drop('orders',
                                aov_period('month', '2026-05-01'),
                                aov_period('month', '2026-06-01'),
                                trim_fraction => 0.05);
\set QUIET 0

SELECT scope,
       orders_after AS orders,
       round(aov_before, 2) AS aov_may,
       round(aov_after, 2) AS aov_june,
       round(100 * aov_rel_change::numeric, 1) AS "typical%",
       items_per_order_direction AS items,
       unit_price_direction AS unit_price,
       outcome,
       round(unit_price_effect, 2) AS up_effect,
       round(items_per_order_effect, 2) AS ipo_effect,
       round(mix_effect, 2) AS mix
FROM diagnosis;

\x on
SELECT scope, explanation, checks, lever FROM diagnosis WHERE scope IN ('all', 'returning');
