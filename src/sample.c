/*
 * sample.c
 *		aov_sample, the state of aov_trimmed_mean: every non-null value of a
 *		group, held exactly.
 *
 * While aggregating, the state is an expanded object (AovSample) living in
 * a memory context shared by the call site's groups, a direct child of the
 * aggregate context (aov_state_context), so that nodeAgg adopts it without
 * copying; adding a row stores eight bytes in a
 * growing array.  It is flattened only when it leaves the process (a parallel
 * worker's partial state, Citus shipping it, storing it in a table).
 *
 * Values are int128 for numeric (scaled by 10^scale, where scale is the
 * largest number of significant decimals seen: 38 digits in all), int64 for
 * integers, or finite doubles, by kind.  The largest display scale seen is
 * kept too, so that the result is shown (and divided) exactly as avg()
 * would show it.  NaN, +Infinity and -Infinity are counted apart: they
 * need no storage, and the infinities sit at known ends of the sort order.
 *
 * Serialized form (flat body, send/recv, and hex-encoded text alike), all
 * fields big-endian:
 *	  0  uint8   format version (1)
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
 *	 56  int64   n, the number of stored finite values
 *	 64  n values: 16-byte int128 for numeric, else 8-byte int64 or float8
 * Invariants, checked by every parse: known version and kind; 0 <= low,
 * 0 <= high, low + high < 1; counts >= 0; doubles finite; integer states
 * hold no special values; length exactly 64 + n * value size.
 *
 * Memory: 8 bytes per non-null value (16 for numeric) plus about 100 bytes
 * per group; the final function needs at most 1/16 of the values again
 * (bracket buffers), usually about 2%.  A flattened partial
 * state is limited to 1 GB, about 134 million values per parallel worker.
 */
#include "postgres.h"

#include <math.h>

#include "fmgr.h"
#include "miscadmin.h"
#include "port/pg_bswap.h"
#include "utils/builtins.h"
#include "utils/expandeddatum.h"
#include "utils/float.h"
#include "utils/memutils.h"
#include "utils/numeric.h"

#include "aov_ext.h"

#define SAMPLE_TYPNAME "aov_sample"
#define SAMPLE_HEADER_SIZE 64

typedef struct AovSample
{
	ExpandedObjectHeader hdr;
	int			kind;
	int32		scale;
	int32		dscale;
	double		low;
	double		high;
	int64		nnan;
	int64		npinf;
	int64		nninf;
	int64		n;
	int64		cap;
	union
	{
		int128	   *w;			/* AOV_KIND_NUMERIC */
		int64	   *i;			/* AOV_KIND_INTEGER */
		double	   *f;			/* AOV_KIND_FLOAT8 */
		void	   *any;
	}			v;
} AovSample;

/* A read-only look at a state, expanded (native values) or flat (packed). */
typedef struct SampleView
{
	int			kind;
	int32		scale;
	int32		dscale;
	double		low;
	double		high;
	int64		nnan;
	int64		npinf;
	int64		nninf;
	int64		n;
	const void *native;			/* values of an expanded object */
	const char *packed;			/* big-endian values of a flat one */
} SampleView;

#define VALUE_SIZE(kind) ((kind) == AOV_KIND_NUMERIC ? sizeof(int128) : sizeof(int64))

static Size sample_get_flat_size(ExpandedObjectHeader *eohptr);
static void sample_flatten_into(ExpandedObjectHeader *eohptr, void *result,
								Size allocated_size);

static const ExpandedObjectMethods sample_methods = {
	sample_get_flat_size,
	sample_flatten_into
};


/* ---------- the expanded object ---------- */

static AovSample *
sample_new(MemoryContext cxt, int kind, int32 scale, double low, double high)
{
	AovSample  *s = MemoryContextAllocZero(cxt, sizeof(AovSample));

	EOH_init_header(&s->hdr, &sample_methods, cxt);
	s->kind = kind;
	s->scale = scale;
	s->dscale = scale;
	s->low = low;
	s->high = high;
	return s;
}

static void
sample_reserve(AovSample *s, int64 extra)
{
	int64		need = s->n + extra;
	int64		newcap;

	if (need <= s->cap)
		return;
	newcap = Max(Max(s->cap * 2, need), 16);
	if (s->v.any == NULL)
		s->v.any = MemoryContextAllocHuge(s->hdr.eoh_context,
										  mul_size(newcap, VALUE_SIZE(s->kind)));
	else
		s->v.any = repalloc_huge(s->v.any, mul_size(newcap, VALUE_SIZE(s->kind)));
	s->cap = newcap;
}

