//! The one keymap: every key the TUI understands, what it does, where, and the
//! words the help screen shows. `resolve` dispatches from this table and the
//! help popup renders this table, so help cannot drift from behaviour.

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use super::action::{Action, Screen};
use crate::model::AnswerValue;

/// A key as written in the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    Char(char),
    Ctrl(char),
    Code(KeyCode),
}

impl Key {
    fn matches(self, ev: &KeyEvent) -> bool {
        let ctrl = ev.modifiers.contains(KeyModifiers::CONTROL);
        let alt = ev.modifiers.contains(KeyModifiers::ALT);
        match (self, ev.code) {
            (Key::Char(c), KeyCode::Char(e)) => !ctrl && !alt && c == e,
            (Key::Ctrl(c), KeyCode::Char(e)) => ctrl && c.eq_ignore_ascii_case(&e),
            (Key::Code(c), e) => !ctrl && !alt && c == e,
            _ => false,
        }
    }

    pub fn label(self) -> String {
        match self {
            Key::Char(' ') => "Space".into(),
            Key::Char(c) => c.to_string(),
            Key::Ctrl(c) => format!("Ctrl-{}", c.to_ascii_uppercase()),
            Key::Code(code) => match code {
                KeyCode::Up => "↑".into(),
                KeyCode::Down => "↓".into(),
                KeyCode::Left => "←".into(),
                KeyCode::Right => "→".into(),
                KeyCode::Enter => "Enter".into(),
                KeyCode::Esc => "Esc".into(),
                KeyCode::Tab => "Tab".into(),
                KeyCode::BackTab => "Shift-Tab".into(),
                KeyCode::Backspace => "Backspace".into(),
                KeyCode::Delete => "Delete".into(),
                KeyCode::Home => "Home".into(),
                KeyCode::End => "End".into(),
                KeyCode::PageUp => "PgUp".into(),
                KeyCode::PageDown => "PgDn".into(),
                other => format!("{other:?}"),
            },
        }
    }
}

/// Where a binding applies. Screen contexts win over `Global`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Context {
    Global,
    Screen(Screen),
    /// The multi-line note editor.
    Editor,
    /// The single-line evidence-link input.
    LineInput,
    /// The search popup.
    Search,
}

impl Context {
    pub fn title(self) -> &'static str {
        match self {
            Context::Global => "Everywhere",
            Context::Screen(s) => s.title(),
            Context::Editor => "Note editor",
            Context::LineInput => "Evidence link input",
            Context::Search => "Search",
        }
    }
}

/// What the keyboard is talking to right now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Normal(Screen),
    Help,
    Editor,
    LineInput,
    Search,
}

pub struct Binding {
    pub keys: &'static [Key],
    pub context: Context,
    /// `None`: the key goes to the text field as typed (documented here).
    pub action: Option<Action>,
    pub description: &'static str,
}

const fn b(
    keys: &'static [Key],
    context: Context,
    action: Action,
    description: &'static str,
) -> Binding {
    Binding {
        keys,
        context,
        action: Some(action),
        description,
    }
}

const fn typed(keys: &'static [Key], context: Context, description: &'static str) -> Binding {
    Binding {
        keys,
        context,
        action: None,
        description,
    }
}

use Context::{Editor, Global, LineInput, Search};
use Key::{Char, Code, Ctrl};

const ASSESS: Context = Context::Screen(Screen::Assess);
const EVIDENCE: Context = Context::Screen(Screen::Evidence);
const FRAMEWORKS: Context = Context::Screen(Screen::Frameworks);
const SOA: Context = Context::Screen(Screen::Soa);

