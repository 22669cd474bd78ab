/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The wire formats between host-runner and guest-bench: the bench spec the
 * host writes into guest memory before the first instruction, and the
 * results block the guest hands back with HVB_H_RESULTS.  Both sides
 * include this header; nothing else defines these layouts.
 *
 * All fields are little-endian (guest-bench runs LE, hosts are ppc64le or,
 * for reports, x86-64) and naturally aligned, so the layout is the same for
 * the freestanding guest, the ppc64le host and the x86-64 tests.
 */
#ifndef HVBENCH_RESULTS_H
#define HVBENCH_RESULTS_H

#include "papr.h"

#define HVB_RESULTS_MAGIC	0x52425648U	/* "HVBR" */
#define HVB_RESULTS_VERSION	3

#define HVB_MAX_BENCHES		8	/* benches in one spec */
#define HVB_MAX_RECORDS		16	/* result records: one per (bench, thread) */
#define HVB_MAX_THREADS		8	/* vcpus of the one vcore (POWER8: SMT8) */
#define HVB_RAW_MAX		1024	/* raw samples a record can keep */

#ifndef __ASSEMBLER__
#include <stdint.h>
#include "hist.h"

/*
 * The benches, one row each: X(enum suffix, id, name, guest function
 * (bench_FN in guest-bench), timed hcall, expected return code, what the
 * record's second histogram holds (0: none), the thread whose record counts
 * early wakes (-1: none), fewest vcore threads it runs with, records it
 * writes (HVB_RECS_PER_THREAD: one per thread of the vcore), HVB_BF_* flags,
 * estimated cost of one iteration in us on the emulated POWER8 host (TCG;
 * hvbench run --dry-run's estimate)).  A bench whose timed call is not an
 * hcall has req 0.  Adding a bench touches this table and the bench's file.
 */
#define HVB_RECS_PER_THREAD	0
#define HVB_BF_ALL	1	/* part of -b all (not: fault, hcall_fuzz) */
#define HVB_BF_TCE	2	/* needs the VMM's in-kernel TCE table */
#define HVB_BF_HPT	4	/* enters HPT entries of its own */
#define HVB_BF_USER	8	/* --mode user: host-runner answers its timed hcall itself */
#define HVB_BF_USER_SMT1 32	/* ... at SMT 1 only: the guest's threads need its hcall (H_PROD) from the kernel */
#define HVB_BF_ALONE	16	/* a guest boot of its own: it changes the whole boot's rm/vm switch (hcall_fuzz) */
/* the benches marked HVB_BF_USER, for messages */
#define HVB_USER_BENCHES "h_enter, h_enter_exact, h_enter_full, h_enter_fill, h_remove, h_read, " \
	"null_rm, null_vm, h_put_tce, h_get_tce, h_stuff_tce, h_put_tce_indirect"

