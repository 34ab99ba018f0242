/*
 * itemsets.c
 *		Frequent itemsets and association rules (bundles of three and more)
 *		from the baskets of an aov_basket_lines state: aov_itemsets and
 *		aov_itemset_rules, which aov_itemset_table, aov_itemset_rule_table and
 *		aov_itemset_bundles call (src/sql/aov_ext.sql).
 *
 * The baskets come from aov_copurchase's state (baskets.c), so the lines
 * are gathered and each partial state's baskets counted in parallel (and
 * on Citus nodes) exactly as for the pair table; this file only mines the
 * merged baskets, in the process that finalizes.
 *
 * Apriori, level by level, counted vertically: every frequent itemset of a
 * level keeps the increasing list of the baskets that hold it (its tidset,
 * basket numbers as int32), and a candidate of the next level, the union of
 * two frequent itemsets that share all but their last product, is counted
 * by intersecting their two lists.  A candidate with any infrequent subset
 * is pruned before it is counted (downward closure).  Level 1 and level 2
 * come from the counts the state already made (product and pair counts);
 * building their tidsets from the baskets checks those counts, which a
 * stored value could have forged.  The last level is counted without
 * keeping its tidsets.
 *
 * An itemset is frequent when n / N >= min_support, the same float8
 * quotient mlxtend compares, N the baskets counted (orders with more than
 * max_basket products are skipped, as in the pair table).  Rules are
 * mlxtend's association_rules: every split of a frequent itemset of size 2
 * or more into a non-empty antecedent A and consequent C; their counts are
 * those of frequent itemsets (every subset of a frequent itemset is one).
 *
 * Memory, besides the state: the itemsets (4k + 16 bytes each), and 4
 * bytes per basket in the tidsets of two adjacent levels, that is at most
 * 4 (lines of frequent products + the sum of n over the frequent itemsets
 * of sizes 2 .. max_size - 1).  Worst case: max_candidates candidates per
 * level, each an intersection of two lists of up to N baskets; more
 * candidates than max_candidates at one level is an error
 * (program_limit_exceeded), never a silent cut.
 */
#include "postgres.h"

#include <math.h>

#include "catalog/pg_type.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/float.h"
#include "utils/tuplestore.h"

#include "array.h"
#include "baskets.h"
#include "format.h"
#include "result.h"

/*
 * Pairs alone are the pair table's; the rules of an itemset are its 2^k - 2
 * splits, so 10 products keep them to 1022 per itemset.
 */
#define MIN_SIZE 3
#define MAX_SIZE 10
#define LINES_TYPNAME "aov_basket_lines"
/*
 * The state's parser checks the baskets against the product counts but does
 * not recount pairs; mining does, so a forged value is caught here.
 */
#define COUNT_DISAGREES "A product or pair count disagrees with the baskets."

/* The frequent itemsets of one size, in increasing lexicographic order. */
typedef struct Level
{
	int			k;				/* products per itemset */
	int64		n;				/* itemsets */
	int64		cap;
	int32	   *items;			/* n x k product numbers, each row increasing */
	int64	   *count;			/* baskets that hold the itemset */
	bool		has_tids;
	int64	   *tstart;			/* itemset i's baskets: tids[tstart[i] .. tstart[i + 1]) */
	int64		tcap;
	int32	   *tids;
} Level;

typedef struct Mined
{
	int			kind;
	const AovPartial *p;
	int64		N;
	int			max_size;
	int			nlevels;		/* levels[1 .. nlevels] */
	Level		levels[MAX_SIZE + 1];
	Datum	   *keytext;		/* text of product a, made when first needed */
	MemoryContext cxt;			/* of keytext, outliving the rows */
} Mined;

/* ---------- arguments ---------- */

