/*
 * pairs.c
 *		aov_pairs, the result of aov_copurchase: the baskets counted, each
 *		product's count and each pair's; and the pair table computed from
 *		it (aov_pair_stats, aov_pairs_info).
 *
 * aov_pairs is a plain value, built once by the aggregate's final function
 * and meant to be stored (one value per month, say); the measures are
 * computed from it when asked, so a stored value does not fix which
 * measures exist.  Definitions (doc/reference.md, aov_pair_stats; mlxtend's
 * and arules' for single-item rules): support = n / N, confidence(A->B) =
 * n_AB / n_A, lift = N n_AB / (n_A n_B), leverage = support(A,B) -
 * support(A) support(B), conviction(A->B) = (1 - support(B)) / (1 -
 * confidence(A->B)), infinite when the confidence is 1; the p-value is the
 * one-sided Fisher exact test for positive association.
 *
 * Serialized form (flat body, send/recv, hex text alike), big-endian:
 *	  0  uint8   format version (1)
 *	  1  uint8   key kind (1 bigint, 2 text)
 *	  2  uint16  reserved, 0
 *	  4  int32   max_basket
 *	  8  int64   n_orders, the baskets counted (N)
 *	 16  int64   skipped_orders (more than max_basket distinct products)
 *	 24  int64   m, the number of products
 *	 32  int64   p, the number of pairs
 *	 40  m x (int64 count n_A, key: int64, or int32 length and bytes), keys
 *		 strictly increasing (bigint: numerically; text: bytewise), text in
 *		 the database encoding and without NUL
 *	 ..  p x (int32 a, int32 b, int64 n_AB): product numbers a < b, in
 *		 strictly increasing (a, b) order, 1 <= n_AB <= min(n_A, n_B)
 * Every value is validated on input.
 *
 * Memory: the pair table decodes the products (16 bytes each plus their
 * keys) and emits one row per pair into a tuplestore (work_mem, then disk).
 */
#include "postgres.h"

#include <math.h>

#include "access/htup_details.h"
#include "funcapi.h"
#include "mb/pg_wchar.h"
#include "miscadmin.h"
#include "port/pg_bswap.h"
#include "utils/builtins.h"
#include "utils/float.h"
#include "utils/tuplestore.h"

#include "baskets.h"
#include "format.h"
#include "result.h"

#define PAIRS_TYPNAME "aov_pairs"

#define PAIRS_HEADER_SIZE 40

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
	if (version != AOV_FORMAT_V1)
		aov_bad_version(PAIRS_TYPNAME, version, AOV_FORMAT_V1, AOV_FORMAT_V1);
	v->kind = aov_read_u8(&r);
	if (v->kind != AOV_KEY_BIGINT && v->kind != AOV_KEY_TEXT)
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
	if (v->kind == AOV_KEY_BIGINT)
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
		if (v->kind == AOV_KEY_BIGINT)
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
			aov_check_key_text(v->tkey[i], l, PAIRS_TYPNAME, "product key");
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
	if (v->kind == AOV_KEY_BIGINT)
		return CStringGetTextDatum(psprintf(INT64_FORMAT, v->ikey[i]));
	return PointerGetDatum(cstring_to_text_with_len(v->tkey[i], v->tlen[i]));
}

/* The columns of the pair table. */
typedef enum PairField
{
	P_PRODUCT_A,
	P_PRODUCT_B,
	P_N_AB,
	P_N_A,
	P_N_B,
	P_N_ORDERS,
	P_SUPPORT_A,
	P_SUPPORT_B,
	P_SUPPORT,
	P_CONFIDENCE_AB,
	P_CONFIDENCE_BA,
	P_LIFT,
	P_LEVERAGE,
	P_CONVICTION_AB,
	P_CONVICTION_BA,
	P_P_VALUE,
	P_NFIELDS
} PairField;

