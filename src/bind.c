/* bind: template text + plan → final cell text. The template language is small on purpose:
 * literal text, {path|filter:arg|...} values, {{ and }} for braces. Paths follow plan keys;
 * "[]" is the current item of the enclosing repeat, "[main]" the item marked main: true (else
 * the first), "[N]" a fixed index. */
#include "bind.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_DEPTH 8

typedef struct frame {
    char *prefix;         /* normalized list path, e.g. "issues[].strategies[]" */
    size_t index;
} frame;

typedef struct ctx {
    const yk_plan *plan;
    const yk_form *form;
    frame frames[MAX_DEPTH];
    size_t depth;
    yk_diag *d;
    bool failed;
} ctx;

/* ---- Japanese conventions ---- */

static void add_fullwidth_digits(yk_buf *b, long n)
{
    char tmp[32];
    snprintf(tmp, sizeof tmp, "%ld", n);
    for (const char *p = tmp; *p; p++)
        yk_buf_add_cp(b, *p == '-' ? 0xFF0D : 0xFF10 + (uint32_t)(*p - '0'));
}

/* Fiscal years count from April; the era is the one in force when the year begins. */
static void add_era_number(yk_buf *b, int year, bool with_name)
{
    bool reiwa = year >= 2019;
    int n = reiwa ? year - 2018 : year - 1988;
    if (with_name)
        yk_buf_adds(b, reiwa ? "令和" : "平成");
    if (n == 1)
        yk_buf_adds(b, "元");
    else
        add_fullwidth_digits(b, n);
    yk_buf_adds(b, "年度");
}

char *yk_era_year(int year)
{
    yk_buf b = {0};
    add_era_number(&b, year, true);
    return yk_buf_take(&b);
}

char *yk_era_year_short(int year)
{
    yk_buf b = {0};
    add_era_number(&b, year, false);
    return yk_buf_take(&b);
}

char *yk_fullwidth_number(const char *s)
{
    yk_buf b = {0};
    for (const char *p = s; *p; p++) {
        if (*p >= '0' && *p <= '9')
            yk_buf_add_cp(&b, 0xFF10 + (uint32_t)(*p - '0'));
        else if (*p == '-')
            yk_buf_add_cp(&b, 0xFF0D);
        else
            yk_buf_addc(&b, *p);
    }
    return yk_buf_take(&b);
}

char *yk_amount(long thousand_yen)
{
    char digits[32], out[48];
    snprintf(digits, sizeof digits, "%ld", thousand_yen < 0 ? -thousand_yen : thousand_yen);
    size_t len = strlen(digits), o = 0;
    if (thousand_yen < 0)
        out[o++] = '-';
    for (size_t i = 0; i < len; i++) {
        if (i > 0 && (len - i) % 3 == 0)
            out[o++] = ',';
        out[o++] = digits[i];
    }
    out[o] = '\0';
    return yk_xasprintf("%s千円", out);
}

/* ---- the filter table ---- */

typedef enum { ON_NODE, ON_TEXT } filter_input;

typedef struct value {
    const yk_yaml_node *node; /* before a text filter ran; NULL when absent */
    char *text;               /* after; owned */
} value;

typedef bool (*filter_fn)(const ctx *c, value *v, const char *arg);

typedef struct filter {
    const char *name;
    filter_input input;
    bool takes_arg;
    filter_fn apply;
    const char *help;
} filter;

static bool node_int(const yk_yaml_node *n, long *out)
{
    return n && n->kind == YK_YAML_SCALAR && yk_yaml_int(n, out);
}

static void set_text(value *v, char *text)
{
    free(v->text);
    v->text = text;
    v->node = NULL;
}

static bool era_offset(const char *arg, long *out)
{
    char *end;
    *out = arg ? strtol(arg, &end, 10) : 0;
    return !arg || (*end == '\0' && end != arg);
}

static bool f_era(const ctx *c, value *v, const char *arg)
{
    long year, off;
    if (!node_int(v->node, &year) || !era_offset(arg, &off))
        return false;
    set_text(v, yk_era_year((int)(year + off)));
    return true;
}

