/*
 * select_template.h
 *		In-place selection (quickselect) over an array of a scalar type.
 *
 * Instantiated once per type by select.c (the functions are declared in
 * select.h).  Include after defining SELECT_NAME (function name), SELECT_CMP_NAME (a
 * qsort comparator to define), SELECT_TYPE (an integer or floating type
 * holding no NaN), and for the trimmed sum TRIMSUM_NAME, ACC_TYPE and
 * ACC_ADD(acc, x) (exact accumulation).  SELECT_NAME(a, lo, hi, k)
 * rearranges a[lo..hi) so that a[k] holds the value it would hold if the
 * range were sorted, with no larger value before it and no smaller after it.
 * Median-of-three Hoare partitioning splits runs of equal values evenly, so
 * heavily tied data (prices in cents) stays linear; after too many rounds it
 * sorts what is left, which bounds the worst case at O(n log n).
 */

static int
SELECT_CMP_NAME(const void *a, const void *b)
{
	SELECT_TYPE x = *(const SELECT_TYPE *) a;
	SELECT_TYPE y = *(const SELECT_TYPE *) b;

	return (x > y) - (x < y);
}

void
SELECT_NAME(SELECT_TYPE *a, int64 lo, int64 hi, int64 k)
{
	int			rounds = 0;

	Assert(lo <= k && k < hi);
	while (hi - lo > 16)
	{
		int64		mid = lo + (hi - lo) / 2;
		SELECT_TYPE x,
					y,
					z,
					pivot,
					t;
		int64		i,
					j;

		CHECK_FOR_INTERRUPTS();
		if (++rounds > 128)
		{
			qsort(a + lo, hi - lo, sizeof(SELECT_TYPE), SELECT_CMP_NAME);
			return;
		}
		/* median of three, moved to a[lo] so both sides come out non-empty */
		x = a[lo];
		y = a[mid];
		z = a[hi - 1];
		if ((x <= y && y <= z) || (z <= y && y <= x))
		{
			a[mid] = x;
			a[lo] = y;
		}
		else if ((y <= z && z <= x) || (x <= z && z <= y))
		{
			a[hi - 1] = x;
			a[lo] = z;
		}
		pivot = a[lo];

		i = lo - 1;
		j = hi;
		for (;;)
		{
			do
				i++;
			while (a[i] < pivot);
			do
				j--;
			while (a[j] > pivot);
			if (i >= j)
				break;
			t = a[i];
			a[i] = a[j];
			a[j] = t;
		}
		/* now a[lo..j] <= pivot <= a[j+1..hi) */
		if (k <= j)
			hi = j + 1;
		else
			lo = j + 1;
	}
	/* insertion sort of the small remainder */
	for (int64 i = lo + 1; i < hi; i++)
	{
		SELECT_TYPE v = a[i];
		int64		j = i - 1;

		while (j >= lo && a[j] > v)
		{
			a[j + 1] = a[j];
			j--;
		}
		a[j + 1] = v;
	}
}

/*
 * Accumulate into *acc the values of sorted ranks [a, b) of v[0..n), without
 * sorting v and, normally, without modifying it.
 *
 * A sorted sample brackets each cut point between two sample values chosen
 * four standard deviations apart; one pass then drops what lies below the
 * low bracket and above the high one, sums the middle, and keeps only the
 * values inside the brackets (about 1% of n each, at most n/32) for a
 * selection.  If the sample missed (improbable; the pass proves it), the
 * brackets overlap or overflow (many values tied at a cut), or n is small,
 * v is selected in place and the range summed directly.  The sum
 * is exact either way, so the result never depends on the path taken.
 */
#define TRIM_SAMPLE_MIN 65536
#define TRIM_SAMPLE_SIZE 16384

/*
 * The values of the sorted sample smp[0 .. s) that bracket the value of
 * rank 'rank' of n: the sample values four standard deviations of that
 * rank's sample position either side of it.
 */
static void
TRIM_BRACKET_NAME(const SELECT_TYPE *smp, int s, int64 rank, int64 n,
				  SELECT_TYPE *lo, SELECT_TYPE *hi)
{
	double		p = (double) rank / (double) n;
	int64		r = (int64) ((double) rank * s / n);
	int			w = (int) (4.0 * sqrt(s * p * (1.0 - p)) + 2.0);

	*lo = smp[Max(r - w, 0)];
	*hi = smp[Min(r + w, s - 1)];
}

