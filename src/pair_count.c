/*
 * pair_count.c
 *		Counting baskets: products and product pairs, from order lines or
 *		by merging the counts of partial states (see baskets.h).
 *
 * From lines: products are numbered in key order, the lines sorted by
 * (order, product) on one packed integer key, and each basket's distinct
 * products walked once, counting products and pairs (a keyed hash table
 * whose slots are prefetched a batch at a time); the pairs are then sorted.
 *
 * Merging partial counts is linear: the product lists merge into one
 * numbering (every partial's numbering maps into it in order), the sorted
 * pair lists merge, and the basket lists merge by order id.  An order seen
 * by several partials (its lines were split between them) was counted in
 * each as an order of its own; only those are recounted: each part's
 * contributions are taken back and the union basket's added.  So a leader
 * or a coordinator merges, and counts only the split orders.
 *
 * Serialized partial counts (after the header baskets.c writes), all
 * numbers variable-length integers:
 *	  m; the products: bigint keys as the first key's order-preserving value
 *		 and each next one's step less one, text keys as length and bytes
 *		 (strictly increasing bytewise); then each product's count less one
 *	  p; the pairs (a, b), increasing: the step of a, then b's step from the
 *		 previous b less one when a repeats, else b - a - 1; each with its
 *		 count less one
 *	  the baskets: their number, then each: the order id (first whole as an
 *		 order-preserving key, then steps less one), the number of its
 *		 products (0: skipped in this partial for its size), and the product
 *		 numbers (first whole, then steps less one)
 * Every field is checked when read: products in range, pairs within what
 * the product counts allow, the baskets agreeing with the order and product
 * counts.  The pair counts are not recounted from the baskets (that is the
 * counting the partial state saves); a forged value can give forged counts
 * within those bounds, a merge refuses counts its baskets contradict, and
 * nothing crashes.
 *
 * Memory: counting needs about 40 bytes per line while it sorts, 23-46
 * bytes of hash table per distinct pair and 16 to sort them; partial
 * counts hold 16 bytes per pair and, with baskets, 16 per order and 4 per
 * basket line.
 */
#include "postgres.h"

#include "miscadmin.h"
#include "utils/memutils.h"

#include "array.h"
#include "baskets.h"
#include "hash.h"
#include "radix.h"

/* ---------- the pair table ---------- */

/* Pair counts: open addressing on (a << 32 | b), a < b; count 0 = empty. */
typedef struct PairTable
{
	uint64	   *keys;
	int64	   *counts;
	int64		size;
	int64		used;
} PairTable;

static void
pairs_grow(PairTable *t)
{
	int64		size = t->size ? t->size * 2 : 4096;
	uint64	   *keys = palloc_extended(mul_size(size, sizeof(uint64)), MCXT_ALLOC_HUGE);
	int64	   *counts = palloc_extended(mul_size(size, sizeof(int64)),
										 MCXT_ALLOC_HUGE | MCXT_ALLOC_ZERO);
	uint64		mask = (uint64) size - 1;

	for (int64 i = 0; i < t->size; i++)
	{
		uint64		j;

		if (t->counts[i] == 0)
			continue;
		j = aov_hash64(t->keys[i]) & mask;
		while (counts[j] != 0)
			j = (j + 1) & mask;
		keys[j] = t->keys[i];
		counts[j] = t->counts[i];
		if ((i & 0xFFFF) == 0)
			CHECK_FOR_INTERRUPTS();
	}
	if (t->keys)
	{
		pfree(t->keys);
		pfree(t->counts);
	}
	t->keys = keys;
	t->counts = counts;
	t->size = size;
}

/*
 * Pair increments are queued and applied PAIR_BATCH at a time: with millions
 * of pairs the table is far larger than the caches, and prefetching the
 * slots of a batch first overlaps the misses that would otherwise come one
 * after another.
 */
#define PAIR_BATCH 256

typedef struct PairQueue
{
	uint64		key[PAIR_BATCH];
	uint64		slot[PAIR_BATCH];
	int			n;
} PairQueue;

static void
pairs_flush(PairTable *t, PairQueue *q)
{
	uint64		mask;

	/* room for the whole batch, as if every key were new */
	while ((t->used + q->n) * 10 > t->size * 7)
		pairs_grow(t);
	mask = (uint64) t->size - 1;
	for (int i = 0; i < q->n; i++)
	{
		q->slot[i] = aov_hash64(q->key[i]) & mask;
		__builtin_prefetch(&t->keys[q->slot[i]]);
		__builtin_prefetch(&t->counts[q->slot[i]]);
	}
	for (int i = 0; i < q->n; i++)
	{
		uint64		key = q->key[i];
		uint64		j = q->slot[i];

		while (t->counts[j] != 0 && t->keys[j] != key)
			j = (j + 1) & mask;
		if (t->counts[j] == 0)
		{
			t->keys[j] = key;
			t->used++;
		}
		t->counts[j]++;
	}
	q->n = 0;
}

