--
-- diagnose: diagnose_aov_drop over generated scenarios, each with a planted
-- cause of known size.  Baseline May 2026, current June 2026.
--
-- Orders repeat cycles of items per order (length 5) and per-item prices
-- (length 3), so over every 15 orders each combination occurs once: a
-- segment's items per order is the mean of its item cycle and its unit
-- price the mean of its price cycle, exactly.  The planted sizes below are
-- computed from the cycles alone, independently of the extension.
--

-- Every pattern has a per-item price averaging 30, so the total's unit
-- price only moves when a price cycle does.
CREATE TABLE plan (scenario text, per int, seg text, n int, q int[], p numeric[]);
INSERT INTO plan
SELECT sc, per, seg, n, q, p FROM (VALUES
    -- items per order down 15% for returning customers only
    ('items_down', 0, 'new', 1500, '{1,1,2,2,3}'::int[], '{25,30,35}'::numeric[]),
    ('items_down', 0, 'returning', 3000, '{2,3,4,5,6}', '{20,30,40}'),
    ('items_down', 0, 'guest', 600, '{1,2,2,3,2}', '{15,30,45}'),
    ('items_down', 1, 'new', 1500, '{1,1,2,2,3}', '{25,30,35}'),
    ('items_down', 1, 'returning', 3000, '{2,3,3,4,5}', '{20,30,40}'),
    ('items_down', 1, 'guest', 600, '{1,2,2,3,2}', '{15,30,45}'),
    -- unit price down 10% in every segment, items unchanged
    ('price_down', 0, 'new', 1500, '{1,1,2,2,3}', '{25,30,35}'),
    ('price_down', 0, 'returning', 3000, '{2,3,4,5,6}', '{20,30,40}'),
    ('price_down', 0, 'guest', 600, '{1,2,2,3,2}', '{15,30,45}'),
    ('price_down', 1, 'new', 1500, '{1,1,2,2,3}', '{22.5,27,31.5}'),
    ('price_down', 1, 'returning', 3000, '{2,3,4,5,6}', '{18,27,36}'),
    ('price_down', 1, 'guest', 600, '{1,2,2,3,2}', '{13.5,27,40.5}'),
    -- both: returning items down 15% and every price down 10%
    ('both_down', 0, 'new', 1500, '{1,1,2,2,3}', '{25,30,35}'),
    ('both_down', 0, 'returning', 3000, '{2,3,4,5,6}', '{20,30,40}'),
    ('both_down', 0, 'guest', 600, '{1,2,2,3,2}', '{15,30,45}'),
    ('both_down', 1, 'new', 1500, '{1,1,2,2,3}', '{22.5,27,31.5}'),
    ('both_down', 1, 'returning', 3000, '{2,3,3,4,5}', '{18,27,36}'),
    ('both_down', 1, 'guest', 600, '{1,2,2,3,2}', '{13.5,27,40.5}'),
    -- pure mix: new customers' share of orders 20% -> 40%, no segment changes
    ('mix', 0, 'new', 990, '{1,1,2,2,3}', '{25,30,35}'),
    ('mix', 0, 'returning', 3465, '{2,3,4,5,6}', '{20,30,40}'),
    ('mix', 0, 'guest', 495, '{1,2,2,3,2}', '{15,30,45}'),
    ('mix', 1, 'new', 1980, '{1,1,2,2,3}', '{25,30,35}'),
    ('mix', 1, 'returning', 2475, '{2,3,4,5,6}', '{20,30,40}'),
    ('mix', 1, 'guest', 495, '{1,2,2,3,2}', '{15,30,45}'),
    -- no guests in June: the guest row cannot be compared
    ('no_guests', 0, 'new', 1500, '{1,1,2,2,3}', '{25,30,35}'),
    ('no_guests', 0, 'returning', 3000, '{2,3,4,5,6}', '{20,30,40}'),
    ('no_guests', 0, 'guest', 600, '{1,2,2,3,2}', '{15,30,45}'),
    ('no_guests', 1, 'new', 1500, '{1,1,2,2,3}', '{25,30,35}'),
    ('no_guests', 1, 'returning', 3000, '{2,3,4,5,6}', '{20,30,40}')
) v(sc, per, seg, n, q, p);

