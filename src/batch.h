/* batch: every ward's plan of a run at once — the job list from plan files and folders,
 * checks across plans (duplicate outputs, fiscal years, the ward table), N worker threads
 * sharing one read-only session, the bound book, and the checksums and manifest.
 * A yk_batch_result owns its items, their strings and diagnostics; yk_batch_result_free
 * releases them. The library never prints: progress goes to the caller's callback. */
#ifndef YK_BATCH_H
#define YK_BATCH_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"
#include "output.h"
#include "render.h"
#include "sha256.h"
#include "ward.h"

#define YK_BATCH_SUMS "SHA256SUMS"
#define YK_BATCH_MANIFEST "manifest.json"

/* Called once per plan rendered (written or failed), from a worker thread but never from two
 * at once: done of total, name the output file's name. */
typedef void yk_batch_progress(void *ctx, size_t done, size_t total, const char *name);

typedef struct yk_batch_options {
    const char *const *inputs; /* plan files and folders of them (*.yaml, *.yml, sorted) */
    size_t input_count;
    const char *out_dir;       /* must exist */
    unsigned jobs;             /* worker threads; 0: the number of online processors */
    const char *book;          /* the bound volume's path, or NULL */
    bool expect_wards;         /* the plans must be exactly the table's wards, once each */
    const yk_ward_table *wards;
    yk_temps *temps;           /* where temporary files are registered (see output.h), or NULL */
    yk_batch_progress *progress; /* may be NULL */
    void *progress_ctx;
} yk_batch_options;

/* One plan, in input order. */
typedef struct yk_batch_item {
    char *plan_path;
    char *output;       /* the file name in out_dir, or NULL when the plan did not load */
    bool written;
    size_t pages;
    long long bytes;
    char sha256[YK_SHA256_HEX_LEN + 1];
    yk_diag *diag;      /* this plan's messages, for the caller to print in order */
} yk_batch_item;

typedef struct yk_batch_result {
    yk_batch_item *items;
    size_t count;
    yk_diag *diag;      /* messages about the run as a whole: inputs, fiscal years, the ward
                           table, the book, checksums and manifest */
    size_t written, failed;
    size_t pages;       /* of the ward PDFs */
    long long bytes;
    bool book_written;
    size_t book_pages;
    long long book_bytes;
    char book_sha256[YK_SHA256_HEX_LEN + 1];
} yk_batch_result;

/* Runs the batch. Every plan that can be written is written, whatever happens to the others.
 * True when everything succeeded and nothing was reported as an error. */
bool yk_batch_run(const yk_session *s, const yk_batch_options *o, yk_batch_result *r);
void yk_batch_result_free(yk_batch_result *r);

#endif