static inline void
pairs_add(PairTable *t, PairQueue *q, uint64 key)
{
	q->key[q->n++] = key;
	if (unlikely(q->n == PAIR_BATCH))
		pairs_flush(t, q);
}

/* The table's pairs, sorted, into out (the table is freed). */
static void
pairs_sorted(PairTable *t, MemoryContext cxt, AovPartial *out)
{
	int64		k = 0;

	out->npairs = t->used;
	out->pair = aov_array_alloc(t->used, sizeof(uint64), cxt);
	out->pair_count = aov_array_alloc(t->used, sizeof(int64), cxt);
	for (int64 i = 0; i < t->size; i++)
		if (t->counts[i] != 0)
		{
			out->pair[k] = t->keys[i];
			out->pair_count[k++] = t->counts[i];
		}
	Assert(k == t->used);
	if (t->keys)
	{
		pfree(t->keys);
		pfree(t->counts);
	}
	aov_radix_sort_u64(out->pair, out->pair_count, out->npairs);
}

/* ---------- products ---------- */

/*
 * Number the products of the lines in key order: num[i] is line i's product
 * number, *m the number of products; the keys in order go to the partial
 * (bigint keys, or text keys copied from the dictionary).
 */
static void
number_products(int kind, const AovLine *lines, int64 n, const AovKeyDict *dict,
				int32 *num, MemoryContext cxt, AovPartial *out)
{
	int64		m = 0;

	if (kind == AOV_KEY_BIGINT)
	{
		int64	   *k = aov_array_alloc(n, sizeof(int64), CurrentMemoryContext);
		int64	   *at = aov_array_alloc(n, sizeof(int64), CurrentMemoryContext);

		for (int64 i = 0; i < n; i++)
		{
			k[i] = lines[i].key;
			at[i] = i;
		}
		aov_radix_sort_i64(k, at, n);
		for (int64 i = 0; i < n; i++)
			m += i == 0 || k[i] != k[i - 1];
		if (m > PG_INT32_MAX)
			ereport(ERROR,
					(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
					 errmsg("too many distinct products for aov_copurchase")));
		out->ikey = aov_array_alloc(m, sizeof(int64), cxt);
		m = 0;
		for (int64 i = 0; i < n; i++)
		{
			if (i == 0 || k[i] != k[i - 1])
				out->ikey[m++] = k[i];
			num[at[i]] = (int32) (m - 1);
		}
		pfree(k);
		pfree(at);
	}
	else
	{
		int64	   *rank;
		int64	   *ord;

		m = dict->n;
		ord = aov_keydict_order(dict, CurrentMemoryContext);
		rank = aov_array_alloc(m, sizeof(int64), CurrentMemoryContext);
		for (int64 i = 0; i < m; i++)
			rank[ord[i]] = i;
		for (int64 i = 0; i < n; i++)
			num[i] = (int32) rank[lines[i].key];
		out->tkey = aov_array_alloc(m, sizeof(char *), cxt);
		out->tlen = aov_array_alloc(m, sizeof(uint32), cxt);
		for (int64 i = 0; i < m; i++)
		{
			char	   *copy = MemoryContextAlloc(cxt, Max(dict->len[ord[i]], 1));

			memcpy(copy, dict->buf + dict->off[ord[i]], dict->len[ord[i]]);
			out->tkey[i] = copy;
			out->tlen[i] = dict->len[ord[i]];
		}
		pfree(rank);
		pfree(ord);
	}
	out->m = m;
}

/*
 * Drop the products no counted basket holds (they were only in skipped
 * ones), renumbering the others in order, in the counts, pairs and baskets.
 */
