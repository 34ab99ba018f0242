--
-- parallel: partial aggregation is forced (two workers, the leader does not
-- scan, so every row goes through a worker's partial state, a flattened
-- aov_sample or aov_counts, and the leader's combine function).  Results
-- must equal the serial run, the SQL reference, and each other on every run.
--
-- A run's results are kept as one string (psql's \gset) of records
-- separated by ';', one per group (or per value of an ungrouped query),
-- each 'key|result...'; result_diff() compares two such strings record by
-- record and returns the keys whose records differ, with both records (no
-- rows expected).  float8 text is shortest-exact, so equal text means
-- equal values.
--

CREATE TABLE t_par AS
SELECT id,
       1 + (id % 5) AS g,
       1 + floor(300 * test_rnd(id, 'pg2'))::int AS g2,
       CASE WHEN test_rnd(id, 'pn0') < 0.02 THEN NULL
            ELSE (floor(500 * test_rnd(id, 'pn')) * 0.25
                  * CASE WHEN test_rnd(id, 'pt') < 0.01 THEN 1000 ELSE 1 END)::numeric(12,2) END AS num,
       CASE WHEN test_rnd(id, 'pf0') < 0.02 THEN NULL
            ELSE floor(1000 * test_rnd(id, 'pf')) / 16 - 10 END AS f,
       CASE WHEN test_rnd(id, 'pb0') < 0.02 THEN NULL
            ELSE (floor(700 * test_rnd(id, 'pb')) - 200)::bigint * 3000000019 END AS b
FROM generate_series(1, 100000) AS id;
ANALYZE t_par;

-- parallel_plan() (setup) shows who did the work

CREATE FUNCTION result_diff(serial text, par text)
RETURNS TABLE (key text, serial_run text, parallel_run text) LANGUAGE sql AS $$
    SELECT key, s.rec, p.rec
    FROM (SELECT split_part(rec, '|', 1) AS key, rec FROM unnest(string_to_array(serial, ';')) rec) s
    FULL JOIN (SELECT split_part(rec, '|', 1) AS key, rec FROM unnest(string_to_array(par, ';')) rec) p
    USING (key)
    WHERE s.rec IS DISTINCT FROM p.rec
    ORDER BY key
$$;

-- ---------------------------------------------------------------------
-- Serial run and SQL reference
-- ---------------------------------------------------------------------
SET max_parallel_workers_per_gather = 0;

-- one string per query: every group's results, as text.  Each query's
-- text is kept in a psql variable, q_<name>, so that every run sends the
-- same query: ":q_<name> \gset serial_" sets serial_<name>, and the
-- parallel runs below set par_<run>_<name>.
SELECT $q$SELECT string_agg(format('%s|%s|%s|%s|%s|%s|%s|%s', g, tm_num, tm_f, tm_b, tm_asym, tv_num, tv_f, tv_b), ';' ORDER BY g) AS grouped
FROM (SELECT g, aov_trimmed_mean(num, 0.1) AS tm_num, aov_trimmed_mean(f, 0.05) AS tm_f,
             aov_trimmed_mean(b, 0.25) AS tm_b, aov_trimmed_mean(num, 0, 0.2) AS tm_asym,
             aov_top_values(num, 3) AS tv_num, aov_top_values(f, 3) AS tv_f, aov_top_values(b, 3) AS tv_b
      FROM t_par GROUP BY g) s$q$ AS q_grouped \gset
SELECT $q$SELECT format('tm_num|%s;tm_f|%s;tm_b|%s;tv_num|%s;tv_b|%s', aov_trimmed_mean(num, 0.1), aov_trimmed_mean(f, 0.05),
              aov_trimmed_mean(b, 0.25), aov_top_values(num, 5), aov_top_values(b, 5)) AS plain
FROM t_par$q$ AS q_plain \gset
SELECT $q$SELECT string_agg(format('%s|%s|%s', g2, tm, tv), ';' ORDER BY g2) AS many
FROM (SELECT g2, aov_trimmed_mean(num, 0.2) AS tm, aov_top_values(f, 2) AS tv FROM t_par GROUP BY g2) s$q$ AS q_many \gset
:q_grouped \gset serial_
:q_plain \gset serial_
:q_many \gset serial_

