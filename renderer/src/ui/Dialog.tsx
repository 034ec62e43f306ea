// A modal dialog on react-aria: focus kept inside and given back, Escape and
// the backdrop close it, the title names it.
import type { ReactNode } from 'react';
import { Dialog as AriaDialog, Heading, Modal, ModalOverlay } from 'react-aria-components';

export function Dialog({
  title,
  onClose,
  children,
  className,
  size = 'md',
  isDismissable = true,
}: {
  title: ReactNode;
  onClose: () => void;
  children: ReactNode;
  className?: string;
  size?: 'sm' | 'md' | 'lg';
  isDismissable?: boolean;
}) {
  return (
    <ModalOverlay className="rm-modal-overlay" isOpen isDismissable={isDismissable} onOpenChange={(open) => !open && onClose()}>
      <Modal className={`rm-modal rm-modal--${size}`}>
        <AriaDialog className={['rm-dialog', className].filter(Boolean).join(' ')}>
          <Heading slot="title" className="rm-dialog__title">
            {title}
          </Heading>
          {children}
        </AriaDialog>
      </Modal>
    </ModalOverlay>
  );
}
