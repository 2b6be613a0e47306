/** The files the page loads: the lightweight-charts standalone build from node_modules, and our own script and stylesheet. */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { dashboardScript } from './page/script.js';
import { analyticsScript } from './page/analytics-script.js';
import { dashboardCss } from './page/styles.js';

export interface Asset {
  body: string;
  contentType: string;
}

let chartLibrary: string | undefined;

/** The package's exports map hides dist/, so the file is found beside its package.json (works from src/ and dist/ alike). */
export function chartLibraryPath(): string {
  const require = createRequire(import.meta.url);
  return join(
    dirname(require.resolve('lightweight-charts/package.json')),
    'dist',
    'lightweight-charts.standalone.production.js',
  );
}

export function dashboardAsset(name: string): Asset | undefined {
  switch (name) {
    case 'lightweight-charts.js':
      chartLibrary ??= readFileSync(chartLibraryPath(), 'utf8');
      return { body: chartLibrary, contentType: 'text/javascript; charset=utf-8' };
    case 'dashboard.js':
      return { body: dashboardScript, contentType: 'text/javascript; charset=utf-8' };
    case 'analytics.js':
      return { body: analyticsScript, contentType: 'text/javascript; charset=utf-8' };
    case 'dashboard.css':
      return { body: dashboardCss, contentType: 'text/css; charset=utf-8' };
    default:
      return undefined;
  }
}
