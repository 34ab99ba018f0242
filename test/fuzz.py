#!/usr/bin/env python3
"""test/fuzz.py: random calls and mutated stored values against aov_ext.

    python3 test/fuzz.py [--seconds 300] [--seed N] [--db aov_fuzz]

Connects with psql (PGHOST, PGPORT, PGUSER as usual) to a scratch database
(created, with the extension, if missing) and, until the time is up:

  * mutated values: valid values of every stored type (aov_sample,
    aov_counts, aov_summary in each of its forms, aov_basket_lines,
    aov_pairs, aov_firsts, aov_segments) are made by the aggregates, then
    mutated (bit flips, byte changes, cuts, insertions, splices of two
    values) and read back through the type's input; a value that is
    accepted is then used: final functions, merges with a valid value,
    text round trip;
  * random calls: the public functions with edge arguments (NULL, NaN,
    infinities, -0, huge and tiny numerics, empty and one-row groups, bad
    trims and sizes, hostile column names).

Every statement must either succeed or fail with a clean error.  Findings
are: an internal error (SQLSTATE XX000), a crash (the connection lost), a
value accepted by the input that its own output does not give back, or a
statement that hangs (60 s).  The first finding of each kind is printed
with a statement that reproduces it; the exit status is 1 if any.

Not part of CI (it runs as long as it is told to); anyone can rerun it, and
the same --seed gives the same statements.
"""
import argparse
import os
import random
import subprocess
import sys
import time

TYPES = {
    # type: SQL that makes a few valid values of it, one per row
    'aov_sample': [
        "SELECT test_sample(x, 0.1) FROM fz_orders GROUP BY g",
        "SELECT test_sample(r, 0.05) FROM fz_orders GROUP BY g",
        "SELECT test_sample(b, 0.2) FROM fz_orders GROUP BY g",
    ],
    'aov_counts': [
        "SELECT test_counts(x, 3) FROM fz_orders GROUP BY g",
        "SELECT test_counts(r, 2) FROM fz_orders GROUP BY g",
        "SELECT test_counts(b, 5) FROM fz_orders GROUP BY g",
    ],
    'aov_summary': [
        "SELECT aov_summary(x, q) FROM fz_orders GROUP BY g",
        "SELECT aov_summary(x, q, c) FROM fz_orders GROUP BY g",
        "SELECT aov_summary(x, q, c, 0.1) FROM fz_orders GROUP BY g",
        "SELECT aov_summary(r, q, c, 0) FROM fz_orders GROUP BY g",
        "SELECT aov_summary(x, q::numeric / 4, c, 0.05) FROM fz_orders GROUP BY g",
        "SELECT aov_summary(x, q, md5(c::text)::uuid) FROM fz_orders GROUP BY g",
        "SELECT aov_summary(x, q, 'c' || c, 0.1) FROM fz_orders GROUP BY g",
        "SELECT aov_summary(r, q, repeat('é', (c % 4)::int) || c) FROM fz_orders GROUP BY g",
    ],
    'aov_basket_lines': [
        "SELECT fz_lines(o, p) FROM fz_lines_t GROUP BY o % 3",
        "SELECT fz_lines_text(o, p::text, 4) FROM fz_lines_t GROUP BY o % 3",
    ],
    'aov_pairs': [
        "SELECT aov_copurchase(o, p) FROM fz_lines_t GROUP BY o % 3",
        "SELECT aov_copurchase(o, p::text, 4) FROM fz_lines_t GROUP BY o % 3",
    ],
    'aov_firsts': [
        "SELECT _aov_firsts(c, t) FROM fz_orders GROUP BY g",
    ],
    'aov_segments': [
        "SELECT _aov_segments('month'::text, t, x, q, c, _aov_first_order((SELECT _aov_firsts(c, t) FROM fz_orders), c), 0.1::float8)"
        " FROM fz_orders GROUP BY g",
        "SELECT _aov_segments(tstzrange('2025-01-01', '2025-03-01'),"
        " tstzrange('2025-03-01', NULL), t, r, q, c, _aov_first_order((SELECT _aov_firsts(c, t) FROM fz_orders), c), 0::float8) FROM fz_orders GROUP BY g",
    ],
}

