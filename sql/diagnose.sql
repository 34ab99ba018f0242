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

-- Checks return the rows that differ from their reference, with the key
-- and both values (expected: no rows).  The references list every row
-- they expect, so a missing row shows too; tables built for a check show
-- their row count when created.

-- 0. The decision table: 3 x 3 x 3 x 4 combinations of the directions of
-- AOV, items per order, unit price and promo price, each with exactly one
-- outcome.  The rules are restated here from doc/reference.md
-- (aov_drop_outcome, "The rules, in order"), with the cases the table
-- gives (aov_drop_decision_table), and compared row by row.
CREATE FUNCTION dg_outcome(aov text, items_per_order text, unit_price text, promo_price text)
    RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE
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
           ELSE 'trade-off' END $$;
-- cases: N for case N; for 'promo price needed' the case numbers among the
-- outcomes with the promo price down and with it flat; else none
CREATE FUNCTION dg_cases(aov text, items_per_order text, unit_price text, promo_price text)
    RETURNS int[] LANGUAGE sql IMMUTABLE AS $$
    SELECT ARRAY(SELECT DISTINCT substr(o, 6)::int
                   FROM unnest(CASE WHEN dg_outcome(aov, items_per_order, unit_price, promo_price) = 'promo price needed'
                                    THEN ARRAY[dg_outcome(aov, items_per_order, unit_price, 'down'),
                                               dg_outcome(aov, items_per_order, unit_price, 'flat')]
                                    ELSE ARRAY[dg_outcome(aov, items_per_order, unit_price, promo_price)] END) o
                  WHERE o LIKE 'case _' ORDER BY 1) $$;
CREATE TABLE decision_ref AS
SELECT a AS aov, i AS items_per_order, u AS unit_price, p AS promo_price,
       dg_outcome(a, i, u, p) AS outcome, dg_cases(a, i, u, p) AS cases
FROM unnest('{down,flat,up}'::text[]) a, unnest('{down,flat,up}'::text[]) i,
     unnest('{down,flat,up}'::text[]) u, unnest('{down,flat,up,unknown}'::text[]) p;
SELECT count(*) AS rows,
       count(DISTINCT (aov, items_per_order, unit_price, promo_price)) AS combinations
FROM aov_drop_decision_table();
-- the rows whose outcome or cases differ from the reference's, or without
-- an explanation or checks: none
SELECT aov, items_per_order, unit_price, promo_price, got.outcome, ref.outcome AS ref_outcome,
       got.cases, ref.cases AS ref_cases, got.explanation, got.checks
FROM aov_drop_decision_table() got
FULL JOIN decision_ref ref USING (aov, items_per_order, unit_price, promo_price)
WHERE got.outcome IS DISTINCT FROM ref.outcome OR got.cases IS DISTINCT FROM ref.cases
   OR coalesce(got.explanation, '') = '' OR coalesce(got.checks, '') = ''
ORDER BY 1, 2, 3, 4;
-- The table when AOV fell (when it did not, every row is 'no drop').
SELECT items_per_order, unit_price, promo_price, outcome, cases
FROM aov_drop_decision_table() WHERE aov = 'down';
-- Every outcome is reached.
SELECT outcome, count(*) FROM aov_drop_decision_table() GROUP BY outcome ORDER BY outcome;
-- The Chinese table decides the same, in Chinese: the rows with another
-- outcome or cases, or whose explanation or checks are the English ones,
-- or whose explanation holds an English word: none.
SELECT aov, items_per_order, unit_price, promo_price, e.outcome, z.outcome AS zh_outcome,
       e.cases, z.cases AS zh_cases, z.explanation AS zh_explanation, z.checks AS zh_checks
FROM aov_drop_decision_table() e
FULL JOIN aov_drop_decision_table('zh') z USING (aov, items_per_order, unit_price, promo_price)
WHERE NOT coalesce(e.outcome = z.outcome AND e.cases = z.cases
                   AND z.explanation <> e.explanation AND z.checks <> e.checks
                   AND z.explanation !~ '[A-Za-z]{4}', false)
