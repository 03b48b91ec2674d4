/* pdffont: a TrueType subset as a Type0/CIDFontType2 font, built with libharu's object API.
 * The program's tables are read here with bounds checks (no font library: the bytes are
 * already a finished subset, and only a handful of header fields are needed). */
#include "pdffont.h"

#include <hpdf.h>
#include <hpdf_doc.h>
#include <hpdf_font.h>
#include <hpdf_objects.h>
#include <stdlib.h>
#include <string.h>

#include "sfnt.h"
#include "util.h"

#define DEFAULT_WIDTH 1000 /* /DW: most CJK glyphs are one em wide */
#define FLAG_NONSYMBOLIC 32
#define NAME_MAX_LEN 63

/* ---- reading the program ---- */

static int s16(const unsigned char *p)
{
    return (int16_t)yk_be16(p);
}

/* What the PDF needs from the program. */
typedef struct program_info {
    unsigned upem;
    int ascent, descent, cap_height, x_height, italic_angle; /* 1/1000 em, degrees */
    int bbox[4];
    const unsigned char *hmtx; /* of the program, as are upem and the glyph count */
    size_t hmtx_len;
    unsigned hmetrics, glyphs;
    char name[NAME_MAX_LEN + 1]; /* PostScript name, PDF-name safe */
} program_info;

/* Truncated toward zero, as libharu scales ascent and descent. */
static int thousandths(int units, unsigned upem)
{
    return (int)((long long)units * 1000 / (long long)upem);
}

static void read_os2(const yk_sfnt *f, program_info *info, unsigned upem)
{
    size_t len;
    const unsigned char *os2 = yk_sfnt_table(f, "OS/2", 2, &len);
    info->cap_height = info->ascent;
    if (os2 && yk_be16(os2) >= 2 && len >= 90) {
        info->x_height = thousandths(s16(os2 + 86), upem);
        info->cap_height = thousandths(s16(os2 + 88), upem);
    }
}

static bool name_char_ok(unsigned c)
{
    return c > 0x20 && c < 0x7F && !strchr("()<>[]{}/%#", (int)c);
}

/* The PostScript name (name ID 6), Windows (UTF-16BE) or Macintosh (Roman) record. */
static void read_name(const yk_sfnt *f, program_info *info)
{
    size_t len, n = 0;
    const unsigned char *name = yk_sfnt_table(f, "name", 6, &len);
    strcpy(info->name, "Font");
    if (!name)
        return;
    unsigned count = yk_be16(name + 2), strings = yk_be16(name + 4);
    for (unsigned i = 0; i < count && 6 + 12 * (size_t)i + 12 <= len; i++) {
        const unsigned char *rec = name + 6 + 12 * (size_t)i;
        unsigned platform = yk_be16(rec), id = yk_be16(rec + 6), slen = yk_be16(rec + 8), off = yk_be16(rec + 10);
        if (id != 6 || (platform != 3 && platform != 1) || (size_t)strings + off + slen > len)
            continue;
        const unsigned char *s = name + strings + off;
        unsigned step = platform == 3 ? 2 : 1;
        n = 0;
        for (unsigned k = 0; k + step <= slen && n < NAME_MAX_LEN; k += step) {
            unsigned c = step == 2 ? yk_be16(s + k) : s[k];
            if (name_char_ok(c))
                info->name[n++] = (char)c;
        }
        info->name[n] = '\0';
        if (n > 0)
            return;
    }
    strcpy(info->name, "Font");
}

/* The FontDescriptor's metrics and name: the face the program was cut from says them (a
 * program shared by two fonts, or one without OS/2 and post, cannot). */
static bool read_face(const yk_sfnt *f, program_info *info)
{
    size_t hl, hhl, pl;
    const unsigned char *head = yk_sfnt_table(f, "head", 54, &hl), *hhea = yk_sfnt_table(f, "hhea", 36, &hhl);
    unsigned upem;
    if (!head || !hhea || (upem = yk_be16(head + 18)) == 0)
        return false;
    for (int i = 0; i < 4; i++)
        info->bbox[i] = thousandths(s16(head + 36 + 2 * i), upem);
    info->ascent = thousandths(s16(hhea + 4), upem);
    info->descent = thousandths(s16(hhea + 6), upem);
    const unsigned char *post = yk_sfnt_table(f, "post", 8, &pl);
    info->italic_angle = post ? (int)(int16_t)yk_be16(post + 4) : 0; /* integer part of a Fixed */
    read_os2(f, info, upem);
    read_name(f, info);
    return true;
}