# what to do with an accepted value of each type ({v} is the value)
USES = {
    'aov_sample': ["SELECT _aov_call_final('aov_trimmed_mean(numeric,float8)', {v})",
                   "SELECT _aov_call_final('aov_trimmed_mean(float8,float8)', {v})",
                   "SELECT test_merge(s) FROM (VALUES ({v}), ({v})) x(s)"],
    'aov_counts': ["SELECT _aov_call_final('aov_top_values(numeric,integer)', {v})",
                   "SELECT _aov_call_final('aov_top_values(bigint,integer)', {v})",
                   "SELECT test_merge(s) FROM (VALUES ({v}), ({v})) x(s)"],
    'aov_summary': ["SELECT aov_breakdown({v})", "SELECT aov_test_stats({v})",
                    "SELECT aov_rollup(s) FROM (VALUES ({v}), ({v})) x(s)",
                    "SELECT aov_compare({v}, {v})"],
    'aov_basket_lines': ["SELECT _aov_call_final('aov_copurchase(bigint,bigint)', {v})",
                         "SELECT fz_lines_merge(s) FROM (VALUES ({v}), ({v})) x(s)"],
    'aov_pairs': ["SELECT count(*) FROM aov_pair_stats({v})", "SELECT aov_pairs_info({v})"],
    'aov_firsts': ["SELECT fz_firsts_merge(s) FROM (VALUES ({v}), ({v})) x(s)",
                   "SELECT _aov_segments('month'::text, t, x, q, c, _aov_first_order({v}, c), 0.1::float8) FROM fz_orders"],
    'aov_segments': ["SELECT count(*) FROM _aov_segments_rows({v})",
                     "SELECT aov_breakdown(summary) FROM _aov_segments_rows({v})",
                     "SELECT fz_segments_merge(s) FROM (VALUES ({v}), ({v})) x(s)"],
}

SETUP = r"""
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS aov_ext;
DROP TABLE IF EXISTS fz_orders, fz_lines_t;
CREATE TABLE fz_orders AS
SELECT i % 4 AS g,
       round((random() * 200)::numeric, (i % 3))::numeric AS x,
       random() * 100 AS r,
       (i * 7919 % 1000 - 300)::bigint AS b,
       (i % 5) AS q,
       CASE WHEN i % 11 = 0 THEN NULL ELSE i % 97 END::bigint AS c,
       timestamptz '2025-01-01' + (i * 9973 % 300) * interval '1 day' AS t
FROM generate_series(1, 400) i;
CREATE TABLE fz_lines_t AS
SELECT (i / 3)::bigint AS o, (i * 31 % 17)::bigint AS p FROM generate_series(1, 300) i;
DO $$ BEGIN
  CREATE AGGREGATE test_sample(numeric, float8) (SFUNC = _aov_sample_add, STYPE = aov_sample, COMBINEFUNC = _aov_sample_combine);
  CREATE AGGREGATE test_sample(float8, float8) (SFUNC = _aov_sample_add, STYPE = aov_sample, COMBINEFUNC = _aov_sample_combine);
  CREATE AGGREGATE test_sample(bigint, float8) (SFUNC = _aov_sample_add, STYPE = aov_sample, COMBINEFUNC = _aov_sample_combine);
  CREATE AGGREGATE test_counts(numeric, integer) (SFUNC = _aov_counts_add, STYPE = aov_counts, COMBINEFUNC = _aov_counts_combine);
  CREATE AGGREGATE test_counts(float8, integer) (SFUNC = _aov_counts_add, STYPE = aov_counts, COMBINEFUNC = _aov_counts_combine);
  CREATE AGGREGATE test_counts(bigint, integer) (SFUNC = _aov_counts_add, STYPE = aov_counts, COMBINEFUNC = _aov_counts_combine);
  CREATE AGGREGATE test_merge(aov_sample) (SFUNC = _aov_sample_combine, STYPE = aov_sample);
  CREATE AGGREGATE test_merge(aov_counts) (SFUNC = _aov_counts_combine, STYPE = aov_counts);
  CREATE AGGREGATE fz_lines(bigint, bigint) (SFUNC = _aov_basket_lines_add, STYPE = aov_basket_lines);
  CREATE AGGREGATE fz_lines_text(bigint, text, integer) (SFUNC = _aov_basket_lines_add, STYPE = aov_basket_lines);
  CREATE AGGREGATE fz_lines_merge(aov_basket_lines) (SFUNC = _aov_basket_lines_combine, STYPE = aov_basket_lines);
  CREATE AGGREGATE fz_firsts_merge(aov_firsts) (SFUNC = _aov_firsts_combine, STYPE = aov_firsts);
  CREATE AGGREGATE fz_segments_merge(aov_segments) (SFUNC = _aov_segments_combine, STYPE = aov_segments);
EXCEPTION WHEN duplicate_function THEN NULL;
END $$;
"""

EDGE_NUMERIC = ["NULL", "0", "-0.0", "'NaN'", "'Infinity'", "'-Infinity'", "1e-30", "1e30",
                "99999999999999999999999999999999999999", "0.000000000000000000000000000001",
                "-12.5", "12.345678901234567890"]
