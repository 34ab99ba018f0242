--
-- copurchase: aov_copurchase, aov_pairs, aov_pair_stats, aov_pairs_info,
-- aov_pair_table, aov_cross_sell and aov_bundles (domain.md section 5).
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

-- One row comparing a pair table (a query with the columns of
-- aov_pair_stats) with the reference pair table of the lines: pairs, pairs
-- missing from the pair table, extra pairs, and whether each group of
-- measures is equal (p-values NULL when p_values is false: the exact sums
-- take long for thousands of orders with popular products).
CREATE FUNCTION cp_compare(got text, lines text, max_basket int DEFAULT 1000,
                           min_count bigint DEFAULT 1, min_support float8 DEFAULT 0,
                           p_values bool DEFAULT true)
RETURNS TABLE (pairs bigint, missing bigint, extra bigint, counts bool, supports bool,
               confidences bool, lift bool, leverage bool, conviction bool, p_value bool)
LANGUAGE plpgsql AS $$
DECLARE
    ref text := format('cp_ref_pairs(%L, %s, %s, %s)', lines, max_basket, min_count, min_support);
BEGIN
    IF p_values THEN
        PERFORM cp_fisher_fill(format('SELECT n_ab, n_a, n_b, n_orders FROM %s', ref));
    END IF;
    RETURN QUERY EXECUTE format($q$
        SELECT count(*),
               count(*) FILTER (WHERE g.product_a IS NULL),
               count(*) FILTER (WHERE r.product_a IS NULL),
               bool_and(g.n_ab = r.n_ab AND g.n_a = r.n_a AND g.n_b = r.n_b AND g.n_orders = r.n_orders),
               bool_and(g.support_a = r.support_a AND g.support_b = r.support_b AND g.support = r.support),
               bool_and(g.confidence_ab = r.confidence_ab AND g.confidence_ba = r.confidence_ba),
               bool_and(g.lift = r.lift),
               bool_and(abs(g.leverage - r.leverage) <= 1e-15),
               bool_and(g.conviction_ab = r.conviction_ab AND g.conviction_ba = r.conviction_ba),
               CASE WHEN %L THEN bool_and(abs(g.p_value::numeric - f.p) <= 1e-9 * f.p) END
        FROM (%s) g FULL JOIN %s r ON g.product_a = r.product_a AND g.product_b = r.product_b
        LEFT JOIN cp_fisher f ON (f.n_ab, f.n_a, f.n_b, f.n) = (r.n_ab, r.n_a, r.n_b, r.n_orders) $q$,
        p_values, got, ref);
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
SELECT 'bigint' AS keys, * FROM cp_compare(
    'SELECT s.* FROM (SELECT aov_copurchase(order_id, product_id) AS p FROM cp_lines) c, aov_pair_stats(c.p) s',
    'SELECT order_id, product_id AS product FROM cp_lines')
UNION ALL
SELECT 'bigint, min_count 5', * FROM cp_compare(
    'SELECT s.* FROM (SELECT aov_copurchase(order_id, product_id) AS p FROM cp_lines) c, aov_pair_stats(c.p, 5) s',
    'SELECT order_id, product_id AS product FROM cp_lines', 1000, 5)
UNION ALL
SELECT 'bigint, min_support 0.01', * FROM cp_compare(
    'SELECT s.* FROM (SELECT aov_copurchase(order_id, product_id) AS p FROM cp_lines) c, aov_pair_stats(c.p, min_support => 0.01) s',
    'SELECT order_id, product_id AS product FROM cp_lines', 1000, 1, 0.01)
UNION ALL
SELECT 'bigint, max_basket 4', * FROM cp_compare(
    'SELECT s.* FROM (SELECT aov_copurchase(order_id, product_id, 4) AS p FROM cp_lines) c, aov_pair_stats(c.p) s',
    'SELECT order_id, product_id AS product FROM cp_lines', 4)
UNION ALL
SELECT 'integer', * FROM cp_compare(
    'SELECT s.* FROM (SELECT aov_copurchase(order_i, product_i) AS p FROM cp_lines) c, aov_pair_stats(c.p) s',
    'SELECT order_i AS order_id, product_i AS product FROM cp_lines')
