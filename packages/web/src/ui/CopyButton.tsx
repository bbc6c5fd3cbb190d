import { useEffect, useRef, useState } from 'react';
import { Button } from './Button';
import { TextField } from './Field';

async function writeClipboard(text: string): Promise<void> {
  if (navigator.clipboard && window.isSecureContext) {
    await navigator.clipboard.writeText(text);
    return;
  }
  // Plain-http deployments have no async clipboard: fall back to a hidden textarea.
  const ta = document.createElement('textarea');
  ta.value = text;
  ta.setAttribute('readonly', '');
  ta.style.position = 'fixed';
  ta.style.opacity = '0';
  document.body.appendChild(ta);
  ta.select();
  const ok = document.execCommand('copy');
  document.body.removeChild(ta);
  if (!ok) throw new Error('copy failed');
}

interface CopyButtonProps {
  /** The text to copy, or a function that fetches it. */
  value: string | (() => Promise<string>);
  /** What is being copied, e.g. "API secret" → accessible name "Copy API secret". */
  label: string;
  size?: 'sm' | 'md';
  disabled?: boolean;
}

export function CopyButton({ value, label, size = 'sm', disabled }: CopyButtonProps) {
  const [state, setState] = useState<'idle' | 'busy' | 'copied' | 'failed'>('idle');
  const timer = useRef<number | undefined>(undefined);
  useEffect(() => () => window.clearTimeout(timer.current), []);

  const copy = async () => {
    setState('busy');
    try {
      const text = typeof value === 'string' ? value : await value();
      await writeClipboard(text);
      setState('copied');
    } catch {
      setState('failed');
    }
    window.clearTimeout(timer.current);
    timer.current = window.setTimeout(() => setState('idle'), 2000);
  };

  return (
    <span className="copy-wrap">
      <Button
        size={size}
        variant="secondary"
        onClick={() => void copy()}
        loading={state === 'busy'}
        disabled={disabled}
        aria-label={`Copy ${label}`}
      >
        {state === 'copied' ? 'Copied' : 'Copy'}
      </Button>
      <span className="visually-hidden" role="status">
        {state === 'copied'
          ? `${label} copied to clipboard`
          : state === 'failed'
            ? `Could not copy ${label}`
            : ''}
      </span>
      {state === 'failed' ? (
        <span className="copy-failed">Copy failed — select the text and copy it manually.</span>
      ) : null}
    </span>
  );
}

/** A read-only, monospaced value with its Copy button, e.g. a one-time secret or link. */
export function CopyField({
  label,
  value,
  copyLabel = label,
}: {
  label: string;
  value: string;
  copyLabel?: string;
}) {
  return (
    <div className="secret-line">
      <TextField label={label} readOnly value={value} className="mono" fieldClassName="grow" />
      <CopyButton size="md" label={copyLabel} value={value} />
    </div>
  );
}