ORDER BY 1, 2, 3, 4;
SELECT expect_error($$SELECT aov_drop_outcome('down', 'sideways', 'flat', NULL)$$) AS bad_direction,
       expect_error($$SELECT aov_drop_outcome('down', NULL, 'flat', NULL)$$) AS null_direction,
       expect_error($$SELECT aov_drop_outcome('down', 'down', 'flat', 'lower')$$) AS bad_promo,
       expect_error($$SELECT aov_drop_outcome('down', 'down', 'flat', 'down', 'fr')$$) AS bad_lang;
SELECT (aov_drop_outcome('DOWN', 'Down', 'flat', NULL)).outcome AS case_insensitive;

-- The diagnoses.
SELECT scenario, scope, items_per_order_direction AS ipo, unit_price_direction AS up,
       promo_price_direction AS promo, aov_direction AS aov, outcome, cases, test
FROM results;
-- Their directions follow the rule of doc/reference.md (diagnose_aov_drop,
-- Directions), restated: flat when the relative change is NULL or within
-- the tolerance (0.02); flat when a test ran and its p-value is not below
-- alpha (0.05) or NULL; else down or up.  The promo price's by the
-- tolerance alone, from the two prices; unknown without them.  A scope
-- with no orders, items or positive revenue in a period is 'not
-- comparable', without directions.  The outcome is the decision
-- reference's, but for 'not comparable' and, on the 'all' row, 'segment
-- mix' (AOV down, the mix effect negative and larger than the within
-- effect).  The values that differ: none.
CREATE FUNCTION dg_direction(rel_change float8, p_value float8, tested boolean) RETURNS text
    LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN rel_change IS NULL OR abs(rel_change) <= 0.02 THEN 'flat'
                WHEN tested AND NOT coalesce(p_value < 0.05, false) THEN 'flat'
                WHEN rel_change < 0 THEN 'down' ELSE 'up' END $$;
WITH d AS (
    SELECT r.scenario, r.scope, c.comparable,
           CASE WHEN c.comparable THEN dg_direction(r.aov_rel_change, r.aov_p_value, r.test <> 'none') END AS aov,
           CASE WHEN c.comparable THEN dg_direction(r.items_per_order_rel_change, r.items_per_order_p_value, r.test <> 'none') END AS ipo,
           CASE WHEN c.comparable THEN dg_direction(r.unit_price_rel_change, r.unit_price_p_value, r.test <> 'none') END AS up,
           CASE WHEN r.promo_price_before IS NOT NULL
                THEN dg_direction((r.promo_price_after / r.promo_price_before - 1)::float8, NULL, false) END AS promo,
           r.mix_effect, r.within_effect
    FROM results r,
         LATERAL (SELECT coalesce(r.orders_before > 0 AND r.orders_after > 0 AND r.aov_before > 0 AND r.aov_after > 0
                                  AND r.items_per_order_before > 0 AND r.items_per_order_after > 0, false) AS comparable) c
), ref AS (
    SELECT d.*, o.outcome,
           CASE WHEN o.outcome IN ('not comparable', 'segment mix') THEN '{}'
                ELSE dg_cases(aov, ipo, up, coalesce(promo, 'unknown')) END AS cases
    FROM d, LATERAL (SELECT CASE
        WHEN NOT comparable THEN 'not comparable'
        WHEN scope = 'all' AND aov = 'down' AND mix_effect < 0 AND abs(mix_effect) > abs(within_effect) THEN 'segment mix'
        ELSE dg_outcome(aov, ipo, up, coalesce(promo, 'unknown')) END AS outcome) o
)
SELECT scenario, scope, v.what, v.got, v.ref
FROM results r JOIN ref USING (scenario, scope),
     LATERAL (VALUES ('aov_direction', r.aov_direction, ref.aov),
                     ('items_per_order_direction', r.items_per_order_direction, ref.ipo),
                     ('unit_price_direction', r.unit_price_direction, ref.up),
                     ('promo_price_direction', r.promo_price_direction, ref.promo),
                     ('outcome', r.outcome, ref.outcome),
                     ('cases', r.cases::text, ref.cases::text)) v(what, got, ref)
