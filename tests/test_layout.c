/* layout: fitting, shrinking, page flow and coverage, with a fake fixed-advance font. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../src/layout.h"
#include "../src/font.h"
#include "../src/jbreak.h"

#define MM (72.0 / 25.4)

/* Full-width characters 1 em, ASCII half; the snowman is missing from the font. */
static int fake_advance(const void *ctx, uint32_t cp)
{
    (void)ctx;
    if (cp == 0x2603)
        return -1;
    return cp < 0x80 ? 500 : 1000;
}

static yk_style style(double size, double min_size)
{
    yk_style s = {.name = "text", .family = "Fake", .size = size, .min_size = min_size,
                  .leading = 1.5, .padding = 1, .side_padding = 1, .fill_gray = -1,
                  .edges = YK_EDGE_ALL,
                  .line_width = 0.5, .overflow = YK_OVERFLOW_SHRINK};
    return s;
}

static yk_form form_with(yk_style *s)
{
    yk_form f = {.name = "t", .label = "様式T", .file = "t.yaml", .page_w = 100, .page_h = 100,
                 .margin_top = 10, .margin_right = 10, .margin_bottom = 10, .margin_left = 10,
                 .styles = s, .style_count = 1};
    return f;
}

static yk_filled_cell cell(const yk_style *s, char *text, double w)
{
    yk_filled_cell c = {.kind = YK_FIELD_TEXT, .field = "f", .cell = "様式T セル", .x = 0, .w = w,
                        .text = text, .style = s, .source = "p.yaml", .line = 4, .col = 9};
    return c;
}

static bool run(const yk_filled *filled, yk_layout *out, yk_diag *d)
{
    yk_layout_font font = {"Fake", {.advance = fake_advance, .ascent = 880, .descent = -120}};
    const yk_filled *forms[] = {filled};
    return yk_layout_build(forms, 1, &font, 1, out, d);
}

/* One cell in one row of one block: the shape most fitting rules need. */
static bool layout_one(const yk_style *s, const char *text, double min_h, double max_h,
                       yk_layout *out, yk_diag *d)
{
    yk_form f = form_with((yk_style *)s);
    yk_filled_cell c = cell(s, (char *)text, 80);
    yk_filled_row row = {min_h, max_h, &c, 1};
    yk_filled_block block = {false, &row, 1, 0, NULL};
    yk_filled filled = {&f, NULL, 0, &block, 1};
    return run(&filled, out, d);
}

static char *repeat(const char *unit, int times)
{
    yk_buf b = {0};
    for (int i = 0; i < times; i++)
        yk_buf_adds(&b, unit);
    return yk_buf_take(&b);
}

static void test_layout_row_grows_then_text_shrinks_in_quarter_points(void **state)
{
    (void)state;
    yk_style s = style(10, 6);
    char *text = repeat("あいうえおかきくけこ", 12); /* 120 em */
    yk_layout l;
    yk_diag *d = yk_diag_new();
    assert_true(layout_one(&s, text, 10, 30, &l, d));
    const yk_layout_box *box = &l.pages[0].boxes[0];
    assert_float_equal(box->h, 30 * MM, 1e-6);
    assert_true(box->shrunk);
    assert_true(box->font_size < 10);
    assert_float_equal(fmod(box->font_size, 0.25), 0, 1e-9);
    for (size_t i = 0; i < box->line_count; i++)
        assert_true(box->lines[i].width <= box->w - 2 * box->padding + 1e-9);
    assert_true(box->lines[box->line_count - 1].y - box->font_size * 0.12 >= box->y + box->padding - 1e-6);
    yk_layout_clear(&l);
    yk_diag_free(d);
    free(text);
}

/* 両端揃え: every line but a paragraph's last is set to the inner width, character by
 * character; the last line holds 3 characters or more; 和欧間 moves what follows a digit. */
