/* font: the only user of fontconfig, and of HarfBuzz with plainrun (its fast path). Finds a
 * family's file (the project's fonts/ registered first), answers coverage and advances,
 * shapes, and writes subsets for embedding.
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
/* The same for the families of one session: the directory is indexed once, the system's
 * fonts loaded once and only when a family is not in the directory. A finder is used by one
 * thread; the fonts it opens outlive it. */
typedef struct yk_font_finder yk_font_finder;
yk_font_finder *yk_font_finder_new(const char *fonts_dir);
void yk_font_finder_free(yk_font_finder *finder);
/* Opens family like yk_font_open, without the advance table (see yk_font_index_advances). */
yk_font *yk_font_finder_open(yk_font_finder *finder, const char *family, yk_diag *d);
/* Builds the BMP table that makes yk_font_advance a look-up (yk_font_open does this; a
 * font only shaped, like a fallback, needs none). Before the font is shared. */
void yk_font_index_advances(yk_font *font);

/* Opens face index of file under the name family (a fallback found through fontconfig). */
yk_font *yk_font_open_file(const char *family, const char *file, unsigned index, yk_diag *d);
void yk_font_free(yk_font *font);

const char *yk_font_family(const yk_font *font);
const char *yk_font_file(const yk_font *font);
/* The face's PostScript name ("BIZUDPGothic-Regular"), or NULL when it has none. */
const char *yk_font_postscript_name(const yk_font *font);
bool yk_font_has(const yk_font *font, uint32_t cp);
/* Advance in 1/1000 em, floor(adv * 1000 / upem) as libharu computes /W; -1 when missing. */
int yk_font_advance(const yk_font *font, uint32_t cp);
/* The metrics interface for layout; valid while font lives. */
yk_metrics yk_font_metrics(const yk_font *font);

/* The glyph of cp, of the variation sequence cp + selector when selector is not 0 (cmap
 * format 14), or 0 when the font has none. */
uint32_t yk_font_glyph(const yk_font *font, uint32_t cp, uint32_t selector);

/* The system's fonts as fontconfig lists them, for finding a font that has a character.
 * Not thread-safe: its user (fontset) serialises calls. */
typedef struct yk_font_catalog yk_font_catalog;
yk_font_catalog *yk_font_catalog_open(void);
void yk_font_catalog_free(yk_font_catalog *catalog);
/* The regular TrueType face fontconfig ranks first for cp among fonts that have it, for the
 * generic family ("sans-serif", "serif" or NULL) and Japanese. The caller frees *family and
 * *file. False when no such face exists. */
bool yk_font_catalog_find(yk_font_catalog *catalog, uint32_t cp, const char *generic,
                          char **family, char **file, unsigned *index);

/* One character handed to yk_font_shape: its code point and byte offset in the text. */
typedef struct yk_font_char {
    uint32_t cp;
    size_t offset;
} yk_font_char;

/* Shapes chars[0..n) (one run, all in this font; a selector is shaped with its base) with
 * HarfBuzz and appends the glyphs to out; clusters become byte spans, the last ending at
 * end. Kerning and ligatures are off, so every advance is the glyph's /W width. */
void yk_font_shape(const yk_font *font, const yk_font_char *chars, size_t n, size_t end,
                   yk_shaped *out);

/* Whether cp is one of the characters yk_font_shape sets without HarfBuzz (plainrun.h): the
 * font maps it, and it is an assigned character that is no control, mark, selector or
 * ignorable (false for a font without the advance table). */
bool yk_font_plain(const yk_font *font, uint32_t cp);

/* False for a code point Unicode has not assigned (general category Cn). */
bool yk_unicode_assigned(uint32_t cp);

/* A glyph as layout places it and draw draws it: the font's glyph number in the low 16
 * bits, and above them whether a full-width mark is set without the blank half before or
 * after its body (two marks in a row, JIS X 4051): the subset then holds a glyph of half
 * an em for it (ttsubset.h, yk_ttsubset_cut), so its /W width is what layout set. */
#define YK_GLYPH_NUMBER(g) ((uint32_t)(g) & 0xFFFFu)
#define YK_GLYPH_CUT_START 0x10000u
#define YK_GLYPH_CUT_END 0x20000u

/* A code the PDF shows and the glyph it draws. */
typedef struct yk_font_code {
    uint16_t code;
    uint32_t gid;
} yk_font_code;

/* Glyph gid of font: one glyph of a subset. */
typedef struct yk_font_glyph_ref {
    const yk_font *font;
    uint32_t gid;
} yk_font_glyph_ref;

/* A TrueType program holding glyphs[0..count) as its glyphs 1…count (after the .notdef of
 * glyphs[0].font), without hinting, cmap, OS/2 or post (see ttsubset.h), in memory the
 * caller frees; its length in *len. The glyphs may come from several fonts of the same
 * unitsPerEm: fonts that draw byte-identical glyphs then share one program. NULL, with a
 * system error reported, on failure. */
unsigned char *yk_font_subset(const yk_font_glyph_ref *glyphs, size_t count, size_t *len,
                              yk_diag *d);

/* Whether glyph ga of a and glyph gb of b are the same bytes in a subset, with the same
 * advance, side bearing and unitsPerEm (yk_ttsubset_same_glyph): one glyph of a shared
 * program may then serve both fonts. */
bool yk_font_same_glyph(const yk_font *a, uint32_t ga, const yk_font *b, uint32_t gb);
/* A cheap key of a glyph: the same glyphs (above) have the same key; 0 for a font that
 * cannot be subset. */
uint64_t yk_font_glyph_key(const yk_font *font, uint32_t gid);

/* The bytes of the font's file and the face's index in it (a FontDescriptor's metrics are
 * read from them); valid while font lives. */
const unsigned char *yk_font_data(const yk_font *font, size_t *len, unsigned *index);

#endif
