--
-- period_health: aov_period_health against plain SQL over the same rows.
-- The reference numbers periods by calendar arithmetic on their fields
-- (year * 12 + month, ...), not by intervals, and finds the regular
-- products from each customer's array of buying periods.  Planted months
-- whose base share is above, at (exactly, and within tolerance) and below
-- one half, the repeat threshold at its boundary, text ids, a since /
-- until window, a list of regular products, serial and forced parallel,
-- and bad input.
--
SET TimeZone = 'UTC';

-- 1. Planted months.  Customers 1-10 buy the staple (10.00) every month;
-- tea is bought in February by customers 1-10 and again in March by 1-3,
-- so over January-March its repeat rate is exactly 3 / 10; novelties are
-- bought once.  With a 3-month look-back the first complete window is
-- April's.  April: staple 100 + tea 10 (customer 1) base, novelty 40:
-- healthy.  May: base 100, novelty 95, base share 0.513, within the 0.05
-- tolerance of one half: stable.  June: base 100 + a guest's staple 10,
-- novelties 160 and a new customer's 20: unstable.
CREATE TABLE ph_o (order_id bigint, customer_id bigint, ordered_at timestamptz);
CREATE TABLE ph_l (order_id bigint, product_id text, revenue numeric(10,2));
INSERT INTO ph_o
SELECT m * 100 + c, c, make_timestamptz(2026, m, 1 + c, 12, 0, 0, 'UTC')
  FROM generate_series(1, 6) m, generate_series(1, 10) c;
INSERT INTO ph_o VALUES (611, 11, '2026-06-20'), (612, NULL, '2026-06-21');
INSERT INTO ph_l
SELECT order_id, 'staple', 10.00 FROM ph_o WHERE customer_id <= 10
UNION ALL SELECT 200 + c, 'tea', 2.00 FROM generate_series(1, 10) c
UNION ALL SELECT 300 + c, 'tea', 2.00 FROM generate_series(1, 3) c
UNION ALL SELECT 401, 'tea', 10.00
UNION ALL SELECT 400 + c, 'novelty4', 4.00 FROM generate_series(1, 10) c
UNION ALL SELECT 500 + c, 'novelty5', 9.50 FROM generate_series(1, 10) c
UNION ALL SELECT 600 + c, 'novelty6', 16.00 FROM generate_series(1, 10) c
UNION ALL SELECT 611, 'novelty6', 20.00
UNION ALL SELECT 612, 'staple', 10.00;
-- statistics, or the reference's joins are planned for empty tables
ANALYZE ph_o, ph_l;


-- The period index of a time (consecutive periods differ by 1), and the
-- references over the relations ph_l (lines) and ph_o (orders): the rule's
-- figures per period and product, and the period rows.
CREATE FUNCTION ph_idx(g text, t timestamptz) RETURNS bigint LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE g
        WHEN 'year' THEN extract(year FROM t)::bigint
        WHEN 'quarter' THEN extract(year FROM t)::bigint * 4 + extract(quarter FROM t)::bigint
        WHEN 'month' THEN extract(year FROM t)::bigint * 12 + extract(month FROM t)::bigint
        WHEN 'week' THEN (extract(epoch FROM t)::bigint + 3 * 86400) / (7 * 86400)  -- weeks start on Monday
        WHEN 'day' THEN extract(epoch FROM t)::bigint / 86400 END
$$;
CREATE FUNCTION ph_rates(g text, w int, thr float8, min_buyers int)
RETURNS TABLE (k bigint, period date, product text, buyers bigint, repeat_buyers bigint, repeat_rate float8,
               regular boolean, complete_window boolean)
