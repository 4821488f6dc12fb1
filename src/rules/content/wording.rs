//! `wording-error`. What it checks, why, an example and its limits: see [`RULE`].
//!
//! One finding per page and wrong form. A listed wrong form is a violation; a leader's name one
//! character off, written beside one of the leader's titles, goes to a person (it may be
//! another person's name). Nothing outside `checks/wording.toml` is ever "corrected".

use std::collections::HashMap;

use crate::checks::WordingChecks;
use crate::finding::{Finding, Severity};
use crate::model::Site;
use crate::model::links::page_key;
use crate::rules::{Context, rule};

rule! {
    id: "wording-error",
    title: "严重表述错误",
    severity: Severity::Error,
    basis: "国办秘函〔2019〕19号",
    citation: "国办秘函〔2019〕19号《政府网站与政务新媒体检查指标》单项否决指标“安全、泄密事故等严重问题”：\
        出现严重表述错误的，即单项否决；“网站出现严重错别字（例如，将党和国家领导人姓名写错）……即单项否决。”",
    summary: "在文章标题、正文和栏目列表条目中查找 checks/wording.toml 列出的错误写法：法律法规、机构的\
        正式名称和规范表述的常见错写，以及本地领导姓名的已知错写；领导姓名写在其职务前后、与名单中的\
        姓名只差一个字的，列为需人工核查。",
    example: "“中华人民共和国政府信息公开条例”写成了“政府信息公开条列”（法规名称）：…严格按照\
        《中华人民共和国政府信息公开条列》做好年底前政务公开各项…",
    limits: "只认名单中的写法：名单外的错别字不检查，也不会“纠正”名单外的人名；领导姓名需各地自行\
        加入 checks/wording.toml（随附名单不含人名）；只读取网页文字，不读取图片和附件；\
        与名单中姓名只差一个字的可能是另一个人，需人工确认。",
    remedy: "立即更正所列错误表述，排查全站同类表述；严格执行信息发布前的审核校对制度。",
    identity: [
        "url" => "页面网址",
        "correct" => "正确写法",
        "wrong" => "错误写法",
    ],
    check: check,
}

/// Characters of context shown on each side of a wrong form.
const CONTEXT_CHARS: usize = 12;

fn check(site: &Site, ctx: &Context<'_>) -> Vec<Finding> {
    let wording = &ctx.checks.wording;
    let scanner = Scanner::new(wording);
    let mut findings = Vec::new();
    let mut on_article: HashMap<String, Vec<Hit>> = HashMap::new();
    for article in &site.articles {
        let text = site.title_and_body(article);
        let hits = scanner.scan(&text);
        for hit in &hits {
            findings.push(hit.finding(&article.url).with_title(&article.content.title));
        }
        on_article.insert(page_key(&article.url), hits);
    }
    for column in &site.columns {
        let mut hits: Vec<Hit> = Vec::new();
        for entry in &column.entries {
            let known = on_article.get(&page_key(&entry.url));
            for hit in scanner.scan(&entry.title) {
                let reported = known.is_some_and(|k| k.iter().any(|h| h.same_error(&hit)));
                if !reported && !hits.iter().any(|h| h.same_error(&hit)) {
                    hits.push(hit);
                }
            }
        }
        for hit in hits {
            findings.push(hit.finding(&column.url).with("column", column.name.clone()));
        }
    }
    findings
}

/// One wrong form found in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Hit {
    correct: String,
    wrong: String,
    kind: String,
    context: String,
    /// A near variant of a listed name, not a listed wrong form: for a person to confirm.
    near: bool,
}

impl Hit {
    fn same_error(&self, other: &Hit) -> bool {
        self.correct == other.correct && self.wrong == other.wrong
    }

    fn finding(&self, url: &str) -> Finding {
        let message = if self.near {
            format!(
                "“{}”与领导姓名“{}”只差一个字，疑似写错：{}",
                self.wrong, self.correct, self.context
            )
        } else {
            format!(
                "“{}”写成了“{}”（{}）：{}",
                self.correct, self.wrong, self.kind, self.context
            )
        };
        let finding = Finding::new(RULE.info.id, RULE.info.severity, url, message)
            .with("correct", self.correct.clone())
            .with("wrong", self.wrong.clone())
            .with("kind", self.kind.clone())
            .with("context", self.context.clone());
        if self.near {
            finding.needs_review("名单外的姓名可能是另一个人，请核实后再改")
        } else {
            finding
        }
    }
}

/// The wrong forms' searchers, built once per check rather than once per text and form.
struct Scanner<'a> {
    wording: &'a WordingChecks,
    /// One per entry of `wording.wrong_forms`, in the same order.
    finders: Vec<memchr::memmem::Finder<'a>>,
}

impl<'a> Scanner<'a> {
    fn new(wording: &'a WordingChecks) -> Self {
        let finders = wording
            .wrong_forms
            .iter()
            .map(|form| memchr::memmem::Finder::new(form.wrong.as_bytes()))
            .collect();
        Self { wording, finders }
    }

