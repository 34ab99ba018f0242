/*
 * robust.h
 *		The robust figures of a multiset of values: trimmed means, medians,
 *		most frequent values, and Yuen's estimate, read from a sorted run
 *		(values.h) or, for the plain trimmed mean, selected in place.
 */
#ifndef AOV_ROBUST_H
#define AOV_ROBUST_H

#include "aov_ext.h"
#include "exactsum.h"
#include "stats.h"
#include "values.h"

/* An exact sum of values of one kind. */
typedef struct AovTrimSum
{
	int			kind;
	AovWideSum	wide;			/* NUMERIC */
	int128		i;				/* INTEGER */
	AovExactSum x;				/* FLOAT8 */
} AovTrimSum;

extern void aov_trimsum_init(AovTrimSum *acc, int kind);
extern void aov_run_trimsum(const AovRun *r, int kind, int64 a, int64 b, AovTrimSum *acc);
extern void aov_values_trimsum(AovValues *v, int64 a, int64 b, AovTrimSum *acc);
extern Datum aov_trimsum_numeric_div(const AovTrimSum *acc, int64 m, int scale, int dscale);
extern double aov_trimsum_double_div(const AovTrimSum *acc, int64 m, int scale);

/* The index in a run of the value of rank k (0-based, counting repeats). */
extern int64 aov_run_index_of_rank(const AovRun *r, int64 k);

/* A run's value as a numeric datum (doubles with their shortest digits). */
extern Datum aov_run_value_numeric(const AovRun *r, int kind, int scale, int dscale, int64 i);
extern double aov_run_value_double(const AovRun *r, int kind, int scale, int64 i);

/* aov_breakdown's figures of a run, as numeric */
extern Datum aov_run_median(const AovRun *r, int kind, int scale, int dscale);
extern Datum aov_run_mean_of_ranks(const AovRun *r, int kind, int scale, int dscale,
								   int64 ra, int64 rb);
extern Datum aov_run_trimmed_mean(const AovRun *r, int kind, int scale, int dscale, double trim);

/* The most frequent values: run indexes, best first (ties: smaller value). */
typedef struct AovTopItem
{
	int64		index;
	int64		count;
} AovTopItem;

extern int	aov_run_top(const AovRun *r, int k, AovTopItem *out);

/* Yuen's trimmed estimate (stats.h) of a run's values. */
extern void aov_run_yuen(const AovRun *r, int kind, int scale, double trim, AovEstimate *out);

#endif							/* AOV_ROBUST_H */
