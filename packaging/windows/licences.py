#!/usr/bin/env python3
"""LICENSES.txt for the Windows packages: Renkei Workbench's own licences, the embedded font's (SIL OFL 1.1), Rust's
standard library's, and those of every crate compiled into renkei.exe for Windows (the normal dependencies of the
package, resolved for x86_64-pc-windows-gnu by `cargo metadata`), each with the licence files the crate ships.

Usage: licences.py REPOSITORY OUTPUT
"""

import json
import os
import subprocess
import sys

LICENCE_PREFIXES = ("licence", "license", "copying", "notice", "copyright", "unlicense")


def crate_licence_files(directory):
    """The licence texts a crate ships at its root, by name."""
    found = []
    for name in sorted(os.listdir(directory)):
        path = os.path.join(directory, name)
        if os.path.isfile(path) and name.lower().startswith(LICENCE_PREFIXES):
            found.append(path)
    return found


def shipped_packages(metadata, root_id):
    """The packages reachable from the root through normal dependencies (what is compiled into the program)."""
    nodes = {n["id"]: n for n in metadata["resolve"]["nodes"]}
    seen, stack = set(), [root_id]
    while stack:
        current = stack.pop()
        if current in seen:
            continue
        seen.add(current)
        for dep in nodes[current]["deps"]:
            if any(k["kind"] is None for k in dep["dep_kinds"]):
                stack.append(dep["pkg"])
    seen.discard(root_id)
    return seen


def read(path):
    with open(path, encoding="utf-8", errors="replace") as f:
        return f.read().strip("\n")


def main(repository, output):
    metadata = json.loads(
        subprocess.run(
            ["cargo", "metadata", "--format-version", "1", "--filter-platform", "x86_64-pc-windows-gnu"],
            cwd=repository,
            check=True,
            capture_output=True,
        ).stdout
    )
    packages = {p["id"]: p for p in metadata["packages"]}
    root_id = metadata["resolve"]["root"]
    rule = "=" * 78
    parts = [
        "Renkei Workbench: licences\n"
        "Renkei Workbench is licensed under the MIT licence or the Apache Licence 2.0, at your option.\n"
        "This file also holds the licences of what renkei.exe contains: the BIZ UDGothic font, Rust's standard\n"
        "library and the crates (libraries) listed below.",
        f"{rule}\nRenkei Workbench — MIT\n{rule}\n" + read(os.path.join(repository, "LICENSE-MIT")),
        f"{rule}\nRenkei Workbench — Apache-2.0\n{rule}\n" + read(os.path.join(repository, "LICENSE-APACHE")),
        f"{rule}\nBIZ UDGothic (the embedded Japanese font) — SIL Open Font License 1.1\n{rule}\n"
        + read(os.path.join(repository, "assets", "fonts", "BIZUDGothic-LICENSE.txt")),
        f"{rule}\nRust standard library — MIT OR Apache-2.0\n{rule}\n"
        "Copyright (c) The Rust Project Contributors. Licensed under the MIT licence or the Apache Licence 2.0\n"
        "(texts above).",
    ]
    first_with_text = {}  # a licence text already written -> where
    shipped = sorted(shipped_packages(metadata, root_id), key=lambda i: (packages[i]["name"], packages[i]["version"]))
    for package_id in shipped:
        package = packages[package_id]
        header = f"{rule}\n{package['name']} {package['version']} — {package.get('license') or 'see below'}\n{rule}"
        directory = os.path.dirname(package["manifest_path"])
        texts = []
        for path in crate_licence_files(directory):
            name = os.path.basename(path)
            body = read(path)
            # Most crates ship the same Apache text word for word: it is written once.
            key = " ".join(body.split())
            if key in first_with_text:
                texts.append(f"--- {name} ---\n(the same text as {first_with_text[key]} above)")
            else:
                first_with_text[key] = f"{package['name']} {package['version']}'s {name}"
                texts.append(f"--- {name} ---\n{body}")
        if not texts:
            texts = [
                f"(the crate ships no licence file; its licence is {package.get('license')}, "
                "whose texts are above or at https://spdx.org/licenses/)"
            ]
        parts.append(header + "\n" + "\n\n".join(texts))
    # Windows' Notepad and every editor read UTF-8 with CRLF line ends.
    text = "\n\n".join(parts) + "\n"
    with open(output, "w", encoding="utf-8-sig", newline="\r\n") as f:
        f.write(text)
    print(f"{output}: {len(shipped)} crates")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
