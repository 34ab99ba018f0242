--
-- ab_test: aov_ab_test against independent references.  Welch's and
-- Yuen's statistics are recomputed here in plain SQL (avg, var_samp, ranks
-- for the trimmed and winsorized moments) and their p-values come from
-- Simpson's rule over the t density (sql/setup.sql); the t quantile of the
-- intervals is checked against closed forms (1 and 2 degrees of freedom,
-- the normal) and against Simpson at every df the test uses.  Every check
-- returns the values that differ from their reference (expected: none).
--

-- Orders of four variants: A is the control; B is A's orders with every
-- revenue 20% higher (a planted lift); C is drawn independently from A's
-- distribution (an A/A test); D is A again (no difference at all).  The
-- revenue is heavy-tailed (up to about 1,000 on a typical 30).  Orders
-- without a variant and orders with a NULL revenue or items are not in the
-- test.
CREATE TABLE ab_orders AS
WITH base AS (
    SELECT i, round((10 + 40 * test_rnd(i, 'ab-r') + 2 / (1.002 - test_rnd(i, 'ab-t')))::numeric, 2) AS ra,
           round((10 + 40 * test_rnd(i, 'ab-rc') + 2 / (1.002 - test_rnd(i, 'ab-tc')))::numeric, 2) AS rc,
           1 + floor(4 * test_rnd(i, 'ab-q'))::int AS qa,
           1 + floor(4 * test_rnd(i, 'ab-qc'))::int AS qc
      FROM generate_series(1, 400) i
)
SELECT v.arm, i AS customer_id, timestamptz '2026-05-01' + i * interval '1 hour' AS ordered_at, v.revenue, v.items
  FROM base, LATERAL (VALUES ('A', ra, qa), ('B', round(ra * 1.2, 2), qa), ('C', rc, qc), ('D', ra, qa)) v(arm, revenue, items)
UNION ALL
SELECT NULL, i, timestamptz '2026-05-01', 5000, 1 FROM generate_series(1, 5) i
UNION ALL
SELECT 'A', 1, timestamptz '2026-05-01', NULL, 1
UNION ALL
SELECT 'C', 1, timestamptz '2026-05-01', 10, NULL;
ANALYZE ab_orders;
SELECT arm, count(*) FROM ab_orders GROUP BY arm ORDER BY arm;

CREATE TABLE ab AS
SELECT * FROM aov_ab_test('ab_orders', 'arm', 'A', visitors => '{"A": 4000, "B": 4100, "C": 3900}');

-- What an analyst reads: the planted lift is found (its interval holds
-- 0.2, significant after Holm), the A/A variants are not.
SELECT variant, is_control, orders, variant_visitors, round(aov_trimmed, 2) AS aov_trimmed,
       round(trimmed_lift::numeric, 4) AS trimmed_lift,
       trimmed_lift_low <= 0.2 AND 0.2 <= trimmed_lift_high AS holds_20pct,
       trimmed_lift_low <= 0 AND 0 <= trimmed_lift_high AS holds_0,
       aov_lift_low <= 0 AND 0 <= aov_lift_high AS plain_holds_0,
       trimmed_p_holm < 0.05 AS trimmed_significant, aov_p_holm < 0.05 AS plain_significant
FROM ab ORDER BY variant;

-- 1. The t quantile: closed forms at 1 and 2 df (Cauchy: tan(pi (p - 1/2));
-- df 2: (2p - 1) / sqrt(2 p (1 - p))), the normal's textbook values, and
-- symmetry, to 1e-12.
SELECT what, got, ref, rel_err(got, ref) AS rel_err
FROM (VALUES ('df 1, 0.975', _aov_t_quantile(0.975, 1), tan(pi() * 0.475)),
             ('df 1, 0.6', _aov_t_quantile(0.6, 1), tan(pi() * 0.1)),
             ('df 2, 0.975', _aov_t_quantile(0.975, 2), 0.95 / sqrt(2 * 0.975 * 0.025)),
             ('df 2, 0.999', _aov_t_quantile(0.999, 2), 0.998 / sqrt(2 * 0.999 * 0.001)),
             ('df 2, 0.1', _aov_t_quantile(0.1, 2), -0.8 / sqrt(2 * 0.1 * 0.9)),
             ('normal, 0.975', _aov_t_quantile(0.975, 'Infinity'), 1.959963984540054),
             ('normal, 0.8', _aov_t_quantile(0.8, 'Infinity'), 0.8416212335729143),
             ('normal, 0.995', _aov_t_quantile(0.995, 'Infinity'), 2.5758293035489004),
             ('symmetry, df 7', _aov_t_quantile(0.05, 7), -_aov_t_quantile(0.95, 7))) v(what, got, ref)
