// The machine a bench ran on, so figures from different machines are not
// compared by mistake.

import { availableParallelism, cpus, loadavg, platform, release, totalmem } from 'node:os';
import type { MachineInfo } from './report.js';

export function describeMachine(): MachineInfo {
  return {
    cpu: cpus()[0]?.model.trim() ?? 'unknown',
    cores: availableParallelism(),
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    platform: `${platform()} ${release()}`,
    node: process.version,
    loadAverage: loadavg().map((load) => Math.round(load * 100) / 100),
  };
}
