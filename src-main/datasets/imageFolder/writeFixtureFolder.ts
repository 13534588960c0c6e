// Writes a folder of generated PNGs for measuring imports (never commit the
// output): node dist/src-main/datasets/imageFolder/writeFixtureFolder.js FOLDER COUNT [SIZE] [CLASSES]

import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CLASS_COLOURS, encodeFixture } from './imageFixtures.js';

const [folder, countText, sizeText = '32', classesText = '10'] = process.argv.slice(2);
const [count, size, classes] = [Number(countText), Number(sizeText), Number(classesText)];
if (!folder || !(count > 0) || !(size > 0) || !(classes >= 2)) {
  console.error('usage: writeFixtureFolder FOLDER COUNT [SIZE=32] [CLASSES=10]');
  process.exit(2);
}
for (let c = 0; c < classes; c++) await mkdir(join(folder, `class-${c}`), { recursive: true });
const started = performance.now();
let next = 0;
async function writeSome(): Promise<void> {
  while (next < count) {
    const i = next++;
    const label = i % classes;
    const colour = CLASS_COLOURS[label % CLASS_COLOURS.length].map((v) => (v + label * 17) % 256);
    await writeFile(join(folder, `class-${label}`, `img-${i}.png`), await encodeFixture(size, size, colour, i, 'png'));
  }
}
await Promise.all(Array.from({ length: 8 }, writeSome));
console.log(`${count} ${size}×${size} PNGs in ${classes} class folders under ${folder}, ${((performance.now() - started) / 1000).toFixed(1)} s`);
