/*
 * aov_ext.c
 *		Module entry point of aov_ext: average order value analytics.
 *
 * Where things are (doc/design.md has the full map):
 *	- foundations: exactsum.c (exact sums), numeric_scaled.c (numeric as
 *	  scaled integers), format.c (the serialized form of every type),
 *	  expanded.c (the expanded-state protocol), result.c (composite
 *	  results by name), hash.c, radix.c, select.c;
 *	- values.c (a multiset of values: buffers, counts and sorted runs),
 *	  values_state.c (what the states over one column of values share),
 *	  robust.c (trimmed means, medians, top values, Yuen's estimate),
 *	  stats.c (the two-sample tests);
 *	- one file per aggregate state: sample.c (aov_trimmed_mean), counts.c
 *	  (aov_top_values), summary*.c (aov_breakdown, aov_summary, aov_rollup,
 *	  aov_test_stats, aov_compare), idset.c (distinct customers), baskets.c
 *	  and pairs.c (aov_copurchase and the pair table).
 */
#include "postgres.h"

#include "common/shortest_dec.h"
#include "fmgr.h"

#include "aov_ext.h"
#include "hash.h"

PG_MODULE_MAGIC;

void		_PG_init(void);

void
_PG_init(void)
{
	aov_hash_init();
}

const char *
aov_kind_name(int kind)
{
	switch (kind)
	{
		case AOV_KIND_NUMERIC:
			return "numeric";
		case AOV_KIND_FLOAT8:
			return "float8";
		case AOV_KIND_INTEGER:
			return "integer";
	}
	return "unknown";
}

void
aov_null_argument(const char *what, const char *hint)
{
	ereport(ERROR,
			(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
			 errmsg("%s must not be null", what),
			 hint ? errhint("%s", hint) : 0));
}

void
aov_trim_out_of_range(double trim, const char *what)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("trim fraction %s is out of range", aov_float8_text(trim)),
			 errdetail("The trim fraction must be at least 0 and less than 0.5."),
			 errhint("Use 0.05 to drop 5%% of the %s at each end.", what)));
}

char *
aov_float8_text(double x)
{
	char	   *buf = palloc(DOUBLE_SHORTEST_DECIMAL_LEN);

	double_to_shortest_decimal_buf(x, buf);
	return buf;
}
