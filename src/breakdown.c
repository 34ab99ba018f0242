/*
 * breakdown.c
 *		aov_summary, the state of aov_breakdown and the storable summary of
 *		aov_summary / aov_rollup: AOV split into unit price x items per order.
 *
 * One summary describes a set of orders (revenue r, items q, customer id):
 *	- exact part, always present: order count, zero-item order count, guest
 *	  (NULL customer) order count, exact sums of r (int128 at a decimal scale
 *	  for numeric, a superaccumulator for float8) and of q, the guests' share
 *	  of the revenue sum, and, when customer ids were given, the set of
 *	  distinct ids.  All of it merges exactly, so it rolls up (days into
 *	  months) without loss.
 *	- detail, present for aov_breakdown and for aov_summary(..., trim): every
 *	  order's revenue, items and per-order unit price, from which the trimmed
 *	  means, medians and most frequent values are computed at the end.  Detail
 *	  merges exactly too, but costs memory in proportion to the orders.
 *
 * aov_test_stats reduces a summary with detail to what a two-sample test
 * needs (the estimate of each figure, its variance and degrees of freedom;
 * see src/stats.c), reading the values in place, and aov_compare compares
 * two such records: diagnose_aov_drop never has to copy per-order values.
 *
 * Per-order unit price p = r / q (orders with q = 0 have none): for float8
 * revenue the double quotient; for numeric revenue r / q rounded half away
 * from zero to 4 decimals beyond r's display scale (19.99 / 3 = 6.663333), so
 * that equal prices compare equal and p can be reproduced in SQL as
 * round(r / q, scale(r) + 4).
 *
 * While aggregating, a summary is an expanded object (AovSummary) in the call
 * site's shared state context (aov_state_context); a row costs two exact
 * additions, a hash probe for the customer and three array stores.
 *
 * Serialized form (flat body, send/recv, and hex-encoded text alike), all
 * fields big-endian:
 *	  0  uint8   format version (1)
 *	  1  uint8   flags: 1 customer ids given, 2 detail present
 *	  2  uint8   revenue kind (1 numeric, 2 float8)
 *	  3  uint8   items kind (1 numeric, 3 integer)
 *	  4  int32   revenue scale (numeric: decimals of the stored integers)
 *	  8  int32   revenue display scale
 *	 12  int32   items scale
 *	 16  int32   items display scale
 *	 20  int32   reserved, 0
 *	 24  float8  trim fraction (detail only; else 0)
 *	 32  int64   orders
 *	 40  int64   orders with zero items
 *	 48  int64   guest orders (NULL customer id)
 *	 56  int64   c, the number of distinct customer ids
 *	 64  revenue sum, then the guests' revenue sum: numeric: int128 (high,
 *		 low int64) and a carry int64 counting 2^128s; float8: 72 int64
 *		 chunks, chunk i weighing 2^(32i - 1074), all but the last in
 *		 [0, 2^32)
 *	 ..  items sum: int128 and carry, as above
 *	 ..  c customer ids, int64, strictly increasing
 *	 ..  detail only, three vectors (revenue, items, unit price), each:
 *		 int32 scale, int32 display scale, int64 n, then n values: 16-byte
 *		 int128 for numeric kinds, else 8-byte int64 or float8
 * Invariants, checked by every parse: known version, flags and kinds;
 * counts >= 0, zero-item and guest orders <= orders, customers <= orders -
 * guest orders; no customers or guests without the customer flag; the
 * vectors hold orders, orders and orders - zero-item orders values, at the
 * sums' scales; doubles finite; length exact.
 *
 * Memory: about 2 kB per group (the exact sums, allocator rounding
 * included), plus 11-23 bytes per distinct customer (a hash table at most
 * 70% full, doubling as it grows), plus with detail 40 bytes per order for
 * numeric revenue (16 revenue, 8 or 16 items, 16 unit price) or 24 for
 * float8 revenue with integer items; growing arrays double, so allow up to
 * twice that while aggregating.  The final step counts the distinct values
 * of each measure in a hash table (24 bytes per slot, at most 70% full).
 */
#include "postgres.h"

#include <math.h>

#include "access/htup_details.h"
#include "catalog/pg_type.h"
#include "common/shortest_dec.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "port/pg_bswap.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/expandeddatum.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/numeric.h"
#include "utils/typcache.h"

#include "aov_ext.h"

#define SUMMARY_TYPNAME "aov_summary"
#define SUMMARY_HEADER_SIZE 64

#define SUM_HAS_CUSTOMERS 0x01
#define SUM_HAS_DETAIL 0x02

/* trim fraction of aov_breakdown when none is given */
#define DEFAULT_TRIM 0.05
/* decimals a numeric unit price carries beyond the revenue's display scale */
#define PRICE_EXTRA_SCALE 4
/* most frequent values reported per measure */
#define TOP_K 3
/* the largest display scale a numeric can carry (numeric.c: NUMERIC_DSCALE_MAX) */
#define MAX_SCALE 0x3FFF

/* The values of one per-order measure. */
typedef struct AovVec
{
	int			kind;
	int32		scale;			/* numeric: decimals of the stored integers */
	int32		dscale;			/* numeric: display scale of the inputs */
	int64		n;
	int64		cap;
	union
	{
		int128	   *w;			/* AOV_KIND_NUMERIC */
		int64	   *i;			/* AOV_KIND_INTEGER */
		double	   *f;			/* AOV_KIND_FLOAT8 */
		void	   *any;
	}			v;
} AovVec;

/*
 * Distinct customer ids: open addressing, 0 marks an empty slot.  Once the
 * table outgrows the CPU caches, a probe is a cache miss; ids are then
 * queued and inserted IDSET_BATCH at a time, after prefetching their slots,
 * so that the misses overlap.  Readers call idset_flush first.
 */
#define IDSET_BATCH 64
#define IDSET_BATCH_FROM (1 << 16)	/* slots (512 kB) before batching pays */

typedef struct AovIdSet
{
	uint64	   *keys;
	int64		size;			/* a power of two, or 0 */
	int64		used;			/* nonzero ids in keys */
	bool		has_zero;		/* id 0 seen */
	int			npending;
	uint64	   *pending;		/* IDSET_BATCH queued ids, once batching */
} AovIdSet;

typedef struct AovSummary
{
	ExpandedObjectHeader hdr;
	uint8		flags;
	uint8		rkind;			/* AOV_KIND_NUMERIC or AOV_KIND_FLOAT8 */
	uint8		ikind;			/* AOV_KIND_NUMERIC or AOV_KIND_INTEGER */
	double		trim;
	int64		orders;
	int64		zero_orders;
	int64		guest_orders;
	int32		rscale;
	int32		rdscale;
	AovWideSum	rsum;			/* numeric revenue */
	AovWideSum	guest_rsum;
	AovExactSum rxsum;			/* float8 revenue */
	AovExactSum guest_rxsum;
	int32		iscale;
	int32		idscale;
	AovWideSum	isum;
	AovIdSet	ids;
	AovVec		rev;
	AovVec		qty;
	AovVec		price;
} AovSummary;

/* A read-only look at a vector: native values, or packed big-endian ones. */
typedef struct VecView
{
	int			kind;
	int32		scale;
	int32		dscale;
	int64		n;
	const void *native;
	const char *packed;
} VecView;

/* A read-only look at any summary, expanded or flat. */
typedef struct SummaryView
{
	uint8		flags;
	uint8		rkind;
	uint8		ikind;
	double		trim;
	int64		orders;
	int64		zero_orders;
	int64		guest_orders;
	int64		ncustomers;
	int32		rscale;
	int32		rdscale;
	AovWideSum	rsum;
	AovWideSum	guest_rsum;
	AovExactSum rxsum;
	AovExactSum guest_rxsum;
	int32		iscale;
	int32		idscale;
	AovWideSum	isum;
	const AovIdSet *ids;		/* expanded source */
	const char *packed_ids;		/* flat source */
	VecView		rev;
	VecView		qty;
	VecView		price;
} SummaryView;

#define VALUE_SIZE(kind) ((kind) == AOV_KIND_NUMERIC ? sizeof(int128) : sizeof(int64))
#define WIDE_SIZE 24
#define XSUM_SIZE (AOV_XSUM_CHUNKS * 8)

static Size summary_get_flat_size(ExpandedObjectHeader *eohptr);
static void summary_flatten_into(ExpandedObjectHeader *eohptr, void *result,
								 Size allocated_size);

static const ExpandedObjectMethods summary_methods = {
	summary_get_flat_size,
	summary_flatten_into
};


/* ---------- exact sums ---------- */

static void
widesum_add_wide(AovWideSum *dst, const AovWideSum *src)
{
	aov_widesum_add(dst, src->lo);
	dst->carry += src->carry;
}

static void
widesum_sub_wide(AovWideSum *dst, const AovWideSum *src)
{
	int128		r;

	/* a wrapped difference is off by one 2^128, the other way from a sum's */
	if (__builtin_sub_overflow(dst->lo, src->lo, &r))
		dst->carry += src->lo > 0 ? -1 : 1;
	dst->lo = r;
	dst->carry -= src->carry;
}

/* *s *= 10^d, or false if the product leaves the range we can hold. */
static bool
widesum_mul_pow10(AovWideSum *s, int d)
{
	if (d == 0 || (s->lo == 0 && s->carry == 0))
		return true;
	if (s->carry != 0)
		return false;
	return aov_int128_mul_pow10(&s->lo, d);
}

static void
xsum_add_xsum(AovExactSum *dst, const AovExactSum *src, bool negate)
{
	for (int i = 0; i < AOV_XSUM_CHUNKS; i++)
		dst->chunk[i] += negate ? -src->chunk[i] : src->chunk[i];
	/* both were normalized or nearly so: one propagation restores room */
	aov_xsum_carry(dst);
}

/* The correctly rounded value of sum / m for any nonzero m. */
static double
xsum_div(const AovExactSum *sum, int128 m)
{
	AovExactSum tmp = *sum;
	bool		neg = m < 0;
	double		r;

	if (neg)
		m = -m;
	Assert(m > 0 && m <= PG_INT64_MAX);
	r = aov_xsum_mean(&tmp, (int64) m);
	return neg ? -r : r;
}

/* ---------- numeric and float8 results ---------- */

/* shortest digits, whatever extra_float_digits says */
static char *
float8_text(double x)
{
	char	   *buf = palloc(DOUBLE_SHORTEST_DECIMAL_LEN);

	double_to_shortest_decimal_buf(x, buf);
	return buf;
}


