/* manifest: SHA256SUMS and manifest.json for a batch's output directory (see manifest.h). */
#include "manifest.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

static int by_file(const void *a, const void *b)
{
    return strcmp(((const yk_manifest_file *)a)->file, ((const yk_manifest_file *)b)->file);
}

static void sort_files(yk_manifest *m)
{
    if (m->file_count > 1)
        qsort(m->files, m->file_count, sizeof *m->files, by_file);
}

/* The book's name as SHA256SUMS lists it: its last path component. */
static const char *base_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

char *yk_manifest_sums(yk_manifest *m)
{
    sort_files(m);
    const char *book = m->book && m->book_in_dir ? base_name(m->book->file) : NULL;
    bool book_done = book == NULL;
    yk_buf b = {0};
    for (size_t i = 0; i <= m->file_count; i++) {
        /* the book takes its place in name order among the wards' files */
        if (!book_done && (i == m->file_count || strcmp(book, m->files[i].file) < 0)) {
            yk_buf_addf(&b, "%s  %s\n", m->book->sha256, book);
            book_done = true;
        }
        if (i < m->file_count)
            yk_buf_addf(&b, "%s  %s\n", m->files[i].sha256, m->files[i].file);
    }
    return yk_buf_take(&b);
}

/* ---- JSON ---- */

static void json_string(yk_buf *b, const char *s)
{
    yk_buf_addc(b, '"');
    for (; s && *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\')
            yk_buf_addf(b, "\\%c", c);
        else if (c == '\n')
            yk_buf_adds(b, "\\n");
        else if (c < 0x20)
            yk_buf_addf(b, "\\u%04x", c);
        else
            yk_buf_addc(b, (char)c);
    }
    yk_buf_addc(b, '"');
}

static void json_key(yk_buf *b, int indent, const char *key)
{
    yk_buf_addf(b, "%*s", indent, "");
    json_string(b, key);
    yk_buf_adds(b, ": ");
}

/* "key": "value" inside a one-line object, then `after` (a separator or the closing brace). */
static void json_pair(yk_buf *b, const char *key, const char *value, const char *after)
{
    json_string(b, key);
    yk_buf_adds(b, ": ");
    json_string(b, value);
    yk_buf_adds(b, after);
}

static void json_text(yk_buf *b, int indent, const char *key, const char *value, bool last)
{
    json_key(b, indent, key);
    if (value)
        json_string(b, value);
    else
        yk_buf_adds(b, "null");
    yk_buf_adds(b, last ? "\n" : ",\n");
}

static void json_int(yk_buf *b, int indent, const char *key, long long value, bool last)
{
    json_key(b, indent, key);
    yk_buf_addf(b, "%lld%s", value, last ? "\n" : ",\n");
}

static int by_source_name(const void *a, const void *b)
{
    const yk_manifest_source *x = *(const yk_manifest_source *const *)a;
    const yk_manifest_source *y = *(const yk_manifest_source *const *)b;
    return strcmp(x->name, y->name);
}

/* Templates in print order; fonts by name, since a fallback font joins the session when a
 * worker first needs it, in an order that depends on the threads. */
static void json_sources(yk_buf *b, const yk_manifest *m, const char *kind, const char *key,
                         bool last)
{
    const yk_manifest_source **list = yk_xcalloc(m->source_count + 1, sizeof *list);
    size_t n = 0;
    for (size_t i = 0; i < m->source_count; i++)
        if (strcmp(m->sources[i].kind, kind) == 0)
            list[n++] = &m->sources[i];
    if (strcmp(kind, "font") == 0 && n > 1)
        qsort(list, n, sizeof *list, by_source_name);
    json_key(b, 4, key);
    yk_buf_adds(b, "[");
    bool first = true;
    for (size_t i = 0; i < n; i++) {
        const yk_manifest_source *s = list[i];
        yk_buf_adds(b, first ? "\n" : ",\n");
        first = false;
        yk_buf_adds(b, "      {");
        json_pair(b, "name", s->name, ", ");
        json_pair(b, "file", s->file, ", ");
        json_pair(b, strcmp(s->kind, "font") == 0 ? "table_directory_sha256" : "sha256",
                  s->sha256, "}");
    }
    yk_buf_adds(b, first ? "]" : "\n    ]");
    yk_buf_adds(b, last ? "\n" : ",\n");
    free(list);
}

