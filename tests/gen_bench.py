#!/usr/bin/env python3
"""Write a large synthetic cluster dump for make bench, as `kubectl get -A
-o json` (or `-o yaml`) prints it: one List, items in block form, objects
with the bulk real API objects carry (managedFields, last-applied
annotations, status, environment, projected token volumes), on average
about 10 KB of JSON each.

    gen_bench.py N json|yaml [kubectl] > out   (objects count on stderr)

With "kubectl" the same objects come in the order `kubectl get all -A`
lists them, kind after kind: Pods first, then Services, Deployments and
ReplicaSets, so every workload comes before its controller; then the
other kinds.  Without it each Deployment is followed by its ReplicaSet
and its Pods.

The mix follows tests/gen_cluster.py (namespaces; Deployments with their
ReplicaSets and Pods; Services; ServiceAccounts; Roles and RoleBindings;
NetworkPolicies; some privileged or hostPath pods) and is fixed for a given
N, so the JSON and the YAML of one N hold the same objects.  Each kind and
variant is serialised once into a template; objects are the templates with
their names filled in, so 4 GB take a minute, not an hour."""
import json
import re
import sys
import tempfile

HOLE = re.compile(r"ZZ([a-z]+)ZZ")
TS = "2026-11-20T08:15:30Z"


def managed(manager, fields):
    return {"apiVersion": "v1", "fieldsType": "FieldsV1", "fieldsV1": fields,
            "manager": manager, "operation": "Update", "time": TS}


def meta(kind, labels=True, owner=None):
    m = {"annotations": {}, "creationTimestamp": TS, "name": "ZZnameZZ",
         "namespace": "ZZnsZZ", "resourceVersion": "ZZrvZZ", "uid": "ZZuidZZ"}
    if kind == "Namespace":
        del m["namespace"]
    if labels:
        m["labels"] = {"app": "ZZappZZ", "app.kubernetes.io/part-of": "shop",
                       "team": "payments", "tier": "backend"}
    if owner:
        m["ownerReferences"] = [{"apiVersion": "apps/v1", "blockOwnerDeletion": True,
                                 "controller": True, "kind": owner,
                                 "name": "ZZownerZZ", "uid": "ZZowneruidZZ"}]
    flds = {"f:metadata": {"f:annotations": {".": {}},
                           "f:labels": {".": {}, "f:app": {}, "f:team": {},
                                        "f:tier": {}}}}
    m["managedFields"] = [managed("kubectl-client-side-apply", flds),
                          managed("kube-controller-manager",
                                  {"f:status": {"f:conditions": {
                                      ".": {}, 'k:{"type":"Ready"}': {
                                          ".": {}, "f:lastTransitionTime": {},
                                          "f:status": {}, "f:type": {}}}}})]
    return m


def container(sec, hostpath):
    c = {"env": [{"name": "SETTING_%d" % k, "value": "value-%d-for-the-service" % k}
                 for k in range(14)],
         "image": "registry.example/shop/app:ZZtagZZ", "imagePullPolicy": "IfNotPresent",
         "livenessProbe": {"failureThreshold": 3, "httpGet": {"path": "/healthz",
                                                             "port": 8080, "scheme": "HTTP"},
                           "periodSeconds": 10, "successThreshold": 1, "timeoutSeconds": 1},
         "name": "app", "ports": [{"containerPort": 8080, "name": "http", "protocol": "TCP"}],
         "readinessProbe": {"failureThreshold": 3, "httpGet": {"path": "/ready",
                                                              "port": 8080, "scheme": "HTTP"},
                            "periodSeconds": 5, "successThreshold": 1, "timeoutSeconds": 1},
         "resources": {"limits": {"cpu": "500m", "memory": "256Mi"},
                       "requests": {"cpu": "100m", "memory": "128Mi"}},
         "terminationMessagePath": "/dev/termination-log",
         "terminationMessagePolicy": "File",
         "volumeMounts": [{"mountPath": "/var/run/secrets/kubernetes.io/serviceaccount",
                           "name": "kube-api-access", "readOnly": True}]}
    if sec == "priv":
        c["securityContext"] = {"privileged": True}
    elif sec == "hard":
        c["securityContext"] = {"allowPrivilegeEscalation": False,
                                "capabilities": {"drop": ["ALL"]}, "runAsNonRoot": True}
    if hostpath:
        c["volumeMounts"].append({"mountPath": "/var/run/docker.sock", "name": "sock"})
    return c


