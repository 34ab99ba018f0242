/*
 * array.h
 *		Arrays in a memory context: allocated huge, grown by doubling, freed
 *		when present.
 *
 * The states grow their arrays a row or a run at a time (values, orders,
 * order lines, the runs merged in); doubling keeps that amortized constant.
 * Allocations are huge because a serial aggregate may hold more than 1 GB:
 * only a value that leaves the process is limited to it (format.h).
 */
#ifndef AOV_ARRAY_H
#define AOV_ARRAY_H

#include "utils/memutils.h"

/* a, or a new array in cxt when a is NULL, resized to n elements of elem bytes */
static inline void *
aov_array_resize(void *a, int64 n, Size elem, MemoryContext cxt)
{
	/* never zero bytes: an empty array is still a pointer to free */
	Size		size = mul_size(Max(n, 1), elem);

	return a ? repalloc_huge(a, size) : MemoryContextAllocHuge(cxt, size);
}

/* A new array of n elements of elem bytes in cxt. */
static inline void *
aov_array_alloc(int64 n, Size elem, MemoryContext cxt)
{
	return aov_array_resize(NULL, n, elem, cxt);
}

/* The capacity that holds need elements: cap doubled, and at least min. */
static inline int64
aov_array_grow_cap(int64 cap, int64 need, int64 min)
{
	return Max(Max(cap * 2, need), min);
}

/*
 * Room for need elements in a, of capacity *cap: grown (to at least min
 * elements) when it is short.  Returns the array, which may have moved.
 */
static inline void *
aov_array_reserve(void *a, int64 *cap, int64 need, int64 min, Size elem, MemoryContext cxt)
{
	if (need > *cap)
	{
		*cap = aov_array_grow_cap(*cap, need, min);
		a = aov_array_resize(a, *cap, elem, cxt);
	}
	return a;
}

/* pfree of an array that may not have been allocated */
static inline void
aov_free(void *p)
{
	if (p != NULL)
		pfree(p);
}

/*
 * The two shortest of k >= 2 runs, *a the shortest: the next pair to merge
 * when runs are merged two at a time (idset.c, orders.c), so that each
 * element is copied about log2(k) times at most.  A run is an element of
 * runs, stride bytes apart, that starts with its int64 length.
 */
static inline void
aov_two_shortest(const void *runs, int k, Size stride, int *a, int *b)
{
#define RUN_LEN(i) (*(const int64 *) ((const char *) runs + (Size) (i) * stride))
	*a = RUN_LEN(1) < RUN_LEN(0) ? 1 : 0;
	*b = 1 - *a;
	for (int i = 2; i < k; i++)
	{
		if (RUN_LEN(i) < RUN_LEN(*a))
			*b = *a, *a = i;
		else if (RUN_LEN(i) < RUN_LEN(*b))
			*b = i;
	}
#undef RUN_LEN
}

#endif							/* AOV_ARRAY_H */
