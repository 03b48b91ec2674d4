/* util: memory, UTF-8 and buffers. */
#include "util.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static void out_of_memory(void)
{
    fputs("yoshiki: out of memory\n", stderr);
    abort();
}

void *yk_xmalloc(size_t size)
{
    void *p = malloc(size ? size : 1);
    if (!p)
        out_of_memory();
    return p;
}

void *yk_xcalloc(size_t count, size_t size)
{
    void *p = calloc(count ? count : 1, size ? size : 1);
    if (!p)
        out_of_memory();
    return p;
}

void *yk_xrealloc(void *ptr, size_t size)
{
    void *p = realloc(ptr, size ? size : 1);
    if (!p)
        out_of_memory();
    return p;
}

void *yk_reserve(void *array, size_t need, size_t *cap, size_t size)
{
    if (need <= *cap)
        return array;
    size_t n = *cap ? *cap : 8;
    while (n < need) {
        if (n > SIZE_MAX / 2)
            out_of_memory();
        n *= 2;
    }
    if (size && n > SIZE_MAX / size)
        out_of_memory();
    *cap = n;
    return yk_xrealloc(array, n * size);
}

char *yk_xstrndup(const char *s, size_t len)
{
    char *p = yk_xmalloc(len + 1);
    memcpy(p, s, len);
    p[len] = '\0';
    return p;
}

char *yk_xstrdup(const char *s)
{
    return yk_xstrndup(s, strlen(s));
}

/* Formats into a small stack buffer first: most messages fit, and measuring with a NULL
 * buffer trips GCC's format-truncation check under the sanitizers. */
char *yk_vasprintf(const char *fmt, va_list ap)
{
    char small[256];
    va_list copy;
    va_copy(copy, ap);
    int n = vsnprintf(small, sizeof small, fmt, copy);
    va_end(copy);
    if (n < 0)
        return yk_xstrdup("");
    if ((size_t)n < sizeof small)
        return yk_xstrndup(small, (size_t)n);
    char *out = yk_xmalloc((size_t)n + 1);
    vsnprintf(out, (size_t)n + 1, fmt, ap);
    return out;
}

char *yk_xasprintf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *s = yk_vasprintf(fmt, ap);
    va_end(ap);
    return s;
}

size_t yk_utf8_decode(const char *s, size_t len, uint32_t *cp)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t need;
    uint32_t c, min;
    if (u[0] < 0x80) {
        *cp = u[0];
        return 1;
    }
    /* three bytes, well formed: kana and kanji, most of what is decoded; the rest below */
    if ((u[0] & 0xF0) == 0xE0 && len >= 3 && (u[1] & 0xC0) == 0x80 && (u[2] & 0xC0) == 0x80) {
        c = (uint32_t)(u[0] & 0x0F) << 12 | (uint32_t)(u[1] & 0x3F) << 6 | (uint32_t)(u[2] & 0x3F);
        if (c >= 0x800 && (c < 0xD800 || c > 0xDFFF)) {
            *cp = c;
            return 3;
        }
    }
    if ((u[0] & 0xE0) == 0xC0) {
        need = 2, c = u[0] & 0x1F, min = 0x80;
    } else if ((u[0] & 0xF0) == 0xE0) {
        need = 3, c = u[0] & 0x0F, min = 0x800;
    } else if ((u[0] & 0xF8) == 0xF0) {
        need = 4, c = u[0] & 0x07, min = 0x10000;
    } else {
        *cp = 0xFFFD;
        return 1;
    }
    if (len < need) {
        *cp = 0xFFFD;
        return 1;
    }
    for (size_t i = 1; i < need; i++) {
        if ((u[i] & 0xC0) != 0x80) {
            *cp = 0xFFFD;
            return 1;
        }
        c = (c << 6) | (u[i] & 0x3F);
    }
    /* overlong forms, surrogates and values past Unicode are not UTF-8 */
    if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) {
        *cp = 0xFFFD;
        return 1;
    }
    *cp = c;
    return need;
}

size_t yk_utf8_encode(uint32_t cp, char out[4])
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

bool yk_utf8_valid(const char *s, size_t len, size_t *bad_offset)
{
    size_t i = 0;
    while (i < len) {
        uint32_t cp;
        size_t n = yk_utf8_decode(s + i, len - i, &cp);
        /* a real U+FFFD is 3 bytes; a one-byte U+FFFD is a decoding failure */
        if (cp == 0xFFFD && n == 1) {
            if (bad_offset)
                *bad_offset = i;
            return false;
        }
        i += n;
    }
    return true;
}

size_t yk_utf8_count(const char *s, size_t len)
{
    size_t count = 0;
    for (size_t i = 0; i < len; count++) {
        uint32_t cp;
        i += yk_utf8_decode(s + i, len - i, &cp);
    }
    return count;
}

static void buf_reserve(yk_buf *b, size_t extra)
{
    b->data = yk_reserve(b->data, b->len + extra + 1, &b->cap, 1);
}

