/*
 * values_state.h
 *		The states over one column of values, aov_sample (sample.c) and
 *		aov_counts (counts.c): everything they share.
 *
 * Both hold the non-null values of a group as a multiset (values.h:
 * appended by aov_sample's transition, counted by aov_counts'), NaN and
 * the infinities counted apart, and the aggregate's parameters, which
 * every row and partial state of a group must share (the final function
 * cannot see the arguments).  Both serialize as
 *	  0  uint8   format version (2)
 *	  1  uint8   kind (1 numeric, 2 float8, 3 integer)
 *	  2  uint16  reserved, 0
 *	  4  int32   scale (numeric: decimals of the stored integers; else 0)
 *	  8  the type's own fields: its display scale and parameters
 *	  ..  int64 each: the NaN, +Infinity and -Infinity counts
 *	  ..  the finite values as a run (values.h)
 * and version 1 (aov_ext 0.1 to 0.3) has a layout of each type's own in
 * place of the run.
 *
 * A type is an AovValuesType: its names, limits and parts of its own
 * (parameters, fields, version 1), from which this file makes the state
 * type, the transitions, the combine function and the type I/O.  The
 * final functions are the type's.
 */
#ifndef AOV_VALUES_STATE_H
#define AOV_VALUES_STATE_H

#include "aov_ext.h"
#include "expanded.h"
#include "format.h"
#include "values.h"

/* The aggregate's parameters, fixed for a group; each type uses its own. */
typedef struct AovValuesParams
{
	double		low;			/* aov_sample: fraction trimmed from the bottom */
	double		high;			/* aov_sample: fraction trimmed from the top */
	int32		k;				/* aov_counts: how many values to report */
} AovValuesParams;

struct AovValuesType;

typedef struct AovValuesState
{
	ExpandedObjectHeader hdr;
	const struct AovValuesType *type;	/* what this state is */
	AovValues	vals;			/* the values, special ones counted */
	AovValuesParams params;		/* the aggregate's, fixed for the group */
} AovValuesState;

/* A serialized state's header, checked, and where its values are. */
typedef struct AovValuesHead
{
	int			version;
	int			kind;
	int32		scale;
	int32		dscale;
	AovValuesParams params;
	int64		nnan;
	int64		npinf;
	int64		nninf;
	AovRunView	run;			/* version 2 */
	int64		n;				/* version 1: entries of the type's layout */
	const char *packed;			/* version 1: where they are */
} AovValuesHead;

#define AOV_VALUES_FIELDS_MAX 64

typedef struct AovValuesType
{
	AovStateType state;			/* the expanded-state type (this file's methods) */
	const char *func;			/* the aggregate, in messages */
	const char *addfunc;		/* its transition's SQL name, in messages */
	AovValuesMode mode;			/* how the transition holds values */
	int64		max_special;	/* the most of each special count a value holds */
	int64		max_values;		/* the most finite values a value holds ... */
	bool		max_counts_special; /* ... less its special ones, when true */
	const char *integer_special;	/* detail: an integer value holds special ones */

	/*
	 * the type's own header fields: display scale and parameters, at most
	 * AOV_VALUES_FIELDS_MAX bytes; checked as they are read
	 */
	char	   *(*write_fields) (char *p, const AovValuesState *s);
	void		(*read_fields) (AovReader *r, AovValuesHead *h);
	/* the parameters in a row's arguments (per row) */
	void		(*read_args) (FunctionCallInfo fcinfo, AovValuesParams *p);

	/*
	 * ERROR unless p may start a group (was NULL), or, when they differ, unless
	 * p may follow the parameters the group started with (it never may).
	 */
	void		(*check_args) (FunctionCallInfo fcinfo, const AovValuesParams *was,
							   const AovValuesParams *p);
	/* ERROR: states with parameters a and b (which differ) do not combine */
	void		(*combine_mismatch) (const AovValuesParams *a, const AovValuesParams *b);
	/* version 1: read and check the values after the special counts; add them */
	void		(*read_v1) (AovReader *r, AovValuesHead *h);
	void		(*add_v1) (AovValues *v, const AovValuesHead *h);
} AovValuesType;

extern Size aov_values_state_flat_size(ExpandedObjectHeader *eohptr);
extern void aov_values_state_flatten(ExpandedObjectHeader *eohptr, void *result,
									 Size allocated_size);
extern ExpandedObjectHeader *aov_values_state_add_expanded(ExpandedObjectHeader *dst,
														   ExpandedObjectHeader *src,
														   MemoryContext cxt);
extern ExpandedObjectHeader *aov_values_state_add_flat(const AovValuesType *t,
													   ExpandedObjectHeader *dst,
													   const char *body, Size len,
													   MemoryContext cxt);