LANGUAGE sql STABLE AS $$
    WITH lo AS (
        SELECT l.product_id::text AS product_id, o.customer_id, ph_idx(g, o.ordered_at) AS k,
               date_trunc(g, o.ordered_at)::date AS p
          FROM ph_l l JOIN ph_o o USING (order_id)),
    ks AS (SELECT DISTINCT k, p FROM lo),
    bought AS (SELECT product_id, customer_id, array_agg(DISTINCT k) AS kk
                 FROM lo WHERE customer_id IS NOT NULL GROUP BY 1, 2),
    seen AS (SELECT ks.k, b.product_id,
                    (SELECT count(*) FROM unnest(b.kk) u WHERE u >= ks.k - w AND u < ks.k) AS times
               FROM ks, bought b),
    r AS (SELECT k, product_id, count(*) AS buyers, count(*) FILTER (WHERE times >= 2) AS rep
            FROM seen WHERE times > 0 GROUP BY 1, 2)
    SELECT r.k, ks.p, r.product_id, r.buyers, r.rep, r.rep::float8 / r.buyers,
           r.buyers >= min_buyers AND r.rep >= thr::numeric * r.buyers,
           r.k - w >= (SELECT min(k) FROM lo)
      FROM r JOIN ks USING (k)
$$;
CREATE FUNCTION ph_ref(g text, w int, thr float8, tol float8, min_buyers int)
RETURNS TABLE (period date, segment text, customers bigint, orders bigint, revenue numeric,
               base_revenue numeric, extended_revenue numeric, revenue_per_customer numeric,
               base_per_customer numeric, extended_per_customer numeric,
               base_share float8, extended_share float8, regular_count bigint, state text)
LANGUAGE sql STABLE AS $$
    WITH lo AS (
        SELECT l.order_id, l.product_id::text AS product_id, l.revenue, o.customer_id, o.ordered_at,
               ph_idx(g, o.ordered_at) AS k
          FROM ph_l l JOIN ph_o o USING (order_id)),
    first AS (SELECT customer_id, ph_idx(g, min(ordered_at)) AS fk FROM ph_o GROUP BY 1),
    reg AS (SELECT k, product AS product_id FROM ph_rates(g, w, thr, min_buyers) WHERE regular),
    y AS (SELECT lo.*, reg.product_id IS NOT NULL AS base,
                 CASE WHEN lo.customer_id IS NULL THEN 'guest' WHEN f.fk = lo.k THEN 'new' ELSE 'returning' END AS seg
            FROM lo LEFT JOIN reg USING (k, product_id) LEFT JOIN first f USING (customer_id)),
    z AS (SELECT y.*, 'all' AS s FROM y UNION ALL SELECT y.*, y.seg FROM y),
    a AS (SELECT k, s, min(date_trunc(g, ordered_at))::date AS p, count(DISTINCT customer_id) AS c,
                 count(DISTINCT order_id) AS n,
                 coalesce(sum(revenue) FILTER (WHERE base), 0) AS b, coalesce(sum(revenue) FILTER (WHERE NOT base), 0) AS e,
                 coalesce(sum(revenue) FILTER (WHERE base AND customer_id IS NOT NULL), 0) AS cb,
                 coalesce(sum(revenue) FILTER (WHERE NOT base AND customer_id IS NOT NULL), 0) AS ce
            FROM z GROUP BY 1, 2)
    SELECT a.p, a.s, a.c, a.n, a.b + a.e, a.b, a.e,
           (a.cb + a.ce) / nullif(a.c, 0), a.cb / nullif(a.c, 0), a.ce / nullif(a.c, 0),
           CASE WHEN x + y > 0 THEN (x / (x + y))::float8 END, CASE WHEN x + y > 0 THEN (y / (x + y))::float8 END,
           (SELECT count(*) FROM reg WHERE reg.k = a.k),
           CASE WHEN x + y <= 0 THEN NULL
                WHEN a.k - w < (SELECT min(k) FROM lo) THEN 'not enough history'
                WHEN abs(x / (x + y) - y / (x + y)) <= tol::numeric THEN 'stable'
                WHEN x > y THEN 'healthy' ELSE 'unstable' END
      FROM a,
           -- the split judged: the customers' lines, or a guest row's lines
           LATERAL (SELECT CASE WHEN a.c > 0 THEN a.cb ELSE a.b END AS x,
                           CASE WHEN a.c > 0 THEN a.ce ELSE a.e END AS y) j
