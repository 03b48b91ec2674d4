#!/bin/sh
# yoshiki end-to-end tests: render real and test plans through ./yoshiki and judge the PDFs
# from the outside with tests/pdfjudge.py (poppler-utils only), compare the layout golden,
# and run the CLI error cases of tests/cli/.
#
#   make e2e                       (or tests/e2e.sh from the repository root)
#   tests/e2e.sh --update-golden   regenerate tests/golden/*.layout.json from the current
#                                  ./yoshiki, then run every check; review `git diff tests/golden`
#                                  before committing: a golden changes only on purpose.
#
# Each check prints `ok - NAME` or `not ok - NAME` (with the judge's report indented under it);
# the last line is `e2e: N passed, M failed`, and the exit status is 1 when M > 0.
# Needs: ./yoshiki (built by `make e2e`), python3, poppler-utils (pdftotext, pdfinfo, pdffonts),
# python3-pikepdf (tests/tagjudge.py, the tagged-PDF judge).
set -u
cd "$(dirname "$0")/.." || exit 2
# English messages unless a case asks for a locale (tests/cli/README: locale:)
LC_ALL=C.UTF-8; export LC_ALL; unset LANGUAGE

Y=./yoshiki
JUDGE="python3 tests/pdfjudge.py"
TAGJUDGE="python3 tests/tagjudge.py"
UPDATE=0
case "${1:-}" in
    --update-golden) UPDATE=1 ;;
    "") ;;
    *) echo "usage: tests/e2e.sh [--update-golden]" >&2; exit 2 ;;
esac

T=$(mktemp -d "${TMPDIR:-/tmp}/yoshiki-e2e.XXXXXX") || exit 2
trap 'rm -rf "$T"' EXIT
trap 'exit 130' INT TERM

PASS=0
FAIL=0
WHY=$T/why

ok()    { PASS=$((PASS + 1)); echo "ok - $1"; }
notok() {
    FAIL=$((FAIL + 1)); echo "not ok - $1"
    if [ -s "$WHY" ]; then sed -n '1,25s/^/#   /p' "$WHY"; fi
}
# check NAME CMD...: the check passes when CMD exits 0; its output explains a failure
check() {
    _cn=$1; shift
    if "$@" >"$WHY" 2>&1; then ok "$_cn"; else notok "$_cn"; fi
    : >"$WHY"
}

for tool in python3 pdftotext pdfinfo pdffonts; do
    command -v "$tool" >/dev/null 2>&1 || { echo "e2e: $tool not found (run tools/install-deps)"; exit 2; }
done
[ -x "$Y" ] || { echo "e2e: $Y not built (run make)"; exit 2; }

# ------------------------------------------------------------------ helpers

# fw DIGITS: half-width digits to full-width
fw() { echo "$1" | sed 'y/0123456789/０１２３４５６７８９/'; }

# era YEAR: the printed fiscal year, 令和４年度 / 令和元年度 / 平成３０年度
era() {
    if [ "$1" -ge 2020 ]; then echo "令和$(fw $(($1 - 2018)))年度"
    elif [ "$1" -eq 2019 ]; then echo "令和元年度"
    else echo "平成$(fw $(($1 - 1988)))年度"; fi
}

# top-level scalar of a plan: key PLAN KEY; the ward's name: wardname PLAN. Read with
# pdfjudge's YAML reader, so a plan in flow style (ward: {name: …}), with a byte order mark
# or CRLF line ends is read as yoshiki reads it
plan_value() {
    python3 -c 'import sys; sys.path.insert(0, "tests"); import pdfjudge
v = pdfjudge.load_yaml(sys.argv[1])
for k in sys.argv[2:]:
    v = v.get(k) if isinstance(v, dict) else None
print("" if v is None else v)' "$@"
}
key() { plan_value "$1" "$2"; }
wardname() { plan_value "$1" ward name; }

# (tr is byte-wise: U+3000 is removed by sed as a whole sequence)
squash() { tr -d ' \t\r\n\f' | sed 's/　//g'; }

pages_of() { pdfinfo "$1" 2>/dev/null | sed -n 's/^Pages:[[:space:]]*//p'; }

# render_ok PLAN PDF: exit 0, nothing on stderr, a PDF written
render_ok() {
    $Y render "$1" --forms 1 -o "$2" 2>"$T/render.err"; rc=$?
    if [ $rc -ne 0 ] || [ -s "$T/render.err" ]; then
        echo "yoshiki render exited $rc"; cat "$T/render.err"; return 1
    fi
    [ -s "$2" ] || { echo "no PDF written"; return 1; }
}

# layout_json PLAN OUT: the layout product, exit 0
layout_json() {
    $Y layout "$1" --json --forms 1 >"$2" 2>"$T/layout.err" || { echo "yoshiki layout failed"; cat "$T/layout.err"; return 1; }
}

# page_count_is PDF N
page_count_is() { n=$(pages_of "$1"); [ "$n" = "$2" ] || { echo "pdfinfo: $n pages, want $2"; return 1; }; }