def pod_spec(sec, hostpath, pod):
    vols = [{"name": "kube-api-access", "projected": {"defaultMode": 420, "sources": [
        {"serviceAccountToken": {"expirationSeconds": 3607, "path": "token"}},
        {"configMap": {"items": [{"key": "ca.crt", "path": "ca.crt"}],
                       "name": "kube-root-ca.crt"}},
        {"downwardAPI": {"items": [{"fieldRef": {"apiVersion": "v1",
                                                 "fieldPath": "metadata.namespace"},
                                    "path": "namespace"}]}}]}}]
    if hostpath:
        vols.append({"hostPath": {"path": "/var/run/docker.sock", "type": ""},
                     "name": "sock"})
    s = {"containers": [container(sec, hostpath)], "dnsPolicy": "ClusterFirst",
         "enableServiceLinks": True, "preemptionPolicy": "PreemptLowerPriority",
         "priority": 0, "restartPolicy": "Always", "schedulerName": "default-scheduler",
         "securityContext": {}, "serviceAccount": "ZZsaZZ",
         "serviceAccountName": "ZZsaZZ", "terminationGracePeriodSeconds": 30,
         "tolerations": [{"effect": "NoExecute", "key": "node.kubernetes.io/not-ready",
                          "operator": "Exists", "tolerationSeconds": 300},
                         {"effect": "NoExecute", "key": "node.kubernetes.io/unreachable",
                          "operator": "Exists", "tolerationSeconds": 300}],
         "volumes": vols}
    if pod:
        s["nodeName"] = "ZZnodeZZ"
    return s


def applied(kind):
    """The last-applied-configuration annotation: JSON text in a string."""
    return json.dumps({"apiVersion": "apps/v1", "kind": kind, "metadata": {
        "annotations": {}, "labels": {"app": "ZZappZZ", "team": "payments"},
        "name": "ZZnameZZ", "namespace": "ZZnsZZ"},
        "spec": {"replicas": 3, "selector": {"matchLabels": {"app": "ZZappZZ"}},
                 "template": {"metadata": {"labels": {"app": "ZZappZZ"}},
                              "spec": {"containers": [{"image": "registry.example/shop/app",
                                                       "name": "app"}]}}}},
        separators=(",", ":"), sort_keys=True)


def conditions(types):
    return [{"lastProbeTime": None, "lastTransitionTime": TS, "status": "True",
             "type": t} for t in types]


