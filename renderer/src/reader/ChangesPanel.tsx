// What a new version changed, beside the reader (after Word's reviewing
// pane): which versions are compared, then every change in reading order as
// one row (kind, page, old → new text, amounts flagged), the current one
// chosen; previous/next with their keys. The list is one Tab stop (↑/↓ move,
// Enter goes to the change). ChangeCallout is the small note beside a change
// on the page: what stood there, or where a moved passage came from.
import { ChevronDown, ChevronUp, X } from 'lucide-react';
import { useEffect, useRef, type CSSProperties } from 'react';
import type { ChangeBadge, DocumentChanges, DocumentVersionInfo, VersionChange } from '../../../shared/api.ts';
import { isMoneyAmount } from '../../../shared/change-amount.ts';
import { formatShortDate } from '../../../shared/format.ts';
import { useT } from '../i18n/i18n.tsx';
import type { MessageId } from '../i18n/messages.ts';
import { Badge, IconButton } from '../ui/index.ts';
import { useRovingFocus } from '../ui/roving.ts';
import './changes-panel.css';

export const NEXT_CHANGE_KEY = ']';
export const PREVIOUS_CHANGE_KEY = '[';

interface Props {
  changes: DocumentChanges;
  /** The badge the document had when it was opened: the changes since the user last opened it. */
  badge: ChangeBadge | null;
  current: number | null;
  onSelect: (index: number) => void;
  onStep: (direction: 1 | -1) => void;
  onClose: () => void;
}

