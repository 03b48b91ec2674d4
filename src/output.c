/* output: output targets (replace through a temporary file, or stream in place) and the
 * signal-safe registry of temporary files. See output.h for the rules. */
#include "output.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#ifndef PATH_MAX
#define PATH_MAX 4096
#endif

/* ---- the registry ---- */

/* A slot goes FREE → WRITING (claimed, path being copied) → PENDING (the owner is creating
 * the path) → USED (exists or failed) → FREE. The handler removes PENDING and USED paths; it
 * never reads a WRITING slot's half-copied path. */
enum { SLOT_FREE, SLOT_WRITING, SLOT_PENDING, SLOT_USED };

typedef struct temp_slot {
    atomic_int state;
    char path[PATH_MAX];
} temp_slot;

struct yk_temps {
    atomic_int closing;  /* set by the handler: no new claims */
    atomic_uint counter; /* makes temporary names unique between threads */
    temp_slot slots[YK_TEMPS_MAX];
};

yk_temps *yk_temps_new(void)
{
    yk_temps *t = yk_xcalloc(1, sizeof *t);
    atomic_init(&t->closing, 0);
    atomic_init(&t->counter, 0);
    for (size_t i = 0; i < YK_TEMPS_MAX; i++)
        atomic_init(&t->slots[i].state, SLOT_FREE);
    return t;
}

void yk_temps_free(yk_temps *t)
{
    free(t);
}

bool yk_temps_claim(yk_temps *t, const char *path, int *out)
{
    *out = -1;
    size_t len = strlen(path);
    if (!t)
        return true;
    if (len >= PATH_MAX)
        return false;
    for (int i = 0; i < YK_TEMPS_MAX; i++) {
        int expect = SLOT_FREE;
        temp_slot *s = &t->slots[i];
        if (!atomic_compare_exchange_strong(&s->state, &expect, SLOT_WRITING))
            continue;
        /* checked after the claim: a handler that set closing first will not wait for us,
         * and one that sets it later waits for this slot */
        if (atomic_load(&t->closing)) {
            atomic_store(&s->state, SLOT_FREE);
            return false;
        }
        memcpy(s->path, path, len + 1);
        atomic_store(&s->state, SLOT_PENDING);
        *out = i;
        return true;
    }
    return false;
}

void yk_temps_ready(yk_temps *t, int i)
{
    if (t && i >= 0 && i < YK_TEMPS_MAX)
        atomic_store(&t->slots[i].state, SLOT_USED);
}

void yk_temps_release(yk_temps *t, int i)
{
    if (t && i >= 0 && i < YK_TEMPS_MAX)
        atomic_store(&t->slots[i].state, SLOT_FREE);
}

static bool any_in_flight(yk_temps *t)
{
    for (int i = 0; i < YK_TEMPS_MAX; i++) {
        int st = atomic_load(&t->slots[i].state);
        if (st == SLOT_WRITING || st == SLOT_PENDING)
            return true;
    }
    return false;
}

/* Only atomics, nanosleep and unlink: all async-signal-safe. A slot in flight may
 * belong to the very thread the signal interrupted, so the wait is bounded. */
void yk_temps_remove_all(yk_temps *t)
{
    if (!t)
        return;
    atomic_store(&t->closing, 1);
    struct timespec ms = {0, 1000000};
    for (int tries = 0; tries < 100 && any_in_flight(t); tries++)
        nanosleep(&ms, NULL);
    for (int i = 0; i < YK_TEMPS_MAX; i++) {
        temp_slot *s = &t->slots[i];
        int st = atomic_load(&s->state);
        if (st == SLOT_PENDING || st == SLOT_USED)
            unlink(s->path);
    }
}

static unsigned next_number(yk_temps *t, unsigned tries)
{
    return t ? atomic_fetch_add(&t->counter, 1) : tries;
}

/* ---- writing ---- */

static bool write_all(int fd, const char *p, size_t len, int *err)
{
    while (len > 0) {
        ssize_t n = write(fd, p, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            *err = n < 0 ? errno : EIO;
            return false;
        }
        p += n;
        len -= (size_t)n;
    }
    return true;
}

static bool stream_to(const char *name, int fd, const void *data, size_t len, bool own_fd,
                      yk_diag *d)
{
    int err = 0;
    bool ok = write_all(fd, data, len, &err);
    if (own_fd && close(fd) != 0 && ok) {
        ok = false;
        err = errno;
    }
    if (!ok) {
        char eb[YK_ERRBUF];
        yk_diag_syserror(d, name, "cannot write the PDF: %s", yk_strerror(err, eb, sizeof eb));
    }
    return ok;
}

