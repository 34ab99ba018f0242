-- aov_ext 0.1.0 -> 0.2.0: aov_breakdown, aov_summary, aov_rollup, aov_report.
-- A fresh CREATE EXTENSION runs aov_ext--0.1.0.sql and then this script, so
-- an updated installation and a new one are built by the same statements.
-- As in 0.1.0, every object is created in @extschema@ and every reference to
-- our own objects is schema-qualified.

\echo Use "ALTER EXTENSION aov_ext UPDATE TO '0.2.0'" to load this file. \quit

------------------------------------------------------------------------------
-- aov_summary: an exactly mergeable description of a set of orders (counts,
-- exact sums, distinct customer ids, and optionally every order's values).
-- The state of aov_breakdown and the storable result of aov_summary and
-- aov_rollup; while aggregating it lives as an expanded object (see
-- src/breakdown.c).
------------------------------------------------------------------------------

CREATE TYPE @extschema@.aov_summary;

CREATE FUNCTION @extschema@.aov_summary_in(cstring) RETURNS @extschema@.aov_summary
    AS 'MODULE_PATHNAME', 'aov_summary_in' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.aov_summary_out(@extschema@.aov_summary) RETURNS cstring
    AS 'MODULE_PATHNAME', 'aov_summary_out' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.aov_summary_recv(internal) RETURNS @extschema@.aov_summary
    AS 'MODULE_PATHNAME', 'aov_summary_recv' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.aov_summary_send(@extschema@.aov_summary) RETURNS bytea
    AS 'MODULE_PATHNAME', 'aov_summary_send' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE TYPE @extschema@.aov_summary (
    INPUT = @extschema@.aov_summary_in,
    OUTPUT = @extschema@.aov_summary_out,
    RECEIVE = @extschema@.aov_summary_recv,
    SEND = @extschema@.aov_summary_send,
    INTERNALLENGTH = VARIABLE,
    ALIGNMENT = double,
    STORAGE = extended
);

COMMENT ON TYPE @extschema@.aov_summary IS
    'orders summarized exactly (counts, sums, distinct customers, optionally per-order values): state of aov_breakdown, merged by aov_rollup';
COMMENT ON FUNCTION @extschema@.aov_summary_in(cstring) IS 'aov_summary input function';
COMMENT ON FUNCTION @extschema@.aov_summary_out(@extschema@.aov_summary) IS 'aov_summary output function';
COMMENT ON FUNCTION @extschema@.aov_summary_recv(internal) IS 'aov_summary binary input function';
COMMENT ON FUNCTION @extschema@.aov_summary_send(@extschema@.aov_summary) IS 'aov_summary binary output function';

-- The figures of a set of orders.  Money and ratios are numeric (for float8
-- revenue: the correctly rounded double, shown with its shortest digits).
CREATE TYPE @extschema@.aov_breakdown AS (
    orders bigint,
    customers bigint,
    guest_orders bigint,
    zero_item_orders bigint,
    revenue numeric,
    items numeric,
    aov numeric,
    unit_price numeric,
    items_per_order numeric,
    revenue_per_customer numeric,
    orders_per_customer numeric,
    trim_fraction float8,
    aov_trimmed numeric,
    aov_median numeric,
    aov_top @extschema@.aov_top_numeric[],
    items_per_order_trimmed numeric,
    items_per_order_median numeric,
    items_per_order_top @extschema@.aov_top_numeric[],
    unit_price_trimmed numeric,
    unit_price_median numeric,
    unit_price_top @extschema@.aov_top_numeric[]
);
COMMENT ON TYPE @extschema@.aov_breakdown IS
    'AOV = unit price x items per order, with customers and robust figures (trimmed mean, median, top 3)';

-- Transition functions are deliberately not STRICT: a NULL customer id is a
-- guest order, NULL revenue or items skip the row inside, and a NULL trim is
-- an error rather than a silently empty result.
CREATE FUNCTION @extschema@.aov_breakdown_add(@extschema@.aov_summary, numeric, integer)
    RETURNS @extschema@.aov_summary
    AS 'MODULE_PATHNAME', 'aov_breakdown_add_numeric_int4' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.aov_breakdown_add(@extschema@.aov_summary, numeric, integer, bigint)
    RETURNS @extschema@.aov_summary
    AS 'MODULE_PATHNAME', 'aov_breakdown_add_numeric_int4' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.aov_breakdown_add(@extschema@.aov_summary, numeric, integer, bigint, float8)
    RETURNS @extschema@.aov_summary
    AS 'MODULE_PATHNAME', 'aov_breakdown_add_numeric_int4' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.aov_breakdown_add(@extschema@.aov_summary, numeric, numeric)
    RETURNS @extschema@.aov_summary
    AS 'MODULE_PATHNAME', 'aov_breakdown_add_numeric_numeric' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.aov_breakdown_add(@extschema@.aov_summary, numeric, numeric, bigint)
    RETURNS @extschema@.aov_summary
    AS 'MODULE_PATHNAME', 'aov_breakdown_add_numeric_numeric' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.aov_breakdown_add(@extschema@.aov_summary, numeric, numeric, bigint, float8)
    RETURNS @extschema@.aov_summary
    AS 'MODULE_PATHNAME', 'aov_breakdown_add_numeric_numeric' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.aov_breakdown_add(@extschema@.aov_summary, float8, integer)
    RETURNS @extschema@.aov_summary
    AS 'MODULE_PATHNAME', 'aov_breakdown_add_float8_int4' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.aov_breakdown_add(@extschema@.aov_summary, float8, integer, bigint)
    RETURNS @extschema@.aov_summary
    AS 'MODULE_PATHNAME', 'aov_breakdown_add_float8_int4' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.aov_breakdown_add(@extschema@.aov_summary, float8, integer, bigint, float8)
    RETURNS @extschema@.aov_summary
    AS 'MODULE_PATHNAME', 'aov_breakdown_add_float8_int4' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.aov_breakdown_add(@extschema@.aov_summary, bigint, integer)
    RETURNS @extschema@.aov_summary
    AS 'MODULE_PATHNAME', 'aov_breakdown_add_int8_int4' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.aov_breakdown_add(@extschema@.aov_summary, bigint, integer, bigint)
    RETURNS @extschema@.aov_summary
    AS 'MODULE_PATHNAME', 'aov_breakdown_add_int8_int4' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.aov_breakdown_add(@extschema@.aov_summary, bigint, integer, bigint, float8)
    RETURNS @extschema@.aov_summary
    AS 'MODULE_PATHNAME', 'aov_breakdown_add_int8_int4' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.aov_breakdown_add(@extschema@.aov_summary, integer, integer)
    RETURNS @extschema@.aov_summary
    AS 'MODULE_PATHNAME', 'aov_breakdown_add_int4_int4' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.aov_breakdown_add(@extschema@.aov_summary, integer, integer, bigint)
    RETURNS @extschema@.aov_summary
    AS 'MODULE_PATHNAME', 'aov_breakdown_add_int4_int4' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.aov_breakdown_add(@extschema@.aov_summary, integer, integer, bigint, float8)
    RETURNS @extschema@.aov_summary
    AS 'MODULE_PATHNAME', 'aov_breakdown_add_int4_int4' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.aov_summary_add(@extschema@.aov_summary, numeric, integer)
    RETURNS @extschema@.aov_summary
    AS 'MODULE_PATHNAME', 'aov_summary_add_numeric_int4' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.aov_summary_add(@extschema@.aov_summary, numeric, integer, bigint)
    RETURNS @extschema@.aov_summary
    AS 'MODULE_PATHNAME', 'aov_summary_add_numeric_int4' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.aov_summary_add(@extschema@.aov_summary, numeric, integer, bigint, float8)
    RETURNS @extschema@.aov_summary
    AS 'MODULE_PATHNAME', 'aov_summary_add_numeric_int4' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.aov_summary_add(@extschema@.aov_summary, numeric, numeric)
    RETURNS @extschema@.aov_summary
    AS 'MODULE_PATHNAME', 'aov_summary_add_numeric_numeric' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.aov_summary_add(@extschema@.aov_summary, numeric, numeric, bigint)
    RETURNS @extschema@.aov_summary
    AS 'MODULE_PATHNAME', 'aov_summary_add_numeric_numeric' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.aov_summary_add(@extschema@.aov_summary, numeric, numeric, bigint, float8)
    RETURNS @extschema@.aov_summary
    AS 'MODULE_PATHNAME', 'aov_summary_add_numeric_numeric' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.aov_summary_add(@extschema@.aov_summary, float8, integer)
    RETURNS @extschema@.aov_summary
    AS 'MODULE_PATHNAME', 'aov_summary_add_float8_int4' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.aov_summary_add(@extschema@.aov_summary, float8, integer, bigint)
    RETURNS @extschema@.aov_summary
    AS 'MODULE_PATHNAME', 'aov_summary_add_float8_int4' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.aov_summary_add(@extschema@.aov_summary, float8, integer, bigint, float8)
    RETURNS @extschema@.aov_summary
    AS 'MODULE_PATHNAME', 'aov_summary_add_float8_int4' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.aov_summary_add(@extschema@.aov_summary, bigint, integer)
    RETURNS @extschema@.aov_summary
    AS 'MODULE_PATHNAME', 'aov_summary_add_int8_int4' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.aov_summary_add(@extschema@.aov_summary, bigint, integer, bigint)
    RETURNS @extschema@.aov_summary
    AS 'MODULE_PATHNAME', 'aov_summary_add_int8_int4' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.aov_summary_add(@extschema@.aov_summary, bigint, integer, bigint, float8)
    RETURNS @extschema@.aov_summary
    AS 'MODULE_PATHNAME', 'aov_summary_add_int8_int4' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.aov_summary_add(@extschema@.aov_summary, integer, integer)
    RETURNS @extschema@.aov_summary
    AS 'MODULE_PATHNAME', 'aov_summary_add_int4_int4' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.aov_summary_add(@extschema@.aov_summary, integer, integer, bigint)
    RETURNS @extschema@.aov_summary
    AS 'MODULE_PATHNAME', 'aov_summary_add_int4_int4' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.aov_summary_add(@extschema@.aov_summary, integer, integer, bigint, float8)
    RETURNS @extschema@.aov_summary
    AS 'MODULE_PATHNAME', 'aov_summary_add_int4_int4' LANGUAGE C IMMUTABLE PARALLEL SAFE;

-- Not STRICT: a parallel worker that saw no rows hands over NULL, and the
-- first argument may arrive flat rather than expanded.
CREATE FUNCTION @extschema@.aov_summary_combine(@extschema@.aov_summary, @extschema@.aov_summary)
    RETURNS @extschema@.aov_summary
    AS 'MODULE_PATHNAME', 'aov_summary_combine' LANGUAGE C IMMUTABLE PARALLEL SAFE;
-- Not STRICT, for the same reasons; NULL summaries are skipped.
CREATE FUNCTION @extschema@.aov_summary_rollup_add(@extschema@.aov_summary, @extschema@.aov_summary)
    RETURNS @extschema@.aov_summary
    AS 'MODULE_PATHNAME', 'aov_summary_rollup_add' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.aov_summary_breakdown(@extschema@.aov_summary)
    RETURNS @extschema@.aov_breakdown
    AS 'MODULE_PATHNAME', 'aov_summary_breakdown' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.aov_breakdown(summary @extschema@.aov_summary)
    RETURNS @extschema@.aov_breakdown
    AS 'MODULE_PATHNAME', 'aov_summary_breakdown' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.aov_breakdown_add(@extschema@.aov_summary, numeric, integer) IS 'aggregate transition function';
COMMENT ON FUNCTION @extschema@.aov_breakdown_add(@extschema@.aov_summary, numeric, integer, bigint) IS 'aggregate transition function';
COMMENT ON FUNCTION @extschema@.aov_breakdown_add(@extschema@.aov_summary, numeric, integer, bigint, float8) IS 'aggregate transition function';
COMMENT ON FUNCTION @extschema@.aov_breakdown_add(@extschema@.aov_summary, numeric, numeric) IS 'aggregate transition function';
COMMENT ON FUNCTION @extschema@.aov_breakdown_add(@extschema@.aov_summary, numeric, numeric, bigint) IS 'aggregate transition function';
COMMENT ON FUNCTION @extschema@.aov_breakdown_add(@extschema@.aov_summary, numeric, numeric, bigint, float8) IS 'aggregate transition function';
COMMENT ON FUNCTION @extschema@.aov_breakdown_add(@extschema@.aov_summary, float8, integer) IS 'aggregate transition function';
COMMENT ON FUNCTION @extschema@.aov_breakdown_add(@extschema@.aov_summary, float8, integer, bigint) IS 'aggregate transition function';
COMMENT ON FUNCTION @extschema@.aov_breakdown_add(@extschema@.aov_summary, float8, integer, bigint, float8) IS 'aggregate transition function';
COMMENT ON FUNCTION @extschema@.aov_breakdown_add(@extschema@.aov_summary, bigint, integer) IS 'aggregate transition function';
COMMENT ON FUNCTION @extschema@.aov_breakdown_add(@extschema@.aov_summary, bigint, integer, bigint) IS 'aggregate transition function';
COMMENT ON FUNCTION @extschema@.aov_breakdown_add(@extschema@.aov_summary, bigint, integer, bigint, float8) IS 'aggregate transition function';
COMMENT ON FUNCTION @extschema@.aov_breakdown_add(@extschema@.aov_summary, integer, integer) IS 'aggregate transition function';
COMMENT ON FUNCTION @extschema@.aov_breakdown_add(@extschema@.aov_summary, integer, integer, bigint) IS 'aggregate transition function';
COMMENT ON FUNCTION @extschema@.aov_breakdown_add(@extschema@.aov_summary, integer, integer, bigint, float8) IS 'aggregate transition function';
COMMENT ON FUNCTION @extschema@.aov_summary_add(@extschema@.aov_summary, numeric, integer) IS 'aggregate transition function';
COMMENT ON FUNCTION @extschema@.aov_summary_add(@extschema@.aov_summary, numeric, integer, bigint) IS 'aggregate transition function';
COMMENT ON FUNCTION @extschema@.aov_summary_add(@extschema@.aov_summary, numeric, integer, bigint, float8) IS 'aggregate transition function';
COMMENT ON FUNCTION @extschema@.aov_summary_add(@extschema@.aov_summary, numeric, numeric) IS 'aggregate transition function';
COMMENT ON FUNCTION @extschema@.aov_summary_add(@extschema@.aov_summary, numeric, numeric, bigint) IS 'aggregate transition function';
COMMENT ON FUNCTION @extschema@.aov_summary_add(@extschema@.aov_summary, numeric, numeric, bigint, float8) IS 'aggregate transition function';
COMMENT ON FUNCTION @extschema@.aov_summary_add(@extschema@.aov_summary, float8, integer) IS 'aggregate transition function';
COMMENT ON FUNCTION @extschema@.aov_summary_add(@extschema@.aov_summary, float8, integer, bigint) IS 'aggregate transition function';
COMMENT ON FUNCTION @extschema@.aov_summary_add(@extschema@.aov_summary, float8, integer, bigint, float8) IS 'aggregate transition function';
COMMENT ON FUNCTION @extschema@.aov_summary_add(@extschema@.aov_summary, bigint, integer) IS 'aggregate transition function';
COMMENT ON FUNCTION @extschema@.aov_summary_add(@extschema@.aov_summary, bigint, integer, bigint) IS 'aggregate transition function';
COMMENT ON FUNCTION @extschema@.aov_summary_add(@extschema@.aov_summary, bigint, integer, bigint, float8) IS 'aggregate transition function';
COMMENT ON FUNCTION @extschema@.aov_summary_add(@extschema@.aov_summary, integer, integer) IS 'aggregate transition function';
COMMENT ON FUNCTION @extschema@.aov_summary_add(@extschema@.aov_summary, integer, integer, bigint) IS 'aggregate transition function';
COMMENT ON FUNCTION @extschema@.aov_summary_add(@extschema@.aov_summary, integer, integer, bigint, float8) IS 'aggregate transition function';
COMMENT ON FUNCTION @extschema@.aov_summary_combine(@extschema@.aov_summary, @extschema@.aov_summary) IS 'aggregate combine function';
COMMENT ON FUNCTION @extschema@.aov_summary_rollup_add(@extschema@.aov_summary, @extschema@.aov_summary) IS 'aggregate transition function';
COMMENT ON FUNCTION @extschema@.aov_summary_breakdown(@extschema@.aov_summary) IS 'aggregate final function';
COMMENT ON FUNCTION @extschema@.aov_breakdown(@extschema@.aov_summary) IS
    'the breakdown of a stored summary (robust figures only when it kept per-order values)';

-- Aggregates cannot have defaults, so each short form is declared.  The
-- final function reorders the per-order values in place (selection), which
-- does not change their multiset: SHAREABLE, as percentile_cont declares.
CREATE AGGREGATE @extschema@.aov_breakdown(revenue numeric, items integer) (
    SFUNC = @extschema@.aov_breakdown_add, STYPE = @extschema@.aov_summary, SSPACE = 16384,
    COMBINEFUNC = @extschema@.aov_summary_combine,
    FINALFUNC = @extschema@.aov_summary_breakdown, FINALFUNC_MODIFY = SHAREABLE,
    PARALLEL = SAFE);
CREATE AGGREGATE @extschema@.aov_breakdown(revenue numeric, items integer, customer_id bigint) (
    SFUNC = @extschema@.aov_breakdown_add, STYPE = @extschema@.aov_summary, SSPACE = 16384,
    COMBINEFUNC = @extschema@.aov_summary_combine,
    FINALFUNC = @extschema@.aov_summary_breakdown, FINALFUNC_MODIFY = SHAREABLE,
    PARALLEL = SAFE);
CREATE AGGREGATE @extschema@.aov_breakdown(revenue numeric, items integer, customer_id bigint, trim_fraction float8) (
    SFUNC = @extschema@.aov_breakdown_add, STYPE = @extschema@.aov_summary, SSPACE = 16384,
    COMBINEFUNC = @extschema@.aov_summary_combine,
    FINALFUNC = @extschema@.aov_summary_breakdown, FINALFUNC_MODIFY = SHAREABLE,
    PARALLEL = SAFE);
CREATE AGGREGATE @extschema@.aov_breakdown(revenue numeric, items numeric) (
    SFUNC = @extschema@.aov_breakdown_add, STYPE = @extschema@.aov_summary, SSPACE = 16384,
    COMBINEFUNC = @extschema@.aov_summary_combine,
    FINALFUNC = @extschema@.aov_summary_breakdown, FINALFUNC_MODIFY = SHAREABLE,
    PARALLEL = SAFE);
CREATE AGGREGATE @extschema@.aov_breakdown(revenue numeric, items numeric, customer_id bigint) (
    SFUNC = @extschema@.aov_breakdown_add, STYPE = @extschema@.aov_summary, SSPACE = 16384,
    COMBINEFUNC = @extschema@.aov_summary_combine,
    FINALFUNC = @extschema@.aov_summary_breakdown, FINALFUNC_MODIFY = SHAREABLE,
    PARALLEL = SAFE);
CREATE AGGREGATE @extschema@.aov_breakdown(revenue numeric, items numeric, customer_id bigint, trim_fraction float8) (
    SFUNC = @extschema@.aov_breakdown_add, STYPE = @extschema@.aov_summary, SSPACE = 16384,
    COMBINEFUNC = @extschema@.aov_summary_combine,
    FINALFUNC = @extschema@.aov_summary_breakdown, FINALFUNC_MODIFY = SHAREABLE,
    PARALLEL = SAFE);
CREATE AGGREGATE @extschema@.aov_breakdown(revenue float8, items integer) (
    SFUNC = @extschema@.aov_breakdown_add, STYPE = @extschema@.aov_summary, SSPACE = 16384,
    COMBINEFUNC = @extschema@.aov_summary_combine,
    FINALFUNC = @extschema@.aov_summary_breakdown, FINALFUNC_MODIFY = SHAREABLE,
    PARALLEL = SAFE);
CREATE AGGREGATE @extschema@.aov_breakdown(revenue float8, items integer, customer_id bigint) (
    SFUNC = @extschema@.aov_breakdown_add, STYPE = @extschema@.aov_summary, SSPACE = 16384,
    COMBINEFUNC = @extschema@.aov_summary_combine,
    FINALFUNC = @extschema@.aov_summary_breakdown, FINALFUNC_MODIFY = SHAREABLE,
    PARALLEL = SAFE);
CREATE AGGREGATE @extschema@.aov_breakdown(revenue float8, items integer, customer_id bigint, trim_fraction float8) (
    SFUNC = @extschema@.aov_breakdown_add, STYPE = @extschema@.aov_summary, SSPACE = 16384,
    COMBINEFUNC = @extschema@.aov_summary_combine,
    FINALFUNC = @extschema@.aov_summary_breakdown, FINALFUNC_MODIFY = SHAREABLE,
    PARALLEL = SAFE);
CREATE AGGREGATE @extschema@.aov_breakdown(revenue bigint, items integer) (
    SFUNC = @extschema@.aov_breakdown_add, STYPE = @extschema@.aov_summary, SSPACE = 16384,
    COMBINEFUNC = @extschema@.aov_summary_combine,
    FINALFUNC = @extschema@.aov_summary_breakdown, FINALFUNC_MODIFY = SHAREABLE,
    PARALLEL = SAFE);
CREATE AGGREGATE @extschema@.aov_breakdown(revenue bigint, items integer, customer_id bigint) (
    SFUNC = @extschema@.aov_breakdown_add, STYPE = @extschema@.aov_summary, SSPACE = 16384,
    COMBINEFUNC = @extschema@.aov_summary_combine,
    FINALFUNC = @extschema@.aov_summary_breakdown, FINALFUNC_MODIFY = SHAREABLE,
    PARALLEL = SAFE);
CREATE AGGREGATE @extschema@.aov_breakdown(revenue bigint, items integer, customer_id bigint, trim_fraction float8) (
    SFUNC = @extschema@.aov_breakdown_add, STYPE = @extschema@.aov_summary, SSPACE = 16384,
    COMBINEFUNC = @extschema@.aov_summary_combine,
    FINALFUNC = @extschema@.aov_summary_breakdown, FINALFUNC_MODIFY = SHAREABLE,
    PARALLEL = SAFE);
CREATE AGGREGATE @extschema@.aov_breakdown(revenue integer, items integer) (
    SFUNC = @extschema@.aov_breakdown_add, STYPE = @extschema@.aov_summary, SSPACE = 16384,
    COMBINEFUNC = @extschema@.aov_summary_combine,
    FINALFUNC = @extschema@.aov_summary_breakdown, FINALFUNC_MODIFY = SHAREABLE,
    PARALLEL = SAFE);
CREATE AGGREGATE @extschema@.aov_breakdown(revenue integer, items integer, customer_id bigint) (
    SFUNC = @extschema@.aov_breakdown_add, STYPE = @extschema@.aov_summary, SSPACE = 16384,
    COMBINEFUNC = @extschema@.aov_summary_combine,
    FINALFUNC = @extschema@.aov_summary_breakdown, FINALFUNC_MODIFY = SHAREABLE,
    PARALLEL = SAFE);
CREATE AGGREGATE @extschema@.aov_breakdown(revenue integer, items integer, customer_id bigint, trim_fraction float8) (
    SFUNC = @extschema@.aov_breakdown_add, STYPE = @extschema@.aov_summary, SSPACE = 16384,
    COMBINEFUNC = @extschema@.aov_summary_combine,
    FINALFUNC = @extschema@.aov_summary_breakdown, FINALFUNC_MODIFY = SHAREABLE,
    PARALLEL = SAFE);

CREATE AGGREGATE @extschema@.aov_summary(revenue numeric, items integer) (
    SFUNC = @extschema@.aov_summary_add, STYPE = @extschema@.aov_summary, SSPACE = 2048,
    COMBINEFUNC = @extschema@.aov_summary_combine,
    PARALLEL = SAFE);
CREATE AGGREGATE @extschema@.aov_summary(revenue numeric, items integer, customer_id bigint) (
    SFUNC = @extschema@.aov_summary_add, STYPE = @extschema@.aov_summary, SSPACE = 2048,
    COMBINEFUNC = @extschema@.aov_summary_combine,
    PARALLEL = SAFE);
CREATE AGGREGATE @extschema@.aov_summary(revenue numeric, items integer, customer_id bigint, trim_fraction float8) (
    SFUNC = @extschema@.aov_summary_add, STYPE = @extschema@.aov_summary, SSPACE = 2048,
    COMBINEFUNC = @extschema@.aov_summary_combine,
    PARALLEL = SAFE);
CREATE AGGREGATE @extschema@.aov_summary(revenue numeric, items numeric) (
    SFUNC = @extschema@.aov_summary_add, STYPE = @extschema@.aov_summary, SSPACE = 2048,
    COMBINEFUNC = @extschema@.aov_summary_combine,
    PARALLEL = SAFE);
CREATE AGGREGATE @extschema@.aov_summary(revenue numeric, items numeric, customer_id bigint) (
    SFUNC = @extschema@.aov_summary_add, STYPE = @extschema@.aov_summary, SSPACE = 2048,
    COMBINEFUNC = @extschema@.aov_summary_combine,
    PARALLEL = SAFE);
CREATE AGGREGATE @extschema@.aov_summary(revenue numeric, items numeric, customer_id bigint, trim_fraction float8) (
    SFUNC = @extschema@.aov_summary_add, STYPE = @extschema@.aov_summary, SSPACE = 2048,
    COMBINEFUNC = @extschema@.aov_summary_combine,
    PARALLEL = SAFE);
CREATE AGGREGATE @extschema@.aov_summary(revenue float8, items integer) (
    SFUNC = @extschema@.aov_summary_add, STYPE = @extschema@.aov_summary, SSPACE = 2048,
    COMBINEFUNC = @extschema@.aov_summary_combine,
    PARALLEL = SAFE);
CREATE AGGREGATE @extschema@.aov_summary(revenue float8, items integer, customer_id bigint) (
    SFUNC = @extschema@.aov_summary_add, STYPE = @extschema@.aov_summary, SSPACE = 2048,
    COMBINEFUNC = @extschema@.aov_summary_combine,
    PARALLEL = SAFE);
CREATE AGGREGATE @extschema@.aov_summary(revenue float8, items integer, customer_id bigint, trim_fraction float8) (
    SFUNC = @extschema@.aov_summary_add, STYPE = @extschema@.aov_summary, SSPACE = 2048,
    COMBINEFUNC = @extschema@.aov_summary_combine,
    PARALLEL = SAFE);
CREATE AGGREGATE @extschema@.aov_summary(revenue bigint, items integer) (
    SFUNC = @extschema@.aov_summary_add, STYPE = @extschema@.aov_summary, SSPACE = 2048,
    COMBINEFUNC = @extschema@.aov_summary_combine,
    PARALLEL = SAFE);
CREATE AGGREGATE @extschema@.aov_summary(revenue bigint, items integer, customer_id bigint) (
    SFUNC = @extschema@.aov_summary_add, STYPE = @extschema@.aov_summary, SSPACE = 2048,
    COMBINEFUNC = @extschema@.aov_summary_combine,
    PARALLEL = SAFE);
CREATE AGGREGATE @extschema@.aov_summary(revenue bigint, items integer, customer_id bigint, trim_fraction float8) (
    SFUNC = @extschema@.aov_summary_add, STYPE = @extschema@.aov_summary, SSPACE = 2048,
    COMBINEFUNC = @extschema@.aov_summary_combine,
    PARALLEL = SAFE);
CREATE AGGREGATE @extschema@.aov_summary(revenue integer, items integer) (
    SFUNC = @extschema@.aov_summary_add, STYPE = @extschema@.aov_summary, SSPACE = 2048,
    COMBINEFUNC = @extschema@.aov_summary_combine,
    PARALLEL = SAFE);
CREATE AGGREGATE @extschema@.aov_summary(revenue integer, items integer, customer_id bigint) (
    SFUNC = @extschema@.aov_summary_add, STYPE = @extschema@.aov_summary, SSPACE = 2048,
    COMBINEFUNC = @extschema@.aov_summary_combine,
    PARALLEL = SAFE);
CREATE AGGREGATE @extschema@.aov_summary(revenue integer, items integer, customer_id bigint, trim_fraction float8) (
    SFUNC = @extschema@.aov_summary_add, STYPE = @extschema@.aov_summary, SSPACE = 2048,
    COMBINEFUNC = @extschema@.aov_summary_combine,
    PARALLEL = SAFE);

CREATE AGGREGATE @extschema@.aov_rollup(summary @extschema@.aov_summary) (
    SFUNC = @extschema@.aov_summary_rollup_add, STYPE = @extschema@.aov_summary, SSPACE = 2048,
    COMBINEFUNC = @extschema@.aov_summary_combine,
    PARALLEL = SAFE);

COMMENT ON AGGREGATE @extschema@.aov_breakdown(numeric, integer) IS
    'AOV = unit price x items per order, with 5% trimmed means, medians and top 3 values';
COMMENT ON AGGREGATE @extschema@.aov_breakdown(numeric, integer, bigint) IS
    'AOV = unit price x items per order, with customers, 5% trimmed means, medians and top 3 values';
COMMENT ON AGGREGATE @extschema@.aov_breakdown(numeric, integer, bigint, float8) IS
    'AOV = unit price x items per order, with customers, trimmed means, medians and top 3 values';
COMMENT ON AGGREGATE @extschema@.aov_breakdown(numeric, numeric) IS
    'AOV = unit price x items per order, with 5% trimmed means, medians and top 3 values';
COMMENT ON AGGREGATE @extschema@.aov_breakdown(numeric, numeric, bigint) IS
    'AOV = unit price x items per order, with customers, 5% trimmed means, medians and top 3 values';
COMMENT ON AGGREGATE @extschema@.aov_breakdown(numeric, numeric, bigint, float8) IS
    'AOV = unit price x items per order, with customers, trimmed means, medians and top 3 values';
COMMENT ON AGGREGATE @extschema@.aov_breakdown(float8, integer) IS
    'AOV = unit price x items per order, with 5% trimmed means, medians and top 3 values';
COMMENT ON AGGREGATE @extschema@.aov_breakdown(float8, integer, bigint) IS
    'AOV = unit price x items per order, with customers, 5% trimmed means, medians and top 3 values';
COMMENT ON AGGREGATE @extschema@.aov_breakdown(float8, integer, bigint, float8) IS
    'AOV = unit price x items per order, with customers, trimmed means, medians and top 3 values';
COMMENT ON AGGREGATE @extschema@.aov_breakdown(bigint, integer) IS
    'AOV = unit price x items per order, with 5% trimmed means, medians and top 3 values';
COMMENT ON AGGREGATE @extschema@.aov_breakdown(bigint, integer, bigint) IS
    'AOV = unit price x items per order, with customers, 5% trimmed means, medians and top 3 values';
COMMENT ON AGGREGATE @extschema@.aov_breakdown(bigint, integer, bigint, float8) IS
    'AOV = unit price x items per order, with customers, trimmed means, medians and top 3 values';
COMMENT ON AGGREGATE @extschema@.aov_breakdown(integer, integer) IS
    'AOV = unit price x items per order, with 5% trimmed means, medians and top 3 values';
COMMENT ON AGGREGATE @extschema@.aov_breakdown(integer, integer, bigint) IS
    'AOV = unit price x items per order, with customers, 5% trimmed means, medians and top 3 values';
COMMENT ON AGGREGATE @extschema@.aov_breakdown(integer, integer, bigint, float8) IS
    'AOV = unit price x items per order, with customers, trimmed means, medians and top 3 values';
COMMENT ON AGGREGATE @extschema@.aov_summary(numeric, integer) IS
    'storable exact summary of orders (counts and sums) for aov_rollup and aov_breakdown';
COMMENT ON AGGREGATE @extschema@.aov_summary(numeric, integer, bigint) IS
    'storable exact summary of orders (counts, sums, distinct customers) for aov_rollup and aov_breakdown';
COMMENT ON AGGREGATE @extschema@.aov_summary(numeric, integer, bigint, float8) IS
    'storable exact summary of orders that also keeps every order''s values, so that robust figures survive aov_rollup';
COMMENT ON AGGREGATE @extschema@.aov_summary(numeric, numeric) IS
    'storable exact summary of orders (counts and sums) for aov_rollup and aov_breakdown';
COMMENT ON AGGREGATE @extschema@.aov_summary(numeric, numeric, bigint) IS
    'storable exact summary of orders (counts, sums, distinct customers) for aov_rollup and aov_breakdown';
COMMENT ON AGGREGATE @extschema@.aov_summary(numeric, numeric, bigint, float8) IS
    'storable exact summary of orders that also keeps every order''s values, so that robust figures survive aov_rollup';
COMMENT ON AGGREGATE @extschema@.aov_summary(float8, integer) IS
    'storable exact summary of orders (counts and sums) for aov_rollup and aov_breakdown';
COMMENT ON AGGREGATE @extschema@.aov_summary(float8, integer, bigint) IS
    'storable exact summary of orders (counts, sums, distinct customers) for aov_rollup and aov_breakdown';
COMMENT ON AGGREGATE @extschema@.aov_summary(float8, integer, bigint, float8) IS
    'storable exact summary of orders that also keeps every order''s values, so that robust figures survive aov_rollup';
COMMENT ON AGGREGATE @extschema@.aov_summary(bigint, integer) IS
    'storable exact summary of orders (counts and sums) for aov_rollup and aov_breakdown';
COMMENT ON AGGREGATE @extschema@.aov_summary(bigint, integer, bigint) IS
    'storable exact summary of orders (counts, sums, distinct customers) for aov_rollup and aov_breakdown';
COMMENT ON AGGREGATE @extschema@.aov_summary(bigint, integer, bigint, float8) IS
    'storable exact summary of orders that also keeps every order''s values, so that robust figures survive aov_rollup';
COMMENT ON AGGREGATE @extschema@.aov_summary(integer, integer) IS
    'storable exact summary of orders (counts and sums) for aov_rollup and aov_breakdown';
COMMENT ON AGGREGATE @extschema@.aov_summary(integer, integer, bigint) IS
    'storable exact summary of orders (counts, sums, distinct customers) for aov_rollup and aov_breakdown';
COMMENT ON AGGREGATE @extschema@.aov_summary(integer, integer, bigint, float8) IS
    'storable exact summary of orders that also keeps every order''s values, so that robust figures survive aov_rollup';
COMMENT ON AGGREGATE @extschema@.aov_rollup(@extschema@.aov_summary) IS
    'merges stored aov_summary values exactly (days into months)';

------------------------------------------------------------------------------
-- aov_report: the breakdown of an orders table per period x segment.
------------------------------------------------------------------------------

-- The type of a column, looked through domains; a clear error naming the
-- column and the relation if it is missing, with the caller's hint (which
-- parameter names it).  A helper of aov_report, aov_pair_table,
-- aov_cross_sell and aov_bundles.
CREATE FUNCTION @extschema@.aov_column_type(rel regclass, col name, hint text)
    RETURNS regtype
    LANGUAGE plpgsql STABLE STRICT PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    t oid;
    kind "char";
    base oid;
