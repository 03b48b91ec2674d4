/* render: the pipeline for one plan, and the shared session of forms and fonts. */
#include "render.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <fcntl.h>
#include <pthread.h>
#include <unistd.h>

#include "bind.h"
#include "draw.h"
#include "font.h"
#include "fontset.h"
#include "form.h"
#include "output.h"
#include "yamldoc.h"
#include "outline.h"

struct yk_session {
    yk_form **forms;
    char **form_names;  /* the template file names without .yaml, parallel to forms */
    size_t forms_cap, names_cap;
    size_t form_count;
    yk_fontset *fonts;
    char **families; /* every style's family, each once */
    size_t family_count, family_cap;
    bool every_form;    /* the directory's forms, all of them in its order */
    char *icc_profile; /* NULL: yoshiki's own sRGB profile (icc.h) */
    yk_temps *temps;   /* borrowed from the options: the run's registry of temporary files */
    long long epoch;
    yk_timings opened; /* what opening cost: the forms and fonts stages */
};

void yk_session_options_init(yk_session_options *o)
{
    memset(o, 0, sizeof *o);
    o->epoch = YK_EPOCH_NOW;
}

static void add_name(char ***names, size_t *count, size_t *cap, const char *name)
{
    for (size_t i = 0; i < *count; i++)
        if (strcmp((*names)[i], name) == 0)
            return;
    *names = yk_reserve(*names, *count + 1, cap, sizeof **names);
    (*names)[(*count)++] = yk_xstrdup(name);
}

static void free_names(char **names, size_t count)
{
    for (size_t i = 0; i < count; i++)
        free(names[i]);
    free(names);
}

/* The styles' families and the templates' fallbacks, opened once for the session. */
static bool open_fonts(yk_session *s, const char *fonts_dir, yk_diag *d)
{
    char **fallbacks = NULL;
    size_t fallback_count = 0, fallback_cap = 0;
    for (size_t f = 0; f < s->form_count; f++) {
        const yk_form *form = s->forms[f];
        for (size_t i = 0; i < form->style_count; i++)
            add_name(&s->families, &s->family_count, &s->family_cap, form->styles[i].family);
        for (size_t i = 0; i < form->fallback_count; i++)
            add_name(&fallbacks, &fallback_count, &fallback_cap, form->fallbacks[i]);
    }
    s->fonts = yk_fontset_open((const char *const *)s->families, s->family_count,
                               (const char *const *)fallbacks, fallback_count, fonts_dir, d);
    free_names(fallbacks, fallback_count);
    return s->fonts != NULL;
}

/* ---- which forms: the directory's templates, by name ---- */

/* "yoshiki2" before "yoshiki10": digit runs compare as numbers. */
static int natural_cmp(const char *a, const char *b)
{
    while (*a && *b) {
        if (isdigit((unsigned char)*a) && isdigit((unsigned char)*b)) {
            char *ea, *eb;
            unsigned long long na = strtoull(a, &ea, 10), nb = strtoull(b, &eb, 10);
            if (na != nb)
                return na < nb ? -1 : 1;
            a = ea, b = eb;
        } else if (*a != *b) {
            return (unsigned char)*a < (unsigned char)*b ? -1 : 1;
        } else {
            a++, b++;
        }
    }
    return (unsigned char)*a - (unsigned char)*b;
}

static int name_order(const void *a, const void *b)
{
    return natural_cmp(*(char *const *)a, *(char *const *)b);
}

/* The value of a top-level `format:` line of YAML text (quotes and comment dropped) into
 * out, or "" when there is none. A block mapping's top-level keys start their lines, so no
 * parse is needed to find it. */
static void top_level_format(const char *text, char *out, size_t size)
{
    out[0] = '\0';
    for (const char *line = text; line && *line; line = strchr(line, '\n'), line = line ? line + 1 : NULL) {
        if (strncmp(line, "format:", 7) != 0)
            continue;
        const char *v = line + 7;
        v += strspn(v, " \t\"'");
        size_t n = strcspn(v, " \t\"'#\r\n");
        if (n >= size)
            n = size - 1;
        memcpy(out, v, n);
        out[n] = '\0';
        return;
    }
}

