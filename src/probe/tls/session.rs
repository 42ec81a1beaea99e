//! Full handshakes with rustls, for what a hand-built hello cannot show: the
//! TLS 1.3 certificate (encrypted) and client-certificate requests (TLS 1.3
//! encrypts the CertificateRequest; whether a certificate is *required* only
//! shows once the client answers without one). The verifier records and
//! accepts whatever the server presents; the client-certificate resolver
//! records the request and declines. rustls has no finite-field groups, so
//! this module adds RFC 7919 FFDHE (with `num-bigint`): a TLS 1.3 server
//! configured with ffdhe groups only still hands over its certificate.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use num_bigint::BigUint;
use rand::RngCore;
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::client::ResolvesClientCert;
use rustls::crypto::{ActiveKeyExchange, SharedSecret, SupportedKxGroup};
use rustls::ffdhe_groups::{self, FfdheGroup};
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{AlertDescription, DigitallySignedStruct, NamedGroup, SignatureScheme};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use super::conn::{HandshakeError, Target};

/// Which certificates the client says it can verify: a server holding
/// several certificates picks by the signature algorithms offered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyFamily {
    /// Every scheme: the server's default choice.
    Any,
    Ecdsa,
    /// RSA keys (rsaEncryption): PSS with rsae and PKCS#1.
    Rsa,
    /// RSASSA-PSS keys (RFC 4055).
    RsaPss,
    EdDsa,
}

impl KeyFamily {
    pub const SPECIFIC: [KeyFamily; 4] = [
        KeyFamily::Ecdsa,
        KeyFamily::Rsa,
        KeyFamily::RsaPss,
        KeyFamily::EdDsa,
    ];

    fn schemes(self) -> Vec<SignatureScheme> {
        use SignatureScheme as S;
        let ecdsa = [
            S::ECDSA_NISTP256_SHA256,
            S::ECDSA_NISTP384_SHA384,
            S::ECDSA_NISTP521_SHA512,
        ];
        let rsa = [
            S::RSA_PSS_SHA256,
            S::RSA_PSS_SHA384,
            S::RSA_PSS_SHA512,
            S::RSA_PKCS1_SHA256,
            S::RSA_PKCS1_SHA384,
            S::RSA_PKCS1_SHA512,
        ];
        // rsa_pss_pss_sha256/384/512 (RFC 8446 4.2.3), unnamed in rustls.
        let pss = [S::Unknown(0x0809), S::Unknown(0x080A), S::Unknown(0x080B)];
        let eddsa = [S::ED25519, S::ED448];
        match self {
            KeyFamily::Any => [&ecdsa[..], &rsa, &pss, &eddsa].concat(),
            KeyFamily::Ecdsa => ecdsa.to_vec(),
            KeyFamily::Rsa => rsa.to_vec(),
            KeyFamily::RsaPss => pss.to_vec(),
            KeyFamily::EdDsa => eddsa.to_vec(),
        }
    }

    /// The family of a certificate key type as [`super::cert`] names it.
    pub fn of_key_type(key_type: &str) -> Option<KeyFamily> {
        match key_type {
            "EC" => Some(KeyFamily::Ecdsa),
            "RSA" => Some(KeyFamily::Rsa),
            "RSA-PSS" => Some(KeyFamily::RsaPss),
            "Ed25519" | "Ed448" => Some(KeyFamily::EdDsa),
            _ => None,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            KeyFamily::Any => "any",
            KeyFamily::Ecdsa => "ECDSA",
            KeyFamily::Rsa => "RSA",
            KeyFamily::RsaPss => "RSA-PSS",
            KeyFamily::EdDsa => "EdDSA",
        }
    }
}

/// A client certificate request seen in a full handshake.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ClientAuthSeen {
    /// `Some(true)`: the server ended the connection when no certificate
    /// came; `Some(false)`: it carried on without one; `None`: not told.
    pub required: Option<bool>,
    /// Distinguished names of the CAs the server accepts (certificate_authorities).
    pub acceptable_cas: Vec<String>,
    pub detail: String,
}

/// What one full handshake showed.
#[derive(Debug, Clone, Default)]
pub struct Session {
    /// The chain as sent, and whether an OCSP response was stapled.
    pub chain: Option<(Vec<Vec<u8>>, bool)>,
    /// Set when the server sent a CertificateRequest.
    pub client_auth: Option<ClientAuthSeen>,
}