def build(kind, var):
    """The object of kind and variant, with ZZfieldZZ holes."""
    sel = {"matchLabels": {"app": "ZZappZZ"}}
    if kind == "Namespace":
        return {"apiVersion": "v1", "kind": kind, "metadata": meta(kind, labels=False),
                "spec": {"finalizers": ["kubernetes"]}, "status": {"phase": "Active"}}
    if kind == "ServiceAccount":
        return {"apiVersion": "v1", "kind": kind, "metadata": meta(kind, labels=False)}
    if kind == "NetworkPolicy":
        return {"apiVersion": "networking.k8s.io/v1", "kind": kind,
                "metadata": meta(kind, labels=False),
                "spec": {"podSelector": {}, "policyTypes": ["Ingress"]}}
    if kind == "Role":
        return {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": kind,
                "metadata": meta(kind, labels=False),
                "rules": [{"apiGroups": [""], "resources": ["pods", "secrets"],
                           "verbs": ["get", "list"]}]}
    if kind == "RoleBinding":
        return {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": kind,
                "metadata": meta(kind, labels=False),
                "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "Role",
                            "name": "reader"},
                "subjects": [{"kind": "ServiceAccount", "name": "sa-1",
                              "namespace": "ZZnsZZ"}]}
    if kind == "Service":
        return {"apiVersion": "v1", "kind": kind, "metadata": meta(kind),
                "spec": {"clusterIP": "10.96.0.10", "clusterIPs": ["10.96.0.10"],
                         "internalTrafficPolicy": "Cluster", "ipFamilies": ["IPv4"],
                         "ipFamilyPolicy": "SingleStack",
                         "ports": [{"port": 80, "protocol": "TCP", "targetPort": 8080}],
                         "selector": {"app": "ZZappZZ"}, "sessionAffinity": "None",
                         "type": var},
                "status": {"loadBalancer": {}}}
    sec, hostpath = var
    tmpl = {"metadata": {"creationTimestamp": None, "labels": {"app": "ZZappZZ"}},
            "spec": pod_spec(sec, hostpath, False)}
    if kind == "Deployment":
        m = meta(kind)
        m["annotations"] = {"deployment.kubernetes.io/revision": "1",
                            "kubectl.kubernetes.io/last-applied-configuration":
                            applied(kind)}
        return {"apiVersion": "apps/v1", "kind": kind, "metadata": m,
                "spec": {"progressDeadlineSeconds": 600, "replicas": 3,
                         "revisionHistoryLimit": 10, "selector": sel,
                         "strategy": {"rollingUpdate": {"maxSurge": "25%",
                                                        "maxUnavailable": "25%"},
                                      "type": "RollingUpdate"},
                         "template": tmpl},
                "status": {"availableReplicas": 3, "conditions": conditions(
                    ["Available", "Progressing"]), "observedGeneration": 1,
                    "readyReplicas": 3, "replicas": 3, "updatedReplicas": 3}}
    if kind == "ReplicaSet":
        m = meta(kind, owner="Deployment")
        m["annotations"] = {"deployment.kubernetes.io/desired-replicas": "3",
                            "deployment.kubernetes.io/max-replicas": "4",
                            "deployment.kubernetes.io/revision": "1"}
        return {"apiVersion": "apps/v1", "kind": kind, "metadata": m,
                "spec": {"replicas": 3, "selector": sel, "template": tmpl},
                "status": {"availableReplicas": 3, "fullyLabeledReplicas": 3,
                           "observedGeneration": 1, "readyReplicas": 3, "replicas": 3}}
    m = meta(kind, owner="ReplicaSet")
    m["generateName"] = "ZZownerZZ-"
    return {"apiVersion": "v1", "kind": "Pod", "metadata": m,
            "spec": pod_spec(sec, hostpath, True),
            "status": {"conditions": conditions(["Initialized", "Ready",
                                                 "ContainersReady", "PodScheduled"]),
                       "containerStatuses": [{
                           "containerID": "containerd://ZZuidZZ",
                           "image": "registry.example/shop/app:ZZtagZZ",
                           "imageID": "registry.example/shop/app@sha256:"
                           "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
                           "lastState": {}, "name": "app", "ready": True,
                           "restartCount": 0, "started": True,
                           "state": {"running": {"startedAt": TS}}}],
                       "hostIP": "192.168.1.20", "hostIPs": [{"ip": "192.168.1.20"}],
                       "phase": "Running", "podIP": "ZZipZZ",
                       "podIPs": [{"ip": "ZZipZZ"}], "qosClass": "Burstable",
                       "startTime": TS}}


# -- YAML, block style as kubectl prints it --------------------------------
PLAIN = re.compile(r"^[A-Za-z_/.][A-Za-z0-9_./:@ -]*$")
# holes filled with digits: quoted, so YAML reads a string as JSON does
NUMERIC_HOLE = re.compile(r"ZZ(rv|ip)ZZ")
RESERVED = {"true", "false", "yes", "no", "on", "off", "null", "y", "n", "~"}


def yscalar(v):
    if v is None:
        return "null"
    if v is True or v is False:
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return str(v)
    if (PLAIN.match(v) and not NUMERIC_HOLE.search(v) and v.lower() not in RESERVED and ": " not in v
            and not v.endswith(":") and not v.endswith(" ") and " #" not in v):
        return v
    return json.dumps(v)


def yemit(v, ind, out):
    """Lines of the block value v at indent ind (v is a dict or a list)."""
    pad = " " * ind
    if isinstance(v, dict):
        for k, x in v.items():
            key = yscalar(k)
            if isinstance(x, (dict, list)) and x:
                out.append("%s%s:" % (pad, key))
                yemit(x, ind + (2 if isinstance(x, dict) else 0), out)
            else:
                out.append("%s%s: %s" % (pad, key, yempty(x)))
    else:
        for x in v:
            if isinstance(x, (dict, list)) and x:
                sub = []
                yemit(x, ind + 2, sub)
                sub[0] = pad + "- " + sub[0][ind + 2:]
                out.extend(sub)
            else:
                out.append("%s- %s" % (pad, yempty(x)))


def yempty(x):
    if isinstance(x, dict):
        return "{}"
    if isinstance(x, list):
        return "[]"
    return yscalar(x)


