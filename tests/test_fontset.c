/* fontset: shaping with fallbacks — the template's fallbacks (installed by tools/install-deps:
 * MigMix 1P, IPAmjMincho), the same generic family first; sequences; what cannot be printed.
 * Run from the repository root (the bundled fonts come from ./fonts). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "../src/fontset.h"

#define PGOTHIC "BIZ UDPGothic"
#define VS17 "\U000E0100"

typedef struct fixture {
    yk_diag *d;
    yk_fontset *set;
    yk_metrics m;
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    f->d = yk_diag_new();
    /* the Mincho listed first: a Gothic cell must still get the Gothic fallback */
    const char *families[] = {PGOTHIC};
    const char *fallbacks[] = {"IPAmjMincho", "MigMix 1P"};
    f->set = yk_fontset_open(families, 1, fallbacks, 2, "fonts", f->d);
    *state = f;
    return f->set && yk_fontset_metrics(f->set, PGOTHIC, &f->m) ? 0 : -1;
}

static int teardown(void **state)
{
    fixture *f = *state;
    yk_fontset_free(f->set);
    yk_diag_free(f->d);
    free(f);
    return 0;
}

static void shape(const fixture *f, const char *text, yk_shaped *out)
{
    yk_shape(&f->m, text, strlen(text), out);
}

static uint32_t glyph_in(const fixture *f, const char *family, uint32_t cp, uint32_t sel)
{
    const yk_font *fonts[YK_FONTSET_MAX];
    size_t n = yk_fontset_fonts(f->set, fonts, YK_FONTSET_MAX);
    for (size_t i = 0; i < n; i++)
        if (strcmp(yk_font_family(fonts[i]), family) == 0)
            return yk_font_glyph(fonts[i], cp, sel);
    fail_msg("no font %s in the set", family);
    return 0;
}

/* 𠮷 is not in BIZ UD: it is set in the Gothic fallback, and the choice is noted. */
static void test_fontset_fallback_glyph_same_generic_family_first(void **state)
{
    fixture *f = *state;
    yk_shaped s;
    shape(f, "𠮷田", &s);
    assert_int_equal(s.count, 2);
    assert_string_equal(s.glyphs[0].family, "MigMix 1P");
    assert_int_equal(s.glyphs[0].gid, glyph_in(f, "MigMix 1P", 0x20BB7, 0));
    assert_int_equal(s.glyphs[0].advance, 1000);
    assert_string_equal(s.glyphs[1].family, PGOTHIC);
    assert_int_equal(s.note_count, 1);
    assert_int_equal(s.notes[0].kind, YK_NOTE_FALLBACK);
    assert_int_equal(s.notes[0].cp, 0x20BB7);
    assert_string_equal(s.notes[0].family, "MigMix 1P");
    yk_shaped_free(&s);
}

/* A glyph reached only through cmap 14, and one beyond the BMP, from the primary font. */
static void test_fontset_variation_sequence_and_non_bmp_in_primary(void **state)
{
    fixture *f = *state;
    yk_shaped s;
    shape(f, "辻" VS17 "𠀋", &s);
    assert_int_equal(s.count, 2);
    assert_int_equal(s.note_count, 0);
    assert_string_equal(s.glyphs[0].family, PGOTHIC);
    assert_int_equal(s.glyphs[0].gid, glyph_in(f, PGOTHIC, 0x8FBB, 0xE0100));
    assert_int_not_equal(s.glyphs[0].gid, glyph_in(f, PGOTHIC, 0x8FBB, 0));
    assert_int_equal(s.glyphs[0].len, strlen("辻" VS17));
    assert_int_equal(s.glyphs[1].gid, glyph_in(f, PGOTHIC, 0x2000B, 0));
    yk_shaped_free(&s);
}

/* A sequence the cell's font lacks but a fallback maps (葛 + U+E0102, an MJ variant in
 * IPAmjMincho only) is set in that fallback as the variant, and the choice is noted. */
