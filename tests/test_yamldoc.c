/* Tests of yamldoc: marks, scalar styles, block scalars, the scalar readers and errors. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../src/yamldoc.h"

/* Loads text that must parse without any diagnostic. */
static yk_yaml_doc *load_ok(const char *text)
{
    yk_diag *d = yk_diag_new();
    yk_yaml_doc *doc = yk_yaml_load_bytes(text, strlen(text), "t.yaml", d);
    assert_non_null(doc);
    assert_int_equal(yk_diag_count(d), 0);
    yk_diag_free(d);
    return doc;
}

/* Loads bytes that must fail with exactly one error; returns it formatted. */
static char *load_error(const char *bytes, size_t len)
{
    yk_diag *d = yk_diag_new();
    assert_null(yk_yaml_load_bytes(bytes, len, "t.yaml", d));
    assert_int_equal(yk_diag_count(d), 1);
    char *line = yk_diag_format(yk_diag_at(d, 0));
    yk_diag_free(d);
    return line;
}

static void assert_error(const char *bytes, const char *expected)
{
    char *line = load_error(bytes, strlen(bytes));
    assert_string_equal(line, expected);
    free(line);
}

static void assert_mark(const yk_yaml_node *n, int line, int col)
{
    assert_non_null(n);
    assert_int_equal(n->line, line);
    assert_int_equal(n->col, col);
}

static void test_yamldoc_marks_are_one_based(void **state)
{
    yk_yaml_doc *doc = load_ok("a: 1\n");
    assert_mark(doc->root, 1, 1);
    assert_mark(doc->root->pairs[0].key, 1, 1);
    assert_mark(doc->root->pairs[0].value, 1, 4);
    yk_yaml_free(doc);
}

static void test_yamldoc_marks_of_nested_keys(void **state)
{
    yk_yaml_doc *doc = load_ok("top: x\n"
                               "ward:\n"
                               "  name: 鶴見区\n"
                               "  list:\n"
                               "    - k: v\n"
                               "      deep: {x: 1}\n");
    const yk_yaml_node *ward = yk_yaml_get(doc->root, "ward");
    assert_mark(ward, 3, 3);
    assert_mark(ward->pairs[0].key, 3, 3);
    assert_mark(yk_yaml_get(ward, "name"), 3, 9);
    const yk_yaml_node *item = yk_yaml_get(ward, "list")->items[0];
    assert_mark(item, 5, 7);
    assert_mark(item->pairs[1].key, 6, 7);
    assert_mark(yk_yaml_get(yk_yaml_get(item, "deep"), "x"), 6, 17);
    yk_yaml_free(doc);
}

static void test_yamldoc_columns_count_characters_not_bytes(void **state)
{
    yk_yaml_doc *doc = load_ok("{鶴見: 区, x: 1}\n");
    assert_mark(doc->root->pairs[1].key, 1, 9);
    yk_yaml_free(doc);
}

static void test_yamldoc_block_scalars_keep_newlines(void **state)
{
    yk_yaml_doc *doc = load_ok("a: |-\n  一行目\n  二行目\nb: |\n  x\n  \u3000\nc: >-\n  folded\n  text\n");
    assert_string_equal(yk_yaml_get(doc->root, "a")->scalar, "一行目\n二行目");
    assert_string_equal(yk_yaml_get(doc->root, "b")->scalar, "x\n\u3000\n");
    assert_string_equal(yk_yaml_get(doc->root, "c")->scalar, "folded text");
    assert_false(yk_yaml_get(doc->root, "a")->plain);
    yk_yaml_free(doc);
}

static void test_yamldoc_quoted_number_is_not_plain(void **state)
{
    yk_yaml_doc *doc = load_ok("q: \"123\"\ns: '123'\np: 123\nt: !!str 123\n");
    long v;
    assert_false(yk_yaml_get(doc->root, "q")->plain);
    assert_false(yk_yaml_get(doc->root, "s")->plain);
    assert_true(yk_yaml_get(doc->root, "p")->plain);
    assert_false(yk_yaml_get(doc->root, "t")->plain);
    assert_false(yk_yaml_int(yk_yaml_get(doc->root, "q"), &v));
    assert_true(yk_yaml_int(yk_yaml_get(doc->root, "p"), &v));
    assert_int_equal(v, 123);
    yk_yaml_free(doc);
}

