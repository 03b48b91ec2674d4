/* main: argv, subcommands, printing diagnostics and the exit status. Nothing else. */
#include <libintl.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "diag.h"
#include "layout.h"
#include "plan.h"
#include "render.h"

enum { EXIT_OK = 0, EXIT_INPUT = 1, EXIT_USAGE = 2, EXIT_SYSTEM = 3 };

static const char usage[] = YK_N_(
    "usage: yoshiki render PLAN.yaml [-o OUT.pdf] [--forms 1,2,3]\n"
    "       yoshiki check  PLAN.yaml [--forms 1,2,3]\n"
    "       yoshiki layout PLAN.yaml --json [--forms 1,2,3]\n"
    "options: --forms-dir DIR, --fonts-dir DIR (defaults: the bundled ones)\n"
    "         --timings (render: the time of each stage on standard error)\n");

typedef struct options {
    const char *command;
    const char *plan;
    const char *out;
    const char *forms_dir;
    const char *fonts_dir;
    yk_form_set forms;
    bool json;
    bool timings;
} options;

static int print_diag(const yk_diag *d)
{
    for (size_t i = 0; i < yk_diag_count(d); i++) {
        char *line = yk_diag_format(yk_diag_at(d, i));
        fprintf(stderr, "yoshiki: %s\n", line);
        free(line);
    }
    if (yk_diag_has_system_error(d))
        return EXIT_SYSTEM;
    return yk_diag_errors(d) ? EXIT_INPUT : EXIT_OK;
}

static bool parse_forms(const char *s, yk_form_set *out)
{
    *out = 0;
    for (const char *p = s; *p; p++) {
        if (*p >= '1' && *p <= '9' && (p[1] == ',' || p[1] == '\0'))
            *out |= 1u << (*p - '1');
        else if (*p != ',')
            return false;
    }
    return *out != 0;
}

static const char *take_value(int argc, char **argv, int *i)
{
    if (*i + 1 >= argc)
        return NULL;
    return argv[++*i];
}

static bool parse_args(int argc, char **argv, options *o)
{
    memset(o, 0, sizeof *o);
    if (argc < 3)
        return false;
    o->command = argv[1];
    for (int i = 2; i < argc; i++) {
        const char *a = argv[i];
        const char *v = NULL;
        if (strcmp(a, "-o") == 0 && (v = take_value(argc, argv, &i)))
            o->out = v;
        else if (strcmp(a, "--forms") == 0 && (v = take_value(argc, argv, &i)))
            if (!parse_forms(v, &o->forms))
                return false;
            else
                continue;
        else if (strcmp(a, "--forms-dir") == 0 && (v = take_value(argc, argv, &i)))
            o->forms_dir = v;
        else if (strcmp(a, "--fonts-dir") == 0 && (v = take_value(argc, argv, &i)))
            o->fonts_dir = v;
        else if (strcmp(a, "--json") == 0)
            o->json = true;
        else if (strcmp(a, "--timings") == 0)
            o->timings = true;
        else if (a[0] != '-' && !o->plan)
            o->plan = a;
        else
            return false;
    }
    return o->plan != NULL;
}

/* SOURCE_DATE_EPOCH makes the output reproducible; otherwise the file is dated now. */
static long long output_epoch(void)
{
    const char *s = getenv("SOURCE_DATE_EPOCH");
    if (s && *s) {
        char *end;
        long long v = strtoll(s, &end, 10);
        if (*end == '\0' && v >= 0)
            return v;
    }
    return (long long)time(NULL);
}

/* One line a stage, "timing STAGE MS ms", then the total: the session's opening stages and
 * the render's. */
static void print_timings(const yk_timings *opened, const yk_timings *run)
{
    yk_timings all = *opened;
    yk_timings_add(&all, run);
    for (int i = 0; i < YK_STAGE_COUNT; i++)
        fprintf(stderr, "timing %-7s %8.3f ms\n", yk_stage_name((yk_stage)i), all.ms[i]);
    fprintf(stderr, "timing %-7s %8.3f ms\n", "total", yk_timings_total(&all));
}

