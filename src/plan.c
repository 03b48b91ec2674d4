/* plan: the format unei-hoshin/1 as one declarative schema table (design.md §2), a walker
 * that checks a YAML tree against it and reports every problem, and the few rules that
 * span several keys (numbering, one main item per list). */
#include "plan.h"

#include "fix.h"
#include "ward.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FORMAT_NAME YK_PLAN_FORMAT

typedef enum {
    T_TEXT,   /* any scalar, read as text */
    T_INT,    /* a plain decimal integer within [min, max] */
    T_BOOL,   /* true or false */
    T_LIST,   /* a sequence of `children[0]`, at least `min` long */
    T_MAP,    /* a mapping whose keys are `children` (terminated by a NULL key) */
    T_BUDGET, /* 千円: a non-negative integer, or a mapping of `children` */
} field_type;

typedef struct walker walker;
typedef struct yk_plan_field field; /* read-only outside: plan.h */

/* An extra rule on a value that already has the right type; parent is the enclosing node. */
typedef void (*rule_fn)(walker *w, const field *f, const yk_yaml_node *n, const char *path,
                        const yk_yaml_node *parent);

struct yk_plan_field {
    const char *key; /* "[]" for the item of a list */
    field_type type;
    bool required;
    const field *children;
    long min, max; /* T_INT range; T_LIST minimum length */
    rule_fn rule;
};

struct walker {
    yk_diag *d; /* private: sorted into the caller's sink at the end */
    const char *file;
    size_t errors;
    /* numbers already reported as wrong, so a child is not blamed for its parent's mistake */
    const yk_yaml_node **misnumbered;
    size_t misnumbered_count, misnumbered_cap;
};

static void rule_format(walker *w, const field *f, const yk_yaml_node *n, const char *path,
                        const yk_yaml_node *parent);
static void rule_status(walker *w, const field *f, const yk_yaml_node *n, const char *path,
                        const yk_yaml_node *parent);
static void rule_ward_code(walker *w, const field *f, const yk_yaml_node *n, const char *path,
                           const yk_yaml_node *parent);
static void rule_slug(walker *w, const field *f, const yk_yaml_node *n, const char *path,
                      const yk_yaml_node *parent);
static void rule_issues(walker *w, const field *f, const yk_yaml_node *n, const char *path,
                        const yk_yaml_node *parent);
static void rule_sub_numbers(walker *w, const field *f, const yk_yaml_node *n, const char *path,
                             const yk_yaml_node *parent);

/* ---- the schema ---- */

#define TEXT(k) {k, T_TEXT, false, NULL, 0, 0, NULL}
#define END {NULL, T_TEXT, false, NULL, 0, 0, NULL}

static const field budget_fields[] = {
    {"current", T_INT, false, NULL, 0, LONG_MAX, NULL},
    {"previous", T_INT, false, NULL, 0, LONG_MAX, NULL},
    {"settled", T_INT, false, NULL, 0, LONG_MAX, NULL},
    END,
};

/* 中間振り返り and 自己評価 of an initiative or a reform item share their keys. */
static const field item_midterm_fields[] = {TEXT("status"), TEXT("results"), TEXT("remedy"), END};
static const field item_review_fields[] = {TEXT("results"), TEXT("target_status"),
                                           TEXT("remedy"), END};
static const field strategy_midterm_fields[] = {TEXT("progress"), TEXT("outcome_interim"), END};
static const field strategy_review_fields[] = {TEXT("outcome_status"), TEXT("effectiveness"),
                                               TEXT("remedy"), END};

static const field initiative_fields[] = {
    TEXT("number"),
    TEXT("title"),
    {"main", T_BOOL, false, NULL, 0, 0, NULL},
    {"budget", T_BUDGET, false, budget_fields, 0, LONG_MAX, NULL},
    TEXT("body"),
    TEXT("performance_target"),
    TEXT("withdrawal_criteria"),
    TEXT("past_results"),
    {"midterm", T_MAP, false, item_midterm_fields, 0, 0, NULL},
    {"review", T_MAP, false, item_review_fields, 0, 0, NULL},
    END,
};
static const field initiative_item[] = {{"[]", T_MAP, false, initiative_fields, 0, 0, NULL}};

static const field strategy_fields[] = {
    TEXT("number"),
    TEXT("title"),
    {"main", T_BOOL, false, NULL, 0, 0, NULL},
    TEXT("body"),
    TEXT("target_state"),
    TEXT("outcome_indicator"),
    TEXT("withdrawal_criteria"),
    TEXT("past_results"),
    {"midterm", T_MAP, false, strategy_midterm_fields, 0, 0, NULL},
    {"review", T_MAP, false, strategy_review_fields, 0, 0, NULL},
    {"initiatives", T_LIST, false, initiative_item, 0, 0, rule_sub_numbers},
    END,
};
static const field strategy_item[] = {{"[]", T_MAP, false, strategy_fields, 0, 0, NULL}};

