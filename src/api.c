/* api: the parts of <yoshiki.h> that are thin wrappers over the internal modules (the
 * session's own functions, yk_plan_load and yk_plan_free are the API as they stand). */
#include <yoshiki.h>

#include <stdlib.h>

#include "diag.h"
#include "layout.h"
#include "plan.h"
#include "render.h"

#undef yk_layout_free /* layout.h's guard against internal use */

const char *yk_version(void)
{
    return YK_VERSION;
}

void yk_free(void *p)
{
    free(p);
}

char *yk_plan_output_name(const yk_session *s, const yk_plan *plan)
{
    return yk_session_output_name(s, plan);
}

/* ---- layout ---- */

yk_layout *yk_layout_new(const yk_session *s, const yk_plan *plan, yk_diagnostics *d)
{
    yk_layout *layout = yk_xcalloc(1, sizeof *layout);
    if (!yk_session_layout(s, plan, layout, d)) {
        yk_layout_clear(layout);
        free(layout);
        return NULL;
    }
    return layout;
}

void yk_layout_free(yk_layout *layout)
{
    if (!layout)
        return;
    yk_layout_clear(layout);
    free(layout);
}

size_t yk_layout_page_count(const yk_layout *layout)
{
    return layout->page_count;
}

char *yk_layout_to_json(const yk_layout *layout)
{
    yk_buf b = {0};
    yk_layout_json(layout, &b);
    return yk_buf_take(&b);
}

/* ---- rendering ---- */

bool yk_render_file(const yk_session *s, const yk_plan *plan, const char *path,
                    yk_diagnostics *d)
{
    return yk_session_render_plan(s, plan, path, NULL, NULL, d);
}

bool yk_render_memory(const yk_session *s, const yk_plan *plan, unsigned char **data,
                      size_t *len, yk_diagnostics *d)
{
    return yk_session_render_memory(s, plan, data, len, d);
}

/* ---- diagnostics ---- */

yk_diagnostics *yk_diagnostics_new(void)
{
    return yk_diag_new();
}

void yk_diagnostics_free(yk_diagnostics *d)
{
    yk_diag_free(d);
}

size_t yk_diagnostics_count(const yk_diagnostics *d)
{
    return yk_diag_count(d);
}

size_t yk_diagnostics_errors(const yk_diagnostics *d)
{
    return yk_diag_errors(d);
}

const yk_diagnostic *yk_diagnostics_at(const yk_diagnostics *d, size_t index)
{
    return index < yk_diag_count(d) ? yk_diag_at(d, index) : NULL;
}

yk_level yk_diagnostic_level(const yk_diagnostic *e)
{
    switch (e->level) {
    case YK_DIAG_NOTE: return YK_LEVEL_NOTE;
    case YK_DIAG_WARNING: return YK_LEVEL_WARNING;
    default: return YK_LEVEL_ERROR;
    }
}

bool yk_diagnostic_is_system(const yk_diagnostic *e)
{
    return e->level == YK_DIAG_ERROR && e->cls == YK_DIAG_SYSTEM;
}

const char *yk_diagnostic_file(const yk_diagnostic *e)
{
    return e->file;
}

int yk_diagnostic_line(const yk_diagnostic *e)
{
    return e->line;
}

int yk_diagnostic_column(const yk_diagnostic *e)
{
    return e->col;
}

const char *yk_diagnostic_field(const yk_diagnostic *e)
{
    return e->field;
}

const char *yk_diagnostic_message(const yk_diagnostic *e)
{
    return e->message;
}

char *yk_diagnostic_format(const yk_diagnostic *e)
{
    return yk_diag_format(e);
}
