/*
 * state_io.c
 *		The one serialized format shared by aov_ext's state types.
 *
 * Every state type has a single byte layout, used as the flat varlena body,
 * as the binary send/recv form and (hex-encoded) as the text form: fields in
 * network byte order, starting with a format version byte.  One layout means
 * one validating parser: input, recv and every function that reads a flat
 * state go through it, and any byte string it accepts is a valid state.
 * Text is hex so that it round-trips exactly whatever extra_float_digits
 * says (Citus ships partial states as text).
 */
#include "postgres.h"

#include <math.h>

#include "common/shortest_dec.h"
#include "fmgr.h"
#include "libpq/pqformat.h"
#include "port/pg_bswap.h"
#include "utils/expandeddatum.h"
#include "utils/memutils.h"

#include "aov_ext.h"

const char *
aov_kind_name(int kind)
{
	switch (kind)
	{
		case AOV_KIND_NUMERIC:
			return "numeric";
		case AOV_KIND_FLOAT8:
			return "float8";
		case AOV_KIND_INTEGER:
			return "integer";
	}
	return "unknown";
}

void
aov_corrupt(const char *typname, const char *detail)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
			 errmsg("invalid %s value", typname),
			 errdetail("%s", detail),
			 errhint("Values of this type are made by the aov_ext aggregates; do not edit them.")));
}

void
aov_reader_init(AovReader *r, const char *p, Size len, const char *typname)
{
	r->p = (const unsigned char *) p;
	r->len = len;
	r->pos = 0;
	r->typname = typname;
}

static void
aov_reader_need(AovReader *r, Size nbytes)
{
	if (nbytes > r->len - r->pos)
		aov_corrupt(r->typname, "The value is shorter than its header says.");
}

uint8
aov_read_u8(AovReader *r)
{
	aov_reader_need(r, 1);
	return r->p[r->pos++];
}

uint16
aov_read_u16(AovReader *r)
{
	uint16		v;

	aov_reader_need(r, sizeof(v));
	memcpy(&v, r->p + r->pos, sizeof(v));
	r->pos += sizeof(v);
	return pg_ntoh16(v);
}

int32
aov_read_i32(AovReader *r)
{
	uint32		v;

	aov_reader_need(r, sizeof(v));
	memcpy(&v, r->p + r->pos, sizeof(v));
	r->pos += sizeof(v);
	return (int32) pg_ntoh32(v);
}

int64
aov_read_i64(AovReader *r)
{
	uint64		v;

	aov_reader_need(r, sizeof(v));
	memcpy(&v, r->p + r->pos, sizeof(v));
	r->pos += sizeof(v);
	return (int64) pg_ntoh64(v);
}

double
aov_read_f64(AovReader *r)
{
	uint64		v = (uint64) aov_read_i64(r);
	double		d;

	memcpy(&d, &v, sizeof(d));
	return d;
}

void
aov_reader_end(AovReader *r)
{
	if (r->pos != r->len)
		aov_corrupt(r->typname, "The value has trailing bytes.");
}

char *
aov_write_u8(char *p, uint8 v)
{
	*p = (char) v;
	return p + 1;
}

char *
aov_write_u16(char *p, uint16 v)
{
	v = pg_hton16(v);
	memcpy(p, &v, sizeof(v));
	return p + sizeof(v);
}

char *
aov_write_i32(char *p, int32 v)
{
	uint32		u = pg_hton32((uint32) v);

	memcpy(p, &u, sizeof(u));
	return p + sizeof(u);
}

char *
aov_write_i64(char *p, int64 v)
{
	uint64		u = pg_hton64((uint64) v);

	memcpy(p, &u, sizeof(u));
	return p + sizeof(u);
}

char *
aov_write_f64(char *p, double v)
{
	int64		i;

	memcpy(&i, &v, sizeof(i));
	return aov_write_i64(p, i);
}

