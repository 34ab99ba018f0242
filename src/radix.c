/*
 * radix.c
 *		LSD radix sort of 64- and 128-bit unsigned keys (see radix.h).
 *
 * The keys are first shifted down by their minimum, so only the bits in
 * which they differ are sorted on: prices in cents take two passes of 16
 * bits whatever their magnitude.  Small arrays use 8-bit digits (a 16-bit
 * histogram would cost more than the data), tiny ones insertion sort.  A
 * pass whose digit is the same in every key is skipped.
 *
 * Memory: a second array of the keys (and payload) while sorting, and a
 * histogram of 512 kB.
 */
#include "postgres.h"

#include "miscadmin.h"
#include "utils/memutils.h"

#include "radix.h"

#define SMALL_SORT 48

/* Signed integers, sorted in place through their order-preserving keys. */
void
aov_radix_sort_i64(int64 *v, int64 *payload, int64 n)
{
	uint64	   *k = (uint64 *) v;

	for (int64 i = 0; i < n; i++)
		k[i] = aov_key_of_int64(v[i]);
	aov_radix_sort_u64(k, payload, n);
	for (int64 i = 0; i < n; i++)
		v[i] = aov_int64_of_key(k[i]);
}

#define RADIX_NAME aov_radix_sort_u64
#define RADIX_KEY uint64
#define RADIX_BITS aov_bits_u64
#include "radix_template.h"

#define RADIX_NAME aov_radix_sort_u128
#define RADIX_KEY uint128
#define RADIX_BITS aov_bits_u128
#include "radix_template.h"

/* Room for n keys of the given width (at most 128 bits), in cxt. */
AovPackedKeys
aov_packed_alloc(int64 n, int bits, MemoryContext cxt)
{
	AovPackedKeys pk = {NULL, NULL, n};

	Assert(bits <= 128);
	if (bits <= 64)
		pk.k64 = MemoryContextAllocHuge(cxt, mul_size(Max(n, 1), sizeof(uint64)));
	else
		pk.k128 = MemoryContextAllocHuge(cxt, mul_size(Max(n, 1), sizeof(uint128)));
	return pk;
}

void
aov_packed_sort(AovPackedKeys pk)
{
	if (pk.k64)
		aov_radix_sort_u64(pk.k64, NULL, pk.n);
	else
		aov_radix_sort_u128(pk.k128, NULL, pk.n);
}

void
aov_packed_free(AovPackedKeys pk)
{
	if (pk.k64)
		pfree(pk.k64);
	if (pk.k128)
		pfree(pk.k128);
}
