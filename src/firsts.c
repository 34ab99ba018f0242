/*
 * firsts.c
 *		aov_firsts: the time of each customer's first order, as one value,
 *		and its lookup table.
 *
 * aov_report and diagnose_aov_drop need, for every order, whether it falls
 * in the period of its customer's first order ever.  A join of the orders
 * with a GROUP BY of the customers sizes a hash table the planner cannot
 * estimate (it spilled to disk for minutes on 5M orders) and makes Citus
 * pull every row to the coordinator.  Instead, one aggregate pass builds
 * this value (a keyed hash table from customer id to its earliest order
 * time while aggregating; sorted runs when it leaves the process, which a
 * combine merges linearly, so it is two-phase on Citus), and
 * _aov_first_order builds a hash table from it once per process and
 * answers each order in one probe, handing the segment aggregate
 * (segments.c) a timestamp.
 *
 * Serialized form (flat body, send/recv, hex text alike):
 *	  0  uint8   format version (2, as the other types of 0.4)
 *	  1  uint8   reserved, 0
 *	  2  uint16  reserved, 0
 *	  4  int32   reserved, 0
 *	  8  uint64  hash of the bytes from offset 16 on (body_hash: the
 *		 same on every platform)
 *	 16  int64   the earliest time of all (microseconds, as timestamptz;
 *		 -infinity and infinity are times too)
 *	 24  varint  n, then per customer in increasing id order: the id (the
 *		 first as an order-preserving key, then steps less one) and its
 *		 first order time less the earliest, as varints
 *
 * The hash identifies the value: the lookup is asked once per order with
 * the same value, and must know in constant time that the table it built
 * is the one for this value.
 *
 * Memory: 23-46 bytes per customer while aggregating (hash table at most
 * 70% full, doubling), 16 in a run; the lookup table, in each process that
 * looks up, 8-16 bytes per customer when the ids are dense (firsts.h), else
 * 23-46.
 */
#include "postgres.h"

#include "port/pg_bswap.h"
#include "datatype/timestamp.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/datetime.h"
#include "utils/memutils.h"
#include "utils/timestamp.h"

#include "expanded.h"
#include "format.h"
#include "firsts.h"
#include "hash.h"
#include "radix.h"

#define FIRSTS_TYPNAME "aov_firsts"
#define FIRSTS_HEADER_SIZE 24
#define FIRSTS_HASHED_FROM 16
#define FIRSTS_BATCH 64
#define FIRSTS_BATCH_FROM (1 << 16)	/* slots (1 MB) before batching pays */

/* Sorted customers with their first order times. */
typedef struct FirstRun
{
	int64		n;
	int64	   *id;				/* strictly increasing */
	int64	   *ts;
} FirstRun;

typedef struct AovFirsts
{
	ExpandedObjectHeader hdr;
	/*
	 * open addressing on the id, a slot's id and time side by side so that a
	 * probe is one cache miss; times stored as slot_ts() makes them
	 */
	AovFirstsSlot *slot;
	int64		size;			/* a power of two, or 0 */
	/*
	 * Once the table outgrows the CPU caches a probe is a cache miss, so
	 * orders are queued and inserted a batch at a time after prefetching
	 * their slots (as idset.c does), letting the misses overlap.  Readers
	 * of the table flush the queue first.
	 */
	int			npending;
	int64		pend_id[FIRSTS_BATCH];
	int64		pend_ts[FIRSTS_BATCH];
	int64		n;				/* customers in the table */
	/* sorted runs merged in, not yet merged with each other */
	int			nruns;
	int			capruns;
	FirstRun   *runs;
} AovFirsts;

AOV_STATE_TYPE(firsts_type, FIRSTS_TYPNAME, firsts);

static AovFirsts *
firsts_new(MemoryContext cxt)
{
	return aov_state_new(&firsts_type, sizeof(AovFirsts), cxt);
}

/*
 * A time as a slot holds it: -infinity (PG_INT64_MIN, the free mark) one
 * above, which is still below every finite time, so the earliest stays the
 * least.
 */
static inline int64
slot_ts(int64 ts)
{
	return ts == AOV_FIRSTS_FREE ? AOV_FIRSTS_FREE + 1 : ts;
}

static inline int64
ts_of_slot(int64 ts)
{
	return ts == AOV_FIRSTS_FREE + 1 ? DT_NOBEGIN : ts;
}