static void json_file(yk_buf *b, const yk_manifest_file *f, bool last)
{
    yk_buf_adds(b, "    {\n");
    json_text(b, 6, "file", f->file, false);
    json_key(b, 6, "ward");
    yk_buf_adds(b, "{");
    json_pair(b, "name", f->ward_name, ", ");
    json_pair(b, "code", f->ward_code, ", ");
    json_pair(b, "slug", f->ward_slug, "},\n");
    json_int(b, 6, "fiscal_year", f->fiscal_year, false);
    json_text(b, 6, "status", f->status, false);
    json_int(b, 6, "pages", (long long)f->pages, false);
    json_int(b, 6, "bytes", f->bytes, false);
    json_text(b, 6, "sha256", f->sha256, false);
    json_key(b, 6, "plan");
    yk_buf_adds(b, "{");
    json_pair(b, "path", f->plan_path, ", ");
    json_pair(b, "sha256", f->plan_sha256, "}\n");
    yk_buf_adds(b, last ? "    }\n" : "    },\n");
}

static void json_book(yk_buf *b, const yk_manifest *m)
{
    json_key(b, 2, "book");
    if (!m->book) {
        yk_buf_adds(b, "null\n");
        return;
    }
    yk_buf_adds(b, "{\n");
    json_text(b, 4, "file", m->book->file, false);
    json_int(b, 4, "wards", (long long)m->book_wards, false);
    json_int(b, 4, "pages", (long long)m->book->pages, false);
    json_int(b, 4, "bytes", m->book->bytes, false);
    json_text(b, 4, "sha256", m->book->sha256, true);
    yk_buf_adds(b, "  }\n");
}

char *yk_manifest_json(yk_manifest *m)
{
    sort_files(m);
    yk_buf b = {0};
    yk_buf_adds(&b, "{\n");
    json_text(&b, 2, "format", "yoshiki-manifest/1", false);
    json_key(&b, 2, "producer");
    yk_buf_adds(&b, "{\n");
    json_text(&b, 4, "name", "yoshiki", false);
    json_text(&b, 4, "version", m->version, false);
    if (m->epoch >= 0)
        json_int(&b, 4, "source_date_epoch", m->epoch, false);
    else
        json_text(&b, 4, "source_date_epoch", NULL, false); /* dated when rendered */
    json_sources(&b, m, "template", "templates", false);
    json_sources(&b, m, "font", "fonts", true);
    yk_buf_adds(&b, "  },\n");
    json_key(&b, 2, "files");
    yk_buf_adds(&b, m->file_count ? "[\n" : "[");
    for (size_t i = 0; i < m->file_count; i++)
        json_file(&b, &m->files[i], i + 1 == m->file_count);
    yk_buf_adds(&b, m->file_count ? "  ],\n" : "],\n");
    json_book(&b, m);
    yk_buf_adds(&b, "}\n");
    return yk_buf_take(&b);
}

/* ---- writing ---- */

bool yk_manifest_write(const char *dir, yk_manifest *m, yk_temps *temps, yk_diag *d)
{
    char *sums = yk_manifest_sums(m);
    char *json = yk_manifest_json(m);
    char *sums_path = yk_xasprintf("%s/SHA256SUMS", dir);
    char *json_path = yk_xasprintf("%s/manifest.json", dir);
    bool ok = yk_output_write(sums_path, sums, strlen(sums), temps, d) &&
              yk_output_write(json_path, json, strlen(json), temps, d);
    free(sums);
    free(json);
    free(sums_path);
    free(json_path);
    return ok;
}
