--
-- types: aov_sample and aov_counts as values.  The serialized layout is
-- checked field by field against the one documented (doc/reference.md,
-- src/sample.c, src/top_values.c), built here with int*send/float8send;
-- text and binary round trips; final functions on stored (flat, toasted,
-- short-header) states; random split-and-merge through the combine
-- functions; and malformed bytes, which must give an error, never a crash.
--

-- big-endian hex of a field, independent of the extension
CREATE FUNCTION h2(smallint) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT encode(int2send($1), 'hex') $$;
CREATE FUNCTION h4(integer) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT encode(int4send($1), 'hex') $$;
CREATE FUNCTION h8(bigint) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT encode(int8send($1), 'hex') $$;
CREATE FUNCTION hf(float8) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT encode(float8send($1), 'hex') $$;
-- an int128 that fits in int64, sign-extended
CREATE FUNCTION h16(bigint) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT h8(CASE WHEN $1 < 0 THEN -1 ELSE 0 END) || h8($1) $$;

-- ---------------------------------------------------------------------
-- The documented layouts
-- ---------------------------------------------------------------------

-- aov_sample: version 1, kind, reserved u16, scale, display scale, reserved
-- i32, low, high, #NaN, #+Inf, #-Inf, n, then the values
SELECT test_sample(x, 0.1)::text
       = '01' || '02' || h2(0::smallint) || h4(0) || h4(0) || h4(0) || hf(0.1) || hf(0.1)
         || h8(0) || h8(0) || h8(0) || h8(2) || hf(1.0) || hf(-2.5) AS float8_layout
FROM (VALUES (1.0::float8), (-2.5), (NULL)) v(x);
-- float8 specials are counted, not stored
SELECT test_sample(x, 0, 0.25)::text
       = '01' || '02' || h2(0::smallint) || h4(0) || h4(0) || h4(0) || hf(0) || hf(0.25)
         || h8(1) || h8(2) || h8(1) || h8(1) || hf(0.125) AS float8_special_layout
FROM (VALUES ('NaN'::float8), ('Infinity'), (0.125), ('-Infinity'), ('Infinity')) v(x);
-- numeric: int128 values at the largest effective scale (2 here: 2.25),
-- display scale the largest seen (3: 0.500)
SELECT test_sample(x, 0.1, 0.25)::text
       = '01' || '01' || h2(0::smallint) || h4(2) || h4(3) || h4(0) || hf(0.1) || hf(0.25)
         || h8(1) || h8(1) || h8(2) || h8(5)
         || h16(150) || h16(-225) || h16(300) || h16(150) || h16(50) AS numeric_layout
FROM (VALUES (1.5), ('NaN'), (-2.25), ('Infinity'), (3), ('-Infinity'), ('-Infinity'), (1.50), (0.500)) v(x);
-- bigint and integer: kind 3
SELECT test_sample(x, 0.2)::text
       = '01' || '03' || h2(0::smallint) || h4(0) || h4(0) || h4(0) || hf(0.2) || hf(0.2)
         || h8(0) || h8(0) || h8(0) || h8(3) || h8(-1) || h8(4611686018427387904) || h8(-9223372036854775808) AS bigint_layout
FROM (VALUES (-1::bigint), (4611686018427387904), (-9223372036854775808)) v(x);
SELECT test_sample(x, 0.2)::text = test_sample(x::bigint, 0.2)::text AS integer_same_as_bigint
FROM (VALUES (-1), (7), (2147483647)) v(x);

-- aov_counts: version 1, kind, reserved u16, scale, k, display scale, #NaN,
-- #+Inf, #-Inf, d, then d (value, count) pairs in increasing value order
SELECT test_counts(x, 3)::text
       = '01' || '01' || h2(0::smallint) || h4(2) || h4(3) || h4(3) || h8(1) || h8(0) || h8(0) || h8(3)
         || h8(50) || h8(1) || h8(150) || h8(2) || h8(225) || h8(1) AS numeric_layout
FROM (VALUES (1.5), (2.25), (1.50), ('NaN'), (0.500)) v(x);
-- float8: ordered by value (-1.5 has the larger bit pattern), -0 stored as 0
SELECT test_counts(x, 2)::text
       = '01' || '02' || h2(0::smallint) || h4(0) || h4(2) || h4(0) || h8(0) || h8(1) || h8(0) || h8(3)
         || hf(-1.5) || h8(1) || hf(0) || h8(2) || hf(2) || h8(1) AS float8_layout
FROM (VALUES ('-0'::float8), (0), (-1.5), ('Infinity'), (2)) v(x);
SELECT test_counts(x, 1)::text
       = '01' || '03' || h2(0::smallint) || h4(0) || h4(1) || h4(0) || h8(0) || h8(0) || h8(0) || h8(2)
         || h8(-3) || h8(1) || h8(5) || h8(2) AS integer_layout
FROM (VALUES (5), (-3), (5)) v(x);
-- canonical: the same multiset gives the same bytes, whatever the order
SELECT (SELECT test_counts(num, 5 ORDER BY num) FROM t_rand)::text
       = (SELECT test_counts(num, 5 ORDER BY num DESC) FROM t_rand)::text AS counts_canonical,
       (SELECT test_counts(f, 5 ORDER BY id) FROM t_rand)::text
       = (SELECT test_counts(f, 5 ORDER BY md5(id::text)) FROM t_rand)::text AS counts_canonical_f8;
-- upper-case hex is read too
SELECT upper(s::text)::aov_sample::text = s::text AS upper_hex
FROM (SELECT test_sample(x, 0.1) FROM (VALUES (1.0::float8), (-2.5)) v(x)) q(s);

-- ---------------------------------------------------------------------
-- Round trips, and final functions on stored states
-- ---------------------------------------------------------------------

