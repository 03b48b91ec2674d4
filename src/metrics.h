/* metrics: how layout and linebreak measure text without knowing which font engine serves it.
 * Units are 1/1000 em, truncated as libharu truncates its /W widths, so a line measured here
 * has exactly the width a PDF viewer gives it. A test can supply a fixed-advance fake. */
#ifndef YK_METRICS_H
#define YK_METRICS_H

#include <stdint.h>

typedef struct yk_metrics {
    const void *ctx;
    /* Advance of cp in 1/1000 em, or -1 when the font has no glyph for it. */
    int (*advance)(const void *ctx, uint32_t cp);
    int ascent;  /* 1/1000 em, positive */
    int descent; /* 1/1000 em, negative */
} yk_metrics;

#endif
