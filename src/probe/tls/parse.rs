//! Sans-IO parser for what a server sends back to one ClientHello: records
//! (RFC 5246 6.2), the handshake messages of its first flight (ServerHello
//! .. ServerHelloDone), alerts, and the SSLv2 SERVER-HELLO. Bytes come from a
//! hostile peer: every length is checked against what is left and against a
//! cap before anything is allocated, and nothing here can panic.

/// Largest record body accepted (2^14 plus the 2048 bytes of expansion RFC 5246 allows).
pub const MAX_RECORD: usize = (1 << 14) + 2048;
/// Cap on handshake bytes gathered across records (certificate chains included).
pub const MAX_HANDSHAKE: usize = 256 * 1024;

/// SHA-256("HelloRetryRequest"): the random of a HelloRetryRequest (RFC 8446 4.1.3).
pub const HRR_RANDOM: [u8; 32] = [
    0xCF, 0x21, 0xAD, 0x74, 0xE5, 0x9A, 0x61, 0x11, 0xBE, 0x1D, 0x8C, 0x02, 0x1E, 0x65, 0xB8, 0x91,
    0xC2, 0xA2, 0x11, 0x16, 0x7A, 0xBB, 0x8C, 0x5E, 0x07, 0x9E, 0x09, 0xE2, 0xC8, 0xA8, 0x33, 0x9C,
];

/// Alert description protocol_version (RFC 8446 6.2).
pub const ALERT_PROTOCOL_VERSION: u8 = 70;
/// Alert description unrecognized_name (RFC 6066 3).
pub const ALERT_UNRECOGNIZED_NAME: u8 = 112;
/// Alert description inappropriate_fallback (RFC 7507).
pub const ALERT_INAPPROPRIATE_FALLBACK: u8 = 86;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParseError {
    /// The peer does not speak TLS at all (e.g. an HTTP server); carries a printable prefix.
    NotTls(String),
    /// TLS framing, but broken: a length that overruns, a message out of order.
    Malformed(String),
}

impl std::fmt::Display for ParseError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ParseError::NotTls(s) => write!(f, "not a TLS server: it answered {s}"),
            ParseError::Malformed(s) => write!(f, "malformed TLS response: {s}"),
        }
    }
}

fn malformed(s: impl Into<String>) -> ParseError {
    ParseError::Malformed(s.into())
}

/// A bounds-checked reader over a byte slice.
pub struct Reader<'a> {
    buf: &'a [u8],
}

impl<'a> Reader<'a> {
    pub fn new(buf: &'a [u8]) -> Self {
        Reader { buf }
    }

    pub fn is_empty(&self) -> bool {
        self.buf.is_empty()
    }

    pub fn take(&mut self, n: usize) -> Result<&'a [u8], ParseError> {
        if n > self.buf.len() {
            return Err(malformed(format!(
                "length {n} overruns the {} bytes left",
                self.buf.len()
            )));
        }
        let (head, rest) = self.buf.split_at(n);
        self.buf = rest;
        Ok(head)
    }

    pub fn u8(&mut self) -> Result<u8, ParseError> {
        Ok(self.take(1)?[0])
    }

    pub fn u16(&mut self) -> Result<u16, ParseError> {
        let b = self.take(2)?;
        Ok(u16::from_be_bytes([b[0], b[1]]))
    }

    pub fn u24(&mut self) -> Result<usize, ParseError> {
        let b = self.take(3)?;
        Ok(((b[0] as usize) << 16) | ((b[1] as usize) << 8) | b[2] as usize)
    }

    pub fn vec8(&mut self) -> Result<&'a [u8], ParseError> {
        let n = self.u8()? as usize;
        self.take(n)
    }

    pub fn vec16(&mut self) -> Result<&'a [u8], ParseError> {
        let n = self.u16()? as usize;
        self.take(n)
    }

    pub fn vec24(&mut self) -> Result<&'a [u8], ParseError> {
        let n = self.u24()?;
        self.take(n)
    }
}

/// The parts of a ServerHello (or HelloRetryRequest) the scan needs.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ServerHello {
    pub legacy_version: u16,
    pub cipher_suite: u16,
    pub compression: u8,
    pub hello_retry: bool,
    /// From supported_versions (TLS 1.3).
    pub selected_version: Option<u16>,
    /// From key_share: the server's share group, or the group a HRR asks for.
    pub key_share_group: Option<u16>,
    /// status_request acknowledged (TLS <= 1.2: a CertificateStatus follows).
    pub status_request: bool,
    pub extensions: Vec<u16>,
}

