-- aov_ext 0.3.0 -> 0.4.0.
--
-- What changes for users: nothing they call.  The support functions of the
-- types and aggregates, and the helpers of the functions that read a
-- relation, are renamed with a leading underscore (internal), so that
-- `\df aov_*` lists what users call; the helpers become C functions; the
-- diagnosis texts become data; the states' serialized forms move to
-- version 2 (sorted runs of distinct values, src/values.c), and version 1
-- values stored by 0.3.0 are still read.
--
-- A fresh CREATE EXTENSION runs aov_ext--0.4.0.sql, built from
-- src/sql/aov_ext.sql; this script must leave the same objects behind (the
-- upgrade test compares them).

\echo Use "ALTER EXTENSION aov_ext UPDATE TO '0.4.0'" to load this file. \quit

-- Support functions: internal names.
ALTER FUNCTION @extschema@.aov_sample_in(cstring) RENAME TO _aov_sample_in;
ALTER FUNCTION @extschema@.aov_sample_out(@extschema@.aov_sample) RENAME TO _aov_sample_out;
ALTER FUNCTION @extschema@.aov_sample_recv(internal) RENAME TO _aov_sample_recv;
ALTER FUNCTION @extschema@.aov_sample_send(@extschema@.aov_sample) RENAME TO _aov_sample_send;
ALTER FUNCTION @extschema@.aov_counts_in(cstring) RENAME TO _aov_counts_in;
ALTER FUNCTION @extschema@.aov_counts_out(@extschema@.aov_counts) RENAME TO _aov_counts_out;
ALTER FUNCTION @extschema@.aov_counts_recv(internal) RENAME TO _aov_counts_recv;
ALTER FUNCTION @extschema@.aov_counts_send(@extschema@.aov_counts) RENAME TO _aov_counts_send;
ALTER FUNCTION @extschema@.aov_summary_in(cstring) RENAME TO _aov_summary_in;
ALTER FUNCTION @extschema@.aov_summary_out(@extschema@.aov_summary) RENAME TO _aov_summary_out;
ALTER FUNCTION @extschema@.aov_summary_recv(internal) RENAME TO _aov_summary_recv;
ALTER FUNCTION @extschema@.aov_summary_send(@extschema@.aov_summary) RENAME TO _aov_summary_send;
ALTER FUNCTION @extschema@.aov_basket_lines_in(cstring) RENAME TO _aov_basket_lines_in;
ALTER FUNCTION @extschema@.aov_basket_lines_out(@extschema@.aov_basket_lines) RENAME TO _aov_basket_lines_out;
ALTER FUNCTION @extschema@.aov_basket_lines_recv(internal) RENAME TO _aov_basket_lines_recv;
ALTER FUNCTION @extschema@.aov_basket_lines_send(@extschema@.aov_basket_lines) RENAME TO _aov_basket_lines_send;
ALTER FUNCTION @extschema@.aov_pairs_in(cstring) RENAME TO _aov_pairs_in;
ALTER FUNCTION @extschema@.aov_pairs_out(@extschema@.aov_pairs) RENAME TO _aov_pairs_out;
ALTER FUNCTION @extschema@.aov_pairs_recv(internal) RENAME TO _aov_pairs_recv;
ALTER FUNCTION @extschema@.aov_pairs_send(@extschema@.aov_pairs) RENAME TO _aov_pairs_send;
ALTER FUNCTION @extschema@.aov_sample_add(@extschema@.aov_sample, numeric, float8) RENAME TO _aov_sample_add;
ALTER FUNCTION @extschema@.aov_sample_add(@extschema@.aov_sample, numeric, float8, float8) RENAME TO _aov_sample_add;
ALTER FUNCTION @extschema@.aov_sample_add(@extschema@.aov_sample, float8, float8) RENAME TO _aov_sample_add;
ALTER FUNCTION @extschema@.aov_sample_add(@extschema@.aov_sample, float8, float8, float8) RENAME TO _aov_sample_add;
ALTER FUNCTION @extschema@.aov_sample_add(@extschema@.aov_sample, bigint, float8) RENAME TO _aov_sample_add;
ALTER FUNCTION @extschema@.aov_sample_add(@extschema@.aov_sample, bigint, float8, float8) RENAME TO _aov_sample_add;
ALTER FUNCTION @extschema@.aov_sample_add(@extschema@.aov_sample, integer, float8) RENAME TO _aov_sample_add;
ALTER FUNCTION @extschema@.aov_sample_add(@extschema@.aov_sample, integer, float8, float8) RENAME TO _aov_sample_add;
ALTER FUNCTION @extschema@.aov_counts_add(@extschema@.aov_counts, numeric, integer) RENAME TO _aov_counts_add;
ALTER FUNCTION @extschema@.aov_counts_add(@extschema@.aov_counts, float8, integer) RENAME TO _aov_counts_add;
ALTER FUNCTION @extschema@.aov_counts_add(@extschema@.aov_counts, bigint, integer) RENAME TO _aov_counts_add;
ALTER FUNCTION @extschema@.aov_counts_add(@extschema@.aov_counts, integer, integer) RENAME TO _aov_counts_add;
ALTER FUNCTION @extschema@.aov_breakdown_add(@extschema@.aov_summary, numeric, integer) RENAME TO _aov_breakdown_add;
ALTER FUNCTION @extschema@.aov_breakdown_add(@extschema@.aov_summary, numeric, integer, bigint) RENAME TO _aov_breakdown_add;
ALTER FUNCTION @extschema@.aov_breakdown_add(@extschema@.aov_summary, numeric, integer, bigint, float8) RENAME TO _aov_breakdown_add;
ALTER FUNCTION @extschema@.aov_breakdown_add(@extschema@.aov_summary, numeric, numeric) RENAME TO _aov_breakdown_add;
ALTER FUNCTION @extschema@.aov_breakdown_add(@extschema@.aov_summary, numeric, numeric, bigint) RENAME TO _aov_breakdown_add;
ALTER FUNCTION @extschema@.aov_breakdown_add(@extschema@.aov_summary, numeric, numeric, bigint, float8) RENAME TO _aov_breakdown_add;
ALTER FUNCTION @extschema@.aov_breakdown_add(@extschema@.aov_summary, float8, integer) RENAME TO _aov_breakdown_add;
ALTER FUNCTION @extschema@.aov_breakdown_add(@extschema@.aov_summary, float8, integer, bigint) RENAME TO _aov_breakdown_add;
ALTER FUNCTION @extschema@.aov_breakdown_add(@extschema@.aov_summary, float8, integer, bigint, float8) RENAME TO _aov_breakdown_add;
ALTER FUNCTION @extschema@.aov_breakdown_add(@extschema@.aov_summary, bigint, integer) RENAME TO _aov_breakdown_add;
ALTER FUNCTION @extschema@.aov_breakdown_add(@extschema@.aov_summary, bigint, integer, bigint) RENAME TO _aov_breakdown_add;
ALTER FUNCTION @extschema@.aov_breakdown_add(@extschema@.aov_summary, bigint, integer, bigint, float8) RENAME TO _aov_breakdown_add;
ALTER FUNCTION @extschema@.aov_breakdown_add(@extschema@.aov_summary, integer, integer) RENAME TO _aov_breakdown_add;
ALTER FUNCTION @extschema@.aov_breakdown_add(@extschema@.aov_summary, integer, integer, bigint) RENAME TO _aov_breakdown_add;
ALTER FUNCTION @extschema@.aov_breakdown_add(@extschema@.aov_summary, integer, integer, bigint, float8) RENAME TO _aov_breakdown_add;
ALTER FUNCTION @extschema@.aov_summary_add(@extschema@.aov_summary, numeric, integer) RENAME TO _aov_summary_add;
ALTER FUNCTION @extschema@.aov_summary_add(@extschema@.aov_summary, numeric, integer, bigint) RENAME TO _aov_summary_add;
ALTER FUNCTION @extschema@.aov_summary_add(@extschema@.aov_summary, numeric, integer, bigint, float8) RENAME TO _aov_summary_add;
ALTER FUNCTION @extschema@.aov_summary_add(@extschema@.aov_summary, numeric, numeric) RENAME TO _aov_summary_add;
ALTER FUNCTION @extschema@.aov_summary_add(@extschema@.aov_summary, numeric, numeric, bigint) RENAME TO _aov_summary_add;
ALTER FUNCTION @extschema@.aov_summary_add(@extschema@.aov_summary, numeric, numeric, bigint, float8) RENAME TO _aov_summary_add;
ALTER FUNCTION @extschema@.aov_summary_add(@extschema@.aov_summary, float8, integer) RENAME TO _aov_summary_add;
ALTER FUNCTION @extschema@.aov_summary_add(@extschema@.aov_summary, float8, integer, bigint) RENAME TO _aov_summary_add;
ALTER FUNCTION @extschema@.aov_summary_add(@extschema@.aov_summary, float8, integer, bigint, float8) RENAME TO _aov_summary_add;
ALTER FUNCTION @extschema@.aov_summary_add(@extschema@.aov_summary, bigint, integer) RENAME TO _aov_summary_add;
ALTER FUNCTION @extschema@.aov_summary_add(@extschema@.aov_summary, bigint, integer, bigint) RENAME TO _aov_summary_add;
ALTER FUNCTION @extschema@.aov_summary_add(@extschema@.aov_summary, bigint, integer, bigint, float8) RENAME TO _aov_summary_add;
ALTER FUNCTION @extschema@.aov_summary_add(@extschema@.aov_summary, integer, integer) RENAME TO _aov_summary_add;
ALTER FUNCTION @extschema@.aov_summary_add(@extschema@.aov_summary, integer, integer, bigint) RENAME TO _aov_summary_add;
ALTER FUNCTION @extschema@.aov_summary_add(@extschema@.aov_summary, integer, integer, bigint, float8) RENAME TO _aov_summary_add;
ALTER FUNCTION @extschema@.aov_basket_lines_add(@extschema@.aov_basket_lines, bigint, bigint) RENAME TO _aov_basket_lines_add;
ALTER FUNCTION @extschema@.aov_basket_lines_add(@extschema@.aov_basket_lines, bigint, bigint, integer) RENAME TO _aov_basket_lines_add;
ALTER FUNCTION @extschema@.aov_basket_lines_add(@extschema@.aov_basket_lines, bigint, text) RENAME TO _aov_basket_lines_add;
ALTER FUNCTION @extschema@.aov_basket_lines_add(@extschema@.aov_basket_lines, bigint, text, integer) RENAME TO _aov_basket_lines_add;

ALTER FUNCTION @extschema@.aov_sample_combine(@extschema@.aov_sample, @extschema@.aov_sample) RENAME TO _aov_sample_combine;
ALTER FUNCTION @extschema@.aov_sample_trimmed_mean_numeric(@extschema@.aov_sample) RENAME TO _aov_sample_trimmed_mean_numeric;
ALTER FUNCTION @extschema@.aov_sample_trimmed_mean_float8(@extschema@.aov_sample) RENAME TO _aov_sample_trimmed_mean_float8;
ALTER FUNCTION @extschema@.aov_counts_combine(@extschema@.aov_counts, @extschema@.aov_counts) RENAME TO _aov_counts_combine;
ALTER FUNCTION @extschema@.aov_counts_top_numeric(@extschema@.aov_counts) RENAME TO _aov_counts_top_numeric;
ALTER FUNCTION @extschema@.aov_counts_top_float8(@extschema@.aov_counts) RENAME TO _aov_counts_top_float8;
ALTER FUNCTION @extschema@.aov_counts_top_bigint(@extschema@.aov_counts) RENAME TO _aov_counts_top_bigint;
ALTER FUNCTION @extschema@.aov_summary_combine(@extschema@.aov_summary, @extschema@.aov_summary) RENAME TO _aov_summary_combine;
ALTER FUNCTION @extschema@.aov_summary_rollup_add(@extschema@.aov_summary, @extschema@.aov_summary) RENAME TO _aov_summary_rollup_add;
ALTER FUNCTION @extschema@.aov_summary_breakdown(@extschema@.aov_summary) RENAME TO _aov_summary_breakdown;
ALTER FUNCTION @extschema@.aov_basket_lines_combine(@extschema@.aov_basket_lines, @extschema@.aov_basket_lines) RENAME TO _aov_basket_lines_combine;
ALTER FUNCTION @extschema@.aov_basket_lines_pairs(@extschema@.aov_basket_lines) RENAME TO _aov_basket_lines_pairs;

-- Helpers of the functions that read a relation: internal names, C code.
ALTER FUNCTION @extschema@.aov_column_type(regclass, name, text) RENAME TO _aov_column_type;
ALTER FUNCTION @extschema@.aov_order_exprs(regclass, name, name, name, name) RENAME TO _aov_order_exprs;
ALTER FUNCTION @extschema@.aov_check_diagnosis_args(numeric, numeric, float8, float8, text) RENAME TO _aov_check_diagnosis_args;
DROP FUNCTION @extschema@.aov_diagnose_stats(@extschema@.aov_test_stats, @extschema@.aov_test_stats, @extschema@.aov_test_stats, @extschema@.aov_test_stats, @extschema@.aov_test_stats, @extschema@.aov_test_stats, @extschema@.aov_test_stats, @extschema@.aov_test_stats, numeric, numeric, float8, float8, text);

CREATE OR REPLACE FUNCTION @extschema@._aov_column_type(rel regclass, col name, hint text)
    RETURNS regtype
    AS 'MODULE_PATHNAME', 'aov_column_type' LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._aov_column_type(regclass, name, text) IS
    'internal: the base type of a column, or an error naming the missing column';

CREATE OR REPLACE FUNCTION @extschema@._aov_order_exprs(
    order_table regclass,
    time_column name,
    revenue_column name,
    items_column name,
    customer_column name,
    OUT t_expr text,
    OUT r_expr text,
    OUT i_expr text,
    OUT c_expr text)
    AS 'MODULE_PATHNAME', 'aov_order_exprs' LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._aov_order_exprs(regclass, name, name, name, name) IS
    'internal: checked SQL expressions for the time, revenue, items and customer columns of an orders relation';
-- The trim fraction and since / until checks of aov_report and the
-- threshold functions (src/relation.c): in C, so that the error comes from
-- the function the user called.  STABLE: the message shows the times in the
-- session's time zone and date style.
CREATE FUNCTION @extschema@._aov_check_trim_window(trim_fraction float8, since timestamptz, until timestamptz)
    RETURNS void
    -- Not STRICT: a NULL is no check.
    AS 'MODULE_PATHNAME', 'aov_check_trim_window' LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._aov_check_trim_window(float8, timestamptz, timestamptz) IS
    'internal: raises the errors of a trim fraction out of [0, 0.5) and of an empty since / until window';

-- uuid and text customer ids are read as their rank among the relation's
-- distinct ids (src/numbering.c): exact (distinct ids, distinct numbers),
-- at the cost of one more pass over the relation.  RESTRICTED: it may read
-- a temporary table.
CREATE FUNCTION @extschema@._aov_customer_number(@extschema@.aov_summary, uuid)
    RETURNS bigint
    AS 'MODULE_PATHNAME', 'aov_customer_number_uuid' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._aov_customer_number(@extschema@.aov_summary, uuid) IS
    'internal: the rank of a uuid customer id among the distinct ids of an aov_summary';
CREATE FUNCTION @extschema@._aov_customer_number(@extschema@.aov_summary, text)
    RETURNS bigint
    AS 'MODULE_PATHNAME', 'aov_customer_number_text' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._aov_customer_number(@extschema@.aov_summary, text) IS
    'internal: the rank of a text customer id among the distinct ids of an aov_summary';
CREATE FUNCTION @extschema@._aov_customer_ids(order_table regclass, customer_column name, c_expr text,
                                              param integer, OUT expr text, OUT ids @extschema@.aov_summary)
LANGUAGE plpgsql STABLE PARALLEL RESTRICTED
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    expr := c_expr;
    IF @extschema@._aov_column_type(order_table, customer_column, '')
       IN ('uuid'::regtype, 'text'::regtype, 'character varying'::regtype, 'character'::regtype) THEN
        EXECUTE format('SELECT @extschema@.aov_summary(0, 0, %s) FROM %s', c_expr, order_table) INTO ids;
        expr := format('@extschema@._aov_customer_number($%s, %s)', param, c_expr);
    END IF;
END
$$;
COMMENT ON FUNCTION @extschema@._aov_customer_ids(regclass, name, text, integer) IS
    'internal: the customer id expression of aov_report and diagnose_aov_drop, uuid and text ids numbered by the distinct ids given as parameter $param';

CREATE OR REPLACE FUNCTION @extschema@._aov_check_diagnosis_args(
    promo_price_baseline numeric, promo_price_current numeric,
    tolerance float8, alpha float8, lang text)
    RETURNS void
    -- Not STRICT: NULLs are what it checks.
    AS 'MODULE_PATHNAME', 'aov_check_diagnosis_args' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._aov_check_diagnosis_args(numeric, numeric, float8, float8, text) IS
    'internal: checks the promo prices, tolerance, significance level and language of a diagnosis';

-- aov_pairs_info returns a named composite type: a record of OUT parameters
-- cannot be sent between Citus nodes.
DROP FUNCTION @extschema@.aov_pairs_info(@extschema@.aov_pairs);
CREATE TYPE @extschema@.aov_pairs_info AS (
    n_orders bigint,
    skipped_orders bigint,
    max_basket integer,
    products bigint,
    pairs_counted bigint);
COMMENT ON TYPE @extschema@.aov_pairs_info IS
    'the result of aov_pairs_info: orders counted and skipped, the basket limit, distinct products and pairs';
CREATE FUNCTION @extschema@.aov_pairs_info(pairs @extschema@.aov_pairs)
    RETURNS @extschema@.aov_pairs_info
AS 'MODULE_PATHNAME', 'aov_pairs_info' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.aov_pairs_info(@extschema@.aov_pairs) IS
    'orders counted, orders skipped for exceeding max_basket, the limit, distinct products and pairs of an aov_pairs value';

-- New internal functions: the diagnosis texts as data, one direction rule,
-- checks shared with the C code, the diagnosis core.
CREATE FUNCTION @extschema@._aov_drop_texts()
    RETURNS TABLE (part text, outcome text, variant text, lang text, body text)
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$ VALUES
    ('explanation', 'no drop', '', 'en', 'AOV did not fall beyond the tolerance and the noise: there is no drop to explain.'),
    ('explanation', 'no drop', '', 'zh', '客单价没有出现超出容差且显著的下降：没有需要解释的下降。'),
    ('explanation', 'no single driver', '', 'en', 'AOV fell, but neither items per order nor unit price fell beyond the tolerance and the noise on its own. The effects show how much each contributed.'),
    ('explanation', 'no single driver', '', 'zh', '客单价下降了，但客单量和客单品价各自都没有出现超出容差且显著的下降。各自的贡献见效应分解。'),
    ('explanation', 'case 1', 'items', 'en', 'Case 1: items per order fell while unit price held and the promo price did not fall.'),
    ('explanation', 'case 1', 'unit price', 'en', 'Case 1: unit price fell while items per order held and the promo price did not fall.'),
    ('explanation', 'case 1', '', 'en', ' Likely objective factors (season, income) or the promotion plan: the brand equity of the promoted items, an offer too weak, or targeting off.'),
    ('explanation', 'case 1', 'items', 'zh', '情况一：客单量减少，但客单品价没有变化，促销品均价也没有下降。'),
    ('explanation', 'case 1', 'unit price', 'zh', '情况一：客单品价下降，但客单量没有变化，促销品均价也没有下降。'),
    ('explanation', 'case 1', '', 'zh', '可能是季节、收入等影响顾客购买行为的客观因素发生变化，或促销方案出现问题：促销品品牌资产下降、与顾客偏好差异较大、促销政策缺乏力度或推广定位不够准确。'),
    ('explanation', 'case 2', '', 'en', 'Case 2: items per order did not fall but the average price of the promoted items did, taking unit price down. The price standard used to select promoted items slipped first; the promotion policy and targeting may add to it.'),
    ('explanation', 'case 2', '', 'zh', '情况二：客单量没有明显变化，但促销品均价降低，带动客单品价下降。首先是挑选促销品时的价格标准出现问题；其次仍需关注促销政策与推广措施。'),
    ('explanation', 'case 3', '', 'en', 'Case 3: items per order and unit price both fell while the promo price did not fall. Objective factors first, as in case 1; then the brand standard of the promoted items, the promotion policy and the targeting.'),
    ('explanation', 'case 3', '', 'zh', '情况三：客单量和客单品价均下降，而促销品均价没有下降。首先分析是否存在情况一中的客观原因；排除后，从促销品的品牌选择标准、促销政策和推广措施三方面诊断。'),
    ('explanation', 'case 4', '', 'en', 'Case 4: items per order and the promo price both fell. The most complex case: any of the causes above may act. Simply raising the promo price (re-selecting promoted items) rarely works on its own.'),
    ('explanation', 'case 4', '', 'zh', '情况四：客单量和促销品均价都下降，这是最复杂的情况，以上各种因素都可能发生。仅仅马上提高促销品均价（重新挑选促销品），结果往往不尽人意。'),
    ('explanation', 'trade-off', 'items', 'en', 'Trade-off: items per order fell while unit price rose (fewer but dearer items).'),
    ('explanation', 'trade-off', 'unit price', 'en', 'Trade-off: unit price fell while items per order rose (more but cheaper items).'),
    ('explanation', 'trade-off', '', 'en', ' The basket changed shape; this is none of the four cases.'),
    ('explanation', 'trade-off', 'items', 'zh', '此消彼长：客单量下降而客单品价上升（买得少但更贵）。'),
    ('explanation', 'trade-off', 'unit price', 'zh', '此消彼长：客单品价下降而客单量上升（买得多但更便宜）。'),
    ('explanation', 'trade-off', '', 'zh', '购物篮结构发生了变化，不属于四种情况中的任何一种。'),
    ('explanation', 'promo price needed', '', 'en', 'The promo price was not given, and the case depends on it: %s if the promoted items got cheaper, %s otherwise.'),
    ('explanation', 'promo price needed', '', 'zh', '未提供促销品均价，而情况取决于它：若促销品均价下降则为%s，否则为%s。'),
    ('explanation', 'not comparable', '', 'en', 'Not comparable: this scope has no orders, no items or no positive revenue in one of the periods.'),
    ('explanation', 'not comparable', '', 'zh', '无法比较：该范围在某一时期没有订单，或没有件数、没有正的销售额。'),
    ('explanation', 'segment mix', '', 'en', 'Segment mix: the shares of new, returning and guest orders moved, and this mix effect outweighs the changes within the segments (Simpson''s paradox).'),
    ('explanation', 'segment mix', '', 'zh', '客户结构变化：新客、老客、游客的订单占比发生了变化，结构效应（mix_effect）大于各分组内部的变化（within_effect），总客单价因此下降（辛普森悖论）。'),
    ('note', 'no drop', 'promo down', 'en', ' The promoted items got cheaper without lowering AOV yet; watch the price standard of the next selection.'),
    ('note', 'no drop', 'promo down', 'zh', '促销品均价已下降但尚未拉低客单价；请关注下一次选品的价格标准。'),
    ('note', 'drop', 'promo up', 'en', ' The promoted items got dearer, so their price did not cause the drop.'),
    ('note', 'drop', 'promo up', 'zh', '促销品均价上升，因此下降并非由促销品价格引起。'),
    ('checks', 'no drop', '', 'en', 'Nothing to check for this scope.'),
    ('checks', 'no drop', '', 'zh', '该范围无需检查。'),
    ('checks', 'no single driver', '', 'en', 'Compare a longer period, or test trimmed means (trim_fraction) if a few large orders add noise.'),
    ('checks', 'no single driver', '', 'zh', '对比更长的时期；如果少数大额订单带来噪声，可检验截尾均值（trim_fraction）。'),
    ('checks', 'case 1', '', 'en', 'Compare with last month and with the main competitors'' promotions in the same month.'),
    ('checks', 'case 1', '', 'zh', '参考上月情况以及当月主要竞争对手的促销情况，判断促销政策和推广措施是否存在问题。'),
    ('checks', 'case 2', '', 'en', 'Check the price floor used to select promoted items first, then the promotion policy and targeting.'),
    ('checks', 'case 2', '', 'zh', '先检查挑选促销品的价格标准（价格底线），再检查促销政策和推广定位。'),
    ('checks', 'case 3', '', 'en', 'As case 1 (last month, competitors'' promotions), plus the brand selection standard of the promoted items.'),
    ('checks', 'case 3', '', 'zh', '同情况一（对比上月与竞争对手当月的促销），并检查促销品的品牌选择标准。'),
    ('checks', 'case 4', '', 'en', 'Rule out objective factors first; then check the brand standard of the promoted items, the promotion policy and the targeting before re-selecting promoted items.'),
    ('checks', 'case 4', '', 'zh', '先诊断客观因素；再检查促销品的品牌选择标准、促销政策和推广定位的有效性，而不是只重新挑选促销品。'),
    ('checks', 'trade-off', '', 'en', 'Look at the product mix: which categories gained and which lost; compare the most frequent items per order and unit prices (aov_breakdown''s _top fields).'),
    ('checks', 'trade-off', '', 'zh', '查看商品结构：哪些品类增加、哪些减少；对比占比最高的客单量和客单品价（aov_breakdown 的 _top 字段）。'),
    ('checks', 'promo price needed', '', 'en', 'Give the average price of the promoted items for both periods (promo_price_baseline and promo_price_current, or promo_table).'),
    ('checks', 'promo price needed', '', 'zh', '请提供两个时期的促销品均价（promo_price_baseline 和 promo_price_current，或 promo_table）。'),
    ('checks', 'not comparable', '', 'en', 'See orders_before and orders_after: a segment absent from one period has nothing to compare.'),
    ('checks', 'not comparable', '', 'zh', '查看 orders_before 和 orders_after：某一时期缺失的分组无从比较。'),
    ('checks', 'segment mix', '', 'en', 'See the segment rows: which segment''s share grew (an acquisition campaign brings more new customers, whose baskets are smaller), and judge each segment on its own row.'),
    ('checks', 'segment mix', '', 'zh', '查看各分组行：哪个分组的占比上升（例如拉新活动带来更多客单价较低的新客），并按分组分别判断。'),
    ('checks', 'any', 'untested', 'en', ' (The summaries hold no per-order values, so no test was run: directions follow the tolerance alone.)'),
    ('checks', 'any', 'untested', 'zh', '（摘要不含逐单数据，未做显著性检验：方向仅按容差判断。）'),
    ('checks', 'any', 'few', 'en', ' (Too few orders to test some changes; those count as flat.)'),
    ('checks', 'any', 'few', 'zh', '（订单太少，无法检验：未检验的变化按持平处理。）'),
    ('name', 'case 1', '', 'zh', '情况一'),
    ('name', 'case 2', '', 'zh', '情况二'),
    ('name', 'case 3', '', 'zh', '情况三'),
    ('name', 'case 4', '', 'zh', '情况四'),
    ('name', 'trade-off', '', 'zh', '此消彼长'),
    ('lever', 'new', '', 'en', 'Raise unit price: upsell to better-selling, well-reviewed items while keeping a base of best sellers. Basket-size tactics work poorly on new customers, who do not trust the shop yet.'),
    ('lever', 'new', '', 'zh', '提高客单品价：在热销、美誉度高的商品中选择单价更高的商品促销，同时保证热销品的基本比例；新客户对商家信任度不足，提高客单量的策略基本不奏效。'),
    ('lever', 'returning', '', 'en', 'Raise items per order: cross-sell related items (2-3 parallel offers at most) and bundles; see aov_cross_sell and aov_bundles.'),
    ('lever', 'returning', '', 'zh', '提高客单量：同期推出一组不同但高度相关的商品促销（同类最多2~3个），以及套装销售（见 aov_cross_sell 和 aov_bundles）。'),
    ('lever', 'guest', '', 'en', 'Raise unit price, as for new customers: a guest has no history with the shop.'),
    ('lever', 'guest', '', 'zh', '与新客户相同，提高客单品价：游客与店铺没有交易历史。'),
    ('lever', 'all', '', 'en', 'Act per segment: see the new and returning rows.'),
    ('lever', 'all', '', 'zh', '按客户分组行动：见新客和老客两行。')
$$;
COMMENT ON FUNCTION @extschema@._aov_drop_texts() IS
    'internal: the texts of the AOV drop decision table and diagnosis, in English and Chinese';

CREATE FUNCTION @extschema@._aov_text(part text, outcome text, variant text, lang text)
    RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT t.body FROM @extschema@._aov_drop_texts() t
     WHERE t.part = $1 AND t.outcome = $2 AND t.variant = $3 AND t.lang = lower($4)
$$;
COMMENT ON FUNCTION @extschema@._aov_text(text, text, text, text) IS
    'internal: one text of the AOV drop decision table or diagnosis';

CREATE FUNCTION @extschema@._aov_direction(rel_change float8, p_value float8, tested boolean,
                                           tolerance float8, alpha float8)
    RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT CASE
        WHEN rel_change IS NULL OR abs(rel_change) <= tolerance THEN 'flat'
        WHEN tested AND coalesce(p_value >= alpha, true) THEN 'flat'
        WHEN rel_change < 0 THEN 'down' ELSE 'up' END
$$;
COMMENT ON FUNCTION @extschema@._aov_direction(float8, float8, boolean, float8, float8) IS
    'internal: down, flat or up, from a relative change, its p-value, the tolerance and the significance level';

CREATE FUNCTION @extschema@._aov_check_periods(baseline @extschema@.aov_test_stats,
                                               current @extschema@.aov_test_stats)
    RETURNS void
    -- Not STRICT: a NULL is a period without orders.
    AS 'MODULE_PATHNAME', 'aov_check_periods' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._aov_check_periods(@extschema@.aov_test_stats, @extschema@.aov_test_stats) IS
    'internal: an error unless both periods of a diagnosis have orders';

CREATE FUNCTION @extschema@._aov_diagnose(
    new_baseline @extschema@.aov_test_stats,
    new_current @extschema@.aov_test_stats,
    returning_baseline @extschema@.aov_test_stats,
    returning_current @extschema@.aov_test_stats,
    guest_baseline @extschema@.aov_test_stats,
    guest_current @extschema@.aov_test_stats,
    all_baseline @extschema@.aov_test_stats,
    all_current @extschema@.aov_test_stats,
    promo_price_baseline numeric,
    promo_price_current numeric,
    tolerance float8,
    alpha float8,
    lang text)
    RETURNS SETOF @extschema@.aov_diagnosis
-- Not STRICT: a NULL is a segment without orders in that period, and NULL
-- promo prices mean the promo price is unknown.
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    l text := lower(lang);
    scopes text[] := ARRAY['all', 'new', 'returning', 'guest'];
    base @extschema@.aov_test_stats[] := ARRAY[all_baseline, new_baseline, returning_baseline, guest_baseline];
    cur @extschema@.aov_test_stats[] := ARRAY[all_current, new_current, returning_current, guest_current];
    cmp @extschema@.aov_comparison[] := '{}';
    c @extschema@.aov_comparison;
    d @extschema@.aov_diagnosis;
    o record;
    promo_rel float8;
    promo_dir text;
    tested boolean;
    n0 numeric;
    n1 numeric;
    a0 numeric;
    a1 numeric;
    mix numeric;
    lmdi numeric;
    delta_scale int;
BEGIN
    FOR k IN 1 .. 4 LOOP
        c := @extschema@.aov_compare(coalesce(base[k], cur[k]), coalesce(cur[k], base[k]));
        -- a segment missing from a period has no orders there
        c.orders_before := CASE WHEN base[k] IS NULL THEN 0 ELSE c.orders_before END;
        c.orders_after := CASE WHEN cur[k] IS NULL THEN 0 ELSE c.orders_after END;
        cmp := cmp || c;
    END LOOP;

    IF promo_price_baseline IS NOT NULL THEN
        -- the promo price describes the campaign, not a sample: no test
        promo_rel := (promo_price_current / promo_price_baseline - 1)::float8;
        promo_dir := @extschema@._aov_direction(promo_rel, NULL, false, tolerance, alpha);
    END IF;

    FOR k IN 1 .. 4 LOOP
        c := cmp[k];
        d := NULL;
        d.scope := scopes[k];
        d.orders_before := c.orders_before;
        d.orders_after := c.orders_after;
        d.share_before := c.orders_before::float8 / cmp[1].orders_before;
        d.share_after := c.orders_after::float8 / cmp[1].orders_after;
        d.promo_price_before := promo_price_baseline;
        d.promo_price_after := promo_price_current;
        d.promo_price_rel_change := promo_rel;
        d.promo_price_direction := promo_dir;
        d.test := c.test;
        d.lever := @extschema@._aov_text('lever', d.scope, '', l);

        IF c.orders_before = 0 OR c.orders_after = 0
           OR NOT (c.aov_before > 0 AND c.aov_after > 0
                   AND c.items_per_order_before > 0 AND c.items_per_order_after > 0) THEN
            -- nothing to divide by: a documented row, never a division by zero
            IF c.orders_before > 0 THEN
                d.aov_before := c.aov_before;
                d.items_per_order_before := c.items_per_order_before;
                d.unit_price_before := c.unit_price_before;
            END IF;
            IF c.orders_after > 0 THEN
                d.aov_after := c.aov_after;
                d.items_per_order_after := c.items_per_order_after;
                d.unit_price_after := c.unit_price_after;
            END IF;
            d.aov_change := d.aov_after - d.aov_before;
            d.outcome := 'not comparable';
            d.cases := '{}';
            d.explanation := @extschema@._aov_text('explanation', 'not comparable', '', l);
            d.checks := @extschema@._aov_text('checks', 'not comparable', '', l);
            RETURN NEXT d;
            CONTINUE;
        END IF;

        d.aov_before := c.aov_before;
        d.aov_after := c.aov_after;
        d.aov_change := c.aov_after - c.aov_before;
        -- the relative changes of what the tests compare: plain figures,
        -- or with a trim fraction the trimmed means (the typical order)
        d.aov_rel_change := c.aov_rel_change;
        d.aov_p_value := c.aov_p_value;
        d.items_per_order_before := c.items_per_order_before;
        d.items_per_order_after := c.items_per_order_after;
        d.items_per_order_rel_change := c.items_per_order_rel_change;
        d.items_per_order_p_value := c.items_per_order_p_value;
        d.unit_price_before := c.unit_price_before;
        d.unit_price_after := c.unit_price_after;
        d.unit_price_rel_change := c.unit_price_rel_change;
        d.unit_price_p_value := c.unit_price_p_value;

        tested := c.test <> 'none';
        d.aov_direction := @extschema@._aov_direction(d.aov_rel_change, c.aov_p_value,
                                                      tested, tolerance, alpha);
        d.items_per_order_direction := @extschema@._aov_direction(d.items_per_order_rel_change,
                                                                  c.items_per_order_p_value,
                                                                  tested, tolerance, alpha);
        d.unit_price_direction := @extschema@._aov_direction(d.unit_price_rel_change,
                                                             c.unit_price_p_value,
                                                             tested, tolerance, alpha);

        o := @extschema@.aov_drop_outcome(d.aov_direction, d.items_per_order_direction,
                                          d.unit_price_direction, promo_dir, l);
        d.outcome := o.outcome;
        d.cases := o.cases;
        d.explanation := o.explanation;
        d.checks := o.checks || coalesce(CASE
            WHEN NOT tested THEN @extschema@._aov_text('checks', 'any', 'untested', l)
            WHEN c.aov_p_value IS NULL OR c.items_per_order_p_value IS NULL
                 OR c.unit_price_p_value IS NULL THEN @extschema@._aov_text('checks', 'any', 'few', l)
            END, '');

        -- LMDI: L(A1, A0) ln(UP1/UP0) + L(A1, A0) ln(IPO1/IPO0) = A1 - A0.
        -- The identity A = UP x IPO makes the two logs sum to ln(A1/A0);
        -- the items-per-order part takes the rounding remainder, so the two
        -- printed parts sum exactly to the printed aov_change.
        delta_scale := scale(d.aov_change);
        lmdi := CASE WHEN c.aov_after = c.aov_before THEN c.aov_before
                     ELSE d.aov_change / (ln(c.aov_after) - ln(c.aov_before)) END;
        d.unit_price_effect := round(lmdi * ln(c.unit_price_after / c.unit_price_before), delta_scale);
        d.items_per_order_effect := d.aov_change - d.unit_price_effect;

        IF k = 1 THEN
            -- Mix vs within: sum over segments of (w1 - w0)(A0 + A1)/2 and
            -- (w0 + w1)/2 (A1 - A0).  A segment absent from one period takes
            -- its other period's AOV there, so its whole presence counts as
            -- mix; within is the remainder, so the two sum exactly.
            mix := 0;
            FOR j IN 2 .. 4 LOOP
                CONTINUE WHEN cmp[j].orders_before = 0 AND cmp[j].orders_after = 0;
                n0 := cmp[j].orders_before;
                n1 := cmp[j].orders_after;
                a0 := coalesce(CASE WHEN n0 > 0 THEN cmp[j].aov_before END, cmp[j].aov_after);
                a1 := coalesce(CASE WHEN n1 > 0 THEN cmp[j].aov_after END, cmp[j].aov_before);
                mix := mix + (n1 / cmp[1].orders_after - n0 / cmp[1].orders_before) * (a0 + a1) / 2;
            END LOOP;
            d.mix_effect := round(mix, delta_scale);
            d.within_effect := d.aov_change - d.mix_effect;
            -- Simpson's paradox: the total fell mostly because the shares moved
            IF d.aov_direction = 'down' AND d.mix_effect < 0
               AND abs(d.mix_effect) > abs(d.within_effect) THEN
                d.outcome := 'segment mix';
                d.cases := '{}';
                d.explanation := @extschema@._aov_text('explanation', 'segment mix', '', l);
                d.checks := @extschema@._aov_text('checks', 'segment mix', '', l);
            END IF;
        END IF;
        RETURN NEXT d;
    END LOOP;
END
$$;
COMMENT ON FUNCTION @extschema@._aov_diagnose(@extschema@.aov_test_stats, @extschema@.aov_test_stats, @extschema@.aov_test_stats, @extschema@.aov_test_stats, @extschema@.aov_test_stats, @extschema@.aov_test_stats, @extschema@.aov_test_stats, @extschema@.aov_test_stats, numeric, numeric, float8, float8, text) IS
    'internal: the diagnosis of diagnose_aov_drop from the test statistics of each segment and of all orders, per period';

CREATE FUNCTION @extschema@._aov_check_pair_args(min_count bigint, min_support float8, max_basket integer)
    RETURNS void
    -- Not STRICT: NULLs are what it checks.
    AS 'MODULE_PATHNAME', 'aov_check_pair_args' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._aov_check_pair_args(bigint, float8, integer) IS
    'internal: checks the floors and the basket size limit of a pair table';

CREATE FUNCTION @extschema@._aov_call_final(aggregate regprocedure, state anyelement)
    RETURNS text
    AS 'MODULE_PATHNAME', 'aov_call_final' LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._aov_call_final(regprocedure, anyelement) IS
    'internal, for tests: the text of what an aov_ext aggregate''s final function returns for a state when called without a call expression, as Citus calls it';

-- New types and aggregates of aov_report and diagnose_aov_drop: the first
-- orders, and the orders per period and segment in one pass.
-- The first order of every customer, as one value (src/firsts.c): an
-- aggregate whose state is the result, and lookups that answer per order.
-- The lookups are STABLE: a period follows the TimeZone setting.
CREATE TYPE @extschema@.aov_firsts;
CREATE FUNCTION @extschema@._aov_firsts_in(cstring) RETURNS @extschema@.aov_firsts
    AS 'MODULE_PATHNAME', 'aov_firsts_in' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@._aov_firsts_out(@extschema@.aov_firsts) RETURNS cstring
    AS 'MODULE_PATHNAME', 'aov_firsts_out' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@._aov_firsts_recv(internal) RETURNS @extschema@.aov_firsts
    AS 'MODULE_PATHNAME', 'aov_firsts_recv' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@._aov_firsts_send(@extschema@.aov_firsts) RETURNS bytea
    AS 'MODULE_PATHNAME', 'aov_firsts_send' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE TYPE @extschema@.aov_firsts (
    INPUT = @extschema@._aov_firsts_in,
    OUTPUT = @extschema@._aov_firsts_out,
    RECEIVE = @extschema@._aov_firsts_recv,
    SEND = @extschema@._aov_firsts_send,
    INTERNALLENGTH = VARIABLE,
    ALIGNMENT = double,
    STORAGE = extended
);
COMMENT ON TYPE @extschema@.aov_firsts IS 'internal to aov_report and diagnose_aov_drop: the time of the first order of each customer';
COMMENT ON FUNCTION @extschema@._aov_firsts_in(cstring) IS 'aov_firsts input function';
COMMENT ON FUNCTION @extschema@._aov_firsts_out(@extschema@.aov_firsts) IS 'aov_firsts output function';
COMMENT ON FUNCTION @extschema@._aov_firsts_recv(internal) IS 'aov_firsts binary input function';
COMMENT ON FUNCTION @extschema@._aov_firsts_send(@extschema@.aov_firsts) IS 'aov_firsts binary output function';
CREATE FUNCTION @extschema@._aov_firsts_add(@extschema@.aov_firsts, bigint, timestamptz)
    RETURNS @extschema@.aov_firsts
    AS 'MODULE_PATHNAME', 'aov_firsts_add' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._aov_firsts_add(@extschema@.aov_firsts, bigint, timestamptz) IS
    'internal: _aov_firsts transition function';
CREATE FUNCTION @extschema@._aov_firsts_combine(@extschema@.aov_firsts, @extschema@.aov_firsts)
    RETURNS @extschema@.aov_firsts
    AS 'MODULE_PATHNAME', 'aov_firsts_combine' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._aov_firsts_combine(@extschema@.aov_firsts, @extschema@.aov_firsts) IS
    'internal: _aov_firsts combine function';
CREATE AGGREGATE @extschema@._aov_firsts(bigint, timestamptz) (
    SFUNC = @extschema@._aov_firsts_add,
    STYPE = @extschema@.aov_firsts,
    COMBINEFUNC = @extschema@._aov_firsts_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@._aov_firsts(bigint, timestamptz) IS
    'internal: the earliest order time of each customer id (NULL ids and times skipped; -infinity and infinity are times)';
CREATE FUNCTION @extschema@._aov_first_order(@extschema@.aov_firsts, bigint)
    RETURNS timestamptz
    AS 'MODULE_PATHNAME', 'aov_first_order' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._aov_first_order(@extschema@.aov_firsts, bigint) IS
    'internal: the first order time of a customer id in an aov_firsts value (NULL when it has none)';

-- The orders summarized per period and segment in one pass (src/segments.c):
-- an aggregate without GROUP BY, so that it runs in parallel (and on Citus
-- shards) whatever the planner estimates of the groups, and the groups as
-- rows.  The periods are a granularity, or the baseline and current ranges
-- of a diagnosis; STABLE: periods follow the TimeZone setting.
CREATE TYPE @extschema@.aov_segments;
CREATE FUNCTION @extschema@._aov_segments_in(cstring) RETURNS @extschema@.aov_segments
    AS 'MODULE_PATHNAME', 'aov_segments_in' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@._aov_segments_out(@extschema@.aov_segments) RETURNS cstring
    AS 'MODULE_PATHNAME', 'aov_segments_out' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@._aov_segments_recv(internal) RETURNS @extschema@.aov_segments
    AS 'MODULE_PATHNAME', 'aov_segments_recv' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@._aov_segments_send(@extschema@.aov_segments) RETURNS bytea
    AS 'MODULE_PATHNAME', 'aov_segments_send' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE TYPE @extschema@.aov_segments (
    INPUT = @extschema@._aov_segments_in,
    OUTPUT = @extschema@._aov_segments_out,
    RECEIVE = @extschema@._aov_segments_recv,
    SEND = @extschema@._aov_segments_send,
    INTERNALLENGTH = VARIABLE,
    ALIGNMENT = double,
    STORAGE = extended
);
COMMENT ON TYPE @extschema@.aov_segments IS 'internal to aov_report and diagnose_aov_drop: orders summarized per period and customer segment';
COMMENT ON FUNCTION @extschema@._aov_segments_in(cstring) IS 'aov_segments input function';
COMMENT ON FUNCTION @extschema@._aov_segments_out(@extschema@.aov_segments) IS 'aov_segments output function';
COMMENT ON FUNCTION @extschema@._aov_segments_recv(internal) IS 'aov_segments binary input function';
COMMENT ON FUNCTION @extschema@._aov_segments_send(@extschema@.aov_segments) IS 'aov_segments binary output function';
CREATE FUNCTION @extschema@._aov_segments_combine(@extschema@.aov_segments, @extschema@.aov_segments)
    RETURNS @extschema@.aov_segments
    AS 'MODULE_PATHNAME', 'aov_segments_combine' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._aov_segments_combine(@extschema@.aov_segments, @extschema@.aov_segments) IS
    'internal: _aov_segments combine function';
CREATE FUNCTION @extschema@._aov_segments_rows(@extschema@.aov_segments,
    OUT range integer, OUT period timestamptz, OUT segment text, OUT summary @extschema@.aov_summary)
    RETURNS SETOF record
    AS 'MODULE_PATHNAME', 'aov_segments_rows' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 40;
COMMENT ON FUNCTION @extschema@._aov_segments_rows(@extschema@.aov_segments) IS
    'internal: the groups of an aov_segments value as rows: range (1 baseline, 2 current, NULL for a granularity), period start, segment, summary';
CREATE FUNCTION @extschema@._aov_segments_add(@extschema@.aov_segments, text,
                                              timestamptz, numeric, integer, bigint, timestamptz, float8)
    RETURNS @extschema@.aov_segments
    AS 'MODULE_PATHNAME', 'aov_segments_add_numeric_int4' LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._aov_segments_add(@extschema@.aov_segments, text,
                                                  timestamptz, numeric, integer, bigint, timestamptz, float8) IS
    'internal: _aov_segments transition function';
CREATE AGGREGATE @extschema@._aov_segments(text,
                                           timestamptz, numeric, integer, bigint, timestamptz, float8) (
    SFUNC = @extschema@._aov_segments_add,
    STYPE = @extschema@.aov_segments,
    COMBINEFUNC = @extschema@._aov_segments_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@._aov_segments(text,
                                               timestamptz, numeric, integer, bigint, timestamptz, float8) IS
    'internal: orders (time, revenue, items, customer id, the customer''s first order time) summarized per period and segment, given the periods and a trim fraction';
CREATE FUNCTION @extschema@._aov_segments_add(@extschema@.aov_segments, text,
                                              timestamptz, numeric, numeric, bigint, timestamptz, float8)
    RETURNS @extschema@.aov_segments
    AS 'MODULE_PATHNAME', 'aov_segments_add_numeric_numeric' LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._aov_segments_add(@extschema@.aov_segments, text,
                                                  timestamptz, numeric, numeric, bigint, timestamptz, float8) IS
    'internal: _aov_segments transition function';
CREATE AGGREGATE @extschema@._aov_segments(text,
                                           timestamptz, numeric, numeric, bigint, timestamptz, float8) (
    SFUNC = @extschema@._aov_segments_add,
    STYPE = @extschema@.aov_segments,
    COMBINEFUNC = @extschema@._aov_segments_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@._aov_segments(text,
                                               timestamptz, numeric, numeric, bigint, timestamptz, float8) IS
    'internal: orders (time, revenue, items, customer id, the customer''s first order time) summarized per period and segment, given the periods and a trim fraction';
CREATE FUNCTION @extschema@._aov_segments_add(@extschema@.aov_segments, text,
                                              timestamptz, float8, integer, bigint, timestamptz, float8)
    RETURNS @extschema@.aov_segments
    AS 'MODULE_PATHNAME', 'aov_segments_add_float8_int4' LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._aov_segments_add(@extschema@.aov_segments, text,
                                                  timestamptz, float8, integer, bigint, timestamptz, float8) IS
    'internal: _aov_segments transition function';
CREATE AGGREGATE @extschema@._aov_segments(text,
                                           timestamptz, float8, integer, bigint, timestamptz, float8) (
    SFUNC = @extschema@._aov_segments_add,
    STYPE = @extschema@.aov_segments,
    COMBINEFUNC = @extschema@._aov_segments_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@._aov_segments(text,
                                               timestamptz, float8, integer, bigint, timestamptz, float8) IS
    'internal: orders (time, revenue, items, customer id, the customer''s first order time) summarized per period and segment, given the periods and a trim fraction';
CREATE FUNCTION @extschema@._aov_segments_add(@extschema@.aov_segments, text,
                                              timestamptz, bigint, integer, bigint, timestamptz, float8)
    RETURNS @extschema@.aov_segments
    AS 'MODULE_PATHNAME', 'aov_segments_add_int8_int4' LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._aov_segments_add(@extschema@.aov_segments, text,
                                                  timestamptz, bigint, integer, bigint, timestamptz, float8) IS
    'internal: _aov_segments transition function';
CREATE AGGREGATE @extschema@._aov_segments(text,
                                           timestamptz, bigint, integer, bigint, timestamptz, float8) (
    SFUNC = @extschema@._aov_segments_add,
    STYPE = @extschema@.aov_segments,
    COMBINEFUNC = @extschema@._aov_segments_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@._aov_segments(text,
                                               timestamptz, bigint, integer, bigint, timestamptz, float8) IS
    'internal: orders (time, revenue, items, customer id, the customer''s first order time) summarized per period and segment, given the periods and a trim fraction';
CREATE FUNCTION @extschema@._aov_segments_add(@extschema@.aov_segments, text,
                                              timestamptz, integer, integer, bigint, timestamptz, float8)
    RETURNS @extschema@.aov_segments
    AS 'MODULE_PATHNAME', 'aov_segments_add_int4_int4' LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._aov_segments_add(@extschema@.aov_segments, text,
                                                  timestamptz, integer, integer, bigint, timestamptz, float8) IS
    'internal: _aov_segments transition function';
CREATE AGGREGATE @extschema@._aov_segments(text,
                                           timestamptz, integer, integer, bigint, timestamptz, float8) (
    SFUNC = @extschema@._aov_segments_add,
    STYPE = @extschema@.aov_segments,
    COMBINEFUNC = @extschema@._aov_segments_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@._aov_segments(text,
                                               timestamptz, integer, integer, bigint, timestamptz, float8) IS
    'internal: orders (time, revenue, items, customer id, the customer''s first order time) summarized per period and segment, given the periods and a trim fraction';
CREATE FUNCTION @extschema@._aov_segments_add(@extschema@.aov_segments, tstzrange, tstzrange,
                                              timestamptz, numeric, integer, bigint, timestamptz, float8)
    RETURNS @extschema@.aov_segments
    AS 'MODULE_PATHNAME', 'aov_segments_add_numeric_int4' LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._aov_segments_add(@extschema@.aov_segments, tstzrange, tstzrange,
                                                  timestamptz, numeric, integer, bigint, timestamptz, float8) IS
    'internal: _aov_segments transition function';
CREATE AGGREGATE @extschema@._aov_segments(tstzrange, tstzrange,
                                           timestamptz, numeric, integer, bigint, timestamptz, float8) (
    SFUNC = @extschema@._aov_segments_add,
    STYPE = @extschema@.aov_segments,
    COMBINEFUNC = @extschema@._aov_segments_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@._aov_segments(tstzrange, tstzrange,
                                               timestamptz, numeric, integer, bigint, timestamptz, float8) IS
    'internal: orders (time, revenue, items, customer id, the customer''s first order time) summarized per period and segment, given the periods and a trim fraction';
CREATE FUNCTION @extschema@._aov_segments_add(@extschema@.aov_segments, tstzrange, tstzrange,
                                              timestamptz, numeric, numeric, bigint, timestamptz, float8)
    RETURNS @extschema@.aov_segments
    AS 'MODULE_PATHNAME', 'aov_segments_add_numeric_numeric' LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._aov_segments_add(@extschema@.aov_segments, tstzrange, tstzrange,
                                                  timestamptz, numeric, numeric, bigint, timestamptz, float8) IS
    'internal: _aov_segments transition function';
CREATE AGGREGATE @extschema@._aov_segments(tstzrange, tstzrange,
                                           timestamptz, numeric, numeric, bigint, timestamptz, float8) (
    SFUNC = @extschema@._aov_segments_add,
    STYPE = @extschema@.aov_segments,
    COMBINEFUNC = @extschema@._aov_segments_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@._aov_segments(tstzrange, tstzrange,
                                               timestamptz, numeric, numeric, bigint, timestamptz, float8) IS
    'internal: orders (time, revenue, items, customer id, the customer''s first order time) summarized per period and segment, given the periods and a trim fraction';
CREATE FUNCTION @extschema@._aov_segments_add(@extschema@.aov_segments, tstzrange, tstzrange,
                                              timestamptz, float8, integer, bigint, timestamptz, float8)
    RETURNS @extschema@.aov_segments
    AS 'MODULE_PATHNAME', 'aov_segments_add_float8_int4' LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._aov_segments_add(@extschema@.aov_segments, tstzrange, tstzrange,
                                                  timestamptz, float8, integer, bigint, timestamptz, float8) IS
    'internal: _aov_segments transition function';
CREATE AGGREGATE @extschema@._aov_segments(tstzrange, tstzrange,
                                           timestamptz, float8, integer, bigint, timestamptz, float8) (
    SFUNC = @extschema@._aov_segments_add,
    STYPE = @extschema@.aov_segments,
    COMBINEFUNC = @extschema@._aov_segments_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@._aov_segments(tstzrange, tstzrange,
                                               timestamptz, float8, integer, bigint, timestamptz, float8) IS
    'internal: orders (time, revenue, items, customer id, the customer''s first order time) summarized per period and segment, given the periods and a trim fraction';
CREATE FUNCTION @extschema@._aov_segments_add(@extschema@.aov_segments, tstzrange, tstzrange,
                                              timestamptz, bigint, integer, bigint, timestamptz, float8)
    RETURNS @extschema@.aov_segments
    AS 'MODULE_PATHNAME', 'aov_segments_add_int8_int4' LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._aov_segments_add(@extschema@.aov_segments, tstzrange, tstzrange,
                                                  timestamptz, bigint, integer, bigint, timestamptz, float8) IS
    'internal: _aov_segments transition function';
CREATE AGGREGATE @extschema@._aov_segments(tstzrange, tstzrange,
                                           timestamptz, bigint, integer, bigint, timestamptz, float8) (
    SFUNC = @extschema@._aov_segments_add,
    STYPE = @extschema@.aov_segments,
    COMBINEFUNC = @extschema@._aov_segments_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@._aov_segments(tstzrange, tstzrange,
                                               timestamptz, bigint, integer, bigint, timestamptz, float8) IS
    'internal: orders (time, revenue, items, customer id, the customer''s first order time) summarized per period and segment, given the periods and a trim fraction';
CREATE FUNCTION @extschema@._aov_segments_add(@extschema@.aov_segments, tstzrange, tstzrange,
                                              timestamptz, integer, integer, bigint, timestamptz, float8)
    RETURNS @extschema@.aov_segments
    AS 'MODULE_PATHNAME', 'aov_segments_add_int4_int4' LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._aov_segments_add(@extschema@.aov_segments, tstzrange, tstzrange,
                                                  timestamptz, integer, integer, bigint, timestamptz, float8) IS
    'internal: _aov_segments transition function';
CREATE AGGREGATE @extschema@._aov_segments(tstzrange, tstzrange,
                                           timestamptz, integer, integer, bigint, timestamptz, float8) (
    SFUNC = @extschema@._aov_segments_add,
    STYPE = @extschema@.aov_segments,
    COMBINEFUNC = @extschema@._aov_segments_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@._aov_segments(tstzrange, tstzrange,
                                               timestamptz, integer, integer, bigint, timestamptz, float8) IS
    'internal: orders (time, revenue, items, customer id, the customer''s first order time) summarized per period and segment, given the periods and a trim fraction';

-- The functions that call the renamed helpers.
CREATE OR REPLACE FUNCTION @extschema@.aov_report(
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
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    g text := lower(granularity);
    e record;
    cid record;
BEGIN
    IF order_table IS NULL THEN
        RAISE EXCEPTION 'order table must not be null'
            USING ERRCODE = 'null_value_not_allowed';
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
    PERFORM @extschema@._aov_check_trim_window(trim_fraction, since, until);

    e := @extschema@._aov_order_exprs(order_table, time_column, revenue_column, items_column, customer_column);
    cid := @extschema@._aov_customer_ids(order_table, customer_column, e.c_expr, 5);

    -- Two passes over the relation, each a plain aggregate that runs in
    -- parallel: the first order of every customer (_aov_firsts), then every
    -- order of the range summarized into its period and segment
    -- (_aov_segments).  A period's 'all' row is the rollup of its segments,
    -- exactly the summary of all its orders.
    RETURN QUERY EXECUTE format($q$
        WITH s AS MATERIALIZED (
            SELECT r.period, r.segment, r.summary
              FROM @extschema@._aov_segments_rows((
                   SELECT @extschema@._aov_segments(
                              $1, (%1$s)::timestamptz, %2$s, %3$s, %4$s,
                              @extschema@._aov_first_order(
                                  (SELECT @extschema@._aov_firsts(%4$s, (%1$s)::timestamptz) FROM %5$s), %4$s),
                              $4)
                     FROM %5$s
                    WHERE ($2::timestamptz IS NULL OR (%1$s)::timestamptz >= $2)
                      AND ($3::timestamptz IS NULL OR (%1$s)::timestamptz < $3))) r
        ), b AS MATERIALIZED (
            SELECT s.period, s.segment, @extschema@.aov_breakdown(s.summary) AS b FROM s
            UNION ALL
            SELECT s.period, 'all', @extschema@.aov_breakdown(@extschema@.aov_rollup(s.summary))
              FROM s GROUP BY s.period
        )
        SELECT b.period::date, b.segment,
               ((b.b).orders / sum((b.b).orders) FILTER (WHERE b.segment <> 'all') OVER w)::float8,
               ((b.b).revenue / nullif(sum((b.b).revenue) FILTER (WHERE b.segment <> 'all') OVER w, 0))::float8,
               (b.b).*
          FROM b
        WINDOW w AS (PARTITION BY b.period)
         ORDER BY b.period, CASE b.segment WHEN 'new' THEN 1 WHEN 'returning' THEN 2 WHEN 'guest' THEN 3 ELSE 4 END
        $q$, e.t_expr, e.r_expr, e.i_expr, cid.expr, order_table)
    USING g, since, until, trim_fraction, cid.ids;
END
$$;

CREATE OR REPLACE FUNCTION @extschema@.aov_drop_outcome(
    aov_direction text,
    items_per_order_direction text,
    unit_price_direction text,
    promo_price_direction text,
    lang text DEFAULT 'en',
    OUT outcome text,
    OUT cases int[],
    OUT explanation text,
    OUT checks text)
-- Not STRICT: a NULL promo price direction means the promo price is unknown.
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    a text := lower(aov_direction);
    i text := lower(items_per_order_direction);
    u text := lower(unit_price_direction);
    p text := coalesce(lower(promo_price_direction), 'unknown');
    l text := lower(lang);
    if_down text;       -- outcome when the promo price fell
    if_not_down text;   -- outcome when it held or rose
    variant text;
BEGIN
    IF l IS NULL OR l NOT IN ('en', 'zh') THEN
        RAISE EXCEPTION 'unknown language "%"', lang
            USING ERRCODE = 'invalid_parameter_value', HINT = 'Use ''en'' or ''zh''.';
    END IF;
    IF a IS NULL OR a NOT IN ('down', 'flat', 'up')
       OR i IS NULL OR i NOT IN ('down', 'flat', 'up')
       OR u IS NULL OR u NOT IN ('down', 'flat', 'up') THEN
        RAISE EXCEPTION 'unknown direction "%"',
            coalesce(CASE WHEN a NOT IN ('down', 'flat', 'up') OR a IS NULL THEN a
                          WHEN i NOT IN ('down', 'flat', 'up') OR i IS NULL THEN i ELSE u END, 'NULL')
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'Directions of AOV, items per order and unit price are down, flat or up.';
    END IF;
    IF p NOT IN ('down', 'flat', 'up', 'unknown') THEN
        RAISE EXCEPTION 'unknown direction "%"', promo_price_direction
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'The promo price direction is down, flat, up, or NULL when unknown.';
    END IF;

    IF a <> 'down' THEN
        outcome := 'no drop';
    ELSIF i <> 'down' AND u <> 'down' THEN
        -- AOV = unit price x items per order fell through small moves of both
        outcome := 'no single driver';
    ELSE
        -- a promo price that fell points to the price standard of the
        -- promoted items: case 4 with fewer items per order, else case 2
        if_down := CASE WHEN i = 'down' THEN 'case 4' ELSE 'case 2' END;
        -- one that held or rose is not the cause: it reads as "flat"
        -- (doc/reference.md, aov_drop_outcome)
        if_not_down := CASE
            WHEN i = 'down' AND u = 'down' THEN 'case 3'
            WHEN i = 'down' AND u = 'flat' THEN 'case 1'
            WHEN i = 'flat' AND u = 'down' THEN 'case 1'
            ELSE 'trade-off' END;   -- one down, the other up
        outcome := CASE p WHEN 'down' THEN if_down
                          WHEN 'unknown' THEN 'promo price needed'
                          ELSE if_not_down END;
    END IF;

    cases := CASE outcome
        WHEN 'case 1' THEN ARRAY[1] WHEN 'case 2' THEN ARRAY[2]
        WHEN 'case 3' THEN ARRAY[3] WHEN 'case 4' THEN ARRAY[4]
        WHEN 'promo price needed' THEN
            ARRAY(SELECT DISTINCT substr(o, 6)::int FROM unnest(ARRAY[if_down, if_not_down]) o
                   WHERE o LIKE 'case %' ORDER BY 1)
        ELSE '{}'::int[] END;

    -- which part fell, for the outcomes whose first sentence says so
    variant := CASE WHEN i = 'down' THEN 'items' ELSE 'unit price' END;
    explanation := coalesce(@extschema@._aov_text('explanation', outcome, variant, l), '')
        || @extschema@._aov_text('explanation', outcome, '', l);
    IF outcome = 'promo price needed' THEN
        explanation := format(explanation,
                              coalesce(@extschema@._aov_text('name', if_down, '', l), if_down),
                              coalesce(@extschema@._aov_text('name', if_not_down, '', l), if_not_down));
    END IF;
    explanation := explanation || coalesce(CASE
        WHEN outcome = 'no drop' AND p = 'down' THEN
            @extschema@._aov_text('note', 'no drop', 'promo down', l)
        WHEN outcome NOT IN ('no drop', 'no single driver') AND p = 'up' THEN
            @extschema@._aov_text('note', 'drop', 'promo up', l)
        END, '');
    checks := @extschema@._aov_text('checks', outcome, '', l);
END
$$;

-- 0.3.0 called the case numbers "article cases", defined nowhere.
COMMENT ON FUNCTION @extschema@.aov_drop_outcome(text, text, text, text, text) IS
    'the decision table of an AOV drop: outcome, case numbers (1-4, as in doc/reference.md#the-four-cases), explanation and checks for the directions of AOV, items per order, unit price and promo price';

CREATE OR REPLACE FUNCTION @extschema@.diagnose_aov_drop(
    order_table regclass,
    baseline tstzrange,
    current tstzrange,
    promo_price_baseline numeric DEFAULT NULL,
    promo_price_current numeric DEFAULT NULL,
    promo_table regclass DEFAULT NULL,
    tolerance float8 DEFAULT 0.02,
    alpha float8 DEFAULT 0.05,
    trim_fraction float8 DEFAULT 0.05,
    lang text DEFAULT 'en',
    time_column name DEFAULT 'ordered_at',
    revenue_column name DEFAULT 'revenue',
    items_column name DEFAULT 'items',
    customer_column name DEFAULT 'customer_id',
    promo_price_column name DEFAULT 'price',
    promo_start_column name DEFAULT 'starts_at',
    promo_end_column name DEFAULT 'ends_at')
    RETURNS SETOF @extschema@.aov_diagnosis
-- Not STRICT: the promo arguments are optional.  RESTRICTED: it may read a
-- temporary table, which parallel workers cannot.
LANGUAGE plpgsql STABLE PARALLEL RESTRICTED
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    e record;
    cid record;
    st @extschema@.aov_test_stats[];
    pb numeric := promo_price_baseline;
    pc numeric := promo_price_current;
    p_type regtype;
    ps_type regtype;
    pe_type regtype;
    end_expr text;
    bad_prices bigint;
    bad_ranges bigint;
BEGIN
    IF order_table IS NULL OR baseline IS NULL OR current IS NULL THEN
        RAISE EXCEPTION '% must not be null',
            CASE WHEN order_table IS NULL THEN 'order table' WHEN baseline IS NULL THEN 'baseline range' ELSE 'current range' END
            USING ERRCODE = 'null_value_not_allowed';
    END IF;
    IF trim_fraction IS NULL THEN
        RAISE EXCEPTION 'trim fraction must not be null'
            USING ERRCODE = 'null_value_not_allowed',
                  HINT = 'Leave it out for the default 0.05, or use 0 for plain means.';
    END IF;
    IF NOT (trim_fraction >= 0 AND trim_fraction < 0.5) THEN
        RAISE EXCEPTION 'trim fraction % is out of range', trim_fraction
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = 'The trim fraction must be at least 0 and less than 0.5; 0 tests plain means (Welch), more tests trimmed means (Yuen).',
                  HINT = 'Use 0.05 to drop 5% of the orders at each end.';
    END IF;
    PERFORM @extschema@._aov_check_ranges(baseline, current, 'current',
        'Use two disjoint ranges, such as two months from aov_period.', true);
    -- every argument is checked before the relation is read
    PERFORM @extschema@._aov_check_diagnosis_args(pb, pc, tolerance, alpha, lang);
    IF promo_table IS NOT NULL AND (pb IS NOT NULL OR pc IS NOT NULL) THEN
        RAISE EXCEPTION 'promo prices given twice'
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'Give either promo_price_baseline and promo_price_current, or promo_table.';
    END IF;

    e := @extschema@._aov_order_exprs(order_table, time_column, revenue_column, items_column, customer_column);
    cid := @extschema@._aov_customer_ids(order_table, customer_column, e.c_expr, 4);

    -- The promo price of a period: the mean list price over the promoted
    -- products whose campaign [starts_at, ends_at) overlaps it; a date end
    -- is the campaign's last day, and a NULL end an open campaign.  Read
    -- first: a mistake in the campaigns is reported before the orders are.
    -- Prices are checked where they are used; a campaign that ends before
    -- it starts is an error wherever it is, as its overlap is undefined.
    IF promo_table IS NOT NULL THEN
        p_type := @extschema@._aov_column_type(promo_table, promo_price_column, 'Name the price column with promo_price_column => ''...''.');
        ps_type := @extschema@._aov_column_type(promo_table, promo_start_column, 'Name the campaign start column with promo_start_column => ''...''.');
        pe_type := @extschema@._aov_column_type(promo_table, promo_end_column, 'Name the campaign end column with promo_end_column => ''...''.');
        IF p_type NOT IN ('numeric'::regtype, 'float8'::regtype, 'float4'::regtype,
                          'int2'::regtype, 'int4'::regtype, 'int8'::regtype) THEN
            RAISE EXCEPTION 'column "%" of relation % has type %, not a number', promo_price_column, promo_table, p_type
                USING ERRCODE = 'datatype_mismatch', HINT = 'The promo price must be a number.';
        END IF;
        IF ps_type NOT IN ('timestamptz'::regtype, 'timestamp'::regtype, 'date'::regtype)
           OR pe_type NOT IN ('timestamptz'::regtype, 'timestamp'::regtype, 'date'::regtype) THEN
            RAISE EXCEPTION 'campaign columns "%" and "%" of relation % have types % and %, not timestamps',
                promo_start_column, promo_end_column, promo_table, ps_type, pe_type
                USING ERRCODE = 'datatype_mismatch',
                      HINT = 'Campaign starts and ends must be timestamptz, timestamp or date.';
        END IF;
        end_expr := CASE WHEN pe_type = 'date'::regtype THEN format('(%I + 1)::timestamptz', promo_end_column)
                         ELSE format('%I::timestamptz', promo_end_column) END;
        EXECUTE format($q$
            SELECT avg(price) FILTER (WHERE c && $1), avg(price) FILTER (WHERE c && $2),
                   count(*) FILTER (WHERE (c && $1 OR c && $2)
                                    AND (NOT (price > 0) OR price::text IN ('NaN', 'Infinity'))),
                   count(*) FILTER (WHERE c IS NULL)
              FROM (SELECT %1$I::numeric AS price,
                           CASE WHEN %2$I::timestamptz <= coalesce(%3$s, 'infinity')
                                THEN tstzrange(%2$I::timestamptz, %3$s, '[)') END AS c
                      FROM %4$s WHERE %1$I IS NOT NULL AND %2$I IS NOT NULL) p
            $q$, promo_price_column, promo_start_column, end_expr, promo_table)
        INTO pb, pc, bad_prices, bad_ranges USING baseline, current;
        IF bad_prices > 0 OR bad_ranges > 0 THEN
            RAISE EXCEPTION '% of relation % %',
                CASE WHEN bad_prices > 0 THEN bad_prices || ' promoted products' ELSE bad_ranges || ' campaigns' END,
                promo_table,
                CASE WHEN bad_prices > 0 THEN 'have a price that is not positive and finite'
                     ELSE 'end before they start' END
                USING ERRCODE = 'invalid_parameter_value',
                      HINT = 'Fix or filter those rows, for example with a view.';
        END IF;
        -- a period without a promoted product leaves the promo price unknown
        IF pb IS NULL OR pc IS NULL THEN
            pb := NULL;
            pc := NULL;
        END IF;
    END IF;

    -- New in a period when the customer's first order ever, over the whole
    -- relation, falls in it; NULL ids are guests.  Two passes, each a plain
    -- aggregate that runs in parallel: the first orders (those after the
    -- current range are nobody's first order in it), then both periods'
    -- orders summarized per segment.  A period's 'all' summary is the rollup
    -- of its segments, exactly the summary of all its orders.
    EXECUTE format($q$
        WITH s AS MATERIALIZED (
            SELECT r.range, r.segment, r.summary
              FROM @extschema@._aov_segments_rows((
                   SELECT @extschema@._aov_segments(
                              $1, $2, (%1$s)::timestamptz, %2$s, %3$s, %4$s,
                              @extschema@._aov_first_order(
                                  (SELECT @extschema@._aov_firsts(%4$s, (%1$s)::timestamptz) FROM %5$s
                                    WHERE upper_inf($2) OR (%1$s)::timestamptz <= upper($2)), %4$s),
                              $3)
                     FROM %5$s
                    WHERE $1 @> (%1$s)::timestamptz OR $2 @> (%1$s)::timestamptz)) r
        ), t AS (
            SELECT s.range, s.segment, @extschema@.aov_test_stats(s.summary) AS st FROM s
            UNION ALL
            SELECT s.range, 'all', @extschema@.aov_test_stats(@extschema@.aov_rollup(s.summary))
              FROM s GROUP BY s.range
        )
        SELECT ARRAY[(SELECT st FROM t WHERE range = 1 AND segment = 'new'),
                     (SELECT st FROM t WHERE range = 2 AND segment = 'new'),
                     (SELECT st FROM t WHERE range = 1 AND segment = 'returning'),
                     (SELECT st FROM t WHERE range = 2 AND segment = 'returning'),
                     (SELECT st FROM t WHERE range = 1 AND segment = 'guest'),
                     (SELECT st FROM t WHERE range = 2 AND segment = 'guest'),
                     (SELECT st FROM t WHERE range = 1 AND segment = 'all'),
                     (SELECT st FROM t WHERE range = 2 AND segment = 'all')]
        $q$, e.t_expr, e.r_expr, e.i_expr, cid.expr, order_table)
    INTO st USING baseline, current, trim_fraction, cid.ids;

    PERFORM @extschema@._aov_check_periods(st[7], st[8]);
    RETURN QUERY SELECT * FROM @extschema@._aov_diagnose(
        st[1], st[2], st[3], st[4], st[5], st[6], st[7], st[8], pb, pc, tolerance, alpha, lang);
END
$$;

CREATE OR REPLACE FUNCTION @extschema@.diagnose_aov_drop(
    new_baseline @extschema@.aov_summary,
    new_current @extschema@.aov_summary,
    returning_baseline @extschema@.aov_summary,
    returning_current @extschema@.aov_summary,
    guest_baseline @extschema@.aov_summary DEFAULT NULL,
    guest_current @extschema@.aov_summary DEFAULT NULL,
    promo_price_baseline numeric DEFAULT NULL,
    promo_price_current numeric DEFAULT NULL,
    tolerance float8 DEFAULT 0.02,
    alpha float8 DEFAULT 0.05,
    lang text DEFAULT 'en')
    RETURNS SETOF @extschema@.aov_diagnosis
-- Not STRICT: a NULL summary is a segment without orders in that period,
-- and NULL promo prices mean the promo price is unknown.
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    all_base @extschema@.aov_test_stats;
    all_cur @extschema@.aov_test_stats;
BEGIN
    PERFORM @extschema@._aov_check_diagnosis_args(promo_price_baseline, promo_price_current,
                                                  tolerance, alpha, lang);
    -- 'all' needs the orders of every segment together (a trimmed mean of
    -- the union is not a mix of the segments'); the rolled-up summary goes
    -- to aov_test_stats without being copied again.
    all_base := (SELECT @extschema@.aov_test_stats(@extschema@.aov_rollup(s))
                   FROM unnest(ARRAY[new_baseline, returning_baseline, guest_baseline]) s);
    all_cur := (SELECT @extschema@.aov_test_stats(@extschema@.aov_rollup(s))
                  FROM unnest(ARRAY[new_current, returning_current, guest_current]) s);
    PERFORM @extschema@._aov_check_periods(all_base, all_cur);
    RETURN QUERY SELECT * FROM @extschema@._aov_diagnose(
        @extschema@.aov_test_stats(new_baseline), @extschema@.aov_test_stats(new_current),
        @extschema@.aov_test_stats(returning_baseline), @extschema@.aov_test_stats(returning_current),
        @extschema@.aov_test_stats(guest_baseline), @extschema@.aov_test_stats(guest_current),
        all_base, all_cur,
        promo_price_baseline, promo_price_current, tolerance, alpha, lang);
END
$$;

-- Internal: the query that aggregates an order-lines relation in one scan
-- ($1 the basket size limit), after checking its columns: integer order
-- ids, integer or text product keys.  aov_copurchase for the pair table,
-- aov_baskets (the same state without a final function) for the itemset
-- functions; the column b.
CREATE FUNCTION @extschema@._aov_lines_query(
    order_lines regclass, order_column name, product_column name, pairs boolean)
RETURNS text
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    o_type regtype;
    p_type regtype;
    p_expr text;
BEGIN
    IF order_lines IS NULL OR order_column IS NULL OR product_column IS NULL OR pairs IS NULL THEN
        RAISE EXCEPTION 'the order-lines relation and its column names must not be null'
            USING ERRCODE = 'null_value_not_allowed';
    END IF;
    o_type := @extschema@._aov_column_type(order_lines, order_column, 'Name the order id column with order_column => ''...''.');
    p_type := @extschema@._aov_column_type(order_lines, product_column, 'Name the product column with product_column => ''...''.');
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
    RETURN format('SELECT @extschema@.%s(%I::bigint, %s, $1) AS b FROM %s',
                  CASE WHEN pairs THEN 'aov_copurchase' ELSE 'aov_baskets' END,
                  order_column, p_expr, order_lines);
END
$$;
COMMENT ON FUNCTION @extschema@._aov_lines_query(regclass, name, name, boolean) IS
    'internal: the checked query that aggregates an order-lines relation (aov_copurchase or aov_baskets)';

CREATE OR REPLACE FUNCTION @extschema@.aov_pair_table(
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
BEGIN
    IF order_lines IS NULL OR order_column IS NULL OR product_column IS NULL
       OR min_count IS NULL OR min_support IS NULL OR max_basket IS NULL THEN
        RAISE EXCEPTION 'arguments of aov_pair_table must not be null'
            USING ERRCODE = 'null_value_not_allowed';
    END IF;
    -- checked before the scan, not after it
    PERFORM @extschema@._aov_check_pair_args(min_count, min_support, max_basket);
    RETURN QUERY EXECUTE format(
        'SELECT s.* FROM (%s) c CROSS JOIN LATERAL @extschema@.aov_pair_stats(c.b, $2, $3) s',
        @extschema@._aov_lines_query(order_lines, order_column, product_column, true))
    USING max_basket, min_count, min_support;
END
$$;

CREATE OR REPLACE FUNCTION @extschema@.aov_cross_sell(
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
    PERFORM @extschema@._aov_column_type(pair_table, c, 'A pair table has the columns of aov_pair_table: CREATE TABLE pairs AS SELECT * FROM aov_pair_table(...).')
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

CREATE OR REPLACE FUNCTION @extschema@.aov_bundles(
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
    PERFORM @extschema@._aov_column_type(pair_table, c, 'A pair table has the columns of aov_pair_table: CREATE TABLE pairs AS SELECT * FROM aov_pair_table(...).')
       FROM unnest(ARRAY['product_a', 'product_b', 'n_ab', 'support', 'lift', 'confidence_ab',
                         'confidence_ba', 'p_value']::name[]) c;
    IF prices IS NOT NULL THEN
        PERFORM @extschema@._aov_column_type(prices, price_product_column, 'Name the product column of the price table with price_product_column => ''...''.');
        PERFORM @extschema@._aov_column_type(prices, price_column, 'Name the price column with price_column => ''...''.');
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

-- smallint values, revenue and items get overloads of their own: through
-- implicit casts smallint items were ambiguous ("function ... is not
-- unique") and smallint values and revenue reached the float8 overloads.
-- aov_breakdown and aov_summary take uuid and text customer ids.
CREATE FUNCTION @extschema@._aov_sample_add(@extschema@.aov_sample, smallint, float8)
    RETURNS @extschema@.aov_sample
    AS 'MODULE_PATHNAME', 'aov_sample_add_int2' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._aov_sample_add(@extschema@.aov_sample, smallint, float8) IS 'aggregate transition function';
CREATE FUNCTION @extschema@._aov_sample_add(@extschema@.aov_sample, smallint, float8, float8)
    RETURNS @extschema@.aov_sample
    AS 'MODULE_PATHNAME', 'aov_sample_add_int2' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._aov_sample_add(@extschema@.aov_sample, smallint, float8, float8) IS 'aggregate transition function';
CREATE FUNCTION @extschema@._aov_counts_add(@extschema@.aov_counts, smallint, integer)
    RETURNS @extschema@.aov_counts
    AS 'MODULE_PATHNAME', 'aov_counts_add_int2' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._aov_counts_add(@extschema@.aov_counts, smallint, integer) IS 'aggregate transition function';
CREATE AGGREGATE @extschema@.aov_trimmed_mean(smallint, float8) (
    SFUNC = @extschema@._aov_sample_add, STYPE = @extschema@.aov_sample, SSPACE = 8192,
    COMBINEFUNC = @extschema@._aov_sample_combine,
    FINALFUNC = @extschema@._aov_sample_trimmed_mean_float8, FINALFUNC_MODIFY = SHAREABLE,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.aov_trimmed_mean(smallint, float8) IS
    'exact trimmed mean: drops floor(n*trim) values from each end and averages the rest';
CREATE AGGREGATE @extschema@.aov_trimmed_mean(smallint, float8, float8) (
    SFUNC = @extschema@._aov_sample_add, STYPE = @extschema@.aov_sample, SSPACE = 8192,
    COMBINEFUNC = @extschema@._aov_sample_combine,
    FINALFUNC = @extschema@._aov_sample_trimmed_mean_float8, FINALFUNC_MODIFY = SHAREABLE,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.aov_trimmed_mean(smallint, float8, float8) IS
    'exact asymmetric trimmed mean: drops floor(n*low) lowest and floor(n*high) highest values';
CREATE AGGREGATE @extschema@.aov_top_values(smallint, integer) (
    SFUNC = @extschema@._aov_counts_add, STYPE = @extschema@.aov_counts, SSPACE = 1024,
    COMBINEFUNC = @extschema@._aov_counts_combine,
    FINALFUNC = @extschema@._aov_counts_top_bigint, FINALFUNC_MODIFY = READ_ONLY,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.aov_top_values(smallint, integer) IS
    'the k most frequent values with their counts and shares, ties to the smaller value';
CREATE FUNCTION @extschema@._aov_breakdown_add(@extschema@.aov_summary, numeric, integer, uuid)
    RETURNS @extschema@.aov_summary
    AS 'MODULE_PATHNAME', 'aov_breakdown_add_numeric_int4_uuid' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._aov_breakdown_add(@extschema@.aov_summary, numeric, integer, uuid) IS 'aggregate transition function';
CREATE FUNCTION @extschema@._aov_breakdown_add(@extschema@.aov_summary, numeric, integer, uuid, float8)
    RETURNS @extschema@.aov_summary
    AS 'MODULE_PATHNAME', 'aov_breakdown_add_numeric_int4_uuid' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._aov_breakdown_add(@extschema@.aov_summary, numeric, integer, uuid, float8) IS 'aggregate transition function';
CREATE FUNCTION @extschema@._aov_breakdown_add(@extschema@.aov_summary, numeric, integer, text)
    RETURNS @extschema@.aov_summary
    AS 'MODULE_PATHNAME', 'aov_breakdown_add_numeric_int4_text' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._aov_breakdown_add(@extschema@.aov_summary, numeric, integer, text) IS 'aggregate transition function';
CREATE FUNCTION @extschema@._aov_breakdown_add(@extschema@.aov_summary, numeric, integer, text, float8)
    RETURNS @extschema@.aov_summary
    AS 'MODULE_PATHNAME', 'aov_breakdown_add_numeric_int4_text' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._aov_breakdown_add(@extschema@.aov_summary, numeric, integer, text, float8) IS 'aggregate transition function';
CREATE FUNCTION @extschema@._aov_breakdown_add(@extschema@.aov_summary, numeric, numeric, uuid)
    RETURNS @extschema@.aov_summary
    AS 'MODULE_PATHNAME', 'aov_breakdown_add_numeric_numeric_uuid' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._aov_breakdown_add(@extschema@.aov_summary, numeric, numeric, uuid) IS 'aggregate transition function';
CREATE FUNCTION @extschema@._aov_breakdown_add(@extschema@.aov_summary, numeric, numeric, uuid, float8)
    RETURNS @extschema@.aov_summary
    AS 'MODULE_PATHNAME', 'aov_breakdown_add_numeric_numeric_uuid' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._aov_breakdown_add(@extschema@.aov_summary, numeric, numeric, uuid, float8) IS 'aggregate transition function';
CREATE FUNCTION @extschema@._aov_breakdown_add(@extschema@.aov_summary, numeric, numeric, text)
    RETURNS @extschema@.aov_summary
    AS 'MODULE_PATHNAME', 'aov_breakdown_add_numeric_numeric_text' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._aov_breakdown_add(@extschema@.aov_summary, numeric, numeric, text) IS 'aggregate transition function';
CREATE FUNCTION @extschema@._aov_breakdown_add(@extschema@.aov_summary, numeric, numeric, text, float8)
    RETURNS @extschema@.aov_summary
    AS 'MODULE_PATHNAME', 'aov_breakdown_add_numeric_numeric_text' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._aov_breakdown_add(@extschema@.aov_summary, numeric, numeric, text, float8) IS 'aggregate transition function';
CREATE FUNCTION @extschema@._aov_breakdown_add(@extschema@.aov_summary, float8, integer, uuid)
    RETURNS @extschema@.aov_summary
    AS 'MODULE_PATHNAME', 'aov_breakdown_add_float8_int4_uuid' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._aov_breakdown_add(@extschema@.aov_summary, float8, integer, uuid) IS 'aggregate transition function';
CREATE FUNCTION @extschema@._aov_breakdown_add(@extschema@.aov_summary, float8, integer, uuid, float8)
    RETURNS @extschema@.aov_summary
    AS 'MODULE_PATHNAME', 'aov_breakdown_add_float8_int4_uuid' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._aov_breakdown_add(@extschema@.aov_summary, float8, integer, uuid, float8) IS 'aggregate transition function';
CREATE FUNCTION @extschema@._aov_breakdown_add(@extschema@.aov_summary, float8, integer, text)
    RETURNS @extschema@.aov_summary
    AS 'MODULE_PATHNAME', 'aov_breakdown_add_float8_int4_text' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._aov_breakdown_add(@extschema@.aov_summary, float8, integer, text) IS 'aggregate transition function';
CREATE FUNCTION @extschema@._aov_breakdown_add(@extschema@.aov_summary, float8, integer, text, float8)
    RETURNS @extschema@.aov_summary
    AS 'MODULE_PATHNAME', 'aov_breakdown_add_float8_int4_text' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._aov_breakdown_add(@extschema@.aov_summary, float8, integer, text, float8) IS 'aggregate transition function';
CREATE FUNCTION @extschema@._aov_breakdown_add(@extschema@.aov_summary, bigint, integer, uuid)
    RETURNS @extschema@.aov_summary
    AS 'MODULE_PATHNAME', 'aov_breakdown_add_int8_int4_uuid' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._aov_breakdown_add(@extschema@.aov_summary, bigint, integer, uuid) IS 'aggregate transition function';
CREATE FUNCTION @extschema@._aov_breakdown_add(@extschema@.aov_summary, bigint, integer, uuid, float8)
    RETURNS @extschema@.aov_summary
    AS 'MODULE_PATHNAME', 'aov_breakdown_add_int8_int4_uuid' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._aov_breakdown_add(@extschema@.aov_summary, bigint, integer, uuid, float8) IS 'aggregate transition function';
CREATE FUNCTION @extschema@._aov_breakdown_add(@extschema@.aov_summary, bigint, integer, text)
    RETURNS @extschema@.aov_summary
    AS 'MODULE_PATHNAME', 'aov_breakdown_add_int8_int4_text' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._aov_breakdown_add(@extschema@.aov_summary, bigint, integer, text) IS 'aggregate transition function';
CREATE FUNCTION @extschema@._aov_breakdown_add(@extschema@.aov_summary, bigint, integer, text, float8)
    RETURNS @extschema@.aov_summary
    AS 'MODULE_PATHNAME', 'aov_breakdown_add_int8_int4_text' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._aov_breakdown_add(@extschema@.aov_summary, bigint, integer, text, float8) IS 'aggregate transition function';
CREATE FUNCTION @extschema@._aov_breakdown_add(@extschema@.aov_summary, integer, integer, uuid)
    RETURNS @extschema@.aov_summary
    AS 'MODULE_PATHNAME', 'aov_breakdown_add_int4_int4_uuid' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._aov_breakdown_add(@extschema@.aov_summary, integer, integer, uuid) IS 'aggregate transition function';
CREATE FUNCTION @extschema@._aov_breakdown_add(@extschema@.aov_summary, integer, integer, uuid, float8)
    RETURNS @extschema@.aov_summary
    AS 'MODULE_PATHNAME', 'aov_breakdown_add_int4_int4_uuid' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._aov_breakdown_add(@extschema@.aov_summary, integer, integer, uuid, float8) IS 'aggregate transition function';
CREATE FUNCTION @extschema@._aov_breakdown_add(@extschema@.aov_summary, integer, integer, text)
    RETURNS @extschema@.aov_summary
    AS 'MODULE_PATHNAME', 'aov_breakdown_add_int4_int4_text' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._aov_breakdown_add(@extschema@.aov_summary, integer, integer, text) IS 'aggregate transition function';
CREATE FUNCTION @extschema@._aov_breakdown_add(@extschema@.aov_summary, integer, integer, text, float8)
    RETURNS @extschema@.aov_summary
    AS 'MODULE_PATHNAME', 'aov_breakdown_add_int4_int4_text' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._aov_breakdown_add(@extschema@.aov_summary, integer, integer, text, float8) IS 'aggregate transition function';
CREATE FUNCTION @extschema@._aov_breakdown_add(@extschema@.aov_summary, numeric, smallint)
    RETURNS @extschema@.aov_summary
    AS 'MODULE_PATHNAME', 'aov_breakdown_add_numeric_int2' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._aov_breakdown_add(@extschema@.aov_summary, numeric, smallint) IS 'aggregate transition function';
CREATE FUNCTION @extschema@._aov_breakdown_add(@extschema@.aov_summary, numeric, smallint, bigint)
    RETURNS @extschema@.aov_summary
    AS 'MODULE_PATHNAME', 'aov_breakdown_add_numeric_int2' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._aov_breakdown_add(@extschema@.aov_summary, numeric, smallint, bigint) IS 'aggregate transition function';
CREATE FUNCTION @extschema@._aov_breakdown_add(@extschema@.aov_summary, numeric, smallint, bigint, float8)
    RETURNS @extschema@.aov_summary
    AS 'MODULE_PATHNAME', 'aov_breakdown_add_numeric_int2' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._aov_breakdown_add(@extschema@.aov_summary, numeric, smallint, bigint, float8) IS 'aggregate transition function';
CREATE FUNCTION @extschema@._aov_breakdown_add(@extschema@.aov_summary, numeric, smallint, uuid)
    RETURNS @extschema@.aov_summary
    AS 'MODULE_PATHNAME', 'aov_breakdown_add_numeric_int2_uuid' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._aov_breakdown_add(@extschema@.aov_summary, numeric, smallint, uuid) IS 'aggregate transition function';
CREATE FUNCTION @extschema@._aov_breakdown_add(@extschema@.aov_summary, numeric, smallint, uuid, float8)
    RETURNS @extschema@.aov_summary
    AS 'MODULE_PATHNAME', 'aov_breakdown_add_numeric_int2_uuid' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._aov_breakdown_add(@extschema@.aov_summary, numeric, smallint, uuid, float8) IS 'aggregate transition function';
CREATE FUNCTION @extschema@._aov_breakdown_add(@extschema@.aov_summary, numeric, smallint, text)
    RETURNS @extschema@.aov_summary
    AS 'MODULE_PATHNAME', 'aov_breakdown_add_numeric_int2_text' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._aov_breakdown_add(@extschema@.aov_summary, numeric, smallint, text) IS 'aggregate transition function';
CREATE FUNCTION @extschema@._aov_breakdown_add(@extschema@.aov_summary, numeric, smallint, text, float8)
    RETURNS @extschema@.aov_summary
    AS 'MODULE_PATHNAME', 'aov_breakdown_add_numeric_int2_text' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._aov_breakdown_add(@extschema@.aov_summary, numeric, smallint, text, float8) IS 'aggregate transition function';
CREATE FUNCTION @extschema@._aov_breakdown_add(@extschema@.aov_summary, bigint, smallint)
    RETURNS @extschema@.aov_summary
    AS 'MODULE_PATHNAME', 'aov_breakdown_add_int8_int2' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._aov_breakdown_add(@extschema@.aov_summary, bigint, smallint) IS 'aggregate transition function';
CREATE FUNCTION @extschema@._aov_breakdown_add(@extschema@.aov_summary, bigint, smallint, bigint)
    RETURNS @extschema@.aov_summary
    AS 'MODULE_PATHNAME', 'aov_breakdown_add_int8_int2' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._aov_breakdown_add(@extschema@.aov_summary, bigint, smallint, bigint) IS 'aggregate transition function';
CREATE FUNCTION @extschema@._aov_breakdown_add(@extschema@.aov_summary, bigint, smallint, bigint, float8)
    RETURNS @extschema@.aov_summary
    AS 'MODULE_PATHNAME', 'aov_breakdown_add_int8_int2' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._aov_breakdown_add(@extschema@.aov_summary, bigint, smallint, bigint, float8) IS 'aggregate transition function';
CREATE FUNCTION @extschema@._aov_breakdown_add(@extschema@.aov_summary, bigint, smallint, uuid)
    RETURNS @extschema@.aov_summary
    AS 'MODULE_PATHNAME', 'aov_breakdown_add_int8_int2_uuid' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._aov_breakdown_add(@extschema@.aov_summary, bigint, smallint, uuid) IS 'aggregate transition function';
CREATE FUNCTION @extschema@._aov_breakdown_add(@extschema@.aov_summary, bigint, smallint, uuid, float8)
    RETURNS @extschema@.aov_summary
    AS 'MODULE_PATHNAME', 'aov_breakdown_add_int8_int2_uuid' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._aov_breakdown_add(@extschema@.aov_summary, bigint, smallint, uuid, float8) IS 'aggregate transition function';
CREATE FUNCTION @extschema@._aov_breakdown_add(@extschema@.aov_summary, bigint, smallint, text)
    RETURNS @extschema@.aov_summary
    AS 'MODULE_PATHNAME', 'aov_breakdown_add_int8_int2_text' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._aov_breakdown_add(@extschema@.aov_summary, bigint, smallint, text) IS 'aggregate transition function';
CREATE FUNCTION @extschema@._aov_breakdown_add(@extschema@.aov_summary, bigint, smallint, text, float8)
    RETURNS @extschema@.aov_summary
    AS 'MODULE_PATHNAME', 'aov_breakdown_add_int8_int2_text' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._aov_breakdown_add(@extschema@.aov_summary, bigint, smallint, text, float8) IS 'aggregate transition function';
CREATE FUNCTION @extschema@._aov_breakdown_add(@extschema@.aov_summary, integer, smallint)
    RETURNS @extschema@.aov_summary
    AS 'MODULE_PATHNAME', 'aov_breakdown_add_int4_int2' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._aov_breakdown_add(@extschema@.aov_summary, integer, smallint) IS 'aggregate transition function';
CREATE FUNCTION @extschema@._aov_breakdown_add(@extschema@.aov_summary, integer, smallint, bigint)
    RETURNS @extschema@.aov_summary
    AS 'MODULE_PATHNAME', 'aov_breakdown_add_int4_int2' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._aov_breakdown_add(@extschema@.aov_summary, integer, smallint, bigint) IS 'aggregate transition function';
CREATE FUNCTION @extschema@._aov_breakdown_add(@extschema@.aov_summary, integer, smallint, bigint, float8)
    RETURNS @extschema@.aov_summary
    AS 'MODULE_PATHNAME', 'aov_breakdown_add_int4_int2' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._aov_breakdown_add(@extschema@.aov_summary, integer, smallint, bigint, float8) IS 'aggregate transition function';
CREATE FUNCTION @extschema@._aov_breakdown_add(@extschema@.aov_summary, integer, smallint, uuid)
    RETURNS @extschema@.aov_summary
    AS 'MODULE_PATHNAME', 'aov_breakdown_add_int4_int2_uuid' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._aov_breakdown_add(@extschema@.aov_summary, integer, smallint, uuid) IS 'aggregate transition function';
CREATE FUNCTION @extschema@._aov_breakdown_add(@extschema@.aov_summary, integer, smallint, uuid, float8)
    RETURNS @extschema@.aov_summary
    AS 'MODULE_PATHNAME', 'aov_breakdown_add_int4_int2_uuid' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._aov_breakdown_add(@extschema@.aov_summary, integer, smallint, uuid, float8) IS 'aggregate transition function';
CREATE FUNCTION @extschema@._aov_breakdown_add(@extschema@.aov_summary, integer, smallint, text)
    RETURNS @extschema@.aov_summary
    AS 'MODULE_PATHNAME', 'aov_breakdown_add_int4_int2_text' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._aov_breakdown_add(@extschema@.aov_summary, integer, smallint, text) IS 'aggregate transition function';
CREATE FUNCTION @extschema@._aov_breakdown_add(@extschema@.aov_summary, integer, smallint, text, float8)
    RETURNS @extschema@.aov_summary
    AS 'MODULE_PATHNAME', 'aov_breakdown_add_int4_int2_text' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._aov_breakdown_add(@extschema@.aov_summary, integer, smallint, text, float8) IS 'aggregate transition function';
CREATE FUNCTION @extschema@._aov_breakdown_add(@extschema@.aov_summary, smallint, smallint)
    RETURNS @extschema@.aov_summary
    AS 'MODULE_PATHNAME', 'aov_breakdown_add_int2_int2' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._aov_breakdown_add(@extschema@.aov_summary, smallint, smallint) IS 'aggregate transition function';
CREATE FUNCTION @extschema@._aov_breakdown_add(@extschema@.aov_summary, smallint, smallint, bigint)
    RETURNS @extschema@.aov_summary
    AS 'MODULE_PATHNAME', 'aov_breakdown_add_int2_int2' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._aov_breakdown_add(@extschema@.aov_summary, smallint, smallint, bigint) IS 'aggregate transition function';
CREATE FUNCTION @extschema@._aov_breakdown_add(@extschema@.aov_summary, smallint, smallint, bigint, float8)
    RETURNS @extschema@.aov_summary
    AS 'MODULE_PATHNAME', 'aov_breakdown_add_int2_int2' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._aov_breakdown_add(@extschema@.aov_summary, smallint, smallint, bigint, float8) IS 'aggregate transition function';
CREATE FUNCTION @extschema@._aov_breakdown_add(@extschema@.aov_summary, smallint, smallint, uuid)
    RETURNS @extschema@.aov_summary
    AS 'MODULE_PATHNAME', 'aov_breakdown_add_int2_int2_uuid' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._aov_breakdown_add(@extschema@.aov_summary, smallint, smallint, uuid) IS 'aggregate transition function';
CREATE FUNCTION @extschema@._aov_breakdown_add(@extschema@.aov_summary, smallint, smallint, uuid, float8)
    RETURNS @extschema@.aov_summary
    AS 'MODULE_PATHNAME', 'aov_breakdown_add_int2_int2_uuid' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._aov_breakdown_add(@extschema@.aov_summary, smallint, smallint, uuid, float8) IS 'aggregate transition function';
CREATE FUNCTION @extschema@._aov_breakdown_add(@extschema@.aov_summary, smallint, smallint, text)
    RETURNS @extschema@.aov_summary
    AS 'MODULE_PATHNAME', 'aov_breakdown_add_int2_int2_text' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._aov_breakdown_add(@extschema@.aov_summary, smallint, smallint, text) IS 'aggregate transition function';
CREATE FUNCTION @extschema@._aov_breakdown_add(@extschema@.aov_summary, smallint, smallint, text, float8)
    RETURNS @extschema@.aov_summary
    AS 'MODULE_PATHNAME', 'aov_breakdown_add_int2_int2_text' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._aov_breakdown_add(@extschema@.aov_summary, smallint, smallint, text, float8) IS 'aggregate transition function';
CREATE FUNCTION @extschema@._aov_breakdown_add(@extschema@.aov_summary, smallint, integer)
    RETURNS @extschema@.aov_summary
    AS 'MODULE_PATHNAME', 'aov_breakdown_add_int2_int4' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._aov_breakdown_add(@extschema@.aov_summary, smallint, integer) IS 'aggregate transition function';
CREATE FUNCTION @extschema@._aov_breakdown_add(@extschema@.aov_summary, smallint, integer, bigint)
    RETURNS @extschema@.aov_summary
    AS 'MODULE_PATHNAME', 'aov_breakdown_add_int2_int4' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._aov_breakdown_add(@extschema@.aov_summary, smallint, integer, bigint) IS 'aggregate transition function';
CREATE FUNCTION @extschema@._aov_breakdown_add(@extschema@.aov_summary, smallint, integer, bigint, float8)
    RETURNS @extschema@.aov_summary
    AS 'MODULE_PATHNAME', 'aov_breakdown_add_int2_int4' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._aov_breakdown_add(@extschema@.aov_summary, smallint, integer, bigint, float8) IS 'aggregate transition function';
CREATE FUNCTION @extschema@._aov_breakdown_add(@extschema@.aov_summary, smallint, integer, uuid)
    RETURNS @extschema@.aov_summary
    AS 'MODULE_PATHNAME', 'aov_breakdown_add_int2_int4_uuid' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._aov_breakdown_add(@extschema@.aov_summary, smallint, integer, uuid) IS 'aggregate transition function';
CREATE FUNCTION @extschema@._aov_breakdown_add(@extschema@.aov_summary, smallint, integer, uuid, float8)
    RETURNS @extschema@.aov_summary
    AS 'MODULE_PATHNAME', 'aov_breakdown_add_int2_int4_uuid' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._aov_breakdown_add(@extschema@.aov_summary, smallint, integer, uuid, float8) IS 'aggregate transition function';
CREATE FUNCTION @extschema@._aov_breakdown_add(@extschema@.aov_summary, smallint, integer, text)
    RETURNS @extschema@.aov_summary
    AS 'MODULE_PATHNAME', 'aov_breakdown_add_int2_int4_text' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._aov_breakdown_add(@extschema@.aov_summary, smallint, integer, text) IS 'aggregate transition function';
CREATE FUNCTION @extschema@._aov_breakdown_add(@extschema@.aov_summary, smallint, integer, text, float8)
    RETURNS @extschema@.aov_summary
    AS 'MODULE_PATHNAME', 'aov_breakdown_add_int2_int4_text' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._aov_breakdown_add(@extschema@.aov_summary, smallint, integer, text, float8) IS 'aggregate transition function';
CREATE FUNCTION @extschema@._aov_summary_add(@extschema@.aov_summary, numeric, integer, uuid)
    RETURNS @extschema@.aov_summary
    AS 'MODULE_PATHNAME', 'aov_summary_add_numeric_int4_uuid' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._aov_summary_add(@extschema@.aov_summary, numeric, integer, uuid) IS 'aggregate transition function';
CREATE FUNCTION @extschema@._aov_summary_add(@extschema@.aov_summary, numeric, integer, uuid, float8)
    RETURNS @extschema@.aov_summary
    AS 'MODULE_PATHNAME', 'aov_summary_add_numeric_int4_uuid' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._aov_summary_add(@extschema@.aov_summary, numeric, integer, uuid, float8) IS 'aggregate transition function';
CREATE FUNCTION @extschema@._aov_summary_add(@extschema@.aov_summary, numeric, integer, text)
    RETURNS @extschema@.aov_summary
    AS 'MODULE_PATHNAME', 'aov_summary_add_numeric_int4_text' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._aov_summary_add(@extschema@.aov_summary, numeric, integer, text) IS 'aggregate transition function';
CREATE FUNCTION @extschema@._aov_summary_add(@extschema@.aov_summary, numeric, integer, text, float8)
    RETURNS @extschema@.aov_summary
    AS 'MODULE_PATHNAME', 'aov_summary_add_numeric_int4_text' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._aov_summary_add(@extschema@.aov_summary, numeric, integer, text, float8) IS 'aggregate transition function';
CREATE FUNCTION @extschema@._aov_summary_add(@extschema@.aov_summary, numeric, numeric, uuid)
    RETURNS @extschema@.aov_summary
    AS 'MODULE_PATHNAME', 'aov_summary_add_numeric_numeric_uuid' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._aov_summary_add(@extschema@.aov_summary, numeric, numeric, uuid) IS 'aggregate transition function';
CREATE FUNCTION @extschema@._aov_summary_add(@extschema@.aov_summary, numeric, numeric, uuid, float8)
    RETURNS @extschema@.aov_summary
    AS 'MODULE_PATHNAME', 'aov_summary_add_numeric_numeric_uuid' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._aov_summary_add(@extschema@.aov_summary, numeric, numeric, uuid, float8) IS 'aggregate transition function';
CREATE FUNCTION @extschema@._aov_summary_add(@extschema@.aov_summary, numeric, numeric, text)
    RETURNS @extschema@.aov_summary
    AS 'MODULE_PATHNAME', 'aov_summary_add_numeric_numeric_text' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._aov_summary_add(@extschema@.aov_summary, numeric, numeric, text) IS 'aggregate transition function';
CREATE FUNCTION @extschema@._aov_summary_add(@extschema@.aov_summary, numeric, numeric, text, float8)
    RETURNS @extschema@.aov_summary
    AS 'MODULE_PATHNAME', 'aov_summary_add_numeric_numeric_text' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._aov_summary_add(@extschema@.aov_summary, numeric, numeric, text, float8) IS 'aggregate transition function';
CREATE FUNCTION @extschema@._aov_summary_add(@extschema@.aov_summary, float8, integer, uuid)
    RETURNS @extschema@.aov_summary
    AS 'MODULE_PATHNAME', 'aov_summary_add_float8_int4_uuid' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._aov_summary_add(@extschema@.aov_summary, float8, integer, uuid) IS 'aggregate transition function';
CREATE FUNCTION @extschema@._aov_summary_add(@extschema@.aov_summary, float8, integer, uuid, float8)
    RETURNS @extschema@.aov_summary
    AS 'MODULE_PATHNAME', 'aov_summary_add_float8_int4_uuid' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._aov_summary_add(@extschema@.aov_summary, float8, integer, uuid, float8) IS 'aggregate transition function';
CREATE FUNCTION @extschema@._aov_summary_add(@extschema@.aov_summary, float8, integer, text)
    RETURNS @extschema@.aov_summary
    AS 'MODULE_PATHNAME', 'aov_summary_add_float8_int4_text' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._aov_summary_add(@extschema@.aov_summary, float8, integer, text) IS 'aggregate transition function';
CREATE FUNCTION @extschema@._aov_summary_add(@extschema@.aov_summary, float8, integer, text, float8)
    RETURNS @extschema@.aov_summary
    AS 'MODULE_PATHNAME', 'aov_summary_add_float8_int4_text' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._aov_summary_add(@extschema@.aov_summary, float8, integer, text, float8) IS 'aggregate transition function';
CREATE FUNCTION @extschema@._aov_summary_add(@extschema@.aov_summary, bigint, integer, uuid)
    RETURNS @extschema@.aov_summary
    AS 'MODULE_PATHNAME', 'aov_summary_add_int8_int4_uuid' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._aov_summary_add(@extschema@.aov_summary, bigint, integer, uuid) IS 'aggregate transition function';
CREATE FUNCTION @extschema@._aov_summary_add(@extschema@.aov_summary, bigint, integer, uuid, float8)
    RETURNS @extschema@.aov_summary
    AS 'MODULE_PATHNAME', 'aov_summary_add_int8_int4_uuid' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._aov_summary_add(@extschema@.aov_summary, bigint, integer, uuid, float8) IS 'aggregate transition function';
CREATE FUNCTION @extschema@._aov_summary_add(@extschema@.aov_summary, bigint, integer, text)
    RETURNS @extschema@.aov_summary
    AS 'MODULE_PATHNAME', 'aov_summary_add_int8_int4_text' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._aov_summary_add(@extschema@.aov_summary, bigint, integer, text) IS 'aggregate transition function';
CREATE FUNCTION @extschema@._aov_summary_add(@extschema@.aov_summary, bigint, integer, text, float8)
    RETURNS @extschema@.aov_summary
    AS 'MODULE_PATHNAME', 'aov_summary_add_int8_int4_text' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._aov_summary_add(@extschema@.aov_summary, bigint, integer, text, float8) IS 'aggregate transition function';
CREATE FUNCTION @extschema@._aov_summary_add(@extschema@.aov_summary, integer, integer, uuid)
    RETURNS @extschema@.aov_summary
    AS 'MODULE_PATHNAME', 'aov_summary_add_int4_int4_uuid' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._aov_summary_add(@extschema@.aov_summary, integer, integer, uuid) IS 'aggregate transition function';
CREATE FUNCTION @extschema@._aov_summary_add(@extschema@.aov_summary, integer, integer, uuid, float8)
    RETURNS @extschema@.aov_summary
    AS 'MODULE_PATHNAME', 'aov_summary_add_int4_int4_uuid' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._aov_summary_add(@extschema@.aov_summary, integer, integer, uuid, float8) IS 'aggregate transition function';
CREATE FUNCTION @extschema@._aov_summary_add(@extschema@.aov_summary, integer, integer, text)
    RETURNS @extschema@.aov_summary
    AS 'MODULE_PATHNAME', 'aov_summary_add_int4_int4_text' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._aov_summary_add(@extschema@.aov_summary, integer, integer, text) IS 'aggregate transition function';
CREATE FUNCTION @extschema@._aov_summary_add(@extschema@.aov_summary, integer, integer, text, float8)
    RETURNS @extschema@.aov_summary
    AS 'MODULE_PATHNAME', 'aov_summary_add_int4_int4_text' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._aov_summary_add(@extschema@.aov_summary, integer, integer, text, float8) IS 'aggregate transition function';
CREATE FUNCTION @extschema@._aov_summary_add(@extschema@.aov_summary, numeric, smallint)
    RETURNS @extschema@.aov_summary
    AS 'MODULE_PATHNAME', 'aov_summary_add_numeric_int2' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._aov_summary_add(@extschema@.aov_summary, numeric, smallint) IS 'aggregate transition function';
CREATE FUNCTION @extschema@._aov_summary_add(@extschema@.aov_summary, numeric, smallint, bigint)
    RETURNS @extschema@.aov_summary
    AS 'MODULE_PATHNAME', 'aov_summary_add_numeric_int2' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._aov_summary_add(@extschema@.aov_summary, numeric, smallint, bigint) IS 'aggregate transition function';
CREATE FUNCTION @extschema@._aov_summary_add(@extschema@.aov_summary, numeric, smallint, bigint, float8)
    RETURNS @extschema@.aov_summary
    AS 'MODULE_PATHNAME', 'aov_summary_add_numeric_int2' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._aov_summary_add(@extschema@.aov_summary, numeric, smallint, bigint, float8) IS 'aggregate transition function';
CREATE FUNCTION @extschema@._aov_summary_add(@extschema@.aov_summary, numeric, smallint, uuid)
    RETURNS @extschema@.aov_summary
    AS 'MODULE_PATHNAME', 'aov_summary_add_numeric_int2_uuid' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._aov_summary_add(@extschema@.aov_summary, numeric, smallint, uuid) IS 'aggregate transition function';
CREATE FUNCTION @extschema@._aov_summary_add(@extschema@.aov_summary, numeric, smallint, uuid, float8)
    RETURNS @extschema@.aov_summary
    AS 'MODULE_PATHNAME', 'aov_summary_add_numeric_int2_uuid' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._aov_summary_add(@extschema@.aov_summary, numeric, smallint, uuid, float8) IS 'aggregate transition function';
CREATE FUNCTION @extschema@._aov_summary_add(@extschema@.aov_summary, numeric, smallint, text)
    RETURNS @extschema@.aov_summary
    AS 'MODULE_PATHNAME', 'aov_summary_add_numeric_int2_text' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._aov_summary_add(@extschema@.aov_summary, numeric, smallint, text) IS 'aggregate transition function';
CREATE FUNCTION @extschema@._aov_summary_add(@extschema@.aov_summary, numeric, smallint, text, float8)
    RETURNS @extschema@.aov_summary
    AS 'MODULE_PATHNAME', 'aov_summary_add_numeric_int2_text' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._aov_summary_add(@extschema@.aov_summary, numeric, smallint, text, float8) IS 'aggregate transition function';
CREATE FUNCTION @extschema@._aov_summary_add(@extschema@.aov_summary, bigint, smallint)
    RETURNS @extschema@.aov_summary
    AS 'MODULE_PATHNAME', 'aov_summary_add_int8_int2' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._aov_summary_add(@extschema@.aov_summary, bigint, smallint) IS 'aggregate transition function';
CREATE FUNCTION @extschema@._aov_summary_add(@extschema@.aov_summary, bigint, smallint, bigint)
    RETURNS @extschema@.aov_summary
    AS 'MODULE_PATHNAME', 'aov_summary_add_int8_int2' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._aov_summary_add(@extschema@.aov_summary, bigint, smallint, bigint) IS 'aggregate transition function';
CREATE FUNCTION @extschema@._aov_summary_add(@extschema@.aov_summary, bigint, smallint, bigint, float8)
    RETURNS @extschema@.aov_summary
    AS 'MODULE_PATHNAME', 'aov_summary_add_int8_int2' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._aov_summary_add(@extschema@.aov_summary, bigint, smallint, bigint, float8) IS 'aggregate transition function';
CREATE FUNCTION @extschema@._aov_summary_add(@extschema@.aov_summary, bigint, smallint, uuid)
    RETURNS @extschema@.aov_summary
    AS 'MODULE_PATHNAME', 'aov_summary_add_int8_int2_uuid' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._aov_summary_add(@extschema@.aov_summary, bigint, smallint, uuid) IS 'aggregate transition function';
CREATE FUNCTION @extschema@._aov_summary_add(@extschema@.aov_summary, bigint, smallint, uuid, float8)
    RETURNS @extschema@.aov_summary
    AS 'MODULE_PATHNAME', 'aov_summary_add_int8_int2_uuid' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._aov_summary_add(@extschema@.aov_summary, bigint, smallint, uuid, float8) IS 'aggregate transition function';
CREATE FUNCTION @extschema@._aov_summary_add(@extschema@.aov_summary, bigint, smallint, text)
    RETURNS @extschema@.aov_summary
    AS 'MODULE_PATHNAME', 'aov_summary_add_int8_int2_text' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._aov_summary_add(@extschema@.aov_summary, bigint, smallint, text) IS 'aggregate transition function';
CREATE FUNCTION @extschema@._aov_summary_add(@extschema@.aov_summary, bigint, smallint, text, float8)
    RETURNS @extschema@.aov_summary
    AS 'MODULE_PATHNAME', 'aov_summary_add_int8_int2_text' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._aov_summary_add(@extschema@.aov_summary, bigint, smallint, text, float8) IS 'aggregate transition function';
CREATE FUNCTION @extschema@._aov_summary_add(@extschema@.aov_summary, integer, smallint)
    RETURNS @extschema@.aov_summary
    AS 'MODULE_PATHNAME', 'aov_summary_add_int4_int2' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._aov_summary_add(@extschema@.aov_summary, integer, smallint) IS 'aggregate transition function';
CREATE FUNCTION @extschema@._aov_summary_add(@extschema@.aov_summary, integer, smallint, bigint)
    RETURNS @extschema@.aov_summary
    AS 'MODULE_PATHNAME', 'aov_summary_add_int4_int2' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._aov_summary_add(@extschema@.aov_summary, integer, smallint, bigint) IS 'aggregate transition function';
CREATE FUNCTION @extschema@._aov_summary_add(@extschema@.aov_summary, integer, smallint, bigint, float8)
    RETURNS @extschema@.aov_summary
    AS 'MODULE_PATHNAME', 'aov_summary_add_int4_int2' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._aov_summary_add(@extschema@.aov_summary, integer, smallint, bigint, float8) IS 'aggregate transition function';
CREATE FUNCTION @extschema@._aov_summary_add(@extschema@.aov_summary, integer, smallint, uuid)
    RETURNS @extschema@.aov_summary
    AS 'MODULE_PATHNAME', 'aov_summary_add_int4_int2_uuid' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._aov_summary_add(@extschema@.aov_summary, integer, smallint, uuid) IS 'aggregate transition function';
CREATE FUNCTION @extschema@._aov_summary_add(@extschema@.aov_summary, integer, smallint, uuid, float8)
    RETURNS @extschema@.aov_summary
    AS 'MODULE_PATHNAME', 'aov_summary_add_int4_int2_uuid' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._aov_summary_add(@extschema@.aov_summary, integer, smallint, uuid, float8) IS 'aggregate transition function';
CREATE FUNCTION @extschema@._aov_summary_add(@extschema@.aov_summary, integer, smallint, text)
    RETURNS @extschema@.aov_summary
    AS 'MODULE_PATHNAME', 'aov_summary_add_int4_int2_text' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._aov_summary_add(@extschema@.aov_summary, integer, smallint, text) IS 'aggregate transition function';
CREATE FUNCTION @extschema@._aov_summary_add(@extschema@.aov_summary, integer, smallint, text, float8)
    RETURNS @extschema@.aov_summary
    AS 'MODULE_PATHNAME', 'aov_summary_add_int4_int2_text' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._aov_summary_add(@extschema@.aov_summary, integer, smallint, text, float8) IS 'aggregate transition function';
CREATE FUNCTION @extschema@._aov_summary_add(@extschema@.aov_summary, smallint, smallint)
    RETURNS @extschema@.aov_summary
    AS 'MODULE_PATHNAME', 'aov_summary_add_int2_int2' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._aov_summary_add(@extschema@.aov_summary, smallint, smallint) IS 'aggregate transition function';
CREATE FUNCTION @extschema@._aov_summary_add(@extschema@.aov_summary, smallint, smallint, bigint)
    RETURNS @extschema@.aov_summary
    AS 'MODULE_PATHNAME', 'aov_summary_add_int2_int2' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._aov_summary_add(@extschema@.aov_summary, smallint, smallint, bigint) IS 'aggregate transition function';
CREATE FUNCTION @extschema@._aov_summary_add(@extschema@.aov_summary, smallint, smallint, bigint, float8)
    RETURNS @extschema@.aov_summary
    AS 'MODULE_PATHNAME', 'aov_summary_add_int2_int2' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._aov_summary_add(@extschema@.aov_summary, smallint, smallint, bigint, float8) IS 'aggregate transition function';
CREATE FUNCTION @extschema@._aov_summary_add(@extschema@.aov_summary, smallint, smallint, uuid)
    RETURNS @extschema@.aov_summary
    AS 'MODULE_PATHNAME', 'aov_summary_add_int2_int2_uuid' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._aov_summary_add(@extschema@.aov_summary, smallint, smallint, uuid) IS 'aggregate transition function';
CREATE FUNCTION @extschema@._aov_summary_add(@extschema@.aov_summary, smallint, smallint, uuid, float8)
    RETURNS @extschema@.aov_summary
    AS 'MODULE_PATHNAME', 'aov_summary_add_int2_int2_uuid' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._aov_summary_add(@extschema@.aov_summary, smallint, smallint, uuid, float8) IS 'aggregate transition function';
CREATE FUNCTION @extschema@._aov_summary_add(@extschema@.aov_summary, smallint, smallint, text)
    RETURNS @extschema@.aov_summary
    AS 'MODULE_PATHNAME', 'aov_summary_add_int2_int2_text' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._aov_summary_add(@extschema@.aov_summary, smallint, smallint, text) IS 'aggregate transition function';
CREATE FUNCTION @extschema@._aov_summary_add(@extschema@.aov_summary, smallint, smallint, text, float8)
    RETURNS @extschema@.aov_summary
    AS 'MODULE_PATHNAME', 'aov_summary_add_int2_int2_text' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._aov_summary_add(@extschema@.aov_summary, smallint, smallint, text, float8) IS 'aggregate transition function';
CREATE FUNCTION @extschema@._aov_summary_add(@extschema@.aov_summary, smallint, integer)
    RETURNS @extschema@.aov_summary
    AS 'MODULE_PATHNAME', 'aov_summary_add_int2_int4' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._aov_summary_add(@extschema@.aov_summary, smallint, integer) IS 'aggregate transition function';
CREATE FUNCTION @extschema@._aov_summary_add(@extschema@.aov_summary, smallint, integer, bigint)
    RETURNS @extschema@.aov_summary
    AS 'MODULE_PATHNAME', 'aov_summary_add_int2_int4' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._aov_summary_add(@extschema@.aov_summary, smallint, integer, bigint) IS 'aggregate transition function';
CREATE FUNCTION @extschema@._aov_summary_add(@extschema@.aov_summary, smallint, integer, bigint, float8)
    RETURNS @extschema@.aov_summary
    AS 'MODULE_PATHNAME', 'aov_summary_add_int2_int4' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._aov_summary_add(@extschema@.aov_summary, smallint, integer, bigint, float8) IS 'aggregate transition function';
CREATE FUNCTION @extschema@._aov_summary_add(@extschema@.aov_summary, smallint, integer, uuid)
    RETURNS @extschema@.aov_summary
    AS 'MODULE_PATHNAME', 'aov_summary_add_int2_int4_uuid' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._aov_summary_add(@extschema@.aov_summary, smallint, integer, uuid) IS 'aggregate transition function';
CREATE FUNCTION @extschema@._aov_summary_add(@extschema@.aov_summary, smallint, integer, uuid, float8)
    RETURNS @extschema@.aov_summary
    AS 'MODULE_PATHNAME', 'aov_summary_add_int2_int4_uuid' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._aov_summary_add(@extschema@.aov_summary, smallint, integer, uuid, float8) IS 'aggregate transition function';
CREATE FUNCTION @extschema@._aov_summary_add(@extschema@.aov_summary, smallint, integer, text)
    RETURNS @extschema@.aov_summary
    AS 'MODULE_PATHNAME', 'aov_summary_add_int2_int4_text' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._aov_summary_add(@extschema@.aov_summary, smallint, integer, text) IS 'aggregate transition function';
CREATE FUNCTION @extschema@._aov_summary_add(@extschema@.aov_summary, smallint, integer, text, float8)
    RETURNS @extschema@.aov_summary
    AS 'MODULE_PATHNAME', 'aov_summary_add_int2_int4_text' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._aov_summary_add(@extschema@.aov_summary, smallint, integer, text, float8) IS 'aggregate transition function';
CREATE AGGREGATE @extschema@.aov_breakdown(revenue numeric, items integer, customer_id uuid) (
    SFUNC = @extschema@._aov_breakdown_add, STYPE = @extschema@.aov_summary, SSPACE = 16384,
    COMBINEFUNC = @extschema@._aov_summary_combine,
    FINALFUNC = @extschema@._aov_summary_breakdown, FINALFUNC_MODIFY = SHAREABLE,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.aov_breakdown(revenue numeric, items integer, customer_id uuid) IS
    'AOV = unit price x items per order, with customers, 5% trimmed means, medians and top 3 values';
CREATE AGGREGATE @extschema@.aov_summary(revenue numeric, items integer, customer_id uuid) (
    SFUNC = @extschema@._aov_summary_add, STYPE = @extschema@.aov_summary, SSPACE = 2048,
    COMBINEFUNC = @extschema@._aov_summary_combine,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.aov_summary(revenue numeric, items integer, customer_id uuid) IS
    'storable exact summary of orders (counts, sums, distinct customers) for aov_rollup and aov_breakdown';
CREATE AGGREGATE @extschema@.aov_breakdown(revenue numeric, items integer, customer_id uuid, trim_fraction float8) (
    SFUNC = @extschema@._aov_breakdown_add, STYPE = @extschema@.aov_summary, SSPACE = 16384,
    COMBINEFUNC = @extschema@._aov_summary_combine,
    FINALFUNC = @extschema@._aov_summary_breakdown, FINALFUNC_MODIFY = SHAREABLE,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.aov_breakdown(revenue numeric, items integer, customer_id uuid, trim_fraction float8) IS
    'AOV = unit price x items per order, with customers, trimmed means, medians and top 3 values';
CREATE AGGREGATE @extschema@.aov_summary(revenue numeric, items integer, customer_id uuid, trim_fraction float8) (
    SFUNC = @extschema@._aov_summary_add, STYPE = @extschema@.aov_summary, SSPACE = 2048,
    COMBINEFUNC = @extschema@._aov_summary_combine,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.aov_summary(revenue numeric, items integer, customer_id uuid, trim_fraction float8) IS
    'storable exact summary of orders that also keeps every order''s values, so that robust figures survive aov_rollup';
CREATE AGGREGATE @extschema@.aov_breakdown(revenue numeric, items integer, customer_id text) (
    SFUNC = @extschema@._aov_breakdown_add, STYPE = @extschema@.aov_summary, SSPACE = 16384,
    COMBINEFUNC = @extschema@._aov_summary_combine,
    FINALFUNC = @extschema@._aov_summary_breakdown, FINALFUNC_MODIFY = SHAREABLE,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.aov_breakdown(revenue numeric, items integer, customer_id text) IS
    'AOV = unit price x items per order, with customers, 5% trimmed means, medians and top 3 values';
CREATE AGGREGATE @extschema@.aov_summary(revenue numeric, items integer, customer_id text) (
    SFUNC = @extschema@._aov_summary_add, STYPE = @extschema@.aov_summary, SSPACE = 2048,
    COMBINEFUNC = @extschema@._aov_summary_combine,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.aov_summary(revenue numeric, items integer, customer_id text) IS
    'storable exact summary of orders (counts, sums, distinct customers) for aov_rollup and aov_breakdown';
CREATE AGGREGATE @extschema@.aov_breakdown(revenue numeric, items integer, customer_id text, trim_fraction float8) (
    SFUNC = @extschema@._aov_breakdown_add, STYPE = @extschema@.aov_summary, SSPACE = 16384,
    COMBINEFUNC = @extschema@._aov_summary_combine,
    FINALFUNC = @extschema@._aov_summary_breakdown, FINALFUNC_MODIFY = SHAREABLE,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.aov_breakdown(revenue numeric, items integer, customer_id text, trim_fraction float8) IS
    'AOV = unit price x items per order, with customers, trimmed means, medians and top 3 values';
CREATE AGGREGATE @extschema@.aov_summary(revenue numeric, items integer, customer_id text, trim_fraction float8) (
    SFUNC = @extschema@._aov_summary_add, STYPE = @extschema@.aov_summary, SSPACE = 2048,
    COMBINEFUNC = @extschema@._aov_summary_combine,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.aov_summary(revenue numeric, items integer, customer_id text, trim_fraction float8) IS
    'storable exact summary of orders that also keeps every order''s values, so that robust figures survive aov_rollup';
CREATE AGGREGATE @extschema@.aov_breakdown(revenue numeric, items numeric, customer_id uuid) (
    SFUNC = @extschema@._aov_breakdown_add, STYPE = @extschema@.aov_summary, SSPACE = 16384,
    COMBINEFUNC = @extschema@._aov_summary_combine,
    FINALFUNC = @extschema@._aov_summary_breakdown, FINALFUNC_MODIFY = SHAREABLE,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.aov_breakdown(revenue numeric, items numeric, customer_id uuid) IS
    'AOV = unit price x items per order, with customers, 5% trimmed means, medians and top 3 values';
CREATE AGGREGATE @extschema@.aov_summary(revenue numeric, items numeric, customer_id uuid) (
    SFUNC = @extschema@._aov_summary_add, STYPE = @extschema@.aov_summary, SSPACE = 2048,
    COMBINEFUNC = @extschema@._aov_summary_combine,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.aov_summary(revenue numeric, items numeric, customer_id uuid) IS
    'storable exact summary of orders (counts, sums, distinct customers) for aov_rollup and aov_breakdown';
CREATE AGGREGATE @extschema@.aov_breakdown(revenue numeric, items numeric, customer_id uuid, trim_fraction float8) (
    SFUNC = @extschema@._aov_breakdown_add, STYPE = @extschema@.aov_summary, SSPACE = 16384,
    COMBINEFUNC = @extschema@._aov_summary_combine,
    FINALFUNC = @extschema@._aov_summary_breakdown, FINALFUNC_MODIFY = SHAREABLE,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.aov_breakdown(revenue numeric, items numeric, customer_id uuid, trim_fraction float8) IS
    'AOV = unit price x items per order, with customers, trimmed means, medians and top 3 values';
CREATE AGGREGATE @extschema@.aov_summary(revenue numeric, items numeric, customer_id uuid, trim_fraction float8) (
    SFUNC = @extschema@._aov_summary_add, STYPE = @extschema@.aov_summary, SSPACE = 2048,
    COMBINEFUNC = @extschema@._aov_summary_combine,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.aov_summary(revenue numeric, items numeric, customer_id uuid, trim_fraction float8) IS
    'storable exact summary of orders that also keeps every order''s values, so that robust figures survive aov_rollup';
CREATE AGGREGATE @extschema@.aov_breakdown(revenue numeric, items numeric, customer_id text) (
    SFUNC = @extschema@._aov_breakdown_add, STYPE = @extschema@.aov_summary, SSPACE = 16384,
    COMBINEFUNC = @extschema@._aov_summary_combine,
    FINALFUNC = @extschema@._aov_summary_breakdown, FINALFUNC_MODIFY = SHAREABLE,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.aov_breakdown(revenue numeric, items numeric, customer_id text) IS
    'AOV = unit price x items per order, with customers, 5% trimmed means, medians and top 3 values';
CREATE AGGREGATE @extschema@.aov_summary(revenue numeric, items numeric, customer_id text) (
    SFUNC = @extschema@._aov_summary_add, STYPE = @extschema@.aov_summary, SSPACE = 2048,
    COMBINEFUNC = @extschema@._aov_summary_combine,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.aov_summary(revenue numeric, items numeric, customer_id text) IS
    'storable exact summary of orders (counts, sums, distinct customers) for aov_rollup and aov_breakdown';
CREATE AGGREGATE @extschema@.aov_breakdown(revenue numeric, items numeric, customer_id text, trim_fraction float8) (
    SFUNC = @extschema@._aov_breakdown_add, STYPE = @extschema@.aov_summary, SSPACE = 16384,
    COMBINEFUNC = @extschema@._aov_summary_combine,
    FINALFUNC = @extschema@._aov_summary_breakdown, FINALFUNC_MODIFY = SHAREABLE,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.aov_breakdown(revenue numeric, items numeric, customer_id text, trim_fraction float8) IS
    'AOV = unit price x items per order, with customers, trimmed means, medians and top 3 values';
CREATE AGGREGATE @extschema@.aov_summary(revenue numeric, items numeric, customer_id text, trim_fraction float8) (
    SFUNC = @extschema@._aov_summary_add, STYPE = @extschema@.aov_summary, SSPACE = 2048,
    COMBINEFUNC = @extschema@._aov_summary_combine,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.aov_summary(revenue numeric, items numeric, customer_id text, trim_fraction float8) IS
    'storable exact summary of orders that also keeps every order''s values, so that robust figures survive aov_rollup';
CREATE AGGREGATE @extschema@.aov_breakdown(revenue float8, items integer, customer_id uuid) (
    SFUNC = @extschema@._aov_breakdown_add, STYPE = @extschema@.aov_summary, SSPACE = 16384,
    COMBINEFUNC = @extschema@._aov_summary_combine,
    FINALFUNC = @extschema@._aov_summary_breakdown, FINALFUNC_MODIFY = SHAREABLE,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.aov_breakdown(revenue float8, items integer, customer_id uuid) IS
    'AOV = unit price x items per order, with customers, 5% trimmed means, medians and top 3 values';
CREATE AGGREGATE @extschema@.aov_summary(revenue float8, items integer, customer_id uuid) (
    SFUNC = @extschema@._aov_summary_add, STYPE = @extschema@.aov_summary, SSPACE = 2048,
    COMBINEFUNC = @extschema@._aov_summary_combine,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.aov_summary(revenue float8, items integer, customer_id uuid) IS
    'storable exact summary of orders (counts, sums, distinct customers) for aov_rollup and aov_breakdown';
CREATE AGGREGATE @extschema@.aov_breakdown(revenue float8, items integer, customer_id uuid, trim_fraction float8) (
    SFUNC = @extschema@._aov_breakdown_add, STYPE = @extschema@.aov_summary, SSPACE = 16384,
    COMBINEFUNC = @extschema@._aov_summary_combine,
    FINALFUNC = @extschema@._aov_summary_breakdown, FINALFUNC_MODIFY = SHAREABLE,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.aov_breakdown(revenue float8, items integer, customer_id uuid, trim_fraction float8) IS
    'AOV = unit price x items per order, with customers, trimmed means, medians and top 3 values';
CREATE AGGREGATE @extschema@.aov_summary(revenue float8, items integer, customer_id uuid, trim_fraction float8) (
    SFUNC = @extschema@._aov_summary_add, STYPE = @extschema@.aov_summary, SSPACE = 2048,
    COMBINEFUNC = @extschema@._aov_summary_combine,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.aov_summary(revenue float8, items integer, customer_id uuid, trim_fraction float8) IS
    'storable exact summary of orders that also keeps every order''s values, so that robust figures survive aov_rollup';
CREATE AGGREGATE @extschema@.aov_breakdown(revenue float8, items integer, customer_id text) (
    SFUNC = @extschema@._aov_breakdown_add, STYPE = @extschema@.aov_summary, SSPACE = 16384,
    COMBINEFUNC = @extschema@._aov_summary_combine,
    FINALFUNC = @extschema@._aov_summary_breakdown, FINALFUNC_MODIFY = SHAREABLE,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.aov_breakdown(revenue float8, items integer, customer_id text) IS
    'AOV = unit price x items per order, with customers, 5% trimmed means, medians and top 3 values';
CREATE AGGREGATE @extschema@.aov_summary(revenue float8, items integer, customer_id text) (
    SFUNC = @extschema@._aov_summary_add, STYPE = @extschema@.aov_summary, SSPACE = 2048,
    COMBINEFUNC = @extschema@._aov_summary_combine,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.aov_summary(revenue float8, items integer, customer_id text) IS
    'storable exact summary of orders (counts, sums, distinct customers) for aov_rollup and aov_breakdown';
CREATE AGGREGATE @extschema@.aov_breakdown(revenue float8, items integer, customer_id text, trim_fraction float8) (
    SFUNC = @extschema@._aov_breakdown_add, STYPE = @extschema@.aov_summary, SSPACE = 16384,
    COMBINEFUNC = @extschema@._aov_summary_combine,
    FINALFUNC = @extschema@._aov_summary_breakdown, FINALFUNC_MODIFY = SHAREABLE,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.aov_breakdown(revenue float8, items integer, customer_id text, trim_fraction float8) IS
    'AOV = unit price x items per order, with customers, trimmed means, medians and top 3 values';
CREATE AGGREGATE @extschema@.aov_summary(revenue float8, items integer, customer_id text, trim_fraction float8) (
    SFUNC = @extschema@._aov_summary_add, STYPE = @extschema@.aov_summary, SSPACE = 2048,
    COMBINEFUNC = @extschema@._aov_summary_combine,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.aov_summary(revenue float8, items integer, customer_id text, trim_fraction float8) IS
    'storable exact summary of orders that also keeps every order''s values, so that robust figures survive aov_rollup';
CREATE AGGREGATE @extschema@.aov_breakdown(revenue bigint, items integer, customer_id uuid) (
    SFUNC = @extschema@._aov_breakdown_add, STYPE = @extschema@.aov_summary, SSPACE = 16384,
    COMBINEFUNC = @extschema@._aov_summary_combine,
    FINALFUNC = @extschema@._aov_summary_breakdown, FINALFUNC_MODIFY = SHAREABLE,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.aov_breakdown(revenue bigint, items integer, customer_id uuid) IS
    'AOV = unit price x items per order, with customers, 5% trimmed means, medians and top 3 values';
CREATE AGGREGATE @extschema@.aov_summary(revenue bigint, items integer, customer_id uuid) (
    SFUNC = @extschema@._aov_summary_add, STYPE = @extschema@.aov_summary, SSPACE = 2048,
    COMBINEFUNC = @extschema@._aov_summary_combine,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.aov_summary(revenue bigint, items integer, customer_id uuid) IS
    'storable exact summary of orders (counts, sums, distinct customers) for aov_rollup and aov_breakdown';
CREATE AGGREGATE @extschema@.aov_breakdown(revenue bigint, items integer, customer_id uuid, trim_fraction float8) (
    SFUNC = @extschema@._aov_breakdown_add, STYPE = @extschema@.aov_summary, SSPACE = 16384,
    COMBINEFUNC = @extschema@._aov_summary_combine,
    FINALFUNC = @extschema@._aov_summary_breakdown, FINALFUNC_MODIFY = SHAREABLE,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.aov_breakdown(revenue bigint, items integer, customer_id uuid, trim_fraction float8) IS
    'AOV = unit price x items per order, with customers, trimmed means, medians and top 3 values';
CREATE AGGREGATE @extschema@.aov_summary(revenue bigint, items integer, customer_id uuid, trim_fraction float8) (
    SFUNC = @extschema@._aov_summary_add, STYPE = @extschema@.aov_summary, SSPACE = 2048,
    COMBINEFUNC = @extschema@._aov_summary_combine,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.aov_summary(revenue bigint, items integer, customer_id uuid, trim_fraction float8) IS
    'storable exact summary of orders that also keeps every order''s values, so that robust figures survive aov_rollup';
CREATE AGGREGATE @extschema@.aov_breakdown(revenue bigint, items integer, customer_id text) (
    SFUNC = @extschema@._aov_breakdown_add, STYPE = @extschema@.aov_summary, SSPACE = 16384,
    COMBINEFUNC = @extschema@._aov_summary_combine,
    FINALFUNC = @extschema@._aov_summary_breakdown, FINALFUNC_MODIFY = SHAREABLE,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.aov_breakdown(revenue bigint, items integer, customer_id text) IS
    'AOV = unit price x items per order, with customers, 5% trimmed means, medians and top 3 values';
CREATE AGGREGATE @extschema@.aov_summary(revenue bigint, items integer, customer_id text) (
    SFUNC = @extschema@._aov_summary_add, STYPE = @extschema@.aov_summary, SSPACE = 2048,
    COMBINEFUNC = @extschema@._aov_summary_combine,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.aov_summary(revenue bigint, items integer, customer_id text) IS
    'storable exact summary of orders (counts, sums, distinct customers) for aov_rollup and aov_breakdown';
CREATE AGGREGATE @extschema@.aov_breakdown(revenue bigint, items integer, customer_id text, trim_fraction float8) (
    SFUNC = @extschema@._aov_breakdown_add, STYPE = @extschema@.aov_summary, SSPACE = 16384,
    COMBINEFUNC = @extschema@._aov_summary_combine,
    FINALFUNC = @extschema@._aov_summary_breakdown, FINALFUNC_MODIFY = SHAREABLE,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.aov_breakdown(revenue bigint, items integer, customer_id text, trim_fraction float8) IS
    'AOV = unit price x items per order, with customers, trimmed means, medians and top 3 values';
CREATE AGGREGATE @extschema@.aov_summary(revenue bigint, items integer, customer_id text, trim_fraction float8) (
    SFUNC = @extschema@._aov_summary_add, STYPE = @extschema@.aov_summary, SSPACE = 2048,
    COMBINEFUNC = @extschema@._aov_summary_combine,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.aov_summary(revenue bigint, items integer, customer_id text, trim_fraction float8) IS
    'storable exact summary of orders that also keeps every order''s values, so that robust figures survive aov_rollup';
CREATE AGGREGATE @extschema@.aov_breakdown(revenue integer, items integer, customer_id uuid) (
    SFUNC = @extschema@._aov_breakdown_add, STYPE = @extschema@.aov_summary, SSPACE = 16384,
    COMBINEFUNC = @extschema@._aov_summary_combine,
    FINALFUNC = @extschema@._aov_summary_breakdown, FINALFUNC_MODIFY = SHAREABLE,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.aov_breakdown(revenue integer, items integer, customer_id uuid) IS
    'AOV = unit price x items per order, with customers, 5% trimmed means, medians and top 3 values';
CREATE AGGREGATE @extschema@.aov_summary(revenue integer, items integer, customer_id uuid) (
    SFUNC = @extschema@._aov_summary_add, STYPE = @extschema@.aov_summary, SSPACE = 2048,
    COMBINEFUNC = @extschema@._aov_summary_combine,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.aov_summary(revenue integer, items integer, customer_id uuid) IS
    'storable exact summary of orders (counts, sums, distinct customers) for aov_rollup and aov_breakdown';
CREATE AGGREGATE @extschema@.aov_breakdown(revenue integer, items integer, customer_id uuid, trim_fraction float8) (
    SFUNC = @extschema@._aov_breakdown_add, STYPE = @extschema@.aov_summary, SSPACE = 16384,
    COMBINEFUNC = @extschema@._aov_summary_combine,
    FINALFUNC = @extschema@._aov_summary_breakdown, FINALFUNC_MODIFY = SHAREABLE,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.aov_breakdown(revenue integer, items integer, customer_id uuid, trim_fraction float8) IS
    'AOV = unit price x items per order, with customers, trimmed means, medians and top 3 values';
CREATE AGGREGATE @extschema@.aov_summary(revenue integer, items integer, customer_id uuid, trim_fraction float8) (
    SFUNC = @extschema@._aov_summary_add, STYPE = @extschema@.aov_summary, SSPACE = 2048,
    COMBINEFUNC = @extschema@._aov_summary_combine,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.aov_summary(revenue integer, items integer, customer_id uuid, trim_fraction float8) IS
    'storable exact summary of orders that also keeps every order''s values, so that robust figures survive aov_rollup';
CREATE AGGREGATE @extschema@.aov_breakdown(revenue integer, items integer, customer_id text) (
    SFUNC = @extschema@._aov_breakdown_add, STYPE = @extschema@.aov_summary, SSPACE = 16384,
    COMBINEFUNC = @extschema@._aov_summary_combine,
    FINALFUNC = @extschema@._aov_summary_breakdown, FINALFUNC_MODIFY = SHAREABLE,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.aov_breakdown(revenue integer, items integer, customer_id text) IS
    'AOV = unit price x items per order, with customers, 5% trimmed means, medians and top 3 values';
CREATE AGGREGATE @extschema@.aov_summary(revenue integer, items integer, customer_id text) (
    SFUNC = @extschema@._aov_summary_add, STYPE = @extschema@.aov_summary, SSPACE = 2048,
    COMBINEFUNC = @extschema@._aov_summary_combine,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.aov_summary(revenue integer, items integer, customer_id text) IS
    'storable exact summary of orders (counts, sums, distinct customers) for aov_rollup and aov_breakdown';
CREATE AGGREGATE @extschema@.aov_breakdown(revenue integer, items integer, customer_id text, trim_fraction float8) (
    SFUNC = @extschema@._aov_breakdown_add, STYPE = @extschema@.aov_summary, SSPACE = 16384,
    COMBINEFUNC = @extschema@._aov_summary_combine,
    FINALFUNC = @extschema@._aov_summary_breakdown, FINALFUNC_MODIFY = SHAREABLE,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.aov_breakdown(revenue integer, items integer, customer_id text, trim_fraction float8) IS
    'AOV = unit price x items per order, with customers, trimmed means, medians and top 3 values';
CREATE AGGREGATE @extschema@.aov_summary(revenue integer, items integer, customer_id text, trim_fraction float8) (
    SFUNC = @extschema@._aov_summary_add, STYPE = @extschema@.aov_summary, SSPACE = 2048,
    COMBINEFUNC = @extschema@._aov_summary_combine,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.aov_summary(revenue integer, items integer, customer_id text, trim_fraction float8) IS
    'storable exact summary of orders that also keeps every order''s values, so that robust figures survive aov_rollup';
CREATE AGGREGATE @extschema@.aov_breakdown(revenue numeric, items smallint) (
    SFUNC = @extschema@._aov_breakdown_add, STYPE = @extschema@.aov_summary, SSPACE = 16384,
    COMBINEFUNC = @extschema@._aov_summary_combine,
    FINALFUNC = @extschema@._aov_summary_breakdown, FINALFUNC_MODIFY = SHAREABLE,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.aov_breakdown(revenue numeric, items smallint) IS
    'AOV = unit price x items per order, with 5% trimmed means, medians and top 3 values';
CREATE AGGREGATE @extschema@.aov_summary(revenue numeric, items smallint) (
    SFUNC = @extschema@._aov_summary_add, STYPE = @extschema@.aov_summary, SSPACE = 2048,
    COMBINEFUNC = @extschema@._aov_summary_combine,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.aov_summary(revenue numeric, items smallint) IS
    'storable exact summary of orders (counts and sums) for aov_rollup and aov_breakdown';
CREATE AGGREGATE @extschema@.aov_breakdown(revenue numeric, items smallint, customer_id bigint) (
    SFUNC = @extschema@._aov_breakdown_add, STYPE = @extschema@.aov_summary, SSPACE = 16384,
    COMBINEFUNC = @extschema@._aov_summary_combine,
    FINALFUNC = @extschema@._aov_summary_breakdown, FINALFUNC_MODIFY = SHAREABLE,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.aov_breakdown(revenue numeric, items smallint, customer_id bigint) IS
    'AOV = unit price x items per order, with customers, 5% trimmed means, medians and top 3 values';
CREATE AGGREGATE @extschema@.aov_summary(revenue numeric, items smallint, customer_id bigint) (
    SFUNC = @extschema@._aov_summary_add, STYPE = @extschema@.aov_summary, SSPACE = 2048,
    COMBINEFUNC = @extschema@._aov_summary_combine,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.aov_summary(revenue numeric, items smallint, customer_id bigint) IS
    'storable exact summary of orders (counts, sums, distinct customers) for aov_rollup and aov_breakdown';
CREATE AGGREGATE @extschema@.aov_breakdown(revenue numeric, items smallint, customer_id bigint, trim_fraction float8) (
    SFUNC = @extschema@._aov_breakdown_add, STYPE = @extschema@.aov_summary, SSPACE = 16384,
    COMBINEFUNC = @extschema@._aov_summary_combine,
    FINALFUNC = @extschema@._aov_summary_breakdown, FINALFUNC_MODIFY = SHAREABLE,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.aov_breakdown(revenue numeric, items smallint, customer_id bigint, trim_fraction float8) IS
    'AOV = unit price x items per order, with customers, trimmed means, medians and top 3 values';
CREATE AGGREGATE @extschema@.aov_summary(revenue numeric, items smallint, customer_id bigint, trim_fraction float8) (
    SFUNC = @extschema@._aov_summary_add, STYPE = @extschema@.aov_summary, SSPACE = 2048,
    COMBINEFUNC = @extschema@._aov_summary_combine,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.aov_summary(revenue numeric, items smallint, customer_id bigint, trim_fraction float8) IS
    'storable exact summary of orders that also keeps every order''s values, so that robust figures survive aov_rollup';
CREATE AGGREGATE @extschema@.aov_breakdown(revenue numeric, items smallint, customer_id uuid) (
    SFUNC = @extschema@._aov_breakdown_add, STYPE = @extschema@.aov_summary, SSPACE = 16384,
    COMBINEFUNC = @extschema@._aov_summary_combine,
    FINALFUNC = @extschema@._aov_summary_breakdown, FINALFUNC_MODIFY = SHAREABLE,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.aov_breakdown(revenue numeric, items smallint, customer_id uuid) IS
    'AOV = unit price x items per order, with customers, 5% trimmed means, medians and top 3 values';
CREATE AGGREGATE @extschema@.aov_summary(revenue numeric, items smallint, customer_id uuid) (
    SFUNC = @extschema@._aov_summary_add, STYPE = @extschema@.aov_summary, SSPACE = 2048,
    COMBINEFUNC = @extschema@._aov_summary_combine,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.aov_summary(revenue numeric, items smallint, customer_id uuid) IS
    'storable exact summary of orders (counts, sums, distinct customers) for aov_rollup and aov_breakdown';
CREATE AGGREGATE @extschema@.aov_breakdown(revenue numeric, items smallint, customer_id uuid, trim_fraction float8) (
    SFUNC = @extschema@._aov_breakdown_add, STYPE = @extschema@.aov_summary, SSPACE = 16384,
    COMBINEFUNC = @extschema@._aov_summary_combine,
    FINALFUNC = @extschema@._aov_summary_breakdown, FINALFUNC_MODIFY = SHAREABLE,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.aov_breakdown(revenue numeric, items smallint, customer_id uuid, trim_fraction float8) IS
    'AOV = unit price x items per order, with customers, trimmed means, medians and top 3 values';
CREATE AGGREGATE @extschema@.aov_summary(revenue numeric, items smallint, customer_id uuid, trim_fraction float8) (
    SFUNC = @extschema@._aov_summary_add, STYPE = @extschema@.aov_summary, SSPACE = 2048,
    COMBINEFUNC = @extschema@._aov_summary_combine,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.aov_summary(revenue numeric, items smallint, customer_id uuid, trim_fraction float8) IS
    'storable exact summary of orders that also keeps every order''s values, so that robust figures survive aov_rollup';
CREATE AGGREGATE @extschema@.aov_breakdown(revenue numeric, items smallint, customer_id text) (
    SFUNC = @extschema@._aov_breakdown_add, STYPE = @extschema@.aov_summary, SSPACE = 16384,
    COMBINEFUNC = @extschema@._aov_summary_combine,
    FINALFUNC = @extschema@._aov_summary_breakdown, FINALFUNC_MODIFY = SHAREABLE,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.aov_breakdown(revenue numeric, items smallint, customer_id text) IS
    'AOV = unit price x items per order, with customers, 5% trimmed means, medians and top 3 values';
CREATE AGGREGATE @extschema@.aov_summary(revenue numeric, items smallint, customer_id text) (
    SFUNC = @extschema@._aov_summary_add, STYPE = @extschema@.aov_summary, SSPACE = 2048,
    COMBINEFUNC = @extschema@._aov_summary_combine,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.aov_summary(revenue numeric, items smallint, customer_id text) IS
    'storable exact summary of orders (counts, sums, distinct customers) for aov_rollup and aov_breakdown';
CREATE AGGREGATE @extschema@.aov_breakdown(revenue numeric, items smallint, customer_id text, trim_fraction float8) (
    SFUNC = @extschema@._aov_breakdown_add, STYPE = @extschema@.aov_summary, SSPACE = 16384,
    COMBINEFUNC = @extschema@._aov_summary_combine,
    FINALFUNC = @extschema@._aov_summary_breakdown, FINALFUNC_MODIFY = SHAREABLE,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.aov_breakdown(revenue numeric, items smallint, customer_id text, trim_fraction float8) IS
    'AOV = unit price x items per order, with customers, trimmed means, medians and top 3 values';
CREATE AGGREGATE @extschema@.aov_summary(revenue numeric, items smallint, customer_id text, trim_fraction float8) (
    SFUNC = @extschema@._aov_summary_add, STYPE = @extschema@.aov_summary, SSPACE = 2048,
    COMBINEFUNC = @extschema@._aov_summary_combine,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.aov_summary(revenue numeric, items smallint, customer_id text, trim_fraction float8) IS
    'storable exact summary of orders that also keeps every order''s values, so that robust figures survive aov_rollup';
CREATE AGGREGATE @extschema@.aov_breakdown(revenue bigint, items smallint) (
    SFUNC = @extschema@._aov_breakdown_add, STYPE = @extschema@.aov_summary, SSPACE = 16384,
    COMBINEFUNC = @extschema@._aov_summary_combine,
    FINALFUNC = @extschema@._aov_summary_breakdown, FINALFUNC_MODIFY = SHAREABLE,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.aov_breakdown(revenue bigint, items smallint) IS
    'AOV = unit price x items per order, with 5% trimmed means, medians and top 3 values';
CREATE AGGREGATE @extschema@.aov_summary(revenue bigint, items smallint) (
    SFUNC = @extschema@._aov_summary_add, STYPE = @extschema@.aov_summary, SSPACE = 2048,
    COMBINEFUNC = @extschema@._aov_summary_combine,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.aov_summary(revenue bigint, items smallint) IS
    'storable exact summary of orders (counts and sums) for aov_rollup and aov_breakdown';
CREATE AGGREGATE @extschema@.aov_breakdown(revenue bigint, items smallint, customer_id bigint) (
    SFUNC = @extschema@._aov_breakdown_add, STYPE = @extschema@.aov_summary, SSPACE = 16384,
    COMBINEFUNC = @extschema@._aov_summary_combine,
    FINALFUNC = @extschema@._aov_summary_breakdown, FINALFUNC_MODIFY = SHAREABLE,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.aov_breakdown(revenue bigint, items smallint, customer_id bigint) IS
    'AOV = unit price x items per order, with customers, 5% trimmed means, medians and top 3 values';
CREATE AGGREGATE @extschema@.aov_summary(revenue bigint, items smallint, customer_id bigint) (
    SFUNC = @extschema@._aov_summary_add, STYPE = @extschema@.aov_summary, SSPACE = 2048,
    COMBINEFUNC = @extschema@._aov_summary_combine,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.aov_summary(revenue bigint, items smallint, customer_id bigint) IS
    'storable exact summary of orders (counts, sums, distinct customers) for aov_rollup and aov_breakdown';
CREATE AGGREGATE @extschema@.aov_breakdown(revenue bigint, items smallint, customer_id bigint, trim_fraction float8) (
    SFUNC = @extschema@._aov_breakdown_add, STYPE = @extschema@.aov_summary, SSPACE = 16384,
    COMBINEFUNC = @extschema@._aov_summary_combine,
    FINALFUNC = @extschema@._aov_summary_breakdown, FINALFUNC_MODIFY = SHAREABLE,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.aov_breakdown(revenue bigint, items smallint, customer_id bigint, trim_fraction float8) IS
    'AOV = unit price x items per order, with customers, trimmed means, medians and top 3 values';
CREATE AGGREGATE @extschema@.aov_summary(revenue bigint, items smallint, customer_id bigint, trim_fraction float8) (
    SFUNC = @extschema@._aov_summary_add, STYPE = @extschema@.aov_summary, SSPACE = 2048,
    COMBINEFUNC = @extschema@._aov_summary_combine,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.aov_summary(revenue bigint, items smallint, customer_id bigint, trim_fraction float8) IS
    'storable exact summary of orders that also keeps every order''s values, so that robust figures survive aov_rollup';
CREATE AGGREGATE @extschema@.aov_breakdown(revenue bigint, items smallint, customer_id uuid) (
    SFUNC = @extschema@._aov_breakdown_add, STYPE = @extschema@.aov_summary, SSPACE = 16384,
    COMBINEFUNC = @extschema@._aov_summary_combine,
    FINALFUNC = @extschema@._aov_summary_breakdown, FINALFUNC_MODIFY = SHAREABLE,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.aov_breakdown(revenue bigint, items smallint, customer_id uuid) IS
    'AOV = unit price x items per order, with customers, 5% trimmed means, medians and top 3 values';
CREATE AGGREGATE @extschema@.aov_summary(revenue bigint, items smallint, customer_id uuid) (
    SFUNC = @extschema@._aov_summary_add, STYPE = @extschema@.aov_summary, SSPACE = 2048,
    COMBINEFUNC = @extschema@._aov_summary_combine,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.aov_summary(revenue bigint, items smallint, customer_id uuid) IS
    'storable exact summary of orders (counts, sums, distinct customers) for aov_rollup and aov_breakdown';
CREATE AGGREGATE @extschema@.aov_breakdown(revenue bigint, items smallint, customer_id uuid, trim_fraction float8) (
    SFUNC = @extschema@._aov_breakdown_add, STYPE = @extschema@.aov_summary, SSPACE = 16384,
    COMBINEFUNC = @extschema@._aov_summary_combine,
    FINALFUNC = @extschema@._aov_summary_breakdown, FINALFUNC_MODIFY = SHAREABLE,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.aov_breakdown(revenue bigint, items smallint, customer_id uuid, trim_fraction float8) IS
    'AOV = unit price x items per order, with customers, trimmed means, medians and top 3 values';
CREATE AGGREGATE @extschema@.aov_summary(revenue bigint, items smallint, customer_id uuid, trim_fraction float8) (
    SFUNC = @extschema@._aov_summary_add, STYPE = @extschema@.aov_summary, SSPACE = 2048,
    COMBINEFUNC = @extschema@._aov_summary_combine,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.aov_summary(revenue bigint, items smallint, customer_id uuid, trim_fraction float8) IS
    'storable exact summary of orders that also keeps every order''s values, so that robust figures survive aov_rollup';
CREATE AGGREGATE @extschema@.aov_breakdown(revenue bigint, items smallint, customer_id text) (
    SFUNC = @extschema@._aov_breakdown_add, STYPE = @extschema@.aov_summary, SSPACE = 16384,
    COMBINEFUNC = @extschema@._aov_summary_combine,
    FINALFUNC = @extschema@._aov_summary_breakdown, FINALFUNC_MODIFY = SHAREABLE,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.aov_breakdown(revenue bigint, items smallint, customer_id text) IS
    'AOV = unit price x items per order, with customers, 5% trimmed means, medians and top 3 values';
CREATE AGGREGATE @extschema@.aov_summary(revenue bigint, items smallint, customer_id text) (
    SFUNC = @extschema@._aov_summary_add, STYPE = @extschema@.aov_summary, SSPACE = 2048,
    COMBINEFUNC = @extschema@._aov_summary_combine,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.aov_summary(revenue bigint, items smallint, customer_id text) IS
    'storable exact summary of orders (counts, sums, distinct customers) for aov_rollup and aov_breakdown';
CREATE AGGREGATE @extschema@.aov_breakdown(revenue bigint, items smallint, customer_id text, trim_fraction float8) (
    SFUNC = @extschema@._aov_breakdown_add, STYPE = @extschema@.aov_summary, SSPACE = 16384,
    COMBINEFUNC = @extschema@._aov_summary_combine,
    FINALFUNC = @extschema@._aov_summary_breakdown, FINALFUNC_MODIFY = SHAREABLE,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.aov_breakdown(revenue bigint, items smallint, customer_id text, trim_fraction float8) IS
    'AOV = unit price x items per order, with customers, trimmed means, medians and top 3 values';
CREATE AGGREGATE @extschema@.aov_summary(revenue bigint, items smallint, customer_id text, trim_fraction float8) (
    SFUNC = @extschema@._aov_summary_add, STYPE = @extschema@.aov_summary, SSPACE = 2048,
    COMBINEFUNC = @extschema@._aov_summary_combine,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.aov_summary(revenue bigint, items smallint, customer_id text, trim_fraction float8) IS
    'storable exact summary of orders that also keeps every order''s values, so that robust figures survive aov_rollup';
CREATE AGGREGATE @extschema@.aov_breakdown(revenue integer, items smallint) (
    SFUNC = @extschema@._aov_breakdown_add, STYPE = @extschema@.aov_summary, SSPACE = 16384,
    COMBINEFUNC = @extschema@._aov_summary_combine,
    FINALFUNC = @extschema@._aov_summary_breakdown, FINALFUNC_MODIFY = SHAREABLE,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.aov_breakdown(revenue integer, items smallint) IS
    'AOV = unit price x items per order, with 5% trimmed means, medians and top 3 values';
CREATE AGGREGATE @extschema@.aov_summary(revenue integer, items smallint) (
    SFUNC = @extschema@._aov_summary_add, STYPE = @extschema@.aov_summary, SSPACE = 2048,
    COMBINEFUNC = @extschema@._aov_summary_combine,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.aov_summary(revenue integer, items smallint) IS
    'storable exact summary of orders (counts and sums) for aov_rollup and aov_breakdown';
CREATE AGGREGATE @extschema@.aov_breakdown(revenue integer, items smallint, customer_id bigint) (
    SFUNC = @extschema@._aov_breakdown_add, STYPE = @extschema@.aov_summary, SSPACE = 16384,
    COMBINEFUNC = @extschema@._aov_summary_combine,
    FINALFUNC = @extschema@._aov_summary_breakdown, FINALFUNC_MODIFY = SHAREABLE,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.aov_breakdown(revenue integer, items smallint, customer_id bigint) IS
    'AOV = unit price x items per order, with customers, 5% trimmed means, medians and top 3 values';
CREATE AGGREGATE @extschema@.aov_summary(revenue integer, items smallint, customer_id bigint) (
    SFUNC = @extschema@._aov_summary_add, STYPE = @extschema@.aov_summary, SSPACE = 2048,
    COMBINEFUNC = @extschema@._aov_summary_combine,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.aov_summary(revenue integer, items smallint, customer_id bigint) IS
    'storable exact summary of orders (counts, sums, distinct customers) for aov_rollup and aov_breakdown';
CREATE AGGREGATE @extschema@.aov_breakdown(revenue integer, items smallint, customer_id bigint, trim_fraction float8) (
    SFUNC = @extschema@._aov_breakdown_add, STYPE = @extschema@.aov_summary, SSPACE = 16384,
    COMBINEFUNC = @extschema@._aov_summary_combine,
    FINALFUNC = @extschema@._aov_summary_breakdown, FINALFUNC_MODIFY = SHAREABLE,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.aov_breakdown(revenue integer, items smallint, customer_id bigint, trim_fraction float8) IS
    'AOV = unit price x items per order, with customers, trimmed means, medians and top 3 values';
CREATE AGGREGATE @extschema@.aov_summary(revenue integer, items smallint, customer_id bigint, trim_fraction float8) (
    SFUNC = @extschema@._aov_summary_add, STYPE = @extschema@.aov_summary, SSPACE = 2048,
    COMBINEFUNC = @extschema@._aov_summary_combine,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.aov_summary(revenue integer, items smallint, customer_id bigint, trim_fraction float8) IS
    'storable exact summary of orders that also keeps every order''s values, so that robust figures survive aov_rollup';
CREATE AGGREGATE @extschema@.aov_breakdown(revenue integer, items smallint, customer_id uuid) (
    SFUNC = @extschema@._aov_breakdown_add, STYPE = @extschema@.aov_summary, SSPACE = 16384,
    COMBINEFUNC = @extschema@._aov_summary_combine,
    FINALFUNC = @extschema@._aov_summary_breakdown, FINALFUNC_MODIFY = SHAREABLE,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.aov_breakdown(revenue integer, items smallint, customer_id uuid) IS
    'AOV = unit price x items per order, with customers, 5% trimmed means, medians and top 3 values';
CREATE AGGREGATE @extschema@.aov_summary(revenue integer, items smallint, customer_id uuid) (
    SFUNC = @extschema@._aov_summary_add, STYPE = @extschema@.aov_summary, SSPACE = 2048,
    COMBINEFUNC = @extschema@._aov_summary_combine,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.aov_summary(revenue integer, items smallint, customer_id uuid) IS
    'storable exact summary of orders (counts, sums, distinct customers) for aov_rollup and aov_breakdown';
CREATE AGGREGATE @extschema@.aov_breakdown(revenue integer, items smallint, customer_id uuid, trim_fraction float8) (
    SFUNC = @extschema@._aov_breakdown_add, STYPE = @extschema@.aov_summary, SSPACE = 16384,
    COMBINEFUNC = @extschema@._aov_summary_combine,
    FINALFUNC = @extschema@._aov_summary_breakdown, FINALFUNC_MODIFY = SHAREABLE,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.aov_breakdown(revenue integer, items smallint, customer_id uuid, trim_fraction float8) IS
    'AOV = unit price x items per order, with customers, trimmed means, medians and top 3 values';
CREATE AGGREGATE @extschema@.aov_summary(revenue integer, items smallint, customer_id uuid, trim_fraction float8) (
    SFUNC = @extschema@._aov_summary_add, STYPE = @extschema@.aov_summary, SSPACE = 2048,
    COMBINEFUNC = @extschema@._aov_summary_combine,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.aov_summary(revenue integer, items smallint, customer_id uuid, trim_fraction float8) IS
    'storable exact summary of orders that also keeps every order''s values, so that robust figures survive aov_rollup';
CREATE AGGREGATE @extschema@.aov_breakdown(revenue integer, items smallint, customer_id text) (
    SFUNC = @extschema@._aov_breakdown_add, STYPE = @extschema@.aov_summary, SSPACE = 16384,
    COMBINEFUNC = @extschema@._aov_summary_combine,
    FINALFUNC = @extschema@._aov_summary_breakdown, FINALFUNC_MODIFY = SHAREABLE,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.aov_breakdown(revenue integer, items smallint, customer_id text) IS
    'AOV = unit price x items per order, with customers, 5% trimmed means, medians and top 3 values';
CREATE AGGREGATE @extschema@.aov_summary(revenue integer, items smallint, customer_id text) (
    SFUNC = @extschema@._aov_summary_add, STYPE = @extschema@.aov_summary, SSPACE = 2048,
    COMBINEFUNC = @extschema@._aov_summary_combine,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.aov_summary(revenue integer, items smallint, customer_id text) IS
    'storable exact summary of orders (counts, sums, distinct customers) for aov_rollup and aov_breakdown';
CREATE AGGREGATE @extschema@.aov_breakdown(revenue integer, items smallint, customer_id text, trim_fraction float8) (
    SFUNC = @extschema@._aov_breakdown_add, STYPE = @extschema@.aov_summary, SSPACE = 16384,
    COMBINEFUNC = @extschema@._aov_summary_combine,
    FINALFUNC = @extschema@._aov_summary_breakdown, FINALFUNC_MODIFY = SHAREABLE,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.aov_breakdown(revenue integer, items smallint, customer_id text, trim_fraction float8) IS
    'AOV = unit price x items per order, with customers, trimmed means, medians and top 3 values';
CREATE AGGREGATE @extschema@.aov_summary(revenue integer, items smallint, customer_id text, trim_fraction float8) (
    SFUNC = @extschema@._aov_summary_add, STYPE = @extschema@.aov_summary, SSPACE = 2048,
    COMBINEFUNC = @extschema@._aov_summary_combine,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.aov_summary(revenue integer, items smallint, customer_id text, trim_fraction float8) IS
    'storable exact summary of orders that also keeps every order''s values, so that robust figures survive aov_rollup';
CREATE AGGREGATE @extschema@.aov_breakdown(revenue smallint, items smallint) (
    SFUNC = @extschema@._aov_breakdown_add, STYPE = @extschema@.aov_summary, SSPACE = 16384,
    COMBINEFUNC = @extschema@._aov_summary_combine,
    FINALFUNC = @extschema@._aov_summary_breakdown, FINALFUNC_MODIFY = SHAREABLE,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.aov_breakdown(revenue smallint, items smallint) IS
    'AOV = unit price x items per order, with 5% trimmed means, medians and top 3 values';
CREATE AGGREGATE @extschema@.aov_summary(revenue smallint, items smallint) (
    SFUNC = @extschema@._aov_summary_add, STYPE = @extschema@.aov_summary, SSPACE = 2048,
    COMBINEFUNC = @extschema@._aov_summary_combine,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.aov_summary(revenue smallint, items smallint) IS
    'storable exact summary of orders (counts and sums) for aov_rollup and aov_breakdown';
CREATE AGGREGATE @extschema@.aov_breakdown(revenue smallint, items smallint, customer_id bigint) (
    SFUNC = @extschema@._aov_breakdown_add, STYPE = @extschema@.aov_summary, SSPACE = 16384,
    COMBINEFUNC = @extschema@._aov_summary_combine,
    FINALFUNC = @extschema@._aov_summary_breakdown, FINALFUNC_MODIFY = SHAREABLE,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.aov_breakdown(revenue smallint, items smallint, customer_id bigint) IS
    'AOV = unit price x items per order, with customers, 5% trimmed means, medians and top 3 values';
CREATE AGGREGATE @extschema@.aov_summary(revenue smallint, items smallint, customer_id bigint) (
    SFUNC = @extschema@._aov_summary_add, STYPE = @extschema@.aov_summary, SSPACE = 2048,
    COMBINEFUNC = @extschema@._aov_summary_combine,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.aov_summary(revenue smallint, items smallint, customer_id bigint) IS
    'storable exact summary of orders (counts, sums, distinct customers) for aov_rollup and aov_breakdown';
CREATE AGGREGATE @extschema@.aov_breakdown(revenue smallint, items smallint, customer_id bigint, trim_fraction float8) (
    SFUNC = @extschema@._aov_breakdown_add, STYPE = @extschema@.aov_summary, SSPACE = 16384,
    COMBINEFUNC = @extschema@._aov_summary_combine,
    FINALFUNC = @extschema@._aov_summary_breakdown, FINALFUNC_MODIFY = SHAREABLE,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.aov_breakdown(revenue smallint, items smallint, customer_id bigint, trim_fraction float8) IS
    'AOV = unit price x items per order, with customers, trimmed means, medians and top 3 values';
CREATE AGGREGATE @extschema@.aov_summary(revenue smallint, items smallint, customer_id bigint, trim_fraction float8) (
    SFUNC = @extschema@._aov_summary_add, STYPE = @extschema@.aov_summary, SSPACE = 2048,
    COMBINEFUNC = @extschema@._aov_summary_combine,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.aov_summary(revenue smallint, items smallint, customer_id bigint, trim_fraction float8) IS
    'storable exact summary of orders that also keeps every order''s values, so that robust figures survive aov_rollup';
CREATE AGGREGATE @extschema@.aov_breakdown(revenue smallint, items smallint, customer_id uuid) (
    SFUNC = @extschema@._aov_breakdown_add, STYPE = @extschema@.aov_summary, SSPACE = 16384,
    COMBINEFUNC = @extschema@._aov_summary_combine,
    FINALFUNC = @extschema@._aov_summary_breakdown, FINALFUNC_MODIFY = SHAREABLE,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.aov_breakdown(revenue smallint, items smallint, customer_id uuid) IS
    'AOV = unit price x items per order, with customers, 5% trimmed means, medians and top 3 values';
CREATE AGGREGATE @extschema@.aov_summary(revenue smallint, items smallint, customer_id uuid) (
    SFUNC = @extschema@._aov_summary_add, STYPE = @extschema@.aov_summary, SSPACE = 2048,
    COMBINEFUNC = @extschema@._aov_summary_combine,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.aov_summary(revenue smallint, items smallint, customer_id uuid) IS
    'storable exact summary of orders (counts, sums, distinct customers) for aov_rollup and aov_breakdown';
CREATE AGGREGATE @extschema@.aov_breakdown(revenue smallint, items smallint, customer_id uuid, trim_fraction float8) (
    SFUNC = @extschema@._aov_breakdown_add, STYPE = @extschema@.aov_summary, SSPACE = 16384,
    COMBINEFUNC = @extschema@._aov_summary_combine,
    FINALFUNC = @extschema@._aov_summary_breakdown, FINALFUNC_MODIFY = SHAREABLE,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.aov_breakdown(revenue smallint, items smallint, customer_id uuid, trim_fraction float8) IS
    'AOV = unit price x items per order, with customers, trimmed means, medians and top 3 values';
CREATE AGGREGATE @extschema@.aov_summary(revenue smallint, items smallint, customer_id uuid, trim_fraction float8) (
    SFUNC = @extschema@._aov_summary_add, STYPE = @extschema@.aov_summary, SSPACE = 2048,
    COMBINEFUNC = @extschema@._aov_summary_combine,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.aov_summary(revenue smallint, items smallint, customer_id uuid, trim_fraction float8) IS
    'storable exact summary of orders that also keeps every order''s values, so that robust figures survive aov_rollup';
CREATE AGGREGATE @extschema@.aov_breakdown(revenue smallint, items smallint, customer_id text) (
    SFUNC = @extschema@._aov_breakdown_add, STYPE = @extschema@.aov_summary, SSPACE = 16384,
    COMBINEFUNC = @extschema@._aov_summary_combine,
    FINALFUNC = @extschema@._aov_summary_breakdown, FINALFUNC_MODIFY = SHAREABLE,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.aov_breakdown(revenue smallint, items smallint, customer_id text) IS
    'AOV = unit price x items per order, with customers, 5% trimmed means, medians and top 3 values';
CREATE AGGREGATE @extschema@.aov_summary(revenue smallint, items smallint, customer_id text) (
    SFUNC = @extschema@._aov_summary_add, STYPE = @extschema@.aov_summary, SSPACE = 2048,
    COMBINEFUNC = @extschema@._aov_summary_combine,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.aov_summary(revenue smallint, items smallint, customer_id text) IS
    'storable exact summary of orders (counts, sums, distinct customers) for aov_rollup and aov_breakdown';
CREATE AGGREGATE @extschema@.aov_breakdown(revenue smallint, items smallint, customer_id text, trim_fraction float8) (
    SFUNC = @extschema@._aov_breakdown_add, STYPE = @extschema@.aov_summary, SSPACE = 16384,
    COMBINEFUNC = @extschema@._aov_summary_combine,
    FINALFUNC = @extschema@._aov_summary_breakdown, FINALFUNC_MODIFY = SHAREABLE,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.aov_breakdown(revenue smallint, items smallint, customer_id text, trim_fraction float8) IS
    'AOV = unit price x items per order, with customers, trimmed means, medians and top 3 values';
CREATE AGGREGATE @extschema@.aov_summary(revenue smallint, items smallint, customer_id text, trim_fraction float8) (
    SFUNC = @extschema@._aov_summary_add, STYPE = @extschema@.aov_summary, SSPACE = 2048,
    COMBINEFUNC = @extschema@._aov_summary_combine,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.aov_summary(revenue smallint, items smallint, customer_id text, trim_fraction float8) IS
    'storable exact summary of orders that also keeps every order''s values, so that robust figures survive aov_rollup';
CREATE AGGREGATE @extschema@.aov_breakdown(revenue smallint, items integer) (
    SFUNC = @extschema@._aov_breakdown_add, STYPE = @extschema@.aov_summary, SSPACE = 16384,
    COMBINEFUNC = @extschema@._aov_summary_combine,
    FINALFUNC = @extschema@._aov_summary_breakdown, FINALFUNC_MODIFY = SHAREABLE,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.aov_breakdown(revenue smallint, items integer) IS
    'AOV = unit price x items per order, with 5% trimmed means, medians and top 3 values';
CREATE AGGREGATE @extschema@.aov_summary(revenue smallint, items integer) (
    SFUNC = @extschema@._aov_summary_add, STYPE = @extschema@.aov_summary, SSPACE = 2048,
    COMBINEFUNC = @extschema@._aov_summary_combine,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.aov_summary(revenue smallint, items integer) IS
    'storable exact summary of orders (counts and sums) for aov_rollup and aov_breakdown';
CREATE AGGREGATE @extschema@.aov_breakdown(revenue smallint, items integer, customer_id bigint) (
    SFUNC = @extschema@._aov_breakdown_add, STYPE = @extschema@.aov_summary, SSPACE = 16384,
    COMBINEFUNC = @extschema@._aov_summary_combine,
    FINALFUNC = @extschema@._aov_summary_breakdown, FINALFUNC_MODIFY = SHAREABLE,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.aov_breakdown(revenue smallint, items integer, customer_id bigint) IS
    'AOV = unit price x items per order, with customers, 5% trimmed means, medians and top 3 values';
CREATE AGGREGATE @extschema@.aov_summary(revenue smallint, items integer, customer_id bigint) (
    SFUNC = @extschema@._aov_summary_add, STYPE = @extschema@.aov_summary, SSPACE = 2048,
    COMBINEFUNC = @extschema@._aov_summary_combine,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.aov_summary(revenue smallint, items integer, customer_id bigint) IS
    'storable exact summary of orders (counts, sums, distinct customers) for aov_rollup and aov_breakdown';
CREATE AGGREGATE @extschema@.aov_breakdown(revenue smallint, items integer, customer_id bigint, trim_fraction float8) (
    SFUNC = @extschema@._aov_breakdown_add, STYPE = @extschema@.aov_summary, SSPACE = 16384,
    COMBINEFUNC = @extschema@._aov_summary_combine,
    FINALFUNC = @extschema@._aov_summary_breakdown, FINALFUNC_MODIFY = SHAREABLE,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.aov_breakdown(revenue smallint, items integer, customer_id bigint, trim_fraction float8) IS
    'AOV = unit price x items per order, with customers, trimmed means, medians and top 3 values';
CREATE AGGREGATE @extschema@.aov_summary(revenue smallint, items integer, customer_id bigint, trim_fraction float8) (
    SFUNC = @extschema@._aov_summary_add, STYPE = @extschema@.aov_summary, SSPACE = 2048,
    COMBINEFUNC = @extschema@._aov_summary_combine,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.aov_summary(revenue smallint, items integer, customer_id bigint, trim_fraction float8) IS
    'storable exact summary of orders that also keeps every order''s values, so that robust figures survive aov_rollup';
CREATE AGGREGATE @extschema@.aov_breakdown(revenue smallint, items integer, customer_id uuid) (
    SFUNC = @extschema@._aov_breakdown_add, STYPE = @extschema@.aov_summary, SSPACE = 16384,
    COMBINEFUNC = @extschema@._aov_summary_combine,
    FINALFUNC = @extschema@._aov_summary_breakdown, FINALFUNC_MODIFY = SHAREABLE,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.aov_breakdown(revenue smallint, items integer, customer_id uuid) IS
    'AOV = unit price x items per order, with customers, 5% trimmed means, medians and top 3 values';
CREATE AGGREGATE @extschema@.aov_summary(revenue smallint, items integer, customer_id uuid) (
    SFUNC = @extschema@._aov_summary_add, STYPE = @extschema@.aov_summary, SSPACE = 2048,
    COMBINEFUNC = @extschema@._aov_summary_combine,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.aov_summary(revenue smallint, items integer, customer_id uuid) IS
    'storable exact summary of orders (counts, sums, distinct customers) for aov_rollup and aov_breakdown';
CREATE AGGREGATE @extschema@.aov_breakdown(revenue smallint, items integer, customer_id uuid, trim_fraction float8) (
    SFUNC = @extschema@._aov_breakdown_add, STYPE = @extschema@.aov_summary, SSPACE = 16384,
    COMBINEFUNC = @extschema@._aov_summary_combine,
    FINALFUNC = @extschema@._aov_summary_breakdown, FINALFUNC_MODIFY = SHAREABLE,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.aov_breakdown(revenue smallint, items integer, customer_id uuid, trim_fraction float8) IS
    'AOV = unit price x items per order, with customers, trimmed means, medians and top 3 values';
CREATE AGGREGATE @extschema@.aov_summary(revenue smallint, items integer, customer_id uuid, trim_fraction float8) (
    SFUNC = @extschema@._aov_summary_add, STYPE = @extschema@.aov_summary, SSPACE = 2048,
    COMBINEFUNC = @extschema@._aov_summary_combine,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.aov_summary(revenue smallint, items integer, customer_id uuid, trim_fraction float8) IS
    'storable exact summary of orders that also keeps every order''s values, so that robust figures survive aov_rollup';
CREATE AGGREGATE @extschema@.aov_breakdown(revenue smallint, items integer, customer_id text) (
    SFUNC = @extschema@._aov_breakdown_add, STYPE = @extschema@.aov_summary, SSPACE = 16384,
    COMBINEFUNC = @extschema@._aov_summary_combine,
    FINALFUNC = @extschema@._aov_summary_breakdown, FINALFUNC_MODIFY = SHAREABLE,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.aov_breakdown(revenue smallint, items integer, customer_id text) IS
    'AOV = unit price x items per order, with customers, 5% trimmed means, medians and top 3 values';
CREATE AGGREGATE @extschema@.aov_summary(revenue smallint, items integer, customer_id text) (
    SFUNC = @extschema@._aov_summary_add, STYPE = @extschema@.aov_summary, SSPACE = 2048,
    COMBINEFUNC = @extschema@._aov_summary_combine,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.aov_summary(revenue smallint, items integer, customer_id text) IS
    'storable exact summary of orders (counts, sums, distinct customers) for aov_rollup and aov_breakdown';
CREATE AGGREGATE @extschema@.aov_breakdown(revenue smallint, items integer, customer_id text, trim_fraction float8) (
    SFUNC = @extschema@._aov_breakdown_add, STYPE = @extschema@.aov_summary, SSPACE = 16384,
    COMBINEFUNC = @extschema@._aov_summary_combine,
    FINALFUNC = @extschema@._aov_summary_breakdown, FINALFUNC_MODIFY = SHAREABLE,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.aov_breakdown(revenue smallint, items integer, customer_id text, trim_fraction float8) IS
    'AOV = unit price x items per order, with customers, trimmed means, medians and top 3 values';
CREATE AGGREGATE @extschema@.aov_summary(revenue smallint, items integer, customer_id text, trim_fraction float8) (
    SFUNC = @extschema@._aov_summary_add, STYPE = @extschema@.aov_summary, SSPACE = 2048,
    COMBINEFUNC = @extschema@._aov_summary_combine,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.aov_summary(revenue smallint, items integer, customer_id text, trim_fraction float8) IS
    'storable exact summary of orders that also keeps every order''s values, so that robust figures survive aov_rollup';

------------------------------------------------------------------------------
-- Spend thresholds (满返 spend-X-get-Y-back, 买赠 gifts, free shipping)
--
-- aov_threshold_scan: where would a threshold (or a ladder of tiers) sit in
-- the order-value distribution?  One pass over the relation builds the exact
-- distribution of order values (aov_top_values' state: distinct values with
-- counts, parallel and exact), per segment when asked; every threshold is
-- then answered from its prefix counts and sums by binary search, so the
-- cost of more thresholds does not grow with the orders.
-- aov_threshold_bunching: did a threshold that ran move baskets over it?
-- Orders binned around it, a polynomial fitted outside a window (src/
-- bunching.c), the excess mass above and the missing mass below.
-- aov_threshold_effect: the campaign period against a baseline with
-- aov_compare's tests, and the part of the AOV uplift that the bunching
-- estimate attributes to orders moved across the threshold.
------------------------------------------------------------------------------

-- Internal: the exact distribution of the order values in one parallel
-- pass: aov_top_values' state without its final function (the k argument
-- is not used), the states of several groups merged, and a state read as
-- sorted arrays (src/counts.c).
CREATE AGGREGATE @extschema@._aov_value_counts(numeric, integer) (
    SFUNC = @extschema@._aov_counts_add, STYPE = @extschema@.aov_counts, SSPACE = 1024,
    COMBINEFUNC = @extschema@._aov_counts_combine,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@._aov_value_counts(numeric, integer) IS
    'internal to aov_threshold_scan: the distinct values of a column with their counts, as an aov_counts value';
CREATE AGGREGATE @extschema@._aov_value_counts(float8, integer) (
    SFUNC = @extschema@._aov_counts_add, STYPE = @extschema@.aov_counts, SSPACE = 1024,
    COMBINEFUNC = @extschema@._aov_counts_combine,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@._aov_value_counts(float8, integer) IS
    'internal to aov_threshold_scan: the distinct values of a column with their counts, as an aov_counts value';
CREATE AGGREGATE @extschema@._aov_value_counts(bigint, integer) (
    SFUNC = @extschema@._aov_counts_add, STYPE = @extschema@.aov_counts, SSPACE = 1024,
    COMBINEFUNC = @extschema@._aov_counts_combine,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@._aov_value_counts(bigint, integer) IS
    'internal to aov_threshold_scan: the distinct values of a column with their counts, as an aov_counts value';
CREATE AGGREGATE @extschema@._aov_value_counts(integer, integer) (
    SFUNC = @extschema@._aov_counts_add, STYPE = @extschema@.aov_counts, SSPACE = 1024,
    COMBINEFUNC = @extschema@._aov_counts_combine,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@._aov_value_counts(integer, integer) IS
    'internal to aov_threshold_scan: the distinct values of a column with their counts, as an aov_counts value';
-- The combine function is the merge: NULL states are skipped.
CREATE AGGREGATE @extschema@._aov_counts_merge(@extschema@.aov_counts) (
    SFUNC = @extschema@._aov_counts_combine, STYPE = @extschema@.aov_counts, SSPACE = 1024,
    COMBINEFUNC = @extschema@._aov_counts_combine,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@._aov_counts_merge(@extschema@.aov_counts) IS
    'internal to aov_threshold_scan: aov_counts values merged into one';
CREATE FUNCTION @extschema@._aov_counts_distribution(@extschema@.aov_counts,
    OUT v numeric[], OUT cum bigint[], OUT cs numeric[], OUT nonfinite bigint)
    AS 'MODULE_PATHNAME', 'aov_counts_distribution' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._aov_counts_distribution(@extschema@.aov_counts) IS
    'internal to aov_threshold_scan: the distinct finite values of an aov_counts value ascending, their cumulative counts and sums, and the number of NaN and infinite values';

-- Internal: the distinct values v (ascending), their cumulative counts cum
-- and cumulative sums cs describe a multiset; these answer by binary search.
-- The number of distinct values below x.
CREATE FUNCTION @extschema@._aov_dist_rank(v numeric[], x numeric)
    RETURNS integer
    LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    lo integer := 0;
    hi integer := coalesce(array_length(v, 1), 0);
    m integer;
BEGIN
    -- invariant: v[1..lo] < x <= v[hi+1..]
    WHILE lo < hi LOOP
        m := (lo + hi + 1) / 2;
        IF v[m] < x THEN lo := m; ELSE hi := m - 1; END IF;
    END LOOP;
    RETURN lo;
END
$$;
COMMENT ON FUNCTION @extschema@._aov_dist_rank(numeric[], numeric) IS
    'internal to aov_threshold_scan: the number of distinct values below x in an ascending array';

-- The sum of the p smallest values (p = 0 .. total), and the p-th smallest.
CREATE FUNCTION @extschema@._aov_dist_prefix(v numeric[], cum bigint[], cs numeric[], p bigint,
                                             OUT prefix_sum numeric, OUT value numeric)
    LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    lo integer := 1;
    hi integer := coalesce(array_length(cum, 1), 0);
    m integer;
BEGIN
    IF p <= 0 OR hi = 0 THEN
        prefix_sum := 0;
        RETURN;
    END IF;
    -- the first j with cum[j] >= p
    WHILE lo < hi LOOP
        m := (lo + hi) / 2;
        IF cum[m] >= p THEN hi := m; ELSE lo := m + 1; END IF;
    END LOOP;
    value := v[lo];
    prefix_sum := CASE WHEN lo = 1 THEN 0 ELSE cs[lo - 1] END
                  + (p - CASE WHEN lo = 1 THEN 0 ELSE cum[lo - 1] END) * v[lo];
END
$$;
COMMENT ON FUNCTION @extschema@._aov_dist_prefix(numeric[], bigint[], numeric[], bigint) IS
    'internal to aov_threshold_scan: the sum of the p smallest values of a distribution and the p-th smallest value';

-- The mean, trimmed mean and median of the orders at sorted positions
-- a+1 .. b of a distribution: the trimmed mean cuts floor(m * trim) of the
-- m orders at each end (aov_trimmed_mean's rule), the median is
-- percentile_cont(0.5).  NULLs when m = 0.
CREATE FUNCTION @extschema@._aov_dist_figures(v numeric[], cum bigint[], cs numeric[],
                                              a bigint, b bigint, trim_fraction float8,
                                              OUT mean numeric, OUT trimmed numeric, OUT median numeric)
    LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    m bigint := b - a;
    k bigint;
    lo record;
    hi record;
BEGIN
    IF m <= 0 THEN
        RETURN;
    END IF;
    k := floor(m::numeric * trim_fraction::numeric);
    lo := @extschema@._aov_dist_prefix(v, cum, cs, a + k);
    hi := @extschema@._aov_dist_prefix(v, cum, cs, b - k);
    trimmed := (hi.prefix_sum - lo.prefix_sum) / (m - 2 * k);
    mean := ((@extschema@._aov_dist_prefix(v, cum, cs, b)).prefix_sum
             - (@extschema@._aov_dist_prefix(v, cum, cs, a)).prefix_sum) / m;
    -- exact, without the trailing zeros of the division
    median := trim_scale(((@extschema@._aov_dist_prefix(v, cum, cs, a + (m + 1) / 2)).value
                          + (@extschema@._aov_dist_prefix(v, cum, cs, a + (m + 2) / 2)).value) / 2);
END
$$;
COMMENT ON FUNCTION @extschema@._aov_dist_figures(numeric[], bigint[], numeric[], bigint, bigint, float8) IS
    'internal to aov_threshold_scan: mean, trimmed mean and median of the orders at sorted positions a+1..b';

-- Not STRICT: rewards may be NULL (no reward figures); every other NULL is
-- an error.  RESTRICTED: it may read a temporary table, which parallel
-- workers cannot.  STABLE: the period follows the TimeZone setting.
CREATE FUNCTION @extschema@.aov_threshold_scan(
    order_table regclass,
    thresholds numeric[],
    rewards numeric[] DEFAULT NULL,
    near_band float8 DEFAULT 0.2,
    trim_fraction float8 DEFAULT 0.05,
    by_segment boolean DEFAULT false,
    since timestamptz DEFAULT NULL,
    until timestamptz DEFAULT NULL,
    time_column name DEFAULT 'ordered_at',
    revenue_column name DEFAULT 'revenue',
    items_column name DEFAULT 'items',
    customer_column name DEFAULT 'customer_id')
RETURNS TABLE (
    segment text,
    tier integer,
    threshold numeric,
    next_threshold numeric,
    orders bigint,
    aov numeric,
    threshold_to_aov float8,
    orders_at_or_above bigint,
    share_at_or_above float8,
    near_orders bigint,
    near_share float8,
    near_mean_gap numeric,
    tier_orders bigint,
    tier_share float8,
    aov_at_or_above numeric,
    aov_trimmed_at_or_above numeric,
    median_at_or_above numeric,
    aov_below numeric,
    aov_trimmed_below numeric,
    median_below numeric,
    reward numeric,
    reward_cost numeric,
    reward_cost_share float8,
    tier_reward_cost numeric,
    tier_reward_cost_share float8)
LANGUAGE plpgsql STABLE PARALLEL RESTRICTED
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    e record;
    d record;
    segs text[];
    states @extschema@.aov_counts[];
    v numeric[];
    cum bigint[];
    cs numeric[];
    k integer;
    nt integer := coalesce(array_length(thresholds, 1), 0);
    seg_expr text := '''all''';
    i integer;
    t numeric;
    nxt numeric;
    rw numeric;
    n bigint;
    rev numeric;
    below bigint;
    near_lo bigint;
    nxt_below bigint;
    s_below numeric;
    s_near numeric;
    s_next numeric;
    fa record;
    fb record;
BEGIN
    IF order_table IS NULL OR thresholds IS NULL OR near_band IS NULL OR trim_fraction IS NULL
       OR by_segment IS NULL THEN
        RAISE EXCEPTION '% must not be null',
              CASE WHEN order_table IS NULL THEN 'order table' WHEN thresholds IS NULL THEN 'thresholds'
                   WHEN near_band IS NULL THEN 'near band' WHEN trim_fraction IS NULL THEN 'trim fraction'
                   ELSE 'by_segment' END
            USING ERRCODE = 'null_value_not_allowed',
                  HINT = 'Leave the argument out for its default; thresholds are an array such as ARRAY[200, 400].';
    END IF;
    IF nt = 0 OR array_position(thresholds, NULL) IS NOT NULL THEN
        RAISE EXCEPTION 'thresholds must be a non-empty array without NULLs'
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'Pass ARRAY[200, 400], or array(SELECT generate_series(100, 300, 10)) for a range.';
    END IF;
    FOR i IN 1 .. nt LOOP
        IF NOT (thresholds[i] > 0 AND thresholds[i]::text NOT IN ('NaN', 'Infinity'))
           OR (i > 1 AND thresholds[i] <= thresholds[i - 1]) THEN
            RAISE EXCEPTION 'threshold % is out of order or out of range', thresholds[i]
                USING ERRCODE = 'invalid_parameter_value',
                      DETAIL = 'Thresholds must be finite, positive and strictly increasing (the tiers of a ladder).',
                      HINT = 'Sort the thresholds and drop duplicates.';
        END IF;
    END LOOP;
    IF coalesce(array_length(rewards, 1), 1) NOT IN (1, nt) OR cardinality(rewards) = 0 THEN
        RAISE EXCEPTION 'rewards must be one amount or one per threshold'
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = format('%s thresholds and %s rewards were given.', nt, cardinality(rewards)),
                  HINT = 'Pass ARRAY[20] for the same reward at every threshold, or ARRAY[20, 50] for tiers 200 and 400.';
    END IF;
    IF EXISTS (SELECT FROM unnest(rewards) r WHERE r IS NULL OR NOT (r >= 0 AND r::text NOT IN ('NaN', 'Infinity'))) THEN
        RAISE EXCEPTION 'rewards must be finite and not negative'
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'A reward is the amount given back, or the cost of the gift, per qualifying order.';
    END IF;
    IF NOT (near_band > 0 AND near_band < 1) THEN
        RAISE EXCEPTION 'near band % is out of range', near_band
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = 'The near band is a fraction of the threshold, greater than 0 and less than 1.',
                  HINT = 'Use 0.2 for the orders within 20% below a threshold.';
    END IF;
    PERFORM @extschema@._aov_check_trim_window(trim_fraction, since, until);

    e := @extschema@._aov_order_exprs(order_table, time_column, revenue_column, items_column, customer_column);
    IF by_segment THEN
        -- new: the customer's first order ever is in the range (aov_report's rule)
        seg_expr := format($s$CASE WHEN %2$s IS NULL THEN 'guest'
            WHEN $1::timestamptz IS NULL
              OR @extschema@._aov_first_order((SELECT @extschema@._aov_firsts(%2$s, (%1$s)::timestamptz) FROM %3$s), %2$s) >= $1
            THEN 'new' ELSE 'returning' END$s$, e.t_expr, e.c_expr, order_table);
    END IF;

    -- One pass, an aggregate that runs in parallel (EXECUTE ... INTO; a
    -- FOR loop over a query would read it through a cursor, serially): the
    -- exact distribution of each segment, then 'all' as their merge.
    EXECUTE format($q$
        SELECT array_agg(g.seg ORDER BY g.o), array_agg(g.st ORDER BY g.o)
          FROM (SELECT s.seg, CASE s.seg WHEN 'new' THEN 1 WHEN 'returning' THEN 2 ELSE 3 END AS o, s.st
                  FROM (SELECT %1$s AS seg, @extschema@._aov_value_counts(%2$s, 1) AS st
                          FROM %3$s
                         WHERE ($1::timestamptz IS NULL OR (%4$s)::timestamptz >= $1)
                           AND ($2::timestamptz IS NULL OR (%4$s)::timestamptz < $2)
                         %5$s) s) g
        $q$, seg_expr, e.r_expr, order_table, e.t_expr,
             -- one group: a plain aggregate, no grouping step
             CASE WHEN by_segment THEN 'GROUP BY 1' ELSE '' END)
        INTO segs, states USING since, until;
    IF by_segment AND segs IS NOT NULL THEN
        segs := segs || 'all'::text;
        states := states || (SELECT @extschema@._aov_counts_merge(s) FROM unnest(states) s);
    END IF;

    FOR k IN 1 .. coalesce(array_length(segs, 1), 0) LOOP
        -- no orders: an empty relation gives one NULL state without GROUP BY
        CONTINUE WHEN states[k] IS NULL;
        d := @extschema@._aov_counts_distribution(states[k]);
        IF d.nonfinite > 0 THEN
            RAISE EXCEPTION 'revenue column "%" holds NaN or infinite values', revenue_column
                USING ERRCODE = 'invalid_parameter_value',
                      HINT = 'Scan a view that leaves those orders out.';
        END IF;
        -- local array variables are held expanded: O(1) subscripts
        v := d.v;
        cum := d.cum;
        cs := d.cs;
        CONTINUE WHEN cardinality(v) = 0;
        n := cum[array_length(cum, 1)];
        rev := cs[array_length(cs, 1)];
        FOR i IN 1 .. nt LOOP
            t := thresholds[i];
            nxt := thresholds[i + 1];
            rw := CASE WHEN rewards IS NULL THEN NULL
                       WHEN array_length(rewards, 1) = 1 THEN rewards[1] ELSE rewards[i] END;
            -- orders below a value x: the cumulative count of the values below it
            below := coalesce(cum[@extschema@._aov_dist_rank(v, t)], 0);
            near_lo := coalesce(cum[@extschema@._aov_dist_rank(v, t * (1 - near_band::numeric))], 0);
            nxt_below := CASE WHEN nxt IS NULL THEN n ELSE coalesce(cum[@extschema@._aov_dist_rank(v, nxt)], 0) END;
            s_below := (@extschema@._aov_dist_prefix(v, cum, cs, below)).prefix_sum;
            s_near := (@extschema@._aov_dist_prefix(v, cum, cs, near_lo)).prefix_sum;
            s_next := (@extschema@._aov_dist_prefix(v, cum, cs, nxt_below)).prefix_sum;
            fa := @extschema@._aov_dist_figures(v, cum, cs, below, n, trim_fraction);
            fb := @extschema@._aov_dist_figures(v, cum, cs, 0, below, trim_fraction);
            segment := segs[k];
            tier := i;
            threshold := t;
            next_threshold := nxt;
            orders := n;
            aov := rev / n;
            threshold_to_aov := (t / (rev / n))::float8;
            orders_at_or_above := n - below;
            share_at_or_above := (n - below)::float8 / n;
            near_orders := below - near_lo;
            near_share := (below - near_lo)::float8 / n;
            near_mean_gap := CASE WHEN below > near_lo THEN t - (s_below - s_near) / (below - near_lo) END;
            tier_orders := nxt_below - below;
            tier_share := (nxt_below - below)::float8 / n;
            aov_at_or_above := fa.mean;
            aov_trimmed_at_or_above := fa.trimmed;
            median_at_or_above := fa.median;
            aov_below := fb.mean;
            aov_trimmed_below := fb.trimmed;
            median_below := fb.median;
            reward := rw;
            reward_cost := rw * (n - below);
            reward_cost_share := (rw * (n - below) / nullif(rev - s_below, 0))::float8;
            tier_reward_cost := rw * (nxt_below - below);
            tier_reward_cost_share := (rw * (nxt_below - below) / nullif(s_next - s_below, 0))::float8;
            RETURN NEXT;
        END LOOP;
    END LOOP;
END
$$;
COMMENT ON FUNCTION @extschema@.aov_threshold_scan(regclass, numeric[], numeric[], float8, float8, boolean,
                                                   timestamptz, timestamptz, name, name, name, name) IS
    'spend thresholds and reward tiers against the order-value distribution: orders at or above, near misses, AOV, trimmed AOV and median on each side, reward cost; per segment on request';

-- Internal: the counterfactual fit of aov_threshold_bunching (src/bunching.c).
-- Not STRICT: round is NULL without round-number bins.
CREATE FUNCTION @extschema@._aov_bunching_fit(counts float8[], centres float8[], fitted boolean[],
    round boolean[], poly integer, below_lo integer, below_hi integer, above_lo integer,
    above_hi integer, n_boot integer, seed bigint,
    OUT counterfactual float8[], OUT excess float8, OUT missing float8, OUT b float8,
    OUT moved_revenue float8, OUT excess_se float8, OUT missing_se float8, OUT b_se float8,
    OUT moved_revenue_se float8)
    AS 'MODULE_PATHNAME', 'aov_bunching_fit' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._aov_bunching_fit(float8[], float8[], boolean[], boolean[], integer,
    integer, integer, integer, integer, integer, bigint) IS
    'internal to aov_threshold_bunching: polynomial least-squares counterfactual of bin counts, excess and missing mass, moved revenue, bootstrap standard errors';

-- Internal: the bunching estimate of the orders whose time is in period
-- (NULL: every order), for aov_threshold_bunching and aov_threshold_effect.
-- Not STRICT: round_number and period may be NULL; every other NULL is an
-- error.  RESTRICTED: it may read a temporary table.
CREATE FUNCTION @extschema@._aov_bunching(
    order_table regclass,
    threshold numeric,
    bin_width numeric,
    bins_below integer,
    bins_above integer,
    excluded_below integer,
    excluded_above integer,
    poly integer,
    round_number numeric,
    n_boot integer,
    seed bigint,
    period tstzrange,
    time_column name,
    revenue_column name,
    items_column name,
    customer_column name)
RETURNS TABLE (
    bin_start numeric,
    bin_end numeric,
    region text,
    observed bigint,
    counterfactual float8,
    orders bigint,
    excess float8,
    excess_se float8,
    missing float8,
    missing_se float8,
    b float8,
    b_se float8,
    moved_revenue float8,
    moved_revenue_se float8)
LANGUAGE plpgsql STABLE PARALLEL RESTRICTED
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    e record;
    nbins integer;
    lo numeric;
    hi numeric;
    cnt float8[];
    fit record;
    total bigint;
    below_n bigint;
    st @extschema@.aov_counts;
    dv numeric[];
    dcum bigint[];
BEGIN
    IF order_table IS NULL OR threshold IS NULL OR bin_width IS NULL OR bins_below IS NULL
       OR bins_above IS NULL OR excluded_below IS NULL OR excluded_above IS NULL OR poly IS NULL
       OR n_boot IS NULL OR seed IS NULL THEN
        RAISE EXCEPTION 'arguments of aov_threshold_bunching must not be null (except round_number, since and until)'
            USING ERRCODE = 'null_value_not_allowed',
                  HINT = 'Leave an argument out for its default.';
    END IF;
    IF NOT (bin_width > 0 AND bin_width::text NOT IN ('NaN', 'Infinity'))
       OR NOT (threshold > 0 AND threshold::text NOT IN ('NaN', 'Infinity')) THEN
        RAISE EXCEPTION 'threshold % and bin width % must be finite and positive', threshold, bin_width
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'Use the threshold of the campaign, e.g. 200, and a bin width such as 5.';
    END IF;
    IF bins_below < 1 OR bins_above < 1 OR excluded_below < 0 OR excluded_above < 1
       OR excluded_below >= bins_below OR excluded_above >= bins_above
       OR bins_below::bigint + bins_above > 100000 THEN
        RAISE EXCEPTION 'window of % bins below and % above is not inside the range of % bins below and % above',
              excluded_below, excluded_above, bins_below, bins_above
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = 'The excluded window needs at least one bin above the threshold, and bins outside it on both sides to fit the counterfactual (at most 100000 bins in all).',
                  HINT = 'Use fewer excluded bins or more bins_below and bins_above.';
    END IF;
    IF poly < 0 OR poly > 20 THEN
        RAISE EXCEPTION 'polynomial order % is out of range', poly
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'Use an order between 0 and 20; 7 is common.';
    END IF;
    IF n_boot < 0 OR n_boot > 100000 THEN
        RAISE EXCEPTION 'number of bootstrap replicates % is out of range', n_boot
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'Use between 0 (no standard errors) and 100000; 200 is common.';
    END IF;
    IF round_number IS NOT NULL AND NOT (round_number > 0 AND round_number::text NOT IN ('NaN', 'Infinity')) THEN
        RAISE EXCEPTION 'round number % must be positive', round_number
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'Use 100 to let bins starting at multiples of 100 have their own level.';
    END IF;

    e := @extschema@._aov_order_exprs(order_table, time_column, revenue_column, items_column, customer_column);
    nbins := bins_below + bins_above;
    lo := threshold - bins_below * bin_width;
    hi := threshold + bins_above * bin_width;

    -- One pass, the aggregate of aov_threshold_scan: the distinct order
    -- values of the period in [lo, hi) with their counts (a GROUP BY of the
    -- bin computed in numeric per order cost 2.7 times the scan); then the
    -- distinct values, a few thousand, counted per bin [lo + j w, lo + (j+1) w).
    EXECUTE format($q$
        SELECT @extschema@._aov_value_counts(%1$s, 1)
          FROM %2$s
         WHERE (%1$s) >= $2 AND (%1$s) < $3
           AND ($1::tstzrange IS NULL OR (%3$s)::timestamptz <@ $1)
        $q$, e.r_expr, order_table, e.t_expr)
        INTO st USING period, lo, hi;
    -- no orders: a NULL state, no values, every bin 0
    SELECT x.v, x.cum INTO dv, dcum FROM @extschema@._aov_counts_distribution(st) x;
    SELECT array_agg(coalesce(h.n, 0)::float8 ORDER BY j) INTO cnt
      FROM generate_series(0, nbins - 1) j
      LEFT JOIN (SELECT floor((u.v - lo) / bin_width)::integer AS bin,
                        sum(u.cum - coalesce(u.prev, 0)) AS n
                   FROM (SELECT v, cum, lag(cum) OVER (ORDER BY o) AS prev
                           FROM unnest(dv, dcum) WITH ORDINALITY AS w(v, cum, o)) u
                  GROUP BY 1) h ON h.bin = j;

    SELECT sum(c)::bigint, coalesce(sum(c) FILTER (WHERE j <= bins_below), 0)::bigint INTO total, below_n
      FROM unnest(cnt) WITH ORDINALITY AS x(c, j);
    IF total = 0 THEN
        RAISE EXCEPTION 'no orders between % and %', lo, hi
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'Check the threshold, the bin width and the time range against the data.';
    END IF;
    IF below_n = 0 OR below_n = total THEN
        RAISE EXCEPTION 'threshold % is outside the data: all % orders between % and % are on one side', threshold, total, lo, hi
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'Choose a threshold inside the range of the order values.';
    END IF;
    IF total < 10 * (poly + 1) THEN
        RAISE EXCEPTION 'too few orders for a bunching estimate: % between % and %', total, lo, hi
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = format('A polynomial of order %s needs at least %s orders in the range (10 per coefficient).', poly, 10 * (poly + 1)),
                  HINT = 'Use a longer period, wider bins or a lower poly.';
    END IF;

    fit := @extschema@._aov_bunching_fit(
        cnt,
        array(SELECT (lo + (j + 0.5) * bin_width)::float8 FROM generate_series(0, nbins - 1) j ORDER BY j),
        array(SELECT j < bins_below - excluded_below OR j >= bins_below + excluded_above
                FROM generate_series(0, nbins - 1) j ORDER BY j),
        CASE WHEN round_number IS NOT NULL THEN
            array(SELECT (lo + j * bin_width) % round_number = 0 FROM generate_series(0, nbins - 1) j ORDER BY j)
        END,
        poly, bins_below - excluded_below + 1, bins_below, bins_below + 1, bins_below + excluded_above,
        n_boot, seed);

    RETURN QUERY
        SELECT lo + (j - 1) * bin_width, lo + j * bin_width,
               CASE WHEN j > bins_below - excluded_below AND j <= bins_below THEN 'below'
                    WHEN j > bins_below AND j <= bins_below + excluded_above THEN 'above'
                    ELSE 'fitted' END,
               x.c::bigint, fit.counterfactual[j], total,
               fit.excess, fit.excess_se, fit.missing, fit.missing_se, fit.b, fit.b_se,
               fit.moved_revenue, fit.moved_revenue_se
          FROM unnest(cnt) WITH ORDINALITY AS x(c, j)
         ORDER BY j;
END
$$;
COMMENT ON FUNCTION @extschema@._aov_bunching(regclass, numeric, numeric, integer, integer, integer,
    integer, integer, numeric, integer, bigint, tstzrange, name, name, name, name) IS
    'internal to aov_threshold_bunching and aov_threshold_effect: the bunching estimate of the orders of a period, per bin, with the revenue the moved orders added';

-- Not STRICT: round_number, since and until may be NULL; every other NULL is
-- an error.  RESTRICTED: it may read a temporary table.
CREATE FUNCTION @extschema@.aov_threshold_bunching(
    order_table regclass,
    threshold numeric,
    bin_width numeric,
    bins_below integer DEFAULT 20,
    bins_above integer DEFAULT 20,
    excluded_below integer DEFAULT 2,
    excluded_above integer DEFAULT 2,
    poly integer DEFAULT 7,
    round_number numeric DEFAULT NULL,
    n_boot integer DEFAULT 200,
    seed bigint DEFAULT 1,
    since timestamptz DEFAULT NULL,
    until timestamptz DEFAULT NULL,
    time_column name DEFAULT 'ordered_at',
    revenue_column name DEFAULT 'revenue',
    items_column name DEFAULT 'items',
    customer_column name DEFAULT 'customer_id')
RETURNS TABLE (
    bin_start numeric,
    bin_end numeric,
    region text,
    observed bigint,
    counterfactual float8,
    orders bigint,
    excess float8,
    excess_se float8,
    missing float8,
    missing_se float8,
    b float8,
    b_se float8)
LANGUAGE plpgsql STABLE PARALLEL RESTRICTED
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    PERFORM @extschema@._aov_check_trim_window(NULL, since, until);
    RETURN QUERY
        SELECT f.bin_start, f.bin_end, f.region, f.observed, f.counterfactual, f.orders,
               f.excess, f.excess_se, f.missing, f.missing_se, f.b, f.b_se
          FROM @extschema@._aov_bunching(order_table, threshold, bin_width, bins_below, bins_above,
                   excluded_below, excluded_above, poly, round_number, n_boot, seed,
                   -- no range at all: the time column is not read
                   CASE WHEN since IS NOT NULL OR until IS NOT NULL THEN tstzrange(since, until, '[)') END,
                   time_column, revenue_column, items_column, customer_column) f;
END
$$;
COMMENT ON FUNCTION @extschema@.aov_threshold_bunching(regclass, numeric, numeric, integer, integer, integer,
    integer, integer, numeric, integer, bigint, timestamptz, timestamptz, name, name, name, name) IS
    'bunching at a spend threshold: per-bin observed and counterfactual order counts, excess mass above, missing mass below, normalized b, bootstrap standard errors';

-- Not STRICT: round_number may be NULL; every other NULL is an error.
-- RESTRICTED: it may read a temporary table.  STABLE: the periods are
-- times, compared with the relation's times under the TimeZone setting.
CREATE FUNCTION @extschema@.aov_threshold_effect(
    order_table regclass,
    threshold numeric,
    baseline tstzrange,
    campaign tstzrange,
    bin_width numeric,
    bins_below integer DEFAULT 20,
    bins_above integer DEFAULT 20,
    excluded_below integer DEFAULT 2,
    excluded_above integer DEFAULT 2,
    poly integer DEFAULT 7,
    round_number numeric DEFAULT NULL,
    n_boot integer DEFAULT 200,
    seed bigint DEFAULT 1,
    trim_fraction float8 DEFAULT 0.05,
    time_column name DEFAULT 'ordered_at',
    revenue_column name DEFAULT 'revenue',
    items_column name DEFAULT 'items',
    customer_column name DEFAULT 'customer_id')
RETURNS TABLE (
    baseline_orders bigint,
    campaign_orders bigint,
    aov_baseline numeric,
    aov_campaign numeric,
    aov_uplift numeric,
    aov_p_value float8,
    trim_fraction_used float8,
    aov_trimmed_baseline numeric,
    aov_trimmed_campaign numeric,
    aov_trimmed_uplift numeric,
    aov_trimmed_p_value float8,
    excess float8,
    excess_se float8,
    missing float8,
    missing_se float8,
    b float8,
    b_se float8,
    moved_uplift float8,
    moved_uplift_se float8,
    other_uplift float8)
LANGUAGE plpgsql STABLE PARALLEL RESTRICTED
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    e record;
    plain_b @extschema@.aov_summary;
    plain_c @extschema@.aov_summary;
    trim_b @extschema@.aov_summary;
    trim_c @extschema@.aov_summary;
    cp @extschema@.aov_comparison;
    ct @extschema@.aov_comparison;
    f record;
BEGIN
    IF order_table IS NULL OR threshold IS NULL OR baseline IS NULL OR campaign IS NULL OR bin_width IS NULL
       OR bins_below IS NULL OR bins_above IS NULL OR excluded_below IS NULL OR excluded_above IS NULL
       OR poly IS NULL OR n_boot IS NULL OR seed IS NULL OR trim_fraction IS NULL THEN
        RAISE EXCEPTION 'arguments of aov_threshold_effect must not be null (except round_number)'
            USING ERRCODE = 'null_value_not_allowed',
                  HINT = 'Leave an argument out for its default.';
    END IF;
    PERFORM @extschema@._aov_check_ranges(baseline, campaign, 'campaign',
        'Use two disjoint ranges: the campaign, and a period without the threshold.', false);
    PERFORM @extschema@._aov_check_trim_window(trim_fraction, NULL, NULL);
    -- the moved orders come from below the threshold
    IF excluded_below < 1 THEN
        RAISE EXCEPTION 'the window has no bins below the threshold'
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = 'The part of the uplift from moved orders compares the window on both sides of the threshold.',
                  HINT = 'Use excluded_below => 1 or more: the bins the orders moved from.';
    END IF;

    e := @extschema@._aov_order_exprs(order_table, time_column, revenue_column, items_column, customer_column);
    -- One parallel pass: each period summarized with its per-order values
    -- twice, untrimmed (Welch's test of the plain AOV) and trimmed (Yuen's
    -- test of the trimmed AOV); guests need no customer ids here.
    EXECUTE format($q$
        SELECT @extschema@.aov_summary(%1$s, %2$s, NULL::bigint, 0::float8) FILTER (WHERE (%4$s)::timestamptz <@ $1),
               @extschema@.aov_summary(%1$s, %2$s, NULL::bigint, 0::float8) FILTER (WHERE (%4$s)::timestamptz <@ $2),
               @extschema@.aov_summary(%1$s, %2$s, NULL::bigint, $3) FILTER (WHERE (%4$s)::timestamptz <@ $1),
               @extschema@.aov_summary(%1$s, %2$s, NULL::bigint, $3) FILTER (WHERE (%4$s)::timestamptz <@ $2)
          FROM %3$s
         WHERE (%4$s)::timestamptz <@ $1 OR (%4$s)::timestamptz <@ $2
        $q$, e.r_expr, e.i_expr, order_table, e.t_expr)
        INTO plain_b, plain_c, trim_b, trim_c USING baseline, campaign, trim_fraction;
    cp := @extschema@.aov_compare(plain_b, plain_c);
    ct := @extschema@.aov_compare(trim_b, trim_c);
    -- a period without rows has a NULL summary, and then no comparison
    IF plain_b IS NULL OR plain_c IS NULL OR cp.orders_before = 0 OR cp.orders_after = 0 THEN
        RAISE EXCEPTION 'no orders in the % range %',
              CASE WHEN plain_b IS NULL OR cp.orders_before = 0 THEN 'baseline' ELSE 'campaign' END,
              CASE WHEN plain_b IS NULL OR cp.orders_before = 0 THEN baseline ELSE campaign END
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'Check the ranges against the order times.';
    END IF;

    SELECT * INTO f
      FROM @extschema@._aov_bunching(order_table, threshold, bin_width, bins_below, bins_above,
               excluded_below, excluded_above, poly, round_number, n_boot, seed, campaign,
               time_column, revenue_column, items_column, customer_column)
     LIMIT 1;

    baseline_orders := cp.orders_before;
    campaign_orders := cp.orders_after;
    aov_baseline := cp.aov_before;
    aov_campaign := cp.aov_after;
    aov_uplift := cp.aov_after - cp.aov_before;
    aov_p_value := cp.aov_p_value;
    trim_fraction_used := trim_fraction;
    aov_trimmed_baseline := (@extschema@.aov_breakdown(trim_b)).aov_trimmed;
    aov_trimmed_campaign := (@extschema@.aov_breakdown(trim_c)).aov_trimmed;
    aov_trimmed_uplift := aov_trimmed_campaign - aov_trimmed_baseline;
    aov_trimmed_p_value := ct.aov_p_value;
    excess := f.excess;
    excess_se := f.excess_se;
    missing := f.missing;
    missing_se := f.missing_se;
    b := f.b;
    b_se := f.b_se;
    moved_uplift := f.moved_revenue / cp.orders_after;
    moved_uplift_se := f.moved_revenue_se / cp.orders_after;
    other_uplift := aov_uplift::float8 - moved_uplift;
    RETURN NEXT;
END
$$;
COMMENT ON FUNCTION @extschema@.aov_threshold_effect(regclass, numeric, tstzrange, tstzrange, numeric, integer,
    integer, integer, integer, integer, numeric, integer, bigint, float8, name, name, name, name) IS
    'a threshold campaign against a baseline period: AOV and trimmed AOV uplift with p-values, and the part of the AOV uplift from orders moved across the threshold (bunching)';

-- The two-step API and BI forms (issue 13): one-argument aov_sample with its
-- accessors, most frequent values as rows, scalar accessors of aov_summary,
-- and aov_report_bi.

-- The two-step form: aov_sample(value) builds the state alone, and plain
-- functions read it (the trimmed means, the median, the top values, the
-- number of values).  One state serves every figure, because the run a
-- sample flattens into is the same multiset of distinct values with counts
-- that aov_counts holds.  A one-argument aggregate matters on Citus, which
-- wraps the arguments of a several-argument aggregate into a record per
-- row on the workers.  Accessors return numeric for every column type (a
-- float8 or integer column's figure is the one-step aggregate's double, in
-- its shortest digits); the state records trim 0 and the accessors take
-- the trim they are asked for.
CREATE FUNCTION @extschema@._aov_sample_add(@extschema@.aov_sample, numeric)
    RETURNS @extschema@.aov_sample
    AS 'MODULE_PATHNAME', 'aov_sample_add_numeric' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._aov_sample_add(@extschema@.aov_sample, numeric) IS 'aggregate transition function';
CREATE AGGREGATE @extschema@.aov_sample(numeric) (
    SFUNC = @extschema@._aov_sample_add, STYPE = @extschema@.aov_sample, SSPACE = 8192,
    COMBINEFUNC = @extschema@._aov_sample_combine,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.aov_sample(numeric) IS
    'the non-null values of a group as an aov_sample, read by aov_trimmed_mean, aov_median, aov_top_values, aov_top_rows and aov_num_values';
CREATE FUNCTION @extschema@._aov_sample_add(@extschema@.aov_sample, float8)
    RETURNS @extschema@.aov_sample
    AS 'MODULE_PATHNAME', 'aov_sample_add_float8' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._aov_sample_add(@extschema@.aov_sample, float8) IS 'aggregate transition function';
CREATE AGGREGATE @extschema@.aov_sample(float8) (
    SFUNC = @extschema@._aov_sample_add, STYPE = @extschema@.aov_sample, SSPACE = 8192,
    COMBINEFUNC = @extschema@._aov_sample_combine,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.aov_sample(float8) IS
    'the non-null values of a group as an aov_sample, read by aov_trimmed_mean, aov_median, aov_top_values, aov_top_rows and aov_num_values';
CREATE FUNCTION @extschema@._aov_sample_add(@extschema@.aov_sample, bigint)
    RETURNS @extschema@.aov_sample
    AS 'MODULE_PATHNAME', 'aov_sample_add_int8' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._aov_sample_add(@extschema@.aov_sample, bigint) IS 'aggregate transition function';
CREATE AGGREGATE @extschema@.aov_sample(bigint) (
    SFUNC = @extschema@._aov_sample_add, STYPE = @extschema@.aov_sample, SSPACE = 8192,
    COMBINEFUNC = @extschema@._aov_sample_combine,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.aov_sample(bigint) IS
    'the non-null values of a group as an aov_sample, read by aov_trimmed_mean, aov_median, aov_top_values, aov_top_rows and aov_num_values';
CREATE FUNCTION @extschema@._aov_sample_add(@extschema@.aov_sample, integer)
    RETURNS @extschema@.aov_sample
    AS 'MODULE_PATHNAME', 'aov_sample_add_int4' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._aov_sample_add(@extschema@.aov_sample, integer) IS 'aggregate transition function';
CREATE AGGREGATE @extschema@.aov_sample(integer) (
    SFUNC = @extschema@._aov_sample_add, STYPE = @extschema@.aov_sample, SSPACE = 8192,
    COMBINEFUNC = @extschema@._aov_sample_combine,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.aov_sample(integer) IS
    'the non-null values of a group as an aov_sample, read by aov_trimmed_mean, aov_median, aov_top_values, aov_top_rows and aov_num_values';
CREATE FUNCTION @extschema@._aov_sample_add(@extschema@.aov_sample, smallint)
    RETURNS @extschema@.aov_sample
    AS 'MODULE_PATHNAME', 'aov_sample_add_int2' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._aov_sample_add(@extschema@.aov_sample, smallint) IS 'aggregate transition function';
CREATE AGGREGATE @extschema@.aov_sample(smallint) (
    SFUNC = @extschema@._aov_sample_add, STYPE = @extschema@.aov_sample, SSPACE = 8192,
    COMBINEFUNC = @extschema@._aov_sample_combine,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.aov_sample(smallint) IS
    'the non-null values of a group as an aov_sample, read by aov_trimmed_mean, aov_median, aov_top_values, aov_top_rows and aov_num_values';

CREATE FUNCTION @extschema@.aov_trimmed_mean(sample @extschema@.aov_sample, trim_fraction float8)
    RETURNS numeric
    AS 'MODULE_PATHNAME', 'aov_sample_trimmed_mean' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.aov_trimmed_mean(@extschema@.aov_sample, float8) IS
    'exact trimmed mean of the values of an aov_sample: drops floor(n*trim) values from each end';
CREATE FUNCTION @extschema@.aov_trimmed_mean(sample @extschema@.aov_sample, low float8, high float8)
    RETURNS numeric
    AS 'MODULE_PATHNAME', 'aov_sample_trimmed_mean_asym' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.aov_trimmed_mean(@extschema@.aov_sample, float8, float8) IS
    'exact asymmetric trimmed mean of the values of an aov_sample';
CREATE FUNCTION @extschema@.aov_median(sample @extschema@.aov_sample)
    RETURNS numeric
    AS 'MODULE_PATHNAME', 'aov_sample_median' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.aov_median(@extschema@.aov_sample) IS
    'median of the values of an aov_sample (the mean of the two middle ones for an even count)';
CREATE FUNCTION @extschema@.aov_top_values(sample @extschema@.aov_sample, k integer)
    RETURNS @extschema@.aov_top_numeric[]
    AS 'MODULE_PATHNAME', 'aov_sample_top_values' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.aov_top_values(@extschema@.aov_sample, integer) IS
    'the k most frequent values of an aov_sample with their counts and shares, ties to the smaller value';
CREATE FUNCTION @extschema@.aov_num_values(sample @extschema@.aov_sample)
    RETURNS bigint
    AS 'MODULE_PATHNAME', 'aov_sample_num_values' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.aov_num_values(@extschema@.aov_sample) IS
    'the number of non-null values of an aov_sample (NaN and infinities included)';

-- Most frequent values as rows (rank, value, count, share), for BI tools
-- that cannot read arrays of composites: from a top-values array (of
-- aov_top_values, aov_breakdown, aov_report) and from a sample.  rank is
-- the position in the array, 1 first; ties in count were already ordered
-- by the smaller value, so ranks are distinct.
CREATE FUNCTION @extschema@.aov_top_rows(top @extschema@.aov_top_numeric[])
    RETURNS TABLE (rank integer, value numeric, count bigint, share float8)
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    SET search_path = pg_catalog
    AS $$ SELECT t.ord::integer, t.value, t.count, t.share
            FROM unnest(top) WITH ORDINALITY AS t(value, count, share, ord) $$;
COMMENT ON FUNCTION @extschema@.aov_top_rows(@extschema@.aov_top_numeric[]) IS
    'a most frequent values array as rows (rank, value, count, share)';
CREATE FUNCTION @extschema@.aov_top_rows(top @extschema@.aov_top_float8[])
    RETURNS TABLE (rank integer, value float8, count bigint, share float8)
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    SET search_path = pg_catalog
    AS $$ SELECT t.ord::integer, t.value, t.count, t.share
            FROM unnest(top) WITH ORDINALITY AS t(value, count, share, ord) $$;
COMMENT ON FUNCTION @extschema@.aov_top_rows(@extschema@.aov_top_float8[]) IS
    'a most frequent values array as rows (rank, value, count, share)';
CREATE FUNCTION @extschema@.aov_top_rows(top @extschema@.aov_top_bigint[])
    RETURNS TABLE (rank integer, value bigint, count bigint, share float8)
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    SET search_path = pg_catalog
    AS $$ SELECT t.ord::integer, t.value, t.count, t.share
            FROM unnest(top) WITH ORDINALITY AS t(value, count, share, ord) $$;
COMMENT ON FUNCTION @extschema@.aov_top_rows(@extschema@.aov_top_bigint[]) IS
    'a most frequent values array as rows (rank, value, count, share)';
CREATE FUNCTION @extschema@.aov_top_rows(sample @extschema@.aov_sample, k integer)
    RETURNS TABLE (rank integer, value numeric, count bigint, share float8)
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    SET search_path = pg_catalog
    AS $$ SELECT * FROM @extschema@.aov_top_rows(@extschema@.aov_top_values(sample, k)) $$;
COMMENT ON FUNCTION @extschema@.aov_top_rows(@extschema@.aov_sample, integer) IS
    'the k most frequent values of an aov_sample as rows (rank, value, count, share)';

-- Scalar accessors of a summary, for BI tools and stored summaries: each is
-- one field of aov_breakdown(summary), computed alone (a plain figure
-- never sorts the per-order values).  The accessor of field f is aov_f, or
-- f when it starts with aov_; the AOV itself is aov_value.  A trimmed mean,
-- median or top values of a summary without per-order values is an error
-- rather than NULL.
CREATE FUNCTION @extschema@.aov_orders(summary @extschema@.aov_summary)
    RETURNS bigint
    AS 'MODULE_PATHNAME', 'aov_summary_orders' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.aov_orders(@extschema@.aov_summary) IS
    'the orders field of aov_breakdown(summary), computed alone';
CREATE FUNCTION @extschema@.aov_customers(summary @extschema@.aov_summary)
    RETURNS bigint
    AS 'MODULE_PATHNAME', 'aov_summary_customers' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.aov_customers(@extschema@.aov_summary) IS
    'the customers field of aov_breakdown(summary), computed alone';
CREATE FUNCTION @extschema@.aov_guest_orders(summary @extschema@.aov_summary)
    RETURNS bigint
    AS 'MODULE_PATHNAME', 'aov_summary_guest_orders' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.aov_guest_orders(@extschema@.aov_summary) IS
    'the guest_orders field of aov_breakdown(summary), computed alone';
CREATE FUNCTION @extschema@.aov_zero_item_orders(summary @extschema@.aov_summary)
    RETURNS bigint
    AS 'MODULE_PATHNAME', 'aov_summary_zero_item_orders' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.aov_zero_item_orders(@extschema@.aov_summary) IS
    'the zero_item_orders field of aov_breakdown(summary), computed alone';
CREATE FUNCTION @extschema@.aov_revenue(summary @extschema@.aov_summary)
    RETURNS numeric
    AS 'MODULE_PATHNAME', 'aov_summary_revenue' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.aov_revenue(@extschema@.aov_summary) IS
    'the revenue field of aov_breakdown(summary), computed alone';
CREATE FUNCTION @extschema@.aov_items(summary @extschema@.aov_summary)
    RETURNS numeric
    AS 'MODULE_PATHNAME', 'aov_summary_items' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.aov_items(@extschema@.aov_summary) IS
    'the items field of aov_breakdown(summary), computed alone';
CREATE FUNCTION @extschema@.aov_value(summary @extschema@.aov_summary)
    RETURNS numeric
    AS 'MODULE_PATHNAME', 'aov_summary_aov' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.aov_value(@extschema@.aov_summary) IS
    'the aov field of aov_breakdown(summary), computed alone';
CREATE FUNCTION @extschema@.aov_unit_price(summary @extschema@.aov_summary)
    RETURNS numeric
    AS 'MODULE_PATHNAME', 'aov_summary_unit_price' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.aov_unit_price(@extschema@.aov_summary) IS
    'the unit_price field of aov_breakdown(summary), computed alone';
CREATE FUNCTION @extschema@.aov_items_per_order(summary @extschema@.aov_summary)
    RETURNS numeric
    AS 'MODULE_PATHNAME', 'aov_summary_items_per_order' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.aov_items_per_order(@extschema@.aov_summary) IS
    'the items_per_order field of aov_breakdown(summary), computed alone';
CREATE FUNCTION @extschema@.aov_revenue_per_customer(summary @extschema@.aov_summary)
    RETURNS numeric
    AS 'MODULE_PATHNAME', 'aov_summary_revenue_per_customer' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.aov_revenue_per_customer(@extschema@.aov_summary) IS
    'the revenue_per_customer field of aov_breakdown(summary), computed alone';
CREATE FUNCTION @extschema@.aov_orders_per_customer(summary @extschema@.aov_summary)
    RETURNS numeric
    AS 'MODULE_PATHNAME', 'aov_summary_orders_per_customer' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.aov_orders_per_customer(@extschema@.aov_summary) IS
    'the orders_per_customer field of aov_breakdown(summary), computed alone';
CREATE FUNCTION @extschema@.aov_trim_fraction(summary @extschema@.aov_summary)
    RETURNS float8
    AS 'MODULE_PATHNAME', 'aov_summary_trim_fraction' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.aov_trim_fraction(@extschema@.aov_summary) IS
    'the trim_fraction field of aov_breakdown(summary), computed alone';
CREATE FUNCTION @extschema@.aov_trimmed(summary @extschema@.aov_summary)
    RETURNS numeric
    AS 'MODULE_PATHNAME', 'aov_summary_aov_trimmed' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.aov_trimmed(@extschema@.aov_summary) IS
    'the aov_trimmed field of aov_breakdown(summary), computed alone';
CREATE FUNCTION @extschema@.aov_median(summary @extschema@.aov_summary)
    RETURNS numeric
    AS 'MODULE_PATHNAME', 'aov_summary_aov_median' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.aov_median(@extschema@.aov_summary) IS
    'the aov_median field of aov_breakdown(summary), computed alone';
CREATE FUNCTION @extschema@.aov_top(summary @extschema@.aov_summary)
    RETURNS @extschema@.aov_top_numeric[]
    AS 'MODULE_PATHNAME', 'aov_summary_aov_top' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.aov_top(@extschema@.aov_summary) IS
    'the aov_top field of aov_breakdown(summary), computed alone';
CREATE FUNCTION @extschema@.aov_items_per_order_trimmed(summary @extschema@.aov_summary)
    RETURNS numeric
    AS 'MODULE_PATHNAME', 'aov_summary_items_per_order_trimmed' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.aov_items_per_order_trimmed(@extschema@.aov_summary) IS
    'the items_per_order_trimmed field of aov_breakdown(summary), computed alone';
CREATE FUNCTION @extschema@.aov_items_per_order_median(summary @extschema@.aov_summary)
    RETURNS numeric
    AS 'MODULE_PATHNAME', 'aov_summary_items_per_order_median' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.aov_items_per_order_median(@extschema@.aov_summary) IS
    'the items_per_order_median field of aov_breakdown(summary), computed alone';
CREATE FUNCTION @extschema@.aov_items_per_order_top(summary @extschema@.aov_summary)
    RETURNS @extschema@.aov_top_numeric[]
    AS 'MODULE_PATHNAME', 'aov_summary_items_per_order_top' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.aov_items_per_order_top(@extschema@.aov_summary) IS
    'the items_per_order_top field of aov_breakdown(summary), computed alone';
CREATE FUNCTION @extschema@.aov_unit_price_trimmed(summary @extschema@.aov_summary)
    RETURNS numeric
    AS 'MODULE_PATHNAME', 'aov_summary_unit_price_trimmed' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.aov_unit_price_trimmed(@extschema@.aov_summary) IS
    'the unit_price_trimmed field of aov_breakdown(summary), computed alone';
CREATE FUNCTION @extschema@.aov_unit_price_median(summary @extschema@.aov_summary)
    RETURNS numeric
    AS 'MODULE_PATHNAME', 'aov_summary_unit_price_median' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.aov_unit_price_median(@extschema@.aov_summary) IS
    'the unit_price_median field of aov_breakdown(summary), computed alone';
CREATE FUNCTION @extschema@.aov_unit_price_top(summary @extschema@.aov_summary)
    RETURNS @extschema@.aov_top_numeric[]
    AS 'MODULE_PATHNAME', 'aov_summary_unit_price_top' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.aov_unit_price_top(@extschema@.aov_summary) IS
    'the unit_price_top field of aov_breakdown(summary), computed alone';

-- aov_report for BI tools, which cannot read arrays of composite types
-- (psycopg2 in Superset, Metabase's and Grafana's drivers): the same rows
-- and columns, the three top-values columns as jsonb arrays of
-- {"value", "count", "share"} objects, best first.  A companion function
-- rather than more columns on aov_report, so that aov_report's columns (and
-- every query that selects them by position) stay as they are.
CREATE FUNCTION @extschema@.aov_report_bi(
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
    aov_top jsonb,
    items_per_order_trimmed numeric,
    items_per_order_median numeric,
    items_per_order_top jsonb,
    unit_price_trimmed numeric,
    unit_price_median numeric,
    unit_price_top jsonb)
-- RESTRICTED, STABLE: as aov_report, which it calls.
LANGUAGE sql STABLE PARALLEL RESTRICTED
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT r.period, r.segment, r.orders_share, r.revenue_share, r.orders, r.customers,
           r.guest_orders, r.zero_item_orders, r.revenue, r.items, r.aov, r.unit_price,
           r.items_per_order, r.revenue_per_customer, r.orders_per_customer,
           r.trim_fraction_used, r.aov_trimmed, r.aov_median, to_jsonb(r.aov_top),
           r.items_per_order_trimmed, r.items_per_order_median, to_jsonb(r.items_per_order_top),
           r.unit_price_trimmed, r.unit_price_median, to_jsonb(r.unit_price_top)
      FROM @extschema@.aov_report(order_table, granularity, since, until, trim_fraction,
                                  time_column, revenue_column, items_column, customer_column) AS r
$$;
COMMENT ON FUNCTION @extschema@.aov_report_bi(regclass, text, timestamptz, timestamptz, float8, name, name, name, name) IS
    'aov_report with standard column types only: the top values as jsonb, for BI tools';

------------------------------------------------------------------------------
-- 7. When to take a campaign offline (促销活动的更替标准)
--
-- The second article's retirement rules, judged day by day over a campaign's
-- daily statistics, with two guards the spreadsheet lacks: a conversion rate
-- is judged only on enough visitors (optionally by a one-sided binomial
-- test instead of the raw ratio), and a campaign whose latest windows
-- cannot be judged is reported as "not enough data", never kept or retired
-- by default.  Daily statistics are small (a row per campaign and day), so
-- plain PL/pgSQL over per-campaign arrays is fast enough.
------------------------------------------------------------------------------

-- P(X <= k) for X ~ Binomial(n, p), through the incomplete beta of
-- src/stats.c (PostgreSQL 15 has no lgamma in SQL).
CREATE FUNCTION @extschema@._aov_binomial_below(conversions bigint, visitors bigint, rate float8)
    RETURNS float8
    AS 'MODULE_PATHNAME', 'aov_binomial_below' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._aov_binomial_below(bigint, bigint, float8) IS
    'internal: P(X <= conversions) for X binomial(visitors, rate), the one-sided p-value that the true rate is below rate';

-- Is a window's conversion rate below its floor?  NULL (undecided) on fewer
-- than min_uv visitors; with alpha, "below" means the binomial test rejects
-- a true rate at the floor, not merely a lower observed ratio.
CREATE FUNCTION @extschema@._aov_conversion_below(conversions bigint, visitors bigint, rate_floor float8,
                                                  min_uv bigint, alpha float8,
                                                  OUT below boolean, OUT p_value float8)
-- Not STRICT: a NULL alpha means "compare the raw ratio".
LANGUAGE sql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog
AS $$
    SELECT CASE WHEN visitors < min_uv OR visitors = 0 THEN NULL
                WHEN alpha IS NULL THEN conversions::float8 / visitors < rate_floor
                ELSE @extschema@._aov_binomial_below(conversions, visitors, rate_floor) < alpha END,
           CASE WHEN alpha IS NOT NULL AND visitors > 0
                THEN @extschema@._aov_binomial_below(conversions, visitors, rate_floor) END
$$;
COMMENT ON FUNCTION @extschema@._aov_conversion_below(bigint, bigint, float8, bigint, float8) IS
    'internal: whether a window''s conversion rate is below its floor (NULL when too few visitors to judge), with the binomial p-value when alpha is given';

-- The column types a campaign relation may have, or a clear error.
CREATE FUNCTION @extschema@._aov_campaign_column(rel regclass, col name, allowed regtype[], what text, arg text)
    RETURNS void
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog
AS $$
DECLARE
    t regtype := @extschema@._aov_column_type(rel, col, format('Name the %s column with %s => ''...''.', what, arg));
BEGIN
    IF allowed IS NOT NULL AND NOT t = ANY (allowed) THEN
        RAISE EXCEPTION 'column "%" of relation % has type %, not a %', col, rel, t, what
            USING ERRCODE = 'datatype_mismatch',
                  HINT = format('Use a view that casts it to one of %s.', allowed);
    END IF;
END
$$;
COMMENT ON FUNCTION @extschema@._aov_campaign_column(regclass, name, regtype[], text, text) IS
    'internal: checks that a column of a relation that aov_campaign_retirement or aov_period_health reads exists and has a usable type';

-- The review itself.  Every window ends on a day with statistics and is
-- complete only when every one of its days has a row (a missing day is
-- unknown, not zero).  On each day the rules are tried in the article's
-- order; the first that fires retires the campaign, so on a tie the
-- earlier rule in that order is reported.
CREATE FUNCTION @extschema@.aov_campaign_retirement(
    daily regclass,
    campaigns regclass,
    daily_uv_floor numeric DEFAULT NULL,
    daily_uv_days integer DEFAULT 3,
    weekly_uv_floor numeric DEFAULT NULL,
    conversion_floor float8 DEFAULT NULL,
    conversion_days integer DEFAULT 7,
    mixed_uv_floor numeric DEFAULT NULL,
    mixed_conversion_floor float8 DEFAULT NULL,
    max_days integer DEFAULT 7,
    max_days_short integer DEFAULT 3,
    min_uv_for_conversion bigint DEFAULT 100,
    alpha float8 DEFAULT NULL,
    campaign_column name DEFAULT 'campaign_id',
    day_column name DEFAULT 'day',
    uv_column name DEFAULT 'uv',
    conversions_column name DEFAULT 'conversions',
    revenue_column name DEFAULT 'revenue',
    start_column name DEFAULT 'start_day',
    kind_column name DEFAULT 'kind')
RETURNS TABLE (
    campaign_id text, kind text, start_day date, last_day date, days integer,
    uv bigint, conversions bigint, revenue numeric,
    decision text, rule text, fired_on date, evidence jsonb, undecided text[])
-- Not STRICT: a NULL floor switches its rule off.  RESTRICTED, STABLE: it
-- reads relations that may be temporary.
LANGUAGE plpgsql STABLE PARALLEL RESTRICTED ROWS 100
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    ints constant regtype[] := '{int2,int4,int8}';
    r record;
    n integer;
    lim integer;
    pu bigint[];
    pc bigint[];
    run integer;
    fire_rule text;
    fire_day date;
    fire_ev jsonb;
    max_day date;
    j integer;
    jc integer;
    wu bigint;
    cb record;
BEGIN
    IF daily IS NULL OR campaigns IS NULL OR daily_uv_days IS NULL OR conversion_days IS NULL
       OR min_uv_for_conversion IS NULL OR campaign_column IS NULL OR day_column IS NULL
       OR uv_column IS NULL OR conversions_column IS NULL OR start_column IS NULL OR kind_column IS NULL THEN
        RAISE EXCEPTION 'relations, windows, min_uv_for_conversion and column names of aov_campaign_retirement must not be null'
            USING ERRCODE = 'null_value_not_allowed',
                  HINT = 'Leave an argument out for its default; a NULL floor or max_days switches its rule off, a NULL revenue_column skips revenue.';
    END IF;
    IF daily_uv_floor < 0 OR weekly_uv_floor < 0 OR mixed_uv_floor < 0 OR min_uv_for_conversion < 0
       OR 'NaN'::numeric IN (daily_uv_floor, weekly_uv_floor, mixed_uv_floor) THEN
        RAISE EXCEPTION 'UV floors and min_uv_for_conversion must not be negative or NaN'
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'A floor is a number of unique visitors: 0 or more.';
    END IF;
    IF NOT (conversion_floor BETWEEN 0 AND 1) OR NOT (mixed_conversion_floor BETWEEN 0 AND 1) THEN
        RAISE EXCEPTION 'conversion floors must be between 0 and 1'
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'Give a conversion rate as a fraction: 0.02 for 2%.';
    END IF;
    IF daily_uv_days < 1 OR conversion_days < 1 OR max_days < 1 OR max_days_short < 1 THEN
        RAISE EXCEPTION 'day counts must be at least 1'
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'daily_uv_days, conversion_days, max_days and max_days_short count days.';
    END IF;
    IF NOT (alpha > 0 AND alpha < 1) THEN
        RAISE EXCEPTION 'significance level % must be between 0 and 1', alpha
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'Use for example 0.05, or leave alpha out to compare the raw conversion rate.';
    END IF;
    IF (mixed_uv_floor IS NULL) <> (mixed_conversion_floor IS NULL) THEN
        RAISE EXCEPTION 'the mixed rule needs both mixed_uv_floor and mixed_conversion_floor'
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'Give both floors, or neither to switch the mixed rule off.';
    END IF;
    IF daily_uv_floor IS NULL AND weekly_uv_floor IS NULL AND conversion_floor IS NULL
       AND mixed_uv_floor IS NULL AND max_days IS NULL AND max_days_short IS NULL THEN
        RAISE EXCEPTION 'no retirement rule is switched on'
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'Give at least one floor, or max_days or max_days_short.';
    END IF;

    PERFORM @extschema@._aov_campaign_column(daily, campaign_column, NULL, 'campaign id', 'campaign_column');
    PERFORM @extschema@._aov_campaign_column(daily, day_column, '{date,timestamp,timestamptz}', 'day', 'day_column');
    PERFORM @extschema@._aov_campaign_column(daily, uv_column, ints, 'UV count', 'uv_column');
    PERFORM @extschema@._aov_campaign_column(daily, conversions_column, ints, 'conversion count', 'conversions_column');
    IF revenue_column IS NOT NULL THEN
        PERFORM @extschema@._aov_campaign_column(daily, revenue_column, ints || '{numeric,float4,float8}'::regtype[], 'revenue', 'revenue_column');
    END IF;
    PERFORM @extschema@._aov_campaign_column(campaigns, campaign_column, NULL, 'campaign id', 'campaign_column');
    PERFORM @extschema@._aov_campaign_column(campaigns, start_column, '{date,timestamp,timestamptz}', 'start day', 'start_column');
    PERFORM @extschema@._aov_campaign_column(campaigns, kind_column, '{text,varchar,bpchar}', 'campaign kind', 'kind_column');

    FOR r IN EXECUTE format($q$
        WITH d AS (
            SELECT (%1$I)::text AS id, (%2$I)::date AS day, (%3$I)::bigint AS uv,
                   (%4$I)::bigint AS conv, (%5$s)::numeric AS rev
              FROM %6$s),
        a AS (
            SELECT id, array_agg(day ORDER BY day) AS days, array_agg(uv ORDER BY day) AS uvs,
                   array_agg(conv ORDER BY day) AS convs, sum(rev) AS rev
              FROM d GROUP BY id),
        c AS (
            SELECT (%1$I)::text AS id, (%7$I)::date AS start, (%8$I)::text AS kind,
                   count(*) OVER (PARTITION BY (%1$I)::text) AS copies
              FROM %9$s)
        SELECT c.id AS cid, a.id AS did, c.start, c.kind, c.copies, a.days, a.uvs, a.convs, a.rev
          FROM c FULL JOIN a ON a.id = c.id
         ORDER BY coalesce(c.id, a.id)
        $q$, campaign_column, day_column, uv_column, conversions_column,
        coalesce(quote_ident(revenue_column), 'NULL'), daily, start_column, kind_column, campaigns)
    LOOP
        IF r.cid IS NULL AND r.did IS NULL THEN
            RAISE EXCEPTION 'campaign id must not be null'
                USING ERRCODE = 'null_value_not_allowed',
                      DETAIL = format('%s or %s has a row with a NULL "%s".', daily, campaigns, campaign_column),
                      HINT = 'Give every row a campaign id.';
        END IF;
        IF r.cid IS NULL THEN
            RAISE EXCEPTION 'campaign % has daily statistics but no row in %', r.did, campaigns
                USING ERRCODE = 'invalid_parameter_value',
                      HINT = 'Every campaign needs its start day and kind in the campaigns relation.';
        END IF;
        IF r.copies > 1 THEN
            RAISE EXCEPTION 'campaign % has % rows in %', r.cid, r.copies, campaigns
                USING ERRCODE = 'invalid_parameter_value',
                      HINT = 'The campaigns relation needs one row per campaign.';
        END IF;
        IF r.start IS NULL THEN
            RAISE EXCEPTION 'campaign % has no start day', r.cid
                USING ERRCODE = 'null_value_not_allowed',
                      HINT = 'Give every campaign its start day.';
        END IF;
        kind := coalesce(r.kind, 'regular');
        IF kind NOT IN ('regular', 'short') THEN
            RAISE EXCEPTION 'campaign % has unknown kind "%"', r.cid, kind
                USING ERRCODE = 'invalid_parameter_value',
                      HINT = 'The kind is ''regular'' (at most max_days) or ''short'' (a short heavy promotion, at most max_days_short); NULL means regular.';
        END IF;

        n := coalesce(array_length(r.days, 1), 0);
        pu := '{0}';
        pc := '{0}';
        FOR i IN 1 .. n LOOP
            IF r.days[i] IS NULL OR r.uvs[i] IS NULL OR r.convs[i] IS NULL THEN
                RAISE EXCEPTION 'campaign % has a daily row with a NULL day, UV or conversion count', r.cid
                    USING ERRCODE = 'null_value_not_allowed',
                          HINT = 'Leave a day out when its statistics are unknown; write 0 when nobody came.';
            END IF;
            IF i > 1 AND r.days[i] = r.days[i - 1] THEN
                RAISE EXCEPTION 'campaign % has more than one row for day %', r.cid, r.days[i]
                    USING ERRCODE = 'invalid_parameter_value',
                          HINT = 'Daily statistics need one row per campaign and day: sum overlapping rows first.';
            END IF;
            IF r.days[i] < r.start THEN
                RAISE EXCEPTION 'campaign % has statistics on %, before its start day %', r.cid, r.days[i], r.start
                    USING ERRCODE = 'invalid_parameter_value',
                          HINT = 'Check the start day in the campaigns relation.';
            END IF;
            IF r.uvs[i] < 0 OR r.convs[i] < 0 OR r.convs[i] > r.uvs[i] THEN
                RAISE EXCEPTION 'campaign % on %: % conversions among % UV', r.cid, r.days[i], r.convs[i], r.uvs[i]
                    USING ERRCODE = 'invalid_parameter_value',
                          HINT = 'Counts must not be negative, and a conversion rate needs converting visitors, at most one per visitor.';
            END IF;
            pu := pu || (pu[i] + r.uvs[i]);
            pc := pc || (pc[i] + r.convs[i]);
        END LOOP;

        campaign_id := r.cid;
        start_day := r.start;
        last_day := r.days[n];
        days := n;
        uv := pu[n + 1];
        conversions := pc[n + 1];
        revenue := r.rev;
        lim := CASE WHEN kind = 'short' THEN max_days_short ELSE max_days END;
        max_day := r.start + lim - 1;
        -- the rule fires once the statistics reach the last day allowed
        IF n = 0 OR max_day > last_day THEN
            max_day := NULL;
        END IF;

        fire_rule := NULL;
        run := 0;
        FOR i IN 1 .. n LOOP
            EXIT WHEN max_day < r.days[i];
            fire_day := r.days[i];
            -- j, jc: the first index of the UV week and of the conversion
            -- window ending today, NULL when a day of it has no row
            j := CASE WHEN i >= 7 AND r.days[i - 6] = fire_day - 6 THEN i - 6 END;
            jc := CASE WHEN i >= conversion_days AND r.days[i - conversion_days + 1] = fire_day - (conversion_days - 1)
                       THEN i - conversion_days + 1 END;
            wu := pu[i + 1] - pu[j];
            IF r.uvs[i] < daily_uv_floor THEN
                run := CASE WHEN i > 1 AND r.days[i - 1] = fire_day - 1 THEN run + 1 ELSE 1 END;
            ELSE
                run := 0;
            END IF;
            IF run >= daily_uv_days THEN
                fire_rule := 'daily_uv';
                fire_ev := jsonb_build_object('floor', daily_uv_floor, 'days',
                    (SELECT jsonb_agg(jsonb_build_object('day', r.days[k], 'uv', r.uvs[k]) ORDER BY k)
                       FROM generate_series(i - daily_uv_days + 1, i) k));
            ELSIF wu < weekly_uv_floor THEN
                fire_rule := 'weekly_uv';
                fire_ev := jsonb_build_object('floor', weekly_uv_floor, 'from', r.days[j], 'to', fire_day, 'uv', wu);
            ELSE
                IF conversion_floor IS NOT NULL AND jc IS NOT NULL THEN
                    cb := @extschema@._aov_conversion_below(pc[i + 1] - pc[jc], pu[i + 1] - pu[jc],
                              conversion_floor, min_uv_for_conversion, alpha);
                    IF cb.below THEN
                        fire_rule := 'conversion';
                        fire_ev := jsonb_build_object('floor', conversion_floor, 'from', r.days[jc], 'to', fire_day,
                            'uv', pu[i + 1] - pu[jc], 'conversions', pc[i + 1] - pc[jc],
                            'rate', (pc[i + 1] - pc[jc])::float8 / (pu[i + 1] - pu[jc]), 'p_value', cb.p_value);
                    END IF;
                END IF;
                IF fire_rule IS NULL AND wu < mixed_uv_floor AND jc IS NOT NULL THEN
                    cb := @extschema@._aov_conversion_below(pc[i + 1] - pc[jc], pu[i + 1] - pu[jc],
                              mixed_conversion_floor, min_uv_for_conversion, alpha);
                    IF cb.below THEN
                        fire_rule := 'mixed';
                        fire_ev := jsonb_build_object('uv_floor', mixed_uv_floor, 'conversion_floor', mixed_conversion_floor,
                            'uv_from', r.days[j], 'conversion_from', r.days[jc], 'to', fire_day, 'uv', wu,
                            'conversion_uv', pu[i + 1] - pu[jc], 'conversions', pc[i + 1] - pc[jc],
                            'rate', (pc[i + 1] - pc[jc])::float8 / (pu[i + 1] - pu[jc]), 'p_value', cb.p_value);
                    END IF;
                END IF;
            END IF;
            EXIT WHEN fire_rule IS NOT NULL;
        END LOOP;
        -- the duration rule is last in the order: it wins only strictly earlier
        IF max_day IS NOT NULL AND (fire_rule IS NULL OR max_day < fire_day) THEN
            fire_rule := 'max_duration';
            fire_day := max_day;
            fire_ev := jsonb_build_object('start', r.start, 'kind', kind, 'max_days', lim, 'last_day_allowed', max_day,
                                          'last_day_seen', last_day);
        END IF;

        undecided := '{}';
        IF fire_rule IS NULL THEN
            fire_day := NULL;
            fire_ev := NULL;
            -- the windows ending on the last day: can each rule judge them?
            j := CASE WHEN n >= 7 AND r.days[n - 6] = last_day - 6 THEN n - 6 END;
            jc := CASE WHEN n >= conversion_days AND r.days[n - conversion_days + 1] = last_day - (conversion_days - 1)
                       THEN n - conversion_days + 1 END;
            IF daily_uv_floor IS NOT NULL AND NOT (n >= daily_uv_days
                    AND r.days[n - daily_uv_days + 1] = last_day - (daily_uv_days - 1)) THEN
                undecided := undecided || 'daily_uv'::text;
            END IF;
            IF weekly_uv_floor IS NOT NULL AND j IS NULL THEN
                undecided := undecided || 'weekly_uv'::text;
            END IF;
            IF conversion_floor IS NOT NULL AND (jc IS NULL OR (@extschema@._aov_conversion_below(
                    pc[n + 1] - pc[jc], pu[n + 1] - pu[jc], conversion_floor, min_uv_for_conversion, alpha)).below IS NULL) THEN
                undecided := undecided || 'conversion'::text;
            END IF;
            -- UV first: a week at or above the UV floor decides the mixed rule
            IF mixed_uv_floor IS NOT NULL AND (j IS NULL OR (pu[n + 1] - pu[j] < mixed_uv_floor
                    AND (jc IS NULL OR (@extschema@._aov_conversion_below(pc[n + 1] - pc[jc], pu[n + 1] - pu[jc],
                        mixed_conversion_floor, min_uv_for_conversion, alpha)).below IS NULL))) THEN
                undecided := undecided || 'mixed'::text;
            END IF;
            IF lim IS NOT NULL AND n = 0 THEN
                undecided := undecided || 'max_duration'::text;
            END IF;
        END IF;
        rule := fire_rule;
        fired_on := fire_day;
        evidence := fire_ev;
        decision := CASE WHEN fire_rule IS NOT NULL THEN 'retire'
                         WHEN cardinality(undecided) > 0 THEN 'not enough data'
                         ELSE 'keep' END;
        RETURN NEXT;
    END LOOP;
END
$$;
COMMENT ON FUNCTION @extschema@.aov_campaign_retirement(regclass, regclass, numeric, integer, numeric, float8, integer,
    numeric, float8, integer, integer, bigint, float8, name, name, name, name, name, name, name) IS
    'when to take a campaign offline: the article''s UV, conversion, mixed and duration rules over daily statistics, per campaign keep, retire or not enough data, with the first rule that fires, its day and its evidence';

-- A/B tests of offers
--
-- aov_ab_test compares the AOV of the variants of an offer with a control
-- variant.  It reads the relation once, grouped by variant, into two
-- aov_summary values per variant (untrimmed for Welch's test, trimmed for
-- Yuen's), and reuses aov_test_stats and aov_compare for every estimate
-- and p-value; only the interval of a relative lift, Holm's correction and
-- the sample sizes are computed here (doc/reference.md has the formulas).
------------------------------------------------------------------------------

-- The inverse of the tail behind aov_compare's p-values (src/stats.c).
CREATE FUNCTION @extschema@._aov_t_quantile(p float8, df float8)
    RETURNS float8
    AS 'MODULE_PATHNAME', 'aov_t_quantile_sql' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._aov_t_quantile(float8, float8) IS
    'internal: the p quantile of Student''s t with df degrees of freedom (the normal at df = Infinity)';

-- The relative lift v / c - 1 of a variant's estimate over the control's,
-- with a (1 - alpha) interval by the delta method: the variance of the
-- ratio is V_v / c^2 + v^2 V_c / c^4, its degrees of freedom those two
-- parts' Welch-Satterthwaite combination.  NULL when the control's
-- estimate is 0.
CREATE FUNCTION @extschema@._aov_lift_interval(
    c_est float8, c_var float8, c_df float8,
    v_est float8, v_var float8, v_df float8, alpha float8,
    OUT lift float8, OUT low float8, OUT high float8)
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT l, l - q * sqrt(a + b), l + q * sqrt(a + b)
      FROM (SELECT v_est / c - 1 AS l, v_var / (c * c) AS a, v_est * v_est * c_var / (c * c * c * c) AS b
              FROM (SELECT nullif(c_est, 0) AS c) c) s,
           LATERAL (SELECT CASE WHEN s.a + s.b = 0 THEN 0
                                ELSE @extschema@._aov_t_quantile(1 - alpha / 2,
                                         (s.a + s.b) ^ 2 / (s.a ^ 2 / v_df + s.b ^ 2 / c_df)) END AS q) t
     WHERE s.l IS NOT NULL
$$;
COMMENT ON FUNCTION @extschema@._aov_lift_interval(float8, float8, float8, float8, float8, float8, float8) IS
    'internal: a relative lift over control with its delta-method confidence interval';

-- Not STRICT: visitors and period may be NULL; every other NULL is an error.
-- RESTRICTED: it may read a temporary table.  STABLE: period compares times
-- under the TimeZone setting.
CREATE FUNCTION @extschema@.aov_ab_test(
    order_table regclass,
    variant_column name,
    control text,
    visitors jsonb DEFAULT NULL,
    trim_fraction float8 DEFAULT 0.05,
    alpha float8 DEFAULT 0.05,
    power float8 DEFAULT 0.8,
    period tstzrange DEFAULT NULL,
    time_column name DEFAULT 'ordered_at',
    revenue_column name DEFAULT 'revenue',
    items_column name DEFAULT 'items',
    customer_column name DEFAULT 'customer_id')
RETURNS TABLE (
    variant text,
    is_control boolean,
    orders bigint,
    variant_visitors bigint,
    conversion float8,
    aov numeric,
    aov_trimmed numeric,
    unit_price numeric,
    items_per_order numeric,
    aov_lift float8,
    aov_lift_low float8,
    aov_lift_high float8,
    aov_p_value float8,
    aov_p_holm float8,
    trim_fraction_used float8,
    trimmed_lift float8,
    trimmed_lift_low float8,
    trimmed_lift_high float8,
    trimmed_p_value float8,
    trimmed_p_holm float8,
    min_detectable_lift float8,
    orders_needed bigint,
    orders_still_needed bigint)
LANGUAGE plpgsql STABLE PARALLEL RESTRICTED
SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_column
DECLARE
    e record;
    vtype regtype;
    names text[];
    plain @extschema@.aov_summary[];
    trimmed @extschema@.aov_summary[];
    ctl integer;
    bad text;
BEGIN
    IF order_table IS NULL OR variant_column IS NULL OR control IS NULL OR trim_fraction IS NULL
       OR alpha IS NULL OR power IS NULL THEN
        RAISE EXCEPTION 'arguments of aov_ab_test must not be null (except visitors and period)'
            USING ERRCODE = 'null_value_not_allowed',
                  HINT = 'Leave an argument out for its default.';
    END IF;
    IF NOT (trim_fraction >= 0 AND trim_fraction < 0.5) THEN
        RAISE EXCEPTION 'trim fraction % is out of range', trim_fraction
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = 'The trim fraction must be at least 0 and less than 0.5.',
                  HINT = 'Use 0.05 to drop 5% of the orders at each end.';
    END IF;
    IF NOT (alpha > 0 AND alpha < 1) OR NOT (power > 0 AND power < 1) THEN
        RAISE EXCEPTION '% % is out of range', CASE WHEN alpha > 0 AND alpha < 1 THEN 'power' ELSE 'alpha' END,
                        CASE WHEN alpha > 0 AND alpha < 1 THEN power ELSE alpha END
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = 'The significance level and the power are probabilities strictly between 0 and 1.',
                  HINT = 'Use alpha => 0.05 and power => 0.8.';
    END IF;
    IF period IS NOT NULL AND isempty(period) THEN
        RAISE EXCEPTION 'the period is empty'
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'Give the test''s range, such as tstzrange(''2026-05-01'', ''2026-05-15''), or leave it out for all orders.';
    END IF;
    IF visitors IS NOT NULL AND jsonb_typeof(visitors) <> 'object' THEN
        RAISE EXCEPTION 'visitors must be a jsonb object, not %', jsonb_typeof(visitors)
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'Map each variant to its visitors: ''{"A": 10000, "B": 10020}''.';
    END IF;
    SELECT min(format('%s: %s', v.key, v.value)) INTO bad
      FROM jsonb_each(visitors) v
     WHERE CASE WHEN jsonb_typeof(v.value) <> 'number' THEN true
                ELSE v.value::text::numeric < 0 OR v.value::text::numeric <> trunc(v.value::text::numeric)
                     OR v.value::text::numeric > 9223372036854775807 END;
    IF bad IS NOT NULL THEN
        RAISE EXCEPTION 'visitors of a variant must be a whole number of at least 0, not %', bad
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'Map each variant to its visitors: ''{"A": 10000, "B": 10020}''.';
    END IF;

    e := @extschema@._aov_order_exprs(order_table, time_column, revenue_column, items_column, customer_column);
    vtype := @extschema@._aov_column_type(order_table, variant_column,
                                          'Name the column that holds each order''s variant with variant_column => ''...''.');
    IF vtype NOT IN ('text'::regtype, 'character varying'::regtype, 'character'::regtype,
                     'smallint'::regtype, 'integer'::regtype, 'bigint'::regtype) THEN
        RAISE EXCEPTION 'column "%" of relation % has type %, not a variant type', variant_column, order_table, vtype
            USING ERRCODE = 'datatype_mismatch',
                  HINT = 'Variants are text or integers; cast the column in a view.';
    END IF;

    -- One parallel pass, grouped by variant; orders without a variant, a
    -- revenue or items are not in the test (aov_summary would skip the last
    -- two, but a variant with no order left must not show as one).
    -- Variants sort in "C" order, whatever the collation.
    EXECUTE format($q$
        SELECT array_agg(g.v ORDER BY g.v COLLATE "C"), array_agg(g.w ORDER BY g.v COLLATE "C"),
               array_agg(g.y ORDER BY g.v COLLATE "C")
          FROM (SELECT (%1$I)::text AS v,
                       @extschema@.aov_summary(%2$s, %3$s, NULL::bigint, 0::float8) AS w,
                       @extschema@.aov_summary(%2$s, %3$s, NULL::bigint, $1) AS y
                  FROM %4$s
                 WHERE %1$I IS NOT NULL AND (%2$s) IS NOT NULL AND (%3$s) IS NOT NULL
                   AND ($2 IS NULL OR (%5$s)::timestamptz <@ $2)
                 GROUP BY 1) g
        $q$, variant_column, e.r_expr, e.i_expr, order_table, e.t_expr)
        INTO names, plain, trimmed USING trim_fraction, period;

    ctl := array_position(names, control);
    IF ctl IS NULL THEN
        RAISE EXCEPTION 'no orders of the control variant %', quote_literal(control)
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = format('Variants with orders: %s.', coalesce(array_to_string(names[1:10], ', ')
                                  || CASE WHEN cardinality(names) > 10 THEN ', ...' ELSE '' END, 'none')),
                  HINT = 'Give the control''s value as text, as it appears in the variant column.';
    END IF;
    IF cardinality(names) < 2 THEN
        RAISE EXCEPTION 'only the control variant % has orders', quote_literal(control)
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = 'An A/B test compares at least one variant with the control.',
                  HINT = 'Check the variant column and the period.';
    END IF;
    SELECT min(k) INTO bad FROM jsonb_object_keys(visitors) k WHERE k <> ALL (names);
    IF bad IS NOT NULL THEN
        RAISE EXCEPTION 'visitors name variant %, which has no orders', quote_literal(bad)
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'Name the variants as they appear in the variant column.';
    END IF;

    RETURN QUERY
    WITH s AS (
        SELECT u.ord, u.v, u.ord = ctl AS is_ctl, @extschema@.aov_breakdown(u.y) AS b,
               @extschema@.aov_test_stats(u.y) AS ty,
               @extschema@.aov_compare(plain[ctl], u.w) AS cw,
               @extschema@.aov_compare(trimmed[ctl], u.y) AS cy,
               @extschema@.aov_test_stats(u.w) AS tw
          FROM unnest(names, plain, trimmed) WITH ORDINALITY AS u(v, w, y, ord)
    ), c AS (
        SELECT s.tw AS ctw, s.ty AS cty FROM s WHERE s.is_ctl
    ), f AS (
        SELECT s.*, c.*,
               (visitors ->> s.v)::bigint AS vis,
               CASE WHEN NOT s.is_ctl THEN (s.cw).aov_p_value END AS pw,
               CASE WHEN NOT s.is_ctl THEN (s.cy).aov_p_value END AS py,
               iw.low AS w_low, iw.high AS w_high, iy.low AS y_low, iy.high AS y_high,
               -- z_{1-alpha/2} + z_{power}: the normal quantiles of a two-sided test
               @extschema@._aov_t_quantile(1 - alpha / 2, 'Infinity') + @extschema@._aov_t_quantile(power, 'Infinity') AS zz
          FROM s CROSS JOIN c
          LEFT JOIN LATERAL @extschema@._aov_lift_interval(
                   (c.ctw).aov_estimate, (c.ctw).aov_variance, (c.ctw).aov_df,
                   (s.tw).aov_estimate, (s.tw).aov_variance, (s.tw).aov_df, alpha) iw ON NOT s.is_ctl
          LEFT JOIN LATERAL @extschema@._aov_lift_interval(
                   (c.cty).aov_estimate, (c.cty).aov_variance, (c.cty).aov_df,
                   (s.ty).aov_estimate, (s.ty).aov_variance, (s.ty).aov_df, alpha) iy ON NOT s.is_ctl
    ), h AS (
        -- Holm: the j-th smallest of m p-values times m - j + 1, made monotone
        SELECT r.ord, least(1, max(r.scaled) OVER (ORDER BY r.j)) AS hw
          FROM (SELECT f.ord, row_number() OVER (ORDER BY f.pw, f.ord) AS j,
                       (count(*) OVER () - row_number() OVER (ORDER BY f.pw, f.ord) + 1) * f.pw AS scaled
                  FROM f WHERE f.pw IS NOT NULL) r
    ), hy AS (
        SELECT r.ord, least(1, max(r.scaled) OVER (ORDER BY r.j)) AS hy
          FROM (SELECT f.ord, row_number() OVER (ORDER BY f.py, f.ord) AS j,
                       (count(*) OVER () - row_number() OVER (ORDER BY f.py, f.ord) + 1) * f.py AS scaled
                  FROM f WHERE f.py IS NOT NULL) r
    )
    SELECT f.v, f.is_ctl, (f.b).orders, f.vis,
           CASE WHEN f.vis > 0 THEN (f.b).orders::float8 / f.vis END,
           (f.b).aov, (f.b).aov_trimmed, (f.b).unit_price, (f.b).items_per_order,
           CASE WHEN NOT f.is_ctl THEN (f.cw).aov_rel_change END, f.w_low, f.w_high, f.pw, h.hw,
           trim_fraction,
           CASE WHEN NOT f.is_ctl THEN (f.cy).aov_rel_change END, f.y_low, f.y_high, f.py, hy.hy,
           CASE WHEN NOT f.is_ctl THEN
               f.zz * sqrt((f.cty).aov_variance + (f.ty).aov_variance) / abs(nullif((f.cty).aov_estimate, 0)) END,
           n.need,
           CASE WHEN n.need IS NOT NULL THEN
               greatest(0, n.need - (f.ty).orders) + greatest(0, n.need - (f.cty).orders) END
      FROM f
      LEFT JOIN h ON h.ord = f.ord
      LEFT JOIN hy ON hy.ord = f.ord
      LEFT JOIN LATERAL (
          -- per arm: (z_{1-alpha/2} + z_{power})^2 (n_c V_c + n_v V_v) / d^2
          SELECT ceil(f.zz ^ 2 * ((f.cty).orders * (f.cty).aov_variance + (f.ty).orders * (f.ty).aov_variance)
                      / nullif(((f.ty).aov_estimate - (f.cty).aov_estimate) ^ 2, 0))::bigint AS need
           WHERE NOT f.is_ctl) n ON true
     ORDER BY f.ord;
END
$$;
COMMENT ON FUNCTION @extschema@.aov_ab_test(regclass, name, text, jsonb, float8, float8, float8, tstzrange,
    name, name, name, name) IS
    'A/B/n test of AOV over orders tagged with a variant: per variant AOV, trimmed AOV, unit price, items per order and conversion; lift over control with confidence interval and p-value by Welch and Yuen, Holm-adjusted; minimum detectable lift and orders needed';

------------------------------------------------------------------------------
-- 8. Campaign AOV (单次活动客单价)
--
-- Orders attributed to campaigns, per campaign and period.  The article's
-- campaign AOV is revenue per customer (= unit price x items per customer);
-- its marketing cost is the promotion cost plus the discount given, both
-- read from columns of the orders (a per-campaign cost is allocated to the
-- orders by the caller's view: doc/reference.md).  An order spanning
-- several campaigns is given as one row per (order, campaign) with that
-- campaign's part of the order: a view over the order lines.
------------------------------------------------------------------------------

-- The cost and discount columns: NULL or a number type, or a clear error.
CREATE FUNCTION @extschema@._aov_cost_expr(rel regclass, col name, arg text)
    RETURNS text
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog
AS $$
DECLARE
    t regtype;
BEGIN
    IF col IS NULL THEN
        RETURN 'NULL::numeric';
    END IF;
    t := @extschema@._aov_column_type(rel, col, format('Name the column with %s => ''...'', or leave it out.', arg));
    IF t NOT IN ('smallint'::regtype, 'integer'::regtype, 'bigint'::regtype, 'numeric'::regtype,
                 'real'::regtype, 'double precision'::regtype) THEN
        RAISE EXCEPTION 'column "%" of relation % has type %, not a number', col, rel, t
            USING ERRCODE = 'datatype_mismatch',
                  HINT = 'Use a view that casts it to numeric.';
    END IF;
    RETURN format('(%I)::numeric', col);
END
$$;
COMMENT ON FUNCTION @extschema@._aov_cost_expr(regclass, name, text) IS
    'internal: the numeric expression of aov_campaign_report''s cost or discount column, NULL::numeric when none is named';

-- One parallel aggregate pass groups the orders by campaign, period and
-- segment (new / returning / guest); the rows are rollups of those groups,
-- so that customers stay distinct across segments and periods.
CREATE FUNCTION @extschema@.aov_campaign_report(
    order_table regclass,
    campaign_column name DEFAULT 'campaign_id',
    granularity text DEFAULT 'month',
    since timestamptz DEFAULT NULL,
    until timestamptz DEFAULT NULL,
    cost_column name DEFAULT NULL,
    discount_column name DEFAULT NULL,
    time_column name DEFAULT 'ordered_at',
    revenue_column name DEFAULT 'revenue',
    items_column name DEFAULT 'items',
    customer_column name DEFAULT 'customer_id')
RETURNS TABLE (
    campaign text,
    period date,
    orders bigint,
    customers bigint,
    guest_orders bigint,
    revenue numeric,
    items numeric,
    revenue_per_customer numeric,
    revenue_per_order numeric,
    unit_price numeric,
    items_per_customer numeric,
    items_per_order numeric,
    new_customers bigint,
    returning_customers bigint,
    new_orders bigint,
    returning_orders bigint,
    new_revenue numeric,
    returning_revenue numeric,
    promotion_cost numeric,
    discount numeric,
    marketing_cost numeric,
    cost_per_order numeric,
    cost_per_revenue numeric)
-- RESTRICTED: it may read a temporary table, which parallel workers cannot.
LANGUAGE plpgsql STABLE PARALLEL RESTRICTED
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    g text := lower(granularity);
    e record;
    cid record;
    k_expr text;
    cost_expr text;
    disc_expr text;
BEGIN
    IF order_table IS NULL THEN
        RAISE EXCEPTION 'order table must not be null'
            USING ERRCODE = 'null_value_not_allowed';
    END IF;
    IF g IS NULL OR campaign_column IS NULL THEN
        RAISE EXCEPTION '% must not be null', CASE WHEN g IS NULL THEN 'granularity' ELSE 'campaign column' END
            USING ERRCODE = 'null_value_not_allowed',
                  HINT = 'Leave the argument out for its default.';
    END IF;
    -- aov_period's check of the granularity, with its error and hint.
    PERFORM @extschema@.aov_period(g, 'epoch');
    PERFORM @extschema@._aov_check_trim_window(NULL, since, until);

    e := @extschema@._aov_order_exprs(order_table, time_column, revenue_column, items_column, customer_column);
    PERFORM @extschema@._aov_column_type(order_table, campaign_column,
        'Name the campaign column with campaign_column => ''...''.');
    k_expr := format('(%I)::text', campaign_column);
    cost_expr := @extschema@._aov_cost_expr(order_table, cost_column, 'cost_column');
    disc_expr := @extschema@._aov_cost_expr(order_table, discount_column, 'discount_column');
    cid := @extschema@._aov_customer_ids(order_table, customer_column, e.c_expr, 4);

    -- The first order of every customer is over the whole relation (not only
    -- since / until, nor only the campaign's orders): new means new to the
    -- shop, as in aov_report.
    RETURN QUERY EXECUTE format($q$
        WITH o AS (
            SELECT %1$s AS k, date_trunc($1, (%2$s)::timestamptz) AS p,
                   %3$s AS r, %4$s AS i, %5$s AS c,
                   @extschema@._aov_first_order(
                       (SELECT @extschema@._aov_firsts(%5$s, (%2$s)::timestamptz) FROM %6$s), %5$s) AS f,
                   %7$s AS pc, %8$s AS dc
              FROM %6$s
             WHERE ($2::timestamptz IS NULL OR (%2$s)::timestamptz >= $2)
               AND ($3::timestamptz IS NULL OR (%2$s)::timestamptz < $3)
        ), s AS MATERIALIZED (
            SELECT o.k, o.p,
                   CASE WHEN o.c IS NULL THEN 'guest'
                        WHEN date_trunc($1, o.f) = o.p THEN 'new' ELSE 'returning' END AS seg,
                   @extschema@.aov_summary(o.r, o.i, o.c) AS sm, sum(o.pc) AS pc, sum(o.dc) AS dc
              FROM o
             GROUP BY 1, 2, 3
        ), g AS (
            SELECT s.k, s.p, @extschema@.aov_rollup(s.sm) AS sm,
                   @extschema@.aov_rollup(s.sm) FILTER (WHERE s.seg = 'new') AS nsm,
                   @extschema@.aov_rollup(s.sm) FILTER (WHERE s.seg = 'returning') AS rsm,
                   sum(s.pc) AS pc, sum(s.dc) AS dc
              FROM s
             GROUP BY GROUPING SETS ((s.k, s.p), (s.k))
        ), b AS (
            SELECT g.k, g.p, g.pc, g.dc, @extschema@.aov_breakdown(g.sm) AS b,
                   @extschema@.aov_breakdown(g.nsm) AS nb, @extschema@.aov_breakdown(g.rsm) AS rb,
                   CASE WHEN $5 THEN coalesce(g.pc, 0) + coalesce(g.dc, 0) END AS mc
              FROM g
        )
        SELECT b.k, b.p::date, (b.b).orders, (b.b).customers, (b.b).guest_orders,
               (b.b).revenue, (b.b).items, (b.b).revenue_per_customer, (b.b).aov,
               (b.b).unit_price,
               -- as revenue_per_customer: the items of the customers' orders, guests left out
               (coalesce((b.nb).items, 0) + coalesce((b.rb).items, 0)) / nullif((b.b).customers, 0),
               (b.b).items_per_order,
               coalesce((b.nb).customers, 0), coalesce((b.rb).customers, 0),
               coalesce((b.nb).orders, 0), coalesce((b.rb).orders, 0),
               coalesce((b.nb).revenue, 0), coalesce((b.rb).revenue, 0),
               b.pc, b.dc, b.mc, b.mc / nullif((b.b).orders, 0), b.mc / nullif((b.b).revenue, 0)
          FROM b
         ORDER BY b.k NULLS LAST, b.p NULLS LAST
        $q$, k_expr, e.t_expr, e.r_expr, e.i_expr, cid.expr, order_table, cost_expr, disc_expr)
    USING g, since, until, cid.ids, cost_column IS NOT NULL OR discount_column IS NOT NULL;
END
$$;
COMMENT ON FUNCTION @extschema@.aov_campaign_report(regclass, name, text, timestamptz, timestamptz, name, name,
    name, name, name, name) IS
    'campaign AOV (revenue per customer), revenue per order, unit price, items per customer and order, new / returning split and marketing cost per order and per revenue, per campaign and period plus an all-periods row';

------------------------------------------------------------------------------
-- 9. Upsell within budget (向上销售)
--
-- For each product of a cart, the higher-priced alternatives of its
-- substitute group in a catalogue, with how well each sells (orders,
-- customers, share of the group's units, repeat-purchase rate), the price
-- step and the AOV effect if one buyer in N takes the upgrade.  The step is
-- bounded by max_step (and max_price); a given customer's budget comes from
-- their own orders (a high quantile or a trimmed mean of their order values
-- and of their per-order unit prices), and alternatives above it are left
-- out or flagged.  The article's segment rule orders the result: new
-- customers (no history, or one order) lack trust and see the best-selling,
-- well-rated alternatives first; returning customers the largest AOV
-- effect within budget.  Plain SQL over the relations: one pass over the
-- order lines for the counts, one over the customer's lines for the budget.
------------------------------------------------------------------------------

CREATE FUNCTION @extschema@.aov_upsell(
    catalogue regclass,
    order_lines regclass,
    cart text[],
    customer text DEFAULT NULL,
    order_table regclass DEFAULT NULL,
    max_step float8 DEFAULT 0.3,
    max_price numeric DEFAULT NULL,
    one_in float8 DEFAULT 10,
    k integer DEFAULT 3,
    min_orders bigint DEFAULT 1,
    budget_statistic text DEFAULT 'quantile',
    budget_level float8 DEFAULT 0.9,
    budget_action text DEFAULT 'exclude',
    ranking text DEFAULT NULL,
    until timestamptz DEFAULT NULL,
    product_column name DEFAULT 'product_id',
    group_column name DEFAULT 'category',
    price_column name DEFAULT 'price',
    rating_column name DEFAULT NULL,
    return_rate_column name DEFAULT NULL,
    order_column name DEFAULT 'order_id',
    line_product_column name DEFAULT 'product_id',
    quantity_column name DEFAULT 'quantity',
    line_revenue_column name DEFAULT NULL,
    customer_column name DEFAULT 'customer_id',
    time_column name DEFAULT 'ordered_at')
RETURNS TABLE (
    product text,
    product_price numeric,
    alternative text,
    alternative_price numeric,
    price_step numeric,
    price_step_rel float8,
    orders bigint,
    customers bigint,
    units numeric,
    group_share float8,
    repeat_rate float8,
    rating float8,
    return_rate float8,
    aov_effect numeric,
    budget_unit_price numeric,
    budget_order_value numeric,
    within_budget boolean,
    over_budget text,
    segment text,
    rank integer)
LANGUAGE plpgsql STABLE PARALLEL RESTRICTED ROWS 10
SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_column
DECLARE
    keys constant regtype[] := ARRAY['text', 'character varying', 'character', 'bigint', 'integer',
                                     'smallint']::regtype[];
    ints constant regtype[] := ARRAY['bigint', 'integer', 'smallint']::regtype[];
    c_price text;
    c_rating text;
    c_return text;
    l_qty text;
    l_rev text;
    cat text;
    lines text;
    dup text;
    unknown text;
    n_unknown bigint;
    bad record;
    b_ids text[];
    b_groups text[];
    b_prices numeric[];
    b_pos bigint[];
    n_hist bigint := 0;
    vs numeric[];
    us numeric[];
    ub numeric;
    ob numeric;
    seg text;
BEGIN
    IF catalogue IS NULL OR order_lines IS NULL OR cart IS NULL OR max_step IS NULL OR one_in IS NULL
       OR k IS NULL OR min_orders IS NULL OR budget_statistic IS NULL OR budget_level IS NULL
       OR budget_action IS NULL OR product_column IS NULL OR group_column IS NULL OR price_column IS NULL
       OR order_column IS NULL OR line_product_column IS NULL OR quantity_column IS NULL
       OR customer_column IS NULL OR time_column IS NULL THEN
        RAISE EXCEPTION 'arguments of aov_upsell must not be null (except customer, order_table, max_price, ranking, until and the optional columns)'
            USING ERRCODE = 'null_value_not_allowed',
                  HINT = 'Leave an argument out for its default.';
    END IF;
    IF cardinality(cart) = 0 THEN
        RAISE EXCEPTION 'the cart is empty'
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'Give the product ids to upsell from, such as ARRAY[''22960''].';
    END IF;
    IF array_position(cart, NULL) IS NOT NULL THEN
        RAISE EXCEPTION 'product ids of the cart must not be null'
            USING ERRCODE = 'null_value_not_allowed',
                  HINT = 'Remove the NULL entries, for instance with array_remove(cart, NULL).';
    END IF;
    -- NaN compares above every number in PostgreSQL, so it is named apart
    IF NOT max_step > 0 OR max_step = 'NaN' THEN
        RAISE EXCEPTION 'max_step must be greater than 0, not %', max_step
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = 'The step is the price increase relative to the product''s price: 0.3 allows up to +30%.',
                  HINT = 'Use max_step => ''Infinity'' for no bound.';
    END IF;
    IF NOT (one_in >= 1 AND one_in < 'Infinity') THEN
        RAISE EXCEPTION 'one_in must be a finite number of at least 1, not %', one_in
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'one_in => 10 estimates the effect of one buyer in 10 taking the upgrade.';
    END IF;
    IF k < 1 OR min_orders < 0 THEN
        RAISE EXCEPTION '% must be at least %, not %', CASE WHEN k < 1 THEN 'k' ELSE 'min_orders' END,
                        CASE WHEN k < 1 THEN 1 ELSE 0 END, CASE WHEN k < 1 THEN k ELSE min_orders END
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF budget_statistic NOT IN ('quantile', 'trimmed') THEN
        RAISE EXCEPTION 'budget_statistic must be ''quantile'' or ''trimmed'', not %', quote_literal(budget_statistic)
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF NOT (budget_level >= 0 AND budget_level <= 1 AND (budget_statistic = 'quantile' OR budget_level < 0.5)) THEN
        RAISE EXCEPTION 'budget level % is out of range for a %', budget_level,
                        CASE budget_statistic WHEN 'quantile' THEN 'quantile' ELSE 'trimmed mean' END
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = 'A quantile level is between 0 and 1; a trim fraction is at least 0 and less than 0.5.',
                  HINT = 'Use budget_level => 0.9 for the 90% quantile of the customer''s orders.';
    END IF;
    IF budget_action NOT IN ('exclude', 'flag') THEN
        RAISE EXCEPTION 'budget_action must be ''exclude'' or ''flag'', not %', quote_literal(budget_action)
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF ranking NOT IN ('new', 'returning') THEN
        RAISE EXCEPTION 'ranking must be ''new'', ''returning'' or NULL, not %', quote_literal(ranking)
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'Leave it out to rank by the customer''s segment.';
    END IF;
    IF max_price = 'NaN' THEN
        RAISE EXCEPTION 'max_price must be a number, not NaN'
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'Leave max_price out for no price cap.';
    END IF;
    IF order_table IS NULL AND (customer IS NOT NULL OR until IS NOT NULL) THEN
        RAISE EXCEPTION 'a % needs the orders relation', CASE WHEN customer IS NOT NULL THEN 'customer''s budget' ELSE 'time limit' END
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'Name it with order_table => ''orders'' (order id, customer id and time columns).';
    END IF;

    PERFORM @extschema@._aov_campaign_column(catalogue, product_column, keys, 'product id', 'product_column');
    PERFORM @extschema@._aov_campaign_column(catalogue, group_column, NULL, 'substitute group', 'group_column');
    c_price := @extschema@._aov_cost_expr(catalogue, price_column, 'price_column');
    c_rating := @extschema@._aov_cost_expr(catalogue, rating_column, 'rating_column');
    c_return := @extschema@._aov_cost_expr(catalogue, return_rate_column, 'return_rate_column');
    PERFORM @extschema@._aov_campaign_column(order_lines, order_column, ints, 'order id', 'order_column');
    PERFORM @extschema@._aov_campaign_column(order_lines, line_product_column, keys, 'product id', 'line_product_column');
    l_qty := @extschema@._aov_cost_expr(order_lines, quantity_column, 'quantity_column');
    l_rev := @extschema@._aov_cost_expr(order_lines, line_revenue_column, 'line_revenue_column');

    -- The catalogue and the lines as (product, group, price, rating, return
    -- rate) and (order, product, quantity, line revenue, customer) rows.
    -- Lines without an order, a product or a positive quantity are no sale.
    cat := format('SELECT (%I)::text AS p, (%I)::text AS g, %s AS price, (%s)::float8 AS rating, (%s)::float8 AS ret FROM %s',
                  product_column, group_column, c_price, c_rating, c_return, catalogue);
    lines := format('SELECT (%I)::bigint AS o, (%I)::text AS p, %s AS q, %s AS r FROM %s WHERE %I IS NOT NULL AND %I IS NOT NULL',
                    order_column, line_product_column, l_qty, l_rev, order_lines, order_column, line_product_column);
    IF order_table IS NULL THEN
        lines := format('SELECT x.*, NULL::text AS c FROM (%s) x WHERE x.q > 0', lines);
    ELSE
        PERFORM @extschema@._aov_campaign_column(order_table, order_column, ints, 'order id', 'order_column');
        PERFORM @extschema@._aov_campaign_column(order_table, customer_column,
            ARRAY['bigint', 'integer', 'smallint', 'text', 'character varying', 'character', 'uuid']::regtype[],
            'customer id', 'customer_column');
        IF until IS NOT NULL THEN
            PERFORM @extschema@._aov_campaign_column(order_table, time_column,
                ARRAY['timestamp with time zone', 'timestamp without time zone', 'date']::regtype[],
                'time', 'time_column');
        END IF;
        -- only lines of orders in the orders relation (before until) count
        lines := format($q$
            SELECT x.*, h.c FROM (%1$s) x
              JOIN (SELECT (%2$I)::bigint AS o, (%3$I)::text AS c FROM %4$s
                     WHERE %5$s) h USING (o)
             WHERE x.q > 0 $q$,
            lines, order_column, customer_column, order_table,
            -- until as a literal: the queries below number their parameters
            -- differently; its text round-trips in this session
            CASE WHEN until IS NULL THEN 'true' ELSE format('(%I)::timestamptz < %L::timestamptz', time_column, until) END);
    END IF;

    -- A product listed twice would count its lines twice: refused.
    EXECUTE format('SELECT min(p) FROM (SELECT p FROM (%s) c GROUP BY p HAVING count(*) > 1) d', cat) INTO dup;
    IF dup IS NOT NULL THEN
        RAISE EXCEPTION 'product % appears more than once in catalogue %', quote_literal(dup), catalogue
            USING ERRCODE = 'unique_violation',
                  HINT = 'Give one row per product: its group, price, and rating or return rate if any.';
    END IF;

    -- The cart's products, once each in their first position.
    EXECUTE format($q$
        SELECT string_agg(quote_literal(b.id), ', ' ORDER BY b.pos) FILTER (WHERE c.p IS NULL),
               count(*) FILTER (WHERE c.p IS NULL),
               array_agg(b.id ORDER BY b.pos), array_agg(c.g ORDER BY b.pos),
               array_agg(c.price ORDER BY b.pos), array_agg(b.pos ORDER BY b.pos)
          FROM (SELECT id, min(pos) AS pos FROM unnest($1) WITH ORDINALITY AS u(id, pos) GROUP BY id) b
          LEFT JOIN (%s) c ON c.p = b.id $q$, cat)
        INTO unknown, n_unknown, b_ids, b_groups, b_prices, b_pos USING cart;
    IF unknown IS NOT NULL THEN
        RAISE EXCEPTION '% % % not in catalogue %', CASE WHEN n_unknown = 1 THEN 'product' ELSE 'products' END,
                        unknown, CASE WHEN n_unknown = 1 THEN 'is' ELSE 'are' END, catalogue
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = format('Product ids are compared as text with column %s of the catalogue.', quote_ident(product_column));
    END IF;
    SELECT b.id, b.price INTO bad FROM unnest(b_ids, b_prices) AS b(id, price)
     WHERE b.price IS NULL OR NOT b.price > 0 OR b.price = 'NaN' LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'product % has price %, not a positive price', quote_literal(bad.id), coalesce(bad.price::text, 'NULL')
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'The price step is relative to the product''s price; give the catalogue a positive price for it.';
    END IF;
    SELECT b.id, b.price INTO bad FROM unnest(b_ids, b_prices) AS b(id, price)
     WHERE b.price > max_price ORDER BY b.price DESC LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'max_price % is below the price % of product %', max_price, bad.price, quote_literal(bad.id)
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = 'An upsell costs more than the product it replaces, so nothing can be offered within this budget.',
                  HINT = 'Raise max_price, or leave it out for no price cap.';
    END IF;

    -- The customer's budget: the quantile (R's type 7, as percentile_cont)
    -- or the trimmed mean of their order values and of their per-order
    -- unit prices.  A line's value is its revenue, or else its quantity at
    -- the catalogue price; lines of unknown value are left out.
    IF customer IS NOT NULL THEN
        EXECUTE format($q$
            WITH h AS (
                SELECT x.o, sum(coalesce(x.r, x.q * c.price)) AS v,
                       sum(x.q) FILTER (WHERE coalesce(x.r, x.q * c.price) IS NOT NULL) AS q
                  FROM (%s) x LEFT JOIN (%s) c ON c.p = x.p
                 WHERE x.c = $1
                 GROUP BY x.o)
            SELECT count(*), array_agg(v ORDER BY v),
                   array_agg(v / q ORDER BY v / q) FILTER (WHERE q > 0)
              FROM h WHERE v IS NOT NULL $q$, lines, cat)
            INTO n_hist, vs, us USING customer;
        IF budget_statistic = 'trimmed' THEN
            ob := (SELECT @extschema@.aov_trimmed_mean(x, budget_level) FROM unnest(vs) x);
            ub := (SELECT @extschema@.aov_trimmed_mean(x, budget_level) FROM unnest(us) x);
        ELSE
            ob := (SELECT a[f + 1] + (h - f) * (a[least(f + 2, n)] - a[f + 1])
                     FROM (SELECT vs AS a, cardinality(vs) AS n, (cardinality(vs) - 1) * budget_level::numeric AS h,
                                  floor((cardinality(vs) - 1) * budget_level::numeric)::integer AS f) s);
            ub := (SELECT a[f + 1] + (h - f) * (a[least(f + 2, n)] - a[f + 1])
                     FROM (SELECT us AS a, cardinality(us) AS n, (cardinality(us) - 1) * budget_level::numeric AS h,
                                  floor((cardinality(us) - 1) * budget_level::numeric)::integer AS f) s);
        END IF;
    END IF;
    seg := coalesce(ranking, CASE WHEN customer IS NOT NULL AND n_hist <= 1 THEN 'new' ELSE 'returning' END);

    -- Alternatives: same group, dearer, not in the cart, within max_step
    -- and max_price, bought in at least min_orders orders.  Counts are per
    -- order (an order with the product on two lines counts once).
    RETURN QUERY EXECUTE format($q$
        WITH l AS (%1$s),
        cat AS (SELECT * FROM (%2$s) c WHERE c.g = ANY ($2)),
        po AS (SELECT x.p, x.o, min(x.c) AS c, sum(x.q) AS q
                 FROM l x WHERE x.p IN (SELECT p FROM cat) GROUP BY x.p, x.o),
        st AS (SELECT p, count(*) AS n, count(DISTINCT c) AS nc, sum(q) AS q FROM po GROUP BY p),
        rep AS (SELECT p, count(*) FILTER (WHERE n >= 2) AS r, count(*) AS b
                  FROM (SELECT p, c, count(*) AS n FROM po WHERE c IS NOT NULL GROUP BY p, c) s GROUP BY p),
        grp AS (SELECT cat.g, sum(st.q) AS q FROM cat JOIN st USING (p) GROUP BY cat.g),
        tot AS (SELECT count(DISTINCT o) AS n FROM l),
        base AS (SELECT * FROM unnest($1, $2, $3, $4) AS b(p, g, price, pos)),
        cand AS (
            SELECT b.p AS product, b.price AS product_price, b.pos, a.p AS alternative, a.price AS alternative_price,
                   a.price - b.price AS step, ((a.price - b.price) / b.price)::float8 AS step_rel,
                   coalesce(s.n, 0) AS orders, CASE WHEN $13 THEN coalesce(s.nc, 0) END AS customers,
                   coalesce(s.q, 0) AS units, (s.q / nullif(grp.q, 0))::float8 AS group_share,
                   (rep.r::float8 / rep.b::float8) AS repeat_rate, a.rating, a.ret,
                   (a.price - b.price) * coalesce(sb.n, 0) / $6::numeric / nullif(tot.n, 0) AS effect,
                   concat_ws(', ', CASE WHEN a.price > $9 THEN 'unit price' END,
                                   CASE WHEN (SELECT sum(price) FROM base) + a.price - b.price > $10
                                        THEN 'order value' END) AS over
              FROM base b
              JOIN cat a ON a.g = b.g AND a.price > b.price AND a.p <> ALL ($1)
              LEFT JOIN st s ON s.p = a.p
              LEFT JOIN st sb ON sb.p = b.p
              LEFT JOIN rep ON rep.p = a.p
              LEFT JOIN grp ON grp.g = a.g
              CROSS JOIN tot
             WHERE ((a.price - b.price) / b.price)::float8 <= $5
               AND ($8 IS NULL OR a.price <= $8)
               AND coalesce(s.n, 0) >= $11),
        judged AS (
            SELECT c.*, CASE WHEN $9 IS NOT NULL OR $10 IS NOT NULL THEN c.over = '' END AS within
              FROM cand c
             WHERE NOT ($12 AND c.over <> '')),
        ranked AS (
            SELECT j.*, row_number() OVER (
                       PARTITION BY j.product
                       ORDER BY j.within IS FALSE,
                                CASE WHEN $14 THEN j.orders END DESC,
                                CASE WHEN $14 THEN j.rating END DESC NULLS LAST,
                                CASE WHEN $14 THEN j.ret END ASC NULLS LAST,
                                CASE WHEN $14 THEN j.step END ASC,
                                j.effect DESC NULLS LAST, j.orders DESC, j.alternative COLLATE "C")::integer AS rk
              FROM judged j)
        SELECT r.product, r.product_price, r.alternative, r.alternative_price, r.step, r.step_rel, r.orders,
               r.customers, r.units, r.group_share, r.repeat_rate, r.rating, r.ret, r.effect, $9, $10,
               r.within, nullif(r.over, ''), $15, r.rk
          FROM ranked r
         WHERE r.rk <= $7
         ORDER BY r.pos, r.rk
        $q$, lines, cat)
    USING b_ids, b_groups, b_prices, b_pos, max_step, one_in, k, max_price, ub, ob, min_orders,
          budget_action = 'exclude', order_table IS NOT NULL, seg = 'new', seg;
END
$$;
COMMENT ON FUNCTION @extschema@.aov_upsell(regclass, regclass, text[], text, regclass, float8, numeric, float8,
    integer, bigint, text, float8, text, text, timestamptz, name, name, name, name, name, name, name, name, name,
    name, name) IS
    'upsell candidates: the dearer alternatives of each cart product in its substitute group, within a price step and the customer''s budget, with sales, repeat rate, rating and AOV effect, ranked for new or returning customers';

-- 10. AOV targets split into unit price and items per order (制定客单价目标后应同时细分)
--
-- The second article: having set an AOV target, split it into a unit-price
-- target and an items-per-order target, per segment (new customers through
-- unit price, returning customers through items per order).  AOV is a
-- product, so a split is a split of the log change: with g = target AOV /
-- baseline AOV and a unit price share s, unit price moves by g^s and items
-- per order by g^(1 - s).  The factor that moves is carried to 20 decimal
-- places and the other factor absorbs the rest of the target, so their
-- product misses the target only by that rounding (target_product shows it).
------------------------------------------------------------------------------

CREATE TYPE @extschema@.aov_target AS (
    segment text,
    orders bigint,
    orders_share float8,
    aov numeric,
    unit_price numeric,
    items_per_order numeric,
    lever text,
    unit_price_share numeric,
    target_aov numeric,
    target_unit_price numeric,
    target_items_per_order numeric,
    aov_change numeric,
    unit_price_change numeric,
    items_per_order_change numeric,
    target_product numeric,
    product_matches boolean
);
COMMENT ON TYPE @extschema@.aov_target IS
    'one row of aov_targets: a segment''s baseline AOV, unit price and items per order, and the targets of each with the lever and the product check';

-- The target arguments, checked before any relation is read (src/relation.c:
-- in C, so that the error comes from aov_targets).
CREATE FUNCTION @extschema@._aov_check_targets(target_aov numeric, segment_targets jsonb, unit_price_share float8)
    RETURNS void
    -- Not STRICT: NULLs are what it checks.
    AS 'MODULE_PATHNAME', 'aov_check_targets' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._aov_check_targets(numeric, jsonb, float8) IS
    'internal: checks the target AOV, the per-segment targets and the unit price share of aov_targets';


-- The common form: an orders relation and its baseline period.
CREATE FUNCTION @extschema@.aov_targets(
    order_table regclass,
    baseline tstzrange,
    target_aov numeric DEFAULT NULL,
    segment_targets jsonb DEFAULT NULL,
    unit_price_share float8 DEFAULT NULL,
    time_column name DEFAULT 'ordered_at',
    revenue_column name DEFAULT 'revenue',
    items_column name DEFAULT 'items',
    customer_column name DEFAULT 'customer_id')
    RETURNS SETOF @extschema@.aov_target
-- Not STRICT: a target is given one way or the other, and a NULL share
-- means the lever rule.  RESTRICTED: it may read a temporary table, which
-- parallel workers cannot.
LANGUAGE plpgsql STABLE PARALLEL RESTRICTED ROWS 4
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    e record;
    cid record;
    sms @extschema@.aov_summary[];
BEGIN
    IF order_table IS NULL OR baseline IS NULL THEN
        RAISE EXCEPTION '% must not be null', CASE WHEN order_table IS NULL THEN 'order table' ELSE 'baseline range' END
            USING ERRCODE = 'null_value_not_allowed';
    END IF;
    PERFORM @extschema@._aov_check_ranges(baseline, NULL, NULL, NULL, false);
    PERFORM @extschema@._aov_check_targets(target_aov, segment_targets, unit_price_share);

    e := @extschema@._aov_order_exprs(order_table, time_column, revenue_column, items_column, customer_column);
    cid := @extschema@._aov_customer_ids(order_table, customer_column, e.c_expr, 2);

    -- The segments as diagnose_aov_drop makes them (new when the first
    -- order ever falls in the range), with the range given as both of its
    -- ranges: every order lands in the first.
    EXECUTE format($q$
        WITH s AS MATERIALIZED (
            SELECT r.segment, r.summary
              FROM @extschema@._aov_segments_rows((
                   SELECT @extschema@._aov_segments(
                              $1, $1, (%1$s)::timestamptz, %2$s, %3$s, %4$s,
                              @extschema@._aov_first_order(
                                  (SELECT @extschema@._aov_firsts(%4$s, (%1$s)::timestamptz) FROM %5$s
                                    WHERE upper_inf($1) OR (%1$s)::timestamptz <= upper($1)), %4$s),
                              0::float8)
                     FROM %5$s
                    WHERE $1 @> (%1$s)::timestamptz)) r
        )
        SELECT ARRAY[(SELECT summary FROM s WHERE segment = 'new'),
                     (SELECT summary FROM s WHERE segment = 'returning'),
                     (SELECT summary FROM s WHERE segment = 'guest')]
        $q$, e.t_expr, e.r_expr, e.i_expr, cid.expr, order_table)
    INTO sms USING baseline, cid.ids;

    RETURN QUERY SELECT * FROM @extschema@.aov_targets(sms[1], sms[2], sms[3], target_aov, segment_targets,
                                                       unit_price_share);
END
$$;
COMMENT ON FUNCTION @extschema@.aov_targets(regclass, tstzrange, numeric, jsonb, float8, name, name, name, name) IS
    'an AOV target split per customer segment into unit price and items per order targets (new and guests through unit price, returning through items per order), from an orders table''s baseline period';

-- The composable form, from the baseline summaries of new, returning and
-- guest orders (the relation form reads them and passes them on, so that
-- every error comes from aov_targets).  An overall target gives every
-- segment the same relative change, which reaches the target at today's
-- order mix: sum of share_s * AOV_s * g = g * AOV.  The 'all' row recombines
-- the segments' targets at today's orders (revenue = sum of orders_s x
-- target AOV_s, items = sum of orders_s x target items per order_s), so its
-- product check is the check that the segments reach the overall target.
CREATE FUNCTION @extschema@.aov_targets(
    new_baseline @extschema@.aov_summary,
    returning_baseline @extschema@.aov_summary,
    guest_baseline @extschema@.aov_summary DEFAULT NULL,
    target_aov numeric DEFAULT NULL,
    segment_targets jsonb DEFAULT NULL,
    unit_price_share float8 DEFAULT NULL)
    RETURNS SETOF @extschema@.aov_target
-- Not STRICT: a NULL summary is a segment without orders.
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE ROWS 4
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    baselines constant @extschema@.aov_summary[] := ARRAY[new_baseline, returning_baseline, guest_baseline];
    segs constant text[] := '{new,returning,guest}';
    t @extschema@.aov_target;
    sm @extschema@.aov_summary;
    all_sm @extschema@.aov_summary;
    n bigint;
    rev numeric;
    rs numeric;
    qs numeric;
    tgt numeric;
    s numeric;
    t_rev numeric := 0;
    t_items numeric := 0;
BEGIN
    PERFORM @extschema@._aov_check_targets(target_aov, segment_targets, unit_price_share);
    all_sm := (SELECT @extschema@.aov_rollup(b) FROM unnest(baselines) b);
    n := coalesce(@extschema@.aov_orders(all_sm), 0);
    IF n = 0 THEN
        RAISE EXCEPTION 'no orders in the baseline'
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = 'Targets are split from the baseline''s unit price and items per order.',
                  HINT = 'Check the baseline period, or the summaries given for it.';
    END IF;
    rev := @extschema@.aov_revenue(all_sm);
    IF target_aov IS NOT NULL AND NOT (rev > 0 AND rev < 'Infinity') THEN
        RAISE EXCEPTION 'baseline AOV % is not positive', @extschema@.aov_value(all_sm)
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = 'A target for all orders is a relative change of every segment''s AOV, which needs a positive baseline.',
                  HINT = 'Give per-segment targets with segment_targets instead.';
    END IF;
    FOR i IN 1 .. 3 LOOP
        IF segment_targets ? segs[i] AND coalesce(@extschema@.aov_orders(baselines[i]), 0) = 0 THEN
            RAISE EXCEPTION 'segment "%" has no orders in the baseline', segs[i]
                USING ERRCODE = 'invalid_parameter_value',
                      HINT = 'Leave it out of segment_targets.';
        END IF;
    END LOOP;

    FOR i IN 1 .. 3 LOOP
        sm := baselines[i];
        CONTINUE WHEN coalesce(@extschema@.aov_orders(sm), 0) = 0;
        t.segment := segs[i];
        t.orders := @extschema@.aov_orders(sm);
        t.orders_share := (t.orders::numeric / n)::float8;
        t.aov := @extschema@.aov_value(sm);
        t.unit_price := @extschema@.aov_unit_price(sm);
        t.items_per_order := @extschema@.aov_items_per_order(sm);
        rs := @extschema@.aov_revenue(sm);
        qs := @extschema@.aov_items(sm);
        tgt := CASE WHEN target_aov IS NOT NULL
                    THEN round(round(rs * target_aov * n, 30) / (t.orders * rev), 20)
                    ELSE (segment_targets ->> segs[i])::numeric END;
        IF tgt IS NULL THEN
            -- no target: the segment stays as it is
            t.lever := 'none';
            t.unit_price_share := NULL;
            t.target_aov := t.aov;
            t.target_unit_price := t.unit_price;
            t.target_items_per_order := t.items_per_order;
            t.aov_change := 0;
            t.unit_price_change := CASE WHEN qs <> 0 THEN 0 END;
            t.items_per_order_change := 0;
            t.target_product := NULL;
            t.product_matches := NULL;
            t_rev := t_rev + rs;
            t_items := t_items + qs;
        ELSE
            IF NOT (rs > 0 AND rs < 'Infinity') THEN
                RAISE EXCEPTION 'segment "%" has a baseline AOV of %, not positive', segs[i], t.aov
                    USING ERRCODE = 'invalid_parameter_value',
                          DETAIL = 'The relative change to a target is undefined from a baseline AOV that is not positive.',
                          HINT = 'Check the baseline''s revenue, or leave the segment out of segment_targets.';
            END IF;
            IF NOT (qs > 0 AND qs < 'Infinity') THEN
                RAISE EXCEPTION 'segment "%" has no items in the baseline', segs[i]
                    USING ERRCODE = 'invalid_parameter_value',
                          DETAIL = format('Its unit price (revenue / items, with %s items) is undefined, so its AOV does not split into unit price x items per order.', qs),
                          HINT = 'Filter out orders without items, or leave the segment out of segment_targets.';
            END IF;
            -- the lever rule: new customers and guests (no history with the
            -- shop either) through unit price, returning customers through
            -- items per order
            s := coalesce(unit_price_share::numeric, CASE segs[i] WHEN 'returning' THEN 0 ELSE 1 END);
            t.lever := CASE s WHEN 1 THEN 'unit_price' WHEN 0 THEN 'items_per_order' ELSE 'split' END;
            t.unit_price_share := s;
            t.target_aov := tgt;
            IF s = 1 THEN
                t.target_items_per_order := t.items_per_order;
                t.target_unit_price := round(round(tgt, 30) / t.items_per_order, 20);
            ELSE
                t.target_unit_price := CASE WHEN s = 0 THEN t.unit_price
                    ELSE round(t.unit_price * power(round(tgt * t.orders, 30) / rs, s), 20) END;
                t.target_items_per_order := round(round(tgt, 30) / t.target_unit_price, 20);
            END IF;
            t.aov_change := round(round(tgt * t.orders, 30) / rs - 1, 20);
            t.unit_price_change := round(round(t.target_unit_price, 30) / t.unit_price - 1, 20);
            t.items_per_order_change := round(round(t.target_items_per_order, 30) / t.items_per_order - 1, 20);
            t.target_product := t.target_unit_price * t.target_items_per_order;
            t.product_matches := abs(t.target_product - tgt) <= tgt * 1e-15;
            t_rev := t_rev + tgt * t.orders;
            t_items := t_items + t.target_items_per_order * t.orders;
        END IF;
        RETURN NEXT t;
    END LOOP;

    t.segment := 'all';
    t.orders := n;
    t.orders_share := 1;
    t.aov := @extschema@.aov_value(all_sm);
    t.unit_price := @extschema@.aov_unit_price(all_sm);
    t.items_per_order := @extschema@.aov_items_per_order(all_sm);
    t.lever := 'mix';
    t.unit_price_share := NULL;
    t.target_aov := coalesce(target_aov, round(round(t_rev, 30) / n, 20));
    t.target_unit_price := round(round(t_rev, 30) / nullif(t_items, 0), 20);
    t.target_items_per_order := round(round(t_items, 30) / n, 20);
    t.aov_change := round(round(t.target_aov * n, 30) / nullif(rev, 0) - 1, 20);
    t.unit_price_change := round(round(t.target_unit_price, 30) / nullif(t.unit_price, 0) - 1, 20);
    t.items_per_order_change := round(round(t.target_items_per_order, 30) / nullif(t.items_per_order, 0) - 1, 20);
    t.target_product := t.target_unit_price * t.target_items_per_order;
    t.product_matches := abs(t.target_product - t.target_aov) <= t.target_aov * 1e-15;
    RETURN NEXT t;
END
$$;
COMMENT ON FUNCTION @extschema@.aov_targets(@extschema@.aov_summary, @extschema@.aov_summary, @extschema@.aov_summary,
    numeric, jsonb, float8) IS
    'an AOV target split per customer segment into unit price and items per order targets, from baseline summaries of new, returning and guest orders';

-- The checks of a baseline range and the range it is compared with, named
-- other_name by its function (diagnose_aov_drop's current period,
-- aov_threshold_effect's campaign): neither empty, disjoint, and the
-- baseline first when ordered (src/relation.c, as the other checks: in C,
-- so that the error comes from the function the user called).  STABLE:
-- the messages show the ranges in the session's time zone and date style.
CREATE FUNCTION @extschema@._aov_check_ranges(baseline tstzrange, other tstzrange, other_name text,
                                              overlap_hint text, ordered boolean)
    RETURNS void
    -- Not STRICT: a NULL other range checks the baseline alone (aov_targets).
    AS 'MODULE_PATHNAME', 'aov_check_ranges' LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._aov_check_ranges(tstzrange, tstzrange, text, text, boolean) IS
    'internal: raises the errors of an empty, overlapping or (when ordered) misordered pair of period ranges';

-- 11. Period health: base vs extended AOV (基本客单价 / 扩展客单价)
--
-- The second article splits a period's revenue per customer into a base
-- part, from the products customers buy regularly (常购), and an extended
-- part, from the rest; base > extended is healthy, equal a stable critical
-- state, base < extended unstable.  "Regularly bought" is a rule over the
-- W periods before each period (the repeat-purchase rate of the product's
-- buyers), or a list the analyst gives; aov_regular_products shows the
-- rule product by product.  The order lines are joined to their orders
-- once; segments are aov_report's.
------------------------------------------------------------------------------

-- The work of aov_period_health and aov_regular_products: the argument
-- checks and one statement.  The statement returns one row, the checks and
-- the result rows as jsonb (numbers as numeric, exact), so that the checks
-- come before any row is returned and the query may still run in parallel,
-- which a FOR loop over it would not.  products: the rule's figures per
-- period and product instead of the period rows.
CREATE FUNCTION @extschema@._aov_period_health(
    order_lines regclass, order_table regclass, granularity text, window_periods integer,
    repeat_threshold float8, tolerance float8, min_buyers integer, regular_products regclass,
    since timestamptz, until timestamptz, order_column name, product_column name,
    revenue_column name, time_column name, customer_column name, caller text, products boolean)
RETURNS jsonb
-- Not STRICT: NULLs are what it checks first.  RESTRICTED, STABLE: it
-- reads relations that may be temporary; periods follow TimeZone.
LANGUAGE plpgsql STABLE PARALLEL RESTRICTED
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    g text := lower(granularity);
    step interval;
    ot regtype;
    lt regtype;
    ct regtype;
    c_expr text;
    cid record;
    reg_cte text;
    r record;
BEGIN
    IF order_lines IS NULL OR order_table IS NULL OR g IS NULL OR window_periods IS NULL
       OR repeat_threshold IS NULL OR tolerance IS NULL OR min_buyers IS NULL
       OR order_column IS NULL OR product_column IS NULL OR (revenue_column IS NULL AND NOT products)
       OR time_column IS NULL OR customer_column IS NULL THEN
        RAISE EXCEPTION 'relations, granularity, rule parameters and column names of % must not be null', caller
            USING ERRCODE = 'null_value_not_allowed',
                  HINT = CASE WHEN products THEN 'Leave an argument out for its default; only since and until may be NULL.'
                              ELSE 'Leave an argument out for its default; only regular_products, since and until may be NULL.' END;
    END IF;
    PERFORM @extschema@.aov_period(g, 'epoch');
    PERFORM @extschema@._aov_check_trim_window(NULL, since, until);
    IF window_periods < 1 THEN
        RAISE EXCEPTION 'look-back window of % periods is too short', window_periods
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'window_periods counts the periods before each period that decide what is regularly bought: 1 or more (2 or more for a repeat purchase to be possible).';
    END IF;
    -- 1000 years still lie inside the timestamp range
    IF window_periods > 1000 THEN
        RAISE EXCEPTION 'look-back window of % periods is too long', window_periods
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'Use at most 1000 periods, or a coarser granularity.';
    END IF;
    IF NOT (repeat_threshold >= 0 AND repeat_threshold <= 1) THEN
        RAISE EXCEPTION 'repeat threshold % must be between 0 and 1', repeat_threshold
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'The threshold is a share of a product''s buyers: 0.3 for 30%.';
    END IF;
    IF NOT (tolerance >= 0 AND tolerance <= 1) THEN
        RAISE EXCEPTION 'tolerance % must be between 0 and 1', tolerance
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'The tolerance is the largest gap between the base and extended shares still called stable: 0.05 for 5 points.';
    END IF;
    IF min_buyers < 1 THEN
        RAISE EXCEPTION 'min_buyers must be at least 1'
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'A product needs at least min_buyers customers in the look-back window to be judged regular.';
    END IF;

    ot := @extschema@._aov_column_type(order_table, order_column, 'Name the order id column with order_column => ''...''.');
    lt := @extschema@._aov_column_type(order_lines, order_column, 'Name the order id column with order_column => ''...''.');
    -- ids of different integer types join as bigint; other types must agree
    IF ot <> lt AND NOT (ot IN ('int2'::regtype, 'int4'::regtype, 'int8'::regtype)
                         AND lt IN ('int2'::regtype, 'int4'::regtype, 'int8'::regtype)) THEN
        RAISE EXCEPTION 'order ids of % and % have different types % and %', order_lines, order_table, lt, ot
            USING ERRCODE = 'datatype_mismatch',
                  HINT = 'Use a view that casts one of the order id columns to the other''s type.';
    END IF;
    PERFORM @extschema@._aov_column_type(order_lines, product_column, 'Name the product column with product_column => ''...''.');
    IF revenue_column IS NOT NULL THEN
        PERFORM @extschema@._aov_campaign_column(order_lines, revenue_column, '{int2,int4,int8,numeric,float4,float8}',
                                                 'revenue', 'revenue_column');
    END IF;
    PERFORM @extschema@._aov_campaign_column(order_table, time_column, '{date,timestamp,timestamptz}',
                                             'time', 'time_column');
    ct := @extschema@._aov_column_type(order_table, customer_column, 'Name the customer column with customer_column => ''...''.');
    c_expr := CASE
        WHEN ct IN ('int2'::regtype, 'int4'::regtype, 'int8'::regtype) THEN format('(%I)::bigint', customer_column)
        WHEN ct = 'uuid'::regtype THEN quote_ident(customer_column)
        WHEN ct IN ('text'::regtype, 'varchar'::regtype, 'bpchar'::regtype) THEN format('(%I)::text', customer_column)
    END;
    IF c_expr IS NULL THEN
        RAISE EXCEPTION 'column "%" of relation % has type %, not a customer id', customer_column, order_table, ct
            USING ERRCODE = 'datatype_mismatch',
                  HINT = 'Customer ids must be bigint, integer, smallint, uuid or text; use a view that maps other ids to one of them.';
    END IF;
    cid := @extschema@._aov_customer_ids(order_table, customer_column, c_expr, 9);
    step := CASE g WHEN 'quarter' THEN interval '3 months' ELSE ('1 ' || g)::interval END;

    -- The regular products of each reported period: the analyst's list, or
    -- the products whose buyers in the W periods before it (customers, not
    -- guests) bought them in at least two of those periods often enough.
    IF regular_products IS NOT NULL THEN
        PERFORM @extschema@._aov_column_type(regular_products, product_column,
            'The list of regular products needs the product column named by product_column.');
        reg_cte := format($r$
            rl AS (SELECT DISTINCT (%I)::text AS prod FROM %s),
            reg AS (SELECT tp.p, rl.prod FROM tp CROSS JOIN rl WHERE rl.prod IS NOT NULL),
            reg_nulls AS (SELECT count(*) AS n FROM rl WHERE rl.prod IS NULL)$r$,
            product_column, regular_products);
    ELSE
        reg_cte := $r$
            pc AS (SELECT DISTINCT x.p, x.prod, x.c FROM x WHERE x.c IS NOT NULL AND x.p IS NOT NULL),
            -- each purchase period feeds the W periods after it: an equality
            -- join, linear in the triples, where a range join would pair
            -- every period with every triple
            w AS (SELECT tp.p, pc.prod, pc.c, count(*) AS k
                    FROM pc CROSS JOIN generate_series(1, $5) AS i
                    JOIN tp ON tp.p = pc.p + i * $2
                   GROUP BY 1, 2, 3),
            rate AS (SELECT w.p, w.prod, count(*) AS buyers, count(*) FILTER (WHERE w.k >= 2) AS rep
                       FROM w GROUP BY 1, 2),
            reg AS (SELECT rate.p, rate.prod FROM rate
                     WHERE rate.buyers >= $6 AND rate.rep::float8 / rate.buyers >= $7),
            reg_nulls AS (SELECT 0::bigint AS n)$r$;
    END IF;

    -- One scan of the lines, joined to the orders grouped by id (so that a
    -- duplicated order id is seen, not summed twice).  A line whose order
    -- time is NULL or infinite has no period.
    EXECUTE format($q$
        WITH o AS (
            SELECT %1$I AS oid, min(%2$s) AS c, min((%3$I)::timestamptz) AS t, count(*) AS n
              FROM %4$s GROUP BY 1
        ), x AS MATERIALIZED (
            SELECT l.oid AS lo, l.prod, l.rev, o.oid, o.c, o.t, o.n,
                   CASE WHEN isfinite(o.t) THEN date_trunc($1, o.t) END AS p,
                   @extschema@._aov_first_order(
                       (SELECT @extschema@._aov_firsts(%2$s, (%3$I)::timestamptz) FROM %4$s), o.c) AS f
              FROM (SELECT %1$I AS oid, (%5$I)::text AS prod, (%6$s)::numeric AS rev FROM %7$s) l
              LEFT JOIN o ON o.oid = l.oid
        ), tp AS (
            SELECT DISTINCT x.p FROM x
             WHERE x.p IS NOT NULL AND ($3::timestamptz IS NULL OR x.t >= $3)
               AND ($4::timestamptz IS NULL OR x.t < $4)
        ), %8$s,
        chk AS (
            SELECT count(*) FILTER (WHERE x.lo IS NULL) AS null_order,
                   count(*) FILTER (WHERE x.prod IS NULL) AS null_product,
                   (min(x.lo::text) FILTER (WHERE x.lo IS NOT NULL AND x.oid IS NULL)) AS missing_order,
                   (min(x.lo::text) FILTER (WHERE x.n > 1)) AS duplicate_order,
                   coalesce((SELECT o.n FROM o WHERE o.oid IS NULL), 0) AS null_order_rows,
                   (SELECT reg_nulls.n FROM reg_nulls) AS null_regular,
                   min(x.p) AS first_period
              FROM x
        ), y AS (
            SELECT x.p, x.oid, x.c, x.rev, reg.prod IS NOT NULL AS base,
                   CASE WHEN x.c IS NULL THEN 'guest'
                        WHEN date_trunc($1, x.f) = x.p THEN 'new' ELSE 'returning' END AS seg
              FROM x LEFT JOIN reg ON reg.p = x.p AND reg.prod = x.prod
             WHERE x.p IS NOT NULL AND ($3::timestamptz IS NULL OR x.t >= $3) AND ($4::timestamptz IS NULL OR x.t < $4)
        ), s AS (
            SELECT y.p, coalesce(y.seg, 'all') AS seg, count(DISTINCT y.c) AS customers,
                   count(DISTINCT y.oid) AS orders,
                   coalesce(sum(y.rev) FILTER (WHERE y.base), 0) AS b,
                   coalesce(sum(y.rev) FILTER (WHERE NOT y.base), 0) AS e,
                   coalesce(sum(y.rev) FILTER (WHERE y.base AND y.c IS NOT NULL), 0) AS cb,
                   coalesce(sum(y.rev) FILTER (WHERE NOT y.base AND y.c IS NOT NULL), 0) AS ce
              FROM y
             GROUP BY GROUPING SETS ((y.p, y.seg), (y.p))
        )
        SELECT chk.*, %9$s AS result
          FROM chk
        $q$, order_column, cid.expr, time_column, order_table, product_column,
             coalesce(quote_ident(revenue_column), 'NULL'), order_lines, reg_cte,
             CASE WHEN products THEN $p$
               (SELECT jsonb_agg(jsonb_build_object(
                           'p', rate.p::date, 'prod', rate.prod, 'buyers', rate.buyers, 'rep', rate.rep,
                           'reg', reg.prod IS NOT NULL, 'complete', rate.p - $5 * $2 >= chk.first_period))
                  FROM rate LEFT JOIN reg ON reg.p = rate.p AND reg.prod = rate.prod)$p$
             ELSE $p$               (SELECT jsonb_agg(jsonb_build_object(
                           'p', s.p::date, 's', s.seg, 'c', s.customers, 'n', s.orders, 'b', s.b, 'e', s.e,
                           'cb', s.cb, 'ce', s.ce, 'k', (SELECT count(*) FROM reg WHERE reg.p = s.p),
                           'st', CASE WHEN NOT s.jb + s.je > 0 THEN NULL
                                      WHEN NOT $10 AND s.p - $5 * $2 < chk.first_period THEN 'not enough history'
                                      WHEN abs(s.jb - s.je) <= $8 * (s.jb + s.je) THEN 'stable'
                                      WHEN s.jb > s.je THEN 'healthy'
                                      ELSE 'unstable' END))
                  FROM (SELECT s.*, CASE WHEN s.customers > 0 THEN s.cb ELSE s.b END AS jb,
                               CASE WHEN s.customers > 0 THEN s.ce ELSE s.e END AS je
                          FROM s) s)$p$ END)
    INTO r
    USING g, step, since, until, window_periods, min_buyers, repeat_threshold, tolerance::numeric, cid.ids,
          regular_products IS NOT NULL;
    IF r.null_order > 0 OR r.null_product > 0 OR r.null_order_rows > 0 OR r.null_regular > 0 THEN
        RAISE EXCEPTION '% must not be null',
            CASE WHEN r.null_order > 0 THEN format('order ids of %s', order_lines)
                 WHEN r.null_product > 0 THEN format('products of %s', order_lines)
                 WHEN r.null_order_rows > 0 THEN format('order ids of %s', order_table)
                 ELSE format('products of %s', regular_products) END
            USING ERRCODE = 'null_value_not_allowed',
                  HINT = 'Give every order and line its order id and every line its product; filter such rows out with a view.';
    END IF;
    IF r.missing_order IS NOT NULL THEN
        RAISE EXCEPTION 'order % of % is not in %', r.missing_order, order_lines, order_table
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'Every line needs its order (customer and time) in the orders relation.';
    END IF;
    IF r.duplicate_order IS NOT NULL THEN
        RAISE EXCEPTION 'order % has more than one row in %', r.duplicate_order, order_table
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'The orders relation needs one row per order id.';
    END IF;
    RETURN r.result;
END
$$;
COMMENT ON FUNCTION @extschema@._aov_period_health(regclass, regclass, text, integer, float8, float8, integer, regclass,
    timestamptz, timestamptz, name, name, name, name, name, text, boolean) IS
    'internal: the checks and the statement of aov_period_health and aov_regular_products, their rows as jsonb';

CREATE FUNCTION @extschema@.aov_period_health(
    order_lines regclass,
    order_table regclass,
    granularity text DEFAULT 'month',
    window_periods integer DEFAULT 3,
    repeat_threshold float8 DEFAULT 0.3,
    tolerance float8 DEFAULT 0.05,
    min_buyers integer DEFAULT 1,
    regular_products regclass DEFAULT NULL,
    since timestamptz DEFAULT NULL,
    until timestamptz DEFAULT NULL,
    order_column name DEFAULT 'order_id',
    product_column name DEFAULT 'product_id',
    revenue_column name DEFAULT 'revenue',
    time_column name DEFAULT 'ordered_at',
    customer_column name DEFAULT 'customer_id')
RETURNS TABLE (
    period date,
    segment text,
    customers bigint,
    orders bigint,
    revenue numeric,
    base_revenue numeric,
    extended_revenue numeric,
    revenue_per_customer numeric,
    base_per_customer numeric,
    extended_per_customer numeric,
    base_share float8,
    extended_share float8,
    regular_count bigint,
    state text)
-- Not STRICT: a NULL regular_products, since or until means none.
-- RESTRICTED, STABLE: as _aov_period_health.
LANGUAGE sql STABLE PARALLEL RESTRICTED
SET search_path = pg_catalog, pg_temp
AS $$
    -- Per customer, the customers' lines (guests left out, as in
    -- aov_breakdown); the shares and the state judge that split, and on the
    -- guest row, which has no customers, the split of its revenue.
    SELECT j.p, j.s, j.c, j.n, j.b + j.e, j.b, j.e,
           (j.cb + j.ce) / nullif(j.c, 0), j.cb / nullif(j.c, 0), j.ce / nullif(j.c, 0),
           CASE WHEN j.jb + j.je > 0 THEN (j.jb / (j.jb + j.je))::float8 END,
           CASE WHEN j.jb + j.je > 0 THEN (j.je / (j.jb + j.je))::float8 END,
           j.k, j.st
      FROM (SELECT j.*, CASE WHEN j.c > 0 THEN j.cb ELSE j.b END AS jb,
                   CASE WHEN j.c > 0 THEN j.ce ELSE j.e END AS je
              FROM jsonb_to_recordset(@extschema@._aov_period_health(
                       order_lines, order_table, granularity, window_periods, repeat_threshold, tolerance,
                       min_buyers, regular_products, since, until, order_column, product_column,
                       revenue_column, time_column, customer_column, 'aov_period_health', false))
                   AS j(p date, s text, c bigint, n bigint, b numeric, e numeric,
                        cb numeric, ce numeric, k bigint, st text)) j
     ORDER BY j.p, CASE j.s WHEN 'new' THEN 1 WHEN 'returning' THEN 2 WHEN 'guest' THEN 3 ELSE 4 END
$$;
COMMENT ON FUNCTION @extschema@.aov_period_health(regclass, regclass, text, integer, float8, float8, integer, regclass,
    timestamptz, timestamptz, name, name, name, name, name) IS
    'period health: revenue per customer split into base (regularly bought products) and extended parts per period and segment, with shares and the state healthy, stable or unstable';

-- The rule behind aov_period_health's base, product by product, so that
-- an analyst can see what it calls regular and choose its parameters (or
-- keep its answer, edit it, and pass it back as a list).
CREATE FUNCTION @extschema@.aov_regular_products(
    order_lines regclass,
    order_table regclass,
    granularity text DEFAULT 'month',
    window_periods integer DEFAULT 3,
    repeat_threshold float8 DEFAULT 0.3,
    min_buyers integer DEFAULT 1,
    since timestamptz DEFAULT NULL,
    until timestamptz DEFAULT NULL,
    order_column name DEFAULT 'order_id',
    product_column name DEFAULT 'product_id',
    time_column name DEFAULT 'ordered_at',
    customer_column name DEFAULT 'customer_id')
RETURNS TABLE (
    period date,
    product text,
    buyers bigint,
    repeat_buyers bigint,
    repeat_rate float8,
    regular boolean,
    complete_window boolean)
-- Not STRICT: a NULL since or until means none.  RESTRICTED, STABLE: as
-- _aov_period_health.
LANGUAGE sql STABLE PARALLEL RESTRICTED
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT j.p, j.prod, j.buyers, j.rep, j.rep::float8 / j.buyers, j.reg, j.complete
      FROM jsonb_to_recordset(@extschema@._aov_period_health(
               order_lines, order_table, granularity, window_periods, repeat_threshold, 0, min_buyers, NULL,
               since, until, order_column, product_column, NULL, time_column, customer_column,
               'aov_regular_products', true))
           AS j(p date, prod text, buyers bigint, rep bigint, reg boolean, complete boolean)
     ORDER BY j.p, j.reg DESC, j.rep::float8 / j.buyers DESC, j.buyers DESC, j.prod
$$;
COMMENT ON FUNCTION @extschema@.aov_regular_products(regclass, regclass, text, integer, float8, integer,
    timestamptz, timestamptz, name, name, name, name) IS
    'the regularly bought products of aov_period_health''s rule: per period and product, the buyers in the look-back window, those who bought in two or more of its periods, the repeat rate and whether it is regular';

------------------------------------------------------------------------------
-- 12. Bundles of three and more: frequent itemsets and association rules
--
-- aov_baskets gathers the baskets of a group (aov_copurchase's state and
-- support functions, without its final function: each parallel worker or
-- Citus node counts its own baskets, the leader merges them); aov_itemsets
-- and aov_itemset_rules mine the merged baskets by Apriori (src/
-- itemsets.c).  The relation forms aov_itemset_table, aov_itemset_rule_table
-- and aov_itemset_bundles read an order-lines relation in one scan.
-- Definitions are mlxtend's apriori and association_rules (and arules'):
-- the pair table's, for itemsets of any size.
------------------------------------------------------------------------------

CREATE AGGREGATE @extschema@.aov_baskets(order_id bigint, product bigint) (
    SFUNC = @extschema@._aov_basket_lines_add, STYPE = @extschema@.aov_basket_lines, SSPACE = 2048,
    COMBINEFUNC = @extschema@._aov_basket_lines_combine, PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.aov_baskets(bigint, bigint) IS
    'the baskets (orders) of the group, for aov_itemsets and aov_itemset_rules; orders above 1000 distinct products are skipped';
CREATE AGGREGATE @extschema@.aov_baskets(order_id bigint, product bigint, max_basket integer) (
    SFUNC = @extschema@._aov_basket_lines_add, STYPE = @extschema@.aov_basket_lines, SSPACE = 2048,
    COMBINEFUNC = @extschema@._aov_basket_lines_combine, PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.aov_baskets(bigint, bigint, integer) IS
    'the baskets (orders) of the group, for aov_itemsets and aov_itemset_rules; orders above max_basket distinct products are skipped';
CREATE AGGREGATE @extschema@.aov_baskets(order_id bigint, product text) (
    SFUNC = @extschema@._aov_basket_lines_add, STYPE = @extschema@.aov_basket_lines, SSPACE = 2048,
    COMBINEFUNC = @extschema@._aov_basket_lines_combine, PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.aov_baskets(bigint, text) IS
    'the baskets (orders) of the group, for aov_itemsets and aov_itemset_rules; orders above 1000 distinct products are skipped';
CREATE AGGREGATE @extschema@.aov_baskets(order_id bigint, product text, max_basket integer) (
    SFUNC = @extschema@._aov_basket_lines_add, STYPE = @extschema@.aov_basket_lines, SSPACE = 2048,
    COMBINEFUNC = @extschema@._aov_basket_lines_combine, PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.aov_baskets(bigint, text, integer) IS
    'the baskets (orders) of the group, for aov_itemsets and aov_itemset_rules; orders above max_basket distinct products are skipped';

-- Not STRICT: NULL baskets give no rows, but NULL parameters are an error.
CREATE FUNCTION @extschema@.aov_itemsets(
    baskets @extschema@.aov_basket_lines, min_support float8, max_size integer DEFAULT 3,
    max_candidates bigint DEFAULT 1000000)
RETURNS TABLE (itemset text[], size integer, n bigint, n_orders bigint, support float8)
AS 'MODULE_PATHNAME', 'aov_itemsets' LANGUAGE C IMMUTABLE PARALLEL SAFE ROWS 1000;
COMMENT ON FUNCTION @extschema@.aov_itemsets(@extschema@.aov_basket_lines, float8, integer, bigint) IS
    'the frequent itemsets (support >= min_support) of 1 to max_size products of a set of baskets, by Apriori';
CREATE FUNCTION @extschema@.aov_itemset_rules(
    baskets @extschema@.aov_basket_lines, min_support float8, max_size integer DEFAULT 3,
    max_candidates bigint DEFAULT 1000000)
RETURNS TABLE (antecedent text[], consequent text[], n bigint, n_antecedent bigint, n_consequent bigint, n_orders bigint, antecedent_support float8, consequent_support float8, support float8, confidence float8, lift float8, leverage float8, conviction float8)
AS 'MODULE_PATHNAME', 'aov_itemset_rules' LANGUAGE C IMMUTABLE PARALLEL SAFE ROWS 1000;
COMMENT ON FUNCTION @extschema@.aov_itemset_rules(@extschema@.aov_basket_lines, float8, integer, bigint) IS
    'the association rules A -> C of the frequent itemsets of a set of baskets (mlxtend''s association_rules): support, confidence, lift, leverage, conviction';

-- Internal: the checks of the itemset functions' arguments, made by the C
-- code of aov_itemsets, before the scan.
CREATE FUNCTION @extschema@._aov_check_itemset_args(
    min_support float8, max_size integer, max_candidates bigint, max_basket integer)
    RETURNS void
    -- Not STRICT: NULLs are what it checks.
    AS 'MODULE_PATHNAME', 'aov_check_itemset_args' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._aov_check_itemset_args(float8, integer, bigint, integer) IS
    'internal: checks the support floor, size, candidate limit and basket size limit of the itemset functions';

-- The relation forms: aov_baskets over the relation, then the miner, so
-- the numbers are those of the two-step form.
CREATE FUNCTION @extschema@.aov_itemset_table(
    order_lines regclass,
    order_column name,
    product_column name,
    min_support float8,
    max_size integer DEFAULT 3,
    max_basket integer DEFAULT 1000,
    max_candidates bigint DEFAULT 1000000)
RETURNS TABLE (itemset text[], size integer, n bigint, n_orders bigint, support float8)
LANGUAGE plpgsql STABLE PARALLEL RESTRICTED ROWS 1000
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    -- checked before the scan, not after it
    PERFORM @extschema@._aov_check_itemset_args(min_support, max_size, max_candidates, max_basket);
    RETURN QUERY EXECUTE format(
        'SELECT s.* FROM (%s) c CROSS JOIN LATERAL @extschema@.aov_itemsets(c.b, $2, $3, $4) s',
        @extschema@._aov_lines_query(order_lines, order_column, product_column, false))
    USING max_basket, min_support, max_size, max_candidates;
END
$$;
COMMENT ON FUNCTION @extschema@.aov_itemset_table(regclass, name, name, float8, integer, integer, bigint) IS
    'the frequent itemsets of 1 to max_size products of an order-lines relation (aov_baskets and aov_itemsets in one call)';
CREATE FUNCTION @extschema@.aov_itemset_rule_table(
    order_lines regclass,
    order_column name,
    product_column name,
    min_support float8,
    max_size integer DEFAULT 3,
    max_basket integer DEFAULT 1000,
    max_candidates bigint DEFAULT 1000000)
RETURNS TABLE (antecedent text[], consequent text[], n bigint, n_antecedent bigint, n_consequent bigint, n_orders bigint, antecedent_support float8, consequent_support float8, support float8, confidence float8, lift float8, leverage float8, conviction float8)
LANGUAGE plpgsql STABLE PARALLEL RESTRICTED ROWS 1000
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    -- checked before the scan, not after it
    PERFORM @extschema@._aov_check_itemset_args(min_support, max_size, max_candidates, max_basket);
    RETURN QUERY EXECUTE format(
        'SELECT s.* FROM (%s) c CROSS JOIN LATERAL @extschema@.aov_itemset_rules(c.b, $2, $3, $4) s',
        @extschema@._aov_lines_query(order_lines, order_column, product_column, false))
    USING max_basket, min_support, max_size, max_candidates;
END
$$;
COMMENT ON FUNCTION @extschema@.aov_itemset_rule_table(regclass, name, name, float8, integer, integer, bigint) IS
    'the association rules of the frequent itemsets of an order-lines relation (aov_baskets and aov_itemset_rules in one call)';

-- Bundle candidates of three and more products: frequent itemsets in which
-- every product goes with the others more often than chance (the weakest
-- lift, the smallest of the rules "the others -> this product", is at least
-- min_lift), with the combined list price and the price after a discount
-- when a price table is given.
CREATE FUNCTION @extschema@.aov_itemset_bundles(
    order_lines regclass,
    order_column name,
    product_column name,
    min_support float8,
    max_size integer DEFAULT 3,
    min_lift float8 DEFAULT 1,
    discount float8 DEFAULT 0.1,
    prices regclass DEFAULT NULL,
    price_product_column name DEFAULT 'product_id',
    price_column name DEFAULT 'price',
    max_basket integer DEFAULT 1000,
    max_candidates bigint DEFAULT 1000000)
RETURNS TABLE (itemset text[], size integer, n bigint, support float8, weakest_lift float8,
               weakest_confidence float8, list_price numeric, bundle_price numeric)
LANGUAGE plpgsql STABLE PARALLEL RESTRICTED
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    price_expr text := 'NULL::numeric';
BEGIN
    PERFORM @extschema@._aov_check_itemset_args(min_support, max_size, max_candidates, max_basket);
    IF min_lift IS NULL OR discount IS NULL OR price_product_column IS NULL OR price_column IS NULL THEN
        RAISE EXCEPTION 'arguments of aov_itemset_bundles must not be null'
            USING ERRCODE = 'null_value_not_allowed';
    END IF;
    IF NOT (discount >= 0 AND discount < 1) THEN
        RAISE EXCEPTION 'discount % is out of range', discount
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = 'The discount is the share taken off the combined list price: at least 0 and below 1.',
                  HINT = 'Use 0.1 for a bundle 10% below its list price.';
    END IF;
    IF prices IS NOT NULL THEN
        PERFORM @extschema@._aov_column_type(prices, price_product_column, 'Name the product column of the price table with price_product_column => ''...''.');
        PERFORM @extschema@._aov_column_type(prices, price_column, 'Name the price column with price_column => ''...''.');
        -- NULL unless every product of the itemset has a price
        price_expr := format(
            '(SELECT CASE WHEN count(p.%2$I) = i.size THEN sum(p.%2$I)::numeric END FROM %3$s p WHERE p.%1$I::text = ANY (i.itemset))',
            price_product_column, price_column, prices);
    END IF;
    RETURN QUERY EXECUTE format($q$
        WITH i AS MATERIALIZED (
            SELECT s.* FROM (%1$s) c CROSS JOIN LATERAL @extschema@.aov_itemsets(c.b, $2, $3, $4) s
        ), one AS (
            -- each product of a bundle against the rest of it
            SELECT i.itemset, min(i.n_orders::float8 * i.n / (r.n::float8 * p.n)) AS lift,
                   min(i.n::float8 / r.n) AS confidence
              FROM i CROSS JOIN LATERAL unnest(i.itemset) AS x(product)
              JOIN i r ON r.itemset = array_remove(i.itemset, x.product)
              JOIN i p ON p.itemset = ARRAY[x.product]
             WHERE i.size >= 3
             GROUP BY i.itemset
        ), b AS (
            SELECT i.itemset, i.size, i.n, i.support, one.lift, one.confidence, %2$s AS list_price
              FROM i JOIN one USING (itemset)
             WHERE one.lift >= $5
        )
        SELECT b.itemset, b.size, b.n, b.support, b.lift, b.confidence, b.list_price,
               round(b.list_price * (1 - $6::numeric), 2)
          FROM b
         ORDER BY b.lift * b.support DESC, b.size DESC, b.itemset
        $q$, @extschema@._aov_lines_query(order_lines, order_column, product_column, false), price_expr)
    USING max_basket, min_support, max_size, max_candidates, min_lift, discount;
END
$$;
COMMENT ON FUNCTION @extschema@.aov_itemset_bundles(regclass, name, name, float8, integer, float8, float8, regclass,
    name, name, integer, bigint) IS
    'bundle candidates of 3 to max_size products: frequent itemsets whose every product has lift >= min_lift with the rest, with combined list and discounted bundle prices';
