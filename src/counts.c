/*
 * counts.c
 *		aov_counts, the state of aov_top_values: the distinct values of a
 *		group with their counts.
 *
 * The state is a state over one column of values (values_state.h) whose
 * parameter is k and whose transition counts: while aggregating, a keyed
 * hash table from value to count (so chosen
 * values cannot make it quadratic); flattened, a run of the distinct values
 * in increasing order with their counts, which a combine merges linearly.
 * Numeric values are held at the largest number of significant decimals
 * seen (so 1.5 and 1.50 are one value) and shown with the largest display
 * scale seen; doubles have -0 folded into 0.  NaN, +Infinity and -Infinity
 * are counted apart.
 *
 * Serialized form, version 2 (flat body, send/recv, hex text alike), all
 * fields big-endian:
 *	  0  uint8   format version (2)
 *	  1  uint8   kind (1 numeric, 2 float8, 3 integer)
 *	  2  uint16  reserved, 0
 *	  4  int32   scale (numeric: decimals of the stored integers; else 0)
 *	  8  int32   k, the number of values to report
 *	 12  int32   display scale (numeric: >= scale; else 0)
 *	 16  int64   number of NaN values
 *	 24  int64   number of +Infinity values
 *	 32  int64   number of -Infinity values
 *	 40  the finite values as a run (values.h)
 * Version 1 (aov_ext 0.1 to 0.3) has at 40 an int64 d and d pairs (value
 * int64 or float8, count int64) in strictly increasing value order; it is
 * still read.  Both forms are canonical: the same multiset always
 * serializes to the same bytes.
 *
 * Memory: about 32 bytes per distinct value while aggregating (the table is
 * kept at most 70% full and doubles when it grows), 24 to 32 in a run, plus
 * about 200 bytes per group; the final function needs O(k) more.
 */
#include "postgres.h"

#include <math.h>

#include "catalog/pg_type.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "port/pg_bswap.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/float.h"
#include "utils/lsyscache.h"
#include "utils/numeric.h"

#include "numeric_scaled.h"
#include "result.h"
#include "robust.h"
#include "values_state.h"

#define COUNTS_TYPNAME "aov_counts"
/* the most values, special ones included, a serialized state holds */
#define COUNTS_MAX_VALUES (PG_INT64_MAX / 2)

/* ---------- the header fields ---------- */

static char *
counts_write_fields(char *p, const AovValuesState *s)
{
	p = aov_write_i32(p, s->params.k);
	return aov_write_i32(p, s->vals.dscale);
}

static void
counts_read_fields(AovReader *r, AovValuesHead *h)
{
	h->params.k = aov_read_i32(r);
	if (h->params.k < 1)
		aov_corrupt(COUNTS_TYPNAME, "The number of values to report is out of range.");
	h->dscale = aov_read_i32(r);
	aov_values_head_check_scale(h, COUNTS_TYPNAME);
}

/* ---------- version 1: (value, count) pairs in increasing value order ---------- */

static inline int
v1_key_cmp(int kind, uint64 a, uint64 b)
{
	if (kind == AOV_KIND_FLOAT8)
	{
		double		x,
					y;

		memcpy(&x, &a, sizeof(x));
		memcpy(&y, &b, sizeof(y));
		return (x > y) - (x < y);
	}
	return ((int64) a > (int64) b) - ((int64) a < (int64) b);
}

static void
counts_read_v1(AovReader *r, AovValuesHead *h)
{
	int64		total = h->nnan + h->npinf + h->nninf;
	uint64		prev = 0;

	h->n = aov_read_i64(r);
	if (h->n < 0 || (Size) h->n > (r->len - r->pos) / 16)
		aov_corrupt(COUNTS_TYPNAME, "The value is shorter than its header says.");
	h->packed = (const char *) r->p + r->pos;
	for (int64 i = 0; i < h->n; i++)
	{
		uint64		key = (uint64) aov_read_i64(r);
		int64		count = aov_read_i64(r);

		if (h->kind == AOV_KIND_FLOAT8)
		{
			double		x;

			memcpy(&x, &key, sizeof(x));
			if (isnan(x) || isinf(x) || key == (UINT64CONST(1) << 63))
				aov_corrupt(COUNTS_TYPNAME, "A stored value is not a finite, canonical float8.");
		}
		if (i > 0 && v1_key_cmp(h->kind, prev, key) >= 0)
			aov_corrupt(COUNTS_TYPNAME, "The stored values are not in strictly increasing order.");
		if (count < 1 || count > COUNTS_MAX_VALUES - total)
			aov_corrupt(COUNTS_TYPNAME, "A count is out of range.");
		total += count;
		prev = key;
	}
}

