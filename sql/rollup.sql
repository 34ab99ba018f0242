--
-- aov_summary and aov_rollup: daily summaries, stored and rolled up to
-- months and a quarter, give what aov_breakdown gives over the raw rows.
-- The exact figures (counts, sums and their ratios) roll up exactly; the
-- robust figures (trimmed means, medians, top values) survive only in
-- summaries made with a trim fraction, which keep every order's values
-- (doc/reference.md, sections aov_summary and aov_rollup).
-- aov_breakdown itself is checked against plain SQL in breakdown.sql; here
-- the exact figures are also checked against plain SQL per month.
-- Each check returns the rows that differ: the group, the field and both
-- values (got: the summaries', ref: the raw rows'); no rows when all agree.
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
-- 819 summaries: each of the 9 kinds and forms on each of the 91 days
SELECT count(*) AS summaries, count(DISTINCT day) AS days, count(DISTINCT (kind, form)) AS kinds_and_forms
FROM rl_daily;

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

-- What a rollup of summaries of the given form should give, from the
-- breakdown of the same orders: without customer ids (plain) the four
-- customer fields are NULL, without per-order values (plain, cust) the
-- trim and the nine robust figures.
CREATE FUNCTION rl_expected(b aov_breakdown, form text) RETURNS aov_breakdown LANGUAGE sql IMMUTABLE AS $$
    SELECT jsonb_populate_record(b,
        CASE WHEN form = 'plain' THEN '{"customers": null, "guest_orders": null, "revenue_per_customer": null,
                                        "orders_per_customer": null}'::jsonb ELSE '{}' END
        || CASE WHEN form IN ('plain', 'cust') THEN '{"trim_fraction": null, "aov_trimmed": null, "aov_median": null,
                                        "aov_top": null, "items_per_order_trimmed": null, "items_per_order_median": null,
                                        "items_per_order_top": null, "unit_price_trimmed": null,
                                        "unit_price_median": null, "unit_price_top": null}'::jsonb ELSE '{}' END) $$;
-- The position of the first character at which two texts differ (NULL
-- when they are equal), to show where long texts (hex) part.
CREATE FUNCTION rl_first_diff(a text, b text) RETURNS int LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN a IS DISTINCT FROM b
                THEN (SELECT min(i) FROM generate_series(1, greatest(length(a), length(b)) + 1) i
                      WHERE substr(a, i, 1) IS DISTINCT FROM substr(b, i, 1)) END $$;

-- the helpers on known answers: the customer and robust fields that the
-- forms drop, the fields that differ, two NULLs, and where texts part
SELECT form, count(*) FILTER (WHERE value IS NULL) AS null_fields,
       string_agg(field, ' ' ORDER BY n) FILTER (WHERE value IS NULL) AS which
FROM (VALUES ('plain'), ('cust'), ('trim')) f(form),
     breakdown_fields(rl_expected((SELECT aov_breakdown(r, q, c, 0.1) FROM (VALUES (1.50, 2, 7::bigint)) v(r, q, c)), form))
GROUP BY form ORDER BY form;
SELECT * FROM breakdown_diff(jsonb_populate_record(NULL::aov_breakdown, '{"orders": 2, "revenue": 1.50, "aov_median": 1}'),
                             jsonb_populate_record(NULL::aov_breakdown, '{"orders": 2, "revenue": 1.5}'), false)
UNION ALL
SELECT * FROM breakdown_diff(jsonb_populate_record(NULL::aov_breakdown, '{"orders": 2, "revenue": 1.50, "aov_median": 1}'),
                             jsonb_populate_record(NULL::aov_breakdown, '{"orders": 2, "revenue": 1.5}'), true)
UNION ALL SELECT * FROM breakdown_diff(NULL, NULL, true);
SELECT rl_first_diff('0a1b', '0a1b') AS equal, rl_first_diff('0a1b', '0a2b') AS third, rl_first_diff('0a1b', '0a1b2') AS longer,
       rl_first_diff(NULL, '0a') AS null_text;

-- ---------------------------------------------------------------------
-- Days rolled up to months equal the months' raw rows
-- ---------------------------------------------------------------------

CREATE TEMP TABLE rl_monthly AS
SELECT date_trunc('month', day)::date AS month, kind, form, aov_rollup(s) AS s
FROM rl_daily GROUP BY 1, 2, 3;
-- 27 monthly summaries (3 months, 9 kinds and forms), the 18 made with
-- customer ids count them
SELECT count(*) AS summaries, count(DISTINCT month) AS months,
       count(*) FILTER (WHERE form <> 'plain' AND (aov_breakdown(s)).customers IS NOT NULL) AS with_customers
