/*
 * How fast this machine can walk a classic pcap file in C, the yardstick for jxdp's reader
 * ("reading alone"): follows the records' lengths from the file header to the end, touching
 * each record header (seconds and captured length), three ways:
 *   mmap      a plain mapping of the file (page faults as the walk goes), mapping included
 *   populate  MAP_POPULATE (the kernel maps every page first), then the walk alone
 *   memory    the file read into a buffer first, then the walk alone
 * Build and run (the file should be in the page cache: run it twice):
 *   cc -O2 -o /tmp/pcap_walk bench/src/main/c/pcap_walk.c && taskset -c 0 /tmp/pcap_walk /tmp/mix.pcap
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

/*
 * Records from offset 24 on: 16-byte header (sec, frac, caplen, len), then caplen bytes. With
 * ahead > 0, also asks for the bytes that far past each header (a hint: it never faults). Inlined
 * with a constant ahead, so the plain walk carries no test for it.
 */
static inline __attribute__((always_inline)) long walk_ahead(const unsigned char *p, size_t size,
                                                             uint64_t *sum, size_t ahead) {
    size_t off = 24;
    long n = 0;
    while (off + 16 <= size) {
        uint32_t sec, cap;
        memcpy(&sec, p + off, 4);
        memcpy(&cap, p + off + 8, 4);
        if (ahead) {
            __builtin_prefetch(p + off + ahead);
        }
        *sum += sec;
        off += 16 + (size_t) cap;
        n++;
    }
    return n;
}

static long walk(const unsigned char *p, size_t size, uint64_t *sum) {
    return walk_ahead(p, size, sum, 0);
}

static long walk_prefetching(const unsigned char *p, size_t size, uint64_t *sum) {
    return walk_ahead(p, size, sum, 4096);
}

int main(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: pcap_walk FILE.pcap\n");
        return 2;
    }
    int fd = open(argv[1], O_RDONLY);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0 || st.st_size < 24) {
        perror(argv[1]);
        return 1;
    }
    size_t size = (size_t) st.st_size;
    uint64_t sum = 0;
    for (int round = 1; round <= 3; round++) {
        double t0 = now();
        unsigned char *m = mmap(NULL, size, PROT_READ, MAP_PRIVATE, fd, 0);
        if (m == MAP_FAILED) {
            perror("mmap");
            return 1;
        }
        long n = walk(m, size, &sum);
        double t1 = now();
        munmap(m, size);
        double t2 = now();
        m = mmap(NULL, size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
        double t3 = now();
        walk(m, size, &sum);
        double t4 = now();
        munmap(m, size);
        printf("round %d: %ld records; mmap %.1f M/s; populate %.3f s then %.1f M/s\n", round, n,
               n / (t1 - t0) / 1e6, t3 - t2, n / (t4 - t3) / 1e6);
    }
    unsigned char *buf = malloc(size);
    size_t got = 0;
    while (buf && got < size) {
        ssize_t k = pread(fd, buf + got, size - got, (off_t) got);
        if (k <= 0) {
            break;
        }
        got += (size_t) k;
    }
    if (buf && got == size) {
        for (int round = 1; round <= 3; round++) {
            double t0 = now();
            long n = walk(buf, size, &sum);
            printf("round %d: memory %.1f M/s\n", round, n / (now() - t0) / 1e6);
        }
        for (int round = 1; round <= 3; round++) {
            double t0 = now();
            long n = walk_prefetching(buf, size, &sum);
            printf("round %d: prefetch %.1f M/s\n", round, n / (now() - t0) / 1e6);
        }
    }
    free(buf);
    return sum == 42 ? 3 : 0;
}
