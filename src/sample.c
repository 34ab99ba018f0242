/*
 * sample.c
 *		aov_sample, the state of aov_trimmed_mean: every non-null value of a
 *		group, held exactly.  Also the result of the one-argument aggregate
 *		aov_sample (the two-step form, doc/bi.md), whose state records trims
 *		of 0, and the functions that read it: trimmed means at any trim,
 *		the median, the top values and the count, as numeric for every kind.
 *
 * The state is a state over one column of values (values_state.h) whose
 * parameters are the trim fractions, and whose transition appends: a row
 * adds eight bytes (sixteen for numeric); flattening sorts them into
 * a run of distinct values with counts, so a partial state shrinks with
 * repetition and the leader merges runs instead of re-sorting every value.
 * The largest display scale seen is kept so that the numeric result is
 * divided and shown exactly as avg() would show it.
 *
 * Serialized form, version 2 (flat body, send/recv, hex text alike), all
 * fields big-endian:
 *	  0  uint8   format version (2)
 *	  1  uint8   kind (1 numeric, 2 float8, 3 integer)
 *	  2  uint16  reserved, 0
 *	  4  int32   scale (numeric: decimals of the stored integers; else 0)
 *	  8  int32   display scale (numeric: >= scale; else 0)
 *	 12  int32   reserved, 0
 *	 16  float8  low trim fraction
 *	 24  float8  high trim fraction
 *	 32  int64   number of NaN values
 *	 40  int64   number of +Infinity values
 *	 48  int64   number of -Infinity values
 *	 56  the finite values as a run (values.h: distinct values in increasing
 *		 order with their counts, as variable-length integers)
 * Version 1 (aov_ext 0.1 to 0.3) has at 56 an int64 n and then n values in
 * arrival order (16-byte int128 for numeric, else 8 bytes); it is still read.
 * Invariants, checked by every parse: known version and kind; 0 <= low,
 * 0 <= high, low + high < 1; counts >= 0; doubles finite; integer states
 * hold no special values; length exact.
 *
 * Memory: 8 bytes per non-null value (16 for numeric) while aggregating,
 * plus about 150 bytes per group; a flattened or merged state holds a run,
 * 16 to 24 bytes per distinct value.  The serial final function needs at
 * most 1/16 of the values again (selection buffers); after a merge, the
 * compaction needs a second copy of the values being sorted.
 */
#include "postgres.h"

#include <math.h>

#include "fmgr.h"
#include "port/pg_bswap.h"
#include "utils/builtins.h"
#include "utils/float.h"
#include "utils/numeric.h"

#include "numeric_scaled.h"
#include "robust.h"
#include "values_state.h"

#define SAMPLE_TYPNAME "aov_sample"
/* the most finite values, and of each special value, a serialized sample holds */
#define SAMPLE_MAX_VALUES (PG_INT64_MAX / 4)

/* ---------- the header fields ---------- */

static char *
sample_write_fields(char *p, const AovValuesState *s)
{
	p = aov_write_i32(p, s->vals.dscale);
	p = aov_write_i32(p, 0);
	p = aov_write_f64(p, s->params.low);
	return aov_write_f64(p, s->params.high);
}

static void
sample_read_fields(AovReader *r, AovValuesHead *h)
{
	h->dscale = aov_read_i32(r);
	aov_values_head_check_scale(h, SAMPLE_TYPNAME);
	if (aov_read_i32(r) != 0)
		aov_corrupt(SAMPLE_TYPNAME, "A reserved field is not zero.");
	h->params.low = aov_read_f64(r);
	h->params.high = aov_read_f64(r);
	if (!(h->params.low >= 0 && h->params.high >= 0 && h->params.low + h->params.high < 1))
		aov_corrupt(SAMPLE_TYPNAME, "The trim fractions are out of range.");
}

/* ---------- version 1: the values in arrival order ---------- */

static void
sample_read_v1(AovReader *r, AovValuesHead *h)
{
	h->n = aov_read_i64(r);
	if (h->n < 0 || h->n > SAMPLE_MAX_VALUES ||
		(Size) h->n > (r->len - r->pos) / AOV_VALUE_SIZE(h->kind))
		aov_corrupt(SAMPLE_TYPNAME, "The value is shorter than its header says.");
	h->packed = aov_read_bytes(r, (Size) h->n * AOV_VALUE_SIZE(h->kind));
	if (h->kind == AOV_KIND_FLOAT8)
	{
		for (int64 i = 0; i < h->n; i++)
		{
			uint64		bits;

			memcpy(&bits, h->packed + i * sizeof(int64), sizeof(bits));
			/* exponent all ones: NaN or infinity, which are never stored */
			if (((pg_ntoh64(bits) >> 52) & 0x7FF) == 0x7FF)
				aov_corrupt(SAMPLE_TYPNAME, "A stored value is not finite.");
		}
	}
}