-- Returning customers 1..1000 all ordered first in April; new customers
-- order once, in their period; guests have no id.
CREATE FUNCTION planted_orders(sc text)
    RETURNS TABLE (order_id bigint, customer_id bigint, ordered_at timestamptz,
                   revenue numeric(12,2), items int)
    LANGUAGE sql AS $$
    SELECT c, c, timestamptz '2026-04-10 12:00', 50, 2 FROM generate_series(1, 1000) c
    UNION ALL
    SELECT 10000000 * (1 + per) + 1000000 * CASE seg WHEN 'new' THEN 1 WHEN 'returning' THEN 2 ELSE 3 END + i,
           CASE seg WHEN 'returning' THEN 1 + i % 1000 WHEN 'new' THEN 1000000 * (1 + per) + i END,
           timestamptz '2026-05-01' + per * interval '1 month'
               + (i % 28) * interval '1 day' + (i % 24) * interval '1 hour',
           q[1 + i % cardinality(q)] * p[1 + i % cardinality(p)],
           q[1 + i % cardinality(q)]
    FROM plan, generate_series(0, n - 1) i
    WHERE scenario = sc $$;

CREATE TABLE items_down AS SELECT * FROM planted_orders('items_down');
CREATE TABLE price_down AS SELECT * FROM planted_orders('price_down');
CREATE TABLE both_down AS SELECT * FROM planted_orders('both_down');
CREATE TABLE mix AS SELECT * FROM planted_orders('mix');
CREATE TABLE no_guests AS SELECT * FROM planted_orders('no_guests');

-- The planted figures of every scenario, segment and period, from the cycles.
CREATE TABLE planted AS
SELECT scenario, per, seg, n,
       (SELECT avg(x) FROM unnest(q) x) AS ipo,
       (SELECT avg(x) FROM unnest(p) x) AS up,
       (SELECT avg(x) FROM unnest(q) x) * (SELECT avg(x) FROM unnest(p) x) AS aov
FROM plan;

