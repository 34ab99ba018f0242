/*
 * hash.c
 *		The per-process hash key, and keyed hashing of byte strings (see
 *		hash.h).
 */
#include "postgres.h"

#include <time.h>

#include "miscadmin.h"
#include "port.h"

#include "hash.h"

uint64		aov_hash_key[2];

/*
 * Draw the key.  Called from _PG_init, so every process that loads the
 * module (parallel workers too) has its own before it hashes anything.
 */
void
aov_hash_init(void)
{
	if (!pg_strong_random(aov_hash_key, sizeof(aov_hash_key)))
	{
		/* no strong source: still unpredictable enough to defeat planted keys */
		aov_hash_key[0] = (uint64) time(NULL) ^ ((uint64) MyProcPid << 32) ^ (uint64) (uintptr_t) &aov_hash_key;
		aov_hash_key[1] = aov_hash_key[0] * UINT64CONST(0x9E3779B97F4A7C15) + 1;
	}
	/* an odd multiplier key never zeroes the mixing product */
	aov_hash_key[1] |= 1;
}

uint64
aov_hash_bytes(const char *p, Size len)
{
	uint64		h = aov_hash_key[0] ^ ((uint64) len * UINT64CONST(0x9E3779B97F4A7C15));
	Size		i = 0;

	for (; i + 8 <= len; i += 8)
	{
		uint64		w;

		memcpy(&w, p + i, 8);
		h = aov_hash_mum(h ^ w, aov_hash_key[1] ^ UINT64CONST(0xA0761D6478BD642F));
	}
	if (i < len)
	{
		uint64		w = 0;

		memcpy(&w, p + i, len - i);
		h = aov_hash_mum(h ^ w, aov_hash_key[1] ^ UINT64CONST(0xE7037ED1A0B428DB));
	}
	return aov_hash64(h);
}
