/** brat .ann files compared by what they say, not by their ids or line order (round-trip tests). */

/**
 * An id-free view of an .ann: one fact per line (T with its type and sorted offsets; E with its
 * trigger and arguments, argument events spelled out; R, `*` pairs, A, N and # notes with their
 * targets spelled out), sorted, duplicates kept. Two files with the same facts hold the same
 * annotations whatever their ids and line order (`Role2` and `Role` are one role when both occur
 * in one event, as brat numbers repeated roles). For comparing a round trip.
 */
export function bratFacts(ann: string): string[] {
  const lines = ann
    .split('\n')
    .map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l))
    .filter((l) => l.trim() !== '');
  const byId = new Map<string, string[]>();
  for (const l of lines) {
    const id = l.slice(0, l.indexOf('\t'));
    if (id !== '*') byId.set(id, l.split('\t'));
  }
  // A cycle of events (E1 Cause:E2, E2 Cause:E1) is spelled with a back-reference `^n` (n steps up);
  // what depends on one is not memoised (its spelling depends on where it is reached from).
  const memo = new Map<string, string>();
  const stack: string[] = [];
  let cyclic = false;
  const canon = (id: string): string => {
    const known = memo.get(id);
    if (known !== undefined) return known;
    const up = stack.lastIndexOf(id);
    if (up >= 0) {
      cyclic = true;
      return `^${stack.length - up}`;
    }
    const f = byId.get(id);
    if (f === undefined) return `?${id}`;
    const outerCyclic = cyclic;
    cyclic = false;
    stack.push(id);
    const head = (f[1] ?? '').trim().split(/\s+/);
    let out: string;
    if (id.startsWith('T')) {
      const sp = (f[1] ?? '').trim();
      const type = sp.slice(0, sp.indexOf(' '));
      const offs = sp
        .slice(sp.indexOf(' ') + 1)
        .split(';')
        .map((x) => x.trim().split(/\s+/).map(Number) as [number, number])
        .sort((a, b) => a[0] - b[0] || a[1] - b[1])
        .map(([s, e]) => `${s} ${e}`)
        .join(';');
      out = `T ${type} ${offs}`;
    } else if (id.startsWith('E')) {
      const [trig = '', ...args] = head;
      const [type = '', tid = ''] = trig.split(':');
      const parsed = args.map((a) => [a.slice(0, a.indexOf(':')), a.slice(a.indexOf(':') + 1)] as const);
      const roles = new Set(parsed.map(([r]) => r));
      const argStr = parsed
        .map(([r, t]) => {
          const base = r.replace(/\d+$/, '');
          return `${base !== r && roles.has(base) ? base : r}=${canon(t)}`;
        })
        .sort();
      out = `E ${type} (${canon(tid)}) [${argStr.join(', ')}]`;
    } else if (id.startsWith('R')) {
      const [type, a1 = '', a2 = ''] = head;
      out = `R ${type} ${a1.slice(0, a1.indexOf(':'))}=(${canon(a1.slice(a1.indexOf(':') + 1))}) ${a2.slice(0, a2.indexOf(':'))}=(${canon(a2.slice(a2.indexOf(':') + 1))})`;
    } else out = id;
    stack.pop();
    if (!cyclic) memo.set(id, out);
    cyclic = cyclic || outerCyclic;
    return out;
  };
  const facts: string[] = [];
  for (const l of lines) {
    const f = l.split('\t');
    const id = f[0] ?? '';
    const head = (f[1] ?? '').trim().split(/\s+/);
    if (id.startsWith('T') || id.startsWith('E') || id.startsWith('R')) facts.push(canon(id));
    else if (id === '*') {
      for (let k = 2; k < head.length; k++) facts.push(`R ${head[0]} ${[canon(head[k - 1] ?? ''), canon(head[k] ?? '')].sort().join(' <-> ')}`);
    } else if (id.startsWith('A') || id.startsWith('M')) facts.push(`A ${head[0]} (${canon(head[1] ?? '')})${head[2] !== undefined ? ` ${head[2]}` : ''}`);
    else if (id.startsWith('N')) facts.push(`N ${head[0]} (${canon(head[1] ?? '')}) ${head[2]}\t${f[2] ?? ''}`);
    else if (id.startsWith('#')) facts.push(`# ${head[0]} (${canon(head[1] ?? '')})\t${f.slice(2).join('\t')}`);
    else facts.push(l);
  }
  return facts.sort();
}
