#!/bin/sh
# Test exec credential plugin.  $1 picks the behaviour; EXEC_STATE (a
# directory) receives the KUBERNETES_EXEC_INFO it was given, its
# environment entry TEST_REGION and one line per run.
api=client.authentication.k8s.io/${API_VERSION:-v1}
mode=$1
state=${EXEC_STATE:-/tmp}
printf '%s\n' "$KUBERNETES_EXEC_INFO" > "$state/exec-info.json"
printf '%s\n' "${TEST_REGION:-unset}" > "$state/region"
echo run >> "$state/runs"
runs=$(wc -l < "$state/runs")

cred() {
	printf '{"apiVersion":"%s","kind":"ExecCredential","status":{%s}}\n' "$api" "$1"
}
pem() {
	awk 'BEGIN { ORS = "" } { printf "%s\\n", $0 }' "$1"
}

case $mode in
token) cred '"token":"admin-token","expirationTimestamp":"2999-01-01T00:00:00Z"' ;;
expired) cred '"token":"admin-token","expirationTimestamp":"2001-01-01T00:00:00Z"' ;;
stale-first)
	if [ "$runs" -eq 1 ]; then cred '"token":"stale-token"'
	else cred '"token":"admin-token"'; fi ;;
cert) cred "\"clientCertificateData\":\"$(pem "$CERT_DIR/client.crt")\",\"clientKeyData\":\"$(pem "$CERT_DIR/client.key")\"" ;;
fail) echo "error: login required for tenant x" >&2; exit 1 ;;
slow) sleep 60; cred '"token":"admin-token"' ;;
wrong-kind) printf '{"apiVersion":"%s","kind":"Secret"}\n' "$api" ;;
*) echo "unknown mode $mode" >&2; exit 2 ;;
esac