/* min_support, max_size and max_candidates from argument a on */
static void
check_args(FunctionCallInfo fcinfo, int a)
{
	double		min_support;
	int32		max_size;

	for (int i = a; i < a + 3; i++)
		if (PG_ARGISNULL(i))
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("minimum support, maximum size and candidate limit must not be null"),
					 errhint("Leave max_size and max_candidates out for their defaults: 3 and 1000000.")));
	min_support = PG_GETARG_FLOAT8(a);
	max_size = PG_GETARG_INT32(a + 1);
	if (!(min_support > 0 && min_support <= 1))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("minimum support %g is out of range", min_support),
				 errdetail("Support is the share of orders that hold an itemset; it must be above 0 and at most 1."),
				 errhint("The support floor bounds the work: 0.01 keeps itemsets in one order in a hundred.")));
	if (max_size < MIN_SIZE || max_size > MAX_SIZE)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("maximum itemset size %d is out of range", max_size),
				 errdetail("Itemsets of " CppAsString2(MIN_SIZE) " to " CppAsString2(MAX_SIZE) " products are mined here."),
				 errhint("For pairs only, use aov_pair_table: it adds the Fisher p-value.")));
	if (PG_GETARG_INT64(a + 2) < 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("candidate limit must be at least 1"),
				 errhint("Use the default, 1000000, or raise min_support to need fewer candidates.")));
}

/* the checks of the itemset functions' arguments and basket size limit, before the scan */
PG_FUNCTION_INFO_V1(aov_check_itemset_args);
Datum
aov_check_itemset_args(PG_FUNCTION_ARGS)
{
	check_args(fcinfo, 0);
	aov_arg_not_null(fcinfo, 3, "basket size limit", NULL);
	aov_check_max_basket(PG_GETARG_INT32(3));
	PG_RETURN_VOID();
}

/*
 * The smallest count n with n / N >= min_support as float8, the quotient
 * mlxtend compares, so that a boundary itemset is decided the same way.
 */
static int64
min_count(double min_support, int64 N)
{
	double		c = ceil(min_support * (double) N);
	int64		n = c < 1 ? 1 : (int64) c;

	while (n > 1 && (double) (n - 1) / (double) N >= min_support)
		n--;
	while (n <= N && (double) n / (double) N < min_support)
		n++;
	return n;
}

/* ---------- levels ---------- */

static inline const int32 *
itemset(const Level *l, int64 i)
{
	return l->items + i * l->k;
}

static void
level_push(Level *l, const int32 *items, int64 count)
{
	if (l->n == l->cap)
	{
		int64		cap = l->cap;

		l->items = aov_array_reserve(l->items, &cap, l->n + 1, 256, mul_size(l->k, sizeof(int32)),
									 CurrentMemoryContext);
		l->count = aov_array_resize(l->count, cap, sizeof(int64), CurrentMemoryContext);
		if (l->has_tids)
			l->tstart = aov_array_resize(l->tstart, cap + 1, sizeof(int64), CurrentMemoryContext);
		l->cap = cap;
	}
	memcpy(l->items + l->n * l->k, items, l->k * sizeof(int32));
	l->count[l->n] = count;
	l->n++;
}

static void
level_init(Level *l, int k, bool has_tids)
{
	memset(l, 0, sizeof(Level));
	l->k = k;
	l->has_tids = has_tids;
	if (has_tids)
	{
		l->tstart = aov_array_alloc(1, sizeof(int64), CurrentMemoryContext);
		l->tstart[0] = 0;
	}
}

/* Room for need more basket numbers in l's tidsets. */
static void
level_reserve_tids(Level *l, int64 need)
{
	l->tids = aov_array_reserve(l->tids, &l->tcap, l->tstart[l->n] + need, 1024, sizeof(int32),
								CurrentMemoryContext);
}

static void
level_free_tids(Level *l)
{
	aov_free(l->tids);
	aov_free(l->tstart);
	l->tids = NULL;
	l->tstart = NULL;
	l->has_tids = false;
}

static int
items_cmp(const int32 *a, const int32 *b, int k)
{
	for (int i = 0; i < k; i++)
		if (a[i] != b[i])
			return a[i] < b[i] ? -1 : 1;
	return 0;
}

