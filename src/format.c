/*
 * format.c
 *		The serialized form shared by aov_ext's types (see format.h): a
 *		bounds-checked reader, writers, variable-length integers, hex text,
 *		and the type I/O functions.
 *
 * Variable-length integers are LEB128 (seven bits a byte, low first) and
 * must be minimal: a value has exactly one encoding, so equal values
 * serialize to equal bytes and the text form of a value is canonical.
 */
#include "postgres.h"

#include "fmgr.h"
#include "libpq/pqformat.h"
#include "utils/expandeddatum.h"
#include "utils/memutils.h"

#include "format.h"

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
aov_bad_version(const char *typname, int version, int oldest, int newest)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
			 errmsg("unsupported %s format version %d", typname, version),
			 oldest == newest ?
			 errdetail("This build of aov_ext reads format version %d.", newest) :
			 errdetail("This build of aov_ext reads format versions %d to %d.", oldest, newest)));
}

void
aov_reader_init(AovReader *r, const char *p, Size len, const char *typname)
{
	r->p = (const unsigned char *) p;
	r->len = len;
	r->pos = 0;
	r->typname = typname;
}

void
aov_reader_short(AovReader *r)
{
	aov_corrupt(r->typname, "The value is shorter than its header says.");
}

uint8
aov_read_u8_slow(AovReader *r)
{
	return (uint8) aov_read_be(r, 1);
}

/* An unsigned LEB128 integer; a non-minimal or overlong one is corrupt. */
uint128
aov_read_varint128_slow(AovReader *r)
{
	uint128		v = 0;

	for (int shift = 0;; shift += 7)
	{
		uint8		b = aov_read_u8(r);

		/* the 19th byte holds the top two bits and ends the number */
		if (shift == 126 && b > 3)
			aov_corrupt(r->typname, "A variable-length integer is too long.");
		v |= (uint128) (b & 0x7F) << shift;
		if (!(b & 0x80))
		{
			if (b == 0 && shift > 0)
				aov_corrupt(r->typname, "A variable-length integer is not minimal.");
			return v;
		}
	}
}

uint64
aov_read_varint_slow(AovReader *r)
{
	uint128		v = aov_read_varint128_slow(r);

	if (v > PG_UINT64_MAX)
		aov_corrupt(r->typname, "A variable-length integer is out of range.");
	return (uint64) v;
}

/* n raw bytes, in place */
const char *
aov_read_bytes(AovReader *r, Size n)
{
	const char *p;

	if (unlikely(n > r->len - r->pos))
		aov_reader_short(r);
	p = (const char *) r->p + r->pos;
	r->pos += n;
	return p;
}

void
aov_reader_end(AovReader *r)
{
	if (r->pos != r->len)
		aov_corrupt(r->typname, "The value has trailing bytes.");
}

/* The low n bytes of v, big-endian: every fixed-width writer below. */
char *
aov_write_varint128(char *p, uint128 v)
{
	while (v >= 0x80)
	{
		*p++ = (char) ((v & 0x7F) | 0x80);
		v >>= 7;
	}
	*p++ = (char) v;
	return p;
}

char *
aov_write_varint(char *p, uint64 v)
{
	return aov_write_varint128(p, v);
}

int
aov_varint128_len(uint128 v)
{
	int			n = 1;

	while (v >= 0x80)
	{
		v >>= 7;
		n++;
	}
	return n;
}

int
aov_varint_len(uint64 v)
{
	return aov_varint128_len(v);
}

static char *
hex_encode(const char *body, Size len)
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

static char *
hex_decode(const char *str, Size *len, const char *typname)
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

void
aov_flat_open(AovFlat *f, Datum d)
{
	struct varlena *v = (struct varlena *) DatumGetPointer(d);

	f->tofree = NULL;
	if (VARATT_IS_EXTERNAL_EXPANDED(v))
	{
		ExpandedObjectHeader *eoh = DatumGetEOHP(d);
		Size		size = EOH_get_flat_size(eoh);
		struct varlena *flat = palloc(size);

		EOH_flatten_into(eoh, flat, size);
		v = flat;
		f->tofree = flat;
	}
	else if (VARATT_IS_EXTERNAL(v) || VARATT_IS_COMPRESSED(v))
	{
		v = pg_detoast_datum(v);
		f->tofree = v;
	}
	f->body = VARDATA_ANY(v);
	f->len = VARSIZE_ANY_EXHDR(v);
}

void
aov_flat_close(AovFlat *f)
{
	if (f->tofree)
		pfree(f->tofree);
	f->tofree = NULL;
}

/* The size of a flat varlena of bodylen bytes, or an error past 1 GB. */
Size
aov_flat_size(Size bodylen, const char *typname)
{
	Size		size = add_size(bodylen, VARHDRSZ);

	if (size > MaxAllocSize)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("%s value of %zu bytes exceeds the 1 GB limit of a PostgreSQL value",
						typname, bodylen),
				 errdetail("A value that crosses a process boundary (a parallel worker's or a Citus node's partial state, a stored value) is limited to 1 GB."),
				 errhint("Aggregate smaller groups, or run the query without parallel workers.")));
	return size;
}

struct varlena *
aov_flat_alloc(Size len, const char *typname)
{
	Size		size = aov_flat_size(len, typname);
	struct varlena *v = palloc(size);

	SET_VARSIZE(v, size);
	return v;
}

/*
 * Type input, output, recv and send of every type.  All four move the same
 * serialized bytes: text is their hex form, binary is the bytes themselves,
 * and the flat varlena holds them as body.
 */
static Datum
flat_from_body(const char *body, Size len, const char *typname, AovValidateFn validate)
{
	struct varlena *result;

	validate(body, len);
	result = aov_flat_alloc(len, typname);
	memcpy(VARDATA(result), body, len);
	return PointerGetDatum(result);
}

Datum
aov_value_in(const char *str, const char *typname, AovValidateFn validate)
{
	Size		len;
	char	   *body = hex_decode(str, &len, typname);

	return flat_from_body(body, len, typname, validate);
}

Datum
aov_value_recv(StringInfo buf, const char *typname, AovValidateFn validate)
{
	int			len = buf->len - buf->cursor;

	return flat_from_body(pq_getmsgbytes(buf, len), len, typname, validate);
}

char *
aov_value_out(Datum d, const char *typname)
{
	AovFlat		f;
	char	   *result;

	aov_flat_open(&f, d);
	/* hex doubles the size: a value over 512 MB has no text form */
	if (f.len > (MaxAllocSize - 1) / 2)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("%s value of %zu bytes is too large for its text form", typname, f.len),
				 errdetail("The text form is hexadecimal, two characters a byte, and a text value is limited to 1 GB."),
				 errhint("Use the binary form (COPY ... BINARY), or aggregate smaller groups.")));
	result = hex_encode(f.body, f.len);
	aov_flat_close(&f);
	return result;
}

bytea *
aov_value_send(Datum d, const char *typname)
{
	AovFlat		f;
	bytea	   *result;

	aov_flat_open(&f, d);
	result = (bytea *) aov_flat_alloc(f.len, typname);
	memcpy(VARDATA(result), f.body, f.len);
	aov_flat_close(&f);
	return result;
}

