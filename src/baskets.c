/*
 * baskets.c
 *		aov_basket_lines, the state of aov_copurchase: order lines, and the
 *		count of baskets, products and product pairs made from them.
 *
 * A basket is the set of distinct products of one order (doc/reference.md,
 * aov_copurchase).  Lines of one order may reach different parallel
 * workers, so a partial state keeps its lines, (order id, product key)
 * pairs of 16 bytes, and the final function counts once every line is in
 * one place: it numbers the products in key order, sorts the lines by
 * (order, product) on one packed integer key, and walks each basket's
 * distinct products, counting products and pairs.  An order with more than
 * max_basket distinct products is left out of every count (N, n_A, n_AB
 * alike) and counted in skipped_orders.
 *
 * Product keys are bigint (integer columns cast implicitly) or text.  Text
 * keys go through a dictionary in the state (each distinct string stored
 * once, its index on the line), so a line is 16 bytes for either kind; the
 * final function ranks the strings bytewise (memcmp, shorter first on a
 * tie), so the result does not depend on the collation.
 *
 * Serialized form (flat body, send/recv, hex text alike), big-endian:
 *	  0  uint8   format version (1)
 *	  1  uint8   key kind (1 bigint, 2 text)
 *	  2  uint16  reserved, 0
 *	  4  int32   max_basket (>= 2)
 *	  8  int64   n, the number of lines
 *	 16  int64   d, the number of dictionary strings (text; else 0)
 *	 24  n x (int64 order id, int64 key: the product, or a dictionary index)
 *	 ..  d x (int32 length, bytes): the dictionary, in the database
 *		 encoding and without NUL
 *
 * Memory: the state holds 16 bytes per line (plus each distinct text key
 * once); the final function adds about 40 bytes per line while it sorts
 * (numbering and packed keys), about 24 bytes per distinct product, and
 * per distinct pair 23-46 bytes of hash table (at most 70% full, doubling)
 * plus 32 while the counts are sorted; the result is 16 bytes per pair
 * plus the keys.
 */
#include "postgres.h"

#include "miscadmin.h"
#include "port/pg_bswap.h"
#include "utils/builtins.h"
#include "utils/memutils.h"

#include "baskets.h"
#include "expanded.h"
#include "format.h"
#include "hash.h"
#include "radix.h"

#define LINES_TYPNAME "aov_basket_lines"
#define LINES_HEADER_SIZE 24
#define DEFAULT_MAX_BASKET 1000

typedef struct Line
{
	int64		order;			/* order id */
	int64		key;			/* bigint product, or dictionary index */
} Line;

/* Text keys: each distinct string once, found through a keyed hash table. */
typedef struct Dict
{
	char	   *buf;			/* the strings, back to back */
	Size		buflen;
	Size		bufcap;
	uint32	   *off;			/* string i at buf + off[i], length len[i] */
	uint32	   *len;
	int64		n;
	int64		cap;
	int64	   *slots;			/* index + 1; 0 marks an empty slot */
	int64		nslots;
} Dict;

typedef struct AovLines
{
	ExpandedObjectHeader hdr;
	int			kind;			/* AOV_KEY_BIGINT or AOV_KEY_TEXT */
	int32		max_basket;		/* larger baskets are skipped */
	int64		n;				/* lines */
	int64		cap;
	Line	   *lines;
	Dict		dict;			/* text keys */
} AovLines;

/* A parsed flat state: lines still packed, the dictionary located. */
typedef struct LinesView
{
	int			kind;
	int32		max_basket;
	int64		n;
	int64		ndict;
	const char *packed;			/* n x 16 bytes */
	const char *dict;			/* ndict x (int32 len, bytes) */
} LinesView;

static Size lines_get_flat_size(ExpandedObjectHeader *eohptr);
static void lines_flatten_into(ExpandedObjectHeader *eohptr, void *result,
							   Size allocated_size);
static ExpandedObjectHeader *lines_copy(Datum d, MemoryContext cxt);
static void lines_merge(ExpandedObjectHeader *dst, Datum src);

static const AovStateType lines_type = {
	LINES_TYPNAME,
	{lines_get_flat_size, lines_flatten_into},
	lines_copy,
	lines_merge
};

/* ---------- dictionary ---------- */

