#!/bin/sh
# Run the test binary's suites JOBS processes at a time, each process under
# COMMAND (valgrind ..., or nothing).  The suites named in SLOW start first,
# one to a process; the others follow GROUP to a process (default 4), so a
# core that finishes early picks up the next ones.  A process's output is
# shown, with its suites and seconds, when it ends; the run fails when any
# process fails (a failed test, a valgrind error, a crash).
#
# usage: tests/run-suites.sh JOBS 'SLOW...' [COMMAND...] TESTBIN
# With JOBS 1 the binary runs once with every suite, as it does alone.
set -u

if [ "${1:-}" = --group ]; then
	# --group COMMAND... TESTBIN -- SUITE...: one process (from xargs)
	shift
	n=0
	for a; do
		[ "$a" = -- ] && break
		n=$((n + 1))
	done
	log=$(mktemp "${TMPDIR:-/tmp}/threatmap-suites-XXXXXX") || exit 1
	start=$(date +%s)
	# the command and its suites: everything but the "--"
	i=0
	for a; do
		shift
		i=$((i + 1))
		[ "$i" -eq $((n + 1)) ] && continue
		set -- "$@" "$a"
	done
	"$@" >"$log" 2>&1
	rc=$?
	shift "$n"
	cat "$log"
	rm -f "$log"
	echo "suites $* ($(($(date +%s) - start)) s)"
	if [ "$rc" -ne 0 ]; then
		echo "FAILED: suites $* (exit $rc)" >&2
		exit 1
	fi
	exit 0
fi

if [ $# -lt 3 ]; then
	echo "usage: $0 JOBS 'SLOW...' [COMMAND...] TESTBIN" >&2
	exit 2
fi
jobs=$1 slow=$2
shift 2
group=${GROUP:-4}
for bin; do :; done

if [ "$jobs" -le 1 ]; then
	exec "$@"
fi
all=$("$bin" --list) || exit 1

# The slow suites the binary has, then the rest GROUP to a line.
{
	for s in $slow; do
		echo "$all" | grep -qx "$s" && echo "$s"
	done
	echo "$all" | grep -vxF "$(printf '%s\n' $slow)" | xargs -n "$group"
} | xargs -P "$jobs" -L 1 sh "$0" --group "$@" --
rc=$?
if [ "$rc" -ne 0 ]; then
	echo "run-suites: some suites failed (see FAILED above)" >&2
	exit 1
fi
