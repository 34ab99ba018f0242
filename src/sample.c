/*
 * sample.c
 *		aov_sample, the state of aov_trimmed_mean: every non-null value of a
 *		group, held exactly.
 *
 * The state (AovSample) is a multiset of finite values (values.h), the trim
 * fractions, and the NaN, +Infinity and -Infinity counted apart (they need
 * no storage, and the infinities sit at known ends of the sort order).  A
 * row appends eight bytes (sixteen for numeric); flattening sorts them into
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

#include "expanded.h"
#include "format.h"
#include "numeric_scaled.h"
#include "robust.h"
#include "values.h"

#define SAMPLE_TYPNAME "aov_sample"
#define SAMPLE_HEADER_SIZE 56

typedef struct AovSample
{
	ExpandedObjectHeader hdr;
	AovValues	vals;			/* the finite values */
	double		low;			/* fraction trimmed from the bottom */
	double		high;			/* fraction trimmed from the top */
	int64		nnan;			/* NaN values seen */
	int64		npinf;			/* +Infinity values seen */
	int64		nninf;			/* -Infinity values seen */
} AovSample;

/* The header of a serialized sample, and where its values are. */
typedef struct SampleHeader
{
	int			version;
	int			kind;
	int32		scale;
	int32		dscale;
	double		low;
	double		high;
	int64		nnan;
	int64		npinf;
	int64		nninf;
	AovRunView	run;			/* version 2 */
	int64		n;				/* version 1: values in arrival order */
	const char *packed;
} SampleHeader;

AOV_STATE_TYPE(sample_type, SAMPLE_TYPNAME, sample);

/* ---------- the expanded object ---------- */

static AovSample *
sample_new(MemoryContext cxt, int kind, double low, double high)
{
	AovSample  *s = aov_state_new(&sample_type, sizeof(AovSample), cxt);

	aov_values_init(&s->vals, kind, AOV_VALUES_APPEND, cxt);
	s->low = low;
	s->high = high;
	return s;
}

static Size
sample_get_flat_size(ExpandedObjectHeader *eohptr)
{
	AovSample  *s = (AovSample *) eohptr;
	const AovRun *run = aov_values_run(&s->vals);

	return aov_flat_size(SAMPLE_HEADER_SIZE + aov_run_encoded_size(run, s->vals.kind),
						 SAMPLE_TYPNAME);
}

static void
sample_flatten_into(ExpandedObjectHeader *eohptr, void *result, Size allocated_size)
{
	AovSample  *s = (AovSample *) eohptr;
	const AovRun *run = aov_values_run(&s->vals);
	char	   *p = VARDATA(result);

	SET_VARSIZE(result, allocated_size);
	p = aov_write_u8(p, AOV_FORMAT_V2);
	p = aov_write_u8(p, (uint8) s->vals.kind);
	p = aov_write_u16(p, 0);
	p = aov_write_i32(p, s->vals.scale);
	p = aov_write_i32(p, s->vals.dscale);
	p = aov_write_i32(p, 0);
	p = aov_write_f64(p, s->low);
	p = aov_write_f64(p, s->high);
	p = aov_write_i64(p, s->nnan);
	p = aov_write_i64(p, s->npinf);
	p = aov_write_i64(p, s->nninf);
	p = aov_run_encode(p, run, s->vals.kind);
	Assert(p == (char *) result + allocated_size);
}

/* ---------- parsing ---------- */

