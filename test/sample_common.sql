-- test/sample_common.sql: what the sample data scripts (sample_data.sql,
-- sample_lines.sql) share, included by them with \ir: psql settings, one
-- transaction, and u(key, stream), a uniform number in (0, 1), exact
-- numeric, from 52 hash bits (hashint8extended: the same on every run and
-- machine; no random(), no floating point).

\set ON_ERROR_STOP 1
SET client_min_messages = warning;
SET max_parallel_workers_per_gather = 0;

BEGIN;

CREATE FUNCTION pg_temp.u(k bigint, s bigint) RETURNS numeric
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    AS $$ SELECT ((hashint8extended(k, s) & 4503599627370495)::numeric + 0.5)
                 / 4503599627370496 $$;
