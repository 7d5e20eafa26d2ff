/*
 * runbench.c — run a command N times; print the median wall time and the
 * peak resident memory (ru_maxrss of the child) in one line.
 *
 *   runbench LABEL N CMD [ARGS...]      (stdout of CMD goes to /dev/null)
 */
#include "config.h"
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

int
main(int argc, char **argv)
{
	int n, i;
	double *ms;
	long peak_kb = 0;

	if (argc < 4 || (n = atoi(argv[2])) < 1) {
		fprintf(stderr, "usage: runbench LABEL N CMD [ARGS...]\n");
		return 2;
	}
	ms = calloc((size_t)n, sizeof *ms);
	if (ms == NULL)
		return 1;
	for (i = 0; i < n; i++) {
		struct timespec t0, t1;
		struct rusage ru;
		int st;
		pid_t pid;

		clock_gettime(CLOCK_MONOTONIC, &t0);
		pid = fork();
		if (pid == 0) {
			int fd = open("/dev/null", O_WRONLY);
			if (fd >= 0) {
				dup2(fd, 1);
				close(fd);
			}
			execvp(argv[3], argv + 3);
			_exit(127);
		}
		if (pid < 0 || wait4(pid, &st, 0, &ru) < 0) {
			perror("runbench");
			return 1;
		}
		clock_gettime(CLOCK_MONOTONIC, &t1);
		if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) {
			fprintf(stderr, "runbench: %s failed (status %d)\n", argv[3], st);
			return 1;
		}
		ms[i] = (double)(t1.tv_sec - t0.tv_sec) * 1e3
			+ (double)(t1.tv_nsec - t0.tv_nsec) / 1e6;
		if (ru.ru_maxrss > peak_kb)
			peak_kb = ru.ru_maxrss;
	}
	qsort(ms, (size_t)n, sizeof *ms, cmp_double);
	printf("%-44s median %7.2f ms  (min %.2f, max %.2f, %d runs)  peak RSS %.1f MB\n",
		argv[1], n % 2 ? ms[n / 2] : (ms[n / 2 - 1] + ms[n / 2]) / 2,
		ms[0], ms[n - 1], n, (double)peak_kb / 1024.0);
	free(ms);
	return 0;
}