WHERE v.got IS DISTINCT FROM v.ref
ORDER BY 1, 2, 3;

-- The effects and changes of the diagnoses, one row per scenario, scope and
-- figure, and the planted change of AOV per scenario and segment: the
-- checks below list the figures they expect and look them up here.
CREATE VIEW result_figures AS
SELECT r.scenario, r.scope, f.figure, f.got
FROM results r,
     LATERAL (VALUES ('aov_change', r.aov_change), ('unit_price_effect', r.unit_price_effect),
                     ('items_per_order_effect', r.items_per_order_effect),
                     ('mix_effect', r.mix_effect), ('within_effect', r.within_effect),
                     ('unit_price_rel_change', r.unit_price_rel_change::numeric)) f(figure, got);
CREATE VIEW planted_change AS
SELECT scenario, seg, c.aov - b.aov AS change
FROM planted b JOIN planted c USING (scenario, seg) WHERE b.per = 0 AND c.per = 1;

-- 1. Items per order down 15% for returning customers only: their change is
-- all items-per-order effect, 30 x (3.4 - 4) = -18 per order, within 1%.
-- The total moves by the returning share of that, all within segments.
-- (The figures outside the bound: none.)
WITH ref (scenario, scope, figure, ref, bound) AS (
    SELECT s.scenario, 'returning', f.figure,
           CASE WHEN f.figure = 'unit_price_effect' THEN 0 ELSE p.change END, 0.01 * abs(p.change)
    FROM (VALUES ('items_down'), ('items_down_welch')) s(scenario)
    CROSS JOIN (VALUES ('aov_change'), ('items_per_order_effect'), ('unit_price_effect')) f(figure)
    LEFT JOIN planted_change p ON p.scenario = 'items_down' AND p.seg = 'returning'
    UNION ALL
    SELECT s.scenario, 'all', f.figure, f.ref, 0.01 * 3000.0 / 5100 * 18
    FROM (VALUES ('items_down'), ('items_down_welch')) s(scenario)
    CROSS JOIN (VALUES ('within_effect', 3000.0 / 5100 * (102 - 120)), ('mix_effect', 0)) f(figure, ref)
)
SELECT scenario, scope, figure, g.got, ref.ref, ref.bound
FROM ref LEFT JOIN result_figures g USING (scenario, scope, figure)
WHERE (abs(g.got - ref.ref) <= ref.bound) IS NOT TRUE
ORDER BY 1, 2, 3;
-- the returning customers' lever is items per order (the rows where not: none)
SELECT s.scenario, r.lever
FROM (VALUES ('items_down'), ('items_down_welch')) s(scenario)
LEFT JOIN results r ON r.scenario = s.scenario AND r.scope = 'returning'
WHERE (r.lever LIKE 'Raise items per order%') IS NOT TRUE;

-- 2. Unit price down 10% everywhere, items flat: all unit-price effect,
-- within 1% of the segment's change, and the relative change -0.1 within
-- 0.001.  (The figures outside the bound: none.)
WITH ref (scenario, scope, figure, ref, bound) AS (
    SELECT 'price_down', s.seg, f.figure,
           CASE WHEN f.figure = 'unit_price_effect' THEN p.change ELSE 0 END, 0.01 * abs(p.change)
    FROM (VALUES ('guest'), ('new'), ('returning')) s(seg)
    CROSS JOIN (VALUES ('unit_price_effect'), ('items_per_order_effect')) f(figure)
    LEFT JOIN planted_change p ON p.scenario = 'price_down' AND p.seg = s.seg
    UNION ALL
    SELECT 'price_down', s.seg, 'unit_price_rel_change', -0.1, 0.001
    FROM (VALUES ('guest'), ('new'), ('returning')) s(seg)
)
SELECT scenario, scope, figure, g.got, ref.ref, ref.bound
FROM ref LEFT JOIN result_figures g USING (scenario, scope, figure)
WHERE (abs(g.got - ref.ref) <= ref.bound) IS NOT TRUE
ORDER BY 1, 2, 3;

