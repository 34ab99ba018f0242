/*
 * summary.c
 *		aov_summary as an expanded state: creation, scales, and merging
 *		(see summary.h).
 *
 * Merging is what the combine function does with partial states and what
 * aov_rollup does with stored summaries: counts and exact sums add, id sets
 * unite, per-order details merge as sorted runs.  A flat summary is parsed
 * into an expanded one first (summary_format.c), in the destination's
 * context, and absorbed: the sorted runs of its customer ids move over, so
 * do its orders' unless a scale differs, and it is freed.  An expanded
 * second argument is never modified.
 */
#include "postgres.h"

#include "miscadmin.h"
#include "utils/memutils.h"
#include "utils/uuid.h"

#include "numeric_scaled.h"
#include "summary.h"

static ExpandedObjectHeader *summary_add_expanded(ExpandedObjectHeader *dst,
												 ExpandedObjectHeader *src, MemoryContext cxt);
static ExpandedObjectHeader *summary_add_flat(ExpandedObjectHeader *dst, const char *body,
											 Size len, MemoryContext cxt);

const AovStateType aov_summary_type = {
	AOV_SUMMARY_TYPNAME,
	{aov_summary_flat_size, aov_summary_flatten},
	summary_add_expanded,
	summary_add_flat
};

AovSummary *
aov_summary_new(MemoryContext cxt, uint8 flags, int rkind, int ikind, double trim)
{
	AovSummary *s = aov_state_new(&aov_summary_type, sizeof(AovSummary), cxt);

	s->flags = flags;
	s->rkind = (uint8) rkind;
	s->ikind = (uint8) ikind;
	s->trim = (flags & AOV_SUM_DETAIL) ? trim : 0;
	s->idkind = AOV_ID_BIGINT;
	aov_idset_init(&s->ids, cxt);
	aov_orders_init(&s->detail, rkind, ikind, cxt);
	return s;
}

/*
 * Empty the customer ids of s and make them of kind idkind.  The byte-key
 * set is allocated only for uuid and text ids, so that a summary of bigint
 * ids (a hash aggregate may hold one per group) does not grow.
 */
void
aov_summary_set_idkind(AovSummary *s, int idkind)
{
	aov_idset_free(&s->ids);
	if (s->keys != NULL)
	{
		aov_keyset_free(s->keys);
		pfree(s->keys);
		s->keys = NULL;
	}
	s->idkind = (uint8) idkind;
	if (idkind != AOV_ID_BIGINT)
	{
		s->keys = MemoryContextAlloc(s->ids.cxt, sizeof(AovKeySet));
		aov_keyset_init(s->keys, s->ids.cxt, idkind == AOV_ID_UUID ? UUID_LEN : 0);
	}
}

static bool
customers_empty(const AovSummary *s)
{
	return s->idkind == AOV_ID_BIGINT ? aov_idset_empty(&s->ids) : aov_keyset_count(s->keys) == 0;
}

/* The number of distinct customer ids. */
int64
aov_summary_ncustomers(AovSummary *s)
{
	return s->idkind == AOV_ID_BIGINT ? aov_idset_count(&s->ids) : aov_keyset_count(s->keys);
}

static const char *
idkind_name(int idkind)
{
	return idkind == AOV_ID_UUID ? "uuid" : idkind == AOV_ID_TEXT ? "text" : "bigint";
}

/*
 * Make the customer ids of src mergeable into s: the same kind, or one
 * side without ids (it takes the other's kind).  False when src has no ids.
 */
static bool
match_idkinds(AovSummary *s, const AovSummary *src)
{
	if (s->idkind == src->idkind)
		return true;
	if (customers_empty(src))
		return false;
	if (!customers_empty(s))
		ereport(ERROR,
				(errcode(ERRCODE_DATATYPE_MISMATCH),
				 errmsg("cannot combine aov_summary values of %s customer ids and %s customer ids",
						idkind_name(s->idkind), idkind_name(src->idkind)),
				 errdetail("Customers are counted by their ids, and ids of different types cannot be compared."),
				 errhint("Summarize every period with the same customer id type, or cast the ids to one type in aov_summary.")));
	aov_summary_set_idkind(s, src->idkind);
	return true;
}

