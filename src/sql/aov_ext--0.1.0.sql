-- aov_ext 0.1.0 install script.  Released: never edit it; later versions
-- add upgrade scripts (aov_ext--0.1.0--0.2.0.sql, ...), which CREATE
-- EXTENSION runs after this one.  Every object is created in @extschema@ and
-- every reference to our own objects is schema-qualified, so a hostile
-- search_path cannot capture a call.

\echo Use "CREATE EXTENSION aov_ext" to load this file. \quit

------------------------------------------------------------------------------
-- aov_sample: the multiset of values behind an exact trimmed mean.
-- A real (non-internal) type so that Citus can push the aggregate down and
-- ship partial states as text; while aggregating it lives as an expanded
-- object (see src/sample.c).
------------------------------------------------------------------------------

CREATE TYPE @extschema@.aov_sample;

CREATE FUNCTION @extschema@.aov_sample_in(cstring) RETURNS @extschema@.aov_sample
    AS 'MODULE_PATHNAME', 'aov_sample_in' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.aov_sample_out(@extschema@.aov_sample) RETURNS cstring
    AS 'MODULE_PATHNAME', 'aov_sample_out' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.aov_sample_recv(internal) RETURNS @extschema@.aov_sample
    AS 'MODULE_PATHNAME', 'aov_sample_recv' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.aov_sample_send(@extschema@.aov_sample) RETURNS bytea
    AS 'MODULE_PATHNAME', 'aov_sample_send' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE TYPE @extschema@.aov_sample (
    INPUT = @extschema@.aov_sample_in,
    OUTPUT = @extschema@.aov_sample_out,
    RECEIVE = @extschema@.aov_sample_recv,
    SEND = @extschema@.aov_sample_send,
    INTERNALLENGTH = VARIABLE,
    ALIGNMENT = double,
    STORAGE = extended
);

COMMENT ON TYPE @extschema@.aov_sample IS
    'state of aov_trimmed_mean: every non-null value of a group, exact';
COMMENT ON FUNCTION @extschema@.aov_sample_in(cstring) IS 'aov_sample input function';
COMMENT ON FUNCTION @extschema@.aov_sample_out(@extschema@.aov_sample) IS 'aov_sample output function';
COMMENT ON FUNCTION @extschema@.aov_sample_recv(internal) IS 'aov_sample binary input function';
COMMENT ON FUNCTION @extschema@.aov_sample_send(@extschema@.aov_sample) IS 'aov_sample binary output function';

-- Transition functions are deliberately not STRICT: the first row creates the
-- state, NULL values are skipped inside, and a NULL trim is an error rather
-- than a silently empty result.
CREATE FUNCTION @extschema@.aov_sample_add(@extschema@.aov_sample, numeric, float8)
    RETURNS @extschema@.aov_sample
    AS 'MODULE_PATHNAME', 'aov_sample_add_numeric' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.aov_sample_add(@extschema@.aov_sample, float8, float8)
    RETURNS @extschema@.aov_sample
    AS 'MODULE_PATHNAME', 'aov_sample_add_float8' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.aov_sample_add(@extschema@.aov_sample, bigint, float8)
    RETURNS @extschema@.aov_sample
    AS 'MODULE_PATHNAME', 'aov_sample_add_int8' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.aov_sample_add(@extschema@.aov_sample, integer, float8)
    RETURNS @extschema@.aov_sample
    AS 'MODULE_PATHNAME', 'aov_sample_add_int4' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.aov_sample_add(@extschema@.aov_sample, numeric, float8, float8)
    RETURNS @extschema@.aov_sample
    AS 'MODULE_PATHNAME', 'aov_sample_add_numeric' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.aov_sample_add(@extschema@.aov_sample, float8, float8, float8)
    RETURNS @extschema@.aov_sample
    AS 'MODULE_PATHNAME', 'aov_sample_add_float8' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.aov_sample_add(@extschema@.aov_sample, bigint, float8, float8)
    RETURNS @extschema@.aov_sample
    AS 'MODULE_PATHNAME', 'aov_sample_add_int8' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.aov_sample_add(@extschema@.aov_sample, integer, float8, float8)
    RETURNS @extschema@.aov_sample
    AS 'MODULE_PATHNAME', 'aov_sample_add_int4' LANGUAGE C IMMUTABLE PARALLEL SAFE;

