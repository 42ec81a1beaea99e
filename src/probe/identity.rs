//! Per-target connection settings from the workspace: the address to
//! connect to instead of the host's own (`connect_to`, `--resolve`) and the
//! client certificate for mutual TLS (`client_cert`, `client_key`). Both are
//! checked when the plan is made, so a bad path or address stops the run
//! before anything is contacted, with the file or value named.

use std::net::{IpAddr, SocketAddr};
use std::path::Path;

use rustls::pki_types::{CertificateDer, PrivateKeyDer};

use super::ProbeError;

/// A client certificate chain and its key. The key never leaves this
/// struct: `Debug` shows the file names only.
pub struct ClientIdentity {
    pub certs: Vec<CertificateDer<'static>>,
    key: PrivateKeyDer<'static>,
    /// The certificate file, for messages.
    pub label: String,
}

impl std::fmt::Debug for ClientIdentity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ClientIdentity")
            .field("certificate", &self.label)
            .field("key", &"[REDACTED]")
            .finish()
    }
}

impl ClientIdentity {
    /// Load `cert` (PEM chain, leaf first) and `key` (PEM private key).
    pub fn load(cert: &Path, key: &Path) -> Result<ClientIdentity, ProbeError> {
        let bad = |p: &Path, m: String| ProbeError::BadInput(format!("{}: {m}", p.display()));
        let data = crate::files::read(cert, crate::files::cap::PEM)
            .map_err(|e| bad(cert, e.to_string()))?;
        let certs: Vec<CertificateDer<'static>> = rustls_pemfile::certs(&mut data.as_slice())
            .collect::<Result<_, _>>()
            .map_err(|e| bad(cert, format!("not a PEM certificate file: {e}")))?;
        if certs.is_empty() {
            return Err(bad(
                cert,
                "no PEM certificate found (client_cert needs -----BEGIN CERTIFICATE----- blocks)"
                    .into(),
            ));
        }
        let data =
            crate::files::read(key, crate::files::cap::PEM).map_err(|e| bad(key, e.to_string()))?;
        // The parser's error never quotes the file's content.
        let key_der = rustls_pemfile::private_key(&mut data.as_slice())
            .map_err(|_| bad(key, "not a readable PEM private key".into()))?
            .ok_or_else(|| {
                bad(
                    key,
                    "no PEM private key found (client_key needs a -----BEGIN PRIVATE KEY----- block)".into(),
                )
            })?;
        // The key must sign for the certificate's key type.
        rustls::crypto::ring::sign::any_supported_type(&key_der).map_err(|e| {
            bad(
                key,
                format!("private key not usable for TLS client authentication: {e}"),
            )
        })?;
        Ok(ClientIdentity {
            certs,
            key: key_der,
            label: cert.display().to_string(),
        })
    }

    pub fn key(&self) -> PrivateKeyDer<'static> {
        self.key.clone_key()
    }
}

/// A `connect_to` or `--resolve` value that cannot be used; nothing is
/// contacted then.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AddressError {
    #[error("connect_to {value:?} has port {given}, but the target URL's port is {port}: the address replaces the host only, so give the same port or none")]
    OtherPort {
        value: String,
        given: u16,
        port: u16,
    },
    #[error("connect_to {value:?} is not an IP address (like 10.0.0.5 or 10.0.0.5:{port} or [2001:db8::5]:{port})")]
    NotAnAddress { value: String, port: u16 },
    #[error("--resolve {0:?}: use HOST:PORT:ADDRESS, e.g. api.example.com:443:10.0.0.5")]
    Resolve(String),
}

/// Parse `connect_to`: an IP address, optionally with the target's port
/// (`10.0.0.5`, `10.0.0.5:443`, `[2001:db8::5]:443`).
pub fn parse_connect_to(value: &str, port: u16) -> Result<SocketAddr, AddressError> {
    let v = value.trim();
    if let Ok(ip) = v
        .trim_start_matches('[')
        .trim_end_matches(']')
        .parse::<IpAddr>()
    {
        return Ok(SocketAddr::new(ip, port));
    }
    match v.parse::<SocketAddr>() {
        Ok(a) if a.port() == port => Ok(a),
        Ok(a) => Err(AddressError::OtherPort {
            value: v.to_string(),
            given: a.port(),
            port,
        }),
        Err(_) => Err(AddressError::NotAnAddress {
            value: v.to_string(),
            port,
        }),
    }
}

/// A curl-style `--resolve host:port:addr` entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolve {
    pub host: String,
    pub port: u16,
    pub addr: IpAddr,
}

impl std::str::FromStr for Resolve {
    type Err = AddressError;

    fn from_str(s: &str) -> Result<Resolve, AddressError> {
        let usage = || AddressError::Resolve(s.to_string());
        let (host, rest) = s.split_once(':').ok_or_else(usage)?;
        let (port, addr) = rest.split_once(':').ok_or_else(usage)?;
        let port: u16 = port.parse().map_err(|_| usage())?;
        let addr: IpAddr = addr
            .trim_start_matches('[')
            .trim_end_matches(']')
            .parse()
            .map_err(|_| usage())?;
        if host.is_empty() {
            return Err(usage());
        }
        Ok(Resolve {
            host: host.trim_end_matches('.').to_ascii_lowercase(),
            port,
            addr,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn connect_to_forms() {
        assert_eq!(
            parse_connect_to("10.0.0.5", 443).unwrap(),
            "10.0.0.5:443".parse().unwrap()
        );
        assert_eq!(
            parse_connect_to("[::1]:8443", 8443).unwrap(),
            "[::1]:8443".parse().unwrap()
        );
        assert!(matches!(
            parse_connect_to("10.0.0.5:444", 443),
            Err(AddressError::OtherPort {
                given: 444,
                port: 443,
                ..
            })
        ));
        assert!(matches!(
            parse_connect_to("db.internal", 443),
            Err(AddressError::NotAnAddress { .. })
        ));
    }

    #[test]
    fn resolve_entries() {
        let r: Resolve = "API.example.com:443:[2001:db8::5]".parse().unwrap();
        assert_eq!(r.host, "api.example.com");
        assert_eq!(r.addr, "2001:db8::5".parse::<IpAddr>().unwrap());
        assert!("api.example.com:443".parse::<Resolve>().is_err());
        assert!("api.example.com:x:10.0.0.5".parse::<Resolve>().is_err());
    }

    #[test]
    fn missing_files_are_named() {
        let e = ClientIdentity::load(
            Path::new("/nonexistent/c.pem"),
            Path::new("/nonexistent/k.pem"),
        )
        .unwrap_err()
        .to_string();
        assert!(e.contains("/nonexistent/c.pem"), "{e}");
    }
}
