//! The interactive terminal UI, built as The Elm Architecture: one [`App`]
//! state, an [`Action`] enum, one `App::update` path and pure `view::draw`.
//!
//! This module owns the terminal: raw mode, alternate screen, mouse capture
//! and bracketed paste are switched on for the session and always switched
//! off again, on normal exit, on error and on panic (a panic hook restores
//! the terminal, then runs the previous hook so the message stays readable).
//! The loop polls crossterm with a timeout, turns events into actions through
//! the keymap, drains background probe events, and redraws.

pub mod action;
pub mod app;
pub mod keymap;
mod popups;
pub mod portfolio;
mod reload;
pub mod screens;
pub mod strings;
pub mod view;
pub mod widgets;

use std::io::{self, Stdout};
use std::path::Path;
use std::time::Duration;

use crossterm::event::{
    self, DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
    Event, KeyCode, KeyEventKind, MouseEventKind,
};
use crossterm::execute;
use crossterm::terminal::{
    disable_raw_mode, enable_raw_mode, EnterAlternateScreen, LeaveAlternateScreen,
};
use ratatui::backend::CrosstermBackend;
use ratatui::layout::Alignment;
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};
use ratatui::Terminal;

pub use action::{Action, Screen};
pub use app::App;

use crate::workspace::{Workspace, WorkspaceError};

type Term = Terminal<CrosstermBackend<Stdout>>;

#[derive(Debug, thiserror::Error)]
pub enum TuiError {
    #[error("cannot use the terminal: {0}")]
    Terminal(#[from] io::Error),
    #[error(transparent)]
    Workspace(#[from] WorkspaceError),
    #[error(transparent)]
    Assessment(#[from] crate::assessment::AssessmentError),
}

type Result<T> = std::result::Result<T, TuiError>;

/// How often the loop wakes up without input (clock, probe progress).
const TICK: Duration = Duration::from_millis(200);

fn setup() -> Result<Term> {
    enable_raw_mode()?;
    let mut out = io::stdout();
    if let Err(e) = execute!(
        out,
        EnterAlternateScreen,
        EnableMouseCapture,
        EnableBracketedPaste
    ) {
        restore();
        return Err(e.into());
    }
    Ok(Terminal::new(CrosstermBackend::new(out))?)
}

/// Put the terminal back; safe to call more than once.
fn restore() {
    let _ = disable_raw_mode();
    let _ = execute!(
        io::stdout(),
        DisableBracketedPaste,
        DisableMouseCapture,
        LeaveAlternateScreen
    );
    let _ = execute!(io::stdout(), crossterm::cursor::Show);
}

fn install_panic_hook() {
    let previous = std::panic::take_hook();
    let ui_thread = std::thread::current().id();
    std::panic::set_hook(Box::new(move |info| {
        // A panic on a background thread (a probe) is reported through its
        // channel while the UI keeps running; only the UI thread restores.
        if std::thread::current().id() == ui_thread {
            restore();
        }
        previous(info);
    }));
}

/// Restores the terminal when dropped, including on early return with `?`.
struct Session;

impl Drop for Session {
    fn drop(&mut self) {
        restore();
    }
}

/// Open the TUI on the workspace in `dir`, offering to create one if there is none.
pub fn run(dir: &Path) -> Result<u8> {
    install_panic_hook();
    let mut terminal = setup()?;
    let session = Session;
    let ws = match Workspace::open(dir) {
        Ok(ws) => ws,
        Err(WorkspaceError::NotAWorkspace(_)) => {
            if !ask_create(&mut terminal, dir)? {
                drop(session);
                println!(
                    "No workspace created. Run `apiassure init {}` to create one.",
                    dir.display()
                );
                return Ok(0);
            }
            Workspace::init(dir, "", "")?
        }
        Err(e) => return Err(e.into()),
    };
    let mut app = App::load_in_background(ws, chrono::Utc::now())?;
    let size = terminal.size()?;
    app.update(Action::Resize(size.width, size.height));
    let result = event_loop(&mut terminal, &mut app);
    drop(session);
    let saved = app.on_quit();
    result?;
    if let Err(e) = saved {
        errln!("warning: {e}");
    }
    if app.unsaved() > 0 {
        errln!(
            "warning: {} answer change(s) could not be saved to answers.toml and were lost",
            app.unsaved()
        );
        return Ok(1);
    }
    Ok(0)
}

fn event_loop(terminal: &mut Term, app: &mut App) -> Result<()> {
    while !app.quit {
        terminal.draw(|f| view::draw(app, f))?;
        let mut actions = Vec::new();
        if event::poll(TICK)? {
            // Drain what is queued so a fast typist or a paste never lags.
            loop {
                if let Some(a) = to_action(app, event::read()?) {
                    actions.push(a);
                }
                if !event::poll(Duration::ZERO)? {
                    break;
                }
            }
        }
        actions.extend(app.poll_background());
        app.update(Action::Tick(chrono::Utc::now()));
        for a in actions {
            app.update(a);
            if app.quit {
                break;
            }
        }
    }
    Ok(())
}

/// Translate a terminal event into an action (keys through the keymap).
pub fn to_action(app: &App, event: Event) -> Option<Action> {
    match event {
        Event::Key(key) if key.kind != KeyEventKind::Release => keymap::resolve(app.mode(), key),
        Event::Paste(text) => Some(Action::Paste(text)),
        Event::Resize(w, h) => Some(Action::Resize(w, h)),
        Event::Mouse(m) => match m.kind {
            MouseEventKind::ScrollUp => Some(Action::Scroll {
                column: m.column,
                row: m.row,
                delta: -1,
            }),
            MouseEventKind::ScrollDown => Some(Action::Scroll {
                column: m.column,
                row: m.row,
                delta: 1,
            }),
            MouseEventKind::Down(event::MouseButton::Left) => Some(Action::Click {
                column: m.column,
                row: m.row,
            }),
            _ => None,
        },
        _ => None,
    }
}

/// The "create a workspace?" prompt: y creates, anything else declines.
fn ask_create(terminal: &mut Term, dir: &Path) -> Result<bool> {
    let shown = std::path::absolute(dir).unwrap_or_else(|_| dir.to_path_buf());
    let question = strings::create_prompt(&shown.display().to_string());
    loop {
        terminal.draw(|f| {
            let area = f.area();
            let y = area.height / 2;
            let rect = ratatui::layout::Rect::new(
                area.x,
                area.y + y.saturating_sub(1),
                area.width,
                area.height - y + 1,
            );
            f.render_widget(
                Paragraph::new(vec![
                    Line::from(question.as_str()),
                    Line::from(
                        "y creates apiassure.toml and answers.toml here; any other key quits.",
                    ),
                ])
                .alignment(Alignment::Center)
                .wrap(Wrap { trim: true }),
                rect,
            );
        })?;
        if let Event::Key(key) = event::read()? {
            if key.kind == KeyEventKind::Release {
                continue;
            }
            return Ok(matches!(key.code, KeyCode::Char('y') | KeyCode::Char('Y')));
        }
    }
}
