/* draw: a hand-built layout painted to PDF and read back with poppler and qpdf.
 * Run from the repository root (the fonts come from ./fonts). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <dirent.h>
#include <unistd.h>

#include "../src/draw.h"

#define PGOTHIC "BIZ UDPGothic"
#define GOTHIC "BIZ UDGothic"
#define EPOCH 1648771200LL /* 2022-04-01T00:00:00Z */
#define SRGB_ICC "/usr/share/color/icc/sRGB.icc" /* Debian icc-profiles-free (tools/install-deps) */

#define HEADING "【１－１－１　地域福祉力の向上】（予算額　28,523千円）"
#define LINE_SDGS "SDGｓ"
#define LINE_PLAN "「市政改革プラン3.0」に基づく取組等"
#define LINE_BODY "高齢者や障がい者を地域で支える仕組みづくりなど、"
#define TITLE "令和４年度　鶴見区運営方針（案）"

typedef struct fixture {
    yk_diag *d;
    const yk_font *fonts[2];
    char dir[64]; /* scratch directory for the PDFs, and TMPDIR of draw */
    char tmp[80];
} fixture;

static yk_layout_page pages[2];
static char *families[3];
static void give_all_glyphs(const fixture *f);
static void free_all_glyphs(void);

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    f->d = yk_diag_new();
    f->fonts[0] = yk_font_open(PGOTHIC, "fonts", f->d);
    f->fonts[1] = yk_font_open(GOTHIC, "fonts", f->d);
    strcpy(f->dir, "/tmp/yk-test-draw-XXXXXX");
    if (!mkdtemp(f->dir))
        return -1;
    snprintf(f->tmp, sizeof f->tmp, "%s/tmp", f->dir);
    mkdir(f->tmp, 0700);
    setenv("TMPDIR", f->tmp, 1); /* so the test sees draw clean up after itself */
    *state = f;
    if (!f->fonts[0] || !f->fonts[1])
        return -1;
    give_all_glyphs(f);
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    /* YK_KEEP=1 keeps the PDFs for a look */
    if (!getenv("YK_KEEP")) {
        char *cmd = yk_xasprintf("rm -rf '%s'", f->dir);
        if (system(cmd) != 0)
            fprintf(stderr, "could not remove %s\n", f->dir);
        free(cmd);
    }
    free_all_glyphs();
    yk_font_free((yk_font *)f->fonts[0]);
    yk_font_free((yk_font *)f->fonts[1]);
    yk_diag_free(f->d);
    free(f);
    return 0;
}

/* ---- a small two-page layout, as layout would produce it ---- */

/* Designated initializers throughout, so a field added to layout.h does not break the test. */
#define LINE(t, lx, ly, wd, para) {.text = (char *)(t), .x = (lx), .y = (ly), .width = (wd), \
                                   .paragraph_start = (para)}

static yk_layout_line page1_label[] = {LINE(HEADING, 45.0, 790.0, 320.0, true)};
static yk_layout_line page1_body[] = {
    LINE(LINE_SDGS, 45.0, 750.0, 30.0, true),
    LINE(LINE_PLAN, 45.0, 736.0, 150.0, true),
    LINE(LINE_BODY, 45.0, 722.0, 200.0, false),
};
static yk_layout_line page2_title[] = {LINE(TITLE, 60.0, 800.0, 200.0, true)};

static char *families[] = {(char *)PGOTHIC, (char *)GOTHIC, (char *)"Nonexistent Mincho"};

/* Gives a hand-built line the glyphs layout would: shaped in the box's font (family index
 * font), at the natural advances. */
