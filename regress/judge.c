// SPDX-License-Identifier: GPL-2.0
/*
 * hvbench regress's verdict: four run directories (two boots of the base
 * kernel, two of the candidate, each under -icount, where guest time counts
 * instructions) judged per (bench, thread, mode) on the instruction count
 * of the timed round trip.
 *
 * The count is the mean of the row's core samples (every sample is kept:
 * run --raw = -n), in timebase ticks times the instructions per tick (1
 * with the testbed's 1 GHz timebase under -icount shift=0, 1.95 with
 * POWER8's 512 MHz).  The core: the samples within RG_OUTLIER_INSNS of
 * the mode.  Nearly every sample of a path reads its own count (measured:
 * 1024 of 1024 for null_rm in rm mode, 906 instructions in both boots); a
 * few take a second path a few instructions away (H_PUT_TCE in vm mode:
 * 5543 and 5551, about half each), which the mean keeps; a sample an
 * interrupt hit (the host's decrementer, an IPI) reads hundreds or
 * thousands of instructions more, at places that differ between boots (the
 * emulated host's boot is not instruction-for-instruction reproducible), so
 * those are counted apart and shown, never judged.
 *
 * Where one value holds most of the core (RG_MODE_SHARE, in all four
 * boots) it is the count, exactly: a rare variant a few instructions away
 * (seen: 8 fewer in 3 % of the samples in one boot and 10 % in the other)
 * then moves nothing, nor do H_CEDE's wake-ups that a host timer delayed
 * (42 % of its samples at the mode, the rest 160 and more above it).
 * Elsewhere (two paths of similar weight: H_PUT_TCE in vm mode) the count
 * is the core's mean.
 *
 * Determinism is shown, not assumed: the two boots of each kernel must
 * agree (the same most common value, or core means within
 * RG_DETERMINISM_INSNS), else the row is "nondeterministic" with what
 * differed, and gets no verdict.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "regress.h"
#include "../reports/report.h"

#define RG_MAX_ROWS	256
/* two boots of one kernel agree when their core means are this close (instructions) */
#define RG_DETERMINISM_INSNS	0.25
/* the most common value is the count when it holds this share of every boot's core */
#define RG_MODE_SHARE		0.6

/* one row's samples in one boot */
struct rg_stat {
	int have;
	size_t n, at_mode, outliers;
	uint64_t mode, max;		/* ticks */
	double core;			/* the core's mean, ticks */
	size_t ncore;			/* samples within RG_OUTLIER_INSNS of the mode */
	uint64_t sorted[HVB_RAW_MAX];	/* the samples, ascending */
};

struct rg_row {
	char bench[RUNDIR_MAX_NAME + 1];
	char req[RUNDIR_MAX_NAME + 1];
	char mode[9];
	unsigned int thread;
	struct rg_stat st[RG_NR_RUNS];
	int failed[RG_NR_RUNS];		/* the record is there, not ok */
	/* the verdict */
	int kind;
	int by_mode;			/* counted by the most common value, else by the core's mean */
	double base, cand, delta;	/* instructions */
	char why[400];
};

enum { RV_REGRESSED, RV_IMPROVED, RV_UNCHANGED, RV_NONDET, RV_FAILED, RV_BOTH_FAILED, RV_NOT_RUN, RV_NEW, NR_RV };
static const char *const rv_names[NR_RV] = {
	"regressed", "improved", "unchanged", "nondeterministic", "failed", "failed in both", "not run", "new"
};

struct rg_ctx {
	const struct regress_opts *o;
	struct rg_row *rows;
	size_t nrows;
	int run;			/* the run being read */
	uint64_t tb_hz[RG_NR_RUNS];
	int planned[RG_NR_RUNS][RUNDIR_NR_MODES];	/* modes a run has cells of, whatever became of them */
	char release[RG_NR_RUNS][RUNDIR_MAX_NAME + 1];
	int err;
};

static int mode_index(const char *m)
{
	int i;

	for (i = 0; i < RUNDIR_NR_MODES; i++)
		if (!strcmp(m, rundir_mode_names[i]))
			return i;
	return 0;
}

