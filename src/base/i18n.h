/*
 * i18n.h — the tool's messages in the reader's language (GNU gettext).
 *
 * The library looks its messages up in its own text domain "kaohe" with
 * dgettext and never calls setlocale or textdomain: the program does (the
 * CLI, from LANG/LC_MESSAGES or --lang zh).  Without a catalogue, or in the
 * C locale, every message is the English written in the code.
 * Diagnostics need no marking at their call sites: diag_add and diag_hint
 * look their format up (xgettext finds them by the keywords in the
 * Makefile's `pot` target).  N_() marks a text in a table, looked up where
 * it is used.
 */
#ifndef KH_I18N_H
#define KH_I18N_H

#include <libintl.h>

#define KH_TEXTDOMAIN "kaohe"
#define _(s) dgettext(KH_TEXTDOMAIN, s)
#define N_(s) (s)

#endif
