/* Tests of SHA-256 against the FIPS 180-4 / NIST example vectors and sha256sum. */
#include <setjmp.h>
#include <stdbool.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../src/sha256.h"

static void assert_hex(const char *text, const char *expected)
{
    char hex[YK_SHA256_HEX_LEN + 1];
    yk_sha256_hex(text, strlen(text), hex);
    assert_string_equal(hex, expected);
}

static void test_sha256_known_vectors(void **state)
{
    assert_hex("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    assert_hex("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    assert_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
               "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    assert_hex("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopq"
               "klmnopqrlmnopqrsmnopqrstnopqrstu",
               "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1");
}

/* One million 'a' fed in uneven pieces crosses every block boundary case. */
static void test_sha256_million_a_in_pieces(void **state)
{
    static char chunk[997];
    memset(chunk, 'a', sizeof chunk);
    yk_sha256 h;
    yk_sha256_init(&h);
    size_t left = 1000000;
    for (size_t step = 1; left > 0; step = step % 990 + 7) {
        size_t n = step < left ? step : left;
        yk_sha256_update(&h, chunk, n);
        left -= n;
    }
    unsigned char digest[YK_SHA256_LEN];
    yk_sha256_final(&h, digest);
    char hex[65];
    for (int i = 0; i < 32; i++)
        snprintf(hex + 2 * i, 3, "%02x", digest[i]);
    assert_string_equal(hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

/* Lengths around the padding edge (55, 56, 63, 64 bytes) agree with the values sha256sum gives. */
static void test_sha256_padding_edges(void **state)
{
    assert_hex("0123456789012345678901234567890123456789012345678901234",
               "f34d5a0f80c0cbf84c8c0b90218c22637abd199965249da736a20143c8c9c9d9");
    assert_hex("01234567890123456789012345678901234567890123456789012345",
               "83aa034bda83e458a0dc9cbce0d4e354716aa0ff770ed37ac0ed2b292052e4af");
    assert_hex("0123456789012345678901234567890123456789012345678901234567890123",
               "9674d9e078535b7cec43284387a6ee39956188e735a85452b0050b55341cda56");
}

/* The digest of data with the CPU's SHA instructions when init chose them, or with the
 * portable C when portable, fed in pieces of step bytes (0: at once). */
static void digest_of(const unsigned char *data, size_t len, bool portable, size_t step,
                      unsigned char out[YK_SHA256_LEN])
{
    yk_sha256 h;
    yk_sha256_init(&h);
    if (portable)
        h.accelerated = false;
    for (size_t at = 0; at < len;) {
        size_t n = step && step < len - at ? step : len - at;
        yk_sha256_update(&h, data + at, n);
        at += n;
    }
    yk_sha256_final(&h, out);
}

static void hex_of(const unsigned char digest[YK_SHA256_LEN], char hex[YK_SHA256_HEX_LEN + 1])
{
    for (int i = 0; i < YK_SHA256_LEN; i++)
        snprintf(hex + 2 * i, 3, "%02x", digest[i]);
}

/* The portable C on its own, whatever the CPU offers: the NIST vectors again. */
static void test_sha256_portable_known_vectors(void **state)
{
    static const struct {
        const char *text, *hex;
    } v[] = {
        {"", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
        {"abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
        {"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
         "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"},
        {"abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopq"
         "klmnopqrlmnopqrsmnopqrstnopqrstu",
         "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"},
    };
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
        unsigned char d[YK_SHA256_LEN];
        char hex[YK_SHA256_HEX_LEN + 1];
        digest_of((const unsigned char *)v[i].text, strlen(v[i].text), true, 0, d);
        hex_of(d, hex);
        assert_string_equal(hex, v[i].hex);
    }
    static unsigned char a[1000000];
    memset(a, 'a', sizeof a);
    unsigned char d[YK_SHA256_LEN];
    char hex[YK_SHA256_HEX_LEN + 1];
    digest_of(a, sizeof a, true, 4099, d);
    hex_of(d, hex);
    assert_string_equal(hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

/* Where the CPU has SHA instructions (x86-64 SHA-NI), they and the portable C agree on every
 * length from 0 to 200 (each padding case, one to four blocks) and on a buffer of many
 * blocks fed whole and in uneven pieces. Elsewhere both runs are the portable C. */
static void test_sha256_paths_agree(void **state)
{
    enum { BIG = 100003 };
    unsigned char *buf = malloc(BIG);
    assert_non_null(buf);
    uint32_t x = 2463534242u; /* xorshift: bytes of every value, no block repeating */
    for (size_t i = 0; i < BIG; i++) {
        x ^= x << 13, x ^= x >> 17, x ^= x << 5;
        buf[i] = (unsigned char)(x >> 24);
    }
    yk_sha256 probe;
    yk_sha256_init(&probe);
    if (!probe.accelerated)
        print_message("(no SHA instructions here: the portable C is compared with itself)\n");
    unsigned char fast[YK_SHA256_LEN], portable[YK_SHA256_LEN];
    for (size_t len = 0; len <= 200; len++) {
        digest_of(buf, len, false, 0, fast);
        digest_of(buf, len, true, 0, portable);
        assert_memory_equal(fast, portable, YK_SHA256_LEN);
        digest_of(buf + 1, len, false, 7, fast); /* unaligned, in pieces */
        digest_of(buf + 1, len, true, 0, portable);
        assert_memory_equal(fast, portable, YK_SHA256_LEN);
    }
    digest_of(buf, BIG, false, 0, fast);
    digest_of(buf, BIG, true, 0, portable);
    assert_memory_equal(fast, portable, YK_SHA256_LEN);
    digest_of(buf, BIG, false, 1000, portable);
    assert_memory_equal(fast, portable, YK_SHA256_LEN);
    free(buf);
}

static void test_sha256_file_and_size(void **state)
{
    char path[] = "/tmp/yoshiki-sha256-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "wb");
    fputs("abc", f);
    fclose(f);
    char hex[65];
    long long size = -1;
    yk_diag *d = yk_diag_new();
    assert_true(yk_sha256_file(path, hex, &size, d));
    assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    assert_int_equal(size, 3);
    remove(path);
    assert_false(yk_sha256_file(path, hex, NULL, d));
    assert_true(yk_diag_has_system_error(d));
    yk_diag_free(d);
}

/* A font's digest covers its table directory only (header and 16 bytes a table); anything
 * else is hashed whole, as yk_sha256_file does. */
static void test_sha256_font_directory(void **state)
{
    (void)state;
    yk_diag *d = yk_diag_new();
    const char *fonts[] = {"fonts/BIZUDPGothic-Regular.ttf", "fonts/BIZUDGothic-Regular.ttf"};
    char got[2][YK_SHA256_HEX_LEN + 1];
    for (int i = 0; i < 2; i++) {
        FILE *f = fopen(fonts[i], "rb");
        assert_non_null(f);
        unsigned char dir[12 + 16 * 64];
        assert_int_equal(fread(dir, 1, 12, f), 12);
        size_t tables = (size_t)(dir[4] << 8 | dir[5]);
        assert_true(tables <= 64);
        assert_int_equal(fread(dir + 12, 1, 16 * tables, f), 16 * tables);
        fclose(f);
        char want[YK_SHA256_HEX_LEN + 1];
        yk_sha256_hex(dir, 12 + 16 * tables, want);
        assert_true(yk_sha256_font_directory(fonts[i], got[i], d));
        assert_string_equal(got[i], want);
    }
    assert_string_not_equal(got[0], got[1]);
    char whole[YK_SHA256_HEX_LEN + 1], dir_hex[YK_SHA256_HEX_LEN + 1];
    assert_true(yk_sha256_file("forms/yoshiki1.yaml", whole, NULL, d));
    assert_true(yk_sha256_font_directory("forms/yoshiki1.yaml", dir_hex, d));
    assert_string_equal(dir_hex, whole);
    assert_false(yk_sha256_font_directory("no/such/font.ttf", dir_hex, d));
    yk_diag_free(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sha256_known_vectors),
        cmocka_unit_test(test_sha256_million_a_in_pieces),
        cmocka_unit_test(test_sha256_padding_edges),
        cmocka_unit_test(test_sha256_portable_known_vectors),
        cmocka_unit_test(test_sha256_paths_agree),
        cmocka_unit_test(test_sha256_file_and_size),
        cmocka_unit_test(test_sha256_font_directory),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
