/* The process's resident memory, for the benchmark and the load test. */
#ifndef EXTAPI_RESIDENT_MEMORY_H
#define EXTAPI_RESIDENT_MEMORY_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Resident set size now, in kB (VmRSS of /proc/self/status); -1 when unknown. */
static inline long resident_kb(void) {
    char line[256];
    long kb = -1;
    FILE *f = fopen("/proc/self/status", "r");
    if (!f) return -1;
    while (fgets(line, sizeof line, f))
        if (strncmp(line, "VmRSS:", 6) == 0) kb = strtol(line + 6, NULL, 10);
    fclose(f);
    return kb;
}

#endif
