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

# ------------------------------------------------------------------ output targets

TSURUMI=plans/2022/tsurumi.yaml

# is_pdf FILE: a whole PDF (poppler reads its page count)
is_pdf() { pdfinfo "$1" >/dev/null 2>&1 || { echo "$1 is not a readable PDF"; return 1; }; }

symlink_target_updated() {
    d=$T/out-link; mkdir -p "$d/real" || return 1
    echo old >"$d/real/doc.pdf"
    ln -s real/doc.pdf "$d/link.pdf" || return 1
    $Y render "$TSURUMI" --forms 1 -o "$d/link.pdf" -q || return 1
    [ -L "$d/link.pdf" ] || { echo "the link was replaced by a file"; return 1; }
    is_pdf "$d/real/doc.pdf" || return 1
    left=$(find "$d" -name '*.tmp.*')
    [ -z "$left" ] || { echo "temporary files left: $left"; return 1; }
}
check "output: -o through a symlink updates its target and keeps the link" symlink_target_updated

fifo_delivers() {
    d=$T/out-fifo; mkdir -p "$d" && mkfifo "$d/pipe" || return 1
    timeout 120 cat "$d/pipe" >"$d/got.pdf" &
    reader=$!
    timeout 120 $Y render "$TSURUMI" --forms 1 -o "$d/pipe" -q; rc=$?
    wait $reader
    [ $rc -eq 0 ] || { echo "exit $rc"; return 1; }
    [ -p "$d/pipe" ] || { echo "the FIFO is gone or replaced"; return 1; }
    is_pdf "$d/got.pdf" || return 1
    [ "$(ls -A "$d" | tr '\n' ' ')" = "got.pdf pipe " ] || { echo "left: $(ls -A "$d")"; return 1; }
}
check "output: -o a FIFO streams the PDF through it and the FIFO stays" fifo_delivers

stdout_gets_pdf() {
    d=$T/out-stdout; mkdir -p "$d" || return 1
    SOURCE_DATE_EPOCH=1650000000 $Y render "$TSURUMI" --forms 1 -o - >"$d/stdout.pdf" 2>"$d/err" || { cat "$d/err"; return 1; }
    SOURCE_DATE_EPOCH=1650000000 $Y render "$TSURUMI" --forms 1 -o "$d/file.pdf" -q || return 1
    cmp "$d/stdout.pdf" "$d/file.pdf" || { echo "standard output differs from the file"; return 1; }
    [ ! -e ./- ] || { echo "a file named '-' was written"; return 1; }
}
check "output: -o - writes the PDF to standard output" stdout_gets_pdf

# nothing_left DIR...: every directory given is empty
nothing_left() {
    for dir in "$@"; do
        [ -z "$(ls -A "$dir")" ] || { echo "left in $dir: $(ls -A "$dir")"; return 1; }
    done
}

# file_size_limit KB: under `ulimit -f KB`, exit 3 with the reason and nothing left anywhere
file_size_limit() {
    d=$T/out-ulimit-$1; mkdir -p "$d/out" "$d/tmp" || return 1
    (ulimit -f "$1"; TMPDIR=$d/tmp exec $Y render "$TSURUMI" -o "$d/out/x.pdf" -q) 2>"$d/err"; rc=$?
    [ $rc -eq 3 ] || { echo "exit $rc, want 3"; cat "$d/err"; return 1; }
    grep -q "^yoshiki: .*: error: cannot write .*File too large" "$d/err" || { cat "$d/err"; return 1; }
    nothing_left "$d/out" "$d/tmp"
}
check "output: a file-size limit hit by the font subsets is exit 3, a message, nothing left" file_size_limit 20
check "output: a file-size limit hit by the PDF is exit 3, a message, nothing left" file_size_limit 100

# A device the test may lose: as root (who could replace /dev/full if output regressed) a node
# of our own, else /dev/full itself (then /dev is not ours to write).
full_device() {
    if [ -w /dev ]; then
        mknod "$T/full" c 1 7 2>/dev/null && echo "$T/full"
    else
        echo /dev/full
    fi
}

device_full() {
    dev=$(full_device)
    [ -n "$dev" ] || { echo "cannot make a full device (root without mknod)"; return 1; }
    $Y render "$TSURUMI" --forms 1 -o "$dev" -q 2>"$T/full.err"; rc=$?
    [ $rc -eq 3 ] || { echo "exit $rc, want 3"; return 1; }
    grep -qF "yoshiki: $dev: error: cannot write the PDF: No space left on device" "$T/full.err" || { cat "$T/full.err"; return 1; }
    [ -c "$dev" ] || { echo "$dev is no longer a device"; return 1; }
}
check "output: -o /dev/full is written in place and its ENOSPC is exit 3" device_full