static Datum
int64_numeric(int64 v)
{
	return DirectFunctionCall1(int8_numeric, Int64GetDatum(v));
}

static Datum
numeric_ratio(Datum a, Datum b)
{
	return DirectFunctionCall2(numeric_div, a, b);
}

/*
 * A double as the numeric with the shortest digits that read back as it.
 * Only a sum can leave the double range (the exact sum of finite doubles
 * can exceed it): an error, as sum(float8) gives, rather than Infinity.
 */
static Datum
float8_to_numeric(double x)
{
	char		buf[DOUBLE_SHORTEST_DECIMAL_LEN];

	if (unlikely(isinf(x)))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("aov_breakdown: float8 revenue out of range"),
				 errdetail("The exact revenue sum exceeds the largest float8."),
				 errhint("Cast the revenue to numeric.")));

	double_to_shortest_decimal_buf(x, buf);
	return DirectFunctionCall3(numeric_in, CStringGetDatum(buf),
							   ObjectIdGetDatum(InvalidOid), Int32GetDatum(-1));
}

/* v * 10^-scale, shown with at least dscale decimals but never rounded. */
static Datum
scaled_to_numeric(int128 v, int scale, int dscale)
{
	while (scale > 0 && v % 10 == 0)
	{
		v /= 10;
		scale--;
	}
	return NumericGetDatum(aov_int128_to_numeric(v, scale, Max(scale, dscale)));
}

static Datum
sum_to_numeric(const AovWideSum *s, int scale, int dscale)
{
	return NumericGetDatum(aov_widesum_to_numeric(s, scale, Max(scale, dscale)));
}

/* ---------- vectors ---------- */

static void
vec_init(AovVec *v, int kind)
{
	memset(v, 0, sizeof(*v));
	v->kind = kind;
}

static void
vec_reserve(AovVec *v, MemoryContext cxt, int64 extra)
{
	int64		need = v->n + extra;
	int64		newcap;

	if (need <= v->cap)
		return;
	newcap = Max(Max(v->cap * 2, need), 16);
	if (v->v.any == NULL)
		v->v.any = MemoryContextAllocHuge(cxt, mul_size(newcap, VALUE_SIZE(v->kind)));
	else
		v->v.any = repalloc_huge(v->v.any, mul_size(newcap, VALUE_SIZE(v->kind)));
	v->cap = newcap;
}

static void
vec_free(AovVec *v)
{
	if (v->v.any)
		pfree(v->v.any);
	v->v.any = NULL;
	v->n = v->cap = 0;
}

/* Multiply every stored numeric by 10^(to - v->scale), or fail cleanly. */
static void
vec_raise_scale(AovVec *v, int to, const char *what)
{
	int			d = to - v->scale;

	Assert(v->kind == AOV_KIND_NUMERIC && d > 0);
	for (int64 i = 0; i < v->n; i++)
	{
		if (!aov_int128_mul_pow10(&v->v.w[i], d))
			aov_numeric_out_of_range(what, to);
		if ((i & 0xFFFFF) == 0)
			CHECK_FOR_INTERRUPTS();
	}
	v->scale = to;
}

static inline int128
vecview_value(const VecView *v, int64 i)
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

static void
vec_view(const AovVec *v, VecView *out)
{
	out->kind = v->kind;
	out->scale = v->scale;
	out->dscale = v->dscale;
	out->n = v->n;
	out->native = v->v.any;
	out->packed = NULL;
}

/* Append a view's values to v (same kind), raising scales as needed. */
static void
vec_merge(AovVec *v, MemoryContext cxt, const VecView *src, const char *what)
{
	int			d;

	Assert(v->kind == src->kind);
	if (src->scale > v->scale)
		vec_raise_scale(v, src->scale, what);
	v->dscale = Max(v->dscale, src->dscale);
	d = v->scale - src->scale;
	vec_reserve(v, cxt, src->n);
	if (src->native && d == 0)
		memcpy((char *) v->v.any + v->n * VALUE_SIZE(v->kind), src->native,
			   src->n * VALUE_SIZE(v->kind));
	else if (v->kind == AOV_KIND_NUMERIC)
	{
		for (int64 i = 0; i < src->n; i++)
		{
			int128		x = vecview_value(src, i);

			if (!aov_int128_mul_pow10(&x, d))
				aov_numeric_out_of_range(what, v->scale);
			v->v.w[v->n + i] = x;
			if ((i & 0xFFFFF) == 0)
				CHECK_FOR_INTERRUPTS();
		}
	}
	else
	{
		for (int64 i = 0; i < src->n; i++)
			v->v.i[v->n + i] = (int64) vecview_value(src, i);
	}
	v->n += src->n;
}

/* ---------- customer id set ---------- */

static void
idset_grow(AovIdSet *s, MemoryContext cxt)
{
	int64		newsize = s->size ? s->size * 2 : 64;
	uint64	   *old = s->keys;
	int64		oldsize = s->size;
	uint64		mask = (uint64) newsize - 1;

	s->keys = MemoryContextAllocExtended(cxt, mul_size(newsize, sizeof(uint64)),
										 MCXT_ALLOC_HUGE | MCXT_ALLOC_ZERO);
	s->size = newsize;
	for (int64 i = 0; i < oldsize; i++)
	{
		uint64		k = old[i];
		uint64		j;

		if (k == 0)
			continue;
		j = aov_hash64(k) & mask;
		while (s->keys[j] != 0)
			j = (j + 1) & mask;
		s->keys[j] = k;
	}
	if (old)
		pfree(old);
}

static inline void
idset_insert(AovIdSet *s, uint64 id, uint64 j)
{
	uint64		mask = (uint64) s->size - 1;

	while (s->keys[j] != 0)
	{
		if (s->keys[j] == id)
			return;
		j = (j + 1) & mask;
	}
	s->keys[j] = id;
	s->used++;
}

/* Insert the queued ids. */
static void
idset_flush(AovIdSet *s, MemoryContext cxt)
{
	uint64		slot[IDSET_BATCH];
	uint64		mask;

	if (s->npending == 0)
		return;
	/* room for all of them, as if every one were new */
	while ((s->used + s->npending) * 10 > s->size * 7)
		idset_grow(s, cxt);
	mask = (uint64) s->size - 1;
	for (int i = 0; i < s->npending; i++)
	{
		slot[i] = aov_hash64(s->pending[i]) & mask;
		__builtin_prefetch(&s->keys[slot[i]]);
	}
	for (int i = 0; i < s->npending; i++)
		idset_insert(s, s->pending[i], slot[i]);
	s->npending = 0;
}

static inline void
idset_add(AovIdSet *s, MemoryContext cxt, uint64 id)
{
	if (id == 0)
	{
		s->has_zero = true;
		return;
	}
	if (s->pending)
	{
		s->pending[s->npending++] = id;
		if (unlikely(s->npending == IDSET_BATCH))
			idset_flush(s, cxt);
		return;
	}
	/* keep the table at most 70% full */
	if (unlikely((s->used + 1) * 10 > s->size * 7))
	{
		idset_grow(s, cxt);
		if (s->size >= IDSET_BATCH_FROM)
			s->pending = MemoryContextAlloc(cxt, IDSET_BATCH * sizeof(uint64));
	}
	idset_insert(s, id, aov_hash64(id) & ((uint64) s->size - 1));
}

/* The number of distinct ids (queued ones must have been flushed). */
static inline int64
idset_count(const AovIdSet *s)
{
	Assert(s->npending == 0);
	return s->used + (s->has_zero ? 1 : 0);
}

static int
cmp_id(const void *a, const void *b)
{
	int64		x = *(const int64 *) a;
	int64		y = *(const int64 *) b;

	return (x > y) - (x < y);
}

/* ---------- the expanded object ---------- */

static AovSummary *
summary_new(MemoryContext parent, uint8 flags, int rkind, int ikind, double trim)
{
	AovSummary *s = MemoryContextAllocZero(parent, sizeof(AovSummary));

	EOH_init_header(&s->hdr, &summary_methods, parent);
	s->flags = flags;
	s->rkind = (uint8) rkind;
	s->ikind = (uint8) ikind;
	s->trim = (flags & SUM_HAS_DETAIL) ? trim : 0;
	vec_init(&s->rev, rkind);
	vec_init(&s->qty, ikind);
	vec_init(&s->price, rkind);
	return s;
}

static inline AovSummary *
summary_rw(Datum d)
{
	struct varlena *v = (struct varlena *) DatumGetPointer(d);

	if (VARATT_IS_EXTERNAL_EXPANDED_RW(v))
	{
		varatt_expanded ptr;

		/* inline DatumGetEOHP: it is an out-of-line call per row */
		memcpy(&ptr, VARDATA_EXTERNAL(v), sizeof(ptr));
		if (ptr.eohptr->eoh_methods == &summary_methods)
			return (AovSummary *) ptr.eohptr;
	}
	return NULL;
}

static Size
summary_flat_size(const AovSummary *s)
{
	Size		size = VARHDRSZ + SUMMARY_HEADER_SIZE;

	size += s->rkind == AOV_KIND_NUMERIC ? 2 * WIDE_SIZE : 2 * XSUM_SIZE;
	size += WIDE_SIZE;
	size = add_size(size, mul_size(idset_count(&s->ids), sizeof(int64)));
	if (s->flags & SUM_HAS_DETAIL)
	{
		const AovVec *vecs[3] = {&s->rev, &s->qty, &s->price};

		for (int i = 0; i < 3; i++)
			size = add_size(size, add_size(16, mul_size(vecs[i]->n,
														VALUE_SIZE(vecs[i]->kind))));
	}
	return size;
}

static Size
summary_get_flat_size(ExpandedObjectHeader *eohptr)
{
	AovSummary *s = (AovSummary *) eohptr;
	Size		size;

	idset_flush(&s->ids, s->hdr.eoh_context);
	size = summary_flat_size(s);

	if (size > MaxAllocSize)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("aov_summary of " INT64_FORMAT " orders is too large to serialize",
						s->orders),
				 errdetail("A serialized aov_summary is limited to 1 GB; with per-order detail that is about 25 million orders."),
				 errhint("Run the query without parallel workers, aggregate smaller groups, or use aov_summary without a trim argument, which keeps no per-order values.")));
	return size;
}

