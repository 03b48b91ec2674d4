/* ttsubset: a hand-built four-glyph TrueType font (.notdef, a simple glyph with hinting, a
 * composite with instructions, the simple glyph it is made of) cut down and read back byte by
 * byte; then a bundled font, whose subset HarfBuzz must read as the same glyphs. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <hb.h>
#include <stdlib.h>
#include <string.h>

#include "../src/ttsubset.h"
#include "../src/util.h"

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
    put16(p, v >> 16), put16(p + 2, v & 0xFFFF);
}

/* A simple glyph: one contour of 3 points, 4 bytes of instructions, then flags and x/y. */
static const unsigned char SIMPLE[] = {
    0, 1, 0, 0, 0, 0, 0, 100, 0, 100, /* 1 contour, bbox */
    0, 2,                             /* endPts: point 2 */
    0, 4, 0xB0, 1, 2, 3,              /* 4 instruction bytes */
    0x37, 0x37, 0x37,                 /* flags: on-curve, short x and y, positive */
    10, 20, 30, 10, 20, 30,           /* x deltas, y deltas */
};
/* A composite of glyph 3 (byte offsets), with 2 bytes of instructions after it. */
static const unsigned char COMPOSITE[] = {
    0xFF, 0xFF, 0, 0, 0, 0, 0, 100, 0, 100, /* -1 contours, bbox */
    0x01, 0x02, 0, 3, 0, 5,                   /* WE_HAVE_INSTRUCTIONS | ARGS_ARE_XY, glyph 3, dx dy */
    0, 2, 0xB0, 7,                            /* instructions */
};

typedef struct font_builder {
    unsigned char *p;
    size_t len;
} font_builder;

/* Glyphs: 0 empty, 1 SIMPLE, 2 COMPOSITE (of 3), 3 SIMPLE; two full metrics, then lsbs. */
static unsigned char *tiny_font(size_t *len)
{
    unsigned char glyf[128] = {0}, loca[5 * 4], hmtx[2 * 4 + 2 * 2];
    size_t at = 0, offs[5];
    const unsigned char *glyphs[4] = {NULL, SIMPLE, COMPOSITE, SIMPLE};
    const size_t sizes[4] = {0, sizeof SIMPLE, sizeof COMPOSITE, sizeof SIMPLE};
    for (int g = 0; g < 4; g++) {
        offs[g] = at;
        if (sizes[g])
            memcpy(glyf + at, glyphs[g], sizes[g]);
        at += (sizes[g] + 3) & ~(size_t)3;
    }
    offs[4] = at;
    for (int g = 0; g <= 4; g++)
        put32(loca + 4 * g, (uint32_t)offs[g]);
    put16(hmtx, 500), put16(hmtx + 2, 0);      /* glyph 0 */
    put16(hmtx + 4, 600), put16(hmtx + 6, 11); /* glyph 1 */
    put16(hmtx + 8, 22), put16(hmtx + 10, 33); /* lsb of glyphs 2 and 3 (advance 600) */
    unsigned char head[54] = {0}, hhea[36] = {0}, maxp[32] = {0};
    put32(head, 0x00010000), put32(head + 12, 0x5F0F3CF5), put16(head + 18, 1000);
    put16(head + 50, 1); /* long loca */
    put32(hhea, 0x00010000), put16(hhea + 4, 800), put16(hhea + 34, 2);
    put32(maxp, 0x00010000), put16(maxp + 4, 4), put16(maxp + 26, 4);
    struct { const char *tag; const unsigned char *data; size_t len; } t[] = {
        {"glyf", glyf, at}, {"head", head, 54}, {"hhea", hhea, 36},
        {"hmtx", hmtx, sizeof hmtx}, {"loca", loca, sizeof loca}, {"maxp", maxp, 32},
    };
    size_t n = sizeof t / sizeof *t, total = 12 + 16 * n;
    for (size_t i = 0; i < n; i++)
        total += (t[i].len + 3) & ~(size_t)3;
    unsigned char *f = calloc(total, 1);
    put32(f, 0x00010000), put16(f + 4, (unsigned)n);
    size_t off = 12 + 16 * n;
    for (size_t i = 0; i < n; i++) {
        memcpy(f + 12 + 16 * i, t[i].tag, 4);
        put32(f + 12 + 16 * i + 8, (uint32_t)off), put32(f + 12 + 16 * i + 12, (uint32_t)t[i].len);
        memcpy(f + off, t[i].data, t[i].len);
        off += (t[i].len + 3) & ~(size_t)3;
    }
    *len = total;
    return f;
}

