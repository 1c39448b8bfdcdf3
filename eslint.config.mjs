import js from '@eslint/js';
import nx from '@nx/eslint-plugin';
import prettier from 'eslint-config-prettier';
import pluginVue from 'eslint-plugin-vue';
import tseslint from 'typescript-eslint';
import vueParser from 'vue-eslint-parser';

/** Import paths that are test support (see the block at the end). */
export const TEST_SUPPORT_IMPORTS = [
  {
    group: [
      '@campus/test-kit',
      '@campus/test-kit/*',
      '@campus/*/testing',
      '@campus/*/testing/*',
      '**/testing',
      '**/testing/**',
      '**/*.fixture',
      '**/*.fixture.ts',
      '**/*.contract',
      '**/*.contract.ts',
      '**/*-double',
      '**/*-double.ts',
    ],
    message: 'test support is for specs only: production code may not import it',
  },
];

export default tseslint.config(
  {
    ignores: ['**/node_modules/**', '**/dist/**', '**/data/**', '.nx/**', '.tmp/**', 'test-artifacts/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  // The dashboard's single-file components: Vue's recommended rules, <script lang="ts"> parsed by
  // typescript-eslint inside vue-eslint-parser. Prettier (below) switches off the formatting rules.
  ...pluginVue.configs['flat/recommended'],
  {
    files: ['**/*.vue'],
    languageOptions: {
      parser: vueParser,
      parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.vue'], sourceType: 'module' },
    },
    // vue-tsc type-checks every name (as typescript-eslint advises for TypeScript, no-undef is off).
    rules: { 'no-undef': 'off' },
  },
  prettier,
  {
    files: ['**/*.ts', '**/*.mjs', '**/*.js', '**/*.vue'],
    plugins: { '@nx': nx },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // ARCHITECTURE.md: apps are thin deployables over libs; nothing imports an app.
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          depConstraints: [
            // the wire types (libs/api-contract) depend on nothing; backend and dashboard share them
            { sourceTag: 'scope:contract', onlyDependOnLibsWithTags: [] },
            { sourceTag: 'scope:protocols', onlyDependOnLibsWithTags: ['scope:test-kit'] },
            {
              sourceTag: 'scope:ingest',
              onlyDependOnLibsWithTags: ['scope:protocols', 'scope:runtime', 'scope:test-kit'],
            },
            {
              sourceTag: 'scope:simulators',
              onlyDependOnLibsWithTags: ['scope:protocols', 'scope:test-kit'],
            },
            {
              sourceTag: 'scope:alerting',
              onlyDependOnLibsWithTags: [
                'scope:protocols',
                'scope:contract',
                'scope:runtime',
                'scope:test-kit',
              ],
            },
            { sourceTag: 'scope:runtime', onlyDependOnLibsWithTags: ['scope:test-kit'] },
            // Generic test support depends on no project (each lib's own fixtures stay in its src/testing/).
            { sourceTag: 'scope:test-kit', onlyDependOnLibsWithTags: [] },
            {
              sourceTag: 'scope:alert-service',
              // ingest: the InfluxDB reader and the /metrics guard, shared with the gateway
              onlyDependOnLibsWithTags: [
                'scope:alerting',
                'scope:ingest',
                'scope:protocols',
                'scope:runtime',
              ],
            },
            { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:lib'] },
            {
              sourceTag: 'scope:gateway',
              onlyDependOnLibsWithTags: ['scope:ingest', 'scope:protocols', 'scope:runtime'],
            },
            {
              sourceTag: 'scope:platform',
              // test-kit: the in-process platform specs (test support stays out of production code, above)
              onlyDependOnLibsWithTags: [
                'scope:ingest',
                'scope:alerting',
                'scope:protocols',
                'scope:simulators',
                'scope:runtime',
                'scope:test-kit',
              ],
            },
            { sourceTag: 'type:e2e', onlyDependOnLibsWithTags: ['type:lib'] },
          ],
        },
      ],
    },
  },
  // Test support stays out of production code (docs/architecture.md, test tiers): production files
  // may not import the test kit, a lib's `testing` entry or folder, fixtures or contract suites.
  // Specs, the testing folders themselves, the whole-system tests and the bench are exempt.
  {
    files: ['libs/**/*.ts', 'apps/**/*.ts', 'apps/**/*.vue', 'simulators/**/*.ts'],
    ignores: [
      '**/*.spec.ts',
      '**/*.global.ts',
      '**/testing/**',
      '**/*.fixture.ts',
      '**/*.contract.ts',
      '**/*-double.ts',
      'libs/test-kit/**',
      '**/vitest.config.ts',
    ],
    rules: {
      'no-restricted-imports': ['error', { patterns: TEST_SUPPORT_IMPORTS }],
    },
  },
);