BEGIN
    SELECT a.atttypid INTO t
      FROM pg_attribute a
     WHERE a.attrelid = rel AND a.attname = col AND a.attnum > 0 AND NOT a.attisdropped;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'column "%" does not exist in relation %', col, rel
            USING ERRCODE = 'undefined_column', HINT = hint;
    END IF;
    LOOP
        SELECT typtype, typbasetype INTO kind, base FROM pg_type WHERE oid = t;
        EXIT WHEN kind <> 'd';
        t := base;
    END LOOP;
    RETURN t::regtype;
END
$$;
COMMENT ON FUNCTION @extschema@.aov_column_type(regclass, name, text) IS
    'helper of the functions that read a relation: the base type of a column, or an error naming the missing column';

CREATE FUNCTION @extschema@.aov_report(
    order_table regclass,
    granularity text DEFAULT 'month',
    since timestamptz DEFAULT NULL,
    until timestamptz DEFAULT NULL,
    trim_fraction float8 DEFAULT 0.05,
    time_column name DEFAULT 'ordered_at',
    revenue_column name DEFAULT 'revenue',
    items_column name DEFAULT 'items',
    customer_column name DEFAULT 'customer_id')
RETURNS TABLE (
    period date,
    segment text,
    orders_share float8,
    revenue_share float8,
    orders bigint,
    customers bigint,
    guest_orders bigint,
    zero_item_orders bigint,
    revenue numeric,
    items numeric,
    aov numeric,
    unit_price numeric,
    items_per_order numeric,
    revenue_per_customer numeric,
    orders_per_customer numeric,
    trim_fraction_used float8,
    aov_trimmed numeric,
    aov_median numeric,
    aov_top @extschema@.aov_top_numeric[],
    items_per_order_trimmed numeric,
    items_per_order_median numeric,
    items_per_order_top @extschema@.aov_top_numeric[],
    unit_price_trimmed numeric,
    unit_price_median numeric,
    unit_price_top @extschema@.aov_top_numeric[])