FROM rl_monthly;

-- exact fields equal; robust fields equal with a trim, else all NULL;
-- customer fields NULL in the plain form: the fields that differ
SELECT kind, form, month, d.field, d.got, d.ref
FROM rl_monthly m FULL JOIN rl_direct r USING (month, kind, form)
CROSS JOIN LATERAL breakdown_diff(aov_breakdown(m.s), rl_expected(r.b, form), true) d
ORDER BY kind, form, month, d.field;

-- the exact fields against plain SQL over the raw rows (numeric revenue):
-- the fields that differ
WITH plain_sql AS (
    SELECT 'num_int' AS kind, date_trunc('month', ordered_at)::date AS month,
           count(*) AS orders, count(DISTINCT cust) AS customers, count(*) - count(cust) AS guest_orders,
           count(*) FILTER (WHERE qty = 0) AS zero_item_orders,
           sum(rev) AS revenue, sum(qty) AS items, sum(rev) / count(*) AS aov, sum(rev) / nullif(sum(qty), 0) AS unit_price,
           sum(qty)::numeric / count(*) AS items_per_order,
           sum(rev) FILTER (WHERE cust IS NOT NULL) / nullif(count(DISTINCT cust), 0) AS revenue_per_customer,
           count(cust)::numeric / nullif(count(DISTINCT cust), 0) AS orders_per_customer
    FROM rl_orders WHERE rev IS NOT NULL AND qty IS NOT NULL GROUP BY 2
    UNION ALL
    SELECT 'num_num', date_trunc('month', ordered_at)::date,
           count(*), count(DISTINCT cust), count(*) - count(cust), count(*) FILTER (WHERE wq = 0),
           sum(rev), sum(wq), sum(rev) / count(*), sum(rev) / nullif(sum(wq), 0), sum(wq) / count(*),
           sum(rev) FILTER (WHERE cust IS NOT NULL) / nullif(count(DISTINCT cust), 0),
           count(cust)::numeric / nullif(count(DISTINCT cust), 0)
    FROM rl_orders WHERE rev IS NOT NULL AND wq IS NOT NULL GROUP BY 2
)
SELECT kind, month, f.field, f.got, f.ref
FROM (SELECT kind, month, aov_breakdown(s) AS b FROM rl_monthly WHERE form = 'cust' AND kind IN ('num_int', 'num_num')) m
FULL JOIN plain_sql p USING (kind, month)
CROSS JOIN LATERAL (VALUES
    ('orders', (b).orders::text, p.orders::text), ('customers', (b).customers::text, p.customers::text),
    ('guest_orders', (b).guest_orders::text, p.guest_orders::text),
    ('zero_item_orders', (b).zero_item_orders::text, p.zero_item_orders::text),
    ('revenue', (b).revenue::text, p.revenue::text), ('items', (b).items::text, p.items::text),
    ('aov', (b).aov::text, p.aov::text), ('unit_price', (b).unit_price::text, p.unit_price::text),
    ('items_per_order', (b).items_per_order::text, p.items_per_order::text),
    ('revenue_per_customer', (b).revenue_per_customer::text, p.revenue_per_customer::text),
    ('orders_per_customer', (b).orders_per_customer::text, p.orders_per_customer::text)
) f(field, got, ref)
WHERE f.got IS DISTINCT FROM f.ref
ORDER BY kind, month, f.field;

-- the months, for the eye
SELECT month, (b).orders, (b).customers, (b).guest_orders AS guests, (b).revenue, (b).aov, (b).unit_price,
       (b).items_per_order AS ipo, (b).aov_trimmed, (b).aov_median
FROM (SELECT month, aov_breakdown(s) AS b FROM rl_monthly WHERE kind = 'num_int' AND form = 'trim') m ORDER BY month;

-- each day's summary gives the day's breakdown (all fields with a trim,
-- else the exact fields), for six of the kinds and forms: the fields that
-- differ
SELECT kind, form, day, x.field, x.got, x.ref
FROM (SELECT * FROM rl_daily
      WHERE (kind, form) IN (('num_int', 'plain'), ('num_int', 'cust'), ('num_int', 'trim'), ('num_num', 'trim'),
                             ('f8_int', 'plain'), ('f8_int', 'trim'))) s
