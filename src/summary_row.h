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
	AOV_CUSTOMER				/* a customer id */
} AovCustomer;

/*
 * Add the order (revenue rd of type rtype, items qd of kind ikind, both
 * non-NULL) to s; with keep, its values go to the per-order detail.
 */
static pg_attribute_always_inline void
aov_summary_add_order(AovSummary *s, const char *func, Oid rtype, int ikind, bool keep,
					  Datum rd, Datum qd, AovCustomer who, int64 customer)
{
	/* integer revenue is held as numeric of scale 0: exact, and mergeable */
	int			rkind = rtype == FLOAT8OID ? AOV_KIND_FLOAT8 : AOV_KIND_NUMERIC;
	int128		r = 0;			/* numeric revenue, brought to s->rscale */
	int			reff = 0;
	int			rdscale = 0;
	double		rf = 0;			/* float8 revenue */
	int128		q;				/* items, brought to s->iscale */
	int			qeff = 0;

	if (rtype == INT8OID)
		r = DatumGetInt64(rd);
	else if (rtype == INT4OID)
		r = DatumGetInt32(rd);
	else if (rtype == NUMERICOID)
	{
		bool		toobig;
		AovSpecial	sp = aov_numeric_decode(rd, &r, &reff, &rdscale, &toobig);

		if (unlikely(sp != AOV_FINITE))
			aov_summary_reject_special(func, "revenue", sp);
		if (unlikely(toobig))
			aov_numeric_out_of_range(func, Max(s->rscale, reff));
	}
	else
	{
		rf = DatumGetFloat8(rd);
		if (unlikely(isnan(rf) || isinf(rf)))
			aov_summary_reject_special(func, "revenue",
									   isnan(rf) ? AOV_NAN : rf > 0 ? AOV_PINF : AOV_NINF);
		if (rf == 0)
			rf = 0;				/* fold -0: it is the same amount as 0 */
	}
	if (ikind == AOV_KIND_NUMERIC)
	{
		bool		toobig;
		int			qdscale;
		AovSpecial	sp = aov_numeric_decode(qd, &q, &qeff, &qdscale, &toobig);

		if (unlikely(sp != AOV_FINITE))
			aov_summary_reject_special(func, "items", sp);
		if (unlikely(toobig))
			aov_numeric_out_of_range(func, Max(s->iscale, qeff));
		if (unlikely(qeff > s->iscale))
			aov_summary_raise_iscale(s, qeff, func);
		if (unlikely(qdscale > s->idscale))
			s->idscale = qdscale;
		if (unlikely(!aov_int128_mul_pow10(&q, s->iscale - qeff)))
			aov_numeric_out_of_range(func, s->iscale);
	}
	else
		q = DatumGetInt32(qd);

	if (rkind == AOV_KIND_NUMERIC)
	{
		if (unlikely(reff > s->rscale))
			aov_summary_raise_rscale(s, reff, func);
		if (unlikely(rdscale > s->rdscale))
			s->rdscale = rdscale;
		if (unlikely(!aov_int128_mul_pow10(&r, s->rscale - reff)))
			aov_numeric_out_of_range(func, s->rscale);
		aov_widesum_add(&s->rsum, r);
	}
	else
		aov_xsum_add(&s->rxsum, rf);
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
			aov_xsum_add(&s->guest_rxsum, rf);
	}
	else if (who == AOV_CUSTOMER)
		aov_idset_add(&s->ids, customer);
	if (keep)
		aov_orders_push(&s->detail, r, rf, q, rdscale);
}

#endif							/* AOV_SUMMARY_ROW_H */
