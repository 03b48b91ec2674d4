/* ward: the table of the city's wards (forms/wards.yaml) — name, code with its check digit,
 * slug — kept as data. A table owns every string of its wards; yk_ward_table_free releases
 * them. A loaded table is immutable, so threads may share it. */
#ifndef YK_WARD_H
#define YK_WARD_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"

#define YK_WARD_TABLE_FILE "wards.yaml" /* in the forms directory */

typedef struct yk_ward {
    const char *name;       /* 鶴見区 */
    const char *short_name; /* 鶴見 (the name without its final 区) */
    const char *code;       /* "271241": 全国地方公共団体コード with check digit */
    const char *slug;       /* "tsurumi": the ASCII name in output file names */
    int line;               /* where the entry starts in the table file */
} yk_ward;

typedef struct yk_ward_table yk_ward_table;

/* Loads and checks a table (every entry: a name, a 6-digit code passing its check digit, a
 * slug of a-z 0-9 '-'; no name, code or slug twice). NULL, with every problem reported at its
 * line, on failure; an unreadable file is a system error. */
yk_ward_table *yk_ward_table_load(const char *path, yk_diag *d);
/* Same, from memory; name is used in diagnostics. */
yk_ward_table *yk_ward_table_load_bytes(const char *bytes, size_t len, const char *name,
                                        yk_diag *d);
/* forms_dir/wards.yaml (the caller finds the directory: the library reads no environment). */
yk_ward_table *yk_ward_table_open(const char *forms_dir, yk_diag *d);
void yk_ward_table_free(yk_ward_table *t);

/* The wards in table order (ward-code order for the shipped table). */
size_t yk_ward_count(const yk_ward_table *t);
const yk_ward *yk_ward_at(const yk_ward_table *t, size_t index);

/* The ward whose name (鶴見区), short name (鶴見), slug (tsurumi) or code (271241) is key;
 * NULL when none is. */
const yk_ward *yk_ward_find(const yk_ward_table *t, const char *key);
const yk_ward *yk_ward_by_code(const yk_ward_table *t, const char *code);

/* The check digit the first five digits of a 全国地方公共団体コード call for. */
int yk_ward_check_digit(const char *code);
/* True when code is six digits whose last passes the check. */
bool yk_ward_code_valid(const char *code);

#endif
