//! ClientHello builders. No TLS library will offer SSLv3, EXPORT suites or a
//! single chosen group on request, so hellos are written byte by byte from
//! RFC 5246 7.4.1.2, RFC 8446 4.1.2 and 4.2, and the SSLv2 CLIENT-HELLO from
//! the Netscape SSL 2.0 draft.

use rand::RngCore;

/// Wire versions.
pub const SSL3: u16 = 0x0300;
pub const TLS10: u16 = 0x0301;
pub const TLS11: u16 = 0x0302;
pub const TLS12: u16 = 0x0303;
pub const TLS13: u16 = 0x0304;

/// At most this many suites go into one hello (older servers choke on more).
pub const MAX_SUITES_PER_HELLO: usize = 128;

/// What to put into one ClientHello.
#[derive(Debug, Clone)]
pub struct HelloSpec {
    /// Highest version offered: legacy_version for SSLv3..TLS 1.2,
    /// supported_versions = [TLS 1.3] for TLS13.
    pub version: u16,
    pub suites: Vec<u16>,
    /// Host name for server_name; `None` for IP literals.
    pub sni: Option<String>,
    /// supported_groups, in preference order. Empty leaves the extension out.
    pub groups: Vec<u16>,
    /// TLS 1.3: send a (random) x25519 key share when x25519 is among `groups`;
    /// otherwise the key_share list is empty and the server answers with a
    /// HelloRetryRequest naming the group it wants.
    pub x25519_share: bool,
    pub status_request: bool,
    /// Append TLS_FALLBACK_SCSV (RFC 7507).
    pub fallback_scsv: bool,
}

impl HelloSpec {
    pub fn new(version: u16, suites: Vec<u16>, sni: Option<String>) -> Self {
        let groups = if version >= TLS13 {
            super::suites::groups_tls13()
        } else {
            super::suites::ec_groups_legacy()
        };
        HelloSpec {
            version,
            suites,
            sni,
            groups,
            x25519_share: true,
            status_request: true,
            fallback_scsv: false,
        }
    }
}

/// Signature algorithms offered in TLS 1.2 and 1.3 hellos: everything a server
/// may sign with, old SHA-1 and PKCS#1 ones included (RFC 8446 4.2.3).
const SIGNATURE_SCHEMES: &[u16] = &[
    0x0403, 0x0503, 0x0603, // ecdsa_secp256r1_sha256, secp384r1_sha384, secp521r1_sha512
    0x0807, 0x0808, // ed25519, ed448
    0x0804, 0x0805, 0x0806, // rsa_pss_rsae_sha256/384/512
    0x0809, 0x080A, 0x080B, // rsa_pss_pss_sha256/384/512
    0x081A, 0x081B, 0x081C, // ecdsa_brainpool*_tls13
    0x0401, 0x0501, 0x0601, // rsa_pkcs1_sha256/384/512
    0x0402, 0x0502, 0x0602, // dsa_sha256/384/512
    0x0303, 0x0301, 0x0302, // ecdsa/rsa/dsa with sha224
    0x0203, 0x0201, 0x0202, // ecdsa/rsa/dsa with sha1
    0x0101, // rsa_md5
];

fn put_u16(out: &mut Vec<u8>, v: u16) {
    out.extend_from_slice(&v.to_be_bytes());
}

fn put_u24(out: &mut Vec<u8>, v: usize) {
    out.extend_from_slice(&(v as u32).to_be_bytes()[1..]);
}

fn ext(out: &mut Vec<u8>, kind: u16, body: &[u8]) {
    put_u16(out, kind);
    put_u16(out, body.len() as u16);
    out.extend_from_slice(body);
}

fn u16_list(items: &[u16]) -> Vec<u8> {
    let mut v = Vec::with_capacity(2 + items.len() * 2);
    put_u16(&mut v, (items.len() * 2) as u16);
    for i in items {
        put_u16(&mut v, *i);
    }
    v
}

