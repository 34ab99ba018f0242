/*
 * summary_row.h
 *		Adding one order to an aov_summary: the per-row work of aov_breakdown,
 *		aov_summary (summary_agg.c) and the segment aggregate (segments.c).
 *
 * Inline, with the revenue type and items kind as arguments that every
 * caller passes as constants, so each specialization keeps only its own
 * branches and no call is made per row.
 */
#ifndef AOV_SUMMARY_ROW_H
#define AOV_SUMMARY_ROW_H

#include <math.h>

#include "catalog/pg_type.h"

#include "numeric_scaled.h"
#include "summary.h"

/* an order's revenue or items is NaN or infinite: an error naming func */
extern void aov_summary_reject_special(const char *func, const char *what,
									   AovSpecial sp) pg_attribute_noreturn();

/* who placed an order, for aov_summary_add_order */
typedef enum AovCustomer
{
	AOV_NO_CUSTOMERS,			/* the aggregate was given no customer ids */
	AOV_GUEST,					/* a NULL customer id */
	AOV_CUSTOMER,				/* a bigint customer id */
	AOV_CUSTOMER_KEY			/* a uuid or text customer id: the caller adds it */
} AovCustomer;

/* An order's revenue and items, read from their Datums. */
typedef struct AovOrderIn
{
	int128		r;				/* numeric revenue at scale reff (integers: scale 0) */
	int			reff;
	int			rdscale;		/* its display scale */
	double		rf;				/* float8 revenue */
	int128		q;				/* items at scale qeff */
	int			qeff;
	int			qdscale;
	bool		rbig;			/* revenue beyond int128 at its own scale */
	bool		qbig;
} AovOrderIn;

/* How items of SQL type qtype (integer, smallint or numeric) are held. */
#define AOV_ITEMS_KIND(qtype) ((qtype) == NUMERICOID ? AOV_KIND_NUMERIC : AOV_KIND_INTEGER)

/*
 * Read the order (revenue rd of type rtype, items qd of type qtype, both
 * non-NULL): NaN and infinities are errors here, values too large for any
 * scale wait for aov_summary_add_decoded, whose message names the scale.
 */
static pg_attribute_always_inline void
aov_order_decode(AovOrderIn *o, const char *func, Oid rtype, Oid qtype, Datum rd, Datum qd)
{
	o->reff = o->rdscale = o->qeff = o->qdscale = 0;
	o->r = 0;
	o->rf = 0;
	o->rbig = o->qbig = false;
	if (rtype == INT8OID)
		o->r = DatumGetInt64(rd);
	else if (rtype == INT4OID)
		o->r = DatumGetInt32(rd);
	else if (rtype == INT2OID)
		o->r = DatumGetInt16(rd);
	else if (rtype == NUMERICOID)
	{
		AovSpecial	sp = aov_numeric_decode(rd, &o->r, &o->reff, &o->rdscale, &o->rbig);

		if (unlikely(sp != AOV_FINITE))
			aov_summary_reject_special(func, "revenue", sp);
	}
	else
	{
		o->rf = DatumGetFloat8(rd);
		if (unlikely(isnan(o->rf) || isinf(o->rf)))
			aov_summary_reject_special(func, "revenue",
									   isnan(o->rf) ? AOV_NAN : o->rf > 0 ? AOV_PINF : AOV_NINF);
		if (o->rf == 0)
			o->rf = 0;			/* fold -0: it is the same amount as 0 */
	}
	if (qtype == NUMERICOID)
	{
		AovSpecial	sp = aov_numeric_decode(qd, &o->q, &o->qeff, &o->qdscale, &o->qbig);

		if (unlikely(sp != AOV_FINITE))
			aov_summary_reject_special(func, "items", sp);
	}
	else if (qtype == INT2OID)
		o->q = DatumGetInt16(qd);
	else
		o->q = DatumGetInt32(qd);
}

/*
 * Bring a decoded numeric *x (eff significant decimals, display scale
 * dscale) to the scale s holds its revenue (revenue) or items at, raising
 * that scale first when *x has more decimals.
 */
static pg_attribute_always_inline void
aov_summary_scale(AovSummary *s, bool revenue, int128 *x, int eff, int dscale, const char *func)
{
	int32	   *scale = revenue ? &s->rscale : &s->iscale;
	int32	   *maxdscale = revenue ? &s->rdscale : &s->idscale;

	if (unlikely(eff > *scale))
		aov_summary_raise_scale(s, revenue, eff, func);
	if (unlikely(dscale > *maxdscale))
		*maxdscale = dscale;
	if (unlikely(!aov_int128_mul_pow10(x, *scale - eff)))
		aov_numeric_out_of_range(func, *scale);
}

/* Add a decoded order to s; with keep, its values go to the per-order detail. */
static pg_attribute_always_inline void
aov_summary_add_decoded(AovSummary *s, const char *func, Oid rtype, int ikind, bool keep,
						const AovOrderIn *o, AovCustomer who, int64 customer)
{
	/* integer revenue is held as numeric of scale 0: exact, and mergeable */
	int			rkind = rtype == FLOAT8OID ? AOV_KIND_FLOAT8 : AOV_KIND_NUMERIC;
	int128		r = o->r;		/* brought to s->rscale */
	int128		q = o->q;		/* brought to s->iscale */

	if (unlikely(o->rbig))
		aov_numeric_out_of_range(func, Max(s->rscale, o->reff));
	if (ikind == AOV_KIND_NUMERIC)
	{
		if (unlikely(o->qbig))
			aov_numeric_out_of_range(func, Max(s->iscale, o->qeff));
		aov_summary_scale(s, false, &q, o->qeff, o->qdscale, func);
	}

	if (rkind == AOV_KIND_NUMERIC)
	{
		aov_summary_scale(s, true, &r, o->reff, o->rdscale, func);
		aov_widesum_add(&s->rsum, r);
	}
	else
		aov_xsum_add(&s->rxsum, o->rf);
	aov_widesum_add(&s->isum, q);

	s->orders++;
	if (q == 0)
		s->zero_orders++;
	if (who == AOV_GUEST)
	{
		s->guest_orders++;
		if (rkind == AOV_KIND_NUMERIC)
			aov_widesum_add(&s->guest_rsum, r);
		else
			aov_xsum_add(&s->guest_rxsum, o->rf);
	}
	else if (who == AOV_CUSTOMER)
		aov_idset_add(&s->ids, customer);
	if (keep)
		aov_orders_push(&s->detail, r, o->rf, q, o->rdscale);
}

/*
 * Add the order (revenue rd of type rtype, items qd of type qtype, both
 * non-NULL) to s; with keep, its values go to the per-order detail.
 */
static pg_attribute_always_inline void
aov_summary_add_order(AovSummary *s, const char *func, Oid rtype, Oid qtype, bool keep,
					  Datum rd, Datum qd, AovCustomer who, int64 customer)
{
	AovOrderIn	o;

	aov_order_decode(&o, func, rtype, qtype, rd, qd);
	aov_summary_add_decoded(s, func, rtype, AOV_ITEMS_KIND(qtype), keep, &o, who, customer);
}

#endif							/* AOV_SUMMARY_ROW_H */
