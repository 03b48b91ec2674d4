/* fontset: fonts of a session and shaping with fallbacks. */
#include "fontset.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

/* A family a template lists as a fallback, opened the first time a character needs it:
 * finding it usually means loading the system's fontconfig configuration, which costs more
 * than laying out a form. Guarded by the set's lock. */
typedef struct fallback {
    char *family;
    const yk_font *font; /* NULL until opened, or when it cannot be */
    bool tried;
    yk_diag *failure;    /* why it cannot be opened (reported by yk_fontset_report) */
} fallback;

/* One family a style names, and where its characters are looked for when it lacks them. */
typedef struct primary {
    struct yk_fontset *set;
    const yk_font *font;
    const char *generic;
    fallback **chain; /* the template fallbacks, same generic family first */
    size_t chain_len;
} primary;

struct yk_fontset {
    const yk_font *fonts[YK_FONTSET_MAX]; /* never moved: threads read entries unlocked */
    size_t count;                          /* guarded by lock once the set is shared */
    size_t fixed;                          /* fonts opened by yk_fontset_open */
    primary *primaries;
    size_t primary_count;
    fallback *fallbacks;
    size_t fallback_count;
    char *fonts_dir;
    yk_font_finder *finder;                /* for the fallbacks, made on first need; guarded
                                            * by lock */
    pthread_mutex_t lock;
    yk_font_catalog *catalog;              /* the system's fonts, listed on first need */
    /* what the system offered for each character asked about (NULL: nothing), so a text
     * repeating a character no font has costs one fontconfig query, not one per copy */
    struct asked { uint32_t cp; const yk_font *font; } *asked;
    size_t asked_count, asked_slots;       /* open addressing; cp 0 marks a free slot */
};

static bool contains_ci(const char *s, const char *word)
{
    size_t n = strlen(word);
    for (; *s; s++) {
        size_t i = 0;
        while (i < n && s[i] && (s[i] | 0x20) == (word[i] | 0x20))
            i++;
        if (i == n)
            return true;
    }
    return false;
}

const char *yk_fontset_generic(const char *family)
{
    if (contains_ci(family, "mincho") || strstr(family, "明朝") || contains_ci(family, "serif") ||
        contains_ci(family, "ming") || contains_ci(family, "song"))
        return contains_ci(family, "sans") ? "sans-serif" : "serif";
    if (contains_ci(family, "gothic") || strstr(family, "ゴシック") || contains_ci(family, "sans") ||
        contains_ci(family, "migmix") || contains_ci(family, "migu"))
        return "sans-serif";
    return NULL;
}

static const yk_font *find_open(const yk_fontset *set, const char *family, size_t count)
{
    for (size_t i = 0; i < count; i++)
        if (strcmp(yk_font_family(set->fonts[i]), family) == 0)
            return set->fonts[i];
    return NULL;
}

static bool add_family(yk_fontset *set, const char *family, yk_font_finder *finder, yk_diag *d)
{
    if (find_open(set, family, set->count))
        return true;
    if (set->count == YK_FONTSET_MAX) {
        yk_diag_syserror(d, NULL, "more than %d font families", YK_FONTSET_MAX);
        return false;
    }
    yk_font *font = yk_font_finder_open(finder, family, d);
    if (font)
        set->fonts[set->count++] = font;
    return font != NULL;
}

static bool same_generic(const char *a, const char *b)
{
    return a && b && strcmp(a, b) == 0;
}

/* The fallbacks of p in template order, those of p's generic family moved to the front. */
static void build_chain(primary *p, yk_fontset *set)
{
    size_t n = set->fallback_count;
    p->chain = yk_xcalloc(n ? n : 1, sizeof *p->chain);
    for (int pass = 0; pass < 2; pass++)
        for (size_t i = 0; i < n; i++) {
            fallback *f = &set->fallbacks[i];
            bool match = same_generic(p->generic, yk_fontset_generic(f->family));
            if (strcmp(f->family, yk_font_family(p->font)) != 0 && match == (pass == 0))
                p->chain[p->chain_len++] = f;
        }
}

