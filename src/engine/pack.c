/*
 * pack.c — compact encoding of a record's input values (see pack.h).
 *
 * Every value starts with something that can say "absent": a number with
 * its denominator (0: absent; PACK_BIG: a big number follows), a text with
 * its length + 1, an enum with its index + 1, a date with its zigzag value
 * + 1.
 */
#include "pack.h"
#include "mem.h"
#include "varint.h"

#include <stdlib.h>
#include <string.h>

/* ---- which slots the plan reads ------------------------------------------ */

static void mark(const pnode *n, uint8_t *used)
{
    if (!n) return;
    if (n->op == P_SLOT) used[n->index] = 1;
    mark(n->a, used);
    mark(n->b, used);
    mark(n->c, used);
    for (int i = 0; i < n->nkids; i++) mark(n->kids[i], used);
}

/* The slots some expression of the plan reads. */
static void mark_read(const plan *pl, uint8_t *used)
{
    memset(used, 0, (size_t)pl->nslots);
    for (int i = 0; i < pl->ndefs; i++) mark(pl->defs[i], used);
    for (int i = 0; i < pl->nchecks; i++) mark(pl->checks[i], used);
    for (int i = 0; i < pl->nraggs; i++) {
        const ragg *r = &pl->raggs[i];
        mark(r->value, used);
        mark(r->filter, used);
        mark(r->pool, used);
        mark(r->tie, used);
    }
    for (int i = 0; i < pl->nfirsts; i++) {
        const rfirst *f = &pl->firsts[i];
        mark(f->list, used);
        mark(f->key, used);
        for (int k = 0; k < f->norders; k++) mark(f->orders[k], used);
    }
    if (pl->key_slot >= 0) used[pl->key_slot] = 1;
    if (pl->group_slot >= 0) used[pl->group_slot] = 1;
}

void pack_store_slots(const plan *pl, bool traced, uint8_t *used)
{
    mark_read(pl, used);
    for (int i = 0; traced && i < pl->nslots; i++)
        if (pl->prog->leaves[i]->display) used[i] = 1; /* shown on slips and in explanations */
}

void pack_used_slots(const plan *pl, uint8_t *used) { pack_store_slots(pl, true, used); }

/* ---- varints ------------------------------------------------------------ */

/* Room for n more bytes at the end of b (no NUL is kept after packed
 * bytes: they are not text). */
static inline uint8_t *room(buf *b, size_t n)
{
    if (b->len + n + 1 > b->cap) buf_grow(b, n + 1);
    return (uint8_t *)b->data + b->len;
}

static inline void put_uvar(buf *b, uint64_t v) { b->len += varint_put(room(b, VARINT_MAX), v); }

static inline void put_byte(buf *b, uint8_t c)
{
    *room(b, 1) = c;
    b->len++;
}

static inline uint64_t get_uvar(const uint8_t **p) { return varint_get(p); }

/* ---- numbers ----------------------------------------------------------------- */

/* A small number is its denominator (1..2^63-1), then its numerator; a big
 * one is PACK_BIG, the zigzag limb count of its numerator, the limb count
 * of its denominator, then the limbs as 8 bytes each.  Unpacking copies the
 * limbs into the arena: a number never points into a packed record. */
#define PACK_BIG (UINT64_C(1) << 63)

static void put_big(buf *b, kh_num n)
{
    num_big_parts parts = num_big_parts_of(n);
    put_uvar(b, PACK_BIG);
    put_uvar(b, zigzag(parts.nsize));
    put_uvar(b, (uint64_t)parts.dsize);
    size_t limbs = (size_t)(parts.nsize < 0 ? -parts.nsize : parts.nsize) + (size_t)parts.dsize;
    buf_put(b, (const char *)parts.limbs, limbs * sizeof(uint64_t));
}

/* Reads the rest of a big number (after PACK_BIG) into ar, or skips it
 * when ar is NULL. */