static AovFirstsSlot *
slots_new(int64 size, MemoryContext cxt)
{
	AovFirstsSlot *slot = MemoryContextAllocHuge(cxt, mul_size(size, sizeof(AovFirstsSlot)));

	for (int64 i = 0; i < size; i++)
		slot[i].ts = AOV_FIRSTS_FREE;
	return slot;
}

static void
table_grow(AovFirsts *f)
{
	int64		size = f->size ? f->size * 2 : 1024;
	AovFirstsSlot *old = f->slot;
	uint64		mask = (uint64) size - 1;

	f->slot = slots_new(size, f->hdr.eoh_context);
	for (int64 i = 0; i < f->size; i++)
	{
		uint64		j;

		if (old[i].ts == AOV_FIRSTS_FREE)
			continue;
		j = aov_hash64((uint64) old[i].id) & mask;
		while (f->slot[j].ts != AOV_FIRSTS_FREE)
			j = (j + 1) & mask;
		f->slot[j] = old[i];
		if ((i & 0xFFFF) == 0)
			CHECK_FOR_INTERRUPTS();
	}
	if (old)
		pfree(old);
	f->size = size;
}

/* Put customer id's time ts (as slot_ts makes it) in, from slot j on. */
static inline void
table_put(AovFirsts *f, int64 id, int64 ts, uint64 j)
{
	uint64		mask = (uint64) f->size - 1;

	while (f->slot[j].ts != AOV_FIRSTS_FREE)
	{
		if (f->slot[j].id == id)
		{
			if (ts < f->slot[j].ts)
				f->slot[j].ts = ts;
			return;
		}
		j = (j + 1) & mask;
	}
	f->slot[j].id = id;
	f->slot[j].ts = ts;
	f->n++;
}

static void
firsts_flush(AovFirsts *f)
{
	uint64		slot[FIRSTS_BATCH];
	uint64		mask;

	if (f->npending == 0)
		return;
	/* room for all of them, as if every one were new */
	while ((f->n + f->npending) * 10 > f->size * 7)
		table_grow(f);
	mask = (uint64) f->size - 1;
	for (int i = 0; i < f->npending; i++)
	{
		slot[i] = aov_hash64((uint64) f->pend_id[i]) & mask;
		__builtin_prefetch(&f->slot[slot[i]]);
	}
	for (int i = 0; i < f->npending; i++)
		table_put(f, f->pend_id[i], f->pend_ts[i], slot[i]);
	f->npending = 0;
}

/* Record an order of customer id at time ts: keep the earliest. */
static inline void
firsts_add(AovFirsts *f, int64 id, int64 ts)
{
	ts = slot_ts(ts);
	if (f->size >= FIRSTS_BATCH_FROM)
	{
		f->pend_id[f->npending] = id;
		f->pend_ts[f->npending] = ts;
		if (unlikely(++f->npending == FIRSTS_BATCH))
			firsts_flush(f);
		return;
	}
	if (unlikely((f->n + 1) * 10 > f->size * 7))
		table_grow(f);
	table_put(f, id, ts, aov_hash64((uint64) id) & ((uint64) f->size - 1));
}

static FirstRun *
new_run(AovFirsts *f)
{
	if (f->nruns == f->capruns)
	{
		int			cap = Max(f->capruns * 2, 4);

		f->runs = f->runs ? repalloc(f->runs, cap * sizeof(FirstRun))
			: MemoryContextAlloc(f->hdr.eoh_context, cap * sizeof(FirstRun));
		f->capruns = cap;
	}
	memset(&f->runs[f->nruns], 0, sizeof(FirstRun));
	return &f->runs[f->nruns++];
}

/* The table as a sorted run (the table is emptied). */
static void
table_to_run(AovFirsts *f)
{
	MemoryContext cxt = f->hdr.eoh_context;
	int64	   *id = MemoryContextAllocHuge(cxt, mul_size(Max(f->n, 1), sizeof(int64)));
	int64	   *ts = MemoryContextAllocHuge(cxt, mul_size(Max(f->n, 1), sizeof(int64)));
	int64		j = 0;
	FirstRun   *r;

	for (int64 i = 0; i < f->size; i++)
		if (f->slot[i].ts != AOV_FIRSTS_FREE)
		{
			id[j] = f->slot[i].id;
			ts[j++] = ts_of_slot(f->slot[i].ts);
		}
	aov_radix_sort_i64(id, ts, j);
	r = new_run(f);
	r->n = j;
	r->id = id;
	r->ts = ts;
	if (f->slot)
		pfree(f->slot);
	f->slot = NULL;
	f->size = f->n = 0;
}