static char *
write_wide(char *p, const AovWideSum *w)
{
	p = aov_write_i64(p, (int64) ((uint128) w->lo >> 64));
	p = aov_write_i64(p, (int64) (uint64) w->lo);
	return aov_write_i64(p, w->carry);
}

static char *
write_xsum(char *p, const AovExactSum *x)
{
	AovExactSum tmp = *x;

	aov_xsum_carry(&tmp);
	for (int i = 0; i < AOV_XSUM_CHUNKS; i++)
		p = aov_write_i64(p, tmp.chunk[i]);
	return p;
}

static char *
write_vec(char *p, const AovVec *v)
{
	p = aov_write_i32(p, v->scale);
	p = aov_write_i32(p, v->dscale);
	p = aov_write_i64(p, v->n);
	if (v->kind == AOV_KIND_NUMERIC)
	{
		for (int64 i = 0; i < v->n; i++)
		{
			p = aov_write_i64(p, (int64) ((uint128) v->v.w[i] >> 64));
			p = aov_write_i64(p, (int64) (uint64) v->v.w[i]);
		}
	}
	else
	{
		for (int64 i = 0; i < v->n; i++)
			p = aov_write_i64(p, v->v.i[i]);
	}
	return p;
}

static void
summary_flatten_into(ExpandedObjectHeader *eohptr, void *result, Size allocated_size)
{
	AovSummary *s = (AovSummary *) eohptr;
	char	   *p = VARDATA(result);
	int64		nids;
	int64	   *ids;
	int64		k = 0;

	idset_flush(&s->ids, s->hdr.eoh_context);
	nids = idset_count(&s->ids);

	Assert(allocated_size == summary_flat_size(s));
	SET_VARSIZE(result, allocated_size);
	p = aov_write_u8(p, AOV_FORMAT_VERSION);
	p = aov_write_u8(p, s->flags);
	p = aov_write_u8(p, s->rkind);
	p = aov_write_u8(p, s->ikind);
	p = aov_write_i32(p, s->rscale);
	p = aov_write_i32(p, s->rdscale);
	p = aov_write_i32(p, s->iscale);
	p = aov_write_i32(p, s->idscale);
	p = aov_write_i32(p, 0);
	p = aov_write_f64(p, s->trim);
	p = aov_write_i64(p, s->orders);
	p = aov_write_i64(p, s->zero_orders);
	p = aov_write_i64(p, s->guest_orders);
	p = aov_write_i64(p, nids);
	if (s->rkind == AOV_KIND_NUMERIC)
	{
		p = write_wide(p, &s->rsum);
		p = write_wide(p, &s->guest_rsum);
	}
	else
	{
		p = write_xsum(p, &s->rxsum);
		p = write_xsum(p, &s->guest_rxsum);
	}
	p = write_wide(p, &s->isum);

	/* ids in increasing order, so that equal sets serialize alike */
	ids = palloc_extended(Max(nids, 1) * sizeof(int64), MCXT_ALLOC_HUGE);
	if (s->ids.has_zero)
		ids[k++] = 0;
	for (int64 i = 0; i < s->ids.size; i++)
	{
		if (s->ids.keys[i] != 0)
			ids[k++] = (int64) s->ids.keys[i];
	}
	Assert(k == nids);
	qsort(ids, nids, sizeof(int64), cmp_id);
	for (int64 i = 0; i < nids; i++)
		aov_write_i64(p + 8 * i, ids[i]);
	pfree(ids);
	p += nids * sizeof(int64);

	if (s->flags & SUM_HAS_DETAIL)
	{
		p = write_vec(p, &s->rev);
		p = write_vec(p, &s->qty);
		p = write_vec(p, &s->price);
	}
	Assert(p == (char *) result + allocated_size);
}

/* ---------- parsing and viewing ---------- */

static void
read_wide(AovReader *r, AovWideSum *w)
{
	uint64		hi = (uint64) aov_read_i64(r);
	uint64		lo = (uint64) aov_read_i64(r);

	w->lo = (int128) (((uint128) hi << 64) | lo);
	w->carry = aov_read_i64(r);
	/* sums of < 2^63 values below 2^127 need fewer than 2^62 carries */
	if (w->carry > PG_INT64_MAX / 4 || w->carry < -(PG_INT64_MAX / 4))
		aov_corrupt(SUMMARY_TYPNAME, "A sum is out of range.");
}

static void
read_xsum(AovReader *r, AovExactSum *x)
{
	for (int i = 0; i < AOV_XSUM_CHUNKS; i++)
	{
		x->chunk[i] = aov_read_i64(r);
		if (i < AOV_XSUM_CHUNKS - 1 ? (x->chunk[i] < 0 || x->chunk[i] > PG_UINT32_MAX)
			: (x->chunk[i] > PG_UINT32_MAX || x->chunk[i] < -(int64) PG_UINT32_MAX))
			aov_corrupt(SUMMARY_TYPNAME, "A float8 sum is not normalized.");
	}
	x->pending = 0;
}

static void
read_vec(AovReader *r, VecView *v, int kind, const char *body)
{
	v->kind = kind;
	v->scale = aov_read_i32(r);
	v->dscale = aov_read_i32(r);
	v->n = aov_read_i64(r);
	if (v->scale < 0 || v->dscale < 0 || v->dscale > MAX_SCALE ||
		v->scale > MAX_SCALE + PRICE_EXTRA_SCALE ||
		(kind != AOV_KIND_NUMERIC && (v->scale != 0 || v->dscale != 0)))
		aov_corrupt(SUMMARY_TYPNAME, "A scale is out of range.");
	if (v->n < 0 || (Size) v->n > (r->len - r->pos) / VALUE_SIZE(kind))
		aov_corrupt(SUMMARY_TYPNAME, "The value is shorter than its header says.");
	v->native = NULL;
	v->packed = body + r->pos;
	r->pos += (Size) v->n * VALUE_SIZE(kind);
	if (kind == AOV_KIND_FLOAT8)
	{
		for (int64 i = 0; i < v->n; i++)
		{
			uint64		bits;

			memcpy(&bits, v->packed + 8 * i, 8);
			if (((pg_ntoh64(bits) >> 52) & 0x7FF) == 0x7FF)
				aov_corrupt(SUMMARY_TYPNAME, "A stored value is not finite.");
		}
	}
}

static void
summary_parse(const char *body, Size len, SummaryView *v)
{
	AovReader	r;
	int			version;

	memset(v, 0, sizeof(*v));
	aov_reader_init(&r, body, len, SUMMARY_TYPNAME);
	version = aov_read_u8(&r);
	if (version != AOV_FORMAT_VERSION)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("unsupported aov_summary format version %d", version),
				 errdetail("This build of aov_ext reads format version %d.", AOV_FORMAT_VERSION)));
	v->flags = aov_read_u8(&r);
	v->rkind = aov_read_u8(&r);
	v->ikind = aov_read_u8(&r);
	if (v->flags & ~(SUM_HAS_CUSTOMERS | SUM_HAS_DETAIL))
		aov_corrupt(SUMMARY_TYPNAME, "Unknown flags are set.");
	if ((v->rkind != AOV_KIND_NUMERIC && v->rkind != AOV_KIND_FLOAT8) ||
		(v->ikind != AOV_KIND_NUMERIC && v->ikind != AOV_KIND_INTEGER) ||
		(v->rkind == AOV_KIND_FLOAT8 && v->ikind != AOV_KIND_INTEGER))
		aov_corrupt(SUMMARY_TYPNAME, "The value kinds are unknown.");
	v->rscale = aov_read_i32(&r);
	v->rdscale = aov_read_i32(&r);
	v->iscale = aov_read_i32(&r);
	v->idscale = aov_read_i32(&r);
	if (v->rscale < 0 || v->rscale > MAX_SCALE ||
		v->rdscale < 0 || v->rdscale > MAX_SCALE ||
		v->iscale < 0 || v->iscale > MAX_SCALE ||
		v->idscale < 0 || v->idscale > MAX_SCALE ||
		(v->rkind != AOV_KIND_NUMERIC && (v->rscale || v->rdscale)) ||
		(v->ikind != AOV_KIND_NUMERIC && (v->iscale || v->idscale)))
		aov_corrupt(SUMMARY_TYPNAME, "A scale is out of range.");
	if (aov_read_i32(&r) != 0)
		aov_corrupt(SUMMARY_TYPNAME, "A reserved field is not zero.");
	v->trim = aov_read_f64(&r);
	if ((v->flags & SUM_HAS_DETAIL) ? !(v->trim >= 0 && v->trim < 0.5) : v->trim != 0)
		aov_corrupt(SUMMARY_TYPNAME, "The trim fraction is out of range.");
	v->orders = aov_read_i64(&r);
	v->zero_orders = aov_read_i64(&r);
	v->guest_orders = aov_read_i64(&r);
	v->ncustomers = aov_read_i64(&r);
	if (v->orders < 0 || v->orders > PG_INT64_MAX / 4 ||
		v->zero_orders < 0 || v->zero_orders > v->orders ||
		v->guest_orders < 0 || v->guest_orders > v->orders ||
		v->ncustomers < 0 || v->ncustomers > v->orders - v->guest_orders ||
		(!(v->flags & SUM_HAS_CUSTOMERS) && (v->ncustomers || v->guest_orders)))
		aov_corrupt(SUMMARY_TYPNAME, "A count is out of range.");
	if (v->rkind == AOV_KIND_NUMERIC)
	{
		read_wide(&r, &v->rsum);
		read_wide(&r, &v->guest_rsum);
	}
	else
	{
		read_xsum(&r, &v->rxsum);
		read_xsum(&r, &v->guest_rxsum);
	}
	read_wide(&r, &v->isum);
	/* integer items are int4: their sum is bounded by the orders */
	if (v->ikind == AOV_KIND_INTEGER &&
		(v->isum.carry != 0 ||
		 v->isum.lo > (int128) v->orders * PG_INT32_MAX ||
		 v->isum.lo < -(int128) v->orders * PG_INT32_MAX - v->orders))
		aov_corrupt(SUMMARY_TYPNAME, "The items sum is out of range.");

	if ((Size) v->ncustomers > (r.len - r.pos) / sizeof(int64))
		aov_corrupt(SUMMARY_TYPNAME, "The value is shorter than its header says.");
	v->packed_ids = body + r.pos;
	for (int64 i = 1; i < v->ncustomers; i++)
	{
		uint64		a,
					b;

		memcpy(&a, v->packed_ids + 8 * (i - 1), 8);
		memcpy(&b, v->packed_ids + 8 * i, 8);
		if ((int64) pg_ntoh64(a) >= (int64) pg_ntoh64(b))
			aov_corrupt(SUMMARY_TYPNAME, "The customer ids are not strictly increasing.");
	}
	r.pos += (Size) v->ncustomers * sizeof(int64);

	if (v->flags & SUM_HAS_DETAIL)
	{
		read_vec(&r, &v->rev, v->rkind, body);
		read_vec(&r, &v->qty, v->ikind, body);
		read_vec(&r, &v->price, v->rkind, body);
		if (v->rev.n != v->orders || v->qty.n != v->orders ||
			v->price.n != v->orders - v->zero_orders)
			aov_corrupt(SUMMARY_TYPNAME, "The per-order values do not match the order counts.");
		if (v->rev.scale != v->rscale || v->qty.scale != v->iscale)
			aov_corrupt(SUMMARY_TYPNAME, "The per-order values are not at the sums' scales.");
	}
	aov_reader_end(&r);
}

