/*
 * test_cov_pool.c — the pipeline of jobs over worker threads (pool.h): jobs
 * are consumed in the order they were made whatever order the workers finish
 * them in, with or without a memory scope open and with no worker at all;
 * an allocation that fails on a worker, or on the calling thread while it
 * makes jobs, stops the pipeline (no job is consumed after it) and pool_run
 * returns, for the caller to unwind.  The calling thread processes jobs too,
 * as worker 0 and only it: a worker's state is never used by two threads.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <time.h>

#include "mem.h"
#include "pool.h"

#define NJOBS 200

typedef struct job {
    int in;
    long out;
    int worker;
    bool on_caller; /* processed on the thread that called pool_run */
} job;

typedef struct run {
    job jobs[NJOBS];
    int made, consumed;
    int order[NJOBS];
    int workers;
    pthread_t caller;
    bool alloc_in_work, alloc_in_next;
} run;

static void *next_job(void *ud)
{
    run *r = ud;
    if (r->made == NJOBS) return NULL;
    if (r->alloc_in_next) mem_free(mem_alloc(16));
    job *j = &r->jobs[r->made];
    j->in = r->made++;
    return j;
}

static void work_job(void *ud, void *p, int worker)
{
    run *r = ud;
    job *j = p;
    if (r->alloc_in_work) mem_free(mem_alloc(16));
    if (j->in % 7 == 0) nanosleep(&(struct timespec){0, 200000}, NULL); /* finish out of order */
    j->out = (long)j->in * j->in;
    j->worker = worker;
    j->on_caller = pthread_equal(pthread_self(), r->caller);
}

static void consume(void *ud, void *p)
{
    run *r = ud;
    r->order[r->consumed++] = ((job *)p)->in;
}

static void run_pool(run *r, int workers, int in_flight)
{
    pool_ops ops = {r, next_job, work_job, consume};
    r->workers = workers;
    r->caller = pthread_self();
    pool_run(workers, in_flight, &ops);
}

static void expect_all_in_order(const run *r, int workers)
{
    assert_int_equal(r->made, NJOBS);
    assert_int_equal(r->consumed, NJOBS);
    for (int i = 0; i < NJOBS; i++) {
        assert_int_equal(r->order[i], i);
        assert_int_equal(r->jobs[i].out, (long)i * i);
        assert_true(r->jobs[i].worker >= 0 && r->jobs[i].worker < (workers > 1 ? workers : 1));
        assert_int_equal(r->jobs[i].on_caller, r->jobs[i].worker == 0);
    }
}

/* Four workers, no scope open; in_flight below the workers is raised. */
static void test_in_order_without_a_scope(void **state)
{
    (void)state;
    run *r = calloc(1, sizeof *r);
    assert_null(mem_current());
    run_pool(r, 4, 1);
    expect_all_in_order(r, 4);
    free(r);
}

/* One worker or none: every job on the calling thread (worker 0). */
static void test_inline(void **state)
{
    (void)state;
    for (int w = 0; w <= 1; w++) {
        run *r = calloc(1, sizeof *r);
        run_pool(r, w, 8);
        expect_all_in_order(r, 1);
        for (int i = 0; i < NJOBS; i++) assert_int_equal(r->jobs[i].worker, 0);
        free(r);
    }
}

/* An allocator that fails its fail_at-th allocation. */
static atomic_long calls, fail_at;

static void *f_malloc(void *ud, size_t n)
{
    (void)ud;
    if (atomic_fetch_add(&calls, 1) + 1 == atomic_load(&fail_at)) return NULL;
    return malloc(n);
}

static void *f_realloc(void *ud, void *p, size_t n)
{
    (void)ud;
    if (atomic_fetch_add(&calls, 1) + 1 == atomic_load(&fail_at)) return NULL;
    return realloc(p, n);
}

static void f_free(void *ud, void *p)
{
    (void)ud;
    free(p);
}

static const mem_allocator failing = {f_malloc, f_realloc, f_free, NULL};

/* Inside a scope: all in order while allocations succeed; the 50th failing
 * (on a worker, or on the calling thread) stops the pipeline early. */
static void run_in_scope(bool in_work, long fail, run *r)
{
    atomic_store(&calls, 0);
    atomic_store(&fail_at, fail);
    r->alloc_in_work = in_work;
    r->alloc_in_next = !in_work;
    mem_scope sc;
    mem_open(&sc, &failing);
    if (setjmp(sc.jb)) {
        mem_unwind(&sc);
        return;
    }
    run_pool(r, 3, 6);
    mem_close(&sc);
}

static void test_in_a_scope(void **state)
{
    (void)state;
    for (int in_work = 0; in_work <= 1; in_work++) {
        run *r = calloc(1, sizeof *r);
        run_in_scope(in_work, 0, r);
        expect_all_in_order(r, 3);
        free(r);

        r = calloc(1, sizeof *r);
        run_in_scope(in_work, 50, r);
        assert_true(r->consumed < NJOBS);
        for (int i = 0; i < r->consumed; i++) assert_int_equal(r->order[i], i);
        assert_null(mem_current());
        free(r);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_in_order_without_a_scope),
        cmocka_unit_test(test_inline),
        cmocka_unit_test(test_in_a_scope),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
