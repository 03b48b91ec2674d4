#!/usr/bin/env python3
"""tagjudge — yoshiki's own outside judge of a tagged (accessible) PDF.

  tagjudge.py PDF JSON PLAN   the PDF as pikepdf and poppler read it, against the layout
                              product (`yoshiki layout --json`) and the plan it came from
  tagjudge.py PDF - -         the same without order and reach (a book of several plans)

It reads the PDF through pikepdf (Debian python3-pikepdf) and `pdfinfo -struct-text`
(poppler), never through yoshiki's code. It checks:
  - the catalog: /StructTreeRoot with a /ParentTree, /MarkInfo << /Marked true >>, /Lang ja…,
    /ViewerPreferences << /DisplayDocTitle true >>;
  - the tree: Document, Sect, Table, TR, TH and TD, headings; every TH with a /Scope; every
    element a standard PDF 1.4 structure type; every kid dictionary an element (/S) or a
    content reference, every element's /P its parent, a /Pg on every element holding MCIDs;
  - content: every text-showing operator inside marked content with an MCID or an Artifact,
    every rule and fill too (PDF/A-1a: all content is structure or artifact),
    every BDC closed, every MCID of a page mapped by the /ParentTree (through the page's
    /StructParents) to the element whose /K holds it;
  - order: the text of the structure tree, in tree order, is exactly the layout's text of
    every box that is not an artifact, read row by row and left to right within a row (a row
    split over pages read once, whole);
  - reach: every printed string of the plan is in the structure tree's text.

Exit 0 when clean, 1 with one line per problem and a summary line, 2 on bad use or when a
tool is missing.
"""
import json
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pdfjudge import printed_strings, load_yaml, squash  # noqa: E402

try:
    import pikepdf
except ImportError:
    sys.path.append("/usr/lib/python3/dist-packages")  # Debian's, when python3 is another
    try:
        import pikepdf
    except ImportError:
        print("tagjudge: python3-pikepdf is not installed (tools/install-deps)", file=sys.stderr)
        sys.exit(2)

STANDARD = {"Document", "Part", "Art", "Sect", "Div", "BlockQuote", "Caption", "TOC", "TOCI",
            "Index", "NonStruct", "Private", "P", "H", "H1", "H2", "H3", "H4", "H5", "H6",
            "L", "LI", "Lbl", "LBody", "Table", "TR", "TH", "TD", "Span", "Quote", "Note",
            "Reference", "BibEntry", "Code", "Link", "Figure", "Formula", "Form"}
TEXT_OPS = {"Tj", "TJ", "'", '"'}
PAINT_OPS = {"S", "s", "f", "F", "f*", "B", "B*", "b", "b*", "sh", "Do"}


def check_catalog(root):
    bad = []
    if "/StructTreeRoot" not in root:
        return ["no /StructTreeRoot: the PDF is not tagged"]
    mark = root.get("/MarkInfo")
    if mark is None or not bool(mark.get("/Marked", False)):
        bad.append("no /MarkInfo << /Marked true >>")
    if not str(root.get("/Lang", "")).lower().startswith("ja"):
        bad.append(f"catalog /Lang is {str(root.get('/Lang', ''))!r}, want ja-JP")
    prefs = root.get("/ViewerPreferences")
    if prefs is None or not bool(prefs.get("/DisplayDocTitle", False)):
        bad.append("no /ViewerPreferences << /DisplayDocTitle true >>")
    if "/ParentTree" not in root.StructTreeRoot:
        bad.append("no /ParentTree in the structure tree")
    return bad


def kids_of(elem):
    k = elem.get("/K")
    if k is None:
        return []
    return list(k) if isinstance(k, pikepdf.Array) else [k]


def walk(root):
    """Every structure element, in tree order, the MCIDs each holds: {(page objgen, mcid):
    element objgen}, and what is wrong with the links: a kid dictionary that is neither an
    element (/S) nor a content reference, an element whose /P is not its parent, an MCID of
    an element with no /Pg (an integer MCID is read against the element's own /Pg)."""
    elems, owner, bad = [], {}, []
    stack = [(k, root) for k in reversed(kids_of(root))]
    while stack:
        e, parent = stack.pop()
        if not isinstance(e, pikepdf.Dictionary):
            continue
        elems.append(e)
        if e.get("/P") is None or e.P.objgen != parent.objgen:
            bad.append(f"a {e.S} element whose /P is not its parent")
        page = e.get("/Pg")
        children = []
        for k in kids_of(e):
            if isinstance(k, int):
                if page is None:
                    bad.append(f"a {e.S} element holds MCID {int(k)} but has no /Pg")
                owner[(page.objgen if page is not None else None, int(k))] = e.objgen
            elif isinstance(k, pikepdf.Dictionary) and str(k.get("/Type", "")) == "/MCR":
                owner[(k.Pg.objgen, int(k.MCID))] = e.objgen
            elif isinstance(k, pikepdf.Dictionary) and "/S" in k:
                children.append((k, e))
            elif isinstance(k, pikepdf.Dictionary) and str(k.get("/Type", "")) != "/OBJR":
                bad.append(f"a kid of {e.S} that is no structure element (no /S)")
        stack.extend(reversed(children))
    return elems, owner, bad


