-- test/sample_campaign.sql: a planted 满100减10 campaign (spend 100, get 10
-- back) on the sample orders, for the bunching section of doc/guide.md.
--
--   psql -v ON_ERROR_STOP=1 -f test/sample_data.sql -f test/sample_campaign.sql
--
-- (Re)creates campaign_orders with the columns of orders: the sample's
-- 60,153 orders replayed half a year later (2026-07-01 .. 2026-12-31), in
-- which 35% of the orders worth 80 to 99.99 added an item to reach the
-- threshold: their revenue rises to 100 plus 0 to 12.99, their items by one.  The choice and
-- the added amount come from md5 of the order id, so the table is the same
-- on every run and platform.  The planted answer: 1,644 orders moved from
-- [80, 100) to [100, 113), adding 0.4599 per campaign order to its AOV.
-- Also (re)creates the view year_orders: orders and campaign_orders together.
DROP VIEW IF EXISTS year_orders;
DROP TABLE IF EXISTS campaign_orders;
CREATE TABLE campaign_orders AS
SELECT order_id, customer_id, ordered_at + interval '6 months' AS ordered_at,
       CASE WHEN revenue >= 80 AND revenue < 100
             AND ('x' || substr(md5('camp' || order_id), 1, 8))::bit(32)::bigint < 0.35 * 4294967296
            THEN revenue + round(100 - revenue
                                 + 12.99 * (('x' || substr(md5('add' || order_id), 1, 8))::bit(32)::bigint
                                            / 4294967296.0), 2)
            ELSE revenue END AS revenue,
       items + CASE WHEN revenue >= 80 AND revenue < 100
                         AND ('x' || substr(md5('camp' || order_id), 1, 8))::bit(32)::bigint < 0.35 * 4294967296
                    THEN 1 ELSE 0 END AS items
  FROM orders;
ANALYZE campaign_orders;

-- The two half years in one relation, for aov_threshold_effect: January to
-- June without the campaign (the baseline), July to December with it.
CREATE VIEW year_orders AS SELECT * FROM orders UNION ALL SELECT * FROM campaign_orders;
