/*
 * counts.c
 *		aov_counts, the state of aov_top_values: the distinct values of a
 *		group with their counts.
 *
 * The state (AovCounts) is a multiset of values in COUNT mode (values.h):
 * while aggregating, a keyed hash table from value to count (so chosen
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

#include "expanded.h"
#include "format.h"
#include "numeric_scaled.h"
#include "result.h"
#include "robust.h"
#include "values.h"

#define COUNTS_TYPNAME "aov_counts"
#define COUNTS_HEADER_SIZE 40

typedef struct AovCounts
{
	ExpandedObjectHeader hdr;
	AovValues	vals;			/* the finite values, counted */
	int32		k;				/* how many values to report */
	int64		nnan;			/* NaN values seen */
	int64		npinf;			/* +Infinity values seen */
	int64		nninf;			/* -Infinity values seen */
} AovCounts;

typedef struct CountsHeader
{
	int			version;
	int			kind;
	int32		scale;
	int32		k;
	int32		dscale;
	int64		nnan;
	int64		npinf;
	int64		nninf;
	AovRunView	run;			/* version 2 */
	int64		ndistinct;		/* version 1: packed (value, count) pairs */
	const char *pairs;
} CountsHeader;

AOV_STATE_TYPE(counts_type, COUNTS_TYPNAME, counts);

static AovCounts *
counts_new(MemoryContext cxt, int kind, int32 k)
{
	AovCounts  *c = aov_state_new(&counts_type, sizeof(AovCounts), cxt);

	aov_values_init(&c->vals, kind, AOV_VALUES_COUNT, cxt);
	c->k = k;
	return c;
}

/* ---------- flat form ---------- */

static Size
counts_get_flat_size(ExpandedObjectHeader *eohptr)
{
	AovCounts  *c = (AovCounts *) eohptr;
	const AovRun *run = aov_values_run(&c->vals);

	return aov_flat_size(COUNTS_HEADER_SIZE + aov_run_encoded_size(run, c->vals.kind),
						 COUNTS_TYPNAME);
}

static void
counts_flatten_into(ExpandedObjectHeader *eohptr, void *result, Size allocated_size)
{
	AovCounts  *c = (AovCounts *) eohptr;
	const AovRun *run = aov_values_run(&c->vals);
	char	   *p = VARDATA(result);

	SET_VARSIZE(result, allocated_size);
	p = aov_write_u8(p, AOV_FORMAT_V2);
	p = aov_write_u8(p, (uint8) c->vals.kind);
	p = aov_write_u16(p, 0);
	p = aov_write_i32(p, c->vals.scale);
	p = aov_write_i32(p, c->k);
	p = aov_write_i32(p, c->vals.dscale);
	p = aov_write_i64(p, c->nnan);
	p = aov_write_i64(p, c->npinf);
	p = aov_write_i64(p, c->nninf);
	p = aov_run_encode(p, run, c->vals.kind);
	Assert(p == (char *) result + allocated_size);
}

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
counts_parse(const char *body, Size len, CountsHeader *h)
{
	AovReader	r;
	int64		specials;

	memset(h, 0, sizeof(*h));
	aov_reader_init(&r, body, len, COUNTS_TYPNAME);
	h->version = aov_read_u8(&r);
	if (h->version != AOV_FORMAT_V1 && h->version != AOV_FORMAT_V2)
		aov_bad_version(COUNTS_TYPNAME, h->version, AOV_FORMAT_V1, AOV_FORMAT_V2);
	h->kind = aov_read_u8(&r);
	if (!aov_kind_valid(h->kind))
		aov_corrupt(COUNTS_TYPNAME, "The value kind is unknown.");
	if (aov_read_u16(&r) != 0)
		aov_corrupt(COUNTS_TYPNAME, "A reserved field is not zero.");
	h->scale = aov_read_i32(&r);
	h->k = aov_read_i32(&r);
	if (h->k < 1)
		aov_corrupt(COUNTS_TYPNAME, "The number of values to report is out of range.");
	h->dscale = aov_read_i32(&r);
	if (h->scale < 0 || h->scale > h->dscale || h->dscale > AOV_MAX_SCALE ||
		(h->dscale != 0 && h->kind != AOV_KIND_NUMERIC))
		aov_corrupt(COUNTS_TYPNAME, "The scale is out of range.");
	h->nnan = aov_read_i64(&r);
	h->npinf = aov_read_i64(&r);
	h->nninf = aov_read_i64(&r);
	if (h->nnan < 0 || h->npinf < 0 || h->nninf < 0 ||
		h->nnan > PG_INT64_MAX / 8 || h->npinf > PG_INT64_MAX / 8 ||
		h->nninf > PG_INT64_MAX / 8)
		aov_corrupt(COUNTS_TYPNAME, "A count is out of range.");
	if (h->kind == AOV_KIND_INTEGER && (h->nnan || h->npinf || h->nninf))
		aov_corrupt(COUNTS_TYPNAME, "An integer state holds special values.");
#if PG_VERSION_NUM < 140000
	if (h->kind == AOV_KIND_NUMERIC && (h->npinf || h->nninf))
		aov_corrupt(COUNTS_TYPNAME, "Numeric infinities need PostgreSQL 14 or later.");
#endif
	specials = h->nnan + h->npinf + h->nninf;
	if (h->version == AOV_FORMAT_V2)
		aov_run_parse(&r, h->kind, PG_INT64_MAX / 2 - specials, &h->run);
	else
	{
		int64		total = specials;
		uint64		prev = 0;

		h->ndistinct = aov_read_i64(&r);
		if (h->ndistinct < 0 || (Size) h->ndistinct > (len - r.pos) / 16)
			aov_corrupt(COUNTS_TYPNAME, "The value is shorter than its header says.");
		h->pairs = body + r.pos;
		for (int64 i = 0; i < h->ndistinct; i++)
		{
			uint64		key = (uint64) aov_read_i64(&r);
			int64		count = aov_read_i64(&r);

			if (h->kind == AOV_KIND_FLOAT8)
			{
				double		x;

				memcpy(&x, &key, sizeof(x));
				if (isnan(x) || isinf(x) || key == (UINT64CONST(1) << 63))
					aov_corrupt(COUNTS_TYPNAME, "A stored value is not a finite, canonical float8.");
			}
			if (i > 0 && v1_key_cmp(h->kind, prev, key) >= 0)
				aov_corrupt(COUNTS_TYPNAME, "The stored values are not in strictly increasing order.");
			if (count < 1 || count > PG_INT64_MAX / 2 - total)
				aov_corrupt(COUNTS_TYPNAME, "A count is out of range.");
			total += count;
			prev = key;
		}
	}
	aov_reader_end(&r);
}

