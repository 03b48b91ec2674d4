/* ttsubset: a TrueType font cut down to the glyphs a document draws, by copying bytes (no
 * font library). The subset keeps exactly what a PDF viewer reads from an embedded CIDFont
 * program — glyf and loca (glyph instructions dropped), hmtx, hhea, head, maxp, OS/2, a
 * glyph-name-free post, and the cmap the caller gives — and nothing else: no hinting
 * programs, no layout or vertical tables, no names. Glyph 0 is .notdef, then come the glyphs
 * asked for in the order asked (so a caller can make glyph n the glyph of its code n), then
 * the components of composite glyphs that were not asked for.
 *
 * Why not hb-subset: it computes a closure over the whole font's cmap for every call (most
 * of its time for a few hundred glyphs of a 20,000-glyph CJK font) and needs a second pass
 * to replace its cmap. A plan is immutable once made; the font bytes must outlive it. */
#ifndef YK_TTSUBSET_H
#define YK_TTSUBSET_H

#include <stddef.h>
#include <stdint.h>

typedef struct yk_ttsubset yk_ttsubset;

/* Plans the subset of face index (of a .ttc; 0 for a .ttf) of font[0..len) holding .notdef,
 * gids[0..count) as glyphs 1…count (a glyph asked for twice is copied twice) and their
 * components. NULL when the font is not a TrueType (glyf) font
 * this reader can follow, or a gid is not in it. */
yk_ttsubset *yk_ttsubset_plan(const unsigned char *font, size_t len, unsigned index,
                              const uint32_t *gids, size_t count);
void yk_ttsubset_free(yk_ttsubset *s);

/* The subset's (first) number for glyph old of the font, or 0 when it does not hold it. */
uint32_t yk_ttsubset_glyph(const yk_ttsubset *s, uint32_t old);
/* Glyphs in the subset, .notdef included. */
size_t yk_ttsubset_count(const yk_ttsubset *s);

/* The subset font file with cmap[0..cmap_len) as its cmap table (none when cmap is NULL);
 * the caller frees it. */
unsigned char *yk_ttsubset_write(const yk_ttsubset *s, const unsigned char *cmap,
                                 size_t cmap_len, size_t *len);

#endif