pub static KEYMAP: &[Binding] = &[
    b(
        &[Char('q')],
        Global,
        Action::Quit,
        "quit (Esc closes popups first)",
    ),
    b(
        &[Char('?')],
        Global,
        Action::ToggleHelp,
        "show or hide this help",
    ),
    b(
        &[Char('1')],
        Global,
        Action::Show(Screen::Dashboard),
        "Dashboard: scores, worklist, conflicts",
    ),
    b(
        &[Char('2')],
        Global,
        Action::Show(Screen::Assess),
        "Assess: answer the questionnaire",
    ),
    b(
        &[Char('3')],
        Global,
        Action::Show(Screen::Evidence),
        "Evidence: probe runs and results",
    ),
    b(
        &[Char('4')],
        Global,
        Action::Show(Screen::Frameworks),
        "Frameworks: requirements and why they score",
    ),
    b(
        &[Char('5')],
        Global,
        Action::Show(Screen::History),
        "History: scores over time",
    ),
    b(
        &[Char('6')],
        Global,
        Action::Show(Screen::Soa),
        "SoA: decide which Annex A controls apply (ISO 27001)",
    ),
    b(
        &[Char('a')],
        SOA,
        Action::SoaDecide(true),
        "decide the control applicable (asks why)",
    ),
    b(
        &[Char('x')],
        SOA,
        Action::SoaDecide(false),
        "exclude the control (asks why: required)",
    ),
    b(
        &[Char('s')],
        SOA,
        Action::SoaStatus,
        "next status: implemented, partially implemented, planned, not implemented",
    ),
    b(
        &[Char('w')],
        SOA,
        Action::SoaWithdraw,
        "withdraw the decision (undecided again)",
    ),
    b(&[Code(KeyCode::Tab)], Global, Action::NextPane, "next pane"),
    b(
        &[Code(KeyCode::BackTab)],
        Global,
        Action::PrevPane,
        "previous pane",
    ),
    b(
        &[Code(KeyCode::Up), Char('k')],
        Global,
        Action::Up,
        "move up",
    ),
    b(
        &[Code(KeyCode::Down), Char('j')],
        Global,
        Action::Down,
        "move down",
    ),
    b(
        &[Code(KeyCode::Left), Char('h')],
        Global,
        Action::Left,
        "previous pane",
    ),
    b(
        &[Code(KeyCode::Right), Char('l')],
        Global,
        Action::Right,
        "next pane",
    ),
    b(
        &[Char('g'), Code(KeyCode::Home)],
        Global,
        Action::Top,
        "first item",
    ),
    b(
        &[Char('G'), Code(KeyCode::End)],
        Global,
        Action::Bottom,
        "last item",
    ),
    b(
        &[Code(KeyCode::PageUp)],
        Global,
        Action::PageUp,
        "scroll up a page",
    ),
    b(
        &[Code(KeyCode::PageDown)],
        Global,
        Action::PageDown,
        "scroll down a page",
    ),
    b(
        &[Code(KeyCode::Enter)],
        Global,
        Action::Select,
        "open / drill down",
    ),
    b(
        &[Code(KeyCode::Esc), Code(KeyCode::Backspace)],
        Global,
        Action::Back,
        "close popup / go back",
    ),
    b(
        &[Char('x')],
        Global,
        Action::ExportReport,
        "export the audit report (PDF, in reports/)",
    ),
    b(
        &[Char('y')],
        ASSESS,
        Action::Answer(AnswerValue::Yes),
        "answer yes",
    ),
    b(
        &[Char('p')],
        ASSESS,
        Action::Answer(AnswerValue::Partial),
        "answer partial",
    ),
    b(
        &[Char('n')],
        ASSESS,
        Action::Answer(AnswerValue::No),
        "answer no",
    ),
    b(
        &[Char('a')],
        ASSESS,
        Action::Answer(AnswerValue::Na),
        "answer n/a (not applicable)",
    ),
    b(
        &[Char('e')],
        ASSESS,
        Action::EditNote,
        "edit the answer's note",
    ),
    b(
        &[Char('L')],
        ASSESS,
        Action::AddLink,
        "add an evidence link",
    ),
    b(
        &[Char('A')],
        ASSESS,
        Action::Attach,
        "attach an evidence file (stored by SHA-256)",
    ),
    b(
        &[Char('R')],
        ASSESS,
        Action::RecordActivity,
        "record an occurrence of the control's periodic practice (date and note)",
    ),
    b(
        &[Char('D')],
        ASSESS,
        Action::RemoveLink,
        "remove an evidence link (choose with ↑↓, Enter removes)",
    ),
    b(
        &[Char('c')],
        ASSESS,
        Action::ClearAnswer,
        "clear the answer (not assessed again)",
    ),
    b(
        &[Char('z')],
        ASSESS,
        Action::Undo,
        "undo the last change of this session",
    ),
    b(
        &[Char('u')],
        ASSESS,
        Action::NextUnanswered,
        "next unanswered question",
    ),
    b(
        &[Char('/')],
        ASSESS,
        Action::Search,
        "search controls and questions",
    ),
    b(
        &[Char('f')],
        ASSESS,
        Action::CycleFilter,
        "filter: each framework, then mine, then overdue (cycles)",
    ),
    b(
        &[Char('f')],
        FRAMEWORKS,
        Action::CycleFilter,
        "show the next framework",
    ),
    b(
        &[Char('r')],
        EVIDENCE,
        Action::StartProbe,
        "probe the declared targets now",
    ),
    b(
        &[Code(KeyCode::Esc)],
        EVIDENCE,
        Action::Back,
        "cancel a running probe",
    ),
    b(
        &[Ctrl('s')],
        Editor,
        Action::InputSave,
        "save the note and close",
    ),
    b(
        &[Code(KeyCode::Esc), Ctrl('c')],
        Editor,
        Action::InputDiscard,
        "close without saving (Esc always cancels)",
    ),
    typed(&[Code(KeyCode::Enter)], Editor, "new line"),
    typed(
        &[
            Code(KeyCode::Left),
            Code(KeyCode::Right),
            Code(KeyCode::Up),
            Code(KeyCode::Down),
        ],
        Editor,
        "move the cursor",
    ),
    typed(
        &[Code(KeyCode::Home), Code(KeyCode::End)],
        Editor,
        "start / end of line",
    ),
    typed(
        &[Code(KeyCode::Backspace), Code(KeyCode::Delete)],
        Editor,
        "delete before / at the cursor",
    ),
    typed(
        &[],
        Editor,
        "paste with your terminal's paste: newlines are kept",
    ),
    b(
        &[Code(KeyCode::Enter), Ctrl('s')],
        LineInput,
        Action::InputSave,
        "add the link",
    ),
    b(
        &[Code(KeyCode::Esc), Ctrl('c')],
        LineInput,
        Action::InputDiscard,
        "cancel",
    ),
    typed(
        &[
            Code(KeyCode::Left),
            Code(KeyCode::Right),
            Code(KeyCode::Home),
            Code(KeyCode::End),
        ],
        LineInput,
        "move the cursor",
    ),
    b(
        &[Code(KeyCode::Enter)],
        Search,
        Action::Select,
        "jump to the selected match",
    ),
    b(
        &[Code(KeyCode::Esc)],
        Search,
        Action::Back,
        "cancel and return",
    ),
    b(&[Code(KeyCode::Up)], Search, Action::Up, "previous match"),
    b(
        &[Code(KeyCode::Down), Code(KeyCode::Tab)],
        Search,
        Action::Down,
        "next match",
    ),
    typed(
        &[Code(KeyCode::Backspace)],
        Search,
        "type to search (incremental); Backspace deletes",
    ),
];

