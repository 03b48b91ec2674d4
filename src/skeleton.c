/* skeleton: a plan to fill in, written from the schema table and the keys' labels. */
#include "skeleton.h"

#include <stdlib.h>
#include <string.h>

#include "bind.h"
#include "plan.h"
#include "schema.h"

typedef struct writer {
    yk_buf *out;
    const yk_ward *ward;
    int year;
} writer;

static void pad(yk_buf *out, int indent)
{
    for (int i = 0; i < indent; i++)
        yk_buf_addc(out, ' ');
}

/* The comment above a key: its cell, where it prints, how long it usually is. Above the key,
 * never after the value: text after " #" on a value's line would be cut off by YAML. */
static void comment(writer *w, const char *path, int indent)
{
    const yk_key_label *l = yk_schema_label(path);
    if (!l)
        return;
    pad(w->out, indent);
    yk_buf_addf(w->out, "# %s — %s", l->title, l->description);
    if (l->length)
        yk_buf_addf(w->out, "（%s）", l->length);
    yk_buf_addc(w->out, '\n');
}

static char *child_path(const char *path, const char *key)
{
    if (strcmp(key, "[]") == 0)
        return yk_xasprintf("%s[]", path);
    return *path ? yk_xasprintf("%s.%s", path, key) : yk_xstrdup(key);
}

/* What goes after "key:" for a value the skeleton fills; NULL to leave it empty. */
static char *known_value(const writer *w, const char *path)
{
    if (strcmp(path, "format") == 0)
        return yk_xstrdup(YK_PLAN_FORMAT);
    if (strcmp(path, "fiscal_year") == 0)
        return yk_xasprintf("%d", w->year);
    if (strcmp(path, "status") == 0)
        return yk_xstrdup("draft");
    if (strcmp(path, "ward.name") == 0)
        return yk_xstrdup(w->ward->name);
    if (strcmp(path, "ward.code") == 0)
        return yk_xasprintf("\"%s\"", w->ward->code);
    if (strcmp(path, "ward.slug") == 0)
        return yk_xstrdup(w->ward->slug);
    if (strcmp(path, "issues[].number") == 0)
        return yk_xstrdup("1");
    if (strcmp(path, "issues[].strategies[].number") == 0)
        return yk_xstrdup("1-1");
    if (strcmp(path, "issues[].strategies[].initiatives[].number") == 0)
        return yk_xstrdup("1-1-1");
    if (strcmp(path, "issues[].sdgs") == 0)
        return yk_xstrdup("[]");
    return NULL;
}

static void write_map(writer *w, const yk_plan_field *f, const char *path, int indent,
                      bool first_inline);

/* One key and its value at indent; first_inline: the key follows a list's "- " already
 * written (so neither its comment nor its indentation is written again). */
static void write_key(writer *w, const yk_plan_field *c, const char *path, int indent,
                      bool first_inline)
{
    yk_plan_key k;
    yk_plan_field_info(c, &k);
    char *sub = child_path(path, k.key);
    if (!first_inline) {
        comment(w, sub, indent);
        pad(w->out, indent);
    }
    yk_buf_addf(w->out, "%s:", k.key);
    char *value = known_value(w, sub);
    if (value) {
        yk_buf_addf(w->out, " %s\n", value);
    } else if (k.type == YK_PLAN_BOOL) {
        yk_buf_adds(w->out, " true\n"); /* main: the one item is the one 様式1 shows */
    } else if (k.type == YK_PLAN_MAP) {
        yk_buf_addc(w->out, '\n');
        write_map(w, c, sub, indent + 2, false);
    } else if (k.type == YK_PLAN_LIST) {
        /* one item to copy: a list item is "- " then its keys */
        yk_buf_addc(w->out, '\n');
        const yk_plan_field *item = yk_plan_field_child(c, 0);
        yk_plan_key ik;
        yk_plan_field_info(item, &ik);
        char *isub = child_path(sub, "[]");
        comment(w, isub, indent + 2);
        if (ik.type == YK_PLAN_MAP) { /* its first key shares the "- " line */
            yk_plan_key first;
            yk_plan_field_info(yk_plan_field_child(item, 0), &first);
            char *fsub = child_path(isub, first.key);
            comment(w, fsub, indent + 2);
            free(fsub);
        }
        pad(w->out, indent + 2);
        yk_buf_adds(w->out, "-");
        if (ik.type == YK_PLAN_MAP) {
            yk_buf_addc(w->out, ' ');
            write_map(w, item, isub, indent + 4, true);
        } else {
            yk_buf_addc(w->out, '\n');
        }
        free(isub);
    } else {
        yk_buf_addc(w->out, '\n'); /* text, numbers, budgets: empty (null) until written */
    }
    free(value);
    free(sub);
}

static void write_map(writer *w, const yk_plan_field *f, const char *path, int indent,
                      bool first_inline)
{
    const yk_plan_field *c;
    for (size_t i = 0; (c = yk_plan_field_child(f, i)) != NULL; i++)
        write_key(w, c, path, indent, first_inline && i == 0);
}

void yk_skeleton(const yk_ward *ward, int fiscal_year, const char *schema_ref, yk_buf *out)
{
    writer w = {out, ward, fiscal_year};
    if (schema_ref)
        yk_buf_addf(out, "# yaml-language-server: $schema=%s\n", schema_ref);
    char *era = yk_era_year(fiscal_year);
    yk_buf_addf(out,
                "# %s %s 区運営方針（%d年度） — yoshiki new が作った雛形です。\n"
                "# 空欄に書き込んでください（必須: ward.chief、goal、mission、issues の少なくとも1件）。\n"
                "# 空欄のままの項目は空のセルとして印刷されます。経営課題・戦略・具体的取組を増やすときは\n"
                "# 「- 」で始まる1件分を写して番号を変えます。確かめるには: yoshiki check この.yaml\n",
                ward->name, era, fiscal_year);
    free(era);
    write_map(&w, yk_plan_schema(), "", 0, false);
}
