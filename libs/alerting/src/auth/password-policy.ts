/** The shortest password the platform accepts when one is set through the API. */
export const MIN_PASSWORD_LENGTH = 10;
/** The longest (the login body's bound). */
export const MAX_PASSWORD_LENGTH = 1024;

/**
 * Passwords refused whatever their length: the demo's, and the most common ones (lower case; the
 * comparison ignores case). Short ones are refused by the length rule anyway; they are listed so
 * the rule holds if the minimum is ever lowered.
 */
export const COMMON_PASSWORDS: ReadonlySet<string> = new Set([
  'demo-pass',
  'demo-password',
  'demopassword',
  'password',
  'password1',
  'password12',
  'password123',
  'password1234',
  'passw0rd',
  'p@ssw0rd',
  'p@ssword123',
  'changeme',
  'changeme123',
  'admin',
  'admin123',
  'admin12345',
  'admin123456',
  'administrator',
  'welcome123',
  'letmein123',
  'iloveyou',
  'qwerty',
  'qwertyuiop',
  'qwerty123456',
  '1q2w3e4r5t',
  '1qaz2wsx3edc',
  'abc123456',
  'abcd123456',
  'a123456789',
  'qq123456789',
  'woaini1314',
  'woaini520',
  '123456',
  '12345678',
  '123456789',
  '1234567890',
  '12345678910',
  '0123456789',
  '0987654321',
  '9876543210',
  '1111111111',
  '0000000000',
  '1234512345',
  '123123123',
  '1231231234',
  '5201314520',
  '147258369',
  '11111111',
  '88888888',
  '666666666',
  '8888888888',
  'aaaaaaaaaa',
]);

/**
 * Why `password` may not become `username`'s password, or undefined when it may: at least
 * `MIN_PASSWORD_LENGTH` characters (code points, so 10 Chinese characters count as 10), at most
 * `MAX_PASSWORD_LENGTH`, not the user name (in any case), not one of `COMMON_PASSWORDS`, not one
 * character repeated. The messages are for the person choosing it (the API's 400 `error`).
 */
export function passwordProblem(password: string, username: string): string | undefined {
  const length = [...password].length;
  if (length < MIN_PASSWORD_LENGTH) {
    return `the new password is too short: use at least ${MIN_PASSWORD_LENGTH} characters`;
  }
  if (length > MAX_PASSWORD_LENGTH) {
    return `the new password is too long: use at most ${MAX_PASSWORD_LENGTH} characters`;
  }
  const folded = password.trim().toLowerCase();
  if (folded === username.trim().toLowerCase()) {
    return 'the new password must not be the user name';
  }
  if (COMMON_PASSWORDS.has(folded) || new Set(folded).size === 1) {
    return 'the new password is too common (a demo or widely used password): choose another';
  }
  return undefined;
}
