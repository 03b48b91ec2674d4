/* api: the parts of <yoshiki.h> that are not simply an internal module's own function. */
#include <yoshiki.h>

const char *yk_version(void)
{
    return YK_VERSION;
}
