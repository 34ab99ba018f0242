/*
 * values.c
 *		A multiset of values: appended or counted while aggregating, sorted
 *		runs of distinct values with counts once compacted (see values.h).
 *
 * Compaction sorts the appended values with a radix sort on their
 * order-preserving keys (in place, the buffer becoming the run), or sorts
 * the hash table's distinct values with their counts, and merges every run
 * into one.  It changes how the multiset is held, never what it holds, so
 * a final function may compact the aggregate's own state.
 *
 * Memory: APPEND holds 8 bytes a value (16 for numeric), the array
 * doubling as it grows; COUNT about 32 bytes a distinct value (at most 70%
 * of the slots used); a run 16 bytes a distinct value (24 for numeric).
 * Sorting needs a second copy of the values being sorted.
 */
#include "postgres.h"

#include <math.h>

#include "miscadmin.h"
#include "utils/memutils.h"

#include "array.h"
#include "format.h"
#include "hash.h"
#include "heap.h"
#include "numeric_scaled.h"
#include "radix.h"
#include "values.h"

void
aov_values_init(AovValues *v, int kind, AovValuesMode mode, MemoryContext cxt)
{
	memset(v, 0, sizeof(*v));
	v->kind = kind;
	v->mode = mode;
	v->cxt = cxt;
}

void
aov_run_free(AovRun *r)
{
	aov_free(r->v.any);
	aov_free(r->count);
	memset(r, 0, sizeof(*r));
}

void
aov_values_free(AovValues *v)
{
	aov_free(v->buf.any);
	aov_free(v->slot_key);
	aov_free(v->slot_count);
	for (int i = 0; i < v->nruns; i++)
		aov_run_free(&v->runs[i]);
	aov_free(v->runs);
	aov_values_init(v, v->kind, v->mode, v->cxt);
}

void
aov_values_wrong_kind(const char *typname, int kind, const char *wanted)
{
	ereport(ERROR,
			(errcode(ERRCODE_DATATYPE_MISMATCH),
			 errmsg("%s holds %s values, not %s", typname, aov_kind_name(kind), wanted)));
}

/* The finite values held (the special ones are counted apart). */
int64
aov_values_total(const AovValues *v)
{
	int64		total = v->nbuf;

	for (int64 i = 0; i < v->nslots; i++)
		total += v->slot_count[i];
	for (int i = 0; i < v->nruns; i++)
		total += v->runs[i].total;
	return total;
}

/* Room in the append buffer for extra more values. */
void
aov_values_grow(AovValues *v, int64 extra)
{
	v->buf.any = aov_array_reserve(v->buf.any, &v->capbuf, v->nbuf + extra, 16,
								   AOV_VALUE_SIZE(v->kind), v->cxt);
}

/* ---------- COUNT mode: a keyed hash table of values ---------- */

static inline uint64
slot_of(int128 key, int64 nslots)
{
	return aov_hash128((uint128) key) & (uint64) (nslots - 1);
}

static void
count_table_grow(AovValues *v)
{
	int64		nslots = v->nslots ? v->nslots * 2 : 64;
	int128	   *oldkey = v->slot_key;
	int64	   *oldcount = v->slot_count;
	int64		oldslots = v->nslots;

	v->slot_key = MemoryContextAllocHuge(v->cxt, mul_size(nslots, sizeof(int128)));
	v->slot_count = MemoryContextAllocExtended(v->cxt, mul_size(nslots, sizeof(int64)),
											   MCXT_ALLOC_HUGE | MCXT_ALLOC_ZERO);
	v->nslots = nslots;
	for (int64 i = 0; i < oldslots; i++)
	{
		uint64		j;

		if (oldcount[i] == 0)
			continue;
		j = slot_of(oldkey[i], nslots);
		while (v->slot_count[j] != 0)
			j = (j + 1) & (uint64) (nslots - 1);
		v->slot_key[j] = oldkey[i];
		v->slot_count[j] = oldcount[i];
		if ((i & 0xFFFF) == 0)
			CHECK_FOR_INTERRUPTS();
	}
	if (oldkey)
	{
		pfree(oldkey);
		pfree(oldcount);
	}
}

