// SPDX-License-Identifier: GPL-2.0
/*
 * kvm_hv tracepoint records decoded with libtraceevent from the kernel's
 * own format files, so field offsets come from the running kernel, and a
 * record that does not fit its format is rejected, never read past.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <traceevent/event-parse.h>
#include "hvbench/kmod.h"
#include "kvm_events.h"

const char *const kvm_ev_names[KEV_MAX + 1] = {
	[KEV_HCALL_ENTER] = "kvm_hcall_enter",
	[KEV_HCALL_EXIT] = "kvm_hcall_exit",
	[KEV_RM_HCALL] = "kvm_rm_hcall",
	[KEV_RM_LOST] = "kvm_rm_lost",
	[KEV_HCALL_BATCH] = "kvm_hcall_batch",
	[KEV_HCALL_DRAIN] = "kvm_hcall_drain",
	[KEV_BATCH_REC] = "hcall_rec",
};

static char *slurp(const char *path, size_t *len)
{
	char *buf = NULL;
	size_t cap = 0, n = 0, r;
	FILE *f = fopen(path, "r");

	if (!f)
		return NULL;
	do {
		if (n + 4096 > cap) {
			char *nb = realloc(buf, cap += 8192);

			if (!nb) {
				free(buf);
				fclose(f);
				return NULL;
			}
			buf = nb;
		}
		r = fread(buf + n, 1, cap - n - 1, f);
		n += r;
	} while (r);
	fclose(f);
	buf[n] = 0;
	*len = n;
	return buf;
}

int kvm_events_load(struct kvm_events *k, const char *fmt, char *err, size_t errlen)
{
	int i;

	k->tep = tep_alloc();
	if (!k->tep) {
		snprintf(err, errlen, "libtraceevent: out of memory");
		return -ENOMEM;
	}
	for (i = 0; i < KEV_MAX; i++) {
		struct tep_event *ev = NULL;
		char path[512];
		size_t len;
		char *buf;

		snprintf(path, sizeof(path), fmt, kvm_ev_names[i]);
		k->id[i] = -1;
		buf = slurp(path, &len);
		if (!buf)
			continue;	/* not on this kernel */
		if (tep_parse_format(k->tep, &ev, buf, len, "kvm_hv") || !ev) {
			snprintf(err, errlen, "libtraceevent cannot parse %s", path);
			free(buf);
			kvm_events_free(k);
			return -EINVAL;
		}
		k->id[i] = ev->id;
		free(buf);
	}
	if (k->id[KEV_HCALL_ENTER] < 0 || k->id[KEV_HCALL_EXIT] < 0) {
		snprintf(err, errlen, "no kvm_hv:kvm_hcall_enter/exit format under '%s' (is kvm-hv loaded, tracefs mounted?)",
			 fmt);
		kvm_events_free(k);
		return -ENOENT;
	}
	return 0;
}

void kvm_events_free(struct kvm_events *k)
{
	if (k->tep)
		tep_free(k->tep);
	k->tep = NULL;
}

static int field(struct tep_event *ev, const char *name, const void *raw, size_t size,
		 uint64_t *v, char *err, size_t errlen)
{
	struct tep_format_field *f = tep_find_field(ev, name);
	unsigned long long val;

	if (!f) {
		snprintf(err, errlen, "%s has no field '%s' in this kernel's format", ev->name, name);
		return -EINVAL;
	}
	if (f->offset < 0 || f->size <= 0 || (size_t)f->offset + (size_t)f->size > size) {
		snprintf(err, errlen, "%s record of %zu bytes is truncated: field '%s' needs bytes %d..%d",
			 ev->name, size, name, f->offset, f->offset + f->size - 1);
		return -EINVAL;
	}
	if (tep_read_number_field(f, raw, &val)) {
		snprintf(err, errlen, "%s: field '%s' is not a number", ev->name, name);
		return -EINVAL;
	}
	*v = val;
	return 0;
}

