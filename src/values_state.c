/*
 * values_state.c
 *		The states over one column of values (see values_state.h): creating
 *		them, the transitions' checks, merging, the serialized form and its
 *		checks.
 */
#include "postgres.h"

#include "fmgr.h"

#include "values_state.h"

#define HEAD_SIZE 8				/* version, kind, reserved, scale */
#define SPECIALS_SIZE 24		/* the three special counts */

static AovValuesState *
values_state_new(const AovValuesType *t, MemoryContext cxt, int kind, const AovValuesParams *p)
{
	AovValuesState *s = aov_state_new(&t->state, sizeof(AovValuesState), cxt);

	s->type = t;
	aov_values_init(&s->vals, kind, t->mode, cxt);
	s->params = *p;
	return s;
}

/* ERROR unless states of kind1 with parameters p1 and of kind2 with p2 combine. */
static void
check_combine(const AovValuesType *t, int kind1, const AovValuesParams *p1,
			  int kind2, const AovValuesParams *p2)
{
	if (kind1 != kind2)
		ereport(ERROR,
				(errcode(ERRCODE_DATATYPE_MISMATCH),
				 errmsg("cannot combine %s states of %s and %s values",
						t->state.typname, aov_kind_name(kind1), aov_kind_name(kind2))));
	if (aov_values_params_differ(p1, p2))
		t->combine_mismatch(p1, p2);
}

/*
 * The state to add a row to, when it is not argument 0 as a read-write
 * state of the row's kind and parameters: created on the first row (with
 * its parameters checked), copied from a flat argument 0, or an error.
 */
AovValuesState *
aov_values_state_for_add(FunctionCallInfo fcinfo, const AovValuesType *t, int kind,
						 const AovValuesParams *p)
{
	AovValuesState *s = PG_ARGISNULL(0) ? NULL
		: (AovValuesState *) aov_state_rw(PG_GETARG_DATUM(0), &t->state);

	if (unlikely(s == NULL))
	{
		MemoryContext cxt;

		s = (AovValuesState *) aov_state_adopt(fcinfo, &t->state, t->addfunc, &cxt);
		if (s == NULL)
		{
			t->check_args(fcinfo, NULL, p);
			return values_state_new(t, cxt, kind, p);
		}
	}
	if (unlikely(s->vals.kind != kind))
		aov_values_wrong_kind(t->state.typname, s->vals.kind, aov_kind_name(kind));
	if (unlikely(aov_values_params_differ(&s->params, p)))
		t->check_args(fcinfo, &s->params, p);
	return s;
}

ExpandedObjectHeader *
aov_values_state_add_expanded(ExpandedObjectHeader *dst, ExpandedObjectHeader *src,
							  MemoryContext cxt)
{
	AovValuesState *x = (AovValuesState *) src;
	const AovValuesType *t = x->type;
	AovValuesState *s = dst ? (AovValuesState *) dst
		: values_state_new(t, cxt, x->vals.kind, &x->params);

	check_combine(t, s->vals.kind, &s->params, x->vals.kind, &x->params);
	aov_values_merge(&s->vals, &x->vals, t->func);
	return &s->hdr;
}

ExpandedObjectHeader *
aov_values_state_add_flat(const AovValuesType *t, ExpandedObjectHeader *dst, const char *body,
						  Size len, MemoryContext cxt)
{
	AovValuesHead h;
	AovValuesState *s;
	AovValues  *v;

	aov_values_state_parse(t, body, len, &h);
	s = dst ? (AovValuesState *) dst : values_state_new(t, cxt, h.kind, &h.params);
	check_combine(t, s->vals.kind, &s->params, h.kind, &h.params);
	v = &s->vals;
	if (h.kind == AOV_KIND_NUMERIC && h.scale > v->scale)
		aov_values_raise_scale(v, h.scale, t->func);
	v->dscale = Max(v->dscale, h.dscale);
	v->nnan += h.nnan;
	v->npinf += h.npinf;
	v->nninf += h.nninf;
	if (h.version == AOV_FORMAT_V2)
		aov_values_add_view(v, &h.run, h.scale, t->func);
	else
		t->add_v1(v, &h);
	return &s->hdr;
}

