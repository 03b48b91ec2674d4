#!/bin/sh
# preflight.sh FILE.pdf — validates FILE.pdf as PDF/A-1b with Apache PDFBox Preflight.
# Exit 0 when valid, 1 when not (Preflight's findings are printed), 2 on bad use.
# When java or the PDFBox jars are missing it says so and exits 0: tools/install-deps
# installs them, so CI always validates; only a bare developer machine skips.
JARDIR=${YK_JAVA_DIR:-/usr/share/java}
JARS="preflight pdfbox2 fontbox2 xmpbox commons-logging javax.activation jaxb-api"

if [ $# -ne 1 ] || [ ! -f "$1" ]; then
    echo "usage: tests/preflight.sh FILE.pdf" >&2
    exit 2
fi
if ! command -v java >/dev/null 2>&1; then
    echo "preflight: SKIPPED: java is not installed (run tools/install-deps)"
    exit 0
fi
cp=""
for j in $JARS; do
    if [ ! -f "$JARDIR/$j.jar" ]; then
        echo "preflight: SKIPPED: $JARDIR/$j.jar is missing (run tools/install-deps)"
        exit 0
    fi
    cp="$cp${cp:+:}$JARDIR/$j.jar"
done

out=$(java -cp "$cp" org.apache.pdfbox.preflight.Validator_A1b "$1" 2>&1)
rc=$?
if [ $rc -eq 0 ]; then
    echo "preflight: $1 is valid PDF/A-1b"
    exit 0
fi
# one line per distinct finding, with its count (a colour-space error repeats per operator);
# java.util.logging's warnings about the font's cmap format 14 are noise
printf '%s\n' "$out" | grep -E '^[0-9]+(\.[0-9]+)* : ' | sort | uniq -c | sort -rn | head -40
[ -n "$(printf '%s\n' "$out" | grep -E '^[0-9]+(\.[0-9]+)* : ')" ] ||
    printf '%s\n' "$out" | grep -v -e 'processSubtype14' -e 'Format 14 cmap' | tail -20
echo "preflight: $1 is NOT valid PDF/A-1b (Preflight exit $rc)"
exit 1
