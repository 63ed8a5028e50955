/*
 * compiler.h — hints to the compiler (GNU C), in one place.
 *
 * KH_NOINLINE keeps a rarely taken or recursive path out of line, so that
 * the usual path of its caller stays small and saves no registers for it;
 * KH_INLINE puts a small function called in a hot loop into that loop,
 * whatever the compiler's own estimate says.
 */
#ifndef KH_COMPILER_H
#define KH_COMPILER_H

#define KH_NOINLINE __attribute__((noinline))
#define KH_INLINE inline __attribute__((always_inline))

#endif
