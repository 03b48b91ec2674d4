/* draw: the only user of libharu. Paints a finished layout into a PDF file and makes no
 * layout decision: every position, size and line comes from the layout.
 * Fonts are borrowed from the caller and must outlive the call. */
#ifndef YK_DRAW_H
#define YK_DRAW_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"
#include "font.h"
#include "layout.h"
#include "output.h"
#include "outline.h"
#include "timing.h"

typedef struct yk_draw_meta {
    const char *title;    /* document title, e.g. 令和４年度　鶴見区運営方針（案） */
    const char *author;   /* e.g. 鶴見区 */
    const char *subject;
    long long epoch;      /* seconds since 1970 for every date in the file (SOURCE_DATE_EPOCH) */
    const char *icc_profile; /* the sRGB ICC v2 profile file of the output intent; NULL:
                                yoshiki's own (icc.h) */
    yk_timings *timings;  /* NULL, or where the subset/embed/draw/save stages are added */
    const yk_outline *outline; /* bookmarks of a single document, or NULL */
    unsigned char *sha256; /* NULL, or where the *_memory functions put the SHA-256 of the
                              bytes (YK_SHA256_LEN), hashed with the /ID in the same pass */
} yk_draw_meta;

/* Writes layout to out_path as tagged PDF/A-1a (the caller renames it into place; the
 * structure comes from the boxes' roles, see tag.h); the same layout and meta give the same
 * bytes. A missing or unusable meta->icc_profile file is a system error, never a plain PDF.
 * fonts[i] serves the family yk_font_family(fonts[i]). False, with an error reported, on
 * failure; then out_path may hold a partial file that the caller removes. */
bool yk_draw_pdf(const yk_layout *layout, const yk_font *const *fonts, size_t font_count,
                 const yk_draw_meta *meta, const char *out_path, yk_diag *d);

/* The same PDF in memory: *data (the caller frees) and *len; name is for messages. */
bool yk_draw_pdf_memory(const yk_layout *layout, const yk_font *const *fonts, size_t font_count,
                        const yk_draw_meta *meta, const char *name, unsigned char **data,
                        size_t *len, yk_diag *d);

/* One ward's pages in a book: its layout, its bookmarks (or NULL) and the title of the
 * top-level bookmark holding them (its ward's name; NULL: its bookmarks are top-level). */
typedef struct yk_draw_part {
    const yk_layout *layout;
    const yk_outline *outline;
    const char *title;
} yk_draw_part;

/* The parts' pages one after another as one PDF/A-1b in memory, as yk_draw_pdf_memory
 * makes one document (meta->outline is not used): the fonts are subset once for all of them,
 * and each part's pages are labelled from 1 (PageLabels), so a viewer shows the page numbers
 * the part has in its own PDF. */
bool yk_draw_book_memory(const yk_draw_part *parts, size_t part_count, const yk_font *const *fonts,
                         size_t font_count, const yk_draw_meta *meta, const char *name,
                         unsigned char **data, size_t *len, yk_diag *d);

#endif