static kh_num get_big(const uint8_t **p, arena *ar)
{
    int32_t nsize = (int32_t)unzigzag(get_uvar(p));
    int32_t dsize = (int32_t)get_uvar(p);
    size_t bytes = ((size_t)(nsize < 0 ? -nsize : nsize) + (size_t)dsize) * sizeof(uint64_t);
    kh_num n = ar ? num_big_from_parts(ar, nsize, dsize, *p) : num_int(0);
    *p += bytes;
    return n;
}

/* ---- values by type ------------------------------------------------------- */

static void put_value(buf *b, const value *v, const ktype *t)
{
    switch (t->kind) {
    case T_BOOL:
        put_byte(b, (uint8_t)(v->kind == VK_NONE ? 2 : v->b ? 1 : 0));
        return;
    case T_INT: case T_DEC: case T_MONEY:
        if (v->kind == VK_NONE) { put_uvar(b, 0); return; }
        if (num_is_big(v->n)) { put_big(b, v->n); return; }
        put_uvar(b, (uint64_t)v->n.den);
        put_uvar(b, zigzag(v->n.num));
        return;
    case T_TEXT:
        if (v->kind == VK_NONE) { put_uvar(b, 0); return; }
        put_uvar(b, (uint64_t)v->len + 1);
        memcpy(room(b, (size_t)v->len + 1), v->s, v->len);
        b->data[b->len + v->len] = '\0';
        b->len += (size_t)v->len + 1;
        return;
    case T_ENUM:
        put_uvar(b, v->kind == VK_NONE ? 0 : (uint64_t)v->len + 1);
        return;
    case T_DATE: case T_MONTH:
        put_uvar(b, v->kind == VK_NONE ? 0 : zigzag(v->kind == VK_DATE ? v->date : v->month) + 1);
        return;
    case T_DATETIME:
        put_uvar(b, v->kind == VK_NONE ? 0 : zigzag(v->dt) + 1);
        return;
    case T_LIST:
        if (v->kind == VK_NONE) { put_uvar(b, 0); return; }
        put_uvar(b, (uint64_t)v->len + 1);
        for (uint32_t i = 0; i < v->len; i++) put_value(b, &v->items[i], t->elem);
        return;
    case T_RECORD:
        if (v->kind == VK_NONE) { put_byte(b, 0); return; }
        put_byte(b, 1);
        for (int i = 0; i < t->nfields; i++) put_value(b, &v->items[i], t->fields[i]);
        return;
    default:
        return;
    }
}

static void get_value(const uint8_t **p, value *v, const ktype *t, arena *ar)
{
    uint64_t x;
    switch (t->kind) {
    case T_BOOL: {
        uint8_t c = *(*p)++;
        *v = c == 2 ? (value){.kind = VK_NONE} : value_bool(c == 1);
        return;
    }
    case T_INT: case T_DEC: case T_MONEY: {
        uint64_t den = get_uvar(p);
        if (den - 1 < PACK_BIG - 1) { /* a small number: one test for the usual case */
            kh_num n = {.num = unzigzag(get_uvar(p)), .den = (int64_t)den};
            *v = value_num(n);
            return;
        }
        *v = den ? value_num(get_big(p, ar)) : (value){.kind = VK_NONE};
        return;
    }
    case T_TEXT:
        x = get_uvar(p);
        if (!x) { *v = (value){.kind = VK_NONE}; return; }
        *v = value_text((const char *)*p, (uint32_t)(x - 1));
        *p += x; /* the text and its NUL */
        return;
    case T_ENUM:
        x = get_uvar(p);
        *v = x ? value_enum(t->values[x - 1], (uint32_t)(x - 1)) : (value){.kind = VK_NONE};
        return;
    case T_DATE: case T_MONTH:
        x = get_uvar(p);
        if (!x) { *v = (value){.kind = VK_NONE}; return; }
        *v = t->kind == T_DATE ? value_date((int32_t)unzigzag(x - 1)) : value_month((int32_t)unzigzag(x - 1));
        return;
    case T_DATETIME:
        x = get_uvar(p);
        *v = x ? value_datetime(unzigzag(x - 1)) : (value){.kind = VK_NONE};
        return;
    case T_LIST: {
        x = get_uvar(p);
        if (!x) { *v = (value){.kind = VK_NONE}; return; }
        uint32_t n = (uint32_t)(x - 1);
        value *items = arena_alloc(ar, (size_t)(n ? n : 1) * sizeof *items);
        for (uint32_t i = 0; i < n; i++) get_value(p, &items[i], t->elem, ar);
        *v = value_list(items, n);
        return;
    }
    case T_RECORD: {
        if (*(*p)++ == 0) { *v = (value){.kind = VK_NONE}; return; }
        value *items = arena_alloc(ar, (size_t)(t->nfields ? t->nfields : 1) * sizeof *items);
        for (int i = 0; i < t->nfields; i++) get_value(p, &items[i], t->fields[i], ar);
        *v = value_record(items, (uint32_t)t->nfields);
        return;
    }
    default:
        *v = (value){.kind = VK_NONE};
        return;
    }
}

