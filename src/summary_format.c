/*
 * summary_format.c
 *		The serialized form of aov_summary, its checks, and its type I/O.
 *
 * Serialized form, version 2 (flat body, send/recv, hex text alike), all
 * fixed-width fields big-endian:
 *	  0  uint8   format version (2)
 *	  1  uint8   flags: 1 customer ids given, 2 detail present
 *	  2  uint8   revenue kind (1 numeric, 2 float8)
 *	  3  uint8   items kind (1 numeric, 3 integer)
 *	  4  int32   revenue scale (numeric: decimals of the stored integers)
 *	  8  int32   revenue display scale
 *	 12  int32   items scale
 *	 16  int32   items display scale
 *	 20  uint8   customer id kind (0 bigint, 1 uuid, 2 text; 0 without
 *				 customer ids), then 3 reserved zero bytes
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
 *	 ..  customers only: the c ids as a run: bigint, idset.h; uuid and
 *		 text, keyset.h
 *	 ..  detail only: the orders as a run (orders.h)
 * Byte 20 was a reserved zero until the uuid and text kinds: bigint
 * summaries keep their bytes, and values written before it read as bigint.
 * Version 1 (aov_ext 0.2 and 0.3) has the same fields up to the items sum,
 * then c customer ids as int64 in increasing order, then with detail three
 * vectors (revenue, items, unit price), each int32 scale, int32 display
 * scale, int64 n and n values in arrival order; it is still read, and its
 * unit prices are checked against the orders they came from.
 *
 * Checks of every parse: known version, flags and kinds; counts >= 0,
 * zero-item and guest orders <= orders, customers <= orders - guest orders;
 * no customers or guests without the customer flag; the guests' revenue
 * zero without guests and the whole revenue when all orders are guests';
 * scales at most the display scales; with detail, the orders
 * agree with the header: as many, as many without items, and their exact
 * revenue and items sums equal the stored sums; doubles finite; length
 * exact.  A value that passes describes a set of orders that could exist.
 */
#include "postgres.h"

#include <math.h>

#include "miscadmin.h"
#include "port/pg_bswap.h"
#include "utils/memutils.h"

#include "format.h"
#include "numeric_scaled.h"
#include "summary.h"

#define SUMMARY_HEADER_SIZE 64
#define WIDE_SIZE 24
#define XSUM_SIZE (AOV_XSUM_CHUNKS * 8)

/* ---------- writing ---------- */

