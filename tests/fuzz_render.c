/* libFuzzer target: the whole pipeline. Any bytes as a plan go through plan → bind → layout →
 * draw (to memory) with every bundled form — 様式1, 2 and 3 — and must give a PDF or
 * diagnostics, never a crash, a leak or undefined behaviour. A PDF made must be whole: it
 * starts with %PDF- and ends with %%EOF. Build with `make fuzz`; run with tools/run-fuzz
 * (seeds: tests/fuzz/render/, plans/, tests/plans/). */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sanitizer/lsan_interface.h>

#include "../src/plan.h"
#include "../src/render.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Opened once: the session is immutable and shared, as batch workers share it. */
static yk_session *session;

/* A character no bundled font has sends the session to the system's fonts, and fontconfig
 * then parses its configuration — once per session, leaking a few hundred bytes inside its
 * XML parser (not ours to fix or report). Rendering such a plan once here, with leak
 * detection off, leaves every later leak report about our code. */
static const char warm_up_plan[] =
    "format: unei-hoshin/1\nfiscal_year: 2022\nward: {name: 鶴見区, chief: 長沢}\n"
    "goal: 𠮷野家と葛󠄀飾、\u206B と薶\nmission: 使命\nissues:\n  - number: 1\n    title: 課題\n"
    "    summary: 概要\n    strategies:\n      - {number: 1-1, title: 戦略, body: 本文}\n";

static void warm_up(void)
{
    yk_diag *d = yk_diag_new();
    yk_plan *plan = yk_plan_load_bytes(warm_up_plan, sizeof warm_up_plan - 1, "warm-up", d);
    unsigned char *pdf = NULL;
    size_t len = 0;
    if (plan)
        yk_session_render_memory(session, plan, &pdf, &len, d);
    free(pdf);
    yk_plan_free(plan);
    yk_diag_free(d);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    yk_session_options o;
    yk_session_options_init(&o);
    o.forms_dir = YK_SOURCE_DIR "/forms";
    o.fonts_dir = YK_SOURCE_DIR "/fonts";
    o.icc_profile = "/usr/share/color/icc/sRGB.icc";
    o.epoch = 0;
    yk_diag *d = yk_diag_new();
    session = yk_session_open(&o, d);
    for (size_t i = 0; i < yk_diag_count(d); i++) {
        char *line = yk_diag_format(yk_diag_at(d, i));
        fprintf(stderr, "fuzz_render: %s\n", line);
        free(line);
    }
    yk_diag_free(d);
    if (!session)
        abort();
    __lsan_disable();
    warm_up();
    __lsan_enable();
    return 0;
}

static bool ends_with(const unsigned char *p, size_t len, const char *tail)
{
    size_t n = strlen(tail);
    while (len > 0 && (p[len - 1] == '\n' || p[len - 1] == '\r'))
        len--;
    return len >= n && memcmp(p + len - n, tail, n) == 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    yk_diag *d = yk_diag_new();
    yk_plan *plan = yk_plan_load_bytes((const char *)data, size, "fuzz.yaml", d);
    if (plan) {
        unsigned char *pdf = NULL;
        size_t len = 0;
        if (yk_session_render_memory(session, plan, &pdf, &len, d) &&
            (len < 5 || memcmp(pdf, "%PDF-", 5) != 0 || !ends_with(pdf, len, "%%EOF"))) {
            fprintf(stderr, "fuzz_render: a PDF of %zu bytes that is not whole\n", len);
            abort();
        }
        free(pdf);
    }
    for (size_t i = 0; i < yk_diag_count(d); i++)
        free(yk_diag_format(yk_diag_at(d, i)));
    yk_plan_free(plan);
    yk_diag_free(d);
    return 0;
}