static void test_yamldoc_null_int_and_number(void **state)
{
    yk_yaml_doc *doc = load_ok("a:\nb: ~\nc: null\nd: \"\"\ne: -42\nf: 9.5\ng: 0x1F\nh: 1e3\n"
                               "i: .5\nj: 99999999999999999999\nk: nan\nl: 1,000\n");
    const yk_yaml_node *r = doc->root;
    long v;
    double x;
    assert_true(yk_yaml_is_null(yk_yaml_get(r, "a")));
    assert_true(yk_yaml_is_null(yk_yaml_get(r, "b")));
    assert_true(yk_yaml_is_null(yk_yaml_get(r, "c")));
    assert_false(yk_yaml_is_null(yk_yaml_get(r, "d")));
    assert_false(yk_yaml_is_null(NULL));
    assert_true(yk_yaml_int(yk_yaml_get(r, "e"), &v));
    assert_int_equal(v, -42);
    assert_false(yk_yaml_int(yk_yaml_get(r, "f"), &v));
    assert_false(yk_yaml_int(yk_yaml_get(r, "g"), &v));
    assert_false(yk_yaml_int(yk_yaml_get(r, "j"), &v));
    assert_false(yk_yaml_int(yk_yaml_get(r, "l"), &v));
    assert_true(yk_yaml_number(yk_yaml_get(r, "f"), &x));
    assert_true(x == 9.5);
    assert_true(yk_yaml_number(yk_yaml_get(r, "h"), &x));
    assert_true(x == 1000.0);
    assert_true(yk_yaml_number(yk_yaml_get(r, "i"), &x));
    assert_false(yk_yaml_number(yk_yaml_get(r, "g"), &x));
    assert_false(yk_yaml_number(yk_yaml_get(r, "k"), &x));
    assert_false(yk_yaml_number(yk_yaml_get(r, "a"), &x));
    yk_yaml_free(doc);
}

/* One reading for every boolean: YAML 1.2's spellings only; 1.1's yes/no/on/off are text,
 * so a boolean key refuses them instead of taking them as false. */
static void test_yamldoc_booleans_have_one_reading(void **state)
{
    yk_yaml_doc *doc = load_ok("a: true\nb: True\nc: TRUE\nd: false\ne: False\nf: FALSE\n"
                               "g: yes\nh: no\ni: on\nj: off\nk: \"true\"\nl: tRUE\nm: 1\n");
    const yk_yaml_node *r = doc->root;
    const char *yes[] = {"a", "b", "c"}, *no[] = {"d", "e", "f"};
    const char *neither[] = {"g", "h", "i", "j", "k", "l", "m"};
    bool v;
    for (size_t i = 0; i < 3; i++) {
        v = false;
        assert_true(yk_yaml_bool(yk_yaml_get(r, yes[i]), &v));
        assert_true(v);
        assert_true(yk_yaml_bool(yk_yaml_get(r, no[i]), &v));
        assert_false(v);
    }
    for (size_t i = 0; i < sizeof neither / sizeof *neither; i++) {
        yk_scalar s;
        assert_false(yk_yaml_bool(yk_yaml_get(r, neither[i]), &v));
        assert_true(yk_yaml_scalar(yk_yaml_get(r, neither[i]), &s));
        assert_int_equal(s.kind, i == 6 ? YK_SCALAR_INT : YK_SCALAR_TEXT);
    }
    assert_false(yk_yaml_bool(NULL, &v));
    yk_yaml_free(doc);
}

static void test_yamldoc_get_keeps_file_order_and_misses(void **state)
{
    yk_yaml_doc *doc = load_ok("z: 1\na: 2\nl: [1]\n");
    assert_string_equal(doc->root->pairs[0].key->scalar, "z");
    assert_null(yk_yaml_get(doc->root, "missing"));
    assert_null(yk_yaml_get(yk_yaml_get(doc->root, "l"), "x"));
    assert_null(yk_yaml_get(NULL, "x"));
    yk_yaml_free(doc);
}

