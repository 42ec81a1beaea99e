//! Access-log readers: nginx and Apache combined and common formats, JSON
//! lines with the field names of nginx, Envoy, Kong, Caddy, Traefik and
//! Elastic Common Schema, and HAR. Plain or gzip, found by looking at the
//! first bytes. Every reader streams: a record is handed to the caller and
//! forgotten, so memory does not grow with the log.
//!
//! A record gives only method, path (the query string is cut off before
//! anything else sees it), status, time and host. Client addresses, user
//! agents, users and query values are never read out of a line.

use std::io::{self, BufRead, Read};

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use serde_json::Value;

/// The longest line read; longer ones are skipped and counted.
pub const MAX_LINE: usize = 64 * 1024;

/// Log formats apiassure reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Common or combined log format (nginx, Apache), optionally with a
    /// leading virtual host.
    Clf,
    /// One JSON object per line.
    JsonLines,
    /// An HTTP Archive (one JSON document).
    Har,
}

/// One request as the inventory sees it.
#[derive(Debug, Clone, Copy)]
pub struct Hit<'a> {
    pub method: &'a str,
    /// The path without query string or fragment.
    pub path: &'a str,
    /// 0 when the log has none (`-`).
    pub status: u16,
    pub time: Option<DateTime<Utc>>,
    /// `Host`/authority when the log records it.
    pub host: Option<&'a str>,
}

/// What reading one file found, beside the hits.
#[derive(Debug, Default, Clone)]
pub struct Counts {
    pub records: u64,
    pub skipped: u64,
    /// For text logs: `combined` or `common` (the first request line's
    /// shape), `w3c` (W3C extended, IIS) or `alb` (AWS load balancer).
    pub clf_shape: Option<&'static str>,
}

/// Gzip or not, by the magic bytes; the reader comes back positioned at
/// the start of the (decompressed) text.
pub fn open(mut input: Box<dyn BufRead>) -> io::Result<(Box<dyn BufRead>, bool)> {
    let head = input.fill_buf()?;
    if head.len() >= 2 && head[0] == 0x1f && head[1] == 0x8b {
        let gz = flate2::bufread::MultiGzDecoder::new(input);
        Ok((Box::new(io::BufReader::with_capacity(256 * 1024, gz)), true))
    } else {
        Ok((input, false))
    }
}

