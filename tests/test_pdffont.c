/* pdffont: the font dictionaries built from a TrueType program's own tables. The program is
 * a bundled font file (a subset is a TrueType file like any other), its glyphs found with
 * HarfBuzz. Run from the repository root. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <hb.h>
#include <hpdf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../src/pdfcontent.h"
#include "../src/pdffont.h"
#include "../src/util.h"

#define PGOTHIC_FILE "fonts/BIZUDPGothic-Regular.ttf"
#define GOTHIC_FILE "fonts/BIZUDGothic-Regular.ttf"

typedef struct fixture {
    unsigned char *program;
    size_t len;
    HPDF_Doc pdf;
    int errors;
} fixture;

/* The glyph of cp in font[0..len), 0 when none. */
static uint32_t glyph_of(const unsigned char *font, size_t len, uint32_t cp)
{
    hb_blob_t *blob = hb_blob_create((const char *)font, (unsigned)len, HB_MEMORY_MODE_READONLY,
                                     NULL, NULL);
    hb_face_t *face = hb_face_create(blob, 0);
    hb_font_t *hf = hb_font_create(face);
    hb_codepoint_t g = 0;
    hb_font_get_nominal_glyph(hf, cp, &g);
    hb_font_destroy(hf), hb_face_destroy(face), hb_blob_destroy(blob);
    return g;
}

/* Saves the document uncompressed and returns its text (NULs of binary streams as blanks). */
static char *saved(fixture *f)
{
    char path[] = "/tmp/yk-test-pdffont-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    HPDF_SetCompressionMode(f->pdf, HPDF_COMP_NONE);
    assert_int_equal(HPDF_SaveToFile(f->pdf, path), HPDF_OK);
    size_t len;
    char *pdf = yk_read_file(path, &len);
    unlink(path);
    assert_non_null(pdf);
    for (char *p = pdf; p < pdf + len; p++) /* NULs would end strstr */
        if (!*p)
            *p = ' ';
    pdf[len - 1] = '\0';
    return pdf;
}

static size_t occurrences(const char *text, const char *what)
{
    size_t n = 0;
    for (const char *p = text; (p = strstr(p, what)) != NULL; p++)
        n++;
    return n;
}

static void on_error(HPDF_STATUS error_no, HPDF_STATUS detail_no, void *user_data)
{
    (void)error_no, (void)detail_no;
    ((fixture *)user_data)->errors++;
}

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    f->program = (unsigned char *)yk_read_file(PGOTHIC_FILE, &f->len);
    f->pdf = HPDF_New(on_error, f);
    *state = f;
    return f->program && f->pdf ? 0 : -1;
}

static int teardown(void **state)
{
    fixture *f = *state;
    HPDF_Free(f->pdf);
    free(f->program);
    free(f);
    return 0;
}

/* A font whose codes are characters, each drawing the program's glyph of it. */
static HPDF_Font add(fixture *f, const uint32_t *codes, size_t n)
{
    uint32_t gids[8];
    for (size_t i = 0; i < n && i < 8; i++)
        gids[i] = glyph_of(f->program, f->len, codes[i]);
    yk_pdffont_spec spec = {.program = f->program, .program_len = f->len, .codes = codes,
                            .count = n, .gids = gids, .tounicode = "(cmap)"};
    return yk_pdffont_add(f->pdf, &spec);
}

/* Widths are the program's advances of the glyphs, truncated to 1/1000 em: /W lists the
 * codes whose width is not /DW (漢 is one em). */
static void test_pdffont_widths_come_from_the_program(void **state)
{
    fixture *f = *state;
    const uint32_t codes[] = {'A', 'i', 0x3042 /* あ */, 0x6F22 /* 漢 */};
    assert_non_null(add(f, codes, 4));
    char *pdf = saved(f);
    const char *w = strstr(pdf, "/W [");
    assert_non_null(w);
    int a = 0, wa = 0, i = 0, wi = 0, ka = 0, wka = 0, end = 0;
    assert_int_equal(sscanf(w, "/W [ %d [ %d ] %d [ %d ] %d [ %d ] ]%n", &a, &wa, &i, &wi, &ka,
                            &wka, &end),
                     6);
    assert_true(end > 0);
    assert_int_equal(a, 'A');
    assert_int_equal(i, 'i');
    assert_int_equal(ka, 0x3042);
    assert_int_equal(wka, 979);
    assert_true(wi < wa && wa < 1000); /* proportional Latin */
    free(pdf);
    assert_int_equal(f->errors, 0);
}

