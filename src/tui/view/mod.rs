//! Pure drawing: `draw(&App, &mut Frame)` reads the state and paints it. No
//! disk, no network, no mutation. Each screen module also exposes its layout
//! so mouse hit-testing in `update` uses exactly the rectangles drawn here.

pub mod help;
pub mod popup;
pub mod theme;

use ratatui::layout::{Alignment, Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Wrap};
use ratatui::Frame;

use super::action::Screen;
use super::app::{App, Level, Popup};
use super::screens::{assess, dashboard, evidence, frameworks, history};
use super::strings;
pub use theme::Theme;

/// Below this size the screens cannot be laid out sensibly.
pub const MIN_WIDTH: u16 = 60;
pub const MIN_HEIGHT: u16 = 16;

/// Clickable or scrollable areas of the current screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Region {
    Tabs,
    DashboardGaps,
    AssessTree,
    AssessDetail,
    EvidenceRuns,
    EvidenceTargets,
    EvidenceDetails,
    FrameworkList,
    FrameworkRequirements,
}

#[derive(Debug, Default)]
pub struct Regions(Vec<(Region, Rect)>);

impl Regions {
    pub fn hit(&self, column: u16, row: u16) -> Option<(Region, Rect)> {
        self.0
            .iter()
            .find(|(_, r)| column >= r.x && column < r.right() && row >= r.y && row < r.bottom())
            .copied()
    }

    pub fn get(&self, region: Region) -> Option<Rect> {
        self.0
            .iter()
            .find(|(r, _)| *r == region)
            .map(|(_, rect)| *rect)
    }
}

pub fn too_small(area: Rect) -> bool {
    area.width < MIN_WIDTH || area.height < MIN_HEIGHT
}

/// The most rows the status line may take (it wraps, never cuts).
const STATUS_MAX_ROWS: u16 = 3;

/// Tab bar, body and status line; the status line grows to show its whole
/// message (a SHA, a path, every hint) wrapped.
fn chrome(app: &App, area: Rect) -> (Rect, Rect, Rect) {
    let theme = Theme::new(false);
    let rows = status_paragraph(app, &theme)
        .line_count(area.width)
        .clamp(1, STATUS_MAX_ROWS as usize) as u16;
    let [tabs, body, status] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(rows),
    ])
    .areas(area);
    (tabs, body, status)
}

/// The areas of the current screen for a terminal of `app.size`.
pub fn regions(app: &App) -> Regions {
    let area = Rect::new(0, 0, app.size.0, app.size.1);
    if too_small(area) {
        return Regions::default();
    }
    let (tabs, body, _) = chrome(app, area);
    let mut out = vec![(Region::Tabs, tabs)];
    match app.screen {
        Screen::Dashboard => out.push((Region::DashboardGaps, dashboard::layout(app, body).gaps)),
        Screen::Assess => {
            let l = assess::layout(body);
            out.push((Region::AssessTree, l.tree));
            out.push((Region::AssessDetail, l.detail));
        }
        Screen::Evidence => {
            let l = evidence::layout(app, body);
            out.push((Region::EvidenceRuns, l.runs));
            out.push((Region::EvidenceTargets, l.targets));
            out.push((Region::EvidenceDetails, l.details));
        }
        Screen::Frameworks => {
            let l = frameworks::layout(body);
            out.push((Region::FrameworkList, l.list));
            out.push((Region::FrameworkRequirements, l.requirements));
        }
        Screen::History | Screen::Soa => {}
    }
    Regions(out)
}

fn tab_labels() -> Vec<String> {
    Screen::ALL
        .iter()
        .enumerate()
        .map(|(i, s)| format!(" {} {} ", i + 1, s.title()))
        .collect()
}

/// The screen whose tab is drawn at `column` of the tab bar.
pub fn tab_at(column: u16) -> Option<Screen> {
    let mut x = 0u16;
    for (label, screen) in tab_labels().iter().zip(Screen::ALL) {
        let w = label.chars().count() as u16;
        if column >= x && column < x + w {
            return Some(screen);
        }
        x += w + 1;
    }
    None
}

/// Draw a frame, then pass every cell through the sanitiser: whatever a
/// server or a teammate wrote, no control or bidirectional character
/// reaches the terminal (the text itself is made safe where it is laid
/// out, with [`safe`]; this pass is the boundary that cannot be missed).
pub fn draw(app: &App, frame: &mut Frame) {
    draw_screens(app, frame);
    sanitize_buffer(frame.buffer_mut());
}