/* Bring the numeric revenue (or items) sums and values of s to scale 'to'. */
void
aov_summary_raise_scale(AovSummary *s, bool revenue, int to, const char *func)
{
	int32	   *scale = revenue ? &s->rscale : &s->iscale;
	int			d = to - *scale;

	if (!aov_widesum_mul_pow10(revenue ? &s->rsum : &s->isum, d) ||
		(revenue && !aov_widesum_mul_pow10(&s->guest_rsum, d)))
		aov_numeric_out_of_range(func, to);
	if (s->flags & AOV_SUM_DETAIL)
		aov_orders_multiply(&s->detail, revenue, d, to, func);
	*scale = to;
}

static void
add_scaled_wide(AovWideSum *dst, const AovWideSum *src, int d, int scale, const char *func)
{
	AovWideSum	t = *src;

	if (!aov_widesum_mul_pow10(&t, d))
		aov_numeric_out_of_range(func, scale);
	aov_widesum_add_wide(dst, &t);
}

/*
 * Summaries (or states holding them, "what") of other column kinds or trim
 * fractions do not combine: the errors, for every caller.
 */
void
aov_check_same_kinds(const char *what, int rkind, int ikind, int rkind2, int ikind2)
{
	if (rkind != rkind2 || ikind != ikind2)
		ereport(ERROR,
				(errcode(ERRCODE_DATATYPE_MISMATCH),
				 errmsg("cannot combine %s of %s revenue and %s items with %s revenue and %s items",
						what, aov_kind_name(rkind), aov_kind_name(ikind),
						aov_kind_name(rkind2), aov_kind_name(ikind2)),
				 errhint("Summarize every period with the same column types.")));
}

void
aov_check_same_trim(const char *what, double trim, double trim2)
{
	if (trim != trim2)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("cannot combine %s with trim fractions %s and %s",
						what, aov_float8_text(trim), aov_float8_text(trim2)),
				 errhint("Summarize every period with the same trim fraction.")));
}

/*
 * Add everything src holds to s.  A summary keeps customers (detail) only
 * while every merged input has them: the merge of a summary without
 * customer ids cannot count customers exactly.  With move, src is a
 * scratch summary that is freed next, and its sorted runs may be handed
 * over instead of copied.
 */