# pages_match_layout PDF JSON: the PDF has as many pages as the layout product
pages_match_layout() {
    want=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["pages"]))' "$2") || return 1
    page_count_is "$1" "$want"
}

# mark_on_every_page PDF: 【様式１】 on each page
mark_on_every_page() {
    n=$(pages_of "$1"); [ -n "$n" ] || { echo "pdfinfo failed"; return 1; }
    bad=0; i=1
    while [ "$i" -le "$n" ]; do
        pdftotext -f "$i" -l "$i" "$1" - 2>/dev/null | grep -q '【様式１】' || { echo "page $i: no 【様式１】"; bad=1; }
        i=$((i + 1))
    done
    return $bad
}

# title_is PDF PLAN: page 1 carries the era, the ward and （案） exactly when status is draft
title_is() {
    year=$(key "$2" fiscal_year); status=$(key "$2" status); ward=$(wardname "$2")
    want="$(era "$year")　${ward}運営方針"
    have=$(pdftotext -f 1 -l 1 -raw "$1" - 2>/dev/null | squash)
    wsq=$(echo "$want" | squash)
    case "$status" in
        final) case "$have" in *"$wsq（案）"*) echo "final plan printed with （案）"; return 1 ;; esac ;;
        *) wsq="$wsq（案）" ;;
    esac
    case "$have" in *"$wsq"*) return 0 ;; esac
    echo "title $wsq not on page 1 (fiscal_year $year, status ${status:-draft})"; return 1
}

# headings_kept PDF: a heading never ends a page apart from its table (keep_with_next)
headings_kept() {
    n=$(pages_of "$1"); bad=0; i=1
    while [ "$i" -le "$n" ]; do
        t=$(pdftotext -f "$i" -l "$i" -raw "$1" - 2>/dev/null | squash)
        for pair in "重点的に取り組む主な経営課題（様式２）|経営課題の概要" \
                    "「市政改革プラン3.0」に基づく取組等（様式３）|主な取組項目" \
                    "◆自己評価|１年間の取組成果と今後取り組みたいこと"; do
            head=${pair%%|*}; next=${pair#*|}
            case "$t" in
                *"$head"*) case "$t" in
                    *"$head"*"$next"*) ;;
                    *) echo "page $i: heading $head is not followed by $next on the same page"; bad=1 ;;
                   esac ;;
            esac
        done
        i=$((i + 1))
    done
    return $bad
}

# one_program PDF: both families are embedded (pdffonts), through one FontFile2 program (the
# kanji they share are stored once); the font dictionaries are plain objects in the file
one_program() {
    n=$(pdffonts "$1" 2>/dev/null | grep -c 'BIZUDP\{0,1\}Gothic-Regular .* yes yes yes')
    refs=$(grep -ao '/FontFile2 [0-9]* 0 R' "$1" | sort | uniq -c | awk '{print $1}' | tr '\n' ' ')
    [ "$n" = 2 ] && [ "$refs" = "2 " ] || { echo "pdffonts: $n families embedded; FontFile2 references per program: $refs"; return 1; }
}

# program_in_text_order PDF: a program two fonts share holds its glyphs in the order of what
# they draw, over both fonts (a kana's full-width and proportional forms side by side, where
# deflate finds their common outline), not one font's glyphs after the other's
program_in_text_order() {
    python3 - "$1" <<'PY'
import re, sys
sys.path.append("/usr/lib/python3/dist-packages")
import pikepdf
def cmap(data):
    m = {}
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", data, re.S):
        for a, b in re.findall(rb"<([0-9A-F]+)>\s*<([0-9A-F]+)>", block):
            m[int(a, 16)] = bytes.fromhex(b.decode()).decode("utf-16-be")
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", data, re.S):
        for a, b, c in re.findall(rb"<([0-9A-F]+)>\s*<([0-9A-F]+)>\s*<([0-9A-F]+)>", block):
            first = bytes.fromhex(c.decode()).decode("utf-16-be")
            for k in range(int(a, 16), int(b, 16) + 1):
                m[k] = first[:-1] + chr(ord(first[-1]) + k - int(a, 16))
    return m
doc = pikepdf.open(sys.argv[1])
by_program = {}
for page in doc.pages:
    fonts = page.Resources.Font
    for name in fonts.keys():
        font = fonts[name]
        d = font.DescendantFonts[0]
        key = d.FontDescriptor.FontFile2.objgen
        by_program.setdefault(key, {})[str(d.BaseFont)] = cmap(font.ToUnicode.read_bytes())
shared = [fonts for fonts in by_program.values() if len(fonts) > 1]
if not shared:
    sys.exit("no program shared by two fonts")
for fonts in shared:
    text = {}
    for m in fonts.values():
        for code, t in m.items():
            text[code] = min(text.get(code, t), t)
    order = [text[c] for c in sorted(text)]
    bad = [(a, b) for a, b in zip(order, order[1:]) if b < a]
    if bad:
        sys.exit(f"program glyphs not in text order: {bad[:3]} ({len(bad)} steps back)")
PY
}

