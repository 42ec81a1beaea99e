//! `apiassure traffic` on generated access logs in every format it reads
//! (nginx combined, Apache common, IIS W3C extended, AWS ALB, JSON lines of
//! nginx, Envoy, Kong, Caddy and Traefik, HAR, gzip), each holding the same known traffic: documented
//! calls, a deprecated operation still used, an old version still
//! answering, a shadow endpoint, refusals and throttling, scanner noise.
//! Then: stored as a target's evidence, no client address, user agent,
//! user or query value reaches the workspace; bad input gets clear errors.

use std::io::Write;
use std::path::Path;

use serde_json::{json, Value};

use crate::common::{read_run, run_files, stderr, stdout, TestContext};

const SPEC: &str = r#"openapi: 3.0.3
info: {title: Orders, version: "2.4.0"}
servers:
  - url: https://api.shop.example/v2
paths:
  /orders:
    get: {responses: {"200": {description: ok}}}
    post: {responses: {"201": {description: created}}}
  /orders/{orderId}:
    get: {responses: {"200": {description: ok}}}
    delete:
      deprecated: true
      x-sunset: "2099-01-01"
      responses: {"204": {description: gone}}
  /customers:
    get: {responses: {"200": {description: ok}}}
  /users/{user}/profile:
    get: {responses: {"200": {description: ok}}}
"#;

const CLIENT_IP: &str = "198.51.100.23";
const AGENT: &str = "PrivacyTestAgent/4.2";
const USER: &str = "mallory.user";
const QUERY_VALUE: &str = "querysecretvalue77";
const COOKIE: &str = "sessioncookie9931";

/// (method, path with query, status), in time order, one second apart.
fn traffic() -> Vec<(&'static str, String, u16)> {
    let mut out = Vec::new();
    for i in 0..30 {
        out.push((
            "GET",
            format!("/v2/orders/{}?expand={QUERY_VALUE}", 1000 + i),
            200,
        ));
    }
    for i in 0..4 {
        out.push(("DELETE", format!("/v2/orders/{}", 2000 + i), 204));
    }
    for i in 0..6 {
        out.push(("GET", format!("/v1/orders/{}", 3000 + i), 200));
    }
    for _ in 0..5 {
        out.push(("GET", "/v2/internal/export".to_string(), 200));
    }
    for _ in 0..3 {
        out.push(("POST", "/v2/orders".to_string(), 401));
    }
    for _ in 0..2 {
        out.push(("GET", "/v2/orders".to_string(), 429));
    }
    out.push((
        "GET",
        "/v2/users/jane.doe@example.com/profile".to_string(),
        200,
    ));
    for p in ["/wp-login.php", "/.env", "/admin.php"] {
        out.push(("GET", p.to_string(), 404));
    }
    out
}

fn time(i: usize) -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::parse_from_rfc3339("2026-11-02T08:00:00Z")
        .unwrap()
        .with_timezone(&chrono::Utc)
        + chrono::Duration::seconds(i as i64)
}

fn combined() -> String {
    traffic()
        .iter()
        .enumerate()
        .map(|(i, (m, p, s))| {
            format!(
                "{CLIENT_IP} - {USER} [{}] \"{m} {p} HTTP/1.1\" {s} 512 \"https://shop.example/?ref={QUERY_VALUE}\" \"{AGENT}\"\n",
                time(i).format("%d/%b/%Y:%H:%M:%S +0000")
            )
        })
        .collect()
}

fn common() -> String {
    traffic()
        .iter()
        .enumerate()
        .map(|(i, (m, p, s))| {
            format!(
                "{CLIENT_IP} - {USER} [{}] \"{m} {p} HTTP/1.0\" {s} 512\n",
                time(i).format("%d/%b/%Y:%H:%M:%S -0500")
            )
        })
        .collect()
}

/// IIS: W3C extended with a `#Fields:` directive; the query in its own column.
fn w3c() -> String {
    let mut out = String::from(
        "#Software: Microsoft Internet Information Services 10.0\n#Version: 1.0\n#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) sc-status sc-substatus sc-win32-status time-taken\n",
    );
    for (i, (m, p, st)) in traffic().iter().enumerate() {
        let (stem, query) = p.split_once('?').unwrap_or((p, "-"));
        out.push_str(&format!(
            "{} 10.0.0.4 {m} {stem} {query} 443 {USER} {CLIENT_IP} {} {st} 0 0 12\n",
            time(i).format("%Y-%m-%d %H:%M:%S"),
            AGENT.replace(' ', "+")
        ));
    }
    out
}

