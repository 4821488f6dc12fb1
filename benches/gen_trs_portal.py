#!/usr/bin/env python3
"""Writes a realistic TRS-style portal of about 3,000 pages into a folder, for the incremental
re-crawl benchmark (benches/incremental.sh).

  python3 benches/gen_trs_portal.py OUT [--articles 2850] [--columns 20] [--per-page 20]

A home page, a 政府信息公开 hub, `--columns` columns whose lists are paginated the TRS way
(`index.html`, `index_1.html` … with a `createPageHTML(count, current, "index", "html")` script),
and `--articles` article pages of 15–40 KB with the 索引号 / 发布机构 / 成文日期 / 发布日期
table. Deterministic: the same arguments always write the same bytes.
"""

import argparse
import datetime
import os
import random

SITE = "明湖市城市管理局"
COLUMNS = [
    ("zcwj", "政策文件"), ("zcjd", "政策解读"), ("tzgg", "通知公告"), ("gzdt", "工作动态"),
    ("rsxx", "人事信息"), ("czxx", "财政信息"), ("ghjh", "规划计划"), ("jgzn", "机构职能"),
    ("xzxk", "行政许可"), ("xzcf", "行政处罚和行政强制"), ("sfxm", "行政事业性收费"),
    ("zfcg", "政府采购"), ("jyta", "建议提案办理"), ("tjxx", "统计信息"), ("ghgl", "规划管理"),
    ("szgl", "市政管理"), ("hjws", "环境卫生"), ("yllh", "园林绿化"), ("zfjc", "执法检查"),
    ("aqsc", "安全生产"), ("zdxm", "重大项目"), ("ggfw", "公共服务"),
]
# The columns written (the navigation links only to them).
ACTIVE = []
SENTENCES = [
    "为进一步提升城市精细化管理水平，根据有关法律法规和上级部署，结合我市实际，现将有关事项通知如下。",
    "坚持以人民为中心的发展思想，统筹推进城市管理各项工作，确保各项任务落到实处。",
    "各单位要明确责任分工，建立工作台账，按时报送工作进展情况。",
    "请各单位高度重视，认真组织实施，确保取得实效，对工作中遇到的问题及时报告。",
    "加强市容环境卫生管理，严格落实门前三包责任制，持续开展背街小巷环境整治。",
    "强化执法队伍建设，规范执法程序，全面推行行政执法公示、执法全过程记录和重大执法决定法制审核制度。",
    "推进生活垃圾分类工作，完善分类投放、分类收集、分类运输、分类处理体系。",
    "加强户外广告设施和招牌设置管理，消除安全隐患，提升城市形象。",
    "做好冬季除冰雪准备工作，储备融雪物资，落实应急值守制度。",
    "深化放管服改革，优化审批流程，压缩办理时限，提升群众满意度。",
]


def page(title, column_path, body, extra_meta=""):
    nav = "".join(
        f'<li><a href="/xxgk/{code}/">{name}</a></li>' for code, name in ACTIVE
    )
    crumbs = " &gt; ".join(column_path)
    return f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8" />
<title>{title}_{SITE}</title>
<meta name="SiteName" content="{SITE}" />
<meta name="SiteDomain" content="cgj.minghu.gov.cn" />
<meta name="SiteIDCode" content="3299000012" />
{extra_meta}<link href="/images/style.css" rel="stylesheet" type="text/css" />
<script type="text/javascript" src="/images/jquery.min.js"></script>
</head>
<body>
<div class="header">
  <div class="logo"><a href="/"><img src="/images/logo.png" alt="{SITE}" /></a></div>
  <div class="nav"><ul><li><a href="/">网站首页</a></li><li><a href="/xxgk/">政府信息公开</a></li></ul></div>
</div>
<div class="main">
  <div class="dqwz">当前位置：<a href="/">首页</a> &gt; {crumbs}</div>
  <div class="xxgk-left"><h3>政府信息公开</h3><ul class="tree">{nav}</ul></div>
{body}
</div>
<div class="footer">
  <p><a href="http://www.gov.cn/" target="_blank">中国政府网</a> | <a href="/">网站首页</a></p>
  <p>主办单位：{SITE}　地址：明湖市人民路88号　电话：0513-88881234</p>
  <p>网站标识码：3299000012　<a href="https://beian.miit.gov.cn/">苏ICP备05012345号-1</a></p>
