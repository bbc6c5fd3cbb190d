import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { isPublicPath } from './routes';
import { StepUpPrompt } from './security/StepUpPrompt';
import { TwoFactorProvider } from './security/TwoFactorContext';
import { SessionProvider } from './session/SessionContext';
import './styles.css';

const el = document.getElementById('root');
if (!el) throw new Error('#root missing');
createRoot(el).render(
  <StrictMode>
    <SessionProvider isPublicPath={isPublicPath}>
      <TwoFactorProvider>
        <App />
        <StepUpPrompt />
      </TwoFactorProvider>
    </SessionProvider>
  </StrictMode>,
);