# own_icc_profile PDF: the output intent carries src/icc.c's profile (no profile file given)
own_icc_profile() {
    python3 - "$1" <<'PY'
import sys
sys.path.append("/usr/lib/python3/dist-packages")
import pikepdf
icc = pikepdf.open(sys.argv[1]).Root.OutputIntents[0].DestOutputProfile.read_bytes()
sys.exit(0 if icc[36:40] == b"acsp" and b"yoshiki sRGB" in icc else 1)
PY
}

# pdf_checks NAME PLAN PDF JSON: the checks every rendered plan gets
pdf_checks() {
    pc_name=$1 pc_plan=$2 pc_pdf=$3 pc_json=$4
    check "$pc_name: 【様式１】 on every page" mark_on_every_page "$pc_pdf"
    check "$pc_name: title (era, ward, draft mark)" title_is "$pc_pdf" "$pc_plan"
    check "$pc_name: kinsoku" $JUDGE kinsoku "$pc_pdf" "$pc_plan"
    check "$pc_name: no overlapping lines" $JUDGE overlap "$pc_pdf"
    check "$pc_name: fonts embedded, subset, with ToUnicode" $JUDGE fonts "$pc_pdf"
    check "$pc_name: headings kept with their tables" headings_kept "$pc_pdf"
    if [ -s "$pc_json" ]; then
        check "$pc_name: layout JSON lines fit and keep kinsoku" $JUDGE layout "$pc_json"
        check "$pc_name: PDF pages = layout pages" pages_match_layout "$pc_pdf" "$pc_json"
        check "$pc_name: no page ends with a lone heading" $JUDGE lone-headings "$pc_json"
        check "$pc_name: no line's characters set far apart" $JUDGE spacing "$pc_pdf" "$pc_json"
        check "$pc_name: tagged in reading order, every plan string reachable" $TAGJUDGE "$pc_pdf" "$pc_json" "$pc_plan"
    fi
}

# ------------------------------------------------------------------ Tsurumi, the seed plan

PLAN=plans/2022/tsurumi.yaml
GOLDEN=tests/golden/tsurumi.layout.json
PDF=$T/tsurumi.pdf
JSON=$T/tsurumi.layout.json
check "tsurumi: renders cleanly" render_ok "$PLAN" "$PDF"
check "tsurumi: layout --json" layout_json "$PLAN" "$JSON"
if [ "$UPDATE" -eq 1 ] && [ -s "$JSON" ]; then
    mkdir -p tests/golden && cp "$JSON" "$GOLDEN" && echo "# updated $GOLDEN"
fi
if [ -s "$PDF" ]; then
    check "tsurumi: exactly 2 pages" page_count_is "$PDF" 2
    check "tsurumi: BIZ UDGothic and BIZ UDPGothic share one font program" one_program "$PDF"
    check "tsurumi: the shared program's glyphs in text order over both fonts" program_in_text_order "$PDF"
    check "tsurumi: every seed paragraph present" $JUDGE contains "$PDF" tests/seed/tsurumi-r4-paragraphs.txt
    check "tsurumi: valid PDF/A-1b (PDFBox Preflight)" tests/preflight.sh "$PDF"
    check "tsurumi: the output intent Preflight accepted is yoshiki's own sRGB profile" own_icc_profile "$PDF"
    check "tsurumi: same input, same bytes" sh -c "SOURCE_DATE_EPOCH=1650000000 $Y render $PLAN -o $T/d1.pdf && SOURCE_DATE_EPOCH=1650000000 $Y render $PLAN -o $T/d2.pdf && cmp $T/d1.pdf $T/d2.pdf"
    pdf_checks tsurumi "$PLAN" "$PDF" "$JSON"
fi
check "tsurumi: layout matches $GOLDEN" diff -u "$GOLDEN" "$JSON"

