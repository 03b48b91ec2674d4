/* archive: the XMP packet, the document id, and what a drawn PDF carries for PDF/A-1b.
 * Run from the repository root (the fonts come from ./fonts). No Java here: Preflight runs
 * in tests/preflight.sh. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <hpdf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "../src/archive.h"
#include "../src/draw.h"
#include "../src/icc.h"

#define PGOTHIC "BIZ UDPGothic"
#define EPOCH 1650000000LL /* 2022-04-15T05:20:00Z */
#define SRGB_ICC "/usr/share/color/icc/sRGB.icc" /* Debian icc-profiles-free (tools/install-deps) */
#define TITLE "令和４年度　鶴見区運営方針（案）"

typedef struct fixture {
    yk_diag *d;
    const yk_font *font;
    char dir[64];
} fixture;

static yk_layout_line line;
static void give_glyphs(const yk_font *font);

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    f->d = yk_diag_new();
    f->font = yk_font_open(PGOTHIC, "fonts", f->d);
    strcpy(f->dir, "/tmp/yk-test-archive-XXXXXX");
    *state = f;
    if (!f->font || !mkdtemp(f->dir))
        return -1;
    give_glyphs(f->font);
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    char *cmd = yk_xasprintf("rm -rf '%s'", f->dir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", f->dir);
    free(cmd);
    free(line.glyphs);
    yk_font_free((yk_font *)f->font);
    yk_diag_free(f->d);
    free(f);
    return 0;
}

/* ---- helpers ---- */

/* PDF bytes hold NULs, so no strstr. */
static const char *find(const char *hay, size_t len, const char *needle)
{
    size_t n = strlen(needle);
    for (size_t i = 0; n <= len && i <= len - n; i++)
        if (memcmp(hay + i, needle, n) == 0)
            return hay + i;
    return NULL;
}

static yk_layout_line line = {.text = (char *)"地域福祉力の向上", .x = 45.0, .y = 750.0,
                              .width = 100.0, .paragraph_start = true};
/* The line's glyphs as layout gives them: shaped, at the natural advances (9 pt). */
static void give_glyphs(const yk_font *font)
{
    size_t len = strlen(line.text), n = 0;
    yk_font_char chars[32];
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        size_t k = yk_utf8_decode(line.text + i, len - i, &cp);
        chars[n++] = (yk_font_char){cp, i};
        i += k;
    }
    yk_shaped s = {0};
    yk_font_shape(font, chars, n, len, &s);
    line.glyphs = calloc(s.count, sizeof *line.glyphs);
    double x = 0;
    for (size_t i = 0; i < s.count; i++) {
        double adv = s.glyphs[i].advance * 9.0 / 1000.0;
        line.glyphs[i] = (yk_layout_glyph){.gid = s.glyphs[i].gid, .x = x, .advance = adv,
                                           .units = s.glyphs[i].advance,
                                           .start = s.glyphs[i].start, .len = s.glyphs[i].len};
        x += adv;
    }
    line.glyph_count = s.count;
    yk_shaped_free(&s);
}

static yk_layout_box box = {.field = (char *)"issues[0].summary",
                            .cell = (char *)"様式1 経営課題1 概要", .x = 42.5, .y = 700.0,
                            .w = 400.0, .h = 70.0, .family = PGOTHIC, .font_size = 9.0,
                            .fill_gray = 0.9, .edges = YK_EDGE_ALL, .line_width = 0.5,
                            .lines = &line, .line_count = 1};
static yk_layout_page page = {.number = 1, .form_page = 1, .form_pages = 1,
                              .form = (char *)"yoshiki1", .width = 595.28, .height = 841.89,
                              .boxes = &box, .box_count = 1};
static char *families[] = {(char *)PGOTHIC};
static const yk_layout layout = {.pages = &page, .page_count = 1, .families = families,
                                 .family_count = 1};

