-- test/sample_data.sql: deterministic sample order data for aov_ext.
--
--   psql -v ON_ERROR_STOP=1 -f test/sample_data.sql
--
-- (Re)creates the tables
--
--   orders(order_id bigint primary key, customer_id bigint NULL,
--          ordered_at timestamptz NOT NULL, revenue numeric(12,2) NOT NULL,
--          items integer NOT NULL)
--   campaigns(campaign text NOT NULL, product text NOT NULL,
--             price numeric(10,2) NOT NULL, starts_at date NOT NULL,
--             ends_at date NOT NULL)
--
-- with about 60,000 orders placed 2026-01-01 .. 2026-06-30 (UTC) by about
-- 8,000 customers plus guests.  The shape:
--
--   * customers are acquired over the whole half year (a launch wave in
--     January, a campaign wave in April, a steady trickle otherwise), so every
--     month after January has both new and returning customers;
--   * purchase frequency is heavy-tailed: about 30% buy once, a few buy
--     almost weekly;
--   * about 8% of orders are guest checkouts (customer_id NULL);
--   * a catalogue of 400 products with lognormal list prices snapped to price
--     points (x.99, and multiples of 5 minus 0.01 above 100); popularity is
--     skewed towards a few products, so common baskets repeat exactly and the
--     most frequent order values are meaningful;
--   * items per order is geometric (1 item most often); a customer's first
--     order and guest orders are smaller than repeat orders;
--   * about 10% of orders use a 10% coupon, and in June a summer sale takes
--     20% off a third of the orders (an AOV drop to diagnose);
--   * about 0.1% wholesale outliers (200..1999 items of one product at 35%
--     off, revenue up to six figures);
--   * a handful of zero-item orders (revenue 0.00) and a handful of returns
--     (negative items and negative revenue, never a customer's first order);
--   * campaigns: the shop's promotion plan, one row per promoted product
--     with its list price and the campaign's first and last day, the input
--     diagnose_aov_drop(..., promo_table => 'campaigns') needs for the promo
--     price (促销品均价, the mean list price of the promoted products).  It
--     describes the plan, not the orders: the 20% of the summer sale is in
--     the orders' revenue above, and the products it promotes cost about
--     what May's promoted products cost (26.19 against 26.49).
--
-- Determinism: no random(), no floating point.  Every pseudo-random draw is
-- hashint8extended(key, stream) turned into an exact numeric uniform, all
-- arithmetic is numeric (exp/ln of numeric are computed by PostgreSQL itself,
-- not by the C library), timestamps are built as UTC instants plus seconds,
-- and rows are inserted in order_id order.  The result is byte-identical on
-- every run, machine and TimeZone setting.

-- settings, BEGIN, and u(key, stream): a uniform number in (0, 1)
\ir sample_common.sql

-- z(key, stream): approximately standard normal (Irwin-Hall sum of 6
-- uniforms, bounded to +-4.24), from streams s*10+1 .. s*10+6.
CREATE FUNCTION pg_temp.z(k bigint, s bigint) RETURNS numeric
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    AS $$ SELECT (pg_temp.u(k, s * 10 + 1) + pg_temp.u(k, s * 10 + 2)
                + pg_temp.u(k, s * 10 + 3) + pg_temp.u(k, s * 10 + 4)
                + pg_temp.u(k, s * 10 + 5) + pg_temp.u(k, s * 10 + 6) - 3)
                * 1.4142135623730950 $$;

-- geo(u, q): 1 + a geometric count with continuation probability q, at most 12.
CREATE FUNCTION pg_temp.geo(u numeric, q numeric) RETURNS integer
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    AS $$ SELECT least(12, 1 + floor(ln(u) / ln(q)))::integer $$;

DROP TABLE IF EXISTS orders;
CREATE TABLE orders (
    order_id    bigint PRIMARY KEY,
    customer_id bigint NULL,
    ordered_at  timestamptz NOT NULL,
    revenue     numeric(12,2) NOT NULL,
    items       integer NOT NULL
);

-- Product catalogue: 400 products, median list price about 25, snapped to
-- price points.  Product 0 is the most popular.
CREATE TEMP TABLE catalogue AS
SELECT p AS product,
       CASE WHEN raw < 1 THEN 0.99
            WHEN raw < 100 THEN ceil(raw) - 0.01
            ELSE ceil(raw / 5) * 5 - 0.01 END::numeric(12,2) AS price
FROM (SELECT p, 25 * exp(0.9 * pg_temp.z(p, 1)) AS raw
      FROM generate_series(0, 399) AS p) AS c;

-- Customers: acquisition day a (0 = 2026-01-01, 180 = 2026-06-30) and the
-- number of orders n (the first on day a, the others later).
CREATE TEMP TABLE customers AS
WITH c AS (
    SELECT c,
           CASE WHEN pg_temp.u(c, 2) < 0.30 THEN floor(31 * pg_temp.u(c, 3))        -- January launch
                WHEN pg_temp.u(c, 2) < 0.45 THEN 90 + floor(30 * pg_temp.u(c, 3))   -- April campaign
                ELSE floor(181 * pg_temp.u(c, 3)) END::integer AS a,
           pg_temp.u(c, 4) < 0.30 AS one_time,
           -- repeat orders per 30 days, lognormal
           1.68 * exp(0.8 * pg_temp.z(c, 5)) AS rate
    FROM generate_series(1, 8000) AS c
)
SELECT c AS customer_id, a,
       CASE WHEN one_time THEN 1
            ELSE least(400, 1 + floor(rate * (181 - a) / 30 + pg_temp.u(c, 6)))::integer
       END AS n
FROM c;

-- Orders before numbering: key identifies the order (customer c, sequence j;
-- or guest g), day and second of day give the time, kind the special cases.
CREATE TEMP TABLE raw_orders AS
SELECT key, customer_id, seq,
       timestamptz '2026-01-01 00:00:00+00'
         + (day * 86400 + sec) * interval '1 second' AS ordered_at
FROM (
    SELECT c.customer_id * 1000 + j AS key, c.customer_id, j AS seq,
           CASE WHEN j = 0 THEN c.a
                ELSE c.a + floor((181 - c.a) * pg_temp.u(c.customer_id * 1000 + j, 7))::integer
           END AS day,
           -- triangular around midday
           floor(43200 * (pg_temp.u(c.customer_id * 1000 + j, 8)
                        + pg_temp.u(c.customer_id * 1000 + j, 9)))::integer AS sec
    FROM customers AS c, generate_series(0, c.n - 1) AS j
    UNION ALL
    SELECT 100000000 + g, NULL, NULL,
           -- guests grow with the shop: density 0.6 + 0.8 x over the half year
           floor(181 * CASE WHEN pg_temp.u(100000000 + g, 6) < 0.6 THEN pg_temp.u(100000000 + g, 7)
                            ELSE greatest(pg_temp.u(100000000 + g, 7), pg_temp.u(100000000 + g, 5))
                       END)::integer,
           floor(43200 * (pg_temp.u(100000000 + g, 8) + pg_temp.u(100000000 + g, 9)))::integer
    FROM generate_series(1, 4800) AS g
) AS o;

-- Number the orders chronologically and decide each order's kind.
CREATE TEMP TABLE numbered AS
SELECT row_number() OVER (ORDER BY ordered_at, key) AS order_id, key, customer_id,
       seq, ordered_at
FROM raw_orders;

CREATE TEMP TABLE kinds AS
SELECT n.*,
       CASE WHEN n.order_id % 9973 = 4321 THEN 'zero'
            WHEN n.order_id % 14983 = 101 AND n.seq > 0 THEN 'return'
            WHEN pg_temp.u(n.key, 10) < 0.0012 AND n.seq > 0 THEN 'wholesale'
            ELSE 'normal' END AS kind,
       -- a first order or a guest order is smaller than a repeat order
       pg_temp.geo(pg_temp.u(n.key, 11),
                   CASE WHEN n.seq > 0 THEN 0.55 ELSE 0.42 END) AS basket
FROM numbered AS n;

-- One row per unit bought for normal orders and returns (returns take back
-- one or two units); one product in bulk for wholesale orders.
CREATE TEMP TABLE units AS
SELECT k.order_id, k.key, k.kind, i,
       floor(400 * pg_temp.u(k.key * 16 + i, 12) * pg_temp.u(k.key * 16 + i, 12))::integer
           AS product
FROM kinds AS k,
     generate_series(1, CASE k.kind WHEN 'normal' THEN k.basket
                                    WHEN 'return' THEN least(k.basket, 2)
                                    WHEN 'wholesale' THEN 1
                                    ELSE 0 END) AS i;

CREATE TEMP TABLE sums AS
SELECT x.order_id, sum(c.price) AS gross, count(*)::integer AS units
FROM units AS x JOIN catalogue AS c USING (product)
GROUP BY x.order_id;

INSERT INTO orders (order_id, customer_id, ordered_at, revenue, items)
SELECT k.order_id, k.customer_id, k.ordered_at,
       CASE k.kind
         WHEN 'zero' THEN 0
         WHEN 'return' THEN -s.gross
         WHEN 'wholesale' THEN round(s.gross * k.bulk * 0.65, 2)
         ELSE round(s.gross
                    * CASE WHEN k.ordered_at >= timestamptz '2026-06-01 00:00:00+00'
                                AND pg_temp.u(k.key, 13) < 0.33 THEN 0.80
                           WHEN pg_temp.u(k.key, 14) < 0.10 THEN 0.90
                           ELSE 1 END, 2)
       END,
       CASE k.kind
         WHEN 'zero' THEN 0
         WHEN 'return' THEN -s.units
         WHEN 'wholesale' THEN k.bulk
         ELSE s.units
       END
FROM (SELECT *, 200 + floor(1800 * pg_temp.u(key, 15))::integer AS bulk FROM kinds) AS k
LEFT JOIN sums AS s USING (order_id)
ORDER BY k.order_id;

DROP TABLE sums, units, kinds, numbered, raw_orders, customers, catalogue;

-- The promotion plan.  Prices are list prices, before any discount; a
-- campaign's ends_at is its last day.
DROP TABLE IF EXISTS campaigns;
CREATE TABLE campaigns (
    campaign  text NOT NULL,
    product   text NOT NULL,
    price     numeric(10,2) NOT NULL,
    starts_at date NOT NULL,
    ends_at   date NOT NULL
);
INSERT INTO campaigns VALUES
    ('launch week',    'scented candle set',   24.99, '2026-01-05', '2026-01-11'),
    ('launch week',    'linen tea towels',     27.99, '2026-01-05', '2026-01-11'),
    ('spring welcome', 'herb planter',         25.99, '2026-04-01', '2026-04-30'),
    ('spring welcome', 'picnic blanket',       28.99, '2026-04-01', '2026-04-30'),
    ('mothers day',    'ceramic vase',         27.99, '2026-05-01', '2026-05-10'),
    ('mothers day',    'silk scarf',           29.99, '2026-05-01', '2026-05-10'),
    ('garden week',    'watering can',         22.99, '2026-05-18', '2026-05-24'),
    ('garden week',    'garden gloves',        24.99, '2026-05-18', '2026-05-24'),
    ('summer sale',    'beach towel',          19.99, '2026-06-01', '2026-06-30'),
    ('summer sale',    'sun hat',              22.99, '2026-06-01', '2026-06-30'),
    ('summer sale',    'outdoor lantern',      25.99, '2026-06-01', '2026-06-30'),
    ('summer sale',    'cooler bag',           29.99, '2026-06-01', '2026-06-30'),
    ('summer sale',    'hammock',              31.99, '2026-06-01', '2026-06-30');
DROP FUNCTION pg_temp.geo(numeric, numeric), pg_temp.z(bigint, bigint), pg_temp.u(bigint, bigint);

COMMIT;

ANALYZE orders;
ANALYZE campaigns;
