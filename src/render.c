/* render: the pipeline for one plan, and the shared session of forms and fonts. */
#include "render.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <unistd.h>

#include "bind.h"
#include "draw.h"
#include "font.h"
#include "form.h"

#define MAX_FORMS 9

struct yk_session {
    yk_form *forms[MAX_FORMS];
    size_t form_count;
    yk_font **fonts;
    size_t font_count;
    yk_timings opened; /* what opening cost: the forms and fonts stages */
};

static bool has_font(const yk_session *s, const char *family)
{
    for (size_t i = 0; i < s->font_count; i++)
        if (strcmp(yk_font_family(s->fonts[i]), family) == 0)
            return true;
    return false;
}

static bool open_fonts(yk_session *s, const char *fonts_dir, yk_diag *d)
{
    for (size_t f = 0; f < s->form_count; f++) {
        const yk_form *form = s->forms[f];
        for (size_t i = 0; i < form->style_count; i++) {
            const char *family = form->styles[i].family;
            if (has_font(s, family))
                continue;
            yk_font *font = yk_font_open(family, fonts_dir, d);
            if (!font)
                return false;
            s->fonts = yk_xrealloc(s->fonts, (s->font_count + 1) * sizeof *s->fonts);
            s->fonts[s->font_count++] = font;
        }
    }
    return true;
}

static bool file_exists(const char *path)
{
    return access(path, R_OK) == 0;
}

/* With no explicit choice, every template the forms directory ships is printed. */
static bool open_forms(yk_session *s, const char *dir, yk_form_set forms, yk_diag *d)
{
    bool ok = true;
    for (unsigned n = 1; n <= MAX_FORMS; n++) {
        bool wanted = forms == YK_FORMS_ALL || (forms & (1u << (n - 1)));
        if (!wanted)
            continue;
        char *path = yk_xasprintf("%s/yoshiki%u.yaml", dir, n);
        if (!file_exists(path)) {
            if (forms != YK_FORMS_ALL)
                yk_diag_error(d, NULL, 0, 0, NULL, "there is no 様式%u: %s does not exist", n, path);
            ok = ok && forms == YK_FORMS_ALL;
            free(path);
            continue;
        }
        yk_form *form = yk_form_load(path, d);
        free(path);
        if (form)
            s->forms[s->form_count++] = form;
        else
            ok = false;
    }
    if (ok && s->form_count == 0) {
        yk_diag_syserror(d, dir, "no templates (yoshikiN.yaml) found in this directory");
        ok = false;
    }
    return ok;
}

yk_session *yk_session_open(const char *forms_dir, const char *fonts_dir, yk_form_set forms,
                            yk_diag *d)
{
    char *own_forms = forms_dir ? NULL : yk_data_dir("forms", "YOSHIKI_FORMS");
    char *own_fonts = fonts_dir ? NULL : yk_data_dir("fonts", "YOSHIKI_FONTS");
    yk_session *s = yk_xcalloc(1, sizeof *s);
    double mark = yk_clock_ms();
    bool ok = open_forms(s, forms_dir ? forms_dir : own_forms, forms, d);
    yk_timings_lap(&s->opened, YK_STAGE_FORMS, &mark);
    ok = ok && open_fonts(s, fonts_dir ? fonts_dir : own_fonts, d);
    yk_timings_lap(&s->opened, YK_STAGE_FONTS, &mark);
    free(own_forms);
    free(own_fonts);
    if (!ok) {
        yk_session_free(s);
        return NULL;
    }
    return s;
}

void yk_session_free(yk_session *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->form_count; i++)
        yk_form_free(s->forms[i]);
    for (size_t i = 0; i < s->font_count; i++)
        yk_font_free(s->fonts[i]);
    free(s->fonts);
    free(s);
}

const yk_timings *yk_session_timings(const yk_session *s)
{
    return &s->opened;
}

