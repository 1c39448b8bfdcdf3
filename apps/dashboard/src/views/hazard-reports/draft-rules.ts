/**
 * The unsent report kept on the phone (docs/user-guide.md "草稿与离线"): what a draft holds and
 * when a failed send is tried again by itself. Pure rules; the storage is report-draft.ts.
 */

/** The text fields of a report form, as typed; photos are kept beside them as Blobs. */
export interface DraftFields {
  category: string;
  description: string;
  building: string;
  floor: string;
  room: string;
  unknownPlace: boolean;
  urgent: boolean;
  /** Public form only: the optional phone number. */
  contact: string;
}

export interface ReportDraft {
  fields: DraftFields;
  /** The downscaled JPEGs, in order. */
  photos: Blob[];
  /** A send was tried and failed for the network or the server: try again when back online. */
  pending: boolean;
  savedAt: number;
}

export const EMPTY_FIELDS: DraftFields = {
  category: '',
  description: '',
  building: '',
  floor: '',
  room: '',
  unknownPlace: false,
  urgent: false,
  contact: '',
};

/** Whether there is anything worth keeping (an untouched form is no draft). */
export function isEmptyDraft(fields: DraftFields, photoCount: number): boolean {
  return (
    photoCount === 0 &&
    fields.category === '' &&
    fields.description.trim() === '' &&
    fields.building === '' &&
    fields.contact.trim() === '' &&
    !fields.urgent &&
    !fields.unknownPlace
  );
}

/**
 * Whether a send that failed with HTTP `status` (0: the server was not reached) is worth trying
 * again without the user changing anything: no network, a server or proxy failure, or throttling.
 * A refusal of the report itself (400, 404, 413) is not: the user must change it.
 */
export function isRetryable(status: number): boolean {
  return status === 0 || status === 408 || status === 429 || status >= 500;
}

/** A stored draft's fields, every missing or mistyped field replaced by the empty one (older drafts). */
export function normalizeFields(raw: unknown): DraftFields {
  const r = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  const text = (k: keyof DraftFields) => (typeof r[k] === 'string' ? (r[k] as string) : '');
  const flag = (k: keyof DraftFields) => r[k] === true;
  return {
    category: text('category'),
    description: text('description'),
    building: text('building'),
    floor: text('floor'),
    room: text('room'),
    unknownPlace: flag('unknownPlace'),
    urgent: flag('urgent'),
    contact: text('contact'),
  };
}
