/*
 * pack.c — compact encoding of a record's input values (see pack.h).
 *
 * Every value starts with something that can say "absent": a number with
 * a varint (0: absent; else its numerator and a code for its denominator,
 * or PACK_OTHER and the number in full), a text with its length + 1, an
 * enum with its index + 1, a date with its zigzag value + 1, a list with
 * its count + 1 (then, when it has entries, their bytes: skipped in one
 * step).  The kept slots are packed in the order of a pack_layout: those an
 * earlier pass reads first, so that a pass stops unpacking after the last
 * one it reads.
 */
#include "pack.h"
#include "compiler.h"
#include "demand.h"
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

/* A number from input is a decimal, so its denominator (the fraction is
 * reduced) is 2^a 5^b; the usual ones have a code, and such a number is one
 * varint: (zigzag(num) << 4 | code) + 1.  Any other is PACK_OTHER + 1, then
 * its denominator (PACK_BIG for a big number: the zigzag limb count of its
 * numerator, the limb count of its denominator, then the limbs as 8 bytes
 * each) and, when small, its zigzag numerator.  Unpacking copies a big
 * number's limbs into the arena: a number never points into a packed
 * record. */
#define PACK_BIG (UINT64_C(1) << 63)
#define PACK_OTHER 15
#define PACK_CODED_MAX (UINT64_C(1) << 59) /* zigzag numerators that fit with a code */

static const int64_t coded_den[PACK_OTHER] = {1, 2, 4, 5, 8, 10, 20, 25, 40, 50, 100, 125, 200, 250, 500};

static int den_code(int64_t den)
{
    switch (den) { /* coded_den's */
    case 1: return 0;
    case 2: return 1;
    case 4: return 2;
    case 5: return 3;
    case 8: return 4;
    case 10: return 5;
    case 20: return 6;
    case 25: return 7;
    case 40: return 8;
    case 50: return 9;
    case 100: return 10;
    case 125: return 11;
    case 200: return 12;
    case 250: return 13;
    case 500: return 14;
    default: return PACK_OTHER;
    }
}

static KH_NOINLINE void put_big(buf *b, kh_num n)
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

static KH_INLINE void put_number(buf *b, kh_num n)
{
    if (!num_is_big(n)) {
        uint64_t z = zigzag(n.num);
        int code = den_code(n.den);
        if (code < PACK_OTHER && z < PACK_CODED_MAX) {
            put_uvar(b, (z << 4 | (uint64_t)code) + 1);
            return;
        }
    }
    put_uvar(b, PACK_OTHER + 1);
    if (num_is_big(n)) {
        put_big(b, n);
        return;
    }
    put_uvar(b, (uint64_t)n.den);
    put_uvar(b, zigzag(n.num));
}

/* The number after its first varint x (not 0), read into ar, or skipped
 * when ar is NULL. */
static inline kh_num get_number(const uint8_t **p, uint64_t x, arena *ar)
{
    x--;
    unsigned code = (unsigned)(x & 15);
    if (code < PACK_OTHER) return (kh_num){.num = unzigzag(x >> 4), .den = coded_den[code]};
    uint64_t den = get_uvar(p);
    if (den == PACK_BIG) return get_big(p, ar);
    return (kh_num){.num = unzigzag(get_uvar(p)), .den = (int64_t)den};
}

/* ---- values by type ------------------------------------------------------- */

/* A plain value is put (and got) inline; a list or record, whose entries
 * come back here, out of line (so the usual case saves no registers). */
static KH_NOINLINE void put_collection(buf *b, const value *v, const ktype *t);
static KH_NOINLINE void get_collection(const uint8_t **p, value *v, const ktype *t, arena *ar);

static KH_INLINE void put_value(buf *b, const value *v, const ktype *t)
{
    switch (t->kind) {
    case T_BOOL:
        put_byte(b, (uint8_t)(v->kind == VK_NONE ? 2 : v->b ? 1 : 0));
        return;
    case T_INT: case T_DEC: case T_MONEY:
        if (v->kind == VK_NONE) put_uvar(b, 0);
        else put_number(b, v->n);
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
    case T_LIST: case T_RECORD:
        put_collection(b, v, t);
        return;
    default:
        return;
    }
}

static KH_INLINE void get_value(const uint8_t **p, value *v, const ktype *t, arena *ar)
{
    uint64_t x;
    switch (t->kind) {
    case T_BOOL: {
        uint8_t c = *(*p)++;
        *v = c == 2 ? (value){.kind = VK_NONE} : value_bool(c == 1);
        return;
    }
    case T_INT: case T_DEC: case T_MONEY:
        x = get_uvar(p);
        *v = x ? value_num(get_number(p, x, ar)) : (value){.kind = VK_NONE};
        return;
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
    case T_LIST: case T_RECORD:
        get_collection(p, v, t, ar);
        return;
    default:
        *v = (value){.kind = VK_NONE};
        return;
    }
}

static void put_collection(buf *b, const value *v, const ktype *t)
{
    if (t->kind == T_RECORD) {
        if (v->kind == VK_NONE) { put_byte(b, 0); return; }
        put_byte(b, 1);
        for (int i = 0; i < t->nfields; i++) put_value(b, &v->items[i], t->fields[i]);
        return;
    }
    if (v->kind == VK_NONE) { put_uvar(b, 0); return; }
    put_uvar(b, (uint64_t)v->len + 1);
    if (!v->len) return;
    /* the entries' bytes, then their count put before them */
    size_t at = b->len;
    for (uint32_t i = 0; i < v->len; i++) put_value(b, &v->items[i], t->elem);
    size_t bytes = b->len - at;
    uint8_t len[VARINT_MAX];
    unsigned n = varint_put(len, bytes);
    room(b, n);
    memmove(b->data + at + n, b->data + at, bytes);
    memcpy(b->data + at, len, n);
    b->len += n;
}

