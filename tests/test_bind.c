/* bind: Japanese conventions and the template language. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "../src/bind.h"

static void expect_str(char *got, const char *want)
{
    assert_string_equal(got, want);
    free(got);
}

static void test_era_reiwa_and_heisei(void **state)
{
    (void)state;
    expect_str(yk_era_year(2022), "令和４年度");
    expect_str(yk_era_year(2019), "令和元年度");
    expect_str(yk_era_year(2018), "平成３０年度");
    expect_str(yk_era_year(1989), "平成元年度");
    expect_str(yk_era_year(2030), "令和１２年度");
    expect_str(yk_era_year_short(2020), "２年度");
    expect_str(yk_era_year_short(2019), "元年度");
}

static void test_fullwidth_numbering_uses_ff0d(void **state)
{
    (void)state;
    expect_str(yk_fullwidth_number("1-1-1"), "１－１－１");
    expect_str(yk_fullwidth_number("12"), "１２");
    char *n = yk_fullwidth_number("2-1");
    assert_non_null(strstr(n, "\xEF\xBC\x8D")); /* U+FF0D FULLWIDTH HYPHEN-MINUS */
    free(n);
}

static void test_amount_commas_and_unit(void **state)
{
    (void)state;
    expect_str(yk_amount(28523), "28,523千円");
    expect_str(yk_amount(2638), "2,638千円");
    expect_str(yk_amount(0), "0千円");
    expect_str(yk_amount(1234567), "1,234,567千円");
    expect_str(yk_amount(999), "999千円");
}

static size_t check(const char *text, yk_diag **out)
{
    *out = yk_diag_new();
    yk_bind_check_text(text, "t.yaml", 3, 7, "cell", *out);
    return yk_diag_errors(*out);
}

static void test_check_accepts_known_paths_and_filters(void **state)
{
    (void)state;
    yk_diag *d;
    assert_int_equal(check("【{issues[].strategies[main].number|fw}　{issues[].title}】", &d), 0);
    yk_diag_free(d);
    assert_int_equal(check("{fiscal_year|era}{status|draft} {{literal}}", &d), 0);
    yk_diag_free(d);
    assert_int_equal(check("{issues[].strategies[].initiatives[].budget|budget:previous}", &d), 0);
    yk_diag_free(d);
}

static void test_check_rejects_unknown_key(void **state)
{
    (void)state;
    yk_diag *d;
    assert_int_equal(check("{issues[].sumary}", &d), 1);
    char *line = yk_diag_format(yk_diag_at(d, 0));
    assert_string_equal(line, "t.yaml:3:7: error: cell: 'issues[].sumary' is not a key of the plan format");
    free(line);
    yk_diag_free(d);
}

static void test_check_rejects_unknown_filter_and_bad_braces(void **state)
{
    (void)state;
    yk_diag *d;
    assert_int_equal(check("{goal|upper}", &d), 1);
    assert_non_null(strstr(yk_diag_at(d, 0)->message, "unknown filter 'upper'"));
    yk_diag_free(d);
    assert_int_equal(check("{goal", &d), 1);
    yk_diag_free(d);
    assert_int_equal(check("goal}", &d), 1);
    yk_diag_free(d);
    assert_int_equal(check("{goal|fw|era}", &d), 1);
    assert_non_null(strstr(yk_diag_at(d, 0)->message, "must come first"));
    yk_diag_free(d);
    assert_int_equal(check("{goal|or}", &d), 1);
    yk_diag_free(d);
}

static const char plan_text[] =
    "format: unei-hoshin/1\nfiscal_year: 2022\nward: {name: 鶴見区, chief: 長沢　伸幸}\n"
    "goal: 目標\nmission: 使命\n"
    "issues:\n  - {number: 1, title: 課題, summary: 概要,\n"
    "     strategies: [{number: 1-1, title: 戦略, body: 本文}]}\n";

