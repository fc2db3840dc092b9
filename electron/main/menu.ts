import { Menu, type BrowserWindow, type MenuItemConstructorOptions } from 'electron';
import type { MenuCommand } from '../contract';
import { CHANNELS } from './channels';
import type { RecentProject } from '../projectContract';

/** What the File menu needs from the project host: the recent list, and opening one of it. */
export interface MenuProjects {
  recent(): RecentProject[];
  openRecent(path: string): void;
}

/**
 * The application menu. Commands that act on the document go to the renderer, which owns the
 * view state; Undo/Redo are not Chromium's roles (that would edit the DOM), they are Qalam's.
 */
export function installMenu(getWindow: () => BrowserWindow | null, isDev: boolean, projects?: MenuProjects): void {
  const send = (command: MenuCommand) => () => getWindow()?.webContents.send(CHANNELS.menu, command);
  const recent = projects?.recent() ?? [];
  const template: MenuItemConstructorOptions[] = [
    ...(process.platform === 'darwin' ? [{ role: 'appMenu' as const }] : []),
    {
      label: '&File',
      submenu: [
        { label: 'New Project…', accelerator: 'CmdOrCtrl+Shift+N', click: send('project-new') },
        { label: 'Open Project…', accelerator: 'CmdOrCtrl+Shift+O', click: send('project-open') },
        {
          label: 'Open Recent',
          enabled: recent.length > 0,
          submenu: recent.map((r) => ({ label: r.exists ? r.name : `${r.name} (missing)`, sublabel: r.path, click: () => projects?.openRecent(r.path) })),
        },
        { label: 'Save Project As…', accelerator: 'CmdOrCtrl+Shift+S', click: send('project-save-as') },
        { type: 'separator' },
        { label: 'Import Text Files…', accelerator: 'CmdOrCtrl+O', click: send('import') },
        { label: 'Import Annotations…', click: send('import-annotations') },
        { label: 'Export…', accelerator: 'CmdOrCtrl+E', click: send('export') },
        { type: 'separator' },
        { label: 'Schema…', click: send('edit-schema') },
        { label: 'Replace Schema from File…', click: send('replace-schema') },
        { type: 'separator' },
        { label: 'Change Annotator…', click: send('change-annotator') },
        { type: 'separator' },
        process.platform === 'darwin' ? { role: 'close' } : { role: 'quit' },
      ],
    },
    {
      label: '&Edit',
      submenu: [
        { label: 'Undo', accelerator: 'CmdOrCtrl+Z', registerAccelerator: false, click: send('undo') },
        { label: 'Redo', accelerator: 'CmdOrCtrl+Shift+Z', registerAccelerator: false, click: send('redo') },
        { type: 'separator' },
        { label: 'Find…', accelerator: 'CmdOrCtrl+F', registerAccelerator: false, click: send('find') },
        { type: 'separator' },
        { role: 'copy' },
        { role: 'selectAll' },
      ],
    },
    {
      label: '&View',
      submenu: [
        // The text's size, kept per project (the window handles the keys itself: Ctrl + − 0).
        { label: 'Actual Size', accelerator: 'CmdOrCtrl+0', registerAccelerator: false, click: send('zoom-reset') },
        { label: 'Zoom In', accelerator: 'CmdOrCtrl+Plus', registerAccelerator: false, click: send('zoom-in') },
        { label: 'Zoom Out', accelerator: 'CmdOrCtrl+-', registerAccelerator: false, click: send('zoom-out') },
        { type: 'separator' },
        { role: 'togglefullscreen' },
        ...(isDev ? [{ type: 'separator' as const }, { role: 'reload' as const }, { role: 'toggleDevTools' as const }] : []),
      ],
    },
  ];
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}