void yk_buf_add(yk_buf *b, const char *s, size_t len)
{
    buf_reserve(b, len);
    memcpy(b->data + b->len, s, len);
    b->len += len;
    b->data[b->len] = '\0';
}

void yk_buf_adds(yk_buf *b, const char *s)
{
    yk_buf_add(b, s, strlen(s));
}

void yk_buf_addc(yk_buf *b, char c)
{
    yk_buf_add(b, &c, 1);
}

void yk_buf_add_cp(yk_buf *b, uint32_t cp)
{
    char tmp[4];
    yk_buf_add(b, tmp, yk_utf8_encode(cp, tmp));
}

void yk_buf_addf(yk_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *s = yk_vasprintf(fmt, ap);
    va_end(ap);
    yk_buf_adds(b, s);
    free(s);
}

char *yk_buf_take(yk_buf *b)
{
    char *s = b->data ? b->data : yk_xstrdup("");
    b->data = NULL;
    b->len = b->cap = 0;
    return s;
}

void yk_buf_free(yk_buf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}

char *yk_read_file_max(const char *path, size_t max, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    struct stat st;
    /* a regular file too large is refused before a byte is read */
    if (fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode) && (unsigned long long)st.st_size > max) {
        fclose(f);
        *len = (size_t)st.st_size;
        errno = EFBIG;
        return NULL;
    }
    yk_buf b = {0};
    char chunk[65536];
    size_t n;
    while (b.len <= max && (n = fread(chunk, 1, sizeof chunk, f)) > 0)
        yk_buf_add(&b, chunk, n);
    int failed = ferror(f);
    int saved = errno;
    fclose(f);
    if (failed || b.len > max) {
        *len = b.len > max ? max + 1 : 0;
        yk_buf_free(&b);
        errno = failed ? saved : EFBIG;
        return NULL;
    }
    *len = b.len;
    return yk_buf_take(&b);
}

char *yk_read_file(const char *path, size_t *len)
{
    return yk_read_file_max(path, SIZE_MAX - 1, len);
}

char *yk_strerror(int err, char *buf, size_t len)
{
    if (strerror_r(err, buf, len) != 0)
        snprintf(buf, len, "error %d", err);
    return buf;
}

char *yk_size_text(unsigned long long bytes, char *buf, size_t len)
{
    if (bytes >= 1024ull * 1024)
        snprintf(buf, len, "%.1f MiB", (double)bytes / (1024.0 * 1024.0));
    else if (bytes >= 1024)
        snprintf(buf, len, "%.1f KiB", (double)bytes / 1024.0);
    else
        snprintf(buf, len, "%llu bytes", bytes);
    return buf;
}

/* Edit distance with adjacent transpositions counted once ("titel" is one slip from "title"). */
static size_t edit_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    size_t *d = yk_xcalloc((la + 1) * (lb + 1), sizeof *d);
#define D(i, j) d[(i) * (lb + 1) + (j)]
    for (size_t i = 0; i <= la; i++)
        D(i, 0) = i;
    for (size_t j = 0; j <= lb; j++)
        D(0, j) = j;
    for (size_t i = 1; i <= la; i++) {
        for (size_t j = 1; j <= lb; j++) {
            size_t best = D(i - 1, j - 1) + (a[i - 1] != b[j - 1]);
            if (D(i - 1, j) + 1 < best)
                best = D(i - 1, j) + 1;
            if (D(i, j - 1) + 1 < best)
                best = D(i, j - 1) + 1;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
                D(i - 2, j - 2) + 1 < best)
                best = D(i - 2, j - 2) + 1;
            D(i, j) = best;
        }
    }
    size_t result = D(la, lb);
#undef D
    free(d);
    return result;
}

const char *yk_suggest(const char *word, const char *const *candidates, size_t count)
{
    if (strlen(word) > 64)
        return NULL; /* not a typo, and the distance table would be large */
    const char *best = NULL;
    size_t best_d = (size_t)-1;
    for (size_t i = 0; i < count; i++) {
        size_t d = edit_distance(word, candidates[i]);
        if (d < best_d) {
            best_d = d;
            best = candidates[i];
        }
    }
    /* a hint is only useful when it is a plausible slip of the keyboard */
    size_t limit = strlen(word) < 4 ? 1 : 2;
    return best_d <= limit ? best : NULL;
}

/* Made for every node a walk passes, so without printf. */
char *yk_join_path(const char *path, const char *key, size_t index)
{
    char num[24];
    size_t n = 0;
    if (!key) { /* "[index]" */
        char digits[21];
        size_t d = 0;
        do
            digits[d++] = (char)('0' + index % 10);
        while ((index /= 10) > 0);
        num[n++] = '[';
        while (d)
            num[n++] = digits[--d];
        num[n++] = ']';
        num[n] = '\0';
        key = num;
    }
    size_t a = strlen(path), b = strlen(key);
    bool dot = n == 0 && a > 0;
    char *s = yk_xmalloc(a + dot + b + 1);
    memcpy(s, path, a);
    if (dot)
        s[a] = '.';
    memcpy(s + a + dot, key, b + 1);
    return s;
}
