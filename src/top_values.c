/*
 * top_values.c
 *		aov_counts, the state of aov_top_values: the distinct values of a
 *		group with their counts.
 *
 * While aggregating, the state is an expanded object (in the call site's
 * shared state context, see aov_state_context) holding an open-
 * addressing hash table (linear probing, power-of-two size, at most 70%
 * full) from a value's 64 bits to its count; a count of 0 marks an empty
 * slot.  Values are int64 (numeric scaled by 10^scale, where scale is the
 * largest number of significant decimals seen, so 1.5 and 1.50 are one
 * value; or integers) or doubles with -0 folded into 0, by kind.  Numeric
 * values are shown with the largest display scale seen.  NaN, +Infinity
 * and -Infinity are counted apart.
 *
 * Serialized form (flat body, send/recv, and hex-encoded text alike), all
 * fields big-endian:
 *	  0  uint8   format version (1)
 *	  1  uint8   kind (1 numeric, 2 float8, 3 integer)
 *	  2  uint16  reserved, 0
 *	  4  int32   scale (numeric: decimals of the stored integers; else 0)
 *	  8  int32   k, the number of values to report
 *	 12  int32   display scale (numeric: >= scale; else 0)
 *	 16  int64   number of NaN values
 *	 24  int64   number of +Infinity values
 *	 32  int64   number of -Infinity values
 *	 40  int64   d, the number of distinct finite values
 *	 48  d x 16 bytes: (value int64 or float8, count int64), values strictly
 *				 increasing, counts >= 1
 * The strict order makes the serialized form canonical: the same multiset
 * always serializes to the same bytes, so text output round-trips exactly.
 *
 * Memory: about 32 bytes per distinct value (the table is kept at most 70%
 * full and doubles when it grows), plus about 100 bytes per group; the
 * final function needs O(k) more.
 */
#include "postgres.h"

#include <math.h>

#include "catalog/pg_type.h"
#include "access/htup_details.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "port/pg_bswap.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/expandeddatum.h"
#include "utils/float.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/numeric.h"
#include "utils/typcache.h"

#include "aov_ext.h"

#define COUNTS_TYPNAME "aov_counts"
#define COUNTS_HEADER_SIZE 48

typedef struct AovCounts
{
	ExpandedObjectHeader hdr;
	int			kind;
	int32		scale;
	int32		dscale;
	int32		k;
	int64		nnan;
	int64		npinf;
	int64		nninf;
	int64		ndistinct;
	int64		size;			/* slots, a power of two (0 before the first) */
	uint64	   *keys;
	int64	   *counts;			/* 0 marks an empty slot */
} AovCounts;

/* One distinct value with its count, for sorting and ranking. */
typedef struct CountEntry
{
	uint64		key;
	int64		count;
} CountEntry;

/* Read-only look at a flat state. */
typedef struct CountsView
{
	int			kind;
	int32		scale;
	int32		dscale;
	int32		k;
	int64		nnan;
	int64		npinf;
	int64		nninf;
	int64		ndistinct;
	const char *pairs;			/* packed big-endian pairs */
} CountsView;

static Size counts_get_flat_size(ExpandedObjectHeader *eohptr);
static void counts_flatten_into(ExpandedObjectHeader *eohptr, void *result,
								Size allocated_size);

static const ExpandedObjectMethods counts_methods = {
	counts_get_flat_size,
	counts_flatten_into
};

/* ---------- hash table ---------- */

static AovCounts *
counts_new(MemoryContext cxt, int kind, int32 scale, int32 k)
{
	AovCounts  *c = MemoryContextAllocZero(cxt, sizeof(AovCounts));

	EOH_init_header(&c->hdr, &counts_methods, cxt);
	c->kind = kind;
	c->scale = scale;
	c->dscale = scale;
	c->k = k;
	return c;
}

static void counts_resize(AovCounts *c, int64 size);

