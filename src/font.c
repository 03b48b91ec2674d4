/* font: fontconfig finds the file, HarfBuzz answers coverage and advances and writes subsets.
 * A yk_font owns its HarfBuzz objects and, when asked before it is shared, a BMP advance
 * table with its glyph tables and plain bits (plainrun.h); nothing in it changes afterwards,
 * so threads may share it. */
#include "font.h"

#include "plainrun.h"
#include "ttsubset.h"

#include <dirent.h>
#include <errno.h>
#include <fontconfig/fontconfig.h>
#include <hb.h>
#include <hb-ot.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Entries of the BMP table: a missing glyph, or an advance too large for int16_t (then it is
 * computed on demand; no real font needs that). */
#define BMP_MISSING (-1)
#define BMP_COMPUTE (-2)

struct yk_font {
    char *family; /* as requested: the name boxes of the layout use */
    char *file;
    unsigned index; /* face index within the file */
    hb_blob_t *blob; /* the file's bytes, shared read-only */
    hb_face_t *face;
    hb_font_t *font;
    unsigned upem;
    int ascent, descent; /* 1/1000 em */
    char *ps_name;       /* PostScript name (name ID 6), or NULL */
    int16_t *bmp;        /* 0x10000 advances in 1/1000 em, or BMP_MISSING / BMP_COMPUTE */
    yk_ttsubset_face *tt; /* the face's tables for subsetting; NULL when not TrueType (glyf) */
    /* Made with bmp: shaping asks for a glyph and an advance per character, and HarfBuzz's
     * look-ups cost a hundred instructions or more each. */
    uint16_t *gids;      /* 0x10000 nominal glyphs; 0: none known (HarfBuzz is asked) */
    int *glyph_adv;      /* advance of every glyph in 1/1000 em, as gid_advance gives it */
    unsigned glyph_count;
    /* BMP characters HarfBuzz sets as their nominal glyph whatever surrounds them, one bit
     * each (plainrun.h): a run of them is shaped without HarfBuzz. */
    uint8_t *plain;
};

/* ---- finding a family with fontconfig ---- */

typedef struct found {
    char *file;
    int index;
    int score; /* lower is better; INT_MAX = nothing yet */
    bool other_format; /* the family exists, but not as a TrueType (glyf) regular face */
} found;

/* fontconfig's own family comparison: ASCII case and blanks do not count. */
static bool same_family(const char *a, const char *b)
{
    for (;;) {
        while (*a == ' ')
            a++;
        while (*b == ' ')
            b++;
        unsigned char ca = (unsigned char)*a, cb = (unsigned char)*b;
        if (ca >= 'A' && ca <= 'Z')
            ca = (unsigned char)(ca - 'A' + 'a');
        if (cb >= 'A' && cb <= 'Z')
            cb = (unsigned char)(cb - 'A' + 'a');
        if (ca != cb)
            return false;
        if (!ca)
            return true;
        a++, b++;
    }
}

/* FcFontList already filters by family; this guards the contract that a face is accepted only
 * under one of its real names, never as a substitute. */
static bool family_equals(FcPattern *p, const char *family)
{
    FcChar8 *s;
    for (int i = 0; FcPatternGetString(p, FC_FAMILY, i, &s) == FcResultMatch; i++)
        if (same_family((const char *)s, family))
            return true;
    return false;
}

/* How far a face is from "the regular, upright face", or -1 when it is not one at all. */
static int regular_distance(FcPattern *p)
{
    int weight = FC_WEIGHT_REGULAR, slant = FC_SLANT_ROMAN;
    FcPatternGetInteger(p, FC_WEIGHT, 0, &weight);
    FcPatternGetInteger(p, FC_SLANT, 0, &slant);
    if (slant != FC_SLANT_ROMAN || weight < FC_WEIGHT_BOOK || weight > FC_WEIGHT_MEDIUM)
        return -1;
    return abs(weight - FC_WEIGHT_REGULAR);
}