static void test_layout_justify_fills_lines_and_keeps_no_lone_last_characters(void **state)
{
    (void)state;
    yk_style s = style(10, 10);
    s.align = YK_ALIGN_JUSTIFY;
    s.wa_ou = 0.25;
    s.justify_min = 0.6;
    /* 78 mm at 10 pt holds 22 full-width characters: 45 leave one for a third line */
    char *text = repeat("あいうえお", 9);
    yk_layout l;
    yk_diag *d = yk_diag_new();
    assert_true(layout_one(&s, text, 10, 60, &l, d));
    const yk_layout_box *box = &l.pages[0].boxes[0];
    double inner = box->w - 2 * box->padding;
    assert_int_equal(box->line_count, 3);
    for (size_t i = 0; i < box->line_count; i++) {
        const yk_layout_line *ln = &box->lines[i];
        assert_int_equal(ln->glyph_count, yk_utf8_count(ln->text, strlen(ln->text)));
        for (size_t k = 1; k < ln->glyph_count; k++)
            assert_true(ln->glyphs[k].x >= ln->glyphs[k - 1].x + 10 - 1e-9);
        if (ln->justified) /* the last glyph ends at the line's set width */
            assert_float_equal(ln->glyphs[ln->glyph_count - 1].x + 10, ln->width, 1e-9);
        if (i + 1 < box->line_count) {
            assert_true(ln->justified);
            assert_float_equal(ln->width, inner, 0.01);
        }
    }
    assert_false(box->lines[2].justified);
    assert_true(box->lines[2].glyph_count >= 3);
    yk_layout_clear(&l);
    yk_diag_free(d);
    free(text);

    d = yk_diag_new();
    assert_true(layout_one(&s, "第3回", 10, 60, &l, d));
    const yk_layout_line *ln = &l.pages[0].boxes[0].lines[0];
    assert_float_equal(ln->glyphs[1].x, 10 + 2.5, 1e-9); /* 第 + a quarter em */
    assert_float_equal(ln->glyphs[2].x, 10 + 2.5 + 5 + 2.5, 1e-9);
    yk_layout_clear(&l);
    yk_diag_free(d);
}

static void test_layout_too_long_is_a_located_error_naming_the_cell(void **state)
{
    (void)state;
    yk_style s = style(10, 8);
    char *text = repeat("あいうえおかきくけこ", 40);
    yk_layout l;
    yk_diag *d = yk_diag_new();
    assert_false(layout_one(&s, text, 10, 20, &l, d));
    assert_int_equal(yk_diag_errors(d), 1);
    char *msg = yk_diag_format(yk_diag_at(d, 0));
    assert_non_null(strstr(msg, "p.yaml:4:9: error: 様式T セル: the text does not fit its cell even at 8.00 pt"));
    assert_non_null(strstr(msg, "shorten it by about"));
    free(msg);
    yk_layout_clear(&l);
    yk_diag_free(d);
    free(text);
}

static void test_layout_block_moves_whole_to_next_page_with_its_heading(void **state)
{
    (void)state;
    yk_style s = style(10, 10);
    yk_form f = form_with(&s);
    yk_filled_cell c = cell(&s, "あ", 80);
    yk_filled_row tall = {60, 60, &c, 1}, small = {8, 8, &c, 1}, mid = {20, 20, &c, 1};
    yk_filled_block blocks[] = {{false, &tall, 1, 0, NULL}, {true, &small, 1, 0, NULL}, {false, &mid, 1, 0, NULL}};
    yk_filled filled = {&f, NULL, 0, blocks, 3};
    yk_layout l;
    yk_diag *d = yk_diag_new();
    assert_true(run(&filled, &l, d));
    /* 80 mm of room: 60 + 8 fits but 60 + 8 + 20 does not, and the heading keeps with it */
    assert_int_equal(l.page_count, 2);
    assert_int_equal(l.pages[0].box_count, 1);
    assert_int_equal(l.pages[1].box_count, 2);
    assert_float_equal(l.pages[1].boxes[0].y + l.pages[1].boxes[0].h, 90 * MM, 1e-6);
    yk_layout_clear(&l);
    yk_diag_free(d);
}

static void test_layout_missing_glyph_names_code_point(void **state)
{
    (void)state;
    yk_style s = style(10, 10);
    yk_layout l;
    yk_diag *d = yk_diag_new();
    assert_false(layout_one(&s, "雪だるま☃です", 10, 10, &l, d));
    assert_non_null(strstr(yk_diag_at(d, 0)->message, "the character '☃' (U+2603) is in no font (not in Fake"));
    yk_layout_clear(&l);
    yk_diag_free(d);
}

