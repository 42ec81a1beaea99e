//! The cipher suite registry: every IANA-registered TLS suite a real server may
//! pick, plus the OpenSSL-era EXPORT1024 codes (0x0060-0x0066) and the SSLv2
//! cipher kinds. Properties (key exchange, cipher strength, AEAD, ...) are read
//! from the IANA name itself, so the table stays one line per code and cannot
//! disagree with its own names.

/// One TLS cipher suite: its code point and IANA name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Suite {
    pub code: u16,
    pub name: &'static str,
}

/// IANA TLS Cipher Suites registry (RFC 5246, 8446 and friends), in code order.
pub const SUITES: &[Suite] = &[
    s(0x0001, "TLS_RSA_WITH_NULL_MD5"),
    s(0x0002, "TLS_RSA_WITH_NULL_SHA"),
    s(0x0003, "TLS_RSA_EXPORT_WITH_RC4_40_MD5"),
    s(0x0004, "TLS_RSA_WITH_RC4_128_MD5"),
    s(0x0005, "TLS_RSA_WITH_RC4_128_SHA"),
    s(0x0006, "TLS_RSA_EXPORT_WITH_RC2_CBC_40_MD5"),
    s(0x0007, "TLS_RSA_WITH_IDEA_CBC_SHA"),
    s(0x0008, "TLS_RSA_EXPORT_WITH_DES40_CBC_SHA"),
    s(0x0009, "TLS_RSA_WITH_DES_CBC_SHA"),
    s(0x000A, "TLS_RSA_WITH_3DES_EDE_CBC_SHA"),
    s(0x000B, "TLS_DH_DSS_EXPORT_WITH_DES40_CBC_SHA"),
    s(0x000C, "TLS_DH_DSS_WITH_DES_CBC_SHA"),
    s(0x000D, "TLS_DH_DSS_WITH_3DES_EDE_CBC_SHA"),
    s(0x000E, "TLS_DH_RSA_EXPORT_WITH_DES40_CBC_SHA"),
    s(0x000F, "TLS_DH_RSA_WITH_DES_CBC_SHA"),
    s(0x0010, "TLS_DH_RSA_WITH_3DES_EDE_CBC_SHA"),
    s(0x0011, "TLS_DHE_DSS_EXPORT_WITH_DES40_CBC_SHA"),
    s(0x0012, "TLS_DHE_DSS_WITH_DES_CBC_SHA"),
    s(0x0013, "TLS_DHE_DSS_WITH_3DES_EDE_CBC_SHA"),
    s(0x0014, "TLS_DHE_RSA_EXPORT_WITH_DES40_CBC_SHA"),
    s(0x0015, "TLS_DHE_RSA_WITH_DES_CBC_SHA"),
    s(0x0016, "TLS_DHE_RSA_WITH_3DES_EDE_CBC_SHA"),
    s(0x0017, "TLS_DH_anon_EXPORT_WITH_RC4_40_MD5"),
    s(0x0018, "TLS_DH_anon_WITH_RC4_128_MD5"),
    s(0x0019, "TLS_DH_anon_EXPORT_WITH_DES40_CBC_SHA"),
    s(0x001A, "TLS_DH_anon_WITH_DES_CBC_SHA"),
    s(0x001B, "TLS_DH_anon_WITH_3DES_EDE_CBC_SHA"),
    s(0x001E, "TLS_KRB5_WITH_DES_CBC_SHA"),
    s(0x001F, "TLS_KRB5_WITH_3DES_EDE_CBC_SHA"),
    s(0x0020, "TLS_KRB5_WITH_RC4_128_SHA"),
    s(0x0021, "TLS_KRB5_WITH_IDEA_CBC_SHA"),
    s(0x0022, "TLS_KRB5_WITH_DES_CBC_MD5"),
    s(0x0023, "TLS_KRB5_WITH_3DES_EDE_CBC_MD5"),
    s(0x0024, "TLS_KRB5_WITH_RC4_128_MD5"),
    s(0x0025, "TLS_KRB5_WITH_IDEA_CBC_MD5"),
    s(0x0026, "TLS_KRB5_EXPORT_WITH_DES_CBC_40_SHA"),
    s(0x0027, "TLS_KRB5_EXPORT_WITH_RC2_CBC_40_SHA"),
    s(0x0028, "TLS_KRB5_EXPORT_WITH_RC4_40_SHA"),
    s(0x0029, "TLS_KRB5_EXPORT_WITH_DES_CBC_40_MD5"),
    s(0x002A, "TLS_KRB5_EXPORT_WITH_RC2_CBC_40_MD5"),
    s(0x002B, "TLS_KRB5_EXPORT_WITH_RC4_40_MD5"),
    s(0x002C, "TLS_PSK_WITH_NULL_SHA"),
    s(0x002D, "TLS_DHE_PSK_WITH_NULL_SHA"),
    s(0x002E, "TLS_RSA_PSK_WITH_NULL_SHA"),
    s(0x002F, "TLS_RSA_WITH_AES_128_CBC_SHA"),
    s(0x0030, "TLS_DH_DSS_WITH_AES_128_CBC_SHA"),
    s(0x0031, "TLS_DH_RSA_WITH_AES_128_CBC_SHA"),
    s(0x0032, "TLS_DHE_DSS_WITH_AES_128_CBC_SHA"),
    s(0x0033, "TLS_DHE_RSA_WITH_AES_128_CBC_SHA"),
    s(0x0034, "TLS_DH_anon_WITH_AES_128_CBC_SHA"),
    s(0x0035, "TLS_RSA_WITH_AES_256_CBC_SHA"),
    s(0x0036, "TLS_DH_DSS_WITH_AES_256_CBC_SHA"),
    s(0x0037, "TLS_DH_RSA_WITH_AES_256_CBC_SHA"),
    s(0x0038, "TLS_DHE_DSS_WITH_AES_256_CBC_SHA"),
    s(0x0039, "TLS_DHE_RSA_WITH_AES_256_CBC_SHA"),
    s(0x003A, "TLS_DH_anon_WITH_AES_256_CBC_SHA"),
    s(0x003B, "TLS_RSA_WITH_NULL_SHA256"),
    s(0x003C, "TLS_RSA_WITH_AES_128_CBC_SHA256"),
    s(0x003D, "TLS_RSA_WITH_AES_256_CBC_SHA256"),
    s(0x003E, "TLS_DH_DSS_WITH_AES_128_CBC_SHA256"),
    s(0x003F, "TLS_DH_RSA_WITH_AES_128_CBC_SHA256"),
    s(0x0040, "TLS_DHE_DSS_WITH_AES_128_CBC_SHA256"),
    s(0x0041, "TLS_RSA_WITH_CAMELLIA_128_CBC_SHA"),
    s(0x0042, "TLS_DH_DSS_WITH_CAMELLIA_128_CBC_SHA"),
    s(0x0043, "TLS_DH_RSA_WITH_CAMELLIA_128_CBC_SHA"),
    s(0x0044, "TLS_DHE_DSS_WITH_CAMELLIA_128_CBC_SHA"),
    s(0x0045, "TLS_DHE_RSA_WITH_CAMELLIA_128_CBC_SHA"),
    s(0x0046, "TLS_DH_anon_WITH_CAMELLIA_128_CBC_SHA"),
    s(0x0060, "TLS_RSA_EXPORT1024_WITH_RC4_56_MD5"),
    s(0x0061, "TLS_RSA_EXPORT1024_WITH_RC2_CBC_56_MD5"),
    s(0x0062, "TLS_RSA_EXPORT1024_WITH_DES_CBC_SHA"),
    s(0x0063, "TLS_DHE_DSS_EXPORT1024_WITH_DES_CBC_SHA"),
    s(0x0064, "TLS_RSA_EXPORT1024_WITH_RC4_56_SHA"),
    s(0x0065, "TLS_DHE_DSS_EXPORT1024_WITH_RC4_56_SHA"),
    s(0x0066, "TLS_DHE_DSS_WITH_RC4_128_SHA"),
    s(0x0067, "TLS_DHE_RSA_WITH_AES_128_CBC_SHA256"),
    s(0x0068, "TLS_DH_DSS_WITH_AES_256_CBC_SHA256"),
    s(0x0069, "TLS_DH_RSA_WITH_AES_256_CBC_SHA256"),
    s(0x006A, "TLS_DHE_DSS_WITH_AES_256_CBC_SHA256"),
    s(0x006B, "TLS_DHE_RSA_WITH_AES_256_CBC_SHA256"),
    s(0x006C, "TLS_DH_anon_WITH_AES_128_CBC_SHA256"),
    s(0x006D, "TLS_DH_anon_WITH_AES_256_CBC_SHA256"),
    s(0x0080, "TLS_GOSTR341094_WITH_28147_CNT_IMIT"),
    s(0x0081, "TLS_GOSTR341001_WITH_28147_CNT_IMIT"),
    s(0x0082, "TLS_GOSTR341094_WITH_NULL_GOSTR3411"),
    s(0x0083, "TLS_GOSTR341001_WITH_NULL_GOSTR3411"),
    s(0x0084, "TLS_RSA_WITH_CAMELLIA_256_CBC_SHA"),
    s(0x0085, "TLS_DH_DSS_WITH_CAMELLIA_256_CBC_SHA"),
    s(0x0086, "TLS_DH_RSA_WITH_CAMELLIA_256_CBC_SHA"),
    s(0x0087, "TLS_DHE_DSS_WITH_CAMELLIA_256_CBC_SHA"),
    s(0x0088, "TLS_DHE_RSA_WITH_CAMELLIA_256_CBC_SHA"),
    s(0x0089, "TLS_DH_anon_WITH_CAMELLIA_256_CBC_SHA"),
    s(0x008A, "TLS_PSK_WITH_RC4_128_SHA"),
    s(0x008B, "TLS_PSK_WITH_3DES_EDE_CBC_SHA"),
    s(0x008C, "TLS_PSK_WITH_AES_128_CBC_SHA"),
    s(0x008D, "TLS_PSK_WITH_AES_256_CBC_SHA"),
    s(0x008E, "TLS_DHE_PSK_WITH_RC4_128_SHA"),
    s(0x008F, "TLS_DHE_PSK_WITH_3DES_EDE_CBC_SHA"),
    s(0x0090, "TLS_DHE_PSK_WITH_AES_128_CBC_SHA"),
    s(0x0091, "TLS_DHE_PSK_WITH_AES_256_CBC_SHA"),
    s(0x0092, "TLS_RSA_PSK_WITH_RC4_128_SHA"),
    s(0x0093, "TLS_RSA_PSK_WITH_3DES_EDE_CBC_SHA"),
    s(0x0094, "TLS_RSA_PSK_WITH_AES_128_CBC_SHA"),
    s(0x0095, "TLS_RSA_PSK_WITH_AES_256_CBC_SHA"),
    s(0x0096, "TLS_RSA_WITH_SEED_CBC_SHA"),
    s(0x0097, "TLS_DH_DSS_WITH_SEED_CBC_SHA"),
    s(0x0098, "TLS_DH_RSA_WITH_SEED_CBC_SHA"),
    s(0x0099, "TLS_DHE_DSS_WITH_SEED_CBC_SHA"),
    s(0x009A, "TLS_DHE_RSA_WITH_SEED_CBC_SHA"),
    s(0x009B, "TLS_DH_anon_WITH_SEED_CBC_SHA"),
    s(0x009C, "TLS_RSA_WITH_AES_128_GCM_SHA256"),
    s(0x009D, "TLS_RSA_WITH_AES_256_GCM_SHA384"),
    s(0x009E, "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256"),
    s(0x009F, "TLS_DHE_RSA_WITH_AES_256_GCM_SHA384"),
    s(0x00A0, "TLS_DH_RSA_WITH_AES_128_GCM_SHA256"),
    s(0x00A1, "TLS_DH_RSA_WITH_AES_256_GCM_SHA384"),
    s(0x00A2, "TLS_DHE_DSS_WITH_AES_128_GCM_SHA256"),
    s(0x00A3, "TLS_DHE_DSS_WITH_AES_256_GCM_SHA384"),
    s(0x00A4, "TLS_DH_DSS_WITH_AES_128_GCM_SHA256"),
    s(0x00A5, "TLS_DH_DSS_WITH_AES_256_GCM_SHA384"),
    s(0x00A6, "TLS_DH_anon_WITH_AES_128_GCM_SHA256"),
    s(0x00A7, "TLS_DH_anon_WITH_AES_256_GCM_SHA384"),
    s(0x00A8, "TLS_PSK_WITH_AES_128_GCM_SHA256"),
    s(0x00A9, "TLS_PSK_WITH_AES_256_GCM_SHA384"),
    s(0x00AA, "TLS_DHE_PSK_WITH_AES_128_GCM_SHA256"),
    s(0x00AB, "TLS_DHE_PSK_WITH_AES_256_GCM_SHA384"),
    s(0x00AC, "TLS_RSA_PSK_WITH_AES_128_GCM_SHA256"),
    s(0x00AD, "TLS_RSA_PSK_WITH_AES_256_GCM_SHA384"),
    s(0x00AE, "TLS_PSK_WITH_AES_128_CBC_SHA256"),
    s(0x00AF, "TLS_PSK_WITH_AES_256_CBC_SHA384"),
    s(0x00B0, "TLS_PSK_WITH_NULL_SHA256"),
    s(0x00B1, "TLS_PSK_WITH_NULL_SHA384"),
    s(0x00B2, "TLS_DHE_PSK_WITH_AES_128_CBC_SHA256"),
    s(0x00B3, "TLS_DHE_PSK_WITH_AES_256_CBC_SHA384"),
    s(0x00B4, "TLS_DHE_PSK_WITH_NULL_SHA256"),
    s(0x00B5, "TLS_DHE_PSK_WITH_NULL_SHA384"),
    s(0x00B6, "TLS_RSA_PSK_WITH_AES_128_CBC_SHA256"),
    s(0x00B7, "TLS_RSA_PSK_WITH_AES_256_CBC_SHA384"),
    s(0x00B8, "TLS_RSA_PSK_WITH_NULL_SHA256"),
    s(0x00B9, "TLS_RSA_PSK_WITH_NULL_SHA384"),
    s(0x00BA, "TLS_RSA_WITH_CAMELLIA_128_CBC_SHA256"),
    s(0x00BB, "TLS_DH_DSS_WITH_CAMELLIA_128_CBC_SHA256"),
    s(0x00BC, "TLS_DH_RSA_WITH_CAMELLIA_128_CBC_SHA256"),
    s(0x00BD, "TLS_DHE_DSS_WITH_CAMELLIA_128_CBC_SHA256"),
    s(0x00BE, "TLS_DHE_RSA_WITH_CAMELLIA_128_CBC_SHA256"),
    s(0x00BF, "TLS_DH_anon_WITH_CAMELLIA_128_CBC_SHA256"),
    s(0x00C0, "TLS_RSA_WITH_CAMELLIA_256_CBC_SHA256"),
    s(0x00C1, "TLS_DH_DSS_WITH_CAMELLIA_256_CBC_SHA256"),
    s(0x00C2, "TLS_DH_RSA_WITH_CAMELLIA_256_CBC_SHA256"),
    s(0x00C3, "TLS_DHE_DSS_WITH_CAMELLIA_256_CBC_SHA256"),
    s(0x00C4, "TLS_DHE_RSA_WITH_CAMELLIA_256_CBC_SHA256"),
    s(0x00C5, "TLS_DH_anon_WITH_CAMELLIA_256_CBC_SHA256"),
    s(0x00C6, "TLS_SM4_GCM_SM3"),
    s(0x00C7, "TLS_SM4_CCM_SM3"),
    s(0x1301, "TLS_AES_128_GCM_SHA256"),
    s(0x1302, "TLS_AES_256_GCM_SHA384"),
    s(0x1303, "TLS_CHACHA20_POLY1305_SHA256"),
    s(0x1304, "TLS_AES_128_CCM_SHA256"),
    s(0x1305, "TLS_AES_128_CCM_8_SHA256"),
    s(0xC001, "TLS_ECDH_ECDSA_WITH_NULL_SHA"),
    s(0xC002, "TLS_ECDH_ECDSA_WITH_RC4_128_SHA"),
    s(0xC003, "TLS_ECDH_ECDSA_WITH_3DES_EDE_CBC_SHA"),
    s(0xC004, "TLS_ECDH_ECDSA_WITH_AES_128_CBC_SHA"),
    s(0xC005, "TLS_ECDH_ECDSA_WITH_AES_256_CBC_SHA"),
    s(0xC006, "TLS_ECDHE_ECDSA_WITH_NULL_SHA"),
    s(0xC007, "TLS_ECDHE_ECDSA_WITH_RC4_128_SHA"),
    s(0xC008, "TLS_ECDHE_ECDSA_WITH_3DES_EDE_CBC_SHA"),
    s(0xC009, "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA"),
    s(0xC00A, "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA"),
    s(0xC00B, "TLS_ECDH_RSA_WITH_NULL_SHA"),
    s(0xC00C, "TLS_ECDH_RSA_WITH_RC4_128_SHA"),
    s(0xC00D, "TLS_ECDH_RSA_WITH_3DES_EDE_CBC_SHA"),
    s(0xC00E, "TLS_ECDH_RSA_WITH_AES_128_CBC_SHA"),
    s(0xC00F, "TLS_ECDH_RSA_WITH_AES_256_CBC_SHA"),
    s(0xC010, "TLS_ECDHE_RSA_WITH_NULL_SHA"),
    s(0xC011, "TLS_ECDHE_RSA_WITH_RC4_128_SHA"),
    s(0xC012, "TLS_ECDHE_RSA_WITH_3DES_EDE_CBC_SHA"),
    s(0xC013, "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA"),
    s(0xC014, "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA"),
    s(0xC015, "TLS_ECDH_anon_WITH_NULL_SHA"),
    s(0xC016, "TLS_ECDH_anon_WITH_RC4_128_SHA"),
    s(0xC017, "TLS_ECDH_anon_WITH_3DES_EDE_CBC_SHA"),
    s(0xC018, "TLS_ECDH_anon_WITH_AES_128_CBC_SHA"),
    s(0xC019, "TLS_ECDH_anon_WITH_AES_256_CBC_SHA"),
    s(0xC01A, "TLS_SRP_SHA_WITH_3DES_EDE_CBC_SHA"),
    s(0xC01B, "TLS_SRP_SHA_RSA_WITH_3DES_EDE_CBC_SHA"),
    s(0xC01C, "TLS_SRP_SHA_DSS_WITH_3DES_EDE_CBC_SHA"),
    s(0xC01D, "TLS_SRP_SHA_WITH_AES_128_CBC_SHA"),
    s(0xC01E, "TLS_SRP_SHA_RSA_WITH_AES_128_CBC_SHA"),
    s(0xC01F, "TLS_SRP_SHA_DSS_WITH_AES_128_CBC_SHA"),
    s(0xC020, "TLS_SRP_SHA_WITH_AES_256_CBC_SHA"),
    s(0xC021, "TLS_SRP_SHA_RSA_WITH_AES_256_CBC_SHA"),
    s(0xC022, "TLS_SRP_SHA_DSS_WITH_AES_256_CBC_SHA"),
    s(0xC023, "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256"),
    s(0xC024, "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384"),
    s(0xC025, "TLS_ECDH_ECDSA_WITH_AES_128_CBC_SHA256"),
    s(0xC026, "TLS_ECDH_ECDSA_WITH_AES_256_CBC_SHA384"),
    s(0xC027, "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256"),
    s(0xC028, "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384"),
    s(0xC029, "TLS_ECDH_RSA_WITH_AES_128_CBC_SHA256"),
    s(0xC02A, "TLS_ECDH_RSA_WITH_AES_256_CBC_SHA384"),
    s(0xC02B, "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"),
    s(0xC02C, "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384"),
    s(0xC02D, "TLS_ECDH_ECDSA_WITH_AES_128_GCM_SHA256"),
    s(0xC02E, "TLS_ECDH_ECDSA_WITH_AES_256_GCM_SHA384"),
    s(0xC02F, "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"),
    s(0xC030, "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384"),
    s(0xC031, "TLS_ECDH_RSA_WITH_AES_128_GCM_SHA256"),
    s(0xC032, "TLS_ECDH_RSA_WITH_AES_256_GCM_SHA384"),
    s(0xC033, "TLS_ECDHE_PSK_WITH_RC4_128_SHA"),
    s(0xC034, "TLS_ECDHE_PSK_WITH_3DES_EDE_CBC_SHA"),
    s(0xC035, "TLS_ECDHE_PSK_WITH_AES_128_CBC_SHA"),
    s(0xC036, "TLS_ECDHE_PSK_WITH_AES_256_CBC_SHA"),
    s(0xC037, "TLS_ECDHE_PSK_WITH_AES_128_CBC_SHA256"),
    s(0xC038, "TLS_ECDHE_PSK_WITH_AES_256_CBC_SHA384"),
    s(0xC039, "TLS_ECDHE_PSK_WITH_NULL_SHA"),
    s(0xC03A, "TLS_ECDHE_PSK_WITH_NULL_SHA256"),
    s(0xC03B, "TLS_ECDHE_PSK_WITH_NULL_SHA384"),
    s(0xC03C, "TLS_RSA_WITH_ARIA_128_CBC_SHA256"),
    s(0xC03D, "TLS_RSA_WITH_ARIA_256_CBC_SHA384"),
    s(0xC03E, "TLS_DH_DSS_WITH_ARIA_128_CBC_SHA256"),
    s(0xC03F, "TLS_DH_DSS_WITH_ARIA_256_CBC_SHA384"),
    s(0xC040, "TLS_DH_RSA_WITH_ARIA_128_CBC_SHA256"),
    s(0xC041, "TLS_DH_RSA_WITH_ARIA_256_CBC_SHA384"),
    s(0xC042, "TLS_DHE_DSS_WITH_ARIA_128_CBC_SHA256"),
    s(0xC043, "TLS_DHE_DSS_WITH_ARIA_256_CBC_SHA384"),
    s(0xC044, "TLS_DHE_RSA_WITH_ARIA_128_CBC_SHA256"),
    s(0xC045, "TLS_DHE_RSA_WITH_ARIA_256_CBC_SHA384"),
    s(0xC046, "TLS_DH_anon_WITH_ARIA_128_CBC_SHA256"),
    s(0xC047, "TLS_DH_anon_WITH_ARIA_256_CBC_SHA384"),
    s(0xC048, "TLS_ECDHE_ECDSA_WITH_ARIA_128_CBC_SHA256"),
    s(0xC049, "TLS_ECDHE_ECDSA_WITH_ARIA_256_CBC_SHA384"),
    s(0xC04A, "TLS_ECDH_ECDSA_WITH_ARIA_128_CBC_SHA256"),
    s(0xC04B, "TLS_ECDH_ECDSA_WITH_ARIA_256_CBC_SHA384"),
    s(0xC04C, "TLS_ECDHE_RSA_WITH_ARIA_128_CBC_SHA256"),
    s(0xC04D, "TLS_ECDHE_RSA_WITH_ARIA_256_CBC_SHA384"),
    s(0xC04E, "TLS_ECDH_RSA_WITH_ARIA_128_CBC_SHA256"),
    s(0xC04F, "TLS_ECDH_RSA_WITH_ARIA_256_CBC_SHA384"),
    s(0xC050, "TLS_RSA_WITH_ARIA_128_GCM_SHA256"),
    s(0xC051, "TLS_RSA_WITH_ARIA_256_GCM_SHA384"),
    s(0xC052, "TLS_DHE_RSA_WITH_ARIA_128_GCM_SHA256"),
    s(0xC053, "TLS_DHE_RSA_WITH_ARIA_256_GCM_SHA384"),
    s(0xC054, "TLS_DH_RSA_WITH_ARIA_128_GCM_SHA256"),
    s(0xC055, "TLS_DH_RSA_WITH_ARIA_256_GCM_SHA384"),
    s(0xC056, "TLS_DHE_DSS_WITH_ARIA_128_GCM_SHA256"),
    s(0xC057, "TLS_DHE_DSS_WITH_ARIA_256_GCM_SHA384"),
    s(0xC058, "TLS_DH_DSS_WITH_ARIA_128_GCM_SHA256"),
    s(0xC059, "TLS_DH_DSS_WITH_ARIA_256_GCM_SHA384"),
    s(0xC05A, "TLS_DH_anon_WITH_ARIA_128_GCM_SHA256"),
    s(0xC05B, "TLS_DH_anon_WITH_ARIA_256_GCM_SHA384"),
    s(0xC05C, "TLS_ECDHE_ECDSA_WITH_ARIA_128_GCM_SHA256"),
    s(0xC05D, "TLS_ECDHE_ECDSA_WITH_ARIA_256_GCM_SHA384"),
    s(0xC05E, "TLS_ECDH_ECDSA_WITH_ARIA_128_GCM_SHA256"),
    s(0xC05F, "TLS_ECDH_ECDSA_WITH_ARIA_256_GCM_SHA384"),
    s(0xC060, "TLS_ECDHE_RSA_WITH_ARIA_128_GCM_SHA256"),
    s(0xC061, "TLS_ECDHE_RSA_WITH_ARIA_256_GCM_SHA384"),
    s(0xC062, "TLS_ECDH_RSA_WITH_ARIA_128_GCM_SHA256"),
    s(0xC063, "TLS_ECDH_RSA_WITH_ARIA_256_GCM_SHA384"),
    s(0xC064, "TLS_PSK_WITH_ARIA_128_CBC_SHA256"),
    s(0xC065, "TLS_PSK_WITH_ARIA_256_CBC_SHA384"),
    s(0xC066, "TLS_DHE_PSK_WITH_ARIA_128_CBC_SHA256"),
    s(0xC067, "TLS_DHE_PSK_WITH_ARIA_256_CBC_SHA384"),
    s(0xC068, "TLS_RSA_PSK_WITH_ARIA_128_CBC_SHA256"),
    s(0xC069, "TLS_RSA_PSK_WITH_ARIA_256_CBC_SHA384"),
    s(0xC06A, "TLS_PSK_WITH_ARIA_128_GCM_SHA256"),
    s(0xC06B, "TLS_PSK_WITH_ARIA_256_GCM_SHA384"),
    s(0xC06C, "TLS_DHE_PSK_WITH_ARIA_128_GCM_SHA256"),
    s(0xC06D, "TLS_DHE_PSK_WITH_ARIA_256_GCM_SHA384"),
    s(0xC06E, "TLS_RSA_PSK_WITH_ARIA_128_GCM_SHA256"),
    s(0xC06F, "TLS_RSA_PSK_WITH_ARIA_256_GCM_SHA384"),
    s(0xC070, "TLS_ECDHE_PSK_WITH_ARIA_128_CBC_SHA256"),
    s(0xC071, "TLS_ECDHE_PSK_WITH_ARIA_256_CBC_SHA384"),
    s(0xC072, "TLS_ECDHE_ECDSA_WITH_CAMELLIA_128_CBC_SHA256"),
    s(0xC073, "TLS_ECDHE_ECDSA_WITH_CAMELLIA_256_CBC_SHA384"),
    s(0xC074, "TLS_ECDH_ECDSA_WITH_CAMELLIA_128_CBC_SHA256"),
    s(0xC075, "TLS_ECDH_ECDSA_WITH_CAMELLIA_256_CBC_SHA384"),
    s(0xC076, "TLS_ECDHE_RSA_WITH_CAMELLIA_128_CBC_SHA256"),
    s(0xC077, "TLS_ECDHE_RSA_WITH_CAMELLIA_256_CBC_SHA384"),
    s(0xC078, "TLS_ECDH_RSA_WITH_CAMELLIA_128_CBC_SHA256"),
    s(0xC079, "TLS_ECDH_RSA_WITH_CAMELLIA_256_CBC_SHA384"),
    s(0xC07A, "TLS_RSA_WITH_CAMELLIA_128_GCM_SHA256"),
    s(0xC07B, "TLS_RSA_WITH_CAMELLIA_256_GCM_SHA384"),
    s(0xC07C, "TLS_DHE_RSA_WITH_CAMELLIA_128_GCM_SHA256"),
    s(0xC07D, "TLS_DHE_RSA_WITH_CAMELLIA_256_GCM_SHA384"),
    s(0xC07E, "TLS_DH_RSA_WITH_CAMELLIA_128_GCM_SHA256"),
    s(0xC07F, "TLS_DH_RSA_WITH_CAMELLIA_256_GCM_SHA384"),
    s(0xC080, "TLS_DHE_DSS_WITH_CAMELLIA_128_GCM_SHA256"),
    s(0xC081, "TLS_DHE_DSS_WITH_CAMELLIA_256_GCM_SHA384"),
    s(0xC082, "TLS_DH_DSS_WITH_CAMELLIA_128_GCM_SHA256"),
    s(0xC083, "TLS_DH_DSS_WITH_CAMELLIA_256_GCM_SHA384"),
    s(0xC084, "TLS_DH_anon_WITH_CAMELLIA_128_GCM_SHA256"),
    s(0xC085, "TLS_DH_anon_WITH_CAMELLIA_256_GCM_SHA384"),
    s(0xC086, "TLS_ECDHE_ECDSA_WITH_CAMELLIA_128_GCM_SHA256"),
    s(0xC087, "TLS_ECDHE_ECDSA_WITH_CAMELLIA_256_GCM_SHA384"),
    s(0xC088, "TLS_ECDH_ECDSA_WITH_CAMELLIA_128_GCM_SHA256"),
    s(0xC089, "TLS_ECDH_ECDSA_WITH_CAMELLIA_256_GCM_SHA384"),
    s(0xC08A, "TLS_ECDHE_RSA_WITH_CAMELLIA_128_GCM_SHA256"),
    s(0xC08B, "TLS_ECDHE_RSA_WITH_CAMELLIA_256_GCM_SHA384"),
    s(0xC08C, "TLS_ECDH_RSA_WITH_CAMELLIA_128_GCM_SHA256"),
    s(0xC08D, "TLS_ECDH_RSA_WITH_CAMELLIA_256_GCM_SHA384"),
    s(0xC08E, "TLS_PSK_WITH_CAMELLIA_128_GCM_SHA256"),
    s(0xC08F, "TLS_PSK_WITH_CAMELLIA_256_GCM_SHA384"),
    s(0xC090, "TLS_DHE_PSK_WITH_CAMELLIA_128_GCM_SHA256"),
    s(0xC091, "TLS_DHE_PSK_WITH_CAMELLIA_256_GCM_SHA384"),
    s(0xC092, "TLS_RSA_PSK_WITH_CAMELLIA_128_GCM_SHA256"),
    s(0xC093, "TLS_RSA_PSK_WITH_CAMELLIA_256_GCM_SHA384"),
    s(0xC094, "TLS_PSK_WITH_CAMELLIA_128_CBC_SHA256"),
    s(0xC095, "TLS_PSK_WITH_CAMELLIA_256_CBC_SHA384"),
    s(0xC096, "TLS_DHE_PSK_WITH_CAMELLIA_128_CBC_SHA256"),
    s(0xC097, "TLS_DHE_PSK_WITH_CAMELLIA_256_CBC_SHA384"),
    s(0xC098, "TLS_RSA_PSK_WITH_CAMELLIA_128_CBC_SHA256"),
    s(0xC099, "TLS_RSA_PSK_WITH_CAMELLIA_256_CBC_SHA384"),
    s(0xC09A, "TLS_ECDHE_PSK_WITH_CAMELLIA_128_CBC_SHA256"),
    s(0xC09B, "TLS_ECDHE_PSK_WITH_CAMELLIA_256_CBC_SHA384"),
    s(0xC09C, "TLS_RSA_WITH_AES_128_CCM"),
    s(0xC09D, "TLS_RSA_WITH_AES_256_CCM"),
    s(0xC09E, "TLS_DHE_RSA_WITH_AES_128_CCM"),
    s(0xC09F, "TLS_DHE_RSA_WITH_AES_256_CCM"),
    s(0xC0A0, "TLS_RSA_WITH_AES_128_CCM_8"),
    s(0xC0A1, "TLS_RSA_WITH_AES_256_CCM_8"),
    s(0xC0A2, "TLS_DHE_RSA_WITH_AES_128_CCM_8"),
    s(0xC0A3, "TLS_DHE_RSA_WITH_AES_256_CCM_8"),
    s(0xC0A4, "TLS_PSK_WITH_AES_128_CCM"),
    s(0xC0A5, "TLS_PSK_WITH_AES_256_CCM"),
    s(0xC0A6, "TLS_DHE_PSK_WITH_AES_128_CCM"),
    s(0xC0A7, "TLS_DHE_PSK_WITH_AES_256_CCM"),
    s(0xC0A8, "TLS_PSK_WITH_AES_128_CCM_8"),
    s(0xC0A9, "TLS_PSK_WITH_AES_256_CCM_8"),
    s(0xC0AA, "TLS_PSK_DHE_WITH_AES_128_CCM_8"),
    s(0xC0AB, "TLS_PSK_DHE_WITH_AES_256_CCM_8"),
    s(0xC0AC, "TLS_ECDHE_ECDSA_WITH_AES_128_CCM"),
    s(0xC0AD, "TLS_ECDHE_ECDSA_WITH_AES_256_CCM"),
    s(0xC0AE, "TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8"),
    s(0xC0AF, "TLS_ECDHE_ECDSA_WITH_AES_256_CCM_8"),
    s(0xC0B0, "TLS_ECCPWD_WITH_AES_128_GCM_SHA256"),
    s(0xC0B1, "TLS_ECCPWD_WITH_AES_256_GCM_SHA384"),
    s(0xC0B2, "TLS_ECCPWD_WITH_AES_128_CCM_SHA256"),
    s(0xC0B3, "TLS_ECCPWD_WITH_AES_256_CCM_SHA384"),
    s(0xC100, "TLS_GOSTR341112_256_WITH_KUZNYECHIK_CTR_OMAC"),
    s(0xC101, "TLS_GOSTR341112_256_WITH_MAGMA_CTR_OMAC"),
    s(0xC102, "TLS_GOSTR341112_256_WITH_28147_CNT_IMIT"),
    s(0xCCA8, "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256"),
    s(0xCCA9, "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256"),
    s(0xCCAA, "TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256"),
    s(0xCCAB, "TLS_PSK_WITH_CHACHA20_POLY1305_SHA256"),
    s(0xCCAC, "TLS_ECDHE_PSK_WITH_CHACHA20_POLY1305_SHA256"),
    s(0xCCAD, "TLS_DHE_PSK_WITH_CHACHA20_POLY1305_SHA256"),
    s(0xCCAE, "TLS_RSA_PSK_WITH_CHACHA20_POLY1305_SHA256"),
    s(0xD001, "TLS_ECDHE_PSK_WITH_AES_128_GCM_SHA256"),
    s(0xD002, "TLS_ECDHE_PSK_WITH_AES_256_GCM_SHA384"),
    s(0xD003, "TLS_ECDHE_PSK_WITH_AES_128_CCM_8_SHA256"),
    s(0xD005, "TLS_ECDHE_PSK_WITH_AES_128_CCM_SHA256"),
];

