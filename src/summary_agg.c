/*
 * summary_agg.c
 *		The aggregates over aov_summary: aov_breakdown and aov_summary (one
 *		transition, specialized per input type), aov_rollup, the combine
 *		function, and the breakdown of a summary (the final function of
 *		aov_breakdown, and aov_breakdown(aov_summary)) with its scalar
 *		accessors, one field each, computed alone.
 *
 * A row costs two exact additions, a hash probe for the customer and,
 * with detail, three array stores (orders.h).  Definitions
 * (doc/reference.md, aov_breakdown): AOV = revenue / orders, items per
 * order = items / orders, unit price = revenue / items, exactly, so
 * AOV = unit price x items per order; the robust figures of order revenue,
 * items and per-order unit price come from the per-order detail.
 */
#include "postgres.h"

#include <math.h>

#include "catalog/pg_type.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/numeric.h"
#include "utils/uuid.h"

#include "numeric_scaled.h"
#include "result.h"
#include "robust.h"
#include "summary.h"
#include "summary_row.h"

/* trim fraction of aov_breakdown when none is given */
#define DEFAULT_TRIM 0.05
/* most frequent values reported per measure */
#define TOP_K 3

/* ---------- transition ---------- */

/*
 * The state to add a row to.  The first row creates it (checking the trim);
 * later rows must carry the trim the group started with.
 */
static AovSummary *
summary_for_add(FunctionCallInfo fcinfo, const char *func, bool detail, int rkind, int ikind,
				int idkind)
{
	AovSummary *s;
	bool		customers = PG_NARGS() >= 4;
	double		trim = DEFAULT_TRIM;

	if (PG_NARGS() >= 5)
	{
		aov_arg_not_null(fcinfo, 4, "trim fraction",
						 "Use 0 for plain means, or leave the argument out for the default 0.05.");
		trim = PG_GETARG_FLOAT8(4);
		if (trim == 0)
			trim = 0;			/* -0 is 0: one state, one text form */
		detail = true;
	}

	s = PG_ARGISNULL(0) ? NULL : (AovSummary *) aov_state_rw(PG_GETARG_DATUM(0), &aov_summary_type);
	if (unlikely(s == NULL))
	{
		MemoryContext cxt;

		if (detail && !aov_trim_valid(trim))
		{
			MemoryContext aggcxt;

			aov_check_aggregate(fcinfo, func, &aggcxt);
			aov_trim_out_of_range(trim, "orders");
		}
		s = (AovSummary *) aov_state_adopt(fcinfo, &aov_summary_type, func, &cxt);
		if (s == NULL)
		{
			s = aov_summary_new(cxt,
								(customers ? AOV_SUM_CUSTOMERS : 0) |
								(detail ? AOV_SUM_DETAIL : 0),
								rkind, ikind, trim);
			if (customers && idkind != AOV_ID_BIGINT)
				aov_summary_set_idkind(s, idkind);
			return s;
		}
		if (s->rkind != rkind || s->ikind != ikind ||
			(customers && s->idkind != idkind) ||
			((s->flags & AOV_SUM_CUSTOMERS) != 0) != customers ||
			((s->flags & AOV_SUM_DETAIL) != 0) != detail)
			ereport(ERROR,
					(errcode(ERRCODE_DATATYPE_MISMATCH),
					 errmsg("initial aov_summary does not match the arguments of %s", func),
					 errdetail("The summary was made from other column types, other customer id types, or with or without customer ids or a trim fraction.")));
	}
	if (unlikely(detail && s->trim != trim))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("trim fraction changed within a group from %s to %s",
						aov_float8_text(s->trim), aov_float8_text(trim)),
				 errdetail("Every row of a group must have the same trim fraction."),
				 errhint("Pass the trim fraction as a constant.")));
	return s;
}

void
aov_summary_reject_special(const char *func, const char *what, AovSpecial sp)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("order %s must be finite, not %s", what,
					sp == AOV_NAN ? "NaN" : sp == AOV_PINF ? "Infinity" : "-Infinity"),
			 errdetail("An order's revenue and items are amounts; NaN and infinities have no average."),
			 errhint("Leave such orders out with a WHERE clause, or map them to NULL with NULLIF, which %s skips.",
					 func)));
}