/* Count the values of a version 1 state (v's scale at least the state's). */
static void
counts_add_v1(AovValues *v, const AovValuesHead *h)
{
	for (int64 i = 0; i < h->n; i++)
	{
		uint64		kb,
					cb;
		int128		key;

		memcpy(&kb, h->packed + 16 * i, 8);
		memcpy(&cb, h->packed + 16 * i + 8, 8);
		key = (int64) pg_ntoh64(kb);
		if (h->kind == AOV_KIND_NUMERIC && !aov_int128_mul_pow10(&key, v->scale - h->scale))
			aov_numeric_out_of_range("aov_top_values", v->scale);
		aov_values_count_slow(v, key, (int64) pg_ntoh64(cb));
		if ((i & 0xFFFF) == 0)
			CHECK_FOR_INTERRUPTS();
	}
}

/* ---------- the parameter ---------- */

static inline void
counts_read_args(FunctionCallInfo fcinfo, AovValuesParams *p)
{
	aov_arg_not_null(fcinfo, 2, "number of top values",
					 "Use 3 for the three most frequent values.");
	p->k = PG_GETARG_INT32(2);
}

/* The first row's k must be at least 1; a later row's, the first's. */
static void
counts_check_args(FunctionCallInfo fcinfo, const AovValuesParams *was, const AovValuesParams *p)
{
	(void) fcinfo;
	if (was != NULL)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("number of top values changed within a group from %d to %d", was->k, p->k),
				 errhint("Pass the number of values as a constant.")));
	if (p->k < 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("number of top values %d is out of range", p->k),
				 errdetail("The number of values to report must be at least 1."),
				 errhint("Use 3 for the three most frequent values.")));
}

static void
counts_combine_mismatch(const AovValuesParams *a, const AovValuesParams *b)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("cannot combine aov_counts states reporting %d and %d values", a->k, b->k)));
}

/* ---------- the type and its transitions ---------- */

AOV_VALUES_TYPE(counts_type, COUNTS_TYPNAME, counts, "aov_top_values", AOV_VALUES_COUNT,
				PG_INT64_MAX / 8, COUNTS_MAX_VALUES, true,
				"An integer state holds special values.");

AOV_VALUES_FUNCTIONS(aov_counts, counts_type)

/* ---------- final ---------- */

/* A reported value: class -Infinity < finite < +Infinity < NaN, then value. */
typedef struct TopEntry
{
	int			cls;			/* 0 -Infinity, 1 finite, 2 +Infinity, 3 NaN */
	int64		index;			/* finite: index in the run */
	int64		count;
} TopEntry;

static int
top_entry_cmp(const void *a, const void *b)
{
	const TopEntry *x = a;
	const TopEntry *y = b;

	if (x->count != y->count)
		return x->count > y->count ? -1 : 1;
	if (x->cls != y->cls)
		return x->cls < y->cls ? -1 : 1;
	return (x->index > y->index) - (x->index < y->index);
}

static Datum
top_value_datum(const AovValuesState *c, const AovRun *run, const TopEntry *e, bool as_numeric)
{
	int			kind = c->vals.kind;

	if (kind == AOV_KIND_NUMERIC || (as_numeric && e->cls != 1))
	{
		if (e->cls != 1)
			return NumericGetDatum(aov_numeric_special(e->cls == 0 ? AOV_NINF :
													   e->cls == 2 ? AOV_PINF : AOV_NAN));
		return NumericGetDatum(aov_int128_to_numeric(run->v.w[e->index], c->vals.scale,
													 c->vals.dscale));
	}
	if (as_numeric)
		return aov_run_value_numeric(run, kind, c->vals.scale, c->vals.dscale, e->index);
	if (kind == AOV_KIND_INTEGER)
		return Int64GetDatum(run->v.i[e->index]);
	switch (e->cls)
	{
		case 0:
			return Float8GetDatum(-get_float8_infinity());
		case 2:
			return Float8GetDatum(get_float8_infinity());
		case 3:
			return Float8GetDatum(get_float8_nan());
	}
	return Float8GetDatum(run->v.f[e->index]);
}

