/*
 * orders.c
 *		The per-order detail of an aov_summary (see orders.h): appended
 *		orders, sorted runs of distinct orders with counts, their
 *		serialized form, and the sorted values of each figure.
 *
 * Sorting packs an order into one integer key when it fits: the revenue's
 * order-preserving key, the items' and the display scale's, each shifted
 * down by its minimum and given only the bits its range needs (prices in
 * cents, 0 to 12 items and one display scale fit in 64 bits), so a radix
 * sort on the packed keys orders the orders lexicographically.  Orders
 * whose ranges need more than 128 bits are sorted by comparison.
 *
 * Serialized run: varint n, then per distinct order the varint of its
 * revenue key (the first whole, each next one as the step from the
 * previous, 0 when the revenue repeats), the zigzag varint of its items,
 * for numeric revenue the varint of its display scale, and the varint of
 * its count less one.  Strictly increasing in (r, q, ds) and minimal, so
 * canonical.
 *
 * Memory: 26 bytes an appended order with numeric revenue and integer items
 * (16 + 8 + 2; float8 revenue: 16), doubling as the arrays grow; a run 34
 * to 42 bytes a distinct order.  Compaction needs a packed key (8 or 16
 * bytes) per order and the radix sort's copy of it.
 */
#include "postgres.h"

#include <math.h>

#include "miscadmin.h"
#include "utils/memutils.h"

#include "array.h"
#include "numeric_scaled.h"
#include "orders.h"
#include "radix.h"

void
aov_orders_init(AovOrders *o, int rkind, int ikind, MemoryContext cxt)
{
	memset(o, 0, sizeof(*o));
	o->rkind = rkind;
	o->ikind = ikind;
	o->cxt = cxt;
}

static void
order_run_free(AovOrderRun *r)
{
	aov_free(r->r.any);
	aov_free(r->q.any);
	aov_free(r->ds);
	aov_free(r->count);
	memset(r, 0, sizeof(*r));
}

static void
buffer_free(AovOrders *o)
{
	aov_free(o->r.any);
	aov_free(o->q.any);
	aov_free(o->ds);
	o->r.any = o->q.any = NULL;
	o->ds = NULL;
	o->nbuf = o->capbuf = 0;
}

void
aov_orders_free(AovOrders *o)
{
	buffer_free(o);
	for (int i = 0; i < o->nruns; i++)
		order_run_free(&o->runs[i]);
	aov_free(o->runs);
	aov_orders_init(o, o->rkind, o->ikind, o->cxt);
}

void
aov_orders_grow(AovOrders *o, int64 extra)
{
	int64		need = o->nbuf + extra;

	if (need <= o->capbuf)
		return;
	/* three arrays of one capacity */
	o->capbuf = aov_array_grow_cap(o->capbuf, need, 16);
	o->r.any = aov_array_resize(o->r.any, o->capbuf, AOV_VALUE_SIZE(o->rkind), o->cxt);
	o->q.any = aov_array_resize(o->q.any, o->capbuf, AOV_VALUE_SIZE(o->ikind), o->cxt);
	if (o->rkind == AOV_KIND_NUMERIC)
		o->ds = aov_array_resize(o->ds, o->capbuf, sizeof(uint16), o->cxt);
}

int64
aov_orders_total(const AovOrders *o)
{
	int64		total = o->nbuf;

	for (int i = 0; i < o->nruns; i++)
		total += o->runs[i].total;
	return total;
}

/* Multiply every revenue (or every items value) by 10^d: a scale raised. */
void
aov_orders_multiply(AovOrders *o, bool revenue, int d, int to, const char *func)
{
	Assert((revenue ? o->rkind : o->ikind) == AOV_KIND_NUMERIC && d >= 0);
	if (d == 0)
		return;
	aov_int128s_mul_pow10(revenue ? o->r.w : o->q.w, o->nbuf, d, to, func);
	for (int i = 0; i < o->nruns; i++)
		aov_int128s_mul_pow10(revenue ? o->runs[i].r.w : o->runs[i].q.w, o->runs[i].n, d, to, func);
}

/* ---------- comparing and packing orders ---------- */

