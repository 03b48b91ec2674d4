/* icc: the sRGB profile of PDF/A output intents, from the definition (see icc.h). */
#include "icc.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

#define DESCRIPTION "yoshiki sRGB IEC61966-2.1"
#define COPYRIGHT "No copyright, use freely"
#define HEADER_LEN 128
#define TAG_COUNT 9

typedef struct mat3 {
    double m[3][3];
} mat3;

/* IEC 61966-2.1: the primaries' and the white point's chromaticities (x, y). */
static const double primary_xy[3][2] = {{0.64, 0.33}, {0.30, 0.60}, {0.15, 0.06}};
static const double d65_xy[2] = {0.3127, 0.3290};
/* The ICC's connection-space illuminant (D50), exactly as ICC.1 gives it in s15Fixed16. */
static const int32_t pcs_d50[3] = {0xF6D6, 0x10000, 0xD32D};
/* The Bradford cone response matrix, which ICC v2 sRGB profiles adapt D65 to D50 with. */
static const mat3 bradford = {{{0.8951, 0.2664, -0.1614},
                               {-0.7502, 1.7135, 0.0367},
                               {0.0389, -0.0685, 1.0296}}};

double yk_icc_srgb_to_linear(double v)
{
    return v <= 0.04045 ? v / 12.92 : pow((v + 0.055) / 1.055, 2.4);
}

/* ---- 3 × 3 ---- */

static mat3 mul(const mat3 *a, const mat3 *b)
{
    mat3 r;
    for (int i = 0; i < 3; i++)
        for (int j = 0; j < 3; j++)
            r.m[i][j] = a->m[i][0] * b->m[0][j] + a->m[i][1] * b->m[1][j] +
                        a->m[i][2] * b->m[2][j];
    return r;
}

static void apply(const mat3 *a, const double v[3], double out[3])
{
    for (int i = 0; i < 3; i++)
        out[i] = a->m[i][0] * v[0] + a->m[i][1] * v[1] + a->m[i][2] * v[2];
}

static mat3 invert(const mat3 *a)
{
    const double (*m)[3] = a->m;
    double det = m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1]) -
                 m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0]) +
                 m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0]);
    mat3 r;
    for (int i = 0; i < 3; i++)
        for (int j = 0; j < 3; j++) {
            /* the cofactor of m[j][i], by cyclic indices */
            int r1 = (j + 1) % 3, r2 = (j + 2) % 3, c1 = (i + 1) % 3, c2 = (i + 2) % 3;
            r.m[i][j] = (m[r1][c1] * m[r2][c2] - m[r1][c2] * m[r2][c1]) / det;
        }
    return r;
}

static void xy_to_xyz(const double xy[2], double out[3])
{
    out[0] = xy[0] / xy[1];
    out[1] = 1.0;
    out[2] = (1.0 - xy[0] - xy[1]) / xy[1];
}

/* The colorants (columns: red, green, blue) in the D50 connection space: the RGB → XYZ
 * matrix of the primaries scaled so that RGB 1, 1, 1 is D65, then adapted to D50. */
static mat3 colorants(void)
{
    mat3 p, rgb_to_xyz;
    double white[3], d50[3], scale[3];
    for (int c = 0; c < 3; c++) {
        double xyz[3];
        xy_to_xyz(primary_xy[c], xyz);
        for (int i = 0; i < 3; i++)
            p.m[i][c] = xyz[i];
    }
    xy_to_xyz(d65_xy, white);
    mat3 p_inv = invert(&p);
    apply(&p_inv, white, scale);
    for (int i = 0; i < 3; i++)
        for (int c = 0; c < 3; c++)
            rgb_to_xyz.m[i][c] = p.m[i][c] * scale[c];
    for (int i = 0; i < 3; i++)
        d50[i] = pcs_d50[i] / 65536.0;
    double cone_src[3], cone_dst[3];
    apply(&bradford, white, cone_src);
    apply(&bradford, d50, cone_dst);
    mat3 gain = {{{cone_dst[0] / cone_src[0], 0, 0},
                  {0, cone_dst[1] / cone_src[1], 0},
                  {0, 0, cone_dst[2] / cone_src[2]}}};
    mat3 brad_inv = invert(&bradford);
    mat3 t = mul(&gain, &bradford);
    mat3 adapt = mul(&brad_inv, &t);
    return mul(&adapt, &rgb_to_xyz);
}

/* ---- writing ---- */

typedef struct out {
    unsigned char *p;
    size_t n;
} out;

static void put32(out *o, uint32_t v)
{
    o->p[o->n++] = (unsigned char)(v >> 24), o->p[o->n++] = (unsigned char)(v >> 16);
    o->p[o->n++] = (unsigned char)(v >> 8), o->p[o->n++] = (unsigned char)v;
}

static void put16(out *o, unsigned v)
{
    o->p[o->n++] = (unsigned char)(v >> 8), o->p[o->n++] = (unsigned char)v;
}