static const field sdg_item[] = {{"[]", T_INT, false, NULL, 1, 17, NULL}};

static const field issue_fields[] = {
    {"number", T_INT, false, NULL, 1, LONG_MAX, NULL},
    TEXT("title"),
    TEXT("summary"),
    {"sdgs", T_LIST, false, sdg_item, 0, 0, NULL},
    TEXT("vision"),
    TEXT("current_state"),
    TEXT("causes"),
    TEXT("challenge"),
    {"strategies", T_LIST, false, strategy_item, 0, 0, rule_sub_numbers},
    END,
};
static const field issue_item[] = {{"[]", T_MAP, false, issue_fields, 0, 0, NULL}};

static const field reform_fields[] = {
    TEXT("item"),
    TEXT("content"),
    TEXT("target"),
    TEXT("past_results"),
    {"midterm", T_MAP, false, item_midterm_fields, 0, 0, NULL},
    {"review", T_MAP, false, item_review_fields, 0, 0, NULL},
    END,
};
static const field reform_item[] = {{"[]", T_MAP, false, reform_fields, 0, 0, NULL}};

static const field ward_fields[] = {
    {"name", T_TEXT, true, NULL, 0, 0, NULL},
    {"code", T_TEXT, false, NULL, 0, 0, rule_ward_code},
    {"slug", T_TEXT, false, NULL, 0, 0, rule_slug},
    {"chief", T_TEXT, true, NULL, 0, 0, NULL},
    END,
};

static const field evaluation_fields[] = {TEXT("achievements"), TEXT("improvements"), END};
static const field text_item[] = {TEXT("[]")};

static const field plan_fields[] = {
    {"format", T_TEXT, true, NULL, 0, 0, rule_format},
    {"fiscal_year", T_INT, true, NULL, 1989, 2100, NULL},
    {"status", T_TEXT, false, NULL, 0, 0, rule_status},
    {"ward", T_MAP, true, ward_fields, 0, 0, NULL},
    {"goal", T_TEXT, true, NULL, 0, 0, NULL},
    {"mission", T_TEXT, true, NULL, 0, 0, NULL},
    {"policy", T_LIST, false, text_item, 0, 0, NULL},
    {"issues", T_LIST, true, issue_item, 1, 0, rule_issues},
    {"reform_items", T_LIST, false, reform_item, 0, 0, NULL},
    {"evaluation", T_MAP, false, evaluation_fields, 0, 0, NULL},
    END,
};
static const field plan_root = {"", T_MAP, true, plan_fields, 0, 0, NULL};

/* ---- reporting ---- */

static void error_at(walker *w, const yk_yaml_node *at, const char *path, const char *fmt, ...)
    YK_PRINTF(4, 5);

static void error_at(walker *w, const yk_yaml_node *at, const char *path, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    yk_diag_verror(w->d, w->file, at ? at->line : 0, at ? at->col : 0, *path ? path : NULL, fmt,
                   ap);
    va_end(ap);
    w->errors++;
}

static const char *kind_name(const yk_yaml_node *n)
{
    static const char *const names[] = {YK_N_("text"), YK_N_("a list"),
                                        YK_N_("a mapping (keys with values)")};
    return yk_tr(names[n->kind]);
}

static char *child_path(const char *path, const char *key)
{
    return yk_join_path(path, key, 0);
}

/* ---- did you mean ---- */

/* The allowed key closest to key, or NULL when none is a plausible slip of the keyboard. */
static const char *suggest_key(const char *key, const field *allowed)
{
    const char *names[64];
    size_t count = 0;
    for (const field *f = allowed; f->key && count < 64; f++)
        names[count++] = f->key;
    return yk_suggest(key, names, count);
}

static void report_unknown_key(walker *w, const yk_yaml_node *key, const char *path,
                               const field *allowed)
{
    char *where = child_path(path, key->scalar);
    const char *hint = suggest_key(key->scalar, allowed);
    if (hint) {
        error_at(w, key, where, "unknown key '%s' (did you mean '%s'?)", key->scalar, hint);
    } else {
        yk_buf keys = {0};
        for (const field *f = allowed; f->key; f++)
            yk_buf_addf(&keys, "%s%s", f == allowed ? "" : ", ", f->key);
        error_at(w, key, where, "unknown key '%s' (the keys allowed here are: %s)", key->scalar,
                 keys.data);
        yk_buf_free(&keys);
    }
    free(where);
}

