# SPDX-License-Identifier: GPL-2.0
# hvbench: one entry point.  make deps | make | make check | make demo | make regress | make clean
#
# Build output goes to out/ (ignored by git):
#   out/kmod/build-kmod/       kmod's kernel: vmlinux(.strip), kvm.ko, kvm-hv.ko (build/: the shared object tree)
#   out/host/hvbench           hvbench for the build machine (reports, CLI)
#   out/host-san/              the same under ASan/UBSan, plus unit tests
#   out/ppc64le/hvbench        static ppc64le hvbench for a POWER8 host
#   out/ppc64le/guest-bench.elf  the freestanding guest
#   out/testbed/               initramfs of the emulated POWER8 host

OUT      := out
ARCH     := $(shell uname -m)
REV      := $(shell git describe --always --dirty 2>/dev/null || echo unknown)
SRC      := $(CURDIR)

ifeq ($(ARCH),ppc64le)
PPC_PREFIX :=
else
PPC_PREFIX := powerpc64le-linux-gnu-
endif
PPC_CC   := $(PPC_PREFIX)gcc
PPC_SYSROOT := $(OUT)/ppc-sysroot

WARN     := -Wall -Wextra -Wno-missing-field-initializers
HOST_CFLAGS := -O2 -g $(WARN) -std=gnu11 -Iinclude -Ihost-runner \
	-Ibpf -DHVB_REVISION='"$(REV)"' -DHVB_REPORTS_DIR='"$(SRC)/reports"' \
	-DHVB_SRC_DIR='"$(SRC)"'
SAN_FLAGS := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
HOST_LIBS := -ljansson -lelf -lz -lm

HOST_SRCS := host-runner/hvbench.c host-runner/run.c host-runner/results.c \
	host-runner/hist_stats.c host-runner/meta.c host-runner/rundir.c \
	host-runner/plan.c host-runner/doctor.c host-runner/emulated.c reports/report.c reports/read.c reports/series.c reports/charts.c reports/html.c reports/compare.c reports/verdict.c reports/trend.c reports/edivisive.c regress/regress.c regress/judge.c bpf/collect_bpf_list.c
BPF_LOADERS := bpf/collect_bpf.c bpf/loader.c bpf/hcall_lat.c bpf/exits.c bpf/vcore.c
PPC_SRCS := $(HOST_SRCS) host-runner/vm.c host-runner/vm_user.c host-runner/vm_htab.c host-runner/vm_fdt.c host-runner/console.c $(BPF_LOADERS) host-runner/perf_collect.c \
	host-runner/kvm_events.c
