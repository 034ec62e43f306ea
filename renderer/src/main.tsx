// First: zod must not probe eval (see no-eval.ts).
import './no-eval.ts';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createClient } from './api/client.ts';
import { I18nProvider } from './i18n/i18n.tsx';
import { VaultGate } from './vault/VaultGate.tsx';
// The design tokens, the font and the kit's styles first; then the app's own rules.
import './ui/index.ts';
import './styles.css';

const root = document.getElementById('root');
if (!root) throw new Error('#root ontbreekt in index.html');

const client = createClient();
createRoot(root).render(
  <StrictMode>
    <I18nProvider client={client}>
      {/* The app only while the store is open; before that the first run or the lock screen. */}
      <VaultGate client={client} />
    </I18nProvider>
  </StrictMode>,
);