/* The position of items in level l, or -1. */
static int64
level_find(const Level *l, const int32 *items)
{
	int64		lo = 0,
				hi = l->n - 1;

	while (lo <= hi)
	{
		int64		mid = lo + (hi - lo) / 2;
		int			c = items_cmp(itemset(l, mid), items, l->k);

		if (c == 0)
			return mid;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return -1;
}

/*
 * |a ∩ b| of two increasing lists; with out, the common elements are also
 * written there (room for min(na, nb)).
 */
static int64
intersect(const int32 *a, int64 na, const int32 *b, int64 nb, int32 *out)
{
	int64		i = 0,
				j = 0,
				n = 0;

	while (i < na && j < nb)
	{
		if (a[i] < b[j])
			i++;
		else if (a[i] > b[j])
			j++;
		else
		{
			if (out)
				out[n] = a[i];
			n++;
			i++;
			j++;
		}
	}
	return n;
}

static void
too_many_candidates(int64 limit, int k)
{
	ereport(ERROR,
			(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
			 errmsg("more than max_candidates = " INT64_FORMAT " candidate itemsets of size %d", limit, k),
			 errdetail("Each candidate is counted over the baskets that hold its parts; the limit bounds time and memory."),
			 errhint("Raise min_support or lower max_size; or raise max_candidates.")));
}

/* Level 1, the frequent products, with their baskets when has_tids. */
static void
mine_level1(Mined *m, int64 minc, bool has_tids)
{
	const AovPartial *p = m->p;
	Level	   *l = &m->levels[1];
	int64	   *pos = palloc_extended(mul_size(Max(p->m, 1), sizeof(int64)), MCXT_ALLOC_HUGE);

	level_init(l, 1, has_tids);
	for (int64 a = 0; a < p->m; a++)
	{
		int32		item = (int32) a;

		pos[a] = -1;
		if (p->count[a] >= minc)
		{
			pos[a] = l->n;
			level_push(l, &item, p->count[a]);
		}
	}
	if (has_tids)
	{
		/* product i's baskets go to tids[tstart[i] ..), in basket order */
		int64	   *fill = palloc_extended(mul_size(Max(l->n, 1), sizeof(int64)), MCXT_ALLOC_HUGE);

		for (int64 i = 0; i < l->n; i++)
		{
			l->tstart[i + 1] = l->tstart[i] + l->count[i];
			fill[i] = l->tstart[i];
		}
		level_reserve_tids(l, 0);
		for (int64 b = 0; b < p->nbaskets; b++)
		{
			for (int64 j = p->bstart[b]; j < p->bstart[b + 1]; j++)
			{
				int64		i = pos[p->items[j]];

				if (i < 0)
					continue;
				if (fill[i] == l->tstart[i + 1])
					aov_corrupt(LINES_TYPNAME, COUNT_DISAGREES);
				l->tids[fill[i]++] = (int32) b;
			}
			if ((b & 0xFFFF) == 0)
				CHECK_FOR_INTERRUPTS();
		}
		for (int64 i = 0; i < l->n; i++)
			if (fill[i] != l->tstart[i + 1])
				aov_corrupt(LINES_TYPNAME, COUNT_DISAGREES);
		pfree(fill);
	}
	pfree(pos);
}

/* Level 2, the frequent pairs from the state's pair counts. */
static void
mine_level2(Mined *m, int64 minc, bool has_tids, int64 max_candidates)
{
	const AovPartial *p = m->p;
	Level	   *l1 = &m->levels[1];
	Level	   *l = &m->levels[2];

	level_init(l, 2, has_tids);
	for (int64 i = 0; i < p->npairs; i++)
	{
		int32		items[2];

		if (p->pair_count[i] < minc)
			continue;
		items[0] = (int32) (p->pair[i] >> 32);
		items[1] = (int32) (p->pair[i] & 0xFFFFFFFF);
		if (l->n >= max_candidates)
			too_many_candidates(max_candidates, 2);
		if (has_tids)
		{
			int64		a = level_find(l1, &items[0]);
			int64		b = level_find(l1, &items[1]);
			int64		n;

			if (a < 0 || b < 0)
				aov_corrupt(LINES_TYPNAME, COUNT_DISAGREES);
			level_reserve_tids(l, Min(l1->count[a], l1->count[b]));
			n = intersect(l1->tids + l1->tstart[a], l1->count[a],
						  l1->tids + l1->tstart[b], l1->count[b],
						  l->tids + l->tstart[l->n]);
			if (n != p->pair_count[i])
				aov_corrupt(LINES_TYPNAME, COUNT_DISAGREES);
			level_push(l, items, n);
			l->tstart[l->n] = l->tstart[l->n - 1] + n;
		}
		else
			level_push(l, items, p->pair_count[i]);
		if ((i & 0xFFF) == 0)
			CHECK_FOR_INTERRUPTS();
	}
}

/*
 * Level k >= 3 from level k - 1: itemsets i < j with the same first k - 2
 * products join into one candidate, in increasing order; it is counted
 * unless a subset of size k - 1 is infrequent.
 */
static void
mine_level(Mined *m, int k, int64 minc, bool has_tids, int64 max_candidates)
{
	Level	   *prev = &m->levels[k - 1];
	Level	   *l = &m->levels[k];
	int32		cand[MAX_SIZE];
	int32		sub[MAX_SIZE];
	int64		ncand = 0;

	level_init(l, k, has_tids);
	for (int64 i = 0; i < prev->n; i++)
	{
		const int32 *x = itemset(prev, i);

		for (int64 j = i + 1; j < prev->n; j++)
		{
			const int32 *y = itemset(prev, j);
			bool		pruned = false;
			int64		n;
			int32	   *out = NULL;

			if (items_cmp(x, y, k - 2) != 0)
				break;
			memcpy(cand, x, (k - 1) * sizeof(int32));
			cand[k - 1] = y[k - 2];
			/* the subsets without one of the first k - 2 products */
			for (int d = 0; d < k - 2 && !pruned; d++)
			{
				int			s = 0;

				for (int e = 0; e < k; e++)
					if (e != d)
						sub[s++] = cand[e];
				pruned = level_find(prev, sub) < 0;
			}
			if (pruned)
				continue;
			if (++ncand > max_candidates)
				too_many_candidates(max_candidates, k);
			if (has_tids)
			{
				level_reserve_tids(l, Min(prev->count[i], prev->count[j]));
				out = l->tids + l->tstart[l->n];
			}
			n = intersect(prev->tids + prev->tstart[i], prev->count[i],
						  prev->tids + prev->tstart[j], prev->count[j], out);
			if (n >= minc)
			{
				level_push(l, cand, n);
				if (has_tids)
					l->tstart[l->n] = l->tstart[l->n - 1] + n;
			}
			if ((ncand & 0xFF) == 0)
				CHECK_FOR_INTERRUPTS();
		}
	}
}

/* Mine the baskets of state into m, levels 1 .. max_size. */
static void
mine(Mined *m, Datum state, double min_support, int max_size, int64 max_candidates)
{
	const AovPartial *p;
	int64		minc;

	memset(m, 0, sizeof(Mined));
	m->cxt = CurrentMemoryContext;
	p = m->p = aov_basket_lines_baskets(state, &m->kind);
	m->N = p->n_orders;
	m->max_size = max_size;
	if (m->N == 0)
		return;
	if (!p->has_baskets)
		elog(ERROR, "aov_basket_lines: the counted state has no baskets");
	if (p->nbaskets > PG_INT32_MAX)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("more than %d orders to mine for itemsets", PG_INT32_MAX),
				 errhint("Mine a period or a segment at a time.")));
	minc = min_count(min_support, m->N);
	if (minc > m->N)
		return;
	mine_level1(m, minc, max_size >= 3);
	m->nlevels = 1;
	mine_level2(m, minc, max_size >= 3, max_candidates);
	m->nlevels = 2;
	for (int k = 3; k <= max_size && m->levels[k - 1].n > 0; k++)
	{
		level_free_tids(&m->levels[k - 2]);
		mine_level(m, k, minc, k < max_size, max_candidates);
		m->nlevels = k;
	}
	for (int k = 1; k <= m->nlevels; k++)
		level_free_tids(&m->levels[k]);
}

