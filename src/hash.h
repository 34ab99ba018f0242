/*
 * hash.h
 *		Keyed hashing for the hash tables whose keys are table data
 *		(customer ids, value counts, product keys).
 *
 * An unkeyed hash lets anyone who can place rows in an analysed table
 * choose keys that all land in one slot and make a probe loop quadratic.
 * So every table hashes with a key drawn from pg_strong_random once per
 * process: the slots differ from process to process, which nothing may
 * observe (every result is sorted or counted, never listed in table order).
 */
#ifndef AOV_HASH_H
#define AOV_HASH_H

#include "c.h"

#include "aov_ext.h"

extern uint64 aov_hash_key[2];
extern void aov_hash_init(void);

/* 128-bit product folded to 64 bits: the mixing step of wyhash */
static inline uint64
aov_hash_mum(uint64 a, uint64 b)
{
	uint128		p = (uint128) a * b;

	return (uint64) p ^ (uint64) (p >> 64);
}

static inline uint64
aov_hash64(uint64 x)
{
	return aov_hash_mum(aov_hash_mum(x ^ aov_hash_key[0], UINT64CONST(0x9E3779B97F4A7C15)) ^ aov_hash_key[1],
						UINT64CONST(0xC2B2AE3D27D4EB4F));
}

static inline uint64
aov_hash128(uint128 x)
{
	return aov_hash64((uint64) x ^ aov_hash_mum((uint64) (x >> 64) ^ aov_hash_key[1],
												UINT64CONST(0x165667B19E3779F9)));
}

extern uint64 aov_hash_bytes(const char *p, Size len);

#endif							/* AOV_HASH_H */
