import 'reflect-metadata';
import { runApp } from '@ofs/platform';
import { authServerApp } from './configure-app';

void runApp(authServerApp);
