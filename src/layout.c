/* layout: page flow — rows into pages. One pass per form: each block's rows are measured
 * (cellfit fits each cell's text), the block is moved to a new page when it does not fit the
 * rest of the current one, then placed; rows that flow are cut between lines at page ends and
 * continue under their block's repeated header. */
#include "layout.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cellfit.h"

#define MAX_HEAD_ROWS 4

typedef struct builder {
    yk_layout *out;
    const yk_form *form;
    yk_cellfit *fit;      /* measures cells; reports what does not fit */
    yk_diag *d;
    bool failed;
    size_t form_first_page; /* index of this form's first page in out->pages */
    double cursor;          /* pt from the bottom: the top of the next row */
    size_t page_cap;
    int rows, tables;       /* ids given so far */
    /* The column header rows of the table being placed (its label rows before its first body
     * row), printed again at the top of each page the table goes on to: */
    int head_table;
    const yk_fitted_row *head[MAX_HEAD_ROWS];
    size_t head_count;
    bool head_done;         /* a body row of head_table is placed: its head is complete */
} builder;

static double mm(double v)
{
    return v * YK_PT_PER_MM;
}

/* A row of headings and labels only heads what follows it, and never ends a page alone. */
static bool row_introduces(const yk_filled_row *row)
{
    bool any = false;
    for (size_t i = 0; i < row->cell_count; i++) {
        yk_role r = row->cells[i].role;
        if (r == YK_ROLE_VALUE || r == YK_ROLE_PARAGRAPH)
            return false;
        any = any || r != YK_ROLE_ARTIFACT;
    }
    return any;
}

/* A row's cells fitted (cellfit), and its place in the reading order. */
static void measure_row(builder *b, const yk_filled_row *row, yk_fitted_row *out)
{
    yk_cellfit_row(b->fit, row, out);
    out->id = ++b->rows;
    out->introduces = row_introduces(row);
}

/* ---- pages and boxes ---- */

static yk_layout_page *current_page(builder *b)
{
    return &b->out->pages[b->out->page_count - 1];
}

static void new_page(builder *b)
{
    yk_layout *l = b->out;
    l->pages = yk_reserve(l->pages, l->page_count + 1, &b->page_cap, sizeof *l->pages);
    yk_layout_page *p = &l->pages[l->page_count++];
    memset(p, 0, sizeof *p);
    p->number = (int)l->page_count;
    p->form = yk_xstrdup(b->form->name);
    p->width = mm(b->form->page_w);
    p->height = mm(b->form->page_h);
    b->cursor = p->height - mm(b->form->margin_top);
}

static const char *intern_family(yk_layout *l, const char *family)
{
    size_t i = yk_cellfit_family(l, family); /* may move the array */
    return l->families[i];
}

static yk_layout_box *add_box(yk_layout_page *p)
{
    p->boxes = yk_reserve(p->boxes, p->box_count + 1, &p->box_cap, sizeof *p->boxes);
    yk_layout_box *box = &p->boxes[p->box_count++];
    memset(box, 0, sizeof *box);
    return box;
}

/* The lines of a cell that go into one box: all of them, or one page's part of a split row. */
typedef struct slice {
    size_t first, count;
} slice;

static void place_cell(builder *b, yk_layout_page *page, const yk_fitted *f, slice sl,
                       double left, double top, double h)
{
    const yk_style *s = f->cell->style;
    yk_layout_box *box = add_box(page);
    box->field = yk_xstrdup(f->cell->field);
    box->cell = yk_xstrdup(f->cell->cell);
    box->x = left + mm(f->cell->x);
    box->w = mm(f->cell->w);
    box->y = top - h;
    box->h = h;
    box->padding = mm(s->side_padding);
    box->padding_y = mm(s->padding);
    box->family = intern_family(b->out, s->family);
    box->font_size = f->m ? f->size : s->size;
    box->nominal_size = s->size;
    box->shrunk = f->shrunk;
    box->fill_gray = s->fill_gray;
    box->justify = s->align == YK_ALIGN_JUSTIFY;
    box->edges = s->edges;
    box->line_width = s->line_width;
    box->lines_available = yk_cellfit_lines_that_fit(s, box->font_size, h - 2 * box->padding_y);
    if (f->m)
        yk_cellfit_lines(b->out, box, f, sl.first, sl.count);
}

/* Reading order within a row is left to right, whatever order the template lists cells in. */
static int reading_position(const yk_fitted_row *r, size_t i)
{
    int n = 0;
    for (size_t j = 0; j < r->count; j++) {
        double xj = r->cells[j].cell->x, xi = r->cells[i].cell->x;
        n += xj < xi || (xj == xi && j < i);
    }
    return n;
}

