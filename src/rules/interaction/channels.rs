//! The portal's 政务咨询 channels: columns, column-tree nodes (menus, breadcrumbs) and links off
//! the portal whose names say consultation (`checks/interaction.toml` `[columns]`), and whether
//! gongkai read any message from each.

use std::collections::{BTreeSet, HashSet};

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
    let read = MessagesRead::new(messages);
    let mut add = |name: &str, url: &str, is_column: bool, outbound: bool| {
        if seen.insert(page_key(url)) {
            found.push(ConsultChannel {
                name: name.to_string(),
                url: url.to_string(),
                is_column,
                // A menu may lead off the portal too.
                outbound: outbound || (home.is_some() && host_of(url) != home),
                read: read.any_from(name, url),
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

/// Where the messages read were found, gathered once so that each channel asks about all of
/// them at once rather than one by one.
struct MessagesRead<'a> {
    /// Page keys of the columns that listed them.
    columns: HashSet<String>,
    /// Every name on their column paths.
    names: HashSet<&'a str>,
    /// Their pages' host and path, in order: the pages under a folder are a range.
    pages: BTreeSet<(Option<String>, String)>,
}

impl<'a> MessagesRead<'a> {
    fn new(messages: &[&'a SiteMessage]) -> Self {
        Self {
            columns: messages
                .iter()
                .filter_map(|m| m.column_url.as_deref().map(page_key))
                .collect(),
            names: messages
                .iter()
                .flat_map(|m| m.column_path.iter().map(String::as_str))
                .collect(),
            pages: messages
                .iter()
                .filter_map(|m| Url::parse(&m.message.url).ok())
                .map(|page| (page.host_str().map(str::to_string), page.path().to_string()))
                .collect(),
        }
    }

    /// Whether some message was read from the channel: listed on it, under it in the column
    /// tree, or at an address under the channel's folder.
    fn any_from(&self, name: &str, url: &str) -> bool {
        if self.columns.contains(&page_key(url)) {
            return true;
        }
        if !name.is_empty() && self.names.contains(name) {
            return true;
        }
        let Ok(channel) = Url::parse(url) else {
            return false;
        };
        let folder = channel.path().rsplit_once('/').map_or("/", |(dir, _)| dir);
        if folder.len() <= 1 {
            return false;
        }
        let host = channel.host_str().map(str::to_string);
        let under = format!("{folder}/");
        self.pages
            .range((host.clone(), under.clone())..)
            .next()
            .is_some_and(|(h, path)| *h == host && path.starts_with(&under))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::messages::{Message, Replied};

    fn message(url: &str, column_url: Option<&str>, path: &[&str]) -> SiteMessage {
        SiteMessage {
            message: Message {
                title: "咨询".into(),
                url: url.into(),
                asked: None,
                answered: None,
                status: None,
                replied: Replied::Unknown,
                detail_page: true,
            },
            column_path: path.iter().map(|n| n.to_string()).collect(),
            column_url: column_url.map(str::to_string),
            detail_read: true,
        }
    }

    #[test]
    fn a_message_is_read_from_its_column_its_name_or_the_folder_it_sits_under() {
        let messages = [
            message(
                "http://x.gov.cn/hdjl/xx/1.html",
                Some("http://x.gov.cn/hdjl/xx/index.html"),
                &["互动交流", "领导信箱"],
            ),
            message("http://x.gov.cn/zxts/a/2.html", None, &[]),
        ];
        let refs: Vec<&SiteMessage> = messages.iter().collect();
        let read = MessagesRead::new(&refs);
        assert!(
            read.any_from("", "http://x.gov.cn/hdjl/xx/index.html"),
            "its column"
        );
        assert!(
            read.any_from("领导信箱", "http://y.gov.cn/ldxx/"),
            "its name"
        );
        assert!(
            read.any_from("", "http://x.gov.cn/zxts/index.html"),
            "its folder"
        );
        assert!(
            !read.any_from("", "http://y.gov.cn/zxts/index.html"),
            "another host"
        );
        assert!(
            !read.any_from("", "http://x.gov.cn/zx/index.html"),
            "a folder beside"
        );
        assert!(
            !read.any_from("", "http://x.gov.cn/index.html"),
            "the site's root"
        );
        assert!(
            !read.any_from("在线咨询", "http://x.gov.cn/zxzx/"),
            "no message"
        );
    }
}
