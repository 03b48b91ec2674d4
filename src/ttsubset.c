/* ttsubset: TrueType subsetting by copying table bytes. Every offset read from a font is
 * checked against its table before use: a damaged font makes the plan fail, never a read
 * out of bounds. */
#include "ttsubset.h"

#include <stdlib.h>
#include <string.h>

#include "sfnt.h"
#include "util.h"

/* composite glyph flags (OpenType glyf) */
#define ARG_1_AND_2_ARE_WORDS 0x0001
#define ARGS_ARE_XY_VALUES 0x0002
#define WE_HAVE_A_SCALE 0x0008
#define MORE_COMPONENTS 0x0020
#define WE_HAVE_AN_X_AND_Y_SCALE 0x0040
#define WE_HAVE_A_TWO_BY_TWO 0x0080
#define WE_HAVE_INSTRUCTIONS 0x0100
#define MAX_COMPONENT_DEPTH 8
#define SHORT_LOCA_MAX 0x1FFFEu /* offsets / 2 in 16 bits */
#define KEY_BYTES 24            /* of an outline, in its glyph key */
#define CUT_RECORD 18           /* a cut glyph: header and one component with word offsets */

typedef struct span {
    const unsigned char *p;
    size_t len;
} span;

struct yk_ttsubset_face {
    span head, hhea, maxp, hmtx;
    const unsigned char *glyf;
    size_t glyf_len;
    uint32_t glyph_count;  /* of the font */
    unsigned hmetrics;     /* numberOfHMetrics */
    unsigned upem;
    bool long_loca;
    const unsigned char *loca;
};

struct yk_ttsubset {
    const yk_ttsubset_face **faces;
    size_t face_count;
    yk_ttsubset_face *own;   /* the face yk_ttsubset_plan opened, or NULL */
    yk_ttsubset_pick *olds;  /* the subset's glyphs by new number: their face and old number */
    size_t count;
    uint32_t **new_of;       /* by face, by old number: new number, 0 when not kept */
};

static void put16(unsigned char *p, unsigned v)
{
    p[0] = (unsigned char)(v >> 8), p[1] = (unsigned char)v;
}

static void put32(unsigned char *p, uint32_t v)
{
    p[0] = (unsigned char)(v >> 24), p[1] = (unsigned char)(v >> 16);
    p[2] = (unsigned char)(v >> 8), p[3] = (unsigned char)v;
}

/* ---- reading a face ---- */

static span table(const yk_sfnt *sf, const char *tag, size_t min)
{
    span t = {NULL, 0};
    t.p = yk_sfnt_table(sf, tag, min, &t.len);
    return t;
}

static bool read_face(yk_ttsubset_face *f, const unsigned char *font, size_t len, unsigned index)
{
    yk_sfnt sf;
    if (!yk_sfnt_open(font, len, index, &sf))
        return false;
    f->head = table(&sf, "head", 54);
    f->hhea = table(&sf, "hhea", 36);
    f->maxp = table(&sf, "maxp", 6);
    f->hmtx = table(&sf, "hmtx", 4);
    span loca = table(&sf, "loca", 4), glyf = table(&sf, "glyf", 0);
    if (!f->head.p || !f->hhea.p || !f->maxp.p || !f->hmtx.p || !loca.p || !glyf.p)
        return false;
    f->glyf = glyf.p, f->glyf_len = glyf.len, f->loca = loca.p;
    f->glyph_count = yk_be16(f->maxp.p + 4);
    f->hmetrics = yk_be16(f->hhea.p + 34);
    f->upem = yk_be16(f->head.p + 18);
    f->long_loca = yk_be16(f->head.p + 50) == 1;
    size_t loca_need = ((size_t)f->glyph_count + 1) * (f->long_loca ? 4 : 2);
    size_t hmtx_need = 4 * (size_t)f->hmetrics + 2 * ((size_t)f->glyph_count - f->hmetrics);
    return f->glyph_count > 0 && f->hmetrics > 0 && f->hmetrics <= f->glyph_count &&
           f->upem > 0 && loca.len >= loca_need && f->hmtx.len >= hmtx_need;
}

yk_ttsubset_face *yk_ttsubset_face_open(const unsigned char *font, size_t len, unsigned index)
{
    yk_ttsubset_face *f = yk_xcalloc(1, sizeof *f);
    if (!read_face(f, font, len, index)) {
        free(f);
        return NULL;
    }
    return f;
}

void yk_ttsubset_face_free(yk_ttsubset_face *f)
{
    free(f);
}

