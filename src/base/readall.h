/*
 * readall.h — the one "read a whole file" of kaohe: what is left of an open
 * file descriptor, to its end, into one malloc'd buffer, with a bound.
 */
#ifndef KH_READALL_H
#define KH_READALL_H

#include <stddef.h>

/* Reads fd to its end (reads interrupted by a signal are resumed): a
 * malloc'd buffer of *len bytes, NUL-terminated, or NULL with errno set —
 * EFBIG when there are more than max bytes.  fd stays open. */
char *read_all(int fd, size_t max, size_t *len);

#endif