/* The forms directory also holds data of other formats (wards.yaml, format:
 * yoshiki-wards/1): a file is a template unless it says another format. Only the templates
 * chosen are parsed (once, when loaded): a file that cannot be read counts as a template, so
 * that loading it reports why. */
static bool is_template(const char *dir, const char *file)
{
    char *path = yk_xasprintf("%s/%s", dir, file);
    size_t len;
    char *text = yk_read_file(path, &len);
    char format[64];
    top_level_format(text ? text : "", format, sizeof format);
    free(text);
    free(path);
    return format[0] == '\0' || strncmp(format, "yoshiki-form/", 13) == 0;
}

/* The names of the templates in dir (NAME.yaml), in natural order; NULL when dir cannot be
 * read (reported). */
static char **list_forms(const char *dir, size_t *count, yk_diag *d)
{
    DIR *dh = opendir(dir);
    if (!dh) {
        char eb[YK_ERRBUF];
        yk_diag_syserror(d, dir, "cannot read the forms directory: %s",
                         yk_strerror(errno, eb, sizeof eb));
        return NULL;
    }
    char **names = NULL;
    size_t n = 0, cap = 0;
    const struct dirent *e;
    while ((e = readdir(dh)) != NULL) {
        size_t len = strlen(e->d_name);
        if (e->d_name[0] == '.' || len <= 5 || strcmp(e->d_name + len - 5, ".yaml") != 0 ||
            !is_template(dir, e->d_name))
            continue;
        names = yk_reserve(names, n + 1, &cap, sizeof *names);
        names[n++] = yk_xstrndup(e->d_name, len - 5);
    }
    closedir(dh);
    if (n == 0) {
        yk_diag_syserror(d, dir, "no templates (NAME.yaml) in the forms directory");
        free(names);
        return NULL;
    }
    qsort(names, n, sizeof *names, name_order);
    *count = n;
    return names;
}

/* The directory's name for a choice: the name itself, or the Nth name for "N". */
static const char *resolve_form(const char *choice, char *const *names, size_t count,
                                const char *dir, yk_diag *d)
{
    for (size_t i = 0; i < count; i++)
        if (strcmp(names[i], choice) == 0)
            return names[i];
    char *end;
    unsigned long n = strtoul(choice, &end, 10);
    if (isdigit((unsigned char)choice[0]) && *end == '\0' && n >= 1 && n <= count)
        return names[n - 1];
    const char *hint = yk_suggest(choice, (const char *const *)names, count);
    yk_buf all = {0};
    for (size_t i = 0; i < count; i++)
        yk_buf_addf(&all, "%s%s (%zu)", i ? ", " : "", names[i], i + 1);
    if (hint)
        yk_diag_error(d, dir, 0, 0, NULL,
                      "there is no form '%s' (did you mean '%s'?); the forms are %s", choice,
                      hint, all.data);
    else
        yk_diag_error(d, dir, 0, 0, NULL, "there is no form '%s'; the forms are %s", choice,
                      all.data);
    yk_buf_free(&all);
    return NULL;
}

static bool load_form(yk_session *s, const char *dir, const char *name, yk_diag *d)
{
    char *path = yk_xasprintf("%s/%s.yaml", dir, name);
    yk_form *form = yk_form_load(path, d);
    free(path);
    if (!form)
        return false;
    s->forms = yk_reserve(s->forms, s->form_count + 1, &s->forms_cap, sizeof *s->forms);
    s->form_names =
        yk_reserve(s->form_names, s->form_count + 1, &s->names_cap, sizeof *s->form_names);
    s->forms[s->form_count] = form;
    s->form_names[s->form_count++] = yk_xstrdup(name);
    return true;
}

