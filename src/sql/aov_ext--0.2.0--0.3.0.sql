-- aov_ext 0.2.0 -> 0.3.0: diagnose_aov_drop and its building blocks
-- (aov_compare, aov_period, aov_drop_outcome, aov_drop_decision_table).
-- A fresh CREATE EXTENSION runs 0.1.0, 0.1.0--0.2.0 and then this script.
-- Every object is created in @extschema@ and every reference to our own
-- objects is schema-qualified.

\echo Use "ALTER EXTENSION aov_ext UPDATE TO '0.3.0'" to load this file. \quit

------------------------------------------------------------------------------
-- aov_test_stats and aov_compare: a period's figures with the estimates a
-- two-sample test compares, and two periods compared (see src/breakdown.c
-- and src/stats.c).  A summary's per-order values are reduced to a few
-- numbers once, so that comparing periods never copies them.
------------------------------------------------------------------------------

CREATE TYPE @extschema@.aov_test_stats AS (
    orders bigint,
    aov numeric,
    items_per_order numeric,
    unit_price numeric,
    test text,
    trim_fraction float8,
    aov_estimate float8,
    aov_variance float8,
    aov_df float8,
    items_per_order_estimate float8,
    items_per_order_variance float8,
    items_per_order_df float8,
    unit_price_estimate float8,
    unit_price_variance float8,
    unit_price_df float8
);
COMMENT ON TYPE @extschema@.aov_test_stats IS
    'a period''s AOV figures with, per figure, the estimate a two-sample test compares, its variance and degrees of freedom';

CREATE FUNCTION @extschema@.aov_test_stats(summary @extschema@.aov_summary)
    RETURNS @extschema@.aov_test_stats
    AS 'MODULE_PATHNAME', 'aov_test_stats' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.aov_test_stats(@extschema@.aov_summary) IS
    'the test statistics of a summary: Welch''s (trim 0), Yuen''s (trim > 0) or none (no per-order values)';

CREATE TYPE @extschema@.aov_comparison AS (
    orders_before bigint,
    orders_after bigint,
    aov_before numeric,
    aov_after numeric,
    items_per_order_before numeric,
    items_per_order_after numeric,
    unit_price_before numeric,
    unit_price_after numeric,
    test text,
    trim_fraction float8,
    aov_rel_change float8,
    items_per_order_rel_change float8,
    unit_price_rel_change float8,
    aov_p_value float8,
    items_per_order_p_value float8,
    unit_price_p_value float8
);
COMMENT ON TYPE @extschema@.aov_comparison IS
    'result of aov_compare: the figures of two periods, and the relative change and p-value of each';

CREATE FUNCTION @extschema@.aov_compare(baseline @extschema@.aov_test_stats, current @extschema@.aov_test_stats)
    RETURNS @extschema@.aov_comparison
    AS 'MODULE_PATHNAME', 'aov_compare' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.aov_compare(@extschema@.aov_test_stats, @extschema@.aov_test_stats) IS
    'AOV, items per order and unit price of two periods, with the relative change and p-value of each';

CREATE FUNCTION @extschema@.aov_compare(baseline @extschema@.aov_summary, current @extschema@.aov_summary)
    RETURNS @extschema@.aov_comparison
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT @extschema@.aov_compare(@extschema@.aov_test_stats(baseline), @extschema@.aov_test_stats(current))
$$;
COMMENT ON FUNCTION @extschema@.aov_compare(@extschema@.aov_summary, @extschema@.aov_summary) IS
    'AOV, items per order and unit price of two summaries, with the p-value of each change (Welch, or Yuen when trimmed)';

------------------------------------------------------------------------------
-- aov_period: the calendar bucket holding a time, as a range.
------------------------------------------------------------------------------

-- STABLE, not IMMUTABLE: date_trunc on timestamptz follows the TimeZone setting.
CREATE FUNCTION @extschema@.aov_period(granularity text, at timestamptz)
    RETURNS tstzrange
    LANGUAGE plpgsql STABLE STRICT PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    g text := lower(granularity);
    lo timestamptz;
BEGIN
    IF g NOT IN ('day', 'week', 'month', 'quarter', 'year') THEN
        RAISE EXCEPTION 'unknown granularity "%"', granularity
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'Use day, week, month, quarter or year.';
    END IF;
    IF isfinite(at) IS NOT TRUE THEN
        RAISE EXCEPTION 'time % has no period', at
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'Give a finite time inside the period.';
    END IF;
    lo := date_trunc(g, at);
    RETURN tstzrange(lo, lo + CASE g WHEN 'quarter' THEN interval '3 months'
                                     ELSE ('1 ' || g)::interval END, '[)');
END
$$;
COMMENT ON FUNCTION @extschema@.aov_period(text, timestamptz) IS
    'the day, week, month, quarter or year holding a time, as a half-open tstzrange';

------------------------------------------------------------------------------
-- The decision table of domain.md section 4 (seed 003).  First a gate: an
-- AOV that did not fall (beyond the tolerance and the noise) is 'no drop',
-- whatever its parts did, so that a chance move of one part in a stable
-- period is not diagnosed.  Then the directions of items per order, unit
-- price and promo price -> outcome, cases, explanation and checks.
-- Complete by construction: every (down|flat|up)^3 x (down|flat|up|unknown)
-- combination reaches exactly one branch.
------------------------------------------------------------------------------

CREATE FUNCTION @extschema@.aov_drop_outcome(
    aov_direction text,
    items_per_order_direction text,
    unit_price_direction text,
    promo_price_direction text,
    lang text DEFAULT 'en',
    OUT outcome text,
    OUT cases int[],
    OUT explanation text,
    OUT checks text)
-- Not STRICT: a NULL promo price direction means the promo price is unknown.
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    a text := lower(aov_direction);
    i text := lower(items_per_order_direction);
    u text := lower(unit_price_direction);
    p text := coalesce(lower(promo_price_direction), 'unknown');
    zh boolean;
    if_down text;       -- outcome when the promo price fell
    if_not_down text;   -- outcome when it held or rose
