//! What the portal's pages say (the words themselves), as 国办秘函〔2019〕19号 inspects them:
//! 严重表述错误.

pub mod wording;