$$;

-- Equal up to 1e-12 relative: ratios of float8 revenue read as numeric
-- against those of numeric(10,2) revenue, whose scales differ.
CREATE FUNCTION ph_close(a numeric, b numeric) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$
    SELECT (a IS NULL AND b IS NULL) OR abs(a - b) <= 1e-12 * greatest(1, abs(b))
$$;

-- The fields of aov_period_health's rows on ph_l and ph_o that differ
-- from the reference, by value (expected none).
CREATE FUNCTION ph_diff(g text, w int, thr float8, tol float8, min_buyers int)
RETURNS TABLE (period date, segment text, field text, got jsonb, ref jsonb) LANGUAGE sql AS $$
    SELECT coalesce(h.period, r.period), coalesce(h.segment, r.segment), d.*
      FROM aov_period_health('ph_l', 'ph_o', g, w, thr, tol, min_buyers) h
      FULL JOIN ph_ref(g, w, thr, tol, min_buyers) r ON r.period = h.period AND r.segment = h.segment
     CROSS JOIN LATERAL fields_differ(to_jsonb(h), to_jsonb(r)) d
     ORDER BY 1, 2, 3
$$;

-- and aov_regular_products against the rule's reference
CREATE FUNCTION ph_products_diff(g text, w int, thr float8, min_buyers int)
RETURNS TABLE (period date, product text, field text, got jsonb, ref jsonb) LANGUAGE sql AS $$
    SELECT coalesce(h.period, r.period), coalesce(h.product, r.product), d.*
      FROM aov_regular_products('ph_l', 'ph_o', g, w, thr, min_buyers) h
      FULL JOIN (SELECT period, product, buyers, repeat_buyers, repeat_rate, regular, complete_window
                   FROM ph_rates(g, w, thr, min_buyers)) r ON r.period = h.period AND r.product = h.product
     CROSS JOIN LATERAL fields_differ(to_jsonb(h), to_jsonb(r)) d
     ORDER BY 1, 2, 3
$$;

SELECT * FROM ph_diff('month', 3, 0.3, 0.05, 1);
SELECT * FROM ph_products_diff('month', 3, 0.3, 1);
-- April's rule: tea's 3 repeat buyers of 10 are exactly the threshold
SELECT * FROM aov_regular_products('ph_l', 'ph_o') WHERE period = '2026-04-01';
SELECT period, segment, customers, orders, revenue, base_revenue, extended_revenue,
       round(base_per_customer, 2) AS base_pc, round(extended_per_customer, 2) AS ext_pc,
       round(base_share::numeric, 4) AS base_share, regular_count, state
  FROM aov_period_health('ph_l', 'ph_o');
-- the article's identity: revenue per customer = base + extended per customer
SELECT count(*) FILTER (WHERE revenue_per_customer <> base_per_customer + extended_per_customer
                          OR abs(base_share + extended_share - 1) > 1e-15) AS identity_violations,
       count(revenue_per_customer) AS rows_checked
  FROM aov_period_health('ph_l', 'ph_o');

-- The parameters change the state, and every setting agrees with the
-- reference.  At threshold 0.31 tea (3 of its 10 buyers repeating) is no
-- longer regular in April; without tolerance May is healthy; a 2-month
-- window judges March (tea, new in its window, is extended); a 1-month
-- window with threshold 0 calls regular whatever was bought the month
-- before; min_buyers 11 leaves nothing regular.
CREATE TABLE ph_params (w int, thr float8, tol float8, mb int);
INSERT INTO ph_params VALUES (3, 0.3, 0.05, 1), (3, 0.31, 0.05, 1), (3, 0.3, 0, 1), (2, 0.3, 0.05, 1),
                             (1, 0, 0.05, 1), (1, 0.3, 0.05, 1), (3, 0.3, 0.05, 11), (5, 1, 1, 1);