static bool open_forms(yk_session *s, const yk_session_options *o, yk_diag *d)
{
    size_t count = 0;
    char **names = list_forms(o->forms_dir, &count, d);
    if (!names)
        return false;
    bool ok = true;
    if (!o->forms || o->form_count == 0) {
        for (size_t i = 0; i < count; i++)
            ok = load_form(s, o->forms_dir, names[i], d) && ok;
    } else {
        for (size_t i = 0; i < o->form_count; i++) {
            const char *name = resolve_form(o->forms[i], names, count, o->forms_dir, d);
            ok = name && load_form(s, o->forms_dir, name, d) && ok;
        }
    }
    s->every_form = ok && s->form_count == count;
    for (size_t i = 0; s->every_form && i < count; i++)
        s->every_form = strcmp(s->form_names[i], names[i]) == 0;
    free_names(names, count);
    return ok;
}

yk_session *yk_session_open(const yk_session_options *o, yk_diag *d)
{
    if (!o->forms_dir) {
        yk_diag_syserror(d, NULL, "no forms directory given (yk_session_options.forms_dir)");
        return NULL;
    }
    if (o->tmp_dir) /* a program written for the old option learns it does nothing now */
        yk_diag_warning(d, NULL, 0, 0, "tmp_dir",
                        "yk_session_options.tmp_dir is ignored: font subsets stay in memory, "
                        "and only the output's own temporary file is written, beside it");
    yk_session *s = yk_xcalloc(1, sizeof *s);
    s->icc_profile = o->icc_profile ? yk_xstrdup(o->icc_profile) : NULL;
    s->epoch = o->epoch;
    s->temps = o->temps;
    double mark = yk_clock_ms();
    bool ok = open_forms(s, o, d);
    yk_timings_lap(&s->opened, YK_STAGE_FORMS, &mark);
    ok = ok && open_fonts(s, o->fonts_dir, d);
    yk_timings_lap(&s->opened, YK_STAGE_FONTS, &mark);
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
    for (size_t i = 0; i < s->form_count; i++) {
        yk_form_free(s->forms[i]);
        free(s->form_names[i]);
    }
    yk_fontset_free(s->fonts);
    free_names(s->families, s->family_count);
    free(s->forms);
    free(s->form_names);
    free(s->icc_profile);
    free(s);
}

size_t yk_session_form_count(const yk_session *s)
{
    return s->form_count;
}

const char *yk_session_form_name(const yk_session *s, size_t index)
{
    return index < s->form_count ? s->form_names[index] : NULL;
}

const yk_timings *yk_session_timings(const yk_session *s)
{
    return &s->opened;
}

static bool layout_timed(const yk_session *s, const yk_plan *plan, yk_layout *out,
                         yk_timings *t, yk_diag *d)
{
    yk_filled *filled = yk_xcalloc(s->form_count, sizeof *filled);
    const yk_filled **ptrs = yk_xcalloc(s->form_count, sizeof *ptrs);
    bool ok = true;
    double mark = yk_clock_ms();
    for (size_t i = 0; i < s->form_count; i++) {
        ok = yk_bind(s->forms[i], plan, &filled[i], d) && ok;
        ptrs[i] = &filled[i];
    }
    yk_timings_lap(t, YK_STAGE_BIND, &mark);
    yk_layout_font *fonts = yk_xcalloc(s->family_count ? s->family_count : 1, sizeof *fonts);
    for (size_t i = 0; i < s->family_count; i++) {
        fonts[i].family = s->families[i];
        yk_fontset_metrics(s->fonts, s->families[i], &fonts[i].metrics);
    }
    if (ok) {
        ok = yk_layout_build(ptrs, s->form_count, fonts, s->family_count, out, d);
        ok = yk_fontset_report(s->fonts, d) && ok; /* a fallback it needed is missing */
    } else
        memset(out, 0, sizeof *out);
    free(fonts);
    for (size_t i = 0; i < s->form_count; i++)
        yk_filled_free(&filled[i]);
    free(filled);
    free(ptrs);
    yk_timings_lap(t, YK_STAGE_LAYOUT, &mark);
    return ok;
}

