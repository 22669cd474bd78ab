// SPDX-License-Identifier: GPL-2.0
/*
 * The guest's HPT through the HTAB fd (KVM_PPC_GET_HTAB_FD, what migration
 * uses): entries read and written one PTEG at a time for --mode user
 * (vm_user.c), and snapshots of the whole table when guest-bench asks
 * (HVB_H_SNAPSHOT): PTEG occupancy, load factor, bolted and VRMA entries,
 * the entries touched since the last snapshot, and what the full read pass
 * cost the VMM.
 */
#include <endian.h>
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <linux/kvm.h>
#include "hvbench/papr.h"
#include "vm.h"

#define HPTE_V_1TB_SEG		0x4000000000000000ULL
#define VRMA_VSID		0x1ffffffULL

/* the kernel's is_vrma_hpte(): the entries it made for the guest's real mode */
static int is_vrma(uint64_t v)
{
	return (v & ~0xffffffULL) == (HPTE_V_1TB_SEG | (VRMA_VSID << (40 - 16)));
}

/*
 * One read() of an HTAB fd: headers, each followed by its valid entries
 * (big-endian v, r) and covering its invalid ones; fn sees every entry in
 * index order.  -EIO if the kernel cut an entry short.
 */
typedef void (*htab_entry_fn)(void *ctx, uint64_t index, int valid, uint64_t v, uint64_t r);

static int htab_walk(const unsigned char *buf, size_t got, htab_entry_fn fn, void *ctx)
{
	size_t off = 0;

	while (off + sizeof(struct kvm_get_htab_header) <= got) {
		struct kvm_get_htab_header h;
		unsigned int j;

		memcpy(&h, buf + off, sizeof(h));
		off += sizeof(h);
		for (j = 0; j < (unsigned int)h.n_valid + h.n_invalid; j++) {
			uint64_t v = 0, r = 0;

			if (j < h.n_valid) {
				if (off + 16 > got)
					return -EIO;
				memcpy(&v, buf + off, 8);
				memcpy(&r, buf + off + 8, 8);
				off += 16;
			}
			fn(ctx, (uint64_t)h.index + j, j < h.n_valid, be64toh(v), be64toh(r));
		}
	}
	return 0;
}

struct read_ctx {
	uint64_t index, n, at;	/* wanted [index, index + n); seen up to at */
	uint64_t (*hpte)[2];
};

static void read_entry(void *arg, uint64_t index, int valid, uint64_t v, uint64_t r)
{
	struct read_ctx *c = arg;

	c->at = index + 1;
	if (valid && index >= c->index && index < c->index + c->n) {
		c->hpte[index - c->index][0] = v;
		c->hpte[index - c->index][1] = r;
	}
}

/*
 * Entries [index, index + n) as the kernel holds them: a read fd starting
 * there (its first pass returns every entry, valid ones with their
 * contents, invalid ones counted).  0 or -errno.
 */
int vm_htab_read(struct vm *vm, uint64_t index, unsigned int n, uint64_t (*hpte)[2])
{
	struct kvm_get_htab_fd ghf = { .flags = 0, .start_index = index };
	/*
	 * Room for one header and n entries: every header of a first pass ends
	 * with a forward scan over up to 65535 invalid entries
	 * (kvm_htab_read), so a bigger buffer buys more scans, not more of
	 * the entries wanted.
	 */
	unsigned char buf[sizeof(struct kvm_get_htab_header) + 16 * HPTES_PER_GROUP + 1];
	size_t want = sizeof(struct kvm_get_htab_header) + 16 * n + 1;
	struct read_ctx c = { .index = index, .n = n, .at = index, .hpte = hpte };
	int fd, err = 0;

	memset(hpte, 0, n * sizeof(*hpte));
	fd = ioctl(vm->fd, KVM_PPC_GET_HTAB_FD, &ghf);
	if (fd < 0)
		return -errno;
	while (!err && c.at < index + n) {
		ssize_t got = read(fd, buf, want < sizeof(buf) ? want : sizeof(buf));

		if (got < 0)
			err = -errno;
		else if (!got)
			err = -EIO;	/* the kernel said nothing of an entry that exists */
		else
			err = htab_walk(buf, (size_t)got, read_entry, &c);
	}
	close(fd);
	return err;
}