#[derive(Debug, Default)]
struct Seen {
    chain: Option<(Vec<Vec<u8>>, bool)>,
    request: Option<Vec<String>>,
}

/// Records the server's chain and any certificate request; accepts every
/// signature (this is an observer, not a trust decision: [`super::cert`]
/// verifies the chain afterwards) and never offers a client certificate.
#[derive(Debug)]
struct Observer {
    seen: Mutex<Seen>,
    schemes: Vec<SignatureScheme>,
}

impl ServerCertVerifier for Observer {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        ocsp_response: &[u8],
        _now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        let mut chain = vec![end_entity.to_vec()];
        chain.extend(intermediates.iter().map(|c| c.to_vec()));
        if let Ok(mut seen) = self.seen.lock() {
            seen.chain = Some((chain, !ocsp_response.is_empty()));
        }
        Ok(ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        _message: &[u8],
        _cert: &CertificateDer<'_>,
        _dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        Ok(HandshakeSignatureValid::assertion())
    }

    fn verify_tls13_signature(
        &self,
        _message: &[u8],
        _cert: &CertificateDer<'_>,
        _dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        Ok(HandshakeSignatureValid::assertion())
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.schemes.clone()
    }
}

impl ResolvesClientCert for Observer {
    fn resolve(
        &self,
        root_hint_subjects: &[&[u8]],
        _sigschemes: &[SignatureScheme],
    ) -> Option<Arc<rustls::sign::CertifiedKey>> {
        let names = root_hint_subjects.iter().map(|dn| dn_text(dn)).collect();
        if let Ok(mut seen) = self.seen.lock() {
            seen.request = Some(names);
        }
        None
    }

    fn has_certs(&self) -> bool {
        false
    }
}

/// A DER distinguished name as text (`CN=..., O=...`), or hex when it does not parse.
fn dn_text(der: &[u8]) -> String {
    use x509_parser::prelude::{FromDer, X509Name};
    // rustls hands over the Name as in the message: a SEQUENCE, or (older
    // servers) its content only.
    let parsed = X509Name::from_der(der).ok().map(|(_, n)| n.to_string());
    parsed.unwrap_or_else(|| {
        let mut wrapped = vec![0x30];
        if der.len() < 0x80 {
            wrapped.push(der.len() as u8);
        } else {
            wrapped.extend([0x82, (der.len() >> 8) as u8, der.len() as u8]);
        }
        wrapped.extend_from_slice(der);
        X509Name::from_der(&wrapped)
            .map(|(_, n)| n.to_string())
            .unwrap_or_else(|_| hex::encode(der))
    })
}

/// RFC 7919 finite-field group for rustls' key exchange. Only an observer
/// uses it (to read a certificate); it is not offered for application data.
#[derive(Debug)]
struct Ffdhe {
    name: NamedGroup,
    group: FfdheGroup<'static>,
}

struct FfdheShare {
    name: NamedGroup,
    group: FfdheGroup<'static>,
    private: BigUint,
    public: Vec<u8>,
}

fn left_pad(v: Vec<u8>, len: usize) -> Vec<u8> {
    if v.len() >= len {
        return v;
    }
    let mut out = vec![0u8; len - v.len()];
    out.extend(v);
    out
}

impl SupportedKxGroup for Ffdhe {
    fn start(&self) -> Result<Box<dyn ActiveKeyExchange>, rustls::Error> {
        let p = BigUint::from_bytes_be(self.group.p);
        let g = BigUint::from_bytes_be(self.group.g);
        // A 512-bit exponent: ample for a connection that carries no data.
        let mut x = [0u8; 64];
        rand::thread_rng().fill_bytes(&mut x);
        let private = BigUint::from_bytes_be(&x);
        let public = left_pad(g.modpow(&private, &p).to_bytes_be(), self.group.p.len());
        Ok(Box::new(FfdheShare {
            name: self.name,
            group: self.group,
            private,
            public,
        }))
    }

    fn ffdhe_group(&self) -> Option<FfdheGroup<'static>> {
        Some(self.group)
    }

    fn name(&self) -> NamedGroup {
        self.name
    }

    fn usable_for_version(&self, version: rustls::ProtocolVersion) -> bool {
        version == rustls::ProtocolVersion::TLSv1_3
    }
}