/// Read every record of `input`, calling `hit` for each request.
pub fn read(
    mut input: Box<dyn BufRead>,
    hit: &mut dyn FnMut(Hit<'_>),
) -> io::Result<(Format, Counts)> {
    let mut counts = Counts::default();
    let mut line = Vec::with_capacity(1024);
    // The first non-blank line decides: JSON (lines or HAR) or CLF.
    let first = loop {
        match next_line(&mut input, &mut line, MAX_LINE)? {
            None => return Ok((Format::Clf, counts)),
            Some(_) if line.iter().all(u8::is_ascii_whitespace) => continue,
            Some(complete) => break complete,
        }
    };
    let trimmed = trim(&line);
    if trimmed.first() == Some(&b'{') {
        let as_line = if first {
            serde_json::from_slice::<Value>(trimmed).ok()
        } else {
            None
        };
        match as_line {
            Some(v) if v.get("log").is_none() => {
                counts.records += 1;
                if !json_record(&v, hit) {
                    counts.skipped += 1;
                }
                json_lines(input, &mut line, &mut counts, hit)?;
                return Ok((Format::JsonLines, counts));
            }
            _ => {
                // HAR: one document, pretty-printed or not; the bytes read
                // so far go back in front of the rest.
                let head = std::mem::take(&mut line);
                let chained = io::Cursor::new(head).chain(input);
                har(chained, &mut counts, hit)?;
                return Ok((Format::Har, counts));
            }
        }
    }
    let mut text = TextLines::default();
    text.line(&line, first, &mut counts, hit);
    loop {
        match next_line(&mut input, &mut line, MAX_LINE)? {
            None => break,
            Some(_) if line.iter().all(u8::is_ascii_whitespace) => continue,
            Some(complete) => text.line(&line, complete, &mut counts, hit),
        }
    }
    Ok((Format::Clf, counts))
}

/// Text logs, line by line: CLF (combined, common, Envoy's default), W3C
/// extended (IIS, Azure: the `#Fields:` directive names the columns), and
/// AWS Application Load Balancer.
#[derive(Default)]
struct TextLines {
    /// Column positions from the last `#Fields:` directive.
    w3c: Option<W3cFields>,
}

#[derive(Default, Clone, Copy)]
struct W3cFields {
    method: Option<usize>,
    stem: Option<usize>,
    status: Option<usize>,
    date: Option<usize>,
    time: Option<usize>,
    host: Option<usize>,
}

impl TextLines {
    fn line(
        &mut self,
        line: &[u8],
        complete: bool,
        counts: &mut Counts,
        hit: &mut dyn FnMut(Hit<'_>),
    ) {
        if line.first() == Some(&b'#') {
            // A directive, not a record.
            if let Some(fields) = line.strip_prefix(b"#Fields:") {
                self.w3c = Some(w3c_fields(&String::from_utf8_lossy(fields)));
                counts.clf_shape = Some("w3c");
            }
            return;
        }
        counts.records += 1;
        let ok = complete
            && match &self.w3c {
                Some(f) => w3c_record(line, f, hit),
                None if is_alb(line) => {
                    counts.clf_shape.get_or_insert("alb");
                    alb_record(line, hit)
                }
                None => clf_record(line, counts, hit),
            };
        if !ok {
            counts.skipped += 1;
        }
    }
}

fn w3c_fields(names: &str) -> W3cFields {
    let mut f = W3cFields::default();
    for (i, n) in names.split_whitespace().enumerate() {
        match n.to_ascii_lowercase().as_str() {
            "cs-method" => f.method = Some(i),
            "cs-uri-stem" => f.stem = Some(i),
            "sc-status" => f.status = Some(i),
            "date" => f.date = Some(i),
            "time" => f.time = Some(i),
            "cs-host" | "cs(host)" => f.host = Some(i),
            _ => {}
        }
    }
    f
}

fn w3c_record(line: &[u8], f: &W3cFields, hit: &mut dyn FnMut(Hit<'_>)) -> bool {
    let text = String::from_utf8_lossy(line);
    let cols: Vec<&str> = text.split_whitespace().collect();
    let get = |i: Option<usize>| i.and_then(|i| cols.get(i).copied()).filter(|v| *v != "-");
    let (Some(method), Some(stem), Some(status)) = (get(f.method), get(f.stem), get(f.status))
    else {
        return false;
    };
    let Ok(status) = status.parse::<u16>() else {
        return false;
    };
    let time = match (get(f.date), get(f.time)) {
        (Some(d), Some(t)) => {
            chrono::NaiveDateTime::parse_from_str(&format!("{d} {t}"), "%Y-%m-%d %H:%M:%S%.f")
                .ok()
                .map(|n| n.and_utc())
        }
        _ => None,
    };
    hit(Hit {
        method,
        path: path_of(stem),
        status,
        time,
        host: get(f.host),
    });
    true
}

/// `http 2026-07-02T22:23:00.186641Z app/... client:port target:port ...`.
fn is_alb(line: &[u8]) -> bool {
    let mut it = line.splitn(3, |b| *b == b' ');
    let kind = it.next().unwrap_or_default();
    let time = it.next().unwrap_or_default();
    matches!(kind, b"http" | b"https" | b"h2" | b"grpcs" | b"ws" | b"wss")
        && time.len() >= 20
        && time[4] == b'-'
        && time[10] == b'T'
}

/// The ALB fields: the ELB status is the ninth, the request line the
/// first quoted field (`"GET https://host:443/path?q HTTP/1.1"`).
fn alb_record(line: &[u8], hit: &mut dyn FnMut(Hit<'_>)) -> bool {
    let text = String::from_utf8_lossy(line);
    let Some(q1) = text.find('"') else {
        return false;
    };
    let head: Vec<&str> = text[..q1].split_whitespace().collect();
    let rest = &text[q1 + 1..];
    let Some(q2) = rest.find('"') else {
        return false;
    };
    let mut req = rest[..q2].split(' ');
    let (Some(method), Some(url)) = (req.next(), req.next()) else {
        return false;
    };
    let Some(status) = head.get(8).and_then(|s| s.parse::<u16>().ok()) else {
        return false;
    };
    let time = head
        .get(1)
        .and_then(|t| DateTime::parse_from_rfc3339(t).ok())
        .map(|t| t.with_timezone(&Utc));
    if method.is_empty() || method == "-" {
        return false;
    }
    hit(Hit {
        method,
        path: path_of(url),
        status,
        time,
        host: host_of_url(url).map(|h| h.rsplit_once(':').map_or(h, |(h, _)| h)),
    });
    true
}

fn trim(b: &[u8]) -> &[u8] {
    let start = b
        .iter()
        .position(|c| !c.is_ascii_whitespace())
        .unwrap_or(b.len());
    let end = b
        .iter()
        .rposition(|c| !c.is_ascii_whitespace())
        .map_or(start, |e| e + 1);
    &b[start..end.max(start)]
}

/// The next line into `buf` (without its newline), at most `cap` bytes:
/// `Some(true)` for a whole line, `Some(false)` when it was longer (the
/// rest is skipped), `None` at the end.
pub fn next_line(
    input: &mut dyn BufRead,
    buf: &mut Vec<u8>,
    cap: usize,
) -> io::Result<Option<bool>> {
    buf.clear();
    let mut complete = true;
    let mut any = false;
    loop {
        let chunk = match input.fill_buf() {
            Ok(c) => c,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if chunk.is_empty() {
            return Ok(any.then_some(complete));
        }
        any = true;
        let (take, done) = match chunk.iter().position(|&b| b == b'\n') {
            Some(i) => (i, true),
            None => (chunk.len(), false),
        };
        if complete {
            let room = cap - buf.len();
            if take > room {
                buf.extend_from_slice(&chunk[..room]);
                complete = false;
            } else {
                buf.extend_from_slice(&chunk[..take]);
            }
        }
        input.consume(if done { take + 1 } else { take });
        if done {
            if buf.last() == Some(&b'\r') {
                buf.pop();
            }
            return Ok(Some(complete));
        }
    }
}

/// Cut the query string, fragment and matrix parameters; an absolute URL
/// becomes its path.
pub fn path_of(target: &str) -> &str {
    let mut p = target;
    if let Some(rest) = p
        .strip_prefix("http://")
        .or_else(|| p.strip_prefix("https://"))
    {
        p = rest.find('/').map_or("/", |i| &rest[i..]);
    }
    // Matrix parameters (`;jsessionid=...`) are cut like a query: they
    // are values, and session ids are personal data.
    let end = p.find(['?', '#', ';']).unwrap_or(p.len());
    &p[..end]
}

/// The host part of an absolute URL, without port.
fn host_of_url(url: &str) -> Option<&str> {
    let rest = url
        .strip_prefix("http://")
        .or_else(|| url.strip_prefix("https://"))?;
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    Some(&rest[..end])
}

// ---------------------------------------------------------------- CLF

/// `[vhost[:port]] client ident user [time] "METHOD target proto" status bytes ["referer" "agent"]`.
fn clf_record(line: &[u8], counts: &mut Counts, hit: &mut dyn FnMut(Hit<'_>)) -> bool {
    let Some(open) = memchr(b'[', line) else {
        return false;
    };
    let Some(close) = memchr(b']', &line[open..]).map(|i| open + i) else {
        return false;
    };
    // `[10/Oct/2000:13:55:36 -0700]`, or RFC 3339 (Envoy's default text
    // format: `[2026-04-15T20:17:00.310Z] "POST /api HTTP/2" 204 ...`).
    let time = std::str::from_utf8(&line[open + 1..close])
        .ok()
        .and_then(|t| {
            clf_time(t).or_else(|| {
                DateTime::parse_from_rfc3339(t)
                    .ok()
                    .map(|t| t.with_timezone(&Utc))
            })
        });
    let rest = &line[close + 1..];
    let Some(q1) = memchr(b'"', rest) else {
        return false;
    };
    // The request line ends at the quote followed by a space and the
    // status (a quote inside it is escaped as \").
    let body = &rest[q1 + 1..];
    let mut q2 = None;
    let mut i = 0;
    while i < body.len() {
        match body[i] {
            b'\\' => i += 2,
            b'"' => {
                q2 = Some(i);
                break;
            }
            _ => i += 1,
        }
    }
    let Some(q2) = q2 else { return false };
    let request = String::from_utf8_lossy(&body[..q2]);
    let after = &body[q2 + 1..];
    let mut fields = after.split(|b| *b == b' ').filter(|f| !f.is_empty());
    let status = match fields.next() {
        Some(b"-") => 0,
        Some(s) => match std::str::from_utf8(s)
            .ok()
            .and_then(|s| s.parse::<u16>().ok())
        {
            Some(n) => n,
            None => return false,
        },
        None => return false,
    };
    if counts.clf_shape.is_none() {
        let _bytes = fields.next();
        counts.clf_shape = Some(if after.contains(&b'"') {
            "combined"
        } else {
            "common"
        });
    }
    let mut parts = request.split(' ').filter(|p| !p.is_empty());
    let (Some(method), Some(target)) = (parts.next(), parts.next()) else {
        return false;
    };
    if !method.bytes().all(|b| b.is_ascii_uppercase()) || method.len() > 16 {
        return false;
    }
    hit(Hit {
        method,
        path: path_of(target),
        status,
        time,
        host: None,
    });
    true
}

fn memchr(needle: u8, hay: &[u8]) -> Option<usize> {
    hay.iter().position(|&b| b == needle)
}

/// `10/Oct/2000:13:55:36 -0700`.
pub fn clf_time(s: &str) -> Option<DateTime<Utc>> {
    let b = s.as_bytes();
    if b.len() < 20 {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        std::str::from_utf8(b.get(r)?).ok()?.parse().ok()
    };
    let day = num(0..2)?;
    let month = match b.get(3..6)? {
        b"Jan" => 1,
        b"Feb" => 2,
        b"Mar" => 3,
        b"Apr" => 4,
        b"May" => 5,
        b"Jun" => 6,
        b"Jul" => 7,
        b"Aug" => 8,
        b"Sep" => 9,
        b"Oct" => 10,
        b"Nov" => 11,
        b"Dec" => 12,
        _ => return None,
    };
    let year = num(7..11)? as i32;
    let (h, m, sec) = (num(12..14)?, num(15..17)?, num(18..20)?);
    let naive = NaiveDate::from_ymd_opt(year, month, day)?.and_hms_opt(h, m, sec)?;
    let offset = match b.get(21..26) {
        Some(z) => {
            let sign = match z[0] {
                b'+' => 1,
                b'-' => -1,
                _ => return None,
            };
            let hh: i32 = std::str::from_utf8(&z[1..3]).ok()?.parse().ok()?;
            let mm: i32 = std::str::from_utf8(&z[3..5]).ok()?.parse().ok()?;
            sign * (hh * 3600 + mm * 60)
        }
        None => 0,
    };
    let tz = chrono::FixedOffset::east_opt(offset)?;
    tz.from_local_datetime(&naive)
        .single()
        .map(|t| t.with_timezone(&Utc))
}

// ---------------------------------------------------------- JSON lines

fn json_lines(
    mut input: Box<dyn BufRead>,
    line: &mut Vec<u8>,
    counts: &mut Counts,
    hit: &mut dyn FnMut(Hit<'_>),
) -> io::Result<()> {
    loop {
        match next_line(&mut input, line, MAX_LINE)? {
            None => return Ok(()),
            Some(_) if line.iter().all(u8::is_ascii_whitespace) => continue,
            Some(complete) => {
                counts.records += 1;
                let ok = complete
                    && serde_json::from_slice::<Value>(line)
                        .ok()
                        .is_some_and(|v| json_record(&v, hit));
                if !ok {
                    counts.skipped += 1;
                }
            }
        }
    }
}

/// A field by dotted path (`request.method`), or by its flat name.
fn field<'v>(v: &'v Value, path: &str) -> Option<&'v Value> {
    if let Some(x) = v.get(path) {
        return Some(x);
    }
    let mut cur = v;
    for part in path.split('.') {
        cur = cur.get(part)?;
    }
    Some(cur)
}

fn first<'v>(v: &'v Value, names: &[&str]) -> Option<&'v Value> {
    names
        .iter()
        .find_map(|n| field(v, n))
        .filter(|x| !x.is_null())
}

fn first_str<'v>(v: &'v Value, names: &[&str]) -> Option<&'v str> {
    names
        .iter()
        .find_map(|n| field(v, n).and_then(Value::as_str))
        .filter(|s| !s.is_empty() && *s != "-")
}

const METHOD_FIELDS: &[&str] = &[
    "method",
    "request_method",
    "http_method",
    "RequestMethod",
    "request.method",
    "http.request.method",
    "httpRequest.requestMethod",
    "req.method",
    ":method",
    "http.method",
];
const PATH_FIELDS: &[&str] = &[
    "path",
    "request_uri",
    "uri",
    "RequestPath",
    "request.uri",
    "request.path",
    "url.path",
    "url.original",
    "request.url",
    "url",
    "httpRequest.requestUrl",
    "req.url",
    "request_path",
    ":path",
    "uri_path",
    "http.url",
    "x_forwarded_path",
];
const STATUS_FIELDS: &[&str] = &[
    "status",
    "status_code",
    "response_code",
    "DownstreamStatus",
    "OriginStatus",
    "response.status",
    "http.response.status_code",
    "httpRequest.status",
    "res.statusCode",
    "statusCode",
    "response_status",
    "http.status_code",
];
const TIME_FIELDS: &[&str] = &[
    "time_iso8601",
    "start_time",
    "StartUTC",
    "@timestamp",
    "timestamp",
    "time",
    "ts",
    "started_at",
    "time_local",
    "date",
];
const HOST_FIELDS: &[&str] = &[
    "host",
    "authority",
    "RequestHost",
    "request.host",
    "http_host",
    "server_name",
    "url.domain",
    ":authority",
    "upstream_host_header",
];

/// One JSON log object; false when it holds no request.
fn json_record(v: &Value, hit: &mut dyn FnMut(Hit<'_>)) -> bool {
    if !v.is_object() {
        return false;
    }
    // `"request": "GET /x HTTP/1.1"` (nginx's $request) carries both.
    let request_line = v.get("request").and_then(Value::as_str);
    let mut from_line = request_line.map(|l| {
        let mut it = l.split(' ').filter(|p| !p.is_empty());
        (it.next(), it.next())
    });
    let method = first_str(v, METHOD_FIELDS).or_else(|| from_line.as_mut().and_then(|(m, _)| *m));
    let target = first_str(v, PATH_FIELDS).or_else(|| from_line.as_mut().and_then(|(_, t)| *t));
    let (Some(method), Some(target)) = (method, target) else {
        return false;
    };
    if method.len() > 16 || !method.bytes().all(|b| b.is_ascii_alphabetic()) {
        return false;
    }
    let status = match first(v, STATUS_FIELDS) {
        Some(Value::Number(n)) => n.as_u64().and_then(|n| u16::try_from(n).ok()).unwrap_or(0),
        Some(Value::String(s)) => s.trim().parse().unwrap_or(0),
        _ => return false,
    };
    let time = first(v, TIME_FIELDS).and_then(json_time);
    let host = first_str(v, HOST_FIELDS).or_else(|| host_of_url(target));
    let upper;
    let method = if method.bytes().all(|b| b.is_ascii_uppercase()) {
        method
    } else {
        upper = method.to_ascii_uppercase();
        upper.as_str()
    };
    hit(Hit {
        method,
        path: path_of(target),
        status,
        time,
        host,
    });
    true
}

/// RFC 3339, CLF time, or epoch seconds / milliseconds.
fn json_time(v: &Value) -> Option<DateTime<Utc>> {
    match v {
        Value::String(s) => DateTime::parse_from_rfc3339(s)
            .map(|t| t.with_timezone(&Utc))
            .ok()
            .or_else(|| clf_time(s))
            .or_else(|| s.parse::<f64>().ok().and_then(epoch)),
        Value::Number(n) => n.as_f64().and_then(epoch),
        _ => None,
    }
}

/// Seconds, or milliseconds when the number is too large for seconds.
fn epoch(x: f64) -> Option<DateTime<Utc>> {
    if !x.is_finite() || x <= 0.0 {
        return None;
    }
    let secs = if x > 1e11 { x / 1000.0 } else { x };
    DateTime::from_timestamp(secs.trunc() as i64, ((secs.fract()) * 1e9) as u32)
}

// ---------------------------------------------------------------- HAR

/// Stream `log.entries[]` of an HTTP Archive without holding the document.
fn har(input: impl Read, counts: &mut Counts, hit: &mut dyn FnMut(Hit<'_>)) -> io::Result<()> {
    use serde::de::DeserializeSeed;
    let mut de =
        serde_json::Deserializer::from_reader(io::BufReader::with_capacity(256 * 1024, input));
    har::Document { counts, hit }
        .deserialize(&mut de)
        .map_err(|e| {
            io::Error::new(
                io::ErrorKind::InvalidData,
                format!("not an HTTP Archive (HAR): {e}"),
            )
        })?;
    de.end().map_err(|e| {
        io::Error::new(
            io::ErrorKind::InvalidData,
            format!("not an HTTP Archive (HAR): {e}"),
        )
    })
}

mod har {
    use std::fmt;

    use serde::de::{DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};
    use serde::Deserialize;

    use super::{Counts, Hit};

    pub struct Document<'a> {
        pub counts: &'a mut Counts,
        pub hit: &'a mut dyn FnMut(Hit<'_>),
    }

    impl<'de> DeserializeSeed<'de> for Document<'_> {
        type Value = ();
        fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
            d.deserialize_map(self)
        }
    }

    impl<'de> Visitor<'de> for Document<'_> {
        type Value = ();
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a HAR document ({\"log\": {\"entries\": [...]}})")
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
            let mut found = false;
            while let Some(key) = map.next_key::<String>()? {
                if key == "log" && !found {
                    map.next_value_seed(Log {
                        counts: &mut *self.counts,
                        hit: &mut *self.hit,
                    })?;
                    found = true;
                } else {
                    map.next_value::<IgnoredAny>()?;
                }
            }
            if found {
                Ok(())
            } else {
                Err(serde::de::Error::missing_field("log"))
            }
        }
    }

    struct Log<'a> {
        counts: &'a mut Counts,
        hit: &'a mut dyn FnMut(Hit<'_>),
    }

    impl<'de> DeserializeSeed<'de> for Log<'_> {
        type Value = ();
        fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
            d.deserialize_map(self)
        }
    }

    impl<'de> Visitor<'de> for Log<'_> {
        type Value = ();
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("the HAR `log` object")
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
            while let Some(key) = map.next_key::<String>()? {
                if key == "entries" {
                    map.next_value_seed(Entries {
                        counts: &mut *self.counts,
                        hit: &mut *self.hit,
                    })?;
                } else {
                    map.next_value::<IgnoredAny>()?;
                }
            }
            Ok(())
        }
    }

    struct Entries<'a> {
        counts: &'a mut Counts,
        hit: &'a mut dyn FnMut(Hit<'_>),
    }

    impl<'de> DeserializeSeed<'de> for Entries<'_> {
        type Value = ();
        fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
            d.deserialize_seq(self)
        }
    }

    /// The parts of an entry that are read; headers, cookies, bodies and
    /// the query string are skipped without being kept.
    #[derive(Deserialize)]
    struct Entry {
        #[serde(rename = "startedDateTime", default)]
        started: Option<String>,
        #[serde(default)]
        request: Option<Request>,
        #[serde(default)]
        response: Option<Response>,
    }

    #[derive(Deserialize)]
    struct Request {
        #[serde(default)]
        method: String,
        #[serde(default)]
        url: String,
    }

    #[derive(Deserialize)]
    struct Response {
        #[serde(default)]
        status: i64,
    }

    impl<'de> Visitor<'de> for Entries<'_> {
        type Value = ();
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("the HAR `entries` array")
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
            loop {
                let next = seq.next_element::<serde_json::Value>();
                let v = match next {
                    Ok(Some(v)) => v,
                    Ok(None) => return Ok(()),
                    Err(e) => return Err(e),
                };
                self.counts.records += 1;
                let Ok(e) = Entry::deserialize(v) else {
                    self.counts.skipped += 1;
                    continue;
                };
                let Some(req) = e
                    .request
                    .filter(|r| !r.method.is_empty() && !r.url.is_empty())
                else {
                    self.counts.skipped += 1;
                    continue;
                };
                let status = e
                    .response
                    .map(|r| u16::try_from(r.status).unwrap_or(0))
                    .unwrap_or(0);
                let time = e.started.as_deref().and_then(|s| {
                    chrono::DateTime::parse_from_rfc3339(s)
                        .ok()
                        .map(|t| t.with_timezone(&chrono::Utc))
                });
                let method = req.method.to_ascii_uppercase();
                (self.hit)(Hit {
                    method: &method,
                    path: super::path_of(&req.url),
                    status,
                    time,
                    host: super::host_of_url(&req.url),
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (method, path, status, time) of each hit.
    type Seen = Vec<(String, String, u16, Option<String>)>;

    fn hits(text: &[u8]) -> (Format, Counts, Seen) {
        let (r, _) = open(Box::new(io::BufReader::new(io::Cursor::new(text.to_vec())))).unwrap();
        let mut out = Vec::new();
        let (f, c) = read(r, &mut |h| {
            out.push((
                h.method.to_string(),
                h.path.to_string(),
                h.status,
                h.time.map(|t| t.to_rfc3339()),
            ))
        })
        .unwrap();
        (f, c, out)
    }

    #[test]
    fn combined_common_and_vhost_lines() {
        let log = b"203.0.113.9 - alice [10/Oct/2026:13:55:36 -0700] \"GET /users/12?token=s3cret HTTP/1.1\" 200 2326 \"https://r/\" \"curl/8\"\n\
            203.0.113.9 - - [10/Oct/2026:13:55:37 +0000] \"POST /login HTTP/2.0\" 401 -\n\
            api.example.com:443 203.0.113.9 - - [10/Oct/2026:13:55:38 +0000] \"GET http://api.example.com/v1/x HTTP/1.1\" 301 0 \"-\" \"a \\\"quoted\\\" agent\"\n\
            garbage line\n\
            [2026-10-10T20:17:00.310Z] \"POST /api/v1/locations HTTP/2\" 204 - 154 0 226 100 \"10.0.35.28\" \"nsq2http\" \"cc21d9b0\" \"locations\" \"tcp://10.0.2.1:80\"\n";
        let (f, c, h) = hits(log);
        assert_eq!(f, Format::Clf);
        assert_eq!(c.records, 5);
        assert_eq!(c.skipped, 1);
        assert_eq!(c.clf_shape, Some("combined"));
        // Envoy's default text format.
        assert_eq!(
            (h[3].0.as_str(), h[3].1.as_str(), h[3].2),
            ("POST", "/api/v1/locations", 204)
        );
        assert_eq!(h[3].3.as_deref(), Some("2026-10-10T20:17:00.310+00:00"));
        assert_eq!(h[0].1, "/users/12");
        assert_eq!(path_of("/cart/1;jsessionid=ABC123?x=1"), "/cart/1");
        assert_eq!(h[0].3.as_deref(), Some("2026-10-10T20:55:36+00:00"));
        assert_eq!((h[1].0.as_str(), h[1].2), ("POST", 401));
        assert_eq!(h[2].1, "/v1/x");
    }

    #[test]
    fn w3c_extended_and_alb() {
        let iis = b"#Software: Microsoft Internet Information Services 10.0\n#Version: 1.0\n#Date: 2026-10-10 00:00:00\n\
            #Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken\n\
            2026-10-10 00:00:01 10.0.0.4 GET /api/orders/17 expand=items 443 - 203.0.113.5 Mozilla/5.0 - 200 0 0 15\n\
            2026-10-10 00:00:02 10.0.0.4 POST /api/login - 443 - 203.0.113.5 curl/8 - 401 0 0 3\n";
        let (f, c, h) = hits(iis);
        assert_eq!(f, Format::Clf);
        assert_eq!((c.records, c.skipped, c.clf_shape), (2, 0, Some("w3c")));
        assert_eq!(
            (h[0].0.as_str(), h[0].1.as_str(), h[0].2),
            ("GET", "/api/orders/17", 200)
        );
        assert_eq!(h[1].3.as_deref(), Some("2026-10-10T00:00:02+00:00"));
        let alb = b"https 2026-07-02T22:23:00.186641Z app/my-lb/50dc6c495c0c9188 192.168.131.39:2817 10.0.0.1:80 0.086 0.048 0.037 200 200 0 57 \"GET https://api.example.com:443/v2/orders/9?x=1 HTTP/1.1\" \"curl/7.46.0\" ECDHE-RSA-AES128-GCM-SHA256 TLSv1.2 arn:aws:elasticloadbalancing:us-east-2:123456789012:targetgroup/my-targets/73e2d6bc24d8a067 \"Root=1-58337281-1d84f3d73c47ec4e58577259\" \"api.example.com\" \"arn:aws:acm:us-east-2:123456789012:certificate/12345678\" 1 2026-07-02T22:22:48.364000Z \"authenticate,forward\" \"-\" \"-\" \"10.0.0.1:80\" \"200\" \"-\" \"-\"\n";
        let (_, c, h) = hits(alb);
        assert_eq!((c.records, c.skipped, c.clf_shape), (1, 0, Some("alb")));
        assert_eq!(
            (h[0].0.as_str(), h[0].1.as_str(), h[0].2),
            ("GET", "/v2/orders/9", 200)
        );
    }

    #[test]
    fn json_lines_of_several_proxies() {
        let log = br#"{"time_iso8601":"2026-10-10T10:00:00+00:00","remote_addr":"198.51.100.7","request":"GET /a/1?q=x HTTP/1.1","status":"200"}
{"start_time":"2026-10-10T10:00:01.000Z","method":"POST","path":"/b","response_code":201,"authority":"api.example.com"}
{"request":{"method":"get","uri":"/c?x=1","host":"h"},"response":{"status":404},"started_at":1791453602000}
{"RequestMethod":"DELETE","RequestPath":"/d","DownstreamStatus":204,"StartUTC":"2026-10-10T10:00:03Z"}
{"ts":1791453604.5,"request":{"method":"PUT","uri":"/e"},"status":500}
{"msg":"not a request"}
"#;
        let (f, c, h) = hits(log);
        assert_eq!(f, Format::JsonLines);
        assert_eq!(c.records, 6);
        assert_eq!(c.skipped, 1);
        let got: Vec<_> = h
            .iter()
            .map(|x| (x.0.as_str(), x.1.as_str(), x.2))
            .collect();
        assert_eq!(
            got,
            vec![
                ("GET", "/a/1", 200),
                ("POST", "/b", 201),
                ("GET", "/c", 404),
                ("DELETE", "/d", 204),
                ("PUT", "/e", 500)
            ]
        );
        assert!(h.iter().all(|x| x.3.is_some()), "{h:?}");
    }

    #[test]
    fn har_pretty_and_gzip() {
        let har = br#"{
  "log": {
    "version": "1.2",
    "creator": {"name": "x", "version": "1"},
    "entries": [
      {"startedDateTime": "2026-10-10T10:00:00.000Z",
       "request": {"method": "GET", "url": "https://api.example.com/v2/pets/7?api_key=zz", "headers": [{"name": "Cookie", "value": "sid=1"}]},
       "response": {"status": 200}},
      {"request": {"method": "GET"}, "response": {"status": 200}}
    ]
  }
}"#;
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        std::io::Write::write_all(&mut gz, har).unwrap();
        let gz = gz.finish().unwrap();
        for bytes in [har.to_vec(), gz] {
            let (r, _) = open(Box::new(io::BufReader::new(io::Cursor::new(bytes)))).unwrap();
            let mut out = Vec::new();
            let (f, c) = read(r, &mut |h| {
                out.push((h.path.to_string(), h.host.map(str::to_string)))
            })
            .unwrap();
            assert_eq!(f, Format::Har);
            assert_eq!((c.records, c.skipped), (2, 1));
            assert_eq!(
                out,
                vec![(
                    "/v2/pets/7".to_string(),
                    Some("api.example.com".to_string())
                )]
            );
        }
    }

    #[test]
    fn long_lines_are_skipped_not_kept() {
        let mut log = Vec::new();
        log.extend_from_slice(b"1.2.3.4 - - [10/Oct/2026:13:55:36 +0000] \"GET /");
        log.extend(std::iter::repeat_n(b'a', MAX_LINE * 2));
        log.extend_from_slice(b" HTTP/1.1\" 200 1\n1.2.3.4 - - [10/Oct/2026:13:55:36 +0000] \"GET /ok HTTP/1.1\" 200 1\n");
        let (_, c, h) = hits(&log);
        assert_eq!((c.records, c.skipped, h.len()), (2, 1, 1));
    }
}
