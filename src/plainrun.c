/* plainrun: which characters of a face HarfBuzz sets as their nominal glyphs whatever
 * surrounds them, and runs of them shaped without HarfBuzz. See plainrun.h. */
#include "plainrun.h"

#include <hb.h>
#include <hb-ot.h>
#include <stdlib.h>

#include "sfnt.h"
#include "util.h"

/* HarfBuzz costs some 600 instructions a glyph, and with the features font.c shapes with it
 * sets most Japanese text as the cmap's glyphs; a plain run (plainrun.h) costs a look-up a
 * character. The conditions below keep out whatever HarfBuzz would normalise, hide, merge
 * into a cluster or substitute. */

/* Whether n bytes at off lie inside the table t[0..len) of the function using it. */
#define FITS(off, n) ((size_t)(off) + (size_t)(n) <= len)

/* The ligature set at offset set of t: adds the second and later components of each of its
 * ligatures to out; false when one has a single component or cannot be read. */
static bool ligature_set(const unsigned char *t, size_t len, size_t set, hb_set_t *out)
{
    if (!FITS(set, 2))
        return false;
    unsigned ligatures = yk_be16(t + set);
    for (unsigned j = 0; j < ligatures; j++) {
        if (!FITS(set + 2 + 2 * j, 2))
            return false;
        size_t lig = set + yk_be16(t + set + 2 + 2 * j);
        if (!FITS(lig, 4))
            return false;
        unsigned components = yk_be16(t + lig + 2);
        if (components < 2 || !FITS(lig + 4, 2 * (components - 1)))
            return false;
        for (unsigned c = 0; c + 1 < components; c++)
            hb_set_add(out, yk_be16(t + lig + 4 + 2 * c));
    }
    return true;
}

/* Adds the second and later components of every ligature of GSUB lookup `index` to out:
 * without one of them no ligature of the lookup can form. False when the lookup is not a
 * ligature substitution (type 4, directly or by extension), has a one-glyph ligature, or
 * cannot be read; then the caller counts all its input glyphs. */
static bool ligature_components(const unsigned char *t, size_t len, unsigned index, hb_set_t *out)
{
    if (!FITS(0, 10))
        return false;
    size_t list = yk_be16(t + 8);
    if (!FITS(list, 2) || index >= yk_be16(t + list) || !FITS(list + 2 + 2 * index, 2))
        return false;
    size_t lookup = list + yk_be16(t + list + 2 + 2 * index);
    if (!FITS(lookup, 6))
        return false;
    unsigned type = yk_be16(t + lookup), subtables = yk_be16(t + lookup + 4);
    for (unsigned k = 0; k < subtables; k++) {
        if (!FITS(lookup + 6 + 2 * k, 2))
            return false;
        size_t sub = lookup + yk_be16(t + lookup + 6 + 2 * k);
        unsigned sub_type = type;
        if (type == 7) { /* extension: format, type, 32-bit offset */
            if (!FITS(sub, 8) || yk_be16(t + sub) != 1)
                return false;
            sub_type = yk_be16(t + sub + 2);
            sub += (size_t)yk_be16(t + sub + 4) << 16 | yk_be16(t + sub + 6);
        }
        if (sub_type != 4 || !FITS(sub, 6) || yk_be16(t + sub) != 1)
            return false;
        unsigned sets = yk_be16(t + sub + 4);
        for (unsigned i = 0; i < sets; i++) {
            if (!FITS(sub + 6 + 2 * i, 2) ||
                !ligature_set(t, len, sub + yk_be16(t + sub + 6 + 2 * i), out))
                return false;
        }
    }
    return true;
}
#undef FITS

/* Scripts a run of plain characters can be given by hb_buffer_guess_segment_properties:
 * its first character's that is not Common (none when all are). */
static const hb_script_t PLAIN_SCRIPTS[] = {HB_SCRIPT_INVALID, HB_SCRIPT_COMMON, HB_SCRIPT_HAN,
                                            HB_SCRIPT_HIRAGANA, HB_SCRIPT_KATAKANA,
                                            HB_SCRIPT_LATIN};

