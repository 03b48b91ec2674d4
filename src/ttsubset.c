/* ttsubset: TrueType subsetting by copying table bytes. Every offset read from the font is
 * checked against its table before use: a damaged font makes the plan fail, never a read
 * out of bounds. */
#include "ttsubset.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

/* composite glyph flags (OpenType glyf) */
#define ARG_1_AND_2_ARE_WORDS 0x0001
#define WE_HAVE_A_SCALE 0x0008
#define MORE_COMPONENTS 0x0020
#define WE_HAVE_AN_X_AND_Y_SCALE 0x0040
#define WE_HAVE_A_TWO_BY_TWO 0x0080
#define WE_HAVE_INSTRUCTIONS 0x0100
#define MAX_COMPONENT_DEPTH 8

typedef struct span {
    const unsigned char *p;
    size_t len;
} span;

struct yk_ttsubset {
    span head, hhea, maxp, os2, post, hmtx;
    const unsigned char *glyf;
    size_t glyf_len;
    uint32_t glyph_count;  /* of the font */
    unsigned hmetrics;     /* numberOfHMetrics */
    bool long_loca;
    const unsigned char *loca;
    uint32_t *olds;        /* the subset's glyphs by new number: their old numbers */
    size_t count;
    uint32_t *new_of;      /* by old number: new number, 0 when not kept (.notdef is 0 too) */
};

static unsigned u16(const unsigned char *p)
{
    return (unsigned)p[0] << 8 | p[1];
}

static uint32_t u32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static void put16(unsigned char *p, unsigned v)
{
    p[0] = (unsigned char)(v >> 8), p[1] = (unsigned char)v;
}

static void put32(unsigned char *p, uint32_t v)
{
    p[0] = (unsigned char)(v >> 24), p[1] = (unsigned char)(v >> 16);
    p[2] = (unsigned char)(v >> 8), p[3] = (unsigned char)v;
}

/* The table directory of face index: its offset, or false. */
static bool face_offset(const unsigned char *font, size_t len, unsigned index, size_t *at)
{
    if (len < 12)
        return false;
    *at = 0;
    if (memcmp(font, "ttcf", 4) == 0) {
        if (index >= u32(font + 8) || 12 + 4 * (size_t)index + 4 > len)
            return false;
        *at = u32(font + 12 + 4 * (size_t)index);
        if (*at > len - 12)
            return false;
    } else if (index != 0) {
        return false; /* a lone font has face 0 only */
    }
    return u32(font + *at) == 0x00010000u || memcmp(font + *at, "true", 4) == 0;
}

static span table(const unsigned char *font, size_t len, size_t dir, const char *tag, size_t min)
{
    span none = {NULL, 0};
    unsigned n = u16(font + dir + 4);
    for (unsigned i = 0; i < n && dir + 12 + 16 * (size_t)i + 16 <= len; i++) {
        const unsigned char *rec = font + dir + 12 + 16 * (size_t)i;
        if (memcmp(rec, tag, 4) != 0)
            continue;
        size_t off = u32(rec + 8), tlen = u32(rec + 12);
        if (off > len || tlen > len - off || tlen < min)
            return none;
        return (span){font + off, tlen};
    }
    return none;
}

/* Where glyph g lies in glyf; false when loca points outside it. */
static bool glyph_at(const yk_ttsubset *s, uint32_t g, size_t *off, size_t *len)
{
    size_t a, b;
    if (s->long_loca)
        a = u32(s->loca + 4 * (size_t)g), b = u32(s->loca + 4 * (size_t)g + 4);
    else
        a = 2 * (size_t)u16(s->loca + 2 * (size_t)g), b = 2 * (size_t)u16(s->loca + 2 * (size_t)g + 2);
    if (a > b || b > s->glyf_len)
        return false;
    *off = a, *len = b - a;
    return true;
}

