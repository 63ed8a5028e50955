/*
 * play.h — the functions the playground page calls in the WebAssembly
 * module (play.c says what each returns).
 */
#ifndef KH_PLAY_H
#define KH_PLAY_H

const char *play_words(void);
const char *play_run(const char *policy, const char *roster, const char *sets);
const char *play_explain(const char *policy, const char *roster, const char *sets, const char *id, const char *output);

const char *play_eval(const char *policy, const char *input, const char *sets, const char *format);

#endif
