/* Tests of the ward table: the shipped table, look-ups by every key, and located errors. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../src/ward.h"

static yk_ward_table *shipped(void)
{
    yk_diag *d = yk_diag_new();
    yk_ward_table *t = yk_ward_table_load("forms/wards.yaml", d);
    assert_int_equal(yk_diag_count(d), 0);
    yk_diag_free(d);
    assert_non_null(t);
    return t;
}

/* Loads text that must fail; returns the first error formatted. */
static char *first_error(const char *text)
{
    yk_diag *d = yk_diag_new();
    assert_null(yk_ward_table_load_bytes(text, strlen(text), "w.yaml", d));
    assert_true(yk_diag_errors(d) > 0);
    char *line = yk_diag_format(yk_diag_at(d, 0));
    yk_diag_free(d);
    return line;
}

static void assert_first_error(const char *text, const char *expected)
{
    char *line = first_error(text);
    assert_string_equal(line, expected);
    free(line);
}

static void test_ward_table_has_24_wards_in_code_order_with_valid_codes(void **state)
{
    yk_ward_table *t = shipped();
    assert_int_equal(yk_ward_count(t), 24);
    for (size_t i = 0; i < yk_ward_count(t); i++) {
        assert_true(yk_ward_code_valid(yk_ward_at(t, i)->code));
        if (i > 0)
            assert_true(strcmp(yk_ward_at(t, i - 1)->code, yk_ward_at(t, i)->code) < 0);
    }
    assert_null(yk_ward_at(t, 24));
    yk_ward_table_free(t);
}

static void test_ward_find_by_name_short_name_slug_and_code(void **state)
{
    yk_ward_table *t = shipped();
    const char *keys[] = {"鶴見区", "鶴見", "tsurumi", "271241"};
    for (size_t i = 0; i < 4; i++) {
        const yk_ward *w = yk_ward_find(t, keys[i]);
        assert_non_null(w);
        assert_string_equal(w->name, "鶴見区");
        assert_string_equal(w->short_name, "鶴見");
        assert_string_equal(w->code, "271241");
        assert_string_equal(w->slug, "tsurumi");
    }
    /* a one-character short name (北区 → 北) and a name inside another (西区, 西淀川区) */
    assert_string_equal(yk_ward_find(t, "北")->slug, "kita");
    assert_string_equal(yk_ward_find(t, "西")->slug, "nishi");
    assert_string_equal(yk_ward_find(t, "西淀川")->slug, "nishiyodogawa");
    assert_null(yk_ward_find(t, "鶴見町"));
    assert_null(yk_ward_find(t, "271240"));
    assert_null(yk_ward_find(t, ""));
    assert_string_equal(yk_ward_by_code(t, "271284")->name, "中央区");
    assert_null(yk_ward_by_code(t, "tsurumi"));
    yk_ward_table_free(t);
}

static void test_ward_check_digit(void **state)
{
    assert_int_equal(yk_ward_check_digit("27124"), 1);
    assert_int_equal(yk_ward_check_digit("27102"), 1);
    assert_true(yk_ward_code_valid("271284"));
    assert_false(yk_ward_code_valid("271285"));
    assert_false(yk_ward_code_valid("27128"));
    assert_false(yk_ward_code_valid("2712840"));
    assert_false(yk_ward_code_valid("27128a"));
    assert_false(yk_ward_code_valid(NULL));
}

static void test_ward_table_errors_are_located(void **state)
{
    assert_first_error("wards:\n  - {name: 鶴見区, code: \"271240\", slug: tsurumi}\n",
                       "w.yaml:2:23: error: wards[0].code: '271240' is not a 6-digit code "
                       "passing its check digit");
    assert_first_error("wards:\n  - {name: 鶴見区, code: \"271241\", slug: Tsurumi}\n",
                       "w.yaml:2:39: error: wards[0].slug: a slug may hold only a-z, 0-9 and "
                       "'-' (found 'Tsurumi')");
    assert_first_error("wards:\n  - {name: 鶴見区, slug: tsurumi}\n",
                       "w.yaml:2:5: error: wards[0].code: a ward needs a code");
    assert_first_error("wards:\n  - {name: 鶴見区, code: \"271241\", slug: tsurumi}\n"
                       "  - {name: 鶴見区, code: \"271284\", slug: chuo}\n",
                       "w.yaml:3:12: error: wards[1].name: this name is already that of the "
                       "ward on line 2");
    assert_first_error("wards: []\n", "w.yaml:1:1: error: wards: the table needs a list 'wards'");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ward_table_has_24_wards_in_code_order_with_valid_codes),
        cmocka_unit_test(test_ward_find_by_name_short_name_slug_and_code),
        cmocka_unit_test(test_ward_check_digit),
        cmocka_unit_test(test_ward_table_errors_are_located),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