static void
sample_parse(const char *body, Size len, SampleHeader *h)
{
	AovReader	r;
	int64		max_total;

	memset(h, 0, sizeof(*h));
	aov_reader_init(&r, body, len, SAMPLE_TYPNAME);
	h->version = aov_read_u8(&r);
	if (h->version != AOV_FORMAT_V1 && h->version != AOV_FORMAT_V2)
		aov_bad_version(SAMPLE_TYPNAME, h->version, AOV_FORMAT_V1, AOV_FORMAT_V2);
	h->kind = aov_read_u8(&r);
	if (!aov_kind_valid(h->kind))
		aov_corrupt(SAMPLE_TYPNAME, "The value kind is unknown.");
	if (aov_read_u16(&r) != 0)
		aov_corrupt(SAMPLE_TYPNAME, "A reserved field is not zero.");
	h->scale = aov_read_i32(&r);
	h->dscale = aov_read_i32(&r);
	if (h->scale < 0 || h->scale > h->dscale || h->dscale > AOV_MAX_SCALE ||
		(h->dscale != 0 && h->kind != AOV_KIND_NUMERIC))
		aov_corrupt(SAMPLE_TYPNAME, "The scale is out of range.");
	if (aov_read_i32(&r) != 0)
		aov_corrupt(SAMPLE_TYPNAME, "A reserved field is not zero.");
	h->low = aov_read_f64(&r);
	h->high = aov_read_f64(&r);
	if (!(h->low >= 0 && h->high >= 0 && h->low + h->high < 1))
		aov_corrupt(SAMPLE_TYPNAME, "The trim fractions are out of range.");
	h->nnan = aov_read_i64(&r);
	h->npinf = aov_read_i64(&r);
	h->nninf = aov_read_i64(&r);
	if (h->nnan < 0 || h->npinf < 0 || h->nninf < 0 ||
		h->nnan > PG_INT64_MAX / 4 || h->npinf > PG_INT64_MAX / 4 ||
		h->nninf > PG_INT64_MAX / 4)
		aov_corrupt(SAMPLE_TYPNAME, "A count is out of range.");
	if (h->kind == AOV_KIND_INTEGER && (h->nnan || h->npinf || h->nninf))
		aov_corrupt(SAMPLE_TYPNAME, "An integer sample holds special values.");
#if PG_VERSION_NUM < 140000
	if (h->kind == AOV_KIND_NUMERIC && (h->npinf || h->nninf))
		aov_corrupt(SAMPLE_TYPNAME, "Numeric infinities need PostgreSQL 14 or later.");
#endif
	max_total = PG_INT64_MAX / 4;
	if (h->version == AOV_FORMAT_V2)
		aov_run_parse(&r, h->kind, max_total, &h->run);
	else
	{
		h->n = aov_read_i64(&r);
		if (h->n < 0 || h->n > max_total ||
			(Size) h->n > (len - r.pos) / AOV_VALUE_SIZE(h->kind))
			aov_corrupt(SAMPLE_TYPNAME, "The value is shorter than its header says.");
		h->packed = aov_read_bytes(&r, (Size) h->n * AOV_VALUE_SIZE(h->kind));
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
	aov_reader_end(&r);
}

static void
sample_validate(const char *body, Size len)
{
	SampleHeader h;

	sample_parse(body, len, &h);
}

/* Add the values of a parsed flat sample to s. */
static void
sample_add_parsed(AovSample *s, const SampleHeader *h)
{
	AovValues  *v = &s->vals;

	if (h->kind == AOV_KIND_NUMERIC && h->scale > v->scale)
		aov_values_raise_scale(v, h->scale, "aov_trimmed_mean");
	v->dscale = Max(v->dscale, h->dscale);
	if (h->version == AOV_FORMAT_V2)
	{
		aov_values_add_view(v, &h->run, h->scale, "aov_trimmed_mean");
		return;
	}
	/* version 1: values in arrival order */
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

static void
check_compatible(int kind1, double low1, double high1, int kind2, double low2, double high2)
{
	if (kind1 != kind2)
		ereport(ERROR,
				(errcode(ERRCODE_DATATYPE_MISMATCH),
				 errmsg("cannot combine aov_sample states of %s and %s values",
						aov_kind_name(kind1), aov_kind_name(kind2))));
	if (low1 != low2 || high1 != high2)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("cannot combine aov_sample states with different trim fractions"),
				 errdetail("One state trims %g low and %g high, the other %g low and %g high.",
						   low1, high1, low2, high2)));
}

