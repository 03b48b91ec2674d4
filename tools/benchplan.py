#!/usr/bin/env python3
"""benchplan.py SRC.yaml OUT.yaml [--scale K] [--issues N]: a plan for `make bench` made
from a complete one — every text of the plan K times as long (each string repeated K times)
and N 経営課題 (the source's repeated in turn and renumbered). Written as JSON, which YAML
reads as it is. --scale 1 --issues 8 is the bench's stress plan."""
import argparse
import copy
import json
import sys
import os

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests"))
import pdfjudge  # noqa: E402  (its small YAML reader)
from longplan import renumber  # noqa: E402  (the same 経営課題 numbering as the e2e long plan)

# Values that are names, numbers or codes, never prose: left as they are.
KEEP = {"format", "fiscal_year", "status", "name", "code", "slug", "chief", "number",
        "outcome_status", "effectiveness", "status", "target_status", "main", "budget",
        "current", "previous", "settled", "sdgs", "title", "item"}


def lengthen(v, k, key=None):
    if isinstance(v, dict):
        return {kk: lengthen(x, k, kk) for kk, x in v.items()}
    if isinstance(v, list):
        return [lengthen(x, k, key) for x in v]
    if isinstance(v, str) and key not in KEEP and len(v) > 8:
        return v * k
    return v


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("src")
    ap.add_argument("out")
    ap.add_argument("--scale", type=int, default=1)
    ap.add_argument("--issues", type=int, default=0)
    a = ap.parse_args()
    plan = lengthen(pdfjudge.load_yaml(a.src), a.scale)
    issues = plan["issues"]
    if a.issues:
        plan["issues"] = [renumber(copy.deepcopy(issues[i % len(issues)]), i + 1)
                          for i in range(a.issues)]
    with open(a.out, "w", encoding="utf-8") as f:
        json.dump(plan, f, ensure_ascii=False, indent=1)


if __name__ == "__main__":
    main()
