/* linebreak: UAX #14 opportunities from libunibreak, 禁則 (JIS X 4051 標準) on top, then a
 * greedy fill by measured width. The only file that includes libunibreak. */
#include "jbreak.h"

#include <linebreak.h>
#include <pthread.h>
#include <stdlib.h>

#include "util.h"

/* libunibreak's init_linebreak fills a process-wide index; run it exactly once. */
static pthread_once_t unibreak_once = PTHREAD_ONCE_INIT;

static void unibreak_init(void)
{
    init_linebreak();
}

/* ---- character classes ---------------------------------------------------------------- */

static bool in_list(uint32_t cp, const uint32_t *list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (list[i] == cp)
            return true;
    return false;
}

static bool is_small_kana(uint32_t cp)
{
    static const uint32_t kana[] = {
        0x3041, 0x3043, 0x3045, 0x3047, 0x3049, 0x3063, 0x3083, 0x3085, 0x3087, 0x308E,
        0x3095, 0x3096, /* ぁぃぅぇぉっゃゅょゎゕゖ */
        0x30A1, 0x30A3, 0x30A5, 0x30A7, 0x30A9, 0x30C3, 0x30E3, 0x30E5, 0x30E7, 0x30EE,
        0x30F5, 0x30F6, /* ァィゥェォッャュョヮヵヶ */
    };
    return (cp >= 0x31F0 && cp <= 0x31FF)     /* ㇰ-ㇿ */
        || (cp >= 0xFF67 && cp <= 0xFF6F)     /* ｧ-ｯ */
        || in_list(cp, kana, sizeof kana / sizeof kana[0]);
}

bool yk_kinsoku_no_start(uint32_t cp)
{
    static const uint32_t marks[] = {
        /* closing brackets and quotes */
        ')', ']', '}', 0xFF09, 0xFF3D, 0xFF5D, 0x3015, 0x3009, 0x300B, 0x300D, 0x300F,
        0x3011, 0x3019, 0x3017, 0x301B, 0x301E, 0x301F, 0x2019, 0x201D, 0xFF60, 0x00BB,
        0xFF63,
        /* 、。，．,.｡､ */
        0x3001, 0x3002, 0xFF0C, 0xFF0E, ',', '.', 0xFF61, 0xFF64,
        /* ・：；？！:;?!‼⁇⁈⁉／ and half-width ･ */
        0x30FB, 0xFF65, 0xFF1A, 0xFF1B, 0xFF1F, 0xFF01, ':', ';', '?', '!', 0x203C, 0x2047,
        0x2048, 0x2049, 0xFF0F,
        /* prolonged sound marks ー ｰ, iteration marks 々〻ゝゞヽヾ */
        0x30FC, 0xFF70, 0x3005, 0x303B, 0x309D, 0x309E, 0x30FD, 0x30FE,
        /* ‐゠–〜～ */
        0x2010, 0x30A0, 0x2013, 0x301C, 0xFF5E,
        /* voiced sound marks ﾞﾟ ゛゜ */
        0xFF9E, 0xFF9F, 0x309B, 0x309C,
    };
    return is_small_kana(cp) || in_list(cp, marks, sizeof marks / sizeof marks[0]);
}

bool yk_kinsoku_no_end(uint32_t cp)
{
    static const uint32_t open[] = {
        '(', '[', '{', 0xFF08, 0xFF3B, 0xFF5B, 0x3014, 0x3008, 0x300A, 0x300C, 0x300E,
        0x3010, 0x3018, 0x3016, 0x301A, 0x301D, 0x2018, 0x201C, 0xFF5F, 0x00AB, 0xFF62,
    };
    return in_list(cp, open, sizeof open / sizeof open[0]);
}

static bool is_digit(uint32_t cp)
{
    return (cp >= '0' && cp <= '9') || (cp >= 0xFF10 && cp <= 0xFF19);
}

/* Latin letters and digits of either width: together they form one token (SDGｓ, ＮＰＯ). */
static bool is_alnum(uint32_t cp)
{
    return is_digit(cp) || (cp >= 'A' && cp <= 'Z') || (cp >= 'a' && cp <= 'z')
        || (cp >= 0xFF21 && cp <= 0xFF3A) || (cp >= 0xFF41 && cp <= 0xFF5A);
}

/* Separators inside a number: 28,523  3.0  ２８，５２３ */
static bool is_num_sep(uint32_t cp)
{
    return cp == ',' || cp == '.' || cp == 0xFF0C || cp == 0xFF0E;
}

static bool is_multiplier(uint32_t cp)
{
    return cp == 0x5343 || cp == 0x4E07 || cp == 0x5104; /* 千万億 */
}

static bool is_unit(uint32_t cp)
{
    return cp == 0x5186 || cp == 0xFF05 || cp == '%'; /* 円％% */
}

/* Half-width katakana ｦ-ﾟ: kana to JIS X 4051, letters (AL) to libunibreak 1.1. */
static bool is_halfwidth_kana(uint32_t cp)
{
    return cp >= 0xFF66 && cp <= 0xFF9F;
}

