// Runs an async function over a list with at most `concurrency` calls in
// flight and yields the outcomes in list order. Memory stays bounded by the
// window (never the list), and the order of the output never depends on which
// call happened to finish first — an import is the same file every time.

export type Outcome<R> = { ok: true; value: R } | { ok: false; error: unknown };

export async function* mapInOrder<T, R>(
  items: readonly T[],
  concurrency: number,
  work: (item: T) => Promise<R>,
  signal?: AbortSignal,
): AsyncGenerator<Outcome<R>> {
  if (!(Number.isSafeInteger(concurrency) && concurrency >= 1)) throw new RangeError(`concurrency must be a whole number ≥ 1, got ${concurrency}`);
  const window: Promise<Outcome<R>>[] = [];
  let next = 0;
  const launch = () => {
    const item = items[next++];
    window.push(
      work(item).then(
        (value): Outcome<R> => ({ ok: true, value }),
        (error: unknown): Outcome<R> => ({ ok: false, error }),
      ),
    );
  };
  try {
    while (next < items.length || window.length > 0) {
      signal?.throwIfAborted();
      while (window.length < concurrency && next < items.length) launch();
      yield await (window.shift() as Promise<Outcome<R>>);
    }
  } finally {
    // Calls still in flight settle on their own (their outcomes are already caught); none is left rejecting unobserved.
    await Promise.all(window);
  }
}
