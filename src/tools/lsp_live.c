/*
 * lsp_live.c — live values: placeholder.
 */
#include "lsp_internal.h"

void lsp_live_update(lsp_doc *d) { (void)d; }
void lsp_live_free(struct lsp_live *l) { (void)l; }
const char *lsp_live_value(const lsp_doc *d, const char *name, const char **record_id)
{
    (void)d; (void)name; (void)record_id;
    return NULL;
}
cJSON *lsp_code_lens(lsp_request *r) { (void)r; return cJSON_CreateArray(); }
