--
-- errors: every error path of the SQL API, each shown with its SQLSTATE
-- (through expect_error() from setup: 'SQLSTATE: message [detail]').
-- Malformed serialized states are in the types test.
--

CREATE TEMP TABLE ten AS SELECT x, x::numeric AS n, x::float8 AS f, x::bigint AS b FROM generate_series(1, 10) x;

-- ---------------------------------------------------------------------
-- trim fraction out of range: 22023 invalid_parameter_value
-- ---------------------------------------------------------------------
SELECT expect_error($$SELECT aov_trimmed_mean(n, -0.1) FROM ten$$) AS numeric_negative;
SELECT expect_error($$SELECT aov_trimmed_mean(f, -0.1) FROM ten$$) AS float8_negative;
SELECT expect_error($$SELECT aov_trimmed_mean(b, 0.5) FROM ten$$) AS bigint_half;
SELECT expect_error($$SELECT aov_trimmed_mean(x, 0.5) FROM ten$$) AS integer_half;
SELECT expect_error($$SELECT aov_trimmed_mean(n, 0.50000000000000001) FROM ten$$) AS rounds_to_half;
SELECT expect_error($$SELECT aov_trimmed_mean(n, 'NaN') FROM ten$$) AS nan;
SELECT expect_error($$SELECT aov_trimmed_mean(n, 'Infinity') FROM ten$$) AS infinity;
SELECT expect_error($$SELECT aov_trimmed_mean(n, '-0') FROM ten$$) AS minus_zero_is_zero;
SELECT expect_error($$SELECT aov_trimmed_mean(n, 0.49999999999999994) FROM ten$$) AS largest_below_half;
-- checked on the first row, even when the value is NULL
SELECT expect_error($$SELECT aov_trimmed_mean(NULL::numeric, 0.7) FROM ten$$) AS null_values;
-- no rows: no transition call, no error, NULL (the value if not)
SELECT got FROM (SELECT aov_trimmed_mean(n, 0.7) AS got FROM ten WHERE false) x WHERE got IS NOT NULL;

-- asymmetric: each at least 0, sum below 1
SELECT expect_error($$SELECT aov_trimmed_mean(n, -0.1, 0.1) FROM ten$$) AS low_negative;
SELECT expect_error($$SELECT aov_trimmed_mean(f, 0.1, -0.1) FROM ten$$) AS high_negative;
SELECT expect_error($$SELECT aov_trimmed_mean(b, 0.5, 0.5) FROM ten$$) AS sum_one;
SELECT expect_error($$SELECT aov_trimmed_mean(x, 0.7, 0.3) FROM ten$$) AS sum_one_decimal;
SELECT expect_error($$SELECT aov_trimmed_mean(n, 1, 0) FROM ten$$) AS low_one;
SELECT expect_error($$SELECT aov_trimmed_mean(n, 0, 1.5) FROM ten$$) AS high_above_one;
SELECT expect_error($$SELECT aov_trimmed_mean(n, 'NaN', 0) FROM ten$$) AS low_nan;
SELECT expect_error($$SELECT aov_trimmed_mean(n, 0, 'NaN') FROM ten$$) AS high_nan;
SELECT expect_error($$SELECT aov_trimmed_mean(n, 0.6, 0.39) FROM ten$$) AS sum_below_one;

-- ---------------------------------------------------------------------
-- NULL parameters: 22004 null_value_not_allowed
-- ---------------------------------------------------------------------
SELECT expect_error($$SELECT aov_trimmed_mean(n, NULL) FROM ten$$) AS trim_null;
SELECT expect_error($$SELECT aov_trimmed_mean(f, NULL) FROM ten$$) AS trim_null_f8;
SELECT expect_error($$SELECT aov_trimmed_mean(n, NULL, 0.1) FROM ten$$) AS low_null;
SELECT expect_error($$SELECT aov_trimmed_mean(x, 0.1, NULL) FROM ten$$) AS high_null;
-- NULL on a later row only
SELECT expect_error($$SELECT aov_trimmed_mean(n, CASE WHEN x < 5 THEN 0.1 END) FROM ten$$) AS trim_null_later;

