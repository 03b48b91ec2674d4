/* compose: JIS X 4051 / JLReq line composition. Punctuation is modelled as JLReq does: a
 * half-em body plus a blank half (before an opening bracket, after a closing bracket, comma
 * or full stop, a quarter on each side of a middle dot). A font's advance says how much of
 * that blank it carries: a full-width face (BIZ UDGothic) all of it, a proportional one
 * (BIZ UDPGothic) little or none. Rules only ever take away blank the font has. */
#include "compose.h"

#include <stdlib.h>

#include "util.h"

#define HALF_EM 500

typedef enum { K_OTHER, K_OPEN, K_CLOSE, K_MIDDLE } kind;

/* JLReq cl-01 (opening brackets); cl-02 closing brackets, cl-06 full stops and cl-07 commas
 * together (they behave alike here); cl-05 middle dots. Full-width forms only: ASCII
 * brackets and stops are Western characters. Asked for every pair of characters a line
 * may hold, so the common case (kanji, kana, Latin) is answered by two comparisons. */
static kind kind_of(uint32_t cp)
{
    if (cp < 0x2018 || (cp > 0x201F && cp < 0x3001) || (cp > 0x301F && cp != 0x30FB && cp < 0xFF08)
        || cp > 0xFF60)
        return K_OTHER;
    switch (cp) {
    case 0xFF08: case 0xFF3B: case 0xFF5B: case 0x3014: case 0x3008: case 0x300A: case 0x300C:
    case 0x300E: case 0x3010: case 0x3018: case 0x3016: case 0x301A: case 0x301D: case 0x2018:
    case 0x201C: case 0xFF5F: /* （［｛〔〈《「『【〘〖〚〝‘“｟ */
        return K_OPEN;
    case 0xFF09: case 0xFF3D: case 0xFF5D: case 0x3015: case 0x3009: case 0x300B: case 0x300D:
    case 0x300F: case 0x3011: case 0x3019: case 0x3017: case 0x301B: case 0x301E: case 0x301F:
    case 0x2019: case 0x201D: case 0xFF60: /* ）］｝〕〉》」』】〙〗〛〞〟’”｠ */
    case 0x3001: case 0xFF0C: case 0x3002: case 0xFF0E: /* 、，。． */
        return K_CLOSE;
    case 0x30FB: case 0xFF1A: case 0xFF1B: /* ・：； */
        return K_MIDDLE;
    default:
        return K_OTHER;
    }
}

/* The blank the font gives a mark beyond its half-em body (never more than half an em). */
static int blank_of(long adv)
{
    long blank = adv - HALF_EM;
    return blank < 0 ? 0 : blank > HALF_EM ? HALF_EM : (int)blank;
}

/* Consecutive marks (JIS X 4051; JLReq 3.1.4; 簡便な行組版ルール 「括弧類や句読点が連続する場合」):
 * closing + closing: the first loses its blank (」」 」、 。」 、」);
 * opening + opening: the second loses its blank (「「 （「);
 * closing + opening: half an em stays between them, the second loses its blank (」「 、「 ）（);
 * a middle dot keeps its own quarters, so the bracket next to it loses its blank half.
 * Opening + closing (「」) stays as it is. */
static const struct pair_rule {
    kind first, second;
    yk_compose_cut trim;
} pair_rules[] = {
    {K_CLOSE, K_CLOSE, YK_COMPOSE_CUT_FIRST},
    {K_CLOSE, K_MIDDLE, YK_COMPOSE_CUT_FIRST},
    {K_OPEN, K_OPEN, YK_COMPOSE_CUT_SECOND},
    {K_MIDDLE, K_OPEN, YK_COMPOSE_CUT_SECOND},
    {K_CLOSE, K_OPEN, YK_COMPOSE_CUT_SECOND},
};

static yk_compose_cut trim_of(kind ka, kind kb)
{
    if (ka == K_OTHER || kb == K_OTHER) /* every rule pairs two marks */
        return YK_COMPOSE_CUT_NONE;
    for (size_t i = 0; i < sizeof pair_rules / sizeof pair_rules[0]; i++)
        if (pair_rules[i].first == ka && pair_rules[i].second == kb)
            return pair_rules[i].trim;
    return YK_COMPOSE_CUT_NONE;
}

static int yakumono_joint(kind ka, long adv_a, kind kb, long adv_b)
{
    yk_compose_cut trim = trim_of(ka, kb);
    return trim == YK_COMPOSE_CUT_NONE ? 0
                                       : -blank_of(trim == YK_COMPOSE_CUT_FIRST ? adv_a : adv_b);
}

/* Kana and kanji (JLReq cl-15, cl-16, cl-19 and the marks that go with them). */
static bool is_wa(uint32_t cp)
{
    return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3041 && cp <= 0x309F)
        || (cp >= 0x30A0 && cp <= 0x30FF && cp != 0x30FB) || (cp >= 0x3400 && cp <= 0x4DBF)
        || (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x3005 && cp <= 0x3007)
        || (cp >= 0xFF66 && cp <= 0xFF9F) || (cp >= 0x31F0 && cp <= 0x31FF);
}

/* Latin letters and European digits as Western text sets them (JLReq cl-27): full-width
 * forms are Japanese characters and take no 和欧間. */
static bool is_ou(uint32_t cp)
{
    return (cp >= '0' && cp <= '9') || (cp >= 'A' && cp <= 'Z') || (cp >= 'a' && cp <= 'z')
        || (cp >= 0xC0 && cp <= 0x24F && cp != 0xD7 && cp != 0xF7) || cp == '%';
}

/* yk_compose_class bits: the kind in the low two */
enum { C_KIND = 3, C_WA = 4, C_OU = 8, C_SPACE = 16 };

