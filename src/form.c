/* form: reads a template (forms/NAME.yaml) into a yk_form. Every problem is a located error;
 * the loader keeps going so one run shows them all. */
#include "form.h"

#include <stdlib.h>
#include <string.h>

#include "bind.h"
#include "yamldoc.h"

typedef struct loader {
    const char *file;
    yk_diag *d;
    yk_form *form;
} loader;

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static void error_at(loader *ld, const yk_yaml_node *n, const char *field, const char *msg)
{
    /* msg is a msgid (a literal) or a message already built from a translated format */
    yk_diag_error(ld->d, ld->file, n ? n->line : 0, n ? n->col : 0, field, "%s", yk_tr(msg));
}

/* An error on the value of map key `key` inside `where`, reported as where.key. */
static void error_at_key(loader *ld, const yk_yaml_node *n, const char *where, const char *key,
                         const char *msg)
{
    char *field = yk_xasprintf("%s.%s", where, key);
    error_at(ld, n, field, msg);
    free(field);
}

/* Unknown keys are errors: a typo in a template must never drop a label silently. */
static void check_keys(loader *ld, const yk_yaml_node *map, const char *const *allowed,
                       size_t count, const char *where)
{
    for (size_t i = 0; i < map->pair_count; i++) {
        const yk_yaml_node *key = map->pairs[i].key;
        bool known = false;
        for (size_t k = 0; k < count && !known; k++)
            known = strcmp(key->scalar, allowed[k]) == 0;
        if (known)
            continue;
        const char *hint = yk_suggest(key->scalar, allowed, count);
        char *msg = hint ? yk_xasprintf(yk_tr("unknown key '%s' (did you mean '%s'?)"),
                                        key->scalar, hint)
                         : yk_xasprintf(yk_tr("unknown key '%s'"), key->scalar);
        error_at(ld, key, where, msg);
        free(msg);
    }
}

static bool expect_kind(loader *ld, const yk_yaml_node *n, yk_yaml_kind kind, const char *where)
{
    static const char *const names[] = {YK_N_("a text"), YK_N_("a list"), YK_N_("a mapping")};
    if (n && n->kind == kind)
        return true;
    char *msg = yk_xasprintf(yk_tr("expected %s here"), yk_tr(names[kind]));
    error_at(ld, n, where, msg);
    free(msg);
    return false;
}

static double get_number(loader *ld, const yk_yaml_node *map, const char *key, double fallback,
                         const char *where)
{
    const yk_yaml_node *n = yk_yaml_get(map, key);
    double v;
    if (!n)
        return fallback;
    if (n->kind == YK_YAML_SCALAR && yk_yaml_number(n, &v) && v >= 0)
        return v;
    error_at_key(ld, n, where, key, "expected a non-negative number");
    return fallback;
}

/* Read by yk_yaml_bool, as plans are: yes/no/on/off are refused, never taken as false. */
static bool get_bool(loader *ld, const yk_yaml_node *map, const char *key, bool fallback,
                     const char *where)
{
    const yk_yaml_node *n = yk_yaml_get(map, key);
    bool v;
    if (!n)
        return fallback;
    if (yk_yaml_bool(n, &v))
        return v;
    char *msg = n->kind == YK_YAML_SCALAR
                    ? yk_xasprintf(n->plain ? yk_tr("expected true or false, found '%s'")
                                            : yk_tr("expected true or false without quotes, "
                                                    "found the text '%s'"),
                                   n->scalar)
                    : yk_xstrdup(yk_tr("expected true or false"));
    error_at_key(ld, n, where, key, msg);
    free(msg);
    return fallback;
}

static char *get_text(loader *ld, const yk_yaml_node *map, const char *key, const char *where)
{
    const yk_yaml_node *n = yk_yaml_get(map, key);
    if (!n)
        return NULL;
    char *field = yk_xasprintf("%s.%s", where, key);
    bool ok = expect_kind(ld, n, YK_YAML_SCALAR, field);
    free(field);
    return ok ? yk_xstrdup(n->scalar) : NULL;
}

/* ---- styles ---- */

