/* layout: fitting text into cells, rows into pages. One pass per form: each block is measured,
 * moved to a new page when it does not fit the rest of the current one, then placed. */
#include "layout.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "jbreak.h"

#define PT_PER_MM (72.0 / 25.4)
#define SIZE_STEP 0.25

typedef struct fonts {
    const yk_layout_font *list;
    size_t count;
} fonts;

/* A cell measured at the size it will be printed at. */
typedef struct fitted {
    const yk_filled_cell *cell;
    const yk_metrics *m;
    char *text;           /* the cell's text as printed (text hygiene applied) */
    yk_shaped shaped;     /* its glyphs, at any size */
    int *widths;          /* per byte, for linebreak (see yk_linebreak_widths) */
    double size;
    double h_needed;      /* pt, text plus padding */
    yk_lines lines;
    bool shrunk;
} fitted;

typedef struct fitted_row {
    double h;             /* pt */
    bool at_limit;        /* capped by the row's max height */
    int id;               /* 1-based in the layout, in reading order */
    int table;            /* 1-based table id, 0 when the row is no part of the grid */
    bool introduces;      /* headings and labels only: it heads what follows */
    fitted *cells;
    size_t count;
} fitted_row;

typedef struct builder {
    yk_layout *out;
    const yk_form *form;
    const fonts *fonts;
    yk_diag *d;
    bool failed;
    size_t form_first_page; /* index of this form's first page in out->pages */
    double cursor;          /* pt from the bottom: the top of the next row */
    size_t page_cap;
    int rows, tables;       /* ids given so far */
    struct said *said;      /* what shaping notes were reported, so a cell measured twice */
    size_t said_count;      /* (a header repeated, a page item) says each once */
} builder;

struct said {
    const char *source, *cell;
    int line, col;
    yk_shape_note_kind kind;
    uint32_t cp, selector;
};

static bool same_text(const char *a, const char *b)
{
    return a == b || (a && b && strcmp(a, b) == 0);
}

/* True the first time (cell, note) is seen; records it. */
static bool first_time(builder *b, const yk_filled_cell *cell, const yk_shape_note *n)
{
    for (size_t i = 0; i < b->said_count; i++) {
        const struct said *s = &b->said[i];
        if (s->kind == n->kind && s->cp == n->cp && s->selector == n->selector &&
            s->line == cell->line && s->col == cell->col && same_text(s->cell, cell->cell) &&
            same_text(s->source, cell->source))
            return false;
    }
    b->said = yk_xrealloc(b->said, (b->said_count + 1) * sizeof *b->said);
    b->said[b->said_count++] = (struct said){cell->source, cell->cell, cell->line, cell->col,
                                             n->kind, n->cp, n->selector};
    return true;
}

static double mm(double v)
{
    return v * PT_PER_MM;
}

static const yk_metrics *find_metrics(const fonts *f, const char *family)
{
    for (size_t i = 0; i < f->count; i++)
        if (strcmp(f->list[i].family, family) == 0)
            return &f->list[i].metrics;
    return NULL;
}

/* ---- fitting one cell ---- */

static double pitch(const yk_style *s, double size)
{
    return size * s->leading;
}

/* n lines take n-1 pitches plus one em: leading is space between lines, not after the last. */
static double text_height(const yk_style *s, double size, size_t n)
{
    return n ? (double)(n - 1) * pitch(s, size) + size : 0;
}

static int lines_that_fit(const yk_style *s, double size, double body)
{
    return body < size ? 0 : (int)floor((body - size) / pitch(s, size) + 1e-9) + 1;
}

static void break_at(fitted *f, double size)
{
    const yk_style *s = f->cell->style;
    double inner = mm(f->cell->w) - 2 * mm(s->padding);
    long units = (long)floor(inner * 1000.0 / size + 1e-9);
    yk_compose c = {
        .wa_ou = (int)lround(s->wa_ou * 1000),
        .justify = s->align == YK_ALIGN_JUSTIFY,
        .justify_min = (int)lround(s->justify_min * 1000),
    };
    yk_lines_free(&f->lines);
    yk_linebreak_widths_composed(f->text, strlen(f->text), f->widths, units, &c, &f->lines);
    f->size = size;
    f->h_needed = text_height(s, size, f->lines.count) + 2 * mm(s->padding);
}

static bool fits_height(const fitted *f, double h)
{
    return f->h_needed <= h + 1e-6;
}

/* The sizes allowed are size, size - 0.25, … down to min_size, and the largest that fits
 * wins, so the same text always gets the same size. A smaller size only makes fitting easier
 * (more characters per line, less height per line), so the search bisects over the steps:
 * a long text is broken into lines about log2(steps) + 1 times, not once per step. The
 * caller has found that step 0 (the style's size) does not fit. On failure f is left at
 * min_size, for the report. */
static bool shrink_to(fitted *f, double h)
{
    const yk_style *s = f->cell->style;
    int last = (int)floor((s->size - s->min_size) / SIZE_STEP + 1e-9);
    if (last < 1)
        return false;
    break_at(f, s->size - last * SIZE_STEP);
    f->shrunk = true;
    if (!fits_height(f, h))
        return false;
    int lo = 0, hi = last; /* lo does not fit, hi does */
    while (hi - lo > 1) {
        int mid = lo + (hi - lo) / 2;
        break_at(f, s->size - mid * SIZE_STEP);
        if (fits_height(f, h))
            hi = mid;
        else
            lo = mid;
    }
    if (f->size != s->size - hi * SIZE_STEP)
        break_at(f, s->size - hi * SIZE_STEP);
    return true;
}

