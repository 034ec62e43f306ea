// The views that the first screen does not show are loaded when first needed,
// so the meeting list is up before pdf.js, the motion editor or the settings
// have been parsed: the reader (pdf.js, its text-layer styles), the motion
// editor and list, and the settings. Once the first screen is up, they are
// fetched in the browser's idle time, and pdf.js's worker is started then
// too, so that opening the first document waits for neither.
import { Component, lazy, Suspense, useState, type ComponentProps, type ComponentType, type ReactNode } from 'react';
import { Button } from '../ui/index.ts';
import { inIdleTime } from './idle.ts';
import { useT } from '../i18n/i18n.tsx';
// Types only: erased at build time, so these modules stay out of the first bundle.
import type { MotionEditor as MotionEditorView } from '../personal/MotionEditor.tsx';
import type { MotionsView as MotionsListView } from '../personal/MotionsView.tsx';
import type { DocumentReader as ReaderView } from '../reader/DocumentReader.tsx';
import type { SettingsView as SettingsPage } from '../settings/SettingsView.tsx';

/**
 * A view loaded on first use. Once its code is here (preloaded in idle time), it renders at once:
 * React.lazy would still suspend for it on its first render, and React holds a revealed Suspense
 * boundary back for some 300 ms to avoid flicker, which the user would wait for at every first open.
 */
function lazyView<P extends object>(load: () => Promise<ComponentType<P>>) {
  let loaded: ComponentType<P> | null = null;
  const preload = () =>
    load().then((component) => {
      loaded = component;
      return component;
    });
  const Lazy = lazy(() => preload().then((component) => ({ default: component })));
  function View(props: P): ReactNode {
    // Decided once per mount: switching from the lazy tree to the direct one would remount the view.
    const [Direct] = useState(() => loaded);
    if (Direct) return <Direct {...props} />;
    return (
      <LoadFailure>
        <Suspense fallback={<Loading />}>
          <Lazy {...props} />
        </Suspense>
      </LoadFailure>
    );
  }
  return { View, preload };
}

const reader = lazyView<ComponentProps<typeof ReaderView>>(() => import('../reader/DocumentReader.tsx').then((m) => m.DocumentReader));
const motionEditor = lazyView<ComponentProps<typeof MotionEditorView>>(() => import('../personal/MotionEditor.tsx').then((m) => m.MotionEditor));
const motionsView = lazyView<ComponentProps<typeof MotionsListView>>(() => import('../personal/MotionsView.tsx').then((m) => m.MotionsView));
const settings = lazyView<ComponentProps<typeof SettingsPage>>(() => import('../settings/SettingsView.tsx').then((m) => m.SettingsView));

/**
 * A view whose code could not be fetched (in a browser tab left open over an update of the app)
 * says so and offers a reload, instead of taking the whole window down.
 */
class LoadFailure extends Component<{ children: ReactNode }, { failed: boolean }> {
  override state = { failed: false };
  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true };
  }
  override render(): ReactNode {
    return this.state.failed ? <LoadFailed /> : this.props.children;
  }
}

function LoadFailed() {
  const { t } = useT();
  return (
    <div className="view-loading" role="alert">
      <p>{t('shell.viewFailed')}</p>
      <Button onPress={() => window.location.reload()}>{t('shell.reload')}</Button>
    </div>
  );
}

/** While a view's code is fetched (a few ms from the app's own files; longer only on the very first open). */
function Loading() {
  const { t } = useT();
  return (
    <p className="view-loading muted" role="status">
      {t('shell.viewLoading')}
    </p>
  );
}

export const DocumentReader = reader.View;
export const MotionEditor = motionEditor.View;
export const MotionsView = motionsView.View;
export const SettingsView = settings.View;

let preloaded = false;

/** After the first screen: fetch the other views and start pdf.js's worker while the user reads the list. */
export function preloadViews(): void {
  if (preloaded) return;
  preloaded = true;
  inIdleTime(() => {
    // A failed preload (it cannot fail from the app's own files) is simply retried on first open.
    void reader.preload()
      .then(() => import('../reader/pdf.ts'))
      .then((pdf) => pdf.startPdfWorker())
      .catch(() => undefined);
    for (const view of [motionEditor, motionsView, settings]) void view.preload().catch(() => undefined);
  });
}
