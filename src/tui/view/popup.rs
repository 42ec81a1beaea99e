//! Input popups: the multi-line note editor, the evidence-link input and the
//! incremental search. The terminal cursor is placed at the editing position.

use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, List, ListItem, ListState, Paragraph, Wrap};
use ratatui::Frame;

use super::{centered, pane, Theme};
use crate::tui::app::{App, SearchState};
use crate::tui::strings;
use crate::tui::widgets::editor::TextEditor;

fn width(s: &str) -> usize {
    Span::raw(s).width()
}

/// Draw the editor's lines in `area`, scrolled so the cursor is visible, and
/// put the terminal cursor there.
fn draw_editor(frame: &mut Frame, area: Rect, editor: &TextEditor) {
    if area.width == 0 || area.height == 0 {
        return;
    }
    let (row, col) = editor.cursor();
    let top = row.saturating_sub(area.height as usize - 1);
    let line = &editor.lines()[row];
    let before: String = line.chars().take(col).collect();
    // Skip characters from the left until the cursor fits on screen.
    let mut skip = 0;
    while width(&before.chars().skip(skip).collect::<String>()) >= area.width as usize {
        skip += 1;
    }
    let lines: Vec<Line> = editor
        .lines()
        .iter()
        .enumerate()
        .skip(top)
        .take(area.height as usize)
        .map(|(i, l)| {
            let shown: String = if i == row {
                l.chars().skip(skip).collect()
            } else {
                l.clone()
            };
            Line::from(shown)
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), area);
    let x = width(&before.chars().skip(skip).collect::<String>()) as u16;
    frame.set_cursor_position(Position::new(area.x + x, area.y + (row - top) as u16));
}

pub fn draw_note(
    app: &App,
    theme: &Theme,
    frame: &mut Frame,
    area: Rect,
    question: &str,
    editor: &TextEditor,
) {
    let rect = centered(area, 70, 60, (56, 12));
    frame.render_widget(Clear, rect);
    let block = pane(theme, format!("Note for {question}"), true);
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let [q, edit, help] = Layout::vertical([
        Constraint::Length(2),
        Constraint::Min(1),
        Constraint::Length(1),
    ])
    .areas(inner);
    let text = app
        .assessment
        .catalog
        .question(question)
        .map_or("", |(_, q)| q.text.as_str());
    frame.render_widget(
        Paragraph::new(Span::styled(text, theme.dim())).wrap(Wrap { trim: true }),
        q,
    );
    frame.render_widget(
        Paragraph::new(Span::styled(strings::NOTE_HELP, theme.dim())),
        help,
    );
    draw_editor(frame, edit, editor);
}

pub fn draw_link(
    theme: &Theme,
    frame: &mut Frame,
    area: Rect,
    question: &str,
    editor: &TextEditor,
) {
    let title = format!("Evidence link for {question}");
    draw_line_input(
        theme,
        frame,
        area,
        &title,
        "link ",
        strings::LINK_HELP,
        editor,
    );
}

/// The justification of an SoA decision.
pub fn draw_justify(
    theme: &Theme,
    frame: &mut Frame,
    area: Rect,
    control: &str,
    applicable: bool,
    editor: &TextEditor,
) {
    let title = if applicable {
        format!("Why {control} applies")
    } else {
        format!("Why {control} is excluded")
    };
    draw_line_input(
        theme,
        frame,
        area,
        &title,
        "why ",
        "Enter records the decision (journaled, soa.toml), Esc cancels; a justification is required",
        editor,
    );
}

/// An occurrence of a periodic practice: the day, then what was done.
pub fn draw_activity(
    theme: &Theme,
    frame: &mut Frame,
    area: Rect,
    control: &str,
    editor: &TextEditor,
) {
    let title = format!("Record an occurrence of {control}'s practice");
    draw_line_input(
        theme,
        frame,
        area,
        &title,
        "when, what ",
        "YYYY-MM-DD then what was done; Enter records it (journaled), Esc cancels",
        editor,
    );
}

