/* diag: a growable list of diagnostics. */
#include "diag.h"

#include <libintl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct yk_diag {
    yk_diag_entry *entries;
    size_t count, cap;
};

const char *yk_tr(const char *msgid)
{
    return dgettext(YK_TEXT_DOMAIN, msgid);
}

const char *yk_ntr(const char *singular, const char *plural, unsigned long n)
{
    return dngettext(YK_TEXT_DOMAIN, singular, plural, n);
}

yk_diag *yk_diag_new(void)
{
    return yk_xcalloc(1, sizeof(yk_diag));
}

static void entry_free(yk_diag_entry *e)
{
    free(e->file);
    free(e->field);
    free(e->message);
}

void yk_diag_free(yk_diag *d)
{
    if (!d)
        return;
    for (size_t i = 0; i < d->count; i++)
        entry_free(&d->entries[i]);
    free(d->entries);
    free(d);
}

static void push(yk_diag *d, yk_diag_entry e)
{
    d->entries = yk_reserve(d->entries, d->count + 1, &d->cap, sizeof *d->entries);
    d->entries[d->count++] = e;
}

static void vreport(yk_diag *d, yk_diag_level level, yk_diag_class cls, const char *file,
                    int line, int col, const char *field, const char *fmt, va_list ap)
{
    char *msg = yk_vasprintf(yk_tr(fmt), ap);
    yk_diag_entry e = {level, cls, file ? yk_xstrdup(file) : NULL, line, col,
                       field ? yk_xstrdup(field) : NULL, msg};
    push(d, e);
}

void yk_diag_report(yk_diag *d, yk_diag_level level, yk_diag_class cls, const char *file,
                    int line, int col, const char *field, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vreport(d, level, cls, file, line, col, field, fmt, ap);
    va_end(ap);
}

void yk_diag_error(yk_diag *d, const char *file, int line, int col, const char *field,
                   const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vreport(d, YK_DIAG_ERROR, YK_DIAG_INPUT, file, line, col, field, fmt, ap);
    va_end(ap);
}

void yk_diag_warning(yk_diag *d, const char *file, int line, int col, const char *field,
                     const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vreport(d, YK_DIAG_WARNING, YK_DIAG_INPUT, file, line, col, field, fmt, ap);
    va_end(ap);
}

void yk_diag_verror(yk_diag *d, const char *file, int line, int col, const char *field,
                    const char *fmt, va_list ap)
{
    vreport(d, YK_DIAG_ERROR, YK_DIAG_INPUT, file, line, col, field, fmt, ap);
}

void yk_diag_syserror(yk_diag *d, const char *file, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vreport(d, YK_DIAG_ERROR, YK_DIAG_SYSTEM, file, 0, 0, NULL, fmt, ap);
    va_end(ap);
}

size_t yk_diag_count(const yk_diag *d)
{
    return d->count;
}

const yk_diag_entry *yk_diag_at(const yk_diag *d, size_t index)
{
    return index < d->count ? &d->entries[index] : NULL;
}

size_t yk_diag_errors(const yk_diag *d)
{
    size_t n = 0;
    for (size_t i = 0; i < d->count; i++)
        n += d->entries[i].level == YK_DIAG_ERROR;
    return n;
}

bool yk_diag_has_system_error(const yk_diag *d)
{
    for (size_t i = 0; i < d->count; i++)
        if (d->entries[i].level == YK_DIAG_ERROR && d->entries[i].cls == YK_DIAG_SYSTEM)
            return true;
    return false;
}

void yk_diag_append(yk_diag *dst, yk_diag *src)
{
    for (size_t i = 0; i < src->count; i++)
        push(dst, src->entries[i]);
    src->count = 0;
}

char *yk_diag_format(const yk_diag_entry *e)
{
    static const char *const level_names[] = {YK_N_("note"), YK_N_("warning"), YK_N_("error")};
    yk_buf b = {0};
    if (e->file) {
        yk_buf_adds(&b, e->file);
        if (e->line > 0)
            yk_buf_addf(&b, ":%d:%d", e->line, e->col);
        yk_buf_adds(&b, ": ");
    }
    yk_buf_addf(&b, "%s: ", yk_tr(level_names[e->level]));
    if (e->field)
        yk_buf_addf(&b, "%s: ", e->field);
    yk_buf_adds(&b, e->message);
    return yk_buf_take(&b);
}
