/*
 * keep.c — definitions a roster pass worked out, kept for the output pass
 * (see keep.h).
 *
 * A cell starts with a 16-bit mask (little-endian) of the definitions it
 * keeps, in the order of keep_choose; then, for each one kept, a tag and
 * its value: KEEP_FALSE, KEEP_TRUE, or KEEP_NUM and the zigzag numerator
 * and the denominator as varints (small numbers only).  A definition not
 * worked out, of another kind, or that did not fit is left out of the mask.
 */
#include "keep.h"
#include "varint.h"
#include "visit.h"

#include <string.h>

enum { KEEP_FALSE, KEEP_TRUE, KEEP_NUM };

/* Definitions a cell can keep: the bits of its mask. */
#define KEEP_MAX 16

static bool reads_apportion(const plan *pl, int d)
{
    for (const int32_t *x = pl->def_reach[d]; *x >= 0; x++)
        if (*x < pl->nraggs && pl->raggs[*x].fn == BI_APPORTION) return true;
    return false;
}

int keep_choose(const plan *pl, int phase, int32_t *defs)
{
    int n = 0;
    for (int d = 0; d < pl->ndefs && n < KEEP_MAX; d++) {
        int r = pl->defs[d]->rphase;
        if (r < 1 || r >= phase || !pl->def_reach[d] || reads_apportion(pl, d)) continue;
        defs[n++] = d;
    }
    return n;
}

/* The encoding of v in out (room for 1 + 2 * VARINT_MAX bytes): its
 * length, 0 for a value not kept. */
static unsigned encode(const value *v, uint8_t *out)
{
    if (v->len) return 0; /* (no number or truth value has a length) */
    if (v->kind == VK_BOOL) {
        out[0] = v->b ? KEEP_TRUE : KEEP_FALSE;
        return 1;
    }
    if (v->kind != VK_NUM || num_is_big(v->n)) return 0;
    out[0] = KEEP_NUM;
    unsigned len = 1 + varint_put(out + 1, zigzag(v->n.num));
    return len + varint_put(out + len, (uint64_t)v->n.den);
}

void keep_save(const int32_t *defs, int n, const evalctx *ctx, uint8_t cell[KEEP_CELL])
{
    memset(cell, 0, KEEP_CELL);
    unsigned used = 2, mask = 0;
    for (int i = 0; i < n; i++) {
        if (ctx->defstate[defs[i]] != VISIT_DONE) continue;
        uint8_t one[1 + 2 * VARINT_MAX];
        unsigned len = encode(&ctx->defs[defs[i]], one);
        if (!len || used + len > KEEP_CELL) continue; /* worked out again */
        memcpy(cell + used, one, len);
        used += len;
        mask |= 1u << i;
    }
    cell[0] = (uint8_t)mask;
    cell[1] = (uint8_t)(mask >> 8);
}

void keep_seed(const int32_t *defs, int n, evalctx *ctx, const uint8_t cell[KEEP_CELL])
{
    unsigned mask = cell[0] | (unsigned)cell[1] << 8;
    const uint8_t *p = cell + 2;
    for (int i = 0; i < n; i++) {
        if (!(mask & 1u << i)) continue;
        uint8_t tag = *p++;
        value *v = &ctx->defs[defs[i]];
        if (tag == KEEP_NUM) {
            int64_t num = unzigzag(varint_get(&p));
            int64_t den = (int64_t)varint_get(&p);
            *v = value_num((kh_num){.num = num, .den = den});
        } else {
            *v = value_bool(tag == KEEP_TRUE);
        }
        ctx->defstate[defs[i]] = VISIT_DONE;
    }
}
