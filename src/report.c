/* report: `check`'s fit report. */
#include "report.h"

#include <string.h>

#include "diag.h"

bool yk_report_shrunk(const yk_layout_box *box)
{
    return box->shrunk && box->font_size < box->nominal_size - 1e-9;
}

bool yk_report_nearly_full(const yk_layout_box *box)
{
    /* a cell set smaller is full by construction: the shrinking is what to report */
    return !yk_report_shrunk(box) && box->at_limit && box->line_count > 0 &&
           (int)box->line_count + 1 >= box->lines_available;
}

/* The first font other than the cell's own that some of its characters are set in (a
 * fallback: the cell's font lacks them), or NULL; *glyphs counts them. */
static const char *fallback(const yk_layout *l, const yk_layout_box *b, size_t *glyphs)
{
    const char *first = NULL;
    *glyphs = 0;
    for (size_t i = 0; i < b->line_count; i++) {
        const yk_layout_line *line = &b->lines[i];
        for (size_t g = 0; g < line->glyph_count; g++) {
            size_t font = line->glyphs[g].font;
            if (font >= l->family_count || l->families[font] == b->family ||
                strcmp(l->families[font], b->family) == 0)
                continue;
            if (!first)
                first = l->families[font];
            (*glyphs)++;
        }
    }
    return first;
}

/* "様式1 経営課題2 概要" → "経営課題2 概要": the group heading already names the form. */
static const char *without_form(const char *cell)
{
    const char *space = strchr(cell, ' ');
    return space ? space + 1 : cell;
}

/* The text before the first space of the cell name: the form's label, e.g. "様式1". */
static void add_form_label(yk_buf *out, const char *cell)
{
    const char *space = strchr(cell, ' ');
    yk_buf_add(out, cell, space ? (size_t)(space - cell) : strlen(cell));
}

static void add_page_heading(yk_buf *out, const yk_layout_page *page, const yk_layout_box *first)
{
    add_form_label(out, first->cell);
    yk_buf_addf(out, yk_tr(", page %d of %d (page %d of the PDF)\n"), page->form_page,
                page->form_pages, page->number);
}

/* Lines a justified cell could not set to its width, and paragraphs ending in 1–2
 * characters that no re-breaking avoided: typography to look at, not a fit problem. */
static void count_setting(const yk_layout_box *b, size_t *ragged, size_t *widows)
{
    *ragged = *widows = 0;
    for (size_t k = 0; k < b->line_count; k++) {
        *ragged += b->lines[k].ragged;
        *widows += b->lines[k].widow;
    }
}

static void add_setting(yk_buf *out, const yk_layout_box *b, const char *sep)
{
    size_t ragged, widows;
    count_setting(b, &ragged, &widows);
    if (ragged)
        yk_buf_addf(out, yk_tr("%s%zu line(s) could not be justified"), sep, ragged);
    if (widows)
        yk_buf_addf(out, yk_tr("%s%zu paragraph(s) end in a line of 1-2 characters no "
                               "re-breaking avoids"), ragged ? ", " : sep, widows);
}

static void add_attention(yk_buf *out, const yk_layout *l, const yk_layout_box *b)
{
    yk_buf_addf(out, "  %s (%s): ", without_form(b->cell), b->field);
    size_t glyphs;
    const char *other = fallback(l, b, &glyphs);
    if (yk_report_shrunk(b))
        yk_buf_addf(out, yk_tr("set smaller to fit: %.2f pt instead of %.2f pt"), b->font_size,
                    b->nominal_size);
    else if (yk_report_nearly_full(b))
        yk_buf_addf(out, yk_tr("nearly full: %zu of the %d lines it can hold"), b->line_count,
                    b->lines_available);
    if (other && (yk_report_shrunk(b) || yk_report_nearly_full(b)))
        yk_buf_adds(out, yk_tr("; "));
    if (other)
        yk_buf_addf(out, yk_ntr("%zu character set in the fallback font %s (%s lacks it)",
                                "%zu characters set in the fallback font %s (%s lacks them)",
                                glyphs),
                    glyphs, other, b->family);
    add_setting(out, b, other || yk_report_shrunk(b) || yk_report_nearly_full(b) ? "; " : "");
    yk_buf_addc(out, '\n');
}

