/* A program that uses libyoshiki only through <yoshiki.h>, as a city system would:
 *   api_example FORMS_DIR FONTS_DIR ICC_PROFILE PLAN OUT.pdf
 * It renders PLAN to OUT.pdf and to memory (the same bytes), lays it out as JSON, and checks
 * that a broken plan and an unknown form come back as located diagnostics. tests/install.sh
 * compiles it against the installed library through pkg-config. */
#include <yoshiki.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int failures;

static void expect(bool ok, const char *what)
{
    if (!ok) {
        fprintf(stderr, "api_example: %s\n", what);
        failures++;
    }
}

static void print_all(const yk_diagnostics *d)
{
    for (size_t i = 0; i < yk_diagnostics_count(d); i++) {
        char *line = yk_diagnostic_format(yk_diagnostics_at(d, i));
        fprintf(stderr, "  %s\n", line);
        yk_free(line);
    }
}

static unsigned char *read_all(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    unsigned char *buf = NULL;
    size_t cap = 0;
    *len = 0;
    for (;;) {
        if (*len == cap) {
            cap = cap ? 2 * cap : 65536;
            buf = realloc(buf, cap);
        }
        size_t n = fread(buf + *len, 1, cap - *len, f);
        if (n == 0)
            break;
        *len += n;
    }
    fclose(f);
    return buf;
}

static void broken_plan_is_located(const yk_session_options *base)
{
    yk_diagnostics *d = yk_diagnostics_new();
    static const char plan[] = "format: unei-hoshin/1\nfiscal_year: 2022\nward: {name: 鶴見区}\n"
                               "goal: g\nmision: m\n";
    expect(yk_plan_load_bytes(plan, sizeof plan - 1, "broken.yaml", d) == NULL,
           "a broken plan loaded");
    bool located = false;
    for (size_t i = 0; i < yk_diagnostics_count(d); i++) {
        const yk_diagnostic *e = yk_diagnostics_at(d, i);
        if (yk_diagnostic_level(e) == YK_LEVEL_ERROR && !yk_diagnostic_is_system(e) &&
            strcmp(yk_diagnostic_file(e), "broken.yaml") == 0 && yk_diagnostic_line(e) == 5 &&
            strstr(yk_diagnostic_message(e), "mission"))
            located = true;
    }
    expect(located, "no error at broken.yaml:5 suggesting 'mission'");
    yk_diagnostics_free(d);

    d = yk_diagnostics_new();
    yk_session_options o = *base;
    const char *forms[] = {"yoshiki9"};
    o.forms = forms;
    o.form_count = 1;
    expect(yk_session_open(&o, d) == NULL, "a session with an unknown form opened");
    expect(yk_diagnostics_errors(d) == 1, "an unknown form is not one error");
    yk_diagnostics_free(d);
}

int main(int argc, char **argv)
{
    if (argc != 6) {
        fprintf(stderr, "usage: api_example FORMS_DIR FONTS_DIR ICC_PROFILE PLAN OUT.pdf\n");
        return 2;
    }
    expect(strcmp(yk_version(), YK_VERSION) == 0, "yk_version() is not YK_VERSION");
    yk_session_options o;
    yk_session_options_init(&o);
    o.forms_dir = argv[1];
    o.fonts_dir = argv[2];
    o.icc_profile = argv[3];
    o.epoch = 1650000000;
    yk_diagnostics *d = yk_diagnostics_new();
    yk_session *s = yk_session_open(&o, d);
    yk_plan *plan = s ? yk_plan_load(argv[4], d) : NULL;
    yk_layout *layout = plan ? yk_layout_new(s, plan, d) : NULL;
    expect(layout != NULL, "cannot lay the plan out");
    if (layout) {
        char *json = yk_layout_to_json(layout);
        expect(json[0] == '{' && strstr(json, "\"pages\""), "the layout JSON has no pages");
        expect(yk_layout_page_count(layout) >= yk_session_form_count(s),
               "fewer pages than forms");
        yk_free(json);
    }
    expect(plan && yk_render_file(s, plan, argv[5], d), "yk_render_file failed");
    unsigned char *mem = NULL;
    size_t mem_len = 0;
    expect(plan && yk_render_memory(s, plan, &mem, &mem_len, d), "yk_render_memory failed");
    size_t file_len = 0;
    unsigned char *file = read_all(argv[5], &file_len);
    expect(file && mem && file_len == mem_len && memcmp(file, mem, mem_len) == 0,
           "the PDF in memory differs from the file");
    if (plan) {
        char *name = yk_plan_output_name(s, plan);
        printf("%s %zu %zu\n", name, yk_layout_page_count(layout), mem_len);
        yk_free(name);
    }
    free(file);
    yk_free(mem);
    print_all(d);
    expect(yk_diagnostics_errors(d) == 0, "errors were reported");
    yk_layout_free(layout);
    yk_plan_free(plan);
    yk_session_free(s);
    yk_diagnostics_free(d);
    if (s)
        broken_plan_is_located(&o);
    return failures ? 1 : 0;
}