static void
dict_grow_slots(Dict *d, MemoryContext cxt)
{
	int64		nslots = d->nslots ? d->nslots * 2 : 256;
	uint64		mask = (uint64) nslots - 1;

	if (d->slots)
		pfree(d->slots);
	d->slots = MemoryContextAllocExtended(cxt, mul_size(nslots, sizeof(int64)),
										  MCXT_ALLOC_HUGE | MCXT_ALLOC_ZERO);
	d->nslots = nslots;
	for (int64 i = 0; i < d->n; i++)
	{
		uint64		j = aov_hash_bytes(d->buf + d->off[i], d->len[i]) & mask;

		while (d->slots[j] != 0)
			j = (j + 1) & mask;
		d->slots[j] = i + 1;
		if ((i & 0xFFFF) == 0)
			CHECK_FOR_INTERRUPTS();
	}
}

/* The index of string p[0..len) in d, added if new. */
static int64
dict_intern(Dict *d, MemoryContext cxt, const char *p, Size len)
{
	uint64		mask;
	uint64		j;
	int64		probes = 0;

	if ((d->n + 1) * 10 > d->nslots * 7)
		dict_grow_slots(d, cxt);
	mask = (uint64) d->nslots - 1;
	j = aov_hash_bytes(p, len) & mask;
	while (d->slots[j] != 0)
	{
		int64		i = d->slots[j] - 1;

		if (d->len[i] == len && memcmp(d->buf + d->off[i], p, len) == 0)
			return i;
		j = (j + 1) & mask;
		if ((++probes & 0xFFFF) == 0)
			CHECK_FOR_INTERRUPTS();
	}
	if (d->buflen + len > PG_UINT32_MAX || d->n >= PG_INT32_MAX)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("too many distinct product keys for aov_copurchase"),
				 errdetail("Text keys are limited to 4 GB and 2^31 distinct values per group.")));
	if (d->buflen + len > d->bufcap)
	{
		Size		cap = Max(Max(d->bufcap * 2, d->buflen + len), 1024);

		d->buf = d->buf ? repalloc_huge(d->buf, cap) : MemoryContextAllocHuge(cxt, cap);
		d->bufcap = cap;
	}
	if (d->n == d->cap)
	{
		int64		cap = Max(d->cap * 2, 64);

		d->off = d->off ? repalloc_huge(d->off, cap * sizeof(uint32))
			: MemoryContextAllocHuge(cxt, cap * sizeof(uint32));
		d->len = d->len ? repalloc_huge(d->len, cap * sizeof(uint32))
			: MemoryContextAllocHuge(cxt, cap * sizeof(uint32));
		d->cap = cap;
	}
	memcpy(d->buf + d->buflen, p, len);
	d->off[d->n] = (uint32) d->buflen;
	d->len[d->n] = (uint32) len;
	d->buflen += len;
	d->slots[j] = d->n + 1;
	return d->n++;
}

/* ---------- the expanded state ---------- */

static AovLines *
lines_new(MemoryContext cxt, int kind, int32 max_basket)
{
	AovLines   *s = MemoryContextAllocZero(cxt, sizeof(AovLines));

	EOH_init_header(&s->hdr, &lines_type.methods, cxt);
	s->kind = kind;
	s->max_basket = max_basket;
	return s;
}

static inline void
lines_push(AovLines *s, int64 order, int64 key)
{
	if (unlikely(s->n == s->cap))
	{
		int64		cap = Max(s->cap * 2, 64);

		s->lines = s->lines ? repalloc_huge(s->lines, mul_size(cap, sizeof(Line)))
			: MemoryContextAllocHuge(s->hdr.eoh_context, mul_size(cap, sizeof(Line)));
		s->cap = cap;
	}
	s->lines[s->n].order = order;
	s->lines[s->n].key = key;
	s->n++;
}

static Size
lines_get_flat_size(ExpandedObjectHeader *eohptr)
{
	AovLines   *s = (AovLines *) eohptr;
	Size		size = LINES_HEADER_SIZE;

	size = add_size(size, mul_size(s->n, 16));
	if (s->kind == AOV_KEY_TEXT)
		size = add_size(size, add_size(mul_size(s->dict.n, 4), s->dict.buflen));
	return aov_flat_size(size, LINES_TYPNAME);
}