char *
aov_hex_encode(const char *body, Size len)
{
	static const char hex[] = "0123456789abcdef";
	char	   *out = palloc(len * 2 + 1);

	for (Size i = 0; i < len; i++)
	{
		unsigned char c = (unsigned char) body[i];

		out[2 * i] = hex[c >> 4];
		out[2 * i + 1] = hex[c & 15];
	}
	out[len * 2] = '\0';
	return out;
}

static int
hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

char *
aov_hex_decode(const char *str, Size *len, const char *typname)
{
	Size		slen = strlen(str);
	char	   *out;

	if (slen % 2 != 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				 errmsg("invalid input syntax for type %s", typname),
				 errdetail("The text form is an even number of hexadecimal digits.")));
	out = palloc(slen / 2 + 1);
	for (Size i = 0; i < slen / 2; i++)
	{
		int			hi = hex_digit(str[2 * i]);
		int			lo = hex_digit(str[2 * i + 1]);

		if (hi < 0 || lo < 0)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
					 errmsg("invalid input syntax for type %s", typname),
					 errdetail("The text form is an even number of hexadecimal digits.")));
		out[i] = (char) ((hi << 4) | lo);
	}
	*len = slen / 2;
	return out;
}

/*
 * The serialized bytes of a state datum, flat or expanded.  *tofree is set
 * to what the caller should pfree afterwards (or NULL).
 */
void
aov_flat_body(Datum d, const char **body, Size *len, void **tofree)
{
	struct varlena *v = (struct varlena *) DatumGetPointer(d);

	*tofree = NULL;
	if (VARATT_IS_EXTERNAL_EXPANDED(v))
	{
		ExpandedObjectHeader *eoh = DatumGetEOHP(d);
		Size		size = EOH_get_flat_size(eoh);
		struct varlena *flat = palloc(size);

		EOH_flatten_into(eoh, flat, size);
		v = flat;
		*tofree = flat;
	}
	else if (VARATT_IS_EXTERNAL(v) || VARATT_IS_COMPRESSED(v))
	{
		v = pg_detoast_datum(v);
		*tofree = v;
	}
	*body = VARDATA_ANY(v);
	*len = VARSIZE_ANY_EXHDR(v);
}

/*
 * floor(n * frac), taking frac as the shortest decimal that reads back as the
 * same float8, i.e. what the user typed: 100 * 0.29 is 29, not the 28 that
 * the binary product 28.999999999999996 would give.
 */
int64
aov_trim_count(int64 n, double frac)
{
	char		buf[DOUBLE_SHORTEST_DECIMAL_LEN];
	const char *p;
	int128		mant = 0;
	int			ndig = 0;
	int			exp10 = 0;
	int128		prod;

	Assert(frac >= 0 && frac < 1 && n >= 0);
	if (frac == 0 || n == 0)
		return 0;
	double_to_shortest_decimal_buf(frac, buf);
	for (p = buf; *p && *p != 'e' && *p != 'E'; p++)
	{
		if (*p == '.')
		{
			for (p++; *p >= '0' && *p <= '9'; p++)
			{
				mant = mant * 10 + (*p - '0');
				ndig++;
				exp10--;
			}
			break;
		}
		if (*p >= '0' && *p <= '9')
		{
			mant = mant * 10 + (*p - '0');
			ndig++;
		}
	}
	if (*p == 'e' || *p == 'E')
		exp10 += atoi(p + 1);
	Assert(ndig <= 17);

	/* frac = mant * 10^exp10 with mant < 10^17 and frac < 1, so exp10 < 0 */
	prod = mant * (int128) n;	/* < 10^17 * 2^63 < 2^120 */
	for (int i = 0; i < -exp10 && prod > 0; i++)
		prod /= 10;
	return (int64) prod;
}

void
aov_check_aggregate(FunctionCallInfo fcinfo, const char *func, MemoryContext *aggcxt)
{
	if (!AggCheckCallContext(fcinfo, aggcxt))
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("%s called in non-aggregate context", func),
				 errhint("It is a support function of an aov_ext aggregate.")));
}

