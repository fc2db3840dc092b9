export { loadStoreBinding, openProject, settleProjectFile } from './open';
export { Store, parseMentionId, parseEventId, parseRelationId } from './store';
export type {
  AnnotationChange,
  ChangeEntry,
  ChangeKind,
  ChangeState,
  ChangeTarget,
  EventChange,
  MentionChange,
  NameRenames,
  NewAnnotation,
  NewDocument,
  NewEvent,
  NewMention,
  NewRelation,
  OpenOptions,
  Rejection,
  SetRevision,
  SettingKey,
  StoredSchema,
  SuggestionRejection,
} from './types';
export type { NewChange } from './changeLog';
export type { StoredModel } from './suggestModels';
export type { DocumentListQuery, DocumentSortKey, SetCounts } from './overview';
export { StoreError } from './errors';
export { MIGRATIONS, LATEST_SCHEMA_VERSION, QALAM_APPLICATION_ID, migrate, userVersion } from './migrations';
export type { Migration } from './migrations';