/* Append the values of a version 1 sample (v's scale at least the sample's). */
static void
sample_add_v1(AovValues *v, const AovValuesHead *h)
{
	aov_values_grow(v, h->n);
	for (int64 i = 0; i < h->n; i++)
	{
		uint64		hi,
					lo;

		if (h->kind == AOV_KIND_NUMERIC)
		{
			int128		x;

			memcpy(&hi, h->packed + 16 * i, 8);
			memcpy(&lo, h->packed + 16 * i + 8, 8);
			x = (int128) (((uint128) pg_ntoh64(hi) << 64) | pg_ntoh64(lo));
			if (!aov_int128_mul_pow10(&x, v->scale - h->scale))
				aov_numeric_out_of_range("aov_trimmed_mean", v->scale);
			aov_values_push_wide(v, x);
		}
		else
		{
			memcpy(&lo, h->packed + 8 * i, 8);
			lo = pg_ntoh64(lo);
			if (h->kind == AOV_KIND_FLOAT8)
			{
				double		f;

				memcpy(&f, &lo, sizeof(f));
				aov_values_push_float8(v, f);
			}
			else
				aov_values_push_int64(v, (int64) lo);
		}
	}
}

/* ---------- the parameters ---------- */

/*
 * Read the trim arguments (position 2, and 3 when asymmetric).  The
 * one-argument aggregate aov_sample has none: its state records trim 0,
 * and the accessors take the trim they are asked for.
 */
static inline void
sample_read_args(FunctionCallInfo fcinfo, AovValuesParams *p)
{
	if (PG_NARGS() == 2)
		return;
	if (PG_NARGS() == 3)
	{
		aov_arg_not_null(fcinfo, 2, "trim fraction", "Use 0 for the plain mean.");
		p->low = p->high = PG_GETARG_FLOAT8(2);
	}
	else
	{
		if (PG_ARGISNULL(2) || PG_ARGISNULL(3))
			aov_null_argument("trim fractions", "Use 0 for an end that is not to be trimmed.");
		p->low = PG_GETARG_FLOAT8(2);
		p->high = PG_GETARG_FLOAT8(3);
	}
	/* -0 is 0: one state, one text form, whatever the row order */
	if (p->low == 0)
		p->low = 0;
	if (p->high == 0)
		p->high = 0;
}

static void sample_check_trim(bool symmetric, double low, double high);

/*
 * The first row's trim must be valid; a later row's, the same as the
 * first's.
 */
static void
sample_check_args(FunctionCallInfo fcinfo, const AovValuesParams *was, const AovValuesParams *p)
{
	double		low = p->low;
	double		high = p->high;

	if (was != NULL)
	{
		if (PG_NARGS() == 3)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("trim fraction changed within a group from %s to %s",
							aov_float8_text(was->low), aov_float8_text(low)),
					 errdetail("Every row of a group must have the same trim fraction."),
					 errhint("Pass the trim fraction as a constant.")));
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("trim fractions changed within a group from low %s, high %s to low %s, high %s",
						aov_float8_text(was->low), aov_float8_text(was->high),
						aov_float8_text(low), aov_float8_text(high)),
				 errdetail("Every row of a group must have the same trim fractions."),
				 errhint("Pass the trim fractions as constants.")));
	}
	sample_check_trim(PG_NARGS() == 3, low, high);
}

/* ERROR unless trims low and high (the same when symmetric) are valid. */
static void
sample_check_trim(bool symmetric, double low, double high)
{
	if (symmetric)
	{
		if (!aov_trim_valid(low))
			aov_trim_out_of_range(low, "values");
	}
	else if (!(low >= 0 && high >= 0 && low + high < 1))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("trim fractions low %s and high %s are out of range",
						aov_float8_text(low), aov_float8_text(high)),
				 errdetail("Each trim fraction must be at least 0, and their sum less than 1."),
				 errhint("Use low 0 and high 0.01 to drop only the top 1%% of the values.")));
}

static void
sample_combine_mismatch(const AovValuesParams *a, const AovValuesParams *b)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("cannot combine aov_sample states with different trim fractions"),
			 errdetail("One state trims %g low and %g high, the other %g low and %g high.",
					   a->low, a->high, b->low, b->high)));
}

/* ---------- the type and its transitions ---------- */

AOV_VALUES_TYPE(sample_type, SAMPLE_TYPNAME, sample, "aov_trimmed_mean", AOV_VALUES_APPEND,
				SAMPLE_MAX_VALUES, SAMPLE_MAX_VALUES, false,
				"An integer sample holds special values.");