-- 3. The promoted items' price cut from 80 to 60 (read from the campaign
-- table) with unit price down: case 2 in every segment.
SELECT scope, promo_price_before, promo_price_after, promo_price_rel_change, outcome
FROM results WHERE scenario = 'promo_cut' ORDER BY scope;

-- 4. Both down for returning customers: the LMDI split matches the closed
-- form L(A1, A0) ln(0.9) and L(A1, A0) ln(0.85) of the planted figures,
-- within 1%.  (The figures outside the bound: none.)
WITH ref (scenario, scope, figure, ref, bound) AS (
    SELECT 'both_down', 'returning', f.figure, f.ref, 0.01 * abs(f.ref)
    FROM (SELECT (27 * 3.4 - 120) / (ln(27 * 3.4) - ln(120)) AS l) x,
         LATERAL (VALUES ('unit_price_effect', l * ln(0.9)),
                         ('items_per_order_effect', l * ln(3.4 / 4))) f(figure, ref)
)
SELECT scenario, scope, figure, g.got, ref.ref, ref.bound
FROM ref LEFT JOIN result_figures g USING (scenario, scope, figure)
WHERE (abs(g.got - ref.ref) <= ref.bound) IS NOT TRUE
ORDER BY 1, 2, 3;

-- 5. Pure mix: new customers' share doubles, no segment changes.  The
-- total falls by (0.4 - 0.2) x 54 + (0.5 - 0.7) x 120 = -13.2, all mix,
-- within 1%.  (The figures outside the bound: none.)
SELECT scenario, scope, share_before, share_after, aov_change, outcome
FROM results WHERE scenario IN ('mix', 'mix_welch') ORDER BY scenario, scope;
WITH ref (scenario, scope, figure, ref, bound) AS (
    SELECT s.scenario, 'all', f.figure, f.ref, 0.01 * 13.2
    FROM (VALUES ('mix'), ('mix_welch')) s(scenario)
    CROSS JOIN (VALUES ('mix_effect', -13.2), ('within_effect', 0)) f(figure, ref)
)
SELECT scenario, scope, figure, g.got, ref.ref, ref.bound
FROM ref LEFT JOIN result_figures g USING (scenario, scope, figure)
WHERE (abs(g.got - ref.ref) <= ref.bound) IS NOT TRUE
ORDER BY 1, 2, 3;

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
CREATE TABLE noisy_diag AS SELECT * FROM diag('noisy', 80, 80);
SELECT scope, orders_before, orders_after, outcome FROM noisy_diag ORDER BY scope;
-- the scopes that did not move beyond the tolerance, or whose AOV change is
-- significant at 0.05: none
SELECT scope, aov_rel_change, items_per_order_rel_change, unit_price_rel_change, aov_p_value
FROM noisy_diag
WHERE NOT coalesce((abs(aov_rel_change) > 0.02 OR abs(items_per_order_rel_change) > 0.02
                    OR abs(unit_price_rel_change) > 0.02) AND aov_p_value > 0.05, false)
ORDER BY scope;

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
CREATE TABLE wholesale_diag AS
SELECT * FROM diagnose_aov_drop('wholesale', aov_period('month', '2026-05-01'), aov_period('month', '2026-06-01'),
                                promo_price_baseline => 80, promo_price_current => 80, trim_fraction => 0.05)
WHERE scope IN ('all', 'returning');
SELECT scope, test, items_per_order_direction AS ipo, unit_price_direction AS up, outcome
FROM wholesale_diag ORDER BY scope;
-- the rows where the typical unit price is not down 10% (within 0.001), the
-- typical items per order not flat (within 0.01), the plain items per order
-- not below 0.85 of May's, or the effects do not sum to the change: none
SELECT scope, unit_price_rel_change, items_per_order_rel_change,
       items_per_order_after / items_per_order_before AS plain_items_ratio,
       unit_price_effect + items_per_order_effect AS effects, aov_change
