import { useState } from 'react';
import { post } from '../api/client';
import type { SandboxObject, SimulationResult } from '../api/types';
import { Link } from '../router';
import { Button } from '../ui/Button';
import { Card } from '../ui/Card';
import { SelectField } from '../ui/Field';
import { groupEvents, splitEvent } from './resources';
import { SandboxObjectView, ServerError } from './SandboxParts';
import { useSandboxSubmit } from './useSandboxSubmit';

/**
 * "Trigger an event": the server creates whatever the event needs in the account and makes it
 * happen, so exactly that callback fires (for a receiver under development).
 */
export function TriggerCard({
  events,
  allowed,
  historyShown,
}: {
  events: readonly string[];
  allowed: boolean;
  /** Whether this user may open Integration › API, where the callbacks history is. */
  historyShown: boolean;
}) {
  const [event, setEvent] = useState(events[0] ?? '');
  const [fired, setFired] = useState<{ event: string; object: SandboxObject } | null>(null);
  const form = useSandboxSubmit({
    fields: { event: 'event' },
    send: () => post<SimulationResult>('/sandbox/trigger', { event }),
    onSuccess: (res) => setFired({ event, object: res.data }),
  });

  const type = fired ? splitEvent(fired.event).type : '';
  const firedId = fired && typeof fired.object.id === 'string' ? fired.object.id : null;

  return (
    <Card
      title="Trigger an event"
      description="Creates what the event needs in this account (an invoice, a channel and its payment, …) and makes it happen, so its callback is sent."
      testId="sandbox-trigger"
    >
      {events.length === 0 ? (
        <p className="muted">The server offers no events to trigger.</p>
      ) : (
        <form onSubmit={form.submit} noValidate className="inline-form" aria-label="Trigger an event">
          <SelectField
            label="Event"
            value={event}
            onChange={(e) => setEvent(e.target.value)}
            error={form.fieldErrors.event}
          >
            {groupEvents(events).map((g) => (
              <optgroup key={g.type} label={g.type}>
                {g.events.map((name) => (
                  <option key={name} value={name}>
                    {name}
                  </option>
                ))}
              </optgroup>
            ))}
          </SelectField>
          <div className="inline-form-actions">
            <Button type="submit" variant="primary" loading={form.busy} disabled={!allowed}>
              Fire event
            </Button>
          </div>
        </form>
      )}
      <ServerError error={form.error} details={form.otherDetails} />
      {fired ? (
        <>
          <p className="success-text" role="status">
            {fired.event} fired{firedId ? ` for ${type} ${firedId}` : ''}. Its callback is in the outbox.
          </p>
          <p className="small">
            {historyShown ? (
              <>
                Its delivery appears in the{' '}
                <Link to="/integration/api">callbacks history (Integration › API)</Link>
              </>
            ) : (
              'Root and Admin users see its delivery in the callbacks history under Integration › API'
            )}
            ; without a callback URL it is recorded there as not sent.
          </p>
          <SandboxObjectView object={fired.object} label={`${type} the event carries`} />
        </>
      ) : null}
    </Card>
  );
}
