import { Suspense, useState } from "react";
import { useDebouncedValue } from "../lib/use-debounced-value.ts";
import { useI18n, type Language } from "../lib/i18n.ts";
import { lazyNamed } from "../lib/lazy-named.ts";
import { Loading } from "../lib/loading.tsx";

/** survey-core is loaded with the first preview, not with the editor. */
const QuestionPreview = lazyNamed(() => import("../lib/question-preview.tsx"), "QuestionPreview");

/**
 * The question as respondents will see it, updated shortly after each change, in German or
 * English (switchable, independent of the UI language).
 */
export function ItemPreviewPanel({ element }: { element: Record<string, unknown> }) {
  const { t, lang } = useI18n();
  const [language, setLanguage] = useState<Language>(lang);
  const settled = useDebouncedValue(element, 300);

  return (
    <section className="card item-preview" aria-labelledby="item-preview-heading">
      <div className="item-preview-head">
        <h2 id="item-preview-heading">{t("editor.preview")}</h2>
        <div className="preview-language" role="group" aria-label={t("editor.previewLanguage")}>
          {(["de", "en"] as const).map((code) => (
            <button key={code} type="button" className="button-small" lang={code} aria-pressed={language === code} onClick={() => setLanguage(code)}>
              {t(code === "de" ? "lang.de" : "lang.en")}
            </button>
          ))}
        </div>
      </div>
      <p className="hint">{t("editor.previewHint")}</p>
      <Suspense fallback={<Loading />}>
        <QuestionPreview element={settled} language={language} />
      </Suspense>
    </section>
  );
}
