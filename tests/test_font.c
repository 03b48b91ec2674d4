/* font: finding the bundled families, advances as libharu truncates them, subsets.
 * Run from the repository root (the fonts come from ./fonts). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../src/font.h"

#define PGOTHIC "BIZ UDPGothic"
#define GOTHIC "BIZ UDGothic"

typedef struct fixture {
    yk_diag *d;
    yk_font *p;     /* proportional */
    yk_font *fixed; /* fixed-width kana and kanji */
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    f->d = yk_diag_new();
    f->p = yk_font_open(PGOTHIC, "fonts", f->d);
    f->fixed = yk_font_open(GOTHIC, "fonts", f->d);
    *state = f;
    return f->p && f->fixed ? 0 : -1;
}

static int teardown(void **state)
{
    fixture *f = *state;
    yk_font_free(f->p);
    yk_font_free(f->fixed);
    yk_diag_free(f->d);
    free(f);
    return 0;
}

static void test_font_finds_bundled_family_first(void **state)
{
    fixture *f = *state;
    assert_string_equal(yk_font_family(f->p), PGOTHIC);
    assert_non_null(strstr(yk_font_file(f->p), "fonts/BIZUDPGothic-Regular.ttf"));
    assert_non_null(strstr(yk_font_file(f->fixed), "fonts/BIZUDGothic-Regular.ttf"));
    assert_int_equal(yk_diag_count(f->d), 0);
}

/* The values of the fonts' hmtx, floor(adv * 1000 / 2048), as in libharu's /W. */
static void test_font_advances_match_libharu_widths(void **state)
{
    fixture *f = *state;
    assert_int_equal(yk_font_advance(f->fixed, 0x3042), 1000); /* あ */
    assert_int_equal(yk_font_advance(f->p, 0x3042), 979);      /* proportional kana */
    assert_int_equal(yk_font_advance(f->p, 0x3000), 666);      /* ideographic space */
    assert_int_equal(yk_font_advance(f->p, 0xFF0D), 1000);     /* － of １－１ */
    assert_int_equal(yk_font_advance(f->fixed, 'A'), 500);
}

static void test_font_ascii_is_proportional_only_in_p_face(void **state)
{
    fixture *f = *state;
    assert_true(yk_font_advance(f->p, 'i') < yk_font_advance(f->fixed, 'i'));
    assert_true(yk_font_advance(f->p, 'i') < yk_font_advance(f->p, 'A'));
    assert_int_equal(yk_font_advance(f->fixed, 'i'), yk_font_advance(f->fixed, 'A'));
}

static void test_font_missing_glyph_is_minus_one(void **state)
{
    fixture *f = *state;
    assert_int_equal(yk_font_advance(f->p, 0xAC00), -1);   /* 가: no Hangul in the font */
    assert_int_equal(yk_font_advance(f->p, 0x10FFFD), -1); /* private use, plane 16 */
    assert_false(yk_font_has(f->p, 0xAC00));
    assert_true(yk_font_has(f->p, 0x3042));
    /* the font has 𠀋 beyond the BMP; reaching it is draw's business, coverage is not */
    assert_true(yk_font_has(f->p, 0x2000B));
}

static void test_font_metrics_interface(void **state)
{
    fixture *f = *state;
    yk_metrics m = yk_font_metrics(f->p);
    assert_int_equal(m.advance(m.ctx, 0x3042), 979);
    assert_int_equal(m.advance(m.ctx, 0xAC00), -1);
    assert_true(m.ascent > 0 && m.ascent <= 1200);
    assert_true(m.descent < 0 && m.descent >= -400);
}

static void test_font_unknown_family_is_error_naming_it(void **state)
{
    yk_diag *d = yk_diag_new();
    assert_null(yk_font_open("Yoshiki Nonexistent Mincho", "fonts", d));
    assert_int_equal(yk_diag_errors(d), 1);
    assert_true(yk_diag_has_system_error(d));
    const char *msg = yk_diag_at(d, 0)->message;
    assert_non_null(strstr(msg, "'Yoshiki Nonexistent Mincho'"));
    assert_non_null(strstr(msg, "fonts"));
    yk_diag_free(d);
}

static off_t file_size(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 ? st.st_size : -1;
}

/* A subset holds the glyphs asked for as glyphs 1…n (beyond the BMP and variation
 * sequences too), the same outlines and advances, and no cmap: the PDF maps its codes. */