static void
merge_summary(AovSummary *s, AovSummary *src, bool move, const char *func)
{
	aov_check_same_kinds("aov_summary values", s->rkind, s->ikind, src->rkind, src->ikind);
	if ((s->flags & AOV_SUM_DETAIL) && (src->flags & AOV_SUM_DETAIL))
		aov_check_same_trim("aov_summary values", s->trim, src->trim);

	if (!(src->flags & AOV_SUM_CUSTOMERS) && (s->flags & AOV_SUM_CUSTOMERS))
	{
		aov_summary_set_idkind(s, AOV_ID_BIGINT);
		s->guest_orders = 0;
		memset(&s->guest_rsum, 0, sizeof(s->guest_rsum));
		aov_xsum_init(&s->guest_rxsum);
		s->flags &= ~AOV_SUM_CUSTOMERS;
	}
	if (!(src->flags & AOV_SUM_DETAIL) && (s->flags & AOV_SUM_DETAIL))
	{
		aov_orders_free(&s->detail);
		s->trim = 0;
		s->flags &= ~AOV_SUM_DETAIL;
	}

	/* keep the limits every parse checks */
	if (src->orders > PG_INT64_MAX / 4 - s->orders)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("aov_summary of 2^61 orders or more"),
				 errdetail("A summary holds at most 2^61 - 1 orders."),
				 errhint("Roll up fewer summaries into one.")));
	s->orders += src->orders;
	s->zero_orders += src->zero_orders;
	if (s->rkind == AOV_KIND_NUMERIC)
	{
		if (src->rscale > s->rscale)
			aov_summary_raise_scale(s, true, src->rscale, func);
		add_scaled_wide(&s->rsum, &src->rsum, s->rscale - src->rscale, s->rscale, func);
		if (s->flags & AOV_SUM_CUSTOMERS)
			add_scaled_wide(&s->guest_rsum, &src->guest_rsum, s->rscale - src->rscale,
							s->rscale, func);
	}
	else
	{
		aov_xsum_add_xsum(&s->rxsum, &src->rxsum, false);
		if (s->flags & AOV_SUM_CUSTOMERS)
			aov_xsum_add_xsum(&s->guest_rxsum, &src->guest_rxsum, false);
	}
	s->rdscale = Max(s->rdscale, src->rdscale);
	if (src->iscale > s->iscale)
		aov_summary_raise_scale(s, false, src->iscale, func);
	add_scaled_wide(&s->isum, &src->isum, s->iscale - src->iscale, s->iscale, func);
	s->idscale = Max(s->idscale, src->idscale);

	if (s->flags & AOV_SUM_CUSTOMERS)
	{
		s->guest_orders += src->guest_orders;
		if (match_idkinds(s, src))
		{
			if (s->idkind == AOV_ID_BIGINT)
				aov_idset_merge(&s->ids, &src->ids, move);
			else
				aov_keyset_merge(s->keys, src->keys);
		}
	}
	if (s->flags & AOV_SUM_DETAIL)
		aov_orders_merge(&s->detail, &src->detail, s->rscale - src->rscale,
						 s->iscale - src->iscale, s->rscale, s->iscale, move, func);
}

void
aov_summary_merge_into(AovSummary *s, const AovSummary *src, const char *func)
{
	merge_summary(s, unconstify(AovSummary *, src), false, func);
}

/*
 * Merge src into s and free src.  A flat summary read for a combine is
 * parsed in s's context and absorbed this way, so that its decoded runs of
 * orders and customer ids, the bulk of it, are not copied a second time.
 */
void
aov_summary_absorb(AovSummary *s, AovSummary *src, const char *func)
{
	merge_summary(s, src, true, func);
	aov_idset_free(&src->ids);
	if (src->keys != NULL)
	{
		aov_keyset_free(src->keys);
		pfree(src->keys);
	}
	aov_orders_free(&src->detail);
	pfree(src);
}

static ExpandedObjectHeader *
summary_add_expanded(ExpandedObjectHeader *dst, ExpandedObjectHeader *src, MemoryContext cxt)
{
	AovSummary *x = (AovSummary *) src;
	AovSummary *s = dst ? (AovSummary *) dst
		: aov_summary_new(cxt, x->flags, x->rkind, x->ikind, x->trim);

	if (dst == NULL && x->idkind != AOV_ID_BIGINT)
		aov_summary_set_idkind(s, x->idkind);
	aov_summary_merge_into(s, x, "aov_summary");
	return &s->hdr;
}

static ExpandedObjectHeader *
summary_add_flat(ExpandedObjectHeader *dst, const char *body, Size len, MemoryContext cxt)
{
	AovSummary *s;

	if (dst == NULL)
		return &aov_summary_parse(body, len, cxt)->hdr;
	s = (AovSummary *) dst;
	aov_summary_absorb(s, aov_summary_parse(body, len, s->detail.cxt), "aov_summary");
	return dst;
}

/*
 * The summary behind any aov_summary datum, to read or to reorganize (a
 * final function's own state, or a private copy of a flat value).
 */
AovSummary *
aov_summary_of(Datum d, const char *func)
{
	(void) func;
	return (AovSummary *) aov_state_for_final(d, &aov_summary_type);
}