/* In a flow mapping a comma ends a plain value: "{results: 上半期は2,811件。}" reads as
 * results "上半期は2" and a key "811件。" without a value. The number of such key-only
 * fragments from pair i on (0 when pair i is not one), so that the cut value is named once,
 * whole, instead of as unknown keys. */
static const field *find_field(const field *fields, const char *key, size_t len);

static size_t comma_fragments(const yk_yaml_node *map, size_t i, const field *allowed)
{
    if (!map->flow || i == 0)
        return 0;
    const yk_yaml_node *before = map->pairs[i - 1].value;
    if (before->kind != YK_YAML_SCALAR || !before->plain || before->len == 0)
        return 0;
    size_t k = i;
    while (k < map->pair_count && map->pairs[k].key->plain &&
           yk_yaml_is_null(map->pairs[k].value) &&
           !find_field(allowed, map->pairs[k].key->scalar, map->pairs[k].key->len))
        k++;
    return k - i;
}

static void report_comma_cut(walker *w, const yk_yaml_node *map, size_t i, size_t count,
                             const char *path)
{
    const yk_yaml_pair *cut = &map->pairs[i - 1];
    yk_buf whole = {0};
    yk_buf_adds(&whole, cut->value->scalar);
    for (size_t k = i; k < i + count; k++)
        yk_buf_addf(&whole, ",%s", map->pairs[k].key->scalar);
    char *where = child_path(path, cut->key->scalar);
    error_at(w, map->pairs[i].key, where,
             "inside { } a comma ends a value, so this value was cut at its comma and '%s' "
             "read as a key; put the whole value in quotes: %s: \"%s\"",
             map->pairs[i].key->scalar, cut->key->scalar, whole.data);
    free(where);
    yk_buf_free(&whole);
}

/* ---- checks per type ---- */

static void check_value(walker *w, const field *f, const yk_yaml_node *n, const char *path,
                        const yk_yaml_node *parent);

/* Text hygiene (docs/plan-format.md): a value of nothing but white space — ASCII spaces,
 * tabs, line breaks, U+3000, U+00A0, U+200B — prints nothing, so a required one is empty. */
static bool is_blank(const yk_yaml_node *n)
{
    if (n->kind != YK_YAML_SCALAR || n->len == 0)
        return false;
    for (size_t i = 0; i < n->len;) {
        uint32_t cp;
        i += yk_utf8_decode(n->scalar + i, n->len - i, &cp);
        if (cp != ' ' && cp != '\t' && cp != '\n' && cp != '\r' && cp != 0x3000 && cp != 0xA0 &&
            cp != 0x200B)
            return false;
    }
    return true;
}

/* Text must be clean UTF-8 without control characters other than line feed and tab, which
 * would otherwise reach the PDF as invisible or missing glyphs. */
static void check_text(walker *w, const yk_yaml_node *n, const char *path)
{
    if (n->kind != YK_YAML_SCALAR) {
        error_at(w, n, path, "expected text, found %s", kind_name(n));
        return;
    }
    /* one pass: bad UTF-8 anywhere is reported before the first unprintable character */
    size_t chars = 0, first_at = 0;
    uint32_t first = 0;
    for (size_t i = 0; i < n->len; chars++) {
        uint32_t cp;
        size_t used = yk_utf8_next(n->scalar + i, n->len - i, &cp);
        if (cp == 0xFFFD && used == 1) { /* a real U+FFFD is 3 bytes */
            error_at(w, n, path, "text is not valid UTF-8 (at byte %zu)", i);
            return;
        }
        i += used;
        /* U+2028 and U+2029: YAML reads these as line breaks in plain text, so they only
         * arrive as the escapes \L and \P; no font draws them and 禁則 knows only '\n' as a
         * hard break */
        if (!first_at && ((cp < 0x20 && cp != '\n' && cp != '\t') || (cp >= 0x7F && cp <= 0x9F) ||
                          cp == 0x2028 || cp == 0x2029)) {
            first = cp;
            first_at = chars + 1;
        }
    }
    if (first == 0x2028 || first == 0x2029) {
        error_at(w, n, path,
                 "text holds U+%04X (%s, character %zu); start a new line instead (a "
                 "'|' block keeps line breaks)",
                 (unsigned)first, first == 0x2028 ? "LINE SEPARATOR" : "PARAGRAPH SEPARATOR",
                 first_at);
        return;
    }
    if (first_at) {
        error_at(w, n, path, "text holds control character U+%04X (character %zu); remove it",
                 (unsigned)first, first_at);
        return;
    }
    if (n->comment)
        yk_diag_warning(w->d, w->file, n->comment_line, n->comment_col, path,
                        "the text from ' #' on is a YAML comment and is not printed: '%s'; if it "
                        "belongs to the value, put the whole value in quotes",
                        n->comment);
}

