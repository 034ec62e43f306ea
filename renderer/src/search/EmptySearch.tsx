// No documents found: say so, and what to try.
import { SearchX } from 'lucide-react';
import { useT } from '../i18n/i18n.tsx';

export function EmptySearch({ query, filtered, onClearFilters }: { query: string; filtered: boolean; onClearFilters: () => void }) {
  const { t } = useT();
  return (
    <div className="empty-search">
      <SearchX size={32} aria-hidden="true" />
      <p className="empty-search-title">{t('search.emptyTitle', { query })}</p>
      <ul>
        {filtered && (
          <li>
            {t('search.emptyFilters')}{' '}
            <button type="button" className="link-button" onClick={onClearFilters}>
              {t('search.clearFilters')}
            </button>
          </li>
        )}
        <li>{t('search.emptyFewer')}</li>
        <li>{t('search.emptyOther')}</li>
        <li>{t('search.emptyPhrase')}</li>
      </ul>
    </div>
  );
}