static const unsigned char *find_table(const unsigned char *f, const char *tag, size_t *len)
{
    for (unsigned i = 0; i < u16(f + 4); i++)
        if (memcmp(f + 12 + 16 * i, tag, 4) == 0) {
            *len = u32(f + 12 + 16 * i + 12);
            return f + u32(f + 12 + 16 * i + 8);
        }
    return NULL;
}

/* Where glyph g starts in the glyf of subset out, short or long loca as its head says. */
static size_t glyph_offset(const unsigned char *out, unsigned g)
{
    size_t tl;
    const unsigned char *head = find_table(out, "head", &tl), *loca = find_table(out, "loca", &tl);
    return u16(head + 50) ? u32(loca + 4 * g) : 2 * (size_t)u16(loca + 2 * g);
}

static void test_ttsubset_composite_brings_its_component_renumbered(void **state)
{
    (void)state;
    size_t len;
    unsigned char *font = tiny_font(&len);
    const uint32_t want[] = {2};
    yk_ttsubset *s = yk_ttsubset_plan(font, len, 0, want, 1);
    assert_non_null(s);
    assert_int_equal(yk_ttsubset_count(s), 3); /* .notdef, the composite, its component */
    assert_int_equal(yk_ttsubset_glyph(s, 0), 0);
    assert_int_equal(yk_ttsubset_glyph(s, 1), 0); /* not kept */
    assert_int_equal(yk_ttsubset_glyph(s, 2), 1);
    assert_int_equal(yk_ttsubset_glyph(s, 3), 2);
    size_t out_len;
    unsigned char *out = yk_ttsubset_write(s, &out_len);
    yk_ttsubset_free(s);

    size_t tl;
    const unsigned char *maxp = find_table(out, "maxp", &tl);
    assert_non_null(maxp);
    assert_int_equal(u16(maxp + 4), 3);
    assert_int_equal(u16(maxp + 26), 0); /* no instructions anywhere */
    const unsigned char *glyf = find_table(out, "glyf", &tl);
    assert_int_equal(tl, glyph_offset(out, 3));
    assert_int_equal(u16(find_table(out, "head", &tl) + 50), 0); /* short loca: a small glyf */
    assert_non_null(find_table(out, "loca", &tl));
    assert_int_equal(tl, 2 * 4); /* three glyphs and the end */
    /* new glyph 1: the composite, its component now glyph 2, without instructions */
    const unsigned char *comp = glyf + glyph_offset(out, 1);
    assert_int_equal(glyph_offset(out, 2) - glyph_offset(out, 1), 16);
    assert_int_equal((int16_t)u16(comp), -1);
    assert_int_equal(u16(comp + 10), 0x0002); /* flags: WE_HAVE_INSTRUCTIONS cleared */
    assert_int_equal(u16(comp + 12), 2);
    /* new glyph 2: the simple glyph, instruction length 0 and its points intact */
    const unsigned char *simple = glyf + glyph_offset(out, 2);
    assert_int_equal(u16(simple + 12), 0);
    assert_memory_equal(simple + 14, SIMPLE + 18, sizeof SIMPLE - 18);
    /* hmtx: full metrics for each, lsbs from the font's trailing array */
    const unsigned char *hmtx = find_table(out, "hmtx", &tl);
    assert_int_equal(tl, 12);
    assert_int_equal(u16(hmtx + 4), 600), assert_int_equal(u16(hmtx + 6), 22);
    assert_int_equal(u16(hmtx + 8), 600), assert_int_equal(u16(hmtx + 10), 33);
    assert_int_equal(u16(find_table(out, "hhea", &tl) + 34), 3);
    /* what a PDF reads from a CIDFontType2 program, and nothing else */
    const char *absent[] = {"cmap", "OS/2", "post", "name", "fpgm", "prep", "cvt "};
    for (size_t i = 0; i < sizeof absent / sizeof *absent; i++)
        assert_null(find_table(out, absent[i], &tl));
    assert_int_equal(u16(out + 4), 6); /* glyf head hhea hmtx loca maxp */
    /* the whole file sums to the font magic once checkSumAdjustment is in */
    uint32_t sum = 0;
    for (size_t i = 0; i + 4 <= out_len; i += 4)
        sum += u32(out + i);
    assert_int_equal(sum, 0xB1B0AFBAu);
    free(out);
    free(font);
}