/* one entry written (v valid) or invalidated (v 0): 0 or -errno */
int vm_htab_write(struct vm *vm, uint64_t index, uint64_t v, uint64_t r)
{
	struct {
		struct kvm_get_htab_header h;
		uint64_t hpte[2];
	} __attribute__((packed)) w = {
		.h = { .index = (uint32_t)index, .n_valid = v ? 1 : 0, .n_invalid = v ? 0 : 1 },
		.hpte = { htobe64(v), htobe64(r) },
	};
	size_t len = sizeof(w.h) + (v ? sizeof(w.hpte) : 0);
	ssize_t n;

	if (vm->htab_wfd < 0) {
		struct kvm_get_htab_fd ghf = { .flags = KVM_GET_HTAB_WRITE };

		vm->htab_wfd = ioctl(vm->fd, KVM_PPC_GET_HTAB_FD, &ghf);
		if (vm->htab_wfd < 0)
			return -errno;
	}
	n = write(vm->htab_wfd, &w, len);
	if (n < 0)
		return -errno;
	return (size_t)n == len ? 0 : -EIO;
}


static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

struct pass_ctx {
	struct vm_htab_snap *s;
	int first;		/* a first pass: occupancy; later: touched */
	int wrapped;		/* a first pass ends at the table's end: what follows is changes */
	uint64_t next;		/* the index the first pass expects next */
	int have_group;
	uint64_t group;
	unsigned int group_valid;
};

static void pass_entry(void *arg, uint64_t index, int valid, uint64_t v, uint64_t r)
{
	struct pass_ctx *c = arg;
	struct vm_htab_snap *s = c->s;

	(void)r;
	if (!c->first) {
		s->touched++;
		s->touched_valid += valid;
		return;
	}
	/*
	 * After the last entry the kernel's fd goes on with the entries
	 * changed since (a sibling vcpu's H_ENTER during the pass): not part
	 * of the first pass, and never counted twice into a PTEG.
	 */
	if (c->wrapped || index != c->next || index >= s->entries) {
		c->wrapped = 1;
		return;
	}
	c->next = index + 1;
	/* entries come in index order: close the PTEG behind */
	if (c->have_group && index / HPTES_PER_GROUP != c->group) {
		s->pteg_occupancy[c->group_valid]++;
		c->group_valid = 0;
	}
	c->group = index / HPTES_PER_GROUP;
	c->have_group = 1;
	if (valid && c->group_valid < HPTES_PER_GROUP) {
		s->valid++;
		c->group_valid++;
		s->bolted += !!(v & HPTE_V_BOLTED);
		s->vrma += is_vrma(v);
	}
}

/*
 * Read fd until it has nothing more; count into s.  A first pass sees every
 * entry (occupancy); later passes only the entries changed since (touched).
 */
static int htab_pass(int fd, struct vm_htab_snap *s, int first)
{
	static unsigned char buf[64 << 10];
	struct pass_ctx c = { .s = s, .first = first };

	for (;;) {
		ssize_t got = read(fd, buf, sizeof(buf));
		int err;

		if (got < 0)
			return -errno;
		if (!got)
			break;
		err = htab_walk(buf, (size_t)got, pass_entry, &c);
		if (err)
			return err;
		if (first && c.wrapped)
			break;
	}
	if (first && c.have_group)
		s->pteg_occupancy[c.group_valid]++;
	return 0;
}

/*
 * HVB_SNAP_RESIZED: after a commit, the new table's valid entries (one
 * first pass) into the resize's record, as "preserved": the VMM's count
 * beside the guest's own H_READ of every entry.  Not an htab.json snapshot.
 */
static int htab_count_resized(struct vm *vm, struct vm_outcome *out)
{
	struct kvm_get_htab_fd ghf = { .flags = 0, .start_index = 0 };
	struct vm_htab_snap s;
	int fd, err;

	memset(&s, 0, sizeof(s));
	s.entries = 1ULL << (vm->hpt_order - 4);
	fd = ioctl(vm->fd, KVM_PPC_GET_HTAB_FD, &ghf);
	if (fd < 0)
		return -errno;
	err = htab_pass(fd, &s, 1);
	close(fd);
	if (err)
		return err;
	vm->hpt_valid = (int64_t)s.valid;
	/* the count belongs to the last commit, once (none beyond VM_MAX_RESIZES) */
	if (out->commit_rec)
		out->resizes[out->commit_rec - 1].preserved = (int64_t)s.valid;
	out->commit_rec = 0;
	return 0;
}

