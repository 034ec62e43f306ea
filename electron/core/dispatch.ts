import type { CallName, Result } from '../../shared/api.ts';
import { inputs } from '../../shared/api.ts';
import { invalidInput, toErrorInfo } from '../../shared/error-mapping.ts';
import { RaadsmapError } from '../../shared/errors.ts';
import { WITH_INPUT } from '../../shared/zod-messages.ts';
import type { Core, TaskOptions } from './index.ts';
import type { Session } from './vault/session.ts';

/**
 * The boundary every host goes through: validate the raw input of a call
 * against its schema, run it, and wrap the outcome in an ok/error envelope
 * with a stable code and Dutch/English message. Hosts stay thin adapters.
 */
export async function dispatchCall(target: Session | Core, name: string, rawInput: unknown, options: TaskOptions = {}): Promise<Result<unknown>> {
  if (!Object.hasOwn(inputs, name)) {
    return { ok: false, error: { code: 'api.unknown-call', nl: `Onbekende opdracht: ${name}`, en: `Unknown call: ${name}`, subject: name } };
  }
  const call = name as CallName;
  const parsed = inputs[call].safeParse(rawInput ?? {}, WITH_INPUT);
  if (!parsed.success) return { ok: false, error: invalidInput(call, parsed.error.issues).toInfo() };
  // A call with a taskId can be stopped by cancelTask, from any host.
  const taskId = (parsed.data as { taskId?: unknown }).taskId;
  const tasks = runningTasks(target);
  let controller: AbortController | undefined;
  if (typeof taskId === 'string' && call !== 'cancelTask') {
    if (tasks.has(taskId)) {
      return { ok: false, error: { code: 'api.task-running', nl: `Taak ${taskId} loopt al.`, en: `Task ${taskId} is already running.`, subject: taskId } };
    }
    controller = new AbortController();
    tasks.set(taskId, controller);
    options = { ...options, signal: options.signal ? AbortSignal.any([options.signal, controller.signal]) : controller.signal };
  }
  try {
    const value = await run(target, call, parsed.data as never, options, tasks);
    return { ok: true, value };
  } catch (error) {
    return { ok: false, error: toErrorInfo(error) };
  } finally {
    if (controller && typeof taskId === 'string') tasks.delete(taskId);
  }
}

const tasksByTarget = new WeakMap<Session | Core, Map<string, AbortController>>();
function runningTasks(target: Session | Core): Map<string, AbortController> {
  let tasks = tasksByTarget.get(target);
  if (!tasks) {
    tasks = new Map();
    tasksByTarget.set(target, tasks);
  }
  return tasks;
}

const isSession = (target: Session | Core): target is Session => 'whenOpen' in target;

/** The calls a session answers itself, also while the store is locked. */
function runOnSession(session: Session, call: CallName, input: never, options: TaskOptions): { answered: true; value: unknown } | { answered: false } {
  const answer = (value: unknown) => ({ answered: true as const, value });
  switch (call) {
    case 'vaultStatus':
      return answer(session.status());
    case 'setupVault':
      return answer(session.setupVault(input, options));
    case 'unlockVault':
      return answer(session.unlockVault(input));
    case 'lockVault':
      return answer(session.lockVault());
    case 'setAppLock':
      return answer(session.setAppLock(input));
    case 'newRecoveryCode':
      return answer(session.newRecoveryCode(options));
    case 'pendingRecoveryCode':
      return answer(session.pendingRecoveryCode());
    case 'confirmRecoveryCode':
      return answer(session.confirmRecoveryCode());
    case 'setAsideStore':
      return answer(session.setAsideStore());
    case 'getSettings':
      return answer(session.getSettings());
    case 'updateSettings':
      return answer(session.updateSettings(input));
    default:
      return { answered: false };
  }
}

const VAULT_CALLS: ReadonlySet<CallName> = new Set(['vaultStatus', 'setupVault', 'unlockVault', 'lockVault', 'setAppLock', 'newRecoveryCode', 'pendingRecoveryCode', 'confirmRecoveryCode', 'setAsideStore']);

function cancel(tasks: Map<string, AbortController>, taskId: string): { cancelled: boolean } {
  const controller = tasks.get(taskId);
  controller?.abort();
  return { cancelled: controller !== undefined };
}

