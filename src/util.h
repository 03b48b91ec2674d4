/* util: memory, UTF-8 and growable buffers shared by every module.
 * Out of memory aborts with a message (yk_x*), so callers never check for NULL. */
#ifndef YK_UTIL_H
#define YK_UTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#if defined(__GNUC__)
#define YK_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define YK_PRINTF(f, a)
#endif

void *yk_xmalloc(size_t size);
void *yk_xcalloc(size_t count, size_t size);
void *yk_xrealloc(void *ptr, size_t size);
/* The one growth rule for arrays: room for need elements of size bytes in array, whose
 * allocated count is *cap (0 for none yet), doubling *cap from 8 until it is enough. Returns
 * the array, moved when it grew. */
void *yk_reserve(void *array, size_t need, size_t *cap, size_t size);
char *yk_xstrdup(const char *s);
char *yk_xstrndup(const char *s, size_t len);
/* A new string the caller frees. */
char *yk_xasprintf(const char *fmt, ...) YK_PRINTF(1, 2);
char *yk_vasprintf(const char *fmt, va_list ap) YK_PRINTF(1, 0);

/* Decodes one UTF-8 character at s (len > 0 bytes available) into *cp and returns the
 * number of bytes used. Invalid or truncated input gives *cp = 0xFFFD and returns 1. */
size_t yk_utf8_decode(const char *s, size_t len, uint32_t *cp);
/* yk_utf8_decode with the one- and three-byte characters of most text decoded inline, for
 * loops over every character of a text. */
static inline size_t yk_utf8_next(const char *s, size_t len, uint32_t *cp)
{
    const unsigned char *u = (const unsigned char *)s;
    if (u[0] < 0x80) {
        *cp = u[0];
        return 1;
    }
    if ((u[0] & 0xF0) == 0xE0 && len >= 3 && (u[1] & 0xC0) == 0x80 && (u[2] & 0xC0) == 0x80) {
        uint32_t c = (uint32_t)(u[0] & 0x0F) << 12 | (uint32_t)(u[1] & 0x3F) << 6 |
                     (uint32_t)(u[2] & 0x3F);
        if (c >= 0x800 && (c < 0xD800 || c > 0xDFFF)) {
            *cp = c;
            return 3;
        }
    }
    return yk_utf8_decode(s, len, cp);
}
/* Encodes cp into out (room for 4 bytes); returns the byte count. */
size_t yk_utf8_encode(uint32_t cp, char out[4]);
/* True when s[0..len) is well-formed UTF-8; otherwise *bad_offset is the first bad byte. */
bool yk_utf8_valid(const char *s, size_t len, size_t *bad_offset);
/* Number of characters (code points) in s[0..len). */
size_t yk_utf8_count(const char *s, size_t len);

/* A growable byte buffer; data is always NUL-terminated once anything was added. */
typedef struct yk_buf {
    char *data;
    size_t len;
    size_t cap;
} yk_buf;

void yk_buf_add(yk_buf *b, const char *s, size_t len);
void yk_buf_adds(yk_buf *b, const char *s);
void yk_buf_addc(yk_buf *b, char c);
void yk_buf_addf(yk_buf *b, const char *fmt, ...) YK_PRINTF(2, 3);
void yk_buf_add_cp(yk_buf *b, uint32_t cp);
/* Hands the buffer's string to the caller (never NULL) and empties the buffer. */
char *yk_buf_take(yk_buf *b);
void yk_buf_free(yk_buf *b);

/* The candidate closest to word by edit distance, or NULL when none is close enough to be a
 * plausible typo (used for "did you mean" hints). */
const char *yk_suggest(const char *word, const char *const *candidates, size_t count);

/* Reads a whole file; NULL with errno set on failure. The caller frees. */
char *yk_read_file(const char *path, size_t *len);
/* The same for a file of at most max bytes. A larger one is not read past max + 1 bytes:
 * NULL with errno EFBIG and *len its size (from fstat for a regular file, else max + 1). */
char *yk_read_file_max(const char *path, size_t max, size_t *len);

/* The system's text for errno value err, written into buf (len bytes): strerror_r, as
 * strerror is not thread-safe. Returns buf. */
#define YK_ERRBUF 128
char *yk_strerror(int err, char *buf, size_t len);
/* "1.5 MiB", "300 KiB", "512 bytes" in buf (len >= 32); returns buf. */
char *yk_size_text(unsigned long long bytes, char *buf, size_t len);

/* "path.key" ("key" when path is empty), or "path[index]" when key is NULL: the name of a
 * plan node for messages. The caller frees it. */
char *yk_join_path(const char *path, const char *key, size_t index);

#endif
