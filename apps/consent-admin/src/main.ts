import 'reflect-metadata';
import { runApp } from '@ofs/platform';
import { consentAdminApp } from './configure-app';

void runApp(consentAdminApp);
