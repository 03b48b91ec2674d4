#!/usr/bin/env python3
"""pdfjudge — yoshiki's own outside judge of a rendered form.

It reads a PDF only through poppler-utils (pdftotext, pdffonts, pdfinfo) and never
through yoshiki's code, so a bug in yoshiki cannot hide itself from it. Python 3
standard library only.

  pdfjudge.py kinsoku       PDF [PLAN.yaml] JIS X 4051 line-break rules on the PDF's lines;
                                            with the plan, a line that begins one of its
                                            paragraphs may begin with ・
  pdfjudge.py overlap       PDF             no two text lines drawn over each other
  pdfjudge.py contains      PDF TEXT...     every paragraph (blank-line separated) of each
                                            TEXT file is in `pdftotext -raw`, whitespace ignored
  pdfjudge.py contains-yaml PDF PLAN.yaml   every printed string value of the plan is there
  pdfjudge.py fonts         PDF             every font embedded, subset, with ToUnicode, and
                                            pdftotext prints nothing on stderr
  pdfjudge.py layout-yaml   JSON PLAN.yaml  every printed string value is in the layout, each
                                            field's lines joined across pages
  pdfjudge.py layout        JSON            `yoshiki layout --json`: every line fits its box
                                            and keeps the same line-break rules
  pdfjudge.py lone-headings JSON            no page of a form but its last ends with a row of
                                            headings or labels only (by the boxes' "role")
  pdfjudge.py spacing       PDF JSON        no line of the PDF (found by the layout's lines)
                                            has two characters 3/4 em or more apart without a
                                            space between them in the text: a line justified
                                            over too few joints reads as separate words

Exit 0 when clean, 1 with one line per problem and a summary as the last line, 2 on
bad use or when a poppler tool cannot run.

How the PDF is read. poppler's own lines may join two cells that share a baseline, so
the judge splits a poppler line where a word starts on a column edge (an x where other
lines start too), then regroups lines into cells: same left edge, one line pitch apart.
Within a cell, a line "continues" the previous one when the previous line reaches the
cell's right edge (the widest line of the cell) to within 2.5 em; only a continuing line
is held to the no-start rule, so a paragraph or a `・` bullet may begin anywhere.
A cell of short lines only (a `|` block of bullets) reaches no edge, so its widest line
looks full: given the plan, a line that begins one of the plan's paragraphs (the text
after a line break in a value) is a paragraph start whatever its neighbours' widths.
A Latin/digit token is reported split only when the line before it is full to within one
glyph of the next line's first character: a greedy filler that breaks inside a token
leaves less room than that, while a break at a space between two words may leave more.
The layout check needs no such inference: it uses `paragraph_start` and the line text.
"""
import json
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

# JIS X 4051 (JLReq cl. 3.1.7 / 3.1.8): may not begin a line — closing brackets,
# 、。，．・：；？！ and their half-width forms, ー, small kana, iteration marks, hyphens.
NO_START = set(
    "）〕］｝〉》」』】〙〗〟’”｠»)]}"      # closing brackets and quotes
    "＞≫>"                               # as offices close ＜重点＞ ≪新規≫
    "、。，．,.・：；？！:;?!‼⁇⁈⁉／"       # punctuation, middle dot, full-width solidus
    "ーｰ～〜‐゠–"                         # prolonged sound mark, wave dash, hyphens
    "ぁぃぅぇぉっゃゅょゎゕゖ"               # small hiragana
    "ァィゥェォッャュョヮヵヶㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿ"  # small katakana
    "ｧｨｩｪｫｬｭｮｯ｡､｣ﾞﾟ"                    # half-width forms
    "々〻ゝゞヽヾ"                          # iteration marks
)
# may not end a line: opening brackets and quotes
NO_END = set("（〔［｛〈《「『【〘〖〝‘“｟«([{｢＜≪<")
# characters of a token that must stay on one line (SDGｓ, 28,523, 3.0, ＩＣＴ)
ALNUM = "0-9A-Za-z０-９Ａ-Ｚａ-ｚ"
TOKEN_RUN = re.compile(r"[%s](?:[%s]|[,.，．](?=[0-9０-９]))*" % (ALNUM, ALNUM))
# an amount with its unit: 28,523千円, 5,423円, 25％, 3.5%, 100㎡, ２５℃ (JIS X 4051's postfixed
# abbreviations)
AMOUNT = re.compile(r"[0-9０-９][0-9０-９,，.．]*\s*(?:千円|万円|億円|円|％|%|[‰°′″℃℉¢￠ℓ㏋㌀-㍗㍱-㍺㎀-㏟])")
# a sign and its figure: △12.3, ▲1,234, ＋4.4, －3.1, ≧80 (the offices write △ ▲ for minus)
SIGNED = re.compile(r"[＋－△▲▽▼±+−≦≧≤≥〒〶][0-9０-９][0-9０-９,，.．]*")
# a fraction or a ratio: １／２, ３：１
FRACTION = re.compile(r"[0-9０-９]+[／∕：][0-9０-９]+")
SENTENCE_END = set("。．.！!？?」』）)】")
XHTML = "{http://www.w3.org/1999/xhtml}"


