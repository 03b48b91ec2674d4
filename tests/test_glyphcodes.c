/* glyphcodes: the remap of glyphs to the codes a PDF font shows, and its ToUnicode.
 * Run from the repository root (the font comes from ./fonts). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "../src/glyphcodes.h"

#define VS17 "\U000E0100"

typedef struct fixture {
    yk_diag *d;
    yk_font *font;
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    f->d = yk_diag_new();
    f->font = yk_font_open("BIZ UDPGothic", "fonts", f->d);
    *state = f;
    return f->font ? 0 : -1;
}

static int teardown(void **state)
{
    fixture *f = *state;
    yk_font_free(f->font);
    yk_diag_free(f->d);
    free(f);
    return 0;
}

static void use(yk_glyph_codes *c, const yk_font *font, uint32_t cp, uint32_t sel,
                const char *text)
{
    yk_glyph_codes_use(c, yk_font_glyph(font, cp, sel), text, strlen(text));
}

static uint16_t code(const yk_glyph_codes *c, const yk_font *font, uint32_t cp, uint32_t sel,
                     const char *text)
{
    return yk_glyph_codes_get(c, yk_font_glyph(font, cp, sel), text, strlen(text));
}

/* Codes are 1, 2, … in the order of the text each glyph stands for (UTF-8 order is code
 * point order), whatever the order of use: a character, then the same with a selector, then
 * a character beyond the BMP. */
static void test_glyphcodes_dense_codes_in_text_order(void **state)
{
    fixture *f = *state;
    for (int reversed = 0; reversed < 2; reversed++) {
        yk_glyph_codes *c = yk_glyph_codes_new(f->font);
        if (!reversed) {
            use(c, f->font, 0x3042, 0, "あ");
            use(c, f->font, 0x2000B, 0, "𠀋");
            use(c, f->font, 0x8FBB, 0xE0100, "辻" VS17);
            use(c, f->font, 0x8FBB, 0, "辻");
        } else {
            use(c, f->font, 0x8FBB, 0, "辻");
            use(c, f->font, 0x8FBB, 0xE0100, "辻" VS17);
            use(c, f->font, 0x2000B, 0, "𠀋");
            use(c, f->font, 0x3042, 0, "あ");
        }
        use(c, f->font, 0x2000B, 0, "𠀋"); /* again: the same entry */
        assert_int_equal(yk_glyph_codes_count(c), 4);
        assert_true(yk_glyph_codes_assign(c));
        assert_int_equal(code(c, f->font, 0x3042, 0, "あ"), 1);
        assert_int_equal(code(c, f->font, 0x8FBB, 0, "辻"), 2);
        assert_int_equal(code(c, f->font, 0x8FBB, 0xE0100, "辻" VS17), 3);
        assert_int_equal(code(c, f->font, 0x2000B, 0, "𠀋"), 4);
        assert_int_equal(code(c, f->font, 0x3044, 0, "い"), 0); /* never used */
        size_t n;
        const yk_font_code *list = yk_glyph_codes_list(c, &n);
        assert_int_equal(n, 4);
        for (size_t i = 0; i < n; i++)
            assert_int_equal(list[i].code, i + 1);
        assert_int_equal(list[0].gid, yk_font_glyph(f->font, 0x3042, 0));
        yk_glyph_codes_free(c);
    }
}

/* After assignment a code gives back its glyph's text, and recoding moves every glyph to the
 * code the map names (a shared program put in text order over its fonts), the list, the
 * lookups and the ToUnicode following. */
static void test_glyphcodes_text_and_recode(void **state)
{
    fixture *f = *state;
    yk_glyph_codes *c = yk_glyph_codes_new(f->font);
    use(c, f->font, 0x3044, 0, "い");
    use(c, f->font, 0x3042, 0, "あ");
    use(c, f->font, 0x6F22, 0, "漢");
    assert_true(yk_glyph_codes_assign(c));
    size_t len = 0;
    const char *t = yk_glyph_codes_text(c, 2, &len);
    assert_non_null(t);
    assert_int_equal(len, strlen("い"));
    assert_memory_equal(t, "い", len);
    assert_null(yk_glyph_codes_text(c, 4, &len));
    const uint16_t map[] = {0, 5, 2, 7}; /* あ 1 → 5, い 2 → 2, 漢 3 → 7 */
    yk_glyph_codes_recode(c, map, 4);
    assert_int_equal(code(c, f->font, 0x3042, 0, "あ"), 5);
    assert_int_equal(code(c, f->font, 0x3044, 0, "い"), 2);
    assert_int_equal(code(c, f->font, 0x6F22, 0, "漢"), 7);
    t = yk_glyph_codes_text(c, 7, &len);
    assert_non_null(t);
    assert_memory_equal(t, "漢", len);
    size_t n;
    const yk_font_code *list = yk_glyph_codes_list(c, &n);
    assert_int_equal(n, 3);
    assert_int_equal(list[0].code, 2);
    assert_int_equal(list[1].code, 5);
    assert_int_equal(list[2].code, 7);
    char *cmap = yk_glyph_codes_tounicode(c);
    assert_non_null(strstr(cmap, "<0005> <3042>"));
    free(cmap);
    yk_glyph_codes_free(c);
}

/* The default form of 辻 written with a selector is the nominal glyph, but its text is not
 * 辻 alone: it needs a code of its own so that ToUnicode gives back what was written. */
