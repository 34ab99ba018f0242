/*
 * keyset.h
 *		Byte-string keys: a dictionary that stores each distinct string once
 *		(the text product keys of aov_copurchase), and on top of it the exact
 *		set of uuid or text customer ids of an aov_summary.
 *
 * Keys are compared as bytes: memcmp, the shorter first on a tie.  For uuid
 * that is the uuid order; for text it is the order of COLLATE "C", and two
 * ids are the same id when their bytes are equal (as under any
 * deterministic collation), so the set counts exactly what
 * count(DISTINCT id) counts, and does not depend on the database's
 * collation or the C library.
 *
 * Serialized key run (the customer ids of an aov_summary whose id kind is
 * uuid or text): varint n, then the n keys in strictly increasing order:
 *	 fixed width w (uuid, w = 16): w bytes each;
 *	 variable width (text): varint s, varint l, l bytes, where the key is
 *	 the first s bytes of the previous key followed by the l bytes, and s is
 *	 exactly the length of the common prefix of the two keys (so a value
 *	 has one encoding: canonical).  The first key has s = 0.
 * Text keys are valid in the database encoding and hold no zero byte.
 *
 * Memory: a key's bytes, 8 bytes of offset and length (arrays doubling) and
 * 11 to 23 bytes of hash slot (at most 70% full, doubling): 35 to 55 bytes a
 * distinct uuid, its length plus 19 to 39 a distinct text id.  Serializing
 * sorts an index of 8 bytes a key, kept until the next key arrives (the flat
 * size and the flattening both need the order).  At most 4 GB of key bytes
 * and 2^31 distinct keys in one set.
 */
#ifndef AOV_KEYSET_H
#define AOV_KEYSET_H

#include "aov_ext.h"
#include "format.h"

/* Byte strings, each distinct one once, numbered in arrival order. */
typedef struct AovKeyDict
{
	char	   *buf;			/* the strings, back to back */
	Size		buflen;
	int64		bufcap;
	uint32	   *off;			/* string i at buf + off[i], length len[i] */
	uint32	   *len;
	int64		n;
	int64		cap;
	int64	   *slots;			/* index + 1; 0 marks an empty slot */
	int64		nslots;
} AovKeyDict;

/* The number of p[0..len) in d, added if new; what names the keys in errors. */
extern int64 aov_keydict_intern(AovKeyDict *d, MemoryContext cxt, const char *p, Size len,
								const char *what);
/* the number of p[0..len) in d, or -1 */
extern int64 aov_keydict_find(const AovKeyDict *d, const char *p, Size len);
extern void aov_keydict_free(AovKeyDict *d);
/* the numbers of d's strings in increasing key order, allocated in cxt */
extern int64 *aov_keydict_order(const AovKeyDict *d, MemoryContext cxt);

/* bytewise, shorter first on a tie: the order of every byte-string key */
static inline int
aov_key_cmp(const char *a, uint32 la, const char *b, uint32 lb)
{
	int			c = memcmp(a, b, Min(la, lb));

	if (c != 0)
		return c;
	return (la > lb) - (la < lb);
}

/* a text key read from a stored value: valid in the encoding, no NUL */
extern void aov_check_key_text(const char *p, int len, const char *typname, const char *what);

/* The exact set of distinct customer ids of one byte-string kind. */
typedef struct AovKeySet
{
	MemoryContext cxt;
	int			width;			/* 16 for uuid; 0: variable (text) */
	AovKeyDict	dict;
	int64	   *order;			/* dict in key order, while norder == dict.n */
	int64		norder;
} AovKeySet;

extern void aov_keyset_init(AovKeySet *s, MemoryContext cxt, int width);
extern void aov_keyset_free(AovKeySet *s);
extern void aov_keyset_merge(AovKeySet *dst, const AovKeySet *src);
extern Size aov_keyset_encoded_size(AovKeySet *s);
extern char *aov_keyset_encode(char *p, AovKeySet *s);
/* read and check a key run of n keys, adding them to s */
extern void aov_keyset_parse(AovReader *r, AovKeySet *s, int64 n);

static inline void
aov_keyset_add(AovKeySet *s, const char *p, Size len)
{
	(void) aov_keydict_intern(&s->dict, s->cxt, p, len, "customer ids for aov_summary");
}

static inline int64
aov_keyset_count(const AovKeySet *s)
{
	return s->dict.n;
}

#endif							/* AOV_KEYSET_H */