/* Glyphs come in the order asked (so glyph n can be the glyph of code n); one asked twice is
 * there twice. */
static void test_ttsubset_keeps_the_order_asked(void **state)
{
    (void)state;
    size_t len;
    unsigned char *font = tiny_font(&len);
    const uint32_t want[] = {3, 1, 3};
    yk_ttsubset *s = yk_ttsubset_plan(font, len, 0, want, 3);
    assert_non_null(s);
    assert_int_equal(yk_ttsubset_count(s), 4);
    assert_int_equal(yk_ttsubset_glyph(s, 3), 1); /* its first place */
    assert_int_equal(yk_ttsubset_glyph(s, 1), 2);
    size_t out_len, tl;
    unsigned char *out = yk_ttsubset_write(s, &out_len);
    const unsigned char *glyf = find_table(out, "glyf", &tl);
    size_t simple_len = sizeof SIMPLE - 4; /* without its instructions */
    for (unsigned g = 1; g <= 3; g++) {
        assert_int_equal(glyph_offset(out, g + 1) - glyph_offset(out, g), (simple_len + 1) & ~1u);
        assert_memory_equal(glyf + glyph_offset(out, g) + 14, SIMPLE + 18, sizeof SIMPLE - 18);
    }
    const unsigned char *hmtx = find_table(out, "hmtx", &tl);
    assert_int_equal(u16(hmtx + 6), 33), assert_int_equal(u16(hmtx + 10), 11); /* lsb 3, 1 */
    yk_ttsubset_free(s);
    free(out);
    free(font);
}

static void test_ttsubset_refuses_what_it_cannot_follow(void **state)
{
    (void)state;
    size_t len;
    unsigned char *font = tiny_font(&len);
    const uint32_t beyond[] = {4};
    assert_null(yk_ttsubset_plan(font, len, 0, beyond, 1));
    assert_null(yk_ttsubset_plan(font, 11, 0, NULL, 0));
    assert_null(yk_ttsubset_plan(font, len, 1, NULL, 0)); /* no face 1 in a .ttf */
    /* loca of glyph 3 pointing past glyf */
    size_t tl;
    unsigned char *loca = (unsigned char *)find_table(font, "loca", &tl);
    put32(loca + 16, 100000);
    const uint32_t three[] = {3};
    assert_null(yk_ttsubset_plan(font, len, 0, three, 1));
    free(font);
}

/* The same glyph: the same outline but for instructions, advance and side bearing; a
 * composite never (its components are numbered per face); another unitsPerEm never. */
static void test_ttsubset_same_glyph_across_faces(void **state)
{
    (void)state;
    size_t len;
    unsigned char *font = tiny_font(&len), *other = tiny_font(&len);
    size_t tl;
    unsigned char *glyf = (unsigned char *)find_table(other, "glyf", &tl);
    glyf[48 + 26] = 31; /* glyph 3's last y: another outline */
    glyf[12 + 3] = 9;          /* glyph 1's instructions: not part of the outline */
    yk_ttsubset_face *a = yk_ttsubset_face_open(font, len, 0);
    yk_ttsubset_face *b = yk_ttsubset_face_open(other, len, 0);
    assert_non_null(a);
    assert_non_null(b);
    assert_true(yk_ttsubset_same_glyph(a, 1, b, 1));
    assert_true(yk_ttsubset_glyph_key(a, 1) == yk_ttsubset_glyph_key(b, 1));
    assert_true(yk_ttsubset_same_glyph(a, 0, b, 0));  /* both empty, same advance */
    assert_false(yk_ttsubset_same_glyph(a, 1, b, 3)); /* same outline, another side bearing */
    assert_false(yk_ttsubset_same_glyph(a, 3, b, 3)); /* another outline */
    assert_true(yk_ttsubset_same_glyph(a, 3, a, 3));
    assert_false(yk_ttsubset_same_glyph(a, 2, a, 2)); /* composite */
    assert_false(yk_ttsubset_same_glyph(a, 1, b, 4)); /* no glyph 4 */
    unsigned char *head = (unsigned char *)find_table(other, "head", &tl);
    put16(head + 18, 2048);
    yk_ttsubset_face_free(b);
    b = yk_ttsubset_face_open(other, len, 0);
    assert_false(yk_ttsubset_same_glyph(a, 1, b, 1));
    yk_ttsubset_face_free(a);
    yk_ttsubset_face_free(b);
    free(font);
    free(other);
}