int vm_htab_snapshot(struct vm *vm, struct vm_outcome *out, uint32_t bench, uint32_t phase)
{
	struct kvm_get_htab_fd ghf = { .flags = 0, .start_index = 0 };
	struct vm_htab_snap *s;
	uint64_t t0;
	int fd, err;

	if (phase == HVB_SNAP_RESIZED)
		return htab_count_resized(vm, out);
	if (out->nr_snaps >= VM_MAX_SNAPS)
		return -ENOSPC;
	s = &out->snaps[out->nr_snaps];
	memset(s, 0, sizeof(*s));
	s->bench = bench;
	s->phase = phase;
	s->entries = 1ULL << (vm->hpt_order - 4);
	/* the entries changed since the last snapshot: the fd kept since the first */
	if (vm->htab_changed_fd >= 0) {
		err = htab_pass(vm->htab_changed_fd, s, 0);
		if (err)
			return err;
		s->have_touched = 1;
	}
	t0 = now_ns();
	fd = ioctl(vm->fd, KVM_PPC_GET_HTAB_FD, &ghf);
	if (fd < 0)
		return -errno;
	err = htab_pass(fd, s, 1);
	close(fd);
	s->read_ns = now_ns() - t0;
	if (err)
		return err;
	vm->hpt_valid = (int64_t)s->valid;
	if (vm->htab_changed_fd < 0) {
		/* its first pass now, so the next snapshot sees only changes */
		struct vm_htab_snap scratch;

		vm->htab_changed_fd = ioctl(vm->fd, KVM_PPC_GET_HTAB_FD, &ghf);
		if (vm->htab_changed_fd >= 0) {
			memset(&scratch, 0, sizeof(scratch));
			htab_pass(vm->htab_changed_fd, &scratch, 1);
		}
	}
	out->nr_snaps++;
	return 0;
}

/*
 * htab_busy (HVB_H_PROBE): KVM_PPC_ALLOCATE_HTAB of the VM's own order from
 * a thread of its own, 20 ms after the guest asked, while the guest spins
 * inside KVM_RUN.  Seed 000: the kernel must answer EBUSY; had it
 * succeeded, the HPT was wiped under the guest, which the run then says.
 */
static void *probe_thread(void *arg)
{
	struct vm *vm = arg;
	struct timespec ts = { .tv_nsec = 20 * 1000 * 1000 };
	uint32_t order = vm->hpt_order;

	nanosleep(&ts, NULL);
	vm->probe_errno = ioctl(vm->fd, KVM_PPC_ALLOCATE_HTAB, &order) ? errno : 0;
	return NULL;
}

long vm_htab_probe(struct vm *vm, struct vm_outcome *out, uint64_t *args)
{
	if (args[0] == HVB_PROBE_START) {
		if (vm->probe_running)
			return H_BUSY;
		vm->probe_errno = -1;
		if (pthread_create(&vm->probe, NULL, probe_thread, vm))
			return H_HARDWARE;
		vm->probe_running = 1;
		return H_SUCCESS;
	}
	if (args[0] != HVB_PROBE_RESULT || !vm->probe_running)
		return H_PARAMETER;
	pthread_join(vm->probe, NULL);
	vm->probe_running = 0;
	out->probes++;
	out->probes_ebusy += vm->probe_errno == EBUSY;
	if (!vm->probe_errno)
		vm_set_error(out, "KVM_PPC_ALLOCATE_HTAB succeeded while a vcpu was in KVM_RUN: the HPT was reset under the running guest (seed 000's EBUSY check is missing in this kernel)");
	args[0] = (uint64_t)vm->probe_errno;
	return H_SUCCESS;
}

/*
 * htab_read (HVB_H_HTAB_READ): one full read pass through a new HTAB fd,
 * what migration's first pass does, timed here: r4 = its ns, r5 = the
 * valid entries it saw.
 */