static ExpandedObjectHeader *
sample_add_expanded(ExpandedObjectHeader *dst, ExpandedObjectHeader *src, MemoryContext cxt)
{
	AovSample  *x = (AovSample *) src;
	AovSample  *s = dst ? (AovSample *) dst : sample_new(cxt, x->vals.kind, x->low, x->high);

	check_compatible(s->vals.kind, s->low, s->high, x->vals.kind, x->low, x->high);
	aov_values_merge(&s->vals, &x->vals, "aov_trimmed_mean");
	s->nnan += x->nnan;
	s->npinf += x->npinf;
	s->nninf += x->nninf;
	return &s->hdr;
}

static ExpandedObjectHeader *
sample_add_flat(ExpandedObjectHeader *dst, const char *body, Size len, MemoryContext cxt)
{
	SampleHeader h;
	AovSample  *s;

	sample_parse(body, len, &h);
	s = dst ? (AovSample *) dst : sample_new(cxt, h.kind, h.low, h.high);
	check_compatible(s->vals.kind, s->low, s->high, h.kind, h.low, h.high);
	sample_add_parsed(s, &h);
	s->nnan += h.nnan;
	s->npinf += h.npinf;
	s->nninf += h.nninf;
	return &s->hdr;
}

/* ---------- transition ---------- */

/* Read the trim arguments (position 2, and 3 when asymmetric). */
static void
sample_params(FunctionCallInfo fcinfo, double *low, double *high)
{
	if (PG_NARGS() == 3)
	{
		if (PG_ARGISNULL(2))
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("trim fraction must not be null"),
					 errhint("Use 0 for the plain mean.")));
		*low = *high = PG_GETARG_FLOAT8(2);
	}
	else
	{
		if (PG_ARGISNULL(2) || PG_ARGISNULL(3))
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("trim fractions must not be null"),
					 errhint("Use 0 for an end that is not to be trimmed.")));
		*low = PG_GETARG_FLOAT8(2);
		*high = PG_GETARG_FLOAT8(3);
	}
	/* -0 is 0: one state, one text form, whatever the row order */
	if (*low == 0)
		*low = 0;
	if (*high == 0)
		*high = 0;
}

static void
sample_check_params(FunctionCallInfo fcinfo, double low, double high)
{
	if (PG_NARGS() == 3)
	{
		if (!(low >= 0 && low < 0.5))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("trim fraction %s is out of range", aov_float8_text(low)),
					 errdetail("The trim fraction must be at least 0 and less than 0.5."),
					 errhint("Use 0.05 to drop 5%% of the values at each end.")));
	}
	else if (!(low >= 0 && high >= 0 && low + high < 1))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("trim fractions low %s and high %s are out of range",
						aov_float8_text(low), aov_float8_text(high)),
				 errdetail("Each trim fraction must be at least 0, and their sum less than 1."),
				 errhint("Use low 0 and high 0.01 to drop only the top 1%% of the values.")));
}

/*
 * The state to add a row to: created on the first row (with its trim
 * checked), otherwise the trim must be the one the group started with.
 */
static AovSample *
sample_for_add(FunctionCallInfo fcinfo, int kind)
{
	AovSample  *s;
	double		low,
				high;

	sample_params(fcinfo, &low, &high);
	s = PG_ARGISNULL(0) ? NULL : (AovSample *) aov_state_rw(PG_GETARG_DATUM(0), &sample_type);
	if (unlikely(s == NULL))
	{
		MemoryContext cxt;

		s = (AovSample *) aov_state_adopt(fcinfo, &sample_type, "_aov_sample_add", &cxt);
		if (s == NULL)
		{
			sample_check_params(fcinfo, low, high);
			return sample_new(cxt, kind, low, high);
		}
	}
	if (unlikely(s->vals.kind != kind))
		ereport(ERROR,
				(errcode(ERRCODE_DATATYPE_MISMATCH),
				 errmsg("aov_sample holds %s values, not %s",
						aov_kind_name(s->vals.kind), aov_kind_name(kind))));
	if (unlikely(s->low != low || s->high != high))
	{
		if (PG_NARGS() == 3)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("trim fraction changed within a group from %s to %s",
							aov_float8_text(s->low), aov_float8_text(low)),
					 errdetail("Every row of a group must have the same trim fraction."),
					 errhint("Pass the trim fraction as a constant.")));
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("trim fractions changed within a group from low %s, high %s to low %s, high %s",
						aov_float8_text(s->low), aov_float8_text(s->high),
						aov_float8_text(low), aov_float8_text(high)),
				 errdetail("Every row of a group must have the same trim fractions."),
				 errhint("Pass the trim fractions as constants.")));
	}
	return s;
}