const fn s(code: u16, name: &'static str) -> Suite {
    Suite { code, name }
}

/// TLS 1.3 suites (RFC 8446 B.4 and RFC 8998).
pub const TLS13_SUITES: &[u16] = &[0x1301, 0x1302, 0x1303, 0x1304, 0x1305, 0x00C6, 0x00C7];

/// TLS_FALLBACK_SCSV (RFC 7507).
pub const FALLBACK_SCSV: u16 = 0x5600;

/// How the suite agrees on keys: the part of the name before `_WITH_`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyExchange {
    /// TLS 1.3: negotiated separately through key_share.
    Tls13,
    Rsa,
    RsaExport,
    /// Static (EC)DH with keys in the certificate.
    StaticDh,
    StaticEcdh,
    Dhe,
    Ecdhe,
    DhAnon,
    EcdhAnon,
    Psk,
    DhePsk,
    EcdhePsk,
    RsaPsk,
    Srp,
    Krb5,
    Gost,
    EccPwd,
}

impl KeyExchange {
    /// Ephemeral key agreement: past sessions stay secret if the server key leaks.
    pub fn forward_secret(self) -> bool {
        matches!(
            self,
            KeyExchange::Tls13
                | KeyExchange::Dhe
                | KeyExchange::Ecdhe
                | KeyExchange::DhePsk
                | KeyExchange::EcdhePsk
        )
    }

