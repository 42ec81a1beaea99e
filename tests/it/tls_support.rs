//! Loopback fixtures for the TLS tests: a throw-away PKI made with the
//! `openssl` command line at test time (no key is ever committed), `openssl
//! s_server` instances on random free ports, and small misbehaving TCP
//! servers. Everything listens on 127.0.0.1 only.

#![allow(dead_code)]

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use apiassure::model::evidence::tls::TlsObservation;
use apiassure::model::CheckResult;
use apiassure::probe::tls::{self, TlsOptions};

/// `openssl` with the system configuration switched off, so Debian's
/// MinProtocol/SECLEVEL defaults do not change what a test server accepts.
pub fn openssl() -> Command {
    let mut c = Command::new("openssl");
    c.env("OPENSSL_CONF", "/dev/null");
    c
}

/// Whether `openssl` is installed; see `common::tool_available` for what a missing tool does.
pub fn have_openssl() -> bool {
    crate::common::tool_available("openssl", &["version"], "apt-get install openssl")
}

fn run(cmd: &mut Command) {
    let out = cmd.output().expect("run openssl");
    assert!(
        out.status.success(),
        "{cmd:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A test CA in a temporary directory.
pub struct Pki {
    pub dir: tempfile::TempDir,
    serial: std::cell::Cell<u32>,
}

/// What to put in a leaf certificate.
pub struct Leaf<'a> {
    pub name: &'a str,
    pub san: &'a str,
    pub bits: u32,
    pub md: &'a str,
    /// `openssl ca` dates (YYYYMMDDHHMMSSZ); `None` means "valid for 90 days from now".
    pub dates: Option<(&'a str, &'a str)>,
    /// Key arguments for `openssl req -newkey` other than RSA of `bits`:
    /// `["ec", "-pkeyopt", "ec_paramgen_curve:P-256"]`, `["ed25519"]`, `["rsa-pss"]`.
    pub key: Option<&'a [&'a str]>,
    /// Sign with this intermediate (a tag made by [`Pki::intermediate`]) instead of the CA.
    pub issuer: Option<&'a str>,
    /// extendedKeyUsage: `serverAuth`, or `clientAuth` for a mutual TLS client.
    pub eku: &'a str,
}

impl Default for Leaf<'_> {
    fn default() -> Self {
        Leaf {
            name: "localhost",
            san: "DNS:localhost,IP:127.0.0.1",
            bits: 2048,
            md: "sha256",
            dates: None,
            key: None,
            issuer: None,
            eku: "serverAuth",
        }
    }
}

