/* myapp: mean and standard deviation of its arguments (or of a built-in sample). */
#include <stdio.h>
#include <stdlib.h>
#include "stats.h"

int main(int argc, char **argv) {
    double sample[] = {2, 4, 4, 4, 5, 5, 7, 9};
    double *xs = sample;
    size_t n = sizeof sample / sizeof sample[0];
    if (argc > 1) {
        n = (size_t)(argc - 1);
        xs = malloc(n * sizeof *xs);
        if (!xs) return 1;
        for (size_t i = 0; i < n; i++) xs[i] = strtod(argv[i + 1], NULL);
    }
    printf("Hello from C! n=%zu mean=%.3f stddev=%.3f\n", n, mean(xs, n), stddev(xs, n));
    if (xs != sample) free(xs);
    return 0;
}