/* All runs merged into one, the earliest time kept for a repeated id. */
static const FirstRun *
firsts_run(AovFirsts *f)
{
	static const FirstRun empty = {0};
	int			k;
	int64		cap = 0;
	int64		n = 0;
	int64	   *pos;
	int64	   *id;
	int64	   *ts;

	firsts_flush(f);
	if (f->n > 0)
		table_to_run(f);
	if (f->nruns <= 1)
		return f->nruns == 0 ? &empty : &f->runs[0];
	k = f->nruns;
	for (int i = 0; i < k; i++)
		cap += f->runs[i].n;
	pos = palloc0(k * sizeof(int64));
	id = MemoryContextAllocHuge(f->hdr.eoh_context, mul_size(Max(cap, 1), sizeof(int64)));
	ts = MemoryContextAllocHuge(f->hdr.eoh_context, mul_size(Max(cap, 1), sizeof(int64)));
	for (;;)
	{
		int			best = -1;

		/* the runs are few (workers, shards): a scan of their heads */
		for (int i = 0; i < k; i++)
			if (pos[i] < f->runs[i].n &&
				(best < 0 || f->runs[i].id[pos[i]] < f->runs[best].id[pos[best]]))
				best = i;
		if (best < 0)
			break;
		id[n] = f->runs[best].id[pos[best]];
		ts[n] = f->runs[best].ts[pos[best]];
		for (int i = 0; i < k; i++)
			if (pos[i] < f->runs[i].n && f->runs[i].id[pos[i]] == id[n])
			{
				ts[n] = Min(ts[n], f->runs[i].ts[pos[i]]);
				pos[i]++;
			}
		n++;
		if ((n & 0xFFFF) == 0)
			CHECK_FOR_INTERRUPTS();
	}
	for (int i = 0; i < k; i++)
	{
		pfree(f->runs[i].id);
		pfree(f->runs[i].ts);
	}
	pfree(pos);
	f->runs[0].n = n;
	f->runs[0].id = id;
	f->runs[0].ts = ts;
	f->nruns = 1;
	return &f->runs[0];
}

/* ---------- serialized form ---------- */

/* a timestamptz: finite and in range, or +-infinity */
static inline bool
valid_time(int64 t)
{
	return t == DT_NOBEGIN || t == DT_NOEND || (t >= MIN_TIMESTAMP && t < END_TIMESTAMP);
}

/*
 * The stored hash: the bytes read as little-endian 64-bit words, each mixed
 * in with wyhash's step, unkeyed (it is stored, and must be the same on
 * every machine that reads the value).  It only tells a value from the
 * previous one; a checksum against damage it is not.
 */
static uint64
body_hash(const char *body, Size len)
{
	const unsigned char *p = (const unsigned char *) body + FIRSTS_HASHED_FROM;
	Size		n = len - FIRSTS_HASHED_FROM;
	uint64		h = UINT64CONST(0x243F6A8885A308D3) ^ n;

	uint64		w;

	for (; n >= 8; p += 8, n -= 8)
	{
		memcpy(&w, p, 8);
#ifdef WORDS_BIGENDIAN
		w = pg_bswap64(w);
#endif
		h = aov_hash_mum(h ^ w, UINT64CONST(0x9E3779B97F4A7C15));
	}
	w = 0;
	for (Size i = 0; i < n; i++)
		w |= (uint64) p[i] << (8 * i);
	h = aov_hash_mum(h ^ w, UINT64CONST(0x9E3779B97F4A7C15));
	return aov_hash_mum(h, UINT64CONST(0xC2B2AE3D27D4EB4F));
}

/* The hash stored in a value (its length checked by the caller). */
static inline uint64
stored_hash(const char *body)
{
	uint64		h;

	memcpy(&h, body + 8, sizeof(h));
	return pg_ntoh64(h);
}

static int64
run_min_ts(const FirstRun *r)
{
	int64		m = 0;

	for (int64 i = 0; i < r->n; i++)
		if (i == 0 || r->ts[i] < m)
			m = r->ts[i];
	return m;
}

