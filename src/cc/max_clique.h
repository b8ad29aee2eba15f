/* A maximum clique of an undirected graph on n vertices (adjacent: n × n, row-major, read
 * below the diagonal): its members written to `members` (room for n), their count returned.
 * Not thread-safe (cliquer keeps global state during a search). */
#ifndef CCSIM_CC_MAX_CLIQUE_H
#define CCSIM_CC_MAX_CLIQUE_H

#ifdef __cplusplus
extern "C" {
#endif

int ccsim_max_clique(int n, const unsigned char* adjacent, int* members);

#ifdef __cplusplus
}
#endif

#endif
