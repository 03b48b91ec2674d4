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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_era_reiwa_and_heisei),
        cmocka_unit_test(test_fullwidth_numbering_uses_ff0d),
        cmocka_unit_test(test_amount_commas_and_unit),
        cmocka_unit_test(test_check_accepts_known_paths_and_filters),
        cmocka_unit_test(test_check_rejects_unknown_key),
        cmocka_unit_test(test_check_rejects_unknown_filter_and_bad_braces),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
