--
-- aov_breakdown: every field is compared with a plain SQL computation over
-- the same rows (the definitions: doc/reference.md, section aov_breakdown).
--   exact figures: count(*), count(DISTINCT customer), sum(), and numeric
--     division of the exact sums, so numeric results must be equal in value
--     and in text;
--   robust figures: row_number() over the sorted values, keeping
--     rn > floor(n * t) and rn <= n - floor(n * t) (the trim taken as the
--     decimal typed), averaged with avg(); medians from the middle rows;
--     the top 3 from GROUP BY value ORDER BY count DESC, value;
--   per-order unit price of an order with items <> 0: numeric revenue
--     round(revenue / items, scale(revenue) + 4), float8 revenue the double
--     quotient revenue / items;
--   float8 figures are the exact value correctly rounded: the reference
--     converts every double to its exact numeric value (bd_f8_exact), sums
--     in numeric and rounds once with ::float8.  The extension returns them
--     as numeric with the shortest digits of the double, so they are
--     compared as (b).x::float8 and as text with the float8's text.
-- Each check returns the rows that differ: the group, the field, the
-- extension's value (got) and the reference's (ref); no rows when all
-- agree.  A NULL where the reference has a value (or a missing group) is a
-- difference too.  Counts next to the checks show that there was something
-- to compare.
--

-- ---------------------------------------------------------------------
-- Reference helpers: plain SQL over arrays of one measure's values
-- ---------------------------------------------------------------------

-- 2^n for n = -1100..1100, exact (numeric multiplication is exact)
CREATE TEMP TABLE bd_pow2 AS
WITH RECURSIVE r(n, v, w) AS (SELECT 0, 1::numeric, 1::numeric
                              UNION ALL SELECT n + 1, v * 0.5, w * 2 FROM r WHERE n < 1100)
SELECT -n AS n, v FROM r UNION ALL SELECT n, w FROM r WHERE n > 0;
CREATE UNIQUE INDEX ON bd_pow2 (n);

-- the exact value of a finite double: mantissa * 2^(exponent - 1075)
CREATE FUNCTION bd_f8_exact(x float8) RETURNS numeric LANGUAGE sql STABLE STRICT AS $$
    SELECT CASE WHEN bits < 0 THEN -1 ELSE 1 END
           * CASE WHEN e = 0 THEN m * (SELECT v FROM bd_pow2 WHERE n = -1074)
                  ELSE (m + 4503599627370496) * (SELECT v FROM bd_pow2 WHERE n = e - 1075) END
    FROM (SELECT bits, ((bits >> 52) & 2047)::int AS e, (bits & 4503599627370495)::numeric AS m
          FROM (SELECT ('x' || encode(float8send(x), 'hex'))::bit(64)::bigint AS bits) b) s $$;

-- trimmed mean: ref_trimmed() (setup); over doubles: the exact mean, rounded
-- once to float8
CREATE FUNCTION bd_trimmed_f8(x float8[], t numeric) RETURNS float8 LANGUAGE sql STABLE AS $$
    SELECT (sum(bd_f8_exact(v))::numeric(1000,200) / count(*))::float8
    FROM (SELECT v, row_number() OVER (ORDER BY v) AS rn, count(*) OVER () AS n
          FROM unnest(x) v) s
    WHERE rn > floor(n * t) AND rn <= n - floor(n * t) $$;

-- median: ref_median() (setup); over doubles
CREATE FUNCTION bd_median_f8(x float8[]) RETURNS float8 LANGUAGE sql IMMUTABLE AS $$
    SELECT (min(v) + max(v)) / 2 FROM (SELECT v, row_number() OVER (ORDER BY v) AS rn, count(*) OVER () AS n
                                       FROM unnest(x) v) s
    WHERE rn IN ((n + 1) / 2, (n + 2) / 2) $$;

-- equal in value and in text (NULL and NULL are equal)
CREATE FUNCTION bd_same(a numeric, b numeric) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$
    SELECT a IS NOT DISTINCT FROM b AND a::text IS NOT DISTINCT FROM b::text $$;
-- a numeric result that is a double: equal to it, with its shortest digits
CREATE FUNCTION bd_same_f8(a numeric, b float8) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$
    SELECT a::float8 IS NOT DISTINCT FROM b AND a::text IS NOT DISTINCT FROM b::text $$;

-- top 3 as top_diff() (setup), over doubles: a value is equal when it reads back as the double
CREATE FUNCTION bd_top_diff_f8(got aov_top_numeric[], x float8[]) RETURNS text LANGUAGE sql IMMUTABLE AS $$
    WITH ref AS (SELECT row_number() OVER (ORDER BY count(*) DESC, v) AS rn, v, count(*) AS cnt,
                        count(*)::float8 / cardinality(x)::float8 AS share
                 FROM unnest(x) v GROUP BY v ORDER BY count(*) DESC, v LIMIT 3),
    g AS (SELECT * FROM unnest(got) WITH ORDINALITY AS u(value, count, share, rn))
    SELECT CASE WHEN coalesce(bool_and(g.value::float8 = ref.v AND g.count = ref.cnt AND g.share = ref.share), true)
                     AND count(g.rn) = count(ref.rn)
                     AND (got IS NULL) = (x IS NULL OR cardinality(x) = 0)
                THEN NULL
                ELSE coalesce((SELECT array_agg(ROW(v, cnt, share) ORDER BY rn) FROM ref)::text, 'NULL') END
    FROM g FULL JOIN ref USING (rn) $$;

-- the helpers on known answers: the values that differ
SELECT name, got::text, ref::text
FROM (VALUES ('exact_tenth', bd_f8_exact(0.1::float8), 0.1000000000000000055511151231257827021181583404541015625),
             ('exact_neg', bd_f8_exact(-2.5::float8), -2.5),
             ('exact_subnormal', bd_f8_exact('5e-324'::float8) * (SELECT v FROM bd_pow2 WHERE n = 1074), 1),
             ('exact_zero', bd_f8_exact(0::float8), 0),
             ('exact_2_60', bd_f8_exact(1152921504606846976::float8), 1152921504606846976),
             ('exact_1e23', bd_f8_exact(1e23::float8), 99999999999999991611392)) v(name, got, ref)
WHERE got IS DISTINCT FROM ref
UNION ALL
SELECT name, got::text, ref::text
FROM (VALUES ('trimmed_f8', bd_trimmed_f8(ARRAY[1e16, 1, -1e16]::float8[], 0), 1::float8 / 3),
             ('median_f8', bd_median_f8(ARRAY[0.25, 0.5, 7]::float8[]), 0.5)) v(name, got, ref)
