/* manifest: the files that describe a batch's output directory — SHA256SUMS (sha256sum -c
 * format, sorted by name) and manifest.json (every PDF's ward, year, pages, bytes, hash and
 * plan; what produced them). Both are written to a temporary name and renamed, so a reader
 * never sees half of one. Everything here is borrowed from the caller. */
#ifndef YK_MANIFEST_H
#define YK_MANIFEST_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"
#include "output.h"

typedef struct yk_manifest_file {
    const char *file;        /* name in the output directory */
    const char *ward_name, *ward_code, *ward_slug;
    int fiscal_year;
    const char *status;      /* the plan's: "draft" or "final" */
    size_t pages;
    long long bytes;
    const char *sha256;      /* hex */
    const char *plan_path;   /* as given on the command line */
    const char *plan_sha256;
} yk_manifest_file;

/* A template or font the output depends on. */
typedef struct yk_manifest_source {
    const char *kind;        /* "template" or "font" */
    const char *name;        /* yoshiki1, BIZ UDPGothic */
    const char *file;        /* its file name (no directory, so the manifest does not depend
                                on where yoshiki is installed) */
    const char *sha256;
} yk_manifest_source;

typedef struct yk_manifest {
    const char *version;     /* yoshiki's */
    long long epoch;         /* the date every PDF carries */
    const yk_manifest_source *sources;
    size_t source_count;
    yk_manifest_file *files; /* sorted here by file name */
    size_t file_count;
    const yk_manifest_file *book; /* NULL when no book was written; its file may be a path */
    size_t book_wards;
    bool book_in_dir;        /* the book lies in the output directory: listed in SHA256SUMS */
} yk_manifest;

/* "HASH  NAME\n" per file, sorted by name (the book too when it is in the directory). */
char *yk_manifest_sums(yk_manifest *m);
/* The manifest as JSON (keys in a fixed order, no time but m->epoch). */
char *yk_manifest_json(yk_manifest *m);
/* Writes both into dir through output (a temporary file each, renamed into place, registered
 * in temps, which may be NULL). False, with a system error reported, on failure. */
bool yk_manifest_write(const char *dir, yk_manifest *m, yk_temps *temps, yk_diag *d);

#endif
