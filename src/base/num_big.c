/*
 * num_big.c — exact arithmetic beyond int64/int64, with GMP (see num.h).
 *
 * A big number is a num_big in an arena: the limbs of its numerator and
 * denominator, read through GMP's read-only views (mpz_roinit_n), never
 * written after it is made.  Results are worked out in GMP's own memory
 * (its default allocator: kaohe never sets GMP's process-wide allocation
 * hooks), then copied into the caller's arena and the GMP memory freed.  A
 * result that fits int64/int64 comes back small, so each value has one
 * representation.
 */
#include "num_big.h"

#include "buf.h"
#include "mem.h"

#include <gmp.h>
#include <stdlib.h>
#include <string.h>

_Static_assert(sizeof(mp_limb_t) == sizeof(uint64_t) && GMP_NUMB_BITS == 64 && GMP_NAIL_BITS == 0,
               "kaohe stores big numbers as 64-bit GMP limbs");
_Static_assert(sizeof(uintptr_t) <= sizeof(int64_t), "a kh_num's den holds an address");

/* The digits of a big number; its sign is the kh_num's num (num.h). */
struct num_big {
    int32_t nsize;    /* limbs of |numerator| (> 0) */
    int32_t dsize;    /* limbs of the denominator (> 0) */
    mp_limb_t limb[]; /* |numerator| then denominator, least significant first */
};

static const num_big *big_of(kh_num a)
{
    return (const num_big *)(uintptr_t)(0 - (uint64_t)a.den);
}

/* The kh_num of digits b (addresses are below 2^63: den < 0). */
static kh_num big_num(const num_big *b, bool neg)
{
    kh_num r = {.num = neg ? -1 : 1, .den = -(int64_t)(uintptr_t)b};
    return r;
}

/* ---- views and results ----------------------------------------------------- */

/* A read-only mpq view of any kh_num: over the big number's own limbs, or
 * over two limbs kept in the view for a small one.  Never cleared. */
typedef struct qview {
    mpq_t q;
    mp_limb_t small[2];
} qview;

static mpq_srcptr view(qview *v, kh_num a)
{
    if (a.den < 0) {
        const num_big *b = big_of(a);
        mpz_roinit_n(mpq_numref(v->q), b->limb, a.num < 0 ? -b->nsize : b->nsize);
        mpz_roinit_n(mpq_denref(v->q), b->limb + b->nsize, b->dsize);
    } else {
        v->small[0] = a.num < 0 ? 0 - (uint64_t)a.num : (uint64_t)a.num;
        v->small[1] = (uint64_t)a.den;
        mpz_roinit_n(mpq_numref(v->q), &v->small[0], a.num < 0 ? -1 : a.num > 0 ? 1 : 0);
        mpz_roinit_n(mpq_denref(v->q), &v->small[1], 1);
    }
    return v->q;
}

/* Whether n/d (reduced, d > 0) fits int64/int64. */
static bool fits_small(mpz_srcptr n, mpz_srcptr d)
{
    if (mpz_size(d) != 1 || mpz_getlimbn(d, 0) > (mp_limb_t)INT64_MAX) return false;
    if (mpz_size(n) > 1) return false;
    mp_limb_t m = mpz_getlimbn(n, 0); /* 0 for 0 */
    return m <= (mp_limb_t)INT64_MAX + (mpz_sgn(n) < 0 ? 1 : 0);
}

static bool within_bound(mpz_srcptr n, mpz_srcptr d)
{
    return mpz_sizeinbase(n, 2) <= NUM_MAX_BITS && mpz_sizeinbase(d, 2) <= NUM_MAX_BITS;
}

/* Stores the reduced fraction n/d (d > 0): small when it fits, otherwise
 * copied into A. */
static num_status store(arena *A, mpz_srcptr n, mpz_srcptr d, kh_num *out)
{
    if (fits_small(n, d)) {
        uint64_t m = mpz_getlimbn(n, 0);
        out->num = mpz_sgn(n) < 0 ? -(int64_t)(m - 1) - 1 : (int64_t)m;
        out->den = (int64_t)mpz_getlimbn(d, 0);
        return NUM_OK;
    }
    if (!within_bound(n, d) || !A) return NUM_OVERFLOW;
    size_t nl = mpz_size(n), dl = mpz_size(d);
    num_big *b = arena_alloc(A, sizeof *b + (nl + dl) * sizeof(mp_limb_t));
    b->nsize = (int32_t)nl;
    b->dsize = (int32_t)dl;
    memcpy(b->limb, mpz_limbs_read(n), nl * sizeof(mp_limb_t));
    memcpy(b->limb + nl, mpz_limbs_read(d), dl * sizeof(mp_limb_t));
    *out = big_num(b, mpz_sgn(n) < 0);
    return NUM_OK;
}

