/* SPDX-License-Identifier: GPL-2.0 */
#ifndef HVB_CMD_H
#define HVB_CMD_H

int cmd_run(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_doctor(int argc, char **argv);
int cmd_compare(int argc, char **argv);
int cmd_trend(int argc, char **argv);
int cmd_regress(int argc, char **argv);

#endif
