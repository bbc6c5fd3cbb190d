import { useResource } from '../api/hooks';
import type { ApiEntry, ApiKind, ApiList } from '../api/types';
import { Badge } from '../ui/Badge';
import { Card } from '../ui/Card';
import { CopyButton } from '../ui/CopyButton';
import { EmptyState } from '../ui/EmptyState';
import { ErrorText } from '../ui/ErrorText';
import { Spinner } from '../ui/Spinner';
import { Table } from '../ui/Table';
import { LockedNote } from './LockedNote';

const KIND_LABEL: Record<ApiKind, string> = {
  gateway: 'Gateway',
  cryptopay_sandbox: 'Cryptopay sandbox',
};

const KIND_HINT: Record<ApiKind, string> = {
  gateway:
    'Signet checks the signature and the key’s permissions, then forwards the request to your service.',
  cryptopay_sandbox: 'Signet’s built-in Cryptopay-compatible merchant API with test data.',
};

/**
 * The APIs this Signet serves (GET /apis): gateway mounts from its configuration and the Cryptopay
 * sandbox, each with the base URL that requests signed with an API key go to.
 */
export function ApisSection({ locked }: { locked: boolean }) {
  // A locked (pending or suspended) account is refused the integration endpoints: ask once it is active.
  const apis = useResource<ApiList>(locked ? null : '/apis');
  const list = apis.data?.data ?? [];

  return (
    <Card
      title="APIs"
      description="Where to send requests signed with an API key. A key’s permissions decide which routes it may call."
    >
      {locked ? (
        <LockedNote />
      ) : apis.loading && !apis.data ? (
        <Spinner label="Loading APIs" />
      ) : apis.error ? (
        <ErrorText error={apis.error} />
      ) : list.length === 0 ? (
        <EmptyState title="No APIs configured">
          This Signet’s configuration declares no gateway API and the Cryptopay sandbox is disabled.
        </EmptyState>
      ) : (
        <Table<ApiEntry>
          caption="APIs"
          testId="apis-table"
          rows={list}
          rowKey={(a) => a.name}
          columns={[
            { key: 'name', header: 'Name', render: (a) => <span className="strong">{a.name}</span> },
            {
              key: 'kind',
              header: 'Kind',
              render: (a) => (
                <span title={KIND_HINT[a.kind]}>
                  <Badge tone={a.kind === 'gateway' ? 'info' : 'neutral'}>
                    {KIND_LABEL[a.kind] ?? a.kind}
                  </Badge>
                </span>
              ),
            },
            {
              key: 'url',
              header: 'Base URL',
              render: (a) => (
                <span className="url-cell">
                  <code className="mono">{a.base_url}</code>
                  <CopyButton value={a.base_url} label={`base URL of ${a.name}`} />
                </span>
              ),
            },
          ]}
        />
      )}
    </Card>
  );
}
