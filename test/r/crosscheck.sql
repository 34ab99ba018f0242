-- test/r/crosscheck.sql: the aov_ext side of test/r_crosscheck.sh.
--
-- Makes deterministic order sets (md5 of the row number, as sql/setup.sql,
-- so they are the same on every platform), asks aov_ext for its figures and
-- writes, into psql's working directory, figures.csv (name, value as text
-- with every digit) and the rows the figures were computed from, for R to
-- recompute each figure independently (test/r/crosscheck.R).  Run in an
-- empty database: it creates the extension.
\set ON_ERROR_STOP 1
SET client_min_messages = warning;
CREATE EXTENSION aov_ext;
SET TimeZone = 'UTC';

-- A uniform in [0, 1) from 52 bits of md5(salt:i).
CREATE FUNCTION rnd(i bigint, salt text) RETURNS float8 LANGUAGE sql IMMUTABLE AS $$
    SELECT ('x' || substr(md5(salt || ':' || i), 1, 13))::bit(52)::bigint / 4503599627370496.0::float8
$$;
-- A standard normal by Box-Muller (1 - u keeps the logarithm finite).
CREATE FUNCTION rnorm(i bigint, salt text) RETURNS float8 LANGUAGE sql IMMUTABLE AS $$
    SELECT sqrt(-2 * ln(1 - rnd(i, salt || 'a'))) * cos(2 * pi() * rnd(i, salt || 'b'))
$$;
-- A heavy-tailed order value: lognormal(mu, sigma) in cents, a quarter of the
-- orders snapped to a shop's price points so that values tie, as real
-- revenue does.
CREATE FUNCTION order_value(i bigint, salt text, mu float8, sigma float8) RETURNS numeric
LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN rnd(i, salt || 'p') < 0.25
                THEN (ARRAY[9.99, 19.99, 29.99, 49.99, 99.00])[1 + floor(5 * rnd(i, salt || 'k'))::int]
                ELSE round(exp(mu + sigma * rnorm(i, salt))::numeric, 2) END
$$;
CREATE FUNCTION order_items(i bigint, salt text) RETURNS int LANGUAGE sql IMMUTABLE AS $$
    SELECT 1 + floor(-1.3 * ln(1 - rnd(i, salt || 'q')))::int
$$;

-- The large set, about 100k orders in four groups of unequal size and
-- spread: control; aa, drawn like control (an A/A pair); lift, 10% dearer
-- and more spread (a planted difference); small, few orders, most spread.
CREATE TABLE xc_orders (variant text, customer_id bigint, ordered_at timestamptz,
                        revenue numeric(12,2), items int);
INSERT INTO xc_orders
SELECT g.variant, g.base + i, timestamptz '2026-05-01' + i * interval '1 minute',
       order_value(g.base + i, 'xc', g.mu, g.sigma), order_items(g.base + i, 'xc')
  FROM (VALUES ('control', 0, 40000, 3.6, 0.9), ('aa', 100000, 40000, 3.6, 0.9),
               ('lift', 200000, 12000, 3.6 + ln(1.10), 1.0), ('small', 300000, 6000, 3.5, 1.2))
       AS g(variant, base, n, mu, sigma),
       generate_series(1, g.n) AS i;
-- The small set: three groups of 40, 57 and 9 orders.
CREATE TABLE xs_orders (variant text, customer_id bigint, ordered_at timestamptz,
                        revenue numeric(12,2), items int);
INSERT INTO xs_orders
SELECT g.variant, g.base + i, timestamptz '2026-05-01' + i * interval '1 minute',
       order_value(g.base + i, 'xs', g.mu, g.sigma), order_items(g.base + i, 'xs')
  FROM (VALUES ('a', 0, 40, 3.6, 0.9), ('b', 1000, 57, 3.8, 1.3), ('c', 2000, 9, 3.4, 0.7))
       AS g(variant, base, n, mu, sigma),
       generate_series(1, g.n) AS i;
