/* icc: yoshiki's own sRGB colour profile, written from the definition of sRGB (IEC 61966-2.1)
 * as the smallest ICC version 2 display profile PDF/A-1's output intent accepts (ICC.1:2001-04
 * §6.3.1.2: description, copyright, media white point, the three colorants and their tone
 * curves). PDF/A-1 asks for an ICC v2 profile of the colour space the page's device colours
 * are in (DeviceRGB, DeviceGray); Debian's icc-profiles-free sRGB.icc is 6,922 bytes, most of
 * it three 1,024-entry tone curves, where this one is 612 (372 deflated).
 *
 * The colorants are the sRGB primaries and D65 white adapted to the ICC's D50 connection
 * space with the Bradford transform, as ICC v2 sRGB profiles conventionally do, and the media
 * white point is D65. The three channels share one tone curve of YK_ICC_CURVE_POINTS samples
 * of the sRGB transfer function, which readers interpolate linearly: the largest error is
 * 1e-4 of full scale in linear light (under 0.11 of an 8-bit step back in sRGB), and every
 * 8-bit sRGB value comes back to itself. Pure: no state, the same bytes every time. */
#ifndef YK_ICC_H
#define YK_ICC_H

#include <stddef.h>

#define YK_ICC_CURVE_POINTS 64

/* The profile's bytes (the caller frees) and their count in *len. */
unsigned char *yk_icc_srgb(size_t *len);

/* The sRGB transfer function (IEC 61966-2.1): an encoded value in [0, 1] to linear light. */
double yk_icc_srgb_to_linear(double v);

#endif
