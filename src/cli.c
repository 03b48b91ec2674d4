/* cli: option parsing, help and usage errors from the command tables; the environment. */
#include "cli.h"

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/stat.h>
#include <unistd.h>

#include "render.h"

static const cli_option help_option = {"--help", "-h", NULL, YK_N_("Show this help and exit")};

static int option_index(const cli_command *c, const char *name)
{
    for (size_t i = 0; c->options && c->options[i].name; i++)
        if (strcmp(c->options[i].name, name) == 0 ||
            (c->options[i].alias && strcmp(c->options[i].alias, name) == 0))
            return (int)i;
    return -1;
}

const char *cli_value(const cli_args *a, const char *name)
{
    int i = option_index(a->cmd, name);
    return i < 0 ? NULL : a->values[i];
}

bool cli_flag(const cli_args *a, const char *name)
{
    return cli_value(a, name) != NULL;
}

/* ---- help ---- */

void cli_print_usage(const cli_command *c, FILE *f)
{
    fprintf(f, yk_tr("usage: yoshiki %s%s%s [options]\n"), c->name, c->operands ? " " : "",
            c->operands ? c->operands : "");
}

/* The next unbreakable piece of text at p: a run of ASCII other than spaces, or one other
 * character with any closing punctuation after it (、。）」 never start a line). Sets its
 * byte length and its width in columns (East Asian characters take two). */
static size_t piece(const char *p, int *columns)
{
    size_t len = 0;
    *columns = 0;
    if ((unsigned char)*p < 0x80) {
        while (p[len] && p[len] != ' ' && p[len] != '\n' && (unsigned char)p[len] < 0x80)
            len++, ++*columns;
        if (len > 0)
            return len;
    }
    static const char *const closing[] = {"、", "。", "，", "．", "）", "」", "』", "】", "ー",
                                          "・", "：", "？", "！"};
    bool more = true;
    while (more && p[len] && p[len] != ' ' && p[len] != '\n') {
        uint32_t cp;
        size_t n = yk_utf8_decode(p + len, strlen(p + len), &cp);
        len += n;
        *columns += cp >= 0x1100 ? 2 : 1;
        more = false;
        for (size_t k = 0; k < sizeof closing / sizeof closing[0]; k++)
            if (strncmp(p + len, closing[k], strlen(closing[k])) == 0)
                more = true;
        /* an opening bracket stays with what follows */
        if (strncmp(p + len - n, "（", n) == 0 || strncmp(p + len - n, "「", n) == 0)
            more = true;
    }
    return len;
}

/* text wrapped to fit 79 columns, each line indented by indent spaces; lines break at spaces
 * and between Japanese characters. */
static void print_wrapped(FILE *f, const char *text, int indent)
{
    const int width = 79;
    int col = 0;
    bool space = false;
    for (const char *p = text; *p;) {
        if (*p == '\n') {
            fputc('\n', f);
            col = 0, space = false;
            p++;
            continue;
        }
        if (*p == ' ') {
            space = true;
            p++;
            continue;
        }
        int w;
        size_t len = piece(p, &w);
        if (col > indent && col + (space ? 1 : 0) + w > width) {
            fputc('\n', f);
            col = 0;
        }
        if (col == 0)
            col = fprintf(f, "%*s", indent, "");
        else if (space)
            col += fprintf(f, " ");
        fprintf(f, "%.*s", (int)len, p);
        col += w;
        p += len;
        space = false;
    }
    if (col > 0)
        fputc('\n', f);
}

static void print_option(const cli_option *o)
{
    printf("  %s%s%s%s%s\n", o->alias ? o->alias : "", o->alias ? ", " : "", o->name,
           o->value ? " " : "", o->value ? o->value : "");
    print_wrapped(stdout, yk_tr(o->help), 8);
}

void cli_print_help(const cli_command *c)
{
    cli_print_usage(c, stdout);
    printf("\n");
    print_wrapped(stdout, yk_tr(c->description ? c->description : c->summary), 0);
    printf("\n%s\n", yk_tr("options:"));
    for (size_t i = 0; c->options && c->options[i].name; i++)
        print_option(&c->options[i]);
    print_option(&help_option);
}