static void test_font_subset_holds_the_glyphs_asked_in_order(void **state)
{
    fixture *f = *state;
    char dir[] = "/tmp/yk-test-font-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[64];
    snprintf(path, sizeof path, "%s/sub.ttf", dir);
    const uint32_t cps[] = {'.', '0', '3', 'D', 'G', 'S', 0x3042, 0x5730, 0x57DF, 0xFF53, 0x2000B};
    yk_font_glyph_ref glyphs[12];
    size_t n = 0;
    for (size_t i = 0; i < sizeof cps / sizeof *cps; i++)
        glyphs[n++] = (yk_font_glyph_ref){f->p, yk_font_glyph(f->p, cps[i], 0)};
    glyphs[n++] = (yk_font_glyph_ref){f->p, yk_font_glyph(f->p, 0x8FBB, 0xE0100)}; /* 辻󠄀 */
    size_t len = 0;
    unsigned char *bytes = yk_font_subset(glyphs, n, &len, f->d);
    assert_non_null(bytes);
    FILE *out = fopen(path, "wb");
    assert_non_null(out);
    assert_int_equal(fwrite(bytes, 1, len, out), len);
    assert_int_equal(fclose(out), 0);
    free(bytes);
    off_t size = file_size(path);
    assert_true(size > 0 && size < 100 * 1024);
    assert_true(size < file_size(yk_font_file(f->p)) / 20);

    yk_font *sub = yk_font_open_file(PGOTHIC, path, 0, f->d);
    assert_non_null(sub);
    for (size_t i = 0; i < n; i++) /* the same outlines and metrics, padded otherwise */
        assert_true(yk_font_same_glyph(sub, (uint32_t)i + 1, f->p, glyphs[i].gid));
    assert_false(yk_font_same_glyph(sub, 7, f->p, glyphs[7].gid)); /* あ is glyph 7, not 8 */
    assert_false(yk_font_has(sub, 0x3042)); /* no cmap */
    yk_font_free(sub);
    assert_int_equal(yk_diag_count(f->d), 0);
    unlink(path);
    rmdir(dir);
}

/* Kanji both families draw are the same glyph; kana and Latin, narrower in the proportional
 * family, are not. */
static void test_font_same_glyph_across_families(void **state)
{
    fixture *f = *state;
    uint32_t cp[] = {0x5730 /* 地 */, 0x57DF /* 域 */, 0x3042 /* あ */, 'A'};
    bool same[] = {true, true, false, false};
    for (int i = 0; i < 4; i++) {
        uint32_t gp = yk_font_glyph(f->p, cp[i], 0), gf = yk_font_glyph(f->fixed, cp[i], 0);
        assert_int_equal(yk_font_same_glyph(f->p, gp, f->fixed, gf), same[i]);
        if (same[i])
            assert_true(yk_font_glyph_key(f->p, gp) == yk_font_glyph_key(f->fixed, gf));
        assert_true(yk_font_same_glyph(f->p, gp, f->p, gp));
    }
    assert_false(yk_font_same_glyph(f->p, yk_font_glyph(f->p, 0x5730, 0), f->p,
                                    yk_font_glyph(f->p, 0x57DF, 0)));
}

/* A glyph number the font does not have cannot be subset: an error naming the font file. */
static void test_font_subset_of_a_missing_glyph_is_error(void **state)
{
    fixture *f = *state;
    yk_diag *d = yk_diag_new();
    const yk_font_glyph_ref glyphs[] = {{f->p, yk_font_glyph(f->p, 0x3042, 0)},
                                        {f->p, 0xFFFFFu}};
    size_t len = 0;
    assert_null(yk_font_subset(glyphs, 2, &len, d));
    assert_true(yk_diag_has_system_error(d));
    assert_string_equal(yk_diag_at(d, 0)->file, yk_font_file(f->p));
    yk_diag_free(d);
}

/* 辻 + U+E0100 is the one-dot form: a different glyph, reached only through cmap 14. */
static void test_font_variation_sequence_is_its_own_glyph(void **state)
{
    fixture *f = *state;
    uint32_t plain = yk_font_glyph(f->p, 0x8FBB, 0), variant = yk_font_glyph(f->p, 0x8FBB, 0xE0100);
    assert_int_not_equal(plain, 0);
    assert_int_not_equal(variant, 0);
    assert_int_not_equal(plain, variant);
    assert_int_equal(yk_font_glyph(f->p, 0x3042, 0xE0100), 0); /* no such sequence */
    assert_int_not_equal(yk_font_glyph(f->p, 0x2000B, 0), 0);   /* 𠀋, beyond the BMP */
}

