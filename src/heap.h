/*
 * heap.h
 *		A binary heap of int64 items (run numbers, positions in a run) in a
 *		caller's array, in an order the caller gives: the merge of k sorted
 *		runs (values.c, idset.c, orders.c) and the k most frequent values
 *		(robust.c).
 *
 * Inline, and the order is a constant function in every caller, so each
 * use compiles to its own comparisons.
 */
#ifndef AOV_HEAP_H
#define AOV_HEAP_H

#include "c.h"

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

#endif							/* AOV_HEAP_H */
