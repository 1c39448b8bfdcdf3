import js from '@eslint/js';
import nx from '@nx/eslint-plugin';
import prettier from 'eslint-config-prettier';
import pluginVue from 'eslint-plugin-vue';
import tseslint from 'typescript-eslint';
import vueParser from 'vue-eslint-parser';

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
            { sourceTag: 'scope:protocols', onlyDependOnLibsWithTags: [] },
            { sourceTag: 'scope:ingest', onlyDependOnLibsWithTags: ['scope:protocols', 'scope:runtime'] },
            { sourceTag: 'scope:simulators', onlyDependOnLibsWithTags: ['scope:protocols'] },
            { sourceTag: 'scope:alerting', onlyDependOnLibsWithTags: ['scope:protocols', 'scope:contract', 'scope:runtime'] },
            { sourceTag: 'scope:runtime', onlyDependOnLibsWithTags: [] },
            {
              sourceTag: 'scope:alert-service',
              onlyDependOnLibsWithTags: ['scope:alerting', 'scope:protocols', 'scope:runtime'],
            },
            { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:lib'] },
            {
              sourceTag: 'scope:gateway',
              onlyDependOnLibsWithTags: ['scope:ingest', 'scope:protocols', 'scope:runtime'],
            },
            {
              sourceTag: 'scope:platform',
              onlyDependOnLibsWithTags: [
                'scope:ingest',
                'scope:alerting',
                'scope:protocols',
                'scope:simulators',
                'scope:runtime',
              ],
            },
            { sourceTag: 'type:e2e', onlyDependOnLibsWithTags: ['type:lib'] },
          ],
        },
      ],
    },
  },
);