-- Not STRICT: a parallel worker that saw no rows hands over NULL, and the
-- first argument may arrive flat rather than expanded.
CREATE FUNCTION @extschema@.aov_sample_combine(@extschema@.aov_sample, @extschema@.aov_sample)
    RETURNS @extschema@.aov_sample
    AS 'MODULE_PATHNAME', 'aov_sample_combine' LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE FUNCTION @extschema@.aov_sample_trimmed_mean_numeric(@extschema@.aov_sample)
    RETURNS numeric
    AS 'MODULE_PATHNAME', 'aov_sample_trimmed_mean_numeric' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.aov_sample_trimmed_mean_float8(@extschema@.aov_sample)
    RETURNS float8
    AS 'MODULE_PATHNAME', 'aov_sample_trimmed_mean_float8' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.aov_sample_add(@extschema@.aov_sample, numeric, float8) IS 'aggregate transition function';
COMMENT ON FUNCTION @extschema@.aov_sample_add(@extschema@.aov_sample, float8, float8) IS 'aggregate transition function';
COMMENT ON FUNCTION @extschema@.aov_sample_add(@extschema@.aov_sample, bigint, float8) IS 'aggregate transition function';
COMMENT ON FUNCTION @extschema@.aov_sample_add(@extschema@.aov_sample, integer, float8) IS 'aggregate transition function';
COMMENT ON FUNCTION @extschema@.aov_sample_add(@extschema@.aov_sample, numeric, float8, float8) IS 'aggregate transition function';
COMMENT ON FUNCTION @extschema@.aov_sample_add(@extschema@.aov_sample, float8, float8, float8) IS 'aggregate transition function';
COMMENT ON FUNCTION @extschema@.aov_sample_add(@extschema@.aov_sample, bigint, float8, float8) IS 'aggregate transition function';
COMMENT ON FUNCTION @extschema@.aov_sample_add(@extschema@.aov_sample, integer, float8, float8) IS 'aggregate transition function';
COMMENT ON FUNCTION @extschema@.aov_sample_combine(@extschema@.aov_sample, @extschema@.aov_sample) IS 'aggregate combine function';
COMMENT ON FUNCTION @extschema@.aov_sample_trimmed_mean_numeric(@extschema@.aov_sample) IS 'aggregate final function';
COMMENT ON FUNCTION @extschema@.aov_sample_trimmed_mean_float8(@extschema@.aov_sample) IS 'aggregate final function';

-- The final function reorders the values in place (selection), which does
-- not change the multiset: SHAREABLE, as percentile_cont declares.
CREATE AGGREGATE @extschema@.aov_trimmed_mean(numeric, float8) (
    SFUNC = @extschema@.aov_sample_add, STYPE = @extschema@.aov_sample, SSPACE = 8192,
    COMBINEFUNC = @extschema@.aov_sample_combine,
    FINALFUNC = @extschema@.aov_sample_trimmed_mean_numeric, FINALFUNC_MODIFY = SHAREABLE,
    PARALLEL = SAFE);
CREATE AGGREGATE @extschema@.aov_trimmed_mean(float8, float8) (
    SFUNC = @extschema@.aov_sample_add, STYPE = @extschema@.aov_sample, SSPACE = 8192,
    COMBINEFUNC = @extschema@.aov_sample_combine,
    FINALFUNC = @extschema@.aov_sample_trimmed_mean_float8, FINALFUNC_MODIFY = SHAREABLE,
    PARALLEL = SAFE);
