#!/usr/bin/env python3
"""A small HTTPS Kubernetes API server for the test suite (stdlib only).

    apiserver.py gen-certs DIR
        Create with the openssl CLI: ca.{key,crt}, server.{key,crt} (names
        localhost and apiserver.test, no IP address), client.{key,crt}
        (CN cert-user, signed by the CA), other-ca.{key,crt}.

    apiserver.py proxy --log FILE
        An HTTP CONNECT proxy on 127.0.0.1 (port printed on stdout) that
        appends each CONNECT target to FILE, for proxy-url tests.

    apiserver.py serve --certs DIR --data DIR [--config FILE]
        Serve the objects of DATA/cluster/*.json (List files) with the
        resources of DATA/resources.json on 127.0.0.1, an ephemeral port
        printed on stdout once listening.  Runs until killed.

API semantics: /version, /api, /apis and APIResourceList discovery;
list (all namespaces and per namespace) with resourceVersion and
limit/continue paging; get; typed list items carry no apiVersion/kind as
the real server's; `Accept: ...;as=PartialObjectMetadataList` gives
metadata-only lists; bearer-token and client-certificate authentication;
errors are Status objects; gzip when asked; GET
/api/v1/nodes/NAME/proxy/configz answers with the KubeletConfiguration
named NAME in the data (cluster/ or configz/; answered as
{"kubeletconfig": {...}}), 503 without one,
403 when the user is forbidden "nodes/proxy".  Only GET is served.

The config file (JSON) drives users and faults:
    {"tokens": {"TOKEN": "user"}, "cert_users": true, "prefix": "/k8s/c1",
     "tls_max": "1.1" (serve TLS 1.0 and 1.1 only),
     "group_versions": {"apps": "apps/../../api/v1/x"} (discovery lies),
     "forbid": {"user": ["secrets", "roles@payments"]},
     "faults": [{"path": "/api/v1/pods", "type": "429", "times": 1,
                 "retry_after": 1}, ...]}
Fault types: 429, 500, 503, gone (410 on a request with continue), slow
(sleep "seconds"), drop (close the connection without an answer), status
(a Status with "code" and "message"), gzipbomb (64 MiB gzipped into a
small body), endless (a chunked body without end), cut (the real answer,
its Content-Length whole but only the first three quarters of its body
sent, then the connection closed).  A fault with "continue": true applies
only to a request with a continue token.  Every request is logged with its
real method and header names.
GET /_test/log (no authentication) returns every request seen so far.
"""
import base64
import email.utils
import gzip
import http.server
import json
import os
import socket
import ssl
import subprocess
import sys
import threading
import time
import urllib.parse
import warnings

LOCK = threading.Lock()
LOG = []
STATE = {"inflight": 0, "max_inflight": 0}


def openssl(*args):
    subprocess.run(("openssl",) + args, check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)


def gen_certs(d):
    os.makedirs(d, exist_ok=True)
    p = lambda n: os.path.join(d, n)
    for ca in ("ca", "other-ca"):
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                "-keyout", p(ca + ".key"), "-out", p(ca + ".crt"),
                "-subj", "/CN=threatmap-test-" + ca,
                "-addext", "basicConstraints=critical,CA:TRUE",
                "-addext", "keyUsage=critical,keyCertSign,cRLSign")
    exts = {
        "server": "subjectAltName=DNS:localhost,DNS:apiserver.test\n"
                  "extendedKeyUsage=serverAuth\n",
        "client": "extendedKeyUsage=clientAuth\n",
    }
    subj = {"server": "/CN=apiserver.test",
            "client": "/CN=cert-user/O=threatmap-testers"}
    for name, ext in exts.items():
        with open(p(name + ".ext"), "w") as f:
            f.write(ext)
        openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout",
                p(name + ".key"), "-out", p(name + ".csr"), "-subj",
                subj[name])
        openssl("x509", "-req", "-in", p(name + ".csr"), "-CA", p("ca.crt"),
                "-CAkey", p("ca.key"), "-CAcreateserial", "-days", "2",
                "-out", p(name + ".crt"), "-extfile", p(name + ".ext"))