static inline void
sample_push(AovSample *s, int64 bits)
{
	if (unlikely(s->n == s->cap))
		sample_reserve(s, 1);
	s->v.i[s->n++] = bits;
}

static inline void
sample_push_wide(AovSample *s, int128 x)
{
	if (unlikely(s->n == s->cap))
		sample_reserve(s, 1);
	s->v.w[s->n++] = x;
}

/* The read-write expanded state behind d, if d is one of ours. */
static inline AovSample *
sample_rw(Datum d)
{
	struct varlena *v = (struct varlena *) DatumGetPointer(d);

	if (VARATT_IS_EXTERNAL_EXPANDED_RW(v))
	{
		varatt_expanded ptr;

		/* inline DatumGetEOHP: it is an out-of-line call per row */
		memcpy(&ptr, VARDATA_EXTERNAL(v), sizeof(ptr));
		if (ptr.eohptr->eoh_methods == &sample_methods)
			return (AovSample *) ptr.eohptr;
	}
	return NULL;
}

static Size
sample_get_flat_size(ExpandedObjectHeader *eohptr)
{
	AovSample  *s = (AovSample *) eohptr;
	Size		size = VARHDRSZ + SAMPLE_HEADER_SIZE + (Size) s->n * VALUE_SIZE(s->kind);

	if (size > MaxAllocSize)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("aov_sample of " INT64_FORMAT " values is too large to serialize", s->n),
				 errdetail("A serialized aov_sample holds at most %zu values.",
						   (Size) (MaxAllocSize - VARHDRSZ - SAMPLE_HEADER_SIZE) / VALUE_SIZE(s->kind)),
				 errhint("Run the query without parallel workers, or aggregate smaller groups.")));
	return size;
}

static char *
sample_write_header(char *p, const AovSample *s)
{
	p = aov_write_u8(p, AOV_FORMAT_VERSION);
	p = aov_write_u8(p, (uint8) s->kind);
	p = aov_write_u16(p, 0);
	p = aov_write_i32(p, s->scale);
	p = aov_write_i32(p, s->dscale);
	p = aov_write_i32(p, 0);
	p = aov_write_f64(p, s->low);
	p = aov_write_f64(p, s->high);
	p = aov_write_i64(p, s->nnan);
	p = aov_write_i64(p, s->npinf);
	p = aov_write_i64(p, s->nninf);
	p = aov_write_i64(p, s->n);
	return p;
}

static void
sample_flatten_into(ExpandedObjectHeader *eohptr, void *result, Size allocated_size)
{
	AovSample  *s = (AovSample *) eohptr;
	char	   *p = VARDATA(result);
	uint64	   *dst;

	Assert(allocated_size == sample_get_flat_size(eohptr));
	SET_VARSIZE(result, allocated_size);
	p = sample_write_header(p, s);
	dst = (uint64 *) p;			/* VARDATA + 64: 8-byte aligned in a palloc'd chunk */
	if (s->kind == AOV_KIND_NUMERIC)
	{
		for (int64 i = 0; i < s->n; i++)
		{
			dst[2 * i] = pg_hton64((uint64) ((uint128) s->v.w[i] >> 64));
			dst[2 * i + 1] = pg_hton64((uint64) s->v.w[i]);
		}
	}
	else
	{
		for (int64 i = 0; i < s->n; i++)
			dst[i] = pg_hton64((uint64) s->v.i[i]);
	}
}

/* ---------- parsing and viewing ---------- */

