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

/* Asked for every character of every paragraph: a switch, with kanji and the rest of the
 * CJK blocks (no 禁則 character among them but ㇰ-ㇿ) answered by one range test. */
static bool is_small_kana(uint32_t cp)
{
    if (cp >= 0x31F0 && cp <= 0x31FF) /* ㇰ-ㇿ */
        return true;
    if (cp >= 0xFF67 && cp <= 0xFF6F) /* ｧ-ｯ */
        return true;
    switch (cp) {
    case 0x3041: case 0x3043: case 0x3045: case 0x3047: case 0x3049: case 0x3063: case 0x3083:
    case 0x3085: case 0x3087: case 0x308E: case 0x3095: case 0x3096: /* ぁぃぅぇぉっゃゅょゎゕゖ */
    case 0x30A1: case 0x30A3: case 0x30A5: case 0x30A7: case 0x30A9: case 0x30C3: case 0x30E3:
    case 0x30E5: case 0x30E7: case 0x30EE: case 0x30F5: case 0x30F6: /* ァィゥェォッャュョヮヵヶ */
        return true;
    default:
        return false;
    }
}

bool yk_kinsoku_no_start(uint32_t cp)
{
    if (cp >= 0x3100 && cp < 0xFF00)
        return cp >= 0x31F0 && cp <= 0x31FF;
    if (is_small_kana(cp))
        return true;
    switch (cp) {
    /* closing brackets and quotes */
    case ')': case ']': case '}': case 0xFF09: case 0xFF3D: case 0xFF5D: case 0x3015:
    case 0x3009: case 0x300B: case 0x300D: case 0x300F: case 0x3011: case 0x3019: case 0x3017:
    case 0x301B: case 0x301E: case 0x301F: case 0x2019: case 0x201D: case 0xFF60: case 0x00BB:
    case 0xFF63:
    /* ＞ ≫ >: what offices close their ＜重点＞ ≪新規≫ labels with */
    case 0xFF1E: case 0x226B: case '>':
    /* 、。，．,.｡､ */
    case 0x3001: case 0x3002: case 0xFF0C: case 0xFF0E: case ',': case '.': case 0xFF61:
    case 0xFF64:
    /* ・：；？！:;?!‼⁇⁈⁉／ and half-width ･ */
    case 0x30FB: case 0xFF65: case 0xFF1A: case 0xFF1B: case 0xFF1F: case 0xFF01: case ':':
    case ';': case '?': case '!': case 0x203C: case 0x2047: case 0x2048: case 0x2049: case 0xFF0F:
    /* prolonged sound marks ー ｰ, iteration marks 々〻ゝゞヽヾ */
    case 0x30FC: case 0xFF70: case 0x3005: case 0x303B: case 0x309D: case 0x309E: case 0x30FD:
    case 0x30FE:
    /* ‐゠–〜～ */
    case 0x2010: case 0x30A0: case 0x2013: case 0x301C: case 0xFF5E:
    /* voiced sound marks ﾞﾟ ゛゜ */
    case 0xFF9E: case 0xFF9F: case 0x309B: case 0x309C:
        return true;
    default:
        return false;
    }
}

