#!/bin/sh
# Build each harness tests/fuzz/fuzz_<name>.c with libFuzzer (clang
# -fsanitize=fuzzer plus ASan and UBSan) and run it for a bounded time,
# starting from tests/fuzz/corpus/<name>/.  New inputs go to a scratch
# corpus under build/, never into the repository; a crash is written to
# build/fuzz-lf/artifacts/ and should be copied into the corpus once fixed.
#
#   FUZZ_TIME   seconds per harness (default 60)
#   CLANG       compiler (default clang)
#   ONLY        run only the harness with this name (json, yaml, ...)
set -u
time=${FUZZ_TIME:-60}
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
	-iquote lib -iquote checks -iquote $out $(pkg-config --cflags yajl yaml-0.1 2>/dev/null)"
libs="$(pkg-config --libs libcurl openssl yajl yaml-0.1 libpcre2-8 2>/dev/null) -lpthread -lm"

# The matrix table is generated; the library needs it.
awk -f matrix/gen.awk matrix/tactics.tsv matrix/techniques.tsv \
	matrix/mitigations.tsv matrix/attack-techniques.tsv > "$out/matrix_data.c" || exit 1

status=0
for src in tests/fuzz/fuzz_*.c; do
	name=$(basename "$src" .c)
	name=${name#fuzz_}
	[ -n "${ONLY:-}" ] && [ "$ONLY" != "$name" ] && continue
	bin="$out/fuzz_$name"
	echo "fuzz: building $name"
	# shellcheck disable=SC2086
	if ! $cc $cflags "-DTHREATMAP_VERSION=\"$version\"" -o "$bin" "$src" \
		lib/*.c lib/*/*.c checks/*.c "$out/matrix_data.c" $libs; then
		echo "fuzz: cannot build $name" >&2
		status=1
		continue
	fi
	work="$out/corpus-$name"
	mkdir -p "$work"
	seeds=""
	[ -d "tests/fuzz/corpus/$name" ] && seeds="tests/fuzz/corpus/$name"
	echo "fuzz: running $name for ${time}s"
	# shellcheck disable=SC2086
	if ! "$bin" -max_total_time="$time" -timeout=10 -rss_limit_mb=2048 \
		-artifact_prefix="$out/artifacts/${name}-" -print_final_stats=1 \
		"$work" $seeds; then
		echo "fuzz: $name found a problem; see $out/artifacts/" >&2
		status=1
	fi
done
exit $status
