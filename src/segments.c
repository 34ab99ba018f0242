/*
 * segments.c
 *		aov_segments: the orders of a relation summarized per period and
 *		customer segment in one pass, for aov_report and diagnose_aov_drop.
 *
 * A customer is new in the period of their first order ever, returning in
 * later periods; an order without a customer id is a guest's.  Each order
 * comes with the time of its customer's first order, which
 * _aov_first_order looks up per row in one aov_firsts value (firsts.c)
 * computed by an earlier pass over the same relation.  The lookup is an
 * argument expression, not part of the aggregate, because Citus packs an
 * aggregate's arguments into a record per row: a large aov_firsts argument
 * would be copied once per order.  The periods are either those of a
 * granularity (the day, week, month, quarter or year of each order, as
 * date_trunc makes them in the session's time zone) or two given ranges
 * (the baseline and current periods of a diagnosis).
 *
 * Why an aggregate with one group rather than GROUP BY period, segment:
 * the planner estimates the groups of an expression over a timestamp as
 * about one per row, and then chooses neither hash aggregation in memory
 * nor a parallel plan; an aggregate without GROUP BY is split between
 * parallel workers (and Citus shards) whatever the estimates.  Its state
 * holds a few summaries (3 per period), each an aov_summary with its
 * per-order detail (summary.h), so the report's robust figures come from
 * the same code as aov_breakdown's.
 *
 * Serialized form (flat body, send/recv, hex text alike):
 *	  0  uint8   format version (2, as the other types of 0.4)
 *	  1  uint8   periods: 0 two ranges, else a granularity (1 day, 2 week,
 *		 3 month, 4 quarter, 5 year)
 *	  2  uint8   revenue kind of every summary (aov_ext.h: numeric, float8)
 *	  3  uint8   items kind of every summary (integer, numeric)
 *	  4  int32   reserved, 0
 *	  8  float8  trim fraction of every summary
 *	 16  ranges only: the baseline's and the current range's bounds, each
 *		 int64 lower, int64 upper, uint8 flags (1 lower unbounded, 2 upper
 *		 unbounded, 4 lower inclusive, 8 upper inclusive)
 *	 ..  varint  n, then n groups in increasing (range, start, segment)
 *		 order, each: uint8 range (1 baseline, 2 current; 0 for a
 *		 granularity), int64 start (the period's first instant, or the
 *		 range's lower bound, -infinity when unbounded), uint8 segment
 *		 (0 new, 1 returning, 2 guest), varint length and the body of an
 *		 aov_summary with customers and per-order detail.
 *
 * Memory: the summaries' (each order appended at 16-26 bytes while
 * aggregating, orders.c, and 8-16 bytes per distinct customer of each
 * group, idset.c).
 */
#include "postgres.h"

#include <math.h>

#include "catalog/pg_type.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/datetime.h"
#include "utils/memutils.h"
#include "utils/rangetypes.h"
#include "utils/timestamp.h"
#include "utils/tuplestore.h"
#include "utils/typcache.h"

#include "array.h"
#include "expanded.h"
#include "format.h"
#include "result.h"
#include "summary.h"
#include "summary_row.h"

#define SEGMENTS_TYPNAME "aov_segments"
#define SEGMENTS_HEADER_SIZE 16
#define RANGE_BOUNDS_SIZE 17

#define PERIODS_RANGES 0

enum
{
	SEG_NEW,
	SEG_RETURNING,
	SEG_GUEST,
	NSEGMENTS
};

static const char *const segment_names[NSEGMENTS] = {"new", "returning", "guest"};
static const char *const granularity_names[] = {NULL, "day", "week", "month", "quarter", "year"};

#define NGRANULARITIES lengthof(granularity_names)

typedef struct SegGroup
{
	uint8		range;			/* 1 or 2 for ranges, 0 for a granularity */
	uint8		segment;
	int64		start;
	AovSummary *s;
	/* the summary flattened by get_flat_size, for flatten_into to copy */
	struct varlena *flat;
} SegGroup;

/*
 * A half-open interval [lo, hi) of times that date_trunc maps to lo.  When
 * begins_at_lo, no time before lo maps to lo either (a day whose clocks go
 * back over midnight has earlier times that do).
 */
typedef struct Period
{
	int64		lo;
	int64		hi;
	bool		begins_at_lo;
} Period;

typedef struct Bounds
{
	int64		lo;
	int64		hi;
	bool		lo_inf,
				hi_inf,
				lo_inc,
				hi_inc;
} Bounds;

/* What every group of a state shares; serialized, checked on merge. */
typedef struct SegParams
{
	uint8		periods;		/* PERIODS_RANGES or a granularity */
	uint8		rkind,			/* of every summary */
				ikind;
	double		trim;
	Bounds		bounds[2];		/* ranges only: baseline, current */
} SegParams;