# tagjudge_refuses PDF JSON PLAN HOW MESSAGE: a copy of PDF broken HOW (no-s: an element loses
# its /S; no-pg: an element holding MCIDs loses its /Pg; parent-tree: a page's /ParentTree
# entry loses its last MCID) is refused by tagjudge with MESSAGE, so the compact structure
# objects stay judged
tagjudge_refuses() {
    python3 - "$1" "$T/broken-$4.pdf" "$4" <<'PY' || return 1
import sys
sys.path.append("/usr/lib/python3/dist-packages")
import pikepdf
src, dst, how = sys.argv[1:]
doc = pikepdf.open(src)
def elements(e):
    k = e.get("/K")
    for c in (list(k) if isinstance(k, pikepdf.Array) else [k] if k is not None else []):
        if isinstance(c, pikepdf.Dictionary) and "/S" in c:
            yield c
            yield from elements(c)
root = doc.Root.StructTreeRoot
if how == "no-s":
    next(e for e in elements(root) if str(e.S) == "/TD").__delitem__("/S")
elif how == "no-pg":
    next(e for e in elements(root) if "/Pg" in e).__delitem__("/Pg")
else:
    nums = root.ParentTree.Nums
    nums[1] = pikepdf.Array(list(nums[1])[:-1])
doc.save(dst)
PY
    out=$($TAGJUDGE "$T/broken-$4.pdf" "$2" "$3")
    [ $? -eq 1 ] && printf '%s\n' "$out" | grep -q -- "$5" || { printf '%s\n' "$out"; return 1; }
}
# judge_refuses_start JSON CHAR: a copy of the layout JSON whose first continuation line
# (a box's second line, no paragraph start) begins with CHAR is refused by pdfjudge layout
judge_refuses_start() {
    python3 - "$1" "$T/start.layout.json" "$2" <<'PY' || return 1
import json, sys
src, dst, c = sys.argv[1:]
doc = json.load(open(src, encoding="utf-8"))
ln = next(b["lines"][1] for p in doc["pages"] for b in p["boxes"]
          if len(b.get("lines", [])) > 1 and not b["lines"][1].get("paragraph_start"))
ln["text"] = c + ln["text"][1:]
json.dump(doc, open(dst, "w", encoding="utf-8"), ensure_ascii=False)
PY
    out=$($JUDGE layout "$T/start.layout.json")
    [ $? -eq 1 ] && printf '%s\n' "$out" | grep -q "starts with '$2'" || { printf '%s\n' "$out"; return 1; }
}
# judge_refuses_spacing PDF JSON: the chief's line without its U+3000 in the layout's text
# leaves a gap of an em the text does not account for, which pdfjudge spacing refuses
judge_refuses_spacing() {
    python3 - "$2" "$T/spacing.layout.json" <<'PY' || return 1
import json, sys
doc = json.load(open(sys.argv[1], encoding="utf-8"))
ln = next(l for p in doc["pages"] for b in p["boxes"] if b["field"] == "ward.chief"
          for l in b["lines"])
ln["text"] = ln["text"].replace("\u3000", "")
json.dump(doc, open(sys.argv[2], "w", encoding="utf-8"), ensure_ascii=False)
PY
    out=$($JUDGE spacing "$1" "$T/spacing.layout.json")
    [ $? -eq 1 ] && printf '%s\n' "$out" | grep -q "ward.chief\|区長" || { printf '%s\n' "$out"; return 1; }
}
if [ -s "$PDF" ] && [ -s "$JSON" ]; then
    check "pdfjudge refuses characters an em apart with no space between them" judge_refuses_spacing "$PDF" "$JSON"
fi
if [ -s "$JSON" ]; then
    check "pdfjudge refuses a continuation line starting with ／" judge_refuses_start "$JSON" "／"
    check "pdfjudge refuses a continuation line starting with ・" judge_refuses_start "$JSON" "・"
fi
if [ -s "$PDF" ] && [ -s "$JSON" ]; then
    check "tagjudge refuses an element without /S" tagjudge_refuses "$PDF" "$JSON" "$PLAN" no-s "no structure element (no /S)"
    check "tagjudge refuses MCIDs of an element without /Pg" tagjudge_refuses "$PDF" "$JSON" "$PLAN" no-pg "has no /Pg"
    check "tagjudge refuses an MCID missing from the /ParentTree" tagjudge_refuses "$PDF" "$JSON" "$PLAN" parent-tree "does not map MCID"
fi

# ------------------------------------------------------------------ test plans by other authors

