/* Tests of the outline: forms, 経営課題 and 戦略 bookmarks derived from a layout's pages. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../src/outline.h"

static const char plan_text[] =
    "format: unei-hoshin/1\nfiscal_year: 2022\nward: {name: 鶴見区, chief: 長沢　伸幸}\n"
    "goal: 目標\nmission: 使命\n"
    "issues:\n"
    "  - {number: 1, title: 安心のまち, summary: 概要,\n"
    "     strategies: [{number: 1-1, title: 地域福祉, body: 本文},\n"
    "                  {number: 1-2, title: 防災, body: 本文}]}\n"
    "  - {number: 2, title: 子育て, summary: 概要,\n"
    "     strategies: [{number: 2-1, body: 本文}]}\n";

/* pages[i] is the form name and a space-separated list of box fields. */
static void make_layout(yk_layout *l, const char *const (*pages)[2], size_t count)
{
    memset(l, 0, sizeof *l);
    l->pages = yk_xcalloc(count, sizeof *l->pages);
    l->page_count = count;
    for (size_t p = 0; p < count; p++) {
        yk_layout_page *page = &l->pages[p];
        page->number = (int)p + 1;
        page->form = yk_xstrdup(pages[p][0]);
        char *fields = yk_xstrdup(pages[p][1]);
        for (char *f = strtok(fields, " "); f; f = strtok(NULL, " ")) {
            page->boxes = yk_xrealloc(page->boxes, (page->box_count + 1) * sizeof *page->boxes);
            memset(&page->boxes[page->box_count], 0, sizeof *page->boxes);
            page->boxes[page->box_count++].field = yk_xstrdup(f);
        }
        free(fields);
    }
}

static void assert_entry(const yk_outline *o, size_t i, int level, const char *title, size_t page)
{
    assert_true(i < o->count);
    assert_int_equal(o->entries[i].level, level);
    assert_string_equal(o->entries[i].title, title);
    assert_int_equal(o->entries[i].page, page);
}

static void test_outline_forms_issues_and_strategies_where_first_printed(void **state)
{
    static const char *const pages[][2] = {
        {"yoshiki1", "title issues[0].summary issues[0].strategies[0].body issues[1].summary"},
        {"yoshiki2", "running_head issues[0].title issues[0].vision issues[0].strategies[0].title"},
        /* a continuation page repeating the heading opens no new bookmark */
        {"yoshiki2", "issues[0].title issues[0].strategies[0].title issues[0].strategies[1].title"},
        {"yoshiki2", "issues[1].title issues[1].strategies[0].title"},
        {"yoshiki3", "reform_items[0].item"},
    };
    static const yk_outline_form forms[] = {
        {"yoshiki1", "様式1"}, {"yoshiki2", "様式2"}, {"yoshiki3", "様式3"}};
    yk_diag *d = yk_diag_new();
    yk_plan *plan = yk_plan_load_bytes(plan_text, sizeof plan_text - 1, "p.yaml", d);
    assert_non_null(plan);
    yk_layout layout;
    make_layout(&layout, pages, 5);
    yk_outline o;
    yk_outline_build(&layout, plan, forms, 3, &o);
    assert_int_equal(o.count, 8);
    assert_entry(&o, 0, 0, "様式1", 0);
    assert_entry(&o, 1, 0, "様式2", 1);
    assert_entry(&o, 2, 1, "経営課題１　安心のまち", 1);
    assert_entry(&o, 3, 2, "戦略１－１　地域福祉", 1);
    assert_entry(&o, 4, 2, "戦略１－２　防災", 2);
    assert_entry(&o, 5, 1, "経営課題２　子育て", 3);
    assert_entry(&o, 6, 2, "戦略２－１", 3); /* no title in the plan: the number alone */
    assert_entry(&o, 7, 0, "様式3", 4);
    yk_outline_free(&o);
    assert_int_equal(o.count, 0);
    yk_layout_clear(&layout);
    yk_plan_free(plan);
    yk_diag_free(d);
}

static void test_outline_unknown_form_is_titled_by_its_name(void **state)
{
    static const char *const pages[][2] = {{"yoshiki9", "x"}};
    yk_diag *d = yk_diag_new();
    yk_plan *plan = yk_plan_load_bytes(plan_text, sizeof plan_text - 1, "p.yaml", d);
    yk_layout layout;
    make_layout(&layout, pages, 1);
    yk_outline o;
    yk_outline_build(&layout, plan, NULL, 0, &o);
    assert_int_equal(o.count, 1);
    assert_entry(&o, 0, 0, "yoshiki9", 0);
    yk_outline_free(&o);
    yk_layout_clear(&layout);
    yk_plan_free(plan);
    yk_diag_free(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_outline_forms_issues_and_strategies_where_first_printed),
        cmocka_unit_test(test_outline_unknown_form_is_titled_by_its_name),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