UNION ALL
SELECT 'integer, min_count 20', * FROM cp_compare(
    'SELECT s.* FROM (SELECT aov_copurchase(order_i, product_i) AS p FROM cp_lines) c, aov_pair_stats(c.p, 20) s',
    'SELECT order_i AS order_id, product_i AS product FROM cp_lines', 1000, 20)
UNION ALL
SELECT 'text', * FROM cp_compare(
    'SELECT s.* FROM (SELECT aov_copurchase(order_id, sku) AS p FROM cp_lines) c, aov_pair_stats(c.p) s',
    'SELECT order_id, sku COLLATE "C" AS product FROM cp_lines')
UNION ALL
SELECT 'text, min_count 5, min_support 0.02', * FROM cp_compare(
    'SELECT s.* FROM (SELECT aov_copurchase(order_id, sku) AS p FROM cp_lines) c, aov_pair_stats(c.p, 5, 0.02) s',
    'SELECT order_id, sku COLLATE "C" AS product FROM cp_lines', 1000, 5, 0.02)
UNION ALL
SELECT 'text, max_basket 2', * FROM cp_compare(
    'SELECT s.* FROM (SELECT aov_copurchase(order_id, sku, 2) AS p FROM cp_lines) c, aov_pair_stats(c.p) s',
    'SELECT order_id, sku COLLATE "C" AS product FROM cp_lines', 2);

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
-- keys (not the order of their text), bytewise for text
SELECT bool_and(product_a::bigint < product_b::bigint) AS bigint_numeric,
       bool_or(product_a > product_b COLLATE "C") AS text_order_differs
FROM aov_pair_stats((SELECT aov_copurchase(order_id, product_id) FROM cp_lines));
SELECT bool_and(product_a < product_b COLLATE "C") AS text_bytewise,
       bool_or(product_a ~ '^[0-9]+$' AND product_b = product_a || 'A') AS prefix_pairs,
       bool_or(product_a ~ '^POST' AND product_b ~ '^dot') AS upper_before_lower
FROM aov_pair_stats((SELECT aov_copurchase(order_id, sku) FROM cp_lines));

-- the three key types count the same pairs (through the product numbers)
WITH m AS (SELECT DISTINCT p, product_id::text AS k8, product_i::text AS k4, sku FROM cp_lines WHERE p IS NOT NULL),
i8 AS (SELECT ma.p AS pa, mb.p AS pb, s.* FROM aov_pair_stats((SELECT aov_copurchase(order_id, product_id) FROM cp_lines)) s
       JOIN m ma ON ma.k8 = s.product_a JOIN m mb ON mb.k8 = s.product_b),
i4 AS (SELECT ma.p AS pa, mb.p AS pb, s.* FROM aov_pair_stats((SELECT aov_copurchase(order_i, product_i) FROM cp_lines)) s
       JOIN m ma ON ma.k4 = s.product_a JOIN m mb ON mb.k4 = s.product_b),
tx AS (SELECT least(ma.p, mb.p) AS pa, greatest(ma.p, mb.p) AS pb, s.*
       FROM aov_pair_stats((SELECT aov_copurchase(order_id, sku) FROM cp_lines)) s
       JOIN m ma ON ma.sku = s.product_a JOIN m mb ON mb.sku = s.product_b)
SELECT count(*) AS pairs,
       bool_and(i4.n_ab = i8.n_ab AND i4.n_a = i8.n_a AND i4.p_value = i8.p_value AND i4.lift = i8.lift) AS integer_same,
       bool_and(tx.n_ab = i8.n_ab AND tx.p_value = i8.p_value AND tx.lift = i8.lift) AS text_same