SELECT p.*, d.* FROM ph_params p, ph_diff('month', p.w, p.thr, p.tol, p.mb) d;
SELECT p.*, d.* FROM ph_params p, ph_products_diff('month', p.w, p.thr, p.mb) d;
SELECT p.w, p.thr, p.tol, p.mb,
       string_agg(to_char(h.period, 'Mon') || ' ' || h.state || ' ' || round(h.base_share::numeric, 3), ', '
                  ORDER BY h.period) AS all_segment
  FROM ph_params p, aov_period_health('ph_l', 'ph_o', 'month', p.w, p.thr, p.tol, p.mb) h
 WHERE h.segment = 'all' AND h.period >= '2026-03-01'
 GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4;

-- 2. A list of regular products overrides the rule: every period is judged
-- (no look-back needed), and the base is exactly the listed products' lines.
CREATE TABLE ph_regular (product_id text);
INSERT INTO ph_regular VALUES ('staple'), ('novelty6'), ('never sold');
SELECT count(*) FILTER (WHERE h.base_revenue IS DISTINCT FROM d.b OR h.extended_revenue IS DISTINCT FROM d.e
                           OR h.regular_count <> 3 OR h.state = 'not enough history') AS list_differs,
       count(*) AS rows_joined,
       string_agg(DISTINCT h.state, ', ') AS states
  FROM aov_period_health('ph_l', 'ph_o', regular_products => 'ph_regular') h
  JOIN (SELECT date_trunc('month', o.ordered_at)::date AS period,
               coalesce(sum(l.revenue) FILTER (WHERE l.product_id IN (SELECT product_id FROM ph_regular)), 0) AS b,
               coalesce(sum(l.revenue) FILTER (WHERE l.product_id NOT IN (SELECT product_id FROM ph_regular)), 0) AS e
          FROM ph_l l JOIN ph_o o USING (order_id) GROUP BY 1) d
    ON d.period = h.period AND h.segment = 'all';

-- 2b. A base share of exactly one half.  Customers 1-4 buy the staple
-- (10.00) every month from January to June; from April each also buys a
-- novelty of the month (never bought again, so never regular): 10.00 in
-- April (base share exactly 1/2), 9.99 in May (just above), 10.01 in June
-- (just below).  Without tolerance April is stable and only April; with a
-- tolerance of 0.001 all three are.
TRUNCATE ph_o, ph_l;
INSERT INTO ph_o
SELECT m * 100 + c, c, make_timestamptz(2026, m, 1 + c, 12, 0, 0, 'UTC')
  FROM generate_series(1, 6) m, generate_series(1, 4) c;
INSERT INTO ph_l
SELECT order_id, 'staple', 10.00 FROM ph_o
UNION ALL SELECT order_id, 'novelty' || order_id / 100,
                 CASE order_id / 100 WHEN 4 THEN 10.00 WHEN 5 THEN 9.99 ELSE 10.01 END
            FROM ph_o WHERE order_id >= 400;
ANALYZE ph_o, ph_l;
SELECT p.tol, d.* FROM (VALUES (0::float8), (0.001)) p(tol), ph_diff('month', 3, 0.3, p.tol, 1) d;
SELECT p.tol, h.period, h.base_revenue, h.extended_revenue, round(h.base_share::numeric, 6) AS base_share, h.state
  FROM (VALUES (0::float8), (0.001)) p(tol), aov_period_health('ph_l', 'ph_o', tolerance => p.tol) h
 WHERE h.segment = 'all' AND h.period >= '2026-04-01'
 ORDER BY 1, 2;

-- 3. Many rows: 700 orders over half a year, 40 customers and guests
-- (every 13th order), one to three lines of 15 products, ids and prices
-- from a hash.  Every granularity and several rule settings against the
-- reference; the states are not all alike.
TRUNCATE ph_o, ph_l;
INSERT INTO ph_o
SELECT i, CASE WHEN i % 13 <> 0 THEN 1 + (test_rnd(i, 'c') * 40)::int END,
       timestamptz '2026-01-01' + test_rnd(i, 't') * interval '181 days'
  FROM generate_series(1, 700) i;