/* ---------- results ---------- */

static Datum
key_text(Mined *m, int32 a)
{
	const AovPartial *p = m->p;

	if (m->keytext == NULL)
		m->keytext = MemoryContextAllocExtended(m->cxt, mul_size(Max(p->m, 1), sizeof(Datum)),
												MCXT_ALLOC_HUGE | MCXT_ALLOC_ZERO);
	if (m->keytext[a] == (Datum) 0)
	{
		MemoryContext old = MemoryContextSwitchTo(m->cxt);

		if (m->kind == AOV_KEY_TEXT)
			m->keytext[a] = PointerGetDatum(cstring_to_text_with_len(p->tkey[a], p->tlen[a]));
		else
		{
			char		buf[32];

			snprintf(buf, sizeof(buf), INT64_FORMAT, p->ikey[a]);
			m->keytext[a] = PointerGetDatum(cstring_to_text(buf));
		}
		MemoryContextSwitchTo(old);
	}
	return m->keytext[a];
}

static Datum
items_array(Mined *m, const int32 *items, int k)
{
	Datum		d[MAX_SIZE];

	for (int i = 0; i < k; i++)
		d[i] = key_text(m, items[i]);
	return PointerGetDatum(construct_array(d, k, TEXTOID, -1, false, TYPALIGN_INT));
}