/* The font of fallback f, opened on first need (once, whichever thread asks first). */
static const yk_font *fallback_font(yk_fontset *set, fallback *f)
{
    pthread_mutex_lock(&set->lock);
    if (!f->tried) {
        f->tried = true;
        const yk_font *open = find_open(set, f->family, set->count);
        if (!open) {
            yk_diag *d = yk_diag_new();
            if (set->count == YK_FONTSET_MAX)
                yk_diag_syserror(d, NULL, "more than %d font families", YK_FONTSET_MAX);
            else if ((set->finder || (set->finder = yk_font_finder_new(set->fonts_dir))) &&
                     (open = yk_font_finder_open(set->finder, f->family, d)) != NULL)
                set->fonts[set->count++] = open;
            if (open)
                yk_diag_free(d);
            else
                f->failure = d;
        }
        f->font = open;
    }
    const yk_font *font = f->font;
    pthread_mutex_unlock(&set->lock);
    return font;
}

bool yk_fontset_report(const yk_fontset *set, yk_diag *d)
{
    yk_fontset *s = (yk_fontset *)set; /* the lock is the one mutable part */
    bool ok = true;
    pthread_mutex_lock(&s->lock);
    for (size_t i = 0; i < set->fallback_count; i++) {
        const yk_diag *why = set->fallbacks[i].failure;
        for (size_t k = 0; why && k < yk_diag_count(why); k++) {
            const yk_diag_entry *e = yk_diag_at(why, k);
            yk_diag_report(d, e->level, e->cls, e->file, e->line, e->col, e->field, "%s",
                           e->message);
            ok = false;
        }
    }
    pthread_mutex_unlock(&s->lock);
    return ok;
}

yk_fontset *yk_fontset_open(const char *const *families, size_t count,
                            const char *const *fallbacks, size_t fallback_count,
                            const char *fonts_dir, yk_diag *d)
{
    yk_fontset *set = yk_xcalloc(1, sizeof *set);
    pthread_mutex_init(&set->lock, NULL);
    bool ok = true;
    set->fonts_dir = fonts_dir ? yk_xstrdup(fonts_dir) : NULL;
    /* not kept for the fallbacks: a session that never needs one should not hold the
     * directory's index (fontconfig's patterns, whose offset pointers leak checkers cannot
     * follow); the first fallback needed indexes the directory again */
    yk_font_finder *finder = yk_font_finder_new(fonts_dir);
    for (size_t i = 0; ok && i < count; i++)
        ok = add_family(set, families[i], finder, d);
    yk_font_finder_free(finder);
    size_t primaries = set->count;
    set->fallbacks = yk_xcalloc(fallback_count ? fallback_count : 1, sizeof *set->fallbacks);
    for (size_t i = 0; i < fallback_count; i++) {
        bool seen = false;
        for (size_t k = 0; k < set->fallback_count && !seen; k++)
            seen = strcmp(set->fallbacks[k].family, fallbacks[i]) == 0;
        if (!seen)
            set->fallbacks[set->fallback_count++].family = yk_xstrdup(fallbacks[i]);
    }
    /* layout measures with the families' advances; fallbacks are only shaped */
    for (size_t i = 0; ok && i < primaries; i++)
        yk_font_index_advances((yk_font *)set->fonts[i]);
    if (!ok) {
        yk_fontset_free(set);
        return NULL;
    }
    set->fixed = set->count;
    set->primaries = yk_xcalloc(primaries ? primaries : 1, sizeof *set->primaries);
    set->primary_count = primaries;
    for (size_t i = 0; i < primaries; i++) {
        primary *p = &set->primaries[i];
        p->set = set;
        p->font = set->fonts[i];
        p->generic = yk_fontset_generic(yk_font_family(p->font));
        build_chain(p, set);
    }
    return set;
}

void yk_fontset_free(yk_fontset *set)
{
    if (!set)
        return;
    for (size_t i = 0; i < set->count; i++)
        yk_font_free((yk_font *)set->fonts[i]);
    for (size_t i = 0; i < set->primary_count; i++)
        free(set->primaries[i].chain);
    free(set->primaries);
    for (size_t i = 0; i < set->fallback_count; i++) {
        free(set->fallbacks[i].family);
        yk_diag_free(set->fallbacks[i].failure);
    }
    free(set->fallbacks);
    yk_font_finder_free(set->finder);
    free(set->fonts_dir);
    yk_font_catalog_free(set->catalog);
    free(set->asked);
    pthread_mutex_destroy(&set->lock);
    free(set);
}

