import { useCallback, useEffect, useId, useRef, useState, type ReactNode } from "react";
import { Link, useLocation } from "wouter";
import { api } from "../lib/api.ts";
import type { CanonItem, PickedItem, SurveyDetail, SurveyPatch } from "../lib/api-types.ts";
import { ConfirmDialog } from "../lib/confirm-dialog.tsx";
import { ErrorAlert } from "../lib/error-alert.tsx";
import { errorMessage } from "../lib/api.ts";
import { useI18n } from "../lib/i18n.ts";
import { PickedItemList } from "./picked-item-list.tsx";
import type { WorkspaceSectionProps } from "./survey-workspace-page.tsx";

/** What the canon picker needs from the compose section. */
export interface CanonPickerSlotProps {
  pickedIds: ReadonlySet<string>;
  onAdd: (item: CanonItem) => void;
}

interface ComposeTabProps extends WorkspaceSectionProps {
  canonPicker: (props: CanonPickerSlotProps) => ReactNode;
}

interface Draft {
  title: string;
  intro: string;
  closingDate: string;
  items: PickedItem[];
}

type SaveState = "saved" | "unsaved" | "saving" | "error";

const AUTOSAVE_MS = 800;

function draftOf(survey: SurveyDetail): Draft {
  return { title: survey.title, intro: survey.intro, closingDate: survey.closingDate ?? "", items: survey.items };
}

/**
 * "Fragen": the survey's texts and closing date, the picked canon questions in order, and the
 * canon to pick from. Every change is saved automatically shortly after typing stops; the
 * status says whether everything is saved. Preview and "open" save first.
 */