/* One program from two faces: the picks in order, each face's composites pointing at its own
 * components, every glyph's metrics from its face, head/hhea/maxp covering both. */
static void test_ttsubset_one_program_from_two_faces(void **state)
{
    (void)state;
    size_t len;
    unsigned char *font = tiny_font(&len), *other = tiny_font(&len);
    size_t tl;
    unsigned char *hmtx = (unsigned char *)find_table(other, "hmtx", &tl);
    put16(hmtx + 4, 700); /* glyphs 1-3 of the other face are 700 wide */
    unsigned char *head = (unsigned char *)find_table(other, "head", &tl);
    put16(head + 36, (unsigned)-50), put16(head + 42, 900); /* xMin, yMax */
    unsigned char *hhea = (unsigned char *)find_table(other, "hhea", &tl);
    put16(hhea + 10, 700);
    unsigned char *maxp = (unsigned char *)find_table(other, "maxp", &tl);
    put16(maxp + 6, 40); /* maxPoints */
    yk_ttsubset_face *a = yk_ttsubset_face_open(font, len, 0);
    yk_ttsubset_face *b = yk_ttsubset_face_open(other, len, 0);
    const yk_ttsubset_face *faces[] = {a, b};
    const yk_ttsubset_pick picks[] = {{0, 1, YK_TTSUBSET_CUT_NONE}, {1, 2, YK_TTSUBSET_CUT_NONE},
                                      {1, 1, YK_TTSUBSET_CUT_NONE}};
    yk_ttsubset *s = yk_ttsubset_plan_faces(faces, 2, picks, 3);
    assert_non_null(s);
    assert_int_equal(yk_ttsubset_count(s), 5); /* .notdef, 3 picks, b's component 3 */
    size_t out_len;
    unsigned char *out = yk_ttsubset_write(s, &out_len);
    yk_ttsubset_free(s);
    const unsigned char *glyf = find_table(out, "glyf", &tl);
    assert_int_equal(u16(glyf + glyph_offset(out, 2) + 12), 4); /* b's composite: b's glyph 3 */
    const unsigned char *m = find_table(out, "hmtx", &tl);
    assert_int_equal(tl, 5 * 4);
    assert_int_equal(u16(m + 4), 600), assert_int_equal(u16(m + 6), 11);  /* a's glyph 1 */
    assert_int_equal(u16(m + 12), 700), assert_int_equal(u16(m + 14), 11); /* b's glyph 1 */
    assert_int_equal(u16(m + 16), 700), assert_int_equal(u16(m + 18), 33); /* b's glyph 3 */
    const unsigned char *h = find_table(out, "head", &tl);
    assert_int_equal((int16_t)u16(h + 36), -50), assert_int_equal(u16(h + 42), 900);
    assert_int_equal(u16(find_table(out, "hhea", &tl) + 10), 700);
    assert_int_equal(u16(find_table(out, "maxp", &tl) + 6), 40);
    free(out);
    /* faces of another unitsPerEm do not share a program */
    put16(head + 18, 2048);
    yk_ttsubset_face_free(b);
    b = yk_ttsubset_face_open(other, len, 0);
    faces[1] = b;
    assert_null(yk_ttsubset_plan_faces(faces, 2, picks, 3));
    const yk_ttsubset_pick nowhere[] = {{2, 1, YK_TTSUBSET_CUT_NONE}};
    assert_null(yk_ttsubset_plan_faces(faces, 1, nowhere, 1));
    yk_ttsubset_face_free(a);
    yk_ttsubset_face_free(b);
    free(font);
    free(other);
}