def fail_use(msg):
    print(f"pdfjudge: {msg}", file=sys.stderr)
    sys.exit(2)


def run(cmd):
    try:
        p = subprocess.run(cmd, capture_output=True)
    except FileNotFoundError:
        fail_use(f"{cmd[0]} not found (install poppler-utils)")
    return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")


# ---------------------------------------------------------------- reading the PDF

class Line:
    __slots__ = ("page", "text", "x0", "y0", "x1", "y1", "words")

    def __init__(self, page, words):
        self.page = page
        self.words = words                       # [(text, x0, y0, x1, y1)]
        self.text = "".join(w[0] for w in words)
        self.x0 = min(w[1] for w in words)
        self.y0 = min(w[2] for w in words)
        self.x1 = max(w[3] for w in words)
        self.y1 = max(w[4] for w in words)

    @property
    def h(self):
        return self.y1 - self.y0


def poppler_lines(pdf):
    """{page: [[words of one poppler line], ...]} from pdftotext -bbox-layout."""
    code, out, err = run(["pdftotext", "-bbox-layout", pdf, "-"])
    if code != 0:
        fail_use(f"pdftotext failed on {pdf}: {err.strip()}")
    root = ET.fromstring(out)
    pages = {}
    for pno, page in enumerate(root.iter(XHTML + "page"), 1):
        rows = pages.setdefault(pno, [])
        for line in page.iter(XHTML + "line"):
            words = []
            for w in line.iter(XHTML + "word"):
                box = tuple(float(w.get(k)) for k in ("xMin", "yMin", "xMax", "yMax"))
                words.append((w.text or "",) + box)
            if words:
                rows.append(words)
    return pages


def page_lines(pdf):
    """{page: [Line]}, poppler's lines split at column edges."""
    result = {}
    for pno, rows in poppler_lines(pdf).items():
        # column edges: x positions where at least two poppler lines begin
        starts = {}
        for words in rows:
            key = round(words[0][1], 1)
            starts[key] = starts.get(key, 0) + 1
        edges = [x for x, n in starts.items() if n >= 2]
        lines = []
        for words in rows:
            cur = [words[0]]
            for prev, w in zip(words, words[1:]):
                gap = w[1] - prev[3]
                if gap > 2.0 and any(abs(w[1] - e) < 0.3 for e in edges):
                    lines.append(Line(pno, cur))
                    cur = []
                cur.append(w)
            lines.append(Line(pno, cur))
        result[pno] = lines
    return result


def cells(lines):
    """Group one page's lines into cells: same left edge, one line pitch apart."""
    groups = []
    for ln in sorted(lines, key=lambda l: (l.y0, l.x0)):
        for g in groups:
            last = g[-1]
            if (abs(last.x0 - ln.x0) < 0.3 and abs(last.h - ln.h) < 0.3
                    and 0 < ln.y0 - last.y0 <= 1.6 * ln.h):
                g.append(ln)
                break
        else:
            groups.append([ln])
    return groups


# ---------------------------------------------------------------- line-break rules

def token_split(tail, head):
    """Does a token (Latin word, number, amount with its unit) cross tail|head?"""
    joined = tail + head
    cut = len(tail)
    for rx in (TOKEN_RUN, AMOUNT, SIGNED, FRACTION):
        for m in rx.finditer(joined):
            if m.start() < cut < m.end():
                return m.group(0)
    return None


