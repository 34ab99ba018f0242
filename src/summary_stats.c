/*
 * summary_stats.c
 *		aov_test_stats: a period's summary reduced to what a two-sample
 *		test needs; aov_compare: two periods compared (see stats.h).
 *
 * For each of AOV, items per order and unit price, aov_test_stats gives the
 * estimate a test compares, the variance of that estimate and its degrees
 * of freedom: Welch's on the plain figures when the summary's trim is 0
 * (the delta method for the unit price, a ratio of means), Yuen's on the
 * trimmed means otherwise, none without per-order values.  It reads the
 * summary where it lies, so a query can reduce each group's summary as the
 * group is finalized and no per-order value ever leaves the aggregate.
 *
 * The numbers are the same on every platform and for every order of the
 * rows: means come from exact sums, deviations are formed in double
 * precision and their squares summed exactly (stats.c).
 */
#include "postgres.h"

#include <math.h>

#include "access/htup_details.h"
#include "utils/builtins.h"
#include "utils/numeric.h"

#include "numeric_scaled.h"
#include "result.h"
#include "robust.h"
#include "summary.h"

/* the largest decimal scale whose values a double still resolves */
#define TEST_MAX_SCALE 300

typedef enum StatsField
{
	S_ORDERS,
	S_AOV,
	S_IPO,
	S_UP,
	S_TEST,
	S_TRIM,
	S_AOV_EST,
	S_AOV_VAR,
	S_AOV_DF,
	S_IPO_EST,
	S_IPO_VAR,
	S_IPO_DF,
	S_UP_EST,
	S_UP_VAR,
	S_UP_DF,
	S_NFIELDS
} StatsField;

static const char *const stats_fields[S_NFIELDS] = {
	"orders", "aov", "items_per_order", "unit_price", "test", "trim_fraction",
	"aov_estimate", "aov_variance", "aov_df",
	"items_per_order_estimate", "items_per_order_variance", "items_per_order_df",
	"unit_price_estimate", "unit_price_variance", "unit_price_df"
};

static void
check_testable_scale(int scale)
{
	if (scale > TEST_MAX_SCALE)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("aov_test_stats: values with %d decimal digits cannot be tested", scale),
				 errdetail("The tests work in double precision, which resolves at most %d decimal digits.",
						   TEST_MAX_SCALE)));
}

static double
numeric_to_double(Datum n)
{
	return DatumGetFloat8(DirectFunctionCall1(numeric_float8, n));
}

static double
order_r(const AovOrderRun *run, int rkind, int rscale, int64 i)
{
	return rkind == AOV_KIND_NUMERIC ? aov_scaled_to_double(run->r.w[i], rscale) : run->r.f[i];
}

static double
order_q(const AovOrderRun *run, int ikind, int iscale, int64 i)
{
	return ikind == AOV_KIND_NUMERIC ? aov_scaled_to_double(run->q.w[i], iscale)
		: (double) run->q.i[i];
}

/*
 * Welch's estimates of AOV and items per order, and the delta method's of
 * the unit price: one pass over the distinct orders, the deviations of r
 * and q from their means squared (and multiplied) in double precision and
 * added exactly, times the order's count.
 */
static void
summary_welch(AovSummary *s, const AovFigures *fig, AovEstimate est[3])
{
	const AovOrderRun *run = aov_orders_run(&s->detail);
	int64		n = s->orders;
	double		mr = numeric_to_double(fig->aov);
	double		mq = numeric_to_double(fig->items_per_order);
	AovExactSum srr,
				sqq,
				srq;

	for (int k = 0; k < 3; k++)
		aov_estimate_unknown(&est[k]);
	if (n < 2)
		return;
	aov_xsum_init(&srr);
	aov_xsum_init(&sqq);
	aov_xsum_init(&srq);
	for (int64 i = 0; i < run->n; i++)
	{
		double		dr = order_r(run, s->rkind, s->rscale, i) - mr;
		double		dq = order_q(run, s->ikind, s->iscale, i) - mq;

		aov_xsum_add_mul(&srr, dr * dr, run->count[i]);
		aov_xsum_add_mul(&sqq, dq * dq, run->count[i]);
		aov_xsum_add_mul(&srq, dr * dq, run->count[i]);
	}
	aov_welch_estimate(mr, aov_xsum_div(&srr, 1), n, &est[0]);
	aov_welch_estimate(mq, aov_xsum_div(&sqq, 1), n, &est[1]);
	if (!fig->unit_price_null && mq != 0)
		aov_ratio_estimate(numeric_to_double(fig->unit_price), mq,
						   aov_xsum_div(&srr, n - 1), aov_xsum_div(&sqq, n - 1),
						   aov_xsum_div(&srq, n - 1), n, &est[2]);
}

