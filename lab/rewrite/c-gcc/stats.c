#include <math.h>
#include "stats.h"

double mean(const double *xs, size_t n) {
    double s = 0;
    for (size_t i = 0; i < n; i++) s += xs[i];
    return n ? s / n : 0;
}

double stddev(const double *xs, size_t n) {
    double m = mean(xs, n), s = 0;
    for (size_t i = 0; i < n; i++) s += (xs[i] - m) * (xs[i] - m);
    return n ? sqrt(s / n) : 0;
}