static void report_overflow(builder *b, const fitted *f, double h)
{
    const yk_style *s = f->cell->style;
    long fits = lines_that_fit(s, f->size, h - 2 * mm(s->padding));
    long excess = (long)f->lines.count - fits;
    double per_line = (mm(f->cell->w) - 2 * mm(s->padding)) / f->size;
    long cut = (long)ceil((double)excess * per_line);
    yk_diag_error(b->d, f->cell->source, f->cell->line, f->cell->col, f->cell->cell,
                  "the text does not fit its cell even at %.2f pt: it needs %zu lines and the "
                  "cell holds %ld; shorten it by about %ld characters",
                  f->size, f->lines.count, fits, cut);
    b->failed = true;
}

/* "'辻󠄀' (U+8FBB U+E0100)": the character or sequence and its code points. */
static char *shown(uint32_t cp, uint32_t sel)
{
    char a[5] = {0}, b[5] = {0};
    if (cp >= 0x20 && cp != 0x7F)
        yk_utf8_encode(cp, a);
    if (sel) {
        yk_utf8_encode(sel, b);
        return yk_xasprintf("'%s%s' (U+%04X U+%04X)", a, b, (unsigned)cp, (unsigned)sel);
    }
    return yk_xasprintf("'%s' (U+%04X)", a, (unsigned)cp);
}

/* Nothing is dropped or replaced silently: every choice shaping made is said, and a
 * character nothing can print is an error. */
static bool report_note(builder *b, const yk_filled_cell *cell, const yk_shape_note *n)
{
    bool warning = n->kind == YK_NOTE_FALLBACK || n->kind == YK_NOTE_NO_SEQUENCE;
    if (!first_time(b, cell, n))
        return warning;
    char *what = shown(n->cp, n->selector);
    const char *family = cell->style->family;
    switch (n->kind) {
    case YK_NOTE_FALLBACK:
        yk_diag_warning(b->d, cell->source, cell->line, cell->col, cell->cell,
                        "%s is not in the font %s; it is set in %s", what, family, n->family);
        break;
    case YK_NOTE_NO_SEQUENCE:
        yk_diag_warning(b->d, cell->source, cell->line, cell->col, cell->cell,
                        "no font has the variation sequence %s; its base character is set in "
                        "%s without the variant", what, n->family);
        break;
    case YK_NOTE_MISSING:
        yk_diag_error(b->d, cell->source, cell->line, cell->col, cell->cell,
                      "the character %s is in no font (not in %s, its fallbacks or the "
                      "system's fonts); replace it with a common form of the character",
                      what, family);
        break;
    case YK_NOTE_UNASSIGNED:
        yk_diag_error(b->d, cell->source, cell->line, cell->col, cell->cell,
                      "U+%04X is not an assigned Unicode character, so no font can print it",
                      (unsigned)n->cp);
        break;
    case YK_NOTE_CONTROL:
        yk_diag_error(b->d, cell->source, cell->line, cell->col, cell->cell,
                      "the control character U+%04X cannot be printed", (unsigned)n->cp);
        break;
    }
    free(what);
    return warning;
}

/* Text hygiene (docs/plan-format.md): a tab is a space; the rest is printed as written. */
static char *printed_text(const char *text)
{
    char *t = yk_xstrdup(text);
    for (char *p = strchr(t, '\t'); p; p = strchr(p + 1, '\t'))
        *p = ' ';
    return t;
}

/* Shapes the cell once (sizes only scale it) and reports what shaping noted. */
static bool shape_cell(builder *b, fitted *f)
{
    f->text = printed_text(f->cell->text);
    size_t len = strlen(f->text);
    yk_shape(f->m, f->text, len, &f->shaped);
    bool ok = true;
    for (size_t i = 0; i < f->shaped.note_count; i++)
        ok = report_note(b, f->cell, &f->shaped.notes[i]) && ok;
    if (!ok) {
        b->failed = true;
        return false;
    }
    f->widths = yk_xcalloc(len + 1, sizeof *f->widths);
    for (size_t i = 0; i < f->shaped.count; i++) {
        const yk_glyph *g = &f->shaped.glyphs[i];
        f->widths[g->start] += g->advance;
        if (g->len == 1 || (g->len == 3 && ((unsigned char)f->text[g->start] & 0xF0) == 0xE0 &&
                            ((unsigned char)f->text[g->start + 1] & 0xC0) == 0x80 &&
                            ((unsigned char)f->text[g->start + 2] & 0xC0) == 0x80))
            continue; /* one character (most clusters): nothing inside it */
        for (size_t k = g->start + 1; k < g->start + g->len; k++)
            if (((unsigned char)f->text[k] & 0xC0) != 0x80)
                f->widths[k] = -1; /* inside the cluster: never broken from its start */
    }
    return true;
}

/* ---- rows ---- */

static void fitted_row_free(fitted_row *r)
{
    for (size_t i = 0; i < r->count; i++) {
        yk_lines_free(&r->cells[i].lines);
        yk_shaped_free(&r->cells[i].shaped);
        free(r->cells[i].widths);
        free(r->cells[i].text);
    }
    free(r->cells);
    r->cells = NULL;
    r->count = 0;
}

static bool grows_freely(const yk_filled_row *row)
{
    if (row->max_h <= 0)
        return true;
    for (size_t i = 0; i < row->cell_count; i++)
        if (row->cells[i].style->overflow == YK_OVERFLOW_FLOW)
            return true;
    return false;
}

/* A row of headings and labels only heads what follows it, and never ends a page alone. */
static bool row_introduces(const yk_filled_row *row)
{
    bool any = false;
    for (size_t i = 0; i < row->cell_count; i++) {
        yk_role r = row->cells[i].role;
        if (r == YK_ROLE_VALUE || r == YK_ROLE_PARAGRAPH)
            return false;
        any = any || r != YK_ROLE_ARTIFACT;
    }
    return any;
}