/* Characters JIS X 4051 forbids to separate when repeated: ……  ‥‥  ・・・  ――  —— */
static bool is_inseparable(uint32_t cp)
{
    return cp == 0x2026 || cp == 0x2025 || cp == 0x30FB || cp == 0x2015 || cp == 0x2014;
}

/* ---- our rules over the UAX #14 opportunities ------------------------------------------ */

static bool is_hyphen(uint32_t cp)
{
    return cp == '-' || cp == 0xFF0D; /* － numbers the form's headings: １－１－１ */
}

/* A hyphen between letters or digits joins one token: e-SUMINOe, COVID-19, １－１－１. */
static bool inside_hyphenated(const utf32_t *cp, size_t n, size_t i)
{
    uint32_t prev = cp[i - 1], next = cp[i];
    if (is_hyphen(prev))
        return i >= 2 && is_alnum(cp[i - 2]) && is_alnum(next);
    return is_hyphen(next) && is_alnum(prev) && i + 1 < n && is_alnum(cp[i + 1]);
}

/* True when our rules forbid a break between cp[i-1] and cp[i] (0 < i < n). */
static bool rule_forbids(const utf32_t *cp, size_t n, size_t i)
{
    uint32_t prev = cp[i - 1], next = cp[i];
    uint32_t prev2 = i >= 2 ? cp[i - 2] : 0;
    if (yk_kinsoku_no_start(next) || yk_kinsoku_no_end(prev))
        return true;
    if ((is_alnum(prev) && is_alnum(next)) || inside_hyphenated(cp, n, i))
        return true;
    /* 28,523 and 3.0 */
    if (is_num_sep(prev) && is_digit(prev2) && is_digit(next))
        return true;
    /* an amount and its unit: 28,523千円  50％  3万 */
    if (is_digit(prev) && (is_multiplier(next) || is_unit(next)))
        return true;
    if (is_multiplier(prev) && is_digit(prev2) && is_unit(next))
        return true;
    return prev == next && is_inseparable(next);
}

/* ---- the text being broken ------------------------------------------------------------- */

/* Scratch arrays for a whole call, sized once for the text's character count so each
 * paragraph is measured and scanned without further allocation. */
typedef struct scratch {
    utf32_t *cp;  /* characters */
    size_t *off;  /* off[i]: byte offset of cp[i]; off[n] = text length */
    long *x;      /* x[i]: width of the paragraph's characters before i (paragraph-local) */
    bool *brk;    /* brk[i]: a line may break before cp[i] */
    char *ub;     /* libunibreak's answer for one paragraph */
    size_t n;
    const int *w; /* w[byte offset]: the caller's widths (see yk_linebreak_widths) */
} scratch;

static void scratch_load(scratch *sc, const char *text, size_t len)
{
    sc->cp = yk_xmalloc((len + 1) * sizeof *sc->cp);
    sc->off = yk_xmalloc((len + 1) * sizeof *sc->off);
    sc->x = yk_xmalloc((len + 1) * sizeof *sc->x);
    sc->brk = yk_xmalloc((len + 1) * sizeof *sc->brk);
    sc->ub = yk_xmalloc(len + 1);
    sc->n = 0;
    for (size_t at = 0; at < len;) {
        uint32_t c;
        size_t used = yk_utf8_decode(text + at, len - at, &c);
        sc->cp[sc->n] = (utf32_t)c;
        sc->off[sc->n++] = at;
        at += used;
    }
    sc->off[sc->n] = len;
}

static void scratch_free(scratch *sc)
{
    free(sc->cp);
    free(sc->off);
    free(sc->x);
    free(sc->brk);
    free(sc->ub);
}

/* Widths of [a, b) as running sums, so any span is measured by one subtraction. */
static void measure(scratch *sc, size_t a, size_t b)
{
    sc->x[a] = 0;
    for (size_t i = a; i < b; i++) {
        int adv = sc->w[sc->off[i]];
        sc->x[i + 1] = sc->x[i] + (adv > 0 ? adv : 0);
    }
}

/* A character that is part of the previous one's cluster (a negative width) is never
 * separated from it. */
static bool joins_previous(const scratch *sc, size_t i)
{
    return i < sc->n && sc->w[sc->off[i]] < 0;
}

/* libunibreak 1.1 has no Japanese table, and without one it reads “” ‘’ as ambiguous quotes
 * (QU) that glue to both neighbours. Its Chinese table only makes them opening and closing
 * brackets, which is what JIS X 4051 says they are in Japanese text too. */
#define UNIBREAK_LANG "zh"

/* Break opportunities inside [a, b): UAX #14 plus the kana JIS adds, less those that 禁則
 * and our tokens forbid. */
static void find_breaks(scratch *sc, size_t a, size_t b)
{
    size_t n = b - a;
    const utf32_t *cp = sc->cp + a;
    if (n == 0)
        return;
    set_linebreaks_utf32(cp, n, UNIBREAK_LANG, sc->ub);
    sc->brk[a] = false;
    for (size_t i = 1; i < n; i++) {
        /* a mandatory break other than '\n' (U+2028, FF) is kept as an opportunity only */
        bool uax = sc->ub[i - 1] == LINEBREAK_ALLOWBREAK || sc->ub[i - 1] == LINEBREAK_MUSTBREAK
            || (is_halfwidth_kana(cp[i - 1]) && is_halfwidth_kana(cp[i]));
        sc->brk[a + i] = uax && !rule_forbids(cp, n, i) && !joins_previous(sc, a + i);
    }
    sc->brk[b] = true;
}