static void
summary_view_of_expanded(AovSummary *s, SummaryView *v)
{
	idset_flush(&s->ids, s->hdr.eoh_context);
	memset(v, 0, sizeof(*v));
	v->flags = s->flags;
	v->rkind = s->rkind;
	v->ikind = s->ikind;
	v->trim = s->trim;
	v->orders = s->orders;
	v->zero_orders = s->zero_orders;
	v->guest_orders = s->guest_orders;
	v->ncustomers = idset_count(&s->ids);
	v->rscale = s->rscale;
	v->rdscale = s->rdscale;
	v->rsum = s->rsum;
	v->guest_rsum = s->guest_rsum;
	v->rxsum = s->rxsum;
	v->guest_rxsum = s->guest_rxsum;
	v->iscale = s->iscale;
	v->idscale = s->idscale;
	v->isum = s->isum;
	v->ids = &s->ids;
	vec_view(&s->rev, &v->rev);
	vec_view(&s->qty, &v->qty);
	vec_view(&s->price, &v->price);
}

/*
 * A view of any aov_summary datum.  *tofree receives memory to release once
 * the view is no longer needed.
 */
static void
summary_view(Datum d, SummaryView *v, void **tofree)
{
	struct varlena *p = (struct varlena *) DatumGetPointer(d);

	*tofree = NULL;
	if (VARATT_IS_EXTERNAL_EXPANDED(p))
	{
		ExpandedObjectHeader *eoh = DatumGetEOHP(d);

		if (eoh->eoh_methods != &summary_methods)
			elog(ERROR, "expanded object is not an aov_summary");
		summary_view_of_expanded((AovSummary *) eoh, v);
	}
	else
	{
		const char *body;
		Size		len;

		aov_flat_body(d, &body, &len, tofree);
		summary_parse(body, len, v);
	}
}

/* ---------- merging ---------- */

/* Bring the numeric revenue sums (and vector) of s to scale 'to'. */
static void
summary_raise_rscale(AovSummary *s, int to, const char *what)
{
	int			d = to - s->rscale;

	if (!widesum_mul_pow10(&s->rsum, d) || !widesum_mul_pow10(&s->guest_rsum, d))
		aov_numeric_out_of_range(what, to);
	if (s->flags & SUM_HAS_DETAIL)
		vec_raise_scale(&s->rev, to, what);
	s->rscale = to;
}

static void
summary_raise_iscale(AovSummary *s, int to, const char *what)
{
	if (!widesum_mul_pow10(&s->isum, to - s->iscale))
		aov_numeric_out_of_range(what, to);
	if (s->flags & SUM_HAS_DETAIL)
		vec_raise_scale(&s->qty, to, what);
	s->iscale = to;
}

static void
add_scaled_wide(AovWideSum *dst, const AovWideSum *src, int d, int scale, const char *what)
{
	AovWideSum	t = *src;

	if (!widesum_mul_pow10(&t, d))
		aov_numeric_out_of_range(what, scale);
	widesum_add_wide(dst, &t);
}

/*
 * Add everything a view holds to s.  A summary keeps customers (detail)
 * only while every merged input has them: the merge of a summary without
 * customer ids cannot count customers exactly.
 */
static void
summary_merge(AovSummary *s, const SummaryView *v, const char *what)
{
	MemoryContext cxt = s->hdr.eoh_context;

	if (v->rkind != s->rkind || v->ikind != s->ikind)
		ereport(ERROR,
				(errcode(ERRCODE_DATATYPE_MISMATCH),
				 errmsg("cannot combine aov_summary values of %s revenue and %s items with %s revenue and %s items",
						aov_kind_name(s->rkind), aov_kind_name(s->ikind),
						aov_kind_name(v->rkind), aov_kind_name(v->ikind)),
				 errhint("Summarize every period with the same column types.")));
	if ((s->flags & SUM_HAS_DETAIL) && (v->flags & SUM_HAS_DETAIL) && s->trim != v->trim)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("cannot combine aov_summary values with trim fractions %s and %s",
						float8_text(s->trim), float8_text(v->trim)),
				 errhint("Summarize every period with the same trim fraction.")));

	if (!(v->flags & SUM_HAS_CUSTOMERS) && (s->flags & SUM_HAS_CUSTOMERS))
	{
		if (s->ids.keys)
			pfree(s->ids.keys);
		if (s->ids.pending)
			pfree(s->ids.pending);
		memset(&s->ids, 0, sizeof(s->ids));
		s->guest_orders = 0;
		memset(&s->guest_rsum, 0, sizeof(s->guest_rsum));
		aov_xsum_init(&s->guest_rxsum);
		s->flags &= ~SUM_HAS_CUSTOMERS;
	}
	if (!(v->flags & SUM_HAS_DETAIL) && (s->flags & SUM_HAS_DETAIL))
	{
		vec_free(&s->rev);
		vec_free(&s->qty);
		vec_free(&s->price);
		s->rev.scale = s->qty.scale = s->price.scale = 0;
		s->rev.dscale = s->qty.dscale = s->price.dscale = 0;
		s->trim = 0;
		s->flags &= ~SUM_HAS_DETAIL;
	}

	/* keep the limits every parse checks */
	if (v->orders > PG_INT64_MAX / 4 - s->orders)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("aov_summary of more than 2^61 orders")));
	s->orders += v->orders;
	s->zero_orders += v->zero_orders;
	if (s->rkind == AOV_KIND_NUMERIC)
	{
		if (v->rscale > s->rscale)
			summary_raise_rscale(s, v->rscale, what);
		add_scaled_wide(&s->rsum, &v->rsum, s->rscale - v->rscale, s->rscale, what);
		if (s->flags & SUM_HAS_CUSTOMERS)
			add_scaled_wide(&s->guest_rsum, &v->guest_rsum, s->rscale - v->rscale,
							s->rscale, what);
	}
	else
	{
		xsum_add_xsum(&s->rxsum, &v->rxsum, false);
		if (s->flags & SUM_HAS_CUSTOMERS)
			xsum_add_xsum(&s->guest_rxsum, &v->guest_rxsum, false);
	}
	s->rdscale = Max(s->rdscale, v->rdscale);
	if (v->iscale > s->iscale)
		summary_raise_iscale(s, v->iscale, what);
	add_scaled_wide(&s->isum, &v->isum, s->iscale - v->iscale, s->iscale, what);
	s->idscale = Max(s->idscale, v->idscale);

	if (s->flags & SUM_HAS_CUSTOMERS)
	{
		s->guest_orders += v->guest_orders;
		if (v->ids)
		{
			if (v->ids->has_zero)
				idset_add(&s->ids, cxt, 0);
			for (int64 i = 0; i < v->ids->size; i++)
			{
				if (v->ids->keys[i] != 0)
					idset_add(&s->ids, cxt, v->ids->keys[i]);
				if ((i & 0xFFFFF) == 0)
					CHECK_FOR_INTERRUPTS();
			}
		}
		else
		{
			for (int64 i = 0; i < v->ncustomers; i++)
			{
				uint64		x;

				memcpy(&x, v->packed_ids + 8 * i, 8);
				idset_add(&s->ids, cxt, pg_ntoh64(x));
				if ((i & 0xFFFFF) == 0)
					CHECK_FOR_INTERRUPTS();
			}
		}
	}

	if (s->flags & SUM_HAS_DETAIL)
	{
		vec_merge(&s->rev, cxt, &v->rev, what);
		vec_merge(&s->qty, cxt, &v->qty, what);
		vec_merge(&s->price, cxt, &v->price, what);
	}
	/* a merged summary is read next (final, flatten): leave nothing queued */
	idset_flush(&s->ids, cxt);
}

static AovSummary *
summary_from_view(const SummaryView *v, MemoryContext parent, const char *what)
{
	AovSummary *s = summary_new(parent, v->flags, v->rkind, v->ikind, v->trim);

	summary_merge(s, v, what);
	return s;
}

/* An expanded copy of any aov_summary datum, in parent. */
static AovSummary *
summary_copy(Datum d, MemoryContext parent, const char *what)
{
	SummaryView v;
	void	   *tofree;
	AovSummary *s;

	summary_view(d, &v, &tofree);
	s = summary_from_view(&v, parent, what);
	if (tofree)
		pfree(tofree);
	return s;
}

/* ---------- transition ---------- */

/*
 * The state to add a row to.  The first row creates it (checking the trim);
 * later rows must carry the trim the group started with.
 */