static void
lines_flatten_into(ExpandedObjectHeader *eohptr, void *result, Size allocated_size)
{
	AovLines   *s = (AovLines *) eohptr;
	char	   *p = VARDATA(result);

	SET_VARSIZE(result, allocated_size);
	p = aov_write_u8(p, AOV_FORMAT_V1);
	p = aov_write_u8(p, (uint8) s->kind);
	p = aov_write_u16(p, 0);
	p = aov_write_i32(p, s->max_basket);
	p = aov_write_i64(p, s->n);
	p = aov_write_i64(p, s->kind == AOV_KEY_TEXT ? s->dict.n : 0);
	for (int64 i = 0; i < s->n; i++)
	{
		p = aov_write_i64(p, s->lines[i].order);
		p = aov_write_i64(p, s->lines[i].key);
	}
	if (s->kind == AOV_KEY_TEXT)
	{
		for (int64 i = 0; i < s->dict.n; i++)
		{
			p = aov_write_i32(p, (int32) s->dict.len[i]);
			memcpy(p, s->dict.buf + s->dict.off[i], s->dict.len[i]);
			p += s->dict.len[i];
		}
	}
	Assert(p == (char *) result + allocated_size);
}

static void
lines_parse(const char *body, Size len, LinesView *v)
{
	AovReader	r;
	int			version;

	aov_reader_init(&r, body, len, LINES_TYPNAME);
	version = aov_read_u8(&r);
	if (version != AOV_FORMAT_V1)
		aov_bad_version(LINES_TYPNAME, version, AOV_FORMAT_V1);
	v->kind = aov_read_u8(&r);
	if (v->kind != AOV_KEY_BIGINT && v->kind != AOV_KEY_TEXT)
		aov_corrupt(LINES_TYPNAME, "The key kind is unknown.");
	if (aov_read_u16(&r) != 0)
		aov_corrupt(LINES_TYPNAME, "A reserved field is not zero.");
	v->max_basket = aov_read_i32(&r);
	if (v->max_basket < 2)
		aov_corrupt(LINES_TYPNAME, "The basket size limit is out of range.");
	v->n = aov_read_i64(&r);
	v->ndict = aov_read_i64(&r);
	if (v->n < 0 || v->ndict < 0 || v->ndict > PG_INT32_MAX ||
		(v->kind == AOV_KEY_BIGINT && v->ndict != 0))
		aov_corrupt(LINES_TYPNAME, "A count is out of range.");
	if ((Size) v->n > (r.len - r.pos) / 16)
		aov_corrupt(LINES_TYPNAME, "The value is shorter than its header says.");
	v->packed = aov_read_bytes(&r, (Size) v->n * 16);
	v->dict = body + r.pos;
	for (int64 i = 0; i < v->ndict; i++)
	{
		int32		l = aov_read_i32(&r);

		if (l < 0 || (Size) l > r.len - r.pos)
			aov_corrupt(LINES_TYPNAME, "A dictionary string is out of bounds.");
		aov_check_key_text(aov_read_bytes(&r, l), l, LINES_TYPNAME);
	}
	aov_reader_end(&r);
	if (v->kind == AOV_KEY_TEXT)
	{
		for (int64 i = 0; i < v->n; i++)
		{
			uint64		k;

			memcpy(&k, v->packed + 16 * i + 8, 8);
			if ((int64) pg_ntoh64(k) < 0 || (int64) pg_ntoh64(k) >= v->ndict)
				aov_corrupt(LINES_TYPNAME, "A line refers to a missing dictionary string.");
		}
	}
}

static void
lines_validate(const char *body, Size len)
{
	LinesView	v;

	lines_parse(body, len, &v);
}

static void
check_compatible(int kind1, int32 max1, int kind2, int32 max2)
{
	if (kind1 != kind2)
		ereport(ERROR,
				(errcode(ERRCODE_DATATYPE_MISMATCH),
				 errmsg("cannot combine aov_basket_lines of bigint and text product keys")));
	if (max1 != max2)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("cannot combine aov_basket_lines with basket size limits %d and %d",
						max1, max2)));
}