static const char *const style_keys[] = {"base", "family", "size", "min_size", "leading",
                                         "padding", "side_padding", "align", "valign", "fill",
                                         "border", "line_width", "overflow", "wa_ou",
                                         "justify_min"};

static int lookup(const char *s, const char *const *names, size_t count)
{
    for (size_t i = 0; i < count; i++)
        if (strcmp(s, names[i]) == 0)
            return (int)i;
    return -1;
}

static int get_choice(loader *ld, const yk_yaml_node *map, const char *key,
                      const char *const *names, size_t count, int fallback, const char *where)
{
    const yk_yaml_node *n = yk_yaml_get(map, key);
    if (!n)
        return fallback;
    int v = n->kind == YK_YAML_SCALAR ? lookup(n->scalar, names, count) : -1;
    if (v >= 0)
        return v;
    yk_buf msg = {0};
    yk_buf_adds(&msg, "expected one of");
    for (size_t i = 0; i < count; i++)
        yk_buf_addf(&msg, "%s %s", i ? "," : "", names[i]);
    error_at_key(ld, n, where, key, msg.data);
    yk_buf_free(&msg);
    return fallback;
}

static unsigned parse_edges(loader *ld, const yk_yaml_node *n, unsigned fallback,
                            const char *where)
{
    static const char *const names[] = {"top", "right", "bottom", "left"};
    if (!n)
        return fallback;
    if (n->kind == YK_YAML_SCALAR && strcmp(n->scalar, "all") == 0)
        return YK_EDGE_ALL;
    if (n->kind == YK_YAML_SCALAR && strcmp(n->scalar, "none") == 0)
        return YK_EDGE_NONE;
    unsigned edges = 0;
    if (n->kind == YK_YAML_SEQUENCE) {
        for (size_t i = 0; i < n->count; i++) {
            const yk_yaml_node *e = n->items[i];
            int k = e->kind == YK_YAML_SCALAR ? lookup(e->scalar, names, 4) : -1;
            if (k < 0)
                error_at(ld, e, where, "expected top, right, bottom or left");
            else
                edges |= 1u << k;
        }
        return edges;
    }
    error_at(ld, n, where, "expected all, none or a list of top, right, bottom, left");
    return fallback;
}

static const yk_style *find_style(const yk_form *form, const char *name)
{
    for (size_t i = 0; i < form->style_count; i++)
        if (strcmp(form->styles[i].name, name) == 0)
            return &form->styles[i];
    return NULL;
}

static yk_style default_style(void)
{
    yk_style s = {0};
    s.size = 10;
    s.min_size = 10;
    s.leading = 1.3;
    s.padding = 1;
    s.side_padding = 1;
    s.fill_gray = -1;
    s.edges = YK_EDGE_ALL;
    s.line_width = 0.5;
    s.wa_ou = 0.25;      /* JIS X 4051: a quarter em */
    s.justify_min = 0.6;
    return s;
}

