/* form: template loading and its diagnostics. Run from the repository root. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../src/form.h"
#include "../src/util.h"

static const char head[] =
    "format: yoshiki-form/1\n"
    "name: t\n"
    "label: 様式T\n"
    "page: {width: 210, height: 297, margin: [10, 15, 10, 15]}\n"
    "styles:\n"
    "  text: {family: BIZ UDPGothic, size: 10, min_size: 8}\n"
    "body:\n";

/* Loads head + body from a temporary file; returns the diagnostics as lines. */
static char *load(const char *body, yk_form **form)
{
    char path[] = "/tmp/yk-form-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "w");
    fputs(head, f);
    fputs(body, f);
    fclose(f);
    yk_diag *d = yk_diag_new();
    *form = yk_form_load(path, d);
    yk_buf out = {0};
    for (size_t i = 0; i < yk_diag_count(d); i++) {
        char *line = yk_diag_format(yk_diag_at(d, i));
        /* the temporary name varies; tests compare from the line number on */
        yk_buf_addf(&out, "%s\n", line + strlen(path));
        free(line);
    }
    yk_diag_free(d);
    unlink(path);
    return yk_buf_take(&out);
}

static void expect_error(const char *body, const char *want)
{
    yk_form *form;
    char *got = load(body, &form);
    assert_null(form);
    assert_string_equal(got, want);
    free(got);
}

static void test_form_loads_the_shipped_yoshiki1(void **state)
{
    (void)state;
    yk_diag *d = yk_diag_new();
    yk_form *form = yk_form_load("forms/yoshiki1.yaml", d);
    assert_int_equal(yk_diag_count(d), 0);
    assert_non_null(form);
    assert_string_equal(form->label, "様式1");
    assert_true(form->block_count > 5);
    assert_float_equal(form->page_w, 210, 1e-9);
    yk_form_free(form);
    yk_diag_free(d);
}

static void test_form_good_minimal(void **state)
{
    (void)state;
    yk_form *form;
    char *got = load("  - rows:\n      - height: [8, 20]\n        cells:\n"
                     "          - {kind: text, field: goal, x: 0, w: 180, style: text, text: \"{goal}\"}\n",
                     &form);
    assert_string_equal(got, "");
    assert_non_null(form);
    assert_float_equal(form->body[0].rows[0].min_h, 8, 1e-9);
    assert_float_equal(form->body[0].rows[0].max_h, 20, 1e-9);
    free(got);
    yk_form_free(form);
}

static void test_form_unknown_kind_is_an_error(void **state)
{
    (void)state;
    expect_error("  - rows:\n      - height: 8\n        cells:\n"
                 "          - {kind: texts, field: goal, x: 0, w: 180, style: text, text: a}\n",
                 ":11:20: error: body[0].rows[0].cells[0]: unknown field kind 'texts' (known kinds: label, text, list, page-number)\n");
}

static void test_form_unknown_key_suggests(void **state)
{
    (void)state;
    expect_error("  - rows:\n      - heigth: 8\n",
                 ":9:9: error: body[0].rows[0]: unknown key 'heigth' (did you mean 'height'?)\n"
                 ":9:9: error: body[0].rows[0]: a row needs height: (mm, or [min, max])\n");
}

static void test_form_unknown_plan_path(void **state)
{
    (void)state;
    expect_error("  - rows:\n      - height: 8\n        cells:\n"
                 "          - {kind: text, field: goal, x: 0, w: 180, style: text, text: \"{gaol}\"}\n",
                 ":11:13: error: body[0].rows[0].cells[0]: 'gaol' is not a key of the plan format\n");
}

static void test_form_cell_past_the_margin(void **state)
{
    (void)state;
    expect_error("  - rows:\n      - height: 8\n        cells:\n"
                 "          - {kind: label, field: a, x: 100, w: 90, style: text, text: a}\n",
                 ":11:13: error: body[0].rows[0].cells[0]: the cell ends at 190.0 mm, past the 180.0 mm between the margins\n");
}

static void test_form_unknown_style(void **state)
{
    (void)state;
    expect_error("  - rows:\n      - height: 8\n        cells:\n"
                 "          - {kind: label, field: a, x: 0, w: 90, style: txt, text: a}\n",
                 ":11:57: error: body[0].rows[0].cells[0]: no such style in styles:\n");
}

/* 両端揃え and 和欧間 are style keys: justify is an alignment, wa_ou (em) defaults to JIS X
 * 4051's quarter em and 0 turns it off, justify_min is a fraction of the width. */
static yk_form *load_styles(const char *styles, yk_diag *d)
{
    char *yaml = yk_xasprintf("format: yoshiki-form/1\nname: t\nlabel: 様式T\n"
                              "page: {width: 210, height: 297, margin: [10, 15, 10, 15]}\n"
                              "styles:\n%sbody:\n  - rows:\n      - height: 8\n        cells:\n"
                              "          - {kind: text, field: goal, x: 0, w: 180, style: text, "
                              "text: \"{goal}\"}\n", styles);
    yk_form *form = yk_form_load_bytes(yaml, strlen(yaml), "t.yaml", d);
    free(yaml);
    return form;
}