static void check_range(walker *w, const field *f, const yk_yaml_node *n, const char *path,
                        long v)
{
    if (v >= f->min && v <= f->max)
        return;
    if (f->max == LONG_MAX && f->min == 0)
        error_at(w, n, path, "must not be negative (found %ld)", v);
    else if (f->max == LONG_MAX && f->min == 1)
        error_at(w, n, path, "must be a positive whole number (found %ld)", v);
    else
        error_at(w, n, path, "must be from %ld to %ld (found %ld)", f->min, f->max, v);
}

/* An amount in 千円 (a budget or one of its years): the only fields from 0 without a top. */
static bool is_amount(const field *f)
{
    return f->min == 0 && f->max == LONG_MAX;
}

/* What a ward writes for "no amount" in a printed form: －, -, ー, 未定, なし, a blank. */
static bool means_no_amount(const yk_yaml_node *n)
{
    static const char *const words[] = {"未定", "なし", "無し", "該当なし"};
    for (size_t i = 0; i < sizeof words / sizeof *words; i++)
        if (strcmp(n->scalar, words[i]) == 0)
            return true;
    for (size_t i = 0; i < n->len;) {
        uint32_t cp;
        i += yk_utf8_next(n->scalar + i, n->len - i, &cp);
        if (cp != ' ' && cp != '\t' && cp != '-' && cp != 0xFF0D && cp != 0x2010 &&
            cp != 0x2014 && cp != 0x2015 && cp != 0x2212 && cp != 0x30FC && cp != 0x3000)
            return false;
    }
    return true;
}

/* The message says what to write instead when the value has a likely meaning (fix.h). */
static void report_not_int(walker *w, const field *f, const yk_yaml_node *n, const char *path)
{
    if (is_amount(f) && means_no_amount(n)) {
        error_at(w, n, path, "for no amount leave the value empty (or write null), which "
                 "prints －; found '%s'", n->scalar);
        return;
    }
    long v;
    switch (yk_fix_whole_number(n->scalar, !n->plain, &v)) {
    case YK_FIX_QUOTED:
        error_at(w, n, path, "\"%s\" is in quotes, so it is text, not a number; remove the "
                 "quotes: %ld", n->scalar, v);
        break;
    case YK_FIX_ERA:
        error_at(w, n, path, "write the Western year: %s → %ld", n->scalar, v);
        break;
    case YK_FIX_AMOUNT:
        error_at(w, n, path, "write the amount in 千円 as digits only: %s → %ld", n->scalar, v);
        break;
    case YK_FIX_DIGITS:
        error_at(w, n, path, "write the number in half-width digits: %s → %ld", n->scalar, v);
        break;
    case YK_FIX_NONE:
        error_at(w, n, path, "expected a whole number written in digits, found '%s'", n->scalar);
        break;
    }
}

static void check_int(walker *w, const field *f, const yk_yaml_node *n, const char *path)
{
    long v;
    if (n->kind != YK_YAML_SCALAR)
        error_at(w, n, path, "expected a whole number, found %s", kind_name(n));
    else if (!yk_yaml_int(n, &v))
        report_not_int(w, f, n, path);
    else
        check_range(w, f, n, path, v);
}

/* Booleans are read by yk_yaml_bool alone, so bind and the forms give `main:` the meaning
 * checked here; YAML 1.1's yes/no/on/off are refused as too easy to write by accident. */
static void check_bool(walker *w, const yk_yaml_node *n, const char *path)
{
    bool b;
    if (yk_yaml_bool(n, &b))
        return;
    if (n->kind != YK_YAML_SCALAR)
        error_at(w, n, path, "expected true or false, found %s", kind_name(n));
    else if (n->plain)
        error_at(w, n, path, "expected true or false, found '%s'", n->scalar);
    else
        error_at(w, n, path, "expected true or false without quotes, found the text '%s'",
                 n->scalar);
}

static void check_list(walker *w, const field *f, const yk_yaml_node *n, const char *path)
{
    if (n->kind != YK_YAML_SEQUENCE) {
        error_at(w, n, path, "expected a list (lines starting with '- '), found %s",
                 kind_name(n));
        return;
    }
    if (n->count == 0 && f->min == 1)
        error_at(w, n, path, "the list is empty; it needs at least one item");
    else if (n->count < (size_t)f->min)
        error_at(w, n, path, "the list has %zu items; it needs at least %ld", n->count, f->min);
    for (size_t i = 0; i < n->count; i++) {
        char *sub = yk_join_path(path, NULL, i);
        check_value(w, &f->children[0], n->items[i], sub, n);
        free(sub);
    }
}

