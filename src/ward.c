/* ward: loading, checking and looking up the ward table (see ward.h). */
#include "ward.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "yamldoc.h"

#define WARD_SUFFIX "区"

struct yk_ward_table {
    yk_ward *wards;
    size_t count;
};

int yk_ward_check_digit(const char *code)
{
    static const int weights[] = {6, 5, 4, 3, 2};
    int sum = 0;
    for (int i = 0; i < 5; i++)
        sum += (code[i] - '0') * weights[i];
    return (11 - sum % 11) % 10;
}

bool yk_ward_code_valid(const char *code)
{
    if (!code || strlen(code) != 6 || strspn(code, "0123456789") != 6)
        return false;
    return code[5] - '0' == yk_ward_check_digit(code);
}

static bool slug_valid(const char *s)
{
    return *s && strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789-") == strlen(s);
}

/* The name without its final 区, or the whole name when it has none. */
static char *short_name(const char *name)
{
    size_t len = strlen(name), suffix = strlen(WARD_SUFFIX);
    if (len > suffix && strcmp(name + len - suffix, WARD_SUFFIX) == 0)
        return yk_xstrndup(name, len - suffix);
    return yk_xstrdup(name);
}

/* A scalar value of entry at key, or NULL after reporting why not. */
static const char *entry_text(const yk_yaml_doc *doc, const yk_yaml_node *entry, const char *key,
                              size_t index, yk_diag *d)
{
    const yk_yaml_node *v = yk_yaml_get(entry, key);
    char *field = yk_xasprintf("wards[%zu].%s", index, key);
    const char *text = NULL;
    if (!v)
        yk_diag_error(d, doc->file, entry->line, entry->col, field, "a ward needs a %s", key);
    else if (v->kind != YK_YAML_SCALAR || yk_yaml_is_null(v))
        yk_diag_error(d, doc->file, v->line, v->col, field, "the %s must be a text", key);
    else
        text = v->scalar;
    free(field);
    return text;
}

/* An error at entry's key; fmt is a msgid (tools/po-check extracts it). */
static void report_at(const yk_yaml_doc *doc, const yk_yaml_node *entry, const char *key,
                      size_t index, yk_diag *d, const char *fmt, ...) YK_PRINTF(6, 7);
static void report_at(const yk_yaml_doc *doc, const yk_yaml_node *entry, const char *key,
                      size_t index, yk_diag *d, const char *fmt, ...)
{
    const yk_yaml_node *v = yk_yaml_get(entry, key);
    char *field = yk_xasprintf("wards[%zu].%s", index, key);
    va_list ap;
    va_start(ap, fmt);
    yk_diag_verror(d, doc->file, v->line, v->col, field, fmt, ap);
    va_end(ap);
    free(field);
}

static bool check_values(const yk_yaml_doc *doc, const yk_yaml_node *entry, size_t index,
                         const char *code, const char *slug, yk_diag *d)
{
    bool ok = true;
    if (!yk_ward_code_valid(code)) {
        report_at(doc, entry, "code", index, d,
                  "'%s' is not a 6-digit code passing its check digit", code);
        ok = false;
    }
    if (!slug_valid(slug)) {
        report_at(doc, entry, "slug", index, d, "a slug may hold only a-z, 0-9 and '-' (found '%s')",
                  slug);
        ok = false;
    }
    return ok;
}

/* A name, code or slug that an earlier entry already has would make look-ups ambiguous. */
static bool check_unique(const yk_ward_table *t, const yk_yaml_doc *doc, const yk_yaml_node *entry,
                         size_t index, const yk_ward *w, yk_diag *d)
{
    for (size_t i = 0; i < t->count; i++) {
        const yk_ward *o = &t->wards[i];
        const char *key = strcmp(o->name, w->name) == 0   ? "name"
                          : strcmp(o->code, w->code) == 0 ? "code"
                          : strcmp(o->slug, w->slug) == 0 ? "slug"
                                                          : NULL;
        if (key) {
            report_at(doc, entry, key, index, d, "this %s is already that of the ward on line %d",
                      key, o->line);
            return false;
        }
    }
    return true;
}