static void put(out *o, const void *s, size_t len)
{
    memcpy(o->p + o->n, s, len);
    o->n += len;
}

static int32_t s15fixed16(double v)
{
    return (int32_t)lround(v * 65536.0);
}

static void put_xyz(out *o, const double xyz[3])
{
    put(o, "XYZ \0\0\0\0", 8);
    for (int i = 0; i < 3; i++)
        put32(o, (uint32_t)s15fixed16(xyz[i]));
}

/* Starts a tag at o->n (4-byte aligned, as ICC asks), entering it in table slot i. */
static void begin_tag(out *o, size_t i, const char sig[4])
{
    while (o->n % 4)
        o->p[o->n++] = 0;
    memcpy(o->p + HEADER_LEN + 4 + 12 * i, sig, 4);
    out at = {o->p, HEADER_LEN + 4 + 12 * i + 4};
    put32(&at, (uint32_t)o->n);
}

static void end_tag(out *o, size_t i)
{
    size_t at = HEADER_LEN + 4 + 12 * i + 8;
    size_t start = (size_t)o->p[at - 4] << 24 | (size_t)o->p[at - 3] << 16 |
                   (size_t)o->p[at - 2] << 8 | o->p[at - 1];
    out size = {o->p, at};
    put32(&size, (uint32_t)(o->n - start));
}

static void header(out *o)
{
    put32(o, 0);          /* size, set at the end */
    put32(o, 0);          /* preferred CMM: none */
    put32(o, 0x02100000); /* version 2.1 */
    put(o, "mntrRGB XYZ ", 12);
    const unsigned date[6] = {2026, 11, 29, 0, 0, 0}; /* when this profile was defined */
    for (int i = 0; i < 6; i++)
        put16(o, date[i]);
    put(o, "acsp", 4);
    o->n += 24;           /* platform, flags, manufacturer, model, attributes: none */
    put32(o, 0);          /* rendering intent: perceptual */
    for (int i = 0; i < 3; i++)
        put32(o, (uint32_t)pcs_d50[i]);
    o->n = HEADER_LEN;    /* creator and the reserved bytes: zero */
    put32(o, TAG_COUNT);
    o->n += 12 * TAG_COUNT;
}

unsigned char *yk_icc_srgb(size_t *len)
{
    size_t cap = HEADER_LEN + 4 + 12 * TAG_COUNT + 128 + sizeof DESCRIPTION +
                 sizeof COPYRIGHT + 4 * 20 + 12 + 2 * YK_ICC_CURVE_POINTS + 16;
    out o = {yk_xcalloc(1, cap), 0};
    header(&o);

    /* textDescriptionType: ASCII, then an empty Unicode and an empty ScriptCode part */
    begin_tag(&o, 0, "desc");
    put(&o, "desc\0\0\0\0", 8);
    put32(&o, sizeof DESCRIPTION);
    put(&o, DESCRIPTION, sizeof DESCRIPTION);
    o.n += 4 + 4 + 2 + 1 + 67;
    end_tag(&o, 0);

    begin_tag(&o, 1, "cprt");
    put(&o, "text\0\0\0\0", 8);
    put(&o, COPYRIGHT, sizeof COPYRIGHT);
    end_tag(&o, 1);

    double white[3];
    xy_to_xyz(d65_xy, white);
    begin_tag(&o, 2, "wtpt");
    put_xyz(&o, white);
    end_tag(&o, 2);

    mat3 c = colorants();
    const char *sigs[3] = {"rXYZ", "gXYZ", "bXYZ"};
    for (size_t k = 0; k < 3; k++) {
        double xyz[3] = {c.m[0][k], c.m[1][k], c.m[2][k]};
        begin_tag(&o, 3 + k, sigs[k]);
        put_xyz(&o, xyz);
        end_tag(&o, 3 + k);
    }

    /* one curve for the three channels: their tag entries point at the same bytes */
    begin_tag(&o, 6, "rTRC");
    put(&o, "curv\0\0\0\0", 8);
    put32(&o, YK_ICC_CURVE_POINTS);
    for (int i = 0; i < YK_ICC_CURVE_POINTS; i++)
        put16(&o, (unsigned)lround(65535.0 *
                                   yk_icc_srgb_to_linear(i / (YK_ICC_CURVE_POINTS - 1.0))));
    end_tag(&o, 6);
    for (size_t k = 7; k < 9; k++) {
        memcpy(o.p + HEADER_LEN + 4 + 12 * k, k == 7 ? "gTRC" : "bTRC", 4);
        memcpy(o.p + HEADER_LEN + 4 + 12 * k + 4, o.p + HEADER_LEN + 4 + 12 * 6 + 4, 8);
    }

    out size = {o.p, 0};
    put32(&size, (uint32_t)o.n);
    *len = o.n;
    return o.p;
}
