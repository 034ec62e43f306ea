// The security gate `npm test` runs (tests/security/security-gate.test.ts),
// also on its own as `npm run security`:
//
// 1. @doyensec/electronegativity over the app's sources (electron/, renderer/,
//    shared/ scanned together, so its global checks see the main process
//    beside the pages). It exits 0 whatever it finds; here any HIGH or
//    MEDIUM finding fails, unless it is in ACCEPTED_FINDINGS with a reason
//    (each reason is backed by a test that fails when it stops being true).
// 2. `npm audit --omit=dev`: no high or critical advisory in what ships.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export interface Finding {
  id: string;
  severity: string;
  confidence: string;
  /** Relative to the scanned tree, e.g. main/index.ts (electron/ is scanned as electron/). */
  file: string;
  line: number;
  manualReview: boolean;
}

export interface AcceptedFinding {
  id: string;
  file: string;
  reason: string;
}

/**
 * Reviewed false positives: the check cannot see what the code does. Matched
 * on check id and file, not line, so a new finding of another check or in
 * another file still fails.
 */
export const ACCEPTED_FINDINGS: readonly AcceptedFinding[] = [
  ...['CONTEXT_ISOLATION_JS_CHECK', 'SANDBOX_JS_CHECK', 'AUXCLICK_JS_CHECK'].map((id) => ({
    id,
    file: 'electron/main/index.ts',
    reason:
      'new BrowserWindow(mainWindowOptions(…)): the options come from window-options.ts, which the scanner does not follow; ' +
      'contextIsolation, sandbox and disableBlinkFeatures: Auxclick are asserted in tests/security/security-gate.test.ts and tests/hosts/electron-guards.test.ts.',
  })),
  {
    id: 'OPEN_EXTERNAL_JS_CHECK',
    file: 'electron/main/external-links.ts',
    reason: 'shell.openExternal runs only after isAllowedExternalUrl (https, public host, no credentials); tests/hosts/electron-links-protocol.test.ts tries the refused kinds.',
  },
];

const FAILING_SEVERITIES = new Set(['HIGH', 'MEDIUM']);

export interface GateResult {
  findings: Finding[];
  failing: Finding[];
  accepted: Finding[];
  checks: number;
  files: number;
  parseErrors: string[];
}

export function judgeFindings(findings: readonly Finding[], accepted: readonly AcceptedFinding[] = ACCEPTED_FINDINGS): Pick<GateResult, 'failing' | 'accepted'> {
  const isAccepted = (f: Finding) => accepted.some((a) => a.id === f.id && a.file === f.file);
  const serious = findings.filter((f) => FAILING_SEVERITIES.has(f.severity));
  return { failing: serious.filter((f) => !isAccepted(f)), accepted: serious.filter(isAccepted) };
}

interface RawIssue {
  id: string;
  severity: { name: string };
  confidence: { name: string };
  file: string;
  location: { line: number };
  manualReview?: boolean;
}
type Runner = (options: Record<string, unknown>) => Promise<{ globalChecks: number; atomicChecks: number; errors: { file: string; message: string; tolerable: boolean }[]; issues: RawIssue[] }>;

/** Runs electronegativity over `dirs` (relative to `root`), copied into one temp tree. */
export async function scanWithElectronegativity(root = repoRoot, dirs: readonly string[] = ['electron', 'renderer', 'shared']): Promise<GateResult> {
  const tree = fs.mkdtempSync(path.join(os.tmpdir(), 'raadsmap-electronegativity-'));
  try {
    let files = 0;
    for (const dir of dirs) {
      fs.cpSync(path.join(root, dir), path.join(tree, dir), {
        recursive: true,
        filter: (source) => {
          if (/[/\\](node_modules|dist|out)([/\\]|$)/.test(path.relative(root, source))) return false;
          if (fs.statSync(source).isFile()) files += /\.(m?[jt]sx?|html)$/.test(source) ? 1 : 0;
          return true;
        },
      });
    }
    const run = createRequire(import.meta.url)('@doyensec/electronegativity/dist/runner.js') as Runner;
    // Its log lines (translations, Electron releases fetched over the network) are noise here.
    const log = console.log;
    console.log = () => {};
    let result: Awaited<ReturnType<Runner>>;
    try {
      result = await run({
        input: tree,
        output: null,
        isSarif: false,
        customScan: [],
        excludeFromScan: [],
        severitySet: 'informational',
        confidenceSet: 'tentative',
        isRelative: true,
        isVerbose: false,
        electronVersionOverride: electronVersion(root),
        parserPlugins: [],
      });
    } finally {
      console.log = log;
    }
    const findings = result.issues.map((issue) => ({
      id: issue.id,
      severity: issue.severity.name,
      confidence: issue.confidence.name,
      file: issue.file.split(path.sep).join('/'),
      line: issue.location.line,
      manualReview: issue.manualReview === true,
    }));
    return {
      findings,
      ...judgeFindings(findings),
      checks: result.globalChecks + result.atomicChecks,
      files,
      parseErrors: result.errors.filter((e) => !e.tolerable).map((e) => `${path.relative(tree, e.file)}: ${e.message}`),
    };
  } finally {
    fs.rmSync(tree, { recursive: true, force: true });
  }
}

