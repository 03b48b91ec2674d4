/* archive: makes a libharu document PDF/A-1b with reproducible bytes — Info and XMP written
 * from one yk_archive_info, the sRGB output intent, and a trailer /ID hashed from the
 * document itself, never from the clock (the fonts are pdffont's, complete as PDF/A wants).
 * It keeps no state of its own; every string it returns belongs to the caller. */
#ifndef YK_ARCHIVE_H
#define YK_ARCHIVE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "diag.h"
#include "sha256.h"

/* libharu's handles (HPDF_Doc, HPDF_Font), named without including hpdf.h here: only
 * draw.c and archive.c include libharu. */
struct _HPDF_Doc_Rec;
struct _HPDF_Dict_Rec;

/* Named in messages: its sRGB.icc is an ICC v2 profile (colord's v4 profile is rejected). */
#define YK_ARCHIVE_ICC_PACKAGE "icc-profiles-free"
#define YK_ARCHIVE_PRODUCER "yoshiki"
#define YK_ARCHIVE_ID_LEN 16

typedef struct yk_archive_info {
    const char *title;       /* UTF-8; NULL or "" leaves the entry out */
    const char *author;
    const char *subject;
    long long epoch;         /* seconds since 1970 for both dates (SOURCE_DATE_EPOCH) */
    const char *icc_profile; /* the sRGB ICC v2 profile file; NULL: yoshiki's own (icc.h) */
    char conformance;        /* 'A' (PDF/A-1a) for a tagged document (tag.h), else 'B' */
} yk_archive_info;

/* The XMP packet for info (UTF-8, XML-escaped): dc, xmp and pdf properties that agree with
 * the Info dictionary yk_archive_begin writes, and pdfaid part 1, conformance A or B. */
char *yk_archive_xmp(const yk_archive_info *info);

/* The document id of a PDF's bytes (the first 16 bytes of their SHA-256), for its trailer
 * /ID: the finished file's bytes with both ids still zeros. */
void yk_archive_id(const void *pdf, size_t len, unsigned char id[YK_ARCHIVE_ID_LEN]);

/* Marks pdf as PDF/A-1b before anything is drawn: version 1.4, Info, XMP metadata and the
 * sRGB output intent (info->icc_profile's file, else icc.h's profile). False, with a system
 * error about out_path or the profile reported, when a profile file is missing or unusable —
 * never a silent non-PDF/A file. */
bool yk_archive_begin(struct _HPDF_Doc_Rec *pdf, const yk_archive_info *info,
                      const char *out_path, yk_diag *d);

/* Gives dict (a stream dictionary) a stream that keeps its bytes in one growing block, for a
 * stream written piece by piece (libharu's memory stream copies each byte on its own); the
 * bytes written so far move over. Archive compresses and saves it like any other. False
 * when libharu cannot allocate (its error handler has been called). */
bool yk_archive_block_stream(struct _HPDF_Dict_Rec *dict);

/* Compresses every stream that asks for FlateDecode (libdeflate; libharu's own zlib pass is
 * then skipped), after the last drawing and before saving. False when libharu fails. */
bool yk_archive_compress(struct _HPDF_Doc_Rec *pdf);

/* Writes pdf to out_path with a trailer /ID computed from the document's own bytes, so the
 * same input gives the same file. False, with a system error about out_path, on failure. */
bool yk_archive_save(struct _HPDF_Doc_Rec *pdf, const char *out_path, yk_diag *d);

/* The same bytes in memory: *data (the caller frees) and *len; name is for messages. When
 * sha256 is not NULL it gets the SHA-256 of those bytes, from the pass that made the /ID. */
bool yk_archive_bytes(struct _HPDF_Doc_Rec *pdf, const char *name, unsigned char **data,
                      size_t *len, unsigned char sha256[YK_SHA256_LEN], yk_diag *d);

/* A PDF text string for utf8: UTF-16BE with a byte order mark (surrogate pairs beyond the
 * BMP), for titles in Info and bookmarks. It belongs to mmgr's document. */
struct _HPDF_MMgr_Rec;
struct _HPDF_Binary_Rec;
struct _HPDF_Binary_Rec *yk_archive_text_string(struct _HPDF_MMgr_Rec *mmgr, const char *utf8);

#endif
