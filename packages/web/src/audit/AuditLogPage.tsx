import { usePagedList } from '../api/hooks';
import type { AuditEntry } from '../api/types';
import { Button } from '../ui/Button';
import { Card, PageHeader } from '../ui/Card';
import { EmptyState } from '../ui/EmptyState';
import { ErrorText } from '../ui/ErrorText';
import { personLabel } from '../ui/format';
import { LoadMore } from '../ui/LoadMore';
import { Spinner } from '../ui/Spinner';
import { Table } from '../ui/Table';
import { Time } from '../ui/Time';

export function AuditLogPage() {
  const list = usePagedList<AuditEntry>('/audit-log', {}, 50);
  return (
    <div className="page">
      <PageHeader
        title="Audit log"
        description="Every credential action on this account — who did it, when, and from which IP address. Newest first."
        actions={
          <Button onClick={list.reload} loading={list.loading && list.items.length > 0}>
            Refresh
          </Button>
        }
      />
      <Card title="Events">
        {list.loading && list.items.length === 0 ? (
          <Spinner label="Loading audit log" />
        ) : list.error && list.items.length === 0 ? (
          <ErrorText error={list.error} />
        ) : list.items.length === 0 ? (
          <EmptyState title="No events yet">
            Actions such as creating an API key will be listed here.
          </EmptyState>
        ) : (
          <>
            <Table<AuditEntry>
              caption="Audit log"
              testId="audit-table"
              rows={list.items}
              rowKey={(e) => e.id}
              columns={[
                { key: 'at', header: 'Time', render: (e) => <Time value={e.at} /> },
                { key: 'actor', header: 'Actor', render: (e) => personLabel(e.actor) },
                {
                  key: 'action',
                  header: 'Action',
                  render: (e) => <code className="action">{e.action}</code>,
                },
                {
                  key: 'target',
                  header: 'Target',
                  render: (e) => <span className="break">{personLabel(e.target)}</span>,
                },
                { key: 'ip', header: 'IP', render: (e) => <span className="mono">{e.ip || '—'}</span> },
              ]}
            />
            <LoadMore list={list} />
          </>
        )}
      </Card>
    </div>
  );
}
