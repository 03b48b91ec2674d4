/* tag: the structure tree of a tagged PDF, built as draw paints (see tag.h).
 *
 * While pages are drawn the tree is kept as plain nodes; yk_tag_finish turns them into
 * libharu dictionaries at the end, when every element's content is known. Marked-content
 * operators go straight into the page's content stream (libharu's HPDF_PageAttr), which is
 * where libharu's own operators go too, so they interleave in drawing order. */
#include "tag.h"

#include <hpdf.h>
#include <hpdf_objects.h>
#include <hpdf_pages.h>
#include <hpdf_streams.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

#define NONE SIZE_MAX

/* A child of an element: another element, or marked content on a page. */
typedef struct kid {
    size_t node;          /* NONE for marked content */
    size_t page;          /* index into yk_tag.pages */
    int mcid;
} kid;

typedef struct node {
    char type[12];        /* standard structure type: Document, Sect, H1, Table, TH, LBody … */
    size_t parent;        /* NONE for a Document (its parent is the StructTreeRoot) */
    kid *kids;
    size_t kid_count, kid_cap;
    int col;              /* TH/TD: reading position in the row */
    yk_scope scope;       /* TH */
    double x, w;          /* TH/TD: the box's left edge and width, for /ColSpan */
    int span;             /* TH/TD: grid columns covered, set by yk_tag_finish */
    HPDF_Dict dict;       /* made by yk_tag_finish */
    bool gone;            /* a P folded into its TD by yk_tag_finish */
} node;

typedef struct tag_page {
    HPDF_Page page;
    size_t *parents;      /* by MCID: the element the content belongs to */
    size_t mcid_count, mcid_cap;
} tag_page;

/* Where the content of a box goes, found again when a split row goes on on the next page. */
typedef struct cell_at {
    int row, col;
    size_t element;       /* H, TH, TD, or the Sect for a paragraph box */
    size_t list;          /* TD of a bulleted list: its L, else NONE */
    size_t last;          /* P or LBody that the next part may continue, else NONE */
} cell_at;

/* A table attribute object, shared by the cells that have the same. */
typedef struct attr_at {
    const char *scope;    /* "Column", "Row", or "" for a TD */
    int span;
    HPDF_Dict dict;
} attr_at;

typedef struct row_at {
    int row;
    size_t tr;
} row_at;

struct yk_tag {
    HPDF_Doc pdf;
    node *nodes;
    size_t node_count, node_cap;
    size_t document;      /* NONE until opened */
    size_t part;          /* where Sects go: the Document or its current Part */
    tag_page *pages;
    size_t page_count;
    /* what the next box goes into */
    size_t sect, table;
    int table_id;
    row_at *rows;         /* of the open table */
    size_t row_count;
    cell_at *cells;       /* of the open Sect */
    size_t cell_count;
    cell_at *cell;        /* the current box's, or NULL for an artifact */
    attr_at *attrs;       /* made by yk_tag_finish */
    size_t attr_count;
};

/* ---- nodes ---- */

static void add_kid(yk_tag *t, size_t parent, kid k)
{
    node *n = &t->nodes[parent];
    if (n->kid_count == n->kid_cap) {
        n->kid_cap = n->kid_cap ? 2 * n->kid_cap : 4;
        n->kids = yk_xrealloc(n->kids, n->kid_cap * sizeof *n->kids);
    }
    n->kids[n->kid_count++] = k;
}

static size_t new_node(yk_tag *t, const char *type, size_t parent)
{
    if (t->node_count == t->node_cap) {
        t->node_cap = t->node_cap ? 2 * t->node_cap : 64;
        t->nodes = yk_xrealloc(t->nodes, t->node_cap * sizeof *t->nodes);
    }
    size_t i = t->node_count++;
    node *n = &t->nodes[i];
    memset(n, 0, sizeof *n);
    snprintf(n->type, sizeof n->type, "%s", type);
    n->parent = parent;
    if (parent != NONE)
        add_kid(t, parent, (kid){i, 0, 0});
    return i;
}

