/*
 * present.h — results as people read them, shared by slips, the report, the
 * workbook and the manifest: an output's label, the ledger an output is made
 * of, and a value's display text (money with two decimals, yes/no for
 * booleans).
 */
#ifndef KH_PRESENT_H
#define KH_PRESENT_H

#include <stdbool.h>

#include "buf.h"
#include "eval.h"

/* For every ledger of the plan, the definition whose own expression holds
 * it (not through another definition), or -1.  owner has nledgers slots. */
void present_ledger_owners(const plan *pl, int *owner);
/* The ledger a definition is made of (its own first ledger), or -1. */
int present_def_ledger(const plan *pl, int def);
/* The definition a ledger entry's amount is, when it is just a name of an
 * output-like definition ("+base_paid"); else -1. */
int present_entry_def(const plan *pl, int ledger, int entry);

/* An output's label, or its name when it has none. */
const char *present_label(const plan *pl, int def);

/* Display text: money with two decimals, numbers exactly, yes/no for
 * booleans, texts as they are, dates as YYYY-MM-DD, lists as [a, b]. */
void present_value(buf *b, const value *v, const ktype *t);
/* A number, with a sign when sign is set ("+3", "-1", "+0"). */
void present_num(buf *b, kh_num n, bool money, bool sign);

/* The same as the policy shows it to people (slips, explain): a value's
 * display label (`"pending_dismissal" "待辞退"`), an output declared
 * `: percent` as 60%, and yes/no as 是/否 when the policy is written in
 * Chinese keywords or the reader's language is Chinese (--lang zh).  prog NULL: as present_value.  JSON, CSV and XLSX
 * cells keep the codes. */
void present_value_for(buf *b, const program *prog, const value *v, const ktype *t);
const char *present_shown(arena *A, const program *prog, const value *v, const ktype *t);
/* The shown text when it differs from the value's code (a label, a per
 * cent, 是/否), else NULL: explain prints it beside the code. */
const char *present_display_only(arena *A, const program *prog, const value *v, const ktype *t);
/* The display label of a text value, or NULL. */
const char *present_value_label(const program *prog, const value *v);

/* The same, as a string in arena A. */
const char *present_text(arena *A, const value *v, const ktype *t);
const char *present_num_text(arena *A, kh_num n, bool money, bool sign);
/* Param i's value as a percent ("8%") when the policy declares it as one
 * (`param rate = 8%`), whatever --set gave; NULL for other params. */
const char *present_param_percent(arena *A, const plan *pl, const value *params, int i);
/* A dated param's values as the policy writes them ("8% until 2014-06,
 * 10% from 2014-07"), or NULL when param i is not dated or was --set. */
const char *present_dated_param(arena *A, const plan *pl, const value *params, int i);
/* One value of param i as shown to a reader (8% for a per cent param). */
const char *present_param_value(arena *A, const plan *pl, int i, const value *v);

#endif