-- RESTRICTED: it may read a temporary table, which parallel workers cannot.
LANGUAGE plpgsql STABLE PARALLEL RESTRICTED
-- Operators and functions resolve in pg_catalog only; order_table::text is
-- then schema-qualified and quoted, and column names go through %I.
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    g text := lower(granularity);
    t_type regtype;
    r_type regtype;
    i_type regtype;
    c_type regtype;
    t_expr text;
    r_expr text;
    i_expr text;
    c_expr text;
BEGIN
    IF order_table IS NULL THEN
        RAISE EXCEPTION 'order table must not be null'
            USING ERRCODE = 'null_value_not_allowed';
    END IF;
    IF time_column IS NULL OR revenue_column IS NULL OR items_column IS NULL OR customer_column IS NULL THEN
        RAISE EXCEPTION 'column names must not be null'
            USING ERRCODE = 'null_value_not_allowed',
                  HINT = 'Leave a column argument out for its default name.';
    END IF;
    IF g IS NULL OR trim_fraction IS NULL THEN
        RAISE EXCEPTION '% must not be null', CASE WHEN g IS NULL THEN 'granularity' ELSE 'trim fraction' END
            USING ERRCODE = 'null_value_not_allowed',
                  HINT = 'Leave the argument out for its default.';
    END IF;
    IF g NOT IN ('day', 'week', 'month', 'quarter', 'year') THEN
        RAISE EXCEPTION 'unknown granularity "%"', granularity
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'Use day, week, month, quarter or year.';
    END IF;
    IF NOT (trim_fraction >= 0 AND trim_fraction < 0.5) THEN
        RAISE EXCEPTION 'trim fraction % is out of range', trim_fraction
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = 'The trim fraction must be at least 0 and less than 0.5.',
                  HINT = 'Use 0.05 to drop 5% of the orders at each end.';
    END IF;
    IF since >= until THEN
        RAISE EXCEPTION 'time range is empty: since % is not before until %', since, until
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'The range is since <= time < until.';
    END IF;

    t_type := @extschema@.aov_column_type(order_table, time_column, 'Name the order time column with time_column => ''...''.');
    r_type := @extschema@.aov_column_type(order_table, revenue_column, 'Name the revenue column with revenue_column => ''...''.');
    i_type := @extschema@.aov_column_type(order_table, items_column, 'Name the items column with items_column => ''...''.');
    c_type := @extschema@.aov_column_type(order_table, customer_column, 'Name the customer column with customer_column => ''...''.');

    t_expr := CASE
        WHEN t_type IN ('timestamptz'::regtype, 'timestamp'::regtype) THEN format('%I', time_column)
        WHEN t_type = 'date'::regtype THEN format('%I::timestamp', time_column)
    END;
    r_expr := CASE
        WHEN t_type IS NULL THEN NULL
        WHEN r_type IN ('numeric'::regtype, 'float8'::regtype) THEN format('%I', revenue_column)
        -- float4 through numeric keeps its shown digits (12.99, not 12.9899997...)
        WHEN r_type IN ('float4'::regtype, 'int2'::regtype) THEN format('%I::numeric', revenue_column)
        WHEN r_type IN ('int4'::regtype, 'int8'::regtype) THEN format('%I', revenue_column)
    END;
    i_expr := CASE
        WHEN i_type = 'int4'::regtype THEN format('%I', items_column)
        WHEN i_type = 'int2'::regtype THEN format('%I::integer', items_column)
        WHEN i_type IN ('int8'::regtype, 'numeric'::regtype)
             AND r_type <> 'float8'::regtype
            THEN format('%I::numeric', items_column)
    END;
    c_expr := CASE
        WHEN c_type = 'int8'::regtype THEN format('%I', customer_column)
        WHEN c_type IN ('int2'::regtype, 'int4'::regtype) THEN format('%I::bigint', customer_column)
    END;
    IF t_expr IS NULL THEN
        RAISE EXCEPTION 'column "%" of relation % has type %, not a timestamp', time_column, order_table, t_type
            USING ERRCODE = 'datatype_mismatch',
                  HINT = 'The order time must be timestamptz, timestamp or date.';
    END IF;
    IF r_expr IS NULL THEN
        RAISE EXCEPTION 'column "%" of relation % has type %, not a number', revenue_column, order_table, r_type
            USING ERRCODE = 'datatype_mismatch',
                  HINT = 'The revenue must be numeric, float8, float4 or an integer type.';
    END IF;
    IF i_expr IS NULL THEN
        IF r_type = 'float8'::regtype AND i_type IN ('int8'::regtype, 'numeric'::regtype) THEN
            RAISE EXCEPTION 'column "%" of relation % has type %, but float8 revenue needs integer items', items_column, order_table, i_type
                USING ERRCODE = 'datatype_mismatch',
                      HINT = 'Report on a view that casts the revenue to numeric or the items to integer.';
        END IF;
        RAISE EXCEPTION 'column "%" of relation % has type %, not a count', items_column, order_table, i_type
            USING ERRCODE = 'datatype_mismatch',
                  HINT = 'The items must be integer, smallint, bigint or numeric.';
    END IF;
    IF c_expr IS NULL THEN
        RAISE EXCEPTION 'column "%" of relation % has type %, not an integer id', customer_column, order_table, c_type
            USING ERRCODE = 'datatype_mismatch',
                  HINT = 'Customer ids must be bigint, integer or smallint; report on a view that maps other ids to integers.';
    END IF;

    -- Segments (domain.md section 3): a customer is new in the period of
    -- their first order ever, taken over the whole relation, not only the
    -- reported range; NULL customer ids are guests.  One aggregation makes
    -- both the segment rows and the 'all' row of each period (grouping
    -- sets), and each group's per-order values go straight to its final
    -- function.  NOT MATERIALIZED: the relation is scanned once for the
    -- first orders and once for the report, each scan free to go parallel.
    RETURN QUERY EXECUTE format($q$
        WITH o AS NOT MATERIALIZED (
            SELECT %1$s AS ts, %2$s AS rev, %3$s AS qty, %4$s AS cust FROM %5$s
        ), firsts AS (
            -- date_trunc is monotonic: the period of the first order
            SELECT cust, date_trunc($1, min(ts)) AS first_p
              FROM o WHERE cust IS NOT NULL GROUP BY cust
        ), rows AS (
            SELECT x.p,
                   CASE WHEN x.cust IS NULL THEN 'guest'
                        WHEN f.first_p = x.p THEN 'new'
                        ELSE 'returning' END AS seg,
                   x.rev, x.qty, x.cust
              FROM (SELECT date_trunc($1, o.ts) AS p, o.rev, o.qty, o.cust
                      FROM o
                     WHERE o.ts IS NOT NULL
                       AND ($2::timestamptz IS NULL OR o.ts >= $2)
                       AND ($3::timestamptz IS NULL OR o.ts < $3)
                    -- a fence: date_trunc in a time zone costs more than
                    -- the rest of the row, so compute it once, not per use
                    OFFSET 0) x
              LEFT JOIN firsts f ON f.cust = x.cust
        ), g AS (
            SELECT p, CASE WHEN grouping(seg) = 1 THEN 'all' ELSE seg END AS seg,
                   @extschema@.aov_breakdown(rev, qty, cust, $4) AS b
              FROM rows GROUP BY GROUPING SETS ((p, seg), (p))
        )
        SELECT g.p::date, g.seg,
               ((g.b).orders / sum((g.b).orders) FILTER (WHERE g.seg <> 'all') OVER (PARTITION BY g.p))::float8,
               ((g.b).revenue / nullif(sum((g.b).revenue) FILTER (WHERE g.seg <> 'all') OVER (PARTITION BY g.p), 0))::float8,
               (g.b).*
          FROM g
         WHERE (g.b).orders IS NOT NULL
         ORDER BY g.p, CASE g.seg WHEN 'new' THEN 1 WHEN 'returning' THEN 2 WHEN 'guest' THEN 3 ELSE 4 END
        $q$, t_expr, r_expr, i_expr, c_expr, order_table)
    USING g, since, until, trim_fraction;
