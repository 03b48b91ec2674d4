/* plainrun: the shaping fast path. A character is "plain" in a font when HarfBuzz, shaping
 * with the given features, always sets it as its nominal glyph in a cluster of its own: the
 * font maps it, it has no mark, format, control or continuation property, its script is one a
 * run of plain characters can be guessed as, and no GSUB lookup of those scripts' shaping
 * plans could start or complete a substitution on its glyph. This module finds those
 * characters of a face's BMP (one bit each, made once when a font is loaded) and shapes a run
 * of them from the font's tables without HarfBuzz. Only font.c uses it; tests/test_font.c
 * compares both ways of shaping. HarfBuzz types are only declared here, never included. */
#ifndef YK_PLAINRUN_H
#define YK_PLAINRUN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "font.h"
#include "metrics.h"

struct hb_face_t;
struct hb_feature_t;

/* The plain bits of a face under construction: made once, fed every mapped BMP character. */
typedef struct yk_plain_index yk_plain_index;
/* features[0..feature_count) are those the font's shaper passes to hb_shape (they decide
 * which lookups apply); glyph_count is the face's. */
yk_plain_index *yk_plain_index_new(struct hb_face_t *face, const struct hb_feature_t *features,
                                   unsigned feature_count, unsigned glyph_count);
/* cp (of the BMP) maps to glyph gid in the face. */
void yk_plain_index_add(yk_plain_index *pi, uint32_t cp, uint32_t gid);
/* The bits, 0x10000 / 8 bytes, bit cp set when cp is plain; the caller frees them. Frees pi. */
uint8_t *yk_plain_index_finish(yk_plain_index *pi);

/* Whether cp is plain by bits from yk_plain_index_finish. */
static inline bool yk_plain_has(const uint8_t *bits, uint32_t cp)
{
    return cp < 0x10000 && (bits[cp >> 3] >> (cp & 7) & 1);
}

/* What a plain run is shaped from: the font's own tables, owned by it. */
typedef struct yk_plain_tables {
    const uint8_t *bits;      /* from yk_plain_index_finish */
    const uint16_t *gids;     /* the nominal glyph of each BMP character */
    const int *glyph_adv;     /* every glyph's advance in 1/1000 em, as /W has it */
    const char *family;       /* the name the glyphs carry */
} yk_plain_tables;

/* When every one of chars[0..n) is plain, appends what HarfBuzz would give for them — each its
 * nominal glyph, its own cluster, the last ending at end — and returns true; else appends
 * nothing and returns false. */
bool yk_plain_shape(const yk_plain_tables *t, const yk_font_char *chars, size_t n, size_t end,
                    yk_shaped *out);

#endif
