# SPDX-License-Identifier: GPL-2.0
# Runs inside the emulated POWER8 host booted with kmod's kernel built
# without the series (kmod/build.sh base): the hcall fuzzer must find it as
# safe as the stock kernel of the same version.
cd /hvb
. /job/fuzz.sh
insmod /lib/modules/kvm.ko && insmod /lib/modules/kvm-hv.ko && [ -c /dev/kvm ]
fuzz_step $? "base kernel: kvm-hv loaded ($(uname -r))"
fuzz_run base-rm rm ${HVB_FUZZ_N:-5000}
