// "Gewijzigd: 3 wijzigingen": a document with a new version since the user
// last opened it, wherever the document is listed (agenda, item panel,
// search results, the meeting's list of changed documents).
import { FileDiff } from 'lucide-react';
import type { ChangeBadge } from '../../../shared/api.ts';
import { useT } from '../i18n/i18n.tsx';
import { Badge } from '../ui/index.ts';
import './changes.css';

export function ChangesBadge({ changes, id }: { changes: ChangeBadge; id?: string }) {
  const { t } = useT();
  return (
    <span id={id} className="changes-badge">
      <Badge tone="warning">
        <FileDiff size={12} aria-hidden="true" />
        {changes.status === 'no-text' ? t('changes.badgeNoText') : changes.status === 'too-large' ? t('changes.badgeTooLarge') : t('changes.badge', { n: changes.count })}
      </Badge>
    </span>
  );
}
