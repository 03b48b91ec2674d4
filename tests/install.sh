#!/bin/sh
# yoshiki as installed: `make install` into a temporary prefix, then the library through
# pkg-config (a C program built with -Wall -Werror, the header as C++, only the API
# exported), the installed program from another directory, the man pages and completion.
# Prints `ok - NAME` / `not ok - NAME` and last `install: N passed, M failed`.
set -u
cd "$(dirname "$0")/.." || exit 2
ROOT=$(pwd)
T=$(mktemp -d "${TMPDIR:-/tmp}/yoshiki-install.XXXXXX") || exit 2
trap 'rm -rf "$T"' EXIT
trap 'exit 130' INT TERM
P=$T/prefix
PASS=0 FAIL=0 WHY=$T/why
check() {
    _cn=$1; shift
    if "$@" >"$WHY" 2>&1; then PASS=$((PASS + 1)); echo "ok - $_cn"
    else FAIL=$((FAIL + 1)); echo "not ok - $_cn"; sed -n '1,25s/^/#   /p' "$WHY"; fi
}
unset YOSHIKI_FORMS YOSHIKI_FONTS YOSHIKI_ICC_PROFILE
export LC_ALL=C.UTF-8

check "make install PREFIX=…" make --no-print-directory install PREFIX="$P"
laid_out() {
    for f in bin/yoshiki include/yoshiki.h lib/libyoshiki.a lib/libyoshiki.so lib/pkgconfig/yoshiki.pc \
             share/man/man1/yoshiki.1 share/man/man5/yoshiki-plan.5 \
             share/bash-completion/completions/yoshiki share/yoshiki/forms/yoshiki1.yaml \
             share/yoshiki/forms/wards.yaml share/yoshiki/unei-hoshin-1.schema.json; do
        [ -e "$P/$f" ] || { echo "missing $f"; return 1; }
    done
    ls "$P"/share/yoshiki/fonts/*.ttf >/dev/null || return 1
    ls "$P"/lib/libyoshiki.so.* >/dev/null || return 1
}
check "install: bin, header, libraries, .pc, man pages, completion and data in place" laid_out
soname() {
    readelf -d "$P/lib/libyoshiki.so" | grep -q 'SONAME.*\[libyoshiki\.so\.[0-9]*\]' &&
        [ -e "$P/lib/$(readelf -d "$P/lib/libyoshiki.so" | sed -n 's/.*SONAME.*\[\(.*\)\]/\1/p')" ]
}
check "libyoshiki.so has a soname, and the soname's link is installed" soname
staged() {
    make --no-print-directory install PREFIX=/usr DESTDIR="$T/stage" >/dev/null &&
        [ -x "$T/stage/usr/bin/yoshiki" ] && [ ! -e "$P/stage" ] &&
        grep -qx 'prefix=/usr' "$T/stage/usr/lib/pkgconfig/yoshiki.pc"
}
check "DESTDIR stages the install; the .pc names the real prefix" staged

export PKG_CONFIG_PATH="$P/lib/pkgconfig"
example() {
    cflags=$(pkg-config --cflags yoshiki) && libs=$(pkg-config --libs yoshiki) || return 1
    ${CC:-cc} -std=c11 -Wall -Wextra -Werror $cflags -o "$T/api_example" tests/api_example.c $libs || return 1
    forms=$(pkg-config --variable=formsdir yoshiki) fonts=$(pkg-config --variable=fontsdir yoshiki)
    icc=$(pkg-config --variable=iccprofile yoshiki)
    mkdir -p "$T/app" && cd "$T/app" || return 1
    LD_LIBRARY_PATH="$P/lib" "$T/api_example" "$forms" "$fonts" "$icc" "$ROOT/plans/2022/tsurumi.yaml" out.pdf >"$T/example.out" || return 1
    cd "$ROOT" || return 1
    grep -q '^2022-271241-tsurumi.pdf [0-9]' "$T/example.out" || { cat "$T/example.out"; return 1; }
    pdfinfo "$T/app/out.pdf" | grep -q '^Pages:' || return 1
    LD_LIBRARY_PATH="$P/lib" ldd "$T/api_example" | grep -q "$P/lib/libyoshiki.so" || { echo "not linked to the installed libyoshiki.so"; return 1; }
}
check "a C program built through pkg-config (-Wall -Werror) renders a plan, to a file and to memory" example
check "yoshiki.h parses as C++" g++ -fsyntax-only -Wall -Werror -x c++ "$P/include/yoshiki.h"
exports() {
    syms=$(nm -D --defined-only "$P/lib/libyoshiki.so" | awk '$2 ~ /^[TDBRVW]$/ {print $3}')
    [ -n "$syms" ] || { echo "no exported symbols"; return 1; }
    bad=0
    for s in $syms; do
        grep -Eq "^YK_API [^;]*[ *]$s\(" "$P/include/yoshiki.h" || { echo "exported but not in yoshiki.h: $s"; bad=1; }
    done
    for s in $(sed -n 's/^YK_API [^(]*[ *]\(yk_[a-z_]*\)(.*/\1/p' "$P/include/yoshiki.h"); do
        echo "$syms" | grep -qx "$s" || { echo "declared in yoshiki.h but not exported: $s"; bad=1; }
    done
    return $bad
}
check "libyoshiki.so exports exactly the functions yoshiki.h declares" exports