static void give_glyphs(const fixture *f, size_t font, double size, yk_layout_line *line)
{
    const char *text = line->text;
    size_t len = strlen(text), n = 0;
    yk_font_char *chars = calloc(len + 1, sizeof *chars);
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        size_t k = yk_utf8_decode(text + i, len - i, &cp);
        chars[n++] = (yk_font_char){cp, i};
        i += k;
    }
    yk_shaped s = {0};
    yk_font_shape(f->fonts[font < 2 ? font : 0], chars, n, len, &s);
    line->glyphs = calloc(s.count + 1, sizeof *line->glyphs);
    long units = 0;
    for (size_t i = 0; i < s.count; i++) {
        line->glyphs[i] = (yk_layout_glyph){.font = font, .gid = s.glyphs[i].gid,
                                            .x = (double)units * size / 1000.0,
                                            .advance = s.glyphs[i].advance * size / 1000.0,
                                            .units = s.glyphs[i].advance,
                                            .start = s.glyphs[i].start, .len = s.glyphs[i].len};
        units += s.glyphs[i].advance;
    }
    line->glyph_count = s.count;
    yk_shaped_free(&s);
    free(chars);
}

static size_t family_of(const yk_layout_box *box)
{
    for (size_t i = 0; i < 3; i++)
        if (strcmp(families[i], box->family) == 0)
            return i;
    return 0;
}

static void give_box_glyphs(const fixture *f, yk_layout_box *box)
{
    for (size_t i = 0; i < box->line_count; i++)
        give_glyphs(f, family_of(box), box->font_size, &box->lines[i]);
}

static void free_box_glyphs(yk_layout_box *box)
{
    for (size_t i = 0; i < box->line_count; i++) {
        free(box->lines[i].glyphs);
        box->lines[i].glyphs = NULL;
    }
}

static yk_layout_box page1_boxes[] = {
    {.field = (char *)"issues[0].strategies[0].initiatives[0].title",
     .cell = (char *)"様式1 取組1 見出し", .x = 42.5, .y = 780.0, .w = 400.0, .h = 24.0,
     .padding = 2.8, .family = GOTHIC, .font_size = 10.5, .fill_gray = 0.85,
     .edges = YK_EDGE_ALL, .line_width = 0.5, .lines_available = 1, .lines = page1_label,
     .line_count = 1},
    {.field = (char *)"issues[0].summary", .cell = (char *)"様式1 経営課題1 概要", .x = 42.5,
     .y = 700.0, .w = 400.0, .h = 70.0, .padding = 2.8, .family = PGOTHIC, .font_size = 9.0,
     .fill_gray = -1.0, .edges = YK_EDGE_TOP | YK_EDGE_LEFT | YK_EDGE_BOTTOM, .line_width = 0.75,
     .lines_available = 5, .lines = page1_body, .line_count = 3},
};
static yk_layout_box page2_boxes[] = {
    {.field = (char *)"title", .cell = (char *)"様式1 表題", .x = 42.5, .y = 790.0, .w = 500.0,
     .h = 30.0, .padding = 2.8, .family = PGOTHIC, .font_size = 14.0, .fill_gray = -1.0,
     .edges = YK_EDGE_NONE, .lines_available = 1, .lines = page2_title, .line_count = 1},
    {.field = (char *)"rule", .cell = (char *)"様式1 罫線", .x = 42.5, .y = 100.0, .w = 500.0,
     .h = 600.0, .family = PGOTHIC, .font_size = 9.0, .fill_gray = 0.95,
     .edges = YK_EDGE_RIGHT | YK_EDGE_BOTTOM, .line_width = 1.0},
};
static yk_layout_page pages[2] = {
    {.number = 1, .form_page = 1, .form_pages = 2, .form = (char *)"yoshiki1", .width = 595.28,
     .height = 841.89, .boxes = page1_boxes, .box_count = 2},
    {.number = 2, .form_page = 2, .form_pages = 2, .form = (char *)"yoshiki1", .width = 595.28,
     .height = 841.89, .boxes = page2_boxes, .box_count = 2},
};
static const yk_layout layout = {.pages = pages, .page_count = 2, .families = families,
                                 .family_count = 2};

static void give_all_glyphs(const fixture *f)
{
    for (size_t p = 0; p < 2; p++)
        for (size_t b = 0; b < pages[p].box_count; b++)
            give_box_glyphs(f, &pages[p].boxes[b]);
}

static void free_all_glyphs(void)
{
    for (size_t p = 0; p < 2; p++)
        for (size_t b = 0; b < pages[p].box_count; b++)
            free_box_glyphs(&pages[p].boxes[b]);
}