/* At least how many lines text needs at width units (1/1000 em): per paragraph, the
 * advances of its characters (spaces left out: they may fall at a break) over the width, each
 * character counting at most the width, as one alone on a line may exceed it. The advances
 * are the font's own, before shaping; kerning or a ligature can only bring glyphs somewhat
 * closer, so each counts three quarters of its advance and the bound stays a bound. */
static long lines_at_least(const char *t, const yk_metrics *m, long units)
{
    long lines = 0, sum = 0;
    size_t len = strlen(t);
    for (size_t i = 0; i <= len;) {
        uint32_t cp = 0;
        if (i < len)
            i += yk_utf8_next(t + i, len - i, &cp);
        else
            i++;
        if (cp == 0 || cp == '\n') {
            lines += sum > 0 ? (sum + units - 1) / units : 1;
            sum = 0;
        } else if (cp != ' ' && cp != '\r') {
            long adv = m->advance(m->ctx, cp) * 3 / 4;
            sum += adv < 0 ? 0 : adv < units ? adv : units;
        }
    }
    return lines;
}

/* A cell that cannot grow and whose text cannot fit even at its smallest size — judged from
 * a lower bound on the lines it needs — fails before any line breaking: a hostile plan of
 * megabytes costs one pass over its text, not a line breaking per size step. */
static bool hopeless(builder *b, const yk_filled_row *row, const fitted *f)
{
    const yk_style *s = f->cell->style;
    if (grows_freely(row) || s->overflow == YK_OVERFLOW_FLOW)
        return false;
    double size = s->overflow == YK_OVERFLOW_SHRINK && s->min_size > 0 ? fmin(s->min_size, s->size)
                                                                        : s->size;
    double inner = mm(f->cell->w) - 2 * mm(s->padding);
    long units = (long)floor(inner * 1000.0 / size + 1e-9);
    if (units <= 0)
        return false;
    long need = lines_at_least(f->cell->text, f->m, units);
    long room = lines_that_fit(s, size, mm(row->max_h) - 2 * mm(s->padding));
    if (need <= room)
        return false;
    long cut = (long)ceil((double)(need - room) * inner / size);
    yk_diag_error(b->d, f->cell->source, f->cell->line, f->cell->col, f->cell->cell,
                  "the text does not fit its cell even at %.2f pt: it needs at least %ld "
                  "lines and the cell holds %ld; shorten it by about %ld characters",
                  size, need, room, cut);
    b->failed = true;
    return true;
}

static void measure_row(builder *b, const yk_filled_row *row, fitted_row *out)
{
    out->cells = yk_xcalloc(row->cell_count, sizeof *out->cells);
    out->count = row->cell_count;
    out->id = ++b->rows;
    out->introduces = row_introduces(row);
    double natural = mm(row->min_h);
    for (size_t i = 0; i < row->cell_count; i++) {
        fitted *f = &out->cells[i];
        f->cell = &row->cells[i];
        f->m = find_metrics(b->fonts, f->cell->style->family);
        if (!f->m || hopeless(b, row, f) || !shape_cell(b, f)) {
            f->m = NULL;
            continue;
        }
        break_at(f, f->cell->style->size);
        if (f->lines.forced)
            yk_diag_warning(b->d, f->cell->source, f->cell->line, f->cell->col, f->cell->cell,
                            "a word longer than the cell is wide had to be cut");
        if (f->h_needed > natural)
            natural = f->h_needed;
    }
    out->h = grows_freely(row) ? natural : fmin(natural, mm(row->max_h));
    out->at_limit = !grows_freely(row) && row->max_h > row->min_h &&
                    natural >= mm(row->max_h) - 1e-6;
    for (size_t i = 0; i < out->count; i++) {
        fitted *f = &out->cells[i];
        if (!f->m || f->h_needed <= out->h + 1e-6)
            continue;
        if (f->cell->style->overflow == YK_OVERFLOW_ERROR || !shrink_to(f, out->h))
            report_overflow(b, f, out->h);
        else /* smaller type beside the rest is a change the writer should know of */
            yk_diag_warning(b->d, f->cell->source, f->cell->line, f->cell->col, f->cell->cell,
                            "set smaller to fit its cell: %.2f pt instead of %.2f pt",
                            f->size, f->cell->style->size);
    }
}

/* ---- pages and boxes ---- */

static yk_layout_page *current_page(builder *b)
{
    return &b->out->pages[b->out->page_count - 1];
}

static void new_page(builder *b)
{
    yk_layout *l = b->out;
    l->pages = yk_reserve(l->pages, l->page_count + 1, &b->page_cap, sizeof *l->pages);
    yk_layout_page *p = &l->pages[l->page_count++];
    memset(p, 0, sizeof *p);
    p->number = (int)l->page_count;
    p->form = yk_xstrdup(b->form->name);
    p->width = mm(b->form->page_w);
    p->height = mm(b->form->page_h);
    b->cursor = p->height - mm(b->form->margin_top);
}

static size_t family_index(yk_layout *l, const char *family)
{
    for (size_t i = 0; i < l->family_count; i++)
        if (strcmp(l->families[i], family) == 0)
            return i;
    l->families = yk_reserve(l->families, l->family_count + 1, &l->family_cap,
                             sizeof *l->families);
    l->families[l->family_count] = yk_xstrdup(family);
    return l->family_count++;
}

static const char *intern_family(yk_layout *l, const char *family)
{
    size_t i = family_index(l, family); /* may move the array */
    return l->families[i];
}

static yk_layout_box *add_box(yk_layout_page *p)
{
    p->boxes = yk_reserve(p->boxes, p->box_count + 1, &p->box_cap, sizeof *p->boxes);
    yk_layout_box *box = &p->boxes[p->box_count++];
    memset(box, 0, sizeof *box);
    return box;
}

