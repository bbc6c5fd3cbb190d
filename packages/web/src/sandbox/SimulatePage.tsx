import { useResource } from '../api/hooks';
import type { SimulationCatalogue } from '../api/types';
import { useLocation } from '../router';
import { useAccess } from '../session/access';
import { useAuthed } from '../session/SessionContext';
import { Banner, Card, PageHeader } from '../ui/Card';
import { ErrorText } from '../ui/ErrorText';
import { humanize } from '../ui/format';
import { Spinner } from '../ui/Spinner';
import { resourceLabel } from './resources';
import { SandboxUnavailable } from './SandboxParts';
import { SimulateCard } from './SimulateCard';
import { TriggerCard } from './TriggerCard';

const TITLE = 'Simulate';

/** For roles that may look but not act: what the sandbox can do, as the server lists it. */
function CatalogueCard({ catalogue }: { catalogue: SimulationCatalogue }) {
  return (
    <Card title="What the sandbox can simulate">
      <ul className="sandbox-catalogue" aria-label="Simulations">
        {catalogue.simulators.map((s) => (
          <li key={s.resource}>
            <strong>{resourceLabel(s.resource)}</strong>: {s.states.map(humanize).join(', ')}
          </li>
        ))}
      </ul>
      {catalogue.triggers.length > 0 ? (
        <>
          <h3 className="card-description">Events that can be triggered</h3>
          <ul className="sandbox-catalogue" aria-label="Events">
            {catalogue.triggers.map((t) => (
              <li key={t}>
                <code>{t}</code>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </Card>
  );
}

/**
 * Every state of every sandbox object one call away, and any callback event on demand. Built from
 * the server's catalogue (`GET /sandbox/simulations`). `?resource=…&id=…&state=…` pre-fills the
 * form (the channel payments list links here).
 */
export function SimulatePage() {
  const { mode } = useAuthed();
  const simulate = useAccess('sandbox.simulate');
  const history = useAccess('integration');
  const { search } = useLocation();
  const production = mode === 'production';
  const catalogue = useResource<SimulationCatalogue>(production ? null : '/sandbox/simulations');

  if (production) return <SandboxUnavailable title={TITLE} />;

  const initial = { resource: search.get('resource'), id: search.get('id'), state: search.get('state') };
  const data = catalogue.data;
  return (
    <div className="page">
      <PageHeader
        title={TITLE}
        description="Move any sandbox object to any state, or fire any callback event, to exercise your integration end to end."
      />
      {catalogue.loading && !data ? (
        <Spinner label="Loading what can be simulated" />
      ) : catalogue.error && !data ? (
        <ErrorText error={catalogue.error} />
      ) : data ? (
        simulate.shown ? (
          <>
            {data.simulators.length > 0 ? (
              <SimulateCard
                key={`${initial.resource ?? ''}|${initial.id ?? ''}|${initial.state ?? ''}`}
                simulators={data.simulators}
                allowed={simulate.allowed}
                initial={initial}
              />
            ) : (
              <Banner tone="info" title="Nothing to simulate">
                The server offers no simulations.
              </Banner>
            )}
            <TriggerCard events={data.triggers} allowed={simulate.allowed} historyShown={history.shown} />
          </>
        ) : (
          <>
            <Banner tone="info" title="Your role can view the sandbox, not change it">
              Simulating states and triggering events need the Root, Admin or Support role. The test objects
              are listed on the other sandbox pages.
            </Banner>
            <CatalogueCard catalogue={data} />
          </>
        )
      ) : null}
    </div>
  );
}