-- Promotions: the promoted products and their campaigns (date columns; the
-- end is the campaign's last day).  May's average 80, June's 60.
CREATE TABLE promos (product_id int, price numeric, starts_at date, ends_at date);
INSERT INTO promos VALUES
    (1, 70, '2026-05-03', '2026-05-09'), (2, 90, '2026-05-20', '2026-05-31'),
    (3, 50, '2026-06-01', '2026-06-07'), (4, 70, '2026-06-10', '2026-06-12'),
    (5, 10, '2026-04-01', '2026-04-30');   -- April: outside both periods

-- May against June, with the default trim fraction 0.05 (Yuen's test) or
-- another.
CREATE FUNCTION diag(tbl regclass, pb numeric DEFAULT NULL, pc numeric DEFAULT NULL,
                     promo regclass DEFAULT NULL, lang text DEFAULT 'en', trim_fraction float8 DEFAULT 0.05)
    RETURNS SETOF aov_diagnosis LANGUAGE sql AS $$
    SELECT * FROM diagnose_aov_drop(tbl, aov_period('month', '2026-05-01'), aov_period('month', '2026-06-01'),
                                    promo_price_baseline => pb, promo_price_current => pc,
                                    promo_table => promo, lang => lang, trim_fraction => trim_fraction) $$;

CREATE TABLE results AS
SELECT 'items_down' AS scenario, d.* FROM diag('items_down', 80, 80) d
UNION ALL SELECT 'items_down_no_promo', d.* FROM diag('items_down') d
UNION ALL SELECT 'price_down', d.* FROM diag('price_down', 80, 80) d
UNION ALL SELECT 'promo_cut', d.* FROM diag('price_down', promo => 'promos') d
UNION ALL SELECT 'both_down', d.* FROM diag('both_down', 80, 80) d
UNION ALL SELECT 'both_down_promo_cut', d.* FROM diag('both_down', 80, 60) d
UNION ALL SELECT 'mix', d.* FROM diag('mix', 80, 80) d
UNION ALL SELECT 'no_guests', d.* FROM diag('no_guests', 80, 80) d
-- Welch's test on plain means
UNION ALL SELECT 'items_down_welch', d.* FROM diag('items_down', 80, 80, trim_fraction => 0) d
UNION ALL SELECT 'mix_welch', d.* FROM diag('mix', 80, 80, trim_fraction => 0) d;

-- 0. The decision table: 3 x 3 x 3 x 4 combinations of the directions of
-- AOV, items per order, unit price and promo price, each with exactly one
-- outcome.  The outcomes are restated here from domain.md section 4 (and
-- the gate and extra outcomes doc/reference.md documents) and compared.
SELECT count(*) AS rows,
       count(DISTINCT (aov, items_per_order, unit_price, promo_price)) AS combinations,
       count(*) FILTER (WHERE outcome IS NOT NULL AND explanation <> '' AND checks <> '') AS with_text,
       count(*) FILTER (WHERE outcome = CASE
           WHEN aov <> 'down' THEN 'no drop'
           WHEN items_per_order <> 'down' AND unit_price <> 'down' THEN 'no single driver'
           WHEN promo_price = 'unknown' THEN 'promo price needed'
           -- case 4: items per order and promo price down
           WHEN items_per_order = 'down' AND promo_price = 'down' THEN 'case 4'
           -- case 2: items per order not down, promo price down
           WHEN promo_price = 'down' THEN 'case 2'
           -- case 3: items per order and unit price down, promo price not down
           WHEN items_per_order = 'down' AND unit_price = 'down' THEN 'case 3'
           -- case 1: one of them down, the other flat, promo price not down
           WHEN 'flat' IN (items_per_order, unit_price) THEN 'case 1'
           ELSE 'trade-off' END) AS as_specified
FROM aov_drop_decision_table();
-- The table when AOV fell (when it did not, every row is 'no drop').
SELECT items_per_order, unit_price, promo_price, outcome, cases
FROM aov_drop_decision_table() WHERE aov = 'down';
-- Every outcome is reached; the Chinese table decides the same, in Chinese.
SELECT outcome, count(*) FROM aov_drop_decision_table() GROUP BY outcome ORDER BY outcome;
SELECT count(*) AS same_outcomes,
       -- no English sentence left in the Chinese text
       count(*) FILTER (WHERE z.explanation <> e.explanation AND z.checks <> e.checks
                        AND z.explanation !~ '[A-Za-z]{4}') AS chinese_text
FROM aov_drop_decision_table() e JOIN aov_drop_decision_table('zh') z
  USING (aov, items_per_order, unit_price, promo_price)
WHERE e.outcome = z.outcome AND e.cases = z.cases;
SELECT expect_error($$SELECT aov_drop_outcome('down', 'sideways', 'flat', NULL)$$) AS bad_direction,
       expect_error($$SELECT aov_drop_outcome('down', NULL, 'flat', NULL)$$) AS null_direction,
       expect_error($$SELECT aov_drop_outcome('down', 'down', 'flat', 'lower')$$) AS bad_promo,
       expect_error($$SELECT aov_drop_outcome('down', 'down', 'flat', 'down', 'fr')$$) AS bad_lang;
SELECT (aov_drop_outcome('DOWN', 'Down', 'flat', NULL)).outcome AS case_insensitive;

-- The diagnoses.
SELECT scenario, scope, items_per_order_direction AS ipo, unit_price_direction AS up,
       promo_price_direction AS promo, aov_direction AS aov, outcome, cases, test
FROM results;

-- 1. Items per order down 15% for returning customers only: their change is
-- all items-per-order effect, 30 x (3.4 - 4) = -18 per order, within 1%.
-- The total moves by the returning share of that, all within segments.
SELECT r.scenario, r.scope,
       abs(r.aov_change - (c.aov - b.aov)) <= 0.01 * abs(c.aov - b.aov) AS change_within_1pct,
       abs(r.items_per_order_effect - (c.aov - b.aov)) <= 0.01 * abs(c.aov - b.aov) AS ipo_effect_within_1pct,
       abs(r.unit_price_effect) <= 0.01 * abs(c.aov - b.aov) AS up_effect_small,
       r.lever LIKE 'Raise items per order%' AS lever_items
FROM results r
JOIN planted b ON b.scenario = 'items_down' AND b.per = 0 AND b.seg = r.scope
JOIN planted c ON c.scenario = 'items_down' AND c.per = 1 AND c.seg = r.scope
WHERE r.scenario IN ('items_down', 'items_down_welch') AND r.scope = 'returning' ORDER BY 1;
SELECT r.scenario, abs(r.within_effect - 3000.0 / 5100 * (102 - 120)) <= 0.01 * 3000.0 / 5100 * 18 AS within_within_1pct,
       abs(r.mix_effect) <= 0.01 * 3000.0 / 5100 * 18 AS mix_small
FROM results r WHERE r.scenario IN ('items_down', 'items_down_welch') AND r.scope = 'all' ORDER BY 1;

-- 2. Unit price down 10% everywhere, items flat: all unit-price effect.
SELECT r.scope,
       abs(r.unit_price_effect - (c.aov - b.aov)) <= 0.01 * abs(c.aov - b.aov) AS up_effect_within_1pct,
       abs(r.items_per_order_effect) <= 0.01 * abs(c.aov - b.aov) AS ipo_effect_small,
       abs(r.unit_price_rel_change - (-0.1)) <= 0.001 AS up_rel_change
FROM results r
JOIN planted b ON b.scenario = 'price_down' AND b.per = 0 AND b.seg = r.scope
JOIN planted c ON c.scenario = 'price_down' AND c.per = 1 AND c.seg = r.scope
WHERE r.scenario = 'price_down' ORDER BY r.scope;

-- 3. The promoted items' price cut from 80 to 60 (read from the campaign
-- table) with unit price down: case 2 in every segment.
SELECT scope, promo_price_before, promo_price_after, promo_price_rel_change, outcome
FROM results WHERE scenario = 'promo_cut' ORDER BY scope;

-- 4. Both down for returning customers: the LMDI split matches the closed
-- form L(A1, A0) ln(0.9) and L(A1, A0) ln(0.85) of the planted figures.
SELECT r.scope,
       abs(r.unit_price_effect - l * ln(0.9)) <= 0.01 * abs(l * ln(0.9)) AS up_effect_within_1pct,
       abs(r.items_per_order_effect - l * ln(3.4 / 4)) <= 0.01 * abs(l * ln(3.4 / 4)) AS ipo_effect_within_1pct
FROM results r,
     LATERAL (SELECT (27 * 3.4 - 120) / (ln(27 * 3.4) - ln(120)) AS l) x
WHERE r.scenario = 'both_down' AND r.scope = 'returning';

-- 5. Pure mix: new customers' share doubles, no segment changes.  The
-- total falls by (0.4 - 0.2) x 54 + (0.5 - 0.7) x 120 = -13.2, all mix.
SELECT scenario, scope, share_before, share_after, aov_change, outcome,
       abs(mix_effect - (-13.2)) <= 0.01 * 13.2 AS mix_within_1pct,
       abs(within_effect) <= 0.01 * 13.2 AS within_small
FROM results WHERE scenario IN ('mix', 'mix_welch') ORDER BY scenario, scope;

-- 6. No real change, small noisy samples: 40 orders per segment and period
-- from one distribution.  The figures move by more than the 2% tolerance,
-- but not beyond noise, so nothing is called a drop.
CREATE TABLE noisy AS
SELECT 3000 + 1000 * per + k AS order_id,
       CASE WHEN k % 3 = 0 THEN NULL WHEN k % 3 = 1 THEN 1 + k % 17 ELSE 100000 * (1 + per) + k END AS customer_id,
       timestamptz '2026-05-01' + per * interval '1 month' + (k % 28) * interval '1 day' AS ordered_at,
       (q * round((10 + 40 * test_rnd(1000 * per + k, 'np'))::numeric, 2))::numeric(12,2) AS revenue,
       q AS items
FROM generate_series(0, 1) per, generate_series(0, 119) k,
     LATERAL (SELECT 1 + floor(5 * test_rnd(1000 * per + k, 'nq'))::int AS q) x
UNION ALL SELECT c, c, timestamptz '2026-04-10', 50, 2 FROM generate_series(1, 17) c;
SELECT scope, orders_before, orders_after,
       abs(aov_rel_change) > 0.02 OR abs(items_per_order_rel_change) > 0.02
           OR abs(unit_price_rel_change) > 0.02 AS moved_beyond_tolerance,
       aov_p_value > 0.05 AS aov_not_significant, outcome
FROM diag('noisy', 80, 80) ORDER BY scope;

-- 6b. Heavy tails: the price_down scenario plus twelve wholesale orders
-- (300 items each) in May.  Their loss makes June's plain items per order
-- fall by a fifth, but the typical basket did not change; with a trim
-- fraction the directions compare trimmed means (Yuen's test) and find the
-- planted cause, unit price down 10%, while the effects still split the
-- plain AOV change exactly.
CREATE TABLE wholesale AS
SELECT * FROM price_down
UNION ALL
SELECT 90000000 + k, 1 + k, timestamptz '2026-05-02' + k * interval '2 days', 300 * 30, 300
FROM generate_series(1, 12) k;
SELECT scope, test, items_per_order_direction AS ipo, unit_price_direction AS up, outcome,
       abs(unit_price_rel_change - (-0.1)) <= 0.001 AS typical_price_down_10pct,
       abs(items_per_order_rel_change) <= 0.01 AS typical_items_flat,
       items_per_order_after / items_per_order_before < 0.85 AS plain_items_fell,
       unit_price_effect + items_per_order_effect = aov_change AS exact
FROM diagnose_aov_drop('wholesale', aov_period('month', '2026-05-01'), aov_period('month', '2026-06-01'),
                       promo_price_baseline => 80, promo_price_current => 80, trim_fraction => 0.05)
WHERE scope IN ('all', 'returning') ORDER BY scope;

-- 7. The effects sum exactly to the change, in every row of every
-- scenario: unit price + items per order, and for 'all' mix + within.
SELECT count(*) FILTER (WHERE outcome <> 'not comparable') AS comparable_rows,
       count(*) FILTER (WHERE unit_price_effect + items_per_order_effect = aov_change) AS lmdi_exact,
       count(*) FILTER (WHERE scope = 'all') AS all_rows,
       count(*) FILTER (WHERE scope = 'all' AND mix_effect + within_effect = aov_change) AS mix_exact,
       count(*) FILTER (WHERE outcome = 'not comparable') AS not_comparable
FROM results;
-- ... and agree with the formulas evaluated in float8 (LMDI) and from the
-- raw orders (mix: shares and segment AOVs by plain SQL).
SELECT count(*) FILTER (WHERE abs(unit_price_effect::float8 - lm) > 1e-9 * greatest(abs(lm), 1)) AS lmdi_off
FROM results,
     LATERAL (SELECT CASE WHEN aov_after = aov_before THEN aov_before::float8
                          ELSE (aov_after - aov_before)::float8 / (ln(aov_after::float8) - ln(aov_before::float8)) END
                     * ln(unit_price_after::float8 / unit_price_before::float8) AS lm) x
WHERE outcome <> 'not comparable';
CREATE FUNCTION mix_ref(tbl regclass) RETURNS float8 LANGUAGE plpgsql AS $$
DECLARE m float8;
BEGIN
    EXECUTE format($q$
        WITH f AS (SELECT customer_id, min(ordered_at) AS first_at FROM %s GROUP BY customer_id),
        o AS (SELECT CASE WHEN ordered_at >= '2026-06-01' THEN 1 ELSE 0 END AS per,
                     CASE WHEN t.customer_id IS NULL THEN 'guest'
                          WHEN date_trunc('month', f.first_at) = date_trunc('month', t.ordered_at) THEN 'new'
                          ELSE 'returning' END AS seg, revenue
                FROM %s t LEFT JOIN f USING (customer_id)
               WHERE ordered_at >= '2026-05-01' AND ordered_at < '2026-07-01'),
        s AS (SELECT per, seg, count(*)::float8 / sum(count(*)) OVER (PARTITION BY per) AS w,
                     avg(revenue)::float8 AS a FROM o GROUP BY per, seg)
        SELECT sum((coalesce(c.w, 0) - coalesce(b.w, 0)) * (coalesce(b.a, c.a) + coalesce(c.a, b.a)) / 2)
          FROM (SELECT * FROM s WHERE per = 0) b FULL JOIN (SELECT * FROM s WHERE per = 1) c USING (seg)
        $q$, tbl, tbl) INTO m;
    RETURN m;
END $$;
SELECT r.scenario, abs(r.mix_effect::float8 - mix_ref(t.tbl)) <= 1e-9 AS mix_matches
FROM results r
JOIN (VALUES ('items_down', 'items_down'), ('price_down', 'price_down'), ('both_down', 'both_down'),
             ('mix', 'mix'), ('no_guests', 'no_guests')) t(scenario, tbl) USING (scenario)
WHERE r.scope = 'all' ORDER BY 1;

-- 8. The composable form gives the same rows from summaries made here,
-- with new and returning decided by plain SQL (an earlier order or not).
CREATE TABLE seg_summaries AS
SELECT CASE WHEN o.ordered_at >= '2026-06-01' THEN 1 ELSE 0 END AS per,
       CASE WHEN o.customer_id IS NULL THEN 'guest'
            WHEN EXISTS (SELECT 1 FROM both_down e WHERE e.customer_id = o.customer_id
                         AND e.ordered_at < date_trunc('month', o.ordered_at)) THEN 'returning'
            ELSE 'new' END AS seg,
       aov_summary(o.revenue, o.items, o.customer_id, 0.05) AS s
FROM both_down o WHERE o.ordered_at >= '2026-05-01' AND o.ordered_at < '2026-07-01'
GROUP BY 1, 2;
SELECT count(*) AS rows,
       count(*) FILTER (WHERE to_jsonb(c) = to_jsonb(r) - 'scenario') AS same_rows
FROM diagnose_aov_drop(
        (SELECT s FROM seg_summaries WHERE per = 0 AND seg = 'new'),
        (SELECT s FROM seg_summaries WHERE per = 1 AND seg = 'new'),
        (SELECT s FROM seg_summaries WHERE per = 0 AND seg = 'returning'),
        (SELECT s FROM seg_summaries WHERE per = 1 AND seg = 'returning'),
        (SELECT s FROM seg_summaries WHERE per = 0 AND seg = 'guest'),
        (SELECT s FROM seg_summaries WHERE per = 1 AND seg = 'guest'),
        promo_price_baseline => 80, promo_price_current => 60) c
JOIN (SELECT * FROM results WHERE scenario = 'both_down_promo_cut') r USING (scope);
-- Summaries without per-order values: the same figures and effects, no
-- tests, directions by the tolerance alone, said in the checks.
SELECT scope, test, items_per_order_direction AS ipo, unit_price_direction AS up, outcome,
       aov_p_value IS NULL AS no_p, checks LIKE '%no test was run%' AS said
FROM diagnose_aov_drop(
        (SELECT aov_summary(revenue, items) FROM both_down WHERE customer_id >= 1000000 AND customer_id < 2000000),
        (SELECT aov_summary(revenue, items) FROM both_down WHERE customer_id >= 2000000),
        (SELECT aov_summary(revenue, items) FROM both_down WHERE customer_id <= 1000 AND ordered_at >= '2026-05-01' AND ordered_at < '2026-06-01'),
        (SELECT aov_summary(revenue, items) FROM both_down WHERE customer_id <= 1000 AND ordered_at >= '2026-06-01'),
        NULL, NULL, 80, 80)
ORDER BY scope;

-- Orders after the current range change nothing: nobody's first order in
-- the ranges comes after them.
CREATE TABLE items_down_later AS
SELECT * FROM items_down
UNION ALL SELECT 95000000 + k, CASE WHEN k % 2 = 0 THEN 1 + k % 1000 ELSE 5000000 + k END,
                 timestamptz '2026-07-05' + k * interval '1 hour', 10, 1
FROM generate_series(1, 500) k;
SELECT count(*) AS rows, count(*) FILTER (WHERE to_jsonb(l) = to_jsonb(r) - 'scenario') AS same_rows
FROM diag('items_down_later', 80, 80) l JOIN (SELECT * FROM results WHERE scenario = 'items_down') r USING (scope);

-- 9. Chinese text, and the same decisions.
SELECT scope, outcome, explanation, lever
FROM diag('both_down', 80, 60, lang => 'zh') WHERE scope IN ('returning', 'new') ORDER BY scope;

-- 10. Parallel plans give the same rows as serial ones.
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
SELECT count(*) AS rows,
       count(*) FILTER (WHERE to_jsonb(p) = to_jsonb(r) - 'scenario') AS same_rows
FROM diag('mix', 80, 80) p JOIN (SELECT * FROM results WHERE scenario = 'mix') r USING (scope);
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
RESET max_parallel_workers_per_gather;

-- 11. A promo table without a campaign in one period leaves the promo
-- price unknown, and the cases that need it say so.
CREATE TABLE may_promos AS SELECT * FROM promos WHERE starts_at < '2026-06-01';
SELECT scope, promo_price_before, promo_price_after, outcome, cases
FROM diag('items_down', promo => 'may_promos') WHERE scope = 'returning';

-- 12. Scopes without anything to divide by are documented rows: no orders
-- in a period (above), no items, or no positive revenue.
SELECT scope, orders_before, orders_after, outcome, unit_price_effect IS NULL AS no_effects
FROM diagnose_aov_drop(
        (SELECT aov_summary(revenue, 0, customer_id, 0) FROM items_down WHERE customer_id >= 1000000 AND customer_id < 2000000),
        (SELECT aov_summary(revenue, 0, customer_id, 0) FROM items_down WHERE customer_id >= 2000000),
        (SELECT aov_summary(-revenue, items, customer_id, 0) FROM items_down WHERE customer_id <= 1000 AND ordered_at >= '2026-05-01' AND ordered_at < '2026-06-01'),
        (SELECT aov_summary(-revenue, items, customer_id, 0) FROM items_down WHERE customer_id <= 1000 AND ordered_at >= '2026-06-01'),
        (SELECT aov_summary(revenue, items, customer_id, 0) FROM items_down WHERE customer_id IS NULL AND ordered_at < '2026-06-01'),
        (SELECT aov_summary(revenue, items, customer_id, 0) FROM items_down WHERE customer_id IS NULL AND ordered_at >= '2026-06-01'))
ORDER BY scope;

-- 13. Bad input: a clear error with its SQLSTATE, never a wrong row.
CREATE TABLE bad_promos AS SELECT * FROM promos;
INSERT INTO bad_promos VALUES (6, -5, '2026-05-01', '2026-05-02');
-- a bad price outside both periods is never used, so not an error
CREATE TABLE old_bad_promos AS SELECT * FROM promos;
INSERT INTO old_bad_promos VALUES (6, -5, '2020-05-01', '2020-05-02');
SELECT promo_price_before, promo_price_after FROM diag('items_down', promo => 'old_bad_promos') WHERE scope = 'all';
CREATE TABLE reversed_promos AS SELECT * FROM promos;
INSERT INTO reversed_promos VALUES (7, 30, '2026-05-09', '2026-05-01');
SELECT expect_error(q) FROM (VALUES
    ($$SELECT diagnose_aov_drop('items_down', 'empty', aov_period('month', '2026-06-01'))$$),
    ($$SELECT diagnose_aov_drop('items_down', aov_period('month', '2026-05-01'), 'empty')$$),
    ($$SELECT diagnose_aov_drop('items_down', tstzrange('2026-05-01', '2026-06-15'), aov_period('month', '2026-06-01'))$$),
    ($$SELECT diagnose_aov_drop('items_down', aov_period('month', '2026-06-01'), aov_period('month', '2026-05-01'))$$),
    ($$SELECT diagnose_aov_drop('items_down', tstzrange('2026-06-01', '2026-05-01'), aov_period('month', '2026-06-01'))$$),
    ($$SELECT diagnose_aov_drop(NULL::regclass, aov_period('month', '2026-05-01'), aov_period('month', '2026-06-01'))$$),
    ($$SELECT diagnose_aov_drop('items_down', NULL, aov_period('month', '2026-06-01'))$$),
    ($$SELECT diagnose_aov_drop('items_down', aov_period('month', '2020-05-01'), aov_period('month', '2026-06-01'))$$),
    ($$SELECT diagnose_aov_drop('items_down', aov_period('month', '2026-05-01'), aov_period('month', '2030-06-01'))$$),
    ($$SELECT diag('items_down', 80)$$),
    ($$SELECT diag('items_down', 0, 80)$$),
    ($$SELECT diag('items_down', 'NaN', 80)$$),
    ($$SELECT diag('items_down', 80, 80, 'promos')$$),
    ($$SELECT diag('items_down', lang => 'fr')$$),
    ($$SELECT diagnose_aov_drop('items_down', aov_period('month', '2026-05-01'), aov_period('month', '2026-06-01'), tolerance => 1)$$),
    ($$SELECT diagnose_aov_drop('items_down', aov_period('month', '2026-05-01'), aov_period('month', '2026-06-01'), tolerance => -0.01)$$),
    ($$SELECT diagnose_aov_drop('items_down', aov_period('month', '2026-05-01'), aov_period('month', '2026-06-01'), alpha => 0)$$),
    ($$SELECT diagnose_aov_drop('items_down', aov_period('month', '2026-05-01'), aov_period('month', '2026-06-01'), alpha => NULL)$$),
    ($$SELECT diagnose_aov_drop('items_down', aov_period('month', '2026-05-01'), aov_period('month', '2026-06-01'), tolerance => NULL)$$),
    ($$SELECT diagnose_aov_drop('items_down', aov_period('month', '2026-05-01'), aov_period('month', '2026-06-01'), trim_fraction => 0.5)$$),
    ($$SELECT diagnose_aov_drop('items_down', aov_period('month', '2026-05-01'), aov_period('month', '2026-06-01'), trim_fraction => NULL)$$),
    ($$SELECT diagnose_aov_drop('items_down', aov_period('month', '2026-05-01'), aov_period('month', '2026-06-01'), time_column => 'placed_at')$$),
    ($$SELECT diagnose_aov_drop('items_down', aov_period('month', '2026-05-01'), aov_period('month', '2026-06-01'), revenue_column => 'ordered_at')$$),
    ($$SELECT diagnose_aov_drop('items_down', aov_period('month', '2026-05-01'), aov_period('month', '2026-06-01'), customer_column => NULL)$$),
    ($$SELECT diagnose_aov_drop('items_down', aov_period('month', '2026-05-01'), aov_period('month', '2026-06-01'), promo_table => 'promos', promo_price_column => 'cost')$$),
    ($$SELECT diagnose_aov_drop('items_down', aov_period('month', '2026-05-01'), aov_period('month', '2026-06-01'), promo_table => 'promos', promo_price_column => 'starts_at')$$),
    ($$SELECT diagnose_aov_drop('items_down', aov_period('month', '2026-05-01'), aov_period('month', '2026-06-01'), promo_table => 'promos', promo_end_column => 'price')$$),
    ($$SELECT diagnose_aov_drop('items_down', aov_period('month', '2026-05-01'), aov_period('month', '2026-06-01'), promo_table => 'bad_promos')$$),
    ($$SELECT diagnose_aov_drop('items_down', aov_period('month', '2026-05-01'), aov_period('month', '2026-06-01'), promo_table => 'reversed_promos')$$),
    ($$SELECT diagnose_aov_drop('no_such_table', aov_period('month', '2026-05-01'), aov_period('month', '2026-06-01'))$$),
    ($$SELECT diagnose_aov_drop(NULL::aov_summary, NULL, NULL, NULL)$$),
    -- a summary of rows that were all NULL holds no orders
    ($$SELECT diagnose_aov_drop((SELECT aov_summary(1::numeric, 1, 1::bigint, 0)),
                                (SELECT aov_summary(NULL::numeric, 1, 1::bigint, 0) FROM generate_series(1, 3)),
                                NULL, NULL)$$),
    ($$SELECT diagnose_aov_drop((SELECT aov_summary(1::float8, 1, 1::bigint, 0)), NULL, (SELECT aov_summary(1::numeric, 1, 1::bigint, 0)), NULL)$$),
    ($$SELECT aov_period('fortnight', '2026-05-01')$$),
    ($$SELECT aov_period('month', 'infinity')$$)
) v(q);
SELECT (SELECT aov_summary(NULL::numeric, 1, 1::bigint, 0) FROM generate_series(1, 3)) IS NOT NULL AS empty_summary_exists;
SELECT aov_period('month', '2026-05-17 10:00') AS month, aov_period('week', '2026-05-17') AS week,
       aov_period('QUARTER', '2026-05-17') AS quarter, aov_period('month', NULL) IS NULL AS strict;
