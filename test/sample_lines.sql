-- test/sample_lines.sql: deterministic order lines and a product catalogue
-- for the orders of test/sample_data.sql, to try aov_copurchase and the pair
-- table (doc/guide.md, section 10).
--
--   psql -v ON_ERROR_STOP=1 -f test/sample_data.sql
--   psql -v ON_ERROR_STOP=1 -f test/sample_lines.sql
--
-- (Re)creates the tables
--
--   products(product_id text primary key, description text NOT NULL,
--            price numeric(10,2) NOT NULL)
--   order_lines(order_id bigint NOT NULL, line_no integer NOT NULL,
--               product_id text NOT NULL, quantity integer NOT NULL,
--               primary key (order_id, line_no))
--
-- 400 products with gift-shop SKUs such as '85123A'.  Every order of the
-- orders table with 1 to 12 items gets lines whose quantities add up to its
-- items; wholesale orders (200 items or more) spread their items over 30 to
-- 149 distinct best sellers; zero-item orders and returns get no lines.  The
-- lines describe what was bought, not what was paid: the revenue of orders
-- was computed by test/sample_data.sql and is not recomputed from prices.
--
-- The shape:
--   * popularity is skewed: the best seller is in about 1 order in 10, the
--     300th product in about 1 in 300;
--   * 100 rare products (the long tail) are each bought 1 to 13 times;
--   * nine groups of related products (teacups in three colours, lunch bags,
--     cake stand and cake cases, ...): after an order's first product, each
--     further unit comes from the first product's group with probability
--     0.4 (if it has one), is another unit of the first product with
--     probability 0.15, and is drawn independently otherwise.  In retail
--     orders, products outside the groups are bought together only by
--     chance; a wholesale order has every pair of its products.
--
-- Determinism: as test/sample_data.sql, every draw is hashint8extended(key,
-- stream) turned into an exact numeric uniform; no random(), no floating
-- point.  The result is the same on every run and machine.

-- settings, BEGIN, and u(key, stream): a uniform number in (0, 1)
\ir sample_common.sql

DROP TABLE IF EXISTS order_lines;
DROP TABLE IF EXISTS products;

-- The products that belong to a group, and a few best sellers that go with
-- anything.  rank is the popularity rank (0 = best seller).
CREATE TEMP TABLE named (rank integer, product_id text, description text,
                         price numeric(10,2), grp integer);
INSERT INTO named VALUES
    (0,  '85123A', 'WHITE HANGING HEART T-LIGHT HOLDER', 2.95, 1),
    (38, '21733',  'RED HANGING HEART T-LIGHT HOLDER', 2.95, 1),
    (1,  '22423',  'REGENCY CAKESTAND 3 TIER', 12.75, 2),
    (8,  '21212',  'PACK OF 72 RETROSPOT CAKE CASES', 0.55, 2),
    (20, '84991',  '60 TEATIME FAIRY CAKE CASES', 0.55, 2),
    (2,  '85099B', 'JUMBO BAG RED RETROSPOT', 2.08, 3),
    (12, '22386',  'JUMBO BAG PINK POLKADOT', 2.08, 3),
    (30, '22411',  'JUMBO SHOPPER VINTAGE RED PAISLEY', 2.08, 3),
    (3,  '20725',  'LUNCH BAG RED RETROSPOT', 1.65, 4),
    (11, '20727',  'LUNCH BAG BLACK SKULL', 1.65, 4),
    (17, '22382',  'LUNCH BAG SPACEBOY DESIGN', 1.65, 4),
    (25, '20728',  'LUNCH BAG CARS BLUE', 1.65, 4),
    (5,  '22697',  'GREEN REGENCY TEACUP AND SAUCER', 2.95, 5),
    (9,  '22698',  'PINK REGENCY TEACUP AND SAUCER', 2.95, 5),
    (14, '22699',  'ROSES REGENCY TEACUP AND SAUCER', 2.95, 5),
    (22, '22726',  'ALARM CLOCK BAKELIKE GREEN', 3.75, 6),
    (27, '22727',  'ALARM CLOCK BAKELIKE RED', 3.75, 6),
    (45, '22728',  'ALARM CLOCK BAKELIKE PINK', 3.75, 6),
    (15, '22960',  'JAM MAKING SET WITH JARS', 4.25, 7),
    (35, '22961',  'JAM MAKING SET PRINTED', 1.45, 7),
    (19, '22086',  'PAPER CHAIN KIT 50''S CHRISTMAS', 2.95, 8),
    (50, '22910',  'PAPER CHAIN KIT VINTAGE CHRISTMAS', 2.95, 8),
    (24, '22720',  'SET OF 3 CAKE TINS PANTRY DESIGN', 4.95, 9),
    (60, '22722',  'SET OF 6 SPICE TINS PANTRY DESIGN', 3.95, 9),
    (4,  '84879',  'ASSORTED COLOUR BIRD ORNAMENT', 1.69, NULL),
    (6,  '47566',  'PARTY BUNTING', 4.95, NULL),
    (7,  '23084',  'RABBIT NIGHT LIGHT', 2.08, NULL),
    (10, '22197',  'SMALL POPCORN HOLDER', 0.85, NULL);

