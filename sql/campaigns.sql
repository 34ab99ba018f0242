--
-- campaigns: aov_campaign_retirement, the article's rules for taking a
-- campaign offline, against a reference written differently (a correlated
-- subquery per day instead of running sums, the binomial tail as a sum of
-- exp(log-factorials) instead of the incomplete beta).
--
SET client_min_messages = warning;

-- Every campaign starts on 2024-05-01 (day 1).  Planted cases:
--   a_daily   UV below 100 on days 4-6: the daily rule fires on day 6, not 5
--   b_uv_only weekly UV below the mixed UV floor, conversion fine: no mixed
--   c_cr_only conversion below the mixed floor, weekly UV fine: no mixed
--   d_both    both below the mixed floors: mixed fires on day 7
--   e_few     0 conversions on 30 visitors: too few to judge conversion
--   f_short   a short heavy promotion still running on day 5: past 3 days
--   g_tie     the daily and the weekly UV rules both fire on day 7
--   h_tie2    the weekly UV and the conversion rules both fire on day 7
--   i_long    healthy for 9 days: past a week, kept when max_days is 30
--   j_none    no daily rows at all
--   k_gap     low UV on days 3, 4 and 6, day 5 missing: no 3-day run
--   l_young   3 healthy days: a week cannot be judged yet
--   m_small   3.3% of 210 visitors against a 5% floor: low, not significant
--   n_big     3.3% of 2100 visitors against a 5% floor: significant
CREATE TABLE camp (campaign_id text, start_day date, kind text);
CREATE TABLE camp_daily (campaign_id text, day date, uv integer, conversions integer, revenue numeric(12,2));
INSERT INTO camp
SELECT c, date '2024-05-01', CASE WHEN c = 'f_short' THEN 'short' WHEN c = 'i_long' THEN NULL ELSE 'regular' END
  FROM unnest('{a_daily,b_uv_only,c_cr_only,d_both,e_few,f_short,g_tie,h_tie2,i_long,j_none,k_gap,l_young,m_small,n_big}'::text[]) c;
INSERT INTO camp_daily (campaign_id, day, uv, conversions)
SELECT c, date '2024-05-01' + i - 1, uv, conv
  FROM (VALUES
    ('a_daily',   8, '{400,400,400,80,80,80,400,400}', '{20,20,20,4,4,4,20,20}'),
    ('b_uv_only', 7, '{300,300,300,300,300,300,300}', '{15,15,15,15,15,15,15}'),
    ('c_cr_only', 7, '{500,500,500,500,500,500,500}', '{12,12,12,12,12,12,12}'),
    ('d_both',    7, '{300,300,300,300,300,300,300}', '{7,7,7,7,7,7,7}'),
    ('e_few',     7, '{4,4,4,4,4,5,5}', '{0,0,0,0,0,0,0}'),
    ('f_short',   5, '{500,500,500,500,500}', '{25,25,25,25,25}'),
    ('g_tie',     7, '{300,300,300,300,90,90,90}', '{15,15,15,15,5,5,5}'),
    ('h_tie2',    7, '{200,200,200,200,200,200,200}', '{2,2,2,2,2,2,2}'),
    ('i_long',    9, '{500,500,500,500,500,500,500,500,500}', '{25,25,25,25,25,25,25,25,25}'),
    ('k_gap',     8, '{400,400,80,80,0,80,400,400}', '{20,20,4,4,0,4,20,20}'),
    ('l_young',   3, '{500,500,500}', '{25,25,25}'),
    ('m_small',   7, '{30,30,30,30,30,30,30}', '{1,1,1,1,1,1,1}'),
    ('n_big',     7, '{300,300,300,300,300,300,300}', '{10,10,10,10,10,10,10}')
  ) v(c, n, uvs, convs)
  CROSS JOIN LATERAL generate_series(1, n) i
  CROSS JOIN LATERAL (SELECT (uvs::int[])[i] AS uv, (convs::int[])[i] AS conv) x
 WHERE NOT (c = 'k_gap' AND i = 5);
UPDATE camp_daily SET revenue = conversions * 35.50;

-- P(X <= k) for X ~ Binomial(n, p), term by term
CREATE FUNCTION ref_binom(k bigint, n bigint, p float8) RETURNS float8 LANGUAGE sql IMMUTABLE AS $$
    WITH lf AS (SELECT m, sum(ln(greatest(m, 1)::float8)) OVER (ORDER BY m) AS lf
                  FROM generate_series(0, n) m)
    SELECT sum(exp(ln_n.lf - a.lf - b.lf + i * ln(p) + (n - i) * ln(1 - p)))
      FROM generate_series(0, k) i
      JOIN lf a ON a.m = i JOIN lf b ON b.m = n - i, lf ln_n
     WHERE ln_n.m = n