void
aov_values_count_slow(AovValues *v, int128 key, int64 count)
{
	uint64		mask;
	uint64		j;
	int64		probes = 0;

	if ((v->nused + 1) * 10 > v->nslots * 7)
		count_table_grow(v);
	mask = (uint64) v->nslots - 1;
	j = slot_of(key, v->nslots);
	while (v->slot_count[j] != 0)
	{
		if (v->slot_key[j] == key)
		{
			v->slot_count[j] += count;
			return;
		}
		j = (j + 1) & mask;
		/* a keyed hash keeps probes short; long ones must stay cancellable */
		if ((++probes & 0xFFFF) == 0)
			CHECK_FOR_INTERRUPTS();
	}
	v->slot_key[j] = key;
	v->slot_count[j] = count;
	v->nused++;
}

void
aov_values_count(AovValues *v, int128 key)
{
	aov_values_count_slow(v, key, 1);
}

/* ---------- scale ---------- */

/* Multiply every stored numeric by 10^(to - v->scale), or fail cleanly. */
void
aov_values_raise_scale(AovValues *v, int to, const char *func)
{
	int			d = to - v->scale;

	Assert(v->kind == AOV_KIND_NUMERIC && d > 0);
	aov_int128s_mul_pow10(v->buf.w, v->nbuf, d, to, func);
	for (int i = 0; i < v->nruns; i++)
		aov_int128s_mul_pow10(v->runs[i].v.w, v->runs[i].n, d, to, func);
	if (v->nslots > 0)
	{
		/* the keys change, so their slots do: count them again */
		int128	   *oldkey = v->slot_key;
		int64	   *oldcount = v->slot_count;
		int64		oldslots = v->nslots;

		v->slot_key = NULL;
		v->slot_count = NULL;
		v->nslots = v->nused = 0;
		for (int64 i = 0; i < oldslots; i++)
		{
			int128		k = oldkey[i];

			if (oldcount[i] == 0)
				continue;
			if (!aov_int128_mul_pow10(&k, d))
				aov_numeric_out_of_range(func, to);
			aov_values_count_slow(v, k, oldcount[i]);
		}
		pfree(oldkey);
		pfree(oldcount);
	}
	v->scale = to;
}

/* ---------- runs ---------- */

static AovRun *
new_run(AovValues *v)
{
	v->runs = aov_array_reserve(v->runs, &v->capruns, v->nruns + 1, 4, sizeof(AovRun), v->cxt);
	memset(&v->runs[v->nruns], 0, sizeof(AovRun));
	return &v->runs[v->nruns++];
}

/* Sort n order-preserving keys in place and run-length encode them. */
#define DEFINE_KEYS_TO_RUN(NAME, KEYT, VALT, SORT, DECODE) \
static void \
NAME(AovValues *v, KEYT *keys, int64 *counts_in, int64 n, AovRun *out) \
{ \
	VALT	   *vals = (VALT *) keys; \
	int64		d = 0; \
	int64		w = -1; \
	int64	   *count; \
	KEYT		prev = 0; \
\
	SORT(keys, counts_in, n); \
	for (int64 i = 0; i < n; i++) \
		d += (i == 0 || keys[i] != keys[i - 1]); \
	count = MemoryContextAllocHuge(v->cxt, mul_size(Max(d, 1), sizeof(int64))); \
	out->total = 0; \
	/* in place: vals[w] overwrites keys[w] only once keys[w] has been read */ \
	for (int64 i = 0; i < n; i++) \
	{ \
		int64		c = counts_in ? counts_in[i] : 1; \
		KEYT		k = keys[i]; \
\
		if (i == 0 || k != prev) \
		{ \
			w++; \
			vals[w] = DECODE(k); \
			count[w] = 0; \
		} \
		prev = k; \
		count[w] += c; \
		out->total += c; \
		if ((i & 0xFFFFF) == 0) \
			CHECK_FOR_INTERRUPTS(); \
	} \
	out->n = d; \
	out->count = count; \
	out->v.any = repalloc_huge(keys, mul_size(Max(d, 1), sizeof(VALT))); \
}

