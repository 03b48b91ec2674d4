/* draw: paints a layout with libharu. Everything a call creates (the document, the font
 * subsets, made in memory) is released before it returns; there is no global state, so
 * threads may draw different documents at once.
 *
 * libharu 2.3 draws the pages through its public API; the fonts are not libharu's own: each
 * subset goes in whole as a Type0/CIDFontType2 font that pdffont builds (libharu's TrueType
 * path maps all 65,536 codes and writes a ToUnicode that is no ToUnicode, see libharu.md in
 * the shared docs). The structure tree and marked content of a tagged PDF are tag's
 * (draw_box is the one place that calls it). Everything PDF/A needs (metadata, output
 * intent, the /ID and the saving itself) is archive's. */
#include "draw.h"

#include <math.h>
#include <hpdf.h>
#include <hpdf_pages.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "archive.h"
#include "glyphcodes.h"
#include "pdffont.h"
#include "pdfcontent.h"
#include "pdfoutline.h"
#include "tag.h"

/* Each glyph is drawn as a 2-byte code, which is its CID; glyphcodes chooses the codes. A
 * line's text is at most this long (libharu's limit for one string). */
#define MAX_TEXT_BYTES 65535u

/* The glyphs of one embedded font program, by glyph number - 1, and the code of each (the
 * codes ascend; glyph n is code n but past the surrogates, which no code takes). */
typedef struct program {
    yk_font_glyph_ref *glyphs;
    uint16_t *codes;
    size_t count, cap;
    unsigned char *bytes; /* once written */
    size_t len;
} program;

/* One font the layout uses: its glyphs' codes, and libharu's font once loaded. */
typedef struct face_use {
    const yk_font *font;
    yk_glyph_codes *codes;
    uint32_t *cids;      /* the assigned codes, ascending, for archive */
    uint32_t *gids;      /* the program's glyph of each */
    size_t cid_count;
    size_t owner;        /* the face whose program holds this face's glyphs (itself, or one */
    program prog;        /* before it drawing some of the same glyphs); the program, if own */
    HPDF_Font hfont;
} face_use;