/* Moves past a value without building it. */
static void skip_value(const uint8_t **p, const ktype *t)
{
    uint64_t x;
    switch (t->kind) {
    case T_BOOL:
        (*p)++;
        return;
    case T_INT: case T_DEC: case T_MONEY:
        x = get_uvar(p);
        if (x == PACK_BIG) get_big(p, NULL);
        else if (x) get_uvar(p);
        return;
    case T_TEXT:
        x = get_uvar(p);
        if (x) *p += x;
        return;
    case T_ENUM: case T_DATE: case T_MONTH: case T_DATETIME:
        get_uvar(p);
        return;
    case T_LIST:
        x = get_uvar(p);
        for (uint64_t i = 1; i < x; i++) skip_value(p, t->elem);
        return;
    case T_RECORD:
        if (*(*p)++ == 0) return;
        for (int i = 0; i < t->nfields; i++) skip_value(p, t->fields[i]);
        return;
    default:
        return;
    }
}

/* Marks the slots read by n, following definitions (each once). */
static void mark_deep(const plan *pl, const pnode *n, uint8_t *want, uint8_t *seen_defs)
{
    if (!n) return;
    if (n->op == P_SLOT) want[n->index] = 1;
    if (n->op == P_DEF && !seen_defs[n->index]) {
        seen_defs[n->index] = 1;
        mark_deep(pl, pl->defs[n->index], want, seen_defs);
    }
    if (n->op == P_FIRST) /* its key is worked out where it is read */
        mark_deep(pl, pl->firsts[n->index].key, want, seen_defs);
    if (n->op == P_ROSTER_AGG && pl->raggs[n->index].ncols) {
        /* worked out where it is read: this.x reads the record's own values */
        mark_deep(pl, pl->raggs[n->index].value, want, seen_defs);
        mark_deep(pl, pl->raggs[n->index].filter, want, seen_defs);
    }
    mark_deep(pl, n->a, want, seen_defs);
    mark_deep(pl, n->b, want, seen_defs);
    mark_deep(pl, n->c, want, seen_defs);
    for (int i = 0; i < n->nkids; i++) mark_deep(pl, n->kids[i], want, seen_defs);
}

void pack_phase_slots(const plan *pl, int phase, uint8_t *want)
{
    memset(want, 0, (size_t)pl->nslots);
    uint8_t *seen = mem_calloc((size_t)pl->ndefs + 1, 1);
    for (int i = 0; i < pl->nraggs; i++) {
        const ragg *r = &pl->raggs[i];
        if (r->phase != phase) continue;
        mark_deep(pl, r->value, want, seen);
        mark_deep(pl, r->filter, want, seen);
        mark_deep(pl, r->pool, want, seen);
    }
    for (int i = 0; i < pl->nfirsts; i++) {
        const rfirst *f = &pl->firsts[i];
        if (f->phase != phase) continue;
        mark_deep(pl, f->list, want, seen);
        mark_deep(pl, f->key, want, seen);
        for (int k = 0; k < f->norders; k++) mark_deep(pl, f->orders[k], want, seen);
    }
    if (pl->key_slot >= 0) want[pl->key_slot] = 1;
    if (pl->group_slot >= 0) want[pl->group_slot] = 1; /* the period a dated param is chosen by */
    mem_free(seen);
}

