/* fontfile: TrueType table bytes yoshiki writes itself (no font library involved). The
 * caller frees what is returned. */
#ifndef YK_FONTFILE_H
#define YK_FONTFILE_H

#include <stddef.h>

#include "font.h"

/* A 'cmap' table with one subtable, platform 3 encoding 1 (Unicode BMP, the one libharu
 * reads), format 4, mapping each codes[i].code to codes[i].gid. codes ascend by code, each
 * once. *len receives the size. NULL when the subtable would pass the format's 64 KB (about
 * 6,500 scattered codes, more when they run consecutively). */
char *yk_fontfile_cmap(const yk_font_code *codes, size_t count, size_t *len);

#endif
