/**
 * What a renderer heap holds (`npm run bench -- --heap-snapshot`, issue 12's 5 MB heap): a V8 heap
 * snapshot (CDP HeapProfiler.takeHeapSnapshot, after a GC) written to .bench/ and summarised here —
 * the self size by kind of object (strings by their V8 kind: a sliced or cons string keeps its
 * parent alive), the largest single objects, and for each the shortest path of references from the
 * GC roots that keeps it (the retainer chain DevTools shows first).
 *
 * Run alone on a saved snapshot: `node --import tsx test/bench/heapSnapshot.ts FILE.heapsnapshot`.
 * Typed arrays' backing stores are outside the JS heap (JSHeapUsedSize does not count them), so the
 * columns of Int32Array appear here only as their small headers.
 */
import type { Page } from 'playwright-core';
import { readFileSync, writeFileSync } from 'node:fs';

interface RawSnapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[], ...unknown[]]; edge_fields: string[]; edge_types: [string[], ...unknown[]] }; node_count: number };
  nodes: number[];
  edges: number[];
  strings: string[];
}

/** A saved snapshot of `page`'s heap (after a GC) at `file`. */
export async function saveHeapSnapshot(page: Page, file: string): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  const chunks: string[] = [];
  cdp.on('HeapProfiler.addHeapSnapshotChunk', (e: { chunk: string }) => chunks.push(e.chunk));
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
  await cdp.detach();
  writeFileSync(file, chunks.join(''));
}

export interface HeapSummary {
  totalMB: number;
  /** Self size by kind ("string:sliced", "object:Array", "array", "code"…), largest first (MB, count). */
  kinds: { kind: string; mb: number; count: number }[];
  /** The largest objects with their shortest retainer path from the roots. */
  largest: { kind: string; mb: number; path: string }[];
}

/** Summary of a snapshot file (`top` kinds and largest objects). */
export function summariseHeapSnapshot(file: string, top = 15): HeapSummary {
  const raw = JSON.parse(readFileSync(file, 'utf8')) as RawSnapshot;
  const { meta } = raw.snapshot;
  const nf = meta.node_fields.length;
  const ef = meta.edge_fields.length;
  const nTypes = meta.node_types[0];
  const eTypes = meta.edge_types[0];
  const fType = meta.node_fields.indexOf('type');
  const fName = meta.node_fields.indexOf('name');
  const fSize = meta.node_fields.indexOf('self_size');
  const fEdges = meta.node_fields.indexOf('edge_count');
  const eType = meta.edge_fields.indexOf('type');
  const eName = meta.edge_fields.indexOf('name_or_index');
  const eTo = meta.edge_fields.indexOf('to_node');
  const { nodes, edges, strings } = raw;
  const count = nodes.length / nf;
  const firstEdge = new Int32Array(count + 1);
  for (let i = 0, e = 0; i < count; i++) {
    firstEdge[i] = e;
    e += nodes[i * nf + fEdges]! * ef;
  }
  firstEdge[count] = edges.length;
  const weak = eTypes.indexOf('weak');
  const shortcut = eTypes.indexOf('shortcut');
  // Shortest paths from the root (node 0), over strong references.
  const dist = new Int32Array(count).fill(-1);
  const parent = new Int32Array(count).fill(-1);
  const parentEdge = new Int32Array(count).fill(-1);
  const queue = new Int32Array(count);
  let head = 0;
  let tail = 0;
  dist[0] = 0;
  queue[tail++] = 0;
  while (head < tail) {
    const n = queue[head++]!;
    for (let e = firstEdge[n]!; e < firstEdge[n + 1]!; e += ef) {
      const t = edges[e + eType]!;
      if (t === weak || t === shortcut) continue;
      const to = edges[e + eTo]! / nf;
      if (dist[to] !== -1) continue;
      dist[to] = dist[n]! + 1;
      parent[to] = n;
      parentEdge[to] = e;
      queue[tail++] = to;
    }
  }
  const kindOf = (n: number): string => {
    const type = nTypes[nodes[n * nf + fType]!]!;
    const name = strings[nodes[n * nf + fName]!]!;
    if (type === 'string' || type === 'concatenated string' || type === 'sliced string') return type === 'string' ? 'string' : type;
    if (type === 'object' || type === 'native' || type === 'hidden') return `${type}:${name.slice(0, 40)}`;
    return type;
  };
  const kinds = new Map<string, { mb: number; count: number }>();
  let total = 0;
  for (let n = 0; n < count; n++) {
    const size = nodes[n * nf + fSize]!;
    total += size;
    const k = kindOf(n);
    const entry = kinds.get(k) ?? { mb: 0, count: 0 };
    entry.mb += size / 1e6;
    entry.count++;
    kinds.set(k, entry);
  }
  const order = Array.from({ length: count }, (_, i) => i).sort((a, b) => nodes[b * nf + fSize]! - nodes[a * nf + fSize]!);
  const label = (n: number): string => {
    const name = strings[nodes[n * nf + fName]!]!.replace(/\s+/g, ' ');
    return `${kindOf(n).split(':')[0]}${name ? ` ${name.slice(0, 30)}` : ''}`;
  };
  const path = (n: number): string => {
    const parts: string[] = [];
    for (let at = n, depth = 0; parent[at]! >= 0 && depth < 12; at = parent[at]!, depth++) {
      const e = parentEdge[at]!;
      const t = eTypes[edges[e + eType]!]!;
      const nameOrIndex = edges[e + eName]!;
      const edgeName = t === 'element' || t === 'hidden' ? `[${nameOrIndex}]` : strings[nameOrIndex]!;
      parts.push(`${label(parent[at]!)} .${edgeName}`);
    }
    return parts.join(' ← ');
  };
  return {
    totalMB: total / 1e6,
    kinds: [...kinds].map(([kind, v]) => ({ kind, ...v })).sort((a, b) => b.mb - a.mb).slice(0, top),
    largest: order.slice(0, top).map((n) => ({ kind: kindOf(n), mb: nodes[n * nf + fSize]! / 1e6, path: dist[n] === -1 ? '(unreachable)' : path(n) })),
  };
}

/** The summary as lines for the bench's log. */
export function heapSummaryLines(s: HeapSummary): string[] {
  return [
    `heap snapshot: ${s.totalMB.toFixed(1)} MB`,
    '  by kind (self size):',
    ...s.kinds.map((k) => `    ${k.mb.toFixed(2).padStart(7)} MB  ${String(k.count).padStart(8)}  ${k.kind}`),
    '  largest objects, each with its shortest retainer path:',
    ...s.largest.map((o) => `    ${o.mb.toFixed(2).padStart(7)} MB  ${o.kind}  ← ${o.path}`),
  ];
}

if (process.argv[1]?.endsWith('heapSnapshot.ts') && process.argv[2]) {
  for (const line of heapSummaryLines(summariseHeapSnapshot(process.argv[2], Number(process.argv[3] ?? 15)))) console.log(line);
}
