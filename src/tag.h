/* tag: the tagged-PDF structure of a document (ISO 32000 §14.7–14.8, as PDF/A-1a asks), built
 * while draw paints: Document → Sect per form → H1..H6, P, Table → TR → TH (with /Scope) / TD
 * → P (a TD of one paragraph holds its content itself) or L → LI → LBody; every text drawn inside marked content with an MCID, or as an
 * Artifact (a book: Document → Part per ward → Sect …); the /ParentTree back from content to structure; /StructParents on each page;
 * /Lang, /MarkInfo and /ViewerPreferences on the catalog.
 *
 * It makes no decision of its own: what each box is (role, table, row, reading position)
 * comes from layout. libharu has no tagging API, so this module builds the objects with
 * libharu's installed internal headers (hpdf_objects.h, hpdf_pages.h) and writes the BDC/EMC
 * operators into the page's content stream; it is, with draw and archive, one of the only
 * users of libharu. A yk_tag belongs to one libharu document and must not outlive it. */
#ifndef YK_TAG_H
#define YK_TAG_H

#include <stdbool.h>
#include <stddef.h>

#include "layout.h"

struct _HPDF_Doc_Rec;
struct _HPDF_Dict_Rec;

typedef struct yk_tag yk_tag;

/* What an artifact is: page furniture (running heads, marks, folios, a repeated header row)
 * or drawing that is no text (rules, fills). */
typedef enum { YK_ARTIFACT_PAGINATION, YK_ARTIFACT_LAYOUT } yk_artifact;

/* The natural language of every document yoshiki writes. */
#define YK_TAG_LANG "ja-JP"

yk_tag *yk_tag_new(struct _HPDF_Doc_Rec *pdf);
void yk_tag_free(yk_tag *tag);

/* Opens the Document element, the one child of the structure tree's root. */
void yk_tag_document(yk_tag *tag);
/* Opens a Part of the Document for the pages that follow: one per ward of a book. */
void yk_tag_part(yk_tag *tag);

/* The page being drawn, just after it is added and before anything is drawn on it; its
 * form's first page opens a Sect. */
void yk_tag_page(yk_tag *tag, struct _HPDF_Dict_Rec *page, const yk_layout_page *lp);

/* The box about to be drawn: finds or opens its element (a row split over pages stays one
 * TR, its cells one TH or TD). Artifact boxes open nothing. Call for every box, text or not,
 * so empty cells still hold their place in the table. */
void yk_tag_box(yk_tag *tag, const yk_layout_box *box);

/* Opens marked content for the paragraph of the current box that starts at box->lines[line]
 * (a line that is no paragraph start continues the paragraph of the previous part). */
void yk_tag_begin_text(yk_tag *tag, const yk_layout_box *box, size_t line);
/* Opens an artifact. */
void yk_tag_begin_artifact(yk_tag *tag, yk_artifact kind);
/* Closes what the last begin opened. */
void yk_tag_end(yk_tag *tag);

/* After the last page: writes the structure tree, the parent tree and the catalog entries.
 * False when libharu fails (its error handler has then reported). */
bool yk_tag_finish(yk_tag *tag);

#endif