static const char *const pair_fields[P_NFIELDS] = {
	"product_a", "product_b", "n_ab", "n_a", "n_b", "n_orders", "support_a",
	"support_b", "support", "confidence_ab", "confidence_ba", "lift", "leverage",
	"conviction_ab", "conviction_ba", "p_value"
};

/* The floors of the pair table: the count in argument a, the support in a + 1. */
static void
check_floors(FunctionCallInfo fcinfo, int a)
{
	if (PG_ARGISNULL(a) || PG_ARGISNULL(a + 1))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("minimum pair count and minimum support must not be null"),
				 errhint("Leave them out for every pair: 1 and 0.")));
	if (PG_GETARG_INT64(a) < 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("minimum pair count must be at least 1"),
				 errhint("Use 1 for every pair seen; 20 is a common floor for rules.")));
	if (!(PG_GETARG_FLOAT8(a + 1) >= 0 && PG_GETARG_FLOAT8(a + 1) <= 1))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("minimum support must be between 0 and 1"),
				 errhint("Support is the share of orders with both products: 0.001 is one order in a thousand.")));
}

/* the checks of aov_pair_table's floors and basket size limit, before the scan */
PG_FUNCTION_INFO_V1(aov_check_pair_args);
Datum
aov_check_pair_args(PG_FUNCTION_ARGS)
{
	check_floors(fcinfo, 0);
	aov_arg_not_null(fcinfo, 2, "basket size limit", NULL);
	aov_check_max_basket(PG_GETARG_INT32(2));
	PG_RETURN_VOID();
}

/* the pair table of an aov_pairs value */
PG_FUNCTION_INFO_V1(aov_pairs_stats);
Datum
aov_pairs_stats(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	AovFlat		f;
	PairsView	v;
	int64		min_count;
	double		min_support;
	double		N;
	MemoryContext rowcxt;
	MemoryContext oldcxt;
	AovRowType *rt;
	Datum	   *attvalues;
	bool	   *attnulls;

	check_floors(fcinfo, 1);
	min_count = PG_GETARG_INT64(1);
	min_support = PG_GETARG_FLOAT8(2);
	rt = aov_result_row(fcinfo, pair_fields, P_NFIELDS);
	aov_materialize_srf(fcinfo, rt->tupdesc);
	attvalues = palloc(rt->tupdesc->natts * sizeof(Datum));
	attnulls = palloc(rt->tupdesc->natts * sizeof(bool));
	if (PG_ARGISNULL(0))
		return (Datum) 0;
	aov_flat_open(&f, PG_GETARG_DATUM(0));
	pairs_parse(f.body, f.len, &v);
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
		Datum		values[P_NFIELDS];
		bool		nulls[P_NFIELDS] = {false};
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
		values[P_PRODUCT_A] = key_datum(&v, a);
		values[P_PRODUCT_B] = key_datum(&v, b);
		values[P_N_AB] = Int64GetDatum(nab);
		values[P_N_A] = Int64GetDatum(na);
		values[P_N_B] = Int64GetDatum(nb);
		values[P_N_ORDERS] = Int64GetDatum(v.n_orders);
		values[P_SUPPORT_A] = Float8GetDatum(sa);
		values[P_SUPPORT_B] = Float8GetDatum(sb);
		values[P_SUPPORT] = Float8GetDatum(sab);
		values[P_CONFIDENCE_AB] = Float8GetDatum(cab);
		values[P_CONFIDENCE_BA] = Float8GetDatum(cba);
		/* N * n_AB / (n_A * n_B), from exact integers in one rounding each */
		values[P_LIFT] = Float8GetDatum((N * nab) / ((double) na * nb));
		values[P_LEVERAGE] = Float8GetDatum(sab - sa * sb);
		values[P_CONVICTION_AB] = Float8GetDatum(nab == na ? get_float8_infinity() : (1 - sb) / (1 - cab));
		values[P_CONVICTION_BA] = Float8GetDatum(nab == nb ? get_float8_infinity() : (1 - sa) / (1 - cba));
		values[P_P_VALUE] = Float8GetDatum(fisher_greater(nab, na, nb, v.n_orders));
		MemoryContextSwitchTo(oldcxt);
		aov_row_values(rt, values, nulls, attvalues, attnulls);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, attvalues, attnulls);
		MemoryContextReset(rowcxt);
		if ((i & 0xFF) == 0)
			CHECK_FOR_INTERRUPTS();
	}
	MemoryContextDelete(rowcxt);
	aov_flat_close(&f);
	return (Datum) 0;
}

