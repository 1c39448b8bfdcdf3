import { readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * The proof that the backend and the dashboard share these types rather than copies of them:
 * both are type-checked against an in-memory copy of the contract with one field renamed, and
 * both must break; against the contract as it is, neither may (docs/alerting.md is the contract).
 */

const ROOT = resolve(import.meta.dirname, '../../..');
const CONTRACT = join(ROOT, 'libs/api-contract/src');

/** Non-spec TypeScript files below `dir` (relative to the repository) whose path passes `keep`. */
function sources(dir: string, keep: (path: string) => boolean): string[] {
  const base = join(ROOT, dir);
  return readdirSync(base, { recursive: true, encoding: 'utf8' })
    .map((p) => join(base, p))
    .filter((p) => p.endsWith('.ts') && !p.endsWith('.spec.ts') && keep(p));
}

/** One side (the backend or the dashboard): its own tsconfig and the files to check. */
interface Side {
  name: string;
  tsconfig: string;
  roots: string[];
}

const SIDES: Side[] = [
  {
    // every module of the dashboard's HTTP side and of the screens' logic that reads the answers
    name: 'dashboard',
    tsconfig: 'apps/dashboard/tsconfig.json',
    roots: sources('apps/dashboard/src', () => true),
  },
  {
    // the view mappers and row mappers that build what the API answers
    name: 'alerting',
    tsconfig: 'libs/alerting/tsconfig.json',
    roots: sources('libs/alerting/src', (p) => /-(view|rows)\.ts$/.test(p)),
  },
];

function optionsOf(tsconfig: string): ts.CompilerOptions {
  const file = join(ROOT, tsconfig);
  const { config } = ts.readConfigFile(file, (f) => ts.sys.readFile(f));
  return { ...ts.parseJsonConfigFileContent(config, ts.sys, dirname(file)).options, noEmit: true };
}

/** Parsed files that are not replaced, shared by every run (the lib and node_modules typings). */
const parsed = new Map<string, ts.SourceFile>();

/** The type errors of `side` when the contract's files are replaced by `contract` (path → text). */
function typeErrors(side: Side, contract: ReadonlyMap<string, string>): string[] {
  const options = optionsOf(side.tsconfig);
  const host = ts.createCompilerHost(options, true);
  const read = host.getSourceFile.bind(host);
  host.readFile = (f) => contract.get(resolve(f)) ?? ts.sys.readFile(f);
  host.getSourceFile = (fileName, language, onError) => {
    const replaced = contract.get(resolve(fileName));
    if (replaced !== undefined) return ts.createSourceFile(fileName, replaced, language, true);
    let file = parsed.get(fileName);
    if (file === undefined) {
      file = read(fileName, language, onError);
      if (file !== undefined) parsed.set(fileName, file);
    }
    return file;
  };
  const program = ts.createProgram({ rootNames: side.roots, options, host });
  return ts
    .getPreEmitDiagnostics(program)
    .filter((d) => d.file !== undefined && !d.file.fileName.includes('/node_modules/'))
    .map(
      (d) => `${relative(ROOT, d.file!.fileName)}: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`,
    );
}

/** The contract with `field: ` renamed in `file` (exactly one declaration of it there). */
function renamed(file: string, field: string): Map<string, string> {
  const path = join(CONTRACT, file);
  const text = ts.sys.readFile(path)!;
  const declaration = new RegExp(`^(\\s+)${field}(\\??): `, 'm');
  expect(text.match(new RegExp(declaration, 'gm')), `${field} in ${file}`).toHaveLength(1);
  return new Map([[path, text.replace(declaration, `$1${field}Renamed$2: `)]]);
}

describe('the backend and the dashboard share the wire types', { timeout: 240_000 }, () => {
  it.each(SIDES)('$name type-checks against the contract as it is', (side) => {
    expect(side.roots.length).toBeGreaterThan(0);
    expect(typeErrors(side, new Map())).toEqual([]);
  });

  it.each([
    ['alerts.ts', 'openedAt'],
    ['alerts.ts', 'schoolName'],
    ['devices.ts', 'lowBattery'],
  ])('renaming %s `%s` breaks both', (file, field) => {
    const contract = renamed(file, field);
    for (const side of SIDES) {
      const errors = typeErrors(side, contract).filter((e) => !e.startsWith('libs/api-contract/'));
      expect(errors.length, `${side.name} should not compile with ${field} renamed`).toBeGreaterThan(0);
    }
  });
});
