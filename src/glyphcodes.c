/* glyphcodes: glyph → code assignment for one embedded font. */
#include "glyphcodes.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

#define PUA_FIRST 0xE000u
#define PUA_LAST 0xF8FFu
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

/* The character whose own glyph e is, usable as its code; 0 when there is none. */
static uint32_t own_code(const yk_glyph_codes *c, const entry *e)
{
    uint32_t cp;
    if (e->len == 0 || yk_utf8_decode(e->text, e->len, &cp) != e->len)
        return 0;
    if (cp < 0x20 || cp == 0x7F || cp > 0xFFFD || (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return yk_font_glyph(c->font, cp, 0) == e->gid ? cp : 0;
}

static int by_code(const void *a, const void *b)
{
    const yk_font_code *x = a, *y = b;
    return (x->code > y->code) - (x->code < y->code);
}

bool yk_glyph_codes_assign(yk_glyph_codes *c)
{
    unsigned char *taken = yk_xcalloc(0x10000, 1);
    for (size_t i = 0; i < c->count; i++) {
        uint32_t own = own_code(c, &c->entries[i]);
        c->entries[i].code = (uint16_t)own;
        if (own)
            taken[own] = 1;
    }
    uint32_t next = PUA_FIRST;
    bool ok = true;
    for (size_t i = 0; i < c->count && ok; i++) {
        if (c->entries[i].code)
            continue;
        while (next <= PUA_LAST && taken[next])
            next++;
        ok = next <= PUA_LAST;
        if (ok) {
            c->entries[i].code = (uint16_t)next;
            taken[next] = 1;
        }
    }
    free(taken);
    free(c->sorted);
    c->sorted = yk_xmalloc((c->count ? c->count : 1) * sizeof *c->sorted);
    for (size_t i = 0; i < c->count; i++)
        c->sorted[i] = (yk_font_code){c->entries[i].code, c->entries[i].gid};
    qsort(c->sorted, c->count, sizeof *c->sorted, by_code);
    return ok;
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

static bool is_own(const entry *e)
{
    uint32_t cp;
    return e->len && yk_utf8_decode(e->text, e->len, &cp) == e->len && cp == e->code;
}

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
    const entry **by = yk_xcalloc(0x10000, sizeof *by);
    for (size_t i = 0; i < c->count; i++)
        by[c->entries[i].code] = &c->entries[i];
    block chars = {.kind = "bfchar"}, ranges = {.kind = "bfrange"};
    size_t n = c->sorted ? c->count : 0;
    for (size_t i = 0; i < n;) {
        const entry *e = by[c->sorted[i].code];
        size_t k = i + 1;
        /* a run of own codes within one block of 256 (a bfrange varies its last byte) */
        while (is_own(e) && k < n && c->sorted[k].code == c->sorted[k - 1].code + 1 &&
               (c->sorted[k].code >> 8) == (c->sorted[i].code >> 8) && is_own(by[c->sorted[k].code]))
            k++;
        if (k - i > 1) {
            yk_buf_addf(&ranges.entries, "<%04X> <%04X> <%04X>\n", c->sorted[i].code,
                        c->sorted[k - 1].code, c->sorted[i].code);
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