def check_tree(elems):
    bad = []
    types = {}
    for e in elems:
        t = str(e.S)[1:]
        types[t] = types.get(t, 0) + 1
        if t not in STANDARD:
            bad.append(f"structure type {t} is not a standard PDF 1.4 type")
        if t == "TH":
            a = e.get("/A")
            if a is None or "/Scope" not in a:
                bad.append("a TH without /Scope")
    for need in ("Document", "Sect", "Table", "TR", "TH", "TD"):
        if need not in types:
            bad.append(f"no {need} element")
    if not any(f"H{i}" in types for i in range(1, 7)):
        bad.append("no heading element")
    return bad


def parent_tree(root):
    nums = {}
    node = root.StructTreeRoot.ParentTree
    stack = [node]
    while stack:
        n = stack.pop()
        if "/Nums" in n:
            a = list(n.Nums)
            for i in range(0, len(a), 2):
                nums[int(a[i])] = a[i + 1]
        stack.extend(n.get("/Kids", []))
    return nums


def check_content(doc, owner):
    bad, loose, paint = [], 0, 0
    nums = parent_tree(doc.Root)
    for pno, page in enumerate(doc.pages, 1):
        stack, mcids = [], []
        for operands, op in pikepdf.parse_content_stream(page):
            o = str(op)
            if o == "BDC":
                props = operands[1]
                mcid = isinstance(props, pikepdf.Dictionary) and "/MCID" in props
                if mcid:
                    mcids.append(int(props.MCID))
                stack.append(str(operands[0]) == "/Artifact" or mcid)
            elif o == "BMC":
                stack.append(str(operands[0]) == "/Artifact")
            elif o == "EMC":
                if not stack:
                    bad.append(f"page {pno}: EMC without BDC")
                else:
                    stack.pop()
            elif o in TEXT_OPS and not any(stack):
                loose += 1
            elif o in PAINT_OPS and not any(stack):
                paint += 1
        if stack:
            bad.append(f"page {pno}: marked content left open")
        if len(set(mcids)) != len(mcids):
            bad.append(f"page {pno}: an MCID used twice")
        key = page.obj.get("/StructParents")
        if mcids and key is None:
            bad.append(f"page {pno}: marked content but no /StructParents")
            continue
        parents = nums.get(int(key)) if key is not None else None
        for m in mcids:
            want = owner.get((page.obj.objgen, m))
            if want is None:
                bad.append(f"page {pno}: MCID {m} belongs to no structure element")
            elif parents is None or m >= len(parents) or parents[m].objgen != want:
                bad.append(f"page {pno}: the /ParentTree does not map MCID {m} to its element")
    if paint:
        bad.append(f"{paint} painting operator(s) outside marked content (neither MCID nor Artifact)")
    if loose:
        bad.append(f"{loose} text operator(s) outside marked content (neither MCID nor Artifact)")
    return bad


def struct_text(pdf):
    out = subprocess.run(["pdfinfo", "-struct-text", pdf], capture_output=True, text=True)
    if out.returncode != 0:
        print(f"tagjudge: pdfinfo -struct-text failed: {out.stderr.strip()}", file=sys.stderr)
        sys.exit(2)
    return [m.group(1) for m in re.finditer(r'^\s*"(.*)"\s*$', out.stdout, re.M)]


def layout_text(json_path):
    """The text of every box that is not an artifact, in reading order: rows by their id,
    cells by their position, the parts of a split row in page order."""
    doc = json.load(open(json_path, encoding="utf-8"))
    boxes = []
    for page in doc["pages"]:
        for box in page["boxes"]:
            if box.get("role", "artifact") != "artifact":
                boxes.append(box)
    boxes.sort(key=lambda b: (b["row"], b["col"]))  # stable: page order within a cell
    return "".join(line["text"] for b in boxes for line in b["lines"])


def check_order(tree_text, json_path):
    have, want = squash("".join(tree_text)), squash(layout_text(json_path))
    if have == want:
        return []
    i = next((i for i, (a, b) in enumerate(zip(have, want)) if a != b), min(len(have), len(want)))
    return [f"structure text differs from the layout's reading order at character {i}: "
            f"tree …{have[max(0, i - 15):i + 15]}… layout …{want[max(0, i - 15):i + 15]}…"]


def check_reach(tree_text, plan_path, json_path):
    forms = {p["form"] for p in json.load(open(json_path, encoding="utf-8"))["pages"]}
    plan = load_yaml(plan_path)
    have = squash("".join(tree_text))
    bad = []
    for s in printed_strings(plan if isinstance(plan, dict) else {},
                             bool(forms & {"yoshiki2", "yoshiki3"})):
        if squash(s) and squash(s) not in have:
            bad.append(f"not reachable through the structure tree: {s.strip()[:40]}")
    return bad


def main(argv):
    if len(argv) != 3:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    pdf, json_path, plan_path = argv
    doc = pikepdf.open(pdf)
    bad = check_catalog(doc.Root)
    if not bad or "/StructTreeRoot" in doc.Root:
        elems, owner, links = walk(doc.Root.StructTreeRoot)
        bad += links
        bad += check_tree(elems)
        bad += check_content(doc, owner)
        if json_path != "-":
            text = struct_text(pdf)
            bad += check_order(text, json_path)
            bad += check_reach(text, plan_path, json_path)
    for b in bad[:25]:
        print(f"tagged: {b}")
    print(f"tagjudge {pdf}: {'ok' if not bad else f'{len(bad)} problem(s)'}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