function run(target: Session | Core, call: CallName, input: never, options: TaskOptions, tasks: Map<string, AbortController>): unknown {
  if (call === 'cancelTask') return cancel(tasks, (input as { taskId: string }).taskId);
  if (isSession(target)) {
    const answered = runOnSession(target, call, input, options);
    if (answered.answered) return answered.value;
  } else if (VAULT_CALLS.has(call)) {
    throw new RaadsmapError({ code: 'vault.not-here', nl: 'Versleuteling wordt hier niet beheerd; gebruik de app.', en: 'Encryption is not managed here; use the app.', subject: call });
  }
  if (isSession(target)) {
    // Through the session: closing the store (lock, rekey) cancels this call and waits for it.
    return target.onCore((core, closing) => runOnCore(core, call, input, { ...options, signal: options.signal ? AbortSignal.any([options.signal, closing]) : closing }));
  }
  return runOnCore(target, call, input, options);
}

function runOnCore(core: Core, call: CallName, input: never, options: TaskOptions): unknown {
  switch (call) {
    case 'listMeetings':
      return core.listMeetings(input);
    case 'getMeeting':
      return core.getMeeting(input);
    case 'newSinceLastVisit':
      return core.newSinceLastVisit(input);
    case 'importPackages':
      // By handle only: a path is what the CLI passes to core.importPackages itself.
      return core.importHandles(input, options);
    case 'doctor':
      return core.doctor(input, options);
    case 'storeNotices':
      return core.storeNotices(input);
    case 'getSettings':
      return core.getSettings(input);
    case 'updateSettings':
      return core.updateSettings(input);
    case 'getDocument':
      return core.getDocument(input);
    case 'setRead':
      return core.setRead(input);
    case 'setReadingPosition':
      return core.setReadingPosition(input);
    case 'listChanges':
      return core.listChanges(input);
    case 'markDocumentSeen':
      return core.markDocumentSeen(input);
    case 'pruneVersions':
      return core.pruneVersions(input, options);
    case 'search':
      return core.search(input);
    case 'suggest':
      return core.suggest(input);
    case 'searchStatus':
      return core.searchStatus(input);
    case 'listSavedSearches':
      return core.listSavedSearches(input);
    case 'saveSearch':
      return core.saveSearch(input);
    case 'deleteSavedSearch':
      return core.deleteSavedSearch(input);
    case 'markAlertsSeen':
      return core.markAlertsSeen(input);
    case 'listAnnotations':
      return core.listAnnotations(input);
    case 'createAnnotation':
      return core.createAnnotation(input);
    case 'updateAnnotation':
      return core.updateAnnotation(input);
    case 'reattachAnnotation':
      return core.reattachAnnotation(input);
    case 'deleteAnnotation':
      return core.deleteAnnotation(input);
    case 'getAgendaNote':
      return core.getAgendaNote(input);
    case 'saveAgendaNote':
      return core.saveAgendaNote(input);
    case 'listMotionDrafts':
      return core.listMotionDrafts(input);
    case 'getMotionDraft':
      return core.getMotionDraft(input);
    case 'createMotionDraft':
      return core.createMotionDraft(input);
    case 'saveMotionDraft':
      return core.saveMotionDraft(input);
    case 'restoreMotionRevision':
      return core.restoreMotionRevision(input);
    case 'deleteMotionDraft':
      return core.deleteMotionDraft(input);
    case 'exportMotion':
      return core.exportMotion(input);
    case 'meetingOverview':
      return core.meetingOverview(input);
    case 'exportPersonal':
      return core.exportPersonal(input);
    case 'importPersonal':
      return core.importPersonal(input);
    case 'listBackups':
      return core.listBackups(input);
    case 'createBackup':
      return core.createBackup(input);
    case 'restoreBackup':
      return core.restoreBackup(input);
    case 'exportAnnotatedPdf':
      return core.exportAnnotatedPdf(input, options);
    case 'exportBundle':
      return core.exportBundle(input, options);
    case 'listSources':
      return core.listSources(input);
    case 'addSource':
      return core.addSource(input);
    case 'checkSource':
      return core.checkSource(input, options);
    case 'removeSource':
      return core.removeSource(input);
    case 'syncSources':
      return core.syncSources(input, options);
    default:
      throw new RaadsmapError({ code: 'api.unknown-call', nl: `Onbekende opdracht: ${call}`, en: `Unknown call: ${call}`, subject: call });
  }
}
