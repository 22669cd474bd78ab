// SPDX-License-Identifier: GPL-2.0
/*
 * hvbench report's HTML page, index.html: the runs' provenance, the summary
 * table, the HPT advice from sweeps and every chart (SVG, with links to the
 * PNG, PDF and CSV beside it).  Readable offline: no external asset, every
 * reference relative to the report directory.  Every string from a run
 * directory is escaped (it is printable ASCII already: read.c checks it).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "html.h"

static const char style[] =
	"body{font-family:sans-serif;margin:2em;color:#222;max-width:1200px}"
	"table{border-collapse:collapse;margin:1em 0;font-size:90%}"
	"th,td{border:1px solid #ccc;padding:3px 8px;text-align:right}"
	"th{background:#f0f0f0}td.l,th.l{text-align:left}"
	"figure{margin:1.5em 0}img{max-width:100%;border:1px solid #ddd}"
	"figcaption{font-size:90%;color:#444}.note{color:#8a4b00}";

static void provenance(FILE *f, const struct series_set *ss)
{
	unsigned int i;

	fputs("<h2 id=\"runs\">Runs</h2>\n<table>\n<tr><th class=\"l\">run</th><th class=\"l\">directory</th>"
	      "<th class=\"l\">host</th><th class=\"l\">kernel</th><th class=\"l\">CPU (PVR)</th>"
	      "<th>timebase</th><th class=\"l\">layout</th><th class=\"l\">seed</th>"
	      "<th>collectors' probe effect</th></tr>\n", f);
	for (i = 0; i < ss->nruns; i++) {
		const struct run_info *ri = &ss->runs[i];

		fputs("<tr><td class=\"l\">", f);
		report_xml_escape(f, ri->label);
		fputs("</td><td class=\"l\">", f);
		report_xml_escape(f, ri->path);
		fputs("</td><td class=\"l\">", f);
		report_xml_escape(f, ri->host);
		if (ri->qemu[0] || !strcmp(ri->host, "emulated")) {
			fputs(" (QEMU ", f);
			report_xml_escape(f, ri->qemu[0] ? ri->qemu : "version missing");
			fputs(ri->icount ? ", TCG, -icount: ticks count instructions)" : ", TCG: compare ratios)", f);
		}
		fputs("</td><td class=\"l\">", f);
		report_xml_escape(f, ri->release);
		fputs("</td><td class=\"l\">", f);
		report_xml_escape(f, ri->cpu);
		fputs(" (", f);
		report_xml_escape(f, ri->pvr);
		fprintf(f, ")</td><td>%llu Hz</td><td class=\"l\">%s, %zu cell%s read of %zu%s</td><td class=\"l\">",
			(unsigned long long)ri->tb_hz, ri->matrix ? "matrix" : "single boot", ri->cells_read,
			ri->cells_read == 1 ? "" : "s", ri->cells, ri->partial ? ", partial (interrupted)" : "");
		report_xml_escape(f, ri->seed);
		if (ri->calib)
			fprintf(f, "</td><td>%+.1f %% (null_rm, %s: %lld &rarr; %lld ticks)</td></tr>\n",
				((double)ri->calib_with / (double)ri->calib_without - 1) * 100, ri->calib_mode,
				ri->calib_without, ri->calib_with);
		else
			fputs("</td><td>-</td></tr>\n", f);
	}
	fputs("</table>\n", f);
}

static double ns_of(double ticks, uint64_t tb_hz)
{
	return tb_hz ? ticks * 1e9 / (double)tb_hz : 0;
}

static void summary(FILE *f, const struct series_set *ss)
{
	size_t i;

	fputs("<h2 id=\"summary\">Summary</h2>\n<p>Round trips seen by the guest, in timebase ticks "
	      "(ns below each); repetitions merged for the percentiles; <i>p50 over reps</i> is the mean of "
	      "the repetitions' p50 with its 95 % confidence interval. <i>handler</i> is the host's time in "
	      "the hcall handler from the run's collector; the rest of the round trip is the transition.</p>\n"
	      "<table>\n<tr><th class=\"l\">run</th><th class=\"l\">bench</th><th class=\"l\">hcall</th>"
	      "<th class=\"l\">mode</th><th>HPT order</th><th>SMT</th><th>reps</th><th>calls</th>"
	      "<th>p50 over reps</th><th>p50</th><th>p90</th><th>p99</th><th>max</th><th>handler p50</th>"
	      "<th>transition</th></tr>\n", f);
	for (i = 0; i < ss->n; i++) {
		const struct series *s = &ss->s[i];
		const struct run_info *ri = &ss->runs[s->run];
		double mean, lo, hi;

		series_p50_ci(s, &mean, &lo, &hi);
		fputs("<tr><td class=\"l\">", f);
		report_xml_escape(f, ri->label);
		fputs("</td><td class=\"l\">", f);
		report_xml_escape(f, s->bench);
		if (s->thread)
			fprintf(f, " thread %u", s->thread);
		fputs("</td><td class=\"l\">", f);
		report_xml_escape(f, s->req);
		fputs("</td><td class=\"l\">", f);
		report_xml_escape(f, s->mode);
		fprintf(f, "</td><td>%d</td><td>%d</td><td>%u</td><td>%llu</td>", s->order, s->smt, s->nrep,
			(unsigned long long)s->sum.count);
		if (s->nrep > 1)
			fprintf(f, "<td>%.0f [%.0f, %.0f]</td>", mean, lo, hi);
		else
			fprintf(f, "<td>%.0f (1 rep: no interval)</td>", mean);
		fprintf(f, "<td>%llu<br>%.0f ns</td><td>%llu<br>%.0f ns</td><td>%llu<br>%.0f ns</td><td>%llu</td>",
			(unsigned long long)s->sum.p50, ns_of((double)s->sum.p50, ri->tb_hz),
			(unsigned long long)s->sum.p90, ns_of((double)s->sum.p90, ri->tb_hz),
			(unsigned long long)s->sum.p99, ns_of((double)s->sum.p99, ri->tb_hz),
			(unsigned long long)s->sum.max);
		if (s->host_n && s->sum.p50) {
			double hp = s->host_p50_sum / s->host_n;

			fprintf(f, "<td>%.0f (%s)</td><td>%.1f %%</td></tr>\n", hp, s->host_mode,
				((double)s->sum.p50 - hp) * 100.0 / (double)s->sum.p50);
		} else {
			fputs("<td>-</td><td>-</td></tr>\n", f);
		}
	}
	fputs("</table>\n", f);
}

/*
 * From each sweep whose bench fills the table: the smallest order with no
 * H_PTEG_FULL and a p99 within the margin of the best order's, next to
 * QEMU's rule (1/128 of the guest's RAM) and PAPR's (1/64).
 */
