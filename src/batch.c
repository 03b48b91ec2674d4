/* batch: the job list, the checks across plans, the workers, the book and the manifest
 * (see batch.h). The workers run twice: first each loads the plans it takes (and names
 * their outputs), then, once the checks across plans have run on the calling thread, each
 * renders the plans it takes. They share the session and the options read-only; each job's
 * plan, result and diagnostics belong to the one worker that took it, and the only state
 * shared while they run is the next-job counter and the progress count, under one mutex. */
#include "batch.h"

#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bind.h"
#include "manifest.h"

#define MAX_JOBS 64

typedef struct job {
    yk_batch_item *item;
    yk_plan *plan;       /* NULL when it did not load */
    bool to_render;      /* loaded and passed the checks across plans */
    char plan_sha256[YK_SHA256_HEX_LEN + 1];
} job;

typedef struct run {
    const yk_session *s;
    const yk_batch_options *o;
    yk_batch_result *r;
    job *jobs;
    pthread_mutex_t lock; /* guards next and done */
    size_t next, done, total;
} run;

/* ---- the job list ---- */

static bool has_plan_suffix(const char *name)
{
    size_t n = strlen(name);
    return name[0] != '.' && ((n > 5 && strcmp(name + n - 5, ".yaml") == 0) ||
                              (n > 4 && strcmp(name + n - 4, ".yml") == 0));
}

