/*
 * values.h
 *		A multiset of values of one kind: what aov_trimmed_mean and
 *		aov_top_values aggregate, and the shape of every robust figure.
 *
 * While aggregating, values are either appended in arrival order (eight or
 * sixteen bytes a row, the cheapest thing a transition can do) or counted
 * in a keyed hash table (when the distinct values are few and only their
 * counts matter).  Compaction turns them into a *run*: the distinct values
 * in increasing order with their counts.  Runs are what crosses process
 * boundaries (they shrink with repetition: order values repeat a lot), what
 * a combine function merges (linearly, without re-sorting or re-hashing),
 * and what the robust figures read (median, trimmed mean, top values).
 *
 * Kinds: NUMERIC values are int128 scaled by 10^scale, where scale is the
 * most significant decimals seen (raised for every stored value when a
 * value needs more); FLOAT8 values are finite doubles with -0 folded into
 * 0; INTEGER values are int64.  NaN, +Infinity and -Infinity are counted,
 * never stored: they need no room, and the infinities sit at known ends of
 * the sort order.
 */
#ifndef AOV_VALUES_H
#define AOV_VALUES_H

#include <math.h>

#include "catalog/pg_type.h"

#include "aov_ext.h"
#include "exactsum.h"
#include "format.h"
#include "numeric_scaled.h"

/* The stored values of one kind: a tagged pointer to an array. */
typedef union AovValArray
{
	int128	   *w;				/* AOV_KIND_NUMERIC */
	int64	   *i;				/* AOV_KIND_INTEGER */
	double	   *f;				/* AOV_KIND_FLOAT8 */
	void	   *any;
} AovValArray;

#define AOV_VALUE_SIZE(kind) ((kind) == AOV_KIND_NUMERIC ? sizeof(int128) : sizeof(int64))

/* Distinct values in strictly increasing order, each with its count. */
typedef struct AovRun
{
	int64		n;				/* distinct values */
	AovValArray v;
	int64	   *count;			/* >= 1 each */
	int64		total;			/* sum of the counts */
} AovRun;

typedef enum AovValuesMode
{
	AOV_VALUES_APPEND,			/* the transition appends every value */
	AOV_VALUES_COUNT			/* the transition counts values in a hash table */
} AovValuesMode;

typedef struct AovValues
{
	int			kind;			/* AovKind */
	AovValuesMode mode;
	int32		scale;			/* NUMERIC: decimals of the stored integers */
	int32		dscale;			/* NUMERIC: largest display scale seen */
	MemoryContext cxt;			/* where the arrays live */
	int64		nnan;			/* NaN values seen */
	int64		npinf;			/* +Infinity values seen */
	int64		nninf;			/* -Infinity values seen */

	/* APPEND: values in arrival order, not yet sorted */
	int64		nbuf;
	int64		capbuf;
	AovValArray buf;

	/* COUNT: open addressing on the value, count 0 marks an empty slot */
	int64		nslots;			/* a power of two, or 0 */
	int64		nused;
	int128	   *slot_key;		/* the value (doubles by their bits) */
	int64	   *slot_count;

	/* sorted runs merged in, not yet merged with each other */
	int			nruns;
	int64		capruns;
	AovRun	   *runs;
} AovValues;

extern void aov_run_build(int kind, AovValArray vals, int64 *counts, int64 n,
						  MemoryContext cxt, AovRun *out);
extern void aov_run_free(AovRun *r);

extern void aov_values_init(AovValues *v, int kind, AovValuesMode mode, MemoryContext cxt);
extern void aov_values_free(AovValues *v);
extern int64 aov_values_total(const AovValues *v);
extern void aov_values_grow(AovValues *v, int64 extra);
extern void aov_values_count_slow(AovValues *v, int128 key, int64 count);
extern void aov_values_raise_scale(AovValues *v, int to, const char *func);
extern void aov_values_merge(AovValues *dst, const AovValues *src, const char *func);
extern void aov_values_compact(AovValues *v);
extern const AovRun *aov_values_run(AovValues *v);

/* APPEND mode: add one value (NUMERIC values already at v->scale). */
static inline void
aov_values_push_wide(AovValues *v, int128 x)
{
	if (unlikely(v->nbuf == v->capbuf))
		aov_values_grow(v, 1);
	v->buf.w[v->nbuf++] = x;
}

static inline void
aov_values_push_int64(AovValues *v, int64 x)
{
	if (unlikely(v->nbuf == v->capbuf))
		aov_values_grow(v, 1);
	v->buf.i[v->nbuf++] = x;
}