static void advice(FILE *f, const struct series_set *ss, double margin)
{
	size_t i, j;
	int any = 0;

	for (i = 0; i < ss->n; i++) {
		const struct series *s = &ss->s[i], *best = NULL, *pick = NULL;
		const struct run_info *ri = &ss->runs[s->run];
		uint64_t best_p99 = UINT64_MAX;
		int seen = 0, first = 1, fills = 0;

		/* the first series of its sweep speaks for it */
		for (j = 0; j < i && first; j++) {
			const struct series *t = &ss->s[j];

			first = !(t->run == s->run && t->thread == s->thread && t->smt == s->smt &&
				  !strcmp(t->mode, s->mode) && !strcmp(t->bench, s->bench));
		}
		if (!first)
			continue;
		/* the best p99 among the orders that never answered H_PTEG_FULL */
		for (j = 0; j < ss->n; j++) {
			const struct series *t = &ss->s[j];

			if (t->run != s->run || t->thread != s->thread || t->smt != s->smt ||
			    strcmp(t->mode, s->mode) || strcmp(t->bench, s->bench))
				continue;
			seen++;
			fills |= series_fills(t);
			if (!t->pteg_full && t->sum.p99 < best_p99) {
				best_p99 = t->sum.p99;
				best = t;
			}
		}
		if (seen < 2 || !fills)
			continue;
		for (j = 0; best && j < ss->n; j++) {
			const struct series *t = &ss->s[j];

			if (t->run != s->run || t->thread != s->thread || t->smt != s->smt ||
			    strcmp(t->mode, s->mode) || strcmp(t->bench, s->bench) || t->pteg_full)
				continue;
			if ((double)t->sum.p99 <= (double)best_p99 * (1 + margin) && (!pick || t->order < pick->order))
				pick = t;
		}
		if (!any++)
			fprintf(f, "<h2 id=\"advice\">HPT advice</h2>\n<p>Per sweep of a bench that fills the table: "
				"the smallest HPT order with no H_PTEG_FULL and a p99 within %.0f %% of the best "
				"p99 among the orders with no H_PTEG_FULL.</p>\n<table>\n<tr><th class=\"l\">run</th><th class=\"l\">bench (load)</th>"
				"<th class=\"l\">mode</th><th>SMT</th><th>orders swept</th><th>best p99 at</th>"
				"<th>advised order</th><th>QEMU's rule (RAM/128)</th><th>PAPR (RAM/64)</th></tr>\n",
				margin * 100);
		fputs("<tr><td class=\"l\">", f);
		report_xml_escape(f, ri->label);
		fputs("</td><td class=\"l\">", f);
		report_xml_escape(f, s->bench);
		if (s->thread)
			fprintf(f, " thread %u", s->thread);
		fprintf(f, " (%llu calls)</td><td class=\"l\">", (unsigned long long)(s->nrep ? s->calls / s->nrep : 0));
		report_xml_escape(f, s->mode);
		fprintf(f, "</td><td>%d</td><td>%d</td>", s->smt, seen);
		if (best)
			fprintf(f, "<td>%d</td>", best->order);
		else
			fputs("<td>-</td>", f);
		if (pick)
			fprintf(f, "<td class=\"advised\">%d</td>", pick->order);
		else
			fputs("<td class=\"note\">none: every order answered H_PTEG_FULL or missed the margin</td>", f);
		if (ri->mem_mib > 0)
			fprintf(f, "<td>%d</td><td>%d</td></tr>\n", series_qemu_order(ri->mem_mib),
				series_papr_order(ri->mem_mib));
		else
			fputs("<td>guest RAM missing</td><td>-</td></tr>\n", f);
	}
	if (any)
		fputs("</table>\n", f);
}