/** Where a version came from: the source, and for a package its file or folder name (an API's address says nothing here). */
const sourceName = (version: DocumentVersionInfo) => {
  const file = version.source.kind === 'package' && version.source.origin ? version.source.origin.split(/[\\/]/).filter(Boolean).at(-1) : undefined;
  return file ? `${version.source.name} (${file})` : version.source.name;
};
const kindLabel = (kind: VersionChange['kind']): MessageId => `changes.kind.${kind}`;
const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max).trimEnd()}…` : text);

export function ChangesPanel({ changes, badge, current, onSelect, onStep, onClose }: Props) {
  const { t, language } = useT();
  const list = useRef<HTMLOListElement>(null);
  const roving = useRovingFocus(list, '.change-row', () => list.current?.querySelector<HTMLElement>('.change-row[aria-current="true"]') ?? undefined);
  const count = changes.changes.length;
  useEffect(() => {
    if (current === null) return;
    const row = list.current?.querySelector<HTMLElement>(`.change-row[data-change="${current}"]`);
    row?.scrollIntoView({ block: 'nearest' });
    // The row stepped to takes the list's Tab stop.
    if (row) for (const r of roving.rows()) r.tabIndex = r === row ? 0 : -1;
  }, [current]);
  const { from, to } = changes;
  return (
    <aside className="reader-panel changes-panel" aria-labelledby="changes-heading">
      <div className="changes-head">
        <h3 id="changes-heading">
          {t('changes.panel')} <Badge tone={count > 0 ? 'warning' : 'neutral'}>{count}</Badge>
        </h3>
        {count > 0 && (
          <span className="changes-position" aria-hidden="true">
            {current === null ? '' : t('changes.position', { index: current + 1, count })}
          </span>
        )}
        <IconButton label={t('changes.previous')} shortcut={PREVIOUS_CHANGE_KEY} icon={<ChevronUp size={16} />} size="sm" isDisabled={count === 0} onPress={() => onStep(-1)} />
        <IconButton label={t('changes.next')} shortcut={NEXT_CHANGE_KEY} icon={<ChevronDown size={16} />} size="sm" isDisabled={count === 0} onPress={() => onStep(1)} />
        <IconButton label={t('agenda.closePanel')} icon={<X size={16} />} size="sm" onPress={onClose} />
      </div>
      <p className="changes-context">
        <span>{t('changes.version', { number: to.number, date: formatShortDate(to.createdAt, language), source: sourceName(to) })}</span>
        <span>
          {badge?.since
            ? t('changes.comparedSeen', { number: from.number, date: formatShortDate(badge.since, language) })
            : t('changes.compared', { number: from.number, date: formatShortDate(from.createdAt, language) })}
        </span>
      </p>
      {changes.status === 'identical' && <p className="notice">{t('changes.identical')}</p>}
      {changes.status === 'no-text' && <p className="notice notice-warning">{t('changes.noText')}</p>}
      {changes.status === 'too-large' && <p className="notice notice-warning">{t('changes.tooLarge')}</p>}
      {count > 0 && (
        <ol ref={list} className="changes-list" aria-label={t('changes.list')} onKeyDown={(event) => roving.onKeyDown(event)} onFocus={roving.onFocus}>
          {changes.changes.map((change) => (
            <li key={change.index}>
              <button
                type="button"
                tabIndex={-1}
                className={`change-row change-row--${change.kind}`}
                data-change={change.index}
                aria-current={change.index === current ? 'true' : undefined}
                onClick={() => onSelect(change.index)}
              >
                <span className="change-row__head">
                  <span className="change-kind">
                    <span className="change-dot" aria-hidden="true" />
                    {t(kindLabel(change.kind))}
                  </span>
                  {change.amount && <span className="change-amount-flag">{t(isMoneyAmount(change.amount) ? 'changes.amount' : 'changes.number')}</span>}
                  <span className="change-row__page">
                    {t('changes.page', { page: change.page })}
                    {change.kind === 'moved' && change.oldPage !== change.page && <> · {t('changes.movedFrom', { page: change.oldPage })}</>}
                  </span>
                </span>
                <ChangeText change={change} />
              </button>
            </li>
          ))}
        </ol>
      )}
    </aside>
  );
}

/** Old → new, as tracked changes show it: struck out what went, underlined what came. */
function ChangeText({ change }: { change: VersionChange }) {
  const { t } = useT();
  // Added or deleted text is named by the row's kind; a replacement says which side is which.
  const replaced = change.kind === 'replaced';
  const was = replaced && <span className="visually-hidden">{t('changes.was')} </span>;
  const now = replaced && <span className="visually-hidden">{t('changes.now')} </span>;
  // The amount says it all when the changed words are the amount's own ("1,1" → "1,4" in "€ 1,1 mln" → "€ 1,4 mln").
  const amountOnly = change.amount && change.amount.old.includes(change.oldText) && change.amount.new.includes(change.newText);
  return (
    <>
      {change.amount && (
        <span className="change-amount">
          <span className="visually-hidden">{t('changes.was')} </span>
          <del>{change.amount.old}</del>
          <span aria-hidden="true"> → </span>
          <span className="visually-hidden">{t('changes.now')} </span>
          <ins>{change.amount.new}</ins>
        </span>
      )}
      {!amountOnly && (
        <span className="change-row__text">
          {change.kind === 'moved' ? (
            <span className="change-moved-text">{change.newText}</span>
          ) : (
            <>
              {change.oldText && (
                <>
                  {was}
                  <del>{change.oldText}</del>
                </>
              )}
              {change.oldText && change.newText && <span aria-hidden="true"> → </span>}
              {change.newText && (
                <>
                  {now}
                  <ins>{change.newText}</ins>
                </>
              )}
            </>
          )}
        </span>
      )}
    </>
  );
}

/** Beside a change on the page: its kind, and what stood there (or where a moved passage was). Visual only: the panel says it all in text. */
export function ChangeCallout({ change, style }: { change: VersionChange; style: CSSProperties }) {
  const { t } = useT();
  return (
    <div className={`change-callout change-callout--${change.kind}`} style={style} aria-hidden="true">
      <span className="change-callout__kind">
        {t(kindLabel(change.kind))}
        {change.kind === 'moved' && ` · ${t('changes.movedFrom', { page: change.oldPage })}`}
      </span>
      {change.amount ? (
        <span className="change-amount">
          <del>{change.amount.old}</del> → <ins>{change.amount.new}</ins>
        </span>
      ) : change.kind === 'replaced' || change.kind === 'deleted' ? (
        <span className="change-callout__text">
          {change.kind === 'replaced' && `${t('changes.was')} `}
          <del>{clip(change.oldText, 200)}</del>
        </span>
      ) : null}
    </div>
  );
}