    /// Whether the ServerKeyExchange carries an elliptic curve group.
    pub fn uses_ec_group(self) -> bool {
        matches!(
            self,
            KeyExchange::Ecdhe | KeyExchange::EcdhAnon | KeyExchange::EcdhePsk
        )
    }

    /// Whether the ServerKeyExchange carries finite-field DH parameters.
    pub fn uses_dh_params(self) -> bool {
        matches!(
            self,
            KeyExchange::Dhe | KeyExchange::DhAnon | KeyExchange::DhePsk
        )
    }
}

impl Suite {
    pub fn by_code(code: u16) -> Option<&'static Suite> {
        SUITES
            .binary_search_by_key(&code, |s| s.code)
            .ok()
            .map(|i| &SUITES[i])
    }

    pub fn by_name(name: &str) -> Option<&'static Suite> {
        SUITES.iter().find(|s| s.name == name)
    }

    pub fn is_tls13(&self) -> bool {
        TLS13_SUITES.contains(&self.code)
    }

    fn kex_part(&self) -> &'static str {
        let body = self.name.strip_prefix("TLS_").unwrap_or(self.name);
        match body.find("_WITH_") {
            Some(i) => &body[..i],
            None => "",
        }
    }

    fn cipher_part(&self) -> &'static str {
        match self.name.find("_WITH_") {
            Some(i) => &self.name[i + 6..],
            None => self.name.strip_prefix("TLS_").unwrap_or(self.name),
        }
    }

    pub fn key_exchange(&self) -> KeyExchange {
        if self.is_tls13() {
            return KeyExchange::Tls13;
        }
        let k = self.kex_part();
        if k.starts_with("GOST") {
            return KeyExchange::Gost;
        }
        match k {
            "RSA" => KeyExchange::Rsa,
            "RSA_EXPORT" | "RSA_EXPORT1024" => KeyExchange::RsaExport,
            "DH_DSS" | "DH_RSA" | "DH_DSS_EXPORT" | "DH_RSA_EXPORT" => KeyExchange::StaticDh,
            "ECDH_ECDSA" | "ECDH_RSA" => KeyExchange::StaticEcdh,
            "DHE_DSS" | "DHE_RSA" | "DHE_DSS_EXPORT" | "DHE_RSA_EXPORT" | "DHE_DSS_EXPORT1024" => {
                KeyExchange::Dhe
            }
            "ECDHE_ECDSA" | "ECDHE_RSA" => KeyExchange::Ecdhe,
            "DH_anon" | "DH_anon_EXPORT" => KeyExchange::DhAnon,
            "ECDH_anon" => KeyExchange::EcdhAnon,
            "PSK" => KeyExchange::Psk,
            "DHE_PSK" | "PSK_DHE" => KeyExchange::DhePsk,
            "ECDHE_PSK" => KeyExchange::EcdhePsk,
            "RSA_PSK" => KeyExchange::RsaPsk,
            "ECCPWD" => KeyExchange::EccPwd,
            k if k.starts_with("SRP") => KeyExchange::Srp,
            k if k.starts_with("KRB5") => KeyExchange::Krb5,
            _ => KeyExchange::Rsa,
        }
    }

    /// No server authentication at all.
    pub fn is_anon(&self) -> bool {
        self.kex_part().contains("anon")
    }

    pub fn is_export(&self) -> bool {
        self.name.contains("EXPORT")
    }

    pub fn is_null_cipher(&self) -> bool {
        let c = self.cipher_part();
        c.starts_with("NULL")
    }

    pub fn is_aead(&self) -> bool {
        let c = self.cipher_part();
        c.contains("GCM") || c.contains("CCM") || c.contains("CHACHA20_POLY1305")
    }

    pub fn is_cbc(&self) -> bool {
        self.cipher_part().contains("CBC")
    }

    pub fn is_rc4(&self) -> bool {
        self.cipher_part().starts_with("RC4")
    }

    pub fn is_3des(&self) -> bool {
        self.cipher_part().starts_with("3DES")
    }

    /// Single DES (56-bit or 40-bit export variants).
    pub fn is_des(&self) -> bool {
        let c = self.cipher_part();
        c.starts_with("DES")
    }

    /// Effective symmetric strength in bits (3DES counts as 112).
    pub fn bits(&self) -> u16 {
        let c = self.cipher_part();
        if self.is_null_cipher() {
            0
        } else if c.contains("_40") || c.starts_with("DES40") {
            40
        } else if c.contains("_56") || c.starts_with("DES_CBC") {
            56
        } else if c.starts_with("3DES") {
            112
        } else if c.contains("_256")
            || c.starts_with("CHACHA20")
            || c.starts_with("28147")
            || c.starts_with("KUZNYECHIK")
            || c.starts_with("MAGMA")
        {
            256
        } else {
            128
        }
    }

    /// Suites defined only for TLS 1.2 (SHA-2 PRF, AEAD ciphers): an older hello must not offer them.
    pub fn needs_tls12(&self) -> bool {
        let c = self.cipher_part();
        !self.is_tls13()
            && (self.is_aead()
                || c.ends_with("SHA256")
                || c.ends_with("SHA384")
                || c.contains("ARIA")
                || c.contains("KUZNYECHIK")
                || c.contains("MAGMA")
                || self.code >= 0xC100 && self.code <= 0xC102)
    }

    /// Suites a server only picks with extra configuration (pre-shared keys,
    /// passwords, Kerberos, GOST engines): offered last.
    pub fn is_exotic(&self) -> bool {
        matches!(
            self.key_exchange(),
            KeyExchange::Psk
                | KeyExchange::DhePsk
                | KeyExchange::EcdhePsk
                | KeyExchange::RsaPsk
                | KeyExchange::Srp
                | KeyExchange::Krb5
                | KeyExchange::Gost
                | KeyExchange::EccPwd
        )
    }

    /// Broken by today's standards: NULL, anonymous, EXPORT, DES, RC4, 3DES or under 112 bits.
    pub fn is_insecure(&self) -> bool {
        self.is_null_cipher()
            || self.is_anon()
            || self.is_export()
            || self.is_des()
            || self.is_rc4()
            || self.is_3des()
            || self.bits() < 112
    }

    /// Order in which candidates are offered: common, strong suites first so
    /// that the first batch of a version covers what real servers pick.
    fn rank(&self) -> u8 {
        let kex = self.key_exchange();
        let mut r = match kex {
            KeyExchange::Tls13 => 0,
            KeyExchange::Ecdhe => 1,
            KeyExchange::Dhe => 2,
            KeyExchange::Rsa => 3,
            KeyExchange::StaticEcdh | KeyExchange::StaticDh => 5,
            KeyExchange::EcdhAnon | KeyExchange::DhAnon | KeyExchange::RsaExport => 6,
            _ => 9,
        };
        if !self.is_aead() {
            r += 1;
        }
        r
    }
}