-- the serial results equal the SQL reference (rows that differ, none
-- expected; the counts prove the data was there)
CREATE TEMP TABLE cmp_ref AS
WITH r AS (SELECT g, num AS x, row_number() OVER (PARTITION BY g ORDER BY num) AS rn,
                  count(*) OVER (PARTITION BY g) AS n FROM t_par WHERE num IS NOT NULL),
ref AS (SELECT g, avg(x) AS m FROM r WHERE rn > floor(n * 0.1) AND rn <= n - floor(n * 0.1) GROUP BY g)
SELECT 'num 0.1' AS result, g, got.m::text AS got, ref.m::text AS ref,
       got.m = ref.m AND got.m::text = ref.m::text AS ok
FROM (SELECT g, aov_trimmed_mean(num, 0.1) AS m FROM t_par GROUP BY g) got FULL JOIN ref USING (g);
INSERT INTO cmp_ref
WITH r AS (SELECT g, f AS x, row_number() OVER (PARTITION BY g ORDER BY f) AS rn,
                  count(*) OVER (PARTITION BY g) AS n FROM t_par WHERE f IS NOT NULL),
ref AS (SELECT g, (sum(x::numeric)::numeric(1000,60) / count(*))::float8 AS m FROM r
        WHERE rn > floor(n * 0.05) AND rn <= n - floor(n * 0.05) GROUP BY g)
SELECT 'f8 0.05, correctly rounded', g, got.m::text, ref.m::text, got.m = ref.m
FROM (SELECT g, aov_trimmed_mean(f, 0.05) AS m FROM t_par GROUP BY g) got FULL JOIN ref USING (g);
INSERT INTO cmp_ref
WITH r AS (SELECT g, b AS x, row_number() OVER (PARTITION BY g ORDER BY b) AS rn,
                  count(*) OVER (PARTITION BY g) AS n FROM t_par WHERE b IS NOT NULL),
ref AS (SELECT g, (sum(x)::numeric(1000,60) / count(*))::float8 AS m FROM r
        WHERE rn > floor(n * 0.25) AND rn <= n - floor(n * 0.25) GROUP BY g)
SELECT 'i8 0.25, correctly rounded', g, got.m::text, ref.m::text, got.m = ref.m
FROM (SELECT g, aov_trimmed_mean(b, 0.25) AS m FROM t_par GROUP BY g) got FULL JOIN ref USING (g);
INSERT INTO cmp_ref
WITH r AS (SELECT g, num AS x, row_number() OVER (PARTITION BY g ORDER BY num) AS rn,
                  count(*) OVER (PARTITION BY g) AS n FROM t_par WHERE num IS NOT NULL),
ref AS (SELECT g, avg(x) AS m FROM r WHERE rn <= n - floor(n * 0.2) GROUP BY g)
SELECT 'num 0, 0.2', g, got.m::text, ref.m::text, got.m = ref.m AND got.m::text = ref.m::text
FROM (SELECT g, aov_trimmed_mean(num, 0, 0.2) AS m FROM t_par GROUP BY g) got FULL JOIN ref USING (g);
SELECT result, count(got) AS got_groups, count(ref) AS ref_groups FROM cmp_ref GROUP BY result ORDER BY result;
SELECT * FROM cmp_ref WHERE ok IS NOT TRUE ORDER BY result, g;

CREATE TEMP TABLE cmp_top_ref AS
WITH c AS (SELECT g, num AS x, count(*) AS cnt FROM t_par WHERE num IS NOT NULL GROUP BY g, num),
r AS (SELECT g, x, cnt, row_number() OVER (PARTITION BY g ORDER BY cnt DESC, x) AS rn,
             sum(cnt) OVER (PARTITION BY g) AS tot FROM c),