/* Append a parsed state's lines to s, remapping text keys into s's dictionary. */
static void
lines_add_view(AovLines *s, const LinesView *v)
{
	MemoryContext cxt = s->hdr.eoh_context;
	int64	   *map = NULL;

	check_compatible(s->kind, s->max_basket, v->kind, v->max_basket);
	if (v->kind == AOV_KEY_TEXT && v->ndict > 0)
	{
		const char *p = v->dict;

		map = palloc_extended(v->ndict * sizeof(int64), MCXT_ALLOC_HUGE);
		for (int64 i = 0; i < v->ndict; i++)
		{
			uint32		l;

			memcpy(&l, p, 4);
			l = pg_ntoh32(l);
			map[i] = dict_intern(&s->dict, cxt, p + 4, l);
			p += 4 + l;
		}
	}
	for (int64 i = 0; i < v->n; i++)
	{
		uint64		o,
					k;

		memcpy(&o, v->packed + 16 * i, 8);
		memcpy(&k, v->packed + 16 * i + 8, 8);
		lines_push(s, (int64) pg_ntoh64(o),
				   map ? map[(int64) pg_ntoh64(k)] : (int64) pg_ntoh64(k));
		if ((i & 0xFFFFF) == 0)
			CHECK_FOR_INTERRUPTS();
	}
	if (map)
		pfree(map);
}

/* Append an expanded state's lines to s (src is never modified). */
static void
lines_add_lines(AovLines *s, const AovLines *src)
{
	check_compatible(s->kind, s->max_basket, src->kind, src->max_basket);
	if (s->kind == AOV_KEY_TEXT && src->dict.n > 0)
	{
		/* each string interned once, then the lines through the map */
		int64	   *map = palloc_extended(src->dict.n * sizeof(int64), MCXT_ALLOC_HUGE);

		for (int64 i = 0; i < src->dict.n; i++)
			map[i] = dict_intern(&s->dict, s->hdr.eoh_context,
								 src->dict.buf + src->dict.off[i], src->dict.len[i]);
		for (int64 i = 0; i < src->n; i++)
			lines_push(s, src->lines[i].order, map[src->lines[i].key]);
		pfree(map);
	}
	else
	{
		for (int64 i = 0; i < src->n; i++)
			lines_push(s, src->lines[i].order, src->lines[i].key);
	}
}

static void
lines_merge(ExpandedObjectHeader *dst, Datum src)
{
	AovLines   *s = (AovLines *) dst;
	AovLines   *x = (AovLines *) aov_state_expanded(src, &lines_type);

	if (x != NULL)
		lines_add_lines(s, x);
	else
	{
		const char *body;
		Size		len;
		void	   *tofree;
		LinesView	v;

		aov_flat_body(src, &body, &len, &tofree);
		lines_parse(body, len, &v);
		lines_add_view(s, &v);
		if (tofree)
			pfree(tofree);
	}
}

static ExpandedObjectHeader *
lines_copy(Datum d, MemoryContext cxt)
{
	AovLines   *x = (AovLines *) aov_state_expanded(d, &lines_type);
	AovLines   *s;
	const char *body;
	Size		len;
	void	   *tofree;
	LinesView	v;

	if (x != NULL)
	{
		s = lines_new(cxt, x->kind, x->max_basket);
		lines_add_lines(s, x);
		return &s->hdr;
	}
	aov_flat_body(d, &body, &len, &tofree);
	lines_parse(body, len, &v);
	s = lines_new(cxt, v.kind, v.max_basket);
	lines_add_view(s, &v);
	if (tofree)
		pfree(tofree);
	return &s->hdr;
}

/* ---------- transition and combine ---------- */

void
aov_check_max_basket(int32 max_basket)
{
	if (max_basket < 2)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("basket size limit %d is out of range", max_basket),
				 errdetail("An order needs at least 2 products to form a pair."),
				 errhint("Use a limit such as 1000: larger orders are left out and counted as skipped.")));
}