function electronVersion(root: string): string {
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { optionalDependencies?: Record<string, string>; devDependencies?: Record<string, string> };
  const range = pkg.optionalDependencies?.electron ?? pkg.devDependencies?.electron ?? '';
  const version = /\d+\.\d+\.\d+/.exec(range)?.[0];
  if (!version) throw new Error(`No Electron version in package.json (${range || 'none'})`);
  return version;
}

/** The registry did not answer the audit (offline, or a mirror without the advisories endpoint). */
export class AuditUnavailableError extends Error {
  override name = 'AuditUnavailableError';
}

export interface AuditResult {
  vulnerabilities: Record<'info' | 'low' | 'moderate' | 'high' | 'critical' | 'total', number>;
  /** Package names with a high or critical advisory. */
  serious: string[];
}

/** `npm audit --omit=dev --json`: needs the registry; an answer that is not an audit report is an error, never a pass. */
export function auditProductionDependencies(root = repoRoot): AuditResult {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const run = spawnSync(npm, ['audit', '--omit=dev', '--json'], { cwd: root, encoding: 'utf8', timeout: 120_000, maxBuffer: 64 * 1024 * 1024 });
  let report: { metadata?: { vulnerabilities?: AuditResult['vulnerabilities'] }; vulnerabilities?: Record<string, { severity: string }>; message?: string; error?: { summary?: string } };
  try {
    report = JSON.parse(run.stdout) as typeof report;
  } catch {
    throw new Error(`npm audit gave no JSON report (exit ${run.status}): ${(run.stderr || run.stdout).slice(0, 500)}`);
  }
  const counts = report.metadata?.vulnerabilities;
  if (!counts) throw new AuditUnavailableError(`npm audit got no advisories from the registry: ${report.message || report.error?.summary || run.stderr.slice(0, 500)}`);
  const serious = Object.entries(report.vulnerabilities ?? {})
    .filter(([, v]) => v.severity === 'high' || v.severity === 'critical')
    .map(([name, v]) => `${name} (${v.severity})`);
  return { vulnerabilities: counts, serious };
}

export function describeScan(scan: GateResult): string {
  const bySeverity = (s: string) => scan.findings.filter((f) => f.severity === s).length;
  return (
    `electronegativity: ${scan.checks} checks over ${scan.files} files; findings HIGH ${bySeverity('HIGH')}, MEDIUM ${bySeverity('MEDIUM')}, ` +
    `LOW ${bySeverity('LOW')}, INFORMATIONAL ${bySeverity('INFORMATIONAL')}; accepted (reviewed) ${scan.accepted.length}; failing ${scan.failing.length}; parse errors ${scan.parseErrors.length}`
  );
}

export function describeAudit(audit: AuditResult): string {
  const v = audit.vulnerabilities;
  return `npm audit --omit=dev: critical ${v.critical}, high ${v.high}, moderate ${v.moderate}, low ${v.low}, info ${v.info}`;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const scan = await scanWithElectronegativity();
  console.log(describeScan(scan));
  for (const f of scan.failing) console.log(`  FAIL ${f.id} ${f.severity} ${f.file}:${f.line}`);
  for (const e of scan.parseErrors) console.log(`  PARSE ${e}`);
  const audit = auditProductionDependencies();
  console.log(describeAudit(audit));
  for (const name of audit.serious) console.log(`  FAIL ${name}`);
  process.exitCode = scan.failing.length + scan.parseErrors.length + audit.serious.length > 0 ? 1 : 0;
}
