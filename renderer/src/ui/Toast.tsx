// Toasts: short feedback in the four semantic tones, bottom right, on
// react-aria's toast region (a landmark; F6 reaches it, Escape dismisses).
// Optional actions ("Ongedaan maken", "Openen", "Toon in map").
import { CircleAlert, CircleCheck, Info, TriangleAlert, X } from 'lucide-react';
import {
  Button,
  Text,
  UNSTABLE_Toast as AriaToast,
  UNSTABLE_ToastContent as ToastContent,
  UNSTABLE_ToastQueue as ToastQueue,
  UNSTABLE_ToastRegion as ToastRegion,
} from 'react-aria-components';

export type ToastTone = 'success' | 'warning' | 'danger' | 'info';

export interface ToastContentValue {
  tone: ToastTone;
  title: string;
  description?: string;
  actions?: readonly { label: string; onAction: () => void }[];
}

const queue = new ToastQueue<ToastContentValue>({ maxVisibleToasts: 4 });

/**
 * Shows a toast; errors stay until closed, the others go after a few seconds (longer with actions).
 * `onClose` runs when it goes, however (timeout, its close button, Escape, or after an action).
 */
export function toast(content: ToastContentValue, options: { onClose?: () => void } = {}): void {
  queue.add(content, { ...(content.tone === 'danger' ? {} : { timeout: content.actions?.length ? 10_000 : 5_000 }), ...(options.onClose ? { onClose: options.onClose } : {}) });
}

const icons = { success: CircleCheck, warning: TriangleAlert, danger: CircleAlert, info: Info };

export function Toasts({ closeLabel, label }: { closeLabel: string; label: string }) {
  return (
    <ToastRegion queue={queue} className="rm-toast-region" aria-label={label}>
      {({ toast: item }) => {
        const Icon = icons[item.content.tone];
        return (
          <AriaToast toast={item} className={`rm-toast rm-toast--${item.content.tone}`}>
            <Icon className="rm-toast__icon" aria-hidden="true" size={18} />
            <ToastContent className="rm-toast__content">
              <Text slot="title" className="rm-toast__title">
                {item.content.title}
              </Text>
              {item.content.description && (
                <Text slot="description" className="rm-toast__description">
                  {item.content.description}
                </Text>
              )}
              {item.content.actions && item.content.actions.length > 0 && (
                <span className="rm-toast__actions">
                  {item.content.actions.map((action) => (
                    <Button
                      key={action.label}
                      className="rm-button rm-button--subtle rm-button--sm"
                      onPress={() => {
                        action.onAction();
                        queue.close(item.key);
                      }}
                    >
                      {action.label}
                    </Button>
                  ))}
                </span>
              )}
            </ToastContent>
            <Button slot="close" className="rm-button rm-button--subtle rm-button--sm rm-icon-button" aria-label={closeLabel}>
              <X aria-hidden="true" size={14} />
            </Button>
          </AriaToast>
        );
      }}
    </ToastRegion>
  );
}