static void test_layout_json_has_the_documented_keys(void **state)
{
    (void)state;
    yk_style s = style(10, 10);
    yk_layout l;
    yk_diag *d = yk_diag_new();
    assert_true(layout_one(&s, "一行目\n二行目", 20, 20, &l, d));
    yk_buf json = {0};
    yk_layout_json(&l, &json);
    static const char *const keys[] = {"\"pages\"", "\"number\"", "\"form\"", "\"width\"",
        "\"height\"", "\"boxes\"", "\"field\"", "\"x\"", "\"y\"", "\"w\"", "\"h\"",
        "\"padding\"", "\"padding_y\"", "\"font_size\"", "\"shrunk\"", "\"lines\"", "\"text\": \"二行目\"",
        "\"paragraph_start\": true"};
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
        assert_non_null(strstr(json.data, keys[i]));
    yk_buf_free(&json);
    yk_layout_clear(&l);
    yk_diag_free(d);
}

static void test_layout_tall_block_splits_between_lines_under_continued_header(void **state)
{
    (void)state;
    yk_style s = style(10, 10);
    s.overflow = YK_OVERFLOW_FLOW;
    yk_form f = form_with(&s);
    char *text = repeat("あいうえおかきくけこさしすせそたちつてと\n", 40); /* 40 lines */
    yk_filled_cell head = cell(&s, "【見出し】", 80), cont = cell(&s, "【見出し】（続き）", 80);
    yk_filled_cell body = cell(&s, text, 80);
    yk_filled_row rows[] = {{8, 8, &head, 1}, {10, 0, &body, 1}};
    yk_filled_row continued[] = {{8, 8, &cont, 1}};
    yk_filled_block block = {false, rows, 2, 1, continued};
    yk_filled filled = {&f, NULL, 0, &block, 1};
    yk_layout l;
    yk_diag *d = yk_diag_new();
    assert_true(run(&filled, &l, d));
    assert_true(l.page_count >= 3);
    size_t lines = 0;
    for (size_t p = 0; p < l.page_count; p++) {
        const yk_layout_page *page = &l.pages[p];
        assert_int_equal(page->box_count, 2);
        /* drawn first on a later page: the text going on from the page before */
        const yk_layout_box *header = &page->boxes[p ? 1 : 0], *part = &page->boxes[p ? 0 : 1];
        assert_string_equal(header->lines[0].text, p ? "【見出し】（続き）" : "【見出し】");
        assert_true(part->split);
        assert_int_equal(part->continued, p > 0);
        assert_int_equal(part->continues, p + 1 < l.page_count);
        for (size_t i = 0; i < page->box_count; i++)
            assert_true(page->boxes[i].y >= 10 * MM - 1e-6); /* never into the bottom margin */
        lines += part->line_count;
    }
    assert_int_equal(lines, 41); /* 40 lines and the empty one after the last newline */
    yk_layout_clear(&l);
    yk_diag_free(d);
    free(text);
}

/* A table whose column head is a block of its own and whose body is one block per item (様式1's
 * 市政改革プラン items): where a page break falls between items, the next page starts with the
 * head again, as an artifact, and a heading ends the table so nothing after it repeats it. */
