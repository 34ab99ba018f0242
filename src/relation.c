/*
 * relation.c
 *		Internal helpers of the functions that read a relation (aov_report,
 *		diagnose_aov_drop, the pair table, cross-sell, bundles): the type of
 *		a named column, the SQL expressions that read an orders relation's
 *		columns as the types the aggregates take, and the checks of the
 *		diagnosis's scalar arguments, of the periods given as ranges and of
 *		aov_targets' targets.
 *
 * They are C so that a mistake in a call is reported by the public function
 * the user called, without a frame of an internal helper in the error's
 * context; every identifier they put into SQL is quoted.
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "catalog/pg_type.h"
#include "utils/builtins.h"
#include "utils/jsonb.h"
#include "utils/lsyscache.h"
#include "utils/numeric.h"
#include "utils/rangetypes.h"
#include "utils/regproc.h"
#include "utils/timestamp.h"

#include "numeric_scaled.h"
#include "result.h"

static char *
relation_text(Oid relid)
{
	return DatumGetCString(DirectFunctionCall1(regclassout, ObjectIdGetDatum(relid)));
}

/*
 * The base type (domains looked through) of column col of relation rel, or
 * an error naming the missing column with the caller's hint.
 */
static Oid
column_type(Oid relid, const char *col, const char *hint)
{
	AttrNumber	attnum = get_attnum(relid, col);

	if (attnum == InvalidAttrNumber || attnum < 0)
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_COLUMN),
				 errmsg("column \"%s\" does not exist in relation %s", col, relation_text(relid)),
				 hint ? errhint("%s", hint) : 0));
	return getBaseType(get_atttype(relid, attnum));
}

/* the base type of a column, or an error naming the missing column */
PG_FUNCTION_INFO_V1(aov_column_type);
Datum
aov_column_type(PG_FUNCTION_ARGS)
{
	Oid			relid = PG_GETARG_OID(0);
	Name		col = PG_GETARG_NAME(1);
	char	   *hint = PG_ARGISNULL(2) ? NULL : text_to_cstring(PG_GETARG_TEXT_PP(2));

	PG_RETURN_OID(column_type(relid, NameStr(*col), hint));
}

static void pg_attribute_noreturn()
type_error(const char *col, Oid relid, Oid type, const char *what, const char *hint)
{
	ereport(ERROR,
			(errcode(ERRCODE_DATATYPE_MISMATCH),
			 errmsg("column \"%s\" of relation %s has type %s, %s",
					col, relation_text(relid), format_type_be(type), what),
			 errhint("%s", hint)));
}

/* How a column of a type is read: as it is (cast NULL), or cast. */
typedef struct ColumnRead
{
	Oid			type;
	const char *cast;
} ColumnRead;

/* the types each order column may have, and how the aggregates read it */
static const ColumnRead time_reads[] = {
	{TIMESTAMPTZOID, NULL}, {TIMESTAMPOID, NULL}, {DATEOID, "timestamp"}, {InvalidOid, NULL}
};

/* float4 through numeric keeps its shown digits (12.99, not 12.9899997...) */
static const ColumnRead revenue_reads[] = {
	{NUMERICOID, NULL}, {FLOAT8OID, NULL}, {INT4OID, NULL}, {INT8OID, NULL},
	{FLOAT4OID, "numeric"}, {INT2OID, "numeric"}, {InvalidOid, NULL}
};

static const ColumnRead items_reads[] = {
	{INT4OID, NULL}, {INT2OID, "integer"}, {INT8OID, "numeric"}, {NUMERICOID, "numeric"},
	{InvalidOid, NULL}
};

/* uuid and text ids are then numbered (_aov_customer_ids, numbering.c) */
static const ColumnRead customer_reads[] = {
	{INT8OID, NULL}, {INT2OID, "bigint"}, {INT4OID, "bigint"}, {UUIDOID, NULL}, {TEXTOID, NULL},
	{VARCHAROID, "text"}, {BPCHAROID, "text"}, {InvalidOid, NULL}
};

/*
 * The expression that reads column col, of type 'type', as reads says; a
 * type reads does not list is an error saying the column is 'what'.
 */
static const char *
column_expr(Oid relid, const char *col, Oid type, const ColumnRead *reads, const char *what,
			const char *hint)
{
	for (; reads->type != InvalidOid; reads++)
		if (reads->type == type)
			return reads->cast ? psprintf("%s::%s", quote_identifier(col), reads->cast)
				: quote_identifier(col);
	type_error(col, relid, type, what, hint);
	return NULL;				/* not reached */
}

/*
 * The SQL expressions that read an orders relation's time, revenue, items
 * and customer columns as the types aov_summary takes, after checking each
 * column's type.
 */
