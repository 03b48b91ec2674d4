/* pdfoutline: the outline through libharu's outline API, with titles and item dictionaries
 * corrected (see pdfoutline.h). */
#include "pdfoutline.h"

#include <hpdf.h>
#include <hpdf_objects.h>
#include <stdlib.h>

#include "archive.h"
#include "util.h"

#define MAX_DEPTH 8

HPDF_Outline yk_pdfoutline_item(HPDF_Doc pdf, HPDF_Outline parent, const char *title,
                                HPDF_Page page, bool open)
{
    /* libharu encodes a title through an encoder (or not at all); the real title replaces
     * this empty one as a UTF-16BE text string */
    HPDF_Outline item = HPDF_CreateOutline(pdf, parent, "", NULL);
    if (!item)
        return NULL;
    /* libharu types every item /Outlines, which only the outline root may be */
    HPDF_Dict_RemoveElement(item, "Type");
    /* [page /Fit] written in place: libharu's HPDF_Page_CreateDestination makes it an
     * indirect object, which PDFBox (and so Preflight) cannot read as a destination */
    HPDF_Array dest = HPDF_Array_New(pdf->mmgr);
    if (!dest)
        return NULL;
    HPDF_STATUS st = HPDF_Array_Add(dest, page);
    st |= HPDF_Array_AddName(dest, "Fit");
    st |= HPDF_Dict_Add(item, "Dest", dest);
    st |= HPDF_Dict_Add(item, "Title", yk_archive_text_string(pdf->mmgr, title));
    st |= HPDF_Outline_SetOpened(item, open ? HPDF_TRUE : HPDF_FALSE);
    return st == HPDF_OK ? item : NULL;
}

bool yk_pdfoutline_add(HPDF_Doc pdf, HPDF_Outline parent, const yk_outline *outline,
                       HPDF_Page const *pages, size_t page_count)
{
    HPDF_Outline at_level[MAX_DEPTH + 1] = {parent};
    for (size_t i = 0; i < outline->count; i++) {
        const yk_outline_entry *e = &outline->entries[i];
        if (e->page >= page_count || e->level < 0 || e->level >= MAX_DEPTH)
            continue;
        /* a level below one never opened hangs from the nearest open ancestor */
        int level = e->level;
        while (level > 0 && !at_level[level])
            level--;
        /* forms and 経営課題 open; deeper levels start closed to keep the panel short */
        HPDF_Outline item = yk_pdfoutline_item(pdf, at_level[level], e->title, pages[e->page],
                                               e->level < 2);
        if (!item)
            return false;
        at_level[level + 1] = item;
        for (int k = level + 2; k <= MAX_DEPTH; k++)
            at_level[k] = NULL;
    }
    return HPDF_SetPageMode(pdf, HPDF_PAGE_MODE_USE_OUTLINE) == HPDF_OK;
}

bool yk_pdfoutline_page_labels(HPDF_Doc pdf, const size_t *starts, const char *const *prefixes,
                               size_t count)
{
    HPDF_Dict labels = HPDF_Dict_New(pdf->mmgr);
    HPDF_Array nums = HPDF_Array_New(pdf->mmgr);
    if (!labels || !nums)
        return false;
    HPDF_STATUS st = HPDF_Dict_Add(labels, "Nums", nums);
    for (size_t k = 0; st == HPDF_OK && k < count; k++) {
        HPDF_Dict label = HPDF_Dict_New(pdf->mmgr);
        if (!label)
            return false;
        st |= HPDF_Dict_AddName(label, "S", "D");
        if (prefixes[k]) {
            char *prefix = yk_xasprintf("%s ", prefixes[k]);
            st |= HPDF_Dict_Add(label, "P", yk_archive_text_string(pdf->mmgr, prefix));
            free(prefix);
        }
        st |= HPDF_Array_AddNumber(nums, (HPDF_INT32)starts[k]);
        st |= HPDF_Array_Add(nums, label);
    }
    return st == HPDF_OK && HPDF_Dict_Add(pdf->catalog, "PageLabels", labels) == HPDF_OK;
}
