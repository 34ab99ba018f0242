/*
 * copurchase.c
 *		aov_basket_lines, the state of aov_copurchase (order lines), and
 *		aov_pairs, its result: exact co-purchase counts over baskets.
 *
 * A basket is the set of distinct products of one order (domain.md section
 * 5).  Lines of one order may reach different parallel workers, so partial
 * states cannot count pairs: they keep the lines, (order id, product key)
 * pairs of 16 bytes, and the final function counts once every line is in
 * one place.  It sorts the lines by order (LSD radix sort on the order id),
 * de-duplicates each basket's products, and counts every product and every
 * product pair in hash tables keyed by dense product numbers.  An order
 * with more than max_basket distinct products is left out of every count
 * (n_orders, n_A, n_AB alike) and counted in skipped_orders: its pairs
 * would grow with the square of its size, and wholesale orders say little
 * about what customers buy together.
 *
 * Product keys are bigint (integer columns cast implicitly) or text.  Text
 * keys go through a dictionary in the state (each distinct string stored
 * once, its index on the line), so a line is 16 bytes for either kind.
 *
 * aov_basket_lines, serialized (flat body, send/recv, hex text alike),
 * big-endian:
 *	  0  uint8   format version (1)
 *	  1  uint8   key kind (1 bigint, 2 text)
 *	  2  uint16  reserved, 0
 *	  4  int32   max_basket (>= 2)
 *	  8  int64   n, the number of lines
 *	 16  int64   d, the number of dictionary strings (text; else 0)
 *	 24  n x (int64 order id, int64 key: the product, or a dictionary index)
 *	 ..  d x (int32 length, bytes): the dictionary
 *
 * aov_pairs, serialized alike (a plain varlena, built by the final function):
 *	  0  uint8   format version (1)
 *	  1  uint8   key kind (1 bigint, 2 text)
 *	  2  uint16  reserved, 0
 *	  4  int32   max_basket
 *	  8  int64   n_orders, the baskets counted (N)
 *	 16  int64   skipped_orders (more than max_basket distinct products)
 *	 24  int64   m, the number of products
 *	 32  int64   p, the number of pairs
 *	 40  m x (int64 count n_A, key: int64, or int32 length and bytes), keys
 *		 strictly increasing (bigint: numerically; text: bytewise)
 *	 ..  p x (int32 a, int32 b, int64 n_AB): product numbers a < b, in
 *		 strictly increasing (a, b) order, 1 <= n_AB <= min(n_A, n_B)
 * Both are validated on input.
 *
 * Memory: the state holds 16 bytes per line (plus each distinct text key
 * once); the final function adds 20 bytes per line (sort buffer, product
 * numbers), about 24 bytes per distinct product, and per distinct pair 23-46
 * bytes of hash table (at most 70% full, doubling) plus 32 while the counts
 * are sorted; the result is 16 bytes per pair plus the keys.
 */
#include "postgres.h"

#include <math.h>

#include "access/htup_details.h"
#include "catalog/pg_type.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "nodes/execnodes.h"
#include "port/pg_bswap.h"
#include "utils/builtins.h"
#include "utils/expandeddatum.h"
#include "utils/float.h"
#include "utils/memutils.h"
#include "utils/tuplestore.h"

#include "aov_ext.h"

#define LINES_TYPNAME "aov_basket_lines"
#define PAIRS_TYPNAME "aov_pairs"
#define LINES_HEADER_SIZE 24
#define PAIRS_HEADER_SIZE 40

#define KEY_BIGINT 1
#define KEY_TEXT 2

#define DEFAULT_MAX_BASKET 1000

typedef struct Line
{
	int64		order;
	int64		key;
} Line;

/* Text keys: each distinct string once, found through a hash table. */
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
	int			kind;
	int32		max_basket;
	int64		n;
	int64		cap;
	Line	   *lines;
	Dict		dict;
} AovLines;

static Size lines_get_flat_size(ExpandedObjectHeader *eohptr);
static void lines_flatten_into(ExpandedObjectHeader *eohptr, void *result,
							   Size allocated_size);

static const ExpandedObjectMethods lines_methods = {
	lines_get_flat_size,
	lines_flatten_into
};

/* ---------- dictionary ---------- */

static uint64
hash_bytes64(const char *p, Size len)
{
	/* FNV-1a, finished by the 64-bit mixer */
	uint64		h = UINT64CONST(0xcbf29ce484222325);

	for (Size i = 0; i < len; i++)
	{
		h ^= (unsigned char) p[i];
		h *= UINT64CONST(0x100000001b3);
	}
	return aov_hash64(h ^ len);
}

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
		uint64		j = hash_bytes64(d->buf + d->off[i], d->len[i]) & mask;

		while (d->slots[j] != 0)
			j = (j + 1) & mask;
		d->slots[j] = i + 1;
	}
}

