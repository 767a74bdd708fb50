#!/usr/bin/env python3
"""Declarations that were public at the baseline and are `package` (or internal) now.

Usage: tools/api-demotions.py BASELINE.json CURRENT.json   (both written by `swift-api-digester -dump-sdk`)

`swift package diagnose-api-breaking-changes` misses these: the digester dumps `package` declarations too, marks them
`isInternal`, and leaves them out of its diagnosis, so a public declaration made `package` reads as unchanged. Prints
one line per outermost such declaration (`Enum GuideRenderer is no longer public`); members of a listed type are not
repeated. Exit 0 always; the caller counts the lines.
"""

import json
import sys


def declarations(path):
    """usr → (readable name, internal?) for every declaration of the dump, outermost first."""
    found = {}

    def walk(node, parents, hidden):
        usr = node.get("usr")
        internal = hidden or bool(node.get("isInternal"))
        if usr and node.get("declKind") and node.get("moduleName", "PartnerRules") == "PartnerRules":
            name = ".".join(parents + [node.get("printedName", node.get("name", "?"))])
            if usr not in found:
                found[usr] = (f"{node['declKind']} {name}", internal, hidden)
            parents = parents + [node.get("name", "?")]
        for child in node.get("children", []):
            if child.get("kind") in ("TypeDecl", "Var", "Function", "Constructor", "TypeAlias", "EnumElement",
                                     "Subscript", "Accessor", "AssociatedType", "OperatorDecl"):
                walk(child, parents, internal)

    root = json.load(open(path))
    walk(root.get("ABIRoot", root), [], False)
    return found


def main(argv):
    if len(argv) != 2:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    before, after = declarations(argv[0]), declarations(argv[1])
    for usr, (name, internal, _) in before.items():
        if internal or usr not in after:
            continue
        _, now_internal, parent_hidden = after[usr]
        if now_internal and not parent_hidden:
            print(f"{name} is no longer public")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
