#!/bin/sh
# Validate threatmap's SARIF output two ways:
#   1. Microsoft's SARIF validator (npm @microsoft/sarif-multitool) with the
#      GitHub and SARIF rule sets: any "error" line fails.
#   2. The SARIF 2.1.0 JSON schema from ../shared/reference (skipped with a
#      message when ../shared is absent).
#
# usage: .ci/sarif-validate.sh [FILE.sarif ...]
# Without arguments it validates the golden SARIF files and every scan
# listed in SCANS below that can run here (the demo cluster, manifest sets,
# snapshots).  To cover another input, add one line to SCANS.
# Environment: THREATMAP_BIN (default ./kubectl-threatmap), THREATMAP_SHARED,
# NPM_PREFIX (default build/npm), SARIF_SKIP_MULTITOOL=1 to skip step 1.
set -u

cd "$(dirname "$0")/.." || exit 2
BIN=${THREATMAP_BIN:-./kubectl-threatmap}
NPM_PREFIX=${NPM_PREFIX:-build/npm}
OUT=build/sarif
MT_DIR=$NPM_PREFIX/node_modules/@microsoft/sarif-multitool-linux
MT=$MT_DIR/Sarif.Multitool

# name | scan arguments (run only when the path after -f / --snapshot exists)
SCANS='demo|scan -R -f testdata/demo
manifests-reports|scan -R -f testdata/reports/manifests --exceptions testdata/reports/exceptions.yaml
manifests-checks|scan -R -f testdata/checks
manifests-dotdot|scan -R -f testdata/reports/../demo
manifests-k8s-real|scan -R -f SHARED/k8s-real/examples
snapshot-demo|scan --snapshot testdata/snapshots/demo'

fail=0
shared=${THREATMAP_SHARED:-}
[ -n "$shared" ] || for d in ../shared ../../shared; do
	[ -d "$d" ] && { shared=$d; break; }
done

collect() {
	mkdir -p "$OUT"
	for f in testdata/reports/golden/*.sarif; do
		[ -f "$f" ] && echo "$f"
	done
	[ -x "$BIN" ] || { echo "note: $BIN not built, no scans validated" >&2; return; }
	echo "$SCANS" | while IFS='|' read -r name args; do
		[ -n "$name" ] || continue
		args=$(echo "$args" | sed "s#SHARED#${shared:-/nonexistent}#g")
		path=$(echo "$args" | awk '{for (i = 1; i < NF; i++) if ($i == "-f" || $i == "--snapshot") print $(i+1)}')
		if [ -n "$path" ] && [ ! -e "$path" ]; then
			echo "note: $name skipped: $path does not exist" >&2
			continue
		fi
		# shellcheck disable=SC2086
		"$BIN" $args --output "sarif=$OUT/$name.sarif" >/dev/null 2>"$OUT/$name.err"
		rc=$?
		if [ $rc -gt 1 ] || [ ! -s "$OUT/$name.sarif" ]; then
			echo "note: $name: scan exited $rc without SARIF:" >&2
			sed 's/^/  /' "$OUT/$name.err" >&2
			continue
		fi
		echo "$OUT/$name.sarif"
	done
}

install_multitool() {
	[ -f "$MT" ] || {
		command -v npm >/dev/null || {
			echo "npm is missing (apt-get install npm)" >&2; return 1; }
		echo "installing @microsoft/sarif-multitool into $NPM_PREFIX" >&2
		npm install --prefix "$NPM_PREFIX" --no-audit --no-fund \
			--loglevel=error @microsoft/sarif-multitool >&2 || return 1
	}
	# npm may skip the package's postinstall chmod
	chmod u+x "$MT" 2>/dev/null
	[ -x "$MT" ]
}

# Call the platform binary directly: the npm wrapper runs it through a
# shell, which would split "Gh;Sarif" at the semicolon.
multitool() {
	f=$1
	mkdir -p "$OUT"
	log=$OUT/$(basename "$f").multitool.txt
	# the validator skips files over 1 MB unless told otherwise (ERR997)
	"$MT" validate --rule-kind "Gh;Sarif" --max-file-size-in-kb 4000000 \
		"$f" >"$log" 2>&1
	if grep -q ': error ' "$log" || ! grep -q 'Analysis completed successfully' "$log"; then
		echo "FAIL multitool $f" >&2
		grep -E ': error |ERR' "$log" >&2
		return 1
	fi
	echo "ok   multitool $f ($(grep -c ': warning ' "$log") warnings)"
}

python_with_jsonschema() {
	for py in python3 /usr/bin/python3; do
		if command -v "$py" >/dev/null &&
		   "$py" -c 'import jsonschema' 2>/dev/null; then
			echo "$py"; return 0
		fi
	done
	if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
		echo "installing python3-jsonschema" >&2
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
			python3-jsonschema >&2 &&
			/usr/bin/python3 -c 'import jsonschema' 2>/dev/null &&
			{ echo /usr/bin/python3; return 0; }
	fi
	return 1
}

schema_check() {
	py=$1 schema=$2
	shift 2
	"$py" - "$schema" "$@" <<'PY'
import json, sys
import jsonschema
schema = json.load(open(sys.argv[1]))
v = jsonschema.Draft4Validator(schema)
bad = 0
for path in sys.argv[2:]:
    errs = sorted(v.iter_errors(json.load(open(path))), key=str)
    for e in errs[:20]:
        loc = "/".join(str(p) for p in e.absolute_path)
        print("FAIL schema %s: %s: %s" % (path, loc, e.message), file=sys.stderr)
    print(("ok   schema    %s" if not errs else "FAIL schema    %s") % path)
    bad += bool(errs)
sys.exit(1 if bad else 0)
PY
}

if [ $# -gt 0 ]; then
	files=$*
else
	files=$(collect)
fi
[ -n "$files" ] || { echo "no SARIF files to validate" >&2; exit 1; }

if [ "${SARIF_SKIP_MULTITOOL:-0}" = 1 ]; then
	echo "note: multitool validation skipped (SARIF_SKIP_MULTITOOL=1)"
elif install_multitool; then
	for f in $files; do
		multitool "$f" || fail=1
	done
else
	echo "FAIL cannot install @microsoft/sarif-multitool" >&2
	fail=1
fi

if [ -z "$shared" ] || [ ! -f "$shared/reference/sarif-schema-2.1.0.json" ]; then
	echo "note: schema validation skipped: ../shared/reference not found"
elif py=$(python_with_jsonschema); then
	# shellcheck disable=SC2086
	schema_check "$py" "$shared/reference/sarif-schema-2.1.0.json" $files || fail=1
else
	echo "FAIL no python3 with jsonschema (apt-get install python3-jsonschema)" >&2
	fail=1
fi
exit $fail