for plan in tests/plans/*.yaml; do
    [ -e "$plan" ] || continue
    name=$(basename "$plan" .yaml)
    pdf=$T/$name.pdf json=$T/$name.layout.json
    check "$name: renders cleanly" render_ok "$plan" "$pdf"
    check "$name: layout --json" layout_json "$plan" "$json"
    [ -s "$pdf" ] || continue
    check "$name: every printed plan string present" $JUDGE contains-yaml "$pdf" "$plan"
    pdf_checks "$name" "$plan" "$pdf" "$json"
    # every form, as a reader of the whole plan sees it (様式2 and 3 hold most of the text)
    all=$T/$name.all.pdf
    check "$name: every form renders cleanly" $Y render "$plan" -o "$all"
    check "$name: every form keeps kinsoku" $JUDGE kinsoku "$all" "$plan"
    check "$name: every form, no glyph or line drawn over another" $JUDGE overlap "$all"
    check "$name: every form, no line's characters set far apart" sh -c \
        "$Y layout '$plan' --json >'$T/$name.all.json' && $JUDGE spacing '$all' '$T/$name.all.json'"
done

# a table going on over a page break starts the next page with its column head again:
# asahi's twelve 市政改革プラン items take 様式1 onto a second page
head_repeated() {
    t=$(pdftotext -f 2 -l 2 -raw "$1" - 2>/dev/null | squash)
    case "$t" in *"主な取組項目取組内容情報公開の推進"*) return 0 ;; esac
    echo "page 2 does not start the table with its head: $(printf '%s' "$t" | cut -c1-120)"; return 1
}
A=$T/asahi-2022-many-reform-items.pdf
[ -s "$A" ] && check "asahi: the 市政改革プラン table repeats its head on page 2" head_repeated "$A"

# ------------------------------------------------------------------ 様式1–3: every field, and a long plan

# marks_and_numbers PDF JSON: each page carries its form's 【様式N】 and "n / N" within the form
marks_and_numbers() {
    python3 -c 'import json,sys
for p in json.load(open(sys.argv[1]))["pages"]:
    print(p["number"], p["form"][-1], p["form_page"], p["form_pages"])' "$2" >"$T/pages" || return 1
    bad=0
    while read -r page form fp fn; do
        t=$(pdftotext -f "$page" -l "$page" -raw "$1" - 2>/dev/null)
        mark="【様式$(fw "$form")】"
        case "$t" in *"$mark"*) ;; *) echo "page $page: no $mark"; bad=1 ;; esac
        if [ "$form" != 1 ]; then
            case "$t" in *"$fp / $fn"*) ;; *) echo "page $page: no page number $fp / $fn"; bad=1 ;; esac
        fi
    done <"$T/pages"
    return $bad
}

# has_text PDF TEXT
has_text() { pdftotext -raw "$1" - 2>/dev/null | grep -qF -- "$2" || { echo "no '$2' in the PDF"; return 1; }; }

# forms_in_order JSON: 様式1, then 2, then 3
forms_in_order() {
    python3 -c 'import json,sys
f=[p["form"] for p in json.load(open(sys.argv[1]))["pages"]]
sys.exit(0 if f == sorted(f) and set(f) == {"yoshiki1","yoshiki2","yoshiki3"} else print(f) or 1)' "$1"
}

all_forms_checks() {
    af_name=$1 af_plan=$2 af_pdf=$T/$1.pdf af_json=$T/$1.layout.json
    check "$af_name: renders every form" sh -c "$Y render '$af_plan' -o '$af_pdf' 2>&1 && [ -s '$af_pdf' ]"
    check "$af_name: layout --json" sh -c "$Y layout '$af_plan' --json >'$af_json'"
    [ -s "$af_pdf" ] && [ -s "$af_json" ] || return 0
    check "$af_name: 様式1, 2, 3 in that order" forms_in_order "$af_json"
    check "$af_name: 【様式N】 and page n / N on every page" marks_and_numbers "$af_pdf" "$af_json"
    check "$af_name: kinsoku" $JUDGE kinsoku "$af_pdf"
    check "$af_name: no overlapping lines" $JUDGE overlap "$af_pdf"
    check "$af_name: fonts embedded, subset, with ToUnicode" $JUDGE fonts "$af_pdf"
    check "$af_name: layout JSON lines fit and keep kinsoku" $JUDGE layout "$af_json"
    check "$af_name: no line's characters set far apart" $JUDGE spacing "$af_pdf" "$af_json"
    check "$af_name: every plan string in the layout" $JUDGE layout-yaml "$af_json" "$af_plan"
    check "$af_name: PDF pages = layout pages" pages_match_layout "$af_pdf" "$af_json"
    check "$af_name: no page ends with a lone heading" $JUDGE lone-headings "$af_json"
    check "$af_name: tagged in reading order, every plan string reachable" $TAGJUDGE "$af_pdf" "$af_json" "$af_plan"
}

EXAMPLE=plans/examples/complete.yaml
all_forms_checks example "$EXAMPLE"
check "example: every plan string in the PDF" $JUDGE contains-yaml "$T/example.pdf" "$EXAMPLE"
check "example: valid PDF/A-1b (PDFBox Preflight)" tests/preflight.sh "$T/example.pdf"
check "example: --forms 2 is 様式2 alone" sh -c "$Y render $EXAMPLE --forms 2 -o $T/f2.pdf && ! pdftotext $T/f2.pdf - | grep -q '【様式１】' && pdftotext $T/f2.pdf - | grep -q '【様式２】'"
check "example: --forms 1,3 leaves 様式2 out" sh -c "$Y render $EXAMPLE --forms 1,3 -o $T/f13.pdf && ! pdftotext $T/f13.pdf - | grep -q '【様式２】' && pdftotext $T/f13.pdf - | grep -q '【様式３】'"
if [ "$UPDATE" -eq 1 ] && [ -s "$T/example.layout.json" ]; then
    cp "$T/example.layout.json" tests/golden/example.layout.json && echo "# updated tests/golden/example.layout.json"
fi
check "example: layout matches tests/golden/example.layout.json" diff -u tests/golden/example.layout.json "$T/example.layout.json"

python3 tests/longplan.py "$EXAMPLE" "$T/long.yaml"
all_forms_checks long "$T/long.yaml"
check "long: blocks continue under （続き） headers" has_text "$T/long.pdf" "（続き）"
# a text cut over a page break reads on in content order (copying, pdftotext -raw): the part
# that ends a page is drawn last on it and the rest first on the next
check "long: every plan string in the PDF, cut ones too" $JUDGE contains-yaml "$T/long.pdf" "$T/long.yaml"
check "tsurumi: 様式3 with no items prints one row of －" sh -c "$Y render plans/2022/tsurumi.yaml --forms 3 -o $T/t3.pdf && pdftotext -raw $T/t3.pdf - | grep -q '－'"

# ------------------------------------------------------------------ typesetting: 両端揃え, widows
# Every plan we have (and the generated long one): at least 98 % of the lines that do not end
# a paragraph are set to their cell's width, at most 1 % of multi-line paragraphs end in a
# line of 1–2 characters, and the PDF's justified lines end where the layout says.
check "typeset: justified lines, no lone last characters, PDF follows layout (tests/typeset.py)" \
    python3 tests/typeset.py -v --pdf --yoshiki "$Y" plans/2022/tsurumi.yaml "$EXAMPLE" \
    tests/plans/*.yaml "$T/long.yaml"

# ------------------------------------------------------------------ limits, values, output targets, signals

. tests/e2e_reliability.sh

# ------------------------------------------------------------------ every character a ward writes

# tests/glyphs/glyphs.yaml: 𠮷 (U+20BB7, in no bundled font) and 辻 + U+E0100 in ward.chief,
# 𠀋 (U+2000B) and 葛 + U+E0100 in goal, 𠮷 in an initiative title.
GP=tests/glyphs/glyphs.yaml
GPDF=$T/glyphs.pdf
VS=$(printf '\363\240\204\200') # U+E0100 in UTF-8

glyphs_render() {
    $Y render "$GP" --forms 1 -o "$GPDF" 2>"$T/glyphs.err"; rc=$?
    [ $rc -eq 0 ] && [ -s "$GPDF" ] || { echo "exit $rc"; cat "$T/glyphs.err"; return 1; }
    ! grep -q 'error' "$T/glyphs.err" || { cat "$T/glyphs.err"; return 1; }
}
# every written character comes back out of the PDF (辻 and 葛 with their selector)
glyphs_extract() {
    pdftotext -raw "$GPDF" "$T/glyphs.txt" 2>"$T/glyphs.pt.err" || return 1
    [ ! -s "$T/glyphs.pt.err" ] || { echo "poppler:"; cat "$T/glyphs.pt.err"; return 1; }
    t=$(squash <"$T/glyphs.txt")
    for want in "（区長：𠮷田辻${VS}子）" "𠀋を受け継ぎ、葛${VS}飾の縁も大切に" "𠮷田地区の地域福祉力の向上"; do
        case "$t" in *"$want"*) ;; *) echo "not extracted: $want"; return 1 ;; esac
    done
}
# every font embedded, subset and with ToUnicode, and poppler says nothing
fonts_all_unicode() {
    pdffonts "$1" >"$T/pf.out" 2>"$T/pf.err" || return 1
    [ ! -s "$T/pf.err" ] || { cat "$T/pf.err"; return 1; }
    n=$(tail -n +3 "$T/pf.out" | wc -l)
    bad=$(tail -n +3 "$T/pf.out" | awk '$(NF-4) != "yes" || $(NF-3) != "yes" || $(NF-2) != "yes"')
    [ "$n" -ge 3 ] && [ -z "$bad" ] || { cat "$T/pf.out"; return 1; }
}
# the page with the selectors is drawn differently (the variant glyphs) from the same plan
# without them, while the same plan twice gives the same pixels
selectors_change_pixels() {
    python3 -c 'import sys; open(sys.argv[2], "w").write(open(sys.argv[1]).read().replace("\U000E0100", ""))' "$GP" "$T/plain.yaml" || return 1
    $Y render "$T/plain.yaml" --forms 1 -o "$T/plain.pdf" 2>/dev/null || return 1
    $Y render "$GP" --forms 1 -o "$T/again.pdf" 2>/dev/null || return 1
    for n in glyphs plain again; do pdftoppm -r 150 -f 1 -l 1 -gray "$T/$n.pdf" "$T/px-$n" || return 1; done
    cmp -s "$T/px-glyphs-1.pgm" "$T/px-again-1.pgm" || { echo "the same plan drew different pixels"; return 1; }
    ! cmp -s "$T/px-glyphs-1.pgm" "$T/px-plain-1.pgm" || { echo "the selectors changed nothing on the page"; return 1; }
}
check "glyphs: renders (exit 0, warnings only)" glyphs_render
check "glyphs: render warns naming 𠮷, its code point, the cell and the fallback font" grep -qF "glyphs.yaml:10:10: warning: 様式1 区長: '𠮷' (U+20BB7) is not in the font BIZ UDGothic; it is set in MigMix 1P" "$T/glyphs.err"
# a cell measured twice (a heading repeated, kept with what follows) still says it once
check "glyphs: every form, each fallback warning once" sh -c "$Y render $GP -o $T/glyphs-all.pdf 2>$T/glyphs-all.err >/dev/null && grep -q 'MigMix 1P' $T/glyphs-all.err && [ -z \"\$(sort $T/glyphs-all.err | uniq -d)\" ]"
# a character no font has, in the ward's name, is printed by every form's title or running
# head: it is said once per character, at the name's line and column, naming the first cell
one_message_per_character() {
    sed 's/^  name: 鶴見区/  name: 한국区/' plans/2022/tsurumi.yaml >"$T/hangul.yaml"
    $Y render "$T/hangul.yaml" -o "$T/hangul.pdf" 2>"$T/hangul.err"
    [ $? -eq 1 ] && [ ! -e "$T/hangul.pdf" ] || { echo "expected exit 1 and no PDF"; return 1; }
    n=$(grep -c "error: .* is in no font" "$T/hangul.err")
    [ "$n" -eq 2 ] && grep -q "hangul.yaml:8:9: error: 様式1 表題: the character '한' (U+D55C)" "$T/hangul.err" &&
        grep -q "'국' (U+AD6D)" "$T/hangul.err" || { echo "$n messages:"; cat "$T/hangul.err"; return 1; }
}
check "a character in no font: one message per character, not per form" one_message_per_character
check "glyphs: check names the fallback font for 𠮷" sh -c "$Y check $GP --forms 1 2>&1 | grep -qF \"'𠮷' (U+20BB7) is not in the font BIZ UDPGothic; it is set in MigMix 1P\""
# template fallbacks open on first need: one that does not exist fails (exit 3, named) the
# plan that needs it, and a plan that needs none renders
missing_fallback() {
    mkdir -p "$T/nofb" && cp forms/*.yaml "$T/nofb/" || return 1
    sed -i 's/^fallbacks: .*/fallbacks: [No Such Family Yoshiki]/' "$T/nofb/yoshiki1.yaml" || return 1
    YOSHIKI_FORMS="$T/nofb" $Y render plans/2022/tsurumi.yaml --forms 1 -o "$T/nofb/t.pdf" 2>/dev/null || { echo "a plan needing no fallback failed"; return 1; }
    YOSHIKI_FORMS="$T/nofb" $Y render "$GP" --forms 1 -o "$T/nofb/g.pdf" 2>"$T/nofb/err"
    rc=$?
    [ "$rc" = 3 ] || { echo "exit $rc, not 3"; return 1; }
    grep -qF "font family 'No Such Family Yoshiki' not found" "$T/nofb/err" || { cat "$T/nofb/err"; return 1; }
}
check "glyphs: a missing template fallback is reported when a character needs it" missing_fallback
if [ -s "$GPDF" ]; then
    check "glyphs: pdftotext gives back 𠮷, 辻󠄀, 𠀋, 葛󠄀" glyphs_extract
    check "glyphs: every font embedded, subset, with ToUnicode; poppler silent" fonts_all_unicode "$GPDF"
    check "glyphs: selectors draw their variant glyphs" selectors_change_pixels
    check "glyphs: valid PDF/A-1b (PDFBox Preflight)" tests/preflight.sh "$GPDF"