static void test_form_justify_wa_ou_and_justify_min(void **state)
{
    (void)state;
    yk_diag *d = yk_diag_new();
    yk_form *form = load_styles("  text: {family: F, size: 10, align: justify}\n"
                                "  plain: {base: text, align: left, wa_ou: 0, justify_min: 0.8}\n", d);
    assert_non_null(form);
    assert_int_equal(form->styles[0].align, YK_ALIGN_JUSTIFY);
    assert_float_equal(form->styles[0].wa_ou, 0.25, 1e-9);
    assert_int_equal(form->styles[1].align, YK_ALIGN_LEFT);
    assert_float_equal(form->styles[1].wa_ou, 0, 1e-9);
    assert_float_equal(form->styles[1].justify_min, 0.8, 1e-9);
    yk_form_free(form);
    form = load_styles("  text: {family: F, size: 10, wa_ou: 2, justify_min: 1.5}\n", d);
    assert_null(form);
    char *all = NULL;
    for (size_t i = 0; i < yk_diag_count(d); i++) {
        char *line = yk_diag_format(yk_diag_at(d, i));
        char *joined = yk_xasprintf("%s%s\n", all ? all : "", line);
        free(all);
        free(line);
        all = joined;
    }
    assert_non_null(all);
    assert_non_null(strstr(all, "wa_ou is the space between Japanese and Latin text in em"));
    assert_non_null(strstr(all, "justify_min is a fraction of the cell's width"));
    free(all);
    yk_diag_free(d);
}

/* side_padding sets the left and right padding alone; padding sets all four sides, so a
 * style that names only padding is padded alike on every side, whatever its base had. */
static void test_form_side_padding(void **state)
{
    (void)state;
    yk_diag *d = yk_diag_new();
    yk_form *form = load_styles("  text: {family: F, size: 10, padding: 1.1, side_padding: 1.7}\n"
                                "  label: {base: text, align: center}\n"
                                "  heading: {base: text, padding: 0.5}\n"
                                "  plain: {family: F, size: 10}\n", d);
    assert_non_null(form);
    const double want[][2] = {{1.1, 1.7}, {1.1, 1.7}, {0.5, 0.5}, {1, 1}};
    for (size_t i = 0; i < 4; i++) {
        assert_float_equal(form->styles[i].padding, want[i][0], 1e-9);
        assert_float_equal(form->styles[i].side_padding, want[i][1], 1e-9);
    }
    yk_form_free(form);
    assert_int_equal(yk_diag_count(d), 0);
    form = load_styles("  text: {family: F, size: 10, side_padding: -1}\n", d);
    assert_null(form);
    char *line = yk_diag_format(yk_diag_at(d, 0));
    assert_non_null(strstr(line, "side_padding"));
    assert_non_null(strstr(line, "expected a non-negative number"));
    free(line);
    yk_diag_free(d);
}

/* role: a template names a cell's role where the form cannot tell (a heading and its level);
 * otherwise the form tells: a page item is an artifact, a shaded cell a label, a bordered one
 * a value, free text a paragraph. */
static void test_form_role_named_or_told_by_the_form(void **state)
{
    (void)state;
    yk_diag *d = yk_diag_new();
    yk_form *form = yk_form_load("forms/yoshiki1.yaml", d);
    assert_non_null(form);
    const yk_row *top = form->body[0].rows, *goal = form->body[1].rows;
    assert_int_equal(top[0].cells[0].role, YK_ROLE_HEADING); /* title, role: h1 */
    assert_int_equal(top[0].cells[0].level, 1);
    assert_int_equal(top[1].cells[0].role, YK_ROLE_PARAGRAPH); /* （区長：…）, no border */
    assert_int_equal(goal[0].cells[0].role, YK_ROLE_LABEL);     /* shaded */
    assert_int_equal(goal[1].cells[0].role, YK_ROLE_VALUE);     /* bordered */
    assert_int_equal(form->page_items[0].cell.role, YK_ROLE_ARTIFACT);
    yk_form_free(form);
    yk_diag_free(d);
    expect_error("  - rows:\n      - height: 8\n        cells:\n"
                 "          - {kind: label, x: 0, w: 60, style: text, role: header, text: a}\n",
                 ":11:59: error: body[0].rows[0].cells[0].role: expected one of h1, h2, h3, h4, h5, h6, label, value, paragraph, artifact\n");
}

/* keep_with_next is read as plan booleans are: True is true, yes is refused at its line. */
static void test_form_keep_with_next_true_spellings(void **state)
{
    (void)state;
    yk_form *form;
    char *got = load("  - keep_with_next: True\n    rows:\n      - height: 8\n        cells:\n"
                     "          - {kind: label, field: a, x: 0, w: 90, style: text, text: a}\n"
                     "  - keep_with_next: FALSE\n    rows: []\n",
                     &form);
    assert_string_equal(got, "");
    assert_non_null(form);
    assert_true(form->body[0].keep_with_next);
    assert_false(form->body[1].keep_with_next);
    free(got);
    yk_form_free(form);
}

static void test_form_keep_with_next_yes_is_refused(void **state)
{
    (void)state;
    expect_error("  - keep_with_next: yes\n    rows: []\n",
                 ":8:21: error: body[0].keep_with_next: expected true or false, found 'yes'\n");
    expect_error("  - keep_with_next: \"true\"\n    rows: []\n",
                 ":8:21: error: body[0].keep_with_next: expected true or false without quotes, "
                 "found the text 'true'\n");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_form_loads_the_shipped_yoshiki1),
        cmocka_unit_test(test_form_good_minimal),
        cmocka_unit_test(test_form_unknown_kind_is_an_error),
        cmocka_unit_test(test_form_unknown_key_suggests),
        cmocka_unit_test(test_form_unknown_plan_path),
        cmocka_unit_test(test_form_cell_past_the_margin),
        cmocka_unit_test(test_form_unknown_style),
        cmocka_unit_test(test_form_role_named_or_told_by_the_form),
        cmocka_unit_test(test_form_keep_with_next_true_spellings),
        cmocka_unit_test(test_form_keep_with_next_yes_is_refused),
        cmocka_unit_test(test_form_justify_wa_ou_and_justify_min),
        cmocka_unit_test(test_form_side_padding),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