/* ---------- serialized form ---------- */

/* The size of the type's own fields, measured by writing them. */
static Size
fields_size(const AovValuesState *s)
{
	char		buf[AOV_VALUES_FIELDS_MAX];

	return s->type->write_fields(buf, s) - buf;
}

Size
aov_values_state_flat_size(ExpandedObjectHeader *eohptr)
{
	AovValuesState *s = (AovValuesState *) eohptr;
	const AovRun *run = aov_values_run(&s->vals);

	return aov_flat_size(HEAD_SIZE + fields_size(s) + SPECIALS_SIZE +
						 aov_run_encoded_size(run, s->vals.kind),
						 s->type->state.typname);
}

void
aov_values_state_flatten(ExpandedObjectHeader *eohptr, void *result, Size allocated_size)
{
	AovValuesState *s = (AovValuesState *) eohptr;
	const AovRun *run = aov_values_run(&s->vals);
	char	   *p = VARDATA(result);

	SET_VARSIZE(result, allocated_size);
	p = aov_write_u8(p, AOV_FORMAT_V2);
	p = aov_write_u8(p, (uint8) s->vals.kind);
	p = aov_write_u16(p, 0);
	p = aov_write_i32(p, s->vals.scale);
	p = s->type->write_fields(p, s);
	p = aov_write_i64(p, s->vals.nnan);
	p = aov_write_i64(p, s->vals.npinf);
	p = aov_write_i64(p, s->vals.nninf);
	p = aov_run_encode(p, run, s->vals.kind);
	Assert(p == (char *) result + allocated_size);
}

/* The scales of a header: a numeric's decimals within its display scale. */
void
aov_values_head_check_scale(const AovValuesHead *h, const char *typname)
{
	if (h->scale < 0 || h->scale > h->dscale || h->dscale > AOV_MAX_SCALE ||
		(h->dscale != 0 && h->kind != AOV_KIND_NUMERIC))
		aov_corrupt(typname, "The scale is out of range.");
}

/*
 * Read and check a serialized state: known version and kind, the type's
 * fields, special counts within their limit (none in an integer state),
 * the values, length exact.
 */
void
aov_values_state_parse(const AovValuesType *t, const char *body, Size len, AovValuesHead *h)
{
	const char *typname = t->state.typname;
	AovReader	r;
	int64		max_values = t->max_values;

	memset(h, 0, sizeof(*h));
	aov_reader_init(&r, body, len, typname);
	h->version = aov_read_u8(&r);
	if (h->version != AOV_FORMAT_V1 && h->version != AOV_FORMAT_V2)
		aov_bad_version(typname, h->version, AOV_FORMAT_V1, AOV_FORMAT_V2);
	h->kind = aov_read_u8(&r);
	if (!aov_kind_valid(h->kind))
		aov_corrupt(typname, "The value kind is unknown.");
	if (aov_read_u16(&r) != 0)
		aov_corrupt(typname, "A reserved field is not zero.");
	h->scale = aov_read_i32(&r);
	t->read_fields(&r, h);
	h->nnan = aov_read_i64(&r);
	h->npinf = aov_read_i64(&r);
	h->nninf = aov_read_i64(&r);
	if (h->nnan < 0 || h->npinf < 0 || h->nninf < 0 ||
		h->nnan > t->max_special || h->npinf > t->max_special || h->nninf > t->max_special)
		aov_corrupt(typname, "A count is out of range.");
	if (h->kind == AOV_KIND_INTEGER && (h->nnan || h->npinf || h->nninf))
		aov_corrupt(typname, t->integer_special);
#if PG_VERSION_NUM < 140000
	if (h->kind == AOV_KIND_NUMERIC && (h->npinf || h->nninf))
		aov_corrupt(typname, "Numeric infinities need PostgreSQL 14 or later.");
#endif
	if (t->max_counts_special)
		max_values -= h->nnan + h->npinf + h->nninf;
	if (h->version == AOV_FORMAT_V2)
		aov_run_parse(&r, h->kind, max_values, &h->run);
	else
		t->read_v1(&r, h);
	aov_reader_end(&r);
}
