//! The portfolio on a generated organisation: a dozen team workspaces with
//! different answers, one edited by hand outside the tool, one inheriting
//! the gateway controls from a platform workspace, one with traffic
//! evidence; the table, JSON (to its schema), CSV, the management report,
//! the Parquet export read back with DuckDB, and the portfolio screen.

use std::path::Path;

use serde_json::Value;

use crate::common::{stderr, stdout, tool_available, TestContext};

const TEAMS: usize = 12;

fn run(dir: &Path, args: &[&str]) -> std::process::Output {
    std::process::Command::new(crate::common::BIN)
        .args(args)
        .current_dir(dir)
        .env("APIASSURE_USER", "lead")
        .env("NO_COLOR", "1")
        .env_remove("APIASSURE_WORKSPACE")
        .output()
        .unwrap()
}

fn ok(dir: &Path, args: &[&str]) -> String {
    let out = run(dir, args);
    assert!(
        out.status.success(),
        "{args:?} in {}: {}",
        dir.display(),
        stderr(&out)
    );
    stdout(&out)
}

/// `org/team-NN` workspaces, `org/platform`, and `org/portfolio.toml`.
fn organisation() -> TestContext {
    let ctx = TestContext::empty();
    let org = ctx.path();
    let values = ["yes", "partial", "no"];
    ok(
        org,
        &[
            "init",
            "platform",
            "--org",
            "Acme",
            "--system",
            "API gateway",
        ],
    );
    let platform = org.join("platform");
    for q in ["GW-01.1", "GW-01.2", "GW-01.3"] {
        ok(
            &platform,
            &[
                "answer",
                q,
                "yes",
                "--note",
                "enforced at the shared gateway",
            ],
        );
    }
    let mut listing =
        String::from("[[workspace]]\npath = \"platform\"\nteam = \"Platform\"\ntier = \"0\"\n");
    for i in 0..TEAMS {
        let name = format!("team-{i:02}");
        ok(
            org,
            &[
                "init",
                &name,
                "--org",
                "Acme",
                "--system",
                &format!("Service {i}"),
            ],
        );
        let dir = org.join(&name);
        for (k, q) in [
            "AUTHN-01.1",
            "AUTHN-01.2",
            "AUTHZ-01.1",
            "CRYPTO-01.1",
            "INV-01.1",
        ]
        .iter()
        .enumerate()
        {
            ok(&dir, &["answer", q, values[(i + k) % 3]]);
        }
        ok(&dir, &["score", "--record", "-q"]);
        listing.push_str(&format!(
            "\n[[workspace]]\npath = \"{name}\"\nteam = \"Team {i}\"\nowner = \"owner{i}@acme.example\"\ntier = \"{}\"\n",
            1 + i % 3
        ));
    }
    // team-03 inherits the gateway controls from the platform.
    let inheriting = org.join("team-03");
    let mut cfg = std::fs::read_to_string(inheriting.join("apiassure.toml")).unwrap();
    cfg.push_str(
        "\n[[inherit]]\nworkspace = \"../platform\"\ncontrols = [\"GW-01\", \"INV-03\"]\n",
    );
    cfg.push_str("\n[[targets]]\nname = \"own\"\nurl = \"https://team3.acme.example/\"\n");
    std::fs::write(inheriting.join("apiassure.toml"), cfg).unwrap();
    ok(&inheriting, &["score", "--record", "-q"]);
    // team-05 has traffic evidence for a declared target.
    let traffic = org.join("team-05");
    let mut cfg = std::fs::read_to_string(traffic.join("apiassure.toml")).unwrap();
    cfg.push_str("\n[[targets]]\nname = \"api\"\nurl = \"https://api5.acme.example/\"\n");
    std::fs::write(traffic.join("apiassure.toml"), cfg).unwrap();
    std::fs::write(
        traffic.join("access.log"),
        "10.0.0.1 - - [01/Nov/2026:10:00:00 +0000] \"GET /v1/items/1 HTTP/1.1\" 200 10\n10.0.0.1 - - [01/Nov/2026:10:00:01 +0000] \"GET /v1/items/2 HTTP/1.1\" 401 10\n",
    )
    .unwrap();
    ok(
        &traffic,
        &["traffic", "access.log", "--target", "api", "-q"],
    );
    // team-07 is edited by hand, outside the tool.
    let edited = org.join("team-07").join("answers.toml");
    let text = std::fs::read_to_string(&edited).unwrap();
    let changed = text.replacen("answer = \"no\"", "answer = \"yes\"", 1);
    assert_ne!(text, changed, "team-07 has a `no` to flip");
    std::fs::write(&edited, changed).unwrap();
    std::fs::write(org.join("portfolio.toml"), listing).unwrap();
    ctx
}

