//! An OpenAPI document (YAML or JSON) parsed into a JSON value together with
//! where each node is in the file, so a finding can name the line and column
//! a reviewer (or a code-scanning annotation) should look at.
//!
//! One pass over the YAML event stream builds both. JSON is YAML's flow
//! style, so the same parser reads `.json` files. Scalars follow the YAML 1.2
//! core schema (plain `true`, `null`, `12`, `1.5` are typed; quoted ones are
//! strings); mapping keys are always strings (`200:` stays `"200"`). Anchors
//! and aliases are expanded with a node budget and a byte budget (an alias
//! costs the full size of what it repeats), so an alias bomb, made of many
//! small nodes or of one large scalar repeated, is refused within bounded
//! memory instead of exhausting it, and `<<` merge keys are applied.

use std::collections::HashMap;

use serde_json::{Map, Value};
use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::{Marker, TScalarStyle};

/// Deepest nesting accepted (real documents stay well under 30).
pub const MAX_DEPTH: usize = 128;
/// Most nodes a document may expand to, aliases included: this many, plus
/// one per four bytes of the document (a node takes at least that much
/// text), so a large real description fits and a small bomb stays small.
pub const MAX_NODES: usize = 1_000_000;
/// Most bytes of text (scalars and keys) a document may expand to, aliases
/// included: this many, plus four times the document's own size.
pub const MAX_EXPANDED_BYTES: usize = 16 << 20;

/// A 1-based line and column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Pos {
    pub line: u32,
    pub column: u32,
}

/// The parsed document and the position of every node, by JSON pointer
/// (RFC 6901). An object member is located at its key.
#[derive(Debug, Clone)]
pub struct Located {
    pub value: Value,
    /// Keyed by a 64-bit hash of the pointer: the pointers themselves
    /// would take more memory than the document.
    positions: HashMap<u64, Pos>,
}

impl Located {
    /// A value with no positions (a document converted from another
    /// shape: its findings are located in the original).
    pub fn detached(value: Value) -> Located {
        Located {
            value,
            positions: HashMap::new(),
        }
    }

    /// Where `pointer` is, or its nearest located ancestor (a pointer into a
    /// `$ref`'d schema is always located).
    pub fn position(&self, pointer: &str) -> Pos {
        let mut p = pointer;
        loop {
            if let Some(pos) = self.positions.get(&key(p)) {
                return *pos;
            }
            match p.rfind('/') {
                Some(i) => p = &p[..i],
                None => return Pos { line: 1, column: 1 },
            }
        }
    }
}

/// Why a document could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}, column {column}: {message}")]
pub struct ParseError {
    pub line: u32,
    pub column: u32,
    pub message: String,
}

/// Escape one pointer segment (`~` as `~0`, `/` as `~1`).
pub fn escape(segment: &str) -> String {
    if segment.contains(['~', '/']) {
        segment.replace('~', "~0").replace('/', "~1")
    } else {
        segment.to_string()
    }
}

enum Frame {
    Seq {
        items: Vec<Value>,
        anchor: usize,
        pointer: String,
    },
    Map {
        map: Map<String, Value>,
        /// The key read, waiting for its value.
        key: Option<String>,
        anchor: usize,
        pointer: String,
    },
}

struct Builder {
    stack: Vec<Frame>,
    root: Option<Value>,
    /// Each anchor's value with its size in nodes and bytes.
    anchors: HashMap<usize, (Value, usize, usize)>,
    positions: HashMap<u64, Pos>,
    nodes: usize,
    bytes: usize,
    max_nodes: usize,
    max_bytes: usize,
    error: Option<ParseError>,
}

/// A pointer's key in the position map (SipHash with fixed keys: the same
/// pointer always gives the same key).
fn key(pointer: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::hash::DefaultHasher::new();
    pointer.hash(&mut h);
    h.finish()
}

