/*
 * exactsum.h
 *		Exact sums of doubles and of 128-bit integers, and correctly rounded
 *		means of them.
 *
 * A sum that rounds as it goes depends on the order the values arrive in,
 * so it changes with the parallel plan.  These never round: a mean or a
 * ratio is rounded once, at the end, and is then the same on every
 * platform, for every split of the rows and every row order.
 */
#ifndef AOV_EXACTSUM_H
#define AOV_EXACTSUM_H

#include <string.h>

#include "aov_ext.h"

/*
 * Superaccumulator for doubles: chunk[i] holds a signed multiple of
 * 2^(32*i - 1074).  72 chunks cover every finite double, products of a
 * double and a count below 2^62, and sums of up to 2^60 of them; carries
 * are propagated every 2^29 additions.  584 bytes, nothing allocated.
 */
#define AOV_XSUM_CHUNKS 72

typedef struct AovExactSum
{
	int64		chunk[AOV_XSUM_CHUNKS];
	int32		pending;		/* additions since the last carry propagation */
} AovExactSum;

extern void aov_xsum_init(AovExactSum *s);
extern void aov_xsum_carry(AovExactSum *s);
extern void aov_xsum_add_mul(AovExactSum *s, double x, int64 count);
extern void aov_xsum_add_xsum(AovExactSum *dst, const AovExactSum *src, bool negate);
extern double aov_xsum_div(const AovExactSum *s, int128 m);
extern double aov_int128_div(int128 sum, int64 m);

/*
 * Where a finite double goes in a superaccumulator: |x| = mant * 2^(pos -
 * 1074) with mant < 2^53, pos = 32 * chunk + shift.
 */
static inline void
aov_xsum_place(double x, uint64 *mant, int *chunk, int *shift, bool *neg)
{
	uint64		bits;
	int			biased;
	int			pos;

	memcpy(&bits, &x, sizeof(bits));
	*neg = (bits >> 63) != 0;
	biased = (int) ((bits >> 52) & 0x7FF);
	*mant = bits & ((UINT64CONST(1) << 52) - 1);
	/* subnormals have no implicit bit */
	if (biased == 0)
		pos = 0;
	else
	{
		*mant |= UINT64CONST(1) << 52;
		pos = biased - 1;
	}
	*chunk = pos >> 5;
	*shift = pos & 31;
}

/* Add one finite double; inline because the trimmed mean adds every value. */
static inline void
aov_xsum_add(AovExactSum *s, double x)
{
	uint64		mant;
	int			c;
	int			sh;
	bool		neg;
	uint64		lo;
	uint64		hi;
	int64		a0,
				a1,
				a2;

	aov_xsum_place(x, &mant, &c, &sh, &neg);
	lo = (mant & 0xFFFFFFFF) << sh;
	hi = (mant >> 32) << sh;
	a0 = (int64) (lo & 0xFFFFFFFF);
	a1 = (int64) ((lo >> 32) + (hi & 0xFFFFFFFF));
	a2 = (int64) (hi >> 32);
	if (neg)
	{
		s->chunk[c] -= a0;
		s->chunk[c + 1] -= a1;
		s->chunk[c + 2] -= a2;
	}
	else
	{
		s->chunk[c] += a0;
		s->chunk[c + 1] += a1;
		s->chunk[c + 2] += a2;
	}
	/* each addition moves a chunk by < 2^33: carry long before 2^63 */
	if (unlikely(++s->pending >= (1 << 29)))
		aov_xsum_carry(s);
}

/*
 * Exact sum of int128 values: the true sum is lo + carry * 2^128.  Sums of
 * up to 2^62 values below 2^127 in magnitude, each possibly multiplied by
 * a count below 2^62, need fewer than 2^62 carries.
 */
typedef struct AovWideSum
{
	int128		lo;
	int64		carry;
} AovWideSum;

static inline void
aov_widesum_add(AovWideSum *s, int128 x)
{
	int128		r;

	if (unlikely(__builtin_add_overflow(s->lo, x, &r)))
		s->carry += x > 0 ? 1 : -1;
	s->lo = r;
}

extern void aov_widesum_add_wide(AovWideSum *dst, const AovWideSum *src);
extern void aov_widesum_sub_wide(AovWideSum *dst, const AovWideSum *src);
extern void aov_widesum_add_mul_wide(AovWideSum *s, int128 v, int64 count);

/*
 * s += v * count, count >= 0.  A value within int64 times a count below
 * 2^62 fits in int128, which covers prices and item counts; every decoded
 * order of a combine comes through here.
 */
static inline void
aov_widesum_add_mul(AovWideSum *s, int128 v, int64 count)
{
	if (likely(v >= PG_INT64_MIN && v <= PG_INT64_MAX && count < ((int64) 1 << 62)))
		aov_widesum_add(s, v * (int128) count);
	else
		aov_widesum_add_mul_wide(s, v, count);
}
extern bool aov_widesum_mul_pow10(AovWideSum *s, int d);
extern int	aov_widesum_cmp(const AovWideSum *a, const AovWideSum *b);

#endif							/* AOV_EXACTSUM_H */