def paragraph_heads(plan_path):
    """The squashed start of every paragraph of the plan's string values."""
    if not plan_path:
        return []
    try:
        plan = load_yaml(plan_path)
    except (OSError, ValueError) as e:
        fail_use(f"cannot read {plan_path}: {e}")
    strings = []
    _strings(plan, strings)
    return [squash(p) for s in strings for p in s.split("\n") if squash(p)]


def starts_paragraph(text, heads):
    head = squash(text)[:12]
    return bool(head) and any(h.startswith(head) for h in heads)


def check_kinsoku(pdf, plan_path=None):
    heads = paragraph_heads(plan_path)
    bad = []
    for pno, lines in page_lines(pdf).items():
        for cell in cells(lines):
            right = max(l.x1 for l in cell)
            for prev, cur in zip(cell, cell[1:]):
                em = cur.h
                gap = right - prev.x1
                cont = gap <= 2.5 * em                 # prev reaches the edge: cur continues it
                if prev.text and prev.text[-1] in NO_END:
                    bad.append(f"p{pno}: line ends with {prev.text[-1]!r}: …{prev.text[-20:]}")
                if not cont or not cur.text or not prev.text:
                    continue
                c = cur.text[0]
                if c in NO_START and not (c == "・" and (prev.text[-1] in SENTENCE_END or
                                                        starts_paragraph(cur.text, heads))):
                    bad.append(f"p{pno}: line starts with {c!r}: {cur.text[:20]}…")
                tok = token_split(prev.text[-16:], cur.text[:16])
                if tok:
                    first = cur.words[0]
                    glyph = (first[3] - first[1]) / max(len(first[0]), 1)
                    if AMOUNT.fullmatch(tok) or SIGNED.fullmatch(tok) or FRACTION.fullmatch(tok) \
                            or gap < glyph + 0.5:
                        bad.append(f"p{pno}: token split across lines: {prev.text[-12:]} / {cur.text[:12]}")
    return bad


def overlapping_words(pdf):
    """Words of one baseline and size whose boxes (their glyphs' widths as the PDF gives them)
    reach into each other: set closer than their /W widths, a text extractor splits them and
    may read the second on a line of its own."""
    bad = []
    for pno, rows in poppler_lines(pdf).items():
        runs = {}
        for w in (w for words in rows for w in words):
            runs.setdefault((round(w[2], 1), round(w[4], 1)), []).append(w)
        for words in runs.values():
            words.sort(key=lambda w: w[1])
            for a, b in zip(words, words[1:]):
                if b[1] < a[3] - 0.5:
                    bad.append(f"p{pno}: glyphs drawn over each other by {a[3] - b[1]:.1f} pt: "
                               f"{a[0][-8:]!r} / {b[0][:8]!r}")
    return bad


def check_overlap(pdf):
    bad = overlapping_words(pdf)
    for pno, lines in page_lines(pdf).items():
        for i, a in enumerate(lines):
            for b in lines[i + 1:]:
                w = min(a.x1, b.x1) - max(a.x0, b.x0)
                h = min(a.y1, b.y1) - max(a.y0, b.y0)
                if w > 0.5 and h > 0.5:
                    bad.append(f"p{pno}: lines overlap by {w:.1f}×{h:.1f} pt: "
                               f"{a.text[:16]!r} / {b.text[:16]!r}")
    return bad


