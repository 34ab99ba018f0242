/*
 * baskets.h
 *		Co-purchase: what baskets.c (the aov_copurchase state), pair_count.c
 *		(counting baskets into product and pair counts) and pairs.c (the
 *		result, aov_pairs, and the pair table) share.
 *
 * A basket is the set of distinct products of one order.  An order with
 * more than max_basket distinct products is left out of every count and
 * counted as skipped (doc/reference.md, aov_copurchase).
 */
#ifndef AOV_BASKETS_H
#define AOV_BASKETS_H

#include "aov_ext.h"
#include "format.h"
#include "keyset.h"

/* product key kinds */
#define AOV_KEY_BIGINT 1
#define AOV_KEY_TEXT 2

/* One order line: the order, and its product (a key, or a dictionary index). */
typedef struct AovLine
{
	int64		order;
	int64		key;
} AovLine;

/* Text product keys go through an AovKeyDict (keyset.h). */

/*
 * The counts of a set of baskets, and the baskets themselves.  Products
 * are numbered 0..m-1 in key order (bigint: numerically; text: bytewise,
 * shorter first on a tie) and every one is in at least one counted basket.
 * The baskets are kept when the counts may still meet other lines of the
 * same orders (a partial state): an order whose lines were split between
 * two partial states is counted in each, and merging corrects it.
 */
typedef struct AovPartial
{
	int64		m;				/* products */
	int64	   *ikey;			/* bigint keys, increasing */
	const char **tkey;			/* text keys, increasing */
	uint32	   *tlen;
	int64	   *count;			/* n_A: counted baskets that hold product A */
	int64		n_orders;		/* baskets counted */
	int64		skipped;		/* baskets left out for their size */
	int64		npairs;
	uint64	   *pair;			/* (a << 32) | b, a < b, increasing */
	int64	   *pair_count;		/* n_AB >= 1 */
	bool		has_baskets;
	int64		nbaskets;		/* every order seen, by increasing id */
	int64	   *border;			/* the order ids */
	int64	   *bstart;			/* basket i holds items[bstart[i] .. bstart[i + 1]) */
	int32	   *items;			/* product numbers, increasing; none: skipped here */
} AovPartial;

extern void aov_count_lines(int kind, int32 max_basket, AovLine *lines, int64 n,
							const AovKeyDict *dict, bool keep_baskets, MemoryContext cxt,
							AovPartial *out);
extern void aov_merge_partials(int kind, int32 max_basket, AovPartial *const *parts, int k,
							   bool keep_baskets, MemoryContext cxt, AovPartial *out);
extern Size aov_partial_encoded_size(const AovPartial *p, int kind);
extern char *aov_partial_encode(char *out, const AovPartial *p, int kind);
extern void aov_partial_parse(AovReader *r, int kind, int32 max_basket, int64 n_orders,
							  int64 skipped, MemoryContext cxt, AovPartial *out);
extern bytea *aov_partial_pairs(const AovPartial *p, int kind, int32 max_basket);

extern void aov_check_max_basket(int32 max_basket);
extern AovPartial *aov_basket_lines_baskets(Datum state, int *kind);

extern bytea *aov_pairs_build(int kind, int32 max_basket, int64 n_orders, int64 skipped,
							  int64 m, const int64 *count, const int64 *ikey,
							  const char *const *tkey, const uint32 *tlen,
							  int64 npairs, const uint64 *pair_key, const int64 *pair_count);

#endif							/* AOV_BASKETS_H */
