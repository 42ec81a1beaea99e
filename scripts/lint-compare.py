#!/usr/bin/env python3
"""Compare `apiassure lint` with Spectral's OWASP ruleset on the same documents.

Recall: the planted problems of tests/fixtures/openapi/planted.json, each
applied to the hardened tests/fixtures/openapi/clean.yaml. apiassure detects a
case when it reports the rules the case expects; Spectral is credited with a
case when it reports anything (rule and path) it did not report on the clean
document, which is generous to it. Noise: findings on the clean document.
Speed: a generated document with 2,000 operations (scripts/gen-openapi.py),
wall time and peak memory of each tool.

Usage:
  scripts/lint-compare.py [--apiassure BIN] [--spectral BIN] [--install DIR]
    --install DIR  npm-install @stoplight/spectral-cli and
                   @stoplight/spectral-owasp-ruleset into DIR first
Without Spectral (and without npm to install it) it prints SKIPPED and exits 0.
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FIXTURES = os.path.join(ROOT, "tests", "fixtures", "openapi")


def apply(clean, case):
    doc = clean
    for e in case["edits"]:
        if e["from"] not in doc:
            sys.exit(f"{case['name']}: the fixture lacks {e['from']!r}")
        doc = doc.replace(e["from"], e["to"]) if e["all"] else doc.replace(e["from"], e["to"], 1)
    return doc


def timed(cmd, cwd=None):
    """Run cmd; return (stdout, seconds, peak RSS in MB or None)."""
    time_bin = shutil.which("time") or ("/usr/bin/time" if os.path.exists("/usr/bin/time") else None)
    rss_file = tempfile.NamedTemporaryFile(delete=False)
    rss_file.close()
    full = [time_bin, "-f", "%M", "-o", rss_file.name] + cmd if time_bin else cmd
    start = time.monotonic()
    proc = subprocess.run(full, cwd=cwd, capture_output=True, text=True)
    seconds = time.monotonic() - start
    rss = None
    if time_bin:
        try:
            with open(rss_file.name) as f:
                rss = int(f.read().strip().splitlines()[-1]) / 1024
        except (ValueError, IndexError):
            rss = None
    os.unlink(rss_file.name)
    return proc.stdout, seconds, rss, proc


def find_spectral(args):
    if args.spectral:
        return args.spectral
    if args.install:
        if not shutil.which("npm"):
            return None
        os.makedirs(args.install, exist_ok=True)
        subprocess.run(
            ["npm", "install", "--no-audit", "--no-fund", "--silent", "--prefix", args.install,
             "@stoplight/spectral-cli", "@stoplight/spectral-owasp-ruleset"],
            check=True,
        )
        return os.path.join(args.install, "node_modules", ".bin", "spectral")
    return shutil.which("spectral")


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--apiassure", default=os.path.join(ROOT, "target", "release", "apiassure"))
    p.add_argument("--spectral")
    p.add_argument("--install")
    p.add_argument("--resources", type=int, default=400,
                   help="resources in the generated speed document (5 operations each; default 400)")
    args = p.parse_args()
    spectral = find_spectral(args)
    if not spectral or not os.path.exists(spectral):
        print("SKIPPED: Spectral is not installed and npm is not available (pass --install DIR with npm present)")
        return 0
    if not os.path.exists(args.apiassure):
        subprocess.run(["cargo", "build", "--quiet", "--release", "--bin", "apiassure"], cwd=ROOT, check=True)
        target = os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target"))
        args.apiassure = os.path.join(target, "release", "apiassure")

    clean = open(os.path.join(FIXTURES, "clean.yaml")).read()
    cases = json.load(open(os.path.join(FIXTURES, "planted.json")))["cases"]
    work = tempfile.mkdtemp(prefix="lint-compare-")
    # The ruleset resolves its `extends` package from the folder it is in:
    # put it next to the node_modules that holds Spectral.
    bin_dir = os.path.dirname(os.path.abspath(spectral))
    prefix = os.path.dirname(os.path.dirname(bin_dir)) if os.path.basename(bin_dir) == ".bin" else work
    ruleset = os.path.join(prefix, ".spectral-owasp.yaml")
    with open(ruleset, "w") as f:
        f.write('extends: ["@stoplight/spectral-owasp-ruleset"]\n')
    files = [os.path.join(work, "clean.yaml")]
    with open(files[0], "w") as f:
        f.write(clean)
    for i, case in enumerate(cases):
        path = os.path.join(work, f"case{i:02d}.yaml")
        with open(path, "w") as f:
            f.write(apply(clean, case))
        files.append(path)

    ours_out, ours_s, _, _ = timed([args.apiassure, "lint", "--json", "--fail-on", "never"] + files)
    ours = {os.path.basename(d["file"]): d["findings"] for d in json.loads(ours_out)["documents"]}
    spec_out, spec_s, _, proc = timed([spectral, "lint", "-r", ruleset, "-f", "json", "--quiet"] + files, cwd=work)
    try:
        spec_all = json.loads(spec_out or "[]")
    except json.JSONDecodeError:
        sys.exit(f"Spectral printed no JSON: {proc.stderr[:500]}")
    if not spec_all:
        sys.exit(f"Spectral found nothing at all, so its ruleset did not load: {proc.stderr[:500]}")
    spec = {}
    for r in spec_all:
        spec.setdefault(os.path.basename(r["source"]), set()).add((r["code"], json.dumps(r["path"])))
    baseline = spec.get("clean.yaml", set())

    rule_check = {f["rule"]: f["check"] for fs in ours.values() for f in fs}
    families = {}
    negatives = [0, 0, 0]
    for i, case in enumerate(cases):
        name = f"case{i:02d}.yaml"
        found = {f["rule"] for f in ours.get(name, [])}
        if not case["expect"]:
            # A look-alike that must not be reported (precision, not recall).
            negatives[0] += 1
            negatives[1] += not found
            negatives[2] += not (spec.get(name, set()) - baseline)
            continue
        family = rule_check.get(case["expect"][0], "?")
        ok_ours = set(case["expect"]) <= found
        ok_spec = bool(spec.get(name, set()) - baseline)
        fam = families.setdefault(family, [0, 0, 0, []])
        fam[0] += 1
        fam[1] += ok_ours
        fam[2] += ok_spec
        if not ok_spec:
            fam[3].append(case["name"])
    print(f"{'rule family':<22}{'cases':>6}{'apiassure':>11}{'Spectral OWASP':>16}  missed by Spectral")
    total = [0, 0, 0]
    for fam, (n, a, s, missed) in sorted(families.items()):
        total = [total[0] + n, total[1] + a, total[2] + s]
        print(f"{fam:<22}{n:>6}{a:>8}/{n:<2}{s:>13}/{n:<2}  {'; '.join(missed)}")
    print(f"{'all':<22}{total[0]:>6}{total[1]:>8}/{total[0]:<2}{total[2]:>13}/{total[0]:<2}"
          f"  recall {100 * total[1] / total[0]:.0f}% vs {100 * total[2] / total[0]:.0f}%")
    if negatives[0]:
        print(f"look-alikes left alone: apiassure {negatives[1]}/{negatives[0]}, Spectral {negatives[2]}/{negatives[0]}")
    print(f"findings on the hardened document: apiassure {len(ours.get('clean.yaml', []))}, Spectral {len(baseline)}")
    print(f"time for the {len(files)} documents: apiassure {ours_s:.2f} s, Spectral {spec_s:.2f} s")

    big = os.path.join(work, "big.json")
    subprocess.run([sys.executable, os.path.join(ROOT, "scripts", "gen-openapi.py"), big, str(args.resources)], check=True)
    size = os.path.getsize(big) / 1e6
    _, a_s, a_rss, _ = timed([args.apiassure, "lint", "--fail-on", "never", "--quiet", big])
    _, s_s, s_rss, _ = timed([spectral, "lint", "-r", ruleset, "-f", "json", "--quiet", big], cwd=work)
    fmt = lambda v: "n/a" if v is None else f"{v:.0f} MB"
    print(f"{size:.1f} MB document, {5 * args.resources:,} operations: apiassure {a_s:.2f} s, {fmt(a_rss)}; "
          f"Spectral {s_s:.2f} s, {fmt(s_rss)}")
    shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
