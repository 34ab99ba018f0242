/*
 * idset.c
 *		Distinct customer ids (see idset.h).
 *
 * Once the table outgrows the CPU caches, a probe is a cache miss; ids are
 * then queued and inserted AOV_IDSET_BATCH at a time, after prefetching
 * their slots, so that the misses overlap.  Readers flush the queue first.
 *
 * Memory: 11 to 23 bytes per distinct id in the hash set (at most 70% full,
 * doubling as it grows), 8 in a run; compaction sorts a copy of the set.
 * A bitmap takes 8 kB per page of 65,536 consecutive ids holding any, and
 * is used only while that is at most 16 bytes per id plus 128 kB
 * (bitmap_fits): dense ids cost 1 bit each plus the empty bits between.
 */
#include "postgres.h"

#include "miscadmin.h"
#include "utils/memutils.h"

#include "array.h"
#include "idset.h"
#include "radix.h"

#define IDSET_BATCH_FROM (1 << 16)	/* slots (512 kB) before batching pays */
#define IDSET_BITMAP_FROM (1 << 13) /* slots (64 kB) before a bitmap is tried */
#define IDSET_PAGE_BYTES (AOV_IDPAGE_WORDS * sizeof(uint64))

static void bitmap_to_run(AovIdSet *s);
static AovIdRun *new_run(AovIdSet *s);

void
aov_idset_init(AovIdSet *s, MemoryContext cxt)
{
	memset(s, 0, sizeof(*s));
	s->cxt = cxt;
}

/* ---------- the bitmap ---------- */

/*
 * Whether a bitmap of npages pages for about nids ids is worth keeping: no
 * more than the hash set would take for them, with room for the first ids
 * to scatter over their pages before the rest fill them in.
 */
static inline bool
bitmap_fits(int64 npages, int64 nids)
{
	return (double) npages * IDSET_PAGE_BYTES <= 16.0 * nids + 128 * 1024.0;
}

static bool
hash_empty(const AovIdSet *s)
{
	return s->used == 0 && !s->has_zero && s->npending == 0;
}

static uint64 *
dir_find(const AovIdSet *s, uint64 pno)
{
	uint64		mask = (uint64) s->dirsize - 1;
	uint64		j = aov_hash64(pno) & mask;

	while (s->dirkeys[j] != 0)
	{
		if (s->dirkeys[j] == pno + 1)
			return s->dirpages[j];
		j = (j + 1) & mask;
	}
	return NULL;
}

static void
dir_put(AovIdSet *s, uint64 pno, uint64 *page)
{
	uint64		mask = (uint64) s->dirsize - 1;
	uint64		j = aov_hash64(pno) & mask;

	while (s->dirkeys[j] != 0)
		j = (j + 1) & mask;
	s->dirkeys[j] = pno + 1;
	s->dirpages[j] = page;
}

/* Room for one more page in the directory (at most half full). */
static void
dir_reserve(AovIdSet *s)
{
	uint64	   *oldkeys = s->dirkeys;
	uint64	  **oldpages = s->dirpages;
	int64		oldsize = s->dirsize;

	if ((s->npages + 1) * 2 <= s->dirsize)
		return;
	s->dirsize = oldsize ? oldsize * 2 : 16;
	s->dirkeys = MemoryContextAllocExtended(s->cxt, mul_size(s->dirsize, sizeof(uint64)),
											MCXT_ALLOC_HUGE | MCXT_ALLOC_ZERO);
	s->dirpages = MemoryContextAllocExtended(s->cxt, mul_size(s->dirsize, sizeof(uint64 *)),
											 MCXT_ALLOC_HUGE | MCXT_ALLOC_ZERO);
	for (int64 i = 0; i < oldsize; i++)
		if (oldkeys[i] != 0)
			dir_put(s, oldkeys[i] - 1, oldpages[i]);
	aov_free(oldkeys);
	aov_free(oldpages);
}

/* Page pno, given (adopted) or new and empty; it becomes the last page. */
static uint64 *
dir_add(AovIdSet *s, uint64 pno, uint64 *given)
{
	uint64	   *page = given ? given : MemoryContextAllocZero(s->cxt, IDSET_PAGE_BYTES);

	dir_reserve(s);
	dir_put(s, pno, page);
	s->npages++;
	s->lastpno = pno;
	s->lastpage = page;
	return page;
}

