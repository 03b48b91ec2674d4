/* render's session: forms chosen by name or number from what the forms directory holds,
 * output names, and rendering to memory (the same bytes as to a file). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../src/render.h"

#define SRGB_ICC "/usr/share/color/icc/sRGB.icc" /* Debian icc-profiles-free (tools/install-deps) */
#define PLAN "plans/2022/tsurumi.yaml"

typedef struct fixture {
    char dir[64]; /* a forms directory: copies of 様式1 as x2.yaml and x10.yaml, data.yaml */
    yk_diag *d;
} fixture;

static void copy(const char *from, const char *to)
{
    size_t len;
    char *bytes = yk_read_file(from, &len);
    assert_non_null(bytes);
    FILE *f = fopen(to, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(bytes, 1, len, f), len);
    fclose(f);
    free(bytes);
}

static int setup(void **state)
{
    fixture *f = yk_xcalloc(1, sizeof *f);
    strcpy(f->dir, "/tmp/yk-session-XXXXXX");
    assert_non_null(mkdtemp(f->dir));
    char *a = yk_xasprintf("%s/x10.yaml", f->dir), *b = yk_xasprintf("%s/x2.yaml", f->dir);
    copy("forms/yoshiki1.yaml", a);
    copy("forms/yoshiki1.yaml", b);
    free(a);
    free(b);
    /* data of another format beside the templates (as wards.yaml is) is not a form */
    char *other = yk_xasprintf("%s/data.yaml", f->dir);
    FILE *fp = fopen(other, "w");
    assert_non_null(fp);
    fputs("format: yoshiki-wards/1\nwards: []\n", fp);
    fclose(fp);
    free(other);
    f->d = yk_diag_new();
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    const char *names[] = {"x10.yaml", "x2.yaml", "data.yaml", "out.pdf"};
    for (size_t i = 0; i < 4; i++) {
        char *p = yk_xasprintf("%s/%s", f->dir, names[i]);
        unlink(p);
        free(p);
    }
    rmdir(f->dir);
    yk_diag_free(f->d);
    free(f);
    return 0;
}

static yk_session *open_with(fixture *f, const char *forms_dir, const char *const *forms,
                             size_t count)
{
    yk_session_options o;
    yk_session_options_init(&o);
    o.forms_dir = forms_dir ? forms_dir : f->dir;
    o.fonts_dir = "fonts";
    o.forms = forms;
    o.form_count = count;
    o.icc_profile = SRGB_ICC;
    o.epoch = 1650000000;
    return yk_session_open(&o, f->d);
}

static void test_session_every_form_in_natural_order(void **state)
{
    fixture *f = *state;
    yk_session *s = open_with(f, NULL, NULL, 0);
    assert_non_null(s);
    assert_int_equal(yk_session_form_count(s), 2);
    assert_string_equal(yk_session_form_name(s, 0), "x2");
    assert_string_equal(yk_session_form_name(s, 1), "x10");
    assert_null(yk_session_form_name(s, 2));
    yk_session_free(s);
}

static void test_session_forms_by_name_and_number_in_given_order(void **state)
{
    fixture *f = *state;
    const char *forms[] = {"2", "x2"};
    yk_session *s = open_with(f, NULL, forms, 2);
    assert_non_null(s);
    assert_int_equal(yk_session_form_count(s), 2);
    assert_string_equal(yk_session_form_name(s, 0), "x10");
    assert_string_equal(yk_session_form_name(s, 1), "x2");
    yk_session_free(s);
}

static void test_session_unknown_form_is_named_with_a_hint(void **state)
{
    fixture *f = *state;
    const char *forms[] = {"x3"};
    assert_null(open_with(f, NULL, forms, 1));
    assert_int_equal(yk_diag_errors(f->d), 1);
    char *msg = yk_diag_format(yk_diag_at(f->d, 0));
    assert_non_null(strstr(msg, "there is no form 'x3' (did you mean 'x2'?)"));
    assert_non_null(strstr(msg, "x2 (1), x10 (2)"));
    free(msg);
}