EDGE_FLOAT = ["NULL", "0", "'-0'", "'NaN'", "'Infinity'", "'-Infinity'", "1e-308", "1e308",
              "5e-324", "-1.5"]
EDGE_TRIM = ["NULL", "0", "'-0'", "0.1", "0.4999999", "0.5", "-0.1", "'NaN'", "1"]
EDGE_INT = ["NULL", "0", "1", "-1", "2147483647", "-2147483648"]


def random_call(rng):
    n, f, t, i = (rng.choice(EDGE_NUMERIC), rng.choice(EDGE_FLOAT),
                  rng.choice(EDGE_TRIM), rng.choice(EDGE_INT))
    rows = rng.choice(["", "(VALUES ({a}))", "(VALUES ({a}), ({a}), (1))", "generate_series(1, 50)"])
    src = rows.format(a=n) if rows else ""
    col = "v" if rows and "VALUES" in rows else "g"
    frm = f" FROM {src} z({col})" if src else ""
    choices = [
        f"SELECT aov_trimmed_mean({col}::numeric, {t}){frm}",
        f"SELECT aov_trimmed_mean({f}::float8, {t}, {t})",
        f"SELECT aov_top_values({col}::numeric, {i}){frm}",
        f"SELECT aov_top_values({f}::float8, {i})",
        f"SELECT aov_breakdown({n}::numeric, {i}::int, {i}::bigint, {t})",
        f"SELECT aov_breakdown({col}::numeric, 2, 7, {t}){frm}",
        f"SELECT aov_breakdown({f}::float8, {i}::int)",
        f"SELECT aov_summary({n}::numeric, {n}::numeric, NULL::bigint, {t})",
        f"SELECT aov_copurchase(o, p, {i}) FROM fz_lines_t",
        f"SELECT aov_period({rng.choice(['NULL', quote('month'), quote('fortnight'), quote('DAY')])}, "
        f"{rng.choice(['NULL', quote('infinity'), quote('2025-03-30 01:30')])})",
        f"SELECT count(*) FROM aov_report('fz_orders', {rng.choice(['NULL', quote('week'), quote('x')])}, "
        f"trim_fraction => {t}, time_column => 't', revenue_column => 'x', items_column => 'q', "
        f"customer_column => {rng.choice([quote('c'), quote('g'), quote('no such'), quote('x; DROP TABLE fz_orders')])})",
        f"SELECT count(*) FROM diagnose_aov_drop('fz_orders', tstzrange('2025-01-01', '2025-04-01'), "
        f"tstzrange('2025-04-01', {rng.choice(['NULL', quote('2025-04-01'), quote('2025-09-01')])}), "
        f"trim_fraction => {t}, time_column => 't', revenue_column => 'x', items_column => 'q', customer_column => 'c')",
        f"SELECT count(*) FROM aov_pair_table('fz_lines_t', order_column => 'o', product_column => 'p', "
        f"min_count => {i}, max_basket => {i})",
    ]
    return rng.choice(choices)


def quote(s):
    return "'" + s.replace("'", "''") + "'"


def mutate(rng, h, other):
    b = bytearray(bytes.fromhex(h))
    for _ in range(rng.choice([1, 1, 1, 2, 3, 8])):
        op = rng.randrange(7)
        if op == 0 and b:                       # flip a bit
            k = rng.randrange(len(b))
            b[k] ^= 1 << rng.randrange(8)
        elif op == 1 and b:                     # set a byte to an edge value
            b[rng.randrange(len(b))] = rng.choice([0, 1, 0x7F, 0x80, 0xFF, 0xFE])
        elif op == 2 and b:                     # cut
            del b[rng.randrange(len(b)):]
        elif op == 3:                           # insert bytes
            k = rng.randrange(len(b) + 1)
            b[k:k] = bytes(rng.randrange(256) for _ in range(rng.randrange(1, 9)))
        elif op == 4 and other:                 # splice with another value
            o = bytes.fromhex(other)
            k = rng.randrange(len(b) + 1)
            b = b[:k] + o[rng.randrange(len(o) + 1):]
        elif op == 5 and len(b) > 1:            # delete a byte
            del b[rng.randrange(len(b))]
        elif op == 6 and len(b) >= 8:           # overwrite 8 bytes with an edge integer
            k = rng.randrange(len(b) - 7)
            b[k:k + 8] = rng.choice([b'\x7f' + b'\xff' * 7, b'\x80' + b'\x00' * 7,
                                     b'\xff' * 8, b'\x00' * 8])
    return b.hex()