/* What the box just placed for cell i of r is in the structure; repeated: printed again
 * (a continued header, a label on a later part of a split row), so an artifact. */
static void tag_box(builder *b, const yk_fitted_row *r, size_t i, bool repeated)
{
    yk_layout_page *page = current_page(b);
    yk_layout_box *box = &page->boxes[page->box_count - 1];
    const yk_filled_cell *c = r->cells[i].cell;
    box->role = repeated ? YK_ROLE_ARTIFACT : c->role;
    box->level = c->role == YK_ROLE_HEADING ? c->level : 0;
    box->list = c->kind == YK_FIELD_LIST;
    if (c->role == YK_ROLE_LABEL)
        box->scope = r->introduces ? YK_SCOPE_COLUMN : YK_SCOPE_ROW;
    box->table = r->table;
    box->row = r->id;
    box->col = reading_position(r, i);
}

/* Keeps the head of the table a row placed (not repeated) belongs to. */
static void note_table_row(builder *b, const yk_fitted_row *r)
{
    if (r->table != b->head_table) {
        b->head_table = r->table;
        b->head_count = 0;
        b->head_done = false;
    }
    if (!r->introduces)
        b->head_done = true;
    else if (r->table && !b->head_done && b->head_count < MAX_HEAD_ROWS)
        b->head[b->head_count++] = r;
}

static void place_row(builder *b, const yk_fitted_row *r, bool repeated)
{
    if (!repeated)
        note_table_row(b, r);
    double left = mm(b->form->margin_left);
    for (size_t i = 0; i < r->count; i++) {
        slice all = {0, r->cells[i].lines.count};
        place_cell(b, current_page(b), &r->cells[i], all, left, b->cursor, r->h);
        current_page(b)->boxes[current_page(b)->box_count - 1].at_limit = r->at_limit;
        tag_box(b, r, i, repeated);
    }
    b->cursor -= r->h;
}

/* ---- blocks ---- */

typedef struct fitted_block {
    yk_fitted_row *rows;
    size_t count;
    double h;
    size_t header_rows;
    yk_fitted_row *continued; /* header rows as repeated on a continuation page */
} fitted_block;

static void measure_block(builder *b, const yk_filled_block *blk, fitted_block *out)
{
    out->rows = yk_xcalloc(blk->row_count, sizeof *out->rows);
    out->count = blk->row_count;
    out->h = 0;
    for (size_t i = 0; i < blk->row_count; i++) {
        measure_row(b, &blk->rows[i], &out->rows[i]);
        out->h += out->rows[i].h;
    }
    out->header_rows = blk->header_rows;
    if (blk->continued) {
        out->continued = yk_xcalloc(blk->header_rows, sizeof *out->continued);
        for (size_t i = 0; i < blk->header_rows; i++)
            measure_row(b, &blk->continued[i], &out->continued[i]);
    }
}

static void fitted_block_free(fitted_block *fb)
{
    for (size_t i = 0; i < fb->count; i++)
        yk_fitted_row_free(&fb->rows[i]);
    free(fb->rows);
    for (size_t i = 0; fb->continued && i < fb->header_rows; i++)
        yk_fitted_row_free(&fb->continued[i]);
    free(fb->continued);
}

static double bottom_limit(const builder *b)
{
    return mm(b->form->margin_bottom);
}

static double page_body(const builder *b)
{
    return mm(b->form->page_h - b->form->margin_top - b->form->margin_bottom);
}

static bool page_is_empty(builder *b)
{
    return b->cursor >= current_page(b)->height - mm(b->form->margin_top) - 1e-6;
}

static bool fits(const builder *b, double h)
{
    return b->cursor - h >= bottom_limit(b) - 1e-6;
}

static bool can_split(const yk_fitted_row *r)
{
    for (size_t i = 0; i < r->count; i++)
        if (r->cells[i].cell->style->overflow == YK_OVERFLOW_FLOW)
            return true;
    return false;
}

static double head_height(const builder *b)
{
    double h = 0;
    for (size_t i = 0; i < b->head_count; i++)
        h += b->head[i]->h;
    return h;
}

/* Whether a new page that next holds row next starts with its table's head again: the
 * table goes on from the page before, next is no header row of its own, and next still fits
 * under the head when it cannot be cut (else the head would make it too tall for the page). */