static void test_session_no_forms_dir_is_an_error_not_a_guess(void **state)
{
    fixture *f = *state;
    yk_session_options o;
    yk_session_options_init(&o);
    assert_null(yk_session_open(&o, f->d));
    assert_true(yk_diag_has_system_error(f->d));
}

/* The old tmp_dir option does nothing now: a program setting it is told, and still works. */
static void test_session_tmp_dir_is_ignored_with_a_warning(void **state)
{
    fixture *f = *state;
    yk_session_options o;
    yk_session_options_init(&o);
    o.forms_dir = f->dir;
    o.fonts_dir = "fonts";
    o.icc_profile = SRGB_ICC;
    o.tmp_dir = "/nonexistent";
    yk_session *s = yk_session_open(&o, f->d);
    assert_non_null(s);
    assert_int_equal(yk_diag_count(f->d), 1);
    char *line = yk_diag_format(yk_diag_at(f->d, 0));
    assert_non_null(strstr(line, "warning"));
    assert_non_null(strstr(line, "tmp_dir is ignored"));
    free(line);
    yk_session_free(s);
}

static void test_session_output_name_says_which_forms(void **state)
{
    fixture *f = *state;
    yk_plan *plan = yk_plan_load(PLAN, f->d);
    assert_non_null(plan);
    const char *one[] = {"1"}, *all[] = {"1", "2", "3"}, *reordered[] = {"3", "2", "1"};
    yk_session *s = open_with(f, "forms", one, 1);
    char *name = yk_session_output_name(s, plan);
    assert_string_equal(name, "2022-271241-tsurumi-yoshiki1.pdf");
    free(name);
    yk_session_free(s);
    s = open_with(f, "forms", all, 3);
    name = yk_session_output_name(s, plan);
    assert_string_equal(name, "2022-271241-tsurumi.pdf");
    free(name);
    yk_session_free(s);
    s = open_with(f, "forms", reordered, 3);
    name = yk_session_output_name(s, plan);
    assert_string_equal(name, "2022-271241-tsurumi-yoshiki3-yoshiki2-yoshiki1.pdf");
    free(name);
    yk_session_free(s);
    yk_plan_free(plan);
}

static void test_session_memory_render_equals_file_render(void **state)
{
    fixture *f = *state;
    const char *one[] = {"1"};
    yk_session *s = open_with(f, "forms", one, 1);
    assert_non_null(s);
    yk_plan *plan = yk_plan_load(PLAN, f->d);
    assert_non_null(plan);
    unsigned char *mem;
    size_t mem_len;
    assert_true(yk_session_render_memory(s, plan, &mem, &mem_len, f->d));
    assert_true(mem_len > 1000);
    assert_memory_equal(mem, "%PDF-1.4", 8);
    char *path = yk_xasprintf("%s/out.pdf", f->dir);
    size_t pages = 0;
    assert_true(yk_session_render_plan(s, plan, path, &pages, NULL, f->d));
    assert_int_equal(pages, 2);
    size_t file_len;
    char *file = yk_read_file(path, &file_len);
    assert_int_equal(file_len, mem_len);
    assert_memory_equal(file, mem, mem_len);
    assert_int_equal(yk_diag_count(f->d), 0);
    free(file);
    free(path);
    free(mem);
    yk_plan_free(plan);
    yk_session_free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_session_every_form_in_natural_order, setup, teardown),
        cmocka_unit_test_setup_teardown(test_session_forms_by_name_and_number_in_given_order,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_session_unknown_form_is_named_with_a_hint, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_session_no_forms_dir_is_an_error_not_a_guess, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_session_tmp_dir_is_ignored_with_a_warning, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_session_output_name_says_which_forms, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_session_memory_render_equals_file_render, setup,
                                        teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
