/*
 * baskets.h
 *		Co-purchase: what baskets.c (the aov_copurchase state) and pairs.c
 *		(its result, aov_pairs, and the pair table) share.
 */
#ifndef AOV_BASKETS_H
#define AOV_BASKETS_H

#include "aov_ext.h"

/* product key kinds */
#define AOV_KEY_BIGINT 1
#define AOV_KEY_TEXT 2

extern void aov_check_max_basket(int32 max_basket);
extern void aov_check_key_text(const char *p, int len, const char *typname);

extern bytea *aov_pairs_build(int kind, int32 max_basket, int64 n_orders, int64 skipped,
							  int64 m, const int64 *count, const int64 *ikey,
							  const char *const *tkey, const uint32 *tlen,
							  int64 npairs, const uint64 *pair_key, const int64 *pair_count);

#endif							/* AOV_BASKETS_H */
