# PGXS build for aov_ext.  Warning flags such as -Werror come from the caller
# through PG_CFLAGS (CI does this); they are deliberately not hard-wired here.

EXTENSION = aov_ext
EXTVERSION = 0.3.0

MODULE_big = aov_ext
OBJS = \
	src/aov_ext.o \
	src/breakdown.o \
	src/copurchase.o \
	src/exactsum.o \
	src/numeric_scaled.o \
	src/sample.o \
	src/select.o \
	src/state_io.o \
	src/stats.o \
	src/top_values.o

# Install scripts sit at the top level: aov_ext--0.1.0.sql creates the first
# release, and each aov_ext--A--B.sql upgrades to the next; CREATE EXTENSION
# runs the chain, so new and updated installations run the same statements.
DATA = $(wildcard $(EXTENSION)--*.sql)

TESTS = $(sort $(wildcard sql/*.sql))
# setup first; upgrade last, because it drops and recreates the extension
REGRESS = setup $(filter-out setup upgrade,$(patsubst sql/%.sql,%,$(TESTS))) upgrade
REGRESS_OPTS = --inputdir=.



PG_CONFIG ?= pg_config
PGXS := $(shell $(PG_CONFIG) --pgxs)
include $(PGXS)

# PGXS does not track header dependencies.
$(OBJS): src/aov_ext.h
src/select.o: src/select_template.h
