/*
 * firsts.h
 *		aov_firsts: the time of each customer's first order (firsts.c), and
 *		the lookup table the segment aggregate probes once per order.
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
 * Whether lk was built from the plain value d (or is for no value, d being
 * 0): the cheap test made per order.
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
	if (VARATT_IS_EXTENDED(v) || VARSIZE(v) - VARHDRSZ != lk->srclen || lk->srclen < 16)
		return false;
	/* the stored hash, at offset 8, big-endian */
	memcpy(&h, VARDATA(v) + 8, sizeof(h));
	return pg_ntoh64(h) == lk->srchash;
}

/* The slot where the probe for customer id starts. */
static inline uint64
aov_firsts_slot_of(const AovFirstsLookup *lk, int64 id)
{
	return aov_hash64((uint64) id) & lk->mask;
}

/* The first order time held in a used slot. */
static inline TimestampTz
aov_firsts_slot_time(const AovFirstsSlot *s)
{
	return s->ts == AOV_FIRSTS_FREE + 1 ? DT_NOBEGIN : s->ts;
}

/* Start loading the memory at p into the caches; nothing else. */
#if defined(__GNUC__) || defined(__clang__)
#define aov_prefetch(p) __builtin_prefetch(p)
#else
#define aov_prefetch(p) ((void) 0)
#endif

#endif							/* AOV_FIRSTS_H */
