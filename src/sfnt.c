/* sfnt: a face's table directory and its tables (see sfnt.h). */
#include "sfnt.h"

#include <string.h>

bool yk_sfnt_open(const unsigned char *p, size_t len, unsigned index, yk_sfnt *f)
{
    *f = (yk_sfnt){p, len, 0};
    if (len < 12)
        return false;
    if (memcmp(p, "ttcf", 4) == 0) {
        if (index >= yk_be32(p + 8) || 12 + 4 * (size_t)index + 4 > len)
            return false;
        f->dir = yk_be32(p + 12 + 4 * (size_t)index);
        if (f->dir > len - 12)
            return false;
    } else if (index != 0) {
        return false; /* a lone font has face 0 only */
    }
    return yk_be32(p + f->dir) == 0x00010000u || memcmp(p + f->dir, "true", 4) == 0;
}

const unsigned char *yk_sfnt_table(const yk_sfnt *f, const char *tag, size_t min, size_t *len)
{
    unsigned n = yk_be16(f->p + f->dir + 4);
    for (unsigned i = 0; i < n && f->dir + 12 + 16 * (size_t)i + 16 <= f->len; i++) {
        const unsigned char *rec = f->p + f->dir + 12 + 16 * (size_t)i;
        if (memcmp(rec, tag, 4) != 0)
            continue;
        size_t off = yk_be32(rec + 8), tlen = yk_be32(rec + 12);
        if (off > f->len || tlen > f->len - off || tlen < min)
            return NULL;
        *len = tlen;
        return f->p + off;
    }
    return NULL;
}
