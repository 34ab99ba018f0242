/*
 * select.h
 *		In-place selection, and the exact sum of the values of sorted ranks
 *		[a, b) of an unsorted array without sorting it (select_template.h):
 *		the serial trimmed mean's fast path.
 */
#ifndef AOV_SELECT_H
#define AOV_SELECT_H

#include "exactsum.h"

extern void aov_select_int64(int64 *a, int64 lo, int64 hi, int64 k);
extern void aov_select_int128(int128 *a, int64 lo, int64 hi, int64 k);
extern void aov_select_float8(double *a, int64 lo, int64 hi, int64 k);
extern void aov_trimsum_int64(int64 *v, int64 n, int64 a, int64 b, int128 *acc);
extern void aov_trimsum_int128(int128 *v, int64 n, int64 a, int64 b, AovWideSum *acc);
extern void aov_trimsum_float8(double *v, int64 n, int64 a, int64 b, AovExactSum *acc);

#endif							/* AOV_SELECT_H */
