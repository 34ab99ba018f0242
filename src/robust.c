/*
 * robust.c
 *		Trimmed means, medians, most frequent values and Yuen's estimate of
 *		a multiset of values (see robust.h).
 *
 * On a sorted run every figure is one pass: the value of a rank is found by
 * walking the counts, an exact sum over ranks [a, b) adds each value times
 * the number of its copies inside the range.  Definitions (doc/reference.md,
 * "Robust figures"): the trimmed mean at fraction t drops floor(n t) values
 * from each end, ties cut by position, and averages the rest (R's
 * mean(x, trim = t)); the median is the middle value or the mean of the two
 * middle ones; the most frequent values rank by count, ties to the smaller
 * value.
 */
#include "postgres.h"

#include <math.h>

#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/float.h"
#include "utils/numeric.h"

#include "heap.h"
#include "numeric_scaled.h"
#include "robust.h"
#include "select.h"

void
aov_trimsum_init(AovTrimSum *acc, int kind)
{
	memset(acc, 0, sizeof(*acc));
	acc->kind = kind;
}

/* acc += x * count, for value i of a run */
static inline void
trimsum_add(AovTrimSum *acc, const AovRun *r, int64 i, int64 count)
{
	switch (acc->kind)
	{
		case AOV_KIND_NUMERIC:
			aov_widesum_add_mul(&acc->wide, r->v.w[i], count);
			break;
		case AOV_KIND_FLOAT8:
			aov_xsum_add_mul(&acc->x, r->v.f[i], count);
			break;
		default:
			acc->i += (int128) r->v.i[i] * count;
			break;
	}
}

/* Add the values of sorted ranks [a, b) of a run. */
void
aov_run_trimsum(const AovRun *r, int kind, int64 a, int64 b, AovTrimSum *acc)
{
	int64		pos = 0;

	if (acc->kind != kind)
		elog(ERROR, "trimmed sum of %s values into a %s sum",
			 aov_kind_name(kind), aov_kind_name(acc->kind));
	for (int64 i = 0; i < r->n && pos < b; i++)
	{
		int64		lo = Max(pos, a);
		int64		hi = Min(pos + r->count[i], b);

		if (hi > lo)
			trimsum_add(acc, r, i, hi - lo);
		pos += r->count[i];
		if ((i & 0xFFFFF) == 0)
			CHECK_FOR_INTERRUPTS();
	}
}

/*
 * Add the values of sorted ranks [a, b) of a multiset.  A state that holds
 * only appended values (a serial aggregate) is summed by selection in
 * place, without sorting; anything else is compacted to its run first.
 * The sums are exact either way, so the path never changes the answer.
 */
void
aov_values_trimsum(AovValues *v, int64 a, int64 b, AovTrimSum *acc)
{
	if (v->nruns == 0 && v->nused == 0)
	{
		switch (v->kind)
		{
			case AOV_KIND_NUMERIC:
				aov_trimsum_int128(v->buf.w, v->nbuf, a, b, &acc->wide);
				break;
			case AOV_KIND_FLOAT8:
				aov_trimsum_float8(v->buf.f, v->nbuf, a, b, &acc->x);
				break;
			default:
				aov_trimsum_int64(v->buf.i, v->nbuf, a, b, &acc->i);
				break;
		}
		return;
	}
	aov_run_trimsum(aov_values_run(v), v->kind, a, b, acc);
}

/*
 * sum / m as a numeric: the exact sum of numeric values divided as
 * avg(numeric) divides it; of doubles, their correctly rounded mean.
 */
Datum
aov_trimsum_numeric_div(const AovTrimSum *acc, int64 m, int scale, int dscale)
{
	AovWideSum	w;

	switch (acc->kind)
	{
		case AOV_KIND_FLOAT8:
			return aov_float8_to_numeric(aov_xsum_div(&acc->x, m));
		case AOV_KIND_NUMERIC:
			w = acc->wide;
			break;
		default:
			w.lo = acc->i;
			w.carry = 0;
			scale = dscale = 0;
			break;
	}
	return DirectFunctionCall2(numeric_div,
							   NumericGetDatum(aov_widesum_to_numeric(&w, scale, Max(scale, dscale))),
							   aov_int64_numeric(m));
}