/* libharu embeds TrueType outlines only; a CFF-flavoured OpenType face cannot be used. */
static bool is_truetype(FcPattern *p)
{
    FcChar8 *format;
    return FcPatternGetString(p, FC_FONTFORMAT, 0, &format) == FcResultMatch &&
           strcmp((const char *)format, "TrueType") == 0;
}

static void consider(found *best, FcPattern *p, const char *family)
{
    FcChar8 *file;
    int index = 0;
    if (!family_equals(p, family) || FcPatternGetString(p, FC_FILE, 0, &file) != FcResultMatch)
        return;
    FcPatternGetInteger(p, FC_INDEX, 0, &index);
    int distance = regular_distance(p);
    if (distance < 0 || !is_truetype(p)) {
        best->other_format = true;
        return;
    }
    /* ties broken by path, so the choice never depends on fontconfig's listing order */
    int score = distance * 2 + (index != 0);
    if (score < best->score ||
        (score == best->score && strcmp((const char *)file, best->file) < 0)) {
        free(best->file);
        best->file = yk_xstrdup((const char *)file);
        best->index = index;
        best->score = score;
    }
}

/* Lists (never matches: matching always returns a substitute) the faces of family in cfg. */
static void search_config(FcConfig *cfg, const char *family, found *best)
{
    FcPattern *pat = FcPatternCreate();
    FcPatternAddString(pat, FC_FAMILY, (const FcChar8 *)family);
    FcObjectSet *os = FcObjectSetBuild(FC_FAMILY, FC_FILE, FC_INDEX, FC_WEIGHT, FC_SLANT,
                                       FC_FONTFORMAT, (char *)NULL);
    FcFontSet *set = FcFontList(cfg, pat, os);
    for (int i = 0; set && i < set->nfont; i++)
        consider(best, set->fonts[i], family);
    if (set)
        FcFontSetDestroy(set);
    FcObjectSetDestroy(os);
    FcPatternDestroy(pat);
}

static bool is_font_name(const char *name)
{
    static const char *const exts[] = {".ttf", ".otf", ".ttc", ".TTF", ".OTF", ".TTC"};
    size_t len = strlen(name);
    for (size_t i = 0; i < sizeof exts / sizeof *exts; i++)
        if (len > 4 && strcmp(name + len - 4, exts[i]) == 0)
            return true;
    return false;
}

/* A private config holding the font files of dir. Files are added one by one because
 * FcConfigAppFontAddDir always tries to write a cache for the directory and, with no cache
 * directory configured, prints "No writable cache directories" on stderr. */
static FcConfig *dir_config(const char *dir)
{
    DIR *dp = opendir(dir);
    if (!dp)
        return NULL;
    FcConfig *cfg = FcConfigCreate();
    struct dirent *e;
    while (cfg && (e = readdir(dp)) != NULL) {
        if (!is_font_name(e->d_name))
            continue;
        char *path = yk_xasprintf("%s/%s", dir, e->d_name);
        FcConfigAppFontAddFile(cfg, (const FcChar8 *)path);
        free(path);
    }
    closedir(dp);
    return cfg;
}

/* What a session searches for its families: the project's directory indexed once, in a
 * private config (no global fontconfig state), and the system's fonts, loaded only when a
 * family is not in the directory. Indexing a directory reads every font file through
 * FreeType and loading the system's configuration parses its XML: once is enough. */
struct yk_font_finder {
    char *dir;
    FcConfig *own; /* NULL until the first search; then the directory's fonts */
    FcConfig *sys; /* NULL until a family is not in dir */
    bool own_done, sys_done;
};

yk_font_finder *yk_font_finder_new(const char *fonts_dir)
{
    yk_font_finder *f = yk_xcalloc(1, sizeof *f);
    f->dir = fonts_dir ? yk_xstrdup(fonts_dir) : NULL;
    return f;
}

