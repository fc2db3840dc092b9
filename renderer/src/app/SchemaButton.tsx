import { useImperativeHandle, useRef, type Ref } from 'react';
import { bridgeExtras } from '../bridge';
import { useT } from '../i18n';
import { TextFileInput } from '../TextFileInput';

export interface SchemaButtonHandle {
  pick(): void;
}

interface Props {
  onSchema(json: string, fileName: string): void;
  onReadError(message: string): void;
  handle?: Ref<SchemaButtonHandle>;
  /** Only the file input (the schema editor is the visible way in). */
  hideButton?: boolean;
}

/**
 * "Replace schema…": the desktop's file dialog when the bridge has one, otherwise an
 * <input type=file> read with File.text(). The JSON goes to schema.replace as is.
 */
export function SchemaButton({ onSchema, onReadError, handle, hideButton }: Props) {
  const input = useRef<HTMLInputElement>(null);
  const tr = useT();
  const pick = async () => {
    const desktop = bridgeExtras().pickSchemaFile;
    if (desktop) {
      try {
        const picked = await desktop();
        if (picked) onSchema(picked.json, picked.fileName);
      } catch (e) {
        onReadError(e instanceof Error ? e.message : String(e));
      }
      return;
    }
    input.current?.click();
  };
  useImperativeHandle(handle, () => ({ pick: () => void pick() }));

  return (
    <>
      {hideButton ? null : (
        <button type="button" className="btn" onClick={() => void pick()} title={tr('schema.replaceTitle')}>
          {tr('schema.replace')}
        </button>
      )}
      <TextFileInput
        inputRef={input}
        accept=".json,application/json"
        testId="schema-file"
        onText={onSchema}
        onError={(err, name) => onReadError(`${name}: ${err instanceof Error ? err.message : String(err)}`)}
      />
    </>
  );
}