bool yk_session_layout(const yk_session *s, const yk_plan *plan, yk_layout *out, yk_diag *d)
{
    return layout_timed(s, plan, out, NULL, d);
}

static char *name_stem(const yk_plan *plan)
{
    return yk_xasprintf("%d-%s-%s", plan->fiscal_year, plan->ward_code ? plan->ward_code : "000000",
                        plan->ward_slug ? plan->ward_slug : "ward");
}

char *yk_session_output_name(const yk_session *s, const yk_plan *plan)
{
    yk_buf b = {0};
    char *stem = name_stem(plan);
    yk_buf_adds(&b, stem);
    free(stem);
    for (size_t i = 0; !s->every_form && i < s->form_count; i++)
        yk_buf_addf(&b, "-%s", s->form_names[i]);
    yk_buf_adds(&b, ".pdf");
    return yk_buf_take(&b);
}

static char *document_title(const yk_plan *plan)
{
    char *era = yk_era_year(plan->fiscal_year);
    char *title = yk_xasprintf("%s　%s運営方針%s", era, plan->ward_name, plan->draft ? "（案）" : "");
    free(era);
    return title;
}

static yk_draw_meta draw_meta(const yk_session *s, const yk_plan *plan, char *title,
                              yk_timings *t)
{
    yk_draw_meta meta = {.title = title, .author = plan->ward_name, .subject = "区運営方針",
                         .epoch = s->epoch, .icc_profile = s->icc_profile, .timings = t};
    if (meta.epoch < 0)
        meta.epoch = (long long)time(NULL);
    return meta;
}

/* The PDF is made in memory and then handed to output, which decides how the target takes
 * it: replaced through a temporary file beside it, or streamed (FIFO, device, "-"). */

/* The bookmarks of a plan's layout, the forms titled by their labels (様式1 …). */
static void session_outline(const yk_session *s, const yk_plan *plan, const yk_layout *layout,
                            yk_outline *out)
{
    yk_outline_form *forms = yk_xcalloc(s->form_count + 1, sizeof *forms);
    for (size_t i = 0; i < s->form_count; i++)
        forms[i] = (yk_outline_form){s->forms[i]->name, s->forms[i]->label};
    yk_outline_build(layout, plan, forms, s->form_count, out);
    free(forms);
}

/* The checksum and size of what was written, from the bytes in memory. */
static void sum_up(yk_render_sum *sum, const unsigned char digest[YK_SHA256_LEN], size_t len)
{
    sum->bytes = (long long)len;
    yk_sha256_to_hex(digest, sum->sha256);
}

static bool draw_to(const yk_session *s, const yk_plan *plan, const yk_layout *layout,
                    const char *out_path, yk_render_sum *sum, yk_timings *t, yk_diag *d)
{
    char *title = document_title(plan);
    yk_draw_meta meta = draw_meta(s, plan, title, t);
    yk_outline outline;
    session_outline(s, plan, layout, &outline);
    meta.outline = &outline;
    unsigned char digest[YK_SHA256_LEN];
    meta.sha256 = digest;
    const yk_font *fonts[YK_FONTSET_MAX];
    size_t count = yk_fontset_fonts(s->fonts, fonts, YK_FONTSET_MAX);
    unsigned char *pdf = NULL;
    size_t len = 0;
    bool ok = yk_draw_pdf_memory(layout, fonts, count, &meta, out_path, &pdf, &len, d);
    yk_outline_free(&outline);
    double mark = yk_clock_ms();
    ok = ok && yk_output_write(out_path, pdf, len, s->temps, d);
    if (ok)
        sum_up(sum, digest, len);
    free(pdf);
    free(title);
    yk_timings_lap(t, YK_STAGE_WRITE, &mark);
    return ok;
}

