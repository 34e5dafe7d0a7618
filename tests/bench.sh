#!/bin/sh
# make bench: full scans of generated clusters against the parser floor.
# Usage: tests/bench.sh /path/to/kubectl-threatmap [sizes...]
#
# Sizes (objects asked of tests/gen_bench.py) come from the arguments, else
# from $BENCH_SIZES, else "10000 100000 400000" (about 0.1, 1 and 4 GB of
# JSON).  Each size is generated once as JSON and as YAML of the same
# objects and cached in $TMPDIR/threatmap-bench.  On those same bytes, in
# one run: a full threatmap scan of each (JSON report to a file),
# json_verify -q and jq -c '.items|length' of the JSON; then the ratios.
# A third file holds the same objects as JSON in the order `kubectl get
# all -A` lists them (input "kget": every Pod before its controller), a
# fourth the same as YAML ("kgety"), for the memory and time a scan needs
# when workloads come before their controllers (the look ahead).  A fifth
# ("dense") holds as many objects written by tests/gen_cluster.py: the
# same kinds with bare specs, no status bulk, no managedFields, about 1 KB
# an object instead of 10 (what `kubectl get -o json` prints of small
# objects), where the work per object, not the bytes, sets the time; its
# text report is timed too ("dense-text"), every finding grouped by object.
# The live part ($BENCH_LIVE_SIZE objects, default 10000; 0 skips it)
# serves a generated cluster with tests/apiserver.py and times
# `kubectl-threatmap snapshot` against `kubectl get` of the same resources,
# then a scan of the live cluster and one of the snapshot.
# A run that would need more memory than is available (estimated from the
# previous size) is skipped and says so.
# The threatmap scans and json_verify run $BENCH_REPEAT times each (default
# 3) and the fastest run is kept (its CPU time; the largest peak of the
# runs): on a shared machine a run of a fraction of a second moves by a
# third from one try to the next, which the scaling ratios multiply.  jq
# runs once.
set -eu
bin=$1
shift
sizes=${*:-${BENCH_SIZES:-"10000 100000 400000"}}
live_size=${BENCH_LIVE_SIZE:-10000}
repeat=${BENCH_REPEAT:-3}
reps=1 # runs of the next timed command
here=$(cd "$(dirname "$0")" && pwd)
dir=${TMPDIR:-/tmp}/threatmap-bench
mkdir -p "$dir"
work=$(mktemp -d "$dir/run.XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM
tfile=$work/time.out
[ -x /usr/bin/time ] || { echo "bench: /usr/bin/time is needed (apt-get install time)" >&2; exit 2; }
have() { command -v "$1" >/dev/null 2>&1; }
if ! have json_verify; then
	echo "bench: json_verify not found (apt-get install -y yajl-tools): no parser-floor column" >&2
fi
if ! have jq; then
	echo "bench: jq not found (apt-get install -y jq): no jq column" >&2
fi

# Available memory in KiB (MemAvailable), 0 when unknown.
mem_avail() {
	awk '/^MemAvailable:/ { print $2; f = 1 } END { if (!f) print 0 }' \
		/proc/meminfo 2>/dev/null || echo 0
}

# gen N FORMAT [kubectl|dense]: the cached input, generated on first use.
gen() {
	f=$dir/bench-$1${3:+-$3}.$2
	if ! [ -s "$f" ] || ! [ -s "$f.count" ]; then
		if [ "${3:-}" = dense ]; then
			python3 "$here/gen_cluster.py" "$1" > "$f.tmp" 2> "$f.count.tmp"
		else
			python3 "$here/gen_bench.py" "$1" "$2" ${3:-} > "$f.tmp" 2> "$f.count.tmp"
		fi
		mv "$f.tmp" "$f"
		mv "$f.count.tmp" "$f.count"
	fi
	echo "$f"
}

# timed NAME KIND INPUT OBJECTS COMMAND...: run it under /usr/bin/time and
# print one row; the numbers also land in $work/NAME-KIND.
# Exit status 0 and 1 count as success (1: threatmap found something).
timed() {
	name=$1 kind=$2 in=$3 objs=$4
	shift 4
	bytes=$(wc -c < "$in")
	need=0
	if [ -s "$work/rss-per-byte-$name" ]; then
		need=$(awk -v r="$(cat "$work/rss-per-byte-$name")" -v b="$bytes" \
			'BEGIN { printf "%.0f", r * b * 1.2 / 1024 }')
	fi
	avail=$(mem_avail)
	if [ "$need" -gt 0 ] && [ "$avail" -gt 0 ] && [ "$need" -gt "$avail" ]; then
		printf '%-10s %-5s %8d %9.1f  skipped: needs about %.1f GiB, %.1f GiB available\n' \
			"$name" "$kind" "$objs" "$(awk -v b="$bytes" 'BEGIN{print b/1048576}')" \
			"$(awk -v k="$need" 'BEGIN{print k/1048576}')" \
			"$(awk -v k="$avail" 'BEGIN{print k/1048576}')"
		rm -f "$work/$name-$kind"
		return 0
	fi
	: > "$work/runs"
	run=0
	while [ "$run" -lt "$reps" ]; do
		run=$((run + 1))
		# every command starts with its input in the page cache: the
		# one before (jq at 400k holds 14 GiB) may have pushed it out
		cat "$in" >/dev/null
		rc=0
		/usr/bin/time -o "$tfile" -f '%e %U %S %M' "$@" \
			>"$work/stdout" 2>"$work/err" || rc=$?
		if [ "$rc" -gt 1 ]; then
			echo "bench: $name on $in exited $rc:" >&2
			tail -n 5 "$work/err" >&2
			exit 1
		fi
		# GNU time puts "Command exited with non-zero status" first
		tail -n 1 "$tfile" >> "$work/runs"
	done
	# the fastest run, with the largest peak of them all
	set -- $(awk 'NR == 1 || $1 < w { w = $1; u = $2; s = $3 }
		$4 > m { m = $4 }
		END { print w, u, s, m }' "$work/runs")
	echo "$1 $(awk -v u="$2" -v s="$3" 'BEGIN { print u + s }') $4 $bytes" \
		> "$work/$name-$kind"
	awk -v r="$4" -v b="$bytes" 'BEGIN { print r * 1024 / b }' \
		> "$work/rss-per-byte-$name"
	awk -v t="$name" -v k="$kind" -v n="$objs" -v b="$bytes" -v w="$1" \
	    -v c="$(awk -v u="$2" -v s="$3" 'BEGIN { print u + s }')" -v r="$4" 'BEGIN {
		mb = b / 1048576
		printf "%-10s %-5s %8d %9.1f %8.2f %8.2f %8.1f %10.0f %8.1f %9.2f\n",
		       t, k, n, mb, w, c, (w > 0 ? mb / w : 0),
		       (w > 0 ? n / w : 0), r / 1024, (r * 1024) / b }'
}

# field NAME-KIND COLUMN: 1 wall, 2 cpu, 3 rss KiB, 4 bytes ("" when absent).
field() {
	[ -s "$work/$1" ] && awk -v c="$2" '{ print $c }' "$work/$1" || true
}

# ratio LABEL A B: A / B, or "n/a" when one is missing.
ratio() {
	if [ -n "$2" ] && [ -n "$3" ]; then
		awk -v l="$1" -v a="$2" -v b="$3" 'BEGIN {
			if (b > 0) printf "  %-44s %7.2f\n", l, a / b
			else printf "  %-44s     n/a\n", l }'
	else
		printf '  %-44s     n/a\n' "$1"
	fi
}