class Cluster:
    def __init__(self, data, config):
        with open(os.path.join(data, "resources.json")) as f:
            self.resources = json.load(f)["resources"]
        self.by_kind = {}
        for r in self.resources:
            self.by_kind[(r["group"], r["kind"])] = r
        self.objects = {}  # (group, resource) -> [obj]
        self.kubelets = {}  # node name -> KubeletConfiguration (configz)
        cdir = os.path.join(data, "cluster")
        for name in sorted(os.listdir(cdir)):
            if not name.endswith(".json"):
                continue
            with open(os.path.join(cdir, name)) as f:
                doc = json.load(f)
            for o in doc.get("items", [doc]):
                if o["kind"] == "KubeletConfiguration":
                    self.kubelets[o["metadata"]["name"]] = o
                    continue
                group = o["apiVersion"].rpartition("/")[0]
                r = self.by_kind[(group, o["kind"])]
                self.objects.setdefault((group, r["name"]), []).append(o)
        # kubelet configurations kept apart from the lists (a manifest
        # scan of cluster/ must not see them): DATA/configz/*.json
        kdir = os.path.join(data, "configz")
        for name in sorted(os.listdir(kdir)) if os.path.isdir(kdir) else []:
            with open(os.path.join(kdir, name)) as f:
                doc = json.load(f)
            for o in doc.get("items", [doc]):
                self.kubelets[o["metadata"]["name"]] = o
        for objs in self.objects.values():
            objs.sort(key=lambda o: (o["metadata"].get("namespace", ""),
                                     o["metadata"]["name"]))
        self.config = config
        self.faults = [dict(f) for f in config.get("faults", [])]
        # 64 MiB of JSON in about 64 KiB, made before the port is printed:
        # compressing it takes seconds on a loaded machine, which a
        # client waiting for the response must not count
        self.gzipbomb = None
        if any(f.get("type") == "gzipbomb" for f in self.faults):
            self.gzipbomb = gzip.compress(b'{"kind":"List","items":[],"x":"' +
                                          b"0" * (64 << 20) + b'"}', 9)
        self.rv = "4242"

    def groups(self):
        seen = []
        for r in self.resources:
            if r["group"] and r["group"] not in seen:
                seen.append(r["group"])
        return seen

    def fault(self, path, query):
        with LOCK:
            for f in self.faults:
                if f.get("times", 1) <= 0:
                    continue
                if f["path"] != path:
                    continue
                if ((f["type"] == "gone" or f.get("continue")) and
                        "continue" not in query):
                    continue
                f["times"] = f.get("times", 1) - 1
                return f
        return None


