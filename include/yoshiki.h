/* yoshiki.h — the public interface of libyoshiki: typesets a ward's 区運営方針 plan (YAML,
 * format unei-hoshin/1) onto the Osaka City forms (様式1–3) as PDF/A-1b.
 *
 *     yk_session_options o;
 *     yk_session_options_init(&o);
 *     o.forms_dir = "/usr/share/yoshiki/forms";   (see pkg-config --variable=formsdir yoshiki)
 *     o.fonts_dir = "/usr/share/yoshiki/fonts";
 *     o.icc_profile = NULL;                       (yoshiki's own sRGB profile)
 *     yk_diagnostics *d = yk_diagnostics_new();
 *     yk_session *s = yk_session_open(&o, d);
 *     yk_plan *p = s ? yk_plan_load("tsurumi.yaml", d) : NULL;
 *     if (p) yk_render_file(s, p, "tsurumi.pdf", d);
 *     for (size_t i = 0; i < yk_diagnostics_count(d); i++) {
 *         char *line = yk_diagnostic_format(yk_diagnostics_at(d, i));
 *         fprintf(stderr, "%s\n", line);
 *         yk_free(line);
 *     }
 *     yk_plan_free(p); yk_session_free(s); yk_diagnostics_free(d);
 *
 * Rules that hold for every function here:
 * - Ownership. A function whose name ends in _new, _open or _load, or that returns `char *`
 *   or fills an `unsigned char **`, gives the caller a new object: release it with the
 *   matching _free, strings and buffers with yk_free. Every `const` pointer returned
 *   (names, diagnostics) is borrowed: it lives as long as the object it came from. Inputs
 *   are copied when kept; the caller may free them once the call returns. Every _free
 *   accepts NULL.
 * - Errors are values. Functions that can fail return false or NULL and report why, with
 *   file:line:column where known, to the yk_diagnostics they are given; nothing is printed,
 *   nothing exits. A NULL yk_diagnostics is not allowed.
 * - Out of memory is not reported: the library writes "yoshiki: out of memory" to stderr
 *   and aborts, so no function returns NULL for lack of memory.
 * - Threads. A session is immutable once open: any number of threads may lay out and
 *   render with one session at once, each with its own plans, layouts and diagnostics.
 *   The library keeps no global mutable state and reads no environment variable.
 */
#ifndef YOSHIKI_H
#define YOSHIKI_H

#include <stdbool.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(YK_BUILDING_LIBRARY) && defined(__GNUC__)
#define YK_API __attribute__((visibility("default")))
#else
#define YK_API
#endif

#define YK_VERSION_MAJOR 0
#define YK_VERSION_MINOR 2
#define YK_VERSION_PATCH 0
#define YK_VERSION "0.2.0"

/* The version of the library actually linked, e.g. "0.2.0" (YK_VERSION is the header's). */
YK_API const char *yk_version(void);

/* ---- sessions ---------------------------------------------------------------------- */

/* What every plan of a run shares: the templates (forms) and their fonts. */
typedef struct yk_session yk_session;
/* A list of diagnostics (errors, warnings, notes) that calls report to. */
typedef struct yk_diag yk_diagnostics;

#define YK_EPOCH_NOW (-1LL)

/* Filled by the caller, starting from yk_session_options_init. Strings are copied by
 * yk_session_open. New members are only ever added at the end, with their default set by
 * yk_session_options_init, so code that starts from it keeps working. */
typedef struct yk_session_options {
    const char *forms_dir;   /* directory of templates NAME.yaml; required */
    const char *fonts_dir;   /* searched for fonts before the system's; NULL: system only */
    /* Which forms to print, in this order: each a template's name (its file name without
     * .yaml, e.g. "yoshiki2") or its 1-based number in the directory's order ("2", so
     * "1", "2", "3" are 様式1–3 of the bundled forms). NULL or form_count 0: every template
     * the forms directory holds, in name order (yoshiki1 … yoshiki3, yoshiki10 after 9). */
    const char *const *forms;
    size_t form_count;
    /* The ICC v2 sRGB profile file every PDF/A output intent embeds (e.g. Debian
     * icc-profiles-free's /usr/share/color/icc/sRGB.icc); NULL: yoshiki's own sRGB profile,
     * written from the IEC 61966-2.1 definition (612 bytes against that file's 6,922). */
    const char *icc_profile;
    const char *tmp_dir;     /* ignored, with a warning when set: font subsets stay in
                                memory (kept so programs that set it still compile) */
    long long epoch;         /* seconds since 1970 for every date in a PDF (the same plan then
                                gives the same bytes); YK_EPOCH_NOW: the time of rendering */
    /* Where every temporary file the session's renders create is registered while it exists
     * (the output's, written beside it and renamed), so a signal handler can remove them with
     * yk_temps_remove_all; NULL: nothing registered. Borrowed: must outlive the session. */
    struct yk_temps *temps;
} yk_session_options;

/* The registry of a run's temporary files. A program makes one, passes it in
 * yk_session_options.temps, and calls yk_temps_remove_all from its SIGINT/SIGTERM/SIGHUP
 * handler: that function is async-signal-safe (it takes no lock and allocates nothing). */
