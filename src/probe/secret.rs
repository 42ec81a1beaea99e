//! Secrets (API tokens) read from environment variables. The value never
//! appears in Debug or Display output, and a [`Scrubber`] removes every
//! known secret from text before it is stored or shown, as a last line of
//! defence behind the rule that credentials are never echoed on purpose.

use std::collections::HashMap;
use std::fmt;

use base64::Engine;

/// A token. Its value is only reachable through [`Secret::expose`].
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Secret {
        Secret(value.into())
    }

    /// Read the variable `name`; `Ok(None)` when unset or empty.
    pub fn from_env(name: &str) -> Option<Secret> {
        std::env::var(name)
            .ok()
            .filter(|v| !v.trim().is_empty())
            .map(|v| Secret(v.trim().to_string()))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret([REDACTED])")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[REDACTED]")
    }
}

pub const REDACTED: &str = "[REDACTED]";

/// Shortest run of a secret that is cut out wherever it appears: a server
/// that quotes part of a token (a truncated log line, an excerpt) leaks it.
pub const MIN_FRAGMENT: usize = 8;

/// Secrets shorter than this are matched only whole: shorter ones would
/// shred unrelated text and protect nothing.
const MIN_SECRET: usize = 4;

/// Removes every known secret from text, in every form a server or a URL
/// can give it back:
///
/// - raw, and any fragment of [`MIN_FRAGMENT`] bytes or more of it (which
///   covers each part of a JWT and a prefix cut by an excerpt);
/// - percent-encoded with upper- or lower-case hex, whichever characters
///   the encoder chose to escape, and form-encoded (`+` for a space);
/// - JSON string escapes (`\"`, `\u00e9`, surrogate pairs), `\xHH`, and
///   HTML character references (`&amp;`, `&#126;`, `&#x7E;`);
/// - base64 and base64url, padded or not, of the secret and of each header
///   value that carries it (`Bearer <token>`, `Basic <base64>`), at every
///   byte alignment so a fragment's encoding is found too.
///
/// Text is first decoded into a byte view where each byte remembers the
/// span of the original text it came from; secrets are matched there and
/// the matching spans (widened to whole characters) are replaced.
#[derive(Debug, Default, Clone)]
pub struct Scrubber {
    patterns: Vec<Vec<u8>>,
    /// Every [`MIN_FRAGMENT`]-byte window of every long pattern.
    grams: HashMap<u64, Vec<(u32, u32)>>,
}

impl Scrubber {
    pub fn new(secrets: &[Secret]) -> Scrubber {
        let mut patterns: Vec<Vec<u8>> = Vec::new();
        for s in secrets {
            let v = s.expose();
            if v.len() < MIN_SECRET {
                continue;
            }
            patterns.push(normalize(v.as_bytes()));
            let basic = base64::engine::general_purpose::STANDARD.encode(v);
            for carrier in [
                v.to_string(),
                format!("Bearer {v}"),
                format!("Basic {basic}"),
                format!("Authorization: Bearer {v}"),
            ] {
                let bytes = carrier.as_bytes();
                for skip in 0..3.min(bytes.len()) {
                    // Padded forms too, so the match takes the `=` along.
                    for engine in [
                        &base64::engine::general_purpose::STANDARD,
                        &base64::engine::general_purpose::URL_SAFE,
                    ] {
                        let enc = engine.encode(&bytes[skip..]);
                        if enc.len() >= MIN_SECRET {
                            patterns.push(normalize(enc.as_bytes()));
                        }
                    }
                }
            }
        }
        patterns.sort();
        patterns.dedup();
        let mut grams: HashMap<u64, Vec<(u32, u32)>> = HashMap::new();
        for (p, pat) in patterns.iter().enumerate() {
            if pat.len() < MIN_FRAGMENT {
                continue;
            }
            for j in 0..=pat.len() - MIN_FRAGMENT {
                grams
                    .entry(gram(&pat[j..]))
                    .or_default()
                    .push((p as u32, j as u32));
            }
        }
        Scrubber { patterns, grams }
    }

    pub fn is_empty(&self) -> bool {
        self.patterns.is_empty()
    }

