//! The portfolio's alert settings: the top-level `[alerts]` table (channels for every portal,
//! which news to send) and a `[[portal]]`'s own `alerts = { … }` (more groups, more
//! addresses). Alerts are off unless `[alerts]` is there. Secrets never live in the file:
//! the SMTP password and a 钉钉 robot's 加签 secret are read from environment variables the
//! file names.

use std::path::Path;

use serde::Deserialize;
use toml::Spanned;
use url::Url;

use crate::error::{ConfigError, FileKind};

/// What news an alert carries; `on = [...]` in `[alerts]` (all three when not set).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Triggers {
    /// `veto`: new problems of rules that feed a 单项否决 item.
    pub veto: bool,
    /// `new`: new problems.
    pub new: bool,
    /// `notices`: 交办单, 催办单 and 督办通知单 the run issued.
    pub notices: bool,
}

impl Default for Triggers {
    fn default() -> Self {
        Self {
            veto: true,
            new: true,
            notices: true,
        }
    }
}

/// How the SMTP connection is secured, from the server URL's scheme.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Security {
    /// `smtp://`: no encryption (a relay on the office network).
    Plain,
    /// `smtp://…?tls=starttls`: upgraded with STARTTLS, which must succeed.
    StartTls,
    /// `smtps://`: TLS from the first byte.
    Tls,
}

/// The SMTP server alerts are sent through.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmailServer {
    pub host: String,
    pub port: u16,
    pub security: Security,
    /// The sender, `名称 <address>` or a bare address.
    pub from: String,
    pub username: Option<String>,
    /// The environment variable holding the password.
    pub password_env: Option<String>,
}

/// A 钉钉 group robot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DingTalk {
    pub url: Url,
    /// The environment variable holding the robot's 加签 secret (`SEC…`), when it signs.
    pub secret_env: Option<String>,
}

/// The `[alerts]` table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AlertsConfig {
    /// E-mail to each portal's contacts; none when not set.
    pub email: Option<EmailServer>,
    /// 企业微信 group robots every portal's alerts go to.
    pub wecom: Vec<Url>,
    /// 钉钉 group robots every portal's alerts go to.
    pub dingtalk: Vec<DingTalk>,
    pub on: Triggers,
}

/// A `[[portal]]`'s own `alerts = { … }`: added to the top-level channels.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PortalAlerts {
    pub wecom: Vec<Url>,
    pub dingtalk: Vec<DingTalk>,
    /// Addresses beyond the portal's contacts.
    pub email_to: Vec<String>,
}

