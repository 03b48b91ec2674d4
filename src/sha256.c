/* sha256: FIPS 180-4 SHA-256, written for yoshiki so checksums need no crypto library.
 * Portable C everywhere, and the x86-64 SHA instructions where CPUID offers them. */
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

static uint32_t load_be32(const unsigned char *p)
{
    uint32_t x;
    memcpy(&x, p, 4); /* one unaligned load; the compiler turns the swap into bswap */
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    x = (x >> 24) | ((x >> 8) & 0xff00u) | ((x << 8) & 0xff0000u) | (x << 24);
#elif !defined(__BYTE_ORDER__) || __BYTE_ORDER__ != __ORDER_BIG_ENDIAN__
    x = (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
#endif
    return x;
}

/* ---- portable C: the 64 rounds unrolled eight at a time (the registers rename instead of
 * shifting a..h), the message schedule kept as a 16-word ring computed in place ---- */

#define ROTR(x, n) ((x) >> (n) | (x) << (32 - (n)))
/* Σ and σ nested so that each needs one copy of x (two-operand x86 rotates otherwise copy x
 * once per term): Σ1(e) = ror(ror(ror(e,14)^e,5)^e,6) = ror6^ror11^ror25, and so on */
#define S0(x) ROTR(ROTR(ROTR(x, 9) ^ (x), 11) ^ (x), 2)
#define S1(x) ROTR(ROTR(ROTR(x, 14) ^ (x), 5) ^ (x), 6)
#define G0(x) (ROTR(ROTR(x, 11) ^ (x), 7) ^ ((x) >> 3))
#define G1(x) (ROTR(ROTR(x, 2) ^ (x), 17) ^ ((x) >> 10))
#define CH(x, y, z) ((z) ^ ((x) & ((y) ^ (z))))
/* word i (0..15 of the ring) for round r >= 16 */
#define SCHEDULE(i) (w[i] += G1(w[((i) + 14) & 15]) + w[((i) + 9) & 15] + G0(w[((i) + 1) & 15]))
/* Maj(a,b,c) = b ^ ((a^b) & (b^c)), and this round's b^c is the last round's a^b (bc) */
#define ROUND(a, b, c, d, e, f, g, h, k, wi)                                                       \
    do {                                                                                           \
        uint32_t t1_ = (h) + S1(e) + CH(e, f, g) + (k) + (wi);                                     \
        uint32_t ab_ = (a) ^ (b);                                                                  \
        (d) += t1_;                                                                                \
        (h) = t1_ + S0(a) + ((b) ^ (ab_ & bc));                                                    \
        bc = ab_;                                                                                  \
    } while (0)
#define EIGHT(r, W)                                                                                \
    do {                                                                                           \
        ROUND(a, b, c, d, e, f, g, h, K[(r) + 0], W(((r) + 0) & 15));                              \
        ROUND(h, a, b, c, d, e, f, g, K[(r) + 1], W(((r) + 1) & 15));                              \
        ROUND(g, h, a, b, c, d, e, f, K[(r) + 2], W(((r) + 2) & 15));                              \
        ROUND(f, g, h, a, b, c, d, e, K[(r) + 3], W(((r) + 3) & 15));                              \
        ROUND(e, f, g, h, a, b, c, d, K[(r) + 4], W(((r) + 4) & 15));                              \
        ROUND(d, e, f, g, h, a, b, c, K[(r) + 5], W(((r) + 5) & 15));                              \
        ROUND(c, d, e, f, g, h, a, b, K[(r) + 6], W(((r) + 6) & 15));                              \
        ROUND(b, c, d, e, f, g, h, a, K[(r) + 7], W(((r) + 7) & 15));                              \
    } while (0)
#define LOADED(i) w[i]

static void compress_portable(uint32_t state[8], const unsigned char *p, size_t blocks)
{
    for (; blocks > 0; blocks--, p += 64) {
        uint32_t w[16];
        for (int i = 0; i < 16; i++)
            w[i] = load_be32(p + 4 * i);
        uint32_t a = state[0], b = state[1], c = state[2], d = state[3];
        uint32_t e = state[4], f = state[5], g = state[6], h = state[7];
        uint32_t bc = b ^ c;
        EIGHT(0, LOADED);
        EIGHT(8, LOADED);
        for (int r = 16; r < 64; r += 16) {
            EIGHT(r, SCHEDULE);
            EIGHT(r + 8, SCHEDULE);
        }
        state[0] += a, state[1] += b, state[2] += c, state[3] += d;
        state[4] += e, state[5] += f, state[6] += g, state[7] += h;
    }
}

/* ---- x86-64 SHA extensions (SHA-NI): two rounds an instruction, chosen at run time from
 * CPUID. Only compress_shani is compiled for them, so the program still runs on any x86-64,
 * and under valgrind, which does not emulate them and hides them from CPUID. ---- */

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define YK_SHA256_X86 1
#include <immintrin.h>
#if defined(__clang__)
#include <cpuid.h>
#endif

static bool cpu_has_sha(void)
{
#if defined(__clang__)
    unsigned eax, ebx, ecx, edx;
    if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx) || !(ecx & bit_SSE4_1) || !(ecx & bit_SSSE3))
        return false;
    return __get_cpuid_count(7, 0, &eax, &ebx, &ecx, &edx) && (ebx & (1u << 29));