WHERE got IS DISTINCT FROM ref;
-- bd_top_diff: nothing for the right top 3 of 3, 2, 3, 1, 5; the reference
-- for a tie in the wrong order, a missing entry, and no entries at all
SELECT name, top_diff(got, ARRAY[3, 2, 3, 1, 5]) AS reference_when_different
FROM (VALUES ('right', ARRAY[(3, 2, 0.4), (1, 1, 0.2), (2, 1, 0.2)]::aov_top_numeric[]),
             ('right, other scales', ARRAY[(3.00, 2, 0.4), (1.0, 1, 0.2), (2, 1, 0.2)]::aov_top_numeric[]),
             ('tie order', ARRAY[(3, 2, 0.4), (2, 1, 0.2), (1, 1, 0.2)]::aov_top_numeric[]),
             ('short', ARRAY[(3, 2, 0.4), (1, 1, 0.2)]::aov_top_numeric[]),
             ('NULL', NULL)) v(name, got);
SELECT name, bd_top_diff_f8(got, ARRAY[0.1, 0.5, 0.1, 7]::float8[]) AS reference_when_different
FROM (VALUES ('right', ARRAY[(0.1, 2, 0.5), (0.5, 1, 0.25), (7, 1, 0.25)]::aov_top_numeric[]),
             ('not the double', ARRAY[(0.1000000000000001, 2, 0.5), (0.5, 1, 0.25), (7, 1, 0.25)]::aov_top_numeric[]),
             ('share', ARRAY[(0.1, 2, 0.5), (0.5, 1, 0.25), (7, 1, 0.2500000000000001)]::aov_top_numeric[])) v(name, got);
-- breakdown_diff: a field only one side has, a field whose digits differ, and
-- two NULLs
SELECT * FROM breakdown_diff(jsonb_populate_record(NULL::aov_breakdown, '{"orders": 2, "customers": 1, "revenue": 1.50}'),
                             jsonb_populate_record(NULL::aov_breakdown, '{"orders": 2, "revenue": 1.5}'))
UNION ALL SELECT * FROM breakdown_diff(NULL, NULL);

-- ---------------------------------------------------------------------
-- Generated orders
-- ---------------------------------------------------------------------

-- 4,000 orders in 4 channels (g 1-4) and a tiny one (g 5):
--   rev   numeric(12,2): list prices x items, some discounted, so many ties;
--         wholesale orders (40x the items, 15% off); returns (negative
--         revenue and items); zero-item orders (gift cards, fees, 0.00)
--   qty   integer items, about 6% zeros
--   wq    numeric(8,3) weights in kg (0 exactly when qty is 0)
--   frev  float8 revenue in quarters (exact in binary and decimal)
--   cust  bigint, about 10% guests (NULL), a few extreme ids (0, negative,
--         the bigint limits)
--   about 1% NULL revenue and 1% NULL items
CREATE TEMP TABLE bd_orders AS
WITH base AS (
    SELECT id,
           CASE WHEN test_rnd(id, 'bg5') < 0.003 THEN 5 ELSE 1 + floor(4 * test_rnd(id, 'bg'))::int END AS g,
           (ARRAY[4.99, 9.99, 12.50, 19.99, 24.00, 49.95, 99.00])[1 + floor(7 * test_rnd(id, 'bp'))::int] AS unit,
           CASE WHEN test_rnd(id, 'bq0') < 0.06 THEN 0 ELSE 1 + floor(5 * test_rnd(id, 'bq') ^ 2)::int END AS q0,
           (ARRAY[1, 1, 1, 0.9, 0.8])[1 + floor(5 * test_rnd(id, 'bd'))::int] AS disc,
           test_rnd(id, 'bw') < 0.015 AS wholesale,
           test_rnd(id, 'br') < 0.03 AS is_return,
           0.25 + floor(8 * test_rnd(id, 'bk')) * 0.125 AS kg,
           CASE WHEN test_rnd(id, 'bc0') < 0.1 THEN NULL
                WHEN test_rnd(id, 'bcx') < 0.01
                    THEN (ARRAY[0, -1, 9223372036854775807, -9223372036854775808, 4611686018427387904])[1 + floor(5 * test_rnd(id, 'bcy'))::int]
                ELSE 1 + floor(600 * test_rnd(id, 'bc') ^ 2)::bigint END AS cust
    FROM generate_series(1, 4000) AS id
), o AS (
    SELECT id, g, cust,
           CASE WHEN q0 = 0 THEN (ARRAY[0, 5.00, 2.50, 25.00])[1 + floor(4 * test_rnd(id, 'bz'))::int]
                ELSE round(unit * q0 * disc * CASE WHEN wholesale THEN 40 * 0.85 ELSE 1 END, 2)
                     * CASE WHEN is_return THEN -1 ELSE 1 END END::numeric(12,2) AS rev,
           q0 * CASE WHEN wholesale THEN 40 ELSE 1 END * CASE WHEN is_return THEN -1 ELSE 1 END AS qty,
           kg
    FROM base
)
SELECT id, g, cust,
       CASE WHEN test_rnd(id, 'bnr') < 0.01 THEN NULL ELSE rev END AS rev,
       CASE WHEN test_rnd(id, 'bnq') < 0.01 THEN NULL ELSE qty END AS qty,
       CASE WHEN test_rnd(id, 'bnq') < 0.01 THEN NULL ELSE (qty * kg)::numeric(8,3) END AS wq,
       CASE WHEN test_rnd(id, 'bnr') < 0.01 THEN NULL ELSE round(rev * 4) / 4 END::float8 AS frev,
       -- segment computed in SQL: a customer's first order (lowest id) is
       -- new, later ones returning, NULL customers guests
       CASE WHEN cust IS NULL THEN 'guest'
            WHEN id = min(id) OVER (PARTITION BY cust) THEN 'new' ELSE 'returning' END AS seg
FROM o;

-- the fixture is as described
SELECT count(*) AS orders, count(*) FILTER (WHERE g = 5) AS tiny_group,
       count(*) FILTER (WHERE cust IS NULL) AS guests,
       count(DISTINCT cust) AS customers,
       count(DISTINCT cust) FILTER (WHERE cust IN (0, -1, 9223372036854775807, -9223372036854775808, 4611686018427387904)) AS extreme_ids,
       count(*) FILTER (WHERE qty = 0) AS zero_items,
       count(*) FILTER (WHERE rev < 0) AS returns,
       count(*) FILTER (WHERE qty >= 40) AS wholesale,
       count(*) FILTER (WHERE rev IS NULL) AS null_rev, count(*) FILTER (WHERE qty IS NULL) AS null_qty,
       count(DISTINCT rev) < count(rev) / 10 AS rev_ties,
       bool_and(frev::numeric = round(rev * 4) / 4) AS frev_exact
