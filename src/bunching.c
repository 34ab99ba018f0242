/*
 * bunching.c
 *		The counterfactual fit behind aov_threshold_bunching and
 *		aov_threshold_effect: a polynomial least-squares fit to histogram
 *		counts outside a window around a spend threshold, the excess and
 *		missing mass inside the window, the revenue the moved orders added,
 *		and their residual-bootstrap standard errors.
 *
 * The SQL side bins the orders (one pass over the relation) and hands over
 * the bin counts in bin order, the bin centres, which bins are fitted (all
 * but the window), optional round-number flags, and the index ranges of
 * the window's parts below and above the threshold.
 *
 * Stability: the polynomial is in z = (x - mid) / half, so every z is in
 * [-1, 1] and the powers stay of order 1; the least-squares problem is
 * solved by Householder QR of the design matrix (never the normal
 * equations, whose condition number is the square of the matrix's).  A
 * column whose R diagonal is negligible against the largest one makes the
 * fit singular, which is an error, never a number.
 *
 * Bootstrap (as R's bunching::bunchit): the residuals of the fitted bins are
 * resampled with replacement and added to the fitted counts (to the
 * observed counts in the window, which the fit does not explain), the fit
 * is repeated, and the standard deviation of each figure over the
 * replicates is its standard error.  The design matrix is the same in every
 * replicate, so it is factored once.  The generator is splitmix64 from the
 * given seed: the same call gives the same standard errors on every
 * platform and version.
 *
 * Memory: the design matrix, nfit x (poly + 2) doubles, and a few vectors
 * of the bins; bins are at most AOV_BUNCHING_MAX_BINS.
 */
#include "postgres.h"

#include <math.h>

#include "catalog/pg_type.h"
#include "miscadmin.h"
#include "utils/array.h"
#include "utils/float.h"

#include "aov_ext.h"
#include "result.h"

#define AOV_BUNCHING_MAX_BINS 100000
#define AOV_BUNCHING_MAX_BOOT 100000
/* excess, missing, b, moved revenue: each with a bootstrap standard error */
#define AOV_BUNCHING_NFIG 4

/* A least-squares problem factored as X = QR (Householder, in place). */
typedef struct Lsq
{
	int			m;				/* rows (fitted bins) */
	int			p;				/* columns */
	double	   *a;				/* m x p, column-major: R above, reflectors below */
	double	   *beta;			/* reflector scale per column */
} Lsq;

static inline double *
col(const Lsq *l, int j)
{
	return l->a + (size_t) j * l->m;
}

/* Applies reflector j (I - beta v v', v = (1, below-diagonal of column j)) to d. */
static void
reflect(const Lsq *l, int j, double *d)
{
	const double *c = col(l, j);
	double		s = d[j];

	for (int i = j + 1; i < l->m; i++)
		s += c[i] * d[i];
	s *= l->beta[j];
	d[j] -= s;
	for (int i = j + 1; i < l->m; i++)
		d[i] -= s * c[i];
}

/* Householder QR; false when a column is (numerically) dependent. */
static bool
lsq_factor(Lsq *l)
{
	double		rmax = 0;

	l->beta = palloc0(sizeof(double) * l->p);
	for (int j = 0; j < l->p; j++)
	{
		double	   *c = col(l, j);
		double		norm = 0,
					alpha,
					v0;

		for (int i = j; i < l->m; i++)
			norm = hypot(norm, c[i]);
		if (norm == 0)
			return false;
		alpha = c[j] > 0 ? -norm : norm;
		v0 = c[j] - alpha;
		/* reflector v = (v0, c[j+1..]) stored with v0 scaled to 1 */
		for (int i = j + 1; i < l->m; i++)
			c[i] /= v0;
		l->beta[j] = -v0 / alpha;
		c[j] = alpha;
		for (int k = j + 1; k < l->p; k++)
			reflect(l, j, col(l, k));
		rmax = Max(rmax, fabs(alpha));
	}
	for (int j = 0; j < l->p; j++)
		if (fabs(col(l, j)[j]) <= 1e-10 * rmax)
			return false;
	return true;
}

/* The coefficients for right-hand side y (overwritten by Q'y). */
static void
lsq_solve(const Lsq *l, double *y, double *coef)
{
	for (int j = 0; j < l->p; j++)
		reflect(l, j, y);
	for (int j = l->p - 1; j >= 0; j--)
	{
		double		s = y[j];

		for (int k = j + 1; k < l->p; k++)
			s -= col(l, k)[j] * coef[k];
		coef[j] = s / col(l, j)[j];
	}
}