    /// `text` with every form of every secret replaced by [`REDACTED`].
    pub fn scrub(&self, text: &str) -> String {
        if self.patterns.is_empty() || text.is_empty() {
            return text.to_string();
        }
        let view = decode(text);
        let bytes: Vec<u8> = view.iter().map(|u| u.byte).collect();
        let mut hit = vec![false; bytes.len()];
        self.mark_fragments(&bytes, &mut hit);
        self.mark_short(&bytes, &mut hit);
        let mut spans: Vec<(usize, usize)> = Vec::new();
        let mut i = 0;
        while i < hit.len() {
            if !hit[i] {
                i += 1;
                continue;
            }
            let start = view[i].start;
            while i < hit.len() && hit[i] {
                i += 1;
            }
            let end = view[i - 1].end;
            let start = floor_char(text, start);
            let end = ceil_char(text, end);
            match spans.last_mut() {
                Some(last) if start <= last.1 => last.1 = last.1.max(end),
                _ => spans.push((start, end)),
            }
        }
        if spans.is_empty() {
            return text.to_string();
        }
        let mut out = String::with_capacity(text.len());
        let mut at = 0;
        for (start, end) in spans {
            out.push_str(&text[at..start]);
            out.push_str(REDACTED);
            at = end;
        }
        out.push_str(&text[at..]);
        out
    }

    /// Mark every run of at least [`MIN_FRAGMENT`] bytes that also occurs
    /// in a pattern: find a shared window, then extend it as far as it goes.
    fn mark_fragments(&self, bytes: &[u8], hit: &mut [bool]) {
        if self.grams.is_empty() || bytes.len() < MIN_FRAGMENT {
            return;
        }
        let mut i = 0;
        while i + MIN_FRAGMENT <= bytes.len() {
            let mut best = 0;
            if let Some(starts) = self.grams.get(&gram(&bytes[i..])) {
                for &(p, j) in starts {
                    let pat = &self.patterns[p as usize][j as usize..];
                    let len = pat
                        .iter()
                        .zip(&bytes[i..])
                        .take_while(|(a, b)| a == b)
                        .count();
                    best = best.max(len);
                }
            }
            if best >= MIN_FRAGMENT {
                hit[i..i + best].iter_mut().for_each(|h| *h = true);
                i += best;
            } else {
                i += 1;
            }
        }
    }

    /// Short secrets (under [`MIN_FRAGMENT`] bytes) are matched whole.
    fn mark_short(&self, bytes: &[u8], hit: &mut [bool]) {
        for pat in self.patterns.iter().filter(|p| p.len() < MIN_FRAGMENT) {
            let mut i = 0;
            while i + pat.len() <= bytes.len() {
                if bytes[i..i + pat.len()] == pat[..] {
                    hit[i..i + pat.len()].iter_mut().for_each(|h| *h = true);
                    i += pat.len();
                } else {
                    i += 1;
                }
            }
        }
    }
}

/// Replace every occurrence of each secret in every encoding (see
/// [`Scrubber`]). Builds a scrubber per call: hold one for repeated use.
pub fn scrub(text: &str, secrets: &[Secret]) -> String {
    Scrubber::new(secrets).scrub(text)
}

fn gram(bytes: &[u8]) -> u64 {
    let mut b = [0u8; 8];
    b.copy_from_slice(&bytes[..MIN_FRAGMENT]);
    u64::from_le_bytes(b)
}

/// A space and a `+` are the same byte to the matcher: form encoding turns
/// one into the other. (Over-matching only ever redacts more.)
fn normalize(bytes: &[u8]) -> Vec<u8> {
    bytes.iter().map(|&b| norm(b)).collect()
}

fn norm(b: u8) -> u8 {
    if b == b' ' {
        b'+'
    } else {
        b
    }
}

/// One decoded byte and the span of the original text it came from.
#[derive(Debug, Clone, Copy)]
struct Unit {
    byte: u8,
    start: usize,
    end: usize,
}

/// Undo the escapes a server or URL may apply: percent-encoding, JSON and
/// C-style backslash escapes, HTML character references. One level deep;
/// anything that is not a complete escape stays as it is.
fn decode(text: &str) -> Vec<Unit> {
    let b = text.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let (decoded, len) = match b[i] {
            b'%' => percent(&b[i..]),
            b'\\' => backslash(&b[i..]),
            b'&' => entity(&b[i..]),
            _ => (None, 1),
        };
        match decoded {
            Some(bytes) => {
                for byte in bytes {
                    out.push(Unit {
                        byte: norm(byte),
                        start: i,
                        end: i + len,
                    });
                }
                i += len;
            }
            None => {
                out.push(Unit {
                    byte: norm(b[i]),
                    start: i,
                    end: i + 1,
                });
                i += 1;
            }
        }
    }
    out
}

