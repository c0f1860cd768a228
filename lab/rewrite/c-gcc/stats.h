#ifndef STATS_H
#define STATS_H
#include <stddef.h>

double mean(const double *xs, size_t n);
double stddev(const double *xs, size_t n);

#endif
