//! Reading annual reports: sections, tables and Word-exported fixtures.

mod basics {
    use super::super::*;

    #[test]
    fn report_years_come_from_titles() {
        assert_eq!(
            report_year("明湖市城市管理局2024年政府信息公开工作年度报告"),
            Some(2024)
        );
        assert_eq!(
            report_year("2023年度明湖市城管局政府信息公开工作年度报告"),
            Some(2023)
        );
        assert_eq!(report_year("2022年政府信息公开年报"), Some(2022));
        assert_eq!(report_year("2024年政务公开工作要点"), None);
        assert_eq!(
            report_year("关于做好2024年政府信息公开工作年度报告编制工作的通知"),
            None
        );
    }

    #[test]
    fn sections_are_found_by_number_and_keywords() {
        let text = "一、总体情况 …… 二、主动公开政府信息情况 …… 三、收到和处理政府信息公开申请情况 …… 四、政府信息公开行政复议及行政诉讼情况 …… 五、存在问题及改进情况 …… 六、其他需要报告的事项";
        assert_eq!(
            read_report(2024, text, &[], "page", true).sections_found,
            ["一", "二", "三", "四", "五", "六"]
        );
        let partial = read_report(
            2024,
            "一、总体情况 二、主动公开政府信息情况",
            &[],
            "page",
            true,
        );
        assert_eq!(partial.sections_found, ["一", "二"]);
    }

    #[test]
    fn cells_read_blank_slash_and_numbers() {
        assert_eq!(number(""), Ok(None));
        assert_eq!(number("/"), Ok(None));
        assert_eq!(number("1,234"), Ok(Some(1234)));
        assert_eq!(number("12件"), Err(()));
    }

    #[test]
    fn the_overview_is_kept_for_the_narrative_rules() {
        let report = read_report(
            2022,
            "一、总体情况 本年度共收到信息公开申请7件，上年度结转1件。二、主动公开政府信息情况",
            &[],
            "page",
            true,
        );
        assert!(report.overview.starts_with("一、总体情况"));
        assert!(report.overview.contains("收到信息公开申请7件"));
    }
}

mod fixtures {
    use super::super::*;
    use crate::model::extract_page;

    fn read(file: &str) -> ReportContent {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("fixtures/annual-reports")
            .join(file);
        let html = std::fs::read_to_string(path).unwrap();
        let url = url::Url::parse("http://x.gov.cn/xxgk/ndbg/202501/t20250120_1.html").unwrap();
        *extract_page(&url, &html).article.unwrap().report.unwrap()
    }

    #[test]
    fn a_word_exported_2021_report_is_read_whole() {
        let report = read("consistent-2021.html");
        assert_eq!(report.year, 2024);
        assert_eq!(report.sections_found, ["一", "二", "三", "四", "五", "六"]);
        assert_eq!(report.table2, Some(Table2Format::Format2021));
        let t3 = report.table3.as_ref().unwrap();
        assert_eq!(t3.rows.len(), 25);
        assert_eq!(
            t3.row(Table3Row::NewApplications)
                .unwrap()
                .value(Table3Column::Total),
            14069
        );
        assert_eq!(
            t3.row("(三)8").unwrap().value(Table3Column::LegalService),
            1
        );
        assert_eq!(t3.row("(六)3").unwrap().value(Table3Column::Business), 17);
        assert_eq!(
            t3.row(Table3Row::Total)
                .unwrap()
                .value(Table3Column::NaturalPerson),
            13364
        );
        assert_eq!(
            t3.row(Table3Row::CarriedOut)
                .unwrap()
                .value(Table3Column::Total),
            819
        );
        assert_eq!(
            t3.row("(五)3").unwrap().cell(Table3Column::NaturalPerson),
            None,
            "blank cell"
        );
        let t4 = report.table4.as_ref().unwrap();
        assert_eq!(t4.cells.len(), 15);
        assert_eq!(t4.cell(Table4Group::Review, Table4Column::Total), Some(790));
        assert_eq!(
            crate::checks::Checks::defaults()
                .annual_report
                .quoted_applications(&report.overview, &report.text)
                .map(|q| q.number),
            Some(14069)
        );
        assert!(report.unreadable_cells.is_empty());
    }

    #[test]
    fn the_2019_format_is_recognised() {
        let report = read("format-2019.html");
        assert_eq!(report.table2, Some(Table2Format::Format2019));
        let t3 = report.table3.unwrap();
        assert_eq!(t3.rows.len(), 23, "（六）其他处理 is one row in 2019");
        assert!(t3.row("(六)").is_some());
    }
}

mod review_table {
    use super::super::*;
    use scraper::{Html, Selector};

    fn table4(rows: &str) -> Option<ReviewTable> {
        let html = Html::parse_fragment(&format!(
            "<table class=MsoNormalTable><tr><td colspan=5><p class=MsoNormal><span>行政复议</span></p></td><td colspan=10><p class=MsoNormal><span>行政诉讼</span></p></td></tr>{rows}</table>"
        ));
        let table = html
            .select(&Selector::parse("table").unwrap())
            .next()
            .unwrap();
        read_reviews(&Grid::read(table), &mut Vec::new())
    }

    fn row(cells: &[&str]) -> String {
        cells
            .iter()
            .map(|c| format!("<td style='border:solid windowtext 1.0pt'><p class=MsoNormal align=center><span style='font-size:10.0pt'>{c}</span></p></td>"))
            .collect::<String>()
    }

    /// §3.3: Word leaves a row of `&nbsp;` cells under table 四's data row.
    #[test]
    fn table4_reads_the_last_row_holding_numbers_not_a_trailing_blank_row() {
        let data = row(&[
            "1", "0", "0", "1", "3", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0",
        ]);
        let blank = row(&["&nbsp;"; 15]);
        let t4 = table4(&format!(
            "<tr>{data}</tr><tr style='height:15.6pt'>{blank}</tr>"
        ))
        .unwrap();
        assert!(!t4.blank);
        assert_eq!(t4.cell(Table4Group::Review, Table4Column::Total), Some(3));
        assert_eq!(t4.cell(Table4Group::Review, Table4Column::Pending), Some(1));
    }

    #[test]
    fn a_table4_without_a_single_number_is_marked_blank() {
        let blank = row(&["&nbsp;"; 15]);
        let t4 = table4(&format!("<tr>{blank}</tr><tr>{blank}</tr>")).unwrap();
        assert!(t4.blank);
        assert!(t4.cells.iter().all(Option::is_none));
    }
}
