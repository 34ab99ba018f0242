#!/usr/bin/env python3
"""test/check_meta.py: META.json against the PGXN Meta Spec 1.0.0, and the
version it states against every other place that states one.

    python3 test/check_meta.py        (from anywhere; exit 1 on a problem)

PGXN rejects a distribution whose META.json lacks a required key or names a
file that is not in it; a release whose versions disagree installs one
version's SQL under another's name.  The checks are the spec's required keys
and value forms (https://pgxn.org/spec/), then the version of META.json, its
provides entry, aov_ext.control's default_version, the Makefile's EXTVERSION,
the top entry of debian/changelog and of CHANGELOG.md.  Prints one line per
problem and a last line "check_meta: PASS" or "check_meta: FAIL".
"""
import json
import os
import re
import sys

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
# Spec 1.0.0, "license": the strings PGXN knows (or a {name: url} map).
LICENSES = {
    "agpl_3", "apache_1_1", "apache_2_0", "artistic_1", "artistic_2", "bsd",
    "freebsd", "gfdl_1_2", "gfdl_1_3", "gpl_1", "gpl_2", "gpl_3", "lgpl_2_1",
    "lgpl_3_0", "mit", "mozilla_1_0", "mozilla_1_1", "openssl", "perl_5",
    "postgresql", "qpl_1_0", "ssleay", "sun", "zlib", "open_source",
    "restricted", "unrestricted", "unknown",
}
SEMVER = re.compile(r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-[0-9A-Za-z-]+)?$")
# A prerequisite is a version, or comparisons joined by commas.
PREREQ = re.compile(r"^\s*(?:(?:[<>]=?|==|!=)\s*)?\d+(?:\.\d+){0,2}"
                    r"(?:\s*,\s*(?:[<>]=?|==|!=)\s*\d+(?:\.\d+){0,2})*\s*$")

problems = []


def problem(msg):
    problems.append(msg)
    print("FAIL: " + msg)


def read(path):
    with open(os.path.join(ROOT, path), encoding="utf-8") as f:
        return f.read()


def first_match(pattern, text, what):
    m = re.search(pattern, text, re.MULTILINE)
    if not m:
        problem("no %s found" % what)
        return None
    return m.group(1)


try:
    meta = json.loads(read("META.json"))
except (OSError, ValueError) as e:
    print("FAIL: META.json: %s" % e)
    print("check_meta: FAIL")
    sys.exit(1)

for key in ("name", "abstract", "version", "maintainer", "license", "provides", "meta-spec"):
    if key not in meta:
        problem("META.json lacks the required key %r" % key)

name = meta.get("name", "")
if not isinstance(name, str) or len(name) < 2 or re.search(r"[\s/\\:]", name):
    problem("name %r is not a PGXN name (2 or more characters, no space, slash or colon)" % name)
if not isinstance(meta.get("abstract"), str) or not meta.get("abstract"):
    problem("abstract must be a non-empty string")
maint = meta.get("maintainer")
if not (isinstance(maint, str) and maint) and not (
        isinstance(maint, list) and maint and all(isinstance(m, str) and m for m in maint)):
    problem("maintainer must be a string or a non-empty list of strings")
lic = meta.get("license")
if isinstance(lic, str):
    if lic not in LICENSES:
        problem("license %r is not one of the spec's strings" % lic)
elif not isinstance(lic, (list, dict)):
    problem("license must be a string, a list or an object")
spec = meta.get("meta-spec", {})
if not isinstance(spec, dict) or spec.get("version") != "1.0.0":
    problem("meta-spec.version must be \"1.0.0\"")
if meta.get("release_status", "stable") not in ("stable", "testing", "unstable"):
    problem("release_status %r is not stable, testing or unstable" % meta.get("release_status"))
if not isinstance(meta.get("version"), str) or not SEMVER.match(meta.get("version")):
    problem("version %r is not a semantic version" % meta.get("version"))

provides = meta.get("provides", {})
if not isinstance(provides, dict) or not provides:
    problem("provides must name at least one extension")
    provides = {}
for ext, entry in provides.items():
    for key in ("file", "version"):
        if key not in entry:
            problem("provides.%s lacks %r" % (ext, key))
    for key in ("file", "docfile"):
        if key in entry and not os.path.isfile(os.path.join(ROOT, entry[key])):
            problem("provides.%s.%s: no file %s" % (ext, key, entry[key]))
    if "version" in entry and not SEMVER.match(str(entry["version"])):
        problem("provides.%s.version %r is not a semantic version" % (ext, entry["version"]))

for phase in meta.get("prereqs", {}).values():
    for relation in phase.values():
        for dep, ver in relation.items():
            if not isinstance(ver, (str, int)) or not PREREQ.match(str(ver)):
                problem("prereq %s %r is not a version range" % (dep, ver))

tags = meta.get("tags", [])
if not isinstance(tags, list) or any(not isinstance(t, str) or not t or len(t) > 255 for t in tags):
    problem("tags must be a list of strings of 1 to 255 characters")

# Every place that states the version.
versions = {"META.json version": meta.get("version")}
if "aov_ext" in provides:
    versions["META.json provides.aov_ext.version"] = provides["aov_ext"].get("version")
else:
    problem("provides does not name aov_ext")
versions["aov_ext.control default_version"] = first_match(
    r"^default_version\s*=\s*'([^']*)'", read("aov_ext.control"), "default_version in aov_ext.control")
versions["Makefile EXTVERSION"] = first_match(
    r"^EXTVERSION\s*=\s*(\S+)", read("Makefile"), "EXTVERSION in the Makefile")
if os.path.exists(os.path.join(ROOT, "debian/changelog")):
    deb = first_match(r"^\S+ \(([^)]*)\)", read("debian/changelog"), "entry in debian/changelog")
    # The Debian revision (-1) and any epoch are Debian's, not ours.
    versions["debian/changelog (upstream part)"] = deb and re.sub(r"^\d+:|-[^-]*$", "", deb)
changelog = read("CHANGELOG.md")
top = first_match(r"^## \[([^\]]+)\]", changelog, "release heading in CHANGELOG.md")
versions["CHANGELOG.md top entry"] = top

want = meta.get("version")
for where, v in versions.items():
    if v != want:
        problem("%s is %r, META.json says %r" % (where, v, want))

# An unreleased version must not be announced as stable.
m = re.search(r"^## \[([^\]]+)\] - (.*)$", changelog, re.MULTILINE)
if m and m.group(2).strip().lower() == "unreleased" and meta.get("release_status") == "stable":
    problem("CHANGELOG.md says %s is unreleased, META.json says stable" % m.group(1))

print("check_meta: %s" % ("FAIL" if problems else "PASS"))
sys.exit(1 if problems else 0)