static void
sample_parse(const char *body, Size len, SampleView *v)
{
	AovReader	r;
	int			version;

	aov_reader_init(&r, body, len, SAMPLE_TYPNAME);
	version = aov_read_u8(&r);
	if (version != AOV_FORMAT_VERSION)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("unsupported aov_sample format version %d", version),
				 errdetail("This build of aov_ext reads format version %d.", AOV_FORMAT_VERSION)));
	v->kind = aov_read_u8(&r);
	if (v->kind != AOV_KIND_NUMERIC && v->kind != AOV_KIND_FLOAT8 &&
		v->kind != AOV_KIND_INTEGER)
		aov_corrupt(SAMPLE_TYPNAME, "The value kind is unknown.");
	if (aov_read_u16(&r) != 0)
		aov_corrupt(SAMPLE_TYPNAME, "A reserved field is not zero.");
	v->scale = aov_read_i32(&r);
	v->dscale = aov_read_i32(&r);
	if (v->scale < 0 || v->scale > v->dscale || v->dscale > 0x3FFF ||
		(v->dscale != 0 && v->kind != AOV_KIND_NUMERIC))
		aov_corrupt(SAMPLE_TYPNAME, "The scale is out of range.");
	if (aov_read_i32(&r) != 0)
		aov_corrupt(SAMPLE_TYPNAME, "A reserved field is not zero.");
	v->low = aov_read_f64(&r);
	v->high = aov_read_f64(&r);
	if (!(v->low >= 0 && v->high >= 0 && v->low + v->high < 1))
		aov_corrupt(SAMPLE_TYPNAME, "The trim fractions are out of range.");
	v->nnan = aov_read_i64(&r);
	v->npinf = aov_read_i64(&r);
	v->nninf = aov_read_i64(&r);
	v->n = aov_read_i64(&r);
	if (v->nnan < 0 || v->npinf < 0 || v->nninf < 0 || v->n < 0 ||
		v->nnan > PG_INT64_MAX / 4 || v->npinf > PG_INT64_MAX / 4 ||
		v->nninf > PG_INT64_MAX / 4)
		aov_corrupt(SAMPLE_TYPNAME, "A count is out of range.");
	if (v->kind == AOV_KIND_INTEGER && (v->nnan || v->npinf || v->nninf))
		aov_corrupt(SAMPLE_TYPNAME, "An integer sample holds special values.");
#if PG_VERSION_NUM < 140000
	if (v->kind == AOV_KIND_NUMERIC && (v->npinf || v->nninf))
		aov_corrupt(SAMPLE_TYPNAME, "Numeric infinities need PostgreSQL 14 or later.");
#endif
	if ((Size) v->n > (len - r.pos) / VALUE_SIZE(v->kind))
		aov_corrupt(SAMPLE_TYPNAME, "The value is shorter than its header says.");
	v->packed = body + r.pos;
	v->native = NULL;
	r.pos += (Size) v->n * VALUE_SIZE(v->kind);
	aov_reader_end(&r);

	if (v->kind == AOV_KIND_FLOAT8)
	{
		for (int64 i = 0; i < v->n; i++)
		{
			uint64		bits;

			memcpy(&bits, v->packed + i * sizeof(int64), sizeof(bits));
			/* exponent all ones: NaN or infinity, which are never stored */
			if (((pg_ntoh64(bits) >> 52) & 0x7FF) == 0x7FF)
				aov_corrupt(SAMPLE_TYPNAME, "A stored value is not finite.");
		}
	}
}

static void
sample_view_of_expanded(const AovSample *s, SampleView *v)
{
	v->kind = s->kind;
	v->scale = s->scale;
	v->dscale = s->dscale;
	v->low = s->low;
	v->high = s->high;
	v->nnan = s->nnan;
	v->npinf = s->npinf;
	v->nninf = s->nninf;
	v->n = s->n;
	v->native = s->v.any;
	v->packed = NULL;
}

/*
 * A view of any aov_sample datum.  *tofree receives memory to release once
 * the view is no longer needed.
 */
static void
sample_view(Datum d, SampleView *v, void **tofree)
{
	struct varlena *p = (struct varlena *) DatumGetPointer(d);

	*tofree = NULL;
	if (VARATT_IS_EXTERNAL_EXPANDED(p))
	{
		ExpandedObjectHeader *eoh = DatumGetEOHP(d);

		if (eoh->eoh_methods != &sample_methods)
			elog(ERROR, "expanded object is not an aov_sample");
		sample_view_of_expanded((AovSample *) eoh, v);
	}
	else
	{
		const char *body;
		Size		len;

		aov_flat_body(d, &body, &len, tofree);
		sample_parse(body, len, v);
	}
}

