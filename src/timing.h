/* timing: where a run's time goes. A yk_timings is a plain record that the caller owns and the
 * pipeline fills stage by stage (no global clock state, so batch workers each keep their own);
 * main prints it with --timings and the bench sums it over a batch. */
#ifndef YK_TIMING_H
#define YK_TIMING_H

typedef enum yk_stage {
    YK_STAGE_FORMS,  /* session: templates read and checked */
    YK_STAGE_FONTS,  /* session: font files found and opened, advance tables built */
    YK_STAGE_LOAD,   /* the plan read, parsed and validated */
    YK_STAGE_BIND,   /* template fields filled from the plan */
    YK_STAGE_LAYOUT, /* lines broken, cells fitted, pages flowed */
    YK_STAGE_SUBSET, /* font subsets made for the document's characters */
    YK_STAGE_EMBED,  /* font programs and their dictionaries put into the PDF */
    YK_STAGE_DRAW,   /* page content streams painted */
    YK_STAGE_COMPRESS, /* the streams deflated */
    YK_STAGE_SAVE,   /* the document serialised, its /ID stamped */
    YK_STAGE_WRITE,  /* the bytes written to the file and renamed into place */
    YK_STAGE_COUNT
} yk_stage;

typedef struct yk_timings {
    double ms[YK_STAGE_COUNT];
} yk_timings;

/* A monotonic clock in milliseconds, for differences only. */
double yk_clock_ms(void);

/* Adds the time since *mark to t's stage and moves *mark to now. t may be NULL: then only the
 * mark moves, so callers need no branch for "not timing". */
void yk_timings_lap(yk_timings *t, yk_stage stage, double *mark);

/* sum += t, stage by stage. */
void yk_timings_add(yk_timings *sum, const yk_timings *t);
double yk_timings_total(const yk_timings *t);

/* "forms", "fonts", "load", … */
const char *yk_stage_name(yk_stage stage);

#endif
