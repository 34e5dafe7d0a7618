#!/bin/sh
# Build each harness tests/fuzz/fuzz_<name>.c with libFuzzer (clang
# -fsanitize=fuzzer plus ASan and UBSan) and run it for a bounded time,
# starting from tests/fuzz/corpus/<name>/.  New inputs go to a scratch
# corpus under build/, never into the repository; a crash is written to
# build/fuzz-lf/artifacts/ and should be copied into the corpus once fixed.
#
#   FUZZ_SECONDS  seconds per harness (default 60; FUZZ_TIME also works)
#   CLANG       compiler (default clang)
#   ONLY        run only the harness with this name (json, yaml, ...)
#   FUZZ_JOBS   harnesses (and compilations) at once (default: the cores)
set -u
time=${FUZZ_SECONDS:-${FUZZ_TIME:-60}}
cc=${CLANG:-clang}
out=build/fuzz-lf
cd "$(dirname "$0")/../.." || exit 1

if ! command -v "$cc" >/dev/null 2>&1; then
	echo "fuzz: '$cc' not found; libFuzzer needs clang (apt-get install clang)"
	exit 0
fi
mkdir -p "$out/artifacts"
probe="$out/probe.c"
echo 'int LLVMFuzzerTestOneInput(const unsigned char *d, unsigned long n)
{ (void)d; (void)n; return 0; }' > "$probe"
if ! "$cc" -fsanitize=fuzzer "$probe" -o "$out/probe" 2>/dev/null; then
	echo "fuzz: '$cc' cannot link -fsanitize=fuzzer (libFuzzer missing);" \
	     "the harnesses still build and replay their corpora in 'make check'"
	exit 0
fi

version=$(cat VERSION 2>/dev/null || echo 0.0.0)
cflags="-std=c11 -D_POSIX_C_SOURCE=200809L -g -O1 -fno-omit-frame-pointer
	-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all
	-iquote lib -iquote . -iquote checks -iquote $out $(pkg-config --cflags yajl yaml-0.1 2>/dev/null)"
libs="$(pkg-config --libs libcurl openssl yajl yaml-0.1 libpcre2-8 2>/dev/null) -lpthread -lm"

# The matrix table is generated; the library needs it.
awk -f matrix/gen.awk matrix/tactics.tsv matrix/techniques.tsv \
	matrix/mitigations.tsv matrix/attack-techniques.tsv > "$out/matrix_data.c" || exit 1

jobs=${FUZZ_JOBS:-$(nproc 2>/dev/null || echo 2)}

# The library once, with the fuzzing flags, JOBS files at a time; each
# harness links against it.  The command-line harness also needs cmd/
# (without main()).
mkdir -p "$out/obj"
objs="" cmdobjs="" stale=""
for src in lib/*.c lib/*/*.c checks/*.c "$out/matrix_data.c" cmd/*.c; do
	[ "$src" = cmd/main.c ] && continue
	obj="$out/obj/$(echo "$src" | tr / _ | sed 's/\.c$/.o/')"
	# a changed header (a struct grew) rebuilds every object: objects of
	# two layouts linked together fail at once under ASan
	if [ ! -f "$obj" ] || [ "$src" -nt "$obj" ] ||
	   [ -n "$(find lib checks -newer "$obj" \( -name '*.h' -o -name '*.def' \) 2>/dev/null | head -n 1)" ]; then
		stale="$stale $src $obj"
	fi
	case $src in
	cmd/*) cmdobjs="$cmdobjs $obj" ;;
	*) objs="$objs $obj" ;;
	esac
done
export FUZZ_CC="$cc" FUZZ_CFLAGS="$cflags" FUZZ_VERSION="$version"
# shellcheck disable=SC2016,SC2086
[ -z "$stale" ] || printf '%s\n' $stale | xargs -n 2 -P "$jobs" sh -c \
	'$FUZZ_CC $FUZZ_CFLAGS "-DTHREATMAP_VERSION=\"$FUZZ_VERSION\"" -c -o "$2" "$1" ||
	{ echo "fuzz: cannot build $1" >&2; exit 1; }' sh ||
	exit 1

# Build harness $1 and run it for $time seconds; its status goes to
# $out/$1.status.
one() {
	name=$1
	bin="$out/fuzz_$name"
	echo "fuzz: building $name"
	hobjs=$objs
	fdmask=""
	if [ "$name" = cmdline ]; then
		# usage errors would flood the log: the target's output is closed
		hobjs="$cmdobjs $objs"
		fdmask="-close_fd_mask=3"
	fi
	# shellcheck disable=SC2086
	if ! $cc $cflags "-DTHREATMAP_VERSION=\"$version\"" -o "$bin" "$src" \
		$hobjs $libs; then
		echo "fuzz: cannot build $name" >&2
		echo 1 >"$out/$name.status"
		return
	fi
	work="$out/corpus-$name"
	mkdir -p "$work"
	seeds=""
	[ -d "tests/fuzz/corpus/$name" ] && seeds="tests/fuzz/corpus/$name"
	# real documents next to the repository seed some harnesses too;
	# they are read where they are, never copied in
	shared=${THREATMAP_SHARED:-../shared}
	case $name in
	discovery) extra="$shared/k8s-real/discovery" ;;
	*) extra="" ;;
	esac
	[ -n "$extra" ] && [ -d "$extra" ] && seeds="$seeds $extra"
	echo "fuzz: running $name for ${time}s"
	# shellcheck disable=SC2086
	if ! "$bin" -max_total_time="$time" -timeout=10 -rss_limit_mb=2048 $fdmask \
		-artifact_prefix="$out/artifacts/${name}-" -print_final_stats=1 \
		"$work" $seeds 2>"$out/$name.log"; then
		tail -n 40 "$out/$name.log" >&2
		echo "fuzz: $name found a problem; see $out/artifacts/" >&2
		echo 1 >"$out/$name.status"
		return
	fi
	echo 0 >"$out/$name.status"
}

# The harnesses JOBS at a time, each one's output shown when its batch ends.
names="" running=0
for src in tests/fuzz/fuzz_*.c; do
	name=$(basename "$src" .c)
	name=${name#fuzz_}
	[ -n "${ONLY:-}" ] && [ "$ONLY" != "$name" ] && continue
	names="$names $name"
	rm -f "$out/$name.status"
	one "$name" >"$out/$name.out" 2>&1 &
	running=$((running + 1))
	if [ "$running" -ge "$jobs" ]; then
		wait
		running=0
	fi
done
wait

status=0
summary=""
for name in $names; do
	cat "$out/$name.out"
	[ "$(cat "$out/$name.status" 2>/dev/null)" = 0 ] || status=1
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$out/$name.log" 2>/dev/null)
	summary="$summary
  $name: ${execs:-?} executions in ${time}s"
done
echo "fuzz: executions per harness:$summary"
exit $status
