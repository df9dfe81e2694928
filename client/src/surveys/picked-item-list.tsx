import { useRef } from "react";
import type { PickedItem } from "../lib/api-types.ts";
import { isMessageKey, useI18n } from "../lib/i18n.ts";

interface PickedItemListProps {
  items: PickedItem[];
  locked: boolean;
  onMove: (index: number, delta: -1 | 1) => void;
  onRemove: (index: number) => void;
}

/**
 * The picked questions in survey order, with buttons to move and remove them (no drag and drop:
 * buttons work with keyboard, switch access and screen readers alike). After a move the focus
 * follows the question, so pressing the same button again keeps moving it.
 */
export function PickedItemList({ items, locked, onMove, onRemove }: PickedItemListProps) {
  const { t, pick } = useI18n();
  const list = useRef<HTMLOListElement>(null);

  function move(index: number, delta: -1 | 1, itemId: string) {
    onMove(index, delta);
    const target = index + delta;
    const edge = delta === -1 ? target === 0 : target === items.length - 1;
    const action = edge ? (delta === -1 ? "down" : "up") : delta === -1 ? "up" : "down";
    requestAnimationFrame(() => {
      list.current?.querySelector<HTMLButtonElement>(`[data-item="${CSS.escape(itemId)}"][data-action="${action}"]`)?.focus();
    });
  }

  function remove(index: number) {
    onRemove(index);
    requestAnimationFrame(() => {
      const buttons = list.current?.querySelectorAll<HTMLButtonElement>('[data-action="remove"]');
      const next = buttons?.[Math.min(index, (buttons?.length ?? 1) - 1)];
      next?.focus();
    });
  }

  if (items.length === 0) return <p className="empty">{t("compose.pickedEmpty")}</p>;

  return (
    <ol className="picked-list" ref={list}>
      {items.map((item, index) => {
        const title = pick(item.title);
        const typeKey = `type.${item.type}`;
        return (
          <li key={item.itemId} className="picked-item">
            <div className="picked-text">
              <span className="picked-title">{title}</span>
              <span className="meta">
                {pick(item.moduleTitle)} · {isMessageKey(typeKey) ? t(typeKey) : item.type}
              </span>
            </div>
            {!locked && (
              <div className="picked-actions">
                <button
                  type="button"
                  className="button-icon"
                  data-item={item.itemId}
                  data-action="up"
                  disabled={index === 0}
                  aria-label={t("compose.moveUpLabel", { title })}
                  title={t("compose.moveUp")}
                  onClick={() => move(index, -1, item.itemId)}
                >
                  <span aria-hidden="true">↑</span>
                </button>
                <button
                  type="button"
                  className="button-icon"
                  data-item={item.itemId}
                  data-action="down"
                  disabled={index === items.length - 1}
                  aria-label={t("compose.moveDownLabel", { title })}
                  title={t("compose.moveDown")}
                  onClick={() => move(index, 1, item.itemId)}
                >
                  <span aria-hidden="true">↓</span>
                </button>
                <button
                  type="button"
                  className="button-quiet"
                  data-item={item.itemId}
                  data-action="remove"
                  aria-label={t("compose.removeLabel", { title })}
                  onClick={() => remove(index)}
                >
                  {t("compose.remove")}
                </button>
              </div>
            )}
          </li>
        );
      })}
    </ol>
  );
}