static void shape_text(const yk_font *font, const char *text, yk_shaped *out)
{
    yk_font_char chars[32];
    size_t n = 0, len = strlen(text);
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        size_t k = yk_utf8_decode(text + i, len - i, &cp);
        chars[n++] = (yk_font_char){cp, i};
        i += k;
    }
    *out = (yk_shaped){0};
    yk_font_shape(font, chars, n, len, out);
}

/* Shaping: one glyph per cluster, the selector inside its base's cluster, and each glyph's
 * advance its /W width. */
static void test_font_shape_clusters_and_advances(void **state)
{
    fixture *f = *state;
    yk_shaped s;
    shape_text(f->p, "𠀋辻\U000E0100あ", &s);
    assert_int_equal(s.count, 3);
    assert_int_equal(s.glyphs[0].gid, yk_font_glyph(f->p, 0x2000B, 0));
    assert_int_equal(s.glyphs[0].start, 0);
    assert_int_equal(s.glyphs[0].len, 4);
    assert_int_equal(s.glyphs[1].gid, yk_font_glyph(f->p, 0x8FBB, 0xE0100));
    assert_int_equal(s.glyphs[1].start, 4);
    assert_int_equal(s.glyphs[1].len, 7); /* 辻 and its selector */
    assert_int_equal(s.glyphs[2].advance, 979);
    assert_int_equal(s.glyphs[2].start, 11);
    assert_string_equal(s.glyphs[2].family, PGOTHIC);
    yk_shaped_free(&s);
}

/* Runs HarfBuzz would set as their nominal glyphs are shaped without it: the glyphs, advances
 * and clusters must be exactly HarfBuzz's, next to everything that makes HarfBuzz change
 * them — か゚ (a ccmp ligature in these fonts), 1⁄2 (automatic fractions), ﾊﾟ (a cluster),
 * combining marks, decomposable letters, ignorables — in random order. A font opened by a
 * finder has no tables, so HarfBuzz shapes all of it. */
static void test_font_shape_without_harfbuzz_only_where_it_changes_nothing(void **state)
{
    fixture *f = *state;
    static const uint32_t pool[] = {
        0x304B, 0x304D, 0x30AB, 0x30BB, 0x30C8, 0x31F7, 0x309A, 0x3099, 0x304C, 0x3042, 0x3093,
        0x30FC, 0x4E00, 0x8FBB, 0x9AD9, 0x3001, 0x3002, 0x300C, 0x300D, 0x3000, 0x0020, 0x00A0,
        '1',    '2',    '3',    '4',    '/',    0x2044, 0x2215, 0xFF11, 0xFF12, 0xFF0F, 'a',
        'f',    'i',    'A',    0x00E6, 0x00E9, 0x0065, 0x0301, 0x0300, 0x02E5, 0x02E9, 0xFF8A,
        0xFF9F, 0xFF9E, 0x00AD, 0x200D, 0x2011, 0x2014, 0xFF5E, 0x2460, 0x1100, 0x0410, 0x05D0,
    };
    const size_t pool_n = sizeof pool / sizeof *pool;
    yk_font_finder *finder = yk_font_finder_new("fonts");
    yk_font *hb[2] = {yk_font_finder_open(finder, PGOTHIC, f->d),
                      yk_font_finder_open(finder, GOTHIC, f->d)};
    yk_font_finder_free(finder);
    const yk_font *fast[2] = {f->p, f->fixed};
    unsigned seed = 12345;
    for (int round = 0; round < 40000; round++) {
        yk_font_char chars[12];
        size_t n = 1 + (size_t)(round % 12), at = 0;
        for (size_t i = 0; i < n; i++) {
            seed = seed * 1103515245u + 12345u;
            /* mostly ordinary text, now and then one of the pool's tricky characters */
            uint32_t cp = pool[(seed >> 8) % (seed >> 28 ? 22 : pool_n)];
            char utf8[4];
            chars[i] = (yk_font_char){cp, at};
            at += yk_utf8_encode(cp, utf8);
        }
        for (int k = 0; k < 2; k++) {
            yk_shaped a = {0}, b = {0};
            yk_font_shape(fast[k], chars, n, at, &a);
            yk_font_shape(hb[k], chars, n, at, &b);
            assert_int_equal(a.count, b.count);
            for (size_t i = 0; i < a.count; i++) {
                if (a.glyphs[i].gid != b.glyphs[i].gid || a.glyphs[i].advance != b.glyphs[i].advance ||
                    a.glyphs[i].start != b.glyphs[i].start || a.glyphs[i].len != b.glyphs[i].len)
                    fail_msg("round %d glyph %zu (U+%04X first): %u/%d/%zu/%zu, HarfBuzz %u/%d/%zu/%zu",
                             round, i, (unsigned)chars[0].cp, (unsigned)a.glyphs[i].gid,
                             a.glyphs[i].advance, a.glyphs[i].start, a.glyphs[i].len,
                             (unsigned)b.glyphs[i].gid, b.glyphs[i].advance, b.glyphs[i].start,
                             b.glyphs[i].len);
                assert_string_equal(a.glyphs[i].family, b.glyphs[i].family);
            }
            yk_shaped_free(&a);
            yk_shaped_free(&b);
        }
    }
    /* and the tricky cases themselves did change under HarfBuzz: the test can tell */
    yk_shaped s;
    shape_text(f->p, "か\u309A", &s);
    assert_int_equal(s.count, 1);
    assert_int_not_equal(s.glyphs[0].gid, yk_font_glyph(f->p, 0x304B, 0));
    yk_shaped_free(&s);
    shape_text(f->p, "1\u20442", &s);
    assert_int_equal(s.count, 3);
    assert_int_not_equal(s.glyphs[0].gid, yk_font_glyph(f->p, '1', 0));
    yk_shaped_free(&s);
    yk_font_free(hb[0]);
    yk_font_free(hb[1]);
}

