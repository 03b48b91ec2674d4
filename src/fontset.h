/* fontset: the fonts of a session — each style's family, the families templates list as
 * fallbacks, and fonts the system offers for characters none of those has — and shaping
 * with them. The set owns its fonts. Opened fonts never change and are never closed before
 * yk_fontset_free; the list only grows (under a lock, when fontconfig finds a font for a
 * character), so threads may shape with one set at once. */
#ifndef YK_FONTSET_H
#define YK_FONTSET_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"
#include "font.h"
#include "metrics.h"

typedef struct yk_fontset yk_fontset;

/* Opens families (the styles' fonts), each once, from fonts_dir first; NULL, with a system
 * error reported, when one is missing. Fallbacks (in the templates' order) are only named
 * here: each is found and opened the first time shaping needs it (finding one usually means
 * loading the system's fontconfig configuration), and one that cannot be is reported by
 * yk_fontset_report. */
yk_fontset *yk_fontset_open(const char *const *families, size_t count,
                            const char *const *fallbacks, size_t fallback_count,
                            const char *fonts_dir, yk_diag *d);
void yk_fontset_free(yk_fontset *set);

/* The metrics of family (one of the set's families). Its shape() sets each character in
 * the family's font when it has it, else in the first fallback that has it — fallbacks of
 * the same generic family (Gothic, Mincho) first, then those the system's fontconfig
 * prefers — and notes each such choice. False when family is not in the set. */
bool yk_fontset_metrics(const yk_fontset *set, const char *family, yk_metrics *out);

/* Reports (system errors) the template fallbacks shaping needed but could not open; false
 * when there are any. Called after a layout, so a document that needed one fails. */
bool yk_fontset_report(const yk_fontset *set, yk_diag *d);

/* The fonts opened so far (at most max of them into out); every family a layout made with
 * this set names is among them. */
size_t yk_fontset_fonts(const yk_fontset *set, const yk_font **out, size_t max);
#define YK_FONTSET_MAX 32

/* "sans-serif" for a Gothic family, "serif" for a Mincho one, else NULL: from its name. */
const char *yk_fontset_generic(const char *family);

#endif