static Size
firsts_get_flat_size(ExpandedObjectHeader *eohptr)
{
	const FirstRun *r = firsts_run((AovFirsts *) eohptr);
	int64		base = run_min_ts(r);
	Size		size = FIRSTS_HEADER_SIZE + aov_varint_len(r->n);

	for (int64 i = 0; i < r->n; i++)
		size = add_size(size, aov_varint_len(i == 0 ? aov_key_of_int64(r->id[0])
											 : (uint64) r->id[i] - (uint64) r->id[i - 1] - 1) +
						aov_varint_len((uint64) r->ts[i] - (uint64) base));
	return aov_flat_size(size, FIRSTS_TYPNAME);
}

static void
firsts_flatten_into(ExpandedObjectHeader *eohptr, void *result, Size allocated_size)
{
	const FirstRun *r = firsts_run((AovFirsts *) eohptr);
	int64		base = run_min_ts(r);
	char	   *p = VARDATA(result);

	SET_VARSIZE(result, allocated_size);
	p = aov_write_u8(p, AOV_FORMAT_V2);
	p = aov_write_u8(p, 0);
	p = aov_write_u16(p, 0);
	p = aov_write_i32(p, 0);
	p = aov_write_i64(p, 0);	/* the hash, below */
	p = aov_write_i64(p, base);
	p = aov_write_varint(p, r->n);
	for (int64 i = 0; i < r->n; i++)
	{
		p = aov_write_varint(p, i == 0 ? aov_key_of_int64(r->id[0])
							 : (uint64) r->id[i] - (uint64) r->id[i - 1] - 1);
		p = aov_write_varint(p, (uint64) r->ts[i] - (uint64) base);
		if ((i & 0xFFFFF) == 0)
			CHECK_FOR_INTERRUPTS();
	}
	Assert(p == (char *) result + allocated_size);
	aov_write_i64(VARDATA(result) + 8,
				  (int64) body_hash(VARDATA(result), allocated_size - VARHDRSZ));
}

/*
 * Read and check a serialized value: known version, reserved zeros, ids
 * strictly increasing, times finite timestamps.  With r non-NULL, the
 * customers are stored into it.
 */
static void
firsts_parse(const char *body, Size len, FirstRun *out, MemoryContext cxt)
{
	AovReader	rd;
	int			version;
	int64		base;
	uint64		n;
	uint64		key = 0;
	bool		base_seen = false;

	aov_reader_init(&rd, body, len, FIRSTS_TYPNAME);
	version = aov_read_u8(&rd);
	if (version != AOV_FORMAT_V2)
		aov_bad_version(FIRSTS_TYPNAME, version, AOV_FORMAT_V2, AOV_FORMAT_V2);
	if (aov_read_u8(&rd) != 0 || aov_read_u16(&rd) != 0 || aov_read_i32(&rd) != 0)
		aov_corrupt(FIRSTS_TYPNAME, "A reserved field is not zero.");
	if ((uint64) aov_read_i64(&rd) != body_hash(body, len))
		aov_corrupt(FIRSTS_TYPNAME, "Its hash does not match its contents.");
	base = aov_read_i64(&rd);
	if (!valid_time(base))
		aov_corrupt(FIRSTS_TYPNAME, "A time is out of range.");
	n = aov_read_varint(&rd);
	if (n > (rd.len - rd.pos) / 2)
		aov_corrupt(FIRSTS_TYPNAME, "The value is shorter than its header says.");
	if (out)
	{
		out->n = (int64) n;
		out->id = MemoryContextAllocHuge(cxt, mul_size(Max(n, 1), sizeof(int64)));
		out->ts = MemoryContextAllocHuge(cxt, mul_size(Max(n, 1), sizeof(int64)));
	}
	for (uint64 i = 0; i < n; i++)
	{
		uint64		step = aov_read_varint(&rd);
		uint64		dt = aov_read_varint(&rd);
		int64		ts;

		if (i > 0 && step >= PG_UINT64_MAX - key)
			aov_corrupt(FIRSTS_TYPNAME, "The customer ids are out of range.");
		key = i == 0 ? step : key + step + 1;
		/* base is the least time, so dt fits below the distance to +infinity */
		if (dt > (uint64) DT_NOEND - (uint64) base)
			aov_corrupt(FIRSTS_TYPNAME, "A time is out of range.");
		ts = (int64) ((uint64) base + dt);
		if (!valid_time(ts))
			aov_corrupt(FIRSTS_TYPNAME, "A time is out of range.");
		if (dt == 0)
			base_seen = true;
		if (out)
		{
			out->id[i] = aov_int64_of_key(key);
			out->ts[i] = ts;
		}
		if ((i & 0xFFFFF) == 0)
			CHECK_FOR_INTERRUPTS();
	}
	/* one value, one form: the base is the least time (0 with no customers) */
	if (n == 0 ? base != 0 : !base_seen)
		aov_corrupt(FIRSTS_TYPNAME, "The earliest time is not a customer's.");
	aov_reader_end(&rd);
}

