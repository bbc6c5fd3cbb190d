import { useState } from 'react';
import { del, isApiError, patch, post } from '../api/client';
import { useResource } from '../api/hooks';
import type { CreatedInvitation, InvitableRole, PendingInvitation, User, UsersResponse } from '../api/types';
import { useAccess } from '../session/access';
import { useAuthed } from '../session/SessionContext';
import { Button } from '../ui/Button';
import { Card, PageHeader } from '../ui/Card';
import { CopyField } from '../ui/CopyButton';
import { ConfirmDialog } from '../ui/Dialog';
import { EmptyState } from '../ui/EmptyState';
import { ErrorText } from '../ui/ErrorText';
import { SelectField, TextField } from '../ui/Field';
import { roleLabel } from '../ui/format';
import { Spinner } from '../ui/Spinner';
import { Table } from '../ui/Table';
import { Time } from '../ui/Time';
import { useConfirmAction } from '../ui/useConfirmAction';
import { useFormSubmit } from '../ui/useFormSubmit';

const ASSIGNABLE: InvitableRole[] = ['admin', 'spend', 'support', 'create', 'view'];

const ROLE_HELP: Record<string, string> = {
  admin: 'everything except managing users',
  spend: 'spend funds',
  support: 'help customers',
  create: 'create resources',
  view: 'read only',
};

/** `revoked`: invitations revoked since; the link of one of those is not offered any more. */
function InviteForm({ onInvited, revoked }: { onInvited: () => void; revoked: ReadonlySet<string> }) {
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<InvitableRole>('admin');
  const [result, setResult] = useState<CreatedInvitation | null>(null);
  const {
    busy,
    error,
    fieldErrors: fe,
    submit,
  } = useFormSubmit({
    fields: ['email', 'role'],
    validate: () => {
      const errs: Record<string, string> = {};
      if (!email.trim()) errs.email = 'Enter the email address to invite.';
      else if (!/^[^\s@]+@[^\s@]+$/.test(email.trim())) errs.email = 'Enter a valid email address.';
      return errs;
    },
    send: () => post<CreatedInvitation>('/invitations', { email: email.trim(), role }),
    onSuccess: (inv) => {
      setResult(inv);
      setEmail('');
      onInvited();
    },
  });

  return (
    <Card
      title="Invite a user"
      description="The invited person sets their own password through a one-time link. Inviting the same address again replaces its earlier invitation."
    >
      <form onSubmit={submit} noValidate className="inline-form" aria-label="Invite a user">
        <TextField
          label="Email"
          type="email"
          autoComplete="off"
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          error={fe.email}
          fieldClassName="grow"
        />
        <SelectField
          label="Role"
          value={role}
          onChange={(e) => setRole(e.target.value as InvitableRole)}
          error={fe.role}
        >
          {ASSIGNABLE.map((r) => (
            <option key={r} value={r}>
              {roleLabel(r)} — {ROLE_HELP[r]}
            </option>
          ))}
        </SelectField>
        <div className="inline-form-actions">
          <Button type="submit" variant="primary" loading={busy}>
            Send invitation
          </Button>
        </div>
      </form>
      <ErrorText error={error} />
      {result && !revoked.has(result.id) ? (
        <div className="invite-result" role="status">
          <p>
            Invitation created for <strong>{result.email}</strong> as {roleLabel(result.role)}. Share this
            link — it works once and expires <Time value={result.expires_at} />.
          </p>
          <CopyField label="Invitation link" copyLabel="invitation link" value={result.invitation_url} />
        </div>
      ) : null}
    </Card>
  );
}

