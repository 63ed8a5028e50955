/*
 * file_kind.c — the words of file_kind.h.
 */
#include "file_kind.h"
#include "i18n.h"

const char *file_kind(mode_t mode)
{
    if (S_ISDIR(mode)) return _("a directory");
    if (S_ISFIFO(mode)) return _("a FIFO");
    if (S_ISSOCK(mode)) return _("a socket");
    if (S_ISCHR(mode) || S_ISBLK(mode)) return _("a device");
    return _("not a regular file");
}
