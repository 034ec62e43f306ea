// The views that the first screen does not show are loaded when first needed,
// so the meeting list is up before pdf.js, the motion editor or the settings
// have been parsed: the reader (pdf.js, its text-layer styles), the motion
// editor and list, and the settings. Once the first screen is up, they are
// fetched in the browser's idle time, and pdf.js's worker is started then
// too, so that opening the first document waits for neither.
import { lazy, Suspense, type ComponentProps, type ComponentType, type ReactNode } from 'react';
import { useT } from '../i18n/i18n.tsx';
// Types only: erased at build time, so these modules stay out of the first bundle.
import type { MotionEditor as MotionEditorView } from '../personal/MotionEditor.tsx';
import type { MotionsView as MotionsListView } from '../personal/MotionsView.tsx';
import type { DocumentReader as ReaderView } from '../reader/DocumentReader.tsx';
import type { SettingsView as SettingsPage } from '../settings/SettingsView.tsx';

const loadReader = () => import('../reader/DocumentReader.tsx');
const loadMotionEditor = () => import('../personal/MotionEditor.tsx');
const loadMotionsView = () => import('../personal/MotionsView.tsx');
const loadSettings = () => import('../settings/SettingsView.tsx');

const LazyReader = lazy(() => loadReader().then((m) => ({ default: m.DocumentReader })));
const LazyMotionEditor = lazy(() => loadMotionEditor().then((m) => ({ default: m.MotionEditor })));
const LazyMotionsView = lazy(() => loadMotionsView().then((m) => ({ default: m.MotionsView })));
const LazySettings = lazy(() => loadSettings().then((m) => ({ default: m.SettingsView })));

/** While a view's code is fetched (a few ms from the app's own files; longer only on the very first open). */
function Loading() {
  const { t } = useT();
  return (
    <p className="view-loading muted" role="status">
      {t('shell.viewLoading')}
    </p>
  );
}

function withSuspense<P extends object>(View: ComponentType<P>) {
  return function Suspended(props: P): ReactNode {
    return (
      <Suspense fallback={<Loading />}>
        <View {...props} />
      </Suspense>
    );
  };
}

export const DocumentReader = withSuspense<ComponentProps<typeof ReaderView>>(LazyReader);
export const MotionEditor = withSuspense<ComponentProps<typeof MotionEditorView>>(LazyMotionEditor);
export const MotionsView = withSuspense<ComponentProps<typeof MotionsListView>>(LazyMotionsView);
export const SettingsView = withSuspense<ComponentProps<typeof SettingsPage>>(LazySettings);

let preloaded = false;

/** After the first screen: fetch the other views and start pdf.js's worker while the user reads the list. */
export function preloadViews(): void {
  if (preloaded) return;
  preloaded = true;
  const idle = (work: () => void) => (typeof requestIdleCallback === 'function' ? requestIdleCallback(work, { timeout: 3000 }) : setTimeout(work, 500));
  idle(() => {
    void loadReader()
      .then(() => import('../reader/pdf.ts'))
      .then((pdf) => pdf.startPdfWorker())
      .catch(() => {
        // Offline from the app's own files cannot happen in the app; a failed preload is retried on first open.
      });
    void loadMotionEditor().catch(() => undefined);
    void loadMotionsView().catch(() => undefined);
    void loadSettings().catch(() => undefined);
  });
}
