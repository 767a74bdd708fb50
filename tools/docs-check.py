#!/usr/bin/env python3
"""The checks of `tools/docs --check`, over what `tools/docs` built.

Usage: tools/docs-check.py SYMBOLS.json DIAGNOSTICS.json [--report-only]

Lists every public symbol of PartnerRules declared in Sources/ without a one-line summary, or whose summary only
repeats its name, and every public type that no topic group of the catalog lists, as `file:line: name: what is
wrong`, and every DocC warning or error as `file:line: message`.
Exit 0 when there is none (or with --report-only, which prints the counts alone), 1 otherwise.

Protocol witnesses whose meaning is the protocol's own may rely on its documentation: `==`, `!=`, `hash(into:)`,
`hashValue`, `description` (CustomStringConvertible), `init(from:)`, `encode(to:)`, `init(rawValue:)`, `rawValue`.
Symbols the compiler synthesizes or inherits (no place in Sources/) are not ours to document.
"""

import json
import os
import re
import sys
from urllib.parse import unquote, urlparse

WITNESSES = {
    "==(_:_:)", "!=(_:_:)", "hash(into:)", "hashValue", "description",
    "init(from:)", "encode(to:)", "init(rawValue:)", "rawValue",
}


def words(text):
    """Lower-case words of a name or a sentence: `firstDataBy` → first, data, by."""
    text = re.sub(r"\(.*\)", "", text)
    text = re.sub(r"([a-z0-9])([A-Z])", r"\1 \2", text)
    return [w for w in re.split(r"[^A-Za-z0-9]+", text.lower()) if w]


def relative(uri, root):
    path = unquote(urlparse(uri).path) if uri.startswith("file:") else uri
    return os.path.relpath(path, root) if os.path.isabs(path) else path


def main(argv):
    args = [a for a in argv if not a.startswith("--")]
    report_only = "--report-only" in argv
    if len(args) != 2:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    root = os.getcwd()
    graph = json.load(open(args[0]))
    problems = []
    public = 0
    for symbol in graph["symbols"]:
        location = symbol.get("location")
        if not location:
            continue
        file = relative(location["uri"], root)
        if not file.startswith("Sources/PartnerRules/"):
            continue
        public += 1
        name = symbol["pathComponents"][-1]
        if name in WITNESSES:
            continue
        title = ".".join(symbol["pathComponents"])
        line = location["position"]["line"] + 1
        lines = [entry["text"].strip() for entry in (symbol.get("docComment") or {}).get("lines", [])]
        summary = next((text for text in lines if text), "")
        if not summary:
            problems.append((file, line, f"{title}: public symbol without a summary (add a /// line saying what it is for)"))
        elif words(summary) == words(name):
            problems.append((file, line, f"{title}: the summary only repeats the name; say what it is for"))

    # Every public type has a place in a topic group of the catalog's pages, so the landing page organizes them all.
    catalog = "Sources/PartnerRules/PartnerRules.docc"
    listed = set()
    for name in sorted(os.listdir(catalog)) if os.path.isdir(catalog) else []:
        if name.endswith(".md"):
            listed |= set(re.findall(r"^\s*-\s*``([A-Za-z0-9_]+)", open(os.path.join(catalog, name)).read(), re.M))
    for symbol in graph["symbols"]:
        location = symbol.get("location")
        if location and len(symbol["pathComponents"]) == 1 and symbol["pathComponents"][0] not in listed \
                and relative(location["uri"], root).startswith("Sources/PartnerRules/"):
            problems.append((relative(location["uri"], root), location["position"]["line"] + 1,
                             f"{symbol['pathComponents'][0]}: public type in no topic group of {catalog}/PartnerRules.md"))

    warnings = []
    try:
        diagnostics = json.load(open(args[1]))
    except (OSError, ValueError):
        diagnostics = {"diagnostics": []}
    for diagnostic in diagnostics.get("diagnostics", []):
        if diagnostic.get("severity") not in ("warning", "error"):
            continue
        source = diagnostic.get("source") or ""
        file = relative(source, root) if source else "PartnerRules.docc"
        start = (diagnostic.get("range") or {}).get("start") or {}
        line = start.get("line", 0)
        warnings.append((file, line, f"docc {diagnostic['severity']}: {diagnostic.get('summary', '').strip()}"))

    found = sorted(problems) + sorted(warnings)
    if report_only:
        print(f"docs: {public} public symbols, {len(problems)} without a summary, {len(warnings)} DocC warnings"
              " (tools/docs --check lists them)", file=sys.stderr)
        return 0
    for file, line, message in found:
        print(f"{file}:{line}: {message}")
    print(f"docs: {public} public symbols, {len(problems)} without a summary, {len(warnings)} DocC warnings",
          file=sys.stderr)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
