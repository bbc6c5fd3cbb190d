import { Link } from '../router';
import { useAccess } from '../session/access';
import { useAuthed } from '../session/SessionContext';
import { Badge, statusTone } from '../ui/Badge';
import { Card, PageHeader } from '../ui/Card';
import { roleLabel } from '../ui/format';

const ROLE_TEXT: Record<string, string> = {
  root: 'Full control of the account, including its users.',
  admin: 'Manages API keys, callbacks and the audit log; cannot manage users.',
  spend: 'Can spend funds through the platform.',
  support: 'Can help customers and, in sandbox, simulate payments, payouts and other events.',
  create: 'Can create invoices and other resources.',
  view: 'Read-only access.',
};

export function OverviewPage() {
  const { user, account, mode } = useAuthed();
  const integration = useAccess('integration');
  return (
    <div className="page">
      <PageHeader title="Overview" description={`Welcome, ${user.email}.`} />
      <div className="grid-2">
        <Card title="Account">
          <dl className="details">
            <div>
              <dt>Business</dt>
              <dd>{account.name}</dd>
            </div>
            <div>
              <dt>Status</dt>
              <dd>
                <Badge tone={statusTone(account.status)}>{roleLabel(account.status)}</Badge>
              </dd>
            </div>
            <div>
              <dt>Account ID</dt>
              <dd>
                <code>{account.id}</code>
              </dd>
            </div>
            {mode ? (
              <div>
                <dt>Mode</dt>
                <dd>{mode === 'sandbox' ? 'Sandbox' : 'Production'}</dd>
              </div>
            ) : null}
          </dl>
        </Card>
        <Card title="Your access">
          <dl className="details">
            <div>
              <dt>Role</dt>
              <dd>{roleLabel(user.role)}</dd>
            </div>
          </dl>
          <p className="muted">{ROLE_TEXT[user.role] ?? ''}</p>
          {!integration.shown ? (
            <p className="muted">
              Only Root and Admin users can manage API credentials, callbacks and users.
            </p>
          ) : (
            <p>
              <Link to="/integration/api">Go to Integration › API</Link>
            </p>
          )}
        </Card>
      </div>
      {mode === 'sandbox' ? (
        <Card
          title="Sandbox"
          description="This Signet instance runs in sandbox mode: nothing here moves real money."
        >
          <p>
            <Link to="/sandbox/invoices">Open sandbox test invoices</Link>
          </p>
        </Card>
      ) : null}
    </div>
  );
}