static const yk_draw_meta meta = {.title = TITLE, .author = "鶴見区", .subject = "区運営方針",
                                  .epoch = EPOCH, .icc_profile = SRGB_ICC};

/* ---- helpers ---- */

static char *path_in(const fixture *f, const char *name)
{
    return yk_xasprintf("%s/%s", f->dir, name);
}

/* Runs cmd; returns its stdout and puts its stderr in *err. */
static char *run(const fixture *f, const char *cmd, char **err)
{
    char *err_path = path_in(f, "stderr.txt");
    char *full = yk_xasprintf("%s 2>'%s'", cmd, err_path);
    FILE *p = popen(full, "r");
    assert_non_null(p);
    yk_buf out = {0};
    char chunk[4096];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, p)) > 0)
        yk_buf_add(&out, chunk, n);
    assert_int_equal(pclose(p), 0);
    size_t len;
    *err = yk_read_file(err_path, &len);
    assert_non_null(*err);
    free(full);
    free(err_path);
    return yk_buf_take(&out);
}

static char *draw(fixture *f, const char *name, const yk_layout *l, const yk_draw_meta *m)
{
    char *out = path_in(f, name);
    assert_true(yk_draw_pdf(l, f->fonts, 2, m, out, f->d));
    assert_int_equal(yk_diag_count(f->d), 0);
    return out;
}

static bool has_line(const char *text, const char *line)
{
    size_t len = strlen(line);
    for (const char *p = strstr(text, line); p; p = strstr(p + 1, line))
        if ((p == text || p[-1] == '\n' || p[-1] == '\f') && (p[len] == '\n' || p[len] == '\f'))
            return true;
    return false;
}

/* pdfinfo's "Key:   value" line, whatever the padding. */
static bool has_field(const char *info, const char *key, const char *value)
{
    size_t klen = strlen(key), vlen = strlen(value);
    for (const char *p = info; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL) {
        if (strncmp(p, key, klen) != 0 || p[klen] != ':')
            continue;
        const char *v = p + klen + 1;
        while (*v == ' ')
            v++;
        return strncmp(v, value, vlen) == 0 && (v[vlen] == '\n' || v[vlen] == '\0');
    }
    return false;
}

static int count_entries(const char *dir)
{
    DIR *dp = opendir(dir);
    assert_non_null(dp);
    int n = 0;
    struct dirent *e;
    while ((e = readdir(dp)) != NULL)
        n += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
    closedir(dp);
    return n;
}

/* ---- tests ---- */

static void test_draw_text_extracts_exactly_without_warnings(void **state)
{
    fixture *f = *state;
    char *out = draw(f, "text.pdf", &layout, &meta);
    char *cmd = yk_xasprintf("pdftotext -enc UTF-8 -raw '%s' -", out);
    char *err;
    char *text = run(f, cmd, &err);
    assert_string_equal(err, "");
    /* poppler turns every Unicode white space, U+3000 included, into a word gap written as
     * ' '; the ToUnicode maps <3000> to U+3000 (test_draw_tounicode_is_a_ucs_cmap) */
    assert_string_equal(text, "【１－１－１ 地域福祉力の向上】（予算額 28,523千円）\n" LINE_SDGS
                              "\n" LINE_PLAN "\n" LINE_BODY "\n\f令和４年度 鶴見区運営方針（案）\n\f");
    free(text);
    free(err);
    free(cmd);
    /* and in poppler's reading order too (which splits the heading into columns at the wide
     * U+3000 gaps, so only the plain lines are compared) */
    cmd = yk_xasprintf("pdftotext -enc UTF-8 '%s' -", out);
    text = run(f, cmd, &err);
    assert_string_equal(err, "");
    assert_true(has_line(text, LINE_SDGS));
    assert_true(has_line(text, LINE_PLAN));
    free(text);
    free(err);
    free(cmd);
    free(out);
}