static void test_pdffont_draws_its_codes(void **state)
{
    fixture *f = *state;
    const uint32_t codes[] = {0x3042, 0x6F22};
    HPDF_Font font = add(f, codes, 2);
    assert_non_null(font);
    HPDF_Page page = HPDF_AddPage(f->pdf);
    HPDF_Page_BeginText(page);
    yk_pdfcontent_font(page, font, 10);
    const uint16_t text[] = {0x3042, 0x6F22}; /* the codes are the characters here */
    yk_pdfcontent_show(page, text, 2);
    HPDF_Page_EndText(page);
    char *pdf = saved(f);
    /* the content shows the two codes, which are the CIDs */
    assert_non_null(strstr(pdf, "<30426F22> Tj"));
    assert_non_null(strstr(pdf, "/Subtype /Type0"));
    assert_non_null(strstr(pdf, "/Encoding /Identity-H"));
    assert_non_null(strstr(pdf, "/Subtype /CIDFontType2"));
    assert_non_null(strstr(pdf, "/Ordering (Identity)"));
    assert_non_null(strstr(pdf, "+BIZUDPGothic-Regular"));
    assert_non_null(strstr(pdf, "/CIDToGIDMap"));
    assert_non_null(strstr(pdf, "/CIDSet"));
    assert_non_null(strstr(pdf, "/ToUnicode"));
    char length1[32];
    snprintf(length1, sizeof length1, "/Length1 %zu", f->len);
    assert_non_null(strstr(pdf, length1));
    /* あ is 979 wide, 漢 is /DW: the only /W entry */
    assert_non_null(strstr(pdf, "/W [ 12354 [ 979 ] ]"));
    free(pdf);
    assert_int_equal(f->errors, 0);
}

static void test_pdffont_refuses_a_glyph_the_program_lacks(void **state)
{
    fixture *f = *state;
    const uint32_t codes[] = {0x3042, 0xAC00 /* 가: no Hangul in the font */};
    assert_null(add(f, codes, 2));
    const uint32_t beyond[] = {0x3042, 0xFFFF}, two[] = {1, 2};
    yk_pdffont_spec spec = {.program = f->program, .program_len = f->len, .codes = two,
                            .count = 2, .gids = beyond, .tounicode = ""};
    assert_null(yk_pdffont_add(f->pdf, &spec));
}

/* Two fonts over one program: one FontFile2 stream; each font's /W gives the advances of its
 * own glyphs of it (the same code draws a different glyph in each), and its descriptor the
 * metrics and name of the face it was cut from. */
static void test_pdffont_two_fonts_share_one_program(void **state)
{
    fixture *f = *state;
    size_t face_len;
    unsigned char *face = (unsigned char *)yk_read_file(GOTHIC_FILE, &face_len);
    assert_non_null(face);
    const uint32_t codes[] = {1, 2};
    const uint32_t kana[] = {glyph_of(f->program, f->len, 0x3042), glyph_of(f->program, f->len, 0x3044)};
    const uint32_t kanji[] = {glyph_of(f->program, f->len, 0x6F22), glyph_of(f->program, f->len, 0x3042)};
    yk_pdffont_spec a = {.program = f->program, .program_len = f->len, .codes = codes,
                         .count = 2, .gids = kana, .tounicode = "", .index = 0};
    HPDF_Font fa = yk_pdffont_add(f->pdf, &a);
    assert_non_null(fa);
    assert_non_null(yk_pdffont_program(fa));
    yk_pdffont_spec b = {.program = f->program, .program_len = f->len, .codes = codes,
                         .count = 2, .gids = kanji, .tounicode = "", .index = 1,
                         .face = face, .face_len = face_len, .shared = yk_pdffont_program(fa)};
    HPDF_Font fb = yk_pdffont_add(f->pdf, &b);
    assert_non_null(fb);
    assert_ptr_equal(yk_pdffont_program(fb), yk_pdffont_program(fa));
    char *pdf = saved(f);
    assert_int_equal(occurrences(pdf, "/Length1 "), 1);
    assert_int_equal(occurrences(pdf, "/FontFile2 "), 2);
    assert_non_null(strstr(pdf, "/W [ 1 [ 979"));     /* a's あ */
    assert_non_null(strstr(pdf, "/W [ 2 [ 979 ] ]")); /* b's 漢 is /DW, its あ 979 */
    assert_non_null(strstr(pdf, "+BIZUDPGothic-Regular"));
    assert_non_null(strstr(pdf, "+BIZUDGothic-Regular")); /* b's name, from its face */
    free(pdf);
    free(face);
    assert_int_equal(f->errors, 0);
}

