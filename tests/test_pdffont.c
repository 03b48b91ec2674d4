/* pdffont: the font dictionaries built from a TrueType program's own tables. The program is
 * a bundled font file (a subset is a TrueType file like any other). Run from the repository
 * root. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <hpdf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../src/pdffont.h"
#include "../src/util.h"

#define PGOTHIC_FILE "fonts/BIZUDPGothic-Regular.ttf"

typedef struct fixture {
    unsigned char *program;
    size_t len;
    HPDF_Doc pdf;
    int errors;
} fixture;

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
    return f->program && f->pdf && HPDF_UseUTFEncodings(f->pdf) == HPDF_OK ? 0 : -1;
}

static int teardown(void **state)
{
    fixture *f = *state;
    HPDF_Free(f->pdf);
    free(f->program);
    free(f);
    return 0;
}

static HPDF_Font add(fixture *f, const uint32_t *codes, size_t n)
{
    yk_pdffont_spec spec = {f->program, f->len, codes, n, "(cmap)", 0, NULL};
    return yk_pdffont_add(f->pdf, &spec);
}

/* Widths are the program's advances through its own cmap, truncated to 1/1000 em. */
static void test_pdffont_widths_come_from_the_program(void **state)
{
    fixture *f = *state;
    const uint32_t codes[] = {'A', 'i', 0x3042 /* あ */, 0x6F22 /* 漢 */};
    HPDF_Font font = add(f, codes, 4);
    assert_non_null(font);
    assert_int_equal(HPDF_Font_TextWidth(font, (const HPDF_BYTE *)"あ", 3).width, 979);
    assert_int_equal(HPDF_Font_TextWidth(font, (const HPDF_BYTE *)"漢", 3).width, 1000);
    HPDF_UINT a = HPDF_Font_TextWidth(font, (const HPDF_BYTE *)"A", 1).width;
    HPDF_UINT i = HPDF_Font_TextWidth(font, (const HPDF_BYTE *)"i", 1).width;
    assert_true(i < a && a < 1000); /* proportional Latin */
    assert_int_equal(HPDF_Font_TextWidth(font, (const HPDF_BYTE *)"Aあ", 4).width, a + 979);
    assert_int_equal(f->errors, 0);
}

static void test_pdffont_draws_through_textout(void **state)
{
    fixture *f = *state;
    const uint32_t codes[] = {0x3042, 0x6F22};
    HPDF_Font font = add(f, codes, 2);
    assert_non_null(font);
    HPDF_Page page = HPDF_AddPage(f->pdf);
    HPDF_Page_BeginText(page);
    assert_int_equal(HPDF_Page_SetFontAndSize(page, font, 10), HPDF_OK);
    assert_int_equal(HPDF_Page_TextOut(page, 10, 10, "あ漢"), HPDF_OK);
    HPDF_Page_EndText(page);
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
    char *end = pdf + len;
    for (char *p = pdf; p < end; p++) /* NULs of the binary streams would end strstr */
        if (!*p)
            *p = ' ';
    pdf[len - 1] = '\0';
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

static void test_pdffont_refuses_a_code_the_program_lacks(void **state)
{
    fixture *f = *state;
    const uint32_t codes[] = {0x3042, 0xAC00 /* 가: no Hangul in the font */};
    assert_null(add(f, codes, 2));
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
        yk_pdffont_spec spec = {f->program, lens[i], codes, 1, "", 0, NULL};
        assert_null(yk_pdffont_add(f->pdf, &spec));
    }
    unsigned char junk[4096];
    for (size_t i = 0; i < sizeof junk; i++)
        junk[i] = (unsigned char)(i * 131 + 7);
    memcpy(junk, f->program, 12 + 16 * 4); /* a real directory pointing past the end */
    yk_pdffont_spec spec = {junk, sizeof junk, codes, 1, "", 0, NULL};
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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_pdffont_widths_come_from_the_program, setup, teardown),
        cmocka_unit_test_setup_teardown(test_pdffont_draws_through_textout, setup, teardown),
        cmocka_unit_test_setup_teardown(test_pdffont_refuses_a_code_the_program_lacks, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_pdffont_refuses_codes_out_of_order, setup, teardown),
        cmocka_unit_test_setup_teardown(test_pdffont_refuses_a_damaged_program, setup, teardown),
        cmocka_unit_test(test_pdffont_tag_is_six_capitals_from_bytes_and_index),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