LIBPERF_PPC := $(OUT)/libperf/ppc64le
BPF_SKELS := $(OUT)/bpf/hcall_lat.skel.h $(OUT)/bpf/exits.skel.h $(OUT)/bpf/vcore.skel.h
BPF_CFLAGS := -O2 -g -target bpf -mcpu=v3 -I/usr/include/$(shell gcc -print-multiarch) -Iinclude -Ibpf
HDRS := $(wildcard include/hvbench/*.h host-runner/*.h reports/*.h regress/*.h) bpf/collect_bpf.h

# libfdt for the guest: the kernel's copy, built freestanding with lib/string.c
LIBFDT := $(OUT)/src/linux-source-6.12/scripts/dtc/libfdt
GUEST_CFLAGS := -O2 -g -std=gnu11 $(WARN) -Werror -ffreestanding -fno-builtin \
	-fno-stack-protector -fno-pic -mcpu=power8 -mlittle-endian -mabi=elfv2 \
	-msoft-float -mno-altivec -mno-vsx -mcmodel=medium -Wa,-mregnames -Iinclude -Iguest-bench -I$(LIBFDT)
GUEST_SRCS := guest-bench/cstart64.S guest-bench/lib/hcall.S guest-bench/lib/console.c \
	guest-bench/main.c guest-bench/h_enter.c guest-bench/hpte.c guest-bench/tce.c \
	guest-bench/cede.c guest-bench/null.c guest-bench/mmio.c guest-bench/smt.c guest-bench/hostile.c guest-bench/fuzz.c guest-bench/htab.c guest-bench/resize.c \
	guest-bench/lib/smp.c guest-bench/lib/string.c guest-bench/lib/fdt.c guest-bench/lib/rtas.c \
	$(LIBFDT)/fdt.c $(LIBFDT)/fdt_ro.c $(LIBFDT)/fdt_strerror.c
GUEST_HDRS := $(wildcard guest-bench/*.h guest-bench/lib/*.h) include/hvbench/hist.h \
	include/hvbench/results.h include/hvbench/papr.h

.SECONDARY: $(OUT)/bpf/hcall_lat.bpf.o $(OUT)/bpf/exits.bpf.o $(OUT)/bpf/vcore.bpf.o
.PHONY: all deps check demo bench fuzz clean distclean testbed host ppc guest kmod regress
all: deps host ppc guest testbed kmod

deps:
	@HVB_OUT=$(OUT) scripts/deps.sh

host: $(OUT)/host/hvbench
ppc: $(OUT)/ppc64le/hvbench
guest: $(OUT)/ppc64le/guest-bench.elf $(OUT)/ppc64le/guest-bench.bin

$(OUT)/host/hvbench: $(HOST_SRCS) $(HDRS)
	@mkdir -p $(@D)
	gcc $(HOST_CFLAGS) -o $@ $(HOST_SRCS) $(HOST_LIBS)

$(OUT)/host-san/hvbench: $(HOST_SRCS) $(HDRS)
	@mkdir -p $(@D)
	gcc $(HOST_CFLAGS) $(SAN_FLAGS) -o $@ $(HOST_SRCS) $(HOST_LIBS)

UNIT_SRCS := host-runner/results.c host-runner/hist_stats.c host-runner/console.c host-runner/rundir.c \
	host-runner/plan.c
$(OUT)/host-san/test_%: tests/unit/test_%.c $(UNIT_SRCS) $(HDRS)
	@mkdir -p $(@D)
	gcc $(HOST_CFLAGS) $(SAN_FLAGS) -o $@ $< $(UNIT_SRCS) $(HOST_LIBS)

CHECK_RUN_SRCS := host-runner/results.c host-runner/hist_stats.c host-runner/meta.c host-runner/rundir.c
$(OUT)/host/check_run: tests/e2e/check_run.c $(CHECK_RUN_SRCS) $(HDRS)
	@mkdir -p $(@D)
	gcc $(HOST_CFLAGS) $(SAN_FLAGS) -o $@ $< $(CHECK_RUN_SRCS) $(HOST_LIBS) -lz

# BPF collectors (CO-RE tp_btf + tracepoint variants), skeletons generated here
$(OUT)/bpf/%.bpf.o: bpf/%.bpf.c $(wildcard bpf/*.h) include/hvbench/hist.h include/hvbench/kmod.h
	@mkdir -p $(@D)
	clang $(BPF_CFLAGS) -c $< -o $@
$(OUT)/bpf/%.skel.h: $(OUT)/bpf/%.bpf.o
	bpftool gen skeleton $< name $*_bpf_skel > $@.tmp && mv $@.tmp $@

$(OUT)/host-san/test_kvm_events: tests/unit/test_kvm_events.c host-runner/kvm_events.c host-runner/kvm_events.h include/hvbench/kmod.h
	@mkdir -p $(@D)
	gcc $(HOST_CFLAGS) $(SAN_FLAGS) -o $@ $< host-runner/kvm_events.c -ltraceevent

$(OUT)/host-san/test_edivisive: tests/unit/test_edivisive.c reports/edivisive.c reports/edivisive.h
	@mkdir -p $(@D)
	gcc $(HOST_CFLAGS) $(SAN_FLAGS) -Ireports -o $@ $< reports/edivisive.c -lm

$(OUT)/host-san/test_verdict: tests/unit/test_verdict.c reports/verdict.c reports/verdict.h host-runner/plan.h
	@mkdir -p $(@D)
	gcc $(HOST_CFLAGS) $(SAN_FLAGS) -Ireports -Ihost-runner -o $@ $< reports/verdict.c -lm

$(OUT)/host-san/test_bpf: tests/unit/test_bpf.c $(BPF_SKELS) $(wildcard bpf/*.h) host-runner/results.c host-runner/hist_stats.c $(HDRS)
	@mkdir -p $(@D)
	gcc $(HOST_CFLAGS) $(SAN_FLAGS) -Ibpf -I$(OUT)/bpf -o $@ $< host-runner/results.c host-runner/hist_stats.c $(HOST_LIBS) -lbpf

# Static, so it runs in the testbed's busybox initramfs and on any POWER8 host
$(OUT)/ppc64le/hvbench: $(PPC_SRCS) $(HDRS) $(BPF_SKELS) $(wildcard bpf/*.h)
	@mkdir -p $(@D)
	$(PPC_CC) $(HOST_CFLAGS) -Ibpf -I$(OUT)/bpf -I$(LIBPERF_PPC)/include -static \
		-I$(PPC_SYSROOT)/usr/include -o $@ $(PPC_SRCS) \
		-L$(PPC_SYSROOT)/usr/lib/powerpc64le-linux-gnu -L$(LIBPERF_PPC)/lib -L$(LIBPERF_PPC)/build \
		-lbpf -lperf -lapi -ltraceevent -ljansson -lfdt -lelf -lz -lzstd -lm -lpthread

# the emulated host's test helpers (tests/e2e/): bpftool's counts and a pty
TESTBED_HELPERS := $(OUT)/ppc64le/bpf_objects $(OUT)/ppc64le/ptyrun
# (after hvbench, whose build brings the ppc64le sysroot and its libbpf)
$(OUT)/ppc64le/bpf_objects: tests/e2e/bpf_objects.c $(OUT)/ppc64le/hvbench
	$(PPC_CC) $(HOST_CFLAGS) -static -I$(PPC_SYSROOT)/usr/include -o $@ $< \
		-L$(PPC_SYSROOT)/usr/lib/powerpc64le-linux-gnu -lbpf -lelf -lz -lzstd
$(OUT)/ppc64le/ptyrun: tests/e2e/ptyrun.c
	@mkdir -p $(@D)
	$(PPC_CC) $(HOST_CFLAGS) -static -o $@ $< -lutil

$(OUT)/ppc64le/guest-bench.elf: $(GUEST_SRCS) $(GUEST_HDRS) guest-bench/guest.lds guest-bench/check-elf.sh
	@mkdir -p $(@D)
	$(PPC_CC) $(GUEST_CFLAGS) -nostdlib -static -Wl,-T,guest-bench/guest.lds \
		-Wl,--no-dynamic-linker -Wl,-z,noexecstack -Wl,--no-warn-rwx-segments -Wl,--build-id=none -o $@.tmp $(GUEST_SRCS) -lgcc
	guest-bench/check-elf.sh $(PPC_PREFIX) $@.tmp
	mv $@.tmp $@

# QEMU pseries takes guest-bench as its firmware: a raw image of the same link
$(OUT)/ppc64le/guest-bench.bin: $(OUT)/ppc64le/guest-bench.elf
	$(PPC_PREFIX)objcopy -O binary $< $@

testbed: $(OUT)/testbed/initramfs.cpio.gz $(OUT)/qemu/.stamp
# the emulated POWER8 host's QEMU, patched so SMT vcores run (testbed/qemu/)
$(OUT)/qemu/.stamp: scripts/qemu.sh $(wildcard testbed/qemu/*.patch)
	HVB_OUT=$(OUT) scripts/qemu.sh
$(OUT)/testbed/initramfs.cpio.gz: testbed/mkinitramfs.sh testbed/init $(OUT)/ppc64le/hvbench $(OUT)/ppc64le/guest-bench.elf $(TESTBED_HELPERS)
	HVB_OUT=$(OUT) testbed/mkinitramfs.sh $@ stock

# kmod: the instrumented kernel (kmod/build.sh is incremental) and its testbed
kmod: $(OUT)/testbed/initramfs-kmod.cpio.gz
# base first: both share one tree (kmod/build.sh), which must end with the series
$(OUT)/kmod/.built: kmod/build.sh kmod/hvbench.config $(wildcard kmod/patches/*.patch) $(OUT)/kmod/.built-base
	HVB_OUT=$(OUT) kmod/build.sh
	touch $@
$(OUT)/testbed/initramfs-kmod.cpio.gz: $(OUT)/kmod/.built testbed/mkinitramfs.sh testbed/init $(OUT)/ppc64le/hvbench $(OUT)/ppc64le/guest-bench.elf $(TESTBED_HELPERS)
	HVB_OUT=$(OUT) testbed/mkinitramfs.sh $@ kmod

# Debian's ppc64le perf for the emulated host (make check: tracepoint formats)
$(OUT)/testbed/perf.cpio.gz: testbed/perf-cpio.sh
	HVB_OUT=$(OUT) testbed/perf-cpio.sh $@

# the same kernel without the series: make bench's with/without baseline.
# Rebuilding it takes the series out of the shared tree: kmod, which depends
# on it, rebuilds next.
$(OUT)/kmod/.built-base: kmod/build.sh kmod/hvbench.config
	HVB_OUT=$(OUT) kmod/build.sh base
	touch $@
$(OUT)/testbed/initramfs-base.cpio.gz: $(OUT)/kmod/.built-base testbed/mkinitramfs.sh testbed/init $(OUT)/ppc64le/hvbench $(OUT)/ppc64le/guest-bench.elf $(TESTBED_HELPERS)
	HVB_OUT=$(OUT) testbed/mkinitramfs.sh $@ base

# libFuzzer targets for everything that parses untrusted input (tests/fuzz/)
FUZZ_CFLAGS := -O1 -g $(WARN) -std=gnu11 -Iinclude -Ihost-runner -Ireports \
	-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all
FUZZERS := $(OUT)/fuzz/fuzz_results $(OUT)/fuzz/fuzz_report $(OUT)/fuzz/fuzz_kvm_events
$(OUT)/fuzz/fuzz_results: tests/fuzz/fuzz_results.c host-runner/results.c host-runner/hist_stats.c $(HDRS)
	@mkdir -p $(@D)
	clang $(FUZZ_CFLAGS) -o $@ $< host-runner/results.c host-runner/hist_stats.c -ljansson -lm
$(OUT)/fuzz/fuzz_report: tests/fuzz/fuzz_report.c reports/read.c host-runner/results.c host-runner/hist_stats.c host-runner/rundir.c $(HDRS)
	@mkdir -p $(@D)
	clang $(FUZZ_CFLAGS) -o $@ $< reports/read.c host-runner/results.c host-runner/hist_stats.c host-runner/rundir.c -ljansson -lm
$(OUT)/fuzz/fuzz_kvm_events: tests/fuzz/fuzz_kvm_events.c host-runner/kvm_events.c host-runner/kvm_events.h
	@mkdir -p $(@D)
	clang $(FUZZ_CFLAGS) -o $@ $< host-runner/kvm_events.c -ltraceevent

UNIT_TESTS := $(patsubst tests/unit/%.c,$(OUT)/host-san/%,$(wildcard tests/unit/test_*.c))
$(filter-out $(OUT)/host-san/test_bpf $(OUT)/host-san/test_kvm_events $(OUT)/host-san/test_edivisive $(OUT)/host-san/test_verdict,$(UNIT_TESTS)): $(HDRS)

check: all $(OUT)/host-san/hvbench $(OUT)/host/check_run $(UNIT_TESTS) $(FUZZERS) \
	$(OUT)/testbed/initramfs-base.cpio.gz $(OUT)/testbed/perf.cpio.gz
	@HVB_OUT=$(OUT) tests/run.sh

bench: all $(OUT)/testbed/initramfs-base.cpio.gz
	@HVB_OUT=$(OUT) bench/run.sh

demo: all
	@HVB_OUT=$(OUT) testbed/demo.sh

# make regress CAND=PATCH|DIR|TREE|VMLINUX [BASE=...] [ARGS="-f junit -o DIR"]:
# hvbench regress (README), BASE Debian's linux-source-6.12 with kmod's series
BASE ?= linux-source
regress: all
	@[ -n "$(CAND)" ] || { echo "make regress CAND=PATCH|DIR|TREE|VMLINUX [BASE=linux-source] [ARGS='-f markdown']" >&2; exit 2; }
	@HVBENCH_SRC=$(SRC) $(OUT)/host/hvbench regress $(ARGS) $(BASE) $(CAND)

# make fuzz: the long runs (make check runs each target for a few seconds,
# and the guest fuzzer for 5000 hcalls per kernel and mode)
FUZZ_SECONDS ?= 600
fuzz: all $(FUZZERS)
	@tests/fuzz/run.sh $(OUT) $(FUZZ_SECONDS)
	@tests/fuzz/guest.sh $(OUT)

# clean keeps the kernel objects (out/kmod: minutes to rebuild) and deps
clean:
	rm -rf $(OUT)/host $(OUT)/host-san $(OUT)/ppc64le $(OUT)/testbed $(OUT)/kmod/.built

distclean:
	rm -rf $(OUT)