closed_pipe() {
    { $Y render "$TSURUMI" --forms 1 -o - 2>"$T/pipe.err"; echo $? >"$T/pipe.rc"; } | head -c 100 >/dev/null
    rc=$(cat "$T/pipe.rc")
    [ "$rc" -eq 3 ] || { echo "exit $rc, want 3"; return 1; }
    grep -qF "yoshiki: standard output: error: cannot write the PDF: Broken pipe" "$T/pipe.err" || { cat "$T/pipe.err"; return 1; }
}
check "output: a reader that goes away (EPIPE) is exit 3 with a message" closed_pipe

# ------------------------------------------------------------------ signals

# temp_seen PID DIR: waits until a temporary file shows in DIR/tmp or DIR/out; false when
# process PID ends first
temp_seen() {
    while kill -0 $1 2>/dev/null; do
        for f in "$2"/tmp/* "$2"/out/*.tmp.*; do
            [ -e "$f" ] && return 0
        done
    done
    return 1
}

# stopped_by SIGNAL STATUS PLAN: the signal, sent once a temporary file of the render exists,
# ends it with STATUS and leaves no temporary file (output directory, TMPDIR)
stopped_by() {
    d=$T/sig-$1; mkdir -p "$d/out" "$d/tmp" || return 1
    # a background job starts with SIGINT ignored, which yoshiki respects: restore it
    TMPDIR=$d/tmp env --default-signal=INT $Y render "$3" -o "$d/out/x.pdf" -q 2>"$d/err" &
    pid=$!
    temp_seen $pid "$d" || { wait $pid; echo "the render ended before a temporary file was seen"; return 1; }
    kill -"$1" $pid
    wait $pid; rc=$?
    [ $rc -eq "$2" ] || { echo "exit $rc, want $2"; cat "$d/err"; return 1; }
    nothing_left "$d/out" "$d/tmp"
}
check "signals: SIGTERM in the middle of a long render: exit 143, no temporary file" stopped_by TERM 143 "$T/long.yaml"
check "signals: SIGINT: exit 130, no temporary file" stopped_by INT 130 "$T/long.yaml"
check "signals: SIGHUP: exit 129, no temporary file" stopped_by HUP 129 "$T/long.yaml"

# ------------------------------------------------------------------ thread-safety groundwork

# The library runs in batch's parallel workers: no C library call that keeps hidden static
# state (strerror → yk_strerror, which uses strerror_r) and no environment read in it.
no_thread_unsafe_calls() {
    found=$(grep -nE '\b(strerror|strtok|localtime|gmtime|ctime|asctime|rand|srand|tmpnam|setlocale)\(' src/*.c |
        grep -v '^src/main\.c:\|^src/cli[a-z_]*\.c:')
    [ -z "$found" ] || { echo "$found"; return 1; }
    found=$(grep -n '\bgetenv(' src/*.c | grep -v '^src/main\.c:\|^src/cli[a-z_]*\.c:')
    [ -z "$found" ] || { echo "the library reads the environment:"; echo "$found"; return 1; }
}
check "threads: no strerror/strtok/localtime… and no getenv in the library" no_thread_unsafe_calls

# SIGTERM in the middle of a batch (two workers, six long plans): exit 143 and no temporary
# file anywhere, whatever each worker was writing; the PDFs already finished stay whole.
batch_stopped() {
    d=$T/sig-batch; mkdir -p "$d/plans" "$d/out" "$d/tmp" || return 1
    tools/make-sample-plans "$d/all" >/dev/null || return 1
    for p in $(ls "$d/all" | head -6); do cp "$d/all/$p" "$d/plans/"; done
    TMPDIR=$d/tmp $Y batch "$d/plans" -o "$d/out" -j 2 2>"$d/err" >/dev/null &
    pid=$!
    temp_seen $pid "$d" || { wait $pid; echo "the batch ended before a temporary file was seen"; return 1; }
    kill -TERM $pid
    wait $pid; rc=$?
    [ $rc -eq 143 ] || { echo "exit $rc, want 143"; cat "$d/err"; return 1; }
    nothing_left "$d/tmp" || return 1
    left=$(find "$d/out" -name '*.tmp.*')
    [ -z "$left" ] || { echo "left: $left"; return 1; }
    for pdf in "$d"/out/*.pdf; do
        [ -e "$pdf" ] || continue
        is_pdf "$pdf" || return 1
    done
}
check "signals: SIGTERM in the middle of a batch of long plans: exit 143, no temporary file" batch_stopped
