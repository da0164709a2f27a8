import { useEffect, useState } from 'preact/hooks';
import { ext } from '../shared/browser';
import { colorName } from '../shared/color-names';
import { t } from '../shared/i18n';
import { loadOptions, type Options, saveOptions } from '../shared/options';
import { COLORS } from '../shared/types';
import { SyncSection } from './SyncSection';

/** The options page: each change is saved at once. */
export function OptionsPage() {
  const [options, setOptions] = useState<Options | undefined>();
  const [status, setStatus] = useState('');
  useEffect(() => {
    void loadOptions().then(setOptions);
  }, []);
  if (!options) return null;

  const change = (patch: Partial<Options>) => {
    const next = { ...options, ...patch };
    setOptions(next);
    saveOptions(next).then(
      () => setStatus(t('optionsSaved')),
      (e: unknown) => setStatus(String(e)),
    );
  };

  return (
    <main class="options">
      <h1>{t('optionsTitle')}</h1>

      <fieldset>
        <legend>{t('optionsDefaultColour')}</legend>
        <p class="hint">{t('optionsDefaultColourHint')}</p>
        {COLORS.map((color) => (
          <label key={color} class="choice">
            <input
              type="radio"
              name="default-color"
              checked={options.defaultColor === color}
              onChange={() => change({ defaultColor: color })}
            />
            <span class={`swatch swatch-${color}`} aria-hidden="true" /> {colorName(color)}
          </label>
        ))}
      </fieldset>

      <fieldset>
        <legend>{t('optionsColourLabels')}</legend>
        <p class="hint">{t('optionsColourLabelsHint')}</p>
        {COLORS.map((color) => (
          <label key={color} class="row">
            <span class={`swatch swatch-${color}`} aria-hidden="true" />
            <span class="name">{colorName(color)}</span>
            <input
              type="text"
              maxLength={60}
              value={options.colorLabels[color]}
              onChange={(e) =>
                change({ colorLabels: { ...options.colorLabels, [color]: (e.target as HTMLInputElement).value } })
              }
            />
          </label>
        ))}
      </fieldset>

      <fieldset>
        <legend>{t('optionsExport')}</legend>
        <label class="choice">
          <input
            type="checkbox"
            checked={options.exportFrontMatter}
            onChange={(e) => change({ exportFrontMatter: (e.target as HTMLInputElement).checked })}
          />
          {t('optionsFrontMatter')}
        </label>
        <label class="choice">
          <input
            type="checkbox"
            checked={options.exportLinks}
            onChange={(e) => change({ exportLinks: (e.target as HTMLInputElement).checked })}
          />
          {t('optionsLinks')}
        </label>
        <label class="row">
          <span class="name">{t('optionsGroupBy')}</span>
          <select
            value={options.exportGroupBy}
            onChange={(e) =>
              change({ exportGroupBy: (e.target as HTMLSelectElement).value === 'color' ? 'color' : 'reading-order' })
            }
          >
            <option value="reading-order">{t('optionsReadingOrder')}</option>
            <option value="color">{t('optionsByColour')}</option>
          </select>
        </label>
      </fieldset>

      <fieldset>
        <legend>{t('optionsReading')}</legend>
        <p class="hint">{t('optionsMarginNotesHint')}</p>
        <label class="choice">
          <input
            type="checkbox"
            checked={options.marginNotes}
            onChange={(e) => change({ marginNotes: (e.target as HTMLInputElement).checked })}
          />
          {t('optionsMarginNotes')}
        </label>
        <label class="choice">
          <input
            type="checkbox"
            checked={options.snapToWords}
            onChange={(e) => change({ snapToWords: (e.target as HTMLInputElement).checked })}
          />
          {t('optionsSnapToWords')}
        </label>
      </fieldset>

      <fieldset>
        <legend>{t('optionsPrivate')}</legend>
        <p class="hint">{t('optionsPrivateHint')}</p>
        <label class="choice">
          <input
            type="radio"
            name="private"
            checked={options.privateWindows === 'ignore'}
            onChange={() => change({ privateWindows: 'ignore' })}
          />
          {t('optionsPrivateIgnore')}
        </label>
        <label class="choice">
          <input
            type="radio"
            name="private"
            checked={options.privateWindows === 'keep'}
            onChange={() => change({ privateWindows: 'keep' })}
          />
          {t('optionsPrivateKeep')}
        </label>
      </fieldset>

      <SyncSection />

      <fieldset>
        <legend>{t('optionsReview')}</legend>
        <label>
          {t('optionsReviewPerDay')}{' '}
          <input
            type="number"
            min={1}
            max={50}
            value={options.reviewPerDay}
            onChange={(event) => change({ reviewPerDay: Number((event.target as HTMLInputElement).value) })}
          />
        </label>
      </fieldset>

      <fieldset>
        <legend>{t('optionsPdf')}</legend>
        <label class="choice">
          <input
            type="checkbox"
            checked={options.openPdfs}
            onChange={(e) => change({ openPdfs: (e.target as HTMLInputElement).checked })}
          />
          {t('optionsOpenPdfs')}
        </label>
        <p class="hint">{t('optionsOpenPdfsHint')}</p>
      </fieldset>

      <fieldset>
        <legend>{t('optionsShortcut')}</legend>
        <p class="hint">{t('optionsShortcutHint')}</p>
        <p class="hint">{t('optionsShortcutPanelHint')}</p>
        <button
          type="button"
          onClick={() => void ext.openShortcutSettings().catch((e: unknown) => setStatus(String(e)))}
        >
          {t('optionsOpenShortcuts')}
        </button>
      </fieldset>

      <p class="status" role="status" aria-live="polite">
        {status}
      </p>
    </main>
  );
}