static inline void
counts_add(AovCounts *c, uint64 key, int64 count)
{
	uint64		mask;
	uint64		i;

	if (unlikely((c->ndistinct + 1) * 10 > c->size * 7))
		counts_resize(c, c->size ? c->size * 2 : 16);
	mask = (uint64) c->size - 1;
	i = aov_hash64(key) & mask;
	while (c->counts[i] != 0)
	{
		if (c->keys[i] == key)
		{
			c->counts[i] += count;
			return;
		}
		i = (i + 1) & mask;
	}
	c->keys[i] = key;
	c->counts[i] = count;
	c->ndistinct++;
}

static void
counts_resize(AovCounts *c, int64 size)
{
	uint64	   *oldkeys = c->keys;
	int64	   *oldcounts = c->counts;
	int64		oldsize = c->size;

	c->keys = MemoryContextAllocHuge(c->hdr.eoh_context, mul_size(size, sizeof(uint64)));
	c->counts = MemoryContextAllocHuge(c->hdr.eoh_context, mul_size(size, sizeof(int64)));
	memset(c->counts, 0, size * sizeof(int64));
	c->size = size;
	c->ndistinct = 0;
	for (int64 i = 0; i < oldsize; i++)
	{
		if (oldcounts[i] != 0)
			counts_add(c, oldkeys[i], oldcounts[i]);
	}
	if (oldkeys)
	{
		pfree(oldkeys);
		pfree(oldcounts);
	}
}

/* Multiply every numeric key by 10^(to - scale): the table is rebuilt. */
static void
counts_raise_scale(AovCounts *c, int to)
{
	int			d = to - c->scale;
	uint64	   *oldkeys = c->keys;
	int64	   *oldcounts = c->counts;
	int64		oldsize = c->size;

	Assert(c->kind == AOV_KIND_NUMERIC && d > 0);
	c->keys = NULL;
	c->counts = NULL;
	c->size = 0;
	c->ndistinct = 0;
	for (int64 i = 0; i < oldsize; i++)
	{
		int64		x = (int64) oldkeys[i];

		if (oldcounts[i] == 0)
			continue;
		if (x != 0 && (d > 18 || !aov_rescale_int64(&x, x, 0, d)))
			aov_numeric_out_of_range("aov_top_values", to);
		counts_add(c, (uint64) x, oldcounts[i]);
		CHECK_FOR_INTERRUPTS();
	}
	c->scale = to;
	if (oldkeys)
	{
		pfree(oldkeys);
		pfree(oldcounts);
	}
}

static inline AovCounts *
counts_rw(Datum d)
{
	struct varlena *v = (struct varlena *) DatumGetPointer(d);

	if (VARATT_IS_EXTERNAL_EXPANDED_RW(v))
	{
		varatt_expanded ptr;

		memcpy(&ptr, VARDATA_EXTERNAL(v), sizeof(ptr));
		if (ptr.eohptr->eoh_methods == &counts_methods)
			return (AovCounts *) ptr.eohptr;
	}
	return NULL;
}

/* ---------- ordering of values ---------- */

static inline int
key_cmp(int kind, uint64 a, uint64 b)
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

static int	sort_kind;			/* qsort has no argument: set just before */

static int
entry_key_cmp(const void *a, const void *b)
{
	return key_cmp(sort_kind, ((const CountEntry *) a)->key,
				   ((const CountEntry *) b)->key);
}

/* The distinct finite values in increasing order (palloc'd). */
static CountEntry *
counts_sorted(const AovCounts *c)
{
	CountEntry *e = palloc_extended(Max(c->ndistinct, 1) * sizeof(CountEntry),
									MCXT_ALLOC_HUGE);
	int64		j = 0;

	for (int64 i = 0; i < c->size; i++)
	{
		if (c->counts[i] != 0)
		{
			e[j].key = c->keys[i];
			e[j].count = c->counts[i];
			j++;
		}
	}
	Assert(j == c->ndistinct);
	sort_kind = c->kind;
	qsort(e, j, sizeof(CountEntry), entry_key_cmp);
	return e;
}

/* ---------- flat form ---------- */

static Size
counts_get_flat_size(ExpandedObjectHeader *eohptr)
{
	AovCounts  *c = (AovCounts *) eohptr;
	Size		size = VARHDRSZ + COUNTS_HEADER_SIZE + (Size) c->ndistinct * 16;

	if (size > MaxAllocSize)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("aov_counts of " INT64_FORMAT " distinct values is too large to serialize",
						c->ndistinct),
				 errhint("Run the query without parallel workers, or aggregate smaller groups.")));
	return size;
}

