--
-- bi: the two-step API and the forms for BI tools (doc/bi.md):
--   aov_sample(x) and its accessors aov_trimmed_mean(sample, t),
--   aov_trimmed_mean(sample, low, high), aov_median, aov_top_values(sample,
--   k), aov_num_values; aov_top_rows; the scalar accessors of aov_summary;
--   aov_report_bi.
-- Every accessor is compared twice:
--   with the one-step form it stands for (the aggregates aov_trimmed_mean
--   and aov_top_values, the fields of aov_breakdown(summary)): numeric
--   results equal in text (same digits), float8 and integer columns' results
--   (numeric in the shortest digits of the double) equal as float8, bit for
--   bit;
--   with the plain SQL references of setup: ref_trimmed (and its asymmetric
--   form below), ref_median and top_diff, exact for numeric columns, within
--   1e-12 relative for doubles (doc/reference.md's promise).
-- Each check lists the rows that differ (none expected), next to a count
-- that shows there was something to compare.  The same checks run under a
-- forced parallel plan.
--

-- result types
SELECT pg_typeof(aov_sample(1::numeric)) AS state,
       pg_typeof(aov_trimmed_mean(aov_sample(1::float8), 0.1)) AS trimmed_f8,
       pg_typeof(aov_median(aov_sample(1::bigint))) AS median_i8,
       pg_typeof(aov_top_values(aov_sample(1::integer), 3)) AS top_i4,
       pg_typeof(aov_num_values(aov_sample(1::integer))) AS n;

-- ---------------------------------------------------------------------
-- Helpers
-- ---------------------------------------------------------------------

-- the trimmed mean cutting floor(n * lo) low and floor(n * hi) high
CREATE FUNCTION bi_ref_trimmed2(x numeric[], lo numeric, hi numeric) RETURNS numeric LANGUAGE sql IMMUTABLE AS $$
    SELECT avg(v) FROM (SELECT v, row_number() OVER (ORDER BY v) AS rn, count(*) OVER () AS n
                        FROM unnest(x) v) s
    WHERE rn > floor(n * lo) AND rn <= n - floor(n * hi) $$;

-- an accessor's result (numeric) is the one-step result: the same text for
-- numeric, the same double for float8 and bigint or integer columns
CREATE FUNCTION bi_same(got numeric, one numeric) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$
    SELECT got::text IS NOT DISTINCT FROM one::text $$;
CREATE FUNCTION bi_same(got numeric, one float8) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$
    SELECT (got IS NULL AND one IS NULL) OR got::float8 = one $$;
CREATE FUNCTION bi_same(got aov_top_numeric[], one aov_top_numeric[]) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$
    SELECT got::text IS NOT DISTINCT FROM one::text $$;
CREATE FUNCTION bi_same(got aov_top_numeric[], one aov_top_bigint[]) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$
    SELECT got::text IS NOT DISTINCT FROM one::text $$;
CREATE FUNCTION bi_same(got aov_top_numeric[], one aov_top_float8[]) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$
    SELECT (got IS NULL AND one IS NULL)
        OR (cardinality(got) = cardinality(one)
            AND (SELECT bool_and(g.value::float8 = o.value AND g.count = o.count AND g.share = o.share)
                 FROM unnest(got) WITH ORDINALITY AS g(value, count, share, rn)
                 JOIN unnest(one) WITH ORDINALITY AS o(value, count, share, rn) USING (rn))) $$;
-- the independent reference: exact for numeric, 1e-12 relative for doubles
CREATE FUNCTION bi_near(got numeric, ref numeric, exact boolean) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$
    SELECT (got IS NULL AND ref IS NULL)
        OR CASE WHEN exact THEN got = ref ELSE abs(got - ref) <= 1e-12 * abs(ref) END $$;

-- The figures of column x of t_rand per group of grp: the accessors of
-- aov_sample(x), the one-step aggregates and the references, one row per
-- (group, figure).
CREATE FUNCTION bi_compare(x text, grp text DEFAULT 'g')
RETURNS TABLE (grp_key int, figure text, got text, one_step text, ref text, same boolean, near boolean)
LANGUAGE plpgsql AS $f$
BEGIN
    RETURN QUERY EXECUTE format($q$
        WITH s AS (SELECT %2$s AS grp, aov_sample(%1$s) AS st,
                          aov_trimmed_mean(%1$s, 0) AS t0, aov_trimmed_mean(%1$s, 0.1) AS t1,
                          aov_trimmed_mean(%1$s, 0.25) AS t2, aov_trimmed_mean(%1$s, 0.05, 0.2) AS ta,
                          aov_top_values(%1$s, 3) AS top, count(%1$s) AS n,
                          array_agg(%1$s::numeric) FILTER (WHERE %1$s IS NOT NULL) AS xs,
                          pg_typeof(min(%1$s)) = 'numeric'::regtype AS exact
                   FROM t_rand GROUP BY 1)
        SELECT s.grp, v.figure, v.got::text, v.one::text, v.ref::text, v.same, v.near
        FROM s, LATERAL (VALUES
            ('trim 0', aov_trimmed_mean(st, 0), t0::text, ref_trimmed(xs, 0),
             bi_same(aov_trimmed_mean(st, 0), t0), bi_near(aov_trimmed_mean(st, 0), ref_trimmed(xs, 0), exact)),
            ('trim 0.1', aov_trimmed_mean(st, 0.1), t1::text, ref_trimmed(xs, 0.1),
             bi_same(aov_trimmed_mean(st, 0.1), t1), bi_near(aov_trimmed_mean(st, 0.1), ref_trimmed(xs, 0.1), exact)),
            ('trim 0.25', aov_trimmed_mean(st, 0.25), t2::text, ref_trimmed(xs, 0.25),
             bi_same(aov_trimmed_mean(st, 0.25), t2), bi_near(aov_trimmed_mean(st, 0.25), ref_trimmed(xs, 0.25), exact)),
            ('trim 0.05, 0.2', aov_trimmed_mean(st, 0.05, 0.2), ta::text, bi_ref_trimmed2(xs, 0.05, 0.2),
             bi_same(aov_trimmed_mean(st, 0.05, 0.2), ta),
             bi_near(aov_trimmed_mean(st, 0.05, 0.2), bi_ref_trimmed2(xs, 0.05, 0.2), exact)),
            ('median', aov_median(st), NULL, ref_median(xs), true, bi_near(aov_median(st), ref_median(xs), exact)),
            ('n', aov_num_values(st), n::text, cardinality(xs), aov_num_values(st) = n,
             aov_num_values(st) = cardinality(xs))) v(figure, got, one, ref, same, near)
        UNION ALL
        SELECT s.grp, 'top 3', aov_top_values(st, 3)::text, top::text, top_diff(aov_top_values(st, 3), xs),
               bi_same(aov_top_values(st, 3), top), top_diff(aov_top_values(st, 3), xs) IS NULL
        FROM s $q$, x, grp);
END $f$;

-- ---------------------------------------------------------------------
-- aov_sample and its accessors, serial, per group, every column type
-- ---------------------------------------------------------------------
-- numeric(12,2), numeric with mixed scales, float8 (eighths, cents),
-- bigint (beyond int64 sums), integer
CREATE TEMP TABLE bi_cols(n, x) AS
VALUES (1, 'num'), (2, 'nm'), (3, 'f'), (4, 'fc'), (5, 'b'), (6, 'i');
CREATE TEMP TABLE bi_serial AS
SELECT c.n, c.x, r.* FROM bi_cols c, bi_compare(c.x) r;
SELECT x, count(*) AS compared, count(got) AS got_values FROM bi_serial GROUP BY n, x ORDER BY n;
SELECT x, grp_key AS g, figure, got, one_step, ref
FROM bi_serial WHERE same IS NOT TRUE OR near IS NOT TRUE ORDER BY n, g, figure;

-- many small groups: accessors against the one-step aggregates
CREATE TEMP TABLE bi_many AS
SELECT c.n, c.x, r.* FROM bi_cols c, bi_compare(c.x, 'g2') r;
SELECT count(DISTINCT grp_key) AS groups, count(*) AS compared FROM bi_many;
SELECT x, grp_key AS g2, figure, got, one_step, ref
FROM bi_many WHERE same IS NOT TRUE OR near IS NOT TRUE ORDER BY n, g2, figure;

-- the medians equal aov_breakdown's (num as revenue, i as items: per-order
-- values; orders with NULL items are skipped there, so here too)
SELECT count(*) AS groups,
       count(*) FILTER (WHERE aov_median(rs)::text IS DISTINCT FROM (b).aov_median::text
                          OR aov_median(qs)::text IS DISTINCT FROM (b).items_per_order_median::text
                          OR aov_trimmed_mean(rs, 0.1)::text IS DISTINCT FROM (b).aov_trimmed::text
                          OR aov_top_values(rs, 3)::text IS DISTINCT FROM (b).aov_top::text) AS differ
