#!/usr/bin/env python3
"""Updates the public API files of the packaged libraries from the PublicApiAnalyzers' diagnostics.

Builds each library, adds every public symbol that is not declared (RS0016) to PublicAPI.Unshipped.txt, removes
every declared symbol that no longer exists (RS0017) from both files and declares again the symbols whose declaration
lacks nullability annotations (RS0036). Run it after changing a public surface, then read
the diff of the PublicAPI.*.txt files: it is the change of the packages' API. Usage: eng/update-public-api.py [project...]
"""
import os, re, subprocess, sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PROJECTS = sys.argv[1:] or ["Msmla.Core", "Msmla.Models", "Msmla.Data", "Msmla.Plotting", "Msmla.Models.Pretrained"]
SYMBOL = re.compile(r"error (RS0016|RS0017|RS0036): Symbol '(.*?)' is (?:not part of the declared public API|part of the declared API, but is either not public or could not be found|missing nullability annotations in the declared API)")


def read(path):
    with open(path, encoding="utf-8") as f:
        return [line.rstrip("\n") for line in f if line.strip()]


def write(path, header, lines):
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join([header] + sorted(set(lines), key=lambda l: l.lstrip("~").replace("static ", "").replace("override ", "").replace("abstract ", "").replace("virtual ", "").replace("const ", ""))) + "\n")


for project in PROJECTS:
    directory = os.path.join(ROOT, "src", project)
    build = subprocess.run(["dotnet", "build", os.path.join(directory, project + ".csproj"), "-p:TreatWarningsAsErrors=true", "--no-incremental"],
                           capture_output=True, text=True)
    added, removed = set(), set()
    for rule, symbol in SYMBOL.findall(build.stdout):
        if rule == "RS0036":   # declared without the annotations (a type that became a reference type): declare it again
            removed.add(symbol.replace("!", ""))
            added.add(symbol)
        else:
            (added if rule == "RS0016" else removed).add(symbol)
    other = [l for l in build.stdout.splitlines() if " error " in l and not any(r in l for r in ("RS0016", "RS0017", "RS0036"))]
    if other:
        print("\n".join(sorted(set(other))[:20]))
        sys.exit(f"{project}: the build has other errors; fix them first")
    shipped_path, unshipped_path = os.path.join(directory, "PublicAPI.Shipped.txt"), os.path.join(directory, "PublicAPI.Unshipped.txt")
    shipped, unshipped = read(shipped_path), read(unshipped_path)
    header = "#nullable enable"
    shipped = [l for l in shipped if l != header and l not in removed]
    unshipped = [l for l in unshipped if l != header and l not in removed] + sorted(added)
    write(shipped_path, header, shipped)
    write(unshipped_path, header, unshipped)
    print(f"{project}: {len(added)} added, {len(removed)} removed")