/// Suites to offer in a hello of `version` (a TLS wire version), strongest and most common first.
pub fn candidates(version: u16) -> Vec<u16> {
    let mut list: Vec<&Suite> = SUITES
        .iter()
        .filter(|s| {
            if version >= 0x0304 {
                s.is_tls13()
            } else {
                !s.is_tls13() && (version >= 0x0303 || !s.needs_tls12())
            }
        })
        .collect();
    list.sort_by_key(|s| (s.rank(), s.code));
    list.into_iter().map(|s| s.code).collect()
}

/// IANA name of a code, or `0xABCD` when unregistered.
pub fn name(code: u16) -> String {
    match Suite::by_code(code) {
        Some(s) => s.name.to_string(),
        None => format!("0x{code:04X}"),
    }
}

/// SSLv2 cipher kinds (draft-hickman-netscape-ssl-00, appendix).
pub const SSL2_CIPHERS: &[(u32, &str)] = &[
    (0x010080, "SSL_CK_RC4_128_WITH_MD5"),
    (0x020080, "SSL_CK_RC4_128_EXPORT40_WITH_MD5"),
    (0x030080, "SSL_CK_RC2_128_CBC_WITH_MD5"),
    (0x040080, "SSL_CK_RC2_128_CBC_EXPORT40_WITH_MD5"),
    (0x050080, "SSL_CK_IDEA_128_CBC_WITH_MD5"),
    (0x060040, "SSL_CK_DES_64_CBC_WITH_MD5"),
    (0x0700C0, "SSL_CK_DES_192_EDE3_CBC_WITH_MD5"),
];

