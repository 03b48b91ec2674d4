/* pdffont: a TrueType subset as a PDF font, written straight into a libharu document with its
 * object API — a Type0 font (Identity-H) over a CIDFontType2 whose CIDs are the codes text is
 * drawn with. Every width the PDF gives is read from the program's own hmtx, so what the PDF
 * claims and what the embedded program draws cannot disagree; the descriptor's metrics and
 * the font name come from the face the program was cut from. Only the used codes are
 * described (PDF/A-1b: /CIDSet, /W and /CIDToGIDMap over them alone). Several fonts may share
 * one program, each describing its own codes and glyphs of it.
 *
 * Why not HPDF_LoadTTFontFromFile + HPDF_GetFont: libharu then maps all 65,536 codes through
 * the subset's cmap with a linear search, builds a /W and a 128 KB CIDToGIDMap for all of
 * them, and re-reads and rewrites the program when saving — about half of a 様式1's time.
 *
 * The font returned is selected with yk_pdfcontent_font (HPDF_Page_SetFontAndSize) and its
 * text written as the 2-byte codes themselves (yk_pdfcontent_show): a code is the CID. It
 * has no encoder and no width function, so libharu's TextOut and TextWidth cannot measure
 * with it: measuring is layout's, from the font files. libharu includes stay in the
 * PDF-writing modules. */
#ifndef YK_PDFFONT_H
#define YK_PDFFONT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct _HPDF_Doc_Rec;
struct _HPDF_Dict_Rec;

typedef struct yk_pdffont_spec {
    const unsigned char *program; /* the TrueType subset; copied into the document unless */
    size_t program_len;           /* shared (below) */
    const uint32_t *codes;        /* the codes drawn, ascending, each in 1..0xFFFF */
    size_t count;
    const uint32_t *gids;         /* the program's glyph of each code; NULL: code n is glyph n */
    const char *tounicode;        /* the ToUnicode CMap text for those codes */
    unsigned index;               /* the font's number in the document (distinct tags) */
    const char *name;             /* PostScript name; NULL: the face's own, if any */
    const unsigned char *face;    /* the font file the program was cut from, whose face */
    size_t face_len;              /* face_index gives the FontDescriptor's metrics and the */
    unsigned face_index;          /* name; NULL: the program's own tables */
    struct _HPDF_Dict_Rec *shared; /* the FontFile2 stream of a font added before with the
                                      same program (yk_pdffont_program), or NULL */
} yk_pdffont_spec;

/* Adds the font to pdf; NULL when the program lacks a table it needs (head, hhea, hmtx,
 * maxp), a code's glyph is not in it, or libharu fails (its error handler has then been
 * told). The widths (/W) are the program's advances of the codes' glyphs, so a program shared
 * by several fonts serves each with the widths of its own glyphs. */
struct _HPDF_Dict_Rec *yk_pdffont_add(struct _HPDF_Doc_Rec *pdf, const yk_pdffont_spec *spec);

/* The subset tag of a program ("ABCDEF"): six capitals hashed from its index and its table
 * directory (whose checksums stand for the tables' bytes; all its bytes when it has none),
 * so the same document gives the same name and two fonts of one document differ. */
void yk_pdffont_tag(const unsigned char *program, size_t len, unsigned index, char tag[7]);

/* The FontFile2 stream of a font yk_pdffont_add made: another font of the document whose
 * glyphs are in the same program refers to it through its spec's shared. */
struct _HPDF_Dict_Rec *yk_pdffont_program(struct _HPDF_Dict_Rec *font);

#endif
