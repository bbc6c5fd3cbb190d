import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { isPublicPath } from './routes';
import { SessionProvider } from './session/SessionContext';
import './styles.css';

const el = document.getElementById('root');
if (!el) throw new Error('#root missing');
createRoot(el).render(
  <StrictMode>
    <SessionProvider isPublicPath={isPublicPath}>
      <App />
    </SessionProvider>
  </StrictMode>,
);