int cli_usage_error(const cli_command *c, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *msg = yk_vasprintf(yk_tr(fmt), ap);
    va_end(ap);
    fprintf(stderr, "yoshiki: %s\n", msg);
    free(msg);
    if (c) {
        cli_print_usage(c, stderr);
        fprintf(stderr, yk_tr("Run 'yoshiki %s --help' for every option.\n"), c->name);
    } else {
        fputs(yk_tr("usage: yoshiki COMMAND [ARGS]\nRun 'yoshiki --help' for the commands.\n"),
              stderr);
    }
    return EXIT_USAGE;
}

/* ---- parsing ---- */

static int unknown_option(const cli_command *c, const char *arg)
{
    const char *names[CLI_MAX_OPTIONS + 1];
    size_t n = 0;
    for (size_t i = 0; c->options && c->options[i].name && n < CLI_MAX_OPTIONS; i++)
        names[n++] = c->options[i].name;
    names[n++] = help_option.name;
    size_t len = strcspn(arg, "=");
    char *name = yk_xstrndup(arg, len);
    const char *hint = yk_suggest(name, names, n);
    int rc = hint ? cli_usage_error(c, "unknown option '%s' (did you mean '%s'?)", name, hint)
                  : cli_usage_error(c, "unknown option '%s'", name);
    free(name);
    return rc;
}

/* A --forms list: numbers or names ([A-Za-z0-9_-]) separated by single commas. */
static int check_forms(const cli_command *c, const char *list)
{
    const char *p = list;
    for (;;) {
        size_t n = strspn(p, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-");
        size_t bad = strcspn(p + n, ",");
        if (n == 0 || bad > 0) {
            size_t tok = n + bad;
            return cli_usage_error(c,
                                   "--forms expects 1,2,3, found '%.*s' (a list of form numbers "
                                   "or names separated by commas, e.g. 1,3 or yoshiki2)",
                                   (int)tok, p);
        }
        p += n;
        if (*p == '\0')
            return EXIT_OK;
        p++; /* the comma */
    }
}

static int check_operands(const cli_command *c, const cli_args *a)
{
    if (a->operand_count < c->min_operands)
        return cli_usage_error(c, "%s needs %s", c->name, c->operands);
    if (a->operand_count > c->max_operands)
        return cli_usage_error(c, "unexpected argument '%s'", a->operands[c->max_operands]);
    const char *forms = cli_value(a, "--forms");
    return forms ? check_forms(c, forms) : EXIT_OK;
}

int cli_parse(const cli_command *c, int argc, char **argv, cli_args *out, bool *done)
{
    memset(out, 0, sizeof *out);
    out->cmd = c;
    out->operands = yk_xcalloc((size_t)argc + 1, sizeof *out->operands);
    *done = false;
    bool options_end = false;
    for (int i = 0; i < argc; i++) {
        const char *arg = argv[i];
        if (options_end || arg[0] != '-' || arg[1] == '\0') {
            out->operands[out->operand_count++] = argv[i];
            continue;
        }
        if (strcmp(arg, "--") == 0) {
            options_end = true;
            continue;
        }
        if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
            cli_print_help(c);
            *done = true;
            return EXIT_OK;
        }
        const char *eq = strncmp(arg, "--", 2) == 0 ? strchr(arg, '=') : NULL;
        char *name = eq ? yk_xstrndup(arg, (size_t)(eq - arg)) : yk_xstrdup(arg);
        int k = option_index(c, name);
        free(name);
        if (k < 0 || k >= CLI_MAX_OPTIONS)
            return unknown_option(c, arg);
        const cli_option *o = &c->options[k];
        if (!o->value) {
            if (eq)
                return cli_usage_error(c, "option '%s' takes no value", o->name);
            out->values[k] = "";
        } else if (eq) {
            out->values[k] = eq + 1;
        } else if (i + 1 < argc) {
            out->values[k] = argv[++i];
        } else {
            return cli_usage_error(c, "option '%s' needs a value (%s)", arg, o->value);
        }
    }
    return check_operands(c, out);
}

