// My motion drafts as a list of links to their editor, with their status.
import type { MotionDraftSummary } from '../../../shared/api.ts';
import { useT } from '../i18n/i18n.tsx';

export function DraftList({ drafts, onOpenMotion }: { drafts: readonly MotionDraftSummary[]; onOpenMotion: (draftId: string) => void }) {
  const { t } = useT();
  if (drafts.length === 0) return null;
  return (
    <ul className="draft-list">
      {drafts.map((d) => (
        <li key={d.id}>
          <button type="button" className="link-button" onClick={() => onOpenMotion(d.id)}>
            {d.kind === 'motie' ? t('motion.motie') : t('motion.amendement')}: {d.title || t('motion.untitled')}
          </button>{' '}
          <span className="badge">{t(`motion.status.${d.status}`)}</span>
        </li>
      ))}
    </ul>
  );
}