static void test_draw_fonts_embedded_subset_with_unicode(void **state)
{
    fixture *f = *state;
    char *out = draw(f, "fonts.pdf", &layout, &meta);
    char *cmd = yk_xasprintf("pdffonts '%s'", out);
    char *err;
    char *list = run(f, cmd, &err);
    assert_string_equal(err, "");
    int fonts = 0;
    /* two header lines, then: name type encoding emb sub uni object-id */
    const char *line = strchr(strchr(list, '\n') + 1, '\n') + 1;
    for (; *line; line = strchr(line, '\n') + 1, fonts++) {
        char name[128], type[32], sub_type[32], enc[32], emb[8], sub[8], uni[8];
        assert_int_equal(sscanf(line, "%127s %31s %31s %31s %7s %7s %7s", name, type, sub_type,
                                enc, emb, sub, uni),
                         7);
        assert_string_equal(type, "CID");
        assert_string_equal(emb, "yes");
        assert_string_equal(sub, "yes");
        assert_string_equal(uni, "yes");
        assert_non_null(strchr(name, '+')); /* subset tag */
    }
    assert_int_equal(fonts, 2);
    free(list);
    free(err);
    free(cmd);
    free(out);
}

static void test_draw_tounicode_is_a_ucs_cmap(void **state)
{
    fixture *f = *state;
    char *out = draw(f, "cmap.pdf", &layout, &meta);
    /* the ICC profile is binary: drop its NUL bytes so strstr can search past it */
    char *cmd = yk_xasprintf("qpdf --qdf --object-streams=disable '%s' - | tr -d '\\000'", out);
    char *err;
    char *qdf = run(f, cmd, &err);
    assert_string_equal(err, "");
    assert_non_null(strstr(qdf, "/CMapType 2 def"));
    assert_non_null(strstr(qdf, "/Ordering (UCS)"));
    assert_non_null(strstr(qdf, "/Ordering (Identity)"));
    assert_null(strstr(qdf, "begincidrange"));
    assert_null(strstr(qdf, "(Identity-H)"));
    assert_null(strstr(qdf, "<3042>"));           /* あ is not used: only used codes are mapped */
    assert_non_null(strstr(qdf, "> <5730>\n")); /* 地, under its code */
    assert_non_null(strstr(qdf, "> <3000>\n")); /* the ideographic space stays itself */
    /* dense codes: each code is its glyph's number in the subset, so there is no map */
    assert_non_null(strstr(qdf, "/CIDToGIDMap /Identity"));
    free(qdf);
    free(err);
    free(cmd);
    free(out);
}

static void test_draw_small_file_and_no_temp_files_left(void **state)
{
    fixture *f = *state;
    char *out = draw(f, "size.pdf", &layout, &meta);
    struct stat st;
    assert_int_equal(stat(out, &st), 0);
    assert_true(st.st_size > 1000 && st.st_size < 100 * 1024);
    assert_int_equal(count_entries(f->tmp), 0);
    free(out);
}

static void test_draw_same_epoch_same_bytes(void **state)
{
    fixture *f = *state;
    char *a = draw(f, "a.pdf", &layout, &meta);
    char *b = draw(f, "b.pdf", &layout, &meta);
    yk_draw_meta later = meta;
    later.epoch += 86400;
    char *c = draw(f, "c.pdf", &layout, &later);
    size_t la, lb, lc;
    char *da = yk_read_file(a, &la), *db = yk_read_file(b, &lb), *dc = yk_read_file(c, &lc);
    assert_int_equal(la, lb);
    assert_memory_equal(da, db, la);
    assert_true(la != lc || memcmp(da, dc, la) != 0);
    free(da), free(db), free(dc);
    free(a), free(b), free(c);
}

static void test_draw_metadata_from_meta(void **state)
{
    fixture *f = *state;
    char *out = draw(f, "meta.pdf", &layout, &meta);
    char *cmd = yk_xasprintf("pdfinfo -isodates '%s'", out);
    char *err;
    char *info = run(f, cmd, &err);
    assert_string_equal(err, "");
    assert_true(has_field(info, "Title", TITLE));
    assert_true(has_field(info, "Author", "鶴見区"));
    assert_true(has_field(info, "Subject", "区運営方針"));
    assert_true(has_field(info, "Producer", "yoshiki"));
    assert_true(has_field(info, "CreationDate", "2022-04-01T00:00:00Z"));
    assert_true(has_field(info, "ModDate", "2022-04-01T00:00:00Z"));
    assert_true(has_field(info, "Pages", "2"));
    assert_non_null(strstr(info, "595.28 x 841.89"));
    free(info);
    free(err);
    free(cmd);
    free(out);
}

