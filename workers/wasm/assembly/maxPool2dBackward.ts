// Routes each dy to the input that won its window. Overlapping windows can
// share a winner, hence the +=. An index outside dx is skipped rather than
// written: this memory is shared with other workers and must never be hit by
// a stray store.

export function maxPool2dBackward(dy: usize, argmax: usize, dx: usize, inputs: i32, outputs: i32): void {
  memory.fill(dx, 0, (<usize>inputs) << 2);
  for (let k = 0; k < outputs; k++) {
    const index = load<i32>(argmax + ((<usize>k) << 2));
    if (<u32>index >= <u32>inputs) continue;
    const at = dx + ((<usize>index) << 2);
    store<f32>(at, load<f32>(at) + load<f32>(dy + ((<usize>k) << 2)));
  }
}