echo "machine: $(nproc) cores, $(awk '/^MemTotal:/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), $(uname -sr)"
printf '%-10s %-5s %8s %9s %8s %8s %8s %10s %8s %9s\n' tool input objects \
	input_MB wall_s cpu_s MB/s objects/s peak_MB rss/input
for n in $sizes; do
	js=$(gen "$n" json)
	ym=$(gen "$n" yaml)
	objs=$(awk '{ print $2 }' "$js.count")
	# the reports are written to a file: a scan streams its report
	reps=$repeat
	timed threatmap json "$js" "$objs" "$bin" scan -f "$js" --format json \
		-o "$work/report.json" --max-input-size 64G
	timed threatmap yaml "$ym" "$objs" "$bin" scan -f "$ym" --format json \
		-o "$work/report.json" --max-input-size 64G
	kg=$(gen "$n" json kubectl)
	timed threatmap kget "$kg" "$objs" "$bin" scan -f "$kg" --format json \
		-o "$work/report.json" --max-input-size 64G
	ky=$(gen "$n" yaml kubectl)
	timed threatmap kgety "$ky" "$objs" "$bin" scan -f "$ky" --format json \
		-o "$work/report.json" --max-input-size 64G
	if have json_verify; then
		timed json_verify json "$js" "$objs" sh -c 'json_verify -q < "$1"' sh "$js"
	fi
	reps=1
	if have jq; then
		timed jq json "$js" "$objs" jq -c '.items|length' "$js"
	fi
	for k in threatmap-json threatmap-yaml threatmap-kget threatmap-kgety \
		json_verify-json jq-json; do
		[ -s "$work/$k" ] && cp "$work/$k" "$work/$k.$n"
	done
	rm -f "$work/threatmap-json" "$work/threatmap-yaml" "$work/threatmap-kget" \
		"$work/threatmap-kgety" "$work/json_verify-json" "$work/jq-json" "$work/report.json"
	echo "$n $objs" >> "$work/sizes"
	# as many objects, small ones (timed sets objs: last)
	dn=$(gen "$n" json dense)
	reps=$repeat
	timed threatmap dense "$dn" "$(awk '{ print $2 }' "$dn.count")" "$bin" \
		scan -f "$dn" --format json -o "$work/report.json" --max-input-size 64G
	# its text report, what a person at a terminal gets
	timed threatmap dense-text "$dn" "$(awk '{ print $2 }' "$dn.count")" \
		"$bin" scan -f "$dn" --format text -o "$work/report.txt" \
		--max-input-size 64G
	if have json_verify; then
		timed json_verify dense "$dn" "$(awk '{ print $2 }' "$dn.count")" \
			sh -c 'json_verify -q < "$1"' sh "$dn"
	fi
	for k in threatmap-dense threatmap-dense-text json_verify-dense; do
		[ -s "$work/$k" ] && mv "$work/$k" "$work/$k.$n"
	done
	rm -f "$work/report.json" "$work/report.txt"
	reps=1
