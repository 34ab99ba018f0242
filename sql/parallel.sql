--
-- parallel: partial aggregation is forced (two workers, the leader does not
-- scan, so every row goes through a worker's partial state, a flattened
-- aov_sample or aov_counts, and the leader's combine function).  Results
-- must equal the serial run, the SQL reference, and each other on every run.
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

-- EXPLAIN ANALYZE lines that show who did the work, without timings or row
-- counts that depend on how the rows were split
CREATE FUNCTION parallel_plan(q text) RETURNS SETOF text LANGUAGE plpgsql AS $$
DECLARE
    l text;
BEGIN
    FOR l IN EXECUTE 'EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) ' || q LOOP
        IF l ~ 'Workers Launched|Partial|Finalize' THEN
            RETURN NEXT regexp_replace(l, ' \(actual.*$', '');
        END IF;
    END LOOP;
END $$;

-- ---------------------------------------------------------------------
-- Serial run and SQL reference
-- ---------------------------------------------------------------------
SET max_parallel_workers_per_gather = 0;

-- one string per query: every group's results, as text (float8 text is
-- shortest-exact, so equal text means equal values)
SELECT string_agg(format('%s|%s|%s|%s|%s|%s|%s|%s', g, tm_num, tm_f, tm_b, tm_asym, tv_num, tv_f, tv_b), ';' ORDER BY g) AS serial_grouped
FROM (SELECT g, aov_trimmed_mean(num, 0.1) AS tm_num, aov_trimmed_mean(f, 0.05) AS tm_f,
             aov_trimmed_mean(b, 0.25) AS tm_b, aov_trimmed_mean(num, 0, 0.2) AS tm_asym,
             aov_top_values(num, 3) AS tv_num, aov_top_values(f, 3) AS tv_f, aov_top_values(b, 3) AS tv_b
      FROM t_par GROUP BY g) s \gset
SELECT format('%s|%s|%s|%s|%s', aov_trimmed_mean(num, 0.1), aov_trimmed_mean(f, 0.05),
              aov_trimmed_mean(b, 0.25), aov_top_values(num, 5), aov_top_values(b, 5)) AS serial_plain
FROM t_par \gset
SELECT string_agg(format('%s|%s|%s', g2, tm, tv), ';' ORDER BY g2) AS serial_many
FROM (SELECT g2, aov_trimmed_mean(num, 0.2) AS tm, aov_top_values(f, 2) AS tv FROM t_par GROUP BY g2) s \gset

-- the serial results equal the SQL reference
WITH r AS (SELECT g, num AS x, row_number() OVER (PARTITION BY g ORDER BY num) AS rn,
                  count(*) OVER (PARTITION BY g) AS n FROM t_par WHERE num IS NOT NULL),
ref AS (SELECT g, avg(x) AS m FROM r WHERE rn > floor(n * 0.1) AND rn <= n - floor(n * 0.1) GROUP BY g)
SELECT count(*) AS groups, bool_and(got.m = ref.m AND got.m::text = ref.m::text) AS num_equal
FROM (SELECT g, aov_trimmed_mean(num, 0.1) AS m FROM t_par GROUP BY g) got JOIN ref USING (g);
WITH r AS (SELECT g, f AS x, row_number() OVER (PARTITION BY g ORDER BY f) AS rn,
                  count(*) OVER (PARTITION BY g) AS n FROM t_par WHERE f IS NOT NULL),
ref AS (SELECT g, (sum(x::numeric)::numeric(1000,60) / count(*))::float8 AS m FROM r
        WHERE rn > floor(n * 0.05) AND rn <= n - floor(n * 0.05) GROUP BY g)
SELECT count(*) AS groups, bool_and(got.m = ref.m) AS f8_correctly_rounded
FROM (SELECT g, aov_trimmed_mean(f, 0.05) AS m FROM t_par GROUP BY g) got JOIN ref USING (g);
WITH r AS (SELECT g, b AS x, row_number() OVER (PARTITION BY g ORDER BY b) AS rn,
                  count(*) OVER (PARTITION BY g) AS n FROM t_par WHERE b IS NOT NULL),
ref AS (SELECT g, (sum(x)::numeric(1000,60) / count(*))::float8 AS m FROM r
        WHERE rn > floor(n * 0.25) AND rn <= n - floor(n * 0.25) GROUP BY g)