WHERE close_to(got, ref, 1e-12) IS NOT TRUE;
SELECT _aov_t_quantile(0.5, 3) AS median, expect_error('SELECT _aov_t_quantile(1, 3)') AS p_1,
       expect_error('SELECT _aov_t_quantile(0.5, 0)') AS df_0;
-- At large even df the two-sided tail is a finite sum (Abramowitz and Stegun
-- 26.7.4): P(|T| >= t) = 1 - t / sqrt(df + t^2) * sum_{j < df/2} c_j w^j,
-- w = df / (df + t^2), c_0 = 1, c_j = c_{j-1} (2j - 1) / (2j); ln w comes
-- from numeric, since j ln w would multiply a float8 ln's rounding by j.
-- At the 0.975 quantile it must give 0.05 to 1e-12 at 2e4 df and 3e-11 at
-- 2e5 (0.4.0 was 1.6e-11 and 6.8e-11 off: its log-gammas lost digits,
-- test/r_crosscheck.sh; what remains at 2e5, 1.3e-11, is the continued
-- fraction's, whose rounding grows with df).
WITH q AS MATERIALIZED (
    SELECT df, tol, t, (-ln(1 + (t * t / df)::numeric))::float8 AS ln_w
      FROM (SELECT df, tol, _aov_t_quantile(0.975, df) AS t
              FROM (VALUES (20000::float8, 1e-12::float8), (200000, 3e-11)) v(df, tol)) v
), c AS (
    SELECT df, tol, t, ln_w, j, sum(CASE WHEN j = 0 THEN 0 ELSE ln((2 * j - 1) / (2 * j)::float8) END)
                                OVER (PARTITION BY df ORDER BY j) AS ln_c
      FROM q, generate_series(0, (df / 2 - 1)::int) j
)
SELECT df, t, tail, rel_err(tail, 0.05) AS rel_err
  FROM (SELECT df, tol, t, 1 - t / sqrt(df + t * t) * sum(exp(ln_c + j * ln_w)) AS tail
          FROM c GROUP BY df, tol, t) s
 WHERE close_to(tail, 0.05, tol) IS NOT TRUE;

-- 2. Per-variant moments in plain SQL: Welch's estimate (the mean) with
-- variance var_samp / n and n - 1 df; Yuen's at trim 0.05 (g = floor(0.05
-- n) cut by rank at each end, the mean of the h = n - 2g kept, variance
-- (n - 1) s_w^2 / (h (h - 1)) from the winsorized values, h - 1 df).
CREATE TABLE ab_moments AS
WITH o AS (
    SELECT arm, revenue FROM ab_orders WHERE arm IS NOT NULL AND revenue IS NOT NULL AND items IS NOT NULL
), welch AS (
    SELECT arm, 'welch' AS test, count(*) AS n, avg(revenue)::float8 AS est,
           (var_samp(revenue) / count(*))::float8 AS v, count(*) - 1 AS nu
      FROM o GROUP BY arm
), ranked AS (
    SELECT arm, revenue::float8 AS x, row_number() OVER (PARTITION BY arm ORDER BY revenue) AS rk,
           count(*) OVER (PARTITION BY arm) AS n
      FROM o
), cut AS (
    SELECT arm, n, floor(0.05 * n)::int AS g,
           max(x) FILTER (WHERE rk = floor(0.05 * n) + 1) AS lo,
           max(x) FILTER (WHERE rk = n - floor(0.05 * n)) AS hi,
           avg(x) FILTER (WHERE rk > floor(0.05 * n) AND rk <= n - floor(0.05 * n)) AS tmean
      FROM ranked GROUP BY arm, n
), yuen AS (
    SELECT c.arm, 'yuen' AS test, c.n, c.tmean AS est,
           (c.n - 1) * var_samp(least(greatest(r.x, c.lo), c.hi)) / ((c.n - 2 * c.g) * (c.n - 2 * c.g - 1))::float8 AS v,
           c.n - 2 * c.g - 1 AS nu
      FROM cut c JOIN ranked r USING (arm)
     GROUP BY c.arm, c.n, c.g, c.tmean
)
SELECT * FROM welch UNION ALL SELECT * FROM yuen;
SELECT test, arm, n, nu FROM ab_moments ORDER BY test, arm;