FULL JOIN (SELECT ordered_at::date AS day, 'num_int' AS kind, 'plain' AS form, aov_breakdown(rev, qty) AS b FROM rl_orders GROUP BY 1
           UNION ALL SELECT ordered_at::date, 'num_int', 'cust', aov_breakdown(rev, qty, cust) FROM rl_orders GROUP BY 1
           UNION ALL SELECT ordered_at::date, 'num_int', 'trim', aov_breakdown(rev, qty, cust, 0.1) FROM rl_orders GROUP BY 1
           UNION ALL SELECT ordered_at::date, 'num_num', 'trim', aov_breakdown(rev, wq, cust, 0.1) FROM rl_orders GROUP BY 1
           UNION ALL SELECT ordered_at::date, 'f8_int', 'plain', aov_breakdown(frev, qty) FROM rl_orders GROUP BY 1
           UNION ALL SELECT ordered_at::date, 'f8_int', 'trim', aov_breakdown(frev, qty, cust, 0.1) FROM rl_orders GROUP BY 1) d
USING (day, kind, form)
CROSS JOIN LATERAL breakdown_diff(aov_breakdown(s.s), d.b, form = 'trim') x
ORDER BY kind, form, day, x.field;

-- months rolled up again to the quarter, and the days straight to the
-- quarter, equal the quarter's raw rows (all fields with a trim, else the
-- exact fields): the fields that differ
SELECT kind, form, v.source, x.field, x.got, x.ref
FROM (SELECT kind, form, aov_rollup(s) AS q_months FROM rl_monthly GROUP BY kind, form) m
FULL JOIN (SELECT kind, form, aov_rollup(s) AS q_days FROM rl_daily GROUP BY kind, form) d USING (kind, form)
FULL JOIN (SELECT 'num_int' AS kind, 'plain' AS form, aov_breakdown(rev, qty) AS direct FROM rl_orders
           UNION ALL SELECT 'num_int', 'cust', aov_breakdown(rev, qty, cust) FROM rl_orders
           UNION ALL SELECT 'num_int', 'trim', aov_breakdown(rev, qty, cust, 0.1) FROM rl_orders
           UNION ALL SELECT 'num_num', 'plain', aov_breakdown(rev, wq) FROM rl_orders
           UNION ALL SELECT 'num_num', 'cust', aov_breakdown(rev, wq, cust) FROM rl_orders
           UNION ALL SELECT 'num_num', 'trim', aov_breakdown(rev, wq, cust, 0.1) FROM rl_orders
           UNION ALL SELECT 'f8_int', 'plain', aov_breakdown(frev, qty) FROM rl_orders
           UNION ALL SELECT 'f8_int', 'cust', aov_breakdown(frev, qty, cust) FROM rl_orders
           UNION ALL SELECT 'f8_int', 'trim', aov_breakdown(frev, qty, cust, 0.1) FROM rl_orders) r USING (kind, form)
CROSS JOIN LATERAL (VALUES ('months', q_months), ('days', q_days)) v(source, q)
CROSS JOIN LATERAL breakdown_diff(aov_breakdown(v.q), r.direct, form = 'trim') x
ORDER BY kind, form, v.source, x.field;

-- random split and merge: random buckets, merged in a random order, give
-- the one-pass result (all fields): the fields that differ
SELECT kind, x.field, x.got, x.ref
FROM (SELECT kind, aov_breakdown(aov_rollup(s ORDER BY test_rnd(bucket, 'rord'))) AS merged
      FROM (SELECT 'num_int' AS kind, floor(13 * test_rnd(id, 'rb'))::int AS bucket, aov_summary(rev, qty, cust, 0.25) AS s FROM rl_orders GROUP BY 2
            UNION ALL SELECT 'f8_int', floor(13 * test_rnd(id, 'rb'))::int, aov_summary(frev, qty, cust, 0.25) FROM rl_orders GROUP BY 2) p
      GROUP BY kind) m
FULL JOIN (SELECT 'num_int' AS kind, aov_breakdown(rev, qty, cust, 0.25) AS one_pass FROM rl_orders
           UNION ALL SELECT 'f8_int', aov_breakdown(frev, qty, cust, 0.25) FROM rl_orders) o USING (kind)
CROSS JOIN LATERAL breakdown_diff(m.merged, o.one_pass, true) x
ORDER BY kind, x.field;