void yk_font_finder_free(yk_font_finder *f)
{
    if (!f)
        return;
    if (f->own)
        FcConfigDestroy(f->own);
    if (f->sys)
        FcConfigDestroy(f->sys);
    free(f->dir);
    free(f);
}

static found find_family(yk_font_finder *finder, const char *family)
{
    found best = {NULL, 0, INT_MAX, false};
    if (!finder->own_done) {
        finder->own = finder->dir ? dir_config(finder->dir) : NULL;
        finder->own_done = true;
    }
    if (finder->own)
        search_config(finder->own, family, &best);
    if (best.file)
        return best;
    if (!finder->sys_done) {
        finder->sys = FcInitLoadConfigAndFonts();
        finder->sys_done = true;
    }
    if (finder->sys)
        search_config(finder->sys, family, &best);
    return best;
}

/* ---- a font for a character ---- */

struct yk_font_catalog {
    FcConfig *config;
};

yk_font_catalog *yk_font_catalog_open(void)
{
    FcConfig *config = FcInitLoadConfigAndFonts();
    if (!config)
        return NULL;
    yk_font_catalog *c = yk_xcalloc(1, sizeof *c);
    c->config = config;
    return c;
}

void yk_font_catalog_free(yk_font_catalog *catalog)
{
    if (!catalog)
        return;
    FcConfigDestroy(catalog->config);
    free(catalog);
}

static bool usable_for(FcPattern *p, uint32_t cp)
{
    FcCharSet *cs;
    return FcPatternGetCharSet(p, FC_CHARSET, 0, &cs) == FcResultMatch &&
           FcCharSetHasChar(cs, cp) && is_truetype(p) && regular_distance(p) >= 0;
}

bool yk_font_catalog_find(yk_font_catalog *catalog, uint32_t cp, const char *generic,
                          char **family, char **file, unsigned *index)
{
    FcPattern *pat = FcPatternCreate();
    if (generic)
        FcPatternAddString(pat, FC_FAMILY, (const FcChar8 *)generic);
    FcPatternAddString(pat, FC_LANG, (const FcChar8 *)"ja");
    FcCharSet *cs = FcCharSetCreate();
    FcCharSetAddChar(cs, cp);
    FcPatternAddCharSet(pat, FC_CHARSET, cs);
    FcCharSetDestroy(cs);
    FcConfigSubstitute(catalog->config, pat, FcMatchPattern);
    FcDefaultSubstitute(pat);
    FcResult res;
    FcFontSet *set = FcFontSort(catalog->config, pat, FcFalse, NULL, &res);
    bool ok = false;
    for (int i = 0; set && i < set->nfont && !ok; i++) {
        FcPattern *p = set->fonts[i];
        FcChar8 *f, *fam;
        int idx = 0;
        if (!usable_for(p, cp) || FcPatternGetString(p, FC_FILE, 0, &f) != FcResultMatch ||
            FcPatternGetString(p, FC_FAMILY, 0, &fam) != FcResultMatch)
            continue;
        FcPatternGetInteger(p, FC_INDEX, 0, &idx);
        *family = yk_xstrdup((const char *)fam);
        *file = yk_xstrdup((const char *)f);
        *index = (unsigned)idx;
        ok = true;
    }
    if (set)
        FcFontSetDestroy(set);
    FcPatternDestroy(pat);
    return ok;
}

/* ---- loading with HarfBuzz ---- */

static int to_thousandths(int value, unsigned upem)
{
    /* C division truncates toward zero, as libharu's does for ascent and descent */
    return (int)((long long)value * 1000 / (long long)upem);
}

static int gid_advance(const yk_font *font, hb_codepoint_t gid)
{
    if (font->glyph_adv && gid < font->glyph_count)
        return font->glyph_adv[gid];
    hb_position_t adv = hb_font_get_glyph_h_advance(font->font, gid);
    if (adv < 0)
        adv = 0;
    /* floor(adv * 1000 / upem): libharu's /W widths, (HPDF_UINT)adv * 1000 / upem */
    return (int)((unsigned long long)adv * 1000u / font->upem);
}

