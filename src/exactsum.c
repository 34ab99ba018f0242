/*
 * exactsum.c
 *		Exact sums and correctly rounded means.
 *
 * A trimmed mean must not depend on the order in which values arrive, or it
 * changes with the parallel plan.  So sums are exact: int128 for integers,
 * and for doubles a superaccumulator in which every double is split into
 * 32-bit digits at its own exponent (no rounding ever happens while adding).
 * The mean sum/m is then rounded once, to the nearest double (ties to even):
 * the result is the correctly rounded value of the exact trimmed mean, the
 * same on every platform and for every split of the rows.
 *
 * Memory: an AovExactSum is 584 bytes on the stack; nothing is allocated.
 */
#include "postgres.h"

#include <math.h>

#include "miscadmin.h"
#include "utils/float.h"

#include "aov_ext.h"

void
aov_xsum_init(AovExactSum *s)
{
	memset(s, 0, sizeof(*s));
}

/*
 * Propagate carries so that every chunk but the last is in [0, 2^32).  The
 * arithmetic shift keeps the sign in the top chunk.
 */
void
aov_xsum_carry(AovExactSum *s)
{
	int64		carry = 0;

	for (int i = 0; i < AOV_XSUM_CHUNKS - 1; i++)
	{
		int64		c = s->chunk[i] + carry;

		carry = c >> 32;
		s->chunk[i] = c - (int64) ((uint64) carry << 32);
	}
	s->chunk[AOV_XSUM_CHUNKS - 1] += carry;
	s->pending = 0;
}

static inline int
clz128(uint128 x)
{
	uint64		hi = (uint64) (x >> 64);

	if (hi)
		return __builtin_clzll(hi);
	return 64 + __builtin_clzll((uint64) x);
}

/*
 * Round (q + f) * 2^exp to the nearest double, ties to even, where q > 0 and
 * f, known only as "zero" or "strictly between 0 and 1" (sticky), is the
 * part of the exact value below q's last bit.
 */
static double
round_to_double(uint128 q, bool sticky, int exp, bool neg)
{
	int			nb = 128 - clz128(q);
	uint64		q64;
	int			e_lead;
	int			prec;
	int			drop;
	uint64		mant;
	uint64		rem;
	uint64		half;
	double		r;

	/* keep 64 significant bits; the rest only matters as sticky */
	if (nb > 64)
	{
		int			sh = nb - 64;

		sticky |= (q & ((((uint128) 1) << sh) - 1)) != 0;
		q64 = (uint64) (q >> sh);
		exp += sh;
	}
	else
	{
		q64 = (uint64) q << (64 - nb);
		exp -= 64 - nb;
	}
	/* now value = (q64 + f) * 2^exp with q64's top bit set */
	e_lead = exp + 63;
	if (e_lead > 1023)
		return neg ? -get_float8_infinity() : get_float8_infinity();
	prec = 53;
	if (e_lead < -1022)
		prec = 53 - (-1022 - e_lead);	/* subnormal result */
	if (prec < 0)
		return neg ? -0.0 : 0.0;
	drop = 64 - prec;
	if (drop == 64)
	{
		/* only the rounding decides between 0 and the least subnormal */
		mant = 0;
		half = UINT64CONST(1) << 63;
		rem = q64;
		if (rem > half || (rem == half && sticky))
			mant = 1;
	}
	else
	{
		mant = q64 >> drop;
		rem = q64 & ((UINT64CONST(1) << drop) - 1);
		half = UINT64CONST(1) << (drop - 1);
		if (rem > half || (rem == half && (sticky || (mant & 1))))
			mant++;
	}
	r = ldexp((double) mant, exp + drop);
	return neg ? -r : r;
}

/* Correctly rounded (mag + sticky) * 2^exp / m for m >= 1. */
static double
divide_round(uint128 mag, bool sticky, int exp, int64 m, bool neg)
{
	int			lz;
	uint128		q;
	uint128		r;

	Assert(m >= 1);
	if (mag == 0)
		return 0.0;
	/* left-align so that the quotient keeps at least 64 significant bits */
	lz = clz128(mag);
	if (lz > 0)
	{
		Assert(!sticky);		/* a truncated magnitude is already aligned */
		mag <<= lz;
		exp -= lz;
	}
	q = mag / (uint64) m;
	r = mag % (uint64) m;
	return round_to_double(q, sticky || r != 0, exp, neg);
}

double
aov_int128_mean(int128 sum, int64 m)
{
	bool		neg = sum < 0;
	uint128		mag = neg ? -(uint128) sum : (uint128) sum;

	return divide_round(mag, false, 0, m, neg);
}

double
aov_xsum_mean(AovExactSum *s, int64 m)
{
	uint32		d[AOV_XSUM_CHUNKS];
	bool		neg;
	int			t;
	int			lz;
	uint128		mag;
	bool		sticky = false;
	int			exp;

	aov_xsum_carry(s);
	neg = s->chunk[AOV_XSUM_CHUNKS - 1] < 0;
	if (neg)
	{
		for (int i = 0; i < AOV_XSUM_CHUNKS; i++)
			s->chunk[i] = -s->chunk[i];
		aov_xsum_carry(s);
	}
	for (int i = 0; i < AOV_XSUM_CHUNKS; i++)
	{
		/* the top chunk never exceeds 2^32 for sums of < 2^60 doubles */
		Assert(s->chunk[i] >= 0 && s->chunk[i] <= PG_UINT32_MAX);
		d[i] = (uint32) s->chunk[i];
	}
	for (t = AOV_XSUM_CHUNKS - 1; t >= 0 && d[t] == 0; t--)
		;
	if (t < 0)
		return 0.0;

	/* gather the 128 bits below and including the leading one */
	lz = __builtin_clz(d[t]);
	mag = 0;
	for (int i = t; i > t - 4; i--)
		mag = (mag << 32) | (i >= 0 ? d[i] : 0);
	if (lz > 0 && t - 4 >= 0)
	{
		mag = (mag << lz) | (d[t - 4] >> (32 - lz));
		sticky = (d[t - 4] & ((UINT64CONST(1) << (32 - lz)) - 1)) != 0;
	}
	else if (lz > 0)
		mag <<= lz;
	for (int i = t - 5; i >= 0 && !sticky; i--)
		sticky = d[i] != 0;
	if (lz == 0 && t - 4 >= 0)
	{
		for (int i = t - 4; i >= 0 && !sticky; i--)
			sticky = d[i] != 0;
	}
	exp = 32 * (t - 3) - 1074 - lz;
	return divide_round(mag, sticky, exp, m, neg);
}