FROM bd_orders;
SELECT seg, count(*) AS orders FROM bd_orders GROUP BY seg ORDER BY seg;

-- Each order is counted in three groups: 'all', its channel and its segment.
CREATE TEMP TABLE bd_keyed AS
SELECT o.*, k.key FROM bd_orders o CROSS JOIN LATERAL (VALUES ('all'), ('g' || o.g), (o.seg)) k(key);

-- The reference's per-order rows, one set per pair of argument types:
--   num_int  aov_breakdown(rev, qty, ...)   numeric revenue, integer items
--   num_num  aov_breakdown(rev, wq, ...)    numeric revenue, numeric items
--   f8_int   aov_breakdown(frev, qty, ...)  float8 revenue, integer items
-- r and p are exact numerics (for f8_int the exact values of the doubles
-- rf and pf); rows with NULL revenue or NULL items are not orders.
CREATE TEMP TABLE bd_long AS
SELECT 'num_int' AS kind, key, cust, rev AS r, NULL::float8 AS rf, qty::numeric AS q,
       CASE WHEN qty <> 0 THEN round(rev::numeric(1000,40) / qty, scale(rev) + 4) END AS p, NULL::float8 AS pf
FROM bd_keyed WHERE rev IS NOT NULL AND qty IS NOT NULL
UNION ALL
SELECT 'num_num', key, cust, rev, NULL, wq,
       CASE WHEN wq <> 0 THEN round(rev::numeric(1000,40) / wq, scale(rev) + 4) END, NULL
FROM bd_keyed WHERE rev IS NOT NULL AND wq IS NOT NULL
UNION ALL
SELECT 'f8_int', key, cust, bd_f8_exact(frev), frev, qty::numeric,
       CASE WHEN qty <> 0 THEN bd_f8_exact(frev / qty) END, CASE WHEN qty <> 0 THEN frev / qty END
FROM bd_keyed WHERE frev IS NOT NULL AND qty IS NOT NULL;

-- some unit prices are rounded (6 decimals for cents), some doubles are
-- not exact in decimal
SELECT count(*) FILTER (WHERE kind = 'num_int' AND p <> r / nullif(q, 0)) > 0 AS rounded_prices,
       count(*) FILTER (WHERE kind = 'num_num' AND p <> r / nullif(q, 0)) > 0 AS rounded_weight_prices,
       count(*) FILTER (WHERE kind = 'f8_int' AND p::text <> pf::text) > 0 AS inexact_doubles
FROM bd_long WHERE key = 'all';

-- The extension's results: for each group, the short form (default trim)
-- and explicit trims.  t is the trim as typed (NULL: default).
CREATE TEMP TABLE bd_trims(t) AS VALUES (0.0), (0.05), (0.1), (0.25), (0.49);
CREATE TEMP TABLE bd_got AS
SELECT 'num_int' AS kind, key, NULL::numeric AS t, aov_breakdown(rev, qty, cust) AS b FROM bd_keyed GROUP BY key
UNION ALL
SELECT 'num_int', key, t, aov_breakdown(rev, qty, cust, t::float8) FROM bd_keyed, bd_trims GROUP BY key, t
UNION ALL
SELECT 'num_num', key, NULL, aov_breakdown(rev, wq, cust) FROM bd_keyed GROUP BY key
UNION ALL
SELECT 'num_num', key, t, aov_breakdown(rev, wq, cust, t::float8) FROM bd_keyed, bd_trims GROUP BY key, t
UNION ALL
SELECT 'f8_int', key, NULL, aov_breakdown(frev, qty, cust) FROM bd_keyed GROUP BY key
UNION ALL
SELECT 'f8_int', key, t, aov_breakdown(frev, qty, cust, t::float8) FROM bd_keyed, bd_trims GROUP BY key, t;

-- ---------------------------------------------------------------------
-- Exact figures, every group and trim, against count/sum/count(DISTINCT)
-- ---------------------------------------------------------------------

CREATE TEMP TABLE bd_ref AS
SELECT kind, key,
       count(*) AS orders, count(DISTINCT cust) AS customers, count(*) - count(cust) AS guest_orders,
       count(*) FILTER (WHERE q = 0) AS zero_item_orders,
       sum(r) AS revenue, sum(q) AS items,
       sum(r) / count(*) AS aov,
       sum(r) / nullif(sum(q), 0) AS unit_price,
       sum(q) / count(*) AS items_per_order,
       sum(r) FILTER (WHERE cust IS NOT NULL) / nullif(count(DISTINCT cust), 0) AS revenue_per_customer,
       count(cust)::numeric / nullif(count(DISTINCT cust), 0) AS orders_per_customer,
       -- float8 revenue: the exact quotients, correctly rounded
       sum(rf) AS revenue_f8,
       (sum(r)::numeric(1000,200) / count(*))::float8 AS aov_f8,
       (sum(r)::numeric(1000,200) / nullif(sum(q), 0))::float8 AS unit_price_f8,
       (sum(r) FILTER (WHERE cust IS NOT NULL)::numeric(1000,200) / nullif(count(DISTINCT cust), 0))::float8 AS revenue_per_customer_f8,
       -- the values of each measure, for the robust figures
       array_agg(r) AS rs, array_agg(rf) AS rfs, array_agg(q) AS qs,
       array_agg(p) FILTER (WHERE p IS NOT NULL) AS ps, array_agg(pf) FILTER (WHERE pf IS NOT NULL) AS pfs,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY rf) AS aov_pc_f8,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY q::float8) AS ipo_pc_f8
FROM bd_long GROUP BY kind, key;