-- ---------------------------------------------------------------------
-- Stored summaries: text round trip, on disk, toasted
-- ---------------------------------------------------------------------

-- the text form reads back as the same summary, and the binary send form
-- is the bytes the text spells in hex: where the texts part (hex), for the
-- 819 daily summaries counted above
SELECT kind, form, day, v.what, rl_first_diff(v.got, v.ref) AS at,
       substr(v.got, rl_first_diff(v.got, v.ref), 32) AS got, substr(v.ref, rl_first_diff(v.got, v.ref), 32) AS ref
FROM rl_daily CROSS JOIN LATERAL (VALUES
    ('text round trip', s::text::aov_summary::text, s::text, s::text::aov_summary::text = s::text),
    ('send', encode(_aov_summary_send(s), 'hex'), encode(decode(s::text, 'hex'), 'hex'),
     _aov_summary_send(s) = decode(s::text, 'hex'))
) v(what, got, ref, ok)
WHERE v.ok IS NOT TRUE
ORDER BY kind, form, day, v.what;
-- and gives the same breakdown (all fields): the fields that differ
SELECT kind, form, day, x.field, x.got, x.ref
FROM rl_daily CROSS JOIN LATERAL breakdown_diff(aov_breakdown(s::text::aov_summary), aov_breakdown(s), true) x
ORDER BY kind, form, day, x.field;

