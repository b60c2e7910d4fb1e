// Mounts the React example.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BillingTab } from './billing-tab.js';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <BillingTab />
  </StrictMode>,
);
