/*
 * result.h
 *		Composite values crossing the C <-> SQL boundary, bound by field
 *		name once per call site (cached in fn_extra), never by position.
 *
 * A C function lists the fields it reads or writes in its own order (an
 * enum); the binding maps them to the attributes of the SQL type, so a
 * column added to or reordered in the SQL definition cannot silently swap
 * two numbers.  Final functions of aggregates may be called without a call
 * expression (Citus calls them through a bare fmgr_info): the result type
 * then comes from the function's declaration, and types named by a
 * function (the element type of a top-values array) are looked up in the
 * function's own schema.
 */
#ifndef AOV_RESULT_H
#define AOV_RESULT_H

#include "access/htup.h"
#include "access/tupdesc.h"
#include "fmgr.h"

typedef struct AovRowType
{
	Oid			typid;
	TupleDesc	tupdesc;		/* blessed, in fn_mcxt */
	int			nfields;
	int		   *attno;			/* field i is attribute attno[i] (0-based) */
} AovRowType;

/* Slots of the per-function cache; a function uses each for one type. */
#define AOV_ROW_RESULT 0
#define AOV_ROW_ARG 1
#define AOV_ROW_NAMED 2
#define AOV_ROW_SLOTS 3

extern AovRowType *aov_result_row(FunctionCallInfo fcinfo, const char *const *names, int n);
extern AovRowType *aov_arg_row(FunctionCallInfo fcinfo, Oid typid, const char *const *names, int n);
extern AovRowType *aov_named_row(FunctionCallInfo fcinfo, const char *typname,
								 const char *const *names, int n);
extern void aov_row_values(const AovRowType *rt, const Datum *values, const bool *nulls,
						   Datum *attvalues, bool *attnulls);
extern Datum aov_row_form(const AovRowType *rt, const Datum *values, const bool *nulls);
extern void aov_row_read(const AovRowType *rt, HeapTupleHeader row, Datum *values, bool *nulls);

/*
 * Make a set-returning function return its rows in a tuplestore
 * (rsinfo->setResult, in work_mem then on disk), which leaves fn_extra to
 * the row bindings above.
 */
extern void aov_materialize_srf(FunctionCallInfo fcinfo, TupleDesc tupdesc);

#endif							/* AOV_RESULT_H */