static bool write_in_place(const char *path, const void *data, size_t len, yk_diag *d)
{
    int fd;
    do
        fd = open(path, O_WRONLY | O_NOCTTY | O_CLOEXEC);
    while (fd < 0 && errno == EINTR); /* a FIFO waits here for its reader */
    if (fd < 0) {
        char eb[YK_ERRBUF];
        yk_diag_syserror(d, path, "cannot open it for writing: %s", yk_strerror(errno, eb, sizeof eb));
        return false;
    }
    return stream_to(path, fd, data, len, true, d);
}

/* Creates a temporary file beside path, registered; -1 with *err set on failure. */
static int open_beside(const char *path, yk_temps *t, char **tmp, int *slot, int *err)
{
    *tmp = NULL;
    for (unsigned tries = 0; tries < 1000; tries++) {
        char *name = yk_xasprintf("%s.tmp.%ld.%u", path, (long)getpid(), next_number(t, tries));
        if (!yk_temps_claim(t, name, slot)) {
            free(name);
            *err = EINTR;
            return -1;
        }
        int fd = open(name, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
        *err = errno;
        yk_temps_ready(t, *slot);
        if (fd >= 0) {
            *tmp = name;
            return fd;
        }
        yk_temps_release(t, *slot);
        free(name);
        if (*err != EEXIST)
            return -1;
    }
    return -1;
}

/* Writes path through a temporary file; messages name the target as the user gave it. */
static bool replace(const char *name, const char *path, const void *data, size_t len,
                    yk_temps *t, yk_diag *d)
{
    char eb[YK_ERRBUF];
    char *tmp;
    int slot, err;
    int fd = open_beside(path, t, &tmp, &slot, &err);
    if (fd < 0) {
        yk_diag_syserror(d, name, "cannot create a file beside it: %s",
                         err == EINTR ? "the run is being stopped" : yk_strerror(err, eb, sizeof eb));
        return false;
    }
    bool ok = write_all(fd, data, len, &err);
    /* synced before the rename, so a crash leaves the old file or the whole new one */
    if (ok && fsync(fd) != 0)
        ok = false, err = errno;
    if (close(fd) != 0 && ok)
        ok = false, err = errno;
    if (!ok)
        yk_diag_syserror(d, name, "cannot write the PDF: %s", yk_strerror(err, eb, sizeof eb));
    if (ok && rename(tmp, path) != 0) {
        yk_diag_syserror(d, name, "cannot put the PDF in place: %s",
                         yk_strerror(errno, eb, sizeof eb));
        ok = false;
    }
    if (!ok)
        unlink(tmp);
    yk_temps_release(t, slot);
    free(tmp);
    return ok;
}

/* The file a chain of symbolic links ends at, existing or not (a dangling link names the file
 * to create); NULL when the chain loops. */
static char *follow_links(const char *target)
{
    char *path = yk_xstrdup(target);
    for (int hops = 0; hops < 40; hops++) {
        struct stat st;
        if (lstat(path, &st) != 0 || !S_ISLNK(st.st_mode))
            return path;
        char buf[PATH_MAX];
        ssize_t n = readlink(path, buf, sizeof buf - 1);
        if (n < 0)
            break;
        buf[n] = '\0';
        char *next;
        const char *slash = strrchr(path, '/');
        if (buf[0] == '/' || !slash)
            next = yk_xstrdup(buf);
        else
            next = yk_xasprintf("%.*s/%s", (int)(slash - path), path, buf);
        free(path);
        path = next;
    }
    free(path);
    return NULL;
}

bool yk_output_write(const char *target, const void *data, size_t len, yk_temps *t,
                     yk_diag *d)
{
    if (strcmp(target, "-") == 0)
        return stream_to("standard output", STDOUT_FILENO, data, len, false, d);
    struct stat st;
    char eb[YK_ERRBUF];
    if (stat(target, &st) == 0) {
        if (S_ISDIR(st.st_mode)) {
            yk_diag_syserror(d, target, "is a directory, not a file to write the PDF to");
            return false;
        }
        if (!S_ISREG(st.st_mode)) /* /dev/stdout through its /proc link lands here too */
            return write_in_place(target, data, len, d);
    } else if (errno != ENOENT) {
        yk_diag_syserror(d, target, "cannot write the PDF: %s", yk_strerror(errno, eb, sizeof eb));
        return false;
    }
    char *path = follow_links(target);
    if (!path) {
        yk_diag_syserror(d, target, "cannot write the PDF: %s", yk_strerror(ELOOP, eb, sizeof eb));
        return false;
    }
    bool ok = replace(target, path, data, len, t, d);
    free(path);
    return ok;
}
