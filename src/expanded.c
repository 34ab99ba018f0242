/*
 * expanded.c
 *		The expanded-state protocol (see expanded.h): where states live,
 *		how a transition adopts its state, the combine function of every
 *		state type, and what a final function reads.
 */
#include "postgres.h"

#include "fmgr.h"
#include "utils/expandeddatum.h"
#include "utils/memutils.h"

#include "expanded.h"
#include "format.h"

void *
aov_state_new(const AovStateType *t, Size size, MemoryContext cxt)
{
	ExpandedObjectHeader *eoh = MemoryContextAllocZero(cxt, size);

	EOH_init_header(eoh, &t->methods, cxt);
	return eoh;
}

ExpandedObjectHeader *
aov_state_expanded(Datum d, const AovStateType *t)
{
	struct varlena *v = (struct varlena *) DatumGetPointer(d);

	if (VARATT_IS_EXTERNAL_EXPANDED(v))
	{
		ExpandedObjectHeader *eoh = DatumGetEOHP(d);

		if (eoh->eoh_methods == &t->methods)
			return eoh;
		elog(ERROR, "expanded object is not an %s", t->typname);
	}
	return NULL;
}

ExpandedObjectHeader *
aov_state_add(const AovStateType *t, ExpandedObjectHeader *dst, Datum d, MemoryContext cxt)
{
	ExpandedObjectHeader *x = aov_state_expanded(d, t);
	AovFlat		f;

	if (x != NULL)
		return t->add_expanded(dst, x, cxt);
	aov_flat_open(&f, d);
	dst = t->add_flat(dst, f.body, f.len, cxt);
	aov_flat_close(&f);
	return dst;
}

void
aov_check_aggregate(FunctionCallInfo fcinfo, const char *func, MemoryContext *aggcxt)
{
	if (!AggCheckCallContext(fcinfo, aggcxt))
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("%s called in non-aggregate context", func),
				 errhint("It is a support function of an aov_ext aggregate.")));
}

/*
 * Where the states of one aggregate call site live: one context per
 * aggregate context, a direct child of it, shared by all the groups.
 *
 * A direct child, because nodeAgg adopts a read-write expanded state without
 * copying only when its context's parent is the aggregate context.  Shared,
 * because hash aggregation sums the memory of every child context each time
 * it adds a group: one context per group made GROUP BY quadratic in the
 * number of groups.  States are never freed one by one (nodeAgg deletes an
 * expanded state only when a transition returns a different one, which ours
 * never do), so sharing is safe; the context goes when the aggregate context
 * is reset, and a reset callback forgets it then.
 */
typedef struct StateCache
{
	MemoryContext aggcxt;
	MemoryContext shared;
} StateCache;

typedef struct StateCacheHook
{
	StateCache *cache;
	MemoryContext cxt;
	MemoryContextCallback cb;
} StateCacheHook;

static void
forget_state_context(void *arg)
{
	StateCacheHook *hook = arg;

	if (hook->cache->shared == hook->cxt)
	{
		hook->cache->shared = NULL;
		hook->cache->aggcxt = NULL;
	}
}

MemoryContext
aov_state_context(FunctionCallInfo fcinfo, MemoryContext aggcxt)
{
	StateCache *cache = fcinfo->flinfo->fn_extra;
	StateCacheHook *hook;

	if (cache == NULL)
	{
		cache = MemoryContextAllocZero(fcinfo->flinfo->fn_mcxt, sizeof(StateCache));
		fcinfo->flinfo->fn_extra = cache;
	}
	if (cache->shared != NULL && cache->aggcxt == aggcxt)
		return cache->shared;

	cache->shared = AllocSetContextCreate(aggcxt, "aov_ext states",
										  ALLOCSET_DEFAULT_SIZES);
	cache->aggcxt = aggcxt;
	hook = MemoryContextAlloc(cache->shared, sizeof(StateCacheHook));
	hook->cache = cache;
	hook->cxt = cache->shared;
	hook->cb.func = forget_state_context;
	hook->cb.arg = hook;
	MemoryContextRegisterResetCallback(cache->shared, &hook->cb);
	return cache->shared;
}

ExpandedObjectHeader *
aov_state_adopt(FunctionCallInfo fcinfo, const AovStateType *t, const char *func,
				MemoryContext *statecxt)
{
	MemoryContext aggcxt;

	aov_check_aggregate(fcinfo, func, &aggcxt);
	*statecxt = aov_state_context(fcinfo, aggcxt);
	if (PG_ARGISNULL(0))
		return NULL;
	/* a flat state (not made by this aggregate): expand a copy once */
	return aov_state_add(t, NULL, PG_GETARG_DATUM(0), *statecxt);
}

Datum
aov_state_combine(FunctionCallInfo fcinfo, const AovStateType *t, const char *func)
{
	MemoryContext aggcxt;
	ExpandedObjectHeader *s;

	aov_check_aggregate(fcinfo, func, &aggcxt);
	if (PG_ARGISNULL(1))
	{
		if (PG_ARGISNULL(0))
			PG_RETURN_NULL();
		PG_RETURN_DATUM(PG_GETARG_DATUM(0));
	}
	if (PG_ARGISNULL(0))
	{
		/* never hand back the second argument: copy it */
		s = aov_state_add(t, NULL, PG_GETARG_DATUM(1), aov_state_context(fcinfo, aggcxt));
		PG_RETURN_DATUM(EOHPGetRWDatum(s));
	}
	s = aov_state_rw(PG_GETARG_DATUM(0), t);
	if (s == NULL)
		s = aov_state_add(t, NULL, PG_GETARG_DATUM(0), aov_state_context(fcinfo, aggcxt));
	aov_state_add(t, s, PG_GETARG_DATUM(1), NULL);
	PG_RETURN_DATUM(EOHPGetRWDatum(s));
}

ExpandedObjectHeader *
aov_state_for_final(Datum d, const AovStateType *t)
{
	ExpandedObjectHeader *eoh = aov_state_expanded(d, t);

	if (eoh != NULL)
		return eoh;
	return aov_state_add(t, NULL, d, CurrentMemoryContext);
}