/* A one-box layout holding one line of text in family (an index into families). */
typedef struct one_box {
    yk_layout_line line;
    yk_layout_box box;
    yk_layout_page page;
    yk_layout l;
} one_box;

static void one_box_init(one_box *o, const fixture *f, size_t family, const char *text)
{
    o->line = (yk_layout_line)LINE(text, 45.0, 750.0, 30.0, true);
    o->box = (yk_layout_box){.field = (char *)"issues[1].summary",
                             .cell = (char *)"様式1 経営課題2 概要", .x = 42.5, .y = 700.0,
                             .w = 400.0, .h = 70.0, .family = families[family],
                             .font_size = 9.0, .fill_gray = -1.0, .edges = YK_EDGE_ALL,
                             .line_width = 0.5, .lines = &o->line, .line_count = 1};
    o->page = (yk_layout_page){.number = 1, .form_page = 1, .form_pages = 1,
                               .form = (char *)"yoshiki1", .width = 595.28, .height = 841.89,
                               .boxes = &o->box, .box_count = 1};
    o->l = (yk_layout){.pages = &o->page, .page_count = 1, .families = families,
                       .family_count = 3};
    give_glyphs(f, family, 9.0, &o->line);
}

/* Characters beyond the BMP and variation sequences are drawn as their own glyphs (through
 * private-use codes) and extract as the characters written: a surrogate pair, base +
 * selector. */
static void test_draw_beyond_bmp_and_variation_sequences_extract(void **state)
{
    fixture *f = *state;
    one_box o;
    one_box_init(&o, f, 0, "地域𠀋福祉　辻\U000E0100と葛\U000E0100");
    assert_int_equal(o.line.glyph_count, 9);
    char *out = draw(f, "nonbmp.pdf", &o.l, &meta);
    char *cmd = yk_xasprintf("pdftotext -enc UTF-8 -raw '%s' -", out);
    char *err;
    char *text = run(f, cmd, &err);
    assert_string_equal(err, "");
    assert_non_null(strstr(text, "地域𠀋福祉"));
    assert_non_null(strstr(text, "辻\U000E0100と葛\U000E0100"));
    free(text), free(err), free(cmd);
    cmd = yk_xasprintf("qpdf --qdf --object-streams=disable '%s' - | tr -d '\\000'", out);
    char *qdf = run(f, cmd, &err);
    assert_non_null(strstr(qdf, "> <D840DC0B>\n"));     /* 𠀋 as a surrogate pair */
    assert_non_null(strstr(qdf, "> <8FBBDB40DD00>\n")); /* 辻 + U+E0100 */
    assert_non_null(strstr(qdf, "> <845BDB40DD00>\n")); /* 葛 + U+E0100 */
    free(qdf), free(err), free(cmd), free(out);
    free(o.line.glyphs);
}

/* Draw computes no position: a glyph that layout (or typography) moved is painted exactly
 * where its x says, the rest at their natural advances. */
static void test_draw_paints_glyphs_at_their_positions(void **state)
{
    fixture *f = *state;
    one_box o;
    one_box_init(&o, f, 0, "あいう");
    double natural = o.line.glyphs[2].x;
    o.line.glyphs[2].x += 20.0;
    char *out = draw(f, "moved.pdf", &o.l, &meta);
    char *cmd = yk_xasprintf("pdftotext -bbox '%s' -", out);
    char *err;
    char *html = run(f, cmd, &err);
    assert_string_equal(err, "");
    const char *w = strstr(html, ">う</word>");
    assert_non_null(w); /* a word of its own after the gap */
    while (w > html && strncmp(w, "<word xMin=\"", 12) != 0)
        w--;
    double xmin = atof(w + 12);
    assert_true(fabs(xmin - (o.line.x + natural + 20.0)) < 0.01);
    assert_non_null(strstr(html, ">あい</word>"));
    free(html), free(err), free(cmd), free(out);
    free(o.line.glyphs);
}