-- about 1,000 states of about 20 values each, one with special values, one
-- with a single value; kept in the row (toast_tuple_target: the row holds
-- eleven states), the smallest with a 1-byte header
CREATE TEMP TABLE st WITH (toast_tuple_target = 8160) AS
SELECT g2 AS g, test_sample(num, 0.1) AS s_num, test_sample(nm, 0.25) AS s_nm,
       test_sample(f, 0.05) AS s_f, test_sample(b, 0.1) AS s_b, test_sample(i, 0) AS s_i,
       test_sample(num, 0.2, 0.1) AS s_asym,
       test_counts(num, 5) AS c_num, test_counts(nm, 5) AS c_nm, test_counts(f, 5) AS c_f,
       test_counts(b, 5) AS c_b, test_counts(i, 5) AS c_i
FROM t_rand GROUP BY g2;
INSERT INTO st
SELECT 1001, test_sample(x::numeric, 0.1), test_sample(x::numeric, 0.1), test_sample(x, 0.1),
       test_sample(1::bigint, 0.1), test_sample(1, 0.1), test_sample(x::numeric, 0.2, 0.1),
       test_counts(x::numeric, 5), test_counts(x::numeric, 5), test_counts(x, 5),
       test_counts(1::bigint, 5), test_counts(1, 5)
FROM (VALUES ('NaN'::float8), ('Infinity'), ('-Infinity'), (1.5), (-2)) v(x);
INSERT INTO st
SELECT 1002, test_sample(1.5, 0.1), test_sample(0.001, 0.1), test_sample(1.5::float8, 0.1),
       test_sample(1::bigint, 0.1), test_sample(1, 0.1), test_sample(1.5, 0.2, 0.1),
       test_counts(1.5, 5), test_counts(0.001, 5), test_counts(1.5::float8, 5),
       test_counts(1::bigint, 5), test_counts(1, 5);
SELECT count(*) AS states, bool_or(pg_column_size(s_f) < 128) AS some_short,
       (SELECT pg_relation_size(reltoastrelid) = 0 FROM pg_class WHERE oid = 'st'::regclass) AS none_toasted
FROM st;

-- text: input(output(x)) = x
SELECT bool_and(s_num::text::aov_sample::text = s_num::text) AS num,
       bool_and(s_nm::text::aov_sample::text = s_nm::text) AS nm,
       bool_and(s_f::text::aov_sample::text = s_f::text) AS f8,
       bool_and(s_b::text::aov_sample::text = s_b::text) AS i8,
       bool_and(s_i::text::aov_sample::text = s_i::text) AS i4,
       bool_and(s_asym::text::aov_sample::text = s_asym::text) AS asym,
       bool_and(c_num::text::aov_counts::text = c_num::text AND c_nm::text::aov_counts::text = c_nm::text
                AND c_f::text::aov_counts::text = c_f::text AND c_b::text::aov_counts::text = c_b::text
                AND c_i::text::aov_counts::text = c_i::text) AS counts
FROM st;
-- the text form does not depend on extra_float_digits
CREATE TEMP TABLE st_text AS SELECT g, s_f::text AS s_f, c_f::text AS c_f FROM st;
SET extra_float_digits = -15;
SELECT bool_and(st.s_f::text = st_text.s_f AND st.c_f::text = st_text.c_f) AS same_text FROM st JOIN st_text USING (g);
RESET extra_float_digits;

-- binary: send() gives the bytes of the text form; COPY (FORMAT binary) out
-- and back in goes through send and recv
SELECT bool_and(_aov_sample_send(s_num) = decode(s_num::text, 'hex')
                AND _aov_sample_send(s_f) = decode(s_f::text, 'hex')
                AND _aov_sample_send(s_b) = decode(s_b::text, 'hex')) AS sample_send,
       bool_and(_aov_counts_send(c_num) = decode(c_num::text, 'hex')
                AND _aov_counts_send(c_f) = decode(c_f::text, 'hex')
                AND _aov_counts_send(c_i) = decode(c_i::text, 'hex')) AS counts_send
FROM st;
CREATE TEMP TABLE st_copy (LIKE st) WITH (toast_tuple_target = 8160);
DO $$
BEGIN
    EXECUTE format('COPY st TO %L (FORMAT binary)', current_setting('data_directory') || '/aov_types_st.bin');
    EXECUTE format('COPY st_copy FROM %L (FORMAT binary)', current_setting('data_directory') || '/aov_types_st.bin');
END $$;
SELECT count(*) AS rows,
       bool_and(a.s_num::text = b.s_num::text AND a.s_nm::text = b.s_nm::text AND a.s_f::text = b.s_f::text
                AND a.s_b::text = b.s_b::text AND a.s_i::text = b.s_i::text AND a.s_asym::text = b.s_asym::text) AS samples,
       bool_and(a.c_num::text = b.c_num::text AND a.c_nm::text = b.c_nm::text AND a.c_f::text = b.c_f::text
                AND a.c_b::text = b.c_b::text AND a.c_i::text = b.c_i::text) AS counts
FROM st a JOIN st_copy b USING (g);

-- final functions on the stored states give what the aggregates give
SELECT count(*) AS groups,
       bool_and(_aov_sample_trimmed_mean_numeric(s_num)::text = a.num::text) AS num,
       bool_and(_aov_sample_trimmed_mean_numeric(s_nm)::text = a.nm::text) AS nm,
       bool_and(_aov_sample_trimmed_mean_float8(s_f) = a.f) AS f8,
       bool_and(_aov_sample_trimmed_mean_float8(s_b) = a.b) AS i8,
       bool_and(_aov_sample_trimmed_mean_float8(s_i) = a.i) AS i4,
       bool_and(_aov_sample_trimmed_mean_numeric(s_asym)::text = a.asym::text) AS asym,
       bool_and(_aov_counts_top_numeric(c_num)::text = a.t_num::text
                AND _aov_counts_top_numeric(c_nm)::text = a.t_nm::text
                AND _aov_counts_top_float8(c_f)::text = a.t_f::text
                AND _aov_counts_top_bigint(c_b)::text = a.t_b::text
                AND _aov_counts_top_bigint(c_i)::text = a.t_i::text) AS top
