// The text of a 様式1, from a plan, for the peer programs of tools/bench-peers.
//
// Mirrors what forms/yoshiki1.yaml prints (labels, the era/fw/budget/draft filters, the main
// strategy and initiative of each 経営課題), so pdfme and Typst set the same characters as
// yoshiki does. Only what a 様式1 shows; no validation (the plans are yoshiki's own samples).
import { readFileSync } from "node:fs";

const FW_DIGITS = "０１２３４５６７８９";

// 1-1 → １－１ (yoshiki's fw filter)
export function fw(s) {
  return String(s).replace(/[0-9]/g, (d) => FW_DIGITS[d]).replace(/-/g, "－");
}

// 2022 → 令和４年度; 2019 is 令和元年度
export function era(year) {
  const r = year - 2018;
  return `令和${r === 1 ? "元" : fw(r)}年度`;
}

export function eraShort(year) {
  const r = year - 2018;
  return `${r === 1 ? "元" : fw(r)}年度`;
}

// 28523 → 28,523千円; none → －
export function budget(b) {
  const k = b !== null && typeof b === "object" ? b.current : b;
  if (k === undefined || k === null || k === "") return "－";
  return `${Number(k).toLocaleString("en-US")}千円`;
}

function main(list) {
  return (list || []).find((x) => x && x.main) || (list || [])[0] || {};
}

// plan: the parsed YAML. Returns the strings of every cell, in reading order.
export function yoshiki1(plan) {
  const y = plan.fiscal_year;
  const draft = !plan.status || plan.status === "draft";
  const issues = (plan.issues || []).map((is) => {
    const st = main(is.strategies);
    const ini = main(st.initiatives);
    return {
      summary: `【経営課題${fw(is.number)}　${is.title}】\n${is.summary || ""}`,
      strategy: `【${fw(st.number || "")}　${st.title || ""}】\n${st.body || ""}`,
      initiative: `【${fw(ini.number || "")}　${ini.title || ""}】（予算額　${budget(ini.budget)}）\n${ini.body || ""}`,
    };
  });
  const reform = (plan.reform_items || []).map((r) => [r.item || "", r.content || ""]);
  const ev = plan.evaluation || {};
  return {
    mark: "【様式１】",
    title: `${era(y)}　${plan.ward.name}運営方針${draft ? "（案）" : ""}`,
    chief: `（区長：${plan.ward.chief || ""}）`,
    planHeading: "◆計画",
    goalLabel: "区・局の目標（何をめざすのか）",
    goal: plan.goal || "",
    missionLabel: "区・局の使命（どのような役割を担うのか）",
    mission: plan.mission || "",
    policyLabel: `${era(y)}　区・局運営の基本的な考え方（区・局長の方針）`,
    policy: (plan.policy || []).map((p) => `・${p}`),
    issuesHeading: "重点的に取り組む主な経営課題（様式２）",
    issueLabels: ["経営課題の概要", "主な戦略"],
    initiativeLabel: `主な具体的取組（${eraShort(y)}予算額）`,
    issues,
    reformHeading: "「市政改革プラン3.0」に基づく取組等（様式３）",
    reformLabels: ["主な取組項目", "取組内容"],
    reform: reform.length ? reform : [["-", "-"]],
    evaluationHeading: "◆自己評価",
    evaluationLabels: ["１年間の取組成果と今後取り組みたいこと", "解決すべき課題と今後の改善方向"],
    evaluation: [ev.achievements || "", ev.improvements || ""],
  };
}

// The command line every peer takes: --peers DIR --fonts DIR --out DIR PLAN.yaml...
export function args(argv) {
  const a = { peers: null, fonts: null, out: null, plans: [], opts: new Set() };
  for (let i = 0; i < argv.length; i++) {
    const v = argv[i];
    if (v === "--peers" || v === "--fonts" || v === "--out") a[v.slice(2)] = argv[++i];
    else if (v.startsWith("--")) a.opts.add(v.slice(2));
    else a.plans.push(v);
  }
  if (!a.peers || !a.fonts || !a.out || a.plans.length === 0) {
    process.stderr.write("usage: node PEER.mjs --peers DIR --fonts DIR --out DIR PLAN.yaml...\n");
    process.exit(2);
  }
  return a;
}

// An ES module installed in the peers directory (not next to this script).
export async function load(peers, name) {
  const { createRequire } = await import("node:module");
  const { pathToFileURL } = await import("node:url");
  const req = createRequire(peers.replace(/\/?$/, "/") + "package.json");
  return import(pathToFileURL(req.resolve(name)).href);
}

export function readPlan(YAML, path) {
  return YAML.parse(readFileSync(path, "utf8"));
}