/* Value i of a view as int128 (numeric) or as its 64 bits (others). */
static inline int128
view_value(const SampleView *v, int64 i)
{
	uint64		hi,
				lo;

	if (v->kind == AOV_KIND_NUMERIC)
	{
		if (v->native)
			return ((const int128 *) v->native)[i];
		memcpy(&hi, v->packed + 16 * i, 8);
		memcpy(&lo, v->packed + 16 * i + 8, 8);
		return (int128) (((uint128) pg_ntoh64(hi) << 64) | pg_ntoh64(lo));
	}
	if (v->native)
		return ((const int64 *) v->native)[i];
	memcpy(&lo, v->packed + 8 * i, 8);
	return (int64) pg_ntoh64(lo);
}

/* Multiply every stored numeric by 10^(to - s->scale), or fail cleanly. */
static void
sample_raise_scale(AovSample *s, int to)
{
	int			d = to - s->scale;

	Assert(s->kind == AOV_KIND_NUMERIC && d > 0);
	for (int64 i = 0; i < s->n; i++)
	{
		if (!aov_int128_mul_pow10(&s->v.w[i], d))
			aov_numeric_out_of_range("aov_trimmed_mean", to);
		if ((i & 0xFFFFF) == 0)
			CHECK_FOR_INTERRUPTS();
	}
	s->scale = to;
}

/* Append everything a view holds to s (same kind and trim). */
static void
sample_merge(AovSample *s, const SampleView *v)
{
	int			d;

	if (v->kind != s->kind)
		ereport(ERROR,
				(errcode(ERRCODE_DATATYPE_MISMATCH),
				 errmsg("cannot combine aov_sample states of %s and %s values",
						aov_kind_name(s->kind), aov_kind_name(v->kind))));
	if (v->low != s->low || v->high != s->high)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("cannot combine aov_sample states with different trim fractions"),
				 errdetail("One state trims %g low and %g high, the other %g low and %g high.",
						   s->low, s->high, v->low, v->high)));
	if (v->scale > s->scale)
		sample_raise_scale(s, v->scale);
	s->dscale = Max(s->dscale, v->dscale);
	d = s->scale - v->scale;

	s->nnan += v->nnan;
	s->npinf += v->npinf;
	s->nninf += v->nninf;
	sample_reserve(s, v->n);
	if (v->native && d == 0)
		memcpy((char *) s->v.any + s->n * VALUE_SIZE(s->kind), v->native,
			   v->n * VALUE_SIZE(s->kind));
	else if (s->kind == AOV_KIND_NUMERIC)
	{
		for (int64 i = 0; i < v->n; i++)
		{
			int128		x = view_value(v, i);

			if (!aov_int128_mul_pow10(&x, d))
				aov_numeric_out_of_range("aov_trimmed_mean", s->scale);
			s->v.w[s->n + i] = x;
			if ((i & 0xFFFFF) == 0)
				CHECK_FOR_INTERRUPTS();
		}
	}
	else
	{
		for (int64 i = 0; i < v->n; i++)
			s->v.i[s->n + i] = (int64) view_value(v, i);
	}
	s->n += v->n;
}

static AovSample *
sample_from_view(const SampleView *v, MemoryContext parent)
{
	AovSample  *s = sample_new(parent, v->kind, v->scale, v->low, v->high);

	s->dscale = v->dscale;
	sample_merge(s, v);
	return s;
}

/* ---------- transition ---------- */

static char *
float8_text(double x)
{
	return DatumGetCString(DirectFunctionCall1(float8out, Float8GetDatum(x)));
}

/* Read and check the trim arguments (position 2, and 3 when asymmetric). */
static void
sample_params(FunctionCallInfo fcinfo, double *low, double *high)
{
	if (PG_NARGS() == 3)
	{
		double		t;

		if (PG_ARGISNULL(2))
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("trim fraction must not be null"),
					 errhint("Use 0 for the plain mean.")));
		t = PG_GETARG_FLOAT8(2);
		*low = *high = t;
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
}

