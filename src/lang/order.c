/*
 * order.c — definitions in dependency order, before they are typed.
 *
 * The type checker works a definition out after every definition it names,
 * so that typing one never follows a chain of definitions down (which made
 * the checker's verdict depend on the order they were declared in, and its
 * depth on the length of the chain).  The names are read from the syntax
 * alone, before scopes are known: a name that an `over` turns into a field
 * of the list's entries may count as a definition here too, which at worst
 * types a definition earlier than needed.  Definitions that name each other
 * in a circle come out together, the first one reached first, so that the
 * typing that follows meets the cycle where it always did and reports it.
 */
#include "check_internal.h"
#include "vec.h"

#include <string.h>

typedef struct edges {
    int *to;     /* definition indices, in the order named */
    int n, cap;
} edges;

static void edge_add(arena *A, edges *e, int to)
{
    VEC_RESERVE_IN(A, e->to, e->n, e->n + 1, e->cap);
    e->to[e->n++] = to;
}

/* The definitions an expression names, in about the order typing meets
 * them.  Deeper than the type checker follows, nothing is collected (it
 * reports that expression). */
static void collect_names(arena *A, const program *p, const ast *e, edges *out, int level)
{
    if (!e || level > CHECK_MAX_DEPTH) return;
    if (e->kind == AST_NAME) {
        symbol *s = program_lookup(p, e->str);
        if (s && s->kind == SYM_DEF) edge_add(A, out, s->index);
        return;
    }
    if (e->kind == AST_COMPR) { /* the source is typed first */
        collect_names(A, p, e->b, out, level + 1);
        collect_names(A, p, e->a, out, level + 1);
        collect_names(A, p, e->c, out, level + 1);
        return;
    }
    collect_names(A, p, e->a, out, level + 1);
    collect_names(A, p, e->b, out, level + 1);
    collect_names(A, p, e->c, out, level + 1);
    for (int i = 0; i < e->list.n; i++) collect_names(A, p, e->list.v[i], out, level + 1);
}

/* Tarjan's strongly connected components, without recursion: a component
 * is complete only after every one it reaches, which is the order wanted. */
typedef struct frame {
    int v;       /* the definition */
    int next;    /* its next edge to follow */
} frame;

symbol **order_definitions(arena *A, const program *p)
{
    int n = p->ndefs;
    symbol **order = arena_alloc(A, (size_t)(n + 1) * sizeof *order);
    edges *out = arena_zalloc(A, (size_t)(n + 1) * sizeof *out);
    int *index = arena_alloc(A, (size_t)(n + 1) * sizeof *index);
    int *low = arena_alloc(A, (size_t)(n + 1) * sizeof *low);
    bool *on_stack = arena_zalloc(A, (size_t)(n + 1) * sizeof *on_stack);
    int *stack = arena_alloc(A, (size_t)(n + 1) * sizeof *stack);
    frame *calls = arena_alloc(A, (size_t)(n + 1) * sizeof *calls);
    for (int v = 0; v < n; v++) {
        collect_names(A, p, p->defs[v]->decl->a, &out[v], 0);
        index[v] = -1;
    }
    int next_index = 0, nstack = 0, ncalls = 0, norder = 0;
    for (int root = 0; root < n; root++) {
        if (index[root] >= 0) continue;
        calls[ncalls++] = (frame){root, 0};
        index[root] = low[root] = next_index++;
        stack[nstack++] = root;
        on_stack[root] = true;
        while (ncalls) {
            frame *f = &calls[ncalls - 1];
            int v = f->v;
            if (f->next < out[v].n) {
                int w = out[v].to[f->next++];
                if (index[w] < 0) {
                    index[w] = low[w] = next_index++;
                    stack[nstack++] = w;
                    on_stack[w] = true;
                    calls[ncalls++] = (frame){w, 0};
                } else if (on_stack[w] && index[w] < low[v]) {
                    low[v] = index[w];
                }
                continue;
            }
            ncalls--;
            if (ncalls && low[v] < low[calls[ncalls - 1].v]) low[calls[ncalls - 1].v] = low[v];
            if (low[v] != index[v]) continue;
            /* v roots a component: its members are v and those above it on
             * the stack, in the order they were reached */
            int first = nstack - 1;
            while (stack[first] != v) first--;
            for (int k = first; k < nstack; k++) {
                order[norder++] = p->defs[stack[k]];
                on_stack[stack[k]] = false;
            }
            nstack = first;
        }
    }
    return order;
}
