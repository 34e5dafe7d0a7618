#!/usr/bin/env python3
"""Rewrite a JSON List (as tests/gen_cluster.py writes it) on stdin as a
stream of block-style YAML documents on stdout, one per item, the way
`kubectl get -o yaml` output split into manifests looks.  No YAML library
is needed; strings are written double-quoted, keys plain where they can be."""
import json
import re
import sys

PLAIN_KEY = re.compile(r"^[A-Za-z][A-Za-z0-9._/-]*$")


def key(k):
    return k if PLAIN_KEY.match(k) else json.dumps(k)


def scalar(v):
    if v is None:
        return "null"
    if v is True:
        return "true"
    if v is False:
        return "false"
    if isinstance(v, (int, float)):
        return json.dumps(v)
    return json.dumps(v)


def emit(out, v, ind):
    pad = " " * ind
    if isinstance(v, dict):
        for k, x in v.items():
            if isinstance(x, dict) and x:
                out.append("%s%s:\n" % (pad, key(k)))
                emit(out, x, ind + 2)
            elif isinstance(x, list) and x:
                out.append("%s%s:\n" % (pad, key(k)))
                emit(out, x, ind)
            else:
                out.append("%s%s: %s\n" % (pad, key(k), flow(x)))
    else:
        for x in v:
            if isinstance(x, (dict, list)) and x:
                sub = []
                emit(sub, x, ind + 2)
                first = sub[0]
                sub[0] = pad + "- " + first[ind + 2:]
                out.extend(sub)
            else:
                out.append("%s- %s\n" % (pad, flow(x)))


def flow(x):
    if isinstance(x, dict):
        return "{}"
    if isinstance(x, list):
        return "[]"
    return scalar(x)


def main():
    doc = json.load(sys.stdin)
    w = sys.stdout.write
    for item in doc["items"]:
        out = ["---\n"]
        emit(out, item, 0)
        w("".join(out))


if __name__ == "__main__":
    main()
