import { useState } from 'react';
import { del, isApiError } from '../api/client';
import { usePagedList } from '../api/hooks';
import type { ApiKey } from '../api/types';
import { useAuthed } from '../session/SessionContext';
import { Button } from '../ui/Button';
import { Card } from '../ui/Card';
import { CopyButton } from '../ui/CopyButton';
import { ConfirmDialog } from '../ui/Dialog';
import { EmptyState } from '../ui/EmptyState';
import { ErrorText } from '../ui/ErrorText';
import { personLabel } from '../ui/format';
import { LoadMore } from '../ui/LoadMore';
import { Spinner } from '../ui/Spinner';
import { Table } from '../ui/Table';
import { Time } from '../ui/Time';
import { useConfirmAction } from '../ui/useConfirmAction';
import { CreateKeyDialog } from './CreateKeyDialog';
import { LockedNote } from './LockedNote';

/** Keys per page of the table; "Load more" fetches the next (the server pages newest first). */
export const API_KEYS_PAGE = 25;

export function ApiKeysSection({ locked, onNotActivated }: { locked: boolean; onNotActivated: () => void }) {
  const { user } = useAuthed();
  const keys = usePagedList<ApiKey>('/api-keys', {}, API_KEYS_PAGE);
  const [createOpen, setCreateOpen] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);

  const list = keys.items;
  const inactive = isApiError(keys.error) && keys.error.code === 'account_not_activated';

  const deletion = useConfirmAction<ApiKey>(async (gone) => {
    try {
      await del(`/api-keys/${encodeURIComponent(gone.id)}`);
    } catch (e) {
      if (isApiError(e) && e.code === 'account_not_activated') onNotActivated();
      // Already gone (e.g. deleted in another tab): refresh the list and close the dialog.
      if (isApiError(e) && e.status === 404) {
        keys.reload();
        return;
      }
      throw e;
    }
    keys.setItems((prev) => prev.filter((k) => k.id !== gone.id));
    setNotice(`API key “${gone.name}” was deleted. Requests signed with it are now rejected.`);
  });

  const createButton = (
    <Button
      variant="primary"
      onClick={() => {
        setNotice(null);
        setCreateOpen(true);
      }}
      disabled={locked}
    >
      Create API key
    </Button>
  );

  return (
    <Card
      title="API keys"
      description="Requests to the merchant API are signed with a key and its secret (HMAC-SHA1). Give each integration its own key with only the permissions it needs."
      actions={createButton}
    >
      {notice ? (
        <p className="success-text" role="status">
          {notice}
        </p>
      ) : null}
      {keys.loading && list.length === 0 ? (
        <Spinner label="Loading API keys" />
      ) : inactive ? (
        <LockedNote />
      ) : keys.error && list.length === 0 ? (
        <ErrorText error={keys.error} />
      ) : list.length === 0 ? (
        <EmptyState title="No API keys yet">
          {locked
            ? 'Keys can be created once the account is active.'
            : 'Create a key to start signing requests to the API.'}
        </EmptyState>
      ) : (
        <>
          <Table<ApiKey>
            caption="API keys"
            testId="api-keys-table"
            rows={list}
            rowKey={(k) => k.id}
            columns={[
              { key: 'name', header: 'Name', render: (k) => <span className="strong">{k.name}</span> },
              {
                key: 'key',
                header: 'Key',
                render: (k) => (
                  <span className="key-cell">
                    <code className="mono truncate" title={k.api_key}>
                      {k.api_key}
                    </code>
                    <CopyButton value={k.api_key} label={`API key ${k.name}`} />
                  </span>
                ),
              },
              {
                key: 'permissions',
                header: 'Permissions',
                render: (k) => <KeyPermissions apiKey={k} />,
              },
              {
                key: 'ips',
                header: 'IP whitelist',
                render: (k) =>
                  !k.ip_whitelist || k.ip_whitelist.length === 0 ? (
                    <span className="muted">Any IP</span>
                  ) : (
                    <ul className="plain-list mono">
                      {k.ip_whitelist.map((ip) => (
                        <li key={ip}>{ip}</li>
                      ))}
                    </ul>
                  ),
              },
              { key: 'created', header: 'Created', render: (k) => <Time value={k.created_at} /> },
              {
                key: 'by',
                header: 'Created by',
                className: 'wrap-anywhere',
                render: (k) => personLabel(k.created_by),
              },
              {
                key: 'used',
                header: 'Last used',
                render: (k) =>
                  k.last_used_at ? (
                    <span className="stack">
                      <Time value={k.last_used_at} />
                      {k.last_used_ip ? <span className="muted small">from {k.last_used_ip}</span> : null}
                    </span>
                  ) : (
                    <span className="muted">Never</span>
                  ),
              },
              {
                key: 'actions',
                header: <span className="visually-hidden">Actions</span>,
                className: 'actions-col',
                render: (k) => (
                  <Button
                    size="sm"
                    variant="danger"
                    aria-label={`Delete API key ${k.name}`}
                    onClick={() => deletion.ask(k)}
                  >
                    Delete
                  </Button>
                ),
              },
            ]}
          />
          <LoadMore list={keys} />
        </>
      )}

      <CreateKeyDialog
        open={createOpen}
        onClose={() => setCreateOpen(false)}
        onCreated={(k) => {
          const { api_secret: _secret, ...rest } = k;
          // The create response has no created_by; the list shows who created each key.
          const safe: ApiKey = { ...rest, created_by: user.email, last_used_at: null, last_used_ip: null };
          keys.setItems((prev) => [safe, ...prev.filter((x) => x.id !== k.id)]);
        }}
      />

      <ConfirmDialog
        open={deletion.target !== null}
        title="Delete API key?"
        confirmLabel="Delete key"
        busy={deletion.busy}
        error={deletion.error}
        onCancel={deletion.cancel}
        onConfirm={deletion.confirm}
      >
        {deletion.target ? (
          <p>
            Delete <strong>{deletion.target.name}</strong> (
            <code className="mono">{deletion.target.api_key}</code>)? Requests signed with this key fail from
            this moment. This cannot be undone.
          </p>
        ) : null}
      </ConfirmDialog>
    </Card>
  );
}

const REMOVED_PERMISSION_TITLE =
  'Removed from the configuration: this permission no longer exists, so it grants nothing.';

/**
 * The permissions in force, then the ones the key still holds but the configuration dropped (struck
 * through, badged "removed"): they grant nothing, and the list says so rather than hiding them.
 */
function KeyPermissions({ apiKey: k }: { apiKey: ApiKey }) {
  const removed = k.removed_permissions;
  if (k.permissions.length === 0 && removed.length === 0) return <span className="muted">None</span>;
  return (
    <ul className="chips" aria-label={`Permissions of ${k.name}`}>
      {k.permissions.map((p) => (
        <li key={p} className="chip">
          {p}
        </li>
      ))}
      {removed.map((p) => (
        <li key={`removed-${p}`} className="chip chip-removed" title={REMOVED_PERMISSION_TITLE}>
          <del>{p}</del>
          <span className="chip-badge">removed</span>
        </li>
      ))}
    </ul>
  );
}
