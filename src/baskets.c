/*
 * baskets.c
 *		aov_basket_lines, the state of aov_copurchase: order lines while
 *		aggregating, counted baskets once it leaves the process.
 *
 * The transition appends each order line (order id, product key: 16 bytes).
 * Lines of one order may reach different parallel workers (a parallel scan
 * hands out blocks, not orders), and only complete baskets count right, so
 * a partial state cannot just carry pair counts: when it leaves its process
 * (flattened: a parallel worker's or a Citus node's partial state, a stored
 * value), it counts its own baskets (pair_count.c) and carries the counts
 * together with each order's distinct products.  A combine keeps the
 * partial counts it receives; the final function merges them, recounting
 * only the orders whose lines were split between partial states.  So when
 * the order id is the distribution column (Citus), or the lines are stored
 * by order, the counting happens where the lines are and the leader or
 * coordinator merges sorted lists; it still counts every order whose lines
 * it read itself, and the split ones.  A serial aggregate counts its lines
 * at the end, as a single partial.
 *
 * Product keys are bigint (integer columns cast implicitly) or text.  Text
 * keys go through a dictionary in the state (each distinct string stored
 * once, its index on the line), so a line is 16 bytes for either kind; text
 * keys are ordered bytewise (memcmp, shorter first on a tie), so the result
 * does not depend on the collation.
 *
 * Serialized form, version 2 (flat body, send/recv, hex text alike), the
 * header big-endian:
 *	  0  uint8   format version (2)
 *	  1  uint8   key kind (1 bigint, 2 text)
 *	  2  uint16  reserved, 0
 *	  4  int32   max_basket (>= 2)
 *	  8  int64   baskets counted
 *	 16  int64   baskets skipped (more than max_basket distinct products)
 *	 24  the counts: products, pairs and baskets (pair_count.c)
 * Version 1 (aov_ext 0.2 and 0.3), still read: at 8 an int64 n of lines,
 * at 16 an int64 d of dictionary strings (text; else 0), then n lines
 * (int64 order id, int64 product key or dictionary index) and the d strings
 * (int32 length, bytes).  Text keys are checked for the database encoding
 * and NUL in both.
 *
 * Memory: 16 bytes per line while aggregating (plus each distinct text key
 * once); counting adds about 40 bytes per line while it sorts, and the
 * pair counts (pair_count.c); a flattened state holds about 2-5 bytes per
 * basket line and 4-6 per distinct pair.
 */
#include "postgres.h"

#include "miscadmin.h"
#include "port/pg_bswap.h"
#include "utils/builtins.h"
#include "utils/memutils.h"

#include "array.h"
#include "baskets.h"
#include "expanded.h"
#include "format.h"
#include "hash.h"

#define LINES_TYPNAME "aov_basket_lines"
#define LINES_HEADER_SIZE 24
#define DEFAULT_MAX_BASKET 1000
#define PRODUCT_KEYS "product keys for aov_copurchase"

typedef struct AovLines
{
	ExpandedObjectHeader hdr;
	int			kind;			/* AOV_KEY_BIGINT or AOV_KEY_TEXT */
	int32		max_basket;		/* larger baskets are skipped */
	int64		n;				/* lines appended */
	int64		cap;
	AovLine    *lines;
	AovKeyDict	dict;			/* text keys of the lines */
	int			nparts;			/* counted partial states merged in */
	int64		capparts;
	AovPartial **parts;
} AovLines;

AOV_STATE_TYPE(lines_type, LINES_TYPNAME, lines);

/* ---------- the expanded state ---------- */

static AovLines *
lines_new(MemoryContext cxt, int kind, int32 max_basket)
{
	AovLines   *s = aov_state_new(&lines_type, sizeof(AovLines), cxt);

	s->kind = kind;
	s->max_basket = max_basket;
	return s;
}

static inline void
lines_push(AovLines *s, int64 order, int64 key)
{
	if (unlikely(s->n == s->cap))
		s->lines = aov_array_reserve(s->lines, &s->cap, s->n + 1, 64, sizeof(AovLine),
									 s->hdr.eoh_context);
	s->lines[s->n].order = order;
	s->lines[s->n].key = key;
	s->n++;
}

static void
add_part(AovLines *s, AovPartial *p)
{
	s->parts = aov_array_reserve(s->parts, &s->capparts, s->nparts + 1, 4, sizeof(AovPartial *),
								 s->hdr.eoh_context);
	s->parts[s->nparts++] = p;
}

