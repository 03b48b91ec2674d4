/* main: the yoshiki command. The command table, dispatch, and each command's handler; option
 * parsing, help and the environment are cli's. Only this program prints and picks the exit
 * status: 0 ok, 1 an error in a plan or template, 2 bad usage, 3 a system error. */
#include <errno.h>
#include <libintl.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "batch.h"
#include "cli.h"
#include "diag.h"
#include "layout.h"
#include "plan.h"
#include "render.h"
#include "report.h"
#include "schema.h"
#include "skeleton.h"
#include "ward.h"

/* ---- render ---- */

static bool is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* -o FILE, -o DIR/ or an existing DIR (then the plan's own name inside), or no -o (the
 * plan's own name here). The name says which forms when only some are printed. */
static char *output_path(const char *o, const yk_session *s, const yk_plan *plan)
{
    size_t len = o ? strlen(o) : 0;
    if (o && len > 0 && o[len - 1] != '/' && !is_dir(o))
        return yk_xstrdup(o);
    char *name = yk_session_output_name(s, plan);
    if (!o)
        return name;
    char *path = yk_xasprintf("%s%s%s", o, o[len - 1] == '/' ? "" : "/", name);
    free(name);
    return path;
}

/* Standard output carries the PDF itself, so nothing is said there; a FIFO or a device has
 * no size to tell. */
/* -o DIR/ names a directory that must be there: say so rather than fail on the file in it */
static bool output_dir_exists(const char *o, yk_diag *d)
{
    if (!o || !*o || o[strlen(o) - 1] != '/' || is_dir(o))
        return true;
    yk_diag_syserror(d, o, "no such directory: create it first, or name a file");
    return false;
}

static void print_written(const char *path, size_t pages)
{
    struct stat st;
    if (strcmp(path, "-") == 0)
        return;
    if (stat(path, &st) != 0 || !S_ISREG(st.st_mode))
        printf(pages == 1 ? yk_tr("wrote %s: %zu page\n") : yk_tr("wrote %s: %zu pages\n"), path,
               pages);
    else
        printf(pages == 1 ? yk_tr("wrote %s: %zu page, %.0f KB\n")
                          : yk_tr("wrote %s: %zu pages, %.0f KB\n"),
               path, pages, (double)st.st_size / 1024.0);
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

static int cmd_render(const cli_args *a)
{
    yk_diag *d = yk_diag_new();
    yk_session *s = cli_open_session(a, d);
    yk_timings t = {0};
    double mark = yk_clock_ms();
    yk_plan *plan = s ? yk_plan_load(a->operands[0], d) : NULL;
    yk_timings_lap(&t, YK_STAGE_LOAD, &mark);
    if (plan && output_dir_exists(cli_value(a, "--output"), d)) {
        char *out = output_path(cli_value(a, "--output"), s, plan);
        size_t pages = 0;
        if (yk_session_render_plan(s, plan, out, &pages, &t, d) && !cli_flag(a, "--quiet"))
            print_written(out, pages);
        free(out);
    }
    if (s && cli_flag(a, "--timings"))
        print_timings(yk_session_timings(s), &t);
    int status = cli_report(d);
    yk_plan_free(plan);
    yk_session_free(s);
    yk_diag_free(d);
    return status;
}

/* ---- check and layout ---- */

static int lay_out(const cli_args *a, bool json)
{
    yk_diag *d = yk_diag_new();
    yk_session *s = cli_open_session(a, d);
    yk_plan *plan = s ? yk_plan_load(a->operands[0], d) : NULL;
    yk_layout layout = {0};
    if (plan && yk_session_layout(s, plan, &layout, d)) {
        if (json) {
            yk_buf out = {0};
            yk_layout_json(&layout, &out);
            fwrite(out.data, 1, out.len, stdout);
            yk_buf_free(&out);
        } else {
            yk_buf out = {0};
            yk_report_fit(&layout, a->operands[0], cli_flag(a, "--all"),
                          yk_diag_count(d) - yk_diag_errors(d), &out, NULL);
            fputs(out.data, stdout);
            yk_buf_free(&out);
        }
    }
    int status = cli_report(d);
    yk_layout_clear(&layout);
    yk_plan_free(plan);
    yk_session_free(s);
    yk_diag_free(d);
    return status;
}

static int cmd_check(const cli_args *a)
{
    return lay_out(a, false);
}

static int cmd_layout(const cli_args *a)
{
    return lay_out(a, true);
}

/* ---- forms ---- */

static int cmd_forms(const cli_args *a)
{
    yk_diag *d = yk_diag_new();
    yk_session *s = cli_open_session(a, d);
    for (size_t i = 0; s && i < yk_session_form_count(s); i++)
        printf("%zu %s\n", i + 1, yk_session_form_name(s, i));
    int status = cli_report(d);
    yk_session_free(s);
    yk_diag_free(d);
    return status;
}

/* ---- schema ---- */

static int cmd_schema(const cli_args *a)
{
    yk_buf out = {0};
    yk_schema_json(&out);
    fputs(out.data, stdout);
    yk_buf_free(&out);
    return EXIT_OK;
}

/* ---- new ---- */

/* The installed or source tree's schema, as an absolute path for the plan's first line:
 * beside the forms directory (PREFIX/share/yoshiki/) or in the tree's schema/. */
static char *schema_file(const char *forms_dir)
{
    static const char *const places[] = {"%.*s" YK_SCHEMA_FILE, "%.*sschema/" YK_SCHEMA_FILE};
    size_t len = strlen(forms_dir);
    while (len > 1 && forms_dir[len - 1] == '/')
        len--;
    while (len > 0 && forms_dir[len - 1] != '/')
        len--; /* the parent, with its '/', or "" */
    for (size_t i = 0; i < sizeof places / sizeof places[0]; i++) {
        char *path = yk_xasprintf(places[i], (int)len, forms_dir);
        struct stat st;
        if (stat(path, &st) == 0 && S_ISREG(st.st_mode))
            return path;
        free(path);
    }
    return NULL;
}

/* A plan is written for the fiscal year under way (April to March) unless told otherwise. */
static int fiscal_year_now(void)
{
    time_t now = time(NULL);
    struct tm tm;
    localtime_r(&now, &tm);
    return tm.tm_year + 1900 - (tm.tm_mon < 3);
}

static int cmd_new(const cli_args *a)
{
    const char *year_text = cli_value(a, "--year");
    int year = fiscal_year_now();
    if (year_text) {
        char *end;
        long y = strtol(year_text, &end, 10);
        if (*end || end == year_text || y < 1989 || y > 2100)
            return cli_usage_error(a->cmd, "--year expects a Western year from 1989 to 2100, "
                                           "found '%s'", year_text);
        year = (int)y;
    }
    const char *dir = cli_value(a, "--forms-dir");
    char *forms = dir ? yk_xstrdup(dir) : cli_data_dir("forms", "YOSHIKI_FORMS");
    yk_diag *d = yk_diag_new();
    yk_ward_table *t = yk_ward_table_open(forms, d);
    int status = t ? EXIT_OK : cli_report(d);
    const yk_ward *w = t ? yk_ward_find(t, a->operands[0]) : NULL;
    if (t && !w) {
        const char *names[64];
        size_t n = 0;
        for (size_t i = 0; i < yk_ward_count(t) && n < 64; i++)
            names[n++] = yk_ward_at(t, i)->name;
        const char *hint = yk_suggest(a->operands[0], names, n);
        status = hint ? cli_usage_error(a->cmd, "no ward is called '%s' (did you mean '%s'?)",
                                        a->operands[0], hint)
                      : cli_usage_error(a->cmd, "no ward is called '%s'; write its name (鶴見区 or "
                                                "鶴見), its slug (tsurumi) or its code (271241)",
                                        a->operands[0]);
    } else if (w) {
        yk_buf out = {0};
        char *schema = schema_file(forms);
        yk_skeleton(w, year, schema, &out);
        fputs(out.data, stdout);
        yk_buf_free(&out);
        free(schema);
    }
    yk_ward_table_free(t);
    yk_diag_free(d);
    free(forms);
    return status;
}

/* ---- batch ---- */

/* "[12/24] 2022-271241-tsurumi.pdf", rewritten in place on a terminal. */
static void show_progress(void *ctx, size_t done, size_t total, const char *name)
{
    fprintf(stderr, "\r\033[K[%zu/%zu] %s", done, total, name ? name : "");
    if (done == total)
        fputs("\r\033[K", stderr);
    fflush(stderr);
}

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Each plan's messages in input order, then the run's, then one summary line. */
static int report_batch(const yk_batch_result *r, const char *book, double seconds)
{
    yk_diag *all = yk_diag_new();
    for (size_t i = 0; i < r->count; i++)
        yk_diag_append(all, r->items[i].diag);
    yk_diag_append(all, r->diag);
    int status = cli_report(all);
    yk_diag_free(all);
    fprintf(stderr, yk_tr("yoshiki: batch: %zu written, %zu failed, %zu pages, %lld bytes, %.2f s\n"),
            r->written, r->failed, r->pages, r->bytes, seconds);
    if (r->book_written)
        fprintf(stderr, yk_tr("yoshiki: book: %s, %zu pages, %lld bytes\n"), book, r->book_pages,
                r->book_bytes);
    return status == EXIT_OK && r->failed ? EXIT_INPUT : status;
}

/* The ward table beside the templates: --forms-dir, else where the session finds them. */
static yk_ward_table *open_wards(const cli_args *a, yk_diag *d)
{
    const char *given = cli_value(a, "--forms-dir");
    char *dir = given ? yk_xstrdup(given) : cli_data_dir("forms", "YOSHIKI_FORMS");
    yk_ward_table *t = yk_ward_table_open(dir, d);
    free(dir);
    return t;
}

/* The batch's output folder is the run's own: made when missing, parents too (mkdir -p). */
static void make_out_dir(const char *path, yk_diag *d)
{
    char *p = yk_xstrdup(path);
    for (char *c = p + 1; ; c++) {
        bool last = *c == '\0';
        if (*c != '/' && !last)
            continue;
        *c = '\0';
        if (!is_dir(p) && mkdir(p, 0777) != 0 && !is_dir(p)) {
            char why[YK_ERRBUF];
            if (errno == EEXIST)
                yk_diag_syserror(d, path, "%s is not a directory", p);
            else
                yk_diag_syserror(d, path, "cannot make the output directory %s: %s", p,
                                 yk_strerror(errno, why, sizeof why));
            break;
        }
        if (last)
            break;
        *c = '/';
    }
    free(p);
}

static bool parse_jobs(const char *v, unsigned *out)
{
    char *end;
    long n = strtol(v, &end, 10);
    if (*v == '\0' || *end != '\0' || n < 1 || n > 64)
        return false;
    *out = (unsigned)n;
    return true;
}

static int cmd_batch(const cli_args *a)
{
    yk_batch_options o = {.inputs = (const char *const *)a->operands,
                          .input_count = a->operand_count,
                          .out_dir = cli_value(a, "--output"),
                          .book = cli_value(a, "--book"),
                          .expect_wards = cli_flag(a, "--expect-wards")};
    const char *jobs = cli_value(a, "--jobs");
    if (jobs && !parse_jobs(jobs, &o.jobs))
        return cli_usage_error(a->cmd, "-j takes a number of workers from 1 to 64, not '%s'", jobs);
    if (!o.out_dir)
        return cli_usage_error(a->cmd, "give the output directory with -o OUTDIR");
    double start = now_seconds();
    yk_diag *d = yk_diag_new();
    make_out_dir(o.out_dir, d);
    yk_ward_table *wards = yk_diag_errors(d) ? NULL : open_wards(a, d);
    yk_session *s = wards ? cli_open_session(a, d) : NULL;
    int status = cli_report(d);
    if (s) {
        o.wards = wards;
        o.temps = a->temps;
        if (isatty(STDERR_FILENO))
            o.progress = show_progress;
        yk_batch_result r;
        yk_batch_run(s, &o, &r);
        status = report_batch(&r, o.book, now_seconds() - start);
        yk_batch_result_free(&r);
    }
    yk_session_free(s);
    yk_ward_table_free(wards);
    yk_diag_free(d);
    return status;
}

/* ---- the command table ---- */

static const cli_option new_options[] = {
    {"--year", NULL, "YYYY",
     YK_N_("The fiscal year, in the Western calendar (default: the fiscal year under way)")},
    {"--forms-dir", NULL, "DIR",
     YK_N_("Where the ward table wards.yaml is (default: the forms directory)")},
    {NULL, NULL, NULL, NULL},
};

static const cli_option no_options[] = {
    {NULL, NULL, NULL, NULL},
};

static const cli_option render_options[] = {
    {"--output", "-o", "FILE|DIR",
     YK_N_("Write the PDF to FILE; with DIR/ (a trailing slash) or an existing directory, "
           "write <year>-<code>-<slug>.pdf inside it. Default: that name in the current "
           "directory, with the forms' names added when --forms chooses only some "
           "(2022-271241-tsurumi-yoshiki1.pdf)")},
    {"--quiet", "-q", NULL, YK_N_("Do not print the line saying what was written")},
    {"--timings", NULL, NULL,
     YK_N_("Print the time each stage took (forms, fonts, load, bind, layout, subset, embed, "
           "draw, save, write) and the total on standard error")},
    CLI_SESSION_OPTIONS,
    {NULL, NULL, NULL, NULL},
};

static const cli_option check_options[] = {
    {"--all", NULL, NULL,
     YK_N_("Show every cell: the type size used and the lines used of those it can hold")},
    CLI_SESSION_OPTIONS,
    {NULL, NULL, NULL, NULL},
};

static const cli_option layout_options[] = {
    {"--json", NULL, NULL, YK_N_("Print the layout as JSON (the only format, and the default)")},
    CLI_SESSION_OPTIONS,
    {NULL, NULL, NULL, NULL},
};

static const cli_option forms_options[] = {
    CLI_DIR_OPTIONS,
    {NULL, NULL, NULL, NULL},
};

static const cli_option batch_options[] = {
    {"--output", "-o", "OUTDIR",
     YK_N_("Write each PDF as OUTDIR/<year>-<code>-<slug>.pdf, then OUTDIR/SHA256SUMS and "
           "OUTDIR/manifest.json for what was written (required; made when missing)")},
    {"--jobs", "-j", "N", YK_N_("Render with N worker threads (default: the number of cores)")},
    {"--book", NULL, "BOOK.pdf",
     YK_N_("Also write every ward in ward-code order as one PDF/A-1a, a bookmark per ward, "
           "the fonts subset once for all")},
    {"--expect-wards", NULL, NULL,
     YK_N_("The plans must be the 24 wards of forms/wards.yaml, once each: report every "
           "missing, duplicated or unknown ward")},
    CLI_SESSION_OPTIONS,
    {NULL, NULL, NULL, NULL},
};

static const cli_command commands[] = {
    {"render", YK_N_("typeset a plan onto the forms as one PDF/A-1a file"), "PLAN.yaml",
     YK_N_("Typesets PLAN.yaml onto every form (様式1–3) and writes one PDF/A-1a file with "
           "embedded, subset fonts. The file is written beside its target under a temporary "
           "name and renamed into place only when complete. SOURCE_DATE_EPOCH fixes every "
           "date in the file, so the same plan gives the same bytes. Prints one line: the "
           "file, its pages and its size."),
     render_options, 1, 1, cmd_render},
    {"check", YK_N_("validate a plan and show the cells that need attention"), "PLAN.yaml",
     YK_N_("Validates PLAN.yaml and lays it out without writing a PDF; shows, by form and "
           "page, each cell set smaller than the template's size or nearly full, named with "
           "the 経営課題 or 戦略 it belongs to and its plan key, and ends with a line counting "
           "the problems. --all shows every cell."),
     check_options, 1, 1, cmd_check},
    {"layout", YK_N_("print the laid-out pages as JSON"), "PLAN.yaml",
     YK_N_("Lays out PLAN.yaml and prints every page, box, line and font size as JSON, for "
           "tools and tests."),
     layout_options, 1, 1, cmd_layout},
    {"forms", YK_N_("list the forms of the forms directory, numbered as --forms takes them"),
     NULL,
     YK_N_("Prints the forms the forms directory holds, one a line: the number and the name, "
           "either of which --forms takes."),
     forms_options, 0, 0, cmd_forms},
    {"schema", YK_N_("print the JSON Schema of the plan format, for editors"), NULL,
     YK_N_("Prints the JSON Schema (draft-07) of the plan format unei-hoshin/1, generated from "
           "the table yoshiki checks plans with, with each key's Japanese title and "
           "description (the label of the form cell it fills). An editor with a YAML language "
           "server completes keys and flags mistakes with it: put "
           "`# yaml-language-server: $schema=PATH` on a plan's first line. make install puts it "
           "in PREFIX/share/yoshiki/unei-hoshin-1.schema.json."),
     no_options, 0, 0, cmd_schema},
    {"new", YK_N_("print a plan to fill in for a ward"), "WARD",
     YK_N_("Prints a plan skeleton for WARD (its name 鶴見区, short name 鶴見, slug tsurumi or "
           "code 271241): name, code and slug filled in from the ward table, every key of the "
           "format present under a Japanese comment naming the form cell it fills and its "
           "usual length, and the first line naming the JSON Schema for editors. Write it to a "
           "file and fill it in: yoshiki new 鶴見区 --year 2023 > plans/2023/tsurumi.yaml"),
     new_options, 1, 1, cmd_new},
    {"batch", YK_N_("typeset every ward's plan at once, with checksums, a manifest and a book"),
     "PLANS...",
     YK_N_("Typesets each plan of PLANS (plan files, and folders whose *.yaml are plans) into "
           "its own PDF/A-1a, with N workers sharing the templates and fonts. A plan that "
           "fails costs no other plan its PDF; its messages name its file and line, and the "
           "run exits 1. Two plans that would write the same file are both refused; plans of "
           "different fiscal years are warned about. A plan whose ward name is not that of "
           "its code is an error. SHA256SUMS (sha256sum -c) and manifest.json are written "
           "last. SOURCE_DATE_EPOCH makes every file the same for any -j. On a terminal it "
           "shows progress; it ends with one summary line."),
     batch_options, 1, CLI_MANY, cmd_batch},
};

#define COMMAND_COUNT (sizeof commands / sizeof commands[0])

static const cli_command *find_command(const char *name)
{
    for (size_t i = 0; i < COMMAND_COUNT; i++)
        if (strcmp(commands[i].name, name) == 0)
            return &commands[i];
    return NULL;
}

static void print_commands(FILE *f)
{
    fputs(yk_tr("usage: yoshiki COMMAND [ARGS]\n\ncommands:\n"), f);
    for (size_t i = 0; i < COMMAND_COUNT; i++)
        fprintf(f, "  %-8s %s\n", commands[i].name, yk_tr(commands[i].summary));
    fprintf(f, "  %-8s %s\n", "help", yk_tr("show the help of a command: yoshiki help COMMAND"));
    fputs(yk_tr("\noptions: --version, --help\n"
                "exit status: 0 ok, 1 an error in a plan or template, 2 bad usage, 3 a system "
                "error\n"),
          f);
}

static int unknown_command(const char *name)
{
    const char *names[COMMAND_COUNT + 1];
    for (size_t i = 0; i < COMMAND_COUNT; i++)
        names[i] = commands[i].name;
    names[COMMAND_COUNT] = "help";
    const char *hint = yk_suggest(name, names, COMMAND_COUNT + 1);
    if (hint)
        return cli_usage_error(NULL, "unknown command '%s' (did you mean '%s'?)", name, hint);
    return cli_usage_error(NULL, "unknown command '%s'", name);
}

static int help(int argc, char **argv)
{
    if (argc == 0) {
        print_commands(stdout);
        return EXIT_OK;
    }
    if (argc > 1)
        return cli_usage_error(NULL, "help takes one command, found '%s' too", argv[1]);
    const cli_command *c = find_command(argv[0]);
    if (!c)
        return unknown_command(argv[0]);
    cli_print_help(c);
    return EXIT_OK;
}

/* The compiled messages (po/ja.po and others): PREFIX/share/yoshiki/locale when installed, else
 * build/locale of the source tree, seen from ./yoshiki or from build/<flavour>/yoshiki. */
static void init_locale(void)
{
    static const char *const places[] = {"locale", "build/locale", "../locale"};
    setlocale(LC_ALL, "");
    for (size_t i = 0; i < sizeof places / sizeof places[0]; i++) {
        char *dir = cli_data_dir(places[i], NULL);
        bool found = is_dir(dir);
        if (found)
            bindtextdomain(YK_TEXT_DOMAIN, dir);
        free(dir);
        if (found)
            return;
    }
}

/* ---- signals ---- */

/* The process's one registry of temporary files (output, font subsets), for the handler: a
 * signal handler reaches nothing but static storage. Set before any thread starts. */
static yk_temps *run_temps;

/* Only async-signal-safe calls: the registry's removal and _exit. The status is the shell's
 * 128 + signal number (130 SIGINT, 143 SIGTERM, 129 SIGHUP). */
static void on_signal(int sig)
{
    yk_temps_remove_all(run_temps);
    _exit(128 + sig);
}

/* SIGINT, SIGTERM and SIGHUP remove every temporary file of the run — unless the signal was
 * ignored when we started (nohup, a background job's SIGINT): that choice is the caller's.
 * SIGPIPE and SIGXFSZ are ignored so that a closed reader (EPIPE) or the file-size limit
 * (EFBIG) fails the write, which is then reported (exit 3), instead of killing the process
 * in the middle of a file. */
static void guard_signals(void)
{
    run_temps = yk_temps_new();
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    const int stop[] = {SIGINT, SIGTERM, SIGHUP};
    for (size_t i = 0; i < 3; i++)
        sigaddset(&sa.sa_mask, stop[i]); /* one handler runs at a time */
    for (size_t i = 0; i < 3; i++) {
        struct sigaction old;
        if (sigaction(stop[i], NULL, &old) == 0 && old.sa_handler != SIG_IGN)
            sigaction(stop[i], &sa, NULL);
    }
    signal(SIGPIPE, SIG_IGN);
    signal(SIGXFSZ, SIG_IGN);
}

/* Every render is over: the handler may no longer run, so the registry can go. */
static void release_signals(void)
{
    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGINT);
    sigaddset(&stop, SIGTERM);
    sigaddset(&stop, SIGHUP);
    sigprocmask(SIG_BLOCK, &stop, NULL);
    yk_temps_free(run_temps);
    run_temps = NULL;
}

int main(int argc, char **argv)
{
    init_locale();
    if (argc < 2) {
        print_commands(stderr);
        return EXIT_USAGE;
    }
    const char *name = argv[1];
    if (strcmp(name, "--version") == 0 || strcmp(name, "-V") == 0) {
        printf("yoshiki %s\n", yk_version());
        return EXIT_OK;
    }
    if (strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0)
        return help(0, NULL);
    if (strcmp(name, "help") == 0)
        return help(argc - 2, argv + 2);
    if (name[0] == '-')
        return cli_usage_error(NULL, "unknown option '%s' (a command comes first)", name);
    const cli_command *c = find_command(name);
    if (!c)
        return unknown_command(name);
    cli_args a;
    bool done;
    int status = cli_parse(c, argc - 2, argv + 2, &a, &done);
    if (status == EXIT_OK && !done) {
        guard_signals();
        a.temps = run_temps;
        status = c->run(&a);
        release_signals();
    }
    cli_args_free(&a);
    return status;
}
