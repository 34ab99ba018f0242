/*
 * radix_template.h
 *		The radix sort, instantiated by radix.c once per key width:
 *		RADIX_NAME (function), RADIX_KEY (unsigned type), RADIX_BITS (the
 *		number of significant bits of a key).
 */

void
RADIX_NAME(RADIX_KEY *keys, int64 *payload, int64 n)
{
	RADIX_KEY	min,
				max;
	int			nbits;
	int			dbits;
	int64		nbuckets;
	int64	   *count;
	RADIX_KEY  *tk;
	int64	   *tp = NULL;
	RADIX_KEY  *src = keys,
			   *dst;
	int64	   *srcp = payload,
			   *dstp;

	if (n < 2)
		return;
	if (n <= SMALL_SORT)
	{
		for (int64 i = 1; i < n; i++)
		{
			RADIX_KEY	k = keys[i];
			int64		p = payload ? payload[i] : 0;
			int64		j = i - 1;

			while (j >= 0 && keys[j] > k)
			{
				keys[j + 1] = keys[j];
				if (payload)
					payload[j + 1] = payload[j];
				j--;
			}
			keys[j + 1] = k;
			if (payload)
				payload[j + 1] = p;
		}
		return;
	}

	min = max = keys[0];
	for (int64 i = 1; i < n; i++)
	{
		if (keys[i] < min)
			min = keys[i];
		if (keys[i] > max)
			max = keys[i];
	}
	nbits = RADIX_BITS(max - min);
	if (nbits == 0)
		return;					/* all equal */

	dbits = n >= 65536 ? 16 : 8;
	nbuckets = (int64) 1 << dbits;
	count = palloc(nbuckets * sizeof(int64));
	tk = palloc_extended(mul_size(n, sizeof(RADIX_KEY)), MCXT_ALLOC_HUGE);
	if (payload)
		tp = palloc_extended(mul_size(n, sizeof(int64)), MCXT_ALLOC_HUGE);
	dst = tk;
	dstp = tp;
	for (int64 i = 0; i < n; i++)
		keys[i] -= min;

	for (int shift = 0; shift < nbits; shift += dbits)
	{
		int64		sum = 0;
		RADIX_KEY	mask = (RADIX_KEY) (nbuckets - 1);

		memset(count, 0, nbuckets * sizeof(int64));
		for (int64 i = 0; i < n; i++)
			count[(src[i] >> shift) & mask]++;
		if (count[(src[0] >> shift) & mask] == n)
			continue;			/* the same digit everywhere */
		for (int64 b = 0; b < nbuckets; b++)
		{
			int64		c = count[b];

			count[b] = sum;
			sum += c;
		}
		for (int64 i = 0; i < n; i++)
		{
			int64		at = count[(src[i] >> shift) & mask]++;

			dst[at] = src[i];
			if (payload)
				dstp[at] = srcp[i];
		}
		{
			RADIX_KEY  *t = src;
			int64	   *tpp = srcp;

			src = dst;
			dst = t;
			srcp = dstp;
			dstp = tpp;
		}
		CHECK_FOR_INTERRUPTS();
	}
	if (src != keys)
	{
		memcpy(keys, src, n * sizeof(RADIX_KEY));
		if (payload)
			memcpy(payload, srcp, n * sizeof(int64));
	}
	for (int64 i = 0; i < n; i++)
		keys[i] += min;
	pfree(tk);
	if (tp)
		pfree(tp);
	pfree(count);
}

#undef RADIX_NAME
#undef RADIX_KEY
#undef RADIX_BITS
