/*
 * format.h
 *		The one serialized form of every aov_ext type: a reader that checks
 *		bounds, writers, variable-length integers, and the type I/O
 *		functions built on them.
 *
 * Every type has a single byte layout, used as the flat varlena body, as
 * the binary send/recv form and (hex-encoded) as the text form: fields in
 * network byte order, starting with a format version byte.  One layout
 * means one validating parser per type: input, recv and every function
 * that reads a flat value go through it, so any byte string it accepts is
 * a valid value.  Text is hex so that it round-trips exactly whatever
 * extra_float_digits says (Citus ships partial states as text).
 */
#ifndef AOV_FORMAT_H
#define AOV_FORMAT_H

#include "fmgr.h"
#include "lib/stringinfo.h"

#include "aov_ext.h"

/*
 * Format versions.  Version 1 is the layout of aov_ext 0.1 to 0.3 (values
 * in arrival order); version 2, from 0.4, holds sorted runs of distinct
 * values with their counts.  Readers accept both; writers write the newest.
 */
#define AOV_FORMAT_V1 1
#define AOV_FORMAT_V2 2

typedef struct AovReader
{
	const unsigned char *p;
	Size		len;
	Size		pos;
	const char *typname;
} AovReader;

extern void aov_reader_init(AovReader *r, const char *p, Size len, const char *typname);
extern const char *aov_read_bytes(AovReader *r, Size n);
extern void aov_reader_end(AovReader *r);
extern void aov_corrupt(const char *typname, const char *detail) pg_attribute_noreturn();
extern void aov_reader_short(AovReader *r) pg_attribute_noreturn();

/*
 * A big-endian unsigned field of n bytes (n <= 8), checked and moved past:
 * every fixed-width reader is this one with its width.  Inline, because the
 * fields of every stored value pass through here (with a constant width the
 * loop becomes one load and a byte swap).
 */
static inline uint64
aov_read_be(AovReader *r, Size n)
{
	uint64		v = 0;

	if (unlikely(n > r->len - r->pos))
		aov_reader_short(r);
	for (Size i = 0; i < n; i++)
		v = (v << 8) | r->p[r->pos + i];
	r->pos += n;
	return v;
}

static inline uint16
aov_read_u16(AovReader *r)
{
	return (uint16) aov_read_be(r, 2);
}

static inline int32
aov_read_i32(AovReader *r)
{
	return (int32) (uint32) aov_read_be(r, 4);
}

static inline int64
aov_read_i64(AovReader *r)
{
	return (int64) aov_read_be(r, 8);
}

static inline int128
aov_read_i128(AovReader *r)
{
	uint64		hi = aov_read_be(r, 8);
	uint64		lo = aov_read_be(r, 8);

	return (int128) (((uint128) hi << 64) | lo);
}

static inline double
aov_read_f64(AovReader *r)
{
	uint64		v = aov_read_be(r, 8);
	double		d;

	memcpy(&d, &v, sizeof(d));
	return d;
}

/*
 * The readers of single bytes and variable-length integers run once per
 * stored value: inline for the common case (one byte in range), out of line
 * for the rest and for every error.
 */
extern uint8 aov_read_u8_slow(AovReader *r);
extern uint64 aov_read_varint_slow(AovReader *r);
extern uint128 aov_read_varint128_slow(AovReader *r);

static inline uint8
aov_read_u8(AovReader *r)
{
	if (likely(r->pos < r->len))
		return r->p[r->pos++];
	return aov_read_u8_slow(r);
}

static inline uint64
aov_read_varint(AovReader *r)
{
	if (likely(r->pos < r->len && r->p[r->pos] < 0x80))
		return r->p[r->pos++];
	return aov_read_varint_slow(r);
}

static inline uint128
aov_read_varint128(AovReader *r)
{
	if (likely(r->pos < r->len && r->p[r->pos] < 0x80))
		return r->p[r->pos++];
	return aov_read_varint128_slow(r);
}
extern void aov_bad_version(const char *typname, int version, int oldest, int newest) pg_attribute_noreturn();