/* Binds one text cell whose template is `text`; returns the diagnostics as one string. */
static char *bind_one(const char *text, char **filled_text)
{
    yk_diag *d = yk_diag_new();
    yk_plan *plan = yk_plan_load_bytes(plan_text, sizeof plan_text - 1, "p.yaml", d);
    assert_non_null(plan);
    char *form_text = yk_xasprintf(
        "format: yoshiki-form/1\nname: t\nlabel: 様式T\n"
        "styles: {text: {family: F, size: 10}}\n"
        "body:\n  - repeat: issues[]\n    rows:\n      - height: 8\n        cells:\n"
        "          - {kind: text, field: f, x: 0, w: 100, style: text, text: \"%s\"}\n", text);
    yk_form *form = yk_form_load_bytes(form_text, strlen(form_text), "f.yaml", d);
    assert_non_null(form);
    yk_filled filled;
    yk_bind(form, plan, &filled, d);
    *filled_text = yk_xstrdup(filled.blocks[0].rows[0].cells[0].text);
    yk_buf out = {0};
    for (size_t i = 0; i < yk_diag_count(d); i++) {
        char *line = yk_diag_format(yk_diag_at(d, i));
        yk_buf_addf(&out, "%s\n", line);
        free(line);
    }
    yk_filled_free(&filled);
    yk_form_free(form);
    yk_plan_free(plan);
    yk_diag_free(d);
    free(form_text);
    return yk_buf_take(&out);
}

static void test_bind_fills_numbering_and_main_items(void **state)
{
    (void)state;
    char *text;
    char *diags = bind_one("【{issues[].strategies[main].number|fw}　{issues[].strategies[main].title}】", &text);
    assert_string_equal(diags, "");
    assert_string_equal(text, "【１－１　戦略】");
    free(diags);
    free(text);
}

static void test_bind_a_list_where_text_is_printed_is_an_error(void **state)
{
    (void)state;
    char *text;
    char *diags = bind_one("{issues[].strategies}", &text);
    assert_string_equal(diags, "f.yaml:10:13: error: issues[].strategies: the template prints "
                               "'issues[].strategies' here, but the plan holds a list there\n");
    free(diags);
    free(text);
}

/* A plan and a form bound without a message; the caller frees with unbind. */
typedef struct bound {
    yk_plan *plan;
    yk_form *form;
    yk_filled filled;
} bound;

static void bind_clean(const char *plan, const char *form_text, bound *b)
{
    yk_diag *d = yk_diag_new();
    b->plan = yk_plan_load_bytes(plan, strlen(plan), "p.yaml", d);
    b->form = yk_form_load_bytes(form_text, strlen(form_text), "f.yaml", d);
    assert_non_null(b->plan);
    assert_non_null(b->form);
    yk_bind(b->form, b->plan, &b->filled, d);
    assert_int_equal(yk_diag_count(d), 0);
    yk_diag_free(d);
}

static void unbind(bound *b)
{
    yk_filled_free(&b->filled);
    yk_form_free(b->form);
    yk_plan_free(b->plan);
}

/* The form's bullet goes before each item of a list, except one the plan already wrote. */
static void test_bind_list_bullet_once(void **state)
{
    (void)state;
    static const char plan[] =
        "format: unei-hoshin/1\nfiscal_year: 2022\nward: {name: 鶴見区, chief: 長沢　伸幸}\n"
        "goal: 目標\nmission: 使命\npolicy: [方針一, ・方針二, ◆方針三]\n"
        "issues: [{number: 1, title: 課題}]\n";
    static const char form_text[] =
        "format: yoshiki-form/1\nname: t\nlabel: 様式T\n"
        "styles: {text: {family: F, size: 10}}\n"
        "body:\n  - rows:\n      - height: 8\n        cells:\n"
        "          - {kind: list, field: policy, x: 0, w: 100, style: text, list: policy, "
        "bullet: ・}\n";
    bound b;
    bind_clean(plan, form_text, &b);
    assert_string_equal(b.filled.blocks[0].rows[0].cells[0].text, "・方針一\n・方針二\n・◆方針三");
    unbind(&b);
}

/* An item the plan leaves unnumbered takes its place in its list, under its parent's
 * number, given or not: issue 2's first strategy is 2-1 and its second's initiative 2-2-1;
 * under strategy 5-7, an initiative whose number is empty is 5-7-2 (the second). */
