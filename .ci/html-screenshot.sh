#!/bin/sh
# Render threatmap's HTML report in headless Chromium and check that
#   1. the page is not blank (the PNG holds many colours, no single colour
#      covers nearly all of it, and the heat map's status colours show);
#   2. the report makes no network request: the HTML references no
#      http(s) resource, Chromium runs with every proxy pointed at a
#      closed port, and its NetLog shows no request initiated by the page
#      (a control page with a remote image proves the detector works).
#
# usage: .ci/html-screenshot.sh [REPORT.html ...]
# Without arguments: the golden HTML reports and, when the binary can, a
# scan of testdata/demo.  Installs the Debian package chromium when it is
# missing (as root).  Output in build/screenshots/.
set -u

cd "$(dirname "$0")/.." || exit 2
BIN=${THREATMAP_BIN:-./kubectl-threatmap}
OUT=$(pwd)/build/screenshots
mkdir -p "$OUT"
fail=0

find_chromium() {
	for c in chromium chromium-browser; do
		command -v "$c" >/dev/null && { command -v "$c"; return 0; }
	done
	return 1
}

if ! CHROME=$(find_chromium); then
	if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
		echo "installing chromium" >&2
		export DEBIAN_FRONTEND=noninteractive
		apt-get install -y -qq chromium >/dev/null 2>&1 ||
			{ apt-get update -qq && apt-get install -y -qq chromium >/dev/null; }
	fi
	CHROME=$(find_chromium) || { echo "FAIL chromium is not installed (apt-get install chromium)" >&2; exit 1; }
fi

# shoot HTML PNG NETLOG: one headless run with a fresh profile
shoot() {
	profile=$(mktemp -d)
	timeout 120 "$CHROME" --headless --no-sandbox --disable-gpu \
		--disable-quic --no-first-run --disable-background-networking \
		--disable-component-update --disable-sync \
		--user-data-dir="$profile" \
		--proxy-server="http://127.0.0.1:9" --proxy-bypass-list="<-loopback>" \
		--log-net-log="$3" \
		--screenshot="$2" --window-size=1280,2000 \
		"file://$(cd "$(dirname "$1")" && pwd)/$(basename "$1")" \
		>"$2.log" 2>&1
	rc=$?
	rm -rf "$profile"
	return $rc
}

# Requests the page itself started (browser housekeeping is initiated by
# "not an origin"); prints one URL per line.
page_requests() {
	python3 - "$1" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
names = {v: k for k, v in d["constants"]["logEventTypes"].items()}
for e in d.get("events", []):
    p = e.get("params") or {}
    if names.get(e["type"]) == "URL_REQUEST_START_JOB" and \
       p.get("initiator", "not an origin") != "not an origin":
        print(p.get("url", "?"))
PY
}

# Static check: no remote resource referenced by src, href, url() or @import.
static_refs() {
	grep -Eio '(src|href)[[:space:]]*=[[:space:]]*["'"'"']?[[:space:]]*(https?:)?//[^"'"'"' >]*|url\([[:space:]]*["'"'"']?[[:space:]]*(https?:)?//[^)]*|@import' "$1"
}