static bool repeats_head(const builder *b, const yk_fitted_row *next)
{
    if (!next->table || next->table != b->head_table || next->introduces || !b->head_count)
        return false;
    return can_split(next) || head_height(b) + next->h <= page_body(b) + 1e-6;
}

/* A new page for row next of a block: under the block's own header, marked continued, when it
 * has one and goes on over the break (inside); else under its table's column head. Either is
 * printed again, so an artifact. */
static void open_page_for(builder *b, const fitted_block *fb, const yk_fitted_row *next,
                          bool inside)
{
    new_page(b);
    if (inside && fb->continued) {
        for (size_t i = 0; i < fb->header_rows; i++)
            place_row(b, &fb->continued[i], true);
    } else if (repeats_head(b, next)) {
        for (size_t i = 0; i < b->head_count; i++)
            place_row(b, b->head[i], true);
    }
}

/* A block going on over a page break starts the new page with its header. */
static void continue_on_new_page(builder *b, const fitted_block *fb, const yk_fitted_row *next)
{
    open_page_for(b, fb, next, true);
}

static double rest_height(const yk_fitted_row *r, const size_t *done)
{
    double h = 0;
    for (size_t i = 0; i < r->count; i++) {
        const yk_fitted *f = &r->cells[i];
        const yk_style *s = f->cell->style;
        double need = yk_cellfit_text_height(s, f->size, f->lines.count - done[i]) +
                      2 * mm(s->padding);
        h = fmax(h, need);
    }
    return h;
}

/* Puts as many lines of every cell as fit above the bottom margin; returns whether any did. */
#define KEEP_LINES 2 /* neither part of a split paragraph is left with fewer lines */

/* How many of a cell's remaining lines go on this page: all that fit, less what would leave
 * a lone line at either end of the break. */
static size_t lines_for_part(size_t room, size_t left_over, bool strict)
{
    if (room >= left_over)
        return left_over;
    if (!strict)
        return room;
    if (left_over - room < KEEP_LINES)
        room = left_over >= KEEP_LINES ? left_over - KEEP_LINES : 0;
    return room < KEEP_LINES ? 0 : room;
}

/* Puts as many lines of every cell as fit above the bottom margin; returns whether any did.
 * A label whose text was printed already is printed again, so each part reads alone. */
static bool place_part(builder *b, const yk_fitted_row *r, size_t *done, double h, bool last)
{
    double left = mm(b->form->margin_left);
    bool any = false, strict = !page_is_empty(b);
    slice *parts = yk_xcalloc(r->count, sizeof *parts);
    bool *again = yk_xcalloc(r->count, sizeof *again);
    for (size_t i = 0; i < r->count; i++) {
        const yk_fitted *f = &r->cells[i];
        const yk_style *s = f->cell->style;
        size_t room = (size_t)yk_cellfit_lines_that_fit(s, f->size, h - 2 * mm(s->padding));
        size_t left_over = f->lines.count - done[i];
        parts[i] = (slice){done[i], last ? left_over : lines_for_part(room, left_over, strict)};
        if (f->cell->kind == YK_FIELD_LABEL && done[i] > 0 && f->lines.count <= room) {
            parts[i] = (slice){0, f->lines.count};
            again[i] = true;
        } else
            any = any || parts[i].count > 0;
    }
    if (any || last) {
        note_table_row(b, r);
        bool split = !last || done[0] > 0 || parts[0].first > 0;
        for (size_t i = 0; i < r->count; i++) {
            place_cell(b, current_page(b), &r->cells[i], parts[i], left, b->cursor, h);
            yk_layout_box *box = &current_page(b)->boxes[current_page(b)->box_count - 1];
            box->split = split;
            box->continued = !again[i] && parts[i].count > 0 && parts[i].first > 0;
            box->continues = !again[i] && parts[i].count > 0 &&
                             parts[i].first + parts[i].count < r->cells[i].lines.count;
            tag_box(b, r, i, again[i]);
            if (parts[i].first == done[i])
                done[i] += parts[i].count;
        }
        b->cursor -= h;
    }
    free(parts);
    free(again);
    return any || last;
}

/* A row taller than the room left is cut between lines, never inside one; each later part
 * starts a page under the block's repeated header. */