static bool layout_timed(const yk_session *s, const yk_plan *plan, yk_layout *out,
                         yk_timings *t, yk_diag *d)
{
    yk_filled filled[MAX_FORMS];
    const yk_filled *ptrs[MAX_FORMS];
    bool ok = true;
    double mark = yk_clock_ms();
    for (size_t i = 0; i < s->form_count; i++) {
        ok = yk_bind(s->forms[i], plan, &filled[i], d) && ok;
        ptrs[i] = &filled[i];
    }
    yk_timings_lap(t, YK_STAGE_BIND, &mark);
    yk_layout_font *fonts = yk_xcalloc(s->font_count, sizeof *fonts);
    for (size_t i = 0; i < s->font_count; i++) {
        fonts[i].family = yk_font_family(s->fonts[i]);
        fonts[i].metrics = yk_font_metrics(s->fonts[i]);
    }
    if (ok)
        ok = yk_layout_build(ptrs, s->form_count, fonts, s->font_count, out, d);
    else
        memset(out, 0, sizeof *out);
    free(fonts);
    for (size_t i = 0; i < s->form_count; i++)
        yk_filled_free(&filled[i]);
    yk_timings_lap(t, YK_STAGE_LAYOUT, &mark);
    return ok;
}

bool yk_session_layout(const yk_session *s, const yk_plan *plan, yk_layout *out, yk_diag *d)
{
    return layout_timed(s, plan, out, NULL, d);
}

char *yk_output_name(const yk_plan *plan)
{
    return yk_xasprintf("%d-%s-%s.pdf", plan->fiscal_year, plan->ward_code ? plan->ward_code : "000000",
                        plan->ward_slug ? plan->ward_slug : "ward");
}

static char *document_title(const yk_plan *plan)
{
    char *era = yk_era_year(plan->fiscal_year);
    char *title = yk_xasprintf("%s　%s運営方針%s", era, plan->ward_name, plan->draft ? "（案）" : "");
    free(era);
    return title;
}

/* A temporary name beside the target, so the final rename never crosses file systems. The
 * pid keeps concurrent runs apart; open() applies the umask as for any new file. */
static char *temp_beside(const char *out_path, int *fd)
{
    char *name = yk_xasprintf("%s.tmp.%ld", out_path, (long)getpid());
    *fd = open(name, O_WRONLY | O_CREAT | O_EXCL, 0666);
    return name;
}

static bool draw_to(const yk_session *s, const yk_plan *plan, const yk_layout *layout,
                    const char *out_path, long long epoch, yk_timings *t, yk_diag *d)
{
    int fd;
    char *tmp = temp_beside(out_path, &fd);
    if (fd < 0) {
        yk_diag_syserror(d, out_path, "cannot create a file beside it: %s", strerror(errno));
        free(tmp);
        return false;
    }
    close(fd);
    char *title = document_title(plan);
    yk_draw_meta meta = {title, plan->ward_name, "区運営方針", epoch, t};
    bool ok = yk_draw_pdf(layout, (const yk_font *const *)s->fonts, s->font_count, &meta, tmp, d);
    double mark = yk_clock_ms();
    if (ok && rename(tmp, out_path) != 0) {
        yk_diag_syserror(d, out_path, "cannot write: %s", strerror(errno));
        ok = false;
    }
    if (!ok)
        unlink(tmp);
    free(title);
    free(tmp);
    yk_timings_lap(t, YK_STAGE_WRITE, &mark);
    return ok;
}

bool yk_session_render(const yk_session *s, const char *plan_path, const char *out_path,
                       long long epoch, yk_diag *d)
{
    return yk_session_render_timed(s, plan_path, out_path, epoch, NULL, d);
}

bool yk_session_render_timed(const yk_session *s, const char *plan_path, const char *out_path,
                             long long epoch, yk_timings *t, yk_diag *d)
{
    double mark = yk_clock_ms();
    yk_plan *plan = yk_plan_load(plan_path, d);
    yk_timings_lap(t, YK_STAGE_LOAD, &mark);
    if (!plan)
        return false;
    yk_layout layout;
    bool ok = layout_timed(s, plan, &layout, t, d);
    if (ok)
        ok = draw_to(s, plan, &layout, out_path, epoch, t, d);
    yk_layout_free(&layout);
    yk_plan_free(plan);
    return ok;
}
