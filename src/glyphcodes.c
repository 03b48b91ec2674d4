/* glyphcodes: glyph → code assignment for one embedded font. */
#include "glyphcodes.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

#define SURROGATE_FIRST 0xD800u /* codes a UTF-8 string cannot carry: skipped */
#define SURROGATE_LAST 0xDFFFu
#define CODE_LAST 0xFFFFu
#define BLOCK 100 /* entries per bfchar/bfrange block, the CMap limit */

typedef struct entry {
    uint32_t gid;
    char *text;
    size_t len;
    uint16_t code;
} entry;

struct yk_glyph_codes {
    const yk_font *font;
    entry *entries;   /* in order of first use */
    size_t count, cap;
    size_t *slots;    /* open addressing over entries: index + 1, 0 = empty */
    size_t slot_count;
    yk_font_code *sorted;
    size_t *sorted_entry; /* the entry of each of sorted */
};

yk_glyph_codes *yk_glyph_codes_new(const yk_font *font)
{
    yk_glyph_codes *c = yk_xcalloc(1, sizeof *c);
    c->font = font;
    c->slot_count = 256;
    c->slots = yk_xcalloc(c->slot_count, sizeof *c->slots);
    return c;
}

void yk_glyph_codes_free(yk_glyph_codes *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < c->count; i++)
        free(c->entries[i].text);
    free(c->entries);
    free(c->slots);
    free(c->sorted);
    free(c->sorted_entry);
    free(c);
}

static size_t hash(uint32_t gid, const char *text, size_t len)
{
    size_t h = 2166136261u ^ gid;
    for (size_t i = 0; i < len; i++)
        h = (h ^ (unsigned char)text[i]) * 16777619u;
    return h;
}

/* The slot holding (gid, text), or the empty slot where it would go. */
static size_t *find(const yk_glyph_codes *c, uint32_t gid, const char *text, size_t len)
{
    size_t mask = c->slot_count - 1;
    for (size_t i = hash(gid, text, len) & mask;; i = (i + 1) & mask) {
        size_t *slot = &c->slots[i];
        if (*slot == 0)
            return slot;
        const entry *e = &c->entries[*slot - 1];
        if (e->gid == gid && e->len == len && memcmp(e->text, text, len) == 0)
            return slot;
    }
}

static void grow(yk_glyph_codes *c)
{
    free(c->slots);
    c->slot_count *= 2;
    c->slots = yk_xcalloc(c->slot_count, sizeof *c->slots);
    for (size_t i = 0; i < c->count; i++)
        *find(c, c->entries[i].gid, c->entries[i].text, c->entries[i].len) = i + 1;
}

void yk_glyph_codes_use(yk_glyph_codes *c, uint32_t gid, const char *text, size_t len)
{
    size_t *slot = find(c, gid, text, len);
    if (*slot)
        return;
    c->entries = yk_reserve(c->entries, c->count + 1, &c->cap, sizeof *c->entries);
    char *copy = yk_xmalloc(len + 1);
    memcpy(copy, text, len);
    copy[len] = '\0';
    c->entries[c->count++] = (entry){gid, copy, len, 0};
    *slot = c->count;
    if (c->count * 2 > c->slot_count)
        grow(c);
}

size_t yk_glyph_codes_count(const yk_glyph_codes *c)
{
    return c->count;
}

/* The single character e stands for, or 0 (a sequence, or a character beyond the BMP). */
static uint32_t bmp_char(const entry *e)
{
    uint32_t cp;
    if (e->len == 0 || yk_utf8_decode(e->text, e->len, &cp) != e->len || cp > 0xFFFF)
        return 0;
    return cp;
}

/* Text order: by the characters (bytes of UTF-8 sort as code points), then by glyph. */
static int by_text(const void *a, const void *b)
{
    const entry *x = *(const entry *const *)a, *y = *(const entry *const *)b;
    size_t n = x->len < y->len ? x->len : y->len;
    int c = memcmp(x->text, y->text, n);
    if (c == 0)
        c = (x->len > y->len) - (x->len < y->len);
    return c ? c : (x->gid > y->gid) - (x->gid < y->gid);
}