done

echo
echo "ratios (wall time unless said; lower is better for the first three):"
while read -r n objs; do
	echo " $objs objects:"
	ratio "threatmap JSON / json_verify (goal <= 3)" \
		"$(field threatmap-json.$n 1)" "$(field json_verify-json.$n 1)"
	ratio "threatmap YAML / threatmap JSON (goal <= 2)" \
		"$(field threatmap-yaml.$n 1)" "$(field threatmap-json.$n 1)"
	ratio "threatmap peak RSS / JSON input (goal <= 0.15)" \
		"$(field threatmap-json.$n 3)" \
		"$(awk -v b="$(field threatmap-json.$n 4)" 'BEGIN { if (b) print b / 1024 }')"
	ratio "  the same, kubectl get all order (kget)" \
		"$(field threatmap-kget.$n 3)" \
		"$(awk -v b="$(field threatmap-json.$n 4)" 'BEGIN { if (b) print b / 1024 }')"
	ratio "  the same, as YAML (kgety)" \
		"$(field threatmap-kgety.$n 3)" \
		"$(awk -v b="$(field threatmap-json.$n 4)" 'BEGIN { if (b) print b / 1024 }')"
	ratio "threatmap kgety / kget (YAML / JSON, kubectl order)" \
		"$(field threatmap-kgety.$n 1)" "$(field threatmap-kget.$n 1)"
	ratio "jq / threatmap JSON (goal >= 5)" \
		"$(field jq-json.$n 1)" "$(field threatmap-json.$n 1)"
	ratio "threatmap JSON cpu / json_verify cpu" \
		"$(field threatmap-json.$n 2)" "$(field json_verify-json.$n 2)"
	ratio "dense: threatmap JSON / json_verify" \
		"$(field threatmap-dense.$n 1)" "$(field json_verify-dense.$n 1)"
	ratio "dense: threatmap peak RSS / JSON input" \
		"$(field threatmap-dense.$n 3)" \
		"$(awk -v b="$(field threatmap-dense.$n 4)" 'BEGIN { if (b) print b / 1024 }')"
	ratio "dense: threatmap text report / JSON report" \
		"$(field threatmap-dense-text.$n 1)" "$(field threatmap-dense.$n 1)"
done < "$work/sizes"

echo " scaling (time ratio per object ratio; goal <= 1.1 for 10x):"
p= pobjs=
while read -r n objs; do
	if [ -n "$p" ]; then
		for k in json yaml dense dense-text; do
			a=$(field "threatmap-$k.$n" 1) b=$(field "threatmap-$k.$p" 1)
			ra=$(field "threatmap-$k.$n" 3) rb=$(field "threatmap-$k.$p" 3)
			if [ -n "$a" ] && [ -n "$b" ]; then
				awk -v k="$k" -v a="$a" -v b="$b" -v ra="$ra" -v rb="$rb" \
				    -v n="$objs" -v m="$pobjs" 'BEGIN {
					x = n / m
					printf "  %s %d -> %d objects (x%.1f): time x%.2f (%.2f per object), peak RSS x%.2f\n",
					       k, m, n, x, (b > 0 ? a / b : 0),
					       (b > 0 ? a / b / x : 0), (rb > 0 ? ra / rb : 0) }'
			fi
		done
	fi
	p=$n pobjs=$objs