    /// Every listed wrong form in `text`, and every near variant of a leader's name beside one
    /// of the leader's titles; each (correct, wrong) pair once. Longer wrong forms are matched
    /// first and their text taken out, so “最高人民检查院” is not also reported as “人民检查院”.
    fn scan(&self, text: &str) -> Vec<Hit> {
        let wording = self.wording;
        let mut hits: Vec<Hit> = Vec::new();
        // Same byte offsets as `text`, with matched wrong forms blanked out.
        let mut unmatched = text.to_string();
        for (form, finder) in wording.wrong_forms.iter().zip(&self.finders) {
            let (wrong, correct) = (&form.wrong, &form.correct);
            let Some(at) = finder.find(unmatched.as_bytes()) else {
                continue;
            };
            unmatched = unmatched.replace(wrong.as_str(), &"\0".repeat(wrong.len()));
            hits.push(Hit {
                correct: correct.clone(),
                wrong: wrong.clone(),
                kind: form.kind.clone(),
                context: context(text, at, wrong.len()),
                near: false,
            });
        }
        for (at, name, correct) in near_names(&unmatched, wording) {
            let hit = Hit {
                correct: correct.to_string(),
                wrong: name.clone(),
                kind: "领导姓名".to_string(),
                context: context(text, at, name.len()),
                near: true,
            };
            if !hits.iter().any(|h| h.same_error(&hit)) {
                hits.push(hit);
            }
        }
        hits
    }
}

/// [`Scanner::scan`] with searchers built for this one text.
#[cfg(test)]
fn scan(text: &str, wording: &WordingChecks) -> Vec<Hit> {
    Scanner::new(wording).scan(text)
}

/// Names written right before or after a listed leader's title that differ from the leader's
/// name in exactly one character and are nobody else's listed name: (byte offset, name, the
/// listed name).
fn near_names<'a>(text: &str, wording: &'a WordingChecks) -> Vec<(usize, String, &'a str)> {
    let known: Vec<&str> = wording.person.iter().map(|p| p.name.as_str()).collect();
    let mut found = Vec::new();
    for person in &wording.person {
        let len = person.name.chars().count();
        for title in &person.titles {
            for (at, _) in text.match_indices(title.as_str()) {
                let after_at = at + title.len();
                let after: String = text[after_at..].chars().take(len).collect();
                let before_chars: Vec<char> = text[..at].chars().rev().take(len).collect();
                let before: String = before_chars.into_iter().rev().collect();
                let before_at = at - before.len();
                for (offset, candidate) in [(after_at, after), (before_at, before)] {
                    if candidate.chars().count() == len
                        && candidate.chars().all(is_han)
                        && !known.contains(&candidate.as_str())
                        && !person.wrong.contains(&candidate)
                        && one_char_apart(&candidate, &person.name)
                    {
                        found.push((offset, candidate, person.name.as_str()));
                    }
                }
            }
        }
    }
    found
}

fn is_han(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c)
}

fn one_char_apart(a: &str, b: &str) -> bool {
    a.chars().count() == b.chars().count()
        && a.chars().zip(b.chars()).filter(|(x, y)| x != y).count() == 1
}

/// The wrong form with a few characters either side, on one line: "…依据《…条列》（…）…".
fn context(text: &str, at: usize, len: usize) -> String {
    let before: Vec<char> = text[..at].chars().rev().take(CONTEXT_CHARS).collect();
    let before: String = before.into_iter().rev().collect();
    let after: String = text[at + len..].chars().take(CONTEXT_CHARS).collect();
    let line = format!("…{before}{}{after}…", &text[at..at + len]);
    line.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn checks(extra: &str) -> WordingChecks {
        let shipped = include_str!("../../../checks/wording.toml");
        WordingChecks::parse(&format!("{shipped}\n{extra}"), Path::new("wording.toml")).unwrap()
    }

    const LEADERS: &str = "[[person]]\nname = \"王建国\"\ntitles = [\"市长\"]\nwrong = [\"王建囯\"]\n\
        [[person]]\nname = \"王建华\"\ntitles = [\"副市长\"]\n";

    #[test]
    fn a_listed_wrong_form_is_found_with_its_context() {
        let hits = scan(
            "根据《中华人民共和国政府信息公开条列》的规定，现将年报公布如下。",
            &checks(""),
        );
        assert_eq!(hits.len(), 1);
        assert_eq!(hits[0].correct, "中华人民共和国政府信息公开条例");
        assert!(!hits[0].near);
        assert_eq!(
            hits[0].context,
            "…根据《中华人民共和国政府信息公开条列》的规定，现将年报公布如…"
        );
    }

    #[test]
    fn the_correct_forms_never_trigger() {
        let text = "《中华人民共和国政府信息公开条例》第二十六条；最高人民检察院；国务院办公厅；\
            习近平新时代中国特色社会主义思想；中华人民共和国个人信息保护法";
        assert!(scan(text, &checks(LEADERS)).is_empty());
    }

    #[test]
    fn a_leaders_name_one_character_off_beside_the_title_goes_to_a_person() {
        let wording = checks(LEADERS);
        let hits = scan("市长王建图主持召开常务会议", &wording);
        assert_eq!(hits.len(), 1);
        assert!(hits[0].near);
        assert_eq!(
            (hits[0].wrong.as_str(), hits[0].correct.as_str()),
            ("王建图", "王建国")
        );
        // A listed wrong form is a violation; another listed leader is nobody's misspelling;
        // a name not near any listed one is never "corrected".
        assert!(!scan("王建囯市长出席", &wording)[0].near);
        assert!(scan("副市长王建华出席", &wording).is_empty());
        assert!(scan("市长李明出席", &wording).is_empty());
    }

    #[test]
    fn a_wrong_form_inside_its_correct_form_is_refused() {
        let bad = "[[term]]\ncorrect = \"人民检察院\"\nwrong = [\"检察院\"]\nkind = \"机构名称\"\n";
        assert!(WordingChecks::parse(bad, Path::new("wording.toml")).is_err());
    }
}