unsigned yk_ttsubset_face_upem(const yk_ttsubset_face *f)
{
    return f->upem;
}

/* Where glyph g lies in glyf; false when loca points outside it. */
static bool glyph_at(const yk_ttsubset_face *f, uint32_t g, size_t *off, size_t *len)
{
    size_t a, b;
    if (f->long_loca)
        a = yk_be32(f->loca + 4 * (size_t)g), b = yk_be32(f->loca + 4 * (size_t)g + 4);
    else
        a = 2 * (size_t)yk_be16(f->loca + 2 * (size_t)g), b = 2 * (size_t)yk_be16(f->loca + 2 * (size_t)g + 2);
    if (a > b || b > f->glyf_len)
        return false;
    *off = a, *len = b - a;
    return true;
}

static void metrics(const yk_ttsubset_face *f, uint32_t g, unsigned *adv, unsigned *lsb)
{
    const unsigned char *m = f->hmtx.p;
    *adv = yk_be16(m + 4 * (size_t)(g < f->hmetrics ? g : f->hmetrics - 1));
    *lsb = g < f->hmetrics ? yk_be16(m + 4 * (size_t)g + 2)
                           : yk_be16(m + 4 * (size_t)f->hmetrics + 2 * (size_t)(g - f->hmetrics));
}

/* A simple glyph's outline around its instructions: [p, p + at) and [rest, rest + rest_len);
 * false for a composite or a glyph whose instructions do not lie inside it. */
static bool simple_parts(const unsigned char *p, size_t len, size_t *at, size_t *rest)
{
    if (len < 10 || (int16_t)yk_be16(p) < 0)
        return false;
    *at = 10 + 2 * (size_t)yk_be16(p);
    if (*at + 2 > len || *at + 2 + yk_be16(p + *at) > len)
        return false;
    *rest = *at + 2 + yk_be16(p + *at);
    return true;
}

/* ---- comparing glyphs of two faces ---- */

/* The end of a simple glyph's record without the zeros that pad it: two records equal up to
 * their padding hold the same flags, so the same number of coordinate bytes, the same. */
static size_t unpadded(const unsigned char *p, size_t rest, size_t len)
{
    while (len > rest && p[len - 1] == 0)
        len--;
    return len;
}

bool yk_ttsubset_same_glyph(const yk_ttsubset_face *a, uint32_t ga, const yk_ttsubset_face *b,
                            uint32_t gb)
{
    size_t ao, al, bo, bl;
    if (a->upem != b->upem || ga >= a->glyph_count || gb >= b->glyph_count ||
        !glyph_at(a, ga, &ao, &al) || !glyph_at(b, gb, &bo, &bl))
        return false;
    unsigned aw, alsb, bw, blsb;
    metrics(a, ga, &aw, &alsb);
    metrics(b, gb, &bw, &blsb);
    if (aw != bw || alsb != blsb)
        return false;
    if (al == 0 || bl == 0)
        return al == bl;
    const unsigned char *p = a->glyf + ao, *q = b->glyf + bo;
    size_t pat, prest, qat, qrest;
    if (!simple_parts(p, al, &pat, &prest) || !simple_parts(q, bl, &qat, &qrest))
        return false;
    al = unpadded(p, prest, al), bl = unpadded(q, qrest, bl);
    return pat == qat && al - prest == bl - qrest && memcmp(p, q, pat) == 0 &&
           memcmp(p + prest, q + qrest, al - prest) == 0;
}

uint64_t yk_ttsubset_glyph_key(const yk_ttsubset_face *f, uint32_t g)
{
    size_t off, len, at, rest;
    if (g >= f->glyph_count || !glyph_at(f, g, &off, &len))
        return 0;
    unsigned adv, lsb;
    metrics(f, g, &adv, &lsb);
    uint64_t h = 1469598103934665603ull; /* FNV-1a */
    h = (h ^ f->upem) * 1099511628211ull;
    h = (h ^ adv) * 1099511628211ull;
    h = (h ^ lsb) * 1099511628211ull;
    const unsigned char *p = f->glyf + off;
    if (len == 0 || !simple_parts(p, len, &at, &rest))
        return (h ^ len) * 1099511628211ull;
    len = unpadded(p, rest, len);
    h = (h ^ (at + len - rest)) * 1099511628211ull;
    size_t n = len - rest < KEY_BYTES ? len - rest : KEY_BYTES;
    for (size_t i = 0; i < 10; i++) /* contours and bounding box */
        h = (h ^ p[i]) * 1099511628211ull;
    for (size_t i = 0; i < n; i++) /* the start of the flags and coordinates */
        h = (h ^ p[rest + i]) * 1099511628211ull;
    return h;
}