pub fn ssl2_name(kind: u32) -> String {
    SSL2_CIPHERS
        .iter()
        .find(|(k, _)| *k == kind)
        .map(|(_, n)| n.to_string())
        .unwrap_or_else(|| format!("SSL_CK_0x{kind:06X}"))
}

/// Named groups (RFC 8422, 7919, 8446, draft-kwiatkowski-tls-ecdhe-mlkem), IANA names.
pub const GROUPS: &[(u16, &str)] = &[
    (1, "sect163k1"),
    (2, "sect163r1"),
    (3, "sect163r2"),
    (4, "sect193r1"),
    (5, "sect193r2"),
    (6, "sect233k1"),
    (7, "sect233r1"),
    (8, "sect239k1"),
    (9, "sect283k1"),
    (10, "sect283r1"),
    (11, "sect409k1"),
    (12, "sect409r1"),
    (13, "sect571k1"),
    (14, "sect571r1"),
    (15, "secp160k1"),
    (16, "secp160r1"),
    (17, "secp160r2"),
    (18, "secp192k1"),
    (19, "secp192r1"),
    (20, "secp224k1"),
    (21, "secp224r1"),
    (22, "secp256k1"),
    (23, "secp256r1"),
    (24, "secp384r1"),
    (25, "secp521r1"),
    (26, "brainpoolP256r1"),
    (27, "brainpoolP384r1"),
    (28, "brainpoolP512r1"),
    (29, "x25519"),
    (30, "x448"),
    (31, "brainpoolP256r1tls13"),
    (32, "brainpoolP384r1tls13"),
    (33, "brainpoolP512r1tls13"),
    (256, "ffdhe2048"),
    (257, "ffdhe3072"),
    (258, "ffdhe4096"),
    (259, "ffdhe6144"),
    (260, "ffdhe8192"),
    (0x0200, "MLKEM512"),
    (0x0201, "MLKEM768"),
    (0x0202, "MLKEM1024"),
    (0x11EB, "SecP256r1MLKEM768"),
    (0x11EC, "X25519MLKEM768"),
    (0x11ED, "SecP384r1MLKEM1024"),
    (0x6399, "X25519Kyber768Draft00"),
];

