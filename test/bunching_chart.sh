#!/usr/bin/env bash
# test/bunching_chart.sh: draw the order-value histogram around a spend
# threshold with the counterfactual that aov_threshold_bunching fitted, the
# excluded window shaded and the threshold marked, as a PNG.
#
#   bash test/bunching_chart.sh [OUTPUT.png] [TABLE] [THRESHOLD] [BIN_WIDTH] [ARGS]
#
# defaults: bunching.png campaign_orders 100 5 and ARGS
# "bins_below => 12, bins_above => 12, excluded_below => 4, excluded_above => 3, poly => 3"
# (more named arguments of aov_threshold_bunching, as SQL text: pass only
# arguments you wrote; the table, threshold and width are quoted by psql).  Connects with
# psql's usual environment (PGHOST, PGPORT, PGDATABASE, ...) to a database
# with aov_ext and the table (test/sample_campaign.sql makes
# campaign_orders).  Needs gnuplot (Debian package gnuplot-nox).
# doc/img/bunching.png, shown in doc/guide.md, is this script's output with
# the defaults.
set -euo pipefail

out=${1:-bunching.png}
table=${2:-campaign_orders}
threshold=${3:-100}
width=${4:-5}
args=${5:-"bins_below => 12, bins_above => 12, excluded_below => 4, excluded_above => 3, poly => 3"}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# One line per bin: centre, observed, counterfactual, region; the estimate
# (the same on every row) goes into the title.
psql -X -q -v ON_ERROR_STOP=1 -At -F ' ' \
     -v tbl="$table" -v t="$threshold" -v w="$width" > "$work/bins.txt" <<SQL
SELECT (bin_start + bin_end) / 2, observed, round(counterfactual::numeric, 2), region,
       round(excess::numeric), round(excess_se::numeric), round(b::numeric, 2), round(b_se::numeric, 2)
  FROM aov_threshold_bunching(:'tbl', :'t'::numeric, :'w'::numeric, $args);
SQL
if [[ ! -s $work/bins.txt ]]; then
    echo "bunching_chart.sh: aov_threshold_bunching returned no bins" >&2
    exit 1
fi
read -r excess excess_se b b_se < <(awk 'NR == 1 { print $5, $6, $7, $8 }' "$work/bins.txt")
# the window: from the first to the last excluded bin's edges
read -r wlo whi < <(awk -v w="$width" '$4 != "fitted" { c = $1; if (lo == "" || c < lo) lo = c; if (c > hi) hi = c }
                                        END { print lo - w / 2, hi + w / 2 }' "$work/bins.txt")

gnuplot <<GP
set terminal pngcairo size 800,500 font "DejaVu Sans,11" linewidth 1.5
set output "$out"
set title noenhanced "Orders per $width of order value around the threshold $threshold ($table)\nexcess above: $excess ± $excess_se orders, b = $b ± $b_se" font ",12"
set xlabel "order value"
set ylabel "orders per bin"
set grid ytics lc rgb "#dddddd"
set yrange [0:*]
set autoscale xfix
set offsets $width, $width, 0, 0
set style fill solid 0.6 noborder
set boxwidth $width * 0.9
set object 1 rect from $wlo, graph 0 to $whi, graph 1 behind fc rgb "#f2f2f2" fs solid noborder
set arrow 1 from $threshold, graph 0 to $threshold, graph 1 nohead lc rgb "#d62728" dt 2 lw 2
set key top right
plot "$work/bins.txt" using 1:2 with boxes lc rgb "#4c78a8" title "observed", \
     "$work/bins.txt" using 1:3 with lines lc rgb "black" lw 2.5 title "counterfactual (polynomial fit outside the shaded window)"
GP

# A PNG starts with these 8 bytes; anything else means gnuplot failed.
if [[ $(head -c 8 "$out" | od -An -tx1 | tr -d ' \n') != 89504e470d0a1a0a ]]; then
    echo "bunching_chart.sh: $out is not a PNG" >&2
    exit 1
fi
echo "chart written to $out"