static void test_fontset_sequence_from_a_fallback(void **state)
{
    fixture *f = *state;
    yk_shaped s;
    shape(f, "葛\U000E0102", &s);
    assert_int_equal(s.count, 1);
    assert_string_equal(s.glyphs[0].family, "IPAmjMincho");
    assert_int_equal(s.glyphs[0].gid, glyph_in(f, "IPAmjMincho", 0x845B, 0xE0102));
    assert_int_equal(s.note_count, 1);
    assert_int_equal(s.notes[0].kind, YK_NOTE_FALLBACK);
    assert_int_equal(s.notes[0].selector, 0xE0102);
    assert_string_equal(s.notes[0].family, "IPAmjMincho");
    yk_shaped_free(&s);
}

/* A sequence no font maps: the base in the primary font, never dropped, with a note; the
 * cluster still covers the selector so the text extracts as written. */
static void test_fontset_sequence_nobody_has_draws_base(void **state)
{
    fixture *f = *state;
    yk_shaped s;
    shape(f, "あ" VS17 "い", &s);
    assert_int_equal(s.count, 2);
    assert_int_equal(s.glyphs[0].gid, glyph_in(f, PGOTHIC, 0x3042, 0));
    assert_string_equal(s.glyphs[0].family, PGOTHIC);
    assert_int_equal(s.glyphs[0].len, strlen("あ" VS17));
    assert_int_equal(s.note_count, 1);
    assert_int_equal(s.notes[0].kind, YK_NOTE_NO_SEQUENCE);
    assert_int_equal(s.notes[0].cp, 0x3042);
    assert_int_equal(s.notes[0].selector, 0xE0100);
    yk_shaped_free(&s);
}

static void test_fontset_unassigned_and_control_are_noted_not_drawn(void **state)
{
    fixture *f = *state;
    yk_shaped s;
    shape(f, "あ\xf0\xaf\xbf\xbdい\x07", &s); /* U+2FFFD, BEL */
    assert_int_equal(s.count, 2);
    assert_int_equal(s.note_count, 2);
    assert_int_equal(s.notes[0].kind, YK_NOTE_UNASSIGNED);
    assert_int_equal(s.notes[0].cp, 0x2FFFD);
    assert_int_equal(s.notes[0].start, 3);
    assert_int_equal(s.notes[1].kind, YK_NOTE_CONTROL);
    yk_shaped_free(&s);
}

/* U+200B is an allowed break drawn as nothing: no glyph, no width, no note. */
static void test_fontset_zero_width_space_has_no_glyph(void **state)
{
    fixture *f = *state;
    yk_shaped s;
    shape(f, "あ\u200Bい", &s);
    assert_int_equal(s.count, 2);
    assert_int_equal(s.note_count, 0);
    assert_int_equal(s.glyphs[1].start, 6);
    yk_shaped_free(&s);
}

/* fontconfig's charset query, used only when no template fallback has a character: whatever
 * this machine has, the face it offers really has the character and is a TrueType face. */
static void test_fontset_catalog_offers_a_face_that_has_the_character(void **state)
{
    (void)state;
    yk_font_catalog *c = yk_font_catalog_open();
    assert_non_null(c);
    char *family = NULL, *file = NULL;
    unsigned index = 0;
    /* 𠮷: the set-up installs two fonts that have it */
    assert_true(yk_font_catalog_find(c, 0x20BB7, "sans-serif", &family, &file, &index));
    yk_diag *d = yk_diag_new();
    yk_font *font = yk_font_open_file(family, file, index, d);
    assert_non_null(font);
    assert_int_not_equal(yk_font_glyph(font, 0x20BB7, 0), 0);
    yk_font_free(font);
    free(family), free(file);
    /* an unassigned code point is in no font */
    assert_false(yk_font_catalog_find(c, 0x2FFFD, "sans-serif", &family, &file, &index));
    yk_diag_free(d);
    yk_font_catalog_free(c);
}

/* A character repeated in a text is reported once for that text, whatever became of it. */
static void test_fontset_missing_character_noted_once(void **state)
{
    fixture *f = *state;
    yk_shaped s;
    /* U+1D2E0 (a Mayan numeral) is in none of the bundled or set-up fonts */
    shape(f, "\U0001D2E0あ\U0001D2E0い\U0001D2E0", &s);
    size_t missing = 0;
    for (size_t i = 0; i < s.note_count; i++)
        missing += s.notes[i].kind == YK_NOTE_MISSING || s.notes[i].kind == YK_NOTE_FALLBACK;
    assert_int_equal(missing, 1);
    yk_shaped_free(&s);
}

