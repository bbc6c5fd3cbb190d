import { useEffect, useMemo, useState } from 'react';
import { isApiError, post } from '../api/client';
import { useResource } from '../api/hooks';
import type { ListResponse, SandboxObject, SimulationResult, SimulatorEntry } from '../api/types';
import { Button } from '../ui/Button';
import { Card } from '../ui/Card';
import { SelectField, TextField } from '../ui/Field';
import { humanize } from '../ui/format';
import { describeObject, resourceHint, resourceLabel, resourceList } from './resources';
import { SandboxObjectView, ServerError } from './SandboxParts';
import { useSandboxSubmit } from './useSandboxSubmit';

type Listed = SandboxObject & { id: string };

/** How many recent objects the picker offers; older ones are reached by pasting their id. */
const RECENT = 20;

/**
 * The account's recent objects of a resource, for the picker. A list the server does not have
 * (yet) answers 404: then there is simply no picker, the id field still works.
 */
function RecentPicker({
  resource,
  path,
  value,
  onPick,
  reloadKey,
}: {
  resource: string;
  path: string;
  value: string;
  onPick: (id: string) => void;
  reloadKey: number;
}) {
  const recent = useResource<ListResponse<Listed>>(`${path}?limit=${RECENT}`);
  const { reload } = recent;
  // After a simulation the listed statuses are stale.
  useEffect(() => {
    if (reloadKey > 0) reload();
  }, [reloadKey, reload]);
  if (isApiError(recent.error) && recent.error.status === 404) return null;
  const items = recent.data?.data ?? [];
  const label = `Recent ${resourceLabel(resource).toLowerCase()}s`;
  return (
    <SelectField
      label={label}
      value={items.some((o) => o.id === value) ? value : ''}
      onChange={(e) => onPick(e.target.value)}
      disabled={recent.loading || items.length === 0}
      hint={
        recent.error
          ? 'Could not load them; paste an id below.'
          : !recent.loading && items.length === 0
            ? `No ${resourceLabel(resource).toLowerCase()}s in this account yet.`
            : undefined
      }
    >
      <option value="">{recent.loading ? 'Loading…' : 'Choose one…'}</option>
      {items.map((o) => (
        <option key={o.id} value={o.id}>
          {describeObject(o)}
        </option>
      ))}
    </SelectField>
  );
}

export interface SimulateInitial {
  resource?: string | null;
  id?: string | null;
  state?: string | null;
}

/**
 * "Simulate": any resource the server's catalogue lists, any of its states, its options; the
 * object answers as the merchant API shows it. The form is built from the catalogue, so a
 * resource the server adds appears here without a change.
 */
