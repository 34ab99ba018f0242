--
-- upgrade: the first release installs on its own, ALTER EXTENSION UPDATE
-- takes it to the current version, and the result has the same objects as
-- a fresh CREATE EXTENSION.  Runs last: it drops the extension (and with it
-- the test aggregates that setup made).
--
SET client_min_messages = warning;
DROP EXTENSION aov_ext CASCADE;
RESET client_min_messages;

SELECT source, target, path FROM pg_extension_update_paths('aov_ext')
WHERE path IS NOT NULL ORDER BY source, target;

CREATE EXTENSION aov_ext VERSION '0.1.0';
SELECT extversion FROM pg_extension WHERE extname = 'aov_ext';
SELECT aov_trimmed_mean(x, 0.1) AS trimmed_0_1_0 FROM generate_series(1, 10) x;
SELECT count(*) AS breakdown_before FROM pg_proc WHERE proname = 'aov_breakdown';

ALTER EXTENSION aov_ext UPDATE;
SELECT extversion FROM pg_extension WHERE extname = 'aov_ext';

CREATE FUNCTION ext_objects() RETURNS SETOF text LANGUAGE sql AS $$
    SELECT pg_describe_object(classid, objid, 0) FROM pg_depend
    WHERE refclassid = 'pg_extension'::regclass AND deptype = 'e'
      AND refobjid = (SELECT oid FROM pg_extension WHERE extname = 'aov_ext') $$;
CREATE TEMP TABLE updated AS SELECT ext_objects() AS obj;
SELECT (aov_breakdown(x::numeric, 2)).aov AS breakdown_after_update FROM generate_series(1, 10) x;

-- the previous release updates too
DROP EXTENSION aov_ext;
CREATE EXTENSION aov_ext VERSION '0.2.0';
SELECT count(*) AS diagnose_before FROM pg_proc WHERE proname = 'diagnose_aov_drop';
ALTER EXTENSION aov_ext UPDATE;
CREATE TEMP TABLE updated_from_0_2 AS SELECT ext_objects() AS obj;
SELECT extversion, (SELECT count(*) FROM pg_proc WHERE proname = 'diagnose_aov_drop') AS diagnose_after
FROM pg_extension WHERE extname = 'aov_ext';

DROP EXTENSION aov_ext;
CREATE EXTENSION aov_ext;
CREATE TEMP TABLE fresh AS SELECT ext_objects() AS obj;
SELECT (SELECT count(*) FROM fresh) AS objects,
       NOT EXISTS (SELECT obj FROM fresh EXCEPT SELECT obj FROM updated)
       AND NOT EXISTS (SELECT obj FROM updated EXCEPT SELECT obj FROM fresh) AS same_objects,
       NOT EXISTS (SELECT obj FROM fresh EXCEPT SELECT obj FROM updated_from_0_2)
       AND NOT EXISTS (SELECT obj FROM updated_from_0_2 EXCEPT SELECT obj FROM fresh) AS same_from_0_2;

-- every function, aggregate and type of the extension carries a comment
SELECT p.oid::regprocedure AS uncommented_function
FROM pg_depend d JOIN pg_proc p ON d.classid = 'pg_proc'::regclass AND d.objid = p.oid
WHERE d.refobjid = (SELECT oid FROM pg_extension WHERE extname = 'aov_ext') AND d.deptype = 'e'
  AND obj_description(p.oid, 'pg_proc') IS NULL;
SELECT t.oid::regtype AS uncommented_type
FROM pg_depend d JOIN pg_type t ON d.classid = 'pg_type'::regclass AND d.objid = t.oid
WHERE d.refobjid = (SELECT oid FROM pg_extension WHERE extname = 'aov_ext') AND d.deptype = 'e'
  AND obj_description(t.oid, 'pg_type') IS NULL;
-- and every function has an explicit, honest parallel label
SELECT p.oid::regprocedure AS parallel_unsafe
FROM pg_depend d JOIN pg_proc p ON d.classid = 'pg_proc'::regclass AND d.objid = p.oid
WHERE d.refobjid = (SELECT oid FROM pg_extension WHERE extname = 'aov_ext') AND d.deptype = 'e'
  AND p.proparallel = 'u';
DROP FUNCTION ext_objects();
