import { onBeforeUnmount, reactive, ref, watch } from 'vue';
import { EMPTY_FIELDS, isEmptyDraft, type DraftFields } from './draft-rules';
import { clearDraft, loadDraft, saveDraft } from './report-draft';

export interface DraftPhoto {
  blob: Blob;
  /** An object URL for the thumbnail. */
  url: string;
}

/**
 * The state of a report form kept as a draft on the phone until the server confirms it
 * (docs/user-guide.md "草稿与离线"): every change is saved (IndexedDB), the draft comes back after
 * a reload, `pending` says a send failed for the network or the server, and `onOnline` runs when
 * the phone is back online. `restoring` is true while a stored draft is being put back (so the
 * form's own watchers — a new building clears the floor — leave it alone).
 */
export function useReportDraft(key: string) {
  const fields = reactive<DraftFields>({ ...EMPTY_FIELDS });
  const photos = ref<DraftPhoto[]>([]);
  const pending = ref(false);
  const restoring = ref(false);
  const restored = ref(false);
  let loaded = false;
  let saving: Promise<void> = Promise.resolve();

  const snapshot = () => ({
    fields: { ...fields },
    photos: photos.value.map((p) => p.blob),
    pending: pending.value,
    savedAt: Date.now(),
  });

  async function persist(): Promise<void> {
    if (!loaded) return;
    const draft = snapshot();
    // one write after another, so an older state never lands after a newer one
    saving = saving.then(async () => {
      if (isEmptyDraft(draft.fields, draft.photos.length) && !draft.pending) await clearDraft(key);
      else await saveDraft(key, draft);
    });
    await saving;
  }

  /** Puts a stored draft back into the form (once, at mount); true when there was one. */
  async function restore(): Promise<boolean> {
    const draft = await loadDraft(key);
    if (draft !== undefined) {
      restoring.value = true;
      const { building, floor, room, ...rest } = draft.fields;
      Object.assign(fields, rest);
      fields.building = building;
      // the form clears floor and room when the building changes: set them after its watchers
      await Promise.resolve();
      fields.floor = floor;
      await Promise.resolve();
      fields.room = room;
      photos.value = draft.photos.map((blob) => ({ blob, url: URL.createObjectURL(blob) }));
      pending.value = draft.pending;
      restored.value = !isEmptyDraft(draft.fields, draft.photos.length);
      await Promise.resolve();
      restoring.value = false;
    }
    loaded = true;
    return draft !== undefined;
  }

  /** The form is done with (sent): empties it and forgets the draft. */
  async function clear(): Promise<void> {
    for (const p of photos.value) URL.revokeObjectURL(p.url);
    photos.value = [];
    Object.assign(fields, EMPTY_FIELDS);
    pending.value = false;
    restored.value = false;
    await saving;
    await clearDraft(key);
  }

  watch([fields, photos, pending], () => void persist(), { deep: true });

  const onlineHandlers: (() => void)[] = [];
  /** Runs `handler` each time the browser says it is online again. */
  function onOnline(handler: () => void): void {
    window.addEventListener('online', handler);
    onlineHandlers.push(handler);
  }
  onBeforeUnmount(() => {
    for (const h of onlineHandlers) window.removeEventListener('online', h);
    for (const p of photos.value) URL.revokeObjectURL(p.url);
  });

  /** Resolves once the latest change is stored (for a send that must not race the draft). */
  const flushed = () => persist();

  return { fields, photos, pending, restoring, restored, restore, clear, onOnline, flushed };
}