static bool f_era_short(const ctx *c, value *v, const char *arg)
{
    long year, off;
    if (!node_int(v->node, &year) || !era_offset(arg, &off))
        return false;
    set_text(v, yk_era_year_short((int)(year + off)));
    return true;
}

static char *amount_or_dash(const yk_yaml_node *n)
{
    long k;
    if (node_int(n, &k))
        return yk_amount(k);
    return yk_xstrdup("－");
}

/* A budget is a number (this year's) or {current, previous, settled}. */
static bool f_budget(const ctx *c, value *v, const char *arg)
{
    const char *which = arg ? arg : "current";
    const yk_yaml_node *n = v->node;
    if (n && n->kind == YK_YAML_MAPPING)
        n = yk_yaml_get(n, which);
    else if (strcmp(which, "current") != 0)
        n = NULL;
    set_text(v, amount_or_dash(n));
    return true;
}

static bool f_draft(const ctx *c, value *v, const char *arg)
{
    bool draft = c->plan->draft;
    set_text(v, yk_xstrdup(draft ? (arg ? arg : "（案）") : ""));
    return true;
}

static bool f_fw(const ctx *c, value *v, const char *arg)
{
    set_text(v, yk_fullwidth_number(v->text));
    return true;
}

static bool f_or(const ctx *c, value *v, const char *arg)
{
    if (!v->text[0])
        set_text(v, yk_xstrdup(arg));
    return true;
}

static bool f_sdgs(const ctx *c, value *v, const char *arg)
{
    const yk_yaml_node *n = v->node;
    yk_buf b = {0};
    for (size_t i = 0; n && n->kind == YK_YAML_SEQUENCE && i < n->count; i++)
        yk_buf_addf(&b, "%s%s", i ? "・" : "", n->items[i]->scalar);
    set_text(v, yk_buf_take(&b));
    return true;
}

static const filter filters[] = {
    {"era", ON_NODE, false, f_era, "a year as 令和４年度 (era:-1 for the year before)"},
    {"era-short", ON_NODE, false, f_era_short, "a year as ４年度 (era-short:-2 for two years before)"},
    {"budget", ON_NODE, false, f_budget, "an amount as 28,523千円, － when none (budget:previous)"},
    {"draft", ON_NODE, false, f_draft, "（案） while the plan is a draft"},
    {"sdgs", ON_NODE, false, f_sdgs, "a list of SDG numbers as 3・11"},
    {"fw", ON_TEXT, false, f_fw, "numbering in full width: 1-1 → １－１"},
    {"or", ON_TEXT, true, f_or, "a text to print when the value is empty (or:－)"},
};

static const filter *find_filter(const char *name, size_t len)
{
    for (size_t i = 0; i < sizeof filters / sizeof filters[0]; i++)
        if (strlen(filters[i].name) == len && memcmp(filters[i].name, name, len) == 0)
            return &filters[i];
    return NULL;
}

/* ---- parsing a {...} expression ---- */

typedef struct expr_part {
    const filter *f;
    char *arg;
} expr_part;

typedef struct expr {
    char *path;
    expr_part parts[8];
    size_t part_count;
} expr;

static void expr_free(expr *e)
{
    free(e->path);
    for (size_t i = 0; i < e->part_count; i++)
        free(e->parts[i].arg);
}

