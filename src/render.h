/* render: one plan through the whole pipeline (plan → bind → layout → draw), and the session
 * that holds what every plan of a run shares (templates and fonts). A session is immutable
 * once opened, so batch workers share one; it owns its forms and fonts. */
#ifndef YK_RENDER_H
#define YK_RENDER_H

#include <stdbool.h>
#include <yoshiki.h>

#include "diag.h"
#include "layout.h"
#include "plan.h"
#include "sha256.h"
#include "timing.h"

/* yk_session, yk_session_options, yk_session_open and the session's form names are
 * declared in <yoshiki.h>. The session copies every option it keeps. */

/* Lays out plan with every form of the session. */
bool yk_session_layout(const yk_session *s, const yk_plan *plan, yk_layout *out, yk_diag *d);

/* Loads plan_path and writes its PDF to out_path through a temporary file in the same
 * directory, renamed into place only when complete. The session's epoch dates the file. */
bool yk_session_render(const yk_session *s, const char *plan_path, const char *out_path,
                       yk_diag *d);

/* yk_session_render that also adds the time of each stage to *t (see timing.h). */
bool yk_session_render_timed(const yk_session *s, const char *plan_path, const char *out_path,
                             yk_timings *t, yk_diag *d);

/* What opening the session cost (the forms and fonts stages). */
const yk_timings *yk_session_timings(const yk_session *s);

/* Writes plan's PDF to out_path the same way; *pages (when pages is not NULL) is its page
 * count; t (NULL or) gets the time of each stage. */
bool yk_session_render_plan(const yk_session *s, const yk_plan *plan, const char *out_path,
                            size_t *pages, yk_timings *t, yk_diag *d);

/* What a render wrote, for checksums and manifests: its page count, size and SHA-256 (lower-case
 * hex), taken from the bytes in memory as they are written, so nothing reads the file back. */
typedef struct yk_render_sum {
    size_t pages;
    long long bytes;
    char sha256[YK_SHA256_HEX_LEN + 1];
} yk_render_sum;

/* yk_session_render_plan that fills *sum (zeros when it fails). */
bool yk_session_render_plan_sum(const yk_session *s, const yk_plan *plan, const char *out_path,
                                yk_render_sum *sum, yk_timings *t, yk_diag *d);

/* plan's PDF in memory: *data (the caller frees) and *len. */
bool yk_session_render_memory(const yk_session *s, const yk_plan *plan, unsigned char **data,
                              size_t *len, yk_diag *d);

/* Writes one PDF/A-1b of every plan in the order given (the book of a batch): one top-level
 * bookmark per plan titled with its ward's name and holding the plan's own bookmarks, each
 * plan's pages as in its own PDF (labelled from 1 again), the fonts subset once for all.
 * Through a temporary file as yk_session_render; *sum is the book's (see yk_render_sum).
 * The plans are laid out on up to jobs threads (0 or 1: the calling thread only). */
bool yk_session_render_book(const yk_session *s, const yk_plan *const *plans, size_t count,
                            const char *title, const char *out_path, unsigned jobs,
                            yk_render_sum *sum, yk_diag *d);

/* A file the session's output depends on: a template or a font. */
typedef struct yk_session_file {
    const char *kind; /* "template" or "font" */
    const char *name; /* yoshiki1, BIZ UDPGothic */
    const char *path;
} yk_session_file;

size_t yk_session_file_count(const yk_session *s);
/* Templates first, in print order, then fonts; index < yk_session_file_count(s). */
yk_session_file yk_session_file_at(const yk_session *s, size_t index);

/* The epoch the session dates every PDF with, or YK_EPOCH_NOW. */
long long yk_session_epoch(const yk_session *s);

/* "<year>-<code>-<slug>.pdf" for a plan, naming the forms when the session prints only some
 * of the directory's forms ("2022-271241-tsurumi-yoshiki1.pdf"), so a partial document never
 * takes the whole document's name. The caller frees. */
char *yk_session_output_name(const yk_session *s, const yk_plan *plan);

#endif
