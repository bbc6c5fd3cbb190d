import { useState } from 'react';
import { useAccess } from '../session/access';
import { useAuthed } from '../session/SessionContext';
import { Button } from '../ui/Button';
import { Banner, PageHeader } from '../ui/Card';
import { ApiKeysSection } from './ApiKeysSection';
import { ApisSection } from './ApisSection';
import { CallbacksHistory } from './CallbacksHistory';
import { CallbackSection } from './CallbackSection';

export function IntegrationPage() {
  const { account, refresh } = useAuthed();
  const { allowed } = useAccess('integration');
  const [checking, setChecking] = useState(false);
  const locked = !allowed;
  const onNotActivated = () => void refresh();
  const check = async () => {
    setChecking(true);
    await refresh();
    setChecking(false);
  };

  return (
    <div className="page">
      <PageHeader
        title="Integration › API"
        description="The APIs this Signet serves, API keys for signing requests, the callback endpoint and its secret, and the delivery history."
      />
      {account.status === 'pending' ? (
        <Banner
          tone="warning"
          title="This account is waiting for activation"
          actions={
            <Button size="sm" onClick={() => void check()} loading={checking}>
              Check again
            </Button>
          }
        >
          <p>
            An operator must activate the account before API keys can be created or callbacks configured. Ask
            the person who runs this Signet server to run:
          </p>
          <pre className="command">
            <code>signet accounts activate {account.id}</code>
          </pre>
          <p className="small">
            Account ID: <code>{account.id}</code>
          </p>
        </Banner>
      ) : account.status === 'suspended' ? (
        <Banner tone="danger" title="This account is suspended">
          <p>
            API keys and callbacks cannot be changed, and API requests are refused, until an operator
            reactivates the account:
          </p>
          <pre className="command">
            <code>signet accounts activate {account.id}</code>
          </pre>
        </Banner>
      ) : null}
      {/* Keyed on the verdict so that an activation (or suspension) refetches every section: data
          loaded while the account was pending is only an account_not_activated error. */}
      <ApisSection key={`apis-${allowed}`} locked={locked} />
      <CallbackSection key={`cb-${allowed}`} locked={locked} onNotActivated={onNotActivated} />
      <ApiKeysSection key={`keys-${allowed}`} locked={locked} onNotActivated={onNotActivated} />
      <CallbacksHistory key={`hist-${allowed}`} locked={locked} onNotActivated={onNotActivated} />
    </div>
  );
}