/* the mode of the samples (the smallest of equally frequent values) and what lies above it */
static void stat_fill(struct rg_stat *s, const uint64_t *raw, size_t n, uint64_t outlier_ticks)
{
	size_t i, run = 0, best = 0;

	memcpy(s->sorted, raw, n * sizeof(*raw));
	qsort(s->sorted, n, sizeof(*raw), hvb_u64_cmp);
	s->n = n;
	s->have = 1;
	for (i = 0; i < n; i++) {
		run = i && s->sorted[i] == s->sorted[i - 1] ? run + 1 : 1;
		if (run > best) {
			best = run;
			s->mode = s->sorted[i];
		}
	}
	s->at_mode = best;
	s->max = n ? s->sorted[n - 1] : 0;
	{
		double sum = 0;
		size_t core = 0;

		for (i = 0; i < n; i++) {
			uint64_t v = s->sorted[i];

			if (v > s->mode + outlier_ticks) {
				s->outliers++;
			} else if (v + outlier_ticks >= s->mode) {
				sum += (double)v;
				core++;
			}
		}
		s->core = core ? sum / (double)core : (double)s->mode;
		s->ncore = core;
	}
}

static struct rg_row *row_get(struct rg_ctx *c, const char *bench, unsigned int thread, const char *mode)
{
	size_t i;

	for (i = 0; i < c->nrows; i++)
		if (!strcmp(c->rows[i].bench, bench) && c->rows[i].thread == thread &&
		    !strcmp(c->rows[i].mode, mode))
			return &c->rows[i];
	if (c->nrows == RG_MAX_ROWS)
		return NULL;
	memset(&c->rows[c->nrows], 0, sizeof(c->rows[0]));
	snprintf(c->rows[c->nrows].bench, sizeof(c->rows[0].bench), "%s", bench);
	snprintf(c->rows[c->nrows].mode, sizeof(c->rows[0].mode), "%s", mode);
	c->rows[c->nrows].thread = thread;
	return &c->rows[c->nrows++];
}

static int load_cell(void *arg, const struct report_cell *cell, struct report *rep)
{
	struct rg_ctx *c = arg;
	const char *run = c->o->runs[c->run];
	uint64_t outlier_ticks;
	size_t r;

	if (!rep->m.icount) {
		fprintf(stderr, "hvbench: error: %s was not run under -icount (meta.json emulator.icount): regress counts instructions, which only the emulated host under -icount gives; run it with hvbench regress\n",
			run);
		return RG_EXIT_BAD_INPUT;
	}
	if (!rep->m.tb_hz || (c->tb_hz[c->run] && c->tb_hz[c->run] != rep->m.tb_hz)) {
		fprintf(stderr, "hvbench: error: %s: %s timebase frequency in meta.json\n", run,
			rep->m.tb_hz ? "more than one" : "no");
		return RG_EXIT_BAD_INPUT;
	}
	c->tb_hz[c->run] = rep->m.tb_hz;
	if (rep->m.release && !c->release[c->run][0])
		snprintf(c->release[c->run], sizeof(c->release[0]), "%s", rep->m.release);
	/* RG_OUTLIER_INSNS in ticks (one tick is 1e9 / tb_hz instructions at 1 ns each) */
	outlier_ticks = (uint64_t)ceil(RG_OUTLIER_INSNS * (double)rep->m.tb_hz / 1e9);
	c->planned[c->run][mode_index(cell->mode)] = 1;
	for (r = 0; r < rep->nrec; r++) {
		const struct record *rec = &rep->recs[r];
		struct rg_row *row;

		if ((!rec->nraw && !strcmp(rec->status, "ok")) || !strcmp(rec->status, "skipped"))
			continue;	/* no samples kept, or not for this machine: nothing to count */
		row = row_get(c, rec->name, rec->thread, cell->mode);
		if (!row) {
			fprintf(stderr, "hvbench: error: %s: more than %d rows (bench, thread, mode)\n", run,
				RG_MAX_ROWS);
			return RG_EXIT_BAD_INPUT;
		}
		if (row->st[c->run].have || row->failed[c->run]) {
			fprintf(stderr, "hvbench: error: %s: %s (thread %u, %s) appears twice: regress judges run directories of one repetition\n",
				run, rec->name, rec->thread, cell->mode);
			return RG_EXIT_BAD_INPUT;
		}
		snprintf(row->req, sizeof(row->req), "%s", rec->req);
		if (strcmp(rec->status, "ok")) {
			row->failed[c->run] = 1;
			continue;
		}
		stat_fill(&row->st[c->run], rec->raw, rec->nraw, outlier_ticks);
	}
	return 0;
}