impl ServerHello {
    /// The version actually negotiated.
    pub fn version(&self) -> u16 {
        self.selected_version.unwrap_or(self.legacy_version)
    }
}

pub fn parse_server_hello(body: &[u8]) -> Result<ServerHello, ParseError> {
    let mut r = Reader::new(body);
    let mut sh = ServerHello {
        legacy_version: r.u16()?,
        ..Default::default()
    };
    let random = r.take(32)?;
    sh.hello_retry = random == HRR_RANDOM;
    let sid = r.vec8()?;
    if sid.len() > 32 {
        return Err(malformed(format!("session id of {} bytes", sid.len())));
    }
    sh.cipher_suite = r.u16()?;
    sh.compression = r.u8()?;
    if r.is_empty() {
        return Ok(sh);
    }
    let mut exts = Reader::new(r.vec16()?);
    while !exts.is_empty() {
        let kind = exts.u16()?;
        let data = exts.vec16()?;
        sh.extensions.push(kind);
        let mut d = Reader::new(data);
        match kind {
            43 => sh.selected_version = Some(d.u16()?),
            51 => sh.key_share_group = Some(d.u16()?),
            5 => sh.status_request = true,
            _ => {}
        }
    }
    Ok(sh)
}

/// Certificate list of a TLS <= 1.2 Certificate message (RFC 5246 7.4.2), DER each.
pub fn parse_certificates(body: &[u8]) -> Result<Vec<Vec<u8>>, ParseError> {
    let mut r = Reader::new(body);
    let mut list = Reader::new(r.vec24()?);
    let mut out = Vec::new();
    while !list.is_empty() {
        let der = list.vec24()?;
        if der.is_empty() {
            return Err(malformed("empty certificate in the chain"));
        }
        out.push(der.to_vec());
    }
    Ok(out)
}

/// The key exchange parameters read from a ServerKeyExchange.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KexParams {
    /// Named group of an ECDHE exchange.
    Group(u16),
    /// Size of the DH prime p in bits.
    DhBits(u32),
    /// Size of an RSA_EXPORT temporary modulus in bits.
    RsaBits(u32),
}

fn bit_len(be: &[u8]) -> u32 {
    match be.iter().position(|b| *b != 0) {
        Some(i) => (be.len() - i - 1) as u32 * 8 + (8 - be[i].leading_zeros()),
        None => 0,
    }
}

/// Read the ServerKeyExchange for a suite of the given key exchange kind.
pub fn parse_server_key_exchange(
    body: &[u8],
    kex: super::suites::KeyExchange,
) -> Result<Option<KexParams>, ParseError> {
    use super::suites::KeyExchange as K;
    let mut r = Reader::new(body);
    if matches!(kex, K::DhePsk | K::EcdhePsk) {
        r.vec16()?; // psk_identity_hint
    }
    if kex.uses_ec_group() {
        let curve_type = r.u8()?;
        if curve_type != 3 {
            return Err(malformed(format!(
                "ECDH parameters of curve type {curve_type}, not named_curve"
            )));
        }
        return Ok(Some(KexParams::Group(r.u16()?)));
    }
    if kex.uses_dh_params() {
        let p = r.vec16()?;
        return Ok(Some(KexParams::DhBits(bit_len(p))));
    }
    if kex == K::RsaExport {
        let m = r.vec16()?;
        return Ok(Some(KexParams::RsaBits(bit_len(m))));
    }
    Ok(None)
}

/// The server's first flight, as far as it was read.
#[derive(Debug, Clone, Default)]
pub struct ServerFlight {
    pub hello: ServerHello,
    pub certificates: Vec<Vec<u8>>,
    pub server_key_exchange: Option<Vec<u8>>,
    pub certificate_status: Option<Vec<u8>>,
    pub certificate_request: bool,
    /// Warning-level alerts received before or during the flight (e.g.
    /// unrecognized_name, which a server may send and then carry on).
    pub warnings: Vec<u8>,
    /// ServerHelloDone seen (TLS <= 1.2), i.e. the flight is complete.
    pub done: bool,
}

