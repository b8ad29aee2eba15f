/* A maximum clique with cliquer, behind a plain C function: cliquer's headers define static
 * C functions that do not compile as C++ (an identifier `new`, void* conversions), so
 * src/cc/fooling.cpp calls this instead. */

#include "max_clique.h"

#include <cliquer/cliquer.h>

int ccsim_max_clique(int n, const unsigned char* adjacent, int* members) {
    graph_t* g = graph_new(n);
    for (int i = 0; i < n; ++i)
        for (int j = 0; j < i; ++j)
            if (adjacent[i * n + j] != 0) GRAPH_ADD_EDGE(g, i, j);
    clique_options options;
    memset(&options, 0, sizeof options);
    options.reorder_function = reorder_by_greedy_coloring;
    options.time_function = NULL; /* no progress output */
    set_t clique = clique_unweighted_find_single(g, 0, 0, FALSE, &options);
    int size = 0;
    if (clique != NULL) {
        for (setelement i = 0; i < (setelement)n; ++i)
            if (SET_CONTAINS(clique, i)) members[size++] = (int)i;
        set_free(clique);
    }
    graph_free(g);
    return size;
}
