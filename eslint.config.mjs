import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';

// The pure core (scope:core) may not import I/O: no NestJS, NATS, database, network or file system.
const ioModules = [
  '@nestjs/*',
  '@nats-io/*',
  '@mikro-orm/*',
  'pg',
  'opossum',
  'undici',
  'node:fs',
  'fs',
  'node:net',
  'net',
  'node:http',
  'http',
  'node:https',
  'https',
  'node:child_process',
  'child_process',
  'node:vm',
  'vm',
];

export default [
  {
    ignores: ['dist/**', 'node_modules/**', '.tools/**', 'coverage/**', 'examples/**', '**/*.js', '**/*.mjs'],
  },
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  {
    files: ['**/*.ts'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          depConstraints: [
            { sourceTag: 'scope:core', onlyDependOnLibsWithTags: ['scope:core'] },
            // The dashboard runs in a browser: only the pure core (types, no I/O) may come with it.
            { sourceTag: 'scope:browser', onlyDependOnLibsWithTags: ['scope:core'] },
            { sourceTag: 'type:lib', onlyDependOnLibsWithTags: ['type:lib'] },
            { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:lib'] },
          ],
        },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'warn',
    },
  },
  {
    files: [
      'libs/engine/src/**/*.ts',
      'libs/expressions/src/**/*.ts',
      'libs/signatures/src/**/*.ts',
      'libs/json-schemas/src/**/*.ts',
      'libs/model/src/**/*.ts',
      'libs/intake/src/**/*.ts',
    ],
    // Specs and their fixture readers may read files; the library code may not.
    ignores: ['**/*.spec.ts', '**/__fixtures__/**', '**/testing/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: ioModules.map((group) => ({ group: [group], message: 'The pure core does no I/O.' })) },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'process', message: 'The pure core reads no environment.' },
        { name: 'fetch', message: 'The pure core does no I/O.' },
      ],
    },
  },
  {
    // @baton/client is published alone and runs in browsers: no other @baton library, no Node API.
    files: ['libs/client/src/**/*.ts'],
    ignores: ['**/*.spec.ts', '**/testing/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@baton/*'], message: '@baton/client is published alone: write the type out here.' },
            { group: ['node:*', ...ioModules], message: '@baton/client runs in browsers too: no Node API.' },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'process', message: '@baton/client runs in browsers too.' },
        { name: 'Buffer', message: '@baton/client runs in browsers too: use Uint8Array.' },
      ],
    },
  },
  {
    files: ['libs/definition/src/**/*.ts'],
    ignores: ['**/*.spec.ts', 'libs/definition/src/files/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: ioModules
            .filter((m) => !m.endsWith('fs'))
            .map((group) => ({
              group: [group],
              message: 'The definition library reads files only through its files/ adapter.',
            })),
        },
      ],
    },
  },
];
