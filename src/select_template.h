/*
 * select_template.h
 *		In-place selection (quickselect) over an array of a scalar type.
 *
 * Include after defining SELECT_NAME (function name) and SELECT_TYPE (an
 * integer or floating type holding no NaN).  SELECT_NAME(a, lo, hi, k)
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

static void
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

#undef SELECT_NAME
#undef SELECT_CMP_NAME
#undef SELECT_TYPE