static bool read_program(const yk_pdffont_spec *spec, program_info *info)
{
    yk_sfnt prog, face;
    size_t hl, hhl, ml;
    if (!yk_sfnt_open(spec->program, spec->program_len, 0, &prog))
        return false;
    const unsigned char *head = yk_sfnt_table(&prog, "head", 54, &hl);
    const unsigned char *hhea = yk_sfnt_table(&prog, "hhea", 36, &hhl);
    const unsigned char *maxp = yk_sfnt_table(&prog, "maxp", 6, &ml);
    info->hmtx = yk_sfnt_table(&prog, "hmtx", 4, &info->hmtx_len);
    if (!head || !hhea || !maxp || !info->hmtx || (info->upem = yk_be16(head + 18)) == 0)
        return false;
    info->hmetrics = yk_be16(hhea + 34);
    info->glyphs = yk_be16(maxp + 4);
    if (info->hmetrics == 0 || 4 * (size_t)info->hmetrics > info->hmtx_len)
        return false;
    if (!spec->face)
        return read_face(&prog, info);
    return yk_sfnt_open(spec->face, spec->face_len, spec->face_index, &face) && read_face(&face, info);
}

/* Advance of gid in 1/1000 em, truncated as layout measures: floor(adv * 1000 / upem). */
static int glyph_width(const program_info *info, unsigned gid)
{
    unsigned i = gid < info->hmetrics ? gid : info->hmetrics - 1;
    return (int)((unsigned long)yk_be16(info->hmtx + 4 * (size_t)i) * 1000u / info->upem);
}

/* ---- the font object libharu draws with ---- */

/* libharu's attributes first, so the font's attr pointer is also ours: the program, which a
 * font sharing it refers to (yk_pdffont_program). */
typedef struct font_attr {
    HPDF_FontAttr_Rec base;
    HPDF_Dict program; /* the FontFile2 stream */
} font_attr;

static void free_attr(HPDF_Dict font)
{
    font_attr *fa = (font_attr *)font->attr;
    if (!fa)
        return;
    free(fa);
    font->attr = NULL;
}

/* ---- the dictionaries ---- */

static HPDF_Dict new_stream(HPDF_Doc pdf, const void *data, size_t len, HPDF_STATUS *st)
{
    HPDF_Dict s = HPDF_DictStream_New(pdf->mmgr, pdf->xref);
    if (!s) {
        *st |= HPDF_FAILD_TO_ALLOC_MEM;
        return NULL;
    }
    s->filter = HPDF_STREAM_FILTER_FLATE_DECODE;
    *st |= HPDF_Stream_Write(s->stream, (const HPDF_BYTE *)data, (HPDF_UINT)len);
    return s;
}

static HPDF_Dict new_dict(HPDF_Doc pdf, HPDF_STATUS *st)
{
    HPDF_Dict d = HPDF_Dict_New(pdf->mmgr);
    if (!d || HPDF_Xref_Add(pdf->xref, d) != HPDF_OK) { /* Xref_Add frees d on failure */
        *st |= HPDF_FAILD_TO_ALLOC_MEM;
        return NULL;
    }
    return d;
}

/* One bit per CID present, most significant first: CID 0 (.notdef) and the used codes. */
static HPDF_Dict cid_set(HPDF_Doc pdf, const yk_pdffont_spec *spec, HPDF_STATUS *st)
{
    size_t len = spec->codes[spec->count - 1] / 8 + 1;
    HPDF_BYTE *bits = yk_xcalloc(len, 1);
    bits[0] = 0x80;
    for (size_t i = 0; i < spec->count; i++)
        bits[spec->codes[i] >> 3] |= (HPDF_BYTE)(0x80u >> (spec->codes[i] & 7));
    HPDF_Dict s = new_stream(pdf, bits, len, st);
    free(bits);
    return s;
}