-- One relation for every group of both sets.
CREATE VIEW all_orders AS
SELECT 'L.' || variant AS grp, revenue, items, customer_id FROM xc_orders
UNION ALL
SELECT 'S.' || variant, revenue, items, customer_id FROM xs_orders;
-- A threshold that ran: 40% of control's orders worth 42 to 49.99 topped
-- up to 50-55.99.
CREATE TABLE xb_orders AS
SELECT customer_id, ordered_at, items,
       CASE WHEN revenue >= 42 AND revenue < 50 AND rnd(customer_id, 'bunch') < 0.4
            THEN round((50 + 6 * rnd(customer_id, 'top'))::numeric, 2) ELSE revenue END AS revenue
  FROM xc_orders WHERE variant = 'control';
ANALYZE xc_orders; ANALYZE xs_orders; ANALYZE xb_orders;

CREATE TABLE fig (ord serial, name text, v text);

-- 1. Trimmed means (symmetric and asymmetric) and medians of every group.
INSERT INTO fig (name, v)
SELECT format('trimmed_mean %s low=%s high=%s', a.grp, t.lo, t.hi),
       aov_trimmed_mean(a.revenue, t.lo::float8, t.hi::float8)::text
  FROM all_orders a,
       (VALUES ('0', '0'), ('0.01', '0.01'), ('0.05', '0.05'), ('0.1', '0.1'), ('0.2', '0.2'),
               ('0.25', '0.25'), ('0.29', '0.29'), ('0.45', '0.45'), ('0', '0.01'), ('0.05', '0.1')) AS t(lo, hi)
 GROUP BY a.grp, t.lo, t.hi ORDER BY 1;
-- float8 values go through the superaccumulator, not the 128-bit sums.
INSERT INTO fig (name, v)
SELECT format('trimmed_mean_float8 %s low=%s high=%s', a.grp, t.lo, t.lo),
       aov_trimmed_mean(a.revenue::float8, t.lo::float8)::text
  FROM all_orders a, (VALUES ('0'), ('0.05'), ('0.2')) AS t(lo)
 GROUP BY a.grp, t.lo ORDER BY 1;
-- The decimal boundary where R's mean(x, trim) cuts one value less.
INSERT INTO fig (name, v)
SELECT 'trimmed_mean squares1to100 low=0.29 high=0.29', aov_trimmed_mean(x * x, 0.29)::text
  FROM generate_series(1, 100) AS x;
INSERT INTO fig (name, v)
SELECT format('median %s', grp), aov_median(aov_sample(revenue))::text FROM all_orders GROUP BY grp ORDER BY 1;
INSERT INTO fig (name, v)
SELECT format('median_items %s', grp), aov_median(aov_sample(items))::text FROM all_orders GROUP BY grp ORDER BY 1;

-- 2. Welch (trim 0) and Yuen (trim > 0): each group's statistics, and for
-- pairs the t statistic, df, p-value and 95% interval of the difference.
CREATE TABLE st AS
SELECT grp, tr, aov_test_stats(s) AS s
  FROM (SELECT grp, tr::text AS tr, aov_summary(revenue, items, customer_id, tr::float8) AS s
          FROM all_orders, (VALUES ('0'), ('0.05'), ('0.1'), ('0.2')) AS t(tr)
         GROUP BY grp, tr) AS x;
CREATE TABLE st_long AS
SELECT grp, tr, (s).test, m.measure, m.est, m.var, m.df
  FROM st, LATERAL (VALUES ('aov', (s).aov_estimate, (s).aov_variance, (s).aov_df),
                           ('items_per_order', (s).items_per_order_estimate, (s).items_per_order_variance,
                            (s).items_per_order_df),
                           ('unit_price', (s).unit_price_estimate, (s).unit_price_variance,
                            (s).unit_price_df)) AS m(measure, est, var, df);