static void test_pdffont_refuses_codes_out_of_order(void **state)
{
    fixture *f = *state;
    const uint32_t twice[] = {0x3042, 0x3042};
    const uint32_t down[] = {0x6F22, 0x3042};
    const uint32_t zero[] = {0, 0x3042};
    assert_null(add(f, twice, 2));
    assert_null(add(f, down, 2));
    assert_null(add(f, zero, 2));
    assert_null(add(f, down, 0));
}

/* A damaged program is refused, never read out of bounds (valgrind/ASan would say). */
static void test_pdffont_refuses_a_damaged_program(void **state)
{
    fixture *f = *state;
    const uint32_t codes[] = {0x3042};
    size_t lens[] = {0, 11, 12, 100, 1000};
    for (size_t i = 0; i < sizeof lens / sizeof *lens; i++) {
        yk_pdffont_spec spec = {.program = f->program, .program_len = lens[i], .codes = codes,
                                .count = 1, .tounicode = ""};
        assert_null(yk_pdffont_add(f->pdf, &spec));
    }
    unsigned char junk[4096];
    for (size_t i = 0; i < sizeof junk; i++)
        junk[i] = (unsigned char)(i * 131 + 7);
    memcpy(junk, f->program, 12 + 16 * 4); /* a real directory pointing past the end */
    yk_pdffont_spec spec = {.program = junk, .program_len = sizeof junk, .codes = codes,
                            .count = 1, .tounicode = ""};
    assert_null(yk_pdffont_add(f->pdf, &spec));
}

static void test_pdffont_tag_is_six_capitals_from_bytes_and_index(void **state)
{
    (void)state;
    const unsigned char a[] = "one program", b[] = "another program";
    char t1[7], t2[7], t3[7], t4[7];
    yk_pdffont_tag(a, sizeof a, 0, t1);
    yk_pdffont_tag(a, sizeof a, 0, t2);
    yk_pdffont_tag(a, sizeof a, 1, t3);
    yk_pdffont_tag(b, sizeof b, 0, t4);
    assert_int_equal(strlen(t1), 6);
    for (int i = 0; i < 6; i++)
        assert_true(t1[i] >= 'A' && t1[i] <= 'Z');
    assert_string_equal(t1, t2);
    assert_string_not_equal(t1, t3);
    assert_string_not_equal(t1, t4);
}

/* A TrueType program's tag follows its directory: another checksum, another tag. */
static void test_pdffont_tag_follows_the_table_checksums(void **state)
{
    fixture *f = *state;
    char t1[7], t2[7];
    yk_pdffont_tag(f->program, f->len, 0, t1);
    f->program[12 + 4] ^= 1; /* the first table's checksum */
    yk_pdffont_tag(f->program, f->len, 0, t2);
    assert_string_not_equal(t1, t2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_pdffont_widths_come_from_the_program, setup, teardown),
        cmocka_unit_test_setup_teardown(test_pdffont_draws_its_codes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_pdffont_refuses_a_glyph_the_program_lacks, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_pdffont_two_fonts_share_one_program, setup, teardown),
        cmocka_unit_test_setup_teardown(test_pdffont_refuses_codes_out_of_order, setup, teardown),
        cmocka_unit_test_setup_teardown(test_pdffont_refuses_a_damaged_program, setup, teardown),
        cmocka_unit_test(test_pdffont_tag_is_six_capitals_from_bytes_and_index),
        cmocka_unit_test_setup_teardown(test_pdffont_tag_follows_the_table_checksums, setup,
                                        teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
