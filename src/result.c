/*
 * result.c
 *		Composite types bound by field name (see result.h).
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "catalog/namespace.h"
#include "catalog/pg_aggregate.h"
#include "catalog/pg_proc.h"
#include "catalog/pg_type.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "utils/acl.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/regproc.h"
#include "utils/syscache.h"
#include "utils/tuplestore.h"
#include "utils/typcache.h"

#include "result.h"

typedef struct RowCache
{
	AovRowType *slot[AOV_ROW_SLOTS];
} RowCache;

static RowCache *
row_cache(FunctionCallInfo fcinfo)
{
	if (fcinfo->flinfo->fn_extra == NULL)
		fcinfo->flinfo->fn_extra = MemoryContextAllocZero(fcinfo->flinfo->fn_mcxt,
														  sizeof(RowCache));
	return fcinfo->flinfo->fn_extra;
}

/* Bind the fields to the attributes of tupdesc (copied into fn_mcxt). */
static AovRowType *
bind_row(FunctionCallInfo fcinfo, Oid typid, TupleDesc tupdesc,
		 const char *const *names, int n)
{
	MemoryContext old = MemoryContextSwitchTo(fcinfo->flinfo->fn_mcxt);
	AovRowType *rt = palloc(sizeof(AovRowType));

	rt->typid = typid;
	rt->tupdesc = BlessTupleDesc(CreateTupleDescCopy(tupdesc));
	rt->nfields = n;
	rt->attno = palloc(n * sizeof(int));
	for (int i = 0; i < n; i++)
	{
		rt->attno[i] = -1;
		for (int a = 0; a < tupdesc->natts; a++)
		{
			Form_pg_attribute att = TupleDescAttr(tupdesc, a);

			if (!att->attisdropped && strcmp(NameStr(att->attname), names[i]) == 0)
			{
				rt->attno[i] = a;
				break;
			}
		}
		if (rt->attno[i] < 0)
			elog(ERROR, "composite type %s has no field \"%s\"",
				 format_type_be(typid), names[i]);
	}
	MemoryContextSwitchTo(old);
	return rt;
}

AovRowType *
aov_result_row(FunctionCallInfo fcinfo, const char *const *names, int n)
{
	RowCache   *cache = row_cache(fcinfo);
	Oid			typid;
	TupleDesc	tupdesc;

	if (cache->slot[AOV_ROW_RESULT] != NULL)
		return cache->slot[AOV_ROW_RESULT];
	if (get_call_result_type(fcinfo, &typid, &tupdesc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "function returning a row called in a context that cannot accept one");
	cache->slot[AOV_ROW_RESULT] = bind_row(fcinfo, typid, tupdesc, names, n);
	return cache->slot[AOV_ROW_RESULT];
}

AovRowType *
aov_arg_row(FunctionCallInfo fcinfo, Oid typid, const char *const *names, int n)
{
	RowCache   *cache = row_cache(fcinfo);
	TupleDesc	tupdesc;

	if (cache->slot[AOV_ROW_ARG] != NULL && cache->slot[AOV_ROW_ARG]->typid == typid)
		return cache->slot[AOV_ROW_ARG];
	tupdesc = lookup_rowtype_tupdesc(typid, -1);
	cache->slot[AOV_ROW_ARG] = bind_row(fcinfo, typid, tupdesc, names, n);
	ReleaseTupleDesc(tupdesc);
	return cache->slot[AOV_ROW_ARG];
}

/* A composite type of the function's own schema, by name. */
AovRowType *
aov_named_row(FunctionCallInfo fcinfo, const char *typname, const char *const *names, int n)
{
	RowCache   *cache = row_cache(fcinfo);
	Oid			nsp;
	Oid			typid;
	TupleDesc	tupdesc;

	if (cache->slot[AOV_ROW_NAMED] != NULL)
		return cache->slot[AOV_ROW_NAMED];
	nsp = get_func_namespace(fcinfo->flinfo->fn_oid);
	typid = GetSysCacheOid2(TYPENAMENSP, Anum_pg_type_oid,
							CStringGetDatum(typname), ObjectIdGetDatum(nsp));
	if (!OidIsValid(typid))
		elog(ERROR, "type %s not found in the schema of function %u",
			 typname, fcinfo->flinfo->fn_oid);
	tupdesc = lookup_rowtype_tupdesc(typid, -1);
	cache->slot[AOV_ROW_NAMED] = bind_row(fcinfo, typid, tupdesc, names, n);
	ReleaseTupleDesc(tupdesc);
	return cache->slot[AOV_ROW_NAMED];
}

/* Our fields' values in the type's attribute order (unnamed attributes NULL). */
void
aov_row_values(const AovRowType *rt, const Datum *values, const bool *nulls,
			   Datum *attvalues, bool *attnulls)
{
	for (int a = 0; a < rt->tupdesc->natts; a++)
	{
		attvalues[a] = (Datum) 0;
		attnulls[a] = true;
	}
	for (int i = 0; i < rt->nfields; i++)
	{
		attvalues[rt->attno[i]] = values[i];
		attnulls[rt->attno[i]] = nulls[i];
	}
}

Datum
aov_row_form(const AovRowType *rt, const Datum *values, const bool *nulls)
{
	int			natts = rt->tupdesc->natts;
	Datum	   *v = palloc(natts * sizeof(Datum));
	bool	   *isnull = palloc(natts * sizeof(bool));
	HeapTuple	tuple;

	aov_row_values(rt, values, nulls, v, isnull);
	tuple = heap_form_tuple(rt->tupdesc, v, isnull);
	pfree(v);
	pfree(isnull);
	return HeapTupleGetDatum(tuple);
}

void
aov_row_read(const AovRowType *rt, HeapTupleHeader row, Datum *values, bool *nulls)
{
	HeapTupleData tuple;
	int			natts = rt->tupdesc->natts;
	Datum	   *v = palloc(natts * sizeof(Datum));
	bool	   *isnull = palloc(natts * sizeof(bool));

	tuple.t_len = HeapTupleHeaderGetDatumLength(row);
	ItemPointerSetInvalid(&tuple.t_self);
	tuple.t_tableOid = InvalidOid;
	tuple.t_data = row;
	heap_deform_tuple(&tuple, rt->tupdesc, v, isnull);
	for (int i = 0; i < rt->nfields; i++)
	{
		values[i] = v[rt->attno[i]];
		nulls[i] = isnull[rt->attno[i]];
	}
	pfree(v);
	pfree(isnull);
}

/* Set up a materialized result (InitMaterializedSRF exists from PG 15 only). */
void
aov_materialize_srf(FunctionCallInfo fcinfo, TupleDesc tupdesc)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	MemoryContext old;

	if (rsinfo == NULL || !IsA(rsinfo, ReturnSetInfo) ||
		!(rsinfo->allowedModes & SFRM_Materialize))
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("set-valued function called in context that cannot accept a set")));
	old = MemoryContextSwitchTo(rsinfo->econtext->ecxt_per_query_memory);
	rsinfo->returnMode = SFRM_Materialize;
	rsinfo->setDesc = CreateTupleDescCopy(tupdesc);
	rsinfo->setResult = tuplestore_begin_heap(true, false, work_mem);
	MemoryContextSwitchTo(old);
}