static AovSummary *
summary_for_add(FunctionCallInfo fcinfo, const char *func, bool detail,
				int rkind, int ikind)
{
	AovSummary *s;
	bool		customers = PG_NARGS() >= 4;
	double		trim = DEFAULT_TRIM;

	if (PG_NARGS() >= 5)
	{
		if (PG_ARGISNULL(4))
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("trim fraction must not be null"),
					 errhint("Use 0 for plain means, or leave the argument out for the default 0.05.")));
		trim = PG_GETARG_FLOAT8(4);
		if (trim == 0)
			trim = 0;			/* -0 is 0: one state, one text form */
		detail = true;
	}

	s = PG_ARGISNULL(0) ? NULL : summary_rw(PG_GETARG_DATUM(0));
	if (unlikely(s == NULL))
	{
		MemoryContext aggcxt;

		aov_check_aggregate(fcinfo, func, &aggcxt);
		if (detail && !(trim >= 0 && trim < 0.5))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("trim fraction %s is out of range", float8_text(trim)),
					 errdetail("The trim fraction must be at least 0 and less than 0.5."),
					 errhint("Use 0.05 to drop 5%% of the orders at each end.")));
		if (PG_ARGISNULL(0))
			return summary_new(aov_state_context(fcinfo, aggcxt),
							   (customers ? SUM_HAS_CUSTOMERS : 0) |
							   (detail ? SUM_HAS_DETAIL : 0),
							   rkind, ikind, trim);
		/* a flat state (not made by this function): expand a copy */
		s = summary_copy(PG_GETARG_DATUM(0), aov_state_context(fcinfo, aggcxt), func);
		if (s->rkind != rkind || s->ikind != ikind ||
			((s->flags & SUM_HAS_CUSTOMERS) != 0) != customers ||
			((s->flags & SUM_HAS_DETAIL) != 0) != detail)
			ereport(ERROR,
					(errcode(ERRCODE_DATATYPE_MISMATCH),
					 errmsg("initial aov_summary does not match the arguments of %s", func),
					 errdetail("The summary was made from other column types, or with or without customer ids or a trim fraction.")));
	}
	if (unlikely(detail && s->trim != trim))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("trim fraction changed within a group from %s to %s",
						float8_text(s->trim), float8_text(trim)),
				 errdetail("Every row of a group must have the same trim fraction."),
				 errhint("Pass the trim fraction as a constant.")));
	return s;
}

static void
reject_special(const char *func, const char *what, AovSpecial sp)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("order %s must be finite, not %s", what,
					sp == AOV_NAN ? "NaN" : sp == AOV_PINF ? "Infinity" : "-Infinity"),
			 errdetail("An order's revenue and items are amounts; NaN and infinities have no average."),
			 errhint("Leave such orders out with a WHERE clause, or map them to NULL with NULLIF, which %s skips.",
					 func)));
}

/* round(n / q) half away from zero; q != 0 */
static inline int128
div_round(int128 n, int128 q)
{
	int128		quo;
	int128		rem;
	uint128		arem;
	uint128		aq;

	/* almost always both fit in int64: a 64-bit division is several times cheaper */
	if (n == (int64) n && q == (int64) q && n != PG_INT64_MIN && q != PG_INT64_MIN)
	{
		int64		n64 = (int64) n;
		int64		q64 = (int64) q;
		int64		quo64 = n64 / q64;
		int64		rem64 = n64 % q64;
		uint64		arem64 = rem64 < 0 ? -(uint64) rem64 : (uint64) rem64;
		uint64		aq64 = q64 < 0 ? -(uint64) q64 : (uint64) q64;

		if (arem64 >= aq64 - arem64)
			quo64 += ((n64 < 0) != (q64 < 0)) ? -1 : 1;
		return quo64;
	}
	quo = n / q;
	rem = n % q;
	arem = rem < 0 ? -(uint128) rem : (uint128) rem;
	aq = q < 0 ? -(uint128) q : (uint128) q;
	if (arem >= aq - arem)
		quo += ((n < 0) != (q < 0)) ? -1 : 1;
	return quo;
}

/*
 * Add one order.  rkind and ikind are compile-time constants in each caller,
 * so every specialization keeps only its own branches.
 */
static pg_attribute_always_inline Datum
summary_add(FunctionCallInfo fcinfo, const char *func, bool detail, Oid rtype, int ikind)
{
	/* integer revenue is held as numeric of scale 0: exact, and mergeable */
	int			rkind = rtype == FLOAT8OID ? AOV_KIND_FLOAT8 : AOV_KIND_NUMERIC;
	AovSummary *s = summary_for_add(fcinfo, func, detail, rkind, ikind);
	MemoryContext cxt = s->hdr.eoh_context;
	/* constant true for aov_breakdown; aov_summary keeps detail given a trim */
	bool		keep = detail || (s->flags & SUM_HAS_DETAIL);
	int128		r = 0;			/* numeric revenue at s->rscale */
	int			reff = 0;
	int			rdscale = 0;
	double		rf = 0;			/* float8 revenue */
	int128		q;				/* items at s->iscale */
	int			qeff = 0;
	bool		is_guest;

	/* an order with unknown revenue or items is skipped, as sum() skips NULLs */
	if (PG_ARGISNULL(1) || PG_ARGISNULL(2))
		PG_RETURN_DATUM(EOHPGetRWDatum(&s->hdr));

	if (rtype == INT8OID)
		r = PG_GETARG_INT64(1);
	else if (rtype == INT4OID)
		r = PG_GETARG_INT32(1);
	else if (rtype == NUMERICOID)
	{
		bool		toobig;
		AovSpecial	sp = aov_numeric_decode(PG_GETARG_DATUM(1), &r, &reff, &rdscale, &toobig);

		if (unlikely(sp != AOV_FINITE))
			reject_special(func, "revenue", sp);
		if (unlikely(toobig))
			aov_numeric_out_of_range(func, Max(s->rscale, reff));
	}
	else
	{
		rf = PG_GETARG_FLOAT8(1);
		if (unlikely(isnan(rf) || isinf(rf)))
			reject_special(func, "revenue", isnan(rf) ? AOV_NAN : rf > 0 ? AOV_PINF : AOV_NINF);
		if (rf == 0)
			rf = 0;				/* fold -0: it is the same amount as 0 */
	}
	if (ikind == AOV_KIND_NUMERIC)
	{
		bool		toobig;
		int			qdscale;
		AovSpecial	sp = aov_numeric_decode(PG_GETARG_DATUM(2), &q, &qeff, &qdscale, &toobig);

		if (unlikely(sp != AOV_FINITE))
			reject_special(func, "items", sp);
		if (unlikely(toobig))
			aov_numeric_out_of_range(func, Max(s->iscale, qeff));
		if (unlikely(qeff > s->iscale))
			summary_raise_iscale(s, qeff, func);
		if (unlikely(qdscale > s->idscale))
			s->idscale = qdscale;
	}
	else
		q = PG_GETARG_INT32(2);

	/* the per-order unit price, from the exact values before rescaling */
	if (keep && q != 0)
	{
		if (rkind == AOV_KIND_NUMERIC)
		{
			int			pscale = rdscale + PRICE_EXTRA_SCALE;
			int128		num = r;
			int128		p;

			/* r * 10^-reff / (q * 10^-qeff), at scale pscale */
			if (unlikely(!aov_int128_mul_pow10(&num, pscale - reff + qeff)))
				aov_numeric_out_of_range(func, pscale);
			p = div_round(num, q);
			if (unlikely(pscale > s->price.scale))
				vec_raise_scale(&s->price, pscale, func);
			if (unlikely(!aov_int128_mul_pow10(&p, s->price.scale - pscale)))
				aov_numeric_out_of_range(func, s->price.scale);
			if (unlikely(rdscale > s->price.dscale))
				s->price.dscale = rdscale;
			if (unlikely(s->price.n == s->price.cap))
				vec_reserve(&s->price, cxt, 1);
			s->price.v.w[s->price.n++] = p;
		}
		else
		{
			double		p = rf / (double) q;

			if (unlikely(s->price.n == s->price.cap))
				vec_reserve(&s->price, cxt, 1);
			s->price.v.f[s->price.n++] = p == 0 ? 0 : p;
		}
	}

	if (rkind == AOV_KIND_NUMERIC)
	{
		if (unlikely(reff > s->rscale))
			summary_raise_rscale(s, reff, func);
		if (unlikely(rdscale > s->rdscale))
			s->rdscale = rdscale;
		if (unlikely(!aov_int128_mul_pow10(&r, s->rscale - reff)))
			aov_numeric_out_of_range(func, s->rscale);
		aov_widesum_add(&s->rsum, r);
	}
	else
		aov_xsum_add(&s->rxsum, rf);
	if (ikind == AOV_KIND_NUMERIC)
	{
		if (unlikely(!aov_int128_mul_pow10(&q, s->iscale - qeff)))
			aov_numeric_out_of_range(func, s->iscale);
	}
	aov_widesum_add(&s->isum, q);

	s->orders++;
	if (q == 0)
		s->zero_orders++;
	is_guest = PG_NARGS() >= 4 && PG_ARGISNULL(3);
	if (PG_NARGS() >= 4)
	{
		if (is_guest)
		{
			s->guest_orders++;
			if (rkind == AOV_KIND_NUMERIC)
				aov_widesum_add(&s->guest_rsum, r);
			else
				aov_xsum_add(&s->guest_rxsum, rf);
		}
		else
			idset_add(&s->ids, cxt, (uint64) PG_GETARG_INT64(3));
	}

	if (keep)
	{
		if (unlikely(s->rev.n == s->rev.cap))
			vec_reserve(&s->rev, cxt, 1);
		if (unlikely(s->qty.n == s->qty.cap))
			vec_reserve(&s->qty, cxt, 1);
		if (rkind == AOV_KIND_NUMERIC)
			s->rev.v.w[s->rev.n++] = r;
		else
			s->rev.v.f[s->rev.n++] = rf;
		if (ikind == AOV_KIND_NUMERIC)
			s->qty.v.w[s->qty.n++] = q;
		else
			s->qty.v.i[s->qty.n++] = (int64) q;
		s->rev.dscale = s->rdscale;
		s->qty.dscale = s->idscale;
	}
	PG_RETURN_DATUM(EOHPGetRWDatum(&s->hdr));
}

/* aggregate transition (aov_breakdown): numeric revenue, integer items */
PG_FUNCTION_INFO_V1(aov_breakdown_add_numeric_int4);
Datum
aov_breakdown_add_numeric_int4(PG_FUNCTION_ARGS)
{
	return summary_add(fcinfo, "aov_breakdown", true, NUMERICOID, AOV_KIND_INTEGER);
}

/* aggregate transition (aov_breakdown): numeric revenue, numeric items */
PG_FUNCTION_INFO_V1(aov_breakdown_add_numeric_numeric);
Datum
aov_breakdown_add_numeric_numeric(PG_FUNCTION_ARGS)
{
	return summary_add(fcinfo, "aov_breakdown", true, NUMERICOID, AOV_KIND_NUMERIC);
}

/* aggregate transition (aov_breakdown): float8 revenue, integer items */
PG_FUNCTION_INFO_V1(aov_breakdown_add_float8_int4);
Datum
aov_breakdown_add_float8_int4(PG_FUNCTION_ARGS)
{
	return summary_add(fcinfo, "aov_breakdown", true, FLOAT8OID, AOV_KIND_INTEGER);
}

