/*
 * aov_ext.h
 *		Declarations shared by the aov_ext C sources.
 *
 * Values of every supported SQL type are held in one of two 64-bit forms
 * (AovKind): IEEE doubles, or int64 integers that carry a decimal scale
 * (integer inputs have scale 0, numeric inputs the largest display scale seen
 * in the group).  Both forms make per-row work a store of eight bytes and
 * give exact sums: int128 for the integers, a superaccumulator for doubles.
 */
#ifndef AOV_EXT_H
#define AOV_EXT_H

#include "fmgr.h"
#include "lib/stringinfo.h"
#include "utils/numeric.h"

#include <string.h>

#ifndef HAVE_INT128
#error "aov_ext needs a compiler with a 128-bit integer type"
#endif

/* How the 64-bit values of a state are to be read; stored in flat formats. */
typedef enum AovKind
{
	AOV_KIND_NUMERIC = 1,		/* int64 scaled by 10^scale, shown as numeric */
	AOV_KIND_FLOAT8 = 2,		/* finite doubles */
	AOV_KIND_INTEGER = 3		/* int64, scale 0 (bigint and integer input) */
} AovKind;

extern const char *aov_kind_name(int kind);

/* Special values are counted apart from the stored finite values. */
typedef enum AovSpecial
{
	AOV_FINITE = 0,
	AOV_NAN,
	AOV_PINF,
	AOV_NINF
} AovSpecial;

/* ---- exactsum.c: exact sums and correctly rounded means ---- */

/*
 * Superaccumulator for doubles: chunk[i] holds a signed multiple of
 * 2^(32*i - 1074).  72 chunks cover every finite double and sums of up to
 * 2^60 of them; carries are propagated every 2^29 additions.
 */
#define AOV_XSUM_CHUNKS 72

typedef struct AovExactSum
{
	int64		chunk[AOV_XSUM_CHUNKS];
	int32		pending;		/* additions since the last carry propagation */
} AovExactSum;

extern void aov_xsum_init(AovExactSum *s);
extern void aov_xsum_carry(AovExactSum *s);
extern double aov_xsum_mean(AovExactSum *s, int64 m);
extern double aov_int128_mean(int128 sum, int64 m);

/* Add one finite double; inline because the trimmed mean adds every value. */
static inline void
aov_xsum_add(AovExactSum *s, double x)
{
	uint64		bits;
	uint64		mant;
	int			biased;
	int			pos;
	int			c;
	int			sh;
	uint64		lo;
	uint64		hi;
	int64		a0,
				a1,
				a2;

	memcpy(&bits, &x, sizeof(bits));
	biased = (int) ((bits >> 52) & 0x7FF);
	mant = bits & ((UINT64CONST(1) << 52) - 1);
	/* x = mant * 2^(pos - 1074); subnormals have no implicit bit */
	if (biased == 0)
		pos = 0;
	else
	{
		mant |= UINT64CONST(1) << 52;
		pos = biased - 1;
	}
	c = pos >> 5;
	sh = pos & 31;
	lo = (mant & 0xFFFFFFFF) << sh;
	hi = (mant >> 32) << sh;
	a0 = (int64) (lo & 0xFFFFFFFF);
	a1 = (int64) ((lo >> 32) + (hi & 0xFFFFFFFF));
	a2 = (int64) (hi >> 32);
	if (bits >> 63)
	{
		s->chunk[c] -= a0;
		s->chunk[c + 1] -= a1;
		s->chunk[c + 2] -= a2;
	}
	else
	{
		s->chunk[c] += a0;
		s->chunk[c + 1] += a1;
		s->chunk[c + 2] += a2;
	}
	/* each addition moves a chunk by < 2^33: carry long before 2^63 */
	if (unlikely(++s->pending >= (1 << 29)))
		aov_xsum_carry(s);
}

/* Exact sum of int128 values: the true sum is lo + carry * 2^128. */
typedef struct AovWideSum
{
	int128		lo;
	int64		carry;
} AovWideSum;

