//! A small multi-line text editor for answer notes: a vector of lines and a
//! cursor counted in characters (not bytes), so any Unicode text can be moved
//! through and edited safely. View state only; drawing is in `view::popup`.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextEditor {
    lines: Vec<String>,
    /// Cursor line.
    row: usize,
    /// Cursor position in characters within the line.
    col: usize,
    /// Single-line editors turn newlines into spaces.
    multiline: bool,
}

impl TextEditor {
    pub fn new(text: &str, multiline: bool) -> TextEditor {
        let mut ed = TextEditor {
            lines: vec![String::new()],
            row: 0,
            col: 0,
            multiline,
        };
        ed.insert_str(text);
        ed
    }

    pub fn text(&self) -> String {
        self.lines.join("\n")
    }

    pub fn lines(&self) -> &[String] {
        &self.lines
    }

    /// (line, character column) of the cursor.
    pub fn cursor(&self) -> (usize, usize) {
        (self.row, self.col)
    }

    fn line_len(&self, row: usize) -> usize {
        self.lines[row].chars().count()
    }

    fn byte_at(&self, row: usize, col: usize) -> usize {
        let line = &self.lines[row];
        line.char_indices().nth(col).map_or(line.len(), |(i, _)| i)
    }

    pub fn insert_char(&mut self, c: char) {
        if c == '\n' {
            if self.multiline {
                return self.newline();
            }
            return self.insert_char(' ');
        }
        if c == '\r' || (c.is_control() && c != '\t') {
            return;
        }
        let at = self.byte_at(self.row, self.col);
        self.lines[self.row].insert(at, c);
        self.col += 1;
    }

    /// Insert text as typed, e.g. from a paste; `\r\n` and `\r` count as newlines.
    pub fn insert_str(&mut self, text: &str) {
        let normalized = text.replace("\r\n", "\n").replace('\r', "\n");
        for c in normalized.chars() {
            self.insert_char(c);
        }
    }

    pub fn newline(&mut self) {
        let at = self.byte_at(self.row, self.col);
        let rest = self.lines[self.row].split_off(at);
        self.lines.insert(self.row + 1, rest);
        self.row += 1;
        self.col = 0;
    }

    pub fn backspace(&mut self) {
        if self.col > 0 {
            let at = self.byte_at(self.row, self.col - 1);
            self.lines[self.row].remove(at);
            self.col -= 1;
        } else if self.row > 0 {
            let line = self.lines.remove(self.row);
            self.row -= 1;
            self.col = self.line_len(self.row);
            self.lines[self.row].push_str(&line);
        }
    }

    pub fn delete(&mut self) {
        if self.col < self.line_len(self.row) {
            let at = self.byte_at(self.row, self.col);
            self.lines[self.row].remove(at);
        } else if self.row + 1 < self.lines.len() {
            let next = self.lines.remove(self.row + 1);
            self.lines[self.row].push_str(&next);
        }
    }

    pub fn left(&mut self) {
        if self.col > 0 {
            self.col -= 1;
        } else if self.row > 0 {
            self.row -= 1;
            self.col = self.line_len(self.row);
        }
    }

    pub fn right(&mut self) {
        if self.col < self.line_len(self.row) {
            self.col += 1;
        } else if self.row + 1 < self.lines.len() {
            self.row += 1;
            self.col = 0;
        }
    }

    pub fn up(&mut self) {
        if self.row > 0 {
            self.row -= 1;
            self.col = self.col.min(self.line_len(self.row));
        } else {
            self.col = 0;
        }
    }

    pub fn down(&mut self) {
        if self.row + 1 < self.lines.len() {
            self.row += 1;
            self.col = self.col.min(self.line_len(self.row));
        } else {
            self.col = self.line_len(self.row);
        }
    }

    pub fn home(&mut self) {
        self.col = 0;
    }

    pub fn end(&mut self) {
        self.col = self.line_len(self.row);
    }

    /// Apply a key the editor handles itself; returns false when it does not.
    pub fn handle_key(&mut self, key: KeyEvent) -> bool {
        if key
            .modifiers
            .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
        {
            return false;
        }
        match key.code {
            KeyCode::Char(c) => self.insert_char(c),
            KeyCode::Tab => self.insert_char('\t'),
            KeyCode::Enter => self.insert_char('\n'),
            KeyCode::Backspace => self.backspace(),
            KeyCode::Delete => self.delete(),
            KeyCode::Left => self.left(),
            KeyCode::Right => self.right(),
            KeyCode::Up => self.up(),
            KeyCode::Down => self.down(),
            KeyCode::Home => self.home(),
            KeyCode::End => self.end(),
            _ => return false,
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edits_unicode_by_character_not_byte() {
        let mut ed = TextEditor::new("Überprüfung ✓ 日本", true);
        assert_eq!(ed.cursor(), (0, 16));
        ed.backspace();
        assert_eq!(ed.text(), "Überprüfung ✓ 日");
        ed.home();
        ed.right();
        ed.delete();
        assert_eq!(ed.text(), "Üerprüfung ✓ 日");
        ed.insert_char('b');
        assert_eq!(ed.text(), "Überprüfung ✓ 日");
        assert_eq!(ed.cursor(), (0, 2));
    }

    #[test]
    fn newlines_split_and_join_lines() {
        let mut ed = TextEditor::new("ab", true);
        ed.left();
        ed.newline();
        assert_eq!(ed.lines(), ["a", "b"]);
        assert_eq!(ed.cursor(), (1, 0));
        ed.backspace();
        assert_eq!(ed.lines(), ["ab"]);
        assert_eq!(ed.cursor(), (0, 1));
        ed.end();
        ed.insert_str("\r\nc\nd");
        assert_eq!(ed.text(), "ab\nc\nd");
        ed.up();
        ed.up();
        assert_eq!(ed.cursor(), (0, 1));
        ed.down();
        ed.down();
        ed.down();
        assert_eq!(ed.cursor(), (2, 1));
        ed.home();
        ed.left();
        assert_eq!(ed.cursor(), (1, 1));
        ed.delete();
        assert_eq!(ed.text(), "ab\ncd");
    }

    #[test]
    fn single_line_inputs_turn_newlines_into_spaces() {
        let ed = TextEditor::new("https://a\nb", false);
        assert_eq!(ed.text(), "https://a b");
    }
}
