# PGXS build for aov_ext.  Warning flags such as -Werror come from the caller
# through PG_CFLAGS (CI does this); they are deliberately not hard-wired here.

EXTENSION = aov_ext
EXTVERSION = 0.1.0

MODULE_big = aov_ext
OBJS = \
	src/aov_ext.o \
	src/exactsum.o \
	src/numeric_scaled.o \
	src/sample.o \
	src/state_io.o \
	src/top_values.o

# The one authoritative install script is aov_ext.sql (top level); the build
# copies it to the versioned name that CREATE EXTENSION reads.  Upgrade
# scripts (aov_ext--A--B.sql) sit beside it.
DATA_built = $(EXTENSION)--$(EXTVERSION).sql
DATA = $(wildcard $(EXTENSION)--*--*.sql)

TESTS = $(sort $(wildcard sql/*.sql))
REGRESS = setup $(filter-out setup,$(patsubst sql/%.sql,%,$(TESTS)))
REGRESS_OPTS = --inputdir=.



PG_CONFIG ?= pg_config
PGXS := $(shell $(PG_CONFIG) --pgxs)
include $(PGXS)

$(EXTENSION)--$(EXTVERSION).sql: $(EXTENSION).sql
	cp $< $@

# PGXS does not track header dependencies.
$(OBJS): src/aov_ext.h
src/sample.o: src/select_template.h
