import { useCallback, useEffect, useState } from "react";
import { api } from "../lib/api.ts";
import { ErrorAlert } from "../lib/error-alert.tsx";
import { useI18n, type I18n } from "../lib/i18n.ts";
import { Loading } from "../lib/loading.tsx";
import { ModalDialog } from "../lib/modal-dialog.tsx";
import { Hidden } from "../sharing/shared-question.tsx";
import type { CellOffers, GapCell, GapMatrixData, GapRow } from "./gap-types.ts";
import "./gap-matrix.css";

/** Shades of the heatmap, light to dark (text turns white from level 3). */
const LEVELS = 5;

/** The shade of a cell: 1 … LEVELS by its share of the largest cell; gaps have their own look. */
function levelOf(offers: number, max: number): number {
  if (offers === 0 || max === 0) return 0;
  return Math.max(1, Math.ceil((offers / max) * LEVELS));
}

interface OpenCell {
  district: string;
  districtName: string;
  lifePhase: string;
  lifePhaseName: string;
}

const formatMedian = (median: number, lang: "de" | "en") => new Intl.NumberFormat(lang === "de" ? "de-DE" : "en-GB", { maximumFractionDigits: 1 }).format(median);

function districtNameOf(row: GapRow, i18n: I18n) {
  return row.districtId === null ? i18n.t("gaps.noDistrict") : row.name;
}

/** The count of the wave before, "ausgeblendet" where that wave withholds it, and the change since. */
function Comparison({ cell, compared }: { cell: GapCell; compared: boolean }) {
  const { t } = useI18n();
  return (
    <>
      {cell.previous !== null && <span className="gap-previous"> {t("gaps.previousCount", { count: cell.previous })}</span>}
      {cell.previous === null && compared && <span className="gap-previous"> {t("gaps.previousWithheld")}</span>}
      {cell.change === "closed" && <span className="gap-change gap-change-closed"> {t("gaps.closed")}</span>}
      {cell.change === "new_gap" && <span className="gap-change gap-change-new"> {t("gaps.newGap")}</span>}
    </>
  );
}

/**
 * One cell: a button with the count and, in words, "Lücke" or "viel" (never colour alone). Its
 * name is its content: the district and phase (visually hidden), then the visible count and word.
 * A withheld cell (protected surveys) is no button: it says "ausgeblendet" and cannot be opened.
 */
function CellButton({ cell, row, phaseName, max, k, compared, onOpen }: { cell: GapCell; row: GapRow; phaseName: string; max: number; k: number; compared: boolean; onOpen: () => void }) {
  const i18n = useI18n();
  const { t } = i18n;
  if (cell.offers === null) {
    return (
      <td className="gap-td" data-suppressed="true">
        <div className="gap-cell gap-cell-withheld">
          <span className="visually-hidden">{t("gaps.cellContext", { district: districtNameOf(row, i18n), phase: phaseName })} </span>
          <Hidden k={k} />
          <Comparison cell={cell} compared={compared} />
        </div>
      </td>
    );
  }
  const level = levelOf(cell.offers, max);
  const className = ["gap-cell", `gap-level-${level}`, cell.flag === "gap" ? "gap-cell-gap" : "", cell.flag === "over_supply" ? "gap-cell-many" : ""]
    .filter(Boolean)
    .join(" ");
  return (
    <td className="gap-td">
      <button type="button" className={className} onClick={onOpen}>
        <span className="visually-hidden">{t("gaps.cellContext", { district: districtNameOf(row, i18n), phase: phaseName })} </span>
        <span className="gap-count">{cell.offers}</span>
        <span className="visually-hidden"> {t("gaps.offersWord", { count: cell.offers })}</span>
        {cell.flag === "gap" && <span className="gap-flag"> {t("gaps.gap")}</span>}
        {cell.flag === "over_supply" && (
          <>
            <span className="gap-flag"> {t("gaps.many")}</span>
            <span className="visually-hidden"> {t("gaps.possibleOverSupply")}</span>
          </>
        )}
        <Comparison cell={cell} compared={compared} />
      </button>
    </td>
  );
}