static int advance_slow(const yk_font *font, uint32_t cp)
{
    hb_codepoint_t gid;
    if (!hb_font_get_nominal_glyph(font->font, cp, &gid))
        return -1;
    return gid_advance(font, gid);
}

/* Off: kerning and ligatures would make a line's width differ from the sum of the /W
 * widths a viewer uses, and a ligature would join characters a line may break between. */
static const hb_feature_t SHAPE_FEATURES[] = {
    {HB_TAG('k', 'e', 'r', 'n'), 0, 0, (unsigned)-1},
    {HB_TAG('l', 'i', 'g', 'a'), 0, 0, (unsigned)-1},
    {HB_TAG('c', 'l', 'i', 'g'), 0, 0, (unsigned)-1},
    {HB_TAG('c', 'a', 'l', 't'), 0, 0, (unsigned)-1},
};

bool yk_font_plain(const yk_font *font, uint32_t cp)
{
    return font->plain && yk_plain_has(font->plain, cp);
}

/* Every glyph's advance, measured in one call: what gid_advance would give for each. */
static void index_glyph_advances(yk_font *font)
{
    unsigned n = hb_face_get_glyph_count(font->face);
    hb_codepoint_t *gids = yk_xmalloc((n ? n : 1) * sizeof *gids);
    hb_position_t *adv = yk_xmalloc((n ? n : 1) * sizeof *adv);
    for (unsigned g = 0; g < n; g++)
        gids[g] = g;
    hb_font_get_glyph_h_advances(font->font, n, gids, sizeof *gids, adv, sizeof *adv);
    int *table = yk_xmalloc((n ? n : 1) * sizeof *table);
    for (unsigned g = 0; g < n; g++)
        table[g] = (int)((unsigned long long)(adv[g] < 0 ? 0 : adv[g]) * 1000u / font->upem);
    free(gids);
    free(adv);
    font->glyph_adv = table;
    font->glyph_count = n;
}

/* The table from the cmap's ranges, looked up and measured a run at a time: a third of
 * the time of 65,536 single look-ups. */
void yk_font_index_advances(yk_font *font)
{
    if (font->bmp)
        return;
    index_glyph_advances(font);
    font->gids = yk_xcalloc(0x10000, sizeof *font->gids);
    yk_plain_index *pi = yk_plain_index_new(font->face, SHAPE_FEATURES,
                                            sizeof SHAPE_FEATURES / sizeof *SHAPE_FEATURES,
                                            font->glyph_count);
    font->bmp = yk_xmalloc(0x10000 * sizeof *font->bmp);
    for (uint32_t cp = 0; cp < 0x10000; cp++)
        font->bmp[cp] = BMP_MISSING;
    hb_codepoint_t *cps = yk_xmalloc(0x10000 * sizeof *cps);
    hb_codepoint_t *gids = yk_xmalloc(0x10000 * sizeof *gids);
    for (uint32_t cp = 0; cp < 0x10000; cp++)
        cps[cp] = cp;
    hb_set_t *mapped = hb_set_create();
    hb_face_collect_unicodes(font->face, mapped);
    hb_codepoint_t first = HB_SET_VALUE_INVALID, last = HB_SET_VALUE_INVALID;
    while (hb_set_next_range(mapped, &first, &last) && first < 0x10000) {
        uint32_t end = last < 0xFFFF ? last : 0xFFFF;
        for (uint32_t at = first; at <= end;) {
            /* stops before the first code it cannot map (none, in a collected range) */
            unsigned n = hb_font_get_nominal_glyphs(font->font, end - at + 1, cps + at,
                                                    sizeof *cps, gids + at, sizeof *gids);
            if (n == 0) {
                at++;
                continue;
            }
            for (uint32_t cp = at; cp < at + n; cp++) {
                if (cp >= 0xD800 && cp <= 0xDFFF)
                    continue;
                int a = gid_advance(font, gids[cp]);
                font->bmp[cp] = (int16_t)(a > INT16_MAX ? BMP_COMPUTE : a);
                if (gids[cp] <= UINT16_MAX) {
                    font->gids[cp] = (uint16_t)gids[cp];
                    yk_plain_index_add(pi, cp, gids[cp]);
                }
            }
            at += n;
        }
    }
    hb_set_destroy(mapped);
    free(cps);
    free(gids);
    font->plain = yk_plain_index_finish(pi);
}

