//! Ed25519 signing keys for journal entries (and so for the probe runs they
//! record). A key file holds one PKCS#8 key as a line of base64 after a
//! label; `APIASSURE_SIGNING_KEY` names it. Public keys are shown as base64
//! with a short fingerprint.

use std::path::{Path, PathBuf};

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use ring::signature::{Ed25519KeyPair, KeyPair, UnparsedPublicKey, ED25519};
use sha2::{Digest, Sha256};

use super::WorkspaceError;
use crate::model::journal::Signature;

pub const SIGNING_KEY_ENV: &str = "APIASSURE_SIGNING_KEY";
const LABEL: &str = "apiassure-ed25519-pkcs8";

/// A loaded signing key.
pub struct Signer {
    pair: Ed25519KeyPair,
    path: PathBuf,
}

impl std::fmt::Debug for Signer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Signer({})", self.public_key())
    }
}

impl Signer {
    /// Make a new key file (never overwriting one); returns the key.
    pub fn generate(path: &Path) -> Result<Signer, WorkspaceError> {
        let rng = ring::rand::SystemRandom::new();
        let pkcs8 = Ed25519KeyPair::generate_pkcs8(&rng)
            .map_err(|_| WorkspaceError::Invalid("could not generate a key".into()))?;
        let text = format!("{LABEL} {}\n", B64.encode(pkcs8.as_ref()));
        let io = |source| WorkspaceError::Io {
            path: path.to_path_buf(),
            source,
        };
        let mut opts = std::fs::OpenOptions::new();
        opts.write(true).create_new(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            opts.mode(0o600);
        }
        let mut file = opts.open(path).map_err(|e| {
            if e.kind() == std::io::ErrorKind::AlreadyExists {
                WorkspaceError::AlreadyExists {
                    path: path.to_path_buf(),
                }
            } else {
                io(e)
            }
        })?;
        use std::io::Write;
        file.write_all(text.as_bytes()).map_err(io)?;
        file.sync_all().map_err(io)?;
        Signer::load(path)
    }

    pub fn load(path: &Path) -> Result<Signer, WorkspaceError> {
        let text = crate::files::read_text(path, crate::files::cap::PEM).map_err(|source| {
            WorkspaceError::Io {
                path: path.to_path_buf(),
                source,
            }
        })?;
        let bad = || {
            WorkspaceError::Invalid(format!(
                "{}: not an apiassure signing key (make one with `apiassure keygen FILE`)",
                path.display()
            ))
        };
        let b64 = text
            .trim()
            .strip_prefix(LABEL)
            .map(str::trim)
            .ok_or_else(bad)?;
        let der = B64.decode(b64).map_err(|_| bad())?;
        let pair = Ed25519KeyPair::from_pkcs8(&der).map_err(|_| bad())?;
        Ok(Signer {
            pair,
            path: path.to_path_buf(),
        })
    }

    /// The key named by `APIASSURE_SIGNING_KEY`, if set.
    pub fn from_env() -> Result<Option<Signer>, WorkspaceError> {
        match std::env::var_os(SIGNING_KEY_ENV) {
            Some(p) if !p.is_empty() => Signer::load(Path::new(&p)).map(Some),
            _ => Ok(None),
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn public_key(&self) -> String {
        B64.encode(self.pair.public_key().as_ref())
    }

    /// The raw 64-byte signature of `message` (a detached signature file).
    pub fn sign_raw(&self, message: &[u8]) -> Vec<u8> {
        self.pair.sign(message).as_ref().to_vec()
    }

    pub fn sign(&self, message: &[u8]) -> Signature {
        Signature {
            key: self.public_key(),
            sig: B64.encode(self.pair.sign(message).as_ref()),
        }
    }
}

/// A public key's short fingerprint: the first 16 hex digits of its SHA-256.
pub fn fingerprint(public_key_b64: &str) -> String {
    let bytes = B64.decode(public_key_b64).unwrap_or_default();
    hex::encode(Sha256::digest(bytes))[..16].to_string()
}

/// The DER prefix of an Ed25519 SubjectPublicKeyInfo (RFC 8410): the
/// 32-byte key follows.
const ED25519_SPKI_PREFIX: [u8; 12] = [
    0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00,
];

/// A public key (base64) as a PEM `PUBLIC KEY`, the form `openssl pkeyutl
/// -verify -pubin` reads.
pub fn public_key_pem(public_key_b64: &str) -> Option<String> {
    let key = B64.decode(public_key_b64).ok().filter(|k| k.len() == 32)?;
    let mut der = ED25519_SPKI_PREFIX.to_vec();
    der.extend_from_slice(&key);
    Some(format!(
        "-----BEGIN PUBLIC KEY-----\n{}\n-----END PUBLIC KEY-----\n",
        B64.encode(der)
    ))
}

/// The base64 key of an Ed25519 PEM `PUBLIC KEY`, if that is what it is.
pub fn public_key_from_pem(pem: &str) -> Option<String> {
    let body: String = pem
        .lines()
        .map(str::trim)
        .filter(|l| !l.starts_with("-----") && !l.is_empty())
        .collect();
    let der = B64.decode(body).ok()?;
    let key = der.strip_prefix(&ED25519_SPKI_PREFIX[..])?;
    (key.len() == 32).then(|| B64.encode(key))
}

/// Whether `sig` (raw 64 bytes) signs `message` under `public_key_b64`.
pub fn verify_raw(public_key_b64: &str, message: &[u8], sig: &[u8]) -> bool {
    let Ok(key) = B64.decode(public_key_b64) else {
        return false;
    };
    UnparsedPublicKey::new(&ED25519, key)
        .verify(message, sig)
        .is_ok()
}

/// Whether `sig` is a valid signature of `message` by its key.
pub fn verify(sig: &Signature, message: &[u8]) -> bool {
    let (Ok(key), Ok(s)) = (B64.decode(&sig.key), B64.decode(&sig.sig)) else {
        return false;
    };
    UnparsedPublicKey::new(&ED25519, key)
        .verify(message, &s)
        .is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_generated_key_signs_and_verifies_and_never_overwrites() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("key");
        let k = Signer::generate(&path).unwrap();
        let s = k.sign(b"entry id");
        assert!(verify(&s, b"entry id"));
        assert!(!verify(&s, b"another id"));
        assert_eq!(Signer::load(&path).unwrap().public_key(), k.public_key());
        assert!(matches!(
            Signer::generate(&path),
            Err(WorkspaceError::AlreadyExists { .. })
        ));
        assert_eq!(fingerprint(&k.public_key()).len(), 16);
    }
}
