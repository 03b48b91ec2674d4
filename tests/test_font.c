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

static void test_font_subset_is_smaller_and_loads(void **state)
{
    fixture *f = *state;
    char dir[] = "/tmp/yk-test-font-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[64];
    snprintf(path, sizeof path, "%s/sub.ttf", dir);
    const uint32_t cps[] = {0x3042, 0x5730, 0x57DF, 'S', 'D', 'G', 0xFF53, '3', '.', '0'};
    assert_true(yk_font_subset(f->p, cps, sizeof cps / sizeof *cps, path, f->d));
    off_t size = file_size(path);
    assert_true(size > 0 && size < 100 * 1024);
    assert_true(size < file_size(yk_font_file(f->p)) / 20);

    /* the subset is a font of the same family, found in its directory before the system's */
    yk_font *sub = yk_font_open(PGOTHIC, dir, f->d);
    assert_non_null(sub);
    assert_string_equal(yk_font_file(sub), path);
    for (size_t i = 0; i < sizeof cps / sizeof *cps; i++)
        assert_int_equal(yk_font_advance(sub, cps[i]), yk_font_advance(f->p, cps[i]));
    assert_int_equal(yk_font_advance(sub, 0x3044), -1); /* い was not asked for */
    yk_font_free(sub);
    assert_int_equal(yk_diag_count(f->d), 0);
    unlink(path);
    rmdir(dir);
}

static void test_font_subset_unwritable_path_is_error(void **state)
{
    fixture *f = *state;
    yk_diag *d = yk_diag_new();
    const uint32_t cps[] = {0x3042};
    assert_false(yk_font_subset(f->p, cps, 1, "/nonexistent-dir/sub.ttf", d));
    assert_true(yk_diag_has_system_error(d));
    assert_non_null(strstr(yk_diag_at(d, 0)->file, "/nonexistent-dir/sub.ttf"));
    yk_diag_free(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_font_finds_bundled_family_first),
        cmocka_unit_test(test_font_advances_match_libharu_widths),
        cmocka_unit_test(test_font_ascii_is_proportional_only_in_p_face),
        cmocka_unit_test(test_font_missing_glyph_is_minus_one),
        cmocka_unit_test(test_font_metrics_interface),
        cmocka_unit_test(test_font_unknown_family_is_error_naming_it),
        cmocka_unit_test(test_font_subset_is_smaller_and_loads),
        cmocka_unit_test(test_font_subset_unwritable_path_is_error),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