static inline uint64
splitmix64(uint64 *s)
{
	uint64		z = (*s += UINT64CONST(0x9E3779B97F4A7C15));

	z = (z ^ (z >> 30)) * UINT64CONST(0xBF58476D1CE4E5B9);
	z = (z ^ (z >> 27)) * UINT64CONST(0x94D049BB133111EB);
	return z ^ (z >> 31);
}

/* The figures of one fit: window sums, the normalized excess, the moved revenue. */
typedef struct Figures
{
	double		excess;
	double		missing;
	double		b;
	double		moved;
} Figures;

typedef struct Problem
{
	int			nbins;
	int			ncols;			/* poly + 1, plus 1 with round numbers */
	int			poly;
	double	   *x;				/* bin centres */
	double	   *z;				/* scaled bin centres */
	bool	   *fit;
	bool	   *round;			/* NULL: no round-number column */
	int			below_lo,
				below_hi,		/* window below the threshold, 0-based, inclusive */
				above_lo,
				above_hi;
} Problem;

static inline double
design(const Problem *pr, int bin, int j)
{
	if (j <= pr->poly)
		return pow(pr->z[bin], j);
	return pr->round[bin] ? 1.0 : 0.0;
}

static void
predict(const Problem *pr, const double *coef, double *cf)
{
	for (int i = 0; i < pr->nbins; i++)
	{
		double		s = 0;

		for (int j = 0; j < pr->ncols; j++)
			s += coef[j] * design(pr, i, j);
		cf[i] = s;
	}
}

/*
 * b is Kleven's B / h0: h0 the counterfactual count of the threshold's own
 * bin (the first above it), as bunchit's notch estimate, not the mean over
 * the window that its kink estimate uses (a falling density makes that
 * smaller than h0, and b larger, the wider the window).
 *
 * The moved revenue compares the observed histogram of the whole window
 * with the counterfactual one scaled to the same number of orders: the
 * campaign is assumed to move orders within the window, not to add or
 * remove them, so a fit that misses the window's total by some orders
 * does not count their whole value as moved.  NaN when the counterfactual
 * of the window is not positive.
 */
static Figures
figures(const Problem *pr, const double *y, const double *cf)
{
	Figures		f = {0, 0, 0, 0};
	double		y_win = 0,
				cf_win = 0,
				y_rev = 0,
				cf_rev = 0;

	for (int i = pr->below_lo; i <= pr->below_hi; i++)
		f.missing += cf[i] - y[i];
	for (int i = pr->above_lo; i <= pr->above_hi; i++)
		f.excess += y[i] - cf[i];
	f.b = f.excess / cf[pr->above_lo];
	for (int i = Min(pr->below_lo, pr->above_lo); i <= pr->above_hi; i++)
	{
		y_win += y[i];
		cf_win += cf[i];
		y_rev += y[i] * pr->x[i];
		cf_rev += cf[i] * pr->x[i];
	}
	f.moved = cf_win > 0 ? y_rev - cf_rev * (y_win / cf_win) : get_float8_nan();
	return f;
}

static double *
float8_array_arg(FunctionCallInfo fcinfo, int argno, int *n, const char *what)
{
	ArrayType  *a = PG_GETARG_ARRAYTYPE_P(argno);
	Datum	   *elems;
	bool	   *nulls;
	double	   *out;

	deconstruct_array(a, FLOAT8OID, 8, FLOAT8PASSBYVAL, TYPALIGN_DOUBLE, &elems, &nulls, n);
	out = palloc(sizeof(double) * Max(*n, 1));
	for (int i = 0; i < *n; i++)
	{
		if (nulls[i])
			elog(ERROR, "%s array holds a NULL", what);
		out[i] = DatumGetFloat8(elems[i]);
	}
	return out;
}

static bool *
bool_array_arg(FunctionCallInfo fcinfo, int argno, int n, const char *what)
{
	ArrayType  *a = PG_GETARG_ARRAYTYPE_P(argno);
	Datum	   *elems;
	bool	   *nulls;
	int			got;
	bool	   *out;

	deconstruct_array(a, BOOLOID, 1, true, TYPALIGN_CHAR, &elems, &nulls, &got);
	if (got != n)
		elog(ERROR, "%s array has %d elements, not %d", what, got, n);
	out = palloc(sizeof(bool) * Max(n, 1));
	for (int i = 0; i < n; i++)
		out[i] = !nulls[i] && DatumGetBool(elems[i]);
	return out;
}

