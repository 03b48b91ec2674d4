/* output: where a finished PDF goes, and the registry of a run's temporary files.
 *
 * Targets. A regular file, or a name that does not exist yet, is written to a temporary file
 * in the same directory (so the rename never crosses file systems), synced, and renamed over
 * the target only when complete: a reader sees the old file or the new one, never half of
 * one. A symbolic link is followed to the file it names, which is replaced the same way, so
 * the link stays a link. Anything else — a FIFO, a character device such as /dev/null, "-"
 * for standard output — is written in place as a stream and never renamed over. A directory
 * is refused. Every failure (ENOSPC, EFBIG, EPIPE, EACCES …) is a system error naming the
 * target, and no temporary file is left.
 *
 * Temporary files. A yk_temps registry lists the temporary files of a run
 * that may exist at this moment, so that a signal handler can remove them all with
 * yk_temps_remove_all, which is async-signal-safe. main owns the one registry of a process and
 * passes it down (session options → draw and output); the library keeps none of its own, and
 * every function here accepts a NULL registry (nothing is then registered). The registry is
 * a fixed array of path slots claimed with atomic compare-and-swap, so neither registering
 * (from any thread) nor the handler ever takes a lock. */
#ifndef YK_OUTPUT_H
#define YK_OUTPUT_H

#include <stdbool.h>
#include <stddef.h>

#include <yoshiki.h>

#include "diag.h"

/* yk_temps, yk_temps_new, yk_temps_free and yk_temps_remove_all are public (<yoshiki.h>). */

/* How many temporary paths may exist at once (a render holds one, its output's, so this
 * serves any number of parallel workers). */
#define YK_TEMPS_MAX 256

/* Registers path (copied) before the caller creates it. *slot identifies it for yk_temps_ready and yk_temps_release (-1 for a NULL
 * registry). False when every slot is taken, the path is too long, or a signal is already
 * removing everything: then the caller must not create the file. */
bool yk_temps_claim(yk_temps *t, const char *path, int *slot);
/* The caller has created the path (or failed to): the handler need not wait for it. */
void yk_temps_ready(yk_temps *t, int slot);
/* The path is gone (renamed into place or removed): forget it. */
void yk_temps_release(yk_temps *t, int slot);
/* yk_temps_remove_all refuses new claims, waits (at most about 0.1 s) for paths being
 * created, then removes every registered file, then every directory. */

/* Writes data[0..len) to target as described at the top: "-" is standard output. False,
 * with a system error about target reported, on any failure. */
bool yk_output_write(const char *target, const void *data, size_t len, yk_temps *t,
                     yk_diag *d);

#endif
