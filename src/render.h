/* render: one plan through the whole pipeline (plan → bind → layout → draw), and the session
 * that holds what every plan of a run shares (templates and fonts). A session is immutable
 * once opened, so batch workers share one; it owns its forms and fonts. */
#ifndef YK_RENDER_H
#define YK_RENDER_H

#include <stdbool.h>

#include "diag.h"
#include "layout.h"
#include "plan.h"
#include "timing.h"

typedef struct yk_session yk_session;

/* Which forms to print: bit n-1 for 様式n. */
typedef unsigned yk_form_set;
#define YK_FORMS_ALL 0u /* every form the forms directory ships */

/* Opens the templates (forms_dir/yoshikiN.yaml) and their fonts. NULL dirs mean the defaults
 * (see yk_data_dir). NULL, with errors reported, on failure. */
yk_session *yk_session_open(const char *forms_dir, const char *fonts_dir, yk_form_set forms,
                            yk_diag *d);
void yk_session_free(yk_session *s);

/* Lays out plan with every form of the session. */
bool yk_session_layout(const yk_session *s, const yk_plan *plan, yk_layout *out, yk_diag *d);

/* Loads plan_path and writes its PDF to out_path through a temporary file in the same
 * directory, renamed into place only when complete. epoch fixes every date in the file. */
bool yk_session_render(const yk_session *s, const char *plan_path, const char *out_path,
                       long long epoch, yk_diag *d);

/* yk_session_render that also adds the time of each stage to *t (see timing.h). */
bool yk_session_render_timed(const yk_session *s, const char *plan_path, const char *out_path,
                             long long epoch, yk_timings *t, yk_diag *d);

/* What opening the session cost (the forms and fonts stages). */
const yk_timings *yk_session_timings(const yk_session *s);

/* "<year>-<code>-<slug>.pdf" for a plan; the caller frees. */
char *yk_output_name(const yk_plan *plan);

#endif
