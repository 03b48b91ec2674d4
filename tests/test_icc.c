/* Unit tests for icc: yoshiki's sRGB profile is a well-formed ICC v2 display profile with
 * every tag a v2 matrix/TRC profile needs, colorants that are sRGB's adapted to D50, and a
 * tone curve close to the sRGB transfer function. (That PDFBox Preflight accepts PDFs that
 * carry it is checked by tests/e2e.sh, whose renders use it.) */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../src/icc.h"

static uint32_t be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static double s15(const unsigned char *p)
{
    return (int32_t)be32(p) / 65536.0;
}

/* The tag's data (and its size) by signature, or NULL. */
static const unsigned char *tag(const unsigned char *icc, const char *sig, uint32_t *size)
{
    uint32_t count = be32(icc + 128);
    for (uint32_t i = 0; i < count; i++) {
        const unsigned char *e = icc + 132 + 12 * i;
        if (memcmp(e, sig, 4) == 0) {
            *size = be32(e + 8);
            return icc + be32(e + 4);
        }
    }
    return NULL;
}

static void test_icc_header_is_v2_rgb_display_profile(void **state)
{
    (void)state;
    size_t len;
    unsigned char *icc = yk_icc_srgb(&len);
    assert_int_equal(be32(icc), len); /* the size field is the profile's length */
    assert_true(len < 700);
    assert_int_equal(icc[8], 2);      /* version 2.x, which PDF/A-1 requires */
    assert_memory_equal(icc + 12, "mntrRGB XYZ ", 12);
    assert_memory_equal(icc + 36, "acsp", 4);
    /* the PCS illuminant, exactly D50 as ICC.1 writes it */
    assert_int_equal(be32(icc + 68), 0xF6D6);
    assert_int_equal(be32(icc + 72), 0x10000);
    assert_int_equal(be32(icc + 76), 0xD32D);
    /* v2 has no profile ID (v4's MD5 checksum at 84): bytes 84–127 are reserved, zero */
    for (size_t i = 84; i < 128; i++)
        assert_int_equal(icc[i], 0);
    size_t len2;
    unsigned char *again = yk_icc_srgb(&len2);
    assert_int_equal(len2, len);
    assert_memory_equal(again, icc, len); /* the same bytes every time */
    free(again);
    free(icc);
}

/* Every tag a v2 matrix/TRC display profile must carry, of its type, inside the profile,
 * 4-byte aligned, after the tag table; the three tone curves share their bytes. */
static void test_icc_tag_table_has_every_required_tag(void **state)
{
    (void)state;
    size_t len;
    unsigned char *icc = yk_icc_srgb(&len);
    uint32_t count = be32(icc + 128);
    assert_int_equal(count, 9);
    const char *sigs[] = {"desc", "cprt", "wtpt", "rXYZ", "gXYZ", "bXYZ", "rTRC", "gTRC", "bTRC"};
    const char *types[] = {"desc", "text", "XYZ ", "XYZ ", "XYZ ", "XYZ ", "curv", "curv", "curv"};
    for (size_t i = 0; i < 9; i++) {
        uint32_t size = 0;
        const unsigned char *t = tag(icc, sigs[i], &size);
        assert_non_null(t);
        size_t off = (size_t)(t - icc);
        assert_true(off >= 132 + 12 * count);
        assert_int_equal(off % 4, 0);
        assert_true(off + size <= len);
        assert_memory_equal(t, types[i], 4);
        assert_int_equal(be32(t + 4), 0); /* reserved */
    }
    uint32_t rs, gs, bs;
    const unsigned char *r = tag(icc, "rTRC", &rs), *g = tag(icc, "gTRC", &gs),
                        *b = tag(icc, "bTRC", &bs);
    assert_ptr_equal(r, g);
    assert_ptr_equal(r, b);
    assert_int_equal(rs, 12 + 2 * YK_ICC_CURVE_POINTS);
    /* textDescriptionType: an ASCII count that covers its NUL-terminated text, then the
     * Unicode and ScriptCode parts (4 + 4 + 2 + 1 + 67 bytes) */
    uint32_t ds;
    const unsigned char *desc = tag(icc, "desc", &ds);
    uint32_t ascii = be32(desc + 8);
    assert_true(ascii > 1);
    assert_int_equal(desc[12 + ascii - 1], '\0');
    assert_int_equal(strlen((const char *)desc + 12), ascii - 1);
    assert_non_null(strstr((const char *)desc + 12, "sRGB"));
    assert_int_equal(ds, 12 + ascii + 78);
    uint32_t cs;
    const unsigned char *cprt = tag(icc, "cprt", &cs);
    assert_int_equal(cprt[cs - 1], '\0');
    free(icc);
}

