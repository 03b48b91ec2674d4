/* pdfcontent: the operators it writes are byte for byte those of libharu's own functions
 * (numbers, text positions, font names), and out-of-range values are still reported. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <hpdf.h>
#include <hpdf_pages.h>
#include <stdlib.h>
#include <string.h>

#include "../src/archive.h"
#include "../src/pdfcontent.h"

/* Numbers where formatting is delicate: signs, zero, rounding at the fifth decimal, the
 * limits libharu clamps to, and page-like coordinates. */
static const double values[] = {0,        -0.0,      1,         -1,        0.5,
                                0.000004, 0.000005,  0.0000051, 0.000015,  12.345678,
                                -12.345678, 595.28,  841.89,    42.5,      0.999996,
                                99.999999, 1234.56789, 32767,   32767.5,   40000,
                                -40000,   1e-7,      -1e-7,     7.1,       0.1};
#define VALUE_COUNT (sizeof values / sizeof values[0])

typedef struct errors {
    HPDF_STATUS last;
    int count;
} errors;

static void on_error(HPDF_STATUS error_no, HPDF_STATUS detail_no, void *user_data)
{
    (void)detail_no;
    errors *e = user_data;
    e->last = error_no;
    e->count++;
}

/* A page whose content stream is a block stream, as draw makes them. */
static HPDF_Page new_page(HPDF_Doc pdf)
{
    HPDF_Page page = HPDF_AddPage(pdf);
    assert_non_null(page);
    HPDF_PageAttr attr = page->attr;
    assert_true(yk_archive_block_stream(attr->contents));
    attr->stream = attr->contents->stream;
    return page;
}

static char *content(HPDF_Page page)
{
    HPDF_Stream s = ((HPDF_PageAttr)page->attr)->stream;
    HPDF_UINT len = HPDF_Stream_Size(s);
    char *text = calloc(len + 1, 1);
    assert_non_null(text);
    if (len) {
        assert_int_equal(HPDF_Stream_Seek(s, 0, HPDF_SEEK_SET), HPDF_OK);
        HPDF_UINT n = len;
        HPDF_Stream_Read(s, (HPDF_BYTE *)text, &n);
        assert_int_equal(n, len);
    }
    return text;
}