static void test_layout_table_going_on_repeats_its_head(void **state)
{
    (void)state;
    yk_style s = style(10, 10);
    yk_form f = form_with(&s);
    yk_filled_cell head[] = {cell(&s, "項目", 30), cell(&s, "内容", 50)};
    head[1].x = 30;
    head[0].role = head[1].role = YK_ROLE_LABEL;
    yk_filled_cell item[] = {cell(&s, "あ", 30), cell(&s, "い", 50)};
    item[1].x = 30;
    yk_filled_cell heading = cell(&s, "◆見出し", 80);
    heading.role = YK_ROLE_HEADING, heading.level = 2;
    yk_filled_row head_row = {7, 7, head, 2}, item_row = {15, 15, item, 2};
    yk_filled_row heading_row = {8, 8, &heading, 1}, after_row = {15, 15, item, 2};
    yk_filled_block blocks[9] = {{true, &head_row, 1, 0, NULL}};
    for (size_t i = 1; i < 7; i++) /* 7 + 6 x 15 mm: the 6th item goes over (80 mm a page) */
        blocks[i] = (yk_filled_block){false, &item_row, 1, 0, NULL};
    blocks[7] = (yk_filled_block){true, &heading_row, 1, 0, NULL};
    blocks[8] = (yk_filled_block){false, &after_row, 1, 0, NULL};
    yk_filled filled = {&f, NULL, 0, blocks, 9};
    yk_layout l;
    yk_diag *d = yk_diag_new();
    assert_true(run(&filled, &l, d));
    assert_int_equal(l.page_count, 2);
    const yk_layout_page *p2 = &l.pages[1];
    assert_true(p2->box_count >= 4);
    for (size_t i = 0; i < 2; i++) {
        assert_string_equal(p2->boxes[i].lines[0].text, i ? "内容" : "項目");
        assert_int_equal(p2->boxes[i].role, YK_ROLE_ARTIFACT);
        assert_int_equal(p2->boxes[i].table, l.pages[0].boxes[0].table);
    }
    assert_string_equal(p2->boxes[2].lines[0].text, "あ");
    assert_int_equal(p2->boxes[2].role, YK_ROLE_VALUE);
    /* after the heading: a table of its own, with no head to repeat */
    size_t heads = 0;
    for (size_t p = 0; p < l.page_count; p++)
        for (size_t i = 0; i < l.pages[p].box_count; i++)
            heads += strcmp(l.pages[p].boxes[i].lines[0].text, "項目") == 0;
    assert_int_equal(heads, 2);
    yk_layout_clear(&l);
    yk_diag_free(d);
}

/* A row that cannot be cut and fits a page alone, but not under the table's repeated head, goes
 * on its page without the head rather than being reported as taller than the page. */
static void test_layout_table_head_gives_way_to_a_row_it_would_push_off_the_page(void **state)
{
    (void)state;
    yk_style s = style(10, 10);
    yk_form f = form_with(&s);
    yk_filled_cell head = cell(&s, "項目", 80), item = cell(&s, "あ", 80);
    head.role = YK_ROLE_LABEL;
    yk_filled_row head_row = {7, 7, &head, 1}, short_row = {15, 15, &item, 1};
    yk_filled_row tall_row = {78, 78, &item, 1}; /* 80 mm a page: 7 + 78 do not fit */
    yk_filled_block blocks[] = {{true, &head_row, 1, 0, NULL}, {false, &short_row, 1, 0, NULL},
                                {false, &tall_row, 1, 0, NULL}};
    yk_filled filled = {&f, NULL, 0, blocks, 3};
    yk_layout l;
    yk_diag *d = yk_diag_new();
    assert_true(run(&filled, &l, d));
    assert_int_equal(yk_diag_count(d), 0);
    assert_int_equal(l.page_count, 2);
    assert_int_equal(l.pages[1].box_count, 1);
    assert_true(l.pages[1].boxes[0].h > 70 * MM);
    yk_layout_clear(&l);
    yk_diag_free(d);
}

/* A row read across two text cells does not fit the rest of the page but fits the next: it goes
 * there whole, rather than being cut into two columns that each go on overleaf. */
