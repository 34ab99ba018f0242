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

#include "aov_ext.h"

extern void aov_radix_sort_u64(uint64 *keys, int64 *payload, int64 n);
extern void aov_radix_sort_u128(uint128 *keys, int64 *payload, int64 n);
extern void aov_radix_sort_i64(int64 *v, int64 *payload, int64 n);

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