static void
drop_uncounted(int kind, AovPartial *p)
{
	int32	   *renum;
	int64		kept = 0;

	for (int64 i = 0; i < p->m; i++)
		kept += p->count[i] > 0;
	if (kept == p->m)
		return;
	renum = palloc_extended(mul_size(Max(p->m, 1), sizeof(int32)), MCXT_ALLOC_HUGE);
	kept = 0;
	for (int64 i = 0; i < p->m; i++)
	{
		renum[i] = p->count[i] > 0 ? (int32) kept : -1;
		if (renum[i] < 0)
			continue;
		p->count[kept] = p->count[i];
		if (kind == AOV_KEY_BIGINT)
			p->ikey[kept] = p->ikey[i];
		else
		{
			p->tkey[kept] = p->tkey[i];
			p->tlen[kept] = p->tlen[i];
		}
		kept++;
	}
	for (int64 i = 0; i < p->npairs; i++)
	{
		int32		a = renum[p->pair[i] >> 32];
		int32		b = renum[(uint32) p->pair[i]];

		/* a counted pair's products are in a counted basket, unless forged */
		if (a < 0 || b < 0)
			aov_corrupt("aov_basket_lines", "Its pair counts do not match its baskets.");
		p->pair[i] = ((uint64) a << 32) | (uint32) b;
	}
	if (p->has_baskets)
		for (int64 i = 0; i < p->bstart[p->nbaskets]; i++)
			p->items[i] = renum[p->items[i]];
	p->m = kept;
	pfree(renum);
}

/* ---------- counting lines ---------- */

/*
 * Count the baskets of n lines.  With keep_baskets, every order's distinct
 * products are kept too.
 */
void
aov_count_lines(int kind, int32 max_basket, AovLine *lines, int64 n,
				const AovKeyDict *dict, bool keep_baskets, MemoryContext cxt,
				AovPartial *out)
{
	int32	   *num = aov_array_alloc(n, sizeof(int32), CurrentMemoryContext);
	uint64		omin = PG_UINT64_MAX,
				omax = 0;
	int			pbits;
	AovPackedKeys keys;
	PairTable	pt = {0};
	PairQueue  *pq = palloc0(sizeof(PairQueue));
	int32	   *basket;
	int64		bcap = 64;
	int64		nitems = 0;

	memset(out, 0, sizeof(*out));
	number_products(kind, lines, n, dict, num, cxt, out);
	out->count = MemoryContextAllocExtended(cxt, mul_size(Max(out->m, 1), sizeof(int64)),
											MCXT_ALLOC_HUGE | MCXT_ALLOC_ZERO);

	/* the lines sorted by (order, product) on one packed key */
	for (int64 i = 0; i < n; i++)
	{
		uint64		o = aov_key_of_int64(lines[i].order);

		omin = Min(omin, o);
		omax = Max(omax, o);
	}
	pbits = aov_bits_u64(out->m > 0 ? (uint64) (out->m - 1) : 0);
	keys = aov_packed_alloc(n, aov_bits_u64(n > 0 ? omax - omin : 0) + pbits, CurrentMemoryContext);
	for (int64 i = 0; i < n; i++)
		aov_packed_set(&keys, i, ((uint128) (aov_key_of_int64(lines[i].order) - omin) << pbits) |
					   (uint32) num[i]);
	pfree(num);
	aov_packed_sort(keys);

	if (keep_baskets)
	{
		/* at most one basket a line, one item a line */
		out->has_baskets = true;
		out->border = aov_array_alloc(n, sizeof(int64), cxt);
		out->bstart = aov_array_alloc(n + 1, sizeof(int64), cxt);
		out->items = aov_array_alloc(n, sizeof(int32), cxt);
	}
	basket = palloc(sizeof(int32) * bcap);
	for (int64 i = 0; i < n;)
	{
		uint128		first = aov_packed_get(&keys, i);
		uint128		order = first >> pbits;
		int64		k = 0;
		int64		j = i;

		/* the distinct products of this order, ascending */
		for (; j < n; j++)
		{
			uint128		key = aov_packed_get(&keys, j);
			int32		p = (int32) (key & ((((uint128) 1) << pbits) - 1));

			if ((key >> pbits) != order)
				break;
			if (k > 0 && basket[k - 1] == p)
				continue;
			if (k == bcap)
				basket = aov_array_reserve(basket, &bcap, k + 1, 64, sizeof(int32),
										   CurrentMemoryContext);
			basket[k++] = p;
		}
		if (keep_baskets)
		{
			out->border[out->nbaskets] = aov_int64_of_key((uint64) order + omin);
			out->bstart[out->nbaskets++] = nitems;
		}
		if (k > max_basket)
			out->skipped++;
		else
		{
			out->n_orders++;
			for (int64 a = 0; a < k; a++)
			{
				/* a basket of thousands makes millions of pairs */
				if ((a & 255) == 255)
					CHECK_FOR_INTERRUPTS();
				out->count[basket[a]]++;
				for (int64 b = a + 1; b < k; b++)
					pairs_add(&pt, pq, ((uint64) basket[a] << 32) | (uint32) basket[b]);
			}
			if (keep_baskets)
			{
				memcpy(out->items + nitems, basket, k * sizeof(int32));
				nitems += k;
			}
		}
		i = j;
		CHECK_FOR_INTERRUPTS();
	}
	if (keep_baskets)
		out->bstart[out->nbaskets] = nitems;
	pairs_flush(&pt, pq);
	pfree(pq);
	pfree(basket);
	aov_packed_free(keys);
	pairs_sorted(&pt, cxt, out);
	drop_uncounted(kind, out);
}

