//! The probe's one error type. A probe failure on a target is evidence (an
//! `error` result with the reason), so most of these end up as text in a
//! check result; the variant says which stage failed.

use std::time::Duration;

use crate::workspace::WorkspaceError;

pub use super::tls::HandshakeError;

#[derive(Debug, thiserror::Error)]
pub enum ProbeError {
    /// The request or configuration is unusable; nothing was contacted.
    #[error("{0}")]
    BadInput(String),
    #[error("the probe run was cancelled; no evidence was stored")]
    Cancelled,
    #[error(transparent)]
    Workspace(#[from] WorkspaceError),
    #[error("cannot start the async runtime: {0}")]
    Runtime(std::io::Error),
    /// A hand-built handshake could not tell anything.
    #[error(transparent)]
    Handshake(#[from] HandshakeError),
    /// The host name did not resolve.
    #[error("{0}")]
    Resolve(String),
    /// A certificate could not be read or verified.
    #[error("{0}")]
    Certificate(String),
    /// The HTTP client could not be set up.
    #[error("{0}")]
    Client(String),
    /// An OpenAPI document could not be loaded or read.
    #[error("{0}")]
    Document(String),
    /// A token is not a JWT (opaque tokens are normal).
    #[error("{0}")]
    Token(String),
}

impl ProbeError {
    pub fn timeout(d: Duration) -> ProbeError {
        ProbeError::Handshake(HandshakeError::Timeout(d))
    }
}