$$;

-- The rules judged on each day's windows by counting rows, then the first
-- rule that fires (by day, then in the article's order), and for the
-- campaigns that none retires, whether the last day's windows can judge.
CREATE FUNCTION ref_retire(duf numeric, dud int, wuf numeric, cf float8, cd int, muf numeric, mcf float8,
                           mx int, mxs int, minuv bigint, alpha float8)
RETURNS TABLE (campaign_id text, decision text, rule text, fired_on date) LANGUAGE sql AS $$
    WITH win AS (
        SELECT x.campaign_id, x.day, w.*,
               CASE WHEN w.c_n < cd OR w.c_uv < minuv OR w.c_uv = 0 THEN NULL
                    WHEN alpha IS NULL THEN w.c_conv::float8 / w.c_uv < cf
                    ELSE ref_binom(w.c_conv, w.c_uv, cf) < alpha END AS c_low,
               CASE WHEN w.c_n < cd OR w.c_uv < minuv OR w.c_uv = 0 THEN NULL
                    WHEN alpha IS NULL THEN w.c_conv::float8 / w.c_uv < mcf
                    ELSE ref_binom(w.c_conv, w.c_uv, mcf) < alpha END AS m_low
          FROM camp_daily x CROSS JOIN LATERAL (
              SELECT count(*) FILTER (WHERE y.day > x.day - dud AND y.uv < duf) AS d_low,
                     count(*) FILTER (WHERE y.day > x.day - dud) AS d_n,
                     count(*) FILTER (WHERE y.day > x.day - 7) AS w_n,
                     sum(y.uv) FILTER (WHERE y.day > x.day - 7) AS w_uv,
                     count(*) FILTER (WHERE y.day > x.day - cd) AS c_n,
                     sum(y.uv) FILTER (WHERE y.day > x.day - cd) AS c_uv,
                     sum(y.conversions) FILTER (WHERE y.day > x.day - cd) AS c_conv
                FROM camp_daily y WHERE y.campaign_id = x.campaign_id AND y.day <= x.day) w),
    fires AS (
        SELECT campaign_id, day, 1 AS ord, 'daily_uv' AS rule FROM win WHERE d_low = dud
        UNION ALL SELECT campaign_id, day, 2, 'weekly_uv' FROM win WHERE w_n = 7 AND w_uv < wuf
        UNION ALL SELECT campaign_id, day, 3, 'conversion' FROM win WHERE cf IS NOT NULL AND c_low
        UNION ALL SELECT campaign_id, day, 4, 'mixed' FROM win WHERE w_n = 7 AND w_uv < muf AND m_low
        UNION ALL SELECT c.campaign_id, c.start_day + l.lim - 1, 5, 'max_duration'
                    FROM camp c CROSS JOIN LATERAL (SELECT CASE WHEN c.kind = 'short' THEN mxs ELSE mx END AS lim) l
                   WHERE (SELECT max(day) FROM camp_daily d WHERE d.campaign_id = c.campaign_id) >= c.start_day + l.lim - 1),
    first AS (SELECT DISTINCT ON (campaign_id) campaign_id, rule, day FROM fires ORDER BY campaign_id, day, ord),
    last AS (SELECT DISTINCT ON (campaign_id) * FROM win ORDER BY campaign_id, day DESC)
    SELECT c.campaign_id,
           CASE WHEN f.rule IS NOT NULL THEN 'retire'
                WHEN l.day IS NULL OR (duf IS NOT NULL AND l.d_n < dud) OR (wuf IS NOT NULL AND l.w_n < 7)
                     OR (cf IS NOT NULL AND l.c_low IS NULL)
                     OR (muf IS NOT NULL AND (l.w_n < 7 OR (l.w_uv < muf AND l.m_low IS NULL)))
                THEN 'not enough data' ELSE 'keep' END,
           f.rule, f.day
      FROM camp c LEFT JOIN first f USING (campaign_id) LEFT JOIN last l USING (campaign_id)
$$;

-- The rows on one side only of a result and its reference (expected: none)
CREATE FUNCTION retire_diff(got text, ref text)
RETURNS TABLE (side text, campaign_id text, decision text, rule text, fired_on date) LANGUAGE plpgsql AS $$
BEGIN
    RETURN QUERY EXECUTE format($q$
        SELECT 'got', * FROM (SELECT g.campaign_id, g.decision, g.rule, g.fired_on FROM (%1$s) g
                              EXCEPT SELECT * FROM (%2$s) r) x
        UNION ALL
        SELECT 'ref', * FROM (SELECT * FROM (%2$s) r
                              EXCEPT SELECT g.campaign_id, g.decision, g.rule, g.fired_on FROM (%1$s) g) y
        $q$, got, ref);
END $$;

-- 1. Every rule on (UV floors 100 a day and 1500 a week, conversion 2%,
-- mixed 2500 UV and 3%), a week at most, 3 days for short promotions.
CREATE TEMP TABLE r1 AS
SELECT * FROM aov_campaign_retirement('camp_daily', 'camp', daily_uv_floor => 100, weekly_uv_floor => 1500,
    conversion_floor => 0.02, mixed_uv_floor => 2500, mixed_conversion_floor => 0.03);
SELECT campaign_id, decision, rule, fired_on, undecided FROM r1 ORDER BY campaign_id;
SELECT * FROM retire_diff('SELECT * FROM r1', 'SELECT * FROM ref_retire(100, 3, 1500, 0.02, 7, 2500, 0.03, 7, 3, 100, NULL)');
-- the evidence of the planted cases, and the totals against plain sums
SELECT campaign_id, evidence FROM r1 WHERE campaign_id IN ('a_daily', 'd_both', 'f_short') ORDER BY 1;
SELECT r.campaign_id, r.days, r.uv, r.conversions, r.revenue, s.*
  FROM r1 r LEFT JOIN (SELECT campaign_id, count(*) AS n, sum(uv) AS su, sum(conversions) AS sc, sum(revenue) AS sr
                         FROM camp_daily GROUP BY 1) s USING (campaign_id)
 WHERE (r.days, r.uv, r.conversions, r.revenue) IS DISTINCT FROM (coalesce(s.n, 0), coalesce(s.su, 0), coalesce(s.sc, 0), s.sr);

-- The mixed rule alone, campaigns up to 30 days: it retires d_both (UV and
-- conversion both low) and neither b_uv_only (only UV low) nor c_cr_only
-- (only conversion low), which it keeps.
SELECT campaign_id, decision, rule, fired_on FROM aov_campaign_retirement('camp_daily', 'camp',
    mixed_uv_floor => 2500, mixed_conversion_floor => 0.03, max_days => 30, max_days_short => 30)
 WHERE campaign_id IN ('b_uv_only', 'c_cr_only', 'd_both') ORDER BY 1;
SELECT * FROM retire_diff($$SELECT * FROM aov_campaign_retirement('camp_daily', 'camp',
    mixed_uv_floor => 2500, mixed_conversion_floor => 0.03, max_days => 30, max_days_short => 30)$$,
    'SELECT * FROM ref_retire(NULL, 3, NULL, NULL, 7, 2500, 0.03, 30, 30, 100, NULL)');

-- 2. The conversion rule alone, over 7 days, campaigns up to 30 days:
-- e_few's 0 of 30 is not judged, i_long is kept.
CREATE TEMP TABLE r2 AS
SELECT * FROM aov_campaign_retirement('camp_daily', 'camp', conversion_floor => 0.02, max_days => 30, max_days_short => 30);
SELECT campaign_id, decision, rule, fired_on, undecided FROM r2 ORDER BY campaign_id;
SELECT * FROM retire_diff('SELECT * FROM r2', 'SELECT * FROM ref_retire(NULL, 3, NULL, 0.02, 7, NULL, NULL, 30, 30, 100, NULL)');
-- judged on 20 visitors, e_few's 0 conversions are low
SELECT campaign_id, decision, rule, fired_on FROM aov_campaign_retirement('camp_daily', 'camp',
    conversion_floor => 0.02, min_uv_for_conversion => 20, max_days => 30, max_days_short => 30)
 WHERE campaign_id = 'e_few';

-- 3. A 5% floor, judged by the binomial test at alpha 0.05: m_small's 3.3%
-- of 210 is not significantly low, n_big's of 2100 is; on the raw ratio
-- both retire.
CREATE TEMP TABLE r3 AS
SELECT * FROM aov_campaign_retirement('camp_daily', 'camp', conversion_floor => 0.05, alpha => 0.05,
    max_days => 30, max_days_short => 30);
SELECT campaign_id, decision, rule, fired_on, evidence->>'p_value' IS NOT NULL AS has_p
  FROM r3 WHERE campaign_id IN ('m_small', 'n_big') ORDER BY 1;
SELECT * FROM retire_diff('SELECT * FROM r3', 'SELECT * FROM ref_retire(NULL, 3, NULL, 0.05, 7, NULL, NULL, 30, 30, 100, 0.05)');
SELECT campaign_id, decision, rule FROM aov_campaign_retirement('camp_daily', 'camp', conversion_floor => 0.05,
    max_days => 30, max_days_short => 30) WHERE campaign_id IN ('m_small', 'n_big') ORDER BY 1;
-- the p-value in the evidence is the binomial tail
SELECT campaign_id, (evidence->>'p_value')::float8 AS p, ref_binom(70, 2100, 0.05) AS ref
  FROM r3 WHERE campaign_id = 'n_big'
   AND abs((evidence->>'p_value')::float8 / ref_binom(70, 2100, 0.05) - 1) > 1e-9;

-- 4. Other review periods and daily runs, lower floors: the rows that
-- differ from the reference
SELECT cd, dud, d.* FROM (VALUES (3, 2), (5, 4), (1, 1)) v(cd, dud)
 CROSS JOIN LATERAL retire_diff(
     format($$SELECT * FROM aov_campaign_retirement('camp_daily', 'camp', daily_uv_floor => 100,
                 daily_uv_days => %s, weekly_uv_floor => 1500, conversion_floor => 0.025, conversion_days => %s,
                 mixed_uv_floor => 2500, mixed_conversion_floor => 0.04, min_uv_for_conversion => 50)$$, dud, cd),
     format('SELECT * FROM ref_retire(100, %s, 1500, 0.025, %s, 2500, 0.04, 7, 3, 50, NULL)', dud, cd)) d;

-- 5. The binomial tail against the term-by-term sum and closed forms:
-- P(X <= 0) = (1-p)^n, P(X <= n-1) = 1 - p^n; the values that differ
SELECT k, n, p, _aov_binomial_below(k, n, p) AS got, ref_binom(k, n, p) AS ref
  FROM (VALUES (0::bigint, 10::bigint, 0.3), (3, 10, 0.3), (9, 10, 0.3), (7, 210, 0.05), (70, 2100, 0.05),
               (105, 2100, 0.05), (1, 1000, 0.001), (50, 100, 0.5), (499, 1000, 0.5)) v(k, n, p)
 WHERE abs(_aov_binomial_below(k, n, p) / ref_binom(k, n, p) - 1) > 1e-9;
SELECT n, p FROM generate_series(1, 60) n, (VALUES (0.01::float8), (0.2), (0.9)) v(p)
 WHERE abs(_aov_binomial_below(0, n, p) / (1 - p) ^ n - 1) > 1e-12
    OR abs(_aov_binomial_below(n - 1, n, p) - (1 - p ^ n)) > 1e-12;
-- and at 10^5 and 10^6 visitors, against (1-p)^n and (1-p)^(n-1) (1 - p + n p)
-- in numeric, to 1e-12 (0.4.0 was 1e-10 off there: its log-gammas lost
-- digits, test/r_crosscheck.sh)
SELECT n, p, k, got, ref, rel_err(got, ref) AS rel_err
  FROM (SELECT n, p, k, _aov_binomial_below(k, n, p::float8) AS got,
               (CASE k WHEN 0 THEN exp(n * ln(1 - p)) ELSE exp((n - 1) * ln(1 - p)) * (1 - p + n * p) END)::float8 AS ref
          FROM (VALUES (100000::bigint, 0.0003::numeric), (100000, 0.00001), (1000000, 0.00003)) v(n, p),
               (VALUES (0::bigint), (1)) w(k)) s
 WHERE close_to(got, ref, 1e-12) IS NOT TRUE;
SELECT _aov_binomial_below(5, 5, 0.5) AS all_k, _aov_binomial_below(2, 5, 0) AS p0, _aov_binomial_below(2, 5, 1) AS p1;
SELECT expect_error('SELECT _aov_binomial_below(6, 5, 0.5)');
SELECT expect_error('SELECT _aov_binomial_below(1, 5, 1.5)');

-- 6. Bad input: clear errors
CREATE TABLE camp_bad (LIKE camp_daily);
CREATE TABLE camp_bad_c (LIKE camp);
SELECT q, expect_error(q) FROM (VALUES
    ($$SELECT * FROM aov_campaign_retirement('camp_daily', 'camp', daily_uv_floor => -1)$$),
    ($$SELECT * FROM aov_campaign_retirement('camp_daily', 'camp', weekly_uv_floor => 'NaN')$$),
    ($$SELECT * FROM aov_campaign_retirement('camp_daily', 'camp', conversion_floor => 1.5)$$),
    ($$SELECT * FROM aov_campaign_retirement('camp_daily', 'camp', daily_uv_floor => 1, daily_uv_days => 0)$$),
    ($$SELECT * FROM aov_campaign_retirement('camp_daily', 'camp', conversion_floor => 0.1, alpha => 1)$$),
    ($$SELECT * FROM aov_campaign_retirement('camp_daily', 'camp', mixed_uv_floor => 10)$$),
    ($$SELECT * FROM aov_campaign_retirement('camp_daily', 'camp', max_days => NULL, max_days_short => NULL)$$),
    ($$SELECT * FROM aov_campaign_retirement('camp_daily', 'camp', min_uv_for_conversion => NULL)$$),
    ($$SELECT * FROM aov_campaign_retirement(NULL, 'camp')$$),
    ($$SELECT * FROM aov_campaign_retirement('camp_daily', 'camp', uv_column => 'visitors')$$),
    ($$SELECT * FROM aov_campaign_retirement('camp_daily', 'camp', uv_column => 'revenue')$$),
    ($$SELECT * FROM aov_campaign_retirement('camp_daily', 'camp', kind_column => 'start_day')$$),
    ($$SELECT * FROM aov_campaign_retirement('camp_daily', 'camp_missing')$$)) v(q);
-- the same day twice, a NULL id, a NULL count, conversions above UV, a day
-- before the start, an unknown kind, a campaign missing from camp, twice in camp
CREATE FUNCTION bad_case(daily text, campaigns text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
    TRUNCATE camp_bad, camp_bad_c;
    INSERT INTO camp_bad_c SELECT * FROM camp WHERE campaign_id = 'l_young';
    INSERT INTO camp_bad SELECT * FROM camp_daily WHERE campaign_id = 'l_young';
    EXECUTE daily;
    EXECUTE campaigns;
    RETURN expect_error($q$SELECT * FROM aov_campaign_retirement('camp_bad', 'camp_bad_c')$q$);
END $$;
SELECT d, c, bad_case(d, c) FROM (VALUES
    ($$INSERT INTO camp_bad SELECT * FROM camp_bad WHERE day = '2024-05-02'$$, 'SELECT'),
    ($$INSERT INTO camp_bad VALUES (NULL, '2024-05-02', 5, 0, 0)$$, 'SELECT'),
    ('SELECT', $$INSERT INTO camp_bad_c VALUES (NULL, '2024-05-01', 'regular')$$),
    ($$UPDATE camp_bad SET uv = NULL WHERE day = '2024-05-02'$$, 'SELECT'),
    ($$UPDATE camp_bad SET conversions = uv + 1 WHERE day = '2024-05-02'$$, 'SELECT'),
    ($$UPDATE camp_bad SET uv = -1 WHERE day = '2024-05-02'$$, 'SELECT'),
    ('SELECT', $$UPDATE camp_bad_c SET start_day = '2024-05-02'$$),
    ('SELECT', $$UPDATE camp_bad_c SET start_day = NULL$$),
    ('SELECT', $$UPDATE camp_bad_c SET kind = 'flash'$$),
    ('SELECT', $$UPDATE camp_bad_c SET campaign_id = 'other'$$),
    ('SELECT', $$INSERT INTO camp_bad_c SELECT * FROM camp_bad_c$$)) v(d, c);
-- days given as timestamps: read as their day when one row falls on
-- each day; two rows whose times fall on one day overlap
SET TimeZone = 'UTC';
CREATE VIEW camp_times AS
SELECT campaign_id, day + time '08:00' AS day, uv, conversions, revenue FROM camp_daily;
CREATE VIEW camp_bad_times AS
SELECT * FROM camp_times
UNION ALL
SELECT campaign_id, day + time '20:00', uv, conversions, revenue FROM camp_daily
 WHERE campaign_id = 'l_young' AND day = '2024-05-02';
SELECT * FROM retire_diff($$SELECT * FROM aov_campaign_retirement('camp_times', 'camp', daily_uv_floor => 100,
                              weekly_uv_floor => 1500, conversion_floor => 0.02)$$,
                          'SELECT * FROM ref_retire(100, 3, 1500, 0.02, 7, NULL, NULL, 7, 3, 100, NULL)');
SELECT expect_error($$SELECT * FROM aov_campaign_retirement('camp_bad_times', 'camp', daily_uv_floor => 100)$$);
