//! Alerts to group robots: 企业微信 and 钉钉 take a JSON POST of a Markdown message; a 钉钉
//! robot with 加签 wants `&timestamp=…&sign=…` on its address, the sign being the base64
//! HMAC-SHA256 of "timestamp\nsecret" keyed by the secret.

use std::time::Duration;

use base64::Engine as _;
use hmac::{Hmac, Mac};
use serde_json::{Value, json};
use sha2::Sha256;
use url::Url;

use super::compose::Message;

/// How long one POST may take.
const TIMEOUT: Duration = Duration::from_secs(15);

/// 企业微信 refuses Markdown longer than this many bytes.
const WECOM_LIMIT: usize = 4096;

/// The body a 企业微信 robot takes.
pub fn wecom_body(message: &Message) -> Value {
    json!({
        "msgtype": "markdown",
        "markdown": { "content": cut(&message.markdown, WECOM_LIMIT) },
    })
}

/// The body a 钉钉 robot takes.
pub fn dingtalk_body(message: &Message) -> Value {
    json!({
        "msgtype": "markdown",
        "markdown": { "title": message.subject, "text": message.markdown },
    })
}

/// `text` cut to at most `limit` bytes on a character boundary, marked when cut.
fn cut(text: &str, limit: usize) -> String {
    const MORE: &str = "\n……";
    if text.len() <= limit {
        return text.to_string();
    }
    let mut end = limit - MORE.len();
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}{MORE}", &text[..end])
}

/// A client saying who calls. Built per message: alerts are few, and a client kept across
/// calls would tie its pooled connections to the runtime that made them.
fn client() -> Result<reqwest::Client, String> {
    reqwest::Client::builder()
        .timeout(TIMEOUT)
        .user_agent(crate::crawl::http::default_user_agent())
        .build()
        .map_err(|e| format!("无法创建 HTTP 客户端：{e}"))
}

/// An error with its causes, `a：b：c` (the address left out: its query holds the token).
fn causes(error: &dyn std::error::Error) -> String {
    crate::error::causes(error, "：")
}

/// The 加签 of a 钉钉 robot: base64 of HMAC-SHA256 over "timestamp\nsecret".
pub fn dingtalk_sign(timestamp_ms: i64, secret: &str) -> String {
    let mut mac =
        Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("HMAC takes a key of any length");
    mac.update(format!("{timestamp_ms}\n{secret}").as_bytes());
    base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
}

/// `url` with `timestamp` and `sign` added (URL-encoded).
pub fn signed_url(url: &Url, timestamp_ms: i64, secret: &str) -> Url {
    let mut signed = url.clone();
    signed
        .query_pairs_mut()
        .append_pair("timestamp", &timestamp_ms.to_string())
        .append_pair("sign", &dingtalk_sign(timestamp_ms, secret));
    signed
}

/// POSTs `body` to `url` once; the reason when the robot did not take it (an HTTP error, or
/// a reply whose `errcode` is not 0).
pub async fn post(url: &Url, body: &Value) -> Result<(), String> {
    let response = client()?
        .post(url.clone())
        .header(reqwest::header::CONTENT_TYPE, "application/json")
        .body(body.to_string())
        .send()
        .await
        .map_err(|e| format!("请求失败：{}", causes(&e.without_url())))?;
    let status = response.status();
    let text = response.text().await.unwrap_or_default();
    if !status.is_success() {
        return Err(format!("HTTP {status}：{}", cut(&text, 200)));
    }
    let reply: Option<Value> = serde_json::from_str(&text).ok();
    match reply
        .as_ref()
        .and_then(|r| r.get("errcode"))
        .and_then(Value::as_i64)
    {
        None | Some(0) => Ok(()),
        Some(code) => Err(format!(
            "机器人拒收：errcode {code}，{}",
            reply
                .as_ref()
                .and_then(|r| r.get("errmsg"))
                .and_then(Value::as_str)
                .unwrap_or_default()
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_message_is_cut_on_a_character_boundary() {
        let long = "问".repeat(2000);
        let cut = cut(&long, WECOM_LIMIT);
        assert!(cut.len() <= WECOM_LIMIT);
        assert!(cut.ends_with("……"));
    }

    #[test]
    fn the_sign_is_url_encoded() {
        let url = Url::parse("https://oapi.dingtalk.com/robot/send?access_token=t").unwrap();
        let signed = signed_url(&url, 1_700_000_000_000, "SECabc");
        let query = signed.query().unwrap();
        assert!(query.starts_with("access_token=t&timestamp=1700000000000&sign="));
        assert!(!query.contains('+') && !query["access_token=t".len()..].contains('/'));
        // A 32-byte HMAC in base64 always ends in `=`: written as `%3D`, or it was not encoded.
        assert!(query.ends_with("%3D"), "{query}");
    }
}
