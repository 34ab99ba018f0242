-- gen_common.sql: what the generators of test/bench share; each includes it
-- (\ir gen_common.sql) first.  Not run on its own.
--
-- Deterministic without setseed(): every random draw is a hash of a key
-- (order_id, or another id) and a stream number k via hashint8extended(),
-- stable across platforms, releases, plan shapes and parallelism.  The
-- functions are SQL functions that the planner inlines (those with a CASE
-- or least() only when they are not STRICT).

\set ON_ERROR_STOP 1

-- uniform (0,1) draw number k of key x, with 53 random bits
CREATE OR REPLACE FUNCTION pg_temp.u(x bigint, k bigint) RETURNS float8
LANGUAGE sql IMMUTABLE STRICT
RETURN ((hashint8extended(x, k) & 9007199254740991)::float8 + 0.5) / 9007199254740992;

-- The order values of gen_orders.sql and gen_customer_orders.sql, for order
-- id (draws 1, 2, 3, 5 and 6 of the order): i0 = 1 + floor(-scale ln u3)
-- items, at most max_items (geometric-like); ~5% (u5 < 0.05)
-- are single-item orders at a fixed price point (9.99, 19.99, 24.99, 49.99,
-- 99.00): real order values have such spikes, and they give aov_top_values
-- a well-defined answer; the others are worth i0^0.8 * exp(3.3 + 0.75 z),
-- z ~ N(0,1) (lognormal, median about 27 for one item), rounded to cents,
-- at least 0.50.
CREATE OR REPLACE FUNCTION pg_temp.order_i0(id bigint, max_items integer, scale float8) RETURNS integer
LANGUAGE sql IMMUTABLE
RETURN least(max_items, 1 + floor(-scale * ln(pg_temp.u(id, 3)))::int);
-- the items of the order
CREATE OR REPLACE FUNCTION pg_temp.order_items(id bigint, max_items integer, scale float8) RETURNS integer
LANGUAGE sql IMMUTABLE
RETURN CASE WHEN pg_temp.u(id, 5) < 0.05 THEN 1 ELSE pg_temp.order_i0(id, max_items, scale) END;
-- its value in cents
CREATE OR REPLACE FUNCTION pg_temp.order_cents(id bigint, max_items integer, scale float8) RETURNS bigint
LANGUAGE sql IMMUTABLE
RETURN CASE WHEN pg_temp.u(id, 5) < 0.05
            THEN (ARRAY[999, 1999, 2499, 4999, 9900]::bigint[])[1 + floor(pg_temp.u(id, 6) * 5)::int]
            ELSE greatest(50, round(100 * power(pg_temp.order_i0(id, max_items, scale), 0.8)
                                    * exp(3.3 + 0.75 * sqrt(-2 * ln(pg_temp.u(id, 1))) * cos(2 * pi() * pg_temp.u(id, 2)))))::bigint
       END;