static num_status store_q(arena *A, mpq_srcptr q, kh_num *out)
{
    return store(A, mpq_numref(q), mpq_denref(q), out);
}

/* ---- arithmetic --------------------------------------------------------------- */

/* z = v, for v below 2^128, without a temporary allocation when z has room. */
static void set_u128(mpz_ptr z, unsigned __int128 v)
{
    mp_limb_t *l = mpz_limbs_write(z, 2);
    l[0] = (mp_limb_t)v;
    l[1] = (mp_limb_t)(v >> 64);
    mpz_limbs_finish(z, l[1] ? 2 : l[0] ? 1 : 0);
}

num_status num_big_from128(arena *A, bool neg, unsigned __int128 mag, unsigned __int128 den, kh_num *out)
{
    mpz_t n, d;
    mpz_inits(n, d, NULL);
    set_u128(n, mag);
    set_u128(d, den);
    if (neg) mpz_neg(n, n);
    num_status st = store(A, n, d, out);
    mpz_clears(n, d, NULL);
    return st;
}

typedef void (*qop)(mpq_ptr, mpq_srcptr, mpq_srcptr);

static num_status binary(arena *A, kh_num a, kh_num b, qop op, kh_num *out)
{
    qview va, vb;
    mpq_t r;
    mpq_init(r);
    op(r, view(&va, a), view(&vb, b));
    num_status st = store_q(A, r, out);
    mpq_clear(r);
    return st;
}

num_status num_big_addsub(arena *A, kh_num a, kh_num b, bool subtract, kh_num *out)
{
    return binary(A, a, b, subtract ? mpq_sub : mpq_add, out);
}

num_status num_big_mul(arena *A, kh_num a, kh_num b, kh_num *out)
{
    return binary(A, a, b, mpq_mul, out);
}

num_status num_big_div(arena *A, kh_num a, kh_num b, kh_num *out)
{
    if (num_sign(b) == 0) return NUM_DIV_ZERO;
    return binary(A, a, b, mpq_div, out);
}

num_status num_big_neg(arena *A, kh_num a, bool absolute, kh_num *out)
{
    qview va;
    mpq_t r;
    mpq_init(r);
    if (absolute) mpq_abs(r, view(&va, a));
    else mpq_neg(r, view(&va, a));
    num_status st = store_q(A, r, out);
    mpq_clear(r);
    return st;
}

int num_big_cmp(kh_num a, kh_num b)
{
    qview va, vb;
    int c = mpq_cmp(view(&va, a), view(&vb, b));
    return (c > 0) - (c < 0);
}

int num_big_cmp_abs(kh_num a, kh_num b)
{
    qview va, vb;
    mpq_srcptr qa = view(&va, a), qb = view(&vb, b);
    mpz_t l, r;
    mpz_inits(l, r, NULL);
    mpz_mul(l, mpq_numref(qa), mpq_denref(qb));
    mpz_mul(r, mpq_numref(qb), mpq_denref(qa));
    int c = mpz_cmpabs(l, r);
    mpz_clears(l, r, NULL);
    return (c > 0) - (c < 0);
}

/* ---- what num.h asks of any big number ------------------------------------- */

bool num_big_is_int(kh_num a)
{
    const num_big *b = big_of(a);
    return b->dsize == 1 && b->limb[b->nsize] == 1;
}

bool num_big_eq(kh_num a, kh_num b)
{
    if (a.den >= 0 || b.den >= 0) return false; /* a big number is never small */
    const num_big *x = big_of(a), *y = big_of(b);
    if (a.num != b.num || x->nsize != y->nsize || x->dsize != y->dsize) return false;
    size_t n = (size_t)x->nsize + (size_t)x->dsize;
    return memcmp(x->limb, y->limb, n * sizeof(mp_limb_t)) == 0;
}

kh_num num_keep(arena *A, kh_num a)
{
    if (a.den >= 0) return a;
    const num_big *b = big_of(a);
    size_t bytes = sizeof *b + ((size_t)b->nsize + (size_t)b->dsize) * sizeof(mp_limb_t);
    num_big *copy = arena_alloc(A, bytes);
    memcpy(copy, b, bytes);
    return big_num(copy, a.num < 0);
}