static char *
write_wide(char *p, const AovWideSum *w)
{
	p = aov_write_i128(p, w->lo);
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

/* Compacts the ids and the orders (their contents unchanged), then sizes. */
Size
aov_summary_flat_size(ExpandedObjectHeader *eohptr)
{
	AovSummary *s = (AovSummary *) eohptr;
	Size		size = SUMMARY_HEADER_SIZE;

	size += s->rkind == AOV_KIND_NUMERIC ? 2 * WIDE_SIZE : 2 * XSUM_SIZE;
	size += WIDE_SIZE;
	if ((s->flags & AOV_SUM_CUSTOMERS) && s->idkind == AOV_ID_BIGINT)
		size = add_size(size, aov_id_run_encoded_size(aov_idset_run(&s->ids)));
	else if (s->flags & AOV_SUM_CUSTOMERS)
		size = add_size(size, aov_keyset_encoded_size(s->keys));
	if (s->flags & AOV_SUM_DETAIL)
		size = add_size(size, aov_order_run_encoded_size(aov_orders_run(&s->detail),
														 s->rkind, s->ikind));
	return aov_flat_size(size, AOV_SUMMARY_TYPNAME);
}

void
aov_summary_flatten(ExpandedObjectHeader *eohptr, void *result, Size allocated_size)
{
	AovSummary *s = (AovSummary *) eohptr;
	char	   *p = VARDATA(result);
	int64		ncust = (s->flags & AOV_SUM_CUSTOMERS) ? aov_summary_ncustomers(s) : 0;

	SET_VARSIZE(result, allocated_size);
	p = aov_write_u8(p, AOV_FORMAT_V2);
	p = aov_write_u8(p, s->flags);
	p = aov_write_u8(p, s->rkind);
	p = aov_write_u8(p, s->ikind);
	p = aov_write_i32(p, s->rscale);
	p = aov_write_i32(p, s->rdscale);
	p = aov_write_i32(p, s->iscale);
	p = aov_write_i32(p, s->idscale);
	p = aov_write_u8(p, s->idkind);
	p = aov_write_u8(p, 0);
	p = aov_write_u8(p, 0);
	p = aov_write_u8(p, 0);
	p = aov_write_f64(p, s->trim);
	p = aov_write_i64(p, s->orders);
	p = aov_write_i64(p, s->zero_orders);
	p = aov_write_i64(p, s->guest_orders);
	p = aov_write_i64(p, ncust);
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
	if ((s->flags & AOV_SUM_CUSTOMERS) && s->idkind == AOV_ID_BIGINT)
		p = aov_id_run_encode(p, aov_idset_run(&s->ids));
	else if (s->flags & AOV_SUM_CUSTOMERS)
		p = aov_keyset_encode(p, s->keys);
	if (s->flags & AOV_SUM_DETAIL)
		p = aov_order_run_encode(p, aov_orders_run(&s->detail), s->rkind, s->ikind);
	Assert(p == (char *) result + allocated_size);
}

/* ---------- reading ---------- */

/*
 * Without guest orders the guests' revenue is zero; when every order is a
 * guest's it is the whole revenue.  (Exact sums are canonical once read.)
 */
static bool
guest_revenue_fits(const AovSummary *s)
{
	bool		none,
				all;

	if (s->rkind == AOV_KIND_NUMERIC)
	{
		AovWideSum	zero = {0, 0};

		none = aov_widesum_cmp(&s->guest_rsum, &zero) == 0;
		all = aov_widesum_cmp(&s->guest_rsum, &s->rsum) == 0;
	}
	else
	{
		AovExactSum zero;

		aov_xsum_init(&zero);
		none = memcmp(s->guest_rxsum.chunk, zero.chunk, sizeof(zero.chunk)) == 0;
		all = memcmp(s->guest_rxsum.chunk, s->rxsum.chunk, sizeof(zero.chunk)) == 0;
	}
	return (s->guest_orders > 0 || none) && (s->guest_orders < s->orders || all);
}

static void
read_wide(AovReader *r, AovWideSum *w)
{
	w->lo = aov_read_i128(r);
	w->carry = aov_read_i64(r);
	/* sums of < 2^63 values below 2^127 need fewer than 2^62 carries */
	if (w->carry > PG_INT64_MAX / 4 || w->carry < -(PG_INT64_MAX / 4))
		aov_corrupt(AOV_SUMMARY_TYPNAME, "A sum is out of range.");
}

static void
read_xsum(AovReader *r, AovExactSum *x)
{
	for (int i = 0; i < AOV_XSUM_CHUNKS; i++)
	{
		x->chunk[i] = aov_read_i64(r);
		if (i < AOV_XSUM_CHUNKS - 1 ? (x->chunk[i] < 0 || x->chunk[i] > PG_UINT32_MAX)
			: (x->chunk[i] > PG_UINT32_MAX || x->chunk[i] < -(int64) PG_UINT32_MAX))
			aov_corrupt(AOV_SUMMARY_TYPNAME, "A float8 sum is not normalized.");
	}
	x->pending = 0;
}

static bool
xsum_equal(const AovExactSum *a, const AovExactSum *b)
{
	AovExactSum x = *a;
	AovExactSum y = *b;

	aov_xsum_carry(&x);
	aov_xsum_carry(&y);
	return memcmp(x.chunk, y.chunk, sizeof(x.chunk)) == 0;
}

/* A version 1 vector: scale, display scale, n values in arrival order. */
typedef struct V1Vec
{
	int32		scale;
	int32		dscale;
	int64		n;
	const char *packed;
} V1Vec;

static void
read_v1_vec(AovReader *r, V1Vec *v, int kind)
{
	v->scale = aov_read_i32(r);
	v->dscale = aov_read_i32(r);
	v->n = aov_read_i64(r);
	if (v->scale < 0 || v->dscale < 0 || v->dscale > AOV_MAX_SCALE ||
		v->scale > AOV_MAX_SCALE + AOV_PRICE_EXTRA_SCALE ||
		(kind != AOV_KIND_NUMERIC && (v->scale != 0 || v->dscale != 0)))
		aov_corrupt(AOV_SUMMARY_TYPNAME, "A scale is out of range.");
	if (v->n < 0 || (Size) v->n > (r->len - r->pos) / AOV_VALUE_SIZE(kind))
		aov_corrupt(AOV_SUMMARY_TYPNAME, "The value is shorter than its header says.");
	v->packed = aov_read_bytes(r, (Size) v->n * AOV_VALUE_SIZE(kind));
	if (kind == AOV_KIND_FLOAT8)
	{
		for (int64 i = 0; i < v->n; i++)
		{
			uint64		bits;

			memcpy(&bits, v->packed + 8 * i, 8);
			if (((pg_ntoh64(bits) >> 52) & 0x7FF) == 0x7FF)
				aov_corrupt(AOV_SUMMARY_TYPNAME, "A stored value is not finite.");
		}
	}
}

static int128
v1_value(const V1Vec *v, int kind, int64 i)
{
	uint64		hi,
				lo;

	if (kind == AOV_KIND_NUMERIC)
	{
		memcpy(&hi, v->packed + 16 * i, 8);
		memcpy(&lo, v->packed + 16 * i + 8, 8);
		return (int128) (((uint128) pg_ntoh64(hi) << 64) | pg_ntoh64(lo));
	}
	memcpy(&lo, v->packed + 8 * i, 8);
	return (int64) pg_ntoh64(lo);
}

static double
as_double(int128 bits)
{
	int64		b = (int64) bits;
	double		f;

	memcpy(&f, &b, sizeof(f));
	return f;
}

/*
 * The price r / q at scale ps (r at rscale, q at iscale), rounded half away
 * from zero; false when r has no exact value in range at scale ps + iscale.
 */
static bool
price_at(int128 r, int128 q, int rscale, int iscale, int ps, int128 *p)
{
	int			e = ps + iscale - rscale;
	int128		num = r;

	if (e >= 0)
	{
		if (!aov_int128_mul_pow10(&num, e))
			return false;
	}
	else
	{
		int128		f = aov_pow10_int128(Min(-e, 38));

		if (-e > 38 || num % f != 0)
			return false;
		num /= f;
	}
	*p = aov_int128_div_round(num, q);
	return true;
}

/*
 * The orders of a version 1 detail: (revenue, items) pairs by position,
 * each unit price checked against the one its order gives.  A numeric
 * order's display scale, which version 1 did not store, is the largest one
 * (at most the revenue display scale) that gives its stored price.
 */
static void
add_v1_detail(AovSummary *s, const V1Vec *rev, const V1Vec *qty, const V1Vec *price)
{
	AovOrders  *o = &s->detail;
	int64		j = 0;

	aov_orders_grow(o, rev->n);
	for (int64 i = 0; i < rev->n; i++)
	{
		int128		r = v1_value(rev, s->rkind, i);
		int128		q = v1_value(qty, s->ikind, i);
		int			ds = 0;

		if (s->rkind == AOV_KIND_NUMERIC)
		{
			int			reff = s->rscale;
			int128		t = r;

			while (reff > 0 && t != 0 && t % 10 == 0)
			{
				t /= 10;
				reff--;
			}
			if (t == 0)
				reff = 0;
			ds = reff;
			if (q != 0)
			{
				int128		want = v1_value(price, s->rkind, j);
				bool		found = false;

				for (ds = Min(s->rdscale, price->scale - AOV_PRICE_EXTRA_SCALE); ds >= reff; ds--)
				{
					int			ps = ds + AOV_PRICE_EXTRA_SCALE;
					int128		p;

					if (price_at(r, q, s->rscale, s->iscale, ps, &p) &&
						aov_int128_mul_pow10(&p, price->scale - ps) && p == want)
					{
						found = true;
						break;
					}
				}
				if (!found)
					aov_corrupt(AOV_SUMMARY_TYPNAME, "A per-order unit price is not the one its order gives.");
			}
		}
		else if (q != 0)
		{
			double		p = as_double(r) / (double) q;

			if ((p == 0 ? 0.0 : p) != as_double(v1_value(price, s->rkind, j)))
				aov_corrupt(AOV_SUMMARY_TYPNAME, "A per-order unit price is not the one its order gives.");
		}
		if (q != 0)
			j++;
		aov_orders_push(o, r, s->rkind == AOV_KIND_FLOAT8 ? as_double(r) : 0, q, ds);
		if ((i & 0xFFFFF) == 0)
			CHECK_FOR_INTERRUPTS();
	}
}

/*
 * Parse a serialized summary into a new expanded summary in cxt, checking
 * every invariant (see the top of this file).
 */
AovSummary *
aov_summary_parse(const char *body, Size len, MemoryContext cxt)
{
	AovReader	r;
	int			version;
	uint8		flags,
				rkind,
				ikind,
				idkind;
	int32		rscale,
				rdscale,
				iscale,
				idscale;
	double		trim;
	int64		orders,
				zero_orders,
				guest_orders,
				ncustomers;
	AovSummary *s;

	aov_reader_init(&r, body, len, AOV_SUMMARY_TYPNAME);
	version = aov_read_u8(&r);
	if (version != AOV_FORMAT_V1 && version != AOV_FORMAT_V2)
		aov_bad_version(AOV_SUMMARY_TYPNAME, version, AOV_FORMAT_V1, AOV_FORMAT_V2);
	flags = aov_read_u8(&r);
	rkind = aov_read_u8(&r);
	ikind = aov_read_u8(&r);
	if (flags & ~(AOV_SUM_CUSTOMERS | AOV_SUM_DETAIL))
		aov_corrupt(AOV_SUMMARY_TYPNAME, "Unknown flags are set.");
	if ((rkind != AOV_KIND_NUMERIC && rkind != AOV_KIND_FLOAT8) ||
		(ikind != AOV_KIND_NUMERIC && ikind != AOV_KIND_INTEGER) ||
		(rkind == AOV_KIND_FLOAT8 && ikind != AOV_KIND_INTEGER))
		aov_corrupt(AOV_SUMMARY_TYPNAME, "The value kinds are unknown.");
	rscale = aov_read_i32(&r);
	rdscale = aov_read_i32(&r);
	iscale = aov_read_i32(&r);
	idscale = aov_read_i32(&r);
	if (rscale < 0 || rscale > AOV_MAX_SCALE || rdscale < 0 || rdscale > AOV_MAX_SCALE ||
		iscale < 0 || iscale > AOV_MAX_SCALE || idscale < 0 || idscale > AOV_MAX_SCALE ||
		(rkind != AOV_KIND_NUMERIC && (rscale || rdscale)) ||
		(ikind != AOV_KIND_NUMERIC && (iscale || idscale)) ||
		/* a value's decimals never exceed its display scale */
		rscale > rdscale || iscale > idscale)
		aov_corrupt(AOV_SUMMARY_TYPNAME, "A scale is out of range.");
	idkind = aov_read_u8(&r);
	if (aov_read_u8(&r) != 0 || aov_read_u8(&r) != 0 || aov_read_u8(&r) != 0)
		aov_corrupt(AOV_SUMMARY_TYPNAME, "A reserved field is not zero.");
	if (idkind > AOV_ID_TEXT || (idkind != AOV_ID_BIGINT &&
								 (version == AOV_FORMAT_V1 || !(flags & AOV_SUM_CUSTOMERS))))
		aov_corrupt(AOV_SUMMARY_TYPNAME, "The customer id kind is unknown, or given without customer ids.");
	trim = aov_read_f64(&r);
	if ((flags & AOV_SUM_DETAIL) ? !(trim >= 0 && trim < 0.5) : trim != 0)
		aov_corrupt(AOV_SUMMARY_TYPNAME, "The trim fraction is out of range.");
	orders = aov_read_i64(&r);
	zero_orders = aov_read_i64(&r);
	guest_orders = aov_read_i64(&r);
	ncustomers = aov_read_i64(&r);
	if (orders < 0 || orders > PG_INT64_MAX / 4 ||
		zero_orders < 0 || zero_orders > orders ||
		guest_orders < 0 || guest_orders > orders ||
		ncustomers < 0 || ncustomers > orders - guest_orders ||
		(!(flags & AOV_SUM_CUSTOMERS) && (ncustomers || guest_orders)))
		aov_corrupt(AOV_SUMMARY_TYPNAME, "A count is out of range.");

	s = aov_summary_new(cxt, flags, rkind, ikind, trim);
	if (idkind != AOV_ID_BIGINT)
		aov_summary_set_idkind(s, idkind);
	s->orders = orders;
	s->zero_orders = zero_orders;
	s->guest_orders = guest_orders;
	s->rscale = rscale;
	s->rdscale = rdscale;
	s->iscale = iscale;
	s->idscale = idscale;
	if (rkind == AOV_KIND_NUMERIC)
	{
		read_wide(&r, &s->rsum);
		read_wide(&r, &s->guest_rsum);
	}
	else
	{
		read_xsum(&r, &s->rxsum);
		read_xsum(&r, &s->guest_rxsum);
	}
	if (!guest_revenue_fits(s))
		aov_corrupt(AOV_SUMMARY_TYPNAME, "The guests' revenue does not match the guest orders.");
	read_wide(&r, &s->isum);
	/* integer items are int4: their sum is bounded by the orders */
	if (ikind == AOV_KIND_INTEGER &&
		(s->isum.carry != 0 ||
		 s->isum.lo > (int128) orders * PG_INT32_MAX ||
		 s->isum.lo < -(int128) orders * PG_INT32_MAX - orders))
		aov_corrupt(AOV_SUMMARY_TYPNAME, "The items sum is out of range.");

	if (idkind != AOV_ID_BIGINT)
		aov_keyset_parse(&r, s->keys, ncustomers);
	else if (version == AOV_FORMAT_V1 || (flags & AOV_SUM_CUSTOMERS))
	{
		AovIdRunView ids;

		aov_id_run_parse(&r, version, ncustomers, &ids);
		if (ids.n != ncustomers)
			aov_corrupt(AOV_SUMMARY_TYPNAME, "The customer ids do not match their count.");
		aov_idset_add_view(&s->ids, &ids);
	}

	if (flags & AOV_SUM_DETAIL)
	{
		AovWideSum	rsum = {0, 0};
		AovExactSum rxsum;
		AovWideSum	isum = {0, 0};
		int64		zero_items = 0;

		aov_xsum_init(&rxsum);
		if (version == AOV_FORMAT_V2)
		{
			AovOrderSums sums;

			memset(&sums, 0, sizeof(sums));
			aov_xsum_init(&sums.rxsum);
			aov_orders_read_run(&r, &s->detail, rscale, rdscale, PG_INT64_MAX / 4, &sums);
			if (sums.total != orders)
				aov_corrupt(AOV_SUMMARY_TYPNAME, "The per-order values do not match the order counts.");
			zero_items = sums.zero_items;
			rsum = sums.rsum;
			rxsum = sums.rxsum;
			isum = sums.isum;
		}
		else
		{
			V1Vec		rev,
						qty,
						price;

			read_v1_vec(&r, &rev, rkind);
			read_v1_vec(&r, &qty, ikind);
			read_v1_vec(&r, &price, rkind);
			if (rev.n != orders || qty.n != orders || price.n != orders - zero_orders)
				aov_corrupt(AOV_SUMMARY_TYPNAME, "The per-order values do not match the order counts.");
			if (rev.scale != rscale || qty.scale != iscale)
				aov_corrupt(AOV_SUMMARY_TYPNAME, "The per-order values are not at the sums' scales.");
			for (int64 i = 0; i < orders; i++)
			{
				int128		x = v1_value(&rev, rkind, i);
				int128		q = v1_value(&qty, ikind, i);

				if (rkind == AOV_KIND_NUMERIC)
					aov_widesum_add(&rsum, x);
				else
					aov_xsum_add(&rxsum, as_double(x));
				aov_widesum_add(&isum, q);
				zero_items += q == 0;
				if (ikind == AOV_KIND_INTEGER && (q < PG_INT32_MIN || q > PG_INT32_MAX))
					aov_corrupt(AOV_SUMMARY_TYPNAME, "A stored items value is out of range.");
			}
			if (zero_items == zero_orders)
				add_v1_detail(s, &rev, &qty, &price);
		}
		/* the header and the orders it summarizes must agree */
		if (zero_items != zero_orders)
			aov_corrupt(AOV_SUMMARY_TYPNAME, "The zero-item orders do not match the order counts.");
		if (rkind == AOV_KIND_NUMERIC ? aov_widesum_cmp(&rsum, &s->rsum) != 0
			: !xsum_equal(&rxsum, &s->rxsum))
			aov_corrupt(AOV_SUMMARY_TYPNAME, "The revenue sum is not the sum of the per-order revenues.");
		if (aov_widesum_cmp(&isum, &s->isum) != 0)
			aov_corrupt(AOV_SUMMARY_TYPNAME, "The items sum is not the sum of the per-order items.");
	}
	aov_reader_end(&r);
	return s;
}

AovSummary *
aov_summary_parse_flat(Datum d, MemoryContext cxt, const char *func)
{
	AovFlat		f;
	AovSummary *s;

	(void) func;
	aov_flat_open(&f, d);
	s = aov_summary_parse(f.body, f.len, cxt);
	aov_flat_close(&f);
	return s;
}

static void
summary_validate(const char *body, Size len)
{
	MemoryContext tmp = AllocSetContextCreate(CurrentMemoryContext, "aov_summary check",
											  ALLOCSET_DEFAULT_SIZES);

	aov_summary_parse(body, len, tmp);
	MemoryContextDelete(tmp);
}

/* ---------- type I/O ---------- */

AOV_TYPE_IO_FUNCTIONS(aov_summary, AOV_SUMMARY_TYPNAME, summary_validate)
