/* metrics: how layout and linebreak measure text without knowing which font engine serves it.
 * Units are 1/1000 em, truncated as libharu truncates its /W widths, so a line measured here
 * has exactly the width a PDF viewer gives it. A test can supply a fixed-advance fake.
 *
 * Text becomes glyphs in one place: `shape` (HarfBuzz, with the font's fallbacks, in the font
 * modules). Layout measures those glyphs and draw paints exactly those glyphs, so a character
 * beyond the BMP, a variation sequence (cmap 14) or a character set in a fallback font takes
 * the same path as any other. A yk_shaped owns its arrays; yk_shaped_free releases them. */
#ifndef YK_METRICS_H
#define YK_METRICS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* One glyph of shaped text. Its cluster is the text[start, start + len) it stands for: a
 * character, a base and its variation selector, or more when a font joins characters. A
 * second glyph of the same cluster has len 0. */
typedef struct yk_glyph {
    const char *family;   /* the font it is in; lives as long as the metrics' owner */
    uint32_t gid;         /* glyph id in that font (the whole font, not a subset) */
    int advance;          /* 1/1000 em, truncated as /W is */
    size_t start, len;    /* bytes of the shaped text */
} yk_glyph;

/* What shaping had to do, or could not do, for one character or sequence. */
typedef enum yk_shape_note_kind {
    YK_NOTE_FALLBACK,     /* set in another font (family): a warning */
    YK_NOTE_NO_SEQUENCE,  /* no font maps base + selector: the base glyph is drawn; a warning */
    YK_NOTE_MISSING,      /* no font has the character: an error */
    YK_NOTE_UNASSIGNED,   /* not an assigned Unicode character: an error */
    YK_NOTE_CONTROL       /* a control character: an error */
} yk_shape_note_kind;

typedef struct yk_shape_note {
    yk_shape_note_kind kind;
    uint32_t cp;          /* the character (the base of a sequence) */
    uint32_t selector;    /* its variation selector, or 0 */
    const char *family;   /* FALLBACK: the font used; NO_SEQUENCE: the font of the base */
    size_t start;         /* byte offset in the shaped text */
} yk_shape_note;

typedef struct yk_shaped {
    yk_glyph *glyphs;
    size_t count;
    yk_shape_note *notes; /* each (kind, character, selector) once, in text order */
    size_t note_count;
    size_t glyph_cap, note_cap; /* allocated (yk_reserve) */
} yk_shaped;

typedef struct yk_metrics {
    const void *ctx;
    /* Advance of cp in 1/1000 em, or -1 when the font has no glyph for it. */
    int (*advance)(const void *ctx, uint32_t cp);
    int ascent;  /* 1/1000 em, positive */
    int descent; /* 1/1000 em, negative */
    const char *family; /* the family the metrics measure (NULL in fakes: the box's) */
    /* Shapes UTF-8 text into glyphs (out is overwritten; free it with yk_shaped_free).
     * '\n', '\r', U+200B and variation selectors get no glyph of their own. NULL in fakes:
     * then yk_shape gives one glyph per character, gid = code point, from `advance`. */
    void (*shape)(const void *ctx, const char *text, size_t len, yk_shaped *out);
} yk_metrics;

/* Shapes text with m (its `shape`, or one glyph per character from `advance`). */
void yk_shape(const yk_metrics *m, const char *text, size_t len, yk_shaped *out);
void yk_shaped_free(yk_shaped *s);

/* Characters shaping gives no glyph and layout no width: line ends and U+200B (an allowed
 * break drawn as nothing). */
static inline bool yk_shape_invisible(uint32_t cp)
{
    return cp == '\n' || cp == '\r' || cp == 0x200B;
}
/* Variation selectors: U+FE00–FE0F and U+E0100–E01EF. (Both are asked of every character
 * shaped: inline.) */
static inline bool yk_shape_is_selector(uint32_t cp)
{
    return (cp >= 0xFE00 && cp <= 0xFE0F) || (cp >= 0xE0100 && cp <= 0xE01EF);
}

/* For shapers: append a glyph; add a note unless the same (kind, cp, selector) is there. */
void yk_shaped_add_glyph(yk_shaped *s, yk_glyph g);
void yk_shaped_add_note(yk_shaped *s, yk_shape_note note);

#endif