impl Pki {
    pub fn new() -> Pki {
        let dir = tempfile::tempdir().expect("tempdir");
        let d = dir.path();
        run(openssl().current_dir(d).args([
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-keyout",
            "ca.key",
            "-out",
            "ca.pem",
            "-days",
            "3650",
            "-subj",
            "/CN=apiassure test CA",
            "-addext",
            "basicConstraints=critical,CA:TRUE",
            "-addext",
            "keyUsage=critical,keyCertSign,cRLSign",
        ]));
        std::fs::create_dir_all(d.join("newcerts")).unwrap();
        std::fs::write(d.join("index.txt"), "").unwrap();
        std::fs::write(
            d.join("ca.cnf"),
            format!(
                "[ca]\ndefault_ca = test_ca\n[test_ca]\ndir = {0}\ndatabase = {0}/index.txt\nnew_certs_dir = {0}/newcerts\nserial = {0}/serial\n\
                 policy = policy_any\nunique_subject = no\ndefault_md = sha256\n[policy_any]\ncommonName = supplied\n",
                d.display()
            ),
        )
        .unwrap();
        Pki {
            dir,
            serial: std::cell::Cell::new(1),
        }
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// Issue a leaf signed by the CA; returns (cert, key) paths.
    pub fn leaf(&self, tag: &str, leaf: &Leaf) -> (PathBuf, PathBuf) {
        let d = self.dir.path();
        let serial = self.serial.get();
        self.serial.set(serial + 1);
        let (key, csr, pem, ext) = (
            format!("{tag}.key"),
            format!("{tag}.csr"),
            format!("{tag}.pem"),
            format!("{tag}.ext"),
        );
        let rsa = format!("rsa:{}", leaf.bits);
        let mut req = openssl();
        req.current_dir(d).args(["req", "-new", "-newkey"]);
        match leaf.key {
            Some(args) => req.args(args),
            None => req.arg(&rsa),
        };
        if leaf.key == Some(&["rsa-pss"][..]) {
            req.args(["-pkeyopt", "rsa_keygen_bits:2048"]);
        }
        req.args([
            "-nodes",
            "-keyout",
            &key,
            "-out",
            &csr,
            "-subj",
            &format!("/CN={}", leaf.name),
        ]);
        run(&mut req);
        std::fs::write(
            d.join(&ext),
            format!("subjectAltName={}\nbasicConstraints=CA:FALSE\nextendedKeyUsage={}\nkeyUsage=digitalSignature,keyEncipherment\n", leaf.san, leaf.eku),
        )
        .unwrap();
        std::fs::write(d.join("serial"), format!("{serial:02X}\n")).unwrap();
        let (ca_cert, ca_key) = match leaf.issuer {
            Some(tag) => (format!("{tag}.pem"), format!("{tag}.key")),
            None => ("ca.pem".to_string(), "ca.key".to_string()),
        };
        let mut cmd = openssl();
        cmd.current_dir(d).args([
            "ca", "-batch", "-notext", "-config", "ca.cnf", "-cert", &ca_cert, "-keyfile", &ca_key,
            "-in", &csr, "-out", &pem, "-extfile", &ext,
        ]);
        // EdDSA signs without a separate digest.
        if leaf.md != "none" {
            cmd.args(["-md", leaf.md]);
        }
        match leaf.dates {
            Some((from, until)) => cmd.args(["-startdate", from, "-enddate", until]),
            None => cmd.args(["-days", "90"]),
        };
        run(&mut cmd);
        (d.join(pem), d.join(key))
    }

    /// An intermediate CA signed by the root; returns its certificate path.
    pub fn intermediate(&self, tag: &str) -> PathBuf {
        let d = self.dir.path();
        let (key, csr, pem, ext) = (
            format!("{tag}.key"),
            format!("{tag}.csr"),
            format!("{tag}.pem"),
            format!("{tag}.ext"),
        );
        run(openssl().current_dir(d).args([
            "req",
            "-new",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-keyout",
            &key,
            "-out",
            &csr,
            "-subj",
            &format!("/CN=apiassure test intermediate {tag}"),
        ]));
        std::fs::write(
            d.join(&ext),
            "basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\n",
        )
        .unwrap();
        run(openssl().current_dir(d).args([
            "x509",
            "-req",
            "-in",
            &csr,
            "-CA",
            "ca.pem",
            "-CAkey",
            "ca.key",
            "-CAcreateserial",
            "-out",
            &pem,
            "-days",
            "365",
            "-sha256",
            "-extfile",
            &ext,
        ]));
        d.join(pem)
    }

    /// A self-signed certificate (not issued by the CA).
    pub fn self_signed(&self, tag: &str) -> (PathBuf, PathBuf) {
        let (key, pem) = (format!("{tag}.key"), format!("{tag}.pem"));
        run(openssl().current_dir(self.dir.path()).args([
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-keyout",
            &key,
            "-out",
            &pem,
            "-days",
            "90",
            "-subj",
            "/CN=localhost",
            "-addext",
            "subjectAltName=DNS:localhost,IP:127.0.0.1",
        ]));
        (self.path(&pem), self.path(&key))
    }
}

pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn wait_listening(port: u16) {
    let deadline = Instant::now() + Duration::from_secs(10);
    while Instant::now() < deadline {
        if TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    panic!("server on port {port} did not start");
}

/// An `openssl s_server`, killed on drop.
pub struct SServer {
    child: Child,
    pub port: u16,
}

impl SServer {
    pub fn start(cert: &Path, key: &Path, extra: &[&str]) -> SServer {
        let port = free_port();
        let child = openssl()
            .args([
                "s_server",
                "-quiet",
                "-www",
                "-accept",
                &format!("127.0.0.1:{port}"),
            ])
            .arg("-cert")
            .arg(cert)
            .arg("-key")
            .arg(key)
            .args(extra)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start openssl s_server");
        wait_listening(port);
        SServer { child, port }
    }
}

impl Drop for SServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Suite codes `openssl ciphers -s` says a server with `cipher_string` and an
/// RSA certificate accepts at `version_flag` (`-tls1`, `-tls1_1`, `-tls1_2`):
/// PSK, SRP, DSS and ECDSA suites need keys or callbacks the server lacks.
pub fn expected_suites(cipher_string: &str, version_flag: &str) -> Vec<u16> {
    let out = openssl()
        .args(["ciphers", "-V", "-s", version_flag, cipher_string])
        .output()
        .expect("openssl ciphers");
    let text = String::from_utf8_lossy(&out.stdout);
    let mut codes = Vec::new();
    for line in text.lines() {
        let f: Vec<&str> = line.split_whitespace().collect();
        if f.len() < 6 {
            continue;
        }
        let (kx, au) = (f[4], f[5]);
        if kx == "Kx=any"
            || kx.contains("PSK")
            || kx.contains("SRP")
            || matches!(au, "Au=PSK" | "Au=SRP" | "Au=DSS" | "Au=ECDSA")
        {
            continue;
        }
        let hex: String = f[0].replace("0x", "").replace(',', "");
        codes.push(u16::from_str_radix(&hex, 16).expect("hex code"));
    }
    codes.sort_unstable();
    codes
}

/// A TCP server on a thread that runs `handle` for each connection until dropped.
pub struct RawServer {
    pub port: u16,
    stop: Arc<AtomicBool>,
}

impl RawServer {
    pub fn start(handle: fn(TcpStream)) -> RawServer {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        listener.set_nonblocking(true).unwrap();
        let stop = Arc::new(AtomicBool::new(false));
        let flag = stop.clone();
        std::thread::spawn(move || {
            while !flag.load(Ordering::Relaxed) {
                match listener.accept() {
                    Ok((s, _)) => {
                        let _ = s.set_nonblocking(false);
                        std::thread::spawn(move || handle(s));
                    }
                    Err(_) => std::thread::sleep(Duration::from_millis(5)),
                }
            }
        });
        RawServer { port, stop }
    }
}

impl Drop for RawServer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}

/// Read whatever the client sent first (its hello).
pub fn read_some(s: &mut TcpStream) {
    let mut buf = [0u8; 4096];
    let _ = s.set_read_timeout(Some(Duration::from_secs(2)));
    let _ = s.read(&mut buf);
}

pub fn answer_http(mut s: TcpStream) {
    read_some(&mut s);
    let _ =
        s.write_all(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
}

pub fn stay_silent(s: TcpStream) {
    std::thread::sleep(Duration::from_secs(30));
    drop(s);
}

pub fn hang_up(s: TcpStream) {
    drop(s);
}

pub fn huge_record(mut s: TcpStream) {
    read_some(&mut s);
    let _ = s.write_all(&[22, 3, 3, 0xFF, 0xFF, 2, 0, 0]);
    let _ = s.write_all(&[0x41; 1000]);
}

pub fn truncated_hello(mut s: TcpStream) {
    read_some(&mut s);
    // ServerHello header claiming 0x4000 bytes, then the connection ends.
    let _ = s.write_all(&[22, 3, 3, 0x40, 0x04, 2, 0, 0x40, 0x00, 3, 3, 1, 2, 3]);
}

/// Whether nginx is installed; see `common::tool_available`.
pub fn have_nginx() -> bool {
    crate::common::tool_available("nginx", &["-v"], "apt-get install nginx-light")
}

/// An nginx in the foreground with a throw-away prefix, killed on drop.
/// `servers` is the body of the `http {}` block; `{port}` in it is replaced
/// by the port it listens on.
pub struct Nginx {
    child: Child,
    pub port: u16,
    _dir: tempfile::TempDir,
}

impl Nginx {
    pub fn start(servers: &str) -> Nginx {
        let dir = tempfile::tempdir().expect("tempdir");
        let port = free_port();
        let d = dir.path().display();
        let conf = format!(
            "daemon off;\nmaster_process off;\nworker_processes 1;\npid {d}/nginx.pid;\nerror_log {d}/error.log warn;\n\
             events {{ worker_connections 64; }}\n\
             http {{\n access_log off;\n client_body_temp_path {d}/body;\n proxy_temp_path {d}/proxy;\n fastcgi_temp_path {d}/fastcgi;\n\
             uwsgi_temp_path {d}/uwsgi;\n scgi_temp_path {d}/scgi;\n default_type application/json;\n{}\n}}\n",
            servers.replace("{port}", &port.to_string())
        );
        std::fs::write(dir.path().join("nginx.conf"), conf).unwrap();
        let child = Command::new("nginx")
            .arg("-p")
            .arg(dir.path())
            .arg("-c")
            .arg(dir.path().join("nginx.conf"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start nginx");
        let deadline = Instant::now() + Duration::from_secs(10);
        let mut child = child;
        while Instant::now() < deadline {
            if TcpStream::connect(("127.0.0.1", port)).is_ok() {
                return Nginx {
                    child,
                    port,
                    _dir: dir,
                };
            }
            if let Ok(Some(status)) = child.try_wait() {
                let mut err = String::new();
                if let Some(mut e) = child.stderr.take() {
                    let _ = e.read_to_string(&mut err);
                }
                let log = std::fs::read_to_string(dir.path().join("error.log")).unwrap_or_default();
                panic!("nginx exited ({status}): {err}{log}");
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!("nginx on port {port} did not start");
    }
}

impl Drop for Nginx {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Scan options trusting the test CA of `pki` (none: the system roots only).
pub fn opts(pki: Option<&Pki>) -> TlsOptions {
    let roots = match pki {
        Some(p) => tls::load_ca_file(&p.path("ca.pem")).expect("CA file"),
        None => Vec::new(),
    };
    TlsOptions {
        timeout: Duration::from_secs(5),
        extra_roots: Arc::new(roots),
        handshake_concurrency: 8,
    }
}

/// Scan, check, and prove the report survives a JSON round trip (evidence
/// files are re-read).
pub async fn scan(host: &str, port: u16, o: &TlsOptions) -> (TlsObservation, Vec<CheckResult>) {
    let r = tls::scan(host, port, o).await;
    let c = tls::checks(&r);
    // The report must survive a JSON round trip (evidence files are re-read).
    let json = serde_json::to_string(&r).unwrap();
    let back: TlsObservation = serde_json::from_str(&json).unwrap();
    assert_eq!(
        tls::checks(&back),
        c,
        "checks differ after a JSON round trip"
    );
    (r, c)
}

/// The result of check `id`.
pub fn check<'a>(checks: &'a [CheckResult], id: &str) -> &'a CheckResult {
    checks
        .iter()
        .find(|c| c.id == id)
        .unwrap_or_else(|| panic!("no {id} in {checks:#?}"))
}
