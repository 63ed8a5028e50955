/*
 * num_big.h — the arbitrary-precision side of num.c, for num.c only: every
 * operation whose exact result does not fit int64/int64, or whose operand
 * is already big, is worked out again here (num_big.c, GMP).
 */
#ifndef KH_NUM_BIG_H
#define KH_NUM_BIG_H

#include "num.h"

/* A decimal read from text: the significant digits [j0, j1) of int_part
 * followed by frac_part (the point left out), times 10^e10. */
typedef struct num_decimal {
    bool neg;
    const char *int_part, *frac_part;
    size_t int_len, frac_len;
    size_t j0, j1;
    int64_t e10;
} num_decimal;

static inline int num_decimal_digit(const num_decimal *d, size_t j)
{
    return (j < d->int_len ? d->int_part[j] : d->frac_part[j - d->int_len]) - '0';
}

/* The reduced (neg ? -mag : mag) / den (mag > 0, den >= 1), when it does
 * not fit int64/int64: made big in A (NUM_OVERFLOW with A NULL). */
num_status num_big_from128(arena *A, bool neg, unsigned __int128 mag, unsigned __int128 den, kh_num *out);

/* Each as its num.h namesake, for any operands; the result is made big in
 * A when it does not fit (NUM_OVERFLOW with A NULL or past NUM_MAX_BITS). */
num_status num_big_addsub(arena *A, kh_num a, kh_num b, bool subtract, kh_num *out);
num_status num_big_mul(arena *A, kh_num a, kh_num b, kh_num *out);
num_status num_big_div(arena *A, kh_num a, kh_num b, kh_num *out);
/* -a, or |a| when `absolute`. */
num_status num_big_neg(arena *A, kh_num a, bool absolute, kh_num *out);
int num_big_cmp(kh_num a, kh_num b);
int num_big_cmp_abs(kh_num a, kh_num b);
num_status num_big_round(arena *A, kh_num a, int places, num_round_mode mode, kh_num *out);
bool num_big_terminates(kh_num a, int *places);
num_status num_big_from_decimal(arena *A, const num_decimal *d, kh_num *out);
void num_big_write(struct buf *b, kh_num a, int min_decimals);
double num_big_to_double(kh_num a);
uint64_t num_big_hash(kh_num a);

#endif
