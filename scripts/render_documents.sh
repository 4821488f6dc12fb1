#!/usr/bin/env bash
# Renders 交办单 / 催办单 / 督办通知单 as PNG images for looking at: each .html with headless
# Chromium (printed to PDF on A4, as a browser prints it), each .docx with LibreOffice (to PDF),
# then every PDF page to PNG with pdftoppm.
#
#   scripts/render_documents.sh [DIR]
#
# DIR holds the documents (as `gongkai notices -o DIR` writes them); without DIR the sample
# notices are written first (cargo run --example render_notices) into target/notices-render/.
# Images go to DIR/png/. Needs chromium, LibreOffice writer and poppler-utils
# (apt-get install -y chromium libreoffice-writer-nogui poppler-utils).
set -euo pipefail

cd "$(dirname "$0")/.."
dir="${1:-}"
if [[ -z "$dir" ]]; then
    dir=target/notices-render
    rm -rf "$dir"
    cargo run --quiet --example render_notices -- "$dir"
fi
for tool in chromium soffice pdftoppm; do
    command -v "$tool" >/dev/null || { echo "缺少 $tool（见脚本开头的安装说明）" >&2; exit 2; }
done

out="$dir/png"
pdf="$dir/pdf"
mkdir -p "$out" "$pdf"
profile="$(mktemp -d)"
lo_profile="$(mktemp -d)"
trap 'rm -rf "$profile" "$lo_profile"' EXIT

shopt -s nullglob
for file in "$dir"/*.html; do
    name="$(basename "$file" .html)"
    chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync \
        --user-data-dir="$profile" --no-pdf-header-footer \
        --print-to-pdf="$pdf/$name.html.pdf" "file://$(realpath "$file")" 2>/dev/null
    pdftoppm -png -r 80 "$pdf/$name.html.pdf" "$out/$name.html"
done
for file in "$dir"/*.docx; do
    soffice -env:UserInstallation="file://$lo_profile" --headless --convert-to pdf \
        --outdir "$pdf" "$file" >/dev/null
    name="$(basename "$file" .docx)"
    mv "$pdf/$name.pdf" "$pdf/$name.docx.pdf"
    pdftoppm -png -r 80 "$pdf/$name.docx.pdf" "$out/$name.docx"
done
ls -1 "$out"