/* A real font: HarfBuzz reads the same outlines and advances from the subset. */
static void test_ttsubset_bundled_font_keeps_outlines_and_advances(void **state)
{
    (void)state;
    size_t len;
    unsigned char *font = (unsigned char *)yk_read_file("fonts/BIZUDPGothic-Regular.ttf", &len);
    assert_non_null(font);
    hb_blob_t *blob = hb_blob_create((const char *)font, (unsigned)len, HB_MEMORY_MODE_READONLY,
                                     NULL, NULL);
    hb_face_t *face = hb_face_create(blob, 0);
    hb_font_t *hf = hb_font_create(face);
    const uint32_t cps[] = {0x3042, 0x6F22, 'A', 0x3000};
    uint32_t gids[4];
    for (int i = 0; i < 4; i++)
        assert_true(hb_font_get_nominal_glyph(hf, cps[i], &gids[i]));
    yk_ttsubset *s = yk_ttsubset_plan(font, len, 0, gids, 4);
    assert_non_null(s);
    assert_int_equal(yk_ttsubset_count(s), 5);
    size_t out_len;
    unsigned char *out = yk_ttsubset_write(s, &out_len);
    hb_blob_t *sub_blob = hb_blob_create((const char *)out, (unsigned)out_len,
                                         HB_MEMORY_MODE_READONLY, NULL, NULL);
    hb_face_t *sub_face = hb_face_create(sub_blob, 0);
    hb_font_t *sub = hb_font_create(sub_face);
    assert_int_equal(hb_face_get_glyph_count(sub_face), 5);
    for (int i = 0; i < 4; i++) {
        uint32_t n = yk_ttsubset_glyph(s, gids[i]);
        assert_int_equal(hb_font_get_glyph_h_advance(sub, n), hb_font_get_glyph_h_advance(hf, gids[i]));
        hb_glyph_extents_t a, b;
        assert_true(hb_font_get_glyph_extents(hf, gids[i], &a));
        assert_true(hb_font_get_glyph_extents(sub, n, &b));
        assert_memory_equal(&a, &b, sizeof a);
    }
    assert_true(out_len < 8000); /* four glyphs, no hinting, no names */
    hb_font_destroy(sub), hb_face_destroy(sub_face), hb_blob_destroy(sub_blob);
    hb_font_destroy(hf), hb_face_destroy(face), hb_blob_destroy(blob);
    yk_ttsubset_free(s);
    free(out);
    free(font);
}

/* HarfBuzz's font over bytes[0..len); the font holds the face and blob it needs. */
static hb_font_t *open_font(const unsigned char *bytes, size_t len)
{
    hb_blob_t *blob = hb_blob_create((const char *)bytes, (unsigned)len, HB_MEMORY_MODE_READONLY,
                                     NULL, NULL);
    hb_face_t *face = hb_face_create(blob, 0);
    hb_font_t *font = hb_font_create(face);
    hb_face_destroy(face), hb_blob_destroy(blob);
    return font;
}

/* The extents HarfBuzz reads for glyph g of the font in bytes[0..len), and its advance. */
static hb_glyph_extents_t extents_of(const unsigned char *bytes, size_t len, uint32_t g,
                                     int *advance)
{
    hb_font_t *font = open_font(bytes, len);
    hb_glyph_extents_t e;
    assert_true(hb_font_get_glyph_extents(font, g, &e));
    *advance = hb_font_get_glyph_h_advance(font, g);
    hb_font_destroy(font);
    return e;
}

static uint32_t nominal(const unsigned char *bytes, size_t len, uint32_t cp)
{
    hb_font_t *font = open_font(bytes, len);
    uint32_t g = 0;
    assert_true(hb_font_get_nominal_glyph(font, cp, &g));
    hb_font_destroy(font);
    return g;
}