/* The index of string p[0..len) in d, added if new. */
static int64
dict_intern(Dict *d, MemoryContext cxt, const char *p, Size len)
{
	uint64		mask;
	uint64		j;

	if ((d->n + 1) * 10 > d->nslots * 7)
		dict_grow_slots(d, cxt);
	mask = (uint64) d->nslots - 1;
	j = hash_bytes64(p, len) & mask;
	while (d->slots[j] != 0)
	{
		int64		i = d->slots[j] - 1;

		if (d->len[i] == len && memcmp(d->buf + d->off[i], p, len) == 0)
			return i;
		j = (j + 1) & mask;
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

	EOH_init_header(&s->hdr, &lines_methods, cxt);
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

static inline AovLines *
lines_rw(Datum d)
{
	struct varlena *v = (struct varlena *) DatumGetPointer(d);

	if (VARATT_IS_EXTERNAL_EXPANDED_RW(v))
	{
		varatt_expanded ptr;

		memcpy(&ptr, VARDATA_EXTERNAL(v), sizeof(ptr));
		if (ptr.eohptr->eoh_methods == &lines_methods)
			return (AovLines *) ptr.eohptr;
	}
	return NULL;
}

static Size
lines_flat_size(const AovLines *s)
{
	Size		size = VARHDRSZ + LINES_HEADER_SIZE;

	size = add_size(size, mul_size(s->n, 16));
	if (s->kind == KEY_TEXT)
		size = add_size(size, add_size(mul_size(s->dict.n, 4), s->dict.buflen));
	return size;
}

static Size
lines_get_flat_size(ExpandedObjectHeader *eohptr)
{
	AovLines   *s = (AovLines *) eohptr;
	Size		size = lines_flat_size(s);

	if (size > MaxAllocSize)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("aov_basket_lines of " INT64_FORMAT " lines is too large to serialize", s->n),
				 errdetail("A serialized aov_basket_lines holds at most about 67 million lines."),
				 errhint("Run the query without parallel workers, or aggregate smaller groups.")));
	return size;
}

static void
lines_flatten_into(ExpandedObjectHeader *eohptr, void *result, Size allocated_size)
{
	AovLines   *s = (AovLines *) eohptr;
	char	   *p = VARDATA(result);

	Assert(allocated_size == lines_flat_size(s));
	SET_VARSIZE(result, allocated_size);
	p = aov_write_u8(p, AOV_FORMAT_VERSION);
	p = aov_write_u8(p, (uint8) s->kind);
	p = aov_write_u16(p, 0);
	p = aov_write_i32(p, s->max_basket);
	p = aov_write_i64(p, s->n);
	p = aov_write_i64(p, s->kind == KEY_TEXT ? s->dict.n : 0);
	for (int64 i = 0; i < s->n; i++)
	{
		p = aov_write_i64(p, s->lines[i].order);
		p = aov_write_i64(p, s->lines[i].key);
	}
	if (s->kind == KEY_TEXT)
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

static void
lines_parse(const char *body, Size len, LinesView *v)
{
	AovReader	r;
	int			version;

	aov_reader_init(&r, body, len, LINES_TYPNAME);
	version = aov_read_u8(&r);
	if (version != AOV_FORMAT_VERSION)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("unsupported aov_basket_lines format version %d", version),
				 errdetail("This build of aov_ext reads format version %d.", AOV_FORMAT_VERSION)));
	v->kind = aov_read_u8(&r);
	if (v->kind != KEY_BIGINT && v->kind != KEY_TEXT)
		aov_corrupt(LINES_TYPNAME, "The key kind is unknown.");
	if (aov_read_u16(&r) != 0)
		aov_corrupt(LINES_TYPNAME, "A reserved field is not zero.");
	v->max_basket = aov_read_i32(&r);
	if (v->max_basket < 2)
		aov_corrupt(LINES_TYPNAME, "The basket size limit is out of range.");
	v->n = aov_read_i64(&r);
	v->ndict = aov_read_i64(&r);
	if (v->n < 0 || v->ndict < 0 || v->ndict > PG_INT32_MAX ||
		(v->kind == KEY_BIGINT && v->ndict != 0))
		aov_corrupt(LINES_TYPNAME, "A count is out of range.");
	if ((Size) v->n > (r.len - r.pos) / 16)
		aov_corrupt(LINES_TYPNAME, "The value is shorter than its header says.");
	v->packed = body + r.pos;
	r.pos += (Size) v->n * 16;
	v->dict = body + r.pos;
	for (int64 i = 0; i < v->ndict; i++)
	{
		int32		l = aov_read_i32(&r);

		if (l < 0 || (Size) l > r.len - r.pos)
			aov_corrupt(LINES_TYPNAME, "A dictionary string is out of bounds.");
		r.pos += l;
	}
	aov_reader_end(&r);
	if (v->kind == KEY_TEXT)
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

/* Append a view's lines to s, remapping text keys into s's dictionary. */
static void
lines_merge_view(AovLines *s, const LinesView *v)
{
	MemoryContext cxt = s->hdr.eoh_context;
	int64	   *map = NULL;

	if (v->kind != s->kind)
		ereport(ERROR,
				(errcode(ERRCODE_DATATYPE_MISMATCH),
				 errmsg("cannot combine aov_basket_lines of bigint and text product keys")));
	if (v->max_basket != s->max_basket)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("cannot combine aov_basket_lines with basket size limits %d and %d",
						s->max_basket, v->max_basket)));
	if (v->kind == KEY_TEXT && v->ndict > 0)
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

