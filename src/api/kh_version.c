/*
 * kh_version.c — the library's version and its return codes in words.
 */
#include "kaohe.h"

const char *kh_version(void) { return KAOHE_VERSION; }

const char *kh_status_text(int status)
{
    switch (status) {
    case KH_OK: return "ok";
    case KH_RECORD_ERRORS: return "record errors";
    case KH_USAGE_ERROR: return "usage error";
    case KH_POLICY_ERROR: return "policy error";
    case KH_IO_ERROR: return "input/output error";
    case KH_NO_MEMORY: return "out of memory";
    case KH_LIMIT_REACHED: return "limit reached";
    }
    return "unknown status";
}
