--
-- aov_summary and aov_rollup: daily summaries, stored and rolled up to
-- months and a quarter, give what aov_breakdown gives over the raw rows.
-- The exact figures (counts, sums and their ratios) roll up exactly; the
-- robust figures (trimmed means, medians, top values) survive only in
-- summaries made with a trim fraction, which keep every order's values.
-- aov_breakdown itself is checked against plain SQL in breakdown.sql; here
-- the exact figures are also checked against plain SQL per month.
--

-- ---------------------------------------------------------------------
-- Orders over one quarter
-- ---------------------------------------------------------------------

-- 3,000 orders from 2024-01-01 to 2024-03-31 (timestamp without time zone,
-- so days do not depend on the session's time zone):
--   rev   numeric, cents, except on the 10th of each month when prices
--         have 3 decimals (fuel), so summaries of different scales merge
--   qty   integer items, some 0, some returns (negative)
--   wq    numeric(8,3) weights
--   frev  float8 cents (not exact in binary: the sums must be exact anyway)
--   cust  bigint, about 10% guests (NULL); 1% of the rows lack revenue or items
CREATE TEMP TABLE rl_orders AS
WITH o AS (
    SELECT id,
           '2024-01-01'::timestamp + floor(91 * 86400 * test_rnd(id, 'rt')) * interval '1 second' AS ordered_at,
           CASE WHEN test_rnd(id, 'rq0') < 0.05 THEN 0 ELSE 1 + floor(4 * test_rnd(id, 'rq') ^ 2)::int END
             * CASE WHEN test_rnd(id, 'rr') < 0.03 THEN -1 ELSE 1 END
             * CASE WHEN test_rnd(id, 'rw') < 0.01 THEN 30 ELSE 1 END AS q,
           CASE WHEN test_rnd(id, 'rc0') < 0.1 THEN NULL ELSE 1 + floor(500 * test_rnd(id, 'rc') ^ 2)::bigint END AS cust
    FROM generate_series(1, 3000) AS id
)
SELECT id, ordered_at, cust,
       CASE WHEN test_rnd(id, 'rnr') < 0.01 THEN NULL
            WHEN extract(day FROM ordered_at) = 10 THEN round((q + 0.5) * (1 + floor(60 * test_rnd(id, 'rp'))::int) * 1.999, 3)
            ELSE round((q + 0.5) * (1 + floor(60 * test_rnd(id, 'rp'))::int) * 4.99, 2) END AS rev,
       CASE WHEN test_rnd(id, 'rnq') < 0.01 THEN NULL ELSE q END AS qty,
       (q * (0.5 + floor(6 * test_rnd(id, 'rk')) * 0.25))::numeric(8,3) AS wq,
       CASE WHEN test_rnd(id, 'rnr') < 0.01 THEN NULL
            ELSE round((q + 0.5) * (1 + floor(60 * test_rnd(id, 'rp'))::int) * 4.99, 2)::float8 END AS frev
FROM o;
SELECT count(*) AS orders, count(DISTINCT ordered_at::date) AS days,
       count(DISTINCT date_trunc('month', ordered_at)) AS months,
       count(*) FILTER (WHERE cust IS NULL) AS guests, count(*) FILTER (WHERE qty = 0) AS zero_items,
       count(*) FILTER (WHERE rev < 0) AS returns, max(scale(rev)) AS max_scale, min(scale(rev)) AS min_scale,
       count(*) FILTER (WHERE rev IS NULL OR qty IS NULL) AS incomplete
FROM rl_orders;

-- The daily summaries, stored: three pairs of argument types (kind) and
-- three forms (form): plain (orders and sums), cust (with customer ids),
-- trim (with customer ids and every order's values, trim 0.1).
CREATE TEMP TABLE rl_daily (day date, kind text, form text, s aov_summary);
INSERT INTO rl_daily
SELECT ordered_at::date, 'num_int', 'plain', aov_summary(rev, qty) FROM rl_orders GROUP BY 1
UNION ALL SELECT ordered_at::date, 'num_int', 'cust', aov_summary(rev, qty, cust) FROM rl_orders GROUP BY 1
UNION ALL SELECT ordered_at::date, 'num_int', 'trim', aov_summary(rev, qty, cust, 0.1) FROM rl_orders GROUP BY 1
UNION ALL SELECT ordered_at::date, 'num_num', 'plain', aov_summary(rev, wq) FROM rl_orders GROUP BY 1
UNION ALL SELECT ordered_at::date, 'num_num', 'cust', aov_summary(rev, wq, cust) FROM rl_orders GROUP BY 1
UNION ALL SELECT ordered_at::date, 'num_num', 'trim', aov_summary(rev, wq, cust, 0.1) FROM rl_orders GROUP BY 1
UNION ALL SELECT ordered_at::date, 'f8_int', 'plain', aov_summary(frev, qty) FROM rl_orders GROUP BY 1
UNION ALL SELECT ordered_at::date, 'f8_int', 'cust', aov_summary(frev, qty, cust) FROM rl_orders GROUP BY 1
UNION ALL SELECT ordered_at::date, 'f8_int', 'trim', aov_summary(frev, qty, cust, 0.1) FROM rl_orders GROUP BY 1;

-- The breakdown of the raw rows per month, each form with its own
-- arguments (plain and cust with the default trim, which the summaries
-- without a trim cannot reproduce).
CREATE TEMP TABLE rl_direct AS
SELECT date_trunc('month', ordered_at)::date AS month, 'num_int' AS kind, 'plain' AS form, aov_breakdown(rev, qty) AS b FROM rl_orders GROUP BY 1
UNION ALL SELECT date_trunc('month', ordered_at)::date, 'num_int', 'cust', aov_breakdown(rev, qty, cust) FROM rl_orders GROUP BY 1
UNION ALL SELECT date_trunc('month', ordered_at)::date, 'num_int', 'trim', aov_breakdown(rev, qty, cust, 0.1) FROM rl_orders GROUP BY 1
UNION ALL SELECT date_trunc('month', ordered_at)::date, 'num_num', 'plain', aov_breakdown(rev, wq) FROM rl_orders GROUP BY 1
UNION ALL SELECT date_trunc('month', ordered_at)::date, 'num_num', 'cust', aov_breakdown(rev, wq, cust) FROM rl_orders GROUP BY 1
UNION ALL SELECT date_trunc('month', ordered_at)::date, 'num_num', 'trim', aov_breakdown(rev, wq, cust, 0.1) FROM rl_orders GROUP BY 1
UNION ALL SELECT date_trunc('month', ordered_at)::date, 'f8_int', 'plain', aov_breakdown(frev, qty) FROM rl_orders GROUP BY 1
UNION ALL SELECT date_trunc('month', ordered_at)::date, 'f8_int', 'cust', aov_breakdown(frev, qty, cust) FROM rl_orders GROUP BY 1
UNION ALL SELECT date_trunc('month', ordered_at)::date, 'f8_int', 'trim', aov_breakdown(frev, qty, cust, 0.1) FROM rl_orders GROUP BY 1;

-- The exact fields of a breakdown, as text (numeric text keeps the scale)
CREATE FUNCTION rl_exact(b aov_breakdown) RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT ROW(b.orders, b.customers, b.guest_orders, b.zero_item_orders, b.revenue, b.items, b.aov,
               b.unit_price, b.items_per_order, b.revenue_per_customer, b.orders_per_customer)::text $$;
-- The robust fields (and the trim they were computed with), as text
CREATE FUNCTION rl_robust(b aov_breakdown) RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT ROW(b.trim_fraction, b.aov_trimmed, b.aov_median, b.aov_top, b.items_per_order_trimmed,
               b.items_per_order_median, b.items_per_order_top, b.unit_price_trimmed, b.unit_price_median,
               b.unit_price_top)::text $$;

-- ---------------------------------------------------------------------
-- Days rolled up to months equal the months' raw rows
-- ---------------------------------------------------------------------

CREATE TEMP TABLE rl_monthly AS
SELECT date_trunc('month', day)::date AS month, kind, form, aov_rollup(s) AS s
FROM rl_daily GROUP BY 1, 2, 3;

-- exact fields equal; robust fields equal with a trim, else all NULL;
-- customer fields NULL in the plain form; and, for the trim form, the whole
-- breakdown as text (empty for the other forms)

SELECT kind, form, count(*) AS months,
       bool_and(rl_exact(aov_breakdown(m.s)) = rl_exact(d.b)) AS exact_equal,
       bool_and(CASE form WHEN 'trim' THEN rl_robust(aov_breakdown(m.s)) = rl_robust(d.b)
                          ELSE num_nulls((aov_breakdown(m.s)).trim_fraction, (aov_breakdown(m.s)).aov_trimmed,
                                         (aov_breakdown(m.s)).aov_median, (aov_breakdown(m.s)).aov_top,
                                         (aov_breakdown(m.s)).items_per_order_trimmed,
                                         (aov_breakdown(m.s)).items_per_order_median,
                                         (aov_breakdown(m.s)).items_per_order_top,
                                         (aov_breakdown(m.s)).unit_price_trimmed,
                                         (aov_breakdown(m.s)).unit_price_median,
                                         (aov_breakdown(m.s)).unit_price_top) = 10 END) AS robust_ok,
       bool_and(CASE form WHEN 'plain'
                     THEN num_nulls((aov_breakdown(m.s)).customers, (aov_breakdown(m.s)).guest_orders,
                                    (aov_breakdown(m.s)).revenue_per_customer, (aov_breakdown(m.s)).orders_per_customer) = 4
                     ELSE (aov_breakdown(m.s)).customers IS NOT NULL END) AS customers_ok,
       bool_and(CASE form WHEN 'trim' THEN aov_breakdown(m.s)::text = d.b::text END) AS all_fields_equal
FROM rl_monthly m JOIN rl_direct d USING (month, kind, form)
GROUP BY kind, form ORDER BY kind, form;

-- the exact fields against plain SQL over the raw rows (numeric revenue)
WITH ref_int AS (
    SELECT date_trunc('month', ordered_at)::date AS month,
           ROW(count(*), count(DISTINCT cust), count(*) - count(cust), count(*) FILTER (WHERE qty = 0),
               sum(rev), sum(qty), sum(rev) / count(*), sum(rev) / nullif(sum(qty), 0), sum(qty)::numeric / count(*),
               sum(rev) FILTER (WHERE cust IS NOT NULL) / nullif(count(DISTINCT cust), 0),
               count(cust)::numeric / nullif(count(DISTINCT cust), 0))::text AS ref
    FROM rl_orders WHERE rev IS NOT NULL AND qty IS NOT NULL GROUP BY 1
), ref_num AS (
    SELECT date_trunc('month', ordered_at)::date AS month,
           ROW(count(*), count(DISTINCT cust), count(*) - count(cust), count(*) FILTER (WHERE wq = 0),
               sum(rev), sum(wq), sum(rev) / count(*), sum(rev) / nullif(sum(wq), 0), sum(wq) / count(*),
               sum(rev) FILTER (WHERE cust IS NOT NULL) / nullif(count(DISTINCT cust), 0),
               count(cust)::numeric / nullif(count(DISTINCT cust), 0))::text AS ref
    FROM rl_orders WHERE rev IS NOT NULL AND wq IS NOT NULL GROUP BY 1
)
SELECT month, rl_exact(aov_breakdown(i.s)) = ref_int.ref AS num_int, rl_exact(aov_breakdown(n.s)) = ref_num.ref AS num_num
FROM ref_int JOIN ref_num USING (month) JOIN rl_monthly i USING (month) JOIN rl_monthly n USING (month)
WHERE i.kind = 'num_int' AND i.form = 'cust' AND n.kind = 'num_num' AND n.form = 'cust' ORDER BY month;

-- the months, for the eye
SELECT month, (b).orders, (b).customers, (b).guest_orders AS guests, (b).revenue, (b).aov, (b).unit_price,
       (b).items_per_order AS ipo, (b).aov_trimmed, (b).aov_median
FROM (SELECT month, aov_breakdown(s) AS b FROM rl_monthly WHERE kind = 'num_int' AND form = 'trim') m ORDER BY month;

-- each day's summary gives the day's breakdown
SELECT kind, form, count(*) AS days,
       bool_and(CASE form WHEN 'trim' THEN aov_breakdown(s)::text = d.b::text
                          ELSE rl_exact(aov_breakdown(s)) = rl_exact(d.b) END) AS equal
FROM rl_daily
JOIN (SELECT ordered_at::date AS day, 'num_int' AS kind, 'plain' AS form, aov_breakdown(rev, qty) AS b FROM rl_orders GROUP BY 1
      UNION ALL SELECT ordered_at::date, 'num_int', 'cust', aov_breakdown(rev, qty, cust) FROM rl_orders GROUP BY 1
      UNION ALL SELECT ordered_at::date, 'num_int', 'trim', aov_breakdown(rev, qty, cust, 0.1) FROM rl_orders GROUP BY 1
      UNION ALL SELECT ordered_at::date, 'num_num', 'trim', aov_breakdown(rev, wq, cust, 0.1) FROM rl_orders GROUP BY 1
      UNION ALL SELECT ordered_at::date, 'f8_int', 'plain', aov_breakdown(frev, qty) FROM rl_orders GROUP BY 1
      UNION ALL SELECT ordered_at::date, 'f8_int', 'trim', aov_breakdown(frev, qty, cust, 0.1) FROM rl_orders GROUP BY 1) d
USING (day, kind, form)
GROUP BY kind, form ORDER BY kind, form;

-- months rolled up again to the quarter, and the days straight to the
-- quarter, equal the quarter's raw rows
SELECT kind, form,
       rl_exact(aov_breakdown(q_months)) = rl_exact(direct) AS months_exact,
       rl_exact(aov_breakdown(q_days)) = rl_exact(direct) AS days_exact,
       CASE form WHEN 'trim' THEN aov_breakdown(q_months)::text = direct::text
                             AND aov_breakdown(q_days)::text = direct::text END AS all_fields_equal
FROM (SELECT kind, form, aov_rollup(s) AS q_months FROM rl_monthly GROUP BY kind, form) m
JOIN (SELECT kind, form, aov_rollup(s) AS q_days FROM rl_daily GROUP BY kind, form) d USING (kind, form)
JOIN (SELECT 'num_int' AS kind, 'plain' AS form, aov_breakdown(rev, qty) AS direct FROM rl_orders
      UNION ALL SELECT 'num_int', 'cust', aov_breakdown(rev, qty, cust) FROM rl_orders
      UNION ALL SELECT 'num_int', 'trim', aov_breakdown(rev, qty, cust, 0.1) FROM rl_orders
      UNION ALL SELECT 'num_num', 'plain', aov_breakdown(rev, wq) FROM rl_orders
      UNION ALL SELECT 'num_num', 'cust', aov_breakdown(rev, wq, cust) FROM rl_orders
      UNION ALL SELECT 'num_num', 'trim', aov_breakdown(rev, wq, cust, 0.1) FROM rl_orders
      UNION ALL SELECT 'f8_int', 'plain', aov_breakdown(frev, qty) FROM rl_orders
      UNION ALL SELECT 'f8_int', 'cust', aov_breakdown(frev, qty, cust) FROM rl_orders
      UNION ALL SELECT 'f8_int', 'trim', aov_breakdown(frev, qty, cust, 0.1) FROM rl_orders) r USING (kind, form)
ORDER BY kind, form;

-- random split and merge: random buckets, merged in a random order, give
-- the one-pass result
SELECT kind, aov_breakdown(aov_rollup(s ORDER BY test_rnd(bucket, 'rord')))::text = one_pass::text AS equal
FROM (SELECT 'num_int' AS kind, floor(13 * test_rnd(id, 'rb'))::int AS bucket, aov_summary(rev, qty, cust, 0.25) AS s FROM rl_orders GROUP BY 2
      UNION ALL SELECT 'f8_int', floor(13 * test_rnd(id, 'rb'))::int, aov_summary(frev, qty, cust, 0.25) FROM rl_orders GROUP BY 2) p
JOIN (SELECT 'num_int' AS kind, aov_breakdown(rev, qty, cust, 0.25) AS one_pass FROM rl_orders
      UNION ALL SELECT 'f8_int', aov_breakdown(frev, qty, cust, 0.25) FROM rl_orders) o USING (kind)
GROUP BY kind, one_pass ORDER BY kind;

-- ---------------------------------------------------------------------
-- Stored summaries: text round trip, on disk, toasted
-- ---------------------------------------------------------------------

-- the text form reads back as the same summary
SELECT kind, form, count(*) AS days,
       bool_and(s::text::aov_summary::text = s::text) AS text_round_trip,
       bool_and(aov_breakdown(s::text::aov_summary)::text = aov_breakdown(s)::text) AS same_breakdown,
       bool_and(_aov_summary_send(s) = decode(s::text, 'hex')) AS send_is_the_text
FROM rl_daily GROUP BY kind, form ORDER BY kind, form;

-- a table of summaries read back from disk (the quarter with every
-- order's values is large enough to be compressed or moved out of line)
CREATE TABLE rl_stored (period text, kind text, form text, s aov_summary);
INSERT INTO rl_stored
SELECT to_char(month, 'YYYY-MM'), kind, form, s FROM rl_monthly
UNION ALL SELECT '2024-Q1', kind, form, aov_rollup(s) FROM rl_daily GROUP BY kind, form;
SELECT period, pg_column_size(s) < octet_length(s::text) / 2 AS compressed_or_toasted
FROM rl_stored WHERE kind = 'num_int' AND form = 'trim' ORDER BY period;
SELECT kind, form,
       aov_breakdown(aov_rollup(s) FILTER (WHERE period <> '2024-Q1'))::text
         = aov_breakdown(aov_rollup(s) FILTER (WHERE period = '2024-Q1'))::text AS months_equal_quarter,
       aov_breakdown(aov_rollup(s::text::aov_summary) FILTER (WHERE period = '2024-Q1'))::text
         = aov_breakdown(aov_rollup(s) FILTER (WHERE period = '2024-Q1'))::text AS quarter_text_round_trip
FROM rl_stored GROUP BY kind, form ORDER BY kind, form;
-- the stored summaries survive a dump-like copy through text
CREATE TEMP TABLE rl_copy (period text, kind text, form text, s text);
INSERT INTO rl_copy SELECT period, kind, form, s::text FROM rl_stored;
SELECT count(*) AS summaries, bool_and(aov_breakdown(c.s::aov_summary)::text = aov_breakdown(t.s)::text) AS equal
FROM rl_copy c JOIN rl_stored t USING (period, kind, form);

-- a summary written as text by aov_ext 0.3.0 (format version 1; one order:
-- revenue 1.50, 2 items, customer 7, trim 0.1) reads as that order, and this
-- version writes it in version 2
SELECT (b).orders, (b).customers, (b).revenue, (b).items, (b).aov, (b).unit_price, (b).trim_fraction,
       (b).aov_median, (b).unit_price_top
FROM (SELECT aov_breakdown('0103010300000001000000020000000000000000000000003fb999999999999a00000000000000010000000000000000000000000000000000000000000000010000000000000000000000000000000f00000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000200000000000000000000000000000007000000010000000200000000000000010000000000000000000000000000000f00000000000000000000000000000001000000000000000200000006000000020000000000000001000000000000000000000000000b71b0'::aov_summary) AS b) s;
SELECT aov_summary(r, q, c, 0.1)::text = '0203010300000001000000020000000000000000000000003fb999999999999a00000000000000010000000000000000000000000000000000000000000000010000000000000000000000000000000f00000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000200000000000000000187808080808080808001018f808080808080808080808080808080808002040200' AS same_text
FROM (VALUES (1.50, 2, 7::bigint)) v(r, q, c);

-- customer ids 0, negative and at the bigint limits survive storage and
-- count once across days
WITH o(d, c) AS (VALUES (1, 0::bigint), (1, -1), (2, 0), (2, 9223372036854775807),
                        (3, -9223372036854775808), (3, 0), (3, NULL), (3, -1)),
s AS (SELECT d, aov_summary(1.00, 1, c) AS s FROM o GROUP BY d)
SELECT (aov_breakdown(aov_rollup(s))).customers AS rolled_up,
       (aov_breakdown(aov_rollup(s::text::aov_summary))).customers AS from_text,
       (SELECT count(DISTINCT c) FROM o) AS ref
FROM s;

-- ---------------------------------------------------------------------
-- Mixed summaries, NULLs and empty input
-- ---------------------------------------------------------------------

-- summaries with and without customers (or per-order values) merge into
-- one without them, whichever comes first; the other exact fields stay
WITH mixed AS (
    SELECT kind, day, s, form FROM rl_daily
    WHERE (form = 'plain' AND extract(day FROM day) <= 15) OR (form = 'cust' AND extract(day FROM day) > 15)
)
SELECT kind, dir,
       num_nulls((b).customers, (b).guest_orders, (b).revenue_per_customer, (b).orders_per_customer) AS null_customer_fields,
       (b).orders = (d).orders AND (b).revenue::text = (d).revenue::text AND (b).items::text = (d).items::text
         AND (b).aov::text = (d).aov::text AND (b).unit_price::text = (d).unit_price::text
         AND (b).zero_item_orders = (d).zero_item_orders AS exact_equal
FROM (SELECT kind, 'plain first' AS dir, aov_breakdown(aov_rollup(s ORDER BY day)) AS b FROM mixed GROUP BY kind
      UNION ALL SELECT kind, 'plain last', aov_breakdown(aov_rollup(s ORDER BY day DESC)) FROM mixed GROUP BY kind) m
JOIN (SELECT 'num_int' AS kind, aov_breakdown(rev, qty) AS d FROM rl_orders
      UNION ALL SELECT 'num_num', aov_breakdown(rev, wq) FROM rl_orders
      UNION ALL SELECT 'f8_int', aov_breakdown(frev, qty) FROM rl_orders) r USING (kind)
ORDER BY kind, dir;
-- with customers, some with per-order values: customers stay, robust figures go
WITH mixed AS (
    SELECT kind, day, s FROM rl_daily
    WHERE (form = 'trim' AND extract(day FROM day) <= 15) OR (form = 'cust' AND extract(day FROM day) > 15)
)
SELECT kind, dir, rl_exact(b) = rl_exact(d) AS exact_equal, (b).customers AS customers,
       num_nulls((b).trim_fraction, (b).aov_trimmed, (b).aov_median, (b).aov_top, (b).items_per_order_trimmed,
                 (b).items_per_order_median, (b).items_per_order_top, (b).unit_price_trimmed,
                 (b).unit_price_median, (b).unit_price_top) AS null_robust_fields
FROM (SELECT kind, 'trim first' AS dir, aov_breakdown(aov_rollup(s ORDER BY day)) AS b FROM mixed GROUP BY kind
      UNION ALL SELECT kind, 'trim last', aov_breakdown(aov_rollup(s ORDER BY day DESC)) FROM mixed GROUP BY kind) m
JOIN (SELECT 'num_int' AS kind, aov_breakdown(rev, qty, cust) AS d FROM rl_orders
      UNION ALL SELECT 'num_num', aov_breakdown(rev, wq, cust) FROM rl_orders
      UNION ALL SELECT 'f8_int', aov_breakdown(frev, qty, cust) FROM rl_orders) r USING (kind)
ORDER BY kind, dir;

-- NULL summaries are skipped
SELECT kind, form,
       aov_breakdown(aov_rollup(s))::text = (SELECT aov_breakdown(aov_rollup(s))::text FROM rl_daily d2
                                             WHERE d2.kind = x.kind AND d2.form = x.form) AS nulls_skipped,
       count(*) - count(s) AS null_summaries
FROM (SELECT kind, form, s FROM rl_daily
      UNION ALL SELECT kind, form, NULL FROM rl_daily WHERE extract(day FROM day) IN (1, 2)) x
GROUP BY kind, form ORDER BY kind, form;

-- rollup of no rows, and of NULLs only: NULL; the breakdown of NULL: NULL
SELECT aov_rollup(s) IS NULL AS no_rows FROM rl_daily WHERE false;
SELECT aov_rollup(NULL::aov_summary) IS NULL AS only_null, aov_breakdown(NULL::aov_summary) IS NULL AS breakdown_of_null,
       (SELECT aov_summary(rev, qty, cust, 0.1) FROM rl_orders WHERE false) IS NULL AS summary_of_no_rows;
-- a summary of rows that are not orders (NULL revenue or items) holds no
-- order: its breakdown is NULL, and it adds nothing to a rollup
SELECT e.s IS NOT NULL AS summary_exists, aov_breakdown(e.s) IS NULL AS no_breakdown,
       (SELECT aov_breakdown(aov_rollup(x))::text
        FROM (SELECT e.s UNION ALL SELECT s FROM rl_daily WHERE kind = 'num_int' AND form = 'trim') u(x))
         = (SELECT aov_breakdown(aov_rollup(s))::text FROM rl_daily WHERE kind = 'num_int' AND form = 'trim') AS adds_nothing
FROM (SELECT aov_summary(rev, qty, cust, 0.1) AS s FROM rl_orders WHERE rev IS NULL OR qty IS NULL) e;

DROP TABLE rl_stored;
DROP FUNCTION rl_exact(aov_breakdown), rl_robust(aov_breakdown);

-- Many customers: past 64k distinct ids the set queues ids and inserts them
-- in batches; every way out of a state (final function, flattening, copy
-- of a stored value, merge) must see the queued ones
CREATE TEMP TABLE rl_many AS
SELECT g AS id, (g * 7919) % 150001 AS cust, (g % 3)::int + 1 AS qty, (g % 97)::numeric(12,2) AS rev
FROM generate_series(1, 200000) g;
SELECT (SELECT count(DISTINCT cust) FROM rl_many) AS ref_customers,
       (aov_breakdown(rev, qty, cust)).customers AS aggregate_customers,
       (aov_breakdown(aov_summary(rev, qty, cust))).customers AS nested_customers
FROM rl_many;
CREATE TEMP TABLE rl_many_stored AS SELECT id % 4 AS part, aov_summary(rev, qty, cust) AS s FROM rl_many GROUP BY 1;
SELECT (aov_breakdown(s)).customers = (SELECT count(DISTINCT cust) FROM rl_many WHERE id % 4 = part) AS stored_ok
FROM rl_many_stored ORDER BY part;
SELECT (aov_breakdown(aov_rollup(s))).customers AS rolled_up_customers FROM rl_many_stored;
SELECT (aov_breakdown(s::text::aov_summary)).customers AS text_copy_customers
FROM (SELECT aov_summary(rev, qty, cust) AS s FROM rl_many) q;
DROP TABLE rl_many, rl_many_stored;
