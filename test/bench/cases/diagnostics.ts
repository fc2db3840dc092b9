/**
 * Summaries of what --trace and --profile record (Chromium traces, CPU profiles): main-thread
 * time by event, the start's timeline, self time by function; the whole files go to .bench/.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO } from '../../e2e/browser';
import { log } from '../common';

/** Main-thread time by trace event name (top 25; nested events count in each level). */
export function summariseTrace(buffer: Buffer, label: string, what: 'labels' | 'scroll' = 'labels'): void {
  mkdirSync(join(REPO, '.bench'), { recursive: true });
  const file = join(REPO, '.bench', `${what === 'labels' ? 'labels-' : ''}${label.replace(/[^a-z0-9]+/gi, '-')}.trace.json`);
  writeFileSync(file, buffer);
  const { traceEvents } = JSON.parse(buffer.toString('utf8')) as { traceEvents: { name: string; ph: string; dur?: number; tdur?: number; tid: number; pid: number; args?: { name?: string } }[] };
  const main = traceEvents.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  const total = new Map<string, { ms: number; cpu: number; n: number }>();
  for (const e of traceEvents) {
    if (!main || e.pid !== main.pid || e.tid !== main.tid || e.ph !== 'X' || e.dur === undefined) continue;
    const t = total.get(e.name) ?? { ms: 0, cpu: 0, n: 0 };
    t.ms += e.dur / 1000;
    t.cpu += (e.tdur ?? e.dur) / 1000;
    t.n++;
    total.set(e.name, t);
  }
  log(`trace of the ${what === 'labels' ? 'label runs' : 'scroll run'}, ${label} (main thread ms wall, thread time, count; ${file}):`);
  for (const [name, t] of [...total].sort((a, b) => b[1].cpu - a[1].cpu).slice(0, 25)) log(`  ${t.ms.toFixed(1).padStart(8)} ${t.cpu.toFixed(1).padStart(8)} ${String(t.n).padStart(6)}  ${name}`);
  if (what === 'scroll' && main) logFrameCpu(traceEvents, main);
}

/**
 * The main thread's CPU per frame of a scroll trace, between the bench's `qalam:scroll-start` and
 * `qalam:scroll-end` marks (the whole trace without them): the thread time of the task that runs
 * each frame (ProxyMain::BeginMainFrame: scroll events, animation-frame callbacks, style, layout,
 * paint), and of that task with every other task until the next frame (idle callbacks, timers,
 * messages); their median, p95, longest, and how many frames' own task took more than a frame
 * period (16.7 ms) of CPU alone. Thread time, so under load it moves far less than frames dropped.
 */
function logFrameCpu(traceEvents: { name: string; ph: string; ts?: number; dur?: number; tdur?: number; tid: number; pid: number }[], main: { pid: number; tid: number }): void {
  const mark = (name: string) => traceEvents.find((e) => e.name === name && e.pid === main.pid)?.ts;
  const from = mark('qalam:scroll-start') ?? -Infinity;
  const to = mark('qalam:scroll-end') ?? Infinity;
  const evs = traceEvents
    .filter((e) => e.pid === main.pid && e.tid === main.tid && e.ph === 'X' && e.dur !== undefined && e.ts !== undefined && e.ts >= from && e.ts <= to)
    .sort((a, b) => (a.ts as number) - (b.ts as number) || (b.dur as number) - (a.dur as number));
  const begins = evs.filter((e) => e.name === 'ProxyMain::BeginMainFrame').map((e) => e.ts as number);
  const own: number[] = [];
  const all: number[] = [];
  let end = -Infinity;
  let b = 0;
  for (const e of evs) {
    const ts = e.ts as number;
    // Outermost tasks only (a RunTask may hold another); one that runs a frame starts it, the others count in the frame before them.
    if ((e.name !== 'ThreadControllerImpl::RunTask' && e.name !== 'RunTask') || ts < end) continue;
    end = ts + (e.dur as number);
    let runsFrame = false;
    while (b < begins.length && (begins[b] as number) < end) {
      if ((begins[b] as number) >= ts) runsFrame = true;
      b++;
    }
    const cpu = (e.tdur ?? (e.dur as number)) / 1000;
    if (runsFrame) {
      own.push(cpu);
      all.push(cpu);
    } else if (all.length > 0) all[all.length - 1] = (all[all.length - 1] as number) + cpu;
  }
  if (own.length === 0) return;
  const q = (xs: number[], p: number) => {
    const sorted = [...xs].sort((x, y) => x - y);
    return (sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] as number).toFixed(1);
  };
  const marks = Number.isFinite(from) && Number.isFinite(to) ? 'between the scroll marks' : 'the whole trace';
  log(`  CPU per frame (main thread, ${own.length} frames, ${marks}): the frame's own task median ${q(own, 0.5)} ms, p95 ${q(own, 0.95)} ms, longest ${q(own, 1)} ms, ${own.filter((f) => f > 1000 / 60).length} over 16.7 ms; with the work between frames median ${q(all, 0.5)} ms, p95 ${q(all, 0.95)} ms, total ${all.reduce((x, y) => x + y, 0).toFixed(0)} ms`);
}