static void
firsts_validate(const char *body, Size len)
{
	firsts_parse(body, len, NULL, NULL);
}

static ExpandedObjectHeader *
firsts_add_expanded(ExpandedObjectHeader *dst, ExpandedObjectHeader *src, MemoryContext cxt)
{
	AovFirsts  *f = dst ? (AovFirsts *) dst : firsts_new(cxt);
	AovFirsts  *x = (AovFirsts *) src;

	/* another state of this process: its table and runs, copied */
	for (int64 i = 0; i < x->size; i++)
		if (x->slot[i].ts != AOV_FIRSTS_FREE)
			firsts_add(f, x->slot[i].id, ts_of_slot(x->slot[i].ts));
	for (int i = 0; i < x->npending; i++)
		firsts_add(f, x->pend_id[i], ts_of_slot(x->pend_ts[i]));
	for (int i = 0; i < x->nruns; i++)
	{
		FirstRun   *r = new_run(f);

		r->n = x->runs[i].n;
		r->id = MemoryContextAllocHuge(f->hdr.eoh_context, mul_size(Max(r->n, 1), sizeof(int64)));
		r->ts = MemoryContextAllocHuge(f->hdr.eoh_context, mul_size(Max(r->n, 1), sizeof(int64)));
		memcpy(r->id, x->runs[i].id, r->n * sizeof(int64));
		memcpy(r->ts, x->runs[i].ts, r->n * sizeof(int64));
	}
	return &f->hdr;
}

static ExpandedObjectHeader *
firsts_add_flat(ExpandedObjectHeader *dst, const char *body, Size len, MemoryContext cxt)
{
	AovFirsts  *f = dst ? (AovFirsts *) dst : firsts_new(cxt);

	firsts_parse(body, len, new_run(f), f->hdr.eoh_context);
	return &f->hdr;
}

/* aggregate transition: a customer's order at a time (NULL id: a guest, skipped) */
PG_FUNCTION_INFO_V1(aov_firsts_add);
Datum
aov_firsts_add(PG_FUNCTION_ARGS)
{
	AovFirsts  *f = PG_ARGISNULL(0) ? NULL : (AovFirsts *) aov_state_rw(PG_GETARG_DATUM(0), &firsts_type);

	if (unlikely(f == NULL))
	{
		MemoryContext cxt;

		f = (AovFirsts *) aov_state_adopt(fcinfo, &firsts_type, "_aov_firsts_add", &cxt);
		if (f == NULL)
			f = firsts_new(cxt);
	}
	if (!PG_ARGISNULL(1) && !PG_ARGISNULL(2))
	{
		firsts_add(f, PG_GETARG_INT64(1), PG_GETARG_TIMESTAMPTZ(2));
	}
	PG_RETURN_DATUM(EOHPGetRWDatum(&f->hdr));
}

/* aggregate combine: merge two partial states */
AOV_COMBINE_FUNCTION(aov_firsts_combine, firsts_type, "_aov_firsts_combine")

/* ---------- the lookup table ---------- */

/* Whether lk was built from the value body (len bytes). */
static inline bool
lookup_is_of(const AovFirstsLookup *lk, const char *body, Size len)
{
	return lk != NULL && lk->srclen == len && len >= FIRSTS_HEADER_SIZE &&
		lk->srchash == stored_hash(body);
}

static void
lookup_free_table(AovFirstsLookup *lk)
{
	if (lk->slot)
		pfree(lk->slot);
	if (lk->dense)
		pfree(lk->dense);
	lk->slot = NULL;
	lk->dense = NULL;
	lk->ndense = 0;
	lk->mask = 0;
}

