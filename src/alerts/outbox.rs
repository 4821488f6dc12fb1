//! Delivering alerts through the store's outbox: each alert is written there first, then sent
//! with a few retries and a growing pause, and marked sent or left unsent with its error. The
//! next run sends the unsent ones of its portals (up to a week old) before its own. Nothing
//! here ever fails a run: every outcome is a [`Delivery`].

use std::time::Duration;

use serde::{Deserialize, Serialize};
use url::Url;

use super::compose::Message;
use super::config::AlertsConfig;
use super::{email, webhook};
use crate::history::{OutboxAlert, Portal, Store};
use crate::portfolio::PortfolioEntry;

/// Unsent alerts older than this are no longer retried (they stay in the outbox).
pub const MAX_AGE: Duration = Duration::from_secs(7 * 24 * 3600);

/// Tries per delivery, and the pause before the second (doubled before each next one).
#[derive(Debug, Clone, Copy)]
pub struct Retry {
    pub tries: u32,
    pub pause: Duration,
}

impl Default for Retry {
    /// Three tries, 1 s then 2 s apart.
    fn default() -> Self {
        Self {
            tries: 3,
            pause: Duration::from_secs(1),
        }
    }
}

/// Where an alert goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Channel {
    Email,
    WeCom,
    DingTalk,
}

impl Channel {
    /// The name stored in the outbox.
    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Email => "email",
            Channel::WeCom => "wecom",
            Channel::DingTalk => "dingtalk",
        }
    }

    pub fn parse(text: &str) -> Option<Channel> {
        [Channel::Email, Channel::WeCom, Channel::DingTalk]
            .into_iter()
            .find(|c| c.as_str() == text)
    }

    /// As messages name it.
    pub fn display(self) -> &'static str {
        match self {
            Channel::Email => "邮件",
            Channel::WeCom => "企业微信",
            Channel::DingTalk => "钉钉",
        }
    }
}

/// One destination of a portal's alerts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Destination {
    pub channel: Channel,
    /// The recipients (comma-separated) or the robot's address.
    pub target: String,
    /// A 钉钉 robot's 加签 secret: the environment variable holding it.
    pub secret_env: Option<String>,
}

/// What the outbox stores as an alert's payload.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Envelope {
    #[serde(flatten)]
    message: Message,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    secret_env: Option<String>,
}

/// How sending one alert ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delivery {
    /// The portal's name (or key, for an alert of a portal no longer listed).
    pub portal: String,
    pub channel: String,
    pub target: String,
    /// From an earlier run's outbox.
    pub retried: bool,
    /// Why it is still unsent; `None` when sent.
    pub error: Option<String>,
}

impl Delivery {
    /// A line of the night's summary for a failed delivery.
    pub fn failure_line(&self) -> Option<String> {
        let error = self.error.as_ref()?;
        let channel = match Channel::parse(&self.channel) {
            Some(channel) => channel.display(),
            None => self.channel.as_str(),
        };
        Some(format!(
            "告警未发出：{} · {channel} {}：{error}（已留在待发队列，下次运行重试）",
            self.portal,
            redact(&self.target)
        ))
    }
}

/// A robot's address without its query (the access token), for logs and summaries.
fn redact(target: &str) -> String {
    match Url::parse(target) {
        Ok(mut url) if url.query().is_some() => {
            url.set_query(None);
            format!("{url}?…")
        }
        _ => target.to_string(),
    }
}

/// The destinations of `entry`'s alerts: e-mail to its contacts and `email_to` when
/// `[alerts]` has a server, the portfolio's robots and its own.
pub fn destinations(config: &AlertsConfig, entry: &PortfolioEntry) -> Vec<Destination> {
    let own = entry.alerts.clone().unwrap_or_default();
    let mut found = Vec::new();
    if config.email.is_some() {
        let mut recipients: Vec<String> = Vec::new();
        let addresses = entry
            .contacts
            .iter()
            .filter_map(|c| c.email.clone())
            .chain(own.email_to);
        for address in addresses {
            let address = address.trim().to_string();
            if address.parse::<lettre::Address>().is_err() {
                tracing::warn!(portal = %entry.name, %address, "contact e-mail address invalid; left out of alerts");
                continue;
            }
            if !recipients.contains(&address) {
                recipients.push(address);
            }
        }
        if !recipients.is_empty() {
            found.push(Destination {
                channel: Channel::Email,
                target: recipients.join(", "),
                secret_env: None,
            });
        }
    }
    for url in config.wecom.iter().chain(&own.wecom) {
        found.push(Destination {
            channel: Channel::WeCom,
            target: url.to_string(),
            secret_env: None,
        });
    }
    for robot in config.dingtalk.iter().chain(&own.dingtalk) {
        found.push(Destination {
            channel: Channel::DingTalk,
            target: robot.url.to_string(),
            secret_env: robot.secret_env.clone(),
        });
    }
    // A portal's own robot may repeat one the whole portfolio already names: send once.
    let mut seen = std::collections::HashSet::new();
    found.retain(|d| seen.insert((d.channel, d.target.clone())));
    found
}

