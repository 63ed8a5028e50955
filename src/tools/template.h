/*
 * template.h — an empty roster to fill in, made from a policy's input
 * schema (`kaohe template POLICY -o roster.xlsx`).
 */
#ifndef KH_TEMPLATE_H
#define KH_TEMPLATE_H

#include "kaohe_tools.h"

#endif
