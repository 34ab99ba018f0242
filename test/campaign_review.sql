-- test/campaign_review.sql: the campaign review of the demo (test/demo.sh).
-- Run after test/sample_data.sql: it makes, from the promotion plan
-- `campaigns`, one row per campaign (campaign_list: start day, kind) and
-- daily statistics (campaign_days), then prints aov_campaign_retirement's
-- review: floors of 400 visitors a day, 5,000 a week and 3% conversion
-- (binomial test at 5%), campaigns of at most two weeks.
--
-- The sample orders carry no campaign attribution, so the visits are
-- synthetic (deterministic, md5 of the campaign and day): interest starts
-- near 1,500 landing-page visitors a day and fades, the conversion rate
-- fades more slowly; revenue is the conversions at that day's AOV of the
-- sample orders.
SET TimeZone = 'UTC';   -- the sample's days are UTC days
SET client_min_messages = warning;   -- no notice on a first run's DROP
DROP TABLE IF EXISTS campaign_list, campaign_days;
RESET client_min_messages;
CREATE TABLE campaign_list AS
SELECT campaign AS campaign_id, min(starts_at) AS start_day,
       CASE WHEN max(ends_at) - min(starts_at) < 3 THEN 'short' ELSE 'regular' END AS kind
  FROM campaigns GROUP BY campaign;
CREATE TABLE campaign_days AS
SELECT c.campaign_id, d::date AS day, v.uv,
       round(v.uv * 0.035 * exp(-(d::date - c.start_day) / 15.0))::integer AS conversions,
       round(v.uv * 0.035 * exp(-(d::date - c.start_day) / 15.0)) *
           (SELECT round(avg(revenue), 2) FROM orders
             WHERE ordered_at >= d AND ordered_at < d + interval '1 day') AS revenue
  FROM campaign_list c
  JOIN (SELECT campaign, max(ends_at) AS ends_at FROM campaigns GROUP BY campaign) e ON e.campaign = c.campaign_id,
       generate_series(c.start_day::timestamp AT TIME ZONE 'UTC', e.ends_at::timestamp AT TIME ZONE 'UTC',
                       interval '1 day') d,
       LATERAL (SELECT round(1500 * exp(-(d::date - c.start_day) / 4.0)
                       * (0.8 + 0.4 * ('x' || substr(md5(c.campaign_id || d::date), 1, 8))::bit(32)::bigint
                                      / 4294967296.0))::integer AS uv) v;

\pset null ''
SELECT campaign_id, start_day, last_day, days, uv, conversions, decision, rule, fired_on, evidence
  FROM aov_campaign_retirement('campaign_days', 'campaign_list', daily_uv_floor => 400, weekly_uv_floor => 5000,
                               conversion_floor => 0.03, alpha => 0.05, max_days => 14)
 ORDER BY start_day;