/* The entries in text order; the caller frees. */
static const entry **text_order(const yk_glyph_codes *c)
{
    const entry **order = yk_xmalloc((c->count ? c->count : 1) * sizeof *order);
    for (size_t i = 0; i < c->count; i++)
        order[i] = &c->entries[i];
    qsort(order, c->count, sizeof *order, by_text);
    return order;
}

/* Codes from first on for the entries without one, in text order; false past 0xFFFF. */
static bool number_rest(yk_glyph_codes *c, const entry **order, uint32_t first)
{
    uint32_t next = first;
    for (size_t i = 0; i < c->count; i++) {
        if (order[i]->code)
            continue;
        if (next >= SURROGATE_FIRST && next <= SURROGATE_LAST)
            next = SURROGATE_LAST + 1;
        if (next > CODE_LAST)
            return false;
        ((entry *)order[i])->code = (uint16_t)next++;
    }
    return true;
}

typedef struct coded {
    yk_font_code fc;
    size_t entry;
} coded;

static int by_coded(const void *a, const void *b)
{
    const coded *x = a, *y = b;
    return (x->fc.code > y->fc.code) - (x->fc.code < y->fc.code);
}

static void sort_codes(yk_glyph_codes *c)
{
    size_t n = c->count ? c->count : 1;
    coded *all = yk_xmalloc(n * sizeof *all);
    for (size_t i = 0; i < c->count; i++)
        all[i] = (coded){{c->entries[i].code, c->entries[i].gid}, i};
    qsort(all, c->count, sizeof *all, by_coded);
    free(c->sorted);
    free(c->sorted_entry);
    c->sorted = yk_xmalloc(n * sizeof *c->sorted);
    c->sorted_entry = yk_xmalloc(n * sizeof *c->sorted_entry);
    for (size_t i = 0; i < c->count; i++)
        c->sorted[i] = all[i].fc, c->sorted_entry[i] = all[i].entry;
    free(all);
}

bool yk_glyph_codes_assign(yk_glyph_codes *c)
{
    return yk_glyph_codes_assign_shared(c, 1, NULL, NULL);
}

bool yk_glyph_codes_assign_shared(yk_glyph_codes *c, uint32_t first, yk_glyph_codes_same_fn *same,
                                  void *ctx)
{
    const entry **order = text_order(c);
    for (size_t i = 0; i < c->count; i++)
        c->entries[i].code = 0;
    bool *taken = same ? yk_xcalloc(first, sizeof *taken) : NULL;
    for (size_t i = 0; same && i < c->count; i++) {
        uint16_t code = same(ctx, order[i]->gid);
        if (code && code < first && !taken[code]) {
            taken[code] = true;
            ((entry *)order[i])->code = code;
        }
    }
    free(taken);
    bool ok = number_rest(c, order, first);
    free(order);
    sort_codes(c);
    return ok;
}

const char *yk_glyph_codes_text(const yk_glyph_codes *c, uint16_t code, size_t *len)
{
    size_t lo = 0, hi = c->sorted ? c->count : 0;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (c->sorted[mid].code < code)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo == (c->sorted ? c->count : 0) || c->sorted[lo].code != code)
        return NULL;
    const entry *e = &c->entries[c->sorted_entry[lo]];
    *len = e->len;
    return e->text;
}

void yk_glyph_codes_recode(yk_glyph_codes *c, const uint16_t *map, size_t map_len)
{
    for (size_t i = 0; i < c->count; i++)
        if (c->entries[i].code < map_len)
            c->entries[i].code = map[c->entries[i].code];
    sort_codes(c);
}

uint16_t yk_glyph_codes_get(const yk_glyph_codes *c, uint32_t gid, const char *text, size_t len)
{
    size_t slot = *find(c, gid, text, len);
    return slot ? c->entries[slot - 1].code : 0;
}