static void split_row(builder *b, const fitted_block *fb, const yk_fitted_row *r)
{
    size_t *done = yk_xcalloc(r->count, sizeof *done);
    bool first = true;
    for (;;) {
        double rest = rest_height(r, done);
        if (first && rest < r->h)
            rest = r->h;
        if (fits(b, rest)) {
            place_part(b, r, done, rest, true);
            break;
        }
        bool empty = page_is_empty(b);
        if (!place_part(b, r, done, b->cursor - bottom_limit(b), false) && empty) {
            yk_diag_error(b->d, b->form->file, 0, 0, r->cells[0].cell->cell,
                          "not even one line of this row fits on a page");
            b->failed = true;
            place_part(b, r, done, rest, true);
            break;
        }
        first = false;
        continue_on_new_page(b, fb, r);
    }
    free(done);
}

/* The height of what a new page holds above row next of a block going on over the break:
 * the block's own header again, or its table's head (open_page_for). */
static double continued_height(const builder *b, const fitted_block *fb,
                               const yk_fitted_row *next)
{
    double h = 0;
    if (fb->continued) {
        for (size_t i = 0; i < fb->header_rows; i++)
            h += fb->continued[i].h;
    } else if (repeats_head(b, next)) {
        h = head_height(b);
    }
    return h;
}

/* A row with text in more than one cell is read across: cut over a page break, each of its
 * columns would go on overleaf, and text read in order would hop between them. Such a row
 * goes whole to the next page when it fits there, and is cut only when taller than that. */
static bool keeps_whole(const builder *b, const fitted_block *fb, const yk_fitted_row *r)
{
    size_t texts = 0;
    for (size_t i = 0; i < r->count; i++) {
        const yk_fitted *f = &r->cells[i];
        texts += f->cell->role == YK_ROLE_VALUE && f->text && f->text[0];
    }
    return texts > 1 && r->h <= page_body(b) - continued_height(b, fb, r) + 1e-6;
}

/* The least of a row that may end a page: the whole of a row that is not cut there, else
 * the first lines of each cell. */
static double row_start_height(const builder *b, const fitted_block *fb,
                               const yk_fitted_row *r)
{
    if (!can_split(r) || keeps_whole(b, fb, r))
        return r->h;
    double lines = 0;
    for (size_t i = 0; i < r->count; i++) {
        const yk_fitted *f = &r->cells[i];
        const yk_style *s = f->cell->style;
        size_t n = f->lines.count < KEEP_LINES ? f->lines.count : KEEP_LINES;
        lines = fmax(lines, yk_cellfit_text_height(s, f->size, n) + 2 * mm(s->padding));
    }
    return fmin(r->h, lines);
}

/* The rows that lead a block: its header rows and any heading or label rows after them. */
static size_t lead_rows(const fitted_block *fb)
{
    size_t n = fb->header_rows < fb->count ? fb->header_rows : fb->count;
    while (n < fb->count && fb->rows[n].introduces)
        n++;
    return n;
}

/* The least of a block that may start a page: its lead and the first lines of its body. */
static double block_start_height(const builder *b, const fitted_block *fb)
{
    double h = 0;
    size_t lead = lead_rows(fb);
    for (size_t i = 0; i < lead; i++)
        h += fb->rows[i].h;
    if (lead < fb->count)
        h += row_start_height(b, fb, &fb->rows[lead]);
    return h;
}

static void report_tall_row(builder *b, const yk_fitted_row *r)
{
    yk_diag_error(b->d, b->form->file, 0, 0, r->count ? r->cells[0].cell->cell : NULL,
                  "a row is taller than the page (%.0f mm)", r->h / YK_PT_PER_MM);
    b->failed = true;
}

/* A heading or label row inside a block goes to the next page unless the start of the row it
 * introduces fits under it. */
static bool lone_at_foot(const builder *b, const fitted_block *fb, size_t i)
{
    const yk_fitted_row *r = &fb->rows[i];
    if (!r->introduces || i + 1 >= fb->count)
        return false;
    const yk_fitted_row *next = &fb->rows[i + 1];
    return !fits(b, r->h + (next->introduces ? next->h : row_start_height(b, fb, next)));
}

/* A block that fits a page is kept whole (moved to a new page when it must); a taller one, or
 * one that must follow its heading, starts where it is and goes on over as many pages as it
 * needs. Header rows are never split and print once per page; body rows that flow are cut
 * between lines when they reach the bottom of a page. */