static inline uint128
rkey(int rkind, const AovValArray *r, int64 i)
{
	return rkind == AOV_KIND_NUMERIC ? aov_key_of_int128(r->w[i]) : aov_key_of_double(r->f[i]);
}

static inline uint128
qkey(int ikind, const AovValArray *q, int64 i)
{
	return ikind == AOV_KIND_NUMERIC ? aov_key_of_int128(q->w[i]) : aov_key_of_int64(q->i[i]);
}

static inline int
cmp_u128(uint128 a, uint128 b)
{
	return (a > b) - (a < b);
}

/* Lexicographic (r, q, ds) order of order i of a and order j of b. */
static inline int
order_cmp(int rkind, int ikind,
		  const AovValArray *ra, const AovValArray *qa, const uint16 *da, int64 i,
		  const AovValArray *rb, const AovValArray *qb, const uint16 *db, int64 j)
{
	int			c = cmp_u128(rkey(rkind, ra, i), rkey(rkind, rb, j));

	if (c != 0)
		return c;
	c = cmp_u128(qkey(ikind, qa, i), qkey(ikind, qb, j));
	if (c != 0 || da == NULL)
		return c;
	return (da[i] > db[j]) - (da[i] < db[j]);
}

/* A run's arrays for n orders (new ones when r's are NULL), in o's context. */
static void
resize_run(AovOrders *o, AovOrderRun *r, int64 n)
{
	r->r.any = aov_array_resize(r->r.any, n, AOV_VALUE_SIZE(o->rkind), o->cxt);
	r->q.any = aov_array_resize(r->q.any, n, AOV_VALUE_SIZE(o->ikind), o->cxt);
	if (o->rkind == AOV_KIND_NUMERIC)
		r->ds = aov_array_resize(r->ds, n, sizeof(uint16), o->cxt);
	r->count = aov_array_resize(r->count, n, sizeof(int64), o->cxt);
}

static AovOrderRun
alloc_run(AovOrders *o, int64 n)
{
	AovOrderRun r;

	memset(&r, 0, sizeof(r));
	resize_run(o, &r, n);
	return r;
}

static void
set_order(AovOrderRun *run, int rkind, int ikind, int64 i, uint128 kr, uint128 kq, uint16 ds)
{
	if (rkind == AOV_KIND_NUMERIC)
	{
		run->r.w[i] = aov_int128_of_key(kr);
		run->ds[i] = ds;
	}
	else
		run->r.f[i] = aov_double_of_key((uint64) kr);
	if (ikind == AOV_KIND_NUMERIC)
		run->q.w[i] = aov_int128_of_key(kq);
	else
		run->q.i[i] = aov_int64_of_key((uint64) kq);
}


/* for the comparison sort of orders that do not pack */
static const AovOrders *sort_orders;

static int
index_cmp(const void *a, const void *b)
{
	const AovOrders *o = sort_orders;

	return order_cmp(o->rkind, o->ikind, &o->r, &o->q, o->ds, *(const int64 *) a,
					 &o->r, &o->q, o->ds, *(const int64 *) b);
}

