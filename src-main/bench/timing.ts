// Timing inside an engine process: the warm-up that sizes a measurement, and
// the measurement itself. pytorch_peer.py follows the same rules.

import type { BenchSession } from './engines/engine.js';
import type { WarmupPolicy } from './protocol.js';

/** Warms a new session up as WarmupPolicy describes; returns the seconds one step takes. */
export async function warmUp(session: BenchSession, policy: WarmupPolicy): Promise<number> {
  let start = performance.now();
  await session.step();
  const first = (performance.now() - start) / 1000;
  if (first > policy.slowStepSeconds) return first;
  const begun = start;
  start = performance.now();
  const minSteps = Math.max(1, policy.minSteps - 1);
  let steps = 0;
  while (steps < minSteps || (performance.now() - begun) / 1000 < policy.seconds) {
    await session.step();
    steps++;
  }
  return (performance.now() - start) / 1000 / steps;
}

/** Times `steps` steps after `warmupSteps` untimed ones, stopping early once `maxSeconds` have passed. */
export async function timeSteps(
  session: BenchSession,
  steps: number,
  warmupSteps: number,
  maxSeconds: number,
): Promise<{ seconds: number; steps: number }> {
  for (let i = 0; i < warmupSteps; i++) await session.step();
  const start = performance.now();
  let done = 0;
  while (done < steps) {
    await session.step();
    done++;
    if ((performance.now() - start) / 1000 > maxSeconds) break;
  }
  return { seconds: (performance.now() - start) / 1000, steps: done };
}