INSERT INTO fig (name, v)
SELECT format('%s %s %s trim=%s %s', test, measure, grp, tr, f.k), f.v::text
  FROM st_long, LATERAL (VALUES ('estimate', est), ('variance', var), ('df', df)) AS f(k, v)
 ORDER BY grp, tr, measure, f.k;

CREATE TABLE pairs (base text, cur text);
INSERT INTO pairs VALUES ('L.control', 'L.lift'), ('L.control', 'L.aa'), ('L.control', 'L.small'),
                         ('S.a', 'S.b'), ('S.a', 'S.c');
CREATE TABLE cmp AS
SELECT p.base, p.cur, b.tr, aov_compare(b.s, c.s) AS c
  FROM pairs p JOIN st b ON b.grp = p.base JOIN st c ON c.grp = p.cur AND c.tr = b.tr;
INSERT INTO fig (name, v)
SELECT format('%s %s %s->%s trim=%s %s', b.test, b.measure, b.grp, c.grp, b.tr, f.k), f.v::text
  FROM pairs p
  JOIN st_long b ON b.grp = p.base
  JOIN st_long c ON c.grp = p.cur AND c.tr = b.tr AND c.measure = b.measure
  JOIN cmp ON cmp.base = p.base AND cmp.cur = p.cur AND cmp.tr = b.tr,
  LATERAL (SELECT c.est - b.est AS d, sqrt(b.var + c.var) AS se,
                  (b.var + c.var) ^ 2 / (b.var ^ 2 / b.df + c.var ^ 2 / c.df) AS df) AS w,
  LATERAL (VALUES ('t', w.d / w.se), ('df', w.df),
                  ('p', CASE b.measure WHEN 'aov' THEN (cmp.c).aov_p_value
                                       WHEN 'items_per_order' THEN (cmp.c).items_per_order_p_value
                                       ELSE (cmp.c).unit_price_p_value END),
                  ('ci_low', w.d - _aov_t_quantile(0.975, w.df) * w.se),
                  ('ci_high', w.d + _aov_t_quantile(0.975, w.df) * w.se)) AS f(k, v)
 ORDER BY p.base, p.cur, b.tr, b.measure, f.k;

-- 3. The A/B test, at its default 5% trim and at a 20% trim with alpha 0.1
-- and power 0.9.
CREATE TABLE ab AS
SELECT 'ab1' AS call, * FROM aov_ab_test('xc_orders', 'variant', 'control',
    visitors => '{"control": 400000, "aa": 410000, "lift": 120000, "small": 70000}')
UNION ALL
SELECT 'ab2', * FROM aov_ab_test('xc_orders', 'variant', 'control', trim_fraction => 0.2,
                                 alpha => 0.1, power => 0.9);
INSERT INTO fig (name, v)
SELECT format('%s %s %s', call, variant, f.k), f.v
  FROM ab, LATERAL (VALUES ('orders', orders::text), ('variant_visitors', variant_visitors::text),
                           ('conversion', conversion::text), ('aov', aov::text),
                           ('aov_trimmed', aov_trimmed::text), ('unit_price', unit_price::text),
                           ('items_per_order', items_per_order::text), ('aov_lift', aov_lift::text),
                           ('aov_lift_low', aov_lift_low::text), ('aov_lift_high', aov_lift_high::text),
                           ('aov_p_value', aov_p_value::text), ('aov_p_holm', aov_p_holm::text),
                           ('trimmed_lift', trimmed_lift::text), ('trimmed_lift_low', trimmed_lift_low::text),
                           ('trimmed_lift_high', trimmed_lift_high::text),
                           ('trimmed_p_value', trimmed_p_value::text), ('trimmed_p_holm', trimmed_p_holm::text),
                           ('min_detectable_lift', min_detectable_lift::text),
                           ('orders_needed', orders_needed::text),
                           ('orders_still_needed', orders_still_needed::text)) AS f(k, v)
 WHERE NOT is_control OR f.k IN ('orders', 'variant_visitors', 'conversion', 'aov', 'aov_trimmed',
                                 'unit_price', 'items_per_order')
 ORDER BY call, variant;

