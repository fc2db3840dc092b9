/**
 * The header's project actions — Schema…, Import…, Export… — and their dialogs. The quick
 * "replace the schema from a file" path (menu, hidden file input) stays in SchemaButton.
 */
import { lazy, useImperativeHandle, useRef, useState, useSyncExternalStore, type Ref } from 'react';
import { LazyDialog } from '../lazy';
import { LAZY_CHUNKS } from './lazyChunks';
import { SchemaButton, type SchemaButtonHandle } from './SchemaButton';
import type { Workspace } from '../state/workspace';
import { useT } from '../i18n';

// Their own chunks, loaded when first opened (lazyChunks.ts).
const SchemaEditor = lazy(() => LAZY_CHUNKS.schemaEditor().then((m) => ({ default: m.SchemaEditor })));
const ExportDialog = lazy(() => LAZY_CHUNKS.exportDialog().then((m) => ({ default: m.ExportDialog })));
const ImportDialog = lazy(() => LAZY_CHUNKS.importDialog().then((m) => ({ default: m.ImportDialog })));

export interface ProjectToolsHandle {
  editSchema(): void;
  replaceSchemaFromFile(): void;
  exportProject(): void;
  importAnnotations(): void;
}

export function ProjectTools({ ws, handle }: { ws: Workspace; handle?: Ref<ProjectToolsHandle> }) {
  const t = useT();
  const docView = useSyncExternalStore(ws.doc.subscribe, () => ws.doc.getState().view);
  // The export dialog's "all" counts the project's documents (its "chosen" asks for pages of its own).
  const documentCount = useSyncExternalStore(ws.list.subscribe, () => ws.list.getState().all);
  const [open, setOpen] = useState<'schema' | 'export' | 'import' | null>(null);
  const schemaButton = useRef<SchemaButtonHandle>(null);
  // The session, not the workspace's state: a status message (every label posts one) changes that.
  const session = useSyncExternalStore(ws.subscribe, () => ws.getState().session);

  // The sets to export or import into change outside this window's session (review adjudicates
  // into gold, imports add annotators): take the session again whenever a dialog opens.
  const show = (dialog: 'export' | 'import') => {
    void ws.refreshSession();
    setOpen(dialog);
  };

  useImperativeHandle(handle, () => ({
    editSchema: () => setOpen('schema'),
    replaceSchemaFromFile: () => schemaButton.current?.pick(),
    exportProject: () => show('export'),
    importAnnotations: () => show('import'),
  }));

  return (
    <>
      <div className="btn-group" role="group" aria-label={t('header.project')}>
        <button type="button" className="btn" onClick={() => setOpen('schema')} title={t('header.schemaTitle')}>
          {t('header.schema')}
        </button>
        <button type="button" className="btn" onClick={() => show('import')} title={t('header.importAnnotationsTitle')}>
          {t('header.importAnnotations')}
        </button>
        <button type="button" className="btn" onClick={() => show('export')} title={t('header.exportTitle')}>
          {t('header.export')}
        </button>
      </div>
      <SchemaButton
        hideButton
        handle={schemaButton}
        onSchema={(json, fileName) => void ws.replaceSchema(json, fileName)}
        onReadError={(message) => ws.reportError({ code: 'invalid-argument', message }, t('schema.cannotRead'))}
      />
      <LazyDialog open={open === 'schema'}>
        <SchemaEditor
          open={open === 'schema'}
          schema={session?.schema ?? null}
          onClose={() => setOpen(null)}
          onSaved={(_schema, summary) => {
            setOpen(null);
            void ws.projectChanged({ message: summary });
          }}
        />
      </LazyDialog>
      <LazyDialog open={open === 'export'}>
        <ExportDialog
          open={open === 'export'}
          annotators={session?.annotators ?? []}
          current={session?.annotator ?? null}
          documentCount={documentCount}
          currentDocId={docView?.id ?? null}
          onClose={() => setOpen(null)}
        />
      </LazyDialog>
      <LazyDialog open={open === 'import'}>
        <ImportDialog
          open={open === 'import'}
          annotators={session?.annotators ?? []}
          current={session?.annotator ?? null}
          onClose={() => setOpen(null)}
          onImported={(report) => {
            const first = report.imported[0]?.id ?? report.matched[0]?.docId;
            void ws.projectChanged({
              message: t('import.status', { mentions: report.mentions, events: report.events, relations: report.relations }),
              ...(first ? { openId: first } : {}),
            });
          }}
        />
      </LazyDialog>
    </>
  );
}
