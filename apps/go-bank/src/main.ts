import 'reflect-metadata';
import { runApp } from '@ofs/platform';
import { goBankApp } from './configure-app';

void runApp(goBankApp);