static void
counts_flatten_into(ExpandedObjectHeader *eohptr, void *result, Size allocated_size)
{
	AovCounts  *c = (AovCounts *) eohptr;
	char	   *p = VARDATA(result);
	CountEntry *e;

	Assert(allocated_size == counts_get_flat_size(eohptr));
	SET_VARSIZE(result, allocated_size);
	p = aov_write_u8(p, AOV_FORMAT_VERSION);
	p = aov_write_u8(p, (uint8) c->kind);
	p = aov_write_u16(p, 0);
	p = aov_write_i32(p, c->scale);
	p = aov_write_i32(p, c->k);
	p = aov_write_i32(p, c->dscale);
	p = aov_write_i64(p, c->nnan);
	p = aov_write_i64(p, c->npinf);
	p = aov_write_i64(p, c->nninf);
	p = aov_write_i64(p, c->ndistinct);
	e = counts_sorted(c);
	for (int64 i = 0; i < c->ndistinct; i++)
	{
		p = aov_write_i64(p, (int64) e[i].key);
		p = aov_write_i64(p, e[i].count);
	}
	pfree(e);
}

static void
counts_parse(const char *body, Size len, CountsView *v)
{
	AovReader	r;
	int			version;
	int64		total;
	uint64		prev = 0;

	aov_reader_init(&r, body, len, COUNTS_TYPNAME);
	version = aov_read_u8(&r);
	if (version != AOV_FORMAT_VERSION)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("unsupported aov_counts format version %d", version),
				 errdetail("This build of aov_ext reads format version %d.", AOV_FORMAT_VERSION)));
	v->kind = aov_read_u8(&r);
	if (v->kind != AOV_KIND_NUMERIC && v->kind != AOV_KIND_FLOAT8 &&
		v->kind != AOV_KIND_INTEGER)
		aov_corrupt(COUNTS_TYPNAME, "The value kind is unknown.");
	if (aov_read_u16(&r) != 0)
		aov_corrupt(COUNTS_TYPNAME, "A reserved field is not zero.");
	v->scale = aov_read_i32(&r);
	v->k = aov_read_i32(&r);
	if (v->k < 1)
		aov_corrupt(COUNTS_TYPNAME, "The number of values to report is out of range.");
	v->dscale = aov_read_i32(&r);
	if (v->scale < 0 || v->scale > v->dscale || v->dscale > 0x3FFF ||
		(v->dscale != 0 && v->kind != AOV_KIND_NUMERIC))
		aov_corrupt(COUNTS_TYPNAME, "The scale is out of range.");
	v->nnan = aov_read_i64(&r);
	v->npinf = aov_read_i64(&r);
	v->nninf = aov_read_i64(&r);
	v->ndistinct = aov_read_i64(&r);
	if (v->nnan < 0 || v->npinf < 0 || v->nninf < 0 || v->ndistinct < 0 ||
		v->nnan > PG_INT64_MAX / 8 || v->npinf > PG_INT64_MAX / 8 ||
		v->nninf > PG_INT64_MAX / 8)
		aov_corrupt(COUNTS_TYPNAME, "A count is out of range.");
	if (v->kind == AOV_KIND_INTEGER && (v->nnan || v->npinf || v->nninf))
		aov_corrupt(COUNTS_TYPNAME, "An integer state holds special values.");
#if PG_VERSION_NUM < 140000
	if (v->kind == AOV_KIND_NUMERIC && (v->npinf || v->nninf))
		aov_corrupt(COUNTS_TYPNAME, "Numeric infinities need PostgreSQL 14 or later.");
