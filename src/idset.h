/*
 * idset.h
 *		The distinct customer ids of an aov_summary, counted exactly.
 *
 * While aggregating, ids go into a keyed hash set (a set, not a list: an
 * order's customer usually repeats); compaction sorts the set and merges it
 * with the sorted runs that combines brought, dropping duplicates, so a
 * leader or coordinator merges partial sets linearly instead of hashing
 * every id again.  Serialized, a sorted run is small: the step from each id
 * to the next, as a variable-length integer (one byte for dense ids).
 *
 * Customer ids are usually dense (a sequence), and then a bitmap beats both:
 * an insert sets a bit in a page that stays in cache, a combine ORs ids in
 * instead of merging runs, the count is kept as bits are set, and
 * compaction reads the ids out in order without sorting.  The set moves
 * its ids into a bitmap when that takes no more memory than the hash set
 * would (idset.c, bitmap_fits), and back to a sorted run for good if the
 * ids later spread too thin.  The serialized form does not change.
 */
#ifndef AOV_IDSET_H
#define AOV_IDSET_H

#include "aov_ext.h"
#include "format.h"
#include "hash.h"
#include "radix.h"

typedef struct AovIdRun
{
	int64		n;
	int64	   *ids;			/* strictly increasing */
} AovIdRun;

#define AOV_IDSET_BATCH 64

typedef struct AovIdSet
{
	MemoryContext cxt;
	/* open addressing on the id; 0 marks an empty slot, so id 0 is a flag */
	uint64	   *keys;
	int64		size;			/* a power of two, or 0 */
	int64		used;			/* nonzero ids in keys */
	bool		has_zero;		/* id 0 seen */
	int			npending;		/* ids queued to be inserted together */
	uint64	   *pending;		/* AOV_IDSET_BATCH of them, once the table is large */
	/* sorted runs merged in, not yet merged with each other */
	int			nruns;
	int64		capruns;
	AovIdRun   *runs;

	/*
	 * The bitmap: bit k of page p stands for the id whose order key
	 * (aov_key_of_int64) is p * AOV_IDPAGE_IDS + k, so that pages in order
	 * of p and bits in order within them give the ids in increasing order.
	 * Pages are found through an open-addressing directory on p + 1.
	 */
	uint64	   *dirkeys;		/* p + 1 of each page; 0 marks an empty slot */
	uint64	  **dirpages;
	int64		dirsize;		/* a power of two; 0 when there is no bitmap */
	int64		npages;
	int64		nbits;			/* ids in the bitmap */
	uint64		lastpno;		/* the page of the last id added, and */
	uint64	   *lastpage;		/* ... its bits: NULL when there is no bitmap */
	bool		no_bitmap;		/* the ids proved too sparse for one */
} AovIdSet;

#define AOV_IDPAGE_SHIFT 16
#define AOV_IDPAGE_IDS ((uint64) 1 << AOV_IDPAGE_SHIFT)
#define AOV_IDPAGE_WORDS ((int) (AOV_IDPAGE_IDS / 64))	/* 8 kB a page */

extern void aov_idset_init(AovIdSet *s, MemoryContext cxt);
extern void aov_idset_free(AovIdSet *s);
extern void aov_idset_insert_slow(AovIdSet *s, uint64 id);
extern void aov_idset_flush(AovIdSet *s);
extern int64 aov_idset_count(AovIdSet *s);
extern const AovIdRun *aov_idset_run(AovIdSet *s);
extern void aov_idset_merge(AovIdSet *dst, AovIdSet *src, bool move);

extern uint64 *aov_idset_page(AovIdSet *s, uint64 key);

static inline void
aov_idset_add(AovIdSet *s, int64 id)
{
	if (s->lastpage != NULL)
	{
		uint64		key = aov_key_of_int64(id);
		uint64	   *page = (key >> AOV_IDPAGE_SHIFT) == s->lastpno ? s->lastpage
			: aov_idset_page(s, key);

		if (likely(page != NULL))
		{
			uint64	   *w = &page[(key >> 6) & (AOV_IDPAGE_WORDS - 1)];
			uint64		bit = (uint64) 1 << (key & 63);

			s->nbits += (*w & bit) == 0;
			*w |= bit;
			return;
		}
		/* too sparse: the bitmap is now a run, and the hash set takes over */
	}
	if (s->pending != NULL && id != 0)
	{
		s->pending[s->npending++] = (uint64) id;
		if (unlikely(s->npending == AOV_IDSET_BATCH))
			aov_idset_flush(s);
		return;
	}
	aov_idset_insert_slow(s, (uint64) id);
}

/* no id at all (readable on a set that may not be flushed or compacted) */
static inline bool
aov_idset_empty(const AovIdSet *s)
{
	for (int i = 0; i < s->nruns; i++)
		if (s->runs[i].n > 0)
			return false;
	return s->used == 0 && !s->has_zero && s->npending == 0 && s->nbits == 0;
}

extern Size aov_id_run_encoded_size(const AovIdRun *r);
extern char *aov_id_run_encode(char *p, const AovIdRun *r);

typedef struct AovIdRunView
{
	int64		n;
	const char *packed;
	Size		len;
	int			version;		/* 1: raw int64s; 2: varints */
} AovIdRunView;

extern void aov_id_run_parse(AovReader *r, int version, int64 n_v1, AovIdRunView *view);
extern void aov_idset_add_view(AovIdSet *s, const AovIdRunView *view);

#endif							/* AOV_IDSET_H */
