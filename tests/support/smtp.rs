//! A real SMTP server for a test: aiosmtpd (Debian's python3-aiosmtpd) on a free port of
//! 127.0.0.1, delivering every message to a Maildir the test reads back. Without the package
//! the test is skipped with a note, except under CI (`CI` set), where it fails: CI must never
//! pass without having sent a real e-mail (.ci/smtp.sh installs it).
#![allow(dead_code)]

use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const PYTHON: &str = "/usr/bin/python3";

/// The running sink, stopped when dropped.
pub struct SmtpSink {
    pub port: u16,
    maildir: PathBuf,
    child: Child,
    _dir: tempfile::TempDir,
}

/// A message as the sink received it.
pub struct Received {
    pub subject: String,
    /// The envelope recipients (`X-RcptTo`).
    pub rcpt_to: Vec<String>,
    pub from: String,
    pub to: String,
    /// The body, decoded (transfer encoding and charset).
    pub body: String,
}

fn installed() -> bool {
    Command::new(PYTHON)
        .args(["-c", "import aiosmtpd"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

impl SmtpSink {
    /// Starts the sink, or `None` (with a note) when aiosmtpd is not installed outside CI.
    pub fn start() -> Option<SmtpSink> {
        if !installed() {
            if std::env::var_os("CI").is_some() {
                panic!(
                    "python3-aiosmtpd is not installed under CI: the alert tests must send real e-mail (.ci/smtp.sh installs it)"
                );
            }
            eprintln!(
                "note: python3-aiosmtpd not installed (apt-get install -y python3-aiosmtpd), SMTP tests skipped"
            );
            return None;
        }
        let dir = tempfile::tempdir().unwrap();
        let maildir = dir.path().join("Maildir");
        let port = free_port();
        let child = Command::new(PYTHON)
            .args(["-m", "aiosmtpd", "-n", "-l"])
            .arg(format!("127.0.0.1:{port}"))
            .args(["-c", "aiosmtpd.handlers.Mailbox"])
            .arg(&maildir)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("aiosmtpd starts");
        let sink = SmtpSink {
            port,
            maildir,
            child,
            _dir: dir,
        };
        let started = Instant::now();
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                started.elapsed() < Duration::from_secs(20),
                "aiosmtpd did not listen on port {port}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        Some(sink)
    }

    /// `smtp://127.0.0.1:PORT`.
    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    /// Every message delivered so far, oldest first.
    pub fn received(&self) -> Vec<Received> {
        let new = self.maildir.join("new");
        let mut files: Vec<PathBuf> = match std::fs::read_dir(&new) {
            Ok(entries) => entries.map(|e| e.unwrap().path()).collect(),
            Err(_) => return Vec::new(),
        };
        files.sort_by_key(|f| std::fs::metadata(f).and_then(|m| m.modified()).ok());
        files.iter().map(|f| read(f)).collect()
    }
}

fn read(file: &Path) -> Received {
    use mailparse::MailHeaderMap;
    let bytes = std::fs::read(file).unwrap();
    let mail = mailparse::parse_mail(&bytes).unwrap();
    let header = |name: &str| mail.headers.get_first_value(name).unwrap_or_default();
    Received {
        subject: header("Subject"),
        rcpt_to: header("X-RcptTo")
            .split(',')
            .map(|a| a.trim().to_string())
            .filter(|a| !a.is_empty())
            .collect(),
        from: header("From"),
        to: header("To"),
        body: mail.get_body().unwrap(),
    }
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