static double line_x(const yk_layout_box *box, const yk_style *s, double width)
{
    double inner = box->w - 2 * box->padding;
    if (s->align == YK_ALIGN_CENTER)
        return box->x + box->padding + (inner - width) / 2;
    if (s->align == YK_ALIGN_RIGHT)
        return box->x + box->padding + inner - width;
    return box->x + box->padding;
}

/* The lines of a cell that go into one box: all of them, or one page's part of a split row. */
typedef struct slice {
    size_t first, count;
} slice;

/* The first line's em box touches the top of the text area; the rest follow at `pitch`. */
/* The glyphs of one line, at their natural advances from the line's start. */
static void place_glyphs(yk_layout *l, yk_layout_line *out, const fitted *f, const yk_line *ln,
                         const char *box_family)
{
    const yk_shaped *sh = &f->shaped;
    /* glyphs are in text order: bisect for the line's first, or a text of many pages costs
     * a scan from its start for every line */
    size_t first = 0, hi = sh->count;
    while (first < hi) {
        size_t mid = first + (hi - first) / 2;
        if (sh->glyphs[mid].start < ln->start)
            first = mid + 1;
        else
            hi = mid;
    }
    size_t last = first;
    while (last < sh->count && sh->glyphs[last].start < ln->start + ln->len)
        last++;
    /* every field of every glyph is set below */
    out->glyphs = yk_xmalloc((last > first ? last - first : 1) * sizeof *out->glyphs);
    long units = 0;
    const char *seen = NULL; /* a line's glyphs mostly share one family: look it up once */
    size_t seen_index = 0;
    for (size_t i = first; i < last; i++) {
        const yk_glyph *g = &sh->glyphs[i];
        const char *family = g->family ? g->family : box_family;
        yk_layout_glyph *o = &out->glyphs[out->glyph_count++];
        if (family != seen) {
            seen = family;
            seen_index = family_index(l, family);
        }
        o->font = seen_index;
        o->gid = g->gid;
        o->x = (double)units * f->size / 1000.0;
        o->units = g->advance;
        o->advance = (double)g->advance * f->size / 1000.0;
        o->start = g->start - ln->start;
        /* a cluster never crosses a line's end (linebreak keeps it whole); the bound keeps
         * draw inside the line's text whatever happens */
        o->len = g->start + g->len <= ln->start + ln->len ? g->len : ln->start + ln->len - g->start;
        units += g->advance;
    }
}

/* Moves each cluster's glyphs to the x linebreak composed for the cluster's first
 * character (約物, 和欧間, 両端揃え); a cluster's later glyphs keep their offsets in it. */
static void compose_glyphs(yk_layout_line *out, const fitted *f, const yk_line *ln)
{
    /* the character holding a glyph's first byte, found by a cursor over the line's
     * characters: glyphs come in text order, so it only moves forward */
    size_t at = 0, k = 0, n = 0; /* the character k at byte at, n bytes long (0: not read) */
    double shift = 0;
    for (size_t i = 0; i < out->glyph_count; i++) {
        yk_layout_glyph *g = &out->glyphs[i];
        if (g->start < at)
            at = k = n = 0;
        for (;;) {
            if (!n && at < ln->len)
                n = yk_utf8_next(out->text + at, ln->len - at, &(uint32_t){0});
            if (at >= ln->len || g->start < at + n)
                break;
            at += n;
            k++;
            n = 0;
        }
        size_t c = g->start < ln->len ? k : ln->chars;
        if (g->len > 0 && c < ln->chars)
            shift = (double)f->lines.x[ln->pos + c] * f->size / 1000.0 - g->x;
        g->x += shift;
    }
}

static void place_lines(yk_layout *l, yk_layout_box *box, const fitted *f, slice sl)
{
    const yk_style *s = f->cell->style;
    double p = pitch(s, f->size);
    double text_h = text_height(s, f->size, sl.count);
    double top = box->y + box->h - box->padding;
    if (s->valign == YK_VALIGN_MIDDLE)
        top = box->y + (box->h + text_h) / 2;
    double ascent = f->m->ascent, extent = f->m->ascent - f->m->descent;
    double rise = f->size * ascent / (extent > 0 ? extent : 1000);
    box->lines = yk_xcalloc(sl.count, sizeof *box->lines);
    box->line_count = sl.count;
    for (size_t i = 0; i < sl.count; i++) {
        const yk_line *ln = &f->lines.lines[sl.first + i];
        yk_layout_line *out = &box->lines[i];
        out->text = yk_xstrndup(f->text + ln->start, ln->len);
        place_glyphs(l, out, f, ln, box->family);
        out->width = (double)ln->width * f->size / 1000.0;
        out->justified = ln->justified;
        out->ragged = ln->ragged;
        out->widow = ln->widow;
        compose_glyphs(out, f, ln);
        out->x = line_x(box, s, out->width);
        out->y = top - (double)i * p - rise;
        out->paragraph_start = ln->paragraph_start;
    }
}

static void place_cell(builder *b, yk_layout_page *page, const fitted *f, slice sl,
                       double left, double top, double h)
{
    const yk_style *s = f->cell->style;
    yk_layout_box *box = add_box(page);
    box->field = yk_xstrdup(f->cell->field);
    box->cell = yk_xstrdup(f->cell->cell);
    box->x = left + mm(f->cell->x);
    box->w = mm(f->cell->w);
    box->y = top - h;
    box->h = h;
    box->padding = mm(s->padding);
    box->family = intern_family(b->out, s->family);
    box->font_size = f->m ? f->size : s->size;
    box->nominal_size = s->size;
    box->shrunk = f->shrunk;
    box->fill_gray = s->fill_gray;
    box->justify = s->align == YK_ALIGN_JUSTIFY;
    box->edges = s->edges;
    box->line_width = s->line_width;
    box->lines_available = lines_that_fit(s, box->font_size, h - 2 * box->padding);
    if (f->m)
        place_lines(b->out, box, f, sl);
}