static void test_draw_unknown_family_is_error(void **state)
{
    fixture *f = *state;
    one_box o;
    one_box_init(&o, f, 2, "地域");
    char *out = path_in(f, "error.pdf");
    yk_diag *d = yk_diag_new();
    assert_false(yk_draw_pdf(&o.l, f->fonts, 2, &meta, out, d));
    assert_int_equal(yk_diag_errors(d), 1);
    assert_non_null(strstr(yk_diag_at(d, 0)->message, "Nonexistent Mincho"));
    yk_diag_free(d);
    free(out);
    free(o.line.glyphs);
    assert_int_equal(count_entries(f->tmp), 0);
}

static void test_draw_empty_lines_embed_no_font(void **state)
{
    fixture *f = *state;
    yk_layout_line line = LINE("", 45.0, 750.0, 0.0, true);
    yk_layout_box box = {.field = (char *)"issues[0].remedy", .x = 42.5, .y = 700.0, .w = 400.0,
                         .h = 70.0, .family = GOTHIC, .font_size = 9.0, .fill_gray = -1.0,
                         .edges = YK_EDGE_ALL, .line_width = 0.5, .lines = &line,
                         .line_count = 1};
    yk_layout_page page = {.number = 1, .width = 595.28, .height = 841.89, .boxes = &box,
                           .box_count = 1};
    yk_layout l = {.pages = &page, .page_count = 1, .families = families, .family_count = 2};
    char *out = draw(f, "empty.pdf", &l, &meta);
    char *cmd = yk_xasprintf("pdffonts '%s' | wc -l", out);
    char *err;
    char *lines = run(f, cmd, &err);
    assert_string_equal(lines, "2\n"); /* the header only */
    free(lines);
    free(err);
    free(cmd);
    free(out);
}

static void test_draw_unwritable_output_is_system_error(void **state)
{
    fixture *f = *state;
    yk_diag *d = yk_diag_new();
    assert_false(yk_draw_pdf(&layout, f->fonts, 2, &meta, "/nonexistent-dir/out.pdf", d));
    assert_true(yk_diag_has_system_error(d));
    assert_string_equal(yk_diag_at(d, 0)->file, "/nonexistent-dir/out.pdf");
    yk_diag_free(d);
    assert_int_equal(count_entries(f->tmp), 0);
}

/* Tagged: a heading, a table row of a label and a value whose one paragraph goes on over the
 * page break (one TR, one TD holding its text: a lone paragraph needs no P), a cell of two
 * paragraphs (two P), a repeated label and a page mark as artifacts. */
static void test_draw_tagged_structure_follows_the_layout(void **state)
{
    fixture *f = *state;
    yk_layout_line head[] = {LINE(TITLE, 60.0, 800.0, 200.0, true)};
    yk_layout_line label[] = {LINE("概要", 45.0, 750.0, 20.0, true)};
    yk_layout_line part1[] = {LINE(LINE_PLAN, 100.0, 750.0, 150.0, true)};
    yk_layout_line part2[] = {LINE(LINE_BODY, 100.0, 800.0, 200.0, false)};
    yk_layout_line mark[] = {LINE("【様式１】", 500.0, 820.0, 50.0, true)};
    yk_layout_line legend[] = {LINE("凡例", 45.0, 600.0, 20.0, true),
                               LINE("注記", 45.0, 590.0, 20.0, true)};
#define TBOX(ln, r, rl, tb, c) {.field = (char *)"f", .cell = (char *)"様式1 セル", .x = 42.5, \
    .y = 700.0, .w = 400.0, .h = 70.0, .family = GOTHIC, .font_size = 9.0, .fill_gray = -1.0, \
    .edges = YK_EDGE_ALL, .line_width = 0.5, .lines = (ln), .line_count = 1, .role = (rl), \
    .table = (tb), .row = (r), .col = (c)}
    yk_layout_box one[] = {TBOX(head, 1, YK_ROLE_HEADING, 0, 0), TBOX(part1, 2, YK_ROLE_VALUE, 1, 1),
                           TBOX(label, 2, YK_ROLE_LABEL, 1, 0), TBOX(mark, 0, YK_ROLE_ARTIFACT, 0, 0)};
    yk_layout_box two[] = {TBOX(label, 2, YK_ROLE_ARTIFACT, 1, 0), TBOX(part2, 2, YK_ROLE_VALUE, 1, 1),
                           TBOX(legend, 3, YK_ROLE_VALUE, 1, 0), TBOX(mark, 0, YK_ROLE_ARTIFACT, 0, 0)};
