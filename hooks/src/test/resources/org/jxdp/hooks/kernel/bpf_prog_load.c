/*
 * Loads one already linked XDP program into the kernel with BPF_PROG_LOAD and prints the
 * verifier's verdict, so that jxdp's verifier and the kernel's judge exactly the same
 * instructions. libbpf 1.x no longer reads the legacy "maps" section most sample objects use,
 * so bpftool cannot load those; jxdp links them and this program loads the result.
 *
 * usage: bpf_prog_load [--unprivileged] DESCRIPTION
 *
 * DESCRIPTION, one item per line:
 *   license GPL                  (the rest of the line; empty for none)
 *   map ID TYPE KEY_SIZE VALUE_SIZE MAX_ENTRIES FLAGS [inner TYPE KEY_SIZE VALUE_SIZE MAX_ENTRIES FLAGS]
 *   prog NAME COUNT
 *   COUNT lines of one instruction each, the 64-bit slot in hex
 * Map ids are jxdp's runtime ids, 0, 1, 2... in order; LDDW instructions of map pointers and
 * map values name them and are given the kernel's file descriptors instead.
 *
 * --unprivileged keeps only CAP_BPF and CAP_NET_ADMIN, so the kernel verifies as for a loader
 * without CAP_PERFMON (no pointer leaks, no reads of uninitialised stack, Spectre hardening).
 *
 * Output: "verdict: accepted" or "verdict: refused ERRNO-TEXT", then the verifier's log.
 * Exit status 0 accepted, 1 refused, 2 bad usage, 3 the maps could not be created.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/bpf.h>
#include <linux/capability.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#define MAX_MAPS 4096
#define CAP_NET_ADMIN_BIT 12
#define CAP_BPF_BIT 39
/* log_level bits (the kernel's BPF_LOG_LEVEL1 and BPF_LOG_STATS) */
#define LOG_VERBOSE 1
#define LOG_STATS 4

static long sys_bpf(int cmd, union bpf_attr *attr)
{
    return syscall(__NR_bpf, cmd, attr, sizeof(*attr));
}

static int drop_privileges(void)
{
    struct __user_cap_header_struct hdr = {_LINUX_CAPABILITY_VERSION_3, 0};
    struct __user_cap_data_struct data[2];
    if (syscall(SYS_capget, &hdr, data))
        return -1;
    data[0].effective = 1u << CAP_NET_ADMIN_BIT;
    data[1].effective = 1u << (CAP_BPF_BIT - 32);
    return syscall(SYS_capset, &hdr, data) ? -1 : 0;
}

static int create_map(unsigned type, unsigned key, unsigned value, unsigned max, unsigned flags, int inner)
{
    union bpf_attr a;
    memset(&a, 0, sizeof(a));
    a.map_type = type;
    a.key_size = key;
    a.value_size = value;
    a.max_entries = max;
    a.map_flags = flags;
    if (inner >= 0)
        a.inner_map_fd = inner;
    return sys_bpf(BPF_MAP_CREATE, &a);
}

int main(int argc, char **argv)
{
    int unprivileged = argc == 3 && strcmp(argv[1], "--unprivileged") == 0;
    if (argc != 2 && !unprivileged) {
        fprintf(stderr, "usage: %s [--unprivileged] DESCRIPTION\n", argv[0]);
        return 2;
    }
    FILE *in = fopen(argv[argc - 1], "r");
    if (!in) {
        perror(argv[argc - 1]);
        return 2;
    }
    if (unprivileged && drop_privileges()) {
        perror("capset");
        return 2;
    }
    static char line[1 << 12];
    static int fds[MAX_MAPS];
    char license[128] = "";
    char name[BPF_OBJ_NAME_LEN] = "";
    struct bpf_insn *insns = NULL;
    int nmaps = 0, count = 0;
    while (fgets(line, sizeof(line), in)) {
        if (strncmp(line, "license ", 8) == 0) {
            snprintf(license, sizeof(license), "%.127s", line + 8);
            license[strcspn(license, "\n")] = 0;
        } else if (strncmp(line, "map ", 4) == 0) {
            int id;
            unsigned t, k, v, m, f, it, ik, iv, im, iff;
            int n = sscanf(line + 4, "%d %u %u %u %u %u inner %u %u %u %u %u", &id, &t, &k, &v, &m, &f, &it, &ik, &iv,
                           &im, &iff);
            int inner = -1;
            if (n == 11 && (inner = create_map(it, ik, iv, im, iff, -1)) < 0) {
                printf("error: inner map of map %d: %s\n", id, strerror(errno));
                return 3;
            }
            if (id != nmaps || nmaps == MAX_MAPS) {
                printf("error: map %d out of order\n", id);
                return 3;
            }
            fds[nmaps] = create_map(t, k, v, m, f, inner);
            if (fds[nmaps] < 0) {
                printf("error: map %d (type %u, key %u, value %u, max_entries %u, flags 0x%x): %s\n", id, t, k, v, m,
                       f, strerror(errno));
                return 3;
            }
            nmaps++;
        } else if (strncmp(line, "prog ", 5) == 0) {
            if (sscanf(line + 5, "%15s %d", name, &count) != 2 || count <= 0) {
                printf("error: bad prog line\n");
                return 2;
            }
            insns = calloc(count, sizeof(*insns));
            for (int i = 0; i < count; i++) {
                unsigned long long slot;
                if (fscanf(in, "%llx", &slot) != 1) {
                    printf("error: the program has fewer than %d instructions\n", count);
                    return 2;
                }
                memcpy(&insns[i], &slot, sizeof(slot));
            }
        }
    }
    if (!insns) {
        printf("error: no program\n");
        return 2;
    }
    for (int i = 0; i < count; i++) {
        struct bpf_insn *x = &insns[i];
        if (x->code != (BPF_LD | BPF_IMM | BPF_DW))
            continue;
        if (x->src_reg == BPF_PSEUDO_MAP_FD || x->src_reg == BPF_PSEUDO_MAP_VALUE) {
            if (x->imm < 0 || x->imm >= nmaps) {
                printf("error: insn %d names map %d\n", i, x->imm);
                return 2;
            }
            x->imm = fds[x->imm];
        }
        i++;
    }
    static char log[64 << 20];
    /* A log of the statistics first: a verbose log can overflow and fail a good program. */
    for (int level = LOG_STATS;; level = LOG_VERBOSE | LOG_STATS) {
        union bpf_attr a;
        memset(&a, 0, sizeof(a));
        a.prog_type = BPF_PROG_TYPE_XDP;
        a.insns = (uint64_t)(uintptr_t)insns;
        a.insn_cnt = count;
        a.license = (uint64_t)(uintptr_t)license;
        a.log_level = level;
        a.log_buf = (uint64_t)(uintptr_t)log;
        a.log_size = level == LOG_STATS ? 1 << 16 : sizeof(log);
        memcpy(a.prog_name, name, sizeof(a.prog_name) - 1);
        log[0] = 0;
        int fd = sys_bpf(BPF_PROG_LOAD, &a);
        int err = errno;
        if (fd >= 0) {
            printf("verdict: accepted\n%s", log);
            return 0;
        }
        if (level != LOG_STATS) {
            printf("verdict: refused %s\n%s", strerror(err), log);
            return 1;
        }
    }
}