typedef struct yk_temps yk_temps;
YK_API yk_temps *yk_temps_new(void);
YK_API void yk_temps_free(yk_temps *t);
YK_API void yk_temps_remove_all(yk_temps *t);

/* Sets every member to its default: no directories, every form, the time of rendering. */
YK_API void yk_session_options_init(yk_session_options *options);

/* Loads the chosen templates and the fonts they name. NULL, with every problem reported
 * (an unknown form name, a template error, a missing font), on failure. */
YK_API yk_session *yk_session_open(const yk_session_options *options, yk_diagnostics *d);
YK_API void yk_session_free(yk_session *s);

/* The forms the session prints, in order: their names ("yoshiki1"). */
YK_API size_t yk_session_form_count(const yk_session *s);
YK_API const char *yk_session_form_name(const yk_session *s, size_t index);

/* ---- plans ------------------------------------------------------------------------- */

/* A validated plan (format unei-hoshin/1). */
typedef struct yk_plan yk_plan;

/* Reads and validates a plan file. Every problem is reported, not only the first; NULL when
 * any error was. An unreadable file is a system error. */
YK_API yk_plan *yk_plan_load(const char *path, yk_diagnostics *d);
/* The same from len bytes in memory; name stands for the file in diagnostics. */
YK_API yk_plan *yk_plan_load_bytes(const char *bytes, size_t len, const char *name,
                                   yk_diagnostics *d);
YK_API void yk_plan_free(yk_plan *plan);

/* The plan's file name for the session: "<year>-<code>-<slug>.pdf", with the forms' names
 * added when the session prints only some of its directory's forms
 * ("2022-271241-tsurumi-yoshiki1.pdf"). The caller frees it with yk_free. */
YK_API char *yk_plan_output_name(const yk_session *s, const yk_plan *plan);

/* ---- layout ------------------------------------------------------------------------ */

/* The laid-out pages: every box, line, position and type size, final. */
typedef struct yk_layout yk_layout;

/* Lays plan out on the session's forms. NULL, with every cell that cannot fit and every
 * character no font has reported, on failure. */
YK_API yk_layout *yk_layout_new(const yk_session *s, const yk_plan *plan, yk_diagnostics *d);
YK_API void yk_layout_free(yk_layout *layout);
YK_API size_t yk_layout_page_count(const yk_layout *layout);
/* The layout as JSON (UTF-8, one object with "pages"); the caller frees it with yk_free. */
YK_API char *yk_layout_to_json(const yk_layout *layout);

/* ---- rendering --------------------------------------------------------------------- */

/* Lays out and writes plan's PDF/A-1b to path, through a temporary file beside it that is
 * renamed into place only when complete: a failure never leaves a partial file. */
YK_API bool yk_render_file(const yk_session *s, const yk_plan *plan, const char *path,
                           yk_diagnostics *d);
/* The same PDF in memory: *data (free it with yk_free) and *len bytes. On failure *data is
 * NULL and *len 0. Nothing is written to disk. */
YK_API bool yk_render_memory(const yk_session *s, const yk_plan *plan, unsigned char **data,
                             size_t *len, yk_diagnostics *d);

/* ---- diagnostics ------------------------------------------------------------------- */

typedef enum yk_level { YK_LEVEL_NOTE = 0, YK_LEVEL_WARNING = 1, YK_LEVEL_ERROR = 2 } yk_level;

/* One diagnostic, borrowed from its yk_diagnostics. */
typedef struct yk_diag_entry yk_diagnostic;

YK_API yk_diagnostics *yk_diagnostics_new(void);
YK_API void yk_diagnostics_free(yk_diagnostics *d);
/* How many there are, in the order reported; how many of them are errors. */
YK_API size_t yk_diagnostics_count(const yk_diagnostics *d);
YK_API size_t yk_diagnostics_errors(const yk_diagnostics *d);
/* The index-th diagnostic (NULL past the end). */
YK_API const yk_diagnostic *yk_diagnostics_at(const yk_diagnostics *d, size_t index);

YK_API yk_level yk_diagnostic_level(const yk_diagnostic *e);
/* True for an error of the system (a file that cannot be read or written, a missing font
 * or profile) rather than of the plan or a template: a command line exits 3, not 1. */
YK_API bool yk_diagnostic_is_system(const yk_diagnostic *e);
/* Parts that are unknown are NULL or 0. The message is plain language, translated through
 * gettext (domain "yoshiki") in the locale the program set when it was reported. */
YK_API const char *yk_diagnostic_file(const yk_diagnostic *e);
YK_API int yk_diagnostic_line(const yk_diagnostic *e);
YK_API int yk_diagnostic_column(const yk_diagnostic *e);
YK_API const char *yk_diagnostic_field(const yk_diagnostic *e);
YK_API const char *yk_diagnostic_message(const yk_diagnostic *e);
/* "FILE:LINE:COL: error: FIELD: message", parts that are unknown left out; the caller frees
 * it with yk_free. */
YK_API char *yk_diagnostic_format(const yk_diagnostic *e);

/* ---- memory ------------------------------------------------------------------------ */

/* Frees a string or buffer the library gave the caller. NULL is allowed. */
YK_API void yk_free(void *p);

#ifdef __cplusplus
}
#endif

#endif
