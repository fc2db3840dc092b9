/**
 * A screen or dialog whose code is a separate chunk, loaded with `import()` when first opened
 * (React.lazy; the shell lists them in app/lazyChunks.ts). While one loads, a translated status
 * says so; if its code cannot be loaded, the error is shown in its place and the rest of the
 * window goes on.
 */
import { Component, Suspense, useState, type ReactNode } from 'react';
import { t as translate, useT, type MessageKey } from './i18n';

/** What shows while a lazy screen's code loads. */
export function Loading({ message, className = '' }: { message: MessageKey; className?: string }) {
  const t = useT();
  return (
    <div className={`lazy-loading ${className}`} role="status" aria-live="polite" aria-busy="true" data-testid="lazy-loading">
      <span className="lazy-spinner" aria-hidden="true" />
      {t(message)}
    </div>
  );
}

/** A lazy screen whose code failed to load: says so in its place (the rest of the window works). */
class LazyBoundary extends Component<{ children: ReactNode }, { error: string | null }> {
  override state: { error: string | null } = { error: null };

  static getDerivedStateFromError(e: unknown): { error: string } {
    return { error: e instanceof Error ? e.message : String(e) };
  }

  override render(): ReactNode {
    if (this.state.error === null) return this.props.children;
    return (
      <div className="lazy-loading lazy-failed" role="alert" data-testid="lazy-failed">
        {translate('lazy.failed', { error: this.state.error })}
      </div>
    );
  }
}

/** A lazy screen in place: `fallback` while its code loads, an error in its place if that fails. */
export function LazyScreen({ message, className, children }: { message: MessageKey; className?: string; children: ReactNode }) {
  return (
    <LazyBoundary>
      <Suspense fallback={<Loading message={message} className={className} />}>{children}</Suspense>
    </LazyBoundary>
  );
}

/**
 * A lazy dialog: nothing (not even its code) until it is first opened, then kept mounted as the
 * eager dialog was, so it keeps what was typed into it between openings. While its code loads it
 * shows the loading status (when open).
 */
export function LazyDialog({ open, children }: { open: boolean; children: ReactNode }) {
  const [opened, setOpened] = useState(open);
  if (open && !opened) setOpened(true);
  if (!opened) return null;
  return (
    <LazyBoundary>
      <Suspense fallback={open ? <Loading message="lazy.dialog" className="lazy-dialog" /> : null}>{children}</Suspense>
    </LazyBoundary>
  );
}
