import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  // n8n/ is linted by n8n's own tool in strict mode (n8n-node lint), with its unchanged config.
  { ignores: ['**/dist/**', '**/node_modules/**', 'coverage/**', '.tools/**', '.demo/**', 'harness/n8n/**', 'n8n/**', '**/build/**'] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    files: ['core/src/**/*.ts'],
    rules: {
      // The core performs no I/O: keep network, file and process access out of it.
      'no-restricted-imports': [
        'error',
        {
          paths: ['fs', 'node:fs', 'http', 'node:http', 'https', 'node:https', 'net', 'node:net', 'child_process', 'node:child_process'],
          patterns: ['zapier-platform-*', 'n8n-*'],
        },
      ],
      'no-restricted-globals': ['error', 'process', 'fetch', 'console'],
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly', module: 'writable', process: 'readonly', console: 'readonly', __dirname: 'readonly', Buffer: 'readonly', global: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
