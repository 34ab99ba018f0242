/*
 * aov_ext.c
 *		Module entry point of aov_ext: average order value analytics.
 *
 * The features live one per file: sample.c (aov_trimmed_mean and its state
 * type aov_sample), top_values.c (aov_top_values and aov_counts), with the
 * shared pieces in exactsum.c, numeric_scaled.c and state_io.c.
 */
#include "postgres.h"

#include "fmgr.h"

PG_MODULE_MAGIC;