/*
 * internal to aov_threshold_bunching: (counts float8[], centres float8[],
 * fitted bool[], round bool[] or NULL, poly, below_lo, below_hi, above_lo,
 * above_hi (1-based, inclusive), n_boot, seed) -> counterfactual float8[],
 * excess, missing, b, moved revenue and their bootstrap standard errors
 */
PG_FUNCTION_INFO_V1(aov_bunching_fit);
Datum
aov_bunching_fit(PG_FUNCTION_ARGS)
{
	static const char *const fields[] = {"counterfactual", "excess", "missing", "b",
		"moved_revenue", "excess_se", "missing_se", "b_se", "moved_revenue_se"};
	AovRowType *rt;
	Problem		pr;
	double	   *y,
			   *x,
			   *cf,
			   *coef,
			   *work,
			   *resid,
			   *ystar,
			   *cfstar;
	int			nx,
				nfit = 0,
				nboot;
	bool		any_round = false;
	double		lo = get_float8_infinity(),
				hi = -get_float8_infinity(),
				mid,
				half;
	Lsq			l;
	Figures		f;
	double		mean[AOV_BUNCHING_NFIG] = {0},
				m2[AOV_BUNCHING_NFIG] = {0};
	int			nvalid[AOV_BUNCHING_NFIG] = {0};
	uint64		rng;
	Datum		values[1 + 2 * AOV_BUNCHING_NFIG];
	bool		nulls[1 + 2 * AOV_BUNCHING_NFIG] = {false};
	Datum	   *cfd;

	for (int i = 0; i < 11; i++)
		if (i != 3 && PG_ARGISNULL(i))
			elog(ERROR, "aov_bunching_fit: argument %d is null", i + 1);
	y = float8_array_arg(fcinfo, 0, &pr.nbins, "counts");
	x = float8_array_arg(fcinfo, 1, &nx, "centres");
	if (nx != pr.nbins || pr.nbins < 1 || pr.nbins > AOV_BUNCHING_MAX_BINS)
		elog(ERROR, "aov_bunching_fit: bad number of bins");
	pr.fit = bool_array_arg(fcinfo, 2, pr.nbins, "fitted");
	pr.round = PG_ARGISNULL(3) ? NULL : bool_array_arg(fcinfo, 3, pr.nbins, "round");
	pr.poly = PG_GETARG_INT32(4);
	pr.below_lo = PG_GETARG_INT32(5) - 1;
	pr.below_hi = PG_GETARG_INT32(6) - 1;
	pr.above_lo = PG_GETARG_INT32(7) - 1;
	pr.above_hi = PG_GETARG_INT32(8) - 1;
	nboot = PG_GETARG_INT32(9);
	rng = (uint64) PG_GETARG_INT64(10);
	if (pr.poly < 0 || pr.below_lo < 0 || pr.below_hi >= pr.nbins || pr.above_lo < 0 ||
		pr.above_hi >= pr.nbins || pr.above_lo > pr.above_hi || nboot < 0 ||
		nboot > AOV_BUNCHING_MAX_BOOT)
		elog(ERROR, "aov_bunching_fit: bad window or parameters");

	for (int i = 0; i < pr.nbins; i++)
	{
		lo = Min(lo, x[i]);
		hi = Max(hi, x[i]);
		if (pr.fit[i])
			nfit++;
		if (pr.round && pr.round[i] && pr.fit[i])
			any_round = true;
	}
	if (!any_round)
		pr.round = NULL;
	pr.ncols = pr.poly + 1 + (pr.round ? 1 : 0);
	mid = (lo + hi) / 2;
	half = (hi - lo) / 2;
	if (half <= 0)
		half = 1;
	pr.x = x;
	pr.z = palloc(sizeof(double) * pr.nbins);
	for (int i = 0; i < pr.nbins; i++)
		pr.z[i] = (x[i] - mid) / half;

	if (nfit <= pr.ncols)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("polynomial of order %d is too high for %d fitted bins", pr.poly, nfit),
				 errdetail("The fit has %d coefficients and needs more bins outside the window than that.",
						   pr.ncols),
				 errhint("Lower poly or widen the range with more bins_below and bins_above.")));

	l.m = nfit;
	l.p = pr.ncols;
	l.a = palloc(sizeof(double) * (size_t) nfit * pr.ncols);
	for (int j = 0; j < pr.ncols; j++)
		for (int i = 0, r = 0; i < pr.nbins; i++)
			if (pr.fit[i])
				col(&l, j)[r++] = design(&pr, i, j);
	if (!lsq_factor(&l))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("the counterfactual fit is singular"),
				 errdetail("The polynomial of order %d (with the round-number bins, if any) cannot be fitted to the bins outside the window.",
						   pr.poly),
				 errhint("Lower poly, or leave out round_number when every fitted bin or none is a round number.")));

	coef = palloc(sizeof(double) * pr.ncols);
	work = palloc(sizeof(double) * nfit);
	cf = palloc(sizeof(double) * pr.nbins);
	for (int i = 0, r = 0; i < pr.nbins; i++)
		if (pr.fit[i])
			work[r++] = y[i];
	lsq_solve(&l, work, coef);
	predict(&pr, coef, cf);
	if (!(cf[pr.above_lo] > 0))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("the counterfactual count above the threshold is not positive"),
				 errdetail("The fitted smooth histogram has no orders in the bin just above the threshold, so the excess mass cannot be normalized."),
				 errhint("Use more orders, wider bins or a lower poly.")));
	f = figures(&pr, y, cf);

	resid = palloc(sizeof(double) * Max(nfit, 1));
	for (int i = 0, r = 0; i < pr.nbins; i++)
		if (pr.fit[i])
			resid[r++] = y[i] - cf[i];
	ystar = palloc(sizeof(double) * pr.nbins);
	cfstar = palloc(sizeof(double) * pr.nbins);
	for (int k = 0; k < nboot; k++)
	{
		Figures		g;
		double		v[AOV_BUNCHING_NFIG];

		CHECK_FOR_INTERRUPTS();
		for (int i = 0, r = 0; i < pr.nbins; i++)
		{
			double		e = resid[(splitmix64(&rng) >> 11) % (uint64) nfit];

			ystar[i] = (pr.fit[i] ? cf[i] : y[i]) + e;
			if (pr.fit[i])
				work[r++] = ystar[i];
		}
		lsq_solve(&l, work, coef);
		predict(&pr, coef, cfstar);
		g = figures(&pr, ystar, cfstar);
		v[0] = g.excess;
		v[1] = g.missing;
		v[2] = g.b;
		v[3] = g.moved;

		/*
		 * Welford: no cancellation however large the counts.  A replicate
		 * whose fit leaves a figure undefined (no counterfactual orders in
		 * the threshold's bin or the window) does not count for it.
		 */
		for (int j = 0; j < AOV_BUNCHING_NFIG; j++)
		{
			double		d;

			if (!isfinite(v[j]))
				continue;
			nvalid[j]++;
			d = v[j] - mean[j];
			mean[j] += d / nvalid[j];
			m2[j] += d * (v[j] - mean[j]);
		}
	}

	rt = aov_result_row(fcinfo, fields, 1 + 2 * AOV_BUNCHING_NFIG);
	cfd = palloc(sizeof(Datum) * pr.nbins);
	for (int i = 0; i < pr.nbins; i++)
		cfd[i] = Float8GetDatum(cf[i]);
	values[0] = PointerGetDatum(construct_array(cfd, pr.nbins, FLOAT8OID, 8, FLOAT8PASSBYVAL,
												TYPALIGN_DOUBLE));
	values[1] = Float8GetDatum(f.excess);
	values[2] = Float8GetDatum(f.missing);
	values[3] = Float8GetDatum(f.b);
	values[4] = Float8GetDatum(f.moved);
	nulls[4] = !isfinite(f.moved);
	for (int j = 0; j < AOV_BUNCHING_NFIG; j++)
	{
		int			o = 1 + AOV_BUNCHING_NFIG + j;

		nulls[o] = nvalid[j] < 2 || nulls[1 + j];
		values[o] = Float8GetDatum(nulls[o] ? 0 : sqrt(m2[j] / (nvalid[j] - 1)));
	}
	PG_RETURN_DATUM(aov_row_form(rt, values, nulls));
}
