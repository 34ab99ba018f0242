/*
 * firsts.h
 *		aov_firsts: the time of each customer's first order (firsts.c), and
 *		the lookup table the segment aggregate probes once per order.
 */
#ifndef AOV_FIRSTS_H
#define AOV_FIRSTS_H

#include "datatype/timestamp.h"

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

/* The first order time of customer id into *ts, or false when it has none. */
static inline bool
aov_firsts_find(const AovFirstsLookup *lk, int64 id, TimestampTz *ts)
{
	uint64		j = aov_hash64((uint64) id) & lk->mask;

	for (;;)
	{
		const AovFirstsSlot *s = &lk->slot[j];

		if (s->ts == AOV_FIRSTS_FREE)
			return false;
		if (s->id == id)
		{
			*ts = s->ts == AOV_FIRSTS_FREE + 1 ? DT_NOBEGIN : s->ts;
			return true;
		}
		j = (j + 1) & lk->mask;
	}
}

#endif							/* AOV_FIRSTS_H */
