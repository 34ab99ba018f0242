/*
 * exactsum.c
 *		Exact sums and correctly rounded means (see exactsum.h).
 *
 * Integers add in int128 (AovWideSum adds a carry word for sums that leave
 * it).  A double is split into 32-bit digits at its own exponent and added
 * digit by digit into a superaccumulator, so no rounding ever happens while
 * adding; the mean sum/m is then rounded once, to the nearest double (ties
 * to even): the correctly rounded value of the exact mean, the same on
 * every platform and for every split and order of the rows.
 *
 * Memory: an AovExactSum is 584 bytes on the stack; nothing is allocated.
 */
#include "postgres.h"

#include <math.h>

#include "miscadmin.h"
#include "utils/float.h"

#include "exactsum.h"
#include "numeric_scaled.h"

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

/* The correctly rounded value of sum / m (m >= 1). */
double
aov_int128_div(int128 sum, int64 m)
{
	bool		neg = sum < 0;
	uint128		mag = neg ? -(uint128) sum : (uint128) sum;

	return divide_round(mag, false, 0, m, neg);
}

/* The correctly rounded value of *s / m (m >= 1); normalizes *s. */
static double
xsum_mean(AovExactSum *s, int64 m)
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


/*
 * Add x * count exactly (count >= 0).  x = mant * 2^(pos - 1074), so the
 * product is the integer mant * count (below 2^115) at that position,
 * added as five 32-bit digits.
 */
void
aov_xsum_add_mul(AovExactSum *s, double x, int64 count)
{
	uint64		mant;
	int			c;
	int			sh;
	uint128		p;
	uint32		d[5];
	bool		neg;

	Assert(count >= 0);
	if (count == 0 || x == 0)
		return;
	if (count == 1)
	{
		aov_xsum_add(s, x);
		return;
	}
	aov_xsum_place(x, &mant, &c, &sh, &neg);
	p = (uint128) mant * (uint64) count;
	/* the digits of p << sh, p < 2^115 and sh < 32: five digits */
	for (int i = 0; i < 4; i++)
		d[i] = (uint32) (p >> (32 * i));
	d[4] = 0;
	if (sh > 0)
	{
		for (int i = 4; i > 0; i--)
			d[i] = (d[i] << sh) | (d[i - 1] >> (32 - sh));
		d[0] <<= sh;
	}
	for (int i = 0; i < 5; i++)
	{
		if (neg)
			s->chunk[c + i] -= d[i];
		else
			s->chunk[c + i] += d[i];
	}
	if (unlikely(++s->pending >= (1 << 29)))
		aov_xsum_carry(s);
}

/* dst += src, or dst -= src; both stay exact. */
void
aov_xsum_add_xsum(AovExactSum *dst, const AovExactSum *src, bool negate)
{
	for (int i = 0; i < AOV_XSUM_CHUNKS; i++)
		dst->chunk[i] += negate ? -src->chunk[i] : src->chunk[i];
	/* both were normalized or nearly so: one propagation restores room */
	aov_xsum_carry(dst);
}

/* The correctly rounded value of *s / m for any nonzero m below 2^63. */
double
aov_xsum_div(const AovExactSum *s, int128 m)
{
	AovExactSum tmp = *s;
	bool		neg = m < 0;
	double		r;

	if (neg)
		m = -m;
	Assert(m > 0 && m <= PG_INT64_MAX);
	r = xsum_mean(&tmp, (int64) m);
	return neg ? -r : r;
}

void
aov_widesum_add_wide(AovWideSum *dst, const AovWideSum *src)
{
	aov_widesum_add(dst, src->lo);
	dst->carry += src->carry;
}

void
aov_widesum_sub_wide(AovWideSum *dst, const AovWideSum *src)
{
	int128		r;

	/* a wrapped difference is off by one 2^128, the other way from a sum's */
	if (__builtin_sub_overflow(dst->lo, src->lo, &r))
		dst->carry += src->lo > 0 ? -1 : 1;
	dst->lo = r;
	dst->carry -= src->carry;
}

/*
 * Add v * count exactly (count >= 0).  |v| < 2^128 and count < 2^63, so the
 * magnitude of the product, hi * 2^128 + lo, has hi below 2^63.
 */
void
aov_widesum_add_mul_wide(AovWideSum *s, int128 v, int64 count)
{
	bool		neg = v < 0;
	uint128		u = neg ? -(uint128) v : (uint128) v;
	uint128		lo_part;
	uint128		hi_part;
	uint128		lo;
	uint64		hi;

	Assert(count >= 0);
	if (count == 0 || v == 0)
		return;
	/* u * count = (u_hi * count) * 2^64 + u_lo * count */
	lo_part = (uint128) (uint64) u * (uint64) count;
	hi_part = (uint128) (uint64) (u >> 64) * (uint64) count;
	lo = lo_part + (hi_part << 64);
	hi = (uint64) (hi_part >> 64) + (lo < lo_part ? 1 : 0);
	/* add or subtract lo as two halves that each fit in int128 */
	if (neg)
	{
		aov_widesum_add(s, -(int128) (lo >> 1));
		aov_widesum_add(s, -(int128) (lo - (lo >> 1)));
		s->carry -= (int64) hi;
	}
	else
	{
		aov_widesum_add(s, (int128) (lo >> 1));
		aov_widesum_add(s, (int128) (lo - (lo >> 1)));
		s->carry += (int64) hi;
	}
}

/* *s *= 10^d (d >= 0), or false if the product leaves the range we hold. */
bool
aov_widesum_mul_pow10(AovWideSum *s, int d)
{
	if (d == 0 || (s->lo == 0 && s->carry == 0))
		return true;
	if (s->carry != 0)
		return false;
	return aov_int128_mul_pow10(&s->lo, d);
}

/* The sign of a - b. */
int
aov_widesum_cmp(const AovWideSum *a, const AovWideSum *b)
{
	AovWideSum	d = *a;

	aov_widesum_sub_wide(&d, b);
	if (d.carry != 0)
		return d.carry > 0 ? 1 : -1;
	return (d.lo > 0) - (d.lo < 0);
}