-- Every rank 0..399: the named products, the others made up.
CREATE TEMP TABLE catalogue AS
SELECT r AS rank,
       coalesce(n.product_id,
                (30000 + r * 7)::text || CASE WHEN r % 7 = 3 THEN 'B' ELSE '' END) AS product_id,
       coalesce(n.description,
                CASE WHEN r >= 240 THEN 'MINI ' ELSE '' END
                || (ARRAY['VINTAGE', 'RED RETROSPOT', 'PINK POLKADOT', 'BLUE STRIPE', 'SPACEBOY',
                          'DOLLY GIRL', 'WOODLAND', 'SKULLS', 'PAISLEY', 'HEART', 'ROSE', 'BIRD'])[1 + r % 12]
                || ' '
                || (ARRAY['MUG', 'NOTEBOOK', 'TEA TOWEL', 'GIFT WRAP', 'CANDLE', 'PHOTO FRAME',
                          'DOORMAT', 'BUNTING', 'STICKER SHEET', 'PLATE', 'BOWL', 'APRON', 'PURSE',
                          'TISSUES', 'MAGNET', 'COASTER', 'CUSHION COVER', 'PLASTERS',
                          'WATER BOTTLE', 'TAPE MEASURE'])[1 + (r / 12) % 20]) AS description,
       coalesce(n.price,
                (ARRAY[0.42, 0.55, 0.65, 0.85, 1.25, 1.45, 1.65, 1.95, 2.10, 2.55, 2.95, 3.75,
                       4.95, 5.95, 7.95, 9.95, 12.75])[1 + floor(17 * pg_temp.u(r, 1))::integer])
           AS price,
       n.grp
FROM generate_series(0, 399) AS r
LEFT JOIN named AS n ON n.rank = r;

CREATE TABLE products (
    product_id  text PRIMARY KEY,
    description text NOT NULL,
    price       numeric(10,2) NOT NULL
);
INSERT INTO products SELECT product_id, description, price FROM catalogue ORDER BY product_id;

-- One rank per unit: a popular product (rank floor(300 u^2)) or, with
-- probability 0.006, one of the 100 rare products (ranks 300..399).
CREATE FUNCTION pg_temp.draw(k bigint) RETURNS integer
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    AS $$ SELECT CASE WHEN pg_temp.u(k, 21) < 0.006 THEN 300 + floor(100 * pg_temp.u(k, 22))
                      ELSE floor(300 * pg_temp.u(k, 23) * pg_temp.u(k, 23)) END::integer $$;

CREATE TEMP TABLE units AS
WITH retail AS (
    SELECT o.order_id, o.items, pg_temp.draw(o.order_id * 16) AS anchor
    FROM orders AS o WHERE o.items BETWEEN 1 AND 12
)
SELECT r.order_id, i,
       CASE WHEN i = 1 THEN r.anchor
            WHEN a.grp IS NOT NULL AND pg_temp.u(r.order_id * 16 + i, 24) < 0.40
                THEN (SELECT g.rank FROM catalogue AS g WHERE g.grp = a.grp ORDER BY g.rank
                      OFFSET floor(pg_temp.u(r.order_id * 16 + i, 25)
                                   * (SELECT count(*) FROM catalogue AS c WHERE c.grp = a.grp))
                      LIMIT 1)
            WHEN pg_temp.u(r.order_id * 16 + i, 24) >= 0.85 THEN r.anchor
            ELSE pg_temp.draw(r.order_id * 16 + i) END AS rank
FROM retail AS r
JOIN catalogue AS a ON a.rank = r.anchor,
     generate_series(1, r.items) AS i;

-- Wholesale: k distinct best sellers (ranks 0..149, a stride coprime to 150),
-- the items shared out as evenly as possible.
INSERT INTO units
SELECT o.order_id, i,
       ((floor(150 * pg_temp.u(o.order_id, 26))::integer
         + i * (ARRAY[7, 11, 13, 17, 19, 23, 29, 31])[1 + floor(8 * pg_temp.u(o.order_id, 27))::integer])
        % 150) AS rank
FROM orders AS o,
     LATERAL (SELECT 30 + floor(120 * pg_temp.u(o.order_id, 28))::integer AS k) AS w,
     generate_series(1, o.items) AS j,
     LATERAL (SELECT (j - 1) % w.k AS i) AS x
WHERE o.items >= 200;

CREATE TABLE order_lines (
    order_id   bigint NOT NULL,
    line_no    integer NOT NULL,
    product_id text NOT NULL,
    quantity   integer NOT NULL,
    PRIMARY KEY (order_id, line_no)
);
INSERT INTO order_lines
SELECT order_id, row_number() OVER (PARTITION BY order_id ORDER BY first_unit)::integer,
       product_id, quantity
FROM (SELECT x.order_id, c.product_id, min(x.i) AS first_unit, count(*)::integer AS quantity
      FROM units AS x JOIN catalogue AS c USING (rank)
      GROUP BY x.order_id, c.product_id) AS l
ORDER BY order_id, first_unit;

DROP TABLE units, catalogue, named;
DROP FUNCTION pg_temp.draw(bigint), pg_temp.u(bigint, bigint);

COMMIT;

ANALYZE products, order_lines;