static const field *find_field(const field *fields, const char *key, size_t len)
{
    for (const field *f = fields; f->key; f++)
        if (strlen(f->key) == len && memcmp(f->key, key, len) == 0)
            return f;
    return NULL;
}

static void check_required(walker *w, const field *f, const yk_yaml_node *n, const char *path)
{
    for (const field *c = f->children; c->key; c++) {
        if (!c->required)
            continue;
        const yk_yaml_node *v = yk_yaml_get(n, c->key);
        char *sub = child_path(path, c->key);
        if (!v)
            error_at(w, n, sub, "missing required key '%s'", c->key);
        /* an empty list or mapping says for itself what it lacks (check_list, check_map) */
        else if (v->kind != YK_YAML_SEQUENCE && v->kind != YK_YAML_MAPPING &&
                 yk_yaml_is_empty(v))
            error_at(w, v, sub, "required value is empty");
        else if (is_blank(v))
            error_at(w, v, sub, "required value holds only spaces, which print nothing: it is "
                                "empty");
        free(sub);
    }
}

static void check_map(walker *w, const field *f, const yk_yaml_node *n, const char *path)
{
    if (n->kind != YK_YAML_MAPPING) {
        error_at(w, n, path, "expected a mapping (keys with values), found %s", kind_name(n));
        return;
    }
    for (size_t i = 0; i < n->pair_count; i++) {
        const yk_yaml_node *key = n->pairs[i].key;
        const field *c = find_field(f->children, key->scalar, key->len);
        if (!c) {
            size_t cut = comma_fragments(n, i, f->children);
            if (cut) {
                report_comma_cut(w, n, i, cut, path);
                i += cut - 1;
            } else {
                report_unknown_key(w, key, path, f->children);
            }
            continue;
        }
        char *sub = child_path(path, c->key);
        check_value(w, c, n->pairs[i].value, sub, n);
        free(sub);
    }
    check_required(w, f, n, path);
}

static void check_budget(walker *w, const field *f, const yk_yaml_node *n, const char *path)
{
    if (n->kind == YK_YAML_MAPPING)
        check_map(w, f, n, path);
    else if (n->kind == YK_YAML_SCALAR)
        check_int(w, f, n, path);
    else
        error_at(w, n, path, "expected an amount in 千円 or {current, previous, settled}, found %s",
                 kind_name(n));
}

/* Null (an empty value) is allowed for every key; required keys are checked by the map. */
static void check_value(walker *w, const field *f, const yk_yaml_node *n, const char *path,
                        const yk_yaml_node *parent)
{
    if (yk_yaml_is_null(n)) {
        /* "body: #3の取組を参照" is an empty value and a comment: warn as for a value cut
         * short by one (check_text) */
        if (f->type == T_TEXT && n->kind == YK_YAML_SCALAR && n->comment)
            yk_diag_warning(w->d, w->file, n->comment_line, n->comment_col, path,
                            "this value is empty: YAML reads the text from '#' on as a comment "
                            "and does not print it: '%s'; if it is the value, put it in quotes",
                            n->comment);
        return;
    }
    /* a list's rules run before its items are walked, so that a parent's wrong number is
     * known when its children's numbers are checked */
    if (f->type == T_LIST && f->rule && n->kind == YK_YAML_SEQUENCE)
        f->rule(w, f, n, path, parent);
    size_t before = w->errors;
    switch (f->type) {
    case T_TEXT: check_text(w, n, path); break;
    case T_INT: check_int(w, f, n, path); break;
    case T_BOOL: check_bool(w, n, path); break;
    case T_LIST: check_list(w, f, n, path); break;
    case T_MAP: check_map(w, f, n, path); break;
    case T_BUDGET: check_budget(w, f, n, path); break;
    }
    if (f->type != T_LIST && f->rule && w->errors == before)
        f->rule(w, f, n, path, parent);
}

/* ---- rules on single values ---- */

static void rule_format(walker *w, const field *f, const yk_yaml_node *n, const char *path,
                        const yk_yaml_node *parent)
{
    if (strcmp(n->scalar, FORMAT_NAME) != 0)
        error_at(w, n, path, "unknown format '%s' (this version of yoshiki reads '%s')",
                 n->scalar, FORMAT_NAME);
}

static void rule_status(walker *w, const field *f, const yk_yaml_node *n, const char *path,
                        const yk_yaml_node *parent)
{
    if (strcmp(n->scalar, "draft") != 0 && strcmp(n->scalar, "final") != 0)
        error_at(w, n, path, "must be 'draft' or 'final' (found '%s')", n->scalar);
}

static bool all_digits(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (s[i] < '0' || s[i] > '9')
            return false;
    return len > 0;
}