fn extensions(spec: &HelloSpec, rng: &mut impl RngCore) -> Vec<u8> {
    let mut e = Vec::with_capacity(256);
    if let Some(name) = &spec.sni {
        let name = name.as_bytes();
        let mut b = Vec::with_capacity(name.len() + 5);
        put_u16(&mut b, (name.len() + 3) as u16);
        b.push(0); // host_name
        put_u16(&mut b, name.len() as u16);
        b.extend_from_slice(name);
        ext(&mut e, 0, &b);
    }
    if spec.status_request {
        // ocsp, empty responder_id_list, empty request_extensions
        ext(&mut e, 5, &[1, 0, 0, 0, 0]);
    }
    if !spec.groups.is_empty() {
        ext(&mut e, 10, &u16_list(&spec.groups));
    }
    ext(&mut e, 11, &[1, 0]); // ec_point_formats: uncompressed
    if spec.version >= TLS12 {
        ext(&mut e, 13, &u16_list(SIGNATURE_SCHEMES));
    }
    ext(&mut e, 23, &[]); // extended_master_secret
    ext(&mut e, 35, &[]); // session_ticket
    if spec.version >= TLS13 {
        ext(&mut e, 43, &[2, 0x03, 0x04]); // supported_versions: TLS 1.3 only
        ext(&mut e, 45, &[1, 1]); // psk_key_exchange_modes: psk_dhe_ke
        let mut shares = Vec::new();
        if spec.x25519_share && spec.groups.contains(&super::suites::X25519) {
            let mut key = [0u8; 32];
            rng.fill_bytes(&mut key);
            put_u16(&mut shares, super::suites::X25519);
            put_u16(&mut shares, 32);
            shares.extend_from_slice(&key);
        }
        let mut b = Vec::with_capacity(shares.len() + 2);
        put_u16(&mut b, shares.len() as u16);
        b.extend_from_slice(&shares);
        ext(&mut e, 51, &b);
    }
    e.extend_from_slice(&[0xFF, 0x01, 0x00, 0x01, 0x00]); // renegotiation_info, empty
    e
}

/// A complete ClientHello record, ready to write to the socket.
pub fn build(spec: &HelloSpec, rng: &mut impl RngCore) -> Vec<u8> {
    let legacy_version = spec.version.min(TLS12);
    let mut body = Vec::with_capacity(512);
    put_u16(&mut body, legacy_version);
    let mut random = [0u8; 32];
    rng.fill_bytes(&mut random);
    body.extend_from_slice(&random);
    if spec.version >= TLS13 {
        // A session id makes middleboxes treat the 1.3 hello as a resumption (RFC 8446 D.4).
        let mut sid = [0u8; 32];
        rng.fill_bytes(&mut sid);
        body.push(32);
        body.extend_from_slice(&sid);
    } else {
        body.push(0);
    }
    let mut suites: Vec<u16> = spec
        .suites
        .iter()
        .copied()
        .take(MAX_SUITES_PER_HELLO)
        .collect();
    if spec.fallback_scsv {
        suites.push(super::suites::FALLBACK_SCSV);
    }
    body.extend_from_slice(&u16_list(&suites));
    body.extend_from_slice(&[1, 0]); // compression: null only
    let mut exts = extensions(spec, rng);
    // Hellos of 256..511 bytes hang some F5 load balancers: pad them past 512 (RFC 7685).
    let unpadded = 4 + body.len() + 2 + exts.len();
    if (256..512).contains(&unpadded) {
        let pad = (512 - unpadded).saturating_sub(4);
        put_u16(&mut exts, 21);
        put_u16(&mut exts, pad as u16);
        exts.resize(exts.len() + pad, 0);
    }
    put_u16(&mut body, exts.len() as u16);
    body.extend_from_slice(&exts);

    let mut hs = Vec::with_capacity(body.len() + 4);
    hs.push(1); // client_hello
    put_u24(&mut hs, body.len());
    hs.extend_from_slice(&body);

    let mut record = Vec::with_capacity(hs.len() + 5);
    record.push(22);
    put_u16(&mut record, legacy_version.min(TLS10));
    put_u16(&mut record, hs.len() as u16);
    record.extend_from_slice(&hs);
    record
}

