import { useEffect, useId, useRef, type ReactNode, type RefObject } from "react";

interface ModalDialogProps {
  open: boolean;
  title: string;
  onClose: () => void;
  children: ReactNode;
  /** Element to focus when the dialog opens; by default the browser focuses the first control. */
  initialFocus?: RefObject<HTMLElement | null>;
  /** Focus the title instead (dialogs that are mostly to read, where the first control is at the end). */
  focusTitle?: boolean;
  wide?: boolean;
}

/**
 * A modal on the native <dialog>: the browser traps focus, closes on Escape and makes the page
 * behind inert. On closing, the focus goes back to where it was before the dialog opened.
 */
export function ModalDialog({ open, title, onClose, children, initialFocus, focusTitle = false, wide = false }: ModalDialogProps) {
  const dialog = useRef<HTMLDialogElement>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const opener = useRef<HTMLElement | null>(null);
  const titleId = useId();

  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (open && !element.open) {
      opener.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
      element.showModal();
      if (initialFocus?.current) initialFocus.current.focus();
      else if (focusTitle) heading.current?.focus();
    }
    if (!open && element.open) {
      element.close();
      if (opener.current?.isConnected) opener.current.focus();
    }
  }, [open, initialFocus, focusTitle]);

  return (
    <dialog
      ref={dialog}
      className={wide ? "dialog dialog-wide" : "dialog"}
      aria-labelledby={titleId}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
    >
      {open && (
        <>
          <h2 id={titleId} ref={heading} tabIndex={-1}>
            {title}
          </h2>
          {children}
        </>
      )}
    </dialog>
  );
}