static HPDF_Dict descriptor(HPDF_Doc pdf, const yk_pdffont_spec *spec, const program_info *info,
                            const char *font_name, font_attr *fa, HPDF_STATUS *st)
{
    HPDF_Dict d = new_dict(pdf, st);
    HPDF_Dict program = spec->shared ? spec->shared
                                     : new_stream(pdf, spec->program, spec->program_len, st);
    HPDF_Dict set = cid_set(pdf, spec, st);
    if (!d || !program || !set)
        return NULL;
    fa->program = program;
    HPDF_Box box = {(HPDF_REAL)info->bbox[0], (HPDF_REAL)info->bbox[1], (HPDF_REAL)info->bbox[2],
                    (HPDF_REAL)info->bbox[3]};
    if (!spec->shared)
        *st |= HPDF_Dict_AddNumber(program, "Length1", (HPDF_INT32)spec->program_len);
    *st |= HPDF_Dict_AddName(d, "Type", "FontDescriptor");
    *st |= HPDF_Dict_AddName(d, "FontName", font_name);
    *st |= HPDF_Dict_AddNumber(d, "Flags", FLAG_NONSYMBOLIC);
    *st |= HPDF_Dict_Add(d, "FontBBox", HPDF_Box_Array_New(pdf->mmgr, box));
    *st |= HPDF_Dict_AddNumber(d, "ItalicAngle", info->italic_angle);
    *st |= HPDF_Dict_AddNumber(d, "Ascent", info->ascent);
    *st |= HPDF_Dict_AddNumber(d, "Descent", info->descent);
    *st |= HPDF_Dict_AddNumber(d, "CapHeight", info->cap_height);
    if (info->x_height > 0)
        *st |= HPDF_Dict_AddNumber(d, "XHeight", info->x_height);
    *st |= HPDF_Dict_AddNumber(d, "StemV", 0); /* unknown for TrueType; only a hint */
    *st |= HPDF_Dict_Add(d, "FontFile2", program);
    *st |= HPDF_Dict_Add(d, "CIDSet", set);
    return d;
}

/* /W as runs "first [w w …]" of consecutive codes whose width is not /DW. */
static HPDF_Array widths_array(HPDF_Doc pdf, const yk_pdffont_spec *spec, const int *widths,
                               HPDF_STATUS *st)
{
    HPDF_Array w = HPDF_Array_New(pdf->mmgr);
    HPDF_Array run = NULL;
    if (!w) {
        *st |= HPDF_FAILD_TO_ALLOC_MEM;
        return NULL;
    }
    for (size_t i = 0; i < spec->count && *st == HPDF_OK; i++) {
        if (widths[i] == DEFAULT_WIDTH) {
            run = NULL;
            continue;
        }
        if (!run || spec->codes[i] != spec->codes[i - 1] + 1) {
            run = HPDF_Array_New(pdf->mmgr);
            *st |= HPDF_Array_AddNumber(w, (HPDF_INT32)spec->codes[i]);
            *st |= run ? HPDF_Array_Add(w, run) : HPDF_FAILD_TO_ALLOC_MEM;
        }
        if (run)
            *st |= HPDF_Array_AddNumber(run, widths[i]);
    }
    return w;
}

/* Big-endian glyph ids indexed by CID, up to the largest code. */
static HPDF_Dict cid_to_gid(HPDF_Doc pdf, const yk_pdffont_spec *spec, const unsigned *gids,
                            HPDF_STATUS *st)
{
    size_t len = 2 * ((size_t)spec->codes[spec->count - 1] + 1);
    HPDF_BYTE *map = yk_xcalloc(len, 1);
    for (size_t i = 0; i < spec->count; i++) {
        map[2 * spec->codes[i]] = (HPDF_BYTE)(gids[i] >> 8);
        map[2 * spec->codes[i] + 1] = (HPDF_BYTE)gids[i];
    }
    HPDF_Dict s = new_stream(pdf, map, len, st);
    free(map);
    return s;
}

static HPDF_Dict cid_font(HPDF_Doc pdf, const yk_pdffont_spec *spec, const program_info *info,
                          const char *font_name, const unsigned *gids, const int *widths,
                          font_attr *fa, HPDF_STATUS *st)
{
    HPDF_Dict f = new_dict(pdf, st);
    HPDF_Dict info_dict = HPDF_Dict_New(pdf->mmgr);
    HPDF_Dict desc = descriptor(pdf, spec, info, font_name, fa, st);
    bool identity = true; /* every code is its own glyph's number: no map to write */
    for (size_t i = 0; i < spec->count && identity; i++)
        identity = gids[i] == spec->codes[i];
    HPDF_Dict map = identity ? NULL : cid_to_gid(pdf, spec, gids, st);
    HPDF_Array w = widths_array(pdf, spec, widths, st);
    if (!f || !info_dict || !desc || (!map && !identity) || !w) {
        *st |= HPDF_FAILD_TO_ALLOC_MEM;
        return NULL;
    }
    *st |= HPDF_Dict_Add(info_dict, "Registry", HPDF_String_New(pdf->mmgr, "Adobe", NULL));
    *st |= HPDF_Dict_Add(info_dict, "Ordering", HPDF_String_New(pdf->mmgr, "Identity", NULL));
    *st |= HPDF_Dict_AddNumber(info_dict, "Supplement", 0);
    *st |= HPDF_Dict_AddName(f, "Type", "Font");
    *st |= HPDF_Dict_AddName(f, "Subtype", "CIDFontType2");
    *st |= HPDF_Dict_AddName(f, "BaseFont", font_name);
    *st |= HPDF_Dict_Add(f, "CIDSystemInfo", info_dict);
    *st |= HPDF_Dict_Add(f, "FontDescriptor", desc);
    *st |= HPDF_Dict_AddNumber(f, "DW", DEFAULT_WIDTH);
    *st |= HPDF_Dict_Add(f, "W", w);
    if (identity)
        *st |= HPDF_Dict_AddName(f, "CIDToGIDMap", "Identity");
    else
        *st |= HPDF_Dict_Add(f, "CIDToGIDMap", map);
    return f;
}

