#!/usr/bin/env python3
"""Cross-check apiassure's TLS engine against sslyze and sslscan.

Starts loopback servers (openssl s_server in several configurations, and
nginx), scans each with `apiassure probe --only tls`, sslyze (--json_out) and sslscan
(--xml), and compares offered versions and accepted suites per version by
code point. Prints a diff and exits 1 on any unexplained mismatch.

A suite that only apiassure reports is not counted as a mismatch when the
other tool never tested it (sslyze lists what it tested: accepted plus
rejected) and `openssl s_client` confirms the server really accepts it; such
cases are printed as "not tested by <tool>, confirmed by s_client".

Usage: scripts/crosscheck.py [--keep] [--release]
"""

import json
import re
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ENV = dict(os.environ, OPENSSL_CONF="/dev/null")
VERSIONS = ["SSLv2", "SSLv3", "TLSv1.0", "TLSv1.1", "TLSv1.2", "TLSv1.3"]
SSLYZE_KEYS = dict(zip(VERSIONS, ["ssl_2_0", "ssl_3_0", "tls_1_0", "tls_1_1", "tls_1_2", "tls_1_3"]))
SSLSCAN_PROTO = {("ssl", "2"): "SSLv2", ("ssl", "3"): "SSLv3", ("tls", "1.0"): "TLSv1.0",
                 ("tls", "1.1"): "TLSv1.1", ("tls", "1.2"): "TLSv1.2", ("tls", "1.3"): "TLSv1.3"}
S_CLIENT_FLAG = {"TLSv1.0": "-tls1", "TLSv1.1": "-tls1_1", "TLSv1.2": "-tls1_2", "TLSv1.3": "-tls1_3"}
ALL13 = "TLS_AES_128_GCM_SHA256:TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256:TLS_AES_128_CCM_SHA256:TLS_AES_128_CCM_8_SHA256"
MOZILLA_INTERMEDIATE = ("ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:"
                        "ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305:"
                        "DHE-RSA-AES128-GCM-SHA256:DHE-RSA-AES256-GCM-SHA384:DHE-RSA-CHACHA20-POLY1305")


def run(cmd, **kw):
    return subprocess.run(cmd, env=ENV, check=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE, **kw)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_port(port, timeout=10):
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.05)
    raise SystemExit(f"server on port {port} did not start")


def make_certs(d):
    run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", f"{d}/rsa.key", "-out", f"{d}/rsa.pem",
         "-days", "30", "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"])
    run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
         "-keyout", f"{d}/ec.key", "-out", f"{d}/ec.pem", "-days", "30", "-subj", "/CN=localhost",
         "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"])