yk_tag *yk_tag_new(HPDF_Doc pdf)
{
    yk_tag *t = yk_xcalloc(1, sizeof *t);
    t->pdf = pdf;
    t->sect = t->table = t->document = t->part = NONE;
    return t;
}

void yk_tag_free(yk_tag *tag)
{
    if (!tag)
        return;
    for (size_t i = 0; i < tag->node_count; i++)
        free(tag->nodes[i].kids);
    free(tag->nodes);
    for (size_t i = 0; i < tag->page_count; i++)
        free(tag->pages[i].parents);
    free(tag->pages);
    free(tag->rows);
    free(tag->cells);
    free(tag->attrs);
    free(tag);
}

static void close_table(yk_tag *t)
{
    t->table = NONE;
    t->table_id = 0;
    t->row_count = 0;
}

static void close_sect(yk_tag *t)
{
    close_table(t);
    t->sect = NONE;
    t->cell_count = 0;
    t->cell = NULL;
}

void yk_tag_document(yk_tag *tag)
{
    close_sect(tag);
    if (tag->document == NONE)
        tag->document = new_node(tag, "Document", NONE);
    tag->part = tag->document;
}

void yk_tag_part(yk_tag *tag)
{
    yk_tag_document(tag);
    tag->part = new_node(tag, "Part", tag->document);
}

void yk_tag_page(yk_tag *tag, HPDF_Dict page, const yk_layout_page *lp)
{
    if (tag->part == NONE)
        yk_tag_document(tag);
    if (lp->form_page <= 1 || tag->sect == NONE) {
        close_sect(tag);
        tag->sect = new_node(tag, "Sect", tag->part);
    }
    tag->pages = yk_xrealloc(tag->pages, (tag->page_count + 1) * sizeof *tag->pages);
    tag->pages[tag->page_count++] = (tag_page){.page = page};
    tag->cell = NULL;
}

/* ---- finding a box's element ---- */

static size_t table_row(yk_tag *t, const yk_layout_box *box)
{
    if (box->table != t->table_id || t->table == NONE) {
        close_table(t);
        t->table = new_node(t, "Table", t->sect);
        t->table_id = box->table;
    }
    for (size_t i = t->row_count; i-- > 0;)
        if (t->rows[i].row == box->row)
            return t->rows[i].tr;
    t->rows = yk_xrealloc(t->rows, (t->row_count + 1) * sizeof *t->rows);
    t->rows[t->row_count] = (row_at){box->row, new_node(t, "TR", t->table)};
    return t->rows[t->row_count++].tr;
}

static size_t open_element(yk_tag *t, const yk_layout_box *box)
{
    char heading[4];
    switch (box->role) {
    case YK_ROLE_HEADING:
        close_table(t);
        snprintf(heading, sizeof heading, "H%d", box->level >= 1 && box->level <= 6 ? box->level : 1);
        return new_node(t, heading, t->sect);
    case YK_ROLE_PARAGRAPH:
        close_table(t);
        return t->sect; /* its paragraphs go straight into the Sect */
    default: {
        size_t tr = table_row(t, box);
        size_t cell = new_node(t, box->role == YK_ROLE_LABEL ? "TH" : "TD", tr);
        t->nodes[cell].col = box->col;
        t->nodes[cell].scope = box->scope;
        t->nodes[cell].x = box->x;
        t->nodes[cell].w = box->w;
        return cell;
    }
    }
}

void yk_tag_box(yk_tag *tag, const yk_layout_box *box)
{
    tag->cell = NULL;
    if (box->role == YK_ROLE_ARTIFACT || tag->sect == NONE)
        return;
    for (size_t i = tag->cell_count; i-- > 0;) {
        if (tag->cells[i].row == box->row && tag->cells[i].col == box->col && box->row > 0) {
            tag->cell = &tag->cells[i];
            return;
        }
    }
    tag->cells = yk_xrealloc(tag->cells, (tag->cell_count + 1) * sizeof *tag->cells);
    cell_at *c = &tag->cells[tag->cell_count++];
    *c = (cell_at){box->row, box->col, open_element(tag, box), NONE, NONE};
    if (box->list && box->role == YK_ROLE_VALUE)
        c->list = new_node(tag, "L", c->element);
    tag->cell = c;
}