#define HVB_BENCH_LIST(X)							\
	X(H_ENTER,         1, "h_enter",            h_enter,       H_ENTER,            H_SUCCESS,   0,              -1, 1, 1, HVB_BF_ALL | HVB_BF_USER | HVB_BF_HPT,  8) \
	X(H_PUT_TCE,       2, "h_put_tce",          h_put_tce,     H_PUT_TCE,          H_SUCCESS,   0,              -1, 1, 1, HVB_BF_ALL | HVB_BF_USER | HVB_BF_TCE,  6) \
	X(H_REMOVE,        3, "h_remove",           h_remove,      H_REMOVE,           H_SUCCESS,   0,              -1, 1, 1, HVB_BF_ALL | HVB_BF_USER | HVB_BF_HPT,  8) \
	X(H_READ,          4, "h_read",             h_read,        H_READ,             H_SUCCESS,   0,              -1, 1, 1, HVB_BF_ALL | HVB_BF_USER | HVB_BF_HPT,  8) \
	X(H_PROTECT,       5, "h_protect",          h_protect,     H_PROTECT,          H_SUCCESS,   0,              -1, 1, 1, HVB_BF_ALL | HVB_BF_HPT,  8) \
	X(H_BULK_REMOVE,   6, "h_bulk_remove",      h_bulk_remove, H_BULK_REMOVE,      H_SUCCESS,   0,              -1, 1, 1, HVB_BF_ALL | HVB_BF_HPT, 20) \
	X(H_CLEAR_REF,     7, "h_clear_ref",        h_clear_ref,   H_CLEAR_REF,        H_SUCCESS,   0,              -1, 1, 1, HVB_BF_ALL | HVB_BF_HPT,  8) \
	X(H_CLEAR_MOD,     8, "h_clear_mod",        h_clear_mod,   H_CLEAR_MOD,        H_SUCCESS,   0,              -1, 1, 1, HVB_BF_ALL | HVB_BF_HPT,  8) \
	X(NULL_RM,         9, "null_rm",            null_rm,       H_SET_DABR,         H_SUCCESS,   0,              -1, 1, 1, HVB_BF_ALL | HVB_BF_USER,               3) \
	X(NULL_VM,        10, "null_vm",            null_vm,       H_PROD,             H_PARAMETER, 0,              -1, 1, 1, HVB_BF_ALL | HVB_BF_USER | HVB_BF_USER_SMT1,               6) \
	X(H_GET_TCE,      11, "h_get_tce",          h_get_tce,     H_GET_TCE,          H_SUCCESS,   0,              -1, 1, 1, HVB_BF_ALL | HVB_BF_USER | HVB_BF_TCE,  6) \
	X(H_STUFF_TCE,    12, "h_stuff_tce",        h_stuff_tce,   H_STUFF_TCE,        H_SUCCESS,   0,              -1, 1, 1, HVB_BF_ALL | HVB_BF_USER | HVB_BF_TCE,  8) \
	X(H_PUT_TCE_IND,  13, "h_put_tce_indirect", h_put_tce_ind, H_PUT_TCE_INDIRECT, H_SUCCESS,   0,              -1, 1, 1, HVB_BF_ALL | HVB_BF_USER | HVB_BF_TCE, 60) \
	X(H_CEDE,         14, "h_cede",             h_cede,        H_CEDE,             H_SUCCESS,   "wake_latency",  0, 1, 1, HVB_BF_ALL,             600) \
	X(H_CONFER,       15, "h_confer",           h_confer,      H_CONFER,           H_SUCCESS,   0,              -1, 1, 1, HVB_BF_ALL,               6) \
	X(MMIO,           16, "mmio",               mmio,          0,                  0,           0,              -1, 1, 1, HVB_BF_ALL,              20) \
	X(LOOP,           17, "loop",               loop,          0,                  0,           0,              -1, 1, 1, HVB_BF_ALL,               1) \
	X(H_ENTER_FULL,   18, "h_enter_full",       h_enter_full,  H_ENTER,            H_PTEG_FULL, 0,              -1, 1, 1, HVB_BF_ALL | HVB_BF_USER | HVB_BF_HPT,  8) \
	X(H_ENTER_EXACT,  19, "h_enter_exact",      h_enter_exact, H_ENTER,            H_SUCCESS,   0,              -1, 1, 1, HVB_BF_ALL | HVB_BF_USER | HVB_BF_HPT,  8) \
	X(H_ENTER_FILL,   20, "h_enter_fill",       h_enter_fill,  H_ENTER,            H_SUCCESS,   0,              -1, 1, 1, HVB_BF_ALL | HVB_BF_USER | HVB_BF_HPT,  8) \
	X(FAULT,          21, "fault",              fault,         0,                  0,           0,              -1, 1, 1, 0,                        1) \
	X(H_PROD,         22, "h_prod",             h_prod,        H_PROD,             H_SUCCESS,   "ping_pong",     1, 2, 2, HVB_BF_ALL,              60) \
	X(H_CEDE_BUSY,    23, "h_cede_busy",        h_cede_busy,   H_CEDE,             H_SUCCESS,   "wake_latency",  0, 2, HVB_RECS_PER_THREAD, HVB_BF_ALL, 600) \
	X(HCALL_FUZZ,     24, "hcall_fuzz",         hcall_fuzz,    0,                  H_SUCCESS,   0,              -1, 1, 1, HVB_BF_TCE | HVB_BF_HPT | HVB_BF_ALONE, 10) \
	X(HTAB_BUSY,      25, "htab_busy",          htab_busy,     0,                  H_SUCCESS,   0,              -1, 1, 1, 0,                   200000) \
	X(H_RESIZE,       26, "h_resize",           h_resize,      H_RESIZE_HPT_COMMIT, H_SUCCESS,  "prepare",      -1, 1, 1, HVB_BF_HPT,            300) \
	X(HTAB_READ,      27, "htab_read",          htab_read,     0,                  H_SUCCESS,   0,              -1, 1, 1, HVB_BF_HPT,                15)

enum hvb_bench_id {
#define HVB_BENCH_ENUM(e, id, name, fn, req, rc, h2, wt, thr, recs, fl, us) HVB_BENCH_##e = id,
	HVB_BENCH_LIST(HVB_BENCH_ENUM)
#undef HVB_BENCH_ENUM
};