AOV_VALUES_FUNCTIONS(aov_sample, sample_type)

/* ---------- final ---------- */

/* How a trimmed mean comes out once the special values are accounted for. */
typedef enum TrimOutcome
{
	TRIM_EMPTY,					/* no values: NULL */
	TRIM_SPECIAL,				/* NaN or an infinity, in *special */
	TRIM_FINITE					/* mean of the finite values [*a, *b) */
} TrimOutcome;

/*
 * Position the kept values.  The sort order is -Infinity, the finite values,
 * +Infinity; floor(N*low) values are cut from the bottom and floor(N*high)
 * from the top, by position.  Any NaN makes the result NaN, and infinities
 * left after the cut give what avg() gives: +-Infinity, or NaN for both.
 */
static TrimOutcome
sample_trim(AovValuesState *s, double low, double high, AovSpecial *special,
			int64 *a, int64 *b)
{
	int64		n = aov_values_total(&s->vals);
	int64		total = n + s->vals.npinf + s->vals.nninf;
	int64		kl,
				kh,
				keep_ninf,
				keep_pinf;

	if (s->vals.nnan > 0)
	{
		*special = AOV_NAN;
		return TRIM_SPECIAL;
	}
	if (total == 0)
		return TRIM_EMPTY;
	kl = aov_trim_count(total, low);
	kh = aov_trim_count(total, high);
	keep_ninf = Max(s->vals.nninf - kl, 0);
	keep_pinf = Max(s->vals.npinf - kh, 0);
	if (keep_ninf > 0 || keep_pinf > 0)
	{
		*special = (keep_ninf > 0 && keep_pinf > 0) ? AOV_NAN :
			(keep_pinf > 0 ? AOV_PINF : AOV_NINF);
		return TRIM_SPECIAL;
	}
	*a = Max(kl - s->vals.nninf, 0);
	*b = n - Max(kh - s->vals.npinf, 0);
	Assert(*a < *b);
	return TRIM_FINITE;
}

/*
 * The trimmed mean of s, cutting floor(N*low) and floor(N*high): of a
 * numeric sample exact, divided as avg(numeric) divides; of a float8 or
 * integer sample the correctly rounded double, as float8 or (as_numeric)
 * as a numeric of its shortest digits.  *isnull when there are no values.
 */
static Datum
sample_trimmed_mean(AovValuesState *s, double low, double high, bool as_numeric, bool *isnull)
{
	AovSpecial	special;
	int64		a,
				b;
	AovTrimSum	acc;
	double		d;

	*isnull = false;
	switch (sample_trim(s, low, high, &special, &a, &b))
	{
		case TRIM_EMPTY:
			*isnull = true;
			return (Datum) 0;
		case TRIM_SPECIAL:
			if (as_numeric)
				return NumericGetDatum(aov_numeric_special(special));
			return Float8GetDatum(special == AOV_PINF ? get_float8_infinity() :
								  special == AOV_NINF ? -get_float8_infinity() :
								  get_float8_nan());
		case TRIM_FINITE:
			break;
	}
	aov_trimsum_init(&acc, s->vals.kind);
	aov_values_trimsum(&s->vals, a, b, &acc);
	if (s->vals.kind == AOV_KIND_NUMERIC)
		return aov_trimsum_numeric_div(&acc, b - a, s->vals.scale, s->vals.dscale);
	d = aov_trimsum_double_div(&acc, b - a, 0);
	return as_numeric ? aov_float8_to_numeric(d) : Float8GetDatum(d);
}

/* aggregate final: trimmed mean of a numeric sample, exact */
PG_FUNCTION_INFO_V1(aov_sample_trimmed_mean_numeric);
Datum
aov_sample_trimmed_mean_numeric(PG_FUNCTION_ARGS)
{
	AovValuesState *s = (AovValuesState *) aov_state_for_final(PG_GETARG_DATUM(0),
																&sample_type.state);
	Datum		result;
	bool		isnull;

	if (s->vals.kind != AOV_KIND_NUMERIC)
		aov_values_wrong_kind(SAMPLE_TYPNAME, s->vals.kind, "numeric");
	result = sample_trimmed_mean(s, s->params.low, s->params.high, true, &isnull);
	if (isnull)
		PG_RETURN_NULL();
	PG_RETURN_DATUM(result);
}

/* aggregate final: trimmed mean of a float8 or integer sample, correctly rounded */
PG_FUNCTION_INFO_V1(aov_sample_trimmed_mean_float8);
Datum
aov_sample_trimmed_mean_float8(PG_FUNCTION_ARGS)
{
	AovValuesState *s = (AovValuesState *) aov_state_for_final(PG_GETARG_DATUM(0),
																&sample_type.state);
	Datum		result;
	bool		isnull;

	if (s->vals.kind == AOV_KIND_NUMERIC)
		aov_values_wrong_kind(SAMPLE_TYPNAME, s->vals.kind, "float8");
	result = sample_trimmed_mean(s, s->params.low, s->params.high, false, &isnull);
	if (isnull)
		PG_RETURN_NULL();
	PG_RETURN_DATUM(result);
}