PG_FUNCTION_INFO_V1(aov_order_exprs);
Datum
aov_order_exprs(PG_FUNCTION_ARGS)
{
	static const char *const fields[] = {"t_expr", "r_expr", "i_expr", "c_expr"};
	AovRowType *rt = aov_result_row(fcinfo, fields, 4);
	Oid			relid;
	const char *tcol,
			   *rcol,
			   *icol,
			   *ccol;
	Oid			t,
				r,
				i,
				c;
	Datum		values[4];
	bool		nulls[4] = {false, false, false, false};
	const char *expr[4] = {NULL, NULL, NULL, NULL};

	if (PG_ARGISNULL(0))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("order table must not be null")));
	if (PG_ARGISNULL(1) || PG_ARGISNULL(2) || PG_ARGISNULL(3) || PG_ARGISNULL(4))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("column names must not be null"),
				 errhint("Leave a column argument out for its default name.")));
	relid = PG_GETARG_OID(0);
	tcol = NameStr(*PG_GETARG_NAME(1));
	rcol = NameStr(*PG_GETARG_NAME(2));
	icol = NameStr(*PG_GETARG_NAME(3));
	ccol = NameStr(*PG_GETARG_NAME(4));
	t = column_type(relid, tcol, "Name the order time column with time_column => '...'.");
	r = column_type(relid, rcol, "Name the revenue column with revenue_column => '...'.");
	i = column_type(relid, icol, "Name the items column with items_column => '...'.");
	c = column_type(relid, ccol, "Name the customer column with customer_column => '...'.");

	expr[0] = column_expr(relid, tcol, t, time_reads, "not a timestamp",
						  "The order time must be timestamptz, timestamp or date.");
	expr[1] = column_expr(relid, rcol, r, revenue_reads, "not a number",
						  "The revenue must be numeric, float8, float4 or an integer type.");
	/* aov_summary takes float8 revenue with integer items only */
	if (r == FLOAT8OID && (i == INT8OID || i == NUMERICOID))
		ereport(ERROR,
				(errcode(ERRCODE_DATATYPE_MISMATCH),
				 errmsg("column \"%s\" of relation %s has type %s, but float8 revenue needs integer items",
						icol, relation_text(relid), format_type_be(i)),
				 errhint("Report on a view that casts the revenue to numeric or the items to integer.")));
	expr[2] = column_expr(relid, icol, i, items_reads, "not a count",
						  "The items must be integer, smallint, bigint or numeric.");
	expr[3] = column_expr(relid, ccol, c, customer_reads, "not a customer id",
						  "Customer ids must be bigint, integer, smallint, uuid or text; report on a view that maps other ids to one of them.");

	for (int k = 0; k < 4; k++)
		values[k] = CStringGetTextDatum(expr[k]);
	PG_RETURN_DATUM(aov_row_form(rt, values, nulls));
}

static char *
numeric_text(Datum n)
{
	return DatumGetCString(DirectFunctionCall1(numeric_out, n));
}

/* positive and finite */
static bool
positive_finite(Datum n)
{
	int128		u;
	int			eff,
				ds;
	bool		toobig;

	return aov_numeric_decode(n, &u, &eff, &ds, &toobig) == AOV_FINITE &&
		DatumGetInt32(DirectFunctionCall2(numeric_cmp, n, aov_int64_numeric(0))) > 0;
}

/*
 * The checks of the scalar arguments both forms of diagnose_aov_drop take,
 * made before any work: promo prices, tolerance, significance level and
 * language.
 */
PG_FUNCTION_INFO_V1(aov_check_diagnosis_args);
Datum
aov_check_diagnosis_args(PG_FUNCTION_ARGS)
{
	char	   *lang = PG_ARGISNULL(4) ? NULL : text_to_cstring(PG_GETARG_TEXT_PP(4));

	if (lang == NULL || (pg_strcasecmp(lang, "en") != 0 && pg_strcasecmp(lang, "zh") != 0))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("unknown language \"%s\"", lang ? lang : "NULL"),
				 errhint("Use 'en' or 'zh'.")));
	if (PG_ARGISNULL(2) || PG_ARGISNULL(3))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("%s must not be null", PG_ARGISNULL(2) ? "tolerance" : "significance level"),
				 errhint("Leave the argument out for its default.")));
	if (!(PG_GETARG_FLOAT8(2) >= 0 && PG_GETARG_FLOAT8(2) < 1))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("tolerance %s is out of range", aov_float8_text(PG_GETARG_FLOAT8(2))),
				 errdetail("The tolerance is the relative change still called flat: at least 0 and less than 1."),
				 errhint("Use 0.02 to call changes within 2%% flat.")));
	if (!(PG_GETARG_FLOAT8(3) > 0 && PG_GETARG_FLOAT8(3) < 1))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("significance level %s is out of range", aov_float8_text(PG_GETARG_FLOAT8(3))),
				 errdetail("The significance level must be greater than 0 and less than 1."),
				 errhint("Use 0.05 for the usual 5%% level.")));
	if (PG_ARGISNULL(0) != PG_ARGISNULL(1))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("promo price given for only one period"),
				 errhint("Give promo_price_baseline and promo_price_current together, or neither.")));
	if (!PG_ARGISNULL(0) &&
		!(positive_finite(PG_GETARG_DATUM(0)) && positive_finite(PG_GETARG_DATUM(1))))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("promo price must be positive and finite: %s and %s",
						numeric_text(PG_GETARG_DATUM(0)), numeric_text(PG_GETARG_DATUM(1))),
				 errhint("The promo price is the average list price of the promoted items.")));
	PG_RETURN_VOID();
}

