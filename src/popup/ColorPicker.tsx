import { colorName } from '../shared/color-names';
import { t } from '../shared/i18n';
import { COLORS, type Color } from '../shared/types';

/** The five colours as a radio group: arrow keys move between them, as in any radio group. */
export function ColorPicker({ value, onChange }: { value: Color; onChange(color: Color): void }) {
  const move = (from: Color, step: number) => {
    const next = COLORS[(COLORS.indexOf(from) + step + COLORS.length) % COLORS.length]!;
    onChange(next);
    return next;
  };
  return (
    <div class="colors" role="radiogroup" aria-label={t('colour')}>
      {COLORS.map((color) => (
        // biome-ignore lint/a11y/useSemanticElements: swatch buttons as a roving-tabindex radio group; native radios cannot be drawn as swatches in every browser
        <button
          key={color}
          type="button"
          role="radio"
          aria-checked={color === value}
          aria-label={colorName(color)}
          tabIndex={color === value ? 0 : -1}
          class={`swatch swatch-${color}`}
          onClick={() => onChange(color)}
          onKeyDown={(event) => {
            const step =
              event.key === 'ArrowRight' || event.key === 'ArrowDown'
                ? 1
                : event.key === 'ArrowLeft' || event.key === 'ArrowUp'
                  ? -1
                  : 0;
            if (!step) return;
            event.preventDefault();
            const next = move(color, step);
            const group = (event.currentTarget as HTMLElement).parentElement;
            requestAnimationFrame(() =>
              group?.querySelector<HTMLElement>(`[aria-label="${colorName(next)}"]`)?.focus(),
            );
          }}
        />
      ))}
    </div>
  );
}