/// The action for a key in a mode, or `None` when the key means nothing there.
pub fn resolve(mode: Mode, key: KeyEvent) -> Option<Action> {
    if key.kind == KeyEventKind::Release {
        return None;
    }
    let lookup = |ctx: Context| {
        KEYMAP
            .iter()
            .filter(|b| b.context == ctx)
            .find(|b| b.keys.iter().any(|k| k.matches(&key)))
    };
    match mode {
        Mode::Normal(screen) => lookup(Context::Screen(screen))
            .or_else(|| lookup(Global))
            .and_then(|b| b.action.clone()),
        Mode::Help => lookup(Global).and_then(|b| b.action.clone()),
        Mode::Editor | Mode::LineInput | Mode::Search => {
            let ctx = match mode {
                Mode::Editor => Editor,
                Mode::LineInput => LineInput,
                _ => Search,
            };
            match lookup(ctx).and_then(|b| b.action.clone()) {
                Some(a) => Some(a),
                None => Some(Action::Input(key)),
            }
        }
    }
}

/// The status-line hints of each screen: actions and a word for them. The
/// keys shown come from [`KEYMAP`], so a hint cannot name a key that does
/// something else.
/// Actions and the word the status line shows for them.
type Hint = (&'static [Action], &'static str);

static HINTS: &[(Screen, &[Hint])] = &[
    (
        Screen::Dashboard,
        &[
            (&[Action::Select], "open in Assess"),
            (SCREENS, "screens"),
            (&[Action::ToggleHelp], "help"),
            (&[Action::Quit], "quit"),
        ],
    ),
    (
        Screen::Assess,
        &[
            (
                &[
                    Action::Answer(AnswerValue::Yes),
                    Action::Answer(AnswerValue::Partial),
                    Action::Answer(AnswerValue::No),
                    Action::Answer(AnswerValue::Na),
                ],
                "answer",
            ),
            (&[Action::ClearAnswer], "clear"),
            (&[Action::Undo], "undo"),
            (&[Action::EditNote], "note"),
            (&[Action::AddLink], "link"),
            (&[Action::Attach], "attach"),
            (&[Action::RemoveLink], "unlink"),
            (&[Action::NextUnanswered], "next open"),
            (&[Action::Search], "search"),
            (&[Action::CycleFilter], "filter"),
            (&[Action::ToggleHelp], "help"),
        ],
    ),
    (
        Screen::Evidence,
        &[
            (&[Action::StartProbe], "probe"),
            (&[Action::Back], "cancel probe"),
            (&[Action::NextPane], "panes"),
            (&[Action::ToggleHelp], "help"),
        ],
    ),
    (
        Screen::Frameworks,
        &[
            (&[Action::Select], "why / open the control"),
            (&[Action::Back], "back"),
            (&[Action::CycleFilter], "next framework"),
            (&[Action::ToggleHelp], "help"),
        ],
    ),
    (
        Screen::History,
        &[
            (SCREENS, "screens"),
            (&[Action::ToggleHelp], "help"),
            (&[Action::Quit], "quit"),
        ],
    ),
    (
        Screen::Soa,
        &[
            (&[Action::SoaDecide(true)], "applicable"),
            (&[Action::SoaDecide(false)], "exclude"),
            (&[Action::SoaStatus], "status"),
            (&[Action::SoaWithdraw], "withdraw"),
            (&[Action::ToggleHelp], "help"),
        ],
    ),
];

