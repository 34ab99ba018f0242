/*
 * stats.c
 *		Two-sample tests behind aov_compare: is a change in AOV, items per
 *		order or unit price between two periods larger than noise?
 *
 * Every test here has the same shape.  Each period k gives an estimate e_k,
 * the variance V_k of that estimate and its degrees of freedom nu_k; then
 *
 *		t = (e_1 - e_0) / sqrt(V_0 + V_1)
 *		df = (V_0 + V_1)^2 / (V_0^2 / nu_0 + V_1^2 / nu_1)	(Welch-Satterthwaite)
 *
 * and the two-sided p-value is P(|T_df| >= |t|) of Student's t.
 *	- Welch: e = mean, V = s^2 / n, nu = n - 1.
 *	- Yuen (trimmed): with g = floor(trim * n) values cut at each end and
 *	  h = n - 2g kept, e = trimmed mean, V = (n - 1) s_w^2 / (h (h - 1)),
 *	  nu = h - 1, where s_w^2 is the variance of the winsorized values.
 *	- A ratio of means (unit price, sum r / sum q) uses the delta method:
 *	  e = R = mean(r) / mean(q), V = var(r - R q) / (n mean(q)^2), nu = n - 1.
 *
 * aov_ab_test's confidence intervals and sample sizes need the inverse:
 * the quantile of Student's t (or of the normal, df = Infinity), found by
 * bisection on the same tail function, so the interval and the p-value of
 * a test can never disagree about where |t| crosses the level.
 *
 * The sums of squares behind the variances are formed by the callers from
 * deviations computed in double precision, one rounding each, and added
 * exactly (exactsum.h): no long double, no dependence on the row order, so
 * the p-values are the same on every platform and in every plan.
 *
 * The same incomplete beta gives the binomial tail of the campaign review
 * (aov_campaign_retirement): is a conversion rate below its floor, or could
 * the visitors seen have converted this rarely by chance?
 */
#include "postgres.h"

#include <math.h>

#include "common/shortest_dec.h"
#include "fmgr.h"
#include "miscadmin.h"

#include "stats.h"

/*
 * lgamma(z) - ((z - 1/2) ln z - z + ln sqrt(2 pi)) for z >= 10: the tail of
 * Stirling's series, whose next term is below 3e-17 there.  It lets
 * log_beta keep the large parts of the log-gammas out of its sums.
 */
static double
stirling_rest(double z)
{
	double		w = 1 / (z * z);

	return (1.0 / 12 - w * (1.0 / 360 - w * (1.0 / 1260 - w * (1.0 / 1680 - w * (1.0 / 1188 -
			w * (691.0 / 360360 - w / 156)))))) / z;
}

/*
 * ln B(a, b).  lgamma(a) + lgamma(b) - lgamma(a + b) cancels terms of size
 * (a + b) ln(a + b): each carries a rounding of that size, which at 10^5
 * orders or visitors cost the p-values 1e-10 of their value (measured by
 * test/r_crosscheck.sh against R and a 50-digit sum).  Above 10 the
 * log-gammas are split by Stirling's formula and the large parts are
 * combined analytically into logarithms of ratios, which are small.
 */
static double
log_beta(double a, double b)
{
	double		p = Min(a, b);
	double		q = Max(a, b);
	double		share = p / (p + q);

	if (p >= 10)
		return -0.5 * log(q) + 0.918938533204672742 /* ln sqrt(2 pi) */ +
			stirling_rest(p) + stirling_rest(q) - stirling_rest(p + q) +
			(p - 0.5) * log(share) + q * log1p(-share);
	if (q >= 10)
		return lgamma(p) + stirling_rest(q) - stirling_rest(p + q) +
			p - p * log(p + q) + (q - 0.5) * log1p(-share);
	return lgamma(p) + lgamma(q) - lgamma(p + q);
}

/*
 * Regularized incomplete beta I_x(a, b), with y = 1 - x passed separately so
 * that neither loses digits near 1.  The continued fraction converges fast
 * for x < (a + 1) / (a + b + 2); beyond, I_x(a, b) = 1 - I_y(b, a).  It is
 * evaluated by the modified Lentz method.
 */
