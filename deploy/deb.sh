#!/bin/sh
# A Debian package of the release binary, with Depends computed from the
# libraries the binary really links (dpkg-shlibdeps).
#
# usage: deploy/deb.sh VERSION BINARY OUTDIR   -> OUTDIR/threatmap_VERSION_ARCH.deb
set -eu
[ $# -eq 3 ] || { echo "usage: $0 VERSION BINARY OUTDIR" >&2; exit 2; }
version=$1 bin=$2 out=$3
for t in dpkg-deb dpkg-shlibdeps dpkg-architecture; do
	command -v $t >/dev/null || { echo "deb: $t not found (apt-get install dpkg-dev)" >&2; exit 1; }
done
arch=$(dpkg-architecture -qDEB_HOST_ARCH)
mkdir -p "$out"
root=$(mktemp -d "${TMPDIR:-/tmp}/threatmap-deb-XXXXXX")
trap 'rm -rf "$root"' EXIT INT TERM
pkg=$root/pkg
install -d "$pkg/DEBIAN" "$pkg/usr/bin" "$pkg/usr/share/doc/threatmap" \
	"$pkg/usr/share/man/man1"
install -m 0755 "$bin" "$pkg/usr/bin/kubectl-threatmap"
[ -f build/kubectl_complete-threatmap ] &&
	install -m 0755 build/kubectl_complete-threatmap "$pkg/usr/bin/kubectl_complete-threatmap"
install -m 0644 LICENSE "$pkg/usr/share/doc/threatmap/copyright"
if [ -f build/kubectl-threatmap.1 ]; then
	gzip -n -9 -c build/kubectl-threatmap.1 > "$pkg/usr/share/man/man1/kubectl-threatmap.1.gz"
	chmod 0644 "$pkg/usr/share/man/man1/kubectl-threatmap.1.gz"
fi
for f in build/completion/*; do
	[ -f "$f" ] || continue
	case "$f" in
	*.bash) install -D -m 0644 "$f" "$pkg/usr/share/bash-completion/completions/kubectl-threatmap" ;;
	*.zsh) install -D -m 0644 "$f" "$pkg/usr/share/zsh/vendor-completions/_kubectl-threatmap" ;;
	*.fish) install -D -m 0644 "$f" "$pkg/usr/share/fish/vendor_completions.d/kubectl-threatmap.fish" ;;
	esac
done

mkdir -p "$root/src/debian"
printf 'Source: threatmap\n\nPackage: threatmap\nArchitecture: any\n' > "$root/src/debian/control"
depends=$(cd "$root/src" && dpkg-shlibdeps -O -e "$pkg/usr/bin/kubectl-threatmap" 2>/dev/null |
	sed -n 's/^shlibs:Depends=//p')
[ -n "$depends" ] || { echo "deb: could not compute Depends" >&2; exit 1; }
size=$(du -sk "$pkg" | cut -f1)
cat > "$pkg/DEBIAN/control" <<CTL
Package: threatmap
Version: $version
Architecture: $arch
Maintainer: threatmap maintainers <threatmap@localhost>
Installed-Size: $size
Depends: $depends
Section: admin
Priority: optional
Homepage: https://github.com/threatmap/threatmap
Description: Kubernetes configuration audit mapped to the threat matrix
 threatmap audits the configuration of a Kubernetes cluster and maps every
 weakness to the technique it enables in the Microsoft Threat Matrix for
 Kubernetes and MITRE ATT&CK.  Installed as kubectl-threatmap, it runs as
 the kubectl plugin "kubectl threatmap".
CTL
deb=$out/threatmap_${version}_$arch.deb
dpkg-deb --root-owner-group -Zgzip --build "$pkg" "$deb" >/dev/null
echo "deb: $deb (Depends: $depends)"
