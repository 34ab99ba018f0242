--
-- segments: the two internal aggregates behind aov_report and the relation
-- form of diagnose_aov_drop.  _aov_firsts makes an aov_firsts (the time of
-- every customer's first order, src/firsts.c); _aov_segments summarizes
-- every order into its period (a granularity, or the baseline and current
-- ranges) and segment, given those first orders (an aov_segments,
-- src/segments.c).  The definitions (doc/reference.md, aov_report and
-- diagnose_aov_drop): a customer's first order is the earliest time of a
-- row with their id over the WHOLE relation (even if its revenue or items
-- are NULL); an order is new when that first order falls in the order's
-- period (date_trunc in the session's TimeZone, or the range), returning
-- otherwise, guest when its customer id is NULL; rows with a NULL time,
-- revenue or items are no order.
--
-- Every check compares with a plain SQL reference over the same rows
-- (date_trunc, min() OVER the customer, GROUP BY, count/sum) and returns
-- the rows that differ (none expected), next to counts that show the data
-- was there.  Sections:
--   1. aov_report in four time zones with DST (two of them change at
--      midnight), every granularity, timestamptz, timestamp and date
--      columns, since/until cutting periods
--   2. infinite, NULL and skipped order times
--   3. diagnose_aov_drop and the ranges of every bound kind
--   4. serial and parallel runs give the same report
--   5. aov_firsts and aov_segments as values: their bytes built in SQL,
--      text and binary round trips, malformed values
--   6. misuse of the internal aggregates
--   7. edge cases that once went wrong (DST over midnight, stored ranges,
--      the end of time, merges of different states, one form per value)
--

-- ---------------------------------------------------------------------
-- Helpers, independent of the extension
-- ---------------------------------------------------------------------

-- big-endian hex of fixed-width fields: uint8, uint16, int32, int64
CREATE FUNCTION sg_h1(integer) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT lpad(to_hex($1), 2, '0') $$;
CREATE FUNCTION sg_h4(integer) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT encode(int4send($1), 'hex') $$;
CREATE FUNCTION sg_h8(numeric) RETURNS text LANGUAGE sql IMMUTABLE
    AS $$ SELECT encode(int8send(CASE WHEN $1 >= 9223372036854775808 THEN $1 - 18446744073709551616 ELSE $1 END::bigint), 'hex') $$;
-- a timestamptz as stored: microseconds since 2000-01-01 UTC, the
-- infinities as the int64 extremes (from the date and the time of day:
-- extract(epoch) rounds near the end of the range)
CREATE FUNCTION sg_us(t timestamptz) RETURNS numeric LANGUAGE sql IMMUTABLE STRICT AS $$
    SELECT CASE WHEN t = '-infinity' THEN -9223372036854775808
                WHEN t = 'infinity' THEN 9223372036854775807
                ELSE ((t AT TIME ZONE 'UTC')::date - date '2000-01-01')::numeric * 86400000000
                     + extract(hour FROM (t AT TIME ZONE 'UTC')::time) * 3600000000
                     + extract(minute FROM (t AT TIME ZONE 'UTC')::time) * 60000000
                     + extract(microseconds FROM (t AT TIME ZONE 'UTC')::time) END $$;
-- the hash aov_firsts stores (src/firsts.c, body_hash), as an unsigned
-- 64-bit numeric: h = 0x243F6A8885A308D3 xor the length; for each 8-byte
-- little-endian word w (the last 0-7 bytes as one more, zero-filled)
-- h = mum(h xor w, 0x9E3779B97F4A7C15); then mum(h, 0xC2B2AE3D27D4EB4F),
-- where mum(a, b) is the 128-bit product's low and high halves xored
CREATE FUNCTION sg_xor(a numeric, b numeric) RETURNS numeric LANGUAGE sql IMMUTABLE STRICT AS $$
    SELECT CASE WHEN x < 0 THEN x + 18446744073709551616 ELSE x END
    FROM (SELECT ((CASE WHEN a >= 9223372036854775808 THEN a - 18446744073709551616 ELSE a END)::bigint
                  # (CASE WHEN b >= 9223372036854775808 THEN b - 18446744073709551616 ELSE b END)::bigint)::numeric AS x) s $$;
CREATE FUNCTION sg_mum(a numeric, b numeric) RETURNS numeric LANGUAGE sql IMMUTABLE STRICT AS $$
    SELECT sg_xor(mod(a * b, 18446744073709551616), div(a * b, 18446744073709551616)) $$;
CREATE FUNCTION sg_hash(k bytea) RETURNS numeric LANGUAGE plpgsql IMMUTABLE STRICT AS $$
DECLARE
    h numeric := sg_xor(2611923443488327891, length(k));
    w numeric;
    p int := 0;
BEGIN
    LOOP
        w := 0;
        FOR i IN REVERSE least(7, length(k) - p - 1) .. 0 LOOP
            w := w * 256 + get_byte(k, p + i);
        END LOOP;
        h := sg_mum(sg_xor(h, w), 11400714819323198485);
        p := p + 8;
        EXIT WHEN p > length(k);
    END LOOP;
    RETURN sg_mum(h, 14029467366897019727);
END $$;
-- the helper agrees with an independent implementation (Python, big
-- integers) on strings of every tail length and one to five words: the
-- lengths that differ
SELECT n, want, sg_hash(convert_to(left(repeat(md5(n::text), 2), n), 'UTF8')) AS helper
FROM (VALUES (0, 6681128344746057349), (1, 10320056771453807387), (7, 9856111334001044779),
             (8, 4850994087868987769), (9, 11760979584953969974), (15, 6055251172763610039),
             (16, 12088853795523508794), (17, 10635803613184984110), (40, 10375734765723324529)) v(n, want)
WHERE sg_hash(convert_to(left(repeat(md5(n::text), 2), n), 'UTF8')) IS DISTINCT FROM want;

-- aov_firsts (src/firsts.c): version 2, three reserved zero fields, the
-- hash of the bytes from offset 16 on, the least time, then n and per
-- customer in increasing id order the id (the first as its
-- order-preserving key id + 2^63, then steps less one) and its time less
-- the least, as varints.  sg_with_hash puts the right hash into any such
-- bytes (16 bytes or more).
CREATE FUNCTION sg_with_hash(h text) RETURNS text LANGUAGE sql IMMUTABLE STRICT AS $$
    SELECT substr(h, 1, 16) || sg_h8(sg_hash(decode(substr(h, 33), 'hex'))::numeric) || substr(h, 33) $$;
CREATE FUNCTION sg_firsts_body(ids bigint[], ts timestamptz[]) RETURNS text LANGUAGE sql IMMUTABLE AS $$
    WITH c AS (SELECT id, sg_us(t) AS us, lag(id) OVER (ORDER BY id) AS prev FROM unnest(ids, ts) u(id, t)),
    base AS (SELECT coalesce(min(us), 0) AS b, count(*) AS n FROM c)
    SELECT sg_h8(b) || vi(n)
           || coalesce((SELECT string_agg(vi(coalesce(id::numeric - prev - 1, id::numeric + 9223372036854775808)) || vi(us - b),
                                          '' ORDER BY id) FROM c), '')
    FROM base $$;
CREATE FUNCTION sg_firsts_hex(ids bigint[], ts timestamptz[]) RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT sg_with_hash('02' || '00' || '0000' || '00000000' || '0000000000000000' || sg_firsts_body(ids, ts)) $$;

-- ---------------------------------------------------------------------
-- 1. aov_report against the reference
-- ---------------------------------------------------------------------

-- The zones: two change at local midnight (Sao Paulo: 00:00 -> 01:00 in
-- November, 00:00 -> 23:00 the day before in February; Santiago alike),
-- one at 02:00/03:00 (Berlin), one at midnight both ways (Beirut).  Their
-- transitions in 2018-2019, found from the offsets.
CREATE TEMP TABLE sg_zones (zno int, zone text);
INSERT INTO sg_zones VALUES (1, 'America/Sao_Paulo'), (2, 'America/Santiago'), (3, 'Europe/Berlin'), (4, 'Asia/Beirut');
CREATE TEMP TABLE sg_transitions AS
SELECT row_number() OVER (ORDER BY zno, h) AS tno, zno, zone, h AS at
FROM sg_zones, generate_series('2018-01-01 00:00+00'::timestamptz, '2019-12-31 23:00+00', '1 hour') h
WHERE (h AT TIME ZONE zone) - (h AT TIME ZONE 'UTC')
      <> ((h - interval '1 hour') AT TIME ZONE zone) - ((h - interval '1 hour') AT TIME ZONE 'UTC');
SELECT tno, zone, at AT TIME ZONE 'UTC' AS at_utc, (at - interval '1 microsecond') AT TIME ZONE zone AS local_before,
       at AT TIME ZONE zone AS local_after
FROM sg_transitions ORDER BY tno;

-- About 2,000 orders over 2018-2019: every 7 minutes for 2h48 on either
-- side of every transition and 1 microsecond before it; around every
-- local midnight that starts a month in each zone (20 minutes and 1
-- microsecond before, at it, 20 minutes after); 800 at random.  About
-- 300 customers (the low ids often), 10% guests, 2% NULL revenue and 2%
-- NULL items (no order, but still a customer's first order), zero-item
-- orders and a few refunds.
CREATE TEMP TABLE sg_orders (id int, ordered_at timestamptz, revenue numeric(12,2), items int, customer_id bigint);
INSERT INTO sg_orders (id, ordered_at)
SELECT 10000 + 100 * tno + 40 + k, at + k * interval '7 minutes'
FROM sg_transitions, generate_series(-24, 24) k
UNION ALL
SELECT 10000 + 100 * tno + 99, at - interval '1 microsecond' FROM sg_transitions
UNION ALL
SELECT 20000 + 1000 * zno + 10 * mno + ono, (m + o) AT TIME ZONE zone
FROM sg_zones,
     generate_series('2018-01-01'::timestamp, '2019-12-01', '1 month') WITH ORDINALITY AS ms(m, mno),
     (VALUES (1, interval '-20 minutes'), (2, interval '-1 microsecond'), (3, interval '0'), (4, interval '20 minutes')) o(ono, o)
UNION ALL
SELECT i, '2018-01-01 00:00+00'::timestamptz + floor(test_rnd(i, 'sgt') * 730 * 86400) * interval '1 second'
FROM generate_series(1, 800) i;
UPDATE sg_orders SET
    customer_id = CASE WHEN test_rnd(id, 'sgg') < 0.1 THEN NULL ELSE 1 + floor(300 * test_rnd(id, 'sgc') ^ 1.5) END,
    items = CASE WHEN test_rnd(id, 'sgi0') < 0.02 THEN NULL ELSE floor(5 * test_rnd(id, 'sgi'))::int END,
    revenue = CASE WHEN test_rnd(id, 'sgr0') < 0.02 THEN NULL
                   ELSE round(((5 + 60 * test_rnd(id, 'sgr')) * CASE WHEN test_rnd(id, 'sgf') < 0.03 THEN -1 ELSE 1 END)::numeric, 2) END;
-- Special customers:
--   1001  Sao Paulo, 2019-02-16 23:30 twice (-02, then -03 after the
--         clocks went back at midnight), then 2019-02-17 00:30
--   1002  Sao Paulo, the last microsecond of 2018-11-03 and the first
--         instant of 2018-11-04 (01:00, the clocks skipped 00:00-01:00)
--   1003  first order at -infinity (NULL revenue: no order), then orders
--         in 2018 and 2019: returning everywhere
--   1004  an order with a NULL time (no order, not a first order), then one
--         in July 2018: new
--   1005  first order with NULL items on 2018-09-10, then 2018-09-20 and
--         2018-10-05
--   1006  an order at infinity with NULL revenue, one in May 2018: new
--   2001  first order exactly at 2018-06-01 00:00 UTC, then July
--   2002  first order exactly at 2018-03-01 00:00 UTC, then April
--   2003  first order in May 2018, then exactly at 2018-09-01 00:00 UTC
INSERT INTO sg_orders VALUES
    (30001, '2019-02-17 01:30+00', 10.00, 1, 1001), (30002, '2019-02-17 02:30+00', 20.00, 2, 1001),
    (30003, '2019-02-17 03:30+00', 30.00, 3, 1001),
    (30004, '2018-11-04 02:59:59.999999+00', 11.00, 1, 1002), (30005, '2018-11-04 03:00+00', 12.00, 1, 1002),
    (30006, '-infinity', NULL, 1, 1003), (30007, '2018-06-15 12:00+00', 40.00, 2, 1003),
    (30008, '2019-06-15 12:00+00', 41.00, 2, 1003),
    (30009, NULL, 15.00, 1, 1004), (30010, '2018-07-15 12:00+00', 16.00, 1, 1004),
    (30011, '2018-09-10 12:00+00', 17.00, NULL, 1005), (30012, '2018-09-20 12:00+00', 18.00, 1, 1005),
    (30013, '2018-10-05 12:00+00', 19.00, 1, 1005),
    (30014, 'infinity', NULL, 1, 1006), (30015, '2018-05-05 12:00+00', 21.00, 3, 1006),
    (30016, '2018-06-01 00:00+00', 22.00, 1, 2001), (30017, '2018-07-10 12:00+00', 23.00, 2, 2001),
    (30018, '2018-03-01 00:00+00', 24.00, 1, 2002), (30019, '2018-04-10 12:00+00', 25.00, 2, 2002),
    (30020, '2018-05-10 12:00+00', 26.00, 1, 2003), (30021, '2018-09-01 00:00+00', 27.00, 2, 2003);
ANALYZE sg_orders;

-- the fixture is as described
SELECT count(*) AS rows, count(DISTINCT customer_id) AS customers, count(*) FILTER (WHERE customer_id IS NULL) AS guest_rows,
       count(*) FILTER (WHERE revenue IS NULL) AS null_revenue, count(*) FILTER (WHERE items IS NULL) AS null_items,
       count(*) FILTER (WHERE items = 0) AS zero_items, count(*) FILTER (WHERE revenue < 0) AS refunds,
       count(*) FILTER (WHERE NOT isfinite(ordered_at)) AS infinite, count(*) FILTER (WHERE ordered_at IS NULL) AS null_time
FROM sg_orders;
-- customers whose first order is a row that is no order (NULL revenue or items)
SELECT count(*) AS first_order_skipped
FROM (SELECT DISTINCT ON (customer_id) customer_id, revenue, items FROM sg_orders
      WHERE customer_id IS NOT NULL AND ordered_at IS NOT NULL ORDER BY customer_id, ordered_at) f
WHERE revenue IS NULL OR items IS NULL;

-- The same orders with a timestamp column (the Sao Paulo wall-clock time,
-- read in the session's TimeZone: 23:30 on 2019-02-16 twice, no 00:xx on
-- 2018-11-04) and a date column.
CREATE TEMP TABLE sg_orders_ts AS
SELECT id, ordered_at AT TIME ZONE 'America/Sao_Paulo' AS ordered_at, revenue, items, customer_id FROM sg_orders;
CREATE TEMP TABLE sg_orders_date AS
SELECT id, (ordered_at AT TIME ZONE 'America/Sao_Paulo')::date AS ordered_at, revenue, items, customer_id FROM sg_orders;

-- The reference report of relation rel (columns ordered_at, revenue,
-- items, customer_id; t is the order time as SQL: a timestamp or date is
-- read as it is, as documented), the figures every segment has.
CREATE FUNCTION sg_ref(rel regclass, t text, gran text, since timestamptz, until timestamptz)
RETURNS TABLE (period date, segment text, orders bigint, customers bigint, guest_orders bigint,
               revenue numeric, items numeric, aov numeric)
LANGUAGE plpgsql STABLE AS $f$
BEGIN
    RETURN QUERY EXECUTE format($q$
        WITH o AS (
            SELECT %2$s AS t, revenue AS rev, items AS qty, customer_id AS cust,
                   min(%2$s) OVER (PARTITION BY customer_id) AS first_t
            FROM %1$s
        ), r AS (
            SELECT date_trunc($1, t)::date AS period,
                   CASE WHEN cust IS NULL THEN 'guest'
                        WHEN date_trunc($1, first_t) = date_trunc($1, t) THEN 'new'
                        ELSE 'returning' END AS segment,
                   rev, qty, cust
            FROM o
            WHERE t IS NOT NULL AND rev IS NOT NULL AND qty IS NOT NULL
              AND ($2 IS NULL OR t::timestamptz >= $2) AND ($3 IS NULL OR t::timestamptz < $3)
        )
        SELECT period, segment, count(*), count(DISTINCT cust), count(*) - count(cust),
               sum(rev)::numeric, sum(qty)::numeric, sum(rev)::numeric / count(*)
        FROM (SELECT period, segment, rev, qty, cust FROM r
              UNION ALL SELECT period, 'all', rev, qty, cust FROM r) k
        GROUP BY period, segment $q$, rel, t)
    USING gran, since, until;
END $f$;

-- aov_report and the reference in time zone tz, every row of either with
-- both as text (NULL for a row on one side only); numbers compared as
-- text, their scale too, or by value when exact is false (the AOV to 12
-- decimals: with float8 revenue it is a float8 quotient)
CREATE FUNCTION sg_compare(tz text, rel regclass, t text, gran text, since timestamptz DEFAULT NULL, until timestamptz DEFAULT NULL,
                           exact boolean DEFAULT true)
RETURNS TABLE (period date, segment text, got text, ref text) LANGUAGE plpgsql AS $f$
BEGIN
    PERFORM set_config('TimeZone', tz, true);
    RETURN QUERY
    SELECT coalesce(g.period, r.period), coalesce(g.segment, r.segment),
           CASE WHEN g.period IS NOT NULL AND exact
                THEN format('%s %s %s %s %s %s', g.orders, g.customers, g.guest_orders, g.revenue, g.items, g.aov)
                WHEN g.period IS NOT NULL
                THEN format('%s %s %s %s %s %s', g.orders, g.customers, g.guest_orders, trim_scale(g.revenue), trim_scale(g.items),
                            trim_scale(round(g.aov, 12))) END,
           CASE WHEN r.period IS NOT NULL AND exact
                THEN format('%s %s %s %s %s %s', r.orders, r.customers, r.guest_orders, r.revenue, r.items, r.aov)
                WHEN r.period IS NOT NULL
                THEN format('%s %s %s %s %s %s', r.orders, r.customers, r.guest_orders, trim_scale(r.revenue), trim_scale(r.items),
                            trim_scale(round(r.aov, 12))) END
    FROM aov_report(rel, gran, since, until) g
    FULL JOIN sg_ref(rel, t, gran, since, until) r ON g.period = r.period AND g.segment = r.segment;
END $f$;

CREATE TEMP TABLE sg_grans (gno int, gran text);
INSERT INTO sg_grans VALUES (1, 'day'), (2, 'week'), (3, 'month'), (4, 'quarter'), (5, 'year');

-- every zone and granularity, the whole table
CREATE TEMP TABLE sg_cmp AS
SELECT z.zone, g.gno, g.gran, c.*
FROM sg_zones z CROSS JOIN sg_grans g CROSS JOIN LATERAL sg_compare(z.zone, 'sg_orders', 'ordered_at', g.gran) c;
-- the rows that differ
SELECT zone, gran, period, segment, got, ref FROM sg_cmp WHERE got IS DISTINCT FROM ref ORDER BY zone, gno, period, segment;
-- what was compared
SELECT zone, gran, count(*) AS rows, count(DISTINCT period) AS periods,
       count(*) FILTER (WHERE segment = 'new') AS new, count(*) FILTER (WHERE segment = 'returning') AS returning,
       count(*) FILTER (WHERE segment = 'guest') AS guest
FROM sg_cmp GROUP BY zone, gno, gran ORDER BY zone, gno;
-- the special customers' orders, by the reference in Sao Paulo: the day
-- and the week of each (the report agrees, above)
SET TimeZone = 'America/Sao_Paulo';
SELECT id, customer_id, ordered_at, revenue, items,
       CASE WHEN ordered_at IS NULL OR revenue IS NULL OR items IS NULL THEN 'no order'
            WHEN date_trunc('day', min(ordered_at) OVER w) = date_trunc('day', ordered_at) THEN 'new' ELSE 'returning' END AS day_segment,
       CASE WHEN ordered_at IS NULL OR revenue IS NULL OR items IS NULL THEN 'no order'
            WHEN date_trunc('week', min(ordered_at) OVER w) = date_trunc('week', ordered_at) THEN 'new' ELSE 'returning' END AS week_segment
FROM sg_orders WHERE customer_id BETWEEN 1001 AND 1006
WINDOW w AS (PARTITION BY customer_id) ORDER BY id;

-- timestamp and date columns, in Sao Paulo (every granularity) and in
-- Berlin (days and months; the wall-clock times of Sao Paulo read as
-- Berlin times)
CREATE TEMP TABLE sg_cmp_types AS
SELECT z.zone, g.gno, g.gran, x.rel, c.*
FROM (VALUES ('America/Sao_Paulo'), ('Europe/Berlin')) z(zone)
CROSS JOIN sg_grans g
CROSS JOIN (VALUES ('sg_orders_ts', 'ordered_at'), ('sg_orders_date', 'ordered_at::timestamp')) x(rel, t)
CROSS JOIN LATERAL sg_compare(z.zone, x.rel::regclass, x.t, g.gran) c
WHERE z.zone = 'America/Sao_Paulo' OR g.gran IN ('day', 'month');
SELECT zone, gran, rel, period, segment, got, ref FROM sg_cmp_types WHERE got IS DISTINCT FROM ref
ORDER BY zone, rel, gno, period, segment;
SELECT zone, rel, gran, count(*) AS rows, count(DISTINCT period) AS periods,
       count(*) FILTER (WHERE segment = 'new') AS new, count(*) FILTER (WHERE segment = 'returning') AS returning
FROM sg_cmp_types GROUP BY zone, rel, gno, gran ORDER BY zone, rel, gno;

-- the five column-type pairs the aggregate takes (revenue numeric,
-- float8, bigint or integer with integer items, numeric with numeric
-- items), on whole revenues (exact in float8): months in Sao Paulo,
-- compared by value
CREATE TEMP VIEW sg_v_numeric AS SELECT ordered_at, round(revenue) AS revenue, items, customer_id FROM sg_orders;
CREATE TEMP VIEW sg_v_numeric_items AS SELECT ordered_at, round(revenue) AS revenue, items::numeric AS items, customer_id FROM sg_orders;
CREATE TEMP VIEW sg_v_float8 AS SELECT ordered_at, round(revenue)::float8 AS revenue, items, customer_id FROM sg_orders;
CREATE TEMP VIEW sg_v_bigint AS SELECT ordered_at, round(revenue)::bigint AS revenue, items, customer_id FROM sg_orders;
CREATE TEMP VIEW sg_v_integer AS SELECT ordered_at, round(revenue)::integer AS revenue, items, customer_id FROM sg_orders;
CREATE TEMP TABLE sg_cmp_kinds AS
SELECT v.rel, c.*
FROM (VALUES ('sg_v_numeric'), ('sg_v_numeric_items'), ('sg_v_float8'), ('sg_v_bigint'), ('sg_v_integer')) v(rel)
CROSS JOIN LATERAL sg_compare('America/Sao_Paulo', v.rel::regclass, 'ordered_at', 'month', exact => false) c;
SELECT rel, period, segment, got, ref FROM sg_cmp_kinds WHERE got IS DISTINCT FROM ref ORDER BY rel, period, segment;
SELECT rel, count(*) AS rows FROM sg_cmp_kinds GROUP BY rel ORDER BY rel;

-- since and until inside periods: from noon on 2018-11-03 to the second
-- 23:30 of 2019-02-16 in Sao Paulo (an order of customer 1001 is at that
-- instant: left out), from the first 23:30 of 2018-10-27 in Beirut, until
-- a transition in Santiago, from one transition to another in Berlin
-- (orders at both instants: the first in, the last out); customers whose
-- first order is before since are returning, in periods reported in part
CREATE TEMP TABLE sg_cmp_range AS
SELECT x.zone, g.gno, g.gran, x.since, x.until, c.*
FROM (VALUES ('America/Sao_Paulo', '2018-11-03 12:00-03'::timestamptz, '2019-02-17 02:30+00'::timestamptz),
             ('Asia/Beirut', '2018-10-27 20:30+00', NULL),
             ('America/Santiago', NULL, '2018-08-12 04:00+00'),
             ('Europe/Berlin', '2018-10-28 01:00+00', '2019-03-31 01:00+00')) x(zone, since, until)
CROSS JOIN sg_grans g
CROSS JOIN LATERAL sg_compare(x.zone, 'sg_orders', 'ordered_at', g.gran, x.since, x.until) c;
SELECT zone, gran, period, segment, got, ref FROM sg_cmp_range WHERE got IS DISTINCT FROM ref ORDER BY zone, gno, period, segment;
SELECT zone, gran, count(*) AS rows, count(DISTINCT period) AS periods,
       count(*) FILTER (WHERE segment = 'new') AS new, count(*) FILTER (WHERE segment = 'returning') AS returning
FROM sg_cmp_range GROUP BY zone, gno, gran ORDER BY zone, gno;
-- the bounds cut periods, and customers with earlier orders are returning
-- in the first period reported
SELECT count(*) FILTER (WHERE r.customer_id IS NOT NULL AND f.first_at < '2018-11-03 12:00-03') AS customers_before_since,
       count(*) AS customers_in_range
FROM (SELECT DISTINCT customer_id FROM sg_orders
      WHERE ordered_at >= '2018-11-03 12:00-03' AND ordered_at < '2019-02-17 02:30+00'
        AND revenue IS NOT NULL AND items IS NOT NULL AND customer_id IS NOT NULL) r
JOIN (SELECT customer_id, min(ordered_at) AS first_at FROM sg_orders GROUP BY customer_id) f USING (customer_id);
SELECT period, segment, orders FROM aov_report('sg_orders', 'month', '2018-11-03 12:00-03', '2019-02-17 02:30+00')
WHERE period = '2018-11-01' ORDER BY segment;
RESET TimeZone;

-- ---------------------------------------------------------------------
-- 2. Infinite, NULL and skipped times
-- ---------------------------------------------------------------------

-- an order at infinity or -infinity has no period: a clear error, with
-- its SQLSTATE, whatever the granularity
CREATE TEMP TABLE sg_inf AS SELECT * FROM sg_orders WHERE customer_id BETWEEN 1001 AND 1006;
INSERT INTO sg_inf VALUES (40001, 'infinity', 9.00, 1, 1001), (40002, '-infinity', 8.00, 1, 1002);
SELECT g.gran, expect_error_hint(format('SELECT * FROM aov_report(%L, %L)', 'sg_inf', g.gran)) AS whole_table,
       expect_error_hint(format('SELECT * FROM aov_report(%L, %L, since => %L)', 'sg_inf', g.gran, '2000-01-01')) AS since_2000,
       expect_error_hint(format('SELECT * FROM aov_report(%L, %L, until => %L)', 'sg_inf', g.gran, '2100-01-01')) AS until_2100
FROM sg_grans g ORDER BY gno;
-- leaving them out with since and until: the report, against the
-- reference; customer 1002's first order at -infinity makes all their
-- orders returning
CREATE TEMP TABLE sg_cmp_inf AS
SELECT g.gno, g.gran, c.*
FROM sg_grans g CROSS JOIN LATERAL sg_compare('America/Sao_Paulo', 'sg_inf', 'ordered_at', g.gran,
                                              '2000-01-01', '2100-01-01') c;
SELECT gran, period, segment, got, ref FROM sg_cmp_inf WHERE got IS DISTINCT FROM ref ORDER BY gno, period, segment;
SELECT gran, count(*) AS rows, count(*) FILTER (WHERE segment = 'new') AS new,
       count(*) FILTER (WHERE segment = 'returning') AS returning
FROM sg_cmp_inf GROUP BY gno, gran ORDER BY gno;
SET TimeZone = 'America/Sao_Paulo';
SELECT period, segment, orders, revenue FROM aov_report('sg_inf', 'year', '2000-01-01', '2100-01-01') ORDER BY 1, 2;
RESET TimeZone;

-- the first orders themselves: NULL times are left out, infinite ones
-- kept (the earliest row of each customer, whatever its revenue and
-- items); the value's bytes against the bytes built from min() in SQL
SELECT got, want
FROM (SELECT _aov_firsts(customer_id, ordered_at)::text AS got FROM sg_inf) g,
     (SELECT sg_firsts_hex(array_agg(customer_id), array_agg(first_at)) AS want
      FROM (SELECT customer_id, min(ordered_at) AS first_at FROM sg_inf
            WHERE customer_id IS NOT NULL AND ordered_at IS NOT NULL GROUP BY customer_id) f) w
WHERE got IS DISTINCT FROM want;
SELECT customer_id, min(ordered_at) AS first_at, count(*) AS rows FROM sg_inf GROUP BY customer_id ORDER BY customer_id;

-- ---------------------------------------------------------------------
-- 3. diagnose_aov_drop: the ranges of every bound kind
-- ---------------------------------------------------------------------

-- the reference: an order is in the first range that contains it (they
-- are disjoint), new when that range contains the customer's first order;
-- the period of a group is its range's lower bound, -infinity when
-- unbounded
CREATE FUNCTION sg_diag_ref(rel regclass, b tstzrange, c tstzrange)
RETURNS TABLE (range int, period timestamptz, segment text, orders bigint, customers bigint, revenue numeric, aov numeric)
LANGUAGE plpgsql STABLE AS $f$
BEGIN
    RETURN QUERY EXECUTE format($q$
        WITH o AS (
            SELECT ordered_at AS t, revenue AS rev, items AS qty, customer_id AS cust,
                   min(ordered_at) OVER (PARTITION BY customer_id) AS first_t
            FROM %s
        ), r AS (
            SELECT CASE WHEN $1 @> t THEN 1 WHEN $2 @> t THEN 2 END AS range, rev, cust, first_t
            FROM o WHERE t IS NOT NULL AND rev IS NOT NULL AND qty IS NOT NULL
        ), s AS (
            SELECT range, CASE WHEN cust IS NULL THEN 'guest'
                               WHEN (CASE range WHEN 1 THEN $1 ELSE $2 END) @> first_t THEN 'new'
                               ELSE 'returning' END AS segment, rev, cust
            FROM r WHERE range IS NOT NULL
        )
        SELECT range, coalesce(lower(CASE range WHEN 1 THEN $1 ELSE $2 END), '-infinity'),
               segment, count(*), count(DISTINCT cust), sum(rev), sum(rev) / count(*)
        FROM (SELECT range, segment, rev, cust FROM s UNION ALL SELECT range, 'all', rev, cust FROM s) k
        GROUP BY range, segment $q$, rel)
    USING b, c;
END $f$;
-- the aggregate itself, called as diagnose_aov_drop calls it: its groups
-- and the figures of their summaries
CREATE FUNCTION sg_diag_got(rel regclass, b tstzrange, c tstzrange)
RETURNS TABLE (range int, period timestamptz, segment text, orders bigint, customers bigint, revenue numeric, aov numeric)
LANGUAGE plpgsql STABLE AS $f$
BEGIN
    RETURN QUERY EXECUTE format($q$
        SELECT r.range, r.period, r.segment, (x.b).orders, (x.b).customers, (x.b).revenue, (x.b).aov
        FROM _aov_segments_rows((SELECT _aov_segments(
                                                      $1, $2, ordered_at, revenue, items, customer_id, _aov_first_order((SELECT _aov_firsts(customer_id, ordered_at) FROM %1$s), customer_id), 0)
                                 FROM %1$s)) r,
             LATERAL (SELECT aov_breakdown(r.summary) AS b) x $q$, rel)
    USING b, c;
END $f$;
-- the groups that differ between tables of sg_diag_got and sg_diag_ref
-- rows per case (cno, then their columns), but the reference's 'all'
-- groups, which the aggregate does not make
CREATE FUNCTION sg_diag_diff(got_table regclass, ref_table regclass)
RETURNS TABLE (cno int, range int, segment text, got text, ref text) LANGUAGE plpgsql STABLE AS $f$
BEGIN
    RETURN QUERY EXECUTE format($q$
        SELECT cno, range, segment, row(g.period, g.orders, g.customers, g.revenue, g.aov)::text,
               row(r.period, r.orders, r.customers, r.revenue, r.aov)::text
        FROM %s g FULL JOIN (SELECT * FROM %s WHERE segment <> 'all') r USING (cno, range, segment)
        WHERE row(g.period, g.orders, g.customers, g.revenue, g.aov)::text
              IS DISTINCT FROM row(r.period, r.orders, r.customers, r.revenue, r.aov)::text
        ORDER BY 1, 2, 3 $q$, got_table, ref_table);
END $f$;

SET TimeZone = 'UTC';
CREATE TEMP TABLE sg_cases (cno int, baseline tstzrange, current tstzrange);
INSERT INTO sg_cases VALUES
    (1, '[2018-03-01 00:00+00,2018-06-01 00:00+00)', '[2018-06-01 00:00+00,2018-09-01 00:00+00)'),
    (2, '(2018-03-01 00:00+00,2018-06-01 00:00+00]', '(2018-06-01 00:00+00,2018-09-01 00:00+00]'),
    (3, '[2018-03-01 00:00+00,2018-06-01 00:00+00]', '[2018-06-01 00:00:00.000001+00,2018-09-01 00:00+00]'),
    (4, '(2018-03-01 00:00+00,2018-06-01 00:00+00)', '(2018-06-01 00:00+00,2018-09-01 00:00+00)'),
    (5, '(,2018-06-01 00:00+00)', '[2018-06-01 00:00+00,)'),
    (6, '[-infinity,2018-06-01 00:00+00)', '[2018-06-01 00:00+00,infinity]'),
    (7, '(,2018-06-01 00:00+00]', '(2018-09-01 00:00+00,)');


-- the aggregate's groups and the reference, per case
CREATE TEMP TABLE sg_dgot AS
SELECT k.cno, g.* FROM sg_cases k CROSS JOIN LATERAL sg_diag_got('sg_orders', k.baseline, k.current) g;
CREATE TEMP TABLE sg_dref AS
SELECT k.cno, r.* FROM sg_cases k CROSS JOIN LATERAL sg_diag_ref('sg_orders', k.baseline, k.current) r;
-- the rows that differ
SELECT * FROM sg_diag_diff('sg_dgot', 'sg_dref');
SELECT cno, count(*) AS groups, sum(orders) AS orders, sum(orders) FILTER (WHERE segment = 'new') AS new_orders
FROM sg_dgot GROUP BY cno ORDER BY cno;

-- diagnose_aov_drop (relation form, trim 0 so that the AOV is the plain
-- mean): orders and AOV of every scope, against the reference
CREATE TEMP TABLE sg_diag AS
SELECT k.cno, d.scope, d.orders_before, d.orders_after, d.aov_before, d.aov_after
FROM sg_cases k CROSS JOIN LATERAL diagnose_aov_drop('sg_orders', k.baseline, k.current, trim_fraction => 0) d;
SELECT d.cno, d.scope, row(d.orders_before, d.orders_after, d.aov_before, d.aov_after)::text AS got,
       row(coalesce(b.orders, 0), coalesce(c.orders, 0), b.aov, c.aov)::text AS ref
FROM sg_diag d
LEFT JOIN sg_dref b ON b.cno = d.cno AND b.range = 1 AND b.segment = d.scope
LEFT JOIN sg_dref c ON c.cno = d.cno AND c.range = 2 AND c.segment = d.scope
WHERE d.orders_before IS DISTINCT FROM coalesce(b.orders, 0) OR d.orders_after IS DISTINCT FROM coalesce(c.orders, 0)
   OR d.aov_before IS DISTINCT FROM b.aov OR d.aov_after IS DISTINCT FROM c.aov
ORDER BY 1, 2;
SELECT cno, count(*) AS scopes, sum(orders_before) FILTER (WHERE scope <> 'all') AS segment_orders_before,
       sum(orders_after) FILTER (WHERE scope <> 'all') AS segment_orders_after
FROM sg_diag GROUP BY cno ORDER BY cno;

-- the customers whose first order is at a bound (2001 at the baseline's
-- upper and the current's lower bound, 2002 at the baseline's lower bound,
-- 2003 with an order at the current's upper bound), alone: their groups
CREATE TEMP TABLE sg_bounds AS SELECT * FROM sg_orders WHERE customer_id IN (2001, 2002, 2003);
CREATE TEMP TABLE sg_bounds_got AS
SELECT k.cno, g.range, g.segment, g.orders, g.revenue FROM sg_cases k CROSS JOIN LATERAL sg_diag_got('sg_bounds', k.baseline, k.current) g;
SELECT k.cno, k.baseline, k.current,
       string_agg(format('%s %s: %s orders %s', g.range, g.segment, g.orders, g.revenue), ', ' ORDER BY g.range, g.segment) AS groups
FROM sg_cases k LEFT JOIN sg_bounds_got g USING (cno) GROUP BY k.cno, k.baseline, k.current ORDER BY k.cno;
-- and the reference for them: the rows that differ
SELECT cno, range, segment, g.orders AS got_orders, r.orders AS ref_orders, g.revenue AS got_revenue, r.revenue AS ref_revenue
FROM sg_bounds_got g
FULL JOIN (SELECT k.cno, r.* FROM sg_cases k CROSS JOIN LATERAL sg_diag_ref('sg_bounds', k.baseline, k.current) r
           WHERE r.segment <> 'all') r USING (cno, range, segment)
WHERE g.orders IS DISTINCT FROM r.orders OR g.revenue IS DISTINCT FROM r.revenue
ORDER BY 1, 2, 3;

-- orders at -infinity and infinity are in the ranges that reach them,
-- with no error: customer 1002's first order at -infinity (revenue 8) is
-- in a baseline from -infinity inclusive (then their order of 2018-11-03
-- is new), not in one from -infinity exclusive (returning); the order of
-- customer 1001 at infinity is in a current range to infinity inclusive
CREATE TEMP TABLE sg_inf_cases (cno int, baseline tstzrange, current tstzrange);
INSERT INTO sg_inf_cases VALUES
    (1, '[-infinity,2018-11-04 03:00+00)', '[2018-11-04 03:00+00,infinity]'),
    (2, '(-infinity,2018-11-04 03:00+00)', '[2018-11-04 03:00+00,infinity)'),
    (3, '(,2018-11-04 03:00+00)', '[2018-11-04 03:00+00,)'),
    (4, '[-infinity,-infinity]', '[infinity,infinity]');
CREATE TEMP TABLE sg_inf_got AS
SELECT k.cno, g.* FROM sg_inf_cases k CROSS JOIN LATERAL sg_diag_got('sg_inf', k.baseline, k.current) g;
CREATE TEMP TABLE sg_inf_ref AS
SELECT k.cno, r.* FROM sg_inf_cases k CROSS JOIN LATERAL sg_diag_ref('sg_inf', k.baseline, k.current) r;
SELECT * FROM sg_diag_diff('sg_inf_got', 'sg_inf_ref');
SELECT cno, string_agg(format('%s %s: %s orders %s', range, segment, orders, revenue), ', ' ORDER BY range, segment) AS groups
FROM sg_inf_got GROUP BY cno ORDER BY cno;
-- and diagnose_aov_drop itself
SELECT d.scope, row(d.orders_before, d.orders_after, d.aov_before, d.aov_after)::text AS got,
       row(coalesce(b.orders, 0), coalesce(c.orders, 0), b.aov, c.aov)::text AS ref
FROM diagnose_aov_drop('sg_inf', '[-infinity,2018-11-04 03:00+00)', '[2018-11-04 03:00+00,infinity]', trim_fraction => 0) d
LEFT JOIN sg_diag_ref('sg_inf', '[-infinity,2018-11-04 03:00+00)', '[2018-11-04 03:00+00,infinity]') b
    ON b.range = 1 AND b.segment = d.scope
LEFT JOIN sg_diag_ref('sg_inf', '[-infinity,2018-11-04 03:00+00)', '[2018-11-04 03:00+00,infinity]') c
    ON c.range = 2 AND c.segment = d.scope
WHERE d.orders_before IS DISTINCT FROM coalesce(b.orders, 0) OR d.orders_after IS DISTINCT FROM coalesce(c.orders, 0)
   OR d.aov_before IS DISTINCT FROM b.aov OR d.aov_after IS DISTINCT FROM c.aov;
RESET TimeZone;

-- ---------------------------------------------------------------------
-- 4. Serial and parallel runs give the same report
-- ---------------------------------------------------------------------

-- 100,000 orders in a regular table (workers cannot read a temporary
-- one): two years, about 20,000 customers, 1 in 13 guests
CREATE TABLE sg_par AS
SELECT id, '2018-01-01 00:00+00'::timestamptz + ((id * 2654435761) % 63072000) * interval '1 second' AS ordered_at,
       (1 + ((id * 40503) % 8000) / 100.0)::numeric(12,2) AS revenue, (id % 5)::int AS items,
       CASE WHEN id % 13 = 0 THEN NULL ELSE (id * 7919) % 20011 END::bigint AS customer_id
FROM generate_series(1::bigint, 100000) AS id;
ANALYZE sg_par;
SELECT count(*) AS rows, count(DISTINCT customer_id) AS customers, count(*) - count(customer_id) AS guest_rows,
       min(ordered_at) >= '2018-01-01 00:00+00' AND max(ordered_at) < '2020-01-01 00:00+00' AS in_2018_2019
FROM sg_par;

SET TimeZone = 'America/Sao_Paulo';
SET max_parallel_workers_per_gather = 0;
CREATE TEMP TABLE sg_runs (run text, gran text, ord bigint, r text);
INSERT INTO sg_runs
SELECT 'serial', 'month', r.ordinality, r::text FROM aov_report('sg_par', 'month') WITH ORDINALITY r;
INSERT INTO sg_runs
SELECT 'serial', 'diagnose', r.ordinality, r::text
FROM diagnose_aov_drop('sg_par', '[2018-03-01,2018-06-01)', '[2019-03-01,2019-06-01)') WITH ORDINALITY r;

-- forced parallel plans: two workers, the leader does not scan, so every
-- row goes through a worker's partial state, flattened, and the combine
-- functions
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
SET parallel_leader_participation = off;
SELECT count(*) AS debug_parallel_off
FROM (SELECT set_config(name, 'off', false) FROM pg_settings WHERE name IN ('force_parallel_mode', 'debug_parallel_query')) s;
-- the two passes aov_report makes, as it makes them: both aggregates
-- partial in the workers, under a Gather
SELECT parallel_plan($$SELECT _aov_segments(
                                      'month', ordered_at, revenue, items, customer_id, _aov_first_order((SELECT _aov_firsts(customer_id, ordered_at) FROM sg_par), customer_id), 0.05) FROM sg_par$$,
                     'Aggregate|Gather|Workers Launched|InitPlan|Seq Scan');
EXPLAIN (COSTS OFF)
SELECT _aov_segments(
                     '[2018-03-01,2018-06-01)'::tstzrange, '[2019-03-01,2019-06-01)'::tstzrange,
                     ordered_at, revenue, items, customer_id, _aov_first_order((SELECT _aov_firsts(customer_id, ordered_at) FROM sg_par WHERE ordered_at <= '2019-06-01'), customer_id), 0.05)
FROM sg_par WHERE ordered_at <@ '[2018-03-01,2018-06-01)'::tstzrange OR ordered_at <@ '[2019-03-01,2019-06-01)'::tstzrange;
INSERT INTO sg_runs
SELECT 'parallel', 'month', r.ordinality, r::text FROM aov_report('sg_par', 'month') WITH ORDINALITY r;
INSERT INTO sg_runs
SELECT 'parallel', 'diagnose', r.ordinality, r::text
FROM diagnose_aov_drop('sg_par', '[2018-03-01,2018-06-01)', '[2019-03-01,2019-06-01)') WITH ORDINALITY r;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
RESET max_parallel_workers_per_gather;
RESET parallel_leader_participation;
RESET TimeZone;
-- the rows that differ, whole rows as text
SELECT s.gran, s.ord, s.r AS serial, p.r AS parallel
FROM (SELECT * FROM sg_runs WHERE run = 'serial') s FULL JOIN (SELECT * FROM sg_runs WHERE run = 'parallel') p USING (gran, ord)
WHERE s.r IS DISTINCT FROM p.r ORDER BY 1, 2;
SELECT gran, count(*) FILTER (WHERE run = 'serial') AS serial_rows, count(*) FILTER (WHERE run = 'parallel') AS parallel_rows,
       count(DISTINCT split_part(r, ',', 1)) AS periods_or_scopes
FROM sg_runs GROUP BY gran ORDER BY gran;
DROP TABLE sg_par;

-- ---------------------------------------------------------------------
-- 5. aov_firsts and aov_segments as values
-- ---------------------------------------------------------------------

-- aov_firsts: the aggregate's bytes against the bytes built in SQL from
-- min() per customer: the relation of section 1 (about 300 customers, one
-- first order at -infinity), the extreme ids and times, no customers
CREATE TEMP TABLE sg_edge (c bigint, t timestamptz);
INSERT INTO sg_edge VALUES (-9223372036854775808, '4714-11-24 00:00:00+00 BC'), (-9223372036854775807, '294276-12-31 23:59:59.999999+00'),
    (-1, 'infinity'), (0, '-infinity'), (0, '2018-01-01 00:00+00'), (1, '2000-01-01 00:00+00'),
    (9223372036854775807, '2000-01-01 00:00:00.000001+00'), (9223372036854775806, '1999-12-31 23:59:59.999999+00'),
    (NULL, '2018-01-01 00:00+00'), (5, NULL);
CREATE TEMP TABLE sg_firsts_cmp AS
SELECT 'orders' AS name, (SELECT _aov_firsts(customer_id, ordered_at)::text FROM sg_orders) AS got,
       (SELECT sg_firsts_hex(array_agg(customer_id), array_agg(first_at))
        FROM (SELECT customer_id, min(ordered_at) AS first_at FROM sg_orders
              WHERE customer_id IS NOT NULL AND ordered_at IS NOT NULL GROUP BY customer_id) f) AS want
UNION ALL
SELECT 'edges', (SELECT _aov_firsts(c, t)::text FROM sg_edge),
       (SELECT sg_firsts_hex(array_agg(c), array_agg(first_at))
        FROM (SELECT c, min(t) AS first_at FROM sg_edge WHERE c IS NOT NULL AND t IS NOT NULL GROUP BY c) f)
UNION ALL
SELECT 'no customers', (SELECT _aov_firsts(c, t)::text FROM sg_edge WHERE c IS NULL OR t IS NULL),
       sg_firsts_hex('{}', '{}');
SELECT name, got, want FROM sg_firsts_cmp WHERE got IS DISTINCT FROM want;
SELECT name, length(got) / 2 AS bytes FROM sg_firsts_cmp ORDER BY name;
-- the same through the combine function: 40 random parts, merged in a
-- random order, give the bytes of one pass
CREATE AGGREGATE sg_merge(aov_firsts) (SFUNC = _aov_firsts_combine, STYPE = aov_firsts);
SELECT got, want
FROM (SELECT sg_merge(f ORDER BY md5(p::text))::text AS got
      FROM (SELECT p, _aov_firsts(customer_id, ordered_at) AS f
            FROM (SELECT *, floor(40 * test_rnd(id, 'sgp'))::int AS p FROM sg_orders) x GROUP BY p) q) g,
     (SELECT want FROM sg_firsts_cmp WHERE name = 'orders') w
WHERE got IS DISTINCT FROM want;

-- _aov_first_order looks every customer up in the table built from the
-- value: a direct array for dense ids (dense: ids 1..302 with gaps, and
-- -infinity and infinity as times), a hash table for sparse ones (orders:
-- ids up to 2003; edges: the int64 extremes).  Every customer gets its
-- first order; ids a value does not have (gaps, one below the least and
-- one above the greatest, the int64 extremes) get NULL.
CREATE TEMP TABLE sg_lookup_src AS
SELECT 'orders' AS name, customer_id AS c, ordered_at AS t FROM sg_orders
UNION ALL SELECT 'edges', c, t FROM sg_edge
UNION ALL SELECT 'dense', customer_id, ordered_at FROM sg_orders WHERE customer_id <= 300
UNION ALL VALUES ('dense', 301, '-infinity'::timestamptz), ('dense', 302, 'infinity'), ('dense', 302, NULL)
-- enough customers (60,000) for the aggregating table to queue its inserts
-- in batches, each customer's orders far apart in the input
UNION ALL SELECT 'many', (i % 60000)::bigint * 1000003 - 30000000000, '2020-01-01 00:00+00'::timestamptz + floor(test_rnd(i, 'sgm') * 1e9) * interval '1 second'
FROM generate_series(1, 150000) i;
WITH sets(name, f, lo, hi, ids, span) AS (
    SELECT name, _aov_firsts(c, t), min(c), max(c), count(DISTINCT c), max(c)::numeric - min(c) + 1
    FROM sg_lookup_src GROUP BY name),
want(name, c, first_at) AS (
    SELECT name, c, min(t) FROM sg_lookup_src WHERE c IS NOT NULL AND t IS NOT NULL GROUP BY 1, 2),
probes(name, c) AS (
    SELECT name, c FROM want
    UNION SELECT name, x FROM sets, LATERAL (VALUES (-9223372036854775808), (9223372036854775807), (-2), (12345678901)) v(x)
    UNION SELECT name, x FROM sets, generate_series(greatest(lo, -1000) - 1, least(hi, 400) + 1) x WHERE hi < 9223372036854775807)
SELECT s.name, s.ids, s.span < 2 * s.ids AS dense, count(*) AS probes, count(w.c) AS customers,
       count(*) FILTER (WHERE _aov_first_order(s.f, p.c) IS DISTINCT FROM w.first_at) AS wrong
FROM probes p JOIN sets s USING (name) LEFT JOIN want w USING (name, c)
GROUP BY s.name, s.ids, s.span ORDER BY s.name;

-- aov_segments: version 2, the periods (0 ranges, 1 day to 5 year), three
-- reserved zero fields, n, then per group in (range, start, segment)
-- order the range (1 baseline, 2 current, 0 for a granularity), the
-- period's start or the range's lower bound (int64), the segment (0 new,
-- 1 returning, 2 guest), the length of the summary and the summary, the
-- bytes aov_summary(revenue, items, customer, trim) makes of the group's
-- orders.  A group in the SQL layout: sg_group(range, start, segment,
-- summary's hex)
CREATE FUNCTION sg_group(r int, start timestamptz, seg int, summary text) RETURNS text LANGUAGE sql IMMUTABLE
    AS $$ SELECT sg_h1(r) || sg_h8(sg_us(start)) || sg_h1(seg) || vi(length(summary) / 2) || summary $$;
-- The header: version 2, the periods, the revenue and items kinds (1
-- numeric, 2 float8, 3 integer), a reserved zero int32, the trim fraction
-- (float8) and, for ranges, both ranges' bounds: int64 lower and upper and
-- flags (1 lower unbounded, 2 upper unbounded, 4 lower inclusive, 8 upper
-- inclusive).  By default numeric revenue, integer items, trim 0.05 and
-- the ranges (-infinity, 2018-02) and [2018-02, infinity) in UTC-3.
CREATE FUNCTION sg_bounds(lo timestamptz, hi timestamptz, flags int) RETURNS text LANGUAGE sql IMMUTABLE
    AS $$ SELECT sg_h8(sg_us(lo)) || sg_h8(sg_us(hi)) || sg_h1(flags) $$;
CREATE FUNCTION sg_segments_head(periods int, kinds text DEFAULT '0103', tr float8 DEFAULT 0.05, ranges text DEFAULT NULL)
    RETURNS text LANGUAGE sql IMMUTABLE
    AS $$ SELECT '02' || sg_h1(periods) || kinds || '00000000' || encode(float8send(tr), 'hex')
                 || CASE WHEN periods = 0 THEN coalesce(ranges, sg_bounds('-infinity', '2018-02-01 00:00-03', 1)
                                                                || sg_bounds('2018-02-01 00:00-03', 'infinity', 6)) ELSE '' END $$;
CREATE FUNCTION sg_segments_hex(periods int, groups text[], ranges text DEFAULT NULL) RETURNS text LANGUAGE sql IMMUTABLE
    AS $$ SELECT sg_segments_head(periods, ranges => ranges) || vi(cardinality(groups)) || array_to_string(groups, '') $$;
-- months in Sao Paulo, and the ranges of case 1, against groups made by
-- date_trunc and min() per customer and summarized by aov_summary
SET TimeZone = 'America/Sao_Paulo';
CREATE TEMP TABLE sg_seg_cmp AS
WITH o AS (SELECT *, min(ordered_at) OVER (PARTITION BY customer_id) AS first_at FROM sg_orders
           WHERE isfinite(ordered_at) OR revenue IS NULL),
g AS (SELECT date_trunc('month', ordered_at) AS start,
             CASE WHEN customer_id IS NULL THEN 2 WHEN date_trunc('month', first_at) = date_trunc('month', ordered_at) THEN 0 ELSE 1 END AS seg,
             aov_summary(revenue, items, customer_id, 0.05)::text AS summary
      FROM o WHERE ordered_at IS NOT NULL AND revenue IS NOT NULL AND items IS NOT NULL GROUP BY 1, 2)
SELECT 'months' AS name,
       (SELECT _aov_segments('month',
                             ordered_at, revenue, items, customer_id, _aov_first_order((SELECT _aov_firsts(customer_id, ordered_at) FROM sg_orders), customer_id), 0.05)::text
        FROM sg_orders) AS got,
       (SELECT sg_segments_hex(3, array_agg(sg_group(0, start, seg, summary) ORDER BY start, seg)) FROM g) AS want;
INSERT INTO sg_seg_cmp
WITH o AS (SELECT *, min(ordered_at) OVER (PARTITION BY customer_id) AS first_at FROM sg_orders),
k AS (SELECT baseline AS b, current AS c FROM sg_cases WHERE cno = 1),
g AS (SELECT CASE WHEN k.b @> ordered_at THEN 1 ELSE 2 END AS r,
             CASE WHEN customer_id IS NULL THEN 2
                  WHEN CASE WHEN k.b @> ordered_at THEN k.b ELSE k.c END @> first_at THEN 0 ELSE 1 END AS seg,
             aov_summary(revenue, items, customer_id, 0.05)::text AS summary
      FROM o, k WHERE (k.b @> ordered_at OR k.c @> ordered_at) AND revenue IS NOT NULL AND items IS NOT NULL GROUP BY 1, 2)
SELECT 'ranges',
       (SELECT _aov_segments(
                             '[2018-03-01 00:00+00,2018-06-01 00:00+00)'::tstzrange, '[2018-06-01 00:00+00,2018-09-01 00:00+00)'::tstzrange,
                             ordered_at, revenue, items, customer_id, _aov_first_order((SELECT _aov_firsts(customer_id, ordered_at) FROM sg_orders), customer_id), 0.05)::text FROM sg_orders),
       (SELECT sg_segments_hex(0, array_agg(sg_group(r, CASE r WHEN 1 THEN '2018-03-01 00:00+00'::timestamptz ELSE '2018-06-01 00:00+00' END,
                                                     seg, summary) ORDER BY r, seg),
                               sg_bounds('2018-03-01 00:00+00', '2018-06-01 00:00+00', 4)
                               || sg_bounds('2018-06-01 00:00+00', '2018-09-01 00:00+00', 4)) FROM g);
-- no orders: no groups
INSERT INTO sg_seg_cmp
SELECT 'no orders, ' || gran,
       (SELECT _aov_segments(gran, ordered_at, revenue, items, customer_id, _aov_first_order(NULL::aov_firsts, customer_id), 0.05)::text FROM sg_orders WHERE revenue IS NULL),
       sg_segments_hex(gno, '{}')
FROM sg_grans;
SELECT name, got, want FROM sg_seg_cmp WHERE got IS DISTINCT FROM want;
SELECT name, length(got) / 2 AS bytes FROM sg_seg_cmp ORDER BY name;
RESET TimeZone;

-- text and binary round trips: input(output(x)) = x, send(x) = the bytes
-- of the text, and COPY (FORMAT binary) out and back in (send and recv)
CREATE TEMP TABLE sg_vals (name text, f aov_firsts, s aov_segments);
INSERT INTO sg_vals SELECT name, got::aov_firsts, NULL FROM sg_firsts_cmp;
INSERT INTO sg_vals SELECT name, NULL, got::aov_segments FROM sg_seg_cmp;
CREATE TEMP TABLE sg_vals_copy (LIKE sg_vals);
CALL copy_binary('sg_vals', 'sg_vals_copy');
SELECT name, v.f::text AS f, v.s::text AS s, c.f::text AS f_copied, c.s::text AS s_copied
FROM sg_vals v FULL JOIN sg_vals_copy c USING (name)
WHERE v.f::text::aov_firsts::text IS DISTINCT FROM v.f::text OR v.s::text::aov_segments::text IS DISTINCT FROM v.s::text
   OR encode(_aov_firsts_send(v.f), 'hex') IS DISTINCT FROM v.f::text
   OR encode(_aov_segments_send(v.s), 'hex') IS DISTINCT FROM v.s::text
   OR c.f::text IS DISTINCT FROM v.f::text OR c.s::text IS DISTINCT FROM v.s::text;
SELECT count(f) AS firsts_values, count(s) AS segments_values FROM sg_vals_copy;
-- a stored value (flat) gives the rows its aggregate gives (expanded)
SET TimeZone = 'America/Sao_Paulo';
CREATE TEMP TABLE sg_rows_stored AS
SELECT r.* FROM sg_vals_copy, _aov_segments_rows(s) WITH ORDINALITY r WHERE name = 'months';
CREATE TEMP TABLE sg_rows_agg AS
SELECT r.*
FROM _aov_segments_rows((SELECT _aov_segments('month',
                                              ordered_at, revenue, items, customer_id, _aov_first_order((SELECT _aov_firsts(customer_id, ordered_at) FROM sg_orders), customer_id), 0.05) FROM sg_orders)) WITH ORDINALITY r;
SELECT ordinality, a.range, a.period, a.segment, b.range, b.period, b.segment, a.summary::text = b.summary::text AS same_summary
FROM sg_rows_stored a FULL JOIN sg_rows_agg b USING (ordinality)
WHERE row(a.range, a.period, a.segment, a.summary::text) IS DISTINCT FROM row(b.range, b.period, b.segment, b.summary::text)
ORDER BY 1;
SELECT count(*) AS groups FROM sg_rows_stored;
RESET TimeZone;

-- Malformed values: input (text) and recv (COPY binary of the bytes) give
-- ERROR 22P03 (22P02 for text that is not hex), never a crash.

-- aov_firsts, from the customers (1, 2018-03-01) and (5, 2018-01-01):
-- the header, the hash, base, n = 2, then (key of 1, dt), (3, 0)
CREATE TEMP TABLE sg_bad (name text, typ text, hex text);
INSERT INTO sg_bad
SELECT name, 'aov_firsts', hex FROM (VALUES
    ('valid', sg_firsts_hex('{1,5}', '{2018-03-01 00:00+00,2018-01-01 00:00+00}')),
    ('valid: a first order at -infinity, another at infinity', sg_firsts_hex('{1,5}', '{-infinity,infinity}')),
    ('valid: base -infinity, a time just before the end', sg_firsts_hex('{1,5}', '{-infinity,294276-12-31 23:59:59.999999+00}')),
    ('not hex', 'zz'),
    ('odd number of digits', '020'),
    ('empty', ''),
    ('version 1', sg_with_hash('01' || substr(sg_firsts_hex('{1,5}', '{2018-03-01 00:00+00,2018-01-01 00:00+00}'), 3))),
    ('version 3', sg_with_hash('03' || substr(sg_firsts_hex('{1,5}', '{2018-03-01 00:00+00,2018-01-01 00:00+00}'), 3))),
    ('reserved byte 1', sg_with_hash('0201' || substr(sg_firsts_hex('{1,5}', '{2018-03-01 00:00+00,2018-01-01 00:00+00}'), 5))),
    ('reserved uint16', sg_with_hash('02000001' || substr(sg_firsts_hex('{1,5}', '{2018-03-01 00:00+00,2018-01-01 00:00+00}'), 9))),
    ('reserved int32', sg_with_hash('0200000080000000' || substr(sg_firsts_hex('{1,5}', '{2018-03-01 00:00+00,2018-01-01 00:00+00}'), 17))),
    ('wrong hash', overlay(sg_firsts_hex('{1,5}', '{2018-03-01 00:00+00,2018-01-01 00:00+00}') placing '0000000000000000' from 17 for 16)),
    ('hash of another value', overlay(sg_firsts_hex('{1,5}', '{2018-03-01 00:00+00,2018-01-01 00:00+00}')
                                      placing substr(sg_firsts_hex('{1,6}', '{2018-03-01 00:00+00,2018-01-01 00:00+00}'), 17, 16) from 17 for 16)),
    ('truncated, old hash', left(sg_firsts_hex('{1,5}', '{2018-03-01 00:00+00,2018-01-01 00:00+00}'), -2)),
    ('truncated, rehashed', sg_with_hash(left(sg_firsts_hex('{1,5}', '{2018-03-01 00:00+00,2018-01-01 00:00+00}'), -2))),
    ('truncated in the hash', left(sg_firsts_hex('{1,5}', '{2018-03-01 00:00+00,2018-01-01 00:00+00}'), 20)),
    ('truncated in the base', sg_with_hash(left(sg_firsts_hex('{1,5}', '{2018-03-01 00:00+00,2018-01-01 00:00+00}'), 40))),
    ('trailing byte', sg_with_hash(sg_firsts_hex('{1,5}', '{2018-03-01 00:00+00,2018-01-01 00:00+00}') || '00')),
    ('n beyond the end', sg_with_hash('0200000000000000' || '0000000000000000' || sg_h8(0) || vi(3)
                                      || vi(9223372036854775809) || '00' || '03' || '00')),
    ('n far beyond the end', sg_with_hash('0200000000000000' || '0000000000000000' || sg_h8(0) || vi(18446744073709551615))),
    ('n not minimal', sg_with_hash('0200000000000000' || '0000000000000000' || sg_h8(0) || '8000')),
    ('ids overflow (not increasing)', sg_with_hash('0200000000000000' || '0000000000000000' || sg_h8(0) || vi(2)
                                                   || vi(18446744073709551615) || '00' || '00' || '00')),
    ('ids overflow by the step', sg_with_hash('0200000000000000' || '0000000000000000' || sg_h8(0) || vi(2)
                                              || vi(9223372036854775808) || '00' || vi(9223372036854775807) || '00')),
    ('base at the end of time', sg_with_hash('0200000000000000' || '0000000000000000' || sg_h8(9223371331200000000) || '01' || '00' || '00')),
    ('base before the start of time', sg_with_hash('0200000000000000' || '0000000000000000' || sg_h8(-211813488000000001) || '01' || '00' || '00')),
    ('valid: base at the start of time, a time just before the end',
     sg_with_hash('0200000000000000' || '0000000000000000' || sg_h8(-211813488000000000) || '02' || '00' || '00'
                  || '00' || vi(9223371331200000000::numeric + 211813488000000000 - 1))),
    ('base below its only time',
     sg_with_hash('0200000000000000' || '0000000000000000' || sg_h8(-211813488000000000) || '01' || '00' || '01')),
    ('base not 0 without customers', sg_with_hash('0200000000000000' || '0000000000000000' || sg_h8(1) || '00')),
    ('base +infinity less 1', sg_with_hash('0200000000000000' || '0000000000000000' || sg_h8(9223372036854775806) || '01' || '00' || '00')),
    ('time at the end of time', sg_with_hash('0200000000000000' || '0000000000000000' || sg_h8(0) || '01' || '00' || vi(9223371331200000000))),
    ('time past infinity', sg_with_hash('0200000000000000' || '0000000000000000' || sg_h8(1) || '01' || '00' || vi(9223372036854775807))),
    ('valid: base -infinity, a time at infinity', sg_with_hash('0200000000000000' || '0000000000000000' || sg_h8(-9223372036854775808)
                                                               || '02' || '00' || '00' || '00' || vi(18446744073709551615))),
    ('time far past infinity', sg_with_hash('0200000000000000' || '0000000000000000' || sg_h8(0) || '01' || '00'
                                            || vi(18446744073709551615))),
    ('time varint too long', sg_with_hash('0200000000000000' || '0000000000000000' || sg_h8(0) || '01' || '00'
                                          || 'ffffffffffffffffffffffffffffffffffffff7f'))
) v(name, hex);

-- aov_segments: groups of one month with real summaries (new, returning,
-- guest), and summaries that lack a part, of another trim or kind
CREATE TEMP TABLE sg_sums AS
SELECT 'new' AS name, aov_summary(revenue, items, customer_id, 0.05)::text AS hex FROM sg_orders WHERE customer_id BETWEEN 1 AND 50
UNION ALL SELECT 'returning', aov_summary(revenue, items, customer_id, 0.05)::text FROM sg_orders WHERE customer_id > 50
UNION ALL SELECT 'guest', aov_summary(revenue, items, customer_id, 0.05)::text FROM sg_orders WHERE customer_id IS NULL
UNION ALL SELECT 'customers only', aov_summary(revenue, items, customer_id)::text FROM sg_orders WHERE customer_id BETWEEN 1 AND 50
UNION ALL SELECT 'compact', aov_summary(revenue, items)::text FROM sg_orders WHERE customer_id BETWEEN 1 AND 50
UNION ALL SELECT 'detail only', '02020103' || repeat('00', 20) || encode(float8send(0.05), 'hex') || repeat('00', 32 + 72) || '00'
UNION ALL SELECT 'trim 0.1', aov_summary(revenue, items, customer_id, 0.1)::text FROM sg_orders WHERE customer_id > 50
UNION ALL SELECT 'float8', aov_summary(revenue::float8, items, customer_id, 0.05)::text FROM sg_orders WHERE customer_id > 50;
CREATE FUNCTION sg_sum(n text) RETURNS text LANGUAGE sql STABLE AS $$ SELECT hex FROM sg_sums WHERE name = n $$;
CREATE FUNCTION sg_month(n int) RETURNS timestamptz LANGUAGE sql IMMUTABLE
    AS $$ SELECT '2018-01-01 00:00-03'::timestamptz + (n - 1) * interval '1 month' $$;
INSERT INTO sg_bad
SELECT name, 'aov_segments', hex FROM (VALUES
    ('valid', sg_segments_hex(3, ARRAY[sg_group(0, sg_month(1), 0, sg_sum('new')), sg_group(0, sg_month(1), 1, sg_sum('returning')),
                                       sg_group(0, sg_month(1), 2, sg_sum('guest')), sg_group(0, sg_month(2), 0, sg_sum('new'))])),
    ('valid: ranges', sg_segments_hex(0, ARRAY[sg_group(1, '-infinity', 0, sg_sum('new')), sg_group(2, sg_month(2), 1, sg_sum('returning'))])),
    ('valid: no groups, day', sg_segments_hex(1, '{}')),
    ('valid: no groups, ranges', sg_segments_hex(0, '{}')),
    ('not hex', '02g3'),
    ('empty', ''),
    ('version 1', '01' || substr(sg_segments_hex(3, ARRAY[sg_group(0, sg_month(1), 0, sg_sum('new'))]), 3)),
    ('version 3', '03' || substr(sg_segments_hex(3, ARRAY[sg_group(0, sg_month(1), 0, sg_sum('new'))]), 3)),
    ('periods 6', sg_segments_hex(6, '{}')),
    ('periods 255', sg_segments_hex(255, ARRAY[sg_group(0, sg_month(1), 0, sg_sum('new'))])),
    ('valid: float8 revenue', sg_segments_head(3, '0203') || '00'),
    ('valid: numeric items', sg_segments_head(3, '0101') || '00'),
    ('valid: no trim', sg_segments_head(3, tr => 0) || '00'),
    ('kinds: integer revenue', sg_segments_head(3, '0303') || '00'),
    ('kinds: float8 items', sg_segments_head(3, '0102') || '00'),
    ('kinds: float8 revenue, numeric items', sg_segments_head(3, '0201') || '00'),
    ('kinds: 0', sg_segments_head(3, '0000') || '00'),
    ('reserved int32', overlay(sg_segments_hex(3, '{}') placing '00000001' from 9 for 8)),
    ('trim 0.5', sg_segments_head(3, tr => 0.5) || '00'),
    ('trim -0', sg_segments_head(3, tr => '-0') || '00'),
    ('trim NaN', sg_segments_head(3, tr => 'NaN') || '00'),
    ('trim -0.1', sg_segments_head(3, tr => -0.1) || '00'),
    ('truncated header', left(sg_segments_head(3), 28)),
    ('truncated in the ranges', left(sg_segments_head(0), 60)),
    ('range flags 16', sg_segments_head(0, ranges => sg_bounds('-infinity', '2018-02-01 00:00-03', 17)
                                                        || sg_bounds('2018-02-01 00:00-03', 'infinity', 6)) || '00'),
    ('range unbounded at a finite time', sg_segments_head(0, ranges => sg_bounds('2018-01-01 00:00-03', '2018-02-01 00:00-03', 1)
                                                                       || sg_bounds('2018-02-01 00:00-03', 'infinity', 6)) || '00'),
    ('range unbounded and inclusive', sg_segments_head(0, ranges => sg_bounds('-infinity', '2018-02-01 00:00-03', 5)
                                                                   || sg_bounds('2018-02-01 00:00-03', 'infinity', 6)) || '00'),
    ('range empty', sg_segments_head(0, ranges => sg_bounds('2018-02-01 00:00-03', '2018-02-01 00:00-03', 4)
                                                 || sg_bounds('2018-02-01 00:00-03', 'infinity', 6)) || '00'),
    ('range upside down', sg_segments_head(0, ranges => sg_bounds('2018-03-01 00:00-03', '2018-02-01 00:00-03', 4)
                                                       || sg_bounds('2018-02-01 00:00-03', 'infinity', 6)) || '00'),
    ('range bound past the end of time', sg_segments_head(0, ranges => sg_bounds('-infinity', '2018-02-01 00:00-03', 1)
                                                                      || sg_h8(sg_us('2018-02-01 00:00-03')) || sg_h8(9223371331200000000) || '04') || '00'),
    ('valid: a point range', sg_segments_head(0, ranges => sg_bounds('2018-02-01 00:00-03', '2018-02-01 00:00-03', 12)
                                                          || sg_bounds('2018-03-01 00:00-03', 'infinity', 6)) || '00'),
    ('group not at its range''s lower bound', sg_segments_hex(0, ARRAY[sg_group(2, sg_month(3), 0, sg_sum('new'))])),
    ('group at the end of time', sg_segments_head(3) || '01' || sg_h1(0) || sg_h8(9223371331200000000) || '00'
                                 || vi(length(sg_sum('new')) / 2) || sg_sum('new')),
    ('summary of another trim', sg_segments_hex(3, ARRAY[sg_group(0, sg_month(1), 1, sg_sum('trim 0.1'))])),
    ('summary of float8 revenue', sg_segments_hex(3, ARRAY[sg_group(0, sg_month(1), 1, sg_sum('float8'))])),
    ('n beyond the end', sg_segments_head(3) || '02' || sg_group(0, sg_month(1), 0, sg_sum('new'))),
    ('n far beyond the end', sg_segments_head(3) || vi(18446744073709551615)),
    ('length beyond the end', sg_segments_head(3) || '01' || sg_h1(0) || sg_h8(sg_us(sg_month(1))) || '00'
                              || vi(length(sg_sum('new')) / 2 + 1) || sg_sum('new')),
    ('length far beyond the end', sg_segments_head(3) || '01' || sg_h1(0) || sg_h8(sg_us(sg_month(1))) || '00'
                                  || vi(18446744073709551615) || sg_sum('new')),
    ('length short of the summary', sg_segments_head(3) || '01' || sg_h1(0) || sg_h8(sg_us(sg_month(1))) || '00'
                                    || vi(length(sg_sum('new')) / 2 - 1) || sg_sum('new')),
    ('truncated in a summary', left(sg_segments_hex(3, ARRAY[sg_group(0, sg_month(1), 0, sg_sum('new'))]), -2)),
    ('trailing byte', sg_segments_hex(3, ARRAY[sg_group(0, sg_month(1), 0, sg_sum('new'))]) || '00'),
    ('range 1 with a granularity', sg_segments_hex(3, ARRAY[sg_group(1, sg_month(1), 0, sg_sum('new'))])),
    ('range 0 with ranges', sg_segments_hex(0, ARRAY[sg_group(0, sg_month(1), 0, sg_sum('new'))])),
    ('range 3 with ranges', sg_segments_hex(0, ARRAY[sg_group(3, sg_month(1), 0, sg_sum('new'))])),
    ('segment 3', sg_segments_hex(3, ARRAY[sg_group(0, sg_month(1), 3, sg_sum('new'))])),
    ('segment 255', sg_segments_hex(3, ARRAY[sg_group(0, sg_month(1), 255, sg_sum('new'))])),
    ('same group twice', sg_segments_hex(3, ARRAY[sg_group(0, sg_month(1), 0, sg_sum('new')), sg_group(0, sg_month(1), 0, sg_sum('new'))])),
    ('periods out of order', sg_segments_hex(3, ARRAY[sg_group(0, sg_month(2), 0, sg_sum('new')), sg_group(0, sg_month(1), 1, sg_sum('returning'))])),
    ('segments out of order', sg_segments_hex(3, ARRAY[sg_group(0, sg_month(1), 1, sg_sum('returning')), sg_group(0, sg_month(1), 0, sg_sum('new'))])),
    ('ranges out of order', sg_segments_hex(0, ARRAY[sg_group(2, sg_month(2), 0, sg_sum('new')), sg_group(1, sg_month(1), 0, sg_sum('new'))])),
    ('summary without detail', sg_segments_hex(3, ARRAY[sg_group(0, sg_month(1), 0, sg_sum('customers only'))])),
    ('summary without customers', sg_segments_hex(3, ARRAY[sg_group(0, sg_month(1), 0, sg_sum('detail only'))])),
    ('summary without either', sg_segments_hex(3, ARRAY[sg_group(0, sg_month(1), 0, sg_sum('compact'))])),
    ('summary of version 9', sg_segments_hex(3, ARRAY[sg_group(0, sg_month(1), 0, '09' || substr(sg_sum('new'), 3))])),
    ('summary with a wrong count', sg_segments_hex(3, ARRAY[sg_group(0, sg_month(1), 0, overlay(sg_sum('new') placing sg_h8(1) from 65 for 16))])),
    ('empty summary', sg_segments_hex(3, ARRAY[sg_group(0, sg_month(1), 0, '')]))
) v(name, hex);

-- every malformed value gives 22P03 (22P02 for text that is not hex)
-- through input and recv, and the valid ones none: the values whose
-- outcome is not that
SELECT typ, name, expect_error_hint(format('SELECT %L::%s', hex, typ)) AS input, recv_error(typ, decode(hex, 'hex')) AS recv
FROM sg_bad
WHERE CASE WHEN name LIKE 'valid%' THEN expect_error_hint(format('SELECT %L::%s', hex, typ)) <> 'no error'
                                        OR recv_error(typ, decode(hex, 'hex')) <> 'no error'
           WHEN hex ~ '^([0-9a-f]{2})*$' THEN expect_error_hint(format('SELECT %L::%s', hex, typ)) NOT LIKE '22P03: %'
                                             OR recv_error(typ, decode(hex, 'hex')) NOT LIKE '22P03: %'
           ELSE expect_error_hint(format('SELECT %L::%s', hex, typ)) NOT LIKE '22P02: %' END
ORDER BY typ, name;
-- the messages (input)
SELECT typ, name, expect_error_hint(format('SELECT %L::%s', hex, typ)) AS input FROM sg_bad ORDER BY typ, name COLLATE "C";

-- ---------------------------------------------------------------------
-- 6. Misuse of the internal aggregates: a clear error, never a wrong
--    number
-- ---------------------------------------------------------------------

SET TimeZone = 'UTC';
CREATE TEMP TABLE sg_few (n int, t timestamptz, rev numeric, qty int, cust bigint, g text, tr float8, b tstzrange, c tstzrange);
INSERT INTO sg_few VALUES
    (1, '2018-03-05', 10, 1, 1, 'month', 0.05, '[2018-01-01,2018-04-01)', '[2018-04-01,2018-07-01)'),
    (2, '2018-03-06', 20, 2, 2, 'month', 0.05, '[2018-01-01,2018-04-01)', '[2018-04-01,2018-07-01)'),
    (3, '2018-04-07', 30, 3, 1, 'month', 0.05, '[2018-01-01,2018-04-01)', '[2018-04-01,2018-07-01)');
-- the arguments that hold for the whole aggregate, wrong or changing
SELECT name, expect_error_hint(q) AS error FROM (VALUES
    ('granularity changes', $$SELECT _aov_segments(CASE n WHEN 3 THEN 'day' ELSE g END, t, rev, qty, cust, _aov_first_order(NULL, cust), tr) FROM sg_few$$),
    ('granularity changes case only', $$SELECT _aov_segments(CASE n WHEN 3 THEN 'MONTH' ELSE g END, t, rev, qty, cust, _aov_first_order(NULL, cust), tr) FROM sg_few$$),
    ('granularity NULL', $$SELECT _aov_segments(NULL::text, t, rev, qty, cust, _aov_first_order(NULL, cust), tr) FROM sg_few$$),
    ('granularity NULL later', $$SELECT _aov_segments(CASE n WHEN 3 THEN NULL ELSE g END, t, rev, qty, cust, _aov_first_order(NULL, cust), tr) FROM sg_few$$),
    ('granularity unknown', $$SELECT _aov_segments('fortnight', t, rev, qty, cust, _aov_first_order(NULL, cust), tr) FROM sg_few$$),
    ('granularity empty', $$SELECT _aov_segments('', t, rev, qty, cust, _aov_first_order(NULL, cust), tr) FROM sg_few$$),
    ('trim changes', $$SELECT _aov_segments(g, t, rev, qty, cust, _aov_first_order(NULL, cust), CASE n WHEN 3 THEN 0.1 ELSE tr END) FROM sg_few$$),
    ('trim -0 then 0', $$SELECT _aov_segments(g, t, rev, qty, cust, _aov_first_order(NULL, cust), CASE n WHEN 1 THEN '-0'::float8 ELSE 0 END) FROM sg_few$$),
    ('trim NULL', $$SELECT _aov_segments(g, t, rev, qty, cust, _aov_first_order(NULL, cust), NULL) FROM sg_few$$),
    ('trim NULL later', $$SELECT _aov_segments(g, t, rev, qty, cust, _aov_first_order(NULL, cust), CASE n WHEN 3 THEN NULL ELSE tr END) FROM sg_few$$),
    ('trim 0.5', $$SELECT _aov_segments(g, t, rev, qty, cust, _aov_first_order(NULL, cust), 0.5) FROM sg_few$$),
    ('trim -0.1', $$SELECT _aov_segments(g, t, rev, qty, cust, _aov_first_order(NULL, cust), -0.1) FROM sg_few$$),
    ('trim NaN', $$SELECT _aov_segments(g, t, rev, qty, cust, _aov_first_order(NULL, cust), 'NaN') FROM sg_few$$),
    ('trim infinity', $$SELECT _aov_segments(g, t, rev, qty, cust, _aov_first_order(NULL, cust), 'infinity') FROM sg_few$$),
    ('baseline empty', $$SELECT _aov_segments('empty'::tstzrange, c, t, rev, qty, cust, _aov_first_order(NULL, cust), tr) FROM sg_few$$),
    ('current empty', $$SELECT _aov_segments(b, '[2018-04-01,2018-04-01)'::tstzrange, t, rev, qty, cust, _aov_first_order(NULL, cust), tr) FROM sg_few$$),
    ('baseline NULL', $$SELECT _aov_segments(NULL::tstzrange, c, t, rev, qty, cust, _aov_first_order(NULL, cust), tr) FROM sg_few$$),
    ('current NULL', $$SELECT _aov_segments(b, NULL::tstzrange, t, rev, qty, cust, _aov_first_order(NULL, cust), tr) FROM sg_few$$),
    ('baseline changes', $$SELECT _aov_segments(CASE n WHEN 3 THEN '[2018-01-02,2018-04-01)'::tstzrange ELSE '[2018-01-01,2018-04-01)' END,
                                                '[2018-04-01,2018-07-01)'::tstzrange, t, rev, qty, cust, _aov_first_order(NULL, cust), tr) FROM sg_few$$),
    ('current changes bound kind', $$SELECT _aov_segments('[2018-01-01,2018-04-01)'::tstzrange,
                                                          CASE n WHEN 3 THEN '[2018-04-01,2018-07-01]'::tstzrange ELSE '[2018-04-01,2018-07-01)' END,
                                                          t, rev, qty, cust, _aov_first_order(NULL, cust), tr) FROM sg_few$$),
    ('transition called directly', $$SELECT _aov_segments_add(NULL, 'month', now(), 1::numeric, 1, 1, NULL, 0.05)$$),
    ('firsts transition called directly', $$SELECT _aov_firsts_add(NULL, 1, now())$$),
    ('combine called directly', $$SELECT _aov_segments_combine(NULL, NULL)$$)
) v(name, q);
-- the same arguments written as constants, in any case: the months
SELECT r.period, r.segment, (aov_breakdown(r.summary)).orders
FROM _aov_segments_rows((SELECT _aov_segments(CASE n WHEN 2 THEN 'Month' ELSE 'MONTH' END, t, rev, qty, cust, _aov_first_order(NULL, cust), 0.05) FROM sg_few)) r;
-- an initial state: refused
CREATE AGGREGATE sg_seg_init(text, timestamptz, numeric, integer, bigint, timestamptz, float8) (
    SFUNC = _aov_segments_add, STYPE = aov_segments,
    INITCOND = '02030103000000003fa999999999999a00');
SELECT expect_error_hint($$SELECT sg_seg_init(g, t, rev, qty, cust, NULL, tr) FROM sg_few$$) AS initial_state;
-- _aov_firsts adds to an initial state (customers 1 and 7 on 2018-03-01)
DO $$
BEGIN
    EXECUTE format('CREATE AGGREGATE sg_firsts_init(bigint, timestamptz) (SFUNC = _aov_firsts_add, STYPE = aov_firsts, INITCOND = %L)',
                   sg_firsts_hex('{1,7}', '{2018-03-01 00:00+00,2018-03-01 00:00+00}'));
END $$;
SELECT got, want
FROM (SELECT sg_firsts_init(cust, t)::text AS got FROM sg_few) g,
     (SELECT sg_firsts_hex('{1,2,7}', '{2018-03-01 00:00+00,2018-03-06 00:00+00,2018-03-01 00:00+00}') AS want) w
WHERE got IS DISTINCT FROM want;

-- the first orders: NULL firsts is no customer known, every customer's
-- orders new; a customer the firsts do not know is new; the firsts may
-- change from row to row (two values of the same length): each row is
-- judged by its own (rows 1 and 3 with firsts saying 2018-01-01, row 2
-- with firsts saying 2018-03-06)
CREATE TEMP TABLE sg_fv AS
SELECT sg_firsts_hex('{1,2}', '{2018-01-01 00:00+00,2018-01-01 00:00+00}')::aov_firsts AS early,
       sg_firsts_hex('{1,2}', '{2018-03-06 00:00+00,2018-03-06 00:00+00}')::aov_firsts AS late,
       sg_firsts_hex('{1}', '{2018-01-01 00:00+00}')::aov_firsts AS only_1;
SELECT octet_length(_aov_firsts_send(early)) = octet_length(_aov_firsts_send(late)) AS same_length,
       early::text <> late::text AS different FROM sg_fv;
SELECT x.name, string_agg(format('%s %s: %s', to_char(r.period, 'YYYY-MM'), r.segment, (aov_breakdown(r.summary)).orders), ', '
                          ORDER BY r.period, r.segment) AS groups
FROM (SELECT 'NULL firsts' AS name, _aov_segments('month', t, rev, qty, cust, _aov_first_order(NULL, cust), 0.05) AS s FROM sg_few
      UNION ALL
      SELECT 'early', _aov_segments('month', t, rev, qty, cust, _aov_first_order(early, cust), 0.05) FROM sg_few, sg_fv
      UNION ALL
      SELECT 'late', _aov_segments('month', t, rev, qty, cust, _aov_first_order(late, cust), 0.05) FROM sg_few, sg_fv
      UNION ALL
      SELECT 'customer 2 unknown', _aov_segments('month', t, rev, qty, cust, _aov_first_order(only_1, cust), 0.05) FROM sg_few, sg_fv
      UNION ALL
      SELECT 'early, late, early', _aov_segments('month', t, rev, qty, cust, _aov_first_order(CASE n WHEN 2 THEN late ELSE early END, cust), 0.05)
      FROM sg_few, sg_fv
      UNION ALL
      SELECT 'late, early, late', _aov_segments('month', t, rev, qty, cust, _aov_first_order(CASE n WHEN 2 THEN early ELSE late END, cust), 0.05)
      FROM sg_few, sg_fv
      UNION ALL
      SELECT 'late, early, NULL', _aov_segments('month', t, rev, qty, cust, _aov_first_order(CASE n WHEN 1 THEN late WHEN 2 THEN early END, cust), 0.05)
      FROM sg_few, sg_fv
      UNION ALL
      SELECT 'ranges, NULL firsts', _aov_segments('[2018-01-01,2018-04-01)'::tstzrange, '[2018-04-01,2018-07-01)'::tstzrange,
                                                  t, rev, qty, cust, _aov_first_order(NULL, cust), 0.05) FROM sg_few
      UNION ALL
      SELECT 'ranges, late', _aov_segments('[2018-01-01,2018-04-01)'::tstzrange, '[2018-04-01,2018-07-01)'::tstzrange,
                                           t, rev, qty, cust, _aov_first_order(late, cust), 0.05) FROM sg_few, sg_fv) x,
     _aov_segments_rows(x.s) r
GROUP BY x.name ORDER BY x.name;
-- the same on the orders of section 1 against the reference: with NULL
-- firsts every customer's order is new; with the firsts of another
-- relation (customers 1-100 only, first orders in 2018-06), those
-- customers' orders before June are new too (their first order "ever" is
-- later), others new everywhere
SET TimeZone = 'America/Sao_Paulo';
CREATE TEMP TABLE sg_other_firsts AS
SELECT _aov_firsts(c, '2018-06-01 00:00-03') AS f FROM generate_series(1::bigint, 100) c;
SELECT x.name, x.got, x.want
FROM (SELECT 'NULL firsts' AS name,
             (SELECT string_agg(format('%s %s', segment, n), ', ' ORDER BY segment)
              FROM (SELECT r.segment, sum((aov_breakdown(r.summary)).orders) AS n
                    FROM _aov_segments_rows((SELECT _aov_segments('year', ordered_at, revenue, items, customer_id, _aov_first_order(NULL, customer_id), 0.05)
                                             FROM sg_orders WHERE isfinite(ordered_at) OR revenue IS NULL)) r GROUP BY r.segment) s) AS got,
             (SELECT string_agg(format('%s %s', seg, n), ', ' ORDER BY seg)
              FROM (SELECT CASE WHEN customer_id IS NULL THEN 'guest' ELSE 'new' END AS seg, count(*) AS n FROM sg_orders
                    WHERE isfinite(ordered_at) AND revenue IS NOT NULL AND items IS NOT NULL GROUP BY 1) s) AS want
      UNION ALL
      SELECT 'other firsts, months',
             (SELECT string_agg(format('%s %s %s', to_char(r.period, 'YYYY-MM'), r.segment, (aov_breakdown(r.summary)).orders), ', '
                                ORDER BY r.period, r.segment)
              FROM _aov_segments_rows((SELECT _aov_segments('month', ordered_at, revenue, items, customer_id, _aov_first_order(f, customer_id), 0.05)
                                       FROM sg_orders, sg_other_firsts WHERE isfinite(ordered_at) OR revenue IS NULL)) r),
             (SELECT string_agg(format('%s %s %s', to_char(period, 'YYYY-MM'), seg, n), ', ' ORDER BY period, seg)
              FROM (SELECT date_trunc('month', ordered_at) AS period,
                           CASE WHEN customer_id IS NULL THEN 'guest'
                                WHEN customer_id > 100 THEN 'new'
                                WHEN date_trunc('month', ordered_at) <= '2018-06-01 00:00-03' THEN 'new'
                                ELSE 'returning' END AS seg, count(*) AS n
                    FROM sg_orders WHERE isfinite(ordered_at) AND revenue IS NOT NULL AND items IS NOT NULL GROUP BY 1, 2) s)) x
WHERE x.got IS DISTINCT FROM x.want;
-- the firsts from a subquery in the FROM list (an expanded value, not a
-- parameter): the same months as from a parameter
CREATE TEMP TABLE sg_rows_from AS
SELECT r.period, r.segment, r.summary
FROM _aov_segments_rows((SELECT _aov_segments('month', ordered_at, revenue, items, customer_id, _aov_first_order(f.f, customer_id), 0.05)
                         FROM sg_orders, (SELECT _aov_firsts(customer_id, ordered_at) AS f FROM sg_orders) f
                         WHERE isfinite(ordered_at) OR revenue IS NULL)) r;
CREATE TEMP TABLE sg_rows_param AS
SELECT r.period, r.segment, r.summary
FROM _aov_segments_rows((SELECT _aov_segments('month',
                                              ordered_at, revenue, items, customer_id, _aov_first_order((SELECT _aov_firsts(customer_id, ordered_at) FROM sg_orders), customer_id), 0.05)
                         FROM sg_orders WHERE isfinite(ordered_at) OR revenue IS NULL)) r;
SELECT period, segment, (aov_breakdown(a.summary)).orders AS from_list_orders, (aov_breakdown(b.summary)).orders AS param_orders
FROM sg_rows_from a FULL JOIN sg_rows_param b USING (period, segment)
WHERE a.summary::text IS DISTINCT FROM b.summary::text ORDER BY 1, 2;
SELECT count(*) AS groups FROM sg_rows_from;

-- combining states: the parts of a split merged in any order give the
-- bytes of one pass (the firsts of the whole relation in every part)
CREATE AGGREGATE sg_merge(aov_segments) (SFUNC = _aov_segments_combine, STYPE = aov_segments);
CREATE TEMP TABLE sg_parts AS
SELECT p, _aov_segments('month',
                        ordered_at, revenue, items, customer_id, _aov_first_order((SELECT _aov_firsts(customer_id, ordered_at) FROM sg_orders), customer_id), 0.05) AS s
FROM (SELECT *, floor(10 * test_rnd(id, 'sgq'))::int AS p FROM sg_orders) x GROUP BY p;
SELECT v.merge_order, v.got, w.want
FROM (SELECT sg_merge(s ORDER BY md5(p::text))::text AS shuffled, sg_merge(s ORDER BY p)::text AS by_part,
             sg_merge(s ORDER BY p DESC)::text AS reversed FROM sg_parts) g
CROSS JOIN LATERAL (VALUES ('shuffled', shuffled), ('by part', by_part), ('reversed', reversed)) v(merge_order, got),
     (SELECT got AS want FROM sg_seg_cmp WHERE name = 'months') w
WHERE v.got IS DISTINCT FROM w.want;
-- a group's summaries in different parts may have different revenue
-- scales (the int32 at offset 4 of a summary; 9.50 is held at scale 1),
-- and merging them scales one side up: the groups present in several
-- parts, and those of them with more than one revenue scale
SELECT count(*) AS parts, sum((SELECT count(*) FROM _aov_segments_rows(s))) AS groups,
       (SELECT count(*) FROM (SELECT period, segment FROM sg_parts, _aov_segments_rows(s)
                              GROUP BY 1, 2 HAVING count(*) > 1) x) AS groups_in_several_parts,
       (SELECT count(*) FROM (SELECT period, segment FROM sg_parts, _aov_segments_rows(s)
                              GROUP BY 1, 2 HAVING count(DISTINCT substr(summary::text, 9, 8)) > 1) x) AS with_several_scales
FROM sg_parts;
-- states that cannot be combined
CREATE TEMP TABLE sg_states AS
SELECT 'month' AS name, _aov_segments('month', t, rev, qty, cust, _aov_first_order(NULL, cust), 0.05) AS s FROM sg_few
UNION ALL SELECT 'day', _aov_segments('day', t, rev, qty, cust, _aov_first_order(NULL, cust), 0.05) FROM sg_few
UNION ALL SELECT 'month, trim 0.1', _aov_segments('month', t, rev, qty, cust, _aov_first_order(NULL, cust), 0.1) FROM sg_few
UNION ALL SELECT 'month, float8', _aov_segments('month', t, rev::float8, qty, cust, _aov_first_order(NULL, cust), 0.05) FROM sg_few
UNION ALL SELECT 'month, numeric items', _aov_segments('month', t, rev, qty::numeric, cust, _aov_first_order(NULL, cust), 0.05) FROM sg_few
UNION ALL SELECT 'ranges', _aov_segments('[2018-01-01,2018-04-01)'::tstzrange, '[2018-04-01,2018-07-01)'::tstzrange,
                                          t, rev, qty, cust, _aov_first_order(NULL, cust), 0.05) FROM sg_few
UNION ALL SELECT 'no orders, month', sg_segments_hex(3, '{}')::aov_segments
UNION ALL SELECT 'no orders, day', sg_segments_hex(1, '{}')::aov_segments;
SELECT a.name AS first, b.name AS second,
       expect_error_hint(format('SELECT sg_merge(s ORDER BY k) FROM (VALUES (1, %L::aov_segments), (2, %L::aov_segments)) v(k, s)', a.s, b.s)) AS flat,
       expect_error_hint(format('SELECT _aov_segments_rows(sg_merge(s ORDER BY k)) FROM (SELECT 1 AS k, s FROM sg_states WHERE name = %L UNION ALL SELECT 2, s FROM sg_states WHERE name = %L) v',
                       a.name, b.name)) AS stored
FROM sg_states a, sg_states b
WHERE a.name = 'month' AND b.name <> 'month' OR b.name = 'month' AND a.name <> 'month' OR a.name LIKE 'no orders%' AND b.name LIKE 'no orders%'
ORDER BY 1, 2;
RESET TimeZone;

-- ---------------------------------------------------------------------
-- 7. Edge cases that once went wrong: the expected outcome
-- ---------------------------------------------------------------------

-- In a time zone whose clocks go back from 01:00 to 00:00 (America/Havana,
-- 2018-11-04 and 2020-11-01), date_trunc gives the midnight after the
-- change (standard time), later than the orders of the first 00:xx hour.
-- A customer whose first order is in that hour is new in that day (the
-- period date_trunc gives), not returning: no rows differ from the
-- reference.
CREATE TEMP TABLE sg_havana (id int, ordered_at timestamptz, revenue numeric(12,2), items int, customer_id bigint);
INSERT INTO sg_havana
SELECT 100 * d + 40 + k, at + k * interval '7 minutes', 10 + k, 1, 1 + abs(k) % 7 + 10 * d
FROM (VALUES (1, '2018-11-04 05:00+00'::timestamptz), (2, '2020-11-01 05:00+00')) t(d, at), generate_series(-20, 20) k;
INSERT INTO sg_havana VALUES (1, '2018-11-04 04:10+00', 5.00, 1, 101), (2, '2018-11-04 05:30+00', 6.00, 1, 101),
    (3, '2020-11-01 04:20+00', 7.00, 1, 102), (4, '2020-11-01 05:20+00', 8.00, 1, 102), (5, '2020-11-20 12:00+00', 9.00, 1, 102);
SET TimeZone = 'America/Havana';
SELECT id, customer_id, ordered_at, date_trunc('day', ordered_at) AS day, date_trunc('day', ordered_at) > ordered_at AS day_starts_later
FROM sg_havana WHERE customer_id > 100 ORDER BY id;
CREATE TEMP TABLE sg_cmp_havana AS
SELECT g.gno, g.gran, c.* FROM sg_grans g CROSS JOIN LATERAL sg_compare('America/Havana', 'sg_havana', 'ordered_at', g.gran) c;
SELECT gran, period, segment, got, ref FROM sg_cmp_havana WHERE got IS DISTINCT FROM ref ORDER BY gno, period, segment;
SELECT gran, count(*) AS rows FROM sg_cmp_havana GROUP BY gno, gran ORDER BY gno;
RESET TimeZone;

SET TimeZone = 'UTC';

-- A range stored in a table (a short varlena header, 22 bytes) is the
-- same range as one computed: no error either way.
SELECT pg_column_size(b) AS stored_bytes,
       expect_error_hint($$SELECT _aov_segments(b, c, t, rev, qty, cust, _aov_first_order(NULL, cust), tr) FROM sg_few$$) AS ranges_from_table,
       expect_error_hint($$SELECT _aov_segments(b::text::tstzrange, c::text::tstzrange, t, rev, qty, cust, _aov_first_order(NULL, cust), tr) FROM sg_few$$) AS same_ranges_computed
FROM sg_few WHERE n = 1;

-- An order in the last period before the end of the timestamptz range
-- (whose end is past the range): the report has its period, as date_trunc
-- gives it.
CREATE TEMP TABLE sg_end AS SELECT '294276-12-31 12:00+00'::timestamptz AS ordered_at, 10.00 AS revenue, 1 AS items, 1::bigint AS customer_id;
SELECT g.gran, date_trunc(g.gran, ordered_at)::date AS reference_period,
       expect_error_hint(format('SELECT * FROM aov_report(%L, %L)', 'sg_end', g.gran)) AS report
FROM sg_grans g, sg_end ORDER BY gno;
-- the granularities whose report lacks that order as a new customer's
SELECT g.gran FROM sg_grans g, sg_end e
WHERE NOT EXISTS (SELECT FROM aov_report('sg_end', g.gran) r
                  WHERE r.segment = 'new' AND r.period = date_trunc(g.gran, e.ordered_at)::date AND r.orders = 1);

-- States made with different ranges do not merge, even when their lower
-- bounds agree (the orders of [Jan 1, Apr 1) and of [Jan 1, Mar 6) are not
-- one baseline), nor do states of different trim fractions or column
-- types, whichever groups they hold: an error at the merge, as for
-- different granularities.
SELECT name, expect_error_hint(format('SELECT sg_merge(s) FROM (SELECT _aov_segments(%s, t, rev, qty, cust, _aov_first_order(NULL, cust), %s) AS s FROM sg_few WHERE %s
                              UNION ALL SELECT _aov_segments(%s, t, %s, qty, cust, _aov_first_order(NULL, cust), %s) FROM sg_few WHERE %s) m',
                             p1, t1, w1, p2, r2, t2, w2)) AS merge
FROM (VALUES
    ('baselines [Jan 1, Apr 1) and [Jan 1, Mar 6)',
     $$'[2018-01-01,2018-04-01)'::tstzrange, '[2018-04-01,2018-07-01)'::tstzrange$$, '0.05', 'true',
     $$'[2018-01-01,2018-03-06)'::tstzrange, '[2018-04-01,2018-07-01)'::tstzrange$$, 'rev', '0.05', 'true'),
    ('baselines [Jan 1, Apr 1) and [Feb 1, Apr 1)',
     $$'[2018-01-01,2018-04-01)'::tstzrange, '[2018-04-01,2018-07-01)'::tstzrange$$, '0.05', 'true',
     $$'[2018-02-01,2018-04-01)'::tstzrange, '[2018-04-01,2018-07-01)'::tstzrange$$, 'rev', '0.05', 'true'),
    ('trims 0.05 and 0.1, other months', $$'month'$$, '0.05', 'n < 3', $$'month'$$, 'rev', '0.1', 'n = 3'),
    ('numeric and float8 revenue, other months', $$'month'$$, '0.05', 'n < 3', $$'month'$$, 'rev::float8', '0.05', 'n = 3')
) v(name, p1, t1, w1, p2, r2, t2, w2)
ORDER BY name;

-- Unknown versions of the types new in 0.4 say that only version 2 is
-- read (see the malformed values above).

-- One value, one form: an aov_firsts whose least time is not its
-- customers' least, and an aov_segments group starting past the end of
-- timestamptz, are refused (22P03).
SELECT expect_error_hint(format('SELECT %L::aov_firsts', sg_with_hash('0200000000000000' || '0000000000000000' || sg_h8(0) || '01'
                                                              || vi(9223372036854775809) || '05'))) AS firsts_base_below_the_times;
SELECT expect_error_hint(format('SELECT %L::aov_segments', sg_segments_hex(3, ARRAY[sg_h1(0) || sg_h8(9223372036854775806) || sg_h1(0)
                                                                           || vi(length(sg_sum('new')) / 2) || sg_sum('new')]))) AS segments_group_past_the_end;
RESET TimeZone;
