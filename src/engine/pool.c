/*
 * pool.c — the job pipeline (pool.h) with POSIX threads.
 */
#include "pool.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>

typedef struct slot {
    void *job;
    int state;            /* 0 waiting, 1 taken by a worker, 2 processed */
} slot;

typedef struct pipeline {
    const pool_ops *ops;
    slot *ring;
    int cap;              /* ring size (in_flight) */
    long head, tail;      /* jobs [head, tail) are in the ring */
    long next_free;       /* the oldest job not yet taken */
    bool closing;
    pthread_mutex_t mu;
    pthread_cond_t work_ready, job_done;
} pipeline;

typedef struct worker_arg {
    pipeline *p;
    int id;
} worker_arg;

static void *worker_main(void *arg)
{
    worker_arg *wa = arg;
    pipeline *p = wa->p;
    pthread_mutex_lock(&p->mu);
    for (;;) {
        while (p->next_free == p->tail && !p->closing) pthread_cond_wait(&p->work_ready, &p->mu);
        if (p->next_free == p->tail && p->closing) break;
        slot *s = &p->ring[p->next_free % p->cap];
        p->next_free++;
        s->state = 1;
        pthread_mutex_unlock(&p->mu);
        p->ops->work(p->ops->ud, s->job, wa->id);
        pthread_mutex_lock(&p->mu);
        s->state = 2;
        pthread_cond_broadcast(&p->job_done);
    }
    pthread_mutex_unlock(&p->mu);
    return NULL;
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
    p.ring = calloc((size_t)in_flight, sizeof *p.ring);
    pthread_t *threads = calloc((size_t)workers, sizeof *threads);
    worker_arg *args = calloc((size_t)workers, sizeof *args);
    if (!p.ring || !threads || !args) abort();
    pthread_mutex_init(&p.mu, NULL);
    pthread_cond_init(&p.work_ready, NULL);
    pthread_cond_init(&p.job_done, NULL);
    int started = 0;
    for (int i = 0; i < workers; i++) {
        args[i] = (worker_arg){&p, i};
        if (pthread_create(&threads[i], NULL, worker_main, &args[i]) != 0) break;
        started++;
    }
    if (started == 0) {
        run_inline(ops);
    } else {
        bool more = true;
        pthread_mutex_lock(&p.mu);
        for (;;) {
            /* make jobs while there is room */
            while (more && p.tail - p.head < p.cap) {
                pthread_mutex_unlock(&p.mu);
                void *job = ops->next(ops->ud);
                pthread_mutex_lock(&p.mu);
                if (!job) {
                    more = false;
                    break;
                }
                p.ring[p.tail % p.cap] = (slot){job, 0};
                p.tail++;
                pthread_cond_signal(&p.work_ready);
            }
            if (p.head == p.tail) break;
            /* consume the oldest when it is processed */
            slot *s = &p.ring[p.head % p.cap];
            while (s->state != 2) pthread_cond_wait(&p.job_done, &p.mu);
            void *job = s->job;
            p.head++;
            pthread_mutex_unlock(&p.mu);
            ops->done(ops->ud, job);
            pthread_mutex_lock(&p.mu);
        }
        p.closing = true;
        pthread_cond_broadcast(&p.work_ready);
        pthread_mutex_unlock(&p.mu);
        for (int i = 0; i < started; i++) pthread_join(threads[i], NULL);
    }
    pthread_cond_destroy(&p.work_ready);
    pthread_cond_destroy(&p.job_done);
    pthread_mutex_destroy(&p.mu);
    free(args);
    free(threads);
    free(p.ring);
}
