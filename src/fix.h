/* fix: what a person most likely meant by a value that is not a whole number, so a message
 * can say what to write instead ("令和5" → 2023, "12,000千円" → 12000). Pure functions of
 * the text; nothing is allocated or reported. */
#ifndef YK_FIX_H
#define YK_FIX_H

#include <stdbool.h>

typedef enum {
    YK_FIX_NONE,   /* no likely meaning: say what is expected */
    YK_FIX_QUOTED, /* digits in quotes, which YAML reads as text */
    YK_FIX_ERA,    /* a Japanese era year: 令和5, 令和元年, 平成30年度, R5, H30 */
    YK_FIX_AMOUNT, /* an amount with commas or a unit: 12,000 / 12000千円 / 1,200万円 / 500000円 */
    YK_FIX_DIGITS  /* full-width digits: ２０２３ */
} yk_fix_kind;

/* text as written; quoted when it was in quotes. On a fix other than NONE, *value is the
 * whole number to write (a year in the Western calendar, an amount in 千円). */
yk_fix_kind yk_fix_whole_number(const char *text, bool quoted, long *value);

#endif
