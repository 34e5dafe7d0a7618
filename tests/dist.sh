#!/bin/sh
# Release artefacts checked end to end: the tarball and its checksum, the
# krew manifest against krew's validation rules, the Debian package and its
# Depends, and `make install`/`uninstall` into a DESTDIR.
#
# usage: tests/dist.sh VERSION DISTDIR   (after make dist deb)
# With THREATMAP_DEB_INSTALL=1 (CI, as root) the package is installed with
# apt-get and run as `kubectl threatmap version`, then removed.
set -eu
version=$1 out=$2
fail() { echo "dist test: FAIL: $*" >&2; exit 1; }

# Tarball, checksum, contents, and a binary that needs only libcurl/OpenSSL.
tgz=$(ls "$out"/threatmap-"$version"-*.tar.gz) || fail "no tarball in $out"
name=$(basename "$tgz" .tar.gz)
(cd "$out" && sha256sum -c --quiet "$name.tar.gz.sha256") || fail "sha256 mismatch"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/threatmap-dist-XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
tar -C "$tmp" -xzf "$tgz"
for f in kubectl-threatmap LICENSE README.md kubectl-threatmap.1 kubectl_complete-threatmap; do
	[ -f "$tmp/$name/$f" ] || fail "$f missing from $tgz"
done
"$tmp/$name/kubectl-threatmap" version | grep -q "$version" || fail "tarball binary does not run"
needed=$(readelf -d "$tmp/$name/kubectl-threatmap" | sed -n 's/.*Shared library: \[\(.*\)\]/\1/p')
for lib in $needed; do
	case "$lib" in
	libcurl.so.* | libssl.so.* | libcrypto.so.* | libc.so.* | libm.so.* | ld-linux*) ;;
	*) fail "release binary links $lib (only libcurl, OpenSSL and libc allowed)" ;;
	esac
done
echo "$needed" | grep -q libcurl || fail "release binary does not link libcurl"

# The krew manifest: krew's own validation rules, and the tarball it names.
python3 - "$out/plugins/threatmap.yaml" "$tgz" "$tmp/$name" "$version" <<'PY' || fail "krew manifest"
import hashlib, os, re, sys, yaml
path, tgz, tree, version = sys.argv[1:]
m = yaml.safe_load(open(path))
errs = []
def need(cond, msg):
    if not cond:
        errs.append(msg)
need(os.path.basename(path) == m["metadata"]["name"] + ".yaml", "file name must be NAME.yaml")
need(m.get("apiVersion") == "krew.googlecontainertools.github.com/v1alpha2", "apiVersion")
need(m.get("kind") == "Plugin", "kind")
name = m["metadata"]["name"]
need(re.fullmatch(r"[a-z0-9][a-z0-9-]*", name) is not None, "name: lowercase letters, digits and dashes")
need(not name.startswith("kubectl-"), "name must not start with kubectl-")
spec = m["spec"]
need(spec.get("version") == "v" + version, "version must be v" + version)
need(re.fullmatch(r"v\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?", spec["version"]) is not None, "version is not semver with a v")
need(bool(spec.get("shortDescription")), "shortDescription empty")
need(len(spec.get("shortDescription", "")) <= 50, "shortDescription longer than 50")
need(bool(spec.get("description")), "description empty")
need("libcurl" in spec["description"] and "OpenSSL" in spec["description"], "description must name the run-time libraries")
need(spec.get("homepage", "").startswith("https://"), "homepage must be https")
plats = spec.get("platforms") or []
need(len(plats) > 0, "no platforms")
sels = set()
digest = hashlib.sha256(open(tgz, "rb").read()).hexdigest()
for p in plats:
    sel = p.get("selector", {}).get("matchLabels", {})
    need(bool(sel), "platform without selector")
    key = tuple(sorted(sel.items()))
    need(key not in sels, "duplicate platform selector")
    sels.add(key)
    need(p.get("uri", "").startswith("https://"), "uri must be https")
    need(p["uri"].endswith("/" + os.path.basename(tgz)), "uri must name the tarball")
    need(re.fullmatch(r"[0-9a-f]{64}", p.get("sha256", "")) is not None, "sha256 must be 64 lowercase hex")
    need(p.get("sha256") == digest, "sha256 differs from the tarball")
    b = p.get("bin", "")
    need(b != "" and not b.startswith("/") and ".." not in b.split("/"), "bin must be a relative path")
    need((sel.get("os") == "windows") == b.endswith(".exe"), "bin .exe only on windows")
    files = p.get("files") or []
    need(len(files) > 0, "files empty")
    for f in files:
        src = f.get("from", "")
        need(src != "" and ".." not in src.split("/"), "files.from must be relative")
        need(os.path.exists(os.path.join(os.path.dirname(tree), src)), "files.from %s not in the tarball" % src)
    need(any(os.path.basename(f["from"]) == os.path.basename(b) for f in files), "bin not installed by files")
for e in errs:
    print("krew manifest:", e, file=sys.stderr)
sys.exit(1 if errs else 0)
PY

# The Debian package.
deb=$(ls "$out"/threatmap_"$version"_*.deb) || fail "no .deb in $out"
dpkg-deb -f "$deb" Package | grep -qx threatmap || fail "deb Package"
dpkg-deb -f "$deb" Version | grep -qx "$version" || fail "deb Version"
dep=$(dpkg-deb -f "$deb" Depends)
echo "$dep" | grep -q 'libcurl4' || fail "deb Depends lacks libcurl4: $dep"
echo "$dep" | grep -q 'libssl3' || fail "deb Depends lacks libssl3: $dep"
echo "$dep" | grep -Eq 'yajl|libyaml|pcre2' && fail "deb Depends names a library linked in: $dep"
listing=$(dpkg-deb -c "$deb")
for f in usr/bin/kubectl-threatmap usr/bin/kubectl_complete-threatmap \
	usr/share/man/man1/kubectl-threatmap.1.gz \
	usr/share/bash-completion/completions/kubectl-threatmap; do
	echo "$listing" | grep -q "\./$f\$" || fail "deb lacks $f"
done
if [ "${THREATMAP_DEB_INSTALL:-0}" = 1 ] && [ "$(id -u)" = 0 ]; then
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$(cd "$(dirname "$deb")" && pwd)/$(basename "$deb")" >/dev/null ||
		fail "apt-get install of the package"
	kubectl threatmap version | grep -q "$version" || fail "kubectl threatmap version after install"
	DEBIAN_FRONTEND=noninteractive apt-get remove -y -qq threatmap >/dev/null
	echo "dist test: package installed, ran as kubectl threatmap, removed"
fi

# make install / uninstall into a staging root.
make -s install DESTDIR="$tmp/root" PREFIX=/usr >/dev/null
for f in usr/bin/kubectl-threatmap usr/bin/kubectl_complete-threatmap \
	usr/share/man/man1/kubectl-threatmap.1 \
	usr/share/bash-completion/completions/kubectl-threatmap \
	usr/share/zsh/site-functions/_kubectl-threatmap \
	usr/share/fish/vendor_completions.d/kubectl-threatmap.fish; do
	[ -f "$tmp/root/$f" ] || fail "make install: no $f"
done
make -s uninstall DESTDIR="$tmp/root" PREFIX=/usr >/dev/null
left=$(find "$tmp/root" -type f)
[ -z "$left" ] || fail "make uninstall left $left"
echo "dist test: tarball, checksum, krew manifest, package and install layout are right"