/* ---- planning ---- */

/* The blank a cut takes from glyph g: its advance beyond half an em. */
static unsigned cut_blank(const yk_ttsubset_face *f, uint32_t g)
{
    unsigned adv, lsb;
    metrics(f, g, &adv, &lsb);
    return adv > f->upem / 2 ? adv - f->upem / 2 : 0;
}

/* Whether pick comes out as a composite of its glyph: a cut that takes some blank from a
 * glyph with an outline (else it is the glyph itself). */
static bool cuts(const yk_ttsubset_face *f, yk_ttsubset_pick pick)
{
    size_t off, len;
    return pick.cut != YK_TTSUBSET_CUT_NONE && glyph_at(f, pick.gid, &off, &len) && len >= 10 &&
           cut_blank(f, pick.gid) > 0;
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

/* The glyphs of one face a subset holds: a flag by glyph number, and the list of them. */
typedef struct marks {
    bool *kept;
    uint32_t *list;
    size_t n, cap;
} marks;

/* Marks g and, for a composite, its components (to a bounded depth). */
static bool keep(const yk_ttsubset_face *f, marks *m, uint32_t g, int depth)
{
    if (g >= f->glyph_count || depth > MAX_COMPONENT_DEPTH)
        return false;
    if (m->kept[g])
        return true;
    m->kept[g] = true;
    m->list = yk_reserve(m->list, m->n + 1, &m->cap, sizeof *m->list);
    m->list[m->n++] = g;
    size_t off, len, at, rest;
    if (!glyph_at(f, g, &off, &len))
        return false;
    if (len == 0)
        return true; /* no outline */
    if (len < 10)
        return false;
    if ((int16_t)yk_be16(f->glyf + off) >= 0) /* its instructions must lie inside it, to be cut out */
        return simple_parts(f->glyf + off, len, &at, &rest);
    const unsigned char *p = f->glyf + off + 10, *end = f->glyf + off + len;
    for (;;) {
        if (p + 4 > end)
            return false;
        unsigned flags = yk_be16(p);
        size_t n = component_size(flags);
        if (p + n > end || !keep(f, m, yk_be16(p + 2), depth + 1))
            return false;
        p += n;
        if (!(flags & MORE_COMPONENTS))
            return true;
    }
}

/* Marks every glyph of face k that the subset holds: .notdef of the first face, the picks,
 * their components. */
static bool mark(const yk_ttsubset *s, size_t k, const yk_ttsubset_pick *picks, size_t count,
                 marks *m)
{
    m->kept = yk_xcalloc(s->faces[k]->glyph_count, sizeof *m->kept);
    bool ok = k > 0 || keep(s->faces[0], m, 0, 0);
    for (size_t i = 0; ok && i < count; i++)
        if (picks[i].face == k)
            ok = keep(s->faces[k], m, picks[i].gid, 0);
    return ok;
}

static int by_number(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

/* Numbers the glyphs: .notdef, the picks in their order (one picked twice is there twice),
 * then each face's components nobody asked for, by their number in the face. */
static bool number(yk_ttsubset *s, const yk_ttsubset_pick *picks, size_t count)
{
    marks *m = yk_xcalloc(s->face_count, sizeof *m);
    bool ok = true;
    size_t total = 1 + count;
    for (size_t k = 0; k < s->face_count; k++) {
        s->new_of[k] = yk_xcalloc(s->faces[k]->glyph_count, sizeof *s->new_of[k]);
        ok = ok && mark(s, k, picks, count, &m[k]);
        total += m[k].n;
    }
    s->olds = yk_xmalloc(total * sizeof *s->olds);
    s->olds[s->count++] = (yk_ttsubset_pick){0, 0, YK_TTSUBSET_CUT_NONE};
    for (size_t i = 0; ok && i < count; i++) {
        uint32_t *new_of = s->new_of[picks[i].face];
        if (picks[i].gid && !cuts(s->faces[picks[i].face], picks[i]) && !new_of[picks[i].gid])
            new_of[picks[i].gid] = (uint32_t)s->count;
        s->olds[s->count++] = picks[i];
        if (!cuts(s->faces[picks[i].face], picks[i]))
            s->olds[s->count - 1].cut = YK_TTSUBSET_CUT_NONE;
    }
    for (size_t k = 0; k < s->face_count; k++) {
        if (ok && m[k].n)
            qsort(m[k].list, m[k].n, sizeof *m[k].list, by_number);
        for (size_t i = 0; ok && i < m[k].n; i++) {
            uint32_t g = m[k].list[i];
            if (g && !s->new_of[k][g]) {
                s->new_of[k][g] = (uint32_t)s->count;
                s->olds[s->count++] = (yk_ttsubset_pick){k, g, YK_TTSUBSET_CUT_NONE};
            }
        }
        free(m[k].kept);
        free(m[k].list);
    }
    free(m);
    return ok && s->count <= 0xFFFF;
}

yk_ttsubset *yk_ttsubset_plan_faces(const yk_ttsubset_face *const *faces, size_t face_count,
                                    const yk_ttsubset_pick *picks, size_t count)
{
    if (face_count == 0)
        return NULL;
    for (size_t k = 1; k < face_count; k++)
        if (faces[k]->upem != faces[0]->upem)
            return NULL;
    for (size_t i = 0; i < count; i++)
        if (picks[i].face >= face_count)
            return NULL;
    yk_ttsubset *s = yk_xcalloc(1, sizeof *s);
    s->face_count = face_count;
    s->faces = yk_xmalloc(face_count * sizeof *s->faces);
    memcpy(s->faces, faces, face_count * sizeof *s->faces);
    s->new_of = yk_xcalloc(face_count, sizeof *s->new_of);
    if (!number(s, picks, count)) {
        yk_ttsubset_free(s);
        return NULL;
    }
    return s;
}

yk_ttsubset *yk_ttsubset_plan(const unsigned char *font, size_t len, unsigned index,
                              const uint32_t *gids, size_t count)
{
    yk_ttsubset_face *face = yk_ttsubset_face_open(font, len, index);
    if (!face)
        return NULL;
    yk_ttsubset_pick *picks = yk_xmalloc((count ? count : 1) * sizeof *picks);
    for (size_t i = 0; i < count; i++)
        picks[i] = (yk_ttsubset_pick){0, gids[i], YK_TTSUBSET_CUT_NONE};
    const yk_ttsubset_face *faces[1] = {face};
    yk_ttsubset *s = yk_ttsubset_plan_faces(faces, 1, picks, count);
    free(picks);
    if (s)
        s->own = face;
    else
        yk_ttsubset_face_free(face);
    return s;
}

void yk_ttsubset_free(yk_ttsubset *s)
{
    if (!s)
        return;
    for (size_t k = 0; k < s->face_count; k++)
        free(s->new_of[k]);
    free(s->new_of);
    free(s->faces);
    free(s->olds);
    yk_ttsubset_face_free(s->own);
    free(s);
}

uint32_t yk_ttsubset_glyph(const yk_ttsubset *s, uint32_t old)
{
    return old < s->faces[0]->glyph_count ? s->new_of[0][old] : 0;
}

size_t yk_ttsubset_count(const yk_ttsubset *s)
{
    return s->count;
}

/* ---- writing ---- */


/* The advance and left side bearing pick has in the subset. */
static void pick_metrics(const yk_ttsubset *s, yk_ttsubset_pick pick, unsigned *adv,
                         unsigned *lsb)
{
    const yk_ttsubset_face *f = s->faces[pick.face];
    metrics(f, pick.gid, adv, lsb);
    if (pick.cut == YK_TTSUBSET_CUT_NONE)
        return;
    unsigned blank = cut_blank(f, pick.gid);
    *adv -= blank;
    if (pick.cut == YK_TTSUBSET_CUT_START) /* the outline moves left by the blank */
        *lsb = (uint16_t)((int16_t)*lsb - (int)blank);
}

/* The composite that draws p (a glyph record) moved left by dx, numbered glyph in the
 * subset: p's bounding box moved, one component at (-dx, 0). */
static void write_cut(const unsigned char *p, unsigned glyph, int dx, unsigned char *out)
{
    put16(out, 0xFFFFu); /* numberOfContours -1: a composite */
    for (int i = 0; i < 4; i++) {
        int v = (int16_t)yk_be16(p + 2 + 2 * i);
        put16(out + 2 + 2 * i, (uint16_t)(i % 2 == 0 ? v - dx : v));
    }
    /* its own advance (no USE_MY_METRICS), no instructions, no more components */
    put16(out + 10, ARG_1_AND_2_ARE_WORDS | ARGS_ARE_XY_VALUES);
    put16(out + 12, glyph);
    put16(out + 14, (uint16_t)-dx);
    put16(out + 16, 0);
}

/* Glyph p's record without instructions, its components renumbered: its length, and the
 * bytes when out is not NULL. */
static size_t copy_glyph(const yk_ttsubset *s, yk_ttsubset_pick pick, unsigned char *out)
{
    const yk_ttsubset_face *f = s->faces[pick.face];
    size_t off, len, at, rest;
    glyph_at(f, pick.gid, &off, &len); /* checked when planned */
    if (pick.cut != YK_TTSUBSET_CUT_NONE) {
        int dx = pick.cut == YK_TTSUBSET_CUT_START ? (int)cut_blank(f, pick.gid) : 0;
        if (out)
            write_cut(f->glyf + off, s->new_of[pick.face][pick.gid], dx, out);
        return CUT_RECORD;
    }
    const unsigned char *p = f->glyf + off;
    if (len == 0)
        return 0;
    if (simple_parts(p, len, &at, &rest)) {
        if (out) {
            memcpy(out, p, at);
            put16(out + at, 0);
            memcpy(out + at + 2, p + rest, len - rest);
        }
        return at + 2 + len - rest;
    }
    if (out)
        memcpy(out, p, 10);
    size_t w = 10;
    for (size_t r = 10;;) {
        unsigned flags = yk_be16(p + r);
        size_t n = component_size(flags);
        if (out) {
            memcpy(out + w, p + r, n);
            put16(out + w, flags & ~(unsigned)WE_HAVE_INSTRUCTIONS);
            put16(out + w + 2, (unsigned)s->new_of[pick.face][yk_be16(p + r + 2)]);
        }
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
        sum += yk_be32(p + i);
    if (i < len) {
        unsigned char last[4] = {0};
        memcpy(last, p + i, len - i);
        sum += yk_be32(last);
    }
    return sum;
}

/* len bytes: t's first ones, zeros after. */
static unsigned char *copy_of(span t, size_t len)
{
    unsigned char *p = yk_xcalloc(len ? len : 1, 1);
    memcpy(p, t.p, t.len < len ? t.len : len);
    return p;
}

/* glyf, loca and hmtx (one full metric per glyph); short loca offsets when glyf, its records
 * padded to even lengths, stays under 128 KB. */
static bool glyph_tables(const yk_ttsubset *s, out_table *glyf, out_table *loca, out_table *hmtx)
{
    size_t even = 0;
    for (size_t i = 0; i < s->count; i++)
        even += (copy_glyph(s, s->olds[i], NULL) + 1) & ~(size_t)1;
    bool short_loca = even <= SHORT_LOCA_MAX;
    size_t align = short_loca ? 2 : 4;
    glyf->data = yk_xmalloc(even + 2 * s->count + 1);
    loca->len = (short_loca ? 2 : 4) * (s->count + 1);
    loca->data = yk_xmalloc(loca->len);
    hmtx->len = 4 * s->count;
    hmtx->data = yk_xmalloc(hmtx->len);
    size_t at = 0;
    for (size_t i = 0; i <= s->count; i++) {
        if (short_loca)
            put16(loca->data + 2 * i, (unsigned)(at / 2));
        else
            put32(loca->data + 4 * i, (uint32_t)at);
        if (i == s->count)
            break;
        at += copy_glyph(s, s->olds[i], glyf->data + at);
        while (at % align)
            glyf->data[at++] = 0;
        unsigned adv, lsb;
        pick_metrics(s, s->olds[i], &adv, &lsb);
        put16(hmtx->data + 4 * i, adv);
        put16(hmtx->data + 4 * i + 2, lsb);
    }
    glyf->len = at;
    return short_loca;
}

static int smin(int a, int b)
{
    return a < b ? a : b;
}

static int smax(int a, int b)
{
    return a > b ? a : b;
}

/* The first face's head, its bounding box grown to hold every face's. */
static out_table head_table(const yk_ttsubset *s, bool short_loca)
{
    out_table t = {"head", copy_of(s->faces[0]->head, 54), 54};
    put32(t.data + 8, 0); /* checkSumAdjustment, set over the whole file */
    put16(t.data + 50, short_loca ? 0 : 1); /* indexToLocFormat */
    for (size_t k = 1; k < s->face_count; k++) {
        const unsigned char *h = s->faces[k]->head.p;
        for (int i = 0; i < 4; i++) {
            int mine = (int16_t)yk_be16(t.data + 36 + 2 * i), theirs = (int16_t)yk_be16(h + 36 + 2 * i);
            put16(t.data + 36 + 2 * i, (unsigned)(i < 2 ? smin(mine, theirs) : smax(mine, theirs)));
        }
    }
    return t;
}

/* The first face's hhea; the extremes (advanceWidthMax, minimum side bearings, xMaxExtent)
 * over every face. */
static out_table hhea_table(const yk_ttsubset *s)
{
    out_table t = {"hhea", copy_of(s->faces[0]->hhea, 36), 36};
    put16(t.data + 34, (unsigned)s->count); /* numberOfHMetrics */
    for (size_t k = 1; k < s->face_count; k++) {
        const unsigned char *h = s->faces[k]->hhea.p;
        put16(t.data + 10, (unsigned)smax((int)yk_be16(t.data + 10), (int)yk_be16(h + 10)));
        for (int at = 12; at <= 16; at += 2) {
            int mine = (int16_t)yk_be16(t.data + at), theirs = (int16_t)yk_be16(h + at);
            put16(t.data + at, (unsigned)(at < 16 ? smin(mine, theirs) : smax(mine, theirs)));
        }
    }
    return t;
}

static bool has_cut(const yk_ttsubset *s)
{
    for (size_t i = 0; i < s->count; i++)
        if (s->olds[i].cut != YK_TTSUBSET_CUT_NONE)
            return true;
    return false;
}

/* A cut glyph is a composite of one glyph of the face: the composite maxima of maxp must
 * allow one component as deep and with as many points and contours as any glyph. */
static void composite_maxima(unsigned char *maxp)
{
    static const int pairs[][2] = {{10, 6}, {12, 8}}; /* composite points, contours */
    for (size_t i = 0; i < 2; i++)
        put16(maxp + pairs[i][0],
              (unsigned)smax((int)yk_be16(maxp + pairs[i][0]), (int)yk_be16(maxp + pairs[i][1])));
    put16(maxp + 28, (unsigned)smax((int)yk_be16(maxp + 28), 1)); /* maxComponentElements */
    put16(maxp + 30, yk_be16(maxp + 30) + 1u); /* maxComponentDepth: one level over the face's */
}

/* The first face's maxp (version 1.0 when every face's is), each maximum over every face. */
static out_table maxp_table(const yk_ttsubset *s)
{
    size_t len = 32;
    for (size_t k = 0; k < s->face_count; k++)
        if (s->faces[k]->maxp.len < 32)
            len = 6;
    out_table t = {"maxp", copy_of(s->faces[0]->maxp, len), len};
    put16(t.data + 4, (unsigned)s->count);
    for (size_t k = 1; len == 32 && k < s->face_count; k++)
        for (int at = 6; at < 32; at += 2)
            put16(t.data + at, (unsigned)smax((int)yk_be16(t.data + at), (int)yk_be16(s->faces[k]->maxp.p + at)));
    if (len == 32)
        put16(t.data + 26, 0); /* maxSizeOfInstructions: there are none */
    if (len == 32 && has_cut(s))
        composite_maxima(t.data);
    return t;
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
    uint32_t sum = 0; /* of the tables, each padded with zeros to 4 bytes */
    for (size_t i = 0; i < n; i++) {
        unsigned char *rec = out + 12 + 16 * i;
        uint32_t table_sum = checksum(t[i].data, t[i].len);
        sum += table_sum;
        memcpy(rec, t[i].tag, 4);
        put32(rec + 4, table_sum);
        put32(rec + 8, (uint32_t)at), put32(rec + 12, (uint32_t)t[i].len);
        memcpy(out + at, t[i].data, t[i].len);
        if (memcmp(t[i].tag, "head", 4) == 0)
            head_at = at;
        at += (t[i].len + 3) & ~(size_t)3;
    }
    sum += checksum(out, 12 + 16 * n); /* and the directory: the whole file's */
    put32(out + head_at + 8, 0xB1B0AFBAu - sum); /* checkSumAdjustment */
    *len = total;
    return out;
}

unsigned char *yk_ttsubset_write(const yk_ttsubset *s, size_t *len)
{
    out_table t[6];
    bool short_loca = glyph_tables(s, &t[0], &t[1], &t[2]);
    memcpy(t[0].tag, "glyf", 5), memcpy(t[1].tag, "loca", 5), memcpy(t[2].tag, "hmtx", 5);
    t[3] = head_table(s, short_loca);
    t[4] = hhea_table(s);
    t[5] = maxp_table(s);
    unsigned char *out = assemble(t, 6, len);
    for (size_t i = 0; i < 6; i++)
        free(t[i].data);
    return out;
}
