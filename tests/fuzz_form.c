/* libFuzzer target: any bytes given to the template loader must give a form or diagnostics,
 * never a crash, a leak or undefined behaviour. Build with `make fuzz`, then
 * run: mkdir -p /tmp/corpus && build/fuzz/fuzz_form -max_total_time=60 /tmp/corpus forms
 * (the first directory is the corpus libFuzzer writes to; forms/ only seeds it) */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "../src/bind.h"
#include "../src/form.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    yk_diag *d = yk_diag_new();
    yk_form *form = yk_form_load_bytes((const char *)data, size, "fuzz.yaml", d);
    for (size_t i = 0; i < yk_diag_count(d); i++)
        free(yk_diag_format(yk_diag_at(d, i)));
    yk_form_free(form);
    yk_diag_free(d);
    return 0;
}
