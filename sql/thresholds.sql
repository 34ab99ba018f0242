--
-- thresholds: aov_threshold_scan against plain count / sum / avg /
-- percentile_cont (and setup's ref_trimmed) over the same rows, and
-- aov_threshold_bunching against an independent least-squares fit
-- (regr_slope / regr_intercept for a line, exact recovery of a quadratic),
-- a planted bunching and a data set without one.  Every check returns the
-- rows that differ (expected: none) next to a count of the rows compared.
--

-- Orders: a smooth, right-skewed revenue (cents), guests, NULL revenues,
-- customers whose first order may fall before the scanned range.
CREATE TABLE th_orders AS
SELECT i AS order_id,
       CASE WHEN test_rnd(i, 'thg') < 0.1 THEN NULL ELSE 1 + floor(test_rnd(i, 'thc') * 400)::bigint END AS customer_id,
       timestamptz '2026-01-01 00:00+00' + (i * interval '61 minutes') AS ordered_at,
       CASE WHEN i % 97 = 0 THEN NULL
            ELSE round((15 + 250 * test_rnd(i, 'thr') ^ 1.8)::numeric, 2) END AS revenue,
       1 + (i % 3) AS items
  FROM generate_series(1, 4000) i;
SELECT count(*), count(revenue), count(DISTINCT revenue) > 1000 AS many_values FROM th_orders;

-- The reference: one row per (segment, threshold) from plain aggregates.
CREATE FUNCTION th_ref(thresholds numeric[], rewards numeric[], near_band numeric, trim_fraction numeric,
                       since timestamptz, until timestamptz, by_segment boolean)
RETURNS TABLE (segment text, tier integer, threshold numeric, orders bigint, aov numeric,
               orders_at_or_above bigint, near_orders bigint, near_mean_gap numeric, tier_orders bigint,
               aov_at_or_above numeric, aov_trimmed_at_or_above numeric, median_at_or_above numeric,
               aov_below numeric, aov_trimmed_below numeric, median_below numeric,
               reward_cost numeric, reward_cost_share float8, tier_reward_cost numeric)
LANGUAGE sql AS $$
    WITH firsts AS (SELECT customer_id, min(ordered_at) AS first FROM th_orders GROUP BY 1),
    o AS (SELECT CASE WHEN NOT by_segment THEN 'all' WHEN o.customer_id IS NULL THEN 'guest'
                      WHEN since IS NULL OR f.first >= since THEN 'new' ELSE 'returning' END AS seg,
                 o.revenue AS r
            FROM th_orders o LEFT JOIN firsts f USING (customer_id)
           WHERE o.revenue IS NOT NULL
             AND (since IS NULL OR o.ordered_at >= since) AND (until IS NULL OR o.ordered_at < until)),
    s AS (SELECT seg, r FROM o UNION ALL SELECT 'all', r FROM o WHERE by_segment),
    t AS (SELECT k AS tier, thresholds[k] AS t, thresholds[k + 1] AS nxt,
                 CASE WHEN cardinality(rewards) = 1 THEN rewards[1] ELSE rewards[k] END AS rw
            FROM generate_subscripts(thresholds, 1) k)
    SELECT s.seg, t.tier, t.t, count(*), avg(s.r),
           count(*) FILTER (WHERE s.r >= t.t),
           count(*) FILTER (WHERE s.r >= t.t * (1 - near_band) AND s.r < t.t),
           avg(t.t - s.r) FILTER (WHERE s.r >= t.t * (1 - near_band) AND s.r < t.t),
           count(*) FILTER (WHERE s.r >= t.t AND (t.nxt IS NULL OR s.r < t.nxt)),
           avg(s.r) FILTER (WHERE s.r >= t.t),
           ref_trimmed(array_agg(s.r) FILTER (WHERE s.r >= t.t), trim_fraction),
           percentile_cont(0.5) WITHIN GROUP (ORDER BY s.r) FILTER (WHERE s.r >= t.t),
           avg(s.r) FILTER (WHERE s.r < t.t),
           ref_trimmed(array_agg(s.r) FILTER (WHERE s.r < t.t), trim_fraction),
           percentile_cont(0.5) WITHIN GROUP (ORDER BY s.r) FILTER (WHERE s.r < t.t),
           t.rw * count(*) FILTER (WHERE s.r >= t.t),
           (t.rw * count(*) FILTER (WHERE s.r >= t.t) / sum(s.r) FILTER (WHERE s.r >= t.t))::float8,
           t.rw * count(*) FILTER (WHERE s.r >= t.t AND (t.nxt IS NULL OR s.r < t.nxt))
      FROM s CROSS JOIN t GROUP BY s.seg, t.tier, t.t, t.nxt, t.rw $$;

-- The fields of a scan row that differ from the reference row (money to
-- 1e-10, shares to 1e-12 relative; counts exactly); numbers as text.
CREATE FUNCTION th_diff(g record, r record) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    out text := '';
    f text;
    gv numeric;
    rv numeric;
BEGIN
    FOREACH f IN ARRAY ARRAY['orders', 'aov', 'orders_at_or_above', 'near_orders', 'near_mean_gap',
                             'tier_orders', 'aov_at_or_above', 'aov_trimmed_at_or_above',
                             'median_at_or_above', 'aov_below', 'aov_trimmed_below', 'median_below',
                             'reward_cost', 'reward_cost_share', 'tier_reward_cost'] LOOP
        gv := (to_jsonb(g) ->> f)::numeric;
        rv := (to_jsonb(r) ->> f)::numeric;
        IF (gv IS NULL) <> (rv IS NULL) OR abs(gv - rv) > 1e-10 * greatest(abs(rv), 1) THEN
            out := out || format(' %s: got %s ref %s;', f, gv, rv);
        END IF;
    END LOOP;
    RETURN nullif(out, '');
END $$;

-- 1. All orders, a ladder of tiers with one reward each; one threshold
-- below every order and one above every order (empty sides: NULL figures).
CREATE TABLE th_got AS
SELECT * FROM aov_threshold_scan('th_orders', ARRAY[10, 50, 100, 150.5, 200, 1000],
                                 rewards => ARRAY[1, 5, 10, 15, 20, 100]);
CREATE TABLE th_want AS
SELECT * FROM th_ref(ARRAY[10, 50, 100, 150.5, 200, 1000], ARRAY[1, 5, 10, 15, 20, 100], 0.2, 0.05,
                     NULL, NULL, false);
SELECT count(*) AS compared FROM th_got g JOIN th_want r USING (segment, tier);
SELECT g.segment, g.tier, th_diff(g, r) FROM th_got g FULL JOIN th_want r USING (segment, tier)
 WHERE th_diff(g, r) IS NOT NULL OR g.tier IS NULL OR r.tier IS NULL;
-- shares and the rule-of-thumb ratio are the counts over the orders
SELECT segment, tier FROM th_got
 WHERE share_at_or_above <> orders_at_or_above::float8 / orders
    OR near_share <> near_orders::float8 / orders OR tier_share <> tier_orders::float8 / orders
    OR threshold_to_aov <> (threshold / aov)::float8;
-- the tiers partition the orders at or above the first threshold
SELECT sum(tier_orders) = max(orders_at_or_above) FILTER (WHERE tier = 1) AS tiers_partition FROM th_got;

-- 2. Per segment over a range (customers first seen before it are
-- returning), another trim and band, one reward for every threshold.
DROP TABLE th_got, th_want;
CREATE TABLE th_got AS
SELECT * FROM aov_threshold_scan('th_orders', ARRAY[40, 80, 120], rewards => ARRAY[8], near_band => 0.3,
                                 trim_fraction => 0.1, by_segment => true,
                                 since => '2026-02-15 00:00+00', until => '2026-04-01 00:00+00');
CREATE TABLE th_want AS
SELECT * FROM th_ref(ARRAY[40, 80, 120], ARRAY[8], 0.3, 0.1, '2026-02-15 00:00+00', '2026-04-01 00:00+00', true);
SELECT segment, count(*) AS compared FROM th_got g JOIN th_want r USING (segment, tier) GROUP BY 1 ORDER BY 1;
SELECT g.segment, g.tier, th_diff(g, r) FROM th_got g FULL JOIN th_want r USING (segment, tier)
 WHERE th_diff(g, r) IS NOT NULL OR g.tier IS NULL OR r.tier IS NULL;

-- 3. float8 and integer revenue read the same distribution.
CREATE VIEW th_float AS SELECT order_id, customer_id, ordered_at, revenue::float8 AS revenue, items FROM th_orders;
CREATE VIEW th_int AS SELECT order_id, customer_id, ordered_at, round(revenue)::integer AS revenue, items FROM th_orders;
SELECT 'float8' AS revenue_type, count(*) AS compared,
       count(*) FILTER (WHERE th_diff(g, r) IS NOT NULL) AS differ
  FROM aov_threshold_scan('th_float', ARRAY[50, 100, 150.5]) g
  JOIN th_ref(ARRAY[50, 100, 150.5], NULL, 0.2, 0.05, NULL, NULL, false) r USING (segment, tier)
UNION ALL
SELECT 'integer', count(*), count(*) FILTER (WHERE g.orders_at_or_above <> r.n
                                             OR g.median_below <> r.med)
  FROM aov_threshold_scan('th_int', ARRAY[50, 100, 150.5]) g
  JOIN (SELECT k AS tier, count(*) FILTER (WHERE round(revenue) >= t) AS n,
               percentile_cont(0.5) WITHIN GROUP (ORDER BY round(revenue)) FILTER (WHERE round(revenue) < t) AS med
          FROM th_orders, unnest(ARRAY[50, 100, 150.5]) WITH ORDINALITY AS x(t, k)
         WHERE revenue IS NOT NULL GROUP BY k) r USING (tier);

-- 4. Forced parallel plans: the pass is a partial aggregate, and the scan
-- and the bunching estimate give the same rows as serial ones.
SET max_parallel_workers_per_gather = 0;
CREATE TABLE th_serial AS SELECT * FROM aov_threshold_scan('th_orders', ARRAY[40, 80, 120], by_segment => true,
                                                           since => '2026-02-15 00:00+00');
CREATE TABLE th_serial_b AS SELECT * FROM aov_threshold_bunching('th_orders', 100, 4, poly => 3, n_boot => 50);
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
SELECT parallel_plan('SELECT _aov_value_counts(revenue, 1) FROM th_orders', 'Partial|Finalize');
SELECT count(*) AS rows, (SELECT count(*) FROM th_serial) AS serial_rows FROM
  (SELECT * FROM aov_threshold_scan('th_orders', ARRAY[40, 80, 120], by_segment => true,
                                    since => '2026-02-15 00:00+00')
   INTERSECT SELECT * FROM th_serial) s;
SELECT count(*) AS rows, (SELECT count(*) FROM th_serial_b) AS serial_rows FROM
  (SELECT * FROM aov_threshold_bunching('th_orders', 100, 4, poly => 3, n_boot => 50)
   INTERSECT SELECT * FROM th_serial_b) s;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
RESET max_parallel_workers_per_gather;

-- 5. The fit.  Bins of width 10 from 0 to 200, threshold 100; bin j
-- (0-based) holds y(j) orders, all at its centre.  A line with noise: the
-- counterfactual is the least-squares line through the fitted bins, which
-- regr_intercept / regr_slope compute here independently.
CREATE FUNCTION th_bins(name text, counts integer[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE format('CREATE TABLE %I AS SELECT row_number() OVER () AS order_id, NULL::bigint AS customer_id,
                           timestamptz ''2026-01-01 00:00+00'' AS ordered_at, (10 * (j - 1) + 5)::numeric AS revenue, 1 AS items
                      FROM unnest($1) WITH ORDINALITY AS x(n, j), generate_series(1, x.n)', name) USING counts;
END $$;
SELECT th_bins('th_line', array(SELECT 200 - 5 * j + (ARRAY[7, -3, 0, 5, -8, 2, 4, -6, 1, 3])[1 + j % 10]
                                       + CASE WHEN j IN (9) THEN -40 WHEN j IN (10, 11) THEN 60 ELSE 0 END
                                  FROM generate_series(0, 19) j ORDER BY j));
WITH got AS (SELECT * FROM aov_threshold_bunching('th_line', 100, 10, bins_below => 10, bins_above => 10,
                                                  excluded_below => 1, excluded_above => 2, poly => 1, n_boot => 0)),
bins AS (SELECT floor(revenue / 10) AS j, count(*) AS n FROM th_line GROUP BY 1),
ref AS (SELECT regr_intercept(n, 10 * j + 5) AS a, regr_slope(n, 10 * j + 5) AS s
          FROM bins WHERE j NOT IN (9, 10, 11)),
want AS (SELECT 10 * b.j AS bin_start, b.n AS observed, r.a + r.s * (10 * b.j + 5) AS cf FROM bins b, ref r)
SELECT 'line' AS fit, count(*) AS compared,
       count(*) FILTER (WHERE g.observed <> w.observed OR abs(g.counterfactual - w.cf) > 1e-9 * abs(w.cf)) AS differ,
       bool_and(abs(g.excess - (SELECT sum(w2.observed - w2.cf) FROM want w2 WHERE w2.bin_start IN (100, 110))) < 1e-8)
         AS excess_ok,
       bool_and(abs(g.missing - (SELECT sum(w2.cf - w2.observed) FROM want w2 WHERE w2.bin_start = 90)) < 1e-8)
         AS missing_ok,
       -- Kleven's b = B / h0: h0 the counterfactual of the threshold's own
       -- bin, not the mean over the two bins of the window above
       bool_and(abs(g.b - g.excess / (SELECT w2.cf FROM want w2 WHERE w2.bin_start = 100)) < 1e-12)
         AS b_ok,
       bool_and(abs(g.b - g.excess / ((SELECT sum(w2.cf) FROM want w2 WHERE w2.bin_start IN (100, 110)) / 2)) > 0.01)
         AS not_window_mean
  FROM got g FULL JOIN want w USING (bin_start);
-- A quadratic outside the window is recovered exactly (to rounding), with
-- a round-number level for the bins starting at multiples of 50 (the
-- threshold's bin among them: its counterfactual keeps the level).
SELECT th_bins('th_quad', array(SELECT 300 + 4 * (j - 8) - (j - 8) * (j - 8) + CASE WHEN j IN (0, 5, 10, 15) THEN 25 ELSE 0 END
                                        + CASE WHEN j = 9 THEN -30 WHEN j = 10 THEN 45 ELSE 0 END
                                   FROM generate_series(0, 19) j ORDER BY j));
SELECT 'quadratic' AS fit, count(*) AS compared,
       count(*) FILTER (WHERE abs(counterfactual - (300 + 4 * (j - 8) - (j - 8) * (j - 8)
                                                    + CASE WHEN j IN (0, 5, 10, 15) THEN 25 ELSE 0 END)) > 1e-8) AS differ,
       round(max(excess)::numeric, 6) AS excess, round(max(missing)::numeric, 6) AS missing
  FROM (SELECT (bin_start / 10)::integer AS j, * FROM
        aov_threshold_bunching('th_quad', 100, 10, bins_below => 10, bins_above => 10, excluded_below => 1,
                               excluded_above => 1, poly => 2, round_number => 50, n_boot => 0)) s;

-- 6. Planted bunching: 40,000 orders from a smooth density on [40, 160);
-- a known share of those in [92, 100) moved to just above 100.  The excess
-- above and the missing mass below are recovered within two standard
-- errors, and the estimate is clearly not zero.  Without the planting,
-- both are within noise of zero.
CREATE TABLE th_smooth AS
SELECT i AS order_id, NULL::bigint AS customer_id, timestamptz '2026-01-01 00:00+00' AS ordered_at,
       round((40 + 120 * test_rnd(i, 'ths') ^ 1.4)::numeric, 2) AS revenue, 1 AS items
  FROM generate_series(1, 40000) i;
CREATE TABLE th_planted AS
SELECT order_id, customer_id, ordered_at,
       CASE WHEN revenue >= 92 AND revenue < 100 AND test_rnd(order_id, 'thm') < 0.4
            THEN 100 + (100 - revenue) / 2 ELSE revenue END AS revenue, items
  FROM th_smooth;
SELECT count(*) AS moved FROM th_smooth s JOIN th_planted p USING (order_id) WHERE s.revenue <> p.revenue;
SELECT data, abs(excess - moved) <= 2 * excess_se AS excess_within_2se,
       abs(missing - moved) <= 2 * missing_se AS missing_within_2se,
       CASE WHEN moved > 0 THEN excess > 3 * excess_se ELSE abs(excess) <= 2 * excess_se END AS excess_vs_zero,
       CASE WHEN moved > 0 THEN b > 3 * b_se ELSE abs(b) <= 2 * b_se END AS b_vs_zero,
       excess_se > 0 AND b_se > 0 AS has_se
  FROM (SELECT 'planted' AS data, (SELECT count(*) FROM th_smooth s JOIN th_planted p USING (order_id)
                                   WHERE s.revenue <> p.revenue) AS moved, *
          FROM aov_threshold_bunching('th_planted', 100, 2, bins_below => 30, bins_above => 30,
                                      excluded_below => 4, excluded_above => 2, poly => 4) LIMIT 1) p
UNION ALL
SELECT 'smooth', abs(excess) <= 2 * excess_se, abs(missing) <= 2 * missing_se,
       abs(excess) <= 2 * excess_se, abs(b) <= 2 * b_se, excess_se > 0 AND b_se > 0
  FROM (SELECT * FROM aov_threshold_bunching('th_smooth', 100, 2, bins_below => 30, bins_above => 30,
                                             excluded_below => 4, excluded_above => 2, poly => 4) LIMIT 1) s;
-- the same seed gives the same standard errors; another seed others
SELECT count(DISTINCT (excess_se, b_se)) AS distinct_se FROM
  (SELECT excess_se, b_se FROM aov_threshold_bunching('th_planted', 100, 2, bins_below => 30, bins_above => 30,
                                                      excluded_below => 4, excluded_above => 2, poly => 4, seed => 7) LIMIT 1) a
  NATURAL FULL JOIN
  (SELECT excess_se, b_se FROM aov_threshold_bunching('th_planted', 100, 2, bins_below => 30, bins_above => 30,
                                                      excluded_below => 4, excluded_above => 2, poly => 4, seed => 7) LIMIT 1) b;
SELECT count(DISTINCT excess_se) AS distinct_se FROM
  (SELECT (SELECT excess_se FROM aov_threshold_bunching('th_planted', 100, 2, bins_below => 30, bins_above => 30,
                                                        excluded_below => 4, excluded_above => 2, poly => 4, seed => s) LIMIT 1)
     FROM unnest(ARRAY[1, 2]) s) x;
-- the bins: observed counts are the orders in each bin, regions as documented
SELECT region, count(*) AS bins, sum(observed) AS orders, min(bin_start), max(bin_end)
  FROM aov_threshold_bunching('th_planted', 100, 2, bins_below => 30, bins_above => 30,
                              excluded_below => 4, excluded_above => 2, poly => 4, n_boot => 0)
 GROUP BY region ORDER BY min(bin_start);
SELECT count(*) FILTER (WHERE revenue >= 92 AND revenue < 100) AS below_ref,
       count(*) FILTER (WHERE revenue >= 100 AND revenue < 104) AS above_ref FROM th_planted;

-- 7. Errors.
CREATE TABLE th_empty (LIKE th_orders);
CREATE VIEW th_nan AS SELECT order_id, customer_id, ordered_at,
                             CASE WHEN order_id = 5 THEN 'NaN' ELSE revenue END AS revenue, items FROM th_orders;
SELECT q, expect_error(q) FROM (VALUES
    ($$SELECT * FROM aov_threshold_scan('th_orders', NULL)$$),
    ($$SELECT * FROM aov_threshold_scan('th_orders', '{}')$$),
    ($$SELECT * FROM aov_threshold_scan('th_orders', ARRAY[100, NULL])$$),
    ($$SELECT * FROM aov_threshold_scan('th_orders', ARRAY[200, 100])$$),
    ($$SELECT * FROM aov_threshold_scan('th_orders', ARRAY[0, 100])$$),
    ($$SELECT * FROM aov_threshold_scan('th_orders', ARRAY['NaN'::numeric])$$),
    ($$SELECT * FROM aov_threshold_scan('th_orders', ARRAY[100, 200], rewards => ARRAY[1, 2, 3])$$),
    ($$SELECT * FROM aov_threshold_scan('th_orders', ARRAY[100], rewards => ARRAY[-1])$$),
    ($$SELECT * FROM aov_threshold_scan('th_orders', ARRAY[100], rewards => '{}')$$),
    ($$SELECT * FROM aov_threshold_scan('th_orders', ARRAY[100], rewards => ARRAY[NULL::numeric])$$),
    ($$SELECT * FROM aov_threshold_scan('th_orders', ARRAY[100], near_band => 1)$$),
    ($$SELECT * FROM aov_threshold_scan('th_orders', ARRAY[100], trim_fraction => 0.5)$$),
    ($$SELECT * FROM aov_threshold_scan('th_orders', ARRAY[100], by_segment => NULL)$$),
    ($$SELECT * FROM aov_threshold_scan('th_orders', ARRAY[100], since => '2026-02-01', until => '2026-01-01')$$),
    ($$SELECT * FROM aov_threshold_scan('th_orders', ARRAY[100], revenue_column => 'nope')$$),
    ($$SELECT * FROM aov_threshold_scan('th_nan', ARRAY[100])$$),
    ($$SELECT * FROM aov_threshold_bunching('th_orders', 100, NULL)$$),
    ($$SELECT * FROM aov_threshold_bunching('th_orders', 100, 0)$$),
    ($$SELECT * FROM aov_threshold_bunching('th_orders', 100, 4, excluded_below => 20)$$),
    ($$SELECT * FROM aov_threshold_bunching('th_orders', 100, 4, excluded_above => 0)$$),
    ($$SELECT * FROM aov_threshold_bunching('th_orders', 100, 4, poly => 21)$$),
    ($$SELECT * FROM aov_threshold_bunching('th_orders', 100, 4, poly => 15, bins_below => 8, bins_above => 8)$$),
    ($$SELECT * FROM aov_threshold_bunching('th_orders', 100, 4, n_boot => -1)$$),
    ($$SELECT * FROM aov_threshold_bunching('th_orders', 100, 4, round_number => 0)$$),
    ($$SELECT * FROM aov_threshold_bunching('th_orders', 100, 4, round_number => 4)$$),
    ($$SELECT * FROM aov_threshold_bunching('th_orders', 100000, 4)$$),
    ($$SELECT * FROM aov_threshold_bunching('th_orders', 300, 10, bins_above => 5)$$),
    ($$SELECT * FROM aov_threshold_bunching('th_orders', 100, 4, since => '2026-01-01 00:00+00', until => '2026-01-01 12:00+00')$$),
    ($$SELECT * FROM aov_threshold_bunching('th_orders', 100, 4, since => '2026-01-01 00:00+00', until => '2026-01-02 12:00+00')$$),
    ($$SELECT * FROM aov_threshold_bunching('th_empty', 100, 4)$$)) v(q);
-- an empty relation, or one whose revenues are all NULL, scans to no rows
-- (NULL revenues among others are skipped: section 1)
CREATE VIEW th_null AS SELECT order_id, customer_id, ordered_at, NULL::numeric AS revenue, items FROM th_orders;
SELECT (SELECT count(*) FROM aov_threshold_scan('th_empty', ARRAY[100])) AS empty_rows,
       (SELECT count(*) FROM aov_threshold_scan('th_null', ARRAY[100], by_segment => true)) AS null_rows;

-- 8. aov_threshold_effect.  The same 30,000 orders (a smooth density on
-- [40, 160)) in three months: January the baseline, February unchanged
-- (no campaign moved anything), March with half of the orders in [92, 100)
-- moved to the mirror value 200 - revenue in (100, 108] with one more item.
-- revenue_before keeps the unmoved value: the planted uplift is known.
CREATE TABLE th_eff AS
SELECT 30000 * m + i AS order_id, NULL::bigint AS customer_id,
       timestamptz '2026-01-01 00:00+00' + m * interval '1 month' + i * interval '1 minute' AS ordered_at,
       r AS revenue_before,
       CASE WHEN m = 2 AND r >= 92 AND r < 100 AND test_rnd(i, 'thm') < 0.5 THEN 200 - r ELSE r END AS revenue,
       1 + (i % 4) + CASE WHEN m = 2 AND r >= 92 AND r < 100 AND test_rnd(i, 'thm') < 0.5 THEN 1 ELSE 0 END AS items
  FROM generate_series(1, 30000) i,
       LATERAL (SELECT round((40 + 120 * test_rnd(i, 'the') ^ 1.4)::numeric, 2) AS r) x,
       generate_series(0, 2) m;
CREATE FUNCTION th_month(m integer) RETURNS tstzrange LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT tstzrange(timestamptz '2026-01-01 00:00+00' + m * interval '1 month',
                     timestamptz '2026-01-01 00:00+00' + (m + 1) * interval '1 month') $$;
-- the planted orders and what they added per March order
SELECT count(*) AS moved, round(sum(revenue - revenue_before) / 30000, 6) AS planted_uplift
  FROM th_eff WHERE ordered_at <@ th_month(2) AND revenue <> revenue_before;
-- The estimate (bins of 2 from 40 to 160, the window 92 to 108, a quartic)
-- for the planted and the unchanged month against January.
CREATE TABLE th_eff_got AS
SELECT m, e.* FROM unnest(ARRAY[1, 2]) m,
       aov_threshold_effect('th_eff', 100, th_month(0), th_month(m), 2, bins_below => 30, bins_above => 30,
                            excluded_below => 4, excluded_above => 4, poly => 4) e;
-- The period figures against plain avg / ref_trimmed over the same rows,
-- and the p-values against aov_compare of summaries made here (Welch for
-- the AOV, Yuen at 5% for the trimmed AOV): the rows that differ.
WITH ref AS (
    SELECT m, count(*) FILTER (WHERE ordered_at <@ th_month(0)) AS nb,
           count(*) FILTER (WHERE ordered_at <@ th_month(m)) AS nc,
           avg(revenue) FILTER (WHERE ordered_at <@ th_month(0)) AS ab,
           avg(revenue) FILTER (WHERE ordered_at <@ th_month(m)) AS ac,
           ref_trimmed(array_agg(revenue) FILTER (WHERE ordered_at <@ th_month(0)), 0.05) AS tb,
           ref_trimmed(array_agg(revenue) FILTER (WHERE ordered_at <@ th_month(m)), 0.05) AS tc,
           (aov_compare(aov_summary(revenue, items, NULL::bigint, 0) FILTER (WHERE ordered_at <@ th_month(0)),
                        aov_summary(revenue, items, NULL::bigint, 0) FILTER (WHERE ordered_at <@ th_month(m)))).aov_p_value AS pa,
           (aov_compare(aov_summary(revenue, items, NULL::bigint, 0.05) FILTER (WHERE ordered_at <@ th_month(0)),
                        aov_summary(revenue, items, NULL::bigint, 0.05) FILTER (WHERE ordered_at <@ th_month(m)))).aov_p_value AS pt
      FROM th_eff, unnest(ARRAY[1, 2]) m GROUP BY m)
SELECT g.m, count(*) OVER () AS compared,
       concat_ws('; ',
           CASE WHEN (g.baseline_orders, g.campaign_orders) <> (r.nb, r.nc) THEN 'orders' END,
           CASE WHEN g.aov_baseline <> r.ab OR g.aov_campaign <> r.ac OR g.aov_uplift <> r.ac - r.ab THEN 'aov' END,
           CASE WHEN abs(g.aov_trimmed_baseline - r.tb) > 1e-10 OR abs(g.aov_trimmed_campaign - r.tc) > 1e-10
                  OR abs(g.aov_trimmed_uplift - (r.tc - r.tb)) > 1e-10 THEN 'trimmed' END,
           CASE WHEN g.aov_p_value IS DISTINCT FROM r.pa OR g.aov_trimmed_p_value IS DISTINCT FROM r.pt THEN 'p' END,
           CASE WHEN g.trim_fraction_used <> 0.05 THEN 'trim' END) AS differ
  FROM th_eff_got g JOIN ref r USING (m)
 ORDER BY g.m;
-- The bunching figures are those of the campaign month, and the moved
-- part is its definition computed from the per-bin rows: the window's
-- observed revenue at bin centres minus the counterfactual's, scaled to the
-- window's observed orders, per order of the campaign month.
WITH bins AS (
    SELECT m, w.* FROM unnest(ARRAY[1, 2]) m,
           aov_threshold_bunching('th_eff', 100, 2, bins_below => 30, bins_above => 30, excluded_below => 4,
                                  excluded_above => 4, poly => 4, since => lower(th_month(m)), until => upper(th_month(m))) w),
ref AS (
    SELECT m, max(excess) AS excess, max(excess_se) AS excess_se, max(missing) AS missing, max(b) AS b, max(b_se) AS b_se,
           (sum(observed * (bin_start + bin_end) / 2) FILTER (WHERE region <> 'fitted')
            - sum(counterfactual * (bin_start + bin_end) / 2) FILTER (WHERE region <> 'fitted')
              * sum(observed) FILTER (WHERE region <> 'fitted') / sum(counterfactual) FILTER (WHERE region <> 'fitted'))
           / 30000 AS moved
      FROM bins GROUP BY m)
SELECT g.m, (g.excess, g.excess_se, g.missing, g.b, g.b_se) = (r.excess, r.excess_se, r.missing, r.b, r.b_se) AS bunching_same,
       abs(g.moved_uplift - r.moved) <= 1e-9 * greatest(abs(r.moved), 1e-3) AS moved_ok,
       abs(g.other_uplift - (g.aov_uplift::float8 - g.moved_uplift)) < 1e-12 AS other_ok
  FROM th_eff_got g JOIN ref r USING (m) ORDER BY g.m;
-- Recovery: March's moved part is the planted uplift within two standard
-- errors and clearly not zero, and the rest of the uplift (here nothing
-- else changed) is within two standard errors of 0; February's is within
-- noise of 0, and its AOV did not change at all.
SELECT g.m, CASE WHEN g.m = 2 THEN abs(g.moved_uplift - p.planted) <= 2 * g.moved_uplift_se
                 ELSE abs(g.moved_uplift) <= 2 * g.moved_uplift_se END AS moved_recovered,
       CASE WHEN g.m = 2 THEN g.moved_uplift > 3 * g.moved_uplift_se ELSE g.aov_uplift = 0 END AS vs_zero,
       abs(g.other_uplift) <= 2 * g.moved_uplift_se AS other_near_zero,
       abs(g.aov_uplift - CASE WHEN g.m = 2 THEN p.planted_exact ELSE 0 END) < 1e-12 AS uplift_is_planted,
       g.moved_uplift_se > 0 AS has_se
  FROM th_eff_got g,
       (SELECT (sum(revenue - revenue_before) / 30000)::float8 AS planted, sum(revenue - revenue_before) / 30000 AS planted_exact
          FROM th_eff WHERE ordered_at <@ th_month(2)) p
 ORDER BY g.m;
-- float8 revenue reads the same orders and bins.
CREATE VIEW th_eff_float AS
SELECT order_id, customer_id, ordered_at, revenue::float8 AS revenue, items FROM th_eff;
SELECT count(*) AS compared,
       count(*) FILTER (WHERE (g.baseline_orders, g.campaign_orders, g.excess, g.b, g.moved_uplift)
                              IS DISTINCT FROM (r.baseline_orders, r.campaign_orders, r.excess, r.b, r.moved_uplift)
                           OR abs(g.aov_uplift - r.aov_uplift) > 1e-9) AS differ
  FROM aov_threshold_effect('th_eff_float', 100, th_month(0), th_month(2), 2, bins_below => 30, bins_above => 30,
                            excluded_below => 4, excluded_above => 4, poly => 4) g,
       th_eff_got r
 WHERE r.m = 2;
-- Inclusive and exclusive bounds select the orders a range contains.
SELECT campaign_orders, (SELECT count(*) FROM th_eff WHERE ordered_at > '2026-03-01 00:00+00'
                                                       AND ordered_at <= '2026-03-20 00:00+00') AS ref
  FROM aov_threshold_effect('th_eff', 100, th_month(0), tstzrange('2026-03-01 00:00+00', '2026-03-20 00:00+00', '(]'),
                            2, bins_below => 30, bins_above => 30, excluded_below => 4, excluded_above => 4,
                            poly => 4, n_boot => 0);
-- Forced parallel plans give the same row as a serial one.
SET max_parallel_workers_per_gather = 0;
CREATE TABLE th_eff_serial AS
SELECT * FROM aov_threshold_effect('th_eff', 100, th_month(0), th_month(2), 2, bins_below => 30, bins_above => 30,
                                   excluded_below => 4, excluded_above => 4, poly => 4, n_boot => 50);
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
SELECT parallel_plan($$SELECT aov_summary(revenue, items, NULL::bigint, 0.05) FILTER (WHERE ordered_at <@ th_month(0))
                         FROM th_eff WHERE ordered_at <@ th_month(0) OR ordered_at <@ th_month(2)$$, 'Partial|Finalize');
SELECT count(*) AS rows, (SELECT count(*) FROM th_eff_serial) AS serial_rows FROM
  (SELECT * FROM aov_threshold_effect('th_eff', 100, th_month(0), th_month(2), 2, bins_below => 30, bins_above => 30,
                                      excluded_below => 4, excluded_above => 4, poly => 4, n_boot => 50)
   INTERSECT SELECT * FROM th_eff_serial) s;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
RESET max_parallel_workers_per_gather;
-- Errors.
SELECT q, expect_error(q) FROM (VALUES
    ($$SELECT * FROM aov_threshold_effect('th_eff', 100, NULL, th_month(2), 2)$$),
    ($$SELECT * FROM aov_threshold_effect('th_eff', 100, th_month(0), th_month(2), 2, trim_fraction => NULL)$$),
    ($$SELECT * FROM aov_threshold_effect('th_eff', 100, 'empty', th_month(2), 2)$$),
    ($$SELECT * FROM aov_threshold_effect('th_eff', 100, th_month(0), tstzrange('2026-03-01 00:00+00', '2026-03-01 00:00+00'), 2)$$),
    ($$SELECT * FROM aov_threshold_effect('th_eff', 100, tstzrange('2026-01-01 00:00+00', '2026-03-02 00:00+00'), th_month(2), 2)$$),
    ($$SELECT * FROM aov_threshold_effect('th_eff', 100, th_month(0), th_month(2), 2, trim_fraction => 0.5)$$),
    ($$SELECT * FROM aov_threshold_effect('th_eff', 100, th_month(0), th_month(2), 2, excluded_below => 0)$$),
    ($$SELECT * FROM aov_threshold_effect('th_eff', 100, th_month(5), th_month(2), 2)$$),
    ($$SELECT * FROM aov_threshold_effect('th_eff', 100, th_month(0), th_month(5), 2)$$),
    ($$SELECT * FROM aov_threshold_effect('th_eff', 165, th_month(0), th_month(2), 2)$$),
    ($$SELECT * FROM aov_threshold_effect('th_eff', 300, th_month(0), th_month(2), 2, bins_above => 5)$$),
    ($$SELECT * FROM aov_threshold_effect('th_eff', 100, th_month(0), th_month(2), 2, poly => 40)$$),
    ($$SELECT * FROM aov_threshold_effect('th_eff', 100, th_month(0), th_month(2), 2, revenue_column => 'nope')$$)) v(q);