/* Draws the one-box layout with title and returns the file's bytes. */
static char *draw(fixture *f, const char *name, const char *title, size_t *len)
{
    yk_draw_meta meta = {.title = title, .author = "鶴見区", .subject = "区運営方針",
                         .epoch = EPOCH, .icc_profile = SRGB_ICC};
    char *out = yk_xasprintf("%s/%s", f->dir, name);
    assert_true(yk_draw_pdf(&layout, &f->font, 1, &meta, out, f->d));
    assert_int_equal(yk_diag_count(f->d), 0);
    char *bytes = yk_read_file(out, len);
    assert_non_null(bytes);
    free(out);
    return bytes;
}

/* The trailer's first /ID entry, as its 32 hex digits. */
static void trailer_id(const char *pdf, size_t len, char id[33])
{
    const char *at = NULL;
    for (const char *p = pdf; (p = find(p, len - (size_t)(p - pdf), "/ID [")) != NULL; p++)
        at = p;
    assert_non_null(at);
    at = strchr(at, '<');
    assert_non_null(at);
    memcpy(id, at + 1, 32);
    id[32] = '\0';
    assert_non_null(strchr(at + 1, '>'));
    assert_int_equal(strchr(at + 1, '>') - (at + 1), 32);
}

/* Draws with the given ICC profile and returns the one message reported. */
static char *draw_with_profile(fixture *f, const char *profile)
{
    yk_draw_meta meta = {.title = TITLE, .epoch = EPOCH, .icc_profile = profile};
    char *out = yk_xasprintf("%s/profile.pdf", f->dir);
    yk_diag *d = yk_diag_new();
    bool ok = yk_draw_pdf(&layout, &f->font, 1, &meta, out, d);
    assert_false(ok);
    assert_true(yk_diag_has_system_error(d));
    assert_int_equal(yk_diag_errors(d), 1);
    assert_string_equal(yk_diag_at(d, 0)->file, profile ? profile : out);
    char *msg = yk_diag_format(yk_diag_at(d, 0));
    yk_diag_free(d);
    free(out);
    return msg;
}

/* ---- XMP ---- */

static void test_archive_xmp_escapes_markup_in_title(void **state)
{
    (void)state;
    yk_archive_info info = {.title = "A&B <C> \"D\"", .author = "鶴見区&区", .epoch = EPOCH};
    char *xmp = yk_archive_xmp(&info);
    assert_non_null(strstr(xmp, "<rdf:li xml:lang=\"x-default\">A&amp;B &lt;C&gt; &quot;D&quot;"
                                "</rdf:li>"));
    assert_non_null(strstr(xmp, "<rdf:li>鶴見区&amp;区</rdf:li>"));
    assert_null(strstr(xmp, "<C>"));
    assert_null(strstr(xmp, "A&B"));
    free(xmp);
}