/* Parses "path|f:arg|g" in s[0..len); on failure returns a message the caller frees. */
static char *expr_parse(const char *s, size_t len, expr *e)
{
    memset(e, 0, sizeof *e);
    const char *bar = memchr(s, '|', len);
    size_t plen = bar ? (size_t)(bar - s) : len;
    e->path = yk_xstrndup(s, plen);
    const char *p = bar;
    while (p && p < s + len) {
        const char *name = p + 1;
        const char *end = memchr(name, '|', (size_t)(s + len - name));
        if (!end)
            end = s + len;
        const char *colon = memchr(name, ':', (size_t)(end - name));
        size_t nlen = (size_t)((colon ? colon : end) - name);
        const filter *f = find_filter(name, nlen);
        if (!f)
            return yk_xasprintf(yk_tr("unknown filter '%.*s' (known: era, era-short, budget, draft, sdgs, fw, or)"),
                                (int)nlen, name);
        if (e->part_count == 8)
            return yk_xstrdup(yk_tr("too many filters in one value"));
        if (f->input == ON_NODE && e->part_count > 0)
            return yk_xasprintf(yk_tr("filter '%s' reads a plan value, so it must come first"), f->name);
        if (f->takes_arg && !colon)
            return yk_xasprintf(yk_tr("filter '%s' needs an argument (%s)"), f->name, f->help);
        expr_part *part = &e->parts[e->part_count++];
        part->f = f;
        part->arg = colon ? yk_xstrndup(colon + 1, (size_t)(end - colon - 1)) : NULL;
        p = end < s + len ? end : NULL;
    }
    return NULL;
}

/* "issues[main].strategies[2].x" → "issues[].strategies[].x": the form the plan schema knows. */
static char *normalize_path(const char *path)
{
    yk_buf b = {0};
    for (const char *p = path; *p; p++) {
        yk_buf_addc(&b, *p);
        if (*p == '[') {
            const char *close = strchr(p, ']');
            if (!close)
                break;
            p = close - 1;
        }
    }
    return yk_buf_take(&b);
}

/* Walks text, calling fn for each {expression}; literal text goes to out when out != NULL. */
typedef bool (*expr_fn)(void *user, const char *s, size_t len);

static char *scan_text(const char *text, yk_buf *out, expr_fn fn, void *user)
{
    for (const char *p = text; *p;) {
        if ((p[0] == '{' && p[1] == '{') || (p[0] == '}' && p[1] == '}')) {
            if (out)
                yk_buf_addc(out, p[0]);
            p += 2;
        } else if (*p == '{') {
            const char *close = strchr(p, '}');
            if (!close)
                return yk_xstrdup(yk_tr("a '{' has no closing '}' (write {{ for a brace)"));
            if (!fn(user, p + 1, (size_t)(close - p - 1)))
                return NULL;
            p = close + 1;
        } else if (*p == '}') {
            return yk_xstrdup(yk_tr("a '}' has no opening '{' (write }} for a brace)"));
        } else {
            size_t run = strcspn(p, "{}"); /* literal text up to the next brace, at once */
            if (out)
                yk_buf_add(out, p, run);
            p += run;
        }
    }
    return NULL;
}

/* ---- checking templates ---- */

typedef struct check_state {
    char *message;
} check_state;

static bool check_expr(void *user, const char *s, size_t len)
{
    check_state *st = user;
    expr e;
    st->message = expr_parse(s, len, &e);
    if (!st->message) {
        char *norm = normalize_path(e.path);
        if (!yk_plan_path_known(norm))
            st->message = yk_xasprintf(yk_tr("'%s' is not a key of the plan format"), e.path);
        free(norm);
    }
    expr_free(&e);
    return st->message == NULL;
}

bool yk_bind_check_text(const char *text, const char *file, int line, int col,
                        const char *field, yk_diag *d)
{
    check_state st = {NULL};
    char *msg = scan_text(text, NULL, check_expr, &st);
    if (!msg)
        msg = st.message;
    if (!msg)
        return true;
    yk_diag_error(d, file, line, col, field, "%s", msg);
    free(msg);
    return false;
}

/* ---- resolving paths against the plan ---- */

static const yk_yaml_node *select_main(const yk_yaml_node *seq, size_t *index)
{
    for (size_t i = 0; i < seq->count; i++) {
        bool is_main;
        if (yk_yaml_bool(yk_yaml_get(seq->items[i], "main"), &is_main) && is_main) {
            *index = i;
            return seq->items[i];
        }
    }
    *index = 0;
    return seq->count ? seq->items[0] : NULL;
}

static const frame *find_frame(const ctx *c, const char *prefix)
{
    for (size_t i = c->depth; i-- > 0;)
        if (strcmp(c->frames[i].prefix, prefix) == 0)
            return &c->frames[i];
    return NULL;
}