fn json(org: &Path) -> Value {
    let out = run(org, &["portfolio", ".", "--json"]);
    // Exit 1: a workspace needs attention (team-07 does not verify).
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let text = stdout(&out);
    crate::schema::valid("portfolio.schema.json", &text);
    serde_json::from_str(&text).unwrap()
}

fn workspace<'a>(v: &'a Value, path: &str) -> &'a Value {
    v["workspaces"]
        .as_array()
        .unwrap()
        .iter()
        .find(|w| w["path"] == path)
        .unwrap_or_else(|| panic!("no {path}"))
}

#[test]
fn the_organisation_at_a_glance() {
    let ctx = organisation();
    let org = ctx.path();
    let v = json(org);
    let ws = v["workspaces"].as_array().unwrap();
    assert_eq!(ws.len(), TEAMS + 1);
    assert_eq!(workspace(&v, "team-02")["team"], "Team 2");
    assert_eq!(workspace(&v, "platform")["tier"], "0");

    // The hand-edited workspace stands out; the others verify.
    let edited = workspace(&v, "team-07");
    assert_eq!(edited["verify"]["ok"], false, "{edited}");
    assert!(edited["verify"]["first_problem"]
        .as_str()
        .unwrap()
        .contains("answers.toml"));
    for w in ws.iter().filter(|w| w["path"] != "team-07") {
        assert_eq!(w["verify"]["ok"], true, "{w}");
    }

    // Traffic evidence counts, and the last run is named.
    assert!(workspace(&v, "team-05")["last_probe"].is_string());

    // The spread per framework is what the rows say.
    for f in v["frameworks"].as_array().unwrap() {
        let id = f["framework"].as_str().unwrap();
        let scores: Vec<f64> = ws
            .iter()
            .filter_map(|w| {
                w["frameworks"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .find(|x| x["id"] == id)
                    .and_then(|x| x["score"].as_f64())
            })
            .collect();
        let mean = scores.iter().sum::<f64>() / scores.len() as f64;
        assert!((f["mean"].as_f64().unwrap() - mean).abs() < 1e-9, "{id}");
        let worst = scores.iter().cloned().fold(f64::INFINITY, f64::min);
        assert_eq!(f["worst"].as_f64().unwrap(), worst, "{id}");
        let banded: u64 = f["bands"]
            .as_object()
            .unwrap()
            .values()
            .map(|n| n.as_u64().unwrap())
            .sum();
        assert_eq!(banded as usize, ws.len(), "{id}");
    }
    assert_eq!(v["weakest_controls"].as_array().unwrap().len(), 10);
    // Trends come from each workspace's history.
    assert!(workspace(&v, "team-01")["trends"].as_array().unwrap().len() >= 6);

    // The table names the problem; the CSV has a row per workspace and framework.
    let table = stdout(&run(org, &["portfolio", "."]));
    assert!(
        table.contains("team-07") && table.contains("PROBLEM"),
        "{table}"
    );
    let csv = stdout(&run(org, &["portfolio", ".", "--format", "csv"]));
    let frameworks = workspace(&v, "team-00")["frameworks"]
        .as_array()
        .unwrap()
        .len();
    assert_eq!(csv.lines().count(), 1 + (TEAMS + 1) * frameworks);

    // Folders can be given directly too, with the same result.
    let direct = run(org, &["portfolio", "team-00", "team-01", "--json"]);
    assert!(direct.status.success(), "{}", stderr(&direct));

    // The management report, in every format.
    for (format, file, needle) in [
        ("md", "portfolio.md", "## Workspaces that need attention"),
        ("html", "portfolio.html", "Weakest controls"),
    ] {
        let _ = run(org, &["portfolio", ".", "--format", format, "-o", file]);
        let text = std::fs::read_to_string(org.join(file)).unwrap();
        assert!(text.contains(needle), "{format}: {text}");
        assert!(text.contains("team-07"), "{format}");
    }
    let _ = run(
        org,
        &["portfolio", ".", "--format", "pdf", "-o", "portfolio.pdf"],
    );
    let pdf = std::fs::read(org.join("portfolio.pdf")).unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
}

#[test]
fn inherited_controls_come_from_the_platform_and_are_checked_there() {
    let ctx = organisation();
    let org = ctx.path();
    let team = org.join("team-03");
    let control = |dir: &Path| -> Value {
        let v: Value = serde_json::from_str(&ok(dir, &["score", "--json"])).unwrap();
        v["controls"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["id"] == "GW-01")
            .unwrap()
            .clone()
    };
    // The team never answered GW-01: its score is the platform's.
    assert_eq!(
        control(&team)["score"],
        control(&org.join("platform"))["score"]
    );
    assert_eq!(control(&team)["score"].as_f64(), Some(100.0));
    // Not copied into the team's answers, and not answerable there.
    let answers = std::fs::read_to_string(team.join("answers.toml")).unwrap();
    assert!(!answers.contains("GW-01"), "{answers}");
    let out = run(&team, &["answer", "GW-01.1", "no"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("../platform"), "{}", stderr(&out));
    // The team's journal records the platform head the snapshot used.
    let log = ok(&team, &["log"]);
    assert!(
        log.contains("GW-01, INV-03 inherited from ../platform at journal head"),
        "{log}"
    );
    let v = json(org);
    assert_eq!(
        workspace(&v, "team-03")["inherits"],
        serde_json::json!(["../platform"])
    );

    // A tampered source is an error naming it, in the team and the portfolio.
    let pa = org.join("platform").join("answers.toml");
    let text = std::fs::read_to_string(&pa).unwrap();
    std::fs::write(&pa, text.replacen("answer = \"yes\"", "answer = \"no\"", 1)).unwrap();
    let out = run(&team, &["score"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("[[inherit]]")
            && err.contains("../platform")
            && err.contains("does not verify"),
        "{err}"
    );
    let v = json(org);
    assert!(workspace(&v, "team-03")["error"]
        .as_str()
        .unwrap()
        .contains("../platform"));
    // A missing source, too.
    std::fs::rename(org.join("platform"), org.join("platform-moved")).unwrap();
    let err = stderr(&run(&team, &["score"]));
    assert!(
        err.contains("../platform") && err.contains("cannot open"),
        "{err}"
    );
}

#[test]
fn parquet_tables_read_back_with_duckdb() {
    let ctx = organisation();
    let org = ctx.path();
    let v = json(org);
    let out = run(
        org,
        &["portfolio", ".", "--export", "parquet", "-o", "lake"],
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let lake = org.join("lake");
    for t in apiassure::portfolio::parquet::TABLES {
        assert!(lake.join(format!("{}.parquet", t.0)).is_file(), "{}", t.0);
    }
    assert!(std::fs::read_dir(&lake).unwrap().all(|e| !e
        .unwrap()
        .file_name()
        .to_string_lossy()
        .ends_with(".part")));
    if !tool_available("python3", &["-c", "import duckdb"], "pip install duckdb") {
        return;
    }
    let frameworks: usize = v["workspaces"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["frameworks"].as_array().unwrap().len())
        .sum();
    let script = format!(
        r#"
import duckdb, json
con = duckdb.connect()
q = lambda s: con.execute(s.replace("@", "'{lake}/")).fetchall()
out = {{}}
for t in {tables}:
    out[t] = q(f"select count(*) from @{{t}}.parquet'")[0][0]
out["types"] = {{r[0]: r[1] for r in q("describe select * from @workspaces.parquet'")}}
out["answer_types"] = {{r[0]: r[1] for r in q("describe select * from @answers.parquet'")}}
out["not_verified"] = [r[0] for r in q("select workspace from @workspaces.parquet' where not verify_ok")]
out["inherited"] = q("select count(*) from @answers.parquet' where workspace = 'team-03' and inherited_from = '../platform' and control = 'GW-01'")[0][0]
out["mean_iso"] = q("select avg(score) from @frameworks.parquet' where framework = 'iso27001-2022'")[0][0]
out["checks"] = q("select check_id, result from @checks.parquet' where workspace = 'team-05' order by check_id")
out["history_ws"] = q("select count(distinct workspace) from @history.parquet'")[0][0]
print(json.dumps(out, default=str))
"#,
        lake = lake.display(),
        tables = serde_json::to_string(
            &apiassure::portfolio::parquet::TABLES
                .iter()
                .map(|t| t.0)
                .collect::<Vec<_>>()
        )
        .unwrap()
    );
    let out = std::process::Command::new("python3")
        .args(["-c", &script])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let got: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(got["workspaces"], TEAMS + 1);
    assert_eq!(got["frameworks"], frameworks);
    // 5 answers in each team, 3 in the platform, 3 inherited rows in team-03.
    assert_eq!(got["answers"], TEAMS * 5 + 3 + 3);
    assert_eq!(got["inherited"], 3);
    assert_eq!(got["not_verified"], serde_json::json!(["team-07"]));
    assert_eq!(got["types"]["last_probe"], "TIMESTAMP WITH TIME ZONE");
    assert_eq!(got["types"]["verify_ok"], "BOOLEAN");
    assert_eq!(got["types"]["conflicts"], "BIGINT");
    assert_eq!(
        got["answer_types"]["answered_at"],
        "TIMESTAMP WITH TIME ZONE"
    );
    let mean_iso = v["frameworks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["framework"] == "iso27001-2022")
        .unwrap()["mean"]
        .as_f64()
        .unwrap();
    assert!((got["mean_iso"].as_f64().unwrap() - mean_iso).abs() < 1e-9);
    let checks = got["checks"].as_array().unwrap();
    assert!(
        checks.iter().any(|c| c[0] == "inventory.monitoring"),
        "{checks:?}"
    );
    assert!(got["history_ws"].as_u64().unwrap() >= TEAMS as u64);
    // Scores: one row per requirement of each framework in scope.
    assert!(got["scores"].as_u64().unwrap() > got["frameworks"].as_u64().unwrap() * 5);
}

#[test]
fn bad_portfolio_input_is_named() {
    let ctx = TestContext::empty();
    std::fs::write(ctx.file("portfolio.toml"), "[[workspace]]\npath = 3\n").unwrap();
    let out = run(ctx.path(), &["portfolio", "."]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("portfolio.toml"), "{}", stderr(&out));
    let out = run(ctx.path(), &["portfolio", "nowhere"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("nowhere"));
    // A listed folder that is not a workspace is a row with its error.
    std::fs::write(
        ctx.file("portfolio.toml"),
        "[[workspace]]\npath = \"gone\"\n",
    )
    .unwrap();
    let out = run(ctx.path(), &["portfolio", ".", "--json"]);
    assert_eq!(out.status.code(), Some(1));
    let v: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert!(v["workspaces"][0]["error"].is_string());
}

#[test]
fn the_portfolio_screen_lists_and_opens_workspaces() {
    use apiassure::tui::portfolio::{draw, PortfolioState, Step};
    use crossterm::event::KeyCode;
    use ratatui::backend::TestBackend;
    use ratatui::Terminal;
    let ctx = organisation();
    let org = ctx.path();
    let members = apiassure::portfolio::members(&[org.to_path_buf()]).unwrap();
    let mut state = PortfolioState::load(members, Vec::new()).unwrap();
    state.color = false;
    // The hand-edited workspace, selected: the list scrolls to it.
    for _ in 0..8 {
        assert_eq!(state.on_key(KeyCode::Down), Step::Stay);
    }
    assert_eq!(state.rows[state.selected].member.path, "team-07");
    for (w, h) in [(80u16, 24u16), (200, 60)] {
        let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
        t.draw(|f| draw(&state, f)).unwrap();
        let buf = t.backend().buffer().clone();
        let mut screen = String::new();
        for y in 0..h {
            let line: String = (0..w).map(|x| buf[(x, y)].symbol().to_string()).collect();
            screen.push_str(line.trim_end());
            screen.push('\n');
        }
        assert!(
            screen.contains("13 workspaces · 1 need attention"),
            "{screen}"
        );
        assert!(screen.contains("team-07"), "{screen}");
        assert!(screen.contains("1 problem"), "{screen}");
        assert!(screen.contains("Enter open"), "{screen}");
        insta::assert_snapshot!(format!("portfolio_{w}x{h}"), screen);
    }
    assert_eq!(state.on_key(KeyCode::Enter), Step::Open(8));
    assert_eq!(state.on_key(KeyCode::Char('q')), Step::Quit);
}