/// The path of a file to attach.
pub fn draw_attach(
    theme: &Theme,
    frame: &mut Frame,
    area: Rect,
    question: &str,
    editor: &TextEditor,
) {
    let title = format!("Attach an evidence file to {question}");
    draw_line_input(
        theme,
        frame,
        area,
        &title,
        "file ",
        "a path (relative to the workspace); Enter stores it by SHA-256, Esc cancels",
        editor,
    );
}

/// The Evidence screen's target filter.
pub fn draw_target_filter(theme: &Theme, frame: &mut Frame, area: Rect, editor: &TextEditor) {
    let help = strings::TARGET_FILTER_HELP;
    draw_line_input(theme, frame, area, "Find targets", "filter ", help, editor);
}

/// A one-line input popup: a titled pane, a label, the editor, a help line.
fn draw_line_input(
    theme: &Theme,
    frame: &mut Frame,
    area: Rect,
    title: &str,
    label_text: &str,
    help_text: &str,
    editor: &TextEditor,
) {
    let rect = centered(area, 70, 0, (56, 4));
    frame.render_widget(Clear, rect);
    let block = pane(theme, title.to_string(), true);
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let [line, help] =
        Layout::vertical([Constraint::Length(1), Constraint::Length(1)]).areas(inner);
    frame.render_widget(Paragraph::new(Span::styled(help_text, theme.dim())), help);
    let width = label_text.chars().count() as u16 + 1;
    let [label, input] =
        Layout::horizontal([Constraint::Length(width), Constraint::Min(1)]).areas(line);
    frame.render_widget(
        Paragraph::new(Span::styled(label_text.to_string(), theme.title())),
        label,
    );
    draw_editor(frame, Rect { height: 1, ..input }, editor);
}

/// The chooser of an answer's evidence links to remove.
pub fn draw_unlink(
    app: &App,
    theme: &Theme,
    frame: &mut Frame,
    area: Rect,
    question: &str,
    selected: usize,
) {
    let links = app
        .assessment
        .answers
        .get(question)
        .map(|a| a.evidence.as_slice())
        .unwrap_or_default();
    let h = (links.len() as u16 + 3).clamp(5, 14).min(area.height);
    let w = (area.width * 70 / 100).max(56).min(area.width);
    let rect = Rect::new(area.x + (area.width - w) / 2, area.y + 3, w, h);
    frame.render_widget(Clear, rect);
    let block = pane(
        theme,
        format!("Remove an evidence link from {question}"),
        true,
    );
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let [list, help] = Layout::vertical([Constraint::Min(1), Constraint::Length(1)]).areas(inner);
    let items: Vec<ListItem> = links.iter().map(|l| ListItem::new(l.as_str())).collect();
    let mut state = ListState::default().with_selected(Some(selected));
    frame.render_stateful_widget(
        List::new(items).highlight_style(theme.selected(true)),
        list,
        &mut state,
    );
    frame.render_widget(
        Paragraph::new(Span::styled(strings::UNLINK_HELP, theme.dim())),
        help,
    );
}

pub fn draw_search(theme: &Theme, frame: &mut Frame, area: Rect, s: &SearchState) {
    let w = (area.width * 70 / 100).max(56).min(area.width);
    let h = (s.hits.len() as u16 + 4).clamp(5, 16).min(area.height);
    let rect = Rect::new(area.x + (area.width - w) / 2, area.y + 2, w, h);
    frame.render_widget(Clear, rect);
    let block = pane(
        theme,
        format!(
            "Search: {} ({})",
            match s.hits.len() {
                1 => "1 match".to_string(),
                n => format!("{n} matches"),
            },
            strings::SEARCH_HELP
        ),
        true,
    );
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let [label, list] = Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(inner);
    let [prompt, input] =
        Layout::horizontal([Constraint::Length(2), Constraint::Min(1)]).areas(label);
    frame.render_widget(Paragraph::new(Span::styled("/", theme.title())), prompt);
    let items: Vec<ListItem> = s
        .hits
        .iter()
        .map(|h| ListItem::new(h.label.as_str()))
        .collect();
    let mut state = ListState::default().with_selected((!s.hits.is_empty()).then_some(s.selected));
    frame.render_stateful_widget(
        List::new(items).highlight_style(theme.selected(true)),
        list,
        &mut state,
    );
    draw_editor(frame, input, &s.input);
}
