import { useI18n } from "../lib/i18n.ts";
import { ChoiceFigures } from "./choice-figures.tsx";
import { MatrixFigures } from "./matrix-figures.tsx";
import { NumericFigures } from "./numeric-figures.tsx";
import type { FieldResult, MultipletextResult } from "./result-types.ts";
import { TextFigures } from "./text-figures.tsx";

type Heading = "h4" | "h5" | "h6";
const deeper = (heading: Heading): Heading => (heading === "h4" ? "h5" : "h6");

/**
 * The figures of one question of any kind but a repeatable list: a top-level question, a field
 * of a list or an item of a multiple-text question. `path` names it from the top-level question
 * (for text searches and file names); `heading` is the level its parts' titles take.
 */
export function FieldFigures({ question, path, heading = "h4" }: { question: FieldResult; path: string[]; heading?: Heading }) {
  const { t, pick } = useI18n();
  const title = pick(question.title);
  switch (question.kind) {
    case "choice":
    case "multiple":
      return <ChoiceFigures question={question} title={title} fileParts={path} />;
    case "numeric":
      return <NumericFigures question={question} title={title} fileParts={path} />;
    case "matrix":
      return <MatrixFigures question={question} title={title} fileParts={path} />;
    case "text":
      return <TextFigures question={question} title={title} path={path} />;
    case "multipletext":
      return <MultipletextFigures question={question} path={path} heading={heading} />;
    default:
      return <p className="empty">{t("results.notCharted")}</p>;
  }
}

/** A multiple-text question: each item on its own, as a number or a text result. */
function MultipletextFigures({ question, path, heading }: { question: MultipletextResult; path: string[]; heading: Heading }) {
  const { t, pick } = useI18n();
  const Title = heading;
  return (
    <div className="result-parts">
      {question.items.map((item) => (
        <div key={item.name} className="result-part" data-item={item.name}>
          <Title>{pick(item.title)}</Title>
          <p className="meta">{t("results.answered", { n: item.n })}</p>
          <FieldFigures question={item} path={[...path, item.name]} heading={deeper(heading)} />
        </div>
      ))}
    </div>
  );
}
