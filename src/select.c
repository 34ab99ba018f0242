/*
 * select.c
 *		Selection and exact trimmed sums over arrays of int64, int128 and
 *		double: the one instantiation of select_template.h per type, the
 *		serial path of the trimmed mean (robust.c).
 *
 * They run in final functions, once per group, so the call through a
 * function boundary costs nothing that matters.
 */
#include "postgres.h"

#include <math.h>

#include "miscadmin.h"

#include "select.h"

#define ACC_INT128_ADD(acc, x) (*(acc) += (x))
#define ACC_XSUM_ADD(acc, x) aov_xsum_add((acc), (x))
#define ACC_WIDE_ADD(acc, x) aov_widesum_add((acc), (x))

#define SELECT_NAME aov_select_int64
#define SELECT_CMP_NAME cmp_int64
#define TRIMSUM_NAME aov_trimsum_int64
#define TRIM_BRACKET_NAME bracket_int64
#define SELECT_TYPE int64
#define ACC_TYPE int128
#define ACC_ADD ACC_INT128_ADD
#include "select_template.h"

#define SELECT_NAME aov_select_int128
#define SELECT_CMP_NAME cmp_int128
#define TRIMSUM_NAME aov_trimsum_int128
#define TRIM_BRACKET_NAME bracket_int128
#define SELECT_TYPE int128
#define ACC_TYPE AovWideSum
#define ACC_ADD ACC_WIDE_ADD
#include "select_template.h"

#define SELECT_NAME aov_select_float8
#define SELECT_CMP_NAME cmp_float8
#define TRIMSUM_NAME aov_trimsum_float8
#define TRIM_BRACKET_NAME bracket_float8
#define SELECT_TYPE double
#define ACC_TYPE AovExactSum
#define ACC_ADD ACC_XSUM_ADD
#include "select_template.h"
