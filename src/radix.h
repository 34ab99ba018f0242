/*
 * radix.h
 *		Sorting integer keys in linear time.
 *
 * The final steps sort what they count (values, customer ids, order lines)
 * instead of hashing it: a sort cannot be flooded by chosen keys, its
 * result does not depend on a hash key, and on keys of a few bytes it costs
 * about what a hash table does.  Keys are unsigned and ascending; callers
 * map signed numbers and doubles to order-preserving unsigned keys first
 * (aov_key_of_int64 and friends).  An optional int64 payload is permuted
 * with the keys.
 */
#ifndef AOV_RADIX_H
#define AOV_RADIX_H

#include "c.h"
#include "utils/palloc.h"

#include "aov_ext.h"

extern void aov_radix_sort_u64(uint64 *keys, int64 *payload, int64 n);
extern void aov_radix_sort_u128(uint128 *keys, int64 *payload, int64 n);
extern void aov_radix_sort_i64(int64 *v, int64 *payload, int64 n);

/* how many bits x needs: 0 for 0 */
static inline int
aov_bits_u64(uint64 x)
{
	return x == 0 ? 0 : 64 - __builtin_clzll(x);
}

static inline int
aov_bits_u128(uint128 x)
{
	uint64		hi = (uint64) (x >> 64);

	return hi != 0 ? 128 - __builtin_clzll(hi) : aov_bits_u64((uint64) x);
}

/*
 * Packed sort keys of up to 128 bits, held in 64 when they fit (half the
 * memory, and a sort on fewer digits).  A caller packs several fields into
 * one key, each as its distance from its minimum in the bits its range
 * needs, most significant first, so that sorting the keys sorts by the
 * fields in order.
 */
typedef struct AovPackedKeys
{
	uint64	   *k64;			/* the keys, when they fit in 64 bits */
	uint128    *k128;			/* else */
	int64		n;
} AovPackedKeys;

/* passed by value, so that a caller's loops keep the pointers in registers */
extern AovPackedKeys aov_packed_alloc(int64 n, int bits, MemoryContext cxt);
extern void aov_packed_sort(AovPackedKeys pk);
extern void aov_packed_free(AovPackedKeys pk);

static inline void
aov_packed_set(AovPackedKeys *pk, int64 i, uint128 k)
{
	if (pk->k64)
		pk->k64[i] = (uint64) k;
	else
		pk->k128[i] = k;
}

static inline uint128
aov_packed_get(const AovPackedKeys *pk, int64 i)
{
	return pk->k64 ? pk->k64[i] : pk->k128[i];
}

/* whether key i starts a new value: the first key, or one unlike the one before */
static inline bool
aov_packed_new(const AovPackedKeys *pk, int64 i)
{
	return i == 0 || aov_packed_get(pk, i) != aov_packed_get(pk, i - 1);
}

/* order-preserving unsigned keys of signed integers and doubles */
static inline uint64
aov_key_of_int64(int64 v)
{
	return (uint64) v ^ (UINT64CONST(1) << 63);
}

static inline int64
aov_int64_of_key(uint64 k)
{
	return (int64) (k ^ (UINT64CONST(1) << 63));
}

static inline uint128
aov_key_of_int128(int128 v)
{
	return (uint128) v ^ ((uint128) 1 << 127);
}

static inline int128
aov_int128_of_key(uint128 k)
{
	return (int128) (k ^ ((uint128) 1 << 127));
}

/* -0 must have been folded into 0, and NaN never reaches a key */
static inline uint64
aov_key_of_double(double x)
{
	uint64		b;

	memcpy(&b, &x, sizeof(b));
	return (b >> 63) ? ~b : b | (UINT64CONST(1) << 63);
}

static inline double
aov_double_of_key(uint64 k)
{
	uint64		b = (k >> 63) ? k & ~(UINT64CONST(1) << 63) : ~k;
	double		x;

	memcpy(&x, &b, sizeof(x));
	return x;
}

#endif							/* AOV_RADIX_H */
