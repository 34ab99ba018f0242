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
 */
#ifndef AOV_IDSET_H
#define AOV_IDSET_H

#include "aov_ext.h"
#include "format.h"
#include "hash.h"

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
} AovIdSet;

extern void aov_idset_init(AovIdSet *s, MemoryContext cxt);
extern void aov_idset_free(AovIdSet *s);
extern void aov_idset_insert_slow(AovIdSet *s, uint64 id);
extern void aov_idset_flush(AovIdSet *s);
extern int64 aov_idset_count(AovIdSet *s);
extern const AovIdRun *aov_idset_run(AovIdSet *s);
extern void aov_idset_merge(AovIdSet *dst, AovIdSet *src, bool move);

static inline void
aov_idset_add(AovIdSet *s, int64 id)
{
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
	return s->used == 0 && !s->has_zero && s->npending == 0;
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
