import { useEffect, useId, useRef, type ReactNode, type RefObject } from 'react';
import { createPortal } from 'react-dom';
import { ErrorText } from './ErrorText';

const FOCUSABLE =
  'a[href], button:not([disabled]), input:not([disabled]):not([type="hidden"]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

/** Open dialogs, innermost last: only the top one reacts to Esc / Tab. */
const stack: symbol[] = [];

function setBackgroundInert(inert: boolean): void {
  const root = document.getElementById('root');
  if (!root) return;
  if (inert) {
    root.setAttribute('inert', '');
    root.setAttribute('aria-hidden', 'true');
  } else {
    root.removeAttribute('inert');
    root.removeAttribute('aria-hidden');
  }
}

interface DialogProps {
  open: boolean;
  title: ReactNode;
  /** Called on Esc, backdrop click or the close button — unless `dismissible` is false. */
  onClose: () => void;
  dismissible?: boolean;
  description?: ReactNode;
  children: ReactNode;
  footer?: ReactNode;
  initialFocus?: RefObject<HTMLElement | null>;
  size?: 'md' | 'lg';
  role?: 'dialog' | 'alertdialog';
}

export function Dialog(props: DialogProps) {
  if (!props.open) return null;
  return createPortal(<DialogInner {...props} />, document.body);
}

function DialogInner({
  title,
  onClose,
  dismissible = true,
  description,
  children,
  footer,
  initialFocus,
  size = 'md',
  role = 'dialog',
}: DialogProps) {
  const id = useId();
  const panel = useRef<HTMLDivElement>(null);
  const closeRef = useRef(onClose);
  closeRef.current = onClose;
  const dismissibleRef = useRef(dismissible);
  dismissibleRef.current = dismissible;

  useEffect(() => {
    const me = Symbol('dialog');
    stack.push(me);
    const previouslyFocused = document.activeElement as HTMLElement | null;
    const el = panel.current;
    const target =
      initialFocus?.current ??
      el?.querySelector<HTMLElement>('[data-autofocus]') ??
      el?.querySelector<HTMLElement>('.dialog-body ' + FOCUSABLE.split(', ').join(', .dialog-body ')) ??
      el?.querySelector<HTMLElement>(FOCUSABLE) ??
      el;
    target?.focus();
    setBackgroundInert(true);

    const onKey = (e: KeyboardEvent) => {
      if (stack[stack.length - 1] !== me || !el) return;
      if (e.key === 'Escape') {
        e.stopPropagation();
        if (dismissibleRef.current) closeRef.current();
        return;
      }
      if (e.key === 'Tab') {
        const items = Array.from(el.querySelectorAll<HTMLElement>(FOCUSABLE)).filter(
          (n) => n.offsetParent !== null,
        );
        if (items.length === 0) {
          e.preventDefault();
          el.focus();
          return;
        }
        const first = items[0]!;
        const last = items[items.length - 1]!;
        const active = document.activeElement;
        if (e.shiftKey && (active === first || !el.contains(active))) {
          e.preventDefault();
          last.focus();
        } else if (!e.shiftKey && (active === last || !el.contains(active))) {
          e.preventDefault();
          first.focus();
        }
      }
    };
    document.addEventListener('keydown', onKey);
    document.body.classList.add('has-dialog');
    return () => {
      document.removeEventListener('keydown', onKey);
      const idx = stack.indexOf(me);
      if (idx >= 0) stack.splice(idx, 1);
      if (stack.length === 0) {
        setBackgroundInert(false);
        document.body.classList.remove('has-dialog');
      }
      if (previouslyFocused && document.contains(previouslyFocused)) previouslyFocused.focus();
    };
  }, []);

  return (
    <div
      className="dialog-backdrop"
      onMouseDown={(e) => {
        if (e.target === e.currentTarget && dismissible) onClose();
      }}
    >
      <div
        ref={panel}
        className={`dialog dialog-${size}`}
        role={role}
        aria-modal="true"
        aria-labelledby={`${id}-title`}
        aria-describedby={description ? `${id}-desc` : undefined}
        tabIndex={-1}
      >
        <div className="dialog-header">
          <h2 id={`${id}-title`} className="dialog-title">
            {title}
          </h2>
          {dismissible ? (
            <button type="button" className="dialog-close" aria-label="Close dialog" onClick={onClose}>
              <span aria-hidden="true">×</span>
            </button>
          ) : null}
        </div>
        {description ? (
          <div id={`${id}-desc`} className="dialog-description">
            {description}
          </div>
        ) : null}
        <div className="dialog-body">{children}</div>
        {footer ? <div className="dialog-footer">{footer}</div> : null}
      </div>
    </div>
  );
}

interface ConfirmProps {
  open: boolean;
  title: ReactNode;
  children: ReactNode;
  confirmLabel: string;
  onConfirm: () => void;
  onCancel: () => void;
  busy?: boolean;
  error?: unknown;
  danger?: boolean;
}

/** A yes/no dialog. Initial focus goes to Cancel so Enter never destroys anything by accident. */
export function ConfirmDialog({
  open,
  title,
  children,
  confirmLabel,
  onConfirm,
  onCancel,
  busy,
  danger = true,
  error,
}: ConfirmProps) {
  const cancelRef = useRef<HTMLButtonElement>(null);
  return (
    <Dialog
      open={open}
      title={title}
      onClose={() => {
        if (!busy) onCancel();
      }}
      initialFocus={cancelRef}
      footer={
        <>
          <button
            ref={cancelRef}
            type="button"
            className="btn btn-secondary"
            onClick={onCancel}
            disabled={busy}
          >
            Cancel
          </button>
          <button
            type="button"
            className={`btn ${danger ? 'btn-danger' : 'btn-primary'}`}
            onClick={onConfirm}
            disabled={busy}
            aria-busy={busy || undefined}
          >
            {busy ? <span className="spinner spinner-btn" aria-hidden="true" /> : null}
            {confirmLabel}
          </button>
        </>
      }
    >
      {children}
      <ErrorText error={error} />
    </Dialog>
  );
}