size_t yk_fontset_fonts(const yk_fontset *set, const yk_font **out, size_t max)
{
    yk_fontset *s = (yk_fontset *)set; /* the lock is the one mutable part */
    pthread_mutex_lock(&s->lock);
    size_t n = set->count < max ? set->count : max;
    memcpy(out, set->fonts, n * sizeof *out);
    pthread_mutex_unlock(&s->lock);
    return n;
}

static struct asked *asked_slot(const yk_fontset *set, uint32_t cp)
{
    size_t mask = set->asked_slots - 1;
    for (size_t i = (cp * 2654435761u) & mask;; i = (i + 1) & mask)
        if (set->asked[i].cp == cp || set->asked[i].cp == 0)
            return &set->asked[i];
}

static void remember(yk_fontset *set, uint32_t cp, const yk_font *font)
{
    if (2 * (set->asked_count + 1) > set->asked_slots) {
        struct asked *old = set->asked;
        size_t old_slots = set->asked_slots;
        set->asked_slots = old_slots ? old_slots * 2 : 64;
        set->asked = yk_xcalloc(set->asked_slots, sizeof *set->asked);
        for (size_t i = 0; i < old_slots; i++)
            if (old[i].cp)
                *asked_slot(set, old[i].cp) = old[i];
        free(old);
    }
    struct asked *a = asked_slot(set, cp);
    set->asked_count += a->cp == 0;
    *a = (struct asked){cp, font};
}

static const yk_font *catalog_font(yk_fontset *set, const primary *p, uint32_t cp);

/* The font the system prefers for cp (same generic family first), opened once per set; the
 * answer, even "none", is kept. A primary's generic family is asked first: each
 * (character, generic family) pair is looked up once. */
static const yk_font *system_font(const primary *p, uint32_t cp)
{
    yk_fontset *set = p->set;
    pthread_mutex_lock(&set->lock);
    /* the key folds in the generic family (code points stay below 2^21): sans-serif, serif
     * and none never share an answer, and no key is 0 */
    uint32_t generic = !p->generic ? 3u : strcmp(p->generic, "sans-serif") == 0 ? 1u : 2u;
    uint32_t key = cp | generic << 24;
    struct asked *seen = set->asked_slots ? asked_slot(set, key) : NULL;
    const yk_font *found;
    if (seen && seen->cp == key) {
        found = seen->font;
    } else {
        found = catalog_font(set, p, cp);
        remember(set, key, found);
    }
    pthread_mutex_unlock(&set->lock);
    return found;
}

/* Asks fontconfig (the set's lock held). */
static const yk_font *catalog_font(yk_fontset *set, const primary *p, uint32_t cp)
{
    const yk_font *found = NULL;
    if (!set->catalog)
        set->catalog = yk_font_catalog_open();
    char *family = NULL, *file = NULL;
    unsigned index = 0;
    if (set->catalog &&
        yk_font_catalog_find(set->catalog, cp, p->generic, &family, &file, &index)) {
        for (size_t i = 0; i < set->count && !found; i++)
            if (strcmp(yk_font_file(set->fonts[i]), file) == 0)
                found = set->fonts[i];
        if (!found && set->count < YK_FONTSET_MAX) {
            yk_diag *quiet = yk_diag_new(); /* an unreadable candidate is simply not used */
            yk_font *font = yk_font_open_file(family, file, index, quiet);
            yk_diag_free(quiet);
            if (font)
                found = set->fonts[set->count++] = font;
        }
    }
    free(family);
    free(file);
    return found;
}

/* ---- shaping ---- */

static int metrics_advance(const void *ctx, uint32_t cp)
{
    const primary *p = ctx;
    return yk_font_advance(p->font, cp);
}

typedef struct shaper {
    const primary *p;
    yk_shaped *out;
    const yk_font *run_font;
    yk_font_char *run;
    size_t run_len;
    size_t run_end;
} shaper;

static void flush(shaper *sh)
{
    if (sh->run_len)
        yk_font_shape(sh->run_font, sh->run, sh->run_len, sh->run_end, sh->out);
    sh->run_len = 0;
    sh->run_font = NULL;
}

static void note(shaper *sh, yk_shape_note_kind kind, uint32_t cp, uint32_t sel,
                 const yk_font *font, size_t at)
{
    yk_shaped_add_note(sh->out,
                       (yk_shape_note){kind, cp, sel, font ? yk_font_family(font) : NULL, at});
}

/* The font for cp (with selector sel when not 0); *with_sel tells whether it maps the
 * sequence. Notes a fallback or a sequence no font has. */