static void
counts_validate(const char *body, Size len)
{
	CountsHeader h;

	counts_parse(body, len, &h);
}

static void
check_compatible(int kind1, int32 k1, int kind2, int32 k2)
{
	if (kind1 != kind2)
		ereport(ERROR,
				(errcode(ERRCODE_DATATYPE_MISMATCH),
				 errmsg("cannot combine aov_counts states of %s and %s values",
						aov_kind_name(kind1), aov_kind_name(kind2))));
	if (k1 != k2)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("cannot combine aov_counts states reporting %d and %d values", k1, k2)));
}

static void
counts_add_parsed(AovCounts *c, const CountsHeader *h)
{
	AovValues  *v = &c->vals;

	if (h->kind == AOV_KIND_NUMERIC && h->scale > v->scale)
		aov_values_raise_scale(v, h->scale, "aov_top_values");
	v->dscale = Max(v->dscale, h->dscale);
	c->nnan += h->nnan;
	c->npinf += h->npinf;
	c->nninf += h->nninf;
	if (h->version == AOV_FORMAT_V2)
	{
		aov_values_add_view(v, &h->run, h->scale, "aov_top_values");
		return;
	}
	for (int64 i = 0; i < h->ndistinct; i++)
	{
		uint64		kb,
					cb;
		int128		key;

		memcpy(&kb, h->pairs + 16 * i, 8);
		memcpy(&cb, h->pairs + 16 * i + 8, 8);
		key = (int64) pg_ntoh64(kb);
		if (h->kind == AOV_KIND_NUMERIC && !aov_int128_mul_pow10(&key, v->scale - h->scale))
			aov_numeric_out_of_range("aov_top_values", v->scale);
		aov_values_count_slow(v, key, (int64) pg_ntoh64(cb));
		if ((i & 0xFFFF) == 0)
			CHECK_FOR_INTERRUPTS();
	}
}

static ExpandedObjectHeader *
counts_add_expanded(ExpandedObjectHeader *dst, ExpandedObjectHeader *src, MemoryContext cxt)
{
	AovCounts  *x = (AovCounts *) src;
	AovCounts  *c = dst ? (AovCounts *) dst : counts_new(cxt, x->vals.kind, x->k);

	check_compatible(c->vals.kind, c->k, x->vals.kind, x->k);
	aov_values_merge(&c->vals, &x->vals, "aov_top_values");
	c->nnan += x->nnan;
	c->npinf += x->npinf;
	c->nninf += x->nninf;
	return &c->hdr;
}

static ExpandedObjectHeader *
counts_add_flat(ExpandedObjectHeader *dst, const char *body, Size len, MemoryContext cxt)
{
	CountsHeader h;
	AovCounts  *c;

	counts_parse(body, len, &h);
	c = dst ? (AovCounts *) dst : counts_new(cxt, h.kind, h.k);
	check_compatible(c->vals.kind, c->k, h.kind, h.k);
	counts_add_parsed(c, &h);
	return &c->hdr;
}

