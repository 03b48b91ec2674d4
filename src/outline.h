/* outline: the bookmarks of a document, derived from its layout — one entry per form where
 * its first page starts (様式1, 様式2, …), and inside a form one per 経営課題 and per 戦略 whose
 * heading cell (issues[N].title, issues[N].strategies[M].title) it prints. Titles come from
 * the plan. An outline owns its entries and titles; yk_outline_free releases them. It never
 * touches the PDF: draw writes it. */
#ifndef YK_OUTLINE_H
#define YK_OUTLINE_H

#include <stddef.h>

#include "layout.h"
#include "plan.h"

typedef struct yk_outline_entry {
    int level;    /* 0: a form; 1: a 経営課題; 2: a 戦略 (always below its 経営課題) */
    char *title;  /* UTF-8, e.g. 様式2, 経営課題１　だれもが…, 戦略１－１　地域共生社会の実現 */
    size_t page;  /* 0-based index of the page it opens, within the layout */
} yk_outline_entry;

typedef struct yk_outline {
    yk_outline_entry *entries; /* in document order; a level never exceeds the previous + 1 */
    size_t count;
} yk_outline;

/* The printed name of a form, e.g. "yoshiki2" → "様式2". */
typedef struct yk_outline_form {
    const char *name;
    const char *label;
} yk_outline_form;

/* Builds the outline of layout, which was laid out from plan with forms (a page of a form not
 * listed is titled by its name). Never fails. */
void yk_outline_build(const yk_layout *layout, const yk_plan *plan, const yk_outline_form *forms,
                      size_t form_count, yk_outline *out);
void yk_outline_free(yk_outline *outline);

#endif