fi
$Y layout "$GP" --json --forms 1 >"$T/glyphs.layout.json" 2>/dev/null
if [ "$UPDATE" -eq 1 ] && [ -s "$T/glyphs.layout.json" ]; then
    cp "$T/glyphs.layout.json" tests/golden/glyphs.layout.json && echo "# updated tests/golden/glyphs.layout.json"
fi
check "glyphs: layout matches tests/golden/glyphs.layout.json" diff -u tests/golden/glyphs.layout.json "$T/glyphs.layout.json"
# ------------------------------------------------------------------ bookmarks

. tests/e2e_bookmarks.sh

# ------------------------------------------------------------------ batch, manifest, book

. tests/e2e_batch.sh

# ------------------------------------------------------------------ CLI error cases

# run_case FILE: see tests/cli/README for the format
run_case() {
    case_file=$1
    dir=tests/cli
    outdir=$T/cli-$(basename "$case_file" .case)
    mkdir -p "$outdir"
    out=$outdir/out.pdf
    before=$(ls -a "$dir")
    args="" want_exit="" nooutput=0 loc=$LC_ALL files="" quiet=0 envs=""
    : >"$T/frag"
    while IFS= read -r line || [ -n "$line" ]; do
        line=$(printf '%s' "$line" | sed -e "s|{dir}|$dir|g" -e "s|{outdir}|$outdir|g" -e "s|{out}|$out|g")
        case "$line" in
            "#"*|"") ;;
            run:*) args=${line#run:} ;;
            exit:*) want_exit=$(echo "${line#exit:}" | tr -d ' ') ;;
            stderr:*) printf 'stderr\t%s\n' "$(echo "${line#stderr:}" | sed 's/^ //')" >>"$T/frag" ;;
            stdout:*) printf 'stdout\t%s\n' "$(echo "${line#stdout:}" | sed 's/^ //')" >>"$T/frag" ;;
            no-output) nooutput=1 ;;
            locale:*) loc=$(echo "${line#locale:}" | tr -d ' ') ;;
            env:*) envs="$envs $(echo "${line#env:}" | tr -d ' ')" ;;
            stdout-empty) quiet=1 ;;
            file:*) files="$files $(echo "${line#file:}" | tr -d ' ')" ;;
            *) echo "$case_file: unknown directive: $line"; return 1 ;;
        esac
    done <"$case_file"
    # shellcheck disable=SC2086 # the arguments are split on blanks by design
    # shellcheck disable=SC2086 # NAME=VALUE words, split on blanks by design
    LC_ALL=$loc env $envs $Y $args >"$T/case.out" 2>"$T/case.err"
    rc=$?
    bad=0
    if [ "$rc" != "$want_exit" ]; then echo "exit $rc, want $want_exit"; bad=1; fi
    while IFS="$(printf '\t')" read -r stream frag; do
        if ! grep -qF -- "$frag" "$T/case.$( [ "$stream" = stderr ] && echo err || echo out)"; then
            echo "$stream lacks: $frag"; bad=1
        fi
    done <"$T/frag"
    if [ "$quiet" -eq 1 ] && [ -s "$T/case.out" ]; then echo "stdout not empty: $(head -2 "$T/case.out")"; bad=1; fi
    for f in $files; do
        [ -s "$outdir/$f" ] || { echo "no file $f in the output directory (has: $(ls -A "$outdir"))"; bad=1; }
    done
    if [ "$nooutput" -eq 1 ]; then
        left=$(ls -A "$outdir")
        if [ -n "$left" ]; then echo "left behind in the output directory: $left"; bad=1; fi
        if [ "$(ls -a "$dir")" != "$before" ]; then echo "new files in $dir"; bad=1; fi
    fi
    if [ "$bad" -ne 0 ]; then
        echo "command: yoshiki$args"; echo "stderr:"; sed -n '1,8p' "$T/case.err"
    fi
    return $bad
}