/* Where a set-returning function writes its rows. */
typedef struct Output
{
	ReturnSetInfo *rsinfo;
	AovRowType *rt;
	Datum	   *attvalues;
	bool	   *attnulls;
	MemoryContext rowcxt;		/* a row's arrays, reset after each row */
} Output;

/*
 * Check the arguments, set up the result and mine the baskets of argument
 * 0 into m; false when there are none (NULL: no rows).
 */
static bool
begin_rows(FunctionCallInfo fcinfo, const char *const *fields, int nfields, Output *out, Mined *m)
{
	check_args(fcinfo, 1);
	out->rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	out->rt = aov_result_row(fcinfo, fields, nfields);
	aov_materialize_srf(fcinfo, out->rt->tupdesc);
	if (PG_ARGISNULL(0))
		return false;
	mine(m, PG_GETARG_DATUM(0), PG_GETARG_FLOAT8(1), PG_GETARG_INT32(2), PG_GETARG_INT64(3));
	out->attvalues = palloc(out->rt->tupdesc->natts * sizeof(Datum));
	out->attnulls = palloc(out->rt->tupdesc->natts * sizeof(bool));
	out->rowcxt = AllocSetContextCreate(CurrentMemoryContext, "aov_itemsets row",
										ALLOCSET_SMALL_SIZES);
	return true;
}

/* Write a row whose arrays were made in out->rowcxt, then free them. */
static void
put_row(Output *out, const Datum *values, const bool *nulls)
{
	aov_row_values(out->rt, values, nulls, out->attvalues, out->attnulls);
	tuplestore_putvalues(out->rsinfo->setResult, out->rsinfo->setDesc, out->attvalues,
						 out->attnulls);
	MemoryContextReset(out->rowcxt);
}

typedef enum
{
	I_ITEMSET,
	I_SIZE,
	I_N,
	I_N_ORDERS,
	I_SUPPORT,
	I_NFIELDS
} ItemsetField;

static const char *const itemset_fields[I_NFIELDS] = {
	"itemset", "size", "n", "n_orders", "support"
};

/* the frequent itemsets of the baskets in an aov_basket_lines state */
PG_FUNCTION_INFO_V1(aov_itemsets);
Datum
aov_itemsets(PG_FUNCTION_ARGS)
{
	Output		out;
	Mined		m;

	if (!begin_rows(fcinfo, itemset_fields, I_NFIELDS, &out, &m))
		return (Datum) 0;
	for (int k = 1; k <= m.nlevels; k++)
	{
		const Level *l = &m.levels[k];

		for (int64 i = 0; i < l->n; i++)
		{
			Datum		values[I_NFIELDS];
			bool		nulls[I_NFIELDS] = {false};
			MemoryContext old = MemoryContextSwitchTo(out.rowcxt);

			values[I_ITEMSET] = items_array(&m, itemset(l, i), k);
			values[I_SIZE] = Int32GetDatum(k);
			values[I_N] = Int64GetDatum(l->count[i]);
			values[I_N_ORDERS] = Int64GetDatum(m.N);
			values[I_SUPPORT] = Float8GetDatum((double) l->count[i] / (double) m.N);
			MemoryContextSwitchTo(old);
			put_row(&out, values, nulls);
			if ((i & 0xFF) == 0)
				CHECK_FOR_INTERRUPTS();
		}
	}
	return (Datum) 0;
}

