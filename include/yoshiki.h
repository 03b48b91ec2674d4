/* yoshiki.h — the public interface of libyoshiki: typesets a ward's 区運営方針 plan (YAML,
 * format unei-hoshin/1) onto the Osaka City forms (様式1–3) as PDF/A-1b.
 *
 *     yk_session_options o;
 *     yk_session_options_init(&o);
 *     o.forms_dir = "/usr/share/yoshiki/forms";   (see pkg-config --variable=formsdir yoshiki)
 *     o.fonts_dir = "/usr/share/yoshiki/fonts";
 *     o.icc_profile = "/usr/share/color/icc/sRGB.icc";
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
    /* The ICC v2 sRGB profile every PDF/A output intent embeds (Debian icc-profiles-free:
     * /usr/share/color/icc/sRGB.icc); required to render. */
    const char *icc_profile;
    const char *tmp_dir;     /* for the font subsets while drawing; NULL: /tmp */
    long long epoch;         /* seconds since 1970 for every date in a PDF (the same plan then
                                gives the same bytes); YK_EPOCH_NOW: the time of rendering */
    /* Where every temporary file the session's renders create is registered while it exists
     * (the output's and the font subsets'), so a signal handler can remove them with
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

#ifdef __cplusplus
}
#endif

#endif
