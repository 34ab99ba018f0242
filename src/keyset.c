/*
 * keyset.c
 *		Byte-string keys: the dictionary and the customer id set (see
 *		keyset.h for the order, the serialized run and the memory).
 *
 * The hash table is keyed per process (hash.h), so chosen ids cannot make
 * probing quadratic; probe loops check for interrupts all the same.
 */
#include "postgres.h"

#include "mb/pg_wchar.h"
#include "miscadmin.h"
#include "utils/memutils.h"

#include "array.h"
#include "hash.h"
#include "keyset.h"

/* ---------- the dictionary ---------- */

static void
dict_grow_slots(AovKeyDict *d, MemoryContext cxt)
{
	int64		nslots = d->nslots ? d->nslots * 2 : 256;
	uint64		mask = (uint64) nslots - 1;

	if (d->slots)
		pfree(d->slots);
	d->slots = MemoryContextAllocExtended(cxt, mul_size(nslots, sizeof(int64)),
										  MCXT_ALLOC_HUGE | MCXT_ALLOC_ZERO);
	d->nslots = nslots;
	for (int64 i = 0; i < d->n; i++)
	{
		uint64		j = aov_hash_bytes(d->buf + d->off[i], d->len[i]) & mask;

		while (d->slots[j] != 0)
			j = (j + 1) & mask;
		d->slots[j] = i + 1;
		if ((i & 0xFFFF) == 0)
			CHECK_FOR_INTERRUPTS();
	}
}

/* The number of p[0..len) in d, or -1 and in *slot the free slot for it. */
static inline int64
dict_probe(const AovKeyDict *d, const char *p, Size len, uint64 *slot)
{
	uint64		mask = (uint64) d->nslots - 1;
	uint64		j = aov_hash_bytes(p, len) & mask;
	int64		probes = 0;

	while (d->slots[j] != 0)
	{
		int64		i = d->slots[j] - 1;

		if (d->len[i] == len && memcmp(d->buf + d->off[i], p, len) == 0)
			return i;
		j = (j + 1) & mask;
		if ((++probes & 0xFFFF) == 0)
			CHECK_FOR_INTERRUPTS();
	}
	*slot = j;
	return -1;
}

int64
aov_keydict_find(const AovKeyDict *d, const char *p, Size len)
{
	uint64		j;

	return d->nslots == 0 ? -1 : dict_probe(d, p, len, &j);
}

int64
aov_keydict_intern(AovKeyDict *d, MemoryContext cxt, const char *p, Size len, const char *what)
{
	uint64		j = 0;
	int64		i;

	if ((d->n + 1) * 10 > d->nslots * 7)
		dict_grow_slots(d, cxt);
	i = dict_probe(d, p, len, &j);
	if (i >= 0)
		return i;
	if (d->buflen + len > PG_UINT32_MAX || d->n >= PG_INT32_MAX)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("too many distinct %s", what),
				 errdetail("Text keys are limited to 4 GB and 2^31 distinct values per group.")));
	d->buf = aov_array_reserve(d->buf, &d->bufcap, d->buflen + len, 1024, 1, cxt);
	if (d->n == d->cap)
	{
		/* two arrays of one capacity */
		d->cap = aov_array_grow_cap(d->cap, d->n + 1, 64);
		d->off = aov_array_resize(d->off, d->cap, sizeof(uint32), cxt);
		d->len = aov_array_resize(d->len, d->cap, sizeof(uint32), cxt);
	}
	memcpy(d->buf + d->buflen, p, len);
	d->off[d->n] = (uint32) d->buflen;
	d->len[d->n] = (uint32) len;
	d->buflen += len;
	d->slots[j] = d->n + 1;
	return d->n++;
}

void
aov_keydict_free(AovKeyDict *d)
{
	aov_free(d->buf);
	aov_free(d->off);
	aov_free(d->len);
	aov_free(d->slots);
	memset(d, 0, sizeof(*d));
}

static int
cmp_dict_index(const void *a, const void *b, void *arg)
{
	const AovKeyDict *d = arg;
	int64		x = *(const int64 *) a;
	int64		y = *(const int64 *) b;

	return aov_key_cmp(d->buf + d->off[x], d->len[x], d->buf + d->off[y], d->len[y]);
}

int64 *
aov_keydict_order(const AovKeyDict *d, MemoryContext cxt)
{
	int64	   *ord = aov_array_alloc(d->n, sizeof(int64), cxt);

	for (int64 i = 0; i < d->n; i++)
		ord[i] = i;
	qsort_arg(ord, d->n, sizeof(int64), cmp_dict_index, (void *) d);
	return ord;
}

/*
 * A text key stored in a value: it will be output as text, so it must be
 * valid in the database encoding and hold no NUL, or a dump of a table of
 * such values could not be restored.
 */
void
aov_check_key_text(const char *p, int len, const char *typname, const char *what)
{
	if (memchr(p, 0, len) != NULL)
		aov_corrupt(typname, psprintf("A %s contains a zero byte.", what));
	if (!pg_verifymbstr(p, len, true))
		aov_corrupt(typname, psprintf("A %s is not valid in the database encoding.", what));
}