static void
lines_merge(AovLines *s, const AovLines *src)
{
	if (src->kind != s->kind || src->max_basket != s->max_basket)
	{
		LinesView	v = {src->kind, src->max_basket, 0, 0, NULL, NULL};

		lines_merge_view(s, &v);	/* reports the mismatch */
	}
	if (s->kind == KEY_TEXT && src->dict.n > 0)
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

/* An expanded copy of any aov_basket_lines datum, in cxt. */
static AovLines *
lines_copy(Datum d, MemoryContext cxt)
{
	struct varlena *p = (struct varlena *) DatumGetPointer(d);
	AovLines   *s;

	if (VARATT_IS_EXTERNAL_EXPANDED(p))
	{
		ExpandedObjectHeader *eoh = DatumGetEOHP(d);
		AovLines   *src;

		if (eoh->eoh_methods != &lines_methods)
			elog(ERROR, "expanded object is not an aov_basket_lines");
		src = (AovLines *) eoh;
		s = lines_new(cxt, src->kind, src->max_basket);
		lines_merge(s, src);
	}
	else
	{
		const char *body;
		Size		len;
		void	   *tofree;
		LinesView	v;

		aov_flat_body(d, &body, &len, &tofree);
		lines_parse(body, len, &v);
		s = lines_new(cxt, v.kind, v.max_basket);
		lines_merge_view(s, &v);
		if (tofree)
			pfree(tofree);
	}
	return s;
}

/* ---------- transition and combine ---------- */

static AovLines *
lines_for_add(FunctionCallInfo fcinfo, int kind)
{
	AovLines   *s = PG_ARGISNULL(0) ? NULL : lines_rw(PG_GETARG_DATUM(0));
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
		MemoryContext aggcxt;

		aov_check_aggregate(fcinfo, "aov_copurchase", &aggcxt);
		if (max_basket < 2)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("basket size limit %d is out of range", max_basket),
					 errdetail("An order needs at least 2 products to form a pair."),
					 errhint("Use a limit such as 1000: larger orders are left out and counted as skipped.")));
		if (PG_ARGISNULL(0))
			return lines_new(aov_state_context(fcinfo, aggcxt), kind, max_basket);
		s = lines_copy(PG_GETARG_DATUM(0), aov_state_context(fcinfo, aggcxt));
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
	AovLines   *s = lines_for_add(fcinfo, KEY_BIGINT);

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
	AovLines   *s = lines_for_add(fcinfo, KEY_TEXT);

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
	MemoryContext aggcxt;
	AovLines   *s;
	AovLines   *src;

	aov_check_aggregate(fcinfo, "aov_basket_lines_combine", &aggcxt);
	if (PG_ARGISNULL(1))
	{
		if (PG_ARGISNULL(0))
			PG_RETURN_NULL();
		PG_RETURN_DATUM(PG_GETARG_DATUM(0));
	}
	s = PG_ARGISNULL(0) ? NULL : lines_rw(PG_GETARG_DATUM(0));
	if (s == NULL)
	{
		if (PG_ARGISNULL(0))
		{
			s = lines_copy(PG_GETARG_DATUM(1), aov_state_context(fcinfo, aggcxt));
			PG_RETURN_DATUM(EOHPGetRWDatum(&s->hdr));
		}
		s = lines_copy(PG_GETARG_DATUM(0), aov_state_context(fcinfo, aggcxt));
	}
	/* never modify the second argument: read it, through a copy if flat */
	src = lines_copy(PG_GETARG_DATUM(1), CurrentMemoryContext);
	lines_merge(s, src);
	PG_RETURN_DATUM(EOHPGetRWDatum(&s->hdr));
}

/* ---------- counting ---------- */

/*
 * LSD radix sort of 16-byte records by their first field (16-bit digits;
 * digits that are the same in every record are skipped, so order ids below
 * 2^32 take two passes).  Signed keys are sorted with their sign bit flipped.
 */
static void
radix_sort_lines(Line *a, int64 n, bool is_signed)
{
	uint64		flip = is_signed ? UINT64CONST(1) << 63 : 0;
	Line	   *tmp;
	Line	   *src = a;
	Line	   *dst;
	int64	   *count;

	if (n < 2)
		return;
	tmp = palloc_extended(mul_size(n, sizeof(Line)), MCXT_ALLOC_HUGE);
	count = palloc(65536 * sizeof(int64));
	dst = tmp;
	for (int shift = 0; shift < 64; shift += 16)
	{
		uint64		first = (((uint64) src[0].order ^ flip) >> shift) & 0xFFFF;
		bool		same = true;
		int64		sum = 0;

		memset(count, 0, 65536 * sizeof(int64));
		for (int64 i = 0; i < n; i++)
		{
			uint64		dgt = (((uint64) src[i].order ^ flip) >> shift) & 0xFFFF;

			count[dgt]++;
			same &= dgt == first;
		}
		if (same)
			continue;
		for (int i = 0; i < 65536; i++)
		{
			int64		c = count[i];

			count[i] = sum;
			sum += c;
		}
		for (int64 i = 0; i < n; i++)
		{
			uint64		dgt = (((uint64) src[i].order ^ flip) >> shift) & 0xFFFF;

			dst[count[dgt]++] = src[i];
		}
		{
			Line	   *t = src;

			src = dst;
			dst = t;
		}
		CHECK_FOR_INTERRUPTS();
	}
	if (src != a)
		memcpy(a, src, n * sizeof(Line));
	pfree(tmp);
	pfree(count);
}