pub const X25519: u16 = 29;

pub fn group_name(code: u16) -> String {
    GROUPS
        .iter()
        .find(|(c, _)| *c == code)
        .map(|(_, n)| n.to_string())
        .unwrap_or_else(|| format!("group 0x{code:04X}"))
}

pub fn group_code(name: &str) -> Option<u16> {
    GROUPS.iter().find(|(_, n)| *n == name).map(|(c, _)| *c)
}

/// Strength of a group as the size of an RSA modulus of equal security
/// (NIST SP 800-57), which is how the SSL Labs guide rates key exchange.
pub fn group_rsa_equivalent(code: u16) -> u32 {
    match code {
        1..=5 => 1024,
        6..=8 | 15..=21 => 2048,
        9 | 10 | 22 | 23 | 26 | 29 | 31 => 3072,
        24 | 27 | 11 | 12 | 30 | 32 => 7680,
        13 | 14 | 25 | 28 | 33 => 15360,
        256 => 2048,
        257 => 3072,
        258 => 4096,
        259 => 6144,
        260 => 8192,
        _ => 3072,
    }
}

/// EC groups for TLS <= 1.2 supported_groups: every curve a server may hold, preferred ones first.
pub fn ec_groups_legacy() -> Vec<u16> {
    let mut g = vec![29, 23, 24, 25, 30, 26, 27, 28];
    g.extend(1..=22);
    g
}