fn pos(mark: Marker) -> Pos {
    Pos {
        line: mark.line() as u32,
        column: mark.col() as u32 + 1,
    }
}

fn scalar(text: String, style: TScalarStyle) -> Value {
    if style != TScalarStyle::Plain {
        return Value::String(text);
    }
    match text.as_str() {
        "" | "~" | "null" | "Null" | "NULL" => Value::Null,
        "true" | "True" | "TRUE" => Value::Bool(true),
        "false" | "False" | "FALSE" => Value::Bool(false),
        t => {
            if let Ok(i) = t.parse::<i64>() {
                return Value::from(i);
            }
            if let Some(hex) = t.strip_prefix("0x") {
                if let Ok(i) = i64::from_str_radix(hex, 16) {
                    return Value::from(i);
                }
            }
            if let Some(oct) = t.strip_prefix("0o") {
                if let Ok(i) = i64::from_str_radix(oct, 8) {
                    return Value::from(i);
                }
            }
            let numeric = t
                .trim_start_matches(['-', '+'])
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_digit() || c == '.');
            if numeric {
                if let Ok(f) = t.parse::<f64>() {
                    if f.is_finite() {
                        if let Some(n) = serde_json::Number::from_f64(f) {
                            return Value::Number(n);
                        }
                    }
                }
            }
            Value::String(text)
        }
    }
}

/// Nodes and bytes of text in a value (to charge alias expansions).
fn size(v: &Value) -> (usize, usize) {
    match v {
        Value::Array(a) => a
            .iter()
            .map(size)
            .fold((1, 0), |(n, b), (x, y)| (n + x, b + y)),
        Value::Object(o) => o
            .iter()
            .map(|(k, v)| {
                let (n, b) = size(v);
                (n, b + k.len())
            })
            .fold((1, 0), |(n, b), (x, y)| (n + x, b + y)),
        Value::String(s) => (1, s.len()),
        _ => (1, 8),
    }
}

impl Builder {
    fn fail(&mut self, mark: Marker, message: impl Into<String>) {
        if self.error.is_none() {
            let p = pos(mark);
            self.error = Some(ParseError {
                line: p.line,
                column: p.column,
                message: message.into(),
            });
        }
    }

    /// The pointer of the node about to be read, or None when it is a key.
    fn next_pointer(&self) -> Option<String> {
        match self.stack.last() {
            None => Some(String::new()),
            Some(Frame::Seq { items, pointer, .. }) => Some(format!("{pointer}/{}", items.len())),
            Some(Frame::Map {
                key: Some(k),
                pointer,
                ..
            }) => Some(format!("{pointer}/{}", escape(k))),
            Some(Frame::Map { key: None, .. }) => None,
        }
    }

    fn charge(&mut self, n: usize, bytes: usize, mark: Marker) -> bool {
        self.nodes = self.nodes.saturating_add(n);
        self.bytes = self.bytes.saturating_add(bytes);
        if self.nodes > self.max_nodes {
            let max = self.max_nodes;
            self.fail(
                mark,
                format!("the document expands to more than {max} nodes (an alias bomb?); not read"),
            );
            return false;
        }
        if self.bytes > self.max_bytes {
            let max = self.max_bytes >> 20;
            self.fail(
                mark,
                format!(
                    "the document expands to more than {max} MiB of text (an alias bomb: an anchor repeated by aliases counts in full each time); not read"
                ),
            );
            return false;
        }
        true
    }