/*
 * The k most frequent values with their counts and shares, best first.  The
 * composite type is found in the function's own schema, so that a call
 * without an expression tree works.
 */
Datum
aov_values_top_array(FunctionCallInfo fcinfo, AovValuesState *c, int32 k, bool as_numeric)
{
	static const char *const fields[] = {"value", "count", "share"};
	const AovRun *run;
	int64		total;
	AovTopItem *top;
	TopEntry   *entries;
	int			nentries = 0;
	AovRowType *rt;
	Datum	   *elems;
	int16		typlen;
	bool		typbyval;
	char		typalign;
	AovValuesParams p = {0};

	p.k = k;
	counts_check_args(fcinfo, NULL, &p);
	run = aov_values_run(&c->vals);
	total = run->total + c->vals.nnan + c->vals.npinf + c->vals.nninf;
	if (total == 0)
		return (Datum) 0;

	k = (int32) Min((int64) k, run->n + 3);
	top = palloc(sizeof(AovTopItem) * Max(k, 1));
	entries = palloc(sizeof(TopEntry) * (k + 3));
	for (int i = 0, n = aov_run_top(run, k, top); i < n; i++)
		entries[nentries++] = (TopEntry) {1, top[i].index, top[i].count};
	if (c->vals.nninf)
		entries[nentries++] = (TopEntry) {0, 0, c->vals.nninf};
	if (c->vals.npinf)
		entries[nentries++] = (TopEntry) {2, 0, c->vals.npinf};
	if (c->vals.nnan)
		entries[nentries++] = (TopEntry) {3, 0, c->vals.nnan};
	qsort(entries, nentries, sizeof(TopEntry), top_entry_cmp);
	nentries = Min(nentries, k);

	rt = aov_named_row(fcinfo,
					   as_numeric || c->vals.kind == AOV_KIND_NUMERIC ? "aov_top_numeric" :
					   c->vals.kind == AOV_KIND_FLOAT8 ? "aov_top_float8" : "aov_top_bigint",
					   fields, 3);
	elems = palloc(sizeof(Datum) * Max(nentries, 1));
	for (int i = 0; i < nentries; i++)
	{
		Datum		values[3];
		bool		nulls[3] = {false, false, false};

		values[0] = top_value_datum(c, run, &entries[i], as_numeric);
		values[1] = Int64GetDatum(entries[i].count);
		values[2] = Float8GetDatum((double) entries[i].count / (double) total);
		elems[i] = aov_row_form(rt, values, nulls);
	}
	get_typlenbyvalalign(rt->typid, &typlen, &typbyval, &typalign);
	return PointerGetDatum(construct_array(elems, nentries, rt->typid, typlen, typbyval, typalign));
}

/* The top values of the state in argument 0, which must be of kind expect_kind. */
static Datum
counts_top(FunctionCallInfo fcinfo, int expect_kind)
{
	AovValuesState *c = (AovValuesState *) aov_state_for_final(PG_GETARG_DATUM(0),
																&counts_type.state);
	Datum		top;

	if (c->vals.kind != expect_kind)
		aov_values_wrong_kind(COUNTS_TYPNAME, c->vals.kind, aov_kind_name(expect_kind));
	top = aov_values_top_array(fcinfo, c, c->params.k, false);
	if (top == (Datum) 0)
		PG_RETURN_NULL();
	PG_RETURN_DATUM(top);
}

/* aggregate final: the top values of a numeric column */
PG_FUNCTION_INFO_V1(aov_counts_top_numeric);
Datum
aov_counts_top_numeric(PG_FUNCTION_ARGS)
{
	return counts_top(fcinfo, AOV_KIND_NUMERIC);
}