SELECT count(*) AS groups, bool_and(got.m = ref.m) AS i8_correctly_rounded
FROM (SELECT g, aov_trimmed_mean(b, 0.25) AS m FROM t_par GROUP BY g) got JOIN ref USING (g);
WITH r AS (SELECT g, num AS x, row_number() OVER (PARTITION BY g ORDER BY num) AS rn,
                  count(*) OVER (PARTITION BY g) AS n FROM t_par WHERE num IS NOT NULL),
ref AS (SELECT g, avg(x) AS m FROM r WHERE rn <= n - floor(n * 0.2) GROUP BY g)
SELECT count(*) AS groups, bool_and(got.m = ref.m AND got.m::text = ref.m::text) AS asym_equal
FROM (SELECT g, aov_trimmed_mean(num, 0, 0.2) AS m FROM t_par GROUP BY g) got JOIN ref USING (g);
WITH c AS (SELECT g, num AS x, count(*) AS cnt FROM t_par WHERE num IS NOT NULL GROUP BY g, num),
r AS (SELECT g, x, cnt, row_number() OVER (PARTITION BY g ORDER BY cnt DESC, x) AS rn,
             sum(cnt) OVER (PARTITION BY g) AS tot FROM c),
ref AS (SELECT g, rn, x, cnt, cnt::float8 / tot::float8 AS share FROM r WHERE rn <= 3)
SELECT count(*) AS rows, bool_and(u.value = ref.x AND u.count = ref.cnt AND u.share = ref.share) AS top_num_equal
FROM (SELECT g, u.* FROM (SELECT g, aov_top_values(num, 3) AS a FROM t_par GROUP BY g) s,
             unnest(s.a) WITH ORDINALITY AS u(value, count, share, rn)) u
FULL JOIN ref USING (g, rn);
WITH c AS (SELECT g, b AS x, count(*) AS cnt FROM t_par WHERE b IS NOT NULL GROUP BY g, b),
r AS (SELECT g, x, cnt, row_number() OVER (PARTITION BY g ORDER BY cnt DESC, x) AS rn,
             sum(cnt) OVER (PARTITION BY g) AS tot FROM c),
ref AS (SELECT g, rn, x, cnt, cnt::float8 / tot::float8 AS share FROM r WHERE rn <= 3)
SELECT count(*) AS rows, bool_and(u.value = ref.x AND u.count = ref.cnt AND u.share = ref.share) AS top_i8_equal
FROM (SELECT g, u.* FROM (SELECT g, aov_top_values(b, 3) AS a FROM t_par GROUP BY g) s,
             unnest(s.a) WITH ORDINALITY AS u(value, count, share, rn)) u
FULL JOIN ref USING (g, rn);

-- aov_breakdown and aov_summary: items from -1 to 5 (zero-item orders and
-- returns), about 9% guests, 20011 possible customers
CREATE VIEW v_par AS
SELECT id, g, g2, num, f, (id % 7)::int - 1 AS items,
       CASE WHEN test_rnd(id, 'pc0') < 0.09 THEN NULL ELSE (id * 7919) % 20011 END AS cust
FROM t_par;
SELECT string_agg(format('%s|%s|%s|%s', g, bn, bf, bs), ';' ORDER BY g) AS serial_breakdown
FROM (SELECT g, aov_breakdown(num, items, cust) AS bn, aov_breakdown(f, items, cust, 0.1) AS bf,
             aov_breakdown(aov_summary(num, items, cust)) AS bs
      FROM v_par GROUP BY g) s \gset
SELECT format('%s|%s', aov_breakdown(num, items::numeric / 4, cust), aov_breakdown(f, items)) AS serial_breakdown_plain
FROM v_par \gset
SELECT md5(string_agg(format('%s|%s', g2, b), ';' ORDER BY g2)) AS serial_breakdown_many
FROM (SELECT g2, aov_breakdown(num, items, cust) AS b FROM v_par GROUP BY g2) s \gset
-- the serial results equal the SQL reference (breakdown.sql checks every
-- field; here the exact ones and the trimmed mean, per group)
WITH r AS (SELECT g, num, row_number() OVER (PARTITION BY g ORDER BY num) AS rn,
                  count(*) OVER (PARTITION BY g) AS n FROM v_par WHERE num IS NOT NULL),