static double
incomplete_beta(double a, double b, double x, double y)
{
	const double tiny = 1e-300;
	double		front;
	double		c,
				d,
				f;

	if (x <= 0)
		return 0;
	if (y <= 0)
		return 1;
	if (x > (a + 1) / (a + b + 2))
		return 1 - incomplete_beta(b, a, y, x);

	/*
	 * The logarithm of the one near 1 comes from its small complement: a or
	 * b can be 10^5 and more, and multiplies the error of ln(x) by itself.
	 */
	front = exp(a * (x > 0.5 ? log1p(-y) : log(x)) + b * (y > 0.5 ? log1p(-x) : log(y)) -
				log_beta(a, b)) / a;
	f = 1;
	c = 1;
	d = 0;
	for (int i = 0; i < 10000000; i++)
	{
		double		m = i / 2;
		double		num;
		double		delta;

		if (i == 0)
			num = 1;
		else if (i % 2 == 0)
			num = m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m));
		else
			num = -((a + m) * (a + b + m) * x) / ((a + 2 * m) * (a + 2 * m + 1));

		d = 1 + num * d;
		if (fabs(d) < tiny)
			d = tiny;
		d = 1 / d;
		c = 1 + num / c;
		if (fabs(c) < tiny)
			c = tiny;
		delta = c * d;
		f *= delta;
		if (fabs(delta - 1) < 1e-15)
			return front * (f - 1);
		if ((i & 0xFFFF) == 0)
			CHECK_FOR_INTERRUPTS();
	}
	/* not reached for the a, b of a t distribution up to 10^13 df */
	elog(ERROR, "incomplete beta function did not converge for a=%g, b=%g", a, b);
	return 0;
}

/* P(|T| >= |t|) for Student's t with df degrees of freedom (df > 0). */
static double
t_two_sided(double t, double df)
{
	double		t2 = t * t;

	if (isnan(t) || !(df > 0))
		return NAN;
	if (isinf(t))
		return 0;
	/* the tail is I_{df/(df+t^2)}(df/2, 1/2) */
	return incomplete_beta(df / 2, 0.5, df / (df + t2), t2 / (df + t2));
}

/*
 * The q with P(X <= q) = p for Student's t with df degrees of freedom, or
 * the standard normal when df is +Infinity; NaN outside 0 < p < 1, df > 0.
 * Bisection on the two-sided tail (monotone in |q|) until the bracket can
 * no longer shrink: the last bit the tail function resolves, with no
 * starting guess to go wrong in the far tails.
 */
double
aov_t_quantile(double p, double df)
{
	double		tail;
	double		lo = 0,
				hi = 1;

	if (!(p > 0 && p < 1) || !(df > 0) || isnan(df))
		return NAN;
	if (p == 0.5)
		return 0;
	/* the two-sided tail beyond |q| */
	tail = 2 * (p < 0.5 ? p : 1 - p);
#define TWO_SIDED(x) (isinf(df) ? erfc((x) / sqrt(2.0)) : t_two_sided((x), df))
	while (TWO_SIDED(hi) > tail)
	{
		lo = hi;
		hi *= 2;
		if (isinf(hi))
			return p < 0.5 ? -hi : hi;
		CHECK_FOR_INTERRUPTS();
	}
	for (;;)
	{
		double		mid = lo + (hi - lo) / 2;

		if (!(mid > lo && mid < hi))
			break;
		if (TWO_SIDED(mid) > tail)
			lo = mid;
		else
			hi = mid;
		CHECK_FOR_INTERRUPTS();
	}
#undef TWO_SIDED
	return p < 0.5 ? -hi : hi;
}

/* the quantile of Student's t, or of the normal at df = Infinity */
PG_FUNCTION_INFO_V1(aov_t_quantile_sql);
Datum
aov_t_quantile_sql(PG_FUNCTION_ARGS)
{
	double		p = PG_GETARG_FLOAT8(0);
	double		df = PG_GETARG_FLOAT8(1);

	if (!(p > 0 && p < 1))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("probability %g is out of range", p),
				 errhint("Give a probability strictly between 0 and 1.")));
	if (!(df > 0) || isnan(df))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("degrees of freedom %g must be positive", df),
				 errhint("Use Infinity for the normal distribution.")));
	PG_RETURN_FLOAT8(aov_t_quantile(p, df));
}

/*
 * Two-sided p-value of the change from a to b, or NaN when either estimate
 * has no degrees of freedom (fewer than two orders kept), a negative
 * variance, or is not finite.
 * Zero noise on both sides gives 1 for no change and 0 for any change.
 */
double
aov_two_sample_p(const AovEstimate *a, const AovEstimate *b)
{
	double		v = a->var + b->var;
	double		diff = b->est - a->est;
	double		df;

	/* a variance below 0 only comes from hand-made statistics */
	if (!(a->nu >= 1 && b->nu >= 1) || !(a->var >= 0 && b->var >= 0) ||
		!isfinite(a->est) || !isfinite(b->est) || !isfinite(v))
		return NAN;
	if (v == 0)
		return diff == 0 ? 1 : 0;
	df = v * v / (a->var * a->var / a->nu + b->var * b->var / b->nu);
	return t_two_sided(diff / sqrt(v), df);
}