/** The offers of one cell, in a dialog: name, institution (identified surveys only) and the entry's details. */
function CellOffersDialog({ surveyId, cell, onClose }: { surveyId: string; cell: OpenCell | null; onClose: () => void }) {
  const { t, pick } = useI18n();
  const [offers, setOffers] = useState<CellOffers | null>(null);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    if (!cell) return;
    setOffers(null);
    setError(null);
    const controller = new AbortController();
    api
      .get<CellOffers>(
        `/surveys/${encodeURIComponent(surveyId)}/gap-matrix/offers?district=${encodeURIComponent(cell.district)}&lifePhase=${encodeURIComponent(cell.lifePhase)}`,
        { signal: controller.signal },
      )
      .then(setOffers)
      .catch((caught) => {
        if (!(caught instanceof DOMException && caught.name === "AbortError")) setError(caught);
      });
    return () => controller.abort();
  }, [surveyId, cell]);

  return (
    <ModalDialog open={cell !== null} title={cell ? t("gaps.offersHeading", { district: cell.districtName, phase: cell.lifePhaseName }) : ""} onClose={onClose} focusTitle wide>
      <ErrorAlert error={error} />
      {!offers && !error && <Loading />}
      {offers && (
        <>
          <p className="meta">{t("gaps.offersCount", { count: offers.total })}</p>
          {!offers.showsInstitutions && <p className="hint">{t("gaps.offersProtected")}</p>}
          {offers.truncated && <p className="hint">{t("gaps.offersTruncated", { shown: offers.offers.length, total: offers.total })}</p>}
          {offers.offers.length === 0 && <p className="empty">{t("gaps.offersNone")}</p>}
          {offers.offers.length > 0 && (
            <div className="table-scroll">
              <table className="gap-offers">
                <thead>
                  <tr>
                    <th scope="col">{t("gaps.offerName")}</th>
                    {offers.showsInstitutions && <th scope="col">{t("gaps.institution")}</th>}
                    <th scope="col">{t("gaps.details")}</th>
                  </tr>
                </thead>
                <tbody>
                  {offers.offers.map((offer, index) => (
                    <tr key={index}>
                      <th scope="row">{offer.name || t("gaps.offerUnnamed")}</th>
                      {offers.showsInstitutions && <td>{offer.institution}</td>}
                      <td>
                        {offer.fields.length > 0 && (
                          <dl className="gap-offer-fields">
                            {offer.fields.map((field) => (
                              <div key={field.name}>
                                <dt>{pick(field.title)}</dt>
                                <dd>{field.values.map((value) => pick(value)).join(", ")}</dd>
                              </div>
                            ))}
                          </dl>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
      <div className="actions">
        <button type="button" onClick={onClose}>
          {t("gaps.close")}
        </button>
      </div>
    </ModalDialog>
  );
}

/** The legend: the shades, and the rule behind "Lücke" and "viel", in words. */
function Legend({ matrix }: { matrix: GapMatrixData }) {
  const { t, lang } = useI18n();
  const sources = [
    ...(matrix.districtSource.offerField ? [t("gaps.sourceField", { field: matrix.districtSource.offerField })] : []),
    t("gaps.sourceDirectory"),
    ...(matrix.districtSource.answerQuestion ? [t("gaps.sourceAnswer")] : []),
  ];
  const rule = { factor: matrix.rule.overSupplyFactor, minimum: matrix.rule.overSupplyMinimum };
  return (
    <div className="gap-legend" role="note" aria-label={t("gaps.legend")}>
      <h3>{t("gaps.legend")}</h3>
      <ul>
        <li>
          <span className="gap-swatch gap-cell-gap" aria-hidden="true">
            0 {t("gaps.gap")}
          </span>
          {t("gaps.legendGap")}
        </li>
        <li>
          <span className="gap-swatch gap-level-5 gap-cell-many" aria-hidden="true">
            {t("gaps.many")}
          </span>
          {matrix.median === null
            ? t("gaps.legendManyNoMedian", rule)
            : t("gaps.legendMany", { ...rule, median: formatMedian(matrix.median, lang) })}
        </li>
        {matrix.protection && (
          <li>
            <span className="gap-swatch gap-cell-withheld" aria-hidden="true">
              {t("networkView.hiddenShort")}
            </span>
            {t("gaps.legendWithheld", { k: matrix.protection.k })}
          </li>
        )}
        {matrix.previousWave && (
          <li>
            <span className="gap-swatch" aria-hidden="true">
              <span className="gap-change gap-change-closed">{t("gaps.closed")}</span> <span className="gap-change gap-change-new">{t("gaps.newGap")}</span>
            </span>
            {t("gaps.legendChange", { wave: matrix.previousWave.waveLabel || matrix.previousWave.title })}
          </li>
        )}
        <li>
          <span className="gap-swatch-scale" aria-hidden="true">
            {Array.from({ length: LEVELS }, (_, index) => (
              <span key={index} className={`gap-swatch gap-level-${index + 1}`} />
            ))}
          </span>
          {t("gaps.legendShade")}
        </li>
      </ul>
      <p className="hint">{t("gaps.legendSource", { sources: sources.join(`, ${t("gaps.or")} `) })}</p>
    </div>
  );
}

/**
 * "Lücken und Überangebot": the offers of the survey's offers list as a heatmap of districts
 * (rows) × life phases (columns), an HTML table where every cell is a button that lists its
 * offers. Cells carry their count and, in words, "Lücke" (no offer) or "viel" (possible
 * over-supply by the server's rule); the shade only repeats what the numbers say.
 */
export function GapMatrix({ surveyId }: { surveyId: string }) {
  const i18n = useI18n();
  const { t, pick } = i18n;
  const [matrix, setMatrix] = useState<GapMatrixData | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [open, setOpen] = useState<OpenCell | null>(null);

  const load = useCallback(() => {
    api
      .get<GapMatrixData>(`/surveys/${encodeURIComponent(surveyId)}/gap-matrix`)
      .then((answer) => {
        setMatrix(answer);
        setError(null);
      })
      .catch(setError);
  }, [surveyId]);
  useEffect(load, [load]);

  const placed = matrix?.rows.filter((row) => row.districtId !== null) ?? [];
  const max = Math.max(0, ...(matrix?.rows ?? []).flatMap((row) => row.cells.map((cell) => cell.offers ?? 0)));
  const phaseName = (value: string) => {
    const phase = matrix?.lifePhases.find((option) => option.value === value);
    return phase ? pick(phase.label) : value;
  };
  // Withheld (null) means some offers without a phase, too.
  const showNoPhase = matrix ? matrix.totals.noLifePhase !== 0 : false;
  const k = matrix?.protection?.k ?? 0;
  const compared = Boolean(matrix?.previousWave);

  return (
    <section className="gap-matrix" aria-labelledby="gap-matrix-heading">
      <div className="toolbar">
        <h2 id="gap-matrix-heading">{t("gaps.heading")}</h2>
        <button type="button" onClick={load}>
          {t("common.refresh")}
        </button>
      </div>
      <ErrorAlert error={error} />
      {!matrix && !error && <Loading />}
      {matrix && !matrix.available && <p className="empty">{t(matrix.reason === "not_opened" ? "gaps.notOpened" : "gaps.noOffersList")}</p>}
      {matrix && matrix.available && (
        <>
          <p className="hint">{t("gaps.intro", { list: matrix.panel ? pick(matrix.panel.title) : "" })}</p>
          {matrix.protection && <p className="hint gap-protected-note">{t("gaps.protectedNote", { mode: matrix.protection.mode, k: matrix.protection.k })}</p>}
          <p className="meta">
            {matrix.totals.offers === null || matrix.totals.providers === null
              ? t("gaps.summaryWithheld", { respondents: matrix.totals.respondents })
              : t("gaps.summary", { offers: matrix.totals.offers, providers: matrix.totals.providers, respondents: matrix.totals.respondents })}
          </p>
          {matrix.previousWave && (
            <p className="gap-comparison" role="status">
              {t("gaps.comparison", {
                wave: matrix.previousWave.waveLabel || matrix.previousWave.title,
                closed: matrix.previousWave.closedGaps,
                opened: matrix.previousWave.newGaps,
              })}
            </p>
          )}
          {matrix.totals.respondents === 0 && <p className="empty">{t("gaps.noneYet")}</p>}
          {placed.length === 0 && <p className="empty">{t("gaps.noDistricts")}</p>}
          {matrix.totals.noDistrict === null && <p className="hint">{t("gaps.unplacedWithheld")}</p>}
          {matrix.totals.noDistrict !== null && matrix.totals.noDistrict > 0 && <p className="hint">{t("gaps.unplaced", { count: matrix.totals.noDistrict })}</p>}
          <div className="table-scroll">
            <table className="gap-table">
              <caption>{t("gaps.caption")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("gaps.district")}</th>
                  {matrix.lifePhases.map((phase) => (
                    <th scope="col" key={phase.value}>
                      {pick(phase.label)}
                    </th>
                  ))}
                  {showNoPhase && <th scope="col">{t("gaps.noLifePhase")}</th>}
                  <th scope="col" className="number">
                    {t("gaps.total")}
                  </th>
                </tr>
              </thead>
              <tbody>
                {matrix.rows.map((row) => {
                  const districtName = districtNameOf(row, i18n);
                  const district = row.districtId ?? "none";
                  return (
                    <tr key={district} className={row.districtId === null ? "gap-row-unplaced" : undefined}>
                      <th scope="row">{districtName}</th>
                      {row.cells.map((cell) => (
                        <CellButton
                          key={cell.lifePhase}
                          cell={cell}
                          row={row}
                          phaseName={phaseName(cell.lifePhase)}
                          max={max}
                          k={k}
                          compared={compared && row.districtId !== null}
                          onOpen={() => setOpen({ district, districtName, lifePhase: cell.lifePhase, lifePhaseName: phaseName(cell.lifePhase) })}
                        />
                      ))}
                      {showNoPhase && (
                        <CellButton
                          cell={{ lifePhase: "none", offers: row.noLifePhase, providers: row.noLifePhaseProviders, flag: null, previous: null, change: null }}
                          row={row}
                          phaseName={t("gaps.noLifePhase")}
                          max={max}
                          k={k}
                          compared={false}
                          onOpen={() => setOpen({ district, districtName, lifePhase: "none", lifePhaseName: t("gaps.noLifePhase") })}
                        />
                      )}
                      <td className="number" data-suppressed={row.total === null ? "true" : undefined}>
                        {row.total === null ? <Hidden k={k} /> : row.total}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          <Legend matrix={matrix} />
        </>
      )}
      <CellOffersDialog surveyId={surveyId} cell={open} onClose={() => setOpen(null)} />
    </section>
  );
}