def check_layout(path):
    try:
        doc = json.load(open(path, encoding="utf-8"))
    except (OSError, ValueError) as e:
        fail_use(f"cannot read {path}: {e}")
    bad = []
    for page in doc.get("pages", []):
        pno = page.get("number", "?")
        for box in page.get("boxes", []):
            where = f"p{pno} {box.get('cell') or box.get('field', '?')}"
            inner = box["w"] - 2 * box["padding"]
            lines = box.get("lines", [])
            for i, ln in enumerate(lines):
                text = ln.get("text", "")
                if ln["width"] > inner + 0.01:
                    bad.append(f"{where}: line {i + 1} is {ln['width']:.2f} pt wide, "
                               f"box holds {inner:.2f}: {text[:20]}…")
                if ln.get("x", box["x"]) < box["x"] - 0.01 or \
                        ln.get("x", box["x"]) + ln["width"] > box["x"] + box["w"] + 0.01:
                    bad.append(f"{where}: line {i + 1} drawn outside its box: {text[:20]}…")
                if not text:
                    continue
                if i > 0 and not ln.get("paragraph_start", False) and text[0] in NO_START:
                    bad.append(f"{where}: line {i + 1} starts with {text[0]!r}: {text[:20]}…")
                # U+3000 at a break: an indent where no paragraph starts, or an em of blank
                # before the cell's edge
                if i > 0 and not ln.get("paragraph_start", False) and text[0] == "\u3000":
                    bad.append(f"{where}: line {i + 1} starts with U+3000 (reads as an indent): "
                               f"{text[:20]}…")
                if i + 1 < len(lines):
                    nxt = lines[i + 1]
                    if nxt.get("paragraph_start", False) or not nxt.get("text"):
                        continue
                    if text[-1] in NO_END:
                        bad.append(f"{where}: line {i + 1} ends with {text[-1]!r}: …{text[-20:]}")
                    if text[-1] == "\u3000":
                        bad.append(f"{where}: line {i + 1} ends with U+3000 (an em of blank): "
                                   f"…{text[-20:]}")
                    if text[-1].isspace() or nxt["text"][0].isspace():
                        continue                      # broken at a space: not inside a token
                    if token_split(text[-16:], nxt["text"][:16]):
                        bad.append(f"{where}: token split after line {i + 1}: "
                                   f"{text[-12:]} / {nxt['text'][:12]}")
    return bad


# ---------------------------------------------------------------- contents

def squash(s):
    return re.sub(r"\s+", "", s)


def raw_text(pdf):
    code, out, err = run(["pdftotext", "-raw", pdf, "-"])
    if code != 0:
        fail_use(f"pdftotext failed on {pdf}: {err.strip()}")
    return out


def check_contains(pdf, files):
    have = squash(raw_text(pdf))
    bad = []
    for f in files:
        try:
            text = open(f, encoding="utf-8").read()
        except OSError as e:
            fail_use(f"cannot read {f}: {e}")
        for para in re.split(r"\n\s*\n", text):
            want = squash(para)
            if want and want not in have:
                bad.append(f"missing from the PDF ({f}): {para.strip()[:40]}")
    return bad


# A tiny YAML reader for the plan subset: block mappings and sequences, plain, quoted and
# block (| |- > >-) scalars, flow sequences/mappings of scalars on one line, comments.
# Anchors, tags, multi-document streams and multi-line flow collections are not plan YAML.

def _scalar(s):
    s = s.strip()
    if s == "" or s in ("~", "null", "Null", "NULL"):
        return None
    if s[0] == '"':
        return json.loads(s)  # YAML double-quoted ⊇ the escapes plans use
    if s[0] == "'":
        return s[1:-1].replace("''", "'")
    if s in ("true", "True", "TRUE", "false", "False", "FALSE"):  # YAML 1.2 core
        return s.lower() == "true"
    if re.fullmatch(r"[-+]?[0-9]+", s):
        return int(s)
    if re.fullmatch(r"[-+]?[0-9]*\.[0-9]+", s):
        return float(s)
    return s


def _strip_comment(s):
    out, q = [], None
    for i, c in enumerate(s):
        if q:
            if c == q:
                q = None
        elif c in "\"'" and (i == 0 or s[i - 1] in " [{,:"):
            q = c
        elif c == "#" and (i == 0 or s[i - 1] in " \t"):
            break
        out.append(c)
    return "".join(out).rstrip()


def _split_flow(s):
    parts, depth, cur, q = [], 0, "", None
    for c in s:
        if q:
            q = None if c == q else q
        elif c in "\"'":
            q = c
        elif c in "[{":
            depth += 1
        elif c in "]}":
            depth -= 1
        elif c == "," and depth == 0:
            parts.append(cur)
            cur = ""
            continue
        cur += c
    if cur.strip():
        parts.append(cur)
    return parts


def _flow(s):
    s = s.strip()
    if s.startswith("["):
        return [_flow(p) for p in _split_flow(s[1:-1])]
    if s.startswith("{"):
        d = {}
        for p in _split_flow(s[1:-1]):
            k, _, v = p.partition(":")
            d[k.strip()] = _flow(v)
        return d
    return _scalar(s)


