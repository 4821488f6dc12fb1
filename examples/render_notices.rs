//! Writes the three documents of the sample notices (a 交办单, the 催办单 that chases it and
//! the 督办通知单 after that) into a folder, as `gongkai notices` names them, plus one HTML
//! file holding all three: for `scripts/render_documents.sh` to turn into images.
//!
//! `cargo run --example render_notices -- DIR`

use gongkai::rectify::document::{Formats, html, samples, write_all};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = std::env::args()
        .nth(1)
        .ok_or("用法：cargo run --example render_notices -- 目录")?;
    let dir = std::path::Path::new(&dir);
    let notices = samples::all();
    let formats = Formats {
        docx: true,
        html: true,
    };
    write_all(dir, &notices, formats)?;
    std::fs::write(dir.join("全部.html"), html::to_html(&notices))?;
    println!("已写入 {} 份文书到 {}", notices.len(), dir.display());
    Ok(())
}
