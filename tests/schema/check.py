#!/usr/bin/env python3
"""The JSON Schema `yoshiki schema` prints agrees with yoshiki (tests/e2e.sh runs this).

  tests/schema/check.py YOSHIKI GOOD_PLAN... 

Every good plan given must be valid under the schema and accepted by `yoshiki check`. Then
each fault a schema can express (unknown key, wrong type, negative budget, missing required
key, empty issues, ...) is written into the first good plan, one at a time: the schema must
reject it and so must yoshiki. Prints one line per finding; exit 1 on any.
Needs python3-jsonschema and python3-yaml (tools/install-deps).
"""
import json
import os
import re
import subprocess
import sys
import tempfile

import jsonschema
import yaml


def load_yaml(path):
    with open(path, encoding="utf-8") as f:
        return yaml.safe_load(f)


def yoshiki_accepts(yoshiki, path):
    r = subprocess.run([yoshiki, "check", path], capture_output=True, text=True)
    return r.returncode == 0, r.stderr


# (name, pattern, replacement): each applied to the base plan's text with re.sub (count 1,
# multiline). The base must hold the lines the patterns look for.
FAULTS = [
    ("unknown key (misspelt summary)", r"^(\s+)summary:", r"\1sumary:"),
    ("unknown top-level key", r"^goal:", "goals:"),
    ("wrong type: fiscal_year as text", r"^fiscal_year:.*$", "fiscal_year: 令和5"),
    ("wrong type: fiscal_year quoted", r"^fiscal_year:\s*(\d+).*$", r'fiscal_year: "\1"'),
    ("wrong type: policy as text, not a list", r"^policy:\n(\s+- .*\n)+", "policy: 方針\n"),
    ("wrong type: main not a boolean", r"^(\s+)main: true", r"\1main: はい"),
    ("wrong type: issue number as text", r"^(\s+- )number: 1$", r"\1number: 一"),
    ("wrong type: ward as text", r"^ward:\n(\s+.*\n)+", "ward: 鶴見区\n"),
    ("negative budget", r"^(\s+)budget: \d+", r"\1budget: -100"),
    ("budget with a unit", r"^(\s+)budget: \d+", r'\1budget: "12,000千円"'),
    ("missing required key: mission", r"^mission:.*\n", ""),
    ("missing required key: ward.chief", r"^  chief:.*\n", ""),
    ("missing required key: format", r"^format:.*\n", ""),
    ("empty required value: goal", r"^goal:.*$", "goal:"),
    ("empty issues", r"^issues:\n(?:(?:\s+.*|)\n)+?(?=^\S|\Z)", "issues: []\n"),
    ("unknown format", r"^format:.*$", "format: unei-hoshin/2"),
    ("unknown status", r"^status:.*$", "status: done"),
    ("SDG goal out of range", r"^(\s+)sdgs: \[.*\]$", r"\1sdgs: [3, 18]"),
    ("malformed strategy number", r"^(\s+- )number: 1-1$", r"\1number: 1の1"),
    ("ward code not 6 digits", r'^  code:.*$', '  code: "27124"'),
    ("slug with capitals", r"^  slug:.*$", "  slug: Tsurumi"),
]


def main():
    yoshiki, plans = sys.argv[1], sys.argv[2:]
    out = subprocess.run([yoshiki, "schema"], capture_output=True, text=True, check=True).stdout
    schema = json.loads(out)
    jsonschema.Draft7Validator.check_schema(schema)
    validator = jsonschema.Draft7Validator(schema)
    bad = 0
    for plan in plans:
        errors = list(validator.iter_errors(load_yaml(plan)))
        ok, why = yoshiki_accepts(yoshiki, plan)
        if errors:
            bad += 1
            print(f"{plan}: good plan, but the schema rejects it: {errors[0].message} "
                  f"at {'/'.join(map(str, errors[0].absolute_path))}")
        if not ok:
            bad += 1
            print(f"{plan}: yoshiki rejects a plan given as good: {why.strip()[:300]}")
    base_path = plans[0]
    with open(base_path, encoding="utf-8") as f:
        base = f.read()
    with tempfile.TemporaryDirectory() as tmp:
        for name, pattern, repl in FAULTS:
            text, n = re.subn(pattern, repl, base, count=1, flags=re.M)
            if n == 0:
                bad += 1
                print(f"{name}: the base plan {base_path} has nothing to change")
                continue
            path = os.path.join(tmp, "bad.yaml")
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
            try:
                schema_ok = validator.is_valid(load_yaml(path))
            except yaml.YAMLError as e:
                schema_ok = False
            accepted, _ = yoshiki_accepts(yoshiki, path)
            if schema_ok:
                bad += 1
                print(f"{name}: the schema accepts it")
            if accepted:
                bad += 1
                print(f"{name}: yoshiki accepts it")
    print(f"schema: {len(plans)} good plans, {len(FAULTS)} faults, {bad} disagreements")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