export function ComposeTab({ survey, onSurveyChange, canonPicker }: ComposeTabProps) {
  const { t } = useI18n();
  const [, navigate] = useLocation();
  const ids = { title: useId(), intro: useId(), introHint: useId(), closing: useId(), closingHint: useId() };
  const [draft, setDraftState] = useState<Draft>(() => draftOf(survey));
  const draftRef = useRef(draft);
  const [saveState, setSaveState] = useState<SaveState>("saved");
  const [saveError, setSaveError] = useState<unknown>(null);
  const [actionError, setActionError] = useState<unknown>(null);
  const [confirm, setConfirm] = useState<"open" | "close" | null>(null);
  const changes = useRef(0);
  const savedChanges = useRef(0);
  const inFlight = useRef<Promise<void> | null>(null);
  const locked = survey.status !== "draft";

  const update = useCallback((patch: Partial<Draft>) => {
    draftRef.current = { ...draftRef.current, ...patch };
    setDraftState(draftRef.current);
    changes.current += 1;
    setSaveState("unsaved");
  }, []);

  /** Saves the latest draft (one request at a time); resolves true when nothing is left unsaved. */
  const save = useCallback(async (): Promise<boolean> => {
    while (inFlight.current) await inFlight.current;
    if (savedChanges.current === changes.current) return true;
    const target = changes.current;
    const current = draftRef.current;
    const body: SurveyPatch = {
      intro: current.intro,
      closingDate: current.closingDate === "" ? null : current.closingDate,
      ...(current.title.trim() ? { title: current.title } : {}),
      ...(survey.status === "draft" ? { items: current.items.map(({ itemId, version }) => ({ itemId, version })) } : {}),
    };
    setSaveState("saving");
    const run = (async () => {
      try {
        const updated = await api.patch<SurveyDetail>(`/surveys/${survey.id}`, body);
        savedChanges.current = target;
        onSurveyChange(updated);
        setSaveError(null);
        setSaveState(changes.current === target ? "saved" : "unsaved");
      } catch (error) {
        setSaveError(error);
        setSaveState("error");
      }
    })();
    inFlight.current = run;
    await run;
    inFlight.current = null;
    return savedChanges.current === changes.current;
  }, [onSurveyChange, survey.id, survey.status]);

  useEffect(() => {
    if (saveState !== "unsaved") return;
    const timer = setTimeout(() => void save(), AUTOSAVE_MS);
    return () => clearTimeout(timer);
  }, [draft, saveState, save]);

  // Leaving the page with unsaved edits: try once more, and let the browser warn.
  useEffect(() => {
    const warn = (event: BeforeUnloadEvent) => {
      if (savedChanges.current !== changes.current) event.preventDefault();
    };
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, []);

  const pickedIds = new Set(draft.items.map((item) => item.itemId));

  function addItem(item: CanonItem) {
    if (pickedIds.has(item.itemId)) return;
    update({
      items: [
        ...draftRef.current.items,
        {
          itemId: item.itemId,
          version: item.version,
          required: false,
          title: item.title,
          type: item.type,
          module: item.module,
          moduleTitle: item.moduleTitle,
          choices: [],
          latestVersion: item.version,
          retired: false,
        },
      ],
    });
  }

  function moveItem(index: number, delta: -1 | 1) {
    const items = [...draftRef.current.items];
    const target = index + delta;
    if (target < 0 || target >= items.length) return;
    [items[index], items[target]] = [items[target]!, items[index]!];
    update({ items });
  }

  function removeItem(index: number) {
    update({ items: draftRef.current.items.filter((_, position) => position !== index) });
  }

  async function openPreview() {
    if (await save()) navigate(`/surveys/${survey.id}/preview`);
  }

  async function changeStatus(action: "open" | "close") {
    setConfirm(null);
    setActionError(null);
    if (!(await save())) return;
    try {
      onSurveyChange(await api.post<SurveyDetail>(`/surveys/${survey.id}/${action}`));
    } catch (error) {
      setActionError(error);
    }
  }

  const statusText =
    saveState === "saved"
      ? t("compose.saved")
      : saveState === "saving"
        ? t("compose.saving")
        : saveState === "unsaved"
          ? t("compose.unsaved")
          : t("compose.saveFailed", { message: errorMessage(saveError) });

  return (
    <div className="compose">
      <div className="toolbar">
        <p className={`save-status save-${saveState}`} role="status" aria-live="polite">
          {statusText}
        </p>
        {saveState === "error" && (
          <button type="button" onClick={() => void save()}>
            {t("common.save")}
          </button>
        )}
        <Link
          href={`/surveys/${survey.id}/preview`}
          className="button"
          onClick={(event) => {
            event.preventDefault();
            void openPreview();
          }}
        >
          {t("compose.preview")}
        </Link>
        {survey.status === "draft" && (
          <button type="button" className="button-primary" disabled={draft.items.length === 0} onClick={() => setConfirm("open")}>
            {t("compose.open")}
          </button>
        )}
        {survey.status === "open" && (
          <button type="button" onClick={() => setConfirm("close")}>
            {t("compose.close")}
          </button>
        )}
        {survey.status === "closed" && (
          <button type="button" onClick={() => void changeStatus("open")}>
            {t("compose.reopen")}
          </button>
        )}
      </div>
      {survey.status === "draft" && draft.items.length === 0 && <p className="hint">{t("compose.needItems")}</p>}
      {survey.status === "open" && <p className="alert alert-info">{t("compose.opened")}</p>}
      {survey.status === "closed" && <p className="alert alert-info">{t("compose.closedNote")}</p>}
      <ErrorAlert error={actionError} />

      <section className="card" aria-labelledby="details-heading">
        <h2 id="details-heading">{t("compose.details")}</h2>
        <div className="field">
          <label htmlFor={ids.title}>{t("compose.surveyTitle")}</label>
          <input
            id={ids.title}
            value={draft.title}
            required
            maxLength={300}
            onChange={(event) => update({ title: event.target.value })}
          />
        </div>
        <div className="field">
          <label htmlFor={ids.intro}>{t("compose.intro")}</label>
          <p className="hint" id={ids.introHint}>
            {t("compose.introHint")}
          </p>
          <textarea
            id={ids.intro}
            aria-describedby={ids.introHint}
            rows={4}
            maxLength={10_000}
            value={draft.intro}
            onChange={(event) => update({ intro: event.target.value })}
          />
        </div>
        <div className="field field-short">
          <label htmlFor={ids.closing}>{t("compose.closingDate")}</label>
          <p className="hint" id={ids.closingHint}>
            {t("compose.closingDateHint")}
          </p>
          <input
            id={ids.closing}
            type="date"
            aria-describedby={ids.closingHint}
            value={draft.closingDate}
            onChange={(event) => update({ closingDate: event.target.value })}
          />
        </div>
      </section>

      <section className="card" aria-labelledby="picked-heading">
        <h2 id="picked-heading">{t("compose.picked", { n: draft.items.length })}</h2>
        <PickedItemList items={draft.items} locked={locked} onMove={moveItem} onRemove={removeItem} />
      </section>

      {locked ? (
        <p className="hint">{t("canon.locked")}</p>
      ) : (
        canonPicker({ pickedIds, onAdd: addItem })
      )}

      <ConfirmDialog
        open={confirm === "open"}
        title={t("compose.openConfirmTitle")}
        text={t("compose.openConfirmText")}
        confirmLabel={t("compose.openConfirm")}
        onConfirm={() => void changeStatus("open")}
        onCancel={() => setConfirm(null)}
      />
      <ConfirmDialog
        open={confirm === "close"}
        title={t("compose.closeConfirmTitle")}
        text={t("compose.closeConfirmText")}
        confirmLabel={t("compose.closeConfirm")}
        onConfirm={() => void changeStatus("close")}
        onCancel={() => setConfirm(null)}
      />
    </div>
  );
}
