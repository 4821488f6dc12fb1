//! The 政府信息公开指南 (条例第十二条).

pub mod incomplete;