/* Applies one selector ("" = current, "main", or digits) to a list node. */
static const yk_yaml_node *apply_selector(const ctx *c, const yk_yaml_node *node, const char *sel,
                                          size_t sel_len, const char *norm, size_t *index)
{
    if (sel_len == 0) {
        const frame *f = find_frame(c, norm);
        if (!f)
            return NULL;
        *index = f->index;
    } else if (sel_len == 4 && memcmp(sel, "main", 4) == 0) {
        *index = 0;
        return node && node->kind == YK_YAML_SEQUENCE ? select_main(node, index) : NULL;
    } else {
        *index = (size_t)strtoul(sel, NULL, 10);
    }
    if (!node || node->kind != YK_YAML_SEQUENCE)
        return NULL;
    return *index < node->count ? node->items[*index] : NULL;
}

/* yk_yaml_get for a key given by length (a part of a path), without copying it. */
static const yk_yaml_node *get_key(const yk_yaml_node *map, const char *key, size_t len)
{
    if (!map || map->kind != YK_YAML_MAPPING)
        return NULL;
    for (size_t i = 0; i < map->pair_count; i++) {
        const yk_yaml_node *k = map->pairs[i].key;
        if (strncmp(k->scalar, key, len) == 0 && k->scalar[len] == '\0') /* as strcmp */
            return map->pairs[i].value;
    }
    return NULL;
}

/* Resolves path; fills concrete (e.g. "issues[1].summary") when non-NULL. NULL when absent. */
static const yk_yaml_node *resolve(const ctx *c, const char *path, yk_buf *concrete)
{
    const yk_yaml_node *node = yk_plan_root(c->plan);
    /* the normalized path is never longer than path: "[…]" becomes "[]" */
    size_t plen = strlen(path), nlen = 0;
    char small[128], *norm = plen + 3 <= sizeof small ? small : yk_xmalloc(plen + 3);
    /* the walk goes on past an absent node so that concrete names the whole path */
    for (const char *p = path; *p;) {
        size_t klen = strcspn(p, ".[");
        node = node ? get_key(node, p, klen) : NULL;
        memcpy(norm + nlen, p, klen);
        nlen += klen;
        if (concrete)
            yk_buf_add(concrete, p, klen);
        p += klen;
        if (*p == '[') {
            const char *close = strchr(p, ']');
            if (!close)
                break;
            size_t index = 0;
            memcpy(norm + nlen, "[]", 3);
            nlen += 2;
            node = apply_selector(c, node, p + 1, (size_t)(close - p - 1), norm, &index);
            if (concrete) {
                char *item = yk_join_path("", NULL, index);
                yk_buf_adds(concrete, item);
                free(item);
            }
            p = close + 1;
        }
        if (*p == '.') {
            norm[nlen++] = '.';
            if (concrete)
                yk_buf_addc(concrete, '.');
            p++;
        }
    }
    if (norm != small)
        free(norm);
    return node;
}

/* The number of a list item the plan leaves unnumbered: its parent's number (given or not),
 * '-', its place in its list from 1, as the forms number them: the second strategy of issue 3
 * is 3-2. concrete is a resolved path ending in "[i].number"; NULL when an item is absent. */
static char *position_number(const ctx *c, const char *concrete)
{
    const yk_yaml_node *node = yk_plan_root(c->plan);
    yk_buf num = {0};
    for (const char *p = concrete; *p && node;) {
        size_t klen = strcspn(p, ".[");
        if (p[klen] == '\0') /* the final "number" */
            return yk_buf_take(&num);
        node = get_key(node, p, klen);
        p += klen;
        if (*p == '[') {
            char *end;
            size_t i = strtoul(p + 1, &end, 10);
            node = node && node->kind == YK_YAML_SEQUENCE && i < node->count ? node->items[i]
                                                                             : NULL;
            const yk_yaml_node *given = node ? get_key(node, "number", 6) : NULL;
            if (given && given->kind == YK_YAML_SCALAR && !yk_yaml_is_empty(given)) {
                num.len = 0;
                yk_buf_add(&num, given->scalar, given->len);
            } else {
                yk_buf_addf(&num, num.len ? "-%zu" : "%zu", i + 1);
            }
            p = *end == ']' ? end + 1 : end;
        }
        if (*p == '.')
            p++;
    }
    free(yk_buf_take(&num));
    return NULL;
}