BEGIN
    IF lang IS NULL OR lower(lang) NOT IN ('en', 'zh') THEN
        RAISE EXCEPTION 'unknown language "%"', lang
            USING ERRCODE = 'invalid_parameter_value', HINT = 'Use ''en'' or ''zh''.';
    END IF;
    zh := lower(lang) = 'zh';
    IF a IS NULL OR a NOT IN ('down', 'flat', 'up')
       OR i IS NULL OR i NOT IN ('down', 'flat', 'up')
       OR u IS NULL OR u NOT IN ('down', 'flat', 'up') THEN
        RAISE EXCEPTION 'unknown direction "%"',
            coalesce(CASE WHEN a NOT IN ('down', 'flat', 'up') OR a IS NULL THEN a
                          WHEN i NOT IN ('down', 'flat', 'up') OR i IS NULL THEN i ELSE u END, 'NULL')
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'Directions of AOV, items per order and unit price are down, flat or up.';
    END IF;
    IF p NOT IN ('down', 'flat', 'up', 'unknown') THEN
        RAISE EXCEPTION 'unknown direction "%"', promo_price_direction
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'The promo price direction is down, flat, up, or NULL when unknown.';
    END IF;

    IF a <> 'down' THEN
        outcome := 'no drop';
    ELSIF i <> 'down' AND u <> 'down' THEN
        -- AOV = unit price x items per order fell through small moves of both
        outcome := 'no single driver';
    ELSE
        -- a promo price that fell points to the price standard of the
        -- promoted items: case 4 with fewer items per order, else case 2
        if_down := CASE WHEN i = 'down' THEN 'case 4' ELSE 'case 2' END;
        -- one that held or rose is not the cause (the article's "flat")
        if_not_down := CASE
            WHEN i = 'down' AND u = 'down' THEN 'case 3'
            WHEN i = 'down' AND u = 'flat' THEN 'case 1'
            WHEN i = 'flat' AND u = 'down' THEN 'case 1'
            ELSE 'trade-off' END;   -- one down, the other up
        outcome := CASE p WHEN 'down' THEN if_down
                          WHEN 'unknown' THEN 'promo price needed'
                          ELSE if_not_down END;
    END IF;

    cases := CASE outcome
        WHEN 'case 1' THEN ARRAY[1] WHEN 'case 2' THEN ARRAY[2]
        WHEN 'case 3' THEN ARRAY[3] WHEN 'case 4' THEN ARRAY[4]
        WHEN 'promo price needed' THEN
            ARRAY(SELECT DISTINCT substr(o, 6)::int FROM unnest(ARRAY[if_down, if_not_down]) o
                   WHERE o LIKE 'case %' ORDER BY 1)
        ELSE '{}'::int[] END;

    IF NOT zh THEN
        explanation := CASE outcome
            WHEN 'no drop' THEN
                'AOV did not fall beyond the tolerance and the noise: there is no drop to explain.'
            WHEN 'no single driver' THEN
                'AOV fell, but neither items per order nor unit price fell beyond the tolerance and the noise on its own. The effects show how much each contributed.'
            WHEN 'case 1' THEN
                'Case 1: ' || CASE WHEN i = 'down' THEN 'items per order fell while unit price held and the promo price did not fall.'
                                   ELSE 'unit price fell while items per order held and the promo price did not fall.' END
                || ' Likely objective factors (season, income) or the promotion plan: the brand equity of the promoted items, an offer too weak, or targeting off.'
            WHEN 'case 2' THEN
                'Case 2: items per order did not fall but the average price of the promoted items did, taking unit price down. The price standard used to select promoted items slipped first; the promotion policy and targeting may add to it.'
            WHEN 'case 3' THEN
                'Case 3: items per order and unit price both fell while the promo price did not fall. Objective factors first, as in case 1; then the brand standard of the promoted items, the promotion policy and the targeting.'
            WHEN 'case 4' THEN
                'Case 4: items per order and the promo price both fell. The most complex case: any of the causes above may act. Simply raising the promo price (re-selecting promoted items) rarely works on its own.'
            WHEN 'trade-off' THEN
                'Trade-off: ' || CASE WHEN i = 'down' THEN 'items per order fell while unit price rose (fewer but dearer items).'
                                      ELSE 'unit price fell while items per order rose (more but cheaper items).' END
                || ' The basket changed shape; this is none of the four cases.'
            WHEN 'promo price needed' THEN
                'The promo price was not given, and the case depends on it: ' || if_down
                || ' if the promoted items got cheaper, ' || if_not_down || ' otherwise.'
            END;
        explanation := explanation || CASE
            WHEN outcome = 'no drop' AND p = 'down' THEN
                ' The promoted items got cheaper without lowering AOV yet; watch the price standard of the next selection.'
            WHEN outcome NOT IN ('no drop', 'no single driver') AND p = 'up' THEN
                ' The promoted items got dearer, so their price did not cause the drop.'
            ELSE '' END;
        checks := CASE outcome
            WHEN 'no drop' THEN 'Nothing to check for this scope.'
            WHEN 'no single driver' THEN
                'Compare a longer period, or test trimmed means (trim_fraction) if a few large orders add noise.'
            WHEN 'case 1' THEN
                'Compare with last month and with the main competitors'' promotions in the same month.'
            WHEN 'case 2' THEN
                'Check the price floor used to select promoted items first, then the promotion policy and targeting.'
            WHEN 'case 3' THEN
                'As case 1 (last month, competitors'' promotions), plus the brand selection standard of the promoted items.'
            WHEN 'case 4' THEN
                'Rule out objective factors first; then check the brand standard of the promoted items, the promotion policy and the targeting before re-selecting promoted items.'
            WHEN 'trade-off' THEN
                'Look at the product mix: which categories gained and which lost; compare the most frequent items per order and unit prices (aov_breakdown''s _top fields).'
            WHEN 'promo price needed' THEN
                'Give the average price of the promoted items for both periods (promo_price_baseline and promo_price_current, or promo_table).'
            END;
    ELSE
        explanation := CASE outcome
            WHEN 'no drop' THEN
                '客单价没有出现超出容差且显著的下降：没有需要解释的下降。'
            WHEN 'no single driver' THEN
                '客单价下降了，但客单量和客单品价各自都没有出现超出容差且显著的下降。各自的贡献见效应分解。'
            WHEN 'case 1' THEN
                '情况一：' || CASE WHEN i = 'down' THEN '客单量减少，但客单品价没有变化，促销品均价也没有下降。'
                                  ELSE '客单品价下降，但客单量没有变化，促销品均价也没有下降。' END
                || '可能是季节、收入等影响顾客购买行为的客观因素发生变化，或促销方案出现问题：促销品品牌资产下降、与顾客偏好差异较大、促销政策缺乏力度或推广定位不够准确。'
            WHEN 'case 2' THEN
                '情况二：客单量没有明显变化，但促销品均价降低，带动客单品价下降。首先是挑选促销品时的价格标准出现问题；其次仍需关注促销政策与推广措施。'
            WHEN 'case 3' THEN
                '情况三：客单量和客单品价均下降，而促销品均价没有下降。首先分析是否存在情况一中的客观原因；排除后，从促销品的品牌选择标准、促销政策和推广措施三方面诊断。'
            WHEN 'case 4' THEN
                '情况四：客单量和促销品均价都下降，这是最复杂的情况，以上各种因素都可能发生。仅仅马上提高促销品均价（重新挑选促销品），结果往往不尽人意。'
            WHEN 'trade-off' THEN
                '此消彼长：' || CASE WHEN i = 'down' THEN '客单量下降而客单品价上升（买得少但更贵）。'
                                    ELSE '客单品价下降而客单量上升（买得多但更便宜）。' END
                || '购物篮结构发生了变化，不属于四种情况中的任何一种。'
            WHEN 'promo price needed' THEN
                '未提供促销品均价，而情况取决于它：若促销品均价下降则为' || replace(replace(replace(replace(if_down,
                    'case 4', '情况四'), 'case 2', '情况二'), 'case 3', '情况三'), 'case 1', '情况一')
                || '，否则为' || replace(replace(replace(replace(replace(if_not_down,
                    'case 4', '情况四'), 'case 2', '情况二'), 'case 3', '情况三'), 'case 1', '情况一'), 'trade-off', '此消彼长')
                || '。'
            END;
        explanation := explanation || CASE
            WHEN outcome = 'no drop' AND p = 'down' THEN
                '促销品均价已下降但尚未拉低客单价；请关注下一次选品的价格标准。'
            WHEN outcome NOT IN ('no drop', 'no single driver') AND p = 'up' THEN
                '促销品均价上升，因此下降并非由促销品价格引起。'
            ELSE '' END;
        checks := CASE outcome
            WHEN 'no drop' THEN '该范围无需检查。'
            WHEN 'no single driver' THEN '对比更长的时期；如果少数大额订单带来噪声，可检验截尾均值（trim_fraction）。'
            WHEN 'case 1' THEN '参考上月情况以及当月主要竞争对手的促销情况，判断促销政策和推广措施是否存在问题。'
            WHEN 'case 2' THEN '先检查挑选促销品的价格标准（价格底线），再检查促销政策和推广定位。'
            WHEN 'case 3' THEN '同情况一（对比上月与竞争对手当月的促销），并检查促销品的品牌选择标准。'
            WHEN 'case 4' THEN '先诊断客观因素；再检查促销品的品牌选择标准、促销政策和推广定位的有效性，而不是只重新挑选促销品。'
            WHEN 'trade-off' THEN '查看商品结构：哪些品类增加、哪些减少；对比占比最高的客单量和客单品价（aov_breakdown 的 _top 字段）。'
            WHEN 'promo price needed' THEN '请提供两个时期的促销品均价（promo_price_baseline 和 promo_price_current，或 promo_table）。'
            END;
    END IF;
END
$$;
COMMENT ON FUNCTION @extschema@.aov_drop_outcome(text, text, text, text, text) IS
    'the decision table of an AOV drop: outcome, article cases, explanation and checks for the directions of AOV, items per order, unit price and promo price';

CREATE FUNCTION @extschema@.aov_drop_decision_table(lang text DEFAULT 'en')
    RETURNS TABLE (aov text, items_per_order text, unit_price text, promo_price text,
                   outcome text, cases int[], explanation text, checks text)
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT a.d, i.d, u.d, p.d, o.outcome, o.cases, o.explanation, o.checks
      FROM (VALUES (1, 'down'), (2, 'flat'), (3, 'up')) a(n, d)
     CROSS JOIN (VALUES (1, 'down'), (2, 'flat'), (3, 'up')) i(n, d)
     CROSS JOIN (VALUES (1, 'down'), (2, 'flat'), (3, 'up')) u(n, d)
     CROSS JOIN (VALUES (1, 'down'), (2, 'flat'), (3, 'up'), (4, 'unknown')) p(n, d)
     CROSS JOIN LATERAL @extschema@.aov_drop_outcome(a.d, i.d, u.d, p.d, lang) o
     ORDER BY a.n, i.n, u.n, p.n
$$;
COMMENT ON FUNCTION @extschema@.aov_drop_decision_table(text) IS
    'every row of the AOV drop decision table (108 combinations of directions) with its outcome';

------------------------------------------------------------------------------
-- diagnose_aov_drop: one row per scope (all, new, returning, guest).
------------------------------------------------------------------------------

CREATE TYPE @extschema@.aov_diagnosis AS (
    scope text,
    orders_before bigint,
    orders_after bigint,
    share_before float8,
    share_after float8,
    aov_before numeric,
    aov_after numeric,
    aov_change numeric,
    aov_rel_change float8,
    aov_p_value float8,
    aov_direction text,
    items_per_order_before numeric,
    items_per_order_after numeric,
    items_per_order_rel_change float8,
    items_per_order_p_value float8,
    items_per_order_direction text,
    unit_price_before numeric,
    unit_price_after numeric,
    unit_price_rel_change float8,
    unit_price_p_value float8,
    unit_price_direction text,
    promo_price_before numeric,
    promo_price_after numeric,
    promo_price_rel_change float8,
    promo_price_direction text,
    outcome text,
    cases int[],
    explanation text,
    checks text,
    lever text,
    unit_price_effect numeric,
    items_per_order_effect numeric,
    mix_effect numeric,
    within_effect numeric,
    test text
);
COMMENT ON TYPE @extschema@.aov_diagnosis IS
    'one row of diagnose_aov_drop: a scope''s figures, directions, outcome, lever and effects';

-- The checks of the arguments both forms of diagnose_aov_drop share, made
-- before any work.
CREATE FUNCTION @extschema@.aov_check_diagnosis_args(
    promo_price_baseline numeric, promo_price_current numeric,
    tolerance float8, alpha float8, lang text)
    RETURNS void
    -- Not STRICT: NULLs are what it checks.
    LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF lang IS NULL OR lower(lang) NOT IN ('en', 'zh') THEN
        RAISE EXCEPTION 'unknown language "%"', coalesce(lang, 'NULL')
            USING ERRCODE = 'invalid_parameter_value', HINT = 'Use ''en'' or ''zh''.';
    END IF;
    IF tolerance IS NULL OR alpha IS NULL THEN
        RAISE EXCEPTION '% must not be null', CASE WHEN tolerance IS NULL THEN 'tolerance' ELSE 'significance level' END
            USING ERRCODE = 'null_value_not_allowed',
                  HINT = 'Leave the argument out for its default.';
    END IF;
    IF NOT (tolerance >= 0 AND tolerance < 1) THEN
        RAISE EXCEPTION 'tolerance % is out of range', tolerance
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = 'The tolerance is the relative change still called flat: at least 0 and less than 1.',
                  HINT = 'Use 0.02 to call changes within 2% flat.';
    END IF;
    IF NOT (alpha > 0 AND alpha < 1) THEN
        RAISE EXCEPTION 'significance level % is out of range', alpha
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = 'The significance level must be greater than 0 and less than 1.',
                  HINT = 'Use 0.05 for the usual 5% level.';
    END IF;
    IF (promo_price_baseline IS NULL) <> (promo_price_current IS NULL) THEN
        RAISE EXCEPTION 'promo price given for only one period'
            USING ERRCODE = 'null_value_not_allowed',
                  HINT = 'Give promo_price_baseline and promo_price_current together, or neither.';
    END IF;
    -- numeric NaN and Infinity sort above every number: test them by name
    IF NOT (promo_price_baseline > 0 AND promo_price_current > 0
            AND promo_price_baseline::text NOT IN ('NaN', 'Infinity')
            AND promo_price_current::text NOT IN ('NaN', 'Infinity')) THEN
        RAISE EXCEPTION 'promo price must be positive and finite: % and %', promo_price_baseline, promo_price_current
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'The promo price is the average list price of the promoted items.';
    END IF;
END
$$;
COMMENT ON FUNCTION @extschema@.aov_check_diagnosis_args(numeric, numeric, float8, float8, text) IS
    'helper of diagnose_aov_drop: checks the promo prices, tolerance, significance level and language';

-- The diagnosis itself, from the test statistics of every scope and period:
-- the common core of both forms of diagnose_aov_drop.
CREATE FUNCTION @extschema@.aov_diagnose_stats(
    new_baseline @extschema@.aov_test_stats,
    new_current @extschema@.aov_test_stats,
    returning_baseline @extschema@.aov_test_stats,
    returning_current @extschema@.aov_test_stats,
    guest_baseline @extschema@.aov_test_stats,
    guest_current @extschema@.aov_test_stats,
    all_baseline @extschema@.aov_test_stats,
    all_current @extschema@.aov_test_stats,
    promo_price_baseline numeric,
    promo_price_current numeric,
    tolerance float8,
    alpha float8,
    lang text)
    RETURNS SETOF @extschema@.aov_diagnosis
-- Not STRICT: a NULL is a segment without orders in that period, and NULL
-- promo prices mean the promo price is unknown.
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    zh boolean := lower(lang) = 'zh';
    seg_names text[] := ARRAY['new', 'returning', 'guest'];
    base @extschema@.aov_test_stats[] := ARRAY[new_baseline, returning_baseline, guest_baseline];
    cur @extschema@.aov_test_stats[] := ARRAY[new_current, returning_current, guest_current];
    cmp @extschema@.aov_comparison[] := '{}';
    c @extschema@.aov_comparison;
    d @extschema@.aov_diagnosis;
    o record;
    promo_rel float8;
    promo_dir text;
    untested boolean;
    few boolean;
    n0 numeric;
    n1 numeric;
    a0 numeric;
    a1 numeric;
    mix numeric;
    lmdi numeric;
    delta_scale int;
BEGIN
    PERFORM @extschema@.aov_check_diagnosis_args(promo_price_baseline, promo_price_current,
                                                 tolerance, alpha, lang);
    c := @extschema@.aov_compare(all_baseline, all_current);
    -- a summary may exist and still hold no orders (every row had NULLs)
    IF all_baseline IS NULL OR all_current IS NULL OR c.orders_before = 0 OR c.orders_after = 0 THEN
        RAISE EXCEPTION 'no orders in the % period',
            CASE WHEN all_baseline IS NULL OR c.orders_before = 0 THEN 'baseline' ELSE 'current' END
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = 'A diagnosis compares the orders of two periods; this one has none.',
                  HINT = 'Check the period bounds, or the summaries given for that period.';
    END IF;
    cmp := ARRAY[c];
    FOR k IN 1 .. 3 LOOP
        c := @extschema@.aov_compare(coalesce(base[k], cur[k]), coalesce(cur[k], base[k]));
        -- a segment missing from a period has no orders there
        c.orders_before := CASE WHEN base[k] IS NULL THEN 0 ELSE c.orders_before END;
        c.orders_after := CASE WHEN cur[k] IS NULL THEN 0 ELSE c.orders_after END;
        cmp := cmp || c;
    END LOOP;

    IF promo_price_baseline IS NOT NULL THEN
        promo_rel := (promo_price_current / promo_price_baseline - 1)::float8;
        -- the promo price describes the campaign, not a sample: no test
        promo_dir := CASE WHEN abs(promo_rel) <= tolerance THEN 'flat'
                          WHEN promo_rel < 0 THEN 'down' ELSE 'up' END;
    END IF;

    FOR k IN 1 .. 4 LOOP
        c := cmp[k];
        d := NULL;
        d.scope := CASE WHEN k = 1 THEN 'all' ELSE seg_names[k - 1] END;
        d.orders_before := c.orders_before;
        d.orders_after := c.orders_after;
        d.share_before := c.orders_before::float8 / cmp[1].orders_before;
        d.share_after := c.orders_after::float8 / cmp[1].orders_after;
        d.promo_price_before := promo_price_baseline;
        d.promo_price_after := promo_price_current;
        d.promo_price_rel_change := promo_rel;
        d.promo_price_direction := promo_dir;
        d.test := c.test;
        d.lever := CASE d.scope
            WHEN 'new' THEN CASE WHEN zh THEN '提高客单品价：在热销、美誉度高的商品中选择单价更高的商品促销，同时保证热销品的基本比例；新客户对商家信任度不足，提高客单量的策略基本不奏效。'
                ELSE 'Raise unit price: upsell to better-selling, well-reviewed items while keeping a base of best sellers. Basket-size tactics work poorly on new customers, who do not trust the shop yet.' END
            WHEN 'returning' THEN CASE WHEN zh THEN '提高客单量：同期推出一组不同但高度相关的商品促销（同类最多2~3个），以及套装销售（见 aov_cross_sell 和 aov_bundles）。'
                ELSE 'Raise items per order: cross-sell related items (2-3 parallel offers at most) and bundles; see aov_cross_sell and aov_bundles.' END
            WHEN 'guest' THEN CASE WHEN zh THEN '与新客户相同，提高客单品价：游客与店铺没有交易历史。'
                ELSE 'Raise unit price, as for new customers: a guest has no history with the shop.' END
            ELSE CASE WHEN zh THEN '按客户分组行动：见新客和老客两行。'
                ELSE 'Act per segment: see the new and returning rows.' END
            END;

        IF c.orders_before = 0 OR c.orders_after = 0
           OR NOT (c.aov_before > 0 AND c.aov_after > 0
                   AND c.items_per_order_before > 0 AND c.items_per_order_after > 0) THEN
            -- nothing to divide by: a documented row, never a division by zero
            IF c.orders_before > 0 THEN
                d.aov_before := c.aov_before;
                d.items_per_order_before := c.items_per_order_before;
                d.unit_price_before := c.unit_price_before;
            END IF;
            IF c.orders_after > 0 THEN
                d.aov_after := c.aov_after;
                d.items_per_order_after := c.items_per_order_after;
                d.unit_price_after := c.unit_price_after;
            END IF;
            d.aov_change := d.aov_after - d.aov_before;
            d.outcome := 'not comparable';
            d.cases := '{}';
            d.explanation := CASE WHEN zh THEN '无法比较：该范围在某一时期没有订单，或没有件数、没有正的销售额。'
                ELSE 'Not comparable: this scope has no orders, no items or no positive revenue in one of the periods.' END;
            d.checks := CASE WHEN zh THEN '查看 orders_before 和 orders_after：某一时期缺失的分组无从比较。'
                ELSE 'See orders_before and orders_after: a segment absent from one period has nothing to compare.' END;
            RETURN NEXT d;
            CONTINUE;
        END IF;

        d.aov_before := c.aov_before;
        d.aov_after := c.aov_after;
        d.aov_change := c.aov_after - c.aov_before;
        -- the relative changes of what the tests compare: plain figures,
        -- or with a trim fraction the trimmed means (the typical order)
        d.aov_rel_change := c.aov_rel_change;
        d.aov_p_value := c.aov_p_value;
        d.items_per_order_before := c.items_per_order_before;
        d.items_per_order_after := c.items_per_order_after;
        d.items_per_order_rel_change := c.items_per_order_rel_change;
        d.items_per_order_p_value := c.items_per_order_p_value;
        d.unit_price_before := c.unit_price_before;
        d.unit_price_after := c.unit_price_after;
        d.unit_price_rel_change := c.unit_price_rel_change;
        d.unit_price_p_value := c.unit_price_p_value;

        -- A move counts when it is beyond the tolerance and, when the
        -- summaries carry per-order values, significant at alpha.  Too few
        -- orders to test (p-value NULL) is no evidence of a move.
        untested := c.test = 'none';
        few := NOT untested AND (c.aov_p_value IS NULL OR c.items_per_order_p_value IS NULL
                                 OR c.unit_price_p_value IS NULL);
        d.aov_direction := CASE
            WHEN d.aov_rel_change IS NULL OR abs(d.aov_rel_change) <= tolerance THEN 'flat'
            WHEN NOT untested AND coalesce(c.aov_p_value >= alpha, true) THEN 'flat'
            WHEN d.aov_rel_change < 0 THEN 'down' ELSE 'up' END;
        d.items_per_order_direction := CASE
            WHEN d.items_per_order_rel_change IS NULL OR abs(d.items_per_order_rel_change) <= tolerance THEN 'flat'
            WHEN NOT untested AND coalesce(c.items_per_order_p_value >= alpha, true) THEN 'flat'
            WHEN d.items_per_order_rel_change < 0 THEN 'down' ELSE 'up' END;
        d.unit_price_direction := CASE
            WHEN d.unit_price_rel_change IS NULL OR abs(d.unit_price_rel_change) <= tolerance THEN 'flat'
            WHEN NOT untested AND coalesce(c.unit_price_p_value >= alpha, true) THEN 'flat'
            WHEN d.unit_price_rel_change < 0 THEN 'down' ELSE 'up' END;

        o := @extschema@.aov_drop_outcome(d.aov_direction, d.items_per_order_direction,
                                          d.unit_price_direction, promo_dir, lang);
        d.outcome := o.outcome;
        d.cases := o.cases;
        d.explanation := o.explanation;
        d.checks := o.checks;
        IF untested THEN
            d.checks := d.checks || CASE WHEN zh THEN '（摘要不含逐单数据，未做显著性检验：方向仅按容差判断。）'
                ELSE ' (The summaries hold no per-order values, so no test was run: directions follow the tolerance alone.)' END;
        ELSIF few THEN
            d.checks := d.checks || CASE WHEN zh THEN '（订单太少，无法检验：未检验的变化按持平处理。）'
                ELSE ' (Too few orders to test some changes; those count as flat.)' END;
        END IF;

        -- LMDI: L(A1, A0) ln(UP1/UP0) + L(A1, A0) ln(IPO1/IPO0) = A1 - A0.
        -- The identity A = UP x IPO makes the two logs sum to ln(A1/A0);
        -- the items-per-order part takes the rounding remainder, so the two
        -- printed parts sum exactly to the printed aov_change.
        delta_scale := scale(d.aov_change);
        lmdi := CASE WHEN c.aov_after = c.aov_before THEN c.aov_before
                     ELSE d.aov_change / (ln(c.aov_after) - ln(c.aov_before)) END;
        d.unit_price_effect := round(lmdi * ln(c.unit_price_after / c.unit_price_before), delta_scale);
        d.items_per_order_effect := d.aov_change - d.unit_price_effect;

        IF k = 1 THEN
            -- Mix vs within (domain.md section 4): sum over segments of
            -- (w1 - w0)(A0 + A1)/2 and (w0 + w1)/2 (A1 - A0).  A segment
            -- absent from one period takes its other period's AOV there, so
            -- its whole presence counts as mix.
            mix := 0;
            FOR j IN 2 .. 4 LOOP
                CONTINUE WHEN cmp[j].orders_before = 0 AND cmp[j].orders_after = 0;
                n0 := cmp[j].orders_before;
                n1 := cmp[j].orders_after;
                a0 := coalesce(CASE WHEN n0 > 0 THEN cmp[j].aov_before END, cmp[j].aov_after);
                a1 := coalesce(CASE WHEN n1 > 0 THEN cmp[j].aov_after END, cmp[j].aov_before);
                mix := mix + (n1 / cmp[1].orders_after - n0 / cmp[1].orders_before) * (a0 + a1) / 2;
            END LOOP;
            d.mix_effect := round(mix, delta_scale);
            d.within_effect := d.aov_change - d.mix_effect;
            -- Simpson's paradox: the total fell mostly because the shares moved
            IF d.aov_direction = 'down' AND d.mix_effect < 0
               AND abs(d.mix_effect) > abs(d.within_effect) THEN
                d.outcome := 'segment mix';
                d.cases := '{}';
                d.explanation := CASE WHEN zh THEN '客户结构变化：新客、老客、游客的订单占比发生了变化，结构效应（mix_effect）大于各分组内部的变化（within_effect），总客单价因此下降（辛普森悖论）。'
                    ELSE 'Segment mix: the shares of new, returning and guest orders moved, and this mix effect outweighs the changes within the segments (Simpson''s paradox).' END;
                d.checks := CASE WHEN zh THEN '查看各分组行：哪个分组的占比上升（例如拉新活动带来更多客单价较低的新客），并按分组分别判断。'
                    ELSE 'See the segment rows: which segment''s share grew (an acquisition campaign brings more new customers, whose baskets are smaller), and judge each segment on its own row.' END;
            END IF;
        END IF;
        RETURN NEXT d;
    END LOOP;
END
$$;
COMMENT ON FUNCTION @extschema@.aov_diagnose_stats(@extschema@.aov_test_stats, @extschema@.aov_test_stats, @extschema@.aov_test_stats, @extschema@.aov_test_stats, @extschema@.aov_test_stats, @extschema@.aov_test_stats, @extschema@.aov_test_stats, @extschema@.aov_test_stats, numeric, numeric, float8, float8, text) IS
    'the diagnosis of diagnose_aov_drop from the test statistics of each segment and of all orders, per period';

-- The composable form: per-segment summaries of both periods.
CREATE FUNCTION @extschema@.diagnose_aov_drop(
    new_baseline @extschema@.aov_summary,
    new_current @extschema@.aov_summary,
    returning_baseline @extschema@.aov_summary,
    returning_current @extschema@.aov_summary,
    guest_baseline @extschema@.aov_summary DEFAULT NULL,
    guest_current @extschema@.aov_summary DEFAULT NULL,
    promo_price_baseline numeric DEFAULT NULL,
    promo_price_current numeric DEFAULT NULL,
    tolerance float8 DEFAULT 0.02,
    alpha float8 DEFAULT 0.05,
    lang text DEFAULT 'en')
    RETURNS SETOF @extschema@.aov_diagnosis
-- Not STRICT: a NULL summary is a segment without orders in that period,
-- and NULL promo prices mean the promo price is unknown.
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    all_base @extschema@.aov_test_stats;
    all_cur @extschema@.aov_test_stats;
BEGIN
    PERFORM @extschema@.aov_check_diagnosis_args(promo_price_baseline, promo_price_current,
                                                 tolerance, alpha, lang);
    -- 'all' needs the orders of every segment together (a trimmed mean of
    -- the union is not a mix of the segments'); the rolled-up summary goes
    -- to aov_test_stats without being copied again.
    all_base := (SELECT @extschema@.aov_test_stats(@extschema@.aov_rollup(s))
                   FROM unnest(ARRAY[new_baseline, returning_baseline, guest_baseline]) s);
    all_cur := (SELECT @extschema@.aov_test_stats(@extschema@.aov_rollup(s))
                  FROM unnest(ARRAY[new_current, returning_current, guest_current]) s);
    RETURN QUERY SELECT * FROM @extschema@.aov_diagnose_stats(
        @extschema@.aov_test_stats(new_baseline), @extschema@.aov_test_stats(new_current),
        @extschema@.aov_test_stats(returning_baseline), @extschema@.aov_test_stats(returning_current),
        @extschema@.aov_test_stats(guest_baseline), @extschema@.aov_test_stats(guest_current),
        all_base, all_cur,
        promo_price_baseline, promo_price_current, tolerance, alpha, lang);
END
$$;
COMMENT ON FUNCTION @extschema@.diagnose_aov_drop(@extschema@.aov_summary, @extschema@.aov_summary, @extschema@.aov_summary, @extschema@.aov_summary, @extschema@.aov_summary, @extschema@.aov_summary, numeric, numeric, float8, float8, text) IS
    'why AOV fell between two periods, from per-segment summaries: directions, case, checks, lever and effects per scope';

-- The SQL expressions that read an orders relation's time, revenue, items
-- and customer columns as the types aov_summary takes, after checking each
-- column's type; a clear error names the column otherwise.  A helper of
-- aov_report and diagnose_aov_drop.
CREATE FUNCTION @extschema@.aov_order_exprs(
    order_table regclass,
    time_column name,
    revenue_column name,
    items_column name,
    customer_column name,
    OUT t_expr text,
    OUT r_expr text,
    OUT i_expr text,
    OUT c_expr text)
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    t_type regtype;
    r_type regtype;
    i_type regtype;
    c_type regtype;
BEGIN
    IF time_column IS NULL OR revenue_column IS NULL OR items_column IS NULL OR customer_column IS NULL THEN
        RAISE EXCEPTION 'column names must not be null'
            USING ERRCODE = 'null_value_not_allowed',
                  HINT = 'Leave a column argument out for its default name.';
    END IF;
    t_type := @extschema@.aov_column_type(order_table, time_column, 'Name the order time column with time_column => ''...''.');
    r_type := @extschema@.aov_column_type(order_table, revenue_column, 'Name the revenue column with revenue_column => ''...''.');
    i_type := @extschema@.aov_column_type(order_table, items_column, 'Name the items column with items_column => ''...''.');
    c_type := @extschema@.aov_column_type(order_table, customer_column, 'Name the customer column with customer_column => ''...''.');

    t_expr := CASE
        WHEN t_type IN ('timestamptz'::regtype, 'timestamp'::regtype) THEN format('%I', time_column)
        WHEN t_type = 'date'::regtype THEN format('%I::timestamp', time_column)
    END;
    r_expr := CASE
        WHEN t_type IS NULL THEN NULL
        WHEN r_type IN ('numeric'::regtype, 'float8'::regtype) THEN format('%I', revenue_column)
        -- float4 through numeric keeps its shown digits (12.99, not 12.9899997...)
        WHEN r_type IN ('float4'::regtype, 'int2'::regtype) THEN format('%I::numeric', revenue_column)
        WHEN r_type IN ('int4'::regtype, 'int8'::regtype) THEN format('%I', revenue_column)
    END;
    i_expr := CASE
        WHEN i_type = 'int4'::regtype THEN format('%I', items_column)
        WHEN i_type = 'int2'::regtype THEN format('%I::integer', items_column)
        WHEN i_type IN ('int8'::regtype, 'numeric'::regtype)
             AND r_type <> 'float8'::regtype
            THEN format('%I::numeric', items_column)
    END;
    c_expr := CASE
        WHEN c_type = 'int8'::regtype THEN format('%I', customer_column)
        WHEN c_type IN ('int2'::regtype, 'int4'::regtype) THEN format('%I::bigint', customer_column)
    END;
    IF t_expr IS NULL THEN
        RAISE EXCEPTION 'column "%" of relation % has type %, not a timestamp', time_column, order_table, t_type
            USING ERRCODE = 'datatype_mismatch',
                  HINT = 'The order time must be timestamptz, timestamp or date.';
    END IF;
    IF r_expr IS NULL THEN
        RAISE EXCEPTION 'column "%" of relation % has type %, not a number', revenue_column, order_table, r_type
            USING ERRCODE = 'datatype_mismatch',
                  HINT = 'The revenue must be numeric, float8, float4 or an integer type.';
    END IF;
    IF i_expr IS NULL THEN
        IF r_type = 'float8'::regtype AND i_type IN ('int8'::regtype, 'numeric'::regtype) THEN
            RAISE EXCEPTION 'column "%" of relation % has type %, but float8 revenue needs integer items', items_column, order_table, i_type
                USING ERRCODE = 'datatype_mismatch',
                      HINT = 'Report on a view that casts the revenue to numeric or the items to integer.';
        END IF;
        RAISE EXCEPTION 'column "%" of relation % has type %, not a count', items_column, order_table, i_type
            USING ERRCODE = 'datatype_mismatch',
                  HINT = 'The items must be integer, smallint, bigint or numeric.';
    END IF;
    IF c_expr IS NULL THEN
        RAISE EXCEPTION 'column "%" of relation % has type %, not an integer id', customer_column, order_table, c_type
            USING ERRCODE = 'datatype_mismatch',
                  HINT = 'Customer ids must be bigint, integer or smallint; report on a view that maps other ids to integers.';
    END IF;

END
$$;
COMMENT ON FUNCTION @extschema@.aov_order_exprs(regclass, name, name, name, name) IS
    'helper of aov_report and diagnose_aov_drop: checked SQL expressions for the time, revenue, items and customer columns of an orders relation';

-- aov_report as in 0.2.0, its column checks now in aov_order_exprs.
CREATE OR REPLACE FUNCTION @extschema@.aov_report(
    order_table regclass,
    granularity text DEFAULT 'month',
    since timestamptz DEFAULT NULL,
    until timestamptz DEFAULT NULL,
    trim_fraction float8 DEFAULT 0.05,
    time_column name DEFAULT 'ordered_at',
    revenue_column name DEFAULT 'revenue',
    items_column name DEFAULT 'items',
    customer_column name DEFAULT 'customer_id')
RETURNS TABLE (
    period date,
    segment text,
    orders_share float8,
    revenue_share float8,
    orders bigint,
    customers bigint,
    guest_orders bigint,
    zero_item_orders bigint,
    revenue numeric,
    items numeric,
    aov numeric,
    unit_price numeric,
    items_per_order numeric,
    revenue_per_customer numeric,
    orders_per_customer numeric,
    trim_fraction_used float8,
    aov_trimmed numeric,
    aov_median numeric,
    aov_top @extschema@.aov_top_numeric[],
    items_per_order_trimmed numeric,
    items_per_order_median numeric,
    items_per_order_top @extschema@.aov_top_numeric[],
    unit_price_trimmed numeric,
    unit_price_median numeric,
    unit_price_top @extschema@.aov_top_numeric[])
-- RESTRICTED: it may read a temporary table, which parallel workers cannot.
LANGUAGE plpgsql STABLE PARALLEL RESTRICTED
-- Operators and functions resolve in pg_catalog only; order_table::text is
-- then schema-qualified and quoted, and column names go through %I.
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    g text := lower(granularity);
    e record;
BEGIN
    IF order_table IS NULL THEN
        RAISE EXCEPTION 'order table must not be null'
            USING ERRCODE = 'null_value_not_allowed';
    END IF;
    IF g IS NULL OR trim_fraction IS NULL THEN
        RAISE EXCEPTION '% must not be null', CASE WHEN g IS NULL THEN 'granularity' ELSE 'trim fraction' END
            USING ERRCODE = 'null_value_not_allowed',
                  HINT = 'Leave the argument out for its default.';
    END IF;
    IF g NOT IN ('day', 'week', 'month', 'quarter', 'year') THEN
        RAISE EXCEPTION 'unknown granularity "%"', granularity
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'Use day, week, month, quarter or year.';
    END IF;
    IF NOT (trim_fraction >= 0 AND trim_fraction < 0.5) THEN
        RAISE EXCEPTION 'trim fraction % is out of range', trim_fraction
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = 'The trim fraction must be at least 0 and less than 0.5.',
                  HINT = 'Use 0.05 to drop 5% of the orders at each end.';
    END IF;
    IF since >= until THEN
        RAISE EXCEPTION 'time range is empty: since % is not before until %', since, until
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'The range is since <= time < until.';
    END IF;

    e := @extschema@.aov_order_exprs(order_table, time_column, revenue_column, items_column, customer_column);

    -- Segments (domain.md section 3): a customer is new in the period of
    -- their first order ever, taken over the whole relation, not only the
    -- reported range; NULL customer ids are guests.  One aggregation makes
    -- both the segment rows and the 'all' row of each period (grouping
    -- sets), and each group's per-order values go straight to its final
    -- function.  NOT MATERIALIZED: the relation is scanned once for the
    -- first orders and once for the report, each scan free to go parallel.
    RETURN QUERY EXECUTE format($q$
        WITH o AS NOT MATERIALIZED (
            SELECT %1$s AS ts, %2$s AS rev, %3$s AS qty, %4$s AS cust FROM %5$s
        ), firsts AS (
            -- date_trunc is monotonic: the period of the first order
            SELECT cust, date_trunc($1, min(ts)) AS first_p
              FROM o WHERE cust IS NOT NULL GROUP BY cust
        ), rows AS (
            SELECT x.p,
                   CASE WHEN x.cust IS NULL THEN 'guest'
                        WHEN f.first_p = x.p THEN 'new'
                        ELSE 'returning' END AS seg,
                   x.rev, x.qty, x.cust
              FROM (SELECT date_trunc($1, o.ts) AS p, o.rev, o.qty, o.cust
                      FROM o
                     WHERE o.ts IS NOT NULL
                       AND ($2::timestamptz IS NULL OR o.ts >= $2)
                       AND ($3::timestamptz IS NULL OR o.ts < $3)
                    -- a fence: date_trunc in a time zone costs more than
                    -- the rest of the row, so compute it once, not per use
                    OFFSET 0) x
              LEFT JOIN firsts f ON f.cust = x.cust
        ), g AS (
            SELECT p, CASE WHEN grouping(seg) = 1 THEN 'all' ELSE seg END AS seg,
                   @extschema@.aov_breakdown(rev, qty, cust, $4) AS b
              FROM rows GROUP BY GROUPING SETS ((p, seg), (p))
        )
        SELECT g.p::date, g.seg,
               ((g.b).orders / sum((g.b).orders) FILTER (WHERE g.seg <> 'all') OVER (PARTITION BY g.p))::float8,
               ((g.b).revenue / nullif(sum((g.b).revenue) FILTER (WHERE g.seg <> 'all') OVER (PARTITION BY g.p), 0))::float8,
               (g.b).*
          FROM g
         WHERE (g.b).orders IS NOT NULL
         ORDER BY g.p, CASE g.seg WHEN 'new' THEN 1 WHEN 'returning' THEN 2 WHEN 'guest' THEN 3 ELSE 4 END
        $q$, e.t_expr, e.r_expr, e.i_expr, e.c_expr, order_table)
    USING g, since, until, trim_fraction;
END
$$;


-- The common form: an orders relation and two time ranges.
CREATE FUNCTION @extschema@.diagnose_aov_drop(
    order_table regclass,
    baseline tstzrange,
    current tstzrange,
    promo_price_baseline numeric DEFAULT NULL,
    promo_price_current numeric DEFAULT NULL,
    promo_table regclass DEFAULT NULL,
    tolerance float8 DEFAULT 0.02,
    alpha float8 DEFAULT 0.05,
    trim_fraction float8 DEFAULT 0.05,
    lang text DEFAULT 'en',
    time_column name DEFAULT 'ordered_at',
    revenue_column name DEFAULT 'revenue',
    items_column name DEFAULT 'items',
    customer_column name DEFAULT 'customer_id',
    promo_price_column name DEFAULT 'price',
    promo_start_column name DEFAULT 'starts_at',
    promo_end_column name DEFAULT 'ends_at')
    RETURNS SETOF @extschema@.aov_diagnosis
-- Not STRICT: the promo arguments are optional.  RESTRICTED: it may read a
-- temporary table, which parallel workers cannot.
LANGUAGE plpgsql STABLE PARALLEL RESTRICTED
-- Operators and functions resolve in pg_catalog only; relation names are
-- quoted by regclass's output and column names go through %I.
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    e record;
    st @extschema@.aov_test_stats[];
    pb numeric := promo_price_baseline;
    pc numeric := promo_price_current;
    p_type regtype;
    ps_type regtype;
    pe_type regtype;
    end_expr text;
    bad_prices bigint;
    bad_ranges bigint;
BEGIN
    IF order_table IS NULL OR baseline IS NULL OR current IS NULL THEN
        RAISE EXCEPTION '% must not be null',
            CASE WHEN order_table IS NULL THEN 'order table' WHEN baseline IS NULL THEN 'baseline range' ELSE 'current range' END
            USING ERRCODE = 'null_value_not_allowed';
    END IF;
    IF trim_fraction IS NULL THEN
        RAISE EXCEPTION 'trim fraction must not be null'
            USING ERRCODE = 'null_value_not_allowed',
                  HINT = 'Leave it out for the default 0.05, or use 0 for plain means.';
    END IF;
    IF NOT (trim_fraction >= 0 AND trim_fraction < 0.5) THEN
        RAISE EXCEPTION 'trim fraction % is out of range', trim_fraction
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = 'The trim fraction must be at least 0 and less than 0.5; 0 tests plain means (Welch), more tests trimmed means (Yuen).',
                  HINT = 'Use 0.05 to drop 5% of the orders at each end.';
    END IF;
    IF isempty(baseline) OR isempty(current) THEN
        RAISE EXCEPTION 'the % range is empty', CASE WHEN isempty(baseline) THEN 'baseline' ELSE 'current' END
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'Give a range such as aov_period(''month'', ''2026-05-01'') or tstzrange(''2026-05-01'', ''2026-06-01'').';
    END IF;
    IF baseline && current THEN
        RAISE EXCEPTION 'baseline % and current % overlap', baseline, current
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = 'An order in both ranges would count in both periods.',
                  HINT = 'Use two disjoint ranges, such as two months from aov_period.';
    END IF;
    IF NOT (baseline << current) THEN
        RAISE EXCEPTION 'baseline % does not come before current %', baseline, current
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'The baseline is the earlier period; swap the two ranges.';
    END IF;
    -- every argument is checked before the relation is read
    PERFORM @extschema@.aov_check_diagnosis_args(pb, pc, tolerance, alpha, lang);
    IF promo_table IS NOT NULL AND (pb IS NOT NULL OR pc IS NOT NULL) THEN
        RAISE EXCEPTION 'promo prices given twice'
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'Give either promo_price_baseline and promo_price_current, or promo_table.';
    END IF;

    e := @extschema@.aov_order_exprs(order_table, time_column, revenue_column, items_column, customer_column);

    -- The promo price of a period: the mean list price over the promoted
    -- products whose campaign [starts_at, ends_at) overlaps it; a date end
    -- is the campaign's last day, and a NULL end an open campaign.  Read
    -- first: a mistake in the campaigns is reported before the orders are.
    -- Prices are checked where they are used; a campaign that ends before
    -- it starts is an error wherever it is, as its overlap is undefined.
    IF promo_table IS NOT NULL THEN
        p_type := @extschema@.aov_column_type(promo_table, promo_price_column, 'Name the price column with promo_price_column => ''...''.');
        ps_type := @extschema@.aov_column_type(promo_table, promo_start_column, 'Name the campaign start column with promo_start_column => ''...''.');
        pe_type := @extschema@.aov_column_type(promo_table, promo_end_column, 'Name the campaign end column with promo_end_column => ''...''.');
        IF p_type NOT IN ('numeric'::regtype, 'float8'::regtype, 'float4'::regtype,
                          'int2'::regtype, 'int4'::regtype, 'int8'::regtype) THEN
            RAISE EXCEPTION 'column "%" of relation % has type %, not a number', promo_price_column, promo_table, p_type
                USING ERRCODE = 'datatype_mismatch', HINT = 'The promo price must be a number.';
        END IF;
        IF ps_type NOT IN ('timestamptz'::regtype, 'timestamp'::regtype, 'date'::regtype)
           OR pe_type NOT IN ('timestamptz'::regtype, 'timestamp'::regtype, 'date'::regtype) THEN
            RAISE EXCEPTION 'campaign columns "%" and "%" of relation % have types % and %, not timestamps',
                promo_start_column, promo_end_column, promo_table, ps_type, pe_type
                USING ERRCODE = 'datatype_mismatch',
                      HINT = 'Campaign starts and ends must be timestamptz, timestamp or date.';
        END IF;
        end_expr := CASE WHEN pe_type = 'date'::regtype THEN format('(%I + 1)::timestamptz', promo_end_column)
                         ELSE format('%I::timestamptz', promo_end_column) END;
        EXECUTE format($q$
            SELECT avg(price) FILTER (WHERE c && $1), avg(price) FILTER (WHERE c && $2),
                   count(*) FILTER (WHERE (c && $1 OR c && $2)
                                    AND (NOT (price > 0) OR price::text IN ('NaN', 'Infinity'))),
                   count(*) FILTER (WHERE c IS NULL)
              FROM (SELECT %1$I::numeric AS price,
                           CASE WHEN %2$I::timestamptz <= coalesce(%3$s, 'infinity')
                                THEN tstzrange(%2$I::timestamptz, %3$s, '[)') END AS c
                      FROM %4$s WHERE %1$I IS NOT NULL AND %2$I IS NOT NULL) p
            $q$, promo_price_column, promo_start_column, end_expr, promo_table)
        INTO pb, pc, bad_prices, bad_ranges USING baseline, current;
        IF bad_prices > 0 OR bad_ranges > 0 THEN
            RAISE EXCEPTION '% of relation % %',
                CASE WHEN bad_prices > 0 THEN bad_prices || ' promoted products' ELSE bad_ranges || ' campaigns' END,
                promo_table,
                CASE WHEN bad_prices > 0 THEN 'have a price that is not positive and finite'
                     ELSE 'end before they start' END
                USING ERRCODE = 'invalid_parameter_value',
                      HINT = 'Fix or filter those rows, for example with a view.';
        END IF;
        -- a period without a promoted product leaves the promo price unknown
        IF pb IS NULL OR pc IS NULL THEN
            pb := NULL;
            pc := NULL;
        END IF;
    END IF;

    -- Segments (domain.md section 3): new in a period when the customer's
    -- first order ever, over the whole relation, falls in it; NULL ids are
    -- guests.  One aggregation summarizes each period's segments and all
    -- its orders (grouping sets), and each summary is reduced to its test
    -- statistics as its group is finalized, so per-order values are never
    -- copied out of the aggregate.
    EXECUTE format($q$
        WITH o AS NOT MATERIALIZED (
            SELECT (%1$s)::timestamptz AS ts, %2$s AS rev, %3$s AS qty, %4$s AS cust FROM %5$s
        ), firsts AS (
            -- orders after the current range are nobody's first order in it
            SELECT cust, min(ts) AS first_ts FROM o
             WHERE cust IS NOT NULL AND (upper_inf($2) OR ts <= upper($2))
             GROUP BY cust
        ), g AS (
            SELECT x.per,
                   CASE WHEN grouping(x.seg) = 1 THEN 'all' ELSE x.seg END AS seg,
                   @extschema@.aov_test_stats(@extschema@.aov_summary(x.rev, x.qty, x.cust, $3)) AS st
              FROM (SELECT y.per, y.rev, y.qty, y.cust,
                           CASE WHEN y.cust IS NULL THEN 'guest'
                                WHEN (CASE y.per WHEN 0 THEN $1 ELSE $2 END) @> f.first_ts THEN 'new'
                                ELSE 'returning' END AS seg
                      FROM (SELECT CASE WHEN $1 @> o.ts THEN 0 ELSE 1 END AS per, o.rev, o.qty, o.cust
                              FROM o WHERE $1 @> o.ts OR $2 @> o.ts) y
                      LEFT JOIN firsts f ON f.cust = y.cust) x
             GROUP BY GROUPING SETS ((x.per, x.seg), (x.per))
        )
        SELECT ARRAY[(array_agg(st) FILTER (WHERE per = 0 AND seg = 'new'))[1],
                     (array_agg(st) FILTER (WHERE per = 1 AND seg = 'new'))[1],
                     (array_agg(st) FILTER (WHERE per = 0 AND seg = 'returning'))[1],
                     (array_agg(st) FILTER (WHERE per = 1 AND seg = 'returning'))[1],
                     (array_agg(st) FILTER (WHERE per = 0 AND seg = 'guest'))[1],
                     (array_agg(st) FILTER (WHERE per = 1 AND seg = 'guest'))[1],
                     (array_agg(st) FILTER (WHERE per = 0 AND seg = 'all'))[1],
                     (array_agg(st) FILTER (WHERE per = 1 AND seg = 'all'))[1]]
          FROM g
        $q$, e.t_expr, e.r_expr, e.i_expr, e.c_expr, order_table)
    INTO st USING baseline, current, trim_fraction;

    RETURN QUERY SELECT * FROM @extschema@.aov_diagnose_stats(
        st[1], st[2], st[3], st[4], st[5], st[6], st[7], st[8], pb, pc, tolerance, alpha, lang);
END
$$;
COMMENT ON FUNCTION @extschema@.diagnose_aov_drop(regclass, tstzrange, tstzrange, numeric, numeric, regclass, float8, float8, float8, text, name, name, name, name, name, name, name) IS
    'why AOV fell between two time ranges of an orders table: directions, case, checks, lever and effects per customer segment';