/* The appended orders become a run. */
static void
buffer_to_run(AovOrders *o, AovOrderRun *out)
{
	int64		n = o->nbuf;
	uint128		rmin = ~(uint128) 0,
				rmax = 0,
				qmin = ~(uint128) 0,
				qmax = 0;
	uint16		dmin = PG_UINT16_MAX,
				dmax = 0;
	int			wr,
				wq,
				wd;
	int64		d = 0;
	AovOrderRun run;

	for (int64 i = 0; i < n; i++)
	{
		uint128		kr = rkey(o->rkind, &o->r, i);
		uint128		kq = qkey(o->ikind, &o->q, i);

		rmin = Min(rmin, kr);
		rmax = Max(rmax, kr);
		qmin = Min(qmin, kq);
		qmax = Max(qmax, kq);
		if (o->ds)
		{
			dmin = Min(dmin, o->ds[i]);
			dmax = Max(dmax, o->ds[i]);
		}
	}
	if (o->ds == NULL)
		dmin = dmax = 0;
	wr = aov_bits_u128(rmax - rmin);
	wq = aov_bits_u128(qmax - qmin);
	wd = aov_bits_u128(dmax - dmin);

	if (wr + wq + wd <= 128)
	{
		/* pack, sort the keys, and unpack the distinct ones */
		AovPackedKeys keys = aov_packed_alloc(n, wr + wq + wd, o->cxt);

		for (int64 i = 0; i < n; i++)
		{
			uint128		k = 0;

			if (wr > 0)
				k = (rkey(o->rkind, &o->r, i) - rmin) << (wq + wd);
			if (wq > 0)
				k |= (qkey(o->ikind, &o->q, i) - qmin) << wd;
			if (wd > 0)
				k |= (uint128) (o->ds[i] - dmin);
			aov_packed_set(&keys, i, k);
		}
		buffer_free(o);
		aov_packed_sort(keys);
		for (int64 i = 0; i < n; i++)
			d += aov_packed_new(&keys, i);
		run = alloc_run(o, d);
		d = -1;
		for (int64 i = 0; i < n; i++)
		{
			uint128		k = aov_packed_get(&keys, i);

			if (aov_packed_new(&keys, i))
			{
				uint128		kr = rmin,
							kq = qmin;
				uint16		ds = dmin;

				if (wr > 0)
					kr += k >> (wq + wd);
				if (wq > 0)
					kq += (k >> wd) & ((((uint128) 1) << wq) - 1);
				if (wd > 0)
					ds += (uint16) (k & ((((uint128) 1) << wd) - 1));
				set_order(&run, o->rkind, o->ikind, ++d, kr, kq, ds);
				run.count[d] = 0;
			}
			run.count[d]++;
			if ((i & 0xFFFFF) == 0)
				CHECK_FOR_INTERRUPTS();
		}
		run.n = d + 1;
		aov_packed_free(keys);
	}
	else
	{
		/* ranges too wide to pack: sort the order numbers by comparison */
		int64	   *idx = MemoryContextAllocHuge(o->cxt, mul_size(Max(n, 1), sizeof(int64)));

		for (int64 i = 0; i < n; i++)
			idx[i] = i;
		sort_orders = o;
		qsort(idx, n, sizeof(int64), index_cmp);
		run = alloc_run(o, n);
		d = -1;
		for (int64 i = 0; i < n; i++)
		{
			int64		j = idx[i];

			if (i == 0 || order_cmp(o->rkind, o->ikind, &o->r, &o->q, o->ds, j,
									&o->r, &o->q, o->ds, idx[i - 1]) != 0)
			{
				set_order(&run, o->rkind, o->ikind, ++d, rkey(o->rkind, &o->r, j),
						  qkey(o->ikind, &o->q, j), o->ds ? o->ds[j] : 0);
				run.count[d] = 0;
			}
			run.count[d]++;
		}
		run.n = d + 1;
		pfree(idx);
		buffer_free(o);
	}
	run.total = n;
	resize_run(o, &run, run.n);
	*out = run;
}

static AovOrderRun *
new_run(AovOrders *o)
{
	o->runs = aov_array_reserve(o->runs, &o->capruns, o->nruns + 1, 4, sizeof(AovOrderRun),
								o->cxt);
	memset(&o->runs[o->nruns], 0, sizeof(AovOrderRun));
	return &o->runs[o->nruns++];
}

static inline int
run_cmp(const AovOrders *o, const AovOrderRun *a, int64 i, const AovOrderRun *b, int64 j)
{
	return order_cmp(o->rkind, o->ikind, &a->r, &a->q, a->ds, i, &b->r, &b->q, b->ds, j);
}

/* Order i of src as order n of out, with count c. */
static inline void
copy_order(AovOrderRun *out, int64 n, const AovOrderRun *src, int64 i, int64 c,
		   int rkind, int ikind)
{
	if (rkind == AOV_KIND_NUMERIC)
	{
		out->r.w[n] = src->r.w[i];
		out->ds[n] = src->ds[i];
	}
	else
		out->r.f[n] = src->r.f[i];
	if (ikind == AOV_KIND_NUMERIC)
		out->q.w[n] = src->q.w[i];
	else
		out->q.i[n] = src->q.i[i];
	out->count[n] = c;
}

