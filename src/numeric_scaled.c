/*
 * numeric_scaled.c
 *		Reading numeric values as exact scaled integers, and back.
 *
 * A numeric(12,2) revenue of 123.45 is held as the int64 12345 with scale 2.
 * Decoding reads the numeric's stored form directly (sign, weight, display
 * scale and base-10000 digits: PostgreSQL's on-disk format, which cannot
 * change without breaking pg_upgrade), because going through the numeric
 * functions would allocate per row.  Packed (short-header) values are read in
 * place; only compressed or out-of-line values are detoasted (an out-of-line
 * TOAST pointer has a short header too: test for it explicitly).
 */
#include "postgres.h"

#include <math.h>

#include "common/shortest_dec.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/numeric.h"

#include "numeric_scaled.h"

/* Header bits of the stored numeric format (see numeric.c). */
#define NUM_SIGN_MASK		0xC000
#define NUM_NEG				0x4000
#define NUM_SHORT			0x8000
#define NUM_SPECIAL			0xC000
#define NUM_EXT_MASK		0xF000
#define NUM_NAN				0xC000
#define NUM_PINF			0xD000
#define NUM_NINF			0xF000
#define NUM_SHORT_NEG		0x2000
#define NUM_SHORT_DSCALE	0x1F80
#define NUM_SHORT_DSHIFT	7
#define NUM_SHORT_WSIGN		0x0040
#define NUM_SHORT_WMASK		0x003F
#define NUM_DSCALE_MASK		0x3FFF

/* 10^0 .. 10^38 fit in int128; 10^19 and up are built from two halves. */
int128
aov_pow10_int128(int e)
{
	static const uint64 p64[20] = {
		UINT64CONST(1), UINT64CONST(10), UINT64CONST(100), UINT64CONST(1000),
		UINT64CONST(10000), UINT64CONST(100000), UINT64CONST(1000000),
		UINT64CONST(10000000), UINT64CONST(100000000), UINT64CONST(1000000000),
		UINT64CONST(10000000000), UINT64CONST(100000000000),
		UINT64CONST(1000000000000), UINT64CONST(10000000000000),
		UINT64CONST(100000000000000), UINT64CONST(1000000000000000),
		UINT64CONST(10000000000000000), UINT64CONST(100000000000000000),
		UINT64CONST(1000000000000000000), UINT64CONST(10000000000000000000)
	};

	Assert(e >= 0 && e <= 38);
	if (e <= 19)
		return (int128) p64[e];
	return (int128) p64[19] * (int128) p64[e - 19];
}

/*
 * Decode a numeric datum.  For finite values, *unscaled * 10^-*effscale is
 * the exact value, with *effscale the fewest decimals that hold it (trailing
 * zeros stripped: 0.25000 has effective scale 2) and *dscale the display
 * scale it came with.  *toobig is set when the value does not fit in int128
 * at its effective scale.
 */