/* Reading order within a row is left to right, whatever order the template lists cells in. */
static int reading_position(const fitted_row *r, size_t i)
{
    int n = 0;
    for (size_t j = 0; j < r->count; j++) {
        double xj = r->cells[j].cell->x, xi = r->cells[i].cell->x;
        n += xj < xi || (xj == xi && j < i);
    }
    return n;
}

/* What the box just placed for cell i of r is in the structure; repeated: printed again
 * (a continued header, a label on a later part of a split row), so an artifact. */
static void tag_box(builder *b, const fitted_row *r, size_t i, bool repeated)
{
    yk_layout_page *page = current_page(b);
    yk_layout_box *box = &page->boxes[page->box_count - 1];
    const yk_filled_cell *c = r->cells[i].cell;
    box->role = repeated ? YK_ROLE_ARTIFACT : c->role;
    box->level = c->role == YK_ROLE_HEADING ? c->level : 0;
    box->list = c->kind == YK_FIELD_LIST;
    if (c->role == YK_ROLE_LABEL)
        box->scope = r->introduces ? YK_SCOPE_COLUMN : YK_SCOPE_ROW;
    box->table = r->table;
    box->row = r->id;
    box->col = reading_position(r, i);
}

static void place_row(builder *b, const fitted_row *r, bool repeated)
{
    double left = mm(b->form->margin_left);
    for (size_t i = 0; i < r->count; i++) {
        slice all = {0, r->cells[i].lines.count};
        place_cell(b, current_page(b), &r->cells[i], all, left, b->cursor, r->h);
        current_page(b)->boxes[current_page(b)->box_count - 1].at_limit = r->at_limit;
        tag_box(b, r, i, repeated);
    }
    b->cursor -= r->h;
}

/* ---- blocks ---- */

typedef struct fitted_block {
    fitted_row *rows;
    size_t count;
    double h;
    size_t header_rows;
    fitted_row *continued; /* header rows as repeated on a continuation page */
} fitted_block;

static void measure_block(builder *b, const yk_filled_block *blk, fitted_block *out)
{
    out->rows = yk_xcalloc(blk->row_count, sizeof *out->rows);
    out->count = blk->row_count;
    out->h = 0;
    for (size_t i = 0; i < blk->row_count; i++) {
        measure_row(b, &blk->rows[i], &out->rows[i]);
        out->h += out->rows[i].h;
    }
    out->header_rows = blk->header_rows;
    if (blk->continued) {
        out->continued = yk_xcalloc(blk->header_rows, sizeof *out->continued);
        for (size_t i = 0; i < blk->header_rows; i++)
            measure_row(b, &blk->continued[i], &out->continued[i]);
    }
}

static void fitted_block_free(fitted_block *fb)
{
    for (size_t i = 0; i < fb->count; i++)
        fitted_row_free(&fb->rows[i]);
    free(fb->rows);
    for (size_t i = 0; fb->continued && i < fb->header_rows; i++)
        fitted_row_free(&fb->continued[i]);
    free(fb->continued);
}

static double bottom_limit(const builder *b)
{
    return mm(b->form->margin_bottom);
}

static double page_body(const builder *b)
{
    return mm(b->form->page_h - b->form->margin_top - b->form->margin_bottom);
}

static bool page_is_empty(builder *b)
{
    return b->cursor >= current_page(b)->height - mm(b->form->margin_top) - 1e-6;
}

static bool fits(const builder *b, double h)
{
    return b->cursor - h >= bottom_limit(b) - 1e-6;
}

/* A block going on over a page break starts the new page with its header, marked continued. */
static void continue_on_new_page(builder *b, const fitted_block *fb)
{
    new_page(b);
    for (size_t i = 0; fb->continued && i < fb->header_rows; i++)
        place_row(b, &fb->continued[i], true);
}

static double rest_height(const fitted_row *r, const size_t *done)
{
    double h = 0;
    for (size_t i = 0; i < r->count; i++) {
        const fitted *f = &r->cells[i];
        const yk_style *s = f->cell->style;
        double need = text_height(s, f->size, f->lines.count - done[i]) + 2 * mm(s->padding);
        h = fmax(h, need);
    }
    return h;
}

/* Puts as many lines of every cell as fit above the bottom margin; returns whether any did. */
#define KEEP_LINES 2 /* neither part of a split paragraph is left with fewer lines */

/* How many of a cell's remaining lines go on this page: all that fit, less what would leave
 * a lone line at either end of the break. */
static size_t lines_for_part(size_t room, size_t left_over, bool strict)
{
    if (room >= left_over)
        return left_over;
    if (!strict)
        return room;
    if (left_over - room < KEEP_LINES)
        room = left_over >= KEEP_LINES ? left_over - KEEP_LINES : 0;
    return room < KEEP_LINES ? 0 : room;
}

/* Puts as many lines of every cell as fit above the bottom margin; returns whether any did.
 * A label whose text was printed already is printed again, so each part reads alone. */