/**
 * The start's timeline on the page's main thread, from navigation start to the document painted
 * (the `qalam:open-ready` mark): each task over 2 ms with its wall and thread (CPU) time and what
 * it ran (script URL, function, layout, paint), then the thread time by kind. Under load compare
 * thread times: wall time includes waiting for the 2 cores.
 */
export function summariseStartTrace(buffer: Buffer, label: string): void {
  mkdirSync(join(REPO, '.bench'), { recursive: true });
  const file = join(REPO, '.bench', `start-${label.replace(/[^a-z0-9]+/gi, '-')}.trace.json`);
  writeFileSync(file, buffer);
  type Ev = { name: string; ph: string; ts: number; dur?: number; tdur?: number; tid: number; pid: number; args?: { name?: string; data?: { url?: string; functionName?: string; fileName?: string } } };
  const { traceEvents } = JSON.parse(buffer.toString('utf8')) as { traceEvents: Ev[] };
  const ready = traceEvents.find((e) => e.name === 'qalam:open-ready');
  if (!ready) {
    log(`start trace ${label}: no qalam:open-ready mark (${file})`);
    return;
  }
  const main = traceEvents.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain' && e.pid === ready.pid);
  const nav = traceEvents.filter((e) => e.name === 'navigationStart' && e.pid === ready.pid && e.ts <= ready.ts).at(-1);
  if (!main || !nav) {
    log(`start trace ${label}: no main thread or navigation start (${file})`);
    return;
  }
  const kinds = new Set(['EvaluateScript', 'v8.compileModule', 'v8.evaluateModule', 'FunctionCall', 'ParseHTML', 'UpdateLayoutTree', 'Layout', 'Paint', 'PrePaint', 'Layerize', 'ParseAuthorStyleSheet', 'TimerFire', 'FireAnimationFrame', 'EventDispatch', 'v8.compile', 'RunMicrotasks', 'HitTest', 'ScheduleStyleRecalculation', 'Commit', 'XHRReadyStateChange', 'ResourceReceivedData']);
  const end = ready.ts + 50_000;
  const evs = traceEvents.filter((e) => e.pid === main.pid && e.tid === main.tid && e.ph === 'X' && e.dur !== undefined && e.ts >= nav.ts && e.ts <= end).sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
  // The outermost tasks (a RunTask may hold another).
  const tasks: Ev[] = [];
  for (const e of evs) {
    if (e.name !== 'ThreadControllerImpl::RunTask' && e.name !== 'RunTask') continue;
    const prev = tasks.at(-1);
    if (prev && e.ts < prev.ts + (prev.dur ?? 0)) continue;
    tasks.push(e);
  }
  // The text's first paint (the first screen's, else the editor's): the thread time before it too.
  const text = traceEvents.find((e) => e.name === 'qalam:text-painted' && e.pid === ready.pid && e.ts >= nav.ts);
  let wall = 0;
  let cpu = 0;
  let textCpu = 0;
  const byKind = new Map<string, number>();
  log(`start trace, ${label} (main thread; ms from navigation start: wall / thread time; ${file}):`);
  for (const task of tasks) {
    const tEnd = task.ts + (task.dur ?? 0);
    if (task.ts > ready.ts) break;
    wall += (task.dur ?? 0) / 1000;
    cpu += (task.tdur ?? task.dur ?? 0) / 1000;
    if (text && task.ts <= text.ts) textCpu += (task.tdur ?? task.dur ?? 0) / 1000;
    // The outermost interesting events inside the task.
    const inner: Ev[] = [];
    let until = -1;
    for (const e of evs) {
      if (e.ts < task.ts || e.ts > tEnd || e === task || !kinds.has(e.name) || e.ts < until) continue;
      inner.push(e);
      until = e.ts + (e.dur ?? 0);
    }
    for (const e of inner) byKind.set(e.name, (byKind.get(e.name) ?? 0) + (e.tdur ?? e.dur ?? 0) / 1000);
    if ((task.dur ?? 0) < 2000) continue;
    const what = inner.filter((e) => (e.dur ?? 0) >= 1000).map((e) => `${e.name}${e.args?.data?.url ? ` ${e.args.data.url.split('/').pop()}` : ''}${e.args?.data?.functionName ? ` ${e.args.data.functionName}` : ''} ${((e.tdur ?? e.dur ?? 0) / 1000).toFixed(0)}`);
    log(`  ${((task.ts - nav.ts) / 1000).toFixed(0).padStart(6)} ${((task.dur ?? 0) / 1000).toFixed(1).padStart(7)} / ${((task.tdur ?? 0) / 1000).toFixed(1).padStart(7)}  ${what.join(', ')}`);
  }
  if (text) log(`  text-painted mark at ${((text.ts - nav.ts) / 1000).toFixed(0)} ms; main thread busy before it ${textCpu.toFixed(0)} ms thread time`);
  log(`  ready mark at ${((ready.ts - nav.ts) / 1000).toFixed(0)} ms; main thread busy before it ${wall.toFixed(0)} ms wall, ${cpu.toFixed(0)} ms thread time; by kind (thread ms): ${[...byKind].sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${v.toFixed(0)}`).join(', ')}`);
}

/** Self time by function (top 25) of a CPU profile, idle and the program excluded; the whole profile goes to .bench/. */
export function summariseProfile(profile: { nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[]; samples?: number[]; timeDeltas?: number[] }, label: string, what: 'labels' | 'scroll' | 'start' = 'labels'): void {
  mkdirSync(join(REPO, '.bench'), { recursive: true });
  const file = join(REPO, '.bench', `${what === 'labels' ? 'labels-' : what === 'start' ? 'start-' : ''}${label.replace(/[^a-z0-9]+/gi, '-')}.cpuprofile`);
  writeFileSync(file, JSON.stringify(profile));
  const byId = new Map(profile.nodes.map((n) => [n.id, n] as const));
  const self = new Map<string, number>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  for (let i = 0; i < samples.length; i++) {
    const n = byId.get(samples[i] as number);
    if (!n) continue;
    const f = n.callFrame;
    const key = `${f.functionName || '(anonymous)'} ${f.url.split('/').pop() ?? ''}:${f.lineNumber + 1}`;
    self.set(key, (self.get(key) ?? 0) + (deltas[i + 1] ?? deltas[i] ?? 0) / 1000);
  }
  const rows = [...self].filter(([k]) => !k.startsWith('(idle)') && !k.startsWith('(program)')).sort((a, b) => b[1] - a[1]).slice(0, 25);
  log(`CPU profile of the ${what === 'labels' ? 'label runs' : what === 'start' ? 'start (navigation → painted)' : 'scroll run'}, ${label} (self ms; ${file}):`);
  for (const [k, ms] of rows) log(`  ${ms.toFixed(1).padStart(8)}  ${k}`);
}

/** A sampling heap profile's allocations by function (self, top 25, KB; what was still live or not); the whole profile goes to .bench/. */
export function summariseAllocations(profile: { head: HeapNode }, label: string): void {
  mkdirSync(join(REPO, '.bench'), { recursive: true });
  const file = join(REPO, '.bench', `labels-${label.replace(/[^a-z0-9]+/gi, '-')}.heapprofile`);
  writeFileSync(file, JSON.stringify(profile));
  const self = new Map<string, number>();
  const walk = (n: HeapNode, caller: string) => {
    const f = n.callFrame;
    const key = `${f.functionName || '(anonymous)'} ${f.url.split('/').pop() ?? ''}:${f.lineNumber + 1} < ${caller}`;
    self.set(key, (self.get(key) ?? 0) + n.selfSize / 1024);
    for (const c of n.children) walk(c, `${f.functionName || '(anonymous)'}:${f.lineNumber + 1}:${f.columnNumber + 1}`);
  };
  walk(profile.head, '');
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  log(`allocations sampled during the label runs, ${label} (self KB, of ${total.toFixed(0)} KB; ${file}):`);
  for (const [k, kb] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 25)) log(`  ${kb.toFixed(0).padStart(8)}  ${k}`);
}

interface HeapNode {
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  selfSize: number;
  children: HeapNode[];
}
