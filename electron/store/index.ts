export { openProject, Store, parseMentionId, parseEventId, parseRelationId } from './store';
export type { ChangeEntry, ChangeKind, ChangeState, ChangeTarget, NameRenames, NewDocument, NewEvent, NewMention, NewRelation, OpenOptions, Rejection, SetRevision, SettingKey, StoredSchema, SuggestionRejection } from './store';
export { StoreError } from './errors';
export { MIGRATIONS, LATEST_SCHEMA_VERSION, QALAM_APPLICATION_ID, migrate, userVersion } from './migrations';
export type { Migration } from './migrations';