static void test_layout_row_of_two_texts_moves_whole_rather_than_cut(void **state)
{
    (void)state;
    yk_style s = style(10, 10);
    s.overflow = YK_OVERFLOW_FLOW;
    yk_form f = form_with(&s);
    char *text = repeat("あいうえおかきくけこ\n", 12); /* 13 lines, about 61 mm */
    yk_filled_cell filler = cell(&s, "あ", 80);
    yk_filled_cell pair[] = {cell(&s, text, 40), cell(&s, text, 40)};
    pair[1].x = 40;
    yk_filled_row rows[] = {{40, 40, &filler, 1}, {10, 0, pair, 2}};
    yk_filled_block block = {false, rows, 2, 0, NULL};
    yk_filled filled = {&f, NULL, 0, &block, 1};
    yk_layout l;
    yk_diag *d = yk_diag_new();
    assert_true(run(&filled, &l, d));
    assert_int_equal(l.page_count, 2);
    assert_int_equal(l.pages[0].box_count, 1);
    assert_int_equal(l.pages[1].box_count, 2);
    for (size_t i = 0; i < 2; i++) {
        assert_false(l.pages[1].boxes[i].split);
        assert_int_equal(l.pages[1].boxes[i].line_count, 13);
    }
    /* one text cell beside a label is still cut where it stands; the part going on overleaf
     * is drawn after the folio, and its rest first on the next page */
    pair[0].role = YK_ROLE_LABEL;
    pair[0].text = "項目";
    yk_filled_item folio = {cell(&s, "1", 80), 92, 5};
    folio.cell.role = YK_ROLE_ARTIFACT;
    filled.page_items = &folio;
    filled.page_item_count = 1;
    yk_layout_clear(&l);
    assert_true(run(&filled, &l, d));
    assert_int_equal(l.page_count, 2);
    assert_int_equal(l.pages[0].box_count, 4);
    assert_int_equal(l.pages[0].boxes[2].role, YK_ROLE_ARTIFACT);
    const yk_layout_box *last = &l.pages[0].boxes[3];
    assert_true(last->continues && last->line_count > 0);
    assert_true(l.pages[1].boxes[0].continued);
    assert_int_equal(last->line_count + l.pages[1].boxes[0].line_count, 13);
    yk_layout_clear(&l);
    yk_diag_free(d);
    free(text);
}

/* A heading chained to a block of a label row and a value row: the heading and the label row
 * fit the rest of the page, the value row does not, so all three start the next page. */
static void test_layout_heading_never_ends_a_page_without_the_row_it_introduces(void **state)
{
    (void)state;
    yk_style s = style(10, 10);
    yk_form f = form_with(&s);
    yk_filled_cell filler = cell(&s, "あ", 80), heading = cell(&s, "◆見出し", 80);
    yk_filled_cell label = cell(&s, "項目", 80), value = cell(&s, "値", 80);
    heading.role = YK_ROLE_HEADING, heading.level = 2;
    label.role = YK_ROLE_LABEL;
    yk_filled_row tall = {50, 50, &filler, 1}, head = {8, 8, &heading, 1};
    yk_filled_row rows[] = {{6.5, 6.5, &label, 1}, {20, 20, &value, 1}};
    yk_filled_block blocks[] = {{false, &tall, 1, 0, NULL}, {true, &head, 1, 0, NULL},
                                {false, rows, 2, 0, NULL}};
    yk_filled filled = {&f, NULL, 0, blocks, 3};
    yk_layout l;
    yk_diag *d = yk_diag_new();
    assert_true(run(&filled, &l, d));
    /* 80 mm of room: 50 + 8 + 6.5 fits, 50 + 8 + 6.5 + 20 does not */
    assert_int_equal(l.page_count, 2);
    assert_int_equal(l.pages[0].box_count, 1);
    assert_int_equal(l.pages[1].box_count, 3);
    assert_int_equal(l.pages[1].boxes[0].role, YK_ROLE_HEADING);
    assert_int_equal(l.pages[1].boxes[0].level, 2);
    yk_layout_clear(&l);
    yk_diag_free(d);
}

/* The structure layout hands to draw: a label row heads its column, a label beside values heads
 * its row; label and value rows form one table, a heading ends it; cells are read left to
 * right whatever order the template lists them in. */
static void test_layout_boxes_carry_role_table_row_and_reading_order(void **state)
{
    (void)state;
    yk_style s = style(10, 10);
    yk_form f = form_with(&s);
    yk_filled_cell heading = cell(&s, "見出し", 80);
    heading.role = YK_ROLE_HEADING, heading.level = 1;
    yk_filled_cell cols[] = {cell(&s, "列一", 40), cell(&s, "列二", 40)};
    cols[0].role = cols[1].role = YK_ROLE_LABEL;
    cols[1].x = 40;
    yk_filled_cell body[] = {cell(&s, "値", 40), cell(&s, "項目", 40)};
    body[0].x = 40, body[1].role = YK_ROLE_LABEL; /* listed right to left */
    yk_filled_row rows[] = {{8, 8, &heading, 1}, {6, 6, cols, 2}, {8, 8, body, 2}};
    yk_filled_block block = {false, rows, 3, 0, NULL};
    yk_filled filled = {&f, NULL, 0, &block, 1};
    yk_layout l;
    yk_diag *d = yk_diag_new();
    assert_true(run(&filled, &l, d));
    const yk_layout_box *b = l.pages[0].boxes;
    assert_int_equal(l.pages[0].box_count, 5);
    assert_int_equal(b[0].table, 0);
    assert_true(b[1].table > 0 && b[1].table == b[3].table);
    assert_int_equal(b[1].scope, YK_SCOPE_COLUMN);
    assert_int_equal(b[4].scope, YK_SCOPE_ROW);
    assert_true(b[0].row < b[1].row && b[1].row == b[2].row && b[2].row < b[3].row);
    assert_int_equal(b[3].col, 1); /* the value, at x 40 */
    assert_int_equal(b[4].col, 0); /* the label, at x 0 */
    yk_layout_clear(&l);
    yk_diag_free(d);
}