AovSpecial
aov_numeric_decode(Datum num, int128 *unscaled, int *effscale, int *dscale,
				   bool *toobig)
{
	struct varlena *v = (struct varlena *) DatumGetPointer(num);
	struct varlena *detoasted = NULL;
	const char *p;
	Size		len;
	uint16		header;
	bool		neg;
	int			weight;
	int			ndigits;
	const char *digits;
	int128		acc = 0;
	int			e;
	AovSpecial	result = AOV_FINITE;

	*unscaled = 0;
	*effscale = 0;
	*dscale = 0;
	*toobig = false;

	if (VARATT_IS_EXTERNAL(v) || VARATT_IS_COMPRESSED(v))
		v = detoasted = pg_detoast_datum(v);
	p = VARDATA_ANY(v);
	len = VARSIZE_ANY_EXHDR(v);
	if (len < sizeof(uint16))
		elog(ERROR, "invalid numeric datum of %zu bytes", len);
	memcpy(&header, p, sizeof(uint16));

	if ((header & NUM_SIGN_MASK) == NUM_SPECIAL)
	{
		switch (header & NUM_EXT_MASK)
		{
			case NUM_PINF:
				result = AOV_PINF;
				break;
			case NUM_NINF:
				result = AOV_NINF;
				break;
			default:
				result = AOV_NAN;
				break;
		}
		goto done;
	}
	if (header & NUM_SHORT)
	{
		neg = (header & NUM_SHORT_NEG) != 0;
		*dscale = (header & NUM_SHORT_DSCALE) >> NUM_SHORT_DSHIFT;
		weight = (header & NUM_SHORT_WSIGN) ? (int) (~NUM_SHORT_WMASK | (header & NUM_SHORT_WMASK))
			: (int) (header & NUM_SHORT_WMASK);
		digits = p + sizeof(uint16);
		ndigits = (int) ((len - sizeof(uint16)) / sizeof(int16));
	}
	else
	{
		int16		w;

		if (len < 2 * sizeof(uint16))
			elog(ERROR, "invalid numeric datum of %zu bytes", len);
		neg = (header & NUM_SIGN_MASK) == NUM_NEG;
		*dscale = header & NUM_DSCALE_MASK;
		memcpy(&w, p + sizeof(uint16), sizeof(int16));
		weight = w;
		digits = p + 2 * sizeof(uint16);
		ndigits = (int) ((len - 2 * sizeof(uint16)) / sizeof(int16));
	}
	if (ndigits == 0)
		goto done;				/* zero */
	for (int i = 0; i < ndigits; i++)
	{
		int16		d;

		memcpy(&d, digits + i * sizeof(int16), sizeof(int16));
		if (__builtin_mul_overflow(acc, (int128) 10000, &acc) ||
			__builtin_add_overflow(acc, (int128) d, &acc))
		{
			/* report the scale the value would need */
			*effscale = Max(0, 4 * (ndigits - 1 - weight));
			*toobig = true;
			goto done;
		}
	}
	/* value = acc * 10^e; the last base-10000 digit is never zero */
	e = 4 * (weight - ndigits + 1);
	while (acc % 10 == 0)
	{
		acc /= 10;
		e++;
	}
	if (e >= 0)
	{
		if (!aov_int128_mul_pow10(&acc, e))
		{
			*toobig = true;
			goto done;
		}
	}
	else
		*effscale = -e;

	*unscaled = neg ? -acc : acc;

done:
	if (detoasted)
		pfree(detoasted);
	return result;
}

/*
 * *v *= 10^d (d >= 0) unless that leaves int128 (minus its minimum).  Called
 * per row (rescaling, unit prices): an overflow-checked multiply, no
 * division.
 */
bool
aov_int128_mul_pow10(int128 *v, int d)
{
	int128		r;

	Assert(d >= 0);
	if (*v == 0 || d == 0)
		return true;
	if (d > 38)
		return false;
	/* the minimum is excluded too: it cannot be negated */
	if (__builtin_mul_overflow(*v, aov_pow10_int128(d), &r) ||
		(uint128) r == (uint128) 1 << 127)
		return false;
	*v = r;
	return true;
}

/*
 * Multiply n scaled integers by 10^d, as when their scale is raised to
 * 'to', or fail naming that scale.
 */
void
aov_int128s_mul_pow10(int128 *a, int64 n, int d, int to, const char *func)
{
	for (int64 i = 0; i < n; i++)
	{
		if (!aov_int128_mul_pow10(&a[i], d))
			aov_numeric_out_of_range(func, to);
		if ((i & 0xFFFFF) == 0)
			CHECK_FOR_INTERRUPTS();
	}
}

/*
 * *v = unscaled * 10^(to_scale - from_scale), if that fits in int64
 * (to_scale >= from_scale).
 */
bool
aov_rescale_int64(int64 *v, int128 unscaled, int from_scale, int to_scale)
{
	int			d = to_scale - from_scale;
	int128		lim = PG_INT64_MAX;

	Assert(d >= 0);
	if (unscaled == 0)
	{
		*v = 0;
		return true;
	}
	if (d > 18)
		return false;
	if (d > 0)
	{
		int128		f = aov_pow10_int128(d);

		if (unscaled > lim / f || unscaled < -lim / f)
			return false;
		unscaled *= f;
	}
	if (unscaled > lim || unscaled < -lim)
		return false;			/* INT64_MIN is excluded: it cannot be negated */
	*v = (int64) unscaled;
	return true;
}

/*
 * The numeric whose value is v * 10^-scale, shown with dscale >= scale
 * decimals (as a sum of inputs with that display scale would be).
 */
