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
 */
#include "postgres.h"

#include <math.h>

#include "miscadmin.h"

#include "aov_ext.h"

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

	front = exp(a * log(x) + b * log(y) -
				(lgamma(a) + lgamma(b) - lgamma(a + b))) / a;
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
 * Yuen's estimate of n values x (reordered in place): the trimmed mean and
 * the variance of it from the winsorized values.  Clamping every value to
 * [x_(g), x_(n-g-1)] winsorizes by position, ties included, so two
 * selections and one pass suffice.
 */
void
aov_yuen_estimate(double *x, int64 n, double trim, AovEstimate *out)
{
	int64		g = aov_trim_count(n, trim);
	int64		h = n - 2 * g;
	double		lo,
				hi;
	long double sum = 0,
				sumsq = 0;
	double		wmean;

	out->est = out->var = out->nu = NAN;
	if (h < 2)
		return;
	aov_select_float8(x, 0, n, g);
	lo = x[g];
	aov_select_float8(x, g, n, n - g - 1);
	hi = x[n - g - 1];

	for (int64 i = 0; i < n; i++)
	{
		double		w = x[i] < lo ? lo : (x[i] > hi ? hi : x[i]);

		sum += w;
		if ((i & 0xFFFFF) == 0)
			CHECK_FOR_INTERRUPTS();
	}
	wmean = (double) (sum / n);
	for (int64 i = 0; i < n; i++)
	{
		double		w = x[i] < lo ? lo : (x[i] > hi ? hi : x[i]);

		sumsq += (long double) (w - wmean) * (w - wmean);
	}
	/* trimmed sum = winsorized sum less the g copies of each cut value */
	out->est = (double) ((sum - (long double) g * lo - (long double) g * hi) / h);
	/* (n - 1) s_w^2 is the winsorized sum of squares itself */
	out->var = (double) (sumsq / ((long double) h * (h - 1)));
	out->nu = h - 1;
}
