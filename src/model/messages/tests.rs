use chrono::NaiveDate;

use super::*;
use crate::model::extract_page;

fn read(url: &str, html: &str) -> Vec<Message> {
    extract_page(&Url::parse(url).unwrap(), html).messages
}

fn day(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

#[test]
fn a_table_list_reads_asked_and_answered_dates_and_status() {
    let html = r#"<html><body><table class="xxlb">
        <tr><th>序号</th><th>信件标题</th><th>留言时间</th><th>办理状态</th><th>回复时间</th></tr>
        <tr><td>1</td><td><a href="./202503/t20250305_1.html" title="关于人民路夜间施工噪音扰民的投诉">关于人民路夜间…</a></td><td>2025/3/5</td><td><font color="green">已回复</font></td><td>2025-03-08</td></tr>
        <tr><td>2</td><td><a href="javascript:void(0)" onclick="openLetter(2)">咨询共享单车停放区域设置</a></td><td>2025年06月02日 10:21</td><td><font color="red">未回复</font></td><td>&nbsp;</td></tr>
        </table></body></html>"#;
    let messages = read("http://x.gov.cn/hdjl/ldxx/", html);
    assert_eq!(messages.len(), 2, "{messages:?}");
    assert_eq!(messages[0].title, "关于人民路夜间施工噪音扰民的投诉");
    assert_eq!(
        messages[0].url,
        "http://x.gov.cn/hdjl/ldxx/202503/t20250305_1.html"
    );
    assert_eq!(
        (messages[0].asked, messages[0].answered),
        (day(2025, 3, 5), day(2025, 3, 8))
    );
    assert_eq!(messages[0].replied, Replied::Yes);
    assert_eq!(
        messages[1].url, "http://x.gov.cn/hdjl/ldxx/",
        "a script link stays on the list"
    );
    assert_eq!(
        (messages[1].asked, messages[1].answered),
        (day(2025, 6, 2), None)
    );
    assert_eq!(messages[1].replied, Replied::No);
    assert_eq!(messages[1].status.as_deref(), Some("未回复"));
}

#[test]
fn the_gbk_message_list_fixture_reads_its_three_rows() {
    let bytes = std::fs::read(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("fixtures/model-pages/message-list-two-dates.html"),
    )
    .unwrap();
    let (html, _, _) = encoding_rs::GBK.decode(&bytes);
    let messages = read("http://x.gov.cn/hdjl/jzxx/", &html);
    let seen: Vec<(Option<NaiveDate>, Option<NaiveDate>, Replied)> = messages
        .iter()
        .map(|m| (m.asked, m.answered, m.replied))
        .collect();
    assert_eq!(
        seen,
        [
            (day(2024, 3, 1), day(2024, 3, 5), Replied::Yes),
            (day(2024, 2, 26), day(2024, 3, 4), Replied::Yes),
            (day(2024, 2, 19), None, Replied::No),
        ]
    );
}

#[test]
fn list_items_with_inline_labels_are_rows() {
    let html = r#"<html><body><ul class="lylist">
        <li><a href="/hdjl/zxzx/1.html">咨询占道经营审批材料</a><span>留言时间：2025-04-01</span><span>状态：已办结</span></li>
        <li><a href="/hdjl/zxzx/2.html">关于小区垃圾清运不及时的反映</a><span>留言时间：2025-05-06</span><span>状态：办理中</span></li>
        </ul></body></html>"#;
    let messages = read("http://x.gov.cn/hdjl/zxzx/", html);
    let seen: Vec<(&str, Option<NaiveDate>, Replied)> = messages
        .iter()
        .map(|m| (m.url.as_str(), m.asked, m.replied))
        .collect();
    assert_eq!(
        seen,
        [
            (
                "http://x.gov.cn/hdjl/zxzx/1.html",
                day(2025, 4, 1),
                Replied::Yes
            ),
            (
                "http://x.gov.cn/hdjl/zxzx/2.html",
                day(2025, 5, 6),
                Replied::No
            ),
        ]
    );
}

#[test]
fn a_detail_page_with_a_label_value_table() {
    let html = r#"<html><head><title>关于人民路夜间施工噪音扰民的投诉_领导信箱</title></head><body>
        <div class="nav"><a href="/">首页</a></div>
        <table class="xjxq"><tr><td class="bt">留言标题</td><td>关于人民路夜间施工噪音扰民的投诉</td></tr>
        <tr><td class="bt">留言时间</td><td>2025年03月05日 10:21</td></tr>
        <tr><td class="bt">留言内容</td><td>人民路工地每晚施工到凌晨。</td></tr>
        <tr><td class="bt">回复单位</td><td>市城管局</td></tr>
        <tr><td class="bt">回复时间</td><td>2025-07-10</td></tr>
        <tr><td class="bt">回复内容</td><td>您好，已责令停止夜间施工。</td></tr></table>
        <a href="javascript:history.back()">返回列表</a></body></html>"#;
    let messages = read("http://x.gov.cn/hdjl/ldxx/202503/t20250305_1.html", html);
    assert_eq!(messages.len(), 1, "{messages:?}");
    let m = &messages[0];
    assert_eq!(m.url, "http://x.gov.cn/hdjl/ldxx/202503/t20250305_1.html");
    assert_eq!(
        (m.asked, m.answered, m.replied),
        (day(2025, 3, 5), day(2025, 7, 10), Replied::Yes)
    );
    assert!(!m.title.is_empty());
}

#[test]
fn a_detail_page_with_an_empty_reply_block_is_unanswered() {
    let html = r#"<html><body><div class="ly"><p>留言时间：2025-06-02</p><p>留言内容：建议增设非机动车停放点。</p></div>
        <div class="hf"><p>回复内容：暂无回复</p><p>回复时间：</p></div></body></html>"#;
    let m = &read("http://x.gov.cn/hdjl/zxzx/3.html", html)[0];
    assert_eq!(
        (m.asked, m.answered, m.replied),
        (day(2025, 6, 2), None, Replied::No)
    );
    let answered = html
        .replace("暂无回复", "您好，已在人民路增设停放点。")
        .replace("回复时间：", "回复时间：2025-06-20");
    let m = &read("http://x.gov.cn/hdjl/zxzx/3.html", &answered)[0];
    assert_eq!((m.answered, m.replied), (day(2025, 6, 20), Replied::Yes));
}

#[test]
fn pages_without_message_labels_have_no_messages() {
    let html = r#"<html><body><ul><li><a href="/a.html">关于停水的通知</a><span>2025-03-05</span></li></ul>
        <p>感谢您的回复：我们将继续改进。</p></body></html>"#;
    assert!(read("http://x.gov.cn/tzgg/", html).is_empty());
    let words = MessageWords::shipped();
    assert_eq!(words.status_of("未办结"), Replied::No);
    assert_eq!(words.status_of("已办结"), Replied::Yes);
    assert!(!words.is_reply(" 暂无回复 "));
    assert!(words.blank_list().is_none());
}

#[test]
fn a_list_whose_header_is_its_first_item() {
    let html = r#"<html><body><ul class="xxlist">
        <li class="head"><span>信件标题</span><span>提问时间</span><span>回复状态</span></li>
        <li><a href="/hdjl/1.html">咨询户外广告设置审批流程</a><span>2025.04.08</span><span>已答复</span></li>
        <li><a href="/hdjl/2.html">关于老旧小区路灯不亮的反映</a><span>2025.09.30</span><span>待回复</span></li>
        </ul></body></html>"#;
    let seen: Vec<(Option<NaiveDate>, Replied)> = read("http://x.gov.cn/hdjl/", html)
        .iter()
        .map(|m| (m.asked, m.replied))
        .collect();
    assert_eq!(
        seen,
        [
            (day(2025, 4, 8), Replied::Yes),
            (day(2025, 9, 30), Replied::No)
        ]
    );
}

#[test]
fn a_detail_page_with_a_reply_block_under_a_heading() {
    let html = r#"<html><body><div class="ly"><h3>留言内容</h3><p>人行道破损严重。</p>
        <p class="time">提问时间：2025年5月6日</p></div>
        <div class="hf"><h4>答复内容</h4><p>您好，已安排维修。</p><p class="time">答复时间：2025年5月9日</p></div>
        <div class="footer">主办单位：明湖市城市管理局</div></body></html>"#;
    let m = &read("http://x.gov.cn/hdjl/9.html", html)[0];
    assert_eq!(
        (m.asked, m.answered, m.replied),
        (day(2025, 5, 6), day(2025, 5, 9), Replied::Yes)
    );
}
