import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// The package index also loads every prompt and the Text Recognizers (~30 MB): see src/turn/dialogs-lib.ts.
const dialogsLib = {
  name: 'botbuilder-dialogs',
  message: 'Import dialog classes from src/turn/dialogs-lib.',
};

export default tseslint.config(
  {
    ignores: [
      'node_modules',
      'dist',
      'data',
      'coverage',
      'manifest/build',
      'test/e2e/artifacts',
      '.tmp',
      '.scratch',
      '**/*.js',
      '**/*.mjs',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'Read settings through src/config.ts only.' },
      ],
    },
  },
  // One-way layers (docs/architecture.md): server -> bot -> features -> services -> domain and ports <- adapters.
  // ESLint applies the last matching block's options for a rule, so each block repeats the dialogs-lib rule.
  {
    files: ['src/**/*.ts', 'dialogs/**/*.ts'],
    ignores: ['src/turn/dialogs-lib.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [dialogsLib] }] },
  },
  {
    // Only the composition root (src/composition, src/app.ts) chooses adapters.
    files: ['src/bot/**/*.ts', 'src/services/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [dialogsLib],
          patterns: [
            {
              group: ['**/adapters/**'],
              message: 'Depend on a port (src/ports); only src/composition and src/app.ts choose adapters.',
            },
          ],
        },
      ],
    },
  },
  {
    // The domain is plain rules over plain data: it imports nothing but itself.
    files: ['src/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ regex: '^(?!\\./)', message: 'src/domain imports only other src/domain files.' }] },
      ],
    },
  },
  {
    // dialogs/ sits under the bot: the bot imports dialogs, never the other way (shared turn helpers live in src/turn).
    files: ['dialogs/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [dialogsLib],
          patterns: [
            { group: ['**/src/bot/**'], message: 'dialogs/ must not import src/bot; use src/turn.' },
          ],
        },
      ],
    },
  },
  {
    files: ['src/config.ts', 'test/**/*.ts', 'bench/**/*.ts'],
    rules: { 'no-restricted-properties': 'off' },
  },
  {
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/unbound-method': 'off',
      '@typescript-eslint/require-await': 'off',
    },
  },
);