/* Size of one composite component record starting at p (flags first). */
static size_t component_size(unsigned flags)
{
    size_t n = 4 + ((flags & ARG_1_AND_2_ARE_WORDS) ? 4 : 2);
    if (flags & WE_HAVE_A_SCALE)
        n += 2;
    else if (flags & WE_HAVE_AN_X_AND_Y_SCALE)
        n += 4;
    else if (flags & WE_HAVE_A_TWO_BY_TWO)
        n += 8;
    return n;
}

/* Marks g and, for a composite, its components (to a bounded depth). */
static bool keep(yk_ttsubset *s, bool *kept, uint32_t g, int depth)
{
    if (g >= s->glyph_count || depth > MAX_COMPONENT_DEPTH)
        return false;
    if (kept[g])
        return true;
    kept[g] = true;
    size_t off, len;
    if (!glyph_at(s, g, &off, &len))
        return false;
    if (len == 0)
        return true; /* no outline */
    if (len < 10)
        return false;
    int contours = (int16_t)u16(s->glyf + off);
    if (contours >= 0) { /* simple: its instructions must lie inside it, to be cut out */
        size_t at = 10 + 2 * (size_t)contours;
        return at + 2 <= len && at + 2 + u16(s->glyf + off + at) <= len;
    }
    const unsigned char *p = s->glyf + off + 10, *end = s->glyf + off + len;
    for (;;) {
        if (p + 4 > end)
            return false;
        unsigned flags = u16(p);
        size_t n = component_size(flags);
        if (p + n > end || !keep(s, kept, u16(p + 2), depth + 1))
            return false;
        p += n;
        if (!(flags & MORE_COMPONENTS))
            return true;
    }
}

static bool read_font(yk_ttsubset *s, const unsigned char *font, size_t len, unsigned index)
{
    size_t dir;
    if (!face_offset(font, len, index, &dir))
        return false;
    s->head = table(font, len, dir, "head", 54);
    s->hhea = table(font, len, dir, "hhea", 36);
    s->maxp = table(font, len, dir, "maxp", 6);
    s->hmtx = table(font, len, dir, "hmtx", 4);
    s->os2 = table(font, len, dir, "OS/2", 0);
    s->post = table(font, len, dir, "post", 32);
    span loca = table(font, len, dir, "loca", 4), glyf = table(font, len, dir, "glyf", 0);
    if (!s->head.p || !s->hhea.p || !s->maxp.p || !s->hmtx.p || !loca.p || !glyf.p)
        return false;
    s->glyf = glyf.p, s->glyf_len = glyf.len, s->loca = loca.p;
    s->glyph_count = u16(s->maxp.p + 4);
    s->hmetrics = u16(s->hhea.p + 34);
    s->long_loca = u16(s->head.p + 50) == 1;
    size_t loca_need = ((size_t)s->glyph_count + 1) * (s->long_loca ? 4 : 2);
    size_t hmtx_need = 4 * (size_t)s->hmetrics + 2 * ((size_t)s->glyph_count - s->hmetrics);
    return s->glyph_count > 0 && s->hmetrics > 0 && s->hmetrics <= s->glyph_count &&
           loca.len >= loca_need && s->hmtx.len >= hmtx_need;
}

yk_ttsubset *yk_ttsubset_plan(const unsigned char *font, size_t len, unsigned index,
                              const uint32_t *gids, size_t count)
{
    yk_ttsubset *s = yk_xcalloc(1, sizeof *s);
    if (!read_font(s, font, len, index)) {
        free(s);
        return NULL;
    }
    bool *kept = yk_xcalloc(s->glyph_count, sizeof *kept);
    bool ok = keep(s, kept, 0, 0);
    for (size_t i = 0; ok && i < count; i++)
        ok = keep(s, kept, gids[i], 0);
    s->new_of = yk_xcalloc(s->glyph_count, sizeof *s->new_of);
    s->olds = yk_xmalloc((s->glyph_count + count + 1) * sizeof *s->olds);
    s->olds[s->count++] = 0;
    /* the glyphs asked for, in their order (one asked twice is there twice), then the
     * components nobody asked for */
    for (size_t i = 0; ok && i < count; i++) {
        if (gids[i] && !s->new_of[gids[i]])
            s->new_of[gids[i]] = (uint32_t)s->count;
        s->olds[s->count++] = gids[i];
    }
    for (uint32_t g = 1; ok && g < s->glyph_count; g++)
        if (kept[g] && !s->new_of[g]) {
            s->new_of[g] = (uint32_t)s->count;
            s->olds[s->count++] = g;
        }
    free(kept);
    if (!ok) {
        yk_ttsubset_free(s);
        return NULL;
    }
    return s;
}

