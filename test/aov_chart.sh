#!/usr/bin/env bash
# test/aov_chart.sh: draw the monthly AOV per customer segment (new,
# returning, guest, all) and its split into unit price and items per order
# as a PNG of three panels, from aov_report.  The third part of test/demo.sh.
#
#   bash test/aov_chart.sh [OUTPUT.png]      (default: aov_by_segment.png)
#
# Connects with psql's usual environment (PGHOST, PGPORT, PGDATABASE, ...)
# to a database with aov_ext and the orders table of test/sample_data.sql.
# Needs gnuplot (Debian package gnuplot-nox).  doc/img/aov_by_segment.png,
# shown in README.md, is this script's output on the sample data.
#
# Plain figures are drawn because they multiply exactly (AOV = unit price x
# items per order), so the three panels of one segment explain each other;
# the typical (5% trimmed) figure of all orders is drawn dashed next to
# them, so a wholesale spike in the plain line reads as such.
set -euo pipefail

out=${1:-aov_by_segment.png}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# One line per month and segment: the month's number (1 = the first month),
# segment, aov, unit_price, ipo, the typical aov, unit_price and ipo, and
# the month's name for the x axis.
psql -X -q -v ON_ERROR_STOP=1 -At -F ' ' \
     -c "SET TimeZone = 'UTC'" \
     -c "SELECT dense_rank() OVER (ORDER BY period), segment,
                round(aov, 2), round(unit_price, 2), round(items_per_order, 2),
                round(aov_trimmed, 2), round(unit_price_trimmed, 2), round(items_per_order_trimmed, 2),
                to_char(period, 'Mon YYYY')
         FROM aov_report('orders', 'month')" > "$work/report.txt"

# One file per segment: gnuplot draws each as its own line.
for s in new returning guest all; do
    awk -v s="$s" '$2 == s' "$work/report.txt" > "$work/$s.txt"
    if [[ ! -s $work/$s.txt ]]; then
        echo "aov_chart.sh: aov_report returned no '$s' rows" >&2
        exit 1
    fi
done

# x tics: the month names at their numbers, e.g. ("Jan 2026" 1, ...)
xtics=$(awk '{ printf "%s\"%s %s\" %s", (NR > 1 ? ", " : ""), $9, $10, $1 }' "$work/all.txt")

gnuplot <<EOF
set terminal pngcairo size 800,1000 font "DejaVu Sans,11" linewidth 1.5
set output "$out"
set datafile separator " "
set xrange [0.7:*]
set offsets 0, 0.3, 0, 0
set xtics ($xtics)
set grid ytics lc rgb "#dddddd"
set key at screen 0.5, screen 0.915 center center horizontal Left reverse samplen 2.5 width 1
set multiplot layout 3,1 title "Average order value (AOV) per month and customer segment\nAOV = unit price × items per order" font ",13" \
    margins 0.1, 0.97, 0.04, 0.85 spacing 0, 0.075

# One panel: the plain figure of column c per segment, and the typical
# figure of all orders (column c + 3) dashed.
panel(c) = sprintf("plot '$work/new.txt' using 1:%d with linespoints lc rgb '#1b9e77' pt 7 title 'new', \
    '$work/returning.txt' using 1:%d with linespoints lc rgb '#d95f02' pt 5 title 'returning', \
    '$work/guest.txt' using 1:%d with linespoints lc rgb '#7570b3' pt 9 title 'guest', \
    '$work/all.txt' using 1:%d with linespoints lc rgb 'black' pt 13 lw 2.5 title 'all', \
    '$work/all.txt' using 1:%d with lines lc rgb 'black' dt 2 lw 2 title 'all, typical (5%% trimmed)'", \
    c, c, c, c, c + 3)

set yrange [0:*]
set title "AOV: revenue / orders"
set ylabel "per order"
eval panel(3)

# one key, in the first panel, serves all three
unset key
set title "Unit price: revenue / items"
set ylabel "per item"
eval panel(4)

set title "Items per order: items / orders"
set ylabel "items"
eval panel(5)
unset multiplot
EOF

# A PNG starts with these 8 bytes; anything else means gnuplot failed.
if [[ $(head -c 8 "$out" | od -An -tx1 | tr -d ' \n') != 89504e470d0a1a0a ]]; then
    echo "aov_chart.sh: $out is not a PNG" >&2
    exit 1
fi
echo "chart written to $out"