static bool load_face(yk_font *font, yk_diag *d)
{
    hb_blob_t *blob = hb_blob_create_from_file_or_fail(font->file);
    if (!blob) {
        yk_diag_syserror(d, font->file, "cannot read font file for family '%s'", font->family);
        return false;
    }
    font->blob = blob;
    font->face = hb_face_create(blob, font->index);
    font->upem = hb_face_get_upem(font->face);
    if (hb_face_get_glyph_count(font->face) == 0 || font->upem == 0) {
        yk_diag_syserror(d, font->file, "not a usable font file (family '%s')", font->family);
        return false;
    }
    hb_face_make_immutable(font->face);
    unsigned blob_len;
    const char *bytes = hb_blob_get_data(blob, &blob_len);
    font->tt = yk_ttsubset_face_open((const unsigned char *)bytes, blob_len, font->index);
    /* default scale is upem, so positions come back in font units */
    font->font = hb_font_create(font->face);
    hb_font_make_immutable(font->font);
    char name[64];
    unsigned name_len = sizeof name;
    if (hb_ot_name_get_utf8(font->face, HB_OT_NAME_ID_POSTSCRIPT_NAME, HB_LANGUAGE_INVALID,
                            &name_len, name) > 0)
        font->ps_name = yk_xstrdup(name);
    hb_font_extents_t ext = {0};
    hb_font_get_h_extents(font->font, &ext);
    font->ascent = to_thousandths(ext.ascender, font->upem);
    font->descent = to_thousandths(ext.descender, font->upem);
    return true;
}

yk_font *yk_font_open_file(const char *family, const char *file, unsigned index, yk_diag *d)
{
    yk_font *font = yk_xcalloc(1, sizeof *font);
    font->family = yk_xstrdup(family);
    font->file = yk_xstrdup(file);
    font->index = index;
    if (!load_face(font, d)) {
        yk_font_free(font);
        return NULL;
    }
    return font;
}

yk_font *yk_font_open(const char *family, const char *fonts_dir, yk_diag *d)
{
    yk_font_finder *finder = yk_font_finder_new(fonts_dir);
    yk_font *font = yk_font_finder_open(finder, family, d);
    yk_font_finder_free(finder);
    if (font)
        yk_font_index_advances(font);
    return font;
}

yk_font *yk_font_finder_open(yk_font_finder *finder, const char *family, yk_diag *d)
{
    const char *fonts_dir = finder->dir;
    found f = find_family(finder, family);
    if (!f.file) {
        const char *dir = fonts_dir ? fonts_dir : "(no font directory)";
        if (f.other_format)
            yk_diag_syserror(d, NULL,
                             "font family '%s' has no regular TrueType face (looked in %s and "
                             "the system fonts)",
                             family, dir);
        else
            yk_diag_syserror(d, NULL,
                             "font family '%s' not found (looked in %s and the system fonts)",
                             family, dir);
        return NULL;
    }
    yk_font *font = yk_font_open_file(family, f.file, (unsigned)f.index, d);
    free(f.file);
    return font;
}

