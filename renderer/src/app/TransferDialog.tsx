/**
 * The frame the Export… and Import annotations… dialogs share: a modal <dialog> opened and closed
 * with `open` (its fields reset by `onOpen` each time it opens), Escape ignored while the transfer
 * runs, title and lead, the progress bar, and the footer's Close/Cancel and run buttons; and
 * `useTransfer`, the running flag and progress of one call (subscribed to the bridge's progress
 * events of its kind for as long as the call runs).
 */
import { useEffect, useRef, useState, type ReactNode } from 'react';
import type { ProgressEvent } from '../contract';
import { ProgressBar } from './ProgressBar';
import '../schema/schema.css';

export interface Transfer {
  running: boolean;
  progress: ProgressEvent | null;
  setProgress(p: ProgressEvent | null): void;
  /** Runs `task` with the running flag set and progress events of this kind shown. */
  track<T>(task: () => Promise<T>): Promise<T>;
}

export function useTransfer(what: ProgressEvent['what']): Transfer {
  const [running, setRunning] = useState(false);
  const [progress, setProgress] = useState<ProgressEvent | null>(null);
  const track = async <T,>(task: () => Promise<T>): Promise<T> => {
    setRunning(true);
    setProgress({ what, done: 0, total: 0 });
    const unsubscribe = (window as Partial<Window>).qalam?.onProgress?.((p) => {
      if (p.what === what) setProgress(p);
    });
    try {
      return await task();
    } finally {
      unsubscribe?.();
      setRunning(false);
    }
  };
  return { running, progress, setProgress, track };
}

interface FrameProps {
  /** Ids and texts: `${id}-title` labels the dialog. */
  id: string;
  open: boolean;
  /** Resets the dialog's state each time it opens. */
  onOpen(): void;
  onClose(): void;
  transfer: Transfer;
  title: string;
  lead: string;
  progressLabel: string;
  /** The form (a grid of labels and fields). */
  fields: ReactNode;
  /** Confirmations, errors and the report, under the progress bar. */
  children: ReactNode;
  closeLabel: string;
  runLabel: string;
  runDisabled: boolean;
  runTitle?: string;
  onRun(): void;
}

export function TransferDialog(props: FrameProps) {
  const { id, open, onOpen, onClose, transfer, title, lead, progressLabel, fields, children, closeLabel, runLabel, runDisabled, runTitle, onRun } = props;
  const ref = useRef<HTMLDialogElement>(null);
  const onOpenRef = useRef(onOpen);
  onOpenRef.current = onOpen;

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      onOpenRef.current();
      dialog.showModal();
    } else if (!open && dialog.open) dialog.close();
  }, [open]);

  return (
    <dialog
      ref={ref}
      className="dialog xfer"
      aria-labelledby={`${id}-title`}
      onCancel={(e) => {
        e.preventDefault();
        if (!transfer.running) onClose();
      }}
    >
      <h2 id={`${id}-title`}>{title}</h2>
      <p className="dialog-lead">{lead}</p>
      <div className="xfer-grid">{fields}</div>
      <ProgressBar progress={transfer.progress} label={progressLabel} />
      {children}
      <div className="dialog-actions">
        <button type="button" className="btn" disabled={transfer.running} onClick={onClose}>
          {closeLabel}
        </button>
        <button type="button" className="btn btn-primary" disabled={transfer.running || runDisabled} title={runTitle} onClick={onRun}>
          {runLabel}
        </button>
      </div>
    </dialog>
  );
}
