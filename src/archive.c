/* archive: PDF/A-1 for libharu documents — 1a when tagged (tag.h), else 1b (see archive.h
 * and libharu.md in the shared docs).
 *
 * libharu's own PDF/A support (HPDF_PDFA_SetPDFAConformance, HPDF_LoadIccProfileFromFile)
 * is not used: it writes no XMP when only the Producer is set, does not escape '&' or '<',
 * names the metadata subtype /SubType, keys the output profile "DestOutputProfile " (with a
 * space) and takes /ID from the wall clock. Everything here goes through libharu's object
 * API and its installed internal headers instead. */
#include "archive.h"

#include <errno.h>
#include <hpdf.h>
#include <hpdf_objects.h>
#include <hpdf_streams.h>
#include <libdeflate.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "icc.h"

#define ICC_MIN_SIZE 128 /* an ICC header */
#define ICC_CONDITION "sRGB IEC61966-2.1"

/* ---- dates ---- */

static struct tm epoch_tm(long long epoch)
{
    time_t t = (time_t)epoch;
    struct tm tm = {.tm_year = 70, .tm_mday = 1};
    if (gmtime_r(&t, &tm) && tm.tm_sec > 59)
        tm.tm_sec = 59; /* a leap second is neither a PDF nor an XMP date */
    return tm;
}

/* A PDF date string. libharu's HPDF_SetInfoDateAttr writes "Z00'00'", which PDFBox and
 * other validators do not read as the instant the XMP names; plain "Z" is unambiguous. */