#endif
	if ((Size) v->ndistinct > (len - r.pos) / 16)
		aov_corrupt(COUNTS_TYPNAME, "The value is shorter than its header says.");
	v->pairs = body + r.pos;
	total = v->nnan + v->npinf + v->nninf;
	for (int64 i = 0; i < v->ndistinct; i++)
	{
		uint64		key = (uint64) aov_read_i64(&r);
		int64		count = aov_read_i64(&r);

		if (v->kind == AOV_KIND_FLOAT8)
		{
			double		x;

			memcpy(&x, &key, sizeof(x));
			if (isnan(x) || isinf(x) || key == (UINT64CONST(1) << 63))
				aov_corrupt(COUNTS_TYPNAME, "A stored value is not a finite, canonical float8.");
		}
		if (i > 0 && key_cmp(v->kind, prev, key) >= 0)
			aov_corrupt(COUNTS_TYPNAME, "The stored values are not in strictly increasing order.");
		if (count < 1 || count > PG_INT64_MAX / 2 - total)
			aov_corrupt(COUNTS_TYPNAME, "A count is out of range.");
		total += count;
		prev = key;
	}
	aov_reader_end(&r);
}

static void
counts_merge_view(AovCounts *c, const CountsView *v)
{
	int			d;

	if (v->kind != c->kind)
		ereport(ERROR,
				(errcode(ERRCODE_DATATYPE_MISMATCH),
				 errmsg("cannot combine aov_counts states of %s and %s values",
						aov_kind_name(c->kind), aov_kind_name(v->kind))));
	if (v->k != c->k)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("cannot combine aov_counts states reporting %d and %d values",
						c->k, v->k)));
	if (v->scale > c->scale)
		counts_raise_scale(c, v->scale);
	c->dscale = Max(c->dscale, v->dscale);
	d = c->scale - v->scale;
	c->nnan += v->nnan;
	c->npinf += v->npinf;
	c->nninf += v->nninf;
	for (int64 i = 0; i < v->ndistinct; i++)
	{
		uint64		kb,
					cb;
		int64		key;

		memcpy(&kb, v->pairs + 16 * i, 8);
		memcpy(&cb, v->pairs + 16 * i + 8, 8);
		key = (int64) pg_ntoh64(kb);
		if (d > 0 && key != 0 && !aov_rescale_int64(&key, key, 0, d))
			aov_numeric_out_of_range("aov_top_values", c->scale);
		counts_add(c, (uint64) key, (int64) pg_ntoh64(cb));
		if ((i & 0xFFFF) == 0)
			CHECK_FOR_INTERRUPTS();
	}
}

static void
counts_merge(AovCounts *dst, const AovCounts *src)
{
	if (src->kind != dst->kind || src->k != dst->k)
	{
		/* reuse the checks and their messages */
		CountsView	v = {src->kind, src->scale, src->dscale, src->k, 0, 0, 0, 0, NULL};

		counts_merge_view(dst, &v);
	}
	if (src->scale > dst->scale)
		counts_raise_scale(dst, src->scale);
	dst->dscale = Max(dst->dscale, src->dscale);
	dst->nnan += src->nnan;
	dst->npinf += src->npinf;
	dst->nninf += src->nninf;
	for (int64 i = 0; i < src->size; i++)
	{
		int64		key = (int64) src->keys[i];

		if (src->counts[i] == 0)
			continue;
		if (dst->scale > src->scale && key != 0 &&
			!aov_rescale_int64(&key, key, 0, dst->scale - src->scale))
			aov_numeric_out_of_range("aov_top_values", dst->scale);
		counts_add(dst, (uint64) key, src->counts[i]);
		if ((i & 0xFFFF) == 0)
			CHECK_FOR_INTERRUPTS();
	}
}

