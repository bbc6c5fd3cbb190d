import { useId, useMemo, useRef, useState, type FormEvent } from 'react';
import { isApiError, post } from '../api/client';
import { useResource } from '../api/hooks';
import type { CreatedApiKey, Permission } from '../api/types';
import { Button } from '../ui/Button';
import { CopyField } from '../ui/CopyButton';
import { Dialog } from '../ui/Dialog';
import { ErrorText } from '../ui/ErrorText';
import { TextField } from '../ui/Field';
import { humanize } from '../ui/format';
import { Spinner } from '../ui/Spinner';
import { validateIpEntry } from './ip';

interface IpRow {
  key: number;
  value: string;
  error: string | null;
}

/** Groups in the catalogue's order (first appearance), each with its permissions in catalogue order. */
function groupPermissions(list: Permission[]): { group: string; items: Permission[] }[] {
  const map = new Map<string, Permission[]>();
  for (const p of list) {
    const arr = map.get(p.group) ?? [];
    arr.push(p);
    map.set(p.group, arr);
  }
  return [...map.entries()].map(([group, items]) => ({ group, items }));
}

export function CreateKeyDialog({
  open,
  onClose,
  onCreated,
}: {
  open: boolean;
  onClose: () => void;
  onCreated: (key: CreatedApiKey) => void;
}) {
  const [created, setCreated] = useState<CreatedApiKey | null>(null);
  const [stored, setStored] = useState(false);

  const close = () => {
    setCreated(null);
    setStored(false);
    onClose();
  };

  if (!open) return null;
  if (created) {
    return (
      <Dialog
        open
        title="API key created"
        onClose={() => undefined}
        dismissible={false}
        size="lg"
        footer={
          <Button variant="primary" disabled={!stored} onClick={close}>
            Done
          </Button>
        }
      >
        <SecretPanel created={created} stored={stored} setStored={setStored} />
      </Dialog>
    );
  }
  return (
    <CreateForm
      onCancel={close}
      onCreated={(k) => {
        setCreated(k);
        onCreated(k);
      }}
    />
  );
}

function SecretPanel({
  created,
  stored,
  setStored,
}: {
  created: CreatedApiKey;
  stored: boolean;
  setStored: (v: boolean) => void;
}) {
  return (
    <div className="secret-panel" data-testid="api-secret-panel">
      <div className="banner banner-warning" role="alert">
        <div className="banner-content">
          <p className="banner-title">Copy the secret now. It will never be shown again.</p>
          <div className="banner-body">
            Signet stores only an encrypted copy and no screen will ever display it again. If you lose it,
            delete this key and create a new one.
          </div>
        </div>
      </div>
      <CopyField label="API key" value={created.api_key} />
      <CopyField label="API secret" value={created.api_secret} />
      <label className="checkbox stored-check">
        <input type="checkbox" checked={stored} onChange={(e) => setStored(e.target.checked)} />
        <span>I have stored it</span>
      </label>
    </div>
  );
}