/* ---- marked content ---- */

static HPDF_Stream page_stream(const yk_tag *t)
{
    return ((HPDF_PageAttr)t->pages[t->page_count - 1].page->attr)->stream;
}

/* The element a paragraph's content belongs to: a heading or label holds its text itself; a
 * data cell or the Sect holds one P per paragraph, a list one LI → LBody per item. */
static size_t paragraph_element(yk_tag *t, cell_at *c, const yk_layout_box *box, size_t line)
{
    const node *e = &t->nodes[c->element];
    if (strcmp(e->type, "TH") == 0 || e->type[0] == 'H')
        return c->element;
    if (!box->lines[line].paragraph_start && c->last != NONE)
        return c->last;
    if (c->list != NONE)
        c->last = new_node(t, "LBody", new_node(t, "LI", c->list));
    else
        c->last = new_node(t, "P", c->element);
    return c->last;
}

void yk_tag_begin_text(yk_tag *tag, const yk_layout_box *box, size_t line)
{
    if (!tag->cell) {
        yk_tag_begin_artifact(tag, YK_ARTIFACT_PAGINATION);
        return;
    }
    size_t element = paragraph_element(tag, tag->cell, box, line);
    tag_page *p = &tag->pages[tag->page_count - 1];
    if (p->mcid_count == p->mcid_cap) {
        p->mcid_cap = p->mcid_cap ? 2 * p->mcid_cap : 32;
        p->parents = yk_xrealloc(p->parents, p->mcid_cap * sizeof *p->parents);
    }
    int mcid = (int)p->mcid_count;
    p->parents[p->mcid_count++] = element;
    add_kid(tag, element, (kid){NONE, tag->page_count - 1, mcid});
    char op[48];
    snprintf(op, sizeof op, "/%s <</MCID %d>> BDC\n", tag->nodes[element].type, mcid);
    HPDF_Stream_WriteStr(page_stream(tag), op);
}

void yk_tag_begin_artifact(yk_tag *tag, yk_artifact kind)
{
    HPDF_Stream_WriteStr(page_stream(tag), kind == YK_ARTIFACT_PAGINATION
                                               ? "/Artifact <</Type /Pagination>> BDC\n"
                                               : "/Artifact <</Type /Layout>> BDC\n");
}

void yk_tag_end(yk_tag *tag)
{
    HPDF_Stream_WriteStr(page_stream(tag), "EMC\n");
}

/* ---- the objects ---- */

/* Each element is written compactly by hand, `<</S/P/P 12 0 R/Pg 3 0 R/K 4>>`: libharu would
 * put every key on a line of its own, and an element is small, so that layout was a third of
 * its bytes. The dictionary keeps no entries; its text, made when every object has its
 * number, is written by the dictionary's write hook and freed with it. /Type is optional for
 * a structure element and left out; /Pg stays on every element that holds marked content
 * itself, since an MCID is read against the element's own /Pg (readers such as pdf.js do not
 * look for it in an ancestor). */

static HPDF_STATUS write_element(HPDF_Dict dict, HPDF_Stream out)
{
    return dict->attr ? HPDF_Stream_WriteStr(out, dict->attr) : HPDF_OK;
}

static void free_element(HPDF_Dict dict)
{
    free(dict->attr);
    dict->attr = NULL;
}

/* A number in decimal (a document has hundreds of references: printf's cost showed). */
static void add_uint(yk_buf *b, unsigned long v)
{
    char d[24];
    size_t n = 0;
    do
        d[sizeof d - ++n] = (char)('0' + v % 10);
    while ((v /= 10) != 0);
    yk_buf_add(b, d + sizeof d - n, n);
}

static void add_ref(yk_buf *b, const void *obj)
{
    const HPDF_Obj_Header *h = obj;
    add_uint(b, h->obj_id & 0x00FFFFFFu);
    yk_buf_addc(b, ' ');
    add_uint(b, h->gen_no);
    yk_buf_add(b, " R", 2);
}