elsewhere() {
    mkdir -p "$T/elsewhere" && cd "$T/elsewhere" || return 1
    "$P/bin/yoshiki" render "$ROOT/plans/2022/tsurumi.yaml" --forms 1 >"$T/render.out" 2>&1 || { cat "$T/render.out"; return 1; }
    cd "$ROOT" || return 1
    [ -s "$T/elsewhere/2022-271241-tsurumi-yoshiki1.pdf" ] || { echo "no PDF"; ls "$T/elsewhere"; return 1; }
    grep -q 'wrote 2022-271241-tsurumi-yoshiki1.pdf: 2 pages' "$T/render.out" || { cat "$T/render.out"; return 1; }
}
check "the installed yoshiki renders from another directory with its installed data" elsewhere
check "the installed yoshiki speaks Japanese with its installed messages" \
    sh -c "cd '$T' && LC_ALL=ja_JP.UTF-8 '$P/bin/yoshiki' help render | grep -q '使い方: yoshiki render'"
check "installed yoshiki --version" sh -c "'$P/bin/yoshiki' --version | grep -qx 'yoshiki [0-9][0-9.]*'"
if command -v mandoc >/dev/null 2>&1; then
    # from man/, where each page's cross-reference to the other is found
    check "man pages: mandoc -T lint finds nothing" sh -c "cd man && mandoc -T lint yoshiki.1 yoshiki-plan.5 && cmp yoshiki.1 '$P/share/man/man1/yoshiki.1'"
    check "yoshiki(1) documents --forms" sh -c "mandoc -T ascii '$P/share/man/man1/yoshiki.1' | col -b | grep -q -- '--forms LIST'"
    man_commands() {
        bad=0
        for c in $("$P/bin/yoshiki" help | sed -n 's/^  \([a-z][a-z-]*\)  .*/\1/p'); do
            grep -qx "\.Cm $c" "$P/share/man/man1/yoshiki.1" || { echo "yoshiki(1) lacks the command $c"; bad=1; }
        done
        return $bad
    }
    check "yoshiki(1) documents every command yoshiki help lists" man_commands
else
    FAIL=$((FAIL + 1)); echo "not ok - mandoc not found (run tools/install-deps)"
fi
completion() {
    bash -n "$P/share/bash-completion/completions/yoshiki" || return 1
    # shellcheck disable=SC2016
    out=$(PATH="$P/bin:$PATH" bash -c '. "$1"; COMP_WORDS=(yoshiki render x.yaml --forms ""); COMP_CWORD=4; _yoshiki; echo "${COMPREPLY[*]}"' - "$P/share/bash-completion/completions/yoshiki")
    [ "$out" = "1 yoshiki1 2 yoshiki2 3 yoshiki3" ] || { echo "--forms completes to: $out"; return 1; }
    out=$(PATH="$P/bin:$PATH" bash -c '. "$1"; COMP_WORDS=(yoshiki ren); COMP_CWORD=1; _yoshiki; echo "${COMPREPLY[*]}"' - "$P/share/bash-completion/completions/yoshiki")
    [ "$out" = render ] || { echo "ren completes to: $out"; return 1; }
}
check "bash completion: commands and --forms" completion

echo "install: $PASS passed, $FAIL failed"
[ "$FAIL" -eq 0 ]