/*
 * Where the states of one aggregate call site live: one context per
 * aggregate context, a direct child of it, shared by all the groups.
 *
 * A direct child, because nodeAgg adopts a read-write expanded state without
 * copying only when its context's parent is the aggregate context.  Shared,
 * because hash aggregation sums the memory of every child context each time
 * it adds a group: one context per group made GROUP BY quadratic in the
 * number of groups.  States are never freed one by one (nodeAgg deletes an
 * expanded state only when a transition returns a different one, which ours
 * never do), so sharing is safe; the context goes when the aggregate context
 * is reset, and a reset callback forgets it then.
 */
typedef struct AovStateCache
{
	MemoryContext aggcxt;
	MemoryContext shared;
} AovStateCache;

typedef struct AovStateCacheHook
{
	AovStateCache *cache;
	MemoryContext cxt;
	MemoryContextCallback cb;
} AovStateCacheHook;

static void
forget_state_context(void *arg)
{
	AovStateCacheHook *hook = arg;

	if (hook->cache->shared == hook->cxt)
	{
		hook->cache->shared = NULL;
		hook->cache->aggcxt = NULL;
	}
}

MemoryContext
aov_state_context(FunctionCallInfo fcinfo, MemoryContext aggcxt)
{
	AovStateCache *cache = fcinfo->flinfo->fn_extra;
	AovStateCacheHook *hook;

	if (cache == NULL)
	{
		cache = MemoryContextAllocZero(fcinfo->flinfo->fn_mcxt, sizeof(AovStateCache));
		fcinfo->flinfo->fn_extra = cache;
	}
	if (cache->shared != NULL && cache->aggcxt == aggcxt)
		return cache->shared;

	cache->shared = AllocSetContextCreate(aggcxt, "aov_ext states",
										  ALLOCSET_DEFAULT_SIZES);
	cache->aggcxt = aggcxt;
	hook = MemoryContextAlloc(cache->shared, sizeof(AovStateCacheHook));
	hook->cache = cache;
	hook->cxt = cache->shared;
	hook->cb.func = forget_state_context;
	hook->cb.arg = hook;
	MemoryContextRegisterResetCallback(cache->shared, &hook->cb);
	return cache->shared;
}

/*
 * The type I/O functions of every state type, given the type's validating
 * parser.  All four move the same serialized bytes: text is their hex form,
 * binary is the bytes themselves, and the flat varlena holds them as body.
 */
static Datum
flat_from_body(const char *body, Size len, AovValidateFn validate)
{
	struct varlena *result;

	validate(body, len);
	result = palloc(VARHDRSZ + len);
	SET_VARSIZE(result, VARHDRSZ + len);
	memcpy(VARDATA(result), body, len);
	return PointerGetDatum(result);
}

Datum
aov_state_in(const char *str, const char *typname, AovValidateFn validate)
{
	Size		len;
	char	   *body = aov_hex_decode(str, &len, typname);

	return flat_from_body(body, len, validate);
}

Datum
aov_state_recv(StringInfo buf, AovValidateFn validate)
{
	int			len = buf->len - buf->cursor;

	return flat_from_body(pq_getmsgbytes(buf, len), len, validate);
}

char *
aov_state_out(Datum d)
{
	const char *body;
	Size		len;
	void	   *tofree;

	aov_flat_body(d, &body, &len, &tofree);
	return aov_hex_encode(body, len);
}

bytea *
aov_state_send(Datum d)
{
	const char *body;
	Size		len;
	void	   *tofree;
	bytea	   *result;

	aov_flat_body(d, &body, &len, &tofree);
	result = palloc(VARHDRSZ + len);
	SET_VARSIZE(result, VARHDRSZ + len);
	memcpy(VARDATA(result), body, len);
	return result;
}
