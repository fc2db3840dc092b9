/**
 * Everything an export writes goes through here: one atomic file writer (a temporary file in the
 * same folder, fsync, rename, fsync of the folder), the rules for what an export may overwrite,
 * folder exports staged beside their target, and the clean-up of temporary files that a killed
 * export left behind.
 *
 * What an export may overwrite (README: "What an export may overwrite"):
 * - never the project file (or its -wal/-shm/-journal), nor a folder holding it, whatever the
 *   flags; symbolic links are resolved first;
 * - a file export writes a new file; an existing file only with `force` (CLI `--force`, the app
 *   after the user confirmed); never over a folder;
 * - a folder export writes into a new or empty folder, or one an earlier export wrote (it holds
 *   the marker `.qalam-export`), or with `force` any other folder. Inside it, it replaces only the
 *   files it writes (files of an earlier export that this one no longer writes, and only those
 *   listed in the marker, are removed); a file it did not write itself is replaced only with
 *   `force`. No folder is ever deleted recursively except its own temporary ones.
 */
import {
  closeSync,
  existsSync,
  fsyncSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  realpathSync,
  renameSync,
  rmSync,
  rmdirSync,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { ServiceError } from './errors';

/** The file a folder export leaves in the folder it wrote (JSON: what it wrote). */
const UNSAFE_IN_NAME = /[\\/:*?"<>|\p{Cc}]/gu;

/**
 * A file or folder name for `name` (a document's or an annotator's): unsafe characters as `_`,
 * never empty or dot-only (then `fallback`), never hidden (a leading `.` becomes `_`: hidden files
 * are easy to lose in a shared folder). Every export names its files with it.
 */
export function safeFileName(name: string, fallback: string): string {
  const s = name.normalize('NFC').replace(UNSAFE_IN_NAME, '_').trim();
  return s === '' || /^\.+$/.test(s) ? fallback : s.replace(/^\./, '_');
}

export const EXPORT_MARKER = '.qalam-export';

/** What the marker says: `files` (relative, `/`-separated) when the export owns a fixed list. */
export interface ExportMarker {
  qalam: 1;
  kind: 'export' | 'per-document';
  format?: string;
  files?: string[];
}

/** A file system error as a sentence about `path`. */
export function fsMessage(path: string, e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  switch (err.code) {
    case 'ELOOP':
      return `${path}: a loop of symbolic links (a link that leads back to itself)`;
    case 'ENOENT':
      return `${path}: no such file or folder`;
    case 'ENOTDIR':
      return `${path}: a part of the path is a file, not a folder`;
    case 'EACCES':
    case 'EPERM':
      return `${path}: permission denied`;
    case 'EROFS':
      return `${path}: the disk is read-only`;
    case 'ENOSPC':
      return `${path}: the disk is full`;
    case 'EISDIR':
      return `${path} is a folder`;
    case 'EEXIST':
      return `${path} already exists`;
    default:
      return `${path}: ${err.message ?? String(e)}`;
  }
}

function fail(path: string, e: unknown, what = 'cannot write'): ServiceError {
  if (e instanceof ServiceError) return e;
  return new ServiceError('internal', `${what} ${fsMessage(path, e)}`, { file: path, cause: e });
}

/** The real path of `p` (symbolic links resolved); for a path that does not exist yet, its real parent joined with its name. */
export function realPath(p: string): string {
  const abs = resolve(p);
  try {
    return realpathSync(abs);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT') throw new ServiceError('invalid-argument', `cannot write ${fsMessage(p, e)}`, { file: p, cause: e });
    let link = false;
    try {
      link = lstatSync(abs).isSymbolicLink();
    } catch {
      // nothing there
    }
    if (link) throw new ServiceError('invalid-argument', `cannot write ${p}: it is a symbolic link to something that does not exist`, { file: p });
    const parent = dirname(abs);
    if (parent === abs) return abs;
    return join(realPath(parent), basename(abs));
  }
}

function inside(child: string, folder: string): boolean {
  const r = relative(folder, child);
  return r === '' || (!r.startsWith('..') && !isAbsolute(r));
}

/** Refuses (whatever the flags) to write over the project file or a folder holding it. */
export function guardProject(out: string, project: string | null): void {
  if (project === null) return;
  const target = realPath(out);
  const proj = realPath(project);
  const own = [proj, `${proj}-wal`, `${proj}-shm`, `${proj}-journal`];
  if (own.includes(target)) {
    throw new ServiceError('invalid-argument', `${out} is the project file itself; export to another file`, { file: out });
  }
  if (inside(proj, target)) {
    throw new ServiceError('invalid-argument', `${out} is the folder holding the project file ${project}; export to a new folder`, { file: out });
  }
}

/** The marker of `folder`, or null (no marker, or not one Qalam wrote). */
export function readMarker(folder: string): ExportMarker | null {
  const file = join(folder, EXPORT_MARKER);
  try {
    if (!lstatSync(file).isFile()) return null;
    const v = JSON.parse(readFileSync(file, 'utf8')) as Partial<ExportMarker>;
    if (v.qalam !== 1 || (v.kind !== 'export' && v.kind !== 'per-document')) return null;
    const files = Array.isArray(v.files) ? v.files.filter((f): f is string => typeof f === 'string') : undefined;
    return { qalam: 1, kind: v.kind, ...(v.format === undefined ? {} : { format: v.format }), ...(files === undefined ? {} : { files }) };
  } catch {
    return null;
  }
}

export type TargetState =
  | { kind: 'none' }
  | { kind: 'file' }
  | { kind: 'folder'; marker: ExportMarker | null; empty: boolean };

/** What is at `out` now (following symbolic links). */
export function targetState(out: string): TargetState {
  let st;
  try {
    st = statSync(out);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') {
      realPath(out); // a dangling link or a loop is refused with a sentence
      return { kind: 'none' };
    }
    throw fail(out, e);
  }
  if (!st.isDirectory()) return { kind: 'file' };
  let names: string[];
  try {
    names = readdirSync(out);
  } catch (e) {
    throw fail(out, e, 'cannot read');
  }
  return { kind: 'folder', marker: readMarker(out), empty: names.length === 0 };
}

const FORCE_HINT = 'use --force (CLI) or confirm replacing it (app) to overwrite';

/**
 * Checks that an export may write `out` (see the module comment) and answers what is there.
 * Refusals a `force` can lift are 'conflict'; the others 'invalid-argument'.
 */
export function checkExportTarget(out: string, o: { folder: boolean; project: string | null; force: boolean }): TargetState {
  guardProject(out, o.project);
  const parent = dirname(resolve(out));
  if (!existsSync(parent)) throw new ServiceError('not-found', `cannot write ${out}: no such folder ${dirname(out)}`, { file: out });
  const state = targetState(out);
  if (o.folder) {
    if (state.kind === 'file' && !o.force) {
      throw new ServiceError('conflict', `${out} is an existing file and this export writes a folder; ${FORCE_HINT}`, { file: out });
    }
    if (state.kind === 'folder' && !state.empty && state.marker === null && !o.force) {
      throw new ServiceError('conflict', `${out} is a folder Qalam did not write (it is not empty and has no ${EXPORT_MARKER}); export to a new or empty folder, or ${FORCE_HINT}`, {
        file: out,
      });
    }
  } else {
    if (state.kind === 'folder') {
      throw new ServiceError('invalid-argument', `${out} is a folder; this format writes one file: name a file`, { file: out });
    }
    if (state.kind === 'file' && !o.force) {
      throw new ServiceError('conflict', `${out} already exists; ${FORCE_HINT}`, { file: out });
    }
  }
  return state;
}

// ---- temporary files ------------------------------------------------------------------------

const TEMP = /^\.(.+)\.(\d+)\.(\d{10,})\.tmp(\.schema)?$/;

function tempName(dir: string, name: string): string {
  let ts = Date.now();
  for (;;) {
    const p = join(dir, `.${name}.${process.pid}.${ts}.tmp`);
    if (!existsSync(p)) return p;
    ts++;
  }
}

function alive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes the temporary files and folders (`.NAME.PID.TIME.tmp`) that an export killed before it
 * finished left in `dir`: only those whose process is gone. Answers how many.
 */
export function cleanStaleTemps(dir: string): number {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return 0;
  }
  let n = 0;
  for (const name of names) {
    const m = TEMP.exec(name);
    if (m === null || alive(Number(m[2]))) continue;
    try {
      rmSync(join(dir, name), { recursive: true, force: true });
      n++;
    } catch {
      // another process got there first, or it is not ours to remove: leave it
    }
  }
  return n;
}

