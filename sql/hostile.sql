--
-- hostile: keys chosen to collide in a hash table, and cancellation.
--
-- aov_ext 0.3.0 hashed keys with murmur3's 64-bit finalizer, unseeded.  It
-- is a bijection, so its inverse gives as many keys as wanted that land in
-- one slot of any table of up to 2^20 slots: 100,000 such customer ids
-- took 30 s where ordinary ids take 0.1 s, and cancelling took 19 s.  The
-- hash is now keyed per process (src/hash.c), so these keys must cost what
-- any keys cost, and every answer must be exact.
--
-- statement_timeout guards against a quadratic run (minutes here); it is a
-- safety net, not a measurement: the suite asserts no timings.
--

-- 64-bit unsigned arithmetic in numeric, bit operations in bit(64)
CREATE FUNCTION u64_bits(k numeric) RETURNS bit(64) LANGUAGE sql IMMUTABLE AS
$$ SELECT floor(k / 4294967296)::bigint::bit(32) || (k % 4294967296)::bigint::bit(32) $$;
CREATE FUNCTION bits_u64(b bit(64)) RETURNS numeric LANGUAGE sql IMMUTABLE AS
$$ SELECT substring(b FROM 1 FOR 32)::bigint::numeric * 4294967296 + substring(b FROM 33 FOR 32)::bigint $$;
CREATE FUNCTION xorshift33(k numeric) RETURNS numeric LANGUAGE sql IMMUTABLE AS
$$ SELECT bits_u64(u64_bits(k) # (u64_bits(k) >> 33)) $$;
-- murmur3's fmix64, and its inverse (the multipliers' inverses mod 2^64)
CREATE FUNCTION fmix64(k numeric) RETURNS numeric LANGUAGE sql IMMUTABLE AS $$
  SELECT xorshift33(xorshift33(xorshift33(k) * 18397679294719823053 % 18446744073709551616)
                    * 14181476777654086739 % 18446744073709551616) $$;
CREATE FUNCTION unfmix64(h numeric) RETURNS numeric LANGUAGE sql IMMUTABLE AS $$
  SELECT xorshift33(xorshift33(xorshift33(h) * 11291846944257947611 % 18446744073709551616)
                    * 5725274745694666757 % 18446744073709551616) $$;
SELECT 18397679294719823053 * 5725274745694666757 % 18446744073709551616 AS inverse_1,
       14181476777654086739 * 11291846944257947611 % 18446744073709551616 AS inverse_2;

-- 100,000 keys whose old hash is j * 2^20: all in slot 0 of a 2^20 table
CREATE TABLE hostile_keys AS
SELECT j, (CASE WHEN u >= 9223372036854775808 THEN u - 18446744073709551616 ELSE u END)::bigint AS k
FROM (SELECT j, unfmix64(j * 1048576::numeric) AS u FROM generate_series(1, 100000) j) s;
SELECT count(*) AS keys, count(DISTINCT k) AS distinct_keys,
       count(DISTINCT fmix64(CASE WHEN k < 0 THEN k + 18446744073709551616 ELSE k END) % 1048576) AS old_slots
FROM hostile_keys;

SET statement_timeout = '60s';

-- customer ids: the distinct customers of aov_breakdown
SELECT (b).orders, (b).customers, (b).customers = (SELECT count(DISTINCT k) FROM hostile_keys) AS exact
FROM (SELECT aov_breakdown(1.5, 2, k) AS b FROM hostile_keys) s;

-- the same keys as text and uuid customer ids (a keyed hash of the bytes)
SELECT (b).customers = (SELECT count(DISTINCT k) FROM hostile_keys) AS text_exact,
       (u).customers = (SELECT count(DISTINCT k) FROM hostile_keys) AS uuid_exact
FROM (SELECT aov_breakdown(1.5, 2, k::text) AS b, aov_breakdown(1.5, 2, md5(k::text)::uuid) AS u FROM hostile_keys) s;

-- values: the counts of aov_top_values (each key once, and one key 3 times)
SELECT t[1].value = (SELECT k FROM hostile_keys WHERE j = 7) AS top_is_repeated, t[1].count
FROM (SELECT aov_top_values(k, 2) AS t
      FROM (SELECT k FROM hostile_keys UNION ALL SELECT k FROM hostile_keys WHERE j = 7
            UNION ALL SELECT k FROM hostile_keys WHERE j = 7) x) s;

-- product keys: aov_copurchase over orders of two hostile products each
SELECT (i).n_orders, (i).products, (i).pairs_counted
FROM (SELECT aov_pairs_info(aov_copurchase(j / 2, k)) AS i FROM hostile_keys) s;

-- first orders: aov_report's per-customer lookup, against date_trunc
CREATE TABLE hostile_orders AS
SELECT timestamptz '2026-01-01' + (j % 90) * interval '1 day' AS ordered_at,
       (j % 50 + 1)::numeric AS revenue, 1 + j % 3 AS items, k AS customer_id
FROM hostile_keys
UNION ALL
SELECT timestamptz '2026-03-15', 10, 1, k FROM hostile_keys WHERE j % 3 = 0;
CREATE TEMP TABLE hostile_ref AS
SELECT date_trunc('month', o.ordered_at)::date AS period,
       CASE WHEN date_trunc('month', f.first_at) = date_trunc('month', o.ordered_at) THEN 'new' ELSE 'returning' END AS segment,
       count(*) AS orders
FROM hostile_orders o JOIN (SELECT customer_id, min(ordered_at) AS first_at FROM hostile_orders GROUP BY 1) f USING (customer_id)
GROUP BY 1, 2;
SELECT count(*) AS groups, sum(orders) AS orders FROM hostile_ref;
SELECT coalesce(r.period, f.period) AS period, coalesce(r.segment, f.segment) AS segment,
       r.orders AS ref, f.orders AS got
FROM hostile_ref r
FULL JOIN (SELECT period, segment, orders FROM aov_report('hostile_orders') WHERE segment <> 'all') f
  USING (period, segment)
WHERE r.orders IS DISTINCT FROM f.orders;

RESET statement_timeout;

-- Cancellation: a statement that takes seconds is cancelled by
-- statement_timeout (SQLSTATE 57014), in the scan or in our loops, and the
-- session goes on.  (How fast: test/bench/cancel.sh.)
CREATE TABLE hostile_big AS
SELECT aov_summary((i % 100000)::numeric / 100, i % 7, i, 0.05) AS s FROM generate_series(1, 300000) i;
CREATE FUNCTION expect_cancel(q text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE q;
    RETURN 'not cancelled';
EXCEPTION WHEN query_canceled THEN
    RETURN 'cancelled';
END $$;
SET statement_timeout = '5ms';
SELECT expect_cancel($$SELECT aov_breakdown(s) FROM hostile_big, generate_series(1, 50)$$) AS breakdown;
SELECT expect_cancel($$SELECT aov_trimmed_mean(i::numeric, 0.1) FROM generate_series(1, 20000000) i$$) AS trimmed_mean;
SELECT expect_cancel($$SELECT aov_breakdown(k::numeric, 1, k) FROM hostile_keys, generate_series(1, 200)$$) AS hostile_breakdown;
RESET statement_timeout;
SELECT 1 AS still_here;

DROP TABLE hostile_keys, hostile_orders, hostile_big;
DROP FUNCTION expect_cancel(text), fmix64(numeric), unfmix64(numeric), xorshift33(numeric), u64_bits(numeric), bits_u64(bit);