class Psql:
    """Runs batches of statements in one psql, each reported between markers."""

    def __init__(self, db):
        self.db = db

    def run(self, stmts, timeout=60):
        script = ["\\set VERBOSITY verbose", "\\set ON_ERROR_STOP off", "\\pset format unaligned",
                  "\\pset tuples_only on", "SET statement_timeout = '20s';"]
        for k, s in enumerate(stmts):
            script.append(f"\\echo @@BEGIN {k}")
            script.append(s.rstrip(";") + ";")
            script.append(f"\\echo @@END {k}")
        try:
            p = subprocess.run(["psql", "-X", "-q", "-d", self.db], input="\n".join(script),
                               capture_output=True, text=True, timeout=timeout * len(stmts) + 30)
        except subprocess.TimeoutExpired:
            return None, "timeout"
        return p.stdout, p.stderr

    def one(self, stmt):
        out, err = self.run([stmt])
        return out, err


def classify(err):
    if err is None:
        return None
    if "server closed the connection" in err or "terminating connection because of crash" in err \
            or "connection to server was lost" in err:
        return "crash"
    if "ERROR:  XX" in err:
        return "internal error"
    if "canceling statement due to statement timeout" in err:
        return "hang"
    return None


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--seconds", type=int, default=300)
    ap.add_argument("--seed", type=int, default=int(time.time()))
    ap.add_argument("--db", default="aov_fuzz")
    ap.add_argument("--batch", type=int, default=100)
    a = ap.parse_args()
    rng = random.Random(a.seed)
    print(f"fuzz: seed {a.seed}, {a.seconds} s, database {a.db}")

    subprocess.run(["psql", "-X", "-q", "-d", "postgres", "-c", f"CREATE DATABASE {a.db}"],
                   capture_output=True)
    psql = Psql(a.db)
    out, err = psql.run([SETUP])
    if "ERROR" in (err or ""):
        print(err)
        return 2

    values = {}
    for typ, makers in TYPES.items():
        vals = []
        for m in makers:
            o, e = psql.one(f"SELECT x::text FROM ({m}) s(x) WHERE x IS NOT NULL")
            vals += [l for l in (o or "").splitlines() if l and not l.startswith("@@")]
        values[typ] = vals
        print(f"  {typ}: {len(vals)} valid values")

    findings = {}
    counts = {"statements": 0, "accepted mutants": 0, "rejected mutants": 0}
    deadline = time.time() + a.seconds
    while time.time() < deadline:
        stmts, meta = [], []
        for _ in range(a.batch):
            if rng.random() < 0.6:
                typ = rng.choice([t for t in values if values[t]])
                base = rng.choice(values[typ])
                m = mutate(rng, base, rng.choice(values[typ]))
                lit = f"{quote(m)}::{typ}"
                stmts.append(f"SELECT ({lit})::text = {quote(m)}")
                meta.append(("input", typ, m))
                if rng.random() < 0.5:
                    use = rng.choice(USES[typ]).format(v=lit)
                    stmts.append(use)
                    meta.append(("use", typ, use))
            else:
                c = random_call(rng)
                stmts.append(c)
                meta.append(("call", None, c))
        out, err = psql.run(stmts)
        counts["statements"] += len(stmts)
        # split the combined output back into statements
        blocks = {}
        cur = None
        for line in (out or "").splitlines():
            if line.startswith("@@BEGIN "):
                cur = int(line.split()[1])
                blocks[cur] = []
            elif line.startswith("@@END "):
                cur = None
            elif cur is not None:
                blocks[cur].append(line)
        errs = (err or "").split("\nERROR:")
        kind = classify(err)
        for k, (what, typ, s) in enumerate(meta):
            if what == "input" and k in blocks:
                if blocks[k] == ["f"]:
                    findings.setdefault("text form not given back", s if what != "input" else f"SELECT {quote(s)}::{typ}")
                if blocks[k]:
                    counts["accepted mutants"] += 1
                else:
                    counts["rejected mutants"] += 1
        if kind:
            # find the statement: rerun one by one
            for (what, typ, s), st in zip(meta, stmts):
                o, e = psql.one(st)
                k2 = classify(e)
                if k2:
                    findings.setdefault(k2, st)
                    break
            else:
                findings.setdefault(kind, "(batch only) " + stmts[0])
            if kind == "crash":
                time.sleep(5)       # the server restarts
    print(f"fuzz: {counts['statements']} statements, {counts['accepted mutants']} mutated values accepted, "
          f"{counts['rejected mutants']} rejected")
    for k, s in findings.items():
        print(f"FINDING {k}: {s}")
    print("fuzz: clean" if not findings else f"fuzz: {len(findings)} kinds of findings")
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main())
