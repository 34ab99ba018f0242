/*
 * firsts.h
 *		aov_firsts: the time of each customer's first order (firsts.c), and
 *		the lookup table _aov_first_order probes once per order.
 */
#ifndef AOV_FIRSTS_H
#define AOV_FIRSTS_H

#include "datatype/timestamp.h"
#include "port/pg_bswap.h"

#include "hash.h"

/*
 * One slot of the lookup table: a customer id and its first order time.
 * A free slot has ts == AOV_FIRSTS_FREE; a first order at -infinity
 * (PG_INT64_MIN, the same value) is stored one above it and given back as
 * itself.
 */
#define AOV_FIRSTS_FREE PG_INT64_MIN

typedef struct AovFirstsSlot
{
	int64		id;
	int64		ts;
} AovFirstsSlot;

typedef struct AovFirstsLookup
{
	/* the value it was built from: its length and stored hash */
	Size		srclen;
	uint64		srchash;
	/* and, when it came compressed or toasted, the bytes it came as */
	Size		extlen;
	char	   *ext;
	/*
	 * Dense ids (the span from the least to the greatest at most twice the
	 * customers, as serial ids are): the time of id at dense[id - base], free
	 * when it has none.  One read per order, and 8-16 bytes per customer, a
	 * fraction of the hash table, so more of it stays in the CPU caches.
	 */
	int64		base;
	uint64		ndense;
	int64	   *dense;
	/* otherwise a hash table */
	uint64		mask;			/* slots - 1, a power of two less one */
	AovFirstsSlot *slot;		/* open addressing on the id, linear probing */
} AovFirstsLookup;

/*
 * The lookup table of a firsts value ((Datum) 0 for none: no customers),
 * reusing lk when it was built from the same value; built in cxt.
 */
extern AovFirstsLookup *aov_firsts_lookup(AovFirstsLookup *lk, Datum firsts,
										  MemoryContext cxt);

/*
 * Whether lk was built from the value d (or is for no value, d being 0):
 * the cheap test made per order.  A plain value is known by its length and
 * stored hash; a compressed or toasted one by its bytes as they come
 * (a toast pointer: 18 bytes), so that it is not unpacked per order.
 */
static inline bool
aov_firsts_current(const AovFirstsLookup *lk, Datum d)
{
	const struct varlena *v = (const struct varlena *) DatumGetPointer(d);
	uint64		h;

	if (lk == NULL)
		return false;
	if (v == NULL)
		return lk->srclen == 0;
	if (VARATT_IS_EXTENDED(v))
		return lk->extlen != 0 && VARSIZE_ANY(v) == lk->extlen &&
			memcmp(v, lk->ext, lk->extlen) == 0;
	if (VARSIZE(v) - VARHDRSZ != lk->srclen || lk->srclen < 16)
		return false;
	/* the stored hash, at offset 8, big-endian */
	memcpy(&h, VARDATA(v) + 8, sizeof(h));
	return pg_ntoh64(h) == lk->srchash;
}

/* The first order time of customer id, if the table has them. */
static inline bool
aov_firsts_find(const AovFirstsLookup *lk, int64 id, TimestampTz *first)
{
	if (lk->dense != NULL)
	{
		uint64		k = (uint64) id - (uint64) lk->base;
		int64		t;

		if (k >= lk->ndense || (t = lk->dense[k]) == AOV_FIRSTS_FREE)
			return false;
		*first = t == AOV_FIRSTS_FREE + 1 ? DT_NOBEGIN : t;
		return true;
	}
	for (uint64 j = aov_hash64((uint64) id) & lk->mask;; j = (j + 1) & lk->mask)
	{
		const AovFirstsSlot *s = &lk->slot[j];

		if (s->ts == AOV_FIRSTS_FREE)
			return false;
		if (s->id == id)
		{
			*first = s->ts == AOV_FIRSTS_FREE + 1 ? DT_NOBEGIN : s->ts;
			return true;
		}
	}
}

#endif							/* AOV_FIRSTS_H */