void
TRIMSUM_NAME(SELECT_TYPE *v, int64 n, int64 a, int64 b, ACC_TYPE *acc)
{
	bool		cut_low = a > 0;
	bool		cut_high = b < n;

	Assert(0 <= a && a < b && b <= n);
	if (n >= TRIM_SAMPLE_MIN && (cut_low || cut_high))
	{
		const int	s = TRIM_SAMPLE_SIZE;
		SELECT_TYPE *smp = palloc(sizeof(SELECT_TYPE) * s);
		uint64		rng = UINT64CONST(0x9E3779B97F4A7C15);
		SELECT_TYPE lo1 = 0,
					hi1 = 0,
					lo2 = 0,
					hi2 = 0;
		SELECT_TYPE *bufA = NULL,
				   *bufB = NULL;
		/* each bracket's buffer: about 1% of n is expected in it */
		const int64 cap = n / 32 + 1024;
		int64		nA = 0,
					nB = 0,
					nlo = 0,
					nhi = 0;
		ACC_TYPE	mid = *acc;
		bool		ok = true;

		/* a fixed-seed xorshift sample: the same plan on every run */
		for (int i = 0; i < s; i++)
		{
			rng ^= rng << 13;
			rng ^= rng >> 7;
			rng ^= rng << 17;
			smp[i] = v[rng % (uint64) n];
		}
		qsort(smp, s, sizeof(SELECT_TYPE), SELECT_CMP_NAME);
		if (cut_low)
		{
			TRIM_BRACKET_NAME(smp, s, a, n, &lo1, &hi1);
			bufA = palloc_extended(sizeof(SELECT_TYPE) * cap, MCXT_ALLOC_HUGE);
		}
		if (cut_high)
		{
			TRIM_BRACKET_NAME(smp, s, b, n, &lo2, &hi2);
			bufB = palloc_extended(sizeof(SELECT_TYPE) * cap, MCXT_ALLOC_HUGE);
		}
		pfree(smp);
		if (cut_low && cut_high && hi1 >= lo2)
			ok = false;

		for (int64 i = 0; ok && i < n; i++)
		{
			SELECT_TYPE x = v[i];

			if (cut_low && x <= hi1)
			{
				if (x < lo1)
					nlo++;
				else
				{
					if (unlikely(nA == cap))
					{
						ok = false;		/* heavy ties at the cut: select in place */
						break;
					}
					bufA[nA++] = x;
				}
			}
			else if (cut_high && x >= lo2)
			{
				if (x > hi2)
					nhi++;
				else
				{
					if (unlikely(nB == cap))
					{
						ok = false;
						break;
					}
					bufB[nB++] = x;
				}
			}
			else
				ACC_ADD(&mid, x);
			if ((i & 0xFFFFF) == 0)
				CHECK_FOR_INTERRUPTS();
		}
		/* the cut points must fall inside the brackets */
		if (ok && cut_low && !(nlo <= a && a <= nlo + nA))
			ok = false;
		if (ok && cut_high && !(nhi <= n - b && n - b <= nhi + nB))
			ok = false;
		if (ok)
		{
			if (cut_low && a - nlo < nA)
			{
				int64		k = a - nlo;

				if (k > 0)
					SELECT_NAME(bufA, 0, nA, k);
				for (int64 i = k; i < nA; i++)
					ACC_ADD(&mid, bufA[i]);
			}
			if (cut_high)
			{
				int64		keep = nB - ((n - b) - nhi);

				if (keep > 0 && keep < nB)
					SELECT_NAME(bufB, 0, nB, keep);
				for (int64 i = 0; i < keep; i++)
					ACC_ADD(&mid, bufB[i]);
			}
			*acc = mid;
		}
		if (bufA)
			pfree(bufA);
		if (bufB)
			pfree(bufB);
		if (ok)
			return;
	}

	if (cut_low)
		SELECT_NAME(v, 0, n, a);
	if (cut_high)
		SELECT_NAME(v, a, n, b);
	for (int64 i = a; i < b; i++)
	{
		ACC_ADD(acc, v[i]);
		if ((i & 0xFFFFF) == 0)
			CHECK_FOR_INTERRUPTS();
	}
}

#undef SELECT_NAME
#undef SELECT_CMP_NAME
#undef SELECT_TYPE
#undef TRIMSUM_NAME
#undef TRIM_BRACKET_NAME
#undef ACC_TYPE
#undef ACC_ADD
#undef TRIM_SAMPLE_MIN
#undef TRIM_SAMPLE_SIZE