/*
 * Merge runs a and b (each strictly increasing) into a new run, adding the
 * counts of orders both hold.  Two-way, as idset.c merges ids: a compare
 * and a copy per order.
 */
static AovOrderRun
merge_two(AovOrders *o, const AovOrderRun *a, const AovOrderRun *b)
{
	AovOrderRun out = alloc_run(o, a->n + b->n);
	int64		i = 0,
				j = 0,
				n = 0;

	while (i < a->n && j < b->n)
	{
		int			c = run_cmp(o, a, i, b, j);

		if (c <= 0)
			copy_order(&out, n, a, i, a->count[i] + (c == 0 ? b->count[j] : 0),
					   o->rkind, o->ikind);
		else
			copy_order(&out, n, b, j, b->count[j], o->rkind, o->ikind);
		i += (c <= 0);
		j += (c >= 0);
		if ((++n & 0xFFFFF) == 0)
			CHECK_FOR_INTERRUPTS();
	}
	for (; i < a->n; i++)
		copy_order(&out, n++, a, i, a->count[i], o->rkind, o->ikind);
	for (; j < b->n; j++)
		copy_order(&out, n++, b, j, b->count[j], o->rkind, o->ikind);
	out.n = n;
	out.total = a->total + b->total;
	resize_run(o, &out, n);
	return out;
}

/* Merge all runs into one, the two shortest first (array.h). */
static void
merge_runs(AovOrders *o)
{
	while (o->nruns > 1)
	{
		int			a,
					b;
		AovOrderRun merged;

		StaticAssertStmt(offsetof(AovOrderRun, n) == 0, "a run starts with its length");
		aov_two_shortest(o->runs, o->nruns, sizeof(AovOrderRun), &a, &b);
		merged = merge_two(o, &o->runs[a], &o->runs[b]);
		order_run_free(&o->runs[a]);
		order_run_free(&o->runs[b]);
		o->runs[a] = merged;
		o->runs[b] = o->runs[--o->nruns];
	}
}

/* The orders as one run (compacting them; the multiset is unchanged). */
const AovOrderRun *
aov_orders_run(AovOrders *o)
{
	static const AovOrderRun empty = {0};

	if (o->nbuf > 0)
		buffer_to_run(o, new_run(o));
	else
		buffer_free(o);
	if (o->nruns > 1)
		merge_runs(o);
	return o->nruns == 0 ? &empty : &o->runs[0];
}

/* Copy of a run in o's context, revenues times 10^dr, items times 10^di. */
static void
copy_run(AovOrders *o, const AovOrderRun *src, int dr, int di, int rscale, int iscale,
		 const char *func)
{
	AovOrderRun *r;

	if (src->n == 0)
		return;
	r = new_run(o);
	*r = alloc_run(o, src->n);
	r->n = src->n;
	r->total = src->total;
	memcpy(r->r.any, src->r.any, src->n * AOV_VALUE_SIZE(o->rkind));
	memcpy(r->q.any, src->q.any, src->n * AOV_VALUE_SIZE(o->ikind));
	if (r->ds)
		memcpy(r->ds, src->ds, src->n * sizeof(uint16));
	memcpy(r->count, src->count, src->n * sizeof(int64));
	if (dr > 0)
		aov_int128s_mul_pow10(r->r.w, r->n, dr, rscale, func);
	if (di > 0)
		aov_int128s_mul_pow10(r->q.w, r->n, di, iscale, func);
}

/*
 * Add the orders of src to dst; src's revenues are at dst's scale less dr,
 * its items at dst's less di.  With move, src is a scratch copy that is
 * about to be freed: its sorted runs, when they need no rescaling and live
 * in dst's context, are handed over instead of copied (src loses them).
 */
