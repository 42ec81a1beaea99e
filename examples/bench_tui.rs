//! Measures the TUI's start-up (load the workspace with the full embedded
//! catalog, score it, draw the first frame) and the cost of drawing one frame
//! of every screen at 200x60, without a real terminal (ratatui TestBackend).
//!
//! Run in release mode: `scripts/bench-tui.sh` or
//! `cargo run --release --example bench_tui -- [WORKSPACE]`.

use std::time::{Duration, Instant};

use apiassure::tui::{view, Action, App, Screen};
use apiassure::workspace::Workspace;
use ratatui::backend::TestBackend;
use ratatui::Terminal;

fn main() -> anyhow::Result<()> {
    let temp;
    let ws = match std::env::args().nth(1) {
        Some(dir) => Workspace::open(dir)?,
        None => {
            temp = tempfile::tempdir()?;
            Workspace::init(temp.path(), "Bench", "Bench API")?
        }
    };

    // Start-up: everything between "workspace found" and the first frame
    // (the evidence is read on a background thread meanwhile), then until
    // the scores are shown.
    let mut startup = Vec::new();
    let mut scored = Vec::new();
    for _ in 0..20 {
        let t = Instant::now();
        let mut app = App::load_in_background(ws.clone(), chrono::Utc::now())?;
        app.update(Action::Resize(120, 40));
        let mut term = Terminal::new(TestBackend::new(120, 40))?;
        term.draw(|f| view::draw(&app, f))?;
        startup.push(t.elapsed());
        while app.evidence_pending() {
            for a in app.poll_background() {
                app.update(a);
            }
            std::thread::sleep(Duration::from_millis(1));
        }
        term.draw(|f| view::draw(&app, f))?;
        scored.push(t.elapsed());
    }
    let app = App::load(ws.clone(), chrono::Utc::now())?;
    println!(
        "catalog: {} controls, {} questions, {} frameworks",
        app.assessment.catalog.controls.len(),
        app.assessment.catalog.questions().count(),
        app.assessment.catalog.frameworks.len()
    );
    report("start-up to first frame (120x40)", &mut startup);
    report("start-up to the frame with scores", &mut scored);

    let mut all = Vec::new();
    for screen in Screen::ALL {
        let mut app = App::load(ws.clone(), chrono::Utc::now())?;
        app.update(Action::Resize(200, 60));
        app.update(Action::Show(screen));
        let mut term = Terminal::new(TestBackend::new(200, 60))?;
        let mut times = Vec::new();
        for _ in 0..200 {
            let t = Instant::now();
            term.draw(|f| view::draw(&app, f))?;
            times.push(t.elapsed());
        }
        all.extend(times.iter().copied());
        report(&format!("frame 200x60 {}", screen.title()), &mut times);
    }
    report("frame 200x60 all screens", &mut all);

    // One answer: save under the lock + rescore + redraw.
    let mut app = App::load(ws, chrono::Utc::now())?;
    app.update(Action::Resize(200, 60));
    app.update(Action::Show(Screen::Assess));
    let mut term = Terminal::new(TestBackend::new(200, 60))?;
    let mut times = Vec::new();
    for i in 0..20 {
        let t = Instant::now();
        app.update(Action::Answer(if i % 2 == 0 {
            apiassure::model::AnswerValue::Yes
        } else {
            apiassure::model::AnswerValue::Partial
        }));
        term.draw(|f| view::draw(&app, f))?;
        times.push(t.elapsed());
    }
    report("answer: save + rescore + frame", &mut times);
    Ok(())
}

fn report(what: &str, times: &mut [Duration]) {
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let median = times[times.len() / 2];
    let p95 = times[(times.len() * 95 / 100).min(times.len() - 1)];
    println!(
        "{what:<36} median {:>7.3} ms  p95 {:>7.3} ms  max {:>7.3} ms",
        ms(median),
        ms(p95),
        ms(*times.last().unwrap())
    );
}