/* ---------- transition and combine ---------- */

static AovCounts *
counts_for_add(FunctionCallInfo fcinfo, int kind)
{
	AovCounts  *c;
	int32		k;

	if (PG_ARGISNULL(2))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("number of top values must not be null"),
				 errhint("Use 3 for the three most frequent values.")));
	k = PG_GETARG_INT32(2);
	c = PG_ARGISNULL(0) ? NULL : (AovCounts *) aov_state_rw(PG_GETARG_DATUM(0), &counts_type);
	if (unlikely(c == NULL))
	{
		MemoryContext cxt;

		c = (AovCounts *) aov_state_adopt(fcinfo, &counts_type, "_aov_counts_add", &cxt);
		if (c == NULL)
		{
			if (k < 1)
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						 errmsg("number of top values %d is out of range", k),
						 errdetail("The number of values to report must be at least 1."),
						 errhint("Use 3 for the three most frequent values.")));
			return counts_new(cxt, kind, k);
		}
	}
	if (unlikely(c->vals.kind != kind))
		ereport(ERROR,
				(errcode(ERRCODE_DATATYPE_MISMATCH),
				 errmsg("aov_counts holds %s values, not %s",
						aov_kind_name(c->vals.kind), aov_kind_name(kind))));
	if (unlikely(c->k != k))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("number of top values changed within a group from %d to %d", c->k, k),
				 errhint("Pass the number of values as a constant.")));
	return c;
}

/* aggregate transition: count a numeric value */
PG_FUNCTION_INFO_V1(aov_counts_add_numeric);
Datum
aov_counts_add_numeric(PG_FUNCTION_ARGS)
{
	AovCounts  *c = counts_for_add(fcinfo, AOV_KIND_NUMERIC);
	AovValues  *v = &c->vals;

	if (!PG_ARGISNULL(1))
	{
		int128		x;
		int			effscale;
		int			dscale;
		bool		toobig;

		switch (aov_numeric_decode(PG_GETARG_DATUM(1), &x, &effscale, &dscale, &toobig))
		{
			case AOV_NAN:
				c->nnan++;
				break;
			case AOV_PINF:
				c->npinf++;
				break;
			case AOV_NINF:
				c->nninf++;
				break;
			case AOV_FINITE:
				if (unlikely(toobig))
					aov_numeric_out_of_range("aov_top_values", Max(v->scale, effscale));
				if (unlikely(effscale > v->scale))
					aov_values_raise_scale(v, effscale, "aov_top_values");
				if (unlikely(dscale > v->dscale))
					v->dscale = dscale;
				if (unlikely(!aov_int128_mul_pow10(&x, v->scale - effscale)))
					aov_numeric_out_of_range("aov_top_values", v->scale);
				aov_values_count(v, x);
				break;
		}
	}
	PG_RETURN_DATUM(EOHPGetRWDatum(&c->hdr));
}

/* aggregate transition: count a float8 value */
PG_FUNCTION_INFO_V1(aov_counts_add_float8);
Datum
aov_counts_add_float8(PG_FUNCTION_ARGS)
{
	AovCounts  *c = counts_for_add(fcinfo, AOV_KIND_FLOAT8);

	if (!PG_ARGISNULL(1))
	{
		double		x = PG_GETARG_FLOAT8(1);

		if (isnan(x))
			c->nnan++;
		else if (isinf(x))
		{
			if (x > 0)
				c->npinf++;
			else
				c->nninf++;
		}
		else
		{
			int64		bits;

			if (x == 0)
				x = 0.0;		/* -0 = 0, as float8 equality says */
			memcpy(&bits, &x, sizeof(bits));
			aov_values_count(&c->vals, bits);
		}
	}
	PG_RETURN_DATUM(EOHPGetRWDatum(&c->hdr));
}

/* aggregate transition: count a bigint value */
PG_FUNCTION_INFO_V1(aov_counts_add_int8);
Datum
aov_counts_add_int8(PG_FUNCTION_ARGS)
{
	AovCounts  *c = counts_for_add(fcinfo, AOV_KIND_INTEGER);

	if (!PG_ARGISNULL(1))
		aov_values_count(&c->vals, PG_GETARG_INT64(1));
	PG_RETURN_DATUM(EOHPGetRWDatum(&c->hdr));
}