/* aggregate final: the top values of a float8 column */
PG_FUNCTION_INFO_V1(aov_counts_top_float8);
Datum
aov_counts_top_float8(PG_FUNCTION_ARGS)
{
	return counts_top(fcinfo, AOV_KIND_FLOAT8);
}

/* aggregate final: the top values of an integer or bigint column */
PG_FUNCTION_INFO_V1(aov_counts_top_bigint);
Datum
aov_counts_top_bigint(PG_FUNCTION_ARGS)
{
	return counts_top(fcinfo, AOV_KIND_INTEGER);
}


/* ---------- the whole distribution, for aov_threshold_scan ---------- */

/*
 * The distinct finite values of an aov_counts value in increasing order as
 * numeric[], their cumulative counts as bigint[] and their cumulative sums
 * (value x count, exact) as numeric[], and the number of NaN and infinite
 * values.  Numeric and integer sums are exact in int128 (an error if they
 * leave it); float8 values are read as the numeric with their shortest
 * digits (as aov_breakdown reads float8 revenue) and summed in numeric.
 * O(d) for d distinct values, after the state's own sort when it is still
 * a hash table.
 */
PG_FUNCTION_INFO_V1(aov_counts_distribution);
Datum
aov_counts_distribution(PG_FUNCTION_ARGS)
{
	static const char *const fields[] = {"v", "cum", "cs", "nonfinite"};
	AovValuesState *c = (AovValuesState *) aov_state_for_final(PG_GETARG_DATUM(0),
																&counts_type.state);
	const AovRun *run = aov_values_run(&c->vals);
	int			kind = c->vals.kind;
	int			n;
	Datum	   *v,
			   *cum,
			   *cs;
	int64		total = 0;
	int128		isum = 0;
	Datum		nsum = aov_int64_numeric(0);
	Datum		values[4];
	bool		nulls[4] = {false, false, false, false};
	AovRowType *rt = aov_result_row(fcinfo, fields, 4);

	if (run->n > (int64) (MaxAllocSize / sizeof(Datum)))
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("too many distinct values for a distribution: " INT64_FORMAT, run->n)));
	n = (int) run->n;
	v = palloc(sizeof(Datum) * Max(n, 1));
	cum = palloc(sizeof(Datum) * Max(n, 1));
	cs = palloc(sizeof(Datum) * Max(n, 1));
	for (int i = 0; i < n; i++)
	{
		total += run->count[i];
		cum[i] = Int64GetDatum(total);
		if (kind == AOV_KIND_FLOAT8)
		{
			v[i] = aov_float8_to_numeric(run->v.f[i]);
			nsum = DirectFunctionCall2(numeric_add, nsum,
									   DirectFunctionCall2(numeric_mul, v[i],
														   aov_int64_numeric(run->count[i])));
			cs[i] = nsum;
		}
		else
		{
			int128		x = aov_run_int(run, kind, i);
			int128		term;
			int			scale = kind == AOV_KIND_NUMERIC ? c->vals.scale : 0;
			int			dscale = kind == AOV_KIND_NUMERIC ? c->vals.dscale : 0;

			if (__builtin_mul_overflow(x, (int128) run->count[i], &term) ||
				__builtin_add_overflow(isum, term, &isum))
				aov_numeric_out_of_range("aov_threshold_scan", scale);
			v[i] = aov_scaled_to_numeric(x, scale, dscale);
			cs[i] = aov_scaled_to_numeric(isum, scale, dscale);
		}
		if ((i & 0xFFFF) == 0)
			CHECK_FOR_INTERRUPTS();
	}
	values[0] = PointerGetDatum(construct_array(v, n, NUMERICOID, -1, false, TYPALIGN_INT));
	values[1] = PointerGetDatum(construct_array(cum, n, INT8OID, 8, FLOAT8PASSBYVAL, TYPALIGN_DOUBLE));
	values[2] = PointerGetDatum(construct_array(cs, n, NUMERICOID, -1, false, TYPALIGN_INT));
	values[3] = Int64GetDatum(c->vals.nnan + c->vals.npinf + c->vals.nninf);
	PG_RETURN_DATUM(aov_row_form(rt, values, nulls));
}
