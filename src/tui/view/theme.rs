//! Styles in one place. With `NO_COLOR` set (https://no-color.org) every style
//! falls back to modifiers (bold, reversed, underlined, dim), and the views
//! always print symbols and words next to colors, so nothing depends on hue.

use ratatui::style::{Color, Modifier, Style};

use crate::model::{AnswerValue, CheckOutcome};
use crate::scoring::Band;

#[derive(Debug, Clone, Copy)]
pub struct Theme {
    pub color: bool,
}

impl Theme {
    pub fn new(color: bool) -> Theme {
        Theme { color }
    }

    fn pick(&self, colored: Style, plain: Style) -> Style {
        if self.color {
            colored
        } else {
            plain
        }
    }

    pub fn title(&self) -> Style {
        self.pick(
            Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
            Style::new().add_modifier(Modifier::BOLD),
        )
    }

    pub fn dim_title(&self) -> Style {
        Style::new()
    }

    pub fn heading(&self) -> Style {
        self.pick(
            Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD),
            Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
        )
    }

    pub fn border(&self) -> Style {
        self.pick(Style::new().fg(Color::DarkGray), Style::new())
    }

    pub fn border_focus(&self) -> Style {
        self.pick(
            Style::new().fg(Color::Cyan),
            Style::new().add_modifier(Modifier::BOLD),
        )
    }

    pub fn tab(&self) -> Style {
        self.pick(Style::new().fg(Color::Gray), Style::new())
    }

    pub fn tab_active(&self) -> Style {
        self.pick(
            Style::new()
                .fg(Color::Black)
                .bg(Color::Cyan)
                .add_modifier(Modifier::BOLD),
            Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD),
        )
    }

    pub fn selected(&self, focused: bool) -> Style {
        match (self.color, focused) {
            (true, true) => Style::new()
                .bg(Color::Blue)
                .fg(Color::White)
                .add_modifier(Modifier::BOLD),
            (true, false) => Style::new().bg(Color::DarkGray),
            (false, true) => Style::new().add_modifier(Modifier::REVERSED),
            (false, false) => Style::new().add_modifier(Modifier::UNDERLINED),
        }
    }

    pub fn dim(&self) -> Style {
        self.pick(
            Style::new().fg(Color::DarkGray),
            Style::new().add_modifier(Modifier::DIM),
        )
    }

    pub fn info(&self) -> Style {
        self.pick(Style::new().fg(Color::Cyan), Style::new())
    }

    pub fn good(&self) -> Style {
        self.pick(Style::new().fg(Color::Green), Style::new())
    }

    pub fn warn(&self) -> Style {
        self.pick(
            Style::new().fg(Color::Yellow),
            Style::new().add_modifier(Modifier::BOLD),
        )
    }

    pub fn bad(&self) -> Style {
        self.pick(
            Style::new().fg(Color::Red).add_modifier(Modifier::BOLD),
            Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
        )
    }

    pub fn badge(&self) -> Style {
        self.pick(
            Style::new().fg(Color::Black).bg(Color::Yellow),
            Style::new().add_modifier(Modifier::REVERSED),
        )
    }

    pub fn bad_badge(&self) -> Style {
        self.pick(
            Style::new()
                .fg(Color::White)
                .bg(Color::Red)
                .add_modifier(Modifier::BOLD),
            Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD),
        )
    }

    pub fn band(&self, band: Band) -> Style {
        match band {
            Band::Ready => self.good(),
            Band::MinorGaps => self.pick(Style::new().fg(Color::LightGreen), Style::new()),
            Band::MajorGaps => self.warn(),
            Band::NotReady => self.bad(),
            Band::NotApplicable | Band::InsufficientCoverage => self.dim(),
        }
    }

    pub fn gauge(&self, band: Band) -> Style {
        self.pick(self.band(band), Style::new().add_modifier(Modifier::BOLD))
    }

    pub fn outcome(&self, o: CheckOutcome) -> Style {
        match o {
            CheckOutcome::Pass => self.good(),
            CheckOutcome::Warn => self.warn(),
            CheckOutcome::Fail => self.bad(),
            CheckOutcome::Info => self.info(),
            CheckOutcome::Error => self.pick(
                Style::new().fg(Color::Magenta),
                Style::new().add_modifier(Modifier::ITALIC),
            ),
        }
    }

    pub fn answer(&self, a: Option<AnswerValue>) -> Style {
        match a {
            Some(AnswerValue::Yes) => self.good(),
            Some(AnswerValue::Partial) => self.warn(),
            Some(AnswerValue::No) => self.bad(),
            Some(AnswerValue::Na) => self.dim(),
            Some(AnswerValue::Accepted) => self.dim(),
            None => self.pick(
                Style::new().fg(Color::Magenta),
                Style::new().add_modifier(Modifier::ITALIC),
            ),
        }
    }

    /// A color per framework series in the history chart.
    pub fn series(&self, i: usize) -> Style {
        const COLORS: [Color; 6] = [
            Color::Cyan,
            Color::Yellow,
            Color::Green,
            Color::Magenta,
            Color::LightRed,
            Color::LightBlue,
        ];
        self.pick(Style::new().fg(COLORS[i % COLORS.len()]), Style::new())
    }
}

pub fn outcome_symbol(o: CheckOutcome) -> &'static str {
    match o {
        CheckOutcome::Pass => "✓",
        CheckOutcome::Warn => "!",
        CheckOutcome::Fail => "✗",
        CheckOutcome::Info => "i",
        CheckOutcome::Error => "?",
    }
}

/// Fixed-width answer badge, readable without color.
pub fn answer_badge(a: Option<AnswerValue>) -> &'static str {
    match a {
        Some(AnswerValue::Yes) => "[yes    ]",
        Some(AnswerValue::Partial) => "[partial]",
        Some(AnswerValue::No) => "[no     ]",
        Some(AnswerValue::Na) => "[n/a    ]",
        Some(AnswerValue::Accepted) => "[accept ]",
        None => "[  ---  ]",
    }
}
