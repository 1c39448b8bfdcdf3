import type { OrgPath } from '@campus/device-protocols';

/** The socket.io room of an org unit: every user of that unit joins it. */
export const orgRoom = (code: string): string => `org:${code}`;

/** The room a user's sockets join: their own org unit's. */
export const roomsForUser = (user: { org: string }): string[] => [orgRoom(user.org)];

/**
 * The rooms an alert goes to: its school's, county's, city's and province's. A user is in exactly
 * one of them when their org contains the school, and in none otherwise; emitting once to the
 * union also delivers once to a socket that might be in several.
 */
export const roomsForAlert = (alert: OrgPath): string[] => [
  orgRoom(alert.school),
  orgRoom(alert.county),
  orgRoom(alert.city),
  orgRoom(alert.province),
];
