// The one typed bridge. Sandboxed and context-isolated: it forwards calls and nothing else.
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import type { MenuCommand, ProgressEvent, QalamBridge } from '../contract';
import { CHANNELS } from '../main/channels';

const bridge: QalamBridge = {
  invoke: (method, args) => ipcRenderer.invoke(CHANNELS.invoke, method, args),
  pickImportPaths: (options) => ipcRenderer.invoke(CHANNELS.pickImportPaths, options),
  pickExportPath: (options) => ipcRenderer.invoke(CHANNELS.pickExportPath, options),
  pickSchemaFile: () => ipcRenderer.invoke(CHANNELS.pickSchemaFile),
  pickProjectPath: (dialog) => ipcRenderer.invoke(CHANNELS.pickProjectPath, dialog),
  // Only a File the user dropped has a path; main grants those paths for one import.
  droppedPaths: (files) => ipcRenderer.invoke(CHANNELS.grantDropped, files.map((f) => webUtils.getPathForFile(f)).filter((p) => p !== '')),
  onMenuCommand: (listener) => {
    const handler = (_event: unknown, command: MenuCommand) => listener(command);
    ipcRenderer.on(CHANNELS.menu, handler);
    return () => {
      ipcRenderer.removeListener(CHANNELS.menu, handler);
    };
  },
  onProgress: (listener) => {
    const handler = (_event: unknown, progress: ProgressEvent) => listener(progress);
    ipcRenderer.on(CHANNELS.progress, handler);
    return () => {
      ipcRenderer.removeListener(CHANNELS.progress, handler);
    };
  },
};

contextBridge.exposeInMainWorld('qalam', bridge);