static void parse_style(loader *ld, const yk_yaml_node *key, const yk_yaml_node *map,
                        yk_style *out)
{
    static const char *const aligns[] = {"left", "center", "right", "justify"};
    static const char *const valigns[] = {"top", "middle"};
    static const char *const overflows[] = {"shrink", "flow", "error"};
    char *where = yk_xasprintf("styles.%s", key->scalar);
    *out = default_style();
    if (!expect_kind(ld, map, YK_YAML_MAPPING, where)) {
        out->name = yk_xstrdup(key->scalar);
        out->family = yk_xstrdup("");
        free(where);
        return;
    }
    check_keys(ld, map, style_keys, COUNT(style_keys), where);
    const yk_yaml_node *base = yk_yaml_get(map, "base");
    if (base) {
        const yk_style *b = base->kind == YK_YAML_SCALAR ? find_style(ld->form, base->scalar) : NULL;
        if (b) {
            *out = *b;
            out->family = yk_xstrdup(b->family);
        } else {
            error_at(ld, base, where, "base must name a style defined above this one");
        }
    }
    out->name = yk_xstrdup(key->scalar);
    char *family = get_text(ld, map, "family", where);
    if (family) {
        free(out->family);
        out->family = family;
    } else if (!out->family) {
        error_at(ld, map, where, "a style needs a font family (family: BIZ UDPGothic)");
        out->family = yk_xstrdup("");
    }
    bool sized = yk_yaml_get(map, "size") != NULL;
    out->size = get_number(ld, map, "size", out->size, where);
    out->min_size = get_number(ld, map, "min_size", sized && !yk_yaml_get(map, "min_size") ? out->size : out->min_size, where);
    out->leading = get_number(ld, map, "leading", out->leading, where);
    out->padding = get_number(ld, map, "padding", out->padding, where);
    /* padding alone sets all four sides, as it always did; side_padding then the two sides */
    if (yk_yaml_get(map, "padding"))
        out->side_padding = out->padding;
    out->side_padding = get_number(ld, map, "side_padding", out->side_padding, where);
    out->line_width = get_number(ld, map, "line_width", out->line_width, where);
    out->align = (yk_align)get_choice(ld, map, "align", aligns, 4, out->align, where);
    out->wa_ou = get_number(ld, map, "wa_ou", out->wa_ou, where);
    out->justify_min = get_number(ld, map, "justify_min", out->justify_min, where);
    out->valign = (yk_valign)get_choice(ld, map, "valign", valigns, 2, out->valign, where);
    out->overflow = (yk_overflow)get_choice(ld, map, "overflow", overflows, 3, out->overflow, where);
    out->edges = parse_edges(ld, yk_yaml_get(map, "border"), out->edges, where);
    const yk_yaml_node *fill = yk_yaml_get(map, "fill");
    if (fill && !(fill->kind == YK_YAML_SCALAR && strcmp(fill->scalar, "none") == 0))
        out->fill_gray = get_number(ld, map, "fill", -1, where);
    if (out->size <= 0 || out->min_size <= 0 || out->min_size > out->size)
        error_at(ld, map, where, "sizes must be positive with min_size <= size");
    if (out->leading < 1)
        error_at(ld, map, where, "leading must be at least 1 (a multiple of the size)");
    if (out->wa_ou < 0 || out->wa_ou > 1)
        error_at(ld, map, where, "wa_ou is the space between Japanese and Latin text in em, "
                 "from 0 (none) to 1; JIS X 4051 uses 0.25");
    if (out->justify_min < 0 || out->justify_min > 1)
        error_at(ld, map, where, "justify_min is a fraction of the cell's width, from 0 to 1");
    if (out->fill_gray > 1)
        error_at(ld, map, where, "fill is a grey level from 0 (black) to 1 (white)");
    free(where);
}

static void parse_styles(loader *ld, const yk_yaml_node *map)
{
    if (!expect_kind(ld, map, YK_YAML_MAPPING, "styles"))
        return;
    yk_form *f = ld->form;
    /* sized once: parse_style resolves `base` through pointers into this array */
    f->styles = yk_xcalloc(map->pair_count, sizeof *f->styles);
    for (size_t i = 0; i < map->pair_count; i++) {
        parse_style(ld, map->pairs[i].key, map->pairs[i].value, &f->styles[i]);
        f->style_count++;
    }
}

/* ---- cells, rows, blocks ---- */

static const char *const cell_keys[] = {"kind", "field", "title", "x", "w", "y", "h", "text",
                                        "list", "bullet", "style", "role"};
static const char *const kind_names[] = {"label", "text", "list", "page-number"};

static void parse_cell_text(loader *ld, const yk_yaml_node *map, yk_cell *c, const char *where)
{
    c->text = get_text(ld, map, "text", where);
    c->list = get_text(ld, map, "list", where);
    c->bullet = get_text(ld, map, "bullet", where);
    bool needs_text = c->kind != YK_FIELD_LIST;
    if (needs_text && !c->text)
        error_at(ld, map, where, "this kind of cell needs text:");
    if (c->kind == YK_FIELD_LIST && !c->list)
        error_at(ld, map, where, "a list cell needs list: (the plan list to print)");
    if (c->kind == YK_FIELD_LABEL && c->text && strchr(c->text, '{'))
        error_at(ld, map, where, "a label is fixed text; use kind: text to print plan values");
    if (c->kind == YK_FIELD_TEXT && c->text)
        yk_bind_check_text(c->text, ld->file, map->line, map->col, where, ld->d);
    if (c->title)
        yk_bind_check_text(c->title, ld->file, map->line, map->col, where, ld->d);
    if (c->list && !yk_plan_path_known(c->list)) {
        char *msg = yk_xasprintf(yk_tr("'%s' is not a key of the plan format"), c->list);
        error_at(ld, yk_yaml_get(map, "list"), where, msg);
        free(msg);
    }
}

