/*
 * pool.c — the job pipeline (pool.h) with POSIX threads.
 */
#include "pool.h"
#include "mem.h"

#include <pthread.h>
#include <setjmp.h>
#include <stdbool.h>
#include <stdlib.h>

typedef enum job_state {
    JOB_WAITING = 0, /* (zeroed memory) */
    JOB_TAKEN,       /* by a worker */
    JOB_DONE,        /* processed */
} job_state;

typedef struct slot {
    void *job;
    job_state state;
} slot;

typedef struct pipeline {
    const pool_ops *ops;
    slot *ring;
    int cap;              /* ring size (in_flight) */
    long head, tail;      /* jobs [head, tail) are in the ring */
    long next_free;       /* the oldest job not yet taken */
    bool closing;
    bool failed;          /* an allocation failed (mem.h): stop, then unwind */
    mem_scope *host;      /* the call's memory scope, or NULL */
    pthread_mutex_t mu;
    pthread_cond_t work_ready, job_done;
} pipeline;

typedef struct worker_arg {
    pipeline *p;
    int id;
} worker_arg;

/* Takes and processes jobs until the pipeline closes. */
static void worker_loop(pipeline *p, int id)
{
    pthread_mutex_lock(&p->mu);
    for (;;) {
        while (p->next_free == p->tail && !p->closing) pthread_cond_wait(&p->work_ready, &p->mu);
        if ((p->next_free == p->tail && p->closing) || p->failed) break;
        slot *s = &p->ring[p->next_free % p->cap];
        p->next_free++;
        s->state = JOB_TAKEN;
        pthread_mutex_unlock(&p->mu);
        p->ops->work(p->ops->ud, s->job, id);
        pthread_mutex_lock(&p->mu);
        s->state = JOB_DONE;
        pthread_cond_broadcast(&p->job_done);
    }
    pthread_mutex_unlock(&p->mu);
}

/* Out of memory on this thread: the pipeline stops (mem.h's unwinding
 * happens on the calling thread once every worker is joined). */
static void pipeline_failed(pipeline *p)
{
    pthread_mutex_lock(&p->mu);
    p->failed = p->closing = true;
    pthread_cond_broadcast(&p->work_ready);
    pthread_cond_broadcast(&p->job_done);
    pthread_mutex_unlock(&p->mu);
}

static void *worker_main(void *arg)
{
    worker_arg *wa = arg;
    pipeline *p = wa->p;
    if (!p->host) {
        worker_loop(p, wa->id);
        return NULL;
    }
    mem_scope ws;
    mem_open_worker(&ws, p->host);
    if (setjmp(ws.jb)) {
        mem_close_worker(&ws);
        pipeline_failed(p);
        return NULL;
    }
    worker_loop(p, wa->id);
    mem_close_worker(&ws);
    return NULL;
}

/* The calling thread: makes jobs while there is room, and consumes the
 * oldest once it is processed, until the jobs run out (or a thread failed);
 * while the oldest is not processed yet, it processes one waiting job
 * itself (as worker 0), so that `workers` threads in all are busy. */
static void feed_and_drain(pipeline *pp)
{
    pipeline *const p = pp;
    const pool_ops *ops = p->ops;
    bool more = true;
    pthread_mutex_lock(&p->mu);
    for (;;) {
        while (more && !p->failed && p->tail - p->head < p->cap) {
            pthread_mutex_unlock(&p->mu);
            void *job = ops->next(ops->ud);
            pthread_mutex_lock(&p->mu);
            if (!job) {
                more = false;
                break;
            }
            p->ring[p->tail % p->cap] = (slot){job, 0};
            p->tail++;
            pthread_cond_signal(&p->work_ready);
        }
        if (p->failed || p->head == p->tail) break;
        slot *s = &p->ring[p->head % p->cap];
        while (s->state != JOB_DONE && !p->failed) {
            if (p->next_free == p->tail) {
                pthread_cond_wait(&p->job_done, &p->mu);
                continue;
            }
            /* rather than wait, process a job here, as worker 0 */
            slot *w = &p->ring[p->next_free % p->cap];
            p->next_free++;
            w->state = JOB_TAKEN;
            pthread_mutex_unlock(&p->mu);
            ops->work(ops->ud, w->job, 0);
            pthread_mutex_lock(&p->mu);
            w->state = JOB_DONE;
        }
        if (p->failed) break;
        void *job = s->job;
        p->head++;
        pthread_mutex_unlock(&p->mu);
        ops->done(ops->ud, job);
        pthread_mutex_lock(&p->mu);
    }
    pthread_mutex_unlock(&p->mu);
}

static void run_inline(const pool_ops *ops)
{
    void *job;
    while ((job = ops->next(ops->ud)) != NULL) {
        ops->work(ops->ud, job, 0);
        ops->done(ops->ud, job);
    }
}

void pool_run(int workers, int in_flight, const pool_ops *ops)
{
    if (workers <= 1) {
        run_inline(ops);
        return;
    }
    if (in_flight < workers) in_flight = workers * 2;
    pipeline p = {.ops = ops, .cap = in_flight};
    p.ring = mem_calloc((size_t)in_flight, sizeof *p.ring);
    pthread_t *threads = mem_calloc((size_t)workers, sizeof *threads);
    worker_arg *args = mem_calloc((size_t)workers, sizeof *args);
    pthread_mutex_init(&p.mu, NULL);
    pthread_cond_init(&p.work_ready, NULL);
    pthread_cond_init(&p.job_done, NULL);
    p.host = mem_current();
    if (p.host) mem_share(p.host, true);
    int started = 0;
    /* the calling thread is worker 0, between making and consuming jobs */
    for (int i = 1; i < workers; i++) {
        args[i] = (worker_arg){&p, i};
        if (pthread_create(&threads[started], NULL, worker_main, &args[i]) != 0) break;
        started++;
    }
    if (started == 0) {
        if (p.host) mem_share(p.host, false);
        run_inline(ops);
    } else {
        if (!p.host) {
            feed_and_drain(&p);
        } else {
            /* this thread's allocations fail like a worker's: the workers are
             * joined before the call unwinds */
            mem_scope ms;
            mem_open_worker(&ms, p.host);
            if (setjmp(ms.jb)) {
                mem_close_worker(&ms);
                pipeline_failed(&p);
            } else {
                feed_and_drain(&p);
                mem_close_worker(&ms);
            }
        }
        pthread_mutex_lock(&p.mu);
        p.closing = true;
        pthread_cond_broadcast(&p.work_ready);
        pthread_mutex_unlock(&p.mu);
        for (int i = 0; i < started; i++) pthread_join(threads[i], NULL);
        if (p.host) mem_share(p.host, false);
    }
    pthread_cond_destroy(&p.work_ready);
    pthread_cond_destroy(&p.job_done);
    pthread_mutex_destroy(&p.mu);
    mem_free(args);
    mem_free(threads);
    mem_free(p.ring);
    if (p.failed) mem_fail(); /* the call unwinds (its blocks, the jobs' too) */
}