typedef enum
{
	R_ANTECEDENT,
	R_CONSEQUENT,
	R_N,
	R_N_ANTECEDENT,
	R_N_CONSEQUENT,
	R_N_ORDERS,
	R_ANTECEDENT_SUPPORT,
	R_CONSEQUENT_SUPPORT,
	R_SUPPORT,
	R_CONFIDENCE,
	R_LIFT,
	R_LEVERAGE,
	R_CONVICTION,
	R_NFIELDS
} RuleField;

static const char *const rule_fields[R_NFIELDS] = {
	"antecedent", "consequent", "n", "n_antecedent", "n_consequent", "n_orders",
	"antecedent_support", "consequent_support", "support", "confidence", "lift",
	"leverage", "conviction"
};

/* The count of a frequent itemset (every subset of one is frequent). */
static int64
subset_count(const Mined *m, const int32 *items, int k)
{
	int64		i = level_find(&m->levels[k], items);

	if (i < 0)
		elog(ERROR, "aov_itemset_rules: a subset of a frequent itemset is missing");
	return m->levels[k].count[i];
}

/* the association rules of the frequent itemsets of an aov_basket_lines state */
PG_FUNCTION_INFO_V1(aov_itemset_rules);
Datum
aov_itemset_rules(PG_FUNCTION_ARGS)
{
	Output		out;
	Mined		m;
	double		N;

	if (!begin_rows(fcinfo, rule_fields, R_NFIELDS, &out, &m))
		return (Datum) 0;
	N = (double) m.N;
	for (int k = 2; k <= m.nlevels; k++)
	{
		const Level *l = &m.levels[k];

		for (int64 i = 0; i < l->n; i++)
		{
			const int32 *x = itemset(l, i);

			/* bit e of mask set: product e is in the consequent */
			for (uint32 mask = 1; mask < (1u << k) - 1; mask++)
			{
				int32		ante[MAX_SIZE],
							cons[MAX_SIZE];
				int			na = 0,
							nc = 0;
				int64		n = l->count[i],
							n_a,
							n_c;
				double		sa,
							sc,
							s,
							conf;
				Datum		values[R_NFIELDS];
				bool		nulls[R_NFIELDS] = {false};
				MemoryContext old;

				for (int e = 0; e < k; e++)
				{
					if (mask & (1u << e))
						cons[nc++] = x[e];
					else
						ante[na++] = x[e];
				}
				n_a = subset_count(&m, ante, na);
				n_c = subset_count(&m, cons, nc);
				sa = n_a / N;
				sc = n_c / N;
				s = n / N;
				conf = (double) n / n_a;
				old = MemoryContextSwitchTo(out.rowcxt);
				values[R_ANTECEDENT] = items_array(&m, ante, na);
				values[R_CONSEQUENT] = items_array(&m, cons, nc);
				values[R_N] = Int64GetDatum(n);
				values[R_N_ANTECEDENT] = Int64GetDatum(n_a);
				values[R_N_CONSEQUENT] = Int64GetDatum(n_c);
				values[R_N_ORDERS] = Int64GetDatum(m.N);
				values[R_ANTECEDENT_SUPPORT] = Float8GetDatum(sa);
				values[R_CONSEQUENT_SUPPORT] = Float8GetDatum(sc);
				values[R_SUPPORT] = Float8GetDatum(s);
				values[R_CONFIDENCE] = Float8GetDatum(conf);
				/* the pair table's rounding: N n / (n_A n_C) from exact integers */
				values[R_LIFT] = Float8GetDatum((N * n) / ((double) n_a * n_c));
				values[R_LEVERAGE] = Float8GetDatum(s - sa * sc);
				values[R_CONVICTION] = Float8GetDatum(n == n_a ? get_float8_infinity() : (1 - sc) / (1 - conf));
				MemoryContextSwitchTo(old);
				put_row(&out, values, nulls);
			}
			if ((i & 0xFF) == 0)
				CHECK_FOR_INTERRUPTS();
		}
	}
	return (Datum) 0;
}
