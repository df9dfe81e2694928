/**
 * A labelled progress bar (native <progress>, so assistive technology reads value and maximum)
 * with its figures as visible text next to it: the bar alone would rely on colour and length.
 */
export function ProgressBar({ value, max, label, text }: { value: number; max: number; label: string; text: string }) {
  return (
    <div className="progress">
      <progress value={max > 0 ? value : 0} max={max > 0 ? max : 1} aria-label={label} />
      <span className="progress-text">{text}</span>
    </div>
  );
}
