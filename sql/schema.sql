--
-- schema: aov_ext installed into a schema other than public gives the same
-- answers as in public, and those answers agree with plain SQL.  The
-- schemas are analytics, one whose name needs quoting ("AOV stats"), and
-- analytics2 reached by ALTER EXTENSION UPDATE from older releases.  The
-- calls are made by a role whose search_path is public, pg_temp: every call
-- names the extension's schema, and public holds decoys with the names of
-- the extension's own objects, so a function body, a C lookup or a type
-- that finds one of the extension's objects through the caller's
-- search_path fails here or answers differently.
--
-- Runs before upgrade and leaves the extension installed in public, as
-- upgrade expects.  Dropping the extension drops the helpers of setup that
-- take its types (top_diff, breakdown_diff, the test aggregates); the
-- helpers over plain types (ref_trimmed, ref_median, copy_binary,
-- parallel_plan) stay.
--

-- Small fixtures of plain types, so that they survive the drops: orders
-- over six months (every 11th a guest checkout), two to five lines each
-- (repeated products included), and a price per product.
CREATE TABLE s_orders AS
SELECT id AS order_id,
       CASE WHEN id % 11 <> 0 THEN 1 + (id * 37) % 90 END::bigint AS customer_id,
       timestamptz '2024-01-01 00:00:00+00' + id * interval '7 hours' AS ordered_at,
       (5 + floor(40 * test_rnd(id, 'srev')) * 2.5)::numeric(12,2) AS revenue,
       1 + floor(3 * test_rnd(id, 'sitems'))::int AS items
FROM generate_series(1, 600) AS id;
CREATE TABLE s_lines AS
SELECT o.order_id, 'p' || (1 + floor(12 * test_rnd(o.order_id * 10 + k, 'sprod'))::int) AS product_id
FROM s_orders o, generate_series(1, 2 + (o.order_id % 4)::int) AS k;
CREATE TABLE s_prices AS SELECT 'p' || i AS product_id, i * 3.5 AS price FROM generate_series(1, 12) AS i;
-- a catalogue in three groups, and the lines with quantities (upsell)
CREATE TABLE s_cat AS SELECT product_id, 'g' || (substr(product_id, 2)::int % 3) AS category, price FROM s_prices;
CREATE TABLE s_qty_lines AS SELECT order_id, product_id, 1 + (order_id % 3)::int AS quantity FROM s_lines;
-- daily campaign statistics: three campaigns over the orders' days
CREATE TABLE s_camp_days AS
SELECT 'c' || customer_id % 3 AS campaign_id, (ordered_at AT TIME ZONE 'UTC')::date AS day,
       (40 * count(*))::int AS uv, count(*)::int AS conversions, sum(revenue) AS revenue
FROM s_orders WHERE customer_id IS NOT NULL GROUP BY 1, 2;
CREATE TABLE s_camps AS
SELECT campaign_id, min(day) AS start_day, CASE WHEN campaign_id = 'c2' THEN 'short' END AS kind
FROM s_camp_days GROUP BY 1;
-- order lines with a revenue: the product's price
CREATE VIEW s_line_revenue AS
SELECT l.order_id, l.product_id, p.price AS revenue FROM s_lines l JOIN s_prices p USING (product_id);
-- orders attributed to campaigns (every 7th unattributed), with a cost
CREATE VIEW s_camp_orders AS
SELECT o.*, CASE WHEN order_id % 7 <> 0 THEN 'c' || order_id % 3 END AS campaign_id,
       (order_id % 4)::numeric AS promo_cost
FROM s_orders o;

-- The calls compared between installations, one answer as text each; '@.'
-- stands for the extension's schema.  s_sample, s_counts, s_bd and s_lines
-- are aggregates over the support functions (made by state_aggs below),
-- whose result is the state itself: the state types' text forms.
CREATE TABLE s_queries (n int, name text, q text);
INSERT INTO s_queries VALUES
(1, 'trimmed_mean', 'SELECT @.aov_trimmed_mean(revenue, 0.1)::text FROM s_orders'),
(2, 'trimmed_mean float8 low high', 'SELECT @.aov_trimmed_mean(revenue::float8, 0.05, 0.2)::text FROM s_orders'),
(3, 'top_values', 'SELECT @.aov_top_values(revenue, 3)::text FROM s_orders'),
(4, 'top_values bigint', 'SELECT @.aov_top_values(items::bigint, 2)::text FROM s_orders'),
(5, 'breakdown', 'SELECT @.aov_breakdown(revenue, items, customer_id, 0.1)::text FROM s_orders'),
(6, '(b).* of breakdown',
    'SELECT s::text FROM (SELECT (b).* FROM (SELECT @.aov_breakdown(revenue::float8, items) AS b FROM s_orders) x) s'),