static HPDF_String pdf_date(HPDF_MMgr mmgr, long long epoch)
{
    struct tm tm = epoch_tm(epoch);
    char text[72]; /* room for any int, so the compiler can prove no truncation */
    snprintf(text, sizeof text, "D:%04d%02d%02d%02d%02d%02dZ", tm.tm_year + 1900,
             tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
    return HPDF_String_New(mmgr, text, NULL);
}

/* The same instant as pdf_date, in XMP's ISO 8601 form: PDF/A needs the two to agree. */
static void add_xmp_date(yk_buf *b, long long epoch)
{
    struct tm tm = epoch_tm(epoch);
    yk_buf_addf(b, "%04d-%02d-%02dT%02d:%02d:%02dZ", tm.tm_year + 1900, tm.tm_mon + 1,
                tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

/* ---- XMP ---- */

static bool present(const char *s)
{
    return s && *s;
}

/* Character data for XML. XML 1.0 cannot carry C0 controls other than tab and newlines at
 * all, so those become spaces (a title never legitimately holds one). */
static void add_escaped(yk_buf *b, const char *s)
{
    for (; *s; s++) {
        switch (*s) {
        case '&': yk_buf_adds(b, "&amp;"); break;
        case '<': yk_buf_adds(b, "&lt;"); break;
        case '>': yk_buf_adds(b, "&gt;"); break;
        case '"': yk_buf_adds(b, "&quot;"); break;
        default:
            if ((unsigned char)*s < 0x20 && *s != '\t' && *s != '\n' && *s != '\r')
                yk_buf_addc(b, ' ');
            else
                yk_buf_addc(b, *s);
        }
    }
}

/* A language alternative (dc:title, dc:description) or an ordered list (dc:creator). */
static void add_dc(yk_buf *b, const char *name, const char *container, const char *lang,
                   const char *value)
{
    if (!present(value))
        return;
    yk_buf_addf(b, "<dc:%s><rdf:%s><rdf:li%s>", name, container, lang);
    add_escaped(b, value);
    yk_buf_addf(b, "</rdf:li></rdf:%s></dc:%s>", container, name);
}

/* One rdf:Description for every schema and no white space between elements: PDF/A-1 keeps
 * the packet uncompressed, and indentation was a fifth of it. */
char *yk_archive_xmp(const yk_archive_info *info)
{
    const char *x_default = " xml:lang=\"x-default\"";
    yk_buf b = {0};
    /* the packet header carries a UTF-8 byte order mark, as XMP prescribes */
    yk_buf_adds(&b, "<?xpacket begin=\"\xEF\xBB\xBF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>"
                    "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">"
                    "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">"
                    "<rdf:Description rdf:about=\"\""
                    " xmlns:dc=\"http://purl.org/dc/elements/1.1/\""
                    " xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\""
                    " xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\""
                    " xmlns:pdfaid=\"http://www.aiim.org/pdfa/ns/id/\">"
                    "<dc:format>application/pdf</dc:format>");
    add_dc(&b, "title", "Alt", x_default, info->title);
    add_dc(&b, "creator", "Seq", "", info->author);
    add_dc(&b, "description", "Alt", x_default, info->subject);
    yk_buf_adds(&b, "<xmp:CreateDate>");
    add_xmp_date(&b, info->epoch);
    yk_buf_adds(&b, "</xmp:CreateDate><xmp:ModifyDate>");
    add_xmp_date(&b, info->epoch);
    yk_buf_adds(&b, "</xmp:ModifyDate><pdf:Producer>" YK_ARCHIVE_PRODUCER "</pdf:Producer>");
    yk_buf_addf(&b, "<pdfaid:part>1</pdfaid:part><pdfaid:conformance>%c</pdfaid:conformance>",
                info->conformance == 'A' ? 'A' : 'B');
    yk_buf_adds(&b, "</rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end=\"r\"?>");
    return yk_buf_take(&b);
}

/* ---- Info ---- */

/* A PDF text string: UTF-16BE with a byte order mark, surrogate pairs beyond the BMP
 * (libharu's own encoder would turn characters beyond U+FFFF into spaces). */
static HPDF_Binary utf16_string(HPDF_MMgr mmgr, const char *s)
{
    size_t len = strlen(s);
    HPDF_BYTE *buf = yk_xmalloc(2 + len * 4);
    size_t n = 0;
    buf[n++] = 0xFE, buf[n++] = 0xFF;
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        i += yk_utf8_decode(s + i, len - i, &cp);
        if (cp > 0xFFFF) {
            uint32_t v = cp - 0x10000;
            uint32_t hi = 0xD800 + (v >> 10), lo = 0xDC00 + (v & 0x3FF);
            buf[n++] = (HPDF_BYTE)(hi >> 8), buf[n++] = (HPDF_BYTE)hi;
            cp = lo;
        }
        buf[n++] = (HPDF_BYTE)(cp >> 8), buf[n++] = (HPDF_BYTE)cp;
    }
    HPDF_Binary str = HPDF_Binary_New(mmgr, buf, (HPDF_UINT)n);
    free(buf);
    return str;
}

static bool set_info(HPDF_Doc pdf, const yk_archive_info *info)
{
    /* Producer first: libharu creates the Info dictionary on its first attribute */
    if (HPDF_SetInfoAttr(pdf, HPDF_INFO_PRODUCER, YK_ARCHIVE_PRODUCER) != HPDF_OK || !pdf->info)
        return false;
    HPDF_STATUS st = HPDF_Dict_Add(pdf->info, "CreationDate", pdf_date(pdf->mmgr, info->epoch));
    st |= HPDF_Dict_Add(pdf->info, "ModDate", pdf_date(pdf->mmgr, info->epoch));
    if (st != HPDF_OK)
        return false;
    const char *keys[] = {"Title", "Author", "Subject"};
    const char *values[] = {info->title, info->author, info->subject};
    for (size_t i = 0; i < 3; i++)
        if (present(values[i]) &&
            HPDF_Dict_Add(pdf->info, keys[i], utf16_string(pdf->mmgr, values[i])) != HPDF_OK)
            return false;
    return true;
}

static bool add_metadata(HPDF_Doc pdf, const yk_archive_info *info)
{
    HPDF_Dict xmp = HPDF_DictStream_New(pdf->mmgr, pdf->xref);
    if (!xmp)
        return false;
    xmp->filter = HPDF_STREAM_FILTER_NONE; /* XMP stays readable by tools that do not parse PDF */
    char *text = yk_archive_xmp(info);
    HPDF_STATUS st = HPDF_Dict_AddName(xmp, "Type", "Metadata");
    st |= HPDF_Dict_AddName(xmp, "Subtype", "XML");
    st |= HPDF_Stream_Write(xmp->stream, (const HPDF_BYTE *)text, (HPDF_UINT)strlen(text));
    free(text);
    return st == HPDF_OK && HPDF_Dict_Add(pdf->catalog, "Metadata", xmp) == HPDF_OK;
}

/* ---- output intent ---- */

/* Why the profile cannot serve as a PDF/A-1 output intent, or NULL when it can. */
static const char *icc_problem(const unsigned char *icc, size_t len)
{
    if (len < ICC_MIN_SIZE || memcmp(icc + 36, "acsp", 4) != 0)
        return "is not an ICC profile";
    if (icc[8] != 2)
        return "is not an ICC version 2 profile, which PDF/A-1 requires";
    if (memcmp(icc + 16, "RGB ", 4) != 0)
        return "is not an RGB profile";
    return NULL;
}

/* The profile file at path, or yoshiki's own sRGB profile (icc.h) when path is NULL. */
static unsigned char *icc_bytes(const char *path, size_t *len, yk_diag *d)
{
    if (!path)
        return yk_icc_srgb(len);
    unsigned char *icc = (unsigned char *)yk_read_file(path, len);
    if (!icc) {
        char eb[YK_ERRBUF];
        yk_diag_syserror(d, path,
                         "cannot read the sRGB colour profile that PDF/A output needs: %s "
                         "(install the Debian package %s)",
                         yk_strerror(errno, eb, sizeof eb), YK_ARCHIVE_ICC_PACKAGE);
        return NULL;
    }
    const char *problem = icc_problem(icc, *len);
    if (problem) {
        yk_diag_syserror(d, path, "the colour profile %s (use sRGB.icc of the Debian package %s)",
                         problem, YK_ARCHIVE_ICC_PACKAGE);
        free(icc);
        return NULL;
    }
    return icc;
}

static HPDF_Dict icc_stream(HPDF_Doc pdf, const char *path, yk_diag *d)
{
    size_t len;
    unsigned char *icc = icc_bytes(path, &len, d);
    if (!icc)
        return NULL;
    HPDF_Dict stream = HPDF_DictStream_New(pdf->mmgr, pdf->xref);
    HPDF_STATUS st = stream ? HPDF_OK : HPDF_FAILD_TO_ALLOC_MEM;
    if (stream) {
        stream->filter = HPDF_STREAM_FILTER_FLATE_DECODE;
        st |= HPDF_Dict_AddNumber(stream, "N", 3);
        st |= HPDF_Stream_Write(stream->stream, icc, (HPDF_UINT)len);
    }
    free(icc);
    return st == HPDF_OK ? stream : NULL;
}

static bool add_output_intent(HPDF_Doc pdf, const char *profile_path, yk_diag *d)
{
    HPDF_Dict profile = icc_stream(pdf, profile_path, d);
    if (!profile)
        return false;
    HPDF_Dict intent = HPDF_Dict_New(pdf->mmgr);
    HPDF_Array intents = HPDF_Array_New(pdf->mmgr);
    if (!intent || !intents)
        return false;
    HPDF_STATUS st = HPDF_Dict_AddName(intent, "Type", "OutputIntent");
    st |= HPDF_Dict_AddName(intent, "S", "GTS_PDFA1");
    st |= HPDF_Dict_Add(intent, "OutputConditionIdentifier",
                        HPDF_String_New(pdf->mmgr, ICC_CONDITION, NULL));
    st |= HPDF_Dict_Add(intent, "Info", HPDF_String_New(pdf->mmgr, ICC_CONDITION, NULL));
    st |= HPDF_Dict_Add(intent, "DestOutputProfile", profile);
    st |= HPDF_Array_Add(intents, intent);
    return st == HPDF_OK && HPDF_Dict_Add(pdf->catalog, "OutputIntents", intents) == HPDF_OK;
}

bool yk_archive_begin(HPDF_Doc pdf, const yk_archive_info *info, const char *out_path,
                      yk_diag *d)
{
    size_t errors_before = yk_diag_errors(d);
    const char *profile = info->icc_profile;
    pdf->pdf_version = HPDF_VER_14; /* PDF/A-1 is based on PDF 1.4 */
    bool ok = add_output_intent(pdf, profile, d) && set_info(pdf, info) &&
              add_metadata(pdf, info);
    if (!ok && yk_diag_errors(d) == errors_before)
        yk_diag_syserror(d, out_path, "PDF writer (libharu): cannot add the PDF/A metadata");
    return ok;
}

/* ---- saving with a content-derived /ID ---- */

void yk_archive_id(const void *pdf, size_t len, unsigned char id[YK_ARCHIVE_ID_LEN])
{
    yk_sha256 h;
    unsigned char digest[YK_SHA256_LEN];
    yk_sha256_init(&h);
    yk_sha256_update(&h, pdf, len);
    yk_sha256_final(&h, digest);
    memcpy(id, digest, YK_ARCHIVE_ID_LEN);
}

/* The document as libharu wrote it into its memory stream. */
static char *stream_bytes(HPDF_Stream stream, size_t *len)
{
    size_t size = stream->size, at = 0; /* what was written: the buffers hold no more */
    char *bytes = yk_xmalloc(size + 1);
    HPDF_UINT count = HPDF_MemStream_GetBufCount(stream);
    for (HPDF_UINT i = 0; i < count; i++) {
        HPDF_UINT n = 0;
        HPDF_BYTE *p = HPDF_MemStream_GetBufPtr(stream, i, &n);
        if (p && n) {
            n = n < size - at ? n : (HPDF_UINT)(size - at);
            memcpy(bytes + at, p, n);
            at += n;
        }
    }
    bytes[at] = '\0';
    *len = at;
    return bytes;
}

/* ---- compression ---- */

/* libdeflate at 6 makes files as small as zlib at 9 in a third of zlib-6's time (libharu's
 * own is zlib at its default 6); higher levels gain about 1 % for 4–5 times the time. */
#define DEFLATE_LEVEL 6

static bool is_dict(const void *obj, unsigned subclass)
{
    const HPDF_Obj_Header *h = obj;
    return obj && (h->obj_class & HPDF_OCLASS_ANY) == HPDF_OCLASS_DICT &&
           (subclass == 0 || (h->obj_class & subclass));
}

/* libharu drops a /Filter entry of a stream it does not filter itself, so the entry is
 * written as the dictionary's last words. */
static HPDF_STATUS write_flate_filter(HPDF_Dict dict, HPDF_Stream out)
{
    (void)dict;
    return HPDF_Stream_WriteStr(out, "/Filter /FlateDecode\012");
}

/* ---- a stream of one block of bytes ----
 *
 * libharu's memory stream copies byte by byte (HPDF_MemCpy) in 4 KB pieces, once when a
 * stream is written and again when the document is saved. A block stream keeps its bytes in
 * one buffer: written with memcpy, read by the save with memcpy, compressed without a copy.
 * A finished (compressed) stream is handed over as one read-only block. */

typedef struct block_attr {
    unsigned char *data;
    size_t len, cap, pos;
    bool borrowed; /* data belongs to someone else (a session's profile) */
} block_attr;

static HPDF_STATUS block_write(HPDF_Stream s, const HPDF_BYTE *ptr, HPDF_UINT size)
{
    block_attr *a = s->attr;
    a->data = yk_reserve(a->data, a->len + size, &a->cap, 1);
    memcpy(a->data + a->len, ptr, size);
    a->len += size;
    return HPDF_OK;
}

static HPDF_STATUS block_read(HPDF_Stream s, HPDF_BYTE *ptr, HPDF_UINT *size)
{
    block_attr *a = s->attr;
    size_t left = a->len - a->pos, n = *size < left ? *size : left;
    memcpy(ptr, a->data + a->pos, n);
    a->pos += n;
    *size = (HPDF_UINT)n;
    return a->pos == a->len ? HPDF_STREAM_EOF : HPDF_OK;
}

static HPDF_STATUS block_seek(HPDF_Stream s, HPDF_INT pos, HPDF_WhenceMode mode)
{
    block_attr *a = s->attr;
    long long at = mode == HPDF_SEEK_SET ? pos
                   : mode == HPDF_SEEK_CUR ? (long long)a->pos + pos
                                           : (long long)a->len - pos;
    if (at < 0 || at > (long long)a->len)
        return HPDF_SetError(s->error, HPDF_STREAM_EOF, 0);
    a->pos = (size_t)at;
    return HPDF_OK;
}

static HPDF_INT32 block_tell(HPDF_Stream s)
{
    return (HPDF_INT32)((block_attr *)s->attr)->pos;
}

static HPDF_UINT32 block_size(HPDF_Stream s)
{
    return (HPDF_UINT32)((block_attr *)s->attr)->len;
}

static void block_free(HPDF_Stream s)
{
    block_attr *a = s->attr;
    if (a) {
        if (!a->borrowed)
            free(a->data);
        HPDF_FreeMem(s->mmgr, a);
    }
    s->attr = NULL;
}

/* The bytes of a block stream, or NULL for any other stream. */
static const unsigned char *block_bytes(HPDF_Stream s, size_t *len)
{
    if (!s || s->read_fn != block_read)
        return NULL;
    const block_attr *a = s->attr;
    *len = a->len;
    return a->data ? a->data : (const unsigned char *)"";
}

/* Replaces dict's stream by a block stream of data[0, len), writable or not; data is the
 * stream's (freed with it, on failure too) unless borrowed. */
static bool set_block(HPDF_Dict dict, unsigned char *data, size_t len, bool borrowed,
                      bool writable)
{
    HPDF_MMgr mmgr = dict->mmgr;
    HPDF_Stream s = HPDF_GetMem(mmgr, sizeof *s);
    block_attr *a = s ? HPDF_GetMem(mmgr, sizeof *a) : NULL;
    if (!a) {
        HPDF_FreeMem(mmgr, s);
        if (!borrowed)
            free(data);
        return false;
    }
    *a = (block_attr){data, len, len, 0, borrowed};
    *s = (HPDF_Stream_Rec){.sig_bytes = HPDF_STREAM_SIG_BYTES, .type = HPDF_STREAM_CALLBACK,
                           .mmgr = mmgr, .error = mmgr->error, .size = (HPDF_UINT)len,
                           .write_fn = writable ? block_write : NULL, .read_fn = block_read,
                           .seek_fn = block_seek, .free_fn = block_free,
                           .tell_fn = block_tell, .size_fn = block_size, .attr = a};
    HPDF_Stream_Free(dict->stream);
    dict->stream = s;
    return true;
}

bool yk_archive_block_stream(HPDF_Dict dict)
{
    size_t len = 0;
    char *bytes = dict->stream ? stream_bytes(dict->stream, &len) : NULL;
    return set_block(dict, (unsigned char *)bytes, len, false, true);
}

/* Replaces a stream's bytes by their zlib form, named by write_flate_filter. */
static bool deflate_stream(struct libdeflate_compressor *c, HPDF_Dict dict)
{
    size_t len;
    char *copy = NULL;
    const void *raw = block_bytes(dict->stream, &len);
    if (!raw)
        raw = copy = stream_bytes(dict->stream, &len);
    size_t cap = libdeflate_zlib_compress_bound(c, len);
    unsigned char *out = yk_xmalloc(cap);
    size_t n = libdeflate_zlib_compress(c, raw, len, out, cap);
    free(copy);
    if (!n) {
        free(out);
        return false;
    }
    dict->filter = HPDF_STREAM_FILTER_NONE;
    dict->write_fn = write_flate_filter;
    return set_block(dict, out, n, false, false);
}

bool yk_archive_compress(HPDF_Doc pdf)
{
    HPDF_List entries = pdf->xref->entries;
    /* a page closes its open text or path when saved: that must be in its stream first */
    for (HPDF_UINT i = 0; i < entries->count; i++) {
        HPDF_XrefEntry e = HPDF_List_ItemAt(entries, i);
        HPDF_Dict page = e->obj;
        if (is_dict(page, HPDF_OSUBCLASS_PAGE) && page->before_write_fn &&
            page->before_write_fn(page) != HPDF_OK)
            return false;
    }
    struct libdeflate_compressor *c = libdeflate_alloc_compressor(DEFLATE_LEVEL);
    if (!c)
        return false;
    bool ok = true;
    for (HPDF_UINT i = 0; ok && i < entries->count; i++) {
        HPDF_XrefEntry e = HPDF_List_ItemAt(entries, i);
        HPDF_Dict dict = e->obj;
        if (is_dict(dict, 0) && dict->stream && !dict->write_fn &&
            dict->filter == HPDF_STREAM_FILTER_FLATE_DECODE)
            ok = deflate_stream(c, dict);
    }
    libdeflate_free_compressor(c);
    return ok;
}

#define ID_PLACEHOLDER "<00000000000000000000000000000000>"

/* memmem is not in C11 or POSIX. */
static char *find(char *hay, size_t len, const char *needle)
{
    size_t n = strlen(needle);
    for (size_t i = 0; n <= len && i <= len - n; i++)
        if (hay[i] == needle[0] && memcmp(hay + i, needle, n) == 0)
            return hay + i;
    return NULL;
}

/* The last needle in hay: the trailer is the end of the file, so its search starts there. */
static char *find_last(char *hay, size_t len, const char *needle)
{
    size_t n = strlen(needle);
    for (size_t i = n <= len ? len - n + 1 : 0; i-- > 0;)
        if (hay[i] == needle[0] && memcmp(hay + i, needle, n) == 0)
            return hay + i;
    return NULL;
}

/* Replaces the two zero ids in the trailer by the hash of the whole file (zeros included,
 * as yk_archive_id): the same length, so no offset moves. The bytes before the first id are
 * hashed once: that state finishes both the /ID (zeros in place) and, when sha256 is not
 * NULL, the finished file's SHA-256 (ids in place), so a checksum costs no second pass. */
static bool stamp_id(char *pdf, size_t len, unsigned char sha256[YK_SHA256_LEN])
{
    char *trailer = find_last(pdf, len, "trailer");
    size_t ph = strlen(ID_PLACEHOLDER);
    char *first = trailer ? find(trailer, len - (size_t)(trailer - pdf), ID_PLACEHOLDER) : NULL;
    char *second = first ? find(first + ph, len - (size_t)(first + ph - pdf), ID_PLACEHOLDER)
                         : NULL;
    if (!second)
        return false;
    size_t head = (size_t)(first - pdf);
    yk_sha256 before, h;
    yk_sha256_init(&before);
    yk_sha256_update(&before, pdf, head);
    h = before;
    yk_sha256_update(&h, first, len - head);
    unsigned char digest[YK_SHA256_LEN];
    yk_sha256_final(&h, digest);
    char hex[2 * YK_ARCHIVE_ID_LEN + 1];
    for (size_t i = 0; i < YK_ARCHIVE_ID_LEN; i++)
        snprintf(hex + 2 * i, 3, "%02X", digest[i]);
    memcpy(first + 1, hex, 2 * YK_ARCHIVE_ID_LEN);
    memcpy(second + 1, hex, 2 * YK_ARCHIVE_ID_LEN);
    if (sha256) {
        yk_sha256_update(&before, first, len - head);
        yk_sha256_final(&before, sha256);
    }
    return true;
}

static bool set_placeholder_id(HPDF_Doc pdf)
{
    const HPDF_BYTE zero[YK_ARCHIVE_ID_LEN] = {0};
    HPDF_Array id = HPDF_Array_New(pdf->mmgr);
    if (!id)
        return false;
    HPDF_STATUS st = HPDF_Array_Add(id, HPDF_Binary_New(pdf->mmgr, (HPDF_BYTE *)zero,
                                                        YK_ARCHIVE_ID_LEN));
    st |= HPDF_Array_Add(id, HPDF_Binary_New(pdf->mmgr, (HPDF_BYTE *)zero, YK_ARCHIVE_ID_LEN));
    return st == HPDF_OK && HPDF_Dict_Add(pdf->trailer, "ID", id) == HPDF_OK;
}

static bool write_file(const char *path, const char *data, size_t len, yk_diag *d)
{
    char eb[YK_ERRBUF];
    FILE *f = fopen(path, "wb");
    if (!f) {
        yk_diag_syserror(d, path, "cannot create the PDF: %s", yk_strerror(errno, eb, sizeof eb));
        return false;
    }
    bool ok = fwrite(data, 1, len, f) == len;
    int saved = errno;
    if (fclose(f) != 0 && ok)
        ok = false, saved = errno;
    if (!ok)
        yk_diag_syserror(d, path, "cannot write the PDF: %s", yk_strerror(saved, eb, sizeof eb));
    return ok;
}

static HPDF_STATUS append_to_buf(HPDF_Stream s, const HPDF_BYTE *ptr, HPDF_UINT size)
{
    yk_buf_add(s->attr, (const char *)ptr, size);
    return HPDF_OK;
}

/* The finished document with its /ID stamped, and its SHA-256 when sha256 is not NULL;
 * NULL (reported) on failure. libharu saves into the stream it finds in pdf->stream, here
 * one that appends to a growing buffer (its own memory stream would copy every byte one at
 * a time). */
static char *finished_bytes(HPDF_Doc pdf, const char *name, size_t *len,
                            unsigned char sha256[YK_SHA256_LEN], yk_diag *d)
{
    yk_buf out = {0};
    HPDF_Stream_Free(pdf->stream);
    pdf->stream = HPDF_CallbackWriter_New(pdf->mmgr, append_to_buf, &out);
    bool ok = pdf->stream && set_placeholder_id(pdf) && HPDF_SaveToStream(pdf) == HPDF_OK;
    HPDF_Stream_Free(pdf->stream); /* it points at out */
    pdf->stream = NULL;
    if (!ok) {
        yk_buf_free(&out);
        return NULL; /* libharu's error handler has reported */
    }
    *len = out.len;
    char *bytes = yk_buf_take(&out);
    if (!stamp_id(bytes, *len, sha256)) {
        yk_diag_syserror(d, name, "PDF writer (libharu): no trailer /ID to stamp");
        free(bytes);
        return NULL;
    }
    return bytes;
}

bool yk_archive_bytes(HPDF_Doc pdf, const char *name, unsigned char **data, size_t *len,
                      unsigned char sha256[YK_SHA256_LEN], yk_diag *d)
{
    *data = (unsigned char *)finished_bytes(pdf, name, len, sha256, d);
    return *data != NULL;
}

bool yk_archive_save(HPDF_Doc pdf, const char *out_path, yk_diag *d)
{
    size_t len;
    char *bytes = finished_bytes(pdf, out_path, &len, NULL, d);
    bool ok = bytes && write_file(out_path, bytes, len, d);
    free(bytes);
    return ok;
}

HPDF_Binary yk_archive_text_string(HPDF_MMgr mmgr, const char *utf8)
{
    return utf16_string(mmgr, utf8);
}