/// SSLv2 CLIENT-HELLO offering every SSLv2 cipher kind.
pub fn build_sslv2(rng: &mut impl RngCore) -> Vec<u8> {
    let kinds = super::suites::SSL2_CIPHERS;
    let mut challenge = [0u8; 16];
    rng.fill_bytes(&mut challenge);
    let mut msg = vec![1, 0x00, 0x02]; // CLIENT-HELLO, version 2
    put_u16(&mut msg, (kinds.len() * 3) as u16);
    put_u16(&mut msg, 0); // session id
    put_u16(&mut msg, challenge.len() as u16);
    for (k, _) in kinds {
        msg.extend_from_slice(&k.to_be_bytes()[1..]);
    }
    msg.extend_from_slice(&challenge);
    let mut out = Vec::with_capacity(msg.len() + 2);
    put_u16(&mut out, 0x8000 | msg.len() as u16);
    out.extend_from_slice(&msg);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::rngs::mock::StepRng;

    fn find_ext(record: &[u8], kind: u16) -> Option<Vec<u8>> {
        // record(5) hs(4) version(2) random(32)
        let mut p = 5 + 4 + 2 + 32;
        let sid = record[p] as usize;
        p += 1 + sid;
        let n = u16::from_be_bytes([record[p], record[p + 1]]) as usize;
        p += 2 + n;
        p += 1 + record[p] as usize;
        let total = u16::from_be_bytes([record[p], record[p + 1]]) as usize;
        p += 2;
        let end = p + total;
        assert_eq!(end, record.len());
        while p < end {
            let k = u16::from_be_bytes([record[p], record[p + 1]]);
            let l = u16::from_be_bytes([record[p + 2], record[p + 3]]) as usize;
            if k == kind {
                return Some(record[p + 4..p + 4 + l].to_vec());
            }
            p += 4 + l;
        }
        None
    }

    #[test]
    fn tls12_hello_layout() {
        let spec = HelloSpec::new(TLS12, vec![0xC02F, 0x002F], Some("example.com".into()));
        let r = build(&spec, &mut StepRng::new(1, 1));
        assert_eq!(&r[..3], &[22, 3, 1]);
        assert_eq!(u16::from_be_bytes([r[3], r[4]]) as usize, r.len() - 5);
        assert_eq!(r[5], 1);
        assert_eq!(&r[9..11], &[3, 3]);
        let sni = find_ext(&r, 0).unwrap();
        assert_eq!(&sni[5..], b"example.com");
        assert!(find_ext(&r, 13).is_some(), "signature_algorithms for 1.2");
        assert!(
            find_ext(&r, 43).is_none(),
            "no supported_versions below 1.3"
        );
        assert!(find_ext(&r, 0xFF01).is_some());
        assert!(r.len() >= 512 || r.len() < 256 + 5);
    }

    #[test]
    fn tls10_hello_has_no_sigalgs_and_ssl3_record() {
        let r = build(
            &HelloSpec::new(TLS10, vec![0x002F], None),
            &mut StepRng::new(1, 1),
        );
        assert!(find_ext(&r, 13).is_none());
        assert!(find_ext(&r, 0).is_none(), "no SNI without a name");
        let r = build(
            &HelloSpec::new(SSL3, vec![0x002F], None),
            &mut StepRng::new(1, 1),
        );
        assert_eq!(&r[1..3], &[3, 0]);
        assert_eq!(&r[9..11], &[3, 0]);
    }

    #[test]
    fn tls13_hello_has_versions_and_share() {
        let r = build(
            &HelloSpec::new(TLS13, vec![0x1301], None),
            &mut StepRng::new(1, 1),
        );
        assert_eq!(&r[9..11], &[3, 3], "legacy_version stays 1.2");
        assert_eq!(find_ext(&r, 43).unwrap(), vec![2, 3, 4]);
        let ks = find_ext(&r, 51).unwrap();
        assert_eq!(&ks[..4], &[0, 36, 0, 29]);
        let mut spec = HelloSpec::new(TLS13, vec![0x1301], None);
        spec.groups = vec![24];
        let r = build(&spec, &mut StepRng::new(1, 1));
        assert_eq!(
            find_ext(&r, 51).unwrap(),
            vec![0, 0],
            "empty share list asks for HRR"
        );
    }

    #[test]
    fn suites_are_capped_and_scsv_appended() {
        let mut spec = HelloSpec::new(TLS12, (1..=300).collect(), None);
        spec.fallback_scsv = true;
        let r = build(&spec, &mut StepRng::new(1, 1));
        let p = 5 + 4 + 2 + 32 + 1;
        let n = u16::from_be_bytes([r[p], r[p + 1]]) as usize;
        assert_eq!(n, 2 * 129);
        assert_eq!(&r[p + 2 + 2 * 128..p + 4 + 2 * 128], &[0x56, 0x00]);
    }

    #[test]
    fn sslv2_hello() {
        let r = build_sslv2(&mut StepRng::new(1, 1));
        assert_eq!(r[0] & 0x80, 0x80);
        let len = (((r[0] & 0x7F) as usize) << 8) | r[1] as usize;
        assert_eq!(len, r.len() - 2);
        assert_eq!(&r[2..5], &[1, 0, 2]);
    }
}