fn hex(b: &[u8]) -> Option<u32> {
    if b.is_empty() || !b.iter().all(u8::is_ascii_hexdigit) {
        return None;
    }
    u32::from_str_radix(std::str::from_utf8(b).ok()?, 16).ok()
}

fn utf8(c: u32) -> Option<Vec<u8>> {
    let ch = char::from_u32(c)?;
    let mut buf = [0u8; 4];
    Some(ch.encode_utf8(&mut buf).as_bytes().to_vec())
}

fn percent(b: &[u8]) -> (Option<Vec<u8>>, usize) {
    match b.get(1..3).and_then(hex) {
        Some(v) => (Some(vec![v as u8]), 3),
        None => (None, 1),
    }
}

fn backslash(b: &[u8]) -> (Option<Vec<u8>>, usize) {
    let simple = |c: u8| (Some(vec![c]), 2);
    match b.get(1) {
        Some(b'"') => simple(b'"'),
        Some(b'\\') => simple(b'\\'),
        Some(b'/') => simple(b'/'),
        Some(b'\'') => simple(b'\''),
        Some(b'b') => simple(0x08),
        Some(b'f') => simple(0x0c),
        Some(b'n') => simple(b'\n'),
        Some(b'r') => simple(b'\r'),
        Some(b't') => simple(b'\t'),
        Some(b'x') => match b.get(2..4).and_then(hex) {
            Some(v) => (Some(vec![v as u8]), 4),
            None => (None, 1),
        },
        Some(b'u') => {
            let Some(hi) = b.get(2..6).and_then(hex) else {
                return (None, 1);
            };
            if (0xD800..0xDC00).contains(&hi) {
                let lo = (b.get(6..8) == Some(b"\\u"))
                    .then(|| b.get(8..12).and_then(hex))
                    .flatten()
                    .filter(|lo| (0xDC00..0xE000).contains(lo));
                if let Some(lo) = lo {
                    let c = 0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00);
                    return (utf8(c), 12);
                }
                return (None, 1);
            }
            match utf8(hi) {
                Some(bytes) => (Some(bytes), 6),
                None => (None, 1),
            }
        }
        _ => (None, 1),
    }
}

fn entity(b: &[u8]) -> (Option<Vec<u8>>, usize) {
    let Some(end) = b.iter().take(12).position(|&c| c == b';') else {
        return (None, 1);
    };
    let name = &b[1..end];
    let len = end + 1;
    let named = |c: u8| (Some(vec![c]), len);
    match name {
        b"amp" | b"AMP" => named(b'&'),
        b"lt" | b"LT" => named(b'<'),
        b"gt" | b"GT" => named(b'>'),
        b"quot" | b"QUOT" => named(b'"'),
        b"apos" => named(b'\''),
        b"sol" => named(b'/'),
        b"equals" => named(b'='),
        b"plus" => named(b'+'),
        b"tilde" => named(b'~'),
        b"ast" | b"midast" => named(b'*'),
        b"nbsp" => named(b' '),
        _ => {
            let code = match name {
                [b'#', b'x' | b'X', rest @ ..] => hex(rest),
                [b'#', rest @ ..] if !rest.is_empty() && rest.iter().all(u8::is_ascii_digit) => {
                    std::str::from_utf8(rest).ok().and_then(|s| s.parse().ok())
                }
                _ => None,
            };
            match code.and_then(utf8) {
                Some(bytes) => (Some(bytes), len),
                None => (None, 1),
            }
        }
    }
}

