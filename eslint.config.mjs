// @ts-check
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** House rule (../STYLE.md "Names"): kebab-case file names, one spelling per role. */
const kebabCaseFilename = {
  meta: { type: 'suggestion', schema: [], messages: { kebab: 'file names are kebab-case: {{name}}' } },
  create(context) {
    const name = context.filename.split(/[\\/]/).pop() ?? '';
    const stem = name.replace(/(\.[a-z0-9-]+)+$/, '');
    return {
      Program(node) {
        if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(stem)) context.report({ node, messageId: 'kebab', data: { name } });
      },
    };
  },
};

export default tseslint.config(
  { ignores: ['dist/**', '.data/**', 'node_modules/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.node },
    },
    plugins: { ofs: { rules: { 'kebab-case-filename': kebabCaseFilename } } },
    rules: {
      'ofs/kebab-case-filename': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false } }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-extraneous-class': 'off',
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.name='forwardRef']",
          message: 'No forwardRef: extract the shared piece instead.',
        },
      ],
      'no-restricted-properties': [
        'error',
        {
          object: 'process',
          property: 'env',
          message: 'Read settings through the validated config (config/ folders).',
        },
      ],
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['@ofs/*/*'], message: 'Import a lib only through its entry point @ofs/<lib>.' }] },
      ],
    },
  },
  {
    files: ['libs/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/apps/**', '@ofs-app/*'], message: 'Libs never import apps.' },
            { group: ['@ofs/*/*'], message: 'Import a lib only through its entry point @ofs/<lib>.' },
          ],
        },
      ],
    },
  },
  {
    // Where the environment is read: config folders, the bootstrap, the entry scripts and the tests' set-up.
    files: [
      '**/config/**/*.ts',
      '**/bootstrap/**/*.ts',
      'scripts/**',
      'test/**',
      'ormconfig.ts',
      '**/*.spec.ts',
      '**/*.int-spec.ts',
      '**/*.e2e-spec.ts',
    ],
    rules: { 'no-restricted-properties': 'off' },
  },
  { files: ['**/*.mjs', '**/*.js'], languageOptions: { globals: { ...globals.node } } },
  prettier,
);
