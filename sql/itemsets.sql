--
-- itemsets: aov_baskets, aov_itemsets, aov_itemset_rules and their relation
-- forms aov_itemset_table, aov_itemset_rule_table, aov_itemset_bundles
-- (doc/reference.md, "Bundles of three and more").
--
-- Checked against:
--   mlxtend 0.25.0 (apriori + association_rules) on real baskets: the
--     numbers of itemsets and rules printed by test/itemsets_mlxtend.py for
--     test/data/retail_baskets.csv, and the market-basket tutorial's France
--     figures (26 rules at support 0.07) on test/data/france_baskets.csv
--     (UCI Online Retail, CC BY 4.0; see test/data/README.md);
--   a plain SQL reference on the same lines: item counts by GROUP BY, pair
--     counts by a self-join and triple counts by a triple self-join on the
--     order (text keys COLLATE "C": the extension orders them bytewise),
--     kept when n / N >= min_support; rules from those counts with the
--     float8 formulas of doc/reference.md.
-- A check lists the rows that differ (none expected), next to the number
-- of rows it checked.
--

-- ---------------------------------------------------------------------
-- Reference
-- ---------------------------------------------------------------------

-- The frequent itemsets of 1 to 3 products of the (order_id, product)
-- lines of query q, by self-joins.  Products are ordered by their own type:
-- a text product must come COLLATE "C" (bytewise, as the extension orders
-- text keys), an integer one orders numerically, as the extension does.
CREATE FUNCTION is_ref_sets(q text, min_support float8)
RETURNS TABLE (itemset text[], n bigint, n_orders bigint) LANGUAGE plpgsql AS $$
BEGIN
    RETURN QUERY EXECUTE format($r$
        WITH l AS (SELECT DISTINCT order_id, product AS p
                     FROM (%s) q WHERE order_id IS NOT NULL AND product IS NOT NULL),
        t AS (SELECT count(DISTINCT order_id) AS n_orders FROM l),
        s AS (
            SELECT ARRAY[a.p::text] AS itemset, count(*) AS n FROM l a GROUP BY a.p
            UNION ALL
            SELECT ARRAY[a.p::text, b.p::text], count(*) FROM l a JOIN l b ON b.order_id = a.order_id AND a.p < b.p
             GROUP BY a.p, b.p
            UNION ALL
            SELECT ARRAY[a.p::text, b.p::text, c.p::text], count(*)
              FROM l a JOIN l b ON b.order_id = a.order_id AND a.p < b.p
                       JOIN l c ON c.order_id = a.order_id AND b.p < c.p
             GROUP BY a.p, b.p, c.p)
        SELECT s.itemset::text[], s.n, t.n_orders FROM s, t WHERE s.n::float8 / t.n_orders >= $1
        $r$, q) USING min_support;
END $$;

-- The rules of reference itemsets (every split into antecedent and
-- consequent), with the measures' formulas; sets is a query of
-- is_ref_sets' rows.
CREATE FUNCTION is_ref_rules(sets text)
RETURNS TABLE (antecedent text[], consequent text[], n bigint, n_antecedent bigint, n_consequent bigint,
               support float8, confidence float8, lift float8, leverage float8, conviction float8)
LANGUAGE plpgsql AS $$
BEGIN
    RETURN QUERY EXECUTE format($r$
    WITH s AS MATERIALIZED (%s),
    split AS (
        SELECT s.itemset, s.n, s.n_orders,
               ARRAY(SELECT x FROM unnest(s.itemset) WITH ORDINALITY u(x, i)
                      WHERE m & (1 << (i::int - 1)) = 0 ORDER BY i) AS a,
               ARRAY(SELECT x FROM unnest(s.itemset) WITH ORDINALITY u(x, i)
                      WHERE m & (1 << (i::int - 1)) <> 0 ORDER BY i) AS c
          FROM s, generate_series(1, (1 << cardinality(s.itemset)) - 2) m
         WHERE cardinality(s.itemset) >= 2)
    SELECT x.a, x.c, x.n, sa.n, sc.n, x.n::float8 / x.n_orders, x.n::float8 / sa.n,
           (x.n_orders::float8 * x.n) / (sa.n::float8 * sc.n),
           x.n::float8 / x.n_orders - (sa.n::float8 / x.n_orders) * (sc.n::float8 / x.n_orders),
           CASE WHEN x.n = sa.n THEN 'Infinity'::float8
                ELSE (1 - sc.n::float8 / x.n_orders) / (1 - x.n::float8 / sa.n) END
      FROM split x JOIN s sa ON sa.itemset = x.a JOIN s sc ON sc.itemset = x.c
    $r$, sets);
