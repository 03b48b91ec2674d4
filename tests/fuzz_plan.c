/* libFuzzer target: any bytes given to the plan loader must give a plan or diagnostics,
 * never a crash, a leak or undefined behaviour. Build with `make fuzz`, then
 * run: mkdir -p /tmp/corpus && build/fuzz/fuzz_plan -max_total_time=60 /tmp/corpus plans/2022
 * (the first directory is the corpus libFuzzer writes to; plans/ only seeds it) */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "../src/plan.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    yk_diag *d = yk_diag_new();
    yk_plan *plan = yk_plan_load_bytes((const char *)data, size, "fuzz.yaml", d);
    /* formatting every diagnostic exercises the messages built from hostile input */
    for (size_t i = 0; i < yk_diag_count(d); i++)
        free(yk_diag_format(yk_diag_at(d, i)));
    if (plan)
        yk_plan_path_known(plan->ward_name);
    yk_plan_free(plan);
    yk_diag_free(d);
    return 0;
}
