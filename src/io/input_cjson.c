/*
 * input_cjson.c — the input reader for callers holding a cJSON tree (tests,
 * the values of small files such as last month's carry): the tree is
 * written back as JSON text and read by the one reader of input.c.  A
 * number node that kept its text (json_numtext.h) is written as it was
 * written; one without has at most 15 digits and comes back from its double
 * (num_from_double15).
 */
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "input.h"
#include "writer.h"

void input_cjson_text(buf *b, const cJSON *j)
{
    if (cJSON_IsNumber(j)) {
        kh_num n;
        if (j->valuestring) { /* the number as written (json_numtext.h) */
            buf_puts(b, j->valuestring);
        } else if (!isfinite(j->valuedouble)) { /* out of range, as the reader will say */
            buf_puts(b, isnan(j->valuedouble) ? "null" : j->valuedouble > 0 ? "1e999" : "-1e999");
        } else if (num_from_double15(NULL, j->valuedouble, &n) == NUM_OK) {
            num_write(b, n, 0);
        } else { /* the same "%.15g" text, which the reader refuses, saying why */
            char t[32];
            int len = snprintf(t, sizeof t, "%.15g", j->valuedouble);
            char point = localeconv()->decimal_point[0];
            for (int i = 0; i < len; i++)
                if (t[i] == point) t[i] = '.';
            buf_put(b, t, (size_t)len);
        }
    } else if (cJSON_IsString(j)) {
        write_json_string(b, j->valuestring, strlen(j->valuestring));
    } else if (cJSON_IsBool(j)) {
        buf_puts(b, cJSON_IsTrue(j) ? "true" : "false");
    } else if (cJSON_IsArray(j) || cJSON_IsObject(j)) {
        bool object = cJSON_IsObject(j);
        buf_putc(b, object ? '{' : '[');
        for (const cJSON *it = j->child; it; it = it->next) {
            if (it != j->child) buf_putc(b, ',');
            if (object) {
                write_json_string(b, it->string ? it->string : "", it->string ? strlen(it->string) : 0);
                buf_putc(b, ':');
            }
            input_cjson_text(b, it);
        }
        buf_putc(b, object ? '}' : ']');
    } else {
        buf_puts(b, "null");
    }
}

bool input_read(const plan *pl, const cJSON *rec, arena *ar, value *slots, const value *params, char *err,
                size_t cap)
{
    buf text = {0};
    input_cjson_text(&text, rec);
    input_reader *r = input_reader_new(pl);
    input_text t = {text.data, text.len, 0, 1, 1};
    const char *id;
    bool ok = input_read_text(r, &t, ar, slots, params, NULL, err, cap, &id);
    input_reader_free(r);
    buf_free(&text);
    return ok;
}

const char *input_key(const plan *pl, const cJSON *rec)
{
    if (pl->key_slot < 0) return NULL;
    const cJSON *j = input_json_at(rec, pl->prog->key->path);
    return j && cJSON_IsString(j) ? j->valuestring : NULL;
}

const cJSON *input_json_at(const cJSON *rec, const char *path)
{
    if (!cJSON_IsObject(rec)) return NULL;
    const cJSON *j = rec;
    const char *p = path;
    char seg[128];
    while (*p && j) {
        const char *dot = strchr(p, '.');
        size_t n = dot ? (size_t)(dot - p) : strlen(p);
        if (n >= sizeof seg) return NULL;
        memcpy(seg, p, n);
        seg[n] = '\0';
        j = cJSON_GetObjectItemCaseSensitive(j, seg);
        p = dot ? dot + 1 : p + n;
    }
    return j;
}
