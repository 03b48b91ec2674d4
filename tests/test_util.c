/* util: the one array-growth rule (yk_reserve) and the one meaning of an empty YAML value. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "../src/util.h"
#include "../src/yamldoc.h"

static void test_reserve_grows_only_when_full_and_keeps_contents(void **state)
{
    (void)state;
    int *a = NULL;
    size_t cap = 0;
    for (size_t n = 0; n < 1000; n++) {
        int *before = a;
        size_t before_cap = cap;
        a = yk_reserve(a, n + 1, &cap, sizeof *a);
        assert_true(cap >= n + 1);
        if (n < before_cap) { /* room left: nothing moves, nothing grows */
            assert_ptr_equal(a, before);
            assert_int_equal(cap, before_cap);
        }
        a[n] = (int)n;
    }
    for (size_t n = 0; n < 1000; n++)
        assert_int_equal(a[n], (int)n);
    assert_int_equal(cap, 1024); /* 8, 16, … doubling */
    free(a);
}

static void test_reserve_takes_a_larger_need_at_once(void **state)
{
    (void)state;
    char *b = NULL;
    size_t cap = 0;
    b = yk_reserve(b, 100, &cap, 1);
    assert_int_equal(cap, 128);
    memset(b, 'x', 100);
    b = yk_reserve(b, 100, &cap, 1);
    assert_int_equal(cap, 128);
    free(b);
}

static void test_empty_means_prints_nothing(void **state)
{
    (void)state;
    static const char text[] = "a: \nb: ~\nc: ''\nd: []\ne: {}\nf: x\ng: [1]\nh: {k: v}\ni: 0\n";
    yk_diag *d = yk_diag_new();
    yk_yaml_doc *doc = yk_yaml_load_bytes(text, sizeof text - 1, "t.yaml", d);
    assert_non_null(doc);
    const char *empty = "abcde", *full = "fghi";
    for (const char *k = empty; *k; k++) {
        char key[2] = {*k, 0};
        assert_true(yk_yaml_is_empty(yk_yaml_get(doc->root, key)));
    }
    for (const char *k = full; *k; k++) {
        char key[2] = {*k, 0};
        assert_false(yk_yaml_is_empty(yk_yaml_get(doc->root, key)));
    }
    assert_true(yk_yaml_is_empty(NULL));
    assert_true(yk_yaml_is_empty(yk_yaml_get(doc->root, "absent")));
    yk_yaml_free(doc);
    yk_diag_free(d);
}

/* Plan paths name nodes in messages: "a.b", "a[3]", and a bare key or index at the root. */
static void test_join_path_names_keys_and_items(void **state)
{
    (void)state;
    const struct { const char *path, *key; size_t index; const char *want; } cases[] = {
        {"", "issues", 0, "issues"},           {"issues", "summary", 7, "issues.summary"},
        {"issues", NULL, 0, "issues[0]"},      {"issues[12]", NULL, 305, "issues[12][305]"},
        {"", NULL, 4294967295u, "[4294967295]"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *got = yk_join_path(cases[i].path, cases[i].key, cases[i].index);
        assert_string_equal(got, cases[i].want);
        free(got);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_reserve_grows_only_when_full_and_keeps_contents),
        cmocka_unit_test(test_reserve_takes_a_larger_need_at_once),
        cmocka_unit_test(test_empty_means_prints_nothing),
        cmocka_unit_test(test_join_path_names_keys_and_items),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