#else
    /* libgcc read CPUID once at start-up; this only looks at what it found */
    __builtin_cpu_init();
    return __builtin_cpu_supports("sha") && __builtin_cpu_supports("sse4.1") &&
           __builtin_cpu_supports("ssse3");
#endif
}

/* words 4q..4q+3 of the block, as numbers */
#define LOAD4(q)                                                                                   \
    _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(const void *)(p + 16 * (q))), swap)
/* rounds 4q..4q+3 with those words */
#define ROUNDS4(wq, q)                                                                             \
    do {                                                                                           \
        __m128i m_ =                                                                               \
            _mm_add_epi32(wq, _mm_loadu_si128((const __m128i *)(const void *)&K[4 * (q)]));        \
        cdgh = _mm_sha256rnds2_epu32(cdgh, abef, m_);                                              \
        abef = _mm_sha256rnds2_epu32(abef, cdgh, _mm_shuffle_epi32(m_, 0x0E));                     \
    } while (0)
/* words 4q.. from the four before them (w0 the oldest, overwritten), then their rounds */
#define NEXT4(w0, w1, w2, w3, q)                                                                   \
    do {                                                                                           \
        w0 = _mm_add_epi32(_mm_sha256msg1_epu32(w0, w1), _mm_alignr_epi8(w3, w2, 4));              \
        w0 = _mm_sha256msg2_epu32(w0, w3);                                                         \
        ROUNDS4(w0, q);                                                                            \
    } while (0)