void yk_pdffont_tag(const unsigned char *program, size_t len, unsigned index, char tag[7])
{
    /* a TrueType file's table directory holds every table's checksum: a digest of it all */
    if (len >= 12 && 12 + 16 * (size_t)yk_be16(program + 4) <= len)
        len = 12 + 16 * (size_t)yk_be16(program + 4);
    uint64_t h = 1469598103934665603ull; /* FNV-1a */
    for (size_t i = 0; i < len; i++)
        h = (h ^ program[i]) * 1099511628211ull;
    h = (h ^ index) * 1099511628211ull;
    for (int i = 0; i < 6; i++, h /= 26)
        tag[i] = (char)('A' + h % 26);
    tag[6] = '\0';
}

/* The glyph and width of every code, or false when the program lacks a code's glyph. */
static bool map_codes(const yk_pdffont_spec *spec, const program_info *info, unsigned *gids,
                      int *widths)
{
    for (size_t i = 0; i < spec->count; i++) {
        if (spec->codes[i] == 0 || spec->codes[i] > 0xFFFF || (i && spec->codes[i] <= spec->codes[i - 1]))
            return false;
        gids[i] = spec->gids ? spec->gids[i] : spec->codes[i];
        if (gids[i] == 0 || gids[i] >= info->glyphs)
            return false;
        widths[i] = glyph_width(info, gids[i]);
    }
    return true;
}

static HPDF_Dict type0(HPDF_Doc pdf, const yk_pdffont_spec *spec, const program_info *info,
                       font_attr *fa, const unsigned *gids, const int *widths)
{
    char tag[7];
    yk_pdffont_tag(spec->program, spec->program_len, spec->index, tag);
    char *font_name = yk_xasprintf("%s+%.63s", tag, spec->name ? spec->name : info->name);
    HPDF_STATUS st = HPDF_OK;
    HPDF_Dict font = new_dict(pdf, &st);
    HPDF_Dict cid = cid_font(pdf, spec, info, font_name, gids, widths, fa, &st);
    HPDF_Dict tounicode = new_stream(pdf, spec->tounicode, strlen(spec->tounicode), &st);
    HPDF_Array descendants = HPDF_Array_New(pdf->mmgr);
    if (font && cid && tounicode && descendants && st == HPDF_OK) {
        st |= HPDF_Dict_AddName(font, "Type", "Font");
        st |= HPDF_Dict_AddName(font, "Subtype", "Type0");
        st |= HPDF_Dict_AddName(font, "BaseFont", font_name);
        st |= HPDF_Dict_AddName(font, "Encoding", "Identity-H");
        st |= HPDF_Array_Add(descendants, cid);
        st |= HPDF_Dict_Add(font, "DescendantFonts", descendants);
        st |= HPDF_Dict_Add(font, "ToUnicode", tounicode);
    }
    free(font_name);
    if (!font || st != HPDF_OK)
        return NULL;
    font->header.obj_class |= HPDF_OSUBCLASS_FONT;
    font->attr = fa;
    font->free_fn = free_attr;
    return font;
}

HPDF_Dict yk_pdffont_add(HPDF_Doc pdf, const yk_pdffont_spec *spec)
{
    program_info info = {0};
    if (spec->count == 0 || !read_program(spec, &info))
        return NULL;
    font_attr *fa = yk_xcalloc(1, sizeof *fa);
    unsigned *gids = yk_xmalloc(spec->count * sizeof *gids);
    int *widths = yk_xmalloc(spec->count * sizeof *widths);
    fa->base.type = HPDF_FONT_TYPE0_TT;
    fa->base.writing_mode = HPDF_WMODE_HORIZONTAL;
    fa->base.xref = pdf->xref;
    HPDF_Dict font = map_codes(spec, &info, gids, widths)
                         ? type0(pdf, spec, &info, fa, gids, widths)
                         : NULL;
    free(gids);
    free(widths);
    if (!font)
        free(fa);
    return font;
}

HPDF_Dict yk_pdffont_program(HPDF_Dict font)
{
    return font && font->free_fn == free_attr ? ((const font_attr *)font->attr)->program : NULL;
}
