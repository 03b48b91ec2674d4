/* glyphcodes: which 2-byte code a PDF font shows for each glyph it draws, and what each code
 * means as text. One path for every glyph: each (glyph, text) drawn gets a code 1, 2, … in
 * the order of its text (a character, a character beyond the BMP, a base + variation
 * selector), so the codes are dense: the subset numbers its glyphs by code (CIDToGIDMap
 * /Identity, /W and /CIDSet over 1…n), and consecutive characters still have consecutive
 * codes, which the ToUnicode CMap writes as ranges. (A font sharing another's program takes
 * the codes of the glyphs already in it, and codes after the program's others: see
 * yk_glyph_codes_assign_shared.) The ToUnicode CMap maps each code back to its real
 * characters (a surrogate pair, or base + selector), so text extracts and searches as
 * written. Glyphs are collected over every page drawn (one
 * document or a book of them) before codes are assigned. The set owns its memory. */
#ifndef YK_GLYPHCODES_H
#define YK_GLYPHCODES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "font.h"

typedef struct yk_glyph_codes yk_glyph_codes;

/* font answers which glyph is a character's own; it must outlive the set. */
yk_glyph_codes *yk_glyph_codes_new(const yk_font *font);
void yk_glyph_codes_free(yk_glyph_codes *c);

/* Records that glyph gid is drawn for the text[0..len) (its cluster; len 0 for a second
 * glyph of a cluster). Only before yk_glyph_codes_assign. */
void yk_glyph_codes_use(yk_glyph_codes *c, uint32_t gid, const char *text, size_t len);
size_t yk_glyph_codes_count(const yk_glyph_codes *c);

/* Gives every recorded glyph its code, deterministically (in text order, whatever the order
 * of use). False when there are more than 63,487 of them (codes skip the surrogates). */
bool yk_glyph_codes_assign(yk_glyph_codes *c);

/* Tells which code of a shared program draws the same as this set's glyph gid (an identical
 * glyph of another font already in it), or 0 when none does. */
typedef uint16_t yk_glyph_codes_same_fn(void *ctx, uint32_t gid);

/* As yk_glyph_codes_assign, for a font whose glyphs go into a program that fonts assigned
 * before already fill up to code first - 1 (their glyphs are the program's glyphs 1…): a glyph
 * for which same names a code gets that code, unless another glyph of this set took it; every
 * other glyph gets first, first + 1, … in text order. Codes are then not dense: the font draws
 * the program's glyph of each code (CIDToGIDMap /Identity still). */
bool yk_glyph_codes_assign_shared(yk_glyph_codes *c, uint32_t first, yk_glyph_codes_same_fn *same,
                                  void *ctx);

/* The text of the glyph drawn with code (after assignment), or NULL when no glyph has it. */
const char *yk_glyph_codes_text(const yk_glyph_codes *c, uint16_t code, size_t *len);

/* Gives every glyph the code map[its code] (each below map_len, and the map one-to-one over
 * the set's codes): a shared program's glyphs put in another order after assignment. */
void yk_glyph_codes_recode(yk_glyph_codes *c, const uint16_t *map, size_t map_len);

/* The code of a recorded (gid, text) pair after assignment, or 0 when it was not recorded. */
uint16_t yk_glyph_codes_get(const yk_glyph_codes *c, uint32_t gid, const char *text, size_t len);

/* Every (code, gid) pair, ascending by code: what the subset's cmap holds. Valid until the
 * set is freed. */
const yk_font_code *yk_glyph_codes_list(const yk_glyph_codes *c, size_t *count);

/* The ToUnicode CMap (CMapType 2, Adobe-Identity-UCS) of the assigned codes: bfrange for
 * runs of codes that are their own character, bfchar for the rest, at most 100 entries a
 * block. The caller frees. */
char *yk_glyph_codes_tounicode(const yk_glyph_codes *c);

#endif