static bool place_part(builder *b, const fitted_row *r, size_t *done, double h, bool last)
{
    double left = mm(b->form->margin_left);
    bool any = false, strict = !page_is_empty(b);
    slice *parts = yk_xcalloc(r->count, sizeof *parts);
    bool *again = yk_xcalloc(r->count, sizeof *again);
    for (size_t i = 0; i < r->count; i++) {
        const fitted *f = &r->cells[i];
        const yk_style *s = f->cell->style;
        size_t room = (size_t)lines_that_fit(s, f->size, h - 2 * mm(s->padding));
        size_t left_over = f->lines.count - done[i];
        parts[i] = (slice){done[i], last ? left_over : lines_for_part(room, left_over, strict)};
        if (f->cell->kind == YK_FIELD_LABEL && done[i] > 0 && f->lines.count <= room) {
            parts[i] = (slice){0, f->lines.count};
            again[i] = true;
        } else
            any = any || parts[i].count > 0;
    }
    if (any || last) {
        bool split = !last || done[0] > 0 || parts[0].first > 0;
        for (size_t i = 0; i < r->count; i++) {
            place_cell(b, current_page(b), &r->cells[i], parts[i], left, b->cursor, h);
            current_page(b)->boxes[current_page(b)->box_count - 1].split = split;
            tag_box(b, r, i, again[i]);
            if (parts[i].first == done[i])
                done[i] += parts[i].count;
        }
        b->cursor -= h;
    }
    free(parts);
    free(again);
    return any || last;
}

/* A row taller than the room left is cut between lines, never inside one; each later part
 * starts a page under the block's repeated header. */
static void split_row(builder *b, const fitted_block *fb, const fitted_row *r)
{
    size_t *done = yk_xcalloc(r->count, sizeof *done);
    bool first = true;
    for (;;) {
        double rest = rest_height(r, done);
        if (first && rest < r->h)
            rest = r->h;
        if (fits(b, rest)) {
            place_part(b, r, done, rest, true);
            break;
        }
        bool empty = page_is_empty(b);
        if (!place_part(b, r, done, b->cursor - bottom_limit(b), false) && empty) {
            yk_diag_error(b->d, b->form->file, 0, 0, r->cells[0].cell->cell,
                          "not even one line of this row fits on a page");
            b->failed = true;
            place_part(b, r, done, rest, true);
            break;
        }
        first = false;
        continue_on_new_page(b, fb);
    }
    free(done);
}

static bool can_split(const fitted_row *r)
{
    for (size_t i = 0; i < r->count; i++)
        if (r->cells[i].cell->style->overflow == YK_OVERFLOW_FLOW)
            return true;
    return false;
}

/* The least of a row that may end a page: the whole of a row that cannot be cut, else the
 * first lines of each cell. */
static double row_start_height(const fitted_row *r)
{
    if (!can_split(r))
        return r->h;
    double lines = 0;
    for (size_t i = 0; i < r->count; i++) {
        const fitted *f = &r->cells[i];
        const yk_style *s = f->cell->style;
        size_t n = f->lines.count < KEEP_LINES ? f->lines.count : KEEP_LINES;
        lines = fmax(lines, text_height(s, f->size, n) + 2 * mm(s->padding));
    }
    return fmin(r->h, lines);
}

/* The rows that lead a block: its header rows and any heading or label rows after them. */
static size_t lead_rows(const fitted_block *fb)
{
    size_t n = fb->header_rows < fb->count ? fb->header_rows : fb->count;
    while (n < fb->count && fb->rows[n].introduces)
        n++;
    return n;
}

/* The least of a block that may start a page: its lead and the first lines of its body. */
static double block_start_height(const fitted_block *fb)
{
    double h = 0;
    size_t lead = lead_rows(fb);
    for (size_t i = 0; i < lead; i++)
        h += fb->rows[i].h;
    if (lead < fb->count)
        h += row_start_height(&fb->rows[lead]);
    return h;
}

static void report_tall_row(builder *b, const fitted_row *r)
{
    yk_diag_error(b->d, b->form->file, 0, 0, r->count ? r->cells[0].cell->cell : NULL,
                  "a row is taller than the page (%.0f mm)", r->h / PT_PER_MM);
    b->failed = true;
}

/* A heading or label row inside a block goes to the next page unless the start of the row it
 * introduces fits under it. */
static bool lone_at_foot(const builder *b, const fitted_block *fb, size_t i)
{
    const fitted_row *r = &fb->rows[i];
    if (!r->introduces || i + 1 >= fb->count)
        return false;
    const fitted_row *next = &fb->rows[i + 1];
    return !fits(b, r->h + (next->introduces ? next->h : row_start_height(next)));
}

/* A block that fits a page is kept whole (moved to a new page when it must); a taller one, or
 * one that must follow its heading, starts where it is and goes on over as many pages as it
 * needs. Header rows are never split and print once per page; body rows that flow are cut
 * between lines when they reach the bottom of a page. */
static void place_block(builder *b, const fitted_block *fb, double keep, bool follows_heading)
{
    bool fits_a_page = fb->h + keep <= page_body(b);
    if (!fits(b, fb->h + keep) && !page_is_empty(b) &&
        ((fits_a_page && !follows_heading) || !fits(b, block_start_height(fb) + keep)))
        new_page(b);
    for (size_t i = 0; i < fb->count; i++) {
        const fitted_row *r = &fb->rows[i];
        bool header = i < fb->header_rows;
        if (fits(b, r->h) && !(lone_at_foot(b, fb, i) && !page_is_empty(b))) {
            place_row(b, r, false);
            continue;
        }
        if (!header && can_split(r) && !r->introduces) {
            split_row(b, fb, r);
            continue;
        }
        if (!page_is_empty(b)) {
            if (header)
                new_page(b);
            else
                continue_on_new_page(b, fb);
        }
        if (!fits(b, r->h))
            report_tall_row(b, r);
        place_row(b, r, false);
    }
}