static int
cmp_int64(const void *a, const void *b)
{
	int64		x = *(const int64 *) a;
	int64		y = *(const int64 *) b;

	return (x > y) - (x < y);
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

/* Dense numbers of bigint product keys, in key order. */
typedef struct KeyMap
{
	int64	   *keys;			/* sorted distinct keys */
	int64		m;
	int64	   *slot_key;
	int32	   *slot_num;		/* number + 1; 0 = empty */
	int64		nslots;
} KeyMap;

static inline int32
keymap_find(const KeyMap *km, int64 key)
{
	uint64		mask = (uint64) km->nslots - 1;
	uint64		j = aov_hash64((uint64) key) & mask;

	while (km->slot_num[j] != 0)
	{
		if (km->slot_key[j] == key)
			return km->slot_num[j] - 1;
		j = (j + 1) & mask;
	}
	elog(ERROR, "aov_copurchase: product key not found");
	return -1;
}

/* aggregate final: count the baskets, their products and product pairs */
PG_FUNCTION_INFO_V1(aov_basket_lines_pairs);
Datum
aov_basket_lines_pairs(PG_FUNCTION_ARGS)
{
	AovLines   *s;
	int64		m;
	int32	   *num;			/* dense number of each line's product */
	int64	   *order_of;		/* text: dictionary index of the k-th product */
	KeyMap		km = {0};
	int64	   *item_count;
	int64		n_orders = 0;
	int64		skipped = 0;
	PairTable	pt = {0};
	PairQueue  *pq = palloc0(sizeof(PairQueue));
	int32	   *basket;
	Line	   *pairrec;
	int64		npairs;
	Size		size;
	bytea	   *result;
	char	   *p;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	{
		struct varlena *v = (struct varlena *) DatumGetPointer(PG_GETARG_DATUM(0));

		if (VARATT_IS_EXTERNAL_EXPANDED(v) &&
			DatumGetEOHP(PG_GETARG_DATUM(0))->eoh_methods == &lines_methods)
			s = (AovLines *) DatumGetEOHP(PG_GETARG_DATUM(0));
		else
			s = lines_copy(PG_GETARG_DATUM(0), CurrentMemoryContext);
	}

	/* dense product numbers, in key order */
	if (s->kind == KEY_BIGINT)
	{
		/* distinct keys through a hash table (products are few), then sorted */
		int64	   *keys;
		uint64		mask;

		km.nslots = 1024;
		km.slot_key = palloc_extended(km.nslots * sizeof(int64), MCXT_ALLOC_HUGE);
		km.slot_num = palloc_extended(km.nslots * sizeof(int32), MCXT_ALLOC_HUGE | MCXT_ALLOC_ZERO);
		m = 0;
		for (int64 i = 0; i < s->n; i++)
		{
			int64		key = s->lines[i].key;
			uint64		j;

			if (unlikely((m + 1) * 10 > km.nslots * 7))
			{
				int64		oldn = km.nslots;
				int64	   *ok = km.slot_key;
				int32	   *on = km.slot_num;

				km.nslots *= 2;
				km.slot_key = palloc_extended(km.nslots * sizeof(int64), MCXT_ALLOC_HUGE);
				km.slot_num = palloc_extended(km.nslots * sizeof(int32), MCXT_ALLOC_HUGE | MCXT_ALLOC_ZERO);
				mask = (uint64) km.nslots - 1;
				for (int64 o = 0; o < oldn; o++)
				{
					if (on[o] == 0)
						continue;
					j = aov_hash64((uint64) ok[o]) & mask;
					while (km.slot_num[j] != 0)
						j = (j + 1) & mask;
					km.slot_key[j] = ok[o];
					km.slot_num[j] = 1;
				}
				pfree(ok);
				pfree(on);
			}
			mask = (uint64) km.nslots - 1;
			j = aov_hash64((uint64) key) & mask;
			while (km.slot_num[j] != 0 && km.slot_key[j] != key)
				j = (j + 1) & mask;
			if (km.slot_num[j] == 0)
			{
				km.slot_key[j] = key;
				km.slot_num[j] = 1;
				m++;
			}
		}
		keys = palloc_extended(Max(m, 1) * sizeof(int64), MCXT_ALLOC_HUGE);
		{
			int64		k = 0;

			for (int64 j = 0; j < km.nslots; j++)
				if (km.slot_num[j] != 0)
					keys[k++] = km.slot_key[j];
		}
		qsort(keys, m, sizeof(int64), cmp_int64);
		/* number the slots in key order */
		mask = (uint64) km.nslots - 1;
		for (int64 i = 0; i < m; i++)
		{
			uint64		j = aov_hash64((uint64) keys[i]) & mask;

			while (km.slot_key[j] != keys[i])
				j = (j + 1) & mask;
			km.slot_num[j] = (int32) (i + 1);
		}
		km.keys = keys;
		km.m = m;
		order_of = NULL;
	}
	else
	{
		int64	   *rank;

		m = s->dict.n;
		order_of = palloc_extended(Max(m, 1) * sizeof(int64), MCXT_ALLOC_HUGE);
		for (int64 i = 0; i < m; i++)
			order_of[i] = i;
		sort_dict = &s->dict;
		qsort(order_of, m, sizeof(int64), cmp_dict_index);
		rank = palloc_extended(Max(m, 1) * sizeof(int64), MCXT_ALLOC_HUGE);
		for (int64 i = 0; i < m; i++)
			rank[order_of[i]] = i;
		/* lines carry dictionary indexes: turn them into ranks */
		for (int64 i = 0; i < s->n; i++)
			s->lines[i].key = rank[s->lines[i].key];
		pfree(rank);
	}
	if (m > PG_INT32_MAX)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("too many distinct products for aov_copurchase")));

	/* baskets: lines of one order, their distinct products */
	radix_sort_lines(s->lines, s->n, true);
	num = palloc_extended(mul_size(Max(s->n, 1), sizeof(int32)), MCXT_ALLOC_HUGE);
	for (int64 i = 0; i < s->n; i++)
		num[i] = s->kind == KEY_BIGINT ? keymap_find(&km, s->lines[i].key) : (int32) s->lines[i].key;
	item_count = palloc_extended(Max(m, 1) * sizeof(int64), MCXT_ALLOC_HUGE | MCXT_ALLOC_ZERO);
	basket = palloc(sizeof(int32) * 64);
	{
		int64		bcap = 64;

		for (int64 i = 0; i < s->n;)
		{
			int64		j = i;
			int64		k = 0;

			while (j < s->n && s->lines[j].order == s->lines[i].order)
				j++;
			if (j - i > bcap)
			{
				bcap = j - i;
				basket = repalloc_huge(basket, bcap * sizeof(int32));
			}
			for (int64 l = i; l < j; l++)
				basket[k++] = num[l];
			/* distinct products of the basket, ascending */
			if (k > 1)
			{
				/* insertion sort for small baskets, qsort for large */
				if (k <= 32)
				{
					for (int64 a = 1; a < k; a++)
					{
						int32		x = basket[a];
						int64		b = a - 1;

						while (b >= 0 && basket[b] > x)
						{
							basket[b + 1] = basket[b];
							b--;
						}
						basket[b + 1] = x;
					}
				}
				else
				{
					int64	   *tmp = palloc(k * sizeof(int64));

					for (int64 a = 0; a < k; a++)
						tmp[a] = basket[a];
					qsort(tmp, k, sizeof(int64), cmp_int64);
					for (int64 a = 0; a < k; a++)
						basket[a] = (int32) tmp[a];
					pfree(tmp);
				}
				{
					int64		d = 1;

					for (int64 a = 1; a < k; a++)
						if (basket[a] != basket[d - 1])
							basket[d++] = basket[a];
					k = d;
				}
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
	}

	pairs_flush(&pt, pq);
	pfree(pq);

	/* pairs in (a, b) order: (a << 32 | b, count) records, radix sorted */
	npairs = pt.used;
	pairrec = palloc_extended(mul_size(Max(npairs, 1), sizeof(Line)), MCXT_ALLOC_HUGE);
	{
		int64		k = 0;

		for (int64 i = 0; i < pt.size; i++)
			if (pt.counts[i] != 0)
			{
				pairrec[k].order = (int64) pt.keys[i];
				pairrec[k].key = pt.counts[i];
				k++;
			}
		Assert(k == npairs);
	}
	if (pt.keys)
	{
		pfree(pt.keys);
		pfree(pt.counts);
	}
	radix_sort_lines(pairrec, npairs, false);

	/*
	 * Products seen only in skipped orders have no count: drop them, and
	 * renumber (in the same order) the products that stay.
	 */
	{
		int32	   *renum = palloc_extended(Max(m, 1) * sizeof(int32), MCXT_ALLOC_HUGE);
		int64		kept = 0;

		for (int64 i = 0; i < m; i++)
			renum[i] = item_count[i] > 0 ? (int32) kept++ : -1;
		if (kept < m)
		{
			for (int64 i = 0; i < m; i++)
			{
				if (renum[i] < 0)
					continue;
				item_count[renum[i]] = item_count[i];
				if (s->kind == KEY_BIGINT)
					km.keys[renum[i]] = km.keys[i];
				else
					order_of[renum[i]] = order_of[i];
			}
			for (int64 i = 0; i < npairs; i++)
			{
				uint64		key = (uint64) pairrec[i].order;

				pairrec[i].order = (int64) (((uint64) renum[key >> 32] << 32) |
											(uint32) renum[(uint32) key]);
			}
			m = kept;
		}
		pfree(renum);
	}


	/* the result: header, products, pairs */
	size = VARHDRSZ + PAIRS_HEADER_SIZE;
	size = add_size(size, mul_size(npairs, 16));
	if (s->kind == KEY_BIGINT)
		size = add_size(size, mul_size(m, 16));
	else
	{
		/* the kept products' strings only: some may have been dropped */
		Size		textlen = 0;

		for (int64 i = 0; i < m; i++)
			textlen += s->dict.len[order_of[i]];
		size = add_size(size, add_size(mul_size(m, 12), textlen));
	}
	if (size > MaxAllocSize)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("aov_pairs of " INT64_FORMAT " pairs is too large", npairs),
				 errhint("Aggregate smaller groups, or lower the basket size limit.")));
	result = palloc(size);
	SET_VARSIZE(result, size);
	p = VARDATA(result);
	p = aov_write_u8(p, AOV_FORMAT_VERSION);
	p = aov_write_u8(p, (uint8) s->kind);
	p = aov_write_u16(p, 0);
	p = aov_write_i32(p, s->max_basket);
	p = aov_write_i64(p, n_orders);
	p = aov_write_i64(p, skipped);
	p = aov_write_i64(p, m);
	p = aov_write_i64(p, npairs);
	for (int64 i = 0; i < m; i++)
	{
		p = aov_write_i64(p, item_count[i]);
		if (s->kind == KEY_BIGINT)
			p = aov_write_i64(p, km.keys[i]);
		else
		{
			int64		d = order_of[i];

			p = aov_write_i32(p, (int32) s->dict.len[d]);
			memcpy(p, s->dict.buf + s->dict.off[d], s->dict.len[d]);
			p += s->dict.len[d];
		}
	}
	for (int64 i = 0; i < npairs; i++)
	{
		uint64		key = (uint64) pairrec[i].order;

		p = aov_write_i32(p, (int32) (key >> 32));
		p = aov_write_i32(p, (int32) (uint32) key);
		p = aov_write_i64(p, pairrec[i].key);
	}
	Assert(p == (char *) result + size);
	PG_RETURN_BYTEA_P(result);
}