/* The colorants add up to the connection space's white (D50), as a white RGB 1, 1, 1 must,
 * each close to the sRGB colorants ICC v2 profiles publish; the media white is D65. */
static void test_icc_colorants_are_srgb_adapted_to_d50(void **state)
{
    (void)state;
    size_t len;
    unsigned char *icc = yk_icc_srgb(&len);
    const double want[3][3] = {{0.4361, 0.2225, 0.0139},
                               {0.3851, 0.7169, 0.0971},
                               {0.1431, 0.0606, 0.7141}};
    const char *sigs[] = {"rXYZ", "gXYZ", "bXYZ"};
    double sum[3] = {0, 0, 0};
    for (int c = 0; c < 3; c++) {
        uint32_t size;
        const unsigned char *t = tag(icc, sigs[c], &size);
        for (int i = 0; i < 3; i++) {
            double v = s15(t + 8 + 4 * i);
            assert_true(fabs(v - want[c][i]) < 0.0002);
            sum[i] += v;
        }
    }
    assert_true(fabs(sum[0] - 0xF6D6 / 65536.0) < 2.0 / 65536);
    assert_true(fabs(sum[1] - 1.0) < 2.0 / 65536);
    assert_true(fabs(sum[2] - 0xD32D / 65536.0) < 2.0 / 65536);
    uint32_t size;
    const unsigned char *w = tag(icc, "wtpt", &size);
    assert_true(fabs(s15(w + 8) - 0.9505) < 0.0001);
    assert_true(fabs(s15(w + 12) - 1.0) < 0.0001);
    assert_true(fabs(s15(w + 16) - 1.0891) < 0.0001);
    free(icc);
}

static double encode(double linear) /* the inverse of the sRGB transfer function */
{
    return linear <= 0.0031308 ? 12.92 * linear : 1.055 * pow(linear, 1 / 2.4) - 0.055;
}

/* Read as a reader does (linear interpolation between the curve's points), every 8-bit sRGB
 * value gives its linear light within 1e-4 and comes back to itself. */
static void test_icc_curve_follows_the_srgb_transfer_function(void **state)
{
    (void)state;
    size_t len;
    unsigned char *icc = yk_icc_srgb(&len);
    uint32_t size;
    const unsigned char *t = tag(icc, "rTRC", &size);
    uint32_t n = be32(t + 8);
    assert_int_equal(n, YK_ICC_CURVE_POINTS);
    const unsigned char *pts = t + 12;
    assert_int_equal(pts[0] << 8 | pts[1], 0);
    assert_int_equal(pts[2 * (n - 1)] << 8 | pts[2 * (n - 1) + 1], 65535);
    for (uint32_t i = 1; i < n; i++) /* monotonic */
        assert_true((pts[2 * i] << 8 | pts[2 * i + 1]) > (pts[2 * i - 2] << 8 | pts[2 * i - 1]));
    for (int c = 0; c <= 255; c++) {
        double x = c / 255.0 * (n - 1);
        uint32_t i = x >= n - 1 ? n - 2 : (uint32_t)x;
        double f = x - i;
        double a = pts[2 * i] << 8 | pts[2 * i + 1], b = pts[2 * i + 2] << 8 | pts[2 * i + 3];
        double linear = (a + (b - a) * f) / 65535.0;
        assert_true(fabs(linear - yk_icc_srgb_to_linear(c / 255.0)) < 1e-4);
        assert_int_equal((int)lround(encode(linear) * 255.0), c);
    }
    free(icc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_icc_header_is_v2_rgb_display_profile),
        cmocka_unit_test(test_icc_tag_table_has_every_required_tag),
        cmocka_unit_test(test_icc_colorants_are_srgb_adapted_to_d50),
        cmocka_unit_test(test_icc_curve_follows_the_srgb_transfer_function),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