/// What a server said to one hello.
#[derive(Debug, Clone)]
pub enum Response {
    Hello(Box<ServerFlight>),
    Alert {
        level: u8,
        description: u8,
    },
    /// Connection closed (or reset) without a byte.
    Closed,
}

/// Incremental parser of the server's answer to a TLS ClientHello.
#[derive(Default)]
pub struct FlightParser {
    buf: Vec<u8>,
    handshake: Vec<u8>,
    flight: Option<ServerFlight>,
    seen_bytes: bool,
    /// Warning alerts seen before the ServerHello.
    warnings: Vec<u8>,
}

fn printable(bytes: &[u8]) -> String {
    let s: String = bytes
        .iter()
        .take(24)
        .map(|b| {
            if b.is_ascii_graphic() || *b == b' ' {
                *b as char
            } else {
                '.'
            }
        })
        .collect();
    format!("{s:?}")
}

impl FlightParser {
    pub fn new() -> Self {
        Self::default()
    }

    /// Feed bytes; returns the response once it is known.
    pub fn feed(&mut self, data: &[u8]) -> Result<Option<Response>, ParseError> {
        if !data.is_empty() && !self.seen_bytes {
            self.seen_bytes = true;
            if !matches!(data[0], 20..=23) || data.get(1).is_some_and(|b| *b != 3) {
                return Err(ParseError::NotTls(printable(data)));
            }
        }
        if self.buf.len() + data.len() > MAX_RECORD + 5 + 64 * 1024 {
            return Err(malformed("server sent more than the first flight can hold"));
        }
        self.buf.extend_from_slice(data);
        loop {
            if self.buf.len() < 5 {
                return Ok(None);
            }
            let kind = self.buf[0];
            let major = self.buf[1];
            let len = u16::from_be_bytes([self.buf[3], self.buf[4]]) as usize;
            if !matches!(kind, 20..=23) || major != 3 {
                return Err(malformed(format!(
                    "record of type {kind} version {major}.{}",
                    self.buf[2]
                )));
            }
            if len > MAX_RECORD {
                return Err(malformed(format!(
                    "record length {len} exceeds {MAX_RECORD}"
                )));
            }
            if self.buf.len() < 5 + len {
                return Ok(None);
            }
            let body: Vec<u8> = self.buf[5..5 + len].to_vec();
            self.buf.drain(..5 + len);
            if let Some(done) = self.record(kind, &body)? {
                return Ok(Some(done));
            }
        }
    }

    /// The connection ended: whatever was read is the answer.
    pub fn finish(&mut self) -> Result<Response, ParseError> {
        match self.flight.take() {
            Some(f) => Ok(Response::Hello(Box::new(f))),
            None if !self.seen_bytes => Ok(Response::Closed),
            // Only warnings, then a close: the warning is the refusal.
            None if self.buf.is_empty()
                && self.handshake.is_empty()
                && !self.warnings.is_empty() =>
            {
                Ok(Response::Alert {
                    level: 1,
                    description: self.warnings[self.warnings.len() - 1],
                })
            }
            None => Err(malformed(
                "connection closed in the middle of the server's answer",
            )),
        }
    }

    fn record(&mut self, kind: u8, body: &[u8]) -> Result<Option<Response>, ParseError> {
        match kind {
            21 => {
                if body.len() < 2 {
                    return Err(malformed("alert record shorter than 2 bytes"));
                }
                // A warning (other than close_notify) does not end the
                // handshake: note it and read on (RFC 5246 7.2).
                if body[0] == 1 && body[1] != 0 {
                    match self.flight.as_mut() {
                        Some(f) => f.warnings.push(body[1]),
                        None => self.warnings.push(body[1]),
                    }
                    return Ok(None);
                }
                if let Some(f) = self.flight.take() {
                    return Ok(Some(Response::Hello(Box::new(f))));
                }
                Ok(Some(Response::Alert {
                    level: body[0],
                    description: body[1],
                }))
            }
            22 => {
                if self.handshake.len() + body.len() > MAX_HANDSHAKE {
                    return Err(malformed(format!(
                        "handshake messages exceed {MAX_HANDSHAKE} bytes"
                    )));
                }
                self.handshake.extend_from_slice(body);
                self.messages()
            }
            _ => match self.flight.take() {
                // ChangeCipherSpec or encrypted data after a ServerHello: TLS 1.3 or resumption.
                Some(f) => Ok(Some(Response::Hello(Box::new(f)))),
                None => Err(malformed(format!(
                    "record of type {kind} before any ServerHello"
                ))),
            },
        }
    }