static const yk_font *choose(shaper *sh, uint32_t cp, uint32_t sel, size_t at, bool *with_sel)
{
    const primary *p = sh->p;
    *with_sel = false;
    if (sel) {
        for (size_t i = 0; i <= p->chain_len; i++) {
            const yk_font *f = i == 0 ? p->font : fallback_font(p->set, p->chain[i - 1]);
            if (f && yk_font_glyph(f, cp, sel)) {
                *with_sel = true;
                if (f != p->font)
                    note(sh, YK_NOTE_FALLBACK, cp, sel, f, at);
                return f;
            }
        }
    }
    const yk_font *f = NULL;
    for (size_t i = 0; i <= p->chain_len && !f; i++) {
        const yk_font *c = i == 0 ? p->font : fallback_font(p->set, p->chain[i - 1]);
        if (c && yk_font_glyph(c, cp, 0))
            f = c;
    }
    if (!f)
        f = system_font(p, cp);
    if (f && sel)
        note(sh, YK_NOTE_NO_SEQUENCE, cp, sel, f, at);
    else if (f && f != p->font)
        note(sh, YK_NOTE_FALLBACK, cp, 0, f, at);
    return f;
}

static bool is_control(uint32_t cp)
{
    return cp < 0x20 || (cp >= 0x7F && cp < 0xA0);
}

/* The text read one character ahead, each character decoded once. */
typedef struct reader {
    const char *text;
    size_t len;
    size_t at;   /* where the current character starts */
    size_t n;    /* its bytes; 0 at the end */
    uint32_t cp; /* it, or 0 at the end */
} reader;

static void read_at(reader *r, size_t at)
{
    r->at = at;
    r->cp = 0;
    r->n = at < r->len ? yk_utf8_next(r->text + at, r->len - at, &r->cp) : 0;
}

static void shape(const void *ctx, const char *text, size_t len, yk_shaped *out)
{
    shaper sh = {ctx, out, NULL, yk_xmalloc((len + 1) * sizeof *sh.run), 0, 0};
    reader r = {text, len, 0, 0, 0};
    read_at(&r, 0);
    while (r.n) {
        uint32_t cp = r.cp;
        size_t at = r.at;
        read_at(&r, r.at + r.n);
        if (yk_font_plain(sh.p->font, cp) && !yk_shape_is_selector(r.cp)) {
            /* most characters: printable, in the family's font, no selector after them */
            if (sh.run_font != sh.p->font)
                flush(&sh);
            sh.run_font = sh.p->font;
            sh.run[sh.run_len++] = (yk_font_char){cp, at};
            sh.run_end = r.at;
            continue;
        }
        if (yk_shape_invisible(cp) || yk_shape_is_selector(cp)) {
            flush(&sh); /* a selector here has no base: nothing to draw */
            continue;
        }
        if (is_control(cp) || !yk_unicode_assigned(cp)) {
            flush(&sh);
            note(&sh, is_control(cp) ? YK_NOTE_CONTROL : YK_NOTE_UNASSIGNED, cp, 0, sh.p->font,
                 at);
            continue;
        }
        uint32_t sel = yk_shape_is_selector(r.cp) ? r.cp : 0;
        size_t sel_at = r.at;
        while (yk_shape_is_selector(r.cp))
            read_at(&r, r.at + r.n);
        size_t unit_end = r.at;
        bool with_sel;
        const yk_font *f = choose(&sh, cp, sel, at, &with_sel);
        if (!f) {
            flush(&sh);
            note(&sh, YK_NOTE_MISSING, cp, sel, sh.p->font, at);
            continue;
        }
        if (f != sh.run_font)
            flush(&sh);
        sh.run_font = f;
        sh.run[sh.run_len++] = (yk_font_char){cp, at};
        if (with_sel)
            sh.run[sh.run_len++] = (yk_font_char){sel, sel_at};
        sh.run_end = unit_end;
    }
    flush(&sh);
    free(sh.run);
}

bool yk_fontset_metrics(const yk_fontset *set, const char *family, yk_metrics *out)
{
    for (size_t i = 0; i < set->primary_count; i++) {
        const primary *p = &set->primaries[i];
        if (strcmp(yk_font_family(p->font), family) != 0)
            continue;
        *out = yk_font_metrics(p->font);
        out->ctx = p;
        out->advance = metrics_advance;
        out->shape = shape;
        return true;
    }
    return false;
}