def status(code, reason, message, details=None):
    body = {"kind": "Status", "apiVersion": "v1", "metadata": {},
            "status": "Failure", "message": message, "reason": reason,
            "code": code}
    if details:
        body["details"] = details
    return code, body


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "threatmap-test-apiserver"

    def log_message(self, fmt, *args):
        pass

    def setup(self):
        super().setup()
        try:
            self.connection.do_handshake()
        except (ssl.SSLError, OSError):
            self.close_connection = True
            self.rfile = open(os.devnull, "rb")

    def user(self):
        cfg = self.server.cluster.config
        auth = self.headers.get("Authorization", "")
        if auth.startswith("Bearer "):
            return cfg.get("tokens", {}).get(auth[7:])
        if cfg.get("cert_users", True):
            try:
                cert = self.connection.getpeercert()
            except (AttributeError, ValueError):
                cert = None
            if cert:
                for rdn in cert.get("subject", ()):
                    for k, v in rdn:
                        if k == "commonName":
                            return v
        return None

    def send(self, code, body, extra=None):
        data = json.dumps(body).encode()
        if code == 200 and getattr(self, "cut", False):
            self.send_response(code)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data[:len(data) * 3 // 4])
            self.wfile.flush()
            self.close_connection = True
            self.connection.shutdown(socket.SHUT_RDWR)
            return
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Audit-Id", "test")
        if "gzip" in self.headers.get("Accept-Encoding", "") and len(data) > 512:
            data = gzip.compress(data)
            self.send_header("Content-Encoding", "gzip")
        for k, v in (extra or {}).items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_request_seen(self, path, query, user):
        # the real method and every header name: a read-only client that
        # sent anything but GET, or a header of its own, shows here
        with LOCK:
            LOG.append({"method": self.command, "path": path,
                        "query": query,
                        "accept": self.headers.get("Accept", ""),
                        "encoding": self.headers.get("Accept-Encoding", ""),
                        "user": user,
                        "auth": self.headers.get("Authorization", ""),
                        "headers": sorted(self.headers.keys())})

    def do_POST(self):
        u = urllib.parse.urlsplit(self.path)
        self.log_request_seen(u.path, u.query, self.user())
        self.send(*status(405, "MethodNotAllowed", "only GET is served"))

    do_PUT = do_PATCH = do_DELETE = do_HEAD = do_OPTIONS = do_POST

    def do_GET(self):
        with LOCK:
            STATE["inflight"] += 1
            STATE["max_inflight"] = max(STATE["max_inflight"],
                                        STATE["inflight"])
        try:
            self.handle_get()
        finally:
            with LOCK:
                STATE["inflight"] -= 1

    def handle_get(self):
        self.cut = False
        u = urllib.parse.urlsplit(self.path)
        path = u.path
        query = urllib.parse.parse_qs(u.query)
        if path == "/_test/log":
            with LOCK:
                body = {"requests": list(LOG),
                        "max_inflight": STATE["max_inflight"]}
            self.send(200, body)
            return
        prefix = self.server.cluster.config.get("prefix", "")
        if prefix:  # served behind a path, as some proxies do
            if not path.startswith(prefix + "/"):
                self.send(*status(404, "NotFound", "outside " + prefix))
                return
            path = path[len(prefix):]
        user = self.user()
        self.log_request_seen(path, u.query, user)
        c = self.server.cluster
        f = c.fault(path, query)
        if f:
            t = f["type"]
            if t == "drop":
                self.close_connection = True
                self.connection.shutdown(socket.SHUT_RDWR)
                return
            if t == "cut":
                self.cut = True
            elif t == "slow":
                time.sleep(f.get("seconds", 5))
            elif t == "429":
                self.send(*status(429, "TooManyRequests", "slow down"),
                          extra={"Retry-After": retry_after_value(f)})
                return
            elif t in ("500", "503"):
                self.send(*status(int(t), "InternalError",
                                  "injected server error"))
                return
            elif t == "gzipbomb":
                data = c.gzipbomb
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Encoding", "gzip")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
                return
            elif t == "endless":  # a chunked body that never ends
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Transfer-Encoding", "chunked")
                self.end_headers()
                chunk = b" " * 65536
                try:
                    head = b'{"kind":"List","items":['
                    self.wfile.write(b"%x\r\n%s\r\n" % (len(head), head))
                    for _ in range(1 << 20):
                        self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk),
                                                              chunk))
                except OSError:
                    pass
                self.close_connection = True
                return
            elif t == "status":  # any Status, message as configured
                self.send(*status(f.get("code", 500), "Injected",
                                  f.get("message", "")))
                return
            elif t == "gone":
                self.send(*status(410, "Expired",
                                  "The provided continue parameter is too "
                                  "old to display a consistent list result. "
                                  "You can start a new list without the "
                                  "continue parameter."))
                return
        if user is None:
            self.send(*status(401, "Unauthorized", "Unauthorized"))
            return
        self.route(c, user, path, query)

    def route(self, c, user, path, query):
        if path == "/version":
            self.send(200, {"major": "1", "minor": "30",
                            "gitVersion": "v1.30.2-threatmap-test",
                            "platform": "linux/amd64"})
            return
        if path == "/api":
            self.send(200, {"kind": "APIVersions", "versions": ["v1"],
                            "serverAddressByClientCIDRs": [
                                {"clientCIDR": "0.0.0.0/0",
                                 "serverAddress": "127.0.0.1:6443"}]})
            return
        if path == "/apis":
            groups = []
            for g in c.groups():
                gv = {"groupVersion": g + "/v1", "version": "v1"}
                # a hostile server may name versions that are paths
                bad = c.config.get("group_versions", {}).get(g)
                if bad:
                    gv = {"groupVersion": bad, "version": "v1"}
                groups.append({"name": g, "versions": [gv],
                               "preferredVersion": gv})
            self.send(200, {"kind": "APIGroupList", "apiVersion": "v1",
                            "groups": groups})
            return
        parts = [p for p in path.split("/") if p]
        if parts[:2] == ["api", "v1"]:
            group, rest = "", parts[2:]
        elif len(parts) >= 3 and parts[0] == "apis" and parts[2] == "v1":
            group, rest = parts[1], parts[3:]
        elif len(parts) == 2 and parts[0] == "apis" and parts[1] in c.groups():
            gv = {"groupVersion": parts[1] + "/v1", "version": "v1"}
            self.send(200, {"kind": "APIGroup", "apiVersion": "v1",
                            "name": parts[1], "versions": [gv],
                            "preferredVersion": gv})
            return
        else:
            self.send(*status(404, "NotFound", "the server could not find "
                              "the requested resource"))
            return
        gv = group + "/v1" if group else "v1"
        if not rest:
            res = []
            for r in c.resources:
                if r["group"] != group:
                    continue
                res.append({"name": r["name"], "singularName": "",
                            "namespaced": r["namespaced"], "kind": r["kind"],
                            "verbs": ["get", "list", "watch"]})
            self.send(200, {"kind": "APIResourceList", "apiVersion": "v1",
                            "groupVersion": gv, "resources": res})
            return
        if (group == "" and len(rest) == 4 and rest[0] == "nodes" and
                rest[2:] == ["proxy", "configz"]):
            self.configz(c, user, rest[1])
            return
        ns = None
        if rest[0] == "namespaces" and len(rest) >= 3:
            ns, rest = rest[1], rest[2:]
        res = next((r for r in c.resources if r["group"] == group and
                    r["name"] == rest[0]), None)
        if res is None or len(rest) > 2:
            self.send(*status(404, "NotFound", "the server could not find "
                              "the requested resource"))
            return
        if self.forbidden(c, user, res, ns):
            where = ('in the namespace "%s"' % ns if ns else
                     "at the cluster scope")
            self.send(*status(403, "Forbidden",
                              '%s is forbidden: User "%s" cannot list '
                              'resource "%s" in API group "%s" %s'
                              % (res["name"], user, res["name"], group,
                                 where),
                              {"kind": res["name"], "group": group}))
            return
        objs = [o for o in c.objects.get((group, res["name"]), [])
                if ns is None or o["metadata"].get("namespace") == ns]
        # "no_partial": behave like a server (or aggregated API) that
        # ignores the metadata-only request and sends whole objects
        meta_only = ("as=PartialObjectMetadata" in
                     self.headers.get("Accept", "") and
                     not c.config.get("no_partial"))
        if len(rest) == 2:
            o = next((o for o in objs if o["metadata"]["name"] == rest[1]),
                     None)
            if o is None:
                self.send(*status(404, "NotFound", '%s "%s" not found'
                                  % (res["name"], rest[1])))
                return
            if meta_only:
                o = {"kind": "PartialObjectMetadata",
                     "apiVersion": "meta.k8s.io/v1",
                     "metadata": o["metadata"]}
            self.send(200, o)
            return
        self.list(c, res, gv, objs, query, meta_only)

    def configz(self, c, user, node):
        """The kubelet's /configz through the API server's node proxy."""
        if "nodes/proxy" in c.config.get("forbid", {}).get(user, []):
            self.send(*status(403, "Forbidden",
                              'nodes "%s" is forbidden: User "%s" cannot '
                              'get resource "nodes/proxy"' % (node, user)))
            return
        kc = c.kubelets.get(node)
        if kc is None:
            self.send(*status(503, "ServiceUnavailable",
                              "no kubelet answers for node %s" % node))
            return
        body = {k: v for k, v in kc.items()
                if k not in ("apiVersion", "kind", "metadata")}
        self.send(200, {"kubeletconfig": body})

    def forbidden(self, c, user, res, ns):
        rules = c.config.get("forbid", {}).get(user, [])
        for rule in rules:
            name, _, rns = rule.partition("@")
            if name != res["name"]:
                continue
            if not rns or ns is None or rns == ns:
                return True
        return False

    def list(self, c, res, gv, objs, query, meta_only):
        start = 0
        if "continue" in query:
            try:
                tok = json.loads(base64.b64decode(query["continue"][0]))
                start = int(tok["start"])
            except (ValueError, KeyError, TypeError):
                self.send(*status(400, "BadRequest", "invalid continue token"))
                return
        limit = int(query.get("limit", ["0"])[0] or 0)
        end = len(objs) if limit <= 0 else min(len(objs), start + limit)
        page = objs[start:end]
        meta = {"resourceVersion": c.rv}
        if end < len(objs):
            meta["continue"] = base64.b64encode(json.dumps(
                {"rv": c.rv, "start": end}).encode()).decode()
            meta["remainingItemCount"] = len(objs) - end
        if meta_only:
            items = [{"kind": "PartialObjectMetadata",
                      "apiVersion": "meta.k8s.io/v1",
                      "metadata": o["metadata"]} for o in page]
            self.send(200, {"kind": "PartialObjectMetadataList",
                            "apiVersion": "meta.k8s.io/v1",
                            "metadata": meta, "items": items})
            return
        builtin = res["group"] in ("", "apps", "batch",
                                   "rbac.authorization.k8s.io",
                                   "networking.k8s.io",
                                   "admissionregistration.k8s.io")
        items = []
        for o in page:
            if builtin:  # typed lists leave these out of each item
                o = {k: v for k, v in o.items()
                     if k not in ("apiVersion", "kind")}
            items.append(o)
        self.send(200, {"kind": res["kind"] + "List", "apiVersion": gv,
                        "metadata": meta, "items": items})


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def get_request(self):
        sock, addr = self.socket.accept()
        sock.settimeout(30)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return self.ctx.wrap_socket(sock, server_side=True,
                                    do_handshake_on_connect=False), addr

    def handle_error(self, request, client_address):
        pass


