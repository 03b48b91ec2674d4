/* libFuzzer target: line-breaking properties on any text and width.
 *   input: 2 bytes of width (big-endian, 1/1000 em), then the text (inputs that are not
 *   text a plan can hold are skipped: see plan_text)
 *   properties: the lines, in order, give back the text with only the spaces (ASCII and
 *   U+3000) at breaks and the line terminators left out; every paragraph starts one line; no
 *   line is wider than the width unless it is a single character; each line's width is the sum of its
 *   characters' advances; and unless a unit had to be cut (forced), no line starts with a
 *   character 禁則 keeps from a line start nor ends with one it keeps from a line end.
 * Any failure aborts (a crash for libFuzzer). Seeds: tests/fuzz/linebreak/. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../src/jbreak.h"
#include "../src/util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A fake font with narrow, full, zero and extra-wide advances, so every rule is reached. */
static int advance(const void *ctx, uint32_t cp)
{
    (void)ctx;
    if (cp < 0x20)
        return 0;
    if (cp < 0x80)
        return 250 + (int)(cp % 4) * 125;
    if (cp >= 0xE000 && cp < 0xF900)
        return 2500;
    return 1000;
}

static void fail(const char *what, size_t line)
{
    fprintf(stderr, "fuzz_linebreak: line %zu: %s\n", line, what);
    abort();
}

/* Bytes at t[at] that may belong to no line (spaces and U+3000 at a break, paragraph
 * separators), or 0. */
static size_t removable(const char *t, size_t at, size_t len)
{
    if (t[at] == ' ' || t[at] == '\n' || t[at] == '\r')
        return 1;
    return len - at >= 3 && memcmp(t + at, "\xE3\x80\x80", 3) == 0 ? 3 : 0;
}

static long measured(const char *s, size_t len)
{
    long w = 0;
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        i += yk_utf8_decode(s + i, len - i, &cp);
        w += advance(NULL, cp);
    }
    return w;
}

static uint32_t first_cp(const char *s, size_t len)
{
    uint32_t cp = 0;
    if (len)
        yk_utf8_decode(s, len, &cp);
    return cp;
}

/* The last character of s[0..len): step back over UTF-8 continuation bytes, then decode. */
static uint32_t last_cp(const char *s, size_t len)
{
    if (!len)
        return 0;
    size_t i = len - 1;
    while (i > 0 && len - i < 4 && ((unsigned char)s[i] & 0xC0) == 0x80)
        i--;
    uint32_t cp;
    size_t n = yk_utf8_decode(s + i, len - i, &cp);
    return n == len - i ? cp : 0xFFFD;
}

static size_t paragraphs(const char *t, size_t len)
{
    size_t n = 1;
    for (size_t i = 0; i < len; i++) {
        if (t[i] == '\r' && i + 1 < len && t[i + 1] == '\n')
            i++;
        n += t[i] == '\n' || t[i] == '\r';
    }
    return n;
}

static void check_line(const char *t, const yk_line *ln, long max_width, size_t k)
{
    const char *s = t + ln->start;
    if (ln->width != measured(s, ln->len))
        fail("width is not the sum of the advances", k);
    if (ln->width > max_width && yk_utf8_count(s, ln->len) > 1)
        fail("wider than the width yet more than one character", k);
    for (size_t i = 0; i < ln->len; i++)
        if (s[i] == '\n' || s[i] == '\r')
            fail("holds a line terminator", k);
}

/* A break inside a paragraph must not put a no-start character first or leave a no-end
 * character last. */
static void check_kinsoku(const char *t, const yk_lines *out)
{
    for (size_t k = 1; k < out->count; k++) {
        const yk_line *prev = &out->lines[k - 1], *ln = &out->lines[k];
        if (ln->paragraph_start)
            continue;
        if (yk_kinsoku_no_start(first_cp(t + ln->start, ln->len)))
            fail("starts with a character 禁則 keeps from a line start", k);
        if (yk_kinsoku_no_end(last_cp(t + prev->start, prev->len)))
            fail("the line before ends with a character 禁則 keeps from a line end", k);
    }
}

/* Inside yk_linebreak's contract (jbreak.h): text the plan loader would let through. A form
 * feed or U+2028 is a hard break the loader refuses, so 禁則 need not hold across one. */
static bool plan_text(const char *t, size_t len)
{
    if (!yk_utf8_valid(t, len, NULL))
        return false;
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        i += yk_utf8_decode(t + i, len - i, &cp);
        if ((cp < 0x20 && cp != '\n' && cp != '\r' && cp != '\t') || (cp >= 0x7F && cp <= 0x9F)
            || cp == 0x2028 || cp == 0x2029)
            return false;
    }
    return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2 || !plan_text((const char *)data + 2, size - 2))
        return 0;
    long max_width = ((long)data[0] << 8 | data[1]) % 20000;
    const char *t = (const char *)data + 2;
    size_t len = size - 2;
    yk_metrics m = {NULL, advance, 880, -120};
    yk_lines out;
    yk_linebreak(t, len, &m, max_width, &out);
    size_t at = 0, starts = 0;
    for (size_t k = 0; k < out.count; k++) {
        const yk_line *ln = &out.lines[k];
        if (ln->start < at || ln->start + ln->len > len)
            fail("out of order or out of the text", k);
        for (size_t r; at < ln->start; at += r)
            if ((r = removable(t, at, len)) == 0)
                fail("text before it belongs to no line", k);
        at = ln->start + ln->len;
        starts += ln->paragraph_start;
        check_line(t, ln, max_width, k);
    }
    for (size_t r; at < len; at += r)
        if ((r = removable(t, at, len)) == 0)
            fail("text after the last line belongs to no line", out.count);
    if (out.count == 0 || !out.lines[0].paragraph_start || starts != paragraphs(t, len))
        fail("paragraph starts do not match the text's paragraphs", 0);
    if (!out.forced)
        check_kinsoku(t, &out);
    yk_lines_free(&out);
    return 0;
}
