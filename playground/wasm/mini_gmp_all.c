/*
 * mini_gmp_all.c — Debian's mini-gmp and mini-mpq as one translation unit,
 * the way GMP builds them together: mini-mpq.c takes its limb macros from
 * mini-gmp.c (compiled alone, 6.2.1's mini-mpq.c lacks GMP_LIMB_MAX).
 */
#include "mini-gmp.c"
#include "mini-mpq.c"