static int load_run(struct rg_ctx *c, int run)
{
	struct rundir_index ix;
	char err[512];
	size_t i;
	int rc;

	c->run = run;
	if (rundir_index_read(c->o->runs[run], &ix, err, sizeof(err))) {
		fprintf(stderr, "hvbench: error: %s\n", err);
		rundir_index_free(&ix);
		return RG_EXIT_BAD_INPUT;
	}
	/* a cell that failed or hung before writing results still says its mode was asked for */
	for (i = 0; i < ix.n; i++)
		if (rundir_mode_valid(ix.cells[i].mode))
			c->planned[run][mode_index(ix.cells[i].mode)] = 1;
	rc = report_walk(c->o->runs[run], &ix, load_cell, c);
	rundir_index_free(&ix);
	if (rc == EXIT_FAILED)
		return RG_EXIT_NO_VERDICT;	/* report's own failure: no verdict, not "regressed" */
	if (!rc && !c->tb_hz[run]) {
		fprintf(stderr, "hvbench: error: %s holds no results to judge\n", c->o->runs[run]);
		return RG_EXIT_BAD_INPUT;
	}
	return rc;
}

/* samples of two boots that differ, sorted order against sorted order */
static size_t moved(const struct rg_stat *a, const struct rg_stat *b)
{
	size_t i, n = a->n < b->n ? a->n : b->n, d = (a->n > b->n ? a->n : b->n) - n;

	for (i = 0; i < n; i++)
		d += a->sorted[i] != b->sorted[i];
	return d;
}

/*
 * Samples missing in a boot of one kernel (first: RG_BASE1 or RG_CAND1):
 * a mode that kernel never ran (no kmod: no vm) is no failure (absent);
 * in a boot that ran the mode (its cell failed or hung, or one boot has
 * the row and the other not) it is (ran).  1 if the row is judged so.
 */
static int missing(const struct rg_ctx *c, struct rg_row *w, int first, int ran, int absent)
{
	const struct rg_stat *a = &w->st[first], *b = &w->st[first + 1];
	const char *who = first == RG_CAND1 ? "candidate" : "base";
	int mi = mode_index(w->mode);

	if (a->have && b->have)
		return 0;
	if (c->planned[first][mi] || c->planned[first + 1][mi]) {
		w->kind = ran;
		snprintf(w->why, sizeof(w->why), "no samples in the %s's boot %s, which ran mode %s%s", who,
			 a->have ? "2" : b->have ? "1" : "1 and 2", w->mode,
			 first == RG_CAND1 ? " (its cell failed or hung?)" : ": nothing to judge against");
	} else {
		w->kind = absent;
		snprintf(w->why, sizeof(w->why), "mode %s not run on the %s%s", w->mode, who,
			 first == RG_CAND1 ? " (a kernel without kmod's switch runs rm only)" : "");
	}
	return 1;
}