def load_yaml(path):
    """A plan in YAML, or in JSON, which YAML reads too (tests/longplan.py and tools/benchplan.py
    write it)."""
    # utf-8-sig and \r: a plan saved by Windows Notepad (a byte order mark, CRLF) is YAML too
    whole = open(path, encoding="utf-8-sig").read().replace("\r\n", "\n")
    if whole.lstrip().startswith("{"):
        return json.loads(whole)
    raw = ["" if l in ("---", "...") else l for l in whole.split("\n")]  # document markers
    pos = 0

    def indent(l):
        return len(l) - len(l.lstrip(" "))

    def skip():
        nonlocal pos
        while pos < len(raw) and (raw[pos].strip() == "" or raw[pos].lstrip().startswith("#")):
            pos += 1

    def block_scalar(style, ind):
        nonlocal pos
        body = []
        while pos < len(raw) and (raw[pos].strip() == "" or indent(raw[pos]) > ind):
            body.append(raw[pos])
            pos += 1
        while body and body[-1].strip() == "":
            body.pop()
        if not body:
            return ""
        cut = min(indent(l) for l in body if l.strip())
        lines = [l[cut:] for l in body]
        text = "\n".join(lines) if style[0] == "|" else " ".join(l for l in lines)
        return text if style.endswith("-") else text + "\n"

    def value(rest, ind):
        nonlocal pos
        rest = _strip_comment(rest).strip()
        if re.fullmatch(r"[|>]([1-9]?[-+]?|[-+][1-9])", rest):  # |2 and |-2 included
            return block_scalar(rest.rstrip("123456789"), ind)
        if rest.startswith('"'):
            # a double-quoted value may go on over lines: a break folds to a space, or to
            # nothing after an escaping backslash
            while not re.fullmatch(r'"(?:[^"\\]|\\.)*"', rest) and pos < len(raw):
                more = raw[pos].strip()
                pos += 1
                rest = rest[:-1] + more if re.search(r'(?<!\\)(\\\\)*\\$', rest) else rest + " " + more
        if rest.startswith(("[", "{")):
            return _flow(rest)
        if rest:
            # a plain scalar may continue on more-indented lines
            while pos < len(raw) and raw[pos].strip() and indent(raw[pos]) > ind \
                    and not raw[pos].lstrip().startswith("#") and rest[0] not in "\"'":
                rest += " " + _strip_comment(raw[pos]).strip()
                pos += 1
            return _scalar(rest)
        skip()
        if pos < len(raw) and indent(raw[pos]) > ind:
            return node(indent(raw[pos]))
        if pos < len(raw) and indent(raw[pos]) == ind and raw[pos].lstrip().startswith("- "):
            return node(ind)                       # "key:\n- item" at the same indent
        return None

    def node(ind):
        nonlocal pos
        skip()
        if pos >= len(raw):
            return None
        if raw[pos].lstrip().startswith("-") and raw[pos].lstrip()[1:2] in ("", " "):
            seq = []
            while True:
                skip()
                if pos >= len(raw) or indent(raw[pos]) != ind or not raw[pos].lstrip().startswith("-"):
                    return seq
                line = raw[pos]
                rest = line[ind + 1:]
                inner = ind + 1 + (len(rest) - len(rest.lstrip(" ")))
                if rest.strip() and re.match(r"[^\s\"'\[{][^:]*:(\s|$)", rest.strip()) \
                        and not rest.strip().startswith(("[", "{")):
                    raw[pos] = " " * inner + rest.strip()  # "- key: v" opens a mapping
                    seq.append(node(inner))
                else:
                    pos += 1
                    seq.append(value(rest, ind))
        mapping = {}
        while True:
            skip()
            if pos >= len(raw) or indent(raw[pos]) != ind:
                return mapping
            line = raw[pos].strip()
            m = re.match(r"(\"[^\"]*\"|'[^']*'|[^:]+?):(?:\s+(.*))?$", line)
            if not m:
                raise ValueError(f"{path}:{pos + 1}: not plan YAML: {line[:40]}")
            key = m.group(1).strip("\"'")
            pos += 1
            mapping[key] = value(m.group(2) or "", ind)

    return node(0)


def _main(items):
    items = [i for i in (items or []) if isinstance(i, dict)]
    for i in items:
        if i.get("main") is True:
            return i
    return items[0] if items else {}


def _strings(v, out):
    if isinstance(v, str):
        out.append(v)
    elif isinstance(v, list):
        for x in v:
            _strings(x, out)
    elif isinstance(v, dict):
        for x in v.values():
            _strings(x, out)