ref AS (SELECT g, rn, x, cnt, cnt::float8 / tot::float8 AS share FROM r WHERE rn <= 3)
SELECT 'num' AS input, g, rn, u.value::text AS got_value, ref.x::text AS ref_value, u.count AS got_count,
       ref.cnt AS ref_count, u.share AS got_share, ref.share AS ref_share,
       u.value = ref.x AND u.count = ref.cnt AND u.share = ref.share AS ok
FROM (SELECT g, u.* FROM (SELECT g, aov_top_values(num, 3) AS a FROM t_par GROUP BY g) s,
             unnest(s.a) WITH ORDINALITY AS u(value, count, share, rn)) u
FULL JOIN ref USING (g, rn);
INSERT INTO cmp_top_ref
WITH c AS (SELECT g, b AS x, count(*) AS cnt FROM t_par WHERE b IS NOT NULL GROUP BY g, b),
r AS (SELECT g, x, cnt, row_number() OVER (PARTITION BY g ORDER BY cnt DESC, x) AS rn,
             sum(cnt) OVER (PARTITION BY g) AS tot FROM c),
ref AS (SELECT g, rn, x, cnt, cnt::float8 / tot::float8 AS share FROM r WHERE rn <= 3)
SELECT 'i8', g, rn, u.value::text, ref.x::text, u.count, ref.cnt, u.share, ref.share,
       u.value = ref.x AND u.count = ref.cnt AND u.share = ref.share
FROM (SELECT g, u.* FROM (SELECT g, aov_top_values(b, 3) AS a FROM t_par GROUP BY g) s,
             unnest(s.a) WITH ORDINALITY AS u(value, count, share, rn)) u
FULL JOIN ref USING (g, rn);
SELECT input, count(got_value) AS got_rows, count(ref_value) AS ref_rows FROM cmp_top_ref GROUP BY input ORDER BY input;
SELECT * FROM cmp_top_ref WHERE ok IS NOT TRUE ORDER BY input, g, rn;

-- aov_breakdown and aov_summary: items from -1 to 5 (zero-item orders and
-- returns), about 9% guests, 20011 possible customers
CREATE VIEW v_par AS
SELECT id, g, g2, num, f, (id % 7)::int - 1 AS items,
       CASE WHEN test_rnd(id, 'pc0') < 0.09 THEN NULL ELSE (id * 7919) % 20011 END AS cust
FROM t_par;
SELECT $q$SELECT string_agg(format('%s|%s|%s|%s', g, bn, bf, bs), ';' ORDER BY g) AS breakdown
FROM (SELECT g, aov_breakdown(num, items, cust) AS bn, aov_breakdown(f, items, cust, 0.1) AS bf,
             aov_breakdown(aov_summary(num, items, cust)) AS bs
      FROM v_par GROUP BY g) s$q$ AS q_breakdown \gset
SELECT $q$SELECT format('num_items4|%s;f|%s', aov_breakdown(num, items::numeric / 4, cust), aov_breakdown(f, items)) AS breakdown_plain
FROM v_par$q$ AS q_breakdown_plain \gset
SELECT $q$SELECT string_agg(format('%s|%s', g2, b), ';' ORDER BY g2) AS breakdown_many
FROM (SELECT g2, aov_breakdown(num, items, cust) AS b FROM v_par GROUP BY g2) s$q$ AS q_breakdown_many \gset
:q_breakdown \gset serial_
:q_breakdown_plain \gset serial_
:q_breakdown_many \gset serial_
-- the serial results equal the SQL reference (breakdown.sql checks every
-- field; here the exact ones and the trimmed mean, per group)
CREATE TEMP TABLE cmp_breakdown AS
WITH r AS (SELECT g, num, row_number() OVER (PARTITION BY g ORDER BY num) AS rn,
                  count(*) OVER (PARTITION BY g) AS n FROM v_par WHERE num IS NOT NULL),