-- ---------------------------------------------------------------------
-- trim changing within a group: 22023
-- ---------------------------------------------------------------------
SELECT expect_error($$SELECT aov_trimmed_mean(n, CASE WHEN x > 5 THEN 0.1 ELSE 0.2 END) FROM ten$$) AS trim_changes;
SELECT expect_error($$SELECT aov_trimmed_mean(b, CASE WHEN x > 5 THEN 0.1 ELSE 0.2 END) FROM ten$$) AS trim_changes_i8;
SELECT expect_error($$SELECT aov_trimmed_mean(f, 0.1, CASE WHEN x > 5 THEN 0.1 ELSE 0.2 END) FROM ten$$) AS high_changes;
-- the low fraction changes from 0.2 to 0.1 (high stays 0): the error must
-- name the new value, 0.1 (and names the old one, 0.2): the values it does
-- not name, none
SELECT e AS low_changes, ARRAY(SELECT v FROM unnest(ARRAY['0.1', '0.2']) v
                               WHERE e !~ replace(v, '.', '\.') OR e IS NULL) AS not_named
FROM expect_error($$SELECT aov_trimmed_mean(n, CASE WHEN x > 5 THEN 0.1 ELSE 0.2 END, 0) FROM ten$$) e;
-- even when the value of the row is NULL
SELECT expect_error($$SELECT aov_trimmed_mean(CASE WHEN x > 5 THEN NULL ELSE n END, CASE WHEN x > 5 THEN 0.3 ELSE 0.2 END) FROM ten$$) AS changes_on_null_row;
-- a trim that is constant within each group may differ between groups:
-- 0.2 of the even values (cut 2 and 10), none of the odd (the groups that
-- differ from the plain mean of the values kept: none)
SELECT count(DISTINCT x % 2) AS groups FROM ten;
SELECT g, got.m AS got, ref.m AS ref
FROM (SELECT x % 2 AS g, aov_trimmed_mean(n, CASE WHEN x % 2 = 0 THEN 0.2 ELSE 0 END) AS m FROM ten GROUP BY x % 2) got
FULL JOIN (SELECT x % 2 AS g, avg(n) FILTER (WHERE x % 2 = 1 OR x IN (4, 6, 8)) AS m FROM ten GROUP BY x % 2) ref USING (g)
WHERE got.m IS DISTINCT FROM ref.m;

-- ---------------------------------------------------------------------
-- number of top values: 22023 out of range, 22004 NULL, 22023 changing
-- ---------------------------------------------------------------------
SELECT expect_error($$SELECT aov_top_values(n, 0) FROM ten$$) AS k_zero;
SELECT expect_error($$SELECT aov_top_values(f, -1) FROM ten$$) AS k_negative;
SELECT expect_error($$SELECT aov_top_values(b, -2147483648) FROM ten$$) AS k_min;
SELECT expect_error($$SELECT aov_top_values(x, NULL) FROM ten$$) AS k_null;
SELECT expect_error($$SELECT aov_top_values(n, CASE WHEN x < 5 THEN 3 END) FROM ten$$) AS k_null_later;
SELECT expect_error($$SELECT aov_top_values(n, CASE WHEN x > 5 THEN 3 ELSE 4 END) FROM ten$$) AS k_changes;
SELECT expect_error($$SELECT aov_top_values(x, x) FROM ten$$) AS k_changes_i4;
SELECT expect_error($$SELECT aov_top_values(NULL::float8, 0) FROM ten$$) AS k_zero_null_values;