    /// Put a finished node where it belongs.
    fn attach(&mut self, value: Value, anchor: usize, mark: Marker) {
        if anchor > 0 {
            let (n, b) = size(&value);
            self.anchors.insert(anchor, (value.clone(), n, b));
        }
        match self.stack.last_mut() {
            None => self.root = Some(value),
            Some(Frame::Seq { items, .. }) => items.push(value),
            Some(Frame::Map { map, key, .. }) => match key.take() {
                None => {
                    let k = match value {
                        Value::String(s) => s,
                        Value::Null => "null".to_string(),
                        Value::Bool(b) => b.to_string(),
                        Value::Number(n) => n.to_string(),
                        _ => {
                            self.fail(mark, "a mapping key is itself a mapping or sequence");
                            return;
                        }
                    };
                    *key = Some(k);
                }
                Some(k) if k == "<<" => match value {
                    // Merge keys: explicit keys win over merged ones.
                    Value::Object(o) => {
                        for (mk, mv) in o {
                            map.entry(mk).or_insert(mv);
                        }
                    }
                    Value::Array(list) => {
                        for item in list {
                            if let Value::Object(o) = item {
                                for (mk, mv) in o {
                                    map.entry(mk).or_insert(mv);
                                }
                            }
                        }
                    }
                    other => {
                        map.insert(k, other);
                    }
                },
                Some(k) => {
                    map.insert(k, value);
                }
            },
        }
    }
}

impl MarkedEventReceiver for Builder {
    fn on_event(&mut self, ev: Event, mark: Marker) {
        if self.error.is_some() {
            return;
        }
        match ev {
            Event::Scalar(text, style, anchor, _) => {
                if !self.charge(1, text.len(), mark) {
                    return;
                }
                match self.next_pointer() {
                    Some(p) => {
                        // A value: located at its key when it has one.
                        self.positions.entry(key(&p)).or_insert(pos(mark));
                    }
                    None => {
                        if let Some(Frame::Map { pointer, .. }) = self.stack.last() {
                            let p = format!("{pointer}/{}", escape(&text));
                            self.positions.insert(key(&p), pos(mark));
                        }
                    }
                }
                self.attach(scalar(text, style), anchor, mark);
            }
            Event::SequenceStart(anchor, _) | Event::MappingStart(anchor, _) => {
                if self.stack.len() >= MAX_DEPTH {
                    self.fail(
                        mark,
                        format!("nesting deeper than {MAX_DEPTH} levels; not read"),
                    );
                    return;
                }
                if !self.charge(1, 0, mark) {
                    return;
                }
                let Some(pointer) = self.next_pointer() else {
                    self.fail(mark, "a mapping key is itself a mapping or sequence");
                    return;
                };
                self.positions.entry(key(&pointer)).or_insert(pos(mark));
                self.stack.push(if matches!(ev, Event::SequenceStart(..)) {
                    Frame::Seq {
                        items: Vec::new(),
                        anchor,
                        pointer,
                    }
                } else {
                    Frame::Map {
                        map: Map::new(),
                        key: None,
                        anchor,
                        pointer,
                    }
                });
            }
            Event::SequenceEnd | Event::MappingEnd => match self.stack.pop() {
                Some(Frame::Seq { items, anchor, .. }) => {
                    self.attach(Value::Array(items), anchor, mark)
                }
                Some(Frame::Map { map, anchor, .. }) => {
                    self.attach(Value::Object(map), anchor, mark)
                }
                None => self.fail(mark, "unbalanced end of a collection"),
            },
            Event::Alias(id) => {
                let Some((n, b)) = self.anchors.get(&id).map(|(_, n, b)| (*n, *b)) else {
                    self.fail(mark, "an alias to an unknown anchor");
                    return;
                };
                // Charged before it is copied: a refused alias allocates nothing.
                if !self.charge(n, b, mark) {
                    return;
                }
                let v = self.anchors[&id].0.clone();
                if let Some(p) = self.next_pointer() {
                    self.positions.entry(key(&p)).or_insert(pos(mark));
                }
                self.attach(v, 0, mark);
            }
            Event::DocumentStart if self.root.is_some() => {
                self.fail(mark, "more than one YAML document in the file")
            }
            _ => {}
        }
    }
}

