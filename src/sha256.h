/* sha256: SHA-256 (FIPS 180-4) for checksums and manifests. A context is a plain value
 * owned by its caller; nothing is shared, so any thread may hash at any time. */
#ifndef YK_SHA256_H
#define YK_SHA256_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "diag.h"

#define YK_SHA256_LEN 32
#define YK_SHA256_HEX_LEN 64

typedef struct yk_sha256 {
    uint32_t state[8];
    uint64_t total;         /* bytes hashed so far */
    unsigned char block[64];
    size_t used;            /* bytes waiting in block */
    bool accelerated;       /* the CPU's SHA instructions (x86-64 SHA-NI), chosen by init from
                               CPUID; tests clear it after init to check the portable C */
} yk_sha256;

void yk_sha256_init(yk_sha256 *h);
void yk_sha256_update(yk_sha256 *h, const void *data, size_t len);
void yk_sha256_final(yk_sha256 *h, unsigned char digest[YK_SHA256_LEN]);

/* A digest in lower-case hex (NUL-terminated), as sha256sum prints it. */
void yk_sha256_to_hex(const unsigned char digest[YK_SHA256_LEN],
                      char hex[YK_SHA256_HEX_LEN + 1]);
/* The digest of len bytes, in lower-case hex (NUL-terminated) as sha256sum prints it. */
void yk_sha256_hex(const void *data, size_t len, char hex[YK_SHA256_HEX_LEN + 1]);
/* The digest of a file's bytes in hex, and its size when size is not NULL. False, with a
 * system error reported, when the file cannot be read. */
/* The digest of a TrueType/OpenType file's table directories (for a collection, its header
 * and every face's directory): each table's tag, checksum, offset and length, so any change
 * of any table changes it, read in a few hundred bytes instead of the file's megabytes.
 * Falls back to the whole file when it is no font. False, reported, when unreadable. */
bool yk_sha256_font_directory(const char *path, char hex[YK_SHA256_HEX_LEN + 1], yk_diag *d);
bool yk_sha256_file(const char *path, char hex[YK_SHA256_HEX_LEN + 1], long long *size,
                    yk_diag *d);

#endif