/*
 * Everything the state holds as counts: its own lines counted, merged with
 * the partial counts it received.  With keep_baskets the result replaces
 * them in the state (a flattening reads it twice); without, it is built in
 * the current context for a final function, and the state is left as is.
 */
static AovPartial *
lines_counts(AovLines *s, bool keep_baskets)
{
	MemoryContext cxt = keep_baskets ? s->hdr.eoh_context : CurrentMemoryContext;
	AovPartial *own = NULL;
	AovPartial *all;

	if (s->n > 0 || s->nparts == 0)
	{
		own = MemoryContextAlloc(cxt, sizeof(AovPartial));
		aov_count_lines(s->kind, s->max_basket, s->lines, s->n, &s->dict,
						keep_baskets || s->nparts > 0, cxt, own);
	}
	if (s->nparts == 0)
		all = own;
	else if (own == NULL && s->nparts == 1)
		all = s->parts[0];
	else
	{
		AovPartial **parts = palloc((s->nparts + 1) * sizeof(AovPartial *));
		int			k = 0;

		for (int i = 0; i < s->nparts; i++)
			parts[k++] = s->parts[i];
		if (own)
			parts[k++] = own;
		all = MemoryContextAlloc(cxt, sizeof(AovPartial));
		aov_merge_partials(s->kind, s->max_basket, parts, k, keep_baskets, cxt, all);
		pfree(parts);
	}
	if (keep_baskets)
	{
		/* the lines are counted: the state is now these counts */
		aov_free(s->lines);
		s->lines = NULL;
		s->n = s->cap = 0;
		s->nparts = 0;
		add_part(s, all);
	}
	return all;
}

static Size
lines_get_flat_size(ExpandedObjectHeader *eohptr)
{
	AovLines   *s = (AovLines *) eohptr;
	AovPartial *all = lines_counts(s, true);

	return aov_flat_size(add_size(LINES_HEADER_SIZE, aov_partial_encoded_size(all, s->kind)),
						 LINES_TYPNAME);
}

static void
lines_flatten_into(ExpandedObjectHeader *eohptr, void *result, Size allocated_size)
{
	AovLines   *s = (AovLines *) eohptr;
	AovPartial *all = lines_counts(s, true);
	char	   *p = VARDATA(result);

	SET_VARSIZE(result, allocated_size);
	p = aov_write_u8(p, AOV_FORMAT_V2);
	p = aov_write_u8(p, (uint8) s->kind);
	p = aov_write_u16(p, 0);
	p = aov_write_i32(p, s->max_basket);
	p = aov_write_i64(p, all->n_orders);
	p = aov_write_i64(p, all->skipped);
	p = aov_partial_encode(p, all, s->kind);
	Assert(p == (char *) result + allocated_size);
}

/* ---------- reading a flat state ---------- */

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

/*
 * Read a flat state into s (or, with s NULL, only check it).  Version 2
 * counts become a partial of s; version 1 lines are appended.  Returns the
 * kind and limit in *kind and *max_basket.
 */
