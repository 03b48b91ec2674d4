/* schema: every key of the plan format has its Japanese label, and the JSON names them all. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../src/plan.h"
#include "../src/schema.h"

static size_t walk(const yk_plan_field *f, const char *path, const yk_buf *json)
{
    size_t keys = 0;
    const yk_plan_field *c;
    for (size_t i = 0; (c = yk_plan_field_child(f, i)) != NULL; i++) {
        yk_plan_key k;
        yk_plan_field_info(c, &k);
        char *sub = strcmp(k.key, "[]") == 0 ? yk_xasprintf("%s[]", path)
                    : *path                  ? yk_xasprintf("%s.%s", path, k.key)
                                             : yk_xstrdup(k.key);
        const yk_key_label *l = yk_schema_label(sub);
        if (!l)
            fail_msg("no label for %s", sub);
        char *title = yk_xasprintf("\"title\": \"%s\"", l->title);
        if (!strstr(json->data, title))
            fail_msg("the schema lacks %s for %s", title, sub);
        free(title);
        if (!yk_plan_path_known(sub))
            fail_msg("%s is in the table but not a known path", sub);
        keys += 1 + walk(c, sub, json);
        free(sub);
    }
    return keys;
}

static void test_schema_every_key_has_a_japanese_label(void **state)
{
    yk_buf json = {0};
    yk_schema_json(&json);
    size_t keys = walk(yk_plan_schema(), "", &json);
    assert_true(keys > 60); /* the whole format, not a part of it */
    yk_buf_free(&json);
}

static void test_schema_unknown_keys_are_refused_at_every_level(void **state)
{
    yk_buf json = {0};
    yk_schema_json(&json);
    /* the root, ward, issue, strategy, initiative, budget, midterm/review maps, reform, evaluation */
    size_t n = 0;
    for (const char *p = json.data; (p = strstr(p, "\"additionalProperties\": false")); p++)
        n++;
    assert_true(n >= 12);
    assert_non_null(strstr(json.data, "\"const\": \"" YK_PLAN_FORMAT "\""));
    yk_buf_free(&json);
}

static void test_schema_label_of_unknown_path_is_null(void **state)
{
    assert_null(yk_schema_label("issues[].sumary"));
    assert_string_equal(yk_schema_label("goal")->title, "区・局の目標（何をめざすのか）");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_schema_every_key_has_a_japanese_label),
        cmocka_unit_test(test_schema_unknown_keys_are_refused_at_every_level),
        cmocka_unit_test(test_schema_label_of_unknown_path_is_null),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
