// A native modal <dialog>: focus is kept inside, Escape closes it (and only
// it: not the "Mijn gegevens" panel or the reader it was opened from), and it
// closes when the component goes away. The caller decides when: `onClose`.
import { useEffect, useRef, type ReactNode } from 'react';

export function ModalDialog({ labelledBy, className, onClose, children }: { labelledBy: string; className: string; onClose: () => void; children: ReactNode }) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    dialog.current?.showModal();
  }, []);
  return (
    <dialog
      ref={dialog}
      className={`modal ${className}`}
      aria-labelledby={labelledBy}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
      onKeyDown={(event) => {
        if (event.key === 'Escape') event.stopPropagation();
      }}
    >
      {children}
    </dialog>
  );
}