/*
 * sum / m as a double, the same on every platform: correctly rounded for
 * doubles and integers, for numeric the double nearest the numeric quotient.
 */
double
aov_trimsum_double_div(const AovTrimSum *acc, int64 m, int scale)
{
	switch (acc->kind)
	{
		case AOV_KIND_FLOAT8:
			return aov_xsum_div(&acc->x, m);
		case AOV_KIND_INTEGER:
			return aov_int128_div(acc->i, m);
		default:
			return DatumGetFloat8(DirectFunctionCall1(numeric_float8,
													  aov_trimsum_numeric_div(acc, m, scale, 0)));
	}
}

int64
aov_run_index_of_rank(const AovRun *r, int64 k)
{
	int64		pos = 0;

	Assert(k >= 0 && k < r->total);
	for (int64 i = 0; i < r->n; i++)
	{
		pos += r->count[i];
		if (k < pos)
			return i;
	}
	elog(ERROR, "rank " INT64_FORMAT " beyond a run of " INT64_FORMAT " values", k, r->total);
	return -1;
}

Datum
aov_run_value_numeric(const AovRun *r, int kind, int scale, int dscale, int64 i)
{
	switch (kind)
	{
		case AOV_KIND_NUMERIC:
			return aov_scaled_to_numeric(r->v.w[i], scale, dscale);
		case AOV_KIND_FLOAT8:
			return aov_float8_to_numeric(r->v.f[i]);
		default:
			return aov_scaled_to_numeric(r->v.i[i], 0, 0);
	}
}

double
aov_run_value_double(const AovRun *r, int kind, int scale, int64 i)
{
	switch (kind)
	{
		case AOV_KIND_NUMERIC:
			return aov_scaled_to_double(r->v.w[i], scale);
		case AOV_KIND_FLOAT8:
			return r->v.f[i];
		default:
			return (double) r->v.i[i];
	}
}

/* The median: the middle value, or the mean of the two middle values. */
Datum
aov_run_median(const AovRun *r, int kind, int scale, int dscale)
{
	Assert(r->total > 0);
	return aov_run_mean_of_ranks(r, kind, scale, dscale, (r->total - 1) / 2, r->total / 2);
}

/* The mean of the values of sorted ranks ra and rb (0-based, counting repeats). */
Datum
aov_run_mean_of_ranks(const AovRun *r, int kind, int scale, int dscale, int64 ra, int64 rb)
{
	int64		ia = aov_run_index_of_rank(r, ra);
	int64		ib = aov_run_index_of_rank(r, rb);
	int128		a,
				b,
				m;

	if (ia == ib)
		return aov_run_value_numeric(r, kind, scale, dscale, ia);
	if (kind == AOV_KIND_FLOAT8)
	{
		double		x = r->v.f[ia];
		double		y = r->v.f[ib];

		/* (x + y) / 2 as avg() computes it; halves first only on overflow */
		return aov_float8_to_numeric(isinf(x + y) ? x / 2 + y / 2 : (x + y) / 2);
	}
	a = aov_run_int(r, kind, ia);
	b = aov_run_int(r, kind, ib);
	if (kind != AOV_KIND_NUMERIC)
		scale = dscale = 0;
	/* (a + b) / 2 exactly: (a + b) * 5 at one more decimal */
	if (!__builtin_add_overflow(a, b, &m) && !__builtin_mul_overflow(m, (int128) 5, &m))
		return aov_scaled_to_numeric(m, scale + 1, dscale);
	return DirectFunctionCall2(numeric_div,
							   DirectFunctionCall2(numeric_add,
												   aov_scaled_to_numeric(a, scale, 0),
												   aov_scaled_to_numeric(b, scale, 0)),
							   aov_int64_numeric(2));
}

/* The trimmed mean at fraction trim (floor(n * trim) cut from each end). */
Datum
aov_run_trimmed_mean(const AovRun *r, int kind, int scale, int dscale, double trim)
{
	int64		k = aov_trim_count(r->total, trim);
	AovTrimSum	acc;

	Assert(2 * k < r->total);
	aov_trimsum_init(&acc, kind);
	aov_run_trimsum(r, kind, k, r->total - k, &acc);
	return aov_trimsum_numeric_div(&acc, r->total - 2 * k, scale, dscale);
}

