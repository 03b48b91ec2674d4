#!/usr/bin/env python3
"""Judges yoshiki batch output from the outside (python3, PyYAML, qpdf, poppler's pdfinfo).

  batchjudge.py manifest OUTDIR        manifest.json agrees with the files and SHA256SUMS
  batchjudge.py outline PDF PLAN       the PDF's bookmarks are 様式1, 様式2 (経営課題 → 戦略), 様式3
  batchjudge.py book BOOK PLAN...      one top-level bookmark per ward in ward-code order, each
                                       holding that ward's bookmarks; page labels restart
  batchjudge.py book-top BOOK PLAN...  the same, checking only that each ward holds bookmarks

Prints what is wrong and exits 1, or exits 0 silently."""
import hashlib
import json
import os
import subprocess
import sys

import yaml

FULLWIDTH = str.maketrans("0123456789-", "０１２３４５６７８９－")
problems = []
# the ward table beside this script, so the judge runs from any directory
WARDS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "forms", "wards.yaml")


def bad(msg):
    problems.append(msg)


def ward_code(plan):
    """The plan's ward code; a plan may leave it out, and yoshiki takes it from
    forms/wards.yaml by the ward's name."""
    w = plan["ward"]
    if w.get("code"):
        return str(w["code"])
    table = yaml.safe_load(open(WARDS, encoding="utf-8"))["wards"]
    return next((t["code"] for t in table if t["name"] == w["name"]), "")


def sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def pdf_pages(path):
    out = subprocess.run(["pdfinfo", path], capture_output=True, text=True, check=True).stdout
    return int(next(l.split()[1] for l in out.splitlines() if l.startswith("Pages:")))


def outlines(path):
    out = subprocess.run(["qpdf", "--json=2", "--json-key=outlines", path],
                         capture_output=True, text=True, check=True).stdout
    return json.loads(out)["outlines"]


def check_manifest(outdir):
    m = json.load(open(os.path.join(outdir, "manifest.json"), encoding="utf-8"))
    sums = open(os.path.join(outdir, "SHA256SUMS")).read().splitlines()
    listed = {}
    for line in sums:
        h, name = line.split("  ", 1)
        listed[name] = h
    if [l.split("  ", 1)[1] for l in sums] != sorted(listed):
        bad("SHA256SUMS is not sorted by name")
    names = [f["file"] for f in m["files"]]
    if names != sorted(names):
        bad("manifest files are not sorted by name")
    pdfs = sorted(n for n in os.listdir(outdir) if n.endswith(".pdf"))
    book = m.get("book")
    # a book beside the PDFs is named by its file name alone, and is in SHA256SUMS
    book_here = book and "/" not in book["file"]
    if book_here and book["sha256"] != sha256(os.path.join(outdir, book["file"])):
        bad("the book's sha256 does not match")
    expect = sorted(names + ([os.path.basename(book["file"])] if book_here else []))
    if pdfs != expect:
        bad(f"PDFs in the directory {pdfs} are not the manifest's {expect}")
    if sorted(listed) != expect:
        bad(f"SHA256SUMS lists {sorted(listed)}, the manifest {expect}")
    for f in m["files"]:
        path = os.path.join(outdir, f["file"])
        if not os.path.exists(path):
            bad(f"{f['file']}: missing")
            continue
        if f["sha256"] != sha256(path) or listed.get(f["file"]) != f["sha256"]:
            bad(f"{f['file']}: sha256 does not match the file or SHA256SUMS")
        if f["bytes"] != os.path.getsize(path):
            bad(f"{f['file']}: bytes {f['bytes']} but the file has {os.path.getsize(path)}")
        if f["pages"] != pdf_pages(path):
            bad(f"{f['file']}: pages {f['pages']} but pdfinfo counts {pdf_pages(path)}")
        if f["plan"]["sha256"] != sha256(f["plan"]["path"]):
            bad(f"{f['file']}: the plan's sha256 does not match {f['plan']['path']}")
        plan = yaml.safe_load(open(f["plan"]["path"], encoding="utf-8"))
        w = f["ward"]
        if (w["name"], w["code"]) != (plan["ward"]["name"], ward_code(plan)):
            bad(f"{f['file']}: ward {w} is not the plan's")
        want = f"{plan['fiscal_year']}-{w['code']}-{w['slug']}"
        # a run of only some forms names them: 2022-271241-tsurumi-yoshiki1.pdf
        if not (f["file"] == want + ".pdf" or f["file"].startswith(want + "-yoshiki")) \
                or f["fiscal_year"] != plan["fiscal_year"]:
            bad(f"{f['file']}: not named {want}")
        if f["status"] != plan.get("status", "draft"):
            bad(f"{f['file']}: status {f['status']}")
    prod = m["producer"]
    if not prod.get("version") or not prod["templates"] or not prod["fonts"]:
        bad("producer lacks the version, templates or fonts")
    for s in prod["templates"]:
        if len(s.get("sha256", "")) != 64:
            bad(f"producer entry {s} has no sha256")
    for s in prod["fonts"]:
        if len(s.get("table_directory_sha256", "")) != 64:
            bad(f"producer entry {s} has no table_directory_sha256")