FROM (SELECT g, aov_sample(num) AS rs, aov_sample(i) AS qs, aov_breakdown(num, i, NULL::bigint, 0.1) AS b
      FROM t_rand WHERE num IS NOT NULL AND i IS NOT NULL GROUP BY g) s;

-- a state made by aov_trimmed_mean's transition keeps its trim, which the
-- accessors do not read: they take the trim they are given
SELECT aov_trimmed_mean(test_sample(num, 0.1), 0.25)::text = aov_trimmed_mean(num, 0.25)::text AS own_trim,
       aov_trimmed_mean(test_sample(num, 0.1, 0.2), 0)::text = aov_trimmed_mean(num, 0)::text AS own_trim_asym
FROM t_rand;

-- split and merge: the accessors of merged partial samples equal one pass
SELECT count(*) AS groups,
       count(*) FILTER (WHERE aov_trimmed_mean(m, 0.1)::text IS DISTINCT FROM one::text
                          OR aov_median(m)::text IS DISTINCT FROM aov_median(whole)::text) AS differ
FROM (SELECT g, test_merge(part) AS m FROM (SELECT g, g2 % 7 AS k, aov_sample(num) AS part
                                             FROM t_rand GROUP BY 1, 2 ORDER BY md5(g::text || (g2 % 7)::text)) p
      GROUP BY g) merged