INSERT INTO ph_l
SELECT i, 'p' || (test_rnd(i * 10 + j, 'p') ^ 2 * 15)::int,
       (1 + test_rnd(i * 10 + j, 'r') * 60)::numeric(10,2)
  FROM generate_series(1, 700) i, generate_series(1, 1 + i % 3) j;
ANALYZE ph_o, ph_l;
CREATE TABLE ph_settings (g text, w int, thr float8, tol float8, mb int);
INSERT INTO ph_settings VALUES ('month', 3, 0.3, 0.05, 1), ('month', 2, 0.2, 0.1, 3), ('week', 4, 0.2, 0.05, 2),
                               ('week', 8, 0.5, 0, 1), ('quarter', 1, 0, 0.05, 1), ('year', 1, 0, 0.05, 1),
                               ('day', 20, 0.1, 0.05, 1);
SELECT s.*, d.* FROM ph_settings s, ph_diff(s.g, s.w, s.thr, s.tol, s.mb) d;
SELECT s.*, d.* FROM ph_settings s, ph_products_diff(s.g, s.w, s.thr, s.mb) d;
SELECT s.g, s.w, s.thr, s.tol, s.mb, count(*) AS rows,
       count(*) FILTER (WHERE h.state = 'healthy') AS healthy, count(*) FILTER (WHERE h.state = 'stable') AS stable,
       count(*) FILTER (WHERE h.state = 'unstable') AS unstable,
       count(*) FILTER (WHERE h.state = 'not enough history') AS no_history
  FROM ph_settings s, aov_period_health('ph_l', 'ph_o', s.g, s.w, s.thr, s.tol, s.mb) h
 GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3;

-- Text customer ids, integer order ids, date times and float8 line revenue
-- give the same figures as bigint ids, timestamptz and numeric revenue.
CREATE VIEW ph_o_text AS
SELECT order_id::int AS oid, 'cust-' || customer_id AS customer, ordered_at FROM ph_o;
CREATE VIEW ph_l_int AS SELECT order_id::int AS oid, product_id, revenue::float8 AS amount FROM ph_l;
SELECT count(*) FILTER (WHERE (t.customers, t.orders, t.revenue, t.base_revenue, t.extended_revenue,
                                t.regular_count, t.state)
                               IS DISTINCT FROM (b.customers, b.orders, b.revenue, b.base_revenue, b.extended_revenue,
                                                 b.regular_count, b.state)
                            OR NOT ph_close(t.base_per_customer, b.base_per_customer)
                            OR NOT ph_close(t.base_share::numeric, b.base_share::numeric)) AS text_ids_differ,
       count(*) AS rows
  FROM aov_period_health('ph_l_int', 'ph_o_text', order_column => 'oid', revenue_column => 'amount',
                         customer_column => 'customer') t
  FULL JOIN aov_period_health('ph_l', 'ph_o') b USING (period, segment);

-- since / until choose the periods reported, not the look-back nor the
-- first orders: the window's rows are those of the full report.
SELECT count(*) FILTER (WHERE w::text IS DISTINCT FROM f::text) AS window_differs, count(*) AS window_rows
  FROM aov_period_health('ph_l', 'ph_o', since => '2026-04-01', until => '2026-06-01') w
  LEFT JOIN aov_period_health('ph_l', 'ph_o') f USING (period, segment);

-- Forced parallel gives the same rows, digit for digit: the first orders
-- are a partial aggregate in the workers, the relations are scanned in
-- parallel.
SELECT * INTO TEMP ph_serial FROM aov_period_health('ph_l', 'ph_o', 'week', 4, 0.2, 0.05, 2);
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
SELECT parallel_plan($$SELECT _aov_firsts(customer_id, ordered_at) FROM ph_o$$);
SELECT * INTO TEMP ph_par FROM aov_period_health('ph_l', 'ph_o', 'week', 4, 0.2, 0.05, 2);
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
RESET max_parallel_workers_per_gather;
SELECT count(*) AS parallel_differs, (SELECT count(*) FROM ph_serial) AS rows
  FROM ph_par p FULL JOIN ph_serial s USING (period, segment)
 WHERE p::text IS DISTINCT FROM s::text;

