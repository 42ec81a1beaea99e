//! One sanitiser for every string that leaves apiassure for a person to
//! read: terminal lines, TUI cells and the text reports (Markdown, HTML,
//! CSV). Servers (headers, certificate names, OpenAPI titles, OAuth
//! metadata) and teammates (notes, names) control many of those strings;
//! printed raw, an OSC 52 sequence writes the reader's clipboard, a CSI
//! sequence repaints the screen and a bidirectional override makes text
//! read backwards.
//!
//! Rule: C0 controls, DEL, C1 controls and the bidirectional embedding,
//! override, isolate and mark characters become visible escapes (`\x1b`,
//! `\u{202e}`); a newline and a tab survive only where the layout wants
//! them ([`text`]); CR, CRLF, U+2028 and U+2029 are normalised to a newline
//! first, so a bare CR can never start a line the layout did not make.
//! Stored JSON keeps the original text, escaped by JSON itself
//! ([`json`] escapes the characters JSON leaves raw).

use std::borrow::Cow;

/// Characters that reorder text or steer a terminal.
fn is_dangerous(c: char) -> bool {
    c.is_control() // C0, DEL, C1
        || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
        || matches!(c, '\u{200E}' | '\u{200F}' | '\u{061C}')
        || matches!(c, '\u{2028}' | '\u{2029}')
}

fn escape_into(out: &mut String, c: char) {
    use std::fmt::Write as _;
    if (c as u32) < 0x100 {
        let _ = write!(out, "\\x{:02x}", c as u32);
    } else {
        let _ = write!(out, "\\u{{{:04x}}}", c as u32);
    }
}

/// One line: every dangerous character, newlines and tabs included,
/// becomes a visible escape.
pub fn line(s: &str) -> Cow<'_, str> {
    if !s.chars().any(is_dangerous) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if is_dangerous(c) {
            escape_into(&mut out, c);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Text whose layout has lines: CR, CRLF, U+2028 and U+2029 become `\n`,
/// newlines and tabs are kept, every other dangerous character becomes a
/// visible escape.
pub fn text(s: &str) -> Cow<'_, str> {
    if !s.chars().any(|c| is_dangerous(c) && c != '\n' && c != '\t') {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\n' | '\t' => out.push(c),
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push('\n');
            }
            '\u{2028}' | '\u{2029}' => out.push('\n'),
            c if is_dangerous(c) => escape_into(&mut out, c),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// Data printed as it is (CSV, whose cells are already made safe): every
/// dangerous character but the line ends and tabs the format uses becomes a
/// visible escape, without normalising CRLF.
pub fn data(s: &str) -> Cow<'_, str> {
    if !s
        .chars()
        .any(|c| is_dangerous(c) && !matches!(c, '\n' | '\r' | '\t'))
    {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if is_dangerous(c) && !matches!(c, '\n' | '\r' | '\t') {
            escape_into(&mut out, c);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// JSON text as serde writes it, with the characters JSON leaves raw (DEL,
/// C1, bidirectional controls) written as `\uXXXX`: the same JSON value,
/// safe to print on a terminal. Those characters can only occur inside
/// strings, where the escape is valid.
pub fn json(s: &str) -> Cow<'_, str> {
    if !s.chars().any(is_dangerous) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if is_dangerous(c) && !matches!(c, '\n' | '\t' | '\r') {
            use std::fmt::Write as _;
            let _ = write!(out, "\\u{:04x}", c as u32);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// True when `s` holds nothing [`line`] would escape.
pub fn is_clean_line(s: &str) -> bool {
    !s.chars().any(is_dangerous)
}

/// A visible stand-in for one terminal cell holding a dangerous character
/// (the TUI's last line of defence, after layout: one cell stays one cell).
pub fn cell_symbol(symbol: &str) -> Option<&'static str> {
    let c = symbol.chars().find(|c| is_dangerous(*c))?;
    Some(match c {
        '\u{1b}' => "\u{241b}",
        '\u{7f}' => "\u{2421}",
        c if (c as u32) < 0x20 => "\u{2426}",
        _ => "\u{fffd}",
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOSTILE: &str =
        "ok\u{1b}]52;c;ZWNobyBoaQ==\u{7}\u{9b}2J\u{7f}\u{202e}dlrow\u{2066}x\u{2069}";

    #[test]
    fn lines_turn_every_control_into_a_visible_escape() {
        let out = line(HOSTILE);
        assert!(is_clean_line(&out), "{out:?}");
        assert_eq!(
            out,
            "ok\\x1b]52;c;ZWNobyBoaQ==\\x07\\x9b2J\\x7f\\u{202e}dlrow\\u{2066}x\\u{2069}"
        );
        assert_eq!(line("a\nb\tc"), "a\\x0ab\\x09c");
        assert!(matches!(line("plain ü"), Cow::Borrowed(_)));
    }

    #[test]
    fn text_keeps_layout_newlines_and_normalises_the_others() {
        assert_eq!(
            text("a\rb\r\nc\u{2028}d\u{2029}e\tf\n"),
            "a\nb\nc\nd\ne\tf\n"
        );
        assert_eq!(text("x\u{1b}[2Jy"), "x\\x1b[2Jy");
    }

    #[test]
    fn json_stays_the_same_value_and_loses_raw_controls() {
        let raw = serde_json::to_string(&serde_json::json!({ "note": HOSTILE })).unwrap();
        let safe = json(&raw);
        assert!(is_clean_line(&safe), "{safe}");
        let back: serde_json::Value = serde_json::from_str(&safe).unwrap();
        assert_eq!(back["note"], HOSTILE);
    }
}
