#!/usr/bin/env python3
"""Counts the documented public declarations of each library module from its symbol graphs.

Usage: doc-coverage.py SYMBOL_GRAPH_DIR [--minimum PERCENT] [--exclude MODULE:FOLDER ...] [--list MODULE]

SYMBOL_GRAPH_DIR holds `<Module>.symbols.json` (and `<Module>@<Other>.symbols.json` for extensions of
other modules' types), as Scripts/docs.sh extracts them with `swift-symbolgraph-extract`. A declaration
counts when it is public or open, is declared in the module's sources (members that a protocol's
default implementation or a superclass lends a type are not), and no component of its name starts
with `_` (those are visible across modules without being API). It is documented when it has a `///`
comment of its own, or when it implements a protocol requirement whose documentation it takes on
(`description`, `==`, `hash(into:)`): the compiler gives such an implementation without a comment of
its own the requirement's.

`--exclude Module:Folder` leaves out the declarations whose source file lies under
`Sources/Module/Folder/` (to see the figure without a folder that is being reworked elsewhere).
`--list Module` prints every undocumented declaration of that module with its place.
Exits 1 when a module is below the minimum (default 95).
"""
import json
import os
import sys

MODULES = ["StatesLanguage", "Statecraft", "StatecraftSimulator", "StatecraftTestRunner",
           "StatecraftTesting", "StatecraftCommandLine"]


def source_path(symbol):
    uri = symbol.get("location", {}).get("uri", "")
    return uri[len("file://"):] if uri.startswith("file://") else uri


def relative_to_sources(path):
    marker = "/Sources/"
    index = path.rfind(marker)
    return path[index + len(marker):] if index >= 0 else path


def main(argv):
    args = argv[1:]
    if not args or args[0].startswith("-"):
        print(__doc__.strip(), file=sys.stderr)
        return 2
    directory = args.pop(0)
    minimum = 95.0
    excluded = []
    listed = set()
    while args:
        flag = args.pop(0)
        if not args:
            print(f"doc-coverage: {flag} needs a value", file=sys.stderr)
            return 2
        value = args.pop(0)
        if flag == "--minimum":
            try:
                minimum = float(value)
            except ValueError:
                print(f"doc-coverage: --minimum {value!r} is not a number", file=sys.stderr)
                return 2
        elif flag == "--exclude":
            module, _, folder = value.partition(":")
            if not folder:
                print(f"doc-coverage: --exclude {value!r} is not Module:Folder", file=sys.stderr)
                return 2
            excluded.append(f"{module}/{folder.strip('/')}/")
        elif flag == "--list":
            listed.add(value)
        else:
            print(f"doc-coverage: unknown option {flag}", file=sys.stderr)
            return 2
    if not os.path.isdir(directory):
        print(f"doc-coverage: {directory}: no such folder of symbol graphs", file=sys.stderr)
        return 2

    failed = []
    for module in MODULES:
        files = sorted(name for name in os.listdir(directory)
                       if name == f"{module}.symbols.json" or name.startswith(f"{module}@"))
        if not files:
            print(f"doc-coverage: {directory}: no symbol graph for {module}", file=sys.stderr)
            return 2
        documented, missing = 0, []
        for name in files:
            try:
                with open(os.path.join(directory, name), encoding="utf-8") as file:
                    graph = json.load(file)
            except (OSError, ValueError) as error:
                print(f"doc-coverage: {os.path.join(directory, name)}: not a readable symbol graph ({error})", file=sys.stderr)
                return 2
            # Implementations of another module's protocol requirements take on its documentation.
            symbols = {symbol["identifier"]["precise"]: symbol for symbol in graph.get("symbols", [])}
            for symbol in symbols.values():
                if symbol.get("accessLevel") not in ("public", "open"):
                    continue
                if symbol["kind"]["identifier"] == "swift.extension":
                    continue   # an extension block of another module's type: its members count, not it
                if any(component.startswith("_") for component in symbol.get("pathComponents", [])):
                    continue
                path = source_path(symbol)
                if not path or f"/Sources/{module}/" not in path:
                    continue   # lent by a default implementation or declared elsewhere
                if any(relative_to_sources(path).startswith(prefix) for prefix in excluded):
                    continue
                comment = symbol.get("docComment")
                own = bool(comment and any(line.get("text", "").strip() for line in comment.get("lines", [])))
                if own:
                    documented += 1
                else:
                    line = symbol.get("location", {}).get("position", {}).get("line", 0) + 1
                    title = ".".join(symbol.get("pathComponents", [])) or symbol.get("names", {}).get("title", "?")
                    missing.append(f"{relative_to_sources(path)}:{line}: {symbol['kind']['identifier'].removeprefix('swift.')} {title}")
        total = documented + len(missing)
        percent = 100.0 * documented / total if total else 100.0
        status = "ok" if percent >= minimum else f"below {minimum:g}%"
        print(f"{module:24} {documented:5} of {total:5} public declarations documented ({percent:5.1f}%) {status}")
        if percent < minimum:
            failed.append(module)
        if module in listed:
            for entry in sorted(missing):
                print(f"  {entry}")
    if failed:
        print(f"doc-coverage: below {minimum:g}%: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
