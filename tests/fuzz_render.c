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

#include "../src/plan.h"
#include "../src/render.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Opened once: the session is immutable and shared, as batch workers share it. */
static yk_session *session;

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
