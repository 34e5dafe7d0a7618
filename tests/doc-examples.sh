#!/bin/sh
# Run every kubectl-threatmap example of README.md and docs/*.md.
#
#   sh tests/doc-examples.sh BIN [--list]
#
# Each command line in a ```sh block that calls kubectl-threatmap (or
# `kubectl threatmap`, through the real kubectl and a plugin on PATH) runs
# in a sandbox: the files the examples name (deploy.yaml, manifests/, k8s/,
# yesterday.json, ...) are the demo cluster, and a local API server from
# tests/apiserver.py plays the cluster of the kubeconfig (contexts "default"
# and "prod").  An example passes when it exits 0 or 1 (clean or
# findings); a usage error (2) or an input error (3) fails it, so a
# renamed flag or a stale example breaks the build.  With --list the
# extracted commands are printed and nothing runs.
set -u

bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
top=$(pwd)

examples() {
	for f in README.md docs/*.md; do
		awk -v file="$f" '
		/^```/ {
			if (on) { on = 0; next }
			on = ($0 ~ /^```(sh|bash)$/); next
		}
		!on { next }
		{
			line = $0
			sub(/[ \t]+#.*$/, "", line)  # trailing comment
			if (line ~ /^[ \t]*#/ || line ~ /^[ \t]*$/) next
			if (line ~ /\\$/) { held = held substr(line, 1, length(line) - 1); next }
			line = held line; held = ""
			if (line ~ /(^|\| *)kubectl[- ]threatmap/)
				print file "\t" line
		}' "$f"
	done
}

if [ "${2:-}" = "--list" ]; then
	examples
	exit 0
fi

command -v kubectl >/dev/null 2>&1 || { echo "kubectl is needed" >&2; exit 1; }
command -v python3 >/dev/null 2>&1 || { echo "python3 is needed" >&2; exit 1; }

sandbox=$(mktemp -d /tmp/threatmap-docs-XXXXXX)
srv_pid=
cleanup() {
	[ -n "$srv_pid" ] && kill "$srv_pid" 2>/dev/null && wait "$srv_pid" 2>/dev/null
	rm -rf "$sandbox"
}
trap cleanup EXIT INT TERM

# A cluster for the live examples.
python3 tests/apiserver.py gen-certs "$sandbox/certs" >/dev/null 2>&1 ||
	{ echo "cannot generate certificates" >&2; exit 1; }
echo '{"tokens":{"admin-token":"admin"}}' > "$sandbox/srv.json"
python3 tests/apiserver.py serve --certs "$sandbox/certs" --data testdata/live \
	--config "$sandbox/srv.json" > "$sandbox/port" 2>"$sandbox/srv.log" &
srv_pid=$!
i=0
while [ ! -s "$sandbox/port" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
port=$(head -n1 "$sandbox/port")
[ -n "$port" ] || { echo "API server did not start" >&2; cat "$sandbox/srv.log" >&2; exit 1; }

cat > "$sandbox/kubeconfig" <<EOF
apiVersion: v1
kind: Config
current-context: default
clusters:
- name: local
  cluster:
    server: https://localhost:$port
    certificate-authority: $sandbox/certs/ca.crt
users:
- name: admin
  user: {token: admin-token}
contexts:
- name: default
  context: {cluster: local, user: admin}
- name: prod
  context: {cluster: local, user: admin}
EOF

# The plugin on PATH, and a helm that renders the demo chart.
mkdir -p "$sandbox/bin" "$sandbox/work"
ln -s "$bin" "$sandbox/bin/kubectl-threatmap"
cat > "$sandbox/bin/helm" <<EOF
#!/bin/sh
for f in "$top"/testdata/demo/*.yaml; do echo ---; cat "\$f"; done
EOF
chmod +x "$sandbox/bin/helm"

# The files the examples name.
w=$sandbox/work
cp testdata/cli/privileged.yaml "$w/deploy.yaml"
cp testdata/cli/privileged.yaml "$w/pod.yaml"
for d in manifests k8s deploy chart; do cp -r testdata/demo "$w/$d"; done
cp -r testdata/live/cluster-info-dump "$w/dump" # kubectl cluster-info dump
cp -r testdata/verdicts/kustomize "$w/overlay"
cp testdata/exceptions/valid.yaml "$w/accepted-risks.yaml"
cp testdata/exceptions/valid.yaml "$w/exceptions.yaml"
"$bin" scan -R -f testdata/demo -q -o json="$w/yesterday.json"
cp "$w/yesterday.json" "$w/report.json"

fails=0
count=0
tab=$(printf '\t')
examples > "$sandbox/list"
while IFS="$tab" read -r file cmd; do
	count=$((count + 1))
	(
		cd "$w" &&
		env -u NO_COLOR -u KUBERNETES_SERVICE_HOST HOME="$sandbox" \
			KUBECONFIG="$sandbox/kubeconfig" \
			PATH="$sandbox/bin:$PATH" sh -c "$cmd" \
			>"$sandbox/out" 2>"$sandbox/err" </dev/null
	)
	rc=$?
	if [ $rc -ne 0 ] && [ $rc -ne 1 ]; then
		fails=$((fails + 1))
		echo "FAIL ($rc) $file: $cmd" >&2
		sed 's/^/    /' "$sandbox/err" | head -n 5 >&2
	fi
done < "$sandbox/list"

[ $count -gt 0 ] || { echo "no examples found" >&2; exit 1; }
echo "$count documented examples, $fails failed"
[ $fails -eq 0 ]
