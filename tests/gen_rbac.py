#!/usr/bin/env python3
"""Write a generated RBAC set as one JSON List on stdout (for make bench).

    gen_rbac.py [NAMESPACES]     (default 500)

Per namespace: 40 Roles, 40 RoleBindings (users, groups and service
accounts), 20 ServiceAccounts, 10 Deployments; cluster-wide: 4 bindings
per namespace to 510 ClusterRoles, 10 of them aggregated.  With 500
namespaces: 20,510 roles, 22,000 bindings.  One namespace in ten holds a
service account bound to a wildcard ClusterRole and a RoleBinding letting
a user create pods there, so chains to cluster-admin exist to be found.
The counts go to standard error.
"""
import json
import sys

RBAC = "rbac.authorization.k8s.io/v1"


def role(kind, name, ns, rules, labels=None, agg=None):
    meta = {"name": name}
    if ns:
        meta["namespace"] = ns
    if labels:
        meta["labels"] = labels
    o = {"apiVersion": RBAC, "kind": kind, "metadata": meta, "rules": rules}
    if agg:
        o["aggregationRule"] = {"clusterRoleSelectors": [
            {"matchLabels": agg}]}
    return o


def binding(kind, name, ns, rkind, rname, subjects):
    meta = {"name": name}
    if ns:
        meta["namespace"] = ns
    return {"apiVersion": RBAC, "kind": kind, "metadata": meta,
            "roleRef": {"apiGroup": "rbac.authorization.k8s.io",
                        "kind": rkind, "name": rname},
            "subjects": subjects}


RULES = [
    [{"apiGroups": [""], "resources": ["pods", "services"],
      "verbs": ["get", "list", "watch"]}],
    [{"apiGroups": [""], "resources": ["secrets"], "verbs": ["get"]}],
    [{"apiGroups": ["apps"], "resources": ["deployments"],
      "verbs": ["create", "update"]}],
    [{"apiGroups": [""], "resources": ["pods/exec"], "verbs": ["create"]}],
    [{"apiGroups": [""], "resources": ["configmaps"],
      "verbs": ["get", "update"]}],
]


def main():
    nns = int(sys.argv[1]) if len(sys.argv) > 1 else 500
    items = []
    ncr = 510
    for i in range(ncr):
        if i < 10:
            items.append(role("ClusterRole", "agg-%d" % i, None, [],
                              agg={"gen/agg-%d" % i: "true"}))
        elif i < 20:
            items.append(role("ClusterRole", "part-%d" % i, None,
                              RULES[i % 5],
                              labels={"gen/agg-%d" % (i - 10): "true"}))
        elif i == 20:
            items.append(role("ClusterRole", "all", None, [
                {"apiGroups": ["*"], "resources": ["*"], "verbs": ["*"]}]))
        else:
            items.append(role("ClusterRole", "cr-%d" % i, None,
                              RULES[i % 5]))
    for n in range(nns):
        ns = "ns-%d" % n
        items.append({"apiVersion": "v1", "kind": "Namespace",
                      "metadata": {"name": ns}})
        for k in range(20):
            items.append({"apiVersion": "v1", "kind": "ServiceAccount",
                          "metadata": {"name": "sa-%d" % k,
                                       "namespace": ns}})
        for k in range(40):
            items.append(role("Role", "r-%d" % k, ns, RULES[k % 5]))
        for k in range(40):
            subj = [
                {"kind": "User", "name": "user-%d-%d" % (n, k),
                 "apiGroup": "rbac.authorization.k8s.io"},
                {"kind": "ServiceAccount", "name": "sa-%d" % (k % 20),
                 "namespace": ns},
            ]
            if k % 4 == 0:
                subj.append({"kind": "Group", "name": "team-%d" % (n % 50),
                             "apiGroup": "rbac.authorization.k8s.io"})
            items.append(binding("RoleBinding", "rb-%d" % k, ns, "Role",
                                 "r-%d" % k, subj))
        for k in range(4):
            if k == 0 and n % 10 == 0:
                rname = "all"
                subj = [{"kind": "ServiceAccount", "name": "sa-19",
                         "namespace": ns}]
            else:
                rname = ("agg-%d" % (n % 10) if k == 1
                         else "cr-%d" % (21 + (n * 4 + k) % 489))
                subj = [{"kind": "User", "name": "cuser-%d-%d" % (n, k),
                         "apiGroup": "rbac.authorization.k8s.io"}]
            items.append(binding("ClusterRoleBinding", "crb-%d-%d" % (n, k),
                                 None, "ClusterRole", rname, subj))
        for k in range(10):
            items.append({
                "apiVersion": "apps/v1", "kind": "Deployment",
                "metadata": {"name": "app-%d" % k, "namespace": ns},
                "spec": {"selector": {"matchLabels": {"app": "a%d" % k}},
                         "template": {
                             "metadata": {"labels": {"app": "a%d" % k}},
                             "spec": {"serviceAccountName": "sa-%d" % k,
                                      "containers": [{
                                          "name": "c",
                                          "image": "app:%d" % k}]}}}})
    json.dump({"apiVersion": "v1", "kind": "List", "items": items},
              sys.stdout)
    kinds = {}
    for o in items:
        kinds[o["kind"]] = kinds.get(o["kind"], 0) + 1
    sys.stderr.write("objects %d %s\n" % (len(items), json.dumps(kinds)))


if __name__ == "__main__":
    main()
