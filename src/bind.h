/* bind: each template field's value from the plan, repeats expanded, Japanese conventions
 * applied (era years, full-width numbering, amounts). The result is plain text per cell;
 * nothing is measured here. A yk_filled owns its strings and arrays and borrows the form
 * (styles), which must outlive it. */
#ifndef YK_BIND_H
#define YK_BIND_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"
#include "form.h"
#include "plan.h"

typedef struct yk_filled_cell {
    yk_field_kind kind;
    yk_role role;         /* the template cell's */
    int level;            /* heading level 1..6, else 0 */
    char *field;          /* "issues[0].summary" */
    char *cell;           /* "様式1 経営課題1 概要" */
    double x, w;          /* mm from the left margin */
    char *text;           /* final text; '\n' separates paragraphs */
    const yk_style *style;
    const char *source;   /* where the text comes from, for messages: the plan or template */
    int line, col;        /* the longest plan value in the text, else the template cell */
} yk_filled_cell;

typedef struct yk_filled_row {
    double min_h, max_h;  /* mm */
    yk_filled_cell *cells;
    size_t cell_count;
} yk_filled_row;

typedef struct yk_filled_block {
    bool keep_with_next;
    yk_filled_row *rows;
    size_t row_count;
    size_t header_rows;       /* rows[0..header_rows) repeat when the block continues */
    yk_filled_row *continued; /* those rows as printed on a continuation page, or NULL */
} yk_filled_block;

typedef struct yk_filled_item {
    yk_filled_cell cell;
    double y, h;          /* mm from the top edge */
} yk_filled_item;

typedef struct yk_filled {
    const yk_form *form;
    yk_filled_item *page_items;
    size_t page_item_count;
    yk_filled_block *blocks; /* nested template blocks flattened in print order */
    size_t block_count;
} yk_filled;

/* Fills form from plan. Reports values of the wrong shape; false if any error was reported. */
bool yk_bind(const yk_form *form, const yk_plan *plan, yk_filled *out, yk_diag *d);
void yk_filled_free(yk_filled *filled);

/* Checks a template text ({plan.path|filter:arg} values, {{ and }} for braces) against the
 * plan format and the filter table; errors are reported at file:line:col. Used by the form
 * loader so that a template naming a key or filter that does not exist fails at load. */
bool yk_bind_check_text(const char *text, const char *file, int line, int col,
                        const char *field, yk_diag *d);

/* Japanese conventions, exposed for tests. Each returns a new string the caller frees. */
char *yk_era_year(int year);            /* 2022 → 令和４年度, 2019 → 令和元年度, 2018 → 平成３０年度 */
char *yk_era_year_short(int year);      /* 2020 → ２年度 (the era name left out), 2019 → 元年度 */
char *yk_fullwidth_number(const char *s); /* "1-1-1" → "１－１－１" */
char *yk_amount(long thousand_yen);     /* 28523 → "28,523千円" */

#endif