static void
lines_read(const char *body, Size len, AovLines *s, int *kind, int32 *max_basket)
{
	AovReader	r;
	int			version;
	int64		a,
				b;
	MemoryContext cxt = s ? s->hdr.eoh_context : CurrentMemoryContext;

	aov_reader_init(&r, body, len, LINES_TYPNAME);
	version = aov_read_u8(&r);
	if (version != AOV_FORMAT_V1 && version != AOV_FORMAT_V2)
		aov_bad_version(LINES_TYPNAME, version, AOV_FORMAT_V1, AOV_FORMAT_V2);
	*kind = aov_read_u8(&r);
	if (*kind != AOV_KEY_BIGINT && *kind != AOV_KEY_TEXT)
		aov_corrupt(LINES_TYPNAME, "The key kind is unknown.");
	if (aov_read_u16(&r) != 0)
		aov_corrupt(LINES_TYPNAME, "A reserved field is not zero.");
	*max_basket = aov_read_i32(&r);
	if (*max_basket < 2)
		aov_corrupt(LINES_TYPNAME, "The basket size limit is out of range.");
	if (s)
		check_compatible(s->kind, s->max_basket, *kind, *max_basket);
	a = aov_read_i64(&r);
	b = aov_read_i64(&r);
	if (version == AOV_FORMAT_V2)
	{
		AovPartial *p;

		if (a < 0 || b < 0 || a > PG_INT64_MAX / 4 || b > PG_INT64_MAX / 4)
			aov_corrupt(LINES_TYPNAME, "A count is out of range.");
		p = MemoryContextAlloc(cxt, sizeof(AovPartial));
		aov_partial_parse(&r, *kind, *max_basket, a, b, cxt, p);
		aov_reader_end(&r);
		if (s)
			add_part(s, p);
		return;
	}
	else
	{
		/* version 1: a lines, b dictionary strings */
		const char *packed;
		const char *dict;
		int64	   *map = NULL;

		if (a < 0 || b < 0 || b > PG_INT32_MAX || (*kind == AOV_KEY_BIGINT && b != 0))
			aov_corrupt(LINES_TYPNAME, "A count is out of range.");
		if ((Size) a > (r.len - r.pos) / 16)
			aov_corrupt(LINES_TYPNAME, "The value is shorter than its header says.");
		packed = aov_read_bytes(&r, (Size) a * 16);
		dict = body + r.pos;
		if (s && b > 0)
			map = palloc_extended(b * sizeof(int64), MCXT_ALLOC_HUGE);
		for (int64 i = 0; i < b; i++)
		{
			int32		l = aov_read_i32(&r);
			const char *str;

			if (l < 0 || (Size) l > r.len - r.pos)
				aov_corrupt(LINES_TYPNAME, "A dictionary string is out of bounds.");
			str = aov_read_bytes(&r, l);
			aov_check_key_text(str, l, LINES_TYPNAME, "product key");
			if (map)
				map[i] = aov_keydict_intern(&s->dict, cxt, str, l, PRODUCT_KEYS);
		}
		(void) dict;
		aov_reader_end(&r);
		for (int64 i = 0; i < a; i++)
		{
			uint64		o,
						k;

			memcpy(&o, packed + 16 * i, 8);
			memcpy(&k, packed + 16 * i + 8, 8);
			o = pg_ntoh64(o);
			k = pg_ntoh64(k);
			if (*kind == AOV_KEY_TEXT && ((int64) k < 0 || (int64) k >= b))
				aov_corrupt(LINES_TYPNAME, "A line refers to a missing dictionary string.");
			if (s)
				lines_push(s, (int64) o, map ? map[(int64) k] : (int64) k);
			if ((i & 0xFFFFF) == 0)
				CHECK_FOR_INTERRUPTS();
		}
		if (map)
			pfree(map);
	}
}

static void
lines_validate(const char *body, Size len)
{
	int			kind;
	int32		max_basket;
	MemoryContext tmp = AllocSetContextCreate(CurrentMemoryContext, "aov_basket_lines check",
											  ALLOCSET_DEFAULT_SIZES);
	MemoryContext old = MemoryContextSwitchTo(tmp);

	lines_read(body, len, NULL, &kind, &max_basket);
	MemoryContextSwitchTo(old);
	MemoryContextDelete(tmp);
}

/* Copy a partial into cxt (the source belongs to another state). */
static AovPartial *
copy_partial(const AovPartial *src, int kind, MemoryContext cxt)
{
	AovPartial *p = MemoryContextAlloc(cxt, sizeof(AovPartial));
	int64		nitems = src->has_baskets ? src->bstart[src->nbaskets] : 0;

#define COPY_ARRAY(field, n, type) \
	do { \
		p->field = MemoryContextAllocHuge(cxt, mul_size(Max((n), 1), sizeof(type))); \
		memcpy(p->field, src->field, (n) * sizeof(type)); \
	} while (0)

	*p = *src;
	if (kind == AOV_KEY_BIGINT)
		COPY_ARRAY(ikey, src->m, int64);
	else
	{
		COPY_ARRAY(tlen, src->m, uint32);
		p->tkey = MemoryContextAllocHuge(cxt, mul_size(Max(src->m, 1), sizeof(char *)));
		for (int64 i = 0; i < src->m; i++)
		{
			char	   *copy = MemoryContextAlloc(cxt, Max(src->tlen[i], 1));

			memcpy(copy, src->tkey[i], src->tlen[i]);
			p->tkey[i] = copy;
		}
	}
	COPY_ARRAY(count, src->m, int64);
	COPY_ARRAY(pair, src->npairs, uint64);
	COPY_ARRAY(pair_count, src->npairs, int64);
	if (src->has_baskets)
	{
		COPY_ARRAY(border, src->nbaskets, int64);
		COPY_ARRAY(bstart, src->nbaskets + 1, int64);
		COPY_ARRAY(items, nitems, int32);
	}
#undef COPY_ARRAY
	return p;
}