const yk_font_code *yk_glyph_codes_list(const yk_glyph_codes *c, size_t *count)
{
    *count = c->sorted ? c->count : 0;
    return c->sorted;
}

/* ---- ToUnicode ---- */


/* UTF-16BE in hex: a surrogate pair beyond the BMP. */
static void add_utf16(yk_buf *b, const char *text, size_t len)
{
    yk_buf_addc(b, '<');
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        i += yk_utf8_decode(text + i, len - i, &cp);
        if (cp > 0xFFFF)
            yk_buf_addf(b, "%04X%04X", 0xD800u + ((cp - 0x10000u) >> 10),
                        0xDC00u + ((cp - 0x10000u) & 0x3FFu));
        else
            yk_buf_addf(b, "%04X", (unsigned)cp);
    }
    yk_buf_addc(b, '>');
}

typedef struct block {
    yk_buf entries;
    size_t n;
    const char *kind;
} block;

static void block_flush(yk_buf *out, block *bl)
{
    if (bl->n)
        yk_buf_addf(out, "%zu begin%s\n%send%s\n", bl->n, bl->kind, bl->entries.data, bl->kind);
    yk_buf_free(&bl->entries);
    bl->entries = (yk_buf){0};
    bl->n = 0;
}

static void block_add(yk_buf *out, block *bl)
{
    if (++bl->n == BLOCK)
        block_flush(out, bl);
}

char *yk_glyph_codes_tounicode(const yk_glyph_codes *c)
{
    yk_buf b = {0};
    yk_buf_adds(&b, "/CIDInit /ProcSet findresource begin\n"
                    "12 dict begin\n"
                    "begincmap\n"
                    "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
                    "/CMapName /Adobe-Identity-UCS def\n"
                    "/CMapType 2 def\n"
                    "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
    /* codes are dense: 1…count, past the surrogates only beyond 55,295 glyphs */
    uint32_t top = 0;
    for (size_t i = 0; i < c->count; i++)
        top = c->entries[i].code > top ? c->entries[i].code : top;
    const entry **by = yk_xcalloc((size_t)top + 1, sizeof *by);
    for (size_t i = 0; i < c->count; i++)
        by[c->entries[i].code] = &c->entries[i];
    block chars = {.kind = "bfchar"}, ranges = {.kind = "bfrange"};
    size_t n = c->sorted ? c->count : 0;
    for (size_t i = 0; i < n;) {
        const entry *e = by[c->sorted[i].code];
        uint32_t first = bmp_char(e);
        size_t k = i + 1;
        /* consecutive codes for consecutive characters, within one block of 256 on both
         * sides (a bfrange varies the last byte of each) */
        while (first && k < n && c->sorted[k].code == c->sorted[k - 1].code + 1 &&
               (c->sorted[k].code >> 8) == (c->sorted[i].code >> 8) &&
               bmp_char(by[c->sorted[k].code]) == first + (k - i) &&
               ((first + (k - i)) >> 8) == (first >> 8))
            k++;
        if (k - i > 1) {
            yk_buf_addf(&ranges.entries, "<%04X> <%04X> <%04X>\n", c->sorted[i].code,
                        c->sorted[k - 1].code, (unsigned)first);
            block_add(&b, &ranges);
        } else if (e->len) {
            yk_buf_addf(&chars.entries, "<%04X> ", c->sorted[i].code);
            add_utf16(&chars.entries, e->text, e->len);
            yk_buf_addc(&chars.entries, '\n');
            block_add(&b, &chars);
        }
        i = k;
    }
    block_flush(&b, &chars);
    block_flush(&b, &ranges);
    free(by);
    yk_buf_adds(&b, "endcmap\n"
                    "CMapName currentdict /CMap defineresource pop\n"
                    "end\n"
                    "end\n");
    return yk_buf_take(&b);
}
