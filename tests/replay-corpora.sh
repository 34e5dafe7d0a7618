#!/bin/sh
# Replay every fuzz corpus through its harness: each past crash stays fixed.
build=${1:-build}
status=0
for dir in tests/fuzz/corpus/*/; do
	[ -d "$dir" ] || continue
	name=$(basename "$dir")
	bin="$build/fuzz/fuzz_$name"
	if [ ! -x "$bin" ]; then
		echo "replay: no harness for corpus '$name'" >&2
		status=1
		continue
	fi
	# what a harness prints (usage errors of the command-line harness)
	# is shown only when it fails
	log="$build/fuzz/replay-$name.log"
	if ! "$bin" "$dir"* >/dev/null 2>"$log"; then
		cat "$log" >&2
		echo "replay: $name failed" >&2
		status=1
	fi
done
exit $status