-- 4. The retirement rule's binomial test: P(X <= k), X ~ Binomial(n, p),
-- over a grid from tiny tails to the middle, and as aov_campaign_retirement
-- reports it (a 3-day window summed).
INSERT INTO fig (name, v)
SELECT format('binomial_below k=%s n=%s p=%s', k, n, p), _aov_binomial_below(k, n, p::float8)::text
  FROM (SELECT DISTINCT n, p, floor(n * p::numeric * f)::bigint AS k
          FROM (VALUES (10), (100), (1000), (5000), (100000)) AS a(n),
               (VALUES ('0.01'), ('0.02'), ('0.05'), ('0.3')) AS b(p),
               (VALUES (0.0), (0.5), (0.8), (1.0), (1.2)) AS c(f)) AS g
 ORDER BY n, p, k;
CREATE TABLE camp_days (campaign_id text, day date, uv int, conversions int);
INSERT INTO camp_days VALUES
    ('c1', '2026-06-01', 900, 12), ('c1', '2026-06-02', 1100, 15), ('c1', '2026-06-03', 1000, 14),
    ('c2', '2026-06-01', 5000, 80), ('c2', '2026-06-02', 5200, 85), ('c2', '2026-06-03', 4800, 70),
    ('c3', '2026-06-01', 150, 1), ('c3', '2026-06-02', 120, 0), ('c3', '2026-06-03', 130, 2);
CREATE TABLE camp_list AS SELECT DISTINCT campaign_id, date '2026-06-01' AS start_day, 'regular' AS kind
  FROM camp_days;
INSERT INTO fig (name, v)
SELECT format('retirement_p %s uv=%s conversions=%s floor=0.02', campaign_id, evidence->>'uv',
              evidence->>'conversions'), evidence->>'p_value'
  FROM aov_campaign_retirement('camp_days', 'camp_list', conversion_floor => 0.02, conversion_days => 3,
                               min_uv_for_conversion => 1, alpha => 0.999, max_days => NULL,
                               max_days_short => NULL, revenue_column => NULL)
 ORDER BY campaign_id;

-- 5. Bunching at a threshold of 50 (bins of 2), without and with a round
-- number level; the bootstrap is left out (its draws are aov_ext's own).
CREATE TABLE bunch AS
SELECT 'poly7' AS fit, * FROM aov_threshold_bunching('xb_orders', 50, 2, excluded_below => 4, excluded_above => 3,
                                              n_boot => 0)
UNION ALL
SELECT 'poly3_round10', * FROM aov_threshold_bunching('xb_orders', 50, 2, bins_below => 15, bins_above => 15,
                                                      excluded_below => 4, excluded_above => 3, poly => 3,
                                                      round_number => 10, n_boot => 0);
INSERT INTO fig (name, v)
SELECT format('bunching %s counterfactual bin=%s', fit, bin_start), counterfactual::text
  FROM bunch ORDER BY fit, bin_start;
INSERT INTO fig (name, v)
SELECT format('bunching %s %s', fit, f.k), f.v
  FROM (SELECT DISTINCT ON (fit) * FROM bunch ORDER BY fit, bin_start) b,
       LATERAL (VALUES ('orders', orders::text), ('excess', excess::text), ('missing', missing::text),
                       ('b', b::text)) AS f(k, v)
 ORDER BY fit;

-- The rows, for R.
\copy (SELECT name, v FROM fig ORDER BY ord) TO 'figures.csv' CSV HEADER
\copy (SELECT grp, revenue, items FROM all_orders) TO 'orders.csv' CSV HEADER
\copy (SELECT revenue FROM xb_orders) TO 'bunching_orders.csv' CSV HEADER
