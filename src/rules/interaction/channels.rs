//! The portal's 政务咨询 channels: columns, column-tree nodes (menus, breadcrumbs) and links off
//! the portal whose names say consultation (`checks/interaction.toml` `[columns]`), and whether
//! gongkai read any message from each.

use std::collections::HashSet;

use url::Url;

use crate::checks::{Channel, InteractionChecks};
use crate::model::Site;
use crate::model::links::page_key;
use crate::model::site::SiteMessage;

/// A consultation channel the portal shows.
#[derive(Debug, Clone)]
pub struct ConsultChannel {
    pub name: String,
    pub url: String,
    /// A column whose list pages were crawled.
    pub is_column: bool,
    /// The channel leads off the portal (a city-wide 12345 platform).
    pub outbound: bool,
    /// Some message of the channel was read.
    pub read: bool,
}

/// Every consultation channel, once per address, in the order the site model lists them.
pub fn consult_channels(
    site: &Site,
    checks: &InteractionChecks,
    messages: &[&SiteMessage],
) -> Vec<ConsultChannel> {
    let mut found: Vec<ConsultChannel> = Vec::new();
    let mut seen: HashSet<String> = HashSet::new();
    let home = host_of(&site.home_url);
    let mut add = |name: &str, url: &str, is_column: bool, outbound: bool| {
        if seen.insert(page_key(url)) {
            found.push(ConsultChannel {
                name: name.to_string(),
                url: url.to_string(),
                is_column,
                // A menu may lead off the portal too.
                outbound: outbound || (home.is_some() && host_of(url) != home),
                read: messages.iter().any(|m| belongs(m, name, url)),
            });
        }
    };
    for column in &site.columns {
        if checks.channel(&column.path) == Some(Channel::Consult) {
            add(&column.name, &column.url, true, false);
        }
    }
    for node in site.tree_nodes() {
        if let Some(url) = &node.url
            && checks.channel_of_name(&node.name) == Some(Channel::Consult)
        {
            add(&node.name, url, false, false);
        }
    }
    for link in &site.outbound_links {
        if checks.channel_of_name(&link.text) == Some(Channel::Consult) {
            add(&link.text, &link.url, false, true);
        }
    }
    for message in messages {
        if let Some(url) = &message.column_url {
            let name = message.column_path.last().cloned().unwrap_or_default();
            add(&name, url, true, false);
        }
    }
    found
}

fn host_of(url: &str) -> Option<String> {
    Url::parse(url).ok()?.host_str().map(str::to_string)
}

/// Whether a message was read from the channel: listed on it, under it in the column tree, or
/// at an address under the channel's folder.
fn belongs(message: &SiteMessage, name: &str, url: &str) -> bool {
    if message
        .column_url
        .as_deref()
        .is_some_and(|c| page_key(c) == page_key(url))
    {
        return true;
    }
    if !name.is_empty() && message.column_path.iter().any(|n| n == name) {
        return true;
    }
    let (Ok(channel), Ok(page)) = (Url::parse(url), Url::parse(&message.message.url)) else {
        return false;
    };
    let folder = channel.path().rsplit_once('/').map_or("/", |(dir, _)| dir);
    channel.host_str() == page.host_str()
        && folder.len() > 1
        && page.path().starts_with(&format!("{folder}/"))
}