-- numeric revenue: equal values and equal text (the same numeric division
-- of the same exact sums); the fields that differ
SELECT kind, key, t, f.field, f.got, f.ref
FROM (SELECT * FROM bd_got WHERE kind <> 'f8_int') g
FULL JOIN (SELECT * FROM bd_ref WHERE kind <> 'f8_int') r USING (kind, key)
CROSS JOIN LATERAL (VALUES
    ('orders', (b).orders::text, r.orders::text, (b).orders = r.orders),
    ('customers', (b).customers::text, r.customers::text, (b).customers = r.customers),
    ('guest_orders', (b).guest_orders::text, r.guest_orders::text, (b).guest_orders = r.guest_orders),
    ('zero_item_orders', (b).zero_item_orders::text, r.zero_item_orders::text, (b).zero_item_orders = r.zero_item_orders),
    ('revenue', (b).revenue::text, r.revenue::text, bd_same((b).revenue, r.revenue)),
    ('items', (b).items::text, r.items::text, bd_same((b).items, r.items)),
    ('aov', (b).aov::text, r.aov::text, bd_same((b).aov, r.aov)),
    ('unit_price', (b).unit_price::text, r.unit_price::text, bd_same((b).unit_price, r.unit_price)),
    ('items_per_order', (b).items_per_order::text, r.items_per_order::text, bd_same((b).items_per_order, r.items_per_order)),
    ('revenue_per_customer', (b).revenue_per_customer::text, r.revenue_per_customer::text,
     bd_same((b).revenue_per_customer, r.revenue_per_customer)),
    ('orders_per_customer', (b).orders_per_customer::text, r.orders_per_customer::text,
     bd_same((b).orders_per_customer, r.orders_per_customer)),
    ('trim_fraction', (b).trim_fraction::text, coalesce(t, 0.05)::float8::text, (b).trim_fraction = coalesce(t, 0.05)::float8)
) f(field, got, ref, ok)
WHERE f.ok IS NOT TRUE
ORDER BY kind, key, t NULLS FIRST, f.field;

-- float8 revenue: the correctly rounded double, as numeric with its
-- shortest digits; counts, items and items per order are exact numerics
SELECT kind, key, t, f.field, f.got, f.ref
FROM (SELECT * FROM bd_got WHERE kind = 'f8_int') g
FULL JOIN (SELECT * FROM bd_ref WHERE kind = 'f8_int') r USING (kind, key)
CROSS JOIN LATERAL (VALUES
    ('orders', (b).orders::text, r.orders::text, (b).orders = r.orders),
    ('customers', (b).customers::text, r.customers::text, (b).customers = r.customers),
    ('guest_orders', (b).guest_orders::text, r.guest_orders::text, (b).guest_orders = r.guest_orders),
    ('zero_item_orders', (b).zero_item_orders::text, r.zero_item_orders::text, (b).zero_item_orders = r.zero_item_orders),
    ('revenue', (b).revenue::text, r.revenue_f8::text, bd_same_f8((b).revenue, r.revenue_f8)),
    ('items', (b).items::text, r.items::text, bd_same((b).items, r.items)),
    ('aov', (b).aov::text, r.aov_f8::text, bd_same_f8((b).aov, r.aov_f8)),
    ('unit_price', (b).unit_price::text, r.unit_price_f8::text, bd_same_f8((b).unit_price, r.unit_price_f8)),
    ('items_per_order', (b).items_per_order::text, r.items_per_order::text, bd_same((b).items_per_order, r.items_per_order)),
    ('revenue_per_customer', (b).revenue_per_customer::text, r.revenue_per_customer_f8::text,
     bd_same_f8((b).revenue_per_customer, r.revenue_per_customer_f8)),
    ('orders_per_customer', (b).orders_per_customer::text, r.orders_per_customer::text,
     bd_same((b).orders_per_customer, r.orders_per_customer)),
    ('trim_fraction', (b).trim_fraction::text, coalesce(t, 0.05)::float8::text, (b).trim_fraction = coalesce(t, 0.05)::float8)
) f(field, got, ref, ok)
WHERE f.ok IS NOT TRUE
ORDER BY kind, key, t NULLS FIRST, f.field;

-- what the checks above and below compare: every result has its group and
-- every group its results (9 groups x 6 trims per kind)
SELECT count(*) FILTER (WHERE ref.key IS NULL) AS got_only, count(*) FILTER (WHERE bd_got.key IS NULL) AS ref_only,
       count(*) AS results
FROM bd_got FULL JOIN bd_ref ref USING (kind, key);

-- AOV = unit price x items per order (the two ratios are rounded, so to
-- 1e-14 relative): the results where it does not hold, with the relative
-- difference
SELECT kind, key, t, (b).aov, (b).unit_price * (b).items_per_order AS product,
       (abs((b).unit_price * (b).items_per_order - (b).aov) / nullif(abs((b).aov), 0))::float8 AS rel_diff
FROM bd_got
WHERE (abs((b).unit_price * (b).items_per_order - (b).aov) <= 1e-14 * abs((b).aov)) IS NOT TRUE
ORDER BY kind, key, t NULLS FIRST;

-- the figures per segment, for the eye (default trim)
SELECT key, (b).orders, (b).customers, (b).guest_orders AS guests, (b).zero_item_orders AS zero_items,
       (b).revenue, (b).aov, (b).unit_price, (b).items_per_order AS ipo, (b).orders_per_customer AS opc
FROM bd_got WHERE kind = 'num_int' AND t IS NULL AND key IN ('all', 'new', 'returning', 'guest') ORDER BY key;

-- ---------------------------------------------------------------------
-- Robust figures: trimmed means, medians, top 3 of each measure
-- ---------------------------------------------------------------------

