/* pdfcontent: operators written straight into a libharu page's content stream, as libharu's
 * own functions write them (see pdfcontent.h). */
#include "pdfcontent.h"

#include <hpdf.h>
#include <hpdf_font.h>
#include <hpdf_pages.h>
#include <string.h>

static HPDF_PageAttr attr_of(HPDF_Page page)
{
    return (HPDF_PageAttr)page->attr;
}

/* A number as HPDF_FToA writes it (the same arithmetic, in HPDF_REAL and double, the same
 * limits): five decimals, then trailing zeros and a bare point dropped. */
static char *put_real(char *s, HPDF_REAL val)
{
    char buf[HPDF_REAL_LEN + 1];
    char *start = s, *t = buf + HPDF_REAL_LEN;
    if (val > HPDF_LIMIT_MAX_REAL)
        val = HPDF_LIMIT_MAX_REAL;
    else if (val < HPDF_LIMIT_MIN_REAL)
        val = HPDF_LIMIT_MIN_REAL;
    *t-- = '\0';
    if (val < 0) {
        *s++ = '-';
        val = -val;
    }
    HPDF_INT32 int_val = (HPDF_INT32)(val + 0.000005);
    HPDF_INT32 fpart_val = (HPDF_INT32)((HPDF_REAL)(val - int_val + 0.000005) * 100000);
    for (int i = 0; i < 5; i++) {
        *t-- = (char)((char)(fpart_val % 10) + '0');
        fpart_val /= 10;
    }
    *t-- = '.';
    *t = '0';
    if (int_val == 0)
        t--;
    while (int_val > 0) {
        *t-- = (char)((char)(int_val % 10) + '0');
        int_val /= 10;
    }
    for (t++; *t;)
        *s++ = *t++;
    while (s - 1 > start && s[-1] == '0')
        s--;
    if (s - 1 > start && s[-1] == '.')
        s--;
    return s;
}

/* Writes "v… op\n" (at most four numbers). */
static void put_op(HPDF_Page page, const HPDF_REAL *v, size_t n, const char *op)
{
    char buf[4 * (HPDF_REAL_LEN + 2) + 8];
    char *p = buf;
    for (size_t i = 0; i < n && i < 4; i++) {
        p = put_real(p, v[i]);
        *p++ = ' ';
    }
    size_t len = strlen(op);
    memcpy(p, op, len);
    p[len] = '\n';
    HPDF_Stream_Write(attr_of(page)->stream, (const HPDF_BYTE *)buf,
                      (HPDF_UINT)(p + len + 1 - buf));
}

void yk_pdfcontent_rect(HPDF_Page page, double x, double y, double w, double h)
{
    const HPDF_REAL v[4] = {(HPDF_REAL)x, (HPDF_REAL)y, (HPDF_REAL)w, (HPDF_REAL)h};
    put_op(page, v, 4, "re");
}

void yk_pdfcontent_point(HPDF_Page page, double x, double y, const char *op)
{
    const HPDF_REAL v[2] = {(HPDF_REAL)x, (HPDF_REAL)y};
    put_op(page, v, 2, op);
}

void yk_pdfcontent_paint(HPDF_Page page, const char *op)
{
    put_op(page, NULL, 0, op);
}

void yk_pdfcontent_gray_fill(HPDF_Page page, double gray)
{
    HPDF_REAL g = (HPDF_REAL)gray;
    if (g < 0 || g > 1) {
        HPDF_Page_SetGrayFill(page, g);
        return;
    }
    put_op(page, &g, 1, "g");
    attr_of(page)->gstate->gray_fill = g;
    attr_of(page)->gstate->cs_fill = HPDF_CS_DEVICE_GRAY;
}

void yk_pdfcontent_line_width(HPDF_Page page, double width)
{
    HPDF_REAL w = (HPDF_REAL)width;
    if (w < 0) {
        HPDF_Page_SetLineWidth(page, w);
        return;
    }
    put_op(page, &w, 1, "w");
    attr_of(page)->gstate->line_width = w;
}

void yk_pdfcontent_char_space(HPDF_Page page, double space)
{
    HPDF_REAL tc = (HPDF_REAL)space;
    if (tc < HPDF_MIN_CHARSPACE || tc > HPDF_MAX_CHARSPACE) {
        HPDF_Page_SetCharSpace(page, tc);
        return;
    }
    put_op(page, &tc, 1, "Tc");
    attr_of(page)->gstate->char_space = tc;
}

void yk_pdfcontent_font(HPDF_Page page, HPDF_Font font, double size)
{
    HPDF_PageAttr attr = attr_of(page);
    HPDF_REAL sz = (HPDF_REAL)size;
    const char *name = sz > 0 && sz <= HPDF_MAX_FONTSIZE && HPDF_Font_Validate(font) &&
                               font->mmgr == page->mmgr
                           ? HPDF_Page_GetLocalFontName(page, font)
                           : NULL;
    if (!name) {
        HPDF_Page_SetFontAndSize(page, font, sz);
        return;
    }
    HPDF_Stream_WriteEscapeName(attr->stream, name);
    char buf[HPDF_REAL_LEN + 8];
    char *p = buf;
    *p++ = ' ';
    p = put_real(p, sz);
    memcpy(p, " Tf\n", 4);
    HPDF_Stream_Write(attr->stream, (const HPDF_BYTE *)buf, (HPDF_UINT)(p + 4 - buf));
    attr->gstate->font = font;
    attr->gstate->font_size = sz;
    attr->gstate->writing_mode = ((HPDF_FontAttr)font->attr)->writing_mode;
}

/* HPDF_Page_TextOut's relative position with a matrix of scale 1 and no rotation is exact
 * float subtraction; the origin then moves as HPDF_Page_MoveTextPos moves it. */
void yk_pdfcontent_move_text(HPDF_Page page, double x, double y)
{
    HPDF_TransMatrix *m = &attr_of(page)->text_matrix;
    const HPDF_REAL v[2] = {(HPDF_REAL)x - m->x, (HPDF_REAL)y - m->y};
    put_op(page, v, 2, "Td");
    m->x += v[0];
    m->y += v[1];
    attr_of(page)->text_pos.x = m->x;
    attr_of(page)->text_pos.y = m->y;
}

void yk_pdfcontent_show(HPDF_Page page, const uint16_t *codes, size_t count)
{
    static const char hex[] = "0123456789ABCDEF";
    HPDF_Stream s = attr_of(page)->stream;
    char buf[4 * 64];
    HPDF_Stream_Write(s, (const HPDF_BYTE *)"<", 1);
    for (size_t i = 0; i < count;) {
        size_t n = 0;
        for (; i < count && n < sizeof buf; i++, n += 4) {
            uint16_t c = codes[i];
            buf[n] = hex[c >> 12], buf[n + 1] = hex[(c >> 8) & 15];
            buf[n + 2] = hex[(c >> 4) & 15], buf[n + 3] = hex[c & 15];
        }
        HPDF_Stream_Write(s, (const HPDF_BYTE *)buf, (HPDF_UINT)n);
    }
    HPDF_Stream_Write(s, (const HPDF_BYTE *)"> Tj\n", 5);
}
