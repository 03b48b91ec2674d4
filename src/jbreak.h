/* jbreak.h — the interface of linebreak.c, named apart from libunibreak's <linebreak.h> so
 * that -Isrc never hides it. linebreak is the only user of libunibreak: UAX #14
 * opportunities, our 禁則 rules on top (JIS X 4051, 標準 level) and greedy fill by measured
 * width in one pass.
 * The caller owns the input; yk_lines owns its array and is freed with yk_lines_free. */
#ifndef YK_LINEBREAK_H
#define YK_LINEBREAK_H

#include <stdbool.h>
#include <stddef.h>

#include "compose.h"
#include "metrics.h"

typedef struct yk_line {
    size_t start;         /* byte offset of the line in the input */
    size_t len;           /* byte length, trailing spaces (ASCII, U+3000) at a break excluded */
    long width;           /* 1/1000 em units: the set width (uncomposed: sum of advances) */
    bool paragraph_start; /* first line of the text or first after a '\n' */
    size_t pos;           /* index in yk_lines.x of the x of the line's first character */
    size_t chars;         /* characters (code points) in the line */
    bool justified;       /* composed to fill the width exactly */
    bool ragged;          /* should have been justified but could not be (check reports it) */
    bool widow;           /* ends a paragraph with fewer than 3 characters, unavoidably */
} yk_line;

typedef struct yk_lines {
    yk_line *lines;
    size_t count;
    bool forced;          /* some unit wider than the line had to be cut (see below) */
    long *x;              /* x of every character of every line, 1/1000 em from its line start */
    size_t x_count;
} yk_lines;

/* Breaks UTF-8 text into lines each no wider than max_width (1/1000 em units; a caller with a
 * cell of W pt at size S passes floor(W * 1000 / S)). '\n' always breaks and starts a
 * paragraph; an empty paragraph yields an empty line. A unit that cannot be broken by the
 * rules and is wider than max_width is cut between characters (out->forced = true) so no
 * line ever exceeds max_width, unless a single character is wider; the cut goes right after
 * URL punctuation (. / @ - _ ? & = # :, not a decimal point) when the line keeps half of
 * max_width that way, so a URL or an e-mail address is cut at its seams. Characters whose
 * advance is negative (missing) count as 0: callers check coverage first.
 * The text is split at '\n' ("\r\n" and a lone '\r' count as one) into paragraphs, so ""
 * (or NULL, 0) gives one empty line and "a\n" gives "a" and an empty line. Spaces, ASCII
 * or U+3000, at a break or at a paragraph's end belong to no line (a U+3000 left there would
 * be an em of blank at a line's end or an indent at the next line's start); a paragraph's
 * leading U+3000, its indent, is kept.
 * The text is what the plan loader lets through: valid UTF-8, no control characters but
 * '\n', '\r' and tab, no U+2028/U+2029 (other hard breaks would bypass 禁則).
 * A break at spaces (ASCII or U+3000) between Latin letters or digits ("NPO ICT") is weak:
 * a line ends there only when no other opportunity would leave it at least 3/4 of max_width
 * (or c->justify_min when justifying, if more), so a run of Latin words among Japanese goes
 * to the next line whole, while English text still breaks between its words.
 * A Latin letter or digit and a full-width opening bracket after it ("Instagram（@…）") may
 * break as JIS X 4051 says (UAX #14 LB30 glues only narrow brackets); ’ between letters
 * is an apostrophe and never breaks.
 * Same input, same lines; each character is measured once. Thread-safe. */
void yk_linebreak(const char *text, size_t len, const yk_metrics *m, long max_width,
                  yk_lines *out);
/* The same with the widths given: widths[i] is the width (1/1000 em) of the character that
 * starts at byte i, the sum of its cluster's glyph advances; a negative width marks a
 * character that belongs to the previous one's cluster (no break before it, no width). A
 * cluster never crosses a paragraph's end: a negative width on a newline, or on the first
 * character after one, joins nothing.
 * This is how layout breaks shaped text: every glyph's advance counts once. */
void yk_linebreak_widths(const char *text, size_t len, const int *widths, long max_width,
                         yk_lines *out);
/* The same, composed by c (NULL: as yk_linebreak): joints and line ends are measured as
 * compose says, and with c->justify every line but a paragraph's last (or one shorter than
 * c->justify_min) is set to exactly max_width, and a paragraph's last line is kept from
 * holding fewer than 3 characters by moving earlier breaks back (at most the last
 * 4 lines are re-broken, never adding a line). */
void yk_linebreak_composed(const char *text, size_t len, const yk_metrics *m, long max_width,
                           const yk_compose *c, yk_lines *out);
/* Both: the caller's widths, composed by c (layout's way in). */
void yk_linebreak_widths_composed(const char *text, size_t len, const int *widths,
                                  long max_width, const yk_compose *c, yk_lines *out);
void yk_lines_free(yk_lines *lines);

/* 禁則 character classes, exposed for tests and for layout's own checks. */
bool yk_kinsoku_no_start(uint32_t cp);
bool yk_kinsoku_no_end(uint32_t cp);

#endif
