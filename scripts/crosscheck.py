#!/usr/bin/env python3
"""Cross-check apiassure's TLS engine against sslyze, sslscan and testssl.sh.

Part 1, suites: 
Starts loopback servers (openssl s_server in several configurations, and
nginx), scans each with `apiassure probe --only tls`, sslyze (--json_out) and sslscan
(--xml), and compares offered versions and accepted suites per version by
code point. Prints a diff and exits 1 on any unexplained mismatch.

A suite that only apiassure reports is not counted as a mismatch when the
other tool never tested it (sslyze lists what it tested: accepted plus
rejected) and `openssl s_client` confirms the server really accepts it; such
cases are printed as "not tested by <tool>, confirmed by s_client".

Part 2, server shapes (`facts`): loopback servers built like real
deployments that a one-certificate, one-name view gets wrong (two
certificates, mutual TLS required, optional, or enforced in HTTP, a server
that serves named hosts only, TLS 1.3 with finite-field groups only, groups
behind an ECDSA certificate, ChaCha20 priority, RSA-PSS and EdDSA keys, a
missing intermediate). For each, the true answer is known from the
configuration; the script prints what apiassure, sslyze and testssl.sh
(where the tool reports that fact) say, and exits 1 when apiassure is wrong.
Where a reference tool is wrong it is printed as "REFERENCE WRONG".

Usage: scripts/crosscheck.py [--keep] [--release] [--suites-only | --facts-only] [--no-testssl]
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
    return nginx_with(d, f"""server {{
    listen 127.0.0.1:PORT ssl;
    ssl_certificate {d}/rsa.pem;
    ssl_certificate_key {d}/rsa.key;
    ssl_protocols {protocols};
    ssl_ciphers '{ciphers}';
    ssl_prefer_server_ciphers on;
    location / {{ return 200 "ok"; }}
  }}""")


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


# ---------------------------------------------------------------- part 2

def ca_sign(d, tag, newkey, days=None, dates=None, issuer="ca", cn="localhost",
            san="DNS:localhost,IP:127.0.0.1", eku="serverAuth", ca=False):
    """A certificate from the script's CA (`openssl ca` can backdate)."""
    run(["openssl", "req", "-new"] + newkey + ["-nodes", "-keyout", f"{d}/{tag}.key", "-out", f"{d}/{tag}.csr",
         "-subj", f"/CN={cn}"])
    ext = (f"basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\n" if ca else
           f"subjectAltName={san}\nbasicConstraints=CA:FALSE\nextendedKeyUsage={eku}\n")
    with open(f"{d}/{tag}.ext", "w") as f:
        f.write(ext)
    cmd = ["openssl", "ca", "-batch", "-notext", "-config", f"{d}/ca.cnf", "-cert", f"{d}/{issuer}.pem",
           "-keyfile", f"{d}/{issuer}.key", "-in", f"{d}/{tag}.csr", "-out", f"{d}/{tag}.pem", "-extfile", f"{d}/{tag}.ext"]
    cmd += ["-startdate", dates[0], "-enddate", dates[1]] if dates else ["-days", str(days or 90)]
    run(cmd)