/* An item's number where the plan gives none (see position_number), else NULL. */
static char *default_number(const ctx *c, const char *path, const yk_yaml_node *node)
{
    static const char suffix[] = "].number";
    size_t len = strlen(path), n = sizeof suffix - 1;
    if (!yk_yaml_is_empty(node) || len < n || strcmp(path + len - n, suffix) != 0)
        return NULL;
    yk_buf concrete = {0};
    resolve(c, path, &concrete);
    char *text = yk_buf_take(&concrete);
    char *num = position_number(c, text);
    free(text);
    return num;
}

/* A block scalar (|) ends with a line break that nobody means to print as an empty line. */
static char *node_text(const yk_yaml_node *n)
{
    if (!n || yk_yaml_is_null(n) || n->kind != YK_YAML_SCALAR)
        return yk_xstrdup("");
    size_t len = n->len;
    while (len > 0 && (n->scalar[len - 1] == '\n' || n->scalar[len - 1] == '\r'))
        len--;
    return yk_xstrndup(n->scalar, len);
}

typedef struct eval_state {
    ctx *c;
    const yk_cell *cell;         /* whose template text this is, for messages */
    yk_buf *out;
    const yk_yaml_node *longest; /* the plan value a message about this text points at */
} eval_state;

static void report_unprintable(eval_state *st, const expr *e, const yk_yaml_node *node)
{
    const char *what = !node ? YK_N_("nothing") : node->kind == YK_YAML_SEQUENCE ? YK_N_("a list")
                     : node->kind == YK_YAML_MAPPING ? YK_N_("a mapping")
                     : YK_N_("a value of another kind");
    yk_diag_error(st->c->d, st->c->form->file, st->cell->line, st->cell->col, e->path,
                  "the template prints '%s' here, but the plan holds %s there%s", e->path, yk_tr(what),
                  e->part_count ? yk_tr(" that its filter cannot take") : "");
    st->c->failed = true;
}

static bool eval_expr(void *user, const char *s, size_t len)
{
    eval_state *st = user;
    expr e;
    char *msg = expr_parse(s, len, &e);
    if (msg) { /* checked at load; kept as a safety net */
        yk_diag_error(st->c->d, NULL, 0, 0, NULL, "%s", msg);
        free(msg);
        expr_free(&e);
        st->c->failed = true;
        return false;
    }
    value v = {resolve(st->c, e.path, NULL), NULL};
    v.text = default_number(st->c, e.path, v.node);
    if (v.node && v.node->kind == YK_YAML_SCALAR && (!st->longest || v.node->len > st->longest->len))
        st->longest = v.node;
    bool ok = true;
    for (size_t i = 0; i < e.part_count && ok; i++) {
        if (e.parts[i].f->input == ON_TEXT && !v.text)
            v.text = node_text(v.node);
        ok = e.parts[i].f->apply(st->c, &v, e.parts[i].arg);
    }
    /* a value the template cannot print must say so, never print as nothing */
    if (!ok || (!v.text && v.node && v.node->kind != YK_YAML_SCALAR))
        report_unprintable(st, &e, v.node);
    if (!v.text)
        v.text = node_text(v.node);
    yk_buf_adds(st->out, v.text);
    free(v.text);
    expr_free(&e);
    return true;
}

static char *interpolate(ctx *c, const yk_cell *cell, const char *text,
                         const yk_yaml_node **longest)
{
    yk_buf out = {0};
    eval_state st = {c, cell, &out, NULL};
    char *msg = scan_text(text, &out, eval_expr, &st);
    free(msg);
    if (longest)
        *longest = st.longest;
    return yk_buf_take(&out);
}

/* ---- filling ---- */

typedef struct fill_list {
    yk_filled_block *items;
    size_t count, cap;
} fill_list;

/* A field name is a plan path with selectors made concrete ("issues[1].summary"); other
 * names pass through. */
