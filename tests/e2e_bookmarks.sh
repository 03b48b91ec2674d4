# Sourced by tests/e2e.sh (uses its $Y, $T, check): the bookmarks (outline) of a rendered PDF,
# read back through qpdf, and the PDF/A validity of a file that has them.

bookmarks_of() {
    $Y render "$2" -o "$T/bm-$1.pdf" >/dev/null 2>&1 || { echo "render failed"; return 1; }
    python3 tests/batchjudge.py outline "$T/bm-$1.pdf" "$2"
}
check "bookmarks: 様式1, 様式2 with each 経営課題 and its 戦略, 様式3 (7 issues, qpdf reads them back)" \
    bookmarks_of nishinari tests/plans/nishinari-2022-seven-issues.yaml
check "bookmarks: the complete example (strategies over continuation pages)" \
    bookmarks_of complete plans/examples/complete.yaml
check "bookmarks: PDF/A-1b stays valid with them (Preflight)" tests/preflight.sh "$T/bm-nishinari.pdf"
