/* cli: what the yoshiki command shares between its commands — the command table's types,
 * option parsing against a command's option table (so `COMMAND --help` and usage errors come
 * from the same table), printing diagnostics, and the one place that reads the environment
 * and the executable's location to fill yk_session_options. Not part of libyoshiki.
 *
 * Adding a command: write `int cmd_NAME(const cli_args *a)` and add one cli_command entry to
 * the table in main.c (name, summary, operands, description, options, handler). */
#ifndef YK_CLI_H
#define YK_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <yoshiki.h>

#include "diag.h"

enum { EXIT_OK = 0, EXIT_INPUT = 1, EXIT_USAGE = 2, EXIT_SYSTEM = 3 };

#define CLI_MAX_OPTIONS 32
#define CLI_MANY ((size_t)-1) /* max_operands: no limit */

typedef struct cli_option {
    const char *name;  /* "--forms" */
    const char *alias; /* "-o", or NULL */
    const char *value; /* placeholder of its value ("LIST"), or NULL for a flag */
    const char *help;  /* a paragraph, marked YK_N_ (translated when printed) */
} cli_option;

/* The options every command that opens a session takes, for its option table. */
#define CLI_SESSION_OPTIONS                                                                   \
    {"--forms", NULL, "LIST",                                                                 \
     YK_N_("Print only these forms, in this order: numbers or names separated by commas, "    \
           "e.g. 1,3 or yoshiki2 (default: every form in the forms directory)")},              \
    CLI_DIR_OPTIONS

/* Where the forms and fonts are, for every command that reads them. */
#define CLI_DIR_OPTIONS                                                                       \
    {"--forms-dir", NULL, "DIR",                                                              \
     YK_N_("Templates NAME.yaml (default: $YOSHIKI_FORMS, else forms/ beside the program, "   \
           "else PREFIX/share/yoshiki/forms)")},                                               \
    {"--fonts-dir", NULL, "DIR",                                                              \
     YK_N_("Fonts searched before the system's (default: $YOSHIKI_FONTS, else fonts/ beside " \
           "the program, else PREFIX/share/yoshiki/fonts)")}

struct cli_command;

typedef struct cli_args {
    const struct cli_command *cmd;
    const char *values[CLI_MAX_OPTIONS]; /* per option of cmd; "" for a flag given */
    char **operands;                     /* into argv */
    size_t operand_count;
    yk_temps *temps;                     /* main's registry of the run's temporary files */
} cli_args;

typedef struct cli_command {
    const char *name;        /* "render" */
    const char *summary;     /* one line for `yoshiki help`; texts are marked YK_N_ */
    const char *operands;    /* after the name in the usage line: "PLAN.yaml" */
    const char *description; /* a paragraph for `yoshiki help NAME` */
    const cli_option *options; /* ends with an entry whose name is NULL */
    size_t min_operands, max_operands;
    int (*run)(const cli_args *a);
} cli_command;

/* The value of option name ("--forms"), "" for a flag given, NULL when not given. */
const char *cli_value(const cli_args *a, const char *name);
bool cli_flag(const cli_args *a, const char *name);

/* Parses argv (after the command name) against c's options, and checks the operand count
 * and the --forms list. Returns EXIT_OK, or prints a usage error and returns EXIT_USAGE, or
 * prints the command's help when --help is given and sets *done (then returns EXIT_OK). */
int cli_parse(const cli_command *c, int argc, char **argv, cli_args *out, bool *done);
void cli_args_free(cli_args *a);

/* Prints "yoshiki: MESSAGE" (fmt translated, as a yk_diag_* format is), the command's usage
 * line and where to find help; returns EXIT_USAGE. c may be NULL for the whole program. */
int cli_usage_error(const cli_command *c, const char *fmt, ...) YK_PRINTF(2, 3);

/* The full help of a command, to stdout. */
void cli_print_help(const cli_command *c);
/* "usage: yoshiki NAME OPERANDS [options]" and a newline, to f. */
void cli_print_usage(const cli_command *c, FILE *f);

/* Every diagnostic to stderr as "yoshiki: ...", and the exit status they call for. */
int cli_report(const yk_diag *d);

/* Bundled data `name` ("forms", "fonts", "locale"): $env_var when set (env_var may be
 * NULL), else <dir of the program>/name, else <dir of the program>/../share/yoshiki/name when
 * only that exists (an installed program finds its data from any working directory). The
 * caller frees. */
char *cli_data_dir(const char *name, const char *env_var);

/* Opens the session from the command's options, the environment (YOSHIKI_FORMS,
 * YOSHIKI_FONTS, YOSHIKI_ICC_PROFILE, SOURCE_DATE_EPOCH) and the program's
 * location. NULL, with the reasons in d, on failure. */
yk_session *cli_open_session(const cli_args *a, yk_diag *d);

#endif
