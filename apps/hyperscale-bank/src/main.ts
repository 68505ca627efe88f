import 'reflect-metadata';
import { runApp } from '@ofs/platform';
import { hyperscaleBankApp } from './configure-app';

void runApp(hyperscaleBankApp);