static bool add_entry(yk_ward_table *t, const yk_yaml_doc *doc, const yk_yaml_node *entry,
                      size_t index, yk_diag *d)
{
    if (entry->kind != YK_YAML_MAPPING) {
        yk_diag_error(d, doc->file, entry->line, entry->col, NULL,
                      "a ward is a mapping {name, code, slug}");
        return false;
    }
    const char *name = entry_text(doc, entry, "name", index, d);
    const char *code = entry_text(doc, entry, "code", index, d);
    const char *slug = entry_text(doc, entry, "slug", index, d);
    if (!name || !code || !slug || !check_values(doc, entry, index, code, slug, d))
        return false;
    yk_ward w = {name, NULL, code, slug, entry->line};
    if (!check_unique(t, doc, entry, index, &w, d))
        return false;
    w.name = yk_xstrdup(name);
    w.short_name = short_name(name);
    w.code = yk_xstrdup(code);
    w.slug = yk_xstrdup(slug);
    t->wards[t->count++] = w;
    return true;
}

static yk_ward_table *from_doc(const yk_yaml_doc *doc, yk_diag *d)
{
    const yk_yaml_node *list = yk_yaml_get(doc->root, "wards");
    if (!list || list->kind != YK_YAML_SEQUENCE || list->count == 0) {
        int line = doc->root ? doc->root->line : 1;
        yk_diag_error(d, doc->file, line, 1, "wards", "the table needs a list 'wards'");
        return NULL;
    }
    yk_ward_table *t = yk_xcalloc(1, sizeof *t);
    t->wards = yk_xcalloc(list->count, sizeof *t->wards);
    bool ok = true;
    for (size_t i = 0; i < list->count; i++)
        ok = add_entry(t, doc, list->items[i], i, d) && ok;
    if (!ok) {
        yk_ward_table_free(t);
        return NULL;
    }
    return t;
}

/* Takes ownership of doc, which is NULL when loading it already failed and was reported. */
static yk_ward_table *from_loaded(yk_yaml_doc *doc, yk_diag *d)
{
    if (!doc)
        return NULL;
    yk_ward_table *t = from_doc(doc, d);
    yk_yaml_free(doc);
    return t;
}

yk_ward_table *yk_ward_table_load_bytes(const char *bytes, size_t len, const char *name,
                                        yk_diag *d)
{
    return from_loaded(yk_yaml_load_bytes(bytes, len, name, d), d);
}

yk_ward_table *yk_ward_table_load(const char *path, yk_diag *d)
{
    return from_loaded(yk_yaml_load_file(path, d), d);
}

yk_ward_table *yk_ward_table_open(const char *forms_dir, yk_diag *d)
{
    if (!forms_dir) {
        yk_diag_syserror(d, YK_WARD_TABLE_FILE, "no forms directory given to find it in");
        return NULL;
    }
    char *path = yk_xasprintf("%s/%s", forms_dir, YK_WARD_TABLE_FILE);
    yk_ward_table *t = yk_ward_table_load(path, d);
    free(path);
    return t;
}

void yk_ward_table_free(yk_ward_table *t)
{
    if (!t)
        return;
    for (size_t i = 0; i < t->count; i++) {
        free((char *)t->wards[i].name);
        free((char *)t->wards[i].short_name);
        free((char *)t->wards[i].code);
        free((char *)t->wards[i].slug);
    }
    free(t->wards);
    free(t);
}

size_t yk_ward_count(const yk_ward_table *t)
{
    return t ? t->count : 0;
}

const yk_ward *yk_ward_at(const yk_ward_table *t, size_t index)
{
    return index < yk_ward_count(t) ? &t->wards[index] : NULL;
}

const yk_ward *yk_ward_find(const yk_ward_table *t, const char *key)
{
    for (size_t i = 0; key && i < yk_ward_count(t); i++) {
        const yk_ward *w = &t->wards[i];
        if (strcmp(w->name, key) == 0 || strcmp(w->short_name, key) == 0 ||
            strcmp(w->slug, key) == 0 || strcmp(w->code, key) == 0)
            return w;
    }
    return NULL;
}

const yk_ward *yk_ward_by_code(const yk_ward_table *t, const char *code)
{
    for (size_t i = 0; code && i < yk_ward_count(t); i++)
        if (strcmp(t->wards[i].code, code) == 0)
            return &t->wards[i];
    return NULL;
}
