/*
 * The C side of dev.ebpf4j.bench.loader.LoaderBenchmark: the same bpf(2) calls the Java loader makes, made
 * the way a C program using libbpf's low-level wrappers makes them (a zeroed union bpf_attr on the stack,
 * filled, one syscall), so that JMH can time both in one run and report the ratio.
 *
 * At start it creates the ARRAY map (4-byte keys, 8-byte values, 256 entries) and loads the seed's socket
 * packet counter (the kernel's samples/bpf/sock_example.c) referring to it, then prints
 *   ready <the program's bytes in hex, with map fd 0>
 * and serves requests on stdin, one per line: "<op> <n>", where op is lookup, update, testrun or load; it
 * performs the operation n times and answers "<wall-clock ns> <thread CPU ns>" for all n together (0 0 on
 * the first failure, with the error on stderr). CPU time (user and system) leaves out the time the process
 * waited for a CPU, which on a loaded machine can be most of the wall time.
 */
#include <errno.h>
#include <linux/bpf.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static long sys_bpf(int cmd, union bpf_attr *attr, unsigned int size)
{
	return syscall(__NR_bpf, cmd, attr, size);
}

static int map_fd;
static int prog_fd;
static struct bpf_insn prog[13];
static unsigned char packet[64];
static unsigned char packet_out[64 + 256];

static void build_program(int fd)
{
	struct bpf_insn p[13] = {
		{ .code = BPF_ALU64 | BPF_MOV | BPF_X, .dst_reg = 6, .src_reg = 1 },      /* r6 = r1 */
		{ .code = BPF_LD | BPF_ABS | BPF_B, .imm = 14 + 9 },                      /* r0 = skb[23] */
		{ .code = BPF_STX | BPF_MEM | BPF_W, .dst_reg = 10, .src_reg = 0, .off = -4 },
		{ .code = BPF_ALU64 | BPF_MOV | BPF_X, .dst_reg = 2, .src_reg = 10 },
		{ .code = BPF_ALU64 | BPF_ADD | BPF_K, .dst_reg = 2, .imm = -4 },
		{ .code = BPF_LD | BPF_DW | BPF_IMM, .dst_reg = 1, .src_reg = BPF_PSEUDO_MAP_FD, .imm = fd },
		{ 0 },
		{ .code = BPF_JMP | BPF_CALL, .imm = BPF_FUNC_map_lookup_elem },
		{ .code = BPF_JMP | BPF_JEQ | BPF_K, .dst_reg = 0, .off = 2, .imm = 0 },
		{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = 1, .imm = 1 },
		{ .code = BPF_STX | BPF_ATOMIC | BPF_DW, .dst_reg = 0, .src_reg = 1, .imm = BPF_ADD },
		{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = 0, .imm = 0 },
		{ .code = BPF_JMP | BPF_EXIT },
	};
	memcpy(prog, p, sizeof(p));
}

static int map_create(void)
{
	union bpf_attr a;
	memset(&a, 0, sizeof(a));
	a.map_type = BPF_MAP_TYPE_ARRAY;
	a.key_size = 4;
	a.value_size = 8;
	a.max_entries = 256;
	strcpy(a.map_name, "counts");
	return sys_bpf(BPF_MAP_CREATE, &a, sizeof(a));
}

static int prog_load(void)
{
	union bpf_attr a;
	memset(&a, 0, sizeof(a));
	a.prog_type = BPF_PROG_TYPE_SOCKET_FILTER;
	a.insn_cnt = 13;
	a.insns = (uint64_t)(uintptr_t)prog;
	a.license = (uint64_t)(uintptr_t)"GPL";
	strcpy(a.prog_name, "sock_counter");
	return sys_bpf(BPF_PROG_LOAD, &a, sizeof(a));
}

static int lookup(uint32_t key, uint64_t *value)
{
	union bpf_attr a;
	memset(&a, 0, sizeof(a));
	a.map_fd = map_fd;
	a.key = (uint64_t)(uintptr_t)&key;
	a.value = (uint64_t)(uintptr_t)value;
	return sys_bpf(BPF_MAP_LOOKUP_ELEM, &a, sizeof(a));
}

static int update(uint32_t key, uint64_t value)
{
	union bpf_attr a;
	memset(&a, 0, sizeof(a));
	a.map_fd = map_fd;
	a.key = (uint64_t)(uintptr_t)&key;
	a.value = (uint64_t)(uintptr_t)&value;
	a.flags = BPF_ANY;
	return sys_bpf(BPF_MAP_UPDATE_ELEM, &a, sizeof(a));
}

static int test_run(uint32_t *retval)
{
	union bpf_attr a;
	memset(&a, 0, sizeof(a));
	a.test.prog_fd = prog_fd;
	a.test.data_in = (uint64_t)(uintptr_t)packet;
	a.test.data_size_in = sizeof(packet);
	a.test.data_out = (uint64_t)(uintptr_t)packet_out;
	a.test.data_size_out = sizeof(packet_out);
	a.test.repeat = 1;
	int r = sys_bpf(BPF_PROG_TEST_RUN, &a, sizeof(a));
	*retval = a.test.retval;
	return r;
}

static int64_t now_ns(clockid_t clock)
{
	struct timespec t;
	clock_gettime(clock, &t);
	return (int64_t)t.tv_sec * 1000000000 + t.tv_nsec;
}

static int64_t cpu_spent;

/* Returns the wall-clock nanoseconds for n operations (0 on failure); leaves the CPU time in cpu_spent. */
static int64_t serve(const char *op, long n)
{
	uint64_t v = 0;
	uint32_t ret;
	int64_t cpu = now_ns(CLOCK_THREAD_CPUTIME_ID);
	int64_t start = now_ns(CLOCK_MONOTONIC);
	for (long i = 0; i < n; i++) {
		int r;
		if (!strcmp(op, "lookup"))
			r = lookup(5, &v);
		else if (!strcmp(op, "update"))
			r = update(5, (uint64_t)i);
		else if (!strcmp(op, "testrun"))
			r = test_run(&ret);
		else if (!strcmp(op, "load")) {
			r = prog_load();
			if (r >= 0)
				close(r);
		} else {
			fprintf(stderr, "bpf_bench: unknown op '%s'\n", op);
			return 0;
		}
		if (r < 0) {
			fprintf(stderr, "bpf_bench: %s failed: %s\n", op, strerror(errno));
			return 0;
		}
	}
	int64_t wall = now_ns(CLOCK_MONOTONIC) - start;
	cpu_spent = now_ns(CLOCK_THREAD_CPUTIME_ID) - cpu;
	return wall;
}

int main(void)
{
	map_fd = map_create();
	if (map_fd < 0) {
		fprintf(stderr, "bpf_bench: BPF_MAP_CREATE failed: %s\n", strerror(errno));
		return 1;
	}
	build_program(0);
	printf("ready ");
	for (size_t i = 0; i < sizeof(prog); i++)
		printf("%02x", ((unsigned char *)prog)[i]);
	printf("\n");
	build_program(map_fd);
	prog_fd = prog_load();
	if (prog_fd < 0) {
		fprintf(stderr, "bpf_bench: BPF_PROG_LOAD failed: %s\n", strerror(errno));
		return 1;
	}
	packet[12] = 0x08; /* IPv4 */
	packet[14] = 0x45;
	packet[14 + 9] = 17;
	fflush(stdout);

	char op[32];
	long n;
	while (scanf("%31s %ld", op, &n) == 2) {
		int64_t wall = serve(op, n);
		printf("%lld %lld\n", (long long)wall, (long long)(wall ? cpu_spent : 0));
		fflush(stdout);
	}
	return 0;
}
