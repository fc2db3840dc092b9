import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { NEWS_SCHEMA } from '../../annotations/news';
import { parseNativeJsonl } from '../../annotations/formats/jsonl';
import { sha256Hex } from './importer';
import { openProject, type Store } from '../store';
import { ServiceError, describeFailure } from './errors';
import { QalamService, type ServiceOptions } from './service';

export interface InitOptions extends ServiceOptions {
  /** The project's name; default: the file name without extension. */
  name?: string;
}

/** Gives a freshly created store its settings and the default (news) schema (also repairs an interrupted init). */
function initialise(store: Store, name: string | undefined, now: () => string): void {
  // Readers must not need the write lock: only a project missing something takes it.
  if (store.getSetting('project_name') !== null && store.getSetting('created_at') !== null && store.currentSchema() !== null) return;
  store.transaction(() => {
    if (store.getSetting('project_name') === null) {
      store.setSetting('project_name', name ?? basename(store.path, extname(store.path)));
    }
    if (store.getSetting('created_at') === null) store.setSetting('created_at', now());
    if (store.currentSchema() === null) store.addSchema(NEWS_SCHEMA, now());
  });
}

function clock(options: ServiceOptions): () => string {
  return options.now ?? (() => new Date().toISOString());
}

function removeProjectFiles(file: string): void {
  for (const f of [file, `${file}-wal`, `${file}-shm`, `${file}-journal`]) rmSync(f, { force: true });
}

/**
 * Creates a new, empty project file with the default schema. Refuses to overwrite an existing
 * file ('conflict') or to create one in a folder that does not exist ('not-found').
 */
export function initProject(path: string, options: InitOptions = {}): QalamService {
  const file = resolve(path);
  if (existsSync(file)) throw new ServiceError('conflict', `${path} already exists; Qalam will not overwrite it`, { file: path });
  const parent = dirname(file);
  if (!existsSync(parent) || !statSync(parent).isDirectory()) {
    throw new ServiceError('not-found', `cannot create ${path}: folder ${parent} does not exist`, { file: path });
  }
  const name = options.name?.trim();
  if (name !== undefined && name.length === 0) throw new ServiceError('invalid-argument', 'the project name is empty');
  let store: Store | null = null;
  try {
    store = openProject(file, { create: true });
    initialise(store, name, clock(options));
    return new QalamService(store, options);
  } catch (e) {
    store?.close();
    removeProjectFiles(file);
    throw e;
  }
}

/** Opens an existing project file and returns its service. */
export function openService(path: string, options: ServiceOptions & { onLockWait?: (message: string) => void } = {}): QalamService {
  const store = openProject(path, options.onLockWait === undefined ? {} : { onLockWait: options.onLockWait });
  try {
    initialise(store, undefined, clock(options));
    return new QalamService(store, options);
  } catch (e) {
    store.close();
    throw describeFailure(e, store.path);
  }
}

/** The annotation set the shipped reference annotations of the seeds go into (seeds/README.md). */
export const REFERENCE_SET = 'qalam-reference';
/** The file of reference annotations beside the seed texts (native JSONL, made with test/seeds/build-reference.ts). */
export const REFERENCE_FILE = 'reference.jsonl';

export interface DefaultProjectOptions extends ServiceOptions {
  /**
   * Import `seedDir/reference.jsonl` (when there is one) into the annotation set "qalam-reference"
   * on first start. Default true; tests that want only the seed texts pass false.
   */
  reference?: boolean;
}

function hasTxt(dir: string): boolean {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).some((f) => extname(f).toLowerCase() === '.txt');
}

/**
 * Imports the seeds' reference annotations (native JSONL) into the set "qalam-reference", through
 * the ordinary import. Only onto the seed texts: a record whose text is not one of the imported
 * seeds (a seed edited since the reference was made) would add a document, so the reference is
 * then left out rather than half-applied. The current annotator stays unset (the user is asked),
 * and the project remembers the set (session.get: referenceSet) so the app can offer to show it.
 */
function importReference(service: QalamService, file: string): void {
  const records = parseNativeJsonl(readFileSync(file, 'utf8'), file);
  if (!records.every((r) => service.store.findDocumentBySha256(sha256Hex(r.text)) !== null)) return;
  // No transaction of its own: the whole first start is built in a temporary file (all or nothing).
  service.call('import.run', { format: 'jsonl', paths: [file], annotator: REFERENCE_SET });
  service.store.setSetting('reference_set', REFERENCE_SET);
}

/**
 * The desktop app's start: open `path`, or on first start create it, with the default schema and
 * every .txt file of `seedDir` imported, and the seeds' reference annotations (seedDir/reference.jsonl,
 * into the set "qalam-reference"; see importReference) (built beside it and renamed into place, so a failed first
 * start leaves no half-made project). A missing or empty seed folder just gives an empty project.
 */
export function openOrCreateDefaultProject(path: string, seedDir: string, options: DefaultProjectOptions = {}): QalamService {
  const { reference = true, ...serviceOptions } = options;
  options = serviceOptions;
  const file = resolve(path);
  if (existsSync(file)) return openService(file, options);

  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.creating-${process.pid}`;
  removeProjectFiles(tmp);
  try {
    const service = initProject(tmp, { ...options, name: basename(file, extname(file)) });
    try {
      if (existsSync(seedDir) && statSync(seedDir).isDirectory() && hasTxt(seedDir)) {
        service.call('documents.importPaths', { paths: [seedDir] });
        const ref = join(seedDir, REFERENCE_FILE);
        if (reference && existsSync(ref)) importReference(service, ref);
      }
    } finally {
      // not awaited: this service only imported (it was never warmed nor asked for suggestions or
      // agreement), so no worker thread was started and its only connection closes here, at once,
      // before the rename (keeps openOrCreateDefaultProject synchronous for main's start and the harnesses)
      void service.close();
    }
    // A stale WAL beside the target would be replayed into the new file: remove it first.
    removeProjectFiles(file);
    renameSync(tmp, file);
  } catch (e) {
    removeProjectFiles(tmp);
    throw e;
  }
  return openService(file, options);
}