static void
sample_check_params(FunctionCallInfo fcinfo, double low, double high)
{
	if (PG_NARGS() == 3)
	{
		if (!(low >= 0 && low < 0.5))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("trim fraction %s is out of range", float8_text(low)),
					 errdetail("The trim fraction must be at least 0 and less than 0.5."),
					 errhint("Use 0.05 to drop 5%% of the values at each end.")));
	}
	else if (!(low >= 0 && high >= 0 && low + high < 1))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("trim fractions low %s and high %s are out of range",
						float8_text(low), float8_text(high)),
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
	s = PG_ARGISNULL(0) ? NULL : sample_rw(PG_GETARG_DATUM(0));
	if (unlikely(s == NULL))
	{
		MemoryContext aggcxt;

		aov_check_aggregate(fcinfo, "aov_sample_add", &aggcxt);
		if (PG_ARGISNULL(0))
		{
			sample_check_params(fcinfo, low, high);
			return sample_new(aov_state_context(fcinfo, aggcxt), kind, 0, low, high);
		}
		else
		{
			/* a flat state (not made by this function): expand a copy */
			SampleView	v;
			void	   *tofree;

			sample_view(PG_GETARG_DATUM(0), &v, &tofree);
			s = sample_from_view(&v, aov_state_context(fcinfo, aggcxt));
			if (tofree)
				pfree(tofree);
		}
	}
	if (unlikely(s->kind != kind))
		ereport(ERROR,
				(errcode(ERRCODE_DATATYPE_MISMATCH),
				 errmsg("aov_sample holds %s values, not %s",
						aov_kind_name(s->kind), aov_kind_name(kind))));
	if (unlikely(s->low != low || s->high != high))
	{
		if (PG_NARGS() == 3)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("trim fraction changed within a group from %s to %s",
							float8_text(s->low), float8_text(low)),
					 errdetail("Every row of a group must have the same trim fraction."),
					 errhint("Pass the trim fraction as a constant.")));
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("trim fractions changed within a group from low %s, high %s to low %s, high %s",
						float8_text(s->low), float8_text(s->high),
						float8_text(low), float8_text(high)),
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
					aov_numeric_out_of_range("aov_trimmed_mean", Max(s->scale, effscale));
				if (unlikely(effscale > s->scale))
					sample_raise_scale(s, effscale);
				if (unlikely(dscale > s->dscale))
					s->dscale = dscale;
				if (unlikely(!aov_int128_mul_pow10(&x, s->scale - effscale)))
					aov_numeric_out_of_range("aov_trimmed_mean", s->scale);
				sample_push_wide(s, x);
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
		int64		bits;

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
		{
			memcpy(&bits, &x, sizeof(bits));
			sample_push(s, bits);
		}
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
		sample_push(s, PG_GETARG_INT64(1));
	PG_RETURN_DATUM(EOHPGetRWDatum(&s->hdr));
}

/* aggregate transition: add an integer value */
PG_FUNCTION_INFO_V1(aov_sample_add_int4);
Datum
aov_sample_add_int4(PG_FUNCTION_ARGS)
{
	AovSample  *s = sample_for_add(fcinfo, AOV_KIND_INTEGER);

	if (!PG_ARGISNULL(1))
		sample_push(s, (int64) PG_GETARG_INT32(1));
	PG_RETURN_DATUM(EOHPGetRWDatum(&s->hdr));
}

/* ---------- combine ---------- */

/* aggregate combine: merge two partial samples */
PG_FUNCTION_INFO_V1(aov_sample_combine);
Datum
aov_sample_combine(PG_FUNCTION_ARGS)
{
	MemoryContext aggcxt;
	AovSample  *s;
	SampleView	v;
	void	   *tofree;

	aov_check_aggregate(fcinfo, "aov_sample_combine", &aggcxt);
	if (PG_ARGISNULL(1))
	{
		if (PG_ARGISNULL(0))
			PG_RETURN_NULL();
		PG_RETURN_DATUM(PG_GETARG_DATUM(0));
	}

	/* never hand back or modify the second argument: copy from it */
	sample_view(PG_GETARG_DATUM(1), &v, &tofree);
	s = PG_ARGISNULL(0) ? NULL : sample_rw(PG_GETARG_DATUM(0));
	if (s == NULL && PG_ARGISNULL(0))
		s = sample_from_view(&v, aov_state_context(fcinfo, aggcxt));
	else
	{
		if (s == NULL)
		{
			/* a flat first argument: expand a copy once */
			SampleView	v0;
			void	   *tofree0;

			sample_view(PG_GETARG_DATUM(0), &v0, &tofree0);
			s = sample_from_view(&v0, aov_state_context(fcinfo, aggcxt));
			if (tofree0)
				pfree(tofree0);
		}
		sample_merge(s, &v);
	}
	if (tofree)
		pfree(tofree);
	PG_RETURN_DATUM(EOHPGetRWDatum(&s->hdr));
}

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
	int64		total = s->n + s->npinf + s->nninf;
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
	*b = s->n - Max(kh - s->npinf, 0);
	Assert(*a < *b);
	return TRIM_FINITE;
}