static void get_collection(const uint8_t **p, value *v, const ktype *t, arena *ar)
{
    if (t->kind == T_RECORD) {
        if (*(*p)++ == 0) { *v = (value){.kind = VK_NONE}; return; }
        value *items = arena_alloc(ar, (size_t)(t->nfields ? t->nfields : 1) * sizeof *items);
        for (int i = 0; i < t->nfields; i++) get_value(p, &items[i], t->fields[i], ar);
        *v = value_record(items, (uint32_t)t->nfields);
        return;
    }
    uint64_t x = get_uvar(p);
    if (!x) { *v = (value){.kind = VK_NONE}; return; }
    uint32_t n = (uint32_t)(x - 1);
    if (n) get_uvar(p); /* their bytes */
    value *items = arena_alloc(ar, (size_t)(n ? n : 1) * sizeof *items);
    for (uint32_t i = 0; i < n; i++) get_value(p, &items[i], t->elem, ar);
    *v = value_list(items, n);
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
        if (x == PACK_OTHER + 1) get_number(p, x, NULL);
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
        if (x > 1) { /* entries, and their bytes */
            uint64_t bytes = get_uvar(p);
            *p += bytes;
        }
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

void pack_pass_slots(const plan *pl, int phase, uint8_t *want)
{
    if (demand_gathers_again(pl, phase)) pack_sweep_slots(pl, phase, want);
    else pack_phase_slots(pl, phase, want);
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

/* ---- the layout --------------------------------------------------------- */

typedef struct ranked {
    int32_t slot;
    int first;  /* the first pass that reads it (the output pass: max_phase + 1) */
    int reads;  /* how many of the passes read it (the output pass among them) */
    bool collection; /* a list or record: its length varies */
} ranked;

static bool is_collection(const ktype *t) { return t->kind == T_LIST || t->kind == T_RECORD; }

static int by_rank(const void *a, const void *b)
{
    const ranked *x = a, *y = b;
    if (x->first != y->first) return x->first - y->first;
    if (x->reads != y->reads) return y->reads - x->reads;
    if (x->collection != y->collection) return x->collection - y->collection;
    return x->slot - y->slot;
}

pack_layout *pack_layout_new(const plan *pl, const uint8_t *used)
{
    pack_layout *l = mem_calloc(1, sizeof *l);
    l->order = mem_alloc((size_t)(pl->nslots + 1) * sizeof *l->order);
    ranked *r = mem_alloc((size_t)(pl->nslots + 1) * sizeof *r);
    uint8_t *want = mem_alloc((size_t)pl->nslots + 1);
    for (int i = 0; i < pl->nslots; i++)
        if (used[i]) r[l->n++] = (ranked){i, pl->max_phase + 1, 1, is_collection(pl->prog->leaves[i]->type)};
    for (int phase = 1; phase <= pl->max_phase; phase++) {
        pack_pass_slots(pl, phase, want);
        for (int k = 0; k < l->n; k++) {
            if (!want[r[k].slot]) continue;
            r[k].reads++;
            if (r[k].first > phase) r[k].first = phase;
        }
    }
    for (int k = 0; k < l->n; k++)
        if (r[k].slot == pl->key_slot) r[k].first = 0; /* read for every record kept */
    qsort(r, (size_t)l->n, sizeof *r, by_rank);
    l->types = mem_alloc((size_t)(l->n + 1) * sizeof *l->types);
    for (int k = 0; k < l->n; k++) {
        l->order[k] = r[k].slot;
        l->types[k] = pl->prog->leaves[r[k].slot]->type;
    }
    /* the slots not kept, which unpacking leaves absent */
    l->unkept = mem_alloc((size_t)(pl->nslots - l->n + 1) * sizeof *l->unkept);
    for (int i = 0; i < pl->nslots; i++)
        if (!used[i]) l->unkept[l->nunkept++] = i;
    mem_free(want);
    mem_free(r);
    return l;
}

void pack_layout_free(pack_layout *l)
{
    if (!l) return;
    mem_free(l->order);
    mem_free(l->types);
    mem_free(l->unkept);
    mem_free(l);
}

const char *pack_key_text(const plan *pl, const pack_layout *l, const uint8_t *blob)
{
    int slot = pl->key_slot; /* text (the checker says so), and always kept (mark_read) */
    if (slot < 0) return NULL;
    const uint8_t *s = blob;
    for (int k = 0; k < l->n && l->order[k] != slot; k++) skip_value(&s, l->types[k]);
    uint64_t x = get_uvar(&s);
    return x ? (const char *)s : NULL;
}

void pack_record(const pack_layout *l, const value *slots, buf *out)
{
    for (int k = 0; k < l->n; k++) put_value(out, &slots[l->order[k]], l->types[k]);
}

void unpack_record(const pack_layout *l, const uint8_t *blob, value *slots, arena *ar, const uint8_t *want)
{
    const uint8_t *s = blob;
    const value none = {.kind = VK_NONE};
    for (int k = 0; k < l->nunkept; k++) slots[l->unkept[k]] = none;
    int stop = l->n; /* after the last slot wanted, nothing more is read */
    while (want && stop > 0 && !want[l->order[stop - 1]]) slots[l->order[--stop]] = none;
    for (int k = 0; k < stop; k++) {
        int i = l->order[k];
        if (!want || want[i]) {
            get_value(&s, &slots[i], l->types[k], ar);
            continue;
        }
        skip_value(&s, l->types[k]);
        slots[i] = none;
    }
}