END
$$;

COMMENT ON FUNCTION @extschema@.aov_report(regclass, text, timestamptz, timestamptz, float8, name, name, name, name) IS
    'AOV breakdown of an orders table per period and customer segment (new, returning, guest, all), with shares';

------------------------------------------------------------------------------
-- Co-purchase: aov_copurchase over order lines, aov_pairs, the pair table,
-- cross-sell and bundles (see src/copurchase.c).
------------------------------------------------------------------------------

CREATE TYPE @extschema@.aov_basket_lines;
CREATE FUNCTION @extschema@.aov_basket_lines_in(cstring) RETURNS @extschema@.aov_basket_lines
    AS 'MODULE_PATHNAME', 'aov_basket_lines_in' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.aov_basket_lines_out(@extschema@.aov_basket_lines) RETURNS cstring
    AS 'MODULE_PATHNAME', 'aov_basket_lines_out' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.aov_basket_lines_recv(internal) RETURNS @extschema@.aov_basket_lines
    AS 'MODULE_PATHNAME', 'aov_basket_lines_recv' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.aov_basket_lines_send(@extschema@.aov_basket_lines) RETURNS bytea
    AS 'MODULE_PATHNAME', 'aov_basket_lines_send' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE TYPE @extschema@.aov_basket_lines (
    INPUT = @extschema@.aov_basket_lines_in,
    OUTPUT = @extschema@.aov_basket_lines_out,
    RECEIVE = @extschema@.aov_basket_lines_recv,
    SEND = @extschema@.aov_basket_lines_send,
    INTERNALLENGTH = VARIABLE,
    ALIGNMENT = double,
    STORAGE = extended
);
COMMENT ON TYPE @extschema@.aov_basket_lines IS
    'state of aov_copurchase: the (order, product) lines of a group';