/* The writer of a big-endian field of n bytes (n <= 8), and its widths. */
static inline char *
aov_write_be(char *p, uint64 v, Size n)
{
	for (Size i = n; i > 0; i--)
	{
		p[i - 1] = (char) (v & 0xFF);
		v >>= 8;
	}
	return p + n;
}

static inline char *
aov_write_u8(char *p, uint8 v)
{
	return aov_write_be(p, v, 1);
}

static inline char *
aov_write_u16(char *p, uint16 v)
{
	return aov_write_be(p, v, 2);
}

static inline char *
aov_write_i32(char *p, int32 v)
{
	return aov_write_be(p, (uint32) v, 4);
}

static inline char *
aov_write_i64(char *p, int64 v)
{
	return aov_write_be(p, (uint64) v, 8);
}

static inline char *
aov_write_i128(char *p, int128 v)
{
	p = aov_write_be(p, (uint64) ((uint128) v >> 64), 8);
	return aov_write_be(p, (uint64) v, 8);
}

static inline char *
aov_write_f64(char *p, double v)
{
	uint64		u;

	memcpy(&u, &v, sizeof(u));
	return aov_write_be(p, u, 8);
}

extern char *aov_write_varint(char *p, uint64 v);
extern char *aov_write_varint128(char *p, uint128 v);
extern int	aov_varint_len(uint64 v);
extern int	aov_varint128_len(uint128 v);

/* zigzag: small magnitudes of either sign become small unsigned numbers */
static inline uint128
aov_zigzag128(int128 v)
{
	return ((uint128) v << 1) ^ (uint128) (v >> 127);
}

static inline int128
aov_unzigzag128(uint128 u)
{
	return (int128) (u >> 1) ^ -(int128) (u & 1);
}

/*
 * The serialized bytes of a datum of our types, flat (perhaps toasted) or
 * expanded, opened to read and closed after.
 */
typedef struct AovFlat
{
	const char *body;
	Size		len;
	void	   *tofree;			/* a flattened or detoasted copy, or NULL */
} AovFlat;

extern void aov_flat_open(AovFlat *f, Datum d);
extern void aov_flat_close(AovFlat *f);

/* A flat varlena of len body bytes, checked against the 1 GB limit. */
extern struct varlena *aov_flat_alloc(Size len, const char *typname);
extern Size aov_flat_size(Size bodylen, const char *typname);

/* A type's validating parser: ERROR unless body is a valid serialized value. */
typedef void (*AovValidateFn) (const char *body, Size len);

extern Datum aov_value_in(const char *str, const char *typname, AovValidateFn validate);
extern Datum aov_value_recv(StringInfo buf, const char *typname, AovValidateFn validate);
extern char *aov_value_out(Datum d, const char *typname);
extern bytea *aov_value_send(Datum d, const char *typname);

/*
 * The four type I/O functions of a type whose values are its serialized
 * bytes: text is their hex form, binary the bytes themselves.
 */
#define AOV_TYPE_IO_FUNCTIONS(prefix, typname, validate) \
AOV_V1_FUNCTION(prefix##_in) \
{ \
	return aov_value_in(PG_GETARG_CSTRING(0), typname, validate); \
} \
AOV_V1_FUNCTION(prefix##_out) \
{ \
	PG_RETURN_CSTRING(aov_value_out(PG_GETARG_DATUM(0), typname)); \
} \
AOV_V1_FUNCTION(prefix##_recv) \
{ \
	return aov_value_recv((StringInfo) PG_GETARG_POINTER(0), typname, validate); \
} \
AOV_V1_FUNCTION(prefix##_send) \
{ \
	PG_RETURN_BYTEA_P(aov_value_send(PG_GETARG_DATUM(0), typname)); \
}

#endif							/* AOV_FORMAT_H */