bool yk_session_render_plan_sum(const yk_session *s, const yk_plan *plan, const char *out_path,
                                yk_render_sum *sum, yk_timings *t, yk_diag *d)
{
    memset(sum, 0, sizeof *sum);
    yk_layout layout;
    bool ok = layout_timed(s, plan, &layout, t, d);
    if (ok)
        ok = draw_to(s, plan, &layout, out_path, sum, t, d);
    if (ok)
        sum->pages = layout.page_count;
    yk_layout_clear(&layout);
    return ok;
}

bool yk_session_render_plan(const yk_session *s, const yk_plan *plan, const char *out_path,
                            size_t *pages, yk_timings *t, yk_diag *d)
{
    yk_render_sum sum;
    bool ok = yk_session_render_plan_sum(s, plan, out_path, &sum, t, d);
    if (pages)
        *pages = sum.pages;
    return ok;
}

bool yk_session_render(const yk_session *s, const char *plan_path, const char *out_path,
                       yk_diag *d)
{
    return yk_session_render_timed(s, plan_path, out_path, NULL, d);
}

bool yk_session_render_timed(const yk_session *s, const char *plan_path, const char *out_path,
                             yk_timings *t, yk_diag *d)
{
    double mark = yk_clock_ms();
    yk_plan *plan = yk_plan_load(plan_path, d);
    yk_timings_lap(t, YK_STAGE_LOAD, &mark);
    if (!plan)
        return false;
    bool ok = yk_session_render_plan(s, plan, out_path, NULL, t, d);
    yk_plan_free(plan);
    return ok;
}

bool yk_session_render_memory(const yk_session *s, const yk_plan *plan, unsigned char **data,
                              size_t *len, yk_diag *d)
{
    *data = NULL;
    *len = 0;
    yk_layout layout;
    bool ok = yk_session_layout(s, plan, &layout, d);
    if (ok) {
        char *title = document_title(plan);
        yk_draw_meta meta = draw_meta(s, plan, title, NULL);
        yk_outline outline;
        session_outline(s, plan, &layout, &outline);
        meta.outline = &outline;
        const yk_font *fonts[YK_FONTSET_MAX];
        size_t count = yk_fontset_fonts(s->fonts, fonts, YK_FONTSET_MAX);
        ok = yk_draw_pdf_memory(&layout, fonts, count, &meta, plan->file, data, len, d);
        yk_outline_free(&outline);
        free(title);
    }
    yk_layout_clear(&layout);
    return ok;
}

/* ---- the book ---- */

#define YK_BOOK_MAX_JOBS 64

typedef struct book_parts {
    yk_layout *layouts;
    yk_outline *outlines;
    yk_draw_part *parts;
    size_t count;
} book_parts;

static void free_parts(book_parts *b)
{
    for (size_t i = 0; i < b->count; i++) {
        yk_layout_clear(&b->layouts[i]);
        yk_outline_free(&b->outlines[i]);
    }
    free(b->layouts);
    free(b->outlines);
    free(b->parts);
}

/* Each plan laid out again (layout is deterministic, so its pages are those of its own
 * PDF) rather than kept from the workers: a book of 24 wards then holds one plan's layout
 * at a time in the workers and all of them only here. The parts are laid out by up to jobs
 * threads (the session is shared read-only, as by batch's workers), each part's messages
 * kept apart and reported in the plans' order afterwards. */
typedef struct parts_run {
    const yk_session *s;
    const yk_plan *const *plans;
    book_parts *b;
    yk_diag **diags;
    bool *ok;
    pthread_mutex_t lock; /* guards next */
    size_t next;
} parts_run;

static void *layout_worker(void *arg)
{
    parts_run *P = arg;
    for (;;) {
        pthread_mutex_lock(&P->lock);
        size_t i = P->next++;
        pthread_mutex_unlock(&P->lock);
        if (i >= P->b->count)
            return NULL;
        book_parts *b = P->b;
        P->ok[i] = layout_timed(P->s, P->plans[i], &b->layouts[i], NULL, P->diags[i]);
        if (!P->ok[i])
            continue;
        session_outline(P->s, P->plans[i], &b->layouts[i], &b->outlines[i]);
        b->parts[i] = (yk_draw_part){&b->layouts[i], &b->outlines[i], P->plans[i]->ward_name};
    }
}