JOIN (SELECT g, aov_trimmed_mean(num, 0.1) AS one, aov_sample(num) AS whole FROM t_rand GROUP BY g) w USING (g);

-- as a window function: the accessors read the running sample in place
-- (the trimmed mean selects, the median sorts) without changing what later
-- rows add to; against the one-step aggregate and percentile_cont over the
-- rows so far (the rows that differ: none)
SELECT count(*) AS running_rows,
       count(*) FILTER (WHERE m::float8 IS DISTINCT FROM r OR tm::float8 IS DISTINCT FROM rt) AS differ
FROM (SELECT id, aov_median(aov_sample(f) OVER w) AS m, aov_trimmed_mean(aov_sample(f) OVER w, 0.1) AS tm,
             (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY f) FROM t_rand r WHERE r.id <= t.id) AS r,
             (SELECT aov_trimmed_mean(f, 0.1) FROM t_rand r WHERE r.id <= t.id) AS rt
      FROM t_rand t WHERE id <= 200
      WINDOW w AS (ORDER BY id ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)) q;

-- ---------------------------------------------------------------------
-- NaN and infinities, ties, NULLs
-- ---------------------------------------------------------------------
-- the accessors against the one-step aggregates, and the median against
-- percentile_cont (which orders -Infinity, values, +Infinity alike; NaN is
-- NaN here, as in the trimmed means)
SELECT v.name, aov_trimmed_mean(aov_sample(x), 0.2)::text AS two_step,
       aov_trimmed_mean(x, 0.2)::text AS one_step,
       aov_median(aov_sample(x))::text AS median,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY x) AS percentile_cont,
       bi_same(aov_top_values(aov_sample(x), 2), aov_top_values(x, 2)) AS same_top
