-- gen_order_lines.sql: synthetic order lines and products, for the
-- co-purchase benchmark (test/bench/copurchase.sh).
--
--   psql -v orders=200000 -f test/bench/gen_order_lines.sql     (default: 2,000,000)
--   psql -v orders=200000 -v products=20000 -v zipf_s=0.9 -v dup=0.03 \
--        -v complement=0.25 -f test/bench/gen_order_lines.sql   (the defaults)
--
-- order_lines(order_id bigint, line_no integer, product_id bigint, quantity integer)
-- products(product_id bigint, popularity_rank integer, price numeric(10,2))
--
-- The column names are aov_pair_table's defaults (order_id, product_id).
--
-- Distribution:
--   * lines per order: 1 + floor(-ln(u) / ln 1.5), capped at 12: geometric,
--     P(1) = 1/3, mean ~2.97 (before duplicates).
--   * products: :products of them (default 20,000), Zipf-like popularity:
--     rank r drawn from the continuous power law x^-s on [1, P+1] (s =
--     :zipf_s, default 0.9), r = floor(x).  With s = 0.9 the top product has
--     ~4% of the lines, the top 100 ~27%, and about half the products get
--     a line in fewer than 1 order in 20,000 each.
--   * complements, so that the pair table has real signal (lift >> 1): the
--     first line of an order is its anchor, drawn from the popularity law;
--     every later line is, with probability :complement (default 0.25), one
--     of the anchor's 3 complements (product hash(anchor, k) mod P, k = 1..3),
--     else an independent draw from the popularity law.  Independent draws
--     can repeat a product within an order (popular products do).
--   * duplicated lines: a fraction :dup of the orders (default 0.03, 0 for
--     none) with fewer than 12 lines get one more line repeating the anchor
--     (the same product on two lines, as carts that add an item twice have).
--     Baskets are sets: both the extension and the plain SQL count such an
--     order once per product.
--   * product ids are bigint and say nothing about popularity: the product
--     of rank r is ((r - 1) * 7919 mod P + 1) * 1000003 (7919 is prime, so
--     this is one-to-one unless P is a multiple of 7919), i.e. 7 to 11 digits:
--     beyond the integer range, and their text order is not their numeric
--     order (the pair table's keys are text).
--   * quantity: 1 + floor(-0.7 ln u), capped at 10 (ignored by the pair counts).
--   * products.price: lognormal around 20, in cents, for aov_bundles' prices.
--
-- Deterministic (gen_common.sql): u(x, k) is draw k of x = order_id, or
-- order_id * 16 + line_no for a line, or the rank for a product's price.
--
-- One INSERT ... SELECT over generate_series, in order_id order, then
-- VACUUM (FREEZE, ANALYZE) so that hint bits and the visibility map are set
-- before anything is timed.

\ir gen_common.sql
\if :{?orders} \else \set orders 2000000 \endif
\if :{?products} \else \set products 20000 \endif
\if :{?zipf_s} \else \set zipf_s 0.9 \endif
\if :{?dup} \else \set dup 0.03 \endif
\if :{?complement} \else \set complement 0.25 \endif

DROP TABLE IF EXISTS order_lines;
DROP TABLE IF EXISTS products;

-- rank (1 = most popular) of a uniform draw u under the popularity law
CREATE OR REPLACE FUNCTION pg_temp.zipf_rank(u float8, p bigint, s float8) RETURNS bigint
LANGUAGE sql IMMUTABLE STRICT
RETURN least(p, greatest(1, floor(CASE WHEN s = 1 THEN power(p + 1, u)
                                       ELSE power(1 + u * (power(p + 1, 1 - s) - 1), 1 / (1 - s)) END)))::bigint;
-- product id of a rank
CREATE OR REPLACE FUNCTION pg_temp.product_of(r bigint, p bigint) RETURNS bigint
LANGUAGE sql IMMUTABLE STRICT
RETURN ((r - 1) * 7919 % p + 1) * 1000003;

CREATE TABLE products (
    product_id      bigint NOT NULL,
    popularity_rank integer NOT NULL,
    price           numeric(10,2) NOT NULL
);
INSERT INTO products
SELECT pg_temp.product_of(r, :products), r,
       greatest(0.5, round((20 * exp(0.8 * sqrt(-2 * ln(pg_temp.u(r, 201))) * cos(2 * pi() * pg_temp.u(r, 202))))::numeric, 2))
  FROM generate_series(1::bigint, (:products)::bigint) AS r;

CREATE TABLE order_lines (
    order_id   bigint NOT NULL,
    line_no    integer NOT NULL,
    product_id bigint NOT NULL,
    quantity   integer NOT NULL
);

INSERT INTO order_lines (order_id, line_no, product_id, quantity)
SELECT o.id, l.j,
       pg_temp.product_of(
           CASE WHEN l.j = 1 OR l.j > o.nlines THEN o.anchor      -- the anchor, or its duplicate line
                WHEN pg_temp.u(o.id * 16 + l.j, 4) < :complement  -- one of the anchor's 3 complements
                THEN 1 + (hashint8extended(o.anchor, 100 + floor(pg_temp.u(o.id * 16 + l.j, 5) * 3)::bigint)
                          & 9223372036854775807) % (:products)::bigint
                ELSE pg_temp.zipf_rank(pg_temp.u(o.id * 16 + l.j, 6), :products, :zipf_s)
           END, :products),
       least(10, 1 + floor(-0.7 * ln(pg_temp.u(o.id * 16 + l.j, 7))))::int
  FROM (
    SELECT id, nlines,
           nlines + (pg_temp.u(id, 2) < :dup AND nlines < 12)::int AS total,
           pg_temp.zipf_rank(pg_temp.u(id, 3), :products, :zipf_s) AS anchor
      FROM (SELECT id, least(12, 1 + floor(-ln(pg_temp.u(id, 1)) / ln(1.5)))::int AS nlines
              FROM generate_series(1::bigint, (:orders)::bigint) AS id) g
  ) o
  CROSS JOIN LATERAL generate_series(1, o.total) AS l(j);

VACUUM (FREEZE, ANALYZE) order_lines;
VACUUM (FREEZE, ANALYZE) products;

SELECT count(DISTINCT order_id) AS orders,
       count(*) AS lines,
       round(count(*)::numeric / count(DISTINCT order_id), 3) AS lines_per_order,
       (SELECT count(*) FROM (SELECT DISTINCT order_id, product_id FROM order_lines) d) AS distinct_lines,
       count(DISTINCT product_id) AS products_sold,
       (SELECT max(c) FROM (SELECT count(*) AS c FROM order_lines GROUP BY order_id) x) AS max_lines,
       (SELECT round(100.0 * max(c) / sum(c), 2) FROM (SELECT count(*) AS c FROM order_lines GROUP BY product_id) x) AS top_product_pct,
       pg_size_pretty(pg_table_size('order_lines')) AS table_size
  FROM order_lines;