typedef struct AovSegments
{
	ExpandedObjectHeader hdr;
	SegParams	par;
	int			ngroups;
	int64		capgroups;
	SegGroup   *groups;

	/* while aggregating only, never serialized: */
	int			last[NSEGMENTS];	/* the group each segment last added to */
	/* granularity: the periods seen, sorted, and the last one used */
	Period	   *known;
	int			nknown,
				lastknown;
	int64		capknown;
	/* ranges: the bytes of the arguments the bounds came from */
	struct varlena *rangebytes[2];
} AovSegments;

AOV_STATE_TYPE(segments_type, SEGMENTS_TYPNAME, segments);

static AovSegments *
segments_new(MemoryContext cxt, const SegParams *par)
{
	AovSegments *g = aov_state_new(&segments_type, sizeof(AovSegments), cxt);

	g->par = *par;
	for (int i = 0; i < NSEGMENTS; i++)
		g->last[i] = -1;
	return g;
}

/* a group's summary changes: its flattened copy is stale */
static void
forget_flat(SegGroup *grp)
{
	if (grp->flat != NULL)
	{
		pfree(grp->flat);
		grp->flat = NULL;
	}
}

static int
group_cmp(uint8 range, int64 start, uint8 segment, const SegGroup *b)
{
	if (range != b->range)
		return range < b->range ? -1 : 1;
	if (start != b->start)
		return start < b->start ? -1 : 1;
	if (segment != b->segment)
		return segment < b->segment ? -1 : 1;
	return 0;
}

/*
 * The group (range, start, segment), or NULL and where it would go.
 * Groups are kept sorted: they are few, and most rows find theirs through
 * g->last.
 */
static SegGroup *
group_search(AovSegments *g, uint8 range, int64 start, uint8 segment, int *pos)
{
	int			lo = 0,
				hi = g->ngroups;

	while (lo < hi)
	{
		int			mid = (lo + hi) / 2;
		int			c = group_cmp(range, start, segment, &g->groups[mid]);

		if (c == 0)
			return &g->groups[mid];
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	*pos = lo;
	return NULL;
}

static SegGroup *
group_lookup(AovSegments *g, uint8 range, int64 start, uint8 segment)
{
	int			pos;

	return group_search(g, range, start, segment, &pos);
}

/*
 * The group (range, start, segment), created with the summary given (or a
 * new empty one when s is NULL).
 */
static SegGroup *
group_find(AovSegments *g, uint8 range, int64 start, uint8 segment, AovSummary *s)
{
	int			lo;
	SegGroup   *found = group_search(g, range, start, segment, &lo);

	if (found != NULL)
		return found;
	g->groups = aov_array_reserve(g->groups, &g->capgroups, g->ngroups + 1, 16,
								  sizeof(SegGroup), g->hdr.eoh_context);
	memmove(&g->groups[lo + 1], &g->groups[lo], (g->ngroups - lo) * sizeof(SegGroup));
	g->ngroups++;
	g->groups[lo].range = range;
	g->groups[lo].start = start;
	g->groups[lo].segment = segment;
	g->groups[lo].flat = NULL;
	g->groups[lo].s = s ? s : aov_summary_new(g->hdr.eoh_context,
											  AOV_SUM_CUSTOMERS | AOV_SUM_DETAIL,
											  g->par.rkind, g->par.ikind, g->par.trim);
	/* an insertion moves groups: the remembered positions are stale */
	for (int i = 0; i < NSEGMENTS; i++)
		g->last[i] = -1;
	return &g->groups[lo];
}

/* ---------- periods ---------- */

static int
parse_granularity(text *t)
{
	char	   *s = text_to_cstring(t);

	for (char *p = s; *p; p++)
		*p = pg_tolower((unsigned char) *p);
	for (int i = 1; i < (int) NGRANULARITIES; i++)
		if (strcmp(s, granularity_names[i]) == 0)
			return i;
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("unknown granularity \"%s\"", s),
			 errhint("Use day, week, month, quarter or year.")));
	return 0;					/* not reached */
}

static int64
truncate_time(int granularity, int64 ts)
{
	return DatumGetTimestampTz(DirectFunctionCall2(timestamptz_trunc,
												   CStringGetTextDatum(granularity_names[granularity]),
												   TimestampTzGetDatum(ts)));
}

/* Past this, a period's end may be past the end of timestamptz. */
#define LAST_SAFE_TIME (END_TIMESTAMP - INT64CONST(400) * USECS_PER_DAY)

/*
 * The start of the period holding ts, as date_trunc computes it, and
 * whether no time before that start is in the period.  Remembered as an
 * interval [lo, hi) only as far as date_trunc is seen to agree at both
 * ends; date_trunc is monotonic, so it then agrees in between.  A time that
 * date_trunc moves forward (the repeated hour when clocks go back over
 * midnight) is not remembered: such times are rare, and each is computed.
 */
