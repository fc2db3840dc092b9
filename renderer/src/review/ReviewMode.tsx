/**
 * The app's Review mode: a header button that swaps the annotation workspace for the review
 * screen, and "edit gold", which switches to annotating as gold in the normal view (and back to
 * the previous annotator on returning to review).
 */
import { useCallback, useEffect, useRef, useState, useSyncExternalStore } from 'react';
import type { Workspace } from '../state/workspace';
import { GOLD_SET } from '../../../annotations/model';
import { t, useT } from '../i18n';

export interface ReviewModeState {
  on: boolean;
  /** Annotating as gold from the review screen (the header offers the way back). */
  editingGold: boolean;
  toggle(): void;
  editGold(): void;
  /** Is the review screen showing? (Stable: for handlers that must not undo the annotator's work then.) */
  isOn(): boolean;
}

export function useReviewMode(ws: Workspace): ReviewModeState {
  const [on, setOn] = useState(false);
  const [returnTo, setReturnTo] = useState<string | null>(null);
  const editingGold = returnTo !== null && !on;
  const onRef = useRef(on);
  useEffect(() => {
    onRef.current = on;
  }, [on]);
  const isOn = useCallback(() => onRef.current, []);

  const editGold = useCallback(() => {
    const me = ws.getState().session?.annotator ?? null;
    void ws.setAnnotator(GOLD_SET).then((error) => {
      if (error) {
        ws.reportError(error, t('review.cannot.gold'));
        return;
      }
      if (me !== GOLD_SET) setReturnTo(me ?? '');
      setOn(false);
    });
  }, [ws]);

  const toggle = useCallback(() => {
    if (on) {
      setOn(false);
      return;
    }
    if (returnTo) void ws.setAnnotator(returnTo);
    setReturnTo(null);
    setOn(true);
  }, [on, returnTo, ws]);

  return { on, editingGold, toggle, editGold, isOn };
}

export function ReviewToggle({ review, ws }: { review: ReviewModeState; ws: Workspace }) {
  const t = useT();
  const hasSession = useSyncExternalStore(ws.subscribe, () => ws.getState().session !== null);
  const label = review.on ? t('header.annotate') : review.editingGold ? t('header.backToReview') : t('header.review');
  return (
    <button
      type="button"
      className={`btn${review.on || review.editingGold ? ' btn-primary' : ''}`}
      onMouseDown={(e) => e.preventDefault()}
      onClick={review.toggle}
      disabled={!hasSession}
      title={review.on ? t('header.annotateTitle') : t('header.reviewTitle')}
      data-testid="review-toggle"
    >
      {label}
    </button>
  );
}