FROM st_copy
JOIN (SELECT g2 AS g, aov_trimmed_mean(num, 0.1) AS num, aov_trimmed_mean(nm, 0.25) AS nm,
             aov_trimmed_mean(f, 0.05) AS f, aov_trimmed_mean(b, 0.1) AS b, aov_trimmed_mean(i, 0) AS i,
             aov_trimmed_mean(num, 0.2, 0.1) AS asym,
             aov_top_values(num, 5) AS t_num, aov_top_values(nm, 5) AS t_nm, aov_top_values(f, 5) AS t_f,
             aov_top_values(b, 5) AS t_b, aov_top_values(i, 5) AS t_i
      FROM t_rand GROUP BY g2) a USING (g);
-- the special and the one-value states, after the binary round trip
SELECT g, _aov_sample_trimmed_mean_numeric(s_num) AS num, _aov_sample_trimmed_mean_float8(s_f) AS f8,
       _aov_sample_trimmed_mean_numeric(s_asym) AS asym, _aov_counts_top_float8(c_f) AS top_f8,
       _aov_counts_top_numeric(c_nm) AS top_nm
FROM st_copy WHERE g > 1000 ORDER BY g;
-- a final function leaves the stored state as it was
SELECT bool_and(_aov_sample_trimmed_mean_numeric(s_num) = _aov_sample_trimmed_mean_numeric(s_num::text::aov_sample)
                AND s_num::text = st_text_num) AS repeatable
FROM (SELECT s_num, s_num::text AS st_text_num FROM st) q;

-- states of 2,800 to 6,900 values are too large for the row: they are
-- stored out of line (TOAST), and must read back the same
CREATE TEMP TABLE st_big AS
SELECT g, test_sample(num, 0.1) AS s_num, test_sample(f, 0.05) AS s_f, test_counts(fc, 5) AS c_fc
FROM t_rand GROUP BY g;
SELECT bool_and(pg_column_size(s_num) > 2100 AND pg_column_size(s_f) > 2100
                AND pg_column_size(c_fc) > 2100) AS out_of_line,
       (SELECT pg_relation_size(reltoastrelid) > 0 FROM pg_class WHERE oid = 'st_big'::regclass) AS toasted
FROM st_big;
-- the text form holds every value: 2 hex digits per byte, 64 header bytes
-- and 16 per numeric or 8 per float8 value; 48 + 16 per distinct value
SELECT g, length(s_num::text) = 2 * (64 + 16 * n_num) AS num_text_complete,
       length(s_f::text) = 2 * (64 + 8 * n_f) AS f8_text_complete,
       length(c_fc::text) = 2 * (48 + 16 * d_fc) AS counts_text_complete,
       octet_length(_aov_sample_send(s_num)) = 64 + 16 * n_num AS num_send_complete,
       octet_length(_aov_counts_send(c_fc)) = 48 + 16 * d_fc AS counts_send_complete
FROM st_big
JOIN (SELECT g, count(num) AS n_num, count(f) AS n_f, count(DISTINCT fc) AS d_fc FROM t_rand GROUP BY g) n USING (g)
ORDER BY g;
SELECT g, s_num::text::aov_sample::text = s_num::text AS num_text,
       s_f::text::aov_sample::text = s_f::text AS f8_text,
       c_fc::text::aov_counts::text = c_fc::text AS counts_text
FROM st_big ORDER BY g;
SELECT g, _aov_sample_trimmed_mean_numeric(s_num) = (SELECT aov_trimmed_mean(num, 0.1) FROM t_rand t WHERE t.g = st_big.g) AS num,
       _aov_sample_trimmed_mean_float8(s_f) = (SELECT aov_trimmed_mean(f, 0.05) FROM t_rand t WHERE t.g = st_big.g) AS f8,
       _aov_counts_top_float8(c_fc)::text = (SELECT aov_top_values(fc, 5)::text FROM t_rand t WHERE t.g = st_big.g) AS top
FROM st_big ORDER BY g;
SELECT _aov_sample_trimmed_mean_numeric(test_merge(s_num)) = (SELECT aov_trimmed_mean(num, 0.1) FROM t_rand) AS merged
FROM st_big;

-- ---------------------------------------------------------------------
-- Random split-and-merge: rows go to random partitions, one state per
-- partition (some partitions hold only NULLs, some are missing and give a
-- NULL state), states are merged in random orders; the result equals one pass
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

-- one pass; the aov_counts states are compared by the md5 of their text
CREATE TEMP TABLE one_pass AS
SELECT g, aov_trimmed_mean(num, 0.1) AS num, aov_trimmed_mean(nm, 0.1) AS nm, aov_trimmed_mean(f, 0.1) AS f,
       aov_trimmed_mean(b, 0.25) AS b, aov_trimmed_mean(i, 0.4999) AS i,
       md5(test_counts(num, 10)::text) AS c_num, md5(test_counts(nm, 10)::text) AS c_nm,
       md5(test_counts(f, 10)::text) AS c_f, md5(test_counts(b, 10)::text) AS c_b,
       aov_top_values(num, 10) AS t_num, aov_top_values(f, 10) AS t_f, aov_top_values(b, 10) AS t_b
FROM t_rand GROUP BY g;

SELECT salt, count(*) AS groups,
       bool_and(m.num = o.num AND m.num::text = o.num::text) AS num,
       bool_and(m.nm = o.nm AND m.nm::text = o.nm::text) AS nm,
       bool_and(m.f = o.f) AS f8, bool_and(m.b = o.b) AS i8, bool_and(m.i = o.i) AS i4,
       bool_and(m.c_num = o.c_num AND m.c_nm = o.c_nm AND m.c_f = o.c_f AND m.c_b = o.c_b) AS counts_bytes,
       bool_and(m.t_num::text = o.t_num::text AND m.t_f::text = o.t_f::text AND m.t_b::text = o.t_b::text) AS top
