// Timing inside an engine process: the warm-up that sizes a measurement, and
// the measurement itself. pytorch_peer.py follows the same rules.

import type { BenchSession } from './engines/engine.js';
import type { WarmupPolicy } from './protocol.js';

/** Warms a new session up as WarmupPolicy describes; returns the seconds one step takes. */
export async function warmUp(session: BenchSession, policy: WarmupPolicy): Promise<number> {
  const start = performance.now();
  await session.step();
  const first = (performance.now() - start) / 1000;
  if (first > policy.slowStepSeconds) return first;
  const minSteps = Math.max(1, policy.minSteps - 1);
  let fastest = Infinity;
  for (let steps = 0; steps < minSteps || (performance.now() - start) / 1000 < policy.seconds; steps++) {
    const stepStart = performance.now();
    await session.step();
    fastest = Math.min(fastest, (performance.now() - stepStart) / 1000);
  }
  return fastest;
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