/* The role the form itself tells, when the template names none: a shaded cell heads its
 * row or column, a bordered one holds data, free text outside the grid is a paragraph. */
static void default_role(yk_cell *c)
{
    if (!c->style)
        c->role = YK_ROLE_VALUE;
    else if (c->style->fill_gray >= 0)
        c->role = YK_ROLE_LABEL;
    else if (c->style->edges & YK_EDGE_ALL)
        c->role = YK_ROLE_VALUE;
    else
        c->role = YK_ROLE_PARAGRAPH;
}

static const char *const role_names[] = {"h1", "h2", "h3", "h4", "h5", "h6", "label",
                                         "value", "paragraph", "artifact"};

static void parse_role(loader *ld, const yk_yaml_node *map, yk_cell *c, const char *where)
{
    int r = get_choice(ld, map, "role", role_names, COUNT(role_names), -1, where);
    if (r < 0) {
        default_role(c);
    } else if (r < 6) {
        c->role = YK_ROLE_HEADING;
        c->level = r + 1;
    } else {
        static const yk_role roles[] = {YK_ROLE_LABEL, YK_ROLE_VALUE, YK_ROLE_PARAGRAPH,
                                        YK_ROLE_ARTIFACT};
        c->role = roles[r - 6];
    }
}

static void parse_cell(loader *ld, const yk_yaml_node *map, yk_cell *c, const char *where)
{
    memset(c, 0, sizeof *c);
    c->line = map->line;
    c->col = map->col;
    if (!expect_kind(ld, map, YK_YAML_MAPPING, where))
        return;
    check_keys(ld, map, cell_keys, COUNT(cell_keys), where);
    const yk_yaml_node *kind = yk_yaml_get(map, "kind");
    int k = kind && kind->kind == YK_YAML_SCALAR ? lookup(kind->scalar, kind_names, COUNT(kind_names)) : -1;
    if (k < 0) {
        char *msg = yk_xasprintf(yk_tr("unknown field kind '%s' (known kinds: label, text, list, page-number)"),
                                 kind && kind->kind == YK_YAML_SCALAR ? kind->scalar : "");
        error_at(ld, kind ? kind : map, where, msg);
        free(msg);
        k = YK_FIELD_LABEL;
    }
    c->kind = (yk_field_kind)k;
    c->field = get_text(ld, map, "field", where);
    c->title = get_text(ld, map, "title", where);
    c->x = get_number(ld, map, "x", 0, where);
    c->w = get_number(ld, map, "w", 0, where);
    parse_cell_text(ld, map, c, where);
    char *style = get_text(ld, map, "style", where);
    c->style = style ? find_style(ld->form, style) : NULL;
    if (!c->style)
        error_at(ld, yk_yaml_get(map, "style") ? yk_yaml_get(map, "style") : map, where,
                 style ? "no such style in styles:" : "a cell needs style:");
    free(style);
    parse_role(ld, map, c, where);
    if (c->w <= 0)
        error_at(ld, map, where, "a cell needs a width w: in mm");
    double content_w = ld->form->page_w - ld->form->margin_left - ld->form->margin_right;
    if (c->x + c->w > content_w + 0.01) {
        char *msg = yk_xasprintf(yk_tr("the cell ends at %.1f mm, past the %.1f mm between the margins"),
                                 c->x + c->w, content_w);
        error_at(ld, map, where, msg);
        free(msg);
    }
    if (!c->field)
        c->field = yk_xstrdup(c->title ? c->title : (c->text ? c->text : ""));
}