static void place_block(builder *b, const fitted_block *fb, double keep, bool follows_heading)
{
    bool fits_a_page = fb->h + keep <= page_body(b);
    if (!fits(b, fb->h + keep) && !page_is_empty(b) &&
        ((fits_a_page && !follows_heading) || !fits(b, block_start_height(b, fb) + keep)))
        open_page_for(b, fb, &fb->rows[0], false);
    for (size_t i = 0; i < fb->count; i++) {
        const yk_fitted_row *r = &fb->rows[i];
        bool header = i < fb->header_rows;
        if (fits(b, r->h) && !(lone_at_foot(b, fb, i) && !page_is_empty(b))) {
            place_row(b, r, false);
            continue;
        }
        if (!header && can_split(r) && !r->introduces) {
            if (keeps_whole(b, fb, r)) {
                continue_on_new_page(b, fb, r);
                place_row(b, r, false);
            } else {
                split_row(b, fb, r);
            }
            continue;
        }
        if (!page_is_empty(b))
            open_page_for(b, fb, r, !header);
        if (!fits(b, r->h))
            report_tall_row(b, r);
        place_row(b, r, false);
    }
}

/* The template writes "{page} / {pages}"; both count pages of this form only. */
static char *page_number_text(const char *pattern, int page, int pages)
{
    yk_buf b = {0};
    for (const char *p = pattern; *p;) {
        if (strncmp(p, "{pages}", 7) == 0) {
            yk_buf_addf(&b, "%d", pages);
            p += 7;
        } else if (strncmp(p, "{page}", 6) == 0) {
            yk_buf_addf(&b, "%d", page);
            p += 6;
        } else {
            yk_buf_addc(&b, *p++);
        }
    }
    return yk_buf_take(&b);
}

static void place_page_items(builder *b, const yk_filled *filled, size_t first, size_t last)
{
    size_t total = last - first;
    for (size_t p = first; p < last; p++) {
        yk_layout_page *page = &b->out->pages[p];
        page->form_page = (int)(p - first + 1);
        page->form_pages = (int)total;
        for (size_t i = 0; i < filled->page_item_count; i++) {
            const yk_filled_item *item = &filled->page_items[i];
            yk_filled_cell cell = item->cell;
            char *text = NULL;
            if (cell.kind == YK_FIELD_PAGE_NUMBER) {
                text = page_number_text(cell.text, page->form_page, page->form_pages);
                cell.text = text;
            }
            yk_fitted_row row = {0};
            yk_filled_row one = {item->h, item->h, &cell, 1};
            measure_row(b, &one, &row);
            slice all = {0, row.cells[0].lines.count};
            place_cell(b, page, &row.cells[0], all, mm(b->form->margin_left),
                       page->height - mm(item->y), mm(item->h));
            yk_layout_box *box = &page->boxes[page->box_count - 1];
            box->role = cell.role; /* an artifact unless the template says otherwise */
            box->level = cell.role == YK_ROLE_HEADING ? cell.level : 0;
            yk_fitted_row_free(&row);
            free(text);
        }
    }
}

/* A heading never ends a page: it travels with what follows. A chain of headings (heading,
 * column labels) travels whole, with the block that ends the chain — all of it when chain
 * and block fit one page (that block would move whole anyway), else its start. Every block
 * of a chain decides alike, so none leaves another behind. */
static double kept_height(const builder *b, const yk_filled *filled, const fitted_block *blocks,
                          size_t i)
{
    if (!filled->blocks[i].keep_with_next)
        return 0;
    size_t head = i;
    while (head > 0 && filled->blocks[head - 1].keep_with_next)
        head--;
    double chain = 0, keep = 0;
    size_t j = head;
    for (; j < filled->block_count && filled->blocks[j].keep_with_next; j++) {
        chain += blocks[j].h;
        if (j > i)
            keep += blocks[j].h;
    }
    if (j < filled->block_count && blocks[j].count)
        keep += chain + blocks[j].h <= page_body(b) ? blocks[j].h : block_start_height(b, &blocks[j]);
    return keep;
}

/* Tables are runs of grid rows (labels and values); a heading or a paragraph ends one. A
 * continued header row belongs to the table of the row it repeats. */
static void assign_tables(builder *b, fitted_block *blocks, size_t count)
{
    int table = 0;
    for (size_t i = 0; i < count; i++) {
        fitted_block *fb = &blocks[i];
        for (size_t r = 0; r < fb->count; r++) {
            yk_fitted_row *row = &fb->rows[r];
            bool grid = false;
            for (size_t c = 0; c < row->count; c++) {
                yk_role role = row->cells[c].cell->role;
                grid = grid || role == YK_ROLE_LABEL || role == YK_ROLE_VALUE;
            }
            if (grid && !table)
                table = ++b->tables;
            row->table = grid ? table : 0;
            if (!grid)
                table = 0;
        }
        for (size_t r = 0; fb->continued && r < fb->header_rows && r < fb->count; r++)
            fb->continued[r].table = fb->rows[r].table;
    }
}