/* ---------- merging partial counts ---------- */

/* The product of partial i at position j, compared with another's. */
static inline int
product_cmp(int kind, const AovPartial *a, int64 i, const AovPartial *b, int64 j)
{
	if (kind == AOV_KEY_BIGINT)
		return (a->ikey[i] > b->ikey[j]) - (a->ikey[i] < b->ikey[j]);
	return aov_key_cmp(a->tkey[i], a->tlen[i], b->tkey[j], b->tlen[j]);
}

/* A growable list of pair corrections (pair key, +1 or -1). */
typedef struct Deltas
{
	uint64	   *key;
	int64	   *delta;
	int64		n;
	int64		cap;
} Deltas;

static void
deltas_add(Deltas *d, uint64 key, int64 delta)
{
	if (d->n == d->cap)
	{
		/* two arrays of one capacity */
		d->cap = aov_array_grow_cap(d->cap, d->n + 1, 1024);
		d->key = aov_array_resize(d->key, d->cap, sizeof(uint64), CurrentMemoryContext);
		d->delta = aov_array_resize(d->delta, d->cap, sizeof(int64), CurrentMemoryContext);
	}
	d->key[d->n] = key;
	d->delta[d->n++] = delta;
}

/* Every pair of a sorted basket of global product numbers, with a delta. */
static void
basket_pairs(Deltas *d, const int32 *g, int64 k, int64 delta)
{
	for (int64 a = 0; a < k; a++)
	{
		if ((a & 255) == 255)
			CHECK_FOR_INTERRUPTS();
		for (int64 b = a + 1; b < k; b++)
			deltas_add(d, ((uint64) g[a] << 32) | (uint32) g[b], delta);
	}
}

static int
cmp_int32(const void *a, const void *b)
{
	int32		x = *(const int32 *) a;
	int32		y = *(const int32 *) b;

	return (x > y) - (x < y);
}

/* Whether the basket at position pos of partial p is order's. */
static inline bool
part_has(const AovPartial *p, int64 pos, int64 order)
{
	return pos < p->nbaskets && p->border[pos] == order;
}

/* The same, and then the basket's items are p->items[*from .. *to). */
static inline bool
part_basket(const AovPartial *p, int64 pos, int64 order, int64 *from, int64 *to)
{
	if (!part_has(p, pos, order))
		return false;
	*from = p->bstart[pos];
	*to = p->bstart[pos + 1];
	return true;
}

/*
 * Merge the counts of k partials into one.  See the top of the file; with
 * keep_baskets, the merged baskets are kept (for a partial state that is
 * itself flattened again).
 */