FROM (VALUES ('nan', ARRAY[1, 2, 'NaN']::float8[]),
             ('inf kept', ARRAY[1, 2, 'Infinity']::float8[]),
             ('inf trimmed', ARRAY[1, 2, 3, 4, 'Infinity']::float8[]),
             ('both infinities', ARRAY['-Infinity', 'Infinity']::float8[]),
             ('-inf in the middle', ARRAY['-Infinity', '-Infinity', 1]::float8[]),
             ('finite', ARRAY[4, 1, 3, 2]::float8[])) v(name, xs),
     unnest(v.xs) x
GROUP BY v.name ORDER BY v.name;
SELECT aov_trimmed_mean(aov_sample(x), 0.2)::text AS numeric_nan, aov_median(aov_sample(x))::text AS median_nan,
       aov_top_values(aov_sample(x), 2)::text AS top
FROM unnest(ARRAY[1.5, 'NaN', 'NaN']::numeric[]) x;

-- top values as rows: ranks are positions, ties in count to the smaller
-- value (1 three times; 2 and 3 twice: 2 first)
SELECT * FROM aov_top_rows((SELECT aov_sample(x) FROM unnest(ARRAY[5, 3, 3, 1, 1, 1, 2, 2, NULL]::int[]) x), 3);
SELECT * FROM aov_top_rows((SELECT aov_top_values(x, 3) FROM unnest(ARRAY[5, 3, 3, 1, 1, 1, 2, 2]::bigint[]) x));
SELECT * FROM aov_top_rows((SELECT aov_top_values(x, 2) FROM unnest(ARRAY[0.5, 2.5, 2.50, 9.99]::numeric[]) x));
SELECT * FROM aov_top_rows((SELECT aov_top_values(x, 2) FROM unnest(ARRAY[0.125, 0.125, 'Infinity']::float8[]) x));
-- the rows of every group's top 10 against unnest WITH ORDINALITY of the
-- one-step array, for each element type
SELECT count(*) AS compared,
       count(*) FILTER (WHERE r.value IS DISTINCT FROM u.value OR r.count IS DISTINCT FROM u.count
                          OR r.share IS DISTINCT FROM u.share OR r.rank IS DISTINCT FROM u.rn::int) AS differ
FROM (SELECT g, aov_top_values(num, 10) AS a, aov_top_values(f, 10) AS af, aov_top_values(b, 10) AS ab
      FROM t_rand GROUP BY g) s,
     LATERAL (SELECT rank, value::text, count, share FROM aov_top_rows(s.a)
              UNION ALL SELECT rank + 100, value::text, count, share FROM aov_top_rows(s.af)
              UNION ALL SELECT rank + 200, value::text, count, share FROM aov_top_rows(s.ab)) r
     FULL JOIN LATERAL (SELECT rn, value::text, count, share FROM unnest(s.a) WITH ORDINALITY AS u(value, count, share, rn)
                        UNION ALL SELECT rn + 100, value::text, count, share FROM unnest(s.af) WITH ORDINALITY AS u(value, count, share, rn)
                        UNION ALL SELECT rn + 200, value::text, count, share FROM unnest(s.ab) WITH ORDINALITY AS u(value, count, share, rn)) u
       ON r.rank = u.rn;

-- NULLs: no rows gives a NULL sample, and every accessor of NULL is NULL;
-- only NULL values give a sample of no values: NULL figures, 0 values
\pset null NULL
SELECT aov_sample(x) AS no_rows, aov_trimmed_mean(aov_sample(x), 0.1) AS trimmed,
       aov_median(aov_sample(x)) AS median, aov_top_values(aov_sample(x), 3) AS top,
       aov_num_values(aov_sample(x)) AS n
FROM unnest(ARRAY[]::numeric[]) x;
SELECT aov_trimmed_mean(aov_sample(x), 0.1) AS trimmed, aov_trimmed_mean(aov_sample(x), 0, 0.1) AS asym,
       aov_median(aov_sample(x)) AS median, aov_top_values(aov_sample(x), 3) AS top,
       aov_num_values(aov_sample(x)) AS n, (SELECT count(*) FROM aov_top_rows(aov_sample(x), 3)) AS top_rows
