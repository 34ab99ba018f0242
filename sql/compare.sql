--
-- compare: aov_compare's figures and p-values against independent
-- references.  The test statistics are recomputed here in plain SQL (avg,
-- var_samp, ranks for Yuen's trimmed and winsorized moments), and Student's
-- t tail comes from closed forms (1 and 2 degrees of freedom) or from
-- Simpson's rule over the t density, not from the extension's code.
--

-- The references (t_two_sided_ref by Simpson's rule, welch_p, close_to,
-- rel_err, fields_differ) are shared with ab_test: sql/setup.sql.

-- Every check below returns the values that differ from their reference:
-- what is checked, got, ref and, for tolerances, the relative error
-- (expected: no rows).  Tolerance checks fail on got or ref missing
-- (NULL).  Exact checks compare jsonb with IS DISTINCT FROM: a field read
-- as to_jsonb(row) -> 'field' is JSON null when the field is NULL but SQL
-- NULL when the row is missing, so an expected NULL ('null') cannot pass on
-- a missing row.  The references are lists written out here or scalar
-- subqueries, so a missing value shows instead of leaving a check empty;
-- the tables the checks read show their row counts when created.

-- The references first: Simpson agrees with the closed forms at df 1 and 2
-- over the part it integrates (1e-12), and with a textbook quantile (t =
-- 2.228138851986, df 10: p = 0.05 to 9 decimals, 1e-8 relative).
SELECT what, got, ref, rel_err(got, ref) AS rel_err, tol
FROM (VALUES ('t quantile, df 10', t_two_sided_ref(2.228138851986, 10), 0.05, 1e-8),
             ('Simpson, df 1', t_density_integral(0, 3, 1), atan(3), 1e-12),
             ('Simpson, df 2', t_density_integral(0, 3, 2), 3 / sqrt(2 + 9) * sqrt(2), 1e-12)) v(what, got, ref, tol)
WHERE close_to(got, ref, tol) IS NOT TRUE;

-- 1. Two orders per period, equal variances: Welch's df is exactly 2, and
-- P(|T_2| >= t) = 1 - t / sqrt(2 + t^2).  With no spread in one period the
-- df is exactly 1, and P(|T_1| >= t) = 1 - 2 atan(t) / pi.
CREATE TABLE tiny (per int, r numeric, q int);
INSERT INTO tiny VALUES (0, 10, 1), (0, 14, 3), (1, 20, 2), (1, 24, 4), (2, 20, 3), (2, 20, 3);
CREATE TABLE tiny_s AS
SELECT per, aov_summary(r, q, NULL::bigint, 0) AS s FROM tiny GROUP BY per;
CREATE TABLE tiny_cmp AS
SELECT b.per AS vs, aov_compare(a.s, b.s) AS c FROM tiny_s a, tiny_s b WHERE a.per = 0 AND b.per IN (1, 2);
SELECT vs, (c).test, (c).orders_before, (c).orders_after FROM tiny_cmp ORDER BY vs;
SELECT what, got, ref, rel_err(got, ref) AS rel_err
FROM (VALUES
    -- revenue: means 12 and 22, variances 8 and 8: t = 10 / sqrt(8)
    ('aov, df 2', (SELECT (c).aov_p_value FROM tiny_cmp WHERE vs = 1), 1 - (10 / sqrt(8)) / sqrt(2 + 10 ^ 2 / 8.0)),
    -- items: means 2 and 3, variances 2 and 2: t = 1 / sqrt(2)
    ('items, df 2', (SELECT (c).items_per_order_p_value FROM tiny_cmp WHERE vs = 1), 1 - sqrt(0.5) / sqrt(2.5)),
    -- revenue 12 (variance 8) against a constant 20: t = 8 / 2 = 4, df 1
    ('aov, df 1', (SELECT (c).aov_p_value FROM tiny_cmp WHERE vs = 2), 1 - 2 * atan(4) / pi()),
    -- items 2 (variance 2) against a constant 3: t = 1, df 1
    ('items, df 1', (SELECT (c).items_per_order_p_value FROM tiny_cmp WHERE vs = 2), 1 - 2 * atan(1) / pi())
) v(what, got, ref)
WHERE close_to(got, ref, 1e-12) IS NOT TRUE;

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
-- Merge order does not reach the last digit: each period split into 7
-- parts, the parts rolled up in three different orders (and through their
-- text), must give the very p-values and estimates of one pass.
CREATE TABLE cmp_parts AS
SELECT per, k, aov_summary(r, q, NULL::bigint, 0) AS welch, aov_summary(r, q, NULL::bigint, 0.1) AS yuen
FROM (SELECT *, (i * 37) % 7 AS k FROM cmp_orders) o GROUP BY per, k;
CREATE TABLE cmp_orders_merged AS
SELECT how, per, aov_rollup(welch ORDER BY CASE how WHEN 'k' THEN k WHEN 'desc' THEN -k ELSE (k * 3) % 7 END) AS welch,
       aov_rollup(yuen::text::aov_summary ORDER BY CASE how WHEN 'k' THEN k WHEN 'desc' THEN -k ELSE (k * 3) % 7 END) AS yuen
FROM cmp_parts, (VALUES ('k'), ('desc'), ('shuffled')) h(how) GROUP BY how, per;
SELECT count(*) AS merged_periods FROM cmp_orders_merged;
SELECT m.how, f.field, f.one_pass, f.merged
FROM (SELECT how, aov_compare(a.welch, b.welch) AS w, aov_compare(a.yuen, b.yuen) AS y
        FROM cmp_orders_merged a JOIN cmp_orders_merged b USING (how) WHERE a.per = 0 AND b.per = 1) m,
     (SELECT aov_compare(a.welch, b.welch) AS w, aov_compare(a.yuen, b.yuen) AS y
        FROM cmp_s a, cmp_s b WHERE a.per = 0 AND b.per = 1) o,
     LATERAL (VALUES ('welch', o.w::text, m.w::text), ('yuen', o.y::text, m.y::text)) f(field, one_pass, merged)
WHERE f.one_pass IS DISTINCT FROM f.merged;

CREATE TABLE cmp AS
SELECT aov_compare(a.welch, b.welch) AS w, aov_compare(a.yuen, b.yuen) AS y,
       aov_compare(a.plain, b.plain) AS n,
       aov_compare(a.welch::text::aov_summary, b.welch::text::aov_summary) AS w_text
FROM cmp_s a, cmp_s b WHERE a.per = 0 AND b.per = 1;
SELECT (w).test AS welch, (y).test AS yuen, (y).trim_fraction, (n).test AS no_detail FROM cmp;

-- The figures are aov_breakdown's (same rounding) and plain SQL's; without
-- per-order values there are no p-values, but the same figures; a summary
-- read back from its text form compares the same, field by field.
SELECT what, got, ref
FROM (VALUES
    ('aov_before', (SELECT to_jsonb(w) -> 'aov_before' FROM cmp),
                   to_jsonb((SELECT avg(r) FROM cmp_orders WHERE per = 0))),
    ('aov_after', (SELECT to_jsonb(w) -> 'aov_after' FROM cmp),
                  to_jsonb((SELECT avg(r) FROM cmp_orders WHERE per = 1))),
    ('items_per_order_after', (SELECT to_jsonb(w) -> 'items_per_order_after' FROM cmp),
                              to_jsonb((SELECT avg(q) FROM cmp_orders WHERE per = 1))),
    ('unit_price_after', (SELECT to_jsonb(w) -> 'unit_price_after' FROM cmp),
                         to_jsonb((SELECT sum(r) / sum(q) FROM cmp_orders WHERE per = 1))),
    ('unit_price_before, aov_breakdown''s', (SELECT to_jsonb(w) -> 'unit_price_before' FROM cmp),
                                            to_jsonb((SELECT (aov_breakdown(r, q)).unit_price FROM cmp_orders WHERE per = 0))),
    ('no detail: aov_p_value', (SELECT to_jsonb(n) -> 'aov_p_value' FROM cmp), 'null'),
    ('no detail: unit_price_p_value', (SELECT to_jsonb(n) -> 'unit_price_p_value' FROM cmp), 'null'),
    ('no detail: aov_after', (SELECT to_jsonb(n) -> 'aov_after' FROM cmp), (SELECT to_jsonb(w) -> 'aov_after' FROM cmp))
) v(what, got, ref)
WHERE got IS DISTINCT FROM ref
UNION ALL
SELECT 'from text: ' || d.field, d.got, d.ref
FROM cmp, fields_differ(to_jsonb(w_text), to_jsonb(w)) d;

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
       round((w).unit_price_p_value::numeric, 6) AS up_p
FROM cmp;
SELECT what, got, ref, rel_err(got, ref) AS rel_err
FROM (VALUES ('aov', (SELECT (w).aov_p_value FROM cmp), (SELECT aov FROM cmp_ref)),
             ('items per order', (SELECT (w).items_per_order_p_value FROM cmp), (SELECT ipo FROM cmp_ref)),
             ('unit price', (SELECT (w).unit_price_p_value FROM cmp), (SELECT up FROM cmp_ref))) v(what, got, ref)
WHERE close_to(got, ref, 1e-8) IS NOT TRUE;

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
SELECT round((y).aov_p_value::numeric, 6) AS aov_p,
       round((y).items_per_order_p_value::numeric, 6) AS ipo_p,
       round((y).unit_price_p_value::numeric, 6) AS up_p
FROM cmp;
-- p-values to 1e-8; the relative change reported is the trimmed means', to 1e-9
WITH got AS (
    SELECT v.* FROM cmp, LATERAL (VALUES
        ('aov', 'p', (y).aov_p_value), ('ipo', 'p', (y).items_per_order_p_value),
        ('up', 'p', (y).unit_price_p_value),
        ('aov', 'rel', (y).aov_rel_change), ('ipo', 'rel', (y).items_per_order_rel_change),
        ('up', 'rel', (y).unit_price_rel_change)) v(m, stat, x)
), ref AS (
    SELECT r.m, v.* FROM yuen_ref r, LATERAL (VALUES ('p', r.p, 1e-8), ('rel', r.rel, 1e-9)) v(stat, x, tol)
)
SELECT m, stat, got.x AS got, ref.x AS ref, rel_err(got.x, ref.x) AS rel_err, ref.tol
FROM got FULL JOIN ref USING (m, stat)
WHERE close_to(got.x, ref.x, ref.tol) IS NOT TRUE
ORDER BY m, stat;
-- Welch's are the plain figures' (to 1e-12), and the same without
-- per-order values (exactly).
SELECT what, got, ref, rel_err(got, ref) AS rel_err, tol
FROM cmp, LATERAL (VALUES
    ('aov', (w).aov_rel_change, ((w).aov_after / (w).aov_before - 1)::float8, 1e-12),
    ('unit price', (w).unit_price_rel_change, ((w).unit_price_after / (w).unit_price_before - 1)::float8, 1e-12),
    ('items per order, no detail', (n).items_per_order_rel_change, (w).items_per_order_rel_change, 0)) v(what, got, ref, tol)
WHERE close_to(got, ref, tol) IS NOT TRUE;

-- float8 revenue takes the same tests on the same values.
SELECT 'float8 revenue' AS what, got, ref, rel_err(got, ref) AS rel_err
FROM (SELECT (SELECT (aov_compare(a.s, b.s)).aov_p_value
                FROM (SELECT per, aov_summary(r::float8, q, NULL::bigint, 0) AS s FROM cmp_orders GROUP BY per) a,
                     (SELECT per, aov_summary(r::float8, q, NULL::bigint, 0) AS s FROM cmp_orders GROUP BY per) b
               WHERE a.per = 0 AND b.per = 1) AS got,
             (SELECT (w).aov_p_value FROM cmp) AS ref) x
WHERE close_to(got, ref, 1e-12) IS NOT TRUE;

-- 3. Edges.
CREATE TABLE edges AS
-- One order in a period: nothing to test (NULL p-values).
SELECT 'one order' AS edge,
       aov_compare((SELECT aov_summary(5::numeric, 1, NULL::bigint, 0)),
                   (SELECT aov_summary(r, q, NULL::bigint, 0) FROM tiny WHERE per = 1)) AS c
UNION ALL
-- Orders with zero items have no unit price but count in the ratio's test.
SELECT 'zero items',
       aov_compare((SELECT aov_summary(r, q, NULL::bigint, 0) FROM (VALUES (10::numeric, 0), (12, 2), (30, 3)) v(r, q)),
                   (SELECT s FROM tiny_s WHERE per = 0))
UNION ALL
-- No items at all: unit price undefined, not a division by zero.
SELECT 'no items',
       aov_compare((SELECT aov_summary(r, 0, NULL::bigint, 0) FROM tiny WHERE per = 0),
                   (SELECT s FROM tiny_s WHERE per = 1));
SELECT (c).orders_before, (c).aov_before FROM edges WHERE edge = 'one order';
SELECT (c).unit_price_before FROM edges WHERE edge = 'zero items';
-- The fields that should be NULL and are not, or the other way round: none.
SELECT r.edge, r.field, g.got, r.null_expected
FROM (VALUES ('one order', 'aov_p_value', true),
             ('zero items', 'unit_price_p_value', false),
             ('no items', 'unit_price_before', true),
             ('no items', 'unit_price_p_value', true),
             ('no items', 'aov_p_value', false)) r(edge, field, null_expected)
LEFT JOIN LATERAL (SELECT to_jsonb(e.c) -> r.field AS got FROM edges e WHERE e.edge = r.edge) g ON true
WHERE (jsonb_typeof(g.got) = 'null') IS DISTINCT FROM r.null_expected;
-- Constant values: p = 1 without a change, 0 with one.
SELECT (c).aov_p_value AS same_constant, (d).aov_p_value AS other_constant,
       (d).items_per_order_p_value AS same_items
FROM (SELECT aov_compare(s, s) AS c FROM tiny_s WHERE per = 2) x,
     (SELECT aov_compare(s, (SELECT aov_summary(r + 1, q, NULL::bigint, 0) FROM tiny WHERE per = 2)) AS d
        FROM tiny_s WHERE per = 2) y;
-- Summaries that cannot be compared.
SELECT expect_error($$SELECT aov_compare(a.welch, b.yuen) FROM cmp_s a, cmp_s b WHERE a.per = 0 AND b.per = 1$$);
-- The statistics are in the values' own units, so float8 and numeric
-- revenue compare with each other.
SELECT 'float8 against numeric' AS what, got, ref, rel_err(got, ref) AS rel_err
FROM (SELECT (SELECT (aov_compare(a.s, b.welch)).aov_p_value
                FROM (SELECT aov_summary(r::float8, q, NULL::bigint, 0) AS s FROM cmp_orders WHERE per = 0) a,
                     cmp_s b WHERE b.per = 1) AS got,
             (SELECT (w).aov_p_value FROM cmp) AS ref) x
WHERE close_to(got, ref, 1e-12) IS NOT TRUE;

-- 4. aov_test_stats: the estimate, its variance and degrees of freedom per
-- figure, which aov_compare(stats, stats) turns into the same comparison.
SELECT what, got, ref, rel_err(got, ref) AS rel_err, tol
FROM (SELECT count(*)::float8 AS n, avg(r)::float8 AS mr, var_samp(r)::float8 AS vr,
             var_samp(q)::float8 AS vq, (sum(r) / sum(q))::float8 AS ratio
        FROM cmp_orders WHERE per = 1) c
LEFT JOIN LATERAL (SELECT (aov_test_stats(welch)).* FROM cmp_s WHERE per = 1) t ON true,
LATERAL (VALUES ('orders', t.orders, c.n, 0),
                ('aov_estimate', t.aov_estimate, c.mr, 1e-12),
                ('aov_variance', t.aov_variance, c.vr / c.n, 1e-9),
                ('aov_df', t.aov_df, c.n - 1, 0),
                ('items_per_order_variance', t.items_per_order_variance, c.vq / c.n, 1e-9),
                ('unit_price_estimate', t.unit_price_estimate, c.ratio, 1e-12)) v(what, got, ref, tol)
WHERE close_to(got, ref, tol) IS NOT TRUE;
SELECT (aov_test_stats(b.welch)).test AS welch, (aov_test_stats(a.plain)).test AS no_detail
FROM cmp_s a, cmp_s b WHERE a.per = 0 AND b.per = 1;
-- the same comparison, field by field; no estimates without per-order values
SELECT 'stats form: ' || d.field AS what, d.got, d.ref
FROM cmp, fields_differ(to_jsonb((SELECT aov_compare(aov_test_stats(a.welch), aov_test_stats(b.welch))
                                    FROM cmp_s a, cmp_s b WHERE a.per = 0 AND b.per = 1)),
                        to_jsonb(cmp.w)) d
UNION ALL
SELECT 'no detail: aov_estimate', got, 'null'
FROM (SELECT (SELECT to_jsonb(aov_test_stats(plain)) -> 'aov_estimate' FROM cmp_s WHERE per = 0) AS got) x
WHERE got IS DISTINCT FROM 'null';
-- statistics that are not aov_test_stats' own, and values too fine to test
SELECT expect_error($$SELECT aov_compare(ROW(NULL, 1, 1, 1, 'welch', 0, 1, 1, 1, 1, 1, 1, 1, 1, 1)::aov_test_stats,
                                         ROW(2, 1, 1, 1, 'welch', 0, 1, 1, 1, 1, 1, 1, 1, 1, 1)::aov_test_stats)$$);
SELECT expect_error($$SELECT aov_compare(ROW(2, 1, 1, 1, 'welch', 0.1, 1, 1, 1, 1, 1, 1, 1, 1, 1)::aov_test_stats,
                                         ROW(2, 1, 1, 1, 'welch', 0.1, 1, 1, 1, 1, 1, 1, 1, 1, 1)::aov_test_stats)$$) AS welch_with_trim,
       expect_error($$SELECT aov_compare(ROW(2, 1, 1, 1, 'bogus', 0, 1, 1, 1, 1, 1, 1, 1, 1, 1)::aov_test_stats,
                                         ROW(2, 1, 1, 1, 'welch', 0, 1, 1, 1, 1, 1, 1, 1, 1, 1)::aov_test_stats)$$) AS unknown_test;
-- a negative variance gives no p-value (expected NULL: the value if not)
SELECT 'negative variance: aov_p_value' AS what, got
FROM (SELECT to_jsonb(aov_compare(ROW(2, 1, 1, 1, 'welch', 0, 1, -1, 1, 1, 1, 0, 1, 1, 1)::aov_test_stats,
                                  ROW(2, 1, 1, 1, 'welch', 0, 1, 1, 1, 1, 1, 1, 1, 1, 1)::aov_test_stats)) -> 'aov_p_value' AS got) x
WHERE got IS DISTINCT FROM 'null';
SELECT expect_error($$SELECT aov_test_stats(aov_summary(1e-301, 1, NULL::bigint, 0))$$);
-- fewer than two orders: no estimate, so no degrees of freedom either
-- (the rows that are not one order of each test with both NULL: none)
SELECT test, got.orders, ref.orders AS ref_orders, got.aov_estimate, got.aov_df
FROM (SELECT (aov_test_stats(aov_summary(r, 1, NULL::bigint, tr))).*
        FROM (VALUES (0::float8), (0.1)) v(tr),
             LATERAL (SELECT 5::numeric AS r) x GROUP BY tr) got
FULL JOIN (VALUES ('welch', 1), ('yuen', 1)) ref(test, orders) USING (test)
WHERE got.test IS NULL OR ref.test IS NULL OR got.orders IS DISTINCT FROM ref.orders
   OR got.aov_estimate IS NOT NULL OR got.aov_df IS NOT NULL;
-- strict: NULL for a NULL argument (the value if not)
SELECT 'strict' AS what, got
FROM (SELECT to_jsonb(aov_compare(NULL, (SELECT s FROM tiny_s WHERE per = 0))) AS got) x
WHERE got IS NOT NULL;
