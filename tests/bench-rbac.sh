#!/bin/sh
# make bench, RBAC part: the RBAC index and the paths to cluster-admin on a
# generated set of 20,510 roles and 22,000 bindings (tests/gen_rbac.py,
# $BENCH_RBAC_NAMESPACES namespaces, default 500), loading timed apart.
# Usage: tests/bench-rbac.sh /path/to/bench-rbac
set -eu
bin=$1
nns=${BENCH_RBAC_NAMESPACES:-500}
dir=${TMPDIR:-/tmp}/threatmap-bench
mkdir -p "$dir"
f=$dir/rbac-$nns.json
if ! [ -s "$f" ]; then
	python3 "$(dirname "$0")/gen_rbac.py" "$nns" > "$f.tmp" 2>/dev/null
	mv "$f.tmp" "$f"
fi
"$bin" "$f"
