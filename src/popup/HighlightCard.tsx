import { useState } from 'preact/hooks';
import { t } from '../shared/i18n';
import { type Annotation, quoteOf } from '../shared/types';
import { NoteField } from '../shared/ui/NoteField';
import { ColorPicker } from './ColorPicker';
import { shortDate } from './format';
import { TagEditor } from './TagEditor';

export interface CardActions {
  /** Resolves false when the change could not be stored (the reader has been told). */
  update(annotation: Annotation): Promise<boolean>;
  remove(annotation: Annotation): void;
  jump(annotation: Annotation): void;
  reattach(annotation: Annotation): void;
}

const LONG_QUOTE = 320;

/** One highlight: colour, quote (long ones clamped), note, tags, date and what can be done with it. */
export function HighlightCard({
  annotation,
  orphan,
  suggestions,
  actions,
}: {
  annotation: Annotation;
  orphan: boolean;
  suggestions: string[];
  actions: CardActions;
}) {
  const [expanded, setExpanded] = useState(false);
  const quote = quoteOf(annotation)?.exact ?? '';
  const long = quote.length > LONG_QUOTE;
  const change = (patch: Partial<Annotation>) =>
    actions.update({ ...annotation, ...patch, updatedAt: new Date().toISOString() });
  return (
    <li class={`highlight color-${annotation.color}`}>
      {/* A click on the passage jumps to it in the page, as Jump to does (the button is the keyboard's way). */}
      {/* biome-ignore lint/a11y/useKeyWithClickEvents: the Jump to button below does the same from the keyboard */}
      <blockquote
        class={`quote${long && !expanded ? ' clamped' : ''}${orphan ? '' : ' jumps'}`}
        onClick={orphan ? undefined : () => actions.jump(annotation)}
      >
        {quote}
      </blockquote>
      {long && (
        <button type="button" class="link" aria-expanded={expanded} onClick={() => setExpanded(!expanded)}>
          {expanded ? t('less') : t('more')}
        </button>
      )}
      <NoteField
        label={t('note')}
        placeholder={t('noteFieldPlaceholder')}
        value={annotation.note}
        onSave={(note) => change({ note })}
      />
      <TagEditor tags={annotation.tags} suggestions={suggestions} onChange={(tags) => change({ tags })} />
      <div class="card-actions">
        <ColorPicker value={annotation.color} onChange={(color) => color !== annotation.color && change({ color })} />
        <time class="date" dateTime={annotation.createdAt}>
          {shortDate(annotation.createdAt)}
        </time>
        {orphan ? (
          <button type="button" onClick={() => actions.reattach(annotation)}>
            {t('reattach')}
          </button>
        ) : (
          <button type="button" onClick={() => actions.jump(annotation)}>
            {t('jumpTo')}
          </button>
        )}
        <button type="button" onClick={() => actions.remove(annotation)}>
          {t('delete')}
        </button>
      </div>
    </li>
  );
}