/* The size chosen is the largest in 0.25 pt steps at which the text fits, as a plain
 * step-by-step search finds it (layout bisects; this checks it against the slow way). */
static double linear_size(const yk_style *s, const char *text, double w_mm, double h_mm)
{
    yk_metrics m = {.advance = fake_advance, .ascent = 880, .descent = -120};
    for (double size = s->size; size >= s->min_size - 1e-9; size -= 0.25) {
        double inner = w_mm * MM - 2 * s->side_padding * MM;
        yk_lines lines;
        yk_compose c = {(int)lround(s->wa_ou * 1000), s->align == YK_ALIGN_JUSTIFY,
                        (int)lround(s->justify_min * 1000)};
        yk_linebreak_composed(text, strlen(text), &m, (long)floor(inner * 1000.0 / size + 1e-9),
                              &c, &lines);
        double need = (double)(lines.count - 1) * size * s->leading + size + 2 * s->padding * MM;
        yk_lines_free(&lines);
        if (need <= h_mm * MM + 1e-6)
            return size;
    }
    return -1;
}

static void test_layout_shrink_finds_the_largest_quarter_point_that_fits(void **state)
{
    (void)state;
    yk_style s = style(12, 5);
    const char *units[] = {"あいうえお、", "漢字かな。", "ab cd ", "「括弧」", "第3回SDGs"};
    for (int n = 1; n < 320; n += 3) {
        if (n == 160) { /* the same again, justified with 和欧間 */
            s.align = YK_ALIGN_JUSTIFY;
            s.wa_ou = 0.25;
            s.justify_min = 0.6;
        }
        char *text = repeat(units[n % 5], n % 160);
        double want = linear_size(&s, text, 80, 40);
        yk_layout l;
        yk_diag *d = yk_diag_new();
        bool ok = layout_one(&s, text, 10, 40, &l, d);
        assert_int_equal(ok, want > 0);
        if (ok)
            assert_float_equal(l.pages[0].boxes[0].font_size, want, 1e-9);
        yk_layout_clear(&l);
        yk_diag_free(d);
        free(text);
    }
}

static long advance_calls;

static int counting_advance(const void *ctx, uint32_t cp)
{
    (void)ctx;
    advance_calls++;
    return fake_advance(NULL, cp);
}

/* A text far too long for a cell that cannot grow is refused from one measuring pass: it is
 * never broken into lines, let alone once per size step. */
static void test_layout_hopeless_text_fails_before_line_breaking(void **state)
{
    (void)state;
    yk_style s = style(10, 6);
    enum { N = 20000 };
    char *text = repeat("あ", N);
    yk_form f = form_with(&s);
    yk_filled_cell c = cell(&s, text, 80);
    yk_filled_row row = {10, 30, &c, 1};
    yk_filled_block block = {false, &row, 1, 0, NULL};
    yk_filled filled = {&f, NULL, 0, &block, 1};
    yk_layout_font font = {"Fake", {.advance = counting_advance, .ascent = 880, .descent = -120}};
    const yk_filled *forms[] = {&filled};
    yk_layout l;
    yk_diag *d = yk_diag_new();
    advance_calls = 0;
    assert_false(yk_layout_build(forms, 1, &font, 1, &l, d));
    assert_true(advance_calls <= 2 * N); /* the coverage check and the bound, nothing more */
    char *msg = yk_diag_format(yk_diag_at(d, 0));
    assert_non_null(strstr(msg, "needs at least"));
    assert_non_null(strstr(msg, "shorten it by about"));
    free(msg);
    yk_layout_clear(&l);
    yk_diag_free(d);
    free(text);
}