/*
 * The trim fraction and the since / until window that aov_report and the
 * threshold functions take, checked before any work; NULLs pass (a NULL
 * bound is no bound, a NULL trim is left to the caller).
 */
PG_FUNCTION_INFO_V1(aov_check_trim_window);
Datum
aov_check_trim_window(PG_FUNCTION_ARGS)
{
	if (!PG_ARGISNULL(0) && !(PG_GETARG_FLOAT8(0) >= 0 && PG_GETARG_FLOAT8(0) < 0.5))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("trim fraction %s is out of range", aov_float8_text(PG_GETARG_FLOAT8(0))),
				 errdetail("The trim fraction must be at least 0 and less than 0.5."),
				 errhint("Use 0.05 to drop 5%% of the orders at each end.")));
	if (!PG_ARGISNULL(1) && !PG_ARGISNULL(2) && PG_GETARG_TIMESTAMPTZ(1) >= PG_GETARG_TIMESTAMPTZ(2))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("time range is empty: since %s is not before until %s",
						DatumGetCString(DirectFunctionCall1(timestamptz_out, PG_GETARG_DATUM(1))),
						DatumGetCString(DirectFunctionCall1(timestamptz_out, PG_GETARG_DATUM(2)))),
				 errhint("The range is since <= time < until.")));
	PG_RETURN_VOID();
}

/* a value of a jsonb object as jsonb's text, for a message */
static char *
jsonb_value_text(JsonbValue *v)
{
	Jsonb	   *j = JsonbValueToJsonb(v);

	return JsonbToCString(NULL, &j->root, VARSIZE(j));
}

/*
 * The errors of aov_targets' target arguments: exactly one of a target AOV
 * for all orders (positive, finite) and per-segment targets (a jsonb object
 * of new, returning or guest to a positive number), and a unit price share
 * in [0, 1] when given.
 */
PG_FUNCTION_INFO_V1(aov_check_targets);
Datum
aov_check_targets(PG_FUNCTION_ARGS)
{
	if (PG_ARGISNULL(0) && PG_ARGISNULL(1))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("no target AOV given"),
				 errhint("Give target_aov for all orders, or segment_targets such as '{\"new\": 80, \"returning\": 120}'.")));
	if (!PG_ARGISNULL(0) && !PG_ARGISNULL(1))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("target AOV given twice"),
				 errhint("Give either target_aov (all orders) or segment_targets (per segment), not both.")));
	if (!PG_ARGISNULL(0) && !positive_finite(PG_GETARG_DATUM(0)))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("target AOV %s is not positive and finite", numeric_text(PG_GETARG_DATUM(0))),
				 errhint("A target AOV is an amount per order, greater than 0.")));
	if (!PG_ARGISNULL(1))
	{
		Jsonb	   *j = PG_GETARG_JSONB_P(1);
		JsonbIterator *it;
		JsonbIteratorToken tok;
		JsonbValue	v;
		char	   *key = NULL;

		if (!JB_ROOT_IS_OBJECT(j) || JB_ROOT_COUNT(j) == 0)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("segment_targets must be a JSON object naming at least one segment"),
					 errhint("Write it as '{\"new\": 80, \"returning\": 120}'.")));
		it = JsonbIteratorInit(&j->root);
		while ((tok = JsonbIteratorNext(&it, &v, true)) != WJB_DONE)
		{
			if (tok == WJB_KEY)
			{
				key = pnstrdup(v.val.string.val, v.val.string.len);
				if (strcmp(key, "new") != 0 && strcmp(key, "returning") != 0 && strcmp(key, "guest") != 0)
					ereport(ERROR,
							(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
							 errmsg("unknown segment \"%s\" in segment_targets", key),
							 errhint("The segments are new, returning and guest; a segment left out keeps its AOV.")));
			}
			else if (tok == WJB_VALUE && v.type != jbvNumeric)
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						 errmsg("target AOV of segment \"%s\" is not a number: %s", key, jsonb_value_text(&v)),
						 errhint("Write it as a JSON number, such as {\"new\": 80}; leave a segment out to keep its AOV.")));
			else if (tok == WJB_VALUE && !positive_finite(NumericGetDatum(v.val.numeric)))
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						 errmsg("target AOV %s of segment \"%s\" is not positive", numeric_text(NumericGetDatum(v.val.numeric)), key),
						 errhint("A target AOV is an amount per order, greater than 0.")));
		}
	}
	if (!PG_ARGISNULL(2) && !(PG_GETARG_FLOAT8(2) >= 0 && PG_GETARG_FLOAT8(2) <= 1))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("unit price share %s is not between 0 and 1", aov_float8_text(PG_GETARG_FLOAT8(2))),
				 errhint("It is the part of the change taken by unit price: 1 all through unit price, 0 all through items per order; leave it out for the lever rule.")));
	PG_RETURN_VOID();
}

