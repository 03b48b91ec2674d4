/* font: the only user of fontconfig and HarfBuzz. Finds a family's file (the project's fonts/
 * registered first), answers coverage and advances, and writes subsets for embedding.
 * A yk_font is immutable once opened, so threads may share one; yk_font_free releases it. */
#ifndef YK_FONT_H
#define YK_FONT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "diag.h"
#include "metrics.h"

typedef struct yk_font yk_font;

/* Opens the regular face of family (e.g. "BIZ UDPGothic"), searching fonts_dir before the
 * system's fonts. NULL, with a system error reported, when no file of that family is found. */
yk_font *yk_font_open(const char *family, const char *fonts_dir, yk_diag *d);
void yk_font_free(yk_font *font);

const char *yk_font_family(const yk_font *font);
const char *yk_font_file(const yk_font *font);
bool yk_font_has(const yk_font *font, uint32_t cp);
/* Advance in 1/1000 em, floor(adv * 1000 / upem) as libharu computes /W; -1 when missing. */
int yk_font_advance(const yk_font *font, uint32_t cp);
/* The metrics interface for layout; valid while font lives. */
yk_metrics yk_font_metrics(const yk_font *font);

/* Writes to out_path a TrueType subset holding the glyphs of the given code points (the
 * rendering and the cmap entries of those code points are unchanged). False, with a system
 * error reported, on failure. */
bool yk_font_subset(const yk_font *font, const uint32_t *cps, size_t count, const char *out_path,
                    yk_diag *d);

#endif
