/* timing: a monotonic clock and the per-run stage record. */
#include "timing.h"

#include <time.h>

double yk_clock_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

void yk_timings_lap(yk_timings *t, yk_stage stage, double *mark)
{
    double now = yk_clock_ms();
    if (t && stage >= 0 && stage < YK_STAGE_COUNT)
        t->ms[stage] += now - *mark;
    *mark = now;
}

void yk_timings_add(yk_timings *sum, const yk_timings *t)
{
    for (int i = 0; i < YK_STAGE_COUNT; i++)
        sum->ms[i] += t->ms[i];
}

double yk_timings_total(const yk_timings *t)
{
    double total = 0;
    for (int i = 0; i < YK_STAGE_COUNT; i++)
        total += t->ms[i];
    return total;
}

const char *yk_stage_name(yk_stage stage)
{
    static const char *const names[YK_STAGE_COUNT] = {
        "forms", "fonts", "load", "bind", "layout", "subset", "embed", "draw", "compress", "save", "write",
    };
    return stage >= 0 && stage < YK_STAGE_COUNT ? names[stage] : "?";
}