static AovLines *
lines_for_add(FunctionCallInfo fcinfo, int kind)
{
	AovLines   *s = PG_ARGISNULL(0) ? NULL : (AovLines *) aov_state_rw(PG_GETARG_DATUM(0), &lines_type);
	int32		max_basket = DEFAULT_MAX_BASKET;

	if (PG_NARGS() >= 4)
	{
		if (PG_ARGISNULL(3))
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("basket size limit must not be null"),
					 errhint("Leave the argument out for the default, %d products.", DEFAULT_MAX_BASKET)));
		max_basket = PG_GETARG_INT32(3);
	}
	if (unlikely(s == NULL))
	{
		MemoryContext cxt;

		s = (AovLines *) aov_state_adopt(fcinfo, &lines_type, "_aov_basket_lines_add", &cxt);
		if (s == NULL)
		{
			aov_check_max_basket(max_basket);
			return lines_new(cxt, kind, max_basket);
		}
		if (s->kind != kind)
			ereport(ERROR,
					(errcode(ERRCODE_DATATYPE_MISMATCH),
					 errmsg("initial aov_basket_lines does not match the product key type")));
	}
	if (unlikely(s->max_basket != max_basket))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("basket size limit changed within a group from %d to %d",
						s->max_basket, max_basket),
				 errhint("Pass the limit as a constant.")));
	return s;
}

/* aggregate transition: add an order line with a bigint product key */
PG_FUNCTION_INFO_V1(aov_basket_lines_add_int8);
Datum
aov_basket_lines_add_int8(PG_FUNCTION_ARGS)
{
	AovLines   *s = lines_for_add(fcinfo, AOV_KEY_BIGINT);

	/* a line without an order or a product belongs to no basket */
	if (!PG_ARGISNULL(1) && !PG_ARGISNULL(2))
		lines_push(s, PG_GETARG_INT64(1), PG_GETARG_INT64(2));
	PG_RETURN_DATUM(EOHPGetRWDatum(&s->hdr));
}

/* aggregate transition: add an order line with a text product key */
PG_FUNCTION_INFO_V1(aov_basket_lines_add_text);
Datum
aov_basket_lines_add_text(PG_FUNCTION_ARGS)
{
	AovLines   *s = lines_for_add(fcinfo, AOV_KEY_TEXT);

	if (!PG_ARGISNULL(1) && !PG_ARGISNULL(2))
	{
		text	   *t = PG_GETARG_TEXT_PP(2);

		lines_push(s, PG_GETARG_INT64(1),
				   dict_intern(&s->dict, s->hdr.eoh_context,
							   VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t)));
		if ((Pointer) t != PG_GETARG_POINTER(2))
			pfree(t);
	}
	PG_RETURN_DATUM(EOHPGetRWDatum(&s->hdr));
}

/* aggregate combine: concatenate the lines of two partial states */
PG_FUNCTION_INFO_V1(aov_basket_lines_combine);
Datum
aov_basket_lines_combine(PG_FUNCTION_ARGS)
{
	return aov_state_combine(fcinfo, &lines_type, "_aov_basket_lines_combine");
}

/* ---------- counting ---------- */

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

static const Dict *sort_dict;

static int
cmp_dict_index(const void *a, const void *b)
{
	int64		x = *(const int64 *) a;
	int64		y = *(const int64 *) b;
	uint32		lx = sort_dict->len[x];
	uint32		ly = sort_dict->len[y];
	int			c = memcmp(sort_dict->buf + sort_dict->off[x], sort_dict->buf + sort_dict->off[y],
						   Min(lx, ly));

	if (c != 0)
		return c;
	return (lx > ly) - (lx < ly);
}

static inline int
bits_u64(uint64 x)
{
	return x == 0 ? 0 : 64 - __builtin_clzll(x);
}

/*
 * Number the products in key order: num[i] is line i's product number.
 * Bigint keys: the keys sorted with their line numbers, then numbered;
 * text keys: the dictionary ranked bytewise.  Returns m, the number of
 * products, and the keys in order (*keys for bigint, *order_of = the
 * dictionary index of each rank for text).
 */