/* ---------- the customer id set ---------- */

void
aov_keyset_init(AovKeySet *s, MemoryContext cxt, int width)
{
	memset(s, 0, sizeof(*s));
	s->cxt = cxt;
	s->width = width;
}

void
aov_keyset_free(AovKeySet *s)
{
	aov_keydict_free(&s->dict);
	aov_free(s->order);
	aov_keyset_init(s, s->cxt, s->width);
}

/* Add the keys of src (never modified) to dst. */
void
aov_keyset_merge(AovKeySet *dst, const AovKeySet *src)
{
	const AovKeyDict *d = &src->dict;

	for (int64 i = 0; i < d->n; i++)
		aov_keyset_add(dst, d->buf + d->off[i], d->len[i]);
}

/* The keys in order, sorted once for every key set state. */
static const int64 *
keyset_order(AovKeySet *s)
{
	if (s->order == NULL || s->norder != s->dict.n)
	{
		aov_free(s->order);
		s->order = aov_keydict_order(&s->dict, s->cxt);
		s->norder = s->dict.n;
	}
	return s->order;
}

/* the length of the common prefix of two keys */
static inline uint32
common_prefix(const char *a, uint32 la, const char *b, uint32 lb)
{
	uint32		n = Min(la, lb);
	uint32		i = 0;

	while (i < n && a[i] == b[i])
		i++;
	return i;
}

Size
aov_keyset_encoded_size(AovKeySet *s)
{
	const AovKeyDict *d = &s->dict;
	const int64 *ord = keyset_order(s);
	Size		size = aov_varint_len(d->n);

	for (int64 i = 0; i < d->n; i++)
	{
		int64		k = ord[i];
		uint32		shared = 0;

		if (s->width > 0)
		{
			size += s->width;
			continue;
		}
		if (i > 0)
			shared = common_prefix(d->buf + d->off[ord[i - 1]], d->len[ord[i - 1]],
								   d->buf + d->off[k], d->len[k]);
		size = add_size(size, aov_varint_len(shared) + aov_varint_len(d->len[k] - shared) +
						(d->len[k] - shared));
	}
	return size;
}

char *
aov_keyset_encode(char *p, AovKeySet *s)
{
	const AovKeyDict *d = &s->dict;
	const int64 *ord = keyset_order(s);

	p = aov_write_varint(p, d->n);
	for (int64 i = 0; i < d->n; i++)
	{
		int64		k = ord[i];
		uint32		shared = 0;

		if (s->width == 0)
		{
			if (i > 0)
				shared = common_prefix(d->buf + d->off[ord[i - 1]], d->len[ord[i - 1]],
									   d->buf + d->off[k], d->len[k]);
			p = aov_write_varint(p, shared);
			p = aov_write_varint(p, d->len[k] - shared);
		}
		memcpy(p, d->buf + d->off[k] + shared, d->len[k] - shared);
		p += d->len[k] - shared;
		if ((i & 0xFFFF) == 0)
			CHECK_FOR_INTERRUPTS();
	}
	return p;
}

/*
 * Read n keys, checking the order, the prefixes and (text) the encoding,
 * into s.  Keys that pass are strictly increasing, so each one is new.
 */
void
aov_keyset_parse(AovReader *r, AovKeySet *s, int64 n)
{
	uint64		count = aov_read_varint(r);
	Size		keycap = 64;
	char	   *key = palloc(keycap);	/* the previous key */
	uint32		keylen = 0;

	if (count != (uint64) n)
		aov_corrupt(r->typname, "The customer ids do not match their count.");
	for (int64 i = 0; i < n; i++)
	{
		uint64		shared = 0;
		uint64		l = s->width;
		const char *part;

		if (s->width == 0)
		{
			shared = aov_read_varint(r);
			l = aov_read_varint(r);
			if (shared > keylen)
				aov_corrupt(r->typname, "A customer id shares more than the previous one has.");
		}
		if (l > r->len - r->pos || shared + l > PG_UINT32_MAX)
			aov_corrupt(r->typname, "The value is shorter than its header says.");
		part = aov_read_bytes(r, l);
		if (i > 0)
		{
			bool		increasing;

			if (s->width > 0)
				increasing = memcmp(part, key, l) > 0;
			else if (shared < keylen)
				/* also makes the shared prefix exact: the next bytes differ */
				increasing = l > 0 && (unsigned char) part[0] > (unsigned char) key[shared];
			else
				increasing = l > 0;
			if (!increasing)
				aov_corrupt(r->typname, "The customer ids are not strictly increasing, or a shared prefix is not the longest.");
		}
		if (shared + l > keycap)
		{
			keycap = Max(shared + l, keycap * 2);
			key = repalloc_huge(key, keycap);
		}
		memcpy(key + shared, part, l);
		keylen = (uint32) (shared + l);
		if (s->width == 0)
			aov_check_key_text(key, keylen, r->typname, "customer id");
		aov_keyset_add(s, key, keylen);
		if ((i & 0xFFFF) == 0)
			CHECK_FOR_INTERRUPTS();
	}
	pfree(key);
}
