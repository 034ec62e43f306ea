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

createRoot(root).render(
  <StrictMode>
    <I18nProvider>
      <App client={createClient()} />
    </I18nProvider>
  </StrictMode>,
);