FROM unnest(ARRAY[NULL, NULL]::float8[]) x;
SELECT aov_trimmed_mean(NULL::aov_sample, 0.1) AS null_state, aov_trimmed_mean(aov_sample(x), NULL) AS null_trim,
       aov_top_values(aov_sample(x), NULL) AS null_k,
       (SELECT count(*) FROM aov_top_rows(NULL::aov_top_numeric[])) AS null_array_rows
FROM unnest(ARRAY[1, 2]::int[]) x;
\pset null ''

-- ---------------------------------------------------------------------
-- Scalar accessors of aov_summary
-- ---------------------------------------------------------------------
-- Every accessor of a summary as text, in the order of the fields of
-- aov_breakdown (breakdown_fields of setup numbers them alike); without
-- robust, the robust ones are not called (NULL).
CREATE FUNCTION bi_accessors(s aov_summary, robust boolean) RETURNS TABLE (n int, value text) LANGUAGE sql IMMUTABLE AS $$
    SELECT * FROM (VALUES
        (1, aov_orders(s)::text), (2, aov_customers(s)::text), (3, aov_guest_orders(s)::text),
        (4, aov_zero_item_orders(s)::text), (5, aov_revenue(s)::text), (6, aov_items(s)::text),
        (7, aov_value(s)::text), (8, aov_unit_price(s)::text), (9, aov_items_per_order(s)::text),
        (10, aov_revenue_per_customer(s)::text), (11, aov_orders_per_customer(s)::text),
        (12, aov_trim_fraction(s)::text), (13, CASE WHEN robust THEN aov_trimmed(s)::text END),
        (14, CASE WHEN robust THEN aov_median(s)::text END), (15, CASE WHEN robust THEN aov_top(s)::text END),
        (16, CASE WHEN robust THEN aov_items_per_order_trimmed(s)::text END),
        (17, CASE WHEN robust THEN aov_items_per_order_median(s)::text END),
        (18, CASE WHEN robust THEN aov_items_per_order_top(s)::text END),
        (19, CASE WHEN robust THEN aov_unit_price_trimmed(s)::text END),
        (20, CASE WHEN robust THEN aov_unit_price_median(s)::text END),
        (21, CASE WHEN robust THEN aov_unit_price_top(s)::text END)) v $$;
-- the fields in which the accessors differ from aov_breakdown(s)
CREATE FUNCTION bi_accessor_diff(s aov_summary, robust boolean DEFAULT true)
RETURNS TABLE (field text, accessor text, breakdown text) LANGUAGE sql IMMUTABLE AS $$
    SELECT f.field, a.value, f.value
    FROM breakdown_fields(aov_breakdown(s)) f JOIN bi_accessors(s, robust) a USING (n)
    WHERE a.value IS DISTINCT FROM f.value $$;

-- summaries with customers and per-order values, per group, for numeric
-- and float8 revenue and integer or numeric items; guests are customer NULL
CREATE TEMP TABLE bi_summaries AS
SELECT g, 'numeric, integer' AS kinds, aov_summary(num, i, CASE WHEN id % 10 <> 0 THEN g2 END::bigint, 0.1) AS s
FROM t_rand GROUP BY g
UNION ALL
SELECT g, 'float8, integer', aov_summary(fc, i, CASE WHEN id % 10 <> 0 THEN g2 END::bigint, 0.05)
FROM t_rand GROUP BY g
UNION ALL
SELECT g, 'numeric, numeric', aov_summary(num, round(nm / 100, 2), CASE WHEN id % 10 <> 0 THEN g2 END::bigint, 0)
FROM t_rand GROUP BY g;
SELECT kinds, count(*) AS summaries, sum(aov_orders(s)) AS orders,
       count(aov_median(s)) AS medians, count(aov_unit_price_top(s)) AS unit_price_tops