/* The page an element's own content starts on (its /Pg), or NONE. */
static size_t first_page(const node *n)
{
    for (size_t i = 0; i < n->kid_count; i++)
        if (n->kids[i].node == NONE)
            return n->kids[i].page;
    return NONE;
}

static int by_col(const void *a, const void *b, const node *nodes)
{
    int ca = nodes[((const kid *)a)->node].col, cb = nodes[((const kid *)b)->node].col;
    return (ca > cb) - (ca < cb);
}

/* A row's cells in reading order (left to right), whatever order they were drawn in. A
 * stable insertion sort: rows hold a handful of cells. */
static void sort_row(node *nodes, node *tr)
{
    for (size_t i = 1; i < tr->kid_count; i++) {
        kid k = tr->kids[i];
        size_t j = i;
        while (j > 0 && by_col(&tr->kids[j - 1], &k, nodes) > 0) {
            tr->kids[j] = tr->kids[j - 1];
            j--;
        }
        tr->kids[j] = k;
    }
}

/* /K: one kid bare, several in an array; content on another page than the element's /Pg as
 * a marked-content reference. */
static void add_kids(const yk_tag *t, const node *n, size_t pg, yk_buf *b)
{
    if (n->kid_count == 0)
        return;
    yk_buf_adds(b, n->kid_count == 1 ? "/K " : "/K[");
    for (size_t i = 0; i < n->kid_count; i++) {
        const kid *k = &n->kids[i];
        if (i > 0)
            yk_buf_addc(b, ' ');
        if (k->node != NONE) {
            add_ref(b, t->nodes[k->node].dict);
        } else if (k->page == pg) {
            add_uint(b, (unsigned long)k->mcid);
        } else {
            yk_buf_adds(b, "<</Type/MCR/Pg ");
            add_ref(b, t->pages[k->page].page);
            yk_buf_adds(b, "/MCID ");
            add_uint(b, (unsigned long)k->mcid);
            yk_buf_adds(b, ">>");
        }
    }
    if (n->kid_count > 1)
        yk_buf_addc(b, ']');
}

/* ---- table columns ---- */

#define EDGE_EPS 0.01 /* pt: cell edges closer than this are one column edge */