-- numeric revenue: trimmed means equal avg() over the kept rows (value
-- and text), medians equal in value, top 3 as bd_top_diff compares them
-- (ref shows the reference's entries)
SELECT kind, key, t, f.field, f.got, f.ref
FROM (SELECT * FROM bd_got WHERE kind <> 'f8_int') g
FULL JOIN (SELECT * FROM bd_ref WHERE kind <> 'f8_int') r USING (kind, key)
CROSS JOIN LATERAL (SELECT ref_trimmed(rs, coalesce(t, 0.05)) AS aov_trimmed, ref_median(rs) AS aov_median,
                           top_diff((b).aov_top, rs) AS aov_top,
                           ref_trimmed(qs, coalesce(t, 0.05)) AS ipo_trimmed, ref_median(qs) AS ipo_median,
                           top_diff((b).items_per_order_top, qs) AS ipo_top,
                           ref_trimmed(ps, coalesce(t, 0.05)) AS up_trimmed, ref_median(ps) AS up_median,
                           top_diff((b).unit_price_top, ps) AS up_top
                    OFFSET 0) x
CROSS JOIN LATERAL (VALUES
    ('aov_trimmed', (b).aov_trimmed::text, x.aov_trimmed::text, bd_same((b).aov_trimmed, x.aov_trimmed)),
    ('aov_median', (b).aov_median::text, x.aov_median::text, (b).aov_median = x.aov_median),
    ('aov_top', (b).aov_top::text, x.aov_top, x.aov_top IS NULL),
    ('items_per_order_trimmed', (b).items_per_order_trimmed::text, x.ipo_trimmed::text,
     bd_same((b).items_per_order_trimmed, x.ipo_trimmed)),
    ('items_per_order_median', (b).items_per_order_median::text, x.ipo_median::text,
     (b).items_per_order_median = x.ipo_median),
    ('items_per_order_top', (b).items_per_order_top::text, x.ipo_top, x.ipo_top IS NULL),
    ('unit_price_trimmed', (b).unit_price_trimmed::text, x.up_trimmed::text, bd_same((b).unit_price_trimmed, x.up_trimmed)),
    ('unit_price_median', (b).unit_price_median::text, x.up_median::text, (b).unit_price_median = x.up_median),
    ('unit_price_top', (b).unit_price_top::text, x.up_top, x.up_top IS NULL)
) f(field, got, ref, ok)
WHERE f.ok IS NOT TRUE
ORDER BY kind, key, t NULLS FIRST, f.field;

-- float8 revenue: revenue and unit price figures are the correctly rounded
-- doubles; medians (a + b) / 2 in double, which percentile_cont(0.5) also
-- gives for these (exact) revenues; items figures are numeric
SELECT kind, key, t, f.field, f.got, f.ref
FROM (SELECT * FROM bd_got WHERE kind = 'f8_int') g
FULL JOIN (SELECT * FROM bd_ref WHERE kind = 'f8_int') r USING (kind, key)
CROSS JOIN LATERAL (SELECT bd_trimmed_f8(rfs, coalesce(t, 0.05)) AS aov_trimmed, bd_median_f8(rfs) AS aov_median,
                           bd_top_diff_f8((b).aov_top, rfs) AS aov_top,
                           ref_trimmed(qs, coalesce(t, 0.05)) AS ipo_trimmed, ref_median(qs) AS ipo_median,
                           top_diff((b).items_per_order_top, qs) AS ipo_top,
                           bd_trimmed_f8(pfs, coalesce(t, 0.05)) AS up_trimmed, bd_median_f8(pfs) AS up_median,
                           bd_top_diff_f8((b).unit_price_top, pfs) AS up_top
                    OFFSET 0) x
CROSS JOIN LATERAL (VALUES
    ('aov_trimmed', (b).aov_trimmed::text, x.aov_trimmed::text, bd_same_f8((b).aov_trimmed, x.aov_trimmed)),
    ('aov_median', (b).aov_median::text, x.aov_median::text, (b).aov_median::float8 = x.aov_median),
    ('aov_median (percentile_cont)', (b).aov_median::text, r.aov_pc_f8::text, (b).aov_median::float8 = r.aov_pc_f8),
    ('aov_top', (b).aov_top::text, x.aov_top, x.aov_top IS NULL),
    ('items_per_order_trimmed', (b).items_per_order_trimmed::text, x.ipo_trimmed::text,
     bd_same((b).items_per_order_trimmed, x.ipo_trimmed)),
    ('items_per_order_median', (b).items_per_order_median::text, x.ipo_median::text,
     (b).items_per_order_median = x.ipo_median),
    ('items_per_order_median (percentile_cont)', (b).items_per_order_median::text, r.ipo_pc_f8::text,
     (b).items_per_order_median::float8 = r.ipo_pc_f8),
    ('items_per_order_top', (b).items_per_order_top::text, x.ipo_top, x.ipo_top IS NULL),
    ('unit_price_trimmed', (b).unit_price_trimmed::text, x.up_trimmed::text, bd_same_f8((b).unit_price_trimmed, x.up_trimmed)),
    ('unit_price_median', (b).unit_price_median::text, x.up_median::text, (b).unit_price_median::float8 = x.up_median),
    ('unit_price_top', (b).unit_price_top::text, x.up_top, x.up_top IS NULL)
) f(field, got, ref, ok)
WHERE f.ok IS NOT TRUE
ORDER BY kind, key, t NULLS FIRST, f.field;

-- no group of the fixture lacks a figure, so the checks above compared
-- values (NULL figures are tested below)
SELECT count(*) AS results,
       count(*) FILTER (WHERE num_nulls((b).orders, (b).customers, (b).guest_orders, (b).zero_item_orders,
                                        (b).revenue, (b).items, (b).aov, (b).unit_price, (b).items_per_order,
                                        (b).trim_fraction, (b).aov_trimmed, (b).aov_median, (b).aov_top,
                                        (b).items_per_order_trimmed, (b).items_per_order_median,
                                        (b).items_per_order_top, (b).unit_price_trimmed,
                                        (b).unit_price_median, (b).unit_price_top) = 0) AS complete,
       count(*) FILTER (WHERE (b).revenue_per_customer IS NULL) AS guest_groups
FROM bd_got;

-- the trims matter: each gives a different trimmed mean of revenue
SELECT kind, count(DISTINCT (b).aov_trimmed) AS distinct_trimmed, count(*) AS trims
FROM bd_got WHERE key = 'all' AND t IS NOT NULL GROUP BY kind ORDER BY kind;

-- the default trim is 0.05: the short forms equal the explicit 0.05 (as
-- text), the fields that differ; and the number of pairs compared
SELECT kind, key, x.field, x.got, x.ref
FROM (SELECT kind, key, b FROM bd_got WHERE t IS NULL) d
FULL JOIN (SELECT kind, key, b FROM bd_got WHERE t = 0.05) e USING (kind, key)
CROSS JOIN LATERAL breakdown_diff(d.b, e.b) x
ORDER BY kind, key, x.field;
SELECT count(*) AS pairs FROM bd_got d JOIN bd_got e USING (kind, key) WHERE d.t IS NULL AND e.t = 0.05;

-- trim 0: the trimmed means are the plain means (AOV and items per order;
-- the unit price's is the mean of per-order prices, not sum/sum, so it
-- differs); the results where that is not so, and the number checked
SELECT kind, key, f.field, f.got, f.ref
FROM bd_got CROSS JOIN LATERAL (VALUES
    ('aov_trimmed = aov', (b).aov_trimmed::text, (b).aov::text, (b).aov_trimmed = (b).aov),
    ('items_per_order_trimmed = items_per_order', (b).items_per_order_trimmed::text, (b).items_per_order::text,
     (b).items_per_order_trimmed = (b).items_per_order),
    ('unit_price_trimmed <> unit_price', (b).unit_price_trimmed::text, (b).unit_price::text,
     (b).unit_price_trimmed <> (b).unit_price)
) f(field, got, ref, ok)
WHERE t = 0 AND f.ok IS NOT TRUE
ORDER BY kind, key, f.field;
SELECT count(*) AS results FROM bd_got WHERE t = 0;

-- aov_trimmed is aov_trimmed_mean() of the orders' revenue, at every trim:
-- the number of groups, and those that differ
CREATE TEMP TABLE bd_tm AS
SELECT key, t, (aov_breakdown(rev, qty, cust, t::float8)).aov_trimmed AS b_num,
       aov_trimmed_mean(rev, t::float8) AS tm_num,
       (aov_breakdown(frev, qty, cust, t::float8)).aov_trimmed AS b_f8,
       aov_trimmed_mean(frev, t::float8) AS tm_f8
FROM bd_keyed, bd_trims WHERE rev IS NOT NULL AND qty IS NOT NULL GROUP BY key, t;
SELECT count(*) AS groups FROM bd_tm;
SELECT key, t, f.field, f.got, f.ref
FROM bd_tm CROSS JOIN LATERAL (VALUES
    ('numeric', b_num::text, tm_num::text, b_num = tm_num AND b_num::text = tm_num::text),
    ('float8', b_f8::text, tm_f8::text, b_f8::float8 = tm_f8)
) f(field, got, ref, ok)
WHERE f.ok IS NOT TRUE
ORDER BY key, t, f.field;

-- GROUPING SETS, sorted and hashed, give each set what its own GROUP BY
-- gives: the sets' results (6 each) and the fields that differ
SELECT count(*) FILTER (WHERE kind = 'num_int' AND t IS NULL) AS sorted_sets,
       count(*) FILTER (WHERE kind = 'num_num' AND t = 0.1) AS hashed_sets
FROM bd_got WHERE key = 'all' OR key ~ '^g[0-9]+$';
SET enable_hashagg = off;
SELECT key, x.field, x.got, x.ref
FROM (SELECT coalesce('g' || g, 'all') AS key, aov_breakdown(rev, qty, cust) AS b
      FROM bd_orders GROUP BY GROUPING SETS ((g), ())) s
FULL JOIN (SELECT key, b FROM bd_got
           WHERE kind = 'num_int' AND t IS NULL AND (key = 'all' OR key ~ '^g[0-9]+$')) p USING (key)
CROSS JOIN LATERAL breakdown_diff(s.b, p.b) x
ORDER BY key, x.field;
RESET enable_hashagg;
SET enable_sort = off;
SELECT key, x.field, x.got, x.ref
FROM (SELECT coalesce('g' || g, 'all') AS key, aov_breakdown(rev, wq, cust, 0.1) AS b
      FROM bd_orders GROUP BY GROUPING SETS ((g), ())) s
FULL JOIN (SELECT key, b FROM bd_got
           WHERE kind = 'num_num' AND t = 0.1 AND (key = 'all' OR key ~ '^g[0-9]+$')) p USING (key)
CROSS JOIN LATERAL breakdown_diff(s.b, p.b) x
ORDER BY key, x.field;
RESET enable_sort;

-- many groups (one per customer) in a hash aggregate that spills to disk
-- give what a sorted aggregate gives: the groups on each side, and the
-- fields that differ (a customer without a complete order has a NULL
-- breakdown on both sides)
SET work_mem = '64kB';
SET enable_sort = off;
CREATE TEMP TABLE bd_hashed AS
SELECT cust, aov_breakdown(rev, qty, cust) AS b1, aov_breakdown(frev, qty, cust, 0.25) AS b2
FROM bd_orders GROUP BY cust;
RESET enable_sort;
SET enable_hashagg = off;
CREATE TEMP TABLE bd_sorted AS
SELECT cust, aov_breakdown(rev, qty, cust) AS b1, aov_breakdown(frev, qty, cust, 0.25) AS b2
FROM bd_orders GROUP BY cust;
RESET enable_hashagg;
RESET work_mem;
SELECT (SELECT count(*) FROM bd_hashed) AS hashed_groups, (SELECT count(*) FROM bd_sorted) AS sorted_groups;
SELECT coalesce(h.cust, s.cust) AS cust, v.form, x.field, x.got, x.ref
FROM bd_hashed h FULL JOIN bd_sorted s ON coalesce(h.cust::text, 'guest') = coalesce(s.cust::text, 'guest')
LEFT JOIN (SELECT coalesce(cust::text, 'guest') AS k, count(*) FILTER (WHERE rev IS NOT NULL AND qty IS NOT NULL) AS n
           FROM bd_orders GROUP BY 1) o ON o.k = coalesce(h.cust::text, s.cust::text, 'guest')
CROSS JOIN LATERAL (VALUES ('num_int', h.b1, s.b1), ('f8_int 0.25', h.b2, s.b2)) v(form, got_b, ref_b)
CROSS JOIN LATERAL breakdown_diff(v.got_b, v.ref_b) x
WHERE x.field <> '(both NULL)' OR o.n IS DISTINCT FROM 0
ORDER BY cust NULLS FIRST, v.form, x.field;

-- one aggregate, several fields: the final function runs on a shared
-- state; each field against the reference (the 7 orders of g 5)
SELECT f.field, f.got, f.ref
FROM (SELECT (aov_breakdown(rev, qty)).aov_median AS median, (aov_breakdown(rev, qty)).aov_top AS top,
             array_agg(rev) FILTER (WHERE rev IS NOT NULL AND qty IS NOT NULL) AS rs
      FROM bd_orders WHERE g = 5) s
CROSS JOIN LATERAL (VALUES ('aov_median', median::text, ref_median(rs)::text, median = ref_median(rs)),
                           ('aov_top', top::text, top_diff(top, rs), top_diff(top, rs) IS NULL)) f(field, got, ref, ok)
WHERE f.ok IS NOT TRUE;

-- ---------------------------------------------------------------------
-- Small cases with known answers
-- ---------------------------------------------------------------------

-- one order
\x on
SELECT (b).* FROM (SELECT aov_breakdown(19.99, 3, 42::bigint) AS b) s;
-- float8 revenue, a guest: no customers, so no revenue per customer
SELECT (b).* FROM (SELECT aov_breakdown(19.75::float8, 3, NULL::bigint) AS b) s;
\x off

-- five orders (two rows with a NULL revenue or items are skipped), trim 0.2
-- cuts floor(5 * 0.2) = 1 at each end:
--   revenue 10, 20, 30, 40, 1000: AOV 220, trimmed (20 + 30 + 40) / 3 = 30
--   items 1, 2, 0, 4, 50: 57 in all, trimmed (1 + 2 + 4) / 3
--   unit prices 10, 10, 10, 20 (the 0-item order has none): median 10,
--   nothing cut from 4 values, trimmed mean 12.5
--   customers 1, 2, 3 (customer 4 has no complete order), one guest
--   revenue per customer (10 + 20 + 30 + 1000) / 3, orders per customer 4 / 3
CREATE TEMP TABLE bd_five (rev numeric(12,2), qty int, cust bigint);
INSERT INTO bd_five VALUES (10, 1, 1), (20, 2, 1), (30, 0, 2), (40, 4, NULL), (1000, 50, 3),
                           (NULL, 1, 4), (5, NULL, 4);
\x on
SELECT (b).* FROM (SELECT aov_breakdown(rev, qty, cust, 0.2) AS b FROM bd_five) s;
\x off
-- the figures computed by hand above, the ones that differ in value
SELECT f.field, f.got, f.ref
FROM (SELECT aov_breakdown(rev, qty, cust, 0.2) AS b FROM bd_five) s
CROSS JOIN LATERAL (VALUES ('aov', (b).aov, 220), ('aov_trimmed', (b).aov_trimmed, 30),
                           ('unit_price', (b).unit_price, 1100 / 57.0),
                           ('items_per_order_trimmed', (b).items_per_order_trimmed, 7 / 3.0),
                           ('revenue_per_customer', (b).revenue_per_customer, 1060 / 3.0),
                           ('orders_per_customer', (b).orders_per_customer, 4 / 3.0),
                           ('unit_price_median', (b).unit_price_median, 10),
                           ('unit_price_trimmed', (b).unit_price_trimmed, 12.5),
                           ('aov_median', (b).aov_median, 30)) f(field, got, ref)
WHERE f.got IS DISTINCT FROM f.ref;

-- empty input: NULL, every form
SELECT aov_breakdown(rev, qty)::text AS num_int, aov_breakdown(rev, wq, cust)::text AS num_num,
       aov_breakdown(frev, qty, cust, 0.1)::text AS f8_int, aov_breakdown(rev, qty, cust, 0)::text AS trim0
FROM bd_orders WHERE false;
-- no complete order (every row lacks revenue or items): NULL
SELECT count(*) AS rows, aov_breakdown(rev, qty, cust)::text AS num_int,
       aov_breakdown(rev, wq)::text AS num_num, aov_breakdown(frev, qty, cust, 0.25)::text AS f8_int
FROM bd_orders WHERE rev IS NULL OR qty IS NULL;
SELECT aov_breakdown(NULL::numeric, NULL::int)::text AS all_null,
       aov_breakdown(r, q, c)::text AS only_customers
FROM (VALUES (NULL::numeric, 1, 1::bigint), (2.5, NULL, 2)) v(r, q, c);

-- rows with NULL revenue or items are skipped: the same as leaving them
-- out; the groups, and the fields that differ
SELECT count(DISTINCT g) AS groups FROM bd_orders;
SELECT g, v.form, x.field, x.got, x.ref
FROM (SELECT DISTINCT g FROM bd_orders) s
CROSS JOIN LATERAL (VALUES
    ('num_int', (SELECT aov_breakdown(rev, qty, cust) FROM bd_orders o WHERE o.g = s.g),
                (SELECT aov_breakdown(rev, qty, cust) FROM bd_orders o WHERE o.g = s.g AND rev IS NOT NULL AND qty IS NOT NULL)),
    ('num_num', (SELECT aov_breakdown(rev, wq, cust, 0.1) FROM bd_orders o WHERE o.g = s.g),
                (SELECT aov_breakdown(rev, wq, cust, 0.1) FROM bd_orders o WHERE o.g = s.g AND rev IS NOT NULL AND wq IS NOT NULL)),
    ('f8_int', (SELECT aov_breakdown(frev, qty) FROM bd_orders o WHERE o.g = s.g),
               (SELECT aov_breakdown(frev, qty) FROM bd_orders o WHERE o.g = s.g AND frev IS NOT NULL AND qty IS NOT NULL))
) v(form, got_b, ref_b)
CROSS JOIN LATERAL breakdown_diff(v.got_b, v.ref_b) x
ORDER BY g, v.form, x.field;

-- without the customer argument: customers, guests and the per-customer
-- figures are NULL, everything else is the same (as text) as with it; the
-- fields that differ (the groups are the 27 default-trim results counted
-- above)
SELECT kind, key, x.field, x.got, x.ref
FROM (SELECT 'num_int' AS kind, key, aov_breakdown(rev, qty) AS w FROM bd_keyed GROUP BY key
      UNION ALL SELECT 'num_num', key, aov_breakdown(rev, wq) FROM bd_keyed GROUP BY key
      UNION ALL SELECT 'f8_int', key, aov_breakdown(frev, qty) FROM bd_keyed GROUP BY key) n
FULL JOIN (SELECT kind, key, b FROM bd_got WHERE t IS NULL) g USING (kind, key)
CROSS JOIN LATERAL breakdown_diff(w, jsonb_populate_record(b, '{"customers": null, "guest_orders": null,
                                                               "revenue_per_customer": null, "orders_per_customer": null}')) x
ORDER BY kind, key, x.field;

-- guests only: 0 customers, every order a guest order, no per-customer figures
SELECT (b).orders, (b).customers, (b).guest_orders, (b).revenue_per_customer, (b).orders_per_customer
FROM (SELECT aov_breakdown(rev, qty, NULL::bigint) AS b FROM bd_five) s;

-- customer ids: 0, negative ids and the bigint limits are ids like any other
SELECT (b).customers, (b).guest_orders, (b).orders_per_customer
FROM (SELECT aov_breakdown(1.00, 1, c) AS b
      FROM unnest(ARRAY[0, 0, -1, 9223372036854775807, -9223372036854775808, NULL, 0, -1]::bigint[]) c) s;

-- returns only: negative revenue and items, positive unit prices
SELECT (b).revenue, (b).items, (b).aov, (b).unit_price, (b).items_per_order, (b).aov_median,
       (b).unit_price_median, (b).unit_price_top
FROM (SELECT aov_breakdown(r, q) AS b FROM (VALUES (-19.98, -2), (-49.95, -1)) v(r, q)) s;

-- items that sum to zero: no unit price, but per-order unit prices exist
SELECT (b).orders, (b).zero_item_orders, (b).items, (b).aov, (b).items_per_order, (b).unit_price,
       (b).unit_price_trimmed, (b).unit_price_median, (b).unit_price_top
FROM (SELECT aov_breakdown(r, q) AS b FROM (VALUES (10.00, 2), (-10.00, -2), (5.00, 0)) v(r, q)) s;

-- only zero-item orders (gift cards): no unit price and no unit-price
-- statistics (all four NULL), for every pair of types; AOV and items per
-- order remain
SELECT kind, (b).orders, (b).zero_item_orders, (b).aov, (b).items_per_order, (b).items_per_order_median,
       (b).unit_price, (b).unit_price_trimmed, (b).unit_price_median, (b).unit_price_top
FROM (SELECT 'num_int' AS kind, aov_breakdown(r, q) AS b FROM (VALUES (5.00, 0), (2.50, 0), (0.00, 0)) v(r, q)
      UNION ALL SELECT 'num_num', aov_breakdown(r, q, 1::bigint, 0) FROM (VALUES (5.00, 0.000), (2.50, 0), (0.00, 0)) v(r, q)
      UNION ALL SELECT 'f8_int', aov_breakdown(r, q) FROM (VALUES (5::float8, 0), (2.5, 0), (0, 0)) v(r, q)) s
ORDER BY kind;
-- and in the fixture: a group of the zero-item orders of each channel, all
-- of them zero-item orders, no unit-price figures, AOV sum / count; the
-- groups, and the fields that differ
SELECT count(DISTINCT g) AS groups FROM bd_orders WHERE qty = 0 AND rev IS NOT NULL;
SELECT g, f.field, f.got, f.ref
FROM (SELECT g, aov_breakdown(rev, qty, cust) AS b, count(*) AS n, sum(rev) / count(*) AS aov
      FROM bd_orders WHERE qty = 0 AND rev IS NOT NULL GROUP BY g) s
CROSS JOIN LATERAL (VALUES
    ('orders', (b).orders::text, n::text, (b).orders = n),
    ('zero_item_orders', (b).zero_item_orders::text, n::text, (b).zero_item_orders = n),
    ('unit_price', (b).unit_price::text, NULL, (b).unit_price IS NULL),
    ('unit_price_trimmed', (b).unit_price_trimmed::text, NULL, (b).unit_price_trimmed IS NULL),
    ('unit_price_median', (b).unit_price_median::text, NULL, (b).unit_price_median IS NULL),
    ('unit_price_top', (b).unit_price_top::text, NULL, (b).unit_price_top IS NULL),
    ('aov', (b).aov::text, aov::text, (b).aov = aov)
) f(field, got, ref, ok)
WHERE f.ok IS NOT TRUE
ORDER BY g, f.field;

-- medians of an even count: the mean of the two middle values, exact
SELECT (b).aov_median, (b).items_per_order_median, (b).unit_price_median
FROM (SELECT aov_breakdown(r, q) AS b FROM (VALUES (19.99, 1), (20.00, 2), (5.00, 1), (100.00, 2)) v(r, q)) s;
SELECT (b).aov_median, (b).items_per_order_median
FROM (SELECT aov_breakdown(r, q) AS b FROM (VALUES (0.125, 0.125), (0.250, 0.250)) v(r, q)) s;
SELECT (b).aov_median, (b).unit_price_median
FROM (SELECT aov_breakdown(r, q) AS b FROM (VALUES (0.25::float8, 1), (0.5, 1), (1e6, 3), (-2, 1)) v(r, q)) s;

-- per-order unit prices: numeric revenue to scale(revenue) + 4 decimals,
-- half away from zero (0.01 / 32 = 0.0003125); each order at its own scale
SELECT u.value, u.count, u.value = round(0.01 / 32, 6) AS half_up
FROM unnest((SELECT (aov_breakdown(0.01, 32)).unit_price_top)) u;
SELECT (b).unit_price_top, (b).unit_price_median, (b).unit_price_median = -round(0.01 / 32, 6) AS median_ok
FROM (SELECT aov_breakdown(r, q) AS b FROM (VALUES (-0.01, 32), (0.01, -32), (-0.01, 32)) v(r, q)) s;
SELECT (b).unit_price_top,
       top_diff((b).unit_price_top, ARRAY[round(1.5 / 7, 5), round(1.500 / 7, 7), round(2 / 3.0, 4), round(2 / 3.0, 4)])
         IS NULL AS ref_ok
FROM (SELECT aov_breakdown(r, q) AS b FROM (VALUES (1.5, 7), (1.500, 7), (2, 3), (2, 3)) v(r, q)) s;
-- float8: revenue / items in double; 0 / -3 is -0, the same value as 0
SELECT (b).unit_price_top, (b).unit_price_median, (b).unit_price_median::float8 = 1::float8 / 3 AS third
FROM (SELECT aov_breakdown(r, q) AS b FROM (VALUES (1::float8, 3), (0, -3), (0, 3), (2, 6), (5, 1)) v(r, q)) s;

-- integer revenue (amounts in cents): held as numeric of scale 0, so every
-- figure equals the numeric aggregate's (as text), and summaries of either
-- merge; the groups, and the fields that differ
SELECT count(DISTINCT g) AS groups FROM bd_orders;
SELECT g, v.form, x.field, x.got, x.ref
FROM (SELECT g, aov_breakdown(c, q, cust) AS c_got, aov_breakdown(c::numeric, q, cust) AS c_ref,
             aov_breakdown(i, q, cust, 0.1) AS i_got, aov_breakdown(i::numeric, q, cust, 0.1) AS i_ref
      FROM (SELECT g, round(rev * 100)::bigint AS c, round(rev * 100)::int AS i, qty AS q, cust
            FROM bd_orders) o
      GROUP BY g) s
CROSS JOIN LATERAL (VALUES ('bigint', c_got, c_ref), ('integer', i_got, i_ref)) v(form, got_b, ref_b)
CROSS JOIN LATERAL breakdown_diff(v.got_b, v.ref_b) x
ORDER BY g, v.form, x.field;
SELECT x.field, x.got, x.ref
FROM (SELECT aov_breakdown(aov_rollup(s)) AS merged
      FROM (SELECT aov_summary(round(rev * 100)::bigint, qty, cust) FROM bd_orders WHERE g <= 2
            UNION ALL SELECT aov_summary(round(rev * 100), qty, cust) FROM bd_orders WHERE g > 2) x(s)) m
CROSS JOIN LATERAL breakdown_diff(m.merged, (SELECT aov_breakdown(aov_summary(round(rev * 100), qty, cust)) FROM bd_orders)) x;
-- integer revenue gets exact decimal unit prices (2500 / 3 = 833.3333), not
-- the doubles that the float8 overload would give
SELECT (aov_breakdown(c, 3)).unit_price_top AS cents_unit_prices FROM (VALUES (1999), (2500), (2500)) v(c);

DROP FUNCTION bd_f8_exact(float8), bd_same(numeric, numeric), bd_same_f8(numeric, float8),
    bd_trimmed_f8(float8[], numeric), bd_median_f8(float8[]), bd_top_diff_f8(aov_top_numeric[], float8[]);