static void test_bind_unnumbered_items_take_their_place(void **state)
{
    (void)state;
    static const char plan[] =
        "format: unei-hoshin/1\nfiscal_year: 2022\nward: {name: 鶴見区, chief: 長沢　伸幸}\n"
        "goal: 目標\nmission: 使命\n"
        "issues:\n"
        "  - {number: 1, title: 一, strategies: [{number: 1-1, title: 甲}]}\n"
        "  - {title: 二, strategies: [{title: 乙}, {title: 丙, initiatives: [{title: 取組}]}]}\n"
        "  - {number: 5, title: 五, strategies: [{number: 5-7, title: 丁,\n"
        "                                       initiatives: [{title: 取組}, {number: \"\"}]}]}\n";
    static const char form_text[] =
        "format: yoshiki-form/1\nname: t\nlabel: 様式T\n"
        "styles: {text: {family: F, size: 10}}\n"
        "body:\n  - repeat: issues[]\n    rows:\n      - height: 8\n        cells:\n"
        "          - {kind: text, field: f, x: 0, w: 100, style: text,\n"
        "             text: \"{issues[].number}:{issues[].strategies[0].number|fw}:"
        "{issues[].strategies[1].initiatives[0].number}:"
        "{issues[].strategies[0].initiatives[1].number}\"}\n";
    bound b;
    bind_clean(plan, form_text, &b);
    yk_buf got = {0};
    for (size_t i = 0; i < b.filled.block_count; i++)
        yk_buf_addf(&got, "%s|", b.filled.blocks[i].rows[0].cells[0].text);
    char *all = yk_buf_take(&got);
    assert_string_equal(all, "1:１－１::|2:２－１:2-2-1:|5:５－７::5-7-2|");
    free(all);
    unbind(&b);
}

/* A cell of an item the plan does not have prints nothing, not its template's brackets round
 * empty values: a strategy without initiatives (key absent or []) has an empty 主な具体的取組;
 * an item that exists keeps its template text with an empty value. */
static void test_bind_cell_of_an_absent_item_is_empty(void **state)
{
    (void)state;
    static const char plan[] =
        "format: unei-hoshin/1\nfiscal_year: 2022\nward: {name: 鶴見区, chief: 長沢　伸幸}\n"
        "goal: 目標\nmission: 使命\n"
        "issues:\n"
        "  - {title: 一, strategies: [{title: 甲}]}\n"
        "  - {title: 二, strategies: [{title: 乙, initiatives: []}]}\n"
        "  - {title: 三}\n"
        "  - {title: 四, strategies: [{title: 丙, initiatives: [{title: 取組}]}]}\n";
    static const char form_text[] =
        "format: yoshiki-form/1\nname: t\nlabel: 様式T\n"
        "styles: {text: {family: F, size: 10}}\n"
        "body:\n  - repeat: issues[]\n    rows:\n      - height: 8\n        cells:\n"
        "          - {kind: text, field: \"issues[].strategies[main].initiatives[main].body\",\n"
        "             x: 0, w: 100, style: text,\n"
        "             text: \"【{issues[].strategies[main].initiatives[main].number|fw}　"
        "{issues[].strategies[main].initiatives[main].title}】（予算額　"
        "{issues[].strategies[main].initiatives[main].budget|budget}）\"}\n"
        "          - {kind: text, field: \"issues[].strategies[main].body\", x: 100, w: 100,\n"
        "             style: text, text: \"【{issues[].strategies[main].title}】\"}\n";
    bound b;
    bind_clean(plan, form_text, &b);
    yk_buf got = {0};
    for (size_t i = 0; i < b.filled.block_count; i++)
        yk_buf_addf(&got, "%s|%s\n", b.filled.blocks[i].rows[0].cells[0].text,
                    b.filled.blocks[i].rows[0].cells[1].text);
    char *all = yk_buf_take(&got);
    assert_string_equal(all, "|【甲】\n|【乙】\n|\n【４－１－１　取組】（予算額　－）|【丙】\n");
    free(all);
    unbind(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_era_reiwa_and_heisei),
        cmocka_unit_test(test_fullwidth_numbering_uses_ff0d),
        cmocka_unit_test(test_amount_commas_and_unit),
        cmocka_unit_test(test_check_accepts_known_paths_and_filters),
        cmocka_unit_test(test_check_rejects_unknown_key),
        cmocka_unit_test(test_check_rejects_unknown_filter_and_bad_braces),
        cmocka_unit_test(test_bind_fills_numbering_and_main_items),
        cmocka_unit_test(test_bind_a_list_where_text_is_printed_is_an_error),
        cmocka_unit_test(test_bind_list_bullet_once),
        cmocka_unit_test(test_bind_unnumbered_items_take_their_place),
        cmocka_unit_test(test_bind_cell_of_an_absent_item_is_empty),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