-- a table of summaries read back from disk (the quarter with every
-- order's values is large enough to be compressed or moved out of line)
CREATE TABLE rl_stored (period text, kind text, form text, s aov_summary);
INSERT INTO rl_stored
SELECT to_char(month, 'YYYY-MM'), kind, form, s FROM rl_monthly
UNION ALL SELECT '2024-Q1', kind, form, aov_rollup(s) FROM rl_daily GROUP BY kind, form;
-- 36 summaries: 4 periods of the 9 kinds and forms
SELECT count(*) AS summaries, count(DISTINCT period) AS periods, count(DISTINCT (kind, form)) AS kinds_and_forms
FROM rl_stored;
-- the summaries with per-order values not stored in less than half their
-- size, with both sizes
SELECT period, pg_column_size(s) AS stored_bytes, octet_length(s::text) / 2 AS bytes
FROM rl_stored
WHERE kind = 'num_int' AND form = 'trim' AND (pg_column_size(s) < octet_length(s::text) / 2) IS NOT TRUE
ORDER BY period;
-- the months rolled up from disk equal the stored quarter, and the stored
-- quarter read back from its text is the same (all fields): the fields
-- that differ
SELECT kind, form, v.what, x.field, x.got, x.ref
FROM (SELECT kind, form,
             aov_breakdown(aov_rollup(s) FILTER (WHERE period <> '2024-Q1')) AS months,
             aov_breakdown(aov_rollup(s) FILTER (WHERE period = '2024-Q1')) AS quarter,
             aov_breakdown(aov_rollup(s::text::aov_summary) FILTER (WHERE period = '2024-Q1')) AS quarter_from_text
      FROM rl_stored GROUP BY kind, form) q
CROSS JOIN LATERAL (VALUES ('months = quarter', months, quarter),
                           ('quarter text round trip', quarter_from_text, quarter)) v(what, got_b, ref_b)
CROSS JOIN LATERAL breakdown_diff(v.got_b, v.ref_b, true) x
ORDER BY kind, form, v.what, x.field;
-- the stored summaries survive a dump-like copy through text: the fields
-- that differ
CREATE TEMP TABLE rl_copy (period text, kind text, form text, s text);
INSERT INTO rl_copy SELECT period, kind, form, s::text FROM rl_stored;
SELECT period, kind, form, x.field, x.got, x.ref
FROM rl_copy c FULL JOIN rl_stored t USING (period, kind, form)
CROSS JOIN LATERAL breakdown_diff(aov_breakdown(c.s::aov_summary), aov_breakdown(t.s), true) x
ORDER BY period, kind, form, x.field;

-- a summary written as text by aov_ext 0.3.0 (format version 1; one order:
-- revenue 1.50, 2 items, customer 7, trim 0.1) reads as that order, and this
-- version writes it in version 2 (where the texts part, if they do)
SELECT (b).orders, (b).customers, (b).revenue, (b).items, (b).aov, (b).unit_price, (b).trim_fraction,
       (b).aov_median, (b).unit_price_top
FROM (SELECT aov_breakdown('0103010300000001000000020000000000000000000000003fb999999999999a00000000000000010000000000000000000000000000000000000000000000010000000000000000000000000000000f00000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000200000000000000000000000000000007000000010000000200000000000000010000000000000000000000000000000f00000000000000000000000000000001000000000000000200000006000000020000000000000001000000000000000000000000000b71b0'::aov_summary) AS b) s;
SELECT rl_first_diff(got, ref) AS at, substr(got, rl_first_diff(got, ref), 32) AS got,
       substr(ref, rl_first_diff(got, ref), 32) AS ref
FROM (SELECT aov_summary(r, q, c, 0.1)::text AS got,
             '0203010300000001000000020000000000000000000000003fb999999999999a00000000000000010000000000000000000000000000000000000000000000010000000000000000000000000000000f00000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000200000000000000000187808080808080808001018f808080808080808080808080808080808002040200'::text AS ref
      FROM (VALUES (1.50, 2, 7::bigint)) v(r, q, c)) s
WHERE got IS DISTINCT FROM ref;

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
-- one without them, whichever comes first: the customer fields NULL, the
-- other exact fields those of the orders; the fields that differ
WITH mixed AS (
    SELECT kind, day, s, form FROM rl_daily
    WHERE (form = 'plain' AND extract(day FROM day) <= 15) OR (form = 'cust' AND extract(day FROM day) > 15)
)
SELECT kind, dir, x.field, x.got, x.ref
FROM (SELECT kind, 'plain first' AS dir, aov_breakdown(aov_rollup(s ORDER BY day)) AS b FROM mixed GROUP BY kind
      UNION ALL SELECT kind, 'plain last', aov_breakdown(aov_rollup(s ORDER BY day DESC)) FROM mixed GROUP BY kind) m
FULL JOIN (SELECT kind, dir, d
           FROM (SELECT 'num_int' AS kind, aov_breakdown(rev, qty) AS d FROM rl_orders
                 UNION ALL SELECT 'num_num', aov_breakdown(rev, wq) FROM rl_orders
                 UNION ALL SELECT 'f8_int', aov_breakdown(frev, qty) FROM rl_orders) r,
                (VALUES ('plain first'), ('plain last')) v(dir)) r USING (kind, dir)
CROSS JOIN LATERAL breakdown_diff(m.b, rl_expected(r.d, 'plain'), false) x
ORDER BY kind, dir, x.field;
-- with customers, some with per-order values: customers stay (the exact
-- fields are those of the orders), robust figures go (all NULL); the
-- fields that differ
WITH mixed AS (
    SELECT kind, day, s FROM rl_daily
    WHERE (form = 'trim' AND extract(day FROM day) <= 15) OR (form = 'cust' AND extract(day FROM day) > 15)
)
SELECT kind, dir, x.field, x.got, x.ref
FROM (SELECT kind, 'trim first' AS dir, aov_breakdown(aov_rollup(s ORDER BY day)) AS b FROM mixed GROUP BY kind
      UNION ALL SELECT kind, 'trim last', aov_breakdown(aov_rollup(s ORDER BY day DESC)) FROM mixed GROUP BY kind) m
FULL JOIN (SELECT kind, dir, d
           FROM (SELECT 'num_int' AS kind, aov_breakdown(rev, qty, cust) AS d FROM rl_orders
                 UNION ALL SELECT 'num_num', aov_breakdown(rev, wq, cust) FROM rl_orders
                 UNION ALL SELECT 'f8_int', aov_breakdown(frev, qty, cust) FROM rl_orders) r,
                (VALUES ('trim first'), ('trim last')) v(dir)) r USING (kind, dir)
CROSS JOIN LATERAL breakdown_diff(m.b, rl_expected(r.d, 'cust'), true) x
ORDER BY kind, dir, x.field;

-- NULL summaries are skipped: with 54 NULLs added (days 1 and 2 of each
-- month, for every kind and form), each rollup is the same (all fields);
-- the fields that differ
SELECT count(*) AS null_summaries FROM rl_daily WHERE extract(day FROM day) IN (1, 2);
SELECT kind, form, x.field, x.got, x.ref
FROM (SELECT kind, form, aov_breakdown(aov_rollup(s)) AS with_nulls
      FROM (SELECT kind, form, s FROM rl_daily
            UNION ALL SELECT kind, form, NULL FROM rl_daily WHERE extract(day FROM day) IN (1, 2)) x
      GROUP BY kind, form) w
FULL JOIN (SELECT kind, form, aov_breakdown(aov_rollup(s)) AS without_nulls FROM rl_daily GROUP BY kind, form) o
USING (kind, form)
CROSS JOIN LATERAL breakdown_diff(w.with_nulls, o.without_nulls, true) x
ORDER BY kind, form, x.field;

-- rollup of no rows, and of NULLs only: NULL; the breakdown of NULL: NULL
SELECT aov_rollup(s)::text AS no_rows FROM rl_daily WHERE false;
SELECT aov_rollup(NULL::aov_summary)::text AS only_null, aov_breakdown(NULL::aov_summary)::text AS breakdown_of_null,
       (SELECT aov_summary(rev, qty, cust, 0.1) FROM rl_orders WHERE false)::text AS summary_of_no_rows;
-- a summary of rows that are not orders (NULL revenue or items) holds no
-- order: it exists, its breakdown is NULL, and it adds nothing to a rollup
-- (all fields; the fields that differ)
SELECT count(*) AS rows, aov_summary(rev, qty, cust, 0.1) IS NOT NULL AS summary_exists,
       aov_breakdown(aov_summary(rev, qty, cust, 0.1))::text AS breakdown
FROM rl_orders WHERE rev IS NULL OR qty IS NULL;
SELECT x.field, x.got, x.ref
FROM (SELECT aov_summary(rev, qty, cust, 0.1) AS s FROM rl_orders WHERE rev IS NULL OR qty IS NULL) e
CROSS JOIN LATERAL breakdown_diff((SELECT aov_breakdown(aov_rollup(x))
                                   FROM (SELECT e.s UNION ALL SELECT s FROM rl_daily WHERE kind = 'num_int' AND form = 'trim') u(x)),
                                  (SELECT aov_breakdown(aov_rollup(s)) FROM rl_daily WHERE kind = 'num_int' AND form = 'trim'),
                                  true) x;

-- ---------------------------------------------------------------------
-- Summaries of different scales and forms, rolled up in any order
-- ---------------------------------------------------------------------

-- A rollup reads each stored summary next to the state it adds to and,
-- when the scales agree, hands its sorted orders and customer ids over
-- instead of copying them; a summary at a smaller revenue or items scale
-- is copied and scaled up, one at a larger scale scales the state up
-- first.  Six parts of 100 orders at revenue scales 0 to 4 (part 4 shown
-- with 4 decimals, part 5 mixed), items at scales 0 to 3, guests, orders
-- without items, ties; and a float8 revenue (frev) with integer items:
CREATE TEMP TABLE rl_sc AS
SELECT id, part,
       CASE part WHEN 0 THEN round(x, 0) WHEN 1 THEN round(x, 1) WHEN 2 THEN round(x, 2)
                 WHEN 3 THEN round(x, 3) WHEN 4 THEN round(x, 1)::numeric(12,4) ELSE round(x, k % 5) END AS rev,
       CASE part WHEN 0 THEN (k % 4)::numeric WHEN 1 THEN (k % 4) * 0.5 WHEN 2 THEN (k % 4) * 0.25
                 WHEN 3 THEN (k % 4) * 0.125 WHEN 4 THEN (k % 4)::numeric(6,2)
                 ELSE (k % 4) * 0.5 + (k % 3) * 0.001 END AS q,
       CASE WHEN k % 7 = 0 THEN NULL ELSE (k * 13) % 41 END::bigint AS cust,
       ((k % 4) * 0.1 + part)::float8 AS frev, (k % 4)::int AS iq
FROM (SELECT id, id % 6 AS part, id / 6 AS k, ((id / 6 * 7919) % 60 - 6) / 7.0 AS x
      FROM generate_series(1, 600) id) s;
SELECT part, count(*) AS orders, max(scale(rev)) AS rev_dscale, max(scale(q)) AS q_dscale,
       count(*) FILTER (WHERE cust IS NULL) AS guests, count(*) FILTER (WHERE q = 0) AS zero_items,
       count(DISTINCT rev) AS distinct_rev
FROM rl_sc GROUP BY part ORDER BY part;

-- the four forms: orders and sums (plain), with customer ids (cust), with
-- every order's values but no customers (detail, aov_breakdown's state,
-- trim 0.05), with both (full); of numeric revenue and items (num), and
-- of float8 revenue and integer items (f8: frev, iq), which have no scales
CREATE AGGREGATE rl_detail(numeric, numeric) (SFUNC = _aov_breakdown_add, STYPE = aov_summary);
CREATE AGGREGATE rl_detail(float8, integer) (SFUNC = _aov_breakdown_add, STYPE = aov_summary);
CREATE TEMP TABLE rl_sc_parts AS
SELECT 'num' AS kind, part, 'plain' AS form, aov_summary(rev, q) AS s FROM rl_sc GROUP BY part
UNION ALL SELECT 'num', part, 'cust', aov_summary(rev, q, cust) FROM rl_sc GROUP BY part
UNION ALL SELECT 'num', part, 'detail', rl_detail(rev, q) FROM rl_sc GROUP BY part
UNION ALL SELECT 'num', part, 'full', aov_summary(rev, q, cust, 0.05) FROM rl_sc GROUP BY part
UNION ALL SELECT 'f8', part, 'plain', aov_summary(frev, iq) FROM rl_sc GROUP BY part
UNION ALL SELECT 'f8', part, 'cust', aov_summary(frev, iq, cust) FROM rl_sc GROUP BY part
UNION ALL SELECT 'f8', part, 'detail', rl_detail(frev, iq) FROM rl_sc GROUP BY part
UNION ALL SELECT 'f8', part, 'full', aov_summary(frev, iq, cust, 0.05) FROM rl_sc GROUP BY part;
-- one pass over all 600 orders in each form: what a rollup keeps is the
-- form every part has (customers only when all have them, per-order
-- values likewise)
CREATE TEMP TABLE rl_sc_one AS
SELECT 'num' AS kind, 'plain' AS form, aov_summary(rev, q) AS s FROM rl_sc
UNION ALL SELECT 'num', 'cust', aov_summary(rev, q, cust) FROM rl_sc
UNION ALL SELECT 'num', 'detail', rl_detail(rev, q) FROM rl_sc
UNION ALL SELECT 'num', 'full', aov_summary(rev, q, cust, 0.05) FROM rl_sc
UNION ALL SELECT 'f8', 'plain', aov_summary(frev, iq) FROM rl_sc
UNION ALL SELECT 'f8', 'cust', aov_summary(frev, iq, cust) FROM rl_sc
UNION ALL SELECT 'f8', 'detail', rl_detail(frev, iq) FROM rl_sc
UNION ALL SELECT 'f8', 'full', aov_summary(frev, iq, cust, 0.05) FROM rl_sc;
-- the mixes: the form of each part, and the form of their rollup
CREATE TEMP TABLE rl_sc_mix (mix text, part int, form text);
INSERT INTO rl_sc_mix
SELECT mix, part, forms[part + 1]
FROM (VALUES ('full', ARRAY['full', 'full', 'full', 'full', 'full', 'full']),
             ('full, cust', ARRAY['full', 'cust', 'full', 'cust', 'full', 'cust']),
             ('detail, full', ARRAY['detail', 'full', 'full', 'full', 'detail', 'full']),
             ('full, last plain', ARRAY['full', 'full', 'full', 'full', 'full', 'plain']),
             ('cust, detail', ARRAY['cust', 'detail', 'cust', 'detail', 'cust', 'detail']),
             ('all four', ARRAY['plain', 'cust', 'detail', 'full', 'full', 'detail'])) m(mix, forms),
     generate_series(0, 5) part;