/* a range in the session's time zone and date style, for a message */
static char *
range_text(RangeType *r)
{
	Oid			out;
	bool		isvarlena;

	getTypeOutputInfo(RangeTypeGetOid(r), &out, &isvarlena);
	return OidOutputFunctionCall(out, RangeTypePGetDatum(r));
}

/*
 * The errors of a baseline range and the range it is compared with, which
 * its function names other_name (diagnose_aov_drop's current period,
 * aov_threshold_effect's campaign): neither may be empty, they may not
 * overlap, and when ordered the baseline comes first.  A NULL other range
 * checks the baseline alone; a NULL baseline is the caller's to report.
 */
PG_FUNCTION_INFO_V1(aov_check_ranges);
Datum
aov_check_ranges(PG_FUNCTION_ARGS)
{
	RangeType  *base;
	RangeType  *other;
	char	   *name;
	char	   *hint;
	TypeCacheEntry *typcache;

	if (PG_ARGISNULL(0))
		PG_RETURN_VOID();
	base = PG_GETARG_RANGE_P(0);
	other = PG_ARGISNULL(1) ? NULL : PG_GETARG_RANGE_P(1);
	name = PG_ARGISNULL(2) ? "other" : text_to_cstring(PG_GETARG_TEXT_PP(2));
	hint = PG_ARGISNULL(3) ? NULL : text_to_cstring(PG_GETARG_TEXT_PP(3));

	if (RangeIsEmpty(base) || (other != NULL && RangeIsEmpty(other)))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("the %s range is empty", RangeIsEmpty(base) ? "baseline" : name),
				 errhint("Give a range such as aov_period('month', '2026-05-01') or tstzrange('2026-05-01', '2026-06-01').")));
	if (other == NULL)
		PG_RETURN_VOID();
	typcache = range_get_typcache(fcinfo, RangeTypeGetOid(base));
	if (range_overlaps_internal(typcache, base, other))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("baseline %s and %s %s overlap", range_text(base), name, range_text(other)),
				 errdetail("An order in both ranges would count in both periods."),
				 hint ? errhint("%s", hint) : 0));
	if (!PG_ARGISNULL(4) && PG_GETARG_BOOL(4) && !range_before_internal(typcache, base, other))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("baseline %s does not come before %s %s", range_text(base), name, range_text(other)),
				 errhint("The baseline is the earlier period; swap the two ranges.")));
	PG_RETURN_VOID();
}

/*
 * An error unless both periods of a diagnosis have orders: the statistics
 * of all orders of each period (NULL when the period had none).
 */
PG_FUNCTION_INFO_V1(aov_check_periods);
Datum
aov_check_periods(PG_FUNCTION_ARGS)
{
	static const char *const fields[] = {"orders"};

	for (int k = 0; k < 2; k++)
	{
		bool		empty = PG_ARGISNULL(k);

		if (!empty)
		{
			HeapTupleHeader row = PG_GETARG_HEAPTUPLEHEADER(k);
			AovRowType *rt = aov_arg_row(fcinfo, HeapTupleHeaderGetTypeId(row), fields, 1);
			Datum		orders;
			bool		isnull;

			aov_row_read(rt, row, &orders, &isnull);
			empty = isnull || DatumGetInt64(orders) == 0;
		}
		if (empty)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("no orders in the %s period", k == 0 ? "baseline" : "current"),
					 errdetail("A diagnosis compares the orders of two periods; this one has none."),
					 errhint("Check the period bounds, or the summaries given for that period.")));
	}
	PG_RETURN_VOID();
}