static char *concrete_field(const ctx *c, const char *pattern)
{
    if (!strchr(pattern, '['))
        return yk_xstrdup(pattern);
    yk_buf b = {0};
    resolve(c, pattern, &b);
    return yk_buf_take(&b);
}

static char *list_text(ctx *c, const yk_cell *cell, const yk_yaml_node **source)
{
    const yk_yaml_node *list = resolve(c, cell->list, NULL);
    *source = list;
    yk_buf b = {0};
    for (size_t i = 0; list && list->kind == YK_YAML_SEQUENCE && i < list->count; i++) {
        if (i)
            yk_buf_addc(&b, '\n');
        char *t = node_text(list->items[i]);
        /* a ward that writes its bullets ("- ・だれもが…") gets one, not "・・" */
        if (cell->bullet && strncmp(t, cell->bullet, strlen(cell->bullet)) != 0)
            yk_buf_adds(&b, cell->bullet);
        yk_buf_adds(&b, t);
        free(t);
    }
    return yk_buf_take(&b);
}

/* A text cell whose field belongs to a list item the plan does not have (the main initiative
 * of a strategy without initiatives, issues[].strategies[main].initiatives[main].body) is
 * empty, as the forms print an empty field; its template would otherwise print brackets and
 * labels round empty values: "【　】（予算額　－）". A key missing from an item that exists
 * (no midterm:) leaves the template's labels standing. */
static bool item_absent(const ctx *c, const char *field)
{
    const char *dot = strrchr(field, '.');
    if (!dot || dot == field || dot[-1] != ']')
        return false;
    char *item = yk_xstrndup(field, (size_t)(dot - field));
    bool absent = !resolve(c, item, NULL);
    free(item);
    return absent;
}

static void fill_cell(ctx *c, const yk_cell *cell, yk_filled_cell *out)
{
    out->kind = cell->kind;
    out->role = cell->role;
    out->level = cell->level;
    out->x = cell->x;
    out->w = cell->w;
    out->style = cell->style;
    out->field = concrete_field(c, cell->field);
    const yk_yaml_node *source = NULL;
    if (cell->kind == YK_FIELD_LIST)
        out->text = list_text(c, cell, &source);
    else if (cell->kind == YK_FIELD_TEXT && item_absent(c, cell->field))
        out->text = yk_xstrdup("");
    else if (cell->kind == YK_FIELD_TEXT)
        out->text = interpolate(c, cell, cell->text, &source);
    else
        out->text = yk_xstrdup(cell->text);
    out->source = source ? c->plan->file : c->form->file;
    out->line = source ? source->line : cell->line;
    out->col = source ? source->col : cell->col;
    char *title = cell->title ? interpolate(c, cell, cell->title, NULL) : yk_xstrdup(out->field);
    size_t label = strlen(c->form->label), len = strlen(title);
    out->cell = yk_xmalloc(label + len + 2); /* "label title" */
    memcpy(out->cell, c->form->label, label);
    out->cell[label] = ' ';
    memcpy(out->cell + label + 1, title, len + 1);
    free(title);
}

static void fill_row(ctx *c, const yk_row *row, yk_filled_row *out)
{
    out->min_h = row->min_h;
    out->max_h = row->max_h;
    out->cells = yk_xcalloc(row->cell_count, sizeof *out->cells);
    out->cell_count = row->cell_count;
    for (size_t i = 0; i < row->cell_count; i++)
        fill_cell(c, &row->cells[i], &out->cells[i]);
}

/* The header rows again, their first cell marked as continued (e.g. "（続き）"). */
static void fill_continued(ctx *c, const yk_block *b, yk_filled_block *fb)
{
    fb->header_rows = b->header_rows;
    if (!b->header_rows)
        return;
    fb->continued = yk_xcalloc(b->header_rows, sizeof *fb->continued);
    for (size_t i = 0; i < b->header_rows; i++)
        fill_row(c, &b->rows[i], &fb->continued[i]);
    yk_filled_row *first = &fb->continued[0];
    if (b->continued && first->cell_count) {
        char *text = yk_xasprintf("%s%s", first->cells[0].text, b->continued);
        free(first->cells[0].text);
        first->cells[0].text = text;
    }
}

