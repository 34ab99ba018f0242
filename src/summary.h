/*
 * summary.h
 *		aov_summary: an exactly mergeable description of a set of orders.
 *		The state of aov_breakdown, and the storable result of aov_summary
 *		and aov_rollup.
 *
 * One summary describes a set of orders (revenue r, items q, customer id):
 *	- an exact part, always present: counts, exact sums of r and q, the
 *	  guests' share of the revenue, and (when customer ids were given) the
 *	  set of distinct ids.  All of it merges exactly, so days roll up into
 *	  months with the same digits as one pass over the orders;
 *	- the per-order detail (orders.h), present for aov_breakdown and for
 *	  aov_summary(..., trim): every order's (r, q), from which the trimmed
 *	  means, medians and most frequent values come.  It merges exactly too,
 *	  but costs memory with the number of distinct orders.
 * A summary that lacks a part drops it from any merge: a customer count
 * over some days and not others would be a wrong number.
 *
 * The files: summary.c (the state and its merges), summary_format.c (the
 * serialized form and the type I/O), summary_agg.c (the aggregates and
 * aov_breakdown), summary_stats.c (aov_test_stats, aov_compare).
 */
#ifndef AOV_SUMMARY_H
#define AOV_SUMMARY_H

#include "utils/expandeddatum.h"

#include "aov_ext.h"
#include "exactsum.h"
#include "expanded.h"
#include "idset.h"
#include "keyset.h"
#include "orders.h"

#define AOV_SUMMARY_TYPNAME "aov_summary"

/* flags: which parts are present */
#define AOV_SUM_CUSTOMERS 0x01	/* customer ids were given */
#define AOV_SUM_DETAIL 0x02		/* every order's values are kept */

/*
 * customer id kinds: bigint ids (integer and smallint too) in an AovIdSet,
 * uuid and text ids as bytes in an AovKeySet.  A set of one kind does not
 * merge with a set of another (the same customer may have a number in one
 * and a uuid in the other), except an empty set, which is the same in every
 * kind.
 */
#define AOV_ID_BIGINT 0
#define AOV_ID_UUID 1
#define AOV_ID_TEXT 2

typedef struct AovSummary
{
	ExpandedObjectHeader hdr;
	uint8		flags;			/* AOV_SUM_CUSTOMERS | AOV_SUM_DETAIL */
	uint8		rkind;			/* revenue: NUMERIC (integers too, scale 0) or FLOAT8 */
	uint8		ikind;			/* items: NUMERIC or INTEGER */
	double		trim;			/* detail: the trim fraction of the robust figures; else 0 */
	int64		orders;			/* orders summarized (rows with revenue and items) */
	int64		zero_orders;	/* orders with zero items (no unit price) */
	int64		guest_orders;	/* orders with a NULL customer id */
	int32		rscale;			/* numeric revenue: decimals of the exact sums and values */
	int32		rdscale;		/* numeric revenue: largest display scale seen */
	AovWideSum	rsum;			/* numeric revenue: exact sum at rscale */
	AovWideSum	guest_rsum;		/* numeric revenue: the guests' part of rsum */
	AovExactSum rxsum;			/* float8 revenue: exact sum */
	AovExactSum guest_rxsum;	/* float8 revenue: the guests' part of rxsum */
	int32		iscale;			/* numeric items: decimals of the exact sum and values */
	int32		idscale;		/* numeric items: largest display scale seen */
	AovWideSum	isum;			/* exact items sum at iscale */
	uint8		idkind;			/* customers: AOV_ID_BIGINT, _UUID or _TEXT */
	AovIdSet	ids;			/* customers, bigint: distinct ids */
	AovKeySet  *keys;			/* customers, uuid or text: distinct ids; else NULL */
	AovOrders	detail;			/* detail: every order's (r, q, display scale) */
} AovSummary;

extern const AovStateType aov_summary_type;

extern AovSummary *aov_summary_new(MemoryContext cxt, uint8 flags, int rkind, int ikind,
								   double trim);
extern void aov_summary_set_idkind(AovSummary *s, int idkind);
extern int64 aov_summary_ncustomers(AovSummary *s);
extern void aov_summary_raise_scale(AovSummary *s, bool revenue, int to, const char *func);
extern void aov_check_same_kinds(const char *what, int rkind, int ikind, int rkind2, int ikind2);
extern void aov_check_same_trim(const char *what, double trim, double trim2);
extern void aov_summary_merge_into(AovSummary *s, const AovSummary *src, const char *func);
extern void aov_summary_absorb(AovSummary *s, AovSummary *src, const char *func);
extern AovSummary *aov_summary_of(Datum d, const char *func);

/* summary_format.c */
extern Size aov_summary_flat_size(ExpandedObjectHeader *eohptr);
extern void aov_summary_flatten(ExpandedObjectHeader *eohptr, void *result, Size allocated_size);
extern AovSummary *aov_summary_parse(const char *body, Size len, MemoryContext cxt);
extern AovSummary *aov_summary_parse_flat(Datum d, MemoryContext cxt, const char *func);

/* The plain figures, exact to the last digit (summary_agg.c). */
typedef struct AovFigures
{
	Datum		revenue;		/* numeric */
	Datum		items;			/* numeric */
	Datum		aov;			/* revenue / orders */
	Datum		items_per_order;	/* items / orders */
	Datum		unit_price;		/* revenue / items */
	bool		unit_price_null;	/* items sum to zero */
} AovFigures;

extern void aov_summary_figures(const AovSummary *s, AovFigures *f);

#endif							/* AOV_SUMMARY_H */
