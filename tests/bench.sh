#!/bin/sh
# make bench: wall time and peak memory of full scans of generated clusters.
# Usage: tests/bench.sh /path/to/kubectl-threatmap [sizes...]
# Sizes (objects asked of tests/gen_cluster.py) come from the arguments, else
# from $BENCH_SIZES, else "10000 50000 100000".  Every size is scanned to a
# JSON report; one size ($BENCH_SARIF_SIZE, default the largest) is also
# rendered as SARIF.  Generated inputs are cached in $TMPDIR/threatmap-bench.
set -eu
bin=$1
shift
sizes=${*:-${BENCH_SIZES:-"10000 50000 100000"}}
sarif_size=${BENCH_SARIF_SIZE:-}
dir=${TMPDIR:-/tmp}/threatmap-bench
mkdir -p "$dir"
tfile=$dir/time.out
[ -x /usr/bin/time ] || { echo "bench: /usr/bin/time is needed (apt-get install time)" >&2; exit 2; }

if [ -z "$sarif_size" ]; then
	for n in $sizes; do
		if [ -z "$sarif_size" ] || [ "$n" -gt "$sarif_size" ]; then
			sarif_size=$n
		fi
	done
fi

# run FORMAT FILE OBJECTS: one scan, one table row.
run() {
	fmt=$1 f=$2 objs=$3
	bytes=$(wc -c < "$f")
	rc=0
	/usr/bin/time -o "$tfile" -f '%e %M' \
		"$bin" scan -f "$f" --format "$fmt" -o "$dir/out.$fmt" \
		>/dev/null 2>"$dir/err" || rc=$?
	# 0: clean, 1: findings; anything else is a failed run
	if [ "$rc" -gt 1 ]; then
		echo "bench: scan of $f exited $rc:" >&2
		cat "$dir/err" >&2
		exit 1
	fi
	# GNU time puts "Command exited with non-zero status" first
	last=$(tail -n 1 "$tfile")
	wall=${last% *}
	rss=${last#* }
	awk -v f="$fmt" -v n="$objs" -v b="$bytes" -v w="$wall" -v r="$rss" \
	    -v o="$(wc -c < "$dir/out.$fmt")" 'BEGIN {
		printf "%-6s %8d %9.1f %8.2f %8.1f %10.0f %9.2f %8.1f\n", f, n,
		       b / 1048576, w, r / 1024, (w > 0 ? n / w : 0),
		       (r * 1024) / b, o / 1048576 }'
}

printf '%-6s %8s %9s %8s %8s %10s %9s %8s\n' format objects input_MB \
	wall_s peak_MB objects/s rss/input out_MB
for n in $sizes; do
	f="$dir/cluster-$n.json"
	if ! [ -s "$f" ] || ! [ -s "$f.count" ]; then
		python3 "$(dirname "$0")/gen_cluster.py" "$n" > "$f.tmp" \
			2> "$f.count"
		mv "$f.tmp" "$f"
	fi
	objs=$(awk '{print $2}' "$f.count")
	run json "$f" "$objs"
	if [ "$n" = "$sarif_size" ]; then
		run sarif "$f" "$objs"
	fi
done
rm -f "$tfile" "$dir/err" "$dir/out.json" "$dir/out.sarif"