    fn messages(&mut self) -> Result<Option<Response>, ParseError> {
        loop {
            if self.handshake.len() < 4 {
                return Ok(None);
            }
            let kind = self.handshake[0];
            let len = ((self.handshake[1] as usize) << 16)
                | ((self.handshake[2] as usize) << 8)
                | self.handshake[3] as usize;
            if len > MAX_HANDSHAKE {
                return Err(malformed(format!("handshake message of {len} bytes")));
            }
            if self.handshake.len() < 4 + len {
                return Ok(None);
            }
            let body: Vec<u8> = self.handshake[4..4 + len].to_vec();
            self.handshake.drain(..4 + len);
            match (kind, self.flight.as_mut()) {
                (0, _) => {} // HelloRequest: ignore
                (2, None) => {
                    let hello = parse_server_hello(&body)?;
                    let stop = hello.hello_retry || hello.version() >= 0x0304;
                    self.flight = Some(ServerFlight {
                        hello,
                        warnings: std::mem::take(&mut self.warnings),
                        ..Default::default()
                    });
                    if stop {
                        return Ok(self.flight.take().map(|f| Response::Hello(Box::new(f))));
                    }
                }
                (_, None) => {
                    return Err(malformed(format!(
                        "handshake message {kind} before ServerHello"
                    )))
                }
                (11, Some(f)) => f.certificates = parse_certificates(&body)?,
                (12, Some(f)) => f.server_key_exchange = Some(body),
                (13, Some(f)) => f.certificate_request = true,
                (22, Some(f)) => f.certificate_status = Some(body),
                (14, Some(f)) => {
                    f.done = true;
                    return Ok(self.flight.take().map(|f| Response::Hello(Box::new(f))));
                }
                // Finished etc. after an abbreviated handshake: the flight is over.
                (_, Some(_)) => {
                    return Ok(self.flight.take().map(|f| Response::Hello(Box::new(f))))
                }
            }
        }
    }
}

/// What an SSLv2 server said.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ssl2Response {
    Hello {
        ciphers: Vec<u32>,
        certificate: Vec<u8>,
    },
    /// Anything else: a TLS alert, an SSLv2 ERROR, a close.
    Refused(String),
}