static int64
number_products(AovLines *s, int32 *num, int64 **keys, int64 **order_of)
{
	int64		m = 0;

	*keys = NULL;
	*order_of = NULL;
	if (s->kind == AOV_KEY_BIGINT)
	{
		uint64	   *k = palloc_extended(mul_size(Max(s->n, 1), sizeof(uint64)), MCXT_ALLOC_HUGE);
		int64	   *at = palloc_extended(mul_size(Max(s->n, 1), sizeof(int64)), MCXT_ALLOC_HUGE);
		int64	   *distinct;

		for (int64 i = 0; i < s->n; i++)
		{
			k[i] = aov_key_of_int64(s->lines[i].key);
			at[i] = i;
		}
		aov_radix_sort_u64(k, at, s->n);
		for (int64 i = 0; i < s->n; i++)
			m += i == 0 || k[i] != k[i - 1];
		if (m > PG_INT32_MAX)
			ereport(ERROR,
					(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
					 errmsg("too many distinct products for aov_copurchase")));
		distinct = palloc_extended(mul_size(Max(m, 1), sizeof(int64)), MCXT_ALLOC_HUGE);
		m = 0;
		for (int64 i = 0; i < s->n; i++)
		{
			if (i == 0 || k[i] != k[i - 1])
				distinct[m++] = aov_int64_of_key(k[i]);
			num[at[i]] = (int32) (m - 1);
		}
		pfree(k);
		pfree(at);
		*keys = distinct;
	}
	else
	{
		int64	   *rank;
		int64	   *ord;

		m = s->dict.n;
		ord = palloc_extended(Max(m, 1) * sizeof(int64), MCXT_ALLOC_HUGE);
		for (int64 i = 0; i < m; i++)
			ord[i] = i;
		sort_dict = &s->dict;
		qsort(ord, m, sizeof(int64), cmp_dict_index);
		rank = palloc_extended(Max(m, 1) * sizeof(int64), MCXT_ALLOC_HUGE);
		for (int64 i = 0; i < m; i++)
			rank[ord[i]] = i;
		for (int64 i = 0; i < s->n; i++)
			num[i] = (int32) rank[s->lines[i].key];
		pfree(rank);
		*order_of = ord;
	}
	return m;
}

