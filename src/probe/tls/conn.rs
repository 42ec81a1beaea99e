//! One target's connections: send a hello on a fresh TCP connection, read the
//! server's first flight, hang up. Every handshake holds a permit of the
//! target's semaphore (bounded concurrency) and runs under one deadline, so a
//! silent or trickling server costs at most `timeout` per handshake.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::sync::Semaphore;

use super::hello::{self, HelloSpec};
use super::parse::{self, FlightParser, ParseError, Response, Ssl2Response};

/// Why a handshake could not tell anything.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HandshakeError {
    Connect(String),
    Timeout(Duration),
    Io(String),
    Parse(ParseError),
    /// The server answered, but not in a way that tells (an alert, another version).
    Unexpected(String),
}

impl std::error::Error for HandshakeError {}

impl std::fmt::Display for HandshakeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            HandshakeError::Connect(e) => write!(f, "cannot connect: {e}"),
            HandshakeError::Timeout(d) => write!(f, "no answer within {:.1} s", d.as_secs_f64()),
            HandshakeError::Io(e) => write!(f, "connection error: {e}"),
            HandshakeError::Parse(e) => write!(f, "{e}"),
            HandshakeError::Unexpected(e) => f.write_str(e),
        }
    }
}

impl HandshakeError {
    /// The target as a whole is unusable (nothing further will work).
    pub fn is_fatal(&self) -> bool {
        matches!(
            self,
            HandshakeError::Connect(_)
                | HandshakeError::Timeout(_)
                | HandshakeError::Parse(ParseError::NotTls(_))
        )
    }
}

/// A resolved endpoint and the shared state of its scan.
pub struct Target {
    pub addr: SocketAddr,
    /// Name for SNI and certificate matching; `None` for IP literals.
    pub sni: Option<String>,
    pub timeout: Duration,
    permits: Semaphore,
    handshakes: AtomicU32,
    tls_answer: AtomicBool,
}

/// Bytes read per socket read.
const READ_CHUNK: usize = 16 * 1024;

impl Target {
    pub fn new(
        addr: SocketAddr,
        sni: Option<String>,
        timeout: Duration,
        concurrency: usize,
    ) -> Self {
        Target {
            addr,
            sni,
            timeout,
            permits: Semaphore::new(concurrency.max(1)),
            handshakes: AtomicU32::new(0),
            tls_answer: AtomicBool::new(false),
        }
    }

    pub fn handshakes(&self) -> u32 {
        self.handshakes.load(Ordering::Relaxed)
    }

    /// Whether any connection got a TLS-level answer (a hello or an alert).
    pub fn spoke_tls(&self) -> bool {
        self.tls_answer.load(Ordering::Relaxed)
    }

    pub fn mark_tls_answer(&self) {
        self.tls_answer.store(true, Ordering::Relaxed);
    }

    /// Open a connection under a concurrency permit; the caller runs its exchange under `self.timeout`.
    pub async fn with_connection<T, F, Fut>(&self, f: F) -> Result<T, HandshakeError>
    where
        F: FnOnce(TcpStream) -> Fut,
        Fut: std::future::Future<Output = Result<T, HandshakeError>>,
    {
        let _permit = self
            .permits
            .acquire()
            .await
            .map_err(|e| HandshakeError::Io(e.to_string()))?;
        self.handshakes.fetch_add(1, Ordering::Relaxed);
        let work = async {
            let stream = TcpStream::connect(self.addr)
                .await
                .map_err(|e| HandshakeError::Connect(format!("{}: {e}", self.addr)))?;
            let _ = stream.set_nodelay(true);
            f(stream).await
        };
        match tokio::time::timeout(self.timeout, work).await {
            Ok(r) => r,
            Err(_) => Err(HandshakeError::Timeout(self.timeout)),
        }
    }

    /// Send one TLS ClientHello and read the answer up to ServerHelloDone, a
    /// TLS 1.3 ServerHello, an alert or a close.
    pub async fn hello(&self, spec: &HelloSpec) -> Result<Response, HandshakeError> {
        let record = hello::build(spec, &mut rand::thread_rng());
        let r = self
            .with_connection(|mut stream| async move {
                stream.write_all(&record).await.map_err(io_err)?;
                let mut parser = FlightParser::new();
                let mut buf = vec![0u8; READ_CHUNK];
                loop {
                    let n = match stream.read(&mut buf).await {
                        Ok(n) => n,
                        Err(e) if is_reset(&e) => 0,
                        Err(e) => return Err(io_err(e)),
                    };
                    if n == 0 {
                        return parser.finish().map_err(HandshakeError::Parse);
                    }
                    if let Some(r) = parser.feed(&buf[..n]).map_err(HandshakeError::Parse)? {
                        return Ok(r);
                    }
                }
            })
            .await;
        if matches!(r, Ok(Response::Hello(_) | Response::Alert { .. })) {
            self.mark_tls_answer();
        }
        r
    }

    /// Send an SSLv2 CLIENT-HELLO and read the SERVER-HELLO.
    pub async fn sslv2(&self) -> Result<Ssl2Response, HandshakeError> {
        let record = hello::build_sslv2(&mut rand::thread_rng());
        let r = self
            .with_connection(|mut stream| async move {
                stream.write_all(&record).await.map_err(io_err)?;
                let mut data = Vec::new();
                let mut buf = vec![0u8; READ_CHUNK];
                loop {
                    let n = match stream.read(&mut buf).await {
                        Ok(n) => n,
                        Err(e) if is_reset(&e) => 0,
                        Err(e) => return Err(io_err(e)),
                    };
                    if data.len() + n > parse::MAX_RECORD + 2 {
                        return Err(HandshakeError::Parse(ParseError::Malformed(
                            "SSLv2 answer too long".into(),
                        )));
                    }
                    data.extend_from_slice(&buf[..n]);
                    if let Some(r) =
                        parse::parse_sslv2(&data, n == 0).map_err(HandshakeError::Parse)?
                    {
                        return Ok(r);
                    }
                }
            })
            .await;
        // Only a real SERVER-HELLO proves the peer speaks SSL: a TLS-looking
        // answer to an SSLv2 hello may be garbage.
        if matches!(r, Ok(Ssl2Response::Hello { .. })) {
            self.mark_tls_answer();
        }
        r
    }
}

fn is_reset(e: &std::io::Error) -> bool {
    matches!(
        e.kind(),
        std::io::ErrorKind::ConnectionReset
            | std::io::ErrorKind::ConnectionAborted
            | std::io::ErrorKind::BrokenPipe
    )
}

fn io_err(e: std::io::Error) -> HandshakeError {
    if is_reset(&e) {
        HandshakeError::Io(format!("connection reset: {e}"))
    } else {
        HandshakeError::Io(e.to_string())
    }
}
