/* Tests of the plan loader: the Tsurumi plan, path lookup, and the diagnostics spec
 * tests/plan_errors.spec (one cmocka test per case). Run from the repository root. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../src/plan.h"

#define TSURUMI "plans/2022/tsurumi.yaml"
#define SPEC "tests/plan_errors.spec"

/* ---- helpers ---- */

static const yk_yaml_node *at(const yk_yaml_node *list, size_t i)
{
    assert_non_null(list);
    assert_int_equal(list->kind, YK_YAML_SEQUENCE);
    assert_true(i < list->count);
    return list->items[i];
}

static const char *text(const yk_yaml_node *map, const char *key)
{
    const yk_yaml_node *n = yk_yaml_get(map, key);
    assert_non_null(n);
    assert_int_equal(n->kind, YK_YAML_SCALAR);
    return n->scalar;
}

/* Every diagnostic as main prints it, one per line. */
static char *format_all(const yk_diag *d)
{
    yk_buf b = {0};
    yk_buf_adds(&b, "");
    for (size_t i = 0; i < yk_diag_count(d); i++) {
        char *line = yk_diag_format(yk_diag_at(d, i));
        yk_buf_addf(&b, "yoshiki: %s\n", line);
        free(line);
    }
    return yk_buf_take(&b);
}

/* ---- the Tsurumi plan ---- */

static void test_plan_tsurumi_header_fields(void **state)
{
    yk_diag *d = yk_diag_new();
    yk_plan *p = yk_plan_load(TSURUMI, d);
    char *diags = format_all(d);
    if (!p)
        print_error("%s", diags);
    assert_non_null(p);
    assert_int_equal(yk_diag_count(d), 0);
    assert_int_equal(p->fiscal_year, 2022);
    assert_true(p->draft);
    assert_string_equal(p->ward_name, "鶴見区");
    assert_string_equal(p->ward_code, "271241");
    assert_string_equal(p->ward_slug, "tsurumi");
    assert_string_equal(p->file, TSURUMI);
    assert_string_equal(text(yk_yaml_get(yk_plan_root(p), "ward"), "chief"),
                        "長沢\u3000伸幸");
    free(diags);
    yk_plan_free(p);
    yk_diag_free(d);
}

static void test_plan_tsurumi_issues_and_main_items(void **state)
{
    static const char *const initiatives[] = {"1-1-1", "2-1-2", "3-1-1", "4-1-3", "5-1-1"};
    static const char *const budgets[] = {"28523", "13989", "2638", "5423", "17815"};
    yk_diag *d = yk_diag_new();
    yk_plan *p = yk_plan_load(TSURUMI, d);
    assert_non_null(p);
    const yk_yaml_node *issues = yk_yaml_get(yk_plan_root(p), "issues");
    assert_int_equal(issues->count, 5);
    assert_int_equal(yk_yaml_get(yk_plan_root(p), "policy")->count, 5);
    for (size_t i = 0; i < 5; i++) {
        const yk_yaml_node *strategy = at(yk_yaml_get(at(issues, i), "strategies"), 0);
        const yk_yaml_node *initiative = at(yk_yaml_get(strategy, "initiatives"), 0);
        assert_string_equal(text(initiative, "number"), initiatives[i]);
        assert_string_equal(text(initiative, "budget"), budgets[i]);
        assert_string_equal(text(strategy, "main"), "true");
        assert_string_equal(text(initiative, "main"), "true");
    }
    yk_plan_free(p);
    yk_diag_free(d);
}

static void test_plan_tsurumi_keeps_explicit_line_breaks(void **state)
{
    yk_diag *d = yk_diag_new();
    yk_plan *p = yk_plan_load(TSURUMI, d);
    assert_non_null(p);
    const yk_yaml_node *issues = yk_yaml_get(yk_plan_root(p), "issues");
    const yk_yaml_node *s2 = at(yk_yaml_get(at(issues, 1), "strategies"), 0);
    const yk_yaml_node *s4 = at(yk_yaml_get(at(issues, 3), "strategies"), 0);
    assert_non_null(strstr(text(s2, "body"), "行う。\nさらに、"));
    assert_non_null(strstr(text(at(issues, 3), "summary"), "進める。\nまた防犯意識"));
    const char *body4 = text(s4, "body");
    const char *tail = "図る。\n\u3000";
    assert_string_equal(body4 + strlen(body4) - strlen(tail), tail);
    assert_null(strchr(text(at(issues, 0), "summary"), '\n'));
    yk_plan_free(p);
    yk_diag_free(d);
}

static void test_plan_missing_file_is_a_system_error(void **state)
{
    yk_diag *d = yk_diag_new();
    assert_null(yk_plan_load("plans/no-such-plan.yaml", d));
    assert_int_equal(yk_diag_count(d), 1);
    assert_true(yk_diag_has_system_error(d));
    yk_diag_free(d);
}