def start_s_server(d, cert, args):
    port = free_port()
    proc = subprocess.Popen(["openssl", "s_server", "-quiet", "-www", "-accept", f"127.0.0.1:{port}",
                             "-cert", f"{d}/{cert}.pem", "-key", f"{d}/{cert}.key"] + args,
                            env=ENV, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_port(port)
    return port, proc


def start_nginx(d, protocols, ciphers):
    port = free_port()
    prefix = f"{d}/nginx-{port}"
    os.makedirs(f"{prefix}/logs", exist_ok=True)
    conf = f"""
worker_processes 1;
pid {prefix}/nginx.pid;
error_log {prefix}/logs/error.log;
events {{ worker_connections 256; }}
http {{
  access_log off;
  server {{
    listen 127.0.0.1:{port} ssl;
    ssl_certificate {d}/rsa.pem;
    ssl_certificate_key {d}/rsa.key;
    ssl_protocols {protocols};
    ssl_ciphers '{ciphers}';
    ssl_prefer_server_ciphers on;
    location / {{ return 200 "ok"; }}
  }}
}}
"""
    with open(f"{prefix}/nginx.conf", "w") as f:
        f.write(conf)
    proc = subprocess.Popen(["nginx", "-c", f"{prefix}/nginx.conf", "-p", prefix, "-g", "daemon off;"],
                            env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_port(port)
    return port, proc


def code_of(name_to_code, name):
    return name_to_code.get(name)


def ours(binary, port):
    ws = tempfile.mkdtemp(prefix="apiassure-xcheck-ws-")
    subprocess.run([binary, "init", ws], check=True, stdout=subprocess.DEVNULL)
    out = subprocess.run([binary, "--workspace", ws, "probe", "--only", "tls", "--quiet", "--json",
                          f"https://127.0.0.1:{port}/"], check=True, stdout=subprocess.PIPE).stdout
    shutil.rmtree(ws, ignore_errors=True)
    report = json.loads(out)["targets"][0]["tls"]
    result, names = {}, {}
    for p in report["protocols"]:
        codes = set()
        for s in p.get("suites", []):
            code = int(s["id"], 16)
            codes.add(code)
            names[code] = s["name"]
        if p["version"] == "SSLv2":
            codes = set(p["cipher_suites"])
        result[p["version"]] = (p["offered"], codes, p.get("error"))
    return result, names, report


def sslyze(d, port, name_to_code):
    out = f"{d}/sslyze-{port}.json"
    subprocess.run([sys.executable, "-m", "sslyze", f"--json_out={out}", "--sslv2", "--sslv3", "--tlsv1", "--tlsv1_1",
                    "--tlsv1_2", "--tlsv1_3", "--mozilla_config=disable", f"127.0.0.1:{port}"], check=True, stdout=subprocess.DEVNULL)
    scan = json.load(open(out))["server_scan_results"][0]["scan_result"]
    result = {}
    for v in VERSIONS:
        res = scan[SSLYZE_KEYS[v] + "_cipher_suites"]
        if res["status"] != "COMPLETED":
            result[v] = None
            continue
        r = res["result"]
        acc = {c["cipher_suite"]["name"] for c in r["accepted_cipher_suites"]}
        rej = {c["cipher_suite"]["name"] for c in r["rejected_cipher_suites"]}
        unknown = [n for n in acc | rej if n not in name_to_code]
        if unknown and v not in ("SSLv2",):
            print(f"  sslyze names not in apiassure's table: {sorted(unknown)}")
        conv = (lambda names: {name_to_code.get(n, n) for n in names}) if v != "SSLv2" else (lambda names: set(names))
        result[v] = (len(acc) > 0, conv(acc), conv(acc | rej))
    return result


def sslscan(d, port):
    out = f"{d}/sslscan-{port}.xml"
    subprocess.run(["sslscan", "--no-colour", "--no-heartbleed", f"--xml={out}", f"127.0.0.1:{port}"],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    root = ET.parse(out).getroot()
    result = {v: [False, set()] for v in VERSIONS}
    for p in root.iter("protocol"):
        v = SSLSCAN_PROTO.get((p.get("type"), p.get("version")))
        if v:
            result[v][0] = p.get("enabled") == "1"
    for c in root.iter("cipher"):
        v = c.get("sslversion")
        if v == "SSLv3" or v in result:
            result[v][1].add(int(c.get("id"), 16))
    return {v: (o, s) for v, (o, s) in result.items()}


def s_client_accepts(port, version, openssl_name):
    flag = S_CLIENT_FLAG.get(version)
    if not flag:
        return False
    opt = ["-ciphersuites", openssl_name] if version == "TLSv1.3" else ["-cipher", f"{openssl_name}:@SECLEVEL=0"]
    r = subprocess.run(["openssl", "s_client", "-connect", f"127.0.0.1:{port}", flag] + opt, env=ENV,
                       input=b"", stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=10)
    return b"Cipher is " + openssl_name.encode() in r.stdout


def openssl_names():
    out = run(["openssl", "ciphers", "-V", "ALL:COMPLEMENTOFALL:@SECLEVEL=0"]).stdout.decode()
    m = {}
    for line in out.splitlines():
        f = line.split()
        m[int(f[0].replace("0x", "").replace(",", ""), 16)] = f[2]
    return m


def compare(label, port, binary, d, name_to_code, ossl):
    print(f"== {label} (127.0.0.1:{port})")
    mine, names, report = ours(binary, port)
    print(f"  apiassure: {report['handshakes']} handshakes, {report['duration_ms']} ms")
    problems = 0
    for tool, theirs in (("sslyze", sslyze(d, port, name_to_code)), ("sslscan", sslscan(d, port))):
        for v in VERSIONS:
            offered, codes, err = mine[v]
            t = theirs.get(v)
            if t is None:
                print(f"  {tool} {v}: not determined by {tool}")
                continue
            t_offered, t_codes = t[0], t[1]
            tested = t[2] if len(t) > 2 else None
            if err:
                print(f"  MISMATCH {v}: apiassure error {err}")
                problems += 1
            if offered != t_offered:
                print(f"  MISMATCH {tool} {v}: offered apiassure={offered} {tool}={t_offered}")
                problems += 1
            only_ours = codes - t_codes
            only_theirs = t_codes - codes
            for c in sorted(only_theirs, key=str):
                print(f"  MISMATCH {tool} {v}: only {tool} accepts {names.get(c, c) if isinstance(c, int) else c}")
                problems += 1
            for c in sorted(only_ours, key=str):
                name = names.get(c, c)
                untested = tested is not None and c not in tested
                if tool == "sslscan" and isinstance(c, int):
                    untested = True  # sslscan lists accepted suites only
                ossl_name = ossl.get(c) if isinstance(c, int) else None
                if untested and ossl_name and s_client_accepts(port, v, ossl_name):
                    print(f"  note {tool} {v}: {name} not found by {tool}, confirmed by openssl s_client")
                else:
                    print(f"  MISMATCH {tool} {v}: only apiassure accepts {name}")
                    problems += 1
        same = sum(1 for v in VERSIONS if mine[v][0]) and problems == 0
        if same:
            print(f"  {tool}: identical versions and suites")
    return problems


def main():
    keep = "--keep" in sys.argv
    profile = "release" if "--release" in sys.argv else "debug"
    build = ["cargo", "build", "--quiet", "--bin", "apiassure"] + (["--release"] if profile == "release" else [])
    subprocess.run(build, cwd=ROOT, check=True)
    binary = f"{ROOT}/target/{profile}/apiassure"
    for tool in ("openssl", "sslscan", "nginx"):
        if not shutil.which(tool):
            raise SystemExit(f"{tool} not found on PATH")
    d = tempfile.mkdtemp(prefix="apiassure-xcheck-")
    make_certs(d)
    # Map IANA names to codes with our own table (sslyze names suites by IANA name).
    table = open(f"{ROOT}/src/probe/tls/suites.rs").read()
    name_to_code = {n: int(c, 16) for c, n in re.findall(r's\((0x[0-9A-Fa-f]+), "(\w+)"\)', table)}
    ossl = openssl_names()
    procs, total = [], 0
    try:
        servers = [
            ("s_server RSA ALL:@SECLEVEL=0 (TLS 1.0-1.3)", lambda: start_s_server(d, "rsa", ["-cipher", "ALL:@SECLEVEL=0"])),
            ("s_server ECDSA ALL:@SECLEVEL=0 (TLS 1.0-1.3)", lambda: start_s_server(d, "ec", ["-cipher", "ALL:@SECLEVEL=0"])),
            ("s_server RSA CBC + static RSA, server order, no TLS 1.3",
             lambda: start_s_server(d, "rsa", ["-cipher", "AES256-SHA:ECDHE-RSA-AES128-GCM-SHA256:AES128-SHA:DHE-RSA-AES256-SHA256:CAMELLIA128-SHA:@SECLEVEL=0",
                                               "-no_tls1_3", "-serverpref"])),
            ("s_server TLS 1.3 only, all five suites", lambda: start_s_server(d, "rsa", ["-tls1_3", "-ciphersuites", ALL13])),
            ("nginx Mozilla intermediate (TLS 1.2+1.3)", lambda: start_nginx(d, "TLSv1.2 TLSv1.3", MOZILLA_INTERMEDIATE)),
            ("nginx TLS 1.0-1.3 ALL:@SECLEVEL=0", lambda: start_nginx(d, "TLSv1 TLSv1.1 TLSv1.2 TLSv1.3", "ALL:@SECLEVEL=0")),
        ]
        for label, start in servers:
            port, proc = start()
            procs.append(proc)
            total += compare(label, port, binary, d, name_to_code, ossl)
            proc.terminate()
            proc.wait()
    finally:
        for p in procs:
            if p.poll() is None:
                p.terminate()
                p.wait()
        if not keep:
            shutil.rmtree(d, ignore_errors=True)
        else:
            print(f"kept {d}")
    print("SSLv2/SSLv3: the local OpenSSL 3 servers cannot offer them, so only 'not offered' is cross-checked.")
    if total:
        print(f"FAILED: {total} mismatches")
        sys.exit(1)
    print("OK: apiassure agrees with sslyze and sslscan on every server")


if __name__ == "__main__":
    main()