static void figures(FILE *f, const struct charts *c, int kind, const char *heading, const char *id)
{
	size_t i;
	int any = 0;

	for (i = 0; i < c->n; i++) {
		const struct chart *ch = &c->list[i];

		if (ch->kind != kind)
			continue;
		if (!any++)
			fprintf(f, "<h2 id=\"%s\">%s</h2>\n", id, heading);
		static const char *const links[][2] = { { "png", "PNG" }, { "pdf", "PDF" }, { "csv", "data (CSV)" } };
		unsigned int k;

		fputs("<figure><img src=\"", f);
		report_xml_escape(f, ch->name);
		fputs(".svg\" alt=\"", f);
		report_xml_escape(f, ch->caption);
		fputs("\"><figcaption>", f);
		report_xml_escape(f, ch->caption);
		fputs(" &mdash;", f);
		for (k = 0; k < sizeof(links) / sizeof(links[0]); k++) {
			fputs(" <a href=\"", f);
			report_xml_escape(f, ch->name);
			fprintf(f, ".%s\">%s</a>", links[k][0], links[k][1]);
		}
		fputs("</figcaption></figure>\n", f);
	}
}

int html_write(int outfd, const char *outdir, const struct series_set *ss, const struct charts *c,
	       double margin)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	int e;

	if (!f) {
		report_err("out of memory for the HTML page");
		return EXIT_FAILED;
	}
	fprintf(f, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
		"<title>hvbench report</title>\n<style>%s</style>\n</head>\n<body>\n<h1>hvbench report</h1>\n",
		style);
	fprintf(f, "<p>%u run%s: <a href=\"#runs\">provenance</a>, <a href=\"#summary\">summary</a>, "
		"<a href=\"#charts\">charts</a>; every chart as SVG, PNG and PDF with its data as CSV; "
		"the plain-text summary is <a href=\"summary.txt\">summary.txt</a>.</p>\n",
		ss->nruns, ss->nruns == 1 ? "" : "s");
	provenance(f, ss);
	if (ss->left_out)
		fprintf(f, "<p class=\"note\">%llu records lie past the first %d (run, bench, thread, mode, order, SMT) groups: "
			"they are in summary.txt, not in the tables and charts below.</p>\n",
			(unsigned long long)ss->left_out, SERIES_MAX);
	summary(f, ss);
	advice(f, ss, margin);
	fputs("<div id=\"charts\"></div>\n", f);
	figures(f, c, CHART_MODES, "rm / vm / user side by side", "modes");
	figures(f, c, CHART_SPLIT, "Guest round trip against host handler: the transition cost", "split");
	figures(f, c, CHART_CDF, "Latency CDFs", "cdf");
	figures(f, c, CHART_SWEEP, "HPT-order sweeps", "sweep");
	figures(f, c, CHART_HPT, "The HPT's life cycle", "hpt");
	figures(f, c, CHART_NAP, "SMT and nap: napping siblings and wake reasons", "nap");
	figures(f, c, CHART_WAKE, "Waking from H_CEDE: wake latency and early wakes against the vcore's threads", "wake");
	figures(f, c, CHART_PROBE, "The collectors' probe effect", "probe");
	figures(f, c, CHART_HIST, "Histograms, one per record", "hist");
	/* what a browser test reads back: every image decoded */
	fputs("<p id=\"hvb-check\">images loaded: <span id=\"hvb-images\">unknown</span></p>\n"
	      "<script>\nwindow.addEventListener('load', function () {\n"
	      "  var im = document.images, ok = 0;\n"
	      "  for (var i = 0; i < im.length; i++) if (im[i].complete && im[i].naturalWidth > 0) ok++;\n"
	      "  document.getElementById('hvb-images').textContent = ok + '/' + im.length;\n"
	      "});\n</script>\n</body>\n</html>\n", f);
	if (fclose(f)) {
		free(buf);
		report_err("out of memory for the HTML page");
		return EXIT_FAILED;
	}
	e = write_file_atomic_at(outfd, "index.html", buf, len);
	free(buf);
	if (e) {
		report_err("cannot write %s/index.html: %s", outdir, strerror(-e));
		return EXIT_FAILED;
	}
	return 0;
}