/// AWS Application Load Balancer.
fn alb() -> String {
    traffic()
        .iter()
        .enumerate()
        .map(|(i, (m, p, st))| {
            format!(
                "https {} app/shop/50dc6c495c0c9188 {CLIENT_IP}:2817 10.0.0.1:80 0.001 0.004 0.000 {st} {st} 0 57 \"{m} https://api.shop.example:443{p} HTTP/1.1\" \"{AGENT}\" ECDHE-RSA-AES128-GCM-SHA256 TLSv1.2 arn:aws:elasticloadbalancing:eu-west-1:1:targetgroup/shop/1 \"Root=1-1\" \"api.shop.example\" \"-\" 0 {} \"forward\" \"-\" \"-\" \"10.0.0.1:80\" \"{st}\" \"-\" \"-\"\n",
                time(i).format("%Y-%m-%dT%H:%M:%S%.6fZ"),
                time(i).format("%Y-%m-%dT%H:%M:%S%.6fZ"),
            )
        })
        .collect()
}

fn json_lines(shape: &str) -> String {
    traffic()
        .iter()
        .enumerate()
        .map(|(i, (m, p, s))| {
            let t = time(i);
            let v = match shape {
                "nginx" => json!({"time_iso8601": t.to_rfc3339(), "remote_addr": CLIENT_IP, "remote_user": USER,
                    "request": format!("{m} {p} HTTP/1.1"), "status": s.to_string(), "http_user_agent": AGENT}),
                "envoy" => json!({"start_time": t.to_rfc3339(), "method": m, "path": p, "response_code": s,
                    "downstream_remote_address": format!("{CLIENT_IP}:51234"), "user_agent": AGENT, "authority": "api.shop.example"}),
                "kong" => json!({"started_at": t.timestamp_millis(), "client_ip": CLIENT_IP,
                    "request": {"method": m, "uri": p, "url": format!("https://api.shop.example{p}"), "headers": {"user-agent": AGENT, "cookie": COOKIE}},
                    "response": {"status": s}, "authenticated_entity": {"id": USER}}),
                "caddy" => json!({"level": "info", "ts": t.timestamp() as f64 + 0.25, "logger": "http.log.access",
                    "request": {"remote_ip": CLIENT_IP, "method": m, "host": "api.shop.example", "uri": p, "headers": {"User-Agent": [AGENT]}},
                    "user_id": USER, "status": s}),
                "traefik" => json!({"ClientAddr": format!("{CLIENT_IP}:4242"), "ClientUsername": USER, "RequestMethod": m,
                    "RequestPath": p, "RequestHost": "api.shop.example", "DownstreamStatus": s, "StartUTC": t.to_rfc3339(), "request_User-Agent": AGENT}),
                other => panic!("{other}"),
            };
            format!("{v}\n")
        })
        .collect()
}

fn har() -> String {
    let entries: Vec<Value> = traffic()
        .iter()
        .enumerate()
        .map(|(i, (m, p, s))| {
            json!({
                "startedDateTime": time(i).to_rfc3339(),
                "request": {"method": m, "url": format!("https://api.shop.example{p}"), "httpVersion": "HTTP/1.1",
                    "headers": [{"name": "User-Agent", "value": AGENT}, {"name": "Cookie", "value": COOKIE}],
                    "queryString": [{"name": "expand", "value": QUERY_VALUE}], "cookies": [{"name": "sid", "value": COOKIE}]},
                "response": {"status": s, "statusText": "", "headers": [], "content": {"size": 0}},
                "serverIPAddress": CLIENT_IP,
            })
        })
        .collect();
    serde_json::to_string_pretty(&json!({"log": {"version": "1.2", "creator": {"name": "test", "version": "1"}, "entries": entries}})).unwrap()
}

fn gzip(text: &str) -> Vec<u8> {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(text.as_bytes()).unwrap();
    gz.finish().unwrap()
}

/// Every format, as (file name, bytes).
fn logs() -> Vec<(&'static str, Vec<u8>)> {
    vec![
        ("nginx-combined.log", combined().into_bytes()),
        ("apache-common.log", common().into_bytes()),
        ("iis-w3c.log", w3c().into_bytes()),
        ("aws-alb.log", alb().into_bytes()),
        ("nginx.json", json_lines("nginx").into_bytes()),
        ("envoy.json", json_lines("envoy").into_bytes()),
        ("kong.json", json_lines("kong").into_bytes()),
        ("caddy.json", json_lines("caddy").into_bytes()),
        ("traefik.json", json_lines("traefik").into_bytes()),
        ("browser.har", har().into_bytes()),
        ("nginx-combined.log.gz", gzip(&combined())),
        ("envoy.json.gz", gzip(&json_lines("envoy"))),
        ("browser.har.gz", gzip(&har())),
    ]
}