static void test_glyphcodes_same_glyph_other_text_gets_its_own_code(void **state)
{
    fixture *f = *state;
    yk_glyph_codes *c = yk_glyph_codes_new(f->font);
    use(c, f->font, 0x8FBB, 0xE0101, "辻\U000E0101");
    use(c, f->font, 0x8FBB, 0, "辻");
    assert_true(yk_glyph_codes_assign(c));
    assert_int_equal(code(c, f->font, 0x8FBB, 0, "辻"), 1);
    assert_int_equal(code(c, f->font, 0x8FBB, 0xE0101, "辻\U000E0101"), 2);
    yk_glyph_codes_free(c);
}

/* Consecutive characters under consecutive codes are one range; the rest map one by one. */
static void test_glyphcodes_tounicode_maps_back_to_the_text(void **state)
{
    fixture *f = *state;
    yk_glyph_codes *c = yk_glyph_codes_new(f->font);
    use(c, f->font, 0x2000B, 0, "𠀋");
    use(c, f->font, 0x5730, 0, "地");
    use(c, f->font, 0x3042, 0, "あ");
    use(c, f->font, 0x845B, 0xE0100, "葛" VS17);
    use(c, f->font, 0x3041, 0, "ぁ");
    assert_true(yk_glyph_codes_assign(c));
    char *cmap = yk_glyph_codes_tounicode(c);
    assert_non_null(strstr(cmap, "/CMapType 2 def"));
    assert_non_null(strstr(cmap, "1 beginbfrange\n<0001> <0002> <3041>\nendbfrange"));
    assert_non_null(strstr(cmap, "<0003> <5730>\n"));
    assert_non_null(strstr(cmap, "<0004> <845BDB40DD00>\n")); /* base + selector */
    assert_non_null(strstr(cmap, "<0005> <D840DC0B>\n"));     /* a surrogate pair */
    assert_non_null(strstr(cmap, "3 beginbfchar"));
    free(cmap);
    yk_glyph_codes_free(c);
}

/* More glyphs than 2-byte codes without the surrogates (63,487): refused, never wrapped. */
static void test_glyphcodes_codes_run_out(void **state)
{
    fixture *f = *state;
    for (unsigned extra = 0; extra < 2; extra++) {
        yk_glyph_codes *c = yk_glyph_codes_new(f->font);
        char text[16];
        for (unsigned i = 0; i < 0xFFFFu - 0x800u + extra; i++) {
            size_t n = yk_utf8_encode(0x20000 + i, text);
            yk_glyph_codes_use(c, 1, text, n);
        }
        assert_int_equal(yk_glyph_codes_assign(c), extra == 0);
        if (extra == 0) { /* the last code given is 0xFFFF, none in the surrogates */
            size_t n;
            const yk_font_code *list = yk_glyph_codes_list(c, &n);
            assert_int_equal(list[n - 1].code, 0xFFFF);
            for (size_t i = 0; i < n; i++)
                assert_false(list[i].code >= 0xD800 && list[i].code <= 0xDFFF);
        }
        yk_glyph_codes_free(c);
    }
}

/* A program of 10 glyphs drawing 漢 as code 7 and 字 as code 3: the shared glyphs take those
 * codes (one code per glyph of the set: 漢 drawn for two texts takes 7 once), the rest come
 * after the program's, in text order. */
static uint16_t program_glyph(void *ctx, uint32_t gid)
{
    const yk_font *font = ctx;
    if (gid == yk_font_glyph(font, 0x6F22, 0))
        return 7;
    return gid == yk_font_glyph(font, 0x5B57, 0) ? 3 : 0;
}

static void test_glyphcodes_shared_program_codes(void **state)
{
    fixture *f = *state;
    yk_glyph_codes *c = yk_glyph_codes_new(f->font);
    use(c, f->font, 0x6F22, 0, "漢");
    use(c, f->font, 0x3044, 0, "い");
    use(c, f->font, 0x5B57, 0, "字");
    use(c, f->font, 0x3042, 0, "あ");
    yk_glyph_codes_use(c, yk_font_glyph(f->font, 0x6F22, 0), "漢" VS17, strlen("漢" VS17));
    assert_true(yk_glyph_codes_assign_shared(c, 11, program_glyph, f->font));
    assert_int_equal(code(c, f->font, 0x6F22, 0, "漢"), 7);
    assert_int_equal(code(c, f->font, 0x5B57, 0, "字"), 3);
    assert_int_equal(code(c, f->font, 0x3042, 0, "あ"), 11);
    assert_int_equal(code(c, f->font, 0x3044, 0, "い"), 12);
    assert_int_equal(code(c, f->font, 0x6F22, 0, "漢" VS17), 13); /* 7 is taken */
    size_t n;
    const yk_font_code *list = yk_glyph_codes_list(c, &n);
    assert_int_equal(n, 5);
    assert_int_equal(list[0].code, 3);
    assert_int_equal(list[4].code, 13);
    char *cmap = yk_glyph_codes_tounicode(c);
    assert_non_null(strstr(cmap, "<0007> <6F22>"));
    assert_non_null(strstr(cmap, "<000B> <3042>"));
    assert_non_null(strstr(cmap, "<000D> <6F22DB40DD00>"));
    free(cmap);
    /* no program: dense codes again */
    assert_true(yk_glyph_codes_assign(c));
    assert_int_equal(code(c, f->font, 0x3042, 0, "あ"), 1);
    yk_glyph_codes_free(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_glyphcodes_dense_codes_in_text_order),
        cmocka_unit_test(test_glyphcodes_same_glyph_other_text_gets_its_own_code),
        cmocka_unit_test(test_glyphcodes_tounicode_maps_back_to_the_text),
        cmocka_unit_test(test_glyphcodes_codes_run_out),
        cmocka_unit_test(test_glyphcodes_shared_program_codes),
        cmocka_unit_test(test_glyphcodes_text_and_recode),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