uint64_t num_big_hash(kh_num a)
{
    const num_big *b = big_of(a);
    uint64_t h = 1469598103934665603ull ^ (uint64_t)a.num;
    size_t n = (size_t)b->nsize + (size_t)b->dsize;
    for (size_t i = 0; i < n; i++) h = (h ^ b->limb[i]) * 1099511628211ull;
    return h ^ (h >> 29);
}

double num_big_to_double(kh_num a)
{
    qview va;
    return mpq_get_d(view(&va, a));
}

num_big_parts num_big_parts_of(kh_num a)
{
    const num_big *b = big_of(a);
    num_big_parts p = {a.num < 0 ? -b->nsize : b->nsize, b->dsize, b->limb};
    return p;
}

kh_num num_big_from_parts(arena *A, int32_t nsize, int32_t dsize, const void *limb_bytes)
{
    size_t n = (size_t)abs(nsize) + (size_t)dsize;
    num_big *b = arena_alloc(A, sizeof *b + n * sizeof(mp_limb_t));
    b->nsize = abs(nsize);
    b->dsize = dsize;
    memcpy(b->limb, limb_bytes, n * sizeof(mp_limb_t));
    return big_num(b, nsize < 0);
}

/* ---- rounding and decimals --------------------------------------------------- */

num_status num_big_round(arena *A, kh_num a, int places, num_round_mode mode, kh_num *out)
{
    qview va;
    mpq_srcptr q = view(&va, a);
    mpz_srcptr den = mpq_denref(q);
    bool neg = mpq_sgn(q) < 0;
    mpz_t scale, quot, rem;
    mpz_inits(scale, quot, rem, NULL);
    mpz_ui_pow_ui(scale, 10, (unsigned long)places);
    mpz_abs(quot, mpq_numref(q));
    mpz_mul(quot, quot, scale);
    mpz_tdiv_qr(quot, rem, quot, den);
    bool away = false;
    if (mpz_sgn(rem) != 0) {
        mpz_mul_2exp(rem, rem, 1);
        int half = mpz_cmp(rem, den); /* 2r against den */
        switch (mode) {
        case ROUND_HALF_UP:   away = half >= 0; break;
        case ROUND_HALF_EVEN: away = half > 0 || (half == 0 && mpz_odd_p(quot)); break;
        case ROUND_TRUNC:     away = false; break;
        case ROUND_FLOOR:     away = neg; break;
        case ROUND_CEIL:      away = !neg; break;
        }
    }
    if (away) mpz_add_ui(quot, quot, 1);
    if (neg) mpz_neg(quot, quot);
    mpq_t r;
    mpq_init(r);
    mpq_set_num(r, quot);
    mpq_set_den(r, scale);
    mpq_canonicalize(r);
    num_status st = store_q(A, r, out);
    mpq_clear(r);
    mpz_clears(scale, quot, rem, NULL);
    return st;
}

/* Whether the denominator d is 2^i 5^j; then *places = max(i, j). */
static bool den_terminates(mpz_srcptr d, int *places)
{
    mp_bitcnt_t twos = mpz_scan1(d, 0);
    mpz_t odd, five;
    mpz_init(odd);
    mpz_init_set_ui(five, 5);
    mpz_tdiv_q_2exp(odd, d, twos);
    mp_bitcnt_t fives = mpz_remove(odd, odd, five);
    bool ok = mpz_cmp_ui(odd, 1) == 0;
    if (ok && places) *places = (int)(twos > fives ? twos : fives);
    mpz_clears(odd, five, NULL);
    return ok;
}

bool num_big_terminates(kh_num a, int *places)
{
    qview va;
    return den_terminates(mpq_denref(view(&va, a)), places);
}

num_status num_big_from_decimal(arena *A, const num_decimal *d, kh_num *out)
{
    size_t n = d->j1 - d->j0;
    char *digits = mem_alloc(n + 1);
    for (size_t j = 0; j < n; j++) digits[j] = (char)('0' + num_decimal_digit(d, d->j0 + j));
    digits[n] = '\0';
    mpq_t r;
    mpq_init(r);
    mpz_set_str(mpq_numref(r), digits, 10);
    mem_free(digits);
    if (d->e10 >= 0) {
        mpz_t p;
        mpz_init(p);
        mpz_ui_pow_ui(p, 10, (unsigned long)d->e10);
        mpz_mul(mpq_numref(r), mpq_numref(r), p);
        mpz_clear(p);
    } else {
        mpz_ui_pow_ui(mpq_denref(r), 10, (unsigned long)-d->e10);
        mpq_canonicalize(r);
    }
    if (d->neg) mpq_neg(r, r);
    num_status st = store_q(A, r, out);
    mpq_clear(r);
    return st;
}