static void fill_blocks(ctx *c, const yk_block *blocks, size_t count, fill_list *out);

static void fill_instance(ctx *c, const yk_block *b, fill_list *out)
{
    if (b->when && yk_yaml_is_empty(resolve(c, b->when, NULL)))
        return;
    if (b->when_empty && !yk_yaml_is_empty(resolve(c, b->when_empty, NULL)))
        return;
    if (b->row_count) {
        out->items = yk_reserve(out->items, out->count + 1, &out->cap, sizeof *out->items);
        yk_filled_block *fb = &out->items[out->count++];
        memset(fb, 0, sizeof *fb);
        fb->keep_with_next = b->keep_with_next;
        fb->rows = yk_xcalloc(b->row_count, sizeof *fb->rows);
        fb->row_count = b->row_count;
        for (size_t i = 0; i < b->row_count; i++)
            fill_row(c, &b->rows[i], &fb->rows[i]);
        fill_continued(c, b, fb);
    }
    fill_blocks(c, b->children, b->child_count, out);
}

static void fill_repeat(ctx *c, const yk_block *b, fill_list *out)
{
    /* "issues[]" names the list itself: resolve it without the item selector */
    char *list_path = yk_xstrndup(b->repeat, strlen(b->repeat) - 2);
    const yk_yaml_node *list = resolve(c, list_path, NULL);
    free(list_path);
    if (!list || list->kind != YK_YAML_SEQUENCE)
        return;
    if (c->depth == MAX_DEPTH) {
        yk_diag_error(c->d, c->form->file, 0, 0, b->repeat, "repeats nest too deeply");
        c->failed = true;
        return;
    }
    frame *f = &c->frames[c->depth++];
    f->prefix = normalize_path(b->repeat);
    for (size_t i = 0; i < list->count; i++) {
        f->index = i;
        fill_instance(c, b, out);
    }
    free(f->prefix);
    c->depth--;
}

static void fill_blocks(ctx *c, const yk_block *blocks, size_t count, fill_list *out)
{
    for (size_t i = 0; i < count; i++) {
        if (blocks[i].repeat)
            fill_repeat(c, &blocks[i], out);
        else
            fill_instance(c, &blocks[i], out);
    }
}

bool yk_bind(const yk_form *form, const yk_plan *plan, yk_filled *out, yk_diag *d)
{
    ctx c = {.plan = plan, .form = form, .d = d};
    memset(out, 0, sizeof *out);
    out->form = form;
    out->page_items = yk_xcalloc(form->page_item_count, sizeof *out->page_items);
    out->page_item_count = form->page_item_count;
    for (size_t i = 0; i < form->page_item_count; i++) {
        const yk_page_item *item = &form->page_items[i];
        fill_cell(&c, &item->cell, &out->page_items[i].cell);
        out->page_items[i].y = item->y;
        out->page_items[i].h = item->h;
    }
    fill_list list = {0};
    fill_blocks(&c, form->body, form->block_count, &list);
    out->blocks = list.items;
    out->block_count = list.count;
    return !c.failed;
}

static void filled_cell_free(yk_filled_cell *cell)
{
    free(cell->field);
    free(cell->cell);
    free(cell->text);
}

static void rows_free(yk_filled_row *rows, size_t count)
{
    for (size_t r = 0; r < count; r++) {
        for (size_t i = 0; i < rows[r].cell_count; i++)
            filled_cell_free(&rows[r].cells[i]);
        free(rows[r].cells);
    }
    free(rows);
}

void yk_filled_free(yk_filled *filled)
{
    for (size_t i = 0; i < filled->page_item_count; i++)
        filled_cell_free(&filled->page_items[i].cell);
    free(filled->page_items);
    for (size_t b = 0; b < filled->block_count; b++) {
        yk_filled_block *fb = &filled->blocks[b];
        rows_free(fb->rows, fb->row_count);
        rows_free(fb->continued, fb->continued ? fb->header_rows : 0);
    }
    free(filled->blocks);
    memset(filled, 0, sizeof *filled);
}