DEFINE_KEYS_TO_RUN(keys64_to_run_int, uint64, int64, aov_radix_sort_u64, aov_int64_of_key)
DEFINE_KEYS_TO_RUN(keys64_to_run_f8, uint64, double, aov_radix_sort_u64, aov_double_of_key)
DEFINE_KEYS_TO_RUN(keys128_to_run, uint128, int128, aov_radix_sort_u128, aov_int128_of_key)

/*
 * Sort n values of a kind (a native array in cxt, taken over: it becomes
 * the run's value array) with their counts (or 1 each when counts is
 * NULL), and run-length encode them into *out.
 */
void
aov_run_build(int kind, AovValArray vals, int64 *counts, int64 n, MemoryContext cxt,
			  AovRun *out)
{
	AovValues	tmp;

	/* the builders allocate the counts in the context of a values struct */
	aov_values_init(&tmp, kind, AOV_VALUES_APPEND, cxt);
	memset(out, 0, sizeof(*out));
	if (n == 0)
	{
		if (vals.any)
			pfree(vals.any);
		return;
	}
	if (kind == AOV_KIND_NUMERIC)
	{
		uint128    *k = (uint128 *) vals.w;

		for (int64 i = 0; i < n; i++)
			k[i] = aov_key_of_int128(vals.w[i]);
		keys128_to_run(&tmp, k, counts, n, out);
	}
	else if (kind == AOV_KIND_FLOAT8)
	{
		uint64	   *k = (uint64 *) vals.f;

		for (int64 i = 0; i < n; i++)
			k[i] = aov_key_of_double(vals.f[i] == 0 ? 0.0 : vals.f[i]);
		keys64_to_run_f8(&tmp, k, counts, n, out);
	}
	else
	{
		uint64	   *k = (uint64 *) vals.i;

		for (int64 i = 0; i < n; i++)
			k[i] = aov_key_of_int64(vals.i[i]);
		keys64_to_run_int(&tmp, k, counts, n, out);
	}
}

/* how many values a buffer needs before counting them in a hash table pays */
#define COUNT_FIRST_MIN 4096

static void table_to_run(AovValues *v);

/*
 * The appended values become a run.  Order values repeat a lot (prices in
 * cents): then counting them in the keyed hash table and sorting only the
 * distinct ones is several times cheaper than sorting them all.  So a large
 * buffer is counted first, as long as the distinct values stay below an
 * eighth of it; whatever is left when they do not is radix-sorted (the
 * buffer's memory becomes the run's) and the two runs merged.
 */
static void
buffer_to_run(AovValues *v)
{
	int64		n = v->nbuf;
	int64		i = 0;
	AovRun		r;

	if (n >= COUNT_FIRST_MIN && v->nused == 0)
	{
		int64		limit = n / 8;

		for (; i < n && v->nused <= limit; i++)
		{
			aov_values_count_slow(v, v->kind == AOV_KIND_NUMERIC ? v->buf.w[i] : (int128) v->buf.i[i], 1);
			if ((i & 0xFFFFF) == 0)
				CHECK_FOR_INTERRUPTS();
		}
		table_to_run(v);
		if (i < n)
			memmove(v->buf.any, (char *) v->buf.any + i * AOV_VALUE_SIZE(v->kind),
					(n - i) * AOV_VALUE_SIZE(v->kind));
	}
	if (i < n)
	{
		aov_run_build(v->kind, v->buf, NULL, n - i, v->cxt, &r);
		*new_run(v) = r;
	}
	else
		pfree(v->buf.any);
	v->buf.any = NULL;
	v->nbuf = v->capbuf = 0;
}

/* The counted values become a run. */
static void
table_to_run(AovValues *v)
{
	int64		d = v->nused;
	int64	   *counts = MemoryContextAllocHuge(v->cxt, mul_size(Max(d, 1), sizeof(int64)));
	AovValArray vals;
	AovRun		r;
	int64		j = 0;

	vals.any = MemoryContextAllocHuge(v->cxt, mul_size(Max(d, 1), AOV_VALUE_SIZE(v->kind)));
	for (int64 i = 0; i < v->nslots; i++)
	{
		if (v->slot_count[i] == 0)
			continue;
		if (v->kind == AOV_KIND_NUMERIC)
			vals.w[j] = v->slot_key[i];
		else
			vals.i[j] = (int64) v->slot_key[i];	/* doubles by their bits */
		counts[j++] = v->slot_count[i];
	}
	Assert(j == d);
	aov_run_build(v->kind, vals, counts, d, v->cxt, &r);
	pfree(counts);
	pfree(v->slot_key);
	pfree(v->slot_count);
	v->slot_key = NULL;
	v->slot_count = NULL;
	v->nslots = v->nused = 0;
	*new_run(v) = r;
}