/* Set the bit of key, the page's room already granted by bitmap_fits. */
static inline void
bitmap_set(AovIdSet *s, uint64 key)
{
	uint64		pno = key >> AOV_IDPAGE_SHIFT;
	uint64	   *page;
	uint64	   *w;
	uint64		bit = (uint64) 1 << (key & 63);

	if (s->lastpage != NULL && pno == s->lastpno)
		page = s->lastpage;
	else
	{
		page = s->dirsize > 0 ? dir_find(s, pno) : NULL;
		if (page == NULL)
			page = dir_add(s, pno, NULL);
		s->lastpno = pno;
		s->lastpage = page;
	}
	w = &page[(key >> 6) & (AOV_IDPAGE_WORDS - 1)];
	s->nbits += (*w & bit) == 0;
	*w |= bit;
}

/*
 * The page of key for aov_idset_add, a new one if the bitmap may grow;
 * otherwise NULL, after turning the bitmap into a sorted run for good.
 */
uint64 *
aov_idset_page(AovIdSet *s, uint64 key)
{
	uint64		pno = key >> AOV_IDPAGE_SHIFT;
	uint64	   *page = dir_find(s, pno);

	if (page != NULL)
	{
		s->lastpno = pno;
		s->lastpage = page;
		return page;
	}
	if (bitmap_fits(s->npages + 1, s->nbits + 1))
		return dir_add(s, pno, NULL);
	bitmap_to_run(s);
	s->no_bitmap = true;
	return NULL;
}

/* Distinct pages among n keys (sorted or not), counted in scratch. */
static int64
pages_of_keys(uint64 *pnos, int64 n)
{
	int64		d = 0;

	aov_radix_sort_u64(pnos, NULL, n);
	for (int64 i = 0; i < n; i++)
		d += (i == 0 || pnos[i] != pnos[i - 1]);
	return d;
}

/*
 * Move the hash set's ids (and its queue) into a bitmap if one fits them;
 * tried when the table is about to double.
 */
static bool
table_to_bitmap(AovIdSet *s)
{
	int64		n = s->used + s->npending + (s->has_zero ? 1 : 0);
	uint64	   *pnos;
	int64		pages;
	int64		j = 0;

	if (s->no_bitmap || s->size < IDSET_BITMAP_FROM || s->dirsize > 0)
		return false;
	pnos = aov_array_alloc(n, sizeof(uint64), s->cxt);
	for (int64 i = 0; i < s->size; i++)
	{
		if (s->keys[i] != 0)
			pnos[j++] = aov_key_of_int64((int64) s->keys[i]) >> AOV_IDPAGE_SHIFT;
		if ((i & 0xFFFFF) == 0)
			CHECK_FOR_INTERRUPTS();
	}
	for (int i = 0; i < s->npending; i++)
		pnos[j++] = aov_key_of_int64((int64) s->pending[i]) >> AOV_IDPAGE_SHIFT;
	if (s->has_zero)
		pnos[j++] = aov_key_of_int64(0) >> AOV_IDPAGE_SHIFT;
	Assert(j == n);
	pages = pages_of_keys(pnos, n);
	pfree(pnos);
	if (!bitmap_fits(pages, n))
	{
		/*
		 * Fewer than two ids a page (keys from a clock, say): they will not
		 * fill pages later either, so do not try again at every doubling.
		 */
		if (pages * 2 > n)
			s->no_bitmap = true;
		return false;
	}
	for (int64 i = 0; i < s->size; i++)
	{
		if (s->keys[i] != 0)
			bitmap_set(s, aov_key_of_int64((int64) s->keys[i]));
		if ((i & 0xFFFFF) == 0)
			CHECK_FOR_INTERRUPTS();
	}
	for (int i = 0; i < s->npending; i++)
		bitmap_set(s, aov_key_of_int64((int64) s->pending[i]));
	if (s->has_zero)
		bitmap_set(s, aov_key_of_int64(0));
	aov_free(s->keys);
	aov_free(s->pending);
	s->keys = NULL;
	s->pending = NULL;
	s->size = s->used = 0;
	s->npending = 0;
	s->has_zero = false;
	return true;
}

/*
 * Move run k into the bitmap if it fits (starting one when the hash set is
 * empty and the run is large enough to be worth it): a combine then ORs
 * bits instead of queueing a run to merge.
 */