static void parse_height(loader *ld, const yk_yaml_node *map, yk_row *row, const char *where)
{
    const yk_yaml_node *n = yk_yaml_get(map, "height");
    double lo, hi;
    if (!n) {
        error_at(ld, map, where, "a row needs height: (mm, or [min, max])");
        row->min_h = row->max_h = 10;
        return;
    }
    if (n && n->kind == YK_YAML_SCALAR && yk_yaml_number(n, &lo) && lo > 0) {
        row->min_h = row->max_h = lo;
        return;
    }
    if (n && n->kind == YK_YAML_SEQUENCE && n->count == 2 && yk_yaml_number(n->items[0], &lo)) {
        if (yk_yaml_number(n->items[1], &hi) && hi >= lo && lo > 0) {
            row->min_h = lo, row->max_h = hi;
            return;
        }
        if (n->items[1]->kind == YK_YAML_SCALAR && strcmp(n->items[1]->scalar, "none") == 0) {
            row->min_h = lo, row->max_h = 0; /* 0: no upper limit */
            return;
        }
    }
    error_at(ld, n, where, "height is a number of mm, or [min, max] with max a number or none");
    row->min_h = row->max_h = 10;
}

static void parse_row(loader *ld, const yk_yaml_node *map, yk_row *row, const char *where)
{
    static const char *const keys[] = {"height", "cells"};
    memset(row, 0, sizeof *row);
    if (!expect_kind(ld, map, YK_YAML_MAPPING, where))
        return;
    check_keys(ld, map, keys, COUNT(keys), where);
    parse_height(ld, map, row, where);
    const yk_yaml_node *cells = yk_yaml_get(map, "cells");
    if (!cells || !expect_kind(ld, cells, YK_YAML_SEQUENCE, where))
        return;
    row->cells = yk_xcalloc(cells->count, sizeof *row->cells);
    for (size_t i = 0; i < cells->count; i++) {
        char *w = yk_xasprintf("%s.cells[%zu]", where, i);
        parse_cell(ld, cells->items[i], &row->cells[row->cell_count++], w);
        free(w);
    }
}

static void parse_blocks(loader *ld, const yk_yaml_node *list, yk_block **out, size_t *count,
                         const char *where);

static void check_plan_path(loader *ld, const yk_yaml_node *map, const char *key,
                            const char *where)
{
    const yk_yaml_node *n = yk_yaml_get(map, key);
    if (n && n->kind == YK_YAML_SCALAR && !yk_plan_path_known(n->scalar)) {
        char *msg = yk_xasprintf(yk_tr("'%s' is not a key of the plan format"), n->scalar);
        error_at(ld, n, where, msg);
        free(msg);
    }
}

static void parse_block(loader *ld, const yk_yaml_node *map, yk_block *b, const char *where)
{
    static const char *const keys[] = {"repeat", "when", "when_empty", "keep_with_next", "rows",
                                       "blocks", "header_rows", "continued"};
    memset(b, 0, sizeof *b);
    if (!expect_kind(ld, map, YK_YAML_MAPPING, where))
        return;
    check_keys(ld, map, keys, COUNT(keys), where);
    b->repeat = get_text(ld, map, "repeat", where);
    b->when = get_text(ld, map, "when", where);
    b->when_empty = get_text(ld, map, "when_empty", where);
    check_plan_path(ld, map, "repeat", where);
    check_plan_path(ld, map, "when", where);
    check_plan_path(ld, map, "when_empty", where);
    if (b->repeat && (strlen(b->repeat) < 2 || strcmp(b->repeat + strlen(b->repeat) - 2, "[]") != 0))
        error_at(ld, yk_yaml_get(map, "repeat"), where, "repeat names a plan list ending in [], e.g. issues[]");
    b->keep_with_next = get_bool(ld, map, "keep_with_next", false, where);
    const yk_yaml_node *rows = yk_yaml_get(map, "rows");
    if (rows && expect_kind(ld, rows, YK_YAML_SEQUENCE, where)) {
        b->rows = yk_xcalloc(rows->count, sizeof *b->rows);
        for (size_t i = 0; i < rows->count; i++) {
            char *w = yk_xasprintf("%s.rows[%zu]", where, i);
            parse_row(ld, rows->items[i], &b->rows[b->row_count++], w);
            free(w);
        }
    }
    b->header_rows = (size_t)get_number(ld, map, "header_rows", 0, where);
    b->continued = get_text(ld, map, "continued", where);
    if (b->header_rows > b->row_count)
        error_at(ld, yk_yaml_get(map, "header_rows"), where, "header_rows is more than the block has rows");
    const yk_yaml_node *blocks = yk_yaml_get(map, "blocks");
    if (blocks)
        parse_blocks(ld, blocks, &b->children, &b->child_count, where);
}

