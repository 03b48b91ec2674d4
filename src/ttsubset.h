/* ttsubset: TrueType fonts cut down to the glyphs a document draws, by copying bytes (no font
 * library). A subset keeps exactly what a PDF viewer reads from an embedded CIDFontType2
 * program whose CIDToGIDMap says which glyph each CID draws: glyf and loca (glyph
 * instructions dropped; short offsets whenever they fit), hmtx, hhea, head and maxp — no
 * cmap, OS/2 or post (the PDF maps CIDs to glyphs and carries the font's metrics in its
 * FontDescriptor), no hinting programs, no layout or vertical tables, no names. Glyph 0 is
 * .notdef, then come the glyphs asked for in the order asked (so a caller can make glyph n
 * the glyph of its code n), then the components of composite glyphs that were not asked for.
 *
 * One subset may take its glyphs from several faces of the same unitsPerEm: two families of
 * a document that draw many byte-identical glyphs (the kanji of BIZ UDGothic and BIZ
 * UDPGothic) can then share one program that holds each such glyph once. Its head, hhea and
 * maxp cover every face (bounding box union, maxima).
 *
 * Why not hb-subset: it computes a closure over the whole font's cmap for every call (most
 * of its time for a few hundred glyphs of a 20,000-glyph CJK font) and needs a second pass
 * to replace its cmap. A plan is immutable once made; the font bytes must outlive it. */
#ifndef YK_TTSUBSET_H
#define YK_TTSUBSET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* One face of a font file, its tables located and checked; borrows the bytes. */
typedef struct yk_ttsubset_face yk_ttsubset_face;

/* Face index (of a .ttc; 0 for a .ttf) of font[0..len), or NULL when it is not a TrueType
 * (glyf) font this reader can follow. */
yk_ttsubset_face *yk_ttsubset_face_open(const unsigned char *font, size_t len, unsigned index);
void yk_ttsubset_face_free(yk_ttsubset_face *f);
unsigned yk_ttsubset_face_upem(const yk_ttsubset_face *f);

/* Whether glyph ga of a and glyph gb of b come out of a subset as the same bytes with the
 * same metrics: the same unitsPerEm, a byte-identical simple outline (instructions aside) or
 * both empty, the same advance and left side bearing. Composite glyphs never match (their
 * components would be numbered per face). False for a glyph a face does not have. */
bool yk_ttsubset_same_glyph(const yk_ttsubset_face *a, uint32_t ga, const yk_ttsubset_face *b,
                            uint32_t gb);
/* A cheap key of glyph g: glyphs that are the same (above) have the same key. */
uint64_t yk_ttsubset_glyph_key(const yk_ttsubset_face *f, uint32_t g);

typedef struct yk_ttsubset yk_ttsubset;

/* A full-width mark (、。「」（）【】…) set without its blank half, as JIS X 4051 sets two
 * marks in a row: a glyph of its own whose advance is half an em (upem / 2), so the PDF's
 * /W, the program and what a text extractor measures all agree with where layout put the
 * next glyph. CUT_START leaves out the blank before the mark's body (an opening bracket,
 * its outline moved left by the blank), CUT_END the blank after it (a closing bracket, a
 * comma, a full stop). The glyph is a composite of the mark's own outline, which the
 * subset then holds as well; a glyph no wider than half an em is left as it is. */
typedef enum { YK_TTSUBSET_CUT_NONE, YK_TTSUBSET_CUT_START, YK_TTSUBSET_CUT_END } yk_ttsubset_cut;

/* Glyph gid of faces[face]: one glyph asked for a subset of several faces. */
typedef struct yk_ttsubset_pick {
    size_t face;
    uint32_t gid;
    yk_ttsubset_cut cut;
} yk_ttsubset_pick;

/* Plans the subset holding .notdef of faces[0], picks[0..count) as glyphs 1…count (a glyph
 * picked twice is copied twice; a cut pick is a composite of its glyph, below) and their
 * components. NULL when the faces' unitsPerEm
 * differ, a pick names no face or a glyph a face lacks, or a glyph cannot be followed. The
 * faces must outlive the plan. */
yk_ttsubset *yk_ttsubset_plan_faces(const yk_ttsubset_face *const *faces, size_t face_count,
                                    const yk_ttsubset_pick *picks, size_t count);
/* The same for one face of font[0..len): gids[i] is glyph i + 1. */
yk_ttsubset *yk_ttsubset_plan(const unsigned char *font, size_t len, unsigned index,
                              const uint32_t *gids, size_t count);
void yk_ttsubset_free(yk_ttsubset *s);

/* The subset's (first) number for glyph old of the (first) face, or 0 when it does not hold
 * it. */
uint32_t yk_ttsubset_glyph(const yk_ttsubset *s, uint32_t old);
/* Glyphs in the subset, .notdef included. */
size_t yk_ttsubset_count(const yk_ttsubset *s);

/* The subset font file; the caller frees it. */
unsigned char *yk_ttsubset_write(const yk_ttsubset *s, size_t *len);

#endif
