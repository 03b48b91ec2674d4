/* plan: the meaning and validation of a plan file (format unei-hoshin/1, design.md §2).
 * A yk_plan owns its YAML tree; the fields below point into it or into the plan and live
 * until yk_plan_free. Templates reach plan values through the tree by path (see bind). */
#ifndef YK_PLAN_H
#define YK_PLAN_H

#include <stdbool.h>
#include <yoshiki.h> /* yk_plan_load, yk_plan_load_bytes and yk_plan_free are public */

#include "diag.h"
#include "yamldoc.h"

typedef struct yk_plan {
    yk_yaml_doc *doc;      /* validated tree, owned */
    const char *file;      /* as given to yk_plan_load */
    int fiscal_year;       /* Gregorian, e.g. 2022 */
    bool draft;            /* status: draft (the default) */
    const char *ward_name; /* 鶴見区 */
    const char *ward_code; /* "271241", or NULL when absent */
    const char *ward_slug; /* "tsurumi", or NULL when absent */
} yk_plan;

/* The largest plan file read, in bytes: ample for any real plan (the longest is under 40 KB)
 * and small enough that a hostile file is refused before it costs time or memory. */
#define YK_PLAN_MAX_BYTES (1024u * 1024u)

/* Loads and validates a plan; a file over YK_PLAN_MAX_BYTES is refused unread. Every problem found is reported (not just the first); NULL when
 * any error was reported. Reading failure is a system error. */
yk_plan *yk_plan_load(const char *path, yk_diag *d);
/* Same, from memory (tests and fuzzing); name is used in diagnostics. The size limit holds. */
yk_plan *yk_plan_load_bytes(const char *bytes, size_t len, const char *name, yk_diag *d);
void yk_plan_free(yk_plan *plan);

const yk_yaml_node *yk_plan_root(const yk_plan *plan);

/* True when path names a key the plan format defines. Paths are written as in templates,
 * with every list index or selector reduced to "[]": "issues[].strategies[].body",
 * "ward.chief", "evaluation.achievements", "issues[].strategies[].initiatives[].budget".
 * Lets the form loader reject a template bound to a key that does not exist. */
bool yk_plan_path_known(const char *path);

/* ---- the format's schema table, read-only (`yoshiki schema`, `yoshiki new`) ---- */

#define YK_PLAN_FORMAT "unei-hoshin/1"

typedef enum { YK_PLAN_TEXT, YK_PLAN_INT, YK_PLAN_BOOL, YK_PLAN_LIST, YK_PLAN_MAP,
               YK_PLAN_BUDGET /* 千円: a whole number >= 0, or a MAP of amounts */ } yk_plan_type;

/* The rule checked on a key beyond its type. */
typedef enum {
    YK_PLAN_RULE_NONE,
    YK_PLAN_RULE_FORMAT,     /* exactly YK_PLAN_FORMAT */
    YK_PLAN_RULE_STATUS,     /* draft or final */
    YK_PLAN_RULE_WARD_CODE,  /* 6 digits passing the check digit */
    YK_PLAN_RULE_SLUG,       /* a-z, 0-9 and '-' */
    YK_PLAN_RULE_SUB_NUMBERS /* on strategies/initiatives: items' numbers "2-1", "2-1-3" under
                                their parent's, unique, at most one main: true */
} yk_plan_rule;

typedef struct yk_plan_field yk_plan_field; /* one key of the table; lives forever */

typedef struct yk_plan_key {
    const char *key; /* "[]" for the item of a list; "" for the root */
    yk_plan_type type;
    bool required;   /* must be present and not empty; every other key may be empty (null) */
    long min, max;   /* INT: the range; LIST: the least number of items */
    yk_plan_rule rule;
} yk_plan_key;

/* The root of the table: a MAP whose children are the top-level keys. */
const yk_plan_field *yk_plan_schema(void);
void yk_plan_field_info(const yk_plan_field *f, yk_plan_key *out);
/* The i-th key of a MAP or BUDGET (in the table's order), the item of a LIST (i = 0), or
 * NULL past the end. */
const yk_plan_field *yk_plan_field_child(const yk_plan_field *f, size_t i);

#endif
