// Entry point of the forked process behind the bench's peak-RSS figure:
//   node rssEpochChild.js <cnn-workbench train options>
// It is `cnn-workbench train` itself, so the figure covers everything a real
// run holds (dataset bytes, the run store, the coordinator, the pool). When
// training is done it reports the process's peak resident set over IPC.

import { trainCommand } from '../cli/trainCommand.js';

export interface RssEpochMessage {
  exitCode: number;
  /** getrusage's ru_maxrss for this process, all threads included. */
  maxRssBytes: number;
}

const exitCode = await trainCommand(process.argv.slice(2));
const message: RssEpochMessage = { exitCode, maxRssBytes: process.resourceUsage().maxRSS * 1024 };
process.send?.(message, () => process.disconnect());