CREATE AGGREGATE @extschema@.aov_trimmed_mean(bigint, float8) (
    SFUNC = @extschema@.aov_sample_add, STYPE = @extschema@.aov_sample, SSPACE = 8192,
    COMBINEFUNC = @extschema@.aov_sample_combine,
    FINALFUNC = @extschema@.aov_sample_trimmed_mean_float8, FINALFUNC_MODIFY = SHAREABLE,
    PARALLEL = SAFE);
CREATE AGGREGATE @extschema@.aov_trimmed_mean(integer, float8) (
    SFUNC = @extschema@.aov_sample_add, STYPE = @extschema@.aov_sample, SSPACE = 8192,
    COMBINEFUNC = @extschema@.aov_sample_combine,
    FINALFUNC = @extschema@.aov_sample_trimmed_mean_float8, FINALFUNC_MODIFY = SHAREABLE,
    PARALLEL = SAFE);
CREATE AGGREGATE @extschema@.aov_trimmed_mean(numeric, float8, float8) (
    SFUNC = @extschema@.aov_sample_add, STYPE = @extschema@.aov_sample, SSPACE = 8192,
    COMBINEFUNC = @extschema@.aov_sample_combine,
    FINALFUNC = @extschema@.aov_sample_trimmed_mean_numeric, FINALFUNC_MODIFY = SHAREABLE,
    PARALLEL = SAFE);
CREATE AGGREGATE @extschema@.aov_trimmed_mean(float8, float8, float8) (
    SFUNC = @extschema@.aov_sample_add, STYPE = @extschema@.aov_sample, SSPACE = 8192,
    COMBINEFUNC = @extschema@.aov_sample_combine,
    FINALFUNC = @extschema@.aov_sample_trimmed_mean_float8, FINALFUNC_MODIFY = SHAREABLE,
    PARALLEL = SAFE);
CREATE AGGREGATE @extschema@.aov_trimmed_mean(bigint, float8, float8) (
    SFUNC = @extschema@.aov_sample_add, STYPE = @extschema@.aov_sample, SSPACE = 8192,
    COMBINEFUNC = @extschema@.aov_sample_combine,
    FINALFUNC = @extschema@.aov_sample_trimmed_mean_float8, FINALFUNC_MODIFY = SHAREABLE,
    PARALLEL = SAFE);
CREATE AGGREGATE @extschema@.aov_trimmed_mean(integer, float8, float8) (
    SFUNC = @extschema@.aov_sample_add, STYPE = @extschema@.aov_sample, SSPACE = 8192,
    COMBINEFUNC = @extschema@.aov_sample_combine,
    FINALFUNC = @extschema@.aov_sample_trimmed_mean_float8, FINALFUNC_MODIFY = SHAREABLE,
    PARALLEL = SAFE);

COMMENT ON AGGREGATE @extschema@.aov_trimmed_mean(numeric, float8) IS
    'exact trimmed mean: drops floor(n*trim) values from each end and averages the rest';
COMMENT ON AGGREGATE @extschema@.aov_trimmed_mean(float8, float8) IS
    'exact trimmed mean: drops floor(n*trim) values from each end and averages the rest';
COMMENT ON AGGREGATE @extschema@.aov_trimmed_mean(bigint, float8) IS
    'exact trimmed mean: drops floor(n*trim) values from each end and averages the rest';
COMMENT ON AGGREGATE @extschema@.aov_trimmed_mean(integer, float8) IS
    'exact trimmed mean: drops floor(n*trim) values from each end and averages the rest';
COMMENT ON AGGREGATE @extschema@.aov_trimmed_mean(numeric, float8, float8) IS
    'exact asymmetric trimmed mean: drops floor(n*low) lowest and floor(n*high) highest values';
COMMENT ON AGGREGATE @extschema@.aov_trimmed_mean(float8, float8, float8) IS
    'exact asymmetric trimmed mean: drops floor(n*low) lowest and floor(n*high) highest values';
COMMENT ON AGGREGATE @extschema@.aov_trimmed_mean(bigint, float8, float8) IS
    'exact asymmetric trimmed mean: drops floor(n*low) lowest and floor(n*high) highest values';