</div>
</body>
</html>
"""


def write(root, path, text):
    full = os.path.join(root, path)
    os.makedirs(os.path.dirname(full), exist_ok=True)
    with open(full, "w", encoding="utf-8") as f:
        f.write(text)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    parser.add_argument("--articles", type=int, default=2850)
    parser.add_argument("--columns", type=int, default=20)
    parser.add_argument("--per-page", type=int, default=20)
    args = parser.parse_args()
    rng = random.Random(13)
    columns = COLUMNS[: args.columns]
    ACTIVE[:] = columns
    root = args.out
    write(root, "robots.txt", "User-agent: *\nDisallow: /search/\n")
    start = datetime.date(2025, 11, 28)
    per_column = {code: [] for code, _ in columns}
    for i in range(args.articles):
        code, name = columns[i % len(columns)]
        published = start - datetime.timedelta(days=(i // len(columns)) * 2 + i % 3)
        formed = published - datetime.timedelta(days=rng.randint(1, 15))
        ident = 10000 + i
        path = f"xxgk/{code}/{published:%Y%m}/t{published:%Y%m%d}_{ident}.html"
        title = f"关于{rng.choice(['加强', '做好', '开展', '推进', '规范'])}{name}相关工作的通知（第{ident}号）"
        size = rng.randint(15_000, 40_000)
        paragraphs, length = [], 0
        while length < size - 6_000:
            text = "".join(rng.choice(SENTENCES) for _ in range(rng.randint(2, 5)))
            paragraphs.append(f"<p>{text}</p>")
            length += len(text.encode("utf-8")) + 7
        table = f"""  <table class="xxgk-table" cellpadding="0" cellspacing="0">
  <tr><td class="label">索 引 号：</td><td>11321099MB0A12345X/{published.year}-{ident:05d}</td><td class="label">主题分类：</td><td>城乡建设、环境保护</td></tr>
  <tr><td class="label">发布机构：</td><td>{SITE}</td><td class="label">成文日期：</td><td>{formed:%Y-%m-%d}</td></tr>
  <tr><td class="label">标　　题：</td><td colspan="3">{title}</td></tr>
  <tr><td class="label">文　　号：</td><td>明城管〔{published.year}〕{ident % 200 + 1}号</td><td class="label">发布日期：</td><td>{published:%Y-%m-%d}</td></tr>
</table>
  <div class="article"><h1 class="title">{title}</h1>
    <div class="TRS_Editor">{''.join(paragraphs)}</div>
  </div>"""
        meta = (
            f'<meta name="ColumnName" content="{name}" />\n<meta name="ArticleTitle" content="{title}" />\n'
            f'<meta name="PubDate" content="{published:%Y-%m-%d} 09:30" />\n'
        )
        crumbs = ['<a href="/xxgk/">政府信息公开</a>', f'<a href="/xxgk/{code}/">{name}</a>', title]
        write(root, path, page(title, crumbs, table, meta))
        per_column[code].append((published, title, "/" + path))
    for code, name in columns:
        entries = sorted(per_column[code], reverse=True)
        pages = max(1, -(-len(entries) // args.per_page))
        for n in range(pages):
            chunk = entries[n * args.per_page : (n + 1) * args.per_page]
            items = "\n".join(
                f'    <li><span class="date">{d:%Y-%m-%d}</span><a href="{u}" title="{t}" target="_blank">{t}</a></li>'
                for d, t, u in chunk
            )
            body = f"""  <div class="xxgk-right"><div class="lm-title">{name}</div>
    <ul class="list">
{items}
    </ul>
    <div class="page"><script type="text/javascript">
var currentPage = {n};//所在页从0开始
var countPage = {pages}//共多少页
createPageHTML({pages}, {n}, "index", "html");
</script></div>
  </div>"""
            meta = f'<meta name="ColumnName" content="{name}" />\n'
            crumbs = ['<a href="/xxgk/">政府信息公开</a>', name]
            file = "index.html" if n == 0 else f"index_{n}.html"
            write(root, f"xxgk/{code}/{file}", page(name, crumbs, body, meta))
    hub = "\n".join(f'<li><a href="/xxgk/{c}/">{n}</a></li>' for c, n in columns)
    write(root, "xxgk/index.html", page("政府信息公开", ["政府信息公开"], f'<ul class="hub">{hub}</ul>'))
    latest = sorted((e for es in per_column.values() for e in es), reverse=True)[:10]
    news = "\n".join(f'<li><a href="{u}">{t}</a><span>{d:%Y-%m-%d}</span></li>' for d, t, u in latest)
    write(root, "index.html", page("首页", ["首页"], f'<ul class="hub">{hub}</ul>\n<ul class="news">{news}</ul>'))


if __name__ == "__main__":
    main()