done < "$work/sizes"

# ---- live: snapshot against kubectl get of the same resources ----------
if [ "$live_size" = 0 ]; then
	exit 0
fi
echo
if ! have kubectl; then
	echo "live: kubectl not found: no live comparison"
	exit 0
fi
certs=$dir/certs
if ! [ -s "$certs/server.crt" ]; then
	python3 "$here/apiserver.py" gen-certs "$certs" >/dev/null 2>&1 || {
		echo "live: could not make test certificates (openssl?)"
		exit 0
	}
fi
echo '{"tokens":{"admin-token":"admin"}}' > "$work/srv.json"
srv=
trap 'kill $srv 2>/dev/null; rm -rf "$work"' EXIT INT TERM
# serve CLUSTER_JSON: tests/apiserver.py serving it, $kc its kubeconfig
serve() {
	if [ -n "$srv" ]; then
		kill "$srv" 2>/dev/null || :
		wait "$srv" 2>/dev/null || :
	fi
	data=$work/live
	rm -rf "$data" "$work/port"
	mkdir -p "$data/cluster"
	cp "$here/../testdata/live/resources.json" "$data/"
	ln -s "$1" "$data/cluster/cluster.json"
	python3 "$here/apiserver.py" serve --certs "$certs" --data "$data" \
		--config "$work/srv.json" > "$work/port" 2>"$work/srv.err" &
	srv=$!
	i=0
	while ! [ -s "$work/port" ] && [ $i -lt 1200 ]; do
		sleep 0.5
		i=$((i + 1))
	done
	port=$(head -n 1 "$work/port")
	kc=$work/kubeconfig
	cat > "$kc" <<EOF
apiVersion: v1
kind: Config
clusters:
- name: bench
  cluster:
    server: https://localhost:$port
    certificate-authority: $certs/ca.crt
users:
- name: bench
  user:
    token: admin-token
contexts:
- name: bench
  context: {cluster: bench, user: bench}
current-context: bench
EOF
}
lfile=$(gen "$live_size" json)
lobjs=$(awk '{ print $2 }' "$lfile.count")
serve "$lfile"
res=$(python3 -c 'import json, sys
r = json.load(open(sys.argv[1]))["resources"]
print(",".join(x["name"] + ("." + x["group"] if x["group"] else "")
               for x in r if x["name"] != "events"))' "$data/resources.json")
echo "live: $lobjs objects served by tests/apiserver.py (one process, Python)"
printf '%-10s %-5s %8s %9s %8s %8s %8s %10s %8s %9s\n' tool input objects \
	input_MB wall_s cpu_s MB/s objects/s peak_MB rss/input
head -c 32 /dev/urandom > "$work/mask.key"
timed snapshot live "$data/cluster/cluster.json" "$lobjs" "$bin" snapshot \
	--kubeconfig "$kc" --mask-key "$work/mask.key" \
	--max-input-size 64G -d "$work/snap"
timed kubectl live "$data/cluster/cluster.json" "$lobjs" kubectl \
	--kubeconfig "$kc" get "$res" -A -o json
# a scan of the live cluster, and of the snapshot just taken
timed scan live "$data/cluster/cluster.json" "$lobjs" "$bin" scan \
	--kubeconfig "$kc" --format json -o "$work/live.json"
timed scan snap "$data/cluster/cluster.json" "$lobjs" "$bin" scan \
	--snapshot "$work/snap" --format json -o "$work/snap.json"
ratio "kubectl get / threatmap snapshot (wall)" \
	"$(field kubectl-live 1)" "$(field snapshot-live 1)"
# the snapshot of ten times the objects (the dense cluster of that size):
# objects are masked to the directory as they arrive, so its memory does
# not grow with the cluster
bfile=$(gen "$((live_size * 10))" json dense)
serve "$bfile"
timed snapshot live10x "$data/cluster/cluster.json" \
	"$(awk '{ print $2 }' "$bfile.count")" "$bin" snapshot \
	--kubeconfig "$kc" --mask-key "$work/mask.key" \
	--max-input-size 64G -d "$work/snap10x"
ratio "snapshot peak RSS, 10x the objects / 1x" \
	"$(field snapshot-live10x 3)" "$(field snapshot-live 3)"