COMMENT ON AGGREGATE @extschema@.aov_trimmed_mean(integer, float8, float8) IS
    'exact asymmetric trimmed mean: drops floor(n*low) lowest and floor(n*high) highest values';

------------------------------------------------------------------------------
-- aov_counts: distinct values with their counts, behind aov_top_values.
------------------------------------------------------------------------------

CREATE TYPE @extschema@.aov_counts;

CREATE FUNCTION @extschema@.aov_counts_in(cstring) RETURNS @extschema@.aov_counts
    AS 'MODULE_PATHNAME', 'aov_counts_in' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.aov_counts_out(@extschema@.aov_counts) RETURNS cstring
    AS 'MODULE_PATHNAME', 'aov_counts_out' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.aov_counts_recv(internal) RETURNS @extschema@.aov_counts
    AS 'MODULE_PATHNAME', 'aov_counts_recv' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.aov_counts_send(@extschema@.aov_counts) RETURNS bytea
    AS 'MODULE_PATHNAME', 'aov_counts_send' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE TYPE @extschema@.aov_counts (
    INPUT = @extschema@.aov_counts_in,
    OUTPUT = @extschema@.aov_counts_out,
    RECEIVE = @extschema@.aov_counts_recv,
    SEND = @extschema@.aov_counts_send,
    INTERNALLENGTH = VARIABLE,
    ALIGNMENT = double,
    STORAGE = extended
);

COMMENT ON TYPE @extschema@.aov_counts IS
    'state of aov_top_values: the distinct values of a group with their counts';
COMMENT ON FUNCTION @extschema@.aov_counts_in(cstring) IS 'aov_counts input function';
COMMENT ON FUNCTION @extschema@.aov_counts_out(@extschema@.aov_counts) IS 'aov_counts output function';
COMMENT ON FUNCTION @extschema@.aov_counts_recv(internal) IS 'aov_counts binary input function';
COMMENT ON FUNCTION @extschema@.aov_counts_send(@extschema@.aov_counts) IS 'aov_counts binary output function';

-- One row of aov_top_values' result, per value type.
CREATE TYPE @extschema@.aov_top_numeric AS (value numeric, count bigint, share float8);
CREATE TYPE @extschema@.aov_top_float8 AS (value float8, count bigint, share float8);
CREATE TYPE @extschema@.aov_top_bigint AS (value bigint, count bigint, share float8);
COMMENT ON TYPE @extschema@.aov_top_numeric IS 'a most frequent value with its count and share of the non-null values';
COMMENT ON TYPE @extschema@.aov_top_float8 IS 'a most frequent value with its count and share of the non-null values';
COMMENT ON TYPE @extschema@.aov_top_bigint IS 'a most frequent value with its count and share of the non-null values';

-- Not STRICT, for the same reasons as aov_sample_add.
CREATE FUNCTION @extschema@.aov_counts_add(@extschema@.aov_counts, numeric, integer)
    RETURNS @extschema@.aov_counts
    AS 'MODULE_PATHNAME', 'aov_counts_add_numeric' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.aov_counts_add(@extschema@.aov_counts, float8, integer)
    RETURNS @extschema@.aov_counts
    AS 'MODULE_PATHNAME', 'aov_counts_add_float8' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.aov_counts_add(@extschema@.aov_counts, bigint, integer)
    RETURNS @extschema@.aov_counts
    AS 'MODULE_PATHNAME', 'aov_counts_add_int8' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.aov_counts_add(@extschema@.aov_counts, integer, integer)
    RETURNS @extschema@.aov_counts
    AS 'MODULE_PATHNAME', 'aov_counts_add_int4' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.aov_counts_combine(@extschema@.aov_counts, @extschema@.aov_counts)
    RETURNS @extschema@.aov_counts
    AS 'MODULE_PATHNAME', 'aov_counts_combine' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.aov_counts_top_numeric(@extschema@.aov_counts)
    RETURNS @extschema@.aov_top_numeric[]
    AS 'MODULE_PATHNAME', 'aov_counts_top_numeric' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.aov_counts_top_float8(@extschema@.aov_counts)
    RETURNS @extschema@.aov_top_float8[]
    AS 'MODULE_PATHNAME', 'aov_counts_top_float8' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.aov_counts_top_bigint(@extschema@.aov_counts)
    RETURNS @extschema@.aov_top_bigint[]
    AS 'MODULE_PATHNAME', 'aov_counts_top_bigint' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.aov_counts_add(@extschema@.aov_counts, numeric, integer) IS 'aggregate transition function';
