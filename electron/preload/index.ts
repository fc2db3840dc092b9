// The one typed bridge. Sandboxed and context-isolated: it forwards calls and nothing else.
import { contextBridge, ipcRenderer } from 'electron';
import type { MenuCommand, QalamBridge } from '../contract';
import { CHANNELS } from '../main/channels';

const bridge: QalamBridge = {
  invoke: (method, args) => ipcRenderer.invoke(CHANNELS.invoke, method, args),
  pickImportPaths: () => ipcRenderer.invoke(CHANNELS.pickImportPaths),
  pickSchemaFile: () => ipcRenderer.invoke(CHANNELS.pickSchemaFile),
  onMenuCommand: (listener) => {
    const handler = (_event: unknown, command: MenuCommand) => listener(command);
    ipcRenderer.on(CHANNELS.menu, handler);
    return () => {
      ipcRenderer.removeListener(CHANNELS.menu, handler);
    };
  },
};

contextBridge.exposeInMainWorld('qalam', bridge);
