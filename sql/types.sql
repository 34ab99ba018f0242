--
-- types: aov_sample, aov_counts and aov_summary as values.  A value is its
-- serialized bytes, format version 2: the layouts are the header comments
-- of src/sample.c, src/counts.c and src/summary_format.c, the runs those of
-- src/values.h, src/idset.c and src/orders.c, the variable-length integers
-- that of src/format.c (doc/reference.md, "State types aov_sample and
-- aov_counts" and "The aov_summary type", describe the types).  Here the
-- expected bytes are built in SQL from the definitions and compared with
-- what the aggregates write; then text and binary round trips, final
-- functions on stored (flat, short-header, compressed, toasted) values,
-- canonical forms, random split-and-merge through the combine functions,
-- and malformed values (versions 1 and 2), which must give an error, never
-- a crash.  Queries return the rows that differ: expected none.
--

-- ---------------------------------------------------------------------
-- Helpers: the fields of the serialized forms, in SQL, independent of the
-- extension
-- ---------------------------------------------------------------------

-- big-endian hex of fixed-width fields: uint8, uint16, int32, int64, float8
CREATE FUNCTION h1(integer) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT lpad(to_hex($1), 2, '0') $$;
CREATE FUNCTION h2(integer) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT lpad(to_hex($1), 4, '0') $$;
CREATE FUNCTION h4(integer) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT encode(int4send($1), 'hex') $$;
CREATE FUNCTION h8(bigint) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT encode(int8send($1), 'hex') $$;
CREATE FUNCTION hf(float8) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT encode(float8send($1), 'hex') $$;
-- floor(a / b) and a - b * floor(a / b), exactly, for b > 0 (div truncates)
CREATE FUNCTION fdiv(a numeric, b numeric) RETURNS numeric LANGUAGE sql IMMUTABLE
    AS $$ SELECT div(a, b) - CASE WHEN mod(a, b) < 0 THEN 1 ELSE 0 END $$;
CREATE FUNCTION fmod(a numeric, b numeric) RETURNS numeric LANGUAGE sql IMMUTABLE
    AS $$ SELECT a - b * fdiv(a, b) $$;
-- an int128, x in [-2^127, 2^127): the high int64, then the low 64 bits
CREATE FUNCTION h16(x numeric) RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT h8(fdiv(x, 18446744073709551616)::bigint)
           || h8((fmod(x + 9223372036854775808, 18446744073709551616) - 9223372036854775808)::bigint) $$;
-- an exact sum of integers (src/exactsum.h): x = lo + carry * 2^128, lo an
-- int128, then carry an int64
CREATE FUNCTION hw(x numeric) RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT h16(fmod(x + 170141183460469231731687303715884105728, 340282366920938463463374607431768211456)
               - 170141183460469231731687303715884105728)
           || h8(fdiv(x + 170141183460469231731687303715884105728, 340282366920938463463374607431768211456)::bigint) $$;
-- the bits of |x| as an int64 (11-bit biased exponent e, 52-bit fraction
-- m); a double's exact value in units of 2^-1074 from them: m when e = 0,
-- else (2^52 + m) * 2^(e - 1), with the sign of x
CREATE FUNCTION f8bits(x float8) RETURNS bigint LANGUAGE sql IMMUTABLE
    AS $$ SELECT ('x' || encode(float8send(abs(x)), 'hex'))::bit(64)::bigint $$;
CREATE FUNCTION f8units(x float8) RETURNS numeric LANGUAGE sql IMMUTABLE AS $$
    SELECT trim_scale(CASE WHEN x < 0 THEN -1 ELSE 1 END
                      * CASE WHEN f8bits(x) >> 52 = 0 THEN f8bits(x)::numeric
                             ELSE ((f8bits(x) & 4503599627370495) + 4503599627370496)
                                  * 2::numeric ^ ((f8bits(x) >> 52) - 1) END) $$;
-- an exact float8 sum (src/exactsum.h) of u units of 2^-1074: 72 int64
-- chunks, chunk i weighing 2^(32i - 1074), all but the last in [0, 2^32)
CREATE FUNCTION xsum_hex(u numeric) RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT string_agg(h8(CASE WHEN i < 71 THEN fmod(fdiv(u, 2::numeric ^ (32 * i)), 4294967296)
                              ELSE fdiv(u, 2::numeric ^ (32 * 71)) END::bigint), '' ORDER BY i)
    FROM generate_series(0, 71) i $$;

-- zigzag: 0, -1, 1, -2, 2, ... become 0, 1, 2, 3, 4, ...
CREATE FUNCTION zz(x numeric) RETURNS numeric LANGUAGE sql IMMUTABLE
    AS $$ SELECT CASE WHEN x >= 0 THEN 2 * x ELSE -2 * x - 1 END $$;
-- order-preserving unsigned keys (src/radix.h): an int64 plus 2^63, an
-- int128 plus 2^127 (the sign bit flipped); a double's bits with the sign
-- bit set when it is positive, all bits flipped when it is negative (-0 is
-- 0): 2^63 + bits(|x|), or 2^64 - 1 - (2^63 + bits(|x|))
CREATE FUNCTION k64(x numeric) RETURNS numeric LANGUAGE sql IMMUTABLE
    AS $$ SELECT x + 9223372036854775808 $$;
CREATE FUNCTION k128(x numeric) RETURNS numeric LANGUAGE sql IMMUTABLE
    AS $$ SELECT x + 170141183460469231731687303715884105728 $$;
CREATE FUNCTION kf(x float8) RETURNS numeric LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN x < 0 THEN 9223372036854775807 - f8bits(x) ELSE 9223372036854775808 + f8bits(x) END $$;

-- a run (src/values.h): varint n, then per distinct value, in increasing
-- key order, the varint of its key (the first whole, each next one as the
-- step from the previous less one) and the varint of its count less one
CREATE FUNCTION run_hex(keys numeric[], counts bigint[]) RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT vi(count(*)) || coalesce(string_agg(vi(coalesce(k - p - 1, k)) || vi(c - 1), '' ORDER BY k), '')
    FROM (SELECT k, c, lag(k) OVER (ORDER BY k) AS p FROM unnest(keys, counts) u(k, c)) s $$;
-- a run of customer ids (src/idset.c): varint n, the first id's key
-- whole, then each id's step from the previous less one
CREATE FUNCTION ids_hex(ids bigint[]) RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT vi(count(*)) || coalesce(string_agg(vi(coalesce(id::numeric - p - 1, k64(id))), '' ORDER BY id), '')
    FROM (SELECT id, lag(id) OVER (ORDER BY id) AS p
          FROM (SELECT DISTINCT id FROM unnest(ids) id WHERE id IS NOT NULL) d) s $$;
-- a run of uuid or text customer ids (src/keyset.h): varint n, then the
-- distinct ids in bytewise order (bytea's order: the shorter first on a
-- tie): width 16 (uuid) the 16 bytes each; width 0 (text) the length of
-- the longest prefix shared with the previous id, the length of the rest,
-- and the rest
CREATE FUNCTION keys_hex(ids bytea[], width int) RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT vi(count(*)) || coalesce(string_agg(CASE WHEN width > 0 THEN encode(k, 'hex')
                                                    ELSE vi(s) || vi(length(k) - s) || encode(substr(k, s + 1), 'hex') END,
                                               '' ORDER BY k), '')
    FROM (SELECT k, coalesce((SELECT max(i) FROM generate_series(1, least(length(k), length(p))) i
                              WHERE substr(k, 1, i) = substr(p, 1, i)), 0) AS s
          FROM (SELECT k, lag(k) OVER (ORDER BY k) AS p
                FROM (SELECT DISTINCT k FROM unnest(ids) k WHERE k IS NOT NULL) d) x) y $$;
-- an order run (src/orders.c): varint n, then per distinct order, in
-- increasing (revenue key, items, display scale) order, the varint of its
-- revenue key (the first whole, each next one as the step from the
-- previous, 0 when it repeats), the zigzag varint of its items (an integer
-- at the items scale), the varint of its display scale (numeric revenue
-- only: ds NULL for float8) and the varint of its count less one
CREATE FUNCTION orders_hex(rk numeric[], q numeric[], ds int[], c bigint[]) RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT vi(count(*)) || coalesce(string_agg(vi(rk - coalesce(p, 0)) || vi(zz(q)) || coalesce(vi(ds), '') || vi(c - 1),
                                               '' ORDER BY rk, q, ds), '')
    FROM (SELECT rk, q, ds, c, lag(rk) OVER (ORDER BY rk, q, ds) AS p FROM unnest(rk, q, ds, c) u(rk, q, ds, c)) s $$;

-- The three layouts from their fields (a jsonb object; absent counts,
-- scales and reserved fields are 0, the version is 2).  Versions 1 and 2
-- share the header; what follows it is the body, given as hex.
-- aov_sample (src/sample.c): version, kind, reserved u16, scale, display
-- scale, reserved i32, low and high trim fractions, #NaN, #+Infinity,
-- #-Infinity (56 bytes); body: version 2 the run, version 1 an int64 n and
-- the n values
CREATE FUNCTION sample_hex(f jsonb) RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT h1(coalesce((f->>'version')::int, 2)) || h1((f->>'kind')::int) || h2(coalesce((f->>'reserved16')::int, 0))
           || h4(coalesce((f->>'scale')::int, 0)) || h4(coalesce((f->>'dscale')::int, 0))
           || h4(coalesce((f->>'reserved32')::int, 0)) || hf((f->>'low')::float8) || hf((f->>'high')::float8)
           || h8(coalesce((f->>'nan')::bigint, 0)) || h8(coalesce((f->>'pinf')::bigint, 0))
           || h8(coalesce((f->>'ninf')::bigint, 0)) || (f->>'body') $$;
-- aov_counts (src/counts.c): version, kind, reserved u16, scale, k, display
-- scale, #NaN, #+Infinity, #-Infinity (40 bytes); body: version 2 the run,
-- version 1 an int64 d and d (value, count) int64 pairs
CREATE FUNCTION counts_hex(f jsonb) RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT h1(coalesce((f->>'version')::int, 2)) || h1((f->>'kind')::int) || h2(coalesce((f->>'reserved16')::int, 0))
           || h4(coalesce((f->>'scale')::int, 0)) || h4((f->>'k')::int) || h4(coalesce((f->>'dscale')::int, 0))
           || h8(coalesce((f->>'nan')::bigint, 0)) || h8(coalesce((f->>'pinf')::bigint, 0))
           || h8(coalesce((f->>'ninf')::bigint, 0)) || (f->>'body') $$;
-- aov_summary (src/summary_format.c): version, flags (1 customers, 2
-- detail), revenue kind, items kind, revenue scale and display scale,
-- items scale and display scale, reserved i32, trim, orders, zero-item
-- orders, guest orders, customers (64 bytes); the sums, given as hex
-- (revenue, the guests' revenue, items); body: version 2 the customer run
-- (flag 1) and the order run (flag 2), version 1 the ids and the vectors
CREATE FUNCTION summary_hex(f jsonb) RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT h1(coalesce((f->>'version')::int, 2)) || h1((f->>'flags')::int) || h1((f->>'rkind')::int) || h1((f->>'ikind')::int)
           || h4(coalesce((f->>'rscale')::int, 0)) || h4(coalesce((f->>'rdscale')::int, 0))
           || h4(coalesce((f->>'iscale')::int, 0)) || h4(coalesce((f->>'idscale')::int, 0))
           || h4(coalesce((f->>'reserved')::int, 0)) || hf(coalesce((f->>'trim')::float8, 0))
           || h8((f->>'orders')::bigint) || h8(coalesce((f->>'zero')::bigint, 0))
           || h8(coalesce((f->>'guests')::bigint, 0)) || h8(coalesce((f->>'customers')::bigint, 0))
           || (f->>'sums') || coalesce(f->>'body', '') $$;

-- The fields of the version 2 aov_sample or aov_counts of a multiset of
-- values (head: the trim fractions or k), from the definitions:
-- numeric values are held as integers at the most decimals a value needs
-- (trailing zeros do not count: 1.5 and 1.50 are one value) and shown at
-- the largest display scale; NaN and the infinities are counted apart;
-- NULLs are skipped.
CREATE FUNCTION want_numeric(v numeric[], head jsonb) RETURNS jsonb LANGUAGE sql IMMUTABLE AS $$
    WITH x AS (SELECT x FROM unnest(v) x WHERE x IS NOT NULL),
    fin AS (SELECT x FROM x WHERE x NOT IN ('NaN', 'Infinity', '-Infinity')),
    s AS (SELECT coalesce(max(scale(trim_scale(x))), 0) AS s, coalesce(max(scale(x)), 0) AS ds FROM fin)
    SELECT head || jsonb_build_object('kind', 1, 'scale', s, 'dscale', ds,
               'nan', (SELECT count(*) FROM x WHERE x = 'NaN'),
               'pinf', (SELECT count(*) FROM x WHERE x = 'Infinity'),
               'ninf', (SELECT count(*) FROM x WHERE x = '-Infinity'),
               'body', (SELECT run_hex(array_agg(k), array_agg(c))
                        FROM (SELECT k128(x * 10::numeric ^ s) AS k, count(*) AS c FROM fin GROUP BY 1) r))
    FROM s $$;
CREATE FUNCTION want_float8(v float8[], head jsonb) RETURNS jsonb LANGUAGE sql IMMUTABLE AS $$
    WITH x AS (SELECT x FROM unnest(v) x WHERE x IS NOT NULL)
    SELECT head || jsonb_build_object('kind', 2,
               'nan', (SELECT count(*) FROM x WHERE x = 'NaN'),
               'pinf', (SELECT count(*) FROM x WHERE x = 'Infinity'),
               'ninf', (SELECT count(*) FROM x WHERE x = '-Infinity'),
               'body', (SELECT run_hex(array_agg(k), array_agg(c))
                        FROM (SELECT kf(x) AS k, count(*) AS c FROM x
                              WHERE x NOT IN ('NaN', 'Infinity', '-Infinity') GROUP BY 1) r)) $$;
CREATE FUNCTION want_integer(v bigint[], head jsonb) RETURNS jsonb LANGUAGE sql IMMUTABLE AS $$
    SELECT head || jsonb_build_object('kind', 3,
               'body', (SELECT run_hex(array_agg(k), array_agg(c))
                        FROM (SELECT k64(x) AS k, count(*) AS c FROM unnest(v) x WHERE x IS NOT NULL GROUP BY 1) r)) $$;
-- The fields of the version 2 aov_summary of a set of orders (revenue r,
-- numeric, or rf, float8, by rkind; items q; customer c), from the
-- definitions (src/summary_format.c, src/summary_agg.c): an order with a
-- NULL revenue or items is skipped; numeric revenue and items are held as
-- integers at the most decimals a value needs; a guest order has a NULL
-- customer (counted with flag 1 only); the detail (flag 2) keeps every
-- order with the display scale its numeric revenue came with.
CREATE FUNCTION want_summary(r numeric[], rf float8[], q numeric[], c bigint[], flags int, rkind int, ikind int,
                             tf float8 DEFAULT 0) RETURNS jsonb LANGUAGE sql IMMUTABLE AS $$
    WITH o AS (SELECT r, rf, q, c FROM unnest(r, rf, q, c) u(r, rf, q, c)
               WHERE (CASE rkind WHEN 1 THEN r IS NOT NULL ELSE rf IS NOT NULL END) AND q IS NOT NULL),
    s AS (SELECT coalesce(max(scale(trim_scale(r))), 0) AS rs, coalesce(max(scale(r)), 0) AS rds,
                 coalesce(max(scale(trim_scale(q))), 0) AS qs, coalesce(max(scale(q)), 0) AS qds,
                 count(*) AS n, count(*) FILTER (WHERE q = 0) AS zero,
                 count(*) FILTER (WHERE c IS NULL AND flags & 1 = 1) AS guests,
                 count(DISTINCT c) FILTER (WHERE flags & 1 = 1) AS cust,
                 coalesce(sum(r), 0) AS rsum, coalesce(sum(r) FILTER (WHERE c IS NULL AND flags & 1 = 1), 0) AS grsum,
                 coalesce(sum(f8units(rf)), 0) AS rfsum,
                 coalesce(sum(f8units(rf)) FILTER (WHERE c IS NULL AND flags & 1 = 1), 0) AS grfsum,
                 coalesce(sum(q), 0) AS qsum
          FROM o)
    SELECT jsonb_build_object('flags', flags, 'rkind', rkind, 'ikind', ikind, 'rscale', rs, 'rdscale', rds,
               'iscale', qs, 'idscale', qds, 'trim', CASE WHEN flags & 2 = 2 THEN tf ELSE 0 END,
               'orders', n, 'zero', zero, 'guests', guests, 'customers', cust,
               'sums', CASE rkind WHEN 1 THEN hw(rsum * 10::numeric ^ rs) || hw(grsum * 10::numeric ^ rs)
                                  ELSE xsum_hex(rfsum) || xsum_hex(grfsum) END
                       || hw(qsum * 10::numeric ^ qs),
               'body', CASE WHEN flags & 1 = 1 THEN (SELECT ids_hex(array_agg(c)) FROM o) ELSE '' END
                       || CASE WHEN flags & 2 = 2 THEN
                              (SELECT orders_hex(array_agg(rk), array_agg(qv), array_agg(ds), array_agg(cnt))
                               FROM (SELECT CASE rkind WHEN 1 THEN k128(r * 10::numeric ^ rs) ELSE kf(rf) END AS rk,
                                            q * 10::numeric ^ qs AS qv, CASE rkind WHEN 1 THEN scale(r) END AS ds,
                                            count(*) AS cnt
                                     FROM o GROUP BY 1, 2, 3) g)
                          ELSE '' END)
    FROM s $$;

-- The helpers against values worked out by hand from the definitions
SELECT * FROM (VALUES
    ('vi(0)', vi(0), '00'), ('vi(127)', vi(127), '7f'), ('vi(128)', vi(128), '8001'),
    ('vi(300)', vi(300), 'ac02'), ('vi(2^64 - 1)', vi(18446744073709551615), 'ffffffffffffffffff01'),
    ('vi(2^128 - 1)', vi(340282366920938463463374607431768211455), repeat('ff', 18) || '03'),
    ('vi(-1)', vi(-1), NULL), ('vi(2^128)', vi(340282366920938463463374607431768211456), NULL),
    ('zz', concat_ws(',', zz(0), zz(-1), zz(1), zz(-2), zz(2)), '0,1,2,3,4'),
    ('kf(0), kf(-0)', kf(0) || ',' || kf('-0'), '9223372036854775808,9223372036854775808'),
    -- 0xbff0000000000000 and 0x400fffffffffffff
    ('kf(1), kf(-1)', kf(1) || ',' || kf(-1), '13830554455654793216,4616189618054758399'),
    ('k64', k64(-9223372036854775808) || ',' || k64(9223372036854775807), '0,18446744073709551615'),
    ('h16', h16(-2) || ',' || h16(170141183460469231731687303715884105727),
     repeat('f', 31) || 'e,7' || repeat('f', 31)),
    ('hw(2^127)', hw(170141183460469231731687303715884105728), '8' || repeat('0', 31) || h8(1)),
    ('hw(-1)', hw(-1), repeat('f', 32) || h8(0)),
    -- 1.25 = 5 * 2^-2, the smallest subnormal is 2^-1074, the smallest normal 2^-1022
    ('f8units', concat_ws(',', f8units(1.25) = 5 * 2::numeric ^ 1072, f8units(-5e-324), f8units(0),
                          f8units(2.2250738585072014e-308)), 't,-1,0,4503599627370496'),
    ('xsum(-1 unit)', xsum_hex(-1), repeat('00000000ffffffff', 71) || h8(-1)),
    ('xsum(1.25)', xsum_hex(f8units(1.25)), repeat(h8(0), 33) || h8(5 << 16) || repeat(h8(0), 38)),
    ('run', run_hex(ARRAY[300, 5, 6], ARRAY[1, 2, 130]), '03' || '05' || '01' || '00' || '8101' || 'a502' || '00'),
    ('ids', ids_hex(ARRAY[7, -3, 7, NULL]), '02' || 'fdffffffffffffff7f' || '09'),
    ('orders', orders_hex(ARRAY[10, 10, 12], ARRAY[1, -1, 0], ARRAY[2, 0, 1], ARRAY[1, 1, 3]),
     '03' || '0a' || '01' || '00' || '00' || '00' || '02' || '02' || '00' || '02' || '00' || '01' || '02')
) c(name, got, want)
WHERE got IS DISTINCT FROM want;
-- kf orders doubles as they compare
SELECT x, kf(x) AS key, y, kf(y) AS next_key
FROM (SELECT x, lead(x) OVER (ORDER BY x) AS y
      FROM unnest(ARRAY['-1.7976931348623157e308', -1, -5e-324, 0, 5e-324, 2.2250738585072014e-308, 1, 1.5,
                        '1.7976931348623157e308']::float8[]) x) s
WHERE y IS NOT NULL AND kf(x) >= kf(y);

-- ---------------------------------------------------------------------
-- The documented layouts: what the aggregates write, against the bytes
-- built from the definitions
-- ---------------------------------------------------------------------

-- the state of aov_breakdown(numeric, integer): detail without customers
CREATE AGGREGATE test_detail(numeric, integer) (SFUNC = _aov_breakdown_add, STYPE = aov_summary);
CREATE TEMP TABLE layout (name text, got text, want text);

-- aov_sample of float8: version 2, kind 2, reserved u16, scale 0, display
-- scale 0, reserved i32, low 0.1, high 0.1, no NaN or infinities; then
-- the run: 2 values, -2.5 (its key whole) and 1.0 (its step from -2.5
-- less one), each once (count less one: 0).  NULLs are skipped.
INSERT INTO layout
SELECT 'sample float8', test_sample(x, 0.1)::text,
       '02' || '02' || '0000' || h4(0) || h4(0) || h4(0) || hf(0.1) || hf(0.1) || h8(0) || h8(0) || h8(0)
       || '02' || vi(kf(-2.5)) || '00' || vi(kf(1.0) - kf(-2.5) - 1) || '00'
FROM (VALUES (1.0::float8), (-2.5), (NULL)) v(x);
-- special values are counted, not stored; -0 is 0
INSERT INTO layout
SELECT 'sample float8 specials', test_sample(x, 0, 0.25)::text,
       sample_hex(jsonb_build_object('kind', 2, 'low', 0, 'high', 0.25, 'nan', 1, 'pinf', 2, 'ninf', 1,
                                     'body', run_hex(ARRAY[kf(0), kf(0.125)], ARRAY[2, 1])))
FROM (VALUES ('NaN'::float8), ('Infinity'), (0.125), ('-Infinity'), ('Infinity'), ('-0'), (0)) v(x);
-- numeric: integers at the most decimals a value needs (scale 2, for
-- -2.25), display scale the largest seen (3, of 0.500); 1.5 and 1.50 are
-- one value
INSERT INTO layout
SELECT 'sample numeric', test_sample(x, 0.1, 0.25)::text,
       sample_hex(jsonb_build_object('kind', 1, 'scale', 2, 'dscale', 3, 'low', 0.1, 'high', 0.25,
                                     'nan', 1, 'pinf', 1, 'ninf', 2,
                                     'body', run_hex(ARRAY[k128(-225), k128(50), k128(150), k128(300)], ARRAY[1, 1, 2, 1])))
FROM (VALUES (1.5), ('NaN'), (-2.25), ('Infinity'), (3), ('-Infinity'), ('-Infinity'), (1.50), (0.500)) v(x);
-- numeric near the int128 limits: keys and steps of 18 and 19 bytes (0.0
-- is 0, its display scale 1)
INSERT INTO layout
SELECT 'sample numeric wide', test_sample(x, 0.1)::text,
       sample_hex(jsonb_build_object('kind', 1, 'dscale', 1, 'low', 0.1, 'high', 0.1,
                  'body', run_hex(ARRAY[k128(-99999999999999999999999999999999999999), k128(0),
                                        k128(99999999999999999999999999999999999999)], ARRAY[1, 2, 1])))
FROM (VALUES (99999999999999999999999999999999999999), (0), (-99999999999999999999999999999999999999), (0.0)) v(x);
-- bigint: kind 3; the int64 extremes are the keys 0 and 2^64 - 1
INSERT INTO layout
SELECT 'sample bigint', test_sample(x, 0.2)::text,
       sample_hex(jsonb_build_object('kind', 3, 'low', 0.2, 'high', 0.2,
                  'body', run_hex(ARRAY[0, k64(-1), k64(4611686018427387904), 18446744073709551615], ARRAY[1, 2, 1, 1])))
FROM (VALUES (-1::bigint), (4611686018427387904), (-9223372036854775808), (-1), (9223372036854775807)) v(x);
-- integer: the same kind
INSERT INTO layout
SELECT 'sample integer', test_sample(x, 0.2)::text,
       sample_hex(jsonb_build_object('kind', 3, 'low', 0.2, 'high', 0.2,
                  'body', run_hex(ARRAY[k64(-2147483648), k64(7), k64(2147483647)], ARRAY[1, 1, 1])))
FROM (VALUES (7), (2147483647), (-2147483648)) v(x);
-- only NULLs: an empty run
INSERT INTO layout
SELECT 'sample empty', test_sample(x, 0.1)::text,
       sample_hex('{"kind": 1, "low": 0.1, "high": 0.1, "body": "00"}')
FROM (VALUES (NULL::numeric)) v(x);

-- aov_counts of numeric: version 2, kind 1, reserved u16, scale 2, k 3,
-- display scale 3, one NaN; then the run: 0.50 (its key whole, once), 1.50
-- (step 99, twice: count less one 1), 2.25 (step 74, once)
INSERT INTO layout
SELECT 'counts numeric', test_counts(x, 3)::text,
       '02' || '01' || '0000' || h4(2) || h4(3) || h4(3) || h8(1) || h8(0) || h8(0)
       || '03' || vi(k128(50)) || '00' || vi(99) || '01' || vi(74) || '00'
FROM (VALUES (1.5), (2.25), (1.50), ('NaN'), (0.500)) v(x);
-- float8: in value order (-1.5 first), -0 counted as 0
INSERT INTO layout
SELECT 'counts float8', test_counts(x, 2)::text,
       counts_hex(jsonb_build_object('kind', 2, 'k', 2, 'pinf', 1,
                                     'body', run_hex(ARRAY[kf(-1.5), kf(0), kf(2)], ARRAY[1, 2, 1])))
FROM (VALUES ('-0'::float8), (0), (-1.5), ('Infinity'), (2)) v(x);
-- the float8 extremes: the largest and smallest magnitudes
INSERT INTO layout
SELECT 'counts float8 extremes', test_counts(x, 4)::text,
       counts_hex(jsonb_build_object('kind', 2, 'k', 4,
                  'body', run_hex(ARRAY[kf(-1.7976931348623157e308), kf(-5e-324), kf(5e-324), kf(1.7976931348623157e308)],
                                  ARRAY[2, 1, 1, 2])))
FROM (VALUES ('1.7976931348623157e308'::float8), (-5e-324), (5e-324), ('-1.7976931348623157e308'),
             ('1.7976931348623157e308'), ('-1.7976931348623157e308')) v(x);
INSERT INTO layout
SELECT 'counts integer', test_counts(x, 1)::text,
       counts_hex(jsonb_build_object('kind', 3, 'k', 1, 'body', run_hex(ARRAY[k64(-3), k64(5)], ARRAY[1, 2])))
FROM (VALUES (5), (-3), (5)) v(x);

-- aov_summary without customers or detail: version 2, flags 0, numeric
-- revenue (1), integer items (3), revenue scale 2 and display scale 2,
-- items scales 0, reserved, trim 0; 2 orders (a NULL revenue or items
-- skips the row), 1 with zero items, no guests or customers; the revenue
-- sum 375 (3.75), the guests' revenue 0 and the items sum 2, each an int128
-- and a carry
INSERT INTO layout
SELECT 'summary compact', aov_summary(r, q)::text,
       '02' || '00' || '01' || '03' || h4(2) || h4(2) || h4(0) || h4(0) || h4(0) || hf(0)
       || h8(2) || h8(1) || h8(0) || h8(0) || h16(375) || h8(0) || h16(0) || h8(0) || h16(2) || h8(0)
FROM (VALUES (1.50, 2), (2.25, 0), (NULL, 1), (7, NULL)) v(r, q);
-- with customer ids: flag 1; 5 orders, 1 of a guest (NULL customer), 3
-- customers; then the customer run: 3 ids, -3 (its key whole), 0 (step 2)
-- and 7 (step 6)
INSERT INTO layout
SELECT 'summary customers', aov_summary(r, q, c)::text,
       summary_hex(jsonb_build_object('flags', 1, 'rkind', 1, 'ikind', 3, 'rscale', 2, 'rdscale', 2,
                   'orders', 5, 'zero', 1, 'guests', 1, 'customers', 3, 'sums', hw(825) || hw(225) || hw(8),
                   'body', '03' || vi(k64(-3)) || vi(2) || vi(6)))
FROM (VALUES (1.50, 2, 7), (2.25, 0, NULL), (3, 1, 7), (0.5, 4, -3), (1, 1, 0), (NULL, 1, 5)) v(r, q, c);
-- with detail: flag 2 and the trim; after the customer run the order run:
-- 7 distinct orders in (revenue, items, display scale) order, each its
-- revenue key (whole, then the step, 0 when the revenue repeats), the
-- zigzag of its items, its display scale and its count less one
INSERT INTO layout
SELECT 'summary full', aov_summary(r, q, c, 0.1)::text,
       summary_hex(jsonb_build_object('flags', 3, 'rkind', 1, 'ikind', 3, 'rscale', 2, 'rdscale', 2, 'trim', 0.1,
                   'orders', 8, 'zero', 1, 'guests', 2, 'customers', 4, 'sums', hw(1075) || hw(125) || hw(13),
                   'body', '04' || vi(k64(-3)) || vi(9) || '00' || '00'
                           || '07' || vi(k128(-100)) || vi(1) || '02' || '00'   -- -1.00, items -1
                                   || vi(150) || vi(8) || '01' || '00'          -- 0.5, items 4
                                   || vi(100) || vi(4) || '01' || '00'          -- 1.5, items 2
                                   || '00' || vi(4) || '02' || '01'             -- 1.50, items 2, twice
                                   || '00' || vi(6) || '02' || '00'             -- 1.50, items 3
                                   || vi(75) || vi(0) || '02' || '00'           -- 2.25, items 0
                                   || vi(75) || vi(2) || '00' || '00'))         -- 3, items 1
FROM (VALUES (1.50, 2, 7), (2.25, 0, NULL), (3, 1, 7), (0.5, 4, -3), (1.5, 2, 8), (1.50, 2, 9), (1.50, 3, 9),
             (-1.00, -1, NULL)) v(r, q, c);
-- an exact sum beyond int128: two revenues of 10^38 - 1 sum to
-- 2^128 + (2 * 10^38 - 2 - 2^128), carry 1
INSERT INTO layout
SELECT 'summary wide sum', aov_summary(r, q)::text,
       summary_hex(jsonb_build_object('flags', 0, 'rkind', 1, 'ikind', 3, 'orders', 2,
                   'sums', h16(199999999999999999999999999999999999998 - 340282366920938463463374607431768211456) || h8(1)
                           || hw(0) || hw(2)))
FROM (VALUES (99999999999999999999999999999999999999, 1), (99999999999999999999999999999999999999, 1)) v(r, q);
-- float8 revenue: each sum 72 chunks; 1.5 - 0.25 = 1.25, chunk 33 holding
-- 5 * 2^16 (weight 2^(32 * 33 - 1074) = 2^-18)
INSERT INTO layout
SELECT 'summary float8 compact', aov_summary(r, q)::text,
       summary_hex(jsonb_build_object('flags', 0, 'rkind', 2, 'ikind', 3, 'orders', 2,
                   'sums', repeat(h8(0), 33) || h8(5 << 16) || repeat(h8(0), 38) || repeat(h8(0), 72) || hw(3)))
FROM (VALUES (1.5::float8, 1), (-0.25, 2)) v(r, q);

-- the same cases through the want_* functions, which the table-wide
-- comparisons below rely on
INSERT INTO layout
SELECT 'want: ' || name, got, want FROM (
    SELECT 'sample float8 specials' AS name, test_sample(x, 0, 0.25)::text AS got,
           sample_hex(want_float8(array_agg(x), '{"low": 0, "high": 0.25}')) AS want
    FROM (VALUES ('NaN'::float8), ('Infinity'), (0.125), ('-Infinity'), ('Infinity'), ('-0'), (0), (NULL)) v(x)
    UNION ALL
    SELECT 'sample numeric', test_sample(x, 0.1, 0.25)::text,
           sample_hex(want_numeric(array_agg(x), '{"low": 0.1, "high": 0.25}'))
    FROM (VALUES (1.5), ('NaN'), (-2.25), ('Infinity'), (3), ('-Infinity'), ('-Infinity'), (1.50), (0.500), (NULL)) v(x)
    UNION ALL
    SELECT 'sample bigint', test_sample(x, 0.2)::text, sample_hex(want_integer(array_agg(x), '{"low": 0.2, "high": 0.2}'))
    FROM (VALUES (-1::bigint), (4611686018427387904), (-9223372036854775808), (-1), (9223372036854775807)) v(x)
    UNION ALL
    SELECT 'sample empty', test_sample(x, 0.1)::text, sample_hex(want_numeric(array_agg(x), '{"low": 0.1, "high": 0.1}'))
    FROM (VALUES (NULL::numeric)) v(x)
    UNION ALL
    SELECT 'counts numeric', test_counts(x, 3)::text, counts_hex(want_numeric(array_agg(x), '{"k": 3}'))
    FROM (VALUES (1.5), (2.25), (1.50), ('NaN'), (0.500)) v(x)
    UNION ALL
    SELECT 'counts float8', test_counts(x, 2)::text, counts_hex(want_float8(array_agg(x), '{"k": 2}'))
    FROM (VALUES ('-0'::float8), (0), (-1.5), ('Infinity'), (2)) v(x)
    UNION ALL
    SELECT 'summary compact', aov_summary(r, q)::text,
           summary_hex(want_summary(array_agg(r), NULL, array_agg(q), NULL, 0, 1, 3))
    FROM (VALUES (1.50, 2), (2.25, 0), (NULL, 1), (7, NULL)) v(r, q)
    UNION ALL
    SELECT 'summary customers', aov_summary(r, q, c)::text,
           summary_hex(want_summary(array_agg(r), NULL, array_agg(q), array_agg(c), 1, 1, 3))
    FROM (VALUES (1.50, 2, 7), (2.25, 0, NULL), (3, 1, 7), (0.5, 4, -3), (1, 1, 0), (NULL, 1, 5)) v(r, q, c)
    UNION ALL
    SELECT 'summary full', aov_summary(r, q, c, 0.1)::text,
           summary_hex(want_summary(array_agg(r), NULL, array_agg(q), array_agg(c), 3, 1, 3, 0.1))
    FROM (VALUES (1.50, 2, 7), (2.25, 0, NULL), (3, 1, 7), (0.5, 4, -3), (1.5, 2, 8), (1.50, 2, 9), (1.50, 3, 9),
                 (-1.00, -1, NULL)) v(r, q, c)
    UNION ALL
    SELECT 'summary wide sum', aov_summary(r, q)::text,
           summary_hex(want_summary(array_agg(r), NULL, array_agg(q), NULL, 0, 1, 3))
    FROM (VALUES (99999999999999999999999999999999999999, 1), (99999999999999999999999999999999999999, 1)) v(r, q)
    UNION ALL
    SELECT 'summary float8 compact', aov_summary(r, q)::text,
           summary_hex(want_summary(NULL, array_agg(r), array_agg(q), NULL, 0, 2, 3))
    FROM (VALUES (1.5::float8, 1), (-0.25, 2)) v(r, q)) w;

-- more summaries through want_summary: detail without customers (the
-- state of aov_breakdown, default trim 0.05), numeric items (scale 2 for
-- 3.25, display scale 3 for 1.250), float8 revenue with detail (-0 is 0),
-- bigint revenue (numeric of scale 0)
INSERT INTO layout
SELECT name, got, want FROM (
    SELECT 'summary detail only' AS name, test_detail(r, q)::text AS got,
           summary_hex(want_summary(array_agg(r), NULL, array_agg(q), NULL, 2, 1, 3, 0.05)) AS want
    FROM (VALUES (19.99, 3), (5, 1), (19.99, 3), (0.10, 0), (-5.000, 1)) v(r, q)
    UNION ALL
    SELECT 'summary numeric items', aov_summary(r, q, c, 0.2)::text,
           summary_hex(want_summary(array_agg(r), NULL, array_agg(q), array_agg(c), 3, 1, 1, 0.2))
    FROM (VALUES (1, 1.250, 1), (2, 3.25, NULL), (2, -0.5, 2), (0.5, 0, 1), (2, 3.250, NULL)) v(r, q, c)
    UNION ALL
    SELECT 'summary float8', aov_summary(r, q, c, 0.1)::text,
           summary_hex(want_summary(NULL, array_agg(r), array_agg(q), array_agg(c), 3, 2, 3, 0.1))
    FROM (VALUES (1.5::float8, 2, 7), (-0.25, 1, NULL), (0.125, 0, 7), (1.5, 2, 7), ('-0', 3, 1), (0, 3, 1),
                 (5e-324, 1, NULL), ('1.7976931348623157e308', 1, 2)) v(r, q, c)
    UNION ALL
    SELECT 'summary bigint revenue', aov_summary(r, q, c, 0)::text,
           summary_hex(want_summary(array_agg(r::numeric), NULL, array_agg(q), array_agg(c), 3, 1, 3, 0))
    FROM (VALUES (9223372036854775807::bigint, 1, 9223372036854775807::bigint), (-9223372036854775808, 2, NULL),
                 (5, 0, -9223372036854775808), (5, 0, 1)) v(r, q, c)) w;

-- a version 1 value (aov_ext 0.3: src/sample.c, src/counts.c and
-- src/summary_format.c describe it) made into a state is written in
-- version 2.  A version 1 numeric order's display scale, not stored, is
-- the largest (at most the revenue display scale) that gives its stored
-- unit price: 2 for each order here.
INSERT INTO layout
SELECT 'sample version 1 merged',
       test_merge(sample_hex(jsonb_build_object('version', 1, 'kind', 1, 'scale', 2, 'dscale', 3, 'low', 0.1,
                  'high', 0.25, 'nan', 1, 'body', h8(3) || h16(150) || h16(-225) || h16(150)))::aov_sample)::text,
       sample_hex(jsonb_build_object('kind', 1, 'scale', 2, 'dscale', 3, 'low', 0.1, 'high', 0.25, 'nan', 1,
                  'body', run_hex(ARRAY[k128(-225), k128(150)], ARRAY[1, 2])))
UNION ALL
SELECT 'counts version 1 merged',
       test_merge(counts_hex(jsonb_build_object('version', 1, 'kind', 2, 'k', 2, 'pinf', 1,
                  'body', h8(3) || hf(-1.5) || h8(1) || hf(0) || h8(2) || hf(2) || h8(1)))::aov_counts)::text,
       counts_hex(jsonb_build_object('kind', 2, 'k', 2, 'pinf', 1,
                  'body', run_hex(ARRAY[kf(-1.5), kf(0), kf(2)], ARRAY[1, 2, 1])))
UNION ALL
SELECT 'summary version 1 rolled up',
       aov_rollup(summary_hex(jsonb_build_object('version', 1, 'flags', 3, 'rkind', 1, 'ikind', 3, 'rscale', 2,
                  'rdscale', 2, 'trim', 0.1, 'orders', 4, 'zero', 1, 'guests', 1, 'customers', 2,
                  'sums', hw(725) || hw(225) || hw(7),
                  'body', h8(-3) || h8(7)
                          || h4(2) || h4(2) || h8(4) || h16(150) || h16(225) || h16(300) || h16(50)
                          || h4(0) || h4(0) || h8(4) || h8(2) || h8(0) || h8(1) || h8(4)
                          || h4(6) || h4(2) || h8(3) || h16(750000) || h16(3000000) || h16(125000)))::aov_summary)::text,
       summary_hex(jsonb_build_object('flags', 3, 'rkind', 1, 'ikind', 3, 'rscale', 2, 'rdscale', 2, 'trim', 0.1,
                  'orders', 4, 'zero', 1, 'guests', 1, 'customers', 2, 'sums', hw(725) || hw(225) || hw(7),
                  'body', ids_hex(ARRAY[-3, 7])
                          || orders_hex(ARRAY[k128(50), k128(150), k128(225), k128(300)], ARRAY[4, 2, 0, 1],
                                        ARRAY[2, 2, 2, 2], ARRAY[1, 1, 1, 1])));

-- uuid and text customer ids: the id kind (1, 2) in byte 20 (the h4 of
-- kind * 2^24) and the ids of the orders not skipped as keys_hex runs;
-- the rest as for bigint ids.
-- Text ids that are prefixes of each other, the empty id and a multibyte
-- one; with detail, the order run follows the ids.
INSERT INTO layout
SELECT name, got, want FROM (
    SELECT 'summary uuid customers' AS name, aov_summary(r, q, md5(c::text)::uuid)::text AS got,
           summary_hex(want_summary(array_agg(r), NULL, array_agg(q), array_agg(c), 1, 1, 3)
                       || jsonb_build_object('reserved', 16777216,
                                             'body', keys_hex(array_agg(uuid_send(md5(c::text)::uuid))
                                                                      FILTER (WHERE r IS NOT NULL AND q IS NOT NULL), 16))) AS want
    FROM (VALUES (1.50, 2, 7), (2.25, 0, NULL), (3, 1, 7), (0.5, 4, -3), (1, 1, 0), (NULL, 1, 5)) v(r, q, c)
    UNION ALL
    SELECT 'summary text customers', aov_summary(r, q, t)::text,
           summary_hex(want_summary(array_agg(r), NULL, array_agg(q), array_agg(c), 1, 1, 3)
                       || jsonb_build_object('reserved', 2 * 16777216,
                                             'body', keys_hex(array_agg(convert_to(t, 'UTF8')), 0)))
    FROM (VALUES (1.50, 2, 'ab', 1), (2.25, 0, NULL, NULL), (3, 1, 'abc', 2), (0.5, 4, '', 3), (1, 1, 'ab', 1),
                 (2, 1, 'b', 4), (4, 2, '客户', 5), (4, 2, 'abd', 6)) v(r, q, t, c)
    UNION ALL
    SELECT 'summary text customers with detail', aov_summary(r, q, t, 0.1)::text,
           summary_hex(want_summary(array_agg(r), NULL, array_agg(q), array_agg(c), 3, 1, 3, 0.1)
                       || jsonb_build_object('reserved', 2 * 16777216,
                                             'body', keys_hex(array_agg(convert_to(t, 'UTF8')), 0)
                                                     || substr(want_summary(array_agg(r), NULL, array_agg(q), array_agg(c),
                                                                            3, 1, 3, 0.1)->>'body',
                                                               length(ids_hex(array_agg(c))) + 1)))
    FROM (VALUES (1.50, 2, 'x1', 1), (2.25, 0, NULL, NULL), (3, 1, 'x1', 1), (0.5, 4, 'x10', 2)) v(r, q, t, c)) w;
-- the helper itself, against bytes worked out by hand: 3 ids 'a' (0
-- shared, 1 more, 61), 'ab' (1, 1, 62), 'b' (0, 1, 62)
SELECT keys_hex(ARRAY['ab', 'a', 'b', 'a', NULL]::bytea[], 0) AS text_run,
       keys_hex(ARRAY['ab', 'a', 'b', 'a', NULL]::bytea[], 0) = '03' || '000161' || '010162' || '000162' AS as_worked_out;

SELECT name, got, want FROM layout WHERE got IS DISTINCT FROM want ORDER BY name;
SELECT count(*) AS layouts_checked FROM layout;
-- upper-case hex is read too
SELECT got, upper(got)::aov_sample::text AS read_back FROM layout
WHERE name = 'sample numeric' AND upper(got)::aov_sample::text <> got;

-- ---------------------------------------------------------------------
-- Stored states: their bytes, round trips, and final functions on stored
-- (flat) values
-- ---------------------------------------------------------------------

-- about 1,000 groups of about 20 rows (g2 of t_rand), one with special
-- values (1001) and one with a single row (1002)
CREATE TEMP TABLE st_rows AS
SELECT g2 AS g, num, nm, f, b, i FROM t_rand
UNION ALL
SELECT 1001, x::numeric, x::numeric, x, 1, 1
FROM (VALUES ('NaN'::float8), ('Infinity'), ('-Infinity'), (1.5), (-2)) v(x)
UNION ALL
SELECT 1002, 1.5, 0.001, 1.5, 1, 1;
-- their states, kept in the row (toast_tuple_target: the row holds the
-- eleven states), most small enough for a 1-byte header
CREATE TEMP TABLE st WITH (toast_tuple_target = 8160) AS
SELECT g, test_sample(num, 0.1) AS s_num, test_sample(nm, 0.25) AS s_nm, test_sample(f, 0.05) AS s_f,
       test_sample(b, 0.1) AS s_b, test_sample(i, 0) AS s_i, test_sample(num, 0.2, 0.1) AS s_asym,
       test_counts(num, 5) AS c_num, test_counts(nm, 5) AS c_nm, test_counts(f, 5) AS c_f,
       test_counts(b, 5) AS c_b, test_counts(i, 5) AS c_i
FROM st_rows GROUP BY g;
SELECT count(*) AS states, count(*) FILTER (WHERE pg_column_size(s_f) < 127) > 0 AS some_short,
       (SELECT pg_relation_size(reltoastrelid) = 0 FROM pg_class WHERE oid = 'st'::regclass) AS none_toasted
FROM st;

-- every state as (group, column, text, send)
CREATE TEMP TABLE st_hex AS
SELECT g, col, typ, hex, sent
FROM st, LATERAL (VALUES
    ('s_num', 'aov_sample', s_num::text, _aov_sample_send(s_num)),
    ('s_nm', 'aov_sample', s_nm::text, _aov_sample_send(s_nm)),
    ('s_f', 'aov_sample', s_f::text, _aov_sample_send(s_f)),
    ('s_b', 'aov_sample', s_b::text, _aov_sample_send(s_b)),
    ('s_i', 'aov_sample', s_i::text, _aov_sample_send(s_i)),
    ('s_asym', 'aov_sample', s_asym::text, _aov_sample_send(s_asym)),
    ('c_num', 'aov_counts', c_num::text, _aov_counts_send(c_num)),
    ('c_nm', 'aov_counts', c_nm::text, _aov_counts_send(c_nm)),
    ('c_f', 'aov_counts', c_f::text, _aov_counts_send(c_f)),
    ('c_b', 'aov_counts', c_b::text, _aov_counts_send(c_b)),
    ('c_i', 'aov_counts', c_i::text, _aov_counts_send(c_i))) x(col, typ, hex, sent);

-- the bytes of the states of groups 1 to 50, 1001 and 1002, against the
-- ones built from their rows
CREATE TEMP TABLE st_want AS
SELECT g, col, want
FROM (SELECT g, sample_hex(want_numeric(array_agg(num), '{"low": 0.1, "high": 0.1}')) AS s_num,
             sample_hex(want_numeric(array_agg(nm), '{"low": 0.25, "high": 0.25}')) AS s_nm,
             sample_hex(want_float8(array_agg(f), '{"low": 0.05, "high": 0.05}')) AS s_f,
             sample_hex(want_integer(array_agg(b), '{"low": 0.1, "high": 0.1}')) AS s_b,
             sample_hex(want_integer(array_agg(i), '{"low": 0, "high": 0}')) AS s_i,
             sample_hex(want_numeric(array_agg(num), '{"low": 0.2, "high": 0.1}')) AS s_asym,
             counts_hex(want_numeric(array_agg(num), '{"k": 5}')) AS c_num,
             counts_hex(want_numeric(array_agg(nm), '{"k": 5}')) AS c_nm,
             counts_hex(want_float8(array_agg(f), '{"k": 5}')) AS c_f,
             counts_hex(want_integer(array_agg(b), '{"k": 5}')) AS c_b,
             counts_hex(want_integer(array_agg(i), '{"k": 5}')) AS c_i
      FROM st_rows WHERE g <= 50 OR g > 1000 GROUP BY g) w,
     LATERAL (VALUES ('s_num', s_num), ('s_nm', s_nm), ('s_f', s_f), ('s_b', s_b), ('s_i', s_i),
                     ('s_asym', s_asym), ('c_num', c_num), ('c_nm', c_nm), ('c_f', c_f), ('c_b', c_b),
                     ('c_i', c_i)) x(col, want);
SELECT count(*) AS states_checked FROM st_want JOIN st_hex USING (g, col);
SELECT g, col, hex AS got, want FROM st_hex JOIN st_want USING (g, col) WHERE hex IS DISTINCT FROM want;

-- text: input(output(x)) = x; binary: send() gives the bytes of the text
SELECT g, col, hex, sent FROM st_hex
WHERE CASE typ WHEN 'aov_sample' THEN hex::aov_sample::text ELSE hex::aov_counts::text END <> hex
   OR sent <> decode(hex, 'hex');
-- the text form does not depend on extra_float_digits
SET extra_float_digits = -15;
SELECT g, col, hex, x.now
FROM st CROSS JOIN LATERAL (VALUES ('s_f', s_f::text), ('c_f', c_f::text), ('s_asym', s_asym::text)) x(col, now)
JOIN st_hex USING (g, col)
WHERE x.now <> hex;
RESET extra_float_digits;

-- COPY (FORMAT binary) out and back in goes through send and recv
CREATE TEMP TABLE st_copy (LIKE st) WITH (toast_tuple_target = 8160);
CALL copy_binary('st', 'st_copy');
SELECT g, col, hex, x.copied
FROM st_copy c
JOIN LATERAL (VALUES ('s_num', s_num::text), ('s_nm', s_nm::text), ('s_f', s_f::text), ('s_b', s_b::text),
                     ('s_i', s_i::text), ('s_asym', s_asym::text), ('c_num', c_num::text), ('c_nm', c_nm::text),
                     ('c_f', c_f::text), ('c_b', c_b::text), ('c_i', c_i::text)) x(col, copied) ON true
FULL JOIN st_hex USING (g, col)
WHERE x.copied IS DISTINCT FROM hex;

-- final functions on the stored states give what the aggregates give
WITH a AS (
    SELECT g, aov_trimmed_mean(num, 0.1) AS num, aov_trimmed_mean(nm, 0.25) AS nm,
           aov_trimmed_mean(f, 0.05) AS f, aov_trimmed_mean(b, 0.1) AS b, aov_trimmed_mean(i, 0) AS i,
           aov_trimmed_mean(num, 0.2, 0.1) AS asym,
           aov_top_values(num, 5) AS t_num, aov_top_values(nm, 5) AS t_nm, aov_top_values(f, 5) AS t_f,
           aov_top_values(b, 5) AS t_b, aov_top_values(i, 5) AS t_i
    FROM st_rows GROUP BY g)
SELECT g, col, got, want
FROM st_copy JOIN a USING (g), LATERAL (VALUES
    ('s_num', _aov_sample_trimmed_mean_numeric(s_num)::text, a.num::text),
    ('s_nm', _aov_sample_trimmed_mean_numeric(s_nm)::text, a.nm::text),
    ('s_f', _aov_sample_trimmed_mean_float8(s_f)::text, a.f::text),
    ('s_b', _aov_sample_trimmed_mean_float8(s_b)::text, a.b::text),
    ('s_i', _aov_sample_trimmed_mean_float8(s_i)::text, a.i::text),
    ('s_asym', _aov_sample_trimmed_mean_numeric(s_asym)::text, a.asym::text),
    ('c_num', _aov_counts_top_numeric(c_num)::text, a.t_num::text),
    ('c_nm', _aov_counts_top_numeric(c_nm)::text, a.t_nm::text),
    ('c_f', _aov_counts_top_float8(c_f)::text, a.t_f::text),
    ('c_b', _aov_counts_top_bigint(c_b)::text, a.t_b::text),
    ('c_i', _aov_counts_top_bigint(c_i)::text, a.t_i::text)) x(col, got, want)
WHERE got IS DISTINCT FROM want;
-- the special group in plain SQL: a NaN makes the mean NaN; the counts
-- rank by count, then -Infinity, finite values, +Infinity, NaN
SELECT _aov_sample_trimmed_mean_float8(s_f) AS f, _aov_sample_trimmed_mean_numeric(s_num) AS num,
       _aov_counts_top_float8(c_f) AS top
FROM st_copy WHERE g = 1001
  AND NOT (_aov_sample_trimmed_mean_float8(s_f) = 'NaN' AND _aov_sample_trimmed_mean_numeric(s_num) = 'NaN'
           AND _aov_counts_top_float8(c_f)::text
               = '{"(-Infinity,1,0.2)","(-2,1,0.2)","(1.5,1,0.2)","(Infinity,1,0.2)","(NaN,1,0.2)"}');
-- a final function leaves the stored state as it was
SELECT g, col, hex FROM st_hex JOIN st USING (g)
WHERE col = 's_num' AND (_aov_sample_trimmed_mean_numeric(s_num) IS DISTINCT FROM
                         _aov_sample_trimmed_mean_numeric(s_num::text::aov_sample) OR s_num::text <> hex);

-- states of 2,800 to 6,900 rows, 1 to 36 kB, too large for the row
-- together: compressed, the largest (the counts of cents) stored out of
-- line (TOAST); they read back the same: the bytes of the samples against
-- the ones built from the rows, those of the counts against a state never
-- stored; their final values
CREATE TEMP TABLE st_big AS
SELECT g, test_sample(num, 0.1) AS s_num, test_sample(f, 0.05) AS s_f, test_counts(fc, 5) AS c_fc
FROM t_rand GROUP BY g;
SELECT count(*) AS groups, min(octet_length(_aov_counts_send(c_fc))) > 8160 AS large,
       bool_and(pg_column_compression(s_num) IS NOT NULL AND pg_column_compression(s_f) IS NOT NULL
                AND pg_column_compression(c_fc) IS NOT NULL) AS compressed,
       (SELECT pg_relation_size(reltoastrelid) > 0 FROM pg_class WHERE oid = 'st_big'::regclass) AS toasted
FROM st_big;
SELECT g, col, got, want
FROM st_big
JOIN (SELECT g, sample_hex(want_numeric(array_agg(num), '{"low": 0.1, "high": 0.1}')) AS w_num,
             sample_hex(want_float8(array_agg(f), '{"low": 0.05, "high": 0.05}')) AS w_f,
             test_counts(fc, 5)::text AS w_fc
      FROM t_rand GROUP BY g) w USING (g),
LATERAL (VALUES ('s_num', s_num::text, w_num), ('s_f', s_f::text, w_f), ('c_fc', c_fc::text, w_fc),
                ('s_num text', s_num::text::aov_sample::text, w_num),
                ('c_fc send', encode(_aov_counts_send(c_fc), 'hex'), w_fc)) x(col, got, want)
WHERE got IS DISTINCT FROM want;
SELECT g, col, got, want
FROM st_big
JOIN (SELECT g, aov_trimmed_mean(num, 0.1) AS num, aov_trimmed_mean(f, 0.05) AS f,
             aov_top_values(fc, 5) AS t_fc FROM t_rand GROUP BY g) a USING (g),
LATERAL (VALUES ('s_num', _aov_sample_trimmed_mean_numeric(s_num)::text, a.num::text),
                ('s_f', _aov_sample_trimmed_mean_float8(s_f)::text, a.f::text),
                ('c_fc', _aov_counts_top_float8(c_fc)::text, a.t_fc::text)) x(col, got, want)
WHERE got IS DISTINCT FROM want;
-- merged, the stored states are the state of all the rows
SELECT merged, one_pass
FROM (SELECT test_merge(s_num ORDER BY g DESC)::text AS merged FROM st_big) m,
     (SELECT test_sample(num, 0.1)::text AS one_pass FROM t_rand) o
WHERE merged IS DISTINCT FROM one_pass;

-- a state that compresses (a run of 3,000 consecutive integers: each a
-- step of 0 and a count of 1, 2 zero bytes) is stored compressed in the
-- row, and reads back the same
CREATE TEMP TABLE st_comp AS
SELECT test_sample(x, 0.1) AS s, test_counts(x, 3) AS c FROM generate_series(1, 3000) x;
SELECT pg_column_compression(s) IS NOT NULL AS sample_compressed, pg_column_size(s) < 1000 AS sample_small,
       pg_column_compression(c) IS NOT NULL AS counts_compressed,
       (SELECT pg_relation_size(reltoastrelid) = 0 FROM pg_class WHERE oid = 'st_comp'::regclass) AS in_the_row
FROM st_comp;
SELECT s::text AS got, want
FROM st_comp, (SELECT sample_hex(jsonb_build_object('kind', 3, 'low', 0.1, 'high', 0.1,
                      'body', vi(3000) || vi(k64(1)) || '00' || repeat('0000', 2999))) AS want) w
WHERE s::text IS DISTINCT FROM want;
-- the trimmed mean: 300 values cut at each end, the mean of 301 to 2700
SELECT _aov_sample_trimmed_mean_float8(s) AS got, ref.avg AS want
FROM st_comp, (SELECT avg(x)::float8 AS avg FROM generate_series(301, 2700) x) ref
WHERE _aov_sample_trimmed_mean_float8(s) IS DISTINCT FROM ref.avg;
-- every value once: the top 3 are the smallest, share 1/3000 each
SELECT _aov_counts_top_bigint(c) AS got FROM st_comp
WHERE _aov_counts_top_bigint(c)::text
      <> (SELECT array_agg(row(x::bigint, 1::bigint, 1 / 3000::float8)::aov_top_bigint ORDER BY x)::text
          FROM generate_series(1, 3) x);

-- ---------------------------------------------------------------------
-- Canonical forms: the same multiset gives the same bytes, whatever the
-- row order or the split of the rows (the split: below)
-- ---------------------------------------------------------------------

-- 5,000 rows in two orders

SELECT name, a, b FROM (
    SELECT 'counts numeric' AS name, (SELECT test_counts(num, 5 ORDER BY num) FROM t_rand WHERE id <= 5000)::text AS a,
           (SELECT test_counts(num, 5 ORDER BY num DESC) FROM t_rand WHERE id <= 5000)::text AS b
    UNION ALL
    SELECT 'counts float8', (SELECT test_counts(f, 5 ORDER BY id) FROM t_rand WHERE id <= 5000)::text,
           (SELECT test_counts(f, 5 ORDER BY md5(id::text)) FROM t_rand WHERE id <= 5000)::text
    UNION ALL
    SELECT 'sample numeric', (SELECT test_sample(nm, 0.1 ORDER BY id) FROM t_rand WHERE id <= 5000)::text,
           (SELECT test_sample(nm, 0.1 ORDER BY md5(id::text)) FROM t_rand WHERE id <= 5000)::text
    UNION ALL
    SELECT 'sample float8', (SELECT test_sample(f, 0.1 ORDER BY f DESC) FROM t_rand WHERE id <= 5000)::text,
           (SELECT test_sample(f, 0.1 ORDER BY md5(id::text)) FROM t_rand WHERE id <= 5000)::text
    UNION ALL
    SELECT 'sample bigint', (SELECT test_sample(b, 0.1 ORDER BY id DESC) FROM t_rand WHERE id <= 5000)::text,
           (SELECT test_sample(b, 0.1 ORDER BY md5(id::text)) FROM t_rand WHERE id <= 5000)::text
    UNION ALL
    SELECT 'summary detail', (SELECT aov_summary(nm, (id % 5)::int - 1, id % 97, 0.1 ORDER BY id) FROM t_rand WHERE id <= 5000)::text,
           (SELECT aov_summary(nm, (id % 5)::int - 1, id % 97, 0.1 ORDER BY md5(id::text)) FROM t_rand WHERE id <= 5000)::text
    UNION ALL
    SELECT 'summary float8', (SELECT aov_summary(f, (id % 5)::int, id % 97, 0.1 ORDER BY id DESC) FROM t_rand WHERE id <= 5000)::text,
           (SELECT aov_summary(f, (id % 5)::int, id % 97, 0.1 ORDER BY md5(id::text)) FROM t_rand WHERE id <= 5000)::text) c
WHERE a IS DISTINCT FROM b;

-- A trim fraction of -0 is 0: the rows of a group may give -0 and 0 (equal,
-- so accepted as the same trim), and the state's bytes must not depend on
-- which came first.  Expected: the bytes of trim 0 either way.
SELECT name, a, b FROM (
    SELECT 'rows with -0 and 0, in either order' AS name,
           (SELECT test_sample(x, t ORDER BY x) FROM (VALUES (1.0::float8, '-0'::float8), (2, 0)) v(x, t))::text AS a,
           (SELECT test_sample(x, t ORDER BY x DESC) FROM (VALUES (1.0::float8, '-0'::float8), (2, 0)) v(x, t))::text AS b
    UNION ALL
    SELECT 'trim -0 and trim 0', (SELECT test_sample(x, '-0'::float8) FROM (VALUES (1.0::float8), (2)) v(x))::text,
           (SELECT test_sample(x, 0) FROM (VALUES (1.0::float8), (2)) v(x))::text) c
WHERE a IS DISTINCT FROM b;

-- ---------------------------------------------------------------------
-- Random split-and-merge: rows go to random partitions, one state per
-- partition (some partitions hold only NULLs, some are missing and give a
-- NULL state), states are merged in random orders; the result equals one
-- pass, and so do the merged bytes
-- ---------------------------------------------------------------------

-- 200 partitions per group, stored in the row
CREATE TEMP TABLE parts WITH (toast_tuple_target = 8160) AS
SELECT g, p,
       test_sample(num, 0.1) AS s_num, test_sample(nm, 0.1) AS s_nm, test_sample(f, 0.1) AS s_f,
       test_sample(b, 0.25) AS s_b, test_sample(i, 0.4999) AS s_i,
       test_counts(num, 10) AS c_num, test_counts(nm, 10) AS c_nm, test_counts(f, 10) AS c_f,
       test_counts(b, 10) AS c_b
FROM (SELECT t.*, floor(test_rnd(id, 'part') * 200)::int AS p FROM t_rand t) s GROUP BY g, p;
-- partitions with only NULL values: empty states
INSERT INTO parts
SELECT g, 200, test_sample(NULL::numeric, 0.1), test_sample(NULL::numeric, 0.1), test_sample(NULL::float8, 0.1),
       test_sample(NULL::bigint, 0.25), test_sample(NULL::integer, 0.4999),
       test_counts(NULL::numeric, 10), test_counts(NULL::numeric, 10), test_counts(NULL::float8, 10),
       test_counts(NULL::bigint, 10)
FROM generate_series(1, 5) g GROUP BY g;
-- missing states
INSERT INTO parts (g, p) SELECT g, 201 FROM generate_series(1, 5) g;
SELECT count(*) AS states, count(*) FILTER (WHERE s_num IS NULL) AS null_states,
       count(DISTINCT g) AS groups,
       (SELECT pg_relation_size(reltoastrelid) = 0 FROM pg_class WHERE oid = 'parts'::regclass) AS none_toasted
FROM parts;
-- numeric scales differ between the partitions (the scale is at hex 9):
-- merging raises them
SELECT count(DISTINCT substr(s_nm::text, 9, 8)) > 1 AS partitions_differ_in_scale FROM parts WHERE g = 1 AND p < 200;

-- one pass: final values and states
CREATE TEMP TABLE one_pass AS
SELECT g, aov_trimmed_mean(num, 0.1) AS num, aov_trimmed_mean(nm, 0.1) AS nm, aov_trimmed_mean(f, 0.1) AS f,
       aov_trimmed_mean(b, 0.25) AS b, aov_trimmed_mean(i, 0.4999) AS i,
       aov_top_values(num, 10) AS t_num, aov_top_values(f, 10) AS t_f, aov_top_values(b, 10) AS t_b,
       test_sample(num, 0.1)::text AS s_num, test_sample(nm, 0.1)::text AS s_nm, test_sample(f, 0.1)::text AS s_f,
       test_sample(b, 0.25)::text AS s_b, test_sample(i, 0.4999)::text AS s_i,
       test_counts(num, 10)::text AS c_num, test_counts(nm, 10)::text AS c_nm, test_counts(f, 10)::text AS c_f,
       test_counts(b, 10)::text AS c_b
FROM t_rand GROUP BY g;

-- random merge orders of every group's partitions: two through the
-- final functions, two to compare the merged bytes
CREATE TEMP TABLE merged AS
SELECT salt, g,
       test_merge_numeric(s_num ORDER BY md5(salt || p)) AS num,
       test_merge_numeric(s_nm ORDER BY md5(salt || p || 'nm')) AS nm,
       test_merge_float8(s_f ORDER BY md5(salt || p || 'f')) AS f,
       test_merge_float8(s_b ORDER BY md5(salt || p || 'b')) AS b,
       test_merge_float8(s_i ORDER BY md5(salt || p || 'i')) AS i,
       test_merge_top_numeric(c_num ORDER BY md5(salt || p || 't')) AS t_num,
       test_merge_top_float8(c_f ORDER BY md5(salt || p || 'tf')) AS t_f,
       test_merge_top_bigint(c_b ORDER BY md5(salt || p || 'tb')) AS t_b
FROM parts CROSS JOIN (VALUES ('a'), ('b')) AS salts(salt)
GROUP BY salt, g;
CREATE TEMP TABLE merged_bytes AS
SELECT salt, g,
       test_merge(s_num ORDER BY md5(salt || p || 's'))::text AS s_num,
       test_merge(s_nm ORDER BY md5(salt || p || 'snm'))::text AS s_nm,
       test_merge(s_f ORDER BY md5(salt || p || 'sf'))::text AS s_f,
       test_merge(s_b ORDER BY md5(salt || p || 'sb'))::text AS s_b,
       test_merge(s_i ORDER BY md5(salt || p || 'si'))::text AS s_i,
       test_merge(c_num ORDER BY md5(salt || p || 'c'))::text AS c_num,
       test_merge(c_nm ORDER BY md5(salt || p || 'cnm'))::text AS c_nm,
       test_merge(c_f ORDER BY md5(salt || p || 'cf'))::text AS c_f,
       test_merge(c_b ORDER BY md5(salt || p || 'cb'))::text AS c_b
FROM parts CROSS JOIN (VALUES ('c'), ('d')) AS salts(salt)
GROUP BY salt, g;
SELECT (SELECT count(*) FROM merged JOIN one_pass USING (g)) AS merges,
       (SELECT count(*) FROM merged_bytes JOIN one_pass USING (g)) AS merged_states;
SELECT salt, g, col, got, want
FROM merged m JOIN one_pass o USING (g), LATERAL (VALUES
    ('num', m.num::text, o.num::text), ('nm', m.nm::text, o.nm::text), ('f', m.f::text, o.f::text),
    ('b', m.b::text, o.b::text), ('i', m.i::text, o.i::text),
    ('t_num', m.t_num::text, o.t_num::text), ('t_f', m.t_f::text, o.t_f::text), ('t_b', m.t_b::text, o.t_b::text)) x(col, got, want)
WHERE got IS DISTINCT FROM want;
SELECT salt, g, col, got, want
FROM merged_bytes m JOIN one_pass o USING (g), LATERAL (VALUES
    ('s_num', m.s_num, o.s_num), ('s_nm', m.s_nm, o.s_nm), ('s_f', m.s_f, o.s_f), ('s_b', m.s_b, o.s_b),
    ('s_i', m.s_i, o.s_i), ('c_num', m.c_num, o.c_num), ('c_nm', m.c_nm, o.c_nm), ('c_f', m.c_f, o.c_f),
    ('c_b', m.c_b, o.c_b)) x(col, got, want)
WHERE got IS DISTINCT FROM want;

-- 7 large partitions per group, never stored (a materialized CTE holds the
-- flat states)
WITH pp AS MATERIALIZED (
    SELECT g, p, test_sample(num, 0.1) AS s_num, test_sample(f, 0.1) AS s_f, test_counts(nm, 10) AS c_nm
    FROM (SELECT t.*, floor(test_rnd(id, 'bigpart') * 7)::int AS p FROM t_rand t) s GROUP BY g, p)
SELECT g, col, got, want
FROM (SELECT g, test_merge_numeric(s_num ORDER BY md5(p || 'x')) AS num,
             test_merge_float8(s_f ORDER BY md5(p || 'y')) AS f,
             test_merge(c_nm ORDER BY md5(p || 'z'))::text AS c_nm
      FROM pp GROUP BY g) m
JOIN one_pass o USING (g),
LATERAL (VALUES ('num', m.num::text, o.num::text), ('f', m.f::text, o.f::text), ('c_nm', m.c_nm, o.c_nm)) x(col, got, want)
WHERE got IS DISTINCT FROM want;

-- a merged state is a state: merge the merged halves again
SELECT g, x.num, o.num
FROM (SELECT g, _aov_sample_trimmed_mean_numeric(test_merge(h ORDER BY half DESC)) AS num
      FROM (SELECT g, p % 2 AS half, test_merge(s_num ORDER BY p) AS h FROM parts GROUP BY g, p % 2) q
      GROUP BY g) x
JOIN one_pass o USING (g)
WHERE x.num::text IS DISTINCT FROM o.num::text;
-- merging only empty and NULL states gives an empty state: the final is
-- NULL; only NULL states give NULL
SELECT _aov_sample_trimmed_mean_numeric(test_merge(s_num)) IS NULL AS empty_sample,
       _aov_counts_top_numeric(test_merge(c_num)) IS NULL AS empty_counts,
       test_merge(s_num)::text = sample_hex('{"kind": 1, "low": 0.1, "high": 0.1, "body": "00"}') AS empty_state
FROM parts WHERE p >= 200 AND g = 1;
SELECT test_merge(s_num) IS NULL AS all_null_states FROM parts WHERE p = 201;

-- ---------------------------------------------------------------------
-- aov_summary values: their bytes, round trips, and the breakdown of a
-- stored value
-- ---------------------------------------------------------------------

-- 2,000 orders: revenue numeric (scale 2, or mixed scales), or float8;
-- items integer (some 0, some negative) or numeric; about 10% guests
CREATE TEMP TABLE sum_src AS
SELECT id, num, nm, f, (id % 5)::int - 1 AS q, (id % 7)::numeric / 4 AS qn,
       CASE WHEN id % 10 > 0 THEN id % 97 END AS c
FROM t_rand WHERE id <= 2000;
CREATE TEMP TABLE stored_summary (name text, s aov_summary, want text);
INSERT INTO stored_summary
SELECT 'numeric', aov_summary(num, q, c, 0.1),
       summary_hex(want_summary(array_agg(num), NULL, array_agg(q), array_agg(c), 3, 1, 3, 0.1)) FROM sum_src
UNION ALL
SELECT 'mixed scales', aov_summary(nm, q, c, 0.2),
       summary_hex(want_summary(array_agg(nm), NULL, array_agg(q), array_agg(c), 3, 1, 3, 0.2)) FROM sum_src
UNION ALL
SELECT 'numeric items', aov_summary(num, qn, c, 0.1),
       summary_hex(want_summary(array_agg(num), NULL, array_agg(qn), array_agg(c), 3, 1, 1, 0.1)) FROM sum_src
UNION ALL
SELECT 'float8', aov_summary(f, q, c, 0.1),
       summary_hex(want_summary(NULL, array_agg(f), array_agg(q), array_agg(c), 3, 2, 3, 0.1)) FROM sum_src
UNION ALL
SELECT 'float8 compact', aov_summary(f, q),
       summary_hex(want_summary(NULL, array_agg(f), array_agg(q), NULL, 0, 2, 3)) FROM sum_src
UNION ALL
SELECT 'compact customers', aov_summary(num, q, c),
       summary_hex(want_summary(array_agg(num), NULL, array_agg(q), array_agg(c), 1, 1, 3)) FROM sum_src
UNION ALL
SELECT 'detail only', test_detail(nm, q),
       summary_hex(want_summary(array_agg(nm), NULL, array_agg(q), NULL, 2, 1, 3, 0.05)) FROM sum_src;
-- their bytes, against the ones built from the rows
SELECT name, s::text AS got, want FROM stored_summary WHERE s::text IS DISTINCT FROM want;
-- text: input(output(x)) = x; send() gives the bytes of the text; COPY
-- (FORMAT binary) out and back in (send and recv) gives the same value
CREATE TEMP TABLE stored_copy (LIKE stored_summary);
CALL copy_binary('stored_summary', 'stored_copy');
SELECT name, o.s::text AS hex, o.s::text::aov_summary::text AS text_read, encode(_aov_summary_send(o.s), 'hex') AS sent,
       c.s::text AS copied
FROM stored_summary o FULL JOIN stored_copy c USING (name)
WHERE o.s::text::aov_summary::text IS DISTINCT FROM o.s::text
   OR encode(_aov_summary_send(o.s), 'hex') IS DISTINCT FROM o.s::text OR c.s::text IS DISTINCT FROM o.s::text;
-- the stored (flat, copied) value gives the breakdown the aggregate
-- gives; without detail, only its plain figures (orders to items per
-- order), the rest being NULL
SELECT name, got, want
FROM (SELECT name, CASE WHEN name LIKE '%compact%'
                        THEN row(b.orders, b.customers, b.guest_orders, b.zero_item_orders, b.revenue, b.items, b.aov,
                                 b.unit_price, b.items_per_order, b.aov_median IS NULL)::text
                        ELSE b::text END AS got
      FROM stored_copy, aov_breakdown(s) b) g
FULL JOIN (
    SELECT name, CASE WHEN name LIKE '%compact%'
                      THEN row((b).orders, (b).customers, (b).guest_orders, (b).zero_item_orders, (b).revenue,
                               (b).items, (b).aov, (b).unit_price, (b).items_per_order, true)::text
                      ELSE b::text END AS want
    FROM (SELECT 'numeric' AS name, aov_breakdown(num, q, c, 0.1) AS b FROM sum_src
          UNION ALL SELECT 'mixed scales', aov_breakdown(nm, q, c, 0.2) FROM sum_src
          UNION ALL SELECT 'numeric items', aov_breakdown(num, qn, c, 0.1) FROM sum_src
          UNION ALL SELECT 'float8', aov_breakdown(f, q, c, 0.1) FROM sum_src
          UNION ALL SELECT 'float8 compact', aov_breakdown(f, q) FROM sum_src
          UNION ALL SELECT 'compact customers', aov_breakdown(num, q, c) FROM sum_src
          UNION ALL SELECT 'detail only', aov_breakdown(nm, q) FROM sum_src) a(name, b)) a USING (name)
WHERE got IS DISTINCT FROM want;
-- split into 50 random partitions and rolled up in a random order, the
-- summaries give the bytes of one pass
SELECT name, got, want
FROM (SELECT 'numeric' AS name, aov_rollup(s ORDER BY md5(p::text))::text AS got
      FROM (SELECT p, aov_summary(num, q, c, 0.1) AS s
            FROM (SELECT *, floor(test_rnd(id, 'sp') * 50)::int AS p FROM sum_src) x GROUP BY p) q
      UNION ALL
      SELECT 'float8', aov_rollup(s ORDER BY md5(p::text))::text
      FROM (SELECT p, aov_summary(f, q, c, 0.1) AS s
            FROM (SELECT *, floor(test_rnd(id, 'sp') * 50)::int AS p FROM sum_src) x GROUP BY p) q
      UNION ALL
      SELECT 'numeric items', aov_rollup(s ORDER BY md5(p::text))::text
      FROM (SELECT p, aov_summary(num, qn, c, 0.1) AS s
            FROM (SELECT *, floor(test_rnd(id, 'sp') * 50)::int AS p FROM sum_src) x GROUP BY p) q) r
JOIN (SELECT name, s::text AS want FROM stored_summary) w USING (name)
WHERE got IS DISTINCT FROM want;

-- ---------------------------------------------------------------------
-- Malformed values: input (text) and recv (binary COPY) give an error,
-- 22P02 invalid_text_representation for bad hex, 22P03
-- invalid_binary_representation for bad bytes, never a crash
-- ---------------------------------------------------------------------

-- recv through COPY (FORMAT binary): recv_error() (setup), which keeps
-- the values read in recv_sample, recv_counts and recv_summary

CREATE FUNCTION patch(h text, pos int, bytes text) RETURNS text LANGUAGE sql IMMUTABLE
    AS $$ SELECT overlay(h placing bytes from pos for length(bytes)) $$;

-- Valid values, by their fields: the bases of the malformed ones, and
-- values at the edges of what is valid.  Version 1 bodies (src/sample.c,
-- src/counts.c, src/summary_format.c): aov_sample an int64 n and the n
-- values (int128 for numeric, else 8 bytes); aov_counts an int64 d and d
-- (value, count) int64 pairs in increasing value order; aov_summary the
-- customer ids as int64s, then three vectors (revenue, items, unit price),
-- each int32 scale, int32 display scale, int64 n and the n values.
CREATE TEMP TABLE spec (name text, typ text, f jsonb);
INSERT INTO spec VALUES
('sample float8', 'aov_sample',
 jsonb_build_object('kind', 2, 'low', 0.1, 'high', 0.1, 'body', run_hex(ARRAY[kf(-2.5), kf(1.0)], ARRAY[1, 1]))),
('sample numeric', 'aov_sample',
 jsonb_build_object('kind', 1, 'scale', 2, 'dscale', 2, 'low', 0.1, 'high', 0.1,
                    'body', run_hex(ARRAY[k128(150), k128(225)], ARRAY[1, 1]))),
('sample integer', 'aov_sample',
 jsonb_build_object('kind', 3, 'low', 0.1, 'high', 0.1, 'body', run_hex(ARRAY[k64(1), k64(2)], ARRAY[1, 1]))),
('counts float8', 'aov_counts',
 jsonb_build_object('kind', 2, 'k', 3, 'body', run_hex(ARRAY[kf(-2.5), kf(1.0)], ARRAY[1, 2]))),
('counts numeric', 'aov_counts',
 jsonb_build_object('kind', 1, 'scale', 2, 'k', 3, 'dscale', 2, 'body', run_hex(ARRAY[k128(150), k128(225)], ARRAY[1, 2]))),
('counts integer', 'aov_counts',
 jsonb_build_object('kind', 3, 'k', 3, 'body', run_hex(ARRAY[k64(1), k64(2)], ARRAY[1, 2]))),
-- the rows (1.50, 2, 7), (2.25, 0, NULL), (3, 1, 7), (0.5, 4, -3), trim 0.1
('summary full', 'aov_summary',
 jsonb_build_object('flags', 3, 'rkind', 1, 'ikind', 3, 'rscale', 2, 'rdscale', 2, 'trim', 0.1, 'orders', 4,
                    'zero', 1, 'guests', 1, 'customers', 2, 'sums', hw(725) || hw(225) || hw(7),
                    'body', ids_hex(ARRAY[-3, 7])
                            || orders_hex(ARRAY[k128(50), k128(150), k128(225), k128(300)], ARRAY[4, 2, 0, 1],
                                          ARRAY[1, 2, 2, 0], ARRAY[1, 1, 1, 1]))),
('summary customers', 'aov_summary',
 jsonb_build_object('flags', 1, 'rkind', 1, 'ikind', 3, 'rscale', 2, 'rdscale', 2, 'orders', 4,
                    'zero', 1, 'guests', 1, 'customers', 2, 'sums', hw(725) || hw(225) || hw(7),
                    'body', ids_hex(ARRAY[-3, 7]))),
('summary compact', 'aov_summary',
 jsonb_build_object('flags', 0, 'rkind', 1, 'ikind', 3, 'rscale', 2, 'rdscale', 2, 'orders', 2, 'zero', 1,
                    'sums', hw(375) || hw(0) || hw(2))),
-- the rows (1.5, 2), (0.25, 1), guests, trim 0.1
('summary float8', 'aov_summary',
 jsonb_build_object('flags', 3, 'rkind', 2, 'ikind', 3, 'trim', 0.1, 'orders', 2, 'guests', 2,
                    'sums', xsum_hex(f8units(1.75)) || xsum_hex(f8units(1.75)) || hw(3),
                    'body', '00' || orders_hex(ARRAY[kf(0.25), kf(1.5)], ARRAY[1, 2], NULL, ARRAY[1, 1]))),
-- the rows (1, 1.25), (2, 0.5) and (2, 0.50): items scale 2, display scale 2
('summary numeric items', 'aov_summary',
 jsonb_build_object('flags', 2, 'rkind', 1, 'ikind', 1, 'iscale', 2, 'idscale', 2, 'trim', 0.1, 'orders', 3,
                    'sums', hw(5) || hw(0) || hw(225),
                    'body', orders_hex(ARRAY[k128(1), k128(2)], ARRAY[125, 50], ARRAY[0, 0], ARRAY[1, 2]))),
-- version 1 (the layout of aov_ext 0.1 to 0.3), for the same rows
('sample float8 v1', 'aov_sample',
 jsonb_build_object('version', 1, 'kind', 2, 'low', 0.1, 'high', 0.1, 'body', h8(2) || hf(1.0) || hf(-2.5))),
('sample numeric v1', 'aov_sample',
 jsonb_build_object('version', 1, 'kind', 1, 'scale', 2, 'dscale', 2, 'low', 0.1, 'high', 0.1,
                    'body', h8(2) || h16(150) || h16(225))),
('counts float8 v1', 'aov_counts',
 jsonb_build_object('version', 1, 'kind', 2, 'k', 3, 'body', h8(2) || hf(-2.5) || h8(1) || hf(1.0) || h8(2))),
('counts numeric v1', 'aov_counts',
 jsonb_build_object('version', 1, 'kind', 1, 'scale', 2, 'k', 3, 'dscale', 2,
                    'body', h8(2) || h8(150) || h8(1) || h8(225) || h8(2))),
('summary full v1', 'aov_summary',
 jsonb_build_object('version', 1, 'flags', 3, 'rkind', 1, 'ikind', 3, 'rscale', 2, 'rdscale', 2, 'trim', 0.1,
                    'orders', 4, 'zero', 1, 'guests', 1, 'customers', 2, 'sums', hw(725) || hw(225) || hw(7),
                    'body', h8(-3) || h8(7)
                            || h4(2) || h4(2) || h8(4) || h16(150) || h16(225) || h16(300) || h16(50)
                            || h4(0) || h4(0) || h8(4) || h8(2) || h8(0) || h8(1) || h8(4)
                            || h4(6) || h4(2) || h8(3) || h16(750000) || h16(3000000) || h16(125000))),
('summary float8 v1', 'aov_summary',
 jsonb_build_object('version', 1, 'flags', 3, 'rkind', 2, 'ikind', 3, 'trim', 0.1, 'orders', 2, 'guests', 2,
                    'sums', xsum_hex(f8units(1.75)) || xsum_hex(f8units(1.75)) || hw(3),
                    'body', h4(0) || h4(0) || h8(2) || hf(1.5) || hf(0.25)
                            || h4(0) || h4(0) || h8(2) || h8(2) || h8(1)
                            || h4(0) || h4(0) || h8(2) || hf(0.75) || hf(0.25))),
-- edges: the int128 and int64 extremes (keys 1 and 2^128 - 1, 0 and
-- 2^64 - 1), the float8 extremes, only special values, the largest counts
-- (2^61 - 1 values in a sample, 2^62 - 1 in a counts), an empty detail,
-- the extreme customer ids
('edge sample numeric', 'aov_sample',
 jsonb_build_object('kind', 1, 'low', 0.1, 'high', 0.1,
                    'body', '02' || vi(1) || '00' || vi(340282366920938463463374607431768211455 - 1 - 1) || '00')),
('edge sample integer', 'aov_sample',
 jsonb_build_object('kind', 3, 'low', 0.1, 'high', 0.1, 'body', '02' || '00' || '00' || vi(18446744073709551614) || '00')),
('edge sample float8', 'aov_sample',
 jsonb_build_object('kind', 2, 'low', 0.1, 'high', 0.1,
                    'body', run_hex(ARRAY[kf(-1.7976931348623157e308), kf(-5e-324), kf(5e-324), kf(1.7976931348623157e308)],
                                    ARRAY[1, 1, 1, 1]))),
('edge sample specials only', 'aov_sample',
 jsonb_build_object('kind', 2, 'low', 0.1, 'high', 0.1, 'nan', 0, 'pinf', 3, 'ninf', 2, 'body', '00')),
('edge sample largest count', 'aov_sample',
 jsonb_build_object('kind', 2, 'low', 0.1, 'high', 0.1, 'body', '01' || vi(kf(1.5)) || vi(2305843009213693951 - 1))),
('edge counts largest count', 'aov_counts',
 jsonb_build_object('kind', 2, 'k', 3, 'body', '01' || vi(kf(1.5)) || vi(4611686018427387903 - 1))),
-- counts 2^60 and 2^60 - 1: orders 2^61 - 1, the most a summary holds
('edge summary largest counts', 'aov_summary',
 jsonb_build_object('flags', 2, 'rkind', 1, 'ikind', 1, 'iscale', 2, 'idscale', 2, 'trim', 0.1, 'orders', 2305843009213693951,
                    'sums', hw(1152921504606846976::numeric + 2 * 1152921504606846975) || hw(0)
                            || hw(125 * 1152921504606846976::numeric + 50 * 1152921504606846975::numeric),
                    'body', orders_hex(ARRAY[k128(1), k128(2)], ARRAY[125, 50], ARRAY[0, 0],
                                       ARRAY[1152921504606846976, 1152921504606846975]))),
-- revenues -2^63 (the least the inline product takes) and 10^30 (beyond
-- int64), items 2^63 - 1 and 10^25, counts 2^60 and 2^60 - 1: exact sums
-- beyond int128 (a carry)
('edge summary wide sums', 'aov_summary',
 jsonb_build_object('flags', 2, 'rkind', 1, 'ikind', 1, 'trim', 0.1, 'orders', 2305843009213693951,
                    'sums', hw(-9223372036854775808 * 1152921504606846976::numeric + 1e30 * 1152921504606846975::numeric)
                            || hw(0)
                            || hw(9223372036854775807 * 1152921504606846976::numeric + 1e25 * 1152921504606846975::numeric),
                    'body', orders_hex(ARRAY[k128(-9223372036854775808), k128(1e30)], ARRAY[9223372036854775807, 1e25],
                                       ARRAY[0, 0], ARRAY[1152921504606846976, 1152921504606846975]))),
('edge summary empty detail', 'aov_summary',
 jsonb_build_object('flags', 2, 'rkind', 1, 'ikind', 3, 'trim', 0.05, 'orders', 0, 'sums', hw(0) || hw(0) || hw(0),
                    'body', '00')),
('summary uuid customers', 'aov_summary',
 jsonb_build_object('flags', 1, 'rkind', 1, 'ikind', 3, 'rscale', 2, 'rdscale', 2, 'orders', 4,
                    'zero', 1, 'guests', 1, 'customers', 2, 'sums', hw(725) || hw(225) || hw(7), 'reserved', 16777216,
                    'body', '02' || repeat('11', 16) || repeat('22', 16))),
('summary text customers', 'aov_summary',
 jsonb_build_object('flags', 1, 'rkind', 1, 'ikind', 3, 'rscale', 2, 'rdscale', 2, 'orders', 4,
                    'zero', 1, 'guests', 1, 'customers', 2, 'sums', hw(725) || hw(225) || hw(7), 'reserved', 33554432,
                    'body', '02' || '000161' || '010162')),
('edge summary text empty id', 'aov_summary',
 jsonb_build_object('flags', 1, 'rkind', 1, 'ikind', 3, 'orders', 2, 'customers', 2, 'sums', hw(3) || hw(0) || hw(2),
                    'reserved', 33554432, 'body', '02' || '0000' || '000161')),
('edge summary customer ids', 'aov_summary',
 jsonb_build_object('flags', 1, 'rkind', 1, 'ikind', 3, 'orders', 2, 'customers', 2, 'sums', hw(3) || hw(0) || hw(2),
                    'body', '02' || '00' || vi(18446744073709551614)));
CREATE TEMP TABLE valid AS
SELECT name, typ, CASE typ WHEN 'aov_sample' THEN sample_hex(f) WHEN 'aov_counts' THEN counts_hex(f)
                           ELSE summary_hex(f) END AS hex
FROM spec;
-- they are valid, through input and recv
SELECT name, expect_error(format('SELECT %L::%s', hex, typ)) AS input, recv_error(typ, decode(hex, 'hex')) AS recv
FROM valid ORDER BY name COLLATE "C";
-- and read back the same
SELECT name, hex, v::text AS read_back
FROM valid FULL JOIN (SELECT v::text FROM recv_sample UNION ALL SELECT v::text FROM recv_counts
                      UNION ALL SELECT v::text FROM recv_summary) r(v) ON r.v = valid.hex
WHERE r.v IS NULL OR valid.hex IS NULL;

-- Malformed values: a valid base with one thing wrong.  Body pieces:
-- vi() varints, kf/k64/k128 keys; '8000' is 0 in two bytes (not minimal).
CREATE TEMP TABLE bad (name text, typ text, hex text);
INSERT INTO bad
SELECT x.name, 'aov_sample', x.hex
FROM (SELECT max(f::text) FILTER (WHERE name = 'sample float8')::jsonb AS f8,
             max(f::text) FILTER (WHERE name = 'sample numeric')::jsonb AS num,
             max(f::text) FILTER (WHERE name = 'sample integer')::jsonb AS i,
             max(f::text) FILTER (WHERE name = 'sample float8 v1')::jsonb AS f8v1,
             max(f::text) FILTER (WHERE name = 'sample numeric v1')::jsonb AS numv1
      FROM spec) b,
LATERAL (VALUES
    ('empty', ''),
    ('only version', '02'),
    ('header cut', left(sample_hex(f8), 100)),
    ('last byte missing', left(sample_hex(f8), -2)),
    ('odd length', left(sample_hex(f8), -1)),
    ('non-hex', patch(sample_hex(f8), 7, 'zz')),
    ('space', ' ' || left(sample_hex(f8), -1)),
    ('trailing byte', sample_hex(f8) || '00'),
    ('version 0', sample_hex(f8 || '{"version": 0}')),
    ('version 3', sample_hex(f8 || '{"version": 3}')),
    ('version 255', sample_hex(f8 || '{"version": 255}')),
    ('version 1 with a version 2 body', sample_hex(f8 || '{"version": 1}')),
    ('kind 0', sample_hex(f8 || '{"kind": 0}')),
    ('kind 4', sample_hex(f8 || '{"kind": 4}')),
    ('reserved u16', sample_hex(f8 || '{"reserved16": 1}')),
    ('reserved i32', sample_hex(f8 || '{"reserved32": -2147483648}')),
    ('scale negative', sample_hex(num || '{"scale": -1}')),
    ('scale above display scale', sample_hex(num || '{"scale": 3}')),
    ('display scale 16384', sample_hex(num || '{"scale": 16384, "dscale": 16384}')),
    ('display scale in float8', sample_hex(f8 || '{"dscale": 2}')),
    ('scale in integer', sample_hex(i || '{"scale": 1, "dscale": 1}')),
    ('low negative', sample_hex(f8 || '{"low": -0.1}')),
    ('low NaN', sample_hex(f8 || '{"low": "NaN"}')),
    ('high Infinity', sample_hex(f8 || '{"high": "Infinity"}')),
    ('low + high = 1', sample_hex(f8 || '{"low": 0.5, "high": 0.5}')),
    ('high -0.1', sample_hex(num || '{"high": -0.1}')),
    ('NaN count negative', sample_hex(f8 || '{"nan": -1}')),
    ('+Inf count negative', sample_hex(f8 || '{"pinf": -5}')),
    ('-Inf count negative', sample_hex(num || '{"ninf": -9223372036854775808}')),
    ('NaN count 2^61', sample_hex(f8 || '{"nan": 2305843009213693952}')),
    ('integer with NaN', sample_hex(i || '{"nan": 1}')),
    ('integer with +Inf', sample_hex(i || '{"pinf": 1}')),
    ('integer with -Inf', sample_hex(i || '{"ninf": 1}')),
    -- the run
    ('run missing', sample_hex(f8 || '{"body": ""}')),
    ('run n larger than the values', sample_hex(f8 || jsonb_build_object('body', '03' || substr(f8->>'body', 3)))),
    ('run n smaller than the values', sample_hex(f8 || jsonb_build_object('body', '01' || substr(f8->>'body', 3)))),
    ('run n 2^62', sample_hex(f8 || jsonb_build_object('body', vi(4611686018427387904) || substr(f8->>'body', 3)))),
    ('run n not minimal', sample_hex(f8 || '{"body": "8000"}')),
    ('run n of 11 bytes', sample_hex(f8 || jsonb_build_object('body', repeat('80', 10) || '01'))),
    ('varint cut', sample_hex(i || '{"body": "0180"}')),
    ('key not minimal', sample_hex(i || '{"body": "01ff0000"}')),
    ('count not minimal', sample_hex(i || jsonb_build_object('body', '01' || vi(k64(1)) || '8000'))),
    ('count varint of 10 bytes beyond 2^64', sample_hex(i || jsonb_build_object('body', '01' || vi(k64(1)) || repeat('ff', 9) || '7f'))),
    ('count varint of 11 bytes', sample_hex(i || jsonb_build_object('body', '01' || vi(k64(1)) || repeat('80', 10) || '01'))),
    ('count 2^64', sample_hex(i || jsonb_build_object('body', '01' || vi(k64(1)) || vi(18446744073709551615)))),
    ('counts above 2^61 in all', sample_hex(f8 || jsonb_build_object('body',
        '02' || vi(kf(1)) || vi(1152921504606846976) || '00' || vi(1152921504606846976)))),
    ('integer key 2^64', sample_hex(i || jsonb_build_object('body', '01' || vi(18446744073709551616) || '00'))),
    ('integer key of 20 bytes', sample_hex(i || jsonb_build_object('body', '01' || repeat('80', 19) || '01' || '00'))),
    ('integer key step past 2^64 - 1', sample_hex(i || jsonb_build_object('body',
        '02' || vi(18446744073709551615) || '00' || '00' || '00'))),
    ('integer key step past 2^64 - 1, large', sample_hex(i || jsonb_build_object('body',
        '02' || vi(1) || '00' || vi(18446744073709551615) || '00'))),
    ('numeric key 0 (int128 minimum)', sample_hex(num || '{"body": "010000"}')),
    ('numeric key of 19 bytes beyond 2^128', sample_hex(num || jsonb_build_object('body', '01' || repeat('ff', 18) || '04' || '00'))),
    ('numeric key of 20 bytes', sample_hex(num || jsonb_build_object('body', '01' || repeat('80', 19) || '01' || '00'))),
    ('numeric key step past 2^128 - 1', sample_hex(num || jsonb_build_object('body',
        '02' || vi(340282366920938463463374607431768211455) || '00' || '00' || '00'))),
    ('float8 key 0 (a NaN)', sample_hex(f8 || '{"body": "010000"}')),
    ('float8 key of NaN', sample_hex(f8 || jsonb_build_object('body', '01' || vi(18444492273895866368) || '00'))),
    ('float8 key 2^64 - 1 (a NaN)', sample_hex(f8 || jsonb_build_object('body', '01' || vi(18446744073709551615) || '00'))),
    ('float8 key of +Infinity', sample_hex(f8 || jsonb_build_object('body', '01' || vi(18442240474082181120) || '00'))),
    ('float8 key of -Infinity', sample_hex(f8 || jsonb_build_object('body', '01' || vi(4503599627370495) || '00'))),
    ('float8 key of -0', sample_hex(f8 || jsonb_build_object('body', '01' || vi(9223372036854775807) || '00'))),
    ('float8 key step to +Infinity', sample_hex(f8 || jsonb_build_object('body',
        '02' || vi(kf(1)) || '00' || vi(18442240474082181120 - kf(1) - 1) || '00'))),
    -- version 1
    ('v1 n negative', sample_hex(f8v1 || jsonb_build_object('body', h8(-1) || substr(f8v1->>'body', 17)))),
    ('v1 n larger than the values', sample_hex(f8v1 || jsonb_build_object('body', h8(3) || substr(f8v1->>'body', 17)))),
    ('v1 n 2^63 - 1', sample_hex(numv1 || jsonb_build_object('body', h8(9223372036854775807) || substr(numv1->>'body', 17)))),
    ('v1 n smaller than the values', sample_hex(numv1 || jsonb_build_object('body', h8(1) || substr(numv1->>'body', 17)))),
    ('v1 numeric half a value', left(sample_hex(numv1), -16)),
    ('v1 trailing byte', sample_hex(f8v1) || '00'),
    ('v1 stored NaN', sample_hex(f8v1 || jsonb_build_object('body', h8(2) || hf('NaN') || hf(1)))),
    ('v1 stored +Infinity', sample_hex(f8v1 || jsonb_build_object('body', h8(2) || hf(1) || hf('Infinity')))),
    ('v1 stored -Infinity', sample_hex(f8v1 || jsonb_build_object('body', h8(2) || hf('-Infinity') || hf(1)))),
    ('v1 integer with NaN', sample_hex('{"version": 1, "kind": 3, "low": 0, "high": 0, "nan": 1}'::jsonb
                                       || jsonb_build_object('body', h8(1) || h8(5))))
) x(name, hex);
INSERT INTO bad
SELECT x.name, 'aov_counts', x.hex
FROM (SELECT max(f::text) FILTER (WHERE name = 'counts float8')::jsonb AS f8,
             max(f::text) FILTER (WHERE name = 'counts numeric')::jsonb AS num,
             max(f::text) FILTER (WHERE name = 'counts integer')::jsonb AS i,
             max(f::text) FILTER (WHERE name = 'counts float8 v1')::jsonb AS f8v1,
             max(f::text) FILTER (WHERE name = 'counts numeric v1')::jsonb AS numv1
      FROM spec) b,
LATERAL (VALUES
    ('empty', ''),
    ('header cut', left(counts_hex(f8), 60)),
    ('odd length', counts_hex(f8) || '0'),
    ('non-hex', patch(counts_hex(f8), 9, 'x1')),
    ('trailing byte', counts_hex(i) || 'ff'),
    ('version 0', counts_hex(f8 || '{"version": 0}')),
    ('version 3', counts_hex(f8 || '{"version": 3}')),
    ('version 255', counts_hex(f8 || '{"version": 255}')),
    ('kind 9', counts_hex(f8 || '{"kind": 9}')),
    ('reserved u16', counts_hex(f8 || '{"reserved16": 65280}')),
    ('k 0', counts_hex(f8 || '{"k": 0}')),
    ('k negative', counts_hex(num || '{"k": -3}')),
    ('scale above display scale', counts_hex(num || '{"scale": 5}')),
    ('display scale in integer', counts_hex(i || '{"dscale": 1}')),
    ('display scale 16384', counts_hex(num || '{"dscale": 16384}')),
    ('NaN count negative', counts_hex(f8 || '{"nan": -1}')),
    ('-Inf count 2^60', counts_hex(f8 || '{"ninf": 1152921504606846976}')),
    ('integer with NaN', counts_hex(i || '{"nan": 2}')),
    ('integer with +Inf', counts_hex(i || '{"pinf": 2}')),
    -- the run
    ('run missing', counts_hex(f8 || '{"body": ""}')),
    ('run n larger than the values', counts_hex(f8 || jsonb_build_object('body', '03' || substr(f8->>'body', 3)))),
    ('varint cut', counts_hex(i || jsonb_build_object('body', '01' || vi(k64(1)) || 'ff'))),
    ('count not minimal', counts_hex(i || jsonb_build_object('body', '01' || vi(k64(1)) || 'ff00'))),
    ('count 2^62', counts_hex(i || jsonb_build_object('body', '01' || vi(k64(1)) || vi(4611686018427387903)))),
    ('counts and specials above 2^62 - 1', counts_hex(f8 || jsonb_build_object('nan', 1, 'body',
        '01' || vi(kf(1)) || vi(4611686018427387902)))),
    ('integer key step past 2^64 - 1', counts_hex(i || jsonb_build_object('body',
        '02' || vi(18446744073709551614) || '00' || vi(1) || '00'))),
    ('numeric key 0 (int128 minimum)', counts_hex(num || '{"body": "010000"}')),
    ('float8 key 0 (a NaN)', counts_hex(f8 || '{"body": "010000"}')),
    ('float8 key of -0', counts_hex(f8 || jsonb_build_object('body', '01' || vi(9223372036854775807) || '00'))),
    ('float8 key of -Infinity', counts_hex(f8 || jsonb_build_object('body', '01' || vi(4503599627370495) || '00'))),
    -- version 1
    ('v1 d negative', counts_hex(f8v1 || jsonb_build_object('body', h8(-1) || substr(f8v1->>'body', 17)))),
    ('v1 d larger than the values', counts_hex(f8v1 || jsonb_build_object('body', h8(3) || substr(f8v1->>'body', 17)))),
    ('v1 d smaller than the values', counts_hex(f8v1 || jsonb_build_object('body', h8(1) || substr(f8v1->>'body', 17)))),
    ('v1 unsorted', counts_hex(f8v1 || jsonb_build_object('body', h8(2) || hf(1) || h8(2) || hf(-2.5) || h8(1)))),
    ('v1 unsorted numeric', counts_hex(numv1 || jsonb_build_object('body', h8(2) || h8(225) || h8(2) || h8(150) || h8(1)))),
    ('v1 duplicate', counts_hex(numv1 || jsonb_build_object('body', h8(2) || h8(150) || h8(2) || h8(150) || h8(1)))),
    ('v1 zero count', counts_hex(f8v1 || jsonb_build_object('body', h8(2) || hf(-2.5) || h8(0) || hf(1) || h8(2)))),
    ('v1 negative count', counts_hex(numv1 || jsonb_build_object('body', h8(2) || h8(150) || h8(1) || h8(225) || h8(-2)))),
    ('v1 counts above 2^62 - 1 in all', counts_hex(numv1 || jsonb_build_object('body',
        h8(2) || h8(150) || h8(2305843009213693952) || h8(225) || h8(2305843009213693952)))),
    ('v1 NaN value', counts_hex(f8v1 || jsonb_build_object('body', h8(2) || hf('NaN') || h8(1) || hf(1) || h8(2)))),
    ('v1 infinite value', counts_hex(f8v1 || jsonb_build_object('body', h8(2) || hf(-2.5) || h8(1) || hf('Infinity') || h8(2)))),
    ('v1 -0 value', counts_hex(f8v1 || jsonb_build_object('body', h8(2) || hf(-2.5) || h8(1) || hf('-0') || h8(2))))
) x(name, hex);
INSERT INTO bad
SELECT x.name, 'aov_summary', x.hex
FROM (SELECT max(f::text) FILTER (WHERE name = 'summary full')::jsonb AS sfull,
             max(f::text) FILTER (WHERE name = 'summary customers')::jsonb AS cust,
             max(f::text) FILTER (WHERE name = 'summary compact')::jsonb AS compact,
             max(f::text) FILTER (WHERE name = 'summary float8')::jsonb AS f8,
             max(f::text) FILTER (WHERE name = 'summary numeric items')::jsonb AS nitems,
             max(f::text) FILTER (WHERE name = 'summary full v1')::jsonb AS fullv1,
             max(f::text) FILTER (WHERE name = 'summary float8 v1')::jsonb AS f8v1,
             max(f::text) FILTER (WHERE name = 'summary uuid customers')::jsonb AS ucust,
             max(f::text) FILTER (WHERE name = 'summary text customers')::jsonb AS tcust,
             ids_hex(ARRAY[-3, 7]) AS ids,
             -- the orders of 'summary full', one by one: (0.5, 4), (1.50, 2), (2.25, 0), (3, 1)
             vi(k128(50)) || vi(zz(4)) || vi(1) || '00' AS o1, vi(100) || vi(zz(2)) || vi(2) || '00' AS o2,
             vi(75) || vi(zz(0)) || vi(2) || '00' AS o3, vi(75) || vi(zz(1)) || vi(0) || '00' AS o4,
             -- the version 1 vectors of 'summary full v1'
             h4(2) || h4(2) || h8(4) || h16(150) || h16(225) || h16(300) || h16(50) AS rev1,
             h4(0) || h4(0) || h8(4) || h8(2) || h8(0) || h8(1) || h8(4) AS items1,
             h4(6) || h4(2) || h8(3) || h16(750000) || h16(3000000) || h16(125000) AS price1
      FROM spec) b,
LATERAL (VALUES
    ('empty', ''),
    ('header cut', left(summary_hex(compact), 100)),
    ('last byte missing', left(summary_hex(sfull), -2)),
    ('odd length', summary_hex(sfull) || 'f'),
    ('non-hex', patch(summary_hex(sfull), 3, 'g3')),
    ('trailing byte', summary_hex(sfull) || '00'),
    ('version 0', summary_hex(compact || '{"version": 0}')),
    ('version 3', summary_hex(compact || '{"version": 3}')),
    ('version 255', summary_hex(compact || '{"version": 255}')),
    ('unknown flag', summary_hex(compact || '{"flags": 4}')),
    ('revenue kind 3', summary_hex(compact || '{"rkind": 3}')),
    ('items kind 2', summary_hex(compact || '{"ikind": 2}')),
    ('float8 revenue, numeric items', summary_hex(f8 || '{"ikind": 1}')),
    ('revenue scale negative', summary_hex(compact || '{"rscale": -1}')),
    ('revenue display scale 16384', summary_hex(compact || '{"rdscale": 16384}')),
    ('items display scale negative', summary_hex(nitems || '{"idscale": -1}')),
    ('scale in float8', summary_hex(f8 || '{"rscale": 2}')),
    ('items scale in integer', summary_hex(compact || '{"iscale": 1}')),
    ('reserved', summary_hex(compact || '{"reserved": 1}')),
    ('trim 0.5', summary_hex(sfull || '{"trim": 0.5}')),
    ('trim NaN', summary_hex(sfull || '{"trim": "NaN"}')),
    ('trim negative', summary_hex(sfull || '{"trim": -0.1}')),
    ('trim without detail', summary_hex(compact || '{"trim": 0.1}')),
    ('orders negative', summary_hex(compact || '{"orders": -1}')),
    ('orders 2^61', summary_hex(compact || '{"orders": 2305843009213693952}')),
    ('zero-item orders above orders', summary_hex(compact || '{"zero": 3}')),
    ('zero-item orders negative', summary_hex(compact || '{"zero": -1}')),
    ('guests without the customer flag', summary_hex(compact || '{"guests": 1}')),
    ('customers without the customer flag', summary_hex(compact || '{"customers": 1}')),
    ('guests above orders', summary_hex(cust || '{"guests": 5}')),
    ('customers above orders', summary_hex(cust || '{"customers": 5}')),
    ('customers above orders less guests', summary_hex(cust || '{"customers": 4}')),
    -- the sums
    ('revenue carry 2^62', summary_hex(compact || jsonb_build_object('sums', h16(375) || h8(4611686018427387904) || hw(0) || hw(2)))),
    ('integer items sum carry', summary_hex(compact || jsonb_build_object('sums', hw(375) || hw(0) || h16(2) || h8(1)))),
    ('integer items sum beyond int4 items', summary_hex(compact || jsonb_build_object('sums',
        hw(375) || hw(0) || hw(2 * 2147483647::numeric + 1)))),
    ('integer items sum below int4 items', summary_hex(compact || jsonb_build_object('sums',
        hw(375) || hw(0) || hw(-2 * 2147483648::numeric - 1)))),
    ('float8 sum chunk negative', summary_hex(f8 || jsonb_build_object('sums',
        h8(-1) || substr(xsum_hex(f8units(1.75)), 17) || xsum_hex(f8units(1.75)) || hw(3)))),
    ('float8 sum chunk 2^32', summary_hex(f8 || jsonb_build_object('sums',
        xsum_hex(f8units(1.75)) || h8(4294967296) || substr(xsum_hex(f8units(1.75)), 17) || hw(3)))),
    ('float8 sum top chunk -2^32', summary_hex(f8 || jsonb_build_object('sums',
        left(xsum_hex(f8units(1.75)), -16) || h8(-4294967296) || xsum_hex(f8units(1.75)) || hw(3)))),
    -- the customer run
    ('customer run missing', summary_hex(cust || '{"body": ""}')),
    ('customer run longer than the count', summary_hex(cust || jsonb_build_object('body', ids_hex(ARRAY[-3, 7, 8])))),
    ('customer run shorter than the count', summary_hex(cust || jsonb_build_object('body', ids_hex(ARRAY[7])))),
    ('customer run n 2^40', summary_hex(cust || jsonb_build_object('body', vi(1099511627776) || substr(ids, 3)))),
    ('customer id not minimal', summary_hex(cust || jsonb_build_object('body', '02' || vi(k64(-3)) || '8900'))),
    ('customer id beyond 64 bits', summary_hex(cust || jsonb_build_object('body', '02' || vi(18446744073709551616) || '00'))),
    ('customer id step past 2^64 - 1', summary_hex(cust || jsonb_build_object('body', '02' || vi(18446744073709551615) || '00'))),
    -- the order run
    ('detail flag without the orders', summary_hex(compact || '{"flags": 2, "trim": 0.1}')),
    ('orders above the order count', summary_hex(sfull || jsonb_build_object('body', ids || '04' || o1 || o2 || o3
                                                                           || vi(75) || vi(zz(1)) || vi(0) || '01'))),
    ('orders below the order count', summary_hex(sfull || jsonb_build_object('body', ids || '03' || o1 || o2 || o3))),
    ('zero-item orders not those of the orders', summary_hex(sfull || '{"zero": 2}')),
    ('revenue sum not that of the orders', summary_hex(sfull || jsonb_build_object('sums', hw(726) || hw(225) || hw(7)))),
    ('items sum not that of the orders', summary_hex(sfull || jsonb_build_object('sums', hw(725) || hw(225) || hw(8)))),
    ('integer items above int4', summary_hex(sfull || jsonb_build_object('body', ids || '04' || o1 || o2 || o3
                                                                       || vi(75) || vi(zz(2147483648)) || vi(0) || '00'))),
    ('integer items below int4', summary_hex(sfull || jsonb_build_object('body', ids || '04' || o1 || o2 || o3
                                                                       || vi(75) || vi(zz(-2147483649)) || vi(0) || '00'))),
    ('numeric items int128 minimum', summary_hex(nitems || jsonb_build_object('body',
        orders_hex(ARRAY[k128(1), k128(2)], ARRAY[-170141183460469231731687303715884105728, 50], ARRAY[0, 0], ARRAY[1, 2])))),
    ('display scale below the revenue decimals', summary_hex(sfull || jsonb_build_object('body', ids || '04' || o1 || o2
                                                                                       || vi(75) || vi(zz(0)) || vi(1) || '00' || o4))),
    ('display scale above the revenue display scale', summary_hex(sfull || jsonb_build_object('body', ids || '04' || o1 || o2
                                                                                            || vi(75) || vi(zz(0)) || vi(3) || '00' || o4))),
    ('display scale 16384', summary_hex(sfull || jsonb_build_object('body', ids || '04' || o1 || o2
                                                                  || vi(75) || vi(zz(0)) || vi(16384) || '00' || o4))),
    ('order repeated', summary_hex(sfull || jsonb_build_object('body', ids || '04' || o1 || o2 || o3
                                                             || '00' || vi(zz(0)) || vi(2) || '00'))),
    ('same revenue, items decreasing', summary_hex(sfull || jsonb_build_object('body', ids || '04' || o1 || o2
                                                                             || '00' || vi(zz(1)) || vi(2) || '00'
                                                                             || vi(150) || vi(zz(1)) || vi(0) || '00'))),
    ('same revenue and items, display scale decreasing', summary_hex(sfull || jsonb_build_object('body', ids || '04' || o1 || o2
                                                                             || '00' || vi(zz(2)) || vi(1) || '00'
                                                                             || vi(150) || vi(zz(1)) || vi(0) || '00'))),
    ('revenue key step past 2^128 - 1', summary_hex(sfull || jsonb_build_object('body', ids || '02'
        || vi(340282366920938463463374607431768211455) || vi(zz(2)) || vi(2) || '00' || vi(1) || vi(zz(2)) || vi(2) || '00'))),
    ('numeric revenue key 0 (int128 minimum)', summary_hex(sfull || jsonb_build_object('body', ids || '01' || '00' || '00' || '00' || '00'))),
    ('order count 2^64', summary_hex(sfull || jsonb_build_object('body', ids || '04' || o1 || o2 || o3
                                                               || vi(75) || vi(zz(1)) || vi(0) || vi(18446744073709551615)))),
    ('order run n 2^40', summary_hex(sfull || jsonb_build_object('body', ids || vi(1099511627776) || o1 || o2 || o3 || o4))),
    ('order count not minimal', summary_hex(sfull || jsonb_build_object('body', ids || '04' || o1 || o2 || o3
                                                                      || vi(75) || vi(zz(1)) || vi(0) || '8000'))),
    ('float8 revenue key beyond 64 bits', summary_hex(f8 || jsonb_build_object('body', '00' || '01' || vi(18446744073709551616) || '02' || '00'))),
    ('float8 revenue key of NaN', summary_hex(f8 || jsonb_build_object('body', '00' || '01' || vi(18444492273895866368) || '02' || '00'))),
    ('float8 revenue key of +Infinity', summary_hex(f8 || jsonb_build_object('body', '00' || '01' || vi(18442240474082181120) || '02' || '00'))),
    ('float8 revenue key of -0', summary_hex(f8 || jsonb_build_object('body', '00' || '01' || vi(9223372036854775807) || '02' || '00'))),
    ('float8 revenue key of -Infinity', summary_hex(f8 || jsonb_build_object('body', '00' || '01' || vi(4503599627370495) || '02' || '00'))),
    ('float8 revenue sum not that of the orders', summary_hex(f8 || jsonb_build_object('sums',
        xsum_hex(f8units(1.5)) || xsum_hex(f8units(1.5)) || hw(3)))),
    -- two counts of 2^60, each in range, together past 2^61 - 1
    ('order counts summing past 2^61 - 1', summary_hex(nitems || jsonb_build_object('body',
        orders_hex(ARRAY[k128(1), k128(2)], ARRAY[125, 50], ARRAY[0, 0], ARRAY[1152921504606846976, 1152921504606846976])))),
    -- revenue 10^-39 at display scale 0: 39 decimals short, more than an int128 power of ten
    ('display scale 39 decimals short of the revenue', summary_hex(nitems || jsonb_build_object('rscale', 39, 'rdscale', 39,
        'body', orders_hex(ARRAY[k128(1), k128(2)], ARRAY[125, 50], ARRAY[0, 39], ARRAY[1, 2])))),
    -- the customer id kind and the uuid and text runs ('summary text
    -- customers': 'a', 'ab'; 'summary uuid customers': 11.., 22..)
    ('customer id kind 3', summary_hex(cust || '{"reserved": 50331648}')),
    ('customer id kind without the customer flag', summary_hex(compact || '{"reserved": 16777216}')),
    ('reserved byte after the id kind', summary_hex(tcust || '{"reserved": 33554433}')),
    ('uuid ids descending', summary_hex(ucust || jsonb_build_object('body', '02' || repeat('22', 16) || repeat('11', 16)))),
    ('uuid ids repeated', summary_hex(ucust || jsonb_build_object('body', '02' || repeat('11', 16) || repeat('11', 16)))),
    ('uuid run cut', summary_hex(ucust || jsonb_build_object('body', '02' || repeat('11', 16) || repeat('22', 15)))),
    ('uuid run count not the customers', summary_hex(ucust || jsonb_build_object('body', '01' || repeat('11', 16)))),
    ('uuid ids of bigint kind', summary_hex(ucust || '{"reserved": 0}')),
    ('text ids descending', summary_hex(tcust || jsonb_build_object('body', '02' || '000162' || '000161'))),
    ('text ids repeated', summary_hex(tcust || jsonb_build_object('body', '02' || '000161' || '0100'))),
    ('text id a prefix of the previous', summary_hex(tcust || jsonb_build_object('body', '02' || '00026162' || '0100'))),
    ('text id shares less than it does', summary_hex(tcust || jsonb_build_object('body', '02' || '000161' || '00026162'))),
    ('text id shares more than the previous has', summary_hex(tcust || jsonb_build_object('body', '02' || '000161' || '0200'))),
    ('first text id shares', summary_hex(tcust || jsonb_build_object('body', '02' || '010161' || '010162'))),
    ('text id longer than the value', summary_hex(tcust || jsonb_build_object('body', '02' || '000161' || '010962'))),
    ('text id length beyond 2^32', summary_hex(tcust || jsonb_build_object('body', '02' || '000161' || '01' || vi(4294967296)))),
    ('text id with a zero byte', summary_hex(tcust || jsonb_build_object('body', '02' || '000161' || '01020062'))),
    ('text id not UTF-8', summary_hex(tcust || jsonb_build_object('body', '02' || '000161' || '0101ff'))),
    ('text id cut multibyte character', summary_hex(tcust || jsonb_build_object('body', '02' || '000161' || '0102e5ae'))),
    ('text run count not the customers', summary_hex(tcust || jsonb_build_object('body', '03' || '000161' || '010162'))),
    ('v1 with an id kind', summary_hex(fullv1 || '{"reserved": 16777216}')),
    -- version 1
    ('v1 ids descending', summary_hex(fullv1 || jsonb_build_object('body', h8(7) || h8(-3) || rev1 || items1 || price1))),
    ('v1 ids repeated', summary_hex(fullv1 || jsonb_build_object('body', h8(7) || h8(7) || rev1 || items1 || price1))),
    -- 3 customers: the third id is the start of the revenue vector, whose
    -- scale is then read from its n
    ('v1 customers overlap the vectors', summary_hex(fullv1 || jsonb_build_object('customers', 3, 'body',
        h8(-3) || h8(7) || rev1 || items1 || price1 || h8(9)))),
    ('v1 revenue values missing', summary_hex(fullv1 || jsonb_build_object('body',
        h8(-3) || h8(7) || patch(rev1, 17, h8(3)) || items1 || price1))),
    ('v1 revenue n 2^62', summary_hex(fullv1 || jsonb_build_object('body',
        h8(-3) || h8(7) || patch(rev1, 17, h8(4611686018427387904)) || items1 || price1))),
    ('v1 revenue vector scale', summary_hex(fullv1 || jsonb_build_object('body',
        h8(-3) || h8(7) || patch(rev1, 1, h4(3)) || items1 || price1))),
    ('v1 items vector display scale', summary_hex(fullv1 || jsonb_build_object('body',
        h8(-3) || h8(7) || rev1 || patch(items1, 9, h4(-2)) || price1))),
    ('v1 unit price count', summary_hex(fullv1 || jsonb_build_object('body',
        h8(-3) || h8(7) || rev1 || items1 || patch(price1, 17, h8(4))))),
    ('v1 unit price not its order''s', summary_hex(fullv1 || jsonb_build_object('body',
        h8(-3) || h8(7) || rev1 || items1 || left(price1, -32) || h16(125001)))),
    ('v1 trailing byte', summary_hex(fullv1) || '00'),
    ('v1 stored NaN', summary_hex(f8v1 || jsonb_build_object('body',
        h4(0) || h4(0) || h8(2) || hf('NaN') || hf(0.25) || substr(f8v1->>'body', 65)))),
    ('v1 stored -Infinity', summary_hex(f8v1 || jsonb_build_object('body',
        h4(0) || h4(0) || h8(2) || hf(1.5) || hf('-Infinity') || substr(f8v1->>'body', 65))))
) x(name, hex);

SELECT name, typ, expect_error(format('SELECT %L::%s', hex, typ)) AS input,
       CASE WHEN hex ~ '^([0-9a-f]{2})*$' THEN recv_error(typ, decode(hex, 'hex')) END AS recv
INTO TEMP bad_result FROM bad;
SELECT typ, name, input, CASE WHEN recv = input THEN 'the same' ELSE recv END AS recv
FROM bad_result ORDER BY typ DESC, name COLLATE "C";
-- every one an error of the two kinds, the same through input and recv
SELECT typ, name, input, recv FROM bad_result
WHERE NOT (input LIKE '22P03: %' AND recv = input
           OR input LIKE '22P02: invalid input syntax for type % [The text form is an even number of hexadecimal digits.]'
              AND recv IS NULL);
-- none was loaded: only the valid values are in the tables
SELECT (SELECT count(*) FROM recv_sample) AS samples, (SELECT count(*) FROM recv_counts) AS counts,
       (SELECT count(*) FROM recv_summary) AS summaries,
       (SELECT count(*) FILTER (WHERE typ = 'aov_sample') || ', ' || count(*) FILTER (WHERE typ = 'aov_counts')
               || ', ' || count(*) FILTER (WHERE typ = 'aov_summary') FROM valid) AS valid;

-- aov_summary values that no set of orders gives are refused (22P03): a
-- guests' revenue without guest orders (0 guests, or no customer flag), a
-- guests' revenue other than the revenue when every order is a guest's,
-- and a scale above its display scale (every order's decimals are at most
-- its display scale).  The rows listed are the ones wrongly accepted.
SELECT x.name, expect_error(format('SELECT %L::aov_summary', x.hex)) AS input
FROM (SELECT max(f::text) FILTER (WHERE name = 'summary customers')::jsonb AS cust,
             max(f::text) FILTER (WHERE name = 'summary compact')::jsonb AS compact,
             max(f::text) FILTER (WHERE name = 'summary float8')::jsonb AS f8,
             max(f::text) FILTER (WHERE name = 'summary numeric items')::jsonb AS nitems
      FROM spec) b,
LATERAL (VALUES
    ('guests'' revenue without guests', summary_hex(cust || jsonb_build_object('guests', 0,
        'sums', hw(725) || hw(500) || hw(7)))),
    ('guests'' revenue without the customer flag', summary_hex(compact || jsonb_build_object(
        'sums', hw(375) || hw(999) || hw(2)))),
    ('float8 guests'' revenue without the customer flag', summary_hex(f8 || jsonb_build_object('flags', 2, 'guests', 0,
        'body', substr(f8->>'body', 3)))),
    ('every order a guest''s, guests'' revenue not the revenue', summary_hex(cust || jsonb_build_object('guests', 4,
        'customers', 0, 'sums', hw(725) || hw(100) || hw(7), 'body', '00'))),
    ('revenue scale above its display scale', summary_hex(compact || jsonb_build_object('rscale', 3,
        'sums', hw(3750) || hw(0) || hw(2)))),
    ('items scale above its display scale', summary_hex(nitems || jsonb_build_object('iscale', 3,
        'sums', hw(5) || hw(0) || hw(2250),
        'body', orders_hex(ARRAY[k128(1), k128(2)], ARRAY[1250, 500], ARRAY[0, 0], ARRAY[1, 2]))))
) x(name, hex)
WHERE expect_error(format('SELECT %L::aov_summary', x.hex)) NOT LIKE '22P03: %';

-- the edge values hold what they describe: the mean of the int128 or
-- int64 extremes, of opposite doubles; +Infinity 3 times and -Infinity
-- twice make NaN; 2^61 - 1 or 2^62 - 1 times 1.5; 2^61 - 1 orders, the
-- most a rollup holds; two customers
SELECT name, got, want FROM (
    SELECT 'edge sample numeric' AS name,
           (SELECT _aov_sample_trimmed_mean_numeric(hex::aov_sample) FROM valid WHERE name = 'edge sample numeric')::text AS got,
           (SELECT avg(x) FROM (VALUES (-170141183460469231731687303715884105727),
                                       (170141183460469231731687303715884105727)) v(x))::text AS want
    UNION ALL
    SELECT 'edge sample integer',
           (SELECT _aov_sample_trimmed_mean_float8(hex::aov_sample) FROM valid WHERE name = 'edge sample integer')::text,
           (SELECT avg(x)::float8 FROM (VALUES (-9223372036854775808), (9223372036854775807)) v(x))::text
    UNION ALL
    SELECT 'edge sample float8',
           (SELECT _aov_sample_trimmed_mean_float8(hex::aov_sample) FROM valid WHERE name = 'edge sample float8')::text, '0'
    UNION ALL
    SELECT 'edge sample specials only',
           (SELECT _aov_sample_trimmed_mean_float8(hex::aov_sample) FROM valid WHERE name = 'edge sample specials only')::text,
           (SELECT avg(x) FROM (VALUES ('Infinity'::float8), ('Infinity'), ('Infinity'), ('-Infinity'), ('-Infinity')) v(x))::text
    UNION ALL
    SELECT 'edge sample largest count',
           (SELECT _aov_sample_trimmed_mean_float8(hex::aov_sample) FROM valid WHERE name = 'edge sample largest count')::text,
           '1.5'
    UNION ALL
    SELECT 'edge counts largest count',
           (SELECT _aov_counts_top_float8(hex::aov_counts) FROM valid WHERE name = 'edge counts largest count')::text,
           ARRAY[row(1.5, 4611686018427387903, 1)::aov_top_float8]::text
    UNION ALL
    SELECT 'edge summary largest counts',
           (SELECT (aov_breakdown(hex::aov_summary)).orders FROM valid WHERE name = 'edge summary largest counts')::text,
           '2305843009213693951'
    UNION ALL
    SELECT 'edge summary wide sums',
           (SELECT (b).revenue || ', ' || (b).items FROM (SELECT aov_breakdown(hex::aov_summary) AS b FROM valid
                                                         WHERE name = 'edge summary wide sums') x),
           (-9223372036854775808 * 1152921504606846976::numeric + 1e30 * 1152921504606846975::numeric) || ', '
           || (9223372036854775807 * 1152921504606846976::numeric + 1e25 * 1152921504606846975::numeric)
    UNION ALL
    SELECT 'edge summary largest counts, rolled up twice',
           (SELECT expect_error_hint(format('SELECT aov_rollup(s) FROM (VALUES (%L::aov_summary), (%1$L)) v(s)', hex))
            FROM valid WHERE name = 'edge summary largest counts'),
           '54000: aov_summary of 2^61 orders or more [A summary holds at most 2^61 - 1 orders.] (Roll up fewer summaries into one.)'
    UNION ALL
    SELECT 'edge summary customer ids',
           (SELECT (aov_breakdown(hex::aov_summary)).customers FROM valid WHERE name = 'edge summary customer ids')::text, '2'
) c
WHERE got IS DISTINCT FROM want;

-- numeric scales beyond 1000 (numeric allows 16383): the bytes, and
-- through the text form
SELECT name, got, want, read_back FROM (
    SELECT 'sample' AS name, test_sample(x, 0.1)::text AS got,
           sample_hex(want_numeric(array_agg(x), '{"low": 0.1, "high": 0.1}')) AS want,
           test_sample(x, 0.1)::text::aov_sample::text AS read_back
    FROM (VALUES (1e-1001::numeric), (0), (-3e-1001)) v(x)
    UNION ALL
    SELECT 'counts', test_counts(x, 3)::text, counts_hex(want_numeric(array_agg(x), '{"k": 3}')),
           test_counts(x, 3)::text::aov_counts::text
    FROM (VALUES (1e-1001::numeric), (0), (-3e-1001)) v(x)
    UNION ALL
    SELECT 'summary', aov_summary(x, 1, 1, 0.1)::text,
           summary_hex(want_summary(array_agg(x), NULL, array_agg(1), array_agg(1), 3, 1, 3, 0.1)),
           aov_summary(x, 1, 1, 0.1)::text::aov_summary::text
    FROM (VALUES (1e-1001::numeric), (0), (-3e-1001)) v(x)) c
WHERE got IS DISTINCT FROM want OR read_back IS DISTINCT FROM got;
SELECT got FROM (SELECT (aov_breakdown(aov_summary(x, 1)::text::aov_summary)).revenue AS got
                 FROM (VALUES (1e-1001::numeric)) v(x)) b
WHERE got IS DISTINCT FROM 1e-1001;

DROP FUNCTION h1(integer), h2(integer), h4(integer), h8(bigint), hf(float8), fdiv(numeric, numeric),
              fmod(numeric, numeric), h16(numeric), hw(numeric), f8bits(float8), f8units(float8), xsum_hex(numeric),
              zz(numeric), k64(numeric), k128(numeric), kf(float8), run_hex(numeric[], bigint[]), ids_hex(bigint[]),
              orders_hex(numeric[], numeric[], int[], bigint[]), sample_hex(jsonb), counts_hex(jsonb),
              summary_hex(jsonb), want_numeric(numeric[], jsonb), want_float8(float8[], jsonb),
              want_integer(bigint[], jsonb), want_summary(numeric[], float8[], numeric[], bigint[], int, int, int, float8),
              patch(text, int, text);
DROP AGGREGATE test_detail(numeric, integer);