/* ---- greedy fill ----------------------------------------------------------------------- */

static void push_line(yk_lines *out, size_t *cap, const scratch *sc, size_t s, size_t e,
                      bool paragraph_start)
{
    /* ASCII spaces at a break belong to neither line */
    while (e > s && sc->cp[e - 1] == ' ')
        e--;
    out->lines = yk_reserve(out->lines, out->count + 1, cap, sizeof *out->lines);
    out->lines[out->count++] = (yk_line){
        .start = sc->off[s],
        .len = sc->off[e] - sc->off[s],
        .width = sc->x[e] - sc->x[s],
        .paragraph_start = paragraph_start,
    };
}

/* The unit starting at s overflows at character i with no allowed break that fits:
 * cut it as late as possible, preferring a cut that keeps 禁則. Returns the cut position
 * and sets *forced unless the cut happens to be an ordinary opportunity. */
static size_t forced_cut(const scratch *sc, size_t s, size_t i, bool *forced)
{
    size_t e = i > s ? i : s + 1; /* one character wider than the line still goes alone */
    for (size_t k = e; k > s + 1; k--) {
        if (!yk_kinsoku_no_start(sc->cp[k]) && !yk_kinsoku_no_end(sc->cp[k - 1]) &&
            !joins_previous(sc, k)) {
            e = k;
            break;
        }
    }
    /* never inside a cluster (a base and its selector): its glyph belongs to one line */
    while (e < sc->n && joins_previous(sc, e))
        e++;
    if (!sc->brk[e])
        *forced = true;
    return e;
}

/* End of the line starting at s in the paragraph ending at b: the last opportunity whose
 * line (trailing spaces excluded) fits. Trailing spaces never overflow: they are dropped. */
static size_t line_end(const scratch *sc, size_t s, size_t b, long max_width, bool *forced)
{
    size_t last_ok = s;
    bool ink = false; /* a break after leading spaces only would give an empty line */
    for (size_t i = s; i < b; i++) {
        if (ink && sc->brk[i])
            last_ok = i;
        if (sc->cp[i] == ' ')
            continue;
        if (sc->x[i + 1] - sc->x[s] > max_width)
            return last_ok > s ? last_ok : forced_cut(sc, s, i, forced);
        ink = true;
    }
    return b;
}

static void fill_paragraph(const scratch *sc, size_t a, size_t b, long max_width,
                           yk_lines *out, size_t *cap)
{
    size_t s = a;
    if (a == b) {
        push_line(out, cap, sc, a, b, true);
        return;
    }
    while (s < b) {
        size_t e = line_end(sc, s, b, max_width, &out->forced);
        push_line(out, cap, sc, s, e, s == a);
        s = e;
        while (s < b && sc->cp[s] == ' ')
            s++;
    }
}

/* '\n', "\r\n" and a lone '\r' end a paragraph. Returns the index of the terminator (or n)
 * and sets *next to the first character of the following paragraph. */
static size_t paragraph_end(const scratch *sc, size_t a, size_t *next)
{
    size_t i = a;
    while (i < sc->n && sc->cp[i] != '\n' && sc->cp[i] != '\r')
        i++;
    *next = i + 1;
    if (i + 1 < sc->n && sc->cp[i] == '\r' && sc->cp[i + 1] == '\n')
        *next = i + 2;
    return i;
}

void yk_linebreak(const char *text, size_t len, const yk_metrics *m, long max_width,
                  yk_lines *out)
{
    len = text ? len : 0;
    int *w = yk_xcalloc(len + 1, sizeof *w);
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        size_t n = yk_utf8_decode(text + i, len - i, &cp);
        int adv = cp == '\n' || cp == '\r' ? 0 : m->advance(m->ctx, cp);
        w[i] = adv > 0 ? adv : 0;
        i += n;
    }
    yk_linebreak_widths(text, len, w, max_width, out);
    free(w);
}

void yk_linebreak_widths(const char *text, size_t len, const int *widths, long max_width,
                         yk_lines *out)
{
    scratch sc;
    size_t cap = 0, a = 0;
    *out = (yk_lines){0};
    pthread_once(&unibreak_once, unibreak_init);
    scratch_load(&sc, text, text ? len : 0);
    sc.w = widths;
    for (;;) {
        size_t next, b = paragraph_end(&sc, a, &next);
        measure(&sc, a, b);
        find_breaks(&sc, a, b);
        fill_paragraph(&sc, a, b, max_width, out, &cap);
        if (b >= sc.n)
            break;
        a = next;
    }
    scratch_free(&sc);
}

void yk_lines_free(yk_lines *lines)
{
    free(lines->lines);
    *lines = (yk_lines){0};
}