/* kvm_hcall_batch's recs: a __data_loc (offset | length << 16) inside the record */
static int batch_recs(struct tep_event *ev, const void *raw, size_t size, struct kvm_ev *out,
		      char *err, size_t errlen)
{
	struct tep_format_field *f = tep_find_field(ev, "recs");
	uint32_t loc, off, len;

	if (!f || !(f->flags & TEP_FIELD_IS_DYNAMIC) || f->size != 4) {
		snprintf(err, errlen, "%s has no __data_loc field 'recs' in this kernel's format", ev->name);
		return -EINVAL;
	}
	if (f->offset < 0 || (size_t)f->offset + 4 > size) {
		snprintf(err, errlen, "%s record of %zu bytes is truncated before 'recs'", ev->name, size);
		return -EINVAL;
	}
	memcpy(&loc, (const char *)raw + f->offset, 4);
	off = loc & 0xffff;
	len = loc >> 16;
	if (out->n > HCALL_BATCH_MAX || len != out->n * sizeof(struct hcall_rec) ||
	    (size_t)off + len > size) {
		snprintf(err, errlen, "%s: %u records in %u bytes at offset %u do not fit a %zu-byte record (at most %d records of %zu bytes)",
			 ev->name, out->n, len, off, size, HCALL_BATCH_MAX, sizeof(struct hcall_rec));
		return -EINVAL;
	}
	out->recs = (const char *)raw + off;
	return 0;
}

int kvm_events_batch_rec(const struct kvm_ev *batch, unsigned int i, struct kvm_ev *out)
{
	struct hcall_rec r;
	unsigned int f;

	if (i >= batch->n || !batch->recs)
		return -EINVAL;
	memcpy(&r, (const char *)batch->recs + (size_t)i * sizeof(r), sizeof(r));
	f = r.flags;
	memset(out, 0, sizeof(*out));
	out->kind = KEV_BATCH_REC;
	out->vcpu = batch->vcpu;
	out->flags = f;
	if (hcall_rec_flags_bad(f))
		return -EINVAL;
	out->rc = r.hcall_rc;
	if (f & HCALL_REC_VIRT) {
		out->req = r.req;
		out->tb_enter = r.tb_enter;
		out->tb_exit = r.tb_exit;
	} else {
		out->req = r.req & ~3U;
		out->tb_enter = r.tb_enter - batch->tb_offset;
		out->tb_exit = r.tb_exit - batch->tb_offset;
	}
	return 0;
}

int kvm_events_decode(struct kvm_events *k, const void *raw, size_t size,
		      struct kvm_ev *out, char *err, size_t errlen)
{
	struct tep_event *ev;
	uint16_t type;
	uint64_t v = 0;
	int i, e;

	if (size < 8) {
		snprintf(err, errlen, "record of %zu bytes is shorter than the 8-byte common header", size);
		return -EINVAL;
	}
	memcpy(&type, raw, sizeof(type));
	for (i = 0; i < KEV_MAX; i++)
		if (k->id[i] == type)
			break;
	ev = i < KEV_MAX ? tep_find_event(k->tep, type) : NULL;
	if (!ev) {
		snprintf(err, errlen, "record of unknown event id %u", type);
		return -ENOENT;
	}
	memset(out, 0, sizeof(*out));
	out->kind = i;
	e = field(ev, "vcpu_id", raw, size, &v, err, errlen);
	out->vcpu = (int)v;
	switch (out->kind) {
	case KEV_HCALL_ENTER:
		e = e ? e : field(ev, "req", raw, size, &out->req, err, errlen);
		break;
	case KEV_HCALL_EXIT:
		e = e ? e : field(ev, "hcall_rc", raw, size, &v, err, errlen);
		out->rc = (int64_t)v;
		break;
	case KEV_RM_HCALL:
		e = e ? e : field(ev, "req", raw, size, &out->req, err, errlen);
		e = e ? e : field(ev, "hcall_rc", raw, size, &v, err, errlen);
		out->rc = (int64_t)v;
		e = e ? e : field(ev, "tb_enter", raw, size, &out->tb_enter, err, errlen);
		e = e ? e : field(ev, "tb_exit", raw, size, &out->tb_exit, err, errlen);
		break;
	case KEV_RM_LOST:
		e = e ? e : field(ev, "lost", raw, size, &out->lost, err, errlen);
		break;
	case KEV_HCALL_BATCH:
		e = e ? e : field(ev, "n", raw, size, &v, err, errlen);
		out->n = (uint32_t)v;
		e = e ? e : field(ev, "tb_offset", raw, size, &out->tb_offset, err, errlen);
		e = e ? e : batch_recs(ev, raw, size, out, err, errlen);
		break;
	case KEV_HCALL_DRAIN:
		e = e ? e : field(ev, "n", raw, size, &v, err, errlen);
		out->n = (uint32_t)v;
		e = e ? e : field(ev, "lost", raw, size, &out->lost, err, errlen);
		e = e ? e : field(ev, "tb_start", raw, size, &out->tb_enter, err, errlen);
		e = e ? e : field(ev, "tb_end", raw, size, &out->tb_exit, err, errlen);
		e = e ? e : field(ev, "why", raw, size, &v, err, errlen);
		out->why = (uint32_t)v;
		break;
	default:
		break;
	}
	return e;
}
