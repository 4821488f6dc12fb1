//! Alerts by e-mail over SMTP (lettre): plain, STARTTLS or TLS as the server URL says, with a
//! login when the portfolio gives one (the password from the environment).

use std::time::Duration;

use lettre::message::header::ContentType;
use lettre::message::{Mailbox, Message as Mail};
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Tls, TlsParameters};
use lettre::{AsyncSmtpTransport, AsyncTransport, Tokio1Executor};

use super::compose::Message;
use super::config::{EmailServer, Security};

/// How long one SMTP conversation may take.
const TIMEOUT: Duration = Duration::from_secs(20);

/// The mail of `message` from `server.from` to `recipients` (comma-separated addresses).
fn mail(server: &EmailServer, recipients: &str, message: &Message) -> Result<Mail, String> {
    let from: Mailbox = server
        .from
        .parse()
        .map_err(|e| format!("发件地址“{}”无效：{e}", server.from))?;
    let mut builder = Mail::builder()
        .from(from)
        .subject(message.subject.clone())
        .header(ContentType::TEXT_PLAIN);
    let mut any = false;
    for address in recipients
        .split(',')
        .map(str::trim)
        .filter(|a| !a.is_empty())
    {
        let to: Mailbox = address
            .parse()
            .map_err(|e| format!("收件地址“{address}”无效：{e}"))?;
        builder = builder.to(to);
        any = true;
    }
    if !any {
        return Err("没有收件人".to_string());
    }
    builder
        .body(message.text.clone())
        .map_err(|e| format!("邮件无法生成：{e}"))
}

/// The transport to `server`, logged in when it has a user.
fn transport(server: &EmailServer) -> Result<AsyncSmtpTransport<Tokio1Executor>, String> {
    let tls = || {
        TlsParameters::new(server.host.clone())
            .map_err(|e| format!("TLS 设置失败（{}）：{e}", server.host))
    };
    let security = match server.security {
        Security::Plain => Tls::None,
        Security::StartTls => Tls::Required(tls()?),
        Security::Tls => Tls::Wrapper(tls()?),
    };
    let mut builder = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(&server.host)
        .port(server.port)
        .tls(security)
        .timeout(Some(TIMEOUT));
    if let Some(user) = &server.username {
        let password = match &server.password_env {
            None => String::new(),
            Some(name) => {
                std::env::var(name).map_err(|_| format!("环境变量 {name}（SMTP 密码）未设置"))?
            }
        };
        builder = builder.credentials(Credentials::new(user.clone(), password));
    }
    Ok(builder.build())
}

/// Sends `message` to `recipients` once; the reason when it could not.
pub async fn send(server: &EmailServer, recipients: &str, message: &Message) -> Result<(), String> {
    let mail = mail(server, recipients, message)?;
    let transport = transport(server)?;
    transport
        .send(mail)
        .await
        .map(|_| ())
        .map_err(|e| format!("SMTP {}:{} 发送失败：{e}", server.host, server.port))
}
