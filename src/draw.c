/* draw: paints a layout with libharu. Everything a call creates (the document, the subset
 * font files in a private temporary directory) is released before it returns; there is no
 * global state, so threads may draw different documents at once.
 *
 * libharu 2.3 draws the pages through its public API; the fonts are not libharu's own: each
 * subset goes in whole as a Type0/CIDFontType2 font that pdffont builds (libharu's TrueType
 * path maps all 65,536 codes and writes a ToUnicode that is no ToUnicode, see libharu.md in
 * the shared docs). Everything PDF/A-1b needs (metadata, output intent, the /ID and the
 * saving itself) is archive's. */
#include "draw.h"

#include <errno.h>
#include <hpdf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "archive.h"
#include "pdffont.h"

/* libharu's UTF-8 encoder maps one character to one 2-byte code, equal to the BMP code point;
 * a TextOut string longer than this is refused. */
#define MAX_CODE 0xFFFFu
#define MAX_TEXT_BYTES 65535u
#define TOUNICODE_BLOCK 100 /* entries per bfchar/bfrange block, the CMap limit */

/* One family the layout uses: which characters, and libharu's font once loaded. */
typedef struct face_use {
    const yk_font *font;
    unsigned char *used; /* bitmap over the BMP */
    uint32_t *cps;       /* the used code points, ascending */
    size_t cp_count;
    HPDF_Font hfont;
} face_use;

typedef struct draw_job {
    const yk_layout *layout;
    const char *out_path;  /* the file written, or the name in messages for memory */
    unsigned char **mem;   /* set: the PDF goes to *mem and *mem_len instead */
    size_t *mem_len;
    yk_diag *d;
    face_use *faces; /* parallel to the caller's fonts */
    size_t face_count;
    char *tmp_dir;   /* NULL until created */
    char **tmp_files;
    size_t tmp_count;
    bool hpdf_failed; /* set by the error handler; only the first error is reported */
    yk_timings *timings; /* NULL when nobody asked */
    double mark;         /* the clock at the end of the last timed stage */
} draw_job;

/* ---- libharu errors ---- */

static const char *hpdf_error_text(HPDF_STATUS code)
{
    switch (code) {
    case HPDF_FAILD_TO_ALLOC_MEM: return "out of memory";
    case HPDF_FILE_IO_ERROR: return "file input/output error";
    case HPDF_FILE_OPEN_ERROR: return "cannot open file";
    case HPDF_INVALID_DATE_TIME: return "invalid date";
    case HPDF_PAGE_INVALID_SIZE: return "invalid page size";
    case HPDF_PAGE_OUT_OF_RANGE: return "value out of range";
    case HPDF_TTF_CANNOT_EMBEDDING_FONT: return "the font does not allow embedding";
    case HPDF_TTF_INVALID_CMAP: return "the font's cmap is not usable";
    case HPDF_TTF_INVALID_FOMAT: return "invalid TrueType font";
    case HPDF_TTF_MISSING_TABLE: return "the font lacks a required table";
    default: return "error";
    }
}

static void on_hpdf_error(HPDF_STATUS error_no, HPDF_STATUS detail_no, void *user_data)
{
    draw_job *job = user_data;
    if (job->hpdf_failed)
        return; /* later errors are consequences of the first */
    job->hpdf_failed = true;
    yk_diag_syserror(job->d, job->out_path, "PDF writer (libharu): %s (code 0x%04X, detail %u)",
                     hpdf_error_text(error_no), (unsigned)error_no, (unsigned)detail_no);
}

/* ---- checking the text and collecting the code points ---- */

static const char *box_name(const yk_layout_box *box)
{
    return box->cell ? box->cell : box->field;
}

static face_use *face_for(draw_job *job, const char *family)
{
    for (size_t i = 0; i < job->face_count; i++)
        if (family && strcmp(yk_font_family(job->faces[i].font), family) == 0)
            return &job->faces[i];
    return NULL;
}

