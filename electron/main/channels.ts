/** IPC channel names, shared by main and preload (a plain constant: safe in a sandboxed preload). */
export const CHANNELS = {
  invoke: 'qalam:invoke',
  pickImportPaths: 'qalam:pick-import-paths',
  pickSchemaFile: 'qalam:pick-schema-file',
  menu: 'qalam:menu',
  pickExportPath: 'qalam:pick-export-path',
  progress: 'qalam:progress',
  pickProjectPath: 'qalam:pick-project-path',
  grantDropped: 'qalam:grant-dropped',
} as const;