/*
 * Add one order.  rtype and ikind are compile-time constants in each caller,
 * so every specialization keeps only its own branches.
 */
static pg_attribute_always_inline Datum
summary_add(FunctionCallInfo fcinfo, const char *func, bool detail, Oid rtype, Oid qtype,
			Oid ctype)
{
	int			rkind = rtype == FLOAT8OID ? AOV_KIND_FLOAT8 : AOV_KIND_NUMERIC;
	int			idkind = ctype == UUIDOID ? AOV_ID_UUID : ctype == TEXTOID ? AOV_ID_TEXT : AOV_ID_BIGINT;
	AovSummary *s = summary_for_add(fcinfo, func, detail, rkind, AOV_ITEMS_KIND(qtype), idkind);
	/* constant true for aov_breakdown; aov_summary keeps detail given a trim */
	bool		keep = detail || (s->flags & AOV_SUM_DETAIL);
	AovCustomer who = PG_NARGS() < 4 ? AOV_NO_CUSTOMERS : PG_ARGISNULL(3) ? AOV_GUEST :
		ctype == INT8OID ? AOV_CUSTOMER : AOV_CUSTOMER_KEY;

	/* an order with unknown revenue or items is skipped, as sum() skips NULLs */
	if (!PG_ARGISNULL(1) && !PG_ARGISNULL(2))
	{
		aov_summary_add_order(s, func, rtype, qtype, keep,
							  PG_GETARG_DATUM(1), PG_GETARG_DATUM(2), who,
							  who == AOV_CUSTOMER ? PG_GETARG_INT64(3) : 0);
		if (ctype == UUIDOID && who == AOV_CUSTOMER_KEY)
			aov_keyset_add(s->keys, (const char *) PG_GETARG_UUID_P(3)->data, UUID_LEN);
		else if (ctype == TEXTOID && who == AOV_CUSTOMER_KEY)
		{
			text	   *t = PG_GETARG_TEXT_PP(3);

			aov_keyset_add(s->keys, VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t));
			if ((Pointer) t != PG_GETARG_POINTER(3))
				pfree(t);
		}
	}
	PG_RETURN_DATUM(EOHPGetRWDatum(&s->hdr));
}

/*
 * A transition per (revenue, items, customer id) type: bigint customer ids
 * (and none: the arity tells) in name, uuid in name_uuid, text in
 * name_text.
 */