/* Each line carries its glyphs at their natural advances from the line's start, each with
 * the bytes of the line's text it stands for: what draw paints and typography adjusts. */
static void test_layout_lines_carry_positioned_glyphs(void **state)
{
    (void)state;
    yk_style s = style(10, 10);
    yk_layout l;
    yk_diag *d = yk_diag_new();
    assert_true(layout_one(&s, "あいAB", 10, 10, &l, d));
    const yk_layout_line *ln = &l.pages[0].boxes[0].lines[0];
    assert_int_equal(ln->glyph_count, 4);
    const double x[] = {0, 10, 20, 25};
    const size_t start[] = {0, 3, 6, 7};
    for (size_t i = 0; i < 4; i++) {
        assert_true(fabs(ln->glyphs[i].x - x[i]) < 1e-9);
        assert_int_equal(ln->glyphs[i].start, start[i]);
        assert_string_equal(l.families[ln->glyphs[i].font], "Fake");
    }
    assert_int_equal(ln->glyphs[1].gid, 0x3044); /* the fake font's glyph ids are code points */
    assert_true(fabs(ln->glyphs[3].advance - 5) < 1e-9);
    assert_int_equal(ln->glyphs[3].units, 500);
    assert_true(fabs(ln->width - 30) < 1e-9);
    yk_layout_clear(&l);
    yk_diag_free(d);
}

static const yk_layout_line *line_at(const yk_layout *l, size_t i)
{
    return &l->pages[0].boxes[0].lines[i];
}

/* side_padding narrows the lines, padding alone places them from the top: a cell of 80 mm
 * with 10 mm at each side holds 60 mm of text, starting 10 mm in, 1 mm below its top. */
static void test_layout_side_padding_narrows_lines_only(void **state)
{
    (void)state;
    yk_style s = style(10, 10);
    s.side_padding = 10;
    yk_layout l;
    yk_diag *d = yk_diag_new();
    char *text = repeat("あ", 20); /* 200 pt: two lines in 60 mm (170 pt), one in 78 mm */
    assert_true(layout_one(&s, text, 10, 60, &l, d));
    const yk_layout_box *box = &l.pages[0].boxes[0];
    assert_float_equal(box->padding, 10 * MM, 1e-9);
    assert_float_equal(box->padding_y, 1 * MM, 1e-9);
    assert_int_equal(box->line_count, 2);
    assert_int_equal(yk_utf8_count(box->lines[0].text, strlen(box->lines[0].text)), 17);
    assert_float_equal(box->lines[0].x, box->x + 10 * MM, 1e-9);
    double rise = 10 * 880.0 / 1000.0;
    assert_float_equal(box->lines[0].y, box->y + box->h - 1 * MM - rise, 1e-9);
    yk_layout_clear(&l);
    yk_diag_free(d);
    free(text);
}

/* Two marks in a row are set half an em closer (JIS X 4051), and the mark that gives up its
 * blank is a glyph of half an em: ）】 cuts the blank after ）, 】（ the blank before （. No
 * glyph then reaches into the next one, which is what a text extractor measures. */
static void test_layout_marks_in_a_row_are_cut_glyphs(void **state)
{
    (void)state;
    yk_style s = style(10, 10);
    s.align = YK_ALIGN_JUSTIFY;
    yk_layout l;
    yk_diag *d = yk_diag_new();
    assert_true(layout_one(&s, "（自助）】（共助）", 10, 10, &l, d));
    const yk_layout_line *ln = line_at(&l, 0);
    assert_int_equal(ln->glyph_count, 9);
    const uint32_t cut[] = {0, 0, 0, YK_GLYPH_CUT_END, 0, YK_GLYPH_CUT_START, 0, 0, 0};
    const double x[] = {0, 10, 20, 30, 35, 45, 50, 60, 70};
    for (size_t k = 0; k < 9; k++) {
        assert_int_equal(ln->glyphs[k].gid & ~(uint32_t)0xFFFF, cut[k]);
        assert_float_equal(ln->glyphs[k].x, x[k], 1e-9);
        assert_int_equal(ln->glyphs[k].units, cut[k] ? 500 : 1000);
        assert_float_equal(ln->glyphs[k].advance, cut[k] ? 5 : 10, 1e-9);
        if (k > 0)
            assert_float_equal(ln->glyphs[k].x, ln->glyphs[k - 1].x + ln->glyphs[k - 1].advance, 1e-9);
    }
    assert_float_equal(ln->width, 75, 1e-9); /* the last ）'s blank left out at the end */
    yk_layout_clear(&l);
    yk_diag_free(d);
}