/// Sends alerts through the outbox of `store`, with the portfolio's `[alerts]`.
pub struct Courier<'a> {
    pub store: &'a Store,
    pub config: &'a AlertsConfig,
    pub retry: Retry,
}

impl Courier<'_> {
    /// Writes `message` about `portal` (of run `run_id`) to the outbox once per destination,
    /// then sends each.
    pub async fn post(
        &self,
        name: &str,
        portal: &Portal,
        run_id: Option<i64>,
        destinations: &[Destination],
        message: &Message,
    ) -> Vec<Delivery> {
        let mut deliveries = Vec::new();
        for destination in destinations {
            let payload = Envelope {
                message: message.clone(),
                secret_env: destination.secret_env.clone(),
            };
            let payload = serde_json::to_string(&payload).expect("an alert serialises");
            let channel = destination.channel.as_str();
            let queued = self
                .store
                .queue_alert(portal, run_id, channel, &destination.target, &payload)
                .await;
            let id = match queued {
                Ok(id) => Some(id),
                Err(e) => {
                    // Not kept for a retry, but still sent now.
                    tracing::warn!(portal = %name, channel, error = %e, "alert not written to the outbox");
                    None
                }
            };
            let alert = OutboxAlert {
                id: id.unwrap_or_default(),
                portal: portal.key.clone(),
                run_id,
                channel: channel.to_string(),
                target: destination.target.clone(),
                payload,
                created_at: String::new(),
                attempts: 0,
                last_error: None,
                sent_at: None,
            };
            deliveries.push(self.deliver(name, &alert, id.is_some(), false).await);
        }
        deliveries
    }

    /// Sends the outbox's unsent alerts of the portals `entries` (at most [`MAX_AGE`] old).
    pub async fn retry_unsent(&self, entries: &[PortfolioEntry]) -> Vec<Delivery> {
        let keys: Vec<String> = entries.iter().map(|e| e.portal().key).collect();
        let since = chrono::Utc::now()
            - chrono::Duration::from_std(MAX_AGE).expect("a week is a chrono duration");
        let unsent = match self.store.unsent_alerts(&keys, since).await {
            Ok(unsent) => unsent,
            Err(e) => {
                tracing::warn!(error = %e, "unsent alerts not read from the outbox");
                return Vec::new();
            }
        };
        let mut deliveries = Vec::new();
        for alert in &unsent {
            let name = entries
                .iter()
                .find(|e| e.portal().key == alert.portal)
                .map_or(alert.portal.as_str(), |e| e.name.as_str());
            deliveries.push(self.deliver(name, alert, true, true).await);
        }
        deliveries
    }

    /// Sends `alert` with retries; records the outcome in the outbox when it is there.
    async fn deliver(
        &self,
        name: &str,
        alert: &OutboxAlert,
        stored: bool,
        retried: bool,
    ) -> Delivery {
        let mut tries = 0;
        let mut pause = self.retry.pause;
        let result = loop {
            tries += 1;
            let result = self.send_once(alert).await;
            match result {
                Err(e) if tries < self.retry.tries => {
                    tracing::debug!(portal = %name, channel = %alert.channel, tries, error = %e, "alert not sent; retrying");
                    tokio::time::sleep(pause).await;
                    pause *= 2;
                }
                other => break other,
            }
        };
        let error = result.err();
        if let Some(error) = &error {
            tracing::warn!(portal = %name, channel = %alert.channel, target = %redact(&alert.target), tries, %error, "alert not sent; kept in the outbox");
        }
        if stored
            && let Err(e) = self
                .store
                .alert_delivered(alert.id, tries, error.as_deref())
                .await
        {
            tracing::warn!(portal = %name, error = %e, "alert delivery not recorded in the outbox");
        }
        Delivery {
            portal: name.to_string(),
            channel: alert.channel.clone(),
            target: alert.target.clone(),
            retried,
            error,
        }
    }

    /// One try at sending `alert`.
    async fn send_once(&self, alert: &OutboxAlert) -> Result<(), String> {
        let envelope: Envelope = serde_json::from_str(&alert.payload)
            .map_err(|e| format!("待发队列中的告警无法读取：{e}"))?;
        let url = || Url::parse(&alert.target).map_err(|e| format!("地址无效：{e}"));
        match Channel::parse(&alert.channel) {
            Some(Channel::Email) => {
                let Some(server) = &self.config.email else {
                    return Err("名单的 [alerts] 未设置 email（SMTP 服务器）".to_string());
                };
                email::send(server, &alert.target, &envelope.message).await
            }
            Some(Channel::WeCom) => {
                webhook::post(&url()?, &webhook::wecom_body(&envelope.message)).await
            }
            Some(Channel::DingTalk) => {
                let mut url = url()?;
                if let Some(name) = &envelope.secret_env {
                    let secret = std::env::var(name)
                        .map_err(|_| format!("环境变量 {name}（钉钉加签密钥）未设置"))?;
                    url = webhook::signed_url(&url, chrono::Utc::now().timestamp_millis(), &secret);
                }
                webhook::post(&url, &webhook::dingtalk_body(&envelope.message)).await
            }
            None => Err(format!("未知的告警渠道“{}”", alert.channel)),
        }
    }
}