/* ---- writing ------------------------------------------------------------------ */

/* Appends z (>= 0) in decimal, zero padded on the left to `width` digits. */
static void put_mpz(buf *b, mpz_srcptr z, size_t width)
{
    size_t room = mpz_sizeinbase(z, 10) + 2; /* may be one more than needed */
    if (room < width + 1) room = width + 1;
    if (b->len + room + 1 > b->cap) buf_grow(b, room + 1);
    char *at = b->data + b->len;
    mpz_get_str(at, 10, z);
    size_t len = strlen(at);
    if (len < width) {
        memmove(at + (width - len), at, len + 1);
        memset(at, '0', width - len);
        len = width;
    }
    b->len += len;
}

static void put_zeros(buf *b, size_t n)
{
    for (size_t i = 0; i < n; i++) buf_putc(b, '0');
}

void num_big_write(buf *b, kh_num a, int min_decimals)
{
    qview va;
    mpq_srcptr q = view(&va, a);
    mpz_srcptr den = mpq_denref(q);
    mpz_t ip, rem, scale;
    mpz_inits(ip, rem, scale, NULL);
    mpz_abs(ip, mpq_numref(q));
    mpz_tdiv_qr(ip, rem, ip, den);
    if (mpq_sgn(q) < 0) buf_putc(b, '-');
    int places = 0;
    if (den_terminates(den, &places)) {
        put_mpz(b, ip, 1);
        if (places > 0 || min_decimals > 0) buf_putc(b, '.');
        if (places > 0) { /* rem * 10^places / den is exact */
            mpz_ui_pow_ui(scale, 10, (unsigned long)places);
            mpz_mul(rem, rem, scale);
            mpz_divexact(rem, rem, den);
            put_mpz(b, rem, (size_t)places);
        }
        if (min_decimals > places) put_zeros(b, (size_t)(min_decimals - places));
    } else { /* NUM_REPEATING_DECIMALS places, half away from zero */
        mpz_ui_pow_ui(scale, 10, NUM_REPEATING_DECIMALS);
        mpz_mul(rem, rem, scale);
        mpz_t r;
        mpz_init(r);
        mpz_tdiv_qr(rem, r, rem, den);
        mpz_mul_2exp(r, r, 1);
        if (mpz_cmp(r, den) >= 0) {
            mpz_add_ui(rem, rem, 1);
            if (mpz_cmp(rem, scale) == 0) {
                mpz_set_ui(rem, 0);
                mpz_add_ui(ip, ip, 1);
            }
        }
        mpz_clear(r);
        put_mpz(b, ip, 1);
        buf_putc(b, '.');
        put_mpz(b, rem, NUM_REPEATING_DECIMALS);
    }
    b->data[b->len] = '\0';
    mpz_clears(ip, rem, scale, NULL);
}

/* ---- running totals --------------------------------------------------------- */

void num_acc_init(num_acc *s)
{
    s->small = num_int(0);
    s->big = NULL;
    s->overflow = false;
}

num_status num_acc_add(num_acc *s, kh_num x)
{
    if (s->overflow) return NUM_OVERFLOW;
    if (!s->big) {
        if (num_add(NULL, s->small, x, &s->small) == NUM_OK) return NUM_OK;
        mpq_ptr q = mem_alloc(sizeof(mpq_t));
        mpq_init(q);
        qview v;
        mpq_set(q, view(&v, s->small));
        s->big = q;
    }
    mpq_ptr q = s->big;
    qview v;
    mpq_add(q, q, view(&v, x));
    if (!within_bound(mpq_numref(q), mpq_denref(q))) {
        num_acc_free(s);
        s->overflow = true;
        return NUM_OVERFLOW;
    }
    return NUM_OK;
}

num_status num_acc_value(const num_acc *s, arena *A, kh_num *out)
{
    if (s->overflow) return NUM_OVERFLOW;
    if (!s->big) {
        *out = s->small;
        return NUM_OK;
    }
    return store_q(A, s->big, out);
}

void num_acc_free(num_acc *s)
{
    if (s->big) {
        mpq_clear(s->big);
        mem_free(s->big);
        s->big = NULL;
    }
}
