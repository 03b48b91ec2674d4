/* Tests for linebreak: every case of tests/linebreak.spec and tests/compose.spec (run from
 * the repo root; the second composes: 約物, 和欧間, 両端揃え, widows), then unit
 * tests for properties no single case shows (width bound over many widths, one measurement
 * per character, determinism, threads). A fake font: half-width 500, everything else 1000. */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../src/jbreak.h"
#include "../src/util.h"

#define SPEC_PATH "tests/linebreak.spec"
#define COMPOSE_SPEC_PATH "tests/compose.spec"
#define PARA_MARK "\xC2\xB6" /* ¶ */

/* ---- fake metrics ---------------------------------------------------------------------- */

static bool is_half_width(uint32_t cp)
{
    return cp < 0x80 || (cp >= 0xFF61 && cp <= 0xFF9F) || (cp >= 0xFFE8 && cp <= 0xFFEE);
}

static int fake_advance(const void *ctx, uint32_t cp)
{
    return is_half_width(cp) ? 500 : 1000;
}

static const yk_metrics fake = {.advance = fake_advance, .ascent = 880, .descent = -120};

/* ---- invariants every result must hold, whatever the input ----------------------------- */

static long measure(const char *s, size_t len, const yk_metrics *m)
{
    long w = 0;
    uint32_t cp;
    for (size_t at = 0; at < len;) {
        at += yk_utf8_decode(s + at, len - at, &cp);
        int adv = m->advance(m->ctx, cp);
        w += adv > 0 ? adv : 0;
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

static uint32_t last_cp(const char *s, size_t len)
{
    size_t at = len;
    while (at > 0 && ((unsigned char)s[at - 1] & 0xC0) == 0x80)
        at--;
    return at > 0 ? first_cp(s + at - 1, len - at + 1) : 0;
}

/* Bytes of the space at s (ASCII or U+3000: both belong to no line at a break), or 0. */
static size_t space_at(const char *s, size_t len)
{
    if (len >= 1 && s[0] == ' ')
        return 1;
    return len >= 3 && memcmp(s, "\xE3\x80\x80", 3) == 0 ? 3 : 0;
}

/* What lies between two lines: spaces only, or spaces and one paragraph separator. */
static const char *check_gap(const char *gap, size_t len, bool paragraph_start)
{
    size_t i = 0;
    for (size_t k; (k = space_at(gap + i, len - i)) > 0;)
        i += k;
    if (!paragraph_start)
        return i == len ? NULL : "a continuation line skips more than spaces";
    if (i + 2 == len && gap[i] == '\r' && gap[i + 1] == '\n')
        return NULL;
    if (i + 1 == len && (gap[i] == '\n' || gap[i] == '\r'))
        return NULL;
    return "a paragraph start is not preceded by exactly one newline";
}

/* Latin letters and digits of either width (what a reader takes for one word's). */
static bool is_alnum_any(uint32_t cp)
{
    return (cp >= '0' && cp <= '9') || (cp >= 'A' && cp <= 'Z') || (cp >= 'a' && cp <= 'z') ||
           (cp >= 0xFF10 && cp <= 0xFF19) || (cp >= 0xFF21 && cp <= 0xFF3A) ||
           (cp >= 0xFF41 && cp <= 0xFF5A);
}

static bool is_ascii_alnum(uint32_t cp)
{
    return (cp >= '0' && cp <= '9') || (cp >= 'A' && cp <= 'Z') || (cp >= 'a' && cp <= 'z');
}

/* The 禁則 and token rules across one soft break with no space in it (checked only when
 * nothing was forced). */
static const char *check_soft_break(const char *text, const yk_line *a, const yk_line *b)
{
    uint32_t end = last_cp(text + a->start, a->len), start = first_cp(text + b->start, b->len);
    if (yk_kinsoku_no_start(start))
        return "a line starts with a no-start character";
    if (yk_kinsoku_no_end(end))
        return "a line ends with a no-end character";
    if (is_ascii_alnum(start) && is_ascii_alnum(end))
        return "a word or number is split";
    return NULL;
}

static const char *check_line(const char *text, const yk_line *l, long max_width,
                              const yk_metrics *m, bool composed)
{
    if (!composed && l->width != measure(text + l->start, l->len, m))
        return "a line's width is not the sum of its advances";
    if (composed && l->justified && l->width != max_width)
        return "a justified line is not as wide as the line";
    if (l->chars != yk_utf8_count(text + l->start, l->len))
        return "a line has not one x per character";
    if (l->width > max_width && yk_utf8_count(text + l->start, l->len) > 1)
        return "a line of several characters is wider than max_width";
    if (l->len && text[l->start + l->len - 1] == ' ')
        return "a line keeps a trailing ASCII space";
    if (l->len >= 3 && memcmp(text + l->start + l->len - 3, "\xE3\x80\x80", 3) == 0)
        return "a line keeps a trailing U+3000";
    if (memchr(text + l->start, '\n', l->len))
        return "a line contains a newline";
    return NULL;
}

/* NULL when the lines cover the text in order, each within its rules; else what is wrong. */
static const char *check_lines(const char *text, size_t len, const yk_lines *out,
                               long max_width, const yk_metrics *m, bool composed)
{
    size_t at = 0;
    const char *err = NULL;
    for (size_t i = 0; i < out->count && !err; i++) {
        const yk_line *l = &out->lines[i];
        if (l->start < at || l->start + l->len > len)
            return "lines overlap or run past the text";
        if (i == 0 && (l->start != 0 || !l->paragraph_start))
            return "the first line does not start the text";
        err = i ? check_gap(text + at, l->start - at, l->paragraph_start) : NULL;
        if (!err)
            err = check_line(text, l, max_width, m, composed);
        if (!err && i && !l->paragraph_start && !out->forced && l->start == at)
            err = check_soft_break(text, &out->lines[i - 1], l);
        at = l->start + l->len;
    }
    if (!err && out->count == 0)
        return "no lines at all (even an empty text has one empty line)";
    for (size_t k; !err && (k = space_at(text + at, len - at)) > 0;)
        at += k;
    return err ? err : at == len ? NULL : "text after the last line is lost";
}

/* ---- the spec file --------------------------------------------------------------------- */

typedef struct spec_case {
    const char *file;
    char *name;
    int line_no;     /* of the ### header in the spec file */
    long width;      /* 1/1000 em */
    char *input;
    size_t input_len;
    bool forced;
    char **expect;   /* each "¶text" (paragraph start) or "|text" */
    char **at;       /* at[i]: "@ x0 x1 … = width" for expect[i], or NULL */
    size_t n_expect;
    bool composed;   /* some compose key was given */
    yk_compose compose;
} spec_case;

typedef struct spec {
    spec_case *cases;
    size_t count;
} spec;

static unsigned hex_value(const char *s, size_t n)
{
    unsigned v = 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        v = v * 16 + (unsigned)(c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10);
    }
    return v;
}

/* \n \r \t \\ and \uXXXX, so invisible characters can be written visibly. */
static char *unescape(const char *s, size_t *len)
{
    yk_buf b = {0};
    yk_buf_add(&b, "", 0);
    for (; *s; s++) {
        if (*s != '\\' || !s[1]) {
            yk_buf_addc(&b, *s);
            continue;
        }
        s++;
        if (*s == 'u' && strlen(s) >= 5) {
            yk_buf_add_cp(&b, hex_value(s + 1, 4));
            s += 4;
        } else {
            yk_buf_addc(&b, *s == 'n' ? '\n' : *s == 'r' ? '\r' : *s == 't' ? '\t' : *s);
        }
    }
    *len = b.len;
    return yk_buf_take(&b);
}

/* "10" or "4.5" full-width characters, in 1/1000 em. */
static long parse_width(const char *s)
{
    char *end;
    long w = strtol(s, &end, 10) * 1000;
    if (*end == '.')
        w += (end[1] - '0') * 100;
    return w;
}

static bool starts_with(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

static void add_expect(spec_case *c, const char *line)
{
    size_t len;
    c->expect = yk_xrealloc(c->expect, (c->n_expect + 1) * sizeof *c->expect);
    c->at = yk_xrealloc(c->at, (c->n_expect + 1) * sizeof *c->at);
    c->at[c->n_expect] = NULL;
    c->expect[c->n_expect++] = unescape(line, &len);
}

/* justify: yes, wa_ou: 250, justify_min: 500 — any of them makes the case composed, with
 * the others at these defaults: not justified, no 和欧間, justify_min 500. */
static bool parse_compose(spec_case *c, const char *line)
{
    if (!c->composed)
        c->compose = (yk_compose){.wa_ou = 0, .justify = false, .justify_min = 500};
    if (starts_with(line, "justify:"))
        c->compose.justify = strstr(line, "yes") != NULL;
    else if (starts_with(line, "wa_ou:"))
        c->compose.wa_ou = atoi(line + 6);
    else if (starts_with(line, "justify_min:"))
        c->compose.justify_min = atoi(line + 12);
    else
        return false;
    c->composed = true;
    return true;
}

static void parse_field(spec_case *c, const char *line)
{
    if (starts_with(line, "width:"))
        c->width = parse_width(line + 6);
    else if (starts_with(line, "input:"))
        c->input = unescape(line + 6 + (line[6] == ' '), &c->input_len);
    else if (starts_with(line, "forced:"))
        c->forced = strstr(line, "yes") != NULL;
    else if (starts_with(line, PARA_MARK) || line[0] == '|')
        add_expect(c, line);
    else if (line[0] == '@' && c->n_expect && !c->at[c->n_expect - 1])
        c->at[c->n_expect - 1] = yk_xstrdup(line);
    else
        parse_compose(c, line);
}

/* Blocks open with "### name"; other lines starting with '#' and blank lines are ignored. */
static spec spec_load(const char *path)
{
    spec sp = {0};
    size_t len;
    char *text = yk_read_file(path, &len);
    int line_no = 0;
    if (!text)
        return sp;
    for (char *line = text, *nl; line && *line; line = nl ? nl + 1 : NULL) {
        nl = strchr(line, '\n');
        if (nl)
            *nl = '\0';
        line_no++;
        if (starts_with(line, "### ")) {
            sp.cases = yk_xrealloc(sp.cases, (sp.count + 1) * sizeof *sp.cases);
            sp.cases[sp.count++] = (spec_case){.file = path, .name = yk_xstrdup(line + 4),
                                               .line_no = line_no};
        } else if (sp.count && line[0] != '#') {
            parse_field(&sp.cases[sp.count - 1], line);
        }
    }
    free(text);
    return sp;
}

static void spec_free(spec *sp)
{
    for (size_t i = 0; i < sp->count; i++) {
        spec_case *c = &sp->cases[i];
        for (size_t j = 0; j < c->n_expect; j++) {
            free(c->expect[j]);
            free(c->at[j]);
        }
        free(c->expect);
        free(c->at);
        free(c->input);
        free(c->name);
    }
    free(sp->cases);
}

/* ---- running one case ------------------------------------------------------------------ */

static char *render_line(const char *text, const yk_line *l)
{
    return yk_xasprintf("%s%.*s", l->paragraph_start ? PARA_MARK : "|", (int)l->len,
                        text + l->start);
}

static char *render_at(const yk_lines *out, const yk_line *l)
{
    yk_buf b = {0};
    yk_buf_adds(&b, "@");
    for (size_t i = 0; i < l->chars; i++)
        yk_buf_addf(&b, " %ld", out->x[l->pos + i]);
    yk_buf_addf(&b, " = %ld%s%s", l->width, l->ragged ? " ragged" : "", l->widow ? " widow" : "");
    return yk_buf_take(&b);
}

static bool same_lines(const spec_case *c, char **actual, char **at, size_t n)
{
    if (n != c->n_expect)
        return false;
    for (size_t i = 0; i < n; i++) {
        if (strcmp(actual[i], c->expect[i]) != 0)
            return false;
        if (c->at[i] && strcmp(at[i], c->at[i]) != 0)
            return false;
    }
    return true;
}

static void print_diff(const spec_case *c, char **actual, char **at, size_t n)
{
    size_t rows = n > c->n_expect ? n : c->n_expect;
    print_error("%s:%d: %s (width %ld)\n  %-3s %-30s %s\n", c->file, c->line_no, c->name,
                c->width, "", "expected", "actual");
    for (size_t i = 0; i < rows; i++) {
        const char *e = i < c->n_expect ? c->expect[i] : "";
        const char *a = i < n ? actual[i] : "";
        print_error("  %-3s %-30s %s\n", strcmp(e, a) ? "!" : "", e, a);
        const char *ea = i < c->n_expect && c->at[i] ? c->at[i] : NULL;
        if (ea && i < n)
            print_error("  %-3s %-30s %s\n", strcmp(ea, at[i]) ? "!" : "", ea, at[i]);
    }
}

static void run_case(void **state)
{
    const spec_case *c = *state;
    yk_lines out;
    yk_linebreak_composed(c->input, c->input_len, &fake, c->width,
                          c->composed ? &c->compose : NULL, &out);
    char **actual = yk_xcalloc(out.count, sizeof *actual);
    char **at = yk_xcalloc(out.count, sizeof *at);
    for (size_t i = 0; i < out.count; i++) {
        actual[i] = render_line(c->input, &out.lines[i]);
        at[i] = render_at(&out, &out.lines[i]);
    }
    bool same = same_lines(c, actual, at, out.count);
    if (!same)
        print_diff(c, actual, at, out.count);
    const char *err = check_lines(c->input, c->input_len, &out, c->width, &fake, c->composed);
    if (err)
        print_error("%s:%d: %s: %s\n", c->file, c->line_no, c->name, err);
    if (out.forced != c->forced)
        print_error("%s:%d: %s: forced is %s, expected %s\n", c->file, c->line_no, c->name,
                    out.forced ? "yes" : "no", c->forced ? "yes" : "no");
    bool ok = same && !err && out.forced == c->forced;
    for (size_t i = 0; i < out.count; i++) {
        free(actual[i]);
        free(at[i]);
    }
    free(actual);
    free(at);
    yk_lines_free(&out);
    if (!ok)
        fail_msg("%s", c->name);
}

/* ---- unit tests ------------------------------------------------------------------------ */

static const char seed_text[] =
    "　一人ひとりの人権が尊重され、だれもが自分らしく安心して暮らすことができるやさしさとぬ"
    "くもりのある地域社会の実現にむけて、区内の実情や特性に即した施策・事業を総合的に展開す"
    "る。\n"
    "・区民へ「まなびの場」が提供され、その成果が地域社会の活性化に活かされる社会をめざす。\n"
    "\n"
    "【１－１－１　地域福祉力の向上】（予算額　28,523千円）\n"
    "生涯学習推進員と連携し、花と緑豊かな環境づくりへの活躍の機会を提供するとともにSDGｓを"
    "推進する。“e-SUMINOe”で人生100年時代、withコロナの暮らしを、NPO法人と共に。"
    "達成率50％、鶴見区3.0、①②③、9時～17時……・・・っゃー。\r\n"
    "The quick brown fox jumps over the lazy dog, again and again.";

static yk_lines run(const char *text, long max_width)
{
    yk_lines out;
    yk_linebreak(text, strlen(text), &fake, max_width, &out);
    return out;
}

static void assert_valid(const char *text, long max_width)
{
    yk_lines out = run(text, max_width);
    const char *err = check_lines(text, strlen(text), &out, max_width, &fake, false);
    if (err)
        fail_msg("width %ld: %s", max_width, err);
    yk_lines_free(&out);
}

static void test_linebreak_no_comma_at_line_start(void **state)
{
    const char *text = "あいうえお、かきくけこ。";
    /* from two characters on, so お、 never has to be cut */
    for (long w = 2000; w <= 12000; w += 500) {
        yk_lines out = run(text, w);
        assert_false(out.forced);
        for (size_t i = 1; i < out.count; i++) {
            uint32_t cp = first_cp(text + out.lines[i].start, out.lines[i].len);
            assert_false(cp == 0x3001 || cp == 0x3002);
        }
        yk_lines_free(&out);
    }
}

static void test_linebreak_width_never_exceeds(void **state)
{
    for (long w = 500; w <= 45000; w += 250)
        assert_valid(seed_text, w);
}

/* Text built from tricky pieces in a fixed pseudo-random order, at many widths. */
static void test_linebreak_tricky_mix_holds_rules(void **state)
{
    static const char *const pieces[] = {
        "、", "。", "「", "」", "（", "）", "SDGｓ", "28,523千円", "ー", "ゃ", "っ", "・・・",
        "……", " ", "  ", "　", "あ", "漢字", "ABCDEFGHIJKL", "\n", "3.0", "50％", "々", "～",
        "ｱｲｳｰ", "“e-SUMINOe”", "①", "？", "!", "\r\n", "『", "』",
    };
    yk_buf b = {0};
    uint32_t seed = 12345;
    for (int i = 0; i < 600; i++) {
        seed = seed * 1103515245u + 12345u;
        yk_buf_adds(&b, pieces[(seed >> 16) % (sizeof pieces / sizeof pieces[0])]);
    }
    for (long w = 500; w <= 30000; w += 500)
        assert_valid(b.data, w);
    yk_buf_free(&b);
}

/* Whether line i ends with a Latin letter or digit and line i + 1 of its paragraph starts
 * with one: a word seemingly cut, since the spaces between them do not show. */
static bool splits_latin_run(const char *text, const yk_lines *out, size_t i)
{
    const yk_line *a = &out->lines[i], *b = &out->lines[i + 1];
    return !b->paragraph_start && is_alnum_any(last_cp(text + a->start, a->len)) &&
           is_alnum_any(first_cp(text + b->start, b->len));
}

/* A run of Latin words ("NPO ICT SDGs", 6 em) among Japanese never ends a line in its
 * middle once a quarter of the line holds it: the line can always end before the run and
 * keep 3/4 of its width. Plain, 和欧間 and justified (the widow re-breaking too). */
static void test_linebreak_latin_run_stays_whole(void **state)
{
    yk_buf b = {0};
    for (int i = 0; i < 40; i++) {
        yk_buf_adds(&b, i % 3 ? "保健師・保育士・NPO ICT SDGs推進員が連携し、" : "地域をつくる。");
        if (i % 7 == 6)
            yk_buf_adds(&b, "\n");
    }
    const yk_compose kinds[] = {
        {.wa_ou = 250, .justify = false, .justify_min = 600},
        {.wa_ou = 250, .justify = true, .justify_min = 600},
    };
    for (long w = 26000; w <= 60000; w += 250) {
        for (size_t k = 0; k <= 2; k++) {
            yk_lines out;
            yk_linebreak_composed(b.data, b.len, &fake, w, k ? &kinds[k - 1] : NULL, &out);
            for (size_t i = 0; i + 1 < out.count; i++)
                if (splits_latin_run(b.data, &out, i))
                    fail_msg("width %ld, composition %zu: line %zu ends inside a Latin run", w,
                             k, i);
            yk_lines_free(&out);
        }
    }
    yk_buf_free(&b);
}

/* Where a Latin run is wider than a quarter of the line, it may break at its spaces, but
 * never inside a word and never past the width (English text among Japanese). */
static void test_linebreak_long_latin_run_breaks_at_spaces(void **state)
{
    const char *text = "区では、The quick brown fox jumps over the lazy dog again and again "
                       "を合言葉に取り組む。";
    for (long w = 3000; w <= 30000; w += 250) {
        yk_lines out = run(text, w);
        assert_false(out.forced);
        const char *err = check_lines(text, strlen(text), &out, w, &fake, false);
        if (err)
            fail_msg("width %ld: %s", w, err);
        for (size_t i = 0; i + 1 < out.count; i++) {
            const yk_line *l = &out.lines[i];
            assert_true(l->start + l->len < strlen(text));
            if (is_alnum_any(last_cp(text + l->start, l->len)))
                assert_int_equal(text[l->start + l->len], ' ');
        }
        yk_lines_free(&out);
    }
}

static int counting_advance(const void *ctx, uint32_t cp)
{
    size_t *calls = (size_t *)ctx;
    (*calls)++;
    return fake_advance(NULL, cp);
}

/* One pass: each character is measured exactly once, whatever the width. */
static void test_linebreak_measures_each_character_once(void **state)
{
    size_t calls = 0;
    yk_metrics m = {.ctx = &calls, .advance = counting_advance, .ascent = 880, .descent = -120};
    size_t chars = yk_utf8_count(seed_text, strlen(seed_text));
    size_t separators = 6; /* five '\n' and one '\r': they end paragraphs, not measured */
    yk_lines out;
    yk_linebreak(seed_text, strlen(seed_text), &m, 7000, &out);
    assert_int_equal(calls, chars - separators);
    yk_lines_free(&out);
}

static bool same_result(const yk_lines *a, const yk_lines *b)
{
    if (a->count != b->count || a->forced != b->forced)
        return false;
    for (size_t i = 0; i < a->count; i++) {
        const yk_line *x = &a->lines[i], *y = &b->lines[i];
        if (x->start != y->start || x->len != y->len || x->width != y->width
            || x->paragraph_start != y->paragraph_start)
            return false;
    }
    return true;
}

static void test_linebreak_is_deterministic(void **state)
{
    for (long w = 1000; w <= 20000; w += 1500) {
        yk_lines a = run(seed_text, w), b = run(seed_text, w);
        assert_true(same_result(&a, &b));
        yk_lines_free(&a);
        yk_lines_free(&b);
    }
}

static void *break_in_thread(void *arg)
{
    yk_lines *out = arg;
    *out = run(seed_text, 9000);
    return NULL;
}

/* Runs first, so libunibreak's one-time initialisation happens under contention. */
static void test_linebreak_threads_agree(void **state)
{
    pthread_t threads[4];
    yk_lines results[4];
    for (int i = 0; i < 4; i++)
        assert_int_equal(pthread_create(&threads[i], NULL, break_in_thread, &results[i]), 0);
    for (int i = 0; i < 4; i++)
        pthread_join(threads[i], NULL);
    for (int i = 1; i < 4; i++)
        assert_true(same_result(&results[0], &results[i]));
    for (int i = 0; i < 4; i++)
        yk_lines_free(&results[i]);
}

static int missing_glyph_advance(const void *ctx, uint32_t cp)
{
    return cp == 0x25A1 ? -1 : fake_advance(ctx, cp); /* no glyph for □ */
}

static void test_linebreak_missing_glyph_counts_zero(void **state)
{
    yk_metrics m = {.advance = missing_glyph_advance, .ascent = 880, .descent = -120};
    const char *text = "あ□□い";
    yk_lines out;
    yk_linebreak(text, strlen(text), &m, 2000, &out);
    assert_int_equal(out.count, 1);
    assert_int_equal(out.lines[0].width, 2000);
    yk_lines_free(&out);
}

static void test_linebreak_kinsoku_classes(void **state)
{
    static const uint32_t no_start[] = {0x3001, 0x3002, 0x300D, 0xFF09, 0x30FC, 0xFF70, 0x3083,
                                        0x30C3, 0x3005, 0x30FB, 0xFF5E, 0x301C, 0xFF9E, ','};
    static const uint32_t no_end[] = {0x300C, 0x300E, 0xFF08, 0x3010, 0x201C, '(', 0xFF62};
    for (size_t i = 0; i < sizeof no_start / sizeof no_start[0]; i++) {
        assert_true(yk_kinsoku_no_start(no_start[i]));
        assert_false(yk_kinsoku_no_end(no_start[i]));
    }
    for (size_t i = 0; i < sizeof no_end / sizeof no_end[0]; i++) {
        assert_true(yk_kinsoku_no_end(no_end[i]));
        assert_false(yk_kinsoku_no_start(no_end[i]));
    }
    assert_false(yk_kinsoku_no_start(0x3042)); /* あ */
    assert_false(yk_kinsoku_no_start(0x3000)); /* no 禁則 class: at a break it is a space */
}

static void test_linebreak_null_text_is_one_empty_line(void **state)
{
    yk_lines out;
    yk_linebreak(NULL, 0, &fake, 5000, &out);
    assert_int_equal(out.count, 1);
    assert_int_equal(out.lines[0].len, 0);
    assert_true(out.lines[0].paragraph_start);
    yk_lines_free(&out);
}

typedef struct loaded {
    const spec *sp;
    size_t at_least;
} loaded;

static void test_linebreak_spec_is_loaded(void **state)
{
    const loaded *l = *state;
    assert_true(l->sp->count >= l->at_least);
}

static int run_spec(const char *path, size_t at_least)
{
    spec sp = spec_load(path);
    loaded l = {&sp, at_least};
    struct CMUnitTest *cases = yk_xcalloc(sp.count + 1, sizeof *cases);
    cases[0] = (struct CMUnitTest){"spec file has its cases", test_linebreak_spec_is_loaded,
                                   NULL, NULL, &l};
    for (size_t i = 0; i < sp.count; i++)
        cases[i + 1] = (struct CMUnitTest){sp.cases[i].name, run_case, NULL, NULL,
                                           &sp.cases[i]};
    int failed = _cmocka_run_group_tests(path, cases, sp.count + 1, NULL, NULL);
    free(cases);
    spec_free(&sp);
    return failed;
}

/* A cut forced inside a word never separates a character from its variation selector: the
 * selector's negative width marks it part of the previous character's cluster. */
static void test_linebreak_forced_cut_keeps_selector_with_base(void **state)
{
    (void)state;
    const char *text = "aa\uFE00)aa"; /* a a VS ) a a */
    size_t len = strlen(text);
    int *w = calloc(len + 1, sizeof *w);
    w[0] = w[1] = 500;
    w[2] = -1;                           /* U+FE00, 3 bytes */
    w[5] = w[6] = w[7] = 500;
    yk_lines out;
    yk_linebreak_widths(text, len, w, 1000, &out);
    assert_true(out.count >= 2);
    assert_int_equal(out.lines[0].len, 5); /* "aa" and the selector */
    assert_int_equal(out.lines[0].width, 1000);
    yk_lines_free(&out);
    free(w);
}

/* A cluster never runs over a paragraph's end, whatever the widths say: here the newline and
 * the next paragraph's first character are marked as joined to the character before them, and
 * the first line's one character is wider than the line, so the cut looks for the end of its
 * cluster. It once walked on past the newline, into the next paragraph (whose break
 * opportunities were not yet found: uninitialised memory), so the first line held the newline
 * and the selector that also starts the second paragraph. */
static void test_linebreak_cluster_stops_at_paragraph_end(void **state)
{
    (void)state;
    const char *text = "\u3042\uFE00\n\uFE00\u3044"; /* あ VS ⏎ VS い */
    size_t len = strlen(text);
    int *w = calloc(len + 1, sizeof *w);
    w[0] = 1000;                          /* あ, 3 bytes */
    w[3] = -1;                            /* its selector */
    w[6] = -1;                            /* the newline, "joined" */
    w[7] = -1;                            /* the second paragraph's first character, likewise */
    w[10] = 1000;                         /* い */
    yk_lines out;
    yk_linebreak_widths_composed(text, len, w, 500, NULL, &out);
    assert_true(out.count >= 2);
    assert_int_equal(out.lines[0].start, 0);
    assert_int_equal(out.lines[0].len, 6); /* あ and its selector: the paragraph, no more */
    assert_int_equal(out.lines[0].chars, 2);
    assert_false(out.forced);              /* nothing was cut: the line ends at the newline */
    size_t at = 0;
    for (size_t i = 0; i < out.count; i++) {
        const yk_line *l = &out.lines[i];
        assert_true(l->start >= at);       /* no character in two lines */
        assert_null(memchr(text + l->start, '\n', l->len));
        at = l->start + l->len;
    }
    assert_true(out.lines[1].paragraph_start);
    assert_int_equal(out.lines[1].start, 7);
    yk_lines_free(&out);
    free(w);
}

int main(void)
{
    const struct CMUnitTest unit[] = {
        cmocka_unit_test(test_linebreak_threads_agree),
        cmocka_unit_test(test_linebreak_no_comma_at_line_start),
        cmocka_unit_test(test_linebreak_width_never_exceeds),
        cmocka_unit_test(test_linebreak_tricky_mix_holds_rules),
        cmocka_unit_test(test_linebreak_latin_run_stays_whole),
        cmocka_unit_test(test_linebreak_long_latin_run_breaks_at_spaces),
        cmocka_unit_test(test_linebreak_measures_each_character_once),
        cmocka_unit_test(test_linebreak_is_deterministic),
        cmocka_unit_test(test_linebreak_missing_glyph_counts_zero),
        cmocka_unit_test(test_linebreak_kinsoku_classes),
        cmocka_unit_test(test_linebreak_null_text_is_one_empty_line),
        cmocka_unit_test(test_linebreak_forced_cut_keeps_selector_with_base),
        cmocka_unit_test(test_linebreak_cluster_stops_at_paragraph_end),
    };
    int failed = cmocka_run_group_tests_name("linebreak", unit, NULL, NULL);
    failed += run_spec(SPEC_PATH, 40);
    failed += run_spec(COMPOSE_SPEC_PATH, 20);
    return failed ? 1 : 0;
}
