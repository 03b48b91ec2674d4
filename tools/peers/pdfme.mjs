// Peer for tools/bench-peers: pdfme (@pdfme/generator), one process, one PDF per plan.
//
//   node tools/peers/pdfme.mjs --peers DIR --fonts DIR --out DIR PLAN.yaml...
//
// Each plan becomes a pdfme template on a blank A4 page (the margins of forms/yoshiki1.yaml):
// text schemas for the title and headings, a table schema per block of the 様式1 (label
// row as the table's head, text as its body), and pdfme's dynamic layout grows the tables
// with their text and breaks pages. One generate() call per plan, as a service writing one
// file per ward would. Prints one JSON line of timings.
import { performance } from "node:perf_hooks";
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { basename, join } from "node:path";
import { args, load, readPlan, yoshiki1 } from "./content.mjs";

const t0 = performance.now();
const a = args(process.argv.slice(2));
const YAML = (await load(a.peers, "yaml")).default;
const { generate } = await load(a.peers, "@pdfme/generator");
const { text, table } = await load(a.peers, "@pdfme/schemas");
const font = {
  BIZUDPGothic: { data: readFileSync(join(a.fonts, "BIZUDPGothic-Regular.ttf")), fallback: true },
  BIZUDGothic: { data: readFileSync(join(a.fonts, "BIZUDGothic-Regular.ttf")) },
};
const t1 = performance.now();

const PT = 25.4 / 72; // mm
const LINE = 0.5 * PT;
const X = 15, W = 180, GAP = 1.5;
const box = (v) => ({ top: v, right: v, bottom: v, left: v });

function textBox(name, y, h, size, alignment, fontName = "BIZUDGothic", x = X, w = W) {
  return {
    name, type: "text", position: { x, y }, width: w, height: h, fontName, fontSize: size,
    alignment, verticalAlignment: "middle", lineHeight: 1, characterSpacing: 0,
    fontColor: "#000000", backgroundColor: "",
  };
}

function cell(fontName, alignment, lineHeight, fill) {
  return {
    fontName, alignment, verticalAlignment: fill ? "middle" : "top", fontSize: 9.5, lineHeight,
    characterSpacing: 0, fontColor: "#000000", backgroundColor: fill, borderColor: "#000000",
    borderWidth: box(LINE), padding: box(1.3),
  };
}

// A block of the 様式1: its label row as the table's head, its text as the body.
function tableBox(name, y, head, widths, headAlign, bodyAlign = "justify") {
  return {
    name, type: "table", position: { x: X, y }, width: W, height: 6.5 + 9,
    showHead: true, repeatHead: false, head, headWidthPercentages: widths,
    tableStyles: { borderColor: "#000000", borderWidth: LINE },
    headStyles: cell("BIZUDGothic", headAlign, 1, "#e0e0e0"),
    bodyStyles: { ...cell("BIZUDPGothic", bodyAlign, 1.4, ""), alternateBackgroundColor: "" },
    columnStyles: {},
  };
}

// The template and its one input: the plan's text in schemas stacked from the top margin;
// pdfme's dynamic layout moves each down by what the tables above it grew.
function templateOf(c) {
  const schemas = [];
  const input = {};
  let y = 14;
  const put = (schema, value) => {
    schemas.push(schema);
    input[schema.name] = value;
    y += schema.height + (schema.type === "table" ? GAP : 0);
  };
  put(textBox("title", y, 10, 14, "center"), c.title);
  put(textBox("chief", y, 7, 10.5, "right"), c.chief);
  put(textBox("plan", y, 7, 10.5, "left"), c.planHeading);
  const rows = (r) => JSON.stringify(r);
  put(tableBox("goal", y, [c.goalLabel], [100], "left"), rows([[c.goal]]));
  put(tableBox("mission", y, [c.missionLabel], [100], "left"), rows([[c.mission]]));
  put(tableBox("policy", y, [c.policyLabel], [100], "left"), rows([[c.policy.join("\n")]]));
  put(textBox("issues", y, 8, 10.5, "left"), c.issuesHeading);
  c.issues.forEach((is, i) => {
    const t = tableBox(`issue${i}`, y, c.issueLabels, [50, 50], "center");
    t.height = 6.5 + 22;
    put(t, rows([[is.summary, is.strategy]]));
    put(tableBox(`initiative${i}`, y, [c.initiativeLabel], [100], "left"), rows([[is.initiative]]));
  });
  put(textBox("reform", y, 8, 10.5, "left"), c.reformHeading);
  put(tableBox("reformItems", y, c.reformLabels, [100 / 3, 200 / 3], "center", "center"),
    rows(c.reform));
  put(textBox("evaluation", y, 8, 10.5, "left"), c.evaluationHeading);
  const ev = tableBox("evaluationItems", y, c.evaluationLabels, [50, 50], "center");
  ev.height = 6.5 + 30;
  put(ev, rows([c.evaluation]));
  return {
    template: {
      basePdf: {
        width: 210, height: 297, padding: [14, 15, 12, 15],
        staticSchema: [{ ...textBox("mark", 6, 6, 10.5, "right", "BIZUDGothic", 145, 50), content: c.mark, readOnly: true }],
      },
      schemas: [schemas],
    },
    input,
  };
}

mkdirSync(a.out, { recursive: true });
let bytes = 0;
for (const p of a.plans) {
  const c = yoshiki1(readPlan(YAML, p));
  const { template, input } = templateOf(c);
  const pdf = await generate({
    template, inputs: [input], plugins: { text, table },
    options: { font, title: c.title, lang: "ja" },
  });
  writeFileSync(join(a.out, basename(p, ".yaml") + ".pdf"), pdf);
  bytes += pdf.length;
}
const t2 = performance.now();
process.stdout.write(JSON.stringify({
  peer: "pdfme", docs: a.plans.length, bytes,
  setup_ms: t1 - t0, render_ms: t2 - t1, script_ms: t2 - t0, since_start_ms: t2,
}) + "\n");
