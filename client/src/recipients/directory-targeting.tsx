import { useEffect, useMemo, useState } from "react";
import { Link } from "wouter";
import { api } from "../lib/api.ts";
import { ErrorAlert } from "../lib/error-alert.tsx";
import { formatDateTime } from "../lib/format.ts";
import { useI18n } from "../lib/i18n.ts";
import { useDebouncedValue } from "../lib/use-debounced-value.ts";
import type { InviteResult, TargetFilter, Targets } from "./recipient-types.ts";
import { scheduledAtOf, SendOptions, type SendTime } from "./send-options.tsx";

type Kind = "institution" | "network";

interface Facets {
  counts: Record<Kind, number>;
  types: Record<Kind, { value: string; count: number }[]>;
  lifePhases: { id: string; label: { de: string; en: string }; count: number }[];
  fieldsOfAction: { id: string; label: { de: string; en: string }; count: number }[];
}

interface Choices {
  facets: Facets;
  districts: { id: string; name: string }[];
  networks: { id: string; name: string }[];
}

interface Criteria {
  kind: Kind;
  types: string[];
  districtIds: string[];
  lifePhases: string[];
  fieldsOfAction: string[];
  memberOfNetworkIds: string[];
}

const emptyCriteria = (kind: Kind): Criteria => ({ kind, types: [], districtIds: [], lifePhases: [], fieldsOfAction: [], memberOfNetworkIds: [] });

function toggle(list: string[], value: string, on: boolean): string[] {
  return on ? [...list, value] : list.filter((entry) => entry !== value);
}

/** A group of checkboxes for one criterion; hidden when the directory offers nothing to choose. */
function CheckGroup({
  legend,
  options,
  chosen,
  onChange,
}: {
  legend: string;
  options: { value: string; label: string; count?: number }[];
  chosen: string[];
  onChange: (next: string[]) => void;
}) {
  if (options.length === 0) return null;
  return (
    <fieldset className="check-group target-group">
      <legend>{legend}</legend>
      {options.map((option) => (
        <label key={option.value} className="check">
          <input
            type="checkbox"
            checked={chosen.includes(option.value)}
            onChange={(event) => onChange(toggle(chosen, option.value, event.target.checked))}
          />
          <span>
            {option.label}
            {option.count !== undefined && <span className="meta"> ({option.count})</span>}
          </span>
        </label>
      ))}
    </fieldset>
  );
}

/**
 * Targeting: choose recipients from the directory by attributes (all networks of type
 * Stadtteilkonferenz, all members of network X, all institutions in district Y serving a life
 * phase), see the matches, untick by hand, and invite them with one click.
 */