typedef struct draw_job {
    const yk_draw_part *parts; /* one document: one part; a book: one per ward */
    size_t part_count;
    const yk_layout *layout;   /* the part being collected or drawn (see use_part) */
    const char *out_path;  /* the file written, or the name in messages for memory */
    unsigned char **mem;   /* set: the PDF goes to *mem and *mem_len instead */
    size_t *mem_len;
    yk_diag *d;
    face_use *faces; /* parallel to the caller's fonts */
    size_t face_count;
    face_use **by_family; /* parallel to layout->families of the part in use */
    bool hpdf_failed; /* set by the error handler; only the first error is reported */
    yk_timings *timings; /* NULL when nobody asked */
    double mark;         /* the clock at the end of the last timed stage */
    yk_tag *tag;         /* the structure tree (tagged PDF) */
    uint16_t *run;       /* the codes of the run being drawn (text_line) */
    size_t run_cap;
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

/* ---- collecting the glyphs ---- */

static const char *box_name(const yk_layout_box *box)
{
    return box->cell ? box->cell : box->field;
}

static face_use *face_named(draw_job *job, const char *family)
{
    for (size_t i = 0; i < job->face_count; i++)
        if (family && strcmp(yk_font_family(job->faces[i].font), family) == 0)
            return &job->faces[i];
    return NULL;
}

static face_use *face_of(const draw_job *job, const yk_layout_glyph *g)
{
    return g->font < job->layout->family_count ? job->by_family[g->font] : NULL;
}

static bool collect_line(draw_job *job, const yk_layout_box *box, const yk_layout_line *line)
{
    if (strlen(line->text) >= MAX_TEXT_BYTES / 3) {
        yk_diag_error(job->d, NULL, 0, 0, box_name(box), "a line of %zu bytes is too long to draw",
                      strlen(line->text));
        return false;
    }
    for (size_t i = 0; i < line->glyph_count; i++) {
        const yk_layout_glyph *g = &line->glyphs[i];
        face_use *face = face_of(job, g);
        if (!face) {
            const char *family = g->font < job->layout->family_count
                                     ? job->layout->families[g->font] : "(none)";
            yk_diag_syserror(job->d, NULL, "no font was given for family '%s' (cell %s)", family,
                             box_name(box));
            return false;
        }
        yk_glyph_codes_use(face->codes, g->gid, line->text + g->start, g->len);
    }
    return true;
}

static void program_add(program *p, const yk_font *font, uint32_t gid, uint16_t code)
{
    if (p->count == p->cap) {
        p->cap = p->cap ? 2 * p->cap : 64;
        p->glyphs = yk_xrealloc(p->glyphs, p->cap * sizeof *p->glyphs);
        p->codes = yk_xrealloc(p->codes, p->cap * sizeof *p->codes);
    }
    p->glyphs[p->count] = (yk_font_glyph_ref){font, gid};
    p->codes[p->count++] = code;
}

/* The glyphs of a program by key, for finding one a later font draws the same. */
typedef struct glyph_index {
    const program *prog;
    size_t *slots; /* glyph number, 0 = empty */
    uint64_t *keys;
    size_t mask;
    const yk_font *font; /* the font asking */
} glyph_index;

static void index_build(glyph_index *ix, const program *p)
{
    size_t n = 16;
    while (n < 2 * p->count)
        n *= 2;
    ix->prog = p, ix->mask = n - 1;
    ix->slots = yk_xcalloc(n, sizeof *ix->slots);
    ix->keys = yk_xcalloc(n, sizeof *ix->keys);
    for (size_t i = 0; i < p->count; i++) {
        uint64_t key = yk_font_glyph_key(p->glyphs[i].font, p->glyphs[i].gid);
        size_t at = (size_t)key & ix->mask;
        while (ix->slots[at])
            at = (at + 1) & ix->mask;
        ix->slots[at] = i + 1, ix->keys[at] = key;
    }
}

/* The code of the program's glyph that is the same as gid of the asking font, or 0. */
static uint16_t index_find(void *ctx, uint32_t gid)
{
    const glyph_index *ix = ctx;
    uint64_t key = yk_font_glyph_key(ix->font, gid);
    for (size_t at = (size_t)key & ix->mask; ix->slots[at]; at = (at + 1) & ix->mask) {
        const yk_font_glyph_ref *g = &ix->prog->glyphs[ix->slots[at] - 1];
        if (ix->keys[at] == key && yk_font_same_glyph(g->font, g->gid, ix->font, gid))
            return ix->prog->codes[ix->slots[at] - 1];
    }
    return 0;
}

/* Puts face's glyphs into owner's program when some of them are already in it (an identical
 * glyph of another family, e.g. a kanji both draw): those keep the program's codes, the rest
 * are added after. False when none is shared (face then keeps a program of its own). */
static bool join_program(face_use *owner, face_use *face)
{
    program *p = &owner->prog;
    glyph_index ix = {.font = face->font};
    index_build(&ix, p);
    size_t n, shared = 0;
    const yk_font_code *list = yk_glyph_codes_list(face->codes, &n);
    for (size_t k = 0; k < n && !shared; k++)
        shared = index_find(&ix, list[k].gid) != 0;
    uint32_t first = p->count ? (uint32_t)p->codes[p->count - 1] + 1 : 1;
    bool ok = shared && yk_glyph_codes_assign_shared(face->codes, first, index_find, &ix);
    free(ix.slots);
    free(ix.keys);
    if (!ok) {
        if (shared) /* too many codes for one program: one of its own, as before */
            yk_glyph_codes_assign(face->codes);
        return false;
    }
    list = yk_glyph_codes_list(face->codes, &n);
    for (size_t k = 0; k < n; k++)
        if (list[k].code >= first)
            program_add(p, face->font, list[k].gid, list[k].code);
    return true;
}

/* The program glyph of each of face's codes. */
static void map_codes(face_use *face, const program *p)
{
    size_t n;
    const yk_font_code *list = yk_glyph_codes_list(face->codes, &n);
    face->cids = yk_xmalloc((n ? n : 1) * sizeof *face->cids);
    face->gids = yk_xmalloc((n ? n : 1) * sizeof *face->gids);
    for (size_t k = 0, at = 0; k < n; k++) {
        while (at < p->count && p->codes[at] < list[k].code)
            at++;
        face->cids[k] = list[k].code;
        face->gids[k] = (uint32_t)at + 1; /* p->codes[at] == list[k].code */
    }
    face->cid_count = n;
}

/* A program glyph with what it draws, for ordering a shared program. */
typedef struct keyed_glyph {
    const char *text;
    size_t len, face, at; /* at: its place in the program before ordering */
    uint32_t gid;
} keyed_glyph;

static int by_text_then_face(const void *a, const void *b)
{
    const keyed_glyph *x = a, *y = b;
    int c = memcmp(x->text, y->text, x->len < y->len ? x->len : y->len);
    if (c == 0)
        c = (x->len > y->len) - (x->len < y->len);
    if (c == 0)
        c = (x->face > y->face) - (x->face < y->face);
    return c ? c : (x->gid > y->gid) - (x->gid < y->gid);
}

/* The index of the face that put glyph k into owner's program. */
static size_t face_of_glyph(const draw_job *job, size_t owner, const yk_font_glyph_ref *g)
{
    for (size_t i = owner; i < job->face_count; i++)
        if (job->faces[i].owner == owner && job->faces[i].font == g->font)
            return i;
    return owner;
}

/* Renumbers a shared program's glyphs in text order over all its fonts. Assigned font by
 * font, the second family's glyphs all followed the first's, so the full-width and the
 * proportional form of one kana lay tens of kilobytes apart, out of deflate's 32 KB window;
 * side by side their outlines compress as one (Tsurumi 様式1: about 2.5 KB less). */
static void order_by_text(draw_job *job, size_t owner)
{
    program *p = &job->faces[owner].prog;
    size_t m = p->count;
    for (size_t k = 0; k < m; k++)
        if (p->codes[k] != k + 1)
            return; /* codes past the surrogates: left as assigned */
    keyed_glyph *g = yk_xmalloc((m ? m : 1) * sizeof *g);
    for (size_t k = 0; k < m; k++) {
        size_t f = face_of_glyph(job, owner, &p->glyphs[k]);
        size_t len = 0;
        const char *text = yk_glyph_codes_text(job->faces[f].codes, p->codes[k], &len);
        g[k] = (keyed_glyph){text ? text : "", text ? len : 0, f, k, p->glyphs[k].gid};
    }
    qsort(g, m, sizeof *g, by_text_then_face);
    uint16_t *map = yk_xcalloc(m + 1, sizeof *map);
    yk_font_glyph_ref *glyphs = yk_xmalloc((m ? m : 1) * sizeof *glyphs);
    for (size_t k = 0; k < m; k++) {
        map[g[k].at + 1] = (uint16_t)(k + 1);
        glyphs[k] = p->glyphs[g[k].at];
    }
    for (size_t i = owner; i < job->face_count; i++)
        if (job->faces[i].owner == owner)
            yk_glyph_codes_recode(job->faces[i].codes, map, m + 1);
    free(p->glyphs);
    p->glyphs = glyphs;
    p->cap = m ? m : 1;
    free(map);
    free(g);
}

/* Codes for every face's glyphs, and the programs that hold them: a face shares the program
 * of the first face before it that already holds some of its glyphs. */
static bool assign_codes(draw_job *job)
{
    for (size_t i = 0; i < job->face_count; i++) {
        face_use *face = &job->faces[i];
        face->owner = i;
        if (!yk_glyph_codes_assign(face->codes)) {
            yk_diag_syserror(job->d, job->out_path,
                             "font '%s': more distinct glyphs than the PDF codes can hold",
                             yk_font_family(face->font));
            return false;
        }
        if (yk_glyph_codes_count(face->codes) == 0)
            continue;
        for (size_t j = 0; j < i && face->owner == i; j++)
            if (job->faces[j].owner == j && join_program(&job->faces[j], face))
                face->owner = j;
        if (face->owner == i) {
            size_t n;
            const yk_font_code *list = yk_glyph_codes_list(face->codes, &n);
            for (size_t k = 0; k < n; k++)
                program_add(&face->prog, face->font, list[k].gid, list[k].code);
        }
    }
    for (size_t i = 0; i < job->face_count; i++)
        for (size_t j = i + 1; j < job->face_count; j++)
            if (job->faces[i].owner == i && job->faces[j].owner == i) {
                order_by_text(job, i);
                break;
            }
    for (size_t i = 0; i < job->face_count; i++)
        map_codes(&job->faces[i], &job->faces[job->faces[i].owner].prog);
    return true;
}

/* Makes part k the one collected or drawn: each layout numbers its own families. */
static void use_part(draw_job *job, size_t k)
{
    const yk_layout *l = job->parts[k].layout;
    job->layout = l;
    free(job->by_family);
    job->by_family = yk_xcalloc(l->family_count ? l->family_count : 1, sizeof *job->by_family);
    for (size_t i = 0; i < l->family_count; i++)
        job->by_family[i] = face_named(job, l->families[i]);
}

/* Every glyph of every page (of every part: a book subsets each font once) gets its code
 * before libharu sees anything. */
static bool collect(draw_job *job)
{
    bool ok = true;
    for (size_t k = 0; k < job->part_count; k++) {
        use_part(job, k);
        const yk_layout *l = job->layout;
        for (size_t p = 0; p < l->page_count; p++)
            for (size_t b = 0; b < l->pages[p].box_count; b++) {
                const yk_layout_box *box = &l->pages[p].boxes[b];
                for (size_t i = 0; i < box->line_count; i++)
                    ok = collect_line(job, box, &box->lines[i]) && ok;
            }
    }
    return ok && assign_codes(job);
}

/* ---- fonts: subset, load, repair ---- */

/* The program of face (owning it), made in memory. */
static bool subset_program(draw_job *job, face_use *face)
{
    yk_timings_lap(job->timings, YK_STAGE_EMBED, &job->mark);
    face->prog.bytes = yk_font_subset(face->prog.glyphs, face->prog.count, &face->prog.len, job->d);
    yk_timings_lap(job->timings, YK_STAGE_SUBSET, &job->mark);
    return face->prog.bytes != NULL;
}

/* The subset goes into the PDF as it is (pdffont), never through libharu's TrueType loader;
 * a face sharing another's program refers to the same FontFile2 stream. */
static bool load_face(draw_job *job, HPDF_Doc pdf, face_use *face, size_t index)
{
    face_use *owner = &job->faces[face->owner];
    if (owner == face && !subset_program(job, face))
        return false;
    char *tounicode = yk_glyph_codes_tounicode(face->codes);
    yk_pdffont_spec spec = {.program = owner->prog.bytes, .program_len = owner->prog.len,
                            .codes = face->cids, .count = face->cid_count, .gids = face->gids,
                            .tounicode = tounicode, .index = (unsigned)index,
                            .name = yk_font_postscript_name(face->font),
                            .shared = owner == face ? NULL : yk_pdffont_program(owner->hfont)};
    spec.face = yk_font_data(face->font, &spec.face_len, &spec.face_index);
    face->hfont = yk_pdffont_add(pdf, &spec);
    free(tounicode);
    if (!face->hfont && !job->hpdf_failed)
        yk_diag_syserror(job->d, job->out_path,
                         "PDF writer: the font subset of '%s' cannot be embedded",
                         yk_font_family(face->font));
    return face->hfont != NULL;
}

/* Fonts no box uses are not embedded at all. An owner comes before the faces sharing its
 * program. */
static bool load_faces(draw_job *job, HPDF_Doc pdf)
{
    for (size_t i = 0; i < job->face_count; i++)
        if (job->faces[i].cid_count > 0 && !load_face(job, pdf, &job->faces[i], i))
            return false;
    return true;
}

/* ---- pages ---- */

static void fill_box(HPDF_Page page, const yk_layout_box *box)
{
    yk_pdfcontent_gray_fill(page, box->fill_gray);
    yk_pdfcontent_rect(page, box->x, box->y, box->w, box->h);
    yk_pdfcontent_paint(page, "f");
    yk_pdfcontent_gray_fill(page, 0); /* text is black */
}

/* Strokes the chosen edges, joining adjacent ones into one path so corners get a proper
 * join instead of two butt ends. Edge i runs from corner i to corner i+1 (TL, TR, BR, BL). */
static void stroke_edges(HPDF_Page page, const yk_layout_box *box)
{
    const double cx[4] = {box->x, box->x + box->w, box->x + box->w, box->x};
    const double cy[4] = {box->y + box->h, box->y + box->h, box->y, box->y};
    unsigned edges = box->edges & YK_EDGE_ALL;
    yk_pdfcontent_line_width(page, box->line_width);
    if (edges == YK_EDGE_ALL) {
        yk_pdfcontent_rect(page, box->x, box->y, box->w, box->h);
    } else {
        for (int i = 0; i < 4; i++) {
            /* a path starts at an edge whose predecessor is not drawn */
            if (!(edges & (1u << i)) || (edges & (1u << ((i + 3) % 4))))
                continue;
            yk_pdfcontent_point(page, cx[i], cy[i], "m");
            for (int e = i; edges & (1u << (e % 4)); e++)
                yk_pdfcontent_point(page, cx[(e + 1) % 4], cy[(e + 1) % 4], "l");
        }
    }
    yk_pdfcontent_paint(page, "S");
}

/* How far a drawn glyph may sit from its layout x, in em: far below what shows. */
#define POSITION_TOLERANCE 0.001

/* The glyphs [i, end) of one font drawn as one string with character spacing *tc land on
 * their x within tol, and so does the next run's first glyph: the spacing then stands for
 * every gap after a glyph of the run (a composed joint: 約物, 和欧間, 両端揃え). */
static size_t run_end(draw_job *job, const yk_layout_line *line, size_t i, double tol,
                      double *tc)
{
    const yk_layout_glyph *first = &line->glyphs[i];
    const face_use *face = face_of(job, first);
    double lo = -1e9, hi = 1e9, acc = 0;
    size_t end = i + 1, n = line->glyph_count;
    for (size_t j = i + 1; j < n; j++) {
        acc += line->glyphs[j - 1].advance;
        double k = (double)(j - i), off = line->glyphs[j].x - first->x - acc;
        double l = (off - tol) / k > lo ? (off - tol) / k : lo;
        double h = (off + tol) / k < hi ? (off + tol) / k : hi;
        if (l > h)
            break;
        lo = l;
        hi = h;
        end = j; /* glyph j lands right: the gap before it is the run's spacing */
        if (face_of(job, &line->glyphs[j]) != face)
            break;
        if (j + 1 == n)
            end = n;
    }
    if (i + 1 == n)
        end = n;
    *tc = lo > -1e9 ? (lo + hi) / 2 : 0;
    return end;
}

/* Paints one line in runs of glyphs of one font, each starting where layout placed its first
 * glyph and going on at the natural advances (the /W widths) plus the run's character
 * spacing (Tc), so a line justified by layout costs a few runs, not one per glyph. A run is
 * a hex string of its 2-byte codes, the CIDs. Tagging wraps lines from outside, per box. */
static void text_line(draw_job *job, HPDF_Page page, const yk_layout_box *box,
                      const yk_layout_line *line)
{
    double tol = POSITION_TOLERANCE * box->font_size;
    for (size_t i = 0; i < line->glyph_count;) {
        const yk_layout_glyph *first = &line->glyphs[i];
        face_use *face = face_of(job, first);
        double tc;
        size_t end = run_end(job, line, i, tol, &tc);
        job->run = yk_reserve(job->run, end - i, &job->run_cap, sizeof *job->run);
        for (size_t k = i; k < end; k++) {
            const yk_layout_glyph *g = &line->glyphs[k];
            job->run[k - i] = yk_glyph_codes_get(face->codes, g->gid, line->text + g->start,
                                                 g->len);
        }
        if (HPDF_Page_GetCurrentFont(page) != face->hfont ||
            HPDF_Page_GetCurrentFontSize(page) != (HPDF_REAL)box->font_size)
            yk_pdfcontent_font(page, face->hfont, box->font_size);
        if (HPDF_Page_GetCharSpace(page) != (HPDF_REAL)tc)
            yk_pdfcontent_char_space(page, tc);
        yk_pdfcontent_move_text(page, line->x + first->x, line->y);
        yk_pdfcontent_show(page, job->run, end - i);
        i = end;
    }
}

/* Draws lines [first, first + count) of a box as one text object. */
static void text_lines(draw_job *job, HPDF_Page page, const yk_layout_box *box, size_t first,
                       size_t count)
{
    HPDF_Page_BeginText(page);
    for (size_t i = first; i < first + count; i++)
        text_line(job, page, box, &box->lines[i]);
    if (HPDF_Page_GetCharSpace(page) != 0)
        yk_pdfcontent_char_space(page, 0);
    HPDF_Page_EndText(page);
}

/* How many lines from first up to the next paragraph start; *empty when they print nothing. */
static size_t paragraph_at(const yk_layout_box *box, size_t first, bool *empty)
{
    size_t n = 1;
    *empty = box->lines[first].glyph_count == 0;
    while (first + n < box->line_count && !box->lines[first + n].paragraph_start) {
        *empty = *empty && box->lines[first + n].glyph_count == 0;
        n++;
    }
    return n;
}

/* The one place that marks content for the structure tree (tag.h): rules and fills are
 * artifacts, each paragraph of a box's text is marked content of the element layout says
 * the box is (or an artifact, for page furniture and what is printed again). */
static void draw_box(draw_job *job, HPDF_Page page, const yk_layout_box *box)
{
    bool fill = box->fill_gray >= 0, rule = (box->edges & YK_EDGE_ALL) && box->line_width > 0;
    yk_tag_box(job->tag, box);
    if (fill || rule) {
        yk_tag_begin_artifact(job->tag, YK_ARTIFACT_LAYOUT);
        if (fill)
            fill_box(page, box);
        if (rule)
            stroke_edges(page, box);
        yk_tag_end(job->tag);
    }
    for (size_t i = 0, n; i < box->line_count; i += n) {
        bool empty;
        n = paragraph_at(box, i, &empty);
        if (empty)
            continue;
        yk_tag_begin_text(job->tag, box, i);
        text_lines(job, page, box, i, n);
        yk_tag_end(job->tag);
    }
}

static bool draw_page(draw_job *job, HPDF_Doc pdf, const yk_layout_page *lp)
{
    HPDF_Page page = HPDF_AddPage(pdf);
    HPDF_PageAttr attr = page ? page->attr : NULL;
    if (!attr || !yk_archive_block_stream(attr->contents))
        return false;
    attr->stream = attr->contents->stream; /* where the operators go (tag's too) */
    HPDF_Page_SetWidth(page, (HPDF_REAL)lp->width);
    HPDF_Page_SetHeight(page, (HPDF_REAL)lp->height);
    yk_tag_page(job->tag, page, lp);
    for (size_t b = 0; b < lp->box_count && !job->hpdf_failed; b++)
        draw_box(job, page, &lp->boxes[b]);
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

/* ---- bookmarks and page labels ---- */

static bool page_labels(draw_job *job, HPDF_Doc pdf)
{
    size_t *starts = yk_xcalloc(job->part_count, sizeof *starts);
    const char **prefixes = yk_xcalloc(job->part_count, sizeof *prefixes);
    for (size_t k = 0, first = 0; k < job->part_count; k++) {
        starts[k] = first;
        prefixes[k] = job->parts[k].title;
        first += job->parts[k].layout->page_count;
    }
    bool ok = yk_pdfoutline_page_labels(pdf, starts, prefixes, job->part_count);
    free(starts);
    free(prefixes);
    return ok;
}

/* Bookmarks of each part; in a book each part's hang below one bookmark titled for the part
 * (its ward), and its pages are labelled from 1 again, as in its own PDF. */
static bool add_navigation(draw_job *job, HPDF_Doc pdf)
{
    size_t first = 0, total = 0;
    for (size_t k = 0; k < job->part_count; k++)
        total += job->parts[k].layout->page_count;
    HPDF_Page *pages = yk_xcalloc(total + 1, sizeof *pages);
    for (size_t i = 0; i < total; i++)
        pages[i] = HPDF_GetPageByIndex(pdf, (HPDF_UINT)i);
    bool ok = true;
    for (size_t k = 0; ok && k < job->part_count; k++) {
        const yk_draw_part *part = &job->parts[k];
        size_t count = part->layout->page_count;
        HPDF_Outline parent = NULL;
        if (part->title && count > 0) {
            parent = yk_pdfoutline_item(pdf, NULL, part->title, pages[first], false);
            ok = parent != NULL;
        }
        if (ok && part->outline)
            ok = yk_pdfoutline_add(pdf, parent, part->outline, pages + first, count);
        first += count;
    }
    if (ok && job->part_count > 1)
        ok = page_labels(job, pdf);
    free(pages);
    return ok && !job->hpdf_failed;
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
    info.conformance = 'A'; /* every document is tagged: see README, "Accessible PDF" */
    /* compression must be on before the first page, or its content stream stays plain */
    bool ok = HPDF_SetCompressionMode(pdf, HPDF_COMP_ALL) == HPDF_OK &&
              yk_archive_begin(pdf, &info, job->out_path, job->d) && load_faces(job, pdf);
    yk_timings_lap(job->timings, YK_STAGE_EMBED, &job->mark);
    job->tag = yk_tag_new(pdf);
    yk_tag_document(job->tag);
    for (size_t k = 0; ok && k < job->part_count; k++) {
        use_part(job, k);
        if (job->part_count > 1)
            yk_tag_part(job->tag); /* a book: one Part per ward */
        for (size_t p = 0; ok && p < job->layout->page_count; p++)
            ok = draw_page(job, pdf, &job->layout->pages[p]);
    }
    ok = ok && yk_tag_finish(job->tag) && add_navigation(job, pdf);
    yk_tag_free(job->tag);
    job->tag = NULL;
    yk_timings_lap(job->timings, YK_STAGE_DRAW, &job->mark);
    ok = ok && yk_archive_compress(pdf);
    yk_timings_lap(job->timings, YK_STAGE_COMPRESS, &job->mark);
    ok = ok && (job->mem ? yk_archive_bytes(pdf, job->out_path, job->mem, job->mem_len,
                                            meta ? meta->sha256 : NULL, job->d)
                         : yk_archive_save(pdf, job->out_path, job->d));
    yk_timings_lap(job->timings, YK_STAGE_SAVE, &job->mark);
    if (!ok && yk_diag_errors(job->d) == errors_before)
        yk_diag_syserror(job->d, job->out_path, "PDF writer (libharu) failed");
    HPDF_Free(pdf);
    return ok;
}

static bool draw(draw_job *job, const yk_font *const *fonts, const yk_draw_meta *meta)
{
    size_t font_count = job->face_count;
    job->timings = meta ? meta->timings : NULL;
    job->mark = yk_clock_ms();
    job->faces = yk_xcalloc(font_count ? font_count : 1, sizeof *job->faces);
    for (size_t i = 0; i < font_count; i++) {
        job->faces[i].font = fonts[i];
        job->faces[i].codes = yk_glyph_codes_new(fonts[i]);
    }
    bool ok = collect(job) && write_document(job, meta);
    for (size_t i = 0; i < font_count; i++) {
        yk_glyph_codes_free(job->faces[i].codes);
        free(job->faces[i].cids);
        free(job->faces[i].gids);
        free(job->faces[i].prog.glyphs);
        free(job->faces[i].prog.codes);
        free(job->faces[i].prog.bytes);
    }
    free(job->by_family);
    free(job->faces);
    free(job->run);
    return ok;
}

bool yk_draw_pdf(const yk_layout *layout, const yk_font *const *fonts, size_t font_count,
                 const yk_draw_meta *meta, const char *out_path, yk_diag *d)
{
    yk_draw_part part = {layout, meta ? meta->outline : NULL, NULL};
    draw_job job = {.parts = &part, .part_count = 1, .out_path = out_path, .d = d,
                    .face_count = font_count};
    return draw(&job, fonts, meta);
}

bool yk_draw_pdf_memory(const yk_layout *layout, const yk_font *const *fonts, size_t font_count,
                        const yk_draw_meta *meta, const char *name, unsigned char **data,
                        size_t *len, yk_diag *d)
{
    *data = NULL;
    *len = 0;
    yk_draw_part part = {layout, meta ? meta->outline : NULL, NULL};
    draw_job job = {.parts = &part, .part_count = 1, .out_path = name, .mem = data,
                    .mem_len = len, .d = d, .face_count = font_count};
    return draw(&job, fonts, meta);
}

bool yk_draw_book_memory(const yk_draw_part *parts, size_t part_count, const yk_font *const *fonts,
                         size_t font_count, const yk_draw_meta *meta, const char *name,
                         unsigned char **data, size_t *len, yk_diag *d)
{
    *data = NULL;
    *len = 0;
    draw_job job = {.parts = parts, .part_count = part_count, .out_path = name, .mem = data,
                    .mem_len = len, .d = d, .face_count = font_count};
    return draw(&job, fonts, meta);
}