Numeric
aov_int128_to_numeric(int128 v, int scale, int dscale)
{
	char		digits[48];
	char	   *buf;
	char	   *p;
	int			nd = 0;
	bool		neg = v < 0;
	uint128		mag = neg ? -(uint128) v : (uint128) v;

	do
	{
		digits[nd++] = (char) ('0' + (int) (mag % 10));
		mag /= 10;
	} while (mag > 0);

	Assert(dscale >= scale);
	buf = palloc(nd + dscale + 4);
	p = buf;
	if (neg)
		*p++ = '-';
	if (nd <= scale)
	{
		*p++ = '0';
		*p++ = '.';
		for (int i = 0; i < scale - nd; i++)
			*p++ = '0';
		for (int i = nd - 1; i >= 0; i--)
			*p++ = digits[i];
	}
	else
	{
		for (int i = nd - 1; i >= 0; i--)
		{
			*p++ = digits[i];
			if (i == scale && scale > 0)
				*p++ = '.';
		}
	}
	if (dscale > scale && scale == 0)
		*p++ = '.';
	for (int i = scale; i < dscale; i++)
		*p++ = '0';
	*p = '\0';
	return DatumGetNumeric(DirectFunctionCall3(numeric_in, CStringGetDatum(buf),
											   ObjectIdGetDatum(InvalidOid),
											   Int32GetDatum(-1)));
}

/* The exact sum s (lo + carry * 2^128) as a numeric, as above. */
Numeric
aov_widesum_to_numeric(const AovWideSum *s, int scale, int dscale)
{
	Numeric		lo = aov_int128_to_numeric(s->lo, scale, dscale);
	Datum		two128;
	Datum		high;

	if (s->carry == 0)
		return lo;
	/* carry * 2^128 * 10^-scale, exactly */
	two128 = DirectFunctionCall3(numeric_in,
								 CStringGetDatum("340282366920938463463374607431768211456"),
								 ObjectIdGetDatum(InvalidOid), Int32GetDatum(-1));
	high = DirectFunctionCall2(numeric_mul, two128,
							   NumericGetDatum(aov_int128_to_numeric(s->carry, scale, dscale)));
	return DatumGetNumeric(DirectFunctionCall2(numeric_add, high, NumericGetDatum(lo)));
}

Numeric
aov_numeric_special(AovSpecial sp)
{
	const char *s;

	switch (sp)
	{
		case AOV_PINF:
			s = "Infinity";
			break;
		case AOV_NINF:
			s = "-Infinity";
			break;
		default:
			s = "NaN";
			break;
	}
	return DatumGetNumeric(DirectFunctionCall3(numeric_in, CStringGetDatum(s),
											   ObjectIdGetDatum(InvalidOid),
											   Int32GetDatum(-1)));
}

void
aov_numeric_out_of_range(const char *func, int scale)
{
	ereport(ERROR,
			(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
			 errmsg("numeric value out of range for %s", func),
			 errdetail("Numeric values are held exactly as integers at the largest scale seen in the group (%d digits after the point); with that scale a value has too many digits.",
					   scale),
			 errhint("Round the values to fewer decimal places, or cast them to float8 for an inexact result.")));
}

/* v * 10^-scale, shown with at least dscale decimals but never rounded. */
Datum
aov_scaled_to_numeric(int128 v, int scale, int dscale)
{
	while (scale > 0 && v % 10 == 0)
	{
		v /= 10;
		scale--;
	}
	return NumericGetDatum(aov_int128_to_numeric(v, scale, Max(scale, dscale)));
}

/*
 * A double as the numeric with the shortest digits that read back as it.
 * Only a sum can leave the double range (the exact sum of finite doubles
 * can exceed it): an error, as sum(float8) gives, rather than Infinity.
 */
Datum
aov_float8_to_numeric(double x)
{
	char		buf[DOUBLE_SHORTEST_DECIMAL_LEN];

	if (unlikely(isinf(x) || isnan(x)))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("aov_breakdown: float8 revenue out of range"),
				 errdetail("The exact revenue sum exceeds the largest float8."),
				 errhint("Cast the revenue to numeric.")));

	double_to_shortest_decimal_buf(x, buf);
	return DirectFunctionCall3(numeric_in, CStringGetDatum(buf),
							   ObjectIdGetDatum(InvalidOid), Int32GetDatum(-1));
}

Datum
aov_int64_numeric(int64 v)
{
	return DirectFunctionCall1(int8_numeric, Int64GetDatum(v));
}

/*
 * v * 10^-scale as a double, by operations that round the same way on
 * every IEEE platform: the integer is converted once (correctly rounded),
 * then divided by powers of ten that are exact in binary (10^22 at most).
 */
double
aov_scaled_to_double(int128 v, int scale)
{
	static const double p10[23] = {
		1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
		1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22
	};
	double		x = (double) v;

	while (scale > 22)
	{
		x /= p10[22];
		scale -= 22;
	}
	return x / p10[scale];
}