/*
 * The state of a final function's argument, as an expanded object: the
 * aggregate's own (read-only pointer, but ours to reorder), or a private
 * copy when a flat value is passed directly.
 */
static AovSample *
sample_for_final(Datum d)
{
	struct varlena *p = (struct varlena *) DatumGetPointer(d);
	SampleView	v;
	void	   *tofree;
	AovSample  *s;

	if (VARATT_IS_EXTERNAL_EXPANDED(p))
	{
		ExpandedObjectHeader *eoh = DatumGetEOHP(d);

		if (eoh->eoh_methods == &sample_methods)
			return (AovSample *) eoh;
	}
	sample_view(d, &v, &tofree);
	s = sample_from_view(&v, CurrentMemoryContext);
	if (tofree)
		pfree(tofree);
	return s;
}

/* aggregate final: trimmed mean of a numeric sample, exact */
PG_FUNCTION_INFO_V1(aov_sample_trimmed_mean_numeric);
Datum
aov_sample_trimmed_mean_numeric(PG_FUNCTION_ARGS)
{
	AovSample  *s = sample_for_final(PG_GETARG_DATUM(0));
	AovSpecial	special;
	int64		a,
				b;
	AovWideSum	acc = {0, 0};
	Numeric		sum;

	if (s->kind != AOV_KIND_NUMERIC)
		ereport(ERROR,
				(errcode(ERRCODE_DATATYPE_MISMATCH),
				 errmsg("aov_sample holds %s values, not numeric", aov_kind_name(s->kind))));
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
	aov_trimsum_int128(s->v.w, s->n, a, b, &acc);
	sum = aov_widesum_to_numeric(&acc, s->scale, s->dscale);
	PG_RETURN_DATUM(DirectFunctionCall2(numeric_div, NumericGetDatum(sum),
										DirectFunctionCall1(int8_numeric,
															Int64GetDatum(b - a))));
}

/* aggregate final: trimmed mean of a float8 or integer sample, correctly rounded */
PG_FUNCTION_INFO_V1(aov_sample_trimmed_mean_float8);
Datum
aov_sample_trimmed_mean_float8(PG_FUNCTION_ARGS)
{
	AovSample  *s = sample_for_final(PG_GETARG_DATUM(0));
	AovSpecial	special;
	int64		a,
				b;

	if (s->kind == AOV_KIND_NUMERIC)
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
	if (s->kind == AOV_KIND_FLOAT8)
	{
		AovExactSum xs;

		aov_xsum_init(&xs);
		aov_trimsum_float8(s->v.f, s->n, a, b, &xs);
		PG_RETURN_FLOAT8(aov_xsum_mean(&xs, b - a));
	}
	else
	{
		int128		sum = 0;

		aov_trimsum_int64(s->v.i, s->n, a, b, &sum);
		PG_RETURN_FLOAT8(aov_int128_mean(sum, b - a));
	}
}

/* ---------- type I/O ---------- */

static void
sample_validate(const char *body, Size len)
{
	SampleView	v;

	sample_parse(body, len, &v);
}

/* type input: hex text of the serialized form */
PG_FUNCTION_INFO_V1(aov_sample_in);
Datum
aov_sample_in(PG_FUNCTION_ARGS)
{
	return aov_state_in(PG_GETARG_CSTRING(0), SAMPLE_TYPNAME, sample_validate);
}

/* type output: hex text of the serialized form */
PG_FUNCTION_INFO_V1(aov_sample_out);
Datum
aov_sample_out(PG_FUNCTION_ARGS)
{
	PG_RETURN_CSTRING(aov_state_out(PG_GETARG_DATUM(0)));
}

/* type binary input: the serialized form */
PG_FUNCTION_INFO_V1(aov_sample_recv);
Datum
aov_sample_recv(PG_FUNCTION_ARGS)
{
	return aov_state_recv((StringInfo) PG_GETARG_POINTER(0), sample_validate);
}

/* type binary output: the serialized form */
PG_FUNCTION_INFO_V1(aov_sample_send);
Datum
aov_sample_send(PG_FUNCTION_ARGS)
{
	PG_RETURN_BYTEA_P(aov_state_send(PG_GETARG_DATUM(0)));
}