void yk_ttsubset_free(yk_ttsubset *s)
{
    if (!s)
        return;
    free(s->olds);
    free(s->new_of);
    free(s);
}

uint32_t yk_ttsubset_glyph(const yk_ttsubset *s, uint32_t old)
{
    return old < s->glyph_count ? s->new_of[old] : 0;
}

size_t yk_ttsubset_count(const yk_ttsubset *s)
{
    return s->count;
}

/* ---- writing ---- */

/* Glyph g's record without instructions, its components renumbered; the length written. */
static size_t copy_glyph(const yk_ttsubset *s, uint32_t g, unsigned char *out)
{
    size_t off, len;
    glyph_at(s, g, &off, &len); /* checked when planned */
    const unsigned char *p = s->glyf + off;
    if (len == 0)
        return 0;
    int contours = (int16_t)u16(p);
    if (contours >= 0) {
        size_t at = 10 + 2 * (size_t)contours; /* endPtsOfContours, then instructionLength */
        size_t ins = u16(p + at), rest = len - (at + 2 + ins);
        memcpy(out, p, at);
        put16(out + at, 0);
        memcpy(out + at + 2, p + at + 2 + ins, rest);
        return at + 2 + rest;
    }
    memcpy(out, p, 10);
    size_t w = 10;
    for (size_t r = 10;;) {
        unsigned flags = u16(p + r);
        size_t n = component_size(flags);
        memcpy(out + w, p + r, n);
        put16(out + w, flags & ~(unsigned)WE_HAVE_INSTRUCTIONS);
        put16(out + w + 2, (unsigned)s->new_of[u16(p + r + 2)]);
        w += n, r += n;
        if (!(flags & MORE_COMPONENTS))
            return w;
    }
}

typedef struct out_table {
    char tag[5];
    unsigned char *data;
    size_t len;
} out_table;

static uint32_t checksum(const unsigned char *p, size_t len)
{
    uint32_t sum = 0;
    size_t i = 0;
    for (; i + 4 <= len; i += 4)
        sum += u32(p + i);
    if (i < len) {
        unsigned char last[4] = {0};
        memcpy(last, p + i, len - i);
        sum += u32(last);
    }
    return sum;
}

/* len bytes: t's first ones, zeros after (or all zeros when t is missing). */
static unsigned char *copy_of(span t, size_t len)
{
    unsigned char *p = yk_xcalloc(len ? len : 1, 1);
    if (t.p)
        memcpy(p, t.p, t.len < len ? t.len : len);
    return p;
}

/* glyf, loca (long offsets) and hmtx (one full metric per glyph). */
static void glyph_tables(const yk_ttsubset *s, out_table *glyf, out_table *loca, out_table *hmtx)
{
    size_t cap = 0;
    for (size_t i = 0; i < s->count; i++) {
        size_t off, len;
        glyph_at(s, s->olds[i], &off, &len);
        cap += len + 3;
    }
    glyf->data = yk_xmalloc(cap ? cap : 1);
    loca->len = 4 * (s->count + 1);
    loca->data = yk_xmalloc(loca->len);
    hmtx->len = 4 * s->count;
    hmtx->data = yk_xmalloc(hmtx->len);
    size_t at = 0;
    for (size_t i = 0; i < s->count; i++) {
        uint32_t g = s->olds[i];
        put32(loca->data + 4 * i, (uint32_t)at);
        at += copy_glyph(s, g, glyf->data + at);
        while (at % 4)
            glyf->data[at++] = 0;
        const unsigned char *m = s->hmtx.p;
        unsigned adv = u16(m + 4 * (size_t)(g < s->hmetrics ? g : s->hmetrics - 1));
        unsigned lsb = g < s->hmetrics ? u16(m + 4 * (size_t)g + 2)
                                       : u16(m + 4 * (size_t)s->hmetrics + 2 * (size_t)(g - s->hmetrics));
        put16(hmtx->data + 4 * i, adv);
        put16(hmtx->data + 4 * i + 2, lsb);
    }
    put32(loca->data + 4 * s->count, (uint32_t)at);
    glyf->len = at;
}