fn floor_char(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn ceil_char(text: &str, mut i: usize) -> usize {
    while i < text.len() && !text.is_char_boundary(i) {
        i += 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every encoding the scrubber promises, built independently here.
    fn encodings(v: &str) -> Vec<String> {
        let pct = |upper: bool, keep: &[u8], space_plus: bool| -> String {
            v.bytes()
                .map(|b| {
                    if b.is_ascii_alphanumeric() || keep.contains(&b) {
                        (b as char).to_string()
                    } else if b == b' ' && space_plus {
                        "+".into()
                    } else if upper {
                        format!("%{b:02X}")
                    } else {
                        format!("%{b:02x}")
                    }
                })
                .collect()
        };
        let b64 = |s: &str| {
            use base64::engine::general_purpose::*;
            vec![
                STANDARD.encode(s),
                STANDARD_NO_PAD.encode(s),
                URL_SAFE.encode(s),
                URL_SAFE_NO_PAD.encode(s),
            ]
        };
        let json = serde_json::to_string(v).unwrap();
        let json_ascii: String = v
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() {
                    c.to_string()
                } else {
                    let mut buf = [0u16; 2];
                    c.encode_utf16(&mut buf)
                        .iter()
                        .map(|u| format!("\\u{u:04x}"))
                        .collect()
                }
            })
            .collect();
        let html: String = v
            .chars()
            .map(|c| match c {
                '&' => "&amp;".into(),
                '<' => "&lt;".into(),
                '"' => "&quot;".into(),
                c if c.is_ascii_alphanumeric() => c.to_string(),
                c => format!("&#{};", c as u32),
            })
            .collect();
        let mut out = vec![
            v.to_string(),
            pct(true, b"-._~", false),
            pct(false, b"-._~", false),
            pct(true, b"*-._", true),
            pct(false, b"*-._", true),
            pct(true, b"", false),
            pct(false, b"", true),
            json[1..json.len() - 1].to_string(),
            json_ascii,
            html,
        ];
        out.extend(b64(v));
        out.extend(b64(&format!("Bearer {v}")));
        out.extend(b64(&format!(
            "Basic {}",
            base64::engine::general_purpose::STANDARD.encode(v)
        )));
        out
    }

    #[test]
    fn debug_and_display_hide_the_value() {
        let s = Secret::new("s3cr3t-token");
        assert!(!format!("{s:?} {s}").contains("s3cr3t"));
    }

    #[test]
    fn every_encoding_of_a_hostile_token_is_removed() {
        let token = "tok~en*with space/é€\"<&>+=ok_9f8e7d6c";
        let s = Scrubber::new(&[Secret::new(token)]);
        for (i, form) in encodings(token).iter().enumerate() {
            let text = format!("before {form} after");
            let out = s.scrub(&text);
            assert_eq!(out, "before [REDACTED] after", "encoding {i}: {form}");
        }
    }

    #[test]
    fn fragments_of_eight_bytes_or_more_are_removed_shorter_ones_kept() {
        let token = "sk_live_51Hx9QwErTy7UiOp3AsDf";
        let s = Scrubber::new(&[Secret::new(token)]);
        // A prefix cut by an excerpt, a middle part, a suffix.
        assert_eq!(s.scrub("key=sk_live_51Hx9Qw…"), "key=[REDACTED]…");
        assert_eq!(s.scrub("(9QwErTy7Ui)"), "([REDACTED])");
        assert_eq!(s.scrub("x OpAsDf y"), "x OpAsDf y");
        assert_eq!(s.scrub("…UiOp3AsDf"), "…[REDACTED]");
        // Seven bytes of it are not a fragment.
        assert_eq!(s.scrub("sk_live"), "sk_live");
    }

    #[test]
    fn jwt_parts_and_whole_header_base64_are_removed() {
        let jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c";
        let s = Scrubber::new(&[Secret::new(jwt)]);
        let out =
            s.scrub("sig=SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c hdr=eyJhbGciOiJIUzI1NiJ9");
        assert_eq!(out, "sig=[REDACTED] hdr=[REDACTED]");
        use base64::engine::general_purpose::STANDARD;
        let whole = STANDARD.encode(format!("Bearer {jwt}"));
        assert_eq!(s.scrub(&format!("echo: {whole}")), "echo: [REDACTED]");
    }

    #[test]
    fn unrelated_text_and_escapes_survive() {
        let s = Scrubber::new(&[Secret::new("a-very-secret-token")]);
        let text = "100% of &amp; \\u00e9 \\ & % done, 日本語 ✓";
        assert_eq!(s.scrub(text), text);
        assert_eq!(Scrubber::new(&[]).scrub(text), text);
    }

    #[test]
    fn short_secrets_match_whole_and_tiny_ones_are_ignored() {
        let s = Scrubber::new(&[Secret::new("ab12c"), Secret::new("xy")]);
        assert_eq!(s.scrub("k=ab12c&xy=1"), "k=[REDACTED]&xy=1");
    }

    #[test]
    fn a_match_inside_a_multibyte_character_widens_to_the_character() {
        // The secret ends with the first bytes of nothing; the text holds
        // it directly before a multibyte character.
        let s = Scrubber::new(&[Secret::new("€€€abcdefgh")]);
        let out = s.scrub("x€€abcdefgh€y");
        assert!(out.is_char_boundary(0));
        assert!(!out.contains("abcdefgh"), "{out}");
    }
}