COMMENT ON FUNCTION @extschema@.aov_basket_lines_in(cstring) IS 'aov_basket_lines input function';
COMMENT ON FUNCTION @extschema@.aov_basket_lines_out(@extschema@.aov_basket_lines) IS 'aov_basket_lines output function';
COMMENT ON FUNCTION @extschema@.aov_basket_lines_recv(internal) IS 'aov_basket_lines binary input function';
COMMENT ON FUNCTION @extschema@.aov_basket_lines_send(@extschema@.aov_basket_lines) IS 'aov_basket_lines binary output function';

CREATE TYPE @extschema@.aov_pairs;
CREATE FUNCTION @extschema@.aov_pairs_in(cstring) RETURNS @extschema@.aov_pairs
    AS 'MODULE_PATHNAME', 'aov_pairs_in' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.aov_pairs_out(@extschema@.aov_pairs) RETURNS cstring
    AS 'MODULE_PATHNAME', 'aov_pairs_out' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.aov_pairs_recv(internal) RETURNS @extschema@.aov_pairs
    AS 'MODULE_PATHNAME', 'aov_pairs_recv' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.aov_pairs_send(@extschema@.aov_pairs) RETURNS bytea
    AS 'MODULE_PATHNAME', 'aov_pairs_send' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE TYPE @extschema@.aov_pairs (
    INPUT = @extschema@.aov_pairs_in,
    OUTPUT = @extschema@.aov_pairs_out,
    RECEIVE = @extschema@.aov_pairs_recv,
    SEND = @extschema@.aov_pairs_send,
    INTERNALLENGTH = VARIABLE,
    ALIGNMENT = double,
    STORAGE = extended
);
COMMENT ON TYPE @extschema@.aov_pairs IS
    'co-purchase counts of a set of baskets: orders, product counts, pair counts';