FROM (SELECT salt, g,
             test_merge_numeric(s_num ORDER BY md5(salt || p)) AS num,
             test_merge_numeric(s_nm ORDER BY md5(salt || p || 'nm')) AS nm,
             test_merge_float8(s_f ORDER BY md5(salt || p || 'f')) AS f,
             test_merge_float8(s_b ORDER BY md5(salt || p || 'b')) AS b,
             test_merge_float8(s_i ORDER BY md5(salt || p || 'i')) AS i,
             md5(test_merge(c_num ORDER BY md5(salt || p || 'c'))::text) AS c_num,
             md5(test_merge(c_nm ORDER BY md5(salt || p || 'cnm'))::text) AS c_nm,
             md5(test_merge(c_f ORDER BY md5(salt || p || 'cf'))::text) AS c_f,
             md5(test_merge(c_b ORDER BY md5(salt || p || 'cb'))::text) AS c_b,
             test_merge_top_numeric(c_num ORDER BY md5(salt || p || 't')) AS t_num,
             test_merge_top_float8(c_f ORDER BY md5(salt || p || 'tf')) AS t_f,
             test_merge_top_bigint(c_b ORDER BY md5(salt || p || 'tb')) AS t_b
      FROM parts CROSS JOIN (VALUES ('a'), ('b'), ('c'), ('d')) AS salts(salt)
      GROUP BY salt, g) m
JOIN one_pass o USING (g) GROUP BY salt ORDER BY salt;

-- 7 large partitions per group, never stored (a materialized CTE holds the
-- flat states)
WITH pp AS MATERIALIZED (
    SELECT g, p, test_sample(num, 0.1) AS s_num, test_sample(f, 0.1) AS s_f, test_counts(nm, 10) AS c_nm
    FROM (SELECT t.*, floor(test_rnd(id, 'bigpart') * 7)::int AS p FROM t_rand t) s GROUP BY g, p)
SELECT count(*) AS groups, bool_and(m.num::text = o.num::text) AS num, bool_and(m.f = o.f) AS f8,
       bool_and(m.c_nm = o.c_nm) AS counts_bytes
FROM (SELECT g, test_merge_numeric(s_num ORDER BY md5(p || 'x')) AS num,
             test_merge_float8(s_f ORDER BY md5(p || 'y')) AS f,
             md5(test_merge(c_nm ORDER BY md5(p || 'z'))::text) AS c_nm
      FROM pp GROUP BY g) m
JOIN one_pass o USING (g);

-- a merged state is a state: merge the merged halves again
SELECT bool_and(x.num = o.num AND x.num::text = o.num::text) AS num_two_level
FROM (SELECT g, _aov_sample_trimmed_mean_numeric(test_merge(h ORDER BY half DESC)) AS num
      FROM (SELECT g, p % 2 AS half, test_merge(s_num ORDER BY p) AS h FROM parts GROUP BY g, p % 2) q
      GROUP BY g) x
JOIN one_pass o USING (g);
-- merging only empty and NULL states gives an empty state: the final is NULL
SELECT _aov_sample_trimmed_mean_numeric(test_merge(s_num)) IS NULL AS empty_sample,
       _aov_counts_top_numeric(test_merge(c_num)) IS NULL AS empty_counts,
       test_merge(s_num) IS NOT NULL AS state_exists
FROM parts WHERE p >= 200 AND g = 1;
SELECT test_merge(s_num) IS NULL AS all_null_states FROM parts WHERE p = 201;
-- numeric scales differ between the partitions: merging raises them
SELECT count(DISTINCT substr(s_nm::text, 9, 8)) > 1 AS partitions_differ_in_scale FROM parts WHERE g = 1 AND p < 200;

-- ---------------------------------------------------------------------
-- Malformed values: input (text) and recv (binary COPY) give an error,
-- 22P02 invalid_text_representation for bad hex, 22P03
-- invalid_binary_representation for bad bytes
-- ---------------------------------------------------------------------

CREATE TEMP TABLE valid (name text, typ text, hex text);
INSERT INTO valid
SELECT 'sample_f8', 'aov_sample', test_sample(x, 0.1)::text FROM (VALUES (1.0::float8), (-2.5)) v(x)
UNION ALL
SELECT 'sample_num', 'aov_sample', test_sample(x, 0.1)::text FROM (VALUES (1.5), (2.25)) v(x)
UNION ALL
SELECT 'sample_int', 'aov_sample', test_sample(x, 0.1)::text FROM (VALUES (1), (2)) v(x)
UNION ALL
SELECT 'counts_f8', 'aov_counts', test_counts(x, 3)::text FROM (VALUES (1.0::float8), (-2.5), (1)) v(x)
UNION ALL
SELECT 'counts_num', 'aov_counts', test_counts(x, 3)::text FROM (VALUES (1.5), (2.25), (2.25)) v(x)
UNION ALL
SELECT 'counts_int', 'aov_counts', test_counts(x, 3)::text FROM (VALUES (1), (2), (2)) v(x);
-- they are valid
SELECT name, expect_error(format('SELECT %L::%s', hex, typ)) AS valid FROM valid ORDER BY name COLLATE "C";

-- hex offsets (1-based characters; byte b is at 2b+1):
--   aov_sample: version 1, kind 3, reserved 5-8, scale 9-16, dscale 17-24,
--     reserved 25-32, low 33-48, high 49-64, #NaN 65-80, #+Inf 81-96,
--     #-Inf 97-112, n 113-128, values from 129
--   aov_counts: version 1, kind 3, reserved 5-8, scale 9-16, k 17-24,
--     dscale 25-32, #NaN 33-48, #+Inf 49-64, #-Inf 65-80, d 81-96,
--     pairs from 97 (32 characters each: value, count)
CREATE FUNCTION patch(h text, pos int, bytes text) RETURNS text LANGUAGE sql IMMUTABLE
    AS $$ SELECT overlay(h placing bytes from pos for length(bytes)) $$;
