/*
 * numeric_scaled.h
 *		numeric values as exact scaled integers (123.45 is 12345 at scale 2),
 *		and back.
 */
#ifndef AOV_NUMERIC_SCALED_H
#define AOV_NUMERIC_SCALED_H

#include "utils/numeric.h"

#include "aov_ext.h"
#include "exactsum.h"

extern AovSpecial aov_numeric_decode(Datum num, int128 *unscaled, int *effscale,
									 int *dscale, bool *toobig);
extern bool aov_int128_mul_pow10(int128 *v, int d);
extern void aov_int128s_mul_pow10(int128 *a, int64 n, int d, int to, const char *func);
extern bool aov_rescale_int64(int64 *v, int128 unscaled, int from_scale,
							  int to_scale);
extern int128 aov_pow10_int128(int e);

extern Numeric aov_int128_to_numeric(int128 v, int scale, int dscale);
extern Datum aov_scaled_to_numeric(int128 v, int scale, int dscale);
extern Numeric aov_widesum_to_numeric(const AovWideSum *s, int scale, int dscale);
extern Datum aov_float8_to_numeric(double x);
extern Numeric aov_numeric_special(AovSpecial sp);
extern Datum aov_int64_numeric(int64 v);
extern double aov_scaled_to_double(int128 v, int scale);
extern void aov_numeric_out_of_range(const char *func, int scale) pg_attribute_noreturn();

/* round(n / q), half away from zero; q != 0 (inline: once per priced order) */
static inline int128
aov_int128_div_round(int128 n, int128 q)
{
	int128		quo = n / q;
	int128		rem = n % q;
	uint128		arem = rem < 0 ? -(uint128) rem : (uint128) rem;
	uint128		aq = q < 0 ? -(uint128) q : (uint128) q;

	if (arem >= aq - arem)
		quo += ((n < 0) != (q < 0)) ? -1 : 1;
	return quo;
}

#endif							/* AOV_NUMERIC_SCALED_H */