tm AS (SELECT g, avg(num) AS m FROM r WHERE rn > floor(n * 0.05) AND rn <= n - floor(n * 0.05) GROUP BY g),
ref AS (SELECT g, count(*) AS orders, count(DISTINCT cust) AS customers, sum(num) AS revenue,
               sum(items) AS items, sum(num) / count(*) AS aov, sum(num) / sum(items) AS unit_price
        FROM v_par WHERE num IS NOT NULL GROUP BY g)
SELECT g, v.field, v.got, v.ref, v.ok
FROM (SELECT g, aov_breakdown(num, items, cust) AS b FROM v_par GROUP BY g) got
FULL JOIN ref USING (g) FULL JOIN tm USING (g),
LATERAL (VALUES
    ('orders', (b).orders::text, ref.orders::text, (b).orders = ref.orders),
    ('customers', (b).customers::text, ref.customers::text, (b).customers = ref.customers),
    ('revenue', (b).revenue::text, ref.revenue::text, (b).revenue = ref.revenue),
    ('items', (b).items::text, ref.items::text, (b).items = ref.items),
    ('aov', (b).aov::text, ref.aov::text, (b).aov = ref.aov),
    ('unit_price', (b).unit_price::text, ref.unit_price::text, (b).unit_price = ref.unit_price),
    ('aov_trimmed', (b).aov_trimmed::text, tm.m::text, (b).aov_trimmed = tm.m)) v(field, got, ref, ok);
SELECT count(DISTINCT g) AS groups, count(got) AS got_values, count(ref) AS ref_values FROM cmp_breakdown;
SELECT * FROM cmp_breakdown WHERE ok IS NOT TRUE ORDER BY g, field;

-- ---------------------------------------------------------------------
-- Parallel runs
-- ---------------------------------------------------------------------
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
SET parallel_leader_participation = off;

EXPLAIN (COSTS OFF)
SELECT aov_trimmed_mean(num, 0.1), aov_trimmed_mean(f, 0.05), aov_top_values(num, 5) FROM t_par;
EXPLAIN (COSTS OFF)
SELECT g, aov_trimmed_mean(num, 0.1), aov_top_values(b, 3) FROM t_par GROUP BY g;
-- both workers ran
SELECT parallel_plan('SELECT aov_trimmed_mean(num, 0.1), aov_top_values(num, 5) FROM t_par');
SELECT parallel_plan('SELECT g, aov_trimmed_mean(num, 0.1), aov_top_values(b, 3) FROM t_par GROUP BY g');

-- the same three queries as the serial run, five times each
:q_grouped \gset par_1_
:q_grouped \gset par_2_
:q_grouped \gset par_3_
:q_grouped \gset par_4_
:q_grouped \gset par_5_
SELECT cardinality(string_to_array(:'serial_grouped', ';')) AS serial_groups;
SELECT run, d.*
FROM (VALUES (1, :'par_1_grouped'), (2, :'par_2_grouped'), (3, :'par_3_grouped'),
             (4, :'par_4_grouped'), (5, :'par_5_grouped')) v(run, par),
     result_diff(:'serial_grouped', par) d
ORDER BY run, key;

:q_plain \gset par_1_
:q_plain \gset par_2_
:q_plain \gset par_3_
:q_plain \gset par_4_
:q_plain \gset par_5_
SELECT cardinality(string_to_array(:'serial_plain', ';')) AS serial_values;
SELECT run, d.*
FROM (VALUES (1, :'par_1_plain'), (2, :'par_2_plain'), (3, :'par_3_plain'),
             (4, :'par_4_plain'), (5, :'par_5_plain')) v(run, par),
     result_diff(:'serial_plain', par) d
ORDER BY run, key;

-- many groups: partial hash aggregation in each worker
EXPLAIN (COSTS OFF)
SELECT g2, aov_trimmed_mean(num, 0.2), aov_top_values(f, 2) FROM t_par GROUP BY g2;
:q_many \gset par_1_
:q_many \gset par_2_
SELECT cardinality(string_to_array(:'serial_many', ';')) AS serial_groups;
SELECT run, d.*
FROM (VALUES (1, :'par_1_many'), (2, :'par_2_many')) v(run, par), result_diff(:'serial_many', par) d
ORDER BY run, key::int;