tm AS (SELECT g, avg(num) AS m FROM r WHERE rn > floor(n * 0.05) AND rn <= n - floor(n * 0.05) GROUP BY g),
ref AS (SELECT g, count(*) AS orders, count(DISTINCT cust) AS customers, sum(num) AS revenue,
               sum(items) AS items, sum(num) / count(*) AS aov, sum(num) / sum(items) AS unit_price
        FROM v_par WHERE num IS NOT NULL GROUP BY g)
SELECT count(*) AS groups,
       bool_and((b).orders = ref.orders AND (b).customers = ref.customers AND (b).revenue = ref.revenue
                AND (b).items = ref.items AND (b).aov = ref.aov AND (b).unit_price = ref.unit_price
                AND (b).aov_trimmed = tm.m) AS breakdown_equal
FROM (SELECT g, aov_breakdown(num, items, cust) AS b FROM v_par GROUP BY g) got
JOIN ref USING (g) JOIN tm USING (g);

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
SELECT string_agg(format('%s|%s|%s|%s|%s|%s|%s|%s', g, tm_num, tm_f, tm_b, tm_asym, tv_num, tv_f, tv_b), ';' ORDER BY g) AS par_grouped_1
FROM (SELECT g, aov_trimmed_mean(num, 0.1) AS tm_num, aov_trimmed_mean(f, 0.05) AS tm_f,
             aov_trimmed_mean(b, 0.25) AS tm_b, aov_trimmed_mean(num, 0, 0.2) AS tm_asym,
             aov_top_values(num, 3) AS tv_num, aov_top_values(f, 3) AS tv_f, aov_top_values(b, 3) AS tv_b
      FROM t_par GROUP BY g) s \gset
SELECT string_agg(format('%s|%s|%s|%s|%s|%s|%s|%s', g, tm_num, tm_f, tm_b, tm_asym, tv_num, tv_f, tv_b), ';' ORDER BY g) AS par_grouped_2
FROM (SELECT g, aov_trimmed_mean(num, 0.1) AS tm_num, aov_trimmed_mean(f, 0.05) AS tm_f,
             aov_trimmed_mean(b, 0.25) AS tm_b, aov_trimmed_mean(num, 0, 0.2) AS tm_asym,
             aov_top_values(num, 3) AS tv_num, aov_top_values(f, 3) AS tv_f, aov_top_values(b, 3) AS tv_b
      FROM t_par GROUP BY g) s \gset
SELECT string_agg(format('%s|%s|%s|%s|%s|%s|%s|%s', g, tm_num, tm_f, tm_b, tm_asym, tv_num, tv_f, tv_b), ';' ORDER BY g) AS par_grouped_3
FROM (SELECT g, aov_trimmed_mean(num, 0.1) AS tm_num, aov_trimmed_mean(f, 0.05) AS tm_f,
             aov_trimmed_mean(b, 0.25) AS tm_b, aov_trimmed_mean(num, 0, 0.2) AS tm_asym,
             aov_top_values(num, 3) AS tv_num, aov_top_values(f, 3) AS tv_f, aov_top_values(b, 3) AS tv_b
      FROM t_par GROUP BY g) s \gset
SELECT string_agg(format('%s|%s|%s|%s|%s|%s|%s|%s', g, tm_num, tm_f, tm_b, tm_asym, tv_num, tv_f, tv_b), ';' ORDER BY g) AS par_grouped_4
FROM (SELECT g, aov_trimmed_mean(num, 0.1) AS tm_num, aov_trimmed_mean(f, 0.05) AS tm_f,
             aov_trimmed_mean(b, 0.25) AS tm_b, aov_trimmed_mean(num, 0, 0.2) AS tm_asym,
             aov_top_values(num, 3) AS tv_num, aov_top_values(f, 3) AS tv_f, aov_top_values(b, 3) AS tv_b
      FROM t_par GROUP BY g) s \gset
SELECT string_agg(format('%s|%s|%s|%s|%s|%s|%s|%s', g, tm_num, tm_f, tm_b, tm_asym, tv_num, tv_f, tv_b), ';' ORDER BY g) AS par_grouped_5
FROM (SELECT g, aov_trimmed_mean(num, 0.1) AS tm_num, aov_trimmed_mean(f, 0.05) AS tm_f,
             aov_trimmed_mean(b, 0.25) AS tm_b, aov_trimmed_mean(num, 0, 0.2) AS tm_asym,
             aov_top_values(num, 3) AS tv_num, aov_top_values(f, 3) AS tv_f, aov_top_values(b, 3) AS tv_b
      FROM t_par GROUP BY g) s \gset