def expected_outline(plan_path):
    plan = yaml.safe_load(open(plan_path, encoding="utf-8"))
    issues = []
    for i, issue in enumerate(plan["issues"]):
        # an item without a number is numbered by its place under its parent's (plan-format.md)
        inum = str(issue.get("number") or i + 1)
        title = f"経営課題{inum.translate(FULLWIDTH)}"
        if issue.get("title"):
            title += "　" + issue["title"]
        kids = []
        for j, s in enumerate(issue.get("strategies") or []):
            t = f"戦略{str(s.get('number') or f'{inum}-{j + 1}').translate(FULLWIDTH)}"
            if s.get("title"):
                t += "　" + s["title"]
            kids.append((t, []))
        issues.append((title, kids))
    return [("様式1", []), ("様式2", issues), ("様式3", [])]


def shape(items):
    return [(o["title"], shape(o["kids"])) for o in items]


def first_pages(items, out):
    for o in items:
        out.append(o["destpageposfrom1"])
        first_pages(o["kids"], out)
    return out


def check_outline(pdf, plan_path, items=None):
    got = shape(items if items is not None else outlines(pdf))
    want = expected_outline(plan_path)
    if got != want:
        bad(f"{pdf}: bookmarks\n  {got}\nwant\n  {want}")
    pages = first_pages(items if items is not None else outlines(pdf), [])
    if pages != sorted(pages):
        bad(f"{pdf}: bookmarks do not open pages in document order: {pages}")


def check_book(book, plans, top_only=False):
    table = yaml.safe_load(open(WARDS, encoding="utf-8"))["wards"]
    order = {w["code"]: i for i, w in enumerate(table)}
    by_code = sorted(plans, key=lambda p: order[ward_code(yaml.safe_load(open(p, encoding="utf-8")))])
    top = outlines(book)
    names = [o["title"] for o in top]
    want = [yaml.safe_load(open(p, encoding="utf-8"))["ward"]["name"] for p in by_code]
    if names != want:
        bad(f"{book}: top-level bookmarks {names}, want {want}")
        return
    for o, p in zip(top, by_code):
        if not top_only:
            check_outline(f"{book} [{o['title']}]", p, o["kids"])
        elif not o["kids"] or o["kids"][0]["title"] != "様式1":
            bad(f"{book} [{o['title']}]: holds no bookmarks of its own")
    # each ward's pages are labelled from 1 after its name, starting where its bookmark points
    out = subprocess.run(["qpdf", "--json=2", "--json-key=pagelabels", book],
                         capture_output=True, text=True, check=True).stdout
    labels = json.loads(out)["pagelabels"]
    starts = [l["index"] for l in labels]
    if starts != [o["destpageposfrom1"] - 1 for o in top]:
        bad(f"{book}: page labels start at {starts}, the wards at "
            f"{[o['destpageposfrom1'] - 1 for o in top]}")


def main():
    cmd, args = sys.argv[1], sys.argv[2:]
    {"manifest": lambda: check_manifest(args[0]),
     "outline": lambda: check_outline(args[0], args[1]),
     "book": lambda: check_book(args[0], args[1:]),
     "book-top": lambda: check_book(args[0], args[1:], True)}[cmd]()
    for p in problems:
        print(p)
    sys.exit(1 if problems else 0)


main()