/*
 * floor(n * frac), taking frac as the shortest decimal that reads back as the
 * same float8, i.e. what the user typed: 100 * 0.29 is 29, not the 28 that
 * the binary product 28.999999999999996 would give.
 */
int64
aov_trim_count(int64 n, double frac)
{
	char		buf[DOUBLE_SHORTEST_DECIMAL_LEN];
	const char *p;
	int128		mant = 0;
	int			ndig = 0;
	int			exp10 = 0;
	int128		prod;

	Assert(frac >= 0 && frac < 1 && n >= 0);
	if (frac == 0 || n == 0)
		return 0;
	double_to_shortest_decimal_buf(frac, buf);
	for (p = buf; *p && *p != 'e' && *p != 'E'; p++)
	{
		if (*p == '.')
		{
			for (p++; *p >= '0' && *p <= '9'; p++)
			{
				mant = mant * 10 + (*p - '0');
				ndig++;
				exp10--;
			}
			break;
		}
		if (*p >= '0' && *p <= '9')
		{
			mant = mant * 10 + (*p - '0');
			ndig++;
		}
	}
	if (*p == 'e' || *p == 'E')
		exp10 += atoi(p + 1);
	Assert(ndig <= 17);

	/* frac = mant * 10^exp10 with mant < 10^17 and frac < 1, so exp10 < 0 */
	prod = mant * (int128) n;	/* < 10^17 * 2^63 < 2^120 */
	for (int i = 0; i < -exp10 && prod > 0; i++)
		prod /= 10;
	return (int64) prod;
}

void
aov_estimate_unknown(AovEstimate *e)
{
	e->est = e->var = e->nu = NAN;
}

/* Welch: the mean, with variance s^2 / n, from the sum of squared deviations. */
void
aov_welch_estimate(double mean, double sum_sq_dev, int64 n, AovEstimate *out)
{
	aov_estimate_unknown(out);
	if (n < 2)
		return;
	out->est = mean;
	out->var = (sum_sq_dev / (double) (n - 1)) / (double) n;
	out->nu = (double) (n - 1);
}

/*
 * The delta method for a ratio of means R = mean(r) / mean(q): the variance
 * of the linearized r - R q over n mean(q)^2; >= 0 up to rounding.
 */
void
aov_ratio_estimate(double ratio, double mean_den, double var_num, double var_den,
				   double cov, int64 n, AovEstimate *out)
{
	double		vz;

	aov_estimate_unknown(out);
	if (n < 2 || mean_den == 0)
		return;
	vz = var_num + ratio * ratio * var_den - 2 * ratio * cov;
	if (vz < 0)
		vz = 0;
	out->est = ratio;
	out->var = vz / ((double) n * mean_den * mean_den);
	out->nu = (double) (n - 1);
}

/*
 * Yuen: the trimmed mean of n values with h kept, its variance from the
 * winsorized sum of squared deviations, (n - 1) s_w^2 / (h (h - 1)).
 */
void
aov_yuen_estimate(double trimmed_mean, double wins_sum_sq_dev, int64 n, int64 h,
				  AovEstimate *out)
{
	aov_estimate_unknown(out);
	if (h < 2 || n < h)
		return;
	out->est = trimmed_mean;
	out->var = wins_sum_sq_dev / ((double) h * (double) (h - 1));
	out->nu = (double) (h - 1);
}


/*
 * P(X <= k) for X ~ Binomial(n, p): the one-sided p-value of "the true rate
 * is below p" after k conversions among n visitors.  The tail is the
 * incomplete beta I_{1-p}(n - k, k + 1), so it costs a continued fraction,
 * not a sum of k terms; its relative error is about 1e-12 at 10^5 visitors,
 * growing in proportion to them (test/r_crosscheck.sh).
 */
PG_FUNCTION_INFO_V1(aov_binomial_below);
Datum
aov_binomial_below(PG_FUNCTION_ARGS)
{
	int64		k = PG_GETARG_INT64(0);
	int64		n = PG_GETARG_INT64(1);
	double		p = PG_GETARG_FLOAT8(2);

	if (n < 0 || k < 0 || k > n)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("conversions " INT64_FORMAT " must be between 0 and the visitors " INT64_FORMAT, k, n),
				 errhint("Count each visitor's conversion once: conversions cannot exceed visitors.")));
	if (!(p >= 0 && p <= 1))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("conversion rate floor %g must be between 0 and 1", p),
				 errhint("Give the floor as a fraction: 0.02 for 2%%.")));
	if (k == n || p == 0)
		PG_RETURN_FLOAT8(1);
	if (p == 1)
		PG_RETURN_FLOAT8(0);
	PG_RETURN_FLOAT8(incomplete_beta((double) (n - k), (double) k + 1, 1 - p, p));
}
