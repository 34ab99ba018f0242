--
-- setup: the extension and the fixtures shared by the other tests.
--
-- Data is generated from md5 hashes of the row number, so it is the same on
-- every PostgreSQL version and platform (random() changed its generator in
-- PostgreSQL 15).  Every test compares the extension's results with a plain
-- SQL computation over the same rows; the expected files hold booleans and
-- counts, rarely raw numbers.
--
CREATE EXTENSION aov_ext;

-- A uniform float8 in [0, 1) from 52 bits of md5(salt:i).
CREATE FUNCTION test_rnd(i bigint, salt text) RETURNS float8
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    AS $$ SELECT ('x' || substr(md5(salt || ':' || i), 1, 13))::bit(52)::bigint
                 / 4503599627370496.0::float8 $$;

-- Runs a statement and reports its error as 'SQLSTATE: message' (with the
-- detail when there is one), or 'no error' when it succeeds: the expected
-- files then show the SQLSTATE of every error path.
CREATE FUNCTION expect_error(q text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    st text;
    msg text;
    det text;
BEGIN
    EXECUTE q;
    RETURN 'no error';
EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE, msg = MESSAGE_TEXT, det = PG_EXCEPTION_DETAIL;
    RETURN st || ': ' || msg || CASE WHEN det <> '' THEN ' [' || det || ']' ELSE '' END;
END $$;

-- expect_error with the hint too, 'SQLSTATE: message [detail] (hint)': for
-- the errors whose hint must say what to do.
CREATE FUNCTION expect_error_hint(q text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    st text;
    msg text;
    det text;
    hint text;
BEGIN
    EXECUTE q;
    RETURN 'no error';
EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE, msg = MESSAGE_TEXT, det = PG_EXCEPTION_DETAIL,
                            hint = PG_EXCEPTION_HINT;
    RETURN st || ': ' || msg || CASE WHEN det <> '' THEN ' [' || det || ']' ELSE '' END
           || CASE WHEN hint <> '' THEN ' (' || hint || ')' ELSE '' END;
END $$;

-- Reads bytes through the type's recv function, as COPY (FORMAT binary)
-- of a bytea file into a column of type typ (a bytea has the same field
-- layout: length, bytes), and reports as expect_error does.  The values
-- read stay in the session's temporary table recv_<typ without aov_>
-- (recv_sample for aov_sample), made at the first call.
CREATE FUNCTION recv_error(typ text, bytes bytea) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    path text := format('%s/aov_recv_%s.bin', current_setting('data_directory'), pg_backend_pid());
    dst text := 'recv_' || substr(typ, 5);
BEGIN
    IF to_regclass('pg_temp.' || dst) IS NULL THEN
        EXECUTE format('CREATE TEMP TABLE %I (v %s)', dst, typ::regtype);
    END IF;
    EXECUTE format('COPY (SELECT %L::bytea) TO %L (FORMAT binary)', bytes, path);
    RETURN expect_error(format('COPY %I FROM %L (FORMAT binary)', dst, path));
END $$;

-- COPY (FORMAT binary) of table src out to a file and into table dst:
-- every value goes through its type's send and recv functions.
CREATE PROCEDURE copy_binary(src regclass, dst regclass) LANGUAGE plpgsql AS $$
DECLARE
    path text := format('%s/aov_copy_%s.bin', current_setting('data_directory'), pg_backend_pid());
BEGIN
    EXECUTE format('COPY %s TO %L (FORMAT binary)', src, path);
    EXECUTE format('COPY %s FROM %L (FORMAT binary)', dst, path);
END $$;

-- The EXPLAIN ANALYZE lines of a query that match pattern (by default
-- those that show who did the work), without timings or row counts that
-- depend on how the rows were split.
CREATE FUNCTION parallel_plan(q text, pattern text DEFAULT 'Workers Launched|Partial|Finalize')
RETURNS SETOF text LANGUAGE plpgsql AS $$
DECLARE
    l text;
BEGIN
    FOR l IN EXECUTE 'EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) ' || q LOOP
        IF l ~ pattern THEN
            RETURN NEXT regexp_replace(l, ' \(actual.*$', '');
        END IF;
    END LOOP;
END $$;

-- LEB128 (src/format.c), as segments and types write the stored formats:
-- seven bits a byte, the least significant first, the high bit set on
-- every byte but the last; minimal.  NULL unless v is an integer in
-- [0, 2^128).
CREATE FUNCTION vi(v numeric) RETURNS text LANGUAGE plpgsql IMMUTABLE STRICT AS $$
DECLARE
    result text := '';
    w bigint;
    b int;
BEGIN
    IF v < 0 OR v >= 340282366920938463463374607431768211456 OR v <> trunc(v) THEN
        RETURN NULL;
    ELSIF v < 128 THEN
        RETURN lpad(to_hex(v::int), 2, '0');
    ELSIF v < 9223372036854775808 THEN
        w := v;
        LOOP
            b := (w & 127)::int;
            w := w >> 7;
            IF w = 0 THEN
                RETURN result || lpad(to_hex(b), 2, '0');
            END IF;
            result := result || to_hex(b + 128);
        END LOOP;
    END IF;
    LOOP
        b := mod(v, 128)::int;
        v := div(v, 128);
        IF v = 0 THEN
            RETURN result || lpad(to_hex(b), 2, '0');
        END IF;
        result := result || to_hex(b + 128);
    END LOOP;
END $$;

-- trimmed mean: avg() of the rows kept after cutting floor(n * t) at each end
CREATE FUNCTION ref_trimmed(x numeric[], t numeric) RETURNS numeric LANGUAGE sql IMMUTABLE AS $$
    SELECT avg(v) FROM (SELECT v, row_number() OVER (ORDER BY v) AS rn, count(*) OVER () AS n
                        FROM unnest(x) v) s
    WHERE rn > floor(n * t) AND rn <= n - floor(n * t) $$;
-- median: the middle row, or the mean of the two middle rows
CREATE FUNCTION ref_median(x numeric[]) RETURNS numeric LANGUAGE sql IMMUTABLE AS $$
    SELECT avg(v) FROM (SELECT v, row_number() OVER (ORDER BY v) AS rn, count(*) OVER () AS n
                        FROM unnest(x) v) s
    WHERE rn IN ((n + 1) / 2, (n + 2) / 2) $$;
-- the two on known answers: the values that differ
SELECT name, got::text, ref::text
FROM (VALUES ('trimmed', ref_trimmed(ARRAY[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 50], 0.1), 5.5),
             ('median_even', ref_median(ARRAY[4, 1, 3, 2]), 2.5),
             ('median_odd', ref_median(ARRAY[5, 1, 3]), 3)) v(name, got, ref)
WHERE got IS DISTINCT FROM ref;

-- NULL when got, an aov_top_values(x, 3) result, holds the top 3 of the
-- values x (ranked by count descending, then value; equal as numbers, so
-- 12.99 and 12.990000 are equal), else the reference's entries as text
-- (value, count, share), 'NULL' when there are none.
CREATE FUNCTION top_diff(got aov_top_numeric[], x numeric[]) RETURNS text LANGUAGE sql IMMUTABLE AS $$
    WITH ref AS (SELECT row_number() OVER (ORDER BY count(*) DESC, v) AS rn, v, count(*) AS cnt,
                        count(*)::float8 / cardinality(x)::float8 AS share
                 FROM unnest(x) v GROUP BY v ORDER BY count(*) DESC, v LIMIT 3),
    g AS (SELECT * FROM unnest(got) WITH ORDINALITY AS u(value, count, share, rn))
    SELECT CASE WHEN coalesce(bool_and(g.value = ref.v AND g.count = ref.cnt AND g.share = ref.share), true)
                     AND count(g.rn) = count(ref.rn)
                     AND (got IS NULL) = (x IS NULL OR cardinality(x) = 0)
                THEN NULL
                ELSE coalesce((SELECT array_agg(ROW(v, cnt, share) ORDER BY rn) FROM ref)::text, 'NULL') END
    FROM g FULL JOIN ref USING (rn) $$;

-- The fields of a breakdown as text, in order (numeric text keeps the
-- scale, so equal text is equal value and equal digits), and whether the
-- field is exact (kept by every summary) or one of the trim and robust
-- figures (kept only with per-order values: see rollup).
CREATE FUNCTION breakdown_fields(b aov_breakdown) RETURNS TABLE (n int, field text, exact boolean, value text)
LANGUAGE sql IMMUTABLE AS $$
    SELECT * FROM (VALUES
        (1, 'orders', true, b.orders::text), (2, 'customers', true, b.customers::text),
        (3, 'guest_orders', true, b.guest_orders::text), (4, 'zero_item_orders', true, b.zero_item_orders::text),
        (5, 'revenue', true, b.revenue::text), (6, 'items', true, b.items::text), (7, 'aov', true, b.aov::text),
        (8, 'unit_price', true, b.unit_price::text), (9, 'items_per_order', true, b.items_per_order::text),
        (10, 'revenue_per_customer', true, b.revenue_per_customer::text),
        (11, 'orders_per_customer', true, b.orders_per_customer::text),
        (12, 'trim_fraction', false, b.trim_fraction::text),
        (13, 'aov_trimmed', false, b.aov_trimmed::text), (14, 'aov_median', false, b.aov_median::text),
        (15, 'aov_top', false, b.aov_top::text), (16, 'items_per_order_trimmed', false, b.items_per_order_trimmed::text),
        (17, 'items_per_order_median', false, b.items_per_order_median::text),
        (18, 'items_per_order_top', false, b.items_per_order_top::text),
        (19, 'unit_price_trimmed', false, b.unit_price_trimmed::text),
        (20, 'unit_price_median', false, b.unit_price_median::text),
        (21, 'unit_price_top', false, b.unit_price_top::text)) v $$;
-- The fields in which two breakdowns differ as text, with both values: all
-- fields (the default: the same as comparing b1::text = b2::text), or the
-- exact ones.  Two NULL breakdowns are reported as well: a comparison of
-- nothing proves nothing.
-- (PL/pgSQL, which keeps its plan from call to call; equal texts need no
-- field by field comparison.)
CREATE FUNCTION breakdown_diff(got_b aov_breakdown, ref_b aov_breakdown, all_fields boolean DEFAULT true)
RETURNS TABLE (field text, got text, ref text) LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
    IF got_b::text = ref_b::text THEN
        RETURN;
    END IF;
    RETURN QUERY
        SELECT d.field, d.got, d.ref FROM (
            SELECT g.n, g.field, g.value AS got, r.value AS ref
            FROM breakdown_fields(got_b) g JOIN breakdown_fields(ref_b) r USING (n)
            WHERE (g.exact OR all_fields) AND g.value IS DISTINCT FROM r.value
            UNION ALL
            SELECT 0, '(both NULL)', NULL, NULL WHERE num_nulls(got_b, ref_b) = 2) d
        ORDER BY d.n;
END $$;

-- 20,000 orders in 5 groups of uneven size (g) and about 1,000 small groups
-- (g2).  Every column has about 3% NULLs and many ties.
--   num  numeric(12,2): prices in quarters, a heavy tail (x100) and refunds
--   nm   numeric: the same magnitudes with 0 to 5 decimals (mixed scales)
--   f    float8: multiples of 1/8 (exact in binary and in numeric)
--   fc   float8: cents (not exact in binary)
--   b    bigint: large multiples with ties, a few near 2^62 (int64 sums overflow)
--   i    integer
CREATE TABLE t_rand AS
SELECT id,
       1 + floor(5 * test_rnd(id, 'g') ^ 1.5)::int AS g,
       1 + floor(1000 * test_rnd(id, 'g2'))::int AS g2,
       CASE WHEN test_rnd(id, 'num0') < 0.03 THEN NULL
            ELSE (floor(400 * test_rnd(id, 'num')) * 0.25
                  * CASE WHEN test_rnd(id, 'tail') < 0.02 THEN 100
                         WHEN test_rnd(id, 'tail') > 0.99 THEN -1 ELSE 1 END)::numeric(12,2)
       END AS num,
       CASE WHEN test_rnd(id, 'nm0') < 0.03 THEN NULL
            ELSE round((1000 * test_rnd(id, 'nm'))::numeric, id % 6)
       END AS nm,
       CASE WHEN test_rnd(id, 'f0') < 0.03 THEN NULL
            ELSE floor(800 * test_rnd(id, 'f')) / 8 - 20
       END AS f,
       CASE WHEN test_rnd(id, 'fc0') < 0.03 THEN NULL
            ELSE round(10000 * test_rnd(id, 'fc')) / 100
       END AS fc,
       CASE WHEN test_rnd(id, 'b0') < 0.03 THEN NULL
            WHEN test_rnd(id, 'bt') < 0.01 THEN 4000000000000000000 + floor(1e15 * test_rnd(id, 'b'))::bigint
            ELSE (floor(500 * test_rnd(id, 'b')) - 150)::bigint * 1000000007
       END AS b,
       CASE WHEN test_rnd(id, 'i0') < 0.03 THEN NULL
            ELSE floor(1000 * test_rnd(id, 'i'))::int - 300
       END AS i
FROM generate_series(1, 20000) AS id;
ANALYZE t_rand;

-- The fixture itself: sizes, NULLs and ties are as described.
SELECT g, count(*) AS n, count(num) > 0.95 * count(*) AS few_nulls,
       count(*) - count(num) > 0 AS has_null_num,
       count(DISTINCT num) < count(num) / 3 AS num_ties,
       count(DISTINCT f) < count(f) / 3 AS f_ties,
       count(DISTINCT b) < count(b) / 2 AS b_ties,
       min(num) < 0 AND max(num) > 1000 AS num_tails,
       max(b) > 4e18 AS b_huge
FROM t_rand GROUP BY g ORDER BY g;
SELECT count(DISTINCT g2) AS small_groups, min(scale(nm)) AS min_scale, max(scale(nm)) AS max_scale,
       sum(b::numeric) > 9223372036854775807 AS b_sum_exceeds_int64
FROM t_rand;

-- Aggregates over the support functions, for the state-level tests (types,
-- errors): the state itself (no final function), and merges of stored
-- states through the combine functions.  test_sample(x, trim) and
-- test_counts(x, k) for x numeric, float8, bigint and integer, and
-- test_sample(x, low trim, high trim) for x numeric and float8.
DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['numeric', 'float8', 'bigint', 'integer'] LOOP
        EXECUTE format('CREATE AGGREGATE test_sample(%s, float8) (
                            SFUNC = _aov_sample_add, STYPE = aov_sample, COMBINEFUNC = _aov_sample_combine)', t);
        EXECUTE format('CREATE AGGREGATE test_counts(%s, integer) (
                            SFUNC = _aov_counts_add, STYPE = aov_counts, COMBINEFUNC = _aov_counts_combine)', t);
    END LOOP;
    FOREACH t IN ARRAY ARRAY['numeric', 'float8'] LOOP
        EXECUTE format('CREATE AGGREGATE test_sample(%s, float8, float8) (
                            SFUNC = _aov_sample_add, STYPE = aov_sample, COMBINEFUNC = _aov_sample_combine)', t);
    END LOOP;
END $$;
CREATE AGGREGATE test_merge(aov_sample) (
    SFUNC = _aov_sample_combine, STYPE = aov_sample);
CREATE AGGREGATE test_merge_numeric(aov_sample) (
    SFUNC = _aov_sample_combine, STYPE = aov_sample,
    FINALFUNC = _aov_sample_trimmed_mean_numeric);
CREATE AGGREGATE test_merge_float8(aov_sample) (
    SFUNC = _aov_sample_combine, STYPE = aov_sample,
    FINALFUNC = _aov_sample_trimmed_mean_float8);
CREATE AGGREGATE test_merge(aov_counts) (
    SFUNC = _aov_counts_combine, STYPE = aov_counts);
CREATE AGGREGATE test_merge_top_numeric(aov_counts) (
    SFUNC = _aov_counts_combine, STYPE = aov_counts, FINALFUNC = _aov_counts_top_numeric);
CREATE AGGREGATE test_merge_top_float8(aov_counts) (
    SFUNC = _aov_counts_combine, STYPE = aov_counts, FINALFUNC = _aov_counts_top_float8);
CREATE AGGREGATE test_merge_top_bigint(aov_counts) (
    SFUNC = _aov_counts_combine, STYPE = aov_counts, FINALFUNC = _aov_counts_top_bigint);

-- Student's t references of compare and ab_test, independent of the
-- extension's code.
-- Simpson's rule for the unnormalized t density (1 + x^2/df)^(-(df+1)/2)
-- over [a, b] with 20,000 intervals.
CREATE FUNCTION t_density_integral(a float8, b float8, df float8) RETURNS float8
    LANGUAGE sql IMMUTABLE AS $$
    SELECT (b - a) / 60000 * sum(w * CASE WHEN e < -600 THEN 0 ELSE exp(e) END)
      FROM (SELECT -(df + 1) / 2 * ln(1 + x * x / df) AS e, w
              FROM (SELECT a + (b - a) * k / 20000 AS x,
                   CASE WHEN k IN (0, 20000) THEN 1 WHEN k % 2 = 1 THEN 4 ELSE 2 END AS w
                      FROM generate_series(0, 20000) k) s) s $$;
-- P(|T_df| >= |t|); the density beyond 200 is negligible for df >= 5.
CREATE FUNCTION t_two_sided_ref(t float8, df float8) RETURNS float8
    LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN abs(t) >= 200 THEN 0
                ELSE t_density_integral(abs(t), 200, df) / t_density_integral(0, 200, df) END $$;
-- Welch's t and df from the two periods' estimates and estimate variances
CREATE FUNCTION welch_p(e0 float8, v0 float8, nu0 float8, e1 float8, v1 float8, nu1 float8)
    RETURNS float8 LANGUAGE sql IMMUTABLE AS $$
    SELECT t_two_sided_ref((e1 - e0) / sqrt(v0 + v1),
                           (v0 + v1) ^ 2 / (v0 ^ 2 / nu0 + v1 ^ 2 / nu1)) $$;
-- relative agreement
CREATE FUNCTION close_to(x float8, ref float8, tol float8) RETURNS boolean
    LANGUAGE sql IMMUTABLE AS $$ SELECT abs(x - ref) <= tol * greatest(abs(ref), 1e-300) $$;
-- the relative error a failed check shows
CREATE FUNCTION rel_err(x float8, ref float8) RETURNS float8
    LANGUAGE sql IMMUTABLE AS $$ SELECT abs(x - ref) / greatest(abs(ref), 1e-300) $$;
-- the fields in which two composite values (as jsonb) differ; numbers
-- compare by value, as = does, and a missing value shows every field
CREATE FUNCTION fields_differ(a jsonb, b jsonb) RETURNS TABLE (field text, got jsonb, ref jsonb)
    LANGUAGE sql IMMUTABLE AS $$
    SELECT key, g.value, r.value FROM jsonb_each(a) g FULL JOIN jsonb_each(b) r USING (key)
     WHERE g.value IS DISTINCT FROM r.value $$;