/* ---------- aov_pairs: parsing and the pair table ---------- */

typedef struct PairsView
{
	int			kind;
	int32		max_basket;
	int64		n_orders;
	int64		skipped;
	int64		m;
	int64		npairs;
	int64	   *count;			/* n_A of product i */
	int64	   *ikey;			/* bigint keys */
	const char **tkey;			/* text keys */
	int32	   *tlen;
	const char *pairs;			/* packed 16-byte pairs */
} PairsView;

static void
pairs_parse(const char *body, Size len, PairsView *v)
{
	AovReader	r;
	int			version;

	memset(v, 0, sizeof(*v));
	aov_reader_init(&r, body, len, PAIRS_TYPNAME);
	version = aov_read_u8(&r);
	if (version != AOV_FORMAT_VERSION)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("unsupported aov_pairs format version %d", version),
				 errdetail("This build of aov_ext reads format version %d.", AOV_FORMAT_VERSION)));
	v->kind = aov_read_u8(&r);
	if (v->kind != KEY_BIGINT && v->kind != KEY_TEXT)
		aov_corrupt(PAIRS_TYPNAME, "The key kind is unknown.");
	if (aov_read_u16(&r) != 0)
		aov_corrupt(PAIRS_TYPNAME, "A reserved field is not zero.");
	v->max_basket = aov_read_i32(&r);
	v->n_orders = aov_read_i64(&r);
	v->skipped = aov_read_i64(&r);
	v->m = aov_read_i64(&r);
	v->npairs = aov_read_i64(&r);
	/* counts of real orders stay far below 2^53, where doubles stay exact */
	if (v->max_basket < 2 || v->n_orders < 0 || v->n_orders > (INT64CONST(1) << 53) ||
		v->skipped < 0 || v->skipped > (INT64CONST(1) << 53) || v->m < 0 ||
		v->m > PG_INT32_MAX || v->npairs < 0 ||
		(Size) v->m > (r.len - r.pos) / 12 || (Size) v->npairs > (r.len - r.pos) / 16)
		aov_corrupt(PAIRS_TYPNAME, "A count is out of range.");
	v->count = palloc_extended(Max(v->m, 1) * sizeof(int64), MCXT_ALLOC_HUGE);
	if (v->kind == KEY_BIGINT)
		v->ikey = palloc_extended(Max(v->m, 1) * sizeof(int64), MCXT_ALLOC_HUGE);
	else
	{
		v->tkey = palloc_extended(Max(v->m, 1) * sizeof(char *), MCXT_ALLOC_HUGE);
		v->tlen = palloc_extended(Max(v->m, 1) * sizeof(int32), MCXT_ALLOC_HUGE);
	}
	for (int64 i = 0; i < v->m; i++)
	{
		v->count[i] = aov_read_i64(&r);
		if (v->count[i] < 1 || v->count[i] > v->n_orders)
			aov_corrupt(PAIRS_TYPNAME, "A product count is out of range.");
		if (v->kind == KEY_BIGINT)
		{
			v->ikey[i] = aov_read_i64(&r);
			if (i > 0 && v->ikey[i - 1] >= v->ikey[i])
				aov_corrupt(PAIRS_TYPNAME, "The product keys are not strictly increasing.");
		}
		else
		{
			int32		l = aov_read_i32(&r);

			if (l < 0 || (Size) l > r.len - r.pos)
				aov_corrupt(PAIRS_TYPNAME, "A product key is out of bounds.");
			v->tkey[i] = body + r.pos;
			v->tlen[i] = l;
			r.pos += l;
			if (i > 0)
			{
				int			c = memcmp(v->tkey[i - 1], v->tkey[i], Min(v->tlen[i - 1], l));

				if (c > 0 || (c == 0 && v->tlen[i - 1] >= l))
					aov_corrupt(PAIRS_TYPNAME, "The product keys are not strictly increasing.");
			}
		}
	}
	if ((Size) v->npairs > (r.len - r.pos) / 16)
		aov_corrupt(PAIRS_TYPNAME, "The value is shorter than its header says.");
	v->pairs = body + r.pos;
	{
		int64		pa = -1,
					pb = -1;

		for (int64 i = 0; i < v->npairs; i++)
		{
			int32		a = aov_read_i32(&r);
			int32		b = aov_read_i32(&r);
			int64		c = aov_read_i64(&r);

			if (a < 0 || b <= a || b >= v->m || (a < pa || (a == pa && b <= pb)))
				aov_corrupt(PAIRS_TYPNAME, "The pairs are not strictly increasing valid product numbers.");
			/* at least the overlap that n_A + n_B > N forces */
			if (c < 1 || c > Min(v->count[a], v->count[b]) ||
				c < v->count[a] - (v->n_orders - v->count[b]))
				aov_corrupt(PAIRS_TYPNAME, "A pair count is out of range.");
			pa = a;
			pb = b;
		}
	}
	aov_reader_end(&r);
}

