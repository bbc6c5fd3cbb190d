import { errorMessage, isApiError } from '../api/client';

/** An error in words, announced to screen readers. Accepts an ApiError, any error, or a string. */
export function ErrorText({ error, id, className }: { error: unknown; id?: string; className?: string }) {
  if (!error) return null;
  const msg = typeof error === 'string' ? error : errorMessage(error);
  const reqId = isApiError(error) ? error.requestId : undefined;
  return (
    <p className={`error-text ${className ?? ''}`} role="alert" id={id}>
      <span>{msg}</span>
      {reqId ? <span className="request-id"> Request ID: {reqId}</span> : null}
    </p>
  );
}
