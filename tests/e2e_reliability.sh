# Sourced by tests/e2e.sh (uses its $Y, $T, check, has_text): limits before work, one reading
# of every value, and (below) output targets and signals.

# ------------------------------------------------------------------ limits before work

# a 10 MB plan (one goal of 3.5 million characters) is refused unread, naming size and limit
huge_plan_refused() {
    python3 -c 'import sys
open(sys.argv[1], "w").write("format: unei-hoshin/1\nfiscal_year: 2022\nward:\n  name: 鶴見区\n"
    "  chief: 長沢\nmission: m\ngoal: " + "目" * 3500000 + "\n")' "$T/huge.yaml" || return 1
    $Y check "$T/huge.yaml" >"$T/huge.out" 2>&1; rc=$?
    [ $rc -eq 1 ] || { echo "exit $rc, want 1"; cat "$T/huge.out"; return 1; }
    size=$(wc -c <"$T/huge.yaml" | tr -d ' ')
    grep -qF "$T/huge.yaml: error: the plan is 10.0 MiB ($size bytes), over the limit of 1.0 MiB (1048576 bytes)" "$T/huge.out" ||
        { cat "$T/huge.out"; return 1; }
}
check "limits: a 10 MB plan is refused before parsing, with its size and the limit" huge_plan_refused

# ------------------------------------------------------------------ one reading of every value

# complete.yaml with `main: true` moved from strategy 1-1 to 1-2, spelt $1
main_on_1_2() {
    python3 - "$1" "$2" <<'PY'
import sys
lines = open("plans/examples/complete.yaml").read().split("\n")
first = lines.index("        main: true")            # strategy 1-1's
del lines[first]
lines.insert(lines.index("      - number: 1-2") + 1, "        main: " + sys.argv[1])
open(sys.argv[2], "w").write("\n".join(lines))
PY
}

main_true_capitalised() {
    main_on_1_2 True "$T/main-True.yaml" || return 1
    $Y render "$T/main-True.yaml" --forms 1 -o "$T/main-True.pdf" || return 1
    has_text "$T/main-True.pdf" "【１－２ 健康寿命の延伸に向けた健康づくりの推進】" || return 1
    if pdftotext -raw "$T/main-True.pdf" - | grep -qF "【１－１ "; then
        echo "strategy 1-1 printed on 様式1 although 1-2 is main: True"; return 1
    fi
}
check "values: main: True puts strategy 1-2 on 様式1" main_true_capitalised

main_yes_refused() {
    main_on_1_2 yes "$T/main-yes.yaml" || return 1
    line=$(grep -n "main: yes" "$T/main-yes.yaml" | cut -d: -f1)
    $Y render "$T/main-yes.yaml" --forms 1 -o "$T/main-yes.pdf" 2>"$T/main-yes.err"; rc=$?
    [ $rc -eq 1 ] || { echo "exit $rc, want 1"; return 1; }
    grep -qF "main-yes.yaml:$line:15: error: issues[0].strategies[1].main: expected true or false, found 'yes'" "$T/main-yes.err" ||
        { cat "$T/main-yes.err"; return 1; }
    [ ! -e "$T/main-yes.pdf" ] || { echo "a PDF was written"; return 1; }
}
check "values: main: yes is refused at its line" main_yes_refused

# a template with keep_with_next: yes is refused at its line, never read as false
keep_yes_refused() {
    mkdir -p "$T/forms-yes" || return 1
    sed '0,/keep_with_next: true/s//keep_with_next: yes/' forms/yoshiki1.yaml >"$T/forms-yes/yoshiki1.yaml"
    line=$(grep -n "keep_with_next: yes" "$T/forms-yes/yoshiki1.yaml" | cut -d: -f1)
    $Y check plans/2022/tsurumi.yaml --forms-dir "$T/forms-yes" >"$T/keep.out" 2>&1; rc=$?
    [ $rc -eq 1 ] || { echo "exit $rc, want 1"; cat "$T/keep.out"; return 1; }
    grep -q "yoshiki1.yaml:$line:[0-9]*: error: .*keep_with_next: expected true or false, found 'yes'" "$T/keep.out" ||
        { cat "$T/keep.out"; return 1; }
}
check "values: template keep_with_next: yes is refused at its line" keep_yes_refused