void
aov_merge_partials(int kind, int32 max_basket, AovPartial *const *parts, int k,
				   bool keep_baskets, MemoryContext cxt, AovPartial *out)
{
	int32	  **map = palloc(k * sizeof(int32 *));
	int64	   *pos = palloc0(k * sizeof(int64));
	int64		cap = 0;
	int64		m = 0;
	Deltas		deltas = {0};
	int64		nitems_cap = 0;
	int64		nitems = 0;
	int32	   *ubuf = NULL;
	int64		ucap = 0;

	memset(out, 0, sizeof(*out));

	/* one product numbering: a merge of the sorted key lists */
	for (int i = 0; i < k; i++)
	{
		cap += parts[i]->m;
		map[i] = aov_array_alloc(parts[i]->m, sizeof(int32), CurrentMemoryContext);
	}
	if (kind == AOV_KEY_BIGINT)
		out->ikey = aov_array_alloc(cap, sizeof(int64), cxt);
	else
	{
		out->tkey = aov_array_alloc(cap, sizeof(char *), cxt);
		out->tlen = aov_array_alloc(cap, sizeof(uint32), cxt);
	}
	for (;;)
	{
		int			best = -1;

		/* the parts are few (workers, shards): a scan of their heads */
		for (int i = 0; i < k; i++)
			if (pos[i] < parts[i]->m &&
				(best < 0 || product_cmp(kind, parts[i], pos[i], parts[best], pos[best]) < 0))
				best = i;
		if (best < 0)
			break;
		if (kind == AOV_KEY_BIGINT)
			out->ikey[m] = parts[best]->ikey[pos[best]];
		else
		{
			char	   *copy = MemoryContextAlloc(cxt, Max(parts[best]->tlen[pos[best]], 1));

			memcpy(copy, parts[best]->tkey[pos[best]], parts[best]->tlen[pos[best]]);
			out->tkey[m] = copy;
			out->tlen[m] = parts[best]->tlen[pos[best]];
		}
		for (int i = 0; i < k; i++)
			if (pos[i] < parts[i]->m &&
				product_cmp(kind, parts[i], pos[i], parts[best], pos[best]) == 0 && i != best)
				map[i][pos[i]++] = (int32) m;
		map[best][pos[best]++] = (int32) m;
		m++;
		if ((m & 0xFFFF) == 0)
			CHECK_FOR_INTERRUPTS();
	}
	if (m > PG_INT32_MAX)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("too many distinct products for aov_copurchase")));
	out->m = m;
	out->count = MemoryContextAllocExtended(cxt, mul_size(Max(m, 1), sizeof(int64)),
											MCXT_ALLOC_HUGE | MCXT_ALLOC_ZERO);
	for (int i = 0; i < k; i++)
	{
		for (int64 j = 0; j < parts[i]->m; j++)
			out->count[map[i][j]] += parts[i]->count[j];
		out->n_orders += parts[i]->n_orders;
		out->skipped += parts[i]->skipped;
	}

	/*
	 * The baskets, merged by order id.  An order seen by one partial only
	 * is counted right there; one seen by several is recounted: each
	 * counted part's order, products and pairs are taken back, and the
	 * union basket counted (or skipped, when it is too large, or when a
	 * part was already too large on its own).
	 */
	for (int i = 0; i < k; i++)
	{
		if (!parts[i]->has_baskets)
			elog(ERROR, "aov_copurchase: partial counts without their baskets");
		pos[i] = 0;
		nitems_cap += parts[i]->bstart[parts[i]->nbaskets];
	}
	if (keep_baskets)
	{
		int64		nb = 0;

		for (int i = 0; i < k; i++)
			nb += parts[i]->nbaskets;
		out->has_baskets = true;
		out->border = aov_array_alloc(nb, sizeof(int64), cxt);
		out->bstart = aov_array_alloc(nb + 1, sizeof(int64), cxt);
		out->items = aov_array_alloc(nitems_cap, sizeof(int32), cxt);
	}
	for (int64 step = 0;; step++)
	{
		int			best = -1;
		int			nparts = 0;
		int64		order;
		bool		any_skipped = false;
		int64		ulen = 0;

		for (int i = 0; i < k; i++)
			if (pos[i] < parts[i]->nbaskets &&
				(best < 0 || parts[i]->border[pos[i]] < parts[best]->border[pos[best]]))
				best = i;
		if (best < 0)
			break;
		order = parts[best]->border[pos[best]];

		/* the parts of this order: their global products into ubuf */
		for (int i = 0; i < k; i++)
		{
			int64		from,
						to;

			if (!part_basket(parts[i], pos[i], order, &from, &to))
				continue;
			nparts++;
			if (to == from)
				any_skipped = true;
			ubuf = aov_array_reserve(ubuf, &ucap, ulen + (to - from), 64, sizeof(int32),
									 CurrentMemoryContext);
			for (int64 j = from; j < to; j++)
				ubuf[ulen++] = map[i][parts[i]->items[j]];
		}

		if (nparts > 1)
		{
			int64		start = 0;

			/* take back each part's counts (global numbers are in order) */
			for (int i = 0; i < k; i++)
			{
				int64		from,
							to;

				if (!part_basket(parts[i], pos[i], order, &from, &to))
					continue;
				if (to == from)
					out->skipped--;
				else
				{
					out->n_orders--;
					for (int64 j = start; j < start + (to - from); j++)
						out->count[ubuf[j]]--;
					basket_pairs(&deltas, ubuf + start, to - from, -1);
				}
				start += to - from;
			}
			/* the union basket */
			qsort(ubuf, ulen, sizeof(int32), cmp_int32);
			{
				int64		d = 0;

				for (int64 j = 0; j < ulen; j++)
					if (d == 0 || ubuf[d - 1] != ubuf[j])
						ubuf[d++] = ubuf[j];
				ulen = d;
			}
			if (any_skipped || ulen > max_basket)
			{
				out->skipped++;
				ulen = 0;		/* kept as skipped */
			}
			else
			{
				out->n_orders++;
				for (int64 j = 0; j < ulen; j++)
					out->count[ubuf[j]]++;
				basket_pairs(&deltas, ubuf, ulen, 1);
			}
		}
		if (keep_baskets)
		{
			out->border[out->nbaskets] = order;
			out->bstart[out->nbaskets++] = nitems;
			memcpy(out->items + nitems, ubuf, ulen * sizeof(int32));
			nitems += ulen;
		}
		for (int i = 0; i < k; i++)
			if (part_has(parts[i], pos[i], order))
				pos[i]++;
		if ((step & 0xFFFF) == 0)
			CHECK_FOR_INTERRUPTS();
	}
	if (keep_baskets)
		out->bstart[out->nbaskets] = nitems;
	if (ubuf)
		pfree(ubuf);

	/* the pairs: a merge of the sorted lists, and of the sorted corrections */
	{
		int64		total = deltas.n;
		int64		n = 0;
		int64		di = 0;

		for (int i = 0; i < k; i++)
		{
			total += parts[i]->npairs;
			pos[i] = 0;
		}
		out->pair = aov_array_alloc(total, sizeof(uint64), cxt);
		out->pair_count = aov_array_alloc(total, sizeof(int64), cxt);
		aov_radix_sort_u64(deltas.key, deltas.delta, deltas.n);
		for (;;)
		{
			int			best = -1;
			uint64		key = 0;
			uint64		bestkey = 0;
			int64		c = 0;

			for (int i = 0; i < k; i++)
			{
				if (pos[i] >= parts[i]->npairs)
					continue;
				key = ((uint64) map[i][parts[i]->pair[pos[i]] >> 32] << 32) |
					(uint32) map[i][(uint32) parts[i]->pair[pos[i]]];
				if (best < 0 || key < bestkey)
				{
					best = i;
					bestkey = key;
				}
			}
			if (best < 0 && di >= deltas.n)
				break;
			if (best < 0 || (di < deltas.n && deltas.key[di] < bestkey))
				bestkey = deltas.key[di];
			for (int i = 0; i < k; i++)
			{
				if (pos[i] >= parts[i]->npairs)
					continue;
				key = ((uint64) map[i][parts[i]->pair[pos[i]] >> 32] << 32) |
					(uint32) map[i][(uint32) parts[i]->pair[pos[i]]];
				if (key == bestkey)
					c += parts[i]->pair_count[pos[i]++];
			}
			while (di < deltas.n && deltas.key[di] == bestkey)
				c += deltas.delta[di++];
			/* only a forged partial state takes back a pair it never had */
			if (c < 0)
				aov_corrupt("aov_basket_lines", "Its pair counts do not match its baskets.");
			if (c > 0)
			{
				out->pair[n] = bestkey;
				out->pair_count[n++] = c;
			}
			if ((n & 0xFFFF) == 0)
				CHECK_FOR_INTERRUPTS();
		}
		out->npairs = n;
	}
	if (deltas.key)
	{
		pfree(deltas.key);
		pfree(deltas.delta);
	}
	for (int i = 0; i < k; i++)
		pfree(map[i]);
	pfree(map);
	pfree(pos);
	drop_uncounted(kind, out);
}