static void test_plan_path_known_answers_from_the_schema(void **state)
{
    static const char *const known[] = {
        "format", "fiscal_year", "status", "ward", "ward.chief", "ward.code", "goal", "policy",
        "policy[]", "issues", "issues[]", "issues[].summary", "issues[].sdgs[]",
        "issues[].strategies[].body", "issues[].strategies[].review.outcome_status",
        "issues[].strategies[].initiatives[].budget",
        "issues[].strategies[].initiatives[].budget.settled",
        "issues[].strategies[].initiatives[].midterm.status", "reform_items[].review.remedy",
        "evaluation.achievements", "evaluation.improvements"};
    static const char *const unknown[] = {
        "", ".", "issues.", "issues[].sumary", "sumary", "ward[]", "ward.chief.name",
        "issues[].number[]", "issues.summary", "issues[][]", "[]", "evaluation.achievements[]",
        "issues[].strategies[].initiatives[].budget.total"};
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
        if (!yk_plan_path_known(known[i]))
            fail_msg("'%s' should be known", known[i]);
    for (size_t i = 0; i < sizeof unknown / sizeof unknown[0]; i++)
        if (yk_plan_path_known(unknown[i]))
            fail_msg("'%s' should be unknown", unknown[i]);
}

/* ---- the diagnostics spec ---- */

typedef struct spec_case {
    char *name;
    bool expect_ok;
    char *expected; /* the %%FAIL lines, each ending in '\n' */
    char *plan;
} spec_case;

typedef struct spec {
    spec_case *cases;
    size_t count;
} spec;

static char *next_line(char **cursor)
{
    char *line = *cursor;
    if (!*line)
        return NULL;
    char *nl = strchr(line, '\n');
    *cursor = nl ? nl + 1 : line + strlen(line);
    if (nl)
        *nl = '\0';
    return line;
}

/* Blank lines separating cases are not part of the plan. */
static void trim_blank_tail(yk_buf *b)
{
    while (b->len >= 2 && b->data[b->len - 1] == '\n' && b->data[b->len - 2] == '\n')
        b->data[--b->len] = '\0';
}

/* Reads one case starting after its "###" line; returns the "###" line that ends it. */
static char *read_case(char **cursor, spec_case *c)
{
    yk_buf expected = {0}, plan = {0};
    yk_buf_adds(&expected, "");
    yk_buf_adds(&plan, "");
    char *line = next_line(cursor);
    c->expect_ok = line && strcmp(line, "%%OK") == 0;
    if (!line || (!c->expect_ok && strcmp(line, "%%FAIL") != 0))
        fail_msg("case '%s': expected %%%%FAIL or %%%%OK", c->name);
    while ((line = next_line(cursor)) && strcmp(line, "--- plan") != 0)
        yk_buf_addf(&expected, "%s\n", line);
    while ((line = next_line(cursor)) && strncmp(line, "### ", 4) != 0)
        yk_buf_addf(&plan, "%s\n", line);
    trim_blank_tail(&plan);
    c->expected = yk_buf_take(&expected);
    c->plan = yk_buf_take(&plan);
    return line;
}

static spec *spec_load(const char *path)
{
    size_t len;
    char *bytes = yk_read_file(path, &len);
    if (!bytes)
        fail_msg("cannot read %s (run the tests from the repository root)", path);
    spec *s = yk_xcalloc(1, sizeof *s);
    char *cursor = bytes, *line = next_line(&cursor);
    while (line && strncmp(line, "### ", 4) != 0)
        line = next_line(&cursor);
    while (line) {
        s->cases = yk_xrealloc(s->cases, (s->count + 1) * sizeof *s->cases);
        spec_case *c = &s->cases[s->count++];
        c->name = yk_xstrdup(line + 4);
        line = read_case(&cursor, c);
    }
    free(bytes);
    return s;
}

static void spec_free(spec *s)
{
    for (size_t i = 0; i < s->count; i++) {
        free(s->cases[i].name);
        free(s->cases[i].expected);
        free(s->cases[i].plan);
    }
    free(s->cases);
    free(s);
}

static void run_spec_case(void **state)
{
    const spec_case *c = *state;
    yk_diag *d = yk_diag_new();
    yk_plan *p = yk_plan_load_bytes(c->plan, strlen(c->plan), "bad.yaml", d);
    char *actual = format_all(d);
    if (strcmp(actual, c->expected) != 0)
        print_error("case '%s'\n--- expected\n%s--- actual\n%s", c->name, c->expected, actual);
    assert_string_equal(actual, c->expected);
    if (c->expect_ok)
        assert_non_null(p);
    else
        assert_null(p);
    free(actual);
    yk_plan_free(p);
    yk_diag_free(d);
}

static int run_spec(void)
{
    spec *s = spec_load(SPEC);
    struct CMUnitTest *tests = yk_xcalloc(s->count, sizeof *tests);
    for (size_t i = 0; i < s->count; i++)
        tests[i] = (struct CMUnitTest){s->cases[i].name, run_spec_case, NULL, NULL, &s->cases[i]};
    int failed = _cmocka_run_group_tests("plan_errors.spec", tests, s->count, NULL, NULL);
    free(tests);
    spec_free(s);
    return failed;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plan_tsurumi_header_fields),
        cmocka_unit_test(test_plan_tsurumi_issues_and_main_items),
        cmocka_unit_test(test_plan_tsurumi_keeps_explicit_line_breaks),
        cmocka_unit_test(test_plan_missing_file_is_a_system_error),
        cmocka_unit_test(test_plan_path_known_answers_from_the_schema),
    };
    int failed = cmocka_run_group_tests(tests, NULL, NULL);
    return failed + run_spec();
}