static bool layout_parts(const yk_session *s, const yk_plan *const *plans, size_t count,
                         unsigned jobs, book_parts *b, yk_diag *d)
{
    b->layouts = yk_xcalloc(count + 1, sizeof *b->layouts);
    b->outlines = yk_xcalloc(count + 1, sizeof *b->outlines);
    b->parts = yk_xcalloc(count + 1, sizeof *b->parts);
    b->count = count;
    parts_run P = {.s = s, .plans = plans, .b = b,
                   .diags = yk_xcalloc(count + 1, sizeof *P.diags),
                   .ok = yk_xcalloc(count + 1, sizeof *P.ok)};
    for (size_t i = 0; i < count; i++)
        P.diags[i] = yk_diag_new();
    pthread_mutex_init(&P.lock, NULL);
    pthread_t threads[YK_BOOK_MAX_JOBS];
    unsigned started = 0;
    while (started + 1 < jobs && started + 1 < count && started < YK_BOOK_MAX_JOBS &&
           pthread_create(&threads[started], NULL, layout_worker, &P) == 0)
        started++;
    layout_worker(&P);
    for (unsigned i = 0; i < started; i++)
        pthread_join(threads[i], NULL);
    pthread_mutex_destroy(&P.lock);
    bool ok = true;
    for (size_t i = 0; i < count; i++) {
        if (ok) /* up to the first that fails, as when they were laid out one by one */
            yk_diag_append(d, P.diags[i]);
        ok = ok && P.ok[i];
        yk_diag_free(P.diags[i]);
    }
    free(P.diags);
    free(P.ok);
    return ok;
}

bool yk_session_render_book(const yk_session *s, const yk_plan *const *plans, size_t count,
                            const char *title, const char *out_path, unsigned jobs,
                            yk_render_sum *sum, yk_diag *d)
{
    memset(sum, 0, sizeof *sum);
    book_parts b = {0};
    bool ok = layout_parts(s, plans, count, jobs, &b, d);
    yk_draw_meta meta = {.title = title, .subject = "区運営方針", .epoch = s->epoch,
                         .icc_profile = s->icc_profile};
    if (meta.epoch < 0)
        meta.epoch = (long long)time(NULL);
    const yk_font *fonts[YK_FONTSET_MAX];
    size_t font_count = yk_fontset_fonts(s->fonts, fonts, YK_FONTSET_MAX);
    unsigned char *pdf = NULL, digest[YK_SHA256_LEN];
    size_t len = 0;
    meta.sha256 = digest;
    ok = ok && yk_draw_book_memory(b.parts, count, fonts, font_count, &meta, out_path, &pdf,
                                   &len, d);
    ok = ok && yk_output_write(out_path, pdf, len, s->temps, d);
    if (ok)
        sum_up(sum, digest, len);
    free(pdf);
    size_t total = 0;
    for (size_t i = 0; i < b.count; i++)
        total += b.layouts[i].page_count;
    if (ok)
        sum->pages = total;
    free_parts(&b);
    return ok;
}

/* ---- what the output depends on ---- */

size_t yk_session_file_count(const yk_session *s)
{
    const yk_font *fonts[YK_FONTSET_MAX];
    return s->form_count + yk_fontset_fonts(s->fonts, fonts, YK_FONTSET_MAX);
}

yk_session_file yk_session_file_at(const yk_session *s, size_t index)
{
    if (index < s->form_count)
        return (yk_session_file){"template", s->forms[index]->name, s->forms[index]->file};
    const yk_font *fonts[YK_FONTSET_MAX];
    size_t count = yk_fontset_fonts(s->fonts, fonts, YK_FONTSET_MAX);
    const yk_font *font = fonts[index - s->form_count < count ? index - s->form_count : 0];
    return (yk_session_file){"font", yk_font_family(font), yk_font_file(font)};
}

long long yk_session_epoch(const yk_session *s)
{
    return s->epoch;
}
