/* pdfoutline: writes an outline (bookmarks) into a libharu document, titles as UTF-16BE text
 * strings with a byte order mark (libharu would write its encoder's bytes, which viewers show
 * as mojibake for Japanese). Everything it creates belongs to the document. */
#ifndef YK_PDFOUTLINE_H
#define YK_PDFOUTLINE_H

#include <stdbool.h>
#include <stddef.h>

#include "outline.h"

/* libharu's handles (HPDF_Doc; HPDF_Page and HPDF_Outline are dictionaries), named without
 * including hpdf.h here. */
struct _HPDF_Doc_Rec;
struct _HPDF_Dict_Rec;

/* One bookmark titled title (UTF-8) opening page, as the last child of parent (NULL: the top
 * level); open shows its children. NULL when libharu fails (its error handler has reported). */
struct _HPDF_Dict_Rec *yk_pdfoutline_item(struct _HPDF_Doc_Rec *pdf, struct _HPDF_Dict_Rec *parent,
                                          const char *title, struct _HPDF_Dict_Rec *page,
                                          bool open);

/* Adds the entries of outline below parent (NULL: the top level); pages[i] is the document
 * page of the outline's page i, and entries pointing past page_count are skipped. Makes the
 * viewer open with the bookmarks shown. False when libharu fails. */
bool yk_pdfoutline_add(struct _HPDF_Doc_Rec *pdf, struct _HPDF_Dict_Rec *parent,
                       const yk_outline *outline, struct _HPDF_Dict_Rec *const *pages,
                       size_t page_count);

/* Page labels (/PageLabels): part k's pages, from page index starts[k], are numbered 1, 2, …
 * after prefixes[k] and a space ("鶴見区 3"; no prefix when NULL), so each part of a book keeps
 * the page numbers of its own PDF. starts ascending, starts[0] = 0. */
bool yk_pdfoutline_page_labels(struct _HPDF_Doc_Rec *pdf, const size_t *starts,
                               const char *const *prefixes, size_t count);

#endif