SELECT :'par_grouped_1' = :'serial_grouped' AS run1, :'par_grouped_2' = :'serial_grouped' AS run2,
       :'par_grouped_3' = :'serial_grouped' AS run3, :'par_grouped_4' = :'serial_grouped' AS run4,
       :'par_grouped_5' = :'serial_grouped' AS run5, length(:'serial_grouped') > 500 AS not_empty;

SELECT format('%s|%s|%s|%s|%s', aov_trimmed_mean(num, 0.1), aov_trimmed_mean(f, 0.05),
              aov_trimmed_mean(b, 0.25), aov_top_values(num, 5), aov_top_values(b, 5)) AS par_plain_1
FROM t_par \gset
SELECT format('%s|%s|%s|%s|%s', aov_trimmed_mean(num, 0.1), aov_trimmed_mean(f, 0.05),
              aov_trimmed_mean(b, 0.25), aov_top_values(num, 5), aov_top_values(b, 5)) AS par_plain_2
FROM t_par \gset
SELECT format('%s|%s|%s|%s|%s', aov_trimmed_mean(num, 0.1), aov_trimmed_mean(f, 0.05),
              aov_trimmed_mean(b, 0.25), aov_top_values(num, 5), aov_top_values(b, 5)) AS par_plain_3
FROM t_par \gset
SELECT format('%s|%s|%s|%s|%s', aov_trimmed_mean(num, 0.1), aov_trimmed_mean(f, 0.05),
              aov_trimmed_mean(b, 0.25), aov_top_values(num, 5), aov_top_values(b, 5)) AS par_plain_4
FROM t_par \gset
SELECT format('%s|%s|%s|%s|%s', aov_trimmed_mean(num, 0.1), aov_trimmed_mean(f, 0.05),
              aov_trimmed_mean(b, 0.25), aov_top_values(num, 5), aov_top_values(b, 5)) AS par_plain_5
FROM t_par \gset
SELECT :'par_plain_1' = :'serial_plain' AS run1, :'par_plain_2' = :'serial_plain' AS run2,
       :'par_plain_3' = :'serial_plain' AS run3, :'par_plain_4' = :'serial_plain' AS run4,
       :'par_plain_5' = :'serial_plain' AS run5;

-- many groups: partial hash aggregation in each worker
EXPLAIN (COSTS OFF)
SELECT g2, aov_trimmed_mean(num, 0.2), aov_top_values(f, 2) FROM t_par GROUP BY g2;
SELECT string_agg(format('%s|%s|%s', g2, tm, tv), ';' ORDER BY g2) AS par_many_1
FROM (SELECT g2, aov_trimmed_mean(num, 0.2) AS tm, aov_top_values(f, 2) AS tv FROM t_par GROUP BY g2) s \gset
SELECT string_agg(format('%s|%s|%s', g2, tm, tv), ';' ORDER BY g2) AS par_many_2
FROM (SELECT g2, aov_trimmed_mean(num, 0.2) AS tm, aov_top_values(f, 2) AS tv FROM t_par GROUP BY g2) s \gset
SELECT :'par_many_1' = :'serial_many' AS run1, :'par_many_2' = :'serial_many' AS run2;

-- workers that see no rows, or only NULL values: NULL and empty partial
-- states reach the combine function (id % 100000 = 17 is one row, so one
-- worker sees none; the planner expects 500)
SELECT parallel_plan('SELECT aov_trimmed_mean(num, 0.1), aov_top_values(num, 3) FROM t_par WHERE id % 100000 = 17');
SELECT aov_trimmed_mean(num, 0.1) = (SELECT num FROM t_par WHERE id = 17) AS one_row,
       (aov_top_values(num, 3))[1].value = (SELECT num FROM t_par WHERE id = 17) AS top_one_row,
       (aov_top_values(num, 3))[1].count = 1 AS top_count
FROM t_par WHERE id % 100000 = 17;
SELECT parallel_plan('SELECT aov_trimmed_mean(num, 0.1) FROM t_par WHERE id % 50000 = 17');
SELECT aov_trimmed_mean(num, 0.1) = (SELECT avg(num) FROM t_par WHERE id IN (17, 50017)) AS two_rows,
       (aov_top_values(b, 3))[1].count = 1 AS top_two_rows
