/*
 * orders.h
 *		The per-order detail of an aov_summary: a multiset of orders, each
 *		its revenue r, its items q and, for numeric revenue, the display
 *		scale the revenue came with.
 *
 * An order is kept whole, not as three separate columns, because the
 * figures need the pairing: the per-order unit price r / q, and the
 * covariance of r and q behind the unit price's test.  While aggregating,
 * orders are appended (three array stores a row); compaction sorts them by
 * (r, q, display scale) into a run of distinct orders with counts, which
 * shrinks with repetition, merges linearly, and from which each robust
 * figure's values come as a sorted run (values.h): the revenues directly,
 * the items and the unit prices after sorting the distinct orders' values.
 *
 * The unit price of a numeric order is r / q rounded half away from zero to
 * 4 decimals beyond the revenue's display scale (19.99 / 3 = 6.663333), so
 * that equal prices compare equal and it can be reproduced in SQL as
 * round(r / q, scale(r) + 4); of a float8 order, the double quotient.
 */
#ifndef AOV_ORDERS_H
#define AOV_ORDERS_H

#include "aov_ext.h"
#include "format.h"
#include "values.h"

/* decimals a numeric unit price carries beyond the revenue's display scale */
#define AOV_PRICE_EXTRA_SCALE 4

/* Distinct orders in strictly increasing (r, q, ds) order, with counts. */
typedef struct AovOrderRun
{
	int64		n;
	AovValArray r;				/* revenue: int128 at rscale, or double */
	AovValArray q;				/* items: int128 at iscale, or int64 */
	uint16	   *ds;				/* numeric revenue: its display scale; else NULL */
	int64	   *count;
	int64		total;
} AovOrderRun;

typedef struct AovOrders
{
	int			rkind;			/* AOV_KIND_NUMERIC or AOV_KIND_FLOAT8 */
	int			ikind;			/* AOV_KIND_NUMERIC or AOV_KIND_INTEGER */
	MemoryContext cxt;

	/* orders appended in arrival order */
	int64		nbuf;
	int64		capbuf;
	AovValArray r;
	AovValArray q;
	uint16	   *ds;				/* numeric revenue only */

	/* sorted runs merged in, not yet merged with each other */
	int			nruns;
	int64		capruns;
	AovOrderRun *runs;
} AovOrders;

extern void aov_orders_init(AovOrders *o, int rkind, int ikind, MemoryContext cxt);
extern void aov_orders_free(AovOrders *o);
extern void aov_orders_grow(AovOrders *o, int64 extra);
extern int64 aov_orders_total(const AovOrders *o);
extern void aov_orders_multiply(AovOrders *o, bool revenue, int d, int to, const char *func);
extern void aov_orders_merge(AovOrders *dst, AovOrders *src, int dr, int di,
							 int rscale, int iscale, bool move, const char *func);
extern const AovOrderRun *aov_orders_run(AovOrders *o);

static inline void
aov_orders_push(AovOrders *o, int128 r, double rf, int128 q, int ds)
{
	if (unlikely(o->nbuf == o->capbuf))
		aov_orders_grow(o, 1);
	if (o->rkind == AOV_KIND_NUMERIC)
	{
		o->r.w[o->nbuf] = r;
		o->ds[o->nbuf] = (uint16) ds;
	}
	else
		o->r.f[o->nbuf] = rf;
	if (o->ikind == AOV_KIND_NUMERIC)
		o->q.w[o->nbuf] = q;
	else
		o->q.i[o->nbuf] = (int64) q;
	o->nbuf++;
}

/* The serialized run: see orders.c. */
extern Size aov_order_run_encoded_size(const AovOrderRun *run, int rkind, int ikind);
extern char *aov_order_run_encode(char *p, const AovOrderRun *run, int rkind, int ikind);

/*
 * What reading serialized runs adds up, for checking against a header: the
 * caller zeroes it and initializes rxsum (aov_xsum_init) before the first
 * run.
 */
typedef struct AovOrderSums
{
	int64		total;			/* orders */
	int64		zero_items;		/* orders with q = 0 */
	AovWideSum	rsum;			/* numeric revenue */
	AovExactSum rxsum;			/* float8 revenue */
	AovWideSum	isum;
} AovOrderSums;

extern void aov_orders_read_run(AovReader *r, AovOrders *o, int rscale, int rdscale,
								int64 max_total, AovOrderSums *sums);

/* The values of one figure, sorted, as a run of the given kind and scale. */
extern void aov_orders_revenue(const AovOrderRun *run, int rkind, AovRun *out);
extern void aov_orders_items(const AovOrderRun *run, int ikind, AovRun *out);
extern void aov_orders_prices(const AovOrderRun *run, int rkind, int ikind, int rscale,
							  int iscale, AovRun *out, int32 *pscale, int32 *pdscale,
							  const char *func);

#endif							/* AOV_ORDERS_H */