yk_compose_class yk_compose_class_of(uint32_t cp)
{
    if (cp >= 0x4E00 && cp <= 0x9FFF) /* kanji, most of all */
        return C_WA;
    return (yk_compose_class)(kind_of(cp) | (is_wa(cp) ? C_WA : 0) | (is_ou(cp) ? C_OU : 0) |
                              (cp == ' ' ? C_SPACE : 0));
}

yk_compose_cut yk_compose_cut_class(yk_compose_class a, yk_compose_class b)
{
    return trim_of((kind)(a & C_KIND), (kind)(b & C_KIND));
}

int yk_compose_joint_class(const yk_compose *c, yk_compose_class a, long adv_a,
                           yk_compose_class b, long adv_b)
{
    if (!c)
        return 0;
    if (a & b & C_WA) /* most pairs: kana and kanji are neither Latin nor 約物 */
        return 0;
    if (((a & C_WA) && (b & C_OU)) || ((a & C_OU) && (b & C_WA)))
        return c->wa_ou;
    return yakumono_joint((kind)(a & C_KIND), adv_a, (kind)(b & C_KIND), adv_b);
}

int yk_compose_end_blank_class(const yk_compose *c, yk_compose_class cls, long adv)
{
    return c && c->justify && (cls & C_KIND) == K_CLOSE ? blank_of(adv) : 0;
}

static bool stretchable_class(yk_compose_class a, yk_compose_class b)
{
    return !((a | b) & (C_KIND | C_SPACE)); /* both K_OTHER (0), neither a space */
}

/* ---- setting a line --------------------------------------------------------------------- */

/* Shares amount over the k chosen joints (add[i] for those with pick(i)), the remainder
 * spread one unit at a time so the result is the same on every machine. */
static void share(long *add, size_t n, const bool *pick, size_t k, long amount)
{
    size_t j = 0;
    for (size_t i = 0; i < n; i++) {
        if (!pick[i])
            continue;
        add[i] += amount * (long)(j + 1) / (long)k - amount * (long)j / (long)k;
        j++;
    }
}

/* ASCII spaces between words of the line (not leading ones): the joint after each. */
static size_t pick_spaces(const yk_compose_line *ln, bool *pick)
{
    size_t k = 0;
    bool ink = false;
    for (size_t i = 0; i < ln->n; i++) {
        pick[i] = false;
        if (i && ink && ln->cp[i - 1] == ' ' && ln->cp[i] != ' ')
            k += pick[i] = true;
        ink = ink || ln->cp[i] != ' ';
    }
    return k;
}

/* Joints where JLReq lets the line open up; with loose, any joint outside a kept token and
 * away from spaces (a line with no such place would otherwise stay ragged). */
static size_t pick_joints(const yk_compose_line *ln, bool loose, bool *pick)
{
    size_t k = 0;
    pick[0] = false;
    for (size_t i = 1; i < ln->n; i++) {
        pick[i] = !ln->kept[i] && (loose ? ln->cp[i - 1] != ' ' && ln->cp[i] != ' '
                                         : stretchable_class(ln->cls[i - 1], ln->cls[i]));
        k += pick[i];
    }
    return k;
}

#define WORD_SPACE_MAX HALF_EM
/* The most a joint between two characters opens up (JIS X 4051's 二分 limit). A line that
 * needs more (a long URL or Latin run leaving three joints for an em or two of slack) stays
 * ragged: spaced wider, its characters read as words of their own, and a text extractor
 * may even take them for separate lines. */
#define JOINT_MAX HALF_EM

/* Distributes slack in JLReq's order; returns what could not be placed. */
static long spread(const yk_compose_line *ln, long slack, long *add, bool *pick)
{
    if ((ln->cls[ln->n - 1] & C_KIND) == K_CLOSE) {
        long end = slack < HALF_EM ? slack : HALF_EM; /* taken by the width, no joint moves */
        slack -= end;
    }
    size_t k = pick_spaces(ln, pick);
    if (k && slack > 0) {
        long words = slack < WORD_SPACE_MAX * (long)k ? slack : WORD_SPACE_MAX * (long)k;
        share(add, ln->n, pick, k, words);
        slack -= words;
    }
    if (slack <= 0)
        return 0;
    k = pick_joints(ln, false, pick);
    if (!k)
        k = pick_joints(ln, true, pick);
    if (!k)
        k = pick_spaces(ln, pick);
    if (!k || slack > JOINT_MAX * (long)k)
        return slack;
    share(add, ln->n, pick, k, slack);
    return 0;
}

long yk_compose_set(const yk_compose *c, const yk_compose_line *ln, bool fill, long width,
                    long *x, bool *justified)
{
    long pos = 0;
    *justified = false;
    for (size_t i = 0; i < ln->n; i++) {
        if (i)
            pos += ln->adv[i - 1] + ln->joint[i];
        x[i] = pos;
    }
    long natural = ln->n ? pos + ln->adv[ln->n - 1] - ln->end_blank : 0;
    if (!fill || !c || !c->justify || ln->n == 0 || natural > width)
        return natural;
    if (natural == width || natural * 1000 < (long)c->justify_min * width) {
        *justified = natural == width;
        return natural;
    }
    long *add = yk_xcalloc(ln->n, sizeof *add);
    bool *pick = yk_xcalloc(ln->n, sizeof *pick);
    long left = spread(ln, width - natural, add, pick);
    long shift = 0;
    for (size_t i = 0; left == 0 && i < ln->n; i++) {
        shift += add[i];
        x[i] += shift;
    }
    free(add);
    free(pick);
    *justified = left == 0;
    return left == 0 ? width : natural;
}