static void judge_row(struct rg_ctx *c, struct rg_row *w, double ipt, double threshold)
{
	const struct rg_stat *b1 = &w->st[RG_BASE1], *b2 = &w->st[RG_BASE2];
	const struct rg_stat *c1 = &w->st[RG_CAND1], *c2 = &w->st[RG_CAND2];

	w->by_mode = b1->have && b2->have && c1->have && c2->have &&
		     b1->at_mode >= RG_MODE_SHARE * b1->ncore && b2->at_mode >= RG_MODE_SHARE * b2->ncore &&
		     c1->at_mode >= RG_MODE_SHARE * c1->ncore && c2->at_mode >= RG_MODE_SHARE * c2->ncore;
	w->base = !b1->have || !b2->have ? NAN : w->by_mode ? (double)b1->mode * ipt :
		  (b1->core + b2->core) / 2 * ipt;
	w->cand = !c1->have || !c2->have ? NAN : w->by_mode ? (double)c1->mode * ipt :
		  (c1->core + c2->core) / 2 * ipt;
	w->delta = w->cand - w->base;
	if ((w->failed[RG_CAND1] || w->failed[RG_CAND2]) && (w->failed[RG_BASE1] || w->failed[RG_BASE2])) {
		w->kind = RV_BOTH_FAILED;
		snprintf(w->why, sizeof(w->why), "the bench failed in both kernels: nothing to judge (see their results.json)");
		return;
	}
	if (w->failed[RG_CAND1] || w->failed[RG_CAND2]) {
		w->kind = RV_FAILED;
		snprintf(w->why, sizeof(w->why), "the bench failed in the candidate's boot %s (see its results.json)",
			 w->failed[RG_CAND1] ? (w->failed[RG_CAND2] ? "1 and 2" : "1") : "2");
		return;
	}
	if (w->failed[RG_BASE1] || w->failed[RG_BASE2]) {
		w->kind = RV_NONDET;
		snprintf(w->why, sizeof(w->why), "the bench failed in the base's boot %s: nothing to judge against",
			 w->failed[RG_BASE1] ? "1" : "2");
		return;
	}
	if (missing(c, w, RG_CAND1, RV_FAILED, RV_NOT_RUN) || missing(c, w, RG_BASE1, RV_NONDET, RV_NEW))
		return;
	if (w->by_mode ? b1->mode != b2->mode || c1->mode != c2->mode :
	    fabs(b1->core - b2->core) * ipt > RG_DETERMINISM_INSNS ||
	    fabs(c1->core - c2->core) * ipt > RG_DETERMINISM_INSNS) {
		int base = w->by_mode ? b1->mode != b2->mode : fabs(b1->core - b2->core) * ipt > RG_DETERMINISM_INSNS;
		const struct rg_stat *x = base ? b1 : c1, *y = base ? b2 : c2;

		w->kind = RV_NONDET;
		snprintf(w->why, sizeof(w->why),
			 "the %s's two boots disagree: %.2f vs %.2f instructions (most common %.0f vs %.0f, %zu vs %zu of %zu samples; %zu samples differ)",
			 base ? "base" : "candidate", x->core * ipt, y->core * ipt, (double)x->mode * ipt,
			 (double)y->mode * ipt, x->at_mode, y->at_mode, x->n, moved(x, y));
		return;
	}
	w->kind = w->delta > threshold ? RV_REGRESSED : w->delta < -threshold ? RV_IMPROVED : RV_UNCHANGED;
	/*
	 * A path more than RG_OUTLIER_INSNS longer on a minority of calls lands
	 * above the core, not in the count: more such samples in both of the
	 * candidate's boots than in either of the base's (beyond what interrupt
	 * hits vary by, 2 % of the samples) is a regression too
	 */
	if (w->kind != RV_REGRESSED) {
		size_t hb = b1->outliers > b2->outliers ? b1->outliers : b2->outliers;
		size_t hc = c1->outliers < c2->outliers ? c1->outliers : c2->outliers;
		size_t slack = b1->n / 50 > 8 ? b1->n / 50 : 8;

		if (hc > hb + slack) {
			w->kind = RV_REGRESSED;
			snprintf(w->why, sizeof(w->why), "%zu of %zu samples more than %d instructions above the count in the candidate, at most %zu in the base: a path longer on some calls",
				 hc, c1->n, RG_OUTLIER_INSNS, hb);
		}
	}
}

static int row_cmp(const void *a, const void *b)
{
	const struct rg_row *x = a, *y = b;
	int d = mode_index(x->mode) - mode_index(y->mode);

	if (d)
		return d;
	d = strcmp(x->bench, y->bench);
	return d ? d : (int)x->thread - (int)y->thread;
}

static void row_label(const struct rg_row *w, char *buf, size_t len)
{
	snprintf(buf, len, "%s%s%.0u %s", w->bench, w->thread ? "/t" : "", w->thread, w->mode);
}

