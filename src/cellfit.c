/* cellfit: a cell's text fitted into its box — shaped once, broken into lines at a size, shrunk
 * to the height its row leaves, and placed as lines of positioned glyphs. See cellfit.h. */
#include "cellfit.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "compose.h"
#include "font.h"
#include "util.h"

#define SIZE_STEP 0.25

struct yk_cellfit {
    const yk_layout_font *fonts;
    size_t font_count;
    yk_diag *d;
    bool failed;
    struct said *said;    /* what shaping notes were reported, so a plan value printed */
    size_t said_count;    /* twice (a header repeated, a page item, the ward's name in
                           * every form's running head) says each once, in its first cell */
};

struct said {
    const char *source;
    int line, col;
    yk_shape_note_kind kind;
    uint32_t cp, selector;
};

static bool same_text(const char *a, const char *b)
{
    return a == b || (a && b && strcmp(a, b) == 0);
}

/* True the first time a note is seen at the cell's place in its source; records it. */
static bool first_time(yk_cellfit *fit, const yk_filled_cell *cell, const yk_shape_note *n)
{
    for (size_t i = 0; i < fit->said_count; i++) {
        const struct said *s = &fit->said[i];
        if (s->kind == n->kind && s->cp == n->cp && s->selector == n->selector &&
            s->line == cell->line && s->col == cell->col && same_text(s->source, cell->source))
            return false;
    }
    fit->said = yk_xrealloc(fit->said, (fit->said_count + 1) * sizeof *fit->said);
    fit->said[fit->said_count++] = (struct said){cell->source, cell->line, cell->col, n->kind,
                                                 n->cp, n->selector};
    return true;
}

yk_cellfit *yk_cellfit_new(const yk_layout_font *fonts, size_t font_count, yk_diag *d)
{
    yk_cellfit *c = yk_xcalloc(1, sizeof *c);
    c->fonts = fonts;
    c->font_count = font_count;
    c->d = d;
    return c;
}

void yk_cellfit_free(yk_cellfit *c)
{
    if (!c)
        return;
    free(c->said);
    free(c);
}

bool yk_cellfit_failed(const yk_cellfit *c)
{
    return c->failed;
}

static double mm(double v)
{
    return v * YK_PT_PER_MM;
}

const yk_metrics *yk_cellfit_metrics(const yk_cellfit *c, const char *family)
{
    for (size_t i = 0; i < c->font_count; i++)
        if (strcmp(c->fonts[i].family, family) == 0)
            return &c->fonts[i].metrics;
    return NULL;
}

/* ---- fitting one cell ---- */

static double pitch(const yk_style *s, double size)
{
    return size * s->leading;
}

/* n lines take n-1 pitches plus one em: leading is space between lines, not after the last. */
double yk_cellfit_text_height(const yk_style *s, double size, size_t n)
{
    return n ? (double)(n - 1) * pitch(s, size) + size : 0;
}

int yk_cellfit_lines_that_fit(const yk_style *s, double size, double body)
{
    return body < size ? 0 : (int)floor((body - size) / pitch(s, size) + 1e-9) + 1;
}

/* The width a cell's lines may take, in pt: the cell less its side padding. */
static double inner_width(const yk_fitted *f)
{
    return mm(f->cell->w) - 2 * mm(f->cell->style->side_padding);
}

static void break_at(yk_fitted *f, double size)
{
    const yk_style *s = f->cell->style;
    double inner = inner_width(f);
    long units = (long)floor(inner * 1000.0 / size + 1e-9);
    yk_compose c = {
        .wa_ou = (int)lround(s->wa_ou * 1000),
        .justify = s->align == YK_ALIGN_JUSTIFY,
        .justify_min = (int)lround(s->justify_min * 1000),
    };
    yk_lines_free(&f->lines);
    yk_linebreak_widths_composed(f->text, strlen(f->text), f->widths, units, &c, &f->lines);
    f->size = size;
    f->h_needed = yk_cellfit_text_height(s, size, f->lines.count) + 2 * mm(s->padding);
}

static bool fits_height(const yk_fitted *f, double h)
{
    return f->h_needed <= h + 1e-6;
}

/* The sizes allowed are size, size - 0.25, … down to min_size, and the largest that fits
 * wins, so the same text always gets the same size. A smaller size only makes fitting easier
 * (more characters per line, less height per line), so the search bisects over the steps:
 * a long text is broken into lines about log2(steps) + 1 times, not once per step. The
 * caller has found that step 0 (the style's size) does not fit. On failure f is left at
 * min_size, for the report. */
static bool shrink_to(yk_fitted *f, double h)
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