def watch_parent(limit=600):
    """Exit when the test that started us is gone (or after limit s), so a
    failed assertion never leaves a server behind."""
    ppid = os.getppid()

    def loop():
        start = time.time()
        while os.getppid() == ppid and time.time() - start < limit:
            time.sleep(0.2)
        os._exit(0)

    threading.Thread(target=loop, daemon=True).start()


def serve(certs, data, config_path):
    config = {"tokens": {"admin-token": "admin"}}
    if config_path:
        with open(config_path) as f:
            config = json.load(f)
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(os.path.join(certs, "server.crt"),
                        os.path.join(certs, "server.key"))
    ctx.load_verify_locations(os.path.join(certs, "ca.crt"))
    ctx.verify_mode = ssl.CERT_OPTIONAL
    ctx.set_alpn_protocols(["http/1.1"])
    if config.get("tls_max") == "1.1":  # an outdated server
        ctx.set_ciphers("DEFAULT:@SECLEVEL=0")
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            ctx.minimum_version = ssl.TLSVersion.TLSv1
            ctx.maximum_version = ssl.TLSVersion.TLSv1_1
    watch_parent()
    srv = Server(("127.0.0.1", 0), Handler)
    srv.ctx = ctx
    srv.cluster = Cluster(data, config)
    print(srv.server_address[1], flush=True)
    srv.serve_forever()


