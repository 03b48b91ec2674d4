#!/usr/bin/env python3
"""Judges how yoshiki set the lines of a plan, from the outside (`yoshiki layout --json`).

  tests/typeset.py [--yoshiki ./yoshiki] [--min-justified 98] [--max-short 1] [--pdf] PLAN...

Over the cells whose style justifies (両端揃え), each cell's text read in order over its
parts on later pages:
  justified  of the lines that do not end a paragraph, the share set to the cell's inner
             width within 0.05 em;
  short      of the paragraphs of two lines or more, the share whose last line holds one
             or two characters.
With --pdf each plan is also rendered and the PDF read back with `pdftotext -bbox`: a
justified line that does not end in a closing mark must end, in the PDF, where the layout
says (within 0.05 em) — the drawing follows the layout.
Prints one line per plan and a total; exits 1 when the total misses a threshold, 2 on
usage or when yoshiki fails.
"""
import argparse
import html
import json
import os
import re
import subprocess
import sys
import tempfile

TOLERANCE_EM = 0.05
SHORT_CHARS = 2


def layout(yoshiki, plan):
    r = subprocess.run([yoshiki, "layout", plan, "--json"], capture_output=True, text=True)
    if r.returncode != 0:
        print(f"{plan}: yoshiki layout exited {r.returncode}\n{r.stderr}", file=sys.stderr)
        sys.exit(2)
    return json.loads(r.stdout)


def justified_cells(doc):
    """{field: [(line, box)]} for justified boxes, parts in page order."""
    cells = {}
    for page in doc["pages"]:
        for box in page["boxes"]:
            if box.get("justify"):
                cells.setdefault(box["field"], []).extend((ln, box) for ln in box["lines"])
    return cells


def paragraphs(lines):
    paras = []
    for ln, box in lines:
        if ln["paragraph_start"] or not paras:
            paras.append([])
        paras[-1].append((ln, box))
    return paras


def ink(text):
    return len(text.replace(" ", ""))


def judge(doc):
    inner, full, multi, short, bad = 0, 0, 0, 0, []
    for field, lines in justified_cells(doc).items():
        for para in paragraphs(lines):
            if len(para) >= 2 and ink(para[-1][0]["text"]):
                multi += 1
                if ink(para[-1][0]["text"]) <= SHORT_CHARS:
                    short += 1
                    bad.append(f"{field}: short last line {para[-1][0]['text']!r}")
            for ln, box in para[:-1]:
                inner += 1
                width = box["w"] - 2 * box["padding"]
                if abs(ln["width"] - width) <= TOLERANCE_EM * box["font_size"]:
                    full += 1
                else:
                    bad.append(f"{field}: {width - ln['width']:.2f} pt short: {ln['text'][:20]!r}")
    return inner, full, multi, short, bad


CLOSING = set("、。，．）」』】〕〉》］｝〙〗〟’”｠")
WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>')


def pdf_words(pdf):
    """[[(xmin, ymin, xmax, ymax, text)] per page], y from the top as poppler gives it."""
    out = subprocess.run(["pdftotext", "-bbox", pdf, "-"], capture_output=True, text=True).stdout
    pages = []
    for chunk in out.split("<page ")[1:]:
        pages.append([(float(a), float(b), float(c), float(d), html.unescape(t))
                      for a, b, c, d, t in WORD.findall(chunk)])
    return pages


def judge_pdf(doc, pages):
    """(lines checked, lines ending where the layout says, what is wrong)."""
    checked, same, bad = 0, 0, []
    for page, words in zip(doc["pages"], pages):
        height = page["height"]
        for box in page["boxes"]:
            if not box.get("justify"):
                continue
            size, inner = box["font_size"], box["w"] - 2 * box["padding"]
            for ln in box["lines"]:
                if not ln.get("justified") or ln["text"][-1] in CLOSING or ln["text"][-1].isspace():
                    continue
                base = height - ln["y"]
                mine = [w for w in words if abs(w[3] - base) < 0.5 * size
                        and w[0] >= ln["x"] - 0.5 and w[2] <= ln["x"] + inner + 0.5]
                if not mine:
                    continue
                checked += 1
                end = max(w[2] for w in mine)
                if abs(end - (ln["x"] + ln["width"])) <= TOLERANCE_EM * size:
                    same += 1
                else:
                    bad.append(f"p{page['number']} {box['field']}: PDF line ends at {end:.2f}, "
                               f"layout at {ln['x'] + ln['width']:.2f}: {ln['text'][:20]!r}")
    return checked, same, bad


def pct(a, b, empty=100.0):
    return 100.0 * a / b if b else empty


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--yoshiki", default="./yoshiki")
    ap.add_argument("--min-justified", type=float, default=98.0)
    ap.add_argument("--max-short", type=float, default=1.0)
    ap.add_argument("--pdf", action="store_true")
    ap.add_argument("-v", "--verbose", action="store_true")
    ap.add_argument("plans", nargs="+")
    a = ap.parse_args()
    tot, drawn, tmp = [0, 0, 0, 0], [0, 0], tempfile.mkdtemp()
    for plan in a.plans:
        doc = layout(a.yoshiki, plan)
        inner, full, multi, short, bad = judge(doc)
        tot = [tot[0] + inner, tot[1] + full, tot[2] + multi, tot[3] + short]
        print(f"{plan}: justified {full}/{inner} ({pct(full, inner):.1f}%), "
              f"short last lines {short}/{multi} ({pct(short, multi, 0.0):.1f}%)")
        if a.pdf:
            pdf = os.path.join(tmp, "out.pdf")
            subprocess.run([a.yoshiki, "render", plan, "-o", pdf], check=True, capture_output=True)
            checked, same, wrong = judge_pdf(doc, pdf_words(pdf))
            drawn = [drawn[0] + checked, drawn[1] + same]
            bad += wrong
            print(f"  PDF: {same}/{checked} justified lines end where the layout says")
        if a.verbose:
            for b in bad:
                print(f"  {b}")
    j, s = pct(tot[1], tot[0]), pct(tot[3], tot[2], 0.0)
    print(f"total: justified {tot[1]}/{tot[0]} ({j:.1f}%), short last lines {tot[3]}/{tot[2]} ({s:.1f}%)")
    failed = j < a.min_justified or s > a.max_short
    if failed:
        print(f"below the bar: at least {a.min_justified}% justified, at most {a.max_short}% short")
    if a.pdf:
        print(f"PDF: {drawn[1]}/{drawn[0]} justified lines end where the layout says")
        if drawn[0] < tot[1] // 2 or pct(drawn[1], drawn[0]) < a.min_justified:
            print("the PDF does not show what the layout says (or too few lines were found)")
            failed = True
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