CREATE FUNCTION rl_sc_kept(forms text[]) RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN forms <@ ARRAY['full'] THEN 'full' WHEN forms <@ ARRAY['full', 'cust'] THEN 'cust'
                WHEN forms <@ ARRAY['full', 'detail'] THEN 'detail' ELSE 'plain' END $$;
-- each mix rolled up in three orders: by part (revenue scale up, then
-- mixed), the reverse, and shuffled
CREATE TEMP TABLE rl_sc_rolled AS
SELECT kind, mix, rl_sc_kept(array_agg(m.form)) AS kept,
       aov_rollup(p.s ORDER BY part) AS by_part,
       aov_rollup(p.s ORDER BY part DESC) AS reversed,
       aov_rollup(p.s ORDER BY md5(part::text)) AS shuffled
FROM rl_sc_mix m JOIN rl_sc_parts p USING (part, form)
GROUP BY kind, mix;
SELECT mix, kept, count(*) AS kinds FROM rl_sc_rolled GROUP BY mix, kept ORDER BY mix;

-- every order gives the bytes of the one pass in the form kept: where the
-- texts part (none)
SELECT r.kind, mix, v.rollup_order, rl_first_diff(v.got, o.s::text) AS at
FROM rl_sc_rolled r JOIN rl_sc_one o ON o.kind = r.kind AND o.form = r.kept
CROSS JOIN LATERAL (VALUES ('by part', r.by_part::text), ('reversed', r.reversed::text),
                           ('shuffled', r.shuffled::text)) v(rollup_order, got)