def printed_strings(plan, all_forms):
    """The plan's string values that the forms in the PDF print. 様式1 prints the ward,
    goal, mission, policy, per 経営課題 its title and summary and only the main strategy's
    and main initiative's title and body, the reform items and the evaluation. With
    様式2 or 様式3 present every string value is printed except identifiers."""
    out = []
    if all_forms:
        skip = {"format", "status", "slug", "code", "number"}

        def walk(v):
            if isinstance(v, dict):
                for k, x in v.items():
                    if k not in skip:
                        walk(x)
            elif isinstance(v, list):
                for x in v:
                    walk(x)
            elif isinstance(v, str):
                out.append(v)
        walk(plan)
        return out
    ward = plan.get("ward") or {}
    _strings([ward.get("name"), ward.get("chief"), plan.get("goal"), plan.get("mission"),
              plan.get("policy")], out)
    for issue in plan.get("issues") or []:
        _strings([issue.get("title"), issue.get("summary")], out)
        st = _main(issue.get("strategies"))
        _strings([st.get("title"), st.get("body")], out)
        ini = _main(st.get("initiatives"))
        _strings([ini.get("title"), ini.get("body")], out)
    for item in plan.get("reform_items") or []:
        if isinstance(item, dict):
            _strings([item.get("item"), item.get("content")], out)
    _strings(plan.get("evaluation"), out)
    return out


def check_contains_yaml(pdf, plan_path):
    try:
        plan = load_yaml(plan_path)
    except (OSError, ValueError) as e:
        fail_use(f"cannot read {plan_path}: {e}")
    text = raw_text(pdf)
    have = squash(text)
    all_forms = "【様式２】" in text or "【様式３】" in text
    bad = []
    strings = printed_strings(plan if isinstance(plan, dict) else {}, all_forms)
    if not strings:
        bad.append(f"{plan_path}: no string values found (reader or plan problem)")
    for s in strings:
        want = squash(s)
        if want and want not in have:
            bad.append(f"missing from the PDF ({plan_path}): {s.strip()[:40]}")
    return bad


def check_layout_yaml(json_path, plan_path):
    """Every printed plan string in the layout product, each field's lines joined across
    pages: a cell split over a page break is whole again here, unlike in the PDF's text."""
    doc = json.load(open(json_path, encoding="utf-8"))
    fields = {}
    forms = set()
    for page in doc.get("pages", []):
        forms.add(page.get("form"))
        for box in page.get("boxes", []):
            text = "".join(line.get("text", "") for line in box.get("lines", []))
            fields[box.get("field")] = fields.get(box.get("field"), "") + text
    have = squash("\n".join(fields.values()))
    plan = load_yaml(plan_path)
    all_forms = bool(forms & {"yoshiki2", "yoshiki3"})
    bad = []
    for s in printed_strings(plan if isinstance(plan, dict) else {}, all_forms):
        want = squash(s)
        if want and want not in have:
            bad.append(f"missing from the layout ({plan_path}): {s.strip()[:40]}")
    return bad


# ---------------------------------------------------------------- fonts

SPACING_LIMIT_EM = 0.75  # 両端揃え spreads slack over joints; a clean form stays under 1/2 em


def check_spacing(pdf, json_path):
    """A line set with its characters an em or more apart (a URL that cannot break leaves
    the slack to the few kana before it: "の　ペ　ー　ジ」（https://…") reads as scattered
    words, and poppler gives them as lines of their own. The PDF's words on each line of the
    layout, in x order, are matched to the line's text: a gap between two words wider than
    the limit is a fault unless the text has a space (ASCII or U+3000) there."""
    try:
        doc = json.load(open(json_path, encoding="utf-8"))
    except (OSError, ValueError) as e:
        fail_use(f"cannot read {json_path}: {e}")
    words = {pno: [w for row in rows for w in row] for pno, rows in poppler_lines(pdf).items()}
    bad = []
    for page in doc.get("pages", []):
        pno, height = page["number"], page["height"]
        for box in page.get("boxes", []):
            size = box["font_size"]
            for ln in box.get("lines", []):
                text = ln.get("text", "")
                base = height - ln["y"]            # the layout's baseline, from the top
                on = sorted((w for w in words.get(pno, [])
                             if base - 1.2 * size < (w[2] + w[4]) / 2 < base + 0.3 * size
                             and ln["x"] - 0.5 <= w[1] and w[3] <= ln["x"] + ln["width"] + 0.5),
                            key=lambda w: w[1])
                pos, worst = 0, None
                for a, b in zip(on, on[1:]):
                    seen = 0                          # a's characters, spaces not counted
                    while pos < len(text) and seen < len(a[0]):
                        seen += not text[pos].isspace()
                        pos += 1
                    gap = (b[1] - a[3]) / size
                    if not (pos < len(text) and text[pos].isspace()) and \
                            gap >= (worst[0] if worst else SPACING_LIMIT_EM):
                        worst = (gap, a[0][-3:], b[0][:3])
                if worst:
                    bad.append(f"p{pno} {box.get('cell') or box.get('field', '?')}: {worst[0]:.2f} "
                               f"em between {worst[1]!r} and {worst[2]!r} with no space "
                               f"between them: {text[:24]}…")
    return bad