/* Text hygiene (docs/plan-format.md): a tab is a space, U+200B an allowed break drawn as
 * nothing, U+00A0 a space never broken at, U+3000 at a paragraph's start an indent kept. */
static void test_layout_text_hygiene(void **state)
{
    (void)state;
    yk_style s = style(10, 10);
    yk_layout l;
    yk_diag *d = yk_diag_new();
    assert_true(layout_one(&s, "あ\tい", 10, 10, &l, d));
    assert_string_equal(line_at(&l, 0)->text, "あ い");
    yk_layout_clear(&l);

    /* 30 + 30 half-width letters on a 22 em line: one word but for the U+200B */
    char *a = repeat("a", 30), *b = repeat("b", 30), *kana = repeat("あ", 21);
    char *letters = yk_xasprintf("%s\u200B%s", a, b);
    assert_true(layout_one(&s, letters, 10, 30, &l, d));
    assert_int_equal(l.pages[0].boxes[0].line_count, 2);
    assert_int_equal(line_at(&l, 0)->glyph_count, 30); /* U+200B has no glyph */
    assert_int_equal(line_at(&l, 1)->text[0], 'b');
    assert_int_equal(yk_diag_count(d), 0);             /* no word had to be cut */
    yk_layout_clear(&l);

    char *nbsp = yk_xasprintf("%sa\u00A0b", kana); /* 22.5 em */
    assert_true(layout_one(&s, nbsp, 10, 30, &l, d));
    assert_string_equal(line_at(&l, 1)->text, "a\u00A0b");
    yk_layout_clear(&l);

    assert_true(layout_one(&s, "\u3000あい", 10, 10, &l, d));
    assert_int_equal(line_at(&l, 0)->glyph_count, 3);
    assert_true(fabs(line_at(&l, 0)->glyphs[1].x - 10) < 1e-9);
    yk_layout_clear(&l);
    yk_diag_free(d);
    free(letters);
    free(nbsp);
    free(a), free(b), free(kana);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_layout_lines_carry_positioned_glyphs),
        cmocka_unit_test(test_layout_marks_in_a_row_are_cut_glyphs),
        cmocka_unit_test(test_layout_side_padding_narrows_lines_only),
        cmocka_unit_test(test_layout_text_hygiene),
        cmocka_unit_test(test_layout_row_grows_then_text_shrinks_in_quarter_points),
        cmocka_unit_test(test_layout_too_long_is_a_located_error_naming_the_cell),
        cmocka_unit_test(test_layout_shrink_finds_the_largest_quarter_point_that_fits),
        cmocka_unit_test(test_layout_hopeless_text_fails_before_line_breaking),
        cmocka_unit_test(test_layout_block_moves_whole_to_next_page_with_its_heading),
        cmocka_unit_test(test_layout_missing_glyph_names_code_point),
        cmocka_unit_test(test_layout_json_has_the_documented_keys),
        cmocka_unit_test(test_layout_tall_block_splits_between_lines_under_continued_header),
        cmocka_unit_test(test_layout_row_of_two_texts_moves_whole_rather_than_cut),
        cmocka_unit_test(test_layout_table_going_on_repeats_its_head),
        cmocka_unit_test(test_layout_table_head_gives_way_to_a_row_it_would_push_off_the_page),
        cmocka_unit_test(test_layout_heading_never_ends_a_page_without_the_row_it_introduces),
        cmocka_unit_test(test_layout_boxes_carry_role_table_row_and_reading_order),
        cmocka_unit_test(test_layout_justify_fills_lines_and_keeps_no_lone_last_characters),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