/* each bench's row of HVB_BENCH_LIST, by id */
struct hvb_bench_info {
	const char *name;
	uint32_t req;
	long expected_rc;
	const char *hist2;	/* results.json name of the second histogram */
	int wake_thread;	/* the thread whose record counts early wakes, -1 none */
	uint32_t min_threads;	/* vcore threads it needs (siblings to cede/prod) */
	uint32_t records;	/* records it writes, HVB_RECS_PER_THREAD: one a thread */
	uint32_t flags;		/* HVB_BF_* */
	uint32_t cost_us;	/* one iteration on the emulated host, for estimates */
};

static const struct hvb_bench_info hvb_bench_info[] __attribute__((unused)) = {
#define HVB_BENCH_INFO(e, id, name, fn, req, rc, h2, wt, thr, recs, fl, us) \
	[id] = { name, req, rc, h2, wt, thr, recs, fl, us },
	HVB_BENCH_LIST(HVB_BENCH_INFO)
#undef HVB_BENCH_INFO
};

#define HVB_NR_BENCH_IDS (sizeof(hvb_bench_info) / sizeof(hvb_bench_info[0]))

/*
 * The bench spec travels in the device tree the guest is started with
 * (r3 = its address): host-runner builds one with libfdt, QEMU pseries
 * builds its own.  guest-bench reads
 *   /chosen/bootargs                       the HVB_ARG_* keys below
 *   /cpus/<cpu>/timebase-frequency         timebase ticks per second
 *   /cpus/<cpu>/ibm,pft-size               <0 log2(HPT bytes)>
 *   /cpus/<cpu>/ibm,ppc-interrupt-server#s the vcpu ids of the threads
 *   /memory@0/reg                          guest memory at GPA 0
 *   /rtas/start-cpu                        (pseries) RTAS token
 * bootargs are space-separated key=value words; words without the
 * "hvbench." prefix are someone else's and ignored.  Numbers are decimal
 * or 0x-hex.  Example:
 *   hvbench.bench=h_enter,h_remove hvbench.n=10000 hvbench.threads=4
 */
#define HVB_ARG_PREFIX		"hvbench."
#define HVB_ARG_BENCH		"bench"		/* bench names, comma-separated */
#define HVB_ARG_ITERATIONS	"n"		/* timed calls per bench */
#define HVB_ARG_THREADS		"threads"	/* threads of the vcore to use */
#define HVB_ARG_LIOBN		"liobn"		/* TCE benches: the table's LIOBN ... */
#define HVB_ARG_TCE_ENTRIES	"tce_entries"	/* ... and its window in 4 KiB pages */
#define HVB_ARG_CEDE_US		"cede_us"	/* h_cede: decrementer per cede, us */
#define HVB_ARG_MMIO_GPA	"mmio_gpa"	/* mmio: a GPA no memslot covers */
#define HVB_ARG_RAW		"raw"		/* raw samples kept per record */
#define HVB_ARG_HOSTILE		"hostile"	/* testing the host: HVB_HOSTILE_* bits */
#define HVB_ARG_SEED		"seed"		/* hcall_fuzz: the random seed (0: from the timebase) */
#define HVB_ARG_HANG_ORDER	"hang_order"	/* testing the host's watchdog: hang when the HPT order is this */

/*
 * hvbench.hostile=N makes guest-bench misbehave on purpose after its
 * normal hand-off, so make check can prove the host tool survives a guest
 * that is not guest-bench (host-runner must never trust the guest):
 */
#define HVB_HOSTILE_RESULTS_HUGE 1	/* a second results block claiming 0xffffffff records */
#define HVB_HOSTILE_RESULTS_17	2	/* ... claiming 17 records, room for 16 */
#define HVB_HOSTILE_CONSOLE	4	/* terminal control sequences on the console */
#define HVB_HOSTILE_FIRST_LIE	8	/* before the real hand-off, a block claiming 0xffffffff records */
#define HVB_HOSTILE_RESIZE	16	/* h_resize: bolted entries in arbitrary PTEGs, then a bigger HPT (kmod 0007) */

#define HVB_FDT_COMPAT_KVM	"hvbench,kvm-hv"	/* host-runner's tree */

enum hvb_status {
	HVB_STATUS_OK = 0,
	HVB_STATUS_BAD_RC = 1,	/* a timed call returned something the bench did not expect */
	HVB_STATUS_BAD_SPEC = 2,
	HVB_STATUS_CHECK = 3,	/* a partner call or a read-back check failed */
	HVB_STATUS_FAULT = 4,	/* the bench took an unexpected exception */
	HVB_STATUS_SKIP = 5,	/* the hypervisor does not implement the timed hcall */
};