/* (Re)build *lkp from the value body. */
static void
build_lookup(AovFirstsLookup **lkp, const char *body, Size len, MemoryContext cxt)
{
	AovFirstsLookup *lk = *lkp;
	FirstRun	run;
	int64		size = 1024;

	if (lk == NULL)
		lk = MemoryContextAllocZero(cxt, sizeof(AovFirstsLookup));
	lookup_free_table(lk);
	firsts_parse(body, len, &run, cxt);
	lk->srclen = len;
	lk->srchash = stored_hash(body);
	if (run.n > 0 && (uint64) run.id[run.n - 1] - (uint64) run.id[0] < 2 * (uint64) run.n)
	{
		lk->base = run.id[0];
		lk->ndense = (uint64) run.id[run.n - 1] - (uint64) run.id[0] + 1;
		lk->dense = MemoryContextAllocHuge(cxt, mul_size(lk->ndense, sizeof(int64)));
		for (uint64 k = 0; k < lk->ndense; k++)
			lk->dense[k] = AOV_FIRSTS_FREE;
		for (int64 i = 0; i < run.n; i++)
			lk->dense[(uint64) run.id[i] - (uint64) lk->base] = slot_ts(run.ts[i]);
	}
	else
	{
		/* at most 70% full: short probes */
		while (size * 7 < run.n * 10)
			size *= 2;
		lk->mask = (uint64) size - 1;
		lk->slot = slots_new(size, cxt);
		for (int64 i = 0; i < run.n; i++)
		{
			uint64		j = aov_hash64((uint64) run.id[i]) & lk->mask;

			while (lk->slot[j].ts != AOV_FIRSTS_FREE)
				j = (j + 1) & lk->mask;
			lk->slot[j].id = run.id[i];
			lk->slot[j].ts = slot_ts(run.ts[i]);
			if ((i & 0xFFFF) == 0)
				CHECK_FOR_INTERRUPTS();
		}
	}
	pfree(run.id);
	pfree(run.ts);
	*lkp = lk;
}

/*
 * The table is a hash of the value's customers, built once per process
 * (each parallel worker builds its own).  Whether a table is current is
 * decided by the value's length and stored hash, verified when the table was
 * built: the common case, the same plain value passed again for the next
 * order, costs two comparisons.
 */
AovFirstsLookup *
aov_firsts_lookup(AovFirstsLookup *lk, Datum d, MemoryContext cxt)
{
	const struct varlena *v = (const struct varlena *) DatumGetPointer(d);
	AovFlat		f;

	if (aov_firsts_current(lk, d))
		return lk;
	if (lk != NULL && lk->ext != NULL)
	{
		pfree(lk->ext);
		lk->ext = NULL;
		lk->extlen = 0;
	}
	if (v == NULL)
	{
		/* no value: no customers */
		if (lk == NULL)
			lk = MemoryContextAllocZero(cxt, sizeof(AovFirstsLookup));
		lookup_free_table(lk);
		lk->srclen = 0;
		lk->mask = 0;
		lk->slot = MemoryContextAlloc(cxt, sizeof(AovFirstsSlot));
		lk->slot[0].ts = AOV_FIRSTS_FREE;
		return lk;
	}
	aov_flat_open(&f, d);
	if (!lookup_is_of(lk, f.body, f.len))
		build_lookup(&lk, f.body, f.len, cxt);
	/* small enough to compare per order: a toast pointer, or a short value */
	if (VARATT_IS_EXTENDED(v) && VARSIZE_ANY(v) <= 4096)
	{
		lk->extlen = VARSIZE_ANY(v);
		lk->ext = MemoryContextAlloc(cxt, lk->extlen);
		memcpy(lk->ext, v, lk->extlen);
	}
	aov_flat_close(&f);
	return lk;
}

/*
 * _aov_first_order(aov_firsts, customer id): the customer's first order
 * time, NULL when the value does not have them.  The lookup table lives as
 * long as the call site (fn_extra), one per process, rebuilt only when
 * another value comes.
 */
PG_FUNCTION_INFO_V1(aov_first_order);
Datum
aov_first_order(PG_FUNCTION_ARGS)
{
	AovFirstsLookup *lk = (AovFirstsLookup *) fcinfo->flinfo->fn_extra;
	TimestampTz first;

	if (unlikely(!aov_firsts_current(lk, PG_GETARG_DATUM(0))))
	{
		lk = aov_firsts_lookup(lk, PG_GETARG_DATUM(0), fcinfo->flinfo->fn_mcxt);
		fcinfo->flinfo->fn_extra = lk;
	}
	if (!aov_firsts_find(lk, PG_GETARG_INT64(1), &first))
		PG_RETURN_NULL();
	PG_RETURN_TIMESTAMPTZ(first);
}

AOV_TYPE_IO_FUNCTIONS(aov_firsts, FIRSTS_TYPNAME, firsts_validate)