static pg_noinline int64
period_start_slow(AovSegments *g, int64 ts, bool *begins_at_lo)
{
	int			at = 0,
				end = g->nknown;
	Period		p;
	Interval	step;

	while (at < end)
	{
		int			mid = (at + end) / 2;

		if (ts < g->known[mid].lo)
			end = mid;
		else if (ts >= g->known[mid].hi)
			at = mid + 1;
		else
		{
			g->lastknown = mid;
			*begins_at_lo = g->known[mid].begins_at_lo;
			return g->known[mid].lo;
		}
	}
	if (TIMESTAMP_NOT_FINITE(ts))
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("an order at %s has no %s", ts < 0 ? "-infinity" : "infinity",
						granularity_names[g->par.periods]),
				 errhint("Leave such orders out with since and until.")));
	p.lo = truncate_time(g->par.periods, ts);
	*begins_at_lo = false;
	if (p.lo > ts)
		return p.lo;
	p.hi = ts + 1;
	if (ts < LAST_SAFE_TIME)
	{
		int64		next;

		memset(&step, 0, sizeof(step));
		if (g->par.periods == 1)
			step.day = 1;
		else if (g->par.periods == 2)
			step.day = 7;
		else
			step.month = g->par.periods == 3 ? 1 : g->par.periods == 4 ? 3 : 12;
		next = DatumGetTimestampTz(DirectFunctionCall2(timestamptz_pl_interval,
													   TimestampTzGetDatum(p.lo),
													   IntervalPGetDatum(&step)));
		if (ts < next && truncate_time(g->par.periods, next - 1) == p.lo)
			p.hi = next;
	}
	p.begins_at_lo = p.lo <= MIN_TIMESTAMP + INT64CONST(400) * USECS_PER_DAY ? false
		: truncate_time(g->par.periods, p.lo - 1) != p.lo;
	*begins_at_lo = p.begins_at_lo;
	/* a period remembered only in part: extend it */
	if (at > 0 && g->known[at - 1].lo == p.lo)
	{
		g->known[at - 1].hi = Max(g->known[at - 1].hi, p.hi);
		g->lastknown = at - 1;
		return p.lo;
	}
	g->known = aov_array_reserve(g->known, &g->capknown, g->nknown + 1, 16, sizeof(Period),
								 g->hdr.eoh_context);
	memmove(&g->known[at + 1], &g->known[at], (g->nknown - at) * sizeof(Period));
	g->known[at] = p;
	g->nknown++;
	g->lastknown = at;
	return p.lo;
}

static inline int64
period_start(AovSegments *g, int64 ts, bool *begins_at_lo)
{
	if (likely(g->nknown > 0))
	{
		const Period *p = &g->known[g->lastknown];

		if (p->lo <= ts && ts < p->hi)
		{
			*begins_at_lo = p->begins_at_lo;
			return p->lo;
		}
	}
	return period_start_slow(g, ts, begins_at_lo);
}

/*
 * Whether a customer whose first order was at 'first' is new in the period
 * that starts at 'start' and holds an order of theirs (so first is no
 * later than that order): whether first is in that period too.  date_trunc
 * is monotonic and gives start for start itself, so a first order at or
 * after start is in it; one before it is, only where the period has times
 * before its start.
 */
static inline bool
new_in_period(AovSegments *g, int64 start, bool begins_at_lo, int64 first)
{
	if (first >= start)
		return true;
	if (begins_at_lo || TIMESTAMP_NOT_FINITE(first))
		return false;
	return truncate_time(g->par.periods, first) == start;
}

/* The bounds of a range argument; "which" names it in errors. */
static void
read_range(Datum d, Bounds *b, const char *which)
{
	RangeType  *r = DatumGetRangeTypeP(d);
	TypeCacheEntry *tc = lookup_type_cache(RangeTypeGetOid(r), TYPECACHE_RANGE_INFO);
	RangeBound	lower,
				upper;
	bool		empty;

	range_deserialize(tc, r, &lower, &upper, &empty);
	if (empty)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("the %s range is empty", which)));
	b->lo = lower.infinite ? DT_NOBEGIN : DatumGetTimestampTz(lower.val);
	b->hi = upper.infinite ? DT_NOEND : DatumGetTimestampTz(upper.val);
	b->lo_inf = lower.infinite;
	b->hi_inf = upper.infinite;
	b->lo_inc = lower.inclusive;
	b->hi_inc = upper.inclusive;
}

static bool
bounds_equal(const Bounds *a, const Bounds *b)
{
	return a->lo == b->lo && a->hi == b->hi && a->lo_inf == b->lo_inf &&
		a->hi_inf == b->hi_inf && a->lo_inc == b->lo_inc && a->hi_inc == b->hi_inc;
}

/* States merge only when made with the same arguments and column types. */
static void
check_same_params(const SegParams *a, const SegParams *b)
{
	if (a->periods != b->periods ||
		(a->periods == PERIODS_RANGES &&
		 !(bounds_equal(&a->bounds[0], &b->bounds[0]) &&
		   bounds_equal(&a->bounds[1], &b->bounds[1]))))
		ereport(ERROR,
				(errcode(ERRCODE_DATATYPE_MISMATCH),
				 errmsg("cannot combine aov_segments of different periods")));
	aov_check_same_kinds("aov_segments", a->rkind, a->ikind, b->rkind, b->ikind);
	aov_check_same_trim("aov_segments", a->trim, b->trim);
}