/* Marks the slots of the conditions below n (not into definitions: each is
 * looked at on its own) that a walk of the record's needs may work out:
 * demand.c decides an if's, and/or's, when's, tier's and ledger when's. */
static void mark_decisions(const plan *pl, const pnode *n, uint8_t *want, uint8_t *seen_defs)
{
    if (!n) return;
    switch ((pop)n->op) {
    case P_IF:
        mark_deep(pl, n->a, want, seen_defs);
        break;
    case P_AND: case P_OR:
        mark_deep(pl, n->a, want, seen_defs);
        mark_deep(pl, n->b, want, seen_defs);
        break;
    case P_WHEN:
        for (int i = 0; i < n->nkids; i += 2) mark_deep(pl, n->kids[i], want, seen_defs);
        break;
    case P_TIER:
        mark_deep(pl, n->a, want, seen_defs);
        for (int i = 0; i < n->nkids; i += 2) mark_deep(pl, n->kids[i], want, seen_defs);
        break;
    case P_LEDGER:
        for (int i = 0; i < n->nkids / 2; i++)
            if (n->aux_ops[i] == ENTRY_WHEN) mark_deep(pl, n->kids[2 * i + 1], want, seen_defs);
        break;
    default:
        break;
    }
    mark_decisions(pl, n->a, want, seen_defs);
    mark_decisions(pl, n->b, want, seen_defs);
    mark_decisions(pl, n->c, want, seen_defs);
    for (int i = 0; i < n->nkids; i++) mark_decisions(pl, n->kids[i], want, seen_defs);
}

void pack_sweep_slots(const plan *pl, int phase, uint8_t *want)
{
    pack_phase_slots(pl, phase, want);
    uint8_t *seen = mem_calloc((size_t)pl->ndefs + 1, 1);
    for (int d = 0; d < pl->ndefs; d++) mark_decisions(pl, pl->defs[d], want, seen);
    for (int i = 0; i < pl->nfirsts; i++) mark_decisions(pl, pl->firsts[i].key, want, seen);
    mem_free(seen);
}

void pack_derive_slots(const plan *pl, uint8_t *want)
{
    memset(want, 0, (size_t)pl->nslots);
    uint8_t *seen = mem_calloc((size_t)pl->ndefs + 1, 1);
    for (int i = 0; i < pl->nraggs; i++) {
        mark_deep(pl, pl->raggs[i].tie, want, seen);
        mark_deep(pl, pl->raggs[i].pool, want, seen);
    }
    for (int i = 0; i < pl->nfirsts; i++) {
        const rfirst *f = &pl->firsts[i];
        mark_deep(pl, f->list, want, seen);
        mark_deep(pl, f->key, want, seen);
        for (int k = 0; k < f->norders; k++) mark_deep(pl, f->orders[k], want, seen);
    }
    if (pl->key_slot >= 0) want[pl->key_slot] = 1;
    mem_free(seen);
}

const char *pack_key_text(const plan *pl, const uint8_t *used, const uint8_t *blob)
{
    int slot = pl->key_slot; /* text (the checker says so), and always kept (mark_read) */
    if (slot < 0) return NULL;
    const uint8_t *s = blob;
    for (int i = 0; i < slot; i++)
        if (used[i]) skip_value(&s, pl->prog->leaves[i]->type);
    uint64_t x = get_uvar(&s);
    return x ? (const char *)s : NULL;
}

void pack_record(const plan *pl, const uint8_t *used, const value *slots, buf *out)
{
    const program *p = pl->prog;
    for (int i = 0; i < pl->nslots; i++)
        if (used[i]) put_value(out, &slots[i], p->leaves[i]->type);
}

size_t unpack_record(const plan *pl, const uint8_t *used, const uint8_t *blob, value *slots, arena *ar,
                     const uint8_t *want)
{
    const program *p = pl->prog;
    const uint8_t *s = blob;
    for (int i = 0; i < pl->nslots; i++) {
        slots[i] = (value){.kind = VK_NONE};
        if (!used[i]) continue;
        if (want && !want[i]) skip_value(&s, p->leaves[i]->type);
        else get_value(&s, &slots[i], p->leaves[i]->type, ar);
    }
    return (size_t)(s - blob);
}
