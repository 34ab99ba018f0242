/*
 * numbering.c
 *		_aov_customer_number: uuid and text customer ids as dense bigint
 *		numbers, for aov_report and diagnose_aov_drop.
 *
 * The first orders (firsts.c) and the segment aggregate (segments.c) key
 * customers by int64.  For uuid and text ids, the relation functions first
 * summarize the relation's ids (aov_summary(0, 0, id): the exact set of
 * distinct ids, made in parallel) and then read each order's id as its
 * rank in that set, in bytewise order.  Distinct ids get distinct numbers,
 * so customer counts and first orders are exact; the rank does not depend
 * on the process (a parallel worker reads the set in sorted order, the
 * leader may hold it as an object in arrival order: the rank is the same).
 * It costs one more pass over the relation and a hash probe per order.
 *
 * The lookup is built once per call site and process (fn_extra), from the
 * summary given: the same value for every call (a query parameter).  It is
 * rebuilt when another value comes.  When the argument is a constant or a
 * parameter, which is fixed for the call site, a value is recognized by its
 * address, size and first bytes; otherwise (a summary from a table's rows,
 * which may come at the same address with the same header and other ids)
 * by all its bytes, against a copy.
 *
 * Memory, per process that looks up: the id set (keyset.h: 35 to 55 bytes
 * a uuid, the length plus 19 to 39 a text id) and 16 bytes of order and
 * rank per id.
 */
#include "postgres.h"

#include "utils/memutils.h"
#include "utils/uuid.h"

#include "summary.h"

#define ID_PREFIX 64

/* the ids of a summary of bigint ids or none: none to number */
static const AovKeyDict no_ids;

typedef struct AovIdNumbers
{
	MemoryContext cxt;			/* everything below; reset on rebuild */
	const void *src;			/* the value: its address, size and prefix */
	Size		srclen;
	char		prefix[ID_PREFIX];
	bool		stable;			/* the argument is fixed for the call site */
	char	   *copy;			/* otherwise the value's bytes */
	const AovKeyDict *dict;		/* the ids */
	int64	   *rank;			/* dict number -> rank in bytewise order */
} AovIdNumbers;

static bool
numbers_of(const AovIdNumbers *n, Datum d)
{
	const void *p = DatumGetPointer(d);
	Size		len = VARSIZE_ANY(p);

	if (n == NULL || n->srclen != len)
		return false;
	if (!n->stable)
		return memcmp(n->copy, p, len) == 0;
	return n->src == p && memcmp(n->prefix, p, Min(len, ID_PREFIX)) == 0;
}

static AovIdNumbers *
build_numbers(FunctionCallInfo fcinfo, AovIdNumbers *n, int idkind)
{
	Datum		d = PG_GETARG_DATUM(0);
	const void *p = DatumGetPointer(d);
	MemoryContext old;
	AovSummary *s;
	int64	   *ord;

	if (n == NULL)
	{
		n = MemoryContextAllocZero(fcinfo->flinfo->fn_mcxt, sizeof(AovIdNumbers));
		n->cxt = AllocSetContextCreate(fcinfo->flinfo->fn_mcxt, "aov customer numbers",
									   ALLOCSET_DEFAULT_SIZES);
	}
	MemoryContextReset(n->cxt);
	/* matches no value until it is built: an error below leaves it so */
	n->src = NULL;
	n->srclen = 0;
	n->copy = NULL;
	old = MemoryContextSwitchTo(n->cxt);
	s = aov_summary_of(d, "_aov_customer_number");
	if (!(s->flags & AOV_SUM_CUSTOMERS) ||
		(s->idkind != idkind && aov_summary_ncustomers(s) > 0))
		ereport(ERROR,
				(errcode(ERRCODE_DATATYPE_MISMATCH),
				 errmsg("aov_summary does not hold %s customer ids", idkind == AOV_ID_UUID ? "uuid" : "text"),
				 errhint("Pass aov_summary(0, 0, id) over the ids to number.")));
	n->dict = s->keys != NULL ? &s->keys->dict : &no_ids;
	ord = aov_keydict_order(n->dict, n->cxt);
	n->rank = palloc_extended(mul_size(Max(n->dict->n, 1), sizeof(int64)), MCXT_ALLOC_HUGE);
	for (int64 i = 0; i < n->dict->n; i++)
		n->rank[ord[i]] = i;
	MemoryContextSwitchTo(old);
	n->src = p;
	n->srclen = VARSIZE_ANY(p);
	memcpy(n->prefix, p, Min(n->srclen, ID_PREFIX));
	n->stable = get_fn_expr_arg_stable(fcinfo->flinfo, 0);
	n->copy = NULL;
	if (!n->stable)
	{
		n->copy = MemoryContextAllocHuge(n->cxt, n->srclen);
		memcpy(n->copy, p, n->srclen);
	}
	return n;
}

static Datum
customer_number(FunctionCallInfo fcinfo, int idkind, const char *key, Size len)
{
	AovIdNumbers *n = (AovIdNumbers *) fcinfo->flinfo->fn_extra;
	int64		i;

	if (unlikely(!numbers_of(n, PG_GETARG_DATUM(0))))
		fcinfo->flinfo->fn_extra = n = build_numbers(fcinfo, n, idkind);
	i = aov_keydict_find(n->dict, key, len);
	if (i < 0)
		ereport(ERROR,
				(errcode(ERRCODE_DATA_EXCEPTION),
				 errmsg("customer id is not in the aov_summary that numbers the ids"),
				 errhint("Pass aov_summary(0, 0, id) over every id to number.")));
	PG_RETURN_INT64(n->rank[i]);
}

/* _aov_customer_number(aov_summary, uuid): the id's rank among the summary's ids */
PG_FUNCTION_INFO_V1(aov_customer_number_uuid);
Datum
aov_customer_number_uuid(PG_FUNCTION_ARGS)
{
	return customer_number(fcinfo, AOV_ID_UUID, (const char *) PG_GETARG_UUID_P(1)->data, UUID_LEN);
}

/* _aov_customer_number(aov_summary, text): the id's rank among the summary's ids */
PG_FUNCTION_INFO_V1(aov_customer_number_text);
Datum
aov_customer_number_text(PG_FUNCTION_ARGS)
{
	text	   *t = PG_GETARG_TEXT_PP(1);

	return customer_number(fcinfo, AOV_ID_TEXT, VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t));
}
