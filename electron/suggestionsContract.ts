/**
 * The suggestions' part of the bridge contract (electron/contract.ts extends ApiMethods with it):
 * the occurrences of a tagged form, the list of a document's suggestions (occurrences and the
 * tagger), accepting and rejecting them, and the tagger's state and threshold.
 */
import type { EntityMention } from '../annotations/model';
import type { PackableSuggestion, PackedSuggestions, SuggestionDelta } from '../annotations/suggestionPack';
import type { DocumentChange, HistoryState } from './contract';

/** Which recommender made a suggestion (endpoint: the project's external recommender, on this machine). */
export type SuggestionSourceName = 'occurrence' | 'tagger' | 'endpoint';

/**
 * One suggested mention (code points, like every offset): the core's packable suggestion with this
 * contract's source names. `key` is `start:end:type`, unique in its document; `score` is 0..1 (an
 * occurrence's share of its form's annotations with that type, times how often the form is tagged
 * where it occurs; the tagger's held-out F1; the endpoint's own score); `form` is, for occurrences,
 * the tagged form that was found.
 */
export type SuggestionItem = PackableSuggestion<SuggestionSourceName>;

/** Which form the occurrences are of: a mention's (its text and type), or a form and a type. */
export interface OccurrenceQuery {
  docId: string;
  mentionId?: string;
  form?: string;
  type?: string;
  /** This document, or every document of the project. */
  scope: 'document' | 'corpus';
}

/** suggestions.occurrences: what accepting them would tag. */
export interface OccurrencePreview {
  form: string;
  type: string;
  scope: 'document' | 'corpus';
  /** Occurrences not tagged yet (and not rejected). */
  count: number;
  /** Documents they are in. */
  documents: number;
  /** The occurrences in the document asked about, in text order. */
  items: SuggestionItem[];
  /** How the annotator treats proclitics, as read from their annotations (stems or whole words). */
  practice: 'stems' | 'whole words';
}

/** The tagger of the current annotator: what it learnt from, how good it is, what it is doing. */
export interface TaggerStatus {
  /** none: nothing to learn from yet (see `waiting`); training: in the background; ready: trained; failed: see `error`. */
  state: 'none' | 'training' | 'ready' | 'failed';
  /**
   * What the tagger waits for while it has no model: two annotated documents, or one with at least
   * `minMentions` mentions ('mentions'), which also cuts into parts to hold out ('parts': it has no
   * line breaks between its mentions).
   */
  waiting?: { reason: 'mentions' | 'parts'; documents: number; mentions: number; minMentions: number };
  /**
   * Held-out figures of the model in use (null: too few documents to hold any out, or no model):
   * `documents` held out, or, with `parts`, that many parts cut from `parts.of` documents (a corpus
   * imported as one document, or a large one sampled).
   */
  quality: { precision: number; recall: number; f1: number; documents: number; parts?: { of: number } } | null;
  /** What the model in use was trained on. */
  trained: { documents: number; mentions: number } | null;
  /** Raised with every model trained (a new model: ask for the suggestions again). */
  generation: number;
  /** The threshold: under this held-out F1 the tagger suggests nothing (the project's setting). */
  minF1: number;
  /** The tagger's suggestions are shown (quality.f1 ≥ minF1). */
  active: boolean;
  error?: string;
  /**
   * The model kept with the project (migration 016): 'loaded' when the model in use was loaded
   * from it at opening instead of trained (it was trained on exactly the current annotations);
   * 'damaged' when the kept one could not be read (or is not a model); 'stale' when it was
   * trained on other annotations, by another format of the tagger, or for other types: it was
   * ignored, and the tagger trains again (the status says so until the new model is in use).
   */
  kept?: { state: 'loaded' | 'damaged' | 'stale'; error?: string };
}

/** The project's external recommender (off by default): an HTTP endpoint on this machine. */
export interface EndpointSettings {
  /** `http://127.0.0.1:PORT/…` (or localhost, [::1]); '' for none. */
  url: string;
  enabled: boolean;
  /** How long an answer may take, in milliseconds. */
  timeoutMs: number;
}