class ProxyHandler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):
        pass

    def do_CONNECT(self):
        host, _, port = self.path.rpartition(":")
        with open(self.server.log_path, "a") as f:
            f.write(self.path + "\n")
        try:
            up = socket.create_connection((host, int(port)), timeout=30)
        except OSError:
            self.send_error(502)
            return
        self.send_response(200, "Connection established")
        self.end_headers()
        self.close_connection = True

        def pump(src, dst):
            try:
                while True:
                    data = src.recv(65536)
                    if not data:
                        break
                    dst.sendall(data)
            except OSError:
                pass
            finally:
                try:
                    dst.shutdown(socket.SHUT_WR)
                except OSError:
                    pass

        t = threading.Thread(target=pump, args=(up, self.connection),
                             daemon=True)
        t.start()
        pump(self.connection, up)
        t.join()
        up.close()


def retry_after_value(f):
    """Seconds, or with "retry_after_date": N an HTTP date N s ahead."""
    if "retry_after_date" in f:
        return email.utils.formatdate(time.time() + f["retry_after_date"],
                                      usegmt=True)
    return str(f.get("retry_after", 1))


def proxy(log_path):
    watch_parent()
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), ProxyHandler)
    srv.daemon_threads = True
    srv.log_path = log_path
    print(srv.server_address[1], flush=True)
    srv.serve_forever()


def main(argv):
    if len(argv) == 3 and argv[1] == "gen-certs":
        gen_certs(argv[2])
        return 0
    if len(argv) == 4 and argv[1] == "proxy" and argv[2] == "--log":
        proxy(argv[3])
        return 0
    if len(argv) >= 2 and argv[1] == "serve":
        opts = dict(zip(argv[2::2], argv[3::2]))
        serve(opts["--certs"], opts["--data"], opts.get("--config"))
        return 0
    sys.stderr.write(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