-- Each variant against A: lift v / c - 1; its interval lift -+ q se with
-- se^2 = a + b, a = V_v / c^2, b = v^2 V_c / c^4 and q the 0.975 t quantile
-- at df = (a + b)^2 / (a^2 / nu_v + b^2 / nu_c); the p-value of v - c by
-- Welch-Satterthwaite (Simpson); the minimum detectable lift
-- (z_0.975 + z_0.8) sqrt(V_c + V_v) / c and the orders per arm
-- (z_0.975 + z_0.8)^2 (n_c V_c + n_v V_v) / (v - c)^2 of the trimmed test.
CREATE TABLE ab_ref AS
SELECT v.test, v.arm, v.est / c.est - 1 AS lift, s.df,
       v.est / c.est - 1 - _aov_t_quantile(0.975, s.df) * sqrt(s.a + s.b) AS low,
       v.est / c.est - 1 + _aov_t_quantile(0.975, s.df) * sqrt(s.a + s.b) AS high,
       welch_p(c.est, c.v, c.nu, v.est, v.v, v.nu) AS p,
       (1.959963984540054 + 0.8416212335729143) * sqrt(c.v + v.v) / c.est AS mde,
       CASE WHEN v.est <> c.est THEN
           ceil((1.959963984540054 + 0.8416212335729143) ^ 2 * (c.n * c.v + v.n * v.v) / (v.est - c.est) ^ 2) END AS need,
       v.n AS n_v, c.n AS n_c
  FROM ab_moments v JOIN ab_moments c ON c.test = v.test AND c.arm = 'A',
       LATERAL (SELECT v.v / c.est ^ 2 AS a, v.est ^ 2 * c.v / c.est ^ 4 AS b) ab,
       LATERAL (SELECT ab.a, ab.b, CASE WHEN ab.a + ab.b > 0
                    THEN (ab.a + ab.b) ^ 2 / (ab.a ^ 2 / v.nu + ab.b ^ 2 / c.nu) END AS df) s
 WHERE v.arm <> 'A';
-- Holm from its definition: the p-value of rank j among m, times m - j + 1,
-- raised to the largest such product of a smaller or equal rank, capped at 1.
CREATE TABLE ab_holm AS
WITH r AS (
    SELECT test, arm, p, rank() OVER (PARTITION BY test ORDER BY p, arm) AS j,
           count(*) OVER (PARTITION BY test) AS m
      FROM ab_ref
)
SELECT r.test, r.arm,
       least(1, (SELECT max((q.m - q.j + 1) * q.p) FROM r q WHERE q.test = r.test AND q.j <= r.j)) AS holm
  FROM r;
-- the quantile used at each df is Student's, by Simpson (1e-8)
SELECT test, arm, df, t_two_sided_ref(_aov_t_quantile(0.975, df), df) AS tail
FROM ab_ref WHERE close_to(t_two_sided_ref(_aov_t_quantile(0.975, df), df), 0.05, 1e-8) IS NOT TRUE;