/* true when value a of a run ranks before value b: more frequent, then the smaller */
static inline bool
ranks_before(const AovRun *r, int64 a, int64 b)
{
	if (r->count[a] != r->count[b])
		return r->count[a] > r->count[b];
	return a < b;				/* runs are in increasing order */
}

/* the order of the heap of the top k: the weakest at the root */
static inline bool
ranks_after(const void *arg, int64 a, int64 b)
{
	return ranks_before(arg, b, a);
}

/*
 * The k most frequent values of a run, best first.  A min-heap on rank keeps
 * the current top k, its weakest at the root.
 */
int
aov_run_top(const AovRun *r, int k, AovTopItem *out)
{
	int64	   *heap = palloc(sizeof(int64) * Max(k, 1));
	int			n = 0;

	for (int64 i = 0; i < r->n; i++)
	{
		if (n < k)
			aov_heap_push(heap, &n, i, ranks_after, r);
		else if (ranks_before(r, i, heap[0]))
		{
			heap[0] = i;
			aov_heap_sift_down(heap, n, ranks_after, r);
		}
		if ((i & 0xFFFF) == 0)
			CHECK_FOR_INTERRUPTS();
	}
	/*
	 * Best first: take the weakest off the heap into the end, k log k (a k
	 * of thousands, as the threshold scan asks, made a quadratic sort slow)
	 */
	for (int m = n; m > 1; m--)
	{
		int64		t = heap[0];

		heap[0] = heap[m - 1];
		heap[m - 1] = t;
		aov_heap_sift_down(heap, m - 1, ranks_after, r);
	}
	for (int a = 0; a < n; a++)
	{
		out[a].index = heap[a];
		out[a].count = r->count[heap[a]];
	}
	pfree(heap);
	return n;
}

/*
 * Yuen's estimate: with g = floor(n trim) values cut from each end and
 * h = n - 2g kept, the trimmed mean, and the winsorized values (each value
 * clamped to [x_(g), x_(n-g-1)], which winsorizes by position, ties
 * included).  The trimmed and winsorized sums are exact; the squared
 * deviations from the winsorized mean are formed in double precision and
 * summed exactly, so the estimate does not depend on the platform or on the
 * order of the values.
 */
void
aov_run_yuen(const AovRun *r, int kind, int scale, double trim, AovEstimate *out)
{
	int64		n = r->total;
	int64		g = aov_trim_count(n, trim);
	int64		h = n - 2 * g;
	int64		ilo,
				ihi;
	double		lo,
				hi,
				tmean,
				wmean;
	AovTrimSum	acc;
	AovExactSum ss;

	aov_estimate_unknown(out);
	if (h < 2)
		return;
	ilo = aov_run_index_of_rank(r, g);
	ihi = aov_run_index_of_rank(r, n - g - 1);
	lo = aov_run_value_double(r, kind, scale, ilo);
	hi = aov_run_value_double(r, kind, scale, ihi);

	aov_trimsum_init(&acc, kind);
	aov_run_trimsum(r, kind, g, n - g, &acc);
	tmean = aov_trimsum_double_div(&acc, h, scale);
	/* winsorized sum: the kept values and g copies of each cut value */
	trimsum_add(&acc, r, ilo, g);
	trimsum_add(&acc, r, ihi, g);
	wmean = aov_trimsum_double_div(&acc, n, scale);

	aov_xsum_init(&ss);
	for (int64 i = 0; i < r->n; i++)
	{
		double		w = i <= ilo ? lo : (i >= ihi ? hi : aov_run_value_double(r, kind, scale, i));
		double		d = w - wmean;

		aov_xsum_add_mul(&ss, d * d, r->count[i]);
		if ((i & 0xFFFFF) == 0)
			CHECK_FOR_INTERRUPTS();
	}
	aov_yuen_estimate(tmean, aov_xsum_div(&ss, 1), n, h, out);
}
