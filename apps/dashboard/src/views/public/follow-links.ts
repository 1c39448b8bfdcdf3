/**
 * The public reports sent from this browser (docs/user-guide.md "公开上报链接"), so the reporter
 * finds their follow links again: id and token per school, newest first, in localStorage (no
 * account to keep them in). At most MAX_KEPT per school.
 */
export interface FollowLink {
  id: string;
  token: string;
  at: number;
}

const MAX_KEPT = 20;
const keyOf = (school: string) => `campus.follow.${school}`;

/** The list with `link` first, without an older entry of the same id, at most MAX_KEPT long. */
export function addFollowLink(list: readonly FollowLink[], link: FollowLink): FollowLink[] {
  return [link, ...list.filter((l) => l.id !== link.id)].slice(0, MAX_KEPT);
}

/** The follow page's path of a report (its token in the query, never sent anywhere but our API). */
export function followPath(school: string, link: Pick<FollowLink, 'id' | 'token'>): string {
  return `/p/${encodeURIComponent(school)}/r/${encodeURIComponent(link.id)}?t=${encodeURIComponent(link.token)}`;
}

/** Whether `value` is empty or a phone number the server can text (mainland mobile, or +E.164). */
export function isPhoneOrEmpty(value: string): boolean {
  const digits = value.replace(/[\s\-.()（）]/g, '');
  return digits === '' || /^1[3-9]\d{9}$/.test(digits) || /^\+[1-9]\d{7,14}$/.test(digits);
}

export function readFollowLinks(school: string): FollowLink[] {
  try {
    const raw = JSON.parse(localStorage.getItem(keyOf(school)) ?? '[]') as unknown;
    return Array.isArray(raw)
      ? raw.filter(
          (l): l is FollowLink =>
            typeof l === 'object' &&
            l !== null &&
            typeof (l as FollowLink).id === 'string' &&
            typeof (l as FollowLink).token === 'string' &&
            typeof (l as FollowLink).at === 'number',
        )
      : [];
  } catch {
    return [];
  }
}

export function rememberFollowLink(school: string, link: FollowLink): void {
  try {
    localStorage.setItem(keyOf(school), JSON.stringify(addFollowLink(readFollowLinks(school), link)));
  } catch {
    // storage refused (private mode): the follow page's own address still works
  }
}
