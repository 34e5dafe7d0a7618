#!/bin/sh
# Regenerate testdata/snapshots/demo: the demo cluster (testdata/demo) as
# `kubectl-threatmap snapshot` writes it when it reads a real API server.
#
# The manifests are turned into JSON objects (python3-yaml), served by
# tests/apiserver.py with the resource table of testdata/live, and
# collected with the snapshot command over HTTPS with a bearer token; the
# configuration documents among them (no metadata: no API serves them)
# are kept by the same command from the files (-f).
# Only collectedAt and the port in meta.json are then fixed, so that a
# regeneration without a change in the inputs gives the same files.
#
# usage: tests/make-demo-snapshot.sh   (from anywhere; needs python3,
#        python3-yaml, openssl and a built ./kubectl-threatmap)
set -eu
cd "$(dirname "$0")/.."
BIN=${THREATMAP_BIN:-./kubectl-threatmap}
OUT=testdata/snapshots/demo
[ -x "$BIN" ] || { echo "build $BIN first (make)" >&2; exit 1; }

tmp=$(mktemp -d /tmp/threatmap-demo-snap-XXXXXX)
pid=
cleanup() {
	[ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT INT TERM

mkdir -p "$tmp/data/cluster"
cp testdata/live/resources.json "$tmp/data/"
python3 - "$tmp/data/cluster/demo.json" testdata/demo/*.yaml <<'PY'
import json, sys
import yaml
items = []
for path in sys.argv[2:]:
    with open(path) as f:
        for doc in yaml.safe_load_all(f):
            # configuration documents (no metadata) are no API objects:
            # the snapshot keeps them from the files (-f below)
            if doc and "metadata" in doc:
                items.append(doc)
with open(sys.argv[1], "w") as f:
    json.dump({"apiVersion": "v1", "kind": "List", "items": items}, f)
PY

python3 tests/apiserver.py gen-certs "$tmp/certs" >/dev/null
echo '{"tokens": {"demo-token": "demo-admin"}}' > "$tmp/config.json"
python3 tests/apiserver.py serve --certs "$tmp/certs" --data "$tmp/data" \
	--config "$tmp/config.json" > "$tmp/port" &
pid=$!
i=0
while [ ! -s "$tmp/port" ] && [ $i -lt 100 ]; do
	sleep 0.1
	i=$((i + 1))
done
port=$(head -n 1 "$tmp/port")
[ -n "$port" ] || { echo "the test API server did not start" >&2; exit 1; }

cat > "$tmp/kubeconfig" <<EOF
apiVersion: v1
kind: Config
current-context: demo
clusters:
- name: demo
  cluster:
    server: https://localhost:$port
    certificate-authority: $tmp/certs/ca.crt
contexts:
- name: demo
  context: {cluster: demo, user: demo-admin}
users:
- name: demo-admin
  user: {token: demo-token}
EOF

rm -rf "$OUT"
mkdir -p "$(dirname "$OUT")"
# a fixed, public mask key: the demo holds no credential, and the same
# inputs must give the same files
printf 'threatmap-demo-mask-key-not-secret' > "$tmp/mask.key"
# The demo's files that no API serves (the API server's configuration
# files copied off a control-plane node, the trusted registries) are kept
# from the manifests themselves.
"$BIN" snapshot -d "$OUT" --kubeconfig "$tmp/kubeconfig" --kubelet-config \
	--mask-key "$tmp/mask.key" -R -f testdata/demo

# The collection time and the server's ephemeral port are all that
# changes from run to run.
python3 - "$OUT/meta.json" <<'PY'
import json, sys
with open(sys.argv[1]) as f:
    meta = json.load(f)
meta["collectedAt"] = "2026-01-01T00:00:00Z"
meta["cluster"] = "https://localhost:6443"
with open(sys.argv[1], "w") as f:
    json.dump(meta, f, indent=1)
    f.write("\n")
PY
find "$OUT" -type f -exec chmod 644 {} +
find "$OUT" -type d -exec chmod 755 {} +
if grep -rq demo-token "$OUT"; then
	echo "the snapshot holds the token" >&2
	exit 1
fi
echo "wrote $OUT"