FROM wholesale_diag
WHERE NOT coalesce(abs(unit_price_rel_change - (-0.1)) <= 0.001
                   AND abs(items_per_order_rel_change) <= 0.01
                   AND items_per_order_after / items_per_order_before < 0.85
                   AND unit_price_effect + items_per_order_effect = aov_change, false)
ORDER BY scope;

-- 7. The effects sum exactly to the change, in every row of every
-- scenario: unit price + items per order, and for 'all' mix + within.
SELECT count(*) FILTER (WHERE outcome <> 'not comparable') AS comparable_rows,
       count(*) FILTER (WHERE scope = 'all') AS all_rows,
       count(*) FILTER (WHERE outcome = 'not comparable') AS not_comparable
FROM results;
-- (the rows whose effects do not sum to the change: none)
SELECT scenario, scope, unit_price_effect, items_per_order_effect, mix_effect, within_effect, aov_change
FROM results
WHERE (outcome <> 'not comparable' AND unit_price_effect + items_per_order_effect IS DISTINCT FROM aov_change)
   OR (scope = 'all' AND mix_effect + within_effect IS DISTINCT FROM aov_change)
ORDER BY 1, 2;
-- ... and agree with the formulas evaluated in float8 (LMDI, to 1e-9
-- relative, absolute below 1) and from the raw orders (mix: shares and
-- segment AOVs by plain SQL, to 1e-9).  (The rows that differ: none.)
SELECT scenario, scope, unit_price_effect AS got, lm AS ref,
       abs(unit_price_effect::float8 - lm) / greatest(abs(lm), 1) AS rel_err
FROM results,
     LATERAL (SELECT CASE WHEN aov_after = aov_before THEN aov_before::float8
                          ELSE (aov_after - aov_before)::float8 / (ln(aov_after::float8) - ln(aov_before::float8)) END
                     * ln(unit_price_after::float8 / unit_price_before::float8) AS lm) x
WHERE outcome <> 'not comparable'
  AND (abs(unit_price_effect::float8 - lm) <= 1e-9 * greatest(abs(lm), 1)) IS NOT TRUE
ORDER BY 1, 2;
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
SELECT t.scenario, r.mix_effect AS got, x.ref, abs(r.mix_effect::float8 - x.ref) AS diff
FROM (VALUES ('items_down', 'items_down'), ('price_down', 'price_down'), ('both_down', 'both_down'),
             ('mix', 'mix'), ('no_guests', 'no_guests')) t(scenario, tbl)
CROSS JOIN LATERAL (SELECT mix_ref(t.tbl::regclass) AS ref) x
LEFT JOIN results r ON r.scenario = t.scenario AND r.scope = 'all'
WHERE (abs(r.mix_effect::float8 - x.ref) <= 1e-9) IS NOT TRUE
ORDER BY 1;

-- 8. The composable form gives the same rows from summaries made here,
-- with new and returning decided by plain SQL (an earlier order or not).
-- Rows are compared field by field (as jsonb: numbers by value, as =
-- does); a missing row shows all its fields, and fields limits the fields
-- compared.
CREATE FUNCTION dg_fields_differ(a jsonb, b jsonb, fields text[] DEFAULT NULL)
    RETURNS TABLE (field text, got jsonb, ref jsonb) LANGUAGE sql IMMUTABLE AS $$
    SELECT key, g.value, r.value FROM jsonb_each(a) g FULL JOIN jsonb_each(b) r USING (key)
     WHERE g.value IS DISTINCT FROM r.value AND (fields IS NULL OR key = ANY (fields)) $$;
CREATE TABLE seg_summaries AS
SELECT CASE WHEN o.ordered_at >= '2026-06-01' THEN 1 ELSE 0 END AS per,
       CASE WHEN o.customer_id IS NULL THEN 'guest'
            WHEN EXISTS (SELECT 1 FROM both_down e WHERE e.customer_id = o.customer_id
                         AND e.ordered_at < date_trunc('month', o.ordered_at)) THEN 'returning'
            ELSE 'new' END AS seg,
       aov_summary(o.revenue, o.items, o.customer_id, 0.05) AS s
