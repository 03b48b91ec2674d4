/* fontfile: a format 4 cmap for a subset whose codes the PDF writer chose. */
#include "fontfile.h"

#include "util.h"

static void put16(unsigned char **p, unsigned v)
{
    (*p)[0] = (unsigned char)(v >> 8), (*p)[1] = (unsigned char)v;
    *p += 2;
}

/* Segments are runs of consecutive codes, each reading its glyphs from glyphIdArray, plus
 * the final 0xFFFF segment the format requires. */
static size_t segments(const yk_font_code *codes, size_t count)
{
    size_t n = 1;
    for (size_t i = 0; i < count; i++)
        if (i == 0 || codes[i].code != codes[i - 1].code + 1)
            n++;
    return n;
}

char *yk_fontfile_cmap(const yk_font_code *codes, size_t count, size_t *len)
{
    size_t segs = segments(codes, count);
    size_t sub_len = 16 + 8 * segs + 2 * count;
    if (sub_len > 0xFFFF)
        return NULL; /* the subtable's length is 16 bits */
    *len = 12 + sub_len;
    unsigned char *out = yk_xcalloc(*len, 1), *p = out;
    put16(&p, 0), put16(&p, 1);               /* version, one subtable */
    put16(&p, 3), put16(&p, 1), put16(&p, 0), put16(&p, 12); /* (3,1) at offset 12 */
    unsigned search = 1, selector = 0;
    while (search * 2 <= segs)
        search *= 2, selector++;
    put16(&p, 4), put16(&p, (unsigned)sub_len), put16(&p, 0);
    put16(&p, (unsigned)(2 * segs)), put16(&p, 2 * search), put16(&p, selector);
    put16(&p, (unsigned)(2 * segs - 2 * search));
    unsigned char *end = p, *start = p + 2 * segs + 2, *delta = start + 2 * segs,
                  *range = delta + 2 * segs, *glyphs = range + 2 * segs;
    size_t seg = 0, glyph_index = 0;
    for (size_t i = 0; i < count; seg++) {
        size_t k = i + 1;
        while (k < count && codes[k].code == codes[k - 1].code + 1)
            k++;
        unsigned char *e = end + 2 * seg, *s = start + 2 * seg, *d = delta + 2 * seg,
                      *r = range + 2 * seg;
        put16(&e, codes[k - 1].code), put16(&s, codes[i].code), put16(&d, 0);
        /* idRangeOffset counts bytes from its own slot to the segment's first glyph */
        put16(&r, (unsigned)((glyphs + 2 * glyph_index) - (range + 2 * seg)));
        for (; i < k; i++, glyph_index++) {
            unsigned char *g = glyphs + 2 * glyph_index;
            put16(&g, codes[i].gid);
        }
    }
    unsigned char *e = end + 2 * seg, *s = start + 2 * seg, *d = delta + 2 * seg;
    put16(&e, 0xFFFF), put16(&s, 0xFFFF), put16(&d, 1); /* maps 0xFFFF to glyph 0 */
    return (char *)out;
}
