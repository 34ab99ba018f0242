# PGXS build for aov_ext.  Warning flags such as -Werror come from the caller
# through PG_CFLAGS (CI does this); they are deliberately not hard-wired here.

EXTENSION = aov_ext
EXTVERSION = 0.4.0

MODULE_big = aov_ext
OBJS = \
	src/aov_ext.o \
	src/baskets.o \
	src/bunching.o \
	src/counts.o \
	src/exactsum.o \
	src/expanded.o \
	src/firsts.o \
	src/format.o \
	src/hash.o \
	src/idset.o \
	src/itemsets.o \
	src/keyset.o \
	src/numbering.o \
	src/numeric_scaled.o \
	src/orders.o \
	src/pair_count.o \
	src/pairs.o \
	src/radix.o \
	src/relation.o \
	src/result.o \
	src/robust.o \
	src/sample.o \
	src/segments.o \
	src/select.o \
	src/stats.o \
	src/summary.o \
	src/summary_agg.o \
	src/summary_format.o \
	src/summary_stats.o \
	src/values.o \
	src/values_state.o

# The SQL API has one source, src/sql/aov_ext.sql, read top to bottom in
# sections per feature.  Its repeated overloads are written once as
# templates over a short table and expanded by src/sql/expand.awk into the
# current version's install script.  The scripts of earlier releases and
# the upgrade scripts between them are in src/sql/ too, frozen once
# released; CREATE EXTENSION of an older version and ALTER EXTENSION UPDATE
# use them.
DATA_built = $(EXTENSION)--$(EXTVERSION).sql
DATA = $(filter-out src/sql/$(EXTENSION).sql,$(wildcard src/sql/$(EXTENSION)--*.sql))

# The rule below would otherwise be the default goal, and a bare `make`
# would build the SQL script and no C.
.DEFAULT_GOAL := all

$(EXTENSION)--$(EXTVERSION).sql: src/sql/$(EXTENSION).sql src/sql/expand.awk
	awk -f src/sql/expand.awk src/sql/$(EXTENSION).sql > $@

TESTS = $(sort $(wildcard sql/*.sql))
# setup first; upgrade last, because it drops and recreates the extension;
# schema just before it, because it drops the extension (and the helpers of
# setup that take its types) and installs it in public again at its end
REGRESS = setup $(filter-out setup schema upgrade,$(patsubst sql/%.sql,%,$(TESTS))) schema upgrade
# UTF8 whatever the server's locale: the diagnose test prints Chinese text,
# and psql aligns it by characters only in a UTF8 database
REGRESS_OPTS = --inputdir=. --encoding=UTF8

PG_CONFIG ?= pg_config
PGXS := $(shell $(PG_CONFIG) --pgxs)
include $(PGXS)

# PGXS does not track header dependencies: every object depends on every
# header (a handful, and a full rebuild takes seconds).
HEADERS = $(wildcard src/*.h)
$(OBJS): $(HEADERS)