/* a count for the table: "-" when a side has none */
static void insns(double v, char *buf, size_t len)
{
	if (isnan(v))
		snprintf(buf, len, "-");
	else
		snprintf(buf, len, "%.1f", v);
}

/* "k/m" interrupt-hit samples of two boots */
static void outl(const struct rg_stat *a, const struct rg_stat *b, char *buf, size_t len)
{
	snprintf(buf, len, "%zu/%zu", a->outliers, b->outliers);
}

static int print_json(const struct rg_ctx *c, double ipt, double threshold, const unsigned int *counts)
{
	json_t *j, *rows = json_array();
	size_t i, k;
	char *s;

	for (i = 0; i < c->nrows; i++) {
		const struct rg_row *w = &c->rows[i];
		json_t *jr = json_pack("{s:s, s:i, s:s, s:s, s:s}", "bench", w->bench, "thread", (int)w->thread,
				       "mode", w->mode, "hcall", w->req, "verdict", rv_names[w->kind]);

		if (!jr)
			continue;
		for (k = 0; k < 2; k++) {
			const struct rg_stat *a = &w->st[2 * k], *b = &w->st[2 * k + 1];
			json_t *side = json_object();

			if (a->have && b->have) {
				json_object_set_new(side, "insns", json_pack("[f, f]", a->core * ipt, b->core * ipt));
				json_object_set_new(side, "most_common", json_pack("[f, f]", (double)a->mode * ipt,
										   (double)b->mode * ipt));
				json_object_set_new(side, "samples", json_pack("[I, I]", (json_int_t)a->n, (json_int_t)b->n));
				json_object_set_new(side, "at_mode", json_pack("[I, I]", (json_int_t)a->at_mode,
									       (json_int_t)b->at_mode));
				json_object_set_new(side, "outliers", json_pack("[I, I]", (json_int_t)a->outliers,
										(json_int_t)b->outliers));
				json_object_set_new(side, "samples_differ", json_integer((json_int_t)moved(a, b)));
			}
			json_object_set_new(jr, k ? "cand" : "base", side);
		}
		if (!isnan(w->delta))
			json_object_set_new(jr, "delta_insns", json_real(w->delta));
		if (w->why[0])
			json_object_set_new(jr, "why", json_string(w->why));
		json_object_set_new(jr, "counted_by", json_string(w->by_mode ? "most_common" : "core_mean"));
		json_array_append_new(rows, jr);
	}
	j = json_pack("{s:s, s:i, s:s, s:s, s:s, s:s, s:f, s:f, s:i, s:i, s:i, s:i, s:i, s:i, s:o}",
		      "format", "hvbench-regress", "version", 1,
		      "base", c->o->label[0], "cand", c->o->label[1],
		      "base_release", c->release[RG_BASE1], "cand_release", c->release[RG_CAND1],
		      "insns_per_tick", ipt, "threshold_insns", threshold,
		      "regressed", counts[RV_REGRESSED], "improved", counts[RV_IMPROVED],
		      "unchanged", counts[RV_UNCHANGED], "nondeterministic", counts[RV_NONDET],
		      "failed", counts[RV_FAILED], "failed_in_both", counts[RV_BOTH_FAILED], "rows", rows);
	if (!j || json_array_size(rows) != c->nrows) {
		fprintf(stderr, "hvbench: error: the verdict cannot be written as JSON (a name that is not UTF-8?)\n");
		json_decref(j);
		return RG_EXIT_NO_VERDICT;
	}
	json_object_set_new(j, "runs", json_pack("[s, s, s, s]", c->o->runs[0], c->o->runs[1],
						 c->o->runs[2], c->o->runs[3]));
	if (c->o->kernel[0] && c->o->kernel[1])
		json_object_set_new(j, "kernels", json_pack("[s, s]", c->o->kernel[0], c->o->kernel[1]));
	s = json_dumps(j, JSON_INDENT(1));
	if (s)
		fprintf(c->o->out, "%s\n", s);
	free(s);
	json_decref(j);
	return s ? 0 : RG_EXIT_NO_VERDICT;
}