/* aggregate transition: count an integer value */
PG_FUNCTION_INFO_V1(aov_counts_add_int4);
Datum
aov_counts_add_int4(PG_FUNCTION_ARGS)
{
	AovCounts  *c = counts_for_add(fcinfo, AOV_KIND_INTEGER);

	if (!PG_ARGISNULL(1))
		aov_values_count(&c->vals, (int64) PG_GETARG_INT32(1));
	PG_RETURN_DATUM(EOHPGetRWDatum(&c->hdr));
}

/* aggregate combine: merge two partial counts */
AOV_COMBINE_FUNCTION(aov_counts_combine, counts_type, "_aov_counts_combine")

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
top_value_datum(const AovCounts *c, const AovRun *run, const TopEntry *e)
{
	int			kind = c->vals.kind;

	if (kind == AOV_KIND_NUMERIC)
	{
		if (e->cls != 1)
			return NumericGetDatum(aov_numeric_special(e->cls == 0 ? AOV_NINF :
													   e->cls == 2 ? AOV_PINF : AOV_NAN));
		return NumericGetDatum(aov_int128_to_numeric(run->v.w[e->index], c->vals.scale,
													 c->vals.dscale));
	}
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
 * The k most frequent values with their counts and shares, best first, as
 * an array of the composite type typname (found in the function's own
 * schema, so that a call without an expression tree works).
 */
static Datum
counts_top(FunctionCallInfo fcinfo, int expect_kind, const char *typname)
{
	static const char *const fields[] = {"value", "count", "share"};
	AovCounts  *c = (AovCounts *) aov_state_for_final(PG_GETARG_DATUM(0), &counts_type);
	const AovRun *run;
	int64		total;
	int			k;
	AovTopItem *top;
	TopEntry   *entries;
	int			nentries = 0;
	AovRowType *rt;
	Datum	   *elems;
	int16		typlen;
	bool		typbyval;
	char		typalign;

	if (c->vals.kind != expect_kind)
		ereport(ERROR,
				(errcode(ERRCODE_DATATYPE_MISMATCH),
				 errmsg("aov_counts holds %s values, not %s",
						aov_kind_name(c->vals.kind), aov_kind_name(expect_kind))));
	run = aov_values_run(&c->vals);
	total = run->total + c->nnan + c->npinf + c->nninf;
	if (total == 0)
		PG_RETURN_NULL();

	k = (int) Min((int64) c->k, run->n + 3);
	top = palloc(sizeof(AovTopItem) * Max(k, 1));
	entries = palloc(sizeof(TopEntry) * (k + 3));
	for (int i = 0, n = aov_run_top(run, k, top); i < n; i++)
		entries[nentries++] = (TopEntry) {1, top[i].index, top[i].count};
	if (c->nninf)
		entries[nentries++] = (TopEntry) {0, 0, c->nninf};
	if (c->npinf)
		entries[nentries++] = (TopEntry) {2, 0, c->npinf};
	if (c->nnan)
		entries[nentries++] = (TopEntry) {3, 0, c->nnan};
	qsort(entries, nentries, sizeof(TopEntry), top_entry_cmp);
	nentries = Min(nentries, k);

	rt = aov_named_row(fcinfo, typname, fields, 3);
	elems = palloc(sizeof(Datum) * Max(nentries, 1));
	for (int i = 0; i < nentries; i++)
	{
		Datum		values[3];
		bool		nulls[3] = {false, false, false};

		values[0] = top_value_datum(c, run, &entries[i]);
		values[1] = Int64GetDatum(entries[i].count);
		values[2] = Float8GetDatum((double) entries[i].count / (double) total);
		elems[i] = aov_row_form(rt, values, nulls);
	}
	get_typlenbyvalalign(rt->typid, &typlen, &typbyval, &typalign);
	PG_RETURN_ARRAYTYPE_P(construct_array(elems, nentries, rt->typid, typlen, typbyval, typalign));
}

/* aggregate final: the top values of a numeric column */
PG_FUNCTION_INFO_V1(aov_counts_top_numeric);
Datum
aov_counts_top_numeric(PG_FUNCTION_ARGS)
{
	return counts_top(fcinfo, AOV_KIND_NUMERIC, "aov_top_numeric");
}

/* aggregate final: the top values of a float8 column */
PG_FUNCTION_INFO_V1(aov_counts_top_float8);
Datum
aov_counts_top_float8(PG_FUNCTION_ARGS)
{
	return counts_top(fcinfo, AOV_KIND_FLOAT8, "aov_top_float8");
}

/* aggregate final: the top values of an integer or bigint column */
PG_FUNCTION_INFO_V1(aov_counts_top_bigint);
Datum
aov_counts_top_bigint(PG_FUNCTION_ARGS)
{
	return counts_top(fcinfo, AOV_KIND_INTEGER, "aov_top_bigint");
}

/* ---------- type I/O ---------- */

AOV_TYPE_IO_FUNCTIONS(aov_counts, COUNTS_TYPNAME, counts_validate)
