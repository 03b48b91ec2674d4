/* skeleton: the plan `yoshiki new` prints for a ward and year — every key of unei-hoshin/1
 * present, walked from plan's schema table, each under a Japanese comment naming the form
 * cell it fills and its usual length; the ward's name, code and slug filled in, numbering
 * started, every text empty for the writer. Text only; the caller owns the buffer. */
#ifndef YK_SKELETON_H
#define YK_SKELETON_H

#include "util.h"
#include "ward.h"

/* Appends the skeleton for ward and fiscal_year (Gregorian) to out. schema_ref, when not
 * NULL, is put on the first line as the yaml-language-server's $schema. */
void yk_skeleton(const yk_ward *ward, int fiscal_year, const char *schema_ref, yk_buf *out);

#endif