FROM both_down o WHERE o.ordered_at >= '2026-05-01' AND o.ordered_at < '2026-07-01'
GROUP BY 1, 2;
CREATE TABLE composable AS
SELECT * FROM diagnose_aov_drop(
        (SELECT s FROM seg_summaries WHERE per = 0 AND seg = 'new'),
        (SELECT s FROM seg_summaries WHERE per = 1 AND seg = 'new'),
        (SELECT s FROM seg_summaries WHERE per = 0 AND seg = 'returning'),
        (SELECT s FROM seg_summaries WHERE per = 1 AND seg = 'returning'),
        (SELECT s FROM seg_summaries WHERE per = 0 AND seg = 'guest'),
        (SELECT s FROM seg_summaries WHERE per = 1 AND seg = 'guest'),
        promo_price_baseline => 80, promo_price_current => 60);
SELECT scope, d.field, d.got, d.ref
FROM composable c FULL JOIN (SELECT * FROM results WHERE scenario = 'both_down_promo_cut') r USING (scope),
     LATERAL dg_fields_differ(to_jsonb(c), to_jsonb(r) - 'scenario') d
ORDER BY 1, 2;
-- Summaries without per-order values: the same figures and effects, no
-- tests, directions by the tolerance alone, said in the checks.
CREATE TABLE untested AS
SELECT * FROM diagnose_aov_drop(
        (SELECT aov_summary(revenue, items) FROM both_down WHERE customer_id >= 1000000 AND customer_id < 2000000),
        (SELECT aov_summary(revenue, items) FROM both_down WHERE customer_id >= 2000000),
        (SELECT aov_summary(revenue, items) FROM both_down WHERE customer_id <= 1000 AND ordered_at >= '2026-05-01' AND ordered_at < '2026-06-01'),
        (SELECT aov_summary(revenue, items) FROM both_down WHERE customer_id <= 1000 AND ordered_at >= '2026-06-01'),
        NULL, NULL, 80, 80);
SELECT scope, test, items_per_order_direction AS ipo, unit_price_direction AS up, outcome
FROM untested ORDER BY scope;
-- the rows with a p-value, with directions other than the tolerance's
-- alone (dg_direction without a test; none when not comparable), or whose
-- checks do not say that no test was run though the scope is comparable
-- (or say it though it is not): none
SELECT scope, outcome, aov_p_value, items_per_order_p_value, unit_price_p_value,
       aov_rel_change, aov_direction, items_per_order_rel_change, items_per_order_direction,
       unit_price_rel_change, unit_price_direction, checks
FROM untested, LATERAL (SELECT outcome <> 'not comparable' AS comparable) c
WHERE aov_p_value IS NOT NULL OR items_per_order_p_value IS NOT NULL OR unit_price_p_value IS NOT NULL
   OR aov_direction IS DISTINCT FROM CASE WHEN comparable THEN dg_direction(aov_rel_change, NULL, false) END
   OR items_per_order_direction IS DISTINCT FROM CASE WHEN comparable THEN dg_direction(items_per_order_rel_change, NULL, false) END
   OR unit_price_direction IS DISTINCT FROM CASE WHEN comparable THEN dg_direction(unit_price_rel_change, NULL, false) END
   OR (checks LIKE '%no test was run%') IS DISTINCT FROM comparable
