/*
 * file_kind.h — what a file that is not a regular one is, in words for a
 * message ("it is a FIFO, not a test file"), in the message language.
 */
#ifndef KH_FILE_KIND_H
#define KH_FILE_KIND_H

#include <sys/stat.h>

/* "a directory", "a FIFO", "a socket", "a device", else "not a regular file". */
const char *file_kind(mode_t mode);

#endif