FROM bi_summaries GROUP BY kinds ORDER BY kinds;
SELECT b.kinds, b.g, d.* FROM bi_summaries b, bi_accessor_diff(b.s) d ORDER BY 1, 2, 3;
-- the accessors against the references themselves (num as revenue, i as
-- items): orders, revenue, AOV, customers, median and trimmed mean
SELECT count(*) AS groups,
       count(*) FILTER (WHERE aov_orders(s) <> r.orders OR aov_revenue(s) <> r.revenue
                          OR aov_value(s) <> r.revenue / r.orders OR aov_customers(s) <> r.customers
                          OR aov_median(s) <> ref_median(r.xs) OR aov_trimmed(s) <> ref_trimmed(r.xs, 0.1)
                          OR top_diff(aov_top(s), r.xs) IS NOT NULL) AS differ
FROM (SELECT * FROM bi_summaries WHERE kinds = 'numeric, integer') b
JOIN (SELECT g, count(*) AS orders, sum(num) AS revenue,
             count(DISTINCT CASE WHEN id % 10 <> 0 THEN g2 END) AS customers, array_agg(num) AS xs
      FROM t_rand WHERE num IS NOT NULL AND i IS NOT NULL GROUP BY g) r USING (g);

-- rolled up: stored daily summaries (here per g2) into one per g
CREATE TEMP TABLE bi_daily AS
SELECT g, g2, aov_summary(num, i, CASE WHEN id % 10 <> 0 THEN g2 END::bigint, 0.1) AS s
FROM t_rand GROUP BY g, g2;
SELECT count(*) AS rollups, count(d.*) AS differing_fields
FROM (SELECT g, aov_rollup(s) AS s FROM bi_daily GROUP BY g) r LEFT JOIN LATERAL bi_accessor_diff(r.s) d ON true;
-- a stored summary read back from its text form
SELECT count(*) AS summaries, count(d.*) AS differing_fields
FROM bi_summaries b LEFT JOIN LATERAL bi_accessor_diff(b.s::text::aov_summary) d ON true;

-- without customers or per-order values: the customer accessors are NULL
-- as the fields are, the others equal the fields; the robust figures are
-- an error (errors below)
\pset null NULL
SELECT c AS customers_given, aov_orders(s) AS orders, aov_customers(s) AS customers,
       aov_revenue_per_customer(s) AS per_customer, aov_trim_fraction(s) AS trim,
       (SELECT count(*) FROM bi_accessor_diff(s, false)) AS differ
FROM (SELECT false AS c, aov_summary(num, i) AS s FROM t_rand
      UNION ALL SELECT true, aov_summary(num, i, g2::bigint) FROM t_rand) x;
-- a summary of no orders (every revenue NULL), and a NULL summary: NULL
SELECT aov_orders(s) AS orders, aov_value(s) AS aov, aov_median(s) AS median, aov_top(s) AS top,
       aov_orders(NULL::aov_summary) AS null_summary
FROM (SELECT aov_summary(num, i, g2::bigint, 0.1) AS s FROM t_rand WHERE num IS NULL) x;
\pset null ''

-- ---------------------------------------------------------------------
-- Parallel plans: the same checks with partial aggregates
-- ---------------------------------------------------------------------
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
SET parallel_leader_participation = off;
-- the samples and summaries made in parallel (the plans of the statements
-- that make them) give the serial results
SELECT parallel_plan($$CREATE TEMP TABLE bi_par_samples AS
    SELECT g, aov_sample(num) AS num, aov_sample(nm) AS nm, aov_sample(f) AS f, aov_sample(fc) AS fc,
           aov_sample(b) AS b, aov_sample(i) AS i
    FROM t_rand GROUP BY g$$);
