/* schema: the plan format unei-hoshin/1 described for people and their editors — a JSON
 * Schema generated from plan's own schema table (so the two cannot disagree), with each key's
 * Japanese title and description (the label of the form cell it fills), and the usual length
 * of each text for `yoshiki new`. Everything here is static data or built into a yk_buf. */
#ifndef YK_SCHEMA_H
#define YK_SCHEMA_H

#include "util.h"

/* The file name `make install` gives the schema (in PREFIX/share/yoshiki/). */
#define YK_SCHEMA_FILE "unei-hoshin-1.schema.json"

/* Appends the JSON Schema (draft-07) of a plan to out. */
void yk_schema_json(yk_buf *out);

typedef struct yk_key_label {
    const char *path;        /* as yk_plan_path_known writes it: "issues[].strategies[].body" */
    const char *title;       /* the cell's label: 経営課題の概要 */
    const char *description; /* where it prints and what to write */
    const char *length;      /* the usual length of the text, e.g. "40字程度", or NULL */
} yk_key_label;

/* The label of path, or NULL for a path the table lacks (a test keeps the table complete). */
const yk_key_label *yk_schema_label(const char *path);

#endif