FROM i8 FULL JOIN i4 USING (pa, pb) FULL JOIN tx USING (pa, pb);

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
SELECT * FROM cp_compare('SELECT * FROM aov_pair_stats((SELECT aov_copurchase(order_id, product) FROM cp_hand))',
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
SELECT * FROM cp_compare('SELECT * FROM aov_pair_stats((SELECT aov_copurchase(order_id, product) FROM cp_hand_i8))',
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
SELECT * FROM cp_compare('SELECT * FROM aov_pair_stats((SELECT aov_copurchase(order_id, product) FROM cp_hand_txt))',
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
WITH got AS (
    SELECT c.t, s.* FROM (SELECT g.t, aov_copurchase(l.order_id, l.product) AS p
                          FROM cp_grid g, cp_tuple_lines(n, na, nb, nab) l GROUP BY g.t) c,
                         aov_pair_stats(c.p) s),
ref AS (
    SELECT t, (SELECT sum(cp_choose(na, x) * cp_choose(n - na, nb - x))
               FROM generate_series(nab, least(na, nb)) x) / cp_choose(n, nb) AS p
    FROM cp_grid)
SELECT count(*) AS tuples, count(got.t) AS pairs,
       bool_and(got.product_a = 'A' AND got.product_b = 'B' AND got.n_ab = g.nab AND got.n_a = g.na
                AND got.n_b = g.nb AND got.n_orders = g.n) AS counts,
       bool_and(abs(got.p_value::numeric - ref.p) <= 1e-9 * ref.p) AS p_value,
       bool_and((got.p_value = 1) = (ref.p = 1)) AS one_exactly_at_lowest_count,
       count(*) FILTER (WHERE ref.p = 1) AS p_one,
       bool_and(f.p = ref.p) AS cp_fisher_exact
FROM cp_grid g LEFT JOIN got USING (t) JOIN ref USING (t)
JOIN cp_fisher f ON (f.n_ab, f.n_a, f.n_b, f.n) = (g.nab, g.na, g.nb, g.n);

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
SELECT count(*) AS pairs, count(DISTINCT (product_a, product_b)) AS distinct_pairs,
       bool_and(product_a::int < product_b::int) AS ordered,
       min(product_a::int) AS min_a, max(product_b::int) AS max_b,
       bool_and(n_ab = 1 AND n_a = 1 AND n_b = 1 AND n_orders = 1) AS counts,
       bool_and(support_a = 1 AND support_b = 1 AND support = 1 AND confidence_ab = 1 AND confidence_ba = 1
                AND lift = 1 AND leverage = 0) AS measures,
       bool_and(conviction_ab = 'Infinity' AND conviction_ba = 'Infinity') AS conviction_infinite,
       bool_and(p_value = 1) AS p_one
FROM aov_pair_stats((SELECT aov_copurchase(order_id, product_id) FROM cp_big));
-- the same as text keys, through aov_pair_table: bytewise order ('10' < '9')
CREATE TABLE cp_big_txt AS SELECT order_id, product_id::text AS product_id FROM cp_big;
SELECT count(*) AS pairs, bool_and(product_a < product_b COLLATE "C") AS bytewise,
       bool_or(product_a = '10' AND product_b = '9') AS ten_before_nine, bool_and(lift = 1) AS lift_one
FROM aov_pair_table('cp_big_txt');
-- an order of 1,001 distinct products is skipped; each of its products
-- is also in a two-product order {k, k + 1}, which are counted
CREATE TABLE cp_big2 AS
SELECT 0::bigint AS order_id, g::bigint AS product_id FROM generate_series(1, 1001) g
UNION ALL SELECT k, k FROM generate_series(1, 1001) k
UNION ALL SELECT k, k + 1 FROM generate_series(1, 1001) k;
SELECT * FROM aov_pairs_info((SELECT aov_copurchase(order_id, product_id) FROM cp_big2));
SELECT * FROM cp_compare('SELECT * FROM aov_pair_table(''cp_big2'')', 'SELECT order_id, product_id AS product FROM cp_big2');
-- with max_basket 1001 it is counted: its 500,500 pairs and the 1,001 of
-- the small orders, 1,000 of them the same
SELECT * FROM aov_pairs_info((SELECT aov_copurchase(order_id, product_id, 1001) FROM cp_big2));
SELECT count(*) AS pairs, count(*) FILTER (WHERE n_ab = 2) AS in_both, bool_and(n_orders = 1002) AS n_orders
FROM aov_pair_table('cp_big2', max_basket => 1001);

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

CREATE FUNCTION cp_parallel_plan(q text) RETURNS SETOF text LANGUAGE plpgsql AS $$
DECLARE
    l text;
BEGIN
    FOR l IN EXECUTE 'EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) ' || q LOOP
        IF l ~ 'Workers Launched|Partial|Finalize' THEN
            RETURN NEXT regexp_replace(l, ' \(actual.*$', '');
        END IF;
    END LOOP;
END $$;

-- serial: the pair tables equal the reference (p-values are checked above,
-- the exact sums take long here); each country's group equals the country
-- alone
SET max_parallel_workers_per_gather = 0;
SELECT keys, pairs, missing, extra, counts, supports, confidences, lift, leverage, conviction
FROM (SELECT 'text' AS keys, * FROM cp_compare(
          'SELECT s.* FROM (SELECT aov_copurchase(order_id, sku) AS p FROM cp_par) c, aov_pair_stats(c.p) s',
          'SELECT order_id, sku COLLATE "C" AS product FROM cp_par', p_values => false)
      UNION ALL
      SELECT 'bigint', * FROM cp_compare(
          'SELECT s.* FROM (SELECT aov_copurchase(order_id, product_id) AS p FROM cp_par) c, aov_pair_stats(c.p) s',
          'SELECT order_id, product_id AS product FROM cp_par', p_values => false)
      UNION ALL
      SELECT 'text, FR', * FROM cp_compare(
          'SELECT s.* FROM (SELECT aov_copurchase(order_id, sku) AS p FROM cp_par WHERE country = ''FR'') c, aov_pair_stats(c.p) s',
          'SELECT order_id, sku COLLATE "C" AS product FROM cp_par WHERE country = ''FR''', p_values => false)) c;
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
SELECT count(*) AS groups,
       bool_and(g.pt::text = (SELECT aov_copurchase(order_id, sku)::text FROM cp_par c WHERE c.country = g.country)) AS text_alone,
       bool_and(g.pi::text = (SELECT aov_copurchase(order_id, product_id)::text FROM cp_par c WHERE c.country = g.country)) AS bigint_alone
FROM (SELECT country, aov_copurchase(order_id, sku) AS pt, aov_copurchase(order_id, product_id) AS pi
      FROM cp_par GROUP BY country) g;

SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
SET parallel_leader_participation = off;
EXPLAIN (COSTS OFF) SELECT aov_copurchase(order_id, sku) FROM cp_par;
EXPLAIN (COSTS OFF) SELECT country, aov_copurchase(order_id, sku) FROM cp_par GROUP BY country;
SELECT cp_parallel_plan('SELECT aov_copurchase(order_id, sku), aov_copurchase(order_id, product_id) FROM cp_par');
SELECT cp_parallel_plan('SELECT country, aov_copurchase(order_id, sku) FROM cp_par GROUP BY country');
SELECT cp_parallel_plan('SELECT aov_copurchase(order_id, sku) FROM cp_par WHERE line_id % 100000 > 50000');

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
SELECT count(*) AS groups,
       bool_and(g.pt::text = (SELECT aov_copurchase(order_id, sku)::text FROM cp_par c WHERE c.country = g.country)) AS text_alone,
       bool_and(g.pi::text = (SELECT aov_copurchase(order_id, product_id)::text FROM cp_par c WHERE c.country = g.country)) AS bigint_alone
FROM (SELECT country, aov_copurchase(order_id, sku) AS pt, aov_copurchase(order_id, product_id) AS pi
      FROM cp_par GROUP BY country) g;
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
CREATE AGGREGATE cp_merge(aov_basket_lines) (
    SFUNC = _aov_basket_lines_combine, STYPE = aov_basket_lines,
    FINALFUNC = _aov_basket_lines_pairs, FINALFUNC_MODIFY = READ_WRITE);

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
-- Malformed values: 22P02 for bad hex, 22P03 for bad bytes
-- ---------------------------------------------------------------------
-- hex offsets (1-based characters; byte b at 2b + 1):
--   aov_pairs: version 1, kind 3, reserved 5-8, max_basket 9-16,
--     n_orders 17-32, skipped 33-48, m 49-64, p 65-80, products from 81
--     (bigint: count and key, 32 characters each; text: count 16, length
--     8, bytes), then the pairs (a 8, b 8, n_ab 16)
--   aov_basket_lines: version 1, kind 3, reserved 5-8, max_basket 9-16,
--     n 17-32, d 33-48, lines from 49 (order 16, key 16), then the
--     dictionary (length 8, bytes)
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
SELECT 'lines bigint', 'aov_basket_lines', cp_state(o, p)::text FROM (VALUES (1, 10), (2, 20)) v(o, p)
UNION ALL
SELECT 'lines text', 'aov_basket_lines', cp_state(o, p)::text FROM (VALUES (1, 'a'), (1, 'b')) v(o, p);
SELECT name, length(hex) AS hex_length, expect_error(format('SELECT %L::%s', hex, typ)) AS valid
FROM cp_valid ORDER BY name COLLATE "C";
-- the layout is as described
SELECT hex = '01' || '01' || '0000' || cp_h4(1000) || cp_h8(3) || cp_h8(0) || cp_h8(3) || cp_h8(3)
             || cp_h8(2) || cp_h8(10) || cp_h8(3) || cp_h8(20) || cp_h8(2) || cp_h8(30)
             || cp_h4(0) || cp_h4(1) || cp_h8(2) || cp_h4(0) || cp_h4(2) || cp_h8(1) || cp_h4(1) || cp_h4(2) || cp_h8(2)
       AS pairs_bigint_layout
FROM cp_valid WHERE name = 'pairs bigint';

CREATE TABLE cp_bad (name text, typ text, hex text);
INSERT INTO cp_bad
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
UNION ALL SELECT 'lines empty', 'aov_basket_lines', ''
UNION ALL SELECT 'lines odd length', 'aov_basket_lines', hex || '0' FROM cp_valid WHERE name = 'lines bigint'
UNION ALL SELECT 'lines header cut', 'aov_basket_lines', left(hex, 40) FROM cp_valid WHERE name = 'lines bigint'
UNION ALL SELECT 'lines last byte missing', 'aov_basket_lines', left(hex, -2) FROM cp_valid WHERE name = 'lines bigint'
UNION ALL SELECT 'lines trailing byte', 'aov_basket_lines', hex || 'ff' FROM cp_valid WHERE name = 'lines bigint'
UNION ALL SELECT 'lines version 2', 'aov_basket_lines', cp_patch(hex, 1, '02') FROM cp_valid WHERE name = 'lines bigint'
UNION ALL SELECT 'lines kind 0', 'aov_basket_lines', cp_patch(hex, 3, '00') FROM cp_valid WHERE name = 'lines bigint'
UNION ALL SELECT 'lines reserved', 'aov_basket_lines', cp_patch(hex, 7, '01') FROM cp_valid WHERE name = 'lines bigint'
UNION ALL SELECT 'lines max_basket 1', 'aov_basket_lines', cp_patch(hex, 9, cp_h4(1)) FROM cp_valid WHERE name = 'lines bigint'
UNION ALL SELECT 'lines n negative', 'aov_basket_lines', cp_patch(hex, 17, cp_h8(-1)) FROM cp_valid WHERE name = 'lines bigint'
UNION ALL SELECT 'lines n 3', 'aov_basket_lines', cp_patch(hex, 17, cp_h8(3)) FROM cp_valid WHERE name = 'lines bigint'
UNION ALL SELECT 'lines n 1', 'aov_basket_lines', cp_patch(hex, 17, cp_h8(1)) FROM cp_valid WHERE name = 'lines bigint'
UNION ALL SELECT 'lines n huge', 'aov_basket_lines', cp_patch(hex, 17, cp_h8(9223372036854775807)) FROM cp_valid WHERE name = 'lines bigint'
UNION ALL SELECT 'lines bigint with a dictionary', 'aov_basket_lines', cp_patch(hex, 33, cp_h8(1)) FROM cp_valid WHERE name = 'lines bigint'
UNION ALL SELECT 'lines dictionary negative', 'aov_basket_lines', cp_patch(hex, 33, cp_h8(-1)) FROM cp_valid WHERE name = 'lines text'
UNION ALL SELECT 'lines dictionary 3', 'aov_basket_lines', cp_patch(hex, 33, cp_h8(3)) FROM cp_valid WHERE name = 'lines text'
UNION ALL SELECT 'lines missing dictionary string', 'aov_basket_lines', cp_patch(hex, 97, cp_h8(2)) FROM cp_valid WHERE name = 'lines text'
UNION ALL SELECT 'lines negative dictionary index', 'aov_basket_lines', cp_patch(hex, 65, cp_h8(-1)) FROM cp_valid WHERE name = 'lines text'
UNION ALL SELECT 'lines string beyond the end', 'aov_basket_lines', cp_patch(hex, 123, cp_h4(2)) FROM cp_valid WHERE name = 'lines text'
UNION ALL SELECT 'lines string length negative', 'aov_basket_lines', cp_patch(hex, 113, cp_h4(-1)) FROM cp_valid WHERE name = 'lines text';
SELECT name, expect_error(format('SELECT %L::%s', hex, typ)) AS input
FROM cp_bad ORDER BY typ DESC, name COLLATE "C";
-- recv (binary COPY of a bytea file read as the type) checks the same
CREATE TABLE cp_recv_src (b bytea);
CREATE TABLE cp_recv_pairs (v aov_pairs);
CREATE TABLE cp_recv_lines (v aov_basket_lines);
CREATE FUNCTION cp_recv_error(typ text, bytes bytea) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    path text := current_setting('data_directory') || '/cp_recv.bin';
BEGIN
    TRUNCATE cp_recv_src;
    INSERT INTO cp_recv_src VALUES (bytes);
    EXECUTE format('COPY cp_recv_src TO %L (FORMAT binary)', path);
    RETURN expect_error(format('COPY %I FROM %L (FORMAT binary)',
                               CASE typ WHEN 'aov_pairs' THEN 'cp_recv_pairs' ELSE 'cp_recv_lines' END, path));
END $$;
SELECT name, cp_recv_error(typ, decode(hex, 'hex')) AS recv FROM cp_valid ORDER BY name COLLATE "C";
SELECT count(*) FILTER (WHERE recv = 'no error') AS accepted,
       bool_and(recv LIKE '22P03: invalid % value%' OR recv LIKE '22P03: unsupported % format version %') AS all_22p03
FROM (SELECT cp_recv_error(typ, decode(hex, 'hex')) AS recv FROM cp_bad WHERE hex ~ '^([0-9a-f]{2})+$') r;
SELECT (SELECT count(*) FROM cp_recv_pairs) AS pairs_read, (SELECT count(*) FROM cp_recv_lines) AS lines_read;

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
SELECT c.name, count(DISTINCT c.cart) AS carts, count(x.ord) AS rows,
       count(*) FILTER (WHERE x.rank IS NOT NULL AND x.ord IS NULL) AS missing,
       count(*) FILTER (WHERE x.ord IS NOT NULL AND x.rank IS NULL) AS extra,
       coalesce(bool_and(x.same), true) AS equal
FROM cp_carts c
LEFT JOIN LATERAL (
    SELECT g.ord, r.rank,
           g.product = r.product AND g.lift = r.lift AND g.confidence = r.confidence AND g.support = r.support
           AND g.n_ab = r.n_ab AND g.because_of = r.because_of AS same
    FROM aov_cross_sell(c.pt, c.cart, c.k, c.min_count, c.min_support, c.min_lift) WITH ORDINALITY
         g(product, lift, confidence, support, n_ab, because_of, ord)
    FULL JOIN cp_ref_cross_sell(c.pt, c.cart, c.k, c.min_count, c.min_support, c.min_lift) r ON r.rank = g.ord) x ON true
GROUP BY c.name ORDER BY c.name COLLATE "C";
-- the defaults: k 5, min_count 20, min_support 0, min_lift 1
SELECT count(*) AS rows, bool_and(g.product = r.product AND g.because_of = r.because_of AND g.lift = r.lift) AS equal,
       bool_and(g.n_ab >= 20 AND g.lift >= 1) AS floors
FROM aov_cross_sell('cp_pt', ARRAY[cp_sku(2), cp_sku(1), cp_sku(45)]) WITH ORDINALITY
     g(product, lift, confidence, support, n_ab, because_of, ord)
FULL JOIN cp_ref_cross_sell('cp_pt', ARRAY[cp_sku(2), cp_sku(1), cp_sku(45)], 5, 20, 0, 1) r ON r.rank = g.ord;
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
SELECT count(*) AS rows, bool_and(g.product = r.product AND g.because_of = r.because_of AND g.lift = r.lift) AS equal
FROM aov_cross_sell('cp_pt_ties', '{c1,c2}', 10, 1, 0, 0) WITH ORDINALITY g(product, lift, confidence, support, n_ab, because_of, ord)
FULL JOIN cp_ref_cross_sell('cp_pt_ties', '{c1,c2}', 10, 1, 0, 0) r ON r.rank = g.ord;

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
SELECT c.name, count(x.ord) AS rows, count(*) FILTER (WHERE x.rank IS NOT NULL AND x.ord IS NULL) AS missing,
       count(*) FILTER (WHERE x.ord IS NOT NULL AND x.rank IS NULL) AS extra,
       coalesce(bool_and(x.same), true) AS equal, coalesce(bool_and(x.same_prices), true) AS prices,
       count(x.bundle_price) AS priced
FROM cp_bundle_cases c
LEFT JOIN LATERAL (
    SELECT g.ord, r.rank, g.bundle_price,
           g.product_a = r.product_a AND g.product_b = r.product_b AND g.n_ab = r.n_ab AND g.support = r.support
           AND g.lift = r.lift AND g.confidence_ab = r.confidence_ab AND g.confidence_ba = r.confidence_ba
           AND g.p_value = r.p_value AS same,
           g.price_a IS NOT DISTINCT FROM r.price_a AND g.price_b IS NOT DISTINCT FROM r.price_b
           AND g.bundle_price IS NOT DISTINCT FROM r.bundle_price AS same_prices
    FROM aov_bundles(c.pt, c.min_lift, c.min_support, c.max_p, c.prices, c.pcol, c.price) WITH ORDINALITY
         g(product_a, product_b, n_ab, support, lift, confidence_ab, confidence_ba, p_value,
           price_a, price_b, bundle_price, ord)
    FULL JOIN cp_ref_bundles(c.pt, c.min_lift, c.min_support, c.max_p, c.prices, c.pcol, c.price) r
    ON r.rank = g.ord) x ON true
GROUP BY c.name ORDER BY c.name COLLATE "C";
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
SELECT * FROM cp_compare('SELECT * FROM aov_pair_table(''cp_big3'', max_basket => 999)',
                         'SELECT order_id, product_id AS product FROM cp_big3', 999);
SELECT * FROM aov_pair_table('cp_big3', max_basket => 999);

-- ---------------------------------------------------------------------
-- Clean up
-- ---------------------------------------------------------------------
DROP VIEW cp_lines_fr;
DROP TABLE cp_lines, "cp Odd Lines", cp_fisher, cp_hand, cp_hand_i8, cp_hand_txt, cp_empty, cp_grid, cp_tails,
           cp_big, cp_big_txt, cp_big2, cp_big3, cp_par, cp_copy, cp_copy2, cp_parts, cp_valid, cp_bad,
           cp_recv_src, cp_recv_pairs, cp_recv_lines, cp_types, cp_no_lift, cp_pt_hand, cp_pt, cp_pt_i8,
           cp_carts, cp_pt_ties, cp_empty_prices, cp_prices, cp_prices2, cp_prices_i8, cp_bundle_cases, cp_single;
DROP DOMAIN cp_sku_domain;
DROP AGGREGATE cp_merge(aov_basket_lines);
DROP AGGREGATE cp_state(bigint, bigint);
DROP AGGREGATE cp_state(bigint, text);
DROP AGGREGATE cp_state(bigint, text, integer);
DROP FUNCTION cp_ref_pairs(text, int, bigint, float8), cp_ref_info(text, int), cp_fisher_fill(text),
              cp_compare(text, text, int, bigint, float8, bool), cp_rows(text), cp_info(text), cp_h4(int), cp_h8(bigint),
              cp_patch(text, int, text), cp_sku(int), cp_choose(bigint, bigint), cp_tuple_lines(int, int, int, int),
              cp_parallel_plan(text), cp_recv_error(text, bytea), cp_hint(text), cp_ref_cross_sell(regclass, text[], int, bigint, float8, float8),
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
