/* pdffont: a TrueType subset as a PDF font, written straight into a libharu document with its
 * object API — a Type0 font (Identity-H) over a CIDFontType2 whose CIDs are the codes text is
 * drawn with. Everything the PDF says about the font (the glyph of each code, its width, the
 * descriptor's metrics, the font name) is read from the subset's own tables, so what the PDF
 * claims and what the embedded program draws cannot disagree; only the used codes are
 * described (PDF/A-1b: /CIDSet, /W and /CIDToGIDMap over them alone).
 *
 * Why not HPDF_LoadTTFontFromFile + HPDF_GetFont: libharu then maps all 65,536 codes through
 * the subset's cmap with a linear search, builds a /W and a 128 KB CIDToGIDMap for all of
 * them, and re-reads and rewrites the program when saving — about half of a 様式1's time.
 *
 * The font returned works with HPDF_Page_SetFontAndSize and HPDF_Page_TextOut under libharu's
 * UTF-8 encoder, which turns each character of a string into one 2-byte code equal to its
 * code point: that code is the CID. libharu includes stay in the PDF-writing modules. */
#ifndef YK_PDFFONT_H
#define YK_PDFFONT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct _HPDF_Doc_Rec;
struct _HPDF_Dict_Rec;

typedef struct yk_pdffont_spec {
    const unsigned char *program; /* the TrueType subset; copied into the document */
    size_t program_len;
    const uint32_t *codes;        /* the codes drawn, ascending, each in 1..0xFFFF; the */
    size_t count;                 /* program's (3,1) or (0,x) format-4 cmap maps each one */
    const char *tounicode;        /* the ToUnicode CMap text for those codes */
    unsigned index;               /* the font's number in the document (distinct tags) */
    const char *name;             /* PostScript name; NULL: the program's own, if any */
} yk_pdffont_spec;

/* Adds the font to pdf; NULL when the program lacks a table it needs (head, hhea, hmtx,
 * cmap), maps a code to no glyph, or libharu fails (its error handler has then been told). */
struct _HPDF_Dict_Rec *yk_pdffont_add(struct _HPDF_Doc_Rec *pdf, const yk_pdffont_spec *spec);

/* The subset tag of a program ("ABCDEF"): six capitals hashed from its bytes and index, so
 * the same document gives the same name and two fonts of one document differ. */
void yk_pdffont_tag(const unsigned char *program, size_t len, unsigned index, char tag[7]);

#endif