static void report_attention(const yk_layout *l, yk_buf *out, yk_report_counts *c)
{
    for (size_t p = 0; p < l->page_count; p++) {
        const yk_layout_page *page = &l->pages[p];
        bool headed = false;
        for (size_t i = 0; i < page->box_count; i++) {
            const yk_layout_box *b = &page->boxes[i];
            bool shrunk = yk_report_shrunk(b), full = yk_report_nearly_full(b);
            size_t glyphs, ragged, widows;
            bool other = fallback(l, b, &glyphs) != NULL;
            count_setting(b, &ragged, &widows);
            if (!shrunk && !full && !other && !ragged && !widows)
                continue;
            c->shrunk += shrunk;
            c->nearly_full += full;
            c->fallback += other;
            c->fallback_chars += glyphs;
            if (!headed)
                add_page_heading(out, page, b);
            headed = true;
            add_attention(out, l, b);
        }
    }
}

/* Every box: what the report printed before it learnt to leave the unremarkable out. */
static void report_all(const yk_layout *l, yk_buf *out, yk_report_counts *c)
{
    yk_buf_adds(out, yk_tr("page cell (plan key): size used, lines used of the lines the cell "
                           "can hold at that size\n"));
    for (size_t p = 0; p < l->page_count; p++) {
        const yk_layout_page *page = &l->pages[p];
        for (size_t i = 0; i < page->box_count; i++) {
            const yk_layout_box *b = &page->boxes[i];
            bool shrunk = yk_report_shrunk(b), full = yk_report_nearly_full(b);
            size_t glyphs;
            const char *other = fallback(l, b, &glyphs);
            c->shrunk += shrunk;
            c->nearly_full += full;
            c->fallback += other != NULL;
            c->fallback_chars += glyphs;
            yk_buf_addf(out, yk_tr("p%-3d %s (%s): %.2f pt, %zu of %d lines"), page->number,
                        b->cell, b->field, b->font_size, b->line_count, b->lines_available);
            if (shrunk)
                yk_buf_addf(out, yk_tr(", set smaller (the template's size is %.2f pt)"),
                            b->nominal_size);
            if (b->split)
                yk_buf_adds(out, yk_tr(", flowed over pages"));
            if (full)
                yk_buf_adds(out, yk_tr(", nearly full"));
            if (other)
                yk_buf_addf(out, yk_tr(", fallback font %s"), other);
            add_setting(out, b, ", ");
            yk_buf_addc(out, '\n');
        }
    }
}

void yk_report_fit(const yk_layout *layout, const char *plan_name, bool all, size_t warnings,
                   yk_buf *out, yk_report_counts *counts)
{
    yk_report_counts c = {0, 0, 0, 0};
    if (all)
        report_all(layout, out, &c);
    else
        report_attention(layout, out, &c);
    /* layout warns of each cell it set smaller and each character in a fallback font, and
     * those are the report's own */
    size_t own = c.shrunk + c.fallback_chars;
    warnings = warnings > own ? warnings - own : 0;
    size_t problems = c.shrunk + c.nearly_full + c.fallback + warnings;
    yk_buf_addf(out, yk_ntr("%s: %zu page", "%s: %zu pages", layout->page_count), plan_name,
                layout->page_count);
    if (problems == 0)
        yk_buf_adds(out, yk_tr("; everything fits at the template's sizes, no problems\n"));
    else
        yk_buf_addf(out, yk_ntr("; %zu problem (%zu set smaller, %zu nearly full, %zu in a "
                                "fallback font, %zu other warnings)\n",
                                "; %zu problems (%zu set smaller, %zu nearly full, %zu in a "
                                "fallback font, %zu other warnings)\n",
                                problems),
                    problems, c.shrunk, c.nearly_full, c.fallback, warnings);
    if (counts)
        *counts = c;
}
