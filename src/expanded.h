/*
 * expanded.h
 *		The expanded-state protocol shared by every aov_ext aggregate.
 *
 * An aggregate's state is a real SQL type (Citus pushes an aggregate down
 * only then), held while aggregating as a read-write expanded object
 * (utils/expandeddatum.h) that nodeAgg adopts without copying, and
 * flattened only when it leaves the process: a parallel worker's partial
 * state, Citus shipping it, a value stored in a table.  The rules, written
 * once here:
 *	- a transition function works on the read-write object in argument 0,
 *	  decoded inline (no out-of-line call per row); a flat argument 0 (not
 *	  made by this aggregate) is copied into a new object once;
 *	- objects live in one context per aggregate call site, a direct child
 *	  of the aggregate context (aov_state_context);
 *	- a combine function never returns or modifies its second argument, and
 *	  handles NULL (a worker that saw no rows) on either side;
 *	- final, output and send functions accept the flat form and read-only
 *	  expanded pointers as well.
 * A type describes itself with an AovStateType: its flattening methods and
 * how to add a value of the type to an object, given as an expanded object
 * or as serialized bytes.  Copying and merging a datum in any form go
 * through aov_state_add, and aov_state_combine is a type's whole combine
 * function.
 */
#ifndef AOV_EXPANDED_H
#define AOV_EXPANDED_H

#include "fmgr.h"
#include "utils/expandeddatum.h"

#include "aov_ext.h"

typedef struct AovStateType
{
	const char *typname;		/* SQL type name, for messages */
	ExpandedObjectMethods methods;	/* get_flat_size, flatten_into */

	/*
	 * Add the value of src (an object of this type, never modified) to dst,
	 * or with dst NULL to a new object in cxt made with src's parameters;
	 * return dst or the new object.
	 */
	ExpandedObjectHeader *(*add_expanded) (ExpandedObjectHeader *dst,
										   ExpandedObjectHeader *src, MemoryContext cxt);
	/* the same for a serialized value, body[0 .. len), checked as it is read */
	ExpandedObjectHeader *(*add_flat) (ExpandedObjectHeader *dst, const char *body,
									   Size len, MemoryContext cxt);
} AovStateType;

/*
 * A new object of type t: a zeroed struct of size bytes in cxt that starts
 * with its ExpandedObjectHeader.
 */
extern void *aov_state_new(const AovStateType *t, Size size, MemoryContext cxt);

/*
 * The AovStateType var of a type whose methods are named after it:
 * prefix_get_flat_size, prefix_flatten_into, prefix_add_expanded and
 * prefix_add_flat, declared here and defined further down the file.
 */
#define AOV_STATE_TYPE(var, typname, prefix) \
static Size prefix##_get_flat_size(ExpandedObjectHeader *eohptr); \
static void prefix##_flatten_into(ExpandedObjectHeader *eohptr, void *result, \
								  Size allocated_size); \
static ExpandedObjectHeader *prefix##_add_expanded(ExpandedObjectHeader *dst, \
												   ExpandedObjectHeader *src, \
												   MemoryContext cxt); \
static ExpandedObjectHeader *prefix##_add_flat(ExpandedObjectHeader *dst, const char *body, \
											   Size len, MemoryContext cxt); \
static const AovStateType var = { \
	typname, \
	{prefix##_get_flat_size, prefix##_flatten_into}, \
	prefix##_add_expanded, \
	prefix##_add_flat \
}

/* The read-write expanded object of type t behind d, or NULL (per row). */
static inline ExpandedObjectHeader *
aov_state_rw(Datum d, const AovStateType *t)
{
	struct varlena *v = (struct varlena *) DatumGetPointer(d);

	if (VARATT_IS_EXTERNAL_EXPANDED_RW(v))
	{
		varatt_expanded ptr;

		/* DatumGetEOHP inline: it is an out-of-line call per row */
		memcpy(&ptr, VARDATA_EXTERNAL(v), sizeof(ptr));
		if (ptr.eohptr->eoh_methods == &t->methods)
			return ptr.eohptr;
	}
	return NULL;
}

/* Any expanded object (read-write or read-only) of type t behind d, or NULL. */
extern ExpandedObjectHeader *aov_state_expanded(Datum d, const AovStateType *t);

/*
 * Add the value of d, in any form, to dst, or with dst NULL copy it into a
 * new object in cxt: the one way a state is copied or merged.
 */
extern ExpandedObjectHeader *aov_state_add(const AovStateType *t, ExpandedObjectHeader *dst,
										   Datum d, MemoryContext cxt);

extern void aov_check_aggregate(FunctionCallInfo fcinfo, const char *func,
								MemoryContext *aggcxt);
extern MemoryContext aov_state_context(FunctionCallInfo fcinfo, MemoryContext aggcxt);

/*
 * A transition's state when argument 0 is not our read-write object: NULL
 * when argument 0 is NULL (create the state in *statecxt), else a copy of
 * the flat value in *statecxt.
 */
extern ExpandedObjectHeader *aov_state_adopt(FunctionCallInfo fcinfo, const AovStateType *t,
											 const char *func, MemoryContext *statecxt);

/* The whole combine function of a state type. */
extern Datum aov_state_combine(FunctionCallInfo fcinfo, const AovStateType *t,
							   const char *func);

/* The SQL-callable combine function name of state type t, called func in messages. */
#define AOV_COMBINE_FUNCTION(name, t, func) \
AOV_V1_FUNCTION(name) \
{ \
	return aov_state_combine(fcinfo, &(t), func); \
}

/*
 * The state a final function reads: the aggregate's own object (its to
 * reorganize without changing its value), or a private copy of a flat one.
 */
extern ExpandedObjectHeader *aov_state_for_final(Datum d, const AovStateType *t);

#endif							/* AOV_EXPANDED_H */