fn write_logs(dir: &Path) {
    std::fs::write(dir.join("openapi.yaml"), SPEC).unwrap();
    for (name, bytes) in logs() {
        std::fs::write(dir.join(name), bytes).unwrap();
    }
}

fn kinds(inv: &Value) -> Vec<(String, String, u64)> {
    let mut out: Vec<(String, String, u64)> = inv["endpoints"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                format!(
                    "{} {}",
                    e["method"].as_str().unwrap(),
                    e["template"].as_str().unwrap()
                ),
                e["kind"].as_str().unwrap().to_string(),
                e["requests"].as_u64().unwrap(),
            )
        })
        .collect();
    out.sort();
    out
}

fn result<'a>(doc: &'a Value, id: &str) -> &'a str {
    doc["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == id)
        .unwrap_or_else(|| panic!("no {id}"))["result"]
        .as_str()
        .unwrap()
}

#[test]
fn every_format_gives_the_same_inventory() {
    let ctx = TestContext::empty();
    write_logs(ctx.path());
    let want: Vec<(String, String, u64)> = vec![
        ("DELETE /v2/orders/{orderId}".into(), "deprecated".into(), 4),
        (
            "GET /v1/orders/{id}".into(),
            "undocumented-version".into(),
            6,
        ),
        ("GET /v2/internal/export".into(), "shadow".into(), 5),
        ("GET /v2/orders".into(), "documented".into(), 2),
        ("GET /v2/orders/{orderId}".into(), "documented".into(), 30),
        (
            "GET /v2/users/{user}/profile".into(),
            "documented".into(),
            1,
        ),
        ("POST /v2/orders".into(), "documented".into(), 3),
    ];
    for (name, _) in logs() {
        let out = ctx.run(&["traffic", name, "--openapi", "openapi.yaml", "--json"]);
        assert!(out.status.success(), "{name}: {}", stderr(&out));
        let doc: Value = serde_json::from_str(&stdout(&out)).unwrap();
        let inv = &doc["inventory"];
        assert_eq!(kinds(inv), want, "{name}");
        let src = &inv["sources"][0];
        assert_eq!(src["skipped"], 0, "{name}: {src}");
        assert_eq!(src["gzip"], name.ends_with(".gz"), "{name}");
        let format = src["format"].as_str().unwrap();
        let expected_format = if name.contains("har") {
            "har"
        } else if name.contains(".json") {
            "json"
        } else if name.contains("w3c") {
            "w3c"
        } else if name.contains("alb") {
            "alb"
        } else if name.contains("common") {
            "common"
        } else {
            "combined"
        };
        assert_eq!(format, expected_format, "{name}");
        assert_eq!(inv["requests"], 54, "{name}");
        assert_eq!(
            (
                inv["not_served_requests"].as_u64(),
                inv["not_served_templates"].as_u64()
            ),
            (Some(3), Some(3)),
            "{name}"
        );
        assert_eq!(inv["unused"], json!(["GET /v2/customers"]), "{name}");
        assert_eq!(inv["documented_versions"], json!(["v2"]), "{name}");
        assert!(
            inv["first_seen"]
                .as_str()
                .unwrap()
                .starts_with("2026-11-02"),
            "{name}: {inv}"
        );
        assert_eq!(result(&doc, "inventory.shadow"), "fail", "{name}");
        assert_eq!(result(&doc, "inventory.zombie"), "warn", "{name}");
        assert_eq!(result(&doc, "inventory.versions"), "fail", "{name}");
        assert_eq!(result(&doc, "inventory.unused"), "info", "{name}");
        assert_eq!(result(&doc, "inventory.monitoring"), "pass", "{name}");
        let bytes = std::fs::read(ctx.file(name)).unwrap();
        assert_eq!(src["bytes"], bytes.len() as u64);
        assert_eq!(
            src["sha256"].as_str().unwrap(),
            apiassure::workspace::evidence::sha256_hex(&bytes)
        );
    }
}