/* aggregate transition (aov_breakdown): bigint revenue, integer items */
PG_FUNCTION_INFO_V1(aov_breakdown_add_int8_int4);
Datum
aov_breakdown_add_int8_int4(PG_FUNCTION_ARGS)
{
	return summary_add(fcinfo, "aov_breakdown", true, INT8OID, AOV_KIND_INTEGER);
}

/* aggregate transition (aov_breakdown): integer revenue, integer items */
PG_FUNCTION_INFO_V1(aov_breakdown_add_int4_int4);
Datum
aov_breakdown_add_int4_int4(PG_FUNCTION_ARGS)
{
	return summary_add(fcinfo, "aov_breakdown", true, INT4OID, AOV_KIND_INTEGER);
}

/* aggregate transition (aov_summary): numeric revenue, integer items */
PG_FUNCTION_INFO_V1(aov_summary_add_numeric_int4);
Datum
aov_summary_add_numeric_int4(PG_FUNCTION_ARGS)
{
	return summary_add(fcinfo, "aov_summary", false, NUMERICOID, AOV_KIND_INTEGER);
}

/* aggregate transition (aov_summary): numeric revenue, numeric items */
PG_FUNCTION_INFO_V1(aov_summary_add_numeric_numeric);
Datum
aov_summary_add_numeric_numeric(PG_FUNCTION_ARGS)
{
	return summary_add(fcinfo, "aov_summary", false, NUMERICOID, AOV_KIND_NUMERIC);
}

/* aggregate transition (aov_summary): float8 revenue, integer items */
PG_FUNCTION_INFO_V1(aov_summary_add_float8_int4);
Datum
aov_summary_add_float8_int4(PG_FUNCTION_ARGS)
{
	return summary_add(fcinfo, "aov_summary", false, FLOAT8OID, AOV_KIND_INTEGER);
}

/* aggregate transition (aov_summary): bigint revenue, integer items */
PG_FUNCTION_INFO_V1(aov_summary_add_int8_int4);
Datum
aov_summary_add_int8_int4(PG_FUNCTION_ARGS)
{
	return summary_add(fcinfo, "aov_summary", false, INT8OID, AOV_KIND_INTEGER);
}

/* aggregate transition (aov_summary): integer revenue, integer items */
PG_FUNCTION_INFO_V1(aov_summary_add_int4_int4);
Datum
aov_summary_add_int4_int4(PG_FUNCTION_ARGS)
{
	return summary_add(fcinfo, "aov_summary", false, INT4OID, AOV_KIND_INTEGER);
}

/* ---------- combine and rollup ---------- */

/*
 * Merge the second argument into the first.  Shared by the combine function
 * (partial states of one aggregate) and by aov_rollup's transition (stored
 * summaries): never hand back or modify the second argument.
 */
static Datum
summary_merge_args(FunctionCallInfo fcinfo, const char *func)
{
	MemoryContext aggcxt;
	AovSummary *s;
	SummaryView v;
	void	   *tofree;

	aov_check_aggregate(fcinfo, func, &aggcxt);
	if (PG_ARGISNULL(1))
	{
		if (PG_ARGISNULL(0))
			PG_RETURN_NULL();
		PG_RETURN_DATUM(PG_GETARG_DATUM(0));
	}
	summary_view(PG_GETARG_DATUM(1), &v, &tofree);
	s = PG_ARGISNULL(0) ? NULL : summary_rw(PG_GETARG_DATUM(0));
	if (s == NULL && PG_ARGISNULL(0))
		s = summary_from_view(&v, aov_state_context(fcinfo, aggcxt), func);
	else
	{
		if (s == NULL)
			s = summary_copy(PG_GETARG_DATUM(0), aov_state_context(fcinfo, aggcxt), func);
		summary_merge(s, &v, func);
	}
	if (tofree)
		pfree(tofree);
	PG_RETURN_DATUM(EOHPGetRWDatum(&s->hdr));
}

/* aggregate combine: merge two partial summaries */
PG_FUNCTION_INFO_V1(aov_summary_combine);
Datum
aov_summary_combine(PG_FUNCTION_ARGS)
{
	return summary_merge_args(fcinfo, "aov_summary_combine");
}

/* aggregate transition (aov_rollup): add a stored summary */
PG_FUNCTION_INFO_V1(aov_summary_rollup_add);
Datum
aov_summary_rollup_add(PG_FUNCTION_ARGS)
{
	return summary_merge_args(fcinfo, "aov_rollup");
}

/* ---------- robust figures ---------- */

/* One distinct value with its count. */
typedef struct TopItem
{
	int128		key;
	int64		count;
} TopItem;

static inline int128
vec_key(const AovVec *v, int64 i)
{
	if (v->kind == AOV_KIND_NUMERIC)
		return v->v.w[i];
	return v->v.i[i];			/* doubles by their bits: -0 was folded */
}

static inline bool
key_less(int kind, int128 a, int128 b)
{
	if (kind == AOV_KIND_FLOAT8)
	{
		double		x,
					y;
		int64		ia = (int64) a,
					ib = (int64) b;

		memcpy(&x, &ia, 8);
		memcpy(&y, &ib, 8);
		return x < y;
	}
	return a < b;
}

/* true when a ranks before b: more frequent, then the smaller value */
static inline bool
item_before(int kind, const TopItem *a, const TopItem *b)
{
	if (a->count != b->count)
		return a->count > b->count;
	return key_less(kind, a->key, b->key);
}

/* The (at most) TOP_K most frequent values of v, best first. */
static int
vec_top(const AovVec *v, TopItem *top)
{
	int64		size = 1024;
	int64		used = 0;
	int128	   *keys;
	int64	   *counts;
	int			ntop = 0;

	/* grown as distinct values appear: few measures have many */
	keys = palloc_extended(size * sizeof(int128), MCXT_ALLOC_HUGE);
	counts = palloc_extended(size * sizeof(int64), MCXT_ALLOC_HUGE | MCXT_ALLOC_ZERO);
	for (int64 i = 0; i < v->n; i++)
	{
		int128		k = vec_key(v, i);
		uint64		mask = (uint64) size - 1;
		uint64		j = aov_hash64((uint64) k ^ aov_hash64((uint64) ((uint128) k >> 64))) & mask;

		while (counts[j] != 0 && keys[j] != k)
			j = (j + 1) & mask;
		if (counts[j] == 0)
		{
			keys[j] = k;
			used++;
		}
		counts[j]++;
		if (unlikely(used * 10 > size * 7))
		{
			int64		newsize = size * 2;
			int128	   *nk = palloc_extended(newsize * sizeof(int128), MCXT_ALLOC_HUGE);
			int64	   *nc = palloc_extended(newsize * sizeof(int64),
											 MCXT_ALLOC_HUGE | MCXT_ALLOC_ZERO);

			mask = (uint64) newsize - 1;
			for (int64 o = 0; o < size; o++)
			{
				if (counts[o] == 0)
					continue;
				j = aov_hash64((uint64) keys[o] ^ aov_hash64((uint64) ((uint128) keys[o] >> 64))) & mask;
				while (nc[j] != 0)
					j = (j + 1) & mask;
				nk[j] = keys[o];
				nc[j] = counts[o];
			}
			pfree(keys);
			pfree(counts);
			keys = nk;
			counts = nc;
			size = newsize;
		}
		if ((i & 0xFFFFF) == 0)
			CHECK_FOR_INTERRUPTS();
	}
	for (int64 j = 0; j < size; j++)
	{
		TopItem		e;
		int			pos;

		if (counts[j] == 0)
			continue;
		e.key = keys[j];
		e.count = counts[j];
		/* insertion into the short sorted list */
		if (ntop == TOP_K && !item_before(v->kind, &e, &top[TOP_K - 1]))
			continue;
		pos = ntop < TOP_K ? ntop++ : TOP_K - 1;
		while (pos > 0 && item_before(v->kind, &e, &top[pos - 1]))
		{
			top[pos] = top[pos - 1];
			pos--;
		}
		top[pos] = e;
	}
	pfree(keys);
	pfree(counts);
	return ntop;
}

static Datum
vec_value_numeric(const AovVec *v, int128 x)
{
	if (v->kind == AOV_KIND_FLOAT8)
	{
		double		f;
		int64		bits = (int64) x;

		memcpy(&f, &bits, 8);
		return float8_to_numeric(f);
	}
	return scaled_to_numeric(x, v->scale, v->dscale);
}

/* The median: the middle value, or the mean of the two middle values. */
static Datum
vec_median(AovVec *v)
{
	int64		k = (v->n - 1) / 2;
	bool		even = v->n % 2 == 0;

	Assert(v->n > 0);
	if (v->kind == AOV_KIND_FLOAT8)
	{
		double		a,
					b;

		aov_select_float8(v->v.f, 0, v->n, k);
		a = b = v->v.f[k];
		if (even)
		{
			b = v->v.f[k + 1];
			for (int64 i = k + 2; i < v->n; i++)
				b = Min(b, v->v.f[i]);
		}
		/* (a + b) / 2 as avg() computes it; halves first only on overflow */
		return float8_to_numeric(isinf(a + b) ? a / 2 + b / 2 : (a + b) / 2);
	}
	else
	{
		int128		a,
					b,
					m;
		int			scale = v->kind == AOV_KIND_NUMERIC ? v->scale : 0;

		if (v->kind == AOV_KIND_NUMERIC)
		{
			aov_select_int128(v->v.w, 0, v->n, k);
			a = b = v->v.w[k];
			if (even)
			{
				b = v->v.w[k + 1];
				for (int64 i = k + 2; i < v->n; i++)
					b = Min(b, v->v.w[i]);
			}
		}
		else
		{
			aov_select_int64(v->v.i, 0, v->n, k);
			a = b = v->v.i[k];
			if (even)
			{
				b = v->v.i[k + 1];
				for (int64 i = k + 2; i < v->n; i++)
					b = Min(b, (int128) v->v.i[i]);
			}
		}
		if (a == b)
			return scaled_to_numeric(a, scale, v->dscale);
		/* (a + b) / 2 exactly: (a + b) * 5 at one more decimal */
		if (!__builtin_add_overflow(a, b, &m) && !__builtin_mul_overflow(m, (int128) 5, &m))
			return scaled_to_numeric(m, scale + 1, v->dscale);
		return DirectFunctionCall2(numeric_div,
								   DirectFunctionCall2(numeric_add,
													   scaled_to_numeric(a, scale, 0),
													   scaled_to_numeric(b, scale, 0)),
								   int64_numeric(2));
	}
}