/* ---------- serialized form ---------- */

Size
aov_partial_encoded_size(const AovPartial *p, int kind)
{
	Size		size = aov_varint_len(p->m);

	for (int64 i = 0; i < p->m; i++)
	{
		if (kind == AOV_KEY_BIGINT)
			size += aov_varint_len(i == 0 ? aov_key_of_int64(p->ikey[0])
								   : (uint64) p->ikey[i] - (uint64) p->ikey[i - 1] - 1);
		else
			size = add_size(size, aov_varint_len(p->tlen[i]) + p->tlen[i]);
		size += aov_varint_len(p->count[i] - 1);
	}
	size += aov_varint_len(p->npairs);
	for (int64 i = 0; i < p->npairs; i++)
	{
		uint64		a = p->pair[i] >> 32,
					b = (uint32) p->pair[i];
		uint64		pa = i > 0 ? p->pair[i - 1] >> 32 : 0,
					pb = i > 0 ? (uint32) p->pair[i - 1] : 0;

		size = add_size(size, aov_varint_len(a - pa) +
						aov_varint_len(i > 0 && a == pa ? b - pb - 1 : b - a - 1) +
						aov_varint_len(p->pair_count[i] - 1));
	}
	size += aov_varint_len(p->nbaskets);
	for (int64 i = 0; i < p->nbaskets; i++)
	{
		int64		from = p->bstart[i],
					to = p->bstart[i + 1];

		size = add_size(size, aov_varint_len(i == 0 ? aov_key_of_int64(p->border[0])
											 : (uint64) p->border[i] - (uint64) p->border[i - 1] - 1) +
						aov_varint_len(to - from));
		for (int64 j = from; j < to; j++)
			size = add_size(size, aov_varint_len(j == from ? (uint64) p->items[j]
												 : (uint64) (p->items[j] - p->items[j - 1] - 1)));
	}
	return size;
}