static void
run_to_bitmap(AovIdSet *s, int k)
{
	AovIdRun   *r = &s->runs[k];
	int64		newpages = 0;
	uint64		prev = PG_UINT64_MAX;

	if (s->no_bitmap || r->n == 0)
		return;
	if (s->dirsize == 0 && (r->n < IDSET_BITMAP_FROM / 2 || !hash_empty(s)))
		return;
	for (int64 i = 0; i < r->n; i++)
	{
		uint64		pno = aov_key_of_int64(r->ids[i]) >> AOV_IDPAGE_SHIFT;

		if (pno != prev && (s->dirsize == 0 || dir_find(s, pno) == NULL))
		{
			/* too many already: no need to read the rest of a sparse run */
			if (!bitmap_fits(s->npages + ++newpages, s->nbits + r->n))
				return;
		}
		prev = pno;
		if ((i & 0xFFFFF) == 0)
			CHECK_FOR_INTERRUPTS();
	}
	for (int64 i = 0; i < r->n; i++)
	{
		bitmap_set(s, aov_key_of_int64(r->ids[i]));
		if ((i & 0xFFFFF) == 0)
			CHECK_FOR_INTERRUPTS();
	}
	aov_free(r->ids);
	s->runs[k] = s->runs[--s->nruns];
}

/*
 * OR src's page pno into dst's bitmap if dst has or may start one and the
 * page fits; with move, src's page itself is taken when dst lacks it.
 */
static bool
bitmap_or_page(AovIdSet *dst, uint64 pno, uint64 **srcpage, bool move)
{
	uint64	   *page;

	if (dst->dirsize == 0 && (dst->no_bitmap || !hash_empty(dst)))
		return false;
	page = dst->dirsize > 0 ? dir_find(dst, pno) : NULL;
	if (page == NULL)
	{
		int64		bits = 0;

		for (int w = 0; w < AOV_IDPAGE_WORDS; w++)
			bits += __builtin_popcountll((*srcpage)[w]);
		if (!bitmap_fits(dst->npages + 1, dst->nbits + bits))
			return false;
		if (move)
		{
			dir_add(dst, pno, *srcpage);
			dst->nbits += bits;
			*srcpage = NULL;
			return true;
		}
		page = dir_add(dst, pno, NULL);
	}
	for (int w = 0; w < AOV_IDPAGE_WORDS; w++)
	{
		uint64		add = (*srcpage)[w] & ~page[w];

		dst->nbits += __builtin_popcountll(add);
		page[w] |= add;
	}
	return true;
}

/* The id of bit b (from the low end) of word w of page pno. */
static inline int64
page_id(uint64 pno, int w, uint64 bits)
{
	return aov_int64_of_key((pno << AOV_IDPAGE_SHIFT) + (uint64) w * 64 + __builtin_ctzll(bits));
}

/* No bitmap: its pages (those not taken by another set) and directory freed. */
static void
bitmap_free(AovIdSet *s)
{
	for (int64 i = 0; i < s->dirsize; i++)
		aov_free(s->dirpages[i]);
	aov_free(s->dirkeys);
	aov_free(s->dirpages);
	s->dirkeys = NULL;
	s->dirpages = NULL;
	s->dirsize = s->npages = s->nbits = 0;
	s->lastpno = 0;
	s->lastpage = NULL;
}

/* The bitmap as a sorted run (pages in order, bits in order); no bitmap after. */
static void
bitmap_to_run(AovIdSet *s)
{
	int64		np = s->npages;
	uint64	   *pnos;
	int64	   *slots;
	int64		n = 0;

	if (s->dirsize == 0)
		return;
	pnos = aov_array_alloc(np, sizeof(uint64), s->cxt);
	slots = aov_array_alloc(np, sizeof(int64), s->cxt);
	for (int64 i = 0, j = 0; i < s->dirsize; i++)
		if (s->dirkeys[i] != 0)
		{
			pnos[j] = s->dirkeys[i] - 1;
			slots[j++] = i;
		}
	aov_radix_sort_u64(pnos, slots, np);
	if (s->nbits > 0)
	{
		AovIdRun   *r = new_run(s);

		r->ids = aov_array_alloc(s->nbits, sizeof(int64), s->cxt);
		for (int64 p = 0; p < np; p++)
		{
			const uint64 *page = s->dirpages[slots[p]];

			for (int w = 0; w < AOV_IDPAGE_WORDS; w++)
				for (uint64 bits = page[w]; bits != 0; bits &= bits - 1)
					r->ids[n++] = page_id(pnos[p], w, bits);
			CHECK_FOR_INTERRUPTS();
		}
		Assert(n == s->nbits);
		r->n = n;
	}
	pfree(pnos);
	pfree(slots);
	bitmap_free(s);
}