static void print_junit(const struct rg_ctx *c, const unsigned int *counts)
{
	FILE *f = c->o->out;
	char label[RUNDIR_MAX_NAME + 32];
	size_t i;

	fprintf(f, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuite name=\"hvbench regress\" tests=\"%zu\" failures=\"%u\" errors=\"%u\" skipped=\"%u\">\n",
		c->nrows, counts[RV_REGRESSED] + counts[RV_FAILED], counts[RV_NONDET] + counts[RV_BOTH_FAILED],
		counts[RV_NOT_RUN] + counts[RV_NEW]);
	for (i = 0; i < c->nrows; i++) {
		const struct rg_row *w = &c->rows[i];

		row_label(w, label, sizeof(label));
		fprintf(f, "  <testcase classname=\"hvbench.regress\" name=\"");
		report_xml_escape(f, label);
		fprintf(f, "\">");
		if (w->kind == RV_REGRESSED && w->why[0]) {
			fprintf(f, "<failure message=\"");
			report_xml_escape(f, w->why);
			fprintf(f, "\"/>");
		} else if (w->kind == RV_REGRESSED) {
			fprintf(f, "<failure message=\"%.1f -&gt; %.1f instructions (%+.1f)\"/>", w->base, w->cand,
				w->delta);
		} else if (w->kind == RV_FAILED || w->kind == RV_NONDET || w->kind == RV_BOTH_FAILED) {
			fprintf(f, w->kind == RV_FAILED ? "<failure message=\"" : "<error message=\"%s: ", rv_names[w->kind]);
			report_xml_escape(f, w->why);
			fprintf(f, "\"/>");
		} else if (w->kind == RV_NOT_RUN || w->kind == RV_NEW) {
			fprintf(f, "<skipped message=\"");
			report_xml_escape(f, w->why);
			fprintf(f, "\"/>");
		}
		fprintf(f, "</testcase>\n");
	}
	fprintf(f, "</testsuite>\n");
}

static void print_table(const struct rg_ctx *c, double ipt, double threshold, const unsigned int *counts)
{
	FILE *f = c->o->out;
	int md = c->o->format == RG_FMT_MARKDOWN;
	char label[RUNDIR_MAX_NAME + 32], ob[32], oc[32], d[32];
	size_t i;

	fprintf(f, "%sbase: %s (%s)\n%scandidate: %s (%s)\n%s", md ? "- " : "", c->o->label[0],
		c->release[RG_BASE1], md ? "- " : "", c->o->label[1], c->release[RG_CAND1], md ? "\n" : "");
	if (md)
		fprintf(f, "| hcall, mode | timed call | base insns | cand insns | delta | interrupt-hit samples (base, cand) | verdict |\n| --- | --- | --- | --- | --- | --- | --- |\n");
	else
		fprintf(f, "%-22s %-20s %11s %11s %8s %11s %11s  %s\n", "bench mode", "timed call", "base insns",
			"cand insns", "delta", "hit base", "hit cand", "verdict");
	for (i = 0; i < c->nrows; i++) {
		const struct rg_row *w = &c->rows[i];
		char bi[32], ci[32];

		row_label(w, label, sizeof(label));
		insns(w->base, bi, sizeof(bi));
		insns(w->cand, ci, sizeof(ci));
		outl(&w->st[RG_BASE1], &w->st[RG_BASE2], ob, sizeof(ob));
		outl(&w->st[RG_CAND1], &w->st[RG_CAND2], oc, sizeof(oc));
		if (isnan(w->delta))
			snprintf(d, sizeof(d), "-");
		else if (w->by_mode)
			snprintf(d, sizeof(d), "%+.0f", w->delta);
		else
			snprintf(d, sizeof(d), "~%+.1f", w->delta);
		if (md)
			fprintf(f, "| %s | %s | %s | %s | %s | %s, %s | %s |\n", label, w->req, bi, ci,
				d, ob, oc, rv_names[w->kind]);
		else
			fprintf(f, "%-22s %-20s %11s %11s %8s %11s %11s  %s\n", label, w->req, bi, ci,
				d, ob, oc, rv_names[w->kind]);
	}
	fprintf(f, "%s%u regressed, %u improved, %u unchanged, %u nondeterministic, %u failed, %u failed in both (threshold %.2f instructions; a timebase tick is %.2f instruction%s under -icount)\n",
		md ? "\n" : "", counts[RV_REGRESSED], counts[RV_IMPROVED], counts[RV_UNCHANGED], counts[RV_NONDET],
		counts[RV_FAILED], counts[RV_BOTH_FAILED], threshold, ipt, ipt == 1 ? "" : "s");
	for (i = 0; i < c->nrows; i++) {
		const struct rg_row *w = &c->rows[i];

		if (!w->why[0])
			continue;
		row_label(w, label, sizeof(label));
		fprintf(f, "%s%s: %s: %s\n", md ? "- " : "", rv_names[w->kind], label, w->why);
	}
	fprintf(f, "%sinstructions: a row's most common sample where it holds %.0f %% of every boot's core (both boots of a kernel must agree on it), else the mean of the core, the samples within %d instructions of it, over both boots (which must agree within %.2f, marked ~); samples further above were hit by an interrupt and are counted apart (hit base, hit cand: boot 1/boot 2)\n",
		md ? "\n" : "", RG_MODE_SHARE * 100, RG_OUTLIER_INSNS, RG_DETERMINISM_INSNS);
}