#[test]
fn path_items_in_other_files_are_documented() {
    let ctx = TestContext::empty();
    ctx.write(
        "api/openapi.yaml",
        "openapi: 3.1.0\ninfo: {title: split, version: '1'}\nservers: [{url: /v2}]\npaths:\n  /orders/{orderId}:\n    $ref: paths/orders.yaml#/order\n",
    );
    ctx.write(
        "api/paths/orders.yaml",
        "order:\n  get:\n    responses: {'200': {description: ok}}\n  delete:\n    deprecated: true\n    responses: {'204': {description: gone}}\n",
    );
    ctx.write(
        "access.log",
        "1.2.3.4 - - [02/Nov/2026:08:00:00 +0000] \"GET /v2/orders/7;jsessionid=S3SSION HTTP/1.1\" 200 1\n\
         1.2.3.4 - - [02/Nov/2026:08:00:01 +0000] \"DELETE /v2/orders/8 HTTP/1.1\" 204 1\n",
    );
    let doc: Value = serde_json::from_str(&ctx.ok(&[
        "traffic",
        "access.log",
        "--openapi",
        "api/openapi.yaml",
        "--json",
    ]))
    .unwrap();
    let got = kinds(&doc["inventory"]);
    assert_eq!(
        got,
        vec![
            (
                "DELETE /v2/orders/{orderId}".to_string(),
                "deprecated".to_string(),
                1
            ),
            (
                "GET /v2/orders/{orderId}".to_string(),
                "documented".to_string(),
                1
            ),
        ]
    );
    assert!(!doc.to_string().contains("S3SSION"));
}

#[test]
fn fail_on_gates_ci() {
    let ctx = TestContext::empty();
    write_logs(ctx.path());
    let code = |extra: &[&str]| {
        let mut args = vec!["traffic", "nginx.json", "--openapi", "openapi.yaml", "-q"];
        args.extend(extra);
        ctx.run(&args).status.code()
    };
    assert_eq!(code(&[]), Some(0));
    assert_eq!(code(&["--fail-on", "fail"]), Some(1));
    assert_eq!(code(&["--fail-on", "warn"]), Some(1));
    // Without a document nothing is judged: only info, never a gate.
    let out = ctx.run(&["traffic", "nginx.json", "--fail-on", "warn", "-q"]);
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn without_a_document_the_endpoints_are_listed_not_judged() {
    let ctx = TestContext::empty();
    write_logs(ctx.path());
    let doc: Value =
        serde_json::from_str(&ctx.ok(&["traffic", "nginx-combined.log", "--json"])).unwrap();
    for id in [
        "inventory.shadow",
        "inventory.zombie",
        "inventory.versions",
        "inventory.unused",
    ] {
        assert_eq!(result(&doc, id), "info", "{id}");
    }
    let templates: Vec<String> = kinds(&doc["inventory"]).into_iter().map(|k| k.0).collect();
    assert!(
        templates.contains(&"GET /v2/users/{email}/profile".to_string()),
        "{templates:?}"
    );
    assert!(
        templates.contains(&"GET /v1/orders/{id}".to_string()),
        "{templates:?}"
    );
}

#[test]
fn stored_as_evidence_with_the_logs_in_the_journal_and_nothing_personal() {
    let ctx = TestContext::workspace();
    write_logs(ctx.path());
    let mut config = ctx.read("apiassure.toml");
    config.push_str("\n[[targets]]\nname = \"orders\"\nurl = \"https://api.shop.example/v2/\"\nopenapi = \"openapi.yaml\"\n");
    ctx.write("apiassure.toml", &config);
    let names: Vec<&str> = logs().iter().map(|(n, _)| *n).collect();
    let mut args = vec!["traffic"];
    args.extend(names.iter().copied());
    args.extend(["--target", "orders"]);
    let table = ctx.ok(&args);
    assert!(table.contains("stored as run"), "{table}");

    // The run is evidence of the target, cited by the inventory controls.
    let runs = run_files(ctx.path());
    assert_eq!(runs.len(), 1);
    let run: Value = serde_json::from_str(&read_run(&runs[0])).unwrap();
    assert_eq!(run["tool"], "apiassure traffic");
    let t = &run["targets"][0];
    assert_eq!(t["name"], "orders");
    let shadow = t["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "inventory.shadow")
        .unwrap();
    assert!(
        shadow["controls"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c == "INV-03"),
        "{shadow}"
    );
    // Thirteen logs, the same 54 requests each; the target's host filter
    // keeps every record (the logs that name a host name this one).
    assert_eq!(t["traffic"]["requests"], 54 * 13);
    assert_eq!(t["traffic"]["sources"].as_array().unwrap().len(), 13);

    // The journal names every log with its size and SHA-256.
    let log = ctx.ok(&["log", "--json"]);
    for name in &names {
        assert!(log.contains(name), "{name} not in the journal: {log}");
    }
    let sha = apiassure::workspace::evidence::sha256_hex(
        &std::fs::read(ctx.file("browser.har.gz")).unwrap(),
    );
    assert!(
        log.contains(&sha),
        "the HAR's SHA-256 is not in the journal"
    );
    assert!(ctx.run(&["verify"]).status.success());

    // The JSON output and the JSON report carry the inventory, to their schemas.
    let again = ctx.ok(&["traffic", "nginx.json", "--target", "orders", "--json"]);
    crate::schema::valid("traffic.schema.json", &again);
    let report = ctx.ok(&["report", "--format", "json", "-o", "-"]);
    crate::schema::valid("report.schema.json", &report);
    let r: Value = serde_json::from_str(&report).unwrap();
    let inv = &r["observations"][0]["inventory"];
    assert_eq!(
        inv["requests"], 54,
        "the newest traffic run is the current inventory"
    );
    let md = ctx.ok(&["report", "--format", "md", "-o", "-"]);
    assert!(md.contains("## API inventory from traffic"), "{md}");
    assert!(
        md.contains("| shadow | GET /v2/internal/export | 5 |"),
        "{md}"
    );

    // Scores see it: the shadow endpoint is a failing check of INV-03.
    let score: Value = serde_json::from_str(&ctx.ok(&["score", "--json"])).unwrap();
    assert!(
        score.to_string().contains("inventory.shadow"),
        "score does not cite the traffic checks"
    );

    // Nothing personal anywhere in the workspace, compressed or not.
    let mut seen = Vec::new();
    let mut stack = vec![ctx.path().to_path_buf()];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(&dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
                continue;
            }
            let name = p.file_name().unwrap().to_string_lossy().to_string();
            // The logs themselves and the document are the user's own input.
            if p.parent() == Some(ctx.path())
                && (names.contains(&name.as_str()) || name == "openapi.yaml")
            {
                continue;
            }
            let bytes = std::fs::read(&p).unwrap();
            let text = if name.ends_with(".gz") {
                read_run(&p)
            } else {
                String::from_utf8_lossy(&bytes).into_owned()
            };
            seen.push(name);
            for secret in [
                CLIENT_IP,
                AGENT,
                "PrivacyTestAgent",
                USER,
                QUERY_VALUE,
                COOKIE,
                "jane.doe",
                "example.com/profile",
            ] {
                assert!(!text.contains(secret), "{secret} reached {}", p.display());
            }
        }
    }
    assert!(seen.iter().any(|n| n.ends_with(".json.gz")), "{seen:?}");
}