/* The trimmed mean at fraction trim (floor(n * trim) cut from each end). */
static Datum
vec_trimmed_mean(AovVec *v, double trim)
{
	int64		k = aov_trim_count(v->n, trim);
	int64		a = k,
				b = v->n - k;

	Assert(a < b);
	if (v->kind == AOV_KIND_FLOAT8)
	{
		AovExactSum xs;

		aov_xsum_init(&xs);
		aov_trimsum_float8(v->v.f, v->n, a, b, &xs);
		return float8_to_numeric(aov_xsum_mean(&xs, b - a));
	}
	if (v->kind == AOV_KIND_NUMERIC)
	{
		AovWideSum	acc = {0, 0};

		aov_trimsum_int128(v->v.w, v->n, a, b, &acc);
		/* the exact sum divided as avg(numeric) divides it */
		return numeric_ratio(sum_to_numeric(&acc, v->scale, v->dscale), int64_numeric(b - a));
	}
	else
	{
		AovWideSum	acc = {0, 0};
		int128		sum = 0;

		aov_trimsum_int64(v->v.i, v->n, a, b, &sum);
		acc.lo = sum;
		return numeric_ratio(sum_to_numeric(&acc, 0, 0), int64_numeric(b - a));
	}
}

static Datum
top_array(const AovVec *v, Oid arraytype)
{
	TopItem		top[TOP_K];
	int			ntop = vec_top(v, top);
	Oid			elemtype = get_element_type(arraytype);
	TupleDesc	tupdesc;
	Datum		elems[TOP_K];
	int16		typlen;
	bool		typbyval;
	char		typalign;

	if (!OidIsValid(elemtype))
		elog(ERROR, "aov_breakdown top-values field is not an array");
	tupdesc = BlessTupleDesc(lookup_rowtype_tupdesc_copy(elemtype, -1));
	for (int i = 0; i < ntop; i++)
	{
		Datum		values[3];
		bool		nulls[3] = {false, false, false};

		values[0] = vec_value_numeric(v, top[i].key);
		values[1] = Int64GetDatum(top[i].count);
		values[2] = Float8GetDatum((double) top[i].count / (double) v->n);
		elems[i] = HeapTupleGetDatum(heap_form_tuple(tupdesc, values, nulls));
	}
	get_typlenbyvalalign(elemtype, &typlen, &typbyval, &typalign);
	return PointerGetDatum(construct_array(elems, ntop, elemtype, typlen, typbyval, typalign));
}

/* ---------- final ---------- */

/* Fields of the aov_breakdown composite type, in order. */
enum
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
};

/*
 * The breakdown of a summary.  The vectors are reordered by the selections
 * (their multiset, which is all that they mean, is unchanged), so the
 * aggregate declares FINALFUNC_MODIFY = SHAREABLE.
 */
/*
 * The plain figures of a summary with orders: exact revenue and items sums,
 * AOV, items per order, and unit price (*up_null when the items sum to 0).
 */
static void
summary_figures(const SummaryView *s, Datum *revenue, Datum *items, Datum *aov,
				Datum *ipo, Datum *up, bool *up_null)
{
	bool		numeric = s->rkind == AOV_KIND_NUMERIC;
	Datum		orders = int64_numeric(s->orders);
	int128		isum;

	if (numeric)
		*revenue = sum_to_numeric(&s->rsum, s->rscale, s->rdscale);
	else
		*revenue = float8_to_numeric(xsum_div(&s->rxsum, 1));
	*items = sum_to_numeric(&s->isum, s->iscale, s->idscale);
	*aov = numeric ? numeric_ratio(*revenue, orders)
		: float8_to_numeric(xsum_div(&s->rxsum, s->orders));
	*ipo = numeric_ratio(*items, orders);

	/* unit price: undefined when the items sum to zero */
	*up_null = true;
	isum = s->isum.lo;
	if (s->isum.carry != 0 || isum != 0)
	{
		if (numeric)
			*up = numeric_ratio(*revenue, *items);
		else
		{
			/* integer items of real orders sum far below 2^63; a hand-made
			 * summary may not */
			if (s->isum.carry != 0 || isum > PG_INT64_MAX || isum < -PG_INT64_MAX)
				ereport(ERROR,
						(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
						 errmsg("aov_breakdown: items sum out of range for float8 revenue")));
			*up = float8_to_numeric(xsum_div(&s->rxsum, isum));
		}
		*up_null = false;
	}
}

static Datum
summary_breakdown(FunctionCallInfo fcinfo, AovSummary *s)
{
	TupleDesc	tupdesc;
	Datum		values[F_NFIELDS];
	bool		nulls[F_NFIELDS];
	Datum		revenue;
	Datum		items;
	bool		numeric = s->rkind == AOV_KIND_NUMERIC;
	SummaryView view;

	if (get_call_result_type(fcinfo, NULL, &tupdesc) != TYPEFUNC_COMPOSITE ||
		tupdesc->natts != F_NFIELDS)
		elog(ERROR, "aov_breakdown result type is not the aov_breakdown composite");
	tupdesc = BlessTupleDesc(tupdesc);
	for (int i = 0; i < F_NFIELDS; i++)
		nulls[i] = true;

	values[F_ORDERS] = Int64GetDatum(s->orders);
	values[F_ZERO_ITEM_ORDERS] = Int64GetDatum(s->zero_orders);
	nulls[F_ORDERS] = nulls[F_ZERO_ITEM_ORDERS] = false;

	summary_view_of_expanded(s, &view);
	summary_figures(&view, &revenue, &items, &values[F_AOV],
					&values[F_ITEMS_PER_ORDER], &values[F_UNIT_PRICE],
					&nulls[F_UNIT_PRICE]);
	values[F_REVENUE] = revenue;
	values[F_ITEMS] = items;
	nulls[F_REVENUE] = nulls[F_ITEMS] = false;
	nulls[F_AOV] = nulls[F_ITEMS_PER_ORDER] = false;

	if (s->flags & SUM_HAS_CUSTOMERS)
	{
		int64		ncust = idset_count(&s->ids);

		values[F_CUSTOMERS] = Int64GetDatum(ncust);
		values[F_GUEST_ORDERS] = Int64GetDatum(s->guest_orders);
		nulls[F_CUSTOMERS] = nulls[F_GUEST_ORDERS] = false;
		if (ncust > 0)
		{
			Datum		nc = int64_numeric(ncust);

			/* guests belong to no customer: their orders count in neither part */
			if (numeric)
			{
				AovWideSum	known = s->rsum;

				widesum_sub_wide(&known, &s->guest_rsum);
				values[F_REVENUE_PER_CUSTOMER] =
					numeric_ratio(sum_to_numeric(&known, s->rscale, s->rdscale), nc);
			}
			else
			{
				AovExactSum known = s->rxsum;

				xsum_add_xsum(&known, &s->guest_rxsum, true);
				values[F_REVENUE_PER_CUSTOMER] = float8_to_numeric(xsum_div(&known, ncust));
			}
			values[F_ORDERS_PER_CUSTOMER] =
				numeric_ratio(int64_numeric(s->orders - s->guest_orders), nc);
			nulls[F_REVENUE_PER_CUSTOMER] = nulls[F_ORDERS_PER_CUSTOMER] = false;
		}
	}

	if (s->flags & SUM_HAS_DETAIL)
	{
		values[F_TRIM] = Float8GetDatum(s->trim);
		nulls[F_TRIM] = false;

		values[F_AOV_TOP] = top_array(&s->rev, TupleDescAttr(tupdesc, F_AOV_TOP)->atttypid);
		values[F_AOV_MEDIAN] = vec_median(&s->rev);
		values[F_AOV_TRIMMED] = vec_trimmed_mean(&s->rev, s->trim);
		nulls[F_AOV_TOP] = nulls[F_AOV_MEDIAN] = nulls[F_AOV_TRIMMED] = false;

		values[F_IPO_TOP] = top_array(&s->qty, TupleDescAttr(tupdesc, F_IPO_TOP)->atttypid);
		values[F_IPO_MEDIAN] = vec_median(&s->qty);
		values[F_IPO_TRIMMED] = vec_trimmed_mean(&s->qty, s->trim);
		nulls[F_IPO_TOP] = nulls[F_IPO_MEDIAN] = nulls[F_IPO_TRIMMED] = false;

		if (s->price.n > 0)
		{
			values[F_UP_TOP] = top_array(&s->price, TupleDescAttr(tupdesc, F_UP_TOP)->atttypid);
			values[F_UP_MEDIAN] = vec_median(&s->price);
			values[F_UP_TRIMMED] = vec_trimmed_mean(&s->price, s->trim);
			nulls[F_UP_TOP] = nulls[F_UP_MEDIAN] = nulls[F_UP_TRIMMED] = false;
		}
	}
	return HeapTupleGetDatum(heap_form_tuple(tupdesc, values, nulls));
}

/* The expanded summary behind d: the aggregate's own, or a private copy. */
static AovSummary *
summary_for_final(Datum d)
{
	struct varlena *p = (struct varlena *) DatumGetPointer(d);

	if (VARATT_IS_EXTERNAL_EXPANDED(p))
	{
		ExpandedObjectHeader *eoh = DatumGetEOHP(d);

		if (eoh->eoh_methods == &summary_methods)
		{
			AovSummary *s = (AovSummary *) eoh;

			idset_flush(&s->ids, s->hdr.eoh_context);
			return s;
		}
	}
	return summary_copy(d, CurrentMemoryContext, "aov_breakdown");
}

/* aggregate final (aov_breakdown), and aov_breakdown(aov_summary) */
PG_FUNCTION_INFO_V1(aov_summary_breakdown);
Datum
aov_summary_breakdown(PG_FUNCTION_ARGS)
{
	AovSummary *s;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	s = summary_for_final(PG_GETARG_DATUM(0));
	/* no orders (all rows had NULL revenue or items): NULL, as avg() gives */
	if (s->orders == 0)
		PG_RETURN_NULL();
	return summary_breakdown(fcinfo, s);
}

/* ---------- aov_test_stats and aov_compare: did a figure move beyond noise? ---------- */

/*
 * A period's figures and, for each of AOV, items per order and unit price,
 * the estimate a two-sample test compares, the variance of that estimate
 * and its degrees of freedom (see src/stats.c).  Computed from a summary's
 * per-order values where it lies, expanded or flat, without copying it, so
 * that a query can reduce each group's summary to this record as the group
 * is finalized.
 */