# PNG check in pure python (zlib): colours, dominance, the heat map's scale.
png_check() {
	python3 - "$1" <<'PY'
import struct, sys, zlib
data = open(sys.argv[1], "rb").read()
assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
pos, idat, w = 8, b"", 0
while pos < len(data):
    n, typ = struct.unpack(">I4s", data[pos:pos + 8])
    body = data[pos + 8:pos + 8 + n]
    if typ == b"IHDR":
        w, h, depth, ctype = struct.unpack(">IIBB", body[:10])
    elif typ == b"IDAT":
        idat += body
    pos += 12 + n
assert depth == 8 and ctype in (2, 6), "unexpected PNG format %d/%d" % (depth, ctype)
bpp = 3 if ctype == 2 else 4
raw = zlib.decompress(idat)
stride = w * bpp
prev = bytearray(stride)
counts = {}
i = 0
for y in range(h):
    f = raw[i]; row = bytearray(raw[i + 1:i + 1 + stride]); i += 1 + stride
    for x in range(stride):
        a = row[x - bpp] if x >= bpp else 0
        b = prev[x]
        c = prev[x - bpp] if x >= bpp else 0
        if f == 1: row[x] = (row[x] + a) & 255
        elif f == 2: row[x] = (row[x] + b) & 255
        elif f == 3: row[x] = (row[x] + ((a + b) >> 1)) & 255
        elif f == 4:
            pa, pb, pc = abs(b - c), abs(a - c), abs(a + b - 2 * c)
            pr = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
            row[x] = (row[x] + pr) & 255
    if y % 2 == 0:
        for x in range(0, stride, bpp * 2):
            k = bytes(row[x:x + 3])
            counts[k] = counts.get(k, 0) + 1
    prev = row
total = sum(counts.values())
top = max(counts.values())
def near(k, rgb):
    return all(abs(k[j] - rgb[j]) < 8 for j in range(3))
# heat-map cell colours: the exposure scale (YlOrRd) and clean
status = [(0xff, 0xff, 0xb2), (0xfe, 0xcc, 0x5c), (0xfd, 0x8d, 0x3c),
          (0xf0, 0x3b, 0x20), (0xbd, 0x00, 0x26), (0x6b, 0xae, 0xd6)]
cells = [sum(v for k, v in counts.items() if near(k, c)) for c in status]
print("%dx%d, %d colours, most common %.1f%%, heat-map pixels %s" % (w, h, len(counts), 100.0 * top / total, cells))
ok = len(counts) >= 16 and top < 0.98 * total and sum(cells) > 1000
sys.exit(0 if ok else 1)
PY
}

if [ $# -gt 0 ]; then
	files=$*
else
	files=$(ls testdata/reports/golden/*.html 2>/dev/null)
	if [ -x "$BIN" ] && [ -d testdata/demo ]; then
		"$BIN" scan -R -f testdata/demo --output "html=$OUT/demo.html" >/dev/null 2>"$OUT/demo.err"
		if [ -s "$OUT/demo.html" ]; then
			files="$files $OUT/demo.html"
		else
			echo "note: demo scan wrote no HTML:" >&2
			sed 's/^/  /' "$OUT/demo.err" >&2
		fi
	fi
fi
[ -n "$files" ] || { echo "no HTML reports to check" >&2; exit 1; }

# The detector must see a page that does fetch something.
control=$OUT/control.html
printf '<!DOCTYPE html><html><body><p>control</p><img src="http://threatmap-control.invalid/x.png"></body></html>\n' >"$control"
shoot "$control" "$OUT/control.png" "$OUT/control.netlog.json" >/dev/null 2>&1
if page_requests "$OUT/control.netlog.json" | grep -q 'threatmap-control.invalid'; then
	echo "ok   control page: its remote image request was detected"
else
	echo "FAIL control page: the request detector saw nothing" >&2
	fail=1
fi

for f in $files; do
	name=$(basename "$f" .html)
	png=$OUT/$name.png
	net=$OUT/$name.netlog.json
	if refs=$(static_refs "$f"); then
		echo "FAIL $f references remote resources:" >&2
		echo "$refs" | sed 's/^/  /' >&2
		fail=1
	fi
	if ! shoot "$f" "$png" "$net" || [ ! -s "$png" ]; then
		echo "FAIL chromium could not render $f (see $png.log)" >&2
		fail=1
		continue
	fi
	reqs=$(page_requests "$net")
	if [ -n "$reqs" ]; then
		echo "FAIL $f made network requests:" >&2
		echo "$reqs" | sed 's/^/  /' >&2
		fail=1
	fi
	if info=$(png_check "$png"); then
		echo "ok   $f -> $png ($info), no page requests"
	else
		echo "FAIL $f renders blank or without the heat map: $info" >&2
		fail=1
	fi
done
exit $fail