/* Yuen's estimates: trimmed means of revenue, items and per-order unit price. */
static void
summary_yuen(AovSummary *s, AovEstimate est[3])
{
	const AovOrderRun *run = aov_orders_run(&s->detail);
	AovRun		v;
	int32		pscale,
				pdscale;

	aov_orders_revenue(run, s->rkind, &v);
	aov_run_yuen(&v, s->rkind, s->rscale, s->trim, &est[0]);
	aov_run_free(&v);
	aov_orders_items(run, s->ikind, &v);
	aov_run_yuen(&v, s->ikind, s->iscale, s->trim, &est[1]);
	aov_run_free(&v);
	aov_orders_prices(run, s->rkind, s->ikind, s->rscale, s->iscale, &v, &pscale, &pdscale,
					  "aov_test_stats");
	check_testable_scale(pscale);
	aov_run_yuen(&v, s->rkind, pscale, s->trim, &est[2]);
	aov_run_free(&v);
}

/* the test statistics of a summary: Welch's, Yuen's, or none */
PG_FUNCTION_INFO_V1(aov_test_stats);
Datum
aov_test_stats(PG_FUNCTION_ARGS)
{
	AovRowType *rt = aov_result_row(fcinfo, stats_fields, S_NFIELDS);
	AovSummary *s = aov_summary_of(PG_GETARG_DATUM(0), "aov_test_stats");
	Datum		values[S_NFIELDS];
	bool		nulls[S_NFIELDS];
	AovFigures	fig;
	const char *test = "none";

	for (int i = 0; i < S_NFIELDS; i++)
		nulls[i] = true;
	values[S_ORDERS] = Int64GetDatum(s->orders);
	nulls[S_ORDERS] = false;
	if (s->orders > 0)
	{
		aov_summary_figures(s, &fig);
		values[S_AOV] = fig.aov;
		values[S_IPO] = fig.items_per_order;
		values[S_UP] = fig.unit_price;
		nulls[S_AOV] = nulls[S_IPO] = false;
		nulls[S_UP] = fig.unit_price_null;
	}
	if (s->flags & AOV_SUM_DETAIL)
	{
		AovEstimate est[3];

		check_testable_scale(s->rscale);
		check_testable_scale(s->iscale);
		test = s->trim > 0 ? "yuen" : "welch";
		values[S_TRIM] = Float8GetDatum(s->trim);
		nulls[S_TRIM] = false;
		if (s->orders == 0)
			for (int k = 0; k < 3; k++)
				aov_estimate_unknown(&est[k]);
		else if (s->trim > 0)
			summary_yuen(s, est);
		else
			summary_welch(s, &fig, est);
		for (int m = 0; m < 3; m++)
		{
			double		f[3] = {est[m].est, est[m].var, est[m].nu};

			for (int j = 0; j < 3; j++)
			{
				if (isfinite(f[j]))
				{
					values[S_AOV_EST + 3 * m + j] = Float8GetDatum(f[j]);
					nulls[S_AOV_EST + 3 * m + j] = false;
				}
			}
		}
	}
	values[S_TEST] = CStringGetTextDatum(test);
	nulls[S_TEST] = false;
	PG_RETURN_DATUM(aov_row_form(rt, values, nulls));
}

/* ---------- aov_compare ---------- */

typedef enum CompareField
{
	C_ORDERS_BEFORE,
	C_ORDERS_AFTER,
	C_AOV_BEFORE,
	C_AOV_AFTER,
	C_IPO_BEFORE,
	C_IPO_AFTER,
	C_UP_BEFORE,
	C_UP_AFTER,
	C_TEST,
	C_TRIM,
	C_AOV_REL,
	C_IPO_REL,
	C_UP_REL,
	C_AOV_P,
	C_IPO_P,
	C_UP_P,
	C_NFIELDS
} CompareField;

static const char *const compare_fields[C_NFIELDS] = {
	"orders_before", "orders_after", "aov_before", "aov_after",
	"items_per_order_before", "items_per_order_after", "unit_price_before",
	"unit_price_after", "test", "trim_fraction", "aov_rel_change",
	"items_per_order_rel_change", "unit_price_rel_change", "aov_p_value",
	"items_per_order_p_value", "unit_price_p_value"
};

/* after / before - 1 of two numeric figures, or NaN when undefined */
static double
numeric_rel_change(Datum before, bool before_null, Datum after, bool after_null)
{
	if (before_null || after_null ||
		DatumGetInt32(DirectFunctionCall2(numeric_cmp, before, aov_int64_numeric(0))) == 0)
		return NAN;
	return numeric_to_double(DirectFunctionCall2(numeric_div, after, before)) - 1;
}

/*
 * Which test a statistics record carries: none, Welch's at trim 0, Yuen's at
 * a trim in (0, 0.5).  A tested record's test column must agree with its
 * trim fraction, as aov_test_stats makes them.
 */