COMMENT ON FUNCTION @extschema@.aov_pairs_in(cstring) IS 'aov_pairs input function';
COMMENT ON FUNCTION @extschema@.aov_pairs_out(@extschema@.aov_pairs) IS 'aov_pairs output function';
COMMENT ON FUNCTION @extschema@.aov_pairs_recv(internal) IS 'aov_pairs binary input function';
COMMENT ON FUNCTION @extschema@.aov_pairs_send(@extschema@.aov_pairs) IS 'aov_pairs binary output function';

-- Not STRICT: lines with a NULL order or product are skipped inside, and the
-- first row creates the state.
CREATE FUNCTION @extschema@.aov_basket_lines_add(@extschema@.aov_basket_lines, bigint, bigint)
    RETURNS @extschema@.aov_basket_lines
    AS 'MODULE_PATHNAME', 'aov_basket_lines_add_int8' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.aov_basket_lines_add(@extschema@.aov_basket_lines, bigint, bigint, integer)
    RETURNS @extschema@.aov_basket_lines
    AS 'MODULE_PATHNAME', 'aov_basket_lines_add_int8' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.aov_basket_lines_add(@extschema@.aov_basket_lines, bigint, text)
    RETURNS @extschema@.aov_basket_lines
    AS 'MODULE_PATHNAME', 'aov_basket_lines_add_text' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.aov_basket_lines_add(@extschema@.aov_basket_lines, bigint, text, integer)
    RETURNS @extschema@.aov_basket_lines
    AS 'MODULE_PATHNAME', 'aov_basket_lines_add_text' LANGUAGE C IMMUTABLE PARALLEL SAFE;
