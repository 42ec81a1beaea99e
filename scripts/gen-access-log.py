#!/usr/bin/env python3
"""A realistic access log for benchmarks: N lines of nginx combined format
from many clients, over 200 endpoint templates of a versioned API (ids,
UUIDs, query strings), with refusals, throttling, errors and scanner
noise, plus the OpenAPI document that describes most of it.

Usage: scripts/gen-access-log.py LINES OUT.log OUT-openapi.yaml"""
import random
import sys
import uuid

lines, out, spec_out = int(sys.argv[1]), sys.argv[2], sys.argv[3]
rnd = random.Random(7)
resources = [f"res{i:02d}" for i in range(50)]
templates = []  # (method, path pattern, documented, deprecated)
for r in resources:
    templates += [("GET", f"/v2/{r}", True, False), ("POST", f"/v2/{r}", True, False),
                  ("GET", f"/v2/{r}/{{id}}", True, False), ("DELETE", f"/v2/{r}/{{id}}", True, r.endswith("7"))]
templates += [("GET", "/v1/res01/{id}", False, False), ("GET", "/internal/metrics-export", False, False)]
weights = [rnd.random() ** 3 for _ in templates]
agents = ["Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36",
          "okhttp/4.12.0", "python-requests/2.31.0", "curl/8.5.0", "Go-http-client/2.0"]
months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
with open(out, "w") as f:
    t = 0
    for i in range(lines):
        t += rnd.randint(0, 3)
        day, sec = 1 + (t // 86400) % 28, t % 86400
        stamp = f"{day:02d}/Nov/2026:{sec // 3600:02d}:{sec // 60 % 60:02d}:{sec % 60:02d} +0000"
        ip = f"{rnd.randint(1, 223)}.{rnd.randint(0, 255)}.{rnd.randint(0, 255)}.{rnd.randint(1, 254)}"
        if rnd.random() < 0.02:
            method, path, status = "GET", rnd.choice(["/wp-login.php", "/.env", "/admin/config.php", "/phpmyadmin/"]), 404
        else:
            method, pat, _, _ = rnd.choices(templates, weights)[0]
            ident = str(rnd.randint(1, 10**7)) if rnd.random() < 0.7 else str(uuid.UUID(int=rnd.getrandbits(128)))
            path = pat.replace("{id}", ident)
            if rnd.random() < 0.3:
                path += f"?page={rnd.randint(1, 50)}&q=term{rnd.randint(1, 999)}"
            r = rnd.random()
            status = 200 if r < 0.88 else 401 if r < 0.93 else 403 if r < 0.95 else 429 if r < 0.97 else 500 if r < 0.98 else 404
            if method == "POST" and status == 200:
                status = 201
        f.write(f'{ip} - - [{stamp}] "{method} {path} HTTP/1.1" {status} {rnd.randint(50, 9000)} '
                f'"https://app.example.com/page/{rnd.randint(1, 500)}" "{rnd.choice(agents)}"\n')
with open(spec_out, "w") as f:
    f.write('openapi: 3.0.3\ninfo: {title: Bench, version: "2.0"}\nservers: [{url: "https://api.example.com/v2"}]\npaths:\n')
    for r in resources:
        dep = "true" if r.endswith("7") else "false"
        f.write(f"  /{r}:\n    get: {{responses: {{'200': {{description: ok}}}}}}\n    post: {{responses: {{'201': {{description: ok}}}}}}\n")
        f.write(f"  /{r}/{{id}}:\n    get: {{responses: {{'200': {{description: ok}}}}}}\n    delete: {{deprecated: {dep}, responses: {{'204': {{description: ok}}}}}}\n")