static int cmd_render(const options *o, const yk_session *s, yk_diag *d)
{
    char *own_out = NULL;
    const char *out = o->out;
    if (!out) {
        yk_plan *plan = yk_plan_load(o->plan, d);
        if (!plan)
            return print_diag(d);
        out = own_out = yk_output_name(plan);
        yk_plan_free(plan);
    }
    yk_timings t = {0};
    yk_session_render_timed(s, o->plan, out, output_epoch(), &t, d);
    if (o->timings)
        print_timings(yk_session_timings(s), &t);
    free(own_out);
    return print_diag(d);
}

static void print_fit(const yk_layout *l)
{
    for (size_t p = 0; p < l->page_count; p++) {
        const yk_layout_page *page = &l->pages[p];
        for (size_t i = 0; i < page->box_count; i++) {
            const yk_layout_box *b = &page->boxes[i];
            /* nearly full: it cannot grow and at most one more line would fit */
            bool nearly_full = b->at_limit && b->line_count > 0 &&
                               (int)b->line_count + 1 >= b->lines_available;
            printf("p%-3d %s: %.2f pt, %zu of %d lines%s%s%s\n", page->number, b->cell,
                   b->font_size, b->line_count, b->lines_available,
                   b->shrunk ? ", shrunk" : "", b->split ? ", flowed over pages" : "",
                   nearly_full ? ", warning: nearly full" : "");
        }
    }
}

static int cmd_layout(const options *o, const yk_session *s, yk_diag *d, bool json)
{
    yk_plan *plan = yk_plan_load(o->plan, d);
    if (!plan)
        return print_diag(d);
    yk_layout layout;
    if (yk_session_layout(s, plan, &layout, d)) {
        if (json) {
            yk_buf out = {0};
            yk_layout_json(&layout, &out);
            fwrite(out.data, 1, out.len, stdout);
            yk_buf_free(&out);
        } else {
            print_fit(&layout);
            printf("%s: %zu pages, fits\n", o->plan, layout.page_count);
        }
    }
    yk_layout_free(&layout);
    yk_plan_free(plan);
    return print_diag(d);
}

/* The compiled messages (po/ja.po and others): PREFIX/share/yoshiki/locale when installed, else
 * build/locale of the source tree, seen from ./yoshiki or from build/<flavour>/yoshiki. */
static void init_locale(void)
{
    static const char *const places[] = {"locale", "build/locale", "../locale"};
    setlocale(LC_ALL, "");
    for (size_t i = 0; i < sizeof places / sizeof places[0]; i++) {
        char *dir = yk_data_dir(places[i], NULL);
        struct stat st;
        bool found = stat(dir, &st) == 0 && S_ISDIR(st.st_mode);
        if (found)
            bindtextdomain(YK_TEXT_DOMAIN, dir);
        free(dir);
        if (found)
            return;
    }
}

int main(int argc, char **argv)
{
    options o;
    init_locale();
    if (argc == 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
        fputs(yk_tr(usage), stdout);
        return EXIT_OK;
    }
    if (!parse_args(argc, argv, &o) ||
        (strcmp(o.command, "render") && strcmp(o.command, "check") && strcmp(o.command, "layout")) ||
        (strcmp(o.command, "layout") == 0 && !o.json)) {
        fputs(yk_tr(usage), stderr);
        return EXIT_USAGE;
    }
    yk_diag *d = yk_diag_new();
    int status;
    yk_session *s = yk_session_open(o.forms_dir, o.fonts_dir, o.forms, d);
    if (!s)
        status = print_diag(d);
    else if (strcmp(o.command, "render") == 0)
        status = cmd_render(&o, s, d);
    else
        status = cmd_layout(&o, s, d, strcmp(o.command, "layout") == 0);
    yk_session_free(s);
    yk_diag_free(d);
    return status;
}