void
aov_idset_free(AovIdSet *s)
{
	aov_free(s->keys);
	aov_free(s->pending);
	for (int i = 0; i < s->nruns; i++)
		aov_free(s->runs[i].ids);
	aov_free(s->runs);
	bitmap_free(s);
	aov_idset_init(s, s->cxt);
}

static void
idset_grow(AovIdSet *s)
{
	int64		newsize = s->size ? s->size * 2 : 64;
	uint64	   *old = s->keys;
	int64		oldsize = s->size;
	uint64		mask = (uint64) newsize - 1;

	s->keys = MemoryContextAllocExtended(s->cxt, mul_size(newsize, sizeof(uint64)),
										 MCXT_ALLOC_HUGE | MCXT_ALLOC_ZERO);
	s->size = newsize;
	for (int64 i = 0; i < oldsize; i++)
	{
		uint64		k = old[i];
		uint64		j;

		if (k == 0)
			continue;
		j = aov_hash64(k) & mask;
		while (s->keys[j] != 0)
			j = (j + 1) & mask;
		s->keys[j] = k;
		if ((i & 0xFFFF) == 0)
			CHECK_FOR_INTERRUPTS();
	}
	if (old)
		pfree(old);
	if (s->size >= IDSET_BATCH_FROM && s->pending == NULL)
		s->pending = MemoryContextAlloc(s->cxt, AOV_IDSET_BATCH * sizeof(uint64));
}

static inline void
idset_insert(AovIdSet *s, uint64 id, uint64 j)
{
	uint64		mask = (uint64) s->size - 1;

	while (s->keys[j] != 0)
	{
		if (s->keys[j] == id)
			return;
		j = (j + 1) & mask;
	}
	s->keys[j] = id;
	s->used++;
}

void
aov_idset_insert_slow(AovIdSet *s, uint64 id)
{
	if (id == 0)
	{
		s->has_zero = true;
		return;
	}
	/* keep the table at most 70% full */
	if (unlikely((s->used + 1) * 10 > s->size * 7))
	{
		if (table_to_bitmap(s))
		{
			aov_idset_add(s, (int64) id);
			return;
		}
		idset_grow(s);
	}
	if (s->pending != NULL)
	{
		/* the table just became large: queue from now on */
		s->pending[s->npending++] = id;
		if (s->npending == AOV_IDSET_BATCH)
			aov_idset_flush(s);
		return;
	}
	idset_insert(s, id, aov_hash64(id) & ((uint64) s->size - 1));
}

void
aov_idset_flush(AovIdSet *s)
{
	uint64		slot[AOV_IDSET_BATCH];
	uint64		mask;

	if (s->npending == 0)
		return;
	/* room for all of them, as if every one were new */
	while ((s->used + s->npending) * 10 > s->size * 7)
	{
		if (table_to_bitmap(s))
			return;				/* the queue went into the bitmap too */
		idset_grow(s);
	}
	mask = (uint64) s->size - 1;
	for (int i = 0; i < s->npending; i++)
	{
		slot[i] = aov_hash64(s->pending[i]) & mask;
		__builtin_prefetch(&s->keys[slot[i]]);
	}
	for (int i = 0; i < s->npending; i++)
		idset_insert(s, s->pending[i], slot[i]);
	s->npending = 0;
}

static AovIdRun *
new_run(AovIdSet *s)
{
	s->runs = aov_array_reserve(s->runs, &s->capruns, s->nruns + 1, 4, sizeof(AovIdRun), s->cxt);
	memset(&s->runs[s->nruns], 0, sizeof(AovIdRun));
	return &s->runs[s->nruns++];
}