static int tag_order(const void *a, const void *b)
{
    return memcmp(((const out_table *)a)->tag, ((const out_table *)b)->tag, 4);
}

static unsigned char *assemble(out_table *t, size_t n, size_t *len)
{
    qsort(t, n, sizeof *t, tag_order);
    size_t total = 12 + 16 * n;
    for (size_t i = 0; i < n; i++)
        total += (t[i].len + 3) & ~(size_t)3;
    unsigned char *out = yk_xcalloc(total, 1);
    unsigned search = 1, selector = 0;
    while (search * 2 <= n)
        search *= 2, selector++;
    put32(out, 0x00010000u);
    put16(out + 4, (unsigned)n), put16(out + 6, 16 * search), put16(out + 8, selector);
    put16(out + 10, (unsigned)(16 * n - 16 * search));
    size_t at = 12 + 16 * n, head_at = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char *rec = out + 12 + 16 * i;
        memcpy(rec, t[i].tag, 4);
        put32(rec + 4, checksum(t[i].data, t[i].len));
        put32(rec + 8, (uint32_t)at), put32(rec + 12, (uint32_t)t[i].len);
        memcpy(out + at, t[i].data, t[i].len);
        if (memcmp(t[i].tag, "head", 4) == 0)
            head_at = at;
        at += (t[i].len + 3) & ~(size_t)3;
    }
    put32(out + head_at + 8, 0xB1B0AFBAu - checksum(out, total)); /* checkSumAdjustment */
    *len = total;
    return out;
}

unsigned char *yk_ttsubset_write(const yk_ttsubset *s, const unsigned char *cmap,
                                 size_t cmap_len, size_t *len)
{
    out_table t[9];
    size_t n = 0;
    glyph_tables(s, &t[0], &t[1], &t[2]);
    memcpy(t[0].tag, "glyf", 5), memcpy(t[1].tag, "loca", 5), memcpy(t[2].tag, "hmtx", 5);
    n = 3;
    t[n] = (out_table){"head", copy_of(s->head, 54), 54};
    put32(t[n].data + 8, 0);        /* checkSumAdjustment, set over the whole file */
    put16(t[n].data + 50, 1);       /* indexToLocFormat: long */
    n++;
    t[n] = (out_table){"hhea", copy_of(s->hhea, 36), 36};
    put16(t[n].data + 34, (unsigned)s->count); /* numberOfHMetrics */
    n++;
    size_t maxp_len = s->maxp.len >= 32 ? 32 : 6;
    t[n] = (out_table){"maxp", copy_of(s->maxp, maxp_len), maxp_len};
    put16(t[n].data + 4, (unsigned)s->count);
    if (maxp_len == 32)
        put16(t[n].data + 26, 0); /* maxSizeOfInstructions: there are none */
    n++;
    if (s->os2.p)
        t[n++] = (out_table){"OS/2", copy_of(s->os2, s->os2.len), s->os2.len};
    t[n] = (out_table){"post", copy_of(s->post, 32), 32};
    put32(t[n].data, 0x00030000u); /* version 3: no glyph names */
    n++;
    if (cmap)
        t[n++] = (out_table){"cmap", copy_of((span){cmap, cmap_len}, cmap_len), cmap_len};
    unsigned char *out = assemble(t, n, len);
    for (size_t i = 0; i < n; i++)
        free(t[i].data);
    return out;
}
