import { Link } from '../router';
import { useAuthed } from '../session/SessionContext';
import { roleLabel } from '../ui/format';

/** In place of a page the user's role does not give access to (the server said `reason: 'role'`). */
export function AccessDenied({ title, message }: { title: string; message: string }) {
  const { user } = useAuthed();
  return (
    <div className="page">
      <div className="page-header">
        <div>
          <h1 className="page-title">{title}</h1>
        </div>
      </div>
      <div className="card access-denied" role="status">
        <p className="access-title">{message}</p>
        <p className="muted">
          You are signed in with the <strong>{roleLabel(user.role)}</strong> role. Ask your account's Root
          user if you need access.
        </p>
        <p>
          <Link to="/">Go to overview</Link>
        </p>
      </div>
    </div>
  );
}

export function NotFound() {
  return (
    <div className="page">
      <div className="page-header">
        <div>
          <h1 className="page-title">Page not found</h1>
        </div>
      </div>
      <div className="card access-denied">
        <p>There is nothing at this address.</p>
        <p>
          <Link to="/">Go to the dashboard</Link>
        </p>
      </div>
    </div>
  );
}