-- ---------------------------------------------------------------------
-- support functions called outside an aggregate: 0A000 feature_not_supported
-- ---------------------------------------------------------------------
SELECT expect_error($$SELECT _aov_sample_combine(NULL, NULL)$$) AS sample_combine;
SELECT expect_error($$SELECT _aov_sample_combine(NULL, (SELECT test_sample(n, 0.1) FROM ten))$$) AS sample_combine_state;
SELECT expect_error($$SELECT _aov_sample_add(NULL::aov_sample, 1.5::numeric, 0.1::float8)$$) AS sample_add_numeric;
SELECT expect_error($$SELECT _aov_sample_add(NULL::aov_sample, 1.5::float8, 0.1::float8)$$) AS sample_add_float8;
SELECT expect_error($$SELECT _aov_sample_add(NULL::aov_sample, 1::bigint, 0.1::float8, 0.2::float8)$$) AS sample_add_bigint;
SELECT expect_error($$SELECT _aov_sample_add((SELECT test_sample(x, 0.1) FROM ten), 1, 0.1::float8)$$) AS sample_add_flat_state;
SELECT expect_error($$SELECT _aov_counts_combine(NULL, NULL)$$) AS counts_combine;
SELECT expect_error($$SELECT _aov_counts_add(NULL::aov_counts, 1.5::numeric, 3)$$) AS counts_add_numeric;
SELECT expect_error($$SELECT _aov_counts_add((SELECT test_counts(x, 3) FROM ten), 1, 3)$$) AS counts_add_flat_state;

-- aov_trimmed_mean cannot be a window function: its final function may
-- reorder the state (FINALFUNC_MODIFY = SHAREABLE)
SELECT expect_error($$SELECT aov_trimmed_mean(n, 0.1) OVER (ORDER BY x) FROM ten$$) AS window_use;

