//! The README and the guide stay true: every guide page is linked from the
//! README, every relative link resolves, and every `apiassure` command shown
//! in a shell block parses with the real command line (a renamed flag or
//! subcommand fails here, not in a newcomer's terminal).

use std::path::{Path, PathBuf};

use clap::Parser;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn pages() -> Vec<PathBuf> {
    let mut out = vec![root().join("README.md")];
    let mut guide: Vec<PathBuf> = std::fs::read_dir(root().join("docs/guide"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .collect();
    guide.sort();
    out.extend(guide);
    out
}

/// Relative Markdown link targets in `text` (no scheme, no pure anchors).
fn links(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(i) = rest.find("](") {
        rest = &rest[i + 2..];
        let Some(end) = rest.find(')') else { break };
        let target = &rest[..end];
        if !target.contains("://") && !target.starts_with('#') && !target.starts_with("mailto:") {
            out.push(target.split('#').next().unwrap().to_string());
        }
    }
    out
}

#[test]
fn every_guide_page_is_linked_and_every_link_resolves() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    for page in pages().iter().skip(1) {
        let rel = page
            .strip_prefix(root())
            .unwrap()
            .to_string_lossy()
            .into_owned();
        assert!(
            readme.contains(&format!("]({rel})")),
            "README does not link {rel}"
        );
    }
    for page in pages() {
        let text = std::fs::read_to_string(&page).unwrap();
        for link in links(&text) {
            let target = page.parent().unwrap().join(&link);
            assert!(
                target.exists(),
                "{}: link to {link} does not resolve",
                page.display()
            );
        }
    }
}

/// Split a shell line into words: single and double quotes, backslash
/// escapes; stops at a pipe, a redirection, `&&`, `;` or a comment.
fn words(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut in_word = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\'' => {
                in_word = true;
                for d in chars.by_ref() {
                    if d == '\'' {
                        break;
                    }
                    cur.push(d);
                }
            }
            '"' => {
                in_word = true;
                while let Some(d) = chars.next() {
                    match d {
                        '"' => break,
                        '\\' => {
                            if let Some(e) = chars.next() {
                                cur.push(e);
                            }
                        }
                        d => cur.push(d),
                    }
                }
            }
            '\\' => {
                if let Some(d) = chars.next() {
                    cur.push(d);
                    in_word = true;
                }
            }
            '|' | '>' | ';' | '&' => break,
            '#' if !in_word => break,
            c if c.is_whitespace() => {
                if in_word {
                    out.push(std::mem::take(&mut cur));
                    in_word = false;
                }
            }
            c => {
                cur.push(c);
                in_word = true;
            }
        }
    }
    if in_word {
        out.push(cur);
    }
    out
}

/// `apiassure ...` command lines in shell blocks (continuations joined).
fn commands(path: &Path) -> Vec<(usize, String)> {
    let text = std::fs::read_to_string(path).unwrap();
    let mut out = Vec::new();
    let mut in_shell = false;
    let mut pending: Option<(usize, String)> = None;
    for (i, line) in text.lines().enumerate() {
        let t = line.trim();
        if let Some(lang) = t.strip_prefix("```") {
            in_shell = !in_shell && matches!(lang, "sh" | "bash" | "console" | "shell");
            continue;
        }
        if !in_shell {
            continue;
        }
        let t = t.strip_prefix("$ ").unwrap_or(t);
        let (start, mut cmd) = match pending.take() {
            Some((n, mut c)) => {
                c.push(' ');
                c.push_str(t);
                (n, c)
            }
            None if t.starts_with("apiassure ") || t == "apiassure" => (i + 1, t.to_string()),
            None => continue,
        };
        if cmd.ends_with('\\') {
            cmd.pop();
            pending = Some((start, cmd));
        } else {
            out.push((start, cmd));
        }
    }
    out
}

#[test]
fn every_command_shown_parses() {
    let mut seen = 0;
    for page in pages() {
        for (line, cmd) in commands(&page) {
            let argv = words(&cmd);
            if let Err(e) = apiassure::cli::Cli::try_parse_from(&argv) {
                use clap::error::ErrorKind;
                if matches!(e.kind(), ErrorKind::DisplayVersion | ErrorKind::DisplayHelp) {
                    seen += 1;
                    continue;
                }
                panic!("{}:{line}: `{cmd}` does not parse:\n{e}", page.display());
            }
            seen += 1;
        }
    }
    assert!(seen >= 20, "only {seen} commands found: the scan is broken");
}

#[test]
fn the_readme_stays_a_front_door() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let lines = readme.lines().count();
    assert!(
        lines <= 320,
        "README.md has {lines} lines: move detail to docs/guide/"
    );
    for must in ["cargo run --release", "cargo test", "apiassure report"] {
        assert!(readme.contains(must), "README lost `{must}`");
    }
}