struct hvb_bench_result {
	uint32_t bench;		/* enum hvb_bench_id */
	uint32_t status;	/* enum hvb_status */
	uint32_t req;		/* the timed hcall's opcode, 0 if none */
	uint32_t thread;	/* the vcpu (thread of the vcore) that made the calls */
	uint64_t iterations;	/* timed calls the guest made */
	int64_t expected_rc;	/* what PAPR says the timed call returns here */
	uint64_t rc_expected;	/* timed calls that returned expected_rc */
	uint64_t rc_other;	/* ... and anything else */
	int64_t first_bad_rc;	/* the first unexpected return code, if rc_other */
	uint64_t pair_errors;	/* failures of untimed partner calls (H_REMOVE, H_GET_TCE...) */
	uint64_t check_errors;	/* failed read-back / state checks */
	uint64_t alt_rc;	/* h_enter_fill: H_PTEG_FULL answers, also accepted */
	uint64_t raw_n;		/* raw[0..raw_n): the first timed samples, in order */
	uint64_t raw[HVB_RAW_MAX];
	uint64_t early_wakes;	/* h_cede(_busy) with siblings: cedes that returned before the decrementer; h_prod thread 1: before the prod */
	/*
	 * hist: the timed call's round trip in timebase ticks, except for the
	 * ceded thread of h_prod (thread 1), where it is prod-to-resume: the
	 * prodding thread's timebase before H_PROD to this one's after H_CEDE.
	 * hist2: h_cede, h_cede_busy: wake latency after the decrementer
	 * expiry; h_prod thread 0: the ping-pong round trip (prod, partner
	 * wakes and prods back, this thread resumes).
	 */
	struct hvb_hist hist;
	struct hvb_hist hist2;
};

/* An unexpected exception: where, and in which bench */
struct hvb_failure {
	uint64_t vector;
	uint64_t srr0;
	uint64_t srr1;
	uint32_t bench;		/* enum hvb_bench_id, 0 if outside a bench */
	uint32_t valid;
};

/*
 * Under QEMU pseries there is no HVB_H_RESULTS: guest-bench prints the
 * same content on the console, one line each, keys as in this header:
 *   HVB-RESULT bench=NAME thread=T status=ok|bad_rc|bad_spec|check_failed|fault|skipped
 *              req=0xOP iterations=N expected_rc=RC rc_expected=N rc_other=N
 *              first_bad_rc=RC pair_errors=N check_errors=N alt_rc=N early_wakes=N
 *   HVB-HIST bench=NAME thread=T hist=1|2 count=N sum=N min=N max=N overflow=N
 *              buckets=B:COUNT,B:COUNT,...   (non-empty buckets of hist or hist2)
 *   HVB-RAW bench=NAME thread=T samples=S,S,...
 *   HVB-FAILURE vector=0xV srr0=0xA srr1=0xM bench=NAME
 *   HVB-END records=N
 * tests/e2e/check_run.c (pseries) reads it.
 */
struct hvb_results {
	uint32_t magic;
	uint32_t version;
	uint32_t length;	/* bytes, this header included */
	uint32_t nr_benches;
	uint64_t checksum;	/* hvb_checksum() of 'length' bytes with this field 0 */
	struct hvb_failure failure;
	struct hvb_bench_result bench[HVB_MAX_RECORDS];
};

#define HVB_RESULTS_LEN(n) \
	((uint32_t)(__builtin_offsetof(struct hvb_results, bench) + \
		    (n) * sizeof(struct hvb_bench_result)))

/* FNV-1a, 64 bit: enough to catch a torn or stale block, cheap in a guest */
static inline uint64_t hvb_checksum(const void *buf, uint64_t len, uint64_t skip_off)
{
	const unsigned char *p = buf;
	uint64_t h = 0xcbf29ce484222325ULL;
	uint64_t i;

	for (i = 0; i < len; i++) {
		unsigned char c = p[i];

		if (i >= skip_off && i < skip_off + sizeof(uint64_t))
			c = 0;
		h = (h ^ c) * 0x100000001b3ULL;
	}
	return h;
}

static inline void hvb_results_seal(struct hvb_results *r)
{
	r->magic = HVB_RESULTS_MAGIC;
	r->version = HVB_RESULTS_VERSION;
	r->length = HVB_RESULTS_LEN(r->nr_benches);
	r->checksum = 0;
	r->checksum = hvb_checksum(r, r->length,
				   __builtin_offsetof(struct hvb_results, checksum));
}

#endif /* !__ASSEMBLER__ */
#endif /* HVBENCH_RESULTS_H */
