/**
 * A hidden `<input type=file>` whose chosen file is read as text (File.text()): the schema's JSON
 * and brat conf pickers and the guidelines' Markdown. Clicking `inputRef` opens it; the input is
 * emptied at once so the same file can be chosen again.
 */
import type { RefObject } from 'react';

export interface TextFileInputProps {
  inputRef: RefObject<HTMLInputElement | null>;
  accept: string;
  testId: string;
  /** The file's text and name; what it throws is given to onError too. */
  onText: (text: string, fileName: string) => void | Promise<void>;
  /** The file could not be read, or onText failed. */
  onError: (error: unknown, fileName: string) => void;
}

export function TextFileInput({ inputRef, accept, testId, onText, onError }: TextFileInputProps) {
  return (
    <input
      ref={inputRef}
      type="file"
      accept={accept}
      hidden
      data-testid={testId}
      onChange={async (e) => {
        const file = e.target.files?.[0];
        e.target.value = '';
        if (!file) return;
        try {
          await onText(await file.text(), file.name);
        } catch (err) {
          onError(err, file.name);
        }
      }}
    />
  );
}