export function SimulateCard({
  simulators,
  allowed,
  initial = {},
}: {
  simulators: readonly SimulatorEntry[];
  allowed: boolean;
  initial?: SimulateInitial;
}) {
  const start = simulators.find((s) => s.resource === initial.resource) ?? simulators[0];
  const [resource, setResource] = useState(start?.resource ?? '');
  const sim = simulators.find((s) => s.resource === resource);
  const [id, setId] = useState(start && start.resource === initial.resource ? (initial.id ?? '') : '');
  const [state, setState] = useState(
    start && initial.state && start.states.includes(initial.state) ? initial.state : (start?.states[0] ?? ''),
  );
  const [options, setOptions] = useState<Record<string, string>>({});
  const [result, setResult] = useState<{ resource: string; object: SandboxObject } | null>(null);
  const [reloadKey, setReloadKey] = useState(0);
  const optionNames = useMemo(() => Object.keys(sim?.options ?? {}), [sim]);

  const fields = useMemo(() => {
    const map: Record<string, string> = { resource: 'resource', id: 'id', state: 'state', status: 'state' };
    for (const name of optionNames) {
      map[name] = name;
      map[`options.${name}`] = name;
    }
    return map;
  }, [optionNames]);

  const form = useSandboxSubmit({
    fields,
    validate: (): Record<string, string> =>
      id.trim() ? {} : { id: `Enter the ${resourceLabel(resource).toLowerCase()}'s id.` },
    send: () => {
      const given = Object.fromEntries(
        Object.entries(options)
          .map(([k, v]) => [k, v.trim()] as const)
          .filter(([k, v]) => v !== '' && optionNames.includes(k)),
      );
      return post<SimulationResult>('/sandbox/simulate', { resource, id: id.trim(), state, options: given });
    },
    onSuccess: (res) => {
      setResult({ resource, object: res.data });
      setReloadKey((k) => k + 1);
    },
  });

  const pickResource = (next: string) => {
    const s = simulators.find((x) => x.resource === next);
    setResource(next);
    setState(s?.states[0] ?? '');
    setId('');
    setOptions({});
    setResult(null);
    form.reset();
  };

  const fe = form.fieldErrors;
  const listPath = resourceList(resource);
  const label = resourceLabel(resource);
  const object = result?.object;
  const objectId = typeof object?.id === 'string' ? object.id : id;
  const objectStatus = typeof object?.status === 'string' ? object.status : null;

  return (
    <Card
      title="Simulate a state"
      description="Move an object to a state as the network would (a payment seen, a payout confirmed); the callbacks the real API sends for it go out."
      testId="sandbox-simulate"
    >
      <form onSubmit={form.submit} noValidate className="form-stack" aria-label="Simulate a state">
        <div className="grid-2">
          <SelectField
            label="Resource"
            value={resource}
            onChange={(e) => pickResource(e.target.value)}
            error={fe.resource}
          >
            {simulators.map((s) => (
              <option key={s.resource} value={s.resource}>
                {resourceLabel(s.resource)}
              </option>
            ))}
          </SelectField>
          <SelectField
            label="State"
            value={state}
            onChange={(e) => setState(e.target.value)}
            error={fe.state}
          >
            {(sim?.states ?? []).map((s) => (
              <option key={s} value={s}>
                {humanize(s)}
              </option>
            ))}
          </SelectField>
        </div>
        <div className="grid-2">
          {listPath ? (
            <RecentPicker
              key={resource}
              resource={resource}
              path={listPath}
              value={id}
              onPick={setId}
              reloadKey={reloadKey}
            />
          ) : null}
          <TextField
            label={`${label} id`}
            value={id}
            onChange={(e) => setId(e.target.value)}
            error={fe.id}
            className="mono"
            spellCheck={false}
            autoComplete="off"
            hint={listPath ? 'Pick a recent one or paste any id.' : resourceHint(resource)}
          />
        </div>
        {optionNames.length > 0 ? (
          <fieldset className="fieldset">
            <legend className="field-label">Options (leave empty for the default)</legend>
            <div className="sandbox-options">
              {optionNames.map((name) => (
                <TextField
                  key={name}
                  label={humanize(name)}
                  value={options[name] ?? ''}
                  onChange={(e) => setOptions((o) => ({ ...o, [name]: e.target.value }))}
                  error={fe[name]}
                  hint={sim?.options[name]}
                  autoComplete="off"
                />
              ))}
            </div>
          </fieldset>
        ) : null}
        <div>
          <Button type="submit" variant="primary" loading={form.busy} disabled={!allowed || !sim}>
            Simulate
          </Button>
        </div>
        <ServerError error={form.error} details={form.otherDetails} />
      </form>
      {object && result ? (
        <>
          <p className="success-text" role="status">
            {resourceLabel(result.resource)} {objectId}
            {objectStatus ? ` is now ${humanize(objectStatus)}` : ' simulated'}. Its callbacks are on their
            way.
          </p>
          <SandboxObjectView
            object={object}
            label={`${resourceLabel(result.resource)} after the simulation`}
          />
        </>
      ) : null}
    </Card>
  );
}
