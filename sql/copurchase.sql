--
-- copurchase: aov_copurchase, aov_pairs, aov_pair_stats, aov_pairs_info,
-- aov_pair_table, aov_cross_sell and aov_bundles (doc/reference.md,
-- aov_copurchase to aov_bundles; the types: "The aov_basket_lines and
-- aov_pairs types", and the layouts in src/baskets.c and src/pair_count.c).
-- Every count and measure is compared with a plain SQL computation over the
-- same lines:
--   counts: the DISTINCT (order, product) lines without NULLs, of the orders
--     with at most max_basket distinct products; n_a from GROUP BY product,
--     n_ab from a self-join on the order with a.product < b.product (text
--     keys COLLATE "C": the extension orders them bytewise);
--   float8 measures: the same float8 formulas over the exact counts, so
--     they are equal (leverage within 1e-15, in case a compiler fuses its
--     multiply and subtract);
--   p-values: the exact hypergeometric tail P(X >= n_ab) in numeric, from
--     integer binomial coefficients, within 1e-9 relative.
-- A check lists the rows that differ, with their key and both values (none
-- expected), next to the number of rows it checked where that number could
-- be 0.
--

-- ---------------------------------------------------------------------
-- Reference helpers
-- ---------------------------------------------------------------------

-- The reference pair table of a query returning (order_id, product) lines.
CREATE FUNCTION cp_ref_pairs(lines text, max_basket int DEFAULT 1000,
                             min_count bigint DEFAULT 1, min_support float8 DEFAULT 0)
RETURNS TABLE (product_a text, product_b text, n_ab bigint, n_a bigint, n_b bigint, n_orders bigint,
               support_a float8, support_b float8, support float8, confidence_ab float8,
               confidence_ba float8, lift float8, leverage float8, conviction_ab float8,
               conviction_ba float8)
LANGUAGE plpgsql AS $$
BEGIN
    RETURN QUERY EXECUTE format($q$
        WITH l AS (SELECT DISTINCT order_id, product FROM (%s) s
                   WHERE order_id IS NOT NULL AND product IS NOT NULL),
        kept AS (SELECT order_id FROM l GROUP BY order_id HAVING count(*) <= %s),
        l2 AS (SELECT l.* FROM l JOIN kept USING (order_id)),
        c AS (SELECT product, count(*) AS n FROM l2 GROUP BY product),
        p AS (SELECT x.product AS a, y.product AS b, count(*) AS n_ab
              FROM l2 x JOIN l2 y ON x.order_id = y.order_id AND x.product < y.product
              GROUP BY x.product, y.product),
        r AS (SELECT p.a::text AS a, p.b::text AS b, p.n_ab, ca.n AS na, cb.n AS nb,
                     (SELECT count(*) FROM kept) AS n
              FROM p JOIN c ca ON ca.product = p.a JOIN c cb ON cb.product = p.b),
        f AS (SELECT r.*, n_ab::float8 / n AS s, na::float8 / n AS sa, nb::float8 / n AS sb,
                     n_ab::float8 / na AS cab, n_ab::float8 / nb AS cba
              FROM r WHERE n_ab >= $1 AND n_ab::float8 / n::float8 >= $2)
        SELECT a, b, n_ab, na, nb, n, sa, sb, s, cab, cba,
               (n::float8 * n_ab::float8) / (na::float8 * nb::float8),
               s - sa * sb,
               CASE WHEN n_ab = na THEN 'Infinity' ELSE (1 - sb) / (1 - cab) END,
               CASE WHEN n_ab = nb THEN 'Infinity' ELSE (1 - sa) / (1 - cba) END
        FROM f $q$, lines, max_basket)
    USING min_count, min_support;
END $$;

-- The reference aov_pairs_info of the same lines.
CREATE FUNCTION cp_ref_info(lines text, max_basket int DEFAULT 1000,
    OUT n_orders bigint, OUT skipped_orders bigint, OUT products bigint, OUT pairs_counted bigint)
LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE format($q$
        WITH l AS (SELECT DISTINCT order_id, product FROM (%s) s
                   WHERE order_id IS NOT NULL AND product IS NOT NULL),
        b AS (SELECT order_id, count(*) <= %s AS kept FROM l GROUP BY order_id)
        SELECT count(*) FILTER (WHERE kept), count(*) FILTER (WHERE NOT kept),
               (SELECT count(DISTINCT product) FROM l JOIN b USING (order_id) WHERE kept)
        FROM b $q$, lines, max_basket)
    INTO n_orders, skipped_orders, products;
    SELECT count(*) INTO pairs_counted FROM cp_ref_pairs(lines, max_basket);
END $$;

-- Exact one-sided Fisher p-values P(X >= n_ab), X hypergeometric (n orders,
-- n_a with A, n_b drawn), for every (n_ab, n_a, n_b, n) of a query not yet
-- in cp_fisher.  The terms T(x) = C(n_a, x) C(n - n_a, n_b - x) are exact
-- integers: T(lo) from factorials, then T(x + 1) = T(x) (n_a - x)(n_b - x) /
-- ((x + 1)(n - n_a - n_b + x + 1)), an exact division; p = the sum of
-- T(x >= n_ab) over the sum of all T(x).
CREATE TABLE cp_fisher (n_ab bigint, n_a bigint, n_b bigint, n bigint, p numeric,
                        PRIMARY KEY (n_ab, n_a, n_b, n));
CREATE FUNCTION cp_fisher_fill(tuples text) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE format($q$
        INSERT INTO cp_fisher
        WITH RECURSIVE t AS (
            SELECT DISTINCT n_ab, n_a, n_b, n, greatest(0, n_a + n_b - n) AS lo, least(n_a, n_b) AS hi
            FROM (%s) s(n_ab, n_a, n_b, n)
            WHERE NOT EXISTS (SELECT 1 FROM cp_fisher f
                              WHERE (f.n_ab, f.n_a, f.n_b, f.n) = (s.n_ab, s.n_a, s.n_b, s.n))),
        fact(k, f) AS (SELECT 0::bigint, 1::numeric
                       UNION ALL SELECT k + 1, f * (k + 1) FROM fact WHERE k < (SELECT max(n) FROM t)),
        terms(n_ab, n_a, n_b, n, hi, x, c) AS (
            SELECT n_ab, n_a, n_b, n, hi, lo,
                   div(f1.f, f2.f * f3.f) * div(f4.f, f5.f * f6.f)
            FROM t JOIN fact f1 ON f1.k = n_a JOIN fact f2 ON f2.k = lo JOIN fact f3 ON f3.k = n_a - lo
                   JOIN fact f4 ON f4.k = n - n_a JOIN fact f5 ON f5.k = n_b - lo
                   JOIN fact f6 ON f6.k = n - n_a - n_b + lo
            UNION ALL
            SELECT n_ab, n_a, n_b, n, hi, x + 1,
                   div(c * (n_a - x) * (n_b - x), (x + 1) * (n - n_a - n_b + x + 1))
            FROM terms WHERE x < hi)
        SELECT n_ab, n_a, n_b, n, sum(c) FILTER (WHERE x >= n_ab) / sum(c)
        FROM terms GROUP BY n_ab, n_a, n_b, n $q$, tuples);
END $$;

-- The rows of a pair table (a query with the columns of aov_pair_stats)
-- that differ from the reference pair table of the lines, one row a field:
-- the pair, the field, the value got and the reference value.  A pair
-- missing from either side is one row, field 'pair'.  Counts and float8
-- measures equal; leverage within 1e-15; the p-value within 1e-9 relative
-- of the exact sum (not compared when p_values is false: the exact sums
-- take long for thousands of orders with popular products).
CREATE FUNCTION cp_diff(got text, lines text, max_basket int DEFAULT 1000,
                        min_count bigint DEFAULT 1, min_support float8 DEFAULT 0,
                        p_values bool DEFAULT true)
RETURNS TABLE (product_a text, product_b text, field text, got_value text, ref_value text)
LANGUAGE plpgsql AS $$
DECLARE
    ref text := format('cp_ref_pairs(%L, %s, %s, %s)', lines, max_basket, min_count, min_support);
BEGIN
    IF p_values THEN
        PERFORM cp_fisher_fill(format('SELECT n_ab, n_a, n_b, n_orders FROM %s', ref));
    END IF;
    RETURN QUERY EXECUTE format($q$
        SELECT coalesce(g.product_a, r.product_a), coalesce(g.product_b, r.product_b), d.*
        FROM (%s) g FULL JOIN %s r ON g.product_a = r.product_a AND g.product_b = r.product_b
        LEFT JOIN cp_fisher f ON (f.n_ab, f.n_a, f.n_b, f.n) = (r.n_ab, r.n_a, r.n_b, r.n_orders)
        CROSS JOIN LATERAL (
            SELECT 'pair', CASE WHEN g.product_a IS NULL THEN 'missing' ELSE 'present' END,
                   CASE WHEN r.product_a IS NULL THEN 'missing' ELSE 'present' END
            WHERE g.product_a IS NULL OR r.product_a IS NULL
            UNION ALL
            SELECT v.field, v.got, v.ref
            FROM (VALUES ('n_ab', g.n_ab::text, r.n_ab::text, g.n_ab = r.n_ab),
                         ('n_a', g.n_a::text, r.n_a::text, g.n_a = r.n_a),
                         ('n_b', g.n_b::text, r.n_b::text, g.n_b = r.n_b),
                         ('n_orders', g.n_orders::text, r.n_orders::text, g.n_orders = r.n_orders),
                         ('support_a', g.support_a::text, r.support_a::text, g.support_a = r.support_a),
                         ('support_b', g.support_b::text, r.support_b::text, g.support_b = r.support_b),
                         ('support', g.support::text, r.support::text, g.support = r.support),
                         ('confidence_ab', g.confidence_ab::text, r.confidence_ab::text, g.confidence_ab = r.confidence_ab),
                         ('confidence_ba', g.confidence_ba::text, r.confidence_ba::text, g.confidence_ba = r.confidence_ba),
                         ('lift', g.lift::text, r.lift::text, g.lift = r.lift),
                         ('leverage', g.leverage::text, r.leverage::text, abs(g.leverage - r.leverage) <= 1e-15),
                         ('conviction_ab', g.conviction_ab::text, r.conviction_ab::text, g.conviction_ab = r.conviction_ab),
                         ('conviction_ba', g.conviction_ba::text, r.conviction_ba::text, g.conviction_ba = r.conviction_ba),
                         ('p_value', g.p_value::text, f.p::text,
                          NOT %L OR abs(g.p_value::numeric - f.p) <= 1e-9 * f.p)) v(field, got, ref, same)
            WHERE g.product_a IS NOT NULL AND r.product_a IS NOT NULL AND v.same IS NOT TRUE) d $q$,
        got, ref, p_values);
END $$;

-- The rows of a query as text (float8 text is shortest-exact: equal text,
-- equal values), to compare two queries row by row.
CREATE FUNCTION cp_rows(q text) RETURNS SETOF text LANGUAGE plpgsql AS $$
BEGIN
    RETURN QUERY EXECUTE format('SELECT x::text FROM (%s) x', q);
END $$;

-- aov_pairs_info of the aov_pairs a query returns.
CREATE FUNCTION cp_info(q text, OUT n_orders bigint, OUT skipped_orders bigint, OUT max_basket int,
                        OUT products bigint, OUT pairs_counted bigint) LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE format('SELECT (aov_pairs_info(p)).* FROM (%s) x(p)', q)
    INTO n_orders, skipped_orders, max_basket, products, pairs_counted;
END $$;

-- Serialized values, in hex, for the malformed-value tests.
CREATE FUNCTION cp_h4(v int) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT lpad(to_hex(v), 8, '0') $$;
CREATE FUNCTION cp_h8(v bigint) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT lpad(to_hex(v), 16, '0') $$;
CREATE FUNCTION cp_patch(h text, pos int, bytes text) RETURNS text LANGUAGE sql IMMUTABLE
    AS $$ SELECT overlay(h placing bytes from pos for length(bytes)) $$;
-- A variable-length integer (src/format.c): LEB128, seven bits a byte, the
-- low ones first, the high bit set on every byte but the last; in hex.
CREATE FUNCTION cp_varint(v numeric) RETURNS text LANGUAGE plpgsql IMMUTABLE STRICT AS $$
DECLARE
    h text := '';
BEGIN
    IF v < 0 OR v <> trunc(v) THEN
        RAISE EXCEPTION 'cp_varint: % is not a non-negative integer', v;
    END IF;
    WHILE v >= 128 LOOP
        h := h || to_hex(128 + mod(v, 128)::int);
        v := div(v, 128);
    END LOOP;
    RETURN h || lpad(to_hex(v::int), 2, '0');
END $$;
-- Several, one after another.
CREATE FUNCTION cp_varints(VARIADIC v numeric[]) RETURNS text LANGUAGE sql IMMUTABLE STRICT AS $$
    SELECT coalesce(string_agg(cp_varint(x), '' ORDER BY i), '') FROM unnest(v) WITH ORDINALITY u(x, i) $$;
-- The order-preserving unsigned value of a bigint (order ids and the first
-- bigint key of a version-2 aov_basket_lines): v + 2^63.
CREATE FUNCTION cp_ukey(v bigint) RETURNS numeric LANGUAGE sql IMMUTABLE STRICT AS $$
    SELECT v + 9223372036854775808 $$;
-- The version-2 aov_basket_lines (src/baskets.c, src/pair_count.c) of a
-- query returning (order_id, product) lines, keys 'bigint' or 'text' (text
-- products COLLATE "C"), built from the documented layout: the header
-- (version 2, kind, reserved 0, max_basket int32, baskets counted and
-- skipped int64), then variable-length integers: m; the product keys in
-- order (bigint: the first as v + 2^63, then each step less one; text:
-- length and bytes); their counts less one; p; the pairs (a, b) in
-- increasing order: a's step, then b's step from the previous b less one
-- when a repeats, else b - a - 1, and the count less one; the number of
-- orders and each by increasing id: the id (the first as v + 2^63, then
-- steps less one), its number of products (0: skipped, more than
-- max_basket) and its product numbers (the first whole, then steps less
-- one).  The products are those of the counted orders.
CREATE FUNCTION cp_v2_layout(lines text, keys text, max_basket int DEFAULT 1000) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    h text;
BEGIN
    EXECUTE format($q$
        WITH l AS (SELECT DISTINCT order_id, product FROM (%1$s) s
                   WHERE order_id IS NOT NULL AND product IS NOT NULL),
        b AS (SELECT order_id, count(*) <= %2$s AS kept, lag(order_id) OVER (ORDER BY order_id) AS prev
              FROM l GROUP BY order_id),
        l2 AS (SELECT l.* FROM l JOIN b USING (order_id) WHERE kept),
        pr AS (SELECT product, count(*) AS n, row_number() OVER (ORDER BY product) - 1 AS num,
                      lag(product) OVER (ORDER BY product) AS prev
               FROM l2 GROUP BY product),
        ln AS (SELECT l2.order_id, pr.num, lag(pr.num) OVER (PARTITION BY l2.order_id ORDER BY pr.num) AS prev
               FROM l2 JOIN pr USING (product)),
        p AS (SELECT x.num AS a, y.num AS b, count(*) AS n
              FROM ln x JOIN ln y ON x.order_id = y.order_id AND x.num < y.num GROUP BY 1, 2),
        pe AS (SELECT p.*, lag(a) OVER w AS pa, lag(b) OVER w AS pb FROM p WINDOW w AS (ORDER BY a, b)),
        items AS (SELECT order_id, count(*) AS k,
                         string_agg(cp_varint(CASE WHEN prev IS NULL THEN num ELSE num - prev - 1 END), ''
                                    ORDER BY num) AS h
                  FROM ln GROUP BY order_id)
        SELECT '02' || %3$L || '0000' || cp_h4(%2$s) || cp_h8((SELECT count(*) FROM b WHERE kept))
               || cp_h8((SELECT count(*) FROM b WHERE NOT kept))
               || cp_varint((SELECT count(*) FROM pr))
               || coalesce((SELECT string_agg(%4$s, '' ORDER BY num) FROM pr), '')
               || coalesce((SELECT string_agg(cp_varint(n - 1), '' ORDER BY num) FROM pr), '')
               || cp_varint((SELECT count(*) FROM p))
               || coalesce((SELECT string_agg(cp_varints(a - coalesce(pa, 0),
                                                         CASE WHEN pa = a THEN b - pb - 1 ELSE b - a - 1 END, n - 1),
                                              '' ORDER BY a, b) FROM pe), '')
               || cp_varint((SELECT count(*) FROM b))
               || coalesce((SELECT string_agg(cp_varint(CASE WHEN b.prev IS NULL THEN cp_ukey(b.order_id)
                                                             ELSE b.order_id::numeric - b.prev - 1 END)
                                              || CASE WHEN b.kept THEN cp_varint(i.k) || i.h ELSE '00' END,
                                              '' ORDER BY b.order_id)
                            FROM b LEFT JOIN items i USING (order_id)), '') $q$,
        lines, max_basket, CASE keys WHEN 'bigint' THEN '01' ELSE '02' END,
        CASE keys WHEN 'bigint'
             THEN 'cp_varint(CASE WHEN num = 0 THEN cp_ukey(product) ELSE product::numeric - prev - 1 END)'
             ELSE 'cp_varint(octet_length(product)) || encode(convert_to(product, ''UTF8''), ''hex'')' END)
    INTO h;
    RETURN h;
END $$;
-- The rows of two pair tables that differ (the same rows when the values
-- are equal: float8 text is shortest-exact), and their aov_pairs_info.
CREATE FUNCTION cp_pairs_diff(got aov_pairs, ref aov_pairs)
RETURNS TABLE (product_a text, product_b text, got_row text, ref_row text) LANGUAGE sql AS $$
    SELECT coalesce(g.product_a, r.product_a), coalesce(g.product_b, r.product_b), g::text, r::text
    FROM aov_pair_stats(got) g FULL JOIN aov_pair_stats(ref) r
         ON g.product_a = r.product_a AND g.product_b = r.product_b
    WHERE g::text IS DISTINCT FROM r::text
    UNION ALL
    SELECT 'aov_pairs_info', NULL, aov_pairs_info(got)::text, aov_pairs_info(ref)::text
    WHERE aov_pairs_info(got)::text IS DISTINCT FROM aov_pairs_info(ref)::text $$;

-- ---------------------------------------------------------------------
-- Generated baskets: 3,000 orders of 1 to 8 lines over 60 products of
-- skewed popularity (product 1 is in about half the orders), line 2 of a
-- third of the orders the complement 61 - p of line 1; about 5% of the
-- lines twice, 3% NULL products, 1% NULL order ids; 10 more single-line
-- orders of product 61, which is in no other order.  The same products as
-- bigint keys (negative and positive: numeric and text order differ),
-- integer keys and text SKUs (digits, upper and lower case, a space, one
-- key the prefix of another).
-- ---------------------------------------------------------------------
CREATE FUNCTION cp_sku(p int) RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN p <= 40 THEN (85100 + p / 2)::text || CASE WHEN p % 2 = 1 THEN 'A' ELSE '' END
                WHEN p <= 50 THEN 'POST ' || p
                WHEN p <= 60 THEN 'dot' || p
                ELSE 'GIFT' || p END $$;
CREATE TABLE cp_lines AS
WITH o AS (
    SELECT o AS order_no, 1 + floor(8 * test_rnd(o, 'cpn') ^ 1.7)::int AS n_lines,
           CASE WHEN test_rnd(o, 'cpc') < 0.6 THEN 'DE' ELSE 'FR' END AS country
    FROM generate_series(1, 3000) o),
l AS (
    SELECT order_no, country, j, 1 + floor(60 * test_rnd(order_no * 10 + j, 'cpp') ^ 2.2)::int AS p0
    FROM o, generate_series(1, n_lines) j),
l2 AS (
    SELECT l.order_no, l.country, l.j,
           CASE WHEN l.j = 2 AND test_rnd(l.order_no, 'cpx') < 0.35 THEN 61 - f.p0 ELSE l.p0 END AS p
    FROM l JOIN l f ON f.order_no = l.order_no AND f.j = 1
    UNION ALL
    SELECT o, 'DE', 1, 61 FROM generate_series(3001, 3010) o),
x AS (
    SELECT row_number() OVER (ORDER BY order_no, j, d) AS line_id, order_no, country, p
    FROM (SELECT *, 1 AS d FROM l2
          UNION ALL SELECT *, 2 FROM l2 WHERE test_rnd(order_no * 10 + j, 'cpd') < 0.05) y),
z AS (
    SELECT line_id, CASE WHEN test_rnd(line_id, 'cpo0') >= 0.01 THEN order_no END AS order_no, country,
           CASE WHEN test_rnd(line_id, 'cpp0') >= 0.03 THEN p END AS p
    FROM x)
SELECT line_id, order_no::bigint AS order_id, order_no AS order_i, country, p,
       (p - 30)::bigint * 1000000007 AS product_id, p * 7 - 100 AS product_i, cp_sku(p) AS sku
FROM z;
ANALYZE cp_lines;

-- The fixture: lines, orders, duplicates, NULLs, single-product orders.
SELECT count(*) AS lines, count(DISTINCT order_id) AS orders, count(DISTINCT p) AS products,
       count(*) - count(order_id) AS null_orders, count(*) - count(p) AS null_products,
       (SELECT count(*) FROM (SELECT order_id, p FROM cp_lines WHERE order_id IS NOT NULL AND p IS NOT NULL
                              GROUP BY 1, 2 HAVING count(*) > 1) d) AS duplicated,
       (SELECT count(*) FROM (SELECT order_id FROM cp_lines WHERE p IS NOT NULL
                              GROUP BY 1 HAVING count(DISTINCT p) = 1) d) AS single_product_orders,
       (SELECT max(k) FROM (SELECT count(DISTINCT p) AS k FROM cp_lines GROUP BY order_id) d) AS largest_basket,
       count(DISTINCT sku) = count(DISTINCT p) AND count(DISTINCT product_i) = count(DISTINCT p) AS keys_one_to_one
FROM cp_lines;

-- ---------------------------------------------------------------------
-- Every statistic of every pair equals the reference: bigint, integer and
-- text keys; count and support floors; a basket size limit that skips
-- orders
-- ---------------------------------------------------------------------
CREATE TABLE cp_cases (keys text, got text, lines text, max_basket int, min_count bigint, min_support float8);
INSERT INTO cp_cases VALUES
    ('bigint', 'SELECT s.* FROM (SELECT aov_copurchase(order_id, product_id) AS p FROM cp_lines) c, aov_pair_stats(c.p) s',
     'SELECT order_id, product_id AS product FROM cp_lines', 1000, 1, 0),
    ('bigint, min_count 5', 'SELECT s.* FROM (SELECT aov_copurchase(order_id, product_id) AS p FROM cp_lines) c, aov_pair_stats(c.p, 5) s',
     'SELECT order_id, product_id AS product FROM cp_lines', 1000, 5, 0),
    ('bigint, min_support 0.01', 'SELECT s.* FROM (SELECT aov_copurchase(order_id, product_id) AS p FROM cp_lines) c, aov_pair_stats(c.p, min_support => 0.01) s',
     'SELECT order_id, product_id AS product FROM cp_lines', 1000, 1, 0.01),
    ('bigint, max_basket 4', 'SELECT s.* FROM (SELECT aov_copurchase(order_id, product_id, 4) AS p FROM cp_lines) c, aov_pair_stats(c.p) s',
     'SELECT order_id, product_id AS product FROM cp_lines', 4, 1, 0),
    ('integer', 'SELECT s.* FROM (SELECT aov_copurchase(order_i, product_i) AS p FROM cp_lines) c, aov_pair_stats(c.p) s',
     'SELECT order_i AS order_id, product_i AS product FROM cp_lines', 1000, 1, 0),
    ('integer, min_count 20', 'SELECT s.* FROM (SELECT aov_copurchase(order_i, product_i) AS p FROM cp_lines) c, aov_pair_stats(c.p, 20) s',
     'SELECT order_i AS order_id, product_i AS product FROM cp_lines', 1000, 20, 0),
    ('text', 'SELECT s.* FROM (SELECT aov_copurchase(order_id, sku) AS p FROM cp_lines) c, aov_pair_stats(c.p) s',
     'SELECT order_id, sku COLLATE "C" AS product FROM cp_lines', 1000, 1, 0),
    ('text, min_count 5, min_support 0.02', 'SELECT s.* FROM (SELECT aov_copurchase(order_id, sku) AS p FROM cp_lines) c, aov_pair_stats(c.p, 5, 0.02) s',
     'SELECT order_id, sku COLLATE "C" AS product FROM cp_lines', 1000, 5, 0.02),
    ('text, max_basket 2', 'SELECT s.* FROM (SELECT aov_copurchase(order_id, sku, 2) AS p FROM cp_lines) c, aov_pair_stats(c.p) s',
     'SELECT order_id, sku COLLATE "C" AS product FROM cp_lines', 2, 1, 0);
-- the pairs of each pair table
SELECT keys, (SELECT count(*) FROM cp_rows(got)) AS pairs FROM cp_cases ORDER BY keys COLLATE "C";
-- the pairs that differ from the reference: none
SELECT c.keys, d.* FROM cp_cases c, cp_diff(c.got, c.lines, c.max_basket, c.min_count, c.min_support) d;

-- the floors are exercised: pairs at and below them
SELECT count(*) FILTER (WHERE n_ab = 5) AS at_min_count, count(*) FILTER (WHERE n_ab < 5) AS below_min_count,
       count(*) FILTER (WHERE n_ab::float8 >= 0.01 * n_orders AND n_ab::float8 < 0.01 * n_orders + 1) AS at_min_support,
       count(*) FILTER (WHERE n_ab = n_a OR n_ab = n_b) AS confidence_one
FROM cp_ref_pairs('SELECT order_id, product_id AS product FROM cp_lines');

-- aov_pairs_info equals the reference counts
SELECT k.keys, k.max_basket, i.n_orders = r.n_orders AS n_orders, i.skipped_orders = r.skipped_orders AS skipped,
       i.max_basket = k.max_basket AS max_basket_kept, i.products = r.products AS products,
       i.pairs_counted = r.pairs_counted AS pairs, i.skipped_orders > 0 AS skips
FROM (VALUES ('bigint', 1000, 'SELECT order_id, product_id AS product FROM cp_lines'),
             ('bigint', 4, 'SELECT order_id, product_id AS product FROM cp_lines'),
             ('integer', 3, 'SELECT order_i AS order_id, product_i AS product FROM cp_lines'),
             ('text', 1000, 'SELECT order_id, sku AS product FROM cp_lines'),
             ('text', 2, 'SELECT order_id, sku AS product FROM cp_lines')) k(keys, max_basket, lines)
CROSS JOIN LATERAL cp_info(format('SELECT aov_copurchase(order_id, product, %s) FROM (%s) l', k.max_basket, k.lines)) i
CROSS JOIN LATERAL cp_ref_info(k.lines, k.max_basket) r
ORDER BY 1, 2;

-- the key order of product_a < product_b: numeric for bigint and integer
-- keys (not the order of their text), bytewise for text.  The pairs, those
-- whose text order differs, and the pairs out of order (none)
SELECT count(*) AS pairs, count(*) FILTER (WHERE product_a > product_b COLLATE "C") AS text_order_differs
FROM aov_pair_stats((SELECT aov_copurchase(order_id, product_id) FROM cp_lines));
SELECT product_a, product_b FROM aov_pair_stats((SELECT aov_copurchase(order_id, product_id) FROM cp_lines))
WHERE NOT product_a::bigint < product_b::bigint;
SELECT count(*) AS pairs, count(*) FILTER (WHERE product_a ~ '^[0-9]+$' AND product_b = product_a || 'A') AS prefix_pairs,
       count(*) FILTER (WHERE product_a ~ '^POST' AND product_b ~ '^dot') AS upper_before_lower
FROM aov_pair_stats((SELECT aov_copurchase(order_id, sku) FROM cp_lines));
SELECT product_a, product_b FROM aov_pair_stats((SELECT aov_copurchase(order_id, sku) FROM cp_lines))
WHERE NOT product_a < product_b COLLATE "C";

-- the three key types count the same pairs (through the product numbers):
-- the pairs, and those that differ (none)
CREATE TABLE cp_three_keys AS
WITH m AS (SELECT DISTINCT p, product_id::text AS k8, product_i::text AS k4, sku FROM cp_lines WHERE p IS NOT NULL),
i8 AS (SELECT ma.p AS pa, mb.p AS pb, s.* FROM aov_pair_stats((SELECT aov_copurchase(order_id, product_id) FROM cp_lines)) s
       JOIN m ma ON ma.k8 = s.product_a JOIN m mb ON mb.k8 = s.product_b),
i4 AS (SELECT ma.p AS pa, mb.p AS pb, s.* FROM aov_pair_stats((SELECT aov_copurchase(order_i, product_i) FROM cp_lines)) s
       JOIN m ma ON ma.k4 = s.product_a JOIN m mb ON mb.k4 = s.product_b),
tx AS (SELECT least(ma.p, mb.p) AS pa, greatest(ma.p, mb.p) AS pb, s.*
       FROM aov_pair_stats((SELECT aov_copurchase(order_id, sku) FROM cp_lines)) s
       JOIN m ma ON ma.sku = s.product_a JOIN m mb ON mb.sku = s.product_b)
SELECT pa, pb, i8.n_ab AS i8_n_ab, i8.n_a AS i8_n_a, i8.lift AS i8_lift, i8.p_value AS i8_p,
       i4.n_ab AS i4_n_ab, i4.n_a AS i4_n_a, i4.lift AS i4_lift, i4.p_value AS i4_p,
       tx.n_ab AS tx_n_ab, tx.lift AS tx_lift, tx.p_value AS tx_p
FROM i8 FULL JOIN i4 USING (pa, pb) FULL JOIN tx USING (pa, pb);
SELECT count(*) AS pairs FROM cp_three_keys;
SELECT * FROM cp_three_keys
WHERE (i4_n_ab, i4_n_a, i4_p, i4_lift) IS DISTINCT FROM (i8_n_ab, i8_n_a, i8_p, i8_lift)
   OR (tx_n_ab, tx_p, tx_lift) IS DISTINCT FROM (i8_n_ab, i8_p, i8_lift);

-- aov_pair_table is the two-step form: identical rows, every argument
-- passed through; integer, smallint, char(n), varchar and a domain as
-- columns, a view
CREATE DOMAIN cp_sku_domain AS varchar(20);
CREATE TABLE "cp Odd Lines" ("Order No" smallint, "Item" cp_sku_domain, item_s smallint, item_c char(12));
INSERT INTO "cp Odd Lines" SELECT order_i, sku, p, sku FROM cp_lines;
CREATE VIEW cp_lines_fr AS SELECT * FROM cp_lines WHERE country = 'FR';
SELECT t.name, count(*) AS rows,
       count(*) FILTER (WHERE a IS NULL OR b IS NULL) AS differ
FROM (VALUES
    ('bigint', 'SELECT * FROM aov_pair_table(''cp_lines'')',
     'SELECT s.* FROM aov_pair_stats((SELECT aov_copurchase(order_id, product_id) FROM cp_lines)) s'),
    ('bigint floors', 'SELECT * FROM aov_pair_table(''cp_lines'', min_count => 3, min_support => 0.005, max_basket => 5)',
     'SELECT s.* FROM aov_pair_stats((SELECT aov_copurchase(order_id, product_id, 5) FROM cp_lines), 3, 0.005) s'),
    ('integer', 'SELECT * FROM aov_pair_table(''cp_lines'', ''order_i'', ''product_i'')',
     'SELECT s.* FROM aov_pair_stats((SELECT aov_copurchase(order_i, product_i) FROM cp_lines)) s'),
    ('text', 'SELECT * FROM aov_pair_table(''cp_lines'', product_column => ''sku'', min_count => 2)',
     'SELECT s.* FROM aov_pair_stats((SELECT aov_copurchase(order_id, sku) FROM cp_lines), 2) s'),
    ('quoted names', 'SELECT * FROM aov_pair_table(''"cp Odd Lines"'', ''Order No'', ''Item'', max_basket => 6)',
     'SELECT s.* FROM aov_pair_stats((SELECT aov_copurchase("Order No", "Item"::text, 6) FROM "cp Odd Lines")) s'),
    ('smallint', 'SELECT * FROM aov_pair_table(''"cp Odd Lines"'', ''Order No'', ''item_s'')',
     'SELECT s.* FROM aov_pair_stats((SELECT aov_copurchase("Order No", item_s) FROM "cp Odd Lines")) s'),
    ('char(12), blanks dropped', 'SELECT * FROM aov_pair_table(''"cp Odd Lines"'', ''Order No'', ''item_c'')',
     'SELECT s.* FROM aov_pair_stats((SELECT aov_copurchase("Order No", "Item"::text) FROM "cp Odd Lines")) s'),
    ('view', 'SELECT * FROM aov_pair_table(''cp_lines_fr'', product_column => ''sku'')',
     'SELECT s.* FROM aov_pair_stats((SELECT aov_copurchase(order_id, sku) FROM cp_lines WHERE country = ''FR'')) s')
    ) t(name, q1, q2)
CROSS JOIN LATERAL (SELECT x AS a, y AS b FROM (SELECT x FROM cp_rows(t.q1) x) g
                    FULL JOIN (SELECT y FROM cp_rows(t.q2) y) r ON x = y) j
GROUP BY t.name ORDER BY t.name;

-- the same aggregate twice in one query (no shared state: the final
-- function sorts the lines and renumbers text keys in place), DISTINCT and
-- ORDER BY inside the aggregate: the same value
SELECT a1::text = a2::text AS twice, a1::text = d::text AS distinct_lines, a1::text = o::text AS ordered
FROM (SELECT aov_copurchase(order_id, sku) AS a1, aov_copurchase(order_id, sku) AS a2,
             aov_copurchase(DISTINCT order_id, sku) AS d,
             aov_copurchase(order_id, sku ORDER BY sku DESC, order_id) AS o
      FROM cp_lines) s;

-- ---------------------------------------------------------------------
-- Hand-made baskets
-- ---------------------------------------------------------------------
-- N = 13 orders (NULL order ids and NULL products ignored, order 7 has E
-- twice, order 9 is A and a NULL product):
--   A 6 orders, B 6, C 3, D 3, E 1, F 2, X 2, Y 2
--   ties: (A,C), (B,C), (B,D) all 2 of 6 and 3; (A,X), (A,Y) both 1 of 6 and 2
--   (B,F): F always with B, confidence F -> B is 1 (conviction_ba Infinity)
--   (X,Y): always together, conviction Infinity both ways
CREATE TABLE cp_hand (order_id bigint, product text);
INSERT INTO cp_hand VALUES
    (1, 'A'), (1, 'B'), (1, 'C'), (2, 'B'), (2, 'A'), (3, 'A'), (3, 'C'),
    (4, 'B'), (4, 'C'), (4, 'D'), (5, 'A'), (6, 'D'), (7, 'E'), (7, 'E'),
    (8, 'D'), (8, 'B'), (NULL, 'A'), (NULL, 'B'), (9, 'A'), (9, NULL), (NULL, NULL),
    (10, 'X'), (10, 'Y'), (11, 'Y'), (11, 'A'), (11, 'X'), (12, 'F'), (12, 'B'), (13, 'B'), (13, 'F'),
    (13, 'F'), (13, 'B');
SELECT product_a, product_b, n_ab, n_a, n_b, n_orders, lift, confidence_ab, confidence_ba,
       conviction_ab, conviction_ba
FROM aov_pair_stats((SELECT aov_copurchase(order_id, product) FROM cp_hand))
ORDER BY product_a, product_b;
SELECT * FROM aov_pairs_info((SELECT aov_copurchase(order_id, product) FROM cp_hand));
-- the same as a value of the named type aov_pairs_info (a record of OUT
-- parameters cannot cross Citus nodes), expanded from a subquery
SELECT pg_typeof(i) AS type, (i).*
FROM (SELECT aov_pairs_info(aov_copurchase(order_id, product)) AS i FROM cp_hand) s;
-- the pairs that differ from the reference: none
SELECT * FROM cp_diff('SELECT * FROM aov_pair_stats((SELECT aov_copurchase(order_id, product) FROM cp_hand))',
                      'SELECT * FROM cp_hand');
-- floors: n_ab >= 2; support >= 2/13 keeps the pairs of 2 orders (2/13 * 13
-- is 2 in float8), 0.16 (2.08 orders) none of them
SELECT string_agg(product_a || product_b, ' ' ORDER BY product_a, product_b) AS min_count_2
FROM aov_pair_stats((SELECT aov_copurchase(order_id, product) FROM cp_hand), 2);
SELECT string_agg(product_a || product_b, ' ' ORDER BY product_a, product_b) AS min_support_2_13
FROM aov_pair_stats((SELECT aov_copurchase(order_id, product) FROM cp_hand), 1, 2 / 13::float8);
SELECT count(*) AS min_support_016 FROM aov_pair_stats((SELECT aov_copurchase(order_id, product) FROM cp_hand), 1, 0.16);
SELECT count(*) AS min_support_1 FROM aov_pair_stats((SELECT aov_copurchase(order_id, product) FROM cp_hand), 1, 1);

-- extreme bigint order ids and product keys (the radix sort of order ids
-- must not merge orders 1 and 2^48 + 1, or 2^32 and 0)
CREATE TABLE cp_hand_i8 (order_id bigint, product bigint);
INSERT INTO cp_hand_i8 VALUES
    (-9223372036854775808, -9223372036854775808), (-9223372036854775808, 9223372036854775807),
    (-9223372036854775808, 0), (-1, 0), (-1, -1), (0, -1), (0, 9223372036854775807),
    (4294967296, 0), (4294967296, 9223372036854775807), (9223372036854775807, -9223372036854775808),
    (9223372036854775807, 0), (1, 5), (1, 6), (281474976710657, 5), (281474976710657, 7),
    (65536, 6), (65536, 7), (65536, 7), (-65536, 5), (-65536, 8);
SELECT product_a, product_b, n_ab, n_a, n_b, n_orders
FROM aov_pair_stats((SELECT aov_copurchase(order_id, product) FROM cp_hand_i8))
ORDER BY product_a::bigint, product_b::bigint;
SELECT * FROM cp_diff('SELECT * FROM aov_pair_stats((SELECT aov_copurchase(order_id, product) FROM cp_hand_i8))',
                      'SELECT * FROM cp_hand_i8');

-- text keys: the empty string, prefixes, case, a byte above 0x7f (chr(233),
-- shown as <e9>) after ASCII: bytewise (unsigned), as COLLATE "C"
CREATE TABLE cp_hand_txt (order_id bigint, product text);
INSERT INTO cp_hand_txt VALUES
    (1, ''), (1, 'a'), (1, 'A'), (2, 'ab'), (2, 'a'), (2, 'B'), (3, 'ab'), (3, ''), (3, chr(233)),
    (4, chr(233)), (4, 'z'), (4, 'Z'), (5, ' '), (5, 'a ');
SELECT replace(format('%L', product_a), chr(233), '<e9>') AS a, replace(format('%L', product_b), chr(233), '<e9>') AS b, n_ab
FROM aov_pair_stats((SELECT aov_copurchase(order_id, product) FROM cp_hand_txt))
ORDER BY product_a COLLATE "C", product_b COLLATE "C";
SELECT * FROM cp_diff('SELECT * FROM aov_pair_stats((SELECT aov_copurchase(order_id, product) FROM cp_hand_txt))',
                      'SELECT order_id, product COLLATE "C" AS product FROM cp_hand_txt');

-- empty input: the aggregate is NULL, and so are its accessors
SELECT aov_copurchase(order_id, product) IS NULL AS text_null,
       (SELECT aov_copurchase(order_id, product) IS NULL FROM cp_hand_i8 WHERE false) AS bigint_null,
       (SELECT count(*) FROM aov_pair_stats(NULL)) AS stats_rows,
       aov_pairs_info(NULL) IS NULL AS info_null
FROM cp_hand WHERE false;
CREATE TABLE cp_empty (order_id bigint, product_id bigint);
SELECT count(*) AS pair_table_rows FROM aov_pair_table('cp_empty');
-- the aggregate checks its limit on the first row: without rows, no check
-- (aov_pair_table checks its arguments before reading: see Bad arguments)
SELECT aov_copurchase(order_id, product_id, 1) IS NULL AS no_rows_no_check FROM cp_empty;

-- ---------------------------------------------------------------------
-- p-values: every (n_ab, n_a, n_b) for N = 2 to 10 orders, against the
-- exact tail sum C(n_a, x) C(N - n_a, n_b - x) / C(N, n_b) over x >= n_ab
-- from factorial(); and a few large N with extreme tails against
-- cp_fisher (which is itself checked against the direct sum here)
-- ---------------------------------------------------------------------
CREATE FUNCTION cp_choose(n bigint, k bigint) RETURNS numeric LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN k < 0 OR k > n THEN 0 ELSE div(factorial(n), factorial(k) * factorial(n - k)) END $$;
-- orders 1..n_a have A, orders n_a - n_ab + 1 .. n_a - n_ab + n_b have B, the
-- other orders a product Z that pairs with nothing
CREATE FUNCTION cp_tuple_lines(n int, na int, nb int, nab int) RETURNS TABLE (order_id bigint, product text)
LANGUAGE sql IMMUTABLE AS $$
    SELECT i, 'A' FROM generate_series(1, na) i
    UNION ALL SELECT i, 'B' FROM generate_series(na - nab + 1, na - nab + nb) i
    UNION ALL SELECT i, 'Z' FROM generate_series(na - nab + nb + 1, n) i $$;
CREATE TABLE cp_grid AS
SELECT row_number() OVER (ORDER BY n, na, nb, nab) AS t, n, na, nb, nab
FROM generate_series(2, 10) n, generate_series(1, n) na, generate_series(1, n) nb,
     generate_series(greatest(1, na + nb - n), least(na, nb)) nab;
SELECT cp_fisher_fill('SELECT nab, na, nb, n FROM cp_grid');
CREATE TABLE cp_grid_got AS
WITH got AS (
    SELECT c.t, s.* FROM (SELECT g.t, aov_copurchase(l.order_id, l.product) AS p
                          FROM cp_grid g, cp_tuple_lines(n, na, nb, nab) l GROUP BY g.t) c,
                         aov_pair_stats(c.p) s),
ref AS (
    SELECT t, (SELECT sum(cp_choose(na, x) * cp_choose(n - na, nb - x))
               FROM generate_series(nab, least(na, nb)) x) / cp_choose(n, nb) AS p
    FROM cp_grid)
SELECT g.*, got.product_a, got.product_b, got.n_ab, got.n_a, got.n_b, got.n_orders, got.p_value,
       ref.p AS ref_p, f.p AS fisher_p
FROM cp_grid g LEFT JOIN got USING (t) LEFT JOIN ref USING (t)
LEFT JOIN cp_fisher f ON (f.n_ab, f.n_a, f.n_b, f.n) = (g.nab, g.na, g.nb, g.n);
-- the tuples, their pairs, and those with p = 1 (n_ab at its lowest value)
SELECT count(*) AS tuples, count(product_a) AS pairs, count(*) FILTER (WHERE ref_p = 1) AS p_one FROM cp_grid_got;
-- the tuples that differ: counts; the p-value within 1e-9 relative, and 1
-- exactly where the sum is 1; cp_fisher equal to the direct sum (none)
SELECT t, n, na, nb, nab, d.field, d.got_value, d.ref_value
FROM cp_grid_got
CROSS JOIN LATERAL (VALUES
    ('counts', format('%s %s %s %s %s %s', product_a, product_b, n_ab, n_a, n_b, n_orders),
     format('A B %s %s %s %s', nab, na, nb, n),
     product_a = 'A' AND product_b = 'B' AND n_ab = nab AND n_a = na AND n_b = nb AND n_orders = n),
    ('p_value', p_value::text, ref_p::text, abs(p_value::numeric - ref_p) <= 1e-9 * ref_p),
    ('p_value = 1', (p_value = 1)::text, (ref_p = 1)::text, (p_value = 1) = (ref_p = 1)),
    ('cp_fisher', fisher_p::text, ref_p::text, fisher_p = ref_p)) d(field, got_value, ref_value, same)
WHERE d.same IS NOT TRUE;

CREATE TABLE cp_tails (n int, na int, nb int, nab int);
INSERT INTO cp_tails VALUES
    (1000, 200, 200, 200),     -- p = 1 / C(1000, 200), about 1e-215
    (5000, 1000, 800, 300),    -- far above the expected 160
    (5000, 2500, 2500, 1250),  -- at the mode
    (5000, 2500, 2500, 1200),  -- below the mode: 1 - the lower tail
    (5000, 2500, 2500, 1),     -- 1 - P(X = 0), P(X = 0) about 1e-1504
    (2000, 1990, 1990, 1980),  -- n_ab at its lowest possible value: 1
    (2000, 1990, 1990, 1981),
    (4000, 100, 3000, 100),    -- confidence 1
    (3000, 3000, 3000, 3000);  -- both products in every order
SELECT cp_fisher_fill('SELECT nab, na, nb, n FROM cp_tails');
SELECT t.n, t.na, t.nb, t.nab, s.n_ab = t.nab AND s.n_a = t.na AND s.n_b = t.nb AND s.n_orders = t.n AS counts,
       abs(s.p_value::numeric - f.p) <= 1e-9 * f.p AS p_value, s.p_value > 0 AS positive, f.p = 1 AS p_one
FROM cp_tails t
CROSS JOIN LATERAL aov_pair_stats((SELECT aov_copurchase(order_id, product) FROM cp_tuple_lines(t.n, t.na, t.nb, t.nab))) s
JOIN cp_fisher f ON (f.n_ab, f.n_a, f.n_b, f.n) = (t.nab, t.na, t.nb, t.n)
ORDER BY t.n, t.na, t.nb, t.nab;

-- ---------------------------------------------------------------------
-- One order of 1,000 distinct products (2,001 lines: each product twice,
-- a NULL product): 499,500 pairs with the default limit
-- ---------------------------------------------------------------------
CREATE TABLE cp_big AS
SELECT 42::bigint AS order_id, g AS product_id FROM generate_series(1, 1000) g, generate_series(1, 2)
UNION ALL SELECT 42, NULL;
SELECT * FROM aov_pairs_info((SELECT aov_copurchase(order_id, product_id) FROM cp_big));
SELECT * FROM aov_pairs_info((SELECT aov_copurchase(order_id, product_id, 1000) FROM cp_big));
-- every pair (a, b), 1 <= a < b <= 1000, once, in key order: the pair of
-- row r (1-based) is the one with (a - 1) * 1000 - (a - 1) * a / 2 pairs
-- of smaller a before it, then b - a; with n_ab = n_a = n_b = N = 1:
-- supports, confidences and lift 1, leverage 0, convictions Infinity,
-- p-value 1.  The pairs (C(1000, 2) = 499,500), and those that differ
-- (none):
SELECT count(*) AS pairs FROM aov_pair_stats((SELECT aov_copurchase(order_id, product_id) FROM cp_big));
SELECT s.ord, (s.product_a::int - 1) * 1000 - (s.product_a::int - 1) * s.product_a::int / 2
              + s.product_b::int - s.product_a::int AS ref_ord,
       s.product_a, s.product_b, s.n_ab, s.n_a, s.n_b, s.n_orders, s.support_a, s.support_b, s.support,
       s.confidence_ab, s.confidence_ba, s.lift, s.leverage, s.conviction_ab, s.conviction_ba, s.p_value
FROM aov_pair_stats((SELECT aov_copurchase(order_id, product_id) FROM cp_big)) WITH ORDINALITY
     s(product_a, product_b, n_ab, n_a, n_b, n_orders, support_a, support_b, support, confidence_ab, confidence_ba,
       lift, leverage, conviction_ab, conviction_ba, p_value, ord)
WHERE (s.ord = (s.product_a::int - 1) * 1000 - (s.product_a::int - 1) * s.product_a::int / 2
               + s.product_b::int - s.product_a::int
       AND 1 <= s.product_a::int AND s.product_a::int < s.product_b::int AND s.product_b::int <= 1000
       AND s.n_ab = 1 AND s.n_a = 1 AND s.n_b = 1 AND s.n_orders = 1
       AND s.support_a = 1 AND s.support_b = 1 AND s.support = 1 AND s.confidence_ab = 1
       AND s.confidence_ba = 1 AND s.lift = 1 AND s.leverage = 0
       AND s.conviction_ab = 'Infinity' AND s.conviction_ba = 'Infinity' AND s.p_value = 1) IS NOT TRUE;
-- the same as text keys, through aov_pair_table: in bytewise order ('10'
-- < '9'), the pair of row r is that of the keys' bytewise ranks; lift 1.
-- The pairs and those that differ (none):
CREATE TABLE cp_big_txt AS SELECT order_id, product_id::text AS product_id FROM cp_big;
SELECT count(*) AS pairs, count(*) FILTER (WHERE product_a = '10' AND product_b = '9') AS ten_before_nine
FROM aov_pair_table('cp_big_txt');
WITH k AS (SELECT x::text AS key, row_number() OVER (ORDER BY x::text COLLATE "C") AS r FROM generate_series(1, 1000) x)
SELECT s.ord, (ka.r - 1) * 1000 - (ka.r - 1) * ka.r / 2 + kb.r - ka.r AS ref_ord, s.product_a, s.product_b, s.lift
FROM aov_pair_table('cp_big_txt') WITH ORDINALITY
     s(product_a, product_b, n_ab, n_a, n_b, n_orders, support_a, support_b, support, confidence_ab, confidence_ba,
       lift, leverage, conviction_ab, conviction_ba, p_value, ord)
LEFT JOIN k ka ON ka.key = s.product_a LEFT JOIN k kb ON kb.key = s.product_b
WHERE (s.ord = (ka.r - 1) * 1000 - (ka.r - 1) * ka.r / 2 + kb.r - ka.r AND ka.r < kb.r AND s.lift = 1) IS NOT TRUE;
-- an order of 1,001 distinct products is skipped; each of its products
-- is also in a two-product order {k, k + 1}, which are counted
CREATE TABLE cp_big2 AS
SELECT 0::bigint AS order_id, g::bigint AS product_id FROM generate_series(1, 1001) g
UNION ALL SELECT k, k FROM generate_series(1, 1001) k
UNION ALL SELECT k, k + 1 FROM generate_series(1, 1001) k;
SELECT * FROM aov_pairs_info((SELECT aov_copurchase(order_id, product_id) FROM cp_big2));
-- the pairs that differ from the reference (none)
SELECT * FROM cp_diff('SELECT * FROM aov_pair_table(''cp_big2'')', 'SELECT order_id, product_id AS product FROM cp_big2');
-- with max_basket 1001 it is counted: its 500,500 pairs and the 1,001 of
-- the small orders, 1,000 of them the same
SELECT * FROM aov_pairs_info((SELECT aov_copurchase(order_id, product_id, 1001) FROM cp_big2));
-- every (a, b), 1 <= a < b <= 1001 (row (a - 1) * 1001 - (a - 1) * a / 2
-- + b - a), with n_ab 2 when b = a + 1 (in the large order and in order
-- a), else 1; then (1001, 1002), n_ab 1; N = 1002.  The pairs (C(1001, 2)
-- + 1 = 500,501), and those that differ (none):
SELECT count(*) AS pairs FROM aov_pair_table('cp_big2', max_basket => 1001);
SELECT s.ord, s.product_a, s.product_b, s.n_ab, s.n_orders
FROM aov_pair_table('cp_big2', max_basket => 1001) WITH ORDINALITY
     s(product_a, product_b, n_ab, n_a, n_b, n_orders, support_a, support_b, support, confidence_ab, confidence_ba,
       lift, leverage, conviction_ab, conviction_ba, p_value, ord)
WHERE (CASE WHEN (s.product_a, s.product_b) = ('1001', '1002') THEN s.ord = 500501 AND s.n_ab = 1
            ELSE s.ord = (s.product_a::int - 1) * 1001 - (s.product_a::int - 1) * s.product_a::int / 2
                         + s.product_b::int - s.product_a::int
                 AND 1 <= s.product_a::int AND s.product_a::int < s.product_b::int AND s.product_b::int <= 1001
                 AND s.n_ab = CASE WHEN s.product_b::int = s.product_a::int + 1 THEN 2 ELSE 1 END END
       AND s.n_orders = 1002) IS NOT TRUE;

-- ---------------------------------------------------------------------
-- Parallel aggregation: two workers, the leader does not scan, so every
-- line goes through a worker's partial state (a flattened aov_basket_lines)
-- and the leader's combine function.  The 4 lines of an order are 12,500
-- rows apart, in different blocks, so an order's lines reach different
-- workers.  Order 99999 is two lines in the last block, selected by a
-- condition the planner expects a third of the rows to pass: one worker
-- sees no rows and hands over a NULL state.
-- ---------------------------------------------------------------------
CREATE TABLE cp_par AS
SELECT i AS line_id,
       CASE WHEN test_rnd(i, 'cqo0') >= 0.01 THEN 1 + i % 12500 END::bigint AS order_id,
       CASE WHEN i % 12500 % 5 < 2 THEN 'FR' ELSE 'DE' END AS country,
       p AS product_id, cp_sku(p) AS sku
FROM generate_series(1, 50000) i,
     LATERAL (SELECT CASE WHEN test_rnd(i, 'cqp0') >= 0.02 THEN 1 + floor(80 * test_rnd(i, 'cqp') ^ 2)::int END) x(p)
UNION ALL SELECT 50001, 99999, 'DE', 1, cp_sku(1)
UNION ALL SELECT 50002, 99999, 'DE', 2, cp_sku(2);
ANALYZE cp_par;


-- serial: the pair tables equal the reference (p-values are checked above,
-- the exact sums take long here); each country's group equals the country
-- alone
SET max_parallel_workers_per_gather = 0;
CREATE TABLE cp_par_cases (keys text, got text, lines text);
INSERT INTO cp_par_cases VALUES
    ('text', 'SELECT s.* FROM (SELECT aov_copurchase(order_id, sku) AS p FROM cp_par) c, aov_pair_stats(c.p) s',
     'SELECT order_id, sku COLLATE "C" AS product FROM cp_par'),
    ('bigint', 'SELECT s.* FROM (SELECT aov_copurchase(order_id, product_id) AS p FROM cp_par) c, aov_pair_stats(c.p) s',
     'SELECT order_id, product_id AS product FROM cp_par'),
    ('text, FR', 'SELECT s.* FROM (SELECT aov_copurchase(order_id, sku) AS p FROM cp_par WHERE country = ''FR'') c, aov_pair_stats(c.p) s',
     'SELECT order_id, sku COLLATE "C" AS product FROM cp_par WHERE country = ''FR''');
SELECT keys, (SELECT count(*) FROM cp_rows(got)) AS pairs FROM cp_par_cases ORDER BY keys COLLATE "C";
-- the pairs that differ from the reference (none)
SELECT c.keys, d.* FROM cp_par_cases c, cp_diff(c.got, c.lines, p_values => false) d;
SELECT md5(aov_copurchase(order_id, sku)::text) AS serial_text,
       md5(aov_copurchase(order_id, product_id)::text) AS serial_i8,
       md5(aov_copurchase(order_id, sku, 3)::text) AS serial_limit
FROM cp_par \gset
SELECT string_agg(country || ':' || md5(pt::text) || ':' || md5(pi::text), ';' ORDER BY country) AS serial_groups
FROM (SELECT country, aov_copurchase(order_id, sku) AS pt, aov_copurchase(order_id, product_id) AS pi
      FROM cp_par GROUP BY country) s \gset
SELECT md5(string_agg(t::text, ';' ORDER BY product_a, product_b)) AS serial_pair_table
FROM aov_pair_table('cp_par', product_column => 'sku') t \gset
SELECT aov_copurchase(order_id, sku)::text AS serial_99999 FROM cp_par WHERE line_id % 100000 > 50000 \gset
SELECT count(*) AS groups FROM (SELECT country, aov_copurchase(order_id, sku) FROM cp_par GROUP BY country) g;
SELECT g.country, x.keys, x.got_md5, x.alone_md5
FROM (SELECT country, aov_copurchase(order_id, sku) AS pt, aov_copurchase(order_id, product_id) AS pi
      FROM cp_par GROUP BY country) g
CROSS JOIN LATERAL (VALUES
    ('text', md5(g.pt::text), md5((SELECT aov_copurchase(order_id, sku)::text FROM cp_par c WHERE c.country = g.country))),
    ('bigint', md5(g.pi::text), md5((SELECT aov_copurchase(order_id, product_id)::text FROM cp_par c WHERE c.country = g.country)))
    ) x(keys, got_md5, alone_md5)
WHERE x.got_md5 IS DISTINCT FROM x.alone_md5;

SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
SET parallel_leader_participation = off;
EXPLAIN (COSTS OFF) SELECT aov_copurchase(order_id, sku) FROM cp_par;
EXPLAIN (COSTS OFF) SELECT country, aov_copurchase(order_id, sku) FROM cp_par GROUP BY country;
SELECT parallel_plan('SELECT aov_copurchase(order_id, sku), aov_copurchase(order_id, product_id) FROM cp_par');
SELECT parallel_plan('SELECT country, aov_copurchase(order_id, sku) FROM cp_par GROUP BY country');
SELECT parallel_plan('SELECT aov_copurchase(order_id, sku) FROM cp_par WHERE line_id % 100000 > 50000');

SELECT md5(aov_copurchase(order_id, sku)::text) AS par_text_1, md5(aov_copurchase(order_id, product_id)::text) AS par_i8_1,
       md5(aov_copurchase(order_id, sku, 3)::text) AS par_limit_1
FROM cp_par \gset
SELECT md5(aov_copurchase(order_id, sku)::text) AS par_text_2, md5(aov_copurchase(order_id, product_id)::text) AS par_i8_2,
       md5(aov_copurchase(order_id, sku, 3)::text) AS par_limit_2
FROM cp_par \gset
SELECT md5(aov_copurchase(order_id, sku)::text) AS par_text_3, md5(aov_copurchase(order_id, product_id)::text) AS par_i8_3,
       md5(aov_copurchase(order_id, sku, 3)::text) AS par_limit_3
FROM cp_par \gset
SELECT :'par_text_1' = :'serial_text' AND :'par_text_2' = :'serial_text' AND :'par_text_3' = :'serial_text' AS text_keys,
       :'par_i8_1' = :'serial_i8' AND :'par_i8_2' = :'serial_i8' AND :'par_i8_3' = :'serial_i8' AS bigint_keys,
       :'par_limit_1' = :'serial_limit' AND :'par_limit_2' = :'serial_limit' AND :'par_limit_3' = :'serial_limit' AS max_basket_3;
SELECT string_agg(country || ':' || md5(pt::text) || ':' || md5(pi::text), ';' ORDER BY country) AS par_groups_1
FROM (SELECT country, aov_copurchase(order_id, sku) AS pt, aov_copurchase(order_id, product_id) AS pi
      FROM cp_par GROUP BY country) s \gset
SELECT string_agg(country || ':' || md5(pt::text) || ':' || md5(pi::text), ';' ORDER BY country) AS par_groups_2
FROM (SELECT country, aov_copurchase(order_id, sku) AS pt, aov_copurchase(order_id, product_id) AS pi
      FROM cp_par GROUP BY country) s \gset
SELECT :'par_groups_1' = :'serial_groups' AS groups_run1, :'par_groups_2' = :'serial_groups' AS groups_run2;
-- each group equals the group alone, also in parallel
SELECT count(*) AS groups FROM (SELECT country, aov_copurchase(order_id, sku) FROM cp_par GROUP BY country) g;
SELECT g.country, x.keys, x.got_md5, x.alone_md5
FROM (SELECT country, aov_copurchase(order_id, sku) AS pt, aov_copurchase(order_id, product_id) AS pi
      FROM cp_par GROUP BY country) g
CROSS JOIN LATERAL (VALUES
    ('text', md5(g.pt::text), md5((SELECT aov_copurchase(order_id, sku)::text FROM cp_par c WHERE c.country = g.country))),
    ('bigint', md5(g.pi::text), md5((SELECT aov_copurchase(order_id, product_id)::text FROM cp_par c WHERE c.country = g.country)))
    ) x(keys, got_md5, alone_md5)
WHERE x.got_md5 IS DISTINCT FROM x.alone_md5;
SELECT md5(string_agg(t::text, ';' ORDER BY product_a, product_b)) = :'serial_pair_table' AS pair_table
FROM aov_pair_table('cp_par', product_column => 'sku') t;
-- a worker without rows
SELECT aov_copurchase(order_id, sku)::text = :'serial_99999' AS one_worker,
       (SELECT string_agg(format('%s %s %s %s', product_a, product_b, n_ab, n_orders), ';')
        FROM aov_pair_stats(aov_copurchase(order_id, sku))) AS pair
FROM cp_par WHERE line_id % 100000 > 50000;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
RESET max_parallel_workers_per_gather;
RESET parallel_leader_participation;

-- ---------------------------------------------------------------------
-- States and values: text and binary round trips; random split and merge
-- ---------------------------------------------------------------------
-- the state without a final function, and merges of states through the
-- combine function
CREATE AGGREGATE cp_state(bigint, bigint) (SFUNC = _aov_basket_lines_add, STYPE = aov_basket_lines);
CREATE AGGREGATE cp_state(bigint, text) (SFUNC = _aov_basket_lines_add, STYPE = aov_basket_lines);
CREATE AGGREGATE cp_state(bigint, text, integer) (SFUNC = _aov_basket_lines_add, STYPE = aov_basket_lines);
CREATE AGGREGATE cp_state(bigint, bigint, integer) (SFUNC = _aov_basket_lines_add, STYPE = aov_basket_lines);
CREATE AGGREGATE cp_merge(aov_basket_lines) (
    SFUNC = _aov_basket_lines_combine, STYPE = aov_basket_lines,
    FINALFUNC = _aov_basket_lines_pairs, FINALFUNC_MODIFY = READ_WRITE);
-- the merged state itself (no final function): a state of states
CREATE AGGREGATE cp_combine(aov_basket_lines) (SFUNC = _aov_basket_lines_combine, STYPE = aov_basket_lines);

-- a state leaving its process is the layout of version 2 (cp_v2_layout,
-- built in SQL from the lines): bigint keys (negative and positive, the
-- extremes of bigint as keys and order ids), text keys (the empty string,
-- prefixes, a byte above 0x7f), orders skipped for max_basket, NULL lines.
-- The cases that differ (none):
SELECT k.keys, s AS got, l AS layout
FROM (SELECT 'bigint', cp_state(order_id, product_id)::text,
             cp_v2_layout('SELECT order_id, product_id AS product FROM cp_lines', 'bigint') FROM cp_lines
      UNION ALL SELECT 'bigint, max_basket 3', cp_state(order_id, product_id, 3)::text,
             cp_v2_layout('SELECT order_id, product_id AS product FROM cp_lines', 'bigint', 3) FROM cp_lines
      UNION ALL SELECT 'text', cp_state(order_id, sku)::text,
             cp_v2_layout('SELECT order_id, sku COLLATE "C" AS product FROM cp_lines', 'text') FROM cp_lines
      UNION ALL SELECT 'text, max_basket 2', cp_state(order_id, sku, 2)::text,
             cp_v2_layout('SELECT order_id, sku COLLATE "C" AS product FROM cp_lines', 'text', 2) FROM cp_lines
      UNION ALL SELECT 'bigint, hand, extremes', cp_state(order_id, product)::text,
             cp_v2_layout('SELECT * FROM cp_hand_i8', 'bigint') FROM cp_hand_i8
      UNION ALL SELECT 'text, hand', cp_state(order_id, product)::text,
             cp_v2_layout('SELECT order_id, product COLLATE "C" AS product FROM cp_hand_txt', 'text') FROM cp_hand_txt
      UNION ALL SELECT 'text, hand, max_basket 2', cp_state(order_id, product, 2)::text,
             cp_v2_layout('SELECT order_id, product COLLATE "C" AS product FROM cp_hand', 'text', 2) FROM cp_hand
      UNION ALL SELECT 'NULL lines only', cp_state(order_id, NULL::text)::text,
             cp_v2_layout('SELECT order_id, NULL::text AS product FROM cp_hand', 'text') FROM cp_hand
     ) k(keys, s, l)
WHERE s IS DISTINCT FROM l;

-- aov_pairs: text out and in, send (the same bytes as the text's hex)
SELECT k.keys, p::text::aov_pairs::text = p::text AS text_round_trip,
       _aov_pairs_send(p) = decode(p::text, 'hex') AS send_is_hex,
       (SELECT md5(string_agg(s::text, ';')) FROM aov_pair_stats(p::text::aov_pairs) s)
       = (SELECT md5(string_agg(s::text, ';')) FROM aov_pair_stats(p) s) AS same_pairs,
       aov_pairs_info(p::text::aov_pairs) = aov_pairs_info(p) AS same_info
FROM (SELECT 'bigint', aov_copurchase(order_id, product_id) FROM cp_lines
      UNION ALL SELECT 'integer, max_basket 3', aov_copurchase(order_i, product_i, 3) FROM cp_lines
      UNION ALL SELECT 'text', aov_copurchase(order_id, sku) FROM cp_lines
      UNION ALL SELECT 'text, hand', aov_copurchase(order_id, product) FROM cp_hand_txt) k(keys, p)
ORDER BY 1;
-- aov_basket_lines: the same, and its pairs are those of aov_copurchase
SELECT k.keys, s::text::aov_basket_lines::text = s::text AS text_round_trip,
       _aov_basket_lines_send(s) = decode(s::text, 'hex') AS send_is_hex,
       _aov_basket_lines_pairs(s::text::aov_basket_lines)::text = p::text AS same_pairs
FROM (SELECT 'bigint', cp_state(order_id, product_id), aov_copurchase(order_id, product_id) FROM cp_lines
      UNION ALL SELECT 'text', cp_state(order_id, sku), aov_copurchase(order_id, sku) FROM cp_lines
      UNION ALL SELECT 'text, max_basket 3', cp_state(order_id, sku, 3), aov_copurchase(order_id, sku, 3) FROM cp_lines
      UNION ALL SELECT 'text, hand', cp_state(order_id, product), aov_copurchase(order_id, product) FROM cp_hand_txt) k(keys, s, p)
ORDER BY 1;
-- binary COPY: recv reads what send wrote
CREATE TABLE cp_copy (p aov_pairs, s aov_basket_lines);
INSERT INTO cp_copy SELECT aov_copurchase(order_id, sku), cp_state(order_id, sku) FROM cp_lines;
CREATE TABLE cp_copy2 (p aov_pairs, s aov_basket_lines);
DO $$
DECLARE
    path text := current_setting('data_directory') || '/cp_copy.bin';
BEGIN
    EXECUTE format('COPY cp_copy TO %L (FORMAT binary)', path);
    EXECUTE format('COPY cp_copy2 FROM %L (FORMAT binary)', path);
END $$;
SELECT c2.p::text = c1.p::text AS pairs_recv, c2.s::text = c1.s::text AS lines_recv
FROM cp_copy c1, cp_copy2 c2;

-- random split and merge: 30 random parts (and an empty one, and one of
-- NULL products only), merged in two random orders, equal one pass
CREATE TABLE cp_parts AS
SELECT floor(30 * test_rnd(line_id, 'cppart'))::int AS part, cp_state(order_id, sku) AS s_text,
       cp_state(order_id, product_id) AS s_i8, cp_state(order_id, sku, 5) AS s_limit
FROM cp_lines GROUP BY 1
UNION ALL SELECT 30, NULL, NULL, NULL
UNION ALL SELECT 31, cp_state(order_id, NULL::text), cp_state(order_id, NULL::bigint), cp_state(order_id, NULL::text, 5)
          FROM cp_lines WHERE line_id < 10;
SELECT cp_merge(s_text ORDER BY test_rnd(part, 'cpm1'))::text = (SELECT aov_copurchase(order_id, sku)::text FROM cp_lines) AS text_1,
       cp_merge(s_text ORDER BY test_rnd(part, 'cpm2'))::text = (SELECT aov_copurchase(order_id, sku)::text FROM cp_lines) AS text_2,
       cp_merge(s_text::text::aov_basket_lines ORDER BY test_rnd(part, 'cpm3'))::text
       = (SELECT aov_copurchase(order_id, sku)::text FROM cp_lines) AS text_through_text,
       cp_merge(s_i8 ORDER BY test_rnd(part, 'cpm1'))::text = (SELECT aov_copurchase(order_id, product_id)::text FROM cp_lines) AS bigint_1,
       cp_merge(s_i8 ORDER BY part DESC)::text = (SELECT aov_copurchase(order_id, product_id)::text FROM cp_lines) AS bigint_2,
       cp_merge(s_limit ORDER BY test_rnd(part, 'cpm1'))::text = (SELECT aov_copurchase(order_id, sku, 5)::text FROM cp_lines) AS limit_5,
       count(*) AS parts
FROM cp_parts;

-- ---------------------------------------------------------------------
-- Split orders merge exactly: the lines of the same orders in two to four
-- groups, one state each (counted baskets, src/baskets.c), stored, merged
-- through the combine function.  An order whose lines are in several
-- states was counted in each as an order of its own; merged, it counts
-- once, as the basket of all its lines (skipped when that has more than
-- max_basket products, or when a state already skipped its part).  The
-- pair table of the merge equals aov_copurchase over all the lines in one
-- pass (doc/reference.md, aov_copurchase: "Parallel and distributed use").
-- ---------------------------------------------------------------------
-- hand-made, four parts (0 | 1 | 2 | 3), for max_basket 3 (and 1000,
-- where every order counts):
--    1: a b | c            3 products: counted
--    2: a b c d | e        skipped in part 0 alone: skipped; e is in no
--                          other order (not a product with max_basket 3)
--    3: a b | c d          counted in each part, 4 products: skipped
--    4: b a | | a b b      the same products in two parts: {a, b}
--    5: '' (empty key)     one product, one part
--    6: | ab b b |         one part
--    7: a | NULL product   no basket in part 1: {a}
--    8: a | b | é          split three ways: {a, b, é}
--    9: a b c | a | d      4 products: skipped
--   10: a | | | x y z w    skipped in part 3, its only order (part 3 has
--                          no product), counted in part 0: skipped; x y
--                          z w in no other order
--   -3: | é ab | a         a negative order id: {a, ab, é}
--   12: | c d | d          {c, d}
--   14: | a b c d | a b c  skipped in part 1 alone, counted in part 2
--   a NULL order id in part 1 (no basket)
-- bigint keys: a -2, b 5, c 7, d 9, e 11, '' -100, é 1000, ab 3, x to w 20 to 23
CREATE TABLE cp_split_lines (scheme text, order_id bigint, sku text, product_id bigint, part int);
INSERT INTO cp_split_lines
SELECT 'hand, 4 parts', h.o, h.s, m.id, h.part
FROM (VALUES (1, 'a', 0), (1, 'b', 0), (1, 'c', 1),
             (2, 'a', 0), (2, 'b', 0), (2, 'c', 0), (2, 'd', 0), (2, 'e', 1),
             (3, 'a', 0), (3, 'b', 0), (3, 'c', 1), (3, 'd', 1),
             (4, 'b', 0), (4, 'a', 0), (4, 'a', 2), (4, 'b', 2), (4, 'b', 2),
             (5, '', 0),
             (6, 'ab', 1), (6, 'b', 1), (6, 'b', 1),
             (7, 'a', 0), (7, NULL, 1),
             (8, 'a', 0), (8, 'b', 1), (8, chr(233), 2),
             (9, 'a', 0), (9, 'b', 0), (9, 'c', 0), (9, 'a', 1), (9, 'd', 2),
             (10, 'a', 0), (10, 'x', 3), (10, 'y', 3), (10, 'z', 3), (10, 'w', 3),
             (-3, chr(233), 1), (-3, 'ab', 1), (-3, 'a', 2),
             (12, 'c', 1), (12, 'd', 1), (12, 'd', 2),
             (14, 'a', 1), (14, 'b', 1), (14, 'c', 1), (14, 'd', 1), (14, 'a', 2), (14, 'b', 2), (14, 'c', 2),
             (NULL, 'a', 1)) h(o, s, part)
LEFT JOIN (VALUES ('a', -2), ('b', 5), ('c', 7), ('d', 9), ('e', 11), ('', -100), (chr(233), 1000), ('ab', 3),
                  ('x', 20), ('y', 21), ('z', 22), ('w', 23)) m(sku, id) ON m.sku = h.s;
-- the generated lines, each line in a random part of two, and of three
INSERT INTO cp_split_lines
SELECT 'cp_lines, 2 parts', order_id, sku, product_id, floor(2 * test_rnd(line_id, 'cpsplit2'))::int FROM cp_lines
UNION ALL
SELECT 'cp_lines, 3 parts', order_id, sku, product_id, floor(3 * test_rnd(line_id, 'cpsplit3'))::int FROM cp_lines;
-- the orders split between states; with max_basket 3: skipped in one part
-- only (another part counts it), counted in every part but skipped merged;
-- with a product in two parts
WITH l AS (SELECT DISTINCT scheme, order_id, part, sku FROM cp_split_lines
           WHERE order_id IS NOT NULL AND sku IS NOT NULL),
op AS (SELECT scheme, order_id, count(*) AS k FROM l GROUP BY scheme, order_id, part),
o AS (SELECT scheme, order_id, count(DISTINCT part) AS parts, count(DISTINCT sku) AS k,
             count(*) - count(DISTINCT sku) AS repeated
      FROM l GROUP BY scheme, order_id)
SELECT o.scheme, count(*) AS orders, count(*) FILTER (WHERE parts > 1) AS split,
       count(*) FILTER (WHERE parts > 1 AND kmax > 3 AND kmin <= 3) AS skipped_in_a_part_only,
       count(*) FILTER (WHERE parts > 1 AND kmax <= 3 AND k > 3) AS skipped_merged,
       count(*) FILTER (WHERE repeated > 0) AS product_in_two_parts
FROM o JOIN (SELECT scheme, order_id, max(k) AS kmax, min(k) AS kmin FROM op GROUP BY 1, 2) x USING (scheme, order_id)
GROUP BY o.scheme ORDER BY o.scheme COLLATE "C";

CREATE TABLE cp_split_states AS
SELECT scheme, part, cp_state(order_id, sku) AS s_text, cp_state(order_id, sku, 3) AS s_text3,
       cp_state(order_id, product_id) AS s_i8, cp_state(order_id, product_id, 3) AS s_i83
FROM cp_split_lines GROUP BY scheme, part;
CREATE TABLE cp_split_one AS
SELECT scheme, v.keys, v.one, v.state
FROM (SELECT scheme, aov_copurchase(order_id, sku) AS p_text, aov_copurchase(order_id, sku, 3) AS p_text3,
             aov_copurchase(order_id, product_id) AS p_i8, aov_copurchase(order_id, product_id, 3) AS p_i83,
             cp_state(order_id, sku) AS s_text, cp_state(order_id, sku, 3) AS s_text3,
             cp_state(order_id, product_id) AS s_i8, cp_state(order_id, product_id, 3) AS s_i83
      FROM cp_split_lines GROUP BY scheme) a
CROSS JOIN LATERAL (VALUES ('text', a.p_text, a.s_text), ('text, max_basket 3', a.p_text3, a.s_text3),
                           ('bigint', a.p_i8, a.s_i8), ('bigint, max_basket 3', a.p_i83, a.s_i83)) v(keys, one, state);
-- merged: the stored states; their text forms, in reverse order; two
-- levels, the parts but 0 merged first (a merged state leaving its
-- process: through text), and not flattened in between; part 0 as its
-- lines, not counted (as a leader's own lines), with the other states
CREATE TABLE cp_split_merged AS
WITH st AS (SELECT s.scheme, s.part, v.keys, v.state
            FROM cp_split_states s
            CROSS JOIN LATERAL (VALUES ('text', s.s_text), ('text, max_basket 3', s.s_text3),
                                       ('bigint', s.s_i8), ('bigint, max_basket 3', s.s_i83)) v(keys, state))
SELECT scheme, keys, 'stored states' AS via, cp_merge(state ORDER BY part) AS merged FROM st GROUP BY 1, 2
UNION ALL
SELECT scheme, keys, 'text forms, reversed', cp_merge(state::text::aov_basket_lines ORDER BY part DESC)
FROM st GROUP BY 1, 2
UNION ALL
SELECT scheme, keys, 'two levels, through text', cp_merge(x)
FROM (SELECT scheme, keys, cp_combine(state ORDER BY part)::text::aov_basket_lines AS x FROM st WHERE part >= 1 GROUP BY 1, 2
      UNION ALL SELECT scheme, keys, state FROM st WHERE part = 0) y
GROUP BY 1, 2
UNION ALL
SELECT c.scheme, c.keys, 'two levels, not flattened',
       (SELECT cp_merge(x) FROM (SELECT cp_combine(st.state) FROM st
                                 WHERE st.scheme = c.scheme AND st.keys = c.keys AND st.part >= 1
                                 UNION ALL
                                 SELECT st.state FROM st WHERE st.scheme = c.scheme AND st.keys = c.keys AND st.part = 0) y(x))
FROM (SELECT DISTINCT scheme, keys FROM st) c;
INSERT INTO cp_split_merged
SELECT s.scheme, v.keys, 'part 0 as its lines', v.merged
FROM (SELECT DISTINCT scheme FROM cp_split_states) s
CROSS JOIN LATERAL (VALUES
    ('text', (SELECT cp_merge(x) FROM (SELECT cp_state(order_id, sku) FROM cp_split_lines l
                                       WHERE l.scheme = s.scheme AND l.part = 0
                                       UNION ALL SELECT s_text FROM cp_split_states t
                                       WHERE t.scheme = s.scheme AND t.part >= 1) y(x))),
    ('text, max_basket 3', (SELECT cp_merge(x) FROM (SELECT cp_state(order_id, sku, 3) FROM cp_split_lines l
                                                     WHERE l.scheme = s.scheme AND l.part = 0
                                                     UNION ALL SELECT s_text3 FROM cp_split_states t
                                                     WHERE t.scheme = s.scheme AND t.part >= 1) y(x))),
    ('bigint', (SELECT cp_merge(x) FROM (SELECT cp_state(order_id, product_id) FROM cp_split_lines l
                                         WHERE l.scheme = s.scheme AND l.part = 0
                                         UNION ALL SELECT s_i8 FROM cp_split_states t
                                         WHERE t.scheme = s.scheme AND t.part >= 1) y(x))),
    ('bigint, max_basket 3', (SELECT cp_merge(x) FROM (SELECT cp_state(order_id, product_id, 3) FROM cp_split_lines l
                                                       WHERE l.scheme = s.scheme AND l.part = 0
                                                       UNION ALL SELECT s_i83 FROM cp_split_states t
                                                       WHERE t.scheme = s.scheme AND t.part >= 1) y(x)))
    ) v(keys, merged);
-- the pairs and merges compared
SELECT o.scheme, o.keys, (SELECT count(*) FROM aov_pair_stats(o.one)) AS pairs,
       (SELECT count(*) FROM cp_split_merged m WHERE (m.scheme, m.keys) = (o.scheme, o.keys)) AS merges
FROM cp_split_one o ORDER BY o.scheme COLLATE "C", o.keys COLLATE "C";
-- the pairs of a merge that differ from the one pass (none)
SELECT m.scheme, m.keys, m.via, d.*
FROM cp_split_merged m JOIN cp_split_one o USING (scheme, keys), cp_pairs_diff(m.merged, o.one) d;
-- the hand-made merge against the reference (none)
SELECT 'text' AS keys, * FROM cp_diff(
    $$SELECT s.* FROM cp_split_merged m, aov_pair_stats(m.merged) s
      WHERE scheme = 'hand, 4 parts' AND keys = 'text' AND via = 'stored states'$$,
    $$SELECT order_id, sku COLLATE "C" AS product FROM cp_split_lines WHERE scheme = 'hand, 4 parts'$$)
UNION ALL
SELECT 'text, max_basket 3', * FROM cp_diff(
    $$SELECT s.* FROM cp_split_merged m, aov_pair_stats(m.merged) s
      WHERE scheme = 'hand, 4 parts' AND keys = 'text, max_basket 3' AND via = 'stored states'$$,
    $$SELECT order_id, sku COLLATE "C" AS product FROM cp_split_lines WHERE scheme = 'hand, 4 parts'$$, 3)
UNION ALL
SELECT 'bigint, max_basket 3', * FROM cp_diff(
    $$SELECT s.* FROM cp_split_merged m, aov_pair_stats(m.merged) s
      WHERE scheme = 'hand, 4 parts' AND keys = 'bigint, max_basket 3' AND via = 'two levels, through text'$$,
    $$SELECT order_id, product_id AS product FROM cp_split_lines WHERE scheme = 'hand, 4 parts'$$, 3);
-- the hand-made lines, max_basket 3: orders 1, 4, 5, 6, 7, 8, -3 and 12
-- counted, 2, 3, 9, 10 and 14 skipped; products '', a, ab, b, c, d and é
SELECT * FROM cp_ref_info($$SELECT order_id, sku AS product FROM cp_split_lines WHERE scheme = 'hand, 4 parts'$$, 3);
-- the merges whose totals differ from these (none)
SELECT m.keys, m.via, i.*
FROM cp_split_merged m, aov_pairs_info(m.merged) i,
     cp_ref_info($$SELECT order_id, sku AS product FROM cp_split_lines WHERE scheme = 'hand, 4 parts'$$, 3) r
WHERE m.scheme = 'hand, 4 parts' AND m.keys LIKE '%max_basket 3'
  AND (i.n_orders, i.skipped_orders, i.max_basket, i.products, i.pairs_counted)
      IS DISTINCT FROM (r.n_orders, r.skipped_orders, 3, r.products, r.pairs_counted);
-- a merged state holds the counts and baskets of all its lines: the state
-- of the lines in one pass, and their layout (cp_v2_layout).  The cases
-- that differ (none):
SELECT c.scheme, c.keys, c.got, c.one_pass, c.layout
FROM (SELECT st.scheme, st.keys, md5(st.merged::text) AS got, md5(o.state::text) AS one_pass,
             md5(cp_v2_layout(format('SELECT order_id, %s AS product FROM cp_split_lines WHERE scheme = %L',
                                     CASE WHEN st.keys LIKE 'text%' THEN 'sku COLLATE "C"' ELSE 'product_id' END, st.scheme),
                              split_part(st.keys, ',', 1),
                              CASE WHEN st.keys LIKE '%max_basket 3' THEN 3 ELSE 1000 END)) AS layout
      FROM (SELECT scheme, v.keys, cp_combine(v.state ORDER BY part) AS merged
            FROM cp_split_states s
            CROSS JOIN LATERAL (VALUES ('text', s.s_text), ('text, max_basket 3', s.s_text3),
                                       ('bigint', s.s_i8), ('bigint, max_basket 3', s.s_i83)) v(keys, state)
            GROUP BY 1, 2) st
      JOIN cp_split_one o USING (scheme, keys)) c
WHERE c.got IS DISTINCT FROM c.one_pass OR c.got IS DISTINCT FROM c.layout;

-- ---------------------------------------------------------------------
-- Malformed values: 22P02 for bad hex, 22P03 for bad bytes
-- ---------------------------------------------------------------------
-- hex offsets (1-based characters; byte b at 2b + 1):
--   aov_pairs (version 1): version 1, kind 3, reserved 5-8, max_basket
--     9-16, n_orders 17-32, skipped 33-48, m 49-64, p 65-80, products from
--     81 (bigint: count and key, 32 characters each; text: count 16,
--     length 8, bytes), then the pairs (a 8, b 8, n_ab 16)
--   aov_basket_lines: version 1, kind 3, reserved 5-8, max_basket 9-16;
--     version 1 (doc/reference.md): n 17-32, d 33-48, lines from 49 (order
--     16, key 16), then the dictionary (length 8, bytes); version 2
--     (cp_v2_layout): baskets counted 17-32, skipped 33-48, then the
--     variable-length counts
CREATE TABLE cp_valid (name text, typ text, hex text);
INSERT INTO cp_valid
-- N = 3; 10: 2 orders, 20: 3, 30: 2; (10,20): 2, (10,30): 1, (20,30): 2
SELECT 'pairs bigint', 'aov_pairs', aov_copurchase(o, p)::text
FROM (VALUES (1, 10), (1, 20), (1, 30), (2, 10), (2, 20), (3, 20), (3, 30)) v(o, p)
UNION ALL
-- N = 3; a: 2 orders, b: 3; (a,b): 2
SELECT 'pairs text', 'aov_pairs', aov_copurchase(o, p)::text
FROM (VALUES (1, 'a'), (1, 'b'), (2, 'b'), (2, 'a'), (3, 'b')) v(o, p)
UNION ALL
-- version 1 (aov_ext 0.2 and 0.3, still read), written from its layout:
-- the lines (1, 10), (2, 20)
SELECT 'lines v1 bigint', 'aov_basket_lines',
       '01' || '01' || '0000' || cp_h4(1000) || cp_h8(2) || cp_h8(0)
       || cp_h8(1) || cp_h8(10) || cp_h8(2) || cp_h8(20)
UNION ALL
-- the lines (1, 'a'), (1, 'b'): dictionary strings 0 and 1
SELECT 'lines v1 text', 'aov_basket_lines',
       '01' || '02' || '0000' || cp_h4(1000) || cp_h8(2) || cp_h8(2)
       || cp_h8(1) || cp_h8(0) || cp_h8(1) || cp_h8(1) || cp_h4(1) || '61' || cp_h4(1) || '62'
UNION ALL
-- version 2, bigint keys, max_basket 3: orders -7 {-5, 20}, 1 {10, 20, 30},
-- 2 {10, 20}, 3 {20, 30}, 5 {10, 20, 30, 40} (skipped), 8 {10, 20}, 9 {30}
SELECT 'lines v2 bigint', 'aov_basket_lines', cp_state(o, p, 3)::text
FROM (VALUES (-7, -5), (-7, 20), (1, 10), (1, 20), (1, 30), (2, 10), (2, 20), (2, 10), (3, 20), (3, 30),
             (5, 10), (5, 20), (5, 30), (5, 40), (8, 20), (8, 10), (9, 30)) v(o, p)
UNION ALL
-- version 2, text keys: orders 1 {a, b}, 2 {a, é}, 3 {b}
SELECT 'lines v2 text', 'aov_basket_lines', cp_state(o, p)::text
FROM (VALUES (1, 'a'), (1, 'b'), (2, chr(233)), (2, 'a'), (3, 'b')) v(o, p)
UNION ALL
-- version 2, NULL lines only: no product, no basket
SELECT 'lines v2 without baskets', 'aov_basket_lines', cp_state(o, NULL::bigint)::text FROM (VALUES (1)) v(o);
SELECT name, length(hex) AS hex_length, expect_error(format('SELECT %L::%s', hex, typ)) AS valid
FROM cp_valid ORDER BY name COLLATE "C";

-- the layout is as described: aov_pairs, and the version-2 values field by
-- field (the header, then m, keys, counts less one; p, pairs; the baskets)
SELECT hex = '01' || '01' || '0000' || cp_h4(1000) || cp_h8(3) || cp_h8(0) || cp_h8(3) || cp_h8(3)
             || cp_h8(2) || cp_h8(10) || cp_h8(3) || cp_h8(20) || cp_h8(2) || cp_h8(30)
             || cp_h4(0) || cp_h4(1) || cp_h8(2) || cp_h4(0) || cp_h4(2) || cp_h8(1) || cp_h4(1) || cp_h4(2) || cp_h8(2)
       AS pairs_bigint_layout
FROM cp_valid WHERE name = 'pairs bigint';
CREATE TABLE cp_v2 (name text, kind text, max_basket int, n bigint, skipped bigint,
                    products text, counts text, pairs text, baskets text);
INSERT INTO cp_v2 VALUES
    -- N = 6, 1 skipped; products -5, 10, 20, 30 (numbers 0 to 3; 40 is
    -- only in the skipped order): the first key + 2^63, then the steps
    -- less one; in 1, 3, 5 and 3 orders; pairs (0, 2) 1, (1, 2) 3, (1, 3) 1
    -- and (2, 3) 2 (at its overlap n_a + n_b - N; (1, 2) one above); orders
    -- -7 (+ 2^63) {0, 2}, 1 (step 7) {1, 2, 3}, 2 {1, 2}, 3 {2, 3}, 5 (step
    -- 1) skipped, 8 (step 2) {1, 2}, 9 {3}
    ('bigint', '01', 3, 6, 1,
     cp_varints(4, cp_ukey(-5), 14, 9, 9),
     cp_varints(0, 2, 4, 2),
     cp_varints(4, 0, 1, 0, 1, 0, 2, 0, 0, 0, 1, 0, 1),
     cp_varints(7, cp_ukey(-7), 2, 0, 1, 7, 3, 1, 0, 0, 0, 2, 1, 0, 0, 2, 2, 0, 1, 0, 2, 2, 1, 0, 0, 1, 3)),
    -- N = 3; a, b, é (c3 a9) in 2, 2 and 1 orders; pairs (0, 1) 1, (0, 2)
    -- 1; orders 1 {0, 1}, 2 {0, 2}, 3 {1}
    ('text', '02', 1000, 3, 0,
     cp_varints(3, 1) || '61' || cp_varints(1) || '62' || cp_varints(2) || 'c3a9',
     cp_varints(1, 1, 0),
     cp_varints(2, 0, 0, 0, 0, 0, 0),
     cp_varints(3, cp_ukey(1), 2, 0, 0, 0, 2, 0, 1, 0, 1, 1)),
    -- nothing: m = p = 0, no basket
    ('without baskets', '01', 1000, 0, 0, cp_varints(0), '', cp_varints(0), cp_varints(0));
CREATE FUNCTION cp_v2_hex(kind text, max_basket int, n bigint, skipped bigint, body text) RETURNS text
LANGUAGE sql IMMUTABLE AS $$ SELECT '02' || kind || '0000' || cp_h4(max_basket) || cp_h8(n) || cp_h8(skipped) || body $$;
-- the version-2 values that differ from their fields (none)
SELECT v.name, v.hex, cp_v2_hex(f.kind, f.max_basket, f.n, f.skipped, f.products || f.counts || f.pairs || f.baskets) AS fields
FROM cp_valid v JOIN cp_v2 f ON v.name = 'lines v2 ' || f.name
WHERE v.hex IS DISTINCT FROM cp_v2_hex(f.kind, f.max_basket, f.n, f.skipped, f.products || f.counts || f.pairs || f.baskets)
UNION ALL
SELECT 'missing', NULL, NULL WHERE (SELECT count(*) FROM cp_valid v JOIN cp_v2 f ON v.name = 'lines v2 ' || f.name) <> 3;

-- version 1 is read: the pairs of each value are those of aov_copurchase
-- over its lines; merged with version-2 states (order 1 in both), those of
-- all the lines; combined, it is written as version 2 (cp_v2_layout).
-- The rows that differ (none):
SELECT 'v1 bigint' AS value, d.*
FROM cp_pairs_diff((SELECT _aov_basket_lines_pairs(hex::aov_basket_lines) FROM cp_valid WHERE name = 'lines v1 bigint'),
                   (SELECT aov_copurchase(o, p) FROM (VALUES (1, 10), (2, 20)) v(o, p))) d
UNION ALL
SELECT 'v1 text', d.*
FROM cp_pairs_diff((SELECT _aov_basket_lines_pairs(hex::aov_basket_lines) FROM cp_valid WHERE name = 'lines v1 text'),
                   (SELECT aov_copurchase(o, p) FROM (VALUES (1, 'a'), (1, 'b')) v(o, p))) d
UNION ALL
SELECT 'v1 text + v2 text', d.*
FROM cp_pairs_diff((SELECT cp_merge(hex::aov_basket_lines ORDER BY name) FROM cp_valid WHERE name IN ('lines v1 text', 'lines v2 text')),
                   (SELECT aov_copurchase(o, p) FROM (VALUES (1, 'a'), (1, 'b'), (1, 'a'), (1, 'b'), (2, chr(233)), (2, 'a'), (3, 'b')) v(o, p))) d
UNION ALL
SELECT 'v2 bigint + v1 bigint', d.*
FROM cp_pairs_diff((SELECT cp_merge(s) FROM (SELECT cp_state(o, p) FROM (VALUES (1, 30), (2, 10), (3, 10), (3, 20)) v(o, p)
                                             UNION ALL SELECT hex::aov_basket_lines FROM cp_valid WHERE name = 'lines v1 bigint') x(s)),
                   (SELECT aov_copurchase(o, p) FROM (VALUES (1, 30), (2, 10), (3, 10), (3, 20), (1, 10), (2, 20)) v(o, p))) d
UNION ALL
SELECT 'v1 text, combined', 'state', NULL, s, l
FROM (SELECT cp_combine(hex::aov_basket_lines)::text,
             cp_v2_layout($$SELECT 1 AS order_id, p COLLATE "C" AS product FROM unnest('{a,b}'::text[]) p$$, 'text')
      FROM cp_valid WHERE name = 'lines v1 text') x(s, l)
WHERE s IS DISTINCT FROM l;
-- (the pairs compared in the merges)
SELECT count(*) AS pairs
FROM aov_pair_stats((SELECT aov_copurchase(o, p) FROM (VALUES (1, 'a'), (1, 'b'), (1, 'a'), (1, 'b'), (2, chr(233)), (2, 'a'), (3, 'b')) v(o, p)))
UNION ALL
SELECT count(*) FROM aov_pair_stats((SELECT aov_copurchase(o, p) FROM (VALUES (1, 30), (2, 10), (3, 10), (3, 20), (1, 10), (2, 20)) v(o, p)));

CREATE TABLE cp_bad (name text, typ text, hex text, input text);
INSERT INTO cp_bad (name, typ, hex)
SELECT 'empty', 'aov_pairs', ''
UNION ALL SELECT 'odd length', 'aov_pairs', left(hex, -1) FROM cp_valid WHERE name = 'pairs bigint'
UNION ALL SELECT 'non-hex', 'aov_pairs', cp_patch(hex, 21, 'g0') FROM cp_valid WHERE name = 'pairs bigint'
UNION ALL SELECT 'header cut', 'aov_pairs', left(hex, 60) FROM cp_valid WHERE name = 'pairs bigint'
UNION ALL SELECT 'last byte missing', 'aov_pairs', left(hex, -2) FROM cp_valid WHERE name = 'pairs bigint'
UNION ALL SELECT 'last pair missing', 'aov_pairs', left(hex, -32) FROM cp_valid WHERE name = 'pairs bigint'
UNION ALL SELECT 'trailing byte', 'aov_pairs', hex || '00' FROM cp_valid WHERE name = 'pairs bigint'
UNION ALL SELECT 'version 0', 'aov_pairs', cp_patch(hex, 1, '00') FROM cp_valid WHERE name = 'pairs bigint'
UNION ALL SELECT 'version 2', 'aov_pairs', cp_patch(hex, 1, '02') FROM cp_valid WHERE name = 'pairs bigint'
UNION ALL SELECT 'kind 0', 'aov_pairs', cp_patch(hex, 3, '00') FROM cp_valid WHERE name = 'pairs bigint'
UNION ALL SELECT 'kind 3', 'aov_pairs', cp_patch(hex, 3, '03') FROM cp_valid WHERE name = 'pairs bigint'
UNION ALL SELECT 'kind text, bigint body', 'aov_pairs', cp_patch(hex, 3, '02') FROM cp_valid WHERE name = 'pairs bigint'
UNION ALL SELECT 'reserved', 'aov_pairs', cp_patch(hex, 5, '0100') FROM cp_valid WHERE name = 'pairs bigint'
UNION ALL SELECT 'max_basket 1', 'aov_pairs', cp_patch(hex, 9, cp_h4(1)) FROM cp_valid WHERE name = 'pairs bigint'
UNION ALL SELECT 'max_basket negative', 'aov_pairs', cp_patch(hex, 9, cp_h4(-1000)) FROM cp_valid WHERE name = 'pairs bigint'
UNION ALL SELECT 'n_orders negative', 'aov_pairs', cp_patch(hex, 17, cp_h8(-1)) FROM cp_valid WHERE name = 'pairs bigint'
UNION ALL SELECT 'n_orders below a count', 'aov_pairs', cp_patch(hex, 17, cp_h8(2)) FROM cp_valid WHERE name = 'pairs bigint'
UNION ALL SELECT 'skipped negative', 'aov_pairs', cp_patch(hex, 33, cp_h8(-1)) FROM cp_valid WHERE name = 'pairs bigint'
UNION ALL SELECT 'products negative', 'aov_pairs', cp_patch(hex, 49, cp_h8(-1)) FROM cp_valid WHERE name = 'pairs bigint'
UNION ALL SELECT 'products 4', 'aov_pairs', cp_patch(hex, 49, cp_h8(4)) FROM cp_valid WHERE name = 'pairs bigint'
UNION ALL SELECT 'products 2^40', 'aov_pairs', cp_patch(hex, 49, cp_h8(1099511627776)) FROM cp_valid WHERE name = 'pairs bigint'
UNION ALL SELECT 'pairs 4', 'aov_pairs', cp_patch(hex, 65, cp_h8(4)) FROM cp_valid WHERE name = 'pairs bigint'
UNION ALL SELECT 'pairs 2', 'aov_pairs', cp_patch(hex, 65, cp_h8(2)) FROM cp_valid WHERE name = 'pairs bigint'
UNION ALL SELECT 'pairs negative', 'aov_pairs', cp_patch(hex, 65, cp_h8(-2)) FROM cp_valid WHERE name = 'pairs bigint'
UNION ALL SELECT 'product count 0', 'aov_pairs', cp_patch(hex, 81, cp_h8(0)) FROM cp_valid WHERE name = 'pairs bigint'
UNION ALL SELECT 'product count above n_orders', 'aov_pairs', cp_patch(hex, 113, cp_h8(4)) FROM cp_valid WHERE name = 'pairs bigint'
UNION ALL SELECT 'keys unsorted', 'aov_pairs', left(hex, 80) || substr(hex, 113, 32) || substr(hex, 81, 32) || substr(hex, 145)
          FROM cp_valid WHERE name = 'pairs bigint'
UNION ALL SELECT 'keys equal', 'aov_pairs', cp_patch(hex, 129, cp_h8(10)) FROM cp_valid WHERE name = 'pairs bigint'
UNION ALL SELECT 'pair count above min(n_a, n_b)', 'aov_pairs', cp_patch(hex, 225, cp_h8(3)) FROM cp_valid WHERE name = 'pairs bigint'
UNION ALL SELECT 'pair count 0', 'aov_pairs', cp_patch(hex, 193, cp_h8(0)) FROM cp_valid WHERE name = 'pairs bigint'
UNION ALL SELECT 'pair count negative', 'aov_pairs', cp_patch(hex, 193, cp_h8(-1)) FROM cp_valid WHERE name = 'pairs bigint'
UNION ALL SELECT 'pairs unsorted', 'aov_pairs', left(hex, 176) || substr(hex, 209, 32) || substr(hex, 177, 32) || substr(hex, 241)
          FROM cp_valid WHERE name = 'pairs bigint'
UNION ALL SELECT 'pair twice', 'aov_pairs', left(hex, 176) || substr(hex, 177, 32) || substr(hex, 177, 32) || substr(hex, 241)
          FROM cp_valid WHERE name = 'pairs bigint'
UNION ALL SELECT 'pair a = b', 'aov_pairs', cp_patch(hex, 185, cp_h4(0)) FROM cp_valid WHERE name = 'pairs bigint'
UNION ALL SELECT 'pair b < a', 'aov_pairs', cp_patch(hex, 241, cp_h4(2) || cp_h4(1)) FROM cp_valid WHERE name = 'pairs bigint'
UNION ALL SELECT 'pair b beyond products', 'aov_pairs', cp_patch(hex, 249, cp_h4(3)) FROM cp_valid WHERE name = 'pairs bigint'
UNION ALL SELECT 'pair a negative', 'aov_pairs', cp_patch(hex, 177, cp_h4(-1)) FROM cp_valid WHERE name = 'pairs bigint'
UNION ALL SELECT 'text keys unsorted', 'aov_pairs', cp_patch(cp_patch(hex, 105, '62'), 131, '61') FROM cp_valid WHERE name = 'pairs text'
UNION ALL SELECT 'text keys equal', 'aov_pairs', cp_patch(hex, 131, '61') FROM cp_valid WHERE name = 'pairs text'
UNION ALL SELECT 'text key length beyond the end', 'aov_pairs', cp_patch(hex, 123, cp_h4(1000)) FROM cp_valid WHERE name = 'pairs text'
UNION ALL SELECT 'text key length negative', 'aov_pairs', cp_patch(hex, 97, cp_h4(-1)) FROM cp_valid WHERE name = 'pairs text'
UNION ALL SELECT 'text pair count 3', 'aov_pairs', cp_patch(hex, 149, cp_h8(3)) FROM cp_valid WHERE name = 'pairs text'
-- aov_basket_lines, either version
UNION ALL SELECT 'lines empty', 'aov_basket_lines', ''
UNION ALL SELECT 'lines odd length', 'aov_basket_lines', hex || '0' FROM cp_valid WHERE name = 'lines v2 bigint'
UNION ALL SELECT 'lines non-hex', 'aov_basket_lines', cp_patch(hex, 3, 'x1') FROM cp_valid WHERE name = 'lines v2 bigint'
UNION ALL SELECT 'lines header cut', 'aov_basket_lines', left(hex, 14) FROM cp_valid WHERE name = 'lines v2 bigint'
-- version 1: the lines (1, 10), (2, 20); (1, 'a'), (1, 'b')
UNION ALL SELECT 'v1 header cut', 'aov_basket_lines', left(hex, 40) FROM cp_valid WHERE name = 'lines v1 bigint'
UNION ALL SELECT 'v1 last byte missing', 'aov_basket_lines', left(hex, -2) FROM cp_valid WHERE name = 'lines v1 bigint'
UNION ALL SELECT 'v1 trailing byte', 'aov_basket_lines', hex || 'ff' FROM cp_valid WHERE name = 'lines v1 bigint'
UNION ALL SELECT 'v1 version 0', 'aov_basket_lines', cp_patch(hex, 1, '00') FROM cp_valid WHERE name = 'lines v1 bigint'
UNION ALL SELECT 'v1 body as version 2', 'aov_basket_lines', cp_patch(hex, 1, '02') FROM cp_valid WHERE name = 'lines v1 bigint'
UNION ALL SELECT 'v1 text body as version 2', 'aov_basket_lines', cp_patch(hex, 1, '02') FROM cp_valid WHERE name = 'lines v1 text'
UNION ALL SELECT 'v1 kind 0', 'aov_basket_lines', cp_patch(hex, 3, '00') FROM cp_valid WHERE name = 'lines v1 bigint'
UNION ALL SELECT 'v1 reserved', 'aov_basket_lines', cp_patch(hex, 7, '01') FROM cp_valid WHERE name = 'lines v1 bigint'
UNION ALL SELECT 'v1 max_basket 1', 'aov_basket_lines', cp_patch(hex, 9, cp_h4(1)) FROM cp_valid WHERE name = 'lines v1 bigint'
UNION ALL SELECT 'v1 n negative', 'aov_basket_lines', cp_patch(hex, 17, cp_h8(-1)) FROM cp_valid WHERE name = 'lines v1 bigint'
UNION ALL SELECT 'v1 n 3', 'aov_basket_lines', cp_patch(hex, 17, cp_h8(3)) FROM cp_valid WHERE name = 'lines v1 bigint'
UNION ALL SELECT 'v1 n 1', 'aov_basket_lines', cp_patch(hex, 17, cp_h8(1)) FROM cp_valid WHERE name = 'lines v1 bigint'
UNION ALL SELECT 'v1 n huge', 'aov_basket_lines', cp_patch(hex, 17, cp_h8(9223372036854775807)) FROM cp_valid WHERE name = 'lines v1 bigint'
UNION ALL SELECT 'v1 bigint with a dictionary', 'aov_basket_lines', cp_patch(hex, 33, cp_h8(1)) FROM cp_valid WHERE name = 'lines v1 bigint'
UNION ALL SELECT 'v1 dictionary negative', 'aov_basket_lines', cp_patch(hex, 33, cp_h8(-1)) FROM cp_valid WHERE name = 'lines v1 text'
UNION ALL SELECT 'v1 dictionary 3', 'aov_basket_lines', cp_patch(hex, 33, cp_h8(3)) FROM cp_valid WHERE name = 'lines v1 text'
UNION ALL SELECT 'v1 missing dictionary string', 'aov_basket_lines', cp_patch(hex, 97, cp_h8(2)) FROM cp_valid WHERE name = 'lines v1 text'
UNION ALL SELECT 'v1 negative dictionary index', 'aov_basket_lines', cp_patch(hex, 65, cp_h8(-1)) FROM cp_valid WHERE name = 'lines v1 text'
UNION ALL SELECT 'v1 string beyond the end', 'aov_basket_lines', cp_patch(hex, 123, cp_h4(2)) FROM cp_valid WHERE name = 'lines v1 text'
UNION ALL SELECT 'v1 string length negative', 'aov_basket_lines', cp_patch(hex, 113, cp_h4(-1)) FROM cp_valid WHERE name = 'lines v1 text'
UNION ALL SELECT 'v1 string with a NUL byte', 'aov_basket_lines', cp_patch(hex, 131, '00') FROM cp_valid WHERE name = 'lines v1 text'
UNION ALL SELECT 'v1 string not UTF-8', 'aov_basket_lines', cp_patch(hex, 131, 'ff') FROM cp_valid WHERE name = 'lines v1 text'
-- version 2: cp_v2 with one field changed (a, b: pair product numbers;
-- bigint: products -5, 10, 20, 30 as 0 to 3, N = 6; text: a, b, é, N = 3)
UNION ALL
SELECT x.name, 'aov_basket_lines', x.hex
FROM (SELECT f.*, cp_v2_hex(kind, max_basket, n, skipped, products || counts || pairs || baskets) AS h,
             '02' || kind || '0000' || cp_h4(max_basket) || cp_h8(n) || cp_h8(skipped) AS hdr
      FROM cp_v2 f WHERE name = 'bigint') v
CROSS JOIN LATERAL (VALUES
    -- the header
    ('v2 version 0', cp_patch(h, 1, '00')),
    ('v2 version 3', cp_patch(h, 1, '03')),
    ('v2 body as version 1', cp_patch(h, 1, '01')),
    ('v2 kind 0', cp_patch(h, 3, '00')),
    ('v2 kind 3', cp_patch(h, 3, '03')),
    ('v2 kind text, bigint body', cp_patch(h, 3, '02')),
    ('v2 reserved', cp_patch(h, 5, '8000')),
    ('v2 max_basket 1', cp_patch(h, 9, cp_h4(1))),
    ('v2 max_basket negative', cp_patch(h, 9, cp_h4(-3))),
    ('v2 max_basket 2, a basket of 3', cp_patch(h, 9, cp_h4(2))),
    ('v2 baskets counted negative', cp_patch(h, 17, cp_h8(-1))),
    ('v2 baskets counted 2^62', cp_patch(h, 17, cp_h8(4611686018427387904))),
    ('v2 baskets counted 7, one more than the baskets', cp_patch(h, 17, cp_h8(7))),
    ('v2 skipped negative', cp_patch(h, 33, cp_h8(-1))),
    ('v2 skipped 2^62', cp_patch(h, 33, cp_h8(4611686018427387904))),
    ('v2 skipped 0, one skipped basket', cp_patch(h, 33, cp_h8(0))),
    ('v2 skipped 2, one skipped basket', cp_patch(h, 33, cp_h8(2))),
    -- lengths
    ('v2 header cut', left(h, 40)),
    ('v2 header only', hdr),
    ('v2 cut after the products', hdr || products),
    ('v2 cut after the pairs', hdr || products || counts || pairs),
    ('v2 last byte missing', left(h, -2)),
    ('v2 ends inside a variable-length integer', left(h, -2) || '83'),
    ('v2 trailing byte', h || '00'),
    -- variable-length integers
    ('v2 non-minimal variable-length integer (80 00)', hdr || products || '8000' || cp_varints(2, 4, 2) || pairs || baskets),
    ('v2 non-minimal variable-length integer (8e 00)',
     hdr || cp_varints(4, cp_ukey(-5)) || '8e00' || cp_varints(9, 9) || counts || pairs || baskets),
    ('v2 variable-length integer 2^64', hdr || cp_varint(18446744073709551616) || substr(products, 3) || counts || pairs || baskets),
    ('v2 variable-length integer of 19 bytes', hdr || repeat('ff', 18) || '7f' || substr(products, 3) || counts || pairs || baskets),
    -- products
    ('v2 products 2^31', hdr || cp_varint(2147483648) || substr(products, 3) || counts || pairs || baskets),
    ('v2 products 5, one key missing', hdr || cp_varint(5) || substr(products, 3) || counts || pairs || baskets),
    ('v2 product key beyond bigint',
     hdr || cp_varints(4, cp_ukey(-5), 14, 9, 18446744073709551615 - cp_ukey(20)) || counts || pairs || baskets),
    ('v2 product count 0 (count less one 2^64 - 1)', hdr || products || cp_varints(0, 2, 4, 18446744073709551615) || pairs || baskets),
    ('v2 product count above N', hdr || products || cp_varints(6, 2, 4, 2) || pairs || baskets),
    ('v2 product counts not matching the baskets', hdr || products || cp_varints(0, 2, 4, 1) || pairs || baskets),
    ('v2 a product in no basket', hdr || cp_varints(5, cp_ukey(-5), 14, 9, 9, 19) || cp_varints(0, 2, 4, 2, 0) || pairs || baskets),
    -- pairs
    ('v2 pairs 2^40', hdr || products || counts || cp_varint(1099511627776) || substr(pairs, 3) || baskets),
    ('v2 pairs 5, one pair missing', hdr || products || counts || cp_varint(5) || substr(pairs, 3) || baskets),
    ('v2 pair a beyond the products', hdr || products || counts || cp_varints(4, 4, 1, 0, 1, 0, 2, 0, 0, 0, 1, 0, 1) || baskets),
    ('v2 pair a steps back (the step wraps)',
     hdr || products || counts || cp_varints(4, 0, 1, 0, 1, 0, 2, 18446744073709551615, 0, 0, 1, 0, 1) || baskets),
    ('v2 pair b beyond the products', hdr || products || counts || cp_varints(4, 0, 1, 0, 1, 0, 2, 0, 0, 0, 1, 1, 1) || baskets),
    ('v2 pair b = a (b - a - 1 wraps)',
     hdr || products || counts || cp_varints(4, 0, 18446744073709551615, 0, 1, 0, 2, 0, 0, 0, 1, 0, 1) || baskets),
    ('v2 pair repeated (the step of b wraps)',
     hdr || products || counts || cp_varints(4, 0, 1, 0, 1, 0, 2, 0, 18446744073709551615, 0, 1, 0, 1) || baskets),
    ('v2 pair count above min(n_a, n_b)', hdr || products || counts || cp_varints(4, 0, 1, 0, 1, 0, 2, 0, 0, 3, 1, 0, 1) || baskets),
    ('v2 pair count below the overlap n_a + n_b - N',
     hdr || products || counts || cp_varints(4, 0, 1, 0, 1, 0, 0, 0, 0, 0, 1, 0, 1) || baskets),
    -- baskets
    ('v2 baskets 2^40', hdr || products || counts || pairs || cp_varint(1099511627776) || substr(baskets, 3)),
    ('v2 baskets 6, one basket fewer', hdr || products || counts || pairs || cp_varint(6) || substr(baskets, 3, length(baskets) - 8)),
    ('v2 a counted basket skipped (k = 0)',
     hdr || products || counts || pairs
     || cp_varints(7, cp_ukey(-7), 2, 0, 1, 7, 3, 1, 0, 0, 0, 0, 0, 2, 2, 0, 1, 0, 2, 2, 1, 0, 0, 1, 3)),
    ('v2 the skipped basket holding a product',
     hdr || products || counts || pairs
     || cp_varints(7, cp_ukey(-7), 2, 0, 1, 7, 3, 1, 0, 0, 0, 2, 1, 0, 0, 2, 2, 0, 1, 1, 3, 2, 2, 1, 0, 0, 1, 3)),
    ('v2 a basket above max_basket',
     hdr || products || counts || pairs
     || cp_varints(7, cp_ukey(-7), 2, 0, 1, 7, 4, 0, 0, 0, 0, 0, 2, 1, 0, 0, 2, 2, 0, 1, 0, 2, 2, 1, 0, 0, 1, 3)),
    ('v2 basket product beyond the products',
     hdr || products || counts || pairs
     || cp_varints(7, cp_ukey(-7), 2, 0, 1, 7, 3, 1, 0, 0, 0, 2, 1, 0, 0, 2, 2, 0, 1, 0, 2, 2, 1, 0, 0, 1, 4)),
    ('v2 basket product step beyond the products',
     hdr || products || counts || pairs
     || cp_varints(7, cp_ukey(-7), 2, 0, 1, 7, 3, 1, 0, 1, 0, 2, 1, 0, 0, 2, 2, 0, 1, 0, 2, 2, 1, 0, 0, 1, 3)),
    ('v2 basket product repeated (the step wraps)',
     hdr || products || counts || pairs
     || cp_varints(7, cp_ukey(-7), 2, 0, 1, 7, 3, 1, 18446744073709551615, 0, 0, 2, 1, 0, 0, 2, 2, 0, 1, 0, 2, 2, 1, 0, 0, 1, 3)),
    ('v2 basket products not matching the product counts',
     hdr || products || counts || pairs
     || cp_varints(7, cp_ukey(-7), 2, 0, 1, 7, 3, 1, 0, 0, 0, 2, 1, 0, 0, 2, 2, 0, 1, 0, 2, 2, 1, 0, 0, 1, 2)),
    ('v2 order id beyond bigint',
     hdr || products || counts || pairs
     || cp_varints(7, cp_ukey(-7), 2, 0, 1, 18446744073709551615 - cp_ukey(-7), 3, 1, 0, 0, 0, 2, 1, 0, 0, 2, 2, 0, 1, 0, 2, 2, 1, 0, 0, 1, 3))
    ) x(name, hex)
UNION ALL
SELECT x.name, 'aov_basket_lines', x.hex
FROM (SELECT f.*, cp_v2_hex(kind, max_basket, n, skipped, products || counts || pairs || baskets) AS h,
             '02' || kind || '0000' || cp_h4(max_basket) || cp_h8(n) || cp_h8(skipped) AS hdr
      FROM cp_v2 f WHERE name = 'text') v
CROSS JOIN LATERAL (VALUES
    ('v2 kind bigint, text body', cp_patch(h, 3, '01')),
    ('v2 text keys equal', hdr || cp_varints(3, 1) || '61' || cp_varints(1) || '61' || cp_varints(2) || 'c3a9' || counts || pairs || baskets),
    ('v2 text keys decreasing', hdr || cp_varints(3, 1) || '62' || cp_varints(1) || '61' || cp_varints(2) || 'c3a9' || counts || pairs || baskets),
    ('v2 text keys: a after ab', hdr || cp_varints(3, 2) || '6162' || cp_varints(1) || '61' || cp_varints(2) || 'c3a9' || counts || pairs || baskets),
    ('v2 text key not UTF-8', hdr || cp_varints(3, 1) || '61' || cp_varints(1) || '62' || cp_varints(2) || 'c328' || counts || pairs || baskets),
    ('v2 text key with a NUL byte', hdr || cp_varints(3, 1) || '61' || cp_varints(2) || '6200' || cp_varints(2) || 'c3a9' || counts || pairs || baskets),
    ('v2 text key length beyond the end', hdr || cp_varints(3, 1) || '61' || cp_varints(1) || '62' || cp_varints(1000) || 'c3a9' || counts || pairs || baskets),
    ('v2 text key length 2^31', hdr || cp_varints(3, 1) || '61' || cp_varints(1) || '62' || cp_varints(2147483648) || 'c3a9' || counts || pairs || baskets),
    ('v2 a basket of more products than there are',
     hdr || products || counts || pairs || cp_varints(3, cp_ukey(1), 4, 0, 0, 0, 0, 0, 2, 0, 1, 0, 1, 1))
    ) x(name, hex);
UPDATE cp_bad SET input = expect_error(format('SELECT %L::%s', hex, typ));
SELECT name, input FROM cp_bad ORDER BY typ DESC, name COLLATE "C";
-- the values not rejected with 22P03 (22P02 when not hexadecimal) (none)
SELECT name, hex, input FROM cp_bad
WHERE NOT (input LIKE '22P03: %' OR (hex !~ '^([0-9a-f]{2})*$' AND input LIKE '22P02: %'));
-- recv (binary COPY of a bytea file read as the type) checks the same
SELECT name, recv_error(typ, decode(hex, 'hex')) AS recv FROM cp_valid ORDER BY name COLLATE "C";
-- the malformed values in hexadecimal, and those whose recv error is not
-- their input error (none)
SELECT count(*) AS values FROM cp_bad WHERE hex ~ '^([0-9a-f]{2})*$';
SELECT name, input, recv
FROM (SELECT name, input, recv_error(typ, decode(hex, 'hex')) AS recv FROM cp_bad WHERE hex ~ '^([0-9a-f]{2})*$') r
WHERE recv IS DISTINCT FROM input;
SELECT (SELECT count(*) FROM recv_pairs) AS pairs_read, (SELECT count(*) FROM recv_basket_lines) AS lines_read;

-- Pair counts are not recounted from the baskets when a value is read
-- (src/pair_count.c: "a forged value can give forged counts within those
-- bounds, never a crash"), so a value whose pairs disagree with its
-- baskets is accepted.  Merged with a state that shares an order, it must
-- still give a valid aov_pairs, or a 22P03 error.  Text keys, max_basket 4:
--   pair without a basket: baskets 1 {a, b}, 2 {c}; pairs (a, b) 1 and
--     (a, c) 1, which no basket holds; order 1's other lines {x, y, z}
--     make it 5 products, skipped: a is then in no counted order, and
--     (a, c) still counts 1
--   missing pair: basket 1 {a, b} and no pair; with {c, d, e}, order 1 is
--     skipped and its pair (a, b) taken back from 0
-- The merge, and the merged value read back: both merges are refused
-- with 22P03, as the counts they would need are impossible.
CREATE TABLE cp_forged (name text, hex text, other text);
INSERT INTO cp_forged VALUES
    ('pair without a basket',
     cp_v2_hex('02', 4, 2, 0, cp_varints(3, 1) || '61' || cp_varints(1) || '62' || cp_varints(1) || '63'
                              || cp_varints(0, 0, 0) || cp_varints(2, 0, 0, 0, 0, 0, 0)
                              || cp_varints(2, cp_ukey(1), 2, 0, 0, 0, 1, 2)),
     $$(1, 'x'), (1, 'y'), (1, 'z')$$),
    ('missing pair',
     cp_v2_hex('02', 4, 1, 0, cp_varints(2, 1) || '61' || cp_varints(1) || '62' || cp_varints(0, 0)
                              || cp_varints(0) || cp_varints(1, cp_ukey(1), 2, 0, 0)),
     $$(1, 'c'), (1, 'd'), (1, 'e')$$);
SELECT name, expect_error(format('SELECT %L::aov_basket_lines', hex)) AS input,
       expect_error(format('SELECT cp_merge(s) FROM (SELECT %L::aov_basket_lines
                                                     UNION ALL SELECT cp_state(o, p, 4) FROM (VALUES %s) v(o, p)) x(s)',
                           hex, other)) AS merge,
       expect_error(format('SELECT (SELECT cp_merge(s) FROM (SELECT %L::aov_basket_lines
                                                             UNION ALL SELECT cp_state(o, p, 4) FROM (VALUES %s) v(o, p)) x(s))::text::aov_pairs',
                           hex, other)) AS merged_read_back
FROM cp_forged ORDER BY name;

-- ---------------------------------------------------------------------
-- Bad arguments
-- ---------------------------------------------------------------------
CREATE TABLE cp_types (order_id bigint, product_id bigint, sku text, d date, n numeric, t text, r real);
INSERT INTO cp_types VALUES (1, 1, 'a', '2024-01-01', 1, 'x', 1), (1, 2, 'b', '2024-01-02', 2, 'y', 2);
CREATE TABLE cp_no_lift AS SELECT product_a, product_b, n_ab, support, confidence_ab, confidence_ba, p_value
FROM aov_pair_table('cp_hand', product_column => 'product');
CREATE TABLE cp_pt_hand AS SELECT * FROM aov_pair_table('cp_hand', product_column => 'product');
SELECT q.name, expect_error(q.q) AS result
FROM (VALUES
    ('aov_copurchase max_basket 1', $$SELECT aov_copurchase(order_id, product, 1) FROM cp_hand$$),
    ('aov_copurchase max_basket 0, bigint', $$SELECT aov_copurchase(order_id, product_id, 0) FROM cp_types$$),
    ('aov_copurchase max_basket negative', $$SELECT aov_copurchase(order_id, product, -5) FROM cp_hand$$),
    ('aov_copurchase max_basket 2', $$SELECT aov_copurchase(order_id, product, 2) FROM cp_hand$$),
    ('aov_copurchase max_basket NULL', $$SELECT aov_copurchase(order_id, product, NULL) FROM cp_hand$$),
    ('aov_copurchase max_basket NULL on a later row', $$SELECT aov_copurchase(order_id, product, CASE WHEN order_id < 5 THEN 3 END) FROM cp_hand$$),
    ('aov_copurchase max_basket changes', $$SELECT aov_copurchase(order_id, product, CASE WHEN order_id < 5 THEN 3 ELSE 4 END) FROM cp_hand$$),
    ('aov_copurchase max_basket changes on a NULL line', $$SELECT aov_copurchase(order_id, product, CASE WHEN order_id IS NULL THEN 4 ELSE 3 END) FROM cp_hand$$),
    ('aov_copurchase as a window function', $$SELECT aov_copurchase(order_id, product) OVER (ORDER BY order_id) FROM cp_hand$$),
    ('aov_pair_stats min_count 0', $$SELECT * FROM aov_pair_stats((SELECT aov_copurchase(order_id, product) FROM cp_hand), 0)$$),
    ('aov_pair_stats min_count negative', $$SELECT * FROM aov_pair_stats((SELECT aov_copurchase(order_id, product) FROM cp_hand), -1)$$),
    ('aov_pair_stats min_support 2', $$SELECT * FROM aov_pair_stats((SELECT aov_copurchase(order_id, product) FROM cp_hand), 1, 2)$$),
    ('aov_pair_stats min_support negative', $$SELECT * FROM aov_pair_stats((SELECT aov_copurchase(order_id, product) FROM cp_hand), 1, -0.001)$$),
    ('aov_pair_stats min_support NaN', $$SELECT * FROM aov_pair_stats((SELECT aov_copurchase(order_id, product) FROM cp_hand), 1, 'NaN')$$),
    ('aov_pair_stats min_support Infinity', $$SELECT * FROM aov_pair_stats((SELECT aov_copurchase(order_id, product) FROM cp_hand), 1, 'Infinity')$$),
    ('aov_pair_stats min_support 1', $$SELECT * FROM aov_pair_stats((SELECT aov_copurchase(order_id, product) FROM cp_hand), 1, 1)$$),
    ('aov_pair_stats min_count 0 on an empty value', $$SELECT * FROM aov_pair_stats((SELECT aov_copurchase(order_id, product) FROM cp_hand WHERE false), 0)$$),
    ('aov_pair_stats min_count NULL', $$SELECT * FROM aov_pair_stats((SELECT aov_copurchase(order_id, product) FROM cp_hand), NULL)$$),
    ('aov_pair_stats min_support NULL', $$SELECT * FROM aov_pair_stats((SELECT aov_copurchase(order_id, product) FROM cp_hand), 1, NULL)$$),
    ('aov_pair_stats NULL pairs, NULL floors', $$SELECT * FROM aov_pair_stats(NULL, NULL, NULL)$$),
    ('aov_pair_table max_basket 1, empty table', $$SELECT * FROM aov_pair_table('cp_empty', max_basket => 1)$$),
    ('aov_pair_table min_count 0, empty table', $$SELECT * FROM aov_pair_table('cp_empty', min_count => 0)$$),
    ('aov_pair_table no such table', $$SELECT * FROM aov_pair_table('cp_no_such_table')$$),
    ('aov_pair_table NULL table', $$SELECT * FROM aov_pair_table(NULL)$$),
    ('aov_pair_table missing order column', $$SELECT * FROM aov_pair_table('cp_hand', 'order_no', 'product')$$),
    ('aov_pair_table missing product column', $$SELECT * FROM aov_pair_table('cp_hand')$$),
    ('aov_pair_table product date', $$SELECT * FROM aov_pair_table('cp_types', product_column => 'd')$$),
    ('aov_pair_table product numeric', $$SELECT * FROM aov_pair_table('cp_types', product_column => 'n')$$),
    ('aov_pair_table product real', $$SELECT * FROM aov_pair_table('cp_types', product_column => 'r')$$),
    ('aov_pair_table order text', $$SELECT * FROM aov_pair_table('cp_types', 't', 'sku')$$),
    ('aov_pair_table order numeric', $$SELECT * FROM aov_pair_table('cp_types', 'n', 'sku')$$),
    ('aov_pair_table min_count 0', $$SELECT * FROM aov_pair_table('cp_types', min_count => 0)$$),
    ('aov_pair_table min_support 2', $$SELECT * FROM aov_pair_table('cp_types', min_support => 2)$$),
    ('aov_pair_table max_basket 1', $$SELECT * FROM aov_pair_table('cp_types', max_basket => 1)$$),
    ('aov_pair_table max_basket NULL', $$SELECT * FROM aov_pair_table('cp_types', max_basket => NULL)$$),
    ('aov_pair_table min_count NULL', $$SELECT * FROM aov_pair_table('cp_types', min_count => NULL)$$),
    ('aov_pair_table min_support NULL', $$SELECT * FROM aov_pair_table('cp_types', min_support => NULL)$$),
    ('aov_pair_table order column NULL', $$SELECT * FROM aov_pair_table('cp_types', NULL)$$),
    ('aov_cross_sell k 0', $$SELECT * FROM aov_cross_sell('cp_pt_hand', '{A}', 0)$$),
    ('aov_cross_sell k negative', $$SELECT * FROM aov_cross_sell('cp_pt_hand', '{A}', -1)$$),
    ('aov_cross_sell k NULL', $$SELECT * FROM aov_cross_sell('cp_pt_hand', '{A}', NULL)$$),
    ('aov_cross_sell min_count NULL', $$SELECT * FROM aov_cross_sell('cp_pt_hand', '{A}', 5, NULL)$$),
    ('aov_cross_sell min_support NULL', $$SELECT * FROM aov_cross_sell('cp_pt_hand', '{A}', 5, 1, NULL)$$),
    ('aov_cross_sell min_lift NULL', $$SELECT * FROM aov_cross_sell('cp_pt_hand', '{A}', 5, 1, 0, NULL)$$),
    ('aov_cross_sell NULL cart', $$SELECT * FROM aov_cross_sell('cp_pt_hand', NULL)$$),
    ('aov_cross_sell NULL table', $$SELECT * FROM aov_cross_sell(NULL, '{A}')$$),
    ('aov_cross_sell no such table', $$SELECT * FROM aov_cross_sell('cp_no_such_table', '{A}')$$),
    ('aov_cross_sell missing column', $$SELECT * FROM aov_cross_sell('cp_no_lift', '{A}')$$),
    ('aov_cross_sell not a pair table', $$SELECT * FROM aov_cross_sell('cp_hand', '{A}')$$),
    ('aov_bundles missing column', $$SELECT * FROM aov_bundles('cp_no_lift')$$),
    ('aov_bundles min_lift NULL', $$SELECT * FROM aov_bundles('cp_pt_hand', NULL)$$),
    ('aov_bundles min_support NULL', $$SELECT * FROM aov_bundles('cp_pt_hand', 2, NULL)$$),
    ('aov_bundles max_p_value NULL', $$SELECT * FROM aov_bundles('cp_pt_hand', 2, 0, NULL)$$),
    ('aov_bundles NULL table', $$SELECT * FROM aov_bundles(NULL)$$),
    ('aov_bundles NULL prices', $$SELECT * FROM aov_bundles('cp_pt_hand', prices => NULL)$$),
    ('aov_bundles missing price column', $$SELECT * FROM aov_bundles('cp_pt_hand', prices => 'cp_types', price_product_column => 'sku')$$),
    ('aov_bundles missing price product column', $$SELECT * FROM aov_bundles('cp_pt_hand', prices => 'cp_hand', price_column => 'order_id')$$),
    ('merge bigint and text states', $$SELECT cp_merge(s) FROM (SELECT cp_state(order_id, product_id) FROM cp_types UNION ALL SELECT cp_state(order_id, sku) FROM cp_types) x(s)$$),
    ('merge states of two limits', $$SELECT cp_merge(s) FROM (SELECT cp_state(order_id, sku, 4) FROM cp_types UNION ALL SELECT cp_state(order_id, sku) FROM cp_types) x(s)$$)
    ) q(name, q)
ORDER BY q.name COLLATE "C";

-- the hint of a missing column names the parameter to set
CREATE FUNCTION cp_hint(q text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    h text;
BEGIN
    EXECUTE q;
    RETURN 'no error';
EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS h = PG_EXCEPTION_HINT;
    RETURN h;
END $$;
SELECT q.name, cp_hint(q.q) AS hint
FROM (VALUES
    ('aov_pair_table order', $$SELECT * FROM aov_pair_table('cp_hand', 'order_no', 'product')$$),
    ('aov_pair_table product', $$SELECT * FROM aov_pair_table('cp_hand')$$),
    ('aov_pair_table order type', $$SELECT * FROM aov_pair_table('cp_types', 't', 'sku')$$),
    ('aov_pair_table product type', $$SELECT * FROM aov_pair_table('cp_types', product_column => 'd')$$),
    ('aov_cross_sell', $$SELECT * FROM aov_cross_sell('cp_no_lift', '{A}')$$),
    ('aov_bundles', $$SELECT * FROM aov_bundles('cp_no_lift')$$),
    ('aov_bundles price', $$SELECT * FROM aov_bundles('cp_pt_hand', prices => 'cp_types', price_product_column => 'sku')$$),
    ('aov_bundles price product', $$SELECT * FROM aov_bundles('cp_pt_hand', prices => 'cp_hand', price_column => 'order_id')$$)
    ) q(name, q)
ORDER BY q.name COLLATE "C";

-- ---------------------------------------------------------------------
-- Cross-sell and bundles from materialized pair tables, against SQL
-- references.  Cross-sell: the candidates are the partners of cart
-- products that are not in the cart, through pairs above the count,
-- support and lift floors; each is scored by its best pair (highest lift,
-- then confidence, then the smaller cart product); ranked by lift,
-- confidence, product; the first k.  cp_pt has the indexes the function
-- reads each cart product's best partners through; cp_pt_i8 has none.
-- ---------------------------------------------------------------------
CREATE TABLE cp_pt AS SELECT * FROM aov_pair_table('cp_lines', product_column => 'sku');
CREATE TABLE cp_pt_i8 AS SELECT * FROM aov_pair_table('cp_lines');
CREATE INDEX ON cp_pt (product_a, lift DESC, confidence_ab DESC, product_b);
CREATE INDEX ON cp_pt (product_b, lift DESC, confidence_ba DESC, product_a);
ANALYZE cp_pt;

CREATE FUNCTION cp_ref_cross_sell(pt regclass, cart text[], k int, min_count bigint, min_support float8,
                                  min_lift float8)
RETURNS TABLE (rank bigint, product text, lift float8, confidence float8, support float8, n_ab bigint, because_of text)
LANGUAGE plpgsql AS $$
BEGIN
    RETURN QUERY EXECUTE format($q$
        WITH d AS (SELECT product_a AS src, product_b AS dst, lift, confidence_ab AS conf, support, n_ab FROM %1$s
                   UNION ALL
                   SELECT product_b, product_a, lift, confidence_ba, support, n_ab FROM %1$s),
        c AS (SELECT d.*, row_number() OVER (PARTITION BY dst ORDER BY lift DESC, conf DESC, src) AS best
              FROM d
              WHERE src IN (SELECT unnest($1)) AND dst NOT IN (SELECT x FROM unnest($1) x WHERE x IS NOT NULL)
                AND n_ab >= $3 AND support >= $4 AND lift >= $5),
        r AS (SELECT row_number() OVER (ORDER BY lift DESC, conf DESC, dst) AS rank,
                     dst, lift, conf, support, n_ab, src
              FROM c WHERE best = 1)
        SELECT * FROM r WHERE rank <= $2 $q$, pt)
    USING cart, k, min_count, min_support, min_lift;
END $$;

CREATE TABLE cp_carts (name text, pt regclass, cart text[], k int, min_count bigint, min_support float8, min_lift float8);
INSERT INTO cp_carts VALUES
    ('one popular product', 'cp_pt', ARRAY[cp_sku(1)], 5, 1, 0, 0),
    ('one rare product, k 10', 'cp_pt', ARRAY[cp_sku(55)], 10, 1, 0, 0),
    ('one rare product, every partner', 'cp_pt', ARRAY[cp_sku(55)], 1000, 1, 0, 0),
    ('one rare product, lift >= 1', 'cp_pt', ARRAY[cp_sku(55)], 1000, 1, 0, 1),
    ('several products', 'cp_pt', ARRAY[cp_sku(2), cp_sku(1), cp_sku(45)], 5, 1, 0, 0),
    ('several products, floors', 'cp_pt', ARRAY[cp_sku(2), cp_sku(1), cp_sku(45)], 8, 5, 0.005, 1.2),
    ('several products, k 1', 'cp_pt', ARRAY[cp_sku(2), cp_sku(1), cp_sku(45)], 1, 1, 0, 0),
    ('both products of a pair', 'cp_pt', ARRAY[cp_sku(1), cp_sku(60)], 5, 1, 0, 0),
    ('a product without pairs', 'cp_pt', ARRAY['GIFT61'], 5, 1, 0, 0),
    ('with a product without pairs', 'cp_pt', ARRAY['GIFT61', cp_sku(3)], 5, 1, 0, 0),
    ('unknown product', 'cp_pt', ARRAY['nope'], 5, 1, 0, 0),
    ('a product twice', 'cp_pt', ARRAY[cp_sku(3), cp_sku(3)], 5, 1, 0, 0),
    ('a NULL in the cart', 'cp_pt', ARRAY[cp_sku(3), NULL], 5, 1, 0, 0),
    ('empty cart', 'cp_pt', '{}', 5, 1, 0, 0),
    ('NULL cart', 'cp_pt', NULL, 5, 1, 0, 0),
    ('bigint keys', 'cp_pt_i8', ARRAY[((1 - 30) * 1000000007::bigint)::text, ((45 - 30) * 1000000007::bigint)::text], 6, 2, 0, 0);
-- 300 random carts of 1 to 6 products (popular ones more often), k 1 to
-- 8, count floor 1 to 5, lift floor 0 or 1, support floor 0 or 0.002
INSERT INTO cp_carts
SELECT 'random', CASE WHEN i % 3 = 0 THEN 'cp_pt_i8' ELSE 'cp_pt' END,
       (SELECT array_agg(CASE WHEN i % 3 = 0 THEN ((p - 30) * 1000000007::bigint)::text ELSE cp_sku(p) END)
        FROM (SELECT 1 + floor(61 * test_rnd(i * 10 + j, 'cpcart') ^ 1.5)::int AS p
              FROM generate_series(1, 1 + floor(6 * test_rnd(i, 'cpcn'))::int) j) c),
       1 + floor(8 * test_rnd(i, 'cpk'))::int, 1 + floor(5 * test_rnd(i, 'cpmc'))::int,
       CASE WHEN i % 4 = 0 THEN 0.002 ELSE 0 END, CASE WHEN i % 2 = 0 THEN 1 ELSE 0 END
FROM generate_series(1, 300) i;
CREATE TABLE cp_cs_got AS
SELECT c.name, c.cart, c.k, x.*
FROM cp_carts c
LEFT JOIN LATERAL (
    SELECT g.ord, g.product, g.because_of, g.lift, g.confidence, g.support, g.n_ab,
           r.rank, r.product AS ref_product, r.because_of AS ref_because_of, r.lift AS ref_lift,
           r.confidence AS ref_confidence, r.support AS ref_support, r.n_ab AS ref_n_ab
    FROM aov_cross_sell(c.pt, c.cart, c.k, c.min_count, c.min_support, c.min_lift) WITH ORDINALITY
         g(product, lift, confidence, support, n_ab, because_of, ord)
    FULL JOIN cp_ref_cross_sell(c.pt, c.cart, c.k, c.min_count, c.min_support, c.min_lift) r ON r.rank = g.ord) x ON true;
SELECT name, count(DISTINCT cart) AS carts, count(ord) AS rows FROM cp_cs_got GROUP BY name ORDER BY name COLLATE "C";
-- the recommendations that differ from the reference, by rank (none)
SELECT * FROM cp_cs_got
WHERE (ord, product, because_of, lift, confidence, support, n_ab)
      IS DISTINCT FROM (rank, ref_product, ref_because_of, ref_lift, ref_confidence, ref_support, ref_n_ab);
-- the defaults: k 5, min_count 20, min_support 0, min_lift 1: the
-- recommendations, and those that differ from the reference or are below
-- the floors (none)
SELECT count(*) AS rows FROM aov_cross_sell('cp_pt', ARRAY[cp_sku(2), cp_sku(1), cp_sku(45)]);
SELECT g.ord, g.product, g.because_of, g.lift, g.n_ab, r.rank, r.product AS ref_product, r.because_of AS ref_because_of,
       r.lift AS ref_lift
FROM aov_cross_sell('cp_pt', ARRAY[cp_sku(2), cp_sku(1), cp_sku(45)]) WITH ORDINALITY
     g(product, lift, confidence, support, n_ab, because_of, ord)
FULL JOIN cp_ref_cross_sell('cp_pt', ARRAY[cp_sku(2), cp_sku(1), cp_sku(45)], 5, 20, 0, 1) r ON r.rank = g.ord
WHERE (g.ord, g.product, g.because_of, g.lift) IS DISTINCT FROM (r.rank, r.product, r.because_of, r.lift)
   OR NOT (g.n_ab >= 20 AND g.lift >= 1);
-- a cart product without pairs, a product twice, a NULL: nothing changes
SELECT (SELECT array_agg(s ORDER BY s) FROM aov_cross_sell('cp_pt', ARRAY['GIFT61', cp_sku(3)], min_count => 1) s)
       = (SELECT array_agg(s ORDER BY s) FROM aov_cross_sell('cp_pt', ARRAY[cp_sku(3)], min_count => 1) s) AS without_pairs_ignored,
       (SELECT array_agg(s ORDER BY s) FROM aov_cross_sell('cp_pt', ARRAY[cp_sku(3), cp_sku(3)], min_count => 1) s)
       = (SELECT array_agg(s ORDER BY s) FROM aov_cross_sell('cp_pt', ARRAY[cp_sku(3)], min_count => 1) s) AS twice_ignored,
       (SELECT array_agg(s ORDER BY s) FROM aov_cross_sell('cp_pt', ARRAY[NULL, cp_sku(3), NULL], min_count => 1) s)
       = (SELECT array_agg(s ORDER BY s) FROM aov_cross_sell('cp_pt', ARRAY[cp_sku(3)], min_count => 1) s) AS null_ignored;
-- the recommendations for the several-product cart
SELECT product, because_of, n_ab
FROM aov_cross_sell('cp_pt', ARRAY[cp_sku(2), cp_sku(1), cp_sku(45)], min_count => 1, min_lift => 0);

-- ties, in a hand-made pair table (cart c1, c2):
--   z: lift 5 with c2 (confidence 0.1) beats lift 2 with c1 (confidence 0.9)
--   x: lift 3 with both, confidence 0.6 from c2 beats 0.5 from c1
--   y: lift 3, confidence 0.6 with both: because of the smaller, c1
--   w: lift 3, confidence 0.6 from c1 as product_a (confidence_ba)
--   v: like w, but one order only (gone with min_count 2)
--   t: lift 0.5, below the default lift floor
--   u: in the cart's pairs only with c3, not in the cart
CREATE TABLE cp_pt_ties (product_a text, product_b text, n_ab bigint, support float8, lift float8,
                         confidence_ab float8, confidence_ba float8, p_value float8);
INSERT INTO cp_pt_ties VALUES
    ('c1', 'z', 9, 0.09, 2, 0.9, 0.5, 0.01), ('c2', 'z', 3, 0.03, 5, 0.1, 0.5, 0.01),
    ('c1', 'x', 5, 0.05, 3, 0.5, 0.5, 0.01), ('c2', 'x', 6, 0.06, 3, 0.6, 0.5, 0.01),
    ('c1', 'y', 6, 0.06, 3, 0.6, 0.5, 0.01), ('c2', 'y', 6, 0.06, 3, 0.6, 0.5, 0.01),
    ('c1', 'c2', 4, 0.04, 9, 0.4, 0.4, 0.01), ('w', 'c1', 6, 0.06, 3, 0.5, 0.6, 0.01),
    ('c2', 'v', 1, 0.01, 3, 0.6, 0.5, 0.5), ('c3', 'u', 8, 0.08, 7, 0.8, 0.8, 0.01),
    ('c2', 't', 7, 0.07, 0.5, 0.2, 0.2, 0.9);
SELECT * FROM aov_cross_sell('cp_pt_ties', '{c1,c2}', min_count => 1);
SELECT string_agg(product || '<' || because_of, ' ') AS min_count_2
FROM aov_cross_sell('cp_pt_ties', '{c2,c1}', 10, 2);
SELECT string_agg(product || '<' || because_of, ' ') AS k_2 FROM aov_cross_sell('cp_pt_ties', '{c2,c1}', 2, 1);
SELECT string_agg(product || '<' || because_of, ' ') AS min_support_006
FROM aov_cross_sell('cp_pt_ties', '{c1,c2}', 10, 1, 0.06);
SELECT string_agg(product || '<' || because_of, ' ') AS min_lift_0
FROM aov_cross_sell('cp_pt_ties', '{c1,c2}', 10, 1, 0, 0);
SELECT string_agg(product || '<' || because_of, ' ') AS min_lift_4
FROM aov_cross_sell('cp_pt_ties', '{c1,c2}', 10, 1, 0, 4);
-- the same against the reference: the recommendations, and those that
-- differ (none)
SELECT count(*) AS rows FROM aov_cross_sell('cp_pt_ties', '{c1,c2}', 10, 1, 0, 0);
SELECT g.ord, g.product, g.because_of, g.lift, r.rank, r.product AS ref_product, r.because_of AS ref_because_of,
       r.lift AS ref_lift
FROM aov_cross_sell('cp_pt_ties', '{c1,c2}', 10, 1, 0, 0) WITH ORDINALITY g(product, lift, confidence, support, n_ab, because_of, ord)
FULL JOIN cp_ref_cross_sell('cp_pt_ties', '{c1,c2}', 10, 1, 0, 0) r ON r.rank = g.ord
WHERE (g.ord, g.product, g.because_of, g.lift) IS DISTINCT FROM (r.rank, r.product, r.because_of, r.lift);

-- bundles: lift, support and p-value floors, ordered by lift * support,
-- with list prices (numeric; some products without a price)
CREATE FUNCTION cp_ref_bundles(pt regclass, min_lift float8, min_support float8, max_p float8,
                               prices regclass, pcol name, price name)
RETURNS TABLE (rank bigint, product_a text, product_b text, n_ab bigint, support float8, lift float8,
               confidence_ab float8, confidence_ba float8, p_value float8,
               price_a numeric, price_b numeric, bundle_price numeric)
LANGUAGE plpgsql AS $$
BEGIN
    RETURN QUERY EXECUTE format($q$
        SELECT row_number() OVER (ORDER BY t.lift * t.support DESC, t.product_a, t.product_b),
               t.product_a, t.product_b, t.n_ab, t.support, t.lift, t.confidence_ab, t.confidence_ba, t.p_value,
               pa.price, pb.price, pa.price + pb.price
        FROM %s t
        LEFT JOIN (SELECT %I::text AS product, %I::numeric AS price FROM %s) pa ON pa.product = t.product_a
        LEFT JOIN (SELECT %I::text AS product, %I::numeric AS price FROM %s) pb ON pb.product = t.product_b
        WHERE t.lift >= $1 AND t.support >= $2 AND t.p_value <= $3 $q$,
        pt, pcol, price, coalesce(prices, 'cp_empty_prices'), pcol, price, coalesce(prices, 'cp_empty_prices'))
    USING min_lift, min_support, max_p;
END $$;
CREATE TABLE cp_empty_prices (product_id text, price numeric);
CREATE TABLE cp_prices AS
SELECT DISTINCT sku AS product_id, (p * 1.25 + 0.99)::numeric(10,2) AS price FROM cp_lines WHERE p % 7 <> 0;
CREATE TABLE cp_prices2 AS SELECT product_id AS "SKU", price * 2 AS "List Price" FROM cp_prices;
CREATE TABLE cp_prices_i8 AS SELECT DISTINCT product_id, p * 10 AS price FROM cp_lines WHERE p IS NOT NULL;
CREATE TABLE cp_bundle_cases (name text, pt regclass, min_lift float8, min_support float8, max_p float8,
                              prices regclass, pcol name, price name);
INSERT INTO cp_bundle_cases VALUES
    ('defaults', 'cp_pt', 2, 0.001, 0.001, NULL, 'product_id', 'price'),
    ('defaults, prices', 'cp_pt', 2, 0.001, 0.001, 'cp_prices', 'product_id', 'price'),
    ('lift 1.2, support 0.005, p 0.01, prices', 'cp_pt', 1.2, 0.005, 0.01, 'cp_prices', 'product_id', 'price'),
    ('every pair', 'cp_pt', 0, 0, 1, NULL, 'product_id', 'price'),
    ('every pair, prices named', 'cp_pt', 0, 0, 1, 'cp_prices2', 'SKU', 'List Price'),
    ('bigint keys, prices', 'cp_pt_i8', 1.5, 0.002, 0.05, 'cp_prices_i8', 'product_id', 'price'),
    ('none', 'cp_pt', 1000, 0, 1, NULL, 'product_id', 'price'),
    ('ties', 'cp_pt_ties', 0, 0, 1, NULL, 'product_id', 'price');
CREATE TABLE cp_bundles_got AS
SELECT c.name, x.*
FROM cp_bundle_cases c
LEFT JOIN LATERAL (
    SELECT g.ord, g.product_a, g.product_b, g.n_ab, g.support, g.lift, g.confidence_ab, g.confidence_ba, g.p_value,
           g.price_a, g.price_b, g.bundle_price,
           r.rank, r.product_a AS ref_product_a, r.product_b AS ref_product_b, r.n_ab AS ref_n_ab, r.support AS ref_support,
           r.lift AS ref_lift, r.confidence_ab AS ref_confidence_ab, r.confidence_ba AS ref_confidence_ba,
           r.p_value AS ref_p_value, r.price_a AS ref_price_a, r.price_b AS ref_price_b, r.bundle_price AS ref_bundle_price
    FROM aov_bundles(c.pt, c.min_lift, c.min_support, c.max_p, c.prices, c.pcol, c.price) WITH ORDINALITY
         g(product_a, product_b, n_ab, support, lift, confidence_ab, confidence_ba, p_value,
           price_a, price_b, bundle_price, ord)
    FULL JOIN cp_ref_bundles(c.pt, c.min_lift, c.min_support, c.max_p, c.prices, c.pcol, c.price) r
    ON r.rank = g.ord) x ON true;
SELECT name, count(ord) AS rows, count(bundle_price) AS priced FROM cp_bundles_got GROUP BY name ORDER BY name COLLATE "C";
-- the bundles that differ from the reference, by rank, prices included
-- (none)
SELECT * FROM cp_bundles_got
WHERE (ord, product_a, product_b, n_ab, support, lift, confidence_ab, confidence_ba, p_value, price_a, price_b, bundle_price)
      IS DISTINCT FROM (rank, ref_product_a, ref_product_b, ref_n_ab, ref_support, ref_lift, ref_confidence_ab,
                        ref_confidence_ba, ref_p_value, ref_price_a, ref_price_b, ref_bundle_price);
-- the strongest bundles by default, with prices
SELECT product_a, product_b, n_ab, price_a, price_b, bundle_price
FROM aov_bundles('cp_pt', prices => 'cp_prices') LIMIT 5;
-- ties of lift * support (0.18 five times: 3 * 0.06 and 2 * 0.09) in key order
SELECT product_a, product_b, lift * support AS score FROM aov_bundles('cp_pt_ties', 0, 0, 1);

-- ---------------------------------------------------------------------
-- Inputs without any pair: single-product orders only, NULL lines only,
-- orders all skipped; products that are only in skipped orders are not
-- counted
-- ---------------------------------------------------------------------
-- orders 1, 2, 3 and 5 of one product each (b twice in order 2); order 4
-- has a NULL product only, so it is not a basket
CREATE TABLE cp_single (order_id bigint, product text);
INSERT INTO cp_single VALUES (1, 'a'), (2, 'b'), (2, 'b'), (3, 'a'), (4, NULL), (NULL, 'c'), (5, 'c');
SELECT * FROM aov_pairs_info((SELECT aov_copurchase(order_id, product) FROM cp_single));
SELECT count(*) AS pairs FROM aov_pair_stats((SELECT aov_copurchase(order_id, product) FROM cp_single));
SELECT count(*) AS pair_table_rows FROM aov_pair_table('cp_single', product_column => 'product');
SELECT * FROM aov_pairs_info((SELECT aov_copurchase(7, 8::bigint)));
-- NULL lines only: a value without baskets (the aggregate saw rows)
SELECT * FROM aov_pairs_info((SELECT aov_copurchase(order_id, product) FROM cp_single
                              WHERE order_id IS NULL OR product IS NULL));
-- a group without pairs next to groups with pairs
SELECT g, (aov_pairs_info(aov_copurchase(order_id, product))).*
FROM (SELECT order_id % 2 AS g, order_id, product FROM cp_single
      UNION ALL SELECT 0, 10, 'x' UNION ALL SELECT 0, 10, 'y') s
GROUP BY g ORDER BY g;
-- the order of 1,000 products with max_basket 999: skipped, nothing counted
SELECT * FROM aov_pairs_info((SELECT aov_copurchase(order_id, product_id, 999) FROM cp_big));
SELECT count(*) AS pair_table_rows FROM aov_pair_table('cp_big', max_basket => 999);
-- and with an order of products 1 and 2: products 3 to 1000 are in the
-- skipped order only
CREATE TABLE cp_big3 AS SELECT * FROM cp_big UNION ALL SELECT 43, 1 UNION ALL SELECT 43, 2;
SELECT * FROM aov_pairs_info((SELECT aov_copurchase(order_id, product_id, 999) FROM cp_big3));
SELECT * FROM aov_pair_table('cp_big3', max_basket => 999);
-- the pairs that differ from the reference (none)
SELECT * FROM cp_diff('SELECT * FROM aov_pair_table(''cp_big3'', max_basket => 999)',
                      'SELECT order_id, product_id AS product FROM cp_big3', 999);

-- ---------------------------------------------------------------------
-- Clean up
-- ---------------------------------------------------------------------
DROP VIEW cp_lines_fr;
DROP TABLE cp_lines, "cp Odd Lines", cp_fisher, cp_cases, cp_three_keys, cp_hand, cp_hand_i8, cp_hand_txt, cp_empty,
           cp_grid, cp_grid_got, cp_tails, cp_big, cp_big_txt, cp_big2, cp_big3, cp_par, cp_par_cases, cp_copy, cp_copy2,
           cp_parts, cp_split_lines, cp_split_states, cp_split_one, cp_split_merged, cp_valid, cp_v2, cp_bad, cp_forged,
           cp_types, cp_no_lift, cp_pt_hand, cp_pt, cp_pt_i8,
           cp_carts, cp_cs_got, cp_pt_ties, cp_empty_prices, cp_prices, cp_prices2, cp_prices_i8, cp_bundle_cases,
           cp_bundles_got, cp_single;
DROP DOMAIN cp_sku_domain;
DROP AGGREGATE cp_merge(aov_basket_lines);
DROP AGGREGATE cp_combine(aov_basket_lines);
DROP AGGREGATE cp_state(bigint, bigint);
DROP AGGREGATE cp_state(bigint, bigint, integer);
DROP AGGREGATE cp_state(bigint, text);
DROP AGGREGATE cp_state(bigint, text, integer);
DROP FUNCTION cp_ref_pairs(text, int, bigint, float8), cp_ref_info(text, int), cp_fisher_fill(text),
              cp_diff(text, text, int, bigint, float8, bool), cp_rows(text), cp_info(text), cp_h4(int), cp_h8(bigint),
              cp_patch(text, int, text), cp_varint(numeric), cp_varints(numeric[]), cp_ukey(bigint),
              cp_v2_layout(text, text, int), cp_pairs_diff(aov_pairs, aov_pairs), cp_v2_hex(text, int, bigint, bigint, text),
              cp_sku(int), cp_choose(bigint, bigint), cp_tuple_lines(int, int, int, int),
              cp_hint(text), cp_ref_cross_sell(regclass, text[], int, bigint, float8, float8),
              cp_ref_bundles(regclass, float8, float8, float8, regclass, name, name);
SELECT count(*) AS cp_objects_left FROM pg_class WHERE relname LIKE 'cp\_%' OR relname LIKE 'cp %';
SELECT count(*) AS cp_functions_left FROM pg_proc WHERE proname LIKE 'cp\_%';

-- text keys with products seen only in skipped orders: their strings are
-- dropped with them, and the value stays valid
SELECT i.* FROM aov_pairs_info((SELECT aov_copurchase(o, p, 2)
    FROM (VALUES (1, 'a'), (1, 'b'), (1, 'c'), (2, 'a'), (2, 'd')) t(o, p))) i;
SELECT product_a, product_b, n_ab FROM aov_pair_stats((SELECT aov_copurchase(o, p, 2)
    FROM (VALUES (1, 'a'), (1, 'b'), (1, 'c'), (2, 'a'), (2, 'd')) t(o, p)));
SELECT aov_copurchase(o, p, 2)::text::aov_pairs IS NOT NULL AS round_trip
FROM (VALUES (1, 'a'), (1, 'b'), (1, 'c'), (2, 'a'), (2, 'd')) t(o, p);

-- a p-value far below the double range ends at once (its first term is 0),
-- also for counts in the billions
SET statement_timeout = '10s';
SELECT n_orders, n_ab, p_value FROM aov_pair_stats('01010000000003e80000000400000000000000000000000000000000000000020000000000000001000000020000000000000000000000010000000200000000000000000000000200000000000000010000000180000000'::aov_pairs);
RESET statement_timeout;
-- the support floor compares the support column itself: 7 / 25 = 0.28
SELECT s.support, (SELECT count(*) FROM aov_pair_stats(p, 1, 0.28)) AS at_floor,
       (SELECT count(*) FROM aov_pair_stats(p, 1, 0.2800001)) AS above_floor
FROM (SELECT aov_copurchase(o, p) AS p
      FROM generate_series(1, 25) o,
           LATERAL unnest(CASE WHEN o <= 7 THEN ARRAY[1, 2] ELSE ARRAY[3] END::bigint[]) p) c,
     aov_pair_stats(c.p) s;