/* aggregate final: count the baskets, their products and product pairs */
PG_FUNCTION_INFO_V1(aov_basket_lines_pairs);
Datum
aov_basket_lines_pairs(PG_FUNCTION_ARGS)
{
	AovLines   *s;
	int32	   *num;
	int64	   *keys;
	int64	   *order_of;
	int64		m;
	int64	   *item_count;
	int64		n_orders = 0;
	int64		skipped = 0;
	PairTable	pt = {0};
	PairQueue  *pq = palloc0(sizeof(PairQueue));
	uint64		omin = PG_UINT64_MAX,
				omax = 0;
	int			pbits;
	bool		narrow;
	uint64	   *k64 = NULL;
	uint128    *k128 = NULL;
	int32	   *basket;
	int64		bcap = 64;
	uint64	   *pair_key;
	int64	   *pair_count;
	int64		npairs;
	const char **tkey = NULL;
	uint32	   *tlen = NULL;
	int32	   *renum;
	int64		kept = 0;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	s = (AovLines *) aov_state_for_final(PG_GETARG_DATUM(0), &lines_type);

	num = palloc_extended(mul_size(Max(s->n, 1), sizeof(int32)), MCXT_ALLOC_HUGE);
	m = number_products(s, num, &keys, &order_of);

	/*
	 * Baskets: the lines sorted by (order, product) on one packed key, so an
	 * order's products come together, sorted, duplicates adjacent.
	 */
	for (int64 i = 0; i < s->n; i++)
	{
		uint64		o = aov_key_of_int64(s->lines[i].order);

		omin = Min(omin, o);
		omax = Max(omax, o);
	}
	pbits = bits_u64(m > 0 ? (uint64) (m - 1) : 0);
	narrow = bits_u64(s->n > 0 ? omax - omin : 0) + pbits <= 64;
	if (narrow)
		k64 = palloc_extended(mul_size(Max(s->n, 1), sizeof(uint64)), MCXT_ALLOC_HUGE);
	else
		k128 = palloc_extended(mul_size(Max(s->n, 1), sizeof(uint128)), MCXT_ALLOC_HUGE);
	for (int64 i = 0; i < s->n; i++)
	{
		uint128		k = ((uint128) (aov_key_of_int64(s->lines[i].order) - omin) << pbits) |
			(uint32) num[i];

		if (narrow)
			k64[i] = (uint64) k;
		else
			k128[i] = k;
	}
	pfree(num);
	if (narrow)
		aov_radix_sort_u64(k64, NULL, s->n);
	else
		aov_radix_sort_u128(k128, NULL, s->n);

	item_count = palloc_extended(Max(m, 1) * sizeof(int64), MCXT_ALLOC_HUGE | MCXT_ALLOC_ZERO);
	basket = palloc(sizeof(int32) * bcap);
	for (int64 i = 0; i < s->n;)
	{
		uint128		first = narrow ? k64[i] : k128[i];
		uint128		order = first >> pbits;
		int64		k = 0;
		int64		j = i;

		/* the distinct products of this order, ascending */
		for (; j < s->n; j++)
		{
			uint128		key = narrow ? k64[j] : k128[j];
			int32		p = (int32) (key & ((((uint128) 1) << pbits) - 1));

			if ((key >> pbits) != order)
				break;
			if (k > 0 && basket[k - 1] == p)
				continue;
			if (k == bcap)
			{
				bcap *= 2;
				basket = repalloc_huge(basket, bcap * sizeof(int32));
			}
			basket[k++] = p;
		}
		if (k > s->max_basket)
			skipped++;
		else
		{
			n_orders++;
			for (int64 a = 0; a < k; a++)
			{
				/* a basket of thousands makes millions of pairs */
				if ((a & 255) == 255)
					CHECK_FOR_INTERRUPTS();
				item_count[basket[a]]++;
				for (int64 b = a + 1; b < k; b++)
					pairs_add(&pt, pq, ((uint64) basket[a] << 32) | (uint32) basket[b]);
			}
		}
		i = j;
		CHECK_FOR_INTERRUPTS();
	}
	pairs_flush(&pt, pq);
	pfree(pq);
	pfree(basket);
	if (k64)
		pfree(k64);
	if (k128)
		pfree(k128);

	/* pairs in (a, b) order */
	npairs = pt.used;
	pair_key = palloc_extended(mul_size(Max(npairs, 1), sizeof(uint64)), MCXT_ALLOC_HUGE);
	pair_count = palloc_extended(mul_size(Max(npairs, 1), sizeof(int64)), MCXT_ALLOC_HUGE);
	{
		int64		k = 0;

		for (int64 i = 0; i < pt.size; i++)
			if (pt.counts[i] != 0)
			{
				pair_key[k] = pt.keys[i];
				pair_count[k++] = pt.counts[i];
			}
		Assert(k == npairs);
	}
	if (pt.keys)
	{
		pfree(pt.keys);
		pfree(pt.counts);
	}
	aov_radix_sort_u64(pair_key, pair_count, npairs);

	/*
	 * Products seen only in skipped orders have no count: drop them, and
	 * renumber (in the same order) the products that stay.
	 */
	renum = palloc_extended(Max(m, 1) * sizeof(int32), MCXT_ALLOC_HUGE);
	for (int64 i = 0; i < m; i++)
		renum[i] = item_count[i] > 0 ? (int32) kept++ : -1;
	if (kept < m)
	{
		for (int64 i = 0; i < m; i++)
		{
			if (renum[i] < 0)
				continue;
			item_count[renum[i]] = item_count[i];
			if (keys)
				keys[renum[i]] = keys[i];
			else
				order_of[renum[i]] = order_of[i];
		}
		for (int64 i = 0; i < npairs; i++)
			pair_key[i] = ((uint64) renum[pair_key[i] >> 32] << 32) |
				(uint32) renum[(uint32) pair_key[i]];
		m = kept;
	}
	pfree(renum);

	if (s->kind == AOV_KEY_TEXT)
	{
		tkey = palloc_extended(Max(m, 1) * sizeof(char *), MCXT_ALLOC_HUGE);
		tlen = palloc_extended(Max(m, 1) * sizeof(uint32), MCXT_ALLOC_HUGE);
		for (int64 i = 0; i < m; i++)
		{
			tkey[i] = s->dict.buf + s->dict.off[order_of[i]];
			tlen[i] = s->dict.len[order_of[i]];
		}
	}
	PG_RETURN_BYTEA_P(aov_pairs_build(s->kind, s->max_basket, n_orders, skipped, m,
									  item_count, keys, tkey, tlen,
									  npairs, pair_key, pair_count));
}

/* ---------- type I/O ---------- */

AOV_TYPE_IO_FUNCTIONS(aov_basket_lines, LINES_TYPNAME, lines_validate)