/* log of C(n, k) */
static double
lchoose(double n, double k)
{
	return lgamma(n + 1) - lgamma(k + 1) - lgamma(n - k + 1);
}

/*
 * One-sided Fisher exact test for positive association: P(X >= nab) for X
 * hypergeometric (N orders, na with A, nb drawn with B).  The first term
 * comes from lgamma, the others by the ratio of consecutive terms, summed
 * from the side that does not contain the mode until they no longer change
 * the sum.  lgamma's rounding at large N limits the relative accuracy to
 * about 1e-10 at a million orders and 1e-7 at a hundred million.  A first
 * term below the double range means a tail below it too: 0 (upper) or 1.
 */
static double
fisher_greater(int64 nab, int64 na, int64 nb, int64 N)
{
	int64		lo = Max(0, na + nb - N);
	int64		hi = Min(na, nb);
	double		mode = floor(((double) na + 1) * ((double) nb + 1) / ((double) N + 2));
	double		ldenom = lchoose((double) N, (double) nb);
	double		sum = 0;
	int64		steps = 0;

	if (nab <= lo)
		return 1.0;
	if ((double) nab > mode)
	{
		/* upper tail, decreasing from nab */
		double		t = exp(lchoose(na, nab) + lchoose((double) N - na, (double) nb - nab) - ldenom);

		for (int64 x = nab; x <= hi && t > 0; x++)
		{
			sum += t;
			if (t < sum * 1e-17)
				break;
			t *= ((double) (na - x) * (double) (nb - x)) /
				((double) (x + 1) * (double) (N - na - nb + x + 1));
			if ((++steps & 0xFFFF) == 0)
				CHECK_FOR_INTERRUPTS();
		}
		return Min(sum, 1.0);
	}
	else
	{
		/* 1 - P(X <= nab - 1): the lower tail, decreasing from nab - 1 */
		int64		x = nab - 1;
		double		t = exp(lchoose(na, x) + lchoose((double) N - na, (double) nb - x) - ldenom);

		for (; x >= lo && t > 0; x--)
		{
			sum += t;
			if (t < sum * 1e-17)
				break;
			t *= ((double) x * (double) (N - na - nb + x)) /
				((double) (na - x + 1) * (double) (nb - x + 1));
			if ((++steps & 0xFFFF) == 0)
				CHECK_FOR_INTERRUPTS();
		}
		return Max(1.0 - sum, 0.0);
	}
}