/* aggregate transition: add a numeric value */
PG_FUNCTION_INFO_V1(aov_sample_add_numeric);
Datum
aov_sample_add_numeric(PG_FUNCTION_ARGS)
{
	AovSample  *s = sample_for_add(fcinfo, AOV_KIND_NUMERIC);
	AovValues  *v = &s->vals;

	if (!PG_ARGISNULL(1))
	{
		int128		x;
		int			effscale;
		int			dscale;
		bool		toobig;

		switch (aov_numeric_decode(PG_GETARG_DATUM(1), &x, &effscale, &dscale, &toobig))
		{
			case AOV_NAN:
				s->nnan++;
				break;
			case AOV_PINF:
				s->npinf++;
				break;
			case AOV_NINF:
				s->nninf++;
				break;
			case AOV_FINITE:
				if (unlikely(toobig))
					aov_numeric_out_of_range("aov_trimmed_mean", Max(v->scale, effscale));
				if (unlikely(effscale > v->scale))
					aov_values_raise_scale(v, effscale, "aov_trimmed_mean");
				if (unlikely(dscale > v->dscale))
					v->dscale = dscale;
				if (unlikely(!aov_int128_mul_pow10(&x, v->scale - effscale)))
					aov_numeric_out_of_range("aov_trimmed_mean", v->scale);
				aov_values_push_wide(v, x);
				break;
		}
	}
	PG_RETURN_DATUM(EOHPGetRWDatum(&s->hdr));
}

/* aggregate transition: add a float8 value */
PG_FUNCTION_INFO_V1(aov_sample_add_float8);
Datum
aov_sample_add_float8(PG_FUNCTION_ARGS)
{
	AovSample  *s = sample_for_add(fcinfo, AOV_KIND_FLOAT8);

	if (!PG_ARGISNULL(1))
	{
		double		x = PG_GETARG_FLOAT8(1);

		if (unlikely(isnan(x)))
			s->nnan++;
		else if (unlikely(isinf(x)))
		{
			if (x > 0)
				s->npinf++;
			else
				s->nninf++;
		}
		else
			aov_values_push_float8(&s->vals, x);
	}
	PG_RETURN_DATUM(EOHPGetRWDatum(&s->hdr));
}

/* aggregate transition: add a bigint value */
PG_FUNCTION_INFO_V1(aov_sample_add_int8);
Datum
aov_sample_add_int8(PG_FUNCTION_ARGS)
{
	AovSample  *s = sample_for_add(fcinfo, AOV_KIND_INTEGER);

	if (!PG_ARGISNULL(1))
		aov_values_push_int64(&s->vals, PG_GETARG_INT64(1));
	PG_RETURN_DATUM(EOHPGetRWDatum(&s->hdr));
}

/* aggregate transition: add an integer value */
PG_FUNCTION_INFO_V1(aov_sample_add_int4);
Datum
aov_sample_add_int4(PG_FUNCTION_ARGS)
{
	AovSample  *s = sample_for_add(fcinfo, AOV_KIND_INTEGER);

	if (!PG_ARGISNULL(1))
		aov_values_push_int64(&s->vals, (int64) PG_GETARG_INT32(1));
	PG_RETURN_DATUM(EOHPGetRWDatum(&s->hdr));
}