/* Why cp cannot be drawn with face, or NULL when it can. */
static const char *cp_problem(const face_use *face, uint32_t cp, size_t bytes)
{
    if (cp == 0xFFFD && bytes == 1)
        return YK_N_("is not valid UTF-8");
    if (cp > MAX_CODE)
        return YK_N_("lies beyond U+FFFF, which the PDF writer cannot encode");
    if (cp < 0x20 || cp == 0x7F)
        return YK_N_("is a control character");
    if (!yk_font_has(face->font, cp))
        return YK_N_("is not in the font");
    return NULL;
}

/* Marks the line's characters as used, or reports the first one that cannot be drawn. */
static bool collect_line(draw_job *job, face_use *face, const yk_layout_box *box,
                         const yk_layout_line *line)
{
    size_t len = strlen(line->text);
    if (len >= MAX_TEXT_BYTES) {
        yk_diag_error(job->d, NULL, 0, 0, box_name(box), "a line of %zu bytes is too long to draw",
                      len);
        return false;
    }
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        size_t n = yk_utf8_decode(line->text + i, len - i, &cp);
        const char *problem = cp_problem(face, cp, n);
        if (problem) {
            char shown[5] = {0};
            if (cp >= 0x20 && cp != 0x7F && !(cp == 0xFFFD && n == 1))
                yk_utf8_encode(cp, shown);
            yk_diag_error(job->d, NULL, 0, 0, box_name(box),
                          "cannot draw '%s' (U+%04X): it %s (font '%s')", shown, (unsigned)cp,
                          yk_tr(problem), yk_font_family(face->font));
            return false;
        }
        face->used[cp >> 3] |= (unsigned char)(1u << (cp & 7));
        i += n;
    }
    return true;
}

static bool collect_box(draw_job *job, const yk_layout_box *box)
{
    if (box->line_count == 0)
        return true;
    face_use *face = face_for(job, box->family);
    if (!face) {
        yk_diag_syserror(job->d, NULL, "no font was given for family '%s' (cell %s)",
                         box->family ? box->family : "(none)", box_name(box));
        return false;
    }
    bool ok = true;
    for (size_t i = 0; i < box->line_count; i++)
        ok &= collect_line(job, face, box, &box->lines[i]);
    return ok;
}

static void list_used(face_use *face)
{
    face->cps = yk_xmalloc(0x10000 * sizeof *face->cps);
    for (uint32_t cp = 0; cp <= MAX_CODE; cp++)
        if (face->used[cp >> 3] & (1u << (cp & 7)))
            face->cps[face->cp_count++] = cp;
}

/* Every check happens before libharu sees anything, so a bad character never becomes a
 * silent space or .notdef box in a file. */
static bool collect(draw_job *job)
{
    bool ok = true;
    for (size_t p = 0; p < job->layout->page_count; p++) {
        const yk_layout_page *page = &job->layout->pages[p];
        for (size_t b = 0; b < page->box_count; b++)
            ok &= collect_box(job, &page->boxes[b]);
    }
    for (size_t i = 0; i < job->face_count; i++)
        list_used(&job->faces[i]);
    return ok;
}

/* ---- fonts: subset, load, repair ---- */

static bool make_tmp_dir(draw_job *job, const char *base)
{
    char *templ = yk_xasprintf("%s/yoshiki-draw-XXXXXX", base && *base ? base : "/tmp");
    if (!mkdtemp(templ)) {
        char eb[YK_ERRBUF];
        yk_diag_syserror(job->d, templ, "cannot create a temporary directory: %s",
                         yk_strerror(errno, eb, sizeof eb));
        free(templ);
        return false;
    }
    job->tmp_dir = templ;
    job->tmp_files = yk_xcalloc(job->face_count, sizeof *job->tmp_files);
    return true;
}