static void report_overflow(yk_cellfit *fit, const yk_fitted *f, double h)
{
    const yk_style *s = f->cell->style;
    long fits = yk_cellfit_lines_that_fit(s, f->size, h - 2 * mm(s->padding));
    long excess = (long)f->lines.count - fits;
    double per_line = inner_width(f) / f->size;
    long cut = (long)ceil((double)excess * per_line);
    yk_diag_error(fit->d, f->cell->source, f->cell->line, f->cell->col, f->cell->cell,
                  "the text does not fit its cell even at %.2f pt: it needs %zu lines and the "
                  "cell holds %ld; shorten it by about %ld characters",
                  f->size, f->lines.count, fits, cut);
    fit->failed = true;
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
static bool report_note(yk_cellfit *fit, const yk_filled_cell *cell, const yk_shape_note *n)
{
    bool warning = n->kind == YK_NOTE_FALLBACK || n->kind == YK_NOTE_NO_SEQUENCE;
    if (!first_time(fit, cell, n))
        return warning;
    char *what = shown(n->cp, n->selector);
    const char *family = cell->style->family;
    switch (n->kind) {
    case YK_NOTE_FALLBACK:
        yk_diag_warning(fit->d, cell->source, cell->line, cell->col, cell->cell,
                        "%s is not in the font %s; it is set in %s", what, family, n->family);
        break;
    case YK_NOTE_NO_SEQUENCE:
        yk_diag_warning(fit->d, cell->source, cell->line, cell->col, cell->cell,
                        "no font has the variation sequence %s; its base character is set in "
                        "%s without the variant", what, n->family);
        break;
    case YK_NOTE_MISSING:
        yk_diag_error(fit->d, cell->source, cell->line, cell->col, cell->cell,
                      "the character %s is in no font (not in %s, its fallbacks or the "
                      "system's fonts); replace it with a common form of the character",
                      what, family);
        break;
    case YK_NOTE_UNASSIGNED:
        yk_diag_error(fit->d, cell->source, cell->line, cell->col, cell->cell,
                      "U+%04X is not an assigned Unicode character, so no font can print it",
                      (unsigned)n->cp);
        break;
    case YK_NOTE_CONTROL:
        yk_diag_error(fit->d, cell->source, cell->line, cell->col, cell->cell,
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
static bool shape_cell(yk_cellfit *fit, yk_fitted *f)
{
    f->text = printed_text(f->cell->text);
    size_t len = strlen(f->text);
    yk_shape(f->m, f->text, len, &f->shaped);
    bool ok = true;
    for (size_t i = 0; i < f->shaped.note_count; i++)
        ok = report_note(fit, f->cell, &f->shaped.notes[i]) && ok;
    if (!ok) {
        fit->failed = true;
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

void yk_fitted_row_free(yk_fitted_row *r)
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
static bool hopeless(yk_cellfit *fit, const yk_filled_row *row, const yk_fitted *f)
{
    const yk_style *s = f->cell->style;
    if (grows_freely(row) || s->overflow == YK_OVERFLOW_FLOW)
        return false;
    double size = s->overflow == YK_OVERFLOW_SHRINK && s->min_size > 0 ? fmin(s->min_size, s->size)
                                                                        : s->size;
    double inner = inner_width(f);
    long units = (long)floor(inner * 1000.0 / size + 1e-9);
    if (units <= 0)
        return false;
    long need = lines_at_least(f->cell->text, f->m, units);
    long room = yk_cellfit_lines_that_fit(s, size, mm(row->max_h) - 2 * mm(s->padding));
    if (need <= room)
        return false;
    long cut = (long)ceil((double)(need - room) * inner / size);
    yk_diag_error(fit->d, f->cell->source, f->cell->line, f->cell->col, f->cell->cell,
                  "the text does not fit its cell even at %.2f pt: it needs at least %ld "
                  "lines and the cell holds %ld; shorten it by about %ld characters",
                  size, need, room, cut);
    fit->failed = true;
    return true;
}

void yk_cellfit_row(yk_cellfit *fit, const yk_filled_row *row, yk_fitted_row *out)
{
    out->cells = yk_xcalloc(row->cell_count, sizeof *out->cells);
    out->count = row->cell_count;
    double natural = mm(row->min_h);
    for (size_t i = 0; i < row->cell_count; i++) {
        yk_fitted *f = &out->cells[i];
        f->cell = &row->cells[i];
        f->m = yk_cellfit_metrics(fit, f->cell->style->family);
        if (!f->m || hopeless(fit, row, f) || !shape_cell(fit, f)) {
            f->m = NULL;
            continue;
        }
        break_at(f, f->cell->style->size);
        if (f->lines.forced)
            yk_diag_warning(fit->d, f->cell->source, f->cell->line, f->cell->col, f->cell->cell,
                            "a word longer than the cell is wide had to be cut");
        if (f->h_needed > natural)
            natural = f->h_needed;
    }
    out->h = grows_freely(row) ? natural : fmin(natural, mm(row->max_h));
    out->at_limit = !grows_freely(row) && row->max_h > row->min_h &&
                    natural >= mm(row->max_h) - 1e-6;
    for (size_t i = 0; i < out->count; i++) {
        yk_fitted *f = &out->cells[i];
        if (!f->m || f->h_needed <= out->h + 1e-6)
            continue;
        if (f->cell->style->overflow == YK_OVERFLOW_ERROR || !shrink_to(f, out->h))
            report_overflow(fit, f, out->h);
        else /* smaller type beside the rest is a change the writer should know of */
            yk_diag_warning(fit->d, f->cell->source, f->cell->line, f->cell->col, f->cell->cell,
                            "set smaller to fit its cell: %.2f pt instead of %.2f pt",
                            f->size, f->cell->style->size);
    }
}

/* ---- a box's lines ---- */

size_t yk_cellfit_family(yk_layout *l, const char *family)
{
    for (size_t i = 0; i < l->family_count; i++)
        if (strcmp(l->families[i], family) == 0)
            return i;
    l->families = yk_reserve(l->families, l->family_count + 1, &l->family_cap,
                             sizeof *l->families);
    l->families[l->family_count] = yk_xstrdup(family);
    return l->family_count++;
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

/* The glyphs of one line, at their natural advances from the line's start. */
static void place_glyphs(yk_layout *l, yk_layout_line *out, const yk_fitted *f, const yk_line *ln,
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
            seen_index = yk_cellfit_family(l, family);
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
static void compose_glyphs(yk_layout_line *out, const yk_fitted *f, const yk_line *ln)
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

/* The composition class of the character glyph g starts. */
static yk_compose_class class_at(const yk_layout_line *line, const yk_layout_glyph *g)
{
    uint32_t cp = 0;
    yk_utf8_next(line->text + g->start, g->len, &cp);
    return yk_compose_class_of(cp);
}

/* Takes the blank off glyph g (1/1000 em): a glyph of half an em, moved right by the blank
 * when it is the blank before its body. */
static void cut_glyph(yk_layout_glyph *g, uint32_t side, int blank, double size)
{
    g->gid |= side;
    g->units -= blank;
    g->advance = (double)g->units * size / 1000.0;
    if (side == YK_GLYPH_CUT_START)
        g->x += (double)blank * size / 1000.0;
}

/* Where composition set two marks closer than their advances (、」 ）【 …), the mark that
 * gives up its blank is drawn as a glyph without it (font.h: YK_GLYPH_CUT_*), so no glyph's
 * /W box reaches into the next one's: text extraction then reads the pair as written, on
 * one line. Only a one-glyph cluster whose advance carries exactly the blank taken is cut;
 * anything else keeps its advance and draw sets the pair closer by character spacing. */
static void cut_marks(yk_layout_line *out, double size)
{
    for (size_t i = 0; i + 1 < out->glyph_count; i++) {
        yk_layout_glyph *a = &out->glyphs[i], *b = &out->glyphs[i + 1];
        double gap = (b->x - a->x - a->advance) * 1000.0 / size;
        bool single = a->len > 0 && b->len > 0 &&
                      (i + 2 == out->glyph_count || out->glyphs[i + 2].len > 0);
        if (gap > -0.5 || !single)
            continue;
        yk_compose_cut cut = yk_compose_cut_class(class_at(out, a), class_at(out, b));
        yk_layout_glyph *g = cut == YK_COMPOSE_CUT_FIRST ? a : b;
        int blank = g->units - 500;
        if (cut == YK_COMPOSE_CUT_NONE || blank <= 0 || fabs(gap + blank) > 1.0 ||
            g->gid != YK_GLYPH_NUMBER(g->gid))
            continue;
        cut_glyph(g, cut == YK_COMPOSE_CUT_FIRST ? YK_GLYPH_CUT_END : YK_GLYPH_CUT_START, blank,
                  size);
    }
}

/* The first line's em box touches the top of the text area; the rest follow at `pitch`. */
void yk_cellfit_lines(yk_layout *l, yk_layout_box *box, const yk_fitted *f, size_t first,
                      size_t count)
{
    const yk_style *s = f->cell->style;
    double p = pitch(s, f->size);
    double text_h = yk_cellfit_text_height(s, f->size, count);
    double top = box->y + box->h - box->padding_y;
    if (s->valign == YK_VALIGN_MIDDLE)
        top = box->y + (box->h + text_h) / 2;
    double ascent = f->m->ascent, extent = f->m->ascent - f->m->descent;
    double rise = f->size * ascent / (extent > 0 ? extent : 1000);
    box->lines = yk_xcalloc(count, sizeof *box->lines);
    box->line_count = count;
    for (size_t i = 0; i < count; i++) {
        const yk_line *ln = &f->lines.lines[first + i];
        yk_layout_line *out = &box->lines[i];
        out->text = yk_xstrndup(f->text + ln->start, ln->len);
        place_glyphs(l, out, f, ln, box->family);
        out->width = (double)ln->width * f->size / 1000.0;
        out->justified = ln->justified;
        out->ragged = ln->ragged;
        out->widow = ln->widow;
        compose_glyphs(out, f, ln);
        cut_marks(out, f->size);
        out->x = line_x(box, s, out->width);
        out->y = top - (double)i * p - rise;
        out->paragraph_start = ln->paragraph_start;
    }
}