def template(obj, fmt):
    """Serialised item of the List, split at its holes."""
    if fmt == "json":
        text = json.dumps(obj, indent=4)
        text = "        " + text.replace("\n", "\n        ")
    else:
        lines = []
        yemit(obj, 2, lines)
        lines[0] = "- " + lines[0][2:]
        text = "\n".join(lines)
    return HOLE.split(text)


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10000
    fmt = sys.argv[2] if len(sys.argv) > 2 else "json"
    order = sys.argv[3] if len(sys.argv) > 3 else ""
    if fmt not in ("json", "yaml") or order not in ("", "kubectl"):
        sys.exit("usage: gen_bench.py N json|yaml [kubectl]")
    out = sys.stdout
    cache = {}
    chunk = []
    count = [0]
    # kubectl order: each kind gathers in a file of its own, joined at the end
    ranks = ["Pod", "Service", "Deployment", "ReplicaSet"]
    spool = {}

    def sink(kind):
        if not order:
            return out
        r = ranks.index(kind) if kind in ranks else len(ranks)
        if r not in spool:
            spool[r] = tempfile.TemporaryFile("w+")
        return spool[r]

    def emit(kind, var, **vals):
        key = (kind, var)
        parts = cache.get(key)
        if parts is None:
            parts = cache[key] = template(build(kind, var), fmt)
        count[0] += 1
        vals["rv"] = str(1000 + count[0])
        vals.setdefault("uid", "%08x-0000-4000-8000-%012x" % (count[0], count[0]))
        p = list(parts)
        for i in range(1, len(p), 2):
            p[i] = vals[p[i]]
        text = "".join(p)
        if order:
            f = sink(kind)
            if fmt == "json" and f.tell():
                f.write(",\n")
            elif fmt == "yaml":
                f.write("\n")
            f.write(text)
            return
        if fmt == "json" and count[0] > 1:
            chunk.append(",\n")
        elif fmt == "yaml":
            chunk.append("\n")
        chunk.append(text)
        if len(chunk) > 2000:
            out.write("".join(chunk))
            del chunk[:]

    out.write('{\n    "apiVersion": "v1",\n    "items": [\n' if fmt == "json"
              else "apiVersion: v1\nitems:")
    i = 0
    k = -1
    while count[0] < n:
        k += 1
        ns = "ns-%d" % k
        emit("Namespace", None, name=ns, ns=ns)
        for s in range(5):
            emit("ServiceAccount", None, name="sa-%d" % s, ns=ns)
        if k % 2 == 0:
            emit("NetworkPolicy", None, name="default-deny", ns=ns)
        emit("Role", None, name="reader", ns=ns)
        emit("RoleBinding", None, name="reader", ns=ns)
        for d in range(8):
            i += 1
            app = "app-%d" % d
            sec = "priv" if i % 7 == 0 else "hard" if i % 3 == 0 else "none"
            var = (sec, i % 11 == 0)
            common = dict(ns=ns, app=app, tag=str(i % 17), sa="sa-%d" % (i % 5))
            dep_uid = "dep-%s-%s" % (ns, app)
            emit("Deployment", var, name=app, uid=dep_uid, **common)
            rs = app + "-5d9f"
            rs_uid = "rs-%s-%s" % (ns, app)
            emit("ReplicaSet", var, name=rs, uid=rs_uid, owner=app,
                 owneruid=dep_uid, **common)
            for p in range(3):
                emit("Pod", var, name="%s-%d" % (rs, p), owner=rs, owneruid=rs_uid,
                     node="node-%d" % (p % 10), ip="10.%d.%d.%d" % (
                         k // 250 % 250, k % 250, d * 3 + p + 1), **common)
            emit("Service", "NodePort" if d == 0 else "ClusterIP", name=app,
                 ns=ns, app=app)
    out.write("".join(chunk))
    for r in sorted(spool):
        f = spool[r]
        f.seek(0)
        if fmt == "json" and r != min(spool):
            out.write(",\n")
        while True:
            block = f.read(1 << 20)
            if not block:
                break
            out.write(block)
        f.close()
    out.write('\n    ],\n    "kind": "List",\n    "metadata": {\n'
              '        "resourceVersion": ""\n    }\n}\n' if fmt == "json"
              else '\nkind: List\nmetadata:\n  resourceVersion: ""\n')
    sys.stderr.write("objects %d\n" % count[0])


if __name__ == "__main__":
    main()
