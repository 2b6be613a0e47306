// ESLint flat config: typescript-eslint's recommended rules plus the layer rules of docs/architecture.md.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// Import patterns (gitignore syntax, matched against the import string) for each part of src/.
const ADAPTERS = ['**/exchanges/**', '**/store/**', '**/fake-exchange/**'];
const INTERFACES = ['**/mcp/**', '**/http/**', '**/dashboard/**', '**/cli/**', '**/demo/**', '**/requests/**'];
const COMPOSITION = ['**/compose/**'];
const APPLICATION = ['**/app/**'];
const DRIVERS = [
  'better-sqlite3',
  'pg',
  'kysely',
  'ws',
  'hono',
  'hono/*',
  '@hono/*',
  '@modelcontextprotocol/*',
  'node:http',
  'node:net',
  'node:fs',
  'node:fs/*',
];
const EXCHANGE_ADAPTERS = ['binance-us', 'simulator', 'synthetic', 'replay'];

/** The composition root is the folder src/compose/ (createApp is compose/app.ts): no second home beside it. */
const ONE_COMPOSITION_ROOT = [
  ['**/compose.js', '**/compose.ts'],
  'the composition root lives in src/compose/ (createApp: src/compose/app.js).',
];

/**
 * The whole journal (`Store`, 22 members) is for the composition root, the store adapter and the
 * journal's wrappers; everyone else takes the part it needs from src/ports.
 */
const NARROW_JOURNAL = [
  { group: ['**/ports/store.js'], importNames: ['Store'] },
  'take the part of the journal you need (ports/order-journal, balance-journal, risk-journal, audit-log, ...), not the whole Store.',
];

/** Matching a pattern: a RegExp, a list of gitignore globs, or { group, importNames }. */
function pattern(match, message) {
  if (match instanceof RegExp) return { regex: match.source, message };
  if (Array.isArray(match)) return { group: match, message };
  return { ...match, message };
}

function restrict(always, groups) {
  const patterns = [...groups, ...always].map(([match, message]) => pattern(match, message));
  return { 'no-restricted-imports': ['error', { patterns }] };
}

/**
 * One no-restricted-imports rule: each group of patterns with the reason a reader sees. (A later
 * config object replaces the rule's options for its files, so every layer repeats the rules for all.)
 */
function layer(...groups) {
  return restrict([ONE_COMPOSITION_ROOT, NARROW_JOURNAL], groups);
}

/** The same, for the code that holds the whole journal (compose, store, ports, tests). */
function journalHolder(...groups) {
  return restrict([ONE_COMPOSITION_ROOT], groups);
}

const DOMAIN_RULE = [
  [ADAPTERS, 'domain code (model, risk, ledger, indicators) imports no adapter: depend on a port (src/ports).'],
  [INTERFACES, 'domain code imports no interface (mcp, http, dashboard, cli, demo).'],
  [[...APPLICATION, ...COMPOSITION], 'domain code imports neither the application (src/app) nor the composition root.'],
  [DRIVERS, 'domain code imports no database, network or server package.'],
];

/** An exchange adapter may import the shared ports, model and clock, not another exchange adapter. */
function exchangeAdapter(name, allowed = []) {
  const others = EXCHANGE_ADAPTERS.filter((other) => other !== name && !allowed.includes(other));
  return {
    files: [`src/exchanges/${name}/**/*.ts`],
    rules: layer(
      [
        others.map((other) => `**/${other}/**`),
        'an exchange adapter does not import another adapter: share through src/model or src/ports.',
      ],
      [['**/store/**', '**/fake-exchange/**'], 'an exchange adapter imports neither the store nor the fake exchange.'],
      [
        [...INTERFACES, ...APPLICATION, ...COMPOSITION],
        'an adapter imports no interface, application or composition code.',
      ],
    ),
  };
}

