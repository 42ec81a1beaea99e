//! Secrets (API tokens) read from environment variables. The value never
//! appears in Debug or Display output, and [`scrub`] removes every known
//! secret from text before it is stored or shown, as a last line of defence.

use std::fmt;

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

/// Replace every occurrence of each secret (and its URL-encoded and base64
/// forms, and every JWT part) in `text`. Secrets shorter than 4 characters
/// are skipped: they would shred unrelated text and protect nothing.
pub fn scrub(text: &str, secrets: &[Secret]) -> String {
    use base64::Engine;
    let mut out = text.to_string();
    for s in secrets {
        let v = s.expose();
        if v.len() < 4 {
            continue;
        }
        let mut forms = vec![
            v.to_string(),
            base64::engine::general_purpose::STANDARD.encode(v),
            base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(v),
        ];
        let encoded: String = v
            .bytes()
            .map(|b| {
                if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
                    (b as char).to_string()
                } else {
                    format!("%{b:02X}")
                }
            })
            .collect();
        forms.push(encoded);
        // A JWT's signature alone identifies it; its payload may be quoted in part.
        forms.extend(v.split('.').filter(|p| p.len() >= 16).map(str::to_string));
        forms.sort_by_key(|f| std::cmp::Reverse(f.len()));
        for form in forms {
            if !form.is_empty() {
                out = out.replace(&form, REDACTED);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_and_display_hide_the_value() {
        let s = Secret::new("s3cr3t-token");
        assert!(!format!("{s:?} {s}").contains("s3cr3t"));
    }

    #[test]
    fn scrub_removes_plain_encoded_and_jwt_parts() {
        let jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c";
        let s = Secret::new(jwt);
        let text =
            format!("Authorization: Bearer {jwt} sig=SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c");
        let out = scrub(&text, &[s]);
        assert!(!out.contains("SflKxwRJ"), "{out}");
        let basic = Secret::new("user:pa ss");
        let out = scrub("q=user%3Apa%20ss b=dXNlcjpwYSBzcw==", &[basic]);
        assert_eq!(out, "q=[REDACTED] b=[REDACTED]");
    }
}
