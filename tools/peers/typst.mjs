// Peer for tools/bench-peers: Typst (typst.ts's Node compiler), one process, one PDF per plan.
//
//   node tools/peers/typst.mjs --peers DIR --fonts DIR --out DIR PLAN.yaml... [--keep-cache]
//
// Each plan becomes Typst markup (a table per block of the 様式1, the fonts and sizes of
// forms/yoshiki1.yaml) compiled to PDF/A-1a (what yoshiki writes) in this process. Typst memoizes layout across
// compilations; a batch of 24 different plans would not hit that cache, so it is cleared
// before every document unless --keep-cache is given. Prints one JSON line of timings.
import { performance } from "node:perf_hooks";
import { writeFileSync, mkdirSync } from "node:fs";
import { basename, join } from "node:path";
import { args, load, readPlan, yoshiki1 } from "./content.mjs";

const t0 = performance.now();
const a = args(process.argv.slice(2));
const YAML = (await load(a.peers, "yaml")).default;
const typst = await load(a.peers, "@myriaddreamin/typst-ts-node-compiler");
const NodeCompiler = typst.NodeCompiler || typst.default.NodeCompiler;
const compiler = NodeCompiler.create({ fontArgs: [{ fontPaths: [a.fonts] }] });
const t1 = performance.now();

// A Typst string literal: plan text never reaches the markup parser.
const s = (t) => JSON.stringify(String(t));

const PROLOGUE = `
#set document(title: TITLE)
#set page(paper: "a4", margin: (top: 14mm, right: 15mm, bottom: 12mm, left: 15mm),
  header-ascent: 2mm,
  header: align(right, text(font: "BIZ UDGothic", size: 10.5pt, MARK)))
#set text(font: "BIZ UDPGothic", size: 9.5pt, lang: "ja", cjk-latin-spacing: auto)
#set par(justify: true, leading: 0.4em, spacing: 0.4em)
#set block(spacing: 0pt)
#set table(stroke: 0.5pt, inset: 1.3mm)
#let lab(t, align: left) = table.cell(fill: luma(88%), align: align + horizon,
  text(font: "BIZ UDGothic", t))
// A body cell at least h high (yoshiki's rows have a minimum height and grow with the text).
#let minh(h, body) = grid(columns: (0pt, 1fr), box(height: h - 2.6mm), body)
// yoshiki keeps each block (a 経営課題 with its initiative) on one page.
#show table: it => block(breakable: false, it)
#let head(t) = block(height: 8mm, width: 100%, align(left + horizon,
  text(font: "BIZ UDGothic", size: 10.5pt, t)))
`;

function markup(c) {
  const out = [PROLOGUE.replace("TITLE", s(c.title)).replace("MARK", s(c.mark))];
  out.push(`#block(height: 10mm, width: 100%, align(center + horizon, heading(outlined: false,
  text(font: "BIZ UDGothic", size: 14pt, weight: "regular", ${s(c.title)}))))`);
  out.push(`#block(height: 7mm, width: 100%, align(right + horizon, text(font: "BIZ UDGothic", size: 10.5pt, ${s(c.chief)})))`);
  out.push(`#head(${s(c.planHeading)})`);
  const one = (label, body, min) =>
    `#table(columns: (1fr,), rows: (6.5mm, auto), lab(${s(label)}), minh(${min}, ${body}))`;
  out.push(one(c.goalLabel, s(c.goal), "9mm"));
  out.push(one(c.missionLabel, s(c.mission), "12mm"));
  out.push(one(c.policyLabel, s(c.policy.join("\n")), "20mm"));
  out.push(`#head(${s(c.issuesHeading)})`);
  for (const is of c.issues) {
    out.push(`#table(columns: (1fr, 1fr), rows: (6.5mm, auto, 6.5mm, auto),
  lab(${s(c.issueLabels[0])}, align: center), lab(${s(c.issueLabels[1])}, align: center),
  minh(22mm, ${s(is.summary)}), minh(22mm, ${s(is.strategy)}),
  table.cell(colspan: 2, fill: luma(88%), text(font: "BIZ UDGothic", ${s(c.initiativeLabel)})),
  table.cell(colspan: 2, minh(12mm, ${s(is.initiative)})))`);
  }
  out.push(`#head(${s(c.reformHeading)})`);
  out.push(`#table(columns: (1fr, 2fr), rows: (6.5mm, 9mm),
  lab(${s(c.reformLabels[0])}, align: center), lab(${s(c.reformLabels[1])}, align: center),
  ${c.reform.map(([i, t]) => `align(center + horizon, ${s(i)}), align(center + horizon, ${s(t)})`).join(", ")})`);
  out.push(`#head(${s(c.evaluationHeading)})`);
  out.push(`#table(columns: (1fr, 1fr), rows: (6.5mm, auto),
  lab(${s(c.evaluationLabels[0])}, align: center), lab(${s(c.evaluationLabels[1])}, align: center),
  minh(30mm, ${s(c.evaluation[0])}), minh(30mm, ${s(c.evaluation[1])}))`);
  return out.join("\n");
}

mkdirSync(a.out, { recursive: true });
let bytes = 0;
for (const p of a.plans) {
  const src = markup(yoshiki1(readPlan(YAML, p)));
  if (a.opts.has("dump")) writeFileSync(join(a.out, basename(p, ".yaml") + ".typ"), src);
  if (!a.opts.has("keep-cache")) compiler.evictCache(0);
  const r = compiler.compile({ mainFileContent: src });
  const doc = r.result;
  if (!doc) {
    r.printErrors();
    process.exit(1);
  }
  const pdf = compiler.pdf(doc, { pdfStandard: "a-1a", creationTimestamp: 1648771200 });
  writeFileSync(join(a.out, basename(p, ".yaml") + ".pdf"), pdf);
  bytes += pdf.length;
}
const t2 = performance.now();
// Outside the timed part: which Typst this package bundles.
const v = compiler.query({ mainFileContent: "#metadata(str(sys.version)) <v>" },
  { selector: "<v>", field: "value" });
process.stdout.write(JSON.stringify({
  peer: "typst", version: v[0], docs: a.plans.length, bytes,
  setup_ms: t1 - t0, render_ms: t2 - t1, script_ms: t2 - t0, since_start_ms: t2,
}) + "\n");