char *
aov_partial_encode(char *out, const AovPartial *p, int kind)
{
	out = aov_write_varint(out, p->m);
	for (int64 i = 0; i < p->m; i++)
	{
		if (kind == AOV_KEY_BIGINT)
			out = aov_write_varint(out, i == 0 ? aov_key_of_int64(p->ikey[0])
								   : (uint64) p->ikey[i] - (uint64) p->ikey[i - 1] - 1);
		else
		{
			out = aov_write_varint(out, p->tlen[i]);
			memcpy(out, p->tkey[i], p->tlen[i]);
			out += p->tlen[i];
		}
	}
	for (int64 i = 0; i < p->m; i++)
		out = aov_write_varint(out, p->count[i] - 1);
	out = aov_write_varint(out, p->npairs);
	for (int64 i = 0; i < p->npairs; i++)
	{
		uint64		a = p->pair[i] >> 32,
					b = (uint32) p->pair[i];
		uint64		pa = i > 0 ? p->pair[i - 1] >> 32 : 0,
					pb = i > 0 ? (uint32) p->pair[i - 1] : 0;

		out = aov_write_varint(out, a - pa);
		out = aov_write_varint(out, i > 0 && a == pa ? b - pb - 1 : b - a - 1);
		out = aov_write_varint(out, p->pair_count[i] - 1);
		if ((i & 0xFFFFF) == 0)
			CHECK_FOR_INTERRUPTS();
	}
	out = aov_write_varint(out, p->nbaskets);
	for (int64 i = 0; i < p->nbaskets; i++)
	{
		int64		from = p->bstart[i],
					to = p->bstart[i + 1];

		out = aov_write_varint(out, i == 0 ? aov_key_of_int64(p->border[0])
							   : (uint64) p->border[i] - (uint64) p->border[i - 1] - 1);
		out = aov_write_varint(out, to - from);
		for (int64 j = from; j < to; j++)
			out = aov_write_varint(out, j == from ? (uint64) p->items[j]
								   : (uint64) (p->items[j] - p->items[j - 1] - 1));
		if ((i & 0xFFFFF) == 0)
			CHECK_FOR_INTERRUPTS();
	}
	return out;
}

/*
 * Read and check serialized partial counts (n_orders and skipped come from
 * the header) into out, allocated in cxt.
 */
