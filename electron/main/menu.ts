import { Menu, type BrowserWindow, type MenuItemConstructorOptions } from 'electron';
import type { MenuCommand } from '../contract';
import { CHANNELS } from './channels';

/**
 * The application menu. Commands that act on the document go to the renderer, which owns the
 * view state; Undo/Redo are not Chromium's roles (that would edit the DOM), they are Qalam's.
 */
export function installMenu(getWindow: () => BrowserWindow | null, isDev: boolean): void {
  const send = (command: MenuCommand) => () => getWindow()?.webContents.send(CHANNELS.menu, command);
  const template: MenuItemConstructorOptions[] = [
    ...(process.platform === 'darwin' ? [{ role: 'appMenu' as const }] : []),
    {
      label: '&File',
      submenu: [
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
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
        ...(isDev ? [{ type: 'separator' as const }, { role: 'reload' as const }, { role: 'toggleDevTools' as const }] : []),
      ],
    },
  ];
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}