/* A fallback is opened the first time a character needs it, not with the set. */
static void test_fontset_fallback_opened_on_first_need(void **state)
{
    (void)state;
    yk_diag *d = yk_diag_new();
    const char *families[] = {PGOTHIC};
    const char *fallbacks[] = {"MigMix 1P"};
    yk_fontset *set = yk_fontset_open(families, 1, fallbacks, 1, "fonts", d);
    assert_non_null(set);
    yk_metrics m;
    assert_true(yk_fontset_metrics(set, PGOTHIC, &m));
    const yk_font *fonts[YK_FONTSET_MAX];
    yk_shaped s;
    yk_shape(&m, "区長あ", strlen("区長あ"), &s);
    yk_shaped_free(&s);
    assert_int_equal(yk_fontset_fonts(set, fonts, YK_FONTSET_MAX), 1);
    yk_shape(&m, "\U00020BB7", strlen("\U00020BB7"), &s);
    yk_shaped_free(&s);
    assert_int_equal(yk_fontset_fonts(set, fonts, YK_FONTSET_MAX), 2);
    assert_string_equal(yk_font_family(fonts[1]), "MigMix 1P");
    assert_true(yk_fontset_report(set, d));
    yk_fontset_free(set);
    yk_diag_free(d);
}

/* A template fallback that does not exist is reported, as a system error naming it, once a
 * character needs it; a text it is not needed for is laid out without complaint. */
static void test_fontset_missing_fallback_reported_when_needed(void **state)
{
    (void)state;
    yk_diag *d = yk_diag_new();
    const char *families[] = {PGOTHIC};
    const char *fallbacks[] = {"No Such Family Yoshiki"};
    yk_fontset *set = yk_fontset_open(families, 1, fallbacks, 1, "fonts", d);
    assert_non_null(set);
    yk_metrics m;
    assert_true(yk_fontset_metrics(set, PGOTHIC, &m));
    yk_shaped s;
    yk_shape(&m, "区長あ", strlen("区長あ"), &s);
    yk_shaped_free(&s);
    assert_true(yk_fontset_report(set, d));
    assert_int_equal(yk_diag_count(d), 0);
    yk_shape(&m, "\U00020BB7", strlen("\U00020BB7"), &s);
    yk_shaped_free(&s);
    assert_false(yk_fontset_report(set, d));
    assert_true(yk_diag_has_system_error(d));
    assert_non_null(strstr(yk_diag_at(d, 0)->message, "'No Such Family Yoshiki' not found"));
    yk_fontset_free(set);
    yk_diag_free(d);
}

static void test_fontset_generic_family_from_the_name(void **state)
{
    (void)state;
    assert_string_equal(yk_fontset_generic("BIZ UDPGothic"), "sans-serif");
    assert_string_equal(yk_fontset_generic("MigMix 1P"), "sans-serif");
    assert_string_equal(yk_fontset_generic("IPAmjMincho"), "serif");
    assert_string_equal(yk_fontset_generic("Noto Serif CJK JP"), "serif");
    assert_string_equal(yk_fontset_generic("Noto Sans CJK JP"), "sans-serif");
    assert_null(yk_fontset_generic("Unifont"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fontset_fallback_glyph_same_generic_family_first),
        cmocka_unit_test(test_fontset_variation_sequence_and_non_bmp_in_primary),
        cmocka_unit_test(test_fontset_sequence_from_a_fallback),
        cmocka_unit_test(test_fontset_sequence_nobody_has_draws_base),
        cmocka_unit_test(test_fontset_unassigned_and_control_are_noted_not_drawn),
        cmocka_unit_test(test_fontset_zero_width_space_has_no_glyph),
        cmocka_unit_test(test_fontset_catalog_offers_a_face_that_has_the_character),
        cmocka_unit_test(test_fontset_missing_character_noted_once),
        cmocka_unit_test(test_fontset_generic_family_from_the_name),
        cmocka_unit_test(test_fontset_fallback_opened_on_first_need),
        cmocka_unit_test(test_fontset_missing_fallback_reported_when_needed),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