/* Any aov_counts datum as an expanded object in parent (a new copy). */
static AovCounts *
counts_copy(Datum d, MemoryContext parent)
{
	struct varlena *p = (struct varlena *) DatumGetPointer(d);
	AovCounts  *c;

	if (VARATT_IS_EXTERNAL_EXPANDED(p))
	{
		AovCounts  *src = (AovCounts *) DatumGetEOHP(d);

		if (src->hdr.eoh_methods != &counts_methods)
			elog(ERROR, "expanded object is not an aov_counts");
		c = counts_new(parent, src->kind, src->scale, src->k);
		counts_merge(c, src);
	}
	else
	{
		const char *body;
		Size		len;
		void	   *tofree;
		CountsView	v;

		aov_flat_body(d, &body, &len, &tofree);
		counts_parse(body, len, &v);
		c = counts_new(parent, v.kind, v.scale, v.k);
		counts_merge_view(c, &v);
		if (tofree)
			pfree(tofree);
	}
	return c;
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
	c = PG_ARGISNULL(0) ? NULL : counts_rw(PG_GETARG_DATUM(0));
	if (unlikely(c == NULL))
	{
		MemoryContext aggcxt;

		aov_check_aggregate(fcinfo, "aov_counts_add", &aggcxt);
		if (PG_ARGISNULL(0))
		{
			if (k < 1)
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						 errmsg("number of top values %d is out of range", k),
						 errdetail("The number of values to report must be at least 1."),
						 errhint("Use 3 for the three most frequent values.")));
			return counts_new(aov_state_context(fcinfo, aggcxt), kind, 0, k);
		}
		c = counts_copy(PG_GETARG_DATUM(0), aov_state_context(fcinfo, aggcxt));
	}
	if (unlikely(c->kind != kind))
		ereport(ERROR,
				(errcode(ERRCODE_DATATYPE_MISMATCH),
				 errmsg("aov_counts holds %s values, not %s",
						aov_kind_name(c->kind), aov_kind_name(kind))));
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

	if (!PG_ARGISNULL(1))
	{
		int128		u;
		int			effscale;
		int			dscale;
		bool		toobig;
		int64		x;

		switch (aov_numeric_decode(PG_GETARG_DATUM(1), &u, &effscale, &dscale, &toobig))
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
					aov_numeric_out_of_range("aov_top_values", Max(c->scale, effscale));
				if (unlikely(effscale > c->scale))
					counts_raise_scale(c, effscale);
				if (unlikely(dscale > c->dscale))
					c->dscale = dscale;
				if (unlikely(!aov_rescale_int64(&x, u, effscale, c->scale)))
					aov_numeric_out_of_range("aov_top_values", c->scale);
				counts_add(c, (uint64) x, 1);
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
		uint64		key;

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
			if (x == 0)
				x = 0.0;		/* -0 = 0, as float8 equality says */
			memcpy(&key, &x, sizeof(key));
			counts_add(c, key, 1);
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
		counts_add(c, (uint64) PG_GETARG_INT64(1), 1);
	PG_RETURN_DATUM(EOHPGetRWDatum(&c->hdr));
}

/* aggregate transition: count an integer value */
PG_FUNCTION_INFO_V1(aov_counts_add_int4);
Datum
aov_counts_add_int4(PG_FUNCTION_ARGS)
{
	AovCounts  *c = counts_for_add(fcinfo, AOV_KIND_INTEGER);

	if (!PG_ARGISNULL(1))
		counts_add(c, (uint64) (int64) PG_GETARG_INT32(1), 1);
	PG_RETURN_DATUM(EOHPGetRWDatum(&c->hdr));
}

/* aggregate combine: merge two partial counts */
PG_FUNCTION_INFO_V1(aov_counts_combine);
Datum
aov_counts_combine(PG_FUNCTION_ARGS)
{
	MemoryContext aggcxt;
	AovCounts  *c;

	aov_check_aggregate(fcinfo, "aov_counts_combine", &aggcxt);
	if (PG_ARGISNULL(1))
	{
		if (PG_ARGISNULL(0))
			PG_RETURN_NULL();
		PG_RETURN_DATUM(PG_GETARG_DATUM(0));
	}
	if (PG_ARGISNULL(0))
		c = counts_copy(PG_GETARG_DATUM(1), aov_state_context(fcinfo, aggcxt));
	else
	{
		AovCounts  *src;
		struct varlena *p1 = (struct varlena *) DatumGetPointer(PG_GETARG_DATUM(1));

		c = counts_rw(PG_GETARG_DATUM(0));
		if (c == NULL)
			c = counts_copy(PG_GETARG_DATUM(0), aov_state_context(fcinfo, aggcxt));
		if (VARATT_IS_EXTERNAL_EXPANDED(p1) &&
			(src = (AovCounts *) DatumGetEOHP(PG_GETARG_DATUM(1)))->hdr.eoh_methods == &counts_methods)
			counts_merge(c, src);
		else
		{
			const char *body;
			Size		len;
			void	   *tofree;
			CountsView	v;

			aov_flat_body(PG_GETARG_DATUM(1), &body, &len, &tofree);
			counts_parse(body, len, &v);
			counts_merge_view(c, &v);
			if (tofree)
				pfree(tofree);
		}
	}
	PG_RETURN_DATUM(EOHPGetRWDatum(&c->hdr));
}