/// Parse a YAML or JSON document with node positions.
pub fn parse(text: &str) -> Result<Located, ParseError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut b = Builder {
        stack: Vec::new(),
        root: None,
        anchors: HashMap::new(),
        positions: HashMap::new(),
        nodes: 0,
        bytes: 0,
        max_nodes: MAX_NODES.saturating_add(text.len() / 4),
        max_bytes: MAX_EXPANDED_BYTES.saturating_add(text.len().saturating_mul(4)),
        error: None,
    };
    let mut parser = Parser::new_from_str(text);
    if let Err(e) = parser.load(&mut b, true) {
        let m = e.marker();
        return Err(ParseError {
            line: m.line() as u32,
            column: m.col() as u32 + 1,
            message: e.info().to_string(),
        });
    }
    if let Some(e) = b.error {
        return Err(e);
    }
    Ok(Located {
        value: b.root.unwrap_or(Value::Null),
        positions: b.positions,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_values_and_positions() {
        let doc = parse(
            "openapi: 3.1.0\npaths:\n  /a/{id}:\n    get:\n      responses:\n        200: {description: ok}\n        '404':\n          description: \"x\"\n",
        )
        .unwrap();
        assert_eq!(doc.value["openapi"], "3.1.0");
        assert!(doc.value["paths"]["/a/{id}"]["get"]["responses"]["200"].is_object());
        assert_eq!(doc.position("/openapi"), Pos { line: 1, column: 1 });
        assert_eq!(
            doc.position("/paths/~1a~1{id}/get"),
            Pos { line: 4, column: 5 }
        );
        assert_eq!(
            doc.position("/paths/~1a~1{id}/get/responses/200/description"),
            Pos {
                line: 6,
                column: 15
            }
        );
        assert_eq!(
            doc.position("/paths/~1a~1{id}/get/responses/404/description/x/y"),
            Pos {
                line: 8,
                column: 11
            },
            "the nearest located ancestor"
        );
    }

    #[test]
    fn json_and_scalar_types() {
        let doc =
            parse("{\n  \"a\": [1, 2.5, true, null, \"7\"],\n  \"b\": {\"c\": -3}\n}").unwrap();
        assert_eq!(doc.value["a"], serde_json::json!([1, 2.5, true, null, "7"]));
        assert_eq!(doc.value["b"]["c"], -3);
        assert_eq!(doc.position("/b/c"), Pos { line: 3, column: 9 });
        assert_eq!(
            doc.position("/a/1"),
            Pos {
                line: 2,
                column: 12
            }
        );
    }

    #[test]
    fn anchors_merges_and_bombs() {
        let doc = parse("base: &b {x: 1, y: 2}\nuse:\n  <<: *b\n  y: 3\n").unwrap();
        assert_eq!(doc.value["use"], serde_json::json!({"x": 1, "y": 3}));
        let mut bomb = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 0..9 {
            let prev = (b'a' + i) as char;
            let next = (b'a' + i + 1) as char;
            bomb.push_str(&format!(
                "{next}: &{next} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"
            ));
        }
        let e = parse(&bomb).unwrap_err();
        assert!(e.message.contains("alias bomb"), "{e}");
        let deep = format!("{}1{}", "[".repeat(500), "]".repeat(500));
        let e = parse(&deep).unwrap_err();
        assert!(
            e.message.contains("nesting") || e.message.contains("recursion"),
            "{e}"
        );
        let e = parse("a: [1, 2\nb: 3").unwrap_err();
        assert!(e.line >= 1, "{e}");
    }

    #[test]
    fn one_large_scalar_repeated_is_refused_by_its_bytes() {
        // 205 KB of text, then 100,000 aliases to it: few nodes (under the
        // node budget), about 20 GB expanded.
        let mut bomb = format!("big: &s \"{}\"\nall:\n", "x".repeat(205_000));
        for _ in 0..100_000 {
            bomb.push_str("  - *s\n");
        }
        assert!(bomb.len() < 1_000_000);
        let e = parse(&bomb).unwrap_err();
        assert!(e.message.contains("MiB of text"), "{e}");
    }
}