void yk_font_free(yk_font *font)
{
    if (!font)
        return;
    hb_font_destroy(font->font);
    hb_face_destroy(font->face);
    hb_blob_destroy(font->blob);
    yk_ttsubset_face_free(font->tt);
    free(font->bmp);
    free(font->gids);
    free(font->glyph_adv);
    free(font->plain);
    free(font->ps_name);
    free(font->file);
    free(font->family);
    free(font);
}

const char *yk_font_family(const yk_font *font)
{
    return font->family;
}

const char *yk_font_file(const yk_font *font)
{
    return font->file;
}

const char *yk_font_postscript_name(const yk_font *font)
{
    return font->ps_name;
}

int yk_font_advance(const yk_font *font, uint32_t cp)
{
    if (cp < 0x10000 && font->bmp && font->bmp[cp] != BMP_COMPUTE)
        return font->bmp[cp];
    return advance_slow(font, cp);
}

bool yk_font_has(const yk_font *font, uint32_t cp)
{
    return yk_font_advance(font, cp) >= 0;
}

static int metrics_advance(const void *ctx, uint32_t cp)
{
    return yk_font_advance(ctx, cp);
}

yk_metrics yk_font_metrics(const yk_font *font)
{
    yk_metrics m = {font, metrics_advance, font->ascent, font->descent, font->family, NULL};
    return m;
}

/* ---- subsetting ---- */

/* The fonts of glyphs, in order of first appearance, and each glyph as a pick of one of them;
 * false when a font cannot be subset. */
static bool picks_of(const yk_font_glyph_ref *glyphs, size_t count,
                     const yk_ttsubset_face **faces, const yk_font **fonts, size_t *face_count,
                     yk_ttsubset_pick *picks)
{
    *face_count = 0;
    for (size_t i = 0; i < count; i++) {
        size_t k = 0;
        while (k < *face_count && fonts[k] != glyphs[i].font)
            k++;
        if (k == *face_count) {
            if (!glyphs[i].font->tt)
                return false;
            fonts[k] = glyphs[i].font;
            faces[k] = glyphs[i].font->tt;
            ++*face_count;
        }
        uint32_t g = glyphs[i].gid;
        picks[i] = (yk_ttsubset_pick){k, YK_GLYPH_NUMBER(g),
                                      (g & YK_GLYPH_CUT_START)  ? YK_TTSUBSET_CUT_START
                                      : (g & YK_GLYPH_CUT_END) ? YK_TTSUBSET_CUT_END
                                                               : YK_TTSUBSET_CUT_NONE};
    }
    return true;
}

/* The one way every glyph reaches the PDF (glyphcodes.h): copied from its font's tables. */
unsigned char *yk_font_subset(const yk_font_glyph_ref *glyphs, size_t count, size_t *len,
                              yk_diag *d)
{
    size_t n = count ? count : 1, face_count;
    const yk_ttsubset_face **faces = yk_xmalloc(n * sizeof *faces);
    const yk_font **fonts = yk_xmalloc(n * sizeof *fonts);
    yk_ttsubset_pick *picks = yk_xmalloc(n * sizeof *picks);
    yk_ttsubset *plan = count && picks_of(glyphs, count, faces, fonts, &face_count, picks)
                            ? yk_ttsubset_plan_faces(faces, face_count, picks, count)
                            : NULL;
    free(faces);
    free(fonts);
    free(picks);
    if (!plan) {
        const yk_font *font = count ? glyphs[0].font : NULL;
        yk_diag_syserror(d, font ? font->file : NULL, "cannot subset font '%s'",
                         font ? font->family : "(none)");
        return NULL;
    }
    unsigned char *subset = yk_ttsubset_write(plan, len);
    yk_ttsubset_free(plan);
    return subset;
}

/* A cut glyph is a composite numbered per program: never shared between two fonts. */
bool yk_font_same_glyph(const yk_font *a, uint32_t ga, const yk_font *b, uint32_t gb)
{
    return a->tt && b->tt && ga == YK_GLYPH_NUMBER(ga) && gb == YK_GLYPH_NUMBER(gb) &&
           yk_ttsubset_same_glyph(a->tt, ga, b->tt, gb);
}

