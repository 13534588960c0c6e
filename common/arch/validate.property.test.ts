// Architecture JSON found by machine: the presets with fields replaced by
// hostile values (huge, tiny, negative zero, non-finite, deep nesting, long
// text), documents carrying `__proto__` and `constructor` keys, and random
// JSON. Every text is either a valid spec that shape analysis can take, or an
// ArchitectureValidationError naming the file; never another exception, never
// a polluted prototype, never slow. Replay with CNN_WORKBENCH_PROPERTY_SEED.

import assert from 'node:assert/strict';
import test from 'node:test';
import fc from 'fast-check';
import { analyzeArchitecture } from './analyze.js';
import { PRESETS } from './presets.js';
import { ArchitectureValidationError, parseArchitectureJson } from './validate.js';

function settings(t: test.TestContext, numRuns: number): fc.Parameters<unknown> {
  const given = process.env.CNN_WORKBENCH_PROPERTY_SEED;
  const seed = given ? Number(given) | 0 : (Math.random() * 2 ** 31) | 0;
  t.diagnostic(`fast-check seed ${seed} (replay with CNN_WORKBENCH_PROPERTY_SEED=${seed})`);
  return { seed, numRuns, endOnFailure: true };
}

const PROTOTYPE_KEYS = Object.getOwnPropertyNames(Object.prototype).length;

function nested(depth: number): string {
  return `${'['.repeat(depth)}1${']'.repeat(depth)}`;
}

/** JSON text of a value an attacker or a careless edit would put in a field. */
const hostileValueText = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }).map((value) => JSON.stringify(value)),
  fc.constantFrom('1e308', '-1e308', '1e400', '9007199254740993', '5e-324', '-0', '4294967297', '0.5', '-1', '1024', '16385'),
  fc.integer({ min: 1, max: 100_000 }).map(nested),
  fc.constantFrom('{"__proto__":{"polluted":true}}', '{"constructor":{"prototype":{"polluted":true}}}', '"__proto__"', '"constructor"'),
  fc.string({ maxLength: 3000 }).map((text) => JSON.stringify(text)),
);

/** A preset with one field (top level, input, or a layer's) replaced by hostile JSON text. */
const mutatedPreset = fc
  .record({
    preset: fc.constantFrom(...PRESETS),
    target: fc.oneof(
      fc.constantFrom('format', 'version', 'name', 'input', 'layers', 'description', '__proto__', 'constructor'),
      fc.tuple(fc.constantFrom('channels', 'height', 'width', '__proto__'), fc.constant('input')),
      fc.tuple(fc.nat({ max: 40 }), fc.constantFrom('type', 'filters', 'kernelSize', 'stride', 'padding', 'units', 'size', 'rate', 'slope', 'id', '__proto__', 'constructor', 'momentum')),
    ),
    value: hostileValueText,
  })
  .map(({ preset, target, value }) => {
    const spec = structuredClone(preset.architecture) as unknown as Record<string, unknown>;
    const input = spec.input as Record<string, unknown>;
    const layers = spec.layers as Record<string, unknown>[];
    const marker = '\u0000HOSTILE\u0000';
    // An own property even for `__proto__` (assignment would set the prototype), so the text carries it as JSON.parse reads it.
    const put = (object: object, key: string) => Object.defineProperty(object, key, { value: marker, enumerable: true, writable: true, configurable: true });
    if (typeof target === 'string') put(spec, target);
    else if (target[1] === 'input') put(input, target[0]);
    else put(layers[target[0] % layers.length], target[1]);
    return JSON.stringify(spec).replace(JSON.stringify(marker), value);
  });

function assertHandled(text: string): void {
  const started = performance.now();
  try {
    const spec = parseArchitectureJson(text, 'net.json');
    const analysis = analyzeArchitecture(spec, { numClasses: 10 });
    assert.equal(typeof analysis.valid, 'boolean');
    if (!analysis.valid) assert.ok(analysis.errors.every((error) => typeof error.message === 'string' && error.message.length > 0));
  } catch (error) {
    assert.ok(error instanceof ArchitectureValidationError, `not a validation error: ${(error as Error)?.stack}`);
    assert.ok(error.message.startsWith('net.json: '), error.message.slice(0, 200));
    assert.ok(error.message.length < 20_000, `a ${error.message.length}-character message`);
  }
  assert.ok(performance.now() - started < 2_000, 'validated quickly');
  assert.equal(Object.getOwnPropertyNames(Object.prototype).length, PROTOTYPE_KEYS, 'Object.prototype untouched');
  assert.equal(({} as Record<string, unknown>).polluted, undefined, 'no pollution');
}

test('presets with a field replaced by hostile JSON are validated or refused naming the file', (t) => {
  fc.assert(fc.property(mutatedPreset, assertHandled), settings(t, 400));
});

test('random JSON documents are refused naming the file', (t) => {
  fc.assert(
    fc.property(fc.oneof(fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)), fc.string({ maxLength: 200 })), assertHandled),
    settings(t, 300),
  );
});

test('a document nested 100,000 levels deep is refused with a sentence, not a RangeError', () => {
  assertHandled(`{"format":${nested(100_000)}}`);
  assertHandled(`{"layers":[${nested(100_000)}]}`);
});