SELECT parallel_plan($$CREATE TEMP TABLE bi_par_summaries AS
    SELECT g, aov_summary(num, i, CASE WHEN id % 10 <> 0 THEN g2 END::bigint, 0.1) AS s
    FROM t_rand GROUP BY g$$);
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
RESET max_parallel_workers_per_gather;
RESET parallel_leader_participation;
SELECT count(*) AS compared, count(*) FILTER (WHERE st IS NULL) AS missing
FROM bi_serial JOIN LATERAL (SELECT CASE bi_serial.x WHEN 'num' THEN p.num WHEN 'nm' THEN p.nm WHEN 'f' THEN p.f
                                         WHEN 'fc' THEN p.fc WHEN 'b' THEN p.b ELSE p.i END AS st
                             FROM bi_par_samples p WHERE p.g = bi_serial.grp_key) p ON true
WHERE figure = 'trim 0.1';
SELECT s.x, s.grp_key AS g, s.figure, s.got AS serial, v.par
FROM bi_serial s
JOIN (SELECT p.g, c.x, (CASE c.x WHEN 'num' THEN p.num WHEN 'nm' THEN p.nm WHEN 'f' THEN p.f
                                 WHEN 'fc' THEN p.fc WHEN 'b' THEN p.b ELSE p.i END) AS st
      FROM bi_par_samples p, bi_cols c) p ON p.g = s.grp_key AND p.x = s.x,
     LATERAL (VALUES ('trim 0', aov_trimmed_mean(p.st, 0)::text), ('trim 0.1', aov_trimmed_mean(p.st, 0.1)::text),
                     ('trim 0.25', aov_trimmed_mean(p.st, 0.25)::text),
                     ('trim 0.05, 0.2', aov_trimmed_mean(p.st, 0.05, 0.2)::text),
                     ('median', aov_median(p.st)::text), ('n', aov_num_values(p.st)::text),
                     ('top 3', aov_top_values(p.st, 3)::text)) v(figure, par)
WHERE v.figure = s.figure AND v.par IS DISTINCT FROM s.got
ORDER BY 1, 2, 3;
SELECT count(*) AS summaries, count(d.*) AS differing_fields,
       count(*) FILTER (WHERE p.s::text <> b.s::text) AS differing_values
FROM bi_par_summaries p JOIN bi_summaries b ON b.g = p.g AND b.kinds = 'numeric, integer'
LEFT JOIN LATERAL bi_accessor_diff(p.s) d ON true;

-- ---------------------------------------------------------------------
-- aov_report_bi: aov_report with standard types only
-- ---------------------------------------------------------------------
SET TimeZone = 'UTC';
CREATE TEMP TABLE bi_orders AS
SELECT id, timestamptz '2026-01-01' + (id * 37 % 20000) * interval '13 minutes' AS ordered_at,
       num AS revenue, abs(i) % 7 AS items, CASE WHEN id % 10 <> 0 THEN g2 END::bigint AS customer_id
FROM t_rand WHERE num IS NOT NULL AND i IS NOT NULL;
-- no array or composite column
SELECT count(*) AS columns, count(*) FILTER (WHERE t.typcategory IN ('A', 'C')) AS arrays_or_composites,
       string_agg(a.attname || ' ' || format_type(a.atttypid, NULL), ', ') FILTER (WHERE a.attname LIKE '%top') AS top_columns
