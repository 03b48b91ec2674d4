#!/usr/bin/env python3
"""longplan.py SRC.yaml OUT.yaml: a hard plan made from a complete one — 8 経営課題 (the
source's issues repeated and renumbered) with every text of 様式2 three times as long.
Written as JSON, which YAML reads as it is. Used by tests/e2e.sh to drive continuation pages."""
import copy
import json
import sys

sys.path.insert(0, "tests")
import pdfjudge  # noqa: E402  (its small YAML reader)

LONG = {"vision", "current_state", "causes", "challenge", "body", "target_state",
        "outcome_indicator", "withdrawal_criteria", "past_results", "performance_target",
        "progress", "outcome_interim", "results", "remedy"}


def lengthen(v):
    if isinstance(v, dict):
        return {k: (x * 3 if k in LONG and isinstance(x, str) else lengthen(x)) for k, x in v.items()}
    if isinstance(v, list):
        return [lengthen(x) for x in v]
    return v


def renumber(issue, n):
    issue["number"] = n
    for j, st in enumerate(issue.get("strategies") or [], 1):
        st["number"] = f"{n}-{j}"
        for k, ini in enumerate(st.get("initiatives") or [], 1):
            ini["number"] = f"{n}-{j}-{k}"
    return issue


def main(src, out):
    plan = pdfjudge.load_yaml(src)
    issues = plan["issues"]
    plan["issues"] = [renumber(lengthen(copy.deepcopy(issues[i % len(issues)])), i + 1)
                      for i in range(8)]
    with open(out, "w", encoding="utf-8") as f:
        json.dump(plan, f, ensure_ascii=False, indent=1)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