/// Replace any cell whose symbol holds a control or bidirectional
/// character with a visible stand-in of the same width.
pub fn sanitize_buffer(buf: &mut ratatui::buffer::Buffer) {
    for cell in buf.content.iter_mut() {
        if let Some(shown) = crate::sanitize::cell_symbol(cell.symbol()) {
            cell.set_symbol(shown);
        }
    }
}

/// Text from data (notes, names, server strings) as one safe line for a
/// span: newlines, controls and bidirectional characters shown as escapes.
pub fn safe(s: &str) -> String {
    crate::sanitize::line(s).into_owned()
}

fn draw_screens(app: &App, frame: &mut Frame) {
    let theme = Theme::new(app.color);
    let area = frame.area();
    if too_small(area) {
        let text = vec![
            Line::from(Span::styled(strings::TOO_SMALL, theme.title())),
            Line::from(strings::TOO_SMALL_HINT),
            Line::from(format!("(now {} x {})", area.width, area.height)),
        ];
        let y = area.height.saturating_sub(3) / 2;
        let rect = Rect::new(
            area.x,
            area.y + y,
            area.width,
            area.height.saturating_sub(y),
        );
        frame.render_widget(
            Paragraph::new(text)
                .alignment(Alignment::Center)
                .wrap(Wrap { trim: true }),
            rect,
        );
        return;
    }
    let (tabs, body, status) = chrome(app, area);
    draw_tabs(app, &theme, frame, tabs);
    match app.screen {
        Screen::Dashboard => dashboard::draw(app, &theme, frame, body),
        Screen::Assess => assess::draw(app, &theme, frame, body),
        Screen::Evidence => evidence::draw(app, &theme, frame, body),
        Screen::Frameworks if app.evidence_pending() => frame.render_widget(
            Paragraph::new("Reading the current evidence of every declared target: the scores follow in a moment.")
                .wrap(Wrap { trim: true })
                .block(pane(&theme, "Frameworks", false)),
            body,
        ),
        Screen::Frameworks => frameworks::draw(app, &theme, frame, body),
        Screen::History => history::draw(app, &theme, frame, body),
        Screen::Soa if app.evidence_pending() => frame.render_widget(
            Paragraph::new("Reading the current evidence of every declared target: the statement follows in a moment.")
                .wrap(Wrap { trim: true })
                .block(pane(&theme, "Statement of Applicability", false)),
            body,
        ),
        Screen::Soa => crate::tui::screens::soa::draw(app, &theme, frame, body),
    }
    draw_status(app, &theme, frame, status);
    match &app.popup {
        None => {}
        Some(Popup::Help { scroll }) => help::draw(&theme, frame, area, *scroll),
        Some(Popup::Note { question, editor }) => {
            popup::draw_note(app, &theme, frame, area, question, editor)
        }
        Some(Popup::Link { question, editor }) => {
            popup::draw_link(&theme, frame, area, question, editor)
        }
        Some(Popup::Search(s)) => popup::draw_search(&theme, frame, area, s),
        Some(Popup::TargetFilter { editor }) => {
            popup::draw_target_filter(&theme, frame, area, editor)
        }
        Some(Popup::Justify {
            control,
            applicable,
            editor,
        }) => popup::draw_justify(&theme, frame, area, control, *applicable, editor),
        Some(Popup::Attach { question, editor }) => {
            popup::draw_attach(&theme, frame, area, question, editor)
        }
        Some(Popup::Activity { control, editor }) => {
            popup::draw_activity(&theme, frame, area, control, editor)
        }
        Some(Popup::Unlink { question, selected }) => {
            popup::draw_unlink(app, &theme, frame, area, question, *selected)
        }
    }
}