CREATE TEMP TABLE bad (name text, typ text, hex text);
INSERT INTO bad
SELECT 'empty', 'aov_sample', ''
UNION ALL SELECT 'only version', 'aov_sample', '01'
UNION ALL SELECT 'header cut', 'aov_sample', left(hex, 100) FROM valid WHERE name = 'sample_f8'
UNION ALL SELECT 'last byte missing', 'aov_sample', left(hex, -2) FROM valid WHERE name = 'sample_f8'
UNION ALL SELECT 'odd length', 'aov_sample', left(hex, -1) FROM valid WHERE name = 'sample_f8'
UNION ALL SELECT 'non-hex', 'aov_sample', patch(hex, 7, 'zz') FROM valid WHERE name = 'sample_f8'
UNION ALL SELECT 'space', 'aov_sample', ' ' || left(hex, -1) FROM valid WHERE name = 'sample_f8'
UNION ALL SELECT 'version 0', 'aov_sample', patch(hex, 1, '00') FROM valid WHERE name = 'sample_f8'
UNION ALL SELECT 'version 2', 'aov_sample', patch(hex, 1, '02') FROM valid WHERE name = 'sample_f8'
UNION ALL SELECT 'version 255', 'aov_sample', patch(hex, 1, 'ff') FROM valid WHERE name = 'sample_f8'
UNION ALL SELECT 'kind 0', 'aov_sample', patch(hex, 3, '00') FROM valid WHERE name = 'sample_f8'
UNION ALL SELECT 'kind 4', 'aov_sample', patch(hex, 3, '04') FROM valid WHERE name = 'sample_f8'
UNION ALL SELECT 'reserved u16', 'aov_sample', patch(hex, 5, '0001') FROM valid WHERE name = 'sample_f8'
UNION ALL SELECT 'reserved i32', 'aov_sample', patch(hex, 25, '80000000') FROM valid WHERE name = 'sample_f8'
UNION ALL SELECT 'scale negative', 'aov_sample', patch(hex, 9, h4(-1)) FROM valid WHERE name = 'sample_num'
UNION ALL SELECT 'scale above dscale', 'aov_sample', patch(hex, 9, h4(3)) FROM valid WHERE name = 'sample_num'
UNION ALL SELECT 'dscale above 16383', 'aov_sample', patch(patch(hex, 9, h4(16384)), 17, h4(16384)) FROM valid WHERE name = 'sample_num'
UNION ALL SELECT 'dscale in float8', 'aov_sample', patch(hex, 17, h4(2)) FROM valid WHERE name = 'sample_f8'
UNION ALL SELECT 'low negative', 'aov_sample', patch(hex, 33, hf(-0.1)) FROM valid WHERE name = 'sample_f8'
UNION ALL SELECT 'low NaN', 'aov_sample', patch(hex, 33, hf('NaN')) FROM valid WHERE name = 'sample_f8'
UNION ALL SELECT 'high infinite', 'aov_sample', patch(hex, 49, hf('Infinity')) FROM valid WHERE name = 'sample_f8'
UNION ALL SELECT 'low + high = 1', 'aov_sample', patch(hex, 33, hf(0.5) || hf(0.5)) FROM valid WHERE name = 'sample_f8'
UNION ALL SELECT 'high -0.1', 'aov_sample', patch(hex, 49, hf(-0.1)) FROM valid WHERE name = 'sample_num'
UNION ALL SELECT 'NaN count negative', 'aov_sample', patch(hex, 65, h8(-1)) FROM valid WHERE name = 'sample_f8'
UNION ALL SELECT '+Inf count negative', 'aov_sample', patch(hex, 81, h8(-5)) FROM valid WHERE name = 'sample_f8'
UNION ALL SELECT '-Inf count negative', 'aov_sample', patch(hex, 97, h8(-9223372036854775808)) FROM valid WHERE name = 'sample_num'
UNION ALL SELECT 'NaN count huge', 'aov_sample', patch(hex, 65, h8(9223372036854775807)) FROM valid WHERE name = 'sample_f8'
UNION ALL SELECT 'n negative', 'aov_sample', patch(hex, 113, h8(-1)) FROM valid WHERE name = 'sample_f8'
UNION ALL SELECT 'n larger than data', 'aov_sample', patch(hex, 113, h8(3)) FROM valid WHERE name = 'sample_f8'
UNION ALL SELECT 'n huge', 'aov_sample', patch(hex, 113, h8(9223372036854775807)) FROM valid WHERE name = 'sample_num'
UNION ALL SELECT 'n smaller than data', 'aov_sample', patch(hex, 113, h8(1)) FROM valid WHERE name = 'sample_num'
UNION ALL SELECT 'trailing byte', 'aov_sample', hex || '00' FROM valid WHERE name = 'sample_f8'
UNION ALL SELECT 'numeric half value', 'aov_sample', left(hex, -16) FROM valid WHERE name = 'sample_num'
UNION ALL SELECT 'stored NaN', 'aov_sample', patch(hex, 129, hf('NaN')) FROM valid WHERE name = 'sample_f8'
UNION ALL SELECT 'stored +Infinity', 'aov_sample', patch(hex, 145, hf('Infinity')) FROM valid WHERE name = 'sample_f8'
UNION ALL SELECT 'stored -Infinity', 'aov_sample', patch(hex, 129, hf('-Infinity')) FROM valid WHERE name = 'sample_f8'
UNION ALL SELECT 'integer with NaN', 'aov_sample', patch(hex, 65, h8(1)) FROM valid WHERE name = 'sample_int'
UNION ALL SELECT 'integer with -Inf', 'aov_sample', patch(hex, 97, h8(1)) FROM valid WHERE name = 'sample_int'
UNION ALL SELECT 'counts empty', 'aov_counts', ''
UNION ALL SELECT 'counts header cut', 'aov_counts', left(hex, 90) FROM valid WHERE name = 'counts_f8'
UNION ALL SELECT 'counts odd length', 'aov_counts', hex || '0' FROM valid WHERE name = 'counts_f8'
UNION ALL SELECT 'counts non-hex', 'aov_counts', patch(hex, 99, 'x1') FROM valid WHERE name = 'counts_f8'
UNION ALL SELECT 'counts version 2', 'aov_counts', patch(hex, 1, '02') FROM valid WHERE name = 'counts_f8'
UNION ALL SELECT 'counts kind 9', 'aov_counts', patch(hex, 3, '09') FROM valid WHERE name = 'counts_f8'
UNION ALL SELECT 'counts reserved', 'aov_counts', patch(hex, 5, 'ff00') FROM valid WHERE name = 'counts_f8'
UNION ALL SELECT 'counts k 0', 'aov_counts', patch(hex, 17, h4(0)) FROM valid WHERE name = 'counts_f8'
UNION ALL SELECT 'counts k negative', 'aov_counts', patch(hex, 17, h4(-3)) FROM valid WHERE name = 'counts_num'
UNION ALL SELECT 'counts scale above dscale', 'aov_counts', patch(hex, 9, h4(5)) FROM valid WHERE name = 'counts_num'
UNION ALL SELECT 'counts dscale in integer', 'aov_counts', patch(hex, 25, h4(1)) FROM valid WHERE name = 'counts_int'
UNION ALL SELECT 'counts NaN count negative', 'aov_counts', patch(hex, 33, h8(-1)) FROM valid WHERE name = 'counts_f8'
UNION ALL SELECT 'counts d negative', 'aov_counts', patch(hex, 81, h8(-1)) FROM valid WHERE name = 'counts_f8'
UNION ALL SELECT 'counts d larger than data', 'aov_counts', patch(hex, 81, h8(3)) FROM valid WHERE name = 'counts_f8'
UNION ALL SELECT 'counts d smaller than data', 'aov_counts', patch(hex, 81, h8(1)) FROM valid WHERE name = 'counts_f8'
UNION ALL SELECT 'counts trailing byte', 'aov_counts', hex || 'ff' FROM valid WHERE name = 'counts_int'
UNION ALL SELECT 'counts unsorted', 'aov_counts', left(hex, 96) || substr(hex, 129, 32) || substr(hex, 97, 32) FROM valid WHERE name = 'counts_f8'
UNION ALL SELECT 'counts unsorted numeric', 'aov_counts', left(hex, 96) || substr(hex, 129, 32) || substr(hex, 97, 32) FROM valid WHERE name = 'counts_num'
UNION ALL SELECT 'counts duplicate', 'aov_counts', left(hex, 96) || substr(hex, 97, 32) || substr(hex, 97, 32) FROM valid WHERE name = 'counts_int'
UNION ALL SELECT 'counts zero count', 'aov_counts', patch(hex, 113, h8(0)) FROM valid WHERE name = 'counts_f8'
UNION ALL SELECT 'counts negative count', 'aov_counts', patch(hex, 145, h8(-2)) FROM valid WHERE name = 'counts_num'
UNION ALL SELECT 'counts count overflow', 'aov_counts', patch(patch(hex, 113, h8(4611686018427387904)), 145, h8(4611686018427387904)) FROM valid WHERE name = 'counts_int'
UNION ALL SELECT 'counts NaN value', 'aov_counts', patch(hex, 97, hf('NaN')) FROM valid WHERE name = 'counts_f8'
UNION ALL SELECT 'counts infinite value', 'aov_counts', patch(hex, 129, hf('Infinity')) FROM valid WHERE name = 'counts_f8'
UNION ALL SELECT 'counts -0 value', 'aov_counts', patch(hex, 129, hf('-0')) FROM valid WHERE name = 'counts_f8'
UNION ALL SELECT 'counts integer with NaN', 'aov_counts', patch(hex, 33, h8(2)) FROM valid WHERE name = 'counts_int'
UNION ALL SELECT 'counts integer with +Inf', 'aov_counts', patch(hex, 49, h8(2)) FROM valid WHERE name = 'counts_int';