function fsyncDir(dir: string): void {
  let fd: number | null = null;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // not every platform can fsync a folder (Windows): the rename is still atomic
  } finally {
    if (fd !== null) closeSync(fd);
  }
}

/**
 * A file written atomically: into `.NAME.PID.TIME.tmp` beside it, buffered, then (commit) flushed,
 * fsynced and renamed over the target. Until commit the target is untouched; abort removes the
 * temporary file.
 */
/** What an AtomicFile gathers before writing. */
const CHUNK = 1 << 20;

export class AtomicFile {
  readonly tmp: string;
  private fd: number | null;
  /** Bytes not yet written (UTF-8), grown up to 1 MB, then written in one call. */
  private buf: Buffer | null = null;
  private size = 0;

  /** `staged`: the target is inside a temporary folder of this export: written in place (no rename). */
  constructor(
    readonly target: string,
    private readonly staged = false,
  ) {
    this.tmp = staged ? target : tempName(dirname(resolve(target)), basename(target));
    try {
      this.fd = openSync(this.tmp, 'wx');
    } catch (e) {
      throw fail(target, e);
    }
  }

  write(s: string): void {
    // A UTF-16 unit is at most 3 bytes of UTF-8: encoded straight into the buffer when it fits
    // for sure (no joined string, no copy); a longer string is written at once.
    const most = s.length * 3;
    if (this.buf === null || this.size + most > this.buf.length) {
      this.flush();
      if (most > CHUNK) {
        this.writeOut(s);
        return;
      }
      if (this.buf === null || this.buf.length < most) this.buf = Buffer.allocUnsafe(Math.min(CHUNK, Math.max(most, 64 * 1024, (this.buf?.length ?? 0) * 4)));
    }
    this.size += this.buf.write(s, this.size, 'utf8');
  }