const SCREENS: &[Action] = &[
    Action::Show(Screen::Dashboard),
    Action::Show(Screen::Assess),
    Action::Show(Screen::Evidence),
    Action::Show(Screen::Frameworks),
    Action::Show(Screen::History),
    Action::Show(Screen::Soa),
];

/// The first key bound to `action` on `screen` (its own bindings first).
fn key_for(screen: Screen, action: &Action) -> Option<Key> {
    let find = |ctx: Context| {
        KEYMAP
            .iter()
            .filter(|b| b.context == ctx && b.action.as_ref() == Some(action))
            .find_map(|b| b.keys.first().copied())
    };
    find(Context::Screen(screen)).or_else(|| find(Global))
}

/// The status-line hint text for `screen`, e.g. `y/p/n/a answer · c clear`.
pub fn hints(screen: Screen) -> String {
    let Some((_, list)) = HINTS.iter().find(|(s, _)| *s == screen) else {
        return String::new();
    };
    list.iter()
        .filter_map(|(actions, word)| {
            let keys: Vec<String> = actions
                .iter()
                .filter_map(|a| key_for(screen, a))
                .map(|k| k.label())
                .collect();
            if keys.is_empty() {
                return None;
            }
            let digits = keys.len() > 2
                && keys
                    .iter()
                    .all(|k| k.len() == 1 && k.as_bytes()[0].is_ascii_digit());
            let keys = if digits {
                format!("{}-{}", keys[0], keys[keys.len() - 1])
            } else {
                keys.join("/")
            };
            Some(format!("{keys} {word}"))
        })
        .collect::<Vec<_>>()
        .join(" · ")
}

