// Settings shared by the property-based tests (fast-check): a seed printed
// with each test so a failure can be replayed (CNN_WORKBENCH_PROPERTY_SEED),
// a bounded number of runs, and a time limit per case so a hang fails the
// test instead of stalling the suite.

import type { TestContext } from 'node:test';
import type { Parameters } from 'fast-check';

export function propertySettings<T>(t: TestContext, numRuns: number): Parameters<T> {
  const given = process.env.CNN_WORKBENCH_PROPERTY_SEED;
  const seed = given ? Number(given) | 0 : (Math.random() * 2 ** 31) | 0;
  t.diagnostic(`fast-check seed ${seed} (replay with CNN_WORKBENCH_PROPERTY_SEED=${seed})`);
  return { seed, numRuns, endOnFailure: true };
}

/** Rejects when `work` takes longer than `ms`: no input may hang a parser or the server. */
export async function within<T>(ms: number, what: string, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms} ms (a hang)`)), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Nothing an input did may add properties to Object.prototype (prototype pollution). */
export function assertPrototypeClean(): void {
  const polluted = Object.getOwnPropertyNames(Object.prototype).filter((name) => !PROTOTYPE_NAMES.has(name));
  if (polluted.length > 0) throw new Error(`Object.prototype was polluted with ${polluted.join(', ')}`);
  if (Object.getOwnPropertyNames(Array.prototype).length !== ARRAY_PROTOTYPE_SIZE) throw new Error('Array.prototype was polluted');
}

const PROTOTYPE_NAMES = new Set(Object.getOwnPropertyNames(Object.prototype));
const ARRAY_PROTOTYPE_SIZE = Object.getOwnPropertyNames(Array.prototype).length;

/**
 * JSON text that may hold the keys attackers like (`__proto__`, `constructor`,
 * `prototype`) as real own keys, which building objects in JavaScript cannot.
 */
export function jsonText(entries: [string, string][]): string {
  return `{${entries.map(([key, value]) => `${JSON.stringify(key)}:${value}`).join(',')}}`;
}