void
aov_orders_merge(AovOrders *dst, AovOrders *src, int dr, int di,
				 int rscale, int iscale, bool move, const char *func)
{
	Assert(dst->rkind == src->rkind && dst->ikind == src->ikind);
	if (move && dr == 0 && di == 0 && dst->cxt == src->cxt)
	{
		for (int i = 0; i < src->nruns; i++)
			*new_run(dst) = src->runs[i];
		src->nruns = 0;
	}
	for (int i = 0; i < src->nruns; i++)
		copy_run(dst, &src->runs[i], dr, di, rscale, iscale, func);
	if (src->nbuf > 0)
	{
		int64		at = dst->nbuf;

		aov_orders_grow(dst, src->nbuf);
		memcpy((char *) dst->r.any + at * AOV_VALUE_SIZE(dst->rkind), src->r.any,
			   src->nbuf * AOV_VALUE_SIZE(dst->rkind));
		memcpy((char *) dst->q.any + at * AOV_VALUE_SIZE(dst->ikind), src->q.any,
			   src->nbuf * AOV_VALUE_SIZE(dst->ikind));
		if (dst->ds)
			memcpy(dst->ds + at, src->ds, src->nbuf * sizeof(uint16));
		if (dr > 0)
			aov_int128s_mul_pow10(dst->r.w + at, src->nbuf, dr, rscale, func);
		if (di > 0)
			aov_int128s_mul_pow10(dst->q.w + at, src->nbuf, di, iscale, func);
		dst->nbuf += src->nbuf;
	}
}

/* ---------- the serialized run ---------- */

static inline uint128
q_zigzag(int ikind, const AovValArray *q, int64 i)
{
	return aov_zigzag128(ikind == AOV_KIND_NUMERIC ? q->w[i] : (int128) q->i[i]);
}

Size
aov_order_run_encoded_size(const AovOrderRun *run, int rkind, int ikind)
{
	Size		size = aov_varint_len(run->n);
	uint128		prev = 0;

	for (int64 i = 0; i < run->n; i++)
	{
		uint128		k = rkey(rkind, &run->r, i);

		size = add_size(size, aov_varint128_len(k - prev) +
						aov_varint128_len(q_zigzag(ikind, &run->q, i)) +
						(run->ds ? aov_varint_len(run->ds[i]) : 0) +
						aov_varint_len(run->count[i] - 1));
		prev = k;
	}
	return size;
}

char *
aov_order_run_encode(char *p, const AovOrderRun *run, int rkind, int ikind)
{
	uint128		prev = 0;

	p = aov_write_varint(p, run->n);
	for (int64 i = 0; i < run->n; i++)
	{
		uint128		k = rkey(rkind, &run->r, i);

		p = aov_write_varint128(p, k - prev);
		p = aov_write_varint128(p, q_zigzag(ikind, &run->q, i));
		if (run->ds)
			p = aov_write_varint(p, run->ds[i]);
		p = aov_write_varint(p, run->count[i] - 1);
		prev = k;
		if ((i & 0xFFFFF) == 0)
			CHECK_FOR_INTERRUPTS();
	}
	return p;
}

/* One serialized order, decoded: keys of r and q, the display scale, count. */
typedef struct OrderEntry
{
	uint128		kr;
	int128		q;
	uint16		ds;
	int64		count;
} OrderEntry;

static void
read_entry(AovReader *r, int rkind, uint128 prev, bool first, OrderEntry *e)
{
	uint128		delta = aov_read_varint128(r);
	uint128		qz = aov_read_varint128(r);
	uint64		cm1;

	if (!first && delta > ~(uint128) 0 - prev)
		aov_corrupt(r->typname, "The stored orders are out of range.");
	e->kr = first ? delta : prev + delta;
	e->q = aov_unzigzag128(qz);
	e->ds = 0;
	if (rkind == AOV_KIND_NUMERIC)
	{
		uint64		ds = aov_read_varint(r);

		if (ds > AOV_MAX_SCALE)
			aov_corrupt(r->typname, "A display scale is out of range.");
		e->ds = (uint16) ds;
	}
	cm1 = aov_read_varint(r);
	/* a count beyond int64 is caught against the total by the caller */
	e->count = (int64) Min(cm1, (uint64) PG_INT64_MAX - 1) + 1;
}

