import { normalizeFields, type ReportDraft } from './draft-rules';

/**
 * Drafts in IndexedDB (docs/user-guide.md "草稿与离线"): the text fields and the downscaled photos
 * as Blobs, one draft per form (`report:<username>` for a teacher, `public:<school code>` for the
 * public link), until the server confirms the report. IndexedDB rather than localStorage: it holds
 * Blobs and megabytes. Where it is missing or refused (private browsing on some phones) the form
 * still works, without a draft.
 */
const DB_NAME = 'campus-report-drafts';
const STORE = 'drafts';

let opened: Promise<IDBDatabase> | null = null;

function open(): Promise<IDBDatabase> {
  opened ??= new Promise<IDBDatabase>((resolve, reject) => {
    const req = indexedDB.open(DB_NAME, 1);
    req.onupgradeneeded = () => req.result.createObjectStore(STORE);
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB could not be opened'));
  }).catch((err: unknown) => {
    opened = null;
    throw err;
  });
  return opened;
}

async function run<T>(mode: IDBTransactionMode, work: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const db = await open();
  return new Promise<T>((resolve, reject) => {
    const tx = db.transaction(STORE, mode);
    const req = work(tx.objectStore(STORE));
    tx.oncomplete = () => resolve(req.result);
    tx.onerror = () => reject(tx.error ?? new Error('IndexedDB transaction failed'));
    tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'));
  });
}

export async function loadDraft(key: string): Promise<ReportDraft | undefined> {
  try {
    const raw = (await run('readonly', (s) => s.get(key))) as Partial<ReportDraft> | undefined;
    if (raw === undefined) return undefined;
    return {
      fields: normalizeFields(raw.fields),
      photos: Array.isArray(raw.photos) ? raw.photos.filter((p): p is Blob => p instanceof Blob) : [],
      pending: raw.pending === true,
      savedAt: typeof raw.savedAt === 'number' ? raw.savedAt : 0,
    };
  } catch {
    return undefined;
  }
}

/** Keeps the draft; false when the browser refused (the form goes on without one). */
export async function saveDraft(key: string, draft: ReportDraft): Promise<boolean> {
  try {
    await run('readwrite', (s) => s.put(draft, key));
    return true;
  } catch {
    return false;
  }
}

export async function clearDraft(key: string): Promise<void> {
  try {
    await run('readwrite', (s) => s.delete(key));
  } catch {
    // nothing kept, nothing to clear
  }
}