-- workers that see no rows, or only NULL values: NULL and empty partial
-- states reach the combine function (id % 100000 = 17 is one row, so one
-- worker sees none; the planner expects 500)
SELECT parallel_plan('SELECT aov_trimmed_mean(num, 0.1), aov_top_values(num, 3) FROM t_par WHERE id % 100000 = 17');
SELECT (SELECT num FROM t_par WHERE id = 17) AS ref, aov_trimmed_mean(num, 0.1) AS got,
       aov_top_values(num, 3) AS got_top,
       aov_trimmed_mean(num, 0.1) = (SELECT num FROM t_par WHERE id = 17) AS one_row,
       (aov_top_values(num, 3))[1].value = (SELECT num FROM t_par WHERE id = 17) AS top_one_row,
       (aov_top_values(num, 3))[1].count = 1 AS top_count
FROM t_par WHERE id % 100000 = 17;
SELECT parallel_plan('SELECT aov_trimmed_mean(num, 0.1) FROM t_par WHERE id % 50000 = 17');
SELECT (SELECT avg(num) FROM t_par WHERE id IN (17, 50017)) AS ref, aov_trimmed_mean(num, 0.1) AS got,
       aov_top_values(b, 3) AS got_top_b,
       aov_trimmed_mean(num, 0.1) = (SELECT avg(num) FROM t_par WHERE id IN (17, 50017)) AS two_rows,
       (aov_top_values(b, 3))[1].count = 1 AS top_two_rows
FROM t_par WHERE id % 50000 = 17;
SELECT parallel_plan('SELECT aov_trimmed_mean(num, 0.1) FROM t_par WHERE id % 100000 = -1');
\pset null NULL
SELECT aov_trimmed_mean(num, 0.1) AS no_rows, aov_top_values(num, 3) AS top_no_rows
FROM t_par WHERE id % 100000 = -1;
SELECT parallel_plan('SELECT aov_trimmed_mean(num, 0.1) FROM t_par WHERE num IS NULL');
SELECT aov_trimmed_mean(num, 0.1) AS only_nulls, aov_top_values(num, 3) AS top_only_nulls,
       count(*) AS null_rows
FROM t_par WHERE num IS NULL;
SELECT g, aov_trimmed_mean(num, 0.1) AS all_null, aov_trimmed_mean(f, 0.1) IS NOT NULL AS has_f
FROM t_par WHERE num IS NULL GROUP BY g ORDER BY g;
\pset null ''

-- aov_breakdown: partial aov_summary states with per-order values cross
-- from the workers to the leader
EXPLAIN (COSTS OFF)
SELECT g, aov_breakdown(num, items, cust) FROM v_par GROUP BY g;
SELECT parallel_plan('SELECT g, aov_breakdown(num, items, cust), aov_breakdown(aov_summary(num, items, cust)) FROM v_par GROUP BY g');
SELECT parallel_plan('SELECT aov_breakdown(f, items) FROM v_par');
:q_breakdown \gset par_1_
:q_breakdown \gset par_2_
:q_breakdown \gset par_3_
SELECT cardinality(string_to_array(:'serial_breakdown', ';')) AS serial_groups;
SELECT run, d.*
FROM (VALUES (1, :'par_1_breakdown'), (2, :'par_2_breakdown'), (3, :'par_3_breakdown')) v(run, par),
     result_diff(:'serial_breakdown', par) d
ORDER BY run, key;
:q_breakdown_plain \gset par_1_
:q_breakdown_plain \gset par_2_
SELECT cardinality(string_to_array(:'serial_breakdown_plain', ';')) AS serial_values;
SELECT run, d.*
FROM (VALUES (1, :'par_1_breakdown_plain'), (2, :'par_2_breakdown_plain')) v(run, par),
     result_diff(:'serial_breakdown_plain', par) d