const NO_WALL_CLOCK = [
  {
    selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']",
    message: 'Read time from the injected Clock (src/ports/clock.ts); only src/clock and src/cli read the wall clock.',
  },
  {
    selector: "NewExpression[callee.name='Date'][arguments.length=0]",
    message: 'new Date() reads the wall clock: take the time from the injected Clock (src/ports/clock.ts).',
  },
];

/** Concepts with one home, not to be written out again. */
const ONE_HOME = [
  {
    selector:
      "LogicalExpression[operator='||']:has(Literal[value='STOP_LOSS_LIMIT']):has(Literal[value='TAKE_PROFIT_LIMIT'])",
    message: 'Use isStopOrderType (src/model/filters.ts) rather than listing the stop order types again.',
  },
  {
    selector: "ArrayExpression:has(> Literal[value='paper']):has(> Literal[value='live'])",
    message: 'Use TRADING_MODES (src/model/trading-mode.ts) rather than listing the modes again.',
  },
  {
    selector: "Literal[regex.pattern='^[A-Z0-9]{2,20}$']",
    message: 'Use SYMBOL_PATTERN (src/model/market.ts) rather than writing the symbol pattern again.',
  },
];

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,mjs,js}'],
    languageOptions: { ecmaVersion: 2023, sourceType: 'module' },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
    },
  },
  {
    // Tests and measuring scripts read untyped JSON off the wire (REST bodies, tool results, websocket frames).
    // (The four eslint-disable comments for it in test/ are now unused: to remove when nobody edits them.)
    files: ['test/**/*.ts', 'scripts/**/*.ts'],
    linterOptions: { reportUnusedDisableDirectives: 'off' },
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // Plain Node scripts (not TypeScript): Node's globals.
    files: ['**/*.mjs', 'eslint.config.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },

  { files: ['**/*.ts'], rules: layer() },
  {
    // Whole-journal holders: the composition root, the journal's wrappers (notify's tap, ownership's
    // fencing), and the tests, benchmarks and scripts that open a journal.
    files: [
      'src/compose/**/*.ts',
      'src/notify/journal-tap.ts',
      'src/ownership/ownership.ts',
      'test/**/*.ts',
      'bench/**/*.ts',
      'scripts/**/*.ts',
    ],
    rules: journalHolder(),
  },

  // src/: logs go to stderr through pino (stdout carries MCP in stdio mode); time comes from the Clock.
  {
    files: ['src/**/*.ts'],
    ignores: ['src/cli/**'],
    rules: { 'no-console': 'error' },
  },
  {
    files: ['src/**/*.ts'],
    rules: { 'no-restricted-syntax': ['error', ...ONE_HOME] },
  },
  {
    files: ['src/**/*.ts'],
    // src/dashboard/page runs in the browser: its clock is the reader's.
    ignores: ['src/clock/**', 'src/cli/**', 'src/dashboard/page/**'],
    rules: { 'no-restricted-syntax': ['error', ...ONE_HOME, ...NO_WALL_CLOCK] },
  },

  {
    // Interfaces reach the journal only through the application's services (App has no store).
    files: ['src/mcp/**/*.ts', 'src/http/**/*.ts', 'src/requests/**/*.ts', 'src/dashboard/**/*.ts'],
    ignores: ['src/dashboard/page/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        ...ONE_HOME,
        ...NO_WALL_CLOCK,
        {
          selector: "MemberExpression[property.name='store']",
          message:
            'An interface reads and writes the journal through the application (app.history, app.modeSwitches, the desks), not a store.',
        },
      ],
    },
  },

  // The layers (docs/architecture.md, "Layers").
  {
    files: ['src/model/**/*.ts'],
    rules: layer(
      [/^\.\.\//, 'src/model imports nothing but src/model (and big.js).'],
      [DRIVERS, 'src/model imports no database, network or server package.'],
    ),
  },
  { files: ['src/risk/**/*.ts', 'src/ledger/**/*.ts', 'src/indicators/**/*.ts'], rules: layer(...DOMAIN_RULE) },
  {
    files: ['src/ports/**/*.ts'],
    rules: journalHolder([
      /^\.\.\/(?!(model|risk)\/)/,
      'a port (src/ports) is an interface over the domain (src/model, src/risk) only.',
    ]),
  },
  {
    files: ['src/app/**/*.ts'],
    rules: layer(
      [ADAPTERS, 'the application (src/app) imports no adapter: depend on a port (src/ports).'],
      [[...INTERFACES, ...COMPOSITION], 'the application imports no interface and not the composition root.'],
      [DRIVERS, 'the application imports no database, network or server package.'],
    ),
  },
  {
    files: ['src/mcp/**/*.ts', 'src/dashboard/**/*.ts'],
    rules: layer(
      [ADAPTERS, 'an interface imports no adapter: it calls the application (src/app).'],
      [
        ['**/http/**', '**/cli/**', '**/demo/**', ...COMPOSITION],
        'mcp and dashboard import neither another interface nor the composition root.',
      ],
      [['better-sqlite3', 'pg', 'kysely', 'ws'], 'an interface imports no database or exchange driver.'],
    ),
  },
  {
    files: ['src/http/**/*.ts'],
    rules: layer(
      [ADAPTERS, 'an interface imports no adapter: it calls the application (src/app).'],
      [
        ['**/mcp/**'],
        'http does not import mcp/: shared arguments live in src/requests, and /mcp is mounted by src/compose/http.ts.',
      ],
      [['**/cli/**', '**/demo/**', ...COMPOSITION], 'http imports neither the CLI nor the composition root.'],
      [['better-sqlite3', 'pg', 'kysely', 'ws'], 'an interface imports no database or exchange driver.'],
    ),
  },
  {
    // The argument language both interfaces speak (schemas, order arguments, contexts, the session).
    files: ['src/requests/**/*.ts'],
    rules: layer(
      [ADAPTERS, 'src/requests imports no adapter: it calls the application (src/app).'],
      [
        ['**/mcp/**', '**/http/**', '**/dashboard/**', '**/cli/**', '**/demo/**', ...COMPOSITION],
        'src/requests is shared by mcp and http: it imports neither, nor another interface or the composition root.',
      ],
      [DRIVERS, 'src/requests speaks plain arguments: no database, network, server or transport package.'],
    ),
  },
  {
    // The CLI and the demo are entry points: they reach adapters only through the composition root,
    // except the journal that operator commands open (store/index.js).
    files: ['src/cli/**/*.ts', 'src/demo/**/*.ts'],
    rules: layer([
      /\/(exchanges|fake-exchange)\/|\/store\/(?!index\.js$)/,
      'the CLI reaches adapters through src/compose (the journal through store/index.js).',
    ]),
  },
  {
    files: ['src/store/**/*.ts'],
    rules: journalHolder(
      [['**/exchanges/**', '**/fake-exchange/**'], 'the store does not import another adapter.'],
      [
        [...INTERFACES, ...APPLICATION, ...COMPOSITION],
        'an adapter imports no interface, application or composition code.',
      ],
    ),
  },
  exchangeAdapter('binance-us'),
  exchangeAdapter('simulator'),
  exchangeAdapter('synthetic'),
  // A replay is a recorded tape: it reuses the synthetic venue's tape, catalog and units.
  exchangeAdapter('replay', ['synthetic']),
  {
    // The fake exchange is a local Binance.US: it matches with the simulator and quotes from the
    // synthetic or replayed markets; it never imports the client it stands in for, only the wire
    // types (raw-types.ts) that the client parses, so that both speak one format.
    files: ['src/fake-exchange/**/*.ts'],
    rules: layer(
      [
        ['**/binance-us/**', '!**/binance-us/raw-types.js', '**/store/**'],
        'the fake exchange imports neither the Binance.US client nor the store (only its wire types, raw-types.ts).',
      ],
      [
        [...INTERFACES, ...APPLICATION, ...COMPOSITION],
        'an adapter imports no interface, application or composition code.',
      ],
    ),
  },
);
