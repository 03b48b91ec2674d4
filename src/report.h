/* report: the fit report `yoshiki check` prints, as text built from a layout. By default only
 * what needs a person's attention (cells set smaller, nearly full, or with characters in a
 * fallback font), grouped by form and
 * page, each cell named with the 経営課題/戦略 it belongs to and its plan key; --all gives the
 * full table of every box. Returns text; main prints it. */
#ifndef YK_REPORT_H
#define YK_REPORT_H

#include <stdbool.h>
#include <stddef.h>

#include "layout.h"
#include "util.h"

typedef struct yk_report_counts {
    size_t shrunk;      /* cells set smaller than the template's size */
    size_t nearly_full; /* cells at their row's limit with room for at most one more line */
    size_t fallback;    /* cells with characters set in a fallback font */
    size_t fallback_chars; /* the characters in them */
} yk_report_counts;

/* True when the box was set smaller; when (not set smaller) it can grow no more and has
 * room for at most one more line. */
bool yk_report_shrunk(const yk_layout_box *box);
bool yk_report_nearly_full(const yk_layout_box *box);

/* Appends the report on layout of the plan named plan_name to out and counts what it shows.
 * warnings: how many warnings loading and laying out the plan reported (printed apart, on
 * standard error); the last line counts them with the report's problems, those about cells
 * set smaller once only. Text in the locale's language. */
void yk_report_fit(const yk_layout *layout, const char *plan_name, bool all, size_t warnings,
                   yk_buf *out, yk_report_counts *counts);

#endif
