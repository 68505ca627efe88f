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

/** No forwardRef anywhere (a restricted-syntax entry, repeated where a block adds entries of its own). */
const noForwardRef = {
  selector: "CallExpression[callee.name='forwardRef']",
  message: 'No forwardRef: extract the shared piece instead.',
};

/**
 * House rule (../STYLE.md "Config, data, logs"; issue 7 item 7): in auth-server, a table's SQL lives in its
 * `<table>.repository.ts` only. Flags, outside repositories, database/ and migrations: string and template text
 * holding a statement on a table (SELECT … FROM, INSERT INTO, UPDATE … SET, DELETE FROM — upper case, as the
 * code writes SQL), prepared statements, and TypeORM repositories injected for queries.
 */
const sqlOnlyInRepositories = [
  {
    selector: 'Literal[value=/\\b(SELECT\\s[\\s\\S]*\\bFROM|INSERT\\s+INTO|UPDATE\\s+\\S+\\s+SET|DELETE\\s+FROM)\\s/]',
    message: "SQL on a table belongs in that table's *.repository.ts.",
  },
  {
    selector:
      'TemplateElement[value.raw=/\\b(SELECT\\s[\\s\\S]*\\bFROM|INSERT\\s+INTO|UPDATE\\s+\\S+\\s+SET|DELETE\\s+FROM)\\s/]',
    message: "SQL on a table belongs in that table's *.repository.ts.",
  },
  {
    selector: "CallExpression[callee.name='preparedQuery']",
    message: "Prepared statements belong in the table's *.repository.ts.",
  },
  {
    selector: "Decorator[expression.callee.name='InjectRepository']",
    message: "Call the table's *.repository.ts instead of a TypeORM Repository<T>.",
  },
];

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
      'no-restricted-syntax': ['error', noForwardRef],
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
  {
    files: ['apps/auth-server/src/**/*.ts'],
    ignores: [
      '**/*.repository.ts',
      'apps/auth-server/src/database/**',
      '**/*.spec.ts',
      '**/*.int-spec.ts',
      '**/*.e2e-spec.ts',
    ],
    rules: { 'no-restricted-syntax': ['error', noForwardRef, ...sqlOnlyInRepositories] },
  },
  { files: ['**/*.mjs', '**/*.js'], languageOptions: { globals: { ...globals.node } } },
  prettier,
);