static bool has_feature(hb_face_t *face, hb_tag_t table, hb_tag_t feature)
{
    hb_tag_t tags[64];
    for (unsigned at = 0;;) {
        unsigned count = 64;
        hb_ot_layout_table_get_feature_tags(face, table, at, &count, tags);
        for (unsigned i = 0; i < count; i++)
            if (tags[i] == feature)
                return true;
        if (count < 64)
            return false;
        at += count;
    }
}

/* Lookups of GSUB reached only through the automatic-fraction features, which HarfBuzz
 * applies only around U+2044 (kept out of plain characters). */
static void fraction_only_lookups(hb_face_t *face, hb_set_t *out)
{
    static const hb_tag_t fraction[] = {HB_TAG('f', 'r', 'a', 'c'), HB_TAG('n', 'u', 'm', 'r'),
                                        HB_TAG('d', 'n', 'o', 'm'), HB_TAG_NONE};
    hb_ot_layout_collect_lookups(face, HB_OT_TAG_GSUB, NULL, NULL, fraction, out);
    hb_tag_t *others = yk_xmalloc(sizeof *others);
    size_t n = 0;
    hb_tag_t tags[64];
    for (unsigned at = 0;;) {
        unsigned count = 64;
        hb_ot_layout_table_get_feature_tags(face, HB_OT_TAG_GSUB, at, &count, tags);
        others = yk_xrealloc(others, (n + count + 1) * sizeof *others);
        for (unsigned i = 0; i < count; i++)
            if (tags[i] != fraction[0] && tags[i] != fraction[1] && tags[i] != fraction[2])
                others[n++] = tags[i];
        if (count < 64)
            break;
        at += count;
    }
    others[n] = HB_TAG_NONE;
    hb_set_t *used = hb_set_create();
    if (n)
        hb_ot_layout_collect_lookups(face, HB_OT_TAG_GSUB, NULL, NULL, others, used);
    hb_set_subtract(out, used);
    hb_set_destroy(used);
    free(others);
}

/* Glyphs that would let a lookup of the plain scripts' shaping plans substitute. */
static hb_set_t *trigger_glyphs(hb_face_t *face, const hb_feature_t *features,
                                unsigned feature_count)
{
    hb_set_t *lookups = hb_set_create(), *fraction = hb_set_create();
    for (size_t i = 0; i < sizeof PLAIN_SCRIPTS / sizeof *PLAIN_SCRIPTS; i++) {
        hb_segment_properties_t props = HB_SEGMENT_PROPERTIES_DEFAULT;
        props.direction = HB_DIRECTION_LTR;
        props.script = PLAIN_SCRIPTS[i];
        props.language = hb_language_from_string("ja", 2);
        hb_shape_plan_t *plan =
            hb_shape_plan_create_cached(face, &props, features, feature_count, NULL);
        hb_ot_shape_plan_collect_lookups(plan, HB_OT_TAG_GSUB, lookups);
        hb_shape_plan_destroy(plan);
    }
    fraction_only_lookups(face, fraction);
    hb_blob_t *gsub = hb_face_reference_table(face, HB_OT_TAG_GSUB);
    unsigned len;
    const unsigned char *t = (const unsigned char *)hb_blob_get_data(gsub, &len);
    hb_set_t *triggers = hb_set_create();
    for (hb_codepoint_t l = HB_SET_VALUE_INVALID; hb_set_next(lookups, &l);) {
        if (hb_set_has(fraction, l) || (t && ligature_components(t, len, l, triggers)))
            continue;
        hb_set_t *input = hb_set_create();
        hb_ot_layout_lookup_collect_glyphs(face, HB_OT_TAG_GSUB, l, NULL, input, NULL, NULL);
        hb_set_union(triggers, input);
        hb_set_destroy(input);
    }
    hb_blob_destroy(gsub);
    hb_set_destroy(lookups);
    hb_set_destroy(fraction);
    return triggers;
}

