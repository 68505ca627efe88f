import 'reflect-metadata';
import { runApp } from '@ofs/platform';
import { financrooApp } from './configure-app';

void runApp(financrooApp);