function RoleCell({ user, onChanged }: { user: User; onChanged: (u: User) => void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const change = async (role: InvitableRole) => {
    setBusy(true);
    setError(null);
    try {
      onChanged(await patch<User>(`/users/${encodeURIComponent(user.id)}`, { role }));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="role-cell">
      <label className="visually-hidden" htmlFor={`role-${user.id}`}>
        Role for {user.email}
      </label>
      <select
        id={`role-${user.id}`}
        className="input select input-sm"
        value={user.role}
        disabled={busy}
        onChange={(e) => void change(e.target.value as InvitableRole)}
      >
        {ASSIGNABLE.map((r) => (
          <option key={r} value={r}>
            {roleLabel(r)}
          </option>
        ))}
      </select>
      {busy ? <Spinner inline label="Saving role" /> : null}
      <ErrorText error={error} className="small" />
    </div>
  );
}

export function UsersPage() {
  const { user: me } = useAuthed();
  const canManage = useAccess('users.manage').allowed;
  const users = useResource<UsersResponse>('/users');
  const removal = useConfirmAction<User>(async (gone) => {
    await del(`/users/${encodeURIComponent(gone.id)}`);
    users.setData((prev) => (prev ? { ...prev, data: prev.data.filter((u) => u.id !== gone.id) } : prev));
  });

  const [revoked, setRevoked] = useState<ReadonlySet<string>>(new Set());
  const revocation = useConfirmAction<PendingInvitation>(async (gone) => {
    try {
      await del(`/invitations/${encodeURIComponent(gone.id)}`);
    } catch (e) {
      // Already accepted, expired or revoked (e.g. in another tab): show the list as it is now.
      if (isApiError(e) && e.status === 404) {
        users.reload();
        return;
      }
      throw e;
    }
    setRevoked((prev) => new Set(prev).add(gone.id));
    users.setData((prev) =>
      prev ? { ...prev, invitations: prev.invitations.filter((i) => i.id !== gone.id) } : prev,
    );
  });

  const list = users.data?.data ?? [];
  const invitations = users.data?.invitations ?? [];

  return (
    <div className="page">
      <PageHeader
        title="Users"
        description={
          canManage
            ? 'People who can sign in to this account, and pending invitations.'
            : 'People who can sign in to this account. Only the Root user can invite, change or remove users.'
        }
      />
      {canManage ? <InviteForm onInvited={users.reload} revoked={revoked} /> : null}

      <Card title="Team">
        {users.loading && !users.data ? (
          <Spinner label="Loading users" />
        ) : users.error ? (
          <ErrorText error={users.error} />
        ) : list.length === 0 ? (
          <EmptyState title="No users" />
        ) : (
          <Table<User>
            caption="Users"
            testId="users-table"
            rows={list}
            rowKey={(u) => u.id}
            columns={[
              {
                key: 'email',
                header: 'Email',
                render: (u) => (
                  <span className="strong">
                    {u.email}
                    {u.id === me.id ? <span className="muted"> (you)</span> : null}
                  </span>
                ),
              },
              {
                key: 'role',
                header: 'Role',
                render: (u) =>
                  canManage && u.role !== 'root' && u.id !== me.id ? (
                    <RoleCell
                      user={u}
                      onChanged={(nu) =>
                        users.setData((prev) =>
                          prev ? { ...prev, data: prev.data.map((x) => (x.id === nu.id ? nu : x)) } : prev,
                        )
                      }
                    />
                  ) : (
                    <span className="role-tag">{roleLabel(u.role)}</span>
                  ),
              },
              { key: 'created', header: 'Added', render: (u) => <Time value={u.created_at} /> },
              ...(canManage
                ? [
                    {
                      key: 'actions',
                      header: <span className="visually-hidden">Actions</span>,
                      className: 'actions-col',
                      render: (u: User) =>
                        u.role !== 'root' && u.id !== me.id ? (
                          <Button
                            size="sm"
                            variant="danger"
                            aria-label={`Remove user ${u.email}`}
                            onClick={() => removal.ask(u)}
                          >
                            Remove
                          </Button>
                        ) : null,
                    },
                  ]
                : []),
            ]}
          />
        )}
      </Card>

      <Card title="Pending invitations">
        {users.loading && !users.data ? (
          <Spinner label="Loading invitations" />
        ) : invitations.length === 0 ? (
          <EmptyState title="No pending invitations" />
        ) : (
          <Table<PendingInvitation>
            caption="Pending invitations"
            testId="invitations-table"
            rows={invitations}
            rowKey={(i) => i.id}
            columns={[
              { key: 'email', header: 'Email', render: (i) => i.email },
              {
                key: 'role',
                header: 'Role',
                render: (i) => <span className="role-tag">{roleLabel(i.role)}</span>,
              },
              { key: 'expires', header: 'Expires', render: (i) => <Time value={i.expires_at} /> },
              ...(canManage
                ? [
                    {
                      key: 'actions',
                      header: <span className="visually-hidden">Actions</span>,
                      className: 'actions-col',
                      render: (i: PendingInvitation) => (
                        <Button
                          size="sm"
                          variant="danger"
                          aria-label={`Revoke invitation for ${i.email}`}
                          onClick={() => revocation.ask(i)}
                        >
                          Revoke
                        </Button>
                      ),
                    },
                  ]
                : []),
            ]}
          />
        )}
      </Card>

      <ConfirmDialog
        open={revocation.target !== null}
        title="Revoke invitation?"
        confirmLabel="Revoke invitation"
        busy={revocation.busy}
        error={revocation.error}
        onCancel={revocation.cancel}
        onConfirm={revocation.confirm}
      >
        {revocation.target ? (
          <p>
            The invitation link sent to <strong>{revocation.target.email}</strong> stops working immediately.
            You can invite them again later.
          </p>
        ) : null}
      </ConfirmDialog>

      <ConfirmDialog
        open={removal.target !== null}
        title="Remove user?"
        confirmLabel="Remove user"
        busy={removal.busy}
        error={removal.error}
        onCancel={removal.cancel}
        onConfirm={removal.confirm}
      >
        {removal.target ? (
          <p>
            <strong>{removal.target.email}</strong> loses access to this account immediately. API keys they
            created keep working.
          </p>
        ) : null}
      </ConfirmDialog>
    </div>
  );
}
