import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { mainWindowOptions } from '../../electron/main/window-options.ts';
import {
  ACCEPTED_FINDINGS,
  AuditUnavailableError,
  auditProductionDependencies,
  describeAudit,
  describeScan,
  judgeFindings,
  scanWithElectronegativity,
  type Finding,
} from '../../scripts/security-gate.ts';
import { tempDir } from '../support/temp-dir.ts';

// The security gate of `npm test` (scripts/security-gate.ts): a static scan
// with electronegativity where any HIGH or MEDIUM finding that is not a
// reviewed false positive fails, and npm audit of what ships.

describe('security gate: electronegativity', () => {
  it('finds no HIGH or MEDIUM problem in the app beyond the reviewed false positives', async () => {
    const scan = await scanWithElectronegativity();
    console.log(describeScan(scan));
    expect(scan.files).toBeGreaterThan(50);
    expect(scan.checks).toBeGreaterThan(30);
    expect(scan.parseErrors).toEqual([]);
    expect(scan.failing.map((f) => `${f.id} ${f.severity} ${f.file}:${f.line}`)).toEqual([]);
    // No stale exception: each one still matches a finding, so removing its cause removes it from the list too.
    for (const accepted of ACCEPTED_FINDINGS) expect(scan.accepted.some((f) => f.id === accepted.id && f.file === accepted.file), accepted.id).toBe(true);
  }, 120_000);

  it('accepts a finding only where its reason holds: the window options it cannot follow are the secure ones', () => {
    const prefs = mainWindowOptions('/p/index.cjs').webPreferences!;
    expect(prefs).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, disableBlinkFeatures: 'Auxclick' });
    for (const accepted of ACCEPTED_FINDINGS) expect(accepted.reason.length, accepted.id).toBeGreaterThan(40);
  });

  it('fails on a HIGH or MEDIUM finding that nobody reviewed, not on LOW ones', () => {
    const finding = (id: string, severity: string, file = 'electron/main/x.ts'): Finding => ({ id, severity, confidence: 'FIRM', file, line: 1, manualReview: false });
    const { failing, accepted } = judgeFindings([
      finding('NODE_INTEGRATION_JS_CHECK', 'HIGH'),
      finding('SANDBOX_JS_CHECK', 'MEDIUM', 'electron/main/index.ts'),
      finding('SANDBOX_JS_CHECK', 'MEDIUM', 'electron/main/other.ts'),
      finding('CSP_GLOBAL_CHECK', 'LOW'),
    ]);
    expect(failing.map((f) => `${f.id} ${f.file}`)).toEqual(['NODE_INTEGRATION_JS_CHECK electron/main/x.ts', 'SANDBOX_JS_CHECK electron/main/other.ts']);
    expect(accepted.map((f) => f.file)).toEqual(['electron/main/index.ts']);
  });

  it('bites on a real insecure window', async () => {
    const root = tempDir();
    fs.writeFileSync(path.join(root, 'package.json'), JSON.stringify({ optionalDependencies: { electron: '^39.8.10' } }));
    fs.mkdirSync(path.join(root, 'electron'));
    fs.writeFileSync(
      path.join(root, 'electron', 'main.js'),
      "const { BrowserWindow } = require('electron');\nnew BrowserWindow({ webPreferences: { nodeIntegration: true, contextIsolation: false, sandbox: false } });\n",
    );
    const scan = await scanWithElectronegativity(root, ['electron']);
    expect(scan.failing.map((f) => f.id)).toEqual(expect.arrayContaining(['CONTEXT_ISOLATION_JS_CHECK', 'SANDBOX_JS_CHECK', 'LIMIT_NAVIGATION_GLOBAL_CHECK']));
  }, 120_000);
});

describe('security gate: npm audit', () => {
  it('has no high or critical advisory in the production dependencies', (context) => {
    let audit: ReturnType<typeof auditProductionDependencies>;
    try {
      audit = auditProductionDependencies();
    } catch (error) {
      // A registry (or mirror) without the advisories endpoint answers no audit at all: then this
      // test is reported as skipped, with the reason, never as passed. Any other failure fails it.
      if (error instanceof AuditUnavailableError) {
        console.warn(`npm audit NOT RUN: ${error.message}`);
        context.skip(`npm audit not run: ${error.message}`);
      }
      throw error;
    }
    console.log(describeAudit(audit));
    expect(audit.serious).toEqual([]);
    expect(audit.vulnerabilities.high + audit.vulnerabilities.critical).toBe(0);
  }, 150_000);
});