/*
 * Read and check a serialized run, adding it to o as one more sorted run
 * and its revenues and items to sums: strictly increasing orders, revenues
 * in range for the kind (doubles finite and not -0), integer items within
 * int4, display scales that hold the revenue (at most rdscale, and no fewer
 * decimals than the revenue has at rscale), counts >= 1 summing to at most
 * max_total.  One pass: every combine of a flat state (a parallel leader, a
 * rollup, a Citus coordinator) comes through here, so checking, summing and
 * decoding each order once is the leader's share of the work.
 */
void
aov_orders_read_run(AovReader *r, AovOrders *o, int rscale, int rdscale, int64 max_total,
					AovOrderSums *sums)
{
	int			rkind = o->rkind;
	int			ikind = o->ikind;
	uint64		n = aov_read_varint(r);
	OrderEntry	prev = {0};
	AovOrderRun *run;

	/* every order takes at least three bytes */
	if (n > (r->len - r->pos) / 3)
		aov_corrupt(r->typname, "The value is shorter than its header says.");
	if (n == 0)
		return;
	run = new_run(o);
	*run = alloc_run(o, (int64) n);
	for (uint64 i = 0; i < n; i++)
	{
		OrderEntry	e;

		read_entry(r, rkind, prev.kr, i == 0, &e);
		if (rkind == AOV_KIND_FLOAT8)
		{
			double		x;

			if (e.kr > PG_UINT64_MAX)
				aov_corrupt(r->typname, "The stored orders are out of range.");
			x = aov_double_of_key((uint64) e.kr);
			if (!isfinite(x) || (uint64) e.kr == aov_key_of_double(-0.0))
				aov_corrupt(r->typname, "A stored revenue is not a finite, canonical float8.");
			run->r.f[i] = x;
			aov_xsum_add_mul(&sums->rxsum, x, e.count);
		}
		else
		{
			int128		rv = aov_int128_of_key(e.kr);

			if (e.kr == 0)
				aov_corrupt(r->typname, "The stored orders are out of range.");
			/* the display scale an order came with holds its revenue */
			if (e.ds > rdscale ||
				(e.ds < rscale && rv != 0 &&
				 (rscale - e.ds > 38 || rv % aov_pow10_int128(rscale - e.ds) != 0)))
				aov_corrupt(r->typname, "A display scale does not hold its revenue.");
			run->r.w[i] = rv;
			run->ds[i] = e.ds;
			aov_widesum_add_mul(&sums->rsum, rv, e.count);
		}
		if (ikind == AOV_KIND_INTEGER)
		{
			if (e.q < PG_INT32_MIN || e.q > PG_INT32_MAX)
				aov_corrupt(r->typname, "A stored items value is out of range.");
			run->q.i[i] = (int64) e.q;
		}
		else
		{
			if (e.q == (int128) ((uint128) 1 << 127))
				aov_corrupt(r->typname, "A stored items value is out of range.");
			run->q.w[i] = e.q;
		}
		if (i > 0 && (e.kr == prev.kr) &&
			(e.q < prev.q || (e.q == prev.q && e.ds <= prev.ds)))
			aov_corrupt(r->typname, "The stored orders are not in strictly increasing order.");
		if (e.count > max_total - sums->total - run->total)
			aov_corrupt(r->typname, "A count is out of range.");
		run->count[i] = e.count;
		run->total += e.count;
		aov_widesum_add_mul(&sums->isum, e.q, e.count);
		if (e.q == 0)
			sums->zero_items += e.count;
		prev = e;
		if ((i & 0xFFFFF) == 0)
			CHECK_FOR_INTERRUPTS();
	}
	run->n = (int64) n;
	sums->total += run->total;
}

/* ---------- the values of each figure ---------- */

/* The revenues: the run is sorted by revenue first, so equal ones are adjacent. */
void
aov_orders_revenue(const AovOrderRun *run, int rkind, AovRun *out)
{
	int64		d = 0;
	AovValArray v;
	int64	   *count;

	for (int64 i = 0; i < run->n; i++)
		d += i == 0 || rkey(rkind, &run->r, i) != rkey(rkind, &run->r, i - 1);
	memset(out, 0, sizeof(*out));
	v.any = palloc_extended(mul_size(Max(d, 1), AOV_VALUE_SIZE(rkind)), MCXT_ALLOC_HUGE);
	count = palloc_extended(mul_size(Max(d, 1), sizeof(int64)), MCXT_ALLOC_HUGE);
	d = -1;
	for (int64 i = 0; i < run->n; i++)
	{
		if (i == 0 || rkey(rkind, &run->r, i) != rkey(rkind, &run->r, i - 1))
		{
			d++;
			if (rkind == AOV_KIND_NUMERIC)
				v.w[d] = run->r.w[i];
			else
				v.f[d] = run->r.f[i];
			count[d] = 0;
		}
		count[d] += run->count[i];
	}
	out->n = d + 1;
	out->v = v;
	out->count = count;
	out->total = run->total;
}