/* The template writes "{page} / {pages}"; both count pages of this form only. */
static char *page_number_text(const char *pattern, int page, int pages)
{
    yk_buf b = {0};
    for (const char *p = pattern; *p;) {
        if (strncmp(p, "{pages}", 7) == 0) {
            yk_buf_addf(&b, "%d", pages);
            p += 7;
        } else if (strncmp(p, "{page}", 6) == 0) {
            yk_buf_addf(&b, "%d", page);
            p += 6;
        } else {
            yk_buf_addc(&b, *p++);
        }
    }
    return yk_buf_take(&b);
}

static void place_page_items(builder *b, const yk_filled *filled, size_t first, size_t last)
{
    size_t total = last - first;
    for (size_t p = first; p < last; p++) {
        yk_layout_page *page = &b->out->pages[p];
        page->form_page = (int)(p - first + 1);
        page->form_pages = (int)total;
        for (size_t i = 0; i < filled->page_item_count; i++) {
            const yk_filled_item *item = &filled->page_items[i];
            yk_filled_cell cell = item->cell;
            char *text = NULL;
            if (cell.kind == YK_FIELD_PAGE_NUMBER) {
                text = page_number_text(cell.text, page->form_page, page->form_pages);
                cell.text = text;
            }
            fitted_row row = {0};
            yk_filled_row one = {item->h, item->h, &cell, 1};
            measure_row(b, &one, &row);
            slice all = {0, row.cells[0].lines.count};
            place_cell(b, page, &row.cells[0], all, mm(b->form->margin_left),
                       page->height - mm(item->y), mm(item->h));
            yk_layout_box *box = &page->boxes[page->box_count - 1];
            box->role = cell.role; /* an artifact unless the template says otherwise */
            box->level = cell.role == YK_ROLE_HEADING ? cell.level : 0;
            fitted_row_free(&row);
            free(text);
        }
    }
}

/* A heading never ends a page: it travels with what follows. A chain of headings (heading,
 * column labels) travels whole, with the block that ends the chain — all of it when chain
 * and block fit one page (that block would move whole anyway), else its start. Every block
 * of a chain decides alike, so none leaves another behind. */
static double kept_height(const builder *b, const yk_filled *filled, const fitted_block *blocks,
                          size_t i)
{
    if (!filled->blocks[i].keep_with_next)
        return 0;
    size_t head = i;
    while (head > 0 && filled->blocks[head - 1].keep_with_next)
        head--;
    double chain = 0, keep = 0;
    size_t j = head;
    for (; j < filled->block_count && filled->blocks[j].keep_with_next; j++) {
        chain += blocks[j].h;
        if (j > i)
            keep += blocks[j].h;
    }
    if (j < filled->block_count && blocks[j].count)
        keep += chain + blocks[j].h <= page_body(b) ? blocks[j].h : block_start_height(&blocks[j]);
    return keep;
}

/* Tables are runs of grid rows (labels and values); a heading or a paragraph ends one. A
 * continued header row belongs to the table of the row it repeats. */
static void assign_tables(builder *b, fitted_block *blocks, size_t count)
{
    int table = 0;
    for (size_t i = 0; i < count; i++) {
        fitted_block *fb = &blocks[i];
        for (size_t r = 0; r < fb->count; r++) {
            fitted_row *row = &fb->rows[r];
            bool grid = false;
            for (size_t c = 0; c < row->count; c++) {
                yk_role role = row->cells[c].cell->role;
                grid = grid || role == YK_ROLE_LABEL || role == YK_ROLE_VALUE;
            }
            if (grid && !table)
                table = ++b->tables;
            row->table = grid ? table : 0;
            if (!grid)
                table = 0;
        }
        for (size_t r = 0; fb->continued && r < fb->header_rows && r < fb->count; r++)
            fb->continued[r].table = fb->rows[r].table;
    }
}

static void layout_form(builder *b, const yk_filled *filled)
{
    b->form = filled->form;
    size_t first = b->out->page_count;
    new_page(b);
    fitted_block *blocks = yk_xcalloc(filled->block_count, sizeof *blocks);
    for (size_t i = 0; i < filled->block_count; i++)
        measure_block(b, &filled->blocks[i], &blocks[i]);
    assign_tables(b, blocks, filled->block_count);
    for (size_t i = 0; i < filled->block_count; i++)
        place_block(b, &blocks[i], kept_height(b, filled, blocks, i),
                    i > 0 && filled->blocks[i - 1].keep_with_next);
    for (size_t i = 0; i < filled->block_count; i++)
        fitted_block_free(&blocks[i]);
    free(blocks);
    place_page_items(b, filled, first, b->out->page_count);
}

bool yk_layout_build(const yk_filled *const *forms, size_t form_count,
                     const yk_layout_font *font_list, size_t font_count, yk_layout *out,
                     yk_diag *d)
{
    fonts f = {font_list, font_count};
    memset(out, 0, sizeof *out);
    builder b = {.out = out, .fonts = &f, .d = d};
    for (size_t i = 0; i < form_count; i++) {
        for (size_t s = 0; s < forms[i]->form->style_count; s++) {
            const char *family = forms[i]->form->styles[s].family;
            if (!find_metrics(&f, family)) {
                yk_diag_syserror(d, forms[i]->form->file, "no font was opened for family '%s'", family);
                b.failed = true;
            }
        }
    }
    if (b.failed)
        return false;
    for (size_t i = 0; i < form_count; i++)
        layout_form(&b, forms[i]);
    free(b.said);
    return !b.failed;
}

void yk_layout_clear(yk_layout *layout)
{
    for (size_t p = 0; p < layout->page_count; p++) {
        yk_layout_page *page = &layout->pages[p];
        for (size_t i = 0; i < page->box_count; i++) {
            yk_layout_box *box = &page->boxes[i];
            for (size_t k = 0; k < box->line_count; k++) {
                free(box->lines[k].text);
                free(box->lines[k].glyphs);
            }
            free(box->lines);
            free(box->field);
            free(box->cell);
        }
        free(page->boxes);
        free(page->form);
    }
    free(layout->pages);
    for (size_t i = 0; i < layout->family_count; i++)
        free(layout->families[i]);
    free(layout->families);
    memset(layout, 0, sizeof *layout);
}

