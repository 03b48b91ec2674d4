/* Tests of the manifest: SHA256SUMS order (the book among the wards), JSON text escaping,
 * and atomic writing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "../src/manifest.h"
#include "../src/util.h"

static const char H1[] = "1111111111111111111111111111111111111111111111111111111111111111";
static const char H2[] = "2222222222222222222222222222222222222222222222222222222222222222";
static const char HB[] = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";

static void files(yk_manifest_file f[2])
{
    memset(f, 0, 2 * sizeof *f);
    f[0] = (yk_manifest_file){"2022-271241-tsurumi.pdf", "鶴見区", "271241", "tsurumi", 2022,
                              "draft", 2, 100, H2, "p/t.yaml", H1};
    f[1] = (yk_manifest_file){"2022-271021-miyakojima.pdf", "都島区", "271021", "miyakojima", 2022,
                              "final", 3, 200, H1, "p/\"m\".yaml", H2};
}

static void test_manifest_sums_sorted_with_the_book_in_place(void **state)
{
    yk_manifest_file f[2], book = {.file = "out/book.pdf", .sha256 = HB, .pages = 5};
    files(f);
    yk_manifest m = {.version = "1", .files = f, .file_count = 2};
    char *sums = yk_manifest_sums(&m);
    char *want = yk_xasprintf("%s  2022-271021-miyakojima.pdf\n%s  2022-271241-tsurumi.pdf\n", H1, H2);
    assert_string_equal(sums, want);
    free(sums);
    free(want);
    m.book = &book;
    m.book_in_dir = true;
    sums = yk_manifest_sums(&m);
    want = yk_xasprintf("%s  2022-271021-miyakojima.pdf\n%s  2022-271241-tsurumi.pdf\n%s  book.pdf\n",
                        H1, H2, HB);
    assert_string_equal(sums, want);
    free(sums);
    free(want);
    book.file = "0-first.pdf"; /* sorts before the wards */
    sums = yk_manifest_sums(&m);
    assert_true(strncmp(sums, HB, 64) == 0);
    free(sums);
    m.book_in_dir = false; /* elsewhere: not a line of SHA256SUMS */
    sums = yk_manifest_sums(&m);
    assert_null(strstr(sums, HB));
    free(sums);
}

static void test_manifest_json_is_sorted_and_escaped(void **state)
{
    yk_manifest_file f[2];
    files(f);
    yk_manifest_source src[] = {{"template", "yoshiki1", "yoshiki1.yaml", H1},
                                {"font", "BIZ UDPGothic", "a.ttf", H2}};
    yk_manifest m = {.version = "0.1.0", .epoch = 42, .sources = src, .source_count = 2,
                     .files = f, .file_count = 2};
    char *json = yk_manifest_json(&m);
    const char *miyakojima = strstr(json, "2022-271021-miyakojima.pdf");
    const char *tsurumi = strstr(json, "2022-271241-tsurumi.pdf");
    assert_non_null(miyakojima);
    assert_non_null(tsurumi);
    assert_true(miyakojima < tsurumi);
    assert_non_null(strstr(json, "\"path\": \"p/\\\"m\\\".yaml\""));
    assert_non_null(strstr(json, "\"ward\": {\"name\": \"鶴見区\", \"code\": \"271241\", \"slug\": \"tsurumi\"}"));
    assert_non_null(strstr(json, "\"source_date_epoch\": 42"));
    assert_non_null(strstr(json, "\"templates\": [\n      {\"name\": \"yoshiki1\""));
    assert_non_null(strstr(json, "\"book\": null"));
    free(json);
}

static void test_manifest_write_leaves_only_the_two_files(void **state)
{
    char dir[] = "/tmp/yoshiki-manifest-XXXXXX";
    assert_non_null(mkdtemp(dir));
    yk_manifest_file f[2];
    files(f);
    yk_manifest m = {.version = "1", .files = f, .file_count = 2};
    yk_diag *d = yk_diag_new();
    assert_true(yk_manifest_write(dir, &m, NULL, d));
    char *sums = yk_xasprintf("%s/SHA256SUMS", dir), *json = yk_xasprintf("%s/manifest.json", dir);
    size_t len;
    char *back = yk_read_file(sums, &len);
    char *want = yk_manifest_sums(&m);
    assert_string_equal(back, want);
    free(back);
    free(want);
    unlink(sums);
    unlink(json);
    assert_int_equal(rmdir(dir), 0); /* nothing else was left behind */
    assert_false(yk_manifest_write("/nonexistent/dir", &m, NULL, d));
    assert_true(yk_diag_has_system_error(d));
    free(sums);
    free(json);
    yk_diag_free(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_manifest_sums_sorted_with_the_book_in_place),
        cmocka_unit_test(test_manifest_json_is_sorted_and_escaped),
        cmocka_unit_test(test_manifest_write_leaves_only_the_two_files),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