long vm_htab_read_pass(struct vm *vm, struct vm_outcome *out, uint64_t *args)
{
	struct kvm_get_htab_fd ghf = { .flags = 0, .start_index = 0 };
	struct vm_htab_snap s;
	uint64_t t0 = now_ns();
	int fd, err;

	fd = ioctl(vm->fd, KVM_PPC_GET_HTAB_FD, &ghf);
	if (fd < 0) {
		vm_set_error(out, "htab_read: KVM_PPC_GET_HTAB_FD: %s", strerror(errno));
		return H_HARDWARE;
	}
	memset(&s, 0, sizeof(s));
	s.entries = 1ULL << (vm->hpt_order - 4);	/* the pass stops there */
	err = htab_pass(fd, &s, 1);
	close(fd);
	if (err) {
		vm_set_error(out, "htab_read: reading the HTAB fd: %s", strerror(-err));
		return H_HARDWARE;
	}
	args[0] = now_ns() - t0;
	args[1] = s.valid;
	return H_SUCCESS;
}

void vm_htab_close(struct vm *vm)
{
	if (vm->probe_running)
		pthread_join(vm->probe, NULL);
	vm->probe_running = 0;
	if (vm->htab_wfd >= 0)
		close(vm->htab_wfd);
	if (vm->htab_changed_fd >= 0)
		close(vm->htab_changed_fd);
	vm->htab_wfd = vm->htab_changed_fd = -1;
	vm->hpt_valid = -1;	/* a table about to change: counted again when the guest asks */
}

int vm_htab_reset(struct vm *vm, uint32_t order, uint64_t *ns, uint64_t *valid_after)
{
	struct kvm_get_htab_fd ghf = { .flags = 0, .start_index = 0 };
	struct vm_htab_snap s;
	uint32_t o = order;
	uint64_t t0;
	int fd, err;

	/* the fds describe the table being replaced */
	vm_htab_close(vm);
	t0 = now_ns();
	if (ioctl(vm->fd, KVM_PPC_ALLOCATE_HTAB, &o))
		return -errno;
	*ns = now_ns() - t0;
	vm->hpt_order = o;
	/* seed 004: the same order clears the table, another reallocates it */
	fd = ioctl(vm->fd, KVM_PPC_GET_HTAB_FD, &ghf);
	if (fd < 0)
		return -errno;
	memset(&s, 0, sizeof(s));
	s.entries = 1ULL << (vm->hpt_order - 4);	/* the pass stops there */
	err = htab_pass(fd, &s, 1);
	close(fd);
	*valid_after = s.valid;
	return err;
}

/*
 * PAPR HPT resizing (H_RESIZE_HPT_PREPARE / _COMMIT) is the VMM's to carry
 * out: KVM_PPC_RESIZE_HPT_PREPARE builds the new table in the background
 * (0: ready, > 0: milliseconds to wait, the guest retries on H_LONG_BUSY),
 * KVM_PPC_RESIZE_HPT_COMMIT stops the vcpus, rehashes the bolted entries
 * and switches.  The guest's arguments go to the kernel unchecked (the
 * kernel checks them, and hcall_fuzz wants it to); the kernel's answer
 * reaches the guest as QEMU converts it (resize_hpt_convert_rc in
 * hw/ppc/spapr_hcall.c).  Only an answer no guest could have caused fails
 * the run.  What each resize took in the VMM goes to meta.json
 * (hpt_resize, the first VM_MAX_RESIZES of them).
 */
static long resize_rc(int ret)
{
	if (ret > 0)	/* the kernel's estimate in ms: 1, 10, 100 ms, 1, 10, 100 s */
		return H_LONG_BUSY_ORDER_1_MSEC + (ret >= 100000 ? 5 : ret >= 10000 ? 4 :
						   ret >= 1000 ? 3 : ret >= 100 ? 2 : ret >= 10 ? 1 : 0);
	switch (-ret) {
	case 0:		return H_SUCCESS;
	case EPERM:	return H_AUTHORITY;
	case EINVAL:	return H_PARAMETER;
	case ENXIO:	return H_CLOSED;	/* no pending resize of that order */
	case ENOSPC:	return H_PTEG_FULL;	/* a bolted entry has no room */
	case EBUSY:	return H_BUSY;		/* not prepared yet */
	case ENOMEM:	return H_NO_MEM;
	default:	return H_HARDWARE;
	}
}

