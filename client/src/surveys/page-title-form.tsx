import { useEffect, useRef, useState, type FormEvent } from "react";
import { useI18n } from "../lib/i18n.ts";
import { LocalizedFields } from "../lib/localized-fields.tsx";
import type { Localized } from "../lib/localized.ts";

interface PageTitleFormProps {
  title: Localized | null;
  pageNumber: number;
  onSubmit: (title: Localized) => void;
  onCancel: () => void;
}

/** Renames a page: German title, English optional (respondents in English then see the German one). */
export function PageTitleForm({ title, pageNumber, onSubmit, onCancel }: PageTitleFormProps) {
  const { t } = useI18n();
  const [value, setValue] = useState<Localized>(title ?? { de: "", en: "" });
  const form = useRef<HTMLFormElement>(null);

  useEffect(() => {
    form.current?.querySelector<HTMLInputElement>("input")?.focus();
  }, []);

  function submit(event: FormEvent) {
    event.preventDefault();
    onSubmit(value);
  }

  return (
    <form
      ref={form}
      className="page-title-form"
      onSubmit={submit}
      onKeyDown={(event) => {
        if (event.key === "Escape") {
          event.preventDefault();
          onCancel();
        }
      }}
      aria-label={t("builder.renamePageForm", { n: pageNumber })}
    >
      <LocalizedFields label={t("builder.pageTitle")} value={value} onChange={setValue} germanRequired={false} maxLength={500} hint={t("builder.pageTitleHint")} />
      <div className="actions">
        <button type="submit" className="button-primary">
          {t("builder.applyTitle")}
        </button>
        <button type="button" onClick={onCancel}>
          {t("common.cancel")}
        </button>
      </div>
    </form>
  );
}
