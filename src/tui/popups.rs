//! The popups over every screen: help, the note editor, the one-line
//! inputs (evidence link, attachment path, activity, SoA justification,
//! target filter) and search. While one is open, `App::update` sends actions here.
//! `Esc` cancels, `Ctrl-S` (or Enter in one-line inputs) confirms.

use super::action::Action;
use super::app::{scroll, App, Level, Popup};
use super::screens::assess::{AssessFocus, Change};
use super::widgets::editor::TextEditor;

/// What a text field does with an action: confirm, cancel, or keep
/// editing (the key or paste applied).
enum Edit {
    Save(TextEditor),
    Cancel,
    Keep(TextEditor),
}

fn edit(mut editor: TextEditor, action: Action) -> Edit {
    match action {
        Action::InputSave => Edit::Save(editor),
        Action::InputDiscard => Edit::Cancel,
        Action::Input(key) => {
            editor.handle_key(key);
            Edit::Keep(editor)
        }
        Action::Paste(text) => {
            editor.insert_str(&text);
            Edit::Keep(editor)
        }
        _ => Edit::Keep(editor),
    }
}

impl App {
    pub(crate) fn update_popup(&mut self, action: Action) {
        let Some(popup) = self.popup.take() else {
            return;
        };
        match popup {
            Popup::Help { scroll: s } => {
                let mut s = s;
                match action {
                    Action::Up => scroll(&mut s, -1),
                    Action::Down => scroll(&mut s, 1),
                    Action::PageUp => scroll(&mut s, -self.page()),
                    Action::PageDown => scroll(&mut s, self.page()),
                    Action::Top => s = 0,
                    Action::ToggleHelp | Action::Back | Action::Quit => return,
                    Action::Scroll { delta, .. } => scroll(&mut s, delta as isize),
                    _ => {}
                }
                self.popup = Some(Popup::Help { scroll: s });
            }
            Popup::Note {
                question,
                mut editor,
            } => match action {
                Action::InputSave => {
                    let text = editor.text().trim_end().to_string();
                    if self
                        .assessment
                        .answers
                        .get(&question)
                        .map(|a| a.note.as_str())
                        != Some(text.as_str())
                    {
                        self.change(question.clone(), Change::Note(text));
                        if self.na_reason_for.take().as_deref() == Some(question.as_str()) {
                            // The n/a this reason belongs to already saved the
                            // state to undo to: `z` undoes both at once.
                            self.undo_stack.pop();
                        }
                        if self.pending.is_empty() {
                            self.set_status(Level::Info, format!("{question}: note saved"));
                        }
                    }
                    self.na_reason_for = None;
                }
                Action::InputDiscard => {
                    self.na_reason_for = None;
                    self.set_status(Level::Info, "note not changed")
                }
                Action::Input(key) => {
                    editor.handle_key(key);
                    self.popup = Some(Popup::Note { question, editor });
                }
                Action::Paste(text) => {
                    editor.insert_str(&text);
                    self.popup = Some(Popup::Note { question, editor });
                }
                _ => self.popup = Some(Popup::Note { question, editor }),
            },
            Popup::Link { question, editor } => match edit(editor, action) {
                Edit::Save(editor) => {
                    let link = editor.text().trim().to_string();
                    let already = self
                        .assessment
                        .answers
                        .get(&question)
                        .is_some_and(|a| a.evidence.contains(&link));
                    if already {
                        self.set_status(
                            Level::Warn,
                            format!("{question} already links {link}: not added twice"),
                        );
                        self.popup = Some(Popup::Link { question, editor });
                    } else if !link.is_empty() {
                        self.change(question.clone(), Change::Link(link));
                        if self.pending.is_empty() {
                            self.set_status(
                                Level::Info,
                                format!("{question}: evidence link added"),
                            );
                        }
                    }
                }
                Edit::Cancel => {}
                Edit::Keep(editor) => self.popup = Some(Popup::Link { question, editor }),
            },
            Popup::Justify {
                control,
                applicable,
                editor,
            } => match edit(editor, action) {
                Edit::Save(editor) => {
                    let text = editor.text().trim().to_string();
                    if text.is_empty() {
                        self.set_status(
                            Level::Warn,
                            format!("{control}: a decision needs a justification (ISO/IEC 27001 6.1.3 d)"),
                        );
                        self.popup = Some(Popup::Justify {
                            control,
                            applicable,
                            editor,
                        });
                    } else {
                        self.save_justification(&control, applicable, &text);
                    }
                }
                Edit::Cancel => {}
                Edit::Keep(editor) => {
                    self.popup = Some(Popup::Justify {
                        control,
                        applicable,
                        editor,
                    })
                }
            },
            Popup::Activity { control, editor } => match edit(editor, action) {
                Edit::Save(editor) => {
                    let text = editor.text().trim().to_string();
                    self.record_activity(&control, &text);
                }
                Edit::Cancel => {}
                Edit::Keep(editor) => self.popup = Some(Popup::Activity { control, editor }),
            },
            Popup::Attach { question, editor } => match edit(editor, action) {
                Edit::Save(editor) => {
                    let path = editor.text().trim().to_string();
                    if !path.is_empty() {
                        self.attach_file(&question, &path);
                    }
                }
                Edit::Cancel => {}
                Edit::Keep(editor) => self.popup = Some(Popup::Attach { question, editor }),
            },
            Popup::TargetFilter { editor } => match edit(editor, action) {
                Edit::Save(editor) => {
                    self.evidence.filter = editor.text().trim().to_string();
                    self.evidence.targets.select(0);
                    self.evidence.detail_scroll = 0;
                    let shown = self.visible_targets().len();
                    let msg = if self.evidence.filter.is_empty() {
                        format!("filter off: {shown} targets")
                    } else {
                        format!("filter \"{}\": {shown} targets", self.evidence.filter)
                    };
                    self.set_status(Level::Info, msg);
                }
                Edit::Cancel => {}
                Edit::Keep(editor) => self.popup = Some(Popup::TargetFilter { editor }),
            },
            Popup::Unlink { question, selected } => {
                let links = self
                    .assessment
                    .answers
                    .get(&question)
                    .map(|a| a.evidence.clone())
                    .unwrap_or_default();
                let n = links.len().max(1);
                match action {
                    Action::Up => {
                        self.popup = Some(Popup::Unlink {
                            question,
                            selected: (selected + n - 1) % n,
                        })
                    }
                    Action::Down | Action::NextPane => {
                        self.popup = Some(Popup::Unlink {
                            question,
                            selected: (selected + 1) % n,
                        })
                    }
                    Action::Select => {
                        if let Some(link) = links.get(selected) {
                            self.change(question.clone(), Change::Unlink(link.clone()));
                            if self.pending.is_empty() {
                                self.set_status(
                                    Level::Info,
                                    format!("{question}: removed evidence link {link} (z undoes)"),
                                );
                            }
                        }
                    }
                    Action::Back | Action::Quit => {}
                    _ => self.popup = Some(Popup::Unlink { question, selected }),
                }
            }
            Popup::Search(mut s) => match action {
                Action::Back => {
                    let (c, q) = s.origin;
                    self.select_control(c, Some(q));
                }
                Action::Select => {
                    if let Some(hit) = s.hits.get(s.selected) {
                        if hit.question.is_some() {
                            self.assess.focus = AssessFocus::Questions;
                        }
                        let label = hit.label.clone();
                        self.set_status(Level::Info, format!("jumped to {label}"));
                    }
                }
                Action::Up | Action::Down => {
                    let n = s.hits.len();
                    if n > 0 {
                        s.selected = if action == Action::Up {
                            (s.selected + n - 1) % n
                        } else {
                            (s.selected + 1) % n
                        };
                    }
                    self.popup = Some(Popup::Search(s));
                    self.preview_search();
                }
                Action::Input(key) => {
                    s.input.handle_key(key);
                    s.hits = self.search_hits(&s.input.text());
                    s.selected = 0;
                    self.popup = Some(Popup::Search(s));
                    self.preview_search();
                }
                Action::Paste(text) => {
                    s.input.insert_str(&text);
                    s.hits = self.search_hits(&s.input.text());
                    s.selected = 0;
                    self.popup = Some(Popup::Search(s));
                    self.preview_search();
                }
                _ => self.popup = Some(Popup::Search(s)),
            },
        }
    }
}
