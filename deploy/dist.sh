#!/bin/sh
# Release tarball, its sha256 and the krew plugin manifest.
#
# usage: deploy/dist.sh VERSION BINARY OUTDIR
#
# OUTDIR receives threatmap-VERSION-OS-ARCH.tar.gz (the binary, LICENSE,
# README.md and the man page when it is built), the same name with
# .sha256, and plugins/threatmap.yaml for krew.  RELEASE_URL is where the
# tarball will be published (the manifest's uri is RELEASE_URL/vVERSION/FILE).
# The archive is reproducible: fixed owner, order and SOURCE_DATE_EPOCH.
set -eu
[ $# -eq 3 ] || { echo "usage: $0 VERSION BINARY OUTDIR" >&2; exit 2; }
version=$1 bin=$2 out=$3
url=${RELEASE_URL:-https://github.com/threatmap/threatmap/releases/download}
epoch=${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || echo 0)}

case "$(uname -s)" in
Linux) os=linux ;;
Darwin) os=darwin ;;
*) echo "dist: unsupported OS $(uname -s)" >&2; exit 1 ;;
esac
case "$(uname -m)" in
x86_64 | amd64) arch=amd64 ;;
aarch64 | arm64) arch=arm64 ;;
*) echo "dist: unsupported architecture $(uname -m)" >&2; exit 1 ;;
esac

name=threatmap-$version-$os-$arch
stage=$out/$name
rm -rf "$stage"
mkdir -p "$stage" "$out/plugins"
cp "$bin" "$stage/kubectl-threatmap"
cp LICENSE README.md "$stage/"
[ -f build/kubectl-threatmap.1 ] && cp build/kubectl-threatmap.1 "$stage/"
[ -f build/kubectl_complete-threatmap ] && cp build/kubectl_complete-threatmap "$stage/"
chmod 0755 "$stage/kubectl-threatmap"
tar -C "$out" --sort=name --owner=0 --group=0 --numeric-owner \
	--mtime="@$epoch" -cf - "$name" | gzip -n -9 > "$out/$name.tar.gz"
rm -rf "$stage"
sum=$(sha256sum "$out/$name.tar.gz" | cut -d' ' -f1)
printf '%s  %s\n' "$sum" "$name.tar.gz" > "$out/$name.tar.gz.sha256"

cat > "$out/plugins/threatmap.yaml" <<YAML
apiVersion: krew.googlecontainertools.github.com/v1alpha2
kind: Plugin
metadata:
  name: threatmap
spec:
  version: v$version
  homepage: https://github.com/threatmap/threatmap
  shortDescription: Audit cluster config against the K8s threat matrix
  description: |
    threatmap audits the configuration of a Kubernetes cluster (RBAC,
    workloads, exposure, network policy, admission) and maps every weakness
    to the technique it enables in the Microsoft Threat Matrix for
    Kubernetes and MITRE ATT&CK.  It reads the current context with GET
    requests only, writes text, JSON, SARIF, HTML, Markdown and JUnit
    reports, saves redacted snapshots and scans manifests offline.
    The binary carries its parsers; it needs only libcurl and OpenSSL 3
    at run time (Debian/Ubuntu: libcurl4 libssl3).
  caveats: |
    Run \`kubectl threatmap scan\` against the current context, or
    \`kubectl threatmap scan -R -f DIR\` on manifests.  The account needs
    get/list on what is audited; see deploy/rbac.yaml for a read-only role.
  platforms:
    - selector:
        matchLabels:
          os: $os
          arch: $arch
      uri: $url/v$version/$name.tar.gz
      sha256: $sum
      bin: kubectl-threatmap
      files:
        - from: $name/kubectl-threatmap
          to: .
        - from: $name/LICENSE
          to: .
        - from: $name/kubectl_complete-threatmap
          to: .
YAML
echo "dist: $out/$name.tar.gz ($sum)"
echo "dist: $out/plugins/threatmap.yaml"
