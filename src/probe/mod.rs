//! Probes: collect automated evidence from the targets a workspace declares.
//! `tls` builds handshakes by hand, `http` inspects API behaviour, `runner`
//! drives both with bounded concurrency and timeouts and emits events.
//! Probes write evidence; they never talk to scoring or the UI.

mod error;
pub mod http;
pub mod identity;
pub mod runner;
pub mod secret;
pub mod tls;

pub use error::ProbeError;