def check_fonts(pdf):
    code, out, err = run(["pdffonts", pdf])
    if code != 0:
        return [f"pdffonts failed: {err.strip()}"]
    rows = out.splitlines()
    bad = []
    if len(rows) < 3:
        bad.append("no fonts at all")
    else:
        head = rows[0]
        cols = {name: head.index(name) for name in ("emb", "sub", "uni")}
        for row in rows[2:]:
            name = row.split()[0] if row.split() else "?"
            for k, at in cols.items():
                flag = row[at:at + 3].strip()
                if flag != "yes":
                    bad.append(f"font {name}: {k} is {flag or '?'!r}, want yes")
    code, _out, warn = run(["pdftotext", pdf, "-"])
    for w in warn.splitlines():
        if w.strip():
            bad.append(f"pdftotext stderr: {w.strip()}")
    if code != 0:
        bad.append(f"pdftotext exited {code}")
    return bad


# ---------------------------------------------------------------- main

USAGE = next(p for p in __doc__.split("\n\n") if p.lstrip().startswith("pdfjudge.py"))


def check_lone_headings(path):
    """The last row of content on a page (artifacts aside) must not be one that only
    introduces what follows: a heading, or a row of labels (a table's header row)."""
    doc = json.load(open(path, encoding="utf-8"))
    bad = []
    if any("role" not in b for p in doc.get("pages", []) for b in p.get("boxes", [])):
        return ["a box without \"role\": the layout does not say what its boxes are"]
    for page in doc.get("pages", []):
        if page.get("form_page", 1) >= page.get("form_pages", 1):
            continue  # the form ends here: nothing follows to be kept with
        boxes = [b for b in page.get("boxes", []) if b.get("role", "artifact") != "artifact"]
        if not boxes:
            continue
        last = min(b["y"] for b in boxes)
        foot = [b for b in boxes if abs(b["y"] - last) < 0.01]
        if all(b["role"] in ("heading", "label") for b in foot):
            text = "".join(l["text"] for b in foot for l in b.get("lines", []))
            bad.append(f"page {page.get('number')}: ends with a lone heading: {text[:40]}")
    return bad


def main(argv):
    if not argv or argv[0] in ("-h", "--help"):
        print(__doc__.strip())
        return 0 if argv else 2
    verb, args = argv[0], argv[1:]
    checks = {
        "kinsoku": ((1, 2), lambda: check_kinsoku(*args)),
        "overlap": (1, lambda: check_overlap(args[0])),
        "fonts": (1, lambda: check_fonts(args[0])),
        "layout": (1, lambda: check_layout(args[0])),
        "lone-headings": (1, lambda: check_lone_headings(args[0])),
        "contains-yaml": (2, lambda: check_contains_yaml(args[0], args[1])),
        "spacing": (2, lambda: check_spacing(args[0], args[1])),
        "layout-yaml": (2, lambda: check_layout_yaml(args[0], args[1])),
        "contains": (None, lambda: check_contains(args[0], args[1:])),
    }
    if verb not in checks:
        print(f"pdfjudge: unknown check {verb!r}\n{USAGE}", file=sys.stderr)
        return 2
    want, fn = checks[verb]
    low, high = want if isinstance(want, tuple) else (want, want) if want else (2, len(args))
    if not low <= len(args) <= high:
        print(f"pdfjudge: wrong arguments for {verb}\n{USAGE}", file=sys.stderr)
        return 2
    bad = fn()
    for b in bad:
        print(f"{verb}: {b}")
    print(f"pdfjudge {verb} {args[0]}: {'ok' if not bad else f'{len(bad)} problem(s)'}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