static int by_string(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void add_item(yk_batch_result *r, char *path)
{
    r->items = yk_xrealloc(r->items, (r->count + 1) * sizeof *r->items);
    yk_batch_item *it = &r->items[r->count++];
    memset(it, 0, sizeof *it);
    it->plan_path = path;
    it->diag = yk_diag_new();
}

/* The folder's plans in name order, so the job list never depends on the file system. */
static bool add_folder(yk_batch_result *r, const char *dir)
{
    DIR *dp = opendir(dir);
    if (!dp) {
        char why[YK_ERRBUF];
        yk_diag_syserror(r->diag, dir, "cannot read the folder: %s",
                         yk_strerror(errno, why, sizeof why));
        return false;
    }
    char **names = NULL;
    size_t count = 0;
    for (struct dirent *e; (e = readdir(dp)) != NULL;)
        if (has_plan_suffix(e->d_name)) {
            names = yk_xrealloc(names, (count + 1) * sizeof *names);
            names[count++] = yk_xstrdup(e->d_name);
        }
    closedir(dp);
    if (count > 1)
        qsort(names, count, sizeof *names, by_string);
    size_t len = strlen(dir);
    const char *sep = len > 0 && dir[len - 1] == '/' ? "" : "/";
    for (size_t i = 0; i < count; i++) {
        add_item(r, yk_xasprintf("%s%s%s", dir, sep, names[i]));
        free(names[i]);
    }
    free(names);
    if (count == 0)
        yk_diag_error(r->diag, dir, 0, 0, NULL,
                      "the folder holds no plans (*.yaml; folders inside it are not searched: "
                      "name them too)");
    return count > 0;
}

static bool collect_inputs(const yk_batch_options *o, yk_batch_result *r)
{
    bool ok = true;
    for (size_t i = 0; i < o->input_count; i++) {
        struct stat st;
        if (stat(o->inputs[i], &st) == 0 && S_ISDIR(st.st_mode))
            ok = add_folder(r, o->inputs[i]) && ok;
        else
            add_item(r, yk_xstrdup(o->inputs[i])); /* a missing file fails as its own plan */
    }
    if (r->count == 0 && ok)
        yk_diag_error(r->diag, NULL, 0, 0, NULL, "no plans were given");
    return r->count > 0;
}

/* ---- loading and the checks across plans ---- */

static const yk_yaml_node *ward_node(const yk_plan *plan, const char *key)
{
    return yk_yaml_get(yk_yaml_get(yk_plan_root(plan), "ward"), key);
}

/* An error at the plan's ward.key. */
static void ward_error(job *j, const char *key, const char *fmt, ...) YK_PRINTF(3, 4);
static void ward_error(job *j, const char *key, const char *fmt, ...)
{
    const yk_yaml_node *n = ward_node(j->plan, key);
    char *field = yk_xasprintf("ward.%s", key);
    va_list ap;
    va_start(ap, fmt);
    yk_diag_verror(j->item->diag, j->plan->file, n ? n->line : 0, n ? n->col : 0, field, fmt, ap);
    va_end(ap);
    free(field);
}

static const yk_ward *ward_by_name(const yk_ward_table *t, const char *name)
{
    for (size_t i = 0; i < yk_ward_count(t); i++)
        if (strcmp(yk_ward_at(t, i)->name, name) == 0)
            return yk_ward_at(t, i);
    return NULL;
}

/* A known code must carry its own ward's name; a plan without a code or slug takes the
 * table's, so its file is named like every other ward's. */
static bool check_ward(const yk_batch_options *o, job *j)
{
    yk_plan *p = j->plan;
    const yk_ward *w = p->ward_code ? yk_ward_by_code(o->wards, p->ward_code)
                                    : ward_by_name(o->wards, p->ward_name);
    if (w && p->ward_code && strcmp(w->name, p->ward_name) != 0) {
        ward_error(j, "name", "'%s' is not the ward of code %s, which is %s", p->ward_name,
                   w->code, w->name);
        return false;
    }
    if (w && p->ward_slug && strcmp(w->slug, p->ward_slug) != 0) {
        const yk_yaml_node *n = ward_node(p, "slug");
        yk_diag_warning(j->item->diag, p->file, n ? n->line : 0, n ? n->col : 0, "ward.slug",
                        "%s's slug is '%s' in the ward table; its file is named '%s' as the "
                        "plan says", w->name, w->slug, p->ward_slug);
    }
    if (w && !p->ward_code)
        p->ward_code = w->code; /* the table outlives the plan */
    if (w && !p->ward_slug)
        p->ward_slug = w->slug;
    if (!p->ward_code) {
        ward_error(j, "name",
                   "'%s' is not a ward of the table and the plan has no ward.code to name its "
                   "file by", p->ward_name);
        return false;
    }
    return true;
}

static void load_job(const yk_session *s, const yk_batch_options *o, job *j)
{
    yk_batch_item *it = j->item;
    j->plan = yk_plan_load(it->plan_path, it->diag);
    if (!j->plan || !yk_sha256_file(it->plan_path, j->plan_sha256, NULL, it->diag) ||
        !check_ward(o, j))
        return;
    it->output = yk_session_output_name(s, j->plan);
    j->to_render = true;
}

static int by_output(const void *a, const void *b)
{
    const job *x = *(const job *const *)a, *y = *(const job *const *)b;
    int c = strcmp(x->item->output, y->item->output);
    return c ? c : (x < y ? -1 : x > y);
}

/* Two plans writing one file would leave only the one that finished last: neither is
 * written, and each is told the other's name. */
static void refuse_duplicates(run *R)
{
    job **named = yk_xcalloc(R->r->count + 1, sizeof *named);
    size_t n = 0;
    for (size_t i = 0; i < R->r->count; i++)
        if (R->jobs[i].to_render)
            named[n++] = &R->jobs[i];
    qsort(named, n, sizeof *named, by_output);
    for (size_t i = 0; i + 1 < n; i++) {
        size_t k = i + 1;
        while (k < n && strcmp(named[i]->item->output, named[k]->item->output) == 0)
            k++;
        for (size_t a = i; k - i > 1 && a < k; a++)
            for (size_t b = i; b < k; b++)
                if (a != b)
                    yk_diag_error(named[a]->item->diag, named[a]->item->plan_path, 0, 0, NULL,
                                  "%s and %s would both write %s (the same ward and fiscal "
                                  "year); neither is written",
                                  named[a]->item->plan_path, named[b]->item->plan_path,
                                  named[a]->item->output);
        for (size_t a = i; k - i > 1 && a < k; a++)
            named[a]->to_render = false;
        i = k - 1;
    }
    free(named);
}

/* A batch is normally one fiscal year; a plan of another year is most likely last year's
 * file left in the folder. */
static void warn_fiscal_years(run *R)
{
    int first = 0;
    const char *first_path = NULL;
    for (size_t i = 0; i < R->r->count; i++) {
        const job *j = &R->jobs[i];
        if (!j->plan)
            continue;
        if (!first_path) {
            first = j->plan->fiscal_year, first_path = j->item->plan_path;
        } else if (j->plan->fiscal_year != first) {
            const yk_yaml_node *at = yk_yaml_get(yk_plan_root(j->plan), "fiscal_year");
            yk_diag_warning(R->r->diag, j->item->plan_path, at ? at->line : 0, at ? at->col : 0,
                            "fiscal_year",
                            "the plans are of different fiscal years: %d here, %d in %s",
                            j->plan->fiscal_year, first, first_path);
        }
    }
}

static const yk_yaml_node *ward_code_node(const yk_plan *p)
{
    return yk_yaml_get(yk_yaml_get(yk_plan_root(p), "ward"), "code");
}

static int ward_code_line(const yk_plan *p)
{
    const yk_yaml_node *n = ward_code_node(p);
    return n ? n->line : 0;
}

static int ward_code_col(const yk_plan *p)
{
    const yk_yaml_node *n = ward_code_node(p);
    return n ? n->col : 0;
}

static void expect_wards(run *R)
{
    const yk_ward_table *t = R->o->wards;
    for (size_t i = 0; i < R->r->count; i++) {
        const job *j = &R->jobs[i];
        if (j->plan && j->plan->ward_code && !yk_ward_by_code(t, j->plan->ward_code))
            yk_diag_error(R->r->diag, j->item->plan_path, ward_code_line(j->plan),
                          ward_code_col(j->plan), "ward.code",
                          "--expect-wards: %s (%s) is not one of the %zu wards of the table",
                          j->plan->ward_name, j->plan->ward_code, yk_ward_count(t));
    }
    for (size_t w = 0; w < yk_ward_count(t); w++) {
        const yk_ward *ward = yk_ward_at(t, w);
        yk_buf paths = {0};
        size_t n = 0;
        for (size_t i = 0; i < R->r->count; i++) {
            const job *j = &R->jobs[i];
            if (j->plan && j->plan->ward_code && strcmp(j->plan->ward_code, ward->code) == 0) {
                yk_buf_addf(&paths, "%s%s", n ? ", " : "", j->item->plan_path);
                n++;
            }
        }
        if (n == 0)
            yk_diag_error(R->r->diag, NULL, 0, 0, NULL,
                          "--expect-wards: no plan for %s (%s, %s)", ward->name, ward->code,
                          ward->slug);
        else if (n > 1)
            yk_diag_error(R->r->diag, NULL, 0, 0, NULL,
                          "--expect-wards: %s (%s) has %zu plans: %s", ward->name, ward->code,
                          n, paths.data);
        yk_buf_free(&paths);
    }
}

/* ---- the workers ---- */

static char *out_path(const run *R, const char *name)
{
    size_t len = strlen(R->o->out_dir);
    const char *sep = len > 0 && R->o->out_dir[len - 1] == '/' ? "" : "/";
    return yk_xasprintf("%s%s%s", R->o->out_dir, sep, name);
}

/* The checksum comes from the bytes as they are written, never from reading the file. */
static void render_job(const run *R, job *j)
{
    yk_batch_item *it = j->item;
    char *path = out_path(R, it->output);
    yk_render_sum sum;
    if (yk_session_render_plan_sum(R->s, j->plan, path, &sum, NULL, it->diag)) {
        it->written = true;
        it->pages = sum.pages;
        it->bytes = sum.bytes;
        memcpy(it->sha256, sum.sha256, sizeof it->sha256);
    }
    free(path);
}

/* The index of the next job to take (all of them, or only those to render), or count. */
static size_t take_job(run *R, bool to_render)
{
    pthread_mutex_lock(&R->lock);
    size_t i = R->next;
    while (to_render && i < R->r->count && !R->jobs[i].to_render)
        i++;
    R->next = i + 1;
    pthread_mutex_unlock(&R->lock);
    return i < R->r->count ? i : R->r->count;
}

static void *load_worker(void *arg)
{
    run *R = arg;
    for (size_t i; (i = take_job(R, false)) < R->r->count;)
        load_job(R->s, R->o, &R->jobs[i]);
    return NULL;
}

static void *render_worker(void *arg)
{
    run *R = arg;
    for (;;) {
        size_t i = take_job(R, true);
        if (i >= R->r->count)
            return NULL;
        render_job(R, &R->jobs[i]);
        pthread_mutex_lock(&R->lock);
        R->done++;
        if (R->o->progress)
            R->o->progress(R->o->progress_ctx, R->done, R->total, R->r->items[i].output);
        pthread_mutex_unlock(&R->lock);
    }
}

static unsigned worker_count(const run *R, size_t jobs)
{
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    unsigned n = R->o->jobs ? R->o->jobs : (cores > 0 ? (unsigned)cores : 1);
    if (n > MAX_JOBS)
        n = MAX_JOBS;
    if (n > jobs)
        n = (unsigned)jobs;
    return n ? n : 1;
}

/* Runs work on up to -j threads over jobs jobs, from the first. */
static void run_workers(run *R, size_t jobs, void *(*work)(void *))
{
    unsigned n = worker_count(R, jobs);
    pthread_t threads[MAX_JOBS];
    unsigned started = 0;
    R->next = 0;
    while (started + 1 < n && pthread_create(&threads[started], NULL, work, R) == 0)
        started++;
    work(R); /* the calling thread works too; with -j 1 it is the only one */
    for (unsigned i = 0; i < started; i++)
        pthread_join(threads[i], NULL);
}

/* ---- the book ---- */

static int by_ward_code(const void *a, const void *b)
{
    const yk_plan *x = *(const yk_plan *const *)a, *y = *(const yk_plan *const *)b;
    int c = strcmp(x->ward_code, y->ward_code);
    return c ? c : x->fiscal_year - y->fiscal_year;
}

static const char *book_status(const yk_plan *const *plans, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (plans[i]->draft)
            return "（案）";
    return "";
}

static void write_book(run *R, yk_manifest_file *book)
{
    const yk_plan **plans = yk_xcalloc(R->r->count, sizeof *plans);
    size_t n = 0;
    for (size_t i = 0; i < R->r->count; i++)
        if (R->r->items[i].written)
            plans[n++] = R->jobs[i].plan;
    qsort(plans, n, sizeof *plans, by_ward_code);
    char *era = yk_era_year(plans[0]->fiscal_year);
    char *title = yk_xasprintf("%s　区運営方針（%zu区）%s", era, n, book_status(plans, n));
    yk_render_sum sum;
    if (yk_session_render_book(R->s, plans, n, title, R->o->book, worker_count(R, n), &sum,
                               R->r->diag)) {
        R->r->book_written = true;
        R->r->book_pages = book->pages = sum.pages;
        R->r->book_bytes = book->bytes = sum.bytes;
        memcpy(R->r->book_sha256, sum.sha256, sizeof R->r->book_sha256);
    }
    free(title);
    free(era);
    free(plans);
}

/* ---- checksums and manifest ---- */

/* True when path's directory is dir (the same directory, however either is spelt). */
static bool in_dir(const char *path, const char *dir)
{
    const char *slash = strrchr(path, '/');
    char *parent = slash ? yk_xstrndup(path, (size_t)(slash - path)) : yk_xstrdup(".");
    struct stat a, b;
    bool same = stat(parent[0] ? parent : "/", &a) == 0 && stat(dir, &b) == 0 &&
                a.st_dev == b.st_dev && a.st_ino == b.st_ino;
    free(parent);
    return same;
}

typedef struct source_hash {
    yk_manifest_source src;
    char *file_name;
    char sha256[YK_SHA256_HEX_LEN + 1];
} source_hash;

static source_hash *hash_sources(const yk_session *s, size_t *count, yk_diag *d)
{
    *count = yk_session_file_count(s);
    source_hash *h = yk_xcalloc(*count + 1, sizeof *h);
    for (size_t i = 0; i < *count; i++) {
        yk_session_file f = yk_session_file_at(s, i);
        const char *slash = strrchr(f.path, '/');
        h[i].file_name = yk_xstrdup(slash ? slash + 1 : f.path);
        /* a font's identity is its table directory (every table's checksum): hashing the
         * font files whole (tens of MB with the fallbacks) cost more than the wards */
        if (strcmp(f.kind, "font") == 0)
            yk_sha256_font_directory(f.path, h[i].sha256, d);
        else
            yk_sha256_file(f.path, h[i].sha256, NULL, d);
        h[i].src = (yk_manifest_source){f.kind, f.name, h[i].file_name, h[i].sha256};
    }
    return h;
}

static void write_manifest(run *R, yk_manifest_file *book)
{
    yk_batch_result *r = R->r;
    size_t source_count;
    source_hash *sources = hash_sources(R->s, &source_count, r->diag);
    yk_manifest_source *srcs = yk_xcalloc(source_count + 1, sizeof *srcs);
    for (size_t i = 0; i < source_count; i++)
        srcs[i] = sources[i].src;
    yk_manifest m = {.version = yk_version(), .epoch = yk_session_epoch(R->s),
                     .sources = srcs, .source_count = source_count,
                     .files = yk_xcalloc(r->count + 1, sizeof *m.files)};
    for (size_t i = 0; i < r->count; i++) {
        const yk_batch_item *it = &r->items[i];
        const yk_plan *p = R->jobs[i].plan;
        if (!it->written)
            continue;
        m.files[m.file_count++] = (yk_manifest_file){
            it->output, p->ward_name, p->ward_code, p->ward_slug, p->fiscal_year,
            p->draft ? "draft" : "final", it->pages, it->bytes, it->sha256, it->plan_path,
            R->jobs[i].plan_sha256};
    }
    if (r->book_written) {
        /* named as SHA256SUMS names it when it lies beside the PDFs, so the manifest does not
         * depend on how the output directory was spelt */
        const char *slash = strrchr(book->file, '/');
        if (in_dir(R->o->book, R->o->out_dir) && slash)
            book->file = slash + 1;
        m.book = book;
        m.book_wards = r->written;
        m.book_in_dir = in_dir(R->o->book, R->o->out_dir);
    }
    yk_manifest_write(R->o->out_dir, &m, R->o->temps, r->diag);
    free(m.files);
    free(srcs);
    for (size_t i = 0; i < source_count; i++)
        free(sources[i].file_name);
    free(sources);
}

/* ---- the run ---- */

/* Loading runs in the workers; the checks across plans need every plan, so they wait for
 * all of them and run here, in input order, before anything is rendered. */
static void load_all(run *R)
{
    for (size_t i = 0; i < R->r->count; i++)
        R->jobs[i].item = &R->r->items[i];
    run_workers(R, R->r->count, load_worker);
    refuse_duplicates(R);
    warn_fiscal_years(R);
    if (R->o->expect_wards)
        expect_wards(R);
    for (size_t i = 0; i < R->r->count; i++)
        R->total += R->jobs[i].to_render;
}

static void tally(yk_batch_result *r)
{
    for (size_t i = 0; i < r->count; i++) {
        const yk_batch_item *it = &r->items[i];
        if (it->written) {
            r->written++;
            r->pages += it->pages;
            r->bytes += it->bytes;
        } else {
            r->failed++;
        }
    }
}

bool yk_batch_run(const yk_session *s, const yk_batch_options *o, yk_batch_result *r)
{
    memset(r, 0, sizeof *r);
    r->diag = yk_diag_new();
    if (!collect_inputs(o, r))
        return false;
    run R = {.s = s, .o = o, .r = r, .jobs = yk_xcalloc(r->count, sizeof *R.jobs)};
    pthread_mutex_init(&R.lock, NULL);
    load_all(&R);
    if (R.total > 0)
        run_workers(&R, R.total, render_worker);
    pthread_mutex_destroy(&R.lock);
    tally(r);
    yk_manifest_file book = {.file = o->book, .sha256 = r->book_sha256};
    if (o->book && r->written > 0)
        write_book(&R, &book);
    write_manifest(&R, &book);
    for (size_t i = 0; i < r->count; i++)
        yk_plan_free(R.jobs[i].plan);
    free(R.jobs);
    return r->failed == 0 && yk_diag_errors(r->diag) == 0;
}

void yk_batch_result_free(yk_batch_result *r)
{
    for (size_t i = 0; i < r->count; i++) {
        free(r->items[i].plan_path);
        free(r->items[i].output);
        yk_diag_free(r->items[i].diag);
    }
    free(r->items);
    yk_diag_free(r->diag);
    memset(r, 0, sizeof *r);
}