-- recv through COPY (FORMAT binary): a bytea column has the same field
-- layout (length, bytes), so its file is read into the state type
CREATE TEMP TABLE recv_src (b bytea);
CREATE TEMP TABLE recv_sample (v aov_sample);
CREATE TEMP TABLE recv_counts (v aov_counts);
CREATE TEMP TABLE recv_summary (v aov_summary);
CREATE FUNCTION recv_error(typ text, bytes bytea) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    path text := current_setting('data_directory') || '/aov_types_recv.bin';
    st text;
    msg text;
BEGIN
    TRUNCATE recv_src;
    INSERT INTO recv_src VALUES (bytes);
    EXECUTE format('COPY recv_src TO %L (FORMAT binary)', path);
    BEGIN
        EXECUTE format('COPY %I FROM %L (FORMAT binary)',
                       CASE typ WHEN 'aov_sample' THEN 'recv_sample' WHEN 'aov_counts' THEN 'recv_counts'
                                 ELSE 'recv_summary' END, path);
        RETURN 'no error';
    EXCEPTION WHEN OTHERS THEN
        GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE, msg = MESSAGE_TEXT;
        RETURN st || ': ' || msg;
    END;
END $$;
-- the valid values go through recv unchanged
SELECT name, recv_error(typ, decode(hex, 'hex')) AS recv FROM valid ORDER BY name COLLATE "C";
SELECT (SELECT count(*) FROM recv_sample) AS samples, (SELECT count(*) FROM recv_counts) AS counts,
       (SELECT bool_and(v::text IN (SELECT hex FROM valid)) FROM recv_sample) AS sample_same,
       (SELECT bool_and(v::text IN (SELECT hex FROM valid)) FROM recv_counts) AS counts_same;

SELECT name, expect_error(format('SELECT %L::%s', hex, typ)) AS input,
       CASE WHEN hex ~ '^([0-9a-f]{2})*$' THEN recv_error(typ, decode(hex, 'hex')) END AS recv
FROM bad ORDER BY typ DESC, name COLLATE "C";
-- only the six valid values were loaded
SELECT (SELECT count(*) FROM recv_sample) AS samples, (SELECT count(*) FROM recv_counts) AS counts;

-- ---------------------------------------------------------------------
-- aov_summary (src/breakdown.c): the documented layout, round trips and
-- malformed values
-- ---------------------------------------------------------------------
-- an int128 and its carry (an exact sum)
CREATE FUNCTION hw(bigint) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT h16($1) || h8(0) $$;

-- version, flags, revenue kind, items kind, revenue scale and display
-- scale, items scale and display scale, reserved, trim, orders, zero-item
-- orders, guest orders, customers, revenue sum, guest revenue sum, items sum
SELECT aov_summary(r, q)::text
       = '01' || '00' || '01' || '03' || h4(2) || h4(2) || h4(0) || h4(0) || h4(0) || hf(0)
         || h8(2) || h8(1) || h8(0) || h8(0) || hw(375) || hw(0) || hw(2) AS compact_layout
