/**
 * Where a `DATABASE_URL` points, for messages and logs, without the password:
 * `postgres@db.example:5432/campus`. Never throws; an unparsable URL is described as such.
 */
export function describeDatabaseUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return '(an unparsable DATABASE_URL: expected postgresql://user:password@host:port/database)';
  }
  const host = parsed.hostname || parsed.searchParams.get('host') || 'localhost';
  const port = parsed.port || '5432';
  const database = decodeURIComponent(parsed.pathname.replace(/^\//, '')) || '(default database)';
  const user = parsed.username ? `${decodeURIComponent(parsed.username)}@` : '';
  return `${user}${host}:${port}/${database}`;
}
