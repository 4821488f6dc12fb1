//! `checks/site_elements.toml`: the site elements of 《政府网站发展指引》(国办发〔2017〕47号) a
//! home page shows, and the patterns, addresses and tags that evidence each.

use std::path::Path;

use regex::Regex;
use serde::Deserialize;

use crate::error::{ConfigError, FileKind};
use crate::model::footer::Footer;
use crate::model::meta::GuidelineMeta;

/// One site element and how it shows.
#[derive(Debug, Clone)]
pub struct SiteElement {
    pub name: String,
    pub text: Vec<Regex>,
    pub address: Vec<String>,
    pub meta: Option<String>,
}

impl SiteElement {
    /// Where the element shows on a home page: `footer` or the tag's name; `None` when absent.
    pub fn found_in(&self, footer: &Footer, meta: &GuidelineMeta) -> Option<&'static str> {
        if self.text.iter().any(|re| re.is_match(&footer.text)) {
            return Some("页脚文字");
        }
        let lowered: Vec<String> = footer.addresses.iter().map(|a| a.to_lowercase()).collect();
        if self
            .address
            .iter()
            .any(|word| lowered.iter().any(|a| a.contains(&word.to_lowercase())))
        {
            return Some("页脚链接或脚本");
        }
        if self
            .meta
            .as_deref()
            .is_some_and(|tag| meta.get(tag).is_some())
        {
            return Some("网页标签");
        }
        None
    }
}

#[derive(Debug, Clone)]
pub struct SiteElementChecks {
    pub elements: Vec<SiteElement>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    element: Vec<Row>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Row {
    name: String,
    #[serde(default)]
    text: Vec<String>,
    #[serde(default)]
    address: Vec<String>,
    #[serde(default)]
    meta: Option<String>,
}

impl SiteElementChecks {
    pub(crate) fn parse(text: &str, file: &Path) -> Result<Self, ConfigError> {
        let raw: File = super::parse(text, file, FileKind::Checks)?;
        let elements = raw
            .element
            .into_iter()
            .map(|row| {
                let text = row
                    .text
                    .iter()
                    .map(|p| {
                        Regex::new(p).map_err(|e| {
                            let message =
                                format!("element“{}”的 text 不是有效的正则表达式：{e}", row.name);
                            ConfigError::new(FileKind::Checks, file, message)
                        })
                    })
                    .collect::<Result<_, _>>()?;
                if row.text.is_empty() && row.address.is_empty() && row.meta.is_none() {
                    let message = format!("element“{}”没有 text、address 或 meta", row.name);
                    return Err(ConfigError::new(FileKind::Checks, file, message));
                }
                Ok(SiteElement {
                    name: row.name,
                    text,
                    address: row.address,
                    meta: row.meta,
                })
            })
            .collect::<Result<_, ConfigError>>()?;
        Ok(Self { elements })
    }
}
