//! 政策解读 coverage figures: what the rules hand the report besides findings (the report's
//! 政策解读 section, the JSON `interpretation` object). Computed by the interpretation family
//! ([`super::interpretation_coverage`]).

use serde::Serialize;

/// Coverage of one column, or of the whole portal.
#[derive(Debug, Clone, Default, Serialize)]
pub struct CoverageRow {
    pub column: String,
    /// Documents of the period counted (required and other policy documents).
    pub documents: usize,
    /// Of those, 规范性文件/规章 that must be interpreted.
    pub required: usize,
    pub interpreted: usize,
    pub required_interpreted: usize,
    /// Interpreted within the allowed working days.
    pub on_time: usize,
    /// Interpreted later than that: exactly the documents `interpretation-late` reports.
    pub late: usize,
    /// Interpreted, but the interpretation's date is unknown (on another site, or its page
    /// shows none): timing not judged, neither on time nor late — as `interpretation-late`
    /// raises nothing for them. `interpreted = on_time + late + timing_unjudged`.
    pub timing_unjudged: usize,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Coverage {
    pub late_working_days: u32,
    pub columns: Vec<CoverageRow>,
    pub overall: CoverageRow,
}