static void parse_blocks(loader *ld, const yk_yaml_node *list, yk_block **out, size_t *count,
                         const char *where)
{
    if (!expect_kind(ld, list, YK_YAML_SEQUENCE, where))
        return;
    *out = yk_xcalloc(list->count, sizeof **out);
    for (size_t i = 0; i < list->count; i++) {
        char *w = yk_xasprintf("%s[%zu]", where, i);
        parse_block(ld, list->items[i], &(*out)[(*count)++], w);
        free(w);
    }
}

static void parse_page_items(loader *ld, const yk_yaml_node *list)
{
    if (!expect_kind(ld, list, YK_YAML_SEQUENCE, "page_items"))
        return;
    yk_form *f = ld->form;
    f->page_items = yk_xcalloc(list->count, sizeof *f->page_items);
    for (size_t i = 0; i < list->count; i++) {
        char *w = yk_xasprintf("page_items[%zu]", i);
        yk_page_item *item = &f->page_items[f->page_item_count++];
        parse_cell(ld, list->items[i], &item->cell, w);
        if (!yk_yaml_get(list->items[i], "role"))
            item->cell.role = YK_ROLE_ARTIFACT; /* running heads, marks, folios repeat per page */
        item->y = get_number(ld, list->items[i], "y", 0, w);
        item->h = get_number(ld, list->items[i], "h", 0, w);
        if (item->h <= 0)
            error_at(ld, list->items[i], w, "a page item needs a height h: in mm");
        free(w);
    }
}

/* ---- page and top level ---- */

static void parse_page(loader *ld, const yk_yaml_node *map)
{
    static const char *const keys[] = {"width", "height", "margin"};
    yk_form *f = ld->form;
    if (!map || !expect_kind(ld, map, YK_YAML_MAPPING, "page"))
        return;
    check_keys(ld, map, keys, COUNT(keys), "page");
    f->page_w = get_number(ld, map, "width", 210, "page");
    f->page_h = get_number(ld, map, "height", 297, "page");
    const yk_yaml_node *m = yk_yaml_get(map, "margin");
    double v[4] = {15, 15, 15, 15};
    if (m && (m->kind != YK_YAML_SEQUENCE || m->count != 4)) {
        error_at(ld, m, "page.margin", "margin is [top, right, bottom, left] in mm");
    } else if (m) {
        for (size_t i = 0; i < 4; i++)
            if (!yk_yaml_number(m->items[i], &v[i]) || v[i] < 0)
                error_at(ld, m->items[i], "page.margin", "expected a non-negative number of mm");
    }
    f->margin_top = v[0], f->margin_right = v[1], f->margin_bottom = v[2], f->margin_left = v[3];
    if (f->margin_left + f->margin_right >= f->page_w || f->margin_top + f->margin_bottom >= f->page_h)
        error_at(ld, map, "page", "the margins leave no room on the page");
}

/* fallbacks: [MigMix 1P, IPAmjMincho] — families for characters a style's font lacks. */
static void parse_fallbacks(loader *ld, const yk_yaml_node *list)
{
    yk_form *f = ld->form;
    if (!list)
        return;
    if (list->kind != YK_YAML_SEQUENCE) {
        error_at(ld, list, "fallbacks", "fallbacks is a list of font families");
        return;
    }
    f->fallbacks = yk_xcalloc(list->count ? list->count : 1, sizeof *f->fallbacks);
    for (size_t i = 0; i < list->count; i++) {
        const yk_yaml_node *item = list->items[i];
        if (item->kind != YK_YAML_SCALAR || item->len == 0)
            error_at(ld, item, "fallbacks", "expected a font family name");
        else
            f->fallbacks[f->fallback_count++] = yk_xstrdup(item->scalar);
    }
}

