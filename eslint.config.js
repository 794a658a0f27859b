// Lint rules, including the layer boundaries from docs/architecture.md.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const layer = (files, patterns) => ({
  files,
  rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns }] },
});

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'web/dist/', '.hikeshi/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
    },
  },
  {
    files: ['src/domain/**', 'src/app/**'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-non-null-assertion': 'error',
    },
  },
  layer(
    ['src/domain/**'],
    [
      {
        group: ['**/app/**', '**/store/**', '**/adapters/**', '**/jobs/**', '**/config/**', 'node:*', 'fs', 'pg', 'kysely', 'fastify'],
        message: 'domain/ is pure: no I/O and no other layer. Move the I/O to a use case in app/.',
      },
    ],
  ),
  layer(
    ['src/app/**'],
    [
      {
        group: ['**/adapters/**', '**/jobs/**', 'fastify', '@slack/*'],
        message: 'Use cases know no transport: take plain input, return plain results.',
      },
    ],
  ),
  layer(
    ['src/store/**'],
    [
      {
        group: ['**/app/**', '**/adapters/**', '**/jobs/**'],
        message: 'The store serves use cases; it must not call them or any transport.',
      },
    ],
  ),
  layer(
    ['src/jobs/**'],
    [
      {
        group: ['**/adapters/**'],
        message: 'Jobs deliver effects through their own handlers; they must not reach into a transport.',
      },
    ],
  ),
  {
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      ...tseslint.configs.disableTypeChecked.languageOptions,
      globals: { process: 'readonly', URL: 'readonly', console: 'readonly', performance: 'readonly' },
    },
  },
);