static void test_yamldoc_empty_input_has_no_root(void **state)
{
    yk_yaml_doc *doc = load_ok("");
    assert_null(doc->root);
    yk_yaml_free(doc);
    yk_diag *d = yk_diag_new();
    doc = yk_yaml_load_bytes(NULL, 0, "t.yaml", d);
    assert_non_null(doc);
    yk_yaml_free(doc);
    yk_diag_free(d);
}

static void test_yamldoc_duplicate_key_names_the_first(void **state)
{
    assert_error("a:\n  goal: x\n  b: 1\n  goal: y\n",
                 "t.yaml:4:3: error: a.goal: duplicate key 'goal' (first at line 2)");
}

static void test_yamldoc_anchor_and_alias_are_errors(void **state)
{
    assert_error("- &x a\n", "t.yaml:1:3: error: [0]: anchors are not allowed in a plan "
                             "(found '&x'); write the value out");
    yk_diag *d = yk_diag_new();
    const char *text = "a: &x 1\nb: *x\n";
    assert_null(yk_yaml_load_bytes(text, strlen(text), "t.yaml", d));
    assert_int_equal(yk_diag_count(d), 2);
    assert_int_equal(yk_diag_at(d, 1)->line, 2);
    yk_diag_free(d);
}

static void test_yamldoc_non_scalar_key_is_an_error(void **state)
{
    assert_error("? [a, b]\n: 1\n",
                 "t.yaml:1:3: error: a key must be a single word or text, not a list");
}

static void test_yamldoc_second_document_is_an_error(void **state)
{
    assert_error("a: 1\n---\nb: 2\n", "t.yaml:2:1: error: a plan holds one YAML document; "
                                      "remove this second '---' document");
}

static void test_yamldoc_syntax_error_is_located(void **state)
{
    assert_error("a: 1\nb: [1, 2\n",
                 "t.yaml:3:1: error: YAML syntax error: did not find expected ',' or ']' "
                 "(while parsing a flow sequence at line 2)");
}

static void test_yamldoc_invalid_utf8_is_located(void **state)
{
    assert_error("a: 1\nb: x\xff\n", "t.yaml:2:5: error: the file is not valid UTF-8 (invalid "
                                     "leading UTF-8 octet, byte 0xFF); save it as UTF-8");
}

static void test_yamldoc_raw_control_character_is_an_error(void **state)
{
    assert_error("a: 1\nb: 課\x01\n",
                 "t.yaml:2:5: error: control character U+0001 is not allowed in a plan");
}

static void test_yamldoc_deep_nesting_is_refused(void **state)
{
    char text[1000];
    memset(text, '[', 500);
    text[500] = '\0';
    char *line = load_error(text, 500);
    assert_non_null(strstr(line, "nested too deeply"));
    free(line);
}

static void test_yamldoc_unreadable_file_is_a_system_error(void **state)
{
    yk_diag *d = yk_diag_new();
    assert_null(yk_yaml_load_file("tests/no-such-file.yaml", d));
    assert_true(yk_diag_has_system_error(d));
    assert_int_equal(yk_diag_at(d, 0)->line, 0);
    yk_diag_free(d);
}

static void test_yamldoc_load_file_names_the_document(void **state)
{
    yk_diag *d = yk_diag_new();
    yk_yaml_doc *doc = yk_yaml_load_file("plans/2022/tsurumi.yaml", d);
    assert_non_null(doc);
    assert_string_equal(doc->file, "plans/2022/tsurumi.yaml");
    assert_int_equal(doc->root->kind, YK_YAML_MAPPING);
    yk_yaml_free(doc);
    yk_diag_free(d);
}

/* plan needs the style: in { } and [ ] a comma ends a plain value ("2,811件" is two) */
/* A line break YAML folds into a space is no space between two Japanese characters (the
 * CSS segment-break rule): plain, quoted and > scalars, CRLF too; a space written in the
 * line, a break beside a Latin word, a kept break (blank line) and a quoted value holding an
 * escape stay. */