  private writeOut(data: string | Uint8Array): void {
    if (this.fd === null) return;
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    try {
      // writeSync may write less than asked: go on until everything is written
      for (let at = 0; at < bytes.length; ) at += writeSync(this.fd, bytes, at, bytes.length - at);
    } catch (e) {
      throw fail(this.target, e);
    }
  }

  private flush(): void {
    if (this.size === 0 || this.buf === null) return;
    this.writeOut(this.buf.subarray(0, this.size));
    this.size = 0;
  }

  /** Everything written reaches the disk and replaces the target. */
  commit(): void {
    try {
      this.flush();
      if (this.fd !== null) {
        fsyncSync(this.fd);
        closeSync(this.fd);
        this.fd = null;
      }
      if (!this.staged) renameSync(this.tmp, this.target);
    } catch (e) {
      this.abort();
      throw fail(this.target, e);
    }
    if (!this.staged) fsyncDir(dirname(resolve(this.target)));
  }

  abort(): void {
    if (this.fd !== null) {
      try {
        closeSync(this.fd);
      } catch {
        // already failing
      }
      this.fd = null;
    }
    rmSync(this.tmp, { force: true });
  }
}

/** Writes `content` to `path` atomically (see AtomicFile). */
export function writeFileAtomic(path: string, content: string, staged = false): void {
  const f = new AtomicFile(path, staged);
  try {
    f.write(content);
  } catch (e) {
    f.abort();
    throw e;
  }
  f.commit();
}

// ---- folder exports ---------------------------------------------------------------------------

function listFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string, rel: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const r = rel === '' ? name : `${rel}/${name}`;
      const p = join(dir, name);
      if (lstatSync(p).isDirectory()) walk(p, r);
      else out.push(r);
    }
  };
  walk(root, '');
  return out;
}

