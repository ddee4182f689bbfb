// Dexie code is tested on fake-indexeddb: a complete in-memory IndexedDB.
import 'fake-indexeddb/auto';