/* Where a box is drawn on its page (see yk_layout_page): a part continued from the page
 * before first, the part that ended that page first of all; a part going on overleaf last,
 * in reading order, so the last one drawn is the one the next page starts with. */
static int drawing_rank(const yk_layout_box *box)
{
    if (box->continued)
        return -1 - box->col; /* first, in the reverse of the page before's order */
    if (box->continues)
        return 1 << 16 | box->col;
    return 0;
}

typedef struct drawing_key {
    int rank;
    size_t at;            /* placement order, which ties keep */
} drawing_key;

static int by_drawing_key(const void *a, const void *b)
{
    const drawing_key *x = a, *y = b;
    if (x->rank != y->rank)
        return x->rank < y->rank ? -1 : 1;
    return x->at < y->at ? -1 : x->at > y->at;
}

static void order_for_drawing(yk_layout_page *page)
{
    size_t n = page->box_count;
    drawing_key *keys = yk_xcalloc(n ? n : 1, sizeof *keys);
    bool moved = false;
    for (size_t i = 0; i < n; i++) {
        keys[i] = (drawing_key){drawing_rank(&page->boxes[i]), i};
        moved = moved || keys[i].rank != 0;
    }
    if (moved) {
        qsort(keys, n, sizeof *keys, by_drawing_key);
        yk_layout_box *boxes = yk_xcalloc(page->box_cap, sizeof *boxes);
        for (size_t i = 0; i < n; i++)
            boxes[i] = page->boxes[keys[i].at];
        free(page->boxes);
        page->boxes = boxes;
    }
    free(keys);
}

static void layout_form(builder *b, const yk_filled *filled)
{
    b->form = filled->form;
    b->head_table = 0;
    b->head_count = 0;
    size_t first = b->out->page_count;
    new_page(b);
    fitted_block *blocks = yk_xcalloc(filled->block_count, sizeof *blocks);
    for (size_t i = 0; i < filled->block_count; i++)
        measure_block(b, &filled->blocks[i], &blocks[i]);
    assign_tables(b, blocks, filled->block_count);
    for (size_t i = 0; i < filled->block_count; i++)
        place_block(b, &blocks[i], kept_height(b, filled, blocks, i),
                    i > 0 && filled->blocks[i - 1].keep_with_next);
    for (size_t i = 0; i < filled->block_count; i++)
        fitted_block_free(&blocks[i]);
    free(blocks);
    place_page_items(b, filled, first, b->out->page_count);
    for (size_t p = first; p < b->out->page_count; p++)
        order_for_drawing(&b->out->pages[p]);
}

bool yk_layout_build(const yk_filled *const *forms, size_t form_count,
                     const yk_layout_font *font_list, size_t font_count, yk_layout *out,
                     yk_diag *d)
{
    memset(out, 0, sizeof *out);
    builder b = {.out = out, .fit = yk_cellfit_new(font_list, font_count, d), .d = d};
    for (size_t i = 0; i < form_count; i++) {
        for (size_t s = 0; s < forms[i]->form->style_count; s++) {
            const char *family = forms[i]->form->styles[s].family;
            if (!yk_cellfit_metrics(b.fit, family)) {
                yk_diag_syserror(d, forms[i]->form->file, "no font was opened for family '%s'", family);
                b.failed = true;
            }
        }
    }
    if (b.failed) {
        yk_cellfit_free(b.fit);
        return false;
    }
    for (size_t i = 0; i < form_count; i++)
        layout_form(&b, forms[i]);
    bool ok = !b.failed && !yk_cellfit_failed(b.fit);
    yk_cellfit_free(b.fit);
    return ok;
}

void yk_layout_clear(yk_layout *layout)
{
    for (size_t p = 0; p < layout->page_count; p++) {
        yk_layout_page *page = &layout->pages[p];
        for (size_t i = 0; i < page->box_count; i++) {
            yk_layout_box *box = &page->boxes[i];
            for (size_t k = 0; k < box->line_count; k++) {
                free(box->lines[k].text);
                free(box->lines[k].glyphs);
            }
            free(box->lines);
            free(box->field);
            free(box->cell);
        }
        free(page->boxes);
        free(page->form);
    }
    free(layout->pages);
    for (size_t i = 0; i < layout->family_count; i++)
        free(layout->families[i]);
    free(layout->families);
    memset(layout, 0, sizeof *layout);
}
