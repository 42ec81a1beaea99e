//! The help popup, rendered from the keymap table itself.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Wrap};
use ratatui::Frame;

use super::{centered, fit, pane, Theme};
use crate::tui::keymap::{self, keys_label};

/// Width of the keys column: the longest key list, plus a gap.
fn keys_width() -> usize {
    keymap::KEYMAP
        .iter()
        .map(|b| keys_label(b.keys).chars().count())
        .max()
        .unwrap_or(8)
        .clamp(8, 22)
        + 2
}

pub fn lines(theme: &Theme) -> Vec<Line<'static>> {
    let mut out = Vec::new();
    let keys_w = keys_width();
    for (ctx, bindings) in keymap::by_context() {
        if !out.is_empty() {
            out.push(Line::default());
        }
        out.push(Line::from(Span::styled(
            ctx.title().to_string(),
            theme.heading(),
        )));
        for b in bindings {
            let keys = if b.keys.is_empty() {
                "(paste)".to_string()
            } else {
                keys_label(b.keys)
            };
            let spans = vec![
                Span::raw("  "),
                Span::styled(fit(&keys, keys_w), theme.title()),
                Span::raw(b.description),
            ];
            out.push(Line::from(spans));
        }
    }
    out
}

pub fn draw(theme: &Theme, frame: &mut Frame, area: Rect, scroll: u16) {
    // The whole width at 80 columns, so descriptions are not cut.
    let pct = if area.width <= 100 { 100 } else { 80 };
    let rect = centered(area, pct, 85, (58, 14));
    frame.render_widget(Clear, rect);
    frame.render_widget(
        Paragraph::new(lines(theme))
            .wrap(Wrap { trim: false })
            .scroll((scroll, 0))
            .block(pane(theme, "Keys (↑↓ scroll · Esc or ? closes)", true)),
        rect,
    );
}