static void remove_tmp(draw_job *job)
{
    for (size_t i = 0; i < job->tmp_count; i++) {
        unlink(job->tmp_files[i]);
        free(job->tmp_files[i]);
    }
    free(job->tmp_files);
    if (job->tmp_dir)
        rmdir(job->tmp_dir);
    free(job->tmp_dir);
}

static void add_hex4(yk_buf *b, uint32_t code)
{
    yk_buf_addf(b, "<%04X>", (unsigned)code);
}

/* Length of the run of consecutive codes starting at cps[i] that stays within one block of
 * 256 (a bfrange may only vary its last byte). */
static size_t run_length(const uint32_t *cps, size_t count, size_t i)
{
    size_t n = 1;
    while (i + n < count && cps[i + n] == cps[i] + n && (cps[i + n] >> 8) == (cps[i] >> 8))
        n++;
    return n;
}

/* Appends the bfchar (single) or bfrange (run) entries, in blocks of at most 100. */
static void add_mappings(yk_buf *b, const uint32_t *cps, size_t count, bool ranges)
{
    const char *kind = ranges ? "bfrange" : "bfchar";
    yk_buf entries = {0};
    size_t in_block = 0;
    for (size_t i = 0; i < count;) {
        size_t n = run_length(cps, count, i);
        if ((n > 1) == ranges) {
            add_hex4(&entries, cps[i]); /* code = BMP code point in libharu's UTF-8 encoder */
            if (ranges) {
                yk_buf_addc(&entries, ' ');
                add_hex4(&entries, cps[i] + (uint32_t)n - 1);
            }
            yk_buf_addc(&entries, ' ');
            add_hex4(&entries, cps[i]); /* UTF-16BE of a BMP character is the code itself */
            yk_buf_addc(&entries, '\n');
            in_block++;
        }
        i += n;
        if (in_block == TOUNICODE_BLOCK || (i == count && in_block > 0)) {
            yk_buf_addf(b, "%zu begin%s\n%send%s\n", in_block, kind, entries.data, kind);
            yk_buf_free(&entries);
            in_block = 0;
        }
    }
    yk_buf_free(&entries);
}