uint64_t yk_font_glyph_key(const yk_font *font, uint32_t gid)
{
    return font->tt ? yk_ttsubset_glyph_key(font->tt, YK_GLYPH_NUMBER(gid)) ^ (gid >> 16) : 0;
}

const unsigned char *yk_font_data(const yk_font *font, size_t *len, unsigned *index)
{
    unsigned blob_len;
    const char *bytes = hb_blob_get_data(font->blob, &blob_len);
    *len = blob_len;
    *index = font->index;
    return (const unsigned char *)bytes;
}

/* ---- glyphs and shaping ---- */

uint32_t yk_font_glyph(const yk_font *font, uint32_t cp, uint32_t selector)
{
    if (!selector && cp < 0x10000 && font->gids && font->gids[cp])
        return font->gids[cp];
    hb_codepoint_t gid = 0;
    if (selector ? hb_font_get_variation_glyph(font->font, cp, selector, &gid)
                 : hb_font_get_nominal_glyph(font->font, cp, &gid))
        return gid;
    return 0;
}

/* Blocks Unicode filled long ago (8.0 at the latest), so every HarfBuzz answers the same: the
 * characters of most text are settled without a look-up. */
static bool surely_assigned(uint32_t cp)
{
    return (cp >= 0x20 && cp < 0x7F) || (cp >= 0x3000 && cp <= 0x303F) ||
           (cp >= 0x3041 && cp <= 0x3096) || (cp >= 0x3099 && cp <= 0x30FF) ||
           (cp >= 0x4E00 && cp <= 0x9FD5) || (cp >= 0xFF01 && cp <= 0xFF9F);
}

bool yk_unicode_assigned(uint32_t cp)
{
    if (surely_assigned(cp))
        return true;
    return hb_unicode_general_category(hb_unicode_funcs_get_default(), cp) !=
           HB_UNICODE_GENERAL_CATEGORY_UNASSIGNED;
}

void yk_font_shape(const yk_font *font, const yk_font_char *chars, size_t n, size_t end,
                   yk_shaped *out)
{
    if (n == 0)
        return;
    if (font->plain) {
        yk_plain_tables t = {font->plain, font->gids, font->glyph_adv, font->family};
        if (yk_plain_shape(&t, chars, n, end, out))
            return;
    }
    hb_buffer_t *buf = hb_buffer_create();
    hb_buffer_set_content_type(buf, HB_BUFFER_CONTENT_TYPE_UNICODE);
    for (size_t i = 0; i < n; i++)
        hb_buffer_add(buf, chars[i].cp, (unsigned)chars[i].offset);
    hb_buffer_set_direction(buf, HB_DIRECTION_LTR);
    hb_buffer_set_language(buf, hb_language_from_string("ja", 2));
    hb_buffer_guess_segment_properties(buf);
    hb_shape(font->font, buf, SHAPE_FEATURES, sizeof SHAPE_FEATURES / sizeof *SHAPE_FEATURES);
    unsigned count;
    const hb_glyph_info_t *info = hb_buffer_get_glyph_infos(buf, &count);
    out->glyphs = yk_reserve(out->glyphs, out->count + count, &out->glyph_cap, sizeof *out->glyphs);
    for (unsigned i = 0; i < count; i++) {
        size_t start = info[i].cluster, stop = end;
        for (unsigned k = i + 1; k < count; k++)
            if (info[k].cluster > start) {
                stop = info[k].cluster;
                break;
            }
        bool first = i == 0 || info[i - 1].cluster != info[i].cluster;
        out->glyphs[out->count++] = (yk_glyph){font->family, info[i].codepoint,
                                               gid_advance(font, info[i].codepoint), start,
                                               first ? stop - start : 0};
    }
    hb_buffer_destroy(buf);
}