#undef TBOX
    one[0].level = 1;
    two[2].line_count = 2;
    one[2].scope = YK_SCOPE_ROW;
    one[2].w = two[0].w = 100.0; /* label | value; the legend row spans both columns */
    one[1].x = two[1].x = 142.5, one[1].w = two[1].w = 300.0;
    for (size_t i = 0; i < 4; i++)
        give_box_glyphs(f, &one[i]);
    give_box_glyphs(f, &two[1]); /* the label and mark share their lines with page one's */
    give_box_glyphs(f, &two[2]);
    yk_layout_page pg[] = {
        {.number = 1, .form_page = 1, .form_pages = 2, .form = (char *)"yoshiki1", .width = 595.28,
         .height = 841.89, .boxes = one, .box_count = 4},
        {.number = 2, .form_page = 2, .form_pages = 2, .form = (char *)"yoshiki1", .width = 595.28,
         .height = 841.89, .boxes = two, .box_count = 4}};
    yk_layout l = {.pages = pg, .page_count = 2, .families = families, .family_count = 2};
    char *out = draw(f, "tagged.pdf", &l, &meta);
    char *cmd = yk_xasprintf("pdfinfo -struct-text '%s'", out), *err;
    char *tree = run(f, cmd, &err);
    /* label before value (reading order), the value's two parts in its TD, no artifact text */
    const char *want = "Document\n  Sect\n    H1 (block)\n      \"" TITLE "\"\n"
                       "    Table (block)\n      TR\n        TH:\n           /Scope /Row\n"
                       "          \"概要\"\n        TD\n"
                       "          \"" LINE_PLAN "\"\n          \"" LINE_BODY "\"\n"
                       "      TR\n        TD:\n           /ColSpan 2\n          P (block)\n"
                       "            \"凡例\"\n          P (block)\n            \"注記\"\n";
    assert_string_equal(tree, want);
    free(tree), free(err), free(cmd);
    cmd = yk_xasprintf("qpdf --qdf --object-streams=disable '%s' - | tr -d '\\r' | "
                       "grep -c -e '^/Artifact <</Type /Pagination>> BDC' -e '/Lang (ja-JP)' "
                       "-e '/Marked true' -e '/DisplayDocTitle true' -e '/StructParents'", out);
    char *count = run(f, cmd, &err);
    /* 3 artifacts (a mark per page, the repeated label), /Lang twice (catalog, Document),
     * 2 pages' /StructParents, MarkInfo, ViewerPreferences */
    assert_string_equal(count, "9\n");
    free(count), free(err), free(cmd), free(out);
    for (size_t i = 0; i < 4; i++)
        free(one[i].lines[0].glyphs), one[i].lines[0].glyphs = NULL;
    free(two[1].lines[0].glyphs);
    free_box_glyphs(&two[2]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_draw_text_extracts_exactly_without_warnings),
        cmocka_unit_test(test_draw_fonts_embedded_subset_with_unicode),
        cmocka_unit_test(test_draw_tounicode_is_a_ucs_cmap),
        cmocka_unit_test(test_draw_small_file_and_no_temp_files_left),
        cmocka_unit_test(test_draw_same_epoch_same_bytes),
        cmocka_unit_test(test_draw_metadata_from_meta),
        cmocka_unit_test(test_draw_beyond_bmp_and_variation_sequences_extract),
        cmocka_unit_test(test_draw_paints_glyphs_at_their_positions),
        cmocka_unit_test(test_draw_unknown_family_is_error),
        cmocka_unit_test(test_draw_empty_lines_embed_no_font),
        cmocka_unit_test(test_draw_unwritable_output_is_system_error),
        cmocka_unit_test(test_draw_tagged_structure_follows_the_layout),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