#define SUMMARY_TRANSITION(name, func, detail, rtype, qtype) \
AOV_V1_FUNCTION(name) \
{ \
	return summary_add(fcinfo, func, detail, rtype, qtype, INT8OID); \
} \
AOV_V1_FUNCTION(name##_uuid) \
{ \
	return summary_add(fcinfo, func, detail, rtype, qtype, UUIDOID); \
} \
AOV_V1_FUNCTION(name##_text) \
{ \
	return summary_add(fcinfo, func, detail, rtype, qtype, TEXTOID); \
}

/*
 * One transition per (revenue, items) type pair of the SQL overloads.
 * smallint has overloads of its own: through implicit casts, smallint items
 * would be ambiguous between integer and numeric items, and smallint
 * revenue would land on float8 (the preferred numeric type).
 */
#define SUMMARY_TRANSITIONS(agg, detail) \
SUMMARY_TRANSITION(agg##_add_numeric_int4, #agg, detail, NUMERICOID, INT4OID) \
SUMMARY_TRANSITION(agg##_add_numeric_numeric, #agg, detail, NUMERICOID, NUMERICOID) \
SUMMARY_TRANSITION(agg##_add_float8_int4, #agg, detail, FLOAT8OID, INT4OID) \
SUMMARY_TRANSITION(agg##_add_int8_int4, #agg, detail, INT8OID, INT4OID) \
SUMMARY_TRANSITION(agg##_add_int4_int4, #agg, detail, INT4OID, INT4OID) \
SUMMARY_TRANSITION(agg##_add_numeric_int2, #agg, detail, NUMERICOID, INT2OID) \
SUMMARY_TRANSITION(agg##_add_int8_int2, #agg, detail, INT8OID, INT2OID) \
SUMMARY_TRANSITION(agg##_add_int4_int2, #agg, detail, INT4OID, INT2OID) \
SUMMARY_TRANSITION(agg##_add_int2_int2, #agg, detail, INT2OID, INT2OID) \
SUMMARY_TRANSITION(agg##_add_int2_int4, #agg, detail, INT2OID, INT4OID)

/* aggregate transitions of aov_breakdown: every order's detail is kept */
SUMMARY_TRANSITIONS(aov_breakdown, true)

/* aggregate transitions of aov_summary: detail only with a trim fraction */
SUMMARY_TRANSITIONS(aov_summary, false)

/* ---------- combine and rollup ---------- */

/* aggregate combine: merge two partial summaries */
AOV_COMBINE_FUNCTION(aov_summary_combine, aov_summary_type, "_aov_summary_combine")

/* aggregate transition (aov_rollup): merge a stored summary; NULLs skipped */
AOV_COMBINE_FUNCTION(aov_summary_rollup_add, aov_summary_type, "aov_rollup")

/* ---------- the plain figures ---------- */

static Datum
numeric_ratio(Datum a, Datum b)
{
	return DirectFunctionCall2(numeric_div, a, b);
}

/*
 * The plain figures of a summary with orders: exact revenue and items sums,
 * AOV, items per order, and unit price (NULL when the items sum to 0).
 */
void
aov_summary_figures(const AovSummary *s, AovFigures *f)
{
	bool		numeric = s->rkind == AOV_KIND_NUMERIC;
	Datum		orders = aov_int64_numeric(s->orders);
	int128		isum = s->isum.lo;

	if (numeric)
		f->revenue = NumericGetDatum(aov_widesum_to_numeric(&s->rsum, s->rscale,
															Max(s->rscale, s->rdscale)));
	else
		f->revenue = aov_float8_to_numeric(aov_xsum_div(&s->rxsum, 1));
	f->items = NumericGetDatum(aov_widesum_to_numeric(&s->isum, s->iscale,
													  Max(s->iscale, s->idscale)));
	f->aov = numeric ? numeric_ratio(f->revenue, orders)
		: aov_float8_to_numeric(aov_xsum_div(&s->rxsum, s->orders));
	f->items_per_order = numeric_ratio(f->items, orders);

	f->unit_price_null = true;
	if (s->isum.carry != 0 || isum != 0)
	{
		if (numeric)
			f->unit_price = numeric_ratio(f->revenue, f->items);
		else
		{
			/* integer items of real orders sum far below 2^63 */
			if (s->isum.carry != 0 || isum > PG_INT64_MAX || isum < -PG_INT64_MAX)
				ereport(ERROR,
						(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
						 errmsg("aov_breakdown: items sum out of range for float8 revenue")));
			f->unit_price = aov_float8_to_numeric(aov_xsum_div(&s->rxsum, isum));
		}
		f->unit_price_null = false;
	}
}

/* ---------- the breakdown ---------- */

/* The fields of the aov_breakdown composite type. */
typedef enum BreakdownField
{
	F_ORDERS,
	F_CUSTOMERS,
	F_GUEST_ORDERS,
	F_ZERO_ITEM_ORDERS,
	F_REVENUE,
	F_ITEMS,
	F_AOV,
	F_UNIT_PRICE,
	F_ITEMS_PER_ORDER,
	F_REVENUE_PER_CUSTOMER,
	F_ORDERS_PER_CUSTOMER,
	F_TRIM,
	F_AOV_TRIMMED,
	F_AOV_MEDIAN,
	F_AOV_TOP,
	F_IPO_TRIMMED,
	F_IPO_MEDIAN,
	F_IPO_TOP,
	F_UP_TRIMMED,
	F_UP_MEDIAN,
	F_UP_TOP,
	F_NFIELDS
} BreakdownField;

static const char *const breakdown_fields[F_NFIELDS] = {
	"orders", "customers", "guest_orders", "zero_item_orders", "revenue", "items",
	"aov", "unit_price", "items_per_order", "revenue_per_customer",
	"orders_per_customer", "trim_fraction", "aov_trimmed", "aov_median", "aov_top",
	"items_per_order_trimmed", "items_per_order_median", "items_per_order_top",
	"unit_price_trimmed", "unit_price_median", "unit_price_top"
};

#define FIELD_BIT(f) ((uint32) 1 << (f))
#define ALL_FIELDS (FIELD_BIT(F_NFIELDS) - 1)
#define PLAIN_FIELDS (FIELD_BIT(F_REVENUE) | FIELD_BIT(F_ITEMS) | FIELD_BIT(F_AOV) | \
					  FIELD_BIT(F_UNIT_PRICE) | FIELD_BIT(F_ITEMS_PER_ORDER))
#define CUSTOMER_FIELDS (FIELD_BIT(F_CUSTOMERS) | FIELD_BIT(F_GUEST_ORDERS) | \
						 FIELD_BIT(F_REVENUE_PER_CUSTOMER) | FIELD_BIT(F_ORDERS_PER_CUSTOMER))
#define AOV_FIELDS (FIELD_BIT(F_AOV_TRIMMED) | FIELD_BIT(F_AOV_MEDIAN) | FIELD_BIT(F_AOV_TOP))
#define IPO_FIELDS (FIELD_BIT(F_IPO_TRIMMED) | FIELD_BIT(F_IPO_MEDIAN) | FIELD_BIT(F_IPO_TOP))
#define UP_FIELDS (FIELD_BIT(F_UP_TRIMMED) | FIELD_BIT(F_UP_MEDIAN) | FIELD_BIT(F_UP_TOP))
#define ROBUST_FIELDS (AOV_FIELDS | IPO_FIELDS | UP_FIELDS)

/* The most frequent values of a run as an aov_top_numeric[]. */
static Datum
top_array(FunctionCallInfo fcinfo, const AovRun *run, int kind, int scale, int dscale)
{
	static const char *const fields[] = {"value", "count", "share"};
	AovRowType *rt = aov_named_row(fcinfo, "aov_top_numeric", fields, 3);
	AovTopItem	top[TOP_K];
	int			ntop = aov_run_top(run, TOP_K, top);
	Datum		elems[TOP_K];
	int16		typlen;
	bool		typbyval;
	char		typalign;

	for (int i = 0; i < ntop; i++)
	{
		Datum		values[3];
		bool		nulls[3] = {false, false, false};

		values[0] = aov_run_value_numeric(run, kind, scale, dscale, top[i].index);
		values[1] = Int64GetDatum(top[i].count);
		values[2] = Float8GetDatum((double) top[i].count / (double) run->total);
		elems[i] = aov_row_form(rt, values, nulls);
	}
	get_typlenbyvalalign(rt->typid, &typlen, &typbyval, &typalign);
	return PointerGetDatum(construct_array(elems, ntop, rt->typid, typlen, typbyval, typalign));
}

/* The trimmed mean, median and top values of one measure, those wanted. */
static void
robust_fields(FunctionCallInfo fcinfo, const AovRun *run, int kind, int scale, int dscale,
			  double trim, uint32 want, Datum *values, bool *nulls,
			  int f_trimmed, int f_median, int f_top)
{
	if (run->total == 0)
		return;
	if (want & FIELD_BIT(f_top))
	{
		values[f_top] = top_array(fcinfo, run, kind, scale, dscale);
		nulls[f_top] = false;
	}
	if (want & FIELD_BIT(f_median))
	{
		values[f_median] = aov_run_median(run, kind, scale, dscale);
		nulls[f_median] = false;
	}
	if (want & FIELD_BIT(f_trimmed))
	{
		values[f_trimmed] = aov_run_trimmed_mean(run, kind, scale, dscale, trim);
		nulls[f_trimmed] = false;
	}
}

/*
 * The fields of s's breakdown in want (a set of FIELD_BITs), into values
 * and nulls; the others are left NULL.  The accessors ask for one field,
 * so each pays only for the figure it returns: the robust figures of one
 * measure need a sort of that measure's distinct values, which the plain
 * figures never do.
 */
static void
summary_fields(FunctionCallInfo fcinfo, AovSummary *s, uint32 want, Datum *values, bool *nulls)
{
	AovFigures	fig;

	for (int i = 0; i < F_NFIELDS; i++)
		nulls[i] = true;

	values[F_ORDERS] = Int64GetDatum(s->orders);
	values[F_ZERO_ITEM_ORDERS] = Int64GetDatum(s->zero_orders);
	nulls[F_ORDERS] = nulls[F_ZERO_ITEM_ORDERS] = false;

	if (want & PLAIN_FIELDS)
	{
		aov_summary_figures(s, &fig);
		values[F_REVENUE] = fig.revenue;
		values[F_ITEMS] = fig.items;
		values[F_AOV] = fig.aov;
		values[F_ITEMS_PER_ORDER] = fig.items_per_order;
		values[F_UNIT_PRICE] = fig.unit_price;
		nulls[F_REVENUE] = nulls[F_ITEMS] = nulls[F_AOV] = nulls[F_ITEMS_PER_ORDER] = false;
		nulls[F_UNIT_PRICE] = fig.unit_price_null;
	}

	if ((s->flags & AOV_SUM_CUSTOMERS) && (want & CUSTOMER_FIELDS))
	{
		int64		ncust = aov_summary_ncustomers(s);

		values[F_CUSTOMERS] = Int64GetDatum(ncust);
		values[F_GUEST_ORDERS] = Int64GetDatum(s->guest_orders);
		nulls[F_CUSTOMERS] = nulls[F_GUEST_ORDERS] = false;
		if (ncust > 0)
		{
			Datum		nc = aov_int64_numeric(ncust);

			/* guests belong to no customer: their orders count in neither part */
			if (s->rkind == AOV_KIND_NUMERIC)
			{
				AovWideSum	known = s->rsum;

				aov_widesum_sub_wide(&known, &s->guest_rsum);
				values[F_REVENUE_PER_CUSTOMER] =
					numeric_ratio(NumericGetDatum(aov_widesum_to_numeric(&known, s->rscale,
																		 Max(s->rscale, s->rdscale))),
								  nc);
			}
			else
			{
				AovExactSum known = s->rxsum;

				aov_xsum_add_xsum(&known, &s->guest_rxsum, true);
				values[F_REVENUE_PER_CUSTOMER] = aov_float8_to_numeric(aov_xsum_div(&known, ncust));
			}
			values[F_ORDERS_PER_CUSTOMER] =
				numeric_ratio(aov_int64_numeric(s->orders - s->guest_orders), nc);
			nulls[F_REVENUE_PER_CUSTOMER] = nulls[F_ORDERS_PER_CUSTOMER] = false;
		}
	}

	if (s->flags & AOV_SUM_DETAIL)
	{
		const AovOrderRun *orders = aov_orders_run(&s->detail);
		AovRun		run;
		int32		pscale,
					pdscale;

		values[F_TRIM] = Float8GetDatum(s->trim);
		nulls[F_TRIM] = false;

		if (want & AOV_FIELDS)
		{
			aov_orders_revenue(orders, s->rkind, &run);
			robust_fields(fcinfo, &run, s->rkind, s->rscale, s->rdscale, s->trim, want,
						  values, nulls, F_AOV_TRIMMED, F_AOV_MEDIAN, F_AOV_TOP);
			aov_run_free(&run);
		}
		if (want & IPO_FIELDS)
		{
			aov_orders_items(orders, s->ikind, &run);
			robust_fields(fcinfo, &run, s->ikind, s->iscale, s->idscale, s->trim, want,
						  values, nulls, F_IPO_TRIMMED, F_IPO_MEDIAN, F_IPO_TOP);
			aov_run_free(&run);
		}
		if (want & UP_FIELDS)
		{
			aov_orders_prices(orders, s->rkind, s->ikind, s->rscale, s->iscale, &run,
							  &pscale, &pdscale, "aov_breakdown");
			robust_fields(fcinfo, &run, s->rkind, pscale, pdscale, s->trim, want,
						  values, nulls, F_UP_TRIMMED, F_UP_MEDIAN, F_UP_TOP);
			aov_run_free(&run);
		}
	}
}

static Datum
summary_breakdown(FunctionCallInfo fcinfo, AovSummary *s)
{
	AovRowType *rt = aov_result_row(fcinfo, breakdown_fields, F_NFIELDS);
	Datum		values[F_NFIELDS];
	bool		nulls[F_NFIELDS];

	summary_fields(fcinfo, s, ALL_FIELDS, values, nulls);
	return aov_row_form(rt, values, nulls);
}

/* aggregate final (aov_breakdown), and aov_breakdown(aov_summary) */
PG_FUNCTION_INFO_V1(aov_summary_breakdown);
Datum
aov_summary_breakdown(PG_FUNCTION_ARGS)
{
	AovSummary *s;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	s = aov_summary_of(PG_GETARG_DATUM(0), "aov_breakdown");
	/* no orders (all rows had NULL revenue or items): NULL, as avg() gives */
	if (s->orders == 0)
		PG_RETURN_NULL();
	return summary_breakdown(fcinfo, s);
}

/* ---------- scalar accessors ---------- */

/*
 * Field f of aov_breakdown(summary), computed alone.  NULL where the
 * breakdown has NULL, except that a robust figure of a summary without
 * per-order values is an error: a BI chart asked for a median should not
 * draw an empty series without saying why.
 */
static Datum
summary_accessor(FunctionCallInfo fcinfo, BreakdownField f)
{
	AovSummary *s = aov_summary_of(PG_GETARG_DATUM(0), breakdown_fields[f]);
	Datum		values[F_NFIELDS];
	bool		nulls[F_NFIELDS];

	if ((FIELD_BIT(f) & ROBUST_FIELDS) && !(s->flags & AOV_SUM_DETAIL))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("aov_summary holds no per-order values for %s",
						get_func_name(fcinfo->flinfo->fn_oid)),
				 errdetail("Trimmed means, medians and most frequent values need every order's values, which a summary keeps only when it was made with a trim fraction (and every summary rolled into it was)."),
				 errhint("Make the summaries with aov_summary(revenue, items, customer_id, 0.05).")));
	if (s->orders == 0)
		PG_RETURN_NULL();
	summary_fields(fcinfo, s, FIELD_BIT(f), values, nulls);
	if (nulls[f])
		PG_RETURN_NULL();
	PG_RETURN_DATUM(values[f]);
}

#define SUMMARY_ACCESSOR(name, field) \
AOV_V1_FUNCTION(name) \
{ \
	return summary_accessor(fcinfo, field); \
}

/* the accessors of aov_summary: one field of aov_breakdown(summary) each */
SUMMARY_ACCESSOR(aov_summary_orders, F_ORDERS)
SUMMARY_ACCESSOR(aov_summary_customers, F_CUSTOMERS)
SUMMARY_ACCESSOR(aov_summary_guest_orders, F_GUEST_ORDERS)
SUMMARY_ACCESSOR(aov_summary_zero_item_orders, F_ZERO_ITEM_ORDERS)
SUMMARY_ACCESSOR(aov_summary_revenue, F_REVENUE)
SUMMARY_ACCESSOR(aov_summary_items, F_ITEMS)
SUMMARY_ACCESSOR(aov_summary_aov, F_AOV)
SUMMARY_ACCESSOR(aov_summary_unit_price, F_UNIT_PRICE)
SUMMARY_ACCESSOR(aov_summary_items_per_order, F_ITEMS_PER_ORDER)
SUMMARY_ACCESSOR(aov_summary_revenue_per_customer, F_REVENUE_PER_CUSTOMER)
SUMMARY_ACCESSOR(aov_summary_orders_per_customer, F_ORDERS_PER_CUSTOMER)
SUMMARY_ACCESSOR(aov_summary_trim_fraction, F_TRIM)
SUMMARY_ACCESSOR(aov_summary_aov_trimmed, F_AOV_TRIMMED)
SUMMARY_ACCESSOR(aov_summary_aov_median, F_AOV_MEDIAN)
SUMMARY_ACCESSOR(aov_summary_aov_top, F_AOV_TOP)
SUMMARY_ACCESSOR(aov_summary_items_per_order_trimmed, F_IPO_TRIMMED)
SUMMARY_ACCESSOR(aov_summary_items_per_order_median, F_IPO_MEDIAN)
SUMMARY_ACCESSOR(aov_summary_items_per_order_top, F_IPO_TOP)
SUMMARY_ACCESSOR(aov_summary_unit_price_trimmed, F_UP_TRIMMED)
SUMMARY_ACCESSOR(aov_summary_unit_price_median, F_UP_MEDIAN)
SUMMARY_ACCESSOR(aov_summary_unit_price_top, F_UP_TOP)
