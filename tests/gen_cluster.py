#!/usr/bin/env python3
"""Write a synthetic cluster dump (a kubectl `get -A -o json` style List) of
about N objects to stdout: namespaces, deployments with replica sets and pods,
services, service accounts, roles and bindings, network policies.  The mix is
deterministic for a given N, so benchmark runs compare like with like."""
import json
import sys


def meta(name, ns=None, labels=None, uid=None):
    m = {"name": name, "uid": uid or ("uid-" + (ns or "") + "-" + name)}
    if ns:
        m["namespace"] = ns
    if labels:
        m["labels"] = labels
    m["managedFields"] = [{"manager": "kubectl", "operation": "Update",
                           "fieldsV1": {"f:metadata": {"f:labels": {}}}}]
    return m


def pod_spec(i):
    c = {"name": "app", "image": "registry.example/app:%d" % (i % 17),
         "ports": [{"containerPort": 8080}],
         "resources": {"limits": {"cpu": "500m", "memory": "256Mi"}}}
    if i % 7 == 0:
        c["securityContext"] = {"privileged": True}
    elif i % 3 == 0:
        c["securityContext"] = {"runAsNonRoot": True, "allowPrivilegeEscalation": False,
                                "capabilities": {"drop": ["ALL"]}}
    spec = {"containers": [c], "serviceAccountName": "sa-%d" % (i % 5)}
    if i % 11 == 0:
        spec["volumes"] = [{"name": "sock", "hostPath": {"path": "/var/run/docker.sock"}}]
        c["volumeMounts"] = [{"name": "sock", "mountPath": "/var/run/docker.sock"}]
    return spec


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10000
    items = []
    per_ns = 50
    nns = max(1, n // per_ns)
    i = 0
    for k in range(nns):
        ns = "ns-%d" % k
        items.append({"apiVersion": "v1", "kind": "Namespace", "metadata": meta(ns)})
        for s in range(5):
            items.append({"apiVersion": "v1", "kind": "ServiceAccount",
                          "metadata": meta("sa-%d" % s, ns)})
        if k % 2 == 0:
            items.append({"apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy",
                          "metadata": meta("default-deny", ns),
                          "spec": {"podSelector": {}, "policyTypes": ["Ingress"]}})
        items.append({"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "Role",
                      "metadata": meta("reader", ns),
                      "rules": [{"apiGroups": [""], "resources": ["pods", "secrets"],
                                 "verbs": ["get", "list"]}]})
        items.append({"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "RoleBinding",
                      "metadata": meta("reader", ns),
                      "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "Role",
                                  "name": "reader"},
                      "subjects": [{"kind": "ServiceAccount", "name": "sa-1",
                                    "namespace": ns}]})
        d = 0
        while d < 8:
            i += 1
            name = "app-%d" % d
            labels = {"app": name}
            dep = {"apiVersion": "apps/v1", "kind": "Deployment",
                   "metadata": meta(name, ns, labels),
                   "spec": {"replicas": 3, "selector": {"matchLabels": labels},
                            "template": {"metadata": {"labels": labels},
                                         "spec": pod_spec(i)}},
                   "status": {"replicas": 3, "readyReplicas": 3}}
            items.append(dep)
            rs_name = name + "-5d9f"
            rs = {"apiVersion": "apps/v1", "kind": "ReplicaSet",
                  "metadata": dict(meta(rs_name, ns, labels),
                                   ownerReferences=[{"apiVersion": "apps/v1",
                                                     "kind": "Deployment", "name": name,
                                                     "uid": dep["metadata"]["uid"],
                                                     "controller": True}]),
                  "spec": {"replicas": 3, "selector": {"matchLabels": labels},
                           "template": {"metadata": {"labels": labels},
                                        "spec": pod_spec(i)}}}
            items.append(rs)
            for p in range(3):
                items.append({"apiVersion": "v1", "kind": "Pod",
                              "metadata": dict(meta("%s-%d" % (rs_name, p), ns, labels),
                                               ownerReferences=[{"apiVersion": "apps/v1",
                                                                 "kind": "ReplicaSet",
                                                                 "name": rs_name,
                                                                 "uid": rs["metadata"]["uid"],
                                                                 "controller": True}]),
                              "spec": dict(pod_spec(i), nodeName="node-%d" % (p % 10)),
                              "status": {"phase": "Running", "podIP": "10.0.0.%d" % (p + 1)}})
            items.append({"apiVersion": "v1", "kind": "Service",
                          "metadata": meta(name, ns),
                          "spec": {"type": "NodePort" if d == 0 else "ClusterIP",
                                   "selector": labels,
                                   "ports": [{"port": 80, "targetPort": 8080}]}})
            d += 1
        if len(items) >= n:
            break
    json.dump({"apiVersion": "v1", "kind": "List", "items": items}, sys.stdout,
              indent=1)
    sys.stderr.write("objects %d\n" % len(items))


if __name__ == "__main__":
    main()
