/*
 * compiler.h — hints to the compiler (GNU C), in one place.
 *
 * KH_NOINLINE keeps a rarely taken or recursive path out of line, so that
 * the usual path of its caller stays small and saves no registers for it.
 */
#ifndef KH_COMPILER_H
#define KH_COMPILER_H

#define KH_NOINLINE __attribute__((noinline))

#endif
