/*
 * stats.h
 *		The estimators and tests behind aov_compare and diagnose_aov_drop:
 *		is a change in AOV, items per order or unit price between two
 *		periods larger than noise?
 */
#ifndef AOV_STATS_H
#define AOV_STATS_H

#include "c.h"

/* One period's estimate, the variance of the estimate, degrees of freedom */
typedef struct AovEstimate
{
	double		est;
	double		var;
	double		nu;
} AovEstimate;

extern int64 aov_trim_count(int64 n, double frac);
extern void aov_estimate_unknown(AovEstimate *e);
extern void aov_welch_estimate(double mean, double sum_sq_dev, int64 n, AovEstimate *out);
extern void aov_ratio_estimate(double ratio, double mean_den, double var_num, double var_den,
							   double cov, int64 n, AovEstimate *out);
extern void aov_yuen_estimate(double trimmed_mean, double wins_sum_sq_dev, int64 n,
							  int64 h, AovEstimate *out);
extern double aov_two_sample_p(const AovEstimate *a, const AovEstimate *b);
extern double aov_t_quantile(double p, double df);

#endif							/* AOV_STATS_H */
