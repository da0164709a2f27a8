import { useId, useState } from 'preact/hooks';
import { t } from '../shared/i18n';

export interface TagEditorProps {
  tags: string[];
  suggestions: string[];
  onChange(tags: string[]): void;
}

const clean = (tag: string) => tag.trim().replace(/^#/, '').replace(/\s+/g, '-').slice(0, 100);

/** Tags as removable chips, and a field that adds one on Enter or comma, suggesting tags already used. */
export function TagEditor({ tags, suggestions, onChange }: TagEditorProps) {
  const [draft, setDraft] = useState('');
  const listId = useId();
  const add = () => {
    const tag = clean(draft);
    setDraft('');
    if (tag && !tags.includes(tag)) onChange([...tags, tag]);
  };
  return (
    <div class="tags">
      {tags.map((tag) => (
        <span class="tag" key={tag}>
          #{tag}
          <button
            type="button"
            class="tag-remove"
            aria-label={t('removeTag', tag)}
            onClick={() => onChange(tags.filter((t) => t !== tag))}
          >
            ×
          </button>
        </span>
      ))}
      <input
        class="tag-input"
        aria-label={t('addTag')}
        placeholder={t('addTag')}
        list={listId}
        value={draft}
        onInput={(event) => setDraft((event.target as HTMLInputElement).value)}
        onKeyDown={(event) => {
          if (event.key === 'Enter' || event.key === ',') {
            event.preventDefault();
            add();
          }
        }}
        onBlur={add}
      />
      <datalist id={listId}>
        {suggestions
          .filter((s) => !tags.includes(s))
          .slice(0, 50)
          .map((s) => (
            <option key={s} value={s} />
          ))}
      </datalist>
    </div>
  );
}