check "messages: every one has its Japanese translation (tools/po-check)" tools/po-check

# ------------------------------------------------------------------ the plan format's JSON Schema

check "schema: schema/unei-hoshin-1.schema.json is what yoshiki schema prints (make schema)" \
    sh -c "$Y schema | diff -u schema/unei-hoshin-1.schema.json -"
check "schema: every good plan valid, every expressible fault invalid, as yoshiki judges" \
    python3 tests/schema/check.py "$Y" plans/examples/complete.yaml plans/2022/tsurumi.yaml tests/plans/*.yaml

# ------------------------------------------------------------------ yoshiki new

# new_then_filled WARD: the skeleton fails only for the three required texts left empty; with
# them written it is a plan yoshiki accepts, the schema validates, and that renders
new_then_filled() {
    $Y new "$1" --year 2023 >"$T/new.yaml" || return 1
    $Y check "$T/new.yaml" >/dev/null 2>"$T/new.err"
    empty=$(grep -c 'required value is empty' "$T/new.err"); all=$(grep -c . "$T/new.err")
    [ "$empty" = 3 ] && [ "$all" = 3 ] || { echo "unfilled skeleton:"; cat "$T/new.err"; return 1; }
    sed -e 's/^  chief:$/  chief: 区長　太郎/' -e 's/^goal:$/goal: だれもが安心して暮らせるまち/' \
        -e 's/^mission:$/mission: 区民の暮らしを支える/' "$T/new.yaml" >"$T/filled.yaml"
    $Y check "$T/filled.yaml" >/dev/null || return 1
    python3 -c 'import json,sys,yaml,jsonschema
jsonschema.validate(yaml.safe_load(open(sys.argv[2])), json.load(open(sys.argv[1])))' \
        schema/unei-hoshin-1.schema.json "$T/filled.yaml" || return 1
    $Y render "$T/filled.yaml" -q -o "$T/filled.pdf" && [ -s "$T/filled.pdf" ]
}
check "new: 鶴見区 --year 2023, filled in, is a plan yoshiki and the schema accept" new_then_filled 鶴見区
# every ward of the table, by slug: its code passes the check digit, its name prints
every_ward_new() {
    wards=0
    for slug in $(sed -n 's/.*code:.*slug: *\([a-z-]*\).*/\1/p' forms/wards.yaml); do
        new_then_filled "$slug" || { echo "ward $slug"; return 1; }
        wards=$((wards + 1))
    done
    [ "$wards" = 24 ] || { echo "$wards wards in forms/wards.yaml, want 24"; return 1; }
}
check "new: a skeleton for each of the 24 wards is accepted once filled" every_ward_new
check "messages: the ja_JP.UTF-8 locale exists (tools/install-deps makes it)" sh -c "locale -a | grep -qix 'ja_JP.utf-\{0,1\}8'"

for c in tests/cli/*.case; do
    [ -e "$c" ] || continue
    check "cli: $(basename "$c" .case)" run_case "$c"
done

echo "e2e: $PASS passed, $FAIL failed"
[ "$FAIL" -eq 0 ]