#[derive(Deserialize)]
struct Document {
    alerts: Option<Spanned<RawAlerts>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAlerts {
    email: Option<Spanned<RawEmail>>,
    #[serde(default)]
    wecom: Vec<Spanned<String>>,
    #[serde(default)]
    dingtalk: Vec<Spanned<RawDingTalk>>,
    on: Option<Vec<Spanned<String>>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEmail {
    server: Spanned<String>,
    from: Spanned<String>,
    username: Option<String>,
    password_env: Option<String>,
    /// Refused: a password is never written in the file.
    password: Option<Spanned<toml::Value>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDingTalk {
    url: Spanned<String>,
    secret_env: Option<String>,
    /// Refused, like the SMTP password.
    secret: Option<Spanned<toml::Value>>,
}

/// A `[[portal]]`'s `alerts` value.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawPortalAlerts {
    #[serde(default)]
    wecom: Vec<String>,
    #[serde(default)]
    dingtalk: Vec<RawPortalDingTalk>,
    #[serde(default)]
    email_to: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPortalDingTalk {
    url: String,
    secret_env: Option<String>,
}

/// Where a problem is: the portfolio file, its text, and how to place an offset on a line.
struct Place<'a> {
    text: &'a str,
    file: &'a Path,
}

impl Place<'_> {
    fn error(&self, offset: usize, message: String) -> ConfigError {
        ConfigError::new(FileKind::Portfolio, self.file, message).at(self.text, offset)
    }
}

/// The `[alerts]` table of the portfolio `text` read from `file`; `None` (alerts off) when
/// there is none.
pub(crate) fn parse(text: &str, file: &Path) -> Result<Option<AlertsConfig>, ConfigError> {
    let document: Document =
        toml::from_str(text).map_err(|e| ConfigError::toml(FileKind::Portfolio, file, text, &e))?;
    let Some(raw) = document.alerts else {
        return Ok(None);
    };
    let place = Place { text, file };
    let raw = raw.into_inner();
    let email = match raw.email {
        None => None,
        Some(email) => Some(email_server(&place, email)?),
    };
    let mut wecom = Vec::new();
    for url in raw.wecom {
        wecom.push(web_url(&place, "[alerts] wecom", &url)?);
    }
    let mut dingtalk = Vec::new();
    for robot in raw.dingtalk {
        let start = robot.span().start;
        let robot = robot.into_inner();
        if robot.secret.is_some() {
            return Err(place.error(start, SECRET_IN_FILE.to_string()));
        }
        dingtalk.push(DingTalk {
            url: web_url(&place, "[alerts] dingtalk 的 url", &robot.url)?,
            secret_env: env_name(robot.secret_env),
        });
    }
    let on = match raw.on {
        None => Triggers::default(),
        Some(words) => triggers(&place, &words)?,
    };
    Ok(Some(AlertsConfig {
        email,
        wecom,
        dingtalk,
        on,
    }))
}

const SECRET_IN_FILE: &str =
    "[alerts] dingtalk 的加签密钥不写在名单中：请用 secret_env 写明存放密钥的环境变量名";

/// `on = ["veto", "new", "notices"]`.
fn triggers(place: &Place<'_>, words: &[Spanned<String>]) -> Result<Triggers, ConfigError> {
    let mut on = Triggers {
        veto: false,
        new: false,
        notices: false,
    };
    for word in words {
        match word.get_ref().as_str() {
            "veto" => on.veto = true,
            "new" => on.new = true,
            "notices" => on.notices = true,
            other => {
                return Err(place.error(
                    word.span().start,
                    format!(
                        "[alerts] on 中的“{other}”不认识（可用：veto 单项否决风险、new 新问题、notices 下发文书）"
                    ),
                ));
            }
        }
    }
    Ok(on)
}

/// `email = { server = "smtp://…", from = "…", username = "…", password_env = "…" }`.
fn email_server(place: &Place<'_>, email: Spanned<RawEmail>) -> Result<EmailServer, ConfigError> {
    let start = email.span().start;
    let email = email.into_inner();
    if let Some(password) = &email.password {
        return Err(place.error(
            password.span().start,
            "[alerts] email 的密码不写在名单中：请用 password_env 写明存放密码的环境变量名"
                .to_string(),
        ));
    }
    let server_at = email.server.span().start;
    let shown = email.server.get_ref().trim();
    let bad = |reason: &str| {
        place.error(
            server_at,
            format!("[alerts] email 的 server “{shown}”{reason}（应写作 smtp://主机:端口、smtp://主机:端口?tls=starttls 或 smtps://主机:端口）"),
        )
    };
    let url = Url::parse(shown).map_err(|e| bad(&format!("无效：{e}")))?;
    let host = match url.host_str() {
        Some(host) if !host.is_empty() => host.trim_matches(['[', ']']).to_string(),
        _ => return Err(bad("缺少主机名")),
    };
    let tls = url
        .query_pairs()
        .find(|(key, _)| key == "tls")
        .map(|(_, value)| value.into_owned());
    let security = match (url.scheme(), tls.as_deref()) {
        ("smtp", None | Some("none")) => Security::Plain,
        ("smtp", Some("starttls")) => Security::StartTls,
        ("smtps", None | Some("tls")) => Security::Tls,
        ("smtp" | "smtps", Some(other)) => {
            return Err(bad(&format!("的 tls={other} 不认识")));
        }
        (scheme, _) => return Err(bad(&format!("的协议 {scheme}:// 不支持"))),
    };
    let port = url.port().unwrap_or(match security {
        Security::Plain => 25,
        Security::StartTls => 587,
        Security::Tls => 465,
    });
    let from = email.from.get_ref().trim().to_string();
    if from.parse::<lettre::message::Mailbox>().is_err() {
        return Err(place.error(
            email.from.span().start,
            format!("[alerts] email 的 from “{from}”不是有效的发件地址（如 \"政务公开监测 <jiance@example.gov.cn>\"）"),
        ));
    }
    let password_env = env_name(email.password_env);
    if password_env.is_some() && email.username.is_none() {
        return Err(place.error(
            start,
            "[alerts] email 设置了 password_env 却没有 username".to_string(),
        ));
    }
    Ok(EmailServer {
        host,
        port,
        security,
        from,
        username: email.username.filter(|u| !u.is_empty()),
        password_env,
    })
}

fn env_name(name: Option<String>) -> Option<String> {
    name.map(|n| n.trim().to_string()).filter(|n| !n.is_empty())
}

/// A robot's address: an http(s) URL.
fn web_url(place: &Place<'_>, what: &str, url: &Spanned<String>) -> Result<Url, ConfigError> {
    check_web_url(url.get_ref()).map_err(|reason| {
        place.error(
            url.span().start,
            format!("{what} “{}”{reason}", url.get_ref()),
        )
    })
}

fn check_web_url(text: &str) -> Result<Url, String> {
    match Url::parse(text.trim()) {
        Ok(url) if matches!(url.scheme(), "http" | "https") && url.host().is_some() => Ok(url),
        Ok(_) => Err("不是 http(s) 网址".to_string()),
        Err(e) => Err(format!("无效（{e}）")),
    }
}

impl RawPortalAlerts {
    /// The entry's alerts, checked; the error text for its line when something is wrong.
    /// `email` says whether `[alerts]` has an SMTP server (`email_to` needs one).
    pub(crate) fn check(self, top: Option<&AlertsConfig>) -> Result<PortalAlerts, String> {
        let Some(top) = top else {
            return Err(
                "[[portal]] alerts 需要名单顶层的 [alerts] 设置（告警默认关闭）".to_string(),
            );
        };
        let mut wecom = Vec::new();
        for url in self.wecom {
            wecom.push(
                check_web_url(&url)
                    .map_err(|reason| format!("[[portal]] alerts 的 wecom “{url}”{reason}"))?,
            );
        }
        let mut dingtalk = Vec::new();
        for robot in self.dingtalk {
            dingtalk.push(DingTalk {
                url: check_web_url(&robot.url).map_err(|reason| {
                    format!("[[portal]] alerts 的 dingtalk “{}”{reason}", robot.url)
                })?,
                secret_env: env_name(robot.secret_env),
            });
        }
        if !self.email_to.is_empty() && top.email.is_none() {
            return Err(
                "[[portal]] alerts 的 email_to 需要 [alerts] 中的 email（SMTP 服务器）".to_string(),
            );
        }
        for address in &self.email_to {
            if address.parse::<lettre::Address>().is_err() {
                return Err(format!(
                    "[[portal]] alerts 的 email_to “{address}”不是有效的邮箱地址"
                ));
            }
        }
        Ok(PortalAlerts {
            wecom,
            dingtalk,
            email_to: self.email_to,
        })
    }
}
