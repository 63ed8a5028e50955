/*
 * pool.h — a pipeline of jobs over worker threads, in order.
 *
 * The calling thread makes jobs one after another; workers process them in
 * any order (the calling thread is one of them, worker 0, between making
 * and consuming jobs); the calling thread then consumes them in the order
 * they were made.  With no other worker every job is processed on the
 * calling thread, so the same code runs single-threaded and results cannot
 * depend on the number of threads.
 */
#ifndef KH_POOL_H
#define KH_POOL_H

typedef struct pool_ops {
    void *ud;
    void *(*next)(void *ud);                    /* the next job, or NULL at the end (calling thread) */
    void (*work)(void *ud, void *job, int worker); /* process one job (a worker, 0..workers-1) */
    void (*done)(void *ud, void *job);           /* consume a processed job, in order (calling thread) */
} pool_ops;

/* Runs the pipeline with `workers` threads, the calling one among them (0
 * or 1: all inline), and at most `in_flight` jobs between made and
 * consumed. */
void pool_run(int workers, int in_flight, const pool_ops *ops);

#endif