static void test_archive_xmp_identifies_pdfa_1b_with_info_values(void **state)
{
    (void)state;
    yk_archive_info info = {.title = TITLE, .author = "鶴見区", .subject = "区運営方針",
                            .epoch = EPOCH};
    char *xmp = yk_archive_xmp(&info);
    assert_non_null(strstr(xmp, "<pdfaid:part>1</pdfaid:part>"));
    assert_non_null(strstr(xmp, "<pdfaid:conformance>B</pdfaid:conformance>"));
    free(xmp);
    info.conformance = 'A'; /* a tagged document */
    xmp = yk_archive_xmp(&info);
    assert_non_null(strstr(xmp, "<pdfaid:conformance>A</pdfaid:conformance>"));
    assert_non_null(strstr(xmp, "<dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">" TITLE));
    assert_non_null(strstr(xmp, "<dc:creator><rdf:Seq><rdf:li>鶴見区</rdf:li>"));
    assert_non_null(strstr(xmp, "<xmp:CreateDate>2022-04-15T05:20:00Z</xmp:CreateDate>"));
    assert_non_null(strstr(xmp, "<xmp:ModifyDate>2022-04-15T05:20:00Z</xmp:ModifyDate>"));
    assert_non_null(strstr(xmp, "<pdf:Producer>" YK_ARCHIVE_PRODUCER "</pdf:Producer>"));
    assert_int_equal(strncmp(xmp, "<?xpacket begin=\"\xEF\xBB\xBF\"", 20), 0);
    assert_non_null(strstr(xmp, "<?xpacket end="));
    free(xmp);
}

static void test_archive_xmp_leaves_out_missing_fields(void **state)
{
    (void)state;
    yk_archive_info info = {.title = "", .epoch = 0};
    char *xmp = yk_archive_xmp(&info);
    assert_null(strstr(xmp, "dc:title"));
    assert_null(strstr(xmp, "dc:creator"));
    assert_non_null(strstr(xmp, "<xmp:CreateDate>1970-01-01T00:00:00Z</xmp:CreateDate>"));
    free(xmp);
}

/* ---- ids ---- */

static void test_archive_id_same_bytes_same_id(void **state)
{
    (void)state;
    unsigned char a[YK_ARCHIVE_ID_LEN], b[YK_ARCHIVE_ID_LEN], c[YK_ARCHIVE_ID_LEN];
    yk_archive_id("%PDF-1.4 title A", 16, a);
    yk_archive_id("%PDF-1.4 title A", 16, b);
    yk_archive_id("%PDF-1.4 title B", 16, c);
    assert_memory_equal(a, b, sizeof a);
    assert_memory_not_equal(a, c, sizeof a);
}

/* The id is the first 16 bytes of the bytes' SHA-256 ("abc": FIPS 180-4's example). */
static void test_archive_id_is_sha256_prefix(void **state)
{
    (void)state;
    static const unsigned char abc[YK_ARCHIVE_ID_LEN] = {
        0xba, 0x78, 0x16, 0xbf, 0x8f, 0x01, 0xcf, 0xea,
        0x41, 0x41, 0x40, 0xde, 0x5d, 0xae, 0x22, 0x23};
    unsigned char id[YK_ARCHIVE_ID_LEN];
    yk_archive_id("abc", 3, id);
    assert_memory_equal(id, abc, sizeof id);
}

/* A drawn file's /ID (both entries) is yk_archive_id of the file with its ids zeroed, and
 * the SHA-256 handed back with the bytes in memory is the finished bytes' own. */
static void test_archive_drawn_id_is_id_of_zeroed_file(void **state)
{
    fixture *f = *state;
    size_t len;
    char *pdf = draw(f, "zeroed.pdf", TITLE, &len);
    char id[33];
    trailer_id(pdf, len, id);
    char *zeroed = malloc(len);
    memcpy(zeroed, pdf, len);
    int stamped = 0;
    for (char *p = zeroed; (p = (char *)find(p, len - (size_t)(p - zeroed), id)) != NULL;
         p += 32)
        memset(p, '0', 32), stamped++;
    assert_int_equal(stamped, 2);
    unsigned char want[YK_ARCHIVE_ID_LEN];
    yk_archive_id(zeroed, len, want);
    char want_hex[33];
    for (int i = 0; i < YK_ARCHIVE_ID_LEN; i++)
        snprintf(want_hex + 2 * i, 3, "%02X", want[i]);
    assert_string_equal(id, want_hex);

    unsigned char digest[YK_SHA256_LEN];
    memset(digest, 0, sizeof digest);
    yk_draw_meta meta = {.title = TITLE, .author = "鶴見区", .subject = "区運営方針",
                         .epoch = EPOCH, .icc_profile = SRGB_ICC, .sha256 = digest};
    unsigned char *mem = NULL;
    size_t mem_len = 0;
    assert_true(yk_draw_pdf_memory(&layout, &f->font, 1, &meta, "zeroed.pdf", &mem, &mem_len,
                                   f->d));
    assert_int_equal(mem_len, len);
    assert_memory_equal(mem, pdf, len);
    char got[YK_SHA256_HEX_LEN + 1], file_hex[YK_SHA256_HEX_LEN + 1];
    yk_sha256_to_hex(digest, got);
    yk_sha256_hex(pdf, len, file_hex);
    assert_string_equal(got, file_hex);
    free(mem);
    free(zeroed);
    free(pdf);
}

static void test_archive_drawn_id_follows_content_not_clock(void **state)
{
    fixture *f = *state;
    size_t la, lb, lc;
    char *a = draw(f, "a.pdf", TITLE, &la);
    char *b = draw(f, "b.pdf", TITLE, &lb);
    char *c = draw(f, "c.pdf", "令和５年度　鶴見区運営方針", &lc);
    char ida[33], idb[33], idc[33];
    trailer_id(a, la, ida);
    trailer_id(b, lb, idb);
    trailer_id(c, lc, idc);
    assert_string_equal(ida, idb);
    assert_string_not_equal(ida, idc);
    assert_string_not_equal(ida, "00000000000000000000000000000000");
    assert_int_equal(la, lb);
    assert_memory_equal(a, b, la);
    free(a), free(b), free(c);
}

/* ---- a drawn document ---- */

static void test_archive_drawn_pdf_is_marked_pdfa(void **state)
{
    fixture *f = *state;
    size_t len;
    char *pdf = draw(f, "marks.pdf", "A&B <C>", &len);
    assert_int_equal(strncmp(pdf, "%PDF-1.4\n", 9), 0);
    /* the XMP stream is left unfiltered, so its text is in the file as is */
    assert_non_null(find(pdf, len, "<pdfaid:part>1</pdfaid:part>"));
    assert_non_null(find(pdf, len, "A&amp;B &lt;C&gt;"));
    assert_non_null(find(pdf, len, "/Type /Metadata"));
    assert_non_null(find(pdf, len, "/Subtype /XML"));
    assert_non_null(find(pdf, len, "/OutputIntents"));
    assert_non_null(find(pdf, len, "/S /GTS_PDFA1"));
    assert_non_null(find(pdf, len, "/DestOutputProfile"));
    assert_non_null(find(pdf, len, "/CIDSet"));
    assert_non_null(find(pdf, len, "/CapHeight"));
    assert_null(find(pdf, len, "/SMask"));
    assert_null(find(pdf, len, "/CA "));
    assert_non_null(find(pdf, len, "/CreationDate (D:20220415052000Z)"));
    free(pdf);
}

static void test_archive_missing_profile_is_system_error_naming_package(void **state)
{
    char *msg = draw_with_profile(*state, "/nonexistent/sRGB.icc");
    assert_non_null(strstr(msg, "/nonexistent/sRGB.icc"));
    assert_non_null(strstr(msg, YK_ARCHIVE_ICC_PACKAGE));
    free(msg);
}

/* Without a profile file the output intent carries yoshiki's own sRGB profile (icc.h),
 * byte for byte. */
static void test_archive_no_profile_given_embeds_own_srgb(void **state)
{
    fixture *f = *state;
    yk_draw_meta meta = {.title = TITLE, .epoch = EPOCH, .icc_profile = NULL};
    char *out = yk_xasprintf("%s/own-profile.pdf", f->dir);
    assert_true(yk_draw_pdf(&layout, &f->font, 1, &meta, out, f->d));
    assert_int_equal(yk_diag_count(f->d), 0);
    size_t len;
    char *bytes = yk_read_file(out, &len);
    assert_non_null(bytes);
    /* the profile's stream: the one whose dictionary has /N 3 */
    const char *n = find(bytes, len, "/N 3");
    assert_non_null(n);
    const char *data = find(n, len - (size_t)(n - bytes), "stream\r\n");
    assert_non_null(data);
    data += 8;
    const char *end = find(data, len - (size_t)(data - bytes), "endstream");
    assert_non_null(end);
    unsigned char icc[4096];
    uLongf icc_len = sizeof icc;
    assert_int_equal(uncompress(icc, &icc_len, (const Bytef *)data, (uLong)(end - data)), Z_OK);
    size_t own_len;
    unsigned char *own = yk_icc_srgb(&own_len);
    assert_int_equal(icc_len, own_len);
    assert_memory_equal(icc, own, own_len);
    free(own), free(bytes), free(out);
}

static void test_archive_non_icc_profile_is_system_error(void **state)
{
    fixture *f = *state;
    char *path = yk_xasprintf("%s/not.icc", f->dir);
    FILE *fp = fopen(path, "w");
    assert_non_null(fp);
    fputs("this is not an ICC profile\n", fp);
    fclose(fp);
    char *msg = draw_with_profile(f, path);
    assert_non_null(strstr(msg, "not an ICC profile"));
    free(msg);
    free(path);
}

/* Every stream that asks for FlateDecode is deflated by archive, says so in its dictionary
 * and inflates back to its bytes; one that asks for nothing stays as it is. */
static void test_archive_compress_deflates_flate_streams_only(void **state)
{
    (void)state;
    HPDF_Doc pdf = HPDF_New(NULL, NULL);
    assert_non_null(pdf);
    assert_int_equal(HPDF_SetCompressionMode(pdf, HPDF_COMP_ALL), HPDF_OK);
    HPDF_Page pg = HPDF_AddPage(pdf);
    HPDF_Page_SetLineWidth(pg, 1);
    for (int i = 0; i < 200; i++) { /* a content stream worth compressing */
        HPDF_Page_MoveTo(pg, (HPDF_REAL)i, 10);
        HPDF_Page_LineTo(pg, (HPDF_REAL)i, 20);
    }
    HPDF_Page_Stroke(pg);
    HPDF_Page_BeginText(pg); /* left open: the save closes it, before compression */
    assert_true(yk_archive_compress(pdf));
    char *path = yk_xasprintf("/tmp/yk-test-compress-%ld.pdf", (long)getpid());
    assert_int_equal(HPDF_SaveToFile(pdf, path), HPDF_OK);
    HPDF_Free(pdf);
    size_t len;
    char *bytes = yk_read_file(path, &len);
    remove(path);
    free(path);
    assert_non_null(bytes);
    const char *filter = find(bytes, len, "/Filter /FlateDecode");
    assert_non_null(filter);
    assert_null(find(bytes, len, "/Filter [")); /* libharu's own pass did not run */
    const char *data = find(filter, len - (size_t)(filter - bytes), "stream\r\n");
    size_t skip = 8;
    if (!data)
        data = find(filter, len - (size_t)(filter - bytes), "stream\n"), skip = 7;
    assert_non_null(data);
    data += skip;
    const char *end = find(data, len - (size_t)(data - bytes), "endstream");
    assert_non_null(end);
    unsigned char out[8192];
    uLongf out_len = sizeof out;
    assert_int_equal(uncompress(out, &out_len, (const Bytef *)data, (uLong)(end - data)), Z_OK);
    out[out_len < sizeof out ? out_len : sizeof out - 1] = '\0';
    assert_non_null(strstr((const char *)out, "199 10 m"));
    assert_non_null(strstr((const char *)out, "ET")); /* the open text object was closed */
    free(bytes);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_archive_xmp_escapes_markup_in_title),
        cmocka_unit_test(test_archive_xmp_identifies_pdfa_1b_with_info_values),
        cmocka_unit_test(test_archive_xmp_leaves_out_missing_fields),
        cmocka_unit_test(test_archive_id_same_bytes_same_id),
        cmocka_unit_test(test_archive_id_is_sha256_prefix),
        cmocka_unit_test(test_archive_drawn_id_follows_content_not_clock),
        cmocka_unit_test(test_archive_drawn_id_is_id_of_zeroed_file),
        cmocka_unit_test(test_archive_drawn_pdf_is_marked_pdfa),
        cmocka_unit_test(test_archive_missing_profile_is_system_error_naming_package),
        cmocka_unit_test(test_archive_non_icc_profile_is_system_error),
        cmocka_unit_test(test_archive_no_profile_given_embeds_own_srgb),
        cmocka_unit_test(test_archive_compress_deflates_flate_streams_only),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