static inline void
aov_widesum_add(AovWideSum *s, int128 x)
{
	int128		r;

	if (unlikely(__builtin_add_overflow(s->lo, x, &r)))
		s->carry += x > 0 ? 1 : -1;
	s->lo = r;
}
/* murmur3's 64-bit finalizer: every input bit affects every output bit */
static inline uint64
aov_hash64(uint64 x)
{
	x ^= x >> 33;
	x *= UINT64CONST(0xff51afd7ed558ccd);
	x ^= x >> 33;
	x *= UINT64CONST(0xc4ceb9fe1a85ec53);
	x ^= x >> 33;
	return x;
}

/*
 * ---- select.c: in-place selection, and the exact sum of sorted ranks
 * [a, b) without sorting (see select_template.h) ----
 */
extern void aov_select_int64(int64 *a, int64 lo, int64 hi, int64 k);
extern void aov_select_int128(int128 *a, int64 lo, int64 hi, int64 k);
extern void aov_select_float8(double *a, int64 lo, int64 hi, int64 k);
extern void aov_trimsum_int64(int64 *v, int64 n, int64 a, int64 b, int128 *acc);
extern void aov_trimsum_int128(int128 *v, int64 n, int64 a, int64 b, AovWideSum *acc);
extern void aov_trimsum_float8(double *v, int64 n, int64 a, int64 b, AovExactSum *acc);

/* ---- stats.c: two-sample tests (Welch, Yuen, delta method) ---- */

/* One period's estimate, the variance of the estimate, degrees of freedom */
typedef struct AovEstimate
{
	double		est;
	double		var;
	double		nu;
} AovEstimate;

extern double aov_two_sample_p(const AovEstimate *a, const AovEstimate *b);
extern void aov_yuen_estimate(double *x, int64 n, double trim, AovEstimate *out);

/* ---- numeric_scaled.c: numeric <-> scaled int64 ---- */

extern AovSpecial aov_numeric_decode(Datum num, int128 *unscaled, int *effscale,
									 int *dscale, bool *toobig);
extern bool aov_int128_mul_pow10(int128 *v, int d);
extern bool aov_rescale_int64(int64 *v, int128 unscaled, int from_scale,
							  int to_scale);
extern Numeric aov_int128_to_numeric(int128 v, int scale, int dscale);
extern Numeric aov_widesum_to_numeric(const AovWideSum *s, int scale, int dscale);
extern Numeric aov_numeric_special(AovSpecial sp);
extern void aov_numeric_out_of_range(const char *func, int scale) pg_attribute_noreturn();

/* ---- state_io.c: the versioned flat/binary/text format helpers ---- */

#define AOV_FORMAT_VERSION 1

typedef struct AovReader
{
	const unsigned char *p;
	Size		len;
	Size		pos;
	const char *typname;
} AovReader;

extern void aov_reader_init(AovReader *r, const char *p, Size len, const char *typname);
extern uint8 aov_read_u8(AovReader *r);
extern uint16 aov_read_u16(AovReader *r);
extern int32 aov_read_i32(AovReader *r);
extern int64 aov_read_i64(AovReader *r);
extern double aov_read_f64(AovReader *r);
extern void aov_reader_end(AovReader *r);
extern void aov_corrupt(const char *typname, const char *detail) pg_attribute_noreturn();

extern char *aov_write_u8(char *p, uint8 v);
extern char *aov_write_u16(char *p, uint16 v);
extern char *aov_write_i32(char *p, int32 v);
extern char *aov_write_i64(char *p, int64 v);
extern char *aov_write_f64(char *p, double v);

extern char *aov_hex_encode(const char *body, Size len);
extern char *aov_hex_decode(const char *str, Size *len, const char *typname);
extern void aov_flat_body(Datum d, const char **body, Size *len, void **tofree);

/* A type's validating parser: ERROR unless body is a valid serialized state. */
typedef void (*AovValidateFn) (const char *body, Size len);

extern Datum aov_state_in(const char *str, const char *typname, AovValidateFn validate);
extern Datum aov_state_recv(StringInfo buf, AovValidateFn validate);
extern char *aov_state_out(Datum d);
extern bytea *aov_state_send(Datum d);

extern int64 aov_trim_count(int64 n, double frac);
extern void aov_check_aggregate(FunctionCallInfo fcinfo, const char *func,
								MemoryContext *aggcxt);
extern MemoryContext aov_state_context(FunctionCallInfo fcinfo, MemoryContext aggcxt);

#endif							/* AOV_EXT_H */
