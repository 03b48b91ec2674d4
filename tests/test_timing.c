/* timing: laps land in the stage they name, a NULL record only moves the mark. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>
#include <time.h>

#include "../src/timing.h"

static void spin_ms(double ms)
{
    double end = yk_clock_ms() + ms;
    while (yk_clock_ms() < end)
        ;
}

static void test_timing_lap_adds_to_its_stage_only(void **state)
{
    (void)state;
    yk_timings t = {0};
    double mark = yk_clock_ms();
    spin_ms(2);
    yk_timings_lap(&t, YK_STAGE_LAYOUT, &mark);
    assert_true(t.ms[YK_STAGE_LAYOUT] >= 2.0);
    for (int i = 0; i < YK_STAGE_COUNT; i++)
        if (i != YK_STAGE_LAYOUT)
            assert_true(t.ms[i] == 0.0);
    /* a second lap adds the time since the first, not since the start */
    double before = t.ms[YK_STAGE_LAYOUT];
    yk_timings_lap(&t, YK_STAGE_LAYOUT, &mark);
    assert_true(t.ms[YK_STAGE_LAYOUT] - before < 1.0);
}

static void test_timing_null_record_moves_the_mark(void **state)
{
    (void)state;
    double mark = yk_clock_ms() - 50;
    double then = mark;
    yk_timings_lap(NULL, YK_STAGE_SAVE, &mark);
    assert_true(mark - then >= 50.0);
}

static void test_timing_add_and_total(void **state)
{
    (void)state;
    yk_timings a = {0}, b = {0};
    a.ms[YK_STAGE_LOAD] = 1.5, a.ms[YK_STAGE_SAVE] = 2;
    b.ms[YK_STAGE_LOAD] = 0.5, b.ms[YK_STAGE_FONTS] = 4;
    yk_timings_add(&a, &b);
    assert_true(a.ms[YK_STAGE_LOAD] == 2.0);
    assert_true(a.ms[YK_STAGE_FONTS] == 4.0);
    assert_true(yk_timings_total(&a) == 8.0);
}

static void test_timing_every_stage_has_its_own_name(void **state)
{
    (void)state;
    for (int i = 0; i < YK_STAGE_COUNT; i++) {
        assert_string_not_equal(yk_stage_name((yk_stage)i), "?");
        for (int j = 0; j < i; j++)
            assert_string_not_equal(yk_stage_name((yk_stage)i), yk_stage_name((yk_stage)j));
    }
    assert_string_equal(yk_stage_name(YK_STAGE_COUNT), "?");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_timing_lap_adds_to_its_stage_only),
        cmocka_unit_test(test_timing_null_record_moves_the_mark),
        cmocka_unit_test(test_timing_add_and_total),
        cmocka_unit_test(test_timing_every_stage_has_its_own_name),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
