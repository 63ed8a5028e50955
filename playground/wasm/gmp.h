/*
 * gmp.h — GMP for the WebAssembly build: Debian's mini-gmp (from the gmp
 * source package, fetched into build/ by `make playground`) with 64-bit
 * limbs, as src/base/num_big.c requires, and the three calls num_big.c
 * makes that mini-gmp lacks (mpz_inits, mpz_clears, mpz_remove).
 */
#ifndef KH_WASM_GMP_H
#define KH_WASM_GMP_H

#ifndef MINI_GMP_LIMB_TYPE
#error "build with -DMINI_GMP_LIMB_TYPE='long long' (num_big.c stores 64-bit limbs)"
#endif

#include <stdarg.h>
#include <stddef.h>

#include "mini-gmp.h"
#include "mini-mpq.h"

#define GMP_NUMB_BITS 64
#define GMP_NAIL_BITS 0

static inline void mpz_inits(mpz_ptr x, ...)
{
    va_list ap;
    va_start(ap, x);
    for (; x; x = va_arg(ap, mpz_ptr)) mpz_init(x);
    va_end(ap);
}

static inline void mpz_clears(mpz_ptr x, ...)
{
    va_list ap;
    va_start(ap, x);
    for (; x; x = va_arg(ap, mpz_ptr)) mpz_clear(x);
    va_end(ap);
}

/* rop = op with every factor f divided out; returns how many there were
 * (GMP's contract; op == 0 and |f| == 1 give 0, as GMP does). */
static inline mp_bitcnt_t mpz_remove(mpz_ptr rop, mpz_srcptr op, mpz_srcptr f)
{
    mp_bitcnt_t n = 0;
    mpz_set(rop, op);
    if (mpz_sgn(rop) == 0 || mpz_cmpabs_ui(f, 1) <= 0) return 0;
    while (mpz_divisible_p(rop, f)) {
        mpz_divexact(rop, rop, f);
        n++;
    }
    return n;
}

#endif