-- ---------------------------------------------------------------------
-- numeric beyond the exact range: 22003 numeric_value_out_of_range
-- (both hold numerics as int128 at the group's scale: 38 digits)
-- ---------------------------------------------------------------------
SELECT expect_error($$SELECT aov_trimmed_mean(x, 0.1) FROM (VALUES (1e40)) v(x)$$) AS tm_too_big;
SELECT expect_error($$SELECT aov_trimmed_mean(x, 0.1) FROM (VALUES (1e37), (0.01)) v(x)$$) AS tm_scale_raise;
SELECT expect_error($$SELECT aov_trimmed_mean(x, 0.1) FROM (VALUES (0.01), (1e37)) v(x)$$) AS tm_at_scale;
SELECT expect_error($$SELECT aov_top_values(x, 3) FROM (VALUES (1e40)) v(x)$$) AS top_too_big;
SELECT expect_error($$SELECT aov_top_values(x, 3) FROM (VALUES (1e37), (0.01)) v(x)$$) AS top_scale_raise;
SELECT expect_error($$SELECT aov_top_values(x, 3) FROM (VALUES (0.01), (1e37)) v(x)$$) AS top_at_scale;
SELECT expect_error($$SELECT aov_top_values(x, 3) FROM (VALUES (1e-39), (1)) v(x)$$) AS top_tiny_and_one;
-- the largest that fit: 38 digits, and int64's limits with room to spare
SELECT aov_top_values(x, 3) FROM (VALUES (9223372036854775807::numeric), (-9223372036854775808)) v(x);
SELECT aov_top_values(x, 3) FROM (VALUES (99999999999999999999999999999999999999::numeric), (-1.7e37)) v(x);
SELECT aov_top_values(x, 3) FROM (VALUES (0.000000000000000001), (9.223372036854775807)) v(x);
SELECT aov_top_values(x, 3) FROM (VALUES (1e-19)) v(x);

-- a numeric beyond the range that is stored out of line (TOAST) must give
-- the same error as when it is stored in the row, never a number
CREATE TEMP TABLE num_inline (x numeric, pad text);
CREATE TEMP TABLE num_toasted (x numeric, pad text);
ALTER TABLE num_toasted ALTER COLUMN x SET STORAGE EXTERNAL, ALTER COLUMN pad SET STORAGE PLAIN;
INSERT INTO num_inline VALUES (123456789012345678901234567890123456789012345678901234567890.5, 'x');
INSERT INTO num_toasted VALUES (123456789012345678901234567890123456789012345678901234567890.5, repeat('x', 2500));
-- (the toast table is used, and the two hold the same value: the rows
-- where not, none)
SELECT toast_bytes, t.x AS toasted, i.x AS inline
FROM (SELECT pg_relation_size(reltoastrelid) AS toast_bytes FROM pg_class WHERE oid = 'num_toasted'::regclass) s
FULL JOIN num_toasted t ON true FULL JOIN num_inline i ON true
WHERE (toast_bytes > 0) IS NOT TRUE OR t.x IS DISTINCT FROM i.x;
SELECT left(expect_error($$SELECT aov_trimmed_mean(x, 0) FROM num_toasted$$), 5) AS tm_sqlstate,
       left(expect_error($$SELECT aov_top_values(x, 1) FROM num_toasted$$), 5) AS top_sqlstate;
-- the errors that differ from the value's in the row: none
SELECT f, toasted, inline
FROM (VALUES ('aov_trimmed_mean', expect_error($$SELECT aov_trimmed_mean(x, 0) FROM num_toasted$$),
                                  expect_error($$SELECT aov_trimmed_mean(x, 0) FROM num_inline$$)),
             ('aov_top_values', expect_error($$SELECT aov_top_values(x, 1) FROM num_toasted$$),
                                expect_error($$SELECT aov_top_values(x, 1) FROM num_inline$$))) v(f, toasted, inline)
WHERE toasted IS DISTINCT FROM inline;

-- ---------------------------------------------------------------------
-- states that do not go together
-- ---------------------------------------------------------------------
-- merging states of different kinds: 42804 datatype_mismatch
SELECT expect_error($$SELECT test_merge(s) FROM (SELECT test_sample(n, 0.1) FROM ten UNION ALL SELECT test_sample(f, 0.1) FROM ten) q(s)$$) AS merge_kinds;
SELECT expect_error($$SELECT test_merge(s) FROM (SELECT test_sample(b, 0.1) FROM ten UNION ALL SELECT test_sample(f, 0.1) FROM ten) q(s)$$) AS merge_kinds_2;
-- merging states with different trims: 22023
SELECT expect_error($$SELECT test_merge(s) FROM (SELECT test_sample(n, 0.1) FROM ten UNION ALL SELECT test_sample(n, 0.2) FROM ten) q(s)$$) AS merge_trims;
SELECT expect_error($$SELECT test_merge(s) FROM (SELECT test_sample(n, 0.1) FROM ten UNION ALL SELECT test_sample(n, 0.1, 0.2) FROM ten) q(s)$$) AS merge_trims_asym;
-- bigint and integer states are one kind and merge: the mean of 1 .. 10
-- trimmed by 1 at each end is 5.5 (the value if not)
SELECT got, 5.5 AS ref
FROM (SELECT test_merge_float8(s) AS got
        FROM (SELECT test_sample(b, 0.1) FROM ten WHERE x <= 5 UNION ALL SELECT test_sample(x, 0.1) FROM ten WHERE x > 5) q(s)) m
WHERE got IS DISTINCT FROM 5.5;
SELECT expect_error($$SELECT test_merge(s) FROM (SELECT test_counts(n, 3) FROM ten UNION ALL SELECT test_counts(b, 3) FROM ten) q(s)$$) AS merge_counts_kinds;
SELECT expect_error($$SELECT test_merge(s) FROM (SELECT test_counts(n, 3) FROM ten UNION ALL SELECT test_counts(n, 4) FROM ten) q(s)$$) AS merge_counts_k;
-- a final function given the wrong kind of state: 42804
SELECT expect_error($$SELECT _aov_sample_trimmed_mean_numeric(test_sample(f, 0.1)) FROM ten$$) AS final_numeric_on_float8;
SELECT expect_error($$SELECT _aov_sample_trimmed_mean_numeric(test_sample(x, 0.1)) FROM ten$$) AS final_numeric_on_integer;
SELECT expect_error($$SELECT _aov_sample_trimmed_mean_float8(test_sample(n, 0.1)) FROM ten$$) AS final_float8_on_numeric;
SELECT expect_error($$SELECT _aov_counts_top_numeric(test_counts(f, 3)) FROM ten$$) AS top_numeric_on_float8;
SELECT expect_error($$SELECT _aov_counts_top_float8(test_counts(b, 3)) FROM ten$$) AS top_float8_on_integer;
SELECT expect_error($$SELECT _aov_counts_top_bigint(test_counts(n, 3)) FROM ten$$) AS top_bigint_on_numeric;
-- the float8 final function serves integer states, the bigint one integer
-- counts: the trimmed mean 5.5, and the first of ten values seen once, 1
-- (the values that differ: none)
SELECT what, got, ref
FROM (SELECT _aov_sample_trimmed_mean_float8(test_sample(x, 0.1)) AS tm,
             (_aov_counts_top_bigint(test_counts(x, 1)))[1].value AS top FROM ten) g,
     LATERAL (VALUES ('float8 on integer', tm, 5.5), ('bigint on integer', top, 1)) v(what, got, ref)
WHERE got IS DISTINCT FROM ref;

-- a transition function handed a state of another kind or trim (through
-- INITCOND, the only way a flat state reaches it): 42804 and 22023.
-- er_prior_agg makes the aggregate sig (SFUNC sfunc) whose state type and
-- INITCOND are those of the one state that the query init returns.
CREATE PROCEDURE er_prior_agg(sig text, sfunc text, init text) LANGUAGE plpgsql AS $$
DECLARE
    stype text;
    st text;
BEGIN
    EXECUTE format('SELECT pg_typeof(s)::text, s::text FROM (%s) q(s)', init) INTO stype, st;
    EXECUTE format('CREATE AGGREGATE %s (SFUNC = %s, STYPE = %s, INITCOND = %L)', sig, sfunc, stype, st);
END $$;
CALL er_prior_agg('test_prior_f8(numeric, float8)', '_aov_sample_add', $$SELECT test_sample(f, 0.1) FROM ten$$);
CALL er_prior_agg('test_prior_counts_f8(numeric, integer)', '_aov_counts_add', $$SELECT test_counts(f, 3) FROM ten$$);
SELECT expect_error($$SELECT test_prior_f8(n, 0.1) FROM ten$$) AS add_kind;
SELECT expect_error($$SELECT test_prior_counts_f8(n, 3) FROM ten$$) AS counts_add_kind;
CALL er_prior_agg('test_prior_t(numeric, float8)', '_aov_sample_add', $$SELECT test_sample(n, 0.1) FROM ten$$);
CALL er_prior_agg('test_prior_k(numeric, integer)', '_aov_counts_add', $$SELECT test_counts(n, 3) FROM ten$$);
SELECT expect_error($$SELECT test_prior_t(n, 0.2) FROM ten$$) AS add_trim;
SELECT expect_error($$SELECT test_prior_k(n, 4) FROM ten$$) AS counts_add_k;
-- with the same trim or k they go on from the prior state: twenty values,
-- 1 .. 10 twice, trimmed mean 5.5; values 2 .. 10 seen twice, the first
-- count 2 (the values that differ: none)
SELECT what, got, ref
FROM (SELECT _aov_sample_trimmed_mean_numeric(test_prior_t(n, 0.1)) AS tm,
             (_aov_counts_top_numeric(test_prior_k(n + 1, 3)))[1].count AS cnt FROM ten) g,
     LATERAL (VALUES ('same trim', tm, 5.5), ('same k', cnt, 2)) v(what, got, ref)
WHERE got IS DISTINCT FROM ref;
DROP AGGREGATE test_prior_f8(numeric, float8);
DROP AGGREGATE test_prior_counts_f8(numeric, integer);
DROP AGGREGATE test_prior_t(numeric, float8);
DROP AGGREGATE test_prior_k(numeric, integer);

-- ---------------------------------------------------------------------
-- aov_breakdown, aov_summary, aov_rollup
-- ---------------------------------------------------------------------
CREATE TEMP TABLE ords AS
SELECT x AS id, (x * 10.5)::numeric(12,2) AS rev, (x % 3)::int AS items, (x % 4)::bigint AS cust, x * 0.25::float8 AS frev
FROM generate_series(1, 10) x;
-- trim fraction out of range: 22023; NULL: 22004; checked on the first row
SELECT expect_error($$SELECT aov_breakdown(rev, items, cust, -0.1) FROM ords$$) AS breakdown_trim_negative;
SELECT expect_error($$SELECT aov_breakdown(frev, items, cust, 0.5) FROM ords$$) AS breakdown_trim_half;
SELECT expect_error($$SELECT aov_breakdown(rev, items::numeric, cust, 'NaN') FROM ords$$) AS breakdown_trim_nan;
SELECT expect_error($$SELECT aov_breakdown(rev, items, cust, NULL) FROM ords$$) AS breakdown_trim_null;
SELECT expect_error($$SELECT aov_summary(rev, items, cust, 0.7) FROM ords$$) AS summary_trim;
SELECT expect_error($$SELECT aov_breakdown(NULL::numeric, items, cust, 0.7) FROM ords$$) AS checked_on_null_row;
SELECT expect_error($$SELECT aov_breakdown(rev, items, cust, id / 100.0) FROM ords$$) AS trim_changes;
-- non-finite revenue or items: 22023
SELECT expect_error($$SELECT aov_breakdown(v, 1) FROM (VALUES (1.5), ('NaN')) t(v)$$) AS revenue_nan;
SELECT expect_error($$SELECT aov_breakdown(v, 1) FROM (VALUES (1.5::float8), ('-Infinity')) t(v)$$) AS revenue_minus_infinity;
SELECT expect_error($$SELECT aov_summary(v, 1) FROM (VALUES ('NaN'::float8)) t(v)$$) AS summary_revenue_nan;
SELECT expect_error($$SELECT aov_breakdown(1.5, v) FROM (VALUES (1.0), ('Infinity')) t(v)$$) AS items_infinity;
-- numbers beyond 38 digits at the group's scale: 22003
SELECT expect_error($$SELECT aov_breakdown(v, 1) FROM (VALUES (1e40)) t(v)$$) AS revenue_too_big;
SELECT expect_error($$SELECT aov_breakdown(v, 1) FROM (VALUES (1e30), (0.000000001)) t(v)$$) AS revenue_scale_too_big;
SELECT expect_error($$SELECT aov_breakdown(1.5, v) FROM (VALUES (1e39::numeric)) t(v)$$) AS items_too_big;
-- the unit price carries 4 decimals beyond the revenue's: 1e35 / 1 needs 40
-- digits, more than int128 holds, though 1e35 itself fits
SELECT expect_error($$SELECT aov_breakdown(v, 1) FROM (VALUES (1e35)) t(v)$$) AS unit_price_too_big;
SELECT got, 1e34 AS ref
FROM (SELECT (aov_breakdown(v, 1)).unit_price AS got FROM (VALUES (1e34)) t(v)) b
WHERE got IS DISTINCT FROM 1e34;
-- float8 sums beyond the double range: 22003, as sum(float8) gives
SELECT expect_error($$SELECT aov_breakdown(x, 1) FROM (VALUES (1e308::float8), (1.7e308)) v(x)$$) AS float8_sum_overflow;
-- an exact sum may pass beyond the range and come back: no intermediate
-- overflow (the sum if not 1.2e308 to 1e-15)
SELECT got, 1.2e308::float8 AS ref, abs(got / 1.2e308 - 1) AS rel_err
FROM (SELECT (aov_breakdown(x, 1)).revenue::float8 AS got
        FROM (VALUES (1e308::float8), (1.7e308), (-1.5e308)) v(x)) q
WHERE (abs(got / 1.2e308 - 1) < 1e-15) IS NOT TRUE;
-- float8 revenue takes integer items only: no such function, 42883
SELECT expect_error($$SELECT aov_breakdown(frev, items::numeric) FROM ords$$) AS float8_numeric_items;
-- support functions outside an aggregate: 0A000
SELECT expect_error($$SELECT _aov_breakdown_add(NULL::aov_summary, 1.0, 1)$$) AS breakdown_add_direct;
SELECT expect_error($$SELECT _aov_summary_add(NULL::aov_summary, 1.0::float8, 1, 2)$$) AS summary_add_direct;
SELECT expect_error($$SELECT _aov_summary_combine(NULL, NULL)$$) AS combine_direct;
SELECT expect_error($$SELECT _aov_summary_rollup_add(NULL, NULL)$$) AS rollup_add_direct;
-- summaries that cannot be merged: 42804 (types), 22023 (trims)
SELECT expect_error($$SELECT aov_rollup(s) FROM (SELECT aov_summary(rev, items) FROM ords UNION ALL SELECT aov_summary(frev, items) FROM ords) q(s)$$) AS rollup_numeric_float8;
SELECT expect_error($$SELECT aov_rollup(s) FROM (SELECT aov_summary(rev, items) FROM ords UNION ALL SELECT aov_summary(rev, items::numeric) FROM ords) q(s)$$) AS rollup_integer_numeric_items;
SELECT expect_error($$SELECT aov_rollup(s) FROM (SELECT aov_summary(rev, items, cust, 0.1) FROM ords UNION ALL SELECT aov_summary(rev, items, cust, 0.2) FROM ords) q(s)$$) AS rollup_trims;
-- but summaries with and without customers (or per-order values) merge into
-- one without them: the orders of both, no customers, no robust figures
-- (the fields that differ: none)
SELECT r.field, to_jsonb(b) -> r.field AS got, r.ref
FROM (SELECT aov_breakdown(aov_rollup(s)) AS b
      FROM (SELECT aov_summary(rev, items, cust, 0.1) FROM ords
            UNION ALL SELECT aov_summary(rev, items) FROM ords) q(s)) x,
     (VALUES ('orders', '20'::jsonb), ('customers', 'null'), ('aov_median', 'null')) r(field, ref)
WHERE to_jsonb(b) -> r.field IS DISTINCT FROM r.ref;
-- a transition function handed a summary of other arguments (INITCOND): 42804
CALL er_prior_agg('test_prior_summary(numeric, integer)', '_aov_summary_add', $$SELECT aov_summary(frev, items) FROM ords$$);
CALL er_prior_agg('test_prior_summary_ok(numeric, integer)', '_aov_summary_add', $$SELECT aov_summary(rev, items) FROM ords$$);
CALL er_prior_agg('test_prior_breakdown(numeric, integer, bigint, float8)', '_aov_breakdown_add',
                  $$SELECT aov_summary(rev, items, cust, 0.1) FROM ords$$);
SELECT expect_error($$SELECT test_prior_summary(rev, items) FROM ords$$) AS summary_add_kind;
SELECT (aov_breakdown(test_prior_summary_ok(rev, items))).orders AS prior_orders FROM ords;
SELECT expect_error($$SELECT test_prior_breakdown(rev, items, cust, 0.2) FROM ords$$) AS breakdown_add_trim;
SELECT (aov_breakdown(test_prior_breakdown(rev, items, cust, 0.1))).customers AS prior_customers FROM ords;
-- a prior summary of uuid customer ids does not take text ids
CALL er_prior_agg('test_prior_summary_ids(numeric, integer, text)', '_aov_summary_add',
                  $$SELECT aov_summary(rev, items, md5(cust::text)::uuid) FROM ords$$);
SELECT expect_error($$SELECT test_prior_summary_ids(rev, items, cust::text) FROM ords$$) AS summary_add_id_kind;
-- nor do summaries of different customer id kinds merge
SELECT expect_error($$SELECT aov_rollup(s) FROM (SELECT aov_summary(rev, items, cust::text) FROM ords
                      UNION ALL SELECT aov_summary(rev, items, cust) FROM ords) q(s)$$) AS rollup_id_kinds;
DROP AGGREGATE test_prior_summary_ids(numeric, integer, text);
DROP AGGREGATE test_prior_summary(numeric, integer);
DROP AGGREGATE test_prior_summary_ok(numeric, integer);
DROP AGGREGATE test_prior_breakdown(numeric, integer, bigint, float8);
DROP PROCEDURE er_prior_agg(text, text, text);

-- ---------------------------------------------------------------------
-- aov_report: bad arguments and bad relations
-- ---------------------------------------------------------------------
CREATE TEMP TABLE rep_orders AS
SELECT x AS order_id, timestamptz '2026-01-01 00:00+00' + x * interval '1 day' AS ordered_at,
       (x * 3.5)::numeric(12,2) AS revenue, (x % 4)::int AS items, (x % 5)::bigint AS customer_id,
       x::text AS label
FROM generate_series(1, 60) x;
SELECT count(*) AS report_rows FROM aov_report('rep_orders');
SELECT expect_error($$SELECT * FROM aov_report('rep_orders', 'fortnight')$$) AS unknown_granularity;
SELECT expect_error($$SELECT * FROM aov_report('rep_orders', NULL)$$) AS null_granularity;
SELECT count(*) AS upper_case_granularity FROM aov_report('rep_orders', 'MONTH');
SELECT expect_error($$SELECT * FROM aov_report('rep_orders', trim_fraction => 0.5)$$) AS report_trim_half;
SELECT expect_error($$SELECT * FROM aov_report('rep_orders', trim_fraction => NULL)$$) AS report_trim_null;
SELECT expect_error($$SELECT * FROM aov_report('rep_orders', since => '2026-02-01', until => '2026-02-01')$$) AS empty_range;
SELECT expect_error($$SELECT * FROM aov_report('rep_orders', since => '2026-03-01', until => '2026-02-01')$$) AS reversed_range;
SELECT expect_error($$SELECT * FROM aov_report(NULL)$$) AS null_table;
SELECT expect_error($$SELECT * FROM aov_report('no_such_table')$$) AS missing_table;
-- missing columns: 42703, naming the column and the parameter to set
SELECT expect_error($$SELECT * FROM aov_report('rep_orders', time_column => 'created_at')$$) AS missing_time;
SELECT expect_error($$SELECT * FROM aov_report('rep_orders', revenue_column => 'amount')$$) AS missing_revenue;
SELECT expect_error($$SELECT * FROM aov_report('rep_orders', items_column => 'qty')$$) AS missing_items;
SELECT expect_error($$SELECT * FROM aov_report('rep_orders', customer_column => 'user_id')$$) AS missing_customer;
-- identifiers are quoted, never spliced into the query
SELECT expect_error($$SELECT * FROM aov_report('rep_orders', customer_column => 'customer_id"; DROP TABLE rep_orders; --')$$) AS quoted_identifier;
SELECT count(*) AS table_still_there FROM rep_orders;
-- wrong column types: 42804
SELECT expect_error($$SELECT * FROM aov_report('rep_orders', time_column => 'order_id')$$) AS time_not_timestamp;
SELECT expect_error($$SELECT * FROM aov_report('rep_orders', revenue_column => 'label')$$) AS revenue_text;
SELECT count(*) AS numeric_items_accepted FROM aov_report('rep_orders', items_column => 'revenue');
SELECT expect_error($$SELECT * FROM aov_report('rep_orders', items_column => 'ordered_at')$$) AS items_timestamp;
SELECT expect_error($$SELECT * FROM aov_report('rep_orders', customer_column => 'ordered_at')$$) AS customer_timestamp;
CREATE TEMP VIEW rep_float AS SELECT ordered_at, revenue::float8 AS revenue, items::numeric AS items, customer_id FROM rep_orders;
SELECT expect_error($$SELECT * FROM aov_report('rep_float')$$) AS float_revenue_numeric_items;
-- a dropped column is not found
ALTER TABLE rep_orders DROP COLUMN label;
SELECT expect_error($$SELECT * FROM aov_report('rep_orders', revenue_column => 'label')$$) AS dropped_column;

-- ---------------------------------------------------------------------
-- accessors (the two-step form, doc/bi.md): the trims and k of the
-- one-step aggregates, 22023; a robust figure of a summary without
-- per-order values, 22023 with a hint (sql/bi.sql has every accessor)
-- ---------------------------------------------------------------------
SELECT expect_error($$SELECT aov_trimmed_mean(aov_sample(n), 0.5) FROM ten$$) AS sample_trim_half,
       expect_error($$SELECT aov_trimmed_mean(aov_sample(f), 0.3, 0.7) FROM ten$$) AS sample_trims_sum_one,
       expect_error($$SELECT aov_top_values(aov_sample(b), 0) FROM ten$$) AS sample_k_zero;
SELECT expect_error($$SELECT aov_median(aov_summary(n, x)) FROM ten$$) AS summary_without_per_order_values,
       expect_error($$SELECT aov_unit_price_top(aov_rollup(s)) FROM (SELECT aov_summary(n, x, b, 0.1) FROM ten UNION ALL SELECT aov_summary(n, x, b) FROM ten) t(s)$$) AS rollup_lost_per_order_values;
