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
    Suite {
        code: 0x0001,
        name: "TLS_RSA_WITH_NULL_MD5",
    },
    Suite {
        code: 0x0002,
        name: "TLS_RSA_WITH_NULL_SHA",
    },
    Suite {
        code: 0x0003,
        name: "TLS_RSA_EXPORT_WITH_RC4_40_MD5",
    },
    Suite {
        code: 0x0004,
        name: "TLS_RSA_WITH_RC4_128_MD5",
    },
    Suite {
        code: 0x0005,
        name: "TLS_RSA_WITH_RC4_128_SHA",
    },
    Suite {
        code: 0x0006,
        name: "TLS_RSA_EXPORT_WITH_RC2_CBC_40_MD5",
    },
    Suite {
        code: 0x0007,
        name: "TLS_RSA_WITH_IDEA_CBC_SHA",
    },
    Suite {
        code: 0x0008,
        name: "TLS_RSA_EXPORT_WITH_DES40_CBC_SHA",
    },
    Suite {
        code: 0x0009,
        name: "TLS_RSA_WITH_DES_CBC_SHA",
    },
    Suite {
        code: 0x000A,
        name: "TLS_RSA_WITH_3DES_EDE_CBC_SHA",
    },
    Suite {
        code: 0x000B,
        name: "TLS_DH_DSS_EXPORT_WITH_DES40_CBC_SHA",
    },
    Suite {
        code: 0x000C,
        name: "TLS_DH_DSS_WITH_DES_CBC_SHA",
    },
    Suite {
        code: 0x000D,
        name: "TLS_DH_DSS_WITH_3DES_EDE_CBC_SHA",
    },
    Suite {
        code: 0x000E,
        name: "TLS_DH_RSA_EXPORT_WITH_DES40_CBC_SHA",
    },
    Suite {
        code: 0x000F,
        name: "TLS_DH_RSA_WITH_DES_CBC_SHA",
    },
    Suite {
        code: 0x0010,
        name: "TLS_DH_RSA_WITH_3DES_EDE_CBC_SHA",
    },
    Suite {
        code: 0x0011,
        name: "TLS_DHE_DSS_EXPORT_WITH_DES40_CBC_SHA",
    },
    Suite {
        code: 0x0012,
        name: "TLS_DHE_DSS_WITH_DES_CBC_SHA",
    },
    Suite {
        code: 0x0013,
        name: "TLS_DHE_DSS_WITH_3DES_EDE_CBC_SHA",
    },
    Suite {
        code: 0x0014,
        name: "TLS_DHE_RSA_EXPORT_WITH_DES40_CBC_SHA",
    },
    Suite {
        code: 0x0015,
        name: "TLS_DHE_RSA_WITH_DES_CBC_SHA",
    },
    Suite {
        code: 0x0016,
        name: "TLS_DHE_RSA_WITH_3DES_EDE_CBC_SHA",
    },
    Suite {
        code: 0x0017,
        name: "TLS_DH_anon_EXPORT_WITH_RC4_40_MD5",
    },
    Suite {
        code: 0x0018,
        name: "TLS_DH_anon_WITH_RC4_128_MD5",
    },
    Suite {
        code: 0x0019,
        name: "TLS_DH_anon_EXPORT_WITH_DES40_CBC_SHA",
    },
    Suite {
        code: 0x001A,
        name: "TLS_DH_anon_WITH_DES_CBC_SHA",
    },
    Suite {
        code: 0x001B,
        name: "TLS_DH_anon_WITH_3DES_EDE_CBC_SHA",
    },
    Suite {
        code: 0x001E,
        name: "TLS_KRB5_WITH_DES_CBC_SHA",
    },
    Suite {
        code: 0x001F,
        name: "TLS_KRB5_WITH_3DES_EDE_CBC_SHA",
    },
    Suite {
        code: 0x0020,
        name: "TLS_KRB5_WITH_RC4_128_SHA",
    },
    Suite {
        code: 0x0021,
        name: "TLS_KRB5_WITH_IDEA_CBC_SHA",
    },
    Suite {
        code: 0x0022,
        name: "TLS_KRB5_WITH_DES_CBC_MD5",
    },
    Suite {
        code: 0x0023,
        name: "TLS_KRB5_WITH_3DES_EDE_CBC_MD5",
    },
    Suite {
        code: 0x0024,
        name: "TLS_KRB5_WITH_RC4_128_MD5",
    },
    Suite {
        code: 0x0025,
        name: "TLS_KRB5_WITH_IDEA_CBC_MD5",
    },
    Suite {
        code: 0x0026,
        name: "TLS_KRB5_EXPORT_WITH_DES_CBC_40_SHA",
    },
    Suite {
        code: 0x0027,
        name: "TLS_KRB5_EXPORT_WITH_RC2_CBC_40_SHA",
    },
    Suite {
        code: 0x0028,
        name: "TLS_KRB5_EXPORT_WITH_RC4_40_SHA",
    },
    Suite {
        code: 0x0029,
        name: "TLS_KRB5_EXPORT_WITH_DES_CBC_40_MD5",
    },
    Suite {
        code: 0x002A,
        name: "TLS_KRB5_EXPORT_WITH_RC2_CBC_40_MD5",
    },
    Suite {
        code: 0x002B,
        name: "TLS_KRB5_EXPORT_WITH_RC4_40_MD5",
    },
    Suite {
        code: 0x002C,
        name: "TLS_PSK_WITH_NULL_SHA",
    },
    Suite {
        code: 0x002D,
        name: "TLS_DHE_PSK_WITH_NULL_SHA",
    },
    Suite {
        code: 0x002E,
        name: "TLS_RSA_PSK_WITH_NULL_SHA",
    },
    Suite {
        code: 0x002F,
        name: "TLS_RSA_WITH_AES_128_CBC_SHA",
    },
    Suite {
        code: 0x0030,
        name: "TLS_DH_DSS_WITH_AES_128_CBC_SHA",
    },
    Suite {
        code: 0x0031,
        name: "TLS_DH_RSA_WITH_AES_128_CBC_SHA",
    },
    Suite {
        code: 0x0032,
        name: "TLS_DHE_DSS_WITH_AES_128_CBC_SHA",
    },
    Suite {
        code: 0x0033,
        name: "TLS_DHE_RSA_WITH_AES_128_CBC_SHA",
    },
    Suite {
        code: 0x0034,
        name: "TLS_DH_anon_WITH_AES_128_CBC_SHA",
    },
    Suite {
        code: 0x0035,
        name: "TLS_RSA_WITH_AES_256_CBC_SHA",
    },
    Suite {
        code: 0x0036,
        name: "TLS_DH_DSS_WITH_AES_256_CBC_SHA",
    },
    Suite {
        code: 0x0037,
        name: "TLS_DH_RSA_WITH_AES_256_CBC_SHA",
    },
    Suite {
        code: 0x0038,
        name: "TLS_DHE_DSS_WITH_AES_256_CBC_SHA",
    },
    Suite {
        code: 0x0039,
        name: "TLS_DHE_RSA_WITH_AES_256_CBC_SHA",
    },
    Suite {
        code: 0x003A,
        name: "TLS_DH_anon_WITH_AES_256_CBC_SHA",
    },
    Suite {
        code: 0x003B,
        name: "TLS_RSA_WITH_NULL_SHA256",
    },
    Suite {
        code: 0x003C,
        name: "TLS_RSA_WITH_AES_128_CBC_SHA256",
    },
    Suite {
        code: 0x003D,
        name: "TLS_RSA_WITH_AES_256_CBC_SHA256",
    },
    Suite {
        code: 0x003E,
        name: "TLS_DH_DSS_WITH_AES_128_CBC_SHA256",
    },
    Suite {
        code: 0x003F,
        name: "TLS_DH_RSA_WITH_AES_128_CBC_SHA256",
    },
    Suite {
        code: 0x0040,
        name: "TLS_DHE_DSS_WITH_AES_128_CBC_SHA256",
    },
    Suite {
        code: 0x0041,
        name: "TLS_RSA_WITH_CAMELLIA_128_CBC_SHA",
    },
    Suite {
        code: 0x0042,
        name: "TLS_DH_DSS_WITH_CAMELLIA_128_CBC_SHA",
    },
    Suite {
        code: 0x0043,
        name: "TLS_DH_RSA_WITH_CAMELLIA_128_CBC_SHA",
    },
    Suite {
        code: 0x0044,
        name: "TLS_DHE_DSS_WITH_CAMELLIA_128_CBC_SHA",
    },
    Suite {
        code: 0x0045,
        name: "TLS_DHE_RSA_WITH_CAMELLIA_128_CBC_SHA",
    },
    Suite {
        code: 0x0046,
        name: "TLS_DH_anon_WITH_CAMELLIA_128_CBC_SHA",
    },
    Suite {
        code: 0x0060,
        name: "TLS_RSA_EXPORT1024_WITH_RC4_56_MD5",
    },
    Suite {
        code: 0x0061,
        name: "TLS_RSA_EXPORT1024_WITH_RC2_CBC_56_MD5",
    },
    Suite {
        code: 0x0062,
        name: "TLS_RSA_EXPORT1024_WITH_DES_CBC_SHA",
    },
    Suite {
        code: 0x0063,
        name: "TLS_DHE_DSS_EXPORT1024_WITH_DES_CBC_SHA",
    },
    Suite {
        code: 0x0064,
        name: "TLS_RSA_EXPORT1024_WITH_RC4_56_SHA",
    },
    Suite {
        code: 0x0065,
        name: "TLS_DHE_DSS_EXPORT1024_WITH_RC4_56_SHA",
    },
    Suite {
        code: 0x0066,
        name: "TLS_DHE_DSS_WITH_RC4_128_SHA",
    },
    Suite {
        code: 0x0067,
        name: "TLS_DHE_RSA_WITH_AES_128_CBC_SHA256",
    },
    Suite {
        code: 0x0068,
        name: "TLS_DH_DSS_WITH_AES_256_CBC_SHA256",
    },
    Suite {
        code: 0x0069,
        name: "TLS_DH_RSA_WITH_AES_256_CBC_SHA256",
    },
    Suite {
        code: 0x006A,
        name: "TLS_DHE_DSS_WITH_AES_256_CBC_SHA256",
    },
    Suite {
        code: 0x006B,
        name: "TLS_DHE_RSA_WITH_AES_256_CBC_SHA256",
    },
    Suite {
        code: 0x006C,
        name: "TLS_DH_anon_WITH_AES_128_CBC_SHA256",
    },
    Suite {
        code: 0x006D,
        name: "TLS_DH_anon_WITH_AES_256_CBC_SHA256",
    },
    Suite {
        code: 0x0080,
        name: "TLS_GOSTR341094_WITH_28147_CNT_IMIT",
    },
    Suite {
        code: 0x0081,
        name: "TLS_GOSTR341001_WITH_28147_CNT_IMIT",
    },
    Suite {
        code: 0x0082,
        name: "TLS_GOSTR341094_WITH_NULL_GOSTR3411",
    },
    Suite {
        code: 0x0083,
        name: "TLS_GOSTR341001_WITH_NULL_GOSTR3411",
    },
    Suite {
        code: 0x0084,
        name: "TLS_RSA_WITH_CAMELLIA_256_CBC_SHA",
    },
    Suite {
        code: 0x0085,
        name: "TLS_DH_DSS_WITH_CAMELLIA_256_CBC_SHA",
    },
    Suite {
        code: 0x0086,
        name: "TLS_DH_RSA_WITH_CAMELLIA_256_CBC_SHA",
    },
    Suite {
        code: 0x0087,
        name: "TLS_DHE_DSS_WITH_CAMELLIA_256_CBC_SHA",
    },
    Suite {
        code: 0x0088,
        name: "TLS_DHE_RSA_WITH_CAMELLIA_256_CBC_SHA",
    },
    Suite {
        code: 0x0089,
        name: "TLS_DH_anon_WITH_CAMELLIA_256_CBC_SHA",
    },
    Suite {
        code: 0x008A,
        name: "TLS_PSK_WITH_RC4_128_SHA",
    },
    Suite {
        code: 0x008B,
        name: "TLS_PSK_WITH_3DES_EDE_CBC_SHA",
    },
    Suite {
        code: 0x008C,
        name: "TLS_PSK_WITH_AES_128_CBC_SHA",
    },
    Suite {
        code: 0x008D,
        name: "TLS_PSK_WITH_AES_256_CBC_SHA",
    },
    Suite {
        code: 0x008E,
        name: "TLS_DHE_PSK_WITH_RC4_128_SHA",
    },
    Suite {
        code: 0x008F,
        name: "TLS_DHE_PSK_WITH_3DES_EDE_CBC_SHA",
    },
    Suite {
        code: 0x0090,
        name: "TLS_DHE_PSK_WITH_AES_128_CBC_SHA",
    },
    Suite {
        code: 0x0091,
        name: "TLS_DHE_PSK_WITH_AES_256_CBC_SHA",
    },
    Suite {
        code: 0x0092,
        name: "TLS_RSA_PSK_WITH_RC4_128_SHA",
    },
    Suite {
        code: 0x0093,
        name: "TLS_RSA_PSK_WITH_3DES_EDE_CBC_SHA",
    },
    Suite {
        code: 0x0094,
        name: "TLS_RSA_PSK_WITH_AES_128_CBC_SHA",
    },
    Suite {
        code: 0x0095,
        name: "TLS_RSA_PSK_WITH_AES_256_CBC_SHA",
    },
    Suite {
        code: 0x0096,
        name: "TLS_RSA_WITH_SEED_CBC_SHA",
    },
    Suite {
        code: 0x0097,
        name: "TLS_DH_DSS_WITH_SEED_CBC_SHA",
    },
    Suite {
        code: 0x0098,
        name: "TLS_DH_RSA_WITH_SEED_CBC_SHA",
    },
    Suite {
        code: 0x0099,
        name: "TLS_DHE_DSS_WITH_SEED_CBC_SHA",
    },
    Suite {
        code: 0x009A,
        name: "TLS_DHE_RSA_WITH_SEED_CBC_SHA",
    },
    Suite {
        code: 0x009B,
        name: "TLS_DH_anon_WITH_SEED_CBC_SHA",
    },
    Suite {
        code: 0x009C,
        name: "TLS_RSA_WITH_AES_128_GCM_SHA256",
    },
    Suite {
        code: 0x009D,
        name: "TLS_RSA_WITH_AES_256_GCM_SHA384",
    },
    Suite {
        code: 0x009E,
        name: "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256",
    },
    Suite {
        code: 0x009F,
        name: "TLS_DHE_RSA_WITH_AES_256_GCM_SHA384",
    },
    Suite {
        code: 0x00A0,
        name: "TLS_DH_RSA_WITH_AES_128_GCM_SHA256",
    },
    Suite {
        code: 0x00A1,
        name: "TLS_DH_RSA_WITH_AES_256_GCM_SHA384",
    },
    Suite {
        code: 0x00A2,
        name: "TLS_DHE_DSS_WITH_AES_128_GCM_SHA256",
    },
    Suite {
        code: 0x00A3,
        name: "TLS_DHE_DSS_WITH_AES_256_GCM_SHA384",
    },
    Suite {
        code: 0x00A4,
        name: "TLS_DH_DSS_WITH_AES_128_GCM_SHA256",
    },
    Suite {
        code: 0x00A5,
        name: "TLS_DH_DSS_WITH_AES_256_GCM_SHA384",
    },
    Suite {
        code: 0x00A6,
        name: "TLS_DH_anon_WITH_AES_128_GCM_SHA256",
    },
    Suite {
        code: 0x00A7,
        name: "TLS_DH_anon_WITH_AES_256_GCM_SHA384",
    },
    Suite {
        code: 0x00A8,
        name: "TLS_PSK_WITH_AES_128_GCM_SHA256",
    },
    Suite {
        code: 0x00A9,
        name: "TLS_PSK_WITH_AES_256_GCM_SHA384",
    },
    Suite {
        code: 0x00AA,
        name: "TLS_DHE_PSK_WITH_AES_128_GCM_SHA256",
    },
    Suite {
        code: 0x00AB,
        name: "TLS_DHE_PSK_WITH_AES_256_GCM_SHA384",
    },
    Suite {
        code: 0x00AC,
        name: "TLS_RSA_PSK_WITH_AES_128_GCM_SHA256",
    },
    Suite {
        code: 0x00AD,
        name: "TLS_RSA_PSK_WITH_AES_256_GCM_SHA384",
    },
    Suite {
        code: 0x00AE,
        name: "TLS_PSK_WITH_AES_128_CBC_SHA256",
    },
    Suite {
        code: 0x00AF,
        name: "TLS_PSK_WITH_AES_256_CBC_SHA384",
    },
    Suite {
        code: 0x00B0,
        name: "TLS_PSK_WITH_NULL_SHA256",
    },
    Suite {
        code: 0x00B1,
        name: "TLS_PSK_WITH_NULL_SHA384",
    },
    Suite {
        code: 0x00B2,
        name: "TLS_DHE_PSK_WITH_AES_128_CBC_SHA256",
    },
    Suite {
        code: 0x00B3,
        name: "TLS_DHE_PSK_WITH_AES_256_CBC_SHA384",
    },
    Suite {
        code: 0x00B4,
        name: "TLS_DHE_PSK_WITH_NULL_SHA256",
    },
    Suite {
        code: 0x00B5,
        name: "TLS_DHE_PSK_WITH_NULL_SHA384",
    },
    Suite {
        code: 0x00B6,
        name: "TLS_RSA_PSK_WITH_AES_128_CBC_SHA256",
    },
    Suite {
        code: 0x00B7,
        name: "TLS_RSA_PSK_WITH_AES_256_CBC_SHA384",
    },
    Suite {
        code: 0x00B8,
        name: "TLS_RSA_PSK_WITH_NULL_SHA256",
    },
    Suite {
        code: 0x00B9,
        name: "TLS_RSA_PSK_WITH_NULL_SHA384",
    },
    Suite {
        code: 0x00BA,
        name: "TLS_RSA_WITH_CAMELLIA_128_CBC_SHA256",
    },
    Suite {
        code: 0x00BB,
        name: "TLS_DH_DSS_WITH_CAMELLIA_128_CBC_SHA256",
    },
    Suite {
        code: 0x00BC,
        name: "TLS_DH_RSA_WITH_CAMELLIA_128_CBC_SHA256",
    },
    Suite {
        code: 0x00BD,
        name: "TLS_DHE_DSS_WITH_CAMELLIA_128_CBC_SHA256",
    },
    Suite {
        code: 0x00BE,
        name: "TLS_DHE_RSA_WITH_CAMELLIA_128_CBC_SHA256",
    },
    Suite {
        code: 0x00BF,
        name: "TLS_DH_anon_WITH_CAMELLIA_128_CBC_SHA256",
    },
    Suite {
        code: 0x00C0,
        name: "TLS_RSA_WITH_CAMELLIA_256_CBC_SHA256",
    },
    Suite {
        code: 0x00C1,
        name: "TLS_DH_DSS_WITH_CAMELLIA_256_CBC_SHA256",
    },
    Suite {
        code: 0x00C2,
        name: "TLS_DH_RSA_WITH_CAMELLIA_256_CBC_SHA256",
    },
    Suite {
        code: 0x00C3,
        name: "TLS_DHE_DSS_WITH_CAMELLIA_256_CBC_SHA256",
    },
    Suite {
        code: 0x00C4,
        name: "TLS_DHE_RSA_WITH_CAMELLIA_256_CBC_SHA256",
    },
    Suite {
        code: 0x00C5,
        name: "TLS_DH_anon_WITH_CAMELLIA_256_CBC_SHA256",
    },
    Suite {
        code: 0x00C6,
        name: "TLS_SM4_GCM_SM3",
    },
    Suite {
        code: 0x00C7,
        name: "TLS_SM4_CCM_SM3",
    },
    Suite {
        code: 0x1301,
        name: "TLS_AES_128_GCM_SHA256",
    },
    Suite {
        code: 0x1302,
        name: "TLS_AES_256_GCM_SHA384",
    },
    Suite {
        code: 0x1303,
        name: "TLS_CHACHA20_POLY1305_SHA256",
    },
    Suite {
        code: 0x1304,
        name: "TLS_AES_128_CCM_SHA256",
    },
    Suite {
        code: 0x1305,
        name: "TLS_AES_128_CCM_8_SHA256",
    },
    Suite {
        code: 0xC001,
        name: "TLS_ECDH_ECDSA_WITH_NULL_SHA",
    },
    Suite {
        code: 0xC002,
        name: "TLS_ECDH_ECDSA_WITH_RC4_128_SHA",
    },
    Suite {
        code: 0xC003,
        name: "TLS_ECDH_ECDSA_WITH_3DES_EDE_CBC_SHA",
    },
    Suite {
        code: 0xC004,
        name: "TLS_ECDH_ECDSA_WITH_AES_128_CBC_SHA",
    },
    Suite {
        code: 0xC005,
        name: "TLS_ECDH_ECDSA_WITH_AES_256_CBC_SHA",
    },
    Suite {
        code: 0xC006,
        name: "TLS_ECDHE_ECDSA_WITH_NULL_SHA",
    },
    Suite {
        code: 0xC007,
        name: "TLS_ECDHE_ECDSA_WITH_RC4_128_SHA",
    },
    Suite {
        code: 0xC008,
        name: "TLS_ECDHE_ECDSA_WITH_3DES_EDE_CBC_SHA",
    },
    Suite {
        code: 0xC009,
        name: "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA",
    },
    Suite {
        code: 0xC00A,
        name: "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA",
    },
    Suite {
        code: 0xC00B,
        name: "TLS_ECDH_RSA_WITH_NULL_SHA",
    },
    Suite {
        code: 0xC00C,
        name: "TLS_ECDH_RSA_WITH_RC4_128_SHA",
    },
    Suite {
        code: 0xC00D,
        name: "TLS_ECDH_RSA_WITH_3DES_EDE_CBC_SHA",
    },
    Suite {
        code: 0xC00E,
        name: "TLS_ECDH_RSA_WITH_AES_128_CBC_SHA",
    },
    Suite {
        code: 0xC00F,
        name: "TLS_ECDH_RSA_WITH_AES_256_CBC_SHA",
    },
    Suite {
        code: 0xC010,
        name: "TLS_ECDHE_RSA_WITH_NULL_SHA",
    },
    Suite {
        code: 0xC011,
        name: "TLS_ECDHE_RSA_WITH_RC4_128_SHA",
    },
    Suite {
        code: 0xC012,
        name: "TLS_ECDHE_RSA_WITH_3DES_EDE_CBC_SHA",
    },
    Suite {
        code: 0xC013,
        name: "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA",
    },
    Suite {
        code: 0xC014,
        name: "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA",
    },
    Suite {
        code: 0xC015,
        name: "TLS_ECDH_anon_WITH_NULL_SHA",
    },
    Suite {
        code: 0xC016,
        name: "TLS_ECDH_anon_WITH_RC4_128_SHA",
    },
    Suite {
        code: 0xC017,
        name: "TLS_ECDH_anon_WITH_3DES_EDE_CBC_SHA",
    },
    Suite {
        code: 0xC018,
        name: "TLS_ECDH_anon_WITH_AES_128_CBC_SHA",
    },
    Suite {
        code: 0xC019,
        name: "TLS_ECDH_anon_WITH_AES_256_CBC_SHA",
    },
    Suite {
        code: 0xC01A,
        name: "TLS_SRP_SHA_WITH_3DES_EDE_CBC_SHA",
    },
    Suite {
        code: 0xC01B,
        name: "TLS_SRP_SHA_RSA_WITH_3DES_EDE_CBC_SHA",
    },
    Suite {
        code: 0xC01C,
        name: "TLS_SRP_SHA_DSS_WITH_3DES_EDE_CBC_SHA",
    },
    Suite {
        code: 0xC01D,
        name: "TLS_SRP_SHA_WITH_AES_128_CBC_SHA",
    },
    Suite {
        code: 0xC01E,
        name: "TLS_SRP_SHA_RSA_WITH_AES_128_CBC_SHA",
    },
    Suite {
        code: 0xC01F,
        name: "TLS_SRP_SHA_DSS_WITH_AES_128_CBC_SHA",
    },
    Suite {
        code: 0xC020,
        name: "TLS_SRP_SHA_WITH_AES_256_CBC_SHA",
    },
    Suite {
        code: 0xC021,
        name: "TLS_SRP_SHA_RSA_WITH_AES_256_CBC_SHA",
    },
    Suite {
        code: 0xC022,
        name: "TLS_SRP_SHA_DSS_WITH_AES_256_CBC_SHA",
    },
    Suite {
        code: 0xC023,
        name: "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256",
    },
    Suite {
        code: 0xC024,
        name: "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384",
    },
    Suite {
        code: 0xC025,
        name: "TLS_ECDH_ECDSA_WITH_AES_128_CBC_SHA256",
    },
    Suite {
        code: 0xC026,
        name: "TLS_ECDH_ECDSA_WITH_AES_256_CBC_SHA384",
    },
    Suite {
        code: 0xC027,
        name: "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256",
    },
    Suite {
        code: 0xC028,
        name: "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384",
    },
    Suite {
        code: 0xC029,
        name: "TLS_ECDH_RSA_WITH_AES_128_CBC_SHA256",
    },
    Suite {
        code: 0xC02A,
        name: "TLS_ECDH_RSA_WITH_AES_256_CBC_SHA384",
    },
    Suite {
        code: 0xC02B,
        name: "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
    },
    Suite {
        code: 0xC02C,
        name: "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
    },
    Suite {
        code: 0xC02D,
        name: "TLS_ECDH_ECDSA_WITH_AES_128_GCM_SHA256",
    },
    Suite {
        code: 0xC02E,
        name: "TLS_ECDH_ECDSA_WITH_AES_256_GCM_SHA384",
    },
    Suite {
        code: 0xC02F,
        name: "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
    },
    Suite {
        code: 0xC030,
        name: "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
    },
    Suite {
        code: 0xC031,
        name: "TLS_ECDH_RSA_WITH_AES_128_GCM_SHA256",
    },
    Suite {
        code: 0xC032,
        name: "TLS_ECDH_RSA_WITH_AES_256_GCM_SHA384",
    },
    Suite {
        code: 0xC033,
        name: "TLS_ECDHE_PSK_WITH_RC4_128_SHA",
    },
    Suite {
        code: 0xC034,
        name: "TLS_ECDHE_PSK_WITH_3DES_EDE_CBC_SHA",
    },
    Suite {
        code: 0xC035,
        name: "TLS_ECDHE_PSK_WITH_AES_128_CBC_SHA",
    },
    Suite {
        code: 0xC036,
        name: "TLS_ECDHE_PSK_WITH_AES_256_CBC_SHA",
    },
    Suite {
        code: 0xC037,
        name: "TLS_ECDHE_PSK_WITH_AES_128_CBC_SHA256",
    },
    Suite {
        code: 0xC038,
        name: "TLS_ECDHE_PSK_WITH_AES_256_CBC_SHA384",
    },
    Suite {
        code: 0xC039,
        name: "TLS_ECDHE_PSK_WITH_NULL_SHA",
    },
    Suite {
        code: 0xC03A,
        name: "TLS_ECDHE_PSK_WITH_NULL_SHA256",
    },
    Suite {
        code: 0xC03B,
        name: "TLS_ECDHE_PSK_WITH_NULL_SHA384",
    },
    Suite {
        code: 0xC03C,
        name: "TLS_RSA_WITH_ARIA_128_CBC_SHA256",
    },
    Suite {
        code: 0xC03D,
        name: "TLS_RSA_WITH_ARIA_256_CBC_SHA384",
    },
    Suite {
        code: 0xC03E,
        name: "TLS_DH_DSS_WITH_ARIA_128_CBC_SHA256",
    },
    Suite {
        code: 0xC03F,
        name: "TLS_DH_DSS_WITH_ARIA_256_CBC_SHA384",
    },
    Suite {
        code: 0xC040,
        name: "TLS_DH_RSA_WITH_ARIA_128_CBC_SHA256",
    },
    Suite {
        code: 0xC041,
        name: "TLS_DH_RSA_WITH_ARIA_256_CBC_SHA384",
    },
    Suite {
        code: 0xC042,
        name: "TLS_DHE_DSS_WITH_ARIA_128_CBC_SHA256",
    },
    Suite {
        code: 0xC043,
        name: "TLS_DHE_DSS_WITH_ARIA_256_CBC_SHA384",
    },
    Suite {
        code: 0xC044,
        name: "TLS_DHE_RSA_WITH_ARIA_128_CBC_SHA256",
    },
    Suite {
        code: 0xC045,
        name: "TLS_DHE_RSA_WITH_ARIA_256_CBC_SHA384",
    },
    Suite {
        code: 0xC046,
        name: "TLS_DH_anon_WITH_ARIA_128_CBC_SHA256",
    },
    Suite {
        code: 0xC047,
        name: "TLS_DH_anon_WITH_ARIA_256_CBC_SHA384",
    },
    Suite {
        code: 0xC048,
        name: "TLS_ECDHE_ECDSA_WITH_ARIA_128_CBC_SHA256",
    },
    Suite {
        code: 0xC049,
        name: "TLS_ECDHE_ECDSA_WITH_ARIA_256_CBC_SHA384",
    },
    Suite {
        code: 0xC04A,
        name: "TLS_ECDH_ECDSA_WITH_ARIA_128_CBC_SHA256",
    },
    Suite {
        code: 0xC04B,
        name: "TLS_ECDH_ECDSA_WITH_ARIA_256_CBC_SHA384",
    },
    Suite {
        code: 0xC04C,
        name: "TLS_ECDHE_RSA_WITH_ARIA_128_CBC_SHA256",
    },
    Suite {
        code: 0xC04D,
        name: "TLS_ECDHE_RSA_WITH_ARIA_256_CBC_SHA384",
    },
    Suite {
        code: 0xC04E,
        name: "TLS_ECDH_RSA_WITH_ARIA_128_CBC_SHA256",
    },
    Suite {
        code: 0xC04F,
        name: "TLS_ECDH_RSA_WITH_ARIA_256_CBC_SHA384",
    },
    Suite {
        code: 0xC050,
        name: "TLS_RSA_WITH_ARIA_128_GCM_SHA256",
    },
    Suite {
        code: 0xC051,
        name: "TLS_RSA_WITH_ARIA_256_GCM_SHA384",
    },
    Suite {
        code: 0xC052,
        name: "TLS_DHE_RSA_WITH_ARIA_128_GCM_SHA256",
    },
    Suite {
        code: 0xC053,
        name: "TLS_DHE_RSA_WITH_ARIA_256_GCM_SHA384",
    },
    Suite {
        code: 0xC054,
        name: "TLS_DH_RSA_WITH_ARIA_128_GCM_SHA256",
    },
    Suite {
        code: 0xC055,
        name: "TLS_DH_RSA_WITH_ARIA_256_GCM_SHA384",
    },
    Suite {
        code: 0xC056,
        name: "TLS_DHE_DSS_WITH_ARIA_128_GCM_SHA256",
    },
    Suite {
        code: 0xC057,
        name: "TLS_DHE_DSS_WITH_ARIA_256_GCM_SHA384",
    },
    Suite {
        code: 0xC058,
        name: "TLS_DH_DSS_WITH_ARIA_128_GCM_SHA256",
    },
    Suite {
        code: 0xC059,
        name: "TLS_DH_DSS_WITH_ARIA_256_GCM_SHA384",
    },
    Suite {
        code: 0xC05A,
        name: "TLS_DH_anon_WITH_ARIA_128_GCM_SHA256",
    },
    Suite {
        code: 0xC05B,
        name: "TLS_DH_anon_WITH_ARIA_256_GCM_SHA384",
    },
    Suite {
        code: 0xC05C,
        name: "TLS_ECDHE_ECDSA_WITH_ARIA_128_GCM_SHA256",
    },
    Suite {
        code: 0xC05D,
        name: "TLS_ECDHE_ECDSA_WITH_ARIA_256_GCM_SHA384",
    },
    Suite {
        code: 0xC05E,
        name: "TLS_ECDH_ECDSA_WITH_ARIA_128_GCM_SHA256",
    },
    Suite {
        code: 0xC05F,
        name: "TLS_ECDH_ECDSA_WITH_ARIA_256_GCM_SHA384",
    },
    Suite {
        code: 0xC060,
        name: "TLS_ECDHE_RSA_WITH_ARIA_128_GCM_SHA256",
    },
    Suite {
        code: 0xC061,
        name: "TLS_ECDHE_RSA_WITH_ARIA_256_GCM_SHA384",
    },
    Suite {
        code: 0xC062,
        name: "TLS_ECDH_RSA_WITH_ARIA_128_GCM_SHA256",
    },
    Suite {
        code: 0xC063,
        name: "TLS_ECDH_RSA_WITH_ARIA_256_GCM_SHA384",
    },
    Suite {
        code: 0xC064,
        name: "TLS_PSK_WITH_ARIA_128_CBC_SHA256",
    },
    Suite {
        code: 0xC065,
        name: "TLS_PSK_WITH_ARIA_256_CBC_SHA384",
    },
    Suite {
        code: 0xC066,
        name: "TLS_DHE_PSK_WITH_ARIA_128_CBC_SHA256",
    },
    Suite {
        code: 0xC067,
        name: "TLS_DHE_PSK_WITH_ARIA_256_CBC_SHA384",
    },
    Suite {
        code: 0xC068,
        name: "TLS_RSA_PSK_WITH_ARIA_128_CBC_SHA256",
    },
    Suite {
        code: 0xC069,
        name: "TLS_RSA_PSK_WITH_ARIA_256_CBC_SHA384",
    },
    Suite {
        code: 0xC06A,
        name: "TLS_PSK_WITH_ARIA_128_GCM_SHA256",
    },
    Suite {
        code: 0xC06B,
        name: "TLS_PSK_WITH_ARIA_256_GCM_SHA384",
    },
    Suite {
        code: 0xC06C,
        name: "TLS_DHE_PSK_WITH_ARIA_128_GCM_SHA256",
    },
    Suite {
        code: 0xC06D,
        name: "TLS_DHE_PSK_WITH_ARIA_256_GCM_SHA384",
    },
    Suite {
        code: 0xC06E,
        name: "TLS_RSA_PSK_WITH_ARIA_128_GCM_SHA256",
    },
    Suite {
        code: 0xC06F,
        name: "TLS_RSA_PSK_WITH_ARIA_256_GCM_SHA384",
    },
    Suite {
        code: 0xC070,
        name: "TLS_ECDHE_PSK_WITH_ARIA_128_CBC_SHA256",
    },
    Suite {
        code: 0xC071,
        name: "TLS_ECDHE_PSK_WITH_ARIA_256_CBC_SHA384",
    },
    Suite {
        code: 0xC072,
        name: "TLS_ECDHE_ECDSA_WITH_CAMELLIA_128_CBC_SHA256",
    },
    Suite {
        code: 0xC073,
        name: "TLS_ECDHE_ECDSA_WITH_CAMELLIA_256_CBC_SHA384",
    },
    Suite {
        code: 0xC074,
        name: "TLS_ECDH_ECDSA_WITH_CAMELLIA_128_CBC_SHA256",
    },
    Suite {
        code: 0xC075,
        name: "TLS_ECDH_ECDSA_WITH_CAMELLIA_256_CBC_SHA384",
    },
    Suite {
        code: 0xC076,
        name: "TLS_ECDHE_RSA_WITH_CAMELLIA_128_CBC_SHA256",
    },
    Suite {
        code: 0xC077,
        name: "TLS_ECDHE_RSA_WITH_CAMELLIA_256_CBC_SHA384",
    },
    Suite {
        code: 0xC078,
        name: "TLS_ECDH_RSA_WITH_CAMELLIA_128_CBC_SHA256",
    },
    Suite {
        code: 0xC079,
        name: "TLS_ECDH_RSA_WITH_CAMELLIA_256_CBC_SHA384",
    },
    Suite {
        code: 0xC07A,
        name: "TLS_RSA_WITH_CAMELLIA_128_GCM_SHA256",
    },
    Suite {
        code: 0xC07B,
        name: "TLS_RSA_WITH_CAMELLIA_256_GCM_SHA384",
    },
    Suite {
        code: 0xC07C,
        name: "TLS_DHE_RSA_WITH_CAMELLIA_128_GCM_SHA256",
    },
    Suite {
        code: 0xC07D,
        name: "TLS_DHE_RSA_WITH_CAMELLIA_256_GCM_SHA384",
    },
    Suite {
        code: 0xC07E,
        name: "TLS_DH_RSA_WITH_CAMELLIA_128_GCM_SHA256",
    },
    Suite {
        code: 0xC07F,
        name: "TLS_DH_RSA_WITH_CAMELLIA_256_GCM_SHA384",
    },
    Suite {
        code: 0xC080,
        name: "TLS_DHE_DSS_WITH_CAMELLIA_128_GCM_SHA256",
    },
    Suite {
        code: 0xC081,
        name: "TLS_DHE_DSS_WITH_CAMELLIA_256_GCM_SHA384",
    },
    Suite {
        code: 0xC082,
        name: "TLS_DH_DSS_WITH_CAMELLIA_128_GCM_SHA256",
    },
    Suite {
        code: 0xC083,
        name: "TLS_DH_DSS_WITH_CAMELLIA_256_GCM_SHA384",
    },
    Suite {
        code: 0xC084,
        name: "TLS_DH_anon_WITH_CAMELLIA_128_GCM_SHA256",
    },
    Suite {
        code: 0xC085,
        name: "TLS_DH_anon_WITH_CAMELLIA_256_GCM_SHA384",
    },
    Suite {
        code: 0xC086,
        name: "TLS_ECDHE_ECDSA_WITH_CAMELLIA_128_GCM_SHA256",
    },
    Suite {
        code: 0xC087,
        name: "TLS_ECDHE_ECDSA_WITH_CAMELLIA_256_GCM_SHA384",
    },
    Suite {
        code: 0xC088,
        name: "TLS_ECDH_ECDSA_WITH_CAMELLIA_128_GCM_SHA256",
    },
    Suite {
        code: 0xC089,
        name: "TLS_ECDH_ECDSA_WITH_CAMELLIA_256_GCM_SHA384",
    },
    Suite {
        code: 0xC08A,
        name: "TLS_ECDHE_RSA_WITH_CAMELLIA_128_GCM_SHA256",
    },
    Suite {
        code: 0xC08B,
        name: "TLS_ECDHE_RSA_WITH_CAMELLIA_256_GCM_SHA384",
    },
    Suite {
        code: 0xC08C,
        name: "TLS_ECDH_RSA_WITH_CAMELLIA_128_GCM_SHA256",
    },
    Suite {
        code: 0xC08D,
        name: "TLS_ECDH_RSA_WITH_CAMELLIA_256_GCM_SHA384",
    },
    Suite {
        code: 0xC08E,
        name: "TLS_PSK_WITH_CAMELLIA_128_GCM_SHA256",
    },
    Suite {
        code: 0xC08F,
        name: "TLS_PSK_WITH_CAMELLIA_256_GCM_SHA384",
    },
    Suite {
        code: 0xC090,
        name: "TLS_DHE_PSK_WITH_CAMELLIA_128_GCM_SHA256",
    },
    Suite {
        code: 0xC091,
        name: "TLS_DHE_PSK_WITH_CAMELLIA_256_GCM_SHA384",
    },
    Suite {
        code: 0xC092,
        name: "TLS_RSA_PSK_WITH_CAMELLIA_128_GCM_SHA256",
    },
    Suite {
        code: 0xC093,
        name: "TLS_RSA_PSK_WITH_CAMELLIA_256_GCM_SHA384",
    },
    Suite {
        code: 0xC094,
        name: "TLS_PSK_WITH_CAMELLIA_128_CBC_SHA256",
    },
    Suite {
        code: 0xC095,
        name: "TLS_PSK_WITH_CAMELLIA_256_CBC_SHA384",
    },
    Suite {
        code: 0xC096,
        name: "TLS_DHE_PSK_WITH_CAMELLIA_128_CBC_SHA256",
    },
    Suite {
        code: 0xC097,
        name: "TLS_DHE_PSK_WITH_CAMELLIA_256_CBC_SHA384",
    },
    Suite {
        code: 0xC098,
        name: "TLS_RSA_PSK_WITH_CAMELLIA_128_CBC_SHA256",
    },
    Suite {
        code: 0xC099,
        name: "TLS_RSA_PSK_WITH_CAMELLIA_256_CBC_SHA384",
    },
    Suite {
        code: 0xC09A,
        name: "TLS_ECDHE_PSK_WITH_CAMELLIA_128_CBC_SHA256",
    },
    Suite {
        code: 0xC09B,
        name: "TLS_ECDHE_PSK_WITH_CAMELLIA_256_CBC_SHA384",
    },
    Suite {
        code: 0xC09C,
        name: "TLS_RSA_WITH_AES_128_CCM",
    },
    Suite {
        code: 0xC09D,
        name: "TLS_RSA_WITH_AES_256_CCM",
    },
    Suite {
        code: 0xC09E,
        name: "TLS_DHE_RSA_WITH_AES_128_CCM",
    },
    Suite {
        code: 0xC09F,
        name: "TLS_DHE_RSA_WITH_AES_256_CCM",
    },
    Suite {
        code: 0xC0A0,
        name: "TLS_RSA_WITH_AES_128_CCM_8",
    },
    Suite {
        code: 0xC0A1,
        name: "TLS_RSA_WITH_AES_256_CCM_8",
    },
    Suite {
        code: 0xC0A2,
        name: "TLS_DHE_RSA_WITH_AES_128_CCM_8",
    },
    Suite {
        code: 0xC0A3,
        name: "TLS_DHE_RSA_WITH_AES_256_CCM_8",
    },
    Suite {
        code: 0xC0A4,
        name: "TLS_PSK_WITH_AES_128_CCM",
    },
    Suite {
        code: 0xC0A5,
        name: "TLS_PSK_WITH_AES_256_CCM",
    },
    Suite {
        code: 0xC0A6,
        name: "TLS_DHE_PSK_WITH_AES_128_CCM",
    },
    Suite {
        code: 0xC0A7,
        name: "TLS_DHE_PSK_WITH_AES_256_CCM",
    },
    Suite {
        code: 0xC0A8,
        name: "TLS_PSK_WITH_AES_128_CCM_8",
    },
    Suite {
        code: 0xC0A9,
        name: "TLS_PSK_WITH_AES_256_CCM_8",
    },
    Suite {
        code: 0xC0AA,
        name: "TLS_PSK_DHE_WITH_AES_128_CCM_8",
    },
    Suite {
        code: 0xC0AB,
        name: "TLS_PSK_DHE_WITH_AES_256_CCM_8",
    },
    Suite {
        code: 0xC0AC,
        name: "TLS_ECDHE_ECDSA_WITH_AES_128_CCM",
    },
    Suite {
        code: 0xC0AD,
        name: "TLS_ECDHE_ECDSA_WITH_AES_256_CCM",
    },
    Suite {
        code: 0xC0AE,
        name: "TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8",
    },
    Suite {
        code: 0xC0AF,
        name: "TLS_ECDHE_ECDSA_WITH_AES_256_CCM_8",
    },
    Suite {
        code: 0xC0B0,
        name: "TLS_ECCPWD_WITH_AES_128_GCM_SHA256",
    },
    Suite {
        code: 0xC0B1,
        name: "TLS_ECCPWD_WITH_AES_256_GCM_SHA384",
    },
    Suite {
        code: 0xC0B2,
        name: "TLS_ECCPWD_WITH_AES_128_CCM_SHA256",
    },
    Suite {
        code: 0xC0B3,
        name: "TLS_ECCPWD_WITH_AES_256_CCM_SHA384",
    },
    Suite {
        code: 0xC100,
        name: "TLS_GOSTR341112_256_WITH_KUZNYECHIK_CTR_OMAC",
    },
    Suite {
        code: 0xC101,
        name: "TLS_GOSTR341112_256_WITH_MAGMA_CTR_OMAC",
    },
    Suite {
        code: 0xC102,
        name: "TLS_GOSTR341112_256_WITH_28147_CNT_IMIT",
    },
    Suite {
        code: 0xCCA8,
        name: "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
    },
    Suite {
        code: 0xCCA9,
        name: "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
    },
    Suite {
        code: 0xCCAA,
        name: "TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
    },
    Suite {
        code: 0xCCAB,
        name: "TLS_PSK_WITH_CHACHA20_POLY1305_SHA256",
    },
    Suite {
        code: 0xCCAC,
        name: "TLS_ECDHE_PSK_WITH_CHACHA20_POLY1305_SHA256",
    },
    Suite {
        code: 0xCCAD,
        name: "TLS_DHE_PSK_WITH_CHACHA20_POLY1305_SHA256",
    },
    Suite {
        code: 0xCCAE,
        name: "TLS_RSA_PSK_WITH_CHACHA20_POLY1305_SHA256",
    },
    Suite {
        code: 0xD001,
        name: "TLS_ECDHE_PSK_WITH_AES_128_GCM_SHA256",
    },
    Suite {
        code: 0xD002,
        name: "TLS_ECDHE_PSK_WITH_AES_256_GCM_SHA384",
    },
    Suite {
        code: 0xD003,
        name: "TLS_ECDHE_PSK_WITH_AES_128_CCM_8_SHA256",
    },
    Suite {
        code: 0xD005,
        name: "TLS_ECDHE_PSK_WITH_AES_128_CCM_SHA256",
    },
];

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