/* ---- JSON ---- */

static void json_string(yk_buf *out, const char *s)
{
    yk_buf_addc(out, '"');
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '"' || *p == '\\')
            yk_buf_addf(out, "\\%c", *p);
        else if (*p == '\n')
            yk_buf_adds(out, "\\n");
        else if (*p < 0x20)
            yk_buf_addf(out, "\\u%04x", *p);
        else
            yk_buf_addc(out, (char)*p);
    }
    yk_buf_addc(out, '"');
}

/* ", key: 12.345" — three decimals: exact enough for tools to recompute widths, stable for
 * golden files. */
static void json_num(yk_buf *out, const char *key, double v)
{
    if (fabs(v) < 0.0005)
        v = 0;
    yk_buf_addf(out, ", \"%s\": %.3f", key, v);
}

/* ", fonts: [...]": the fonts other than the box's that the line's glyphs are set in (a
 * fallback), each once, in order of use; nothing when there are none. */
static void json_fallbacks(yk_buf *out, const yk_layout *l, const yk_layout_box *box,
                           const yk_layout_line *ln)
{
    size_t listed = 0;
    for (size_t i = 0; i < ln->glyph_count; i++) {
        size_t font = ln->glyphs[i].font;
        bool seen = box->family && strcmp(l->families[font], box->family) == 0;
        for (size_t k = 0; k < i && !seen; k++)
            seen = ln->glyphs[k].font == font;
        if (seen)
            continue;
        yk_buf_adds(out, listed++ ? ", " : ", \"fonts\": [");
        json_string(out, l->families[font]);
    }
    if (listed)
        yk_buf_addc(out, ']');
}

static void json_line(yk_buf *out, const yk_layout *l, const yk_layout_box *box,
                      const yk_layout_line *ln)
{
    yk_buf_adds(out, "{\"text\": ");
    json_string(out, ln->text);
    json_num(out, "x", ln->x);
    json_num(out, "y", ln->y);
    json_num(out, "width", ln->width);
    json_fallbacks(out, l, box, ln);
    yk_buf_addf(out, ", \"paragraph_start\": %s", ln->paragraph_start ? "true" : "false");
    if (ln->justified)
        yk_buf_adds(out, ", \"justified\": true");
    yk_buf_adds(out, "}");
}

static const char *role_name(yk_role role)
{
    static const char *const names[] = {"value", "label", "heading", "paragraph", "artifact"};
    return role <= YK_ROLE_ARTIFACT ? names[role] : "?";
}

/* "role", and where the box sits in the structure: heading level, label scope, list, table,
 * row and column in reading order. */
static void json_structure(yk_buf *out, const yk_layout_box *box)
{
    yk_buf_addf(out, "\"role\": \"%s\"", role_name(box->role));
    if (box->role == YK_ROLE_HEADING)
        yk_buf_addf(out, ", \"level\": %d", box->level);
    if (box->role == YK_ROLE_LABEL)
        yk_buf_addf(out, ", \"scope\": \"%s\"", box->scope == YK_SCOPE_COLUMN ? "column" : "row");
    if (box->list)
        yk_buf_adds(out, ", \"list\": true");
    yk_buf_addf(out, ", \"table\": %d, \"row\": %d, \"col\": %d", box->table, box->row, box->col);
}

static void json_box(yk_buf *out, const yk_layout *l, const yk_layout_box *box)
{
    yk_buf_adds(out, "    {\"field\": ");
    json_string(out, box->field);
    yk_buf_adds(out, ", \"cell\": ");
    json_string(out, box->cell);
    json_num(out, "x", box->x);
    json_num(out, "y", box->y);
    json_num(out, "w", box->w);
    json_num(out, "h", box->h);
    json_num(out, "padding", box->padding);
    yk_buf_adds(out, ", \"family\": ");
    json_string(out, box->family);
    json_num(out, "font_size", box->font_size);
    yk_buf_addf(out, ", \"shrunk\": %s, \"split\": %s, \"lines_available\": %d,%s\n     ",
                box->shrunk ? "true" : "false", box->split ? "true" : "false",
                box->lines_available, box->justify ? " \"justify\": true," : "");
    json_structure(out, box);
    yk_buf_adds(out, ",\n     \"lines\": [");
    for (size_t i = 0; i < box->line_count; i++) {
        yk_buf_adds(out, i ? ",\n      " : "\n      ");
        json_line(out, l, box, &box->lines[i]);
    }
    yk_buf_adds(out, "]}");
}

void yk_layout_json(const yk_layout *layout, yk_buf *out)
{
    yk_buf_adds(out, "{\"pages\": [");
    for (size_t p = 0; p < layout->page_count; p++) {
        const yk_layout_page *page = &layout->pages[p];
        yk_buf_addf(out, "%s\n  {\"number\": %d, \"form\": ", p ? "," : "", page->number);
        json_string(out, page->form);
        yk_buf_addf(out, ", \"form_page\": %d, \"form_pages\": %d", page->form_page,
                    page->form_pages);
        json_num(out, "width", page->width);
        json_num(out, "height", page->height);
        yk_buf_adds(out, ",\n   \"boxes\": [");
        for (size_t i = 0; i < page->box_count; i++) {
            yk_buf_adds(out, i ? ",\n" : "\n");
            json_box(out, layout, &page->boxes[i]);
        }
        yk_buf_adds(out, "]}");
    }
    yk_buf_adds(out, "]}\n");
}