static int by_value(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The column edges of a table: every cell's left and right edge, once each, ascending. */
static size_t table_edges(const yk_tag *t, const node *table, double **out)
{
    size_t n = 0, cap = 8;
    double *e = yk_xmalloc(cap * sizeof *e);
    for (size_t r = 0; r < table->kid_count; r++) {
        const node *tr = &t->nodes[table->kids[r].node];
        for (size_t c = 0; c < tr->kid_count; c++) {
            const node *cell = &t->nodes[tr->kids[c].node];
            if (n + 2 > cap)
                e = yk_xrealloc(e, (cap *= 2) * sizeof *e);
            e[n++] = cell->x;
            e[n++] = cell->x + cell->w;
        }
    }
    qsort(e, n, sizeof *e, by_value);
    size_t u = 0;
    for (size_t i = 0; i < n; i++)
        if (u == 0 || e[i] - e[u - 1] > EDGE_EPS)
            e[u++] = e[i];
    *out = e;
    return u;
}

/* How many of the table's grid columns each cell covers: a cell drawn across the edges of
 * other rows' cells spans their columns (計画 over a label and its text, a legend row). */
static void set_spans(yk_tag *t, const node *table)
{
    double *edges;
    size_t count = table_edges(t, table, &edges);
    for (size_t r = 0; r < table->kid_count; r++) {
        const node *tr = &t->nodes[table->kids[r].node];
        for (size_t c = 0; c < tr->kid_count; c++) {
            node *cell = &t->nodes[tr->kids[c].node];
            cell->span = 0;
            for (size_t i = 0; i < count; i++)
                cell->span += edges[i] > cell->x + EDGE_EPS && edges[i] <= cell->x + cell->w + EDGE_EPS;
        }
    }
    free(edges);
}

/* A dictionary written by write_element from text, which it then owns. */
static HPDF_Dict text_object(yk_tag *t, char *text)
{
    HPDF_Dict d = HPDF_Dict_New(t->pdf->mmgr);
    if (!d || HPDF_Xref_Add(t->pdf->xref, d) != HPDF_OK) {
        free(text);
        return NULL;
    }
    d->attr = text;
    d->write_fn = write_element;
    d->free_fn = free_element;
    return d;
}

/* /A of a TH or TD: /Scope for a header cell, /ColSpan where it covers several columns.
 * Cells alike share one attribute object (a form has dozens of column headers). */
static HPDF_STATUS table_attributes(yk_tag *t, const node *n, yk_buf *b)
{
    bool header = strcmp(n->type, "TH") == 0;
    if (!header && n->span <= 1)
        return HPDF_OK;
    const char *scope = !header ? "" : n->scope == YK_SCOPE_COLUMN ? "Column" : "Row";
    int span = n->span > 1 ? n->span : 1;
    size_t i = 0;
    while (i < t->attr_count && (t->attrs[i].span != span || strcmp(t->attrs[i].scope, scope)))
        i++;
    if (i == t->attr_count) {
        yk_buf a = {0};
        yk_buf_adds(&a, "/O/Table");
        if (*scope)
            yk_buf_addf(&a, "/Scope/%s", scope);
        if (span > 1)
            yk_buf_addf(&a, "/ColSpan %d", span);
        HPDF_Dict d = text_object(t, yk_buf_take(&a));
        if (!d)
            return HPDF_FAILD_TO_ALLOC_MEM;
        t->attrs = yk_xrealloc(t->attrs, (t->attr_count + 1) * sizeof *t->attrs);
        t->attrs[t->attr_count++] = (attr_at){scope, span, d};
    }
    yk_buf_adds(b, "/A ");
    add_ref(b, t->attrs[i].dict);
    return HPDF_OK;
}

static HPDF_STATUS fill_node(yk_tag *t, node *n, const HPDF_Dict root)
{
    yk_buf b = {0};
    yk_buf_adds(&b, "/S/");
    yk_buf_adds(&b, n->type);
    yk_buf_adds(&b, "/P ");
    add_ref(&b, n->parent == NONE ? root : t->nodes[n->parent].dict);
    size_t pg = first_page(n);
    if (pg != NONE) {
        yk_buf_adds(&b, "/Pg ");
        add_ref(&b, t->pages[pg].page);
    }
    if (strcmp(n->type, "TR") == 0)
        sort_row(t->nodes, n);
    if (strcmp(n->type, "Table") == 0)
        set_spans(t, n);
    HPDF_STATUS st = HPDF_OK;
    if (strcmp(n->type, "TH") == 0 || strcmp(n->type, "TD") == 0)
        st = table_attributes(t, n, &b);
    if (strcmp(n->type, "Document") == 0)
        yk_buf_adds(&b, "/Lang(" YK_TAG_LANG ")");
    add_kids(t, n, pg, &b);
    free(n->dict->attr);
    n->dict->attr = yk_buf_take(&b);
    return st;
}

/* A data cell that holds one paragraph holds its content itself (TD → MCID rather than TD →
 * P → MCID): the P said nothing the TD does not. A cell of several paragraphs, or a list,
 * keeps them. The /ParentTree then names the TD for that content. */
static void fold_lone_paragraphs(yk_tag *t)
{
    for (size_t i = 0; i < t->node_count; i++) {
        node *p = &t->nodes[i];
        if (strcmp(p->type, "P") != 0 || p->parent == NONE)
            continue;
        node *td = &t->nodes[p->parent];
        if (strcmp(td->type, "TD") != 0 || td->kid_count != 1)
            continue;
        free(td->kids);
        td->kids = p->kids, td->kid_count = p->kid_count, td->kid_cap = p->kid_cap;
        p->kids = NULL, p->kid_count = p->kid_cap = 0;
        p->gone = true;
    }
    for (size_t pg = 0; pg < t->page_count; pg++)
        for (size_t m = 0; m < t->pages[pg].mcid_count; m++) {
            size_t *owner = &t->pages[pg].parents[m];
            if (t->nodes[*owner].gone)
                *owner = t->nodes[*owner].parent;
        }
}

/* Number tree from each page's /StructParents key to the elements of its MCIDs. */
static HPDF_STATUS parent_tree(yk_tag *t, HPDF_Dict root)
{
    HPDF_MMgr mmgr = t->pdf->mmgr;
    HPDF_Dict tree = HPDF_Dict_New(mmgr);
    HPDF_Array nums = HPDF_Array_New(mmgr);
    HPDF_STATUS st = HPDF_Dict_Add(root, "ParentTree", tree);
    st |= HPDF_Dict_Add(tree, "Nums", nums);
    for (size_t p = 0; p < t->page_count && st == HPDF_OK; p++) {
        const tag_page *tp = &t->pages[p];
        HPDF_Array parents = HPDF_Array_New(mmgr);
        st |= HPDF_Array_AddNumber(nums, (HPDF_INT32)p);
        st |= HPDF_Array_Add(nums, parents);
        for (size_t m = 0; m < tp->mcid_count && st == HPDF_OK; m++)
            st |= HPDF_Array_Add(parents, t->nodes[tp->parents[m]].dict);
        st |= HPDF_Dict_AddNumber(tp->page, "StructParents", (HPDF_INT32)p);
    }
    st |= HPDF_Dict_AddNumber(root, "ParentTreeNextKey", (HPDF_INT32)t->page_count);
    return st;
}

static HPDF_STATUS catalog_entries(yk_tag *t, HPDF_Dict root)
{
    HPDF_MMgr mmgr = t->pdf->mmgr;
    HPDF_Dict catalog = t->pdf->catalog;
    HPDF_Dict mark = HPDF_Dict_New(mmgr), prefs = HPDF_Dict_New(mmgr);
    HPDF_STATUS st = HPDF_Dict_Add(catalog, "StructTreeRoot", root);
    st |= HPDF_Dict_Add(catalog, "MarkInfo", mark);
    st |= HPDF_Dict_AddBoolean(mark, "Marked", HPDF_TRUE);
    st |= HPDF_Dict_Add(catalog, "Lang", HPDF_String_New(mmgr, YK_TAG_LANG, NULL));
    st |= HPDF_Dict_Add(catalog, "ViewerPreferences", prefs);
    st |= HPDF_Dict_AddBoolean(prefs, "DisplayDocTitle", HPDF_TRUE);
    return st;
}

bool yk_tag_finish(yk_tag *tag)
{
    HPDF_MMgr mmgr = tag->pdf->mmgr;
    HPDF_Xref xref = tag->pdf->xref;
    HPDF_Dict root = HPDF_Dict_New(mmgr);
    HPDF_STATUS st = HPDF_Xref_Add(xref, root);
    st |= HPDF_Dict_AddName(root, "Type", "StructTreeRoot");
    fold_lone_paragraphs(tag);
    /* every element has its object number before any refers to another */
    for (size_t i = 0; i < tag->node_count && st == HPDF_OK; i++) {
        node *n = &tag->nodes[i];
        if (n->gone)
            continue;
        n->dict = text_object(tag, NULL); /* its text once every element has its number */
        st |= n->dict ? HPDF_OK : HPDF_FAILD_TO_ALLOC_MEM;
    }
    for (size_t i = 0; i < tag->node_count && st == HPDF_OK; i++)
        if (!tag->nodes[i].gone) {
            st |= fill_node(tag, &tag->nodes[i], root);
        }
    if (st == HPDF_OK && tag->document != NONE)
        st |= HPDF_Dict_Add(root, "K", tag->nodes[tag->document].dict);
    st = st == HPDF_OK ? parent_tree(tag, root) : st;
    st = st == HPDF_OK ? catalog_entries(tag, root) : st;
    return st == HPDF_OK;
}