/* ---------- final ---------- */

/* A candidate for the top k: class orders -Infinity < finite < +Infinity < NaN. */
typedef struct TopEntry
{
	int			cls;
	uint64		key;
	int64		count;
} TopEntry;

/* true when a ranks before b: more frequent, then the smaller value */
static inline bool
top_before(int kind, const TopEntry *a, const TopEntry *b)
{
	if (a->count != b->count)
		return a->count > b->count;
	if (a->cls != b->cls)
		return a->cls < b->cls;
	return key_cmp(kind, a->key, b->key) < 0;
}

/* Min-heap on rank: the root is the weakest of the current top k. */
static void
heap_sift_down(int kind, TopEntry *h, int n, int i)
{
	for (;;)
	{
		int			l = 2 * i + 1;
		int			r = l + 1;
		int			w = i;
		TopEntry	t;

		if (l < n && top_before(kind, &h[w], &h[l]))
			w = l;
		if (r < n && top_before(kind, &h[w], &h[r]))
			w = r;
		if (w == i)
			return;
		t = h[i];
		h[i] = h[w];
		h[w] = t;
		i = w;
	}
}

static void
heap_offer(int kind, TopEntry *h, int *n, int k, const TopEntry *e)
{
	if (*n < k)
	{
		int			i = (*n)++;

		h[i] = *e;
		/* sift up */
		while (i > 0)
		{
			int			p = (i - 1) / 2;
			TopEntry	t;

			if (!top_before(kind, &h[p], &h[i]))
				break;
			t = h[p];
			h[p] = h[i];
			h[i] = t;
			i = p;
		}
	}
	else if (top_before(kind, e, &h[0]))
	{
		h[0] = *e;
		heap_sift_down(kind, h, *n, 0);
	}
}

static int	rank_kind;

static int
top_rank_cmp(const void *a, const void *b)
{
	const TopEntry *x = a;
	const TopEntry *y = b;

	if (top_before(rank_kind, x, y))
		return -1;
	if (top_before(rank_kind, y, x))
		return 1;
	return 0;
}

static Datum
top_value_datum(int kind, int32 scale, int32 dscale, const TopEntry *e)
{
	double		x;

	if (kind == AOV_KIND_NUMERIC)
	{
		if (e->cls != 1)
			return NumericGetDatum(aov_numeric_special(e->cls == 0 ? AOV_NINF :
													   e->cls == 2 ? AOV_PINF : AOV_NAN));
		return NumericGetDatum(aov_int128_to_numeric((int64) e->key, scale, dscale));
	}
	if (kind == AOV_KIND_INTEGER)
		return Int64GetDatum((int64) e->key);
	if (e->cls == 0)
		x = -get_float8_infinity();
	else if (e->cls == 2)
		x = get_float8_infinity();
	else if (e->cls == 3)
		x = get_float8_nan();
	else
		memcpy(&x, &e->key, sizeof(x));
	return Float8GetDatum(x);
}

