/*
 * html.h — HTML text escaping for slips and the report.
 */
#ifndef KH_HTML_H
#define KH_HTML_H

#include <stddef.h>

#include "buf.h"

/* s with & < > " ' escaped (NULL writes nothing). */
void html_text(buf *b, const char *s);
void html_textn(buf *b, const char *s, size_t n);

#endif
