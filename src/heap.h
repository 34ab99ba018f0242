/*
 * heap.h
 *		A binary heap of int64 items (run numbers, positions in a run) in a
 *		caller's array, in an order the caller gives: the merge of k sorted
 *		runs (values.c, idset.c, orders.c) and the k most frequent values
 *		(robust.c).
 *
 * Inline, and the order is a constant function in every caller, so each
 * use compiles to its own comparisons.  An AovMerge is such a heap over
 * runs, passed to the order as its argument.
 */
#ifndef AOV_HEAP_H
#define AOV_HEAP_H

#include "c.h"
#include "utils/palloc.h"

/* whether item a comes before item b; arg is the caller's */
typedef bool (*AovHeapBefore) (const void *arg, int64 a, int64 b);

/* Add item to the heap heap[0 .. *n); the first item in the order is the root. */
static pg_attribute_always_inline void
aov_heap_push(int64 *heap, int *n, int64 item, AovHeapBefore before, const void *arg)
{
	int			c = (*n)++;

	heap[c] = item;
	while (c > 0 && before(arg, heap[c], heap[(c - 1) / 2]))
	{
		int64		t = heap[c];

		heap[c] = heap[(c - 1) / 2];
		heap[(c - 1) / 2] = t;
		c = (c - 1) / 2;
	}
}

/* Restore the order of heap[0 .. n) after its root changed. */
static pg_attribute_always_inline void
aov_heap_sift_down(int64 *heap, int n, AovHeapBefore before, const void *arg)
{
	for (int c = 0;;)
	{
		int			l = 2 * c + 1;
		int			m = c;
		int64		t;

		if (l < n && before(arg, heap[l], heap[m]))
			m = l;
		if (l + 1 < n && before(arg, heap[l + 1], heap[m]))
			m = l + 1;
		if (m == c)
			break;
		t = heap[c];
		heap[c] = heap[m];
		heap[m] = t;
		c = m;
	}
}

/*
 * A merge of k sorted runs: a heap of the run numbers by the item at each
 * run's position.  The next item of the merge is at run heap[0], position
 * pos[heap[0]]; the order compares the heads of two runs through pos.
 */
typedef struct AovMerge
{
	const void *runs;			/* the caller's runs */
	int64	   *pos;			/* each run's position */
	int64	   *heap;			/* the runs not used up, by head */
	int			nheap;
} AovMerge;

static inline void
aov_merge_init(AovMerge *m, const void *runs, int k)
{
	m->runs = runs;
	m->pos = palloc0(Max(k, 1) * sizeof(int64));
	m->heap = palloc(Max(k, 1) * sizeof(int64));
	m->nheap = 0;
}

/* Add run r (not empty) to the merge. */
static pg_attribute_always_inline void
aov_merge_add(AovMerge *m, int64 r, AovHeapBefore before)
{
	aov_heap_push(m->heap, &m->nheap, r, before, m);
}

/* Move past the next item, in a run of len items. */
static pg_attribute_always_inline void
aov_merge_advance(AovMerge *m, int64 len, AovHeapBefore before)
{
	if (++m->pos[m->heap[0]] == len)
		m->heap[0] = m->heap[--m->nheap];
	aov_heap_sift_down(m->heap, m->nheap, before, m);
}

static inline void
aov_merge_free(AovMerge *m)
{
	pfree(m->pos);
	pfree(m->heap);
}

#endif							/* AOV_HEAP_H */