FROM t_par WHERE id % 50000 = 17;
SELECT parallel_plan('SELECT aov_trimmed_mean(num, 0.1) FROM t_par WHERE id % 100000 = -1');
SELECT aov_trimmed_mean(num, 0.1) IS NULL AS no_rows, aov_top_values(num, 3) IS NULL AS top_no_rows
FROM t_par WHERE id % 100000 = -1;
SELECT parallel_plan('SELECT aov_trimmed_mean(num, 0.1) FROM t_par WHERE num IS NULL');
SELECT aov_trimmed_mean(num, 0.1) IS NULL AS only_nulls, aov_top_values(num, 3) IS NULL AS top_only_nulls,
       count(*) > 1000 AS many_rows
FROM t_par WHERE num IS NULL;
SELECT g, aov_trimmed_mean(num, 0.1) IS NULL AS all_null, aov_trimmed_mean(f, 0.1) IS NOT NULL AS has_f
FROM t_par WHERE num IS NULL GROUP BY g ORDER BY g;

-- aov_breakdown: partial aov_summary states with per-order values cross
-- from the workers to the leader
EXPLAIN (COSTS OFF)
SELECT g, aov_breakdown(num, items, cust) FROM v_par GROUP BY g;
SELECT parallel_plan('SELECT g, aov_breakdown(num, items, cust), aov_breakdown(aov_summary(num, items, cust)) FROM v_par GROUP BY g');
SELECT parallel_plan('SELECT aov_breakdown(f, items) FROM v_par');
SELECT string_agg(format('%s|%s|%s|%s', g, bn, bf, bs), ';' ORDER BY g) AS par_breakdown_1
FROM (SELECT g, aov_breakdown(num, items, cust) AS bn, aov_breakdown(f, items, cust, 0.1) AS bf,
             aov_breakdown(aov_summary(num, items, cust)) AS bs
      FROM v_par GROUP BY g) s \gset
SELECT string_agg(format('%s|%s|%s|%s', g, bn, bf, bs), ';' ORDER BY g) AS par_breakdown_2
FROM (SELECT g, aov_breakdown(num, items, cust) AS bn, aov_breakdown(f, items, cust, 0.1) AS bf,
             aov_breakdown(aov_summary(num, items, cust)) AS bs
      FROM v_par GROUP BY g) s \gset
SELECT string_agg(format('%s|%s|%s|%s', g, bn, bf, bs), ';' ORDER BY g) AS par_breakdown_3
FROM (SELECT g, aov_breakdown(num, items, cust) AS bn, aov_breakdown(f, items, cust, 0.1) AS bf,
             aov_breakdown(aov_summary(num, items, cust)) AS bs
      FROM v_par GROUP BY g) s \gset
SELECT :'par_breakdown_1' = :'serial_breakdown' AS run1, :'par_breakdown_2' = :'serial_breakdown' AS run2,
       :'par_breakdown_3' = :'serial_breakdown' AS run3, length(:'serial_breakdown') > 1000 AS not_empty;
SELECT format('%s|%s', aov_breakdown(num, items::numeric / 4, cust), aov_breakdown(f, items)) AS par_breakdown_plain_1
FROM v_par \gset
SELECT format('%s|%s', aov_breakdown(num, items::numeric / 4, cust), aov_breakdown(f, items)) AS par_breakdown_plain_2
FROM v_par \gset
SELECT :'par_breakdown_plain_1' = :'serial_breakdown_plain' AS run1,
       :'par_breakdown_plain_2' = :'serial_breakdown_plain' AS run2;
SELECT md5(string_agg(format('%s|%s', g2, b), ';' ORDER BY g2)) AS par_breakdown_many
FROM (SELECT g2, aov_breakdown(num, items, cust) AS b FROM v_par GROUP BY g2) s \gset
SELECT :'par_breakdown_many' = :'serial_breakdown_many' AS many_groups;
-- workers without rows, and a group whose rows all have NULL revenue
SELECT aov_breakdown(num, items, cust) IS NULL AS breakdown_no_rows,
       aov_summary(num, items, cust) IS NULL AS summary_no_rows
FROM v_par WHERE id % 100000 = -1;
SELECT (aov_breakdown(num, items, cust)).orders AS one_row_orders
FROM v_par WHERE id % 100000 = 17;
SELECT aov_breakdown(num, items, cust) IS NULL AS breakdown_only_nulls, count(*) > 1000 AS many_rows
FROM v_par WHERE num IS NULL;

RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
RESET max_parallel_workers_per_gather;
RESET parallel_leader_participation;
DROP VIEW v_par;
DROP TABLE t_par;
