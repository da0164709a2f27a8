import { useRef, useState } from 'preact/hooks';
import { useDebouncedSave } from './use-debounced-save';

export interface NoteFieldProps {
  label: string;
  value: string;
  placeholder: string;
  /** Resolves false when the note could not be stored: it is then saved again at the next edit or blur. */
  onSave(value: string): Promise<boolean>;
}

/**
 * A note edited in place and saved as the reader types (see useDebouncedSave). What the
 * reader typed stays in the field until it is stored: a save that fails leaves it there,
 * unsaved, and the next edit, blur or closing of the popup tries again.
 */
export function NoteField({ label, value, placeholder, onSave }: NoteFieldProps) {
  const [draft, setDraft] = useState(value);
  const [saved, setSaved] = useState(value);
  // A change made elsewhere (the page's toolbar) replaces the draft unless the reader is
  // typing; only a new `value` counts, not our own save catching up (or failing).
  const seen = useRef(value);
  if (value !== seen.current) {
    seen.current = value;
    if (draft === saved) {
      setSaved(value);
      setDraft(value);
    }
  }
  const flush = useDebouncedSave(draft, saved, (next) => {
    void onSave(next).then((stored) => stored && setSaved(next));
  });
  return (
    <textarea
      class="note-field"
      aria-label={label}
      placeholder={placeholder}
      value={draft}
      rows={Math.min(8, Math.max(2, draft.split('\n').length))}
      onInput={(event) => setDraft((event.target as HTMLTextAreaElement).value)}
      onBlur={flush}
    />
  );
}
