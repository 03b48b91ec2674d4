/* fix: the likely meaning of a value that is not a whole number. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include "../src/fix.h"

static void expect(const char *text, bool quoted, yk_fix_kind kind, long value)
{
    long v = -1;
    yk_fix_kind k = yk_fix_whole_number(text, quoted, &v);
    if (k != kind)
        fail_msg("'%s': kind %d, want %d", text, (int)k, (int)kind);
    if (kind != YK_FIX_NONE && v != value)
        fail_msg("'%s': %ld, want %ld", text, v, value);
}

static void test_fix_quoted_digits_are_a_number_in_quotes(void **state)
{
    expect("34860", true, YK_FIX_QUOTED, 34860);
    expect("2023", true, YK_FIX_QUOTED, 2023);
    /* unquoted digits never reach the fixer as a mistake */
    expect("34860", false, YK_FIX_NONE, 0);
}

static void test_fix_era_years(void **state)
{
    expect("令和5", false, YK_FIX_ERA, 2023);
    expect("令和元年", false, YK_FIX_ERA, 2019);
    expect("令和４年度", true, YK_FIX_ERA, 2022);
    expect("平成30年度", false, YK_FIX_ERA, 2018);
    expect("R5", false, YK_FIX_ERA, 2023);
    expect("H31", false, YK_FIX_ERA, 2019);
    expect("令和", false, YK_FIX_NONE, 0);
    expect("令和5年4月", false, YK_FIX_NONE, 0);
}

static void test_fix_amounts_become_digits_in_senen(void **state)
{
    expect("12,000千円", true, YK_FIX_AMOUNT, 12000);
    expect("12000千円", false, YK_FIX_AMOUNT, 12000);
    expect("28,523", false, YK_FIX_AMOUNT, 28523);
    expect("１２，０００千円", false, YK_FIX_AMOUNT, 12000);
    expect("1,200万円", false, YK_FIX_AMOUNT, 12000);
    expect("3百万円", false, YK_FIX_AMOUNT, 3000);
    expect("12,000,000円", false, YK_FIX_AMOUNT, 12000);
    /* yen that is not a whole number of 千円 has no digits to suggest */
    expect("12,345円", false, YK_FIX_NONE, 0);
    expect(",000", false, YK_FIX_NONE, 0);
}

static void test_fix_full_width_digits(void **state)
{
    expect("２０２３", false, YK_FIX_DIGITS, 2023);
    expect("２０２３", true, YK_FIX_DIGITS, 2023);
}

static void test_fix_words_have_no_fix(void **state)
{
    expect("未定", false, YK_FIX_NONE, 0);
    expect("", true, YK_FIX_NONE, 0);
    expect("12a", false, YK_FIX_NONE, 0);
    expect("1234567890123456", true, YK_FIX_NONE, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fix_quoted_digits_are_a_number_in_quotes),
        cmocka_unit_test(test_fix_era_years),
        cmocka_unit_test(test_fix_amounts_become_digits_in_senen),
        cmocka_unit_test(test_fix_full_width_digits),
        cmocka_unit_test(test_fix_words_have_no_fix),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
