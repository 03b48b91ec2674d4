/* sha256: FIPS 180-4 SHA-256, written for yoshiki so checksums need no crypto library. */
#include "sha256.h"

#include "util.h"

#include <errno.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

static const uint32_t K[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4,
    0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe,
    0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f,
    0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7,
    0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc,
    0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
    0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116,
    0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
    0xc67178f2};

static uint32_t rotr(uint32_t x, unsigned n)
{
    return (x >> n) | (x << (32 - n));
}

static uint32_t load_be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static void compress(uint32_t state[8], const unsigned char block[64])
{
    uint32_t w[64];
    for (int i = 0; i < 16; i++)
        w[i] = load_be32(block + 4 * i);
    for (int i = 16; i < 64; i++) {
        uint32_t s0 = rotr(w[i - 15], 7) ^ rotr(w[i - 15], 18) ^ (w[i - 15] >> 3);
        uint32_t s1 = rotr(w[i - 2], 17) ^ rotr(w[i - 2], 19) ^ (w[i - 2] >> 10);
        w[i] = w[i - 16] + s0 + w[i - 7] + s1;
    }
    uint32_t a = state[0], b = state[1], c = state[2], d = state[3];
    uint32_t e = state[4], f = state[5], g = state[6], h = state[7];
    for (int i = 0; i < 64; i++) {
        uint32_t t1 = h + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + K[i] +
                      w[i];
        uint32_t t2 = (rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
        h = g, g = f, f = e, e = d + t1;
        d = c, c = b, b = a, a = t1 + t2;
    }
    state[0] += a, state[1] += b, state[2] += c, state[3] += d;
    state[4] += e, state[5] += f, state[6] += g, state[7] += h;
}

void yk_sha256_init(yk_sha256 *h)
{
    static const uint32_t iv[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                   0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
    memcpy(h->state, iv, sizeof iv);
    h->total = 0;
    h->used = 0;
}

void yk_sha256_update(yk_sha256 *h, const void *data, size_t len)
{
    const unsigned char *p = data;
    h->total += len;
    while (len > 0) {
        size_t n = 64 - h->used < len ? 64 - h->used : len;
        memcpy(h->block + h->used, p, n);
        h->used += n, p += n, len -= n;
        if (h->used == 64) {
            compress(h->state, h->block);
            h->used = 0;
        }
    }
}

void yk_sha256_final(yk_sha256 *h, unsigned char digest[YK_SHA256_LEN])
{
    uint64_t bits = h->total * 8;
    static const unsigned char pad[64] = {0x80};
    /* pad to 56 mod 64, leaving room for the 64-bit length */
    size_t padding = h->used < 56 ? 56 - h->used : 120 - h->used;
    yk_sha256_update(h, pad, padding);
    unsigned char len_be[8];
    for (int i = 0; i < 8; i++)
        len_be[i] = (unsigned char)(bits >> (56 - 8 * i));
    yk_sha256_update(h, len_be, 8);
    for (int i = 0; i < 8; i++) {
        digest[4 * i] = (unsigned char)(h->state[i] >> 24);
        digest[4 * i + 1] = (unsigned char)(h->state[i] >> 16);
        digest[4 * i + 2] = (unsigned char)(h->state[i] >> 8);
        digest[4 * i + 3] = (unsigned char)h->state[i];
    }
}

static void to_hex(const unsigned char digest[YK_SHA256_LEN], char hex[YK_SHA256_HEX_LEN + 1])
{
    static const char digits[] = "0123456789abcdef";
    for (int i = 0; i < YK_SHA256_LEN; i++) {
        hex[2 * i] = digits[digest[i] >> 4];
        hex[2 * i + 1] = digits[digest[i] & 15];
    }
    hex[YK_SHA256_HEX_LEN] = '\0';
}

void yk_sha256_hex(const void *data, size_t len, char hex[YK_SHA256_HEX_LEN + 1])
{
    yk_sha256 h;
    unsigned char digest[YK_SHA256_LEN];
    yk_sha256_init(&h);
    yk_sha256_update(&h, data, len);
    yk_sha256_final(&h, digest);
    to_hex(digest, hex);
}

static bool read_failed(const char *path, int err, yk_diag *d)
{
    char why[YK_ERRBUF];
    yk_diag_syserror(d, path, "cannot read it to compute its checksum: %s",
                     yk_strerror(err, why, sizeof why));
    return false;
}

bool yk_sha256_file(const char *path, char hex[YK_SHA256_HEX_LEN + 1], long long *size,
                    yk_diag *d)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return read_failed(path, errno, d);
    yk_sha256 h;
    yk_sha256_init(&h);
    unsigned char buf[65536];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0)
        yk_sha256_update(&h, buf, n);
    bool ok = !ferror(f);
    int saved = errno;
    fclose(f);
    if (!ok)
        return read_failed(path, saved, d);
    unsigned char digest[YK_SHA256_LEN];
    if (size)
        *size = (long long)h.total;
    yk_sha256_final(&h, digest);
    to_hex(digest, hex);
    return true;
}

/* Hashes the table directory at offset at: its 12-byte header and 16 bytes a table. */
static bool hash_directory(FILE *f, long at, yk_sha256 *h)
{
    unsigned char head[12];
    if (fseek(f, at, SEEK_SET) != 0 || fread(head, 1, sizeof head, f) != sizeof head)
        return false;
    uint32_t version = load_be32(head);
    if (version != 0x00010000u && memcmp(head, "OTTO", 4) != 0 && memcmp(head, "true", 4) != 0)
        return false;
    size_t len = 16 * (size_t)((head[4] << 8) | head[5]);
    unsigned char *records = yk_xmalloc(len ? len : 1);
    bool ok = fread(records, 1, len, f) == len;
    if (ok) {
        yk_sha256_update(h, head, sizeof head);
        yk_sha256_update(h, records, len);
    }
    free(records);
    return ok;
}

bool yk_sha256_font_directory(const char *path, char hex[YK_SHA256_HEX_LEN + 1], yk_diag *d)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return read_failed(path, errno, d);
    yk_sha256 h;
    yk_sha256_init(&h);
    unsigned char head[12];
    bool ok = fread(head, 1, sizeof head, f) == sizeof head;
    if (ok && memcmp(head, "ttcf", 4) == 0) {
        uint32_t faces = load_be32(head + 8);
        yk_sha256_update(&h, head, sizeof head);
        for (uint32_t i = 0; ok && i < faces && i < 1024; i++) {
            unsigned char off[4];
            ok = fseek(f, 12 + 4 * (long)i, SEEK_SET) == 0 && fread(off, 1, 4, f) == 4 &&
                 hash_directory(f, (long)load_be32(off), &h);
        }
    } else {
        ok = ok && hash_directory(f, 0, &h);
    }
    fclose(f);
    if (!ok) /* not a font this understands: the whole file, as for any other */
        return yk_sha256_file(path, hex, NULL, d);
    unsigned char digest[YK_SHA256_LEN];
    yk_sha256_final(&h, digest);
    to_hex(digest, hex);
    return true;
}