int regress_judge(const struct regress_opts *o)
{
	struct rg_ctx c = { .o = o };
	unsigned int counts[NR_RV] = { 0 };
	double ipt, threshold;
	size_t i;
	int r, rc = 0;

	c.rows = calloc(RG_MAX_ROWS, sizeof(*c.rows));
	if (!c.rows) {
		fprintf(stderr, "hvbench: error: out of memory for %d rows\n", RG_MAX_ROWS);
		return RG_EXIT_NO_VERDICT;
	}
	for (r = 0; r < RG_NR_RUNS && !rc; r++)
		rc = load_run(&c, r);
	if (rc)
		goto out;
	for (r = 1; r < RG_NR_RUNS; r++)
		if (c.tb_hz[r] != c.tb_hz[0]) {
			fprintf(stderr, "hvbench: error: %s and %s ran with different timebases (%llu and %llu Hz): their ticks are not the same instructions\n",
				o->runs[0], o->runs[r], (unsigned long long)c.tb_hz[0],
				(unsigned long long)c.tb_hz[r]);
			rc = RG_EXIT_BAD_INPUT;
			goto out;
		}
	ipt = 1e9 / (double)c.tb_hz[0];	/* -icount shift=0: 1 ns per instruction */
	/*
	 * The default: any increase beyond the timebase's resolution, one tick:
	 * at 1 GHz a path one instruction longer (a delta of 0.5 or more: the
	 * core means resolve fractions of a tick), at 512 MHz one tick more
	 */
	threshold = o->threshold >= 0 ? o->threshold : ipt <= 1 ? 0.5 : ipt;
	for (i = 0; i < c.nrows; i++) {
		judge_row(&c, &c.rows[i], ipt, threshold);
		counts[c.rows[i].kind]++;
	}
	qsort(c.rows, c.nrows, sizeof(*c.rows), row_cmp);
	if (!c.nrows) {
		fprintf(stderr, "hvbench: error: no bench in %s kept its samples (hvbench run --raw): nothing to judge\n",
			o->runs[0]);
		rc = RG_EXIT_BAD_INPUT;
		goto out;
	}
	if (o->format == RG_FMT_JSON)
		rc = print_json(&c, ipt, threshold, counts);
	else if (o->format == RG_FMT_JUNIT)
		print_junit(&c, counts);
	else
		print_table(&c, ipt, threshold, counts);
	if (!rc)
		rc = counts[RV_REGRESSED] || counts[RV_FAILED] ? RG_EXIT_REGRESSED :
		     counts[RV_NONDET] || counts[RV_BOTH_FAILED] ? RG_EXIT_NO_VERDICT : RG_EXIT_OK;
out:
	free(c.rows);
	return rc;
}