/// Groups for a TLS 1.3 supported_groups: hybrids, curves and finite-field groups.
pub fn groups_tls13() -> Vec<u16> {
    vec![
        29, 23, 24, 25, 30, 0x11EC, 0x11EB, 0x11ED, 0x6399, 0x0200, 0x0201, 0x0202, 31, 32, 33,
        256, 257, 258, 259, 260,
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_sorted_and_unique() {
        assert!(SUITES.windows(2).all(|w| w[0].code < w[1].code));
        assert!(SUITES.iter().all(|s| s.name.starts_with("TLS_")));
    }

    #[test]
    fn properties_from_names() {
        let s = Suite::by_code(0xC02F).unwrap();
        assert_eq!(s.name, "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256");
        assert_eq!(s.key_exchange(), KeyExchange::Ecdhe);
        assert!(s.is_aead() && !s.is_insecure() && s.needs_tls12());
        assert_eq!(s.bits(), 128);

        let s = Suite::by_code(0x000A).unwrap();
        assert!(s.is_3des() && s.is_cbc() && s.is_insecure());
        assert_eq!(s.bits(), 112);

        let s = Suite::by_code(0x0003).unwrap();
        assert!(s.is_export() && s.is_rc4());
        assert_eq!(s.bits(), 40);
        assert_eq!(s.key_exchange(), KeyExchange::RsaExport);

        let s = Suite::by_code(0x0062).unwrap();
        assert_eq!(s.bits(), 56);
        assert!(s.is_export());

        let s = Suite::by_code(0x0034).unwrap();
        assert!(s.is_anon() && s.key_exchange() == KeyExchange::DhAnon);

        let s = Suite::by_code(0x0002).unwrap();
        assert!(s.is_null_cipher() && s.bits() == 0);

        let s = Suite::by_code(0x1303).unwrap();
        assert!(s.is_tls13() && s.is_aead() && s.bits() == 256);
        assert_eq!(s.key_exchange(), KeyExchange::Tls13);

        let s = Suite::by_code(0xCCAA).unwrap();
        assert_eq!(s.key_exchange(), KeyExchange::Dhe);
        assert!(s.key_exchange().uses_dh_params());

        assert_eq!(
            Suite::by_code(0xC0AA).unwrap().key_exchange(),
            KeyExchange::DhePsk
        );
        assert_eq!(
            Suite::by_code(0x002F).unwrap().key_exchange(),
            KeyExchange::Rsa
        );
        assert!(!Suite::by_code(0x002F).unwrap().needs_tls12());
    }

    #[test]
    fn candidates_per_version() {
        let v13 = candidates(0x0304);
        assert_eq!(v13.len(), TLS13_SUITES.len());
        let v12 = candidates(0x0303);
        let v10 = candidates(0x0301);
        assert!(v12.len() > 128, "TLS 1.2 needs batches");
        assert!(v10
            .iter()
            .all(|c| !Suite::by_code(*c).unwrap().needs_tls12()));
        assert!(v10.contains(&0x002F) && !v10.contains(&0xC02F));
        assert_eq!(v12[0..2], [0xC02B, 0xC02C]);
    }
}