impl ActiveKeyExchange for FfdheShare {
    fn complete(self: Box<Self>, peer: &[u8]) -> Result<SharedSecret, rustls::Error> {
        let p = BigUint::from_bytes_be(self.group.p);
        let y = BigUint::from_bytes_be(peer);
        let one = BigUint::from(1u8);
        // RFC 7919 5.1: 1 < y < p - 1.
        if peer.len() != self.group.p.len() || y <= one || y >= &p - &one {
            return Err(rustls::Error::PeerMisbehaved(
                rustls::PeerMisbehaved::InvalidKeyShare,
            ));
        }
        let z = y.modpow(&self.private, &p).to_bytes_be();
        Ok(SharedSecret::from(left_pad(z, self.group.p.len())))
    }

    fn pub_key(&self) -> &[u8] {
        &self.public
    }

    fn ffdhe_group(&self) -> Option<FfdheGroup<'static>> {
        Some(self.group)
    }

    fn group(&self) -> NamedGroup {
        self.name
    }
}

static FFDHE: [Ffdhe; 5] = [
    Ffdhe {
        name: NamedGroup::FFDHE2048,
        group: ffdhe_groups::FFDHE2048,
    },
    Ffdhe {
        name: NamedGroup::FFDHE3072,
        group: ffdhe_groups::FFDHE3072,
    },
    Ffdhe {
        name: NamedGroup::FFDHE4096,
        group: ffdhe_groups::FFDHE4096,
    },
    Ffdhe {
        name: NamedGroup::FFDHE6144,
        group: ffdhe_groups::FFDHE6144,
    },
    Ffdhe {
        name: NamedGroup::FFDHE8192,
        group: ffdhe_groups::FFDHE8192,
    },
];

/// ring's provider with every suite, its ECDHE groups and the FFDHE groups.
fn provider() -> rustls::crypto::CryptoProvider {
    let mut p = rustls::crypto::ring::default_provider();
    for g in &FFDHE {
        p.kx_groups.push(g);
    }
    p
}

/// How long to wait after a TLS 1.3 handshake for the alert a server sends
/// when it requires a client certificate and got none. A server that lets
/// the client in usually answers at once with session tickets, which ends
/// the wait; only one that sends nothing costs the whole of it.
const CLIENT_AUTH_WAIT: Duration = Duration::from_secs(3);

fn io(e: std::io::Error) -> HandshakeError {
    HandshakeError::Io(e.to_string())
}

async fn flush(
    conn: &mut rustls::ClientConnection,
    stream: &mut TcpStream,
) -> Result<(), HandshakeError> {
    while conn.wants_write() {
        let mut out = Vec::new();
        conn.write_tls(&mut out).map_err(io)?;
        stream.write_all(&out).await.map_err(io)?;
    }
    Ok(())
}

/// Read once and process; `Ok(false)` on a clean close.
async fn pump(
    conn: &mut rustls::ClientConnection,
    stream: &mut TcpStream,
    buf: &mut [u8],
) -> Result<bool, Result<rustls::Error, HandshakeError>> {
    let n = match stream.read(buf).await {
        Ok(n) => n,
        Err(e) => return Err(Err(io(e))),
    };
    if n == 0 {
        return Ok(false);
    }
    let mut rd = &buf[..n];
    while !rd.is_empty() {
        conn.read_tls(&mut rd).map_err(|e| Err(io(e)))?;
        conn.process_new_packets().map_err(Ok)?;
    }
    Ok(true)
}