bool yk_kinsoku_no_end(uint32_t cp)
{
    if (cp >= 0x3020 && cp < 0xFF00)
        return false;
    switch (cp) {
    case '(': case '[': case '{': case 0xFF08: case 0xFF3B: case 0xFF5B: case 0x3014:
    case 0x3008: case 0x300A: case 0x300C: case 0x300E: case 0x3010: case 0x3018: case 0x3016:
    case 0x301A: case 0x301D: case 0x2018: case 0x201C: case 0xFF5F: case 0x00AB: case 0xFF62:
    case 0xFF1C: case 0x226A: case '<': /* ＜ ≪ <, as brackets (above) */
        return true;
    default:
        return false;
    }
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

/* Signs written before a number: △12.3％ and ▲1,234千円 (the offices' minus), ＋4.4,
 * －3.1％, ±0.5, ＃12, ≧80％, 〒543-0001. UAX #14 keeps only its PR class (+ − ± ￥ ＄ №)
 * with the digits that follow; the full-width ＋ － ＃ and △ ▲ ▽ ▼ are ideographic to it, so
 * "△" could end a line and "12.3％" start the next, reading as a mark and a positive figure. */
static bool is_sign(uint32_t cp)
{
    switch (cp) {
    case '+': case 0x2212: case 0x00B1: case 0xFF0B: case 0xFF0D: case 0xFF03:
    case 0x25B3: case 0x25B2: case 0x25BD: case 0x25BC:
    case 0x2264: case 0x2265: case 0x2266: case 0x2267: /* ≤ ≥ ≦ ≧: 目標≧80％ */
    case 0x3012: case 0x3036: /* 〒 〶: 〒543-0001 */
        return true;
    default:
        return false;
    }
}

/* What may not be parted from the figure before it: 円 and JIS X 4051's postfixed
 * abbreviations (％ ‰ ° ′ ″ ℃ ¢ ℓ and the squared units ㌔ ㍉ ㎏ ㎡ ㏄ …, not the era names
 * ㍻-㍿). UAX #14 keeps % ℃ ‰ with half-width digits only, and ㎡ ㎏ with none: "100" ended a
 * line and "㎡" began the next. */
static bool is_unit(uint32_t cp)
{
    switch (cp) {
    case 0x5186: case 0xFF05: case '%': case 0x2030: case 0x00B0: case 0x2032: case 0x2033:
    case 0x2103: case 0x2109: case 0x00A2: case 0xFFE0: case 0x2113: case 0x33CB:
        return true;
    default:
        return (cp >= 0x3300 && cp <= 0x3357) || (cp >= 0x3371 && cp <= 0x337A) ||
               (cp >= 0x3380 && cp <= 0x33DF);
    }
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

/* What the rules ask of a character, found once per character (a paragraph's pairs ask
 * of each character twice or more). */
enum {
    F_DIGIT = 1 << 0, F_ALNUM = 1 << 1, F_NUM_SEP = 1 << 2, F_MULTIPLIER = 1 << 3,
    F_UNIT = 1 << 4, F_HYPHEN = 1 << 5, F_INSEPARABLE = 1 << 6, F_WESTERN = 1 << 7,
    F_NO_START = 1 << 8, F_NO_END = 1 << 9, F_HALFWIDTH_KANA = 1 << 10,
    F_WIDE_OPEN = 1 << 11, F_SIGN = 1 << 12,
};

/* Full-width opening brackets and quotes: （［｛〔〈《「『【〘〖〝｟ “‘ and half-width ｢ */
static bool is_wide_open(uint32_t cp)
{
    switch (cp) {
    case 0xFF08: case 0xFF3B: case 0xFF5B: case 0x3014: case 0x3008: case 0x300A: case 0x300C:
    case 0x300E: case 0x3010: case 0x3018: case 0x3016: case 0x301D: case 0xFF5F: case 0x201C:
    case 0x2018: case 0xFF62:
        return true;
    default:
        return false;
    }
}

/* Western text (a URL, an e-mail address, "ver.2") is one run for justification too. */
static bool is_western_ink(uint32_t cp)
{
    return cp > ' ' && cp < 0x7F;
}

static unsigned flags_of(uint32_t cp)
{
    /* kanji and the CJK blocks: none of the classes but ㇰ-ㇿ and 千万億円; kana: 禁則 and ・ */
    if (cp >= 0x3100 && cp < 0xFF00 && !is_multiplier(cp) && !is_unit(cp))
        return cp >= 0x31F0 && cp <= 0x31FF ? F_NO_START : 0;
    if (cp >= 0x3040 && cp < 0x3100)
        return (yk_kinsoku_no_start(cp) ? F_NO_START : 0) | (cp == 0x30FB ? F_INSEPARABLE : 0);
    return (is_digit(cp) ? F_DIGIT : 0) | (is_alnum(cp) ? F_ALNUM : 0) |
           (is_num_sep(cp) ? F_NUM_SEP : 0) | (is_multiplier(cp) ? F_MULTIPLIER : 0) |
           (is_unit(cp) ? F_UNIT : 0) | (is_hyphen(cp) ? F_HYPHEN : 0) |
           (is_inseparable(cp) ? F_INSEPARABLE : 0) | (is_western_ink(cp) ? F_WESTERN : 0) |
           (yk_kinsoku_no_start(cp) ? F_NO_START : 0) | (yk_kinsoku_no_end(cp) ? F_NO_END : 0) |
           (is_halfwidth_kana(cp) ? F_HALFWIDTH_KANA : 0) |
           (is_wide_open(cp) ? F_WIDE_OPEN : 0) | (is_sign(cp) ? F_SIGN : 0);
}

/* A hyphen between letters or digits joins one token: e-SUMINOe, COVID-19, １－１－１. */
static bool inside_hyphenated(const uint16_t *fl, size_t n, size_t i)
{
    if (fl[i - 1] & F_HYPHEN)
        return i >= 2 && (fl[i - 2] & F_ALNUM) && (fl[i] & F_ALNUM);
    return (fl[i] & F_HYPHEN) && (fl[i - 1] & F_ALNUM) && i + 1 < n && (fl[i + 1] & F_ALNUM);
}

/* True when cp[i-1] and cp[i] (flags fl) belong to one token kept whole (0 < i < n): a word,
 * a number with its unit, a hyphenated code, ……. Neither a break nor justification space
 * goes there. */
static bool inside_token(const utf32_t *cp, const uint16_t *fl, size_t n, size_t i)
{
    unsigned prev = fl[i - 1], next = fl[i], prev2 = i >= 2 ? fl[i - 2] : 0;
    if (((prev & F_ALNUM) && (next & F_ALNUM)) || inside_hyphenated(fl, n, i))
        return true;
    /* 28,523 and 3.0 */
    if ((prev & F_NUM_SEP) && (prev2 & F_DIGIT) && (next & F_DIGIT))
        return true;
    /* an amount and its unit: 28,523千円  50％  3万 */
    if ((prev & F_DIGIT) && (next & (F_MULTIPLIER | F_UNIT)))
        return true;
    if ((prev & F_MULTIPLIER) && (prev2 & F_DIGIT) && (next & F_UNIT))
        return true;
    /* a sign and its number: △12.3％ ＋4.4 */
    if ((prev & F_SIGN) && (next & F_DIGIT))
        return true;
    /* a fraction or a ratio in full-width forms, １／２ ３：１ (UAX #14 keeps 1/2 and 3:1,
     * whose / and : are SY and IS, but makes ／ ideographic and lets ： end a line) */
    if ((cp[i - 1] == 0xFF0F || cp[i - 1] == 0x2215 || cp[i - 1] == 0xFF1A) && (prev2 & F_DIGIT) &&
        (next & F_DIGIT))
        return true;
    /* ’ between letters is an apostrophe (Osaka’s), though libunibreak's Chinese table makes
     * it a closing quote to break after */
    if (cp[i - 1] == 0x2019 && (prev2 & F_ALNUM) && (next & F_ALNUM))
        return true;
    return cp[i - 1] == cp[i] && (next & F_INSEPARABLE);
}

/* ---- the text being broken ------------------------------------------------------------- */

/* Scratch arrays for a whole call, sized once for the text's character count so each
 * paragraph is measured and scanned without further allocation. */
typedef struct scratch {
    utf32_t *cp;  /* characters */
    uint16_t *fl; /* fl[i]: the F_ flags of cp[i] */
    yk_compose_class *cc; /* cc[i]: what composition asks of cp[i] */
    size_t *off;  /* off[i]: byte offset of cp[i]; off[n] = text length */
    long *x;      /* x[i]: width of the paragraph's characters before i (paragraph-local) */
    bool *brk;    /* brk[i]: a line may break before cp[i] (paragraphs of two lines or more) */
    char *ub;     /* libunibreak's answer for one paragraph */
    size_t n;
    const int *w; /* w[byte offset]: the caller's widths (see yk_linebreak_widths) */
    const yk_compose *c; /* NULL: plain advances */
    long *joint;  /* joint[i]: composed space between cp[i-1] and cp[i] on one line */
    long *g;      /* g[i]: sum of the paragraph's joints up to and including i */
    long *endb;   /* endb[i]: blank left out when cp[i] ends a line */
    long *adv;    /* the advances of the line being set */
    bool *kept;   /* kept[i]: cp[i-1] and cp[i] are one token kept whole (likewise) */
} scratch;

static void scratch_load(scratch *sc, const char *text, size_t len)
{
    /* one block for every array (the widest first, so each stays aligned) */
    size_t n = len + 1;
    char *block = yk_xmalloc(n * (5 * sizeof(long) + sizeof(size_t) + sizeof(utf32_t) +
                                  sizeof(uint16_t) + sizeof(yk_compose_class) + 2 * sizeof(bool) +
                                  1));
    sc->x = (long *)block;
    sc->joint = sc->x + n;
    sc->g = sc->joint + n;
    sc->endb = sc->g + n;
    sc->adv = sc->endb + n;
    sc->off = (size_t *)(sc->adv + n);
    sc->cp = (utf32_t *)(sc->off + n);
    sc->fl = (uint16_t *)(sc->cp + n);
    sc->cc = (yk_compose_class *)(sc->fl + n);
    sc->brk = (bool *)(sc->cc + n);
    sc->kept = sc->brk + n;
    sc->ub = (char *)(sc->kept + n);
    sc->n = 0;
    for (size_t at = 0; at < len;) {
        uint32_t c;
        size_t used = yk_utf8_next(text + at, len - at, &c);
        /* libunibreak takes U+FFFF for its end-of-text mark and aborts on meeting it early;
         * the noncharacter breaks as U+FFFD would */
        sc->cp[sc->n] = (utf32_t)(c == 0xFFFF ? 0xFFFD : c);
        sc->fl[sc->n] = (uint16_t)flags_of(sc->cp[sc->n]);
        sc->cc[sc->n] = yk_compose_class_of(sc->cp[sc->n]);
        sc->off[sc->n++] = at;
        at += used;
    }
    sc->off[sc->n] = len;
}

static void scratch_free(scratch *sc)
{
    free(sc->x); /* the block */
}

/* Widths of [a, b) as running sums, so any span is measured by one subtraction; the
 * composed joints likewise. */
static void measure(scratch *sc, size_t a, size_t b)
{
    sc->x[a] = 0;
    for (size_t i = a; i < b; i++) {
        int adv = sc->w[sc->off[i]];
        sc->x[i + 1] = sc->x[i] + (adv > 0 ? adv : 0);
    }
    for (size_t i = a; i < b; i++) {
        long adv = sc->x[i + 1] - sc->x[i], before = i > a ? sc->x[i] - sc->x[i - 1] : 0;
        sc->joint[i] =
            i > a ? yk_compose_joint_class(sc->c, sc->cc[i - 1], before, sc->cc[i], adv) : 0;
        sc->g[i] = (i > a ? sc->g[i - 1] : 0) + sc->joint[i];
        sc->endb[i] = yk_compose_end_blank_class(sc->c, sc->cc[i], adv);
    }
}

/* Width of the line holding [s, e) (e > s, no trailing space): advances, the joints inside
 * it and not the one before s, less the end blank of its last character. */
static long span_width(const scratch *sc, size_t s, size_t e)
{
    return sc->x[e] - sc->x[s] + sc->g[e - 1] - sc->g[s] - sc->endb[e - 1];
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

/* libunibreak 1.1 applies UAX #14 LB30 (AL × OP) to full-width opening brackets too, so
 * Instagram（@handle） was one unbreakable word, cut mid-word in a narrow cell. UAX #14 has
 * excluded East Asian wide OP from LB30 since Unicode 8, and JIS X 4051 breaks before an
 * opening bracket whatever precedes it: give that opportunity back after a Latin letter or
 * digit. (The other half of LB30, CP × AL, needs nothing: the full-width closing brackets
 * are CL, which LB30 leaves alone.) */
static bool wide_bracket_break(const uint16_t *fl, size_t i)
{
    return (fl[i - 1] & F_ALNUM) && (fl[i] & F_WIDE_OPEN);
}

/* Spaces at a break belong to neither line: ASCII ones, and U+3000 too, which separates
 * words as a space does ("割合　75％以上"): left at a line's end it would show as an em of
 * blank before the cell's edge, and at the next line's start as a paragraph's indent. A
 * paragraph's first line keeps its U+3000 indent: nothing is skipped before it. */
static bool is_space_at_break(uint32_t cp)
{
    return cp == ' ' || cp == 0x3000;
}

/* Break opportunities inside [a, b): UAX #14 plus the kana JIS adds and the wide-bracket
 * ones above, less those that 禁則 and our tokens forbid. */
static void find_breaks(scratch *sc, size_t a, size_t b)
{
    size_t n = b - a;
    const utf32_t *cp = sc->cp + a;
    const uint16_t *fl = sc->fl + a;
    if (n == 0)
        return;
    set_linebreaks_utf32(cp, n, UNIBREAK_LANG, sc->ub);
    sc->brk[a] = false;
    sc->kept[a] = false;
    size_t ink = 0; /* the last character before i that is no space: the one that ends the
                       line when it breaks at i, since spaces at a break are dropped */
    for (size_t i = 1; i < n; i++) {
        if (!is_space_at_break(cp[i - 1]))
            ink = i - 1;
        /* a mandatory break other than '\n' (U+2028, FF) is kept as an opportunity only */
        bool uax = sc->ub[i - 1] == LINEBREAK_ALLOWBREAK || sc->ub[i - 1] == LINEBREAK_MUSTBREAK
            || (fl[i - 1] & fl[i] & F_HALFWIDTH_KANA) || wide_bracket_break(fl, i);
        bool token = inside_token(cp, fl, n, i), joins = joins_previous(sc, a + i);
        size_t head = i; /* likewise the character that starts the next line (UAX #14 breaks
                            before a U+3000, never before an ASCII space) */
        while (head + 1 < n && is_space_at_break(cp[head]))
            head++;
        sc->brk[a + i] = uax && !token && !(fl[head] & F_NO_START) && !(fl[ink] & F_NO_END) &&
                         !joins;
        sc->kept[a + i] = token || (fl[i - 1] & fl[i] & F_WESTERN) || joins;
    }
    sc->brk[b] = true;
}

/* ---- greedy fill ----------------------------------------------------------------------- */

/* A line's characters [s, e), trailing spaces excluded. */
typedef struct seg {
    size_t s, e;
} seg;

/* The lines of one paragraph before they are set. */
typedef struct segs {
    seg *v;
    size_t n, cap;
    bool widow; /* its last line is short and no re-breaking helped */
} segs;

static void segs_push(segs *p, size_t s, size_t e)
{
    if (p->n == p->cap) {
        p->cap = p->cap ? p->cap * 2 : 16;
        p->v = yk_xrealloc(p->v, p->cap * sizeof *p->v);
    }
    p->v[p->n++] = (seg){s, e};
}

static size_t trim_end(const scratch *sc, size_t s, size_t e)
{
    while (e > s && is_space_at_break(sc->cp[e - 1]))
        e--;
    return e;
}

static size_t skip_spaces(const scratch *sc, size_t s, size_t b)
{
    while (s < b && is_space_at_break(sc->cp[s]))
        s++;
    return s;
}

/* The seams of a URL or an e-mail address: a cut after one of these keeps every word of it
 * whole (…example. / org, …category/ / 3059-…), where a cut at the last character that fits
 * reads as a misspelt word (…exampl / e.org). */
static bool is_url_punct(uint32_t cp)
{
    switch (cp) {
    case '.': case '/': case '@': case '-': case '_': case '?': case '&': case '=': case '#':
    case ':':
        return true;
    default:
        return false;
    }
}

/* A forced cut moves back to a seam only while its line keeps SEAM_MIN of the width. The
 * line cannot be justified (a URL has no joints), so what is lost shows as a ragged end: half
 * a line still reads as a line continued, not as a paragraph's end, and half of even the
 * narrowest text cell (様式1 市政改革プランの取組項目, 17 em) holds 17 half-width characters,
 * more than most of a URL's path segments or host labels, so the cut nearly always finds one. */
#define SEAM_MIN 500 /* 1/1000 of the width */

/* The latest cut in (s, e] right after URL punctuation that keeps 禁則 and SEAM_MIN, or 0;
 * never after a decimal point (Ver.2.1, 3.25 are numbers, not seams). */
static size_t seam_cut(const scratch *sc, size_t s, size_t e, long max_width)
{
    long floor = (max_width * SEAM_MIN + 999) / 1000;
    for (size_t k = e; k > s + 1 && span_width(sc, s, k) >= floor; k--) {
        uint32_t before = sc->cp[k - 1], after = sc->cp[k];
        if (!is_url_punct(before) || yk_kinsoku_no_start(after) || joins_previous(sc, k))
            continue;
        if (before == '.' && (sc->fl[k - 2] & F_DIGIT) && (sc->fl[k] & F_DIGIT))
            continue;
        return k;
    }
    return 0;
}

/* The unit starting at s overflows at character i with no allowed break that fits:
 * cut it at a URL's seam (above), else as late as possible, preferring a cut that keeps
 * 禁則, and never past the paragraph's end b. Returns the cut position and sets *forced
 * unless the cut happens to be an ordinary opportunity. */
static size_t forced_cut(const scratch *sc, size_t s, size_t i, size_t b, long max_width,
                         bool *forced)
{
    size_t e = i > s ? i : s + 1; /* one character wider than the line still goes alone */
    size_t seam = seam_cut(sc, s, e, max_width);
    for (size_t k = seam ? seam : e; k > s + 1; k--) {
        /* the line's last character and the next one's first, spaces at the cut dropped */
        size_t end = trim_end(sc, s, k), head = skip_spaces(sc, k, b);
        if ((head == b || !yk_kinsoku_no_start(sc->cp[head])) && end > s &&
            !yk_kinsoku_no_end(sc->cp[end - 1]) && !joins_previous(sc, k)) {
            e = k;
            break;
        }
    }
    /* never inside a cluster (a base and its selector): its glyph belongs to one line; but
     * never past b either, even when the caller's widths mark the newline (and what follows)
     * as joined: '\n' always breaks, and the next paragraph's breaks are not found yet */
    while (e < b && joins_previous(sc, e))
        e++;
    if (!sc->brk[e])
        *forced = true;
    return e;
}

/* A break at the spaces between two Latin words or numbers ("NPO ICT", "NPO　ICT") is weak:
 * the spaces vanish at a line end (and from extracted text: pdftotext drops a line's last
 * U+3000 too), so "…NPO" over "ICT…" reads as one word cut in two, and Japanese practice keeps such a run on one line when a Japanese character
 * near it can end the line instead. A line whose last fitting opportunity is weak therefore
 * ends at its last ordinary one if it then still fills WEAK_MIN of the width. A line of W em
 * of full-width text has about W joints, so losing a quarter of the width opens each by
 * about a quarter em (四分) when it is justified: as far as 行の調整 usually goes, while a
 * shorter line would read as spaced out, or, ragged, as a paragraph's end. With nothing
 * ordinary that long, the weak break is taken: English text still breaks between words. */
#define WEAK_MIN 750 /* 1/1000 of the width */

/* Whether the opportunity before cp[i] is weak: spaces on one side of it or both, and a Latin
 * letter or digit on either side of them (libunibreak breaks after ASCII spaces, but before
 * U+3000 as well as after). Asked only where a line would end; the walks stop at a
 * paragraph's separator. */
static bool weak_break(const scratch *sc, size_t i)
{
    if (!is_space_at_break(sc->cp[i - 1]) && !is_space_at_break(sc->cp[i]))
        return false;
    size_t j = i, k = i;
    while (j < sc->n && is_space_at_break(sc->cp[j]))
        j++;
    if (j == sc->n || !(sc->fl[j] & F_ALNUM))
        return false;
    while (k > 0 && is_space_at_break(sc->cp[k - 1]))
        k--;
    return k > 0 && (sc->fl[k - 1] & F_ALNUM);
}

/* The least width (1/1000 em) of a line ended early to avoid a weak break: WEAK_MIN, or
 * more if justification would leave a line that short ragged. */
static long weak_floor(const scratch *sc, long max_width)
{
    long min = sc->c && sc->c->justify && sc->c->justify_min > WEAK_MIN ? sc->c->justify_min
                                                                         : WEAK_MIN;
    return (max_width * min + 999) / 1000;
}

/* The line starting at s ends at the opportunity e: unless that is weak, e; else the last
 * ordinary opportunity before it, if it leaves the line wide enough (found walking back, as
 * lines ending at a weak break are few). */
static size_t earlier_strong(const scratch *sc, size_t s, size_t e, long max_width)
{
    if (!weak_break(sc, e))
        return e;
    for (size_t q = e; --q > s;) {
        if (!sc->brk[q] || weak_break(sc, q))
            continue;
        size_t end = trim_end(sc, s, q); /* s, when only spaces lie before q */
        return end > s && span_width(sc, s, end) >= weak_floor(sc, max_width) ? q : e;
    }
    return e;
}

/* End of the line starting at s in the paragraph ending at b: the last opportunity whose
 * line (trailing spaces excluded) fits, or the last ordinary one before it when that one is
 * weak (see WEAK_MIN). Trailing spaces never overflow: they are dropped. */
static size_t line_end(const scratch *sc, size_t s, size_t b, long max_width, bool *forced)
{
    size_t last_ok = s;
    bool ink = false; /* a break after leading spaces only would give an empty line */
    for (size_t i = s; i < b; i++) {
        if (ink && sc->brk[i])
            last_ok = i;
        if (is_space_at_break(sc->cp[i]))
            continue;
        if (span_width(sc, s, i + 1) > max_width)
            return last_ok > s ? earlier_strong(sc, s, last_ok, max_width)
                               : forced_cut(sc, s, i, b, max_width, forced);
        ink = true;
    }
    return b;
}

/* Whether the paragraph [a, b) is one line: line_end would find no character overflowing.
 * Then nothing asks where it may break, and the UAX #14 pass over it (the dearest part of
 * breaking) is not made. */
static bool fits_one_line(const scratch *sc, size_t a, size_t b, long max_width)
{
    for (size_t i = a; i < b; i++)
        if (!is_space_at_break(sc->cp[i]) && span_width(sc, a, i + 1) > max_width)
            return false;
    return true;
}

static void fill_paragraph(const scratch *sc, size_t a, size_t b, long max_width, bool *forced,
                           segs *p)
{
    p->n = 0;
    p->widow = false;
    if (a == b) {
        segs_push(p, a, b);
        return;
    }
    for (size_t s = a; s < b;) {
        size_t e = line_end(sc, s, b, max_width, forced);
        segs_push(p, s, trim_end(sc, s, e));
        s = skip_spaces(sc, e, b);
    }
}

/* ---- no lone last characters ----------------------------------------------------------- */

#define WIDOW_CHARS 3 /* a paragraph's last line holds at least this many characters */
#define WIDOW_LINES 4 /* the most lines re-broken to get there */

static size_t ink_chars(const scratch *sc, seg l)
{
    size_t n = 0;
    for (size_t i = l.s; i < l.e; i++)
        n += !is_space_at_break(sc->cp[i]);
    return n;
}

/* The slack of a line that is not a paragraph's last, or -1 when it overflows or would be
 * too short to justify. */
static long inner_slack(const scratch *sc, size_t s, size_t e, long max_width)
{
    if (e <= s)
        return -1;
    long w = span_width(sc, s, e);
    if (w > max_width || w * 1000 < (long)sc->c->justify_min * max_width)
        return -1;
    return max_width - w;
}

/* Break candidates of the span [from, b): positions a line may end at. */
static size_t tail_candidates(const scratch *sc, size_t from, size_t b, size_t **out)
{
    size_t n = 0;
    *out = yk_xmalloc((b - from + 1) * sizeof **out);
    for (size_t q = from + 1; q < b; q++)
        if (sc->brk[q])
            (*out)[n++] = q;
    return n;
}

/* Re-breaks the paragraph's lines from `first` on (ending at b) into as many lines, the last
 * holding WIDOW_CHARS characters or more and each other one justifiable, with the least sum
 * of squared slack (the spacing evens out), a weak break costing as much as a line left as
 * short as line_end would make it to avoid one (so re-breaking brings back no weak break
 * that greedy fill would not take). Returns that sum, or -1 when no such breaking exists;
 * the lines change only with apply. */
static double rebreak_tail(const scratch *sc, segs *p, size_t first, size_t b, long max_width,
                           bool apply)
{
    size_t k = p->n - first, from = p->v[first].s, *cand;
    size_t nc = tail_candidates(sc, from, b, &cand);
    double weak_cost = (double)(max_width - weak_floor(sc, max_width));
    weak_cost *= weak_cost;
    double *cost = yk_xmalloc((k * nc + 1) * sizeof *cost);
    size_t *prev = yk_xmalloc((k * nc + 1) * sizeof *prev);
    for (size_t j = 0; j + 1 < k; j++) {       /* line j ends at cand[i] */
        for (size_t i = 0; i < nc; i++) {
            double *c = &cost[j * nc + i];
            *c = -1;
            for (size_t h = 0; h <= i && (j > 0 || h == 0); h++) {
                if (j > 0 && (h == i || cost[(j - 1) * nc + h] < 0))
                    continue;
                size_t s = j ? skip_spaces(sc, cand[h], b) : from;
                long slack = inner_slack(sc, s, trim_end(sc, s, cand[i]), max_width);
                double total = (j ? cost[(j - 1) * nc + h] : 0) + (double)slack * (double)slack;
                if (slack >= 0 && (*c < 0 || total < *c)) {
                    *c = total;
                    prev[j * nc + i] = h;
                }
            }
            if (*c >= 0 && weak_break(sc, cand[i])) /* the same for every h: added once */
                *c += weak_cost;
        }
    }
    size_t best = nc;
    for (size_t i = 0; i < nc; i++) {
        double c = cost[(k - 2) * nc + i];
        seg last = {skip_spaces(sc, cand[i], b), trim_end(sc, cand[i], b)};
        if (c < 0 || last.e <= last.s || span_width(sc, last.s, last.e) > max_width
            || ink_chars(sc, last) < WIDOW_CHARS)
            continue;
        if (best == nc || c < cost[(k - 2) * nc + best])
            best = i;
    }
    double found = best < nc ? cost[(k - 2) * nc + best] : -1;
    if (best < nc && apply) {
        size_t end = b;
        for (size_t j = k, i = best; j-- > 0;) {
            size_t s = j ? skip_spaces(sc, cand[i], b) : from;
            p->v[first + j] = (seg){s, trim_end(sc, s, end)};
            if (j) {
                end = cand[i];
                i = j >= 2 ? prev[(j - 1) * nc + i] : i;
            }
        }
    }
    free(cand);
    free(cost);
    free(prev);
    return found;
}

/* Of the re-breakings of the last 2 … WIDOW_LINES lines, the one with the evenest spacing. */
static void avoid_widow(const scratch *sc, segs *p, size_t b, long max_width)
{
    if (!sc->c || !sc->c->justify || p->n < 2 || ink_chars(sc, p->v[p->n - 1]) >= WIDOW_CHARS)
        return;
    size_t best_k = 0;
    double best = -1;
    for (size_t k = 2; k <= WIDOW_LINES && k <= p->n; k++) {
        double c = rebreak_tail(sc, p, p->n - k, b, max_width, false);
        if (c >= 0 && (best < 0 || c < best)) {
            best = c;
            best_k = k;
        }
    }
    if (best_k)
        rebreak_tail(sc, p, p->n - best_k, b, max_width, true);
    else
        p->widow = true;
}

/* ---- setting the lines ------------------------------------------------------------------ */

static void push_line(yk_lines *out, size_t *cap, size_t *xcap, const scratch *sc,
                      const segs *p, size_t li, long max_width)
{
    seg l = p->v[li];
    size_t n = l.e - l.s;
    if (out->count == *cap) {
        *cap = *cap ? *cap * 2 : 16;
        out->lines = yk_xrealloc(out->lines, *cap * sizeof *out->lines);
    }
    while (out->x_count + n > *xcap || !out->x) { /* never NULL, even for empty lines */
        *xcap = *xcap ? *xcap * 2 : 256;
        out->x = yk_xrealloc(out->x, *xcap * sizeof *out->x);
    }
    long *adv = sc->adv;
    for (size_t i = 0; i < n; i++)
        adv[i] = sc->x[l.s + i + 1] - sc->x[l.s + i];
    yk_compose_line cl = {(const uint32_t *)sc->cp + l.s, adv, sc->joint + l.s, sc->kept + l.s,
                          n, n ? sc->endb[l.e - 1] : 0, sc->cc + l.s};
    bool fill = li + 1 < p->n, justified;
    long width = yk_compose_set(sc->c, &cl, fill, max_width, out->x + out->x_count, &justified);
    out->lines[out->count++] = (yk_line){
        .start = sc->off[l.s],
        .len = sc->off[l.e] - sc->off[l.s],
        .width = width,
        .paragraph_start = li == 0,
        .pos = out->x_count,
        .chars = n,
        .justified = justified,
        .ragged = fill && sc->c && sc->c->justify && !justified,
        .widow = !fill && p->widow,
    };
    out->x_count += n;
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

void yk_linebreak_widths_composed(const char *text, size_t len, const int *widths,
                                  long max_width, const yk_compose *c, yk_lines *out)
{
    scratch sc;
    segs p = {0};
    size_t cap = 0, xcap = 0, a = 0;
    *out = (yk_lines){0};
    pthread_once(&unibreak_once, unibreak_init);
    scratch_load(&sc, text, text ? len : 0);
    sc.w = widths;
    sc.c = c;
    for (;;) {
        size_t next, b = paragraph_end(&sc, a, &next);
        bool forced = false;
        measure(&sc, a, b);
        if (fits_one_line(&sc, a, b, max_width)) {
            /* what fill_paragraph gives; brk and kept are not read for a lone line (a
             * paragraph's last line is never justified, and there is no widow to avoid) */
            p.n = 0;
            p.widow = false;
            segs_push(&p, a, trim_end(&sc, a, b));
        } else {
            find_breaks(&sc, a, b);
            fill_paragraph(&sc, a, b, max_width, &forced, &p);
            if (!forced)
                avoid_widow(&sc, &p, b, max_width);
        }
        out->forced = out->forced || forced;
        for (size_t i = 0; i < p.n; i++)
            push_line(out, &cap, &xcap, &sc, &p, i, max_width);
        if (b >= sc.n)
            break;
        a = next;
    }
    free(p.v);
    scratch_free(&sc);
}

void yk_linebreak_widths(const char *text, size_t len, const int *widths, long max_width,
                         yk_lines *out)
{
    yk_linebreak_widths_composed(text, len, widths, max_width, NULL, out);
}

void yk_linebreak_composed(const char *text, size_t len, const yk_metrics *m, long max_width,
                           const yk_compose *c, yk_lines *out)
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
    yk_linebreak_widths_composed(text, len, w, max_width, c, out);
    free(w);
}

void yk_linebreak(const char *text, size_t len, const yk_metrics *m, long max_width,
                  yk_lines *out)
{
    yk_linebreak_composed(text, len, m, max_width, NULL, out);
}

void yk_lines_free(yk_lines *lines)
{
    free(lines->lines);
    free(lines->x);
    *lines = (yk_lines){0};
}
