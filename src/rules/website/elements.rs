//! `site-elements-missing`. What it checks, why, an example and its limits: see [`RULE`].
//!
//! One finding per element the home page's footer (or, for 网站标识码, its SiteIDCode tag) does
//! not show; the elements and their patterns are data (`checks/site_elements.toml`).

use crate::finding::{Finding, Severity};
use crate::model::Site;
use crate::rules::{Context, rule};

rule! {
    id: "site-elements-missing",
    title: "网站要素缺失",
    severity: Severity::Warning,
    basis: "国办发〔2017〕47号",
    citation: "《政府网站发展指引》（国办发〔2017〕47号）要求政府网站在页面底部功能区列明网站标识码、\
        ICP备案编号、公安机关备案号、党政机关网站标识、主办单位和联系方式，并设置“我为政府网站找错”入口\
        （要素清单按指引和各地普查检查表归纳，指引原文条款未逐字核对）。",
    summary: "在首页页脚（文字、链接、图片和脚本地址）和首页网页标签中查找网站标识码、ICP备案编号、\
        公安机关备案号、党政机关网站标识、“我为政府网站找错”入口、主办单位和联系方式，\
        每缺一项报告一次。各要素的识别方式在 checks/site_elements.toml 中。",
    example: "首页页脚未显示“党政机关网站标识”",
    limits: "只检查首页；党政机关网站标识和找错入口按链接、脚本地址识别，由脚本在浏览器中另行加载的\
        无法看到，可能误报，请人工核实；不核对备案号、标识码是否真实有效、是否与本网站一致。",
    remedy: "在首页页脚补齐所缺的网站要素，并核对备案号、网站标识码与本网站一致。",
    identity: [
        "url" => "首页网址",
        "element" => "缺少的要素",
    ],
    check: check,
}

fn check(site: &Site, ctx: &Context<'_>) -> Vec<Finding> {
    if site.home_url.is_empty() {
        return Vec::new();
    }
    ctx.checks
        .site_elements
        .elements
        .iter()
        .filter(|element| {
            element
                .found_in(&site.home.footer, &site.home.meta)
                .is_none()
        })
        .map(|element| {
            Finding::new(
                RULE.info.id,
                RULE.info.severity,
                &site.home_url,
                format!("首页页脚未显示“{}”", element.name),
            )
            .with("element", element.name.clone())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::{run_rule, site};

    fn home(footer: &str) -> Site {
        let html = format!(
            r#"<html><head><meta name="SiteName" content="明湖市人民政府"></head><body>
            <div class="main"><p>联系电话（正文）</p></div><div class="footer">{footer}</div></body></html>"#
        );
        site(&[("http://x.gov.cn/", html)])
    }

    fn missing(site: &Site) -> Vec<String> {
        let (findings, _) = run_rule(check, site, "2025-12-01", "2025");
        findings
            .iter()
            .map(|f| f.evidence["element"].as_str().unwrap().to_string())
            .collect()
    }

    #[test]
    fn a_full_footer_shows_every_element() {
        let site = home(
            r#"<p>主办：明湖市人民政府办公室　联系我们　网站标识码3299000001</p>
            <p><a href="https://beian.miit.gov.cn/">闽ICP备12345678号-1</a>
            <a href="http://www.beian.gov.cn/portal/registerSystemInfo?recordcode=35020302000143">闽公网安备 35020302000143号</a></p>
            <a href="https://bszs.conac.cn/sitename?method=show&id=0A1B"><img src="/images/red.png"></a>
            <a href="https://pucha.kaipuyun.cn/exposure/jiucuo.html?site_code=3299000001&url=x">找错</a>"#,
        );
        assert!(missing(&site).is_empty(), "{:?}", missing(&site));
    }

    #[test]
    fn each_missing_element_is_one_finding_and_body_text_does_not_count() {
        let site = home("<p>版权所有：明湖市人民政府　闽ICP备12345678号</p>");
        assert_eq!(
            missing(&site),
            [
                "网站标识码",
                "公安机关备案号",
                "党政机关网站标识",
                "我为政府网站找错",
                "主办单位",
                "联系方式"
            ]
        );
    }
}