def make_pki(d):
    run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", f"{d}/ca.key", "-out", f"{d}/ca.pem",
         "-days", "3650", "-subj", "/CN=crosscheck CA", "-addext", "basicConstraints=critical,CA:TRUE",
         "-addext", "keyUsage=critical,keyCertSign,cRLSign"])
    os.makedirs(f"{d}/newcerts", exist_ok=True)
    open(f"{d}/index.txt", "w").close()
    with open(f"{d}/serial", "w") as f:
        f.write("1000\n")
    with open(f"{d}/ca.cnf", "w") as f:
        f.write(f"[ca]\ndefault_ca = c\n[c]\ndir = {d}\ndatabase = {d}/index.txt\nnew_certs_dir = {d}/newcerts\n"
                f"serial = {d}/serial\npolicy = p\nunique_subject = no\ndefault_md = sha256\n[p]\ncommonName = supplied\n")
    rsa = ["-newkey", "rsa:2048"]
    ca_sign(d, "f-rsa", rsa)
    ca_sign(d, "f-rsa-expired", rsa, dates=("20200101000000Z", "20200601000000Z"))
    ca_sign(d, "f-ec", ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256"])
    ca_sign(d, "f-pss", ["-newkey", "rsa-pss", "-pkeyopt", "rsa_keygen_bits:2048"])
    ca_sign(d, "f-ed25519", ["-newkey", "ed25519"])
    ca_sign(d, "int", rsa, ca=True, cn="crosscheck intermediate")
    ca_sign(d, "f-leaf-int", rsa, issuer="int")
    ca_sign(d, "f-named", rsa, cn="api.example.test", san="DNS:api.example.test")


def nginx_with(d, servers):
    port = free_port()
    prefix = f"{d}/nginx-{port}"
    os.makedirs(f"{prefix}/logs", exist_ok=True)
    conf = (f"worker_processes 1;\npid {prefix}/nginx.pid;\nerror_log {prefix}/logs/error.log;\n"
            f"events {{ worker_connections 64; }}\nhttp {{ access_log off;\n{servers.replace('PORT', str(port))}\n}}\n")
    with open(f"{prefix}/nginx.conf", "w") as f:
        f.write(conf)
    proc = subprocess.Popen(["nginx", "-c", f"{prefix}/nginx.conf", "-p", prefix, "-g", "daemon off;"],
                            env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_port(port)
    return port, proc


def norm_group(g):
    return {"prime256v1": "secp256r1", "P-256": "secp256r1", "P-384": "secp384r1", "P-521": "secp521r1",
            "X25519": "x25519", "X448": "x448"}.get(g, g)


def facts_ours(binary, d, host, port, full=False):
    ws = tempfile.mkdtemp(prefix="apiassure-facts-ws-")
    subprocess.run([binary, "init", ws], check=True, stdout=subprocess.DEVNULL)
    url = f"https://{host}:{port}/"
    args = [binary, "--workspace", ws, "probe", "--quiet", "--json", "--ca-file", f"{d}/ca.pem"]
    if not full:
        args += ["--only", "tls"]
    if host != "127.0.0.1":
        args += ["--resolve", f"{host}:{port}:127.0.0.1"]
    out = subprocess.run(args + [url], check=True, stdout=subprocess.PIPE).stdout
    shutil.rmtree(ws, ignore_errors=True)
    t = json.loads(out)["targets"][0]
    r = t["tls"]
    certs = r.get("certificates") or ([r["certificate"]] if r.get("certificate") else [])
    checks = {c["id"]: c for c in t["checks"]}
    auth = r.get("client_auth")
    mtls = checks.get("auth.mtls", {}).get("result")
    f = {
        "certificates": len(certs),
        "an expired certificate": any(c["expired"] for c in certs),
        "leaf key": sorted(f"{c['chain'][0]['key_type']} {c['chain'][0]['key_bits']}" for c in certs),
        "certificate checked": bool(certs),
        "chain complete": certs[0].get("chain_complete") if certs else None,
        "client certificate": None if not auth else ("required" if auth.get("required") else "optional"),
        "mTLS enforced (TLS or HTTP)": mtls == "pass",
        "inconclusive: needs another name": bool(r.get("sni_required")),
        "TLS 1.2 groups": sorted(r["kex"]["groups"]),
        "TLS 1.3 groups": sorted(r["kex"]["groups_tls13"]),
        "TLS 1.2 server order": next((p.get("server_preference") for p in r["protocols"] if p["version"] == "TLSv1.2"), None),
        "grade": checks.get("tls.grade", {}).get("summary", "")[:2].rstrip(":"),
    }
    return f, f"{r['handshakes']} handshakes, {r['duration_ms']} ms"


def facts_sslyze(d, host, port):
    out = f"{d}/facts-sslyze-{port}.json"
    target = f"{host}:{port}{'{127.0.0.1}' if host != '127.0.0.1' else ''}"
    t0 = time.time()
    subprocess.run([sys.executable, "-m", "sslyze", f"--json_out={out}", "--certinfo", f"--certinfo_ca_file={d}/ca.pem",
                    "--elliptic_curves", target], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=300)
    took = time.time() - t0
    try:
        res = json.load(open(out))["server_scan_results"][0]
    except (OSError, ValueError, IndexError, KeyError):
        return {}, "no output"
    if res.get("connectivity_status") != "COMPLETED":
        return {"certificate checked": False,
                "_error": (res.get("connectivity_error_trace") or "").strip().splitlines()[-1][-160:]}, f"{took:.1f} s"
    f = {"inconclusive: needs another name": False}
    req = res["connectivity_result"]["client_auth_requirement"]
    f["client certificate"] = {"DISABLED": None, "OPTIONAL": "optional", "REQUIRED": "required"}.get(req, req)
    f["mTLS enforced (TLS or HTTP)"] = req == "REQUIRED"
    ci = res["scan_result"]["certificate_info"]
    if ci["status"] == "COMPLETED":
        deps = ci["result"]["certificate_deployments"]
        f["certificates"] = len(deps)
        f["certificate checked"] = bool(deps)
        now = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime())
        f["an expired certificate"] = any(dep["received_certificate_chain"][0]["not_valid_after"] < now for dep in deps)
        keys = []
        for dep in deps:
            pk = dep["received_certificate_chain"][0]["public_key"]
            alg = {"RSAPublicKey": "RSA", "EllipticCurvePublicKey": "EC", "ECPublicKey": "EC",
                   "Ed25519PublicKey": "Ed25519", "Ed448PublicKey": "Ed448"}.get(pk["algorithm"], pk["algorithm"])
            size = pk.get("key_size") or {"Ed25519": 256, "Ed448": 448}.get(alg)
            keys.append(f"{alg} {size}")
        f["leaf key"] = sorted(keys)
        custom = [v for v in deps[0]["path_validation_results"] if "certinfo_ca_file" in v["trust_store"]["name"].lower()
                  or "custom" in v["trust_store"]["name"].lower()]
        if custom:
            f["chain complete"] = custom[0].get("verified_certificate_chain") is not None
    else:
        f["certificate checked"] = False
    ec = res["scan_result"]["elliptic_curves"]
    if ec["status"] == "COMPLETED" and ec["result"]["supports_ecdh_key_exchange"]:
        f["TLS 1.2 groups"] = sorted(norm_group(c["name"]) for c in ec["result"]["supported_curves"])
    return f, f"{took:.1f} s"


def facts_testssl(d, host, port):
    out = f"{d}/facts-testssl-{port}.json"
    if os.path.exists(out):
        os.remove(out)
    t0 = time.time()
    cmd = ["testssl", "--quiet", "--warnings", "off", "--color", "0", "-S", "-P", "-f", "--connect-timeout", "5",
           "--openssl-timeout", "5", "--add-ca", f"{d}/ca.pem", "--jsonfile", out]
    if host != "127.0.0.1":
        cmd += ["--ip", "127.0.0.1"]
    subprocess.run(cmd + [f"{host}:{port}"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=600)
    took = time.time() - t0
    try:
        items = json.load(open(out))
    except (OSError, ValueError):
        return {}, "no output"
    by = {}
    for e in items:
        by.setdefault(e["id"].split(" ")[0], []).append(e["finding"])
    f = {}
    if "cert_numbers" in by:
        f["certificates"] = int(by["cert_numbers"][0])
        f["certificate checked"] = True
        f["an expired certificate"] = any("expired" in x.lower() for x in by.get("cert_expirationStatus", []))
        f["chain complete"] = not any("incomplete" in x for x in by.get("cert_chain_of_trust", []))
        keys = []
        for x in by.get("cert_keySize", []):
            m = re.match(r"(\S+) (\d+) bits", x)
            if m:
                keys.append(f"{ {'EC': 'EC', 'RSA': 'RSA', 'RSASSA-PSS': 'RSA-PSS', 'EdDSA': 'Ed25519'}.get(m[1], m[1]) } {m[2]}")
        if keys:
            f["leaf key"] = sorted(keys)
        f["_keys_raw"] = by.get("cert_keySize", [])
    else:
        f["certificate checked"] = False
    if "scanProblem" in by or "scanTime" not in by:
        f["_error"] = "; ".join(by.get("scanProblem", []))[:160]
    service = " ".join(by.get("service", []))
    f["client certificate"] = "requested" if "certificate-based authentication" in service else None
    if "PFS_ECDHE_curves" in by:
        f["TLS 1.2 groups"] = sorted(norm_group(g) for g in by["PFS_ECDHE_curves"][0].split())
    if "DH_groups" in by:
        f["TLS 1.3 groups"] = sorted(g for g in by["DH_groups"][0].split() if g.startswith("ffdhe"))
    order = " ".join(by.get("cipher_order", []) + by.get("cipher_order-tls1_2", []) + by.get("cipher_order_TLSv1.2", []))
    if order:
        f["TLS 1.2 server order"] = "server" in order.lower() and "not a cipher order" not in order.lower()
    return f, f"{took:.1f} s"


def facts_main(binary, d, use_testssl):
    make_pki(d)
    rsa = lambda a: (lambda: start_s_server(d, "f-rsa", a))
    chacha = "ECDHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-RSA-CHACHA20-POLY1305"
    ca = f"{d}/ca.pem"
    # (label, start, host, facts that are true, probe HTTP too)
    scenarios = [
        ("RSA (expired) + ECDSA certificates", lambda: start_s_server(d, "f-rsa-expired", ["-dcert", f"{d}/f-ec.pem", "-dkey", f"{d}/f-ec.key"]),
         "localhost", {"certificates": 2, "an expired certificate": True, "leaf key": ["EC 256", "RSA 2048"]}, False),
        ("mutual TLS required (TLS 1.2 + 1.3)", rsa(["-Verify", "1", "-CAfile", ca, "-verify_return_error"]),
         "localhost", {"client certificate": "required", "mTLS enforced (TLS or HTTP)": True}, False),
        ("mutual TLS optional", rsa(["-verify", "1", "-CAfile", ca]),
         "localhost", {"client certificate": "optional", "mTLS enforced (TLS or HTTP)": False}, False),
        ("nginx ssl_verify_client on (refused in HTTP)", lambda: nginx_with(d,
            f"server {{ listen 127.0.0.1:PORT ssl; ssl_certificate {d}/f-rsa.pem; ssl_certificate_key {d}/f-rsa.key;"
            f" ssl_client_certificate {ca}; ssl_verify_client on; location / {{ return 200 'ok'; }} }}"),
         "localhost", {"client certificate": "optional", "mTLS enforced (TLS or HTTP)": True}, True),
        ("nginx named hosts only, scanned by address", lambda: nginx_with(d,
            "server { listen 127.0.0.1:PORT ssl default_server; ssl_reject_handshake on; }\n"
            f"server {{ listen 127.0.0.1:PORT ssl; server_name api.example.test; ssl_certificate {d}/f-named.pem;"
            f" ssl_certificate_key {d}/f-named.key; location / {{ return 200 'ok'; }} }}"),
         "127.0.0.1", {"inconclusive: needs another name": True}, False),
        ("TLS 1.3 only, ffdhe groups only", rsa(["-tls1_3", "-groups", "ffdhe2048:ffdhe3072"]),
         "localhost", {"certificate checked": True, "TLS 1.3 groups": ["ffdhe2048", "ffdhe3072"]}, False),
        ("TLS 1.2 ECDSA P-256 certificate, four groups", lambda: start_s_server(d, "f-ec", ["-tls1_2", "-groups", "X25519:P-256:P-384:P-521"]),
         "localhost", {"TLS 1.2 groups": ["secp256r1", "secp384r1", "secp521r1", "x25519"]}, False),
        ("TLS 1.2 server order with ChaCha20 priority", rsa(["-tls1_2", "-cipher", chacha, "-serverpref", "-prioritize_chacha"]),
         "localhost", {"TLS 1.2 server order": True}, False),
        ("RSA-PSS certificate key", lambda: start_s_server(d, "f-pss", []), "localhost", {"leaf key": ["RSA-PSS 2048"]}, False),
        ("Ed25519 certificate key", lambda: start_s_server(d, "f-ed25519", []), "localhost", {"leaf key": ["Ed25519 256"]}, False),
        ("intermediate not sent", lambda: start_s_server(d, "f-leaf-int", []), "localhost", {"chain complete": False}, False),
        ("intermediate sent", lambda: start_s_server(d, "f-leaf-int", ["-cert_chain", f"{d}/int.pem"]), "localhost",
         {"chain complete": True}, False),
    ]
    wrong_ours, wrong_ref = 0, []
    for label, start, host, truth, full in scenarios:
        port, proc = start()
        try:
            print(f"== {label} ({host}:{port})")
            tools = [("apiassure",) + facts_ours(binary, d, host, port, full), ("sslyze",) + facts_sslyze(d, host, port)]
            if use_testssl:
                tools.append(("testssl.sh",) + facts_testssl(d, host, port))
            for name, _, took in tools:
                print(f"  {name}: {took}")
            for fact, want in truth.items():
                print(f"  {fact}: true answer {want}")
                for name, f, _ in tools:
                    got = f.get(fact, "not reported")
                    if got == "not reported" and "_error" in f and name != "apiassure":
                        got = f"not reported ({f['_error']})"
                    if name == "testssl.sh" and fact == "client certificate":
                        # Not a check of its own: a note when its HTTP service probe happens to fail.
                        verdict = "(no client-certificate verdict)"
                    elif name != "apiassure" and fact.startswith("mTLS enforced") and got is not None \
                            and not str(got).startswith("not reported") and got != want:
                        verdict = "REFERENCE MISSES IT (looks at the handshake only)"
                        wrong_ref.append(f"{label}: {name} says {fact} = {got} (handshake only)")
                    elif str(got).startswith("not reported"):
                        verdict = ""
                    elif got == want:
                        verdict = "ok"
                    elif name == "apiassure":
                        verdict = "WRONG"
                        wrong_ours += 1
                    else:
                        verdict = "REFERENCE WRONG"
                        wrong_ref.append(f"{label}: {name} says {fact} = {got}")
                    print(f"    {name:10} {got!s:55} {verdict}")
        finally:
            proc.terminate()
            proc.wait()
    print()
    for w in wrong_ref:
        print(f"REFERENCE WRONG: {w}")
    return wrong_ours


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
    if "--facts-only" in sys.argv:
        wrong = facts_main(binary, d, "--no-testssl" not in sys.argv)
        if not keep:
            shutil.rmtree(d, ignore_errors=True)
        if wrong:
            print(f"FAILED: apiassure wrong on {wrong} facts")
            sys.exit(1)
        print("OK: apiassure right on every server shape")
        return
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
    if "--suites-only" not in sys.argv:
        fd = tempfile.mkdtemp(prefix="apiassure-facts-")
        wrong = facts_main(binary, fd, "--no-testssl" not in sys.argv)
        if not keep:
            shutil.rmtree(fd, ignore_errors=True)
        if wrong:
            print(f"FAILED: apiassure wrong on {wrong} server-shape facts")
            total += wrong
        print(f"FAILED: {total} mismatches")
        sys.exit(1)
    print("OK: apiassure agrees with sslyze and sslscan on every server")


if __name__ == "__main__":
    main()