-- Lines whose order time is infinite have no period: the rows are those
-- without them (customer 1's infinite order is not their first; the other
-- is a guest's).
CREATE VIEW ph_o_inf AS SELECT * FROM ph_o UNION ALL SELECT 9001, 1, 'infinity' UNION ALL SELECT 9002, NULL, '-infinity';
CREATE VIEW ph_l_inf AS SELECT * FROM ph_l UNION ALL SELECT 9001, 'p1', 5 UNION ALL SELECT 9002, 'p1', 5;
SELECT count(*) FILTER (WHERE i::text IS DISTINCT FROM f::text) AS infinite_differ, count(*) AS rows
  FROM aov_period_health('ph_l_inf', 'ph_o_inf') i FULL JOIN aov_period_health('ph_l', 'ph_o') f USING (period, segment);

-- No lines, or lines only outside since / until: no rows.
SELECT count(*) AS rows_outside FROM aov_period_health('ph_l', 'ph_o', since => '2027-01-01');

-- 4. Bad input: clear errors with their SQLSTATE.
SELECT expect_error($$SELECT * FROM aov_period_health(NULL, 'ph_o')$$);
SELECT expect_error($$SELECT * FROM aov_period_health('ph_l', 'ph_o', window_periods => NULL)$$);
SELECT expect_error($$SELECT * FROM aov_period_health('ph_l', 'ph_o', 'fortnight')$$);
SELECT expect_error($$SELECT * FROM aov_period_health('ph_l', 'ph_o', window_periods => 0)$$);
SELECT expect_error($$SELECT * FROM aov_period_health('ph_l', 'ph_o', 'year', window_periods => 1001)$$);
SELECT count(*) AS rows_at_1000_years FROM aov_period_health('ph_l', 'ph_o', 'year', window_periods => 1000);
SELECT expect_error($$SELECT * FROM aov_period_health('ph_l', 'ph_o', repeat_threshold => -0.1)$$);
SELECT expect_error($$SELECT * FROM aov_period_health('ph_l', 'ph_o', repeat_threshold => 1.5)$$);
SELECT expect_error($$SELECT * FROM aov_period_health('ph_l', 'ph_o', repeat_threshold => 'NaN')$$);
SELECT expect_error($$SELECT * FROM aov_period_health('ph_l', 'ph_o', tolerance => -0.01)$$);
SELECT expect_error($$SELECT * FROM aov_period_health('ph_l', 'ph_o', tolerance => 'NaN')$$);
SELECT expect_error($$SELECT * FROM aov_period_health('ph_l', 'ph_o', min_buyers => 0)$$);
SELECT expect_error($$SELECT * FROM aov_period_health('ph_l', 'ph_o', since => '2026-03-01', until => '2026-02-01')$$);
SELECT expect_error($$SELECT * FROM aov_period_health('ph_l', 'ph_o', product_column => 'sku')$$);
SELECT expect_error($$SELECT * FROM aov_period_health('ph_l', 'ph_o', revenue_column => 'amount')$$);
SELECT expect_error($$SELECT * FROM aov_period_health('ph_l', 'ph_o', time_column => 'at')$$);
SELECT expect_error($$SELECT * FROM aov_period_health('ph_l', 'ph_o', customer_column => 'buyer')$$);
SELECT expect_error($$SELECT * FROM aov_period_health('ph_l', 'ph_o', order_column => 'oid')$$);
SELECT expect_error($$SELECT * FROM aov_period_health('ph_l', 'ph_o', revenue_column => 'product_id')$$);
SELECT expect_error($$SELECT * FROM aov_period_health('ph_l', 'ph_o', time_column => 'customer_id')$$);
SELECT expect_error($$SELECT * FROM aov_period_health('ph_l', 'ph_o', regular_products => 'ph_o')$$);
CREATE VIEW ph_o_textid AS SELECT order_id::text AS order_id, customer_id, ordered_at FROM ph_o;
SELECT expect_error($$SELECT * FROM aov_period_health('ph_l', 'ph_o_textid')$$);
CREATE VIEW ph_o_numid AS SELECT order_id, customer_id::numeric AS customer_id, ordered_at FROM ph_o;
SELECT expect_error($$SELECT * FROM aov_period_health('ph_l', 'ph_o_numid')$$);
-- NULL ids, a line without its order, an order twice
CREATE VIEW ph_l_nullorder AS SELECT * FROM ph_l UNION ALL SELECT NULL, 'p1', 1.00;
CREATE VIEW ph_l_nullproduct AS SELECT * FROM ph_l UNION ALL SELECT 1, NULL, 1.00;
CREATE VIEW ph_l_orphan AS SELECT * FROM ph_l UNION ALL SELECT 9999, 'p1', 1.00;
CREATE VIEW ph_o_nullid AS SELECT * FROM ph_o UNION ALL SELECT NULL, 1, '2026-02-01';
CREATE VIEW ph_o_twice AS SELECT * FROM ph_o UNION ALL SELECT * FROM ph_o WHERE order_id = 7;
CREATE VIEW ph_regular_null AS SELECT * FROM ph_regular UNION ALL SELECT NULL;
SELECT expect_error($$SELECT * FROM aov_period_health('ph_l_nullorder', 'ph_o')$$);
SELECT expect_error($$SELECT * FROM aov_period_health('ph_l_nullproduct', 'ph_o')$$);
SELECT expect_error($$SELECT * FROM aov_period_health('ph_l_orphan', 'ph_o')$$);
SELECT expect_error($$SELECT * FROM aov_period_health('ph_l', 'ph_o_nullid')$$);
SELECT expect_error($$SELECT * FROM aov_period_health('ph_l', 'ph_o_twice')$$);
SELECT expect_error($$SELECT * FROM aov_period_health('ph_l', 'ph_o', regular_products => 'ph_regular_null')$$);
SELECT expect_error($$SELECT * FROM aov_period_health('ph_l', 'no_such_table')$$);
-- aov_regular_products checks the same arguments, and needs no revenue
SELECT expect_error($$SELECT * FROM aov_regular_products('ph_l', 'ph_o', window_periods => 0)$$);
SELECT expect_error($$SELECT * FROM aov_regular_products('ph_l', NULL)$$);
SELECT expect_error($$SELECT * FROM aov_regular_products('ph_l_orphan', 'ph_o')$$);
SELECT count(*) FILTER (WHERE t::text IS DISTINCT FROM b::text) AS text_ids_differ, count(*) AS rows
  FROM aov_regular_products('ph_l_int', 'ph_o_text', order_column => 'oid', customer_column => 'customer') t
  FULL JOIN aov_regular_products('ph_l', 'ph_o') b USING (period, product);

DROP VIEW ph_o_inf, ph_l_inf, ph_o_text, ph_l_int, ph_o_textid, ph_o_numid, ph_l_nullorder, ph_l_nullproduct, ph_l_orphan,
          ph_o_nullid, ph_o_twice, ph_regular_null;
DROP FUNCTION ph_diff(text, int, float8, float8, int);
DROP FUNCTION ph_products_diff(text, int, float8, int);
DROP FUNCTION ph_ref(text, int, float8, float8, int);
DROP FUNCTION ph_rates(text, int, float8, int);
DROP FUNCTION ph_close(numeric, numeric);
DROP FUNCTION ph_idx(text, timestamptz);
DROP TABLE ph_o, ph_l, ph_regular, ph_params, ph_settings, ph_serial, ph_par;
