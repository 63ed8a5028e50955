/*
 * pack.h — a record's input values as a compact byte string.
 *
 * A policy with roster functions must keep every record until the roster
 * phases are done.  Instead of value arrays (24 bytes a slot) it keeps this
 * encoding: only the slots the plan reads, each in the fewest bytes its type
 * allows (varints for numbers, dates and lengths; texts inline, NUL-ended so
 * they can be pointed at).  Unpacking rebuilds the slots without copying
 * texts.
 */
#ifndef KH_PACK_H
#define KH_PACK_H

#include <stdbool.h>
#include <stdint.h>

#include "buf.h"
#include "plan.h"

/* Marks in used[nslots] the slots a run keeps for its roster phases: those
 * some part of the plan reads, the key and the roster's field, and, when
 * the results are traced (slips, explanations, reports: `display` fields
 * are shown there), the display fields. */
void pack_store_slots(const plan *pl, bool traced, uint8_t *used);
/* The same, traced. */
void pack_used_slots(const plan *pl, uint8_t *used);

/* The order in which a store packs the slots it keeps: the key first, then
 * by the first roster pass that reads them (pack_phase_slots,
 * pack_sweep_slots; those only the output pass reads last), those more
 * passes read first, lists after plain values, and otherwise by slot
 * number.  So the first pass finds its fields first and stops after them,
 * and a later one skips a list in one step.  The order changes no value. */
typedef struct pack_layout {
    int n;                /* slots kept */
    int32_t *order;       /* [n] their numbers, in packing order */
    const ktype **types;  /* [n] their types, in the same order */
    int32_t *unkept;      /* [nunkept] the slots not kept */
    int nunkept;
} pack_layout;

/* The layout of the slots `used` marks. */
pack_layout *pack_layout_new(const plan *pl, const uint8_t *used);
void pack_layout_free(pack_layout *l);

/* Appends the encoding of slots (those of the layout) to out. */
void pack_record(const pack_layout *l, const value *slots, buf *out);

/* Decodes blob into slots[nslots] (slots not kept become VK_NONE), lists
 * are allocated in ar, texts point into blob.  With `want` (may be NULL:
 * all), only the slots it marks are decoded, the others skipped or, after
 * the last one it marks, not read. */
void unpack_record(const pack_layout *l, const uint8_t *blob, value *slots, arena *ar, const uint8_t *want);

/* Marks in want[nslots] the input slots the roster functions of `phase`
 * read, through the definitions they use. */
void pack_phase_slots(const plan *pl, int phase, uint8_t *want);

/* The same, and the slots of every condition in a definition that a walk
 * of a record's needs (demand.c) may work out: what a pass that gathers the
 * needs again (plan.resweep) reads. */
void pack_sweep_slots(const plan *pl, int phase, uint8_t *want);

/* What the pass of `phase` unpacks: pack_sweep_slots when it gathers the
 * needs again (demand_gathers_again), else pack_phase_slots. */
void pack_pass_slots(const plan *pl, int phase, uint8_t *want);

/* Marks in want[nslots] the input slots that roster functions read to
 * settle ties and first entries afresh from a kept record (their lists,
 * keys, orders, tie keys and pools), and the key. */
void pack_derive_slots(const plan *pl, uint8_t *want);

/* The text of the key inside blob (NUL-ended, in the blob), packed with
 * layout l (a store always keeps the key), or NULL when the policy has no
 * key or the record none. */
const char *pack_key_text(const plan *pl, const pack_layout *l, const uint8_t *blob);

#endif