FROM pg_proc p, unnest(p.proallargtypes, p.proargmodes, p.proargnames) AS a(atttypid, mode, attname)
JOIN pg_type t ON t.oid = a.atttypid
WHERE p.proname = 'aov_report_bi' AND a.mode = 't';
-- every column equal to aov_report's, the jsonb tops read back as rows
-- equal to the arrays' elements
SELECT count(*) AS report_rows, count(r.*) AS matched,
       count(*) FILTER (WHERE (r.period, r.segment, r.orders_share, r.revenue_share, r.orders, r.customers,
                               r.guest_orders, r.zero_item_orders, r.revenue, r.items, r.aov, r.unit_price,
                               r.items_per_order, r.revenue_per_customer, r.orders_per_customer,
                               r.trim_fraction_used, r.aov_trimmed, r.aov_median, r.items_per_order_trimmed,
                               r.items_per_order_median, r.unit_price_trimmed, r.unit_price_median)::text
                              IS DISTINCT FROM
                              (b.period, b.segment, b.orders_share, b.revenue_share, b.orders, b.customers,
                               b.guest_orders, b.zero_item_orders, b.revenue, b.items, b.aov, b.unit_price,
                               b.items_per_order, b.revenue_per_customer, b.orders_per_customer,
                               b.trim_fraction_used, b.aov_trimmed, b.aov_median, b.items_per_order_trimmed,
                               b.items_per_order_median, b.unit_price_trimmed, b.unit_price_median)::text) AS differ,
       count(*) FILTER (WHERE (SELECT array_agg(ROW(j.value, j.count, j.share)::aov_top_numeric)
                               FROM jsonb_to_recordset(b.aov_top) AS j(value numeric, count bigint, share float8))::text
                              IS DISTINCT FROM r.aov_top::text
                          OR (SELECT array_agg(ROW(j.value, j.count, j.share)::aov_top_numeric)
                              FROM jsonb_to_recordset(b.items_per_order_top) AS j(value numeric, count bigint, share float8))::text
                              IS DISTINCT FROM r.items_per_order_top::text
                          OR (SELECT array_agg(ROW(j.value, j.count, j.share)::aov_top_numeric)
                              FROM jsonb_to_recordset(b.unit_price_top) AS j(value numeric, count bigint, share float8))::text
                              IS DISTINCT FROM r.unit_price_top::text) AS differ_top
FROM aov_report_bi('bi_orders', 'quarter', trim_fraction => 0.1) WITH ORDINALITY AS b
LEFT JOIN aov_report('bi_orders', 'quarter', trim_fraction => 0.1) WITH ORDINALITY AS r USING (ordinality);
SELECT period, segment, orders, aov_top FROM aov_report_bi('bi_orders', 'quarter') WHERE segment = 'all' LIMIT 1;
-- aov_report's top columns as rows with LATERAL
SELECT r.period, r.segment, t.*
FROM aov_report('bi_orders', 'quarter') r, aov_top_rows(r.unit_price_top) t
WHERE r.segment = 'new' ORDER BY r.period LIMIT 3;
RESET TimeZone;

-- ---------------------------------------------------------------------
-- Errors
-- ---------------------------------------------------------------------
SELECT expect_error($$SELECT aov_trimmed_mean(aov_sample(x), 0.5) FROM unnest(ARRAY[1, 2]) x$$) AS trim_half,
       expect_error($$SELECT aov_trimmed_mean(aov_sample(x), -0.1) FROM unnest(ARRAY[1, 2]) x$$) AS trim_negative,
       expect_error($$SELECT aov_trimmed_mean(aov_sample(x), 'NaN') FROM unnest(ARRAY[1, 2]) x$$) AS trim_nan;
SELECT expect_error($$SELECT aov_trimmed_mean(aov_sample(x), 0.6, 0.4) FROM unnest(ARRAY[1, 2]) x$$) AS asym_sum,
       expect_error($$SELECT aov_top_values(aov_sample(x), 0) FROM unnest(ARRAY[1, 2]) x$$) AS k_zero,
       expect_error($$SELECT * FROM aov_top_rows((SELECT aov_sample(x) FROM unnest(ARRAY[1, 2]) x), -1)$$) AS rows_k;
SELECT expect_error($$SELECT aov_median('ff'::aov_sample)$$) AS malformed_sample,
       expect_error($$SELECT aov_value('0300'::aov_summary)$$) AS malformed_summary;
SELECT expect_error(format('SELECT %s(aov_summary(num, i, g2::bigint)) FROM t_rand', f)) AS no_per_order_values
FROM unnest(ARRAY['aov_trimmed', 'aov_median', 'aov_top', 'aov_items_per_order_trimmed',
                  'aov_items_per_order_median', 'aov_items_per_order_top', 'aov_unit_price_trimmed',
                  'aov_unit_price_median', 'aov_unit_price_top']) f;
-- the hint names the fix
SELECT aov_median(aov_summary(num, i)) FROM t_rand;
