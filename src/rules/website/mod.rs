//! The portal as a website (网站建设): what 《政府网站发展指引》(国办发〔2017〕47号) and the
//! inspection of 国办秘函〔2019〕19号 ask of its pages beyond the 政府信息公开 columns.

pub mod broken_links;
pub mod elements;
pub mod homepage_stale;
pub mod site_unreachable;