FROM (VALUES (1.50, 2), (2.25, 0), (NULL, 1), (7, NULL)) v(r, q);
-- with customer ids (sorted) and per-order values: revenue at the sums'
-- scale, items, and unit prices at 4 decimals beyond each revenue's display
-- scale (1.50/2 = 0.750000, 3/1 = 3.0000, 0.5/4 = 0.12500: scale 6)
SELECT aov_summary(r, q, c, 0.1)::text
       = '01' || '03' || '01' || '03' || h4(2) || h4(2) || h4(0) || h4(0) || h4(0) || hf(0.1)
         || h8(4) || h8(1) || h8(1) || h8(2) || hw(725) || hw(225) || hw(7)
         || h8(-3) || h8(7)
         || h4(2) || h4(2) || h8(4) || h16(150) || h16(225) || h16(300) || h16(50)
         || h4(0) || h4(0) || h8(4) || h8(2) || h8(0) || h8(1) || h8(4)
         || h4(6) || h4(2) || h8(3) || h16(750000) || h16(3000000) || h16(125000) AS full_layout
FROM (VALUES (1.50, 2, 7), (2.25, 0, NULL), (3, 1, 7), (0.5, 4, -3)) v(r, q, c);
-- numeric items: their own scales (2 for 1.25 and 3.25, display 3 for
-- 1.250); float8 revenue: 72 big-endian chunks per sum
SELECT substr(aov_summary(r, q)::text, 1, 48)
       = '01' || '00' || '01' || '01' || h4(0) || h4(0) || h4(2) || h4(3) || h4(0) AS numeric_items_header,
       substr(aov_summary(r, q)::text, 225) = hw(450) AS numeric_items_sum
FROM (VALUES (1, 1.250), (2, 3.25)) v(r, q);
SELECT length(aov_summary(r, q)::text) = 2 * (64 + 2 * 576 + 24) AS float8_length,
       substr(aov_summary(r, q)::text, 1, 8) = '01000203' AS float8_kinds
FROM (VALUES (1.5::float8, 1), (-0.25, 2)) v(r, q);

-- text and binary round trips, and the breakdown of a stored (flat) value
CREATE TEMP TABLE stored_summary (name text, s aov_summary);
INSERT INTO stored_summary
SELECT 'numeric', aov_summary(num, (id % 5)::int - 1, id % 97, 0.1) FROM t_rand
UNION ALL SELECT 'numeric items', aov_summary(num, (id % 7)::numeric / 4, id % 97, 0.1) FROM t_rand
UNION ALL SELECT 'float8', aov_summary(f, (id % 5)::int - 1, id % 97, 0.1) FROM t_rand
UNION ALL SELECT 'float8 compact', aov_summary(f, (id % 5)::int) FROM t_rand
UNION ALL SELECT 'compact customers', aov_summary(num, (id % 5)::int, CASE WHEN id % 10 > 0 THEN id END) FROM t_rand;
SELECT name, s::text::aov_summary::text = s::text AS text_round_trip,
       _aov_summary_send(s) = decode(s::text, 'hex') AS send_is_the_bytes,
       recv_error('aov_summary', _aov_summary_send(s)) AS recv
FROM stored_summary ORDER BY name;
SELECT bool_and(r.v::text = s.s::text) AS recv_round_trip, count(*) AS n
FROM recv_summary r JOIN stored_summary s ON r.v::text = s.s::text;
-- the stored value gives the same breakdown as the aggregate
SELECT bool_and(aov_breakdown(s)::text = b::text) AS stored_equals_aggregate
FROM stored_summary JOIN (
    SELECT 'numeric' AS name, aov_breakdown(num, (id % 5)::int - 1, id % 97, 0.1) AS b FROM t_rand
    UNION ALL SELECT 'numeric items', aov_breakdown(num, (id % 7)::numeric / 4, id % 97, 0.1) FROM t_rand
    UNION ALL SELECT 'float8', aov_breakdown(f, (id % 5)::int - 1, id % 97, 0.1) FROM t_rand) a USING (name);
-- equal sets of customers serialize alike, whatever the arrival order
SELECT (SELECT aov_summary(num, 1, id)::text FROM (SELECT * FROM t_rand ORDER BY id) o)
     = (SELECT aov_summary(num, 1, id)::text FROM (SELECT * FROM t_rand ORDER BY id DESC) o) AS canonical_customers;

TRUNCATE recv_summary;
CREATE TEMP TABLE valid_summary (name text, hex text);
INSERT INTO valid_summary
SELECT 'full', aov_summary(r, q, c, 0.1)::text
FROM (VALUES (1.50, 2, 7), (2.25, 0, NULL), (3, 1, 7), (0.5, 4, -3)) v(r, q, c)
UNION ALL
SELECT 'compact', aov_summary(r, q)::text FROM (VALUES (1.50, 2), (2.25, 0)) v(r, q)
UNION ALL
SELECT 'float8', aov_summary(r, q, NULL::bigint, 0.1)::text FROM (VALUES (1.5::float8, 2), (0.25, 1)) v(r, q);
SELECT name, expect_error(format('SELECT %L::aov_summary', hex)) AS valid FROM valid_summary ORDER BY name;