void
aov_partial_parse(AovReader *r, int kind, int32 max_basket, int64 n_orders, int64 skipped,
				  MemoryContext cxt, AovPartial *out)
{
	uint64		m = aov_read_varint(r);
	uint64		np;
	uint64		nb;
	uint64		key = 0;
	int64		counted = 0,
				skipped_seen = 0;
	int64	   *seen;
	int64		nitems = 0;
	Size		items_start;

	memset(out, 0, sizeof(*out));
	out->n_orders = n_orders;
	out->skipped = skipped;
	/* a product takes at least two bytes */
	if (m > (r->len - r->pos) / 2 || m > PG_INT32_MAX)
		aov_corrupt(r->typname, "The value is shorter than its header says.");
	out->m = (int64) m;
	if (kind == AOV_KEY_BIGINT)
		out->ikey = aov_array_alloc(m, sizeof(int64), cxt);
	else
	{
		out->tkey = aov_array_alloc(m, sizeof(char *), cxt);
		out->tlen = aov_array_alloc(m, sizeof(uint32), cxt);
	}
	for (uint64 i = 0; i < m; i++)
	{
		if (kind == AOV_KEY_BIGINT)
		{
			uint64		step = aov_read_varint(r);

			if (i > 0 && step >= PG_UINT64_MAX - key)
				aov_corrupt(r->typname, "The product keys are out of range.");
			key = i == 0 ? step : key + step + 1;
			out->ikey[i] = aov_int64_of_key(key);
		}
		else
		{
			uint64		len = aov_read_varint(r);
			const char *bytes;
			char	   *copy;

			if (len > PG_INT32_MAX || len > r->len - r->pos)
				aov_corrupt(r->typname, "A product key is out of bounds.");
			bytes = aov_read_bytes(r, len);
			aov_check_key_text(bytes, (int) len, r->typname, "product key");
			copy = MemoryContextAlloc(cxt, Max(len, 1));
			memcpy(copy, bytes, len);
			out->tkey[i] = copy;
			out->tlen[i] = (uint32) len;
			if (i > 0 && aov_key_cmp(out->tkey[i - 1], out->tlen[i - 1], copy, (uint32) len) >= 0)
				aov_corrupt(r->typname, "The product keys are not strictly increasing.");
		}
	}
	out->count = aov_array_alloc(m, sizeof(int64), cxt);
	for (uint64 i = 0; i < m; i++)
	{
		uint64		c = aov_read_varint(r);

		if (c >= (uint64) n_orders)
			aov_corrupt(r->typname, "A product count is out of range.");
		out->count[i] = (int64) c + 1;
	}

	np = aov_read_varint(r);
	if (np > (r->len - r->pos) / 3)
		aov_corrupt(r->typname, "The value is shorter than its header says.");
	out->npairs = (int64) np;
	out->pair = aov_array_alloc(np, sizeof(uint64), cxt);
	out->pair_count = aov_array_alloc(np, sizeof(int64), cxt);
	{
		uint64		a = 0,
					b = 0;

		for (uint64 i = 0; i < np; i++)
		{
			uint64		da = aov_read_varint(r);
			uint64		db = aov_read_varint(r);
			uint64		c = aov_read_varint(r);
			int64		na,
						nb2;

			if (da >= m || a + da >= m)
				aov_corrupt(r->typname, "The pairs are not strictly increasing valid product numbers.");
			b = (i > 0 && da == 0) ? b + db + 1 : a + da + db + 1;
			a += da;
			if (db >= m || b >= m || b <= a)
				aov_corrupt(r->typname, "The pairs are not strictly increasing valid product numbers.");
			na = out->count[a];
			nb2 = out->count[b];
			/* at least the overlap that n_A + n_B > N forces */
			if (c >= (uint64) Min(na, nb2) || (int64) c + 1 < na - (n_orders - nb2))
				aov_corrupt(r->typname, "A pair count is out of range.");
			out->pair[i] = (a << 32) | b;
			out->pair_count[i] = (int64) c + 1;
			if ((i & 0xFFFFF) == 0)
				CHECK_FOR_INTERRUPTS();
		}
	}

	/* the baskets: counted ones hold up to max_basket products, skipped none */
	nb = aov_read_varint(r);
	if (nb > (r->len - r->pos) / 2)
		aov_corrupt(r->typname, "The value is shorter than its header says.");
	out->has_baskets = true;
	out->nbaskets = (int64) nb;
	out->border = aov_array_alloc(nb, sizeof(int64), cxt);
	out->bstart = aov_array_alloc(nb + 1, sizeof(int64), cxt);
	items_start = r->pos;
	key = 0;
	/* the number of items is at most the bytes left */
	out->items = aov_array_alloc(r->len - r->pos, sizeof(int32), cxt);
	seen = MemoryContextAllocExtended(CurrentMemoryContext, mul_size(Max(m, 1), sizeof(int64)),
									  MCXT_ALLOC_HUGE | MCXT_ALLOC_ZERO);
	for (uint64 i = 0; i < nb; i++)
	{
		uint64		step = aov_read_varint(r);
		uint64		k = aov_read_varint(r);
		uint64		item = 0;

		if (i > 0 && step >= PG_UINT64_MAX - key)
			aov_corrupt(r->typname, "The order ids are out of range.");
		key = i == 0 ? step : key + step + 1;
		out->border[i] = aov_int64_of_key(key);
		out->bstart[i] = nitems;
		if (k == 0)
			skipped_seen++;
		else if (k > (uint64) max_basket || k > m)
			aov_corrupt(r->typname, "A basket holds more products than its limit.");
		else
			counted++;
		for (uint64 j = 0; j < k; j++)
		{
			uint64		v = aov_read_varint(r);

			if (j > 0 && v >= m - item - 1)
				aov_corrupt(r->typname, "A basket's products are not strictly increasing valid product numbers.");
			item = j == 0 ? v : item + v + 1;
			if (item >= m)
				aov_corrupt(r->typname, "A basket's products are not strictly increasing valid product numbers.");
			out->items[nitems++] = (int32) item;
			seen[item]++;
		}
		if ((i & 0xFFFFF) == 0)
			CHECK_FOR_INTERRUPTS();
	}
	out->bstart[nb] = nitems;
	(void) items_start;
	if (counted != n_orders || skipped_seen != skipped)
		aov_corrupt(r->typname, "The baskets do not match the order counts.");
	for (uint64 i = 0; i < m; i++)
		if (seen[i] != out->count[i])
			aov_corrupt(r->typname, "The baskets do not match the product counts.");
	pfree(seen);
}

/* The aov_pairs result of merged counts. */
bytea *
aov_partial_pairs(const AovPartial *p, int kind, int32 max_basket)
{
	return aov_pairs_build(kind, max_basket, p->n_orders, p->skipped, p->m, p->count,
						   p->ikey, p->tkey, p->tlen, p->npairs, p->pair, p->pair_count);
}