static void rule_ward_code(walker *w, const field *f, const yk_yaml_node *n, const char *path,
                           const yk_yaml_node *parent)
{
    if (n->len != 6 || !all_digits(n->scalar, n->len)) {
        error_at(w, n, path, "a ward code has 6 digits, like \"271241\" (found '%s')", n->scalar);
        return;
    }
    int want = yk_ward_check_digit(n->scalar); /* the ward table's rule, one definition */
    if (n->scalar[5] - '0' != want)
        error_at(w, n, path, "'%s' fails the check digit (the last digit should be %d)",
                 n->scalar, want);
}

static void rule_slug(walker *w, const field *f, const yk_yaml_node *n, const char *path,
                      const yk_yaml_node *parent)
{
    bool ok = n->len > 0 && strspn(n->scalar, "abcdefghijklmnopqrstuvwxyz0123456789-") == n->len;
    if (!ok)
        error_at(w, n, path,
                 "a slug names output files and may hold only a-z, 0-9 and '-' (found '%s')",
                 n->scalar);
}

/* ---- rules across list items: numbering and main ---- */

/* The first earlier item whose value under key has the same text as item's, or NULL. */
static const yk_yaml_node *earlier_same(const yk_yaml_node *list, size_t index, const char *key)
{
    const yk_yaml_node *mine = yk_yaml_get(list->items[index], key);
    for (size_t i = 0; i < index; i++) {
        const yk_yaml_node *other = yk_yaml_get(list->items[i], key);
        if (other && other->kind == YK_YAML_SCALAR && strcmp(other->scalar, mine->scalar) == 0)
            return other;
    }
    return NULL;
}

static bool is_true(const yk_yaml_node *n)
{
    bool b;
    return yk_yaml_bool(n, &b) && b;
}

/* "main: true" picks the item 様式1 shows, so two would be ambiguous. */
static void check_one_main(walker *w, const yk_yaml_node *list, const char *path)
{
    const yk_yaml_node *first = NULL;
    for (size_t i = 0; i < list->count; i++) {
        const yk_yaml_node *m = yk_yaml_get(list->items[i], "main");
        if (!is_true(m))
            continue;
        if (first) {
            char *sub = yk_xasprintf("%s[%zu].main", path, i);
            error_at(w, m, sub, "only one item of a list may be 'main: true' (the first is at line %d)",
                     first->line);
            free(sub);
        } else {
            first = m;
        }
    }
}

static void rule_issues(walker *w, const field *f, const yk_yaml_node *n, const char *path,
                        const yk_yaml_node *parent)
{
    for (size_t i = 0; i < n->count; i++) {
        const yk_yaml_node *num = yk_yaml_get(n->items[i], "number");
        long v;
        if (!num || !yk_yaml_int(num, &v))
            continue;
        const yk_yaml_node *prev = earlier_same(n, i, "number");
        if (prev) {
            char *sub = yk_xasprintf("%s[%zu].number", path, i);
            error_at(w, num, sub, "duplicate issue number %ld (first at line %d)", v, prev->line);
            free(sub);
        }
    }
}

/* True when s is parts positive numbers joined by '-', like "2-1" for parts = 2. */
static bool numbering_syntax(const char *s, int parts)
{
    for (int p = 0; p < parts; p++) {
        if (p > 0 && *s++ != '-')
            return false;
        if (*s < '1' || *s > '9')
            return false;
        while (*s >= '0' && *s <= '9')
            s++;
    }
    return *s == '\0';
}

/* A strategy is numbered under its issue ("2-1" under issue 2), an initiative under its
 * strategy ("2-1-3" under "2-1"): the prefix a child's number of `parts` parts must have, or
 * NULL when the parent's own number is absent or malformed (reported elsewhere). */
static char *numbering_prefix(const walker *w, const yk_yaml_node *parent, int parts)
{
    const yk_yaml_node *num = yk_yaml_get(parent, "number");
    for (size_t i = 0; i < w->misnumbered_count; i++)
        if (w->misnumbered[i] == num)
            return NULL;
    if (num && num->kind == YK_YAML_SCALAR && numbering_syntax(num->scalar, parts - 1))
        return yk_xasprintf("%s-", num->scalar);
    return NULL;
}