#[test]
fn requests_for_other_hosts_are_left_out_for_a_target() {
    let ctx = TestContext::workspace();
    write_logs(ctx.path());
    let mut config = ctx.read("apiassure.toml");
    config.push_str("\n[[targets]]\nname = \"other\"\nurl = \"https://www.shop.example/\"\n");
    ctx.write("apiassure.toml", &config);
    let doc: Value =
        serde_json::from_str(&ctx.ok(&["traffic", "envoy.json", "--target", "other", "--json"]))
            .unwrap();
    let src = &doc["inventory"]["sources"][0];
    assert_eq!(src["other_hosts"], 54, "{src}");
    assert_eq!(doc["inventory"]["requests"], 0);
    assert_eq!(result(&doc, "inventory.shadow"), "error");
}

#[test]
fn bad_input_gets_an_error_naming_the_file() {
    let ctx = TestContext::empty();
    write_logs(ctx.path());
    ctx.write("broken.yaml", "openapi: [unclosed\n");
    ctx.write("truncated.har", "{\"log\": {\"entries\": [{\"request\": ");
    ctx.write("not-a-spec.yaml", "title: hello\n");
    std::fs::create_dir(ctx.file("adir")).unwrap();
    let cases: &[(&[&str], &str)] = &[
        (&["traffic", "missing.log"], "missing.log"),
        (&["traffic", "adir"], "adir"),
        (&["traffic", "truncated.har"], "truncated.har"),
        (
            &["traffic", "nginx.json", "--openapi", "broken.yaml"],
            "broken.yaml",
        ),
        (
            &["traffic", "nginx.json", "--openapi", "not-a-spec.yaml"],
            "not-a-spec.yaml",
        ),
        (
            &["traffic", "nginx.json", "--target", "nope"],
            "apiassure.toml",
        ),
    ];
    for (args, names) in cases {
        let out = ctx.run(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stdout(&out));
        let err = stderr(&out);
        assert!(err.contains(names), "{args:?}: {err}");
        assert!(!err.contains("panicked"), "{err}");
    }
    // Random bytes are a log with nothing in it, not a crash.
    let junk: Vec<u8> = (0..20_000u32)
        .map(|i| (i.wrapping_mul(2654435761) >> 13) as u8)
        .collect();
    std::fs::write(ctx.file("junk.bin"), junk).unwrap();
    let out = ctx.run(&["traffic", "junk.bin", "--json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let doc: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(doc["inventory"]["requests"], 0);
}
