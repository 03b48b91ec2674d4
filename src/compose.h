/* compose: how the characters of one line sit, after JIS X 4051 and W3C JLReq — the
 * half-width forms of consecutive 約物, 和欧間 between kana/kanji and Latin letters or digits,
 * and 両端揃え (where a justified line's slack goes). Pure functions over code points and
 * advances in 1/1000 em (a mark's advance tells how much blank the font gives it);
 * linebreak measures lines with them and asks for the positions. */
#ifndef YK_COMPOSE_H
#define YK_COMPOSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct yk_compose {
    int wa_ou;        /* 1/1000 em between kana/kanji and Latin letters or digits; 0: none */
    bool justify;     /* 両端揃え: every line but a paragraph's last fills the width */
    int justify_min;  /* 1/1000 of the width: a shorter line stays ragged (a forced break) */
} yk_compose;

/* Which of two marks gives up its blank where composition sets them closer (a negative
 * joint): the first its blank after (a closing mark before another mark), the second its
 * blank before (an opening bracket after a mark). */
typedef enum { YK_COMPOSE_CUT_NONE, YK_COMPOSE_CUT_FIRST, YK_COMPOSE_CUT_SECOND } yk_compose_cut;

/* What composition asks of a character (its 約物 kind, kana/kanji, Latin, space), found
 * once by yk_compose_class_of: callers go over every character and every pair. */
typedef uint8_t yk_compose_class;
yk_compose_class yk_compose_class_of(uint32_t cp);

/* Space in 1/1000 em that composition puts between a and b (advances adv_a, adv_b in 1/1000
 * em, as set in the line's font) when both sit on one line: negative where a 約物 takes its
 * half-width form, c->wa_ou at a 和欧間, else 0. c NULL: 0. */
int yk_compose_joint_class(const yk_compose *c, yk_compose_class a, long adv_a,
                           yk_compose_class b, long adv_b);

/* The blank of a closing mark (、。」）…) of advance adv that a justified line's measure
 * leaves out when the mark ends the line: JLReq's first adjustment sets it half-width
 * there. 0 for other characters, or without justification. */
int yk_compose_end_blank_class(const yk_compose *c, yk_compose_class cls, long adv);

yk_compose_cut yk_compose_cut_class(yk_compose_class a, yk_compose_class b);

/* One line to set: n characters with their advances and classes, the composed joint
 * before each (joint[0] unused), which joints lie inside a token kept whole, and the end
 * blank. Justification widens only JLReq's expansion opportunities: not next to brackets,
 * commas, full stops or middle dots, never inside a kept token. */
typedef struct yk_compose_line {
    const uint32_t *cp;
    const long *adv;
    const long *joint;
    const bool *kept;
    size_t n;
    long end_blank;
    const yk_compose_class *cls;
} yk_compose_line;

/* Writes each character's x (1/1000 em from the line start) to x[0..n) and returns the set
 * width. With fill (a justified line that does not end its paragraph) the slack up to
 * width goes, in JLReq's order, to the end mark's blank (up to half an em), the word spaces
 * (up to half an em each), then evenly to the stretchable joints; *justified tells whether
 * the line now fills the width (false: too short, or nowhere to put the slack). */
long yk_compose_set(const yk_compose *c, const yk_compose_line *ln, bool fill, long width,
                    long *x, bool *justified);

#endif