__attribute__((target("sha,sse4.1"))) static void
compress_shani(uint32_t state[8], const unsigned char *p, size_t blocks)
{
    const __m128i swap = _mm_set_epi64x(0x0c0d0e0f08090a0bLL, 0x0405060700010203LL);
    /* the instructions keep the state as ABEF and CDGH */
    __m128i t = _mm_shuffle_epi32(_mm_loadu_si128((const __m128i *)(const void *)&state[0]), 0xB1);
    __m128i cdgh =
        _mm_shuffle_epi32(_mm_loadu_si128((const __m128i *)(const void *)&state[4]), 0x1B);
    __m128i abef = _mm_alignr_epi8(t, cdgh, 8);
    cdgh = _mm_blend_epi16(cdgh, t, 0xF0);
    for (; blocks > 0; blocks--, p += 64) {
        const __m128i abef0 = abef, cdgh0 = cdgh;
        __m128i w0 = LOAD4(0), w1 = LOAD4(1), w2 = LOAD4(2), w3 = LOAD4(3);
        ROUNDS4(w0, 0);
        ROUNDS4(w1, 1);
        ROUNDS4(w2, 2);
        ROUNDS4(w3, 3);
        for (int q = 4; q < 16; q += 4) {
            NEXT4(w0, w1, w2, w3, q);
            NEXT4(w1, w2, w3, w0, q + 1);
            NEXT4(w2, w3, w0, w1, q + 2);
            NEXT4(w3, w0, w1, w2, q + 3);
        }
        abef = _mm_add_epi32(abef, abef0);
        cdgh = _mm_add_epi32(cdgh, cdgh0);
    }
    t = _mm_shuffle_epi32(abef, 0x1B);
    cdgh = _mm_shuffle_epi32(cdgh, 0xB1);
    _mm_storeu_si128((__m128i *)(void *)&state[0], _mm_blend_epi16(t, cdgh, 0xF0));
    _mm_storeu_si128((__m128i *)(void *)&state[4], _mm_alignr_epi8(cdgh, t, 8));
}
#endif

static void compress(const yk_sha256 *h, uint32_t state[8], const unsigned char *p, size_t blocks)
{
#ifdef YK_SHA256_X86
    if (h->accelerated) {
        compress_shani(state, p, blocks);
        return;
    }
#endif
    compress_portable(state, p, blocks);
}

void yk_sha256_init(yk_sha256 *h)
{
    static const uint32_t iv[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                   0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
    memcpy(h->state, iv, sizeof iv);
    h->total = 0;
    h->used = 0;
#ifdef YK_SHA256_X86
    h->accelerated = cpu_has_sha();
#else
    h->accelerated = false;
#endif
}

void yk_sha256_update(yk_sha256 *h, const void *data, size_t len)
{
    const unsigned char *p = data;
    if (len == 0)
        return; /* data may then be NULL, which memcpy must not see */
    h->total += len;
    if (h->used > 0) { /* finish the block begun by an earlier call */
        size_t n = 64 - h->used < len ? 64 - h->used : len;
        memcpy(h->block + h->used, p, n);
        h->used += n, p += n, len -= n;
        if (h->used < 64)
            return;
        compress(h, h->state, h->block, 1);
        h->used = 0;
    }
    if (len >= 64) { /* whole blocks straight from the caller's bytes */
        compress(h, h->state, p, len / 64);
        p += len & ~(size_t)63;
        len &= 63;
    }
    memcpy(h->block, p, len);
    h->used = len;
}

void yk_sha256_final(yk_sha256 *h, unsigned char digest[YK_SHA256_LEN])
{
    uint64_t bits = h->total * 8;
    h->block[h->used++] = 0x80;
    if (h->used > 56) { /* no room for the 64-bit length: one more block */
        memset(h->block + h->used, 0, 64 - h->used);
        compress(h, h->state, h->block, 1);
        h->used = 0;
    }
    memset(h->block + h->used, 0, 56 - h->used);
    for (int i = 0; i < 8; i++)
        h->block[56 + i] = (unsigned char)(bits >> (56 - 8 * i));
    compress(h, h->state, h->block, 1);
    for (int i = 0; i < 8; i++) {
        digest[4 * i] = (unsigned char)(h->state[i] >> 24);
        digest[4 * i + 1] = (unsigned char)(h->state[i] >> 16);
        digest[4 * i + 2] = (unsigned char)(h->state[i] >> 8);
        digest[4 * i + 3] = (unsigned char)h->state[i];
    }
}

void yk_sha256_to_hex(const unsigned char digest[YK_SHA256_LEN],
                      char hex[YK_SHA256_HEX_LEN + 1])
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
    yk_sha256_to_hex(digest, hex);
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
    yk_sha256_to_hex(digest, hex);
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
    yk_sha256_to_hex(digest, hex);
    return true;
}