/**
 * A folder export: written into a temporary folder beside `target`, then moved into place. A new
 * target is the temporary folder renamed (atomic); into an existing folder each file is renamed
 * into place (each atomic), files of the earlier export it no longer writes are removed, and the
 * marker is written last.
 */
export class StagedFolder {
  readonly tmp: string;

  constructor(
    readonly target: string,
    private readonly state: TargetState,
    private readonly force: boolean,
    private readonly format: string,
  ) {
    this.tmp = tempName(dirname(resolve(target)), basename(target));
    try {
      mkdirSync(this.tmp);
    } catch (e) {
      throw fail(target, e);
    }
  }

  commit(): void {
    const files = listFiles(this.tmp).filter((f) => f !== EXPORT_MARKER);
    const marker: ExportMarker = { qalam: 1, kind: 'export', format: this.format, files };
    const markerText = `${JSON.stringify(marker, null, 1)}\n`;
    const target = this.target;
    try {
      if (this.state.kind !== 'folder') {
        writeFileAtomic(join(this.tmp, EXPORT_MARKER), markerText);
        if (this.state.kind === 'file') unlinkSync(target); // forced: a file the user named
        renameSync(this.tmp, target);
        fsyncDir(dirname(resolve(target)));
        return;
      }
      const real = realpathSync(target);
      const old = new Set(this.state.marker?.files ?? []);
      // check everything before moving anything
      for (const f of files) {
        const dest = join(target, f);
        let st;
        try {
          st = lstatSync(dest);
        } catch {
          continue;
        }
        if (st.isDirectory()) throw new ServiceError('conflict', `cannot write ${dest}: there is a folder of that name`, { file: dest });
        if (!old.has(f) && !this.force) {
          throw new ServiceError('conflict', `${dest} exists and an earlier export did not write it; ${FORCE_HINT}`, { file: dest });
        }
      }
      for (const f of files) {
        const dest = join(target, f);
        const parent = dirname(dest);
        mkdirSync(parent, { recursive: true });
        if (!inside(realpathSync(parent), real)) {
          throw new ServiceError('conflict', `cannot write ${dest}: ${dirname(f)} leads outside ${target} (a symbolic link)`, { file: dest });
        }
        renameSync(join(this.tmp, f), dest);
      }
      const now = new Set(files);
      for (const f of old) {
        if (now.has(f) || f.split('/').includes('..') || f === EXPORT_MARKER) continue;
        const p = join(target, f);
        try {
          if (lstatSync(p).isFile() && inside(realpathSync(dirname(p)), real)) unlinkSync(p);
        } catch {
          continue;
        }
        // folders the earlier export made and that are now empty
        for (let d = dirname(p); inside(d, target) && resolve(d) !== resolve(target); d = dirname(d)) {
          try {
            rmdirSync(d);
          } catch {
            break;
          }
        }
      }
      // the marker is staged too and renamed into place, so a kill leaves no temporary file inside
      // the user's folder; one an older Qalam left there is removed
      writeFileAtomic(join(this.tmp, EXPORT_MARKER), markerText);
      renameSync(join(this.tmp, EXPORT_MARKER), join(target, EXPORT_MARKER));
      fsyncDir(target);
      cleanStaleTemps(target);
      this.abort();
    } catch (e) {
      this.abort();
      throw fail(target, e);
    }
  }

  /** Removes the temporary folder (ours: created by this export). */
  abort(): void {
    rmSync(this.tmp, { recursive: true, force: true });
  }
}

/** Marks `folder` as written by a per-document export (deterministic content: it is shared through git). */
export function markPerDocumentFolder(folder: string): void {
  const marker = readMarker(folder);
  if (marker !== null) return;
  writeFileAtomic(join(folder, EXPORT_MARKER), `${JSON.stringify({ qalam: 1, kind: 'per-document' })}\n`);
}

/** `path` relative to `root` is inside it (no symbolic link leads out): for writes into an existing folder. */
export function assertInside(path: string, root: string): void {
  if (!inside(realPath(path), realPath(root))) {
    throw new ServiceError('conflict', `cannot write ${path}: it leads outside ${root} (a symbolic link)`, { file: path });
  }
}