/* Add what an expanded state holds to s (src is never modified). */
static void
lines_add_lines(AovLines *s, const AovLines *src)
{
	check_compatible(s->kind, s->max_basket, src->kind, src->max_basket);
	if (s->kind == AOV_KEY_TEXT && src->dict.n > 0)
	{
		/* each string interned once, then the lines through the map */
		int64	   *map = palloc_extended(src->dict.n * sizeof(int64), MCXT_ALLOC_HUGE);

		for (int64 i = 0; i < src->dict.n; i++)
			map[i] = aov_keydict_intern(&s->dict, s->hdr.eoh_context,
										src->dict.buf + src->dict.off[i], src->dict.len[i],
										PRODUCT_KEYS);
		for (int64 i = 0; i < src->n; i++)
			lines_push(s, src->lines[i].order, map[src->lines[i].key]);
		pfree(map);
	}
	else
	{
		for (int64 i = 0; i < src->n; i++)
			lines_push(s, src->lines[i].order, src->lines[i].key);
	}
	for (int i = 0; i < src->nparts; i++)
		add_part(s, copy_partial(src->parts[i], s->kind, s->hdr.eoh_context));
}

static ExpandedObjectHeader *
lines_add_expanded(ExpandedObjectHeader *dst, ExpandedObjectHeader *src, MemoryContext cxt)
{
	AovLines   *x = (AovLines *) src;
	AovLines   *s = dst ? (AovLines *) dst : lines_new(cxt, x->kind, x->max_basket);

	lines_add_lines(s, x);
	return &s->hdr;
}

static ExpandedObjectHeader *
lines_add_flat(ExpandedObjectHeader *dst, const char *body, Size len, MemoryContext cxt)
{
	AovLines   *s = (AovLines *) dst;
	int			kind;
	int32		max_basket;

	if (s == NULL)
	{
		/* the kind and limit from the header (lines_read checks them) */
		if (len < 8)
			aov_corrupt(LINES_TYPNAME, "The value is shorter than its header says.");
		memcpy(&max_basket, body + 4, sizeof(int32));
		s = lines_new(cxt, (unsigned char) body[1], (int32) pg_ntoh32((uint32) max_basket));
	}
	lines_read(body, len, s, &kind, &max_basket);
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
		aov_arg_not_null(fcinfo, 3, "basket size limit",
						 "Leave the argument out for the default, " CppAsString2(DEFAULT_MAX_BASKET) " products.");
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
				   aov_keydict_intern(&s->dict, s->hdr.eoh_context,
									  VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t), PRODUCT_KEYS));
		if ((Pointer) t != PG_GETARG_POINTER(2))
			pfree(t);
	}
	PG_RETURN_DATUM(EOHPGetRWDatum(&s->hdr));
}

/* aggregate combine: concatenate the lines of two partial states */
AOV_COMBINE_FUNCTION(aov_basket_lines_combine, lines_type, "_aov_basket_lines_combine")

/* ---------- final ---------- */

/* aggregate final: count the baskets, their products and product pairs */
PG_FUNCTION_INFO_V1(aov_basket_lines_pairs);
Datum
aov_basket_lines_pairs(PG_FUNCTION_ARGS)
{
	AovLines   *s;
	AovPartial *all;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	s = (AovLines *) aov_state_for_final(PG_GETARG_DATUM(0), &lines_type);
	all = lines_counts(s, false);
	PG_RETURN_BYTEA_P(aov_partial_pairs(all, s->kind, s->max_basket));
}

/*
 * Every counted basket of a state with its products (itemsets.c mines
 * them): the same merge a flattening does, so the state is reorganized, not
 * changed.  The result lives as long as the state.
 */
AovPartial *
aov_basket_lines_baskets(Datum state, int *kind)
{
	AovLines   *s = (AovLines *) aov_state_for_final(state, &lines_type);

	*kind = s->kind;
	return lines_counts(s, true);
}

/* ---------- type I/O ---------- */

AOV_TYPE_IO_FUNCTIONS(aov_basket_lines, LINES_TYPNAME, lines_validate)