static void test_pdfcontent_same_bytes_as_libharu(void **state)
{
    (void)state;
    errors e = {0};
    HPDF_Doc pdf = HPDF_New(on_error, &e);
    assert_non_null(pdf);
    HPDF_Font font = HPDF_GetFont(pdf, "Helvetica", NULL);
    assert_non_null(font);
    HPDF_Page theirs = new_page(pdf), ours = new_page(pdf);
    for (size_t i = 0; i < VALUE_COUNT; i++) {
        double v = values[i], w = values[(i + 7) % VALUE_COUNT];
        HPDF_Page_Rectangle(theirs, (HPDF_REAL)v, (HPDF_REAL)w, (HPDF_REAL)(v + w), 3);
        HPDF_Page_Fill(theirs);
        yk_pdfcontent_rect(ours, v, w, v + w, 3);
        yk_pdfcontent_paint(ours, "f");
        HPDF_Page_MoveTo(theirs, (HPDF_REAL)v, (HPDF_REAL)w);
        HPDF_Page_LineTo(theirs, (HPDF_REAL)w, (HPDF_REAL)v);
        HPDF_Page_Stroke(theirs);
        yk_pdfcontent_point(ours, v, w, "m");
        yk_pdfcontent_point(ours, w, v, "l");
        yk_pdfcontent_paint(ours, "S");
        if (v >= 0 && v <= 1) {
            HPDF_Page_SetGrayFill(theirs, (HPDF_REAL)v);
            yk_pdfcontent_gray_fill(ours, v);
        }
        if (v >= 0) {
            HPDF_Page_SetLineWidth(theirs, (HPDF_REAL)v);
            yk_pdfcontent_line_width(ours, v);
        }
        if (v >= HPDF_MIN_CHARSPACE && v <= HPDF_MAX_CHARSPACE) {
            HPDF_Page_SetCharSpace(theirs, (HPDF_REAL)v);
            yk_pdfcontent_char_space(ours, v);
        }
        if (v > 0 && v <= HPDF_MAX_FONTSIZE) {
            HPDF_Page_SetFontAndSize(theirs, font, (HPDF_REAL)v);
            yk_pdfcontent_font(ours, font, v);
        }
    }
    /* Td: an empty TextOut writes its move and nothing else */
    HPDF_Page_BeginText(theirs);
    HPDF_Page_BeginText(ours);
    for (size_t i = 0; i < VALUE_COUNT; i++) {
        double x = values[i] * 3 + 20, y = 800 - values[(i + 3) % VALUE_COUNT];
        HPDF_Page_TextOut(theirs, (HPDF_REAL)x, (HPDF_REAL)y, "");
        yk_pdfcontent_move_text(ours, x, y);
    }
    HPDF_Page_EndText(theirs);
    HPDF_Page_EndText(ours);
    assert_int_equal(e.count, 0);
    char *a = content(theirs), *b = content(ours);
    assert_true(strlen(a) > 1000);
    assert_string_equal(b, a);
    /* the state libharu's getters report is what its own functions would have left */
    assert_true(HPDF_Page_GetCurrentFont(ours) == HPDF_Page_GetCurrentFont(theirs));
    assert_true(HPDF_Page_GetCurrentFontSize(ours) == HPDF_Page_GetCurrentFontSize(theirs));
    assert_true(HPDF_Page_GetCharSpace(ours) == HPDF_Page_GetCharSpace(theirs));
    assert_true(HPDF_Page_GetLineWidth(ours) == HPDF_Page_GetLineWidth(theirs));
    assert_true(HPDF_Page_GetGrayFill(ours) == HPDF_Page_GetGrayFill(theirs));
    free(a), free(b);
    HPDF_Free(pdf);
}

/* A run of codes is one hex string, four upper-case digits a code. */
static void test_pdfcontent_show_hex_codes(void **state)
{
    (void)state;
    HPDF_Doc pdf = HPDF_New(NULL, NULL);
    assert_non_null(pdf);
    HPDF_Page page = new_page(pdf);
    uint16_t codes[100];
    for (size_t i = 0; i < 100; i++)
        codes[i] = (uint16_t)(0xABC0 + i);
    yk_pdfcontent_show(page, (const uint16_t[]){0x0001, 0x00FF, 0xFFFF}, 3);
    yk_pdfcontent_show(page, codes, 100);
    char *text = content(page);
    const char *expect = "<000100FFFFFF> Tj\n<ABC0ABC1";
    assert_memory_equal(text, expect, strlen(expect));
    assert_int_equal(strlen(text), (1 + 12 + 5) + (1 + 400 + 5));
    assert_string_equal(text + strlen(text) - 9, "AC23> Tj\n");
    free(text);
    HPDF_Free(pdf);
}

/* Outside libharu's ranges the error is libharu's, and nothing is written. */
static void test_pdfcontent_out_of_range_reported(void **state)
{
    (void)state;
    errors e = {0};
    HPDF_Doc pdf = HPDF_New(on_error, &e);
    assert_non_null(pdf);
    HPDF_Page page = new_page(pdf);
    yk_pdfcontent_char_space(page, HPDF_MAX_CHARSPACE + 1);
    assert_int_equal(e.count, 1);
    assert_int_equal(e.last, HPDF_PAGE_OUT_OF_RANGE);
    char *text = content(page);
    assert_string_equal(text, "");
    free(text);
    HPDF_Free(pdf);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pdfcontent_same_bytes_as_libharu),
        cmocka_unit_test(test_pdfcontent_show_hex_codes),
        cmocka_unit_test(test_pdfcontent_out_of_range_reported),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