/// Why a full handshake showed no certificate.
#[derive(Debug, Clone, thiserror::Error)]
pub enum SessionError {
    #[error("TLS configuration: {0}")]
    Config(rustls::Error),
    #[error("{name:?} cannot be sent as a server name: {why}")]
    Name { name: String, why: String },
    #[error("handshake failed: {0}")]
    Refused(rustls::Error),
    #[error("the server {0}")]
    Closed(&'static str),
    #[error(transparent)]
    Connection(HandshakeError),
}

/// How a full handshake ended.
enum End {
    Completed,
    /// The server sent an alert (or misbehaved).
    Refused(rustls::Error),
    /// The server hung up without an alert (when, in words).
    Closed(&'static str),
    /// A timeout or I/O error: nothing to conclude from.
    Broken(HandshakeError),
}

/// Whether a rustls error is the server refusing a client without a certificate.
fn refuses_anonymous_client(e: &rustls::Error) -> bool {
    matches!(
        e,
        rustls::Error::AlertReceived(
            AlertDescription::CertificateRequired
                | AlertDescription::HandshakeFailure
                | AlertDescription::BadCertificate
                | AlertDescription::CertificateUnknown
                | AlertDescription::AccessDenied
                | AlertDescription::UnknownCA
        )
    )
}

/// One full handshake at `version` (TLS 1.2 or 1.3) offering the
/// signature schemes of `family`.
pub async fn handshake(
    t: &Target,
    tls13: bool,
    family: KeyFamily,
) -> Result<Session, SessionError> {
    let observer = Arc::new(Observer {
        seen: Mutex::new(Seen::default()),
        schemes: family.schemes(),
    });
    let version: &'static rustls::SupportedProtocolVersion = if tls13 {
        &rustls::version::TLS13
    } else {
        &rustls::version::TLS12
    };
    let mut config = rustls::ClientConfig::builder_with_provider(Arc::new(provider()))
        .with_protocol_versions(&[version])
        .map_err(SessionError::Config)?
        .dangerous()
        .with_custom_certificate_verifier(observer.clone())
        .with_client_cert_resolver(observer.clone());
    config.enable_sni = t.sni.is_some();
    let name = match &t.sni {
        Some(n) => ServerName::try_from(n.clone()).map_err(|e| SessionError::Name {
            name: n.clone(),
            why: e.to_string(),
        })?,
        None => ServerName::IpAddress(t.addr.ip().into()),
    };
    let mut conn =
        rustls::ClientConnection::new(Arc::new(config), name).map_err(SessionError::Config)?;
    let wait = CLIENT_AUTH_WAIT.min(t.timeout / 2);
    let obs = observer.clone();
    let requested = move || {
        obs.seen
            .lock()
            .map(|s| s.request.is_some())
            .unwrap_or(false)
    };
    let outcome = t
        .with_connection(|mut stream| async move {
            let mut buf = vec![0u8; 16 * 1024];
            while conn.is_handshaking() {
                flush(&mut conn, &mut stream).await?;
                match pump(&mut conn, &mut stream, &mut buf).await {
                    Ok(true) => {}
                    Ok(false) => {
                        return Ok(End::Closed("closed the connection during the handshake"));
                    }
                    Err(Ok(e)) => {
                        let _ = flush(&mut conn, &mut stream).await;
                        return Ok(End::Refused(e));
                    }
                    Err(Err(e)) => return Err(e),
                }
            }
            flush(&mut conn, &mut stream).await?;
            if tls13 && requested() {
                // TLS 1.3: the verdict on our empty Certificate comes after
                // our Finished, as an alert or as session tickets.
                match tokio::time::timeout(wait, pump(&mut conn, &mut stream, &mut buf)).await {
                    Ok(Err(Ok(e))) => return Ok(End::Refused(e)),
                    Ok(Ok(false)) => {
                        return Ok(End::Closed("closed the connection after the handshake"));
                    }
                    _ => {}
                }
            }
            Ok(End::Completed)
        })
        .await;
    let end = match outcome {
        Ok(o) => o,
        // A timeout or a broken connection tells nothing about client
        // certificates, but a chain already seen stands.
        Err(e) => End::Broken(e),
    };
    let seen = std::mem::take(&mut *observer.seen.lock().unwrap_or_else(|e| e.into_inner()));
    let client_auth = seen.request.map(|cas| {
        let (required, detail) = match &end {
            End::Refused(e) if refuses_anonymous_client(e) => (
                Some(true),
                format!("the server ended the handshake without a client certificate: {e}"),
            ),
            End::Refused(e) => (None, format!("handshake ended: {e}")),
            End::Closed(why) => (
                Some(true),
                format!("the server requested a client certificate and, without one, {why}"),
            ),
            End::Broken(why) => (
                None,
                format!("the server requested a client certificate; then: {why}"),
            ),
            End::Completed => (
                Some(false),
                "the server requested a client certificate but completed the handshake without one"
                    .to_string(),
            ),
        };
        ClientAuthSeen {
            required,
            acceptable_cas: cas,
            detail,
        }
    });
    if seen.chain.is_none() {
        match end {
            End::Refused(e) => return Err(SessionError::Refused(e)),
            End::Closed(why) => return Err(SessionError::Closed(why)),
            End::Broken(e) => return Err(SessionError::Connection(e)),
            End::Completed => {}
        }
    }
    Ok(Session {
        chain: seen.chain,
        client_auth,
    })
}