END $$;

-- The itemsets in which got (aov_itemsets' rows) and the reference
-- itemsets of the lines of query q differ.
CREATE FUNCTION is_sets_diff(got text, q text, min_support float8)
RETURNS TABLE (itemset text[], got_n bigint, ref_n bigint, got_support float8, ref_support float8)
LANGUAGE plpgsql AS $$
BEGIN
    RETURN QUERY EXECUTE format($r$
        SELECT coalesce(g.itemset, r.itemset), g.n, r.n, g.support, r.n::float8 / r.n_orders
          FROM (%s) g FULL JOIN is_ref_sets(%L, $1) r ON r.itemset = g.itemset
         WHERE g.n IS DISTINCT FROM r.n OR g.n_orders IS DISTINCT FROM r.n_orders
            OR g.support IS DISTINCT FROM r.n::float8 / r.n_orders
            OR g.size IS DISTINCT FROM cardinality(r.itemset)
        $r$, got, q) USING min_support;
END $$;

-- The rules in which got (aov_itemset_rules' rows) and ref (is_ref_rules'
-- rows) differ: counts exactly, measures within 1e-15 (a compiler may fuse
-- the leverage's multiply and subtract).
CREATE FUNCTION is_rules_diff(got text, ref text)
RETURNS TABLE (antecedent text[], consequent text[], field text, got_v float8, ref_v float8)
LANGUAGE plpgsql AS $$
BEGIN
    RETURN QUERY EXECUTE format($r$
        WITH g AS (%s), r AS (%s),
        j AS (SELECT coalesce(g.antecedent, r.antecedent) AS a, coalesce(g.consequent, r.consequent) AS c,
                     g.n AS gn, r.n AS rn, g.n_antecedent AS gna, r.n_antecedent AS rna,
                     g.n_consequent AS gnc, r.n_consequent AS rnc,
                     g.support AS gs, r.support AS rs, g.confidence AS gc, r.confidence AS rc,
                     g.lift AS gl, r.lift AS rl, g.leverage AS gv, r.leverage AS rv,
                     g.conviction AS gk, r.conviction AS rk
                FROM g FULL JOIN r ON r.antecedent = g.antecedent AND r.consequent = g.consequent)
        SELECT j.a, j.c, f.field, f.gv, f.rv
          FROM j CROSS JOIN LATERAL (VALUES
               ('n', j.gn::float8, j.rn::float8, 0::float8), ('n_antecedent', j.gna, j.rna, 0),
               ('n_consequent', j.gnc, j.rnc, 0), ('support', j.gs, j.rs, 0),
               ('confidence', j.gc, j.rc, 0), ('lift', j.gl, j.rl, 0),
               ('leverage', j.gv, j.rv, 1e-15), ('conviction', j.gk, j.rk, 0)) f(field, gv, rv, tol)
         WHERE f.gv IS NULL OR f.rv IS NULL
            OR (f.gv IS DISTINCT FROM f.rv AND NOT abs(f.gv - f.rv) <= f.tol)
        $r$, got, ref);
END $$;

-- ---------------------------------------------------------------------
-- Hand-made baskets
-- ---------------------------------------------------------------------

-- Orders 1, 2 and 7 {a,b,c}, 3 {a,b}, 4 {c,d}, 5 {a,b,c,d}; order 6 has
-- only a NULL product and a line without an order belongs to no basket, so
-- N = 6.
CREATE TABLE is_small (order_id int, product text);
INSERT INTO is_small VALUES
    (1, 'a'), (1, 'b'), (1, 'c'), (1, 'c'),
    (2, 'c'), (2, 'b'), (2, 'a'),
    (3, 'a'), (3, 'b'),
    (4, 'c'), (4, 'd'),
    (5, 'a'), (5, 'b'), (5, 'c'), (5, 'd'),
    (6, NULL), (NULL, 'a'), (7, 'a'), (7, 'b'), (7, 'c');

-- By hand: a, b, c in 5 orders, d in 2; ab 5, ac 4, bc 4, cd 2, ad 1, bd 1;
-- abc 4, abd, acd, bcd 1.  At support 0.4 (n >= 2.4): a, b, c, their three
-- pairs and {a,b,c} (n 4).
SELECT itemset, size, n, n_orders, support FROM aov_itemset_table('is_small', 'order_id', 'product', 0.4)
ORDER BY size, itemset;
SELECT * FROM is_sets_diff($$SELECT * FROM aov_itemset_table('is_small', 'order_id', 'product', 0.4)$$,
                           'SELECT order_id, product FROM is_small', 0.4);
-- the rules of {a,b,c}: by hand, {a,b} -> {c}: n 4, n_ab 5, n_c 5:
-- confidence 0.8, lift 6 * 4 / (5 * 5) = 0.96, conviction (1 - 5/6) / 0.2;
-- {a,c} -> {b}: confidence 1, conviction infinite
SELECT antecedent, consequent, n, n_antecedent, n_consequent, confidence, lift, conviction
  FROM aov_itemset_rule_table('is_small', 'order_id', 'product', 0.4)
 WHERE cardinality(antecedent) + cardinality(consequent) = 3
 ORDER BY antecedent, consequent;
SELECT DISTINCT n_orders FROM aov_itemset_table('is_small', 'order_id', 'product', 0.4);
SELECT * FROM is_rules_diff($$SELECT * FROM aov_itemset_rule_table('is_small', 'order_id', 'product', 0.3)$$,
                            $$SELECT * FROM is_ref_rules('SELECT * FROM is_ref_sets(''SELECT order_id, product FROM is_small'', 0.3)')$$);

-- The two-step form per group equals the relation form on the group's rows.
CREATE TABLE is_groups AS
SELECT o % 3 AS g, o AS order_id, (1 + (test_rnd(o * 10 + k, 'is') * 12)::int) AS product
  FROM generate_series(1, 3000) o, generate_series(1, 4) k
 WHERE test_rnd(o * 10 + k, 'is-keep') < 0.8;
SELECT b.g, count(*) AS itemsets,
       count(*) FILTER (WHERE s.size = 3) AS triples
  FROM (SELECT g, aov_baskets(order_id, product) AS b FROM is_groups GROUP BY g) b
 CROSS JOIN LATERAL aov_itemsets(b.b, 0.01) s
 GROUP BY b.g ORDER BY b.g;
SELECT g, count(*) AS differ
  FROM generate_series(0, 2) g
 CROSS JOIN LATERAL is_sets_diff(
       format($$SELECT s.* FROM (SELECT aov_baskets(order_id, product) AS b FROM is_groups WHERE g = %s) b
                CROSS JOIN LATERAL aov_itemsets(b.b, 0.01) s$$, g),
       format('SELECT order_id, product FROM is_groups WHERE g = %s', g), 0.01) d
 GROUP BY g;
SELECT count(*) AS rules_checked FROM aov_itemset_rule_table('is_groups', 'order_id', 'product', 0.01);
SELECT * FROM is_rules_diff($$SELECT * FROM aov_itemset_rule_table('is_groups', 'order_id', 'product', 0.01)$$,
                            $$SELECT * FROM is_ref_rules('SELECT * FROM is_ref_sets(''SELECT order_id, product FROM is_groups'', 0.01)')$$);

-- A stored state (flattened: its baskets counted) and its text form give
-- the same itemsets as the state fresh from the aggregate.
CREATE TABLE is_stored AS SELECT g, aov_baskets(order_id, product) AS b FROM is_groups GROUP BY g;
SELECT count(*) AS itemsets,
       (SELECT count(*) FROM (
            SELECT t.g, s.* FROM is_stored t, aov_itemsets(t.b, 0.01) s
            EXCEPT
            SELECT t.g, s.* FROM (SELECT g, aov_baskets(order_id, product) AS b FROM is_groups GROUP BY g) t,
                                 aov_itemsets(t.b, 0.01) s) d) AS stored_differ,
       (SELECT count(*) FROM (
            SELECT t.g, s.* FROM is_stored t, aov_itemsets(t.b::text::aov_basket_lines, 0.01) s
            EXCEPT
            SELECT t.g, s.* FROM is_stored t, aov_itemsets(t.b, 0.01) s) d) AS text_differ
  FROM is_stored t, aov_itemsets(t.b, 0.01) s;

-- max_basket: orders with more distinct products are skipped, out of N too
-- (order 5: N = 5)
SELECT DISTINCT n_orders FROM aov_itemset_table('is_small', 'order_id', 'product', 0.4, max_basket => 3);
SELECT * FROM is_sets_diff(
    $$SELECT * FROM aov_itemset_table('is_small', 'order_id', 'product', 0.4, max_basket => 3)$$,
    'SELECT order_id, product FROM is_small WHERE order_id IN
         (SELECT order_id FROM is_small GROUP BY order_id HAVING count(DISTINCT product) <= 3)', 0.4);

-- NULLs and empty input: no baskets, no rows
CREATE TABLE is_empty (order_id bigint, product bigint);
SELECT count(*) AS no_rows FROM aov_itemset_table('is_empty', 'order_id', 'product', 0.5);
INSERT INTO is_empty VALUES (1, NULL), (NULL, 2), (NULL, NULL);
SELECT count(*) AS all_null FROM aov_itemset_table('is_empty', 'order_id', 'product', 0.5);
SELECT count(*) AS null_state FROM aov_itemsets(NULL, 0.5);
-- bigint keys come out as their text
SELECT itemset FROM aov_itemset_table('is_groups', 'order_id', 'product', 0.2, 3) ORDER BY size, itemset LIMIT 3;
-- a support floor nothing reaches; 1 = in every order
SELECT count(*) AS none FROM aov_itemset_table('is_small', 'order_id', 'product', 1);

-- ---------------------------------------------------------------------
-- Parallel = serial
-- ---------------------------------------------------------------------

SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
SELECT * FROM parallel_plan('SELECT aov_baskets(order_id, product) FROM is_groups');
CREATE TEMP TABLE is_par AS SELECT * FROM aov_itemset_rule_table('is_groups', 'order_id', 'product', 0.005, 4);
RESET max_parallel_workers_per_gather;
SET max_parallel_workers_per_gather = 0;
CREATE TEMP TABLE is_ser AS SELECT * FROM aov_itemset_rule_table('is_groups', 'order_id', 'product', 0.005, 4);
SELECT (SELECT count(*) FROM is_ser) AS rules,
       (SELECT count(*) FROM (SELECT * FROM is_par EXCEPT SELECT * FROM is_ser) d) AS parallel_only,
       (SELECT count(*) FROM (SELECT * FROM is_ser EXCEPT SELECT * FROM is_par) d) AS serial_only;
RESET max_parallel_workers_per_gather;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;

-- ---------------------------------------------------------------------
-- Real baskets: mlxtend's figures
-- ---------------------------------------------------------------------

-- test/data/retail_baskets.csv: (invoice, item) lines of 392 invoices.
CREATE TABLE retail_lines (invoice bigint, item text);
\copy retail_lines FROM 'test/data/retail_baskets.csv' WITH (FORMAT csv, HEADER)

-- python3 test/itemsets_mlxtend.py (mlxtend 0.25.0) prints:
--   baskets 392, lines 7084, items 1678
--   min_support 0.04 max_size 3: 142 itemsets {1: 63, 2: 47, 3: 32}, 286 rules with lift >= 1
--   min_support 0.04 max_size 10: 165 itemsets {1: 63, 2: 47, 3: 32, 4: 16, 5: 6, 6: 1}, 752 rules with lift >= 1
--   min_support 0.05 max_size 3: 49 itemsets {1: 38, 2: 10, 3: 1}, 26 rules with lift >= 1
SELECT r.min_support, r.max_size, r.mlxtend_itemsets, r.mlxtend_rules,
       (SELECT count(*) FROM aov_itemset_table('retail_lines', 'invoice', 'item', r.min_support, r.max_size)) AS itemsets,
       (SELECT string_agg(format('%s: %s', size, c), ', ' ORDER BY size)
          FROM (SELECT size, count(*) AS c
                  FROM aov_itemset_table('retail_lines', 'invoice', 'item', r.min_support, r.max_size)
                 GROUP BY size) s) AS by_size,
       (SELECT count(*) FROM aov_itemset_rule_table('retail_lines', 'invoice', 'item', r.min_support, r.max_size)
         WHERE lift >= 1) AS rules
  FROM (VALUES (0.04, 3, 142, 286), (0.04, 10, 165, 752), (0.05, 3, 49, 26))
       r(min_support, max_size, mlxtend_itemsets, mlxtend_rules);

-- every itemset and every rule against the self-joins (made once: the
-- triple self-join has 2.4 million rows)
CREATE TEMP TABLE is_retail_sets AS
SELECT * FROM is_ref_sets('SELECT invoice AS order_id, item COLLATE "C" AS product FROM retail_lines', 0.04);
SELECT count(*) AS itemsets_checked,
       (SELECT count(*)
          FROM (SELECT itemset, n, n_orders, support FROM aov_itemset_table('retail_lines', 'invoice', 'item', 0.04)) g
          FULL JOIN is_retail_sets r USING (itemset)
         WHERE g.n IS DISTINCT FROM r.n OR g.n_orders IS DISTINCT FROM r.n_orders
            OR g.support IS DISTINCT FROM r.n::float8 / r.n_orders) AS differ
  FROM is_retail_sets;
CREATE TEMP TABLE is_retail_ref AS SELECT * FROM is_ref_rules('SELECT * FROM is_retail_sets');
SELECT count(*) AS rules_checked FROM is_retail_ref;
SELECT * FROM is_rules_diff($$SELECT * FROM aov_itemset_rule_table('retail_lines', 'invoice', 'item', 0.04)$$,
                            'SELECT * FROM is_retail_ref');

-- The triple of the 0.05 run and its rules, rounded; the script prints
-- (support, confidence, lift):
--   [OWL] -> [RED RETROSPOT, SCOTTY DOG]: 0.0510 0.426 7.943
--   [RED RETROSPOT, SCOTTY DOG] -> [OWL]: 0.0510 0.952 7.943
--   [OWL, SCOTTY DOG] -> [RED RETROSPOT]: 0.0510 0.645 7.438
--   [RED RETROSPOT] -> [OWL, SCOTTY DOG]: 0.0510 0.588 7.438
--   [OWL, RED RETROSPOT] -> [SCOTTY DOG]: 0.0510 0.800 7.293
--   [SCOTTY DOG] -> [OWL, RED RETROSPOT]: 0.0510 0.465 7.293
-- (HAND WARMER OWL DESIGN, HAND WARMER RED RETROSPOT, HAND WARMER SCOTTY
-- DOG DESIGN).
SELECT antecedent, consequent, round(support::numeric, 4) AS support,
       round(confidence::numeric, 3) AS confidence, round(lift::numeric, 3) AS lift
  FROM aov_itemset_rule_table('retail_lines', 'invoice', 'item', 0.05)
 WHERE cardinality(antecedent) + cardinality(consequent) = 3 AND lift >= 1
 ORDER BY antecedent, consequent;

-- ---------------------------------------------------------------------
-- Real baskets: the market-basket tutorial's France figures
-- ---------------------------------------------------------------------

-- test/data/france_baskets.csv: every France row of the UCI Online Retail
-- data (8,557 rows of 461 invoices, credit notes included), with the three
-- columns the tutorial (pbpython, "Introduction to Market Basket Analysis in
-- Python") uses; its preprocessing is done here: descriptions stripped,
-- invoices with a C dropped, quantity summed per invoice and product, a
-- product in the basket when the sum is >= 1.
CREATE TABLE france_rows (invoice text, description text, quantity integer);
\copy france_rows FROM 'test/data/france_baskets.csv' WITH (FORMAT csv, HEADER)
CREATE TABLE france_lines AS
SELECT invoice::bigint AS invoice, item
  FROM (SELECT invoice, btrim(description) AS item, sum(quantity) AS quantity
          FROM france_rows WHERE invoice NOT LIKE '%C%' GROUP BY invoice, btrim(description)) s
 WHERE quantity >= 1;
-- The tutorial then drops the POSTAGE column but keeps its rows: 5 invoices
-- that held only POSTAGE stay as empty baskets, so N = 392.  aov_baskets
-- counts an order only through its lines, so POSTAGE stays a product here
-- and the itemsets and rules that hold it are dropped afterwards: the other
-- itemsets' counts and N are the tutorial's.

-- python3 test/itemsets_mlxtend.py --france (mlxtend 0.25.0) prints:
--   France: rows 8557, invoices 461, baskets 392 (5 with no item but POSTAGE), items 1562
--   min_support 0.07: 51 itemsets {1: 40, 2: 10, 3: 1}, 26 rules with lift >= 1
--   named rule: support 0.099490 confidence 0.975000 lift 7.644000
-- (max_size 10: mlxtend has no size limit by default; its largest is 3)
CREATE TEMP TABLE is_france_got AS
SELECT * FROM aov_itemset_table('france_lines', 'invoice', 'item', 0.07, 10)
 WHERE NOT 'POSTAGE' = ANY (itemset);
CREATE TEMP TABLE is_france_rules AS
SELECT * FROM aov_itemset_rule_table('france_lines', 'invoice', 'item', 0.07, 10)
 WHERE NOT 'POSTAGE' = ANY (antecedent || consequent);
SELECT 51 AS mlxtend_itemsets, 26 AS mlxtend_rules,
       (SELECT count(*) FROM is_france_got) AS itemsets,
       (SELECT string_agg(format('%s: %s', size, c), ', ' ORDER BY size)
          FROM (SELECT size, count(*) AS c FROM is_france_got GROUP BY size) s) AS by_size,
       (SELECT count(*) FROM is_france_rules WHERE lift >= 1) AS rules,
       (SELECT min(n_orders) || '-' || max(n_orders) FROM is_france_got) AS n_orders;
-- the tutorial's rule: confidence 0.975, lift 7.644
SELECT antecedent, consequent, n, n_antecedent, n_consequent, n_orders,
       round(support::numeric, 4) AS support, round(confidence::numeric, 3) AS confidence,
       round(lift::numeric, 3) AS lift
  FROM is_france_rules
 WHERE antecedent = '{"SET/20 RED RETROSPOT PAPER NAPKINS","SET/6 RED SPOTTY PAPER CUPS"}'
   AND consequent = '{"SET/6 RED SPOTTY PAPER PLATES"}';
-- every rule with lift >= 1 against mlxtend's (the script's last lines:
-- antecedent, consequent, support, confidence, lift, printed rounded, so
-- each within half its last place: Python rounds 0.8125 to 0.812)
SELECT count(*) AS rules_compared,
       count(*) FILTER (WHERE g.antecedent IS NULL OR m.antecedent IS NULL
                           OR abs(g.support - m.support) > 0.00005
                           OR abs(g.confidence - m.confidence) > 0.0005
                           OR abs(g.lift - m.lift) > 0.0005) AS differ
  FROM (SELECT * FROM is_france_rules WHERE lift >= 1) g
  FULL JOIN (VALUES
    ('{"ALARM CLOCK BAKELIKE RED"}', '{"ALARM CLOCK BAKELIKE GREEN"}', 0.0791, 0.838, 8.643),
    ('{"ALARM CLOCK BAKELIKE GREEN"}', '{"ALARM CLOCK BAKELIKE RED"}', 0.0791, 0.816, 8.643),
    ('{"ALARM CLOCK BAKELIKE RED"}', '{"ALARM CLOCK BAKELIKE PINK"}', 0.0740, 0.784, 7.681),
    ('{"ALARM CLOCK BAKELIKE PINK"}', '{"ALARM CLOCK BAKELIKE RED"}', 0.0740, 0.725, 7.681),
    ('{"SET/6 RED SPOTTY PAPER PLATES"}', '{"SET/20 RED RETROSPOT PAPER NAPKINS","SET/6 RED SPOTTY PAPER CUPS"}', 0.0995, 0.780, 7.644),
    ('{"SET/20 RED RETROSPOT PAPER NAPKINS","SET/6 RED SPOTTY PAPER CUPS"}', '{"SET/6 RED SPOTTY PAPER PLATES"}', 0.0995, 0.975, 7.644),
    ('{"ALARM CLOCK BAKELIKE GREEN"}', '{"ALARM CLOCK BAKELIKE PINK"}', 0.0740, 0.763, 7.479),
    ('{"ALARM CLOCK BAKELIKE PINK"}', '{"ALARM CLOCK BAKELIKE GREEN"}', 0.0740, 0.725, 7.479),
    ('{"SET/20 RED RETROSPOT PAPER NAPKINS","SET/6 RED SPOTTY PAPER PLATES"}', '{"SET/6 RED SPOTTY PAPER CUPS"}', 0.0995, 0.975, 7.078),
    ('{"SET/6 RED SPOTTY PAPER CUPS"}', '{"SET/20 RED RETROSPOT PAPER NAPKINS","SET/6 RED SPOTTY PAPER PLATES"}', 0.0995, 0.722, 7.078),
    ('{"SET/6 RED SPOTTY PAPER PLATES"}', '{"SET/6 RED SPOTTY PAPER CUPS"}', 0.1224, 0.960, 6.969),
    ('{"SET/6 RED SPOTTY PAPER CUPS"}', '{"SET/6 RED SPOTTY PAPER PLATES"}', 0.1224, 0.889, 6.969),
    ('{"SET/6 RED SPOTTY PAPER CUPS","SET/6 RED SPOTTY PAPER PLATES"}', '{"SET/20 RED RETROSPOT PAPER NAPKINS"}', 0.0995, 0.812, 6.125),
    ('{"SET/20 RED RETROSPOT PAPER NAPKINS"}', '{"SET/6 RED SPOTTY PAPER CUPS","SET/6 RED SPOTTY PAPER PLATES"}', 0.0995, 0.750, 6.125),
    ('{"SET/6 RED SPOTTY PAPER PLATES"}', '{"SET/20 RED RETROSPOT PAPER NAPKINS"}', 0.1020, 0.800, 6.031),
    ('{"SET/20 RED RETROSPOT PAPER NAPKINS"}', '{"SET/6 RED SPOTTY PAPER PLATES"}', 0.1020, 0.769, 6.031),
    ('{"DOLLY GIRL LUNCH BOX"}', '{"SPACEBOY LUNCH BOX"}', 0.0714, 0.718, 5.744),
    ('{"SPACEBOY LUNCH BOX"}', '{"DOLLY GIRL LUNCH BOX"}', 0.0714, 0.571, 5.744),
    ('{"SET/20 RED RETROSPOT PAPER NAPKINS"}', '{"SET/6 RED SPOTTY PAPER CUPS"}', 0.1020, 0.769, 5.584),
    ('{"SET/6 RED SPOTTY PAPER CUPS"}', '{"SET/20 RED RETROSPOT PAPER NAPKINS"}', 0.1020, 0.741, 5.584),
    ('{"PLASTERS IN TIN SPACEBOY"}', '{"PLASTERS IN TIN WOODLAND ANIMALS"}', 0.1046, 0.759, 4.442),
    ('{"PLASTERS IN TIN WOODLAND ANIMALS"}', '{"PLASTERS IN TIN SPACEBOY"}', 0.1046, 0.612, 4.442),
    ('{"PLASTERS IN TIN SPACEBOY"}', '{"PLASTERS IN TIN CIRCUS PARADE"}', 0.0893, 0.648, 3.850),
    ('{"PLASTERS IN TIN CIRCUS PARADE"}', '{"PLASTERS IN TIN SPACEBOY"}', 0.0893, 0.530, 3.850),
    ('{"PLASTERS IN TIN CIRCUS PARADE"}', '{"PLASTERS IN TIN WOODLAND ANIMALS"}', 0.1020, 0.606, 3.546),
    ('{"PLASTERS IN TIN WOODLAND ANIMALS"}', '{"PLASTERS IN TIN CIRCUS PARADE"}', 0.1020, 0.597, 3.546)
  ) m(antecedent, consequent, support, confidence, lift)
    ON m.antecedent::text[] = g.antecedent AND m.consequent::text[] = g.consequent;

-- Every itemset and rule against the self-joins, following the tutorial
-- literally: POSTAGE dropped from the lines, N counted from the invoices.
-- Only the products in at least 7% of the invoices go into the self-joins
-- (an itemset holding another cannot reach 7%): all of them would make the
-- triple self-join 4.8 million rows.
CREATE TEMP TABLE is_france_sets AS
WITH t AS (SELECT count(DISTINCT invoice) AS n_orders FROM france_rows WHERE invoice NOT LIKE '%C%')
SELECT r.itemset, r.n, t.n_orders
  FROM t, is_ref_sets(format($q$
           SELECT invoice AS order_id, item COLLATE "C" AS product FROM france_lines
            WHERE item IN (SELECT item FROM france_lines WHERE item <> 'POSTAGE'
                            GROUP BY item HAVING count(*)::float8 / %s >= 0.07)$q$,
           (SELECT n_orders FROM t)), 0.07) r
 WHERE r.n::float8 / t.n_orders >= 0.07;
SELECT count(*) AS itemsets_checked,
       (SELECT count(*)
          FROM is_france_got g FULL JOIN is_france_sets r USING (itemset)
         WHERE g.n IS DISTINCT FROM r.n OR g.n_orders IS DISTINCT FROM r.n_orders
            OR g.support IS DISTINCT FROM r.n::float8 / r.n_orders) AS differ
  FROM is_france_sets;
SELECT count(*) AS rules_checked FROM is_ref_rules('SELECT * FROM is_france_sets');
SELECT * FROM is_rules_diff('SELECT * FROM is_france_rules',
                            $$SELECT * FROM is_ref_rules('SELECT * FROM is_france_sets')$$);

-- ---------------------------------------------------------------------
-- Bundles
-- ---------------------------------------------------------------------

CREATE TABLE is_prices (product_id text, price numeric(10, 2));
INSERT INTO is_prices VALUES ('a', 10), ('b', 5.50), ('c', 3.99);
-- {a,b,c}: weakest lift = min over products p of N n_abc / (n_rest n_p)
-- = min(6*4/(4*5), 6*4/(4*5), 6*4/(5*5)) = 0.96, weakest confidence 4/5;
-- list price 19.49, 10% off 17.54
SELECT * FROM aov_itemset_bundles('is_small', 'order_id', 'product', 0.3, min_lift => 0, prices => 'is_prices');
SELECT count(*) AS above_lift_1 FROM aov_itemset_bundles('is_small', 'order_id', 'product', 0.3);
-- a product without a price: no list price
SELECT itemset, list_price, bundle_price
  FROM aov_itemset_bundles('is_small', 'order_id', 'product', 0.15, 4, min_lift => 0, discount => 0.25,
                           prices => 'is_prices')
 ORDER BY itemset;
-- every bundle's weakest lift and confidence from the reference rules
-- "the other two -> this product"
SELECT count(*) AS bundles,
       count(*) FILTER (WHERE b.weakest_lift IS DISTINCT FROM r.lift
                           OR b.weakest_confidence IS DISTINCT FROM r.confidence) AS differ
  FROM aov_itemset_bundles('retail_lines', 'invoice', 'item', 0.04, min_lift => 0) b
  LEFT JOIN LATERAL (
       SELECT min(x.lift) AS lift, min(x.confidence) AS confidence
         FROM is_retail_ref x
        WHERE cardinality(x.consequent) = 1 AND cardinality(x.antecedent) = 2
          AND x.antecedent || x.consequent <@ b.itemset) r ON true;

-- ---------------------------------------------------------------------
-- Bad input
-- ---------------------------------------------------------------------

SELECT expect_error($$SELECT * FROM aov_itemset_table('is_small', 'order_id', 'product', 0.1, 2)$$);
SELECT expect_error($$SELECT * FROM aov_itemset_table('is_small', 'order_id', 'product', 0.1, 11)$$);
SELECT expect_error($$SELECT * FROM aov_itemset_table('is_small', 'order_id', 'product', 0)$$);
SELECT expect_error($$SELECT * FROM aov_itemset_table('is_small', 'order_id', 'product', 1.5)$$);
SELECT expect_error($$SELECT * FROM aov_itemset_table('is_small', 'order_id', 'product', 'NaN')$$);
SELECT expect_error($$SELECT * FROM aov_itemset_table('is_small', 'order_id', 'product', NULL)$$);
SELECT expect_error($$SELECT * FROM aov_itemset_table('is_small', 'order_id', 'product', 0.1, max_candidates => 0)$$);
SELECT expect_error($$SELECT * FROM aov_itemset_table('is_small', 'order_id', 'product', 0.1, max_basket => 1)$$);
SELECT expect_error($$SELECT * FROM aov_itemset_table('is_small', 'order_no', 'product', 0.1)$$);
SELECT expect_error($$SELECT * FROM aov_itemset_table('is_small', 'order_id', 'sku', 0.1)$$);
SELECT expect_error($$SELECT * FROM aov_itemset_table('is_small', 'product', 'order_id', 0.1)$$);
SELECT expect_error($$SELECT * FROM aov_itemset_table('is_small', NULL, 'product', 0.1)$$);
SELECT expect_error($$SELECT * FROM aov_itemset_rule_table('is_small', 'order_id', 'product', 0.1, 1)$$);
SELECT expect_error($$SELECT * FROM aov_itemsets(NULL, 0.1, 2)$$);
SELECT expect_error($$SELECT * FROM aov_itemset_rules(NULL, 0.1, 3, NULL)$$);
-- A stored state whose pair count was edited (2 -> 3, within what the
-- product counts allow, so its parser accepts it): mining recounts pairs.
-- The state of (1,a) (1,b) (2,a) (2,b) (3,a) (4,b), then the edited one
-- (src/baskets.c, src/pair_count.c: the pair's count less one, 01 -> 02).
SELECT itemset, n FROM aov_itemsets(
    '02020000000003e8000000000000000400000000000000000201610162020201000001048180808080808080800102000000020000000100000101'::aov_basket_lines, 0.1)
ORDER BY size, itemset;
SELECT expect_error($$SELECT * FROM aov_itemsets(
    '02020000000003e8000000000000000400000000000000000201610162020201000002048180808080808080800102000000020000000100000101'::aov_basket_lines, 0.1)$$);
-- the candidate limit: at support 0.1 all 6 pairs of a, b, c, d are
-- frequent; on is_groups 78 pairs give 286 candidate triples
SELECT expect_error($$SELECT * FROM aov_itemset_table('is_small', 'order_id', 'product', 0.1, max_candidates => 3)$$);
SELECT expect_error($$SELECT * FROM aov_itemset_table('is_groups', 'order_id', 'product', 0.001, 4, max_candidates => 100)$$);
SELECT expect_error($$SELECT * FROM aov_itemset_bundles('is_small', 'order_id', 'product', 0.3, discount => 1)$$);
SELECT expect_error($$SELECT * FROM aov_itemset_bundles('is_small', 'order_id', 'product', 0.3, min_lift => NULL)$$);
SELECT expect_error($$SELECT * FROM aov_itemset_bundles('is_small', 'order_id', 'product', 0.3, prices => 'is_prices', price_column => 'cost')$$);
