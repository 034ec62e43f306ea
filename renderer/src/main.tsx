// First: zod must not probe eval (see no-eval.ts).
import './no-eval.ts';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createClient } from './api/client.ts';
import { App } from './App.tsx';
import { I18nProvider } from './i18n/i18n.tsx';
// pdf.js's own rules for its text layer (selection and marks over the drawn page).
import 'pdfjs-dist/web/pdf_viewer.css';
import './styles.css';

const root = document.getElementById('root');
if (!root) throw new Error('#root ontbreekt in index.html');

const client = createClient();
createRoot(root).render(
  <StrictMode>
    <I18nProvider client={client}>
      <App client={client} />
    </I18nProvider>
  </StrictMode>,
);