/* counts of an aov_pairs value: orders counted, orders skipped, products, pairs */
PG_FUNCTION_INFO_V1(aov_pairs_info);
Datum
aov_pairs_info(PG_FUNCTION_ARGS)
{
	static const char *const fields[] = {
		"n_orders", "skipped_orders", "max_basket", "products", "pairs_counted"
	};
	AovRowType *rt = aov_result_row(fcinfo, fields, 5);
	AovFlat		f;
	PairsView	v;
	Datum		values[5];
	bool		nulls[5] = {false};

	aov_flat_open(&f, PG_GETARG_DATUM(0));
	pairs_parse(f.body, f.len, &v);
	values[0] = Int64GetDatum(v.n_orders);
	values[1] = Int64GetDatum(v.skipped);
	values[2] = Int32GetDatum(v.max_basket);
	values[3] = Int64GetDatum(v.m);
	values[4] = Int64GetDatum(v.npairs);
	aov_flat_close(&f);
	PG_RETURN_DATUM(aov_row_form(rt, values, nulls));
}

/*
 * Write an aov_pairs value: products 0..m-1 in key order with their counts
 * (bigint keys, or text keys as pointers and lengths), and pairs as
 * (a << 32 | b, n_AB) records in increasing order.
 */
bytea *
aov_pairs_build(int kind, int32 max_basket, int64 n_orders, int64 skipped,
				int64 m, const int64 *count, const int64 *ikey,
				const char *const *tkey, const uint32 *tlen,
				int64 npairs, const uint64 *pair_key, const int64 *pair_count)
{
	Size		size = PAIRS_HEADER_SIZE;
	bytea	   *result;
	char	   *p;

	size = add_size(size, mul_size(npairs, 16));
	if (kind == AOV_KEY_BIGINT)
		size = add_size(size, mul_size(m, 16));
	else
	{
		size = add_size(size, mul_size(m, 12));
		for (int64 i = 0; i < m; i++)
			size = add_size(size, tlen[i]);
	}
	result = (bytea *) aov_flat_alloc(size, PAIRS_TYPNAME);
	p = VARDATA(result);
	p = aov_write_u8(p, AOV_FORMAT_V1);
	p = aov_write_u8(p, (uint8) kind);
	p = aov_write_u16(p, 0);
	p = aov_write_i32(p, max_basket);
	p = aov_write_i64(p, n_orders);
	p = aov_write_i64(p, skipped);
	p = aov_write_i64(p, m);
	p = aov_write_i64(p, npairs);
	for (int64 i = 0; i < m; i++)
	{
		p = aov_write_i64(p, count[i]);
		if (kind == AOV_KEY_BIGINT)
			p = aov_write_i64(p, ikey[i]);
		else
		{
			p = aov_write_i32(p, (int32) tlen[i]);
			memcpy(p, tkey[i], tlen[i]);
			p += tlen[i];
		}
	}
	for (int64 i = 0; i < npairs; i++)
	{
		p = aov_write_i32(p, (int32) (pair_key[i] >> 32));
		p = aov_write_i32(p, (int32) (uint32) pair_key[i]);
		p = aov_write_i64(p, pair_count[i]);
	}
	Assert(p == (char *) result + VARHDRSZ + size);
	return result;
}

/* ---------- type I/O ---------- */

static void
pairs_validate(const char *body, Size len)
{
	PairsView	v;

	pairs_parse(body, len, &v);
}

AOV_TYPE_IO_FUNCTIONS(aov_pairs, PAIRS_TYPNAME, pairs_validate)