/* ---------- accessors of a sample (the two-step form) ---------- */

/*
 * The accessors return numeric whatever the kind, so that one function
 * serves every column type: a float8 or integer result is the double the
 * one-step aggregate returns, in its shortest digits, so ::float8 gives
 * back the same bits.
 */

static AovValuesState *
sample_arg(FunctionCallInfo fcinfo)
{
	return (AovValuesState *) aov_state_for_final(PG_GETARG_DATUM(0), &sample_type.state);
}

/* The trimmed mean of the sample in argument 0 at the given trims. */
static Datum
sample_accessor_trimmed_mean(FunctionCallInfo fcinfo, double low, double high)
{
	Datum		result;
	bool		isnull;

	/* -0 is 0, as the aggregate's transition folds it */
	sample_check_trim(PG_NARGS() == 2, low == 0 ? 0 : low, high == 0 ? 0 : high);
	result = sample_trimmed_mean(sample_arg(fcinfo), low, high, true, &isnull);
	if (isnull)
		PG_RETURN_NULL();
	PG_RETURN_DATUM(result);
}

/* aov_trimmed_mean(aov_sample, trim): symmetric trimmed mean of a sample */
PG_FUNCTION_INFO_V1(aov_sample_trimmed_mean);
Datum
aov_sample_trimmed_mean(PG_FUNCTION_ARGS)
{
	return sample_accessor_trimmed_mean(fcinfo, PG_GETARG_FLOAT8(1), PG_GETARG_FLOAT8(1));
}

/* aov_trimmed_mean(aov_sample, low, high): asymmetric trimmed mean of a sample */
PG_FUNCTION_INFO_V1(aov_sample_trimmed_mean_asym);
Datum
aov_sample_trimmed_mean_asym(PG_FUNCTION_ARGS)
{
	return sample_accessor_trimmed_mean(fcinfo, PG_GETARG_FLOAT8(1), PG_GETARG_FLOAT8(2));
}

/*
 * aov_median(aov_sample): the middle value or the mean of the two middle
 * ones, as aov_breakdown's medians; in the order -Infinity, finite values,
 * +Infinity, and NaN when any value is NaN.
 */
PG_FUNCTION_INFO_V1(aov_sample_median);
Datum
aov_sample_median(PG_FUNCTION_ARGS)
{
	AovValuesState *s = sample_arg(fcinfo);
	const AovRun *run;
	int64		ninf = s->vals.nninf;
	int64		total;
	int64		ra,
				rb;

	if (s->vals.nnan > 0)
		PG_RETURN_NUMERIC(aov_numeric_special(AOV_NAN));
	run = aov_values_run(&s->vals);
	total = run->total + ninf + s->vals.npinf;
	if (total == 0)
		PG_RETURN_NULL();
	ra = (total - 1) / 2;
	rb = total / 2;
	if (ra >= ninf && rb < ninf + run->total)
		PG_RETURN_DATUM(aov_run_mean_of_ranks(run, s->vals.kind, s->vals.scale, s->vals.dscale,
											  ra - ninf, rb - ninf));
	/* an infinity in the middle: its own, or NaN between -Infinity and +Infinity */
	if (ra < ninf && rb >= ninf + run->total)
		PG_RETURN_NUMERIC(aov_numeric_special(AOV_NAN));
	PG_RETURN_NUMERIC(aov_numeric_special(ra < ninf ? AOV_NINF : AOV_PINF));
}

/* aov_top_values(aov_sample, k): the k most frequent values, as aov_top_values ranks them */
PG_FUNCTION_INFO_V1(aov_sample_top_values);
Datum
aov_sample_top_values(PG_FUNCTION_ARGS)
{
	Datum		top = aov_values_top_array(fcinfo, sample_arg(fcinfo), PG_GETARG_INT32(1), true);

	if (top == (Datum) 0)
		PG_RETURN_NULL();
	PG_RETURN_DATUM(top);
}

/* aov_num_values(aov_sample): the number of non-null values, NaN and infinities included */
PG_FUNCTION_INFO_V1(aov_sample_num_values);
Datum
aov_sample_num_values(PG_FUNCTION_ARGS)
{
	AovValuesState *s = sample_arg(fcinfo);

	PG_RETURN_INT64(aov_values_total(&s->vals) + s->vals.nnan + s->vals.npinf + s->vals.nninf);
}
