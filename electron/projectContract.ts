/**
 * The project host's calls (electron/service/projectHost.ts), beside the service's API: which
 * project is open, the recent list, New / Open / Save As, and the per-project view (last
 * document, scroll position, reading comfort). The renderer calls them through the same bridge
 * (window.qalam.invoke); the host answers `project.*` itself and passes every other method to the
 * open project's service.
 */

export type ThemeChoice = 'system' | 'light' | 'dark';

/** What the window remembers per project (in the user-data folder, never in the project file). */
export interface ProjectView {
  /** The last document open, and how far it was scrolled (CSS pixels of .doc-scroll). */
  docId?: string;
  scroll?: number;
  /** Text size: 1 = 100 %. */
  zoom?: number;
  /** Font choice per script: a key of the renderer's font list. */
  hebrewFont?: string;
  arabicFont?: string;
  theme?: ThemeChoice;
  /** Line height of the text, in ems. */
  lineSpacing?: number;
}

export interface ProjectInfo {
  path: string;
  name: string;
  view: ProjectView;
}

export interface RecentProject {
  path: string;
  name: string;
  /** When it was last opened (ISO 8601). */
  openedAt: string;
  /** False when the file is gone (moved or deleted): shown, and reported when chosen. */
  exists: boolean;
}

export interface ProjectCalls {
  'project.current': { args: Record<string, never>; ret: ProjectInfo };
  'project.recent': { args: Record<string, never>; ret: RecentProject[] };
  'project.open': { args: { path: string }; ret: ProjectInfo };
  'project.create': { args: { path: string; name?: string }; ret: ProjectInfo };
  /** A copy of the open project (SQLite's backup API), which then becomes the open one. */
  'project.saveAs': { args: { path: string; overwrite?: boolean }; ret: ProjectInfo };
  'project.setView': { args: { view: ProjectView }; ret: ProjectView };
  'project.forget': { args: { path: string }; ret: RecentProject[] };
}

export type ProjectMethod = keyof ProjectCalls;
export type ProjectArgs<M extends ProjectMethod> = ProjectCalls[M]['args'];
export type ProjectRet<M extends ProjectMethod> = ProjectCalls[M]['ret'];

export const PROJECT_METHODS: readonly ProjectMethod[] = [
  'project.current',
  'project.recent',
  'project.open',
  'project.create',
  'project.saveAs',
  'project.setView',
  'project.forget',
];

export function isProjectMethod(method: string): method is ProjectMethod {
  return (PROJECT_METHODS as readonly string[]).includes(method);
}

/** The dialog the renderer asks main for (desktop), or the test answers (browser harness). */
export type ProjectDialog = 'new' | 'open' | 'saveAs';
