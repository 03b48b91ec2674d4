/* yamldoc: the only user of libyaml. Parses bytes into a tree of plain nodes, each carrying
 * the 1-based line and column where it starts. The document owns every node and string;
 * yk_yaml_free releases the whole tree. Anchors/aliases and duplicate keys are errors. */
#ifndef YK_YAMLDOC_H
#define YK_YAMLDOC_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"

typedef enum { YK_YAML_SCALAR, YK_YAML_SEQUENCE, YK_YAML_MAPPING } yk_yaml_kind;

typedef enum { YK_SCALAR_NULL, YK_SCALAR_BOOL, YK_SCALAR_INT, YK_SCALAR_NUMBER,
               YK_SCALAR_TEXT } yk_scalar_kind;

typedef struct yk_scalar {
    yk_scalar_kind kind;
    bool boolean;  /* BOOL */
    long integer;  /* INT */
    double number; /* INT and NUMBER */
} yk_scalar;

typedef struct yk_yaml_node yk_yaml_node;

typedef struct yk_yaml_pair {
    yk_yaml_node *key; /* always a scalar */
    yk_yaml_node *value;
} yk_yaml_pair;

struct yk_yaml_node {
    yk_yaml_kind kind;
    int line, col;        /* 1-based start of the node in the file */
    char *scalar;         /* SCALAR: NUL-terminated UTF-8 value (may contain '\n') */
    size_t len;           /* SCALAR: byte length */
    bool plain;           /* SCALAR: unquoted plain style, so it may mean null/number/bool */
    yk_scalar meaning;    /* SCALAR: what yk_yaml_scalar says, read once when loaded */
    char *comment;        /* SCALAR, plain: a " #" comment on the line the value ends on (YAML
                             drops it; it may be text meant as part of the value), or NULL */
    int comment_line, comment_col; /* where that comment starts */
    yk_yaml_node **items; /* SEQUENCE */
    size_t count;
    yk_yaml_pair *pairs;  /* MAPPING, in file order */
    size_t pair_count;
    bool flow;            /* SEQUENCE, MAPPING: written in flow style, [a, b] or {k: v}, where
                             a comma ends a plain value (so "2,811件" there is two entries) */
};

typedef struct yk_yaml_doc {
    char *file;         /* the name used in diagnostics */
    yk_yaml_node *root; /* NULL for an empty document */
} yk_yaml_doc;

/* Parses len bytes; name is used in diagnostics. NULL (with errors reported) on failure. */
yk_yaml_doc *yk_yaml_load_bytes(const char *bytes, size_t len, const char *name, yk_diag *d);
/* Reads and parses a file; an unreadable file is a system error. */
yk_yaml_doc *yk_yaml_load_file(const char *path, yk_diag *d);
void yk_yaml_free(yk_yaml_doc *doc);

/* The value for key in a mapping, or NULL when absent or when map is not a mapping. */
const yk_yaml_node *yk_yaml_get(const yk_yaml_node *map, const char *key);
/* ---- scalars: the one reading of every value, for plans and templates alike ----
 * A plain (unquoted) scalar means, by YAML 1.2's core schema restricted to what a person
 * writes: null for "", ~, null, Null, NULL; a boolean for true, True, TRUE, false, False,
 * FALSE; an integer for decimal digits with an optional '-' that fit a long; a number for
 * the decimal forms 9.5, -3, .5, 1e3 (no hex, octal, inf or nan); text otherwise. YAML 1.1's
 * yes/no/on/off/y/n are text, so where a boolean is expected they are refused, never read
 * as false. A quoted or block scalar is always text. Callers never compare scalar strings
 * themselves: a key that wants a boolean asks yk_yaml_bool and reports the node otherwise. */
/* What node means; false (out untouched) when node is NULL or not a scalar. */
bool yk_yaml_scalar(const yk_yaml_node *node, yk_scalar *out);
/* Shorthands over yk_yaml_scalar: each is true only for a scalar of that meaning. */
bool yk_yaml_is_null(const yk_yaml_node *node);
/* The one meaning of empty, for plans and templates alike: node is absent (NULL), null,
 * empty text, or a list or mapping with nothing in it — a value that prints nothing. */
bool yk_yaml_is_empty(const yk_yaml_node *node);
bool yk_yaml_bool(const yk_yaml_node *node, bool *out);
bool yk_yaml_int(const yk_yaml_node *node, long *out);
/* An integer or a decimal number. */
bool yk_yaml_number(const yk_yaml_node *node, double *out);

#endif