/** The external recommender for one document: its settings, and what it answered. */
export interface EndpointStatus extends EndpointSettings {
  /** off: not enabled; asking: the request is out; answered; failed: see `error`. */
  state: 'off' | 'asking' | 'answered' | 'failed';
  /** Why the answer as a whole was not used (not on this machine, timeout, HTTP status, not JSON…). */
  error?: string;
  /** The items of its answer that are shown (before those already tagged or rejected are left out). */
  suggested: number;
  /** How many items of its answer were refused, and why (the first 100). */
  refusedCount: number;
  refused: { index: number; reason: string }[];
}

/** suggestions.list: a document's suggestions for the current annotator. */
export interface SuggestionList {
  docId: string;
  /** The items (SuggestionItem[]) in text order, as columns (annotations/suggestionPack.ts: `unpackSuggestions`); empty when `unchanged`. */
  packed: PackedSuggestions;
  /** Names these items: asked again with `known` equal to it, the list answers `unchanged` and no items. */
  revision: string;
  /** The items are those of `known` (the window keeps its own). */
  unchanged?: true;
  /**
   * The items are those of `known` changed by this delta, and `packed` holds only the items added
   * (annotations/suggestionPack.ts: `applySuggestionDelta`). Sent when the service still has the
   * list it last sent and it was `known`; a label changes a few items, not the document's 40,000.
   */
  delta?: SuggestionDelta;
  tagger: TaggerStatus;
  /** The external recommender's state for this document. */
  endpoint: EndpointStatus;
  /** The tagger's or the endpoint's suggestions for this document are being computed (ask again). */
  pending: boolean;
}

/** What accepting suggestions created in the document asked about (one undo step). */
export type SuggestionsAccepted = {
  created: EntityMention[];
  /** Mentions created in every document (corpus scope: in other documents too, one undo step each). */
  count: number;
  documents: number;
  history: HistoryState;
} & { document: DocumentChange };

export interface SuggestionMethods {
  /** The untagged occurrences of a mention's form (or of `form`), also after proclitics: a preview. */
  'suggestions.occurrences': { args: OccurrenceQuery; result: OccurrencePreview };
  /** Tag them all (one undo step per document), provenance naming the recommender. */
  'suggestions.acceptOccurrences': { args: OccurrenceQuery; result: SuggestionsAccepted };
  /** The document's suggestions: occurrences of every form the annotator tagged, and the tagger's above the threshold; rejected ones left out. */
  'suggestions.list': { args: { docId: string; known?: string }; result: SuggestionList };
  /** Accept one suggestion, as its type or as `type` (one undo step). */
  'suggestions.accept': {
    args: { docId: string; start: number; end: number; type: string; suggestedType?: string; source: SuggestionSourceName; score: number; form?: string };
    result: SuggestionsAccepted;
  };
  /** Accept every suggestion of the document scoring at least `minScore` (one undo step). */
  'suggestions.acceptAll': { args: { docId: string; minScore: number }; result: SuggestionsAccepted };
  /** Reject a suggestion: that span with that type is not suggested to this annotator again. */
  'suggestions.reject': {
    args: { docId: string; start: number; end: number; type: string; source: SuggestionSourceName; score: number };
    result: { rejected: boolean };
  };
  'suggestions.status': { args: Record<string, never>; result: TaggerStatus };
  /** Change the threshold (stored in the project). */
  'suggestions.setThreshold': { args: { minF1: number }; result: TaggerStatus };
  /** Retrain the tagger now (in the background). */
  'suggestions.train': { args: Record<string, never>; result: TaggerStatus };
  /** The external recommender's settings (stored in the project; off by default). */
  'suggestions.endpoint': { args: Record<string, never>; result: EndpointSettings };
  /** Change them (a URL on this machine only); what it answered before is forgotten, so this also asks again. */
  'suggestions.setEndpoint': { args: EndpointSettings; result: EndpointSettings };
}