extern void aov_values_state_parse(const AovValuesType *t, const char *body, Size len,
								   AovValuesHead *h);
extern void aov_values_head_check_scale(const AovValuesHead *h, const char *typname);
/*
 * The k most frequent values of a state as an array of aov_top_numeric
 * (as_numeric), or of the composite of the state's kind; (Datum) 0 when
 * the state holds no values (counts.c).
 */
extern Datum aov_values_top_array(FunctionCallInfo fcinfo, AovValuesState *c, int32 k,
								  bool as_numeric);
extern AovValuesState *aov_values_state_for_add(FunctionCallInfo fcinfo, const AovValuesType *t,
												int kind, const AovValuesParams *p);

/*
 * The AovValuesType var, of SQL type typname and aggregate func, whose own
 * parts are named after prefix (prefix_write_fields, prefix_read_fields,
 * prefix_read_args, prefix_check_args, prefix_combine_mismatch,
 * prefix_read_v1, prefix_add_v1; its transitions are _aov_prefix_add);
 * the rest as AovValuesType says.
 */
#define AOV_VALUES_TYPE(var, typname, prefix, func, mode, \
						max_special, max_values, max_counts_special, integer_special) \
static const AovValuesType var; \
static ExpandedObjectHeader * \
prefix##_add_flat(ExpandedObjectHeader *dst, const char *body, Size len, MemoryContext cxt) \
{ \
	return aov_values_state_add_flat(&(var), dst, body, len, cxt); \
} \
static const AovValuesType var = { \
	{typname, {aov_values_state_flat_size, aov_values_state_flatten}, \
	 aov_values_state_add_expanded, prefix##_add_flat}, \
	func, "_aov_" #prefix "_add", mode, \
	max_special, max_values, max_counts_special, integer_special, \
	prefix##_write_fields, prefix##_read_fields, prefix##_read_args, prefix##_check_args, \
	prefix##_combine_mismatch, prefix##_read_v1, prefix##_add_v1 \
}

static inline bool
aov_values_params_differ(const AovValuesParams *a, const AovValuesParams *b)
{
	return a->low != b->low || a->high != b->high || a->k != b->k;
}

/*
 * A transition of type t: the value in argument 1, of SQL type 'type', added
 * to the state in argument 0.  t and type are constants, so everything a
 * row does is inline: reading the parameters, finding the group's state
 * and checking it, adding the value; the first row of a group and errors
 * go out of line.
 */
static pg_attribute_always_inline Datum
aov_values_state_add(FunctionCallInfo fcinfo, const AovValuesType *t, Oid type)
{
	int			kind = aov_kind_of_type(type);
	AovValuesParams p = {0};
	AovValuesState *s;

	t->read_args(fcinfo, &p);
	s = PG_ARGISNULL(0) ? NULL
		: (AovValuesState *) aov_state_rw(PG_GETARG_DATUM(0), &t->state);
	if (unlikely(s == NULL || s->vals.kind != kind || aov_values_params_differ(&s->params, &p)))
		s = aov_values_state_for_add(fcinfo, t, kind, &p);
	if (!PG_ARGISNULL(1))
		aov_values_add_datum(&s->vals, type, t->mode, PG_GETARG_DATUM(1), t->func);
	PG_RETURN_DATUM(EOHPGetRWDatum(&s->hdr));
}

#define AOV_VALUES_TRANSITION(name, t, type) \
AOV_V1_FUNCTION(name) \
{ \
	return aov_values_state_add(fcinfo, &(t), type); \
}

/*
 * The SQL-callable functions of type t, named after prefix: the transitions
 * prefix_add_numeric, prefix_add_float8, prefix_add_int8, prefix_add_int4
 * and prefix_add_int2 (smallint has its own overload: through implicit
 * casts it would be ambiguous or land on float8), the combine function prefix_combine, and the type I/O.
 */
#define AOV_VALUES_FUNCTIONS(prefix, t) \
AOV_VALUES_TRANSITION(prefix##_add_numeric, t, NUMERICOID) \
AOV_VALUES_TRANSITION(prefix##_add_float8, t, FLOAT8OID) \
AOV_VALUES_TRANSITION(prefix##_add_int8, t, INT8OID) \
AOV_VALUES_TRANSITION(prefix##_add_int4, t, INT4OID) \
AOV_VALUES_TRANSITION(prefix##_add_int2, t, INT2OID) \
AOV_COMBINE_FUNCTION(prefix##_combine, (t).state, "_" #prefix "_combine") \
static void \
prefix##_validate(const char *body, Size len) \
{ \
	AovValuesHead h; \
\
	aov_values_state_parse(&(t), body, len, &h); \
} \
AOV_TYPE_IO_FUNCTIONS(prefix, (t).state.typname, prefix##_validate)

#endif							/* AOV_VALUES_STATE_H */