/* The hash set as a sorted run. */
static void
table_to_run(AovIdSet *s)
{
	int64		n = s->used + (s->has_zero ? 1 : 0);
	int64	   *ids = aov_array_alloc(n, sizeof(int64), s->cxt);
	int64		j = 0;
	AovIdRun   *r;

	aov_idset_flush(s);
	if (s->has_zero)
		ids[j++] = 0;
	for (int64 i = 0; i < s->size; i++)
		if (s->keys[i] != 0)
			ids[j++] = (int64) s->keys[i];
	Assert(j == n);
	aov_radix_sort_i64(ids, NULL, n);
	r = new_run(s);
	r->n = n;
	r->ids = ids;
	aov_free(s->keys);
	s->keys = NULL;
	s->size = s->used = 0;
	s->has_zero = false;
}

/*
 * Merge two sorted runs into out, dropping duplicates; returns its length.
 * A two-way merge is a compare and a store per id, several times cheaper
 * than a heap's sift, and a leader usually merges only two or three runs.
 */
static int64
merge_two(const int64 *a, int64 na, const int64 *b, int64 nb, int64 *out)
{
	int64		i = 0,
				j = 0,
				n = 0;

	while (i < na && j < nb)
	{
		int64		x = a[i] <= b[j] ? a[i] : b[j];

		i += (a[i] == x);
		j += (b[j] == x);
		out[n++] = x;
		if ((n & 0xFFFFF) == 0)
			CHECK_FOR_INTERRUPTS();
	}
	memcpy(out + n, a + i, (na - i) * sizeof(int64));
	n += na - i;
	memcpy(out + n, b + j, (nb - j) * sizeof(int64));
	return n + nb - j;
}

/* Merge all runs into one, the two shortest first (array.h). */
static void
merge_runs(AovIdSet *s)
{
	while (s->nruns > 1)
	{
		int			a,
					b;
		AovIdRun   *ra,
				   *rb;
		int64	   *out;

		StaticAssertStmt(offsetof(AovIdRun, n) == 0, "a run starts with its length");
		aov_two_shortest(s->runs, s->nruns, sizeof(AovIdRun), &a, &b);
		ra = &s->runs[a];
		rb = &s->runs[b];
		out = aov_array_alloc(ra->n + rb->n, sizeof(int64), s->cxt);
		ra->n = merge_two(ra->ids, ra->n, rb->ids, rb->n, out);
		aov_free(ra->ids);
		aov_free(rb->ids);
		ra->ids = aov_array_resize(out, ra->n, sizeof(int64), s->cxt);
		s->runs[b] = s->runs[--s->nruns];
	}
}

/* The ids as one sorted run (compacting the set; its contents unchanged). */
const AovIdRun *
aov_idset_run(AovIdSet *s)
{
	static const AovIdRun empty = {0};

	aov_idset_flush(s);
	bitmap_to_run(s);
	if (s->used > 0 || s->has_zero)
		table_to_run(s);
	if (s->nruns > 1)
		merge_runs(s);
	return s->nruns == 0 ? &empty : &s->runs[0];
}

/* The number of distinct ids. */
int64
aov_idset_count(AovIdSet *s)
{
	aov_idset_flush(s);
	/* a bitmap holds every id then: the hash set is empty while there is one */
	if (s->nruns == 0)
		return s->used + (s->has_zero ? 1 : 0) + s->nbits;
	return aov_idset_run(s)->n;
}

/*
 * Add the ids of src to dst.  With move, src is a scratch set about to be
 * freed: its sorted runs, in dst's context, are handed over, not copied.
 */
void
aov_idset_merge(AovIdSet *dst, AovIdSet *src, bool move)
{
	bool		steal = move && dst->cxt == src->cxt;
	int			oldruns = dst->nruns;

	/* the other bitmap, ORed into ours page by page, or id by id */
	for (int64 i = 0; i < src->dirsize; i++)
	{
		uint64		pno = src->dirkeys[i] - 1;

		if (src->dirkeys[i] == 0 ||
			bitmap_or_page(dst, pno, &src->dirpages[i], steal))
			continue;
		for (int w = 0; w < AOV_IDPAGE_WORDS; w++)
			for (uint64 bits = src->dirpages[i][w]; bits != 0; bits &= bits - 1)
				aov_idset_add(dst, page_id(pno, w, bits));
		CHECK_FOR_INTERRUPTS();
	}
	if (steal)
	{
		for (int i = 0; i < src->nruns; i++)
			*new_run(dst) = src->runs[i];
		src->nruns = 0;
	}
	for (int i = 0; i < src->nruns; i++)
	{
		AovIdRun   *r = new_run(dst);

		r->n = src->runs[i].n;
		r->ids = MemoryContextAllocHuge(dst->cxt, mul_size(Max(r->n, 1), sizeof(int64)));
		memcpy(r->ids, src->runs[i].ids, r->n * sizeof(int64));
	}
	for (int k = dst->nruns - 1; k >= oldruns; k--)
		run_to_bitmap(dst, k);
	/* the set and the queue of the other state, inserted into ours */
	if (src->has_zero)
		aov_idset_add(dst, 0);
	for (int64 i = 0; i < src->size; i++)
	{
		if (src->keys[i] != 0)
			aov_idset_add(dst, (int64) src->keys[i]);
		if ((i & 0xFFFFF) == 0)
			CHECK_FOR_INTERRUPTS();
	}
	for (int i = 0; i < src->npending; i++)
		aov_idset_add(dst, (int64) src->pending[i]);
}

