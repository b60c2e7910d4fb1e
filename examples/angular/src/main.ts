// Boots the Angular example: zoneless change detection, so no zone.js.
import { provideZonelessChangeDetection } from '@angular/core';
import { bootstrapApplication } from '@angular/platform-browser';
import { BillingTab } from './billing-tab';

bootstrapApplication(BillingTab, { providers: [provideZonelessChangeDetection()] }).catch((error: unknown) => console.error(error));