WHERE v.got IS DISTINCT FROM o.s::text
ORDER BY r.kind, mix, v.rollup_order;

-- and, of numeric revenue, the figures of plain SQL over the 600 orders:
-- customers only when kept, the medians and the 5% trimmed mean only with
-- per-order values (compared as numbers to 12 decimals: their display
-- scales differ); the fields that differ
SELECT mix, f.field, f.got, f.ref
FROM (SELECT mix, kept, aov_breakdown(by_part) AS b FROM rl_sc_rolled WHERE kind = 'num') r
CROSS JOIN (SELECT count(*) AS orders, count(DISTINCT cust) AS customers, count(*) - count(cust) AS guest_orders,
                   count(*) FILTER (WHERE q = 0) AS zero_item_orders, sum(rev) AS revenue, sum(q) AS items,
                   sum(rev) / count(*) AS aov, sum(q) / count(*) AS items_per_order,
                   ref_median(array_agg(rev)) AS aov_median, ref_trimmed(array_agg(rev), 0.05) AS aov_trimmed,
                   ref_median(array_agg(q)) AS items_median
            FROM rl_sc) p
CROSS JOIN LATERAL (VALUES
    ('orders', (b).orders::text, p.orders::text),
    ('customers', (b).customers::text, CASE WHEN kept IN ('full', 'cust') THEN p.customers::text END),
    ('guest_orders', (b).guest_orders::text, CASE WHEN kept IN ('full', 'cust') THEN p.guest_orders::text END),
    ('zero_item_orders', (b).zero_item_orders::text, p.zero_item_orders::text),
    ('revenue', (b).revenue::text, p.revenue::text), ('items', (b).items::text, p.items::text),
    ('aov', (b).aov::text, p.aov::text), ('items_per_order', (b).items_per_order::text, p.items_per_order::text),
    ('aov_median', round((b).aov_median, 12)::text,
     CASE WHEN kept IN ('full', 'detail') THEN round(p.aov_median, 12)::text END),
    ('aov_trimmed', round((b).aov_trimmed, 12)::text,
     CASE WHEN kept IN ('full', 'detail') THEN round(p.aov_trimmed, 12)::text END),
    ('items_per_order_median', round((b).items_per_order_median, 12)::text,
     CASE WHEN kept IN ('full', 'detail') THEN round(p.items_median, 12)::text END)
) f(field, got, ref)
WHERE f.got IS DISTINCT FROM f.ref
ORDER BY mix, f.field;

