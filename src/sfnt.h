/* sfnt: the table directory of a TrueType file or of one face of a collection (.ttc), for
 * the modules that read font tables themselves (ttsubset, pdffont). Every offset is checked
 * against the file: a damaged font gives "no such face" or "no such table", never a read out
 * of bounds. Big-endian readers for the tables' fields go with it. */
#ifndef YK_SFNT_H
#define YK_SFNT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct yk_sfnt {
    const unsigned char *p; /* the whole file, not owned */
    size_t len;
    size_t dir; /* the face's table directory */
} yk_sfnt;

/* Face index of p[0..len) (0 for a lone font) with TrueType outlines: false when there is
 * no such face or it is not TrueType. */
bool yk_sfnt_open(const unsigned char *p, size_t len, unsigned index, yk_sfnt *f);

/* The table tag of f and its length, or NULL when it is missing, out of bounds or shorter
 * than min bytes. */
const unsigned char *yk_sfnt_table(const yk_sfnt *f, const char *tag, size_t min, size_t *len);

static inline unsigned yk_be16(const unsigned char *p)
{
    return (unsigned)p[0] << 8 | p[1];
}

static inline uint32_t yk_be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

#endif