static Datum
key_datum(const PairsView *v, int64 i)
{
	if (v->kind == KEY_BIGINT)
		return CStringGetTextDatum(psprintf(INT64_FORMAT, v->ikey[i]));
	return PointerGetDatum(cstring_to_text_with_len(v->tkey[i], v->tlen[i]));
}

/* Set up a materialized result (InitMaterializedSRF exists from PG 15 only). */
static void
materialize_srf(FunctionCallInfo fcinfo)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	TupleDesc	tupdesc;
	MemoryContext old;

	if (rsinfo == NULL || !IsA(rsinfo, ReturnSetInfo) ||
		!(rsinfo->allowedModes & SFRM_Materialize))
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("set-valued function called in context that cannot accept a set")));
	if (get_call_result_type(fcinfo, NULL, &tupdesc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "return type must be a row type");
	old = MemoryContextSwitchTo(rsinfo->econtext->ecxt_per_query_memory);
	rsinfo->returnMode = SFRM_Materialize;
	rsinfo->setDesc = CreateTupleDescCopy(tupdesc);
	rsinfo->setResult = tuplestore_begin_heap(true, false, work_mem);
	MemoryContextSwitchTo(old);
}

/* the pair table of an aov_pairs value */
PG_FUNCTION_INFO_V1(aov_pairs_stats);
Datum
aov_pairs_stats(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	const char *body;
	Size		len;
	void	   *tofree;
	PairsView	v;
	int64		min_count;
	double		min_support;
	double		N;
	MemoryContext rowcxt;
	MemoryContext oldcxt;

	if (PG_ARGISNULL(1) || PG_ARGISNULL(2))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("minimum pair count and minimum support must not be null"),
				 errhint("Leave them out for every pair: 1 and 0.")));
	min_count = PG_GETARG_INT64(1);
	min_support = PG_GETARG_FLOAT8(2);

	if (min_count < 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("minimum pair count must be at least 1"),
				 errhint("Use 1 for every pair seen; 20 is a common floor for rules.")));
	if (!(min_support >= 0 && min_support <= 1))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("minimum support must be between 0 and 1"),
				 errhint("Support is the share of orders with both products: 0.001 is one order in a thousand.")));
	materialize_srf(fcinfo);
	if (PG_ARGISNULL(0))
		return (Datum) 0;
	aov_flat_body(PG_GETARG_DATUM(0), &body, &len, &tofree);
	pairs_parse(body, len, &v);
	N = (double) v.n_orders;
	/* the key texts of a row are freed with the row, not kept for the scan */
	rowcxt = AllocSetContextCreate(CurrentMemoryContext, "aov_pair_stats row",
								   ALLOCSET_SMALL_SIZES);
	for (int64 i = 0; i < v.npairs; i++)
	{
		uint32		a32,
					b32;
		uint64		c64;
		int64		a,
					b,
					nab,
					na,
					nb;
		Datum		values[16];
		bool		nulls[16] = {false};
		double		sa,
					sb,
					sab,
					cab,
					cba;

		memcpy(&a32, v.pairs + 16 * i, 4);
		memcpy(&b32, v.pairs + 16 * i + 4, 4);
		memcpy(&c64, v.pairs + 16 * i + 8, 8);
		a = (int32) pg_ntoh32(a32);
		b = (int32) pg_ntoh32(b32);
		nab = (int64) pg_ntoh64(c64);
		/* the same quotient as the support column, so the two agree */
		if (nab < min_count || (double) nab / N < min_support)
			continue;
		na = v.count[a];
		nb = v.count[b];
		sa = na / N;
		sb = nb / N;
		sab = nab / N;
		cab = (double) nab / na;
		cba = (double) nab / nb;
		oldcxt = MemoryContextSwitchTo(rowcxt);
		values[0] = key_datum(&v, a);
		values[1] = key_datum(&v, b);
		values[2] = Int64GetDatum(nab);
		values[3] = Int64GetDatum(na);
		values[4] = Int64GetDatum(nb);
		values[5] = Int64GetDatum(v.n_orders);
		values[6] = Float8GetDatum(sa);
		values[7] = Float8GetDatum(sb);
		values[8] = Float8GetDatum(sab);
		values[9] = Float8GetDatum(cab);
		values[10] = Float8GetDatum(cba);
		/* N * n_AB / (n_A * n_B), from exact integers in one rounding each */
		values[11] = Float8GetDatum((N * nab) / ((double) na * nb));
		values[12] = Float8GetDatum(sab - sa * sb);
		values[13] = Float8GetDatum(nab == na ? get_float8_infinity() : (1 - sb) / (1 - cab));
		values[14] = Float8GetDatum(nab == nb ? get_float8_infinity() : (1 - sa) / (1 - cba));
		values[15] = Float8GetDatum(fisher_greater(nab, na, nb, v.n_orders));
		MemoryContextSwitchTo(oldcxt);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
		MemoryContextReset(rowcxt);
		if ((i & 0xFF) == 0)
			CHECK_FOR_INTERRUPTS();
	}
	MemoryContextDelete(rowcxt);
	if (tofree)
		pfree(tofree);
	return (Datum) 0;
}