static inline bool
above_lower(const Bounds *b, int64 ts)
{
	return b->lo_inf || ts > b->lo || (ts == b->lo && b->lo_inc);
}

static inline bool
below_upper(const Bounds *b, int64 ts)
{
	return b->hi_inf || ts < b->hi || (ts == b->hi && b->hi_inc);
}

/* ---------- transition ---------- */

/*
 * Arguments: state, the periods (a granularity, or the baseline and current
 * ranges), then the order: time, revenue, items, customer id, the time of
 * the customer's first order (_aov_first_order), and the trim fraction of
 * the robust figures.
 */
#define ARG_PERIODS 1

static const char *const range_names[2] = {"baseline", "current"};

static AovSegments *
segments_for_add(FunctionCallInfo fcinfo, bool ranges, int rkind, int ikind, int argtrim)
{
	AovSegments *g = PG_ARGISNULL(0) ? NULL
		: (AovSegments *) aov_state_rw(PG_GETARG_DATUM(0), &segments_type);

	if (unlikely(g == NULL))
	{
		MemoryContext cxt;
		SegParams	par;
		double		trim;

		if (!PG_ARGISNULL(0))
			ereport(ERROR,
					(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
					 errmsg("_aov_segments takes no initial state")));
		aov_state_adopt(fcinfo, &segments_type, "_aov_segments", &cxt);
		if (PG_ARGISNULL(ARG_PERIODS) || (ranges && PG_ARGISNULL(ARG_PERIODS + 1)))
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("_aov_segments: the %s must not be null",
							ranges ? "ranges" : "granularity")));
		aov_arg_not_null(fcinfo, argtrim, "trim fraction", NULL);
		trim = PG_GETARG_FLOAT8(argtrim);
		if (!aov_trim_valid(trim))
			aov_trim_out_of_range(trim, "orders");
		memset(&par, 0, sizeof(par));
		par.periods = ranges ? PERIODS_RANGES
			: parse_granularity(PG_GETARG_TEXT_PP(ARG_PERIODS));
		par.rkind = rkind;
		par.ikind = ikind;
		par.trim = trim == 0 ? 0 : trim;	/* -0 is 0 */
		if (ranges)
			for (int i = 0; i < 2; i++)
				read_range(PG_GETARG_DATUM(ARG_PERIODS + i), &par.bounds[i], range_names[i]);
		g = segments_new(cxt, &par);
	}
	return g;
}

/*
 * Whether range argument i is the one the state's bounds came from: the
 * same bytes as last time (the common case), or else the same bounds (then
 * its bytes are remembered for the next rows).
 */
static bool
same_range(FunctionCallInfo fcinfo, AovSegments *g, int i)
{
	struct varlena *v;
	struct varlena *prev = g->rangebytes[i];
	Bounds		b;

	if (PG_ARGISNULL(ARG_PERIODS + i))
		return false;
	/* a short header is fine; a compressed or toasted range is unpacked */
	v = PG_DETOAST_DATUM_PACKED(PG_GETARG_DATUM(ARG_PERIODS + i));
	if (prev != NULL && VARSIZE_ANY_EXHDR(v) == VARSIZE(prev) - VARHDRSZ &&
		memcmp(VARDATA_ANY(v), VARDATA(prev), VARSIZE(prev) - VARHDRSZ) == 0)
		return true;
	read_range(PG_GETARG_DATUM(ARG_PERIODS + i), &b, range_names[i]);
	if (!bounds_equal(&b, &g->par.bounds[i]))
		return false;
	if (prev != NULL)
		pfree(prev);
	prev = MemoryContextAlloc(g->hdr.eoh_context, VARHDRSZ + VARSIZE_ANY_EXHDR(v));
	SET_VARSIZE(prev, VARHDRSZ + VARSIZE_ANY_EXHDR(v));
	memcpy(VARDATA(prev), VARDATA_ANY(v), VARSIZE_ANY_EXHDR(v));
	g->rangebytes[i] = prev;
	return true;
}

/*
 * The arguments that hold for the whole group must not change from row to
 * row: the first row's are in the state.  Cheap: a byte comparison.
 */
static inline void
check_constant_args(FunctionCallInfo fcinfo, AovSegments *g, bool ranges, int argtrim)
{
	bool		same;

	if (ranges)
		same = same_range(fcinfo, g, 0) && same_range(fcinfo, g, 1);
	else
	{
		const char *name = granularity_names[g->par.periods];
		text	   *t = PG_ARGISNULL(ARG_PERIODS) ? NULL : PG_GETARG_TEXT_PP(ARG_PERIODS);

		same = t != NULL && VARSIZE_ANY_EXHDR(t) == strlen(name) &&
			pg_strncasecmp(VARDATA_ANY(t), name, strlen(name)) == 0;
	}
	same = same && !PG_ARGISNULL(argtrim) &&
		(PG_GETARG_FLOAT8(argtrim) == g->par.trim);
	if (unlikely(!same))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("_aov_segments: the periods and trim fraction must be the same for every row")));
}

