// Where this process's resident memory sits, for the store benchmark's
// "memory stays flat" figures: V8's counters say nothing about memory C++
// code (better-sqlite3, Node's per-worker state, ArrayBuffer backing stores)
// took from malloc and glibc kept after it was freed. Linux only (from
// /proc/self/smaps); null elsewhere.

import { readFileSync } from 'node:fs';

/** glibc's heaps for arenas other than the main one: 64 MiB reserved, aligned to 64 MiB (HEAP_MAX_SIZE on 64-bit). */
const ARENA_HEAP_BYTES = 64 << 20;

export interface ResidentBreakdown {
  /** Heaps of glibc's secondary malloc arenas (threads other than the first allocate there). */
  arenaHeaps: number;
  arenaBytes: number;
  /** The main arena ([heap], grown with brk). */
  mainHeapBytes: number;
  /** Other anonymous mappings: V8's heaps, large malloc blocks (mmap), thread stacks. */
  otherAnonymousBytes: number;
  /** Mapped files: the executable, shared libraries, the database. */
  fileBytes: number;
}

interface Mapping {
  start: number;
  end: number;
  name: string;
  rss: number;
}

function mappings(smaps: string): Mapping[] {
  const found: Mapping[] = [];
  for (const line of smaps.split('\n')) {
    const header = /^([0-9a-f]+)-([0-9a-f]+) \S+ \S+ \S+ \d+\s*(.*)$/.exec(line);
    if (header) {
      found.push({ start: parseInt(header[1], 16), end: parseInt(header[2], 16), name: header[3], rss: 0 });
      continue;
    }
    const rss = /^Rss:\s+(\d+) kB/.exec(line);
    if (rss && found.length > 0) found[found.length - 1].rss = Number(rss[1]) * 1024;
  }
  return found;
}

export function residentBreakdown(): ResidentBreakdown | null {
  let smaps: string;
  try {
    smaps = readFileSync('/proc/self/smaps', 'utf8');
  } catch {
    return null;
  }
  const all = mappings(smaps);
  const result: ResidentBreakdown = { arenaHeaps: 0, arenaBytes: 0, mainHeapBytes: 0, otherAnonymousBytes: 0, fileBytes: 0 };
  for (let i = 0; i < all.length; i++) {
    const mapping = all[i];
    if (mapping.name === '' && mapping.start % ARENA_HEAP_BYTES === 0) {
      // An arena heap shows as its used part and the reserved rest, adjacent, 64 MiB together.
      let last = i;
      let rss = mapping.rss;
      while (last + 1 < all.length && all[last + 1].start === all[last].end && all[last + 1].name === '' && all[last].end - mapping.start < ARENA_HEAP_BYTES) {
        last++;
        rss += all[last].rss;
      }
      if (all[last].end - mapping.start === ARENA_HEAP_BYTES) {
        result.arenaHeaps++;
        result.arenaBytes += rss;
        i = last;
        continue;
      }
    }
    if (mapping.name === '[heap]') result.mainHeapBytes += mapping.rss;
    else if (mapping.name === '' || mapping.name.startsWith('[')) result.otherAnonymousBytes += mapping.rss;
    else result.fileBytes += mapping.rss;
  }
  return result;
}
