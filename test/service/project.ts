/**
 * A fresh project for each service test: `beforeEach(() => ({ dir, service } = freshProject()))`
 * and `afterEach(closeProjects)`. The project is a real SQLite file in a temporary folder, with a
 * fixed clock; `annotator` says who is annotating.
 */
import { join } from 'node:path';
import { initProject, type QalamService } from '../../electron/service';
import { fakeClock, removeTempDirs, tempDir } from '../store/helpers';

const opened: QalamService[] = [];

export function freshProject(options: { annotator?: string } = {}): { dir: string; file: string; service: QalamService } {
  const dir = tempDir();
  const file = join(dir, 'p.qalam');
  const service = initProject(file, { now: fakeClock() });
  opened.push(service);
  if (options.annotator !== undefined) service.call('session.setAnnotator', { name: options.annotator });
  return { dir, file, service };
}

/** Closes what freshProject opened (a test that reopens its project closes the copy it opened) and removes the folders. */
export function closeProjects(): void {
  for (const service of opened.splice(0)) if (service.store.isOpen) service.close();
  removeTempDirs();
}