/* The group of (range, start, segment), through the segment's last group. */
static inline SegGroup *
group_of(AovSegments *g, uint8 range, int64 start, int seg)
{
	SegGroup   *grp = NULL;

	if (likely(g->last[seg] >= 0))
	{
		grp = &g->groups[g->last[seg]];
		if (unlikely(grp->start != start || grp->range != range))
			grp = NULL;
	}
	if (grp == NULL)
	{
		grp = group_find(g, range, start, (uint8) seg, NULL);
		g->last[seg] = (int) (grp - g->groups);
	}
	if (unlikely(grp->flat != NULL))
		forget_flat(grp);
	return grp;
}

/*
 * rtype is the revenue's SQL type; ikind how the items are held.  An order
 * with an unknown time, revenue or items is skipped, as are orders outside
 * both ranges.  A customer is new in the period (or range) of their first
 * order; one whose first order is unknown (NULL: only a caller's mistake,
 * the first orders come from the same rows) has no earlier order: new.
 */
static pg_attribute_always_inline Datum
segments_add(FunctionCallInfo fcinfo, Oid rtype, int ikind)
{
	bool		ranges = PG_NARGS() == 9;
	int			argts = ranges ? 3 : 2;
	int			argtrim = argts + 5;
	int			rkind = rtype == FLOAT8OID ? AOV_KIND_FLOAT8 : AOV_KIND_NUMERIC;
	/* exact revenue of any type is decoded as numeric */
	Oid			decoded = rtype == FLOAT8OID ? FLOAT8OID : NUMERICOID;
	AovSegments *g = segments_for_add(fcinfo, ranges, rkind, ikind, argtrim);
	AovOrderIn	o;
	int64		ts;
	uint8		range = 0;
	int64		start;
	bool		begins_at_lo = true;
	int			seg;

	check_constant_args(fcinfo, g, ranges, argtrim);
	if (PG_ARGISNULL(argts) || PG_ARGISNULL(argts + 1) || PG_ARGISNULL(argts + 2))
		PG_RETURN_DATUM(EOHPGetRWDatum(&g->hdr));
	ts = PG_GETARG_TIMESTAMPTZ(argts);
	if (ranges)
	{
		for (int i = 0; i < 2 && range == 0; i++)
			if (above_lower(&g->par.bounds[i], ts) && below_upper(&g->par.bounds[i], ts))
				range = i + 1;
		if (range == 0)
			PG_RETURN_DATUM(EOHPGetRWDatum(&g->hdr));
		start = g->par.bounds[range - 1].lo;
	}
	else
		start = period_start(g, ts, &begins_at_lo);
	aov_order_decode(&o, "_aov_segments", rtype, ikind == AOV_KIND_NUMERIC ? NUMERICOID : INT4OID,
					 PG_GETARG_DATUM(argts + 1), PG_GETARG_DATUM(argts + 2));

	if (PG_ARGISNULL(argts + 3))
	{
		aov_summary_add_decoded(group_of(g, range, start, SEG_GUEST)->s, "_aov_segments",
								decoded, ikind, true, &o, AOV_GUEST, 0);
		PG_RETURN_DATUM(EOHPGetRWDatum(&g->hdr));
	}
	if (PG_ARGISNULL(argts + 4))
		seg = SEG_NEW;
	else
	{
		TimestampTz first = PG_GETARG_TIMESTAMPTZ(argts + 4);

		if (ranges)
			seg = above_lower(&g->par.bounds[range - 1], first) ? SEG_NEW : SEG_RETURNING;
		else
			seg = new_in_period(g, start, begins_at_lo, first) ? SEG_NEW : SEG_RETURNING;
	}
	aov_summary_add_decoded(group_of(g, range, start, seg)->s, "_aov_segments",
							decoded, ikind, true, &o, AOV_CUSTOMER, PG_GETARG_INT64(argts + 3));
	PG_RETURN_DATUM(EOHPGetRWDatum(&g->hdr));
}

#define SEGMENTS_TRANSITION(name, rtype, ikind) \
PG_FUNCTION_INFO_V1(name); \
Datum name(PG_FUNCTION_ARGS); \
Datum \
name(PG_FUNCTION_ARGS) \
{ \
	return segments_add(fcinfo, rtype, ikind); \
}

SEGMENTS_TRANSITION(aov_segments_add_numeric_int4, NUMERICOID, AOV_KIND_INTEGER)
SEGMENTS_TRANSITION(aov_segments_add_numeric_numeric, NUMERICOID, AOV_KIND_NUMERIC)
SEGMENTS_TRANSITION(aov_segments_add_float8_int4, FLOAT8OID, AOV_KIND_INTEGER)
SEGMENTS_TRANSITION(aov_segments_add_int8_int4, INT8OID, AOV_KIND_INTEGER)
SEGMENTS_TRANSITION(aov_segments_add_int4_int4, INT4OID, AOV_KIND_INTEGER)