static char *tounicode_text(const face_use *face)
{
    yk_buf b = {0};
    yk_buf_adds(&b, "/CIDInit /ProcSet findresource begin\n"
                    "12 dict begin\n"
                    "begincmap\n"
                    "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
                    "/CMapName /Adobe-Identity-UCS def\n"
                    "/CMapType 2 def\n"
                    "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
    add_mappings(&b, face->cps, face->cp_count, false);
    add_mappings(&b, face->cps, face->cp_count, true);
    yk_buf_adds(&b, "endcmap\n"
                    "CMapName currentdict /CMap defineresource pop\n"
                    "end\n"
                    "end\n");
    return yk_buf_take(&b);
}

/* The subset goes into the PDF as it is (pdffont), never through libharu's TrueType loader. */
static bool load_face(draw_job *job, HPDF_Doc pdf, face_use *face, size_t index)
{
    char *path = yk_xasprintf("%s/font%zu.ttf", job->tmp_dir, index);
    job->tmp_files[job->tmp_count++] = path;
    yk_timings_lap(job->timings, YK_STAGE_EMBED, &job->mark);
    bool subset = yk_font_subset(face->font, face->cps, face->cp_count, path, job->d);
    yk_timings_lap(job->timings, YK_STAGE_SUBSET, &job->mark);
    if (!subset)
        return false;
    size_t len;
    unsigned char *program = (unsigned char *)yk_read_file(path, &len);
    if (!program) {
        yk_diag_syserror(job->d, path, "cannot read the font subset back: %s", strerror(errno));
        return false;
    }
    char *tounicode = tounicode_text(face);
    yk_pdffont_spec spec = {program, len, face->cps, face->cp_count, tounicode, (unsigned)index};
    face->hfont = yk_pdffont_add(pdf, &spec);
    free(tounicode);
    free(program);
    if (!face->hfont && !job->hpdf_failed)
        yk_diag_syserror(job->d, job->out_path,
                         "PDF writer: the font subset of '%s' cannot be embedded",
                         yk_font_family(face->font));
    return face->hfont != NULL;
}

/* Fonts no box uses are not embedded at all. */
static bool load_faces(draw_job *job, HPDF_Doc pdf)
{
    for (size_t i = 0; i < job->face_count; i++)
        if (job->faces[i].cp_count > 0 && !load_face(job, pdf, &job->faces[i], i))
            return false;
    return true;
}

/* ---- pages ---- */

static void fill_box(HPDF_Page page, const yk_layout_box *box)
{
    HPDF_Page_SetGrayFill(page, (HPDF_REAL)box->fill_gray);
    HPDF_Page_Rectangle(page, (HPDF_REAL)box->x, (HPDF_REAL)box->y, (HPDF_REAL)box->w,
                        (HPDF_REAL)box->h);
    HPDF_Page_Fill(page);
    HPDF_Page_SetGrayFill(page, 0); /* text is black */
}

/* Strokes the chosen edges, joining adjacent ones into one path so corners get a proper
 * join instead of two butt ends. Edge i runs from corner i to corner i+1 (TL, TR, BR, BL). */
static void stroke_edges(HPDF_Page page, const yk_layout_box *box)
{
    const double cx[4] = {box->x, box->x + box->w, box->x + box->w, box->x};
    const double cy[4] = {box->y + box->h, box->y + box->h, box->y, box->y};
    unsigned edges = box->edges & YK_EDGE_ALL;
    HPDF_Page_SetLineWidth(page, (HPDF_REAL)box->line_width);
    if (edges == YK_EDGE_ALL) {
        HPDF_Page_Rectangle(page, (HPDF_REAL)box->x, (HPDF_REAL)box->y, (HPDF_REAL)box->w,
                            (HPDF_REAL)box->h);
    } else {
        for (int i = 0; i < 4; i++) {
            /* a path starts at an edge whose predecessor is not drawn */
            if (!(edges & (1u << i)) || (edges & (1u << ((i + 3) % 4))))
                continue;
            HPDF_Page_MoveTo(page, (HPDF_REAL)cx[i], (HPDF_REAL)cy[i]);
            for (int e = i; edges & (1u << (e % 4)); e++)
                HPDF_Page_LineTo(page, (HPDF_REAL)cx[(e + 1) % 4], (HPDF_REAL)cy[(e + 1) % 4]);
        }
    }
    HPDF_Page_Stroke(page);
}

static void text_box(draw_job *job, HPDF_Page page, const yk_layout_box *box)
{
    HPDF_Font font = face_for(job, box->family)->hfont;
    if (!font)
        return; /* every line of the family is empty, so the font was never loaded */
    HPDF_Page_BeginText(page);
    HPDF_Page_SetFontAndSize(page, font, (HPDF_REAL)box->font_size);
    for (size_t i = 0; i < box->line_count; i++) {
        const yk_layout_line *line = &box->lines[i];
        if (line->text[0])
            HPDF_Page_TextOut(page, (HPDF_REAL)line->x, (HPDF_REAL)line->y, line->text);
    }
    HPDF_Page_EndText(page);
}

static bool draw_page(draw_job *job, HPDF_Doc pdf, const yk_layout_page *lp)
{
    HPDF_Page page = HPDF_AddPage(pdf);
    if (!page)
        return false;
    HPDF_Page_SetWidth(page, (HPDF_REAL)lp->width);
    HPDF_Page_SetHeight(page, (HPDF_REAL)lp->height);
    for (size_t b = 0; b < lp->box_count && !job->hpdf_failed; b++) {
        const yk_layout_box *box = &lp->boxes[b];
        if (box->fill_gray >= 0)
            fill_box(page, box);
        if ((box->edges & YK_EDGE_ALL) && box->line_width > 0)
            stroke_edges(page, box);
        if (box->line_count > 0)
            text_box(job, page, box);
    }
    return !job->hpdf_failed;
}

/* ---- the document ---- */

static yk_archive_info archive_info(const yk_draw_meta *meta)
{
    yk_archive_info info = {0};
    if (meta) {
        info.title = meta->title, info.author = meta->author, info.subject = meta->subject;
        info.epoch = meta->epoch;
        info.icc_profile = meta->icc_profile;
    }
    return info;
}

static bool write_document(draw_job *job, const yk_draw_meta *meta)
{
    size_t errors_before = yk_diag_errors(job->d);
    yk_timings_lap(job->timings, YK_STAGE_DRAW, &job->mark); /* checking what is drawn */
    HPDF_Doc pdf = HPDF_New(on_hpdf_error, job);
    if (!pdf) {
        yk_diag_syserror(job->d, job->out_path, "PDF writer (libharu): cannot start a document");
        return false;
    }
    yk_archive_info info = archive_info(meta);
    /* compression must be on before the first page, or its content stream stays plain */
    bool ok = HPDF_SetCompressionMode(pdf, HPDF_COMP_ALL) == HPDF_OK &&
              HPDF_UseUTFEncodings(pdf) == HPDF_OK &&
              yk_archive_begin(pdf, &info, job->out_path, job->d) && load_faces(job, pdf);
    yk_timings_lap(job->timings, YK_STAGE_EMBED, &job->mark);
    for (size_t p = 0; ok && p < job->layout->page_count; p++)
        ok = draw_page(job, pdf, &job->layout->pages[p]);
    yk_timings_lap(job->timings, YK_STAGE_DRAW, &job->mark);
    ok = ok && (job->mem ? yk_archive_bytes(pdf, job->out_path, job->mem, job->mem_len, job->d)
                         : yk_archive_save(pdf, job->out_path, job->d));
    yk_timings_lap(job->timings, YK_STAGE_SAVE, &job->mark);
    if (!ok && yk_diag_errors(job->d) == errors_before)
        yk_diag_syserror(job->d, job->out_path, "PDF writer (libharu) failed");
    HPDF_Free(pdf); /* closes the subset files, which may then be removed */
    return ok;
}

static bool draw(draw_job *job, const yk_font *const *fonts, const yk_draw_meta *meta)
{
    size_t font_count = job->face_count;
    job->timings = meta ? meta->timings : NULL;
    job->mark = yk_clock_ms();
    job->faces = yk_xcalloc(font_count, sizeof *job->faces);
    for (size_t i = 0; i < font_count; i++) {
        job->faces[i].font = fonts[i];
        job->faces[i].used = yk_xcalloc(0x10000 / 8, 1);
    }
    bool ok = collect(job) && make_tmp_dir(job, meta ? meta->tmp_dir : NULL) &&
              write_document(job, meta);
    remove_tmp(job);
    for (size_t i = 0; i < font_count; i++) {
        free(job->faces[i].used);
        free(job->faces[i].cps);
    }
    free(job->faces);
    return ok;
}

bool yk_draw_pdf(const yk_layout *layout, const yk_font *const *fonts, size_t font_count,
                 const yk_draw_meta *meta, const char *out_path, yk_diag *d)
{
    draw_job job = {.layout = layout, .out_path = out_path, .d = d, .face_count = font_count};
    return draw(&job, fonts, meta);
}

bool yk_draw_pdf_memory(const yk_layout *layout, const yk_font *const *fonts, size_t font_count,
                        const yk_draw_meta *meta, const char *name, unsigned char **data,
                        size_t *len, yk_diag *d)
{
    *data = NULL;
    *len = 0;
    draw_job job = {.layout = layout, .out_path = name, .mem = data, .mem_len = len, .d = d,
                    .face_count = font_count};
    return draw(&job, fonts, meta);
}