static void check_sub_number(walker *w, const yk_yaml_node *list, size_t i, const char *path,
                             int parts, const char *prefix)
{
    const yk_yaml_node *num = yk_yaml_get(list->items[i], "number");
    if (yk_yaml_is_empty(num) || num->kind != YK_YAML_SCALAR)
        return;
    const char *noun = parts == 2 ? yk_tr("strategy") : yk_tr("initiative");
    char *sub = yk_xasprintf("%s[%zu].number", path, i);
    size_t before = w->errors;
    const yk_yaml_node *prev;
    if (!numbering_syntax(num->scalar, parts))
        error_at(w, num, sub, "%s number '%s' should be written like '%s1' (half-width digits and '-')",
                 noun, num->scalar, prefix ? prefix : parts == 2 ? "1-" : "1-1-");
    else if (prefix && strncmp(num->scalar, prefix, strlen(prefix)) != 0)
        error_at(w, num, sub, "%s number '%s' must begin with '%s' (it belongs to %s %.*s)",
                 noun, num->scalar, prefix, parts == 2 ? yk_tr("issue") : yk_tr("strategy"),
                 (int)strlen(prefix) - 1, prefix);
    else if ((prev = earlier_same(list, i, "number")) != NULL)
        error_at(w, num, sub, "duplicate %s number '%s' (first at line %d)", noun, num->scalar,
                 prev->line);
    if (w->errors > before) {
        w->misnumbered = yk_reserve(w->misnumbered, w->misnumbered_count + 1,
                                    &w->misnumbered_cap, sizeof *w->misnumbered);
        w->misnumbered[w->misnumbered_count++] = num;
    }
    free(sub);
}

static void rule_sub_numbers(walker *w, const field *f, const yk_yaml_node *n, const char *path,
                             const yk_yaml_node *parent)
{
    int parts = strcmp(f->key, "strategies") == 0 ? 2 : 3;
    char *prefix = numbering_prefix(w, parent, parts);
    for (size_t i = 0; i < n->count; i++)
        check_sub_number(w, n, i, path, parts, prefix);
    free(prefix);
    check_one_main(w, n, path);
}

/* ---- loading ---- */

static void fill_plan(yk_plan *plan)
{
    const yk_yaml_node *root = plan->doc->root;
    const yk_yaml_node *ward = yk_yaml_get(root, "ward");
    const yk_yaml_node *status = yk_yaml_get(root, "status");
    const yk_yaml_node *code = yk_yaml_get(ward, "code");
    const yk_yaml_node *slug = yk_yaml_get(ward, "slug");
    long year = 0;
    yk_yaml_int(yk_yaml_get(root, "fiscal_year"), &year);
    plan->fiscal_year = (int)year;
    plan->draft = yk_yaml_is_empty(status) || strcmp(status->scalar, "draft") == 0;
    plan->ward_name = yk_yaml_get(ward, "name")->scalar;
    plan->ward_code = yk_yaml_is_empty(code) ? NULL : code->scalar;
    plan->ward_slug = yk_yaml_is_empty(slug) ? NULL : slug->scalar;
}

static int by_position(const void *a, const void *b)
{
    const yk_diag_entry *x = *(const yk_diag_entry *const *)a, *y = *(const yk_diag_entry *const *)b;
    if (x->line != y->line)
        return x->line < y->line ? -1 : 1;
    if (x->col != y->col)
        return x->col < y->col ? -1 : 1;
    return x < y ? -1 : x > y; /* entries sit in one array: address order is report order */
}

/* The walker checks lists before or after their items as rules need; the reader wants the
 * problems in file order. */
static void report_sorted(const yk_diag *from, yk_diag *to)
{
    size_t n = yk_diag_count(from);
    const yk_diag_entry **order = yk_xcalloc(n, sizeof *order);
    for (size_t i = 0; i < n; i++)
        order[i] = yk_diag_at(from, i);
    qsort(order, n, sizeof *order, by_position);
    for (size_t i = 0; i < n; i++) {
        const yk_diag_entry *e = order[i];
        yk_diag_report(to, e->level, e->cls, e->file, e->line, e->col, e->field, "%s",
                       e->message);
    }
    free(order);
}

/* Takes doc; returns the plan, or NULL (doc freed) when any error was reported. */
static yk_plan *validate(yk_yaml_doc *doc, yk_diag *d)
{
    walker w = {yk_diag_new(), doc->file, 0, NULL, 0, 0};
    if (!doc->root)
        error_at(&w, NULL, "", "the plan is empty; it starts with 'format: %s'", FORMAT_NAME);
    else if (doc->root->kind != YK_YAML_MAPPING)
        error_at(&w, doc->root, "", "a plan is a mapping of keys (format:, fiscal_year:, …), not %s",
                 kind_name(doc->root));
    else
        check_map(&w, &plan_root, doc->root, "");
    report_sorted(w.d, d);
    yk_diag_free(w.d);
    free(w.misnumbered);
    if (w.errors) {
        yk_yaml_free(doc);
        return NULL;
    }
    yk_plan *plan = yk_xcalloc(1, sizeof *plan);
    plan->doc = doc;
    plan->file = doc->file;
    fill_plan(plan);
    return plan;
}