/// Parse an SSLv2 SERVER-HELLO from the bytes read so far; `None` means read more.
pub fn parse_sslv2(buf: &[u8], eof: bool) -> Result<Option<Ssl2Response>, ParseError> {
    if buf.is_empty() {
        return Ok(eof.then(|| Ssl2Response::Refused("connection closed".into())));
    }
    if buf[0] & 0x80 == 0 {
        if matches!(buf[0], 20..=23) && buf.get(1).is_none_or(|b| *b == 3) {
            return Ok(Some(Ssl2Response::Refused(
                "answered with TLS, not SSLv2".into(),
            )));
        }
        return Err(ParseError::NotTls(printable(buf)));
    }
    if buf.len() < 2 {
        return Ok(eof.then(|| Ssl2Response::Refused("truncated SSLv2 record".into())));
    }
    let len = (((buf[0] & 0x7F) as usize) << 8) | buf[1] as usize;
    if buf.len() < 2 + len {
        return Ok(eof.then(|| Ssl2Response::Refused("truncated SSLv2 record".into())));
    }
    let mut r = Reader::new(&buf[2..2 + len]);
    match r.u8()? {
        4 => {}
        0 => return Ok(Some(Ssl2Response::Refused("SSLv2 ERROR message".into()))),
        t => {
            return Err(malformed(format!(
                "SSLv2 message type {t} instead of SERVER-HELLO"
            )))
        }
    }
    let _session_id_hit = r.u8()?;
    let _cert_type = r.u8()?;
    let version = r.u16()?;
    if version != 0x0002 {
        return Ok(Some(Ssl2Response::Refused(format!(
            "SERVER-HELLO with version 0x{version:04x}"
        ))));
    }
    let cert_len = r.u16()? as usize;
    let ciphers_len = r.u16()? as usize;
    let _conn_id_len = r.u16()?;
    let certificate = r.take(cert_len)?.to_vec();
    let specs = r.take(ciphers_len)?;
    let ciphers = specs
        .chunks_exact(3)
        .map(|c| ((c[0] as u32) << 16) | ((c[1] as u32) << 8) | c[2] as u32)
        .collect();
    Ok(Some(Ssl2Response::Hello {
        ciphers,
        certificate,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::probe::tls::suites::KeyExchange;

    fn record(kind: u8, body: &[u8]) -> Vec<u8> {
        let mut r = vec![kind, 3, 3];
        r.extend_from_slice(&(body.len() as u16).to_be_bytes());
        r.extend_from_slice(body);
        r
    }

    fn handshake(kind: u8, body: &[u8]) -> Vec<u8> {
        let mut m = vec![kind];
        m.extend_from_slice(&(body.len() as u32).to_be_bytes()[1..]);
        m.extend_from_slice(body);
        m
    }

    fn server_hello(version: u16, suite: u16, random: [u8; 32], exts: &[u8]) -> Vec<u8> {
        let mut b = version.to_be_bytes().to_vec();
        b.extend_from_slice(&random);
        b.push(0);
        b.extend_from_slice(&suite.to_be_bytes());
        b.push(0);
        if !exts.is_empty() {
            b.extend_from_slice(&(exts.len() as u16).to_be_bytes());
            b.extend_from_slice(exts);
        }
        handshake(2, &b)
    }

    #[test]
    fn tls12_flight_across_records() {
        let mut hs = server_hello(0x0303, 0xC02F, [7; 32], &[0, 5, 0, 0]);
        let cert = [0x30u8, 0x03, 1, 2, 3];
        let mut certs = vec![0, 0, 8, 0, 0, 5];
        certs.extend_from_slice(&cert);
        hs.extend(handshake(11, &certs));
        hs.extend(handshake(12, &[3, 0, 23, 65]));
        hs.extend(handshake(22, &[1, 0, 0, 1, 9]));
        hs.extend(handshake(14, &[]));
        // split the handshake stream over two records and feed byte by byte
        let (a, b) = hs.split_at(30);
        let mut wire = record(22, a);
        wire.extend(record(22, b));
        let mut p = FlightParser::new();
        let mut out = None;
        for byte in &wire {
            if let Some(r) = p.feed(std::slice::from_ref(byte)).unwrap() {
                out = Some(r);
            }
        }
        let Some(Response::Hello(f)) = out else {
            panic!("no flight")
        };
        assert_eq!(f.hello.cipher_suite, 0xC02F);
        assert_eq!(f.hello.version(), 0x0303);
        assert!(f.hello.status_request && f.done && f.certificate_status.is_some());
        assert_eq!(f.certificates, vec![cert.to_vec()]);
        let kex =
            parse_server_key_exchange(f.server_key_exchange.as_ref().unwrap(), KeyExchange::Ecdhe)
                .unwrap();
        assert_eq!(kex, Some(KexParams::Group(23)));
    }

    #[test]
    fn tls13_hello_and_hrr() {
        let exts = [0, 43, 0, 2, 3, 4, 0, 51, 0, 2, 0, 24];
        let wire = record(22, &server_hello(0x0303, 0x1302, HRR_RANDOM, &exts));
        let Some(Response::Hello(f)) = FlightParser::new().feed(&wire).unwrap() else {
            panic!()
        };
        assert!(f.hello.hello_retry);
        assert_eq!(f.hello.version(), 0x0304);
        assert_eq!(f.hello.key_share_group, Some(24));
        assert_eq!(f.hello.cipher_suite, 0x1302);
    }

    #[test]
    fn alert_and_close() {
        let Some(Response::Alert { level, description }) =
            FlightParser::new().feed(&record(21, &[2, 40])).unwrap()
        else {
            panic!()
        };
        assert_eq!((level, description), (2, 40));
        assert!(matches!(FlightParser::new().finish(), Ok(Response::Closed)));
    }

    #[test]
    fn warning_alert_does_not_end_the_handshake() {
        let mut p = FlightParser::new();
        assert!(p.feed(&record(21, &[1, 112])).unwrap().is_none());
        let hello = server_hello(0x0303, 0xC02F, [7; 32], &[]);
        assert!(p.feed(&record(22, &hello)).unwrap().is_none());
        let Some(Response::Hello(f)) = p.feed(&record(22, &handshake(14, &[]))).unwrap() else {
            panic!()
        };
        assert_eq!(f.warnings, vec![112]);
        // A warning and then a close is a refusal with that warning.
        let mut p = FlightParser::new();
        assert!(p.feed(&record(21, &[1, 112])).unwrap().is_none());
        assert!(matches!(
            p.finish(),
            Ok(Response::Alert {
                level: 1,
                description: 112
            })
        ));
    }

    #[test]
    fn http_answer_is_not_tls() {
        let e = FlightParser::new()
            .feed(b"HTTP/1.1 400 Bad Request\r\n")
            .unwrap_err();
        assert!(
            matches!(e, ParseError::NotTls(ref s) if s.contains("HTTP/1.1")),
            "{e}"
        );
    }

    #[test]
    fn hostile_inputs_never_panic() {
        // huge record length
        assert!(FlightParser::new().feed(&[22, 3, 3, 0xFF, 0xFF]).is_err());
        // huge handshake length
        assert!(FlightParser::new()
            .feed(&record(22, &[2, 0xFF, 0xFF, 0xFF]))
            .is_err());
        // truncated ServerHello claiming an overlong session id
        let bad = handshake(2, &[3, 3, 0]);
        assert!(FlightParser::new().feed(&record(22, &bad)).is_err());
        let mut sh = vec![3, 3];
        sh.extend_from_slice(&[0; 32]);
        sh.push(200);
        assert!(FlightParser::new()
            .feed(&record(22, &handshake(2, &sh)))
            .is_err());
        // certificate list longer than the message
        assert!(parse_certificates(&[0, 0, 9, 0, 0, 200, 1]).is_err());
        assert!(parse_server_key_exchange(&[], KeyExchange::Dhe).is_err());
        assert!(parse_server_key_exchange(&[0xFF, 0xFF, 1], KeyExchange::Dhe).is_err());
        // message before ServerHello
        assert!(FlightParser::new()
            .feed(&record(22, &handshake(11, &[0, 0, 0])))
            .is_err());
        // truncated answer then close
        let mut p = FlightParser::new();
        assert!(p.feed(&[22, 3, 3, 0, 10, 2]).unwrap().is_none());
        assert!(p.finish().is_err());
        // pseudo-random garbage: must return, never panic
        let mut x: u32 = 12345;
        for _ in 0..2000 {
            let mut data = vec![22u8, 3, 3];
            for _ in 0..64 {
                x = x.wrapping_mul(1103515245).wrapping_add(12345);
                data.push((x >> 16) as u8);
            }
            let mut p = FlightParser::new();
            let _ = p.feed(&data);
            let _ = p.finish();
            let _ = parse_sslv2(&data[2..], true);
            let _ = parse_server_hello(&data[3..]);
        }
    }

    #[test]
    fn dh_prime_bits() {
        // p<2> = 129 bytes: a leading zero byte, then a 1024-bit value
        let mut ske = vec![0x00, 0x81, 0x00];
        ske.extend(std::iter::repeat_n(0xFFu8, 0x80));
        assert_eq!(
            parse_server_key_exchange(&ske, KeyExchange::Dhe).unwrap(),
            Some(KexParams::DhBits(1024))
        );
        assert_eq!(bit_len(&[0, 0, 1]), 1);
        assert_eq!(bit_len(&[0x80, 0]), 16);
    }

    #[test]
    fn sslv2_server_hello() {
        let mut m = vec![
            4, 0, 1, 0, 2, 0, 2, 0, 6, 0, 16, 0xAA, 0xBB, 1, 0, 0x80, 7, 0, 0xC0,
        ];
        m.extend_from_slice(&[0; 16]);
        let mut wire = vec![0x80 | (m.len() >> 8) as u8, m.len() as u8];
        wire.extend_from_slice(&m);
        let r = parse_sslv2(&wire, false).unwrap().unwrap();
        assert_eq!(
            r,
            Ssl2Response::Hello {
                ciphers: vec![0x010080, 0x0700C0],
                certificate: vec![0xAA, 0xBB]
            }
        );
        assert!(parse_sslv2(&wire[..5], false).unwrap().is_none());
        assert!(matches!(
            parse_sslv2(&[21, 3, 1, 0, 2, 2, 40], false),
            Ok(Some(Ssl2Response::Refused(_)))
        ));
    }
}