/* aggregate combine: merge two partial states */
AOV_COMBINE_FUNCTION(aov_segments_combine, segments_type, "_aov_segments_combine")

/* ---------- serialized form ---------- */

/* a group's summary flattened, in cxt */
static struct varlena *
group_flat(const SegGroup *grp, MemoryContext cxt)
{
	Size		size = aov_summary_flat_size(&grp->s->hdr);
	struct varlena *v = MemoryContextAlloc(cxt, size);

	aov_summary_flatten(&grp->s->hdr, v, size);
	return v;
}

static Size
header_size(const SegParams *par)
{
	return SEGMENTS_HEADER_SIZE + (par->periods == PERIODS_RANGES ? 2 * RANGE_BOUNDS_SIZE : 0);
}

/*
 * Sizing flattens every summary (sizing a summary costs most of writing
 * it); flatten_into copies those, the state being flattened just once.
 */
static Size
segments_get_flat_size(ExpandedObjectHeader *eohptr)
{
	AovSegments *g = (AovSegments *) eohptr;
	Size		size = header_size(&g->par) + aov_varint_len(g->ngroups);

	for (int i = 0; i < g->ngroups; i++)
	{
		SegGroup   *grp = &g->groups[i];
		Size		len;

		if (grp->flat == NULL)
			grp->flat = group_flat(grp, g->hdr.eoh_context);
		len = VARSIZE(grp->flat) - VARHDRSZ;
		size = add_size(size, 1 + 8 + 1 + aov_varint_len(len) + len);
	}
	return aov_flat_size(size, SEGMENTS_TYPNAME);
}

static void
segments_flatten_into(ExpandedObjectHeader *eohptr, void *result, Size allocated_size)
{
	AovSegments *g = (AovSegments *) eohptr;
	char	   *p = VARDATA(result);

	SET_VARSIZE(result, allocated_size);
	p = aov_write_u8(p, AOV_FORMAT_V2);
	p = aov_write_u8(p, g->par.periods);
	p = aov_write_u8(p, g->par.rkind);
	p = aov_write_u8(p, g->par.ikind);
	p = aov_write_i32(p, 0);
	p = aov_write_f64(p, g->par.trim);
	if (g->par.periods == PERIODS_RANGES)
		for (int i = 0; i < 2; i++)
		{
			const Bounds *b = &g->par.bounds[i];

			p = aov_write_i64(p, b->lo);
			p = aov_write_i64(p, b->hi);
			p = aov_write_u8(p, (b->lo_inf ? 1 : 0) | (b->hi_inf ? 2 : 0) |
							 (b->lo_inc ? 4 : 0) | (b->hi_inc ? 8 : 0));
		}
	p = aov_write_varint(p, g->ngroups);
	for (int i = 0; i < g->ngroups; i++)
	{
		SegGroup   *grp = &g->groups[i];
		Size		len;

		Assert(grp->flat != NULL);
		len = VARSIZE(grp->flat) - VARHDRSZ;
		p = aov_write_u8(p, grp->range);
		p = aov_write_i64(p, grp->start);
		p = aov_write_u8(p, grp->segment);
		p = aov_write_varint(p, len);
		memcpy(p, VARDATA(grp->flat), len);
		p += len;
		pfree(grp->flat);
		grp->flat = NULL;
	}
	Assert(p == (char *) result + allocated_size);
}

/* a timestamptz: finite and in range, or +-infinity */
static inline bool
valid_time(int64 t)
{
	return t == DT_NOBEGIN || t == DT_NOEND || (t >= MIN_TIMESTAMP && t < END_TIMESTAMP);
}

/*
 * Read and check the header of a serialized value: known version and
 * periods, kinds the transition functions make, a trim fraction in range,
 * and for ranges two non-empty ranges.
 */