export function DirectoryTargeting({ surveyId, canSend, onSent }: { surveyId: string; canSend: boolean; onSent: () => void }) {
  const { t, pick, lang } = useI18n();
  const [choices, setChoices] = useState<Choices | null>(null);
  const [criteria, setCriteria] = useState<Criteria>(emptyCriteria("network"));
  const [targets, setTargets] = useState<Targets | null>(null);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [time, setTime] = useState<SendTime>({ later: false, at: "" });
  const [error, setError] = useState<unknown>(null);
  const [sending, setSending] = useState(false);
  const [notice, setNotice] = useState("");
  const [reloadCount, setReloadCount] = useState(0);
  const debouncedCriteria = useDebouncedValue(criteria, 250);

  useEffect(() => {
    Promise.all([
      api.get<Facets>("/directory/facets"),
      api.get<{ districts: { id: string; name: string }[] }>("/directory/districts"),
      api.post<{ entries: { id: string; name: string }[] }>("/directory/search", { filter: { kind: "network" }, limit: 500 }),
    ])
      .then(([facets, districts, networks]) => {
        setChoices({ facets, districts: districts.districts, networks: networks.entries });
        if (facets.counts.network === 0 && facets.counts.institution > 0) setCriteria(emptyCriteria("institution"));
      })
      .catch(setError);
  }, []);

  const filter: TargetFilter = useMemo(
    () => ({
      kind: debouncedCriteria.kind,
      ...(debouncedCriteria.types.length ? { types: debouncedCriteria.types } : {}),
      ...(debouncedCriteria.districtIds.length ? { districtIds: debouncedCriteria.districtIds } : {}),
      ...(debouncedCriteria.lifePhases.length ? { lifePhases: debouncedCriteria.lifePhases } : {}),
      ...(debouncedCriteria.fieldsOfAction.length ? { fieldsOfAction: debouncedCriteria.fieldsOfAction } : {}),
      ...(debouncedCriteria.memberOfNetworkIds.length ? { memberOfNetworkIds: debouncedCriteria.memberOfNetworkIds } : {}),
    }),
    [debouncedCriteria],
  );

  useEffect(() => {
    if (!choices) return;
    let current = true;
    api
      .post<Targets>(`/surveys/${surveyId}/recipients/targets`, { filter })
      .then((result) => {
        if (!current) return;
        setTargets(result);
        setSelected(new Set(result.targets.filter((target) => target.email && !target.alreadyInvited).map((target) => target.id)));
        setError(null);
      })
      .catch((caught: unknown) => current && setError(caught));
    return () => {
      current = false;
    };
  }, [choices, filter, surveyId, reloadCount]);

  if (!choices) return <ErrorAlert error={error} />;
  const { facets } = choices;
  if (facets.counts.institution + facets.counts.network === 0) {
    return (
      <div className="alert alert-info">
        <p>{t("target.emptyDirectory")}</p>
        <p>
          <Link href="/directory">{t("target.toDirectory")}</Link>
        </p>
      </div>
    );
  }

  const kindLabel = criteria.kind === "network" ? t("target.networks") : t("target.institutions");
  const anyCriterion =
    criteria.types.length + criteria.districtIds.length + criteria.lifePhases.length + criteria.fieldsOfAction.length + criteria.memberOfNetworkIds.length >
    0;
  const invitable = targets?.targets.filter((target) => target.email && !target.alreadyInvited) ?? [];
  const chosenCount = invitable.filter((target) => selected.has(target.id)).length;
  const scheduledAt = scheduledAtOf(time);

  async function send() {
    if (scheduledAt === null) return;
    const directoryEntryIds = invitable.filter((target) => selected.has(target.id)).map((target) => target.id);
    setSending(true);
    setNotice("");
    try {
      const result = await api.post<InviteResult>(`/surveys/${surveyId}/invitations`, { directoryEntryIds, scheduledAt });
      setNotice(
        [
          scheduledAt
            ? t("add.scheduled", { n: result.created, time: formatDateTime(scheduledAt, lang) })
            : t("target.invited", { n: result.created }),
          result.withoutEmail.length > 0
            ? t("target.withoutEmail", { n: result.withoutEmail.length, names: result.withoutEmail.map((entry) => entry.name).join(", ") })
            : "",
        ]
          .filter(Boolean)
          .join(" "),
      );
      setError(null);
      setReloadCount((count) => count + 1);
      onSent();
    } catch (caught) {
      setError(caught);
    } finally {
      setSending(false);
    }
  }

  return (
    <div className="directory-targeting">
      <fieldset className="target-kind">
        <legend>{t("target.kind")}</legend>
        {(["network", "institution"] as const).map((kind) => (
          <label key={kind} className="check">
            <input
              type="radio"
              name="target-kind"
              checked={criteria.kind === kind}
              onChange={() => setCriteria(emptyCriteria(kind))}
            />
            <span>
              {kind === "network" ? t("target.networks") : t("target.institutions")}
              <span className="meta"> ({facets.counts[kind]})</span>
            </span>
          </label>
        ))}
      </fieldset>
      <div className="target-criteria">
        <CheckGroup
          legend={t("target.types")}
          options={facets.types[criteria.kind].map((type) => ({ value: type.value, label: type.value, count: type.count }))}
          chosen={criteria.types}
          onChange={(types) => setCriteria({ ...criteria, types })}
        />
        <CheckGroup
          legend={t("target.districts")}
          options={choices.districts.map((district) => ({ value: district.id, label: district.name }))}
          chosen={criteria.districtIds}
          onChange={(districtIds) => setCriteria({ ...criteria, districtIds })}
        />
        <CheckGroup
          legend={t("target.lifePhases")}
          options={facets.lifePhases.map((phase) => ({ value: phase.id, label: pick(phase.label) }))}
          chosen={criteria.lifePhases}
          onChange={(lifePhases) => setCriteria({ ...criteria, lifePhases })}
        />
        <CheckGroup
          legend={t("target.fieldsOfAction")}
          options={facets.fieldsOfAction.map((field) => ({ value: field.id, label: pick(field.label) }))}
          chosen={criteria.fieldsOfAction}
          onChange={(fieldsOfAction) => setCriteria({ ...criteria, fieldsOfAction })}
        />
        {criteria.kind === "institution" && (
          <CheckGroup
            legend={t("target.memberOf")}
            options={choices.networks.map((network) => ({ value: network.id, label: network.name }))}
            chosen={criteria.memberOfNetworkIds}
            onChange={(memberOfNetworkIds) => setCriteria({ ...criteria, memberOfNetworkIds })}
          />
        )}
      </div>
      {!anyCriterion && <p className="meta">{t("target.noneChosen", { kind: kindLabel })}</p>}
      {targets && (
        <>
          <p className="meta" role="status" aria-live="polite">
            {t("target.matches", {
              total: targets.counts.total,
              invitable: targets.counts.invitable,
              already: targets.counts.alreadyInvited,
              withoutEmail: targets.counts.withoutEmail,
            })}
          </p>
          {targets.targets.length > 0 && (
            <>
              <div className="actions actions-start">
                <button type="button" className="button-small" onClick={() => setSelected(new Set(invitable.map((target) => target.id)))}>
                  {t("target.selectAll")}
                </button>
                <button type="button" className="button-small" onClick={() => setSelected(new Set())}>
                  {t("target.selectNone")}
                </button>
              </div>
              <div className="table-scroll target-table" tabIndex={0} role="region" aria-label={t("target.list")}>
                <table>
                  <caption className="visually-hidden">{t("target.list")}</caption>
                  <thead>
                    <tr>
                      <th scope="col">
                        <span className="visually-hidden">{t("target.list")}</span>
                      </th>
                      <th scope="col">{t("target.col.name")}</th>
                      <th scope="col">{t("target.col.type")}</th>
                      <th scope="col">{t("target.col.district")}</th>
                      <th scope="col">{t("target.col.email")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {targets.targets.map((target) => {
                      const blocked = !target.email || target.alreadyInvited;
                      return (
                        <tr key={target.id} className={blocked ? "target-blocked" : undefined}>
                          <td>
                            <input
                              type="checkbox"
                              aria-label={t("target.pick", { name: target.name })}
                              disabled={blocked}
                              checked={!blocked && selected.has(target.id)}
                              onChange={(event) => {
                                const next = new Set(selected);
                                if (event.target.checked) next.add(target.id);
                                else next.delete(target.id);
                                setSelected(next);
                              }}
                            />
                          </td>
                          <td>{target.name}</td>
                          <td>{target.type}</td>
                          <td>{target.districtName ?? ""}</td>
                          <td className="cell-break">
                            {target.email ?? <span className="meta">{t("target.noEmail")}</span>}
                            {target.alreadyInvited && <span className="meta"> · {t("target.already")}</span>}
                          </td>
                        </tr>
                      );
                    })}
                  </tbody>
                </table>
              </div>
            </>
          )}
        </>
      )}
      <SendOptions value={time} onChange={setTime} />
      <div className="actions">
        <button
          type="button"
          className="button-primary"
          disabled={!canSend || sending || chosenCount === 0 || scheduledAt === null}
          onClick={() => void send()}
        >
          {sending ? t("recipients.sending") : t("target.send", { n: chosenCount })}
        </button>
      </div>
      <ErrorAlert error={error} />
      <p className="notice" role="status" aria-live="polite">
        {notice}
      </p>
    </div>
  );
}