ORDER BY scope;
-- the figures and effects of new and returning customers that differ from
-- the diagnosis of the same orders (Yuen's test): none
SELECT scope, d.field, d.got, d.ref
FROM (VALUES ('new'), ('returning')) s(scope)
LEFT JOIN untested u USING (scope)
LEFT JOIN (SELECT * FROM results WHERE scenario = 'both_down') r USING (scope),
LATERAL dg_fields_differ(to_jsonb(u), to_jsonb(r),
                         '{orders_before,orders_after,aov_before,aov_after,aov_change,items_per_order_before,items_per_order_after,unit_price_before,unit_price_after,unit_price_effect,items_per_order_effect}') d
ORDER BY 1, 2;

-- Orders after the current range change nothing: nobody's first order in
-- the ranges comes after them.
CREATE TABLE items_down_later AS
SELECT * FROM items_down
UNION ALL SELECT 95000000 + k, CASE WHEN k % 2 = 0 THEN 1 + k % 1000 ELSE 5000000 + k END,
                 timestamptz '2026-07-05' + k * interval '1 hour', 10, 1
FROM generate_series(1, 500) k;
CREATE TABLE later AS SELECT * FROM diag('items_down_later', 80, 80);
SELECT scope, d.field, d.got, d.ref
FROM later l FULL JOIN (SELECT * FROM results WHERE scenario = 'items_down') r USING (scope),
     LATERAL dg_fields_differ(to_jsonb(l), to_jsonb(r) - 'scenario') d
ORDER BY 1, 2;

-- 9. Chinese text, and the same decisions.
SELECT scope, outcome, explanation, lever
FROM diag('both_down', 80, 60, lang => 'zh') WHERE scope IN ('returning', 'new') ORDER BY scope;

-- 10. Parallel plans give the same rows as serial ones.
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
CREATE TABLE parallel_mix AS SELECT * FROM diag('mix', 80, 80);
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
RESET max_parallel_workers_per_gather;
SELECT scope, d.field, d.got, d.ref
FROM parallel_mix p FULL JOIN (SELECT * FROM results WHERE scenario = 'mix') r USING (scope),
     LATERAL dg_fields_differ(to_jsonb(p), to_jsonb(r) - 'scenario') d
ORDER BY 1, 2;

-- 11. A promo table without a campaign in one period leaves the promo
-- price unknown, and the cases that need it say so.
CREATE TABLE may_promos AS SELECT * FROM promos WHERE starts_at < '2026-06-01';
SELECT scope, promo_price_before, promo_price_after, outcome, cases
FROM diag('items_down', promo => 'may_promos') WHERE scope = 'returning';

-- 12. Scopes without anything to divide by are documented rows: no orders
-- in a period (above), no items, or no positive revenue.
CREATE TABLE undividable AS
SELECT * FROM diagnose_aov_drop(
        (SELECT aov_summary(revenue, 0, customer_id, 0) FROM items_down WHERE customer_id >= 1000000 AND customer_id < 2000000),
        (SELECT aov_summary(revenue, 0, customer_id, 0) FROM items_down WHERE customer_id >= 2000000),
        (SELECT aov_summary(-revenue, items, customer_id, 0) FROM items_down WHERE customer_id <= 1000 AND ordered_at >= '2026-05-01' AND ordered_at < '2026-06-01'),
        (SELECT aov_summary(-revenue, items, customer_id, 0) FROM items_down WHERE customer_id <= 1000 AND ordered_at >= '2026-06-01'),
        (SELECT aov_summary(revenue, items, customer_id, 0) FROM items_down WHERE customer_id IS NULL AND ordered_at < '2026-06-01'),
        (SELECT aov_summary(revenue, items, customer_id, 0) FROM items_down WHERE customer_id IS NULL AND ordered_at >= '2026-06-01'));
SELECT scope, orders_before, orders_after, outcome FROM undividable ORDER BY scope;
-- the rows with effects though not comparable, or without though
-- comparable: none
SELECT scope, outcome, unit_price_effect, items_per_order_effect
FROM undividable
WHERE CASE WHEN outcome = 'not comparable' THEN unit_price_effect IS NULL AND items_per_order_effect IS NULL
           ELSE unit_price_effect IS NOT NULL AND items_per_order_effect IS NOT NULL END IS NOT TRUE
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
-- (a summary of rows that were all NULL exists, and aov_period is strict:
-- the values where not, none)
SELECT what, got
FROM (VALUES ('empty summary', (SELECT aov_summary(NULL::numeric, 1, 1::bigint, 0) FROM generate_series(1, 3))::text,
              false),
             ('aov_period of NULL', aov_period('month', NULL)::text, true)) v(what, got, null_expected)
WHERE (got IS NULL) IS DISTINCT FROM null_expected;
SELECT aov_period('month', '2026-05-17 10:00') AS month, aov_period('week', '2026-05-17') AS week,
       aov_period('QUARTER', '2026-05-17') AS quarter;