/*
 * _aov_call_final(aggregate, state): the text of what the aggregate's final
 * function returns for state when called as Citus calls it, through a bare
 * fmgr_info: no call expression, so no declared result type to look up.
 * A test hook; it calls only final functions of this extension's
 * aggregates, and checks the caller may execute them.
 */
PG_FUNCTION_INFO_V1(aov_call_final);
Datum
aov_call_final(PG_FUNCTION_ARGS)
{
	Oid			agg = PG_GETARG_OID(0);
	Oid			statetype = get_fn_expr_argtype(fcinfo->flinfo, 1);
	HeapTuple	tup;
	Form_pg_aggregate form;
	Oid			ffunc;
	Oid			transtype;
	Oid			rettype;
	Oid			outfunc;
	bool		isvarlena;
	FmgrInfo	info;
	LOCAL_FCINFO(inner, 1);
	Datum		result;

	tup = SearchSysCache1(AGGFNOID, ObjectIdGetDatum(agg));
	if (!HeapTupleIsValid(tup))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("function %u is not an aggregate", agg)));
	form = (Form_pg_aggregate) GETSTRUCT(tup);
	ffunc = form->aggfinalfn;
	transtype = form->aggtranstype;
	ReleaseSysCache(tup);
	if (!OidIsValid(ffunc) ||
		get_func_namespace(ffunc) != get_func_namespace(fcinfo->flinfo->fn_oid))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s is not an aov_ext aggregate with a final function",
						format_procedure(agg))));
	if (statetype != transtype)
		ereport(ERROR,
				(errcode(ERRCODE_DATATYPE_MISMATCH),
				 errmsg("the state of %s is %s, not %s", format_procedure(agg),
						format_type_be(transtype), format_type_be(statetype))));
#if PG_VERSION_NUM >= 160000
	if (object_aclcheck(ProcedureRelationId, ffunc, GetUserId(), ACL_EXECUTE) != ACLCHECK_OK)
#else
	if (pg_proc_aclcheck(ffunc, GetUserId(), ACL_EXECUTE) != ACLCHECK_OK)
#endif
		aclcheck_error(ACLCHECK_NO_PRIV, OBJECT_FUNCTION, get_func_name(ffunc));
	if (PG_ARGISNULL(1) && func_strict(ffunc))
		PG_RETURN_NULL();

	fmgr_info(ffunc, &info);
	InitFunctionCallInfoData(*inner, &info, 1, PG_GET_COLLATION(), NULL, NULL);
	inner->args[0].value = PG_ARGISNULL(1) ? (Datum) 0 : PG_GETARG_DATUM(1);
	inner->args[0].isnull = PG_ARGISNULL(1);
	result = FunctionCallInvoke(inner);
	if (inner->isnull)
		PG_RETURN_NULL();
	rettype = get_func_rettype(ffunc);
	getTypeOutputInfo(rettype, &outfunc, &isvarlena);
	PG_RETURN_TEXT_P(cstring_to_text(OidOutputFunctionCall(outfunc, result)));
}
