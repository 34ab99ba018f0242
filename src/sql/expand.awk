# expand.awk: builds the install script from src/sql/aov_ext.sql.
#
#   awk -f src/sql/expand.awk src/sql/aov_ext.sql > aov_ext--VERSION.sql
#
# Lines pass through unchanged, except templates, which are written once in
# the source and expanded here, so that a family of overloads cannot drift
# apart:
#
#   --@foreach revenue | items          a table: its column names,
#   --@   numeric | integer             then one row of values per line
#   --@   float8  | integer             (cells separated by |, trimmed)
#   --@foreach arity                    another table: the rows of all
#   --@   2                             tables are combined, every row of
#   --@   3                             the first with every row of the next
#   --@do
#   CREATE ... (${revenue}, ${items}) ...   the template, copied once per
#   --@end                                  combination with ${name} replaced
#
# A template used by several tables is written once and named:
#
#   --@define state_type                a named template: lines up to
#   CREATE TYPE @extschema@.${type};    --@end, not written out here
#   --@end
#   --@foreach type                     then, after a table, --@use
#   --@   aov_sample                    NAME stands for --@do, the
#   --@use state_type                   template's lines and --@end
#
# Anything else that starts with --@ is an error, as is a ${name} no table
# defines.

function trim(s) {
    sub(/^[ \t]+/, "", s)
    sub(/[ \t]+$/, "", s)
    return s
}

function fail(msg) {
    printf "expand.awk: %s:%d: %s\n", FILENAME, FNR, msg > "/dev/stderr"
    failed = 1
    exit 1
}

# replace every occurrence of from in s by to (no regular expressions)
function replace_all(s, from, to,    out, i) {
    out = ""
    while ((i = index(s, from)) > 0) {
        out = out substr(s, 1, i - 1) to
        s = substr(s, i + length(from))
    }
    return out s
}

function emit(t,    r, c, line, l, name) {
    if (t > ntables) {
        for (l = 1; l <= nlines; l++) {
            line = tmpl[l]
            for (name in value)
                line = replace_all(line, "${" name "}", value[name])
            if (line ~ /\$\{[a-z_]+\}/)
                fail("unknown template variable in: " line)
            print line
        }
        return
    }
    for (r = 1; r <= nrows[t]; r++) {
        for (c = 1; c <= ncols[t]; c++)
            value[col[t, c]] = cell[t, r, c]
        emit(t + 1)
    }
}

BEGIN { state = "text"; ntables = 0 }

/^--@foreach[ \t]/ {
    if (state == "tmpl")
        fail("--@foreach inside a template")
    state = "table"
    ntables++
    line = substr($0, length("--@foreach") + 1)
    ncols[ntables] = split(line, names, "|")
    for (c = 1; c <= ncols[ntables]; c++)
        col[ntables, c] = trim(names[c])
    nrows[ntables] = 0
    next
}

/^--@define[ \t]/ {
    if (state != "text")
        fail("--@define inside a template")
    state = "define"
    defname = trim(substr($0, length("--@define") + 1))
    if (defname in deflines)
        fail("template " defname " is defined twice")
    deflines[defname] = 0
    next
}

/^--@use[ \t]/ {
    if (state != "table")
        fail("--@use without a --@foreach table")
    name = trim(substr($0, length("--@use") + 1))
    if (!(name in deflines))
        fail("--@use of undefined template " name)
    nlines = deflines[name]
    for (l = 1; l <= nlines; l++)
        tmpl[l] = defline[name, l]
    delete value
    emit(1)
    state = "text"
    ntables = 0
    next
}

/^--@do[ \t]*$/ {
    if (state != "table")
        fail("--@do without a --@foreach table")
    state = "tmpl"
    nlines = 0
    next
}

/^--@end[ \t]*$/ {
    if (state == "define") {
        state = "text"
        next
    }
    if (state != "tmpl")
        fail("--@end without --@do")
    delete value
    emit(1)
    state = "text"
    ntables = 0
    next
}

/^--@/ {
    if (state != "table")
        fail("template line outside a --@foreach table: " $0)
    r = ++nrows[ntables]
    n = split(substr($0, 4), cells, "|")
    if (n == 0) {
        n = 1              # an empty line is one empty cell
        cells[1] = ""
    }
    if (n != ncols[ntables])
        fail("row has " n " cells, the table " ncols[ntables] " columns")
    for (c = 1; c <= n; c++)
        cell[ntables, r, c] = trim(cells[c])
    next
}

state == "tmpl" { tmpl[++nlines] = $0; next }

state == "define" { defline[defname, ++deflines[defname]] = $0; next }

state == "table" { fail("a --@foreach table ends without --@do") }

{ print }

END {
    if (!failed && state != "text")
        fail("the file ends inside a template")
}
