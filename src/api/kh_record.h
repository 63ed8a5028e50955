/*
 * kh_record.h — making kh_result objects from what a run hands its sink
 * (kh_record.c).  Private to the library.
 */
#ifndef KH_RECORD_H
#define KH_RECORD_H

#include "kaohe.h"
#include "eval.h"
#include "writer.h"

/* A result with the plan's outputs; its JSON is what w (an NDJSON writer
 * with no FILE) writes for it (out of memory unwinds, mem.h). */
kh_result *kh_result_of_outputs(writer *w, size_t index, const char *id, const value *outputs, const evalctx *ctx);
/* A refused record's result. */
kh_result *kh_result_of_error(writer *w, size_t index, const char *id, const char *message);

/* w's text since the last take, without the NDJSON line break, in A; w's
 * buffer is emptied. */
const char *kh_writer_take(writer *w, arena *A);

#endif