static void
read_params(AovReader *rd, SegParams *par)
{
	int			version = aov_read_u8(rd);

	if (version != AOV_FORMAT_V2)
		aov_bad_version(SEGMENTS_TYPNAME, version, AOV_FORMAT_V2, AOV_FORMAT_V2);
	memset(par, 0, sizeof(*par));
	par->periods = aov_read_u8(rd);
	if (par->periods >= NGRANULARITIES)
		aov_corrupt(SEGMENTS_TYPNAME, "The periods are unknown.");
	par->rkind = aov_read_u8(rd);
	par->ikind = aov_read_u8(rd);
	if ((par->rkind != AOV_KIND_NUMERIC && par->rkind != AOV_KIND_FLOAT8) ||
		(par->ikind != AOV_KIND_INTEGER && par->ikind != AOV_KIND_NUMERIC) ||
		(par->rkind == AOV_KIND_FLOAT8 && par->ikind != AOV_KIND_INTEGER))
		aov_corrupt(SEGMENTS_TYPNAME, "The column kinds are unknown.");
	if (aov_read_i32(rd) != 0)
		aov_corrupt(SEGMENTS_TYPNAME, "A reserved field is not zero.");
	par->trim = aov_read_f64(rd);
	if (!(par->trim >= 0 && par->trim < 0.5) || (par->trim == 0 && signbit(par->trim)))
		aov_corrupt(SEGMENTS_TYPNAME, "The trim fraction is out of range.");
	if (par->periods != PERIODS_RANGES)
		return;
	for (int i = 0; i < 2; i++)
	{
		Bounds	   *b = &par->bounds[i];
		uint8		flags;

		b->lo = aov_read_i64(rd);
		b->hi = aov_read_i64(rd);
		flags = aov_read_u8(rd);
		b->lo_inf = (flags & 1) != 0;
		b->hi_inf = (flags & 2) != 0;
		b->lo_inc = (flags & 4) != 0;
		b->hi_inc = (flags & 8) != 0;
		if (flags > 15 || !valid_time(b->lo) || !valid_time(b->hi) ||
			(b->lo_inf && (b->lo != DT_NOBEGIN || b->lo_inc)) ||
			(b->hi_inf && (b->hi != DT_NOEND || b->hi_inc)) ||
			(!b->lo_inf && !b->hi_inf &&
			 !(b->lo < b->hi || (b->lo == b->hi && b->lo_inc && b->hi_inc))))
			aov_corrupt(SEGMENTS_TYPNAME, "A range is invalid.");
	}
}

/*
 * Read a serialized value; with out non-NULL, its groups are added to out
 * (a new group, or merged into the same group of out).  Checks: the header
 * (read_params) and, with out, that it is out's; groups in strictly
 * increasing order, a range's starting at its lower bound, a period's at a
 * finite time; each summary valid, with customers and per-order detail,
 * and of the header's kinds and trim fraction.
 */
static void
segments_parse(const char *body, Size len, AovSegments *out)
{
	AovReader	rd;
	SegParams	par;
	uint64		n;
	bool		first = true;
	uint8		prange = 0,
				pseg = 0;
	int64		pstart = 0;

	aov_reader_init(&rd, body, len, SEGMENTS_TYPNAME);
	read_params(&rd, &par);
	if (out != NULL)
		check_same_params(&out->par, &par);
	n = aov_read_varint(&rd);
	if (n > (rd.len - rd.pos) / 11)
		aov_corrupt(SEGMENTS_TYPNAME, "The value is shorter than its header says.");
	for (uint64 i = 0; i < n; i++)
	{
		uint8		range = aov_read_u8(&rd);
		int64		start = aov_read_i64(&rd);
		uint8		seg = aov_read_u8(&rd);
		uint64		slen = aov_read_varint(&rd);
		const char *sbody;
		struct varlena *v;
		AovSummary *s;
		SegGroup   *grp;

		if (seg >= NSEGMENTS ||
			(par.periods == PERIODS_RANGES
			 ? !((range == 1 || range == 2) && start == par.bounds[range - 1].lo)
			 : !(range == 0 && start >= MIN_TIMESTAMP && start < END_TIMESTAMP)))
			aov_corrupt(SEGMENTS_TYPNAME, "A group is unknown.");
		if (!first && group_cmp(range, start, seg,
								&(SegGroup) {prange, pseg, pstart, NULL, NULL}) <= 0)
			aov_corrupt(SEGMENTS_TYPNAME, "The groups are not in increasing order.");
		first = false;
		prange = range;
		pstart = start;
		pseg = seg;
		if (slen > rd.len - rd.pos)
			aov_corrupt(SEGMENTS_TYPNAME, "The value is shorter than its header says.");
		sbody = aov_read_bytes(&rd, slen);
		/* a group out already has absorbs a copy read next to its summary */
		grp = out ? group_lookup(out, range, start, seg) : NULL;
		/* a summary parses from an aligned varlena of its own */
		v = palloc(VARHDRSZ + slen);
		SET_VARSIZE(v, VARHDRSZ + slen);
		memcpy(VARDATA(v), sbody, slen);
		s = aov_summary_parse_flat(PointerGetDatum(v),
								   grp ? grp->s->detail.cxt : out ? out->hdr.eoh_context : CurrentMemoryContext,
								   SEGMENTS_TYPNAME);
		pfree(v);
		if ((s->flags & (AOV_SUM_CUSTOMERS | AOV_SUM_DETAIL)) != (AOV_SUM_CUSTOMERS | AOV_SUM_DETAIL))
			aov_corrupt(SEGMENTS_TYPNAME, "A summary lacks customers or per-order values.");
		if (s->rkind != par.rkind || s->ikind != par.ikind || s->trim != par.trim)
			aov_corrupt(SEGMENTS_TYPNAME, "A summary's kinds or trim fraction differ from the value's.");
		if (grp != NULL)
		{
			forget_flat(grp);
			aov_summary_absorb(grp->s, s, SEGMENTS_TYPNAME);
		}
		else if (out != NULL)
			group_find(out, range, start, seg, s);
		CHECK_FOR_INTERRUPTS();
	}
	aov_reader_end(&rd);
}