/* A cut mark is a glyph of half an em drawing the mark's own outline: 「 moved left by its
 * blank, 」 where it was; the uncut 」 and the outline they share are in the subset once. A
 * proportional mark has no blank to give and stays as it is. */
static void test_ttsubset_cut_marks_are_half_an_em(void **state)
{
    (void)state;
    size_t len, plen;
    unsigned char *font = (unsigned char *)yk_read_file("fonts/BIZUDGothic-Regular.ttf", &len);
    unsigned char *prop = (unsigned char *)yk_read_file("fonts/BIZUDPGothic-Regular.ttf", &plen);
    assert_non_null(font), assert_non_null(prop);
    uint32_t open = nominal(font, len, 0x300C), close = nominal(font, len, 0x300D);
    uint32_t pclose = nominal(prop, plen, 0x300D);
    yk_ttsubset_face *a = yk_ttsubset_face_open(font, len, 0), *b = yk_ttsubset_face_open(prop, plen, 0);
    const yk_ttsubset_face *faces[] = {a, b};
    const yk_ttsubset_pick picks[] = {{0, open, YK_TTSUBSET_CUT_START}, {0, close, YK_TTSUBSET_CUT_END},
                                      {0, close, YK_TTSUBSET_CUT_NONE}, {1, pclose, YK_TTSUBSET_CUT_END}};
    yk_ttsubset *s = yk_ttsubset_plan_faces(faces, 2, picks, 4);
    assert_non_null(s);
    assert_int_equal(yk_ttsubset_count(s), 6); /* .notdef, four picks, 「's outline */
    assert_int_equal(yk_ttsubset_glyph(s, close), 3); /* the uncut pick, not the cut one */
    size_t out_len, tl;
    unsigned char *out = yk_ttsubset_write(s, &out_len);
    int adv, cut_adv;
    unsigned half = yk_ttsubset_face_upem(a) / 2;
    hb_glyph_extents_t whole = extents_of(font, len, open, &adv);
    hb_glyph_extents_t cut = extents_of(out, out_len, 1, &cut_adv);
    assert_int_equal(cut_adv, (int)half);
    assert_int_equal(cut.x_bearing, whole.x_bearing - (adv - (int)half));
    assert_int_equal(cut.width, whole.width), assert_int_equal(cut.y_bearing, whole.y_bearing);
    assert_int_equal(cut.height, whole.height);
    whole = extents_of(font, len, close, &adv);
    cut = extents_of(out, out_len, 2, &cut_adv);
    assert_int_equal(cut_adv, (int)half);
    assert_memory_equal(&cut, &whole, sizeof cut);
    hb_glyph_extents_t pwhole = extents_of(prop, plen, pclose, &adv);
    cut = extents_of(out, out_len, 4, &cut_adv);
    assert_int_equal(cut_adv, adv);
    assert_memory_equal(&cut, &pwhole, sizeof cut);
    const unsigned char *glyf = find_table(out, "glyf", &tl);
    assert_int_equal((int16_t)u16(glyf + glyph_offset(out, 1)), -1); /* composites */
    assert_int_equal((int16_t)u16(glyf + glyph_offset(out, 2)), -1);
    assert_true((int16_t)u16(glyf + glyph_offset(out, 4)) > 0);    /* a simple copy */
    const unsigned char *maxp = find_table(out, "maxp", &tl);
    assert_true(u16(maxp + 28) >= 1 && u16(maxp + 30) >= 1); /* components allowed */
    yk_ttsubset_free(s);
    yk_ttsubset_face_free(a), yk_ttsubset_face_free(b);
    free(out), free(font), free(prop);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ttsubset_composite_brings_its_component_renumbered),
        cmocka_unit_test(test_ttsubset_keeps_the_order_asked),
        cmocka_unit_test(test_ttsubset_refuses_what_it_cannot_follow),
        cmocka_unit_test(test_ttsubset_same_glyph_across_faces),
        cmocka_unit_test(test_ttsubset_one_program_from_two_faces),
        cmocka_unit_test(test_ttsubset_bundled_font_keeps_outlines_and_advances),
        cmocka_unit_test(test_ttsubset_cut_marks_are_half_an_em),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