/* The items of every order, sorted. */
void
aov_orders_items(const AovOrderRun *run, int ikind, AovRun *out)
{
	AovValArray v;
	int64	   *count = palloc_extended(mul_size(Max(run->n, 1), sizeof(int64)), MCXT_ALLOC_HUGE);

	v.any = palloc_extended(mul_size(Max(run->n, 1), AOV_VALUE_SIZE(ikind)), MCXT_ALLOC_HUGE);
	memcpy(v.any, run->q.any, run->n * AOV_VALUE_SIZE(ikind));
	memcpy(count, run->count, run->n * sizeof(int64));
	aov_run_build(ikind, v, count, run->n, CurrentMemoryContext, out);
	pfree(count);
}

/*
 * The unit price of every order with items, sorted.  A numeric price is
 * r / q rounded at the order's display scale + 4 (orders.h), then shown at
 * the largest such scale (*pscale) and the largest display scale of the
 * priced orders (*pdscale), as every price came to be held when it was
 * computed row by row.
 */
void
aov_orders_prices(const AovOrderRun *run, int rkind, int ikind, int rscale, int iscale,
				  AovRun *out, int32 *pscale, int32 *pdscale, const char *func)
{
	int64		m = 0;
	int64		j = 0;
	AovValArray v;
	int64	   *count;
	int32		P = 0,
				D = 0;

	/* the priced orders, and the scale every price is held at */
	for (int64 i = 0; i < run->n; i++)
	{
		int128		q = ikind == AOV_KIND_NUMERIC ? run->q.w[i] : run->q.i[i];

		if (q == 0)
			continue;
		m++;
		if (rkind == AOV_KIND_NUMERIC)
		{
			P = Max(P, run->ds[i] + AOV_PRICE_EXTRA_SCALE);
			D = Max(D, run->ds[i]);
		}
	}
	*pscale = P;
	*pdscale = D;
	v.any = palloc_extended(mul_size(Max(m, 1), AOV_VALUE_SIZE(rkind)), MCXT_ALLOC_HUGE);
	count = palloc_extended(mul_size(Max(m, 1), sizeof(int64)), MCXT_ALLOC_HUGE);
	for (int64 i = 0; i < run->n; i++)
	{
		int128		q = ikind == AOV_KIND_NUMERIC ? run->q.w[i] : run->q.i[i];

		if (q == 0)
			continue;
		if (rkind == AOV_KIND_NUMERIC)
		{
			int			ps = run->ds[i] + AOV_PRICE_EXTRA_SCALE;
			int			e = ps + iscale - rscale;
			int128		num = run->r.w[i];
			int128		p;

			/* r / q at scale ps: r at rscale, q at iscale */
			if (e >= 0)
			{
				if (!aov_int128_mul_pow10(&num, e))
					aov_numeric_out_of_range(func, ps);
			}
			else
			{
				/* exact: the revenue has at most ds < ps + iscale decimals */
				num /= aov_pow10_int128(-e);
			}
			p = aov_int128_div_round(num, q);
			if (!aov_int128_mul_pow10(&p, P - ps))
				aov_numeric_out_of_range(func, P);
			v.w[j] = p;
		}
		else
		{
			double		p = run->r.f[i] / (double) q;

			v.f[j] = p == 0 ? 0.0 : p;
		}
		count[j++] = run->count[i];
		if ((i & 0xFFFFF) == 0)
			CHECK_FOR_INTERRUPTS();
	}
	aov_run_build(rkind, v, count, m, CurrentMemoryContext, out);
	pfree(count);
}