static void parse_form(loader *ld, const yk_yaml_node *root)
{
    static const char *const keys[] = {"format", "name", "label", "page", "fallbacks", "styles",
                                       "page_items", "body"};
    yk_form *f = ld->form;
    if (!expect_kind(ld, root, YK_YAML_MAPPING, "template"))
        return;
    check_keys(ld, root, keys, COUNT(keys), "template");
    const yk_yaml_node *format = yk_yaml_get(root, "format");
    if (!format || format->kind != YK_YAML_SCALAR || strcmp(format->scalar, "yoshiki-form/1") != 0)
        error_at(ld, format ? format : root, "format", "expected format: yoshiki-form/1");
    f->name = get_text(ld, root, "name", "template");
    f->label = get_text(ld, root, "label", "template");
    if (!f->name || !f->label)
        error_at(ld, root, "template", "a template needs name: and label:");
    parse_page(ld, yk_yaml_get(root, "page"));
    parse_fallbacks(ld, yk_yaml_get(root, "fallbacks"));
    const yk_yaml_node *styles = yk_yaml_get(root, "styles");
    if (styles)
        parse_styles(ld, styles);
    const yk_yaml_node *items = yk_yaml_get(root, "page_items");
    if (items)
        parse_page_items(ld, items);
    const yk_yaml_node *body = yk_yaml_get(root, "body");
    if (body)
        parse_blocks(ld, body, &f->body, &f->block_count, "body");
    else
        error_at(ld, root, "template", "a template needs body:");
}

static yk_form *form_from_doc(yk_yaml_doc *doc, const char *name, yk_diag *d)
{
    size_t before = yk_diag_errors(d);
    yk_form *form = yk_xcalloc(1, sizeof *form);
    form->file = yk_xstrdup(name);
    form->page_w = 210, form->page_h = 297;
    loader ld = {name, d, form};
    if (doc->root)
        parse_form(&ld, doc->root);
    else
        yk_diag_error(d, name, 1, 1, NULL, "the template is empty");
    yk_yaml_free(doc);
    if (yk_diag_errors(d) > before) {
        yk_form_free(form);
        return NULL;
    }
    return form;
}

yk_form *yk_form_load(const char *path, yk_diag *d)
{
    yk_yaml_doc *doc = yk_yaml_load_file(path, d);
    return doc ? form_from_doc(doc, path, d) : NULL;
}

yk_form *yk_form_load_bytes(const char *bytes, size_t len, const char *name, yk_diag *d)
{
    yk_yaml_doc *doc = yk_yaml_load_bytes(bytes, len, name, d);
    return doc ? form_from_doc(doc, name, d) : NULL;
}

/* ---- freeing ---- */

static void fallbacks_free(yk_form *form)
{
    for (size_t i = 0; i < form->fallback_count; i++)
        free(form->fallbacks[i]);
    free(form->fallbacks);
}

static void cell_free(yk_cell *c)
{
    free(c->field);
    free(c->title);
    free(c->text);
    free(c->list);
    free(c->bullet);
}

static void row_free(yk_row *r)
{
    for (size_t i = 0; i < r->cell_count; i++)
        cell_free(&r->cells[i]);
    free(r->cells);
}

static void blocks_free(yk_block *blocks, size_t count)
{
    for (size_t i = 0; i < count; i++) {
        yk_block *b = &blocks[i];
        free(b->repeat);
        free(b->when);
        free(b->when_empty);
        free(b->continued);
        for (size_t r = 0; r < b->row_count; r++)
            row_free(&b->rows[r]);
        free(b->rows);
        blocks_free(b->children, b->child_count);
    }
    free(blocks);
}

void yk_form_free(yk_form *form)
{
    if (!form)
        return;
    for (size_t i = 0; i < form->style_count; i++) {
        free(form->styles[i].name);
        free(form->styles[i].family);
    }
    free(form->styles);
    fallbacks_free(form);
    for (size_t i = 0; i < form->page_item_count; i++)
        cell_free(&form->page_items[i].cell);
    free(form->page_items);
    blocks_free(form->body, form->block_count);
    free(form->name);
    free(form->label);
    free(form->file);
    free(form);
}