ORDER BY run, key;
:q_breakdown_many \gset par_
SELECT cardinality(string_to_array(:'serial_breakdown_many', ';')) AS serial_groups;
SELECT d.* FROM result_diff(:'serial_breakdown_many', :'par_breakdown_many') d ORDER BY key::int;
-- workers without rows, and a group whose rows all have NULL revenue
\pset null NULL
SELECT aov_breakdown(num, items, cust) AS breakdown_no_rows,
       aov_summary(num, items, cust) AS summary_no_rows
FROM v_par WHERE id % 100000 = -1;
SELECT (aov_breakdown(num, items, cust)).orders AS one_row_orders
FROM v_par WHERE id % 100000 = 17;
SELECT aov_breakdown(num, items, cust) AS breakdown_only_nulls, count(*) AS null_rows
FROM v_par WHERE num IS NULL;
\pset null ''

-- Final functions called as Citus calls them: through a bare fmgr_info,
-- with no call expression from which to learn the result type.  Each must
-- return exactly what the aggregate returns.
CREATE AGGREGATE bare_lines(bigint, bigint) (
    SFUNC = _aov_basket_lines_add, STYPE = aov_basket_lines, COMBINEFUNC = _aov_basket_lines_combine);
CREATE TEMP TABLE bare_final AS
SELECT 'trimmed numeric' AS agg,
       _aov_call_final('aov_trimmed_mean(numeric,float8)', test_sample(num, 0.1)) AS bare,
       aov_trimmed_mean(num, 0.1)::text AS direct FROM v_par
UNION ALL
SELECT 'trimmed numeric, asymmetric',
       _aov_call_final('aov_trimmed_mean(numeric,float8,float8)', test_sample(num, 0.1, 0.2)),
       aov_trimmed_mean(num, 0.1, 0.2)::text FROM v_par
UNION ALL
SELECT 'trimmed float8', _aov_call_final('aov_trimmed_mean(float8,float8)', test_sample(f, 0.1)),
       aov_trimmed_mean(f, 0.1)::text FROM v_par
UNION ALL
SELECT 'trimmed bigint', _aov_call_final('aov_trimmed_mean(bigint,float8)', test_sample(b, 0.1)),
       aov_trimmed_mean(b, 0.1)::text FROM t_par
UNION ALL
SELECT 'top numeric', _aov_call_final('aov_top_values(numeric,integer)', test_counts(num, 3)),
       aov_top_values(num, 3)::text FROM v_par
UNION ALL
SELECT 'top float8', _aov_call_final('aov_top_values(float8,integer)', test_counts(f, 3)),
       aov_top_values(f, 3)::text FROM v_par
UNION ALL
SELECT 'top bigint', _aov_call_final('aov_top_values(bigint,integer)', test_counts(b, 3)),
       aov_top_values(b, 3)::text FROM t_par
UNION ALL
SELECT 'breakdown numeric', _aov_call_final('aov_breakdown(numeric,integer,bigint,float8)', aov_summary(num, items, cust, 0.1)),
       aov_breakdown(num, items, cust, 0.1)::text FROM v_par
UNION ALL
SELECT 'breakdown float8', _aov_call_final('aov_breakdown(float8,integer,bigint)', aov_summary(f, items, cust, 0.05)),
       aov_breakdown(f, items, cust)::text FROM v_par
UNION ALL
SELECT 'copurchase', _aov_call_final('aov_copurchase(bigint,bigint)', bare_lines(id % 5000, g2)),
       aov_copurchase(id % 5000, g2)::text FROM v_par;
SELECT count(*) AS finals, count(bare) AS not_null FROM bare_final;
SELECT agg, bare, direct FROM bare_final WHERE bare IS DISTINCT FROM direct;
SELECT expect_error($$SELECT _aov_call_final('sum(int)', 1)$$) AS not_ours,
       expect_error($$SELECT _aov_call_final('aov_top_values(numeric,integer)', 1)$$) AS wrong_state;
DROP AGGREGATE bare_lines(bigint, bigint);

RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
RESET max_parallel_workers_per_gather;
RESET parallel_leader_participation;
DROP VIEW v_par;
DROP TABLE t_par;