/* ---------- the serialized run ---------- */

Size
aov_id_run_encoded_size(const AovIdRun *r)
{
	Size		size = aov_varint_len(r->n);

	for (int64 i = 0; i < r->n; i++)
		size += aov_varint_len(i == 0 ? aov_key_of_int64(r->ids[0])
							   : (uint64) r->ids[i] - (uint64) r->ids[i - 1] - 1);
	return size;
}

char *
aov_id_run_encode(char *p, const AovIdRun *r)
{
	p = aov_write_varint(p, r->n);
	for (int64 i = 0; i < r->n; i++)
	{
		p = aov_write_varint(p, i == 0 ? aov_key_of_int64(r->ids[0])
							 : (uint64) r->ids[i] - (uint64) r->ids[i - 1] - 1);
		if ((i & 0xFFFFF) == 0)
			CHECK_FOR_INTERRUPTS();
	}
	return p;
}

/*
 * Read and check a serialized run of ids: version 2, a varint count and the
 * steps; version 1, n_v1 raw int64s.  Strictly increasing either way.
 */
void
aov_id_run_parse(AovReader *r, int version, int64 n_v1, AovIdRunView *view)
{
	Size		start = r->pos;

	view->version = version;
	if (version == AOV_FORMAT_V1)
	{
		int64		prev = 0;

		if (n_v1 < 0 || (Size) n_v1 > (r->len - r->pos) / sizeof(int64))
			aov_corrupt(r->typname, "The value is shorter than its header says.");
		view->n = n_v1;
		for (int64 i = 0; i < n_v1; i++)
		{
			int64		id = aov_read_i64(r);

			if (i > 0 && id <= prev)
				aov_corrupt(r->typname, "The customer ids are not strictly increasing.");
			prev = id;
		}
	}
	else
	{
		uint64		n = aov_read_varint(r);
		uint64		key = 0;

		if (n > r->len - r->pos)
			aov_corrupt(r->typname, "The value is shorter than its header says.");
		view->n = (int64) n;
		for (uint64 i = 0; i < n; i++)
		{
			uint64		step = aov_read_varint(r);

			if (i > 0 && step >= PG_UINT64_MAX - key)
				aov_corrupt(r->typname, "The customer ids are out of range.");
			key = i == 0 ? step : key + step + 1;
			if ((i & 0xFFFFF) == 0)
				CHECK_FOR_INTERRUPTS();
		}
	}
	view->packed = (const char *) r->p + start;
	view->len = r->pos - start;
}

void
aov_idset_add_view(AovIdSet *s, const AovIdRunView *view)
{
	AovReader	r;
	AovIdRun   *run;
	uint64		key = 0;

	if (view->n == 0)
		return;
	aov_reader_init(&r, view->packed, view->len, "aov_summary");
	run = new_run(s);
	run->n = view->n;
	run->ids = MemoryContextAllocHuge(s->cxt, mul_size(view->n, sizeof(int64)));
	if (view->version == AOV_FORMAT_V1)
	{
		for (int64 i = 0; i < view->n; i++)
			run->ids[i] = aov_read_i64(&r);
	}
	else
	{
		(void) aov_read_varint(&r);
		for (int64 i = 0; i < view->n; i++)
		{
			uint64		step = aov_read_varint(&r);

			key = i == 0 ? step : key + step + 1;
			run->ids[i] = aov_int64_of_key(key);
		}
	}
	run_to_bitmap(s, s->nruns - 1);
}