static void
segments_validate(const char *body, Size len)
{
	segments_parse(body, len, NULL);
}

static ExpandedObjectHeader *
segments_add_expanded(ExpandedObjectHeader *dsth, ExpandedObjectHeader *src, MemoryContext cxt)
{
	AovSegments *x = (AovSegments *) src;
	AovSegments *dst = dsth ? (AovSegments *) dsth : segments_new(cxt, &x->par);

	/* another state of this process: merge its summaries, unchanged */
	check_same_params(&dst->par, &x->par);
	for (int i = 0; i < x->ngroups; i++)
	{
		const SegGroup *xg = &x->groups[i];
		SegGroup   *grp = group_find(dst, xg->range, xg->start, xg->segment, NULL);

		forget_flat(grp);
		aov_summary_merge_into(grp->s, xg->s, SEGMENTS_TYPNAME);
	}
	return &dst->hdr;
}

static ExpandedObjectHeader *
segments_add_flat(ExpandedObjectHeader *dsth, const char *body, Size len, MemoryContext cxt)
{
	AovSegments *dst = (AovSegments *) dsth;

	if (dst == NULL)
	{
		AovReader	rd;
		SegParams	par;

		aov_reader_init(&rd, body, len, SEGMENTS_TYPNAME);
		read_params(&rd, &par);
		dst = segments_new(cxt, &par);
	}
	segments_parse(body, len, dst);
	return &dst->hdr;
}

/* ---------- the groups as rows ---------- */

/*
 * _aov_segments_rows(aov_segments): one row per group, in (range, start,
 * segment) order: range (1 baseline, 2 current; NULL for a granularity),
 * period start, segment name and its summary.  A flat value (what an
 * aggregate hands over) is not parsed: its groups' summaries are copied out
 * as they are, and every reader of a summary checks it.
 */
PG_FUNCTION_INFO_V1(aov_segments_rows);
Datum
aov_segments_rows(PG_FUNCTION_ARGS)
{
	static const char *const names[] = {"range", "period", "segment", "summary"};
	AovRowType *rt = aov_result_row(fcinfo, names, lengthof(names));
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	AovSegments *g = (AovSegments *) aov_state_expanded(PG_GETARG_DATUM(0), &segments_type);
	AovFlat		f = {0};
	AovReader	rd;
	uint64		n;

	aov_materialize_srf(fcinfo, rt->tupdesc);
	if (g != NULL)
		n = g->ngroups;
	else
	{
		SegParams	par;

		aov_flat_open(&f, PG_GETARG_DATUM(0));
		/* the header was checked when the value was made; read past it */
		aov_reader_init(&rd, f.body, f.len, SEGMENTS_TYPNAME);
		read_params(&rd, &par);
		n = aov_read_varint(&rd);
	}
	for (uint64 i = 0; i < n; i++)
	{
		Datum		values[4];
		bool		nulls[4] = {false, false, false, false};
		Datum		attvalues[4];
		bool		attnulls[4];
		struct varlena *summary;
		uint8		range,
					seg;

		if (g != NULL)
		{
			const SegGroup *grp = &g->groups[i];

			range = grp->range;
			values[1] = TimestampTzGetDatum(grp->start);
			seg = grp->segment;
			summary = group_flat(grp, CurrentMemoryContext);
		}
		else
		{
			uint64		slen;

			range = aov_read_u8(&rd);
			values[1] = TimestampTzGetDatum(aov_read_i64(&rd));
			seg = aov_read_u8(&rd);
			if (seg >= NSEGMENTS)
				aov_corrupt(SEGMENTS_TYPNAME, "A group is unknown.");
			slen = aov_read_varint(&rd);
			if (slen > rd.len - rd.pos)
				aov_corrupt(SEGMENTS_TYPNAME, "The value is shorter than its header says.");
			summary = palloc(VARHDRSZ + slen);
			SET_VARSIZE(summary, VARHDRSZ + slen);
			memcpy(VARDATA(summary), aov_read_bytes(&rd, slen), slen);
		}
		values[0] = Int32GetDatum(range);
		nulls[0] = range == 0;
		values[2] = CStringGetTextDatum(segment_names[seg]);
		values[3] = PointerGetDatum(summary);
		aov_row_values(rt, values, nulls, attvalues, attnulls);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, attvalues, attnulls);
		pfree(summary);
		CHECK_FOR_INTERRUPTS();
	}
	if (g == NULL)
		aov_reader_end(&rd);
	aov_flat_close(&f);
	return (Datum) 0;
}

AOV_TYPE_IO_FUNCTIONS(aov_segments, SEGMENTS_TYPNAME, segments_validate)
