#!/bin/sh
# Dependencies between modules point one way.  A module is a .c file and
# its .h (lib/analysis/rbac.c and lib/analysis/rbac.h are lib/analysis/rbac);
# module A depends on B when A includes B's header or A's object calls or
# reads a symbol B's object defines.  Any cycle among the modules of lib/,
# checks/ and cmd/ fails, with the edges that close it.
#
#   sh tests/module-cycles.sh [BUILD]     includes and symbols
#   sh tests/module-cycles.sh --includes  includes only (no build needed)
#
# A private header X_int.h is not a module of its own: it and every file
# that includes it belong to module X (netpol_engine.c and netpol.c share
# analysis/netpol_int.h, so both are lib/analysis/netpol).
#
# It reads the tree below the current directory.
includes_only=
if [ "$1" = --includes ]; then
	includes_only=1
	shift
fi
build=${1:-build}
tmp=${TMPDIR:-/tmp}/threatmap-cycles.$$
trap 'rm -rf "$tmp"' EXIT INT TERM
mkdir -p "$tmp" || exit 2

srcs=$(find lib checks cmd -name '*.[ch]' 2>/dev/null | sort)
[ -n "$srcs" ] || { echo "module-cycles: no sources" >&2; exit 2; }

# Include edges: "from to include:header", quoted includes resolved as the
# compiler does (the file's folder, then -iquote lib, then the top).
awk '
FNR == 1 { dir = FILENAME; sub(/\/[^\/]*$/, "", dir); from = FILENAME; sub(/\.[^.]*$/, "", from) }
/^[ \t]*#[ \t]*include[ \t]*"/ {
	inc = $0; sub(/^[^"]*"/, "", inc); sub(/".*/, "", inc)
	print from, dir "/" inc, "lib/" inc, inc, "include:" inc
}' $srcs | while read -r from a b c why; do
	for cand in "$a" "$b" "$c"; do
		if [ -f "$cand" ]; then
			echo "$from ${cand%.*} $why"
			break
		fi
	done
done >"$tmp/edges"

# Symbol edges, from the objects: who defines what, who uses what.
# (Objects of the sources there are now: a stale one does not count.)
objs=
for f in $srcs; do
	[ -z "$includes_only" ] || break
	case $f in *.c) ;; *) continue ;; esac
	o=${f%.c}.o
	[ -f "$build/$o" ] || { echo "module-cycles: no $build/$o (build first)" >&2; exit 2; }
	objs="$objs $o"
done
: >"$tmp/syms"
if [ -n "$objs" ]; then
	(cd "$build" && nm -P -A $objs) >"$tmp/syms" || exit 2
fi
# "lib/scan.o: scan_run T 0 10": the first pass notes definitions, the
# second prints a use of one defined elsewhere.
awk '{ m = $1; sub(/\.o:$/, "", m) }
     NR == FNR { if ($3 ~ /^[TDRB]$/) def[$2] = m; next }
     $3 == "U" && ($2 in def) && def[$2] != m { print m, def[$2], "call:" $2 }' \
	"$tmp/syms" "$tmp/syms" >>"$tmp/edges"

# Modules joined by a private header: "file module" renames.
for f in $srcs; do
	case $f in *_int.h) echo "${f%.h} ${f%_int.h}" ;; esac
done >"$tmp/join"
awk '
FNR == 1 { from = FILENAME; sub(/\.[^.]*$/, "", from) }
/^[ \t]*#[ \t]*include[ \t]*"[^"]*_int\.h"/ {
	inc = $0; sub(/^[^"]*"/, "", inc); sub(/_int\.h".*/, "", inc)
	n = split(inc, parts, "/"); base = parts[n]
	dir = FILENAME; sub(/\/[^\/]*$/, "", dir)
	print from, dir "/" base
}' $srcs >>"$tmp/join"
awk 'FILENAME == ARGV[1] { join[$1] = $2; next }
     { if ($1 in join) $1 = join[$1]; if ($2 in join) $2 = join[$2]; print }' \
	"$tmp/join" "$tmp/edges" >"$tmp/edges.j" && mv "$tmp/edges.j" "$tmp/edges"

awk '
function visit(v,    i, w) {
	index_[v] = low[v] = ++counter
	stack[++sp] = v; onstack[v] = 1
	for (i = 1; i <= nout[v]; i++) {
		w = out[v, i]
		if (!(w in index_)) {
			visit(w)
			if (low[w] < low[v]) low[v] = low[w]
		} else if (onstack[w] && index_[w] < low[v]) {
			low[v] = index_[w]
		}
	}
	if (low[v] == index_[v]) {
		ncomp++; size = 0
		do {
			w = stack[sp--]; onstack[w] = 0
			comp[w] = ncomp; size++
		} while (w != v)
		csize[ncomp] = size
	}
}
$1 != $2 {
	if (!(($1, $2) in why)) {
		out[$1, ++nout[$1]] = $2
		why[$1, $2] = $3
		nodes[$1] = nodes[$2] = 1
	}
}
END {
	for (v in nodes) if (!(v in index_)) visit(v)
	bad = 0
	for (v in nodes) {
		if (csize[comp[v]] < 2) continue
		for (i = 1; i <= nout[v]; i++) {
			w = out[v, i]
			if (comp[w] == comp[v]) {
				printf "cycle %d: %s -> %s (%s)\n", comp[v], v, w, why[v, w]
				bad = 1
			}
		}
	}
	exit bad
}' "$tmp/edges" >"$tmp/report"
status=$?
if [ $status -ne 0 ]; then
	sort "$tmp/report" >&2
	echo "module-cycles: modules depend on each other in a circle" >&2
	exit 1
fi
echo "module-cycles: $(awk '$1 != $2 { print $1, $2 }' "$tmp/edges" | sort -u | wc -l | tr -d ' ') dependencies between modules, no cycle"
