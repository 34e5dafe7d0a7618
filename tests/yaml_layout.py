#!/usr/bin/env python3
"""Rewrite a JSON List on stdin as one YAML List on stdout, in a layout:
plain   PyYAML's own (items at indentation 0, long strings folded over
        several lines at width 40),
indent2 the items' sequence indented by two under "items:",
block   every item given a two-line annotation, strings with line breaks
        written as literal block scalars ("|"),
quoted  every key double-quoted."""
import json
import re
import sys

import yaml


class Indented(yaml.SafeDumper):
    def increase_indent(self, flow=False, indentless=False):
        return super().increase_indent(flow, False)


class Block(yaml.SafeDumper):
    pass


def block_str(dumper, s):
    return dumper.represent_scalar("tag:yaml.org,2002:str", s,
                                   style="|" if "\n" in s else None)


Block.add_representer(str, block_str)


def main():
    mode = sys.argv[1]
    doc = json.load(sys.stdin)
    if mode == "plain":
        out = yaml.safe_dump(doc, width=40)
    elif mode == "indent2":
        out = yaml.dump(doc, Dumper=Indented, width=60)
    elif mode == "block":
        for i, it in enumerate(doc["items"]):
            meta = it.setdefault("metadata", {})
            meta.setdefault("annotations", {})["note"] = (
                "line %d\n  indented\nlast\n" % i)
        out = yaml.dump(doc, Dumper=Block)
    else:
        key = re.compile(r'^( *(?:- )?)([A-Za-z][A-Za-z0-9._/:-]*):( |$)',
                         re.M)
        out = key.sub(r'\1"\2":\3', yaml.safe_dump(doc, width=1 << 30))
    sys.stdout.write(out)


main()