-- The comparison: p-values to 1e-8 relative or 1e-15 absolute (Simpson's
-- rule is that exact on a tail normalized to 1; B's Yuen p is 2.5e-9),
-- the rest to 1e-9 relative.
WITH got AS (
    SELECT a.variant AS arm, v.* FROM ab a, LATERAL (VALUES
        ('welch', 'lift', aov_lift), ('welch', 'low', aov_lift_low), ('welch', 'high', aov_lift_high),
        ('welch', 'p', aov_p_value), ('welch', 'holm', aov_p_holm),
        ('yuen', 'lift', trimmed_lift), ('yuen', 'low', trimmed_lift_low), ('yuen', 'high', trimmed_lift_high),
        ('yuen', 'p', trimmed_p_value), ('yuen', 'holm', trimmed_p_holm),
        ('yuen', 'mde', min_detectable_lift), ('yuen', 'need', orders_needed),
        ('yuen', 'still', orders_still_needed)) v(test, stat, x)
     WHERE NOT a.is_control
), ref AS (
    SELECT r.arm, v.* FROM ab_ref r JOIN ab_holm h USING (test, arm), LATERAL (VALUES
        (r.test, 'lift', r.lift, 1e-9), (r.test, 'low', r.low, 1e-9), (r.test, 'high', r.high, 1e-9),
        (r.test, 'p', r.p, 1e-8), (r.test, 'holm', h.holm, 1e-8)) v(test, stat, x, tol)
    UNION ALL
    SELECT r.arm, v.* FROM ab_ref r, LATERAL (VALUES
        ('yuen', 'mde', r.mde, 1e-9), ('yuen', 'need', r.need, 0),
        ('yuen', 'still', CASE WHEN r.need IS NOT NULL THEN
                              greatest(0, r.need - r.n_v) + greatest(0, r.need - r.n_c) END, 0)) v(test, stat, x, tol)
     WHERE r.test = 'yuen'
)
SELECT arm, test, stat, got.x AS got, ref.x AS ref, rel_err(got.x, ref.x) AS rel_err
FROM got FULL JOIN ref USING (arm, test, stat)
WHERE close_to(got.x, ref.x, ref.tol) IS NOT TRUE AND (got.x IS NOT NULL OR ref.x IS NOT NULL)
  AND NOT (ref.stat IN ('p', 'holm') AND abs(got.x - ref.x) <= 1e-15)
ORDER BY arm, test, stat;

-- The per-variant figures against plain SQL (exact: numeric), conversion
-- as orders / visitors, and the control row without comparisons; the
-- trimmed AOV against the float8 reference above to 1e-12 relative.
SELECT a.variant, d.field, d.got, d.ref
FROM ab a
LEFT JOIN LATERAL (
    SELECT count(*) AS orders, avg(revenue) AS aov, sum(revenue) / sum(items) AS unit_price,
           avg(items) AS items_per_order
      FROM ab_orders o WHERE o.arm = a.variant AND revenue IS NOT NULL AND items IS NOT NULL) r ON true,
LATERAL fields_differ(
    jsonb_build_object('orders', a.orders, 'aov', a.aov, 'unit_price', a.unit_price,
                       'items_per_order', a.items_per_order,
                       'aov_trimmed', close_to(a.aov_trimmed::float8,
                           (SELECT m.est FROM ab_moments m WHERE m.test = 'yuen' AND m.arm = a.variant), 1e-12),
                       'conversion', a.conversion, 'trim', a.trim_fraction_used),
    jsonb_build_object('orders', r.orders, 'aov', r.aov, 'unit_price', r.unit_price,
                       'items_per_order', r.items_per_order,
                       'aov_trimmed', true,
                       'conversion', a.orders::float8 / ('{"A": 4000, "B": 4100, "C": 3900}'::jsonb ->> a.variant)::float8,
                       'trim', 0.05)) d
ORDER BY 1, 2;
SELECT variant, num_nulls(aov_lift, aov_lift_low, aov_lift_high, aov_p_value, aov_p_holm, trimmed_lift,
                          trimmed_lift_low, trimmed_lift_high, trimmed_p_value, trimmed_p_holm,
                          min_detectable_lift, orders_needed, orders_still_needed) AS nulls
FROM ab WHERE is_control OR variant = 'D' ORDER BY variant;
-- an exact copy of the control: no lift, p = 1, nothing to detect
SELECT variant, aov_lift, aov_lift_low = -aov_lift_high AS symmetric, aov_p_value, trimmed_p_value,
       orders_needed
FROM ab WHERE variant = 'D';

-- 3. A variant column of integers, a period, trim 0 (Yuen's is Welch's
-- then) and other alpha and power: the same references.
CREATE TABLE ab_int AS
SELECT CASE arm WHEN 'A' THEN 10 WHEN 'B' THEN 20 WHEN 'C' THEN 30 WHEN 'D' THEN 40 END AS arm_no, *
  FROM ab_orders;
SELECT a.variant, d.field, d.got, d.ref
FROM aov_ab_test('ab_int', 'arm_no', '10', visitors => '{"10": 4000, "20": 4100, "30": 3900}') a
FULL JOIN ab r ON r.variant = CASE a.variant WHEN '10' THEN 'A' WHEN '20' THEN 'B' WHEN '30' THEN 'C' WHEN '40' THEN 'D' END,
LATERAL fields_differ(to_jsonb(a) - 'variant', to_jsonb(r) - 'variant') d;
-- trim 0: the trimmed columns repeat the plain ones
SELECT variant, d.field, d.got, d.ref
FROM aov_ab_test('ab_orders', 'arm', 'A', trim_fraction => 0) a,
LATERAL fields_differ(jsonb_build_object('lift', trimmed_lift, 'low', trimmed_lift_low, 'high', trimmed_lift_high,
                                         'p', trimmed_p_value, 'holm', trimmed_p_holm, 'trimmed', aov_trimmed),
                      jsonb_build_object('lift', aov_lift, 'low', aov_lift_low, 'high', aov_lift_high,
                                         'p', aov_p_value, 'holm', aov_p_holm, 'trimmed', aov)) d;
-- alpha 0.1 and power 0.9: the interval uses the 0.95 quantile, the sample
-- size z_0.95 + z_0.9 (1.6448536269514722 + 1.2815515655446004)
SELECT a.variant, v.stat, v.got, v.ref, rel_err(v.got, v.ref) AS rel_err
FROM aov_ab_test('ab_orders', 'arm', 'A', alpha => 0.1, power => 0.9) a
JOIN ab_ref r ON r.test = 'yuen' AND r.arm = a.variant,
LATERAL (VALUES
    ('high', a.trimmed_lift_high, r.lift + _aov_t_quantile(0.95, r.df) * (r.high - r.lift) / _aov_t_quantile(0.975, r.df)),
    ('mde', a.min_detectable_lift, r.mde * (1.6448536269514722 + 1.2815515655446004) / (1.959963984540054 + 0.8416212335729143))) v(stat, got, ref)
WHERE close_to(v.got, v.ref, 1e-9) IS NOT TRUE;
-- a period: the first 100 hours only
SELECT variant, orders FROM aov_ab_test('ab_orders', 'arm', 'A',
    period => tstzrange('2026-05-01 00:30', '2026-05-05 04:30')) ORDER BY variant;

-- Small variants: B has one order (a lift but no interval or p-value), C
-- only an order without revenue and E one without items (neither is a
-- variant with orders), D two equal orders (no variance: Welch's df is
-- A's alone); Holm over the one p-value leaves it; 0 visitors, no conversion.
CREATE TABLE ab_small (arm text, customer_id bigint, ordered_at timestamptz, revenue numeric, items integer);
INSERT INTO ab_small VALUES ('A', 1, '2026-05-01', 10, 1), ('A', 2, '2026-05-01', 12, 2), ('A', 3, '2026-05-01', 14, 1),
    ('B', 4, '2026-05-01', 11, 1), ('C', 5, '2026-05-01', NULL, 1), ('D', 6, '2026-05-01', 13, 1),
    ('D', 7, '2026-05-01', 13, 1), ('E', 8, '2026-05-01', 5, NULL);
SELECT variant, orders, conversion, aov_lift, aov_lift_low IS NULL AS no_interval, aov_p_value IS NULL AS no_p
FROM aov_ab_test('ab_small', 'arm', 'A', visitors => '{"A": 0, "B": 10}') ORDER BY variant;
-- D against A by hand: t = 1 / sqrt(4/3) with 2 df (A's), p = 1 - t / sqrt(2 + t^2)
-- (the closed form at 2 df); the interval lift -+ q sqrt(b), a = 0,
-- b = 13^2 (4/3) / 12^4, q = 0.95 / sqrt(2 0.975 0.025) at df 2
SELECT v.what, v.got, v.ref, rel_err(v.got, v.ref) AS rel_err
FROM aov_ab_test('ab_small', 'arm', 'A') a,
LATERAL (VALUES ('p', a.aov_p_value, 1 - sqrt(0.75) / sqrt(2.75)),
                ('holm', a.aov_p_holm, 1 - sqrt(0.75) / sqrt(2.75)),
                ('low', a.aov_lift_low, 1.0 / 12 - 0.95 / sqrt(2 * 0.975 * 0.025) * 13.0 / 12 * sqrt(4.0 / 3) / 12)) v(what, got, ref)
WHERE a.variant = 'D' AND close_to(v.got, v.ref, 1e-12) IS NOT TRUE;

-- 4. Parallel plans give the same rows as a serial one.
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
SELECT parallel_plan($$SELECT arm, aov_summary(revenue, items, NULL::bigint, 0.05::float8) FROM ab_orders
                       WHERE arm IS NOT NULL GROUP BY arm$$, 'Partial|Finalize');
CREATE TABLE ab_parallel AS
SELECT * FROM aov_ab_test('ab_orders', 'arm', 'A', visitors => '{"A": 4000, "B": 4100, "C": 3900}');
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
RESET max_parallel_workers_per_gather;
SELECT variant, d.field, d.got, d.ref
FROM ab_parallel p FULL JOIN ab s USING (variant),
LATERAL fields_differ(to_jsonb(p), to_jsonb(s)) d;

-- 5. Bad input: clear errors.
CREATE TABLE ab_one AS SELECT * FROM ab_orders WHERE arm = 'A';
CREATE TABLE ab_bad_type AS SELECT arm_no::numeric AS arm_num, * FROM ab_int;
SELECT q, expect_error(q) FROM (VALUES
    ($$SELECT * FROM aov_ab_test('ab_orders', 'arm', 'Z')$$),
    ($$SELECT * FROM aov_ab_test('ab_orders', 'arm', 'a')$$),
    ($$SELECT * FROM aov_ab_test('ab_one', 'arm', 'A')$$),
    ($$SELECT * FROM aov_ab_test('ab_orders', 'variant', 'A')$$),
    ($$SELECT * FROM aov_ab_test('ab_orders', 'arm', 'A', revenue_column => 'amount')$$),
    ($$SELECT * FROM aov_ab_test('ab_bad_type', 'arm_num', '10')$$),
    ($$SELECT * FROM aov_ab_test('ab_orders', 'arm', 'A', trim_fraction => 0.5)$$),
    ($$SELECT * FROM aov_ab_test('ab_orders', 'arm', 'A', trim_fraction => -0.1)$$),
    ($$SELECT * FROM aov_ab_test('ab_orders', 'arm', 'A', trim_fraction => 'NaN')$$),
    ($$SELECT * FROM aov_ab_test('ab_orders', 'arm', 'A', alpha => 1)$$),
    ($$SELECT * FROM aov_ab_test('ab_orders', 'arm', 'A', power => 0)$$),
    ($$SELECT * FROM aov_ab_test('ab_orders', 'arm', NULL)$$),
    ($$SELECT * FROM aov_ab_test(NULL, 'arm', 'A')$$),
    ($$SELECT * FROM aov_ab_test('ab_orders', 'arm', 'A', trim_fraction => NULL)$$),
    ($$SELECT * FROM aov_ab_test('ab_orders', 'arm', 'A', visitors => '[1, 2]')$$),
    ($$SELECT * FROM aov_ab_test('ab_orders', 'arm', 'A', visitors => '{"A": -1}')$$),
    ($$SELECT * FROM aov_ab_test('ab_orders', 'arm', 'A', visitors => '{"A": 1.5}')$$),
    ($$SELECT * FROM aov_ab_test('ab_orders', 'arm', 'A', visitors => '{"A": "many"}')$$),
    ($$SELECT * FROM aov_ab_test('ab_orders', 'arm', 'A', visitors => '{"A": null}')$$),
    ($$SELECT * FROM aov_ab_test('ab_orders', 'arm', 'A', visitors => '{"A": 1e30}')$$),
    ($$SELECT * FROM aov_ab_test('ab_orders', 'arm', 'A', visitors => '{"E": 100}')$$),
    ($$SELECT * FROM aov_ab_test('ab_orders', 'arm', 'A', period => 'empty')$$),
    ($$SELECT * FROM aov_ab_test('ab_orders', 'arm', 'A', period => tstzrange('2020-01-01', '2020-02-01'))$$)) v(q);
-- NULL visitors and a NULL period mean none given
SELECT count(*) AS variants, count(variant_visitors) AS with_visitors
FROM aov_ab_test('ab_orders', 'arm', 'A', visitors => NULL, period => NULL);
