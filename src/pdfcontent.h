/* pdfcontent: operators written straight into a libharu page's content stream. The bytes are
 * those libharu's own operator functions write (numbers formatted as HPDF_FToA formats them)
 * and libharu's graphics state is kept as they keep it, without their cost: each clears a
 * 512-byte buffer one byte at a time, and HPDF_Page_TextOut decodes its string again and
 * measures it. A path is built and painted in one go, so libharu's graphics mode stays "page
 * description" around it; text objects are opened and closed by libharu (HPDF_Page_BeginText
 * and EndText), which resets the text matrix Td moves. A value outside libharu's range goes
 * to libharu's function, which reports it through the document's error handler. No state of
 * its own; only the PDF-writing modules include it. */
#ifndef YK_PDFCONTENT_H
#define YK_PDFCONTENT_H

#include <stddef.h>
#include <stdint.h>

/* libharu's page and font (HPDF_Page, HPDF_Font), named without including hpdf.h here. */
struct _HPDF_Dict_Rec;

/* re: a rectangle of the current path. */
void yk_pdfcontent_rect(struct _HPDF_Dict_Rec *page, double x, double y, double w, double h);

/* m or l (op): a point of the current path. */
void yk_pdfcontent_point(struct _HPDF_Dict_Rec *page, double x, double y, const char *op);

/* f or S (op): paints and ends the current path. */
void yk_pdfcontent_paint(struct _HPDF_Dict_Rec *page, const char *op);

/* g, w, Tc */
void yk_pdfcontent_gray_fill(struct _HPDF_Dict_Rec *page, double gray);
void yk_pdfcontent_line_width(struct _HPDF_Dict_Rec *page, double width);
void yk_pdfcontent_char_space(struct _HPDF_Dict_Rec *page, double space);

/* Tf, naming the font in the page's resources (libharu adds it there on its first use). */
void yk_pdfcontent_font(struct _HPDF_Dict_Rec *page, struct _HPDF_Dict_Rec *font,
                        double size);

/* Td to (x, y), computed from the text matrix as HPDF_Page_TextOut computes it (in
 * HPDF_REAL; nothing here writes a Tm, so the matrix is BT's but for its origin). */
void yk_pdfcontent_move_text(struct _HPDF_Dict_Rec *page, double x, double y);

/* Tj of a hex string of 2-byte codes (a Type0 font with Identity-H: the codes are CIDs). */
void yk_pdfcontent_show(struct _HPDF_Dict_Rec *page, const uint16_t *codes, size_t count);

#endif