/* aggregate combine: merge two partial samples */
AOV_COMBINE_FUNCTION(aov_sample_combine, sample_type, "_aov_sample_combine")

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
sample_trim(AovSample *s, AovSpecial *special, int64 *a, int64 *b)
{
	int64		n = aov_values_total(&s->vals);
	int64		total = n + s->npinf + s->nninf;
	int64		kl,
				kh,
				keep_ninf,
				keep_pinf;

	if (s->nnan > 0)
	{
		*special = AOV_NAN;
		return TRIM_SPECIAL;
	}
	if (total == 0)
		return TRIM_EMPTY;
	kl = aov_trim_count(total, s->low);
	kh = aov_trim_count(total, s->high);
	keep_ninf = Max(s->nninf - kl, 0);
	keep_pinf = Max(s->npinf - kh, 0);
	if (keep_ninf > 0 || keep_pinf > 0)
	{
		*special = (keep_ninf > 0 && keep_pinf > 0) ? AOV_NAN :
			(keep_pinf > 0 ? AOV_PINF : AOV_NINF);
		return TRIM_SPECIAL;
	}
	*a = Max(kl - s->nninf, 0);
	*b = n - Max(kh - s->npinf, 0);
	Assert(*a < *b);
	return TRIM_FINITE;
}

/* aggregate final: trimmed mean of a numeric sample, exact */
PG_FUNCTION_INFO_V1(aov_sample_trimmed_mean_numeric);
Datum
aov_sample_trimmed_mean_numeric(PG_FUNCTION_ARGS)
{
	AovSample  *s = (AovSample *) aov_state_for_final(PG_GETARG_DATUM(0), &sample_type);
	AovSpecial	special;
	int64		a,
				b;
	AovTrimSum	acc;

	if (s->vals.kind != AOV_KIND_NUMERIC)
		ereport(ERROR,
				(errcode(ERRCODE_DATATYPE_MISMATCH),
				 errmsg("aov_sample holds %s values, not numeric", aov_kind_name(s->vals.kind))));
	switch (sample_trim(s, &special, &a, &b))
	{
		case TRIM_EMPTY:
			PG_RETURN_NULL();
		case TRIM_SPECIAL:
			PG_RETURN_NUMERIC(aov_numeric_special(special));
		case TRIM_FINITE:
			break;
	}
	/* the exact sum divided as avg(numeric) divides it */
	aov_trimsum_init(&acc, AOV_KIND_NUMERIC);
	aov_values_trimsum(&s->vals, a, b, &acc);
	PG_RETURN_DATUM(aov_trimsum_numeric_div(&acc, b - a, s->vals.scale, s->vals.dscale));
}

/* aggregate final: trimmed mean of a float8 or integer sample, correctly rounded */
PG_FUNCTION_INFO_V1(aov_sample_trimmed_mean_float8);
Datum
aov_sample_trimmed_mean_float8(PG_FUNCTION_ARGS)
{
	AovSample  *s = (AovSample *) aov_state_for_final(PG_GETARG_DATUM(0), &sample_type);
	AovSpecial	special;
	int64		a,
				b;
	AovTrimSum	acc;

	if (s->vals.kind == AOV_KIND_NUMERIC)
		ereport(ERROR,
				(errcode(ERRCODE_DATATYPE_MISMATCH),
				 errmsg("aov_sample holds numeric values, not float8")));
	switch (sample_trim(s, &special, &a, &b))
	{
		case TRIM_EMPTY:
			PG_RETURN_NULL();
		case TRIM_SPECIAL:
			PG_RETURN_FLOAT8(special == AOV_PINF ? get_float8_infinity() :
							 special == AOV_NINF ? -get_float8_infinity() :
							 get_float8_nan());
		case TRIM_FINITE:
			break;
	}
	aov_trimsum_init(&acc, s->vals.kind);
	aov_values_trimsum(&s->vals, a, b, &acc);
	PG_RETURN_FLOAT8(aov_trimsum_double_div(&acc, b - a, 0));
}

/* ---------- type I/O ---------- */

AOV_TYPE_IO_FUNCTIONS(aov_sample, SAMPLE_TYPNAME, sample_validate)