/* A character that HarfBuzz passes through as its nominal glyph when no lookup fires. */
static bool plain_character(hb_unicode_funcs_t *u, uint32_t cp, bool decomposed)
{
    switch (hb_unicode_general_category(u, cp)) {
    case HB_UNICODE_GENERAL_CATEGORY_CONTROL:
    case HB_UNICODE_GENERAL_CATEGORY_FORMAT: /* most default ignorables */
    case HB_UNICODE_GENERAL_CATEGORY_UNASSIGNED:
    case HB_UNICODE_GENERAL_CATEGORY_PRIVATE_USE:
    case HB_UNICODE_GENERAL_CATEGORY_SURROGATE:
    case HB_UNICODE_GENERAL_CATEGORY_SPACING_MARK:
    case HB_UNICODE_GENERAL_CATEGORY_ENCLOSING_MARK:
    case HB_UNICODE_GENERAL_CATEGORY_NON_SPACING_MARK: /* and variation selectors */
    case HB_UNICODE_GENERAL_CATEGORY_LINE_SEPARATOR:
    case HB_UNICODE_GENERAL_CATEGORY_PARAGRAPH_SEPARATOR:
        return false;
    default:
        break;
    }
    /* ﾞﾟ continue a cluster; ⁄ ∕ make fractions; the Hangul fillers, the other default
     * ignorables, are of a script left out below */
    if (cp == 0xFF9E || cp == 0xFF9F || cp == 0x2044 || cp == 0x2215)
        return false;
    hb_script_t script = hb_unicode_script(u, cp);
    bool known = false;
    for (size_t i = 1; i < sizeof PLAIN_SCRIPTS / sizeof *PLAIN_SCRIPTS; i++)
        known = known || script == PLAIN_SCRIPTS[i];
    hb_codepoint_t a, b;
    return known && !(decomposed && hb_unicode_decompose(u, cp, &a, &b));
}

/* What yk_plain_index_add asks of every character the face maps: the glyphs lookups act on,
 * one bit each, and whether characters the face has are decomposed anyway. */
struct yk_plain_index {
    uint8_t *triggers;
    unsigned glyph_count;
    bool decomposed;
    hb_unicode_funcs_t *unicode;
    uint8_t *bits;
};

yk_plain_index *yk_plain_index_new(struct hb_face_t *face, const struct hb_feature_t *features,
                                   unsigned feature_count, unsigned glyph_count)
{
    yk_plain_index *pi = yk_xmalloc(sizeof *pi);
    *pi = (yk_plain_index){yk_xcalloc(glyph_count / 8 + 1, 1), glyph_count, false,
                           hb_unicode_funcs_get_default(), NULL};
    hb_set_t *triggers = trigger_glyphs(face, features, feature_count);
    for (hb_codepoint_t g = HB_SET_VALUE_INVALID; hb_set_next(triggers, &g);)
        if (g < pi->glyph_count)
            pi->triggers[g >> 3] |= (uint8_t)(1u << (g & 7));
    hb_set_destroy(triggers);
    /* with mark positioning HarfBuzz decomposes even characters the font has */
    pi->decomposed = has_feature(face, HB_OT_TAG_GPOS, HB_TAG('m', 'a', 'r', 'k'));
    pi->bits = yk_xcalloc(0x10000 / 8, 1);
    return pi;
}

/* Sets cp's plain bit when it is one. */
void yk_plain_index_add(yk_plain_index *pi, uint32_t cp, uint32_t gid)
{
    bool trigger = gid >= pi->glyph_count || (pi->triggers[gid >> 3] >> (gid & 7) & 1);
    if (gid && !trigger && plain_character(pi->unicode, cp, pi->decomposed))
        pi->bits[cp >> 3] |= (uint8_t)(1u << (cp & 7));
}

uint8_t *yk_plain_index_finish(yk_plain_index *pi)
{
    uint8_t *bits = pi->bits;
    free(pi->triggers);
    free(pi);
    return bits;
}

/* What HarfBuzz would give for a run of plain characters: each its nominal glyph, its own
 * cluster. True when the run is one. */
bool yk_plain_shape(const yk_plain_tables *t, const yk_font_char *chars, size_t n, size_t end,
                    yk_shaped *out)
{
    for (size_t i = 0; i < n; i++)
        if (!yk_plain_has(t->bits, chars[i].cp))
            return false;
    out->glyphs = yk_reserve(out->glyphs, out->count + n, &out->glyph_cap, sizeof *out->glyphs);
    for (size_t i = 0; i < n; i++) {
        uint32_t gid = t->gids[chars[i].cp];
        size_t stop = i + 1 < n ? chars[i + 1].offset : end;
        out->glyphs[out->count++] = (yk_glyph){t->family, gid, t->glyph_adv[gid],
                                               chars[i].offset, stop - chars[i].offset};
    }
    return true;
}