function CreateForm({
  onCancel,
  onCreated,
}: {
  onCancel: () => void;
  onCreated: (k: CreatedApiKey) => void;
}) {
  const perms = useResource<Permission[]>('/permissions');
  const permList = useMemo(() => perms.data ?? [], [perms.data]);
  const groups = useMemo(() => groupPermissions(permList), [permList]);

  const [name, setName] = useState('');
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [rows, setRows] = useState<IpRow[]>([]);
  const nextKey = useRef(1);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [nameError, setNameError] = useState<string | null>(null);
  const [permError, setPermError] = useState<string | null>(null);
  const [ipError, setIpError] = useState<string | null>(null);
  const nameRef = useRef<HTMLInputElement>(null);
  const baseId = useId();

  const toggle = (id: string, on: boolean) =>
    setSelected((prev) => {
      const next = new Set(prev);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });
  const toggleGroup = (items: Permission[], on: boolean) =>
    setSelected((prev) => {
      const next = new Set(prev);
      for (const p of items) {
        if (on) next.add(p.id);
        else next.delete(p.id);
      }
      return next;
    });

  const addRow = () => {
    const key = nextKey.current++;
    setRows((r) => [...r, { key, value: '', error: null }]);
    requestAnimationFrame(() => document.getElementById(`${baseId}-ip-${key}`)?.focus());
  };
  const updateRow = (key: number, patch: Partial<IpRow>) =>
    setRows((r) => r.map((row) => (row.key === key ? { ...row, ...patch } : row)));
  const removeRow = (key: number) => setRows((r) => r.filter((row) => row.key !== key));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    setIpError(null);
    let ok = true;
    if (!name.trim()) {
      setNameError('Give the key a name, e.g. “Production server”.');
      ok = false;
    } else setNameError(null);
    if (selected.size === 0) {
      setPermError('Choose at least one permission.');
      ok = false;
    } else setPermError(null);
    // Empty rows are ignored; everything else must be a valid address or range.
    const filled = rows.filter((r) => r.value.trim() !== '');
    const seen = new Set<string>();
    const checked = rows.map((r) => {
      if (r.value.trim() === '') return { ...r, error: null };
      let err = validateIpEntry(r.value);
      if (!err && seen.has(r.value.trim())) err = 'This entry is already in the list.';
      seen.add(r.value.trim());
      return { ...r, error: err };
    });
    setRows(checked);
    if (checked.some((r) => r.error)) ok = false;
    if (!ok) return;

    setBusy(true);
    try {
      const permissions = permList.map((p) => p.id).filter((id) => selected.has(id));
      for (const id of selected) if (!permissions.includes(id)) permissions.push(id);
      const res = await post<CreatedApiKey>('/api-keys', {
        name: name.trim(),
        permissions,
        ip_whitelist: filled.map((r) => r.value.trim()),
      });
      onCreated(res);
    } catch (err) {
      setBusy(false);
      if (isApiError(err) && err.details.length) {
        let unplaced = false;
        const rowErr = new Map<number, string>();
        for (const d of err.details) {
          const m = /^ip_whitelist[.[](\d+)\]?/.exec(d.field);
          if (m) {
            const row = filled[Number(m[1])];
            if (row) rowErr.set(row.key, d.message);
            else unplaced = true;
          } else if (d.field === 'ip_whitelist') setIpError(d.message);
          else if (d.field === 'name') setNameError(d.message);
          else if (d.field === 'permissions' || d.field.startsWith('permissions')) setPermError(d.message);
          else unplaced = true;
        }
        if (rowErr.size)
          setRows((r) => r.map((row) => ({ ...row, error: rowErr.get(row.key) ?? row.error })));
        if (unplaced) setError(err);
      } else setError(err);
    }
  };

  return (
    <Dialog
      open
      title="Create API key"
      onClose={() => {
        if (!busy) onCancel();
      }}
      initialFocus={nameRef}
      size="lg"
      footer={
        <>
          <Button onClick={onCancel} disabled={busy}>
            Cancel
          </Button>
          <Button type="submit" form={`${baseId}-form`} variant="primary" loading={busy}>
            Create key
          </Button>
        </>
      }
    >
      <form
        id={`${baseId}-form`}
        onSubmit={submit}
        noValidate
        className="form-stack"
        aria-label="Create API key"
      >
        <TextField
          ref={nameRef}
          label="Name"
          value={name}
          maxLength={100}
          onChange={(e) => setName(e.target.value)}
          error={nameError}
          hint="Only for you: where or how the key is used."
        />

        <fieldset className="fieldset">
          <legend className="field-label">Permissions</legend>
          {perms.loading ? (
            <Spinner label="Loading permissions" />
          ) : perms.error ? (
            <ErrorText error={perms.error} />
          ) : groups.length === 0 ? (
            <p className="field-hint">
              This Signet offers no permissions: its configuration declares none and the Cryptopay sandbox is
              disabled.
            </p>
          ) : (
            <div className="perm-groups">
              {groups.map(({ group, items }) => {
                const count = items.filter((p) => selected.has(p.id)).length;
                const all = count === items.length;
                return (
                  <fieldset key={group} className="perm-group">
                    <legend className="perm-group-title">{humanize(group)}</legend>
                    <label className="checkbox select-all">
                      <input
                        type="checkbox"
                        checked={all}
                        ref={(el) => {
                          if (el) el.indeterminate = count > 0 && !all;
                        }}
                        onChange={(e) => toggleGroup(items, e.target.checked)}
                      />
                      <span>
                        Select all
                        <span className="visually-hidden"> {humanize(group).toLowerCase()} permissions</span>
                      </span>
                    </label>
                    {items.map((p) => (
                      <div key={p.id} className="perm">
                        <label className="checkbox">
                          <input
                            type="checkbox"
                            checked={selected.has(p.id)}
                            onChange={(e) => toggle(p.id, e.target.checked)}
                            aria-describedby={`${baseId}-perm-${p.id.replace(/\W/g, '_')}`}
                          />
                          <code className="perm-id">{p.id}</code>
                        </label>
                        <span className="perm-desc" id={`${baseId}-perm-${p.id.replace(/\W/g, '_')}`}>
                          {p.description}
                        </span>
                      </div>
                    ))}
                  </fieldset>
                );
              })}
            </div>
          )}
          {permError ? (
            <p className="field-error" role="alert">
              {permError}
            </p>
          ) : null}
        </fieldset>

        <fieldset className="fieldset">
          <legend className="field-label">IP whitelist</legend>
          <p className="field-hint">
            Leave empty to accept requests from any address. Otherwise list IPv4 or IPv6 addresses or CIDR
            ranges.
          </p>
          <ul className="ip-rows">
            {rows.map((row, i) => {
              const inputId = `${baseId}-ip-${row.key}`;
              const errId = `${inputId}-error`;
              return (
                <li key={row.key} className={`ip-row ${row.error ? 'has-error' : ''}`}>
                  <div className="ip-row-line">
                    <label htmlFor={inputId} className="visually-hidden">
                      IP whitelist entry {i + 1}
                    </label>
                    <input
                      id={inputId}
                      className="input mono"
                      value={row.value}
                      placeholder="203.0.113.0/24"
                      autoComplete="off"
                      spellCheck={false}
                      aria-invalid={row.error ? true : undefined}
                      aria-describedby={row.error ? errId : undefined}
                      onChange={(e) => updateRow(row.key, { value: e.target.value, error: null })}
                      onBlur={(e) =>
                        updateRow(row.key, {
                          error: e.target.value.trim() ? validateIpEntry(e.target.value) : null,
                        })
                      }
                    />
                    <Button
                      size="sm"
                      variant="ghost"
                      aria-label={`Remove IP whitelist entry ${i + 1}`}
                      onClick={() => removeRow(row.key)}
                    >
                      Remove
                    </Button>
                  </div>
                  {row.error ? (
                    <p className="field-error" id={errId} role="alert">
                      {row.error}
                    </p>
                  ) : null}
                </li>
              );
            })}
          </ul>
          <Button size="sm" onClick={addRow}>
            <span aria-hidden="true">+</span> Add IP address or range
          </Button>
          {ipError ? (
            <p className="field-error" role="alert">
              {ipError}
            </p>
          ) : null}
        </fieldset>
        <ErrorText error={error} />
      </form>
    </Dialog>
  );
}
