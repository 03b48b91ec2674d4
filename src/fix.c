/* fix: reads the usual ways of writing a number that a plan does not accept. */
#include "fix.h"

#include <limits.h>
#include <string.h>

/* Up to 9 digits after optional blanks, half-width or full-width (０-９); false when none.
 * *wide tells whether any digit was full-width; commas (, or ，) between digits are skipped
 * and counted in *commas. */
static bool read_digits(const char **s, long *out, bool *wide, int *commas)
{
    long v = 0;
    int n = 0;
    const char *p = *s;
    for (;;) {
        int d;
        if (*p >= '0' && *p <= '9') {
            d = *p - '0';
            p++;
        } else if (strncmp(p, "\xEF\xBC", 2) == 0 && (unsigned char)p[2] >= 0x90 &&
                   (unsigned char)p[2] <= 0x99) {
            d = (unsigned char)p[2] - 0x90; /* U+FF10..FF19 */
            *wide = true;
            p += 3;
        } else if (n > 0 && commas && (*p == ',' || strncmp(p, "，", strlen("，")) == 0)) {
            p += *p == ',' ? 1 : strlen("，");
            (*commas)++;
            continue;
        } else {
            break;
        }
        if (++n > 12)
            return false;
        v = v * 10 + d;
    }
    if (n == 0)
        return false;
    *s = p;
    *out = v;
    return true;
}

static bool skip(const char **s, const char *word)
{
    size_t n = strlen(word);
    if (strncmp(*s, word, n) != 0)
        return false;
    *s += n;
    return true;
}

/* 令和N (2018 + N), 平成N (1988 + N), 元 for the first year, then 年 or 年度 optionally. */
static bool era_year(const char *s, long *year)
{
    long base;
    if (skip(&s, "令和") || skip(&s, "R") || skip(&s, "r"))
        base = 2018;
    else if (skip(&s, "平成") || skip(&s, "H") || skip(&s, "h"))
        base = 1988;
    else
        return false;
    long n;
    bool wide = false;
    if (skip(&s, "元"))
        n = 1;
    else if (!read_digits(&s, &n, &wide, NULL) || n < 1 || n > 99)
        return false;
    if (!skip(&s, "年度"))
        skip(&s, "年");
    if (*s)
        return false;
    *year = base + n;
    return true;
}

/* 12,000 / 12000千円 / 1,200万円 / 12,000,000円 → the amount in 千円 (yen only when it is
 * a whole number of 千円). */
static bool amount(const char *s, long *value)
{
    long n;
    bool wide = false;
    int commas = 0;
    if (!read_digits(&s, &n, &wide, &commas))
        return false;
    long scale = 1, divide = 1;
    if (skip(&s, "千円"))
        ;
    else if (skip(&s, "百万円"))
        scale = 1000;
    else if (skip(&s, "万円"))
        scale = 10;
    else if (skip(&s, "円"))
        divide = 1000;
    else if (commas == 0)
        return false; /* plain digits are not an amount mistake */
    if (*s || n % divide != 0 || n > LONG_MAX / 1000)
        return false;
    *value = n / divide * scale;
    return true;
}

yk_fix_kind yk_fix_whole_number(const char *text, bool quoted, long *value)
{
    if (era_year(text, value))
        return YK_FIX_ERA;
    if (amount(text, value))
        return YK_FIX_AMOUNT;
    const char *s = text;
    bool wide = false;
    if (read_digits(&s, value, &wide, NULL) && *s == '\0')
        return wide ? YK_FIX_DIGITS : quoted ? YK_FIX_QUOTED : YK_FIX_NONE;
    return YK_FIX_NONE;
}