DROP TABLE rl_sc, rl_sc_parts, rl_sc_one, rl_sc_mix, rl_sc_rolled;
DROP FUNCTION rl_sc_kept(text[]);
DROP AGGREGATE rl_detail(numeric, numeric), rl_detail(float8, integer);

DROP TABLE rl_stored;
DROP FUNCTION rl_expected(aov_breakdown, text), rl_first_diff(text, text);

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
-- stored in 4 parts: the parts whose count differs from count(DISTINCT)
CREATE TEMP TABLE rl_many_stored AS SELECT id % 4 AS part, aov_summary(rev, qty, cust) AS s FROM rl_many GROUP BY 1;
SELECT count(*) AS parts FROM rl_many_stored;
SELECT part, (aov_breakdown(s)).customers AS got, (SELECT count(DISTINCT cust) FROM rl_many WHERE id % 4 = part) AS ref
FROM rl_many_stored
WHERE (aov_breakdown(s)).customers IS DISTINCT FROM (SELECT count(DISTINCT cust) FROM rl_many WHERE id % 4 = part)
ORDER BY part;
SELECT (aov_breakdown(aov_rollup(s))).customers AS rolled_up_customers,
       (SELECT count(DISTINCT cust) FROM rl_many) AS ref_customers
FROM rl_many_stored;
SELECT (aov_breakdown(s::text::aov_summary)).customers AS text_copy_customers,
       (SELECT count(DISTINCT cust) FROM rl_many) AS ref_customers
FROM (SELECT aov_summary(rev, qty, cust) AS s FROM rl_many) q;
DROP TABLE rl_many, rl_many_stored;
