/** One EventStore per AppStore (the window has one). */
import type { AppStore } from '../app/store';
import { EventStore } from './eventStore';

export { EventStore, DENSE_FRAMES } from './eventStore';
export type { EventState, PickerState, Selection } from './eventStore';

const stores = new WeakMap<AppStore, EventStore>();

export function eventStoreFor(app: AppStore): EventStore {
  let s = stores.get(app);
  if (!s) {
    s = new EventStore(app);
    stores.set(app, s);
  }
  return s;
}
