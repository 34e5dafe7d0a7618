#!/bin/sh
# make bench: time and peak memory of full scans of generated clusters.
# Usage: tests/bench.sh /path/to/kubectl-threatmap [sizes...]
set -eu
bin=$1
shift
sizes=${*:-"10000 50000 100000"}
dir=${TMPDIR:-/tmp}/threatmap-bench
mkdir -p "$dir"
printf '%-10s %10s %10s %10s %12s %10s\n' objects input_MB wall_s peak_MB objects/s rss/input
for n in $sizes; do
	f="$dir/cluster-$n.json"
	[ -s "$f" ] && [ -s "$f.count" ] ||
		python3 "$(dirname "$0")/gen_cluster.py" "$n" > "$f" 2> "$f.count"
	objs=$(awk '{print $2}' "$f.count")
	bytes=$(wc -c < "$f")
	out=$( { /usr/bin/time -f '%e %M' "$bin" scan -f "$f" --format json -o /dev/null >/dev/null 2>/dev/null; } 2>&1 | tail -1)
	wall=${out% *}
	rss=${out#* }
	awk -v n="$objs" -v b="$bytes" -v w="$wall" -v r="$rss" 'BEGIN {
		printf "%-10d %10.1f %10.2f %10.1f %12.0f %10.2f\n", n, b/1048576, w, r/1024,
		       (w > 0 ? n / w : 0), (r * 1024) / b }'
done
