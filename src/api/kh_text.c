/*
 * kh_text.c — values and types as text for the embedding API.
 */
#include "kh_text.h"

#include <string.h>

#include "writer.h"

void kh_value_text(buf *b, const value *v, const ktype *t)
{
    switch (v->kind) {
    case VK_NONE: return;
    case VK_TEXT: buf_put(b, v->s ? v->s : "", v->len); return;
    case VK_ENUM: buf_puts(b, v->s); return;
    case VK_DATE:
    case VK_DATETIME:
    case VK_MONTH: { /* ISO text: its JSON without the quotes */
        buf j = {0};
        write_json_value(&j, v, t);
        if (j.len >= 2) buf_put(b, j.data + 1, j.len - 2);
        buf_free(&j);
        return;
    }
    default: write_json_value(b, v, t); return;
    }
}

void kh_type_text(buf *b, const ktype *t)
{
    switch (t->kind) {
    case T_ENUM:
        buf_puts(b, "one of ");
        for (int i = 0; i < t->nvalues; i++) {
            if (i) buf_puts(b, ", ");
            write_json_string(b, t->values[i], strlen(t->values[i]));
        }
        return;
    case T_LIST:
        buf_puts(b, "list of ");
        if (t->elem) kh_type_text(b, t->elem);
        else buf_puts(b, "anything");
        return;
    default: {
        char name[64];
        buf_puts(b, type_name(t, name, sizeof name));
        return;
    }
    }
}

int kh_copy_out(const buf *b, char *out, size_t cap)
{
    if (out && cap > 0) {
        size_t n = b->len < cap - 1 ? b->len : cap - 1;
        if (n) memcpy(out, b->data, n);
        out[n] = '\0';
    }
    return (int)b->len;
}
