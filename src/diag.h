/* diag: every stage reports here; only main prints.
 * A yk_diag owns copies of everything reported to it; yk_diag_free releases them. */
#ifndef YK_DIAG_H
#define YK_DIAG_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

#include "util.h"

typedef enum { YK_DIAG_NOTE, YK_DIAG_WARNING, YK_DIAG_ERROR } yk_diag_level;

/* Which exit status an error maps to: input (plan/template, exit 1) or system (I/O, fonts, 3). */
typedef enum { YK_DIAG_INPUT, YK_DIAG_SYSTEM } yk_diag_class;

typedef struct yk_diag_entry {
    yk_diag_level level;
    yk_diag_class cls;
    char *file;    /* may be NULL */
    int line, col; /* 1-based; 0 when unknown */
    char *field;   /* key path or cell name, e.g. "issues[1].sumary"; may be NULL */
    char *message; /* plain language, no trailing newline */
} yk_diag_entry;

typedef struct yk_diag yk_diag;

yk_diag *yk_diag_new(void);
void yk_diag_free(yk_diag *d);

void yk_diag_report(yk_diag *d, yk_diag_level level, yk_diag_class cls, const char *file,
                    int line, int col, const char *field, const char *fmt, ...)
    YK_PRINTF(8, 9);
/* Shorthands: an input error at a place, and a system error about a file. */
void yk_diag_error(yk_diag *d, const char *file, int line, int col, const char *field,
                   const char *fmt, ...) YK_PRINTF(6, 7);
void yk_diag_warning(yk_diag *d, const char *file, int line, int col, const char *field,
                     const char *fmt, ...) YK_PRINTF(6, 7);
void yk_diag_syserror(yk_diag *d, const char *file, const char *fmt, ...) YK_PRINTF(3, 4);
/* yk_diag_error for a module's own reporting wrapper (the wrapper's fmt is the msgid). */
void yk_diag_verror(yk_diag *d, const char *file, int line, int col, const char *field,
                    const char *fmt, va_list ap) YK_PRINTF(6, 0);

/* Messages are translated here, at the sink: every fmt given to yk_diag_* is a msgid of the
 * "yoshiki" gettext domain (po/), looked up in the locale main set before formatting, so
 * callers write plain English. yk_tr translates a word that is itself an argument (marked
 * YK_N_ where it sits in a table, so xgettext finds it). */
#define YK_TEXT_DOMAIN "yoshiki"
#define YK_N_(msgid) msgid
const char *yk_tr(const char *msgid)
#if defined(__GNUC__)
    __attribute__((format_arg(1)))
#endif
    ;
/* The singular or plural form for n, translated (the language's own plural rule). */
const char *yk_ntr(const char *singular, const char *plural, unsigned long n)
#if defined(__GNUC__)
    __attribute__((format_arg(1))) __attribute__((format_arg(2)))
#endif
    ;

size_t yk_diag_count(const yk_diag *d);
const yk_diag_entry *yk_diag_at(const yk_diag *d, size_t index);
size_t yk_diag_errors(const yk_diag *d);
bool yk_diag_has_system_error(const yk_diag *d);
/* Moves every entry of src to the end of dst (batch collects per-ward sinks). */
void yk_diag_append(yk_diag *dst, yk_diag *src);

/* "FILE:LINE:COL: error: FIELD: message" (parts that are unknown are left out).
 * The caller frees the result; main prefixes "yoshiki: ". */
char *yk_diag_format(const yk_diag_entry *e);

#endif