/* the record of the resize under way, NULL once VM_MAX_RESIZES are kept */
static struct vm_resize *resize_record(struct vm_outcome *out)
{
	return out->nr_resizes < VM_MAX_RESIZES ? &out->resizes[out->nr_resizes] : NULL;
}

static void resize_close(struct vm_outcome *out, struct vm_resize *z, int err)
{
	out->resizes_made++;
	if (!z)
		return;
	z->err = err;
	out->nr_resizes++;
}

long vm_htab_resize_prepare(struct vcpu *vcpu, struct vm_outcome *out, uint64_t *args)
{
	struct kvm_ppc_resize_hpt rhpt = { .flags = args[0], .shift = (uint32_t)args[1] };
	struct vm_resize *z = resize_record(out);
	struct vm *vm = vcpu->vm;
	uint64_t t = now_ns();
	long rc;
	int ret;

	if (z && (!z->polls || z->to != rhpt.shift)) {
		/* a new resize (a new order cancels the one pending, as in the kernel) */
		memset(z, 0, sizeof(*z));
		z->from = vm->hpt_order;
		z->to = rhpt.shift;
		z->prepare_start = t;
		z->entries = vm->hpt_valid;
		z->preserved = -1;
	}
	if (z)
		z->polls++;
	ret = ioctl(vm->fd, KVM_PPC_RESIZE_HPT_PREPARE, &rhpt);
	if (ret < 0)
		ret = -errno;
	rc = resize_rc(ret);
	if (ret > 0)
		return rc;
	if (z)
		z->prepare_ns = now_ns() - z->prepare_start;
	if (ret) {
		/* a failed prepare closes its record: the next one starts afresh */
		resize_close(out, z, -ret);
		if (rc == H_HARDWARE)
			vm_set_error(out, "H_RESIZE_HPT_PREPARE to order %u: KVM_PPC_RESIZE_HPT_PREPARE answered %s",
				     rhpt.shift, strerror(-ret));
	}
	return rc;
}

long vm_htab_resize_commit(struct vcpu *vcpu, struct vm_outcome *out, uint64_t *args)
{
	struct kvm_ppc_resize_hpt rhpt = { .flags = args[0], .shift = (uint32_t)args[1] };
	struct vm_resize *z = resize_record(out);
	struct vm *vm = vcpu->vm;
	int64_t valid = vm->hpt_valid;	/* before vm_htab_close forgets it */
	uint64_t t;
	long rc;
	int ret;

	/* the snapshot fds describe the table being replaced */
	vm_htab_close(vm);
	t = now_ns();
	ret = ioctl(vm->fd, KVM_PPC_RESIZE_HPT_COMMIT, &rhpt);
	if (ret < 0)
		ret = -errno;
	if (z) {
		if (!z->polls) {	/* a commit with no prepare: a record of its own */
			memset(z, 0, sizeof(*z));
			z->from = vm->hpt_order;
			z->entries = valid;
			z->preserved = -1;
		}
		z->commit_ns = now_ns() - t;
		z->to = rhpt.shift;
	}
	resize_close(out, z, ret > 0 ? 0 : -ret);
	out->commit_rec = z && ret >= 0 ? out->nr_resizes : 0;	/* its record is the last one */
	rc = resize_rc(ret > 0 ? 0 : ret);
	if (!ret) {
		vm->hpt_order = rhpt.shift;
		/* the guest's device tree follows, as QEMU's ibm,pft-size does */
		if (vm_fdt_set_hpt_order(vm, rhpt.shift))
			vm_set_error(out, "ibm,pft-size of the guest's device tree cannot be rewritten");
	}
	else if (rc == H_HARDWARE)
		vm_set_error(out, "H_RESIZE_HPT_COMMIT to order %u: KVM_PPC_RESIZE_HPT_COMMIT answered %s",
			     rhpt.shift, strerror(-ret));
	return rc;
}