static void report_too_big(const char *name, size_t len, yk_diag *d)
{
    char size[32], limit[32];
    yk_size_text(YK_PLAN_MAX_BYTES, limit, sizeof limit);
    if (len > YK_PLAN_MAX_BYTES + 1) /* a pipe is read no further than the limit */
        yk_diag_error(d, name, 0, 0, NULL,
                      "the plan is %s (%zu bytes), over the limit of %s (%u bytes) for a "
                      "plan file; it was not read",
                      yk_size_text(len, size, sizeof size), len, limit, YK_PLAN_MAX_BYTES);
    else
        yk_diag_error(d, name, 0, 0, NULL,
                      "the plan is over the limit of %s (%u bytes) for a plan file; it was "
                      "not read past it", limit, YK_PLAN_MAX_BYTES);
}

yk_plan *yk_plan_load(const char *path, yk_diag *d)
{
    size_t len = 0;
    char *bytes = yk_read_file_max(path, YK_PLAN_MAX_BYTES, &len);
    if (!bytes) {
        char eb[YK_ERRBUF];
        if (errno == EFBIG)
            report_too_big(path, len, d);
        else
            yk_diag_syserror(d, path, "cannot read the file: %s", yk_strerror(errno, eb, sizeof eb));
        return NULL;
    }
    yk_plan *plan = yk_plan_load_bytes(bytes, len, path, d);
    free(bytes);
    return plan;
}

yk_plan *yk_plan_load_bytes(const char *bytes, size_t len, const char *name, yk_diag *d)
{
    if (len > YK_PLAN_MAX_BYTES) {
        report_too_big(name, len, d);
        return NULL;
    }
    yk_yaml_doc *doc = yk_yaml_load_bytes(bytes, len, name, d);
    return doc ? validate(doc, d) : NULL;
}

void yk_plan_free(yk_plan *plan)
{
    if (!plan)
        return;
    yk_yaml_free(plan->doc);
    free(plan);
}

const yk_yaml_node *yk_plan_root(const yk_plan *plan)
{
    return plan->doc->root;
}

/* ---- paths ---- */

/* Follows one path segment ("issues", "issues[]") from the map schema f; NULL if unknown. */
static const field *step(const field *f, const char *seg, size_t len)
{
    bool list = len >= 2 && seg[len - 2] == '[' && seg[len - 1] == ']';
    if (list)
        len -= 2;
    if (len == 0 || !f->children || (f->type != T_MAP && f->type != T_BUDGET))
        return NULL;
    const field *c = find_field(f->children, seg, len);
    if (!c || !list)
        return c;
    return c->type == T_LIST ? &c->children[0] : NULL;
}

bool yk_plan_path_known(const char *path)
{
    const field *f = &plan_root;
    const char *seg = path;
    for (;;) {
        const char *dot = strchr(seg, '.');
        size_t len = dot ? (size_t)(dot - seg) : strlen(seg);
        f = step(f, seg, len);
        if (!f)
            return false;
        if (!dot)
            return true;
        seg = dot + 1;
    }
}

/* ---- the schema, read-only (plan.h) ---- */

const yk_plan_field *yk_plan_schema(void)
{
    return &plan_root;
}

static yk_plan_rule rule_kind(rule_fn r)
{
    return r == rule_format        ? YK_PLAN_RULE_FORMAT
           : r == rule_status      ? YK_PLAN_RULE_STATUS
           : r == rule_ward_code   ? YK_PLAN_RULE_WARD_CODE
           : r == rule_slug        ? YK_PLAN_RULE_SLUG
           : r == rule_sub_numbers ? YK_PLAN_RULE_SUB_NUMBERS
                                   : YK_PLAN_RULE_NONE;
}

void yk_plan_field_info(const yk_plan_field *f, yk_plan_key *out)
{
    static const yk_plan_type types[] = {
        [T_TEXT] = YK_PLAN_TEXT, [T_INT] = YK_PLAN_INT,   [T_BOOL] = YK_PLAN_BOOL,
        [T_LIST] = YK_PLAN_LIST, [T_MAP] = YK_PLAN_MAP,   [T_BUDGET] = YK_PLAN_BUDGET,
    };
    *out = (yk_plan_key){f->key, types[f->type], f->required, f->min, f->max, rule_kind(f->rule)};
}

const yk_plan_field *yk_plan_field_child(const yk_plan_field *f, size_t i)
{
    if (!f->children)
        return NULL;
    if (f->type == T_LIST)
        return i == 0 ? &f->children[0] : NULL;
    for (size_t k = 0; k <= i; k++)
        if (!f->children[k].key)
            return NULL;
    return &f->children[i];
}