enum
{
	S_ORDERS,
	S_AOV,
	S_IPO,
	S_UP,
	S_TEST,
	S_TRIM,
	S_AOV_EST,					/* then variance, degrees of freedom */
	S_IPO_EST = S_AOV_EST + 3,
	S_UP_EST = S_IPO_EST + 3,
	S_NFIELDS = S_UP_EST + 3
};

/* the largest decimal scale whose values a double still resolves */
#define TEST_MAX_SCALE 300

/* Value i of a vector as a long double, in units of 1. */
static inline long double
view_long_double(const VecView *v, int64 i, long double unit)
{
	int128		x = vecview_value(v, i);

	if (v->kind == AOV_KIND_FLOAT8)
	{
		int64		bits = (int64) x;
		double		f;

		memcpy(&f, &bits, sizeof(f));
		return f;
	}
	return (long double) x * unit;
}

static long double
view_unit(const VecView *v)
{
	if (v->kind == AOV_KIND_FLOAT8)
		return 1;
	if (v->scale > TEST_MAX_SCALE)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("aov_test_stats: values with %d decimal digits cannot be tested", v->scale),
				 errdetail("The tests work in double precision, which resolves at most %d decimal digits.",
						   TEST_MAX_SCALE)));
	return powl(10.0L, -v->scale);
}

/* Welch (and delta-method) estimates of AOV, items per order, unit price. */
static void
view_welch(const SummaryView *s, AovEstimate est[3])
{
	int64		n = s->orders;
	long double ru = view_unit(&s->rev);
	long double qu = view_unit(&s->qty);
	long double mr = 0,
				mq = 0,
				srr = 0,
				sqq = 0,
				srq = 0;
	long double vr,
				vq,
				crq,
				ratio,
				vz;

	/* Welford's updates: one pass, no cancellation in the sums of squares */
	for (int64 i = 0; i < n; i++)
	{
		long double r = view_long_double(&s->rev, i, ru);
		long double q = view_long_double(&s->qty, i, qu);
		long double dr = r - mr;
		long double dq = q - mq;

		mr += dr / (i + 1);
		mq += dq / (i + 1);
		srr += dr * (r - mr);
		sqq += dq * (q - mq);
		srq += dr * (q - mq);
		if ((i & 0xFFFFF) == 0)
			CHECK_FOR_INTERRUPTS();
	}
	for (int k = 0; k < 3; k++)
		est[k].est = est[k].var = est[k].nu = NAN;
	if (n < 2)
		return;
	for (int k = 0; k < 3; k++)
		est[k].nu = n - 1;
	vr = srr / (n - 1);
	vq = sqq / (n - 1);
	crq = srq / (n - 1);
	est[0].est = (double) mr;
	est[0].var = (double) (vr / n);
	est[1].est = (double) mq;
	est[1].var = (double) (vq / n);
	if (mq != 0)
	{
		ratio = mr / mq;
		/* var(r - R q), the linearized ratio; >= 0 up to rounding */
		vz = vr + ratio * ratio * vq - 2 * ratio * crq;
		if (vz < 0)
			vz = 0;
		est[2].est = (double) ratio;
		est[2].var = (double) (vz / ((long double) n * mq * mq));
	}
}

/* Yuen estimates: trimmed means of revenue, items and per-order unit price. */
static void
view_yuen(const SummaryView *s, AovEstimate est[3])
{
	const VecView *vecs[3] = {&s->rev, &s->qty, &s->price};
	double	   *x = palloc(sizeof(double) * Max(s->rev.n, 1));

	for (int k = 0; k < 3; k++)
	{
		const VecView *v = vecs[k];
		long double unit = view_unit(v);

		for (int64 i = 0; i < v->n; i++)
			x[i] = (double) view_long_double(v, i, unit);
		aov_yuen_estimate(x, v->n, s->trim, &est[k]);
	}
	pfree(x);
}

PG_FUNCTION_INFO_V1(aov_test_stats);
Datum
aov_test_stats(PG_FUNCTION_ARGS)
{
	SummaryView v;
	void	   *tofree;
	TupleDesc	tupdesc;
	Datum		values[S_NFIELDS];
	bool		nulls[S_NFIELDS];
	Datum		revenue,
				items;
	AovEstimate est[3];
	const char *test = "none";

	if (get_call_result_type(fcinfo, NULL, &tupdesc) != TYPEFUNC_COMPOSITE ||
		tupdesc->natts != S_NFIELDS)
		elog(ERROR, "aov_test_stats result type is not the aov_test_stats composite");
	tupdesc = BlessTupleDesc(tupdesc);
	for (int i = 0; i < S_NFIELDS; i++)
		nulls[i] = true;

	summary_view(PG_GETARG_DATUM(0), &v, &tofree);
	values[S_ORDERS] = Int64GetDatum(v.orders);
	nulls[S_ORDERS] = false;
	if (v.orders > 0)
	{
		summary_figures(&v, &revenue, &items, &values[S_AOV], &values[S_IPO],
						&values[S_UP], &nulls[S_UP]);
		nulls[S_AOV] = nulls[S_IPO] = false;
	}
	if (v.flags & SUM_HAS_DETAIL)
	{
		test = v.trim > 0 ? "yuen" : "welch";
		values[S_TRIM] = Float8GetDatum(v.trim);
		nulls[S_TRIM] = false;
		if (v.trim > 0)
			view_yuen(&v, est);
		else
			view_welch(&v, est);
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
	if (tofree)
		pfree(tofree);
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(tupdesc, values, nulls)));
}

enum
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
};

/* after / before - 1 of two numeric figures, or NaN when undefined */
static double
numeric_rel_change(Datum before, bool before_null, Datum after, bool after_null)
{
	if (before_null || after_null ||
		DatumGetInt32(DirectFunctionCall2(numeric_cmp, before, int64_numeric(0))) == 0)
		return NAN;
	return DatumGetFloat8(DirectFunctionCall1(numeric_float8,
											  DirectFunctionCall2(numeric_div, after, before))) - 1;
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
	HeapTupleHeader in[2] = {PG_GETARG_HEAPTUPLEHEADER(0), PG_GETARG_HEAPTUPLEHEADER(1)};
	Datum		f[2][S_NFIELDS];
	bool		fnull[2][S_NFIELDS];
	TupleDesc	tupdesc;
	Datum		values[C_NFIELDS];
	bool		nulls[C_NFIELDS];
	bool		tested;
	bool		yuen = false;

	if (get_call_result_type(fcinfo, NULL, &tupdesc) != TYPEFUNC_COMPOSITE ||
		tupdesc->natts != C_NFIELDS)
		elog(ERROR, "aov_compare result type is not the aov_comparison composite");
	tupdesc = BlessTupleDesc(tupdesc);
	for (int i = 0; i < C_NFIELDS; i++)
		nulls[i] = true;

	for (int k = 0; k < 2; k++)
	{
		HeapTupleData tuple;
		TupleDesc	intype = lookup_rowtype_tupdesc(HeapTupleHeaderGetTypeId(in[k]),
												   HeapTupleHeaderGetTypMod(in[k]));

		if (intype->natts != S_NFIELDS)
			elog(ERROR, "aov_compare argument is not the aov_test_stats composite");
		tuple.t_len = HeapTupleHeaderGetDatumLength(in[k]);
		ItemPointerSetInvalid(&tuple.t_self);
		tuple.t_tableOid = InvalidOid;
		tuple.t_data = in[k];
		heap_deform_tuple(&tuple, intype, f[k], fnull[k]);
		ReleaseTupleDesc(intype);
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
	}

	tested = true;
	for (int k = 0; k < 2; k++)
	{
		char	   *test = TextDatumGetCString(f[k][S_TEST]);
		bool		ok;

		/* the test and the trim fraction must agree, as aov_test_stats makes them */
		if (strcmp(test, "none") == 0)
		{
			ok = true;
			tested = false;
		}
		else if (strcmp(test, "welch") == 0)
			ok = !fnull[k][S_TRIM] && DatumGetFloat8(f[k][S_TRIM]) == 0;
		else if (strcmp(test, "yuen") == 0)
			ok = !fnull[k][S_TRIM] && DatumGetFloat8(f[k][S_TRIM]) > 0 &&
				DatumGetFloat8(f[k][S_TRIM]) < 0.5;
		else
			ok = false;
		if (!ok)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("aov_test_stats value has test \"%s\" with trim fraction %s",
							test, fnull[k][S_TRIM] ? "NULL" : float8_text(DatumGetFloat8(f[k][S_TRIM]))),
					 errdetail("The test is welch with trim fraction 0, yuen with a trim fraction in (0, 0.5), or none."),
					 errhint("Make the statistics with aov_test_stats(aov_summary).")));
	}
	if (tested)
	{
		double		t0 = DatumGetFloat8(f[0][S_TRIM]);
		double		t1 = DatumGetFloat8(f[1][S_TRIM]);

		if (t0 != t1)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("cannot compare aov_summary values with trim fractions %s and %s",
							float8_text(t0), float8_text(t1)),
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
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(tupdesc, values, nulls)));
}

/* ---------- type I/O ---------- */

static void
summary_validate(const char *body, Size len)
{
	SummaryView v;

	summary_parse(body, len, &v);
}

/* type input: hex text of the serialized form */
PG_FUNCTION_INFO_V1(aov_summary_in);
Datum
aov_summary_in(PG_FUNCTION_ARGS)
{
	return aov_state_in(PG_GETARG_CSTRING(0), SUMMARY_TYPNAME, summary_validate);
}

/* type output: hex text of the serialized form */
PG_FUNCTION_INFO_V1(aov_summary_out);
Datum
aov_summary_out(PG_FUNCTION_ARGS)
{
	PG_RETURN_CSTRING(aov_state_out(PG_GETARG_DATUM(0)));
}

/* type binary input: the serialized form */
PG_FUNCTION_INFO_V1(aov_summary_recv);
Datum
aov_summary_recv(PG_FUNCTION_ARGS)
{
	return aov_state_recv((StringInfo) PG_GETARG_POINTER(0), summary_validate);
}

/* type binary output: the serialized form */
PG_FUNCTION_INFO_V1(aov_summary_send);
Datum
aov_summary_send(PG_FUNCTION_ARGS)
{
	PG_RETURN_BYTEA_P(aov_state_send(PG_GETARG_DATUM(0)));
}