static void test_yamldoc_folded_breaks_between_wide_characters_are_no_space(void **state)
{
    yk_yaml_doc *doc = load_ok("a: 行き交い、\n  だれもが\n  安心 して\n  暮らす\n"
                               "b: >-\n  多様な\n  人々\n\n  SDGs\n  の推進\n"
                               "c: 区の\r\n  目標\r\n"
                               "d: \"区の\n  目標\"\n"
                               "e: English\n  words\n"
                               "f: '区の\n  目標'\n"
                               "g: \"区の\n  目標\\u3000\"\n"
                               "h: '区の''\n  目標'\n");
    assert_string_equal(yk_yaml_get(doc->root, "a")->scalar, "行き交い、だれもが安心 して暮らす");
    assert_int_equal(yk_yaml_get(doc->root, "a")->len, strlen("行き交い、だれもが安心 して暮らす"));
    assert_string_equal(yk_yaml_get(doc->root, "b")->scalar, "多様な人々\nSDGs の推進");
    assert_string_equal(yk_yaml_get(doc->root, "c")->scalar, "区の目標");
    assert_string_equal(yk_yaml_get(doc->root, "d")->scalar, "区の目標");
    assert_string_equal(yk_yaml_get(doc->root, "e")->scalar, "English words");
    assert_string_equal(yk_yaml_get(doc->root, "f")->scalar, "区の目標");
    /* an escape: the value is read as YAML says */
    assert_string_equal(yk_yaml_get(doc->root, "g")->scalar, "区の 目標\u3000");
    assert_string_equal(yk_yaml_get(doc->root, "h")->scalar, "区の' 目標");
    yk_yaml_free(doc);
}

static void test_yamldoc_flow_style_is_kept(void **state)
{
    yk_yaml_doc *doc = load_ok("m: {a: 1,2}\nb:\n  a: 1,2\ns: [1,2]\nt:\n  - 1,2\n");
    const yk_yaml_node *m = yk_yaml_get(doc->root, "m"), *b = yk_yaml_get(doc->root, "b");
    assert_true(m->flow);
    assert_int_equal(m->pair_count, 2);
    assert_false(b->flow);
    assert_string_equal(yk_yaml_get(b, "a")->scalar, "1,2");
    assert_true(yk_yaml_get(doc->root, "s")->flow);
    assert_false(yk_yaml_get(doc->root, "t")->flow);
    assert_false(doc->root->flow);
    yk_yaml_free(doc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_yamldoc_marks_are_one_based),
        cmocka_unit_test(test_yamldoc_flow_style_is_kept),
        cmocka_unit_test(test_yamldoc_marks_of_nested_keys),
        cmocka_unit_test(test_yamldoc_columns_count_characters_not_bytes),
        cmocka_unit_test(test_yamldoc_block_scalars_keep_newlines),
        cmocka_unit_test(test_yamldoc_folded_breaks_between_wide_characters_are_no_space),
        cmocka_unit_test(test_yamldoc_quoted_number_is_not_plain),
        cmocka_unit_test(test_yamldoc_null_int_and_number),
        cmocka_unit_test(test_yamldoc_booleans_have_one_reading),
        cmocka_unit_test(test_yamldoc_get_keeps_file_order_and_misses),
        cmocka_unit_test(test_yamldoc_empty_input_has_no_root),
        cmocka_unit_test(test_yamldoc_duplicate_key_names_the_first),
        cmocka_unit_test(test_yamldoc_anchor_and_alias_are_errors),
        cmocka_unit_test(test_yamldoc_non_scalar_key_is_an_error),
        cmocka_unit_test(test_yamldoc_second_document_is_an_error),
        cmocka_unit_test(test_yamldoc_syntax_error_is_located),
        cmocka_unit_test(test_yamldoc_invalid_utf8_is_located),
        cmocka_unit_test(test_yamldoc_raw_control_character_is_an_error),
        cmocka_unit_test(test_yamldoc_deep_nesting_is_refused),
        cmocka_unit_test(test_yamldoc_unreadable_file_is_a_system_error),
        cmocka_unit_test(test_yamldoc_load_file_names_the_document),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