-- Not STRICT: a parallel worker that saw no rows hands over NULL.
CREATE FUNCTION @extschema@.aov_basket_lines_combine(@extschema@.aov_basket_lines, @extschema@.aov_basket_lines)
    RETURNS @extschema@.aov_basket_lines
    AS 'MODULE_PATHNAME', 'aov_basket_lines_combine' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.aov_basket_lines_pairs(@extschema@.aov_basket_lines)
    RETURNS @extschema@.aov_pairs
    AS 'MODULE_PATHNAME', 'aov_basket_lines_pairs' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.aov_basket_lines_add(@extschema@.aov_basket_lines, bigint, bigint) IS 'aggregate transition function';
COMMENT ON FUNCTION @extschema@.aov_basket_lines_add(@extschema@.aov_basket_lines, bigint, bigint, integer) IS 'aggregate transition function';
COMMENT ON FUNCTION @extschema@.aov_basket_lines_add(@extschema@.aov_basket_lines, bigint, text) IS 'aggregate transition function';
COMMENT ON FUNCTION @extschema@.aov_basket_lines_add(@extschema@.aov_basket_lines, bigint, text, integer) IS 'aggregate transition function';
COMMENT ON FUNCTION @extschema@.aov_basket_lines_combine(@extschema@.aov_basket_lines, @extschema@.aov_basket_lines) IS 'aggregate combine function';
COMMENT ON FUNCTION @extschema@.aov_basket_lines_pairs(@extschema@.aov_basket_lines) IS 'aggregate final function';

-- The final function sorts the lines and renumbers text keys in place:
-- READ_WRITE, the state cannot be finalized twice.
CREATE AGGREGATE @extschema@.aov_copurchase(order_id bigint, product bigint) (
    SFUNC = @extschema@.aov_basket_lines_add, STYPE = @extschema@.aov_basket_lines, SSPACE = 2048,
    COMBINEFUNC = @extschema@.aov_basket_lines_combine,
    FINALFUNC = @extschema@.aov_basket_lines_pairs, FINALFUNC_MODIFY = READ_WRITE,
    PARALLEL = SAFE);
CREATE AGGREGATE @extschema@.aov_copurchase(order_id bigint, product bigint, max_basket integer) (
    SFUNC = @extschema@.aov_basket_lines_add, STYPE = @extschema@.aov_basket_lines, SSPACE = 2048,
    COMBINEFUNC = @extschema@.aov_basket_lines_combine,
    FINALFUNC = @extschema@.aov_basket_lines_pairs, FINALFUNC_MODIFY = READ_WRITE,
    PARALLEL = SAFE);
CREATE AGGREGATE @extschema@.aov_copurchase(order_id bigint, product text) (
    SFUNC = @extschema@.aov_basket_lines_add, STYPE = @extschema@.aov_basket_lines, SSPACE = 2048,
    COMBINEFUNC = @extschema@.aov_basket_lines_combine,
    FINALFUNC = @extschema@.aov_basket_lines_pairs, FINALFUNC_MODIFY = READ_WRITE,
    PARALLEL = SAFE);
