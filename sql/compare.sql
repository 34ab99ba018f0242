--
-- compare: aov_compare's figures and p-values against independent
-- references.  The test statistics are recomputed here in plain SQL (avg,
-- var_samp, ranks for Yuen's trimmed and winsorized moments), and Student's
-- t tail comes from closed forms (1 and 2 degrees of freedom) or from
-- Simpson's rule over the t density, not from the extension's code.
--

-- Simpson's rule for the unnormalized t density (1 + x^2/df)^(-(df+1)/2)
-- over [a, b] with 20,000 intervals.
CREATE FUNCTION t_density_integral(a float8, b float8, df float8) RETURNS float8
    LANGUAGE sql IMMUTABLE AS $$
    SELECT (b - a) / 60000 * sum(w * CASE WHEN e < -600 THEN 0 ELSE exp(e) END)
      FROM (SELECT -(df + 1) / 2 * ln(1 + x * x / df) AS e, w
              FROM (SELECT a + (b - a) * k / 20000 AS x,
                   CASE WHEN k IN (0, 20000) THEN 1 WHEN k % 2 = 1 THEN 4 ELSE 2 END AS w
                      FROM generate_series(0, 20000) k) s) s $$;
-- P(|T_df| >= |t|); the density beyond 200 is negligible for df >= 5.
CREATE FUNCTION t_two_sided_ref(t float8, df float8) RETURNS float8
    LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN abs(t) >= 200 THEN 0
                ELSE t_density_integral(abs(t), 200, df) / t_density_integral(0, 200, df) END $$;
-- Welch's t and df from the two periods' estimates and estimate variances
CREATE FUNCTION welch_p(e0 float8, v0 float8, nu0 float8, e1 float8, v1 float8, nu1 float8)
    RETURNS float8 LANGUAGE sql IMMUTABLE AS $$
    SELECT t_two_sided_ref((e1 - e0) / sqrt(v0 + v1),
                           (v0 + v1) ^ 2 / (v0 ^ 2 / nu0 + v1 ^ 2 / nu1)) $$;
-- relative agreement
CREATE FUNCTION close_to(x float8, ref float8, tol float8) RETURNS boolean
    LANGUAGE sql IMMUTABLE AS $$ SELECT abs(x - ref) <= tol * greatest(abs(ref), 1e-300) $$;

-- The references first: Simpson agrees with the closed forms at df 1 and 2
-- over the part it integrates, and with a textbook quantile (t = 2.228, df
-- 10: p = 0.05).
SELECT round(t_two_sided_ref(2.228138851986, 10)::numeric, 9) AS p_t10,
       close_to(t_density_integral(0, 3, 1), atan(3), 1e-12) AS simpson_df1,
       close_to(t_density_integral(0, 3, 2), 3 / sqrt(2 + 9) * sqrt(2), 1e-12) AS simpson_df2;

-- 1. Two orders per period, equal variances: Welch's df is exactly 2, and
-- P(|T_2| >= t) = 1 - t / sqrt(2 + t^2).  With no spread in one period the
-- df is exactly 1, and P(|T_1| >= t) = 1 - 2 atan(t) / pi.
CREATE TABLE tiny (per int, r numeric, q int);
INSERT INTO tiny VALUES (0, 10, 1), (0, 14, 3), (1, 20, 2), (1, 24, 4), (2, 20, 3), (2, 20, 3);
CREATE TABLE tiny_s AS
SELECT per, aov_summary(r, q, NULL::bigint, 0) AS s FROM tiny GROUP BY per;
SELECT (c).test, (c).orders_before, (c).orders_after,
       -- revenue: means 12 and 22, variances 8 and 8: t = 10 / sqrt(8)
       close_to((c).aov_p_value, 1 - (10 / sqrt(8)) / sqrt(2 + 10 ^ 2 / 8.0), 1e-12) AS aov_df2,
       -- items: means 2 and 3, variances 2 and 2: t = 1 / sqrt(2)
       close_to((c).items_per_order_p_value, 1 - sqrt(0.5) / sqrt(2.5), 1e-12) AS items_df2
FROM (SELECT aov_compare(a.s, b.s) AS c FROM tiny_s a, tiny_s b WHERE a.per = 0 AND b.per = 1) x;
SELECT -- revenue 12 (variance 8) against a constant 20: t = 8 / 2 = 4, df 1
       close_to((c).aov_p_value, 1 - 2 * atan(4) / pi(), 1e-12) AS aov_df1,
       -- items 2 (variance 2) against a constant 3: t = 1, df 1
       close_to((c).items_per_order_p_value, 1 - 2 * atan(1) / pi(), 1e-12) AS items_df1
FROM (SELECT aov_compare(a.s, b.s) AS c FROM tiny_s a, tiny_s b WHERE a.per = 0 AND b.per = 2) x;

-- 2. A larger sample: revenue = items x a per-item price, the current
-- period with dearer items and slightly fewer of them.
CREATE TABLE cmp_orders AS
SELECT p.per, i,
       q,
       (q * round((5 + 30 * test_rnd(i, 'cp' || p.per) * (1 + 0.04 * p.per))::numeric, 2)) AS r
FROM (VALUES (0, 500), (1, 700)) p(per, n),
     generate_series(1, n) i,
     LATERAL (SELECT 1 + floor((4 - 0.3 * p.per) * test_rnd(i, 'cq' || p.per))::int AS q) qq;
CREATE TABLE cmp_s AS
SELECT per, aov_summary(r, q, NULL::bigint, 0) AS welch, aov_summary(r, q, NULL::bigint, 0.1) AS yuen,
       aov_summary(r, q) AS plain
FROM cmp_orders GROUP BY per;
CREATE TABLE cmp AS
SELECT aov_compare(a.welch, b.welch) AS w, aov_compare(a.yuen, b.yuen) AS y,
       aov_compare(a.plain, b.plain) AS n,
       aov_compare(a.welch::text::aov_summary, b.welch::text::aov_summary) AS w_text
FROM cmp_s a, cmp_s b WHERE a.per = 0 AND b.per = 1;

-- The figures are aov_breakdown's (same rounding) and plain SQL's.
SELECT (w).aov_before = (SELECT avg(r) FROM cmp_orders WHERE per = 0) AS aov_before,
       (w).aov_after = (SELECT avg(r) FROM cmp_orders WHERE per = 1) AS aov_after,
       (w).items_per_order_after = (SELECT avg(q) FROM cmp_orders WHERE per = 1) AS ipo_after,
       (w).unit_price_after = (SELECT sum(r) / sum(q) FROM cmp_orders WHERE per = 1) AS up_after,
       (w).unit_price_before = (SELECT (aov_breakdown(r, q)).unit_price FROM cmp_orders WHERE per = 0) AS up_breakdown,
       w = w_text AS flat_equals_expanded,
       (w).test AS welch, (y).test AS yuen, (y).trim_fraction, (n).test AS no_detail,
       (n).aov_p_value IS NULL AND (n).unit_price_p_value IS NULL AS no_detail_no_p,
       (n).aov_after = (w).aov_after AS no_detail_same_figures
FROM cmp;

-- Welch from plain SQL: mean, var_samp / n, n - 1 per period; the unit
-- price by the delta method, var_samp(r - R q) / (n mean(q)^2).
CREATE TABLE cmp_ref AS
WITH m AS (
    SELECT per, count(*)::float8 AS n, avg(r)::float8 AS mr, var_samp(r)::float8 AS vr,
           avg(q)::float8 AS mq, var_samp(q)::float8 AS vq, (sum(r) / sum(q))::float8 AS ratio
    FROM cmp_orders GROUP BY per
), z AS (
    SELECT o.per, var_samp(o.r - m.ratio * o.q)::float8 AS vz
    FROM cmp_orders o JOIN m USING (per) GROUP BY o.per
), e AS (
    SELECT per, n, mr, vr / n AS var_r, mq, vq / n AS var_q, ratio, vz / (n * mq * mq) AS var_up
    FROM m JOIN z USING (per)
)
SELECT welch_p(a.mr, a.var_r, a.n - 1, b.mr, b.var_r, b.n - 1) AS aov,
       welch_p(a.mq, a.var_q, a.n - 1, b.mq, b.var_q, b.n - 1) AS ipo,
       welch_p(a.ratio, a.var_up, a.n - 1, b.ratio, b.var_up, b.n - 1) AS up
FROM e a, e b WHERE a.per = 0 AND b.per = 1;
SELECT round((w).aov_p_value::numeric, 6) AS aov_p,
       round((w).items_per_order_p_value::numeric, 6) AS ipo_p,
       round((w).unit_price_p_value::numeric, 6) AS up_p,
       close_to((w).aov_p_value, r.aov, 1e-8) AS aov_ok,
       close_to((w).items_per_order_p_value, r.ipo, 1e-8) AS ipo_ok,
       close_to((w).unit_price_p_value, r.up, 1e-8) AS up_ok
FROM cmp, cmp_ref r;

-- Yuen from plain SQL: g = floor(0.1 n) cut at each end by rank, the
-- trimmed mean of the h = n - 2g kept, and the winsorized variance
-- (values clamped to the kept range): d = (n - 1) s_w^2 / (h (h - 1)).
-- Measures: revenue, items, and per-order unit price round(r / q, scale + 4).
CREATE TABLE yuen_ref AS
WITH v AS (
    SELECT per, 'aov' AS m, r::float8 AS x FROM cmp_orders
    UNION ALL SELECT per, 'ipo', q FROM cmp_orders
    UNION ALL SELECT per, 'up', round(r / q, 6)::float8 FROM cmp_orders WHERE q > 0
), ranked AS (
    SELECT per, m, x, row_number() OVER (PARTITION BY per, m ORDER BY x) AS rk,
           count(*) OVER (PARTITION BY per, m) AS n
    FROM v
), cut AS (
    SELECT per, m, n, floor(0.1 * n)::int AS g,
           max(x) FILTER (WHERE rk = floor(0.1 * n) + 1) AS lo,
           max(x) FILTER (WHERE rk = n - floor(0.1 * n)) AS hi,
           avg(x) FILTER (WHERE rk > floor(0.1 * n) AND rk <= n - floor(0.1 * n)) AS tmean
    FROM ranked GROUP BY per, m, n
), e AS (
    SELECT c.per, c.m, c.tmean, c.n - 2 * c.g AS h,
           (c.n - 1) * var_samp(least(greatest(r.x, c.lo), c.hi))
               / ((c.n - 2 * c.g) * (c.n - 2 * c.g - 1))::float8 AS d
    FROM cut c JOIN ranked r USING (per, m)
    GROUP BY c.per, c.m, c.n, c.g, c.tmean
)
SELECT a.m, welch_p(a.tmean, a.d, a.h - 1, b.tmean, b.d, b.h - 1) AS p,
       b.tmean / a.tmean - 1 AS rel
FROM e a JOIN e b USING (m) WHERE a.per = 0 AND b.per = 1;
SELECT r.m, round(CASE r.m WHEN 'aov' THEN (y).aov_p_value WHEN 'ipo' THEN (y).items_per_order_p_value
                           ELSE (y).unit_price_p_value END::numeric, 6) AS yuen_p,
       close_to(CASE r.m WHEN 'aov' THEN (y).aov_p_value WHEN 'ipo' THEN (y).items_per_order_p_value
                         ELSE (y).unit_price_p_value END, r.p, 1e-8) AS ok,
       -- the relative change reported is the trimmed means'
       close_to(CASE r.m WHEN 'aov' THEN (y).aov_rel_change WHEN 'ipo' THEN (y).items_per_order_rel_change
                         ELSE (y).unit_price_rel_change END, r.rel, 1e-9) AS rel_ok
FROM cmp, yuen_ref r ORDER BY r.m;
-- Welch's are the plain figures'.
SELECT close_to((w).aov_rel_change, ((w).aov_after / (w).aov_before - 1)::float8, 1e-12) AS aov_rel,
       close_to((w).unit_price_rel_change, ((w).unit_price_after / (w).unit_price_before - 1)::float8, 1e-12) AS up_rel,
       (n).items_per_order_rel_change = (w).items_per_order_rel_change AS same_without_detail
FROM cmp;

-- float8 revenue takes the same tests on the same values.
SELECT close_to((aov_compare(a.s, b.s)).aov_p_value, (SELECT (w).aov_p_value FROM cmp), 1e-12) AS float8_same_p
FROM (SELECT per, aov_summary(r::float8, q, NULL::bigint, 0) AS s FROM cmp_orders GROUP BY per) a,
     (SELECT per, aov_summary(r::float8, q, NULL::bigint, 0) AS s FROM cmp_orders GROUP BY per) b
WHERE a.per = 0 AND b.per = 1;

-- 3. Edges.  One order in a period: nothing to test (NULL p-values).
-- Constant values: p = 1 without a change, 0 with one.
SELECT (c).orders_before, (c).aov_p_value IS NULL AS one_order_no_p, (c).aov_before
FROM (SELECT aov_compare((SELECT aov_summary(5::numeric, 1, NULL::bigint, 0)),
                         (SELECT aov_summary(r, q, NULL::bigint, 0) FROM tiny WHERE per = 1)) AS c) x;
SELECT (c).aov_p_value AS same_constant, (d).aov_p_value AS other_constant,
       (d).items_per_order_p_value AS same_items
FROM (SELECT aov_compare(s, s) AS c FROM tiny_s WHERE per = 2) x,
     (SELECT aov_compare(s, (SELECT aov_summary(r + 1, q, NULL::bigint, 0) FROM tiny WHERE per = 2)) AS d
        FROM tiny_s WHERE per = 2) y;
-- Orders with zero items have no unit price but count in the ratio's test.
SELECT (c).unit_price_before, (c).unit_price_p_value IS NOT NULL AS tested
FROM (SELECT aov_compare((SELECT aov_summary(r, q, NULL::bigint, 0) FROM (VALUES (10::numeric, 0), (12, 2), (30, 3)) v(r, q)),
                         (SELECT s FROM tiny_s WHERE per = 0)) AS c) x;
-- No items at all: unit price undefined, not a division by zero.
SELECT (c).unit_price_before IS NULL AS no_unit_price, (c).unit_price_p_value IS NULL AS no_p,
       (c).aov_p_value IS NOT NULL AS aov_tested
FROM (SELECT aov_compare((SELECT aov_summary(r, 0, NULL::bigint, 0) FROM tiny WHERE per = 0),
                         (SELECT s FROM tiny_s WHERE per = 1)) AS c) x;
-- Summaries that cannot be compared.
SELECT expect_error($$SELECT aov_compare(a.welch, b.yuen) FROM cmp_s a, cmp_s b WHERE a.per = 0 AND b.per = 1$$);
-- The statistics are in the values' own units, so float8 and numeric
-- revenue compare with each other.
SELECT close_to((aov_compare(a.s, b.welch)).aov_p_value, (SELECT (w).aov_p_value FROM cmp), 1e-12) AS mixed_kinds
FROM (SELECT aov_summary(r::float8, q, NULL::bigint, 0) AS s FROM cmp_orders WHERE per = 0) a,
     cmp_s b WHERE b.per = 1;

-- 4. aov_test_stats: the estimate, its variance and degrees of freedom per
-- figure, which aov_compare(stats, stats) turns into the same comparison.
SELECT t.orders = c.n AS orders, t.test,
       close_to(t.aov_estimate, c.mr, 1e-12) AS aov_mean,
       close_to(t.aov_variance, c.vr / c.n, 1e-9) AS aov_var,
       t.aov_df = c.n - 1 AS aov_df,
       close_to(t.items_per_order_variance, c.vq / c.n, 1e-9) AS ipo_var,
       close_to(t.unit_price_estimate, c.ratio, 1e-12) AS up_ratio
FROM (SELECT (aov_test_stats(welch)).* FROM cmp_s WHERE per = 1) t,
     (SELECT count(*)::float8 AS n, avg(r)::float8 AS mr, var_samp(r)::float8 AS vr,
             var_samp(q)::float8 AS vq, (sum(r) / sum(q))::float8 AS ratio
        FROM cmp_orders WHERE per = 1) c;
SELECT aov_compare(aov_test_stats(a.welch), aov_test_stats(b.welch)) = (SELECT w FROM cmp) AS stats_form_same,
       (aov_test_stats(a.plain)).test AS no_detail,
       (aov_test_stats(a.plain)).aov_estimate IS NULL AS no_estimates
FROM cmp_s a, cmp_s b WHERE a.per = 0 AND b.per = 1;
-- statistics that are not aov_test_stats' own, and values too fine to test
SELECT expect_error($$SELECT aov_compare(ROW(NULL, 1, 1, 1, 'welch', 0, 1, 1, 1, 1, 1, 1, 1, 1, 1)::aov_test_stats,
                                         ROW(2, 1, 1, 1, 'welch', 0, 1, 1, 1, 1, 1, 1, 1, 1, 1)::aov_test_stats)$$);
SELECT expect_error($$SELECT aov_compare(ROW(2, 1, 1, 1, 'welch', 0.1, 1, 1, 1, 1, 1, 1, 1, 1, 1)::aov_test_stats,
                                         ROW(2, 1, 1, 1, 'welch', 0.1, 1, 1, 1, 1, 1, 1, 1, 1, 1)::aov_test_stats)$$) AS welch_with_trim,
       expect_error($$SELECT aov_compare(ROW(2, 1, 1, 1, 'bogus', 0, 1, 1, 1, 1, 1, 1, 1, 1, 1)::aov_test_stats,
                                         ROW(2, 1, 1, 1, 'welch', 0, 1, 1, 1, 1, 1, 1, 1, 1, 1)::aov_test_stats)$$) AS unknown_test;
SELECT (aov_compare(ROW(2, 1, 1, 1, 'welch', 0, 1, -1, 1, 1, 1, 0, 1, 1, 1)::aov_test_stats,
                    ROW(2, 1, 1, 1, 'welch', 0, 1, 1, 1, 1, 1, 1, 1, 1, 1)::aov_test_stats)).aov_p_value IS NULL AS negative_variance_no_p;
SELECT expect_error($$SELECT aov_test_stats(aov_summary(1e-301, 1, NULL::bigint, 0))$$);
-- fewer than two orders: no estimate, so no degrees of freedom either
SELECT t.orders, t.test, t.aov_estimate IS NULL AND t.aov_df IS NULL AS nothing_to_test
FROM (SELECT (aov_test_stats(aov_summary(r, 1, NULL::bigint, tr))).*
        FROM (VALUES (0::float8), (0.1)) v(tr),
             LATERAL (SELECT 5::numeric AS r) x GROUP BY tr) t ORDER BY t.test;
SELECT aov_compare(NULL, s) IS NULL AS strict FROM tiny_s WHERE per = 0;
