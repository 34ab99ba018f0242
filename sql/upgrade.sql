--
-- upgrade: every earlier release installs on its own, and ALTER EXTENSION
-- UPDATE takes it to the current version with the same objects, the same
-- definitions and the same comments as a fresh CREATE EXTENSION.  Runs
-- last: it drops the extension (and with it the test aggregates that setup
-- made).
--
SET client_min_messages = warning;
DROP EXTENSION aov_ext CASCADE;
RESET client_min_messages;

SELECT source, target, path FROM pg_extension_update_paths('aov_ext')
WHERE path IS NOT NULL ORDER BY source, target;

-- Every object of the extension with its definition: functions by
-- pg_get_functiondef, aggregates by their support functions and options,
-- types by their I/O functions or attributes, and every comment.
CREATE FUNCTION ext_objects() RETURNS TABLE (obj text, def text) LANGUAGE sql AS $$
    WITH ext AS (
        SELECT classid, objid FROM pg_depend
         WHERE refclassid = 'pg_extension'::regclass AND deptype = 'e'
           AND refobjid = (SELECT oid FROM pg_extension WHERE extname = 'aov_ext'))
    SELECT pg_describe_object(e.classid, e.objid, 0),
           concat_ws(' | ',
               CASE WHEN p.prokind = 'f' THEN pg_get_functiondef(p.oid) END,
               CASE WHEN p.prokind = 'a' THEN
                   concat_ws(',', a.aggtransfn::regprocedure, a.aggcombinefn::regprocedure,
                             a.aggfinalfn::regprocedure, a.aggfinalmodify, a.aggtranstype::regtype,
                             a.aggtransspace, a.agginitval, p.proparallel) END,
               CASE WHEN t.typtype = 'b' THEN
                   concat_ws(',', t.typinput::regprocedure, t.typoutput::regprocedure,
                             t.typreceive::regprocedure, t.typsend::regprocedure,
                             t.typalign, t.typstorage) END,
               CASE WHEN t.typtype = 'c' THEN
                   (SELECT string_agg(attname || ' ' || format_type(atttypid, atttypmod), ', ' ORDER BY attnum)
                      FROM pg_attribute WHERE attrelid = t.typrelid AND attnum > 0) END,
               obj_description(e.objid, e.classid::regclass::name))
      FROM ext e
      LEFT JOIN pg_proc p ON e.classid = 'pg_proc'::regclass AND p.oid = e.objid
      LEFT JOIN pg_aggregate a ON a.aggfnoid = p.oid
      LEFT JOIN pg_type t ON e.classid = 'pg_type'::regclass AND t.oid = e.objid
$$;

CREATE EXTENSION aov_ext;
CREATE TEMP TABLE fresh AS SELECT * FROM ext_objects();
SELECT count(*) AS objects FROM fresh;

-- each earlier release, updated, against the fresh install: the objects
-- (with their definitions) present on one side only; expected none
CREATE FUNCTION updated_differs(v text) RETURNS TABLE (side text, obj text) LANGUAGE plpgsql AS $$
BEGIN
    DROP EXTENSION aov_ext;
    EXECUTE format('CREATE EXTENSION aov_ext VERSION %L', v);
    ALTER EXTENSION aov_ext UPDATE;
    RETURN QUERY
        SELECT 'updated from ' || v, u.obj FROM (SELECT * FROM ext_objects() EXCEPT SELECT * FROM fresh) u
        UNION ALL
        SELECT 'fresh only', f.obj FROM (SELECT * FROM fresh EXCEPT SELECT * FROM ext_objects()) f;
END $$;
SELECT * FROM updated_differs('0.1.0');
SELECT * FROM updated_differs('0.2.0');
SELECT * FROM updated_differs('0.3.0');

-- an updated installation computes as a fresh one
SELECT extversion, aov_trimmed_mean(x, 0.1) AS trimmed, (aov_breakdown(x::numeric, 2)).aov AS aov
FROM pg_extension, generate_series(1, 10) x WHERE extname = 'aov_ext' GROUP BY extversion;

DROP EXTENSION aov_ext;
CREATE EXTENSION aov_ext;

-- every function, aggregate and type of the extension carries a comment
SELECT obj AS uncommented FROM fresh f
WHERE (obj LIKE 'function%' OR obj LIKE 'type%')
  AND NOT EXISTS (SELECT 1 FROM pg_depend d
                   WHERE d.refobjid = (SELECT oid FROM pg_extension WHERE extname = 'aov_ext')
                     AND d.deptype = 'e'
                     AND pg_describe_object(d.classid, d.objid, 0) = f.obj
                     AND obj_description(d.objid, d.classid::regclass::name) IS NOT NULL);
-- and every function has an explicit, honest parallel label
SELECT p.oid::regprocedure AS parallel_unsafe
FROM pg_depend d JOIN pg_proc p ON d.classid = 'pg_proc'::regclass AND d.objid = p.oid
WHERE d.refobjid = (SELECT oid FROM pg_extension WHERE extname = 'aov_ext') AND d.deptype = 'e'
  AND p.proparallel = 'u';
-- \df aov_* lists what users call: the internal functions start with _aov_
SELECT p.oid::regprocedure AS public_support_function
FROM pg_depend d JOIN pg_proc p ON d.classid = 'pg_proc'::regclass AND d.objid = p.oid
WHERE d.refobjid = (SELECT oid FROM pg_extension WHERE extname = 'aov_ext') AND d.deptype = 'e'
  AND p.proname NOT LIKE '\_aov\_%'
  AND (p.prorettype IN ('internal'::regtype, 'cstring'::regtype, 'bytea'::regtype)
       OR obj_description(p.oid, 'pg_proc') LIKE 'aggregate%' OR obj_description(p.oid, 'pg_proc') LIKE 'internal%'
       OR obj_description(p.oid, 'pg_proc') LIKE '%input function' OR obj_description(p.oid, 'pg_proc') LIKE '%output function');
DROP FUNCTION updated_differs(text);
DROP FUNCTION ext_objects();