void cli_args_free(cli_args *a)
{
    free(a->operands);
    a->operands = NULL;
}

int cli_report(const yk_diag *d)
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

/* ---- the environment: only here ---- */

static bool is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

char *cli_data_dir(const char *name, const char *env_var)
{
    const char *env = env_var ? getenv(env_var) : NULL;
    if (env && *env)
        return yk_xstrdup(env);
    char exe[4096];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n <= 0)
        return yk_xstrdup(name);
    exe[n] = '\0';
    char *slash = strrchr(exe, '/');
    if (slash)
        *slash = '\0';
    char *beside = yk_xasprintf("%s/%s", exe, name);
    char *installed = yk_xasprintf("%s/../share/yoshiki/%s", exe, name);
    /* neither existing: name the first place, so an error message points at the obvious fix */
    if (!is_dir(beside) && is_dir(installed)) {
        free(beside);
        return installed;
    }
    free(installed);
    return beside;
}

/* The last second a PDF or XMP date can name: 9999-12-31T23:59:59Z. */
#define LAST_EPOCH 253402300799LL

/* SOURCE_DATE_EPOCH makes the output reproducible; otherwise every file of the run is dated
 * with the moment the session opened (one batch, one date for its PDFs, book and manifest).
 * A malformed value is an error, as the reproducible-builds specification asks: silently
 * dating the files "now" would make a run that was meant to be reproducible quietly not. */
static bool output_epoch(long long *epoch, yk_diag *d)
{
    const char *s = getenv("SOURCE_DATE_EPOCH");
    *epoch = (long long)time(NULL);
    if (!s || !*s)
        return true;
    bool digits = true;
    for (const char *p = s; *p; p++)
        digits = digits && *p >= '0' && *p <= '9';
    errno = 0;
    long long v = digits ? strtoll(s, NULL, 10) : -1;
    if (!digits || errno == ERANGE || v > LAST_EPOCH) {
        yk_diag_report(d, YK_DIAG_ERROR, YK_DIAG_SYSTEM, NULL, 0, 0, "SOURCE_DATE_EPOCH",
                       "'%s' is not a date: give the seconds since 1970-01-01 00:00 UTC as "
                       "digits only (at most %lld), or unset the variable",
                       s, LAST_EPOCH);
        return false;
    }
    *epoch = v;
    return true;
}

/* "1,3" → {"1", "3"}: the list is split in place of a copy the caller frees. */
static const char **split_forms(char *list, size_t *count)
{
    const char **names = yk_xcalloc(strlen(list) / 2 + 1, sizeof *names);
    size_t n = 0;
    for (char *tok = list; tok;) {
        char *comma = strchr(tok, ',');
        if (comma)
            *comma = '\0';
        names[n++] = tok;
        tok = comma ? comma + 1 : NULL;
    }
    *count = n;
    return names;
}

yk_session *cli_open_session(const cli_args *a, yk_diag *d)
{
    yk_session_options o;
    yk_session_options_init(&o);
    char *forms_dir = cli_value(a, "--forms-dir") ? NULL : cli_data_dir("forms", "YOSHIKI_FORMS");
    char *fonts_dir = cli_value(a, "--fonts-dir") ? NULL : cli_data_dir("fonts", "YOSHIKI_FONTS");
    o.forms_dir = forms_dir ? forms_dir : cli_value(a, "--forms-dir");
    o.fonts_dir = fonts_dir ? fonts_dir : cli_value(a, "--fonts-dir");
    const char *list = cli_value(a, "--forms");
    char *list_copy = list ? yk_xstrdup(list) : NULL;
    const char **forms = list_copy ? split_forms(list_copy, &o.form_count) : NULL;
    o.forms = forms;
    const char *icc = getenv("YOSHIKI_ICC_PROFILE");
    o.icc_profile = icc && *icc ? icc : NULL; /* NULL: the library's own sRGB profile */
    o.temps = a->temps;
    yk_session *s = output_epoch(&o.epoch, d) ? yk_session_open(&o, d) : NULL;
    free(forms);
    free(list_copy);
    free(forms_dir);
    free(fonts_dir);
    return s;
}