COMMENT ON FUNCTION @extschema@.aov_counts_add(@extschema@.aov_counts, float8, integer) IS 'aggregate transition function';
COMMENT ON FUNCTION @extschema@.aov_counts_add(@extschema@.aov_counts, bigint, integer) IS 'aggregate transition function';
COMMENT ON FUNCTION @extschema@.aov_counts_add(@extschema@.aov_counts, integer, integer) IS 'aggregate transition function';
COMMENT ON FUNCTION @extschema@.aov_counts_combine(@extschema@.aov_counts, @extschema@.aov_counts) IS 'aggregate combine function';
COMMENT ON FUNCTION @extschema@.aov_counts_top_numeric(@extschema@.aov_counts) IS 'aggregate final function';
COMMENT ON FUNCTION @extschema@.aov_counts_top_float8(@extschema@.aov_counts) IS 'aggregate final function';
COMMENT ON FUNCTION @extschema@.aov_counts_top_bigint(@extschema@.aov_counts) IS 'aggregate final function';

-- The final function only reads the state.
CREATE AGGREGATE @extschema@.aov_top_values(numeric, integer) (
    SFUNC = @extschema@.aov_counts_add, STYPE = @extschema@.aov_counts, SSPACE = 1024,
    COMBINEFUNC = @extschema@.aov_counts_combine,
    FINALFUNC = @extschema@.aov_counts_top_numeric, FINALFUNC_MODIFY = READ_ONLY,
    PARALLEL = SAFE);
CREATE AGGREGATE @extschema@.aov_top_values(float8, integer) (
    SFUNC = @extschema@.aov_counts_add, STYPE = @extschema@.aov_counts, SSPACE = 1024,
    COMBINEFUNC = @extschema@.aov_counts_combine,
    FINALFUNC = @extschema@.aov_counts_top_float8, FINALFUNC_MODIFY = READ_ONLY,
    PARALLEL = SAFE);
CREATE AGGREGATE @extschema@.aov_top_values(bigint, integer) (
    SFUNC = @extschema@.aov_counts_add, STYPE = @extschema@.aov_counts, SSPACE = 1024,
    COMBINEFUNC = @extschema@.aov_counts_combine,
    FINALFUNC = @extschema@.aov_counts_top_bigint, FINALFUNC_MODIFY = READ_ONLY,
    PARALLEL = SAFE);
CREATE AGGREGATE @extschema@.aov_top_values(integer, integer) (
    SFUNC = @extschema@.aov_counts_add, STYPE = @extschema@.aov_counts, SSPACE = 1024,
    COMBINEFUNC = @extschema@.aov_counts_combine,
    FINALFUNC = @extschema@.aov_counts_top_bigint, FINALFUNC_MODIFY = READ_ONLY,
    PARALLEL = SAFE);

COMMENT ON AGGREGATE @extschema@.aov_top_values(numeric, integer) IS
    'the k most frequent values with their counts and shares, ties to the smaller value';
COMMENT ON AGGREGATE @extschema@.aov_top_values(float8, integer) IS
    'the k most frequent values with their counts and shares, ties to the smaller value';
COMMENT ON AGGREGATE @extschema@.aov_top_values(bigint, integer) IS
    'the k most frequent values with their counts and shares, ties to the smaller value';
COMMENT ON AGGREGATE @extschema@.aov_top_values(integer, integer) IS
    'the k most frequent values with their counts and shares, ties to the smaller value';
