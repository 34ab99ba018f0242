/*
 * aov_ext.h
 *		What every aov_ext C file shares: how values are held (AovKind), the
 *		special values counted apart (AovSpecial), and the compiler support
 *		the exact arithmetic needs.
 *
 * The pieces each have their own header: exactsum.h (exact sums),
 * numeric_scaled.h (numeric <-> scaled integers), format.h (the serialized
 * form of every type), expanded.h (the expanded-state protocol), result.h
 * (composite results bound by name), array.h (arrays in a memory
 * context), hash.h, radix.h, values.h (a multiset of values),
 * values_state.h (the states over one column of values), robust.h (trimmed
 * means, medians, top values), stats.h (the two-sample tests), idset.h
 * (distinct customers), summary.h (aov_summary) and baskets.h
 * (co-purchase).  doc/design.md maps them to the features.
 */
#ifndef AOV_EXT_H
#define AOV_EXT_H

#include "fmgr.h"

#ifndef HAVE_INT128
#error "aov_ext needs a compiler with a 128-bit integer type"
#endif

/*
 * How the values of a state are held; stored in every serialized form.
 * Integer revenue of aov_summary is held as NUMERIC of scale 0.
 */
typedef enum AovKind
{
	AOV_KIND_NUMERIC = 1,		/* int128 scaled by 10^scale, shown as numeric */
	AOV_KIND_FLOAT8 = 2,		/* finite doubles, -0 folded into 0 */
	AOV_KIND_INTEGER = 3		/* int64 (bigint and integer input) */
} AovKind;

static inline bool
aov_kind_valid(int kind)
{
	return kind == AOV_KIND_NUMERIC || kind == AOV_KIND_FLOAT8 ||
		kind == AOV_KIND_INTEGER;
}

extern const char *aov_kind_name(int kind);

/* NaN and the infinities are counted apart from the stored finite values. */
typedef enum AovSpecial
{
	AOV_FINITE = 0,
	AOV_NAN,
	AOV_PINF,
	AOV_NINF
} AovSpecial;

/*
 * The head of an SQL-callable (version 1) function made by a macro: its
 * info record, its prototype, and the line its body follows.
 */
#define AOV_V1_FUNCTION(name) \
PG_FUNCTION_INFO_V1(name); \
Datum name(PG_FUNCTION_ARGS); \
Datum \
name(PG_FUNCTION_ARGS)

/* the largest display scale a numeric can carry (numeric.c's NUMERIC_DSCALE_MAX) */
#define AOV_MAX_SCALE 0x3FFF

/* shortest float8 digits, whatever extra_float_digits says (palloc'd) */
extern char *aov_float8_text(double x);

/* ERROR: the argument called what must not be null (hint, if any, says why not) */
extern void aov_null_argument(const char *what, const char *hint) pg_attribute_noreturn();

/* Argument argno must not be null: checked per row, inline. */
static inline void
aov_arg_not_null(FunctionCallInfo fcinfo, int argno, const char *what, const char *hint)
{
	if (unlikely(PG_ARGISNULL(argno)))
		aov_null_argument(what, hint);
}

/* A trim fraction cuts less than half from each end. */
static inline bool
aov_trim_valid(double trim)
{
	return trim >= 0 && trim < 0.5;
}

/* ERROR: trim fraction trim is out of range; what it trims are 'what'. */
extern void aov_trim_out_of_range(double trim, const char *what) pg_attribute_noreturn();

#endif							/* AOV_EXT_H */