(7, 'summary', 'SELECT @.aov_summary(revenue, items, customer_id)::text FROM s_orders'),
(8, 'months rolled up',
    'SELECT @.aov_breakdown(@.aov_rollup(m))::text
     FROM (SELECT @.aov_summary(revenue, items, customer_id) AS m FROM s_orders
           GROUP BY date_trunc(''month'', ordered_at)) s'),
(9, 'report',
    'SELECT string_agg(r::text, E''\n'' ORDER BY ordinality)
     FROM @.aov_report(''s_orders'', trim_fraction => 0.1) WITH ORDINALITY AS r'),
(10, 'diagnose',
    'SELECT string_agg(d::text, E''\n'' ORDER BY ordinality)
     FROM @.diagnose_aov_drop(''s_orders'', tstzrange(''2024-02-01'', ''2024-03-01''),
                             tstzrange(''2024-04-01'', ''2024-05-01''), lang => ''zh'') WITH ORDINALITY AS d'),
(11, 'diagnose from summaries',
    'SELECT string_agg(d::text, E''\n'' ORDER BY ordinality)
     FROM (SELECT @.aov_summary(revenue, items) FILTER (WHERE ordered_at < ''2024-03-01'' AND customer_id % 2 = 0) AS nb,
                  @.aov_summary(revenue, items) FILTER (WHERE ordered_at >= ''2024-03-01'' AND customer_id % 2 = 0) AS nc,
                  @.aov_summary(revenue, items) FILTER (WHERE ordered_at < ''2024-03-01'' AND customer_id % 2 = 1) AS rb,
                  @.aov_summary(revenue, items) FILTER (WHERE ordered_at >= ''2024-03-01'' AND customer_id % 2 = 1) AS rc
           FROM s_orders) s,
          @.diagnose_aov_drop(nb, nc, rb, rc, promo_price_baseline => 10, promo_price_current => 9) WITH ORDINALITY AS d'),
(12, 'compare',
    'SELECT @.aov_compare(@.aov_summary(revenue, items) FILTER (WHERE ordered_at < ''2024-03-01''),
                          @.aov_summary(revenue, items) FILTER (WHERE ordered_at >= ''2024-04-01''))::text
     FROM s_orders'),
(13, 'copurchase', 'SELECT @.aov_copurchase(order_id, product_id)::text FROM s_lines'),
(14, 'pair_table',
    'SELECT string_agg(t::text, E''\n'' ORDER BY ordinality) FROM @.aov_pair_table(''s_lines'') WITH ORDINALITY AS t'),
(15, 'cross_sell',
    'SELECT string_agg(c::text, E''\n'' ORDER BY ordinality)
     FROM @.aov_cross_sell(''s_pairs'', ARRAY[''p1'', ''p2''], k => 3, min_count => 1) WITH ORDINALITY AS c'),
(16, 'bundles',
    'SELECT string_agg(b::text, E''\n'' ORDER BY ordinality)
     FROM @.aov_bundles(''s_pairs'', min_lift => 1, min_support => 0, max_p_value => 1, prices => ''s_prices'')
          WITH ORDINALITY AS b'),
(17, 'decision table',
    'SELECT count(*) || '' '' || md5(string_agg(d::text, E''\n'' ORDER BY d::text)) FROM @.aov_drop_decision_table(''zh'') d'),
(18, 'aov_sample', 'SELECT s_sample(revenue, 0.1)::text FROM s_orders'),
(19, 'aov_counts', 'SELECT s_counts(revenue, 3)::text FROM s_orders'),
(20, 'aov_basket_lines', 'SELECT s_lines(order_id, product_id)::text FROM s_lines'),
(21, 'aov_firsts', 'SELECT @._aov_firsts(customer_id, ordered_at)::text FROM s_orders'),
(22, 'aov_segments',
    'SELECT @._aov_segments(''month'', ordered_at, revenue, items, customer_id, NULL, 0.1)::text FROM s_orders'),
(23, 'final functions without a call expression (Citus)',
    'SELECT concat_ws(E''\n'',
        (SELECT @._aov_call_final(''@.aov_top_values(numeric,integer)''::regprocedure, s_counts(revenue, 3)) FROM s_orders),
        (SELECT @._aov_call_final(''@.aov_breakdown(numeric,integer)''::regprocedure, s_bd(revenue, items)) FROM s_orders),
        (SELECT @._aov_call_final(''@.aov_trimmed_mean(numeric,float8)''::regprocedure, s_sample(revenue, 0.1)) FROM s_orders),
        (SELECT @._aov_call_final(''@.aov_copurchase(bigint,text)''::regprocedure, s_lines(order_id, product_id)) FROM s_lines))'),
(24, 'period', 'SELECT @.aov_period(''quarter'', ''2024-05-17'')::text'),
(25, 'campaign retirement',
    'SELECT string_agg(c::text, E''\n'' ORDER BY ordinality)
     FROM @.aov_campaign_retirement(''s_camp_days'', ''s_camps'', weekly_uv_floor => 100, conversion_floor => 0.05,
                                    alpha => 0.05, min_uv_for_conversion => 50, max_days => 60) WITH ORDINALITY AS c'),
(26, 'upsell',
    'SELECT string_agg(u::text, E''\n'' ORDER BY ordinality)
     FROM @.aov_upsell(''s_cat'', ''s_qty_lines'', ARRAY[''p1'', ''p2''], customer => ''5'', order_table => ''s_orders'',
                       max_step => 10, budget_action => ''flag'', budget_statistic => ''trimmed'', budget_level => 0.1,
                       k => 5) WITH ORDINALITY AS u'),
(27, 'period health',
    'SELECT string_agg(h::text, E''\n'' ORDER BY ordinality)
     FROM @.aov_period_health(''s_line_revenue'', ''s_orders'', repeat_threshold => 0.1) WITH ORDINALITY AS h'),
(28, 'targets',
    'SELECT string_agg(t::text, E''\n'' ORDER BY ordinality)
     FROM @.aov_targets(''s_orders'', tstzrange(''2024-01-08'', ''2024-02-08''),
                        segment_targets => ''{"new": 40, "returning": 55}'', unit_price_share => 0.5)
          WITH ORDINALITY AS t'),
(29, 'campaign report',
    'SELECT string_agg(c::text, E''\n'' ORDER BY ordinality)
     FROM @.aov_campaign_report(''s_camp_orders'', cost_column => ''promo_cost'') WITH ORDINALITY AS c'),
(30, 'regular products',
    'SELECT string_agg(r::text, E''\n'' ORDER BY ordinality)
     FROM @.aov_regular_products(''s_line_revenue'', ''s_orders'', repeat_threshold => 0.1) WITH ORDINALITY AS r');

-- Runs every call with ext as the extension's schema.
CREATE FUNCTION answers(ext text) RETURNS TABLE (n int, name text, answer text) LANGUAGE plpgsql AS $$
DECLARE
    r record;
BEGIN
    FOR r IN SELECT * FROM s_queries ORDER BY 1 LOOP
        n := r.n;
        name := r.name;
        EXECUTE replace(r.q, '@.', quote_ident(ext) || '.') INTO answer;
        RETURN NEXT;
    END LOOP;
END $$;

-- The state aggregates of the calls above, over the installation in ext
-- (the extension's types and support functions; dropped with it).
CREATE PROCEDURE state_aggs(ext text) LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE replace('
        CREATE AGGREGATE s_sample(numeric, float8) (
            SFUNC = @._aov_sample_add, STYPE = @.aov_sample, COMBINEFUNC = @._aov_sample_combine);
        CREATE AGGREGATE s_counts(numeric, integer) (
            SFUNC = @._aov_counts_add, STYPE = @.aov_counts, COMBINEFUNC = @._aov_counts_combine);
        CREATE AGGREGATE s_bd(numeric, integer) (
            SFUNC = @._aov_breakdown_add, STYPE = @.aov_summary, COMBINEFUNC = @._aov_summary_combine);
        CREATE AGGREGATE s_lines(bigint, text) (
            SFUNC = @._aov_basket_lines_add, STYPE = @.aov_basket_lines, COMBINEFUNC = @._aov_basket_lines_combine)',
        '@.', quote_ident(ext) || '.');
END $$;

-- ---------------------------------------------------------------------
-- The answers while installed in public (setup installed it there)
-- ---------------------------------------------------------------------
SELECT nspname AS installed_in FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
WHERE extname = 'aov_ext';
CALL state_aggs('public');
CREATE TABLE s_pairs AS SELECT * FROM aov_pair_table('s_lines');
CREATE TABLE in_public AS SELECT * FROM answers('public');
-- every call answered: a comparison of NULLs would prove nothing
SELECT count(*) AS calls, count(answer) AS answered FROM in_public;

-- The answers of an installation in ext that differ from those in public,
-- with both; expected none.
CREATE FUNCTION answers_differ(ext text) RETURNS TABLE (n int, name text, in_public text, got text)
LANGUAGE sql AS $$
    SELECT n, coalesce(p.name, a.name), p.answer, a.answer
    FROM in_public p FULL JOIN answers(ext) a USING (n)
    WHERE p.answer IS DISTINCT FROM a.answer ORDER BY n $$;

SET client_min_messages = warning;
DROP EXTENSION aov_ext CASCADE;
RESET client_min_messages;

-- Decoys in public, on the caller's search_path: result types with other
-- fields, and functions with the names of internal ones, which answer
-- nonsense.
CREATE TYPE aov_top_numeric AS (decoy text);
CREATE TYPE aov_breakdown AS (decoy text);
CREATE FUNCTION _aov_text(part text, outcome text, variant text, lang text) RETURNS text
    LANGUAGE sql IMMUTABLE AS $$ SELECT 'decoy' $$;
CREATE FUNCTION _aov_order_exprs(regclass, name, name, name, name) RETURNS text
    LANGUAGE sql IMMUTABLE AS $$ SELECT 'decoy' $$;
CREATE FUNCTION _aov_binomial_below(bigint, bigint, float8) RETURNS float8
    LANGUAGE sql IMMUTABLE AS $$ SELECT 0.5::float8 $$;

-- The caller: analytics is not on its search_path.  (Roles belong to the
-- cluster: an interrupted earlier run may have left it.)
SET client_min_messages = warning;
DROP ROLE IF EXISTS regress_aov_analyst;
RESET client_min_messages;
CREATE ROLE regress_aov_analyst;
GRANT SELECT ON s_orders, s_lines, s_prices, s_pairs, s_queries, in_public, s_camp_days, s_camps, s_cat, s_qty_lines,
    s_line_revenue, s_camp_orders TO regress_aov_analyst;

-- ---------------------------------------------------------------------
-- Installed in analytics
-- ---------------------------------------------------------------------
CREATE SCHEMA analytics;
CREATE EXTENSION aov_ext SCHEMA analytics;
GRANT USAGE ON SCHEMA analytics TO regress_aov_analyst;
CALL state_aggs('analytics');
SET ROLE regress_aov_analyst;
SET search_path = public, pg_temp;
SELECT * FROM answers_differ('analytics');

-- the figures against plain SQL (as the other tests check them in
-- public): the ones that differ, with both values
WITH o AS (SELECT array_agg(revenue) AS rs, avg(revenue) AS aov, sum(items)::numeric / count(*) AS ipo,
                  count(DISTINCT customer_id) AS customers FROM s_orders),
     b AS (SELECT analytics.aov_breakdown(revenue, items, customer_id, 0.1) AS b FROM s_orders),
     top AS (SELECT array_agg(ROW(revenue, cnt, cnt::float8 / 600)::text ORDER BY cnt DESC, revenue) AS t
             FROM (SELECT revenue, count(*) AS cnt FROM s_orders GROUP BY revenue
                   ORDER BY count(*) DESC, revenue LIMIT 3) x),
     pairs AS (SELECT a.product_id AS pa, b.product_id AS pb, count(DISTINCT a.order_id) AS n_ab
               FROM s_lines a JOIN s_lines b ON a.order_id = b.order_id AND a.product_id < b.product_id
               GROUP BY 1, 2),
     months AS (SELECT date_trunc('month', ordered_at)::date AS period, count(*) AS orders, sum(revenue) AS revenue
                FROM s_orders GROUP BY 1)
SELECT v.figure, v.got, v.ref FROM (
    SELECT 'trimmed mean', (SELECT analytics.aov_trimmed_mean(revenue, 0.1) FROM s_orders)::text, ref_trimmed(rs, 0.1)::text
    FROM o
    UNION ALL SELECT 'aov', (b).aov::text, aov::text FROM b, o
    UNION ALL SELECT 'items per order', (b).items_per_order::text, ipo::text FROM b, o
    UNION ALL SELECT 'customers', (b).customers::text, customers::text FROM b, o
    UNION ALL SELECT 'median', trim_scale((b).aov_median)::text, trim_scale(ref_median(rs))::text FROM b, o
    UNION ALL SELECT 'trimmed aov', (b).aov_trimmed::text, ref_trimmed(rs, 0.1)::text FROM b, o
    UNION ALL SELECT 'top 3', (SELECT array_agg(x::text) FROM unnest((SELECT analytics.aov_top_values(revenue, 3)
                                                                    FROM s_orders)) x)::text, t::text FROM top
    UNION ALL SELECT 'report, all: orders and revenue', string_agg(concat_ws('/', r.period, r.orders, r.revenue), ' ' ORDER BY r.period),
           (SELECT string_agg(concat_ws('/', period, orders, revenue), ' ' ORDER BY period) FROM months)
    FROM analytics.aov_report('s_orders') r WHERE r.segment = 'all'
    UNION ALL SELECT 'pair counts', string_agg(concat_ws('/', t.product_a, t.product_b, t.n_ab), ' ' ORDER BY t.product_a, t.product_b),
           (SELECT string_agg(concat_ws('/', pa, pb, n_ab), ' ' ORDER BY pa, pb) FROM pairs)
    FROM analytics.aov_pair_table('s_lines') t
) v(figure, got, ref)
WHERE v.got IS DISTINCT FROM v.ref OR v.got IS NULL;

-- a forced parallel plan: every aggregate's partial states cross from the
-- workers to the leader, and the answers stay those of public
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
SET parallel_leader_participation = off;
SELECT parallel_plan('SELECT analytics.aov_trimmed_mean(revenue, 0.1), analytics.aov_top_values(revenue, 3),
                             analytics.aov_summary(revenue, items, customer_id) FROM s_orders');
SELECT parallel_plan('SELECT analytics.aov_copurchase(order_id, product_id) FROM s_lines');
SELECT * FROM answers_differ('analytics');
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
RESET max_parallel_workers_per_gather;
RESET parallel_leader_participation;
RESET ROLE;

-- Text and binary forms of every state type: a text round trip and a COPY
-- (FORMAT binary) round trip (send, then recv) give the same value.  (COPY
-- to a file needs a superuser; the search_path is still the caller's.)
CREATE TABLE s_states AS
SELECT (SELECT s_sample(revenue, 0.1) FROM s_orders) AS sample,
       (SELECT s_counts(revenue, 3) FROM s_orders) AS counts,
       (SELECT analytics.aov_summary(revenue, items, customer_id) FROM s_orders) AS summary,
       (SELECT s_lines(order_id, product_id) FROM s_lines) AS lines,
       (SELECT analytics.aov_copurchase(order_id, product_id) FROM s_lines) AS pairs,
       (SELECT analytics._aov_firsts(customer_id, ordered_at) FROM s_orders) AS firsts,
       (SELECT analytics._aov_segments('month', ordered_at, revenue, items, customer_id, NULL, 0.1)
        FROM s_orders) AS segments;
CREATE TABLE s_states_copy (LIKE s_states);
CALL copy_binary('s_states', 's_states_copy');
SELECT v.type, v.binary_ok, v.text_ok FROM s_states s, s_states_copy c, LATERAL (VALUES
    ('aov_sample', c.sample::text = s.sample::text, s.sample::text::analytics.aov_sample::text = s.sample::text),
    ('aov_counts', c.counts::text = s.counts::text, s.counts::text::analytics.aov_counts::text = s.counts::text),
    ('aov_summary', c.summary::text = s.summary::text, s.summary::text::analytics.aov_summary::text = s.summary::text),
    ('aov_basket_lines', c.lines::text = s.lines::text,
     s.lines::text::analytics.aov_basket_lines::text = s.lines::text),
    ('aov_pairs', c.pairs::text = s.pairs::text, s.pairs::text::analytics.aov_pairs::text = s.pairs::text),
    ('aov_firsts', c.firsts::text = s.firsts::text, s.firsts::text::analytics.aov_firsts::text = s.firsts::text),
    ('aov_segments', c.segments::text = s.segments::text,
     s.segments::text::analytics.aov_segments::text = s.segments::text)) v(type, binary_ok, text_ok)
WHERE v.binary_ok IS NOT TRUE OR v.text_ok IS NOT TRUE;
DROP TABLE s_states, s_states_copy;

-- the schema is chosen once: the extension cannot move
SELECT expect_error('ALTER EXTENSION aov_ext SET SCHEMA public');

-- ---------------------------------------------------------------------
-- Installed in a schema whose name needs quoting
-- ---------------------------------------------------------------------
SET client_min_messages = warning;
DROP EXTENSION aov_ext CASCADE;
RESET client_min_messages;
CREATE SCHEMA "AOV stats";
CREATE EXTENSION aov_ext SCHEMA "AOV stats";
GRANT USAGE ON SCHEMA "AOV stats" TO regress_aov_analyst;
CALL state_aggs('AOV stats');
SET ROLE regress_aov_analyst;
SET search_path = public, pg_temp;
SELECT * FROM answers_differ('AOV stats');
RESET ROLE;

-- ---------------------------------------------------------------------
-- Updated in analytics2 from each earlier release
-- ---------------------------------------------------------------------
CREATE SCHEMA analytics2;
GRANT USAGE ON SCHEMA analytics2 TO regress_aov_analyst;
CREATE FUNCTION updated_in_analytics2(v text) RETURNS TABLE (n int, name text, in_public text, got text)
LANGUAGE plpgsql AS $$
BEGIN
    SET LOCAL client_min_messages = warning;
    DROP EXTENSION aov_ext CASCADE;
    EXECUTE format('CREATE EXTENSION aov_ext VERSION %L SCHEMA analytics2', v);
    ALTER EXTENSION aov_ext UPDATE;
    CALL state_aggs('analytics2');
    RETURN QUERY SELECT * FROM answers_differ('analytics2');
END $$;
SELECT * FROM updated_in_analytics2('0.1.0');
SELECT * FROM updated_in_analytics2('0.3.0');
SELECT extversion, nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
WHERE extname = 'aov_ext';
SET ROLE regress_aov_analyst;
SET search_path = public, pg_temp;
SELECT * FROM answers_differ('analytics2');
RESET ROLE;

-- ---------------------------------------------------------------------
-- Back to public for the tests that follow
-- ---------------------------------------------------------------------
SET client_min_messages = warning;
DROP EXTENSION aov_ext CASCADE;
RESET client_min_messages;
RESET search_path;
DROP SCHEMA analytics, analytics2, "AOV stats";
DROP TYPE aov_top_numeric, aov_breakdown;
DROP FUNCTION _aov_text(text, text, text, text), _aov_order_exprs(regclass, name, name, name, name),
    _aov_binomial_below(bigint, bigint, float8);
DROP FUNCTION answers_differ(text), updated_in_analytics2(text), answers(text);
DROP PROCEDURE state_aggs(text);
DROP VIEW s_line_revenue, s_camp_orders;
DROP TABLE s_orders, s_lines, s_prices, s_pairs, s_queries, in_public, s_camp_days, s_camps, s_cat, s_qty_lines;
DROP ROLE regress_aov_analyst;
CREATE EXTENSION aov_ext;
SELECT nspname AS installed_in FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
WHERE extname = 'aov_ext';