static Datum
counts_top(FunctionCallInfo fcinfo, int expect_kind)
{
	Datum		d = PG_GETARG_DATUM(0);
	struct varlena *p = (struct varlena *) DatumGetPointer(d);
	AovCounts  *c;
	int64		total;
	int			k;
	TopEntry   *heap;
	int			nheap = 0;
	Oid			rettype;
	Oid			elemtype;
	TupleDesc	tupdesc;
	Datum	   *elems;
	int16		typlen;
	bool		typbyval;
	char		typalign;

	if (VARATT_IS_EXTERNAL_EXPANDED(p) &&
		DatumGetEOHP(d)->eoh_methods == &counts_methods)
		c = (AovCounts *) DatumGetEOHP(d);
	else
		c = counts_copy(d, CurrentMemoryContext);

	if (c->kind != expect_kind &&
		!(expect_kind == AOV_KIND_INTEGER && c->kind == AOV_KIND_INTEGER))
		ereport(ERROR,
				(errcode(ERRCODE_DATATYPE_MISMATCH),
				 errmsg("aov_counts holds %s values, not %s",
						aov_kind_name(c->kind), aov_kind_name(expect_kind))));

	total = c->nnan + c->npinf + c->nninf;
	for (int64 i = 0; i < c->size; i++)
		total += c->counts[i];
	if (total == 0)
		PG_RETURN_NULL();

	k = (int) Min((int64) c->k, c->ndistinct + 3);
	heap = palloc(sizeof(TopEntry) * k);
	for (int64 i = 0; i < c->size; i++)
	{
		if (c->counts[i] != 0)
		{
			TopEntry	e = {1, c->keys[i], c->counts[i]};

			heap_offer(c->kind, heap, &nheap, k, &e);
		}
		if ((i & 0xFFFF) == 0)
			CHECK_FOR_INTERRUPTS();
	}
	if (c->nninf)
	{
		TopEntry	e = {0, 0, c->nninf};

		heap_offer(c->kind, heap, &nheap, k, &e);
	}
	if (c->npinf)
	{
		TopEntry	e = {2, 0, c->npinf};

		heap_offer(c->kind, heap, &nheap, k, &e);
	}
	if (c->nnan)
	{
		TopEntry	e = {3, 0, c->nnan};

		heap_offer(c->kind, heap, &nheap, k, &e);
	}
	rank_kind = c->kind;
	qsort(heap, nheap, sizeof(TopEntry), top_rank_cmp);

	rettype = get_fn_expr_rettype(fcinfo->flinfo);
	elemtype = OidIsValid(rettype) ? get_element_type(rettype) : InvalidOid;
	if (!OidIsValid(elemtype))
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("could not determine the result type of the aov_counts final function")));
	tupdesc = lookup_rowtype_tupdesc_copy(elemtype, -1);
	tupdesc = BlessTupleDesc(tupdesc);
	elems = palloc(sizeof(Datum) * nheap);
	for (int i = 0; i < nheap; i++)
	{
		Datum		values[3];
		bool		nulls[3] = {false, false, false};

		values[0] = top_value_datum(c->kind, c->scale, c->dscale, &heap[i]);
		values[1] = Int64GetDatum(heap[i].count);
		values[2] = Float8GetDatum((double) heap[i].count / (double) total);
		elems[i] = HeapTupleGetDatum(heap_form_tuple(tupdesc, values, nulls));
	}
	get_typlenbyvalalign(elemtype, &typlen, &typbyval, &typalign);
	PG_RETURN_ARRAYTYPE_P(construct_array(elems, nheap, elemtype, typlen, typbyval, typalign));
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

/* ---------- type I/O ---------- */

static void
counts_validate(const char *body, Size len)
{
	CountsView	v;

	counts_parse(body, len, &v);
}

/* type input: hex text of the serialized form */
PG_FUNCTION_INFO_V1(aov_counts_in);
Datum
aov_counts_in(PG_FUNCTION_ARGS)
{
	return aov_state_in(PG_GETARG_CSTRING(0), COUNTS_TYPNAME, counts_validate);
}

/* type output: hex text of the serialized form */
PG_FUNCTION_INFO_V1(aov_counts_out);
Datum
aov_counts_out(PG_FUNCTION_ARGS)
{
	PG_RETURN_CSTRING(aov_state_out(PG_GETARG_DATUM(0)));
}

/* type binary input: the serialized form */
PG_FUNCTION_INFO_V1(aov_counts_recv);
Datum
aov_counts_recv(PG_FUNCTION_ARGS)
{
	return aov_state_recv((StringInfo) PG_GETARG_POINTER(0), counts_validate);
}

/* type binary output: the serialized form */
PG_FUNCTION_INFO_V1(aov_counts_send);
Datum
aov_counts_send(PG_FUNCTION_ARGS)
{
	PG_RETURN_BYTEA_P(aov_state_send(PG_GETARG_DATUM(0)));
}
