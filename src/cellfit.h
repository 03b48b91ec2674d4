/* cellfit: a cell's text fitted into its box. It owns everything about one cell's text: text
 * hygiene, shaping once (and saying what shaping chose or could not do), line breaking at a
 * size, the size a row's height leaves (shrink in 0.25 pt steps), the errors of text that
 * cannot fit, and the lines and positioned glyphs of a box. It decides nothing about pages:
 * layout (page flow) measures rows with it, chooses where each box goes and which of a cell's
 * lines it holds, and asks it for those lines. Units: points, as in yk_layout. */
#ifndef YK_CELLFIT_H
#define YK_CELLFIT_H

#include <stdbool.h>
#include <stddef.h>

#include "bind.h"
#include "diag.h"
#include "jbreak.h"
#include "layout.h"
#include "metrics.h"

#define YK_PT_PER_MM (72.0 / 25.4)

/* What is fitting cells for one yk_layout_build: the fonts, where to report, and what was
 * reported already (a cell measured twice, a repeated header or a page item, says each
 * shaping note once). No state outlives it. */
typedef struct yk_cellfit yk_cellfit;

/* A cell measured at the size it will be printed at. Page flow reads cell, m (NULL: the cell
 * could not be measured and gets an empty box), size, shrunk and lines.count. */
typedef struct yk_fitted {
    const yk_filled_cell *cell;
    const yk_metrics *m;
    char *text;           /* the cell's text as printed (text hygiene applied) */
    yk_shaped shaped;     /* its glyphs, at any size */
    int *widths;          /* per byte, for linebreak (see yk_linebreak_widths) */
    double size;
    double h_needed;      /* pt, text plus padding */
    yk_lines lines;
    bool shrunk;
} yk_fitted;

/* A row's cells fitted to one height. id, table and introduces are page flow's: cellfit
 * leaves them 0. */
typedef struct yk_fitted_row {
    double h;             /* pt */
    bool at_limit;        /* capped by the row's max height */
    int id;               /* 1-based in the layout, in reading order */
    int table;            /* 1-based table id, 0 when the row is no part of the grid */
    bool introduces;      /* headings and labels only: it heads what follows */
    yk_fitted *cells;
    size_t count;
} yk_fitted_row;

yk_cellfit *yk_cellfit_new(const yk_layout_font *fonts, size_t font_count, yk_diag *d);
void yk_cellfit_free(yk_cellfit *c);
/* Whether any cell failed to fit or had a character nothing can print (all reported). */
bool yk_cellfit_failed(const yk_cellfit *c);
/* The metrics of a family, or NULL when no font was opened for it. */
const yk_metrics *yk_cellfit_metrics(const yk_cellfit *c, const char *family);

/* Measures a row: each cell shaped and broken at its style's size, the row as tall as its
 * tallest cell within [min_h, max_h] (without limit when it grows freely), and each cell
 * still too tall shrunk to fit or reported. out is owned by the caller: yk_fitted_row_free. */
void yk_cellfit_row(yk_cellfit *c, const yk_filled_row *row, yk_fitted_row *out);
void yk_fitted_row_free(yk_fitted_row *r);

/* n lines of style s at size take n-1 pitches plus one em: leading is space between lines. */
double yk_cellfit_text_height(const yk_style *s, double size, size_t n);
/* How many lines of style s at size fit a text area body pt tall. */
int yk_cellfit_lines_that_fit(const yk_style *s, double size, double body);

/* The index of family in l->families, added when new (the array may move). */
size_t yk_cellfit_family(yk_layout *l, const char *family);
/* Gives box (placed: x, y, w, h, padding, family set) the lines first … first+count-1 of f,
 * with their glyphs positioned as composed (約物, 和欧間, 両端揃え) and aligned in the box. */
void yk_cellfit_lines(yk_layout *l, yk_layout_box *box, const yk_fitted *f, size_t first,
                      size_t count);

#endif