fn draw_tabs(app: &App, theme: &Theme, frame: &mut Frame, area: Rect) {
    let mut spans = Vec::new();
    for (label, screen) in tab_labels().into_iter().zip(Screen::ALL) {
        let style = if screen == app.screen {
            theme.tab_active()
        } else {
            theme.tab()
        };
        spans.push(Span::styled(label, style));
        spans.push(Span::raw(" "));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
    let who = [
        app.assessment.config.organisation.name.as_str(),
        app.assessment.config.system.name.as_str(),
    ]
    .iter()
    .filter(|s| !s.is_empty())
    .copied()
    .collect::<Vec<_>>()
    .join(" / ");
    let right = if who.is_empty() {
        strings::APP_NAME.to_string()
    } else {
        format!("{} · {who}", strings::APP_NAME)
    };
    let width = (right.chars().count() as u16 + 1).min(area.width);
    let used: u16 = tab_labels()
        .iter()
        .map(|l| l.chars().count() as u16 + 1)
        .sum();
    if area.width > used + width {
        let rect = Rect::new(area.right() - width, area.y, width, 1);
        frame.render_widget(Paragraph::new(Span::styled(right, theme.dim())), rect);
    }
}

fn draw_status(app: &App, theme: &Theme, frame: &mut Frame, area: Rect) {
    frame.render_widget(status_paragraph(app, theme), area);
}

fn status_paragraph<'a>(app: &'a App, theme: &Theme) -> Paragraph<'a> {
    let mut spans = Vec::new();
    if let Some(p) = &app.probe {
        let done = p
            .targets
            .iter()
            .filter(|(_, s)| matches!(s, super::app::TargetProgress::Done { .. }))
            .count();
        spans.push(Span::styled(
            format!(" probing {done}/{} ", p.targets.len()),
            theme.badge(),
        ));
        spans.push(Span::raw(" "));
    }
    if app.unsaved() > 0 {
        spans.push(Span::styled(
            format!(" {} unsaved ", app.unsaved()),
            theme.bad_badge(),
        ));
        spans.push(Span::raw(" "));
    }
    match &app.status {
        Some(s) => {
            let style = match s.level {
                Level::Info => theme.info(),
                Level::Warn => theme.warn(),
                Level::Error => theme.bad(),
            };
            let prefix = match s.level {
                Level::Info => "",
                Level::Warn => "! ",
                Level::Error => "✗ ",
            };
            spans.push(Span::styled(format!("{prefix}{}", s.text), style));
        }
        None => spans.push(Span::styled(super::keymap::hints(app.screen), theme.dim())),
    }
    Paragraph::new(Line::from(spans)).wrap(Wrap { trim: true })
}

/// A bordered block whose title shows whether it has the keyboard focus.
pub fn pane<'a>(theme: &Theme, title: impl Into<String>, focused: bool) -> Block<'a> {
    let title = title.into();
    let title = if focused {
        format!("▸ {title} ")
    } else {
        format!(" {title} ")
    };
    Block::bordered()
        .title(Span::styled(
            title,
            if focused {
                theme.title()
            } else {
                theme.dim_title()
            },
        ))
        .border_style(if focused {
            theme.border_focus()
        } else {
            theme.border()
        })
}

/// The smallest scroll of a wrapped paragraph in a bordered `area` that
/// shows `lines[block]` whole (from its first line when it is taller).
pub fn scroll_to_show(lines: &[Line<'_>], block: std::ops::Range<usize>, area: Rect) -> u16 {
    let width = area.width.saturating_sub(2).max(1);
    let height = area.height.saturating_sub(2) as usize;
    let rows = |ls: &[Line<'_>]| {
        Paragraph::new(ls.to_vec())
            .wrap(Wrap { trim: false })
            .line_count(width)
    };
    let before = rows(&lines[..block.start]);
    let inside = rows(&lines[block]);
    (before + inside).saturating_sub(height).min(before) as u16
}

/// Pad or cut `s` to `width` display columns.
pub fn fit(s: &str, width: usize) -> String {
    let mut out = String::new();
    let mut w = 0;
    for c in s.chars() {
        let cw = Span::raw(c.to_string()).width();
        if w + cw > width {
            if w < width && !out.is_empty() {
                out.pop();
                out.push('…');
                w = Span::raw(out.clone()).width();
            }
            break;
        }
        out.push(c);
        w += cw;
    }
    out.push_str(&" ".repeat(width.saturating_sub(w)));
    out
}

pub use crate::scoring::fmt_score;

/// A short age like `5 min` from `at` to `now`.
pub use crate::scoring::fmt_age as age;

/// Centered rectangle of `pct_x` by `pct_y` percent, at least `min` big.
pub fn centered(area: Rect, pct_x: u16, pct_y: u16, min: (u16, u16)) -> Rect {
    let w = (area.width * pct_x / 100).max(min.0).min(area.width);
    let h = (area.height * pct_y / 100).max(min.1).min(area.height);
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    )
}
