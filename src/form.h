/* form: the meaning and validation of a page template (forms/NAME.yaml, docs/templates.md).
 * A yk_form owns all of its strings and arrays; yk_form_free releases them. Geometry here is
 * in millimetres as the template writes it; layout converts to points. */
#ifndef YK_FORM_H
#define YK_FORM_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"

typedef enum { YK_ALIGN_LEFT, YK_ALIGN_CENTER, YK_ALIGN_RIGHT, YK_ALIGN_JUSTIFY } yk_align;
typedef enum { YK_VALIGN_TOP, YK_VALIGN_MIDDLE } yk_valign;

/* What a cell does when its text is taller than its row may grow. */
typedef enum {
    YK_OVERFLOW_SHRINK, /* smaller type in 0.25 pt steps down to min_size, then an error */
    YK_OVERFLOW_FLOW,   /* the row grows without limit and may split across pages */
    YK_OVERFLOW_ERROR   /* an error at once */
} yk_overflow;

/* Which sides of a cell's border are drawn: a template says it, layout carries it on. */
typedef enum { YK_EDGE_NONE = 0, YK_EDGE_TOP = 1, YK_EDGE_RIGHT = 2, YK_EDGE_BOTTOM = 4,
               YK_EDGE_LEFT = 8, YK_EDGE_ALL = 15 } yk_edge;

typedef struct yk_style {
    char *name;
    char *family;         /* font family, e.g. "BIZ UDPGothic" */
    double size;          /* pt */
    double min_size;      /* pt */
    double leading;       /* line pitch as a multiple of the size */
    double padding;       /* mm, inside the border above and below the text */
    double side_padding;  /* mm, inside the border left and right (default: padding). Wide
                           * enough that text of two cells side by side stands an em apart,
                           * a text extractor keeps them apart instead of reading one line */
    yk_align align;       /* justify: 両端揃え, every line but a paragraph's last fills the cell */
    double wa_ou;         /* em between kana/kanji and Latin letters or digits (和欧間); 0 none */
    double justify_min;   /* fraction of the width below which a justified line stays ragged */
    yk_valign valign;
    double fill_gray;     /* 0..1, or < 0 for none */
    unsigned edges;       /* yk_edge bits of the border */
    double line_width;    /* pt */
    yk_overflow overflow;
} yk_style;

/* The closed table of field kinds. */
typedef enum {
    YK_FIELD_LABEL,       /* static text from the template, one line, never wraps */
    YK_FIELD_TEXT,        /* template text with {plan.path|filter} values, wrapped */
    YK_FIELD_LIST,        /* one paragraph per item of a plan list, each after a bullet */
    YK_FIELD_PAGE_NUMBER  /* "{page} / {pages}" of the form, filled by layout */
} yk_field_kind;

/* What a cell is in the document's structure (tagged PDF): a heading, a table's header
 * (label) or data (value) cell, a paragraph outside the grid, or an artifact (decoration,
 * page furniture). The template's `role:` key; by default the form tells: page items are
 * artifacts, a shaded cell a label, a bordered one a value, free text a paragraph. */
typedef enum {
    YK_ROLE_VALUE,        /* TD */
    YK_ROLE_LABEL,        /* TH */
    YK_ROLE_HEADING,      /* H1..H6, with the cell's level */
    YK_ROLE_PARAGRAPH,    /* P outside any table */
    YK_ROLE_ARTIFACT      /* not content: read by no screen reader */
} yk_role;

typedef struct yk_cell {
    yk_field_kind kind;
    yk_role role;
    int level;            /* 1..6 for a heading, else 0 */
    char *field;          /* name in the layout, e.g. "issues[].summary" */
    char *title;          /* name in messages, template text, e.g. "経営課題{issues[].number} 概要" */
    double x, w;          /* mm from the left margin */
    char *text;           /* LABEL/TEXT/PAGE_NUMBER: template text; '\n' separates paragraphs */
    char *list;           /* LIST: the plan list, e.g. "policy" */
    char *bullet;         /* LIST: put before each item, e.g. "・" */
    const yk_style *style;
    int line, col;        /* where the cell is in the template */
} yk_cell;

typedef struct yk_row {
    double min_h, max_h;  /* mm; equal for a fixed row */
    yk_cell *cells;
    size_t cell_count;
} yk_row;

typedef struct yk_block {
    char *repeat;         /* plan list to repeat over, e.g. "issues[]"; NULL for once */
    char *when;           /* plan path that must be non-empty for the block to print, or NULL */
    char *when_empty;     /* plan path that must be empty (absent or []) for it to print, or NULL */
    bool keep_with_next;  /* never the last block on a page */
    size_t header_rows;   /* leading rows repeated when the block continues on a new page */
    char *continued;      /* appended to the first repeated cell then, e.g. "（続き）" */
    yk_row *rows;
    size_t row_count;
    struct yk_block *children; /* nested blocks printed after rows, per repeat instance */
    size_t child_count;
} yk_block;

typedef struct yk_page_item {
    yk_cell cell;
    double y, h;          /* mm from the top edge of the page */
} yk_page_item;

typedef struct yk_form {
    char *name;           /* "yoshiki1" */
    char *label;          /* "様式1", the prefix of cell names in messages */
    char *file;
    double page_w, page_h;                            /* mm */
    double margin_top, margin_right, margin_bottom, margin_left; /* mm */
    char **fallbacks;     /* families for characters a style's family lacks, in order */
    size_t fallback_count;
    yk_style *styles;
    size_t style_count;
    yk_page_item *page_items; /* on every page of this form */
    size_t page_item_count;
    yk_block *body;       /* stacked top to bottom, flowing onto new pages */
    size_t block_count;
} yk_form;

/* Loads and validates a template: unknown keys, kinds, styles, filters and plan paths are
 * located errors. NULL when any error was reported. */
yk_form *yk_form_load(const char *path, yk_diag *d);
/* Same, from memory (tests and fuzzing); name is used in diagnostics. */
yk_form *yk_form_load_bytes(const char *bytes, size_t len, const char *name, yk_diag *d);
void yk_form_free(yk_form *form);

#endif