/// Bindings grouped by context, in table order, for the help popup.
pub fn by_context() -> Vec<(Context, Vec<&'static Binding>)> {
    let mut out: Vec<(Context, Vec<&'static Binding>)> = Vec::new();
    for b in KEYMAP {
        match out.iter_mut().find(|(c, _)| *c == b.context) {
            Some((_, list)) => list.push(b),
            None => out.push((b.context, vec![b])),
        }
    }
    out
}

pub fn keys_label(keys: &[Key]) -> String {
    keys.iter().map(|k| k.label()).collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    #[test]
    fn one_meaning_per_key_and_screen_keys_only_where_they_apply() {
        let l = key(KeyCode::Char('l'));
        for screen in [Screen::Assess, Screen::Dashboard] {
            assert_eq!(resolve(Mode::Normal(screen), l), Some(Action::Right));
        }
        let big_l = key(KeyCode::Char('L'));
        assert_eq!(
            resolve(Mode::Normal(Screen::Assess), big_l),
            Some(Action::AddLink)
        );
        assert_eq!(resolve(Mode::Normal(Screen::Dashboard), big_l), None);
        assert_eq!(
            resolve(Mode::Normal(Screen::Dashboard), key(KeyCode::Char('y'))),
            None
        );
    }

    #[test]
    fn text_modes_pass_characters_through_and_keep_their_commands() {
        let y = key(KeyCode::Char('y'));
        assert_eq!(resolve(Mode::Editor, y), Some(Action::Input(y)));
        let ctrl_s = KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL);
        assert_eq!(resolve(Mode::Editor, ctrl_s), Some(Action::InputSave));
        assert_eq!(
            resolve(Mode::Editor, key(KeyCode::Esc)),
            Some(Action::InputDiscard),
            "Esc always cancels"
        );
        assert_eq!(
            resolve(Mode::LineInput, key(KeyCode::Esc)),
            Some(Action::InputDiscard)
        );
        let enter = key(KeyCode::Enter);
        assert_eq!(resolve(Mode::Editor, enter), Some(Action::Input(enter)));
        assert_eq!(resolve(Mode::Search, enter), Some(Action::Select));
    }

    #[test]
    fn shifted_letters_match_their_character() {
        let g = KeyEvent::new(KeyCode::Char('G'), KeyModifiers::SHIFT);
        assert_eq!(
            resolve(Mode::Normal(Screen::Assess), g),
            Some(Action::Bottom)
        );
    }

    #[test]
    fn hints_name_the_keys_the_keymap_binds() {
        let assess = hints(Screen::Assess);
        assert!(
            assess.starts_with("y/p/n/a answer · c clear · z undo · e note · L link"),
            "{assess}"
        );
        assert!(hints(Screen::Dashboard).contains("1-6 screens"));
        for (screen, list) in HINTS {
            for (actions, word) in *list {
                for a in *actions {
                    assert!(
                        key_for(*screen, a).is_some(),
                        "no key for {word} on {screen:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn no_key_is_bound_twice_in_one_context() {
        for (ctx, list) in by_context() {
            let mut seen = Vec::new();
            for b in list {
                for k in b.keys {
                    assert!(!seen.contains(k), "{k:?} bound twice in {ctx:?}");
                    seen.push(*k);
                }
            }
        }
    }
}