/* counts of an aov_pairs value: orders counted, orders skipped, products, pairs */
PG_FUNCTION_INFO_V1(aov_pairs_info);
Datum
aov_pairs_info(PG_FUNCTION_ARGS)
{
	const char *body;
	Size		len;
	void	   *tofree;
	PairsView	v;
	TupleDesc	tupdesc;
	Datum		values[5];
	bool		nulls[5] = {false};

	if (get_call_result_type(fcinfo, NULL, &tupdesc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "return type must be a row type");
	aov_flat_body(PG_GETARG_DATUM(0), &body, &len, &tofree);
	pairs_parse(body, len, &v);
	values[0] = Int64GetDatum(v.n_orders);
	values[1] = Int64GetDatum(v.skipped);
	values[2] = Int32GetDatum(v.max_basket);
	values[3] = Int64GetDatum(v.m);
	values[4] = Int64GetDatum(v.npairs);
	if (tofree)
		pfree(tofree);
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(BlessTupleDesc(tupdesc), values, nulls)));
}

/* ---------- type I/O ---------- */

static void
lines_validate(const char *body, Size len)
{
	LinesView	v;

	lines_parse(body, len, &v);
}

static void
pairs_validate(const char *body, Size len)
{
	PairsView	v;

	pairs_parse(body, len, &v);
}

/* type input: hex text of the serialized form */
PG_FUNCTION_INFO_V1(aov_basket_lines_in);
Datum
aov_basket_lines_in(PG_FUNCTION_ARGS)
{
	return aov_state_in(PG_GETARG_CSTRING(0), LINES_TYPNAME, lines_validate);
}

/* type output: hex text of the serialized form */
PG_FUNCTION_INFO_V1(aov_basket_lines_out);
Datum
aov_basket_lines_out(PG_FUNCTION_ARGS)
{
	PG_RETURN_CSTRING(aov_state_out(PG_GETARG_DATUM(0)));
}

/* type binary input: the serialized form */
PG_FUNCTION_INFO_V1(aov_basket_lines_recv);
Datum
aov_basket_lines_recv(PG_FUNCTION_ARGS)
{
	return aov_state_recv((StringInfo) PG_GETARG_POINTER(0), lines_validate);
}

/* type binary output: the serialized form */
PG_FUNCTION_INFO_V1(aov_basket_lines_send);
Datum
aov_basket_lines_send(PG_FUNCTION_ARGS)
{
	PG_RETURN_BYTEA_P(aov_state_send(PG_GETARG_DATUM(0)));
}

/* type input: hex text of the serialized form */
PG_FUNCTION_INFO_V1(aov_pairs_in);
Datum
aov_pairs_in(PG_FUNCTION_ARGS)
{
	return aov_state_in(PG_GETARG_CSTRING(0), PAIRS_TYPNAME, pairs_validate);
}

/* type output: hex text of the serialized form */
PG_FUNCTION_INFO_V1(aov_pairs_out);
Datum
aov_pairs_out(PG_FUNCTION_ARGS)
{
	PG_RETURN_CSTRING(aov_state_out(PG_GETARG_DATUM(0)));
}

/* type binary input: the serialized form */
PG_FUNCTION_INFO_V1(aov_pairs_recv);
Datum
aov_pairs_recv(PG_FUNCTION_ARGS)
{
	return aov_state_recv((StringInfo) PG_GETARG_POINTER(0), pairs_validate);
}

/* type binary output: the serialized form */
PG_FUNCTION_INFO_V1(aov_pairs_send);
Datum
aov_pairs_send(PG_FUNCTION_ARGS)
{
	PG_RETURN_BYTEA_P(aov_state_send(PG_GETARG_DATUM(0)));
}
