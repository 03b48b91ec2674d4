/* layout: final geometry. From filled fields and font metrics it decides every box, line,
 * font size and page; draw only paints what is here. The layout owns all of its arrays and
 * strings; yk_layout_clear releases them. Units: points, origin bottom-left as in PDF. */
#ifndef YK_LAYOUT_H
#define YK_LAYOUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <yoshiki.h>

#include "bind.h"
#include "diag.h"
#include "metrics.h"
#include "util.h"

/* One glyph of a line, placed by layout: draw paints exactly these glyphs at exactly these
 * positions and decides nothing. Glyphs come from shaping (HarfBuzz, with fallback fonts),
 * so a glyph may stand for a character beyond the BMP, a base + variation selector, or a
 * character set in a fallback font. Layout fills x from the natural advances (x of glyph
 * i+1 = x + advance of glyph i); a later step may move glyphs (justification, spacing) by
 * changing x, and draw follows. */
typedef struct yk_layout_glyph {
    size_t font;          /* index into yk_layout.families: the font the glyph is in */
    uint32_t gid;         /* glyph id in that font (the whole font, not a subset) */
    double x;             /* pt from the line's x */
    double advance;       /* pt at the box's font_size: the glyph's /W width, as drawn */
    int units;            /* the same advance in 1/1000 em */
    size_t start, len;    /* bytes of the line's text its cluster stands for (len 0: a
                           * second glyph of the same cluster) */
} yk_layout_glyph;

typedef struct yk_layout_line {
    char *text;
    double x, y;          /* start of the baseline */
    double width;         /* set width in pt: its glyphs as composed (a justified line: the
                           * cell's inner width) */
    bool paragraph_start;
    yk_layout_glyph *glyphs; /* in text order; the line owns them */
    size_t glyph_count;
    bool justified;       /* set to the full inner width (両端揃え) */
    bool ragged;          /* should have been justified but could not be */
    bool widow;           /* a paragraph's last line of 1–2 characters no re-breaking avoids */
} yk_layout_line;


/* Whether a label heads the cells of its row or those below it in its column. */
typedef enum { YK_SCOPE_NONE, YK_SCOPE_ROW, YK_SCOPE_COLUMN } yk_scope;

typedef struct yk_layout_box {
    char *field;          /* e.g. "issues[0].summary"; the cell name for labels */
    char *cell;           /* human name for messages, e.g. "様式1 経営課題1 概要" */
    double x, y, w, h;    /* y is the bottom edge */
    double padding;       /* left and right of the text: its lines are w - 2 * padding wide */
    double padding_y;     /* above and below the text */
    const char *family;   /* points into yk_layout.families */
    double font_size;
    double nominal_size;  /* the template's size for the cell; font_size is less when shrunk */
    bool shrunk;
    bool split;           /* one page's part of a row cut between lines over pages */
    bool continued;       /* its text began in this cell's box on the page before */
    bool continues;       /* its text goes on in this cell's box on the page after */
    bool at_limit;        /* the row could grow no further (at its max height) */
    bool justify;         /* its style sets lines 両端揃え */
    double fill_gray;     /* 0..1 background grey, or < 0 for none */
    unsigned edges;       /* yk_edge bits (form.h) of the border to stroke */
    double line_width;    /* border width in pt */
    int lines_available;  /* at the size used, for the fit report */
    yk_layout_line *lines;
    size_t line_count;
    /* What the box is in the document's structure (tagged PDF), from the template: */
    yk_role role;         /* ARTIFACT also for what is printed again: a header row repeated on
                             a continuation page, a label repeated on each part of a split row */
    int level;            /* heading level 1..6, else 0 */
    bool list;            /* each paragraph is a list item (a bulleted list cell) */
    yk_scope scope;       /* for a label */
    int table;            /* 1-based id of its table in the layout, 0 outside any table */
    int row;              /* 1-based id of its row in the layout, in reading order; the parts of
                             a row split over pages share it; 0 for page items */
    int col;              /* position of its cell in the row, in reading order (left to right) */
} yk_layout_box;

/* A page's boxes are in drawing order, which is the order text is read in when taken from
 * the content stream (copying, pdftotext -raw): a cell's part continued from the page before
 * comes first, and a part that continues on the page after comes last, so a cut text runs on
 * across the page break. The structure tree keeps reading order by row and column. */
typedef struct yk_layout_page {
    int number;           /* 1-based in the document */
    int form_page;        /* 1-based within its form */
    int form_pages;       /* pages of its form */
    char *form;           /* "yoshiki1" */
    double width, height;
    yk_layout_box *boxes;
    size_t box_count, box_cap;
} yk_layout_page;

typedef struct yk_layout {
    yk_layout_page *pages;
    size_t page_count;
    char **families;      /* every family a box or a glyph uses, each once */
    size_t family_count, family_cap;
} yk_layout;

/* A font family and how to measure it. */
typedef struct yk_layout_font {
    const char *family;
    yk_metrics metrics;
} yk_layout_font;

/* Lays out filled forms (in order, one after another) into pages. Reports each cell that
 * cannot fit, each character no font has, and returns false if any error was reported. */
bool yk_layout_build(const yk_filled *const *forms, size_t form_count,
                     const yk_layout_font *fonts, size_t font_count, yk_layout *out,
                     yk_diag *d);
void yk_layout_clear(yk_layout *layout);
/* yoshiki.h's yk_layout_free frees a layout from yk_layout_new; a yk_layout held by value is
 * released with yk_layout_clear. This stops the mix-up at compile time. */
#define yk_layout_free(layout) yk_layout_free_is_public_use_yk_layout_clear(layout)

/* Appends the layout as JSON (design.md §1 keys and more; written by layoutjson.c) to out. A
 * line set partly in a fallback font lists those fonts: "fonts": ["MigMix 1P"]. */
void yk_layout_json(const yk_layout *layout, yk_buf *out);

#endif