static int
record_test(Datum *f, bool *fnull)
{
	char	   *test = TextDatumGetCString(f[S_TEST]);
	const char *expect;
	int			kind;

	/* a record without estimates is compared without a test, whatever its trim */
	if (strcmp(test, "none") == 0)
		return 0;
	if (fnull[S_TRIM])
	{
		kind = 0;
		expect = "none";
	}
	else if (DatumGetFloat8(f[S_TRIM]) == 0)
	{
		kind = 1;
		expect = "welch";
	}
	else if (DatumGetFloat8(f[S_TRIM]) > 0 && DatumGetFloat8(f[S_TRIM]) < 0.5)
	{
		kind = 2;
		expect = "yuen";
	}
	else
	{
		kind = -1;
		expect = NULL;
	}
	if (expect == NULL || strcmp(test, expect) != 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("aov_test_stats value has test \"%s\" with trim fraction %s",
						test, fnull[S_TRIM] ? "NULL" : aov_float8_text(DatumGetFloat8(f[S_TRIM]))),
				 errdetail("The test is welch with trim fraction 0, yuen with a trim fraction in (0, 0.5), or none."),
				 errhint("Make the statistics with aov_test_stats(aov_summary).")));
	return kind;
}

/*
 * aov_compare(baseline, current) over two aov_test_stats: the figures of
 * both periods, the relative change of what the tests compare (the plain
 * figures, or with Yuen's test the trimmed means) and the p-value of each
 * change.  No p-values unless both periods carry estimates from the same
 * test; statistics from different tests or trim fractions are an error.
 */
PG_FUNCTION_INFO_V1(aov_compare);
Datum
aov_compare(PG_FUNCTION_ARGS)
{
	AovRowType *rt = aov_result_row(fcinfo, compare_fields, C_NFIELDS);
	Datum		f[2][S_NFIELDS];
	bool		fnull[2][S_NFIELDS];
	int			test[2];
	Datum		values[C_NFIELDS];
	bool		nulls[C_NFIELDS];
	bool		tested;
	bool		yuen = false;

	for (int i = 0; i < C_NFIELDS; i++)
		nulls[i] = true;
	for (int k = 0; k < 2; k++)
	{
		HeapTupleHeader row = PG_GETARG_HEAPTUPLEHEADER(k);
		AovRowType *in = aov_arg_row(fcinfo, HeapTupleHeaderGetTypeId(row), stats_fields, S_NFIELDS);

		aov_row_read(in, row, f[k], fnull[k]);
		if (fnull[k][S_ORDERS] || fnull[k][S_TEST])
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("aov_test_stats value has no order count or test"),
					 errhint("Make the statistics with aov_test_stats(aov_summary).")));
		for (int m = 0; m < 4; m++)
		{
			/* orders, aov, items per order, unit price: before, after */
			values[2 * m + k] = f[k][S_ORDERS + m];
			nulls[2 * m + k] = fnull[k][S_ORDERS + m];
		}
		test[k] = record_test(f[k], fnull[k]);
	}

	tested = test[0] != 0 && test[1] != 0;
	if (tested)
	{
		double		t0 = DatumGetFloat8(f[0][S_TRIM]);
		double		t1 = DatumGetFloat8(f[1][S_TRIM]);

		if (t0 != t1)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("cannot compare aov_summary values with trim fractions %s and %s",
							aov_float8_text(t0), aov_float8_text(t1)),
					 errhint("Summarize both periods with the same trim fraction.")));
		yuen = t0 > 0;
		values[C_TEST] = CStringGetTextDatum(yuen ? "yuen" : "welch");
		values[C_TRIM] = Float8GetDatum(t0);
		nulls[C_TRIM] = false;
	}
	else
		values[C_TEST] = CStringGetTextDatum("none");
	nulls[C_TEST] = false;

	for (int m = 0; m < 3; m++)
	{
		AovEstimate e[2];
		bool		have = tested;
		double		rel;
		double		p;

		for (int k = 0; k < 2 && have; k++)
		{
			int			base = S_AOV_EST + 3 * m;

			have = !fnull[k][base] && !fnull[k][base + 1] && !fnull[k][base + 2];
			if (have)
			{
				e[k].est = DatumGetFloat8(f[k][base]);
				e[k].var = DatumGetFloat8(f[k][base + 1]);
				e[k].nu = DatumGetFloat8(f[k][base + 2]);
			}
		}
		if (yuen)
			rel = have && e[0].est != 0 ? e[1].est / e[0].est - 1 : NAN;
		else
			rel = numeric_rel_change(values[C_AOV_BEFORE + 2 * m], nulls[C_AOV_BEFORE + 2 * m],
									 values[C_AOV_AFTER + 2 * m], nulls[C_AOV_AFTER + 2 * m]);
		if (isfinite(rel))
		{
			values[C_AOV_REL + m] = Float8GetDatum(rel);
			nulls[C_AOV_REL + m] = false;
		}
		p = have ? aov_two_sample_p(&e[0], &e[1]) : NAN;
		if (!isnan(p))
		{
			values[C_AOV_P + m] = Float8GetDatum(p);
			nulls[C_AOV_P + m] = false;
		}
	}
	PG_RETURN_DATUM(aov_row_form(rt, values, nulls));
}