/*
 * Merge k runs of one value type into one, through a heap of the run
 * numbers by the value at their heads.
 */
#define DEFINE_MERGE_RUNS(NAME, VALT, FIELD) \
static inline bool \
NAME##_before(const void *arg, int64 a, int64 b) \
{ \
	const AovMerge *m = arg; \
	const AovRun *runs = m->runs; \
\
	return runs[a].v.FIELD[m->pos[a]] < runs[b].v.FIELD[m->pos[b]]; \
} \
static void \
NAME(AovValues *v, AovRun *runs, int k, AovRun *out) \
{ \
	int64		cap = 0; \
	AovMerge	m; \
	VALT	   *ov; \
	int64	   *oc; \
	int64		n = 0; \
\
	for (int i = 0; i < k; i++) \
		cap += runs[i].n; \
	ov = aov_array_alloc(cap, sizeof(VALT), v->cxt); \
	oc = aov_array_alloc(cap, sizeof(int64), v->cxt); \
	out->total = 0; \
	aov_merge_init(&m, runs, k); \
	for (int i = 0; i < k; i++) \
		if (runs[i].n > 0) \
			aov_merge_add(&m, i, NAME##_before); \
	while (m.nheap > 0) \
	{ \
		const AovRun *r = &runs[m.heap[0]]; \
		VALT		x = r->v.FIELD[m.pos[m.heap[0]]]; \
		int64		c = r->count[m.pos[m.heap[0]]]; \
\
		if (n > 0 && ov[n - 1] == x) \
			oc[n - 1] += c; \
		else \
		{ \
			ov[n] = x; \
			oc[n++] = c; \
		} \
		out->total += c; \
		aov_merge_advance(&m, r->n, NAME##_before); \
		if ((n & 0xFFFFF) == 0) \
			CHECK_FOR_INTERRUPTS(); \
	} \
	aov_merge_free(&m); \
	out->n = n; \
	out->v.FIELD = aov_array_resize(ov, n, sizeof(VALT), v->cxt); \
	out->count = aov_array_resize(oc, n, sizeof(int64), v->cxt); \
}

DEFINE_MERGE_RUNS(merge_runs_wide, int128, w)
DEFINE_MERGE_RUNS(merge_runs_int, int64, i)
DEFINE_MERGE_RUNS(merge_runs_f8, double, f)

/*
 * Hold everything as one run.  Idempotent; the multiset is unchanged, so
 * it may run on a state that is read again (a final function's, or one
 * being flattened).
 */
void
aov_values_compact(AovValues *v)
{
	AovRun		merged;

	if (v->nbuf > 0)
		buffer_to_run(v);
	else if (v->buf.any)
	{
		pfree(v->buf.any);
		v->buf.any = NULL;
		v->capbuf = 0;
	}
	if (v->nused > 0)
		table_to_run(v);
	if (v->nruns <= 1)
		return;
	memset(&merged, 0, sizeof(merged));
	if (v->kind == AOV_KIND_NUMERIC)
		merge_runs_wide(v, v->runs, v->nruns, &merged);
	else if (v->kind == AOV_KIND_FLOAT8)
		merge_runs_f8(v, v->runs, v->nruns, &merged);
	else
		merge_runs_int(v, v->runs, v->nruns, &merged);
	for (int i = 0; i < v->nruns; i++)
		aov_run_free(&v->runs[i]);
	v->runs[0] = merged;
	v->nruns = 1;
}

/* The one run of a compacted multiset (an empty run when it is empty). */
const AovRun *
aov_values_run(AovValues *v)
{
	static const AovRun empty = {0};

	aov_values_compact(v);
	return v->nruns == 0 ? &empty : &v->runs[0];
}

/* Copy of a run in v's context, its values multiplied by 10^d (d >= 0). */
static void
copy_run(AovValues *v, const AovRun *src, int d, const char *func)
{
	AovRun	   *r;
	Size		vsize = AOV_VALUE_SIZE(v->kind);

	if (src->n == 0)
		return;
	r = new_run(v);
	r->n = src->n;
	r->total = src->total;
	r->v.any = MemoryContextAllocHuge(v->cxt, mul_size(src->n, vsize));
	r->count = MemoryContextAllocHuge(v->cxt, mul_size(src->n, sizeof(int64)));
	memcpy(r->v.any, src->v.any, src->n * vsize);
	memcpy(r->count, src->count, src->n * sizeof(int64));
	if (d > 0)
		aov_int128s_mul_pow10(r->v.w, r->n, d, v->scale, func);
}

/*
 * Add everything src holds to dst (same kind), never modifying src: its
 * runs are copied, its appended values appended, its counted values
 * counted, its special values counted.
 */
void
aov_values_merge(AovValues *dst, const AovValues *src, const char *func)
{
	int			d;

	Assert(dst->kind == src->kind);
	if (dst->kind == AOV_KIND_NUMERIC && src->scale > dst->scale)
		aov_values_raise_scale(dst, src->scale, func);
	dst->dscale = Max(dst->dscale, src->dscale);
	dst->nnan += src->nnan;
	dst->npinf += src->npinf;
	dst->nninf += src->nninf;
	d = dst->scale - src->scale;

	for (int i = 0; i < src->nruns; i++)
		copy_run(dst, &src->runs[i], d, func);
	if (src->nbuf > 0)
	{
		Size		vsize = AOV_VALUE_SIZE(dst->kind);

		if (dst->mode == AOV_VALUES_APPEND)
		{
			aov_values_grow(dst, src->nbuf);
			memcpy((char *) dst->buf.any + dst->nbuf * vsize, src->buf.any, src->nbuf * vsize);
			if (d > 0)
				aov_int128s_mul_pow10(dst->buf.w + dst->nbuf, src->nbuf, d, dst->scale, func);
			dst->nbuf += src->nbuf;
		}
		else
		{
			for (int64 i = 0; i < src->nbuf; i++)
			{
				int128		x = dst->kind == AOV_KIND_NUMERIC ? src->buf.w[i] : src->buf.i[i];

				if (d > 0 && !aov_int128_mul_pow10(&x, d))
					aov_numeric_out_of_range(func, dst->scale);
				aov_values_count_slow(dst, x, 1);
			}
		}
	}
	for (int64 i = 0; i < src->nslots; i++)
	{
		int128		x = src->slot_key[i];

		if (src->slot_count[i] == 0)
			continue;
		if (d > 0 && !aov_int128_mul_pow10(&x, d))
			aov_numeric_out_of_range(func, dst->scale);
		aov_values_count_slow(dst, x, src->slot_count[i]);
		if ((i & 0xFFFF) == 0)
			CHECK_FOR_INTERRUPTS();
	}
}

/* ---------- the serialized run ---------- */

static inline uint128
run_key(const AovRun *r, int kind, int64 i)
{
	switch (kind)
	{
		case AOV_KIND_NUMERIC:
			return aov_key_of_int128(r->v.w[i]);
		case AOV_KIND_FLOAT8:
			return aov_key_of_double(r->v.f[i]);
		default:
			return aov_key_of_int64(r->v.i[i]);
	}
}

Size
aov_run_encoded_size(const AovRun *r, int kind)
{
	Size		size = aov_varint_len(r->n);
	uint128		prev = 0;

	for (int64 i = 0; i < r->n; i++)
	{
		uint128		k = run_key(r, kind, i);

		size = add_size(size, aov_varint128_len(i == 0 ? k : k - prev - 1) +
						aov_varint_len(r->count[i] - 1));
		prev = k;
	}
	return size;
}

char *
aov_run_encode(char *p, const AovRun *r, int kind)
{
	uint128		prev = 0;

	p = aov_write_varint(p, r->n);
	for (int64 i = 0; i < r->n; i++)
	{
		uint128		k = run_key(r, kind, i);

		p = aov_write_varint128(p, i == 0 ? k : k - prev - 1);
		p = aov_write_varint(p, r->count[i] - 1);
		prev = k;
		if ((i & 0xFFFFF) == 0)
			CHECK_FOR_INTERRUPTS();
	}
	return p;
}

/*
 * Read and check a serialized run: keys in range for the kind (doubles
 * finite and not -0), counts >= 1, the total at most max_total.  The view
 * points into the reader's bytes.
 */
void
aov_run_parse(AovReader *r, int kind, int64 max_total, AovRunView *view)
{
	uint64		n = aov_read_varint(r);
	uint128		limit = kind == AOV_KIND_NUMERIC ? ~(uint128) 0 : (uint128) PG_UINT64_MAX;
	uint128		key = 0;
	Size		start;

	/* every entry takes at least two bytes */
	if (n > (r->len - r->pos) / 2)
		aov_corrupt(r->typname, "The value is shorter than its header says.");
	view->kind = kind;
	view->n = (int64) n;
	view->total = 0;
	start = r->pos;
	for (uint64 i = 0; i < n; i++)
	{
		uint128		delta = aov_read_varint128(r);
		uint64		cm1 = aov_read_varint(r);

		if (i > 0)
		{
			if (delta >= limit - key)
				aov_corrupt(r->typname, "The stored values are out of range.");
			key += delta + 1;
		}
		else
		{
			if (delta > limit)
				aov_corrupt(r->typname, "The stored values are out of range.");
			key = delta;
		}
		if (kind == AOV_KIND_FLOAT8)
		{
			double		x = aov_double_of_key((uint64) key);

			if (!isfinite(x) || (uint64) key == aov_key_of_double(-0.0))
				aov_corrupt(r->typname, "A stored value is not a finite, canonical float8.");
		}
		else if (kind == AOV_KIND_NUMERIC && key == 0)
			aov_corrupt(r->typname, "The stored values are out of range.");
		if (cm1 >= (uint64) (max_total - view->total))
			aov_corrupt(r->typname, "A count is out of range.");
		view->total += (int64) cm1 + 1;
		if ((i & 0xFFFFF) == 0)
			CHECK_FOR_INTERRUPTS();
	}
	view->packed = (const char *) r->p + start;
	view->len = r->pos - start;
}

/* Add a parsed run (values at the given scale) to v as a run of its own. */
void
aov_values_add_view(AovValues *v, const AovRunView *view, int32 scale, const char *func)
{
	AovReader	r;
	AovRun	   *run;
	uint128		key = 0;
	int			d;

	Assert(view->kind == v->kind);
	if (v->kind == AOV_KIND_NUMERIC && scale > v->scale)
		aov_values_raise_scale(v, scale, func);
	d = v->scale - scale;
	if (view->n == 0)
		return;
	aov_reader_init(&r, view->packed, view->len, "run");
	run = new_run(v);
	run->n = view->n;
	run->total = view->total;
	run->v.any = MemoryContextAllocHuge(v->cxt, mul_size(view->n, AOV_VALUE_SIZE(v->kind)));
	run->count = MemoryContextAllocHuge(v->cxt, mul_size(view->n, sizeof(int64)));
	for (int64 i = 0; i < view->n; i++)
	{
		uint128		delta = aov_read_varint128(&r);

		key = i == 0 ? delta : key + delta + 1;
		run->count[i] = (int64) aov_read_varint(&r) + 1;
		switch (v->kind)
		{
			case AOV_KIND_NUMERIC:
				run->v.w[i] = aov_int128_of_key(key);
				if (d > 0 && !aov_int128_mul_pow10(&run->v.w[i], d))
					aov_numeric_out_of_range(func, v->scale);
				break;
			case AOV_KIND_FLOAT8:
				run->v.f[i] = aov_double_of_key((uint64) key);
				break;
			default:
				run->v.i[i] = aov_int64_of_key((uint64) key);
				break;
		}
		if ((i & 0xFFFFF) == 0)
			CHECK_FOR_INTERRUPTS();
	}
}