static inline void
aov_values_push_float8(AovValues *v, double x)
{
	if (unlikely(v->nbuf == v->capbuf))
		aov_values_grow(v, 1);
	v->buf.f[v->nbuf++] = x == 0 ? 0.0 : x;	/* -0 is 0 */
}

/* COUNT mode: count one value (doubles by their bits, -0 folded). */
extern void aov_values_count(AovValues *v, int128 key);

/* The kind that values of an SQL number type are held as. */
static inline int
aov_kind_of_type(Oid type)
{
	return type == NUMERICOID ? AOV_KIND_NUMERIC :
		type == FLOAT8OID ? AOV_KIND_FLOAT8 : AOV_KIND_INTEGER;
}

/*
 * Add one non-null value d of SQL type 'type' (numeric, float8, bigint,
 * integer or smallint), appended or counted as mode says (v's mode), NaN and the
 * infinities counted apart; func names the aggregate in errors.  type and
 * mode are constants in every caller, so a transition keeps only its own
 * branch.
 */
static pg_attribute_always_inline void
aov_values_add_datum(AovValues *v, Oid type, AovValuesMode mode, Datum d, const char *func)
{
	Assert(mode == v->mode);
	if (type == NUMERICOID)
	{
		int128		x;
		int			effscale;
		int			dscale;
		bool		toobig;

		switch (aov_numeric_decode(d, &x, &effscale, &dscale, &toobig))
		{
			case AOV_NAN:
				v->nnan++;
				return;
			case AOV_PINF:
				v->npinf++;
				return;
			case AOV_NINF:
				v->nninf++;
				return;
			case AOV_FINITE:
				break;
		}
		if (unlikely(toobig))
			aov_numeric_out_of_range(func, Max(v->scale, effscale));
		if (unlikely(effscale > v->scale))
			aov_values_raise_scale(v, effscale, func);
		if (unlikely(dscale > v->dscale))
			v->dscale = dscale;
		if (unlikely(!aov_int128_mul_pow10(&x, v->scale - effscale)))
			aov_numeric_out_of_range(func, v->scale);
		if (mode == AOV_VALUES_APPEND)
			aov_values_push_wide(v, x);
		else
			aov_values_count(v, x);
	}
	else if (type == FLOAT8OID)
	{
		double		x = DatumGetFloat8(d);

		if (unlikely(isnan(x)))
			v->nnan++;
		else if (unlikely(isinf(x)))
		{
			if (x > 0)
				v->npinf++;
			else
				v->nninf++;
		}
		else if (mode == AOV_VALUES_APPEND)
			aov_values_push_float8(v, x);
		else
		{
			int64		bits;

			if (x == 0)
				x = 0.0;		/* -0 = 0, as float8 equality says */
			memcpy(&bits, &x, sizeof(bits));
			aov_values_count(v, bits);
		}
	}
	else
	{
		int64		x = type == INT8OID ? DatumGetInt64(d) :
			type == INT2OID ? (int64) DatumGetInt16(d) : (int64) DatumGetInt32(d);

		if (mode == AOV_VALUES_APPEND)
			aov_values_push_int64(v, x);
		else
			aov_values_count(v, x);
	}
}

/* ERROR: a state of typname holds values of kind, not the ones wanted. */
extern void aov_values_wrong_kind(const char *typname, int kind, const char *wanted) pg_attribute_noreturn();

/*
 * The serialized run: varint n, then per distinct value the varint of its
 * order-preserving key (the first one whole, each next one as the step
 * from the previous less one) and the varint of its count less one.
 * Strictly increasing and minimal by construction, so canonical.
 */
extern Size aov_run_encoded_size(const AovRun *r, int kind);
extern char *aov_run_encode(char *p, const AovRun *r, int kind);

/* A run read from a serialized value, still packed. */
typedef struct AovRunView
{
	int			kind;
	int64		n;				/* distinct values */
	int64		total;			/* sum of the counts */
	const char *packed;
	Size		len;
} AovRunView;

extern void aov_run_parse(AovReader *r, int kind, int64 max_total, AovRunView *view);
extern void aov_values_add_view(AovValues *v, const AovRunView *view, int32 scale,
								const char *func);

/* value i of a run as int128 (numeric, integer) or its double */
static inline int128
aov_run_int(const AovRun *r, int kind, int64 i)
{
	return kind == AOV_KIND_NUMERIC ? r->v.w[i] : (int128) r->v.i[i];
}

#endif							/* AOV_VALUES_H */
