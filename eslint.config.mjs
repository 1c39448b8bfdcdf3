import js from '@eslint/js';
import nx from '@nx/eslint-plugin';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '**/data/**',
      '.nx/**',
      '.tmp/**',
      'test-artifacts/**',
      '**/*.vue',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    files: ['**/*.ts', '**/*.mjs', '**/*.js'],
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
            { sourceTag: 'scope:protocols', onlyDependOnLibsWithTags: [] },
            { sourceTag: 'scope:ingest', onlyDependOnLibsWithTags: ['scope:protocols'] },
            { sourceTag: 'scope:simulators', onlyDependOnLibsWithTags: ['scope:protocols'] },
            { sourceTag: 'scope:alerting', onlyDependOnLibsWithTags: ['scope:protocols'] },
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