static void test_font_unassigned_code_points(void **state)
{
    (void)state;
    assert_true(yk_unicode_assigned(0x20BB7));
    assert_true(yk_unicode_assigned(0xE0100));
    assert_false(yk_unicode_assigned(0x2FFFD));
    assert_false(yk_unicode_assigned(0x0378));
}

/* A finder opens every family of a session from one index of the directory; its fonts have
 * no advance table until asked, and the table (built a cmap range at a time) says exactly
 * what a look-up of each code point says. */
static void test_font_finder_and_advance_table_agree_with_lookups(void **state)
{
    fixture *f = *state;
    yk_font_finder *finder = yk_font_finder_new("fonts");
    yk_font *a = yk_font_finder_open(finder, PGOTHIC, f->d);
    yk_font *b = yk_font_finder_open(finder, GOTHIC, f->d);
    yk_font_finder_free(finder); /* the fonts outlive it */
    assert_non_null(a);
    assert_non_null(b);
    assert_string_equal(yk_font_file(a), yk_font_file(f->p));
    assert_string_equal(yk_font_file(b), yk_font_file(f->fixed));
    static int before[0x10000];
    for (uint32_t cp = 0; cp < 0x10000; cp++)
        before[cp] = yk_font_advance(a, cp); /* no table yet: each one looked up */
    yk_font_index_advances(a);
    int mapped = 0;
    for (uint32_t cp = 0; cp < 0x10000; cp++) {
        if (yk_font_advance(a, cp) != before[cp])
            fail_msg("U+%04X: table %d, look-up %d", (unsigned)cp, yk_font_advance(a, cp),
                     before[cp]);
        mapped += before[cp] >= 0;
        assert_int_equal(yk_font_advance(a, cp), yk_font_advance(f->p, cp));
    }
    assert_true(mapped > 10000);
    assert_int_equal(yk_font_advance(a, 0xD800), -1); /* surrogates are never characters */
    yk_font_free(a);
    yk_font_free(b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_font_finds_bundled_family_first),
        cmocka_unit_test(test_font_finder_and_advance_table_agree_with_lookups),
        cmocka_unit_test(test_font_advances_match_libharu_widths),
        cmocka_unit_test(test_font_ascii_is_proportional_only_in_p_face),
        cmocka_unit_test(test_font_missing_glyph_is_minus_one),
        cmocka_unit_test(test_font_metrics_interface),
        cmocka_unit_test(test_font_unknown_family_is_error_naming_it),
        cmocka_unit_test(test_font_subset_holds_the_glyphs_asked_in_order),
        cmocka_unit_test(test_font_same_glyph_across_families),
        cmocka_unit_test(test_font_variation_sequence_is_its_own_glyph),
        cmocka_unit_test(test_font_shape_clusters_and_advances),
        cmocka_unit_test(test_font_shape_without_harfbuzz_only_where_it_changes_nothing),
        cmocka_unit_test(test_font_unassigned_code_points),
        cmocka_unit_test(test_font_subset_of_a_missing_glyph_is_error),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
