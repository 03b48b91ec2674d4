/* metrics: the shaped-text product and the one-glyph-per-character shaping of fakes. */
#include "metrics.h"

#include <stdlib.h>

#include "util.h"

void yk_shaped_add_glyph(yk_shaped *s, yk_glyph g)
{
    s->glyphs = yk_reserve(s->glyphs, s->count + 1, &s->glyph_cap, sizeof *s->glyphs);
    s->glyphs[s->count++] = g;
}

void yk_shaped_add_note(yk_shaped *s, yk_shape_note note)
{
    for (size_t i = 0; i < s->note_count; i++)
        if (s->notes[i].kind == note.kind && s->notes[i].cp == note.cp &&
            s->notes[i].selector == note.selector)
            return;
    s->notes = yk_reserve(s->notes, s->note_count + 1, &s->note_cap, sizeof *s->notes);
    s->notes[s->note_count++] = note;
}

static void shape_nominal(const yk_metrics *m, const char *text, size_t len, yk_shaped *out)
{
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        size_t n = yk_utf8_decode(text + i, len - i, &cp);
        int adv = yk_shape_invisible(cp) || yk_shape_is_selector(cp) ? -2 : m->advance(m->ctx, cp);
        if (adv == -1)
            yk_shaped_add_note(out, (yk_shape_note){YK_NOTE_MISSING, cp, 0, m->family, i});
        else if (adv >= 0)
            yk_shaped_add_glyph(out, (yk_glyph){m->family, cp, adv, i, n});
        i += n;
    }
}

void yk_shape(const yk_metrics *m, const char *text, size_t len, yk_shaped *out)
{
    *out = (yk_shaped){0};
    if (m->shape)
        m->shape(m->ctx, text, len, out);
    else
        shape_nominal(m, text, len, out);
}

void yk_shaped_free(yk_shaped *s)
{
    free(s->glyphs);
    free(s->notes);
    *s = (yk_shaped){0};
}