CREATE AGGREGATE @extschema@.aov_copurchase(order_id bigint, product text, max_basket integer) (
    SFUNC = @extschema@.aov_basket_lines_add, STYPE = @extschema@.aov_basket_lines, SSPACE = 2048,
    COMBINEFUNC = @extschema@.aov_basket_lines_combine,
    FINALFUNC = @extschema@.aov_basket_lines_pairs, FINALFUNC_MODIFY = READ_WRITE,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.aov_copurchase(bigint, bigint) IS
    'exact co-purchase counts of the baskets (orders) in the group; orders above 1000 distinct products are skipped';
COMMENT ON AGGREGATE @extschema@.aov_copurchase(bigint, bigint, integer) IS
    'exact co-purchase counts of the baskets (orders) in the group; orders above max_basket distinct products are skipped';
COMMENT ON AGGREGATE @extschema@.aov_copurchase(bigint, text) IS
    'exact co-purchase counts of the baskets (orders) in the group; orders above 1000 distinct products are skipped';
COMMENT ON AGGREGATE @extschema@.aov_copurchase(bigint, text, integer) IS
    'exact co-purchase counts of the baskets (orders) in the group; orders above max_basket distinct products are skipped';

CREATE FUNCTION @extschema@.aov_pair_stats(
    pairs @extschema@.aov_pairs, min_count bigint DEFAULT 1, min_support float8 DEFAULT 0)
RETURNS TABLE (
    product_a text,
    product_b text,
    n_ab bigint,
    n_a bigint,
    n_b bigint,
    n_orders bigint,
    support_a float8,
    support_b float8,
    support float8,
    confidence_ab float8,
    confidence_ba float8,
    lift float8,
    leverage float8,
    conviction_ab float8,
    conviction_ba float8,
    p_value float8)
-- Not STRICT: NULL pairs give no rows, but NULL floors are an error.
AS 'MODULE_PATHNAME', 'aov_pairs_stats' LANGUAGE C IMMUTABLE PARALLEL SAFE ROWS 1000;
COMMENT ON FUNCTION @extschema@.aov_pair_stats(@extschema@.aov_pairs, bigint, float8) IS
    'the pair table: support, confidence both ways, lift, leverage, conviction and Fisher p-value of every pair with n_ab >= min_count and support >= min_support';

CREATE FUNCTION @extschema@.aov_pairs_info(pairs @extschema@.aov_pairs,
    OUT n_orders bigint, OUT skipped_orders bigint, OUT max_basket integer,
    OUT products bigint, OUT pairs_counted bigint)
AS 'MODULE_PATHNAME', 'aov_pairs_info' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.aov_pairs_info(@extschema@.aov_pairs) IS
    'orders counted, orders skipped for exceeding max_basket, the limit, distinct products and pairs of an aov_pairs value';

-- The pair table of an order-lines relation in one call: the same
-- aggregate and accessor, so the numbers are those of the two-step form.
CREATE FUNCTION @extschema@.aov_pair_table(
    order_lines regclass,
    order_column name DEFAULT 'order_id',
    product_column name DEFAULT 'product_id',
    min_count bigint DEFAULT 1,
    min_support float8 DEFAULT 0,
    max_basket integer DEFAULT 1000)
RETURNS TABLE (
    product_a text, product_b text, n_ab bigint, n_a bigint, n_b bigint, n_orders bigint,
    support_a float8, support_b float8, support float8, confidence_ab float8, confidence_ba float8,
    lift float8, leverage float8, conviction_ab float8, conviction_ba float8, p_value float8)
LANGUAGE plpgsql STABLE PARALLEL RESTRICTED ROWS 1000
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    o_type regtype;
    p_type regtype;
    p_expr text;
BEGIN
    IF order_lines IS NULL OR order_column IS NULL OR product_column IS NULL
       OR min_count IS NULL OR min_support IS NULL OR max_basket IS NULL THEN
        RAISE EXCEPTION 'arguments of aov_pair_table must not be null'
            USING ERRCODE = 'null_value_not_allowed';
    END IF;
    -- checked before the scan, not after it
    IF min_count < 1 OR NOT (min_support >= 0 AND min_support <= 1) OR max_basket < 2 THEN
        PERFORM @extschema@.aov_pair_stats(NULL, min_count, min_support);
        RAISE EXCEPTION 'basket size limit % is out of range', max_basket
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = 'An order needs at least 2 products to form a pair.',
                  HINT = 'Use a limit such as 1000: larger orders are left out and counted as skipped.';
    END IF;
    o_type := @extschema@.aov_column_type(order_lines, order_column, 'Name the order id column with order_column => ''...''.');
    p_type := @extschema@.aov_column_type(order_lines, product_column, 'Name the product column with product_column => ''...''.');
    IF o_type NOT IN ('int8'::regtype, 'int4'::regtype, 'int2'::regtype) THEN
        RAISE EXCEPTION 'column "%" of relation % has type %, not an integer order id', order_column, order_lines, o_type
            USING ERRCODE = 'datatype_mismatch',
                  HINT = 'Order ids must be bigint, integer or smallint.';
    END IF;
    p_expr := CASE
        WHEN p_type IN ('int8'::regtype, 'int4'::regtype, 'int2'::regtype) THEN format('%I::bigint', product_column)
        WHEN p_type IN ('text'::regtype, 'varchar'::regtype, 'bpchar'::regtype) THEN format('%I::text', product_column)
    END;
    IF p_expr IS NULL THEN
        RAISE EXCEPTION 'column "%" of relation % has type %, not a product key', product_column, order_lines, p_type
            USING ERRCODE = 'datatype_mismatch',
                  HINT = 'Product keys must be bigint, integer, smallint or text.';
    END IF;
    RETURN QUERY EXECUTE format($q$
        SELECT s.* FROM (SELECT @extschema@.aov_copurchase(%I::bigint, %s, $1) AS p FROM %s) c
        CROSS JOIN LATERAL @extschema@.aov_pair_stats(c.p, $2, $3) s
        $q$, order_column, p_expr, order_lines)
    USING max_basket, min_count, min_support;
END
$$;
COMMENT ON FUNCTION @extschema@.aov_pair_table(regclass, name, name, bigint, float8, integer) IS
    'the pair table of an order-lines relation (aov_copurchase and aov_pair_stats in one call)';

-- Cross-sell: the k products that best complement a cart, from a
-- materialized pair table.  With the two indexes the docs recommend,
--   (product_a, lift DESC, confidence_ab DESC, product_b) and
--   (product_b, lift DESC, confidence_ba DESC, product_a),
-- each cart product reads only its k best partners: the global top k is
-- among them (a partner outside a product's own top k is beaten by k
-- others in the same order), so the answer is exact and the cost does not
-- grow with the number of pairs.
CREATE FUNCTION @extschema@.aov_cross_sell(
    pair_table regclass,
    cart text[],
    k integer DEFAULT 5,
    min_count bigint DEFAULT 20,
    min_support float8 DEFAULT 0,
    min_lift float8 DEFAULT 1)
RETURNS TABLE (product text, lift float8, confidence float8, support float8, n_ab bigint, because_of text)
LANGUAGE plpgsql STABLE PARALLEL RESTRICTED ROWS 5
SET search_path = pg_catalog, pg_temp
-- an application call reads a few index entries: workers would only add
-- their start-up time; and the planner, not knowing which cart products
-- are popular, may read all of a product's pairs through a bitmap and sort
-- them, where the index already gives them in lift order
SET max_parallel_workers_per_gather = 0
SET enable_bitmapscan = off
AS $$
BEGIN
    IF pair_table IS NULL OR k IS NULL OR min_count IS NULL OR min_support IS NULL OR min_lift IS NULL THEN
        RAISE EXCEPTION 'arguments of aov_cross_sell must not be null'
            USING ERRCODE = 'null_value_not_allowed';
    END IF;
    IF k < 1 THEN
        RAISE EXCEPTION 'k must be at least 1, not %', k
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    PERFORM @extschema@.aov_column_type(pair_table, c, 'A pair table has the columns of aov_pair_table: CREATE TABLE pairs AS SELECT * FROM aov_pair_table(...).')
       FROM unnest(ARRAY['product_a', 'product_b', 'lift', 'confidence_ab', 'confidence_ba',
                         'support', 'n_ab']::name[]) c;
    -- Score: the highest lift with any cart product, among pairs above the
    -- count, support and lift floors; ties to the higher confidence, then
    -- the smaller product key.
    RETURN QUERY EXECUTE format($q$
        WITH cart AS (SELECT DISTINCT c FROM unnest($1) AS c),
        cand AS (
            SELECT x.* FROM cart CROSS JOIN LATERAL (
                SELECT t.product_b AS product, t.lift, t.confidence_ab AS confidence, t.support, t.n_ab,
                       t.product_a AS because_of
                  FROM %1$s t
                 WHERE t.product_a = cart.c AND t.product_b <> ALL ($1)
                   AND t.n_ab >= $3 AND t.support >= $4 AND t.lift >= $5
                 ORDER BY t.lift DESC, t.confidence_ab DESC, t.product_b
                 LIMIT $2) x
            UNION ALL
            SELECT x.* FROM cart CROSS JOIN LATERAL (
                SELECT t.product_a, t.lift, t.confidence_ba, t.support, t.n_ab, t.product_b
                  FROM %1$s t
                 WHERE t.product_b = cart.c AND t.product_a <> ALL ($1)
                   AND t.n_ab >= $3 AND t.support >= $4 AND t.lift >= $5
                 ORDER BY t.lift DESC, t.confidence_ba DESC, t.product_a
                 LIMIT $2) x
        )
        SELECT * FROM (
            SELECT DISTINCT ON (product) product, lift, confidence, support, n_ab, because_of
              FROM cand
             ORDER BY product, lift DESC, confidence DESC, because_of) best
         ORDER BY lift DESC, confidence DESC, product
         LIMIT $2
        $q$, pair_table)
    -- NULL cart entries name no product (and would make <> ALL unknown)
    USING coalesce(array_remove(cart, NULL), '{}'), k, min_count, min_support, min_lift;
END
$$;
COMMENT ON FUNCTION @extschema@.aov_cross_sell(regclass, text[], integer, bigint, float8, float8) IS
    'the k products not in the cart with the highest lift (at least min_lift) with a cart product, from a pair table';

-- Bundle candidates: pairs that go together far more often than chance
-- (lift), often enough (support), and not by luck (Fisher p-value); with the
-- combined list price when a price table is given.
CREATE FUNCTION @extschema@.aov_bundles(
    pair_table regclass,
    min_lift float8 DEFAULT 2,
    min_support float8 DEFAULT 0.001,
    max_p_value float8 DEFAULT 0.001,
    prices regclass DEFAULT NULL,
    price_product_column name DEFAULT 'product_id',
    price_column name DEFAULT 'price')
RETURNS TABLE (product_a text, product_b text, n_ab bigint, support float8, lift float8,
               confidence_ab float8, confidence_ba float8, p_value float8,
               price_a numeric, price_b numeric, bundle_price numeric)
LANGUAGE plpgsql STABLE PARALLEL RESTRICTED
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    price_join text := '';
    price_cols text := 'NULL::numeric, NULL::numeric, NULL::numeric';
BEGIN
    IF pair_table IS NULL OR min_lift IS NULL OR min_support IS NULL OR max_p_value IS NULL
       OR price_product_column IS NULL OR price_column IS NULL THEN
        RAISE EXCEPTION 'arguments of aov_bundles must not be null'
            USING ERRCODE = 'null_value_not_allowed';
    END IF;
    PERFORM @extschema@.aov_column_type(pair_table, c, 'A pair table has the columns of aov_pair_table: CREATE TABLE pairs AS SELECT * FROM aov_pair_table(...).')
       FROM unnest(ARRAY['product_a', 'product_b', 'n_ab', 'support', 'lift', 'confidence_ab',
                         'confidence_ba', 'p_value']::name[]) c;
    IF prices IS NOT NULL THEN
        PERFORM @extschema@.aov_column_type(prices, price_product_column, 'Name the product column of the price table with price_product_column => ''...''.');
        PERFORM @extschema@.aov_column_type(prices, price_column, 'Name the price column with price_column => ''...''.');
        price_join := format(
            ' LEFT JOIN %1$s pa ON pa.%2$I::text = t.product_a LEFT JOIN %1$s pb ON pb.%2$I::text = t.product_b',
            prices, price_product_column);
        price_cols := format('pa.%1$I::numeric, pb.%1$I::numeric, (pa.%1$I + pb.%1$I)::numeric', price_column);
    END IF;
    RETURN QUERY EXECUTE format($q$
        SELECT t.product_a, t.product_b, t.n_ab, t.support, t.lift, t.confidence_ab, t.confidence_ba,
               t.p_value, %2$s
          FROM %1$s t %3$s
         WHERE t.lift >= $1 AND t.support >= $2 AND t.p_value <= $3
         ORDER BY t.lift * t.support DESC, t.product_a, t.product_b
        $q$, pair_table, price_cols, price_join)
    USING min_lift, min_support, max_p_value;
END
$$;
COMMENT ON FUNCTION @extschema@.aov_bundles(regclass, float8, float8, float8, regclass, name, name) IS
    'bundle candidates from a pair table: lift, support and p-value floors, with combined list prices';