-- hex offsets (1-based characters): flags 3, kinds 5 and 7, scales 9, 17,
-- 25, 33, reserved 41, trim 49, orders 65, zero-item 81, guests 97,
-- customers 113, sums from 129 (numeric: 48 characters each; float8: 1152),
-- for 'full': ids 273 and 289, revenue vector at 305 (n at 321, values
-- 337), items vector at 465 (n at 481), unit price vector at 561 (n at 577);
-- for 'float8': revenue vector at 2481 (values from 2513)
CREATE TEMP TABLE bad_summary (name text, hex text);
INSERT INTO bad_summary
SELECT 'empty', ''
UNION ALL SELECT 'header cut', left(hex, 100) FROM valid_summary WHERE name = 'compact'
UNION ALL SELECT 'last byte missing', left(hex, -2) FROM valid_summary WHERE name = 'full'
UNION ALL SELECT 'trailing byte', hex || '00' FROM valid_summary WHERE name = 'full'
UNION ALL SELECT 'version 2', patch(hex, 1, '02') FROM valid_summary WHERE name = 'compact'
UNION ALL SELECT 'unknown flag', patch(hex, 3, '04') FROM valid_summary WHERE name = 'compact'
UNION ALL SELECT 'revenue kind 3', patch(hex, 5, '03') FROM valid_summary WHERE name = 'compact'
UNION ALL SELECT 'items kind 2', patch(hex, 7, '02') FROM valid_summary WHERE name = 'compact'
UNION ALL SELECT 'float8 revenue, numeric items', patch(hex, 7, '01') FROM valid_summary WHERE name = 'float8'
UNION ALL SELECT 'scale negative', patch(hex, 9, h4(-1)) FROM valid_summary WHERE name = 'compact'
UNION ALL SELECT 'display scale 16384', patch(hex, 17, h4(16384)) FROM valid_summary WHERE name = 'compact'
UNION ALL SELECT 'scale in float8', patch(hex, 9, h4(2)) FROM valid_summary WHERE name = 'float8'
UNION ALL SELECT 'items scale in integer', patch(hex, 25, h4(1)) FROM valid_summary WHERE name = 'compact'
UNION ALL SELECT 'reserved', patch(hex, 41, h4(1)) FROM valid_summary WHERE name = 'compact'
UNION ALL SELECT 'trim 0.5', patch(hex, 49, hf(0.5)) FROM valid_summary WHERE name = 'full'
UNION ALL SELECT 'trim NaN', patch(hex, 49, hf('NaN')) FROM valid_summary WHERE name = 'full'
UNION ALL SELECT 'trim without detail', patch(hex, 49, hf(0.1)) FROM valid_summary WHERE name = 'compact'
UNION ALL SELECT 'orders negative', patch(hex, 65, h8(-1)) FROM valid_summary WHERE name = 'compact'
UNION ALL SELECT 'orders huge', patch(hex, 65, h8(9223372036854775807)) FROM valid_summary WHERE name = 'compact'
UNION ALL SELECT 'zero-item above orders', patch(hex, 81, h8(3)) FROM valid_summary WHERE name = 'compact'
UNION ALL SELECT 'guests without customers', patch(hex, 97, h8(1)) FROM valid_summary WHERE name = 'compact'
UNION ALL SELECT 'guests above orders', patch(hex, 97, h8(5)) FROM valid_summary WHERE name = 'full'
UNION ALL SELECT 'customers above orders', patch(hex, 113, h8(4)) FROM valid_summary WHERE name = 'full'
UNION ALL SELECT 'customers overlap the values', patch(hex, 113, h8(3)) || h8(9) FROM valid_summary WHERE name = 'full'
UNION ALL SELECT 'sum carry huge', patch(hex, 161, h8(9223372036854775807)) FROM valid_summary WHERE name = 'compact'
UNION ALL SELECT 'float8 sum not normalized', patch(hex, 129, h8(-1)) FROM valid_summary WHERE name = 'float8'
UNION ALL SELECT 'float8 top chunk huge', patch(hex, 129 + 71 * 16, h8(9223372036854775807)) FROM valid_summary WHERE name = 'float8'
UNION ALL SELECT 'ids descending', patch(hex, 273, h8(7) || h8(-3)) FROM valid_summary WHERE name = 'full'
UNION ALL SELECT 'ids repeated', patch(hex, 273, h8(7) || h8(7)) FROM valid_summary WHERE name = 'full'
UNION ALL SELECT 'revenue values missing', patch(hex, 321, h8(3)) FROM valid_summary WHERE name = 'full'
UNION ALL SELECT 'revenue n huge', patch(hex, 321, h8(4611686018427387904)) FROM valid_summary WHERE name = 'full'
UNION ALL SELECT 'revenue vector scale', patch(hex, 305, h4(3)) FROM valid_summary WHERE name = 'full'
UNION ALL SELECT 'items vector display scale', patch(hex, 473, h4(-2)) FROM valid_summary WHERE name = 'full'
UNION ALL SELECT 'unit price count', patch(hex, 577, h8(4)) FROM valid_summary WHERE name = 'full'
UNION ALL SELECT 'detail flag without values', patch(hex, 3, '02') FROM valid_summary WHERE name = 'compact'
UNION ALL SELECT 'stored NaN', patch(hex, 2513, hf('NaN')) FROM valid_summary WHERE name = 'float8'
UNION ALL SELECT 'stored -Infinity', patch(hex, 2529, hf('-Infinity')) FROM valid_summary WHERE name = 'float8';
SELECT name, expect_error(format('SELECT %L::aov_summary', hex)) AS input,
       CASE WHEN hex ~ '^([0-9a-f]{2})*$' THEN recv_error('aov_summary', decode(hex, 'hex')) END AS recv
FROM bad_summary ORDER BY name COLLATE "C";
SELECT count(*) AS none_loaded FROM recv_summary;

-- numeric scales beyond 1000 (numeric allows 16383) survive the text form
SELECT test_sample(x, 0.1)::text::aov_sample::text = test_sample(x, 0.1)::text AS sample_scale_1001,
       test_counts(x, 3)::text::aov_counts::text = test_counts(x, 3)::text AS counts_scale_1001
FROM (VALUES (1e-1001::numeric)) v(x);
SELECT aov_summary(x, 1)::text::aov_summary::text = aov_summary(x, 1)::text AS scale_1001_round_trip,
       (aov_breakdown(aov_summary(x, 1)::text::aov_summary)).revenue = 1e-1001 AS scale_1001_value
FROM (VALUES (1e-1001::numeric)) v(x);
-- an integer items sum beyond what int4 items of these orders can reach is refused
SELECT expect_error(format('SELECT %L::aov_summary',
    overlay(aov_summary(10::float8, 4)::text PLACING '00000000000000010000000000000000' FROM 2433 FOR 32))) AS items_sum_too_big;
