//! What a report carries besides findings — the site model's titles, other rules' messages —
//! with personal numbers masked: gongkai never republishes a leaked number in full.

use chrono::NaiveDate;

use super::{redact_in_place, redact_json};
use crate::finding::Finding;
use crate::model::Site;
use crate::model::body::Body;
use crate::model::labels::Field;

/// Masks every personal number in the model's report-bound text and in `findings`.
pub fn redact(site: &mut Site, findings: &mut [Finding], as_of: NaiveDate) {
    let mask = |text: &mut String| redact_in_place(text, as_of);
    for column in &mut site.columns {
        column.entries.iter_mut().for_each(|e| mask(&mut e.title));
    }
    for article in &mut site.articles {
        article.content.title.edit(mask);
        if let Body::Held(body) = &mut article.content.body {
            let mut text = std::mem::take(body).into_string();
            mask(&mut text);
            *body = text.into_boxed_str();
        }
        article.content.metadata.edit(Field::Title, mask);
        article
            .listed_in
            .iter_mut()
            .for_each(|s| mask(&mut s.title));
        let attachments = article.content.attachments.iter_mut().map(|l| &mut l.text);
        let related = article.content.related_links.iter_mut();
        attachments
            .chain(related.map(|l| &mut l.text))
            .for_each(mask);
    }
    site.outbound_links
        .iter_mut()
        .for_each(|l| mask(&mut l.text));
    site.warnings.iter_mut().for_each(|w| mask(&mut w.message));
    for finding in findings {
        mask(&mut finding.message);
        if let Some(title) = &mut finding.title {
            title.edit(mask);
        }
        finding
            .evidence
            .values_mut()
            .for_each(|v| redact_json(v, as_of));
    }
}
